/* test-briefing-page.c — the Briefing view builds its slides and navigates them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "gb-application.h"
#include "gb-briefing-page.h"
#include "gb-conclusion-composer.h"
#include "gb-store-meetings.h"
#include "gb-demo.h"
#include "gb-store.h"
#include "gb-test-util.h"

static void
spin (int ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

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
  spin (200);

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
  spin (200);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, windows_before + 1);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
}

static void
test_composer (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbConclusion) saved = NULL;
  g_autoptr(GbConclusion) issued = NULL;
  GbConclusionComposer *composer;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  composer = gb_conclusion_composer_new (NULL, store, "2021-09-15");
  gtk_window_present (GTK_WINDOW (composer));
  spin (100);

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
  spin (50);
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
  spin (100);
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
  spin (50);
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
  g_test_add_func ("/briefing-page/slide-arrangement", test_slide_arrangement);
  return g_test_run ();
}
