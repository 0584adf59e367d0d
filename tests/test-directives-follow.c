/* test-directives-follow.c — the Directives lists follow the data: a notice imported by
 * giaoban-cli (another connection) or through the core's import use case (this one) appears
 * without touching a filter, and an edit in a row keeps the scroll position and the selection
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "gb-demo.h"
#include "gb-directive-item.h"
#include "gb-directives-page.h"
#include "gb-item-row.h"
#include "gb-notice-import.h"
#include "gb-store-tracker.h"
#include "gb-store.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"

static const char conclusion_text[] =
  "Số 30-TB/TU\n\nNinh Thuận, ngày 20 tháng 8 năm 2021\n\nTHÔNG BÁO\nkết luận của Thường trực Tỉnh ủy\n\n"
  "1. Tình hình dịch bệnh trên địa bàn tỉnh cơ bản được kiểm soát.\n"
  "2. Ban Tuyên giáo Tỉnh ủy tuyên truyền trước ngày 25/8/2021.\n"
  "3. Sở Y tế tổng hợp báo cáo trước ngày 16/8/2021.\n";

static guint
count_children (GtkWidget *w)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

/* Spins until the documents list has @n rows, up to @ms milliseconds. */
static gboolean
wait_rows (GtkWidget *list,
           guint      n,
           int        ms)
{
  for (int waited = 0; waited < ms; waited += 50)
    {
      if (count_children (list) == n)
        return TRUE;
      gb_test_spin (50);
    }
  return count_children (list) == n;
}

static void
test_follow_imports (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autofree char *notice = gb_test_write_temp ("30-TB-TU.txt", conclusion_text, -1);
  g_autofree char *second = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbNoticeImport) import = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_DIRECTIVES_PAGE, NULL);
  GtkWidget *docs;
  gint64 shown;
  guint before;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), "2021-11-15");
  gtk_window_present (GTK_WINDOW (window));
  gb_test_spin (200);
  docs = gb_test_find_widget (page, GTK_TYPE_LIST_BOX);
  before = count_children (docs);
  g_assert_cmpuint (before, >, 0);
  shown = gb_directives_page_get_shown_document (GB_DIRECTIVES_PAGE (page));

  /* giaoban-cli writes through its own connection: the list grows by itself. */
  if (g_getenv ("GIAOBAN_CLI") != NULL)
    {
      g_assert_cmpint (gb_test_run_cli (path, &out, &err, "import-notice", notice, NULL), ==, 0);
      g_assert_true (wait_rows (docs, before + 1, 5000));
      before++;
      /* The document being read stays the one shown. */
      g_assert_cmpint (gb_directives_page_get_shown_document (GB_DIRECTIVES_PAGE (page)), ==, shown);
    }

  /* The core's use case, through the app's own store (as a conclusion issued in the app). */
  second = gb_test_write_temp ("31-TB-TU.txt", conclusion_text, -1);
  file = g_file_new_for_path (second);
  import = gb_notice_import_read (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->notice->items->len, ==, 3);
  g_assert_cmpstr (import->source_name, ==, "31-TB-TU.txt");
  g_assert_cmpint (gb_notice_import_save (store, import->notice, import->body, import->source_name, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (wait_rows (docs, before + 1, 5000));
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

/* The due-date entry of the last item row. */
static GtkWidget *
last_due_entry (GtkWidget *items)
{
  GtkWidget *row = gtk_widget_get_last_child (items);
  GtkWidget *entry = gb_test_find_widget (row, GTK_TYPE_ENTRY);

  g_assert_nonnull (entry);
  return entry;
}

static void
test_edit_keeps_place (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GPtrArray) documents = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_DIRECTIVES_PAGE, NULL);
  GtkWidget *docs, *items, *scroller, *entry;
  GtkListBoxRow *selected;
  GtkAdjustment *adj;
  gint64 biggest = 0;
  int most = 0;
  double value;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  documents = gb_store_tracker_list_documents (store, "2021-11-15", &error);
  for (guint i = 0; i < documents->len; i++)
    {
      GbTrackerDocument *d = g_ptr_array_index (documents, i);
      if (d->n_items > most)
        most = d->n_items, biggest = d->id;
    }
  g_assert_cmpint (most, >=, 8);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 420);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), "2021-11-15");
  gtk_window_present (GTK_WINDOW (window));
  gb_test_spin (200);
  gb_directives_page_show_document (GB_DIRECTIVES_PAGE (page), biggest);
  gb_test_spin (200);

  docs = gb_test_find_widget (page, GTK_TYPE_LIST_BOX);
  selected = gtk_list_box_get_selected_row (GTK_LIST_BOX (docs));
  g_assert_nonnull (selected);
  items = gtk_widget_get_parent (gb_test_find_widget (page, GB_TYPE_ITEM_ROW));
  g_assert_cmpuint (count_children (items), ==, most);
  entry = last_due_entry (items);
  scroller = gtk_widget_get_ancestor (items, GTK_TYPE_SCROLLED_WINDOW);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, gtk_adjustment_get_page_size (adj));

  /* Scrolled to the end, the last item's deadline changed: the list stays where it was. */
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  gb_test_spin (100);
  value = gtk_adjustment_get_value (adj);
  g_assert_cmpfloat (value, >, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "30/12/2021");
  g_signal_emit_by_name (entry, "activate");
  for (int i = 0; i < 100 && last_due_entry (items) == entry; i++)
    gb_test_spin (50);
  gb_test_spin (200);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (last_due_entry (items))), ==, "30/12/2021");
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adj) - value), <, 2);
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (docs)) == selected);
  g_assert_cmpint (gb_directives_page_get_shown_document (GB_DIRECTIVES_PAGE (page)), ==, biggest);
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

