/* test-documents.c — a notice imported twice, and a document deleted and restored (Undo), in
 * the core, through giaoban-cli and through the sync to giaoband
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gb-error.h"
#include "gb-notice-import.h"
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-store-trash.h"
#include "gb-sync-client.h"
#include "gb-sync-codec.h"
#include "gb-sync-harness.h"
#include "gb-test-util.h"

static const char notice_text[] =
  "UBND TỈNH A\nSố: 120/UBND-VX\nV/v tăng cường phòng, chống dịch\nA, ngày 5 tháng 8 năm 2021\n\n"
  "Kính gửi: Các sở, ban, ngành.\n\n"
  "1. Sở Y tế chủ trì xét nghiệm, báo cáo trước ngày 15/8/2021.\n"
  "2. Công an tỉnh phối hợp với Sở Y tế kiểm soát các chốt.\n\n"
  "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n";

static GbNotice *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  GbNotice *n = gb_notice_parse (text, -1, NULL, &error);

  g_assert_no_error (error);
  return n;
}

static gint64
count (GbStore    *store,
       const char *table)
{
  g_autofree char *path = g_strdup (gb_store_get_path (store));
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The same number, issuer and date, or the same text, is the same notice. */
static void
test_duplicate_core (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbNotice) n = parse (notice_text);
  g_autoptr(GbNotice) other = parse ("UBND TỈNH A\nSố: 121/UBND-VX\nA, ngày 5 tháng 8 năm 2021\n\n1. Thực hiện.\n");
  g_autofree char *retyped = g_strconcat (notice_text, "\n", NULL);
  gint64 first, id;

  g_assert_no_error (error);
  /* The demo's sample of the same notice does not count. */
  g_assert_cmpint (gb_store_tracker_save_notice (store, n, notice_text, "demo.txt", "demo", &error), >, 0);
  g_assert_cmpint (gb_notice_import_find_duplicate (store, n, notice_text, &error), ==, 0);
  g_assert_true (gb_store_delete_document (store, 1, &error));
  first = gb_notice_import_save_as (store, n, notice_text, "cv120.txt", GB_NOTICE_IMPORT_REFUSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first, >, 0);

  /* The same facts from another file's text; the same text with its facts corrected. */
  g_assert_cmpint (gb_notice_import_find_duplicate (store, n, retyped, &error), ==, first);
  g_free (n->number);
  n->number = g_strdup ("120/UBND-KGVX");
  g_assert_cmpint (gb_notice_import_find_duplicate (store, n, notice_text, &error), ==, first);
  g_assert_cmpint (gb_notice_import_find_duplicate (store, n, retyped, &error), ==, 0);
  g_free (n->number);
  n->number = g_strdup ("120/UBND-VX");
  /* Another number of the same issuer and day is another notice. */
  g_assert_cmpint (gb_notice_import_find_duplicate (store, other, "x", &error), ==, 0);

  /* Refused: nothing written, and the message says which document. */
  g_assert_cmpint (gb_notice_import_save_as (store, n, retyped, "again.txt", GB_NOTICE_IMPORT_REFUSE, &error), ==, 0);
  g_assert_error (error, GB_ERROR, GB_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "120/UBND-VX"));
  g_clear_error (&error);
  g_assert_cmpint (count (store, "documents"), ==, 1);

  /* Kept both, then replaced: every copy goes, one is left. */
  id = gb_notice_import_save_as (store, n, retyped, "again.txt", GB_NOTICE_IMPORT_KEEP_BOTH, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "documents"), ==, 2);
  id = gb_notice_import_save_as (store, n, notice_text, "third.txt", GB_NOTICE_IMPORT_REPLACE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count (store, "documents"), ==, 1);
  g_assert_cmpint (count (store, "items"), ==, 2);
  g_assert_cmpint (gb_notice_import_find_duplicate (store, n, notice_text, &error), ==, id);
  g_unlink (path);
}

/* giaoban-cli import-notice refuses a duplicate unless told --replace or --keep-both. */
static void
test_duplicate_cli (void)
{
  g_autofree char *db = NULL;
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (g_getenv ("GIAOBAN_CLI") == NULL)
    {
      g_test_skip ("GIAOBAN_CLI is not set");
      return;
    }
  db = gb_test_temp_db ();
  file = gb_test_write_temp ("cv120.txt", notice_text, -1);
  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "import-notice", file, NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-notice", file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already stored"));
  g_assert_nonnull (strstr (err, "--replace"));
  g_assert_nonnull (strstr (err, "--keep-both"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, NULL, &err, "import-notice", "--replace", "--keep-both", file, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "import-notice", "--keep-both", file, NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "import-notice", "--replace", file, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, NULL, "documents", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "120/UBND-VX"));
  g_assert_null (strstr (strstr (out, "120/UBND-VX") + 1, "120/UBND-VX"));
}

