/* test-sync-daemon.c — the sync client against the real giaoband on a loopback port
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every scenario ends with the same check: the synced tables of each copy and of the
 * server's database have the same checksum.
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "gb-demo.h"
#include "gb-error.h"
#include "gb-fault-proxy.h"
#include "gb-level-engine.h"
#include "gb-store-levels.h"
#include "gb-store-reporting.h"
#include "gb-store-review.h"
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-store-units-history.h"
#include "gb-sync-client.h"
#include "gb-sync-feed.h"
#include "gb-sync-harness.h"
#include "gb-test-pg.h"
#include "gb-test-util.h"

/* The PostgreSQL cluster the fault loop runs against (GB_SYNC_DAEMON_PG=1), else empty. */
static GbTestPg pg;

static GbSyncSummary *
sync_once (const char  *db,
           GbSyncHarnessDaemon *d,
           const char  *url,
           GError     **error)
{
  g_autoptr(GbSyncClient) client = gb_sync_client_new (db, url ? url : d->url, d->token);

  g_object_set (client, "max-attempts", 1, "timeout", 2, "page-size", 500, NULL);
  return gb_sync_client_sync (client, NULL, error);
}

static void
test_initial_push_conflict (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  gint64 item_a, item_b;

  gb_sync_harness_daemon_setup (&d, TRUE);

  /* Initial sync into two empty copies. */
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->pulled, >, 1000);
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (b, &d, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (a, d.db, FALSE);
  gb_sync_harness_assert_same (b, d.db, FALSE);

  /* Offline edits on A, then a push; B gets them on its next (incremental) sync. */
  sa = gb_store_open (a, &error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  item_a = gb_sync_harness_first_item (sa);
  g_assert_true (gb_store_tracker_set_status (sa, item_a, "in_progress", "A", &error));
  g_assert_true (gb_store_tracker_add_progress (sa, item_a, "2021-09-02", "Đã họp triển khai", "A", &error));
  g_assert_no_error (error);
  /* The item, its status log row and the progress update. */
  g_assert_cmpint (gb_store_sync_outbox_count (sa), ==, 3);
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->pushed, ==, 3);
  g_assert_cmpint (gb_store_sync_outbox_count (sa), ==, 0);
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (b, &d, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->pulled, >=, 2);
  g_assert_cmpint (s->pulled, <, 100);
  gb_sync_harness_assert_same (a, d.db, FALSE);
  gb_sync_harness_assert_same (b, d.db, FALSE);

  /* Both edit the same item: the second push is a conflict, surfaced on B. */
  sb = gb_store_open (b, &error);
  g_assert_true (gb_store_sync_enable_outbox (sb, &error));
  item_b = gb_sync_harness_first_item (sb);
  g_assert_true (gb_store_tracker_set_status (sa, item_a, "done", "A", &error));
  g_assert_true (gb_store_tracker_set_status (sb, item_b, "cancelled", "B", &error));
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->pushed, ==, 2);
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (b, &d, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->conflicts, ==, 1);
  conflicts = gb_store_sync_list_conflicts (sb, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_nonnull (strstr (((GbSyncConflict *) conflicts->pdata[0])->client_row, "cancelled"));
  g_assert_nonnull (strstr (((GbSyncConflict *) conflicts->pdata[0])->server_row, "done"));
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (a, d.db, FALSE);
  gb_sync_harness_assert_same (b, d.db, FALSE);

  gb_sync_harness_daemon_teardown (&d);
}

/* One text column of the item @id of copy @a, found by uid in database @db. */
static char *
item_field (const char *db,
            const char *a,
            gint64      id,
            const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM items WHERE uid = "
                                          "(SELECT uid FROM other.items WHERE id = ?1)", column);
  g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS other", a);
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (conn, attach, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

/* Two laptops edit one item offline: different fields merge without a conflict; only a field
 * both changed is a conflict, showing that field's two versions and none other, and the other
 * fields of the edit still reach the server (issue 17). Edits used to conflict as whole rows. */
static void
test_field_merge (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *out = NULL;
  g_autofree char *status = NULL;
  g_autofree char *due = NULL;
  gint64 item_a, item_b;

  gb_sync_harness_daemon_setup (&d, TRUE);
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (b, &d, NULL, &error);
  g_assert_no_error (error);
  sa = gb_store_open (a, &error);
  sb = gb_store_open (b, &error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  g_assert_true (gb_store_sync_enable_outbox (sb, &error));
  item_a = gb_sync_harness_first_item (sa);
  item_b = gb_sync_harness_first_item (sb);

  /* Different fields: A the status, B the due date. */
  g_assert_true (gb_store_tracker_set_status (sa, item_a, "in_progress", "A", &error));
  g_assert_true (gb_store_tracker_set_due (sb, item_b, "2021-12-31", &error));
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (b, &d, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->conflicts, ==, 0);
  g_assert_cmpint (gb_store_sync_outbox_count (sb), ==, 0);
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  status = item_field (d.db, a, item_a, "status");
  due = item_field (d.db, a, item_a, "due_date");
  g_assert_cmpstr (status, ==, "in_progress");
  g_assert_cmpstr (due, ==, "2021-12-31");
  gb_sync_harness_assert_same (a, d.db, TRUE);
  gb_sync_harness_assert_same (b, d.db, TRUE);

  /* The same field on both (and B's due date again): only the status conflicts. */
  g_assert_true (gb_store_tracker_set_status (sa, item_a, "done", "A", &error));
  g_assert_true (gb_store_tracker_set_status (sb, item_b, "cancelled", "B", &error));
  g_assert_true (gb_store_tracker_set_due (sb, item_b, "2022-01-15", &error));
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (b, &d, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->conflicts, ==, 1);
  conflicts = gb_store_sync_list_conflicts (sb, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  fields = gb_sync_conflict_fields (conflicts->pdata[0]);
  g_assert_cmpuint (fields->len, ==, 1);
  g_assert_cmpstr (((GbSyncField *) fields->pdata[0])->name, ==, "status");
  g_assert_cmpstr (((GbSyncField *) fields->pdata[0])->mine, ==, "\"cancelled\"");
  g_assert_cmpstr (((GbSyncField *) fields->pdata[0])->theirs, ==, "\"done\"");
  g_assert_cmpint (gb_test_run_cli (b, &out, NULL, "conflicts", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "status"));
  g_assert_nonnull (strstr (out, "\"cancelled\""));
  g_assert_null (strstr (out, "due_date"));
  /* B's due date reached the server; the status is the server's until a person chooses. */
  g_clear_pointer (&status, g_free);
  g_clear_pointer (&due, g_free);
  status = item_field (d.db, a, item_a, "status");
  due = item_field (d.db, a, item_a, "due_date");
  g_assert_cmpstr (status, ==, "done");
  g_assert_cmpstr (due, ==, "2022-01-15");
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (a, d.db, TRUE);
  gb_sync_harness_assert_same (b, d.db, TRUE);

  gb_sync_harness_daemon_teardown (&d);
}

static gboolean
openssl (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) p = NULL;
  const char *arg = first;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "openssl");
  va_start (args, first);
  for (; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  p = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                         G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
  return p != NULL && g_subprocess_wait (p, NULL, NULL) && g_subprocess_get_successful (p);
}

/* A throwaway certificate authority in @dir (ca.pem), and a certificate for 127.0.0.1 it signed
 * (server.pem, server.key); another authority (other.pem) that signed nothing of ours. */
static gboolean
make_private_ca (const char *dir)
{
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *ca_key = g_build_filename (dir, "ca.key", NULL);
  g_autofree char *other = g_build_filename (dir, "other.pem", NULL);
  g_autofree char *other_key = g_build_filename (dir, "other.key", NULL);
  g_autofree char *key = g_build_filename (dir, "server.key", NULL);
  g_autofree char *csr = g_build_filename (dir, "server.csr", NULL);
  g_autofree char *cert = g_build_filename (dir, "server.pem", NULL);
  g_autofree char *ext = g_build_filename (dir, "server.ext", NULL);
  g_autofree char *serial = g_build_filename (dir, "ca.srl", NULL);

  return g_file_set_contents (ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n", -1, NULL) &&
         openssl ("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2",
                  "-subj", "/CN=Test Province CA", "-addext", "basicConstraints=critical,CA:TRUE",
                  "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL) &&
         openssl ("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", other_key, "-out", other, "-days", "2",
                  "-subj", "/CN=Another CA", "-addext", "basicConstraints=critical,CA:TRUE", NULL) &&
         openssl ("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1", NULL) &&
         openssl ("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAserial", serial, "-CAcreateserial",
                  "-out", cert, "-days", "2", "-extfile", ext, NULL);
}

/* giaoband serving HTTPS with a certificate of the province's own authority: the client
 * trusts it only when given that authority (--ca-file), and says why otherwise (issue 17). */
static void
test_private_ca (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *dir = g_path_get_dirname (db);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *other = g_build_filename (dir, "other.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "server.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "server.key", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such.pem", NULL);
  const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!make_private_ca (dir))
    {
      g_test_skip ("openssl is not available to make a certificate authority");
      return;
    }
  d.args = args;
  gb_sync_harness_daemon_setup (&d, TRUE);
  g_assert_true (g_str_has_prefix (d.url, "https://"));

  /* The system's authorities do not know the province's. */
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "sync", "--server", d.url, "--token-file", d.token_file,
                                    "--attempts", "1", NULL), ==, 1);
  g_test_message ("without --ca-file: %s", err);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  /* Nor does another authority. */
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "sync", "--server", d.url, "--token-file", d.token_file,
                                    "--attempts", "1", "--ca-file", other, NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "sync", "--server", d.url, "--token-file", d.token_file,
                                    "--attempts", "1", "--ca-file", missing, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Could not read the certificate authorities in"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "sync", "--server", d.url, "--token-file", d.token_file,
                                    "--ca-file", ca, NULL), ==, 0);
  gb_sync_harness_assert_same (db, d.db, FALSE);
  gb_sync_harness_daemon_teardown (&d);
}

/* giaoband limiting the token to 1 request a second (bursts of 10): the client waits as the
 * 429's Retry-After says, tells the user when it asks again, and completes; never a tight
 * loop (issue 17). It used to fail the attempt at the first 429. */
