/* test-sync-pg.c — giaoband on PostgreSQL: two giaoband processes on one database, laptops
 * syncing through either, switching between them mid-sync, a restored database,
 * sync by area, the field-by-field merge and tokens revoked
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts its own PostgreSQL cluster (gb-test-pg.c) and skips only when the
 * PostgreSQL server's programs are not installed. Laptops reach the giaoband processes through
 * one address, a proxy standing for the load balancer (a copy's cursor belongs to one server
 * address); the proxy's upstream is which process answers. The server's rows are compared
 * through a fresh copy synced from it: every laptop must equal it, table by table.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>

#include "gb-demo.h"
#include "gb-store.h"
#include "gb-fault-proxy.h"
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-sync-client.h"
#include "gb-sync-harness.h"
#include "gb-test-pg.h"
#include "gb-test-util.h"
#include "gb-types.h"

typedef struct
{
  GbTestPg            pg;
  char               *demo;      /* the SQLite database loaded into PostgreSQL */
  GbSyncHarnessDaemon d[2];      /* two giaoband on the one database */
  GbFaultProxy       *lb;        /* the load balancer in front of them */
  char               *lb_url;
} Fixture;

static void
run_giaoband (const char *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("GIAOBAND"));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  p = g_subprocess_newv ((const char * const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, &error));
  if (!g_subprocess_get_successful (p))
    g_error ("giaoband %s failed: %s", first, out);
}

/* FALSE: no PostgreSQL here, the test is skipped. With @demo, the demo loaded first. */
static gboolean
fixture_setup_with (Fixture    *f,
                    gboolean    demo,
                    const char *server_options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;

  memset (f, 0, sizeof *f);
  if (!gb_test_pg_start_with (&f->pg, server_options))
    {
      g_test_skip ("the PostgreSQL server (postgresql-15) is not installed");
      return FALSE;
    }
  f->demo = gb_test_temp_db ();
  if (demo)
    {
      store = gb_store_open (f->demo, &error);
      g_assert_no_error (error);
      g_assert_true (gb_demo_load (store, &error));
      g_clear_object (&store);
      run_giaoband ("load", f->demo, "--database", f->pg.uri, NULL);
    }
  for (guint i = 0; i < 2; i++)
    {
      GbSyncHarnessDaemon *d = &f->d[i];

      d->db = g_strdup (f->pg.uri);
      d->port = gb_sync_harness_free_port ();
      d->url = g_strdup_printf ("http://127.0.0.1:%u", d->port);
      d->token = i == 0 ? gb_sync_harness_add_user (d, "thu-ky", "secretary") : g_strdup (f->d[0].token);
      d->token_file = gb_test_write_temp ("token", d->token, -1);
      gb_sync_harness_daemon_start (d);
    }
  f->lb = gb_fault_proxy_new (f->d[0].port, &error);
  g_assert_no_error (error);
  f->lb_url = g_strdup_printf ("http://127.0.0.1:%u", gb_fault_proxy_get_port (f->lb));
  return TRUE;
}

static gboolean
fixture_setup_full (Fixture  *f,
                    gboolean  demo)
{
  return fixture_setup_with (f, demo, NULL);
}

static gboolean
fixture_setup (Fixture *f)
{
  return fixture_setup_full (f, TRUE);
}

static void
fixture_teardown (Fixture *f)
{
  gb_fault_proxy_free (f->lb);
  g_free (f->lb_url);
  for (guint i = 0; i < 2; i++)
    gb_sync_harness_daemon_teardown (&f->d[i]);
  gb_test_pg_stop (&f->pg);
  g_free (f->demo);
}

/* A sync of @db through the load balancer, answered by giaoband number @via. */
static GbSyncSummary *
sync_with (Fixture             *f,
           const char          *db,
           guint                via,
           GCancellable        *cancellable,
           GCallback            progress,
           gpointer             data,
           GError             **error)
{
  g_autoptr(GbSyncClient) client = gb_sync_client_new (db, f->lb_url, f->d[0].token);

  gb_fault_proxy_set_upstream (f->lb, f->d[via].port);
  g_object_set (client, "max-attempts", 1, "timeout", 10, "page-size", 1000, NULL);
  return gb_sync_harness_sync (client, cancellable, progress, data, error);
}

static void
sync_ok (Fixture    *f,
         const char *db,
         guint       via)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s = sync_with (f, db, via, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
}

/* A fresh copy of the server's rows, through giaoband number @via. */
static char *
server_copy (Fixture *f,
             guint    via)
{
  char *db = gb_test_temp_db ();

  sync_ok (f, db, via);
  return db;
}

