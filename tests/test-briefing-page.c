/* test-briefing-page.c — the Briefing view builds its slides and navigates them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "gb-application.h"
#include "gb-briefing-page.h"
#include "gb-error.h"
#include "gb-task-editor.h"
#include "gb-task-row.h"
#include "gb-conclusion-composer.h"
#include "gb-issue-preview.h"
#include "gb-store-meetings.h"
#include "gb-demo.h"
#include "gb-store.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"


static void
test_navigation (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  GListModel *toplevels;  /* owned by GTK */
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_BRIEFING_PAGE, NULL);
  GbBriefingPage *bp = GB_BRIEFING_PAGE (page);
  guint n, windows_before;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  g_assert_cmpuint (gb_briefing_page_get_n_slides (bp), ==, 0);

  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), "2021-09-15");
  gtk_window_present (GTK_WINDOW (window));
  gb_test_spin (200);

  n = gb_briefing_page_get_n_slides (bp);
  g_assert_cmpuint (n, >=, 4);
  g_assert_cmpuint (gb_briefing_page_get_current_slide (bp), ==, 0);
  g_assert_true (gtk_widget_activate_action (page, "briefing.next", NULL));
  g_assert_cmpuint (gb_briefing_page_get_current_slide (bp), ==, 1);
  g_assert_true (gtk_widget_activate_action (page, "briefing.last", NULL));
  g_assert_cmpuint (gb_briefing_page_get_current_slide (bp), ==, n - 1);
  /* At the end "next" is disabled and nothing moves. */
  gtk_widget_activate_action (page, "briefing.next", NULL);
  g_assert_cmpuint (gb_briefing_page_get_current_slide (bp), ==, n - 1);
  g_assert_true (gtk_widget_activate_action (page, "briefing.first", NULL));
  g_assert_cmpuint (gb_briefing_page_get_current_slide (bp), ==, 0);

  /* A new date rebuilds the deck and keeps a valid position. */
  gtk_widget_activate_action (page, "briefing.next", NULL);
  gb_page_set_date (GB_PAGE (page), "2021-12-01");
  g_assert_cmpuint (gb_briefing_page_get_current_slide (bp), <, gb_briefing_page_get_n_slides (bp));

  /* Present opens one more top-level window, full screen. */
  toplevels = gtk_window_get_toplevels ();
  windows_before = g_list_model_get_n_items (toplevels);
  g_assert_true (gtk_widget_activate_action (page, "briefing.present", NULL));
  gb_test_spin (200);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, windows_before + 1);

  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (100);
}

