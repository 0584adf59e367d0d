/* test-directives-page.c — the Directives view edits status, deadline and progress, and shows
 * one unit's items across documents
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gb-error.h"

#include "gb-demo.h"
#include "gb-directives-page.h"
#include "gb-notice-parser.h"
#include "gb-notice-review.h"
#include "gb-store-sync.h"
#include "gb-report-actions.h"
#include "gb-store-tracker.h"
#include "gb-store.h"
#include "gb-sync-harness.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"

static int
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The first widget of @type under @root whose data @key is @id (any id when @id is 0). */
static GtkWidget *
find_with_id (GtkWidget  *root,
              GType       type,
              const char *key,
              gint64      id)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      gint64 value = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (c), key));
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) && value != 0 && (id == 0 || value == id))
        return c;
      if ((found = find_with_id (c, type, key, id)) != NULL)
        return found;
    }
  return NULL;
}

/* The first widget of @type under @root that carries an item id. */
static GtkWidget *
find_item_widget (GtkWidget *root,
                  GType      type)
{
  return find_with_id (root, type, "item-id", 0);
}

static void
test_edit (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_DIRECTIVES_PAGE, NULL);
  GtkWidget *dropdown, *entry;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), "2021-11-15");
  gtk_window_present (GTK_WINDOW (window));
  gb_test_spin (200);

  /* Status: the first item of the open document, set to done in its drop-down. */
  dropdown = find_item_widget (page, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dropdown), "item-id"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 2);
  gb_test_spin (100);
  sql = g_strdup_printf ("SELECT count(*) FROM items WHERE id = %lld AND status = 'done'", (long long) id);
  g_assert_cmpint (query_int (path, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM item_status_log WHERE item_id = %lld AND status = 'done'", (long long) id);
  g_assert_cmpint (query_int (path, sql), ==, 1);

  /* Deadline: a bad date writes nothing and marks the entry; a good one is saved. */
  entry = find_item_widget (page, GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (entry), "item-id"));
  before = gb_test_fingerprint (path);
  gtk_editable_set_text (GTK_EDITABLE (entry), "31/2/2021");
  g_signal_emit_by_name (entry, "activate");
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "30/11/2021");
  g_signal_emit_by_name (entry, "activate");
  gb_test_spin (100);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM items WHERE id = %lld AND due_date = '2021-11-30'", (long long) id);
  g_assert_cmpint (query_int (path, sql), ==, 1);

  /* Progress: through the item's popover button. */
  {
    GtkWidget *add = find_item_widget (page, GTK_TYPE_BUTTON);
    GtkEditable *text;

    while (add != NULL && g_object_get_data (G_OBJECT (add), "text") == NULL)
      add = NULL;
    g_assert_nonnull (add);
    id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (add), "item-id"));
    text = g_object_get_data (G_OBJECT (add), "text");
    gtk_editable_set_text (text, "Đã tổ chức xét nghiệm 3 phường");
    g_signal_emit_by_name (add, "clicked");
    gb_test_spin (100);
    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT count(*) FROM progress_updates WHERE item_id = %lld AND text = 'Đã tổ chức xét nghiệm 3 phường' "
                           "AND date = '2021-11-15'", (long long) id);
    g_assert_cmpint (query_int (path, sql), ==, 1);

    /* Another day: a bad date writes nothing and says why; a good one is saved with its date and
     * becomes the row's latest progress. */
    for (int i = 0; i < 100 && find_item_widget (page, GTK_TYPE_BUTTON) == add; i++)
      gb_test_spin (50);
    add = find_item_widget (page, GTK_TYPE_BUTTON);
    g_assert_cmpint ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (add), "item-id")), ==, id);
    g_assert_nonnull (gb_test_find_named (gtk_widget_get_ancestor (add, GTK_TYPE_LIST_BOX_ROW), "progress"));
    gtk_editable_set_text (g_object_get_data (G_OBJECT (add), "text"), "Đã phun khử khuẩn");
    gtk_editable_set_text (g_object_get_data (G_OBJECT (add), "date"), "30/2/2021");
    g_clear_pointer (&before, g_free);
    before = gb_test_fingerprint (path);
    g_signal_emit_by_name (add, "clicked");
    g_clear_pointer (&after, g_free);
    after = gb_test_fingerprint (path);
    g_assert_cmpstr (before, ==, after);
    g_assert_true (gtk_widget_get_visible (g_object_get_data (G_OBJECT (add), "message")));
    gtk_editable_set_text (g_object_get_data (G_OBJECT (add), "date"), "16/11/2021");
    g_signal_emit_by_name (add, "clicked");
    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT count(*) FROM progress_updates WHERE item_id = %lld AND date = '2021-11-16'", (long long) id);
    g_assert_cmpint (query_int (path, sql), ==, 1);
  }

  /* History: the item's popover lists its statuses and progress, newest first. */
  {
    GtkWidget *popover = NULL;
    g_autoptr(GPtrArray) events = NULL;

    for (int i = 0; i < 100 && popover == NULL; i++)
      {
        gb_test_spin (50);
        popover = find_with_id (page, GTK_TYPE_POPOVER, "item-id", id);
      }
    g_assert_nonnull (popover);
    gtk_popover_popup (GTK_POPOVER (popover));
    gb_test_spin (100);
    g_assert_true (gb_test_find_label (popover, "Progress for 16/11/2021: Đã phun khử khuẩn"));
    g_assert_true (gb_test_find_label (popover, "Progress for 15/11/2021: Đã tổ chức xét nghiệm 3 phường"));
    gtk_popover_popdown (GTK_POPOVER (popover));
    events = gb_store_tracker_item_history (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (events->len, >=, 2);
    g_assert_cmpstr (((GbTrackerEvent *) events->pdata[0])->text, ==, "Đã phun khử khuẩn");
  }

  /* One unit's view: only its items, from every document. */
  gb_directives_page_show_unit (GB_DIRECTIVES_PAGE (page), "Ban Tuyên giáo Tỉnh ủy", FALSE);
  {
    g_autoptr(GPtrArray) expected = gb_store_tracker_list_items (store, "Ban Tuyên giáo Tỉnh ủy", FALSE, "2021-11-15", &error);
    guint shown = 0;
    GtkWidget *list = NULL;

    g_assert_no_error (error);
    dropdown = find_item_widget (page, GTK_TYPE_DROP_DOWN);
    if (dropdown != NULL)
      {
        list = dropdown;
        while (list != NULL && !GTK_IS_LIST_BOX (list))
          list = gtk_widget_get_parent (list);
        for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
          shown++;
      }
    g_assert_cmpuint (shown, ==, expected->len);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

static const char conclusion_text[] =
  "Số 30-TB/TU\n\nNinh Thuận, ngày 20 tháng 8 năm 2021\n\nTHÔNG BÁO\nkết luận của Thường trực Tỉnh ủy\n\n"
  "Thực hiện Công văn số 154-CV/TU, ngày 28/4/2021 của Ban Thường vụ Tỉnh ủy.\n"
  "1. Tình hình dịch bệnh trên địa bàn tỉnh cơ bản được kiểm soát.\n"
  "2. Ban Tuyên giáo Tỉnh ủy tuyên truyền trước ngày 25/8/2021.\n"
  "3. Sở Y tế tổng hợp báo cáo trước ngày 16/8/2021.\n";

static GtkWidget *
open_page (GbStore     *store,
           GtkWidget  **window)
{
  GtkWidget *page = g_object_new (GB_TYPE_DIRECTIVES_PAGE, NULL);

  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), page);
  gtk_window_set_default_size (GTK_WINDOW (*window), 1200, 800);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), "2021-08-18");
  gtk_window_present (GTK_WINDOW (*window));
  gb_test_spin (150);
  return page;
}