static void
test_busy_server (void)
{
  static const char * const args[] = { "--rate-limit", "1", NULL };
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;
  guint waits = 0;

  d.args = args;
  gb_sync_harness_daemon_setup (&d, TRUE);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "sync", "--server", d.url, "--token-file", d.token_file,
                                    "--page-size", "2500", "--attempts", "1", NULL), ==, 0);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "The server is busy (HTTP 429); trying again in 1 second") != NULL)
      waits++;
  g_test_message ("%u waits in %.1f s", waits, seconds);
  g_assert_cmpuint (waits, >=, 1);
  /* Each wait is a second at least; three page readers may wait side by side. */
  g_assert_cmpfloat (waits, <=, 3 * seconds + 3);
  gb_sync_harness_assert_same (db, d.db, FALSE);
  gb_sync_harness_daemon_teardown (&d);
}

/* An area's page reads the feed by its province index, never the whole feed (issue 18), and
 * the daemon labelled the changes of its communes' rows with their province. */
static void
assert_area_indexed (const char *server_db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (server_db, &error);
  g_autofree char *plan = NULL;
  g_auto(GStrv) lines = NULL;
  guint indexed = 0;

  g_assert_no_error (error);
  plan = gb_sync_feed_area_plan (store, &error);
  g_assert_no_error (error);
  g_test_message ("an area's page:\n%s", plan);
  lines = g_strsplit (plan, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* The units are searched by their code; change_log is never scanned. */
      g_assert_false (g_str_has_prefix (lines[i], "SCAN l") || strstr (lines[i], "SCAN main.change_log") != NULL);
      if (strstr (lines[i], "USING INDEX change_log_province (province=? AND seq>?)") != NULL)
        indexed++;
    }
  g_assert_cmpuint (indexed, ==, 2);
  g_assert_cmpint (gb_test_query_int (server_db, "SELECT count(*) FROM change_log c JOIN units u "
                                      "ON u.code = json_extract (c.key, '$.unit_code') "
                                      "WHERE u.level = 3 AND c.op = 'upsert' AND c.province IS NULL"), ==, 0);
  g_assert_cmpint (gb_test_query_int (server_db, "SELECT count(*) FROM change_log WHERE province IS NOT NULL"), >, 0);
}

/* A district's laptop holds only its own communes' numbers, and the province's totals as the
 * server has them; it asked for the whole province, and its role limits it (issue 18). */
static void
test_area_district (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *district = NULL;
  g_autofree char *province = NULL;
  g_autofree char *role = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 own, others, totals_here, totals_there, sum_here, sum_there, all_there;

  gb_sync_harness_daemon_setup (&d, TRUE);
  {
    sqlite3 *conn = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (d.db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT code, parent_code FROM units WHERE level = 2 ORDER BY code LIMIT 1",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    district = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    province = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    sqlite3_finalize (stmt);
    sqlite3_close (conn);
  }
  role = g_strdup_printf ("district:%s", district);
  token = gb_sync_harness_add_user (&d, "huyen", role);
  token_file = gb_test_write_temp ("district-token", token, -1);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "sync", "--server", d.url, "--token-file", token_file,
                                    "--area", province, NULL), ==, 0);

  sql = g_strdup_printf ("SELECT count(*) FROM case_reports r JOIN units u ON u.code = r.unit_code "
                         "WHERE u.level = 3 AND u.parent_code = '%s'", district);
  own = gb_test_query_int (db, sql);
  g_assert_cmpint (own, >, 0);
  g_assert_cmpint (own, ==, gb_test_query_int (d.db, sql));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM case_reports r JOIN units u ON u.code = r.unit_code "
                         "WHERE u.level = 3 AND u.parent_code IS NOT '%s'", district);
  others = gb_test_query_int (db, sql);
  all_there = gb_test_query_int (d.db, sql);
  g_test_message ("district %s: %" G_GINT64_FORMAT " own commune rows; other communes' rows: %" G_GINT64_FORMAT
                  " here, %" G_GINT64_FORMAT " on the server", district, own, others, all_there);
  g_assert_cmpint (others, ==, 0);
  g_assert_cmpint (all_there, >, 0);
  /* No unit of another district's communes either. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM units WHERE level = 3 AND parent_code IS NOT '%s'", district);
  g_assert_cmpint (gb_test_query_int (db, sql), ==, 0);
  /* The province's totals as the server has them, day by day. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM case_reports WHERE unit_code = '%s'", province);
  totals_here = gb_test_query_int (db, sql);
  totals_there = gb_test_query_int (d.db, sql);
  g_assert_cmpint (totals_here, ==, totals_there);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT coalesce (sum (community), 0) * 1000003 + coalesce (sum (quarantine), 0) "
                         "FROM case_reports WHERE unit_code = '%s'", province);
  sum_here = gb_test_query_int (db, sql);
  sum_there = gb_test_query_int (d.db, sql);
  g_assert_cmpint (sum_here, ==, sum_there);
  g_test_message ("province %s: %" G_GINT64_FORMAT " daily totals", province, totals_here);
  assert_area_indexed (d.db);
  gb_sync_harness_daemon_teardown (&d);
}

static GSubprocess *
cli_sync (const char *db,
          GbSyncHarnessDaemon *d,
          const char *attempts)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                     g_getenv ("GIAOBAN_CLI"), "--database", db, "sync", "--server", d->url,
                                     "--token-file", d->token_file, "--page-size", "100", "--timeout", "2",
                                     "--attempts", attempts, NULL);

  g_assert_no_error (error);
  return p;
}

/* The client killed mid-apply, and the daemon killed mid-page, at several moments. */
static void
test_kills (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autoptr(GError) error = NULL;

  gb_sync_harness_daemon_setup (&d, TRUE);
  for (guint delay = 50; delay <= 800; delay *= 2)
    {
      g_autofree char *c = gb_test_temp_db ();
      g_autoptr(GSubprocess) p = cli_sync (c, &d, "1");
      g_autoptr(GSubprocess) again = NULL;

      g_usleep (delay * 1000);
      g_subprocess_send_signal (p, SIGKILL);
      g_subprocess_wait (p, NULL, NULL);
      again = cli_sync (c, &d, "1");
      g_assert_true (g_subprocess_wait_check (again, NULL, &error));
      g_assert_no_error (error);
      gb_sync_harness_assert_same (c, d.db, FALSE);
    }
  for (guint delay = 50; delay <= 400; delay *= 2)
    {
      g_autofree char *c = gb_test_temp_db ();
      g_autoptr(GSubprocess) p = cli_sync (c, &d, "10");
      g_autoptr(GSubprocess) again = NULL;

      g_usleep (delay * 1000);
      gb_sync_harness_daemon_kill (&d);
      gb_sync_harness_daemon_start (&d);
      g_subprocess_wait (p, NULL, NULL);
      again = cli_sync (c, &d, "1");
      g_assert_true (g_subprocess_wait_check (again, NULL, &error));
      g_assert_no_error (error);
      gb_sync_harness_assert_same (c, d.db, FALSE);
    }
  gb_sync_harness_daemon_teardown (&d);
}

/* ---- The fault loop ---- */

/* The process a proxy hook kills: the daemon, or a giaoban-cli syncing through the proxy. */
typedef struct
{
  GMutex   lock;
  GPid     pid;
  gboolean killed;
} Victim;

static void
victim_set (Victim      *v,
            GSubprocess *p)
{
  g_mutex_lock (&v->lock);
  v->pid = p ? (GPid) g_ascii_strtoll (g_subprocess_get_identifier (p), NULL, 10) : 0;
  v->killed = FALSE;
  g_mutex_unlock (&v->lock);
}

/* From a proxy thread, with the answer half through. */
static void
kill_hook (gpointer data)
{
  Victim *v = data;

  g_mutex_lock (&v->lock);
  if (v->pid > 0)
    {
      kill (v->pid, SIGKILL);
      v->killed = TRUE;
    }
  g_mutex_unlock (&v->lock);
}

static gboolean
victim_killed (Victim *v)
{
  gboolean killed;

  g_mutex_lock (&v->lock);
  killed = v->killed;
  g_mutex_unlock (&v->lock);
  return killed;
}

/* A small server: the demo province with ten days of daily numbers (about 1,600 rows with the
 * units, documents and items), so fifty rounds with a full sync each stay quick. */