static GbStore *
open_outbox (const char *db)
{
  g_autoptr(GError) error = NULL;
  GbStore *store = gb_store_open (db, &error);

  g_assert_no_error (error);
  g_assert_true (gb_store_sync_enable_outbox (store, &error));
  return store;
}

/* Two laptops through two giaoband, edits on both: every copy equal to the server. */
static void
test_two_daemons (void)
{
  Fixture f;
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autofree char *first = NULL;
  g_autofree char *server = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GError) error = NULL;
  gint64 item;

  if (!fixture_setup (&f))
    return;
  sync_ok (&f, a, 0);
  sync_ok (&f, b, 1);
  /* Loaded into PostgreSQL, the demo reaches a laptop as it is in SQLite. */
  gb_sync_harness_assert_same (a, f.demo, TRUE);
  gb_sync_harness_assert_same (b, f.demo, TRUE);

  sa = open_outbox (a);
  sb = open_outbox (b);
  item = gb_sync_harness_first_item (sa);
  g_assert_true (gb_store_tracker_set_status (sa, item, "in_progress", "A", &error));
  g_assert_true (gb_store_tracker_add_progress (sa, item, "2021-09-02", "Đã họp triển khai", "A", &error));
  g_assert_true (gb_store_tracker_add_progress (sb, gb_sync_harness_first_item (sb) + 1, "2021-09-03",
                                                "Đã kiểm tra các chốt", "B", &error));
  g_assert_no_error (error);
  sync_ok (&f, a, 0);
  sync_ok (&f, b, 1);
  sync_ok (&f, a, 1);
  sync_ok (&f, b, 0);
  g_assert_cmpint (gb_store_sync_outbox_count (sa), ==, 0);
  g_assert_cmpint (gb_store_sync_outbox_count (sb), ==, 0);
  server = server_copy (&f, 0);
  gb_sync_harness_assert_same (a, server, TRUE);
  gb_sync_harness_assert_same (b, server, TRUE);
  first = server_copy (&f, 1);
  gb_sync_harness_assert_same (first, server, TRUE);
  fixture_teardown (&f);
}

typedef struct
{
  GCancellable *cancellable;
  gint64        at;
} Stop;

static void
stop_cb (GbSyncClient *client,
         gint64        done,
         gint64        total,
         double        fraction,
         gpointer      data)
{
  Stop *s = data;

  if (done >= s->at)
    g_cancellable_cancel (s->cancellable);
}

/* A laptop stopped mid-sync on one giaoband and finishing on the other while a second laptop
 * writes: nothing lost, nothing twice. */
static void
test_switch_mid_sync (void)
{
  Fixture f;
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autofree char *server = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GError) error = NULL;
  Stop stop = { cancellable, 20000 };

  if (!fixture_setup (&f))
    return;
  sync_ok (&f, b, 1);
  s = sync_with (&f, a, 0, cancellable, G_CALLBACK (stop_cb), &stop, &error);
  g_assert_null (s);
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_autoptr(GbStore) partial = gb_store_open (a, &error);

    g_assert_no_error (error);
    g_assert_cmpint (gb_store_sync_get_cursor (partial), >, 0);
  }

  /* Meanwhile B writes through the other giaoband. */
  sb = open_outbox (b);
  g_assert_true (gb_store_tracker_set_status (sb, gb_sync_harness_first_item (sb), "done", "B", &error));
  g_assert_no_error (error);
  sync_ok (&f, b, 1);

  /* The other giaoband takes over where the first left off (the same address, the same feed). */
  g_clear_pointer (&s, gb_sync_summary_free);
  s = sync_with (&f, a, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->cursor, >=, stop.at);
  g_assert_cmpint (s->pulled, <, 65000);
  server = server_copy (&f, 0);
  gb_sync_harness_assert_same (a, server, TRUE);
  gb_sync_harness_assert_same (b, server, TRUE);
  fixture_teardown (&f);
}

/* The database restored from a dump taken before a laptop's push: giaoband epoch gives the
 * feed a new epoch, the laptop syncs again from the start and sends its edit again. */
