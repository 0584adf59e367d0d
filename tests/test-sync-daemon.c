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
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-sync-client.h"
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
      g_autoptr(GSubprocess) load = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, g_getenv ("GIAOBAND"),
                                                      "load", d->db, "--database", pg.uri, NULL);

      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait_check (load, NULL, &error));
      g_assert_no_error (error);
      sqlite = g_steal_pointer (&d->db);
      d->db = g_strdup (pg.uri);
    }
  d->port = gb_sync_harness_free_port ();
  d->url = g_strdup_printf ("http://127.0.0.1:%u", d->port);
  d->token = gb_sync_harness_add_user (d, "thu-ky", "secretary");
  d->token_file = gb_test_write_temp ("token", d->token, -1);
  gb_sync_harness_daemon_start (d);
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
      status = g_test_run ();
      gb_test_pg_stop (&pg);
      return status;
    }
  g_test_add_func ("/sync/daemon/initial-push-conflict", test_initial_push_conflict);
  g_test_add_func ("/sync/daemon/kills", test_kills);
  g_test_add_func ("/sync/daemon/fault-loop", test_fault_loop);
  return g_test_run ();
}