static void
test_composer (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbConclusion) saved = NULL;
  g_autoptr(GbConclusion) issued = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  GbConclusionComposer *composer;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  composer = gb_conclusion_composer_new (NULL, store, "2021-09-15");
  paintable = gtk_widget_paintable_new (GTK_WIDGET (composer));
  gtk_window_set_default_size (GTK_WINDOW (composer), 1000, 900);
  gtk_window_present (GTK_WINDOW (composer));
  gb_test_spin (300);
  {
    /* Saved next to the test for people to look at. */
    g_autoptr(GdkTexture) texture = gb_test_render (GTK_WIDGET (composer), paintable);
    g_autofree char *png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                             "composer.png", NULL);

    g_assert_true (gdk_texture_save_to_png (texture, png));
  }

  g_assert_cmpint (gb_store_latest_conclusion_id (store, NULL, NULL), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.save", NULL));
  id = gb_store_latest_conclusion_id (store, NULL, &error);
  g_assert_cmpint (id, >, 0);
  saved = gb_store_load_conclusion (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->meeting_date, ==, "2021-09-15");
  /* The assessment starts from the generated situation paragraph. */
  g_assert_true (g_str_has_prefix (((GbConclusionSection *) g_ptr_array_index (saved->sections, 0))->body,
                                   "Tính đến hết ngày 15/9/2021, toàn tỉnh"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.issue", NULL));
  issued = gb_store_load_conclusion (store, id, &error);
  g_assert_cmpint (issued->document_id, >, 0);
  g_assert_cmpstr (issued->number, ==, "1-TB/TU");
  /* Issuing again does not make a second notice. */
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.issue", NULL);
  {
    g_autofree char *next = gb_store_next_conclusion_number (store, "2021-09-15", &error);
    g_assert_cmpstr (next, ==, "2-TB/TU");
  }
  gtk_window_destroy (GTK_WINDOW (composer));
  gb_test_spin (50);
}

/* The Issue button shows the final notice first: nothing is numbered until "Issue" there, and
 * then with the number shown (a state form: its own series). */
static void
test_issue_preview (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbConclusion) saved = NULL;
  GbConclusionComposer *composer;
  GtkWidget *preview, *form_row;
  gint64 id;

  g_assert_true (gb_demo_load_if_empty (store, &error));
  composer = gb_conclusion_composer_new (NULL, store, "2021-09-15");
  gtk_window_present (GTK_WINDOW (composer));
  gb_test_spin (200);
  form_row = gb_test_find_named (GTK_WIDGET (composer), "signing-form");
  g_assert_nonnull (form_row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (form_row), 3);   /* TM. BAN CHỈ ĐẠO */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.preview-issue", NULL));
  preview = gb_test_wait_toplevel (GB_TYPE_ISSUE_PREVIEW, 3000);
  g_assert_nonnull (preview);
  g_assert_true (gb_test_find_button (preview, "_Issue as 1/TB-BCĐ"));
  id = gb_store_latest_conclusion_id (store, NULL, &error);
  saved = gb_store_load_conclusion (store, id, &error);
  g_assert_cmpint (saved->document_id, ==, 0);
  g_assert_cmpstr (saved->signing_form, ==, "TM. BAN CHỈ ĐẠO");
  g_assert_cmpstr (saved->signer_title, ==, "TRƯỞNG BAN");
  g_clear_pointer (&saved, gb_conclusion_free);

  g_signal_emit_by_name (preview, "confirmed");
  saved = gb_store_load_conclusion (store, id, &error);
  g_assert_cmpint (saved->document_id, >, 0);
  g_assert_cmpstr (saved->number, ==, "1/TB-BCĐ");
  gtk_window_destroy (GTK_WINDOW (composer));
  gb_test_spin (50);
}

static GtkWidget *
find_check (GtkWidget  *root,
            const char *label)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_CHECK_BUTTON (c) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)), label) == 0)
        return c;
      if ((found = find_check (c, label)) != NULL)
        return found;
    }
  return NULL;
}

/* Hiding a slide in the slide list takes it out of the deck and is remembered in the
 * settings, so a page built later starts with the same arrangement. */
static void
test_slide_arrangement (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  GSettings *settings = gb_application_settings ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_BRIEFING_PAGE, NULL);
  GtkWidget *second;
  GtkWidget *check;
  g_auto(GStrv) hidden = NULL;
  guint n;

  g_assert_no_error (error);
  g_assert_nonnull (settings);
  g_settings_reset (settings, "hidden-slides");
  g_settings_reset (settings, "slide-order");
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gtk_window_set_child (GTK_WINDOW (window), page);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), "2021-09-15");
  gtk_window_present (GTK_WINDOW (window));
  gb_test_spin (100);
  n = gb_briefing_page_get_n_slides (GB_BRIEFING_PAGE (page));
  g_assert_cmpuint (n, >=, 4);

  check = find_check (page, "Districts");
  g_assert_nonnull (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  g_assert_cmpuint (gb_briefing_page_get_n_slides (GB_BRIEFING_PAGE (page)), ==, n - 1);
  hidden = g_settings_get_strv (settings, "hidden-slides");
  g_assert_true (g_strv_contains ((const char * const *) hidden, "districts"));

  second = g_object_new (GB_TYPE_BRIEFING_PAGE, NULL);
  g_object_ref_sink (second);
  gb_page_set_store (GB_PAGE (second), store);
  gb_page_set_date (GB_PAGE (second), "2021-09-15");
  g_assert_cmpuint (gb_briefing_page_get_n_slides (GB_BRIEFING_PAGE (second)), ==, n - 1);

  g_assert_true (gtk_widget_activate_action (page, "briefing.reset-slides", NULL));
  g_assert_cmpuint (gb_briefing_page_get_n_slides (GB_BRIEFING_PAGE (page)), ==, n);
  g_object_unref (second);
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}


