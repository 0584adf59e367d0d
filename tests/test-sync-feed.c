/* test-sync-feed.c — the sync client against the daemon's own feed and push code, served
 * in-process over loopback HTTP, with the shared codec on both sides
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server here is a SoupServer calling gb_sync_feed_page() and gb_sync_push_apply() on a
 * database with the demo province: the same code giaoband runs, without its process, so the
 * scenarios run in every build that has the codec. test-sync-daemon.c runs them against the
 * real giaoband. Every scenario ends with equal checksums of every synced table.
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "gb-demo.h"
#include "gb-error.h"
#include "gb-fault-proxy.h"
#include "gb-notice-parser.h"
#include "gb-store-private.h"
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-sync-client.h"
#include "gb-sync-codec.h"
#include "gb-sync-feed.h"
#include "gb-sync-harness.h"
#include "gb-test-util.h"

/* The sync is cancelled once it reports progress (@cancellable NULL: never). */
static void
cancel_cb (GbSyncClient *client,
           gint64        rows,
           gint64        total,
           double        fraction,
           GCancellable *cancellable)
{
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
}

static guint sync_timeout = 3;

static GbSyncSummary *
sync_with (const char    *db,
           const char    *url,
           guint          page_size,
           GCancellable  *cancel_after_progress,
           GError       **error)
{
  g_autoptr(GbSyncClient) client = gb_sync_client_new (db, url, "token");

  g_object_set (client, "max-attempts", 1, "timeout", sync_timeout, "page-size", page_size, NULL);
  return gb_sync_harness_sync (client, cancel_after_progress, G_CALLBACK (cancel_cb), cancel_after_progress, error);
}