static GtkListBox *
items_list (GtkWidget *page)
{
  /* The item list is the list box whose accessible label is "Items": the second list box. */
  GtkWidget *docs = gb_test_find_widget (page, GTK_TYPE_LIST_BOX);
  GtkWidget *w = docs;

  while (w != NULL && (w == docs || !GTK_IS_LIST_BOX (w)))
    {
      GtkWidget *next = gtk_widget_get_first_child (w) && w != docs ? gtk_widget_get_first_child (w) : NULL;

      if (next == NULL)
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w ? gtk_widget_get_next_sibling (w) : NULL;
        }
      else
        w = next;
    }
  g_assert_nonnull (w);
  return GTK_LIST_BOX (w);
}

static guint
count_item_rows (GtkWidget *page)
{
  GtkListBox *list = items_list (page);
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (find_item_widget (row, GTK_TYPE_DROP_DOWN) != NULL)
      n++;
  return n;
}

static guint
expected (GbStore               *store,
          const GbTrackerFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = gb_store_tracker_query_items (store, filter, "2021-08-18", &error);

  g_assert_no_error (error);
  return items->len;
}

/* One unit's view offers its reminder report and printing; the whole tracker the states report.
 * Printing goes through GtkPrintOperation (to a PDF here) with the unit and its tasks. */