static void
test_restored (void)
{
  Fixture f;
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autoptr(GbStore) sb = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *server = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GError) error = NULL;

  if (!fixture_setup (&f))
    return;
  sync_ok (&f, a, 0);
  dump = g_build_filename (f.pg.dir, "backup.dump", NULL);
  gb_test_pg_tool (&f.pg, "pg_dump", "--format=custom", "--file", dump, f.pg.uri, NULL);

  sa = open_outbox (a);
  g_assert_cmpint (gb_store_tracker_add_progress (sa, gb_sync_harness_first_item (sa), "2021-09-04",
                                                  "Đã gửi trước khi khôi phục", "A", &error), >, 0);
  g_assert_no_error (error);
  sync_ok (&f, a, 0);
  before = gb_store_sync_get_state (sa, "server_epoch");
  g_assert_nonnull (before);

  /* The documented restore (docs/deploy.md): pg_restore, then a new epoch, giaoband running. */
  gb_test_pg_tool (&f.pg, "pg_restore", "--clean", "--if-exists", "--single-transaction", "--dbname", f.pg.uri,
                   dump, NULL);
  run_giaoband ("epoch", "--database", f.pg.uri, NULL);
  /* The server goes on (another laptop's edits) before this laptop comes back. */
  sync_ok (&f, b, 0);
  sb = open_outbox (b);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (gb_store_tracker_add_progress (sb, gb_sync_harness_first_item (sb), "2021-09-05",
                                                    "Sau khôi phục", "B", &error), >, 0);
  g_assert_no_error (error);
  sync_ok (&f, b, 0);
  sync_ok (&f, a, 1);
  after = gb_store_sync_get_state (sa, "server_epoch");
  g_assert_cmpstr (before, !=, after);
  g_assert_cmpint (gb_store_sync_outbox_count (sa), ==, 0);

  /* The edit lost in the restore came back from the laptop. */
  sync_ok (&f, b, 1);
  server = server_copy (&f, 0);
  gb_sync_harness_assert_same (a, server, TRUE);
  gb_sync_harness_assert_same (b, server, TRUE);
  fixture_teardown (&f);
}