static void
daemon_setup_small (GbSyncHarnessDaemon *d)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *conn = NULL;
  char *message = NULL;
  g_autofree char *sqlite = NULL;

  d->db = gb_test_temp_db ();
  {
    g_autoptr(GbStore) store = gb_store_open (d->db, &error);

    g_assert_no_error (error);
    g_assert_true (gb_demo_load (store, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (sqlite3_open (d->db, &conn), ==, SQLITE_OK);
  if (sqlite3_exec (conn, "DELETE FROM case_reports WHERE date NOT BETWEEN '2021-08-22' AND '2021-08-31'; "
                    "DELETE FROM vaccinations WHERE date NOT BETWEEN '2021-08-22' AND '2021-08-31';",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("could not trim the demo: %s", message);
  sqlite3_close (conn);
  /* GB_SYNC_DAEMON_PG: the same served from PostgreSQL (the trimmed demo loaded into it). */
  if (pg.uri != NULL)
    {
      /* A database of its own for each test of the one cluster. */
      static guint n_databases;
      g_autofree char *name = g_strdup_printf ("giaoban%u", ++n_databases);
      g_autofree char *port = g_strdup_printf ("%u", pg.port);
      g_autofree char *uri = g_strdup_printf ("postgresql:///%s?host=%s&port=%u&user=giaoban", name, pg.dir, pg.port);
      g_autoptr(GSubprocess) load = NULL;

      gb_test_pg_tool (&pg, "createdb", "-h", pg.dir, "-p", port, "-U", "giaoban", name, NULL);
      load = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, g_getenv ("GIAOBAND"),
                               "load", d->db, "--database", uri, NULL);

      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait_check (load, NULL, &error));
      g_assert_no_error (error);
      sqlite = g_steal_pointer (&d->db);
      d->db = g_steal_pointer (&uri);
    }
  d->port = gb_sync_harness_free_port ();
  d->url = g_strdup_printf ("http://127.0.0.1:%u", d->port);
  d->token = gb_sync_harness_add_user (d, "thu-ky", "secretary");
  d->token_file = gb_test_write_temp ("token", d->token, -1);
  gb_sync_harness_daemon_start (d);
}

/* `giaoban-cli sync` with @token_file; its exit status, what it printed in @out. */
static int
cli_sync_token (const char          *db,
          GbSyncHarnessDaemon *d,
          const char          *token_file,
          char               **out)
{
  g_autofree char *err = NULL;
  int status = gb_test_run_cli (db, out, &err, "sync", "--server", d->url, "--token-file", token_file,
                                "--attempts", "1", NULL);

  g_test_message ("sync: %s%s", out && *out ? *out : "", err);
  return status;
}

/* Whatever giaoban-cli writes is queued as the app's edits are: a later `giaoban-cli sync`
 * pushes it to the real giaoband and a second laptop gets it. A secretary's notice, item edit,
 * declared level (and its revocation) and threshold; a district's imported cases; an admin's
 * merge of units. A district may not change a rule set: refused, nothing written. */
static void
test_cli_edits (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autofree char *district_token = NULL;
  g_autofree char *district_file = NULL;
  g_autofree char *admin_token = NULL;
  g_autofree char *admin_file = NULL;
  g_autofree char *notice = gb_test_write_temp ("cv-999.md",
                                                "TỈNH ỦY NINH THUẬN\n\nSố 999-CV/TU\n\nNinh Thuận, ngày 20 tháng 8 năm 2021\n\n"
                                                "CÔNG VĂN\nV/v kiểm tra việc cách ly tại nhà\n\n"
                                                "1. Ban Chỉ đạo tỉnh kiểm tra việc cách ly F1 tại nhà trước ngày 30/8/2021.\n"
                                                "2. Ủy ban MTTQ Việt Nam tỉnh vận động nhân dân tiêm vắc xin.\n", -1);
  g_autofree char *cases = gb_test_write_temp ("ca-mac.csv", "Mã xã,Ngày,Ca cộng đồng,Ca trong khu cách ly\n"
                                               "22738,2021-08-30,17,4\n", -1);
  g_autofree char *out = NULL;
  g_autofree char *item = NULL;
  g_autofree char *override_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  daemon_setup_small (&d);
  district_token = gb_sync_harness_add_user (&d, "huyen-phan-rang", "district:582");
  district_file = gb_test_write_temp ("district-token", district_token, -1);
  admin_token = gb_sync_harness_add_user (&d, "quan-tri", "admin");
  admin_file = gb_test_write_temp ("admin-token", admin_token, -1);
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_once (b, &d, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&s, gb_sync_summary_free);

  /* The secretary's edits, each a command of its own. */
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "import-notice", notice, NULL), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM documents WHERE number = '999-CV/TU'"), ==, 1);
  item = g_strdup_printf ("%" G_GINT64_FORMAT,
                          gb_test_query_int (a, "SELECT i.id FROM items i JOIN documents d ON d.id = i.document_id "
                                        "WHERE d.number = '154-CV/TU' ORDER BY i.id LIMIT 1"));
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "item", item, "--status", "done", "--progress", "Đã kiểm tra",
                                    "--date", "2021-08-30", "--author", "thu-ky", NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "override", "add", "--unit", "22741", "--level", "3",
                                    "--from", "2021-08-25", "--reason", "Ổ dịch tại chợ", "--author", "BCĐ", NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (a, &override_id, NULL, "override", "add", "--unit", "22744", "--level", "4",
                                    "--from", "2021-08-25", "--reason", "Nhầm", "--author", "BCĐ", NULL), ==, 0);
  g_strstrip (override_id);
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "override", "revoke", "--id", override_id, "--reason", "Nhập nhầm",
                                    "--author", "BCĐ", NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "rules", "set-threshold", "--rule-set", "nq128", "--key",
                                    "dose1_18_high", "--value", "0.75", "--from", "2021-08-01", "--author", "BCĐ", NULL), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox"), >=, 8);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM sync_conflicts"), ==, 0);

  /* A district's case import, with its own token. */
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "import-cases", cases, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, district_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox"), ==, 0);

  /* An admin's merge of two communes: the new unit, the ends of the old ones, the
   * successions. */
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "22741", "22744", "--into", "22999",
                                    "--name", "Phường Phước Mỹ Bảo An", "--date", "2021-09-01",
                                    "--source", "NQ 9/NQ-UBTVQH15", NULL), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox WHERE tbl = 'unit_successions'"), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, admin_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM sync_conflicts"), ==, 0);

  /* The second laptop sees all of it. */
  s = sync_once (b, &d, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&s, gb_sync_summary_free);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM documents WHERE number = '999-CV/TU'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM items i JOIN documents d ON d.id = i.document_id "
                                 "WHERE d.number = '999-CV/TU'"), >=, 2);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM progress_updates WHERE text = 'Đã kiểm tra'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM items WHERE status = 'done' AND uid = "
                                 "(SELECT i.uid FROM items i JOIN documents d ON d.id = i.document_id "
                                 "WHERE d.number = '154-CV/TU' ORDER BY i.id LIMIT 1)"), ==, 1);
  g_assert_cmpint (gb_test_query_int (b, "SELECT level FROM level_overrides WHERE unit_code = '22741' AND revoked_at IS NULL"), ==, 3);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM level_overrides o JOIN level_override_revocations r "
                                 "ON r.override_uid = o.uid WHERE o.unit_code = '22744'"), ==, 1);
  sb = gb_store_open (b, &error);
  g_assert_no_error (error);
  /* Each sync learnt the token's role from the server (GET /api/v1/me). */
  {
    g_autofree char *role_b = gb_store_sync_get_state (sb, "role");
    g_autoptr(GbStore) sa = gb_store_open (a, &error);
    g_autofree char *role_a = gb_store_sync_get_state (sa, "role");

    g_assert_cmpstr (role_b, ==, "secretary");
    g_assert_cmpstr (role_a, ==, "admin");
  }
  g_assert_cmpfloat (gb_store_levels_get_threshold (sb, "nq128", "dose1_18_high", "2021-08-30"), ==, 0.75);
  g_assert_cmpint (gb_test_query_int (b, "SELECT community FROM case_reports WHERE unit_code = '22738' AND date = '2021-08-30'"), ==, 17);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM unit_successions WHERE successor = '22999'"), ==, 2);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM units WHERE code = '22999' AND name = 'Phường Phước Mỹ Bảo An'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM units WHERE code IN ('22741', '22744') AND valid_to = '2021-09-01'"), ==, 2);
  gb_sync_harness_assert_same (a, d.db, FALSE);
  gb_sync_harness_assert_same (b, d.db, FALSE);

  /* A district may not change a rule set: the change is refused and listed, the server keeps
   * its thresholds. */
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "rules", "set-threshold", "--rule-set", "nq128", "--key",
                                    "dose1_18_high", "--value", "0.5", "--from", "2021-08-15", "--author", "huyen", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  cli_sync_token (a, &d, district_file, &out);
  g_assert_cmpint (gb_test_query_int (d.db, "SELECT count(*) FROM rule_thresholds WHERE key = 'dose1_18_high' AND value = 0.5"), ==, 0);
  g_clear_object (&sb);
  sb = gb_store_open (a, &error);
  conflicts = gb_store_sync_list_conflicts (sb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_nonnull (strstr (((GbSyncConflict *) conflicts->pdata[0])->reason, "may not write rule_thresholds"));

  gb_sync_harness_daemon_teardown (&d);
}

/* @db equals the server: its database, or on PostgreSQL a fresh copy synced from it. */
static void
assert_server (const char          *db,
               GbSyncHarnessDaemon *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GbSyncSummary) s = NULL;

  if (pg.uri == NULL)
    {
      gb_sync_harness_assert_same (db, d->db, FALSE);
      return;
    }
  copy = gb_test_temp_db ();
  s = sync_once (copy, d, NULL, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (db, copy, FALSE);
}

/* The rejection kept on @db for @table, with its reason. */
static char *
rejection_of (const char *db,
              const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (db, &error);
  g_autoptr(GPtrArray) conflicts = gb_store_sync_list_conflicts (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      GbSyncConflict *c = conflicts->pdata[i];

      if (g_strcmp0 (c->table, table) == 0 && c->reason != NULL)
        return g_strdup (c->reason);
    }
  return NULL;
}

/* Issue 15: review decisions sync for the people who make them. A district imports a value
 * that is held and pushes it; the secretary's laptop sees it in its queue, corrects it and
 * pushes the decision and the corrected value; the district sees both. A secretary's own
 * daily numbers are still refused (403), and so is a district's decision on a commune of
 * another district. */