static void
test_scenarios (void)
{
  GbSyncHarnessServer s = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autofree char *c = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) r = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  gint64 item_a, item_b;

  gb_sync_harness_server_start (&s);

  /* Initial sync into empty copies. */
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->pulled, >, 1000);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (b, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (a, s.db, TRUE);
  gb_sync_harness_assert_same (b, s.db, TRUE);

  /* A copy stopped after its first page resumes where it stopped. */
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (c, s.url, 500, cancel, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  {
    g_autoptr(GbStore) sc = gb_store_open (c, &error);

    g_assert_cmpint (gb_store_sync_get_cursor (sc), >, 0);
  }
  r = sync_with (c, s.url, 500, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (c, s.db, TRUE);

  /* Offline edits on A, pushed; B gets them incrementally. */
  sa = gb_store_open (a, &error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  item_a = gb_sync_harness_first_item (sa);
  g_assert_true (gb_store_tracker_set_status (sa, item_a, "in_progress", "A", &error));
  g_assert_true (gb_store_tracker_add_progress (sa, item_a, "2021-09-02", "Đã họp triển khai", "A", &error));
  g_assert_no_error (error);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  /* The item, its status log row and the progress update. */
  g_assert_cmpint (r->pushed, ==, 3);
  g_assert_cmpint (r->conflicts, ==, 0);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (b, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->pulled, >=, 2);
  gb_sync_harness_assert_same (a, s.db, TRUE);
  gb_sync_harness_assert_same (b, s.db, TRUE);

  /* Two copies edit one item: the second is a conflict, kept on B, and every copy agrees. */
  sb = gb_store_open (b, &error);
  g_assert_true (gb_store_sync_enable_outbox (sb, &error));
  item_b = gb_sync_harness_first_item (sb);
  g_assert_true (gb_store_tracker_set_status (sa, item_a, "done", "A", &error));
  g_assert_true (gb_store_tracker_set_status (sb, item_b, "cancelled", "B", &error));
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->pushed, ==, 2);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (b, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  /* The item's status collides; the log keeps B's change as history (it did happen). */
  g_assert_cmpint (r->conflicts, ==, 1);
  g_assert_cmpint (r->pushed, ==, 1);
  conflicts = gb_store_sync_list_conflicts (sb, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_nonnull (strstr (((GbSyncConflict *) conflicts->pdata[0])->client_row, "cancelled"));
  g_assert_nonnull (strstr (((GbSyncConflict *) conflicts->pdata[0])->server_row, "done"));
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (a, s.db, TRUE);
  gb_sync_harness_assert_same (b, s.db, TRUE);

  /* Keeping one's own version sends it again; then it is everybody's. */
  g_assert_true (gb_sync_resolve_conflict (sb, ((GbSyncConflict *) conflicts->pdata[0])->id, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (b, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->pushed, ==, 1);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (a, s.db, TRUE);
  gb_sync_harness_assert_same (b, s.db, TRUE);

  gb_sync_harness_server_stop (&s);
}

static gint64
count_rows (GbStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (gb_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static const char notice_text[] =
  "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19\n"
  "Số: 77/TB-BCĐ\n"
  "THÔNG BÁO\n"
  "Kết luận của Trưởng Ban Chỉ đạo tại cuộc họp giao ban\n"
  "1. Sở Y tế chủ trì tổ chức xét nghiệm diện rộng, hoàn thành trước ngày 15/9/2021.\n"
  "2. Ban Tuyên giáo Tỉnh ủy tăng cường tuyên truyền.\n";

/* A notice imported on one laptop reaches the server and the other laptops, with its items,
 * units and status history; an edit the server cannot take (an item deleted there meanwhile)
 * is rejected on its own, kept with the reason, and the laptop goes on syncing. */
static void
test_import_travels_and_rejection (void)
{
  GbSyncHarnessServer s = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) r = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GbNotice) notice = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *item_uid = NULL;
  g_autofree char *sql = NULL;
  gint64 doc, item, before;

  gb_sync_harness_server_start (&s);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (b, s.url, 2000, NULL, &error);
  g_assert_no_error (error);

  sa = gb_store_open (a, &error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  notice = gb_notice_parse (notice_text, -1, NULL, &error);
  g_assert_no_error (error);
  doc = gb_store_tracker_save_notice (sa, notice, notice_text, "77.txt", "imported", &error);
  g_assert_no_error (error);
  g_assert_cmpint (doc, >, 0);
  sql = g_strdup_printf ("SELECT id FROM items WHERE document_id = %lld AND is_task ORDER BY id LIMIT 1", (long long) doc);
  item = count_rows (sa, sql);
  g_assert_cmpint (item, >, 0);
  g_assert_true (gb_store_tracker_set_status (sa, item, "in_progress", "A", &error));
  before = count_rows (s.store, "SELECT count(*) FROM documents");
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->rejected, ==, 0);
  g_assert_cmpint (count_rows (s.store, "SELECT count(*) FROM documents"), ==, before + 1);
  g_assert_cmpint (count_rows (s.store, "SELECT count(*) FROM item_assignments a JOIN items i ON i.id = a.item_id "
                                        "JOIN documents d ON d.id = i.document_id WHERE d.number = '77/TB-BCĐ'"), >, 0);
  g_assert_cmpint (count_rows (s.store, "SELECT count(*) FROM item_status_log l JOIN items i ON i.id = l.item_id "
                                        "WHERE i.status = 'in_progress' AND l.status = 'in_progress' AND l.author = 'A'"), >=, 1);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (b, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (a, s.db, TRUE);
  gb_sync_harness_assert_same (b, s.db, TRUE);

  /* The notice is withdrawn on the server while A, offline, records progress on its item. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT uid FROM items WHERE id = %lld", (long long) item);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (gb_store_get_db (sa), sql, -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    item_uid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  g_assert_true (gb_store_exec (s.store, "DELETE FROM documents WHERE number = '77/TB-BCĐ'", &error));
  g_assert_true (gb_store_tracker_add_progress (sa, item, "2021-09-05", "Đã xét nghiệm 3 xã", "A", &error));
  g_assert_true (gb_store_tracker_add_progress (sa, gb_sync_harness_first_item (sa), "2021-09-05", "Đã họp", "A", &error));
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->rejected, ==, 1);
  g_assert_cmpint (r->pushed, ==, 1);
  g_assert_cmpint (r->pending, ==, 0);
  conflicts = gb_store_sync_list_conflicts (sa, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((GbSyncConflict *) conflicts->pdata[0])->table, ==, "progress_updates");
  g_assert_nonnull (((GbSyncConflict *) conflicts->pdata[0])->reason);
  g_assert_nonnull (strstr (((GbSyncConflict *) conflicts->pdata[0])->reason, item_uid));
  /* The withdrawal came down in the same sync; every copy agrees again. */
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (b, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (a, s.db, TRUE);
  gb_sync_harness_assert_same (b, s.db, TRUE);

  gb_sync_harness_server_stop (&s);
}

/* A push over the server's body limit goes again in smaller pushes; a change too large even
 * alone is kept aside with the server's message, and the rest goes on. */
static void
test_push_over_body_limit (void)
{
  GbSyncHarnessServer s = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) r = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 item;

  gb_sync_harness_server_start (&s);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  sa = gb_store_open (a, &error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  item = gb_sync_harness_first_item (sa);
  for (guint i = 0; i < 200; i++)
    g_string_append (text, "Đã kiểm tra. ");
  for (guint i = 0; i < 30; i++)
    g_assert_true (gb_store_tracker_add_progress (sa, item, "2021-09-02", text->str, "A", &error));
  g_assert_cmpint (gb_store_sync_outbox_count (sa), ==, 30);
  /* About 3 KB a change: ten at most in one push. */
  s.max_body = 32 * 1024;
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->pushed, ==, 30);
  g_assert_cmpint (r->rejected, ==, 0);
  gb_sync_harness_assert_same (a, s.db, TRUE);

  /* One change alone over the limit, between two that fit. */
  for (guint i = 0; i < 12; i++)
    g_string_append (text, text->str);
  g_assert_cmpuint (text->len, >, s.max_body);
  g_assert_true (gb_store_tracker_add_progress (sa, item, "2021-09-03", "Trước", "A", &error));
  g_assert_true (gb_store_tracker_add_progress (sa, item, "2021-09-03", text->str, "A", &error));
  g_assert_true (gb_store_tracker_add_progress (sa, item, "2021-09-03", "Sau", "A", &error));
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->pushed, ==, 2);
  g_assert_cmpint (r->rejected, ==, 1);
  g_assert_cmpint (r->pending, ==, 0);
  conflicts = gb_store_sync_list_conflicts (sa, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_nonnull (strstr (((GbSyncConflict *) conflicts->pdata[0])->reason, "413"));
  gb_sync_harness_server_stop (&s);
}

static gint64
count_text (const char *db,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (db, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM progress_updates WHERE text = '%s'", text);

  g_assert_no_error (error);
  return count_rows (store, sql);
}

/* Issue 17, defect 5: the server restored from an older backup. Its feed starts a new epoch;
 * the laptop notices, syncs again from the start and sends again the edit the server lost,
 * and ends equal to the server, which has @writes new rows of its own (none: its feed ends
 * before the laptop's cursor, which the epoch explains too). */
static void
restored_server (guint writes)
{
  GbSyncHarnessServer s = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *backup = gb_test_temp_db ();
  g_autofree char *vacuum = g_strdup_printf ("VACUUM INTO '%s'", backup);
  g_autofree char *wal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) r1 = NULL;
  g_autoptr(GbSyncSummary) r2 = NULL;
  g_autoptr(GbSyncSummary) r3 = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  GbStore *sa;

  gb_sync_harness_server_start (&s);
  r1 = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gb_store_exec (s.store, vacuum, &error));
  g_assert_no_error (error);

  /* The laptop's edit reaches the server after the backup. */
  sa = gb_store_open (a, &error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  g_assert_cmpint (gb_store_tracker_add_progress (sa, gb_sync_harness_first_item (sa), "2021-09-04",
                                                  "Đã gửi trước khi khôi phục", "A", &error), >, 0);
  g_assert_no_error (error);
  g_object_unref (sa);
  r2 = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r2->pushed, >=, 1);

  /* The server is restored from the backup (as giaoband restore does), then writes anew. */
  g_clear_object (&s.store);
  wal = g_strconcat (s.db, "-wal", NULL);
  g_unlink (wal);
  from = g_file_new_for_path (backup);
  to = g_file_new_for_path (s.db);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  s.store = gb_store_open (s.db, &error);
  g_assert_no_error (error);
  g_assert_true (gb_sync_feed_install_triggers (s.store, &error));
  g_assert_true (gb_sync_feed_new_epoch (s.store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_text (s.db, "Đã gửi trước khi khôi phục"), ==, 0);
  for (guint i = 0; i < writes; i++)
    {
      g_autofree char *text = g_strdup_printf ("Sau khôi phục %u", i);

      g_assert_cmpint (gb_store_tracker_add_progress (s.store, gb_sync_harness_first_item (s.store), "2021-09-05",
                                                      text, "B", &error), >, 0);
    }

  r3 = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_text (s.db, "Đã gửi trước khi khôi phục"), ==, 1);
  g_assert_cmpint (count_text (a, "Sau khôi phục 4"), ==, writes >= 5 ? 1 : 0);
  gb_sync_harness_assert_same (a, s.db, TRUE);
  gb_sync_harness_server_stop (&s);
}

static void
test_restored_server (void)
{
  restored_server (5);
}

static void
test_restored_server_unwritten (void)
{
  restored_server (0);
}

/* A whole notice imported in @store, its number made unique by @round: every document,
 * recipient, item and assignment of it queued at once. */
static void
import_notice (GbStore *store,
               guint    round)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "notice-conclusion.md", NULL);
  g_autofree char *text = NULL;
  g_autofree char *numbered = NULL;
  g_autofree char *name = g_strdup_printf ("%u.md", round);
  g_autoptr(GbNotice) notice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = g_strdup_printf ("Số: %u-TB/BCĐ", 1000 + round);
  g_auto(GStrv) parts = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  parts = g_strsplit (text, "Số: 45-TB/BCĐ", 2);
  numbered = g_strjoinv (number, parts);
  notice = gb_notice_parse (numbered, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_store_tracker_save_notice (store, notice, numbered, name, "imported", &error), >, 0);
  g_assert_no_error (error);
}

/* Random faults while two copies edit; GB_SYNC_FAULTS, GB_SYNC_SEED, GB_SYNC_BATCH (edits per
 * round, 1 by default; more also imports a whole notice every fifth round). */
static void
test_fault_loop (void)
{
  GbSyncHarnessServer s = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autofree char *url = NULL;
  const char *env_count = g_getenv ("GB_SYNC_FAULTS");
  const char *env_seed = g_getenv ("GB_SYNC_SEED");
  guint faults = env_count ? (guint) g_ascii_strtoull (env_count, NULL, 10) : 50;
  guint32 seed = env_seed ? (guint32) g_ascii_strtoull (env_seed, NULL, 10) : 20210531;
  const char *env_batch = g_getenv ("GB_SYNC_BATCH");
  guint batch = env_batch ? MAX (1, (guint) g_ascii_strtoull (env_batch, NULL, 10)) : 1;
  static const char *statuses[] = { "new", "in_progress", "done", "cancelled" };
  GbFaultProxy *proxy;
  guint fired = 0;

  gb_sync_harness_server_start (&s);
  proxy = gb_fault_proxy_new (s.port, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", gb_fault_proxy_get_port (proxy));
  rand = g_rand_new_with_seed (seed);
  g_test_message ("seed %u, %u faults, %u edits per round", seed, faults, batch);
  sa = gb_store_open (a, &error);
  sb = gb_store_open (b, &error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  g_assert_true (gb_store_sync_enable_outbox (sb, &error));

  for (guint i = 0; i < faults; i++)
    {
      GbStore *edit = g_rand_boolean (rand) ? sa : sb;
      const char *db = edit == sa ? a : b;
      GbFaultKind kind = 1 + g_rand_int_range (rand, 0, GB_FAULT_N_KINDS - 1);
      g_autoptr(GbSyncSummary) r = NULL;
      g_autoptr(GPtrArray) list = gb_store_tracker_list_items (edit, NULL, FALSE, "2021-09-01", NULL);

      for (guint e = 0; list != NULL && list->len > 0 && e < batch; e++)
        {
          GbTrackerItem *it = g_ptr_array_index (list, g_rand_int_range (rand, 0, list->len));
          g_autofree char *text = g_strdup_printf ("Tiến độ %u.%u", i, e);

          gb_store_tracker_set_status (edit, it->id, statuses[g_rand_int_range (rand, 0, 4)], "T", NULL);
          gb_store_tracker_add_progress (edit, it->id, "2021-09-03", text, "T", NULL);
        }
      /* Real-size pushes: a whole notice imported offline is one push of all its rows. */
      if (batch > 1 && i % 5 == 0)
        import_notice (edit, i);
      /* Early cuts hit the small answers of later syncs, late ones the long first pulls. */
      gb_fault_proxy_arm (proxy, kind, g_rand_int_range (rand, 0, kind == GB_FAULT_CUT_REQUEST ? 2000
                                                               : g_rand_boolean (rand) ? 3000 : 200000));
      sync_timeout = 1;   /* a stall costs this */
      r = sync_with (db, url, 1000, NULL, &error);
      sync_timeout = 3;
      fired += gb_fault_proxy_fired (proxy);
      g_test_message ("fault %u (%s): %s", i, gb_fault_kind_name (kind), error ? error->message : "completed");
      if (error != NULL)
        g_assert_true (error->code == GB_ERROR_NETWORK || error->code == GB_ERROR_PARSE);
      g_clear_error (&error);
    }
  g_test_message ("%u of %u faults struck", fired, faults);
  g_assert_cmpuint (fired, >=, faults / 3);

  /* Settle: every copy pushes what it has, then all pull. */
  gb_fault_proxy_arm (proxy, GB_FAULT_NONE, 0);
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GbSyncSummary) r1 = sync_with (a, s.url, 2000, NULL, &error);
      g_autoptr(GbSyncSummary) r2 = NULL;

      g_assert_no_error (error);
      r2 = sync_with (b, s.url, 2000, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpint (gb_store_sync_outbox_count (sa), ==, 0);
  g_assert_cmpint (gb_store_sync_outbox_count (sb), ==, 0);
  gb_sync_harness_assert_same (a, s.db, TRUE);
  gb_sync_harness_assert_same (b, s.db, TRUE);
  gb_fault_proxy_free (proxy);
  gb_sync_harness_server_stop (&s);
}

static char *
item_status (GbStore    *store,
             const char *uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) key = json_from_string (uid, &error);
  g_autoptr(JsonNode) row = NULL;

  g_assert_no_error (error);
  row = gb_sync_codec_encode (store, "items", key, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (row));
  return g_strdup (json_object_get_string_member (json_node_get_object (row), "status"));
}

/* One push of one items change by @client, based on @base_seq; returns "applied" or "conflict". */
static const char *
push_item (GbStore    *store,
           const char *client,
           const char *key,
           const char *status,
           gint64      base_seq)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) k = json_from_string (key, &error);
  g_autoptr(JsonNode) row = gb_sync_codec_encode (store, "items", k, &error);
  g_autofree char *row_text = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *request_text = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *o;

  g_assert_no_error (error);
  json_object_set_string_member (json_node_get_object (row), "status", status);
  row_text = json_to_string (row, FALSE);
  request_text = g_strdup_printf ("{\"client_id\":\"%s\",\"changes\":[{\"id\":\"%s\",\"table\":\"items\","
                                  "\"op\":\"upsert\",\"key\":%s,\"row\":%s,\"base_seq\":%" G_GINT64_FORMAT "}]}",
                                  client, id, key, row_text, base_seq);
  request = json_from_string (request_text, &error);
  g_assert_no_error (error);
  answer = gb_sync_push_apply (store, "thu-ky", request, &error);
  g_assert_no_error (error);
  o = json_node_get_object (answer);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "applied")) +
                    json_array_get_length (json_object_get_array_member (o, "conflicts")), ==, 1);
  return json_array_get_length (json_object_get_array_member (o, "applied")) == 1 ? "applied" : "conflict";
}