static void
test_unit_reports (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autofree char *pdf = NULL;
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  GtkWidget *window, *page;

  g_assert_true (gb_demo_load_if_empty (store, &error));
  page = open_page (store, &window);
  g_assert_true (gtk_widget_get_visible (gb_test_find_named (page, "states-report")));
  g_assert_false (gtk_widget_get_visible (gb_test_find_named (page, "unit-report")));
  gb_directives_page_show_unit (GB_DIRECTIVES_PAGE (page), "Ban Tuyên giáo Tỉnh ủy", FALSE);
  gb_test_spin (100);
  g_assert_true (gtk_widget_get_visible (gb_test_find_named (page, "unit-report")));
  g_assert_true (gtk_widget_get_visible (gb_test_find_named (page, "unit-print")));
  g_assert_false (gtk_widget_get_visible (gb_test_find_named (page, "states-report")));

  pdf = g_build_filename (g_get_tmp_dir (), "gb-unit-print.pdf", NULL);
  g_assert_true (gb_report_print_unit (page, store, "Ban Tuyên giáo Tỉnh ủy", "2021-10-01", pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  if (tool != NULL)
    {
      g_assert_true (g_spawn_sync (NULL, (char *[]) { tool, "-enc", "UTF-8", pdf, "-", NULL }, NULL, G_SPAWN_DEFAULT,
                                   NULL, NULL, &text, NULL, NULL, &error));
      g_assert_nonnull (strstr (text, "PHIẾU NHẮC VIỆC"));
      g_assert_nonnull (strstr (text, "Ban Tuyên giáo Tỉnh ủy"));
    }
  g_unlink (pdf);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_filters (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbNotice) n = NULL;
  GtkWidget *window, *page;
  GtkWidget *status, *kind, *week, *overdue, *clear;
  GbTrackerFilter f = { 0 };
  gint64 tb;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  n = gb_notice_parse (conclusion_text, -1, NULL, &error);
  tb = gb_store_tracker_save_notice (store, n, conclusion_text, "tb.txt", "imported", &error);
  g_assert_no_error (error);
  page = open_page (store, &window);

  status = gb_test_find_named (page, "status-filter");
  kind = gb_test_find_named (page, "kind-filter");
  week = gb_test_find_named (page, "week-filter");
  overdue = gb_test_find_named (page, "overdue-filter");
  clear = gb_test_find_named (page, "clear-filters");
  g_assert_nonnull (status);
  g_assert_nonnull (kind);
  g_assert_nonnull (week);
  g_assert_nonnull (overdue);
  g_assert_nonnull (clear);
  g_assert_false (gtk_widget_get_sensitive (clear));

  /* The newest document is shown first: the conclusion, its 3 items in reading order. */
  g_assert_cmpint (gb_directives_page_get_shown_document (GB_DIRECTIVES_PAGE (page)), ==, tb);
  g_assert_cmpuint (count_item_rows (page), ==, 3);

  /* Open items across documents: "Open" is the first status after "Any status". */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), 1);
  gb_test_spin (50);
  f.status = "open";
  g_assert_cmpuint (count_item_rows (page), ==, expected (store, &f));
  g_assert_cmpint (gb_directives_page_get_shown_document (GB_DIRECTIVES_PAGE (page)), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (clear));

  /* And of one kind: the conclusion notices. */
  {
    GListModel *kinds = gtk_drop_down_get_model (GTK_DROP_DOWN (kind));
    guint at = 0;

    for (guint i = 1; i < g_list_model_get_n_items (kinds); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (kinds), i), "thông báo kết luận") == 0)
        at = i;
    g_assert_cmpuint (at, >, 0);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), at);
  }
  gb_test_spin (50);
  f.kind = "thông báo kết luận";
  g_assert_cmpuint (count_item_rows (page), ==, 3);
  g_assert_cmpuint (count_item_rows (page), ==, expected (store, &f));

  /* Overdue on 18/8: item 3 (16/8). This week (16–22/8): the same item. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (overdue), TRUE);
  gb_test_spin (50);
  g_assert_cmpuint (count_item_rows (page), ==, 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (overdue), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (week), TRUE);
  gb_test_spin (50);
  f.due_this_week = TRUE;
  g_assert_cmpuint (count_item_rows (page), ==, expected (store, &f));
  g_assert_cmpuint (count_item_rows (page), ==, 1);

  /* Clear Filters goes back to the document. */
  g_signal_emit_by_name (clear, "clicked");
  gb_test_spin (50);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (week)));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (status)), ==, 0);
  g_assert_cmpint (gb_directives_page_get_shown_document (GB_DIRECTIVES_PAGE (page)), ==, tb);
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

