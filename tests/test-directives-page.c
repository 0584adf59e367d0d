/* test-directives-page.c — the Directives view edits status, deadline and progress, and shows
 * one unit's items across documents
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <sqlite3.h>

#include "gb-demo.h"
#include "gb-directives-page.h"
#include "gb-store-tracker.h"
#include "gb-store.h"
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

/* The first widget of @type under @root that carries an item id. */
static GtkWidget *
find_item_widget (GtkWidget *root,
                  GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) && g_object_get_data (G_OBJECT (c), "item-id") != NULL)
        return c;
      if ((found = find_item_widget (c, type)) != NULL)
        return found;
    }
  return NULL;
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
    sql = g_strdup_printf ("SELECT count(*) FROM progress_updates WHERE item_id = %lld AND text = 'Đã tổ chức xét nghiệm 3 phường'",
                           (long long) id);
    g_assert_cmpint (query_int (path, sql), ==, 1);
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

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/directives-page/edit", test_edit);
  return g_test_run ();
}