static void
test_review_decisions (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autofree char *c = gb_test_temp_db ();
  g_autofree char *e = gb_test_temp_db ();
  g_autofree char *district_token = NULL;
  g_autofree char *district_file = NULL;
  g_autofree char *held_csv = gb_test_write_temp ("held.csv", "Mã xã,Ngày,Ca cộng đồng,Ca trong khu cách ly\n"
                                                  "22738,2021-09-01,4000,0\n", -1);
  g_autofree char *own_csv = gb_test_write_temp ("own.csv", "Mã xã,Ngày,Ca cộng đồng,Ca trong khu cách ly\n"
                                                 "22738,2021-08-30,5,0\n22738,2021-09-01,0,7\n", -1);
  g_autofree char *foreign_csv = NULL;
  g_autofree char *foreign = NULL;
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  GbReviewItem *it;

  daemon_setup_small (&d);
  district_token = gb_sync_harness_add_user (&d, "huyen-phan-rang", "district:582");
  district_file = gb_test_write_temp ("district-token", district_token, -1);
  g_assert_cmpint (cli_sync_token (a, &d, district_file, &out), ==, 0);
  s = sync_once (b, &d, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&s, gb_sync_summary_free);

  /* The district's laptop: the value is held, the last confirmed one stays in use. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gb_test_run_cli (a, &out, NULL, "import-cases", held_csv, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 held for review"));
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM review_items WHERE decision IS NULL"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, district_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM sync_conflicts"), ==, 0);

  /* The secretary's laptop has it in its queue, and corrects it. */
  s = sync_once (b, &d, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&s, gb_sync_summary_free);
  {
    g_autoptr(GbStore) sb = gb_store_open (b, &error);

    queue = gb_store_review_list (sb, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (queue->len, ==, 1);
    it = queue->pdata[0];
    g_assert_cmpstr (it->unit_code, ==, "22738");
    g_assert_cmpint (it->value, ==, 4000);
    id = g_strdup (it->uid);
  }
  g_assert_cmpint (gb_test_run_cli (b, NULL, NULL, "review", "correct", id, "--value", "40", "--author", "Chị Lan",
                                    "--why", "Gõ thừa hai số 0", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (b, &d, d.token_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM outbox"), ==, 0);
  /* The laptop said "Chị Lan" decided; the server took the name its token has, and the laptop's
   * own copy has that name too once it pulled. */
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM review_items WHERE decided_by = 'thu-ky'"), ==, 1);
  if (pg.uri == NULL)
    g_assert_cmpint (gb_test_query_int (d.db, "SELECT community FROM case_reports "
                                        "WHERE unit_code = '22738' AND date = '2021-09-01'"), ==, 40);

  /* The district sees the corrected value in use, and who decided it, when and why. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, district_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT community FROM case_reports "
                                      "WHERE unit_code = '22738' AND date = '2021-09-01'"), ==, 40);
  {
    g_autoptr(GbStore) sa = gb_store_open (a, &error);
    g_autoptr(GPtrArray) all = gb_store_review_list (sa, TRUE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 1);
    it = all->pdata[0];
    g_assert_cmpstr (it->decision, ==, "corrected");
    g_assert_cmpint (it->decided_value, ==, 40);
    /* Who the secretary's token is, not the name its laptop sent. */
    g_assert_cmpstr (it->decided_by, ==, "thu-ky");
    g_assert_cmpstr (it->decided_why, ==, "Gõ thừa hai số 0");
    g_assert_nonnull (it->decided_at);
  }

  /* The secretary's own numbers, a day without a decision and an undecided field of the
   * decided day, are refused; the server keeps its own. */
  g_assert_cmpint (gb_test_run_cli (b, NULL, NULL, "import-cases", own_csv, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  cli_sync_token (b, &d, d.token_file, &out);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM sync_conflicts WHERE tbl = 'case_reports' "
                                      "AND reason LIKE '%may not write case_reports%'"), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, district_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT community FROM case_reports "
                                      "WHERE unit_code = '22738' AND date = '2021-08-30'"), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT quarantine FROM case_reports "
                                      "WHERE unit_code = '22738' AND date = '2021-09-01'"), ==, 0);

  /* A district deciding a commune of another district: refused, nothing of it kept. */
  s = sync_once (c, &d, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&s, gb_sync_summary_free);
  foreign = g_strdup_printf ("%" G_GINT64_FORMAT, gb_test_query_int (c, "SELECT min (code) FROM units "
                                                                     "WHERE level = 3 AND parent_code <> '582'"));
  foreign_csv = g_strdup_printf ("Mã xã,Ngày,Ca cộng đồng,Ca trong khu cách ly\n%s,2021-09-01,5000,0\n", foreign);
  g_clear_pointer (&held_csv, g_free);
  held_csv = gb_test_write_temp ("foreign.csv", foreign_csv, -1);
  g_assert_cmpint (gb_test_run_cli (c, NULL, NULL, "import-cases", held_csv, NULL), ==, 0);
  g_clear_pointer (&id, g_free);
  {
    g_autoptr(GbStore) sc = gb_store_open (c, &error);
    g_autoptr(GPtrArray) held = gb_store_review_list (sc, FALSE, &error);

    g_assert_cmpuint (held->len, ==, 1);
    id = g_strdup (((GbReviewItem *) held->pdata[0])->uid);
  }
  g_assert_cmpint (gb_test_run_cli (c, NULL, NULL, "review", "confirm", id, "--author", "Huyện", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  cli_sync_token (c, &d, district_file, &out);
  why = rejection_of (c, "review_items");
  g_assert_nonnull (why);
  g_assert_nonnull (strstr (why, "is not a commune of district 582"));
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM sync_conflicts"), ==, 2);

  /* What the server holds, as a new laptop gets it: the decision and its value, nothing refused. */
  s = sync_once (e, &d, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_test_query_int (e, "SELECT count(*) FROM review_items WHERE unit_code = '22738' "
                                      "AND decision = 'corrected' AND decided_value = 40"), ==, 1);
  g_assert_cmpint (gb_test_query_int (e, "SELECT count(*) FROM review_items"), ==, 1);
  g_assert_cmpint (gb_test_query_int (e, "SELECT community FROM case_reports "
                                      "WHERE unit_code = '22738' AND date = '2021-09-01'"), ==, 40);
  g_assert_cmpint (gb_test_query_int (e, "SELECT community FROM case_reports "
                                      "WHERE unit_code = '22738' AND date = '2021-08-30'"), ==, 0);
  gb_sync_harness_daemon_teardown (&d);
}

/* The units' history as a copy holds it, by natural keys (merges by uid, without the changeset
 * that stays where a merge was entered). */
#define ROWS_OF(columns, table, order) \
  "coalesce ((SELECT group_concat (x, ';') FROM (SELECT " columns " AS x FROM " table " ORDER BY " order ")), '')"
#define Q(c) "quote (" #c ") || '|' || "

static char *
unit_history (const char *db)
{
  return gb_test_query_text (db, "SELECT "
    ROWS_OF (Q (code) Q (level) Q (parent_code) Q (name) Q (population) Q (valid_from) "quote (valid_to)",
             "units", "code") " || '#' || "
    ROWS_OF (Q (code) Q (valid_from) Q (level) Q (parent_code) Q (name) Q (population) Q (pop_18) "quote (pop_65)",
             "unit_versions", "code, valid_from") " || '#' || "
    ROWS_OF (Q (predecessor) Q (successor) Q (date) Q (kind) Q (partial) "quote (source)",
             "unit_successions", "predecessor, successor, date") " || '#' || "
    ROWS_OF (Q (uid) Q (successor) Q (date) Q (codes) Q (source) Q (entered_at) "quote (undone_at)",
             "unit_merges", "uid"));
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The districts in force on @date, by code, comma-separated. */
static char *
districts_on (const char *db,
              const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (db, &error);
  g_autoptr(GPtrArray) units = gb_store_units_valid_on (store, date, GB_UNIT_LEVEL_DISTRICT, NULL, &error);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < units->len; i++)
    g_ptr_array_add (codes, ((GbUnit *) units->pdata[i])->code);
  g_ptr_array_sort (codes, compare_codes);
  g_ptr_array_add (codes, NULL);
  return g_strjoinv (",", (char **) codes->pdata);
}

/* Issue 21: a merge entered by hand on a secretary's laptop reaches giaoband and the other
 * laptops, and so does its undo; a district's merge is refused by giaoband, the refusal is
 * kept on its laptop with the reason, and that laptop's units are as before. */
static void
test_unit_merges (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autofree char *c = gb_test_temp_db ();
  g_autofree char *e = gb_test_temp_db ();
  g_autofree char *district_token = NULL;
  g_autofree char *district_file = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before_c = NULL;
  g_autofree char *why = NULL;
  g_autofree char *id = NULL;

  daemon_setup_small (&d);
  district_token = gb_sync_harness_add_user (&d, "huyen-phan-rang", "district:582");
  district_file = gb_test_write_temp ("district-token", district_token, -1);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (b, &d, d.token_file, &out), ==, 0);

  /* The secretary merges two districts into a new one on laptop A and syncs. */
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "584", "588", "--into", "599", "--name",
                                    "Huyện Bác Ái Thuận Bắc", "--date", "2021-08-28", "--source", "NQ 1/NQ-UBTVQH15",
                                    NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM sync_conflicts"), ==, 0);

  /* Laptop B gets it: the successor in force from the day, the merged districts before it,
   * their communes under the successor, the merge listed (to be undone where it was made). */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (b, &d, d.token_file, &out), ==, 0);
  text = districts_on (b, "2021-08-27");
  g_assert_cmpstr (text, ==, "582,584,585,586,587,588,589");
  g_clear_pointer (&text, g_free);
  text = districts_on (b, "2021-08-28");
  g_assert_cmpstr (text, ==, "582,585,586,587,589,599");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM unit_versions WHERE parent_code = '599' "
                                      "AND valid_from = '2021-08-28'"), ==, 15);
  {
    g_autofree char *on_a = unit_history (a);
    g_autofree char *on_b = unit_history (b);

    g_assert_cmpstr (on_a, ==, on_b);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbStore) store = gb_store_open (b, &error);
    g_autoptr(GPtrArray) merges = gb_store_list_unit_merges (store, &error);
    g_autoptr(GbUnit) made = gb_store_get_unit_on (store, "599", "2021-08-29", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (merges->len, ==, 1);
    g_assert_false (((GbUnitMerge *) merges->pdata[0])->here);
    g_assert_cmpstr (((GbUnitMerge *) merges->pdata[0])->source, ==, "NQ 1/NQ-UBTVQH15");
    g_assert_cmpstr (made->name, ==, "Huyện Bác Ái Thuận Bắc");
    g_assert_false (gb_store_undo_unit_merge (store, ((GbUnitMerge *) merges->pdata[0])->id, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_PERMISSION);
  }
  /* A district's laptop (its own district only) learns nothing of the merge of two other
   * districts (/sync/daemon/unit-merges-area). */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_successions WHERE successor = '599'"), ==, 0);

  /* On B, the levels and the reporting follow it: the successor has a level of the day and
   * counts the communes of both districts from the merge on; they count before it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbStore) store = gb_store_open (b, &error);
    g_autoptr(GbLevelEngine) engine = gb_level_engine_new (store);
    g_autoptr(GPtrArray) levels = gb_level_engine_compute (engine, "2021-08-29", GB_UNIT_LEVEL_DISTRICT, &error);
    g_autoptr(GPtrArray) districts = gb_reporting_list_districts (store, "2021-08-27", "2021-08-29", &error);
    g_autoptr(GString) leveled = g_string_new (NULL);

    g_assert_no_error (error);
    for (guint i = 0; i < levels->len; i++)
      g_string_append_printf (leveled, "%s%s", i ? "," : "", ((GbLevelResult *) levels->pdata[i])->unit_code);
    g_assert_cmpstr (leveled->str, ==, "582,585,586,587,589,599");
    for (guint i = 0; i < districts->len; i++)
      {
        GbReportingUnit *u = districts->pdata[i];
        GbReportingDay *first = &g_array_index (u->days, GbReportingDay, 0);

        if (strcmp (u->code, "599") == 0)
          {
            g_assert_cmpstr (first->date, ==, "2021-08-28");
            g_assert_cmpuint (first->expected, ==, 15);
          }
        else if (strcmp (u->code, "584") == 0 || strcmp (u->code, "588") == 0)
          {
            g_assert_cmpuint (u->days->len, ==, 1);
            g_assert_cmpstr (first->date, ==, "2021-08-27");
          }
      }
  }

  /* A undoes it and syncs; B learns of the undo: the districts as before, nothing of it left
   * but the merge's record, marked undone. */
  id = gb_test_query_text (a, "SELECT id FROM unit_merges");
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "undo-merge", id, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (b, &d, d.token_file, &out), ==, 0);
  text = districts_on (b, "2021-08-28");
  g_assert_cmpstr (text, ==, "582,584,585,586,587,588,589");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM units WHERE code = '599'"), ==, 0);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM unit_versions WHERE valid_from = '2021-08-28'"), ==, 0);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM unit_successions"), ==, 0);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM unit_merges WHERE undone_at IS NOT NULL"), ==, 1);
  {
    g_autofree char *on_a = unit_history (a);
    g_autofree char *on_b = unit_history (b);

    g_assert_cmpstr (on_a, ==, on_b);
  }

  /* A merge undone before it was ever synced: the server learns of it as undone, nothing of
   * it refused, and B is as A. */
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "585", "586", "--into", "598", "--name",
                                    "Huyện Tạm", "--date", "2021-08-25", NULL), ==, 0);
  g_clear_pointer (&id, g_free);
  id = gb_test_query_text (a, "SELECT id FROM unit_merges WHERE successor = '598'");
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "undo-merge", id, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (b, &d, d.token_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM unit_merges WHERE successor = '598' "
                                      "AND undone_at IS NOT NULL"), ==, 1);
  g_assert_cmpint (gb_test_query_int (b, "SELECT count(*) FROM units WHERE code = '598'"), ==, 0);
  {
    g_autofree char *on_a = unit_history (a);
    g_autofree char *on_b = unit_history (b);

    g_assert_cmpstr (on_a, ==, on_b);
  }

  /* A district's laptop merges two of its communes: giaoband refuses the merge and its rows,
   * the laptop keeps the refusal with the reason and is as it was before the merge. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  before_c = unit_history (c);
  g_assert_cmpint (gb_test_run_cli (c, NULL, NULL, "units", "merge", "22738", "22741", "--into", "22738",
                                    "--date", "2021-08-28", NULL), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_merges WHERE undone_at IS NULL"), ==, 1);
  g_clear_pointer (&out, g_free);
  cli_sync_token (c, &d, district_file, &out);
  why = rejection_of (c, "unit_merges");
  g_assert_nonnull (why);
  g_assert_nonnull (strstr (why, "may not write unit_merges"));
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_merges WHERE undone_at IS NULL"), ==, 0);
  {
    g_autofree char *after_c = unit_history (c);

    g_assert_cmpstr (before_c, ==, after_c);
  }
  /* What the server holds, as a new laptop gets it: A's merge, undone; nothing of C's. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (e, &d, d.token_file, &out), ==, 0);
  {
    g_autofree char *on_a = unit_history (a);
    g_autofree char *on_e = unit_history (e);

    g_assert_cmpstr (on_a, ==, on_e);
  }
  g_assert_cmpint (gb_test_query_int (e, "SELECT count(*) FROM units WHERE valid_to IS NOT NULL"), ==, 0);
  gb_sync_harness_daemon_teardown (&d);
}

static gboolean
accept_any (SoupMessage         *msg,
            GTlsCertificate     *certificate,
            GTlsCertificateFlags errors,
            gpointer             data)
{
  return TRUE;
}

/* The counter @name of giaoband's /api/v1/health (0 when it has none). */
static gint64
health_count (GbSyncHarnessDaemon *d,
              const char          *name)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 5, NULL);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/health", d->url);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any), NULL);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  return json_object_get_int_member_with_default (json_node_get_object (node), name, 0);
}