/* Search: each hit once, with its document's name and the stored text (its "đ" kept, no raw
 * FTS markers); opening one shows its document with the item selected and in view. */
static void
test_search (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_DIRECTIVES_PAGE, NULL);
  GtkWidget *entry, *results = NULL, *items, *scroller;
  GtkListBoxRow *hit, *selected = NULL;
  GtkAdjustment *adj;
  graphene_rect_t bounds;
  guint n = 0;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 500);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), "2021-11-15");
  gtk_window_present (GTK_WINDOW (window));
  gb_test_spin (200);
  entry = gb_test_find_widget (page, GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "dang");
  gb_test_spin (100);

  /* The results' list is the visible list box that holds no item rows. */
  for (GtkWidget *w = gtk_widget_get_parent (gtk_widget_get_parent (gb_test_find_widget (page, GB_TYPE_ITEM_ROW)));
       w != NULL && results == NULL; w = NULL)
    for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_LIST_BOX (c) && gtk_widget_get_visible (c))
        results = c;
  g_assert_nonnull (results);
  for (GtkWidget *row = gtk_widget_get_first_child (results); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gb_test_find_widget (row, GTK_TYPE_LABEL);
      const char *text = gtk_label_get_text (GTK_LABEL (label));

      g_assert_null (strchr (text, '['));
      g_assert_nonnull (strchr (text, '\n'));   /* the document's name, then the text */
      g_assert_false (g_hash_table_contains (seen, text));
      g_hash_table_add (seen, g_strdup (text));
      if (strstr (text, "Đảng") != NULL || strstr (text, "đảng") != NULL)
        n++;
      g_assert_null (strstr (text, "Dảng"));
    }
  g_assert_cmpuint (n, >, 0);

  /* Open the last hit: its document, its item selected and shown. */
  hit = GTK_LIST_BOX_ROW (gtk_widget_get_last_child (results));
  g_signal_emit_by_name (results, "row-activated", hit);
  gb_test_spin (300);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  items = gtk_widget_get_parent (gb_test_find_widget (page, GB_TYPE_ITEM_ROW));
  for (int i = 0; i < 40 && selected == NULL; i++, gb_test_spin (50))
    selected = gtk_list_box_get_selected_row (GTK_LIST_BOX (items));
  g_assert_nonnull (selected);
  gb_test_spin (200);
  scroller = gtk_widget_get_ancestor (items, GTK_TYPE_SCROLLED_WINDOW);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (selected), scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, -1);
  g_assert_cmpfloat (bounds.origin.y, <, gtk_adjustment_get_page_size (adj));
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

/* The demo's notices without a number are named by what they say, not by their file names. */
static void
test_titles (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GPtrArray) docs = NULL;
  guint unnumbered = 0;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  docs = gb_store_tracker_list_documents (store, "2021-11-15", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      const GbTrackerDocument *d = g_ptr_array_index (docs, i);
      g_autofree char *title = gb_directive_document_title (d);

      g_test_message ("%s", title);
      g_assert_null (strstr (title, ".txt"));
      if (d->number == NULL)
        {
          /* A sentence of the notice, not a kind alone ("Văn bản"). */
          g_assert_cmpuint (g_utf8_strlen (title, -1), >, 40);
          unnumbered++;
        }
    }
  g_assert_cmpuint (unnumbered, >=, 2);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/directives-follow/imports", test_follow_imports);
  g_test_add_func ("/directives-follow/edit-keeps-place", test_edit_keeps_place);
  g_test_add_func ("/directives-follow/search", test_search);
  g_test_add_func ("/directives-follow/titles", test_titles);
  return g_test_run ();
}