/* The button under @root that opens document @id (a link in the document's header). */
static GtkWidget *
find_link (GtkWidget *root,
           gint64     id)
{
  return find_with_id (root, GTK_TYPE_BUTTON, "document-id", id);
}

static void
test_links_and_units (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbNotice) n = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *sql = NULL;
  GtkWidget *window, *page, *link, *save, *leads, *coop;
  gint64 tb, cv = 0, item;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  n = gb_notice_parse (conclusion_text, -1, NULL, &error);
  tb = gb_store_tracker_save_notice (store, n, conclusion_text, "tb.txt", "imported", &error);
  g_assert_no_error (error);
  docs = gb_store_tracker_list_documents (store, NULL, &error);
  for (guint i = 0; i < docs->len; i++)
    if (g_strcmp0 (((GbTrackerDocument *) g_ptr_array_index (docs, i))->number, "154-CV/TU") == 0)
      cv = ((GbTrackerDocument *) g_ptr_array_index (docs, i))->id;
  g_assert_cmpint (cv, >, 0);
  page = open_page (store, &window);

  /* The conclusion implements 154-CV/TU: a button goes there… */
  gb_directives_page_show_document (GB_DIRECTIVES_PAGE (page), tb);
  link = find_link (page, cv);
  g_assert_nonnull (link);
  g_signal_emit_by_name (link, "clicked");
  gb_test_spin (50);
  g_assert_cmpint (gb_directives_page_get_shown_document (GB_DIRECTIVES_PAGE (page)), ==, cv);

  /* … and 154-CV/TU shows it is implemented by the conclusion. */
  link = find_link (page, tb);
  g_assert_nonnull (link);
  g_signal_emit_by_name (link, "clicked");
  gb_test_spin (50);
  g_assert_cmpint (gb_directives_page_get_shown_document (GB_DIRECTIVES_PAGE (page)), ==, tb);

  /* Units, edited in the first item's popover: an abbreviation and a co-operating unit. */
  save = gb_test_find_named (page, "save-units");
  g_assert_nonnull (save);
  item = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (save), "units-item"));
  leads = g_object_get_data (G_OBJECT (save), "leads");
  coop = g_object_get_data (G_OBJECT (save), "cooperating");
  gtk_editable_set_text (GTK_EDITABLE (leads), "SYT");
  gtk_editable_set_text (GTK_EDITABLE (coop), "Công an tỉnh; Ban Tuyên giáo Tỉnh ủy");
  g_signal_emit_by_name (save, "clicked");
  /* The rows are rebuilt from an idle: wait for the new ones (the machine may be loaded). */
  for (int i = 0; i < 100 && gb_test_find_named (page, "save-units") == save; i++)
    gb_test_spin (50);
  sql = g_strdup_printf ("SELECT count(*) FROM item_assignments a JOIN organisations o ON o.id = a.organisation_id "
                         "WHERE a.item_id = %lld AND ((o.name = 'Sở Y tế' AND a.role = 'lead') OR a.role = 'cooperate')",
                         (long long) item);
  g_assert_cmpint (query_int (path, sql), ==, 3);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM item_assignments WHERE item_id = %lld", (long long) item);
  g_assert_cmpint (query_int (path, sql), ==, 3);
  /* The row shows them, leads first, once the page refreshed. */
  save = gb_test_find_named (page, "save-units");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (save), "leads"))), ==, "Sở Y tế");
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