/* A secretary's push of a merge's unit rows reads the merges giaoband holds once, however many
 * rows the merge wrote (it read them once a row): a merge of two communes, then one of two
 * districts (a version of each of their communes), each pushed in one request. On PostgreSQL
 * the statements each push cost are printed too (db_round_trips). */
static void
test_unit_merges_push_reads (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pushed[2];

  daemon_setup_small (&d);
  s = sync_once (a, &d, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      gint64 reads = health_count (&d, "merge_reads"), trips = health_count (&d, "db_round_trips");

      if (i == 0)
        g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "22738", "22741", "--into", "22738",
                                          "--date", "2021-08-29", NULL), ==, 0);
      else
        g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "584", "588", "--into", "599", "--name",
                                          "Huyện Mới", "--date", "2021-08-28", NULL), ==, 0);
      g_clear_pointer (&s, gb_sync_summary_free);
      s = sync_once (a, &d, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (s->rejected, ==, 0);
      g_assert_cmpint (s->pending, ==, 0);
      pushed[i] = s->pushed;
      reads = health_count (&d, "merge_reads") - reads;
      trips = health_count (&d, "db_round_trips") - trips;
      g_test_message ("a push of %" G_GINT64_FORMAT " changes of one merge: %" G_GINT64_FORMAT " reads of the merges, "
                      "%" G_GINT64_FORMAT " statements to PostgreSQL (the sync's pull included)", pushed[i], reads,
                      trips);
      g_assert_cmpint (reads, ==, 1);
    }
  g_assert_cmpint (pushed[1], >, 3 * pushed[0]);
  gb_sync_harness_daemon_teardown (&d);
}

typedef enum
{
  ROUND_CUT_REQUEST,
  ROUND_CUT_RESPONSE,
  ROUND_TRUNCATE,
  ROUND_STALL,
  ROUND_KILL_DAEMON,     /* giaoband SIGKILLed with a page half through, then restarted */
  ROUND_KILL_CLIENT,     /* giaoban-cli SIGKILLed with a page half through, then run again */
  ROUND_N_KINDS
} RoundKind;

static const char *round_names[] = { "cut-request", "cut-response", "truncate", "stall", "kill-daemon",
                                     "kill-client" };

static GbSyncSummary *
sync_via (const char  *db,
          GbSyncHarnessDaemon *d,
          const char  *url,
          guint        timeout,
          guint        attempts,
          GError     **error)
{
  g_autoptr(GbSyncClient) client = gb_sync_client_new (db, url, d->token);

  g_object_set (client, "max-attempts", attempts, "timeout", timeout, "page-size", 50, NULL);
  return gb_sync_client_sync (client, NULL, error);
}

/* Random faults between editing copies and the real giaoband, through the fault proxy: cut
 * requests and answers, truncated answers, stalls, the daemon killed mid-page and restarted,
 * the client killed mid-page and run again. Every round ends with a clean sync of that copy
 * and its synced tables equal to the server's: nothing lost, nothing doubled.
 * GB_SYNC_FAULTS (50), GB_SYNC_SEED. */