/* The push intake: a row changed after base_seq only by the same client is no conflict; a
 * change by another client (or by anyone not pushing) still is. */
static void
test_same_client_push (void)
{
  GbSyncHarnessServer s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *status = NULL;
  sqlite3_stmt *stmt;
  gint64 base;

  gb_sync_harness_server_start (&s);
  base = gb_sync_feed_last (s.store, &error);
  g_assert_no_error (error);
  stmt = gb_store_prepare (s.store, "SELECT key FROM change_log WHERE tbl = 'items' ORDER BY seq LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  /* A edits twice, then a third time, all from the same cursor: no conflict with itself. */
  g_assert_cmpstr (push_item (s.store, "client-a", key, "in_progress", base), ==, "applied");
  g_assert_cmpstr (push_item (s.store, "client-a", key, "done", base), ==, "applied");
  g_assert_cmpstr (push_item (s.store, "client-a", key, "in_progress", base), ==, "applied");
  status = item_status (s.store, key);
  g_assert_cmpstr (status, ==, "in_progress");
  g_clear_pointer (&status, g_free);

  /* B from the same old cursor: A's writes are another client's, a conflict, A's row kept. */
  g_assert_cmpstr (push_item (s.store, "client-b", key, "cancelled", base), ==, "conflict");
  status = item_status (s.store, key);
  g_assert_cmpstr (status, ==, "in_progress");
  g_clear_pointer (&status, g_free);
  /* B's refused edit wrote nothing: A is still the only writer since its cursor. */
  g_assert_cmpstr (push_item (s.store, "client-a", key, "done", base), ==, "applied");

  /* B after pulling writes it; now A's old cursor conflicts with B's write. */
  base = gb_sync_feed_last (s.store, &error);
  g_assert_cmpstr (push_item (s.store, "client-b", key, "cancelled", base), ==, "applied");
  g_assert_cmpstr (push_item (s.store, "client-a", key, "new", base - 1), ==, "conflict");
  g_assert_cmpstr (push_item (s.store, "client-b", key, "done", base - 1), ==, "applied");

  /* A change not pushed by a client (an import, the app on the server's copy) after B's push:
   * B's old cursor conflicts with it. */
  stmt = gb_store_prepare (s.store, "UPDATE items SET status = 'new' WHERE uid = json_extract (?1, '$.uid')", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
  g_assert_cmpstr (push_item (s.store, "client-b", key, "done", base), ==, "conflict");

  /* Every conflict kept with both versions. */
  stmt = gb_store_prepare (s.store, "SELECT count(*) FROM push_conflicts WHERE client_row IS NOT NULL "
                           "AND server_row IS NOT NULL", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 3);
  sqlite3_reset (stmt);
  gb_sync_harness_server_stop (&s);
}

/* The same through the client: A's push goes through but its pull fails; A edits the row again
 * before any pull, and the next sync applies it, no conflict. B, from before both, conflicts
 * and both versions are kept. */
static void
test_same_client_offline (void)
{
  GbSyncHarnessServer s = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) r = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  GbSyncConflict *c;
  gint64 item_a, item_b;
  gint64 cursor;

  gb_sync_harness_server_start (&s);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (b, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, gb_sync_summary_free);

  sa = gb_store_open (a, &error);
  sb = gb_store_open (b, &error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  g_assert_true (gb_store_sync_enable_outbox (sb, &error));
  item_a = gb_sync_harness_first_item (sa);
  item_b = gb_sync_harness_first_item (sb);
  cursor = gb_store_sync_get_cursor (sa);

  g_assert_true (gb_store_tracker_set_status (sa, item_a, "in_progress", "A", &error));
  s.refuse_changes = TRUE;
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, GB_ERROR, GB_ERROR_NETWORK);
  g_clear_error (&error);
  s.refuse_changes = FALSE;
  g_assert_cmpint (gb_store_sync_outbox_count (sa), ==, 0);
  g_assert_cmpint (gb_store_sync_get_cursor (sa), ==, cursor);

  /* The second edit, made before the next pull: based on the same old cursor. */
  g_assert_true (gb_store_tracker_set_status (sa, item_a, "done", "A", &error));
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  /* The item and its status log row. */
  g_assert_cmpint (r->pushed, ==, 2);
  g_assert_cmpint (r->conflicts, ==, 0);
  g_clear_pointer (&r, gb_sync_summary_free);
  conflicts = gb_store_sync_list_conflicts (sa, &error);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  gb_sync_harness_assert_same (a, s.db, TRUE);

  /* B edited from before A's edits: a conflict, the server keeps A's, B keeps its own aside. */
  g_assert_true (gb_store_tracker_set_status (sb, item_b, "cancelled", "B", &error));
  r = sync_with (b, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  /* B's status log row is history and goes in; the item's status is the conflict. */
  g_assert_cmpint (r->pushed, ==, 1);
  g_assert_cmpint (r->conflicts, ==, 1);
  conflicts = gb_store_sync_list_conflicts (sb, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = conflicts->pdata[0];
  g_assert_nonnull (strstr (c->client_row, "\"cancelled\""));
  g_assert_nonnull (strstr (c->server_row, "\"done\""));
  gb_sync_harness_assert_same (b, s.db, TRUE);
  /* A gets B's row of the status log on its next sync. */
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, 2000, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (a, s.db, TRUE);
  gb_sync_harness_server_stop (&s);
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(gboolean *) data = TRUE;
}

/* Runs giaoban-cli sync while this process serves; kills it after @kill_ms (0: never). */
static int
cli_sync (const char *db,
          const char *url,
          guint       kill_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                               &error, g_getenv ("GIAOBAN_CLI"), "--database", db, "sync",
                                               "--server", url, "--page-size", "200", "--attempts", "1", NULL);
  gint64 kill_at = g_get_monotonic_time () + (gint64) kill_ms * 1000;
  gboolean exited = FALSE;

  g_assert_no_error (error);
  g_subprocess_wait_async (p, NULL, exited_cb, &exited);
  while (!exited)
    {
      g_main_context_iteration (NULL, FALSE);
      if (kill_ms > 0 && g_get_monotonic_time () >= kill_at)
        {
          g_subprocess_send_signal (p, SIGKILL);
          kill_ms = 0;
        }
      g_usleep (1000);
    }
  return g_subprocess_get_if_exited (p) ? g_subprocess_get_exit_status (p) : -1;
}

/* The client killed (SIGKILL) at several moments of its first sync: the next run completes
 * and the copy equals the server. */
static void
test_cli_killed (void)
{
  GbSyncHarnessServer s = { 0 };

  if (g_getenv ("GIAOBAN_CLI") == NULL)
    {
      g_test_skip ("GIAOBAN_CLI is not set");
      return;
    }
  gb_sync_harness_server_start (&s);
  for (guint delay = 50; delay <= 1250; delay *= 5)
    {
      g_autofree char *c = gb_test_temp_db ();
      int killed = cli_sync (c, s.url, delay);

      g_test_message ("killed after %u ms: %s", delay, killed == -1 ? "killed" : "had finished");
      g_assert_cmpint (cli_sync (c, s.url, 0), ==, 0);
      gb_sync_harness_assert_same (c, s.db, TRUE);
    }
  gb_sync_harness_server_stop (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gb_test_tolerate_soup_dispose ();
  g_test_add_func ("/sync/feed/scenarios", test_scenarios);
  g_test_add_func ("/sync/feed/import-travels-and-rejection", test_import_travels_and_rejection);
  g_test_add_func ("/sync/feed/restored-server", test_restored_server);
  g_test_add_func ("/sync/feed/restored-server-unwritten", test_restored_server_unwritten);
  g_test_add_func ("/sync/feed/push-over-body-limit", test_push_over_body_limit);
  g_test_add_func ("/sync/feed/same-client-push", test_same_client_push);
  g_test_add_func ("/sync/feed/same-client-offline", test_same_client_offline);
  g_test_add_func ("/sync/feed/fault-loop", test_fault_loop);
  g_test_add_func ("/sync/feed/cli-killed", test_cli_killed);
  return g_test_run ();
}