/* A task written in the composer's rows, its units picked from the organisations, goes into the
 * draft; a deadline that is not a date stops the save and writes nothing. */
static void
test_task_rows (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbConclusion) saved = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GbConclusionComposer *composer;
  GbTaskEditor *editor;
  GtkWidget *row;
  GbConclusionSection *sec;
  GbConclusionTask *task;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  composer = gb_conclusion_composer_new (NULL, store, "2021-09-15");
  gtk_window_present (GTK_WINDOW (composer));
  gb_test_spin (100);
  editor = GB_TASK_EDITOR (gb_test_find_widget (GTK_WIDGET (composer), GB_TYPE_TASK_EDITOR));
  g_assert_nonnull (editor);
  /* A new draft offers one empty task to write in. */
  g_assert_cmpuint (gb_task_editor_get_n_rows (editor), ==, 1);

  row = gb_test_find_widget (GTK_WIDGET (editor), GB_TYPE_TASK_ROW);
  gb_task_row_set_text (GB_TASK_ROW (row), "Xét nghiệm diện rộng tại các phường có ca mắc", "20/9/2021");
  g_assert_true (gb_task_row_toggle_unit (GB_TASK_ROW (row), "Sở Y tế"));
  g_assert_true (gb_task_row_toggle_unit (GB_TASK_ROW (row), "Công an tỉnh"));
  row = gb_task_editor_add_task (editor);
  gb_task_row_set_text (GB_TASK_ROW (row), "Duy trì các chốt kiểm soát", "thường xuyên");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.save", NULL));
  id = gb_store_latest_conclusion_id (store, NULL, &error);
  g_assert_cmpint (id, >, 0);
  saved = gb_store_load_conclusion (store, id, &error);
  g_assert_no_error (error);
  sec = g_ptr_array_index (saved->sections, 1);
  g_assert_cmpuint (sec->tasks->len, ==, 2);
  task = g_ptr_array_index (sec->tasks, 0);
  g_assert_cmpstr (task->due_date, ==, "2021-09-20");
  g_assert_cmpuint (task->units->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (task->units, 0), ==, "Sở Y tế");
  g_assert_cmpstr (g_ptr_array_index (task->units, 1), ==, "Công an tỉnh");
  task = g_ptr_array_index (sec->tasks, 1);
  g_assert_null (task->due_date);

  /* 31/2 is no date: nothing saved. */
  before = gb_test_fingerprint (path);
  gb_task_row_set_text (GB_TASK_ROW (row), "Duy trì các chốt kiểm soát", "31/2/2021");
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.save", NULL);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);

  gtk_window_destroy (GTK_WINDOW (composer));
  gb_test_spin (50);
}

static void
test_parse_due (void)
{
  static const struct { const char *in; const char *date; const char *words; gboolean ok; } cases[] = {
    { "", NULL, NULL, TRUE },
    { "20/9/2021", "2021-09-20", NULL, TRUE },
    { "05/01/2022", "2022-01-05", NULL, TRUE },
    { "2021-09-20", "2021-09-20", NULL, TRUE },
    { "  thường xuyên ", NULL, "thường xuyên", TRUE },
    { "hằng tuần", NULL, "hằng tuần", TRUE },
    { "31/2/2021", NULL, NULL, FALSE },
    { "20/9", NULL, NULL, FALSE },
    { "trước 20/9/2021 nhé", NULL, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *date = NULL;
      g_autofree char *words = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok = gb_task_row_parse_due (cases[i].in, &date, &words, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpstr (date, ==, cases[i].date);
      g_assert_cmpstr (words, ==, cases[i].words);
      if (!ok)
        g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
    }
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* A missing session bus on test machines only warns; criticals stay fatal. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/briefing-page/navigation", test_navigation);
  g_test_add_func ("/briefing-page/composer", test_composer);
  g_test_add_func ("/briefing-page/issue-preview", test_issue_preview);
  g_test_add_func ("/briefing-page/slide-arrangement", test_slide_arrangement);
  g_test_add_func ("/briefing-page/task-rows", test_task_rows);
  g_test_add_func ("/briefing-page/parse-due", test_parse_due);
  return g_test_run ();
}