static void
test_fault_loop (void)
{
  GbSyncHarnessDaemon d = { 0 };
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
  static const char *statuses[] = { "new", "in_progress", "done", "cancelled" };
  guint struck[ROUND_N_KINDS] = { 0 }, drawn[ROUND_N_KINDS] = { 0 };
  guint fired = 0, conflicts = 0;
  GbFaultProxy *proxy;
  Victim victim = { 0 };
  gint64 t0 = g_get_monotonic_time ();

  g_mutex_init (&victim.lock);
  daemon_setup_small (&d);
  proxy = gb_fault_proxy_new (d.port, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", gb_fault_proxy_get_port (proxy));
  rand = g_rand_new_with_seed (seed);
  g_test_message ("seed %u, %u faults", seed, faults);

  sa = gb_store_open (a, &error);
  sb = gb_store_open (b, &error);
  g_assert_no_error (error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  g_assert_true (gb_store_sync_enable_outbox (sb, &error));

  for (guint i = 0; i < faults; i++)
    {
      /* One round in five starts a fresh copy: the long first pull is where pages are cut. */
      guint pick = g_rand_int_range (rand, 0, 5);
      g_autofree char *fresh = pick == 0 ? gb_test_temp_db () : NULL;
      GbStore *edit = pick == 0 ? NULL : pick <= 2 ? sa : sb;
      const char *db = fresh ? fresh : edit == sa ? a : b;
      RoundKind kind = g_rand_int_range (rand, 0, ROUND_N_KINDS);
      /* A request is a few hundred bytes (a push a few thousand); a page of 50 rows a few
       * thousand to a few tens of thousands (units carry their borders). */
      gsize after = kind == ROUND_CUT_REQUEST ? g_rand_int_range (rand, 0, 1500)
                  : g_rand_boolean (rand) ? g_rand_int_range (rand, 0, 4000) : g_rand_int_range (rand, 0, 400000);
      g_autoptr(GbSyncSummary) s = NULL;
      gboolean hit;

      if (edit != NULL && g_rand_int_range (rand, 0, 4) != 0)
        {
          g_autoptr(GPtrArray) list = gb_store_tracker_list_items (edit, NULL, FALSE, "2021-09-01", NULL);

          if (list != NULL && list->len > 0)
            {
              GbTrackerItem *it = g_ptr_array_index (list, g_rand_int_range (rand, 0, list->len));
              g_autofree char *text = g_strdup_printf ("Tiến độ %u", i);

              g_assert_true (gb_store_tracker_set_status (edit, it->id, statuses[g_rand_int_range (rand, 0, 4)],
                                                          "T", &error));
              g_assert_true (gb_store_tracker_add_progress (edit, it->id, "2021-09-03", text, "T", &error));
              g_assert_no_error (error);
            }
        }

      drawn[kind]++;
      if (kind == ROUND_KILL_CLIENT)
        {
          g_autoptr(GSubprocess) p = NULL;

          /* The hook is armed before the client starts (it connects only after opening its
           * copy), with no one to kill until it is known. */
          victim_set (&victim, NULL);
          gb_fault_proxy_arm_hook (proxy, after, kill_hook, &victim);
          p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                g_getenv ("GIAOBAN_CLI"), "--database", db, "sync", "--server", url,
                                "--token-file", d.token_file, "--page-size", "50", "--timeout", "2",
                                "--attempts", "1", NULL);
          g_assert_no_error (error);
          victim_set (&victim, p);
          g_subprocess_wait (p, NULL, NULL);
          hit = victim_killed (&victim);
          victim_set (&victim, NULL);
          g_test_message ("fault %u (%s after %zu, %s): %s", i, round_names[kind], after,
                          fresh ? "fresh copy" : "editing copy",
                          hit ? "killed" : g_subprocess_get_if_exited (p) ? "exited" : "died");
        }
      else
        {
          if (kind == ROUND_KILL_DAEMON)
            {
              victim_set (&victim, d.process);
              gb_fault_proxy_arm_hook (proxy, after, kill_hook, &victim);
            }
          else
            gb_fault_proxy_arm (proxy, GB_FAULT_CUT_REQUEST + kind, after);
          s = sync_via (db, &d, url, 1, 1, &error);
          hit = kind == ROUND_KILL_DAEMON ? victim_killed (&victim) : gb_fault_proxy_fired (proxy);
          g_test_message ("fault %u (%s after %zu, %s): %s", i, round_names[kind], after,
                          fresh ? "fresh copy" : "editing copy", error ? error->message : "completed");
          if (error != NULL)
            g_assert_true (error->code == GB_ERROR_NETWORK || error->code == GB_ERROR_PARSE);
          g_clear_error (&error);
          if (kind == ROUND_KILL_DAEMON && hit)
            {
              /* Reap it, then start it again on the same port and database. */
              victim_set (&victim, NULL);
              g_subprocess_wait (d.process, NULL, NULL);
              g_clear_object (&d.process);
              gb_sync_harness_daemon_start (&d);
            }
        }
      gb_fault_proxy_arm (proxy, GB_FAULT_NONE, 0);
      fired += hit;
      struck[kind] += hit;

      /* The round ends with a clean sync of that copy: it must complete and agree. */
      g_clear_pointer (&s, gb_sync_summary_free);
      s = sync_via (db, &d, d.url, 10, 3, &error);
      g_assert_no_error (error);
      conflicts += s->conflicts;
      if (edit != NULL)
        g_assert_cmpint (gb_store_sync_outbox_count (edit), ==, 0);
      assert_server (db, &d);
      if (fresh != NULL)
        {
          g_autofree char *dir = g_path_get_dirname (fresh);
          g_autofree char *wal = g_strconcat (fresh, "-wal", NULL);
          g_autofree char *shm = g_strconcat (fresh, "-shm", NULL);

          g_unlink (wal);
          g_unlink (shm);
          g_unlink (fresh);
          g_rmdir (dir);
        }
    }
  for (guint k = 0; k < ROUND_N_KINDS; k++)
    g_test_message ("%s: %u of %u struck", round_names[k], struck[k], drawn[k]);
  g_test_message ("%u of %u faults struck, %u conflicts kept, %.1f s", fired, faults, conflicts,
                  (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpuint (fired, >=, faults / 2);
  if (faults >= 50)
    {
      g_assert_cmpuint (struck[ROUND_KILL_DAEMON], >, 0);
      g_assert_cmpuint (struck[ROUND_KILL_CLIENT], >, 0);
    }

  /* Both editing copies and the server agree at the end. */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GbSyncSummary) s1 = sync_via (a, &d, d.url, 10, 3, &error);
      g_autoptr(GbSyncSummary) s2 = NULL;

      g_assert_no_error (error);
      s2 = sync_via (b, &d, d.url, 10, 3, &error);
      g_assert_no_error (error);
    }
  assert_server (a, &d);
  assert_server (b, &d);
  gb_fault_proxy_free (proxy);
  gb_sync_harness_daemon_teardown (&d);
  g_mutex_clear (&victim.lock);
}

/* A sync of @db keeping @area (NULL: everything) with @token: how many changes it pulled. */
static gint64
sync_area (const char          *db,
           GbSyncHarnessDaemon *d,
           const char          *token,
           const char          *area)
{
  g_autoptr(GbSyncClient) client = gb_sync_client_new (db, d->url, token);
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (client, "max-attempts", 1, "timeout", 10, "page-size", 500, "area", area, NULL);
  s = gb_sync_client_sync (client, NULL, &error);
  g_assert_no_error (error);
  return s->pulled;
}

/* A fresh copy of @area: how many changes its first sync pulled; the copy in @db. */
static gint64
fresh_area (GbSyncHarnessDaemon *d,
            const char          *token,
            const char          *area,
            char               **db)
{
  *db = gb_test_temp_db ();
  return sync_area (*db, d, token, area);
}

/* A laptop's area changes (issue 18): widened from a district to its province, then narrowed
 * back, it fetches only the rows it lacks (fewer than a fresh sync of the new area) and drops
 * the rows outside its area, and each time holds exactly what a fresh copy of the new area
 * holds, the server's changes made meanwhile included. An edit not yet sent of a row that
 * leaves the area is not dropped before it is pushed. An unknown area changes nothing. */
static void
test_area_change (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *admin = NULL;
  g_autofree char *admin_file = NULL;
  g_autofree char *laptop = gb_test_temp_db ();
  g_autofree char *editor = gb_test_temp_db ();
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  g_autofree char *c1 = NULL;
  g_autofree char *c2 = NULL;
  g_autofree char *province = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *cases = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  gint64 pulled, fresh, kept = -1;

  daemon_setup_small (&d);
  admin = gb_sync_harness_add_user (&d, "quan-tri", "admin");
  admin_file = gb_test_write_temp ("admin-token", admin, -1);
  sync_area (editor, &d, admin, NULL);
  d1 = gb_test_query_text (editor, "SELECT parent_code FROM units WHERE level = 3 GROUP BY parent_code ORDER BY parent_code LIMIT 1");
  d2 = gb_test_query_text (editor, "SELECT parent_code FROM units WHERE level = 3 GROUP BY parent_code ORDER BY parent_code LIMIT 1 OFFSET 1");
  province = gb_test_query_text (editor, "SELECT parent_code FROM units WHERE level = 2 ORDER BY code LIMIT 1");
  sql = g_strdup_printf ("SELECT code FROM units WHERE parent_code = '%s' ORDER BY code LIMIT 1", d1);
  c1 = gb_test_query_text (editor, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT code FROM units WHERE parent_code = '%s' ORDER BY code LIMIT 1", d2);
  c2 = gb_test_query_text (editor, sql);
  g_assert_true (province != NULL && d1 != NULL && d2 != NULL && c1 != NULL && c2 != NULL);
  g_test_message ("province %s, districts %s (%s) and %s (%s)", province, d1, c1, d2, c2);

  sync_area (laptop, &d, admin, d1);
  /* The server moves on: a commune of each district reports. */
  csv = g_strdup_printf ("Mã xã,Ngày,Ca cộng đồng,Ca trong khu cách ly\n%s,2021-08-31,1,0\n%s,2021-08-31,2,0\n", c1, c2);
  cases = gb_test_write_temp ("cases.csv", csv, -1);
  g_assert_cmpint (gb_test_run_cli (editor, NULL, NULL, "import-cases", cases, NULL), ==, 0);
  sync_area (editor, &d, admin, NULL);
  g_assert_cmpint (gb_test_query_int (editor, "SELECT count(*) FROM outbox"), ==, 0);

  /* Widened: the other districts' rows come, only they and what changed. */
  pulled = sync_area (laptop, &d, admin, province);
  {
    g_autofree char *copy = NULL;

    fresh = fresh_area (&d, admin, province, &copy);
    gb_sync_harness_assert_same (laptop, copy, TRUE);
  }
  g_test_message ("widened to %s: %" G_GINT64_FORMAT " changes pulled, a fresh copy %" G_GINT64_FORMAT,
                  province, pulled, fresh);
  g_assert_cmpint (pulled, >, 0);
  g_assert_cmpint (pulled, <, fresh);
  sql = g_strdup_printf ("SELECT community FROM case_reports WHERE unit_code = '%s' AND date = '2021-08-31'", c2);
  g_assert_cmpint (gb_test_query_int (laptop, sql), ==, 2);

  /* An edit here of a row that is about to leave the area: not dropped while queued. */
  g_free (csv);
  g_free (cases);
  csv = g_strdup_printf ("Mã xã,Ngày,Ca cộng đồng,Ca trong khu cách ly\n%s,2021-08-31,3,0\n", c2);
  cases = gb_test_write_temp ("cases.csv", csv, -1);
  g_assert_cmpint (gb_test_run_cli (laptop, NULL, NULL, "import-cases", cases, NULL), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbStore) store = gb_store_open (laptop, &error);

    g_assert_no_error (error);
    g_assert_true (gb_store_sync_area_prune (store, d1, &kept, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (kept, ==, 1);
  g_assert_cmpint (gb_test_query_int (laptop, sql), ==, 3);
  g_assert_cmpint (gb_test_query_int (laptop, "SELECT count(*) FROM outbox"), >, 0);

  /* Narrowed: the edit is pushed, then the rows outside the district go. */
  pulled = sync_area (laptop, &d, admin, d1);
  g_assert_cmpint (gb_test_query_int (laptop, "SELECT count(*) FROM outbox"), ==, 0);
  sync_area (editor, &d, admin, NULL);
  g_assert_cmpint (gb_test_query_int (editor, sql), ==, 3);
  {
    g_autofree char *copy = NULL;

    fresh = fresh_area (&d, admin, d1, &copy);
    gb_sync_harness_assert_same (laptop, copy, TRUE);
  }
  g_test_message ("narrowed to %s: %" G_GINT64_FORMAT " changes pulled, a fresh copy %" G_GINT64_FORMAT,
                  d1, pulled, fresh);
  g_assert_cmpint (pulled, <, fresh);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM case_reports WHERE unit_code = '%s'", c2);
  g_assert_cmpint (gb_test_query_int (laptop, sql), ==, 0);

  /* Another district: its rows come and the first one's go, in one sync. */
  pulled = sync_area (laptop, &d, admin, d2);
  {
    g_autofree char *copy = NULL;

    fresh = fresh_area (&d, admin, d2, &copy);
    gb_sync_harness_assert_same (laptop, copy, TRUE);
  }
  g_test_message ("moved to %s: %" G_GINT64_FORMAT " changes pulled, a fresh copy %" G_GINT64_FORMAT,
                  d2, pulled, fresh);
  g_assert_cmpint (pulled, <, fresh);

  /* An unknown area: refused, nothing written. */
  before = gb_sync_harness_checksums (laptop, TRUE);
  g_assert_cmpint (gb_test_run_cli (laptop, &out, &err, "sync", "--server", d.url, "--token-file", admin_file,
                                    "--attempts", "1", "--area", "99999", NULL), !=, 0);
  g_test_message ("unknown area: %s", err);
  g_assert_nonnull (strstr (err, "99999"));
  {
    g_autofree char *after = gb_sync_harness_checksums (laptop, TRUE);
    g_autoptr(GError) error = NULL;
    g_autoptr(GbStore) store = gb_store_open (laptop, &error);
    g_autofree char *area = gb_store_sync_get_state (store, "area");

    g_assert_cmpstr (before, ==, after);
    g_assert_cmpstr (area, ==, d2);
  }
  gb_sync_harness_daemon_teardown (&d);
}

/* The units a copy shows on @date that are strays: neither a province nor under a unit it
 * shows that day (as the sidebar places them), and placeholders (a code for a name). */
static char *
strays_on (const char *db,
           const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (db, &error);
  g_autoptr(GPtrArray) units = gb_store_units_valid_on (store, date, GB_UNIT_LEVEL_ANY, NULL, &error);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) strays = g_string_new (NULL);
  g_autofree char *placeholders = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < units->len; i++)
    g_hash_table_add (shown, ((GbUnit *) units->pdata[i])->code);
  for (guint i = 0; i < units->len; i++)
    {
      GbUnit *u = units->pdata[i];

      if (u->level != GB_UNIT_LEVEL_PROVINCE &&
          (u->parent_code == NULL || !g_hash_table_contains (shown, u->parent_code)))
        g_string_append_printf (strays, "%s%s", strays->len ? "," : "", u->code);
    }
  placeholders = gb_test_query_text (db, "SELECT coalesce (group_concat (code), '') FROM units WHERE name = code");
  if (*placeholders != '\0')
    g_string_append_printf (strays, "%splaceholders %s", strays->len ? "," : "", placeholders);
  return g_string_free (g_steal_pointer (&strays), FALSE);
}

/* Issue 21: the units' history follows the area. A district's laptop learns nothing of the
 * merge of two other districts (no placeholder, no stray unit), gets a merge of two of its
 * communes (its series carried on the successor as on a whole copy), and of a merge across
 * its edge what concerns its units: its district merged with another into a new one brings
 * the new district and its own communes under it, not the other district's; its commune
 * merged into a commune of another district ends there. Copies whose area changes hold what a
 * fresh copy of the new area holds; a province's copy the whole history. */
static void
test_unit_merges_area (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autofree char *c = gb_test_temp_db ();
  g_autofree char *f = gb_test_temp_db ();
  g_autofree char *fresh = NULL;
  g_autofree char *district_token = NULL;
  g_autofree char *district_file = NULL;
  g_autofree char *other_token = NULL;
  g_autofree char *other_file = NULL;
  g_autofree char *e = gb_test_temp_db ();
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  daemon_setup_small (&d);
  district_token = gb_sync_harness_add_user (&d, "huyen-phan-rang", "district:582");
  district_file = gb_test_write_temp ("district-token", district_token, -1);
  other_token = gb_sync_harness_add_user (&d, "huyen-thuan-nam", "district:589");
  other_file = gb_test_write_temp ("other-token", other_token, -1);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (e, &d, other_file, &out), ==, 0);
  sync_area (f, &d, d.token, "582");

  /* Two other districts merge: nothing of it reaches the district's laptop. */
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "584", "588", "--into", "599", "--name",
                                    "Huyện Bác Ái Thuận Bắc", "--date", "2021-08-28", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_successions"), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_merges"), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM units WHERE code IN ('584', '588', '599')"), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_versions WHERE parent_code = '599'"), ==, 0);
  text = strays_on (c, "2021-08-27");
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  text = strays_on (c, "2021-08-29");
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* Two of its communes merge: the merge arrives, and the successor's series is the same as
   * on a copy of everything. */
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "22738", "22741", "--into", "22738",
                                    "--date", "2021-08-29", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (b, &d, d.token_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_merges WHERE successor = '22738'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_successions "
                                      "WHERE predecessor = '22741' AND successor = '22738'"), ==, 1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbStore) on_b = gb_store_open (b, &error);
    g_autoptr(GbStore) on_c = gb_store_open (c, &error);
    g_autoptr(GArray) sb = gb_store_get_case_reports_carried (on_b, "22738", "2021-08-22", "2021-08-31", &error);
    g_autoptr(GArray) sc = gb_store_get_case_reports_carried (on_c, "22738", "2021-08-22", "2021-08-31", &error);
    gint64 total = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (sb->len, ==, sc->len);
    g_assert_cmpuint (sb->len, >, 0);
    for (guint i = 0; i < sb->len; i++)
      {
        GbCaseReport *x = &g_array_index (sb, GbCaseReport, i), *y = &g_array_index (sc, GbCaseReport, i);

        g_assert_cmpstr (x->date, ==, y->date);
        g_assert_cmpint (x->community, ==, y->community);
        total += y->community;
      }
    g_assert_cmpint (total, ==, gb_test_query_int (c, "SELECT coalesce (sum (community), 0) FROM case_reports "
                                                   "WHERE (unit_code = '22738' "
                                                   "       OR (unit_code = '22741' AND date < '2021-08-29')) "
                                                   "AND date BETWEEN '2021-08-22' AND '2021-08-31'"));
  }

  /* Across its edge: a commune of its own merged into one of another district ends on the
   * day and names no successor it does not hold; its district merged with another into a new
   * district brings the new one, its own communes under it, not the other's. */
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "22810", "22744", "--into", "22998", "--name",
                                    "Xã Mới", "--date", "2021-08-26", NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "582", "585", "--into", "597", "--name",
                                    "Thành phố Phan Rang Ninh Sơn", "--date", "2021-08-30", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM units WHERE code = '22744' "
                                      "AND valid_to = '2021-08-26'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM units WHERE code = '22998'"), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_successions WHERE predecessor = '22744'"), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM units WHERE code = '597' AND parent_code = '58' "
                                      "AND name = 'Thành phố Phan Rang Ninh Sơn'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_successions WHERE successor = '597'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_successions WHERE predecessor = '582' "
                                      "AND successor = '597'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM units WHERE code = '585'"), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_versions v JOIN units u ON u.code = v.code "
                                      "WHERE v.parent_code = '597' AND u.parent_code = '582'"), ==,
                   gb_test_query_int (a, "SELECT count(*) FROM unit_versions v JOIN units u ON u.code = v.code "
                                      "WHERE v.parent_code = '597' AND u.parent_code = '582'"));
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_versions WHERE parent_code = '597'"), >, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_merges"), ==, 3);
  text = strays_on (c, "2021-08-31");
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  text = strays_on (c, "2021-08-25");
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbStore) store = gb_store_open (c, &error);
    g_autoptr(GPtrArray) districts = gb_reporting_list_districts (store, "2021-08-31", "2021-08-31", &error);
    gboolean seen = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < districts->len; i++)
      {
        GbReportingUnit *u = districts->pdata[i];

        g_assert_cmpstr (u->code, ==, "597");
        g_assert_cmpuint (g_array_index (u->days, GbReportingDay, 0).expected, ==,
                          gb_test_query_int (c, "SELECT count(*) FROM units WHERE parent_code = '582' "
                                             "AND (valid_to IS NULL OR valid_to > '2021-08-31')"));
        seen = TRUE;
      }
    g_assert_true (seen);
  }

  /* A district merged into its neighbour, which its laptop did not hold: the neighbour comes
   * with its row (its name, its place), not as a placeholder, and the district's communes are
   * under it from the day. */
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "589", "587", "--into", "587",
                                    "--date", "2021-08-25", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (e, &d, other_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (e, "SELECT count(*) FROM units WHERE code = '587' AND parent_code = '58' "
                                      "AND name = 'Huyện Ninh Phước'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (e, "SELECT count(*) FROM unit_successions WHERE successor = '587'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (e, "SELECT count(*) FROM units u WHERE u.parent_code = '587'"), ==, 0);
  text = strays_on (e, "2021-08-27");
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  text = strays_on (e, "2021-08-24");
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM units WHERE code IN ('587', '589')"), ==, 0);

  /* The copy whose area is 582 holds what the district's laptop holds; widened to the
   * province it holds the whole history, as a fresh copy of the province does; narrowed back,
   * what a fresh copy of the district holds. */
  sync_area (f, &d, d.token, "582");
  {
    g_autofree char *on_c = unit_history (c);
    g_autofree char *on_f = unit_history (f);

    g_assert_cmpstr (on_c, ==, on_f);
  }
  sync_area (f, &d, d.token, "58");
  fresh_area (&d, d.token, "58", &fresh);
  {
    g_autofree char *on_a = unit_history (a);
    g_autofree char *on_f = unit_history (f);
    g_autofree char *on_fresh = unit_history (fresh);

    g_assert_cmpstr (on_a, ==, on_fresh);
    g_assert_cmpstr (on_f, ==, on_fresh);
  }
  g_clear_pointer (&fresh, g_free);
  sync_area (f, &d, d.token, "582");
  fresh_area (&d, d.token, "582", &fresh);
  {
    g_autofree char *on_c = unit_history (c);
    g_autofree char *on_f = unit_history (f);
    g_autofree char *on_fresh = unit_history (fresh);

    g_assert_cmpstr (on_f, ==, on_fresh);
    g_assert_cmpstr (on_c, ==, on_fresh);
  }
  text = strays_on (f, "2021-08-29");
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  gb_sync_harness_daemon_teardown (&d);
}