/* A copy of the demo kept for @area, synced from @url. */
static char *
area_copy (const char *url,
           const char *token,
           const char *area)
{
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  char *db = gb_test_temp_db ();

  client = gb_sync_client_new (db, url, token);
  gb_sync_client_set_area (client, area);
  g_object_set (client, "max-attempts", 1, "timeout", 10, "page-size", 1000, NULL);
  s = gb_sync_harness_sync (client, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  return db;
}

/* What psql prints for @sql on the cluster, unaligned and without headers. */
static char *
psql_out (GbTestPg   *pg,
          const char *sql)
{
  g_autofree char *psql = g_build_filename (pg->bindir, "psql", NULL);
  const char *argv[] = { psql, "-X", "-A", "-t", "-d", pg->uri, "-c", sql, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("psql: %s", err);
  return out;
}

/* An area's page reads gb_rows by its province index (migration 0110), not the whole feed:
 * EXPLAIN of its two ranges, as gb-store-pg-feed.c reads them (the demo is small, so the
 * planner is told not to prefer a scan, nor a bitmap of its few rows sorted afterwards, which
 * it picks or not by the table's statistics of the moment); and the rows of the communes are
 * labelled. */
static void
assert_area_indexed (GbTestPg   *pg,
                     const char *area)
{
  g_autofree char *everyone = psql_out (pg, "SET enable_seqscan = off; SET enable_bitmapscan = off; "
                                        "EXPLAIN SELECT seq FROM gb_rows "
                                        "WHERE coalesce (province, '') = '' AND seq > 0 ORDER BY seq LIMIT 1000");
  g_autofree char *sql = g_strdup_printf ("SET enable_seqscan = off; SET enable_bitmapscan = off; EXPLAIN SELECT seq FROM gb_rows "
                                          "WHERE coalesce (province, '') = gb_area_province ('%s') AND seq > 0 "
                                          "ORDER BY seq LIMIT 1000",
                                          area);
  g_autofree char *own = psql_out (pg, sql);
  g_autofree char *unlabelled = psql_out (pg, "SELECT count(*) FROM gb_rows r JOIN gb_rows u ON u.tbl = 'units' "
                                          "AND u.ident = 'units:' || (r.key::json ->> 'unit_code') "
                                          "WHERE r.tbl = 'case_reports' AND r.op = 'upsert' "
                                          "AND u.row_obj::json ->> 'level' = '3' AND r.province IS NULL");

  g_test_message ("%s%s", everyone, own);
  /* An index range already in seq order: no sort. */
  g_assert_nonnull (strstr (everyone, "Scan using gb_rows_province"));
  g_assert_null (strstr (everyone, "Sort"));
  g_assert_nonnull (strstr (own, "Scan using gb_rows_province"));
  g_assert_null (strstr (own, "Sort"));
  g_assert_cmpstr (g_strstrip (unlabelled), ==, "0");
}

/* Sync by area: a laptop of one district gets from PostgreSQL exactly what it gets from the
 * same data on SQLite, its communes and no other district's. */
static void
test_area (void)
{
  Fixture f;
  GbSyncHarnessDaemon s = { 0 };
  g_autofree char *district = NULL;
  g_autofree char *from_pg = NULL;
  g_autofree char *from_sqlite = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;

  if (!fixture_setup (&f))
    return;
  g_assert_cmpint (sqlite3_open_v2 (f.demo, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT code FROM units WHERE level = 2 ORDER BY code LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  district = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);

  from_pg = area_copy (f.lb_url, f.d[0].token, district);
  s.db = g_strdup (f.demo);
  s.port = gb_sync_harness_free_port ();
  s.url = g_strdup_printf ("http://127.0.0.1:%u", s.port);
  s.token = gb_sync_harness_add_user (&s, "thu-ky", "secretary");
  gb_sync_harness_daemon_start (&s);
  from_sqlite = area_copy (s.url, s.token, district);

  sql = g_strdup_printf ("SELECT count(*) FROM case_reports r JOIN units u ON u.code = r.unit_code "
                         "WHERE u.level = 3 AND u.parent_code IS NOT '%s'", district);
  g_assert_cmpint (gb_test_query_int (f.demo, sql), >, 0);
  g_assert_cmpint (gb_test_query_int (from_pg, sql), ==, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM case_reports r JOIN units u ON u.code = r.unit_code "
                         "WHERE u.level = 3 AND u.parent_code = '%s'", district);
  g_assert_cmpint (gb_test_query_int (from_pg, sql), >, 0);
  g_assert_cmpint (gb_test_query_int (from_pg, sql), ==, gb_test_query_int (f.demo, sql));
  gb_sync_harness_assert_same (from_pg, from_sqlite, TRUE);
  assert_area_indexed (&f.pg, district);
  gb_sync_harness_daemon_teardown (&s);
  fixture_teardown (&f);
}

/* Two laptops through the two giaoband edit one item: different fields merge on PostgreSQL as
 * on SQLite, and only a field both changed is a conflict (the field merge over the storage ops). */
static void
test_field_merge (void)
{
  Fixture f;
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autofree char *server = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  gint64 item_a, item_b;

  if (!fixture_setup (&f))
    return;
  sync_ok (&f, a, 0);
  sync_ok (&f, b, 1);
  sa = open_outbox (a);
  sb = open_outbox (b);
  item_a = gb_sync_harness_first_item (sa);
  item_b = gb_sync_harness_first_item (sb);
  g_assert_true (gb_store_tracker_set_status (sa, item_a, "in_progress", "A", &error));
  g_assert_true (gb_store_tracker_set_due (sb, item_b, "2021-12-31", &error));
  g_assert_no_error (error);
  sync_ok (&f, a, 0);
  s = sync_with (&f, b, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->conflicts, ==, 0);
  g_clear_pointer (&s, gb_sync_summary_free);
  sync_ok (&f, a, 1);
  server = server_copy (&f, 0);
  g_assert_cmpint (gb_test_query_int (server, "SELECT count(*) FROM items WHERE status = 'in_progress' "
                                              "AND due_date = '2021-12-31'"), ==, 1);
  gb_sync_harness_assert_same (a, server, TRUE);
  gb_sync_harness_assert_same (b, server, TRUE);

  g_assert_true (gb_store_tracker_set_status (sa, item_a, "done", "A", &error));
  g_assert_true (gb_store_tracker_set_status (sb, item_b, "cancelled", "B", &error));
  g_assert_true (gb_store_tracker_set_due (sb, item_b, "2022-01-15", &error));
  g_assert_no_error (error);
  sync_ok (&f, a, 0);
  s = sync_with (&f, b, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->conflicts, ==, 1);
  g_clear_pointer (&server, g_free);
  server = server_copy (&f, 1);
  g_assert_cmpint (gb_test_query_int (server, "SELECT count(*) FROM items WHERE status = 'done' "
                                              "AND due_date = '2022-01-15'"), ==, 1);
  fixture_teardown (&f);
}

/* A laptop with @token at @url reports twice the same unit-day (two revisions) and once a value
 * held for review; then a fresh copy of that server. */
static char *
history_copy (const char *url,
              const char *token)
{
  static const char *const reports[] = {
    "22738,2021-08-31,1,0\n", "22738,2021-08-31,2,0\n", "22738,2021-08-30,900,0\n",
  };
  g_autofree char *laptop = gb_test_temp_db ();
  char *fresh;

  {
    g_autoptr(GbSyncClient) client = gb_sync_client_new (laptop, url, token);
    g_autoptr(GError) error = NULL;

    g_object_set (client, "max-attempts", 1, "timeout", 10, "page-size", 1000, NULL);
    for (guint i = 0; i <= G_N_ELEMENTS (reports); i++)
      {
        g_autoptr(GbSyncSummary) done = NULL;

        if (i > 0)
          {
            g_autofree char *csv = g_strconcat ("Mã xã,Ngày,Ca cộng đồng,Ca trong khu cách ly\n", reports[i - 1], NULL);
            g_autofree char *file = gb_test_write_temp ("cases.csv", csv, -1);

            g_assert_cmpint (gb_test_run_cli (laptop, NULL, NULL, "import-cases", file, NULL), ==, 0);
          }
        done = gb_sync_harness_sync (client, NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpint (gb_test_query_int (laptop, "SELECT count(*) FROM outbox"), ==, 0);
      }
  }
  fresh = area_copy (url, token, NULL);
  return fresh;
}

/* The revisions of the daily numbers and the values held for review travel through the
 * PostgreSQL feed as through SQLite's: a fresh copy of either server holds the same superseded
 * revisions and review items (issue 18). */
static void
test_history (void)
{
  Fixture f;
  GbSyncHarnessDaemon s = { 0 };
  g_autofree char *admin = NULL;
  g_autofree char *from_pg = NULL;
  g_autofree char *from_sqlite = NULL;
  const char *history = "SELECT group_concat (unit_code || ' ' || date || ' ' || coalesce (community, '-') || ' ' "
                        "|| removed || ' ' || superseded, '; ') FROM (SELECT * FROM case_report_history "
                        "WHERE superseded = 1 ORDER BY unit_code, date, received_at)";
  const char *review = "SELECT group_concat (unit_code || ' ' || date || ' ' || field || ' ' || value || ' ' || rule, '; ') "
                       "FROM (SELECT * FROM review_items ORDER BY unit_code, date, field)";

  /* No rows needed: only the users. */
  if (!fixture_setup_full (&f, FALSE))
    return;
  admin = gb_sync_harness_add_user (&f.d[0], "quan-tri", "admin");
  from_pg = history_copy (f.lb_url, admin);
  s.db = g_strdup (f.demo);
  s.port = gb_sync_harness_free_port ();
  s.url = g_strdup_printf ("http://127.0.0.1:%u", s.port);
  g_free (admin);
  admin = gb_sync_harness_add_user (&s, "quan-tri", "admin");
  gb_sync_harness_daemon_start (&s);
  from_sqlite = history_copy (s.url, admin);

  {
    g_autofree char *h_pg = gb_test_query_text (from_pg, history);
    g_autofree char *h_sqlite = gb_test_query_text (from_sqlite, history);
    g_autofree char *r_pg = gb_test_query_text (from_pg, review);
    g_autofree char *r_sqlite = gb_test_query_text (from_sqlite, review);

    g_test_message ("superseded revisions: PostgreSQL %s; SQLite %s", h_pg, h_sqlite);
    g_test_message ("review items: PostgreSQL %s; SQLite %s", r_pg, r_sqlite);
    g_assert_nonnull (h_sqlite);
    g_assert_nonnull (strstr (h_sqlite, "22738 2021-08-31 1 0 1"));
    g_assert_cmpstr (h_pg, ==, h_sqlite);
    g_assert_nonnull (r_sqlite);
    g_assert_cmpstr (r_pg, ==, r_sqlite);
  }
  gb_sync_harness_assert_same (from_pg, from_sqlite, TRUE);
  gb_sync_harness_daemon_teardown (&s);
  fixture_teardown (&f);
}

/* A sync of @db straight to @url (no balancer). */
static void
sync_direct (const char *db,
             const char *url,
             const char *token)
{
  g_autoptr(GbSyncClient) client = gb_sync_client_new (db, url, token);
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (client, "max-attempts", 1, "timeout", 10, "page-size", 1000, NULL);
  s = gb_sync_harness_sync (client, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
}

/* A member of giaoband's health answer. */
static gint64
health_int (const char *url,
            const char *member)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (url, "/api/v1/health", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error));
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), member);
}

static void
standby_sql (GbTestPg   *standby,
             const char *sql)
{
  g_autofree char *port = g_strdup_printf ("%u", standby->port);

  gb_test_pg_tool (standby, "psql", "-h", standby->dir, "-p", port, "-U", "giaoban", "-d", "postgres", "-Atc", sql,
                   NULL);
}

/* giaoband with a streaming replica (issue 18): feed pages are read from it, a laptop whose
 * own push the replica has not replayed yet reads from the primary, and with the replica
 * stopped every sync still succeeds through the primary. Every copy equal to the server. */
static void
test_replica (void)
{
  Fixture f;
  GbTestPg standby;
  GbSyncHarnessDaemon r = { 0 };
  const char *args[] = { "--replica", NULL, NULL };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autofree char *server = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GError) error = NULL;
  gint64 served, fallbacks;

  if (!fixture_setup (&f))
    return;
  g_assert_true (gb_test_pg_start_standby (&f.pg, &standby));
  args[1] = standby.uri;
  r.db = g_strdup (f.pg.uri);
  r.port = gb_sync_harness_free_port ();
  r.url = g_strdup_printf ("http://127.0.0.1:%u", r.port);
  r.args = args;
  gb_sync_harness_daemon_start (&r);

  /* Two laptops sync and edit through it. */
  sync_direct (a, r.url, f.d[0].token);
  sync_direct (b, r.url, f.d[0].token);
  sa = open_outbox (a);
  sb = open_outbox (b);
  g_assert_true (gb_store_tracker_set_status (sa, gb_sync_harness_first_item (sa), "in_progress", "A", &error));
  g_assert_cmpint (gb_store_tracker_add_progress (sb, gb_sync_harness_first_item (sb), "2021-09-05", "Qua bản sao",
                                                  "B", &error), >, 0);
  g_assert_no_error (error);
  sync_direct (a, r.url, f.d[0].token);
  sync_direct (b, r.url, f.d[0].token);
  sync_direct (a, r.url, f.d[0].token);
  served = health_int (r.url, "replica_pages");
  g_test_message ("pages from the replica %" G_GINT64_FORMAT ", from the primary %" G_GINT64_FORMAT, served,
                  health_int (r.url, "primary_pages"));
  g_assert_cmpint (served, >, 0);
  server = server_copy (&f, 0);
  gb_sync_harness_assert_same (a, server, TRUE);
  gb_sync_harness_assert_same (b, server, TRUE);

  /* The replica stops replaying: a laptop that pushes reads its own push from the primary. */
  standby_sql (&standby, "SELECT pg_wal_replay_pause ()");
  fallbacks = health_int (r.url, "primary_pages");
  g_assert_true (gb_store_tracker_set_status (sa, gb_sync_harness_first_item (sa), "done", "A", &error));
  g_assert_no_error (error);
  sync_direct (a, r.url, f.d[0].token);
  g_test_message ("replay paused: pages from the primary %" G_GINT64_FORMAT " (before: %" G_GINT64_FORMAT ")",
                  health_int (r.url, "primary_pages"), fallbacks);
  g_assert_cmpint (health_int (r.url, "primary_pages"), >, fallbacks);
  g_clear_pointer (&server, g_free);
  server = server_copy (&f, 0);
  g_assert_cmpint (gb_test_query_int (a, "SELECT count(*) FROM items WHERE status = 'done'"), ==,
                   gb_test_query_int (server, "SELECT count(*) FROM items WHERE status = 'done'"));
  gb_sync_harness_assert_same (a, server, TRUE);
  standby_sql (&standby, "SELECT pg_wal_replay_resume ()");

  /* The replica stops: syncs go on through the primary. */
  gb_test_pg_stop (&standby);
  g_assert_cmpint (gb_store_tracker_add_progress (sb, gb_sync_harness_first_item (sb), "2021-09-06", "Bản sao dừng",
                                                  "B", &error), >, 0);
  g_assert_no_error (error);
  sync_direct (b, r.url, f.d[0].token);
  sync_direct (a, r.url, f.d[0].token);
  g_clear_pointer (&server, g_free);
  server = server_copy (&f, 0);
  gb_sync_harness_assert_same (a, server, TRUE);
  gb_sync_harness_assert_same (b, server, TRUE);
  gb_sync_harness_daemon_teardown (&r);
  fixture_teardown (&f);
}