static GtkWidget *
review_field (GbNoticeReview *review,
              guint           index,
              const char     *name)
{
  GtkWidget *w = gb_test_find_named (gb_notice_review_get_item_row (review, index), name);

  g_assert_nonnull (w);
  return w;
}

static void
test_review (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  GbNoticeReview *review;
  GtkWidget *due, *remove;
  gint64 id;
  gboolean destroyed = FALSE;

  g_assert_no_error (error);

  /* Cancel writes nothing. */
  before = gb_test_fingerprint (path);
  review = gb_notice_review_new (store, gb_notice_parse (conclusion_text, -1, NULL, NULL), conclusion_text, "tb.txt");
  g_signal_connect_swapped (review, "destroy", G_CALLBACK (g_nullify_pointer), &review);
  gtk_window_present (GTK_WINDOW (review));
  gb_test_spin (50);
  g_assert_cmpuint (gb_notice_review_get_n_items (review), ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (review), "review.cancel", NULL);
  gb_test_spin (50);
  g_assert_null (review);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);

  /* A bad deadline keeps the window open, says why, and writes nothing. */
  review = gb_notice_review_new (store, gb_notice_parse (conclusion_text, -1, NULL, NULL), conclusion_text, "tb.txt");
  g_object_ref_sink (review);
  g_signal_connect_swapped (review, "destroy", G_CALLBACK (g_nullify_pointer), &destroyed);
  gtk_window_present (GTK_WINDOW (review));
  gb_test_spin (50);
  due = review_field (review, 1, "due");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (due)), ==, "25/08/2021");
  gtk_editable_set_text (GTK_EDITABLE (due), "31/2/2021");
  gtk_widget_activate_action (GTK_WIDGET (review), "review.save", NULL);
  gb_test_spin (50);
  g_assert_false (destroyed);
  g_assert_true (gtk_widget_has_css_class (due, "error"));
  g_clear_pointer (&after, g_free);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (gb_notice_review_save (review, &error), ==, 0);
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Corrections: a deadline, units, the task flag, an item left out, the number. */
  gtk_editable_set_text (GTK_EDITABLE (due), "30/8/2021");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (review_field (review, 0, "task")), TRUE);
  remove = review_field (review, 2, "remove");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (remove), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (review_field (review, 1, "leads")), "Ban Tuyên giáo Tỉnh ủy; MTTQ");
  gtk_editable_set_text (GTK_EDITABLE (review_field (review, 1, "cooperating")), "Công an tỉnh");
  {
    GtkTextBuffer *text = gtk_text_view_get_buffer (GTK_TEXT_VIEW (review_field (review, 1, "text")));
    gtk_text_buffer_set_text (text, "Ban Tuyên giáo Tỉnh ủy và MTTQ tuyên truyền.", -1);
  }
  g_assert_false (gb_notice_review_get_item_row (review, 0) == NULL);
  id = gb_notice_review_save (review, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  sql = g_strdup_printf ("SELECT count(*) FROM items WHERE document_id = %lld", (long long) id);
  g_assert_cmpint (query_int (path, sql), ==, 2);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM items WHERE document_id = %lld AND path = '1' AND is_task = 1", (long long) id);
  g_assert_cmpint (query_int (path, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM items WHERE document_id = %lld AND path = '2' AND due_date = '2021-08-30' "
                         "AND text = 'Ban Tuyên giáo Tỉnh ủy và MTTQ tuyên truyền.'", (long long) id);
  g_assert_cmpint (query_int (path, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM items i JOIN item_assignments a ON a.item_id = i.id "
                         "JOIN organisations o ON o.id = a.organisation_id WHERE i.document_id = %lld AND i.path = '2' "
                         "AND ((a.role = 'lead' AND o.name IN ('Ban Tuyên giáo Tỉnh ủy', 'Ủy ban MTTQ Việt Nam tỉnh')) "
                         "  OR (a.role = 'cooperate' AND o.name = 'Công an tỉnh'))", (long long) id);
  g_assert_cmpint (query_int (path, sql), ==, 3);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM documents WHERE id = %lld AND number = '30-TB/TU' AND date = '2021-08-20'", (long long) id);
  g_assert_cmpint (query_int (path, sql), ==, 1);
  gtk_window_destroy (GTK_WINDOW (review));
  g_object_unref (review);
  gb_test_spin (50);
}

/* A pasted report with thousands of items: the first ones for correction, all of them saved. */
static void
test_review_large (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GString) text = g_string_new ("Số 31-TB/TU\n\nNinh Thuận, ngày 21 tháng 8 năm 2021\n\n");
  g_autofree char *sql = NULL;
  GbNoticeReview *review;
  gint64 id;

  g_assert_no_error (error);
  for (int i = 1; i <= 2000; i++)
    g_string_append_printf (text, "%d. Sở Y tế báo cáo nội dung %d trước ngày 30/8/2021.\n", i, i);
  review = gb_notice_review_new (store, gb_notice_parse (text->str, -1, NULL, NULL), text->str, "large.txt");
  g_object_ref_sink (review);
  g_assert_cmpuint (gb_notice_review_get_n_items (review), <, 2000);
  g_assert_cmpuint (gb_notice_review_get_n_items (review), >, 0);
  gtk_editable_set_text (GTK_EDITABLE (review_field (review, 0, "due")), "31/8/2021");
  id = gb_notice_review_save (review, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT count(*) FROM items WHERE document_id = %lld", (long long) id);
  g_assert_cmpint (query_int (path, sql), ==, 2000);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM items WHERE document_id = %lld AND due_date = '2021-08-31'", (long long) id);
  g_assert_cmpint (query_int (path, sql), ==, 1);
  gtk_window_destroy (GTK_WINDOW (review));
  g_object_unref (review);
}

static void
test_import_file (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autofree char *text = gb_test_write_temp ("30-TB-TU.txt", conclusion_text, -1);
  g_autofree char *binary = gb_test_write_temp ("scan.txt", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  g_autoptr(GFile) file = g_file_new_for_path (text);
  g_autoptr(GFile) bad = g_file_new_for_path (binary);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *window, *page, *review, *dialog;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  page = open_page (store, &window);

  /* An image (a scan): a message, nothing written, no review. */
  before = gb_test_fingerprint (path);
  gb_directives_page_import_file (GB_DIRECTIVES_PAGE (page), bad);
  dialog = gb_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000);
  g_assert_nonnull (dialog);
  /* A scanned page says it needs OCR, not just that it is not text. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "image"));
  g_assert_null (gb_test_wait_toplevel (GB_TYPE_NOTICE_REVIEW, 200));
  gtk_window_destroy (GTK_WINDOW (dialog));
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);

  /* A notice: the review opens; saving it shows the new document on the page. */
  gb_directives_page_import_file (GB_DIRECTIVES_PAGE (page), file);
  review = gb_test_wait_toplevel (GB_TYPE_NOTICE_REVIEW, 5000);
  g_assert_nonnull (review);
  g_assert_cmpuint (gb_notice_review_get_n_items (GB_NOTICE_REVIEW (review)), ==, 3);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (review)) == GTK_WINDOW (window));
  gtk_widget_activate_action (review, "review.save", NULL);
  gb_test_spin (100);
  g_assert_null (gb_test_wait_toplevel (GB_TYPE_NOTICE_REVIEW, 10));
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM documents WHERE number = '30-TB/TU' AND source_name = '30-TB-TU.txt'"), ==, 1);
  g_assert_cmpint (gb_directives_page_get_shown_document (GB_DIRECTIVES_PAGE (page)), ==,
                   query_int (path, "SELECT id FROM documents WHERE number = '30-TB/TU'"));
  g_assert_cmpuint (count_item_rows (page), ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

/* Importing the same notice again asks Replace or Keep Both; Delete asks, then Undo restores. */
static void
test_duplicate_and_delete (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autofree char *text = gb_test_write_temp ("30-TB-TU.txt", conclusion_text, -1);
  g_autoptr(GFile) file = g_file_new_for_path (text);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *window, *page, *review, *dialog;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (gb_store_sync_enable_outbox (store, &error));
  page = open_page (store, &window);
  for (guint round = 0; round < 3; round++)
    {
      gb_directives_page_import_file (GB_DIRECTIVES_PAGE (page), file);
      review = gb_test_wait_toplevel (GB_TYPE_NOTICE_REVIEW, 5000);
      g_assert_nonnull (review);
      gtk_widget_activate_action (review, "review.save", NULL);
      gb_test_spin (50);
      if (round == 0)
        continue;
      /* Round 1 keeps both, round 2 replaces both copies with one. */
      dialog = gb_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 2000);
      g_assert_nonnull (dialog);
      g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "replace"));
      g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "keep-both"));
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), round == 1 ? "keep-both" : "replace");
      gb_test_spin (100);
      g_assert_null (gb_test_wait_toplevel (GB_TYPE_NOTICE_REVIEW, 10));
      g_assert_cmpint (query_int (path, "SELECT count(*) FROM documents WHERE number = '30-TB/TU'"), ==, round == 1 ? 2 : 1);
    }

  /* Delete: asked first (Cancel keeps it), then gone with its items, queued for the sync. */
  id = query_int (path, "SELECT id FROM documents WHERE number = '30-TB/TU'");
  gb_directives_page_show_document (GB_DIRECTIVES_PAGE (page), id);
  before = gb_sync_harness_checksums (path, TRUE);
  gtk_widget_activate_action (page, "directives.delete-document", NULL);
  dialog = gb_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 2000);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gb_test_spin (50);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM documents WHERE number = '30-TB/TU'"), ==, 1);
  gtk_widget_activate_action (page, "directives.delete-document", NULL);
  dialog = gb_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 2000);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gb_test_spin (50);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM documents WHERE number = '30-TB/TU'"), ==, 0);
  /* The two copies Replace took away, and this one. */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM outbox WHERE tbl = 'documents' AND op = 'delete'"), ==, 3);

  /* Undo (the toast's button, or Ctrl+Z): the same rows again. */
  gtk_widget_activate_action (page, "directives.undo-delete", NULL);
  gb_test_spin (50);
  after = gb_sync_harness_checksums (path, TRUE);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (gb_directives_page_get_shown_document (GB_DIRECTIVES_PAGE (page)), ==,
                   query_int (path, "SELECT id FROM documents WHERE number = '30-TB/TU'"));
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