/* Every unit the units' history of @db names (a version's unit and parent, a unit's parent, a
 * succession's two units) that @db lacks or holds as a placeholder (its code for a name), by
 * code, comma-separated. */
static char *
unheld_names (const char *db)
{
  return gb_test_query_text (db, "SELECT coalesce (group_concat (code, ','), '') FROM (SELECT DISTINCT n.code "
                             "FROM (SELECT code AS code FROM unit_versions UNION SELECT parent_code FROM unit_versions "
                             "      UNION SELECT parent_code FROM units UNION SELECT predecessor FROM unit_successions "
                             "      UNION SELECT successor FROM unit_successions) n "
                             "LEFT JOIN units u ON u.code = n.code "
                             "WHERE n.code IS NOT NULL AND (u.code IS NULL OR u.name = u.code) ORDER BY n.code)");
}

/* The districts @db holds, by code, comma-separated. */
static char *
held_districts (const char *db)
{
  return gb_test_query_text (db, "SELECT coalesce (group_concat (code, ','), '') "
                             "FROM (SELECT code FROM units WHERE level = 2 ORDER BY code)");
}

/* What a district's laptop holds after a two-step chain: its district merged with another into
 * a new one, which is merged again with a third into another: no unit its rows name is
 * missing or a placeholder, no unit outside its area's history is there. */