/* The status of @method @path on @url with @token, and its answer's "token" member. */
static guint
request (const char  *url,
         const char  *method,
         const char  *path,
         const char  *token,
         const char  *body,
         char       **new_token)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (url, path, NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (new_token != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                                 &error));
      *new_token = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                            "token"));
    }
  return soup_message_get_status (msg);
}

/* @token refused by the giaoband at @url within a second: the notification of the change
 * (migration 0170), not the tokens read again every 10 seconds nor a lookup kept 2. */
static void
assert_refused_soon (const char *url,
                     const char *token)
{
  gint64 start = g_get_monotonic_time ();

  while (request (url, "GET", "/api/v1/me", token, NULL, NULL) != 401)
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
      g_usleep (G_USEC_PER_SEC / 20);
    }
}

/* Tokens across two giaoband, which keep them to authenticate without asking PostgreSQL
 * (gb-store-pg-watch.c): one made through the first works at once through the second; one
 * revoked through the first is refused by it from the next request and by the second as soon
 * as the notification arrives; one revoked from the command line likewise by both. */
static void
test_tokens (void)
{
  Fixture f;
  g_autofree char *admin = NULL;
  g_autofree char *lap = NULL;
  g_autofree char *other = NULL;

  /* No rows needed: only the users. */
  if (!fixture_setup_full (&f, FALSE))
    return;
  admin = gb_sync_harness_add_user (&f.d[0], "quan-tri", "admin");
  g_assert_cmpuint (request (f.d[0].url, "POST", "/api/v1/users", admin, "{\"name\":\"lap\",\"role\":\"viewer\"}",
                             &lap), ==, 201);
  g_assert_cmpuint (request (f.d[1].url, "GET", "/api/v1/me", lap, NULL, NULL), ==, 200);
  g_assert_cmpuint (request (f.d[0].url, "GET", "/api/v1/me", lap, NULL, NULL), ==, 200);
  /* Both have it now; after the tokens were read again too. */
  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_cmpuint (request (f.d[1].url, "GET", "/api/v1/me", lap, NULL, NULL), ==, 200);
  g_assert_cmpuint (request (f.d[0].url, "POST", "/api/v1/users/revoke", admin, "{\"name\":\"lap\"}", NULL), ==, 200);
  g_assert_cmpuint (request (f.d[0].url, "GET", "/api/v1/me", lap, NULL, NULL), ==, 401);
  assert_refused_soon (f.d[1].url, lap);

  other = gb_sync_harness_add_user (&f.d[0], "lap-2", "viewer");
  g_assert_cmpuint (request (f.d[0].url, "GET", "/api/v1/me", other, NULL, NULL), ==, 200);
  g_assert_cmpuint (request (f.d[1].url, "GET", "/api/v1/me", other, NULL, NULL), ==, 200);
  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_cmpuint (request (f.d[1].url, "GET", "/api/v1/me", other, NULL, NULL), ==, 200);
  run_giaoband ("user", "revoke", "lap-2", "--database", f.pg.uri, NULL);
  assert_refused_soon (f.d[0].url, other);
  assert_refused_soon (f.d[1].url, other);
  /* The others still work. */
  g_assert_cmpuint (request (f.d[1].url, "GET", "/api/v1/me", admin, NULL, NULL), ==, 200);
  fixture_teardown (&f);
}

