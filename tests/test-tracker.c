/* test-tracker.c — stored notices: save, reparse, lists, overdue, status log, search
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-error.h"
#include "gb-notice-parser.h"
#include "gb-store-tracker.h"
#include "gb-test-util.h"

#include <json-glib/json-glib.h>

static const char notice_text[] =
  "Số 12-CV/TU\n\nV/v phong tỏa\n\nHà Nam, ngày 10 tháng 8 năm 2021\n\n"
  "Kính gửi: - Các sở, ban, ngành.\n\n"
  "Thực hiện Công văn số 154-CV/TU, ngày 28/4/2021 của Ban Thường vụ Tỉnh ủy.\n"
  "1. Sở Y tế chủ trì, phối hợp với Công an tỉnh phong tỏa khu dân cư trước ngày 15/8.\n"
  "2. Công an tỉnh bảo đảm an ninh trật tự thường xuyên.\n"
  "3. Sở Y tế báo cáo trước ngày 20/9.\n"
  "Nơi nhận:\n- Như trên.\n";

static GbStore *
open_store (char **path)
{
  g_autoptr(GError) error = NULL;
  GbStore *store;

  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_no_error (error);
  return store;
}

static gint64
save (GbStore    *store,
      const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = gb_notice_parse (text, -1, NULL, &error);
  gint64 id;

  g_assert_no_error (error);
  id = gb_store_tracker_save_notice (store, n, text, "t.txt", "imported", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_save_and_list (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  GbTrackerDocument *d;
  GbTrackerItem *it;
  gint64 id = save (store, notice_text);

  docs = gb_store_tracker_list_documents (store, "2021-09-01", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      d = g_ptr_array_index (docs, i);
      if (d->id == id)
        break;
      d = NULL;
    }
  g_assert_nonnull (d);
  g_assert_cmpstr (d->number, ==, "12-CV/TU");
  g_assert_cmpstr (d->date, ==, "2021-08-10");
  g_assert_cmpint (d->n_items, ==, 3);
  g_assert_cmpint (d->n_open, ==, 3);
  g_assert_cmpint (d->n_overdue, ==, 1);

  items = gb_store_tracker_list_items (store, "Sở Y tế", FALSE, "2021-09-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  it = g_ptr_array_index (items, 0);
  g_assert_true (it->overdue);
  g_assert_cmpstr (it->path, ==, "1");
  g_assert_cmpstr (it->due, ==, "2021-08-15");
  g_assert_nonnull (strstr (it->units, "Công an tỉnh"));
  it = g_ptr_array_index (items, 1);
  g_assert_false (it->overdue);

  /* The due day itself is not overdue; the day after is. */
  overdue = gb_store_tracker_list_items (store, "SYT", TRUE, "2021-08-15", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 0);
  g_clear_pointer (&overdue, g_ptr_array_unref);
  overdue = gb_store_tracker_list_items (store, "sở y tế", TRUE, "2021-08-16", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 1);

  /* A done item is no longer overdue, and the log keeps both states. */
  it = g_ptr_array_index (items, 0);
  g_assert_true (gb_store_tracker_set_status (store, it->id, "done", "tester", &error));
  g_assert_no_error (error);
  g_clear_pointer (&overdue, g_ptr_array_unref);
  overdue = gb_store_tracker_list_items (store, "Sở Y tế", TRUE, "2021-09-01", &error);
  g_assert_cmpuint (overdue->len, ==, 0);
  g_assert_false (gb_store_tracker_set_status (store, it->id, "finished", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (gb_store_tracker_set_status (store, 999999, "done", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (gb_store_tracker_add_progress (store, it->id, "2021-08-14", "Đã phong tỏa", "tester", &error));
  g_assert_no_error (error);
  g_assert_false (gb_store_tracker_add_progress (store, it->id, "2021-02-31", "x", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_null (gb_store_tracker_list_items (store, "Không tồn tại", FALSE, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

static void
test_search (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;
  g_autoptr(GPtrArray) none = NULL;
  gboolean item_hit = FALSE;

  save (store, notice_text);
  a = gb_store_tracker_search (store, "phong toa", &error);
  g_assert_no_error (error);
  b = gb_store_tracker_search (store, "phong tỏa", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, >, 0);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    item_hit |= ((GbTrackerHit *) g_ptr_array_index (a, i))->item_id != 0;
  g_assert_true (item_hit);
  /* "đ" folds to "d" too, and query syntax in user input is just text. */
  c = gb_store_tracker_search (store, "dam bao \"an ninh", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->len, >, 0);
  none = gb_store_tracker_search (store, "xyzkhongco", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_failed_save_leaves_nothing (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = gb_notice_parse (notice_text, -1, NULL, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GbNoticeItem *bad;

  g_assert_no_error (error);
  /* An item the schema refuses (level 0 is clamped, so break the text instead) makes the
   * whole save fail after the document row was written. */
  bad = g_ptr_array_index (n->items, 2);
  g_clear_pointer (&bad->text, g_free);
  before = gb_test_fingerprint (path);
  g_assert_cmpint (gb_store_tracker_save_notice (store, n, notice_text, "t.txt", "imported", &error), ==, 0);
  g_assert_error (error, GB_ERROR, GB_ERROR_DATABASE);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_reparse (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 id, first;

  id = gb_store_add_document_text (store, "t.txt", notice_text, "demo", &error);
  g_assert_no_error (error);
  g_assert_true (gb_store_tracker_reparse_document (store, id, &error));
  g_assert_no_error (error);
  /* Twice gives the same items, not twice as many. */
  g_assert_true (gb_store_tracker_reparse_document (store, id, &error));
  g_assert_no_error (error);
  items = gb_store_tracker_list_items (store, "Công an tỉnh", FALSE, "2021-09-01", &error);
  g_assert_no_error (error);
  first = items->len;
  g_assert_cmpint (first, ==, 2);
  g_assert_false (gb_store_tracker_reparse_document (store, 987654, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

static void
test_user_organisation (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbOrganisations) orgs = NULL;

  g_assert_true (gb_store_tracker_add_organisation (store, "Trung tâm Kiểm soát bệnh tật tỉnh", "CDC tỉnh", &error));
  g_assert_no_error (error);
  orgs = gb_store_tracker_get_organisations (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gb_organisations_lookup (orgs, "cdc tỉnh"), ==, "Trung tâm Kiểm soát bệnh tật tỉnh");
  g_assert_cmpstr (gb_organisations_lookup (orgs, "MTTQ"), ==, "Ủy ban MTTQ Việt Nam tỉnh");
}

static void
test_midnight (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) hanoi = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  /* 23:30 UTC on the due day is already the next morning in Hà Nội. */
  g_autoptr(GDateTime) late = g_date_time_new (utc, 2021, 8, 15, 23, 30, 0);
  g_autoptr(GDateTime) before = g_date_time_new (utc, 2021, 8, 15, 16, 59, 59);
  g_autofree char *d1 = gb_tracker_date_in_zone (late, hanoi);
  g_autofree char *d2 = gb_tracker_date_in_zone (late, utc);
  g_autofree char *d3 = gb_tracker_date_in_zone (before, hanoi);
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  g_assert_cmpstr (d1, ==, "2021-08-16");
  g_assert_cmpstr (d2, ==, "2021-08-15");
  g_assert_cmpstr (d3, ==, "2021-08-15");
  save (store, notice_text);
  a = gb_store_tracker_list_items (store, "Sở Y tế", TRUE, d1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 1);
  b = gb_store_tracker_list_items (store, "Sở Y tế", TRUE, d2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (b->len, ==, 0);
}

static int
run_cli (const char  *db,
         char       **out,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) g_getenv ("GIAOBAN_CLI"));
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
test_cli (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "notices", "003_181e12a3a85800c3.txt", NULL);
  g_autofree char *empty = gb_test_write_temp ("empty.txt", "", 0);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *first;
  JsonArray *items;
  guint before;

  if (g_getenv ("GIAOBAN_CLI") == NULL)
    {
      g_test_skip ("GIAOBAN_CLI is not set");
      return;
    }
  g_assert_cmpint (run_cli (db, &out, &err, "import-notice", "--dry-run", "--json", seed, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "number"), ==, "154-CV/TU");
  g_assert_cmpstr (json_object_get_string_member (root, "date"), ==, "2021-04-28");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "references")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "recipients")), ==, 6);
  items = json_object_get_array_member (root, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 12);
  first = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "path"), ==, "1");
  g_assert_cmpint (json_object_get_int_member (first, "level"), ==, 1);
  g_assert_true (json_object_get_boolean_member (first, "is_task"));
  g_assert_cmpstr (json_object_get_string_member (first, "due"), ==, "2021-05-01");
  g_assert_true (json_object_has_member (first, "units"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "import-notice", empty, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "empty"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The database starts with the demo, whose notices are parsed too: count what it has first. */
  g_assert_cmpint (run_cli (db, &out, &err, "items", "--unit", "Ban Tuyên giáo Tỉnh ủy", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  before = json_array_get_length (json_node_get_array (json_parser_get_root (parser)));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "import-notice", seed, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "items", "--unit", "Ban Tuyên giáo Tỉnh ủy", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, before + 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "search", "bau cu", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "item"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "items", "--today", "31/2/2021", NULL), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tracker/save-and-list", test_save_and_list);
  g_test_add_func ("/tracker/search", test_search);
  g_test_add_func ("/tracker/failed-save", test_failed_save_leaves_nothing);
  g_test_add_func ("/tracker/reparse", test_reparse);
  g_test_add_func ("/tracker/user-organisation", test_user_organisation);
  g_test_add_func ("/tracker/midnight", test_midnight);
  g_test_add_func ("/tracker/cli", test_cli);
  return g_test_run ();
}