static void
assert_chain_held (const char *c)
{
  g_autofree char *text = unheld_names (c);

  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  text = held_districts (c);
  g_assert_cmpstr (text, ==, "582,596,597");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM units WHERE code = '596' AND parent_code = '58' "
                                      "AND name = 'Huyện Hai Bước'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM units WHERE level = 3 AND parent_code <> '582'"), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_successions WHERE predecessor = '597' "
                                      "AND successor = '596' AND date = '2021-08-29'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_successions"), ==, 2);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_versions WHERE parent_code = '596' "
                                      "AND valid_from = '2021-08-29'"), ==,
                   gb_test_query_int (c, "SELECT count(*) FROM units WHERE parent_code = '582'"));
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_merges"), ==, 2);
  for (guint i = 0; i < 3; i++)
    {
      const char *dates[] = { "2021-08-25", "2021-08-27", "2021-08-30" };

      text = strays_on (c, dates[i]);
      g_assert_cmpstr (text, ==, "");
      g_clear_pointer (&text, g_free);
    }
}

/* The units' history follows an area along every step of a chain of successions: district 582
 * merged with 585 into 597, then 597 with 586 into 596. A district's laptop synced at each
 * step, a fresh copy of the district, a copy whose area was another district and one whose
 * area was the province (then the district) all hold 596 with its name and place, the
 * succession 597 -> 596 and their communes' versions under it, and nothing of 585 or 586. */
static void
test_unit_merges_area_chain (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *c = gb_test_temp_db ();
  g_autofree char *f = gb_test_temp_db ();
  g_autofree char *g = gb_test_temp_db ();
  g_autofree char *fresh = NULL;
  g_autofree char *district_token = NULL;
  g_autofree char *district_file = NULL;
  g_autofree char *out = NULL;

  daemon_setup_small (&d);
  district_token = gb_sync_harness_add_user (&d, "huyen-phan-rang", "district:582");
  district_file = gb_test_write_temp ("district-token", district_token, -1);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  sync_area (f, &d, d.token, "58");
  sync_area (g, &d, d.token, "589");

  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "582", "585", "--into", "597", "--name",
                                    "Huyện Một Bước", "--date", "2021-08-26", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM units WHERE code = '597'"), ==, 1);

  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "units", "merge", "597", "586", "--into", "596", "--name",
                                    "Huyện Hai Bước", "--date", "2021-08-29", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, d.token_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  assert_chain_held (c);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbStore) store = gb_store_open (c, &error);
    g_autoptr(GPtrArray) districts = gb_reporting_list_districts (store, "2021-08-30", "2021-08-30", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (districts->len, ==, 1);
    g_assert_cmpstr (((GbReportingUnit *) districts->pdata[0])->code, ==, "596");
  }

  /* A fresh copy of the district, a copy of another district and one of the province whose
   * area becomes the district: the same. */
  fresh_area (&d, d.token, "582", &fresh);
  assert_chain_held (fresh);
  sync_area (g, &d, d.token, "582");
  sync_area (f, &d, d.token, "582");
  {
    g_autofree char *on_c = unit_history (c);
    g_autofree char *on_f = unit_history (f);
    g_autofree char *on_g = unit_history (g);
    g_autofree char *on_fresh = unit_history (fresh);

    g_assert_cmpstr (on_c, ==, on_fresh);
    g_assert_cmpstr (on_f, ==, on_fresh);
    g_assert_cmpstr (on_g, ==, on_fresh);
  }
  assert_chain_held (f);
  assert_chain_held (g);
  gb_sync_harness_daemon_teardown (&d);
}

/* Issue 21: the 2025 reform entered on an admin's laptop reaches a district's laptop as it
 * concerns its units: the new communes that keep a code of its own, under the new province from
 * the day, its communes' successions into them, the provinces'; no placeholder, no stray unit
 * before or after the day. */
static void
test_unit_merges_area_reform (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *file = gb_test_shared_data ("vietnam/reform-2025-07-01.json");
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *c = gb_test_temp_db ();
  g_autofree char *admin_token = NULL;
  g_autofree char *admin_file = NULL;
  g_autofree char *district_token = NULL;
  g_autofree char *district_file = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  const char *own_successions =
    "SELECT count(*) FROM unit_successions s JOIN units p ON p.code = s.predecessor "
    "JOIN units n ON n.code = s.successor WHERE (p.parent_code = '582' AND n.parent_code = '582') OR p.level = 1";
  const char *own_communes =
    "SELECT count(*) FROM unit_versions v JOIN units u ON u.code = v.code "
    "WHERE v.valid_from = '2025-07-01' AND v.parent_code = '56' AND u.parent_code = '582'";

  if (file == NULL || !g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("shared/data/vietnam/reform-2025-07-01.json is absent");
      return;
    }
  daemon_setup_small (&d);
  admin_token = gb_sync_harness_add_user (&d, "quan-tri", "admin");
  admin_file = gb_test_write_temp ("admin-token", admin_token, -1);
  district_token = gb_sync_harness_add_user (&d, "huyen-phan-rang", "district:582");
  district_file = gb_test_write_temp ("district-token", district_token, -1);
  g_assert_cmpint (cli_sync_token (a, &d, admin_file, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);
  g_assert_cmpint (gb_test_run_cli (a, NULL, NULL, "import-reform", file, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (a, &d, admin_file, &out), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli_sync_token (c, &d, district_file, &out), ==, 0);

  g_assert_cmpint (gb_test_query_int (c, own_communes), >, 0);
  g_assert_cmpint (gb_test_query_int (c, own_communes), ==, gb_test_query_int (a, own_communes));
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_successions WHERE predecessor = '58' "
                                      "AND successor = '56'"), ==, 1);
  g_assert_cmpint (gb_test_query_int (c, "SELECT count(*) FROM unit_successions"), ==,
                   gb_test_query_int (a, own_successions));
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM unit_successions"), >,
                   gb_test_query_int (a, own_successions));
  text = strays_on (c, "2025-07-02");
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  text = strays_on (c, "2025-06-30");
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  gb_sync_harness_daemon_teardown (&d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gb_test_tolerate_soup_dispose ();
  if (g_getenv ("GIAOBAND") == NULL || g_getenv ("GIAOBAN_CLI") == NULL)
    {
      g_printerr ("test-sync-daemon: GIAOBAND and GIAOBAN_CLI must name the programs\n");
      return 1;
    }
  if (g_strcmp0 (g_getenv ("GB_SYNC_DAEMON_PG"), "1") == 0)
    {
      int status;

      /* The fault loop against giaoband on PostgreSQL (the other tests use SQLite files). */
      if (!gb_test_pg_start (&pg))
        {
          g_printerr ("test-sync-daemon: skipped, the PostgreSQL server is not installed\n");
          return 77;
        }
      g_test_add_func ("/sync/daemon/fault-loop", test_fault_loop);
      g_test_add_func ("/sync/daemon/review-decisions", test_review_decisions);
      g_test_add_func ("/sync/daemon/area-change", test_area_change);
      g_test_add_func ("/sync/daemon/unit-merges", test_unit_merges);
      g_test_add_func ("/sync/daemon/unit-merges-area", test_unit_merges_area);
      g_test_add_func ("/sync/daemon/unit-merges-area-reform", test_unit_merges_area_reform);
      g_test_add_func ("/sync/daemon/unit-merges-push-reads", test_unit_merges_push_reads);
      g_test_add_func ("/sync/daemon/unit-merges-area-chain", test_unit_merges_area_chain);
      status = g_test_run ();
      gb_test_pg_stop (&pg);
      return status;
    }
  g_test_add_func ("/sync/daemon/initial-push-conflict", test_initial_push_conflict);
  g_test_add_func ("/sync/daemon/field-merge", test_field_merge);
  g_test_add_func ("/sync/daemon/private-ca", test_private_ca);
  g_test_add_func ("/sync/daemon/busy-server", test_busy_server);
  g_test_add_func ("/sync/daemon/area-district", test_area_district);
  g_test_add_func ("/sync/daemon/area-change", test_area_change);
  g_test_add_func ("/sync/daemon/kills", test_kills);
  g_test_add_func ("/sync/daemon/cli-edits", test_cli_edits);
  g_test_add_func ("/sync/daemon/review-decisions", test_review_decisions);
  g_test_add_func ("/sync/daemon/unit-merges", test_unit_merges);
  g_test_add_func ("/sync/daemon/unit-merges-area", test_unit_merges_area);
  g_test_add_func ("/sync/daemon/unit-merges-area-reform", test_unit_merges_area_reform);
  g_test_add_func ("/sync/daemon/unit-merges-push-reads", test_unit_merges_push_reads);
  g_test_add_func ("/sync/daemon/unit-merges-area-chain", test_unit_merges_area_chain);
  g_test_add_func ("/sync/daemon/fault-loop", test_fault_loop);
  return g_test_run ();
}