/* @url's /api/v1/health counters: the feed pages it made and the queries that made them. */
static void
made_counts (const char *url,
             gint64     *pages,
             gint64     *queries)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (url, "/api/v1/health", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o;

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                             &error));
  o = json_node_get_object (json_parser_get_root (parser));
  *pages = json_object_get_int_member (o, "pages_made");
  *queries = json_object_get_int_member (o, "page_queries");
}

/* A report of every commune for 20 days of @month, posted through @url. */
static void
post_days (Fixture    *f,
           const char *url,
           const char *admin,
           const char *month,
           guint      *n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (f->demo, &error);
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GString) csv = g_string_new ("unit_code,date,community,quarantine\n");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (url, "/api/v1/reports?kind=cases", NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", admin);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;

  g_assert_no_error (error);
  communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, NULL, &error);
  g_assert_no_error (error);
  for (guint d = 1; d <= 20; d++)
    for (guint i = 0; i < communes->len; i++)
      g_string_append_printf (csv, "%s,%s-%02u,%u,%u\n", ((GbUnit *) communes->pdata[i])->code, month, d, i % 7 + d,
                              i % 3);
  *n_rows = 20 * communes->len;
  body = g_bytes_new (csv->str, csv->len);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "text/csv", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

/* Until @url's giaoband has made the pages of a move of the feed: FALSE after 30 s. */
static gboolean
wait_for_pages (const char *url,
                gint64      queries_before)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gint64 pages = 0, queries = 0;

  for (;;)
    {
      made_counts (url, &pages, &queries);
      if (queries > queries_before)
        return TRUE;
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_usleep (G_USEC_PER_SEC / 20);
    }
}