/* The fields the parser was unsure of are marked for the person to check, until edited. */
static void
test_review_unsure (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  static const char ocr[] =
    "UY BAN NHAN DAN\nHUYEN HIEP HOA\n\nSo 601/UBND-YT\nV/v trien khai mot so nhiem vu cap bach phong, chong dich\n\n"
    "1. Cac co quan, don vi thuc hien nghiem viec cach ly toan xa hoi trong vong 15 ngay tren pham vi toan huyen.\n"
    "2. Dung toan bo hoat dong van chuyen hanh khach cong cong tren dia ban huyen.\n";
  GbNoticeReview *review;
  GtkWidget *number, *leads;

  g_assert_no_error (error);
  review = gb_notice_review_new (store, gb_notice_parse (ocr, -1, NULL, NULL), ocr, "ocr.txt");
  g_object_ref_sink (review);
  gtk_window_present (GTK_WINDOW (review));
  gb_test_spin (50);
  number = gb_test_find_named (GTK_WIDGET (review), "number");
  g_assert_true (gtk_widget_has_css_class (number, "warning"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (number), "Check this"));
  leads = review_field (review, 0, "leads");
  g_assert_true (gtk_widget_has_css_class (leads, "warning"));
  gtk_editable_set_text (GTK_EDITABLE (leads), "UBND huyện");
  g_assert_false (gtk_widget_has_css_class (leads, "warning"));
  gtk_window_destroy (GTK_WINDOW (review));
  g_object_unref (review);

  /* A clean notice marks nothing. */
  review = gb_notice_review_new (store, gb_notice_parse (conclusion_text, -1, NULL, NULL), conclusion_text, "tb.txt");
  g_object_ref_sink (review);
  g_assert_false (gtk_widget_has_css_class (gb_test_find_named (GTK_WIDGET (review), "number"), "warning"));
  gtk_window_destroy (GTK_WINDOW (review));
  g_object_unref (review);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/directives-page/edit", test_edit);
  g_test_add_func ("/directives-page/filters", test_filters);
  g_test_add_func ("/directives-page/unit-reports", test_unit_reports);
  g_test_add_func ("/directives-page/links-and-units", test_links_and_units);
  g_test_add_func ("/directives-page/review", test_review);
  g_test_add_func ("/directives-page/review-large", test_review_large);
  g_test_add_func ("/directives-page/import-file", test_import_file);
  g_test_add_func ("/directives-page/duplicate-and-delete", test_duplicate_and_delete);
  g_test_add_func ("/directives-page/review-unsure", test_review_unsure);
  return g_test_run ();
}