/* Every synced row of the store, encoded: what "restored exactly" compares. */
static char *
synced_rows (GbStore *store)
{
  g_autofree char *checksums = gb_sync_harness_checksums (gb_store_get_path (store), FALSE);
  return g_steal_pointer (&checksums);
}

/* Deleted with its items, their progress and links; Undo brings back the same rows. */
static void
test_delete_undo (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbNotice) n = parse (notice_text);
  g_autoptr(GbNotice) citing = parse ("UBND HUYỆN B\nSố: 9/UBND\n\nThực hiện Công văn số 120/UBND-VX ngày 5/8/2021 của UBND tỉnh, "
                                      "UBND huyện yêu cầu:\n1. Trạm Y tế các xã thực hiện.\n");
  g_autoptr(GbDeletedDocument) deleted = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id, item, restored;

  g_assert_no_error (error);
  g_assert_true (gb_store_sync_enable_outbox (store, &error));
  id = gb_notice_import_save (store, n, notice_text, "cv120.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_notice_import_save (store, citing, "citing", "cv9.txt", &error), >, 0);
  item = gb_sync_harness_first_item (store);
  g_assert_true (gb_store_tracker_set_status (store, item, "in_progress", "thu-ky", &error));
  g_assert_true (gb_store_tracker_add_progress (store, item, "2021-08-06", "Đã lấy 500 mẫu", "thu-ky", &error));
  g_assert_no_error (error);
  before = synced_rows (store);

  deleted = gb_store_trash_document (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_deleted_document_get_n_rows (deleted), >, 6);
  g_assert_cmpint (count (store, "documents"), ==, 1);
  g_assert_cmpint (count (store, "progress_updates"), ==, 0);
  g_assert_nonnull (gb_deleted_document_get_uid (deleted));
  g_assert_cmpint (gb_store_sync_outbox_count (store), >, 0);
  /* Gone twice is an error naming the document, and changes nothing. */
  g_assert_null (gb_store_trash_document (store, id, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  restored = gb_store_trash_restore (store, deleted, &error);
  g_assert_no_error (error);
  g_assert_cmpint (restored, >, 0);
  after = synced_rows (store);
  g_assert_cmpstr (after, ==, before);
  g_unlink (path);
}

/* The deletion reaches the server and the other laptop; so does the Undo. */
static void
test_delete_syncs (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbNotice) n = parse (notice_text);
  g_autoptr(GbDeletedDocument) deleted = NULL;
  GbSyncSummary *s;
  gint64 id;

  if (g_getenv ("GIAOBAND") == NULL)
    {
      g_test_skip ("GIAOBAND is not set");
      return;
    }
  gb_sync_harness_daemon_setup (&d, FALSE);
#define SYNC(db) \
  do { \
    g_autoptr(GbSyncClient) c = gb_sync_client_new (db, d.url, d.token); \
    g_object_set (c, "max-attempts", 1, "timeout", 5, NULL); \
    s = gb_sync_client_sync (c, NULL, &error); \
    g_assert_no_error (error); \
    gb_sync_summary_free (s); \
  } while (0)
  SYNC (a);
  SYNC (b);
  sa = gb_store_open (a, &error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  id = gb_notice_import_save (sa, n, notice_text, "cv120.txt", &error);
  g_assert_no_error (error);
  SYNC (a);
  SYNC (b);
  gb_sync_harness_assert_same (b, d.db, FALSE);
  gb_sync_harness_assert_same (a, d.db, FALSE);

  deleted = gb_store_trash_document (sa, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_store_sync_outbox_count (sa), >=, 1);
  SYNC (a);
  g_assert_cmpint (gb_store_sync_outbox_count (sa), ==, 0);
  SYNC (b);
  gb_sync_harness_assert_same (a, d.db, FALSE);
  gb_sync_harness_assert_same (b, d.db, FALSE);
  {
    g_autoptr(GbStore) sb = gb_store_open (b, &error);
    g_autoptr(GPtrArray) docs = gb_store_tracker_list_documents (sb, "2021-08-10", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (docs->len, ==, 0);
  }

  g_assert_cmpint (gb_store_trash_restore (sa, deleted, &error), >, 0);
  g_assert_no_error (error);
  SYNC (a);
  SYNC (b);
  gb_sync_harness_assert_same (a, d.db, FALSE);
  gb_sync_harness_assert_same (b, d.db, FALSE);
  {
    g_autoptr(GbStore) sb = gb_store_open (b, &error);
    g_autoptr(GPtrArray) docs = gb_store_tracker_list_documents (sb, "2021-08-10", &error);
    g_assert_cmpuint (docs->len, ==, 1);
  }
#undef SYNC
  gb_sync_harness_daemon_teardown (&d);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/documents/duplicate/core", test_duplicate_core);
  g_test_add_func ("/documents/duplicate/cli", test_duplicate_cli);
  g_test_add_func ("/documents/delete/undo", test_delete_undo);
  g_test_add_func ("/documents/delete/syncs", test_delete_syncs);
  return g_test_run ();
}