/* Once the feed moved (a day's report through the other giaoband), each giaoband makes the
 * pages of the pulls from where it was, in the sizes laptops pulled in the last time: a laptop
 * pulling through it then finds every page made, and its copy is the server's. */
static void
test_warm (void)
{
  Fixture f;
  g_autofree char *laptop = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *fresh = NULL;
  gint64 pages, queries, pages_before, pages_after, queries_after;
  guint n_rows = 0;

  if (!fixture_setup (&f))
    return;
  admin = gb_sync_harness_add_user (&f.d[0], "admin-w", "admin");
  laptop = server_copy (&f, 1);

  /* The first month: made in the API's own size (no pull seen from where a feed moved yet); the
   * laptop's pull (500 rows, then 1,000 a page) is what giaoband learns from. */
  made_counts (f.d[1].url, &pages, &queries);
  post_days (&f, f.d[0].url, admin, "2022-03", &n_rows);
  g_assert_cmpuint (n_rows, >, 500);
  g_assert_true (wait_for_pages (f.d[1].url, queries));
  sync_ok (&f, laptop, 1);

  /* The next month: every page the laptop asks for (500 rows, then 1,000) was made before it
   * asked, and no other. */
  made_counts (f.d[1].url, &pages, &queries);
  post_days (&f, f.d[0].url, admin, "2022-04", &n_rows);
  pages_before = pages;
  g_assert_true (wait_for_pages (f.d[1].url, queries));
  made_counts (f.d[1].url, &pages, &queries);
  sync_ok (&f, laptop, 1);
  made_counts (f.d[1].url, &pages_after, &queries_after);
  g_assert_cmpint (pages_after, ==, pages);
  g_assert_cmpint (queries_after, ==, queries);
  g_assert_cmpint (pages_after - pages_before, >=, 2);
  g_assert_cmpint (gb_test_query_int (laptop, "SELECT count(*) FROM case_reports WHERE date LIKE '2022-04-%'"), ==,
                   n_rows);
  fresh = server_copy (&f, 0);
  gb_sync_harness_assert_same (laptop, fresh, TRUE);
  fixture_teardown (&f);
}

/* giaoband's statements are never compiled by PostgreSQL's JIT (gb-store-pg.c): on a server
 * that compiles every statement it plans (jit_above_cost=0) and logs each plan (auto_explain),
 * loading the demo, a district's area copy and a push leave no "JIT:" in any plan. */
static void
test_no_jit (void)
{
  Fixture f;
  g_autofree char *log = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) entries = NULL;
  guint plans = 0, compiled = 0;

  if (!fixture_setup_with (&f, TRUE, "-c shared_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 "
                                     "-c jit=on -c jit_above_cost=0"))
    return;
  copy = area_copy (f.lb_url, f.d[0].token, "582");
  g_assert_cmpint (gb_test_query_int (copy, "SELECT count(*) FROM units WHERE level = 3"), >, 0);
  {
    g_autofree char *path = g_build_filename (f.pg.dir, "log", NULL);

    g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  }
  entries = g_strsplit (log, "LOG:  duration:", -1);
  for (guint i = 1; entries[i] != NULL; i++)
    {
      const char *text = strstr (entries[i], "Query Text:");

      plans++;
      if (strstr (entries[i], "JIT:") != NULL)
        {
          compiled++;
          g_test_message ("compiled: %.160s", text ? text : entries[i]);
        }
    }
  g_test_message ("%u plans logged, %u compiled", plans, compiled);
  g_assert_cmpuint (plans, >, 20);
  g_assert_cmpuint (compiled, ==, 0);
  fixture_teardown (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gb_test_tolerate_soup_dispose ();
  g_test_add_func ("/sync/pg/two-daemons", test_two_daemons);
  g_test_add_func ("/sync/pg/switch-mid-sync", test_switch_mid_sync);
  g_test_add_func ("/sync/pg/restored", test_restored);
  g_test_add_func ("/sync/pg/area", test_area);
  g_test_add_func ("/sync/pg/field-merge", test_field_merge);
  g_test_add_func ("/sync/pg/history", test_history);
  g_test_add_func ("/sync/pg/replica", test_replica);
  g_test_add_func ("/sync/pg/tokens", test_tokens);
  g_test_add_func ("/sync/pg/warm", test_warm);
  g_test_add_func ("/sync/pg/no-jit", test_no_jit);
  return g_test_run ();
}
