/* bench-sync.c — first sync and a one-day delta over loopback, next to plain SQLite inserts
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server: a database with every commune of the country (11,163, as in the 2009 census
 * map) and their daily case reports, generated deterministically, served page by page over
 * HTTP on 127.0.0.1 by a SoupServer in its own thread running giaoband's feed code
 * (gb_sync_feed_page_text(), as gb-daemon.c serves it). The client is the real GbSyncClient
 * with the shared codec, timed around the whole call (its connection opened, migrated, closed). The baseline inserts the same rows through the store API (prepared
 * statements) into an empty database in one transaction.
 *
 * The delta is the next few days (GB_BENCH_DELTA_DAYS, default 4), each added on the server and synced in turn, as a
 * laptop syncing every day would: sync.delta.day is their mean, so the WAL checkpoints that
 * fall due on some days and not on others (see run_job()) are counted at their real rate.
 *
 * GB_BENCH_DAYS sets how many days of reports (default 30: 346,000 rows), GB_BENCH_DELTA_DAYS how
 * many days of delta (default 4).
 */
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/resource.h>

#include "gb-error.h"
#include "gb-store.h"
#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-sync-feed.h"
#include "gb-test-util.h"

#define N_COMMUNES  11163
#define N_PROVINCES 63
#define N_DISTRICTS 700

static guint days = 30;

/* GB_BENCH_DELTA_DAYS sets how many (default 4; more for profiling the delta alone). */
static guint delta_days = 4;

/* ---- the generated feed --------------------------------------------------------------------- */

static gint64 rows;      /* units and case reports on the server */

static void
unit_code (guint i, char buf[16])
{
  g_snprintf (buf, 16, "%05u", 10000 + i);
}

/* Dates are made once: the feed server's own cost should not weigh on the client's figure
 * more than a daemon reading its database would. */
static char (*day_names)[11];

static void
day_iso (guint d, char buf[11])
{
  memcpy (buf, day_names[d], 11);
}

static void
make_days (guint n)
{
  day_names = g_malloc0_n (n, 11);
  for (guint d = 0; d < n; d++)
    {
      g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JUNE, 2021);

      g_date_add_days (date, d);
      g_date_strftime (day_names[d], 11, "%Y-%m-%d", date);
    }
}

static GbStore *server_store;   /* owned by the server thread */

static void
reply (SoupServerMessage *msg,
       guint              status,
       JsonNode          *node,
       const GError      *error)
{
  g_autofree char *text = node ? json_to_string (node, FALSE)
                               : g_strdup_printf ("{\"error\":\"%s\"}", error ? error->message : "failed");
  gsize len = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, g_steal_pointer (&text), len);
}

static void
changes_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  gint64 since = g_ascii_strtoll (query ? g_hash_table_lookup (query, "since") : "0", NULL, 10);
  gint64 limit = g_ascii_strtoll (query ? g_hash_table_lookup (query, "limit") : "1000", NULL, 10);
  g_autoptr(GError) error = NULL;
  /* As giaoband serves it (gb-daemon.c): the page's text straight from SQLite, not parsed
   * and written again. */
  gint64 next = 0;
  gboolean more = FALSE;
  const char *format = query ? g_hash_table_lookup (query, "format") : NULL;
  const char *area = query ? g_hash_table_lookup (query, "area") : NULL;
  char *text = gb_sync_feed_page_area_text (server_store, since, (guint) limit, g_strcmp0 (format, "compact") == 0,
                                            area, &next, &more, &error);

  if (text == NULL)
    {
      reply (msg, 400, NULL, error);
      return;
    }
  gb_sync_feed_set_page_headers (soup_server_message_get_response_headers (msg), next, more);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
push_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_autoptr(JsonNode) answer = request ? gb_sync_push_apply (server_store, "bench", request, &error) : NULL;

  reply (msg, answer ? 200 : 400, answer, error);
}

/* Units and days [first_day, first_day + n_days) of reports through the store API, in one
 * transaction. */
static void
put_rows (GbStore *store,
          gboolean units,
          guint    first_day,
          guint    n_days)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gb_store_begin (store, &error));
  /* The country's shape for sync by area: 63 provinces of 700 districts of the communes. */
  for (guint i = 0; units && i < N_PROVINCES + N_DISTRICTS; i++)
    {
      g_autoptr(GbUnit) unit = gb_unit_new ();

      unit->level = i < N_PROVINCES ? GB_UNIT_LEVEL_PROVINCE : GB_UNIT_LEVEL_DISTRICT;
      unit->code = i < N_PROVINCES ? g_strdup_printf ("%02u", i + 1) : g_strdup_printf ("%03u", 100 + i - N_PROVINCES);
      unit->parent_code = i < N_PROVINCES ? NULL : g_strdup_printf ("%02u", (i - N_PROVINCES) % N_PROVINCES + 1);
      unit->name = g_strdup_printf ("Đơn vị %s", unit->code);
      unit->population = unit->pop_18 = unit->pop_65 = -1;
      g_assert_true (gb_store_put_unit (store, unit, NULL, &error));
    }
  for (guint i = 0; units && i < N_COMMUNES; i++)
    {
      g_autoptr(GbUnit) unit = gb_unit_new ();
      char code[16];

      unit_code (i, code);
      unit->code = g_strdup (code);
      unit->parent_code = g_strdup_printf ("%03u", 100 + i % N_DISTRICTS);
      unit->level = GB_UNIT_LEVEL_COMMUNE;
      unit->name = g_strdup_printf ("Xã %u", i);
      unit->type = g_strdup ("Xã");
      unit->population = 3000 + (i * 37) % 20000;
      unit->pop_18 = unit->pop_65 = -1;
      g_assert_true (gb_store_put_unit (store, unit, NULL, &error));
    }
  for (guint d = first_day; d < first_day + n_days; d++)
    for (guint i = 0; i < N_COMMUNES; i++)
      {
        GbCaseReport cr;

        gb_case_report_init (&cr);
        unit_code (i, cr.unit_code);
        day_iso (d, cr.date);
        cr.community = (i * 7 + d * 13) % 11;
        cr.quarantine = (i + d) % 5;
        cr.unknown_source = (i * d) % 97 == 0;
        cr.deaths = (i + 3 * d) % 211 == 0;
        cr.recovered = (i * 3 + d) % 9;
        cr.tests = (i + d * 5) % 300;
        cr.simulated = TRUE;
        g_assert_true (gb_store_put_case_report (store, &cr, &error));
      }
  g_assert_true (gb_store_commit (store, &error));
}

typedef struct
{
  GMutex lock;
  GCond  cond;
  guint  day;
  gboolean done;
} AddDay;

/* Runs in the server thread: its connection carries the feed's triggers. */
static gboolean
add_day_cb (gpointer data)
{
  AddDay *add = data;

  put_rows (server_store, FALSE, add->day, 1);
  g_mutex_lock (&add->lock);
  add->done = TRUE;
  g_cond_signal (&add->cond);
  g_mutex_unlock (&add->lock);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GMutex        lock;
  GCond         cond;
  guint16       port;
  GMainContext *context;
  char         *db;
} ServerStart;

static gpointer
server_thread (gpointer data)
{
  ServerStart *start = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (context);
  server_store = gb_store_open (start->db, &error);
  g_assert_no_error (error);
  put_rows (server_store, TRUE, 0, days);
  g_assert_true (gb_sync_feed_install_triggers (server_store, &error));
  g_assert_true (gb_sync_feed_backfill (server_store, NULL, &error));
  g_assert_no_error (error);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, "/api/v1/changes", changes_cb, NULL, NULL);
  soup_server_add_handler (server, "/api/v1/push", push_cb, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("bench-sync: %s", error->message);
  uris = soup_server_get_uris (server);
  g_mutex_lock (&start->lock);
  start->port = g_uri_get_port (uris->data);
  start->context = context;
  g_cond_signal (&start->cond);
  g_mutex_unlock (&start->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  loop = g_main_loop_new (context, FALSE);
  g_main_loop_run (loop);
  return NULL;
}

/* CPU time of the whole process (client, its fetch thread and the in-process server), in
 * seconds: on a shared machine the wall-clock figures depend on the neighbours' load, this
 * much less. */
static double
cpu_seconds (void)
{
  struct rusage u;

  getrusage (RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

/* The same rows straight through the store's prepared statements, one transaction. */
static double
sqlite_rate (gint64 rows)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  gint64 start;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  put_rows (store, TRUE, 0, days);
  return rows / ((g_get_monotonic_time () - start) / 1e6);
}

int
main (int argc, char **argv)
{
  ServerStart start = { 0 };
  g_autofree char *path = gb_test_temp_db ();
  g_autofree char *url = NULL;
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GbStore) local = NULL;
  g_autoptr(GbSyncSummary) first = NULL;
  g_autoptr(GError) error = NULL;
  const char *env_days = g_getenv ("GB_BENCH_DAYS");
  double sync_rate, insert_rate, delta_seconds = 0, delta_max = 0, c0, first_cpu, delta_cpu;
  gint64 t0;

  if (env_days != NULL)
    days = MAX (1, (guint) g_ascii_strtoull (env_days, NULL, 10));
  days = MIN (days, 1000u);
  if (g_getenv ("GB_BENCH_DELTA_DAYS") != NULL)
    delta_days = CLAMP ((guint) g_ascii_strtoull (g_getenv ("GB_BENCH_DELTA_DAYS"), NULL, 10), 1u, 100u);
  rows = (gint64) N_COMMUNES * (days + 1) + N_PROVINCES + N_DISTRICTS;
  make_days (days + delta_days + 1);

  g_mutex_init (&start.lock);
  g_cond_init (&start.cond);
  start.db = gb_test_temp_db ();
  g_thread_unref (g_thread_new ("bench-server", server_thread, &start));
  g_mutex_lock (&start.lock);
  while (start.port == 0)
    g_cond_wait (&start.cond, &start.lock);
  g_mutex_unlock (&start.lock);
  url = g_strdup_printf ("http://127.0.0.1:%u", start.port);

  g_print ("bench-sync: generated set of national size in units (%u communes, %u days of case reports, %"
           G_GINT64_FORMAT " rows; not the 7.2 million rows of giaoband seed --national), served by giaoband's "
           "feed code (gb_sync_feed_page_text) in-process over loopback HTTP\n", N_COMMUNES, days, rows);

  client = gb_sync_client_new (path, url, "bench");
  /* As in the app (gb-sync-setup.c): the window's own connection stays open beside the sync
   * job's, so closing the job's connection is not closing the database's last one (which
   * would checkpoint the whole WAL each time, as giaoban-cli sync does when it exits). */
  local = gb_store_open (path, &error);
  g_assert_no_error (error);
  gb_sync_client_set_local_store (client, local);
  g_object_set (client, "page-size", GB_SYNC_FEED_MAX_PAGE, NULL);
  /* Timed around the whole call: opening and closing the client's connection count too. */
  c0 = cpu_seconds ();
  t0 = g_get_monotonic_time ();
  first = gb_sync_client_sync (client, NULL, &error);
  g_assert_no_error (error);
  /* The built-in rule sets travel too. */
  g_assert_cmpint (first->pulled, >=, rows);
  sync_rate = first->pulled / ((g_get_monotonic_time () - t0) / 1e6);
  first_cpu = cpu_seconds () - c0;

  insert_rate = sqlite_rate (rows);

  /* The next days on the server, 11,163 rows each, synced one by one. */
  c0 = cpu_seconds ();
  for (guint d = 0; d < delta_days; d++)
    {
      g_autoptr(GbSyncSummary) delta = NULL;
      AddDay add = { 0 };
      double seconds;

      g_mutex_init (&add.lock);
      g_cond_init (&add.cond);
      add.day = days + d;
      g_main_context_invoke (start.context, add_day_cb, &add);
      g_mutex_lock (&add.lock);
      while (!add.done)
        g_cond_wait (&add.cond, &add.lock);
      g_mutex_unlock (&add.lock);
      g_mutex_clear (&add.lock);
      g_cond_clear (&add.cond);

      t0 = g_get_monotonic_time ();
      delta = gb_sync_client_sync (client, NULL, &error);
      g_assert_no_error (error);
      seconds = (g_get_monotonic_time () - t0) / 1e6;
      g_assert_cmpint (delta->pulled, ==, N_COMMUNES);
      g_print ("bench-sync: day %u: %.1f ms\n", d + 1, seconds * 1000.0);
      delta_seconds += seconds / delta_days;
      delta_max = MAX (delta_max, seconds);
    }
  /* The server's writes are in it too, but they are outside the timed calls. */
  delta_cpu = (cpu_seconds () - c0) / delta_days;

  g_print ("bench-sync: CPU time of client and server threads together: first sync %.2f s, one-day delta %.0f ms "
           "(with adding the day on the server) "
           "(wall-clock figures below also depend on the other load on the machine)\n",
           first_cpu, delta_cpu * 1000.0);
  g_print ("bench: sync.initial.rows_per_s %.0f rows/s\n", sync_rate);
  g_print ("bench: sqlite.insert.rows_per_s %.0f rows/s\n", insert_rate);
  g_print ("bench: sync.initial.ratio_to_sqlite %.2f x\n", sync_rate / insert_rate);
  g_print ("bench-sync: one-day delta: mean of %u days %.1f ms, slowest %.1f ms\n", delta_days,
           delta_seconds * 1000.0, delta_max * 1000.0);
  g_print ("bench: sync.delta.day %.1f ms\n", delta_seconds * 1000.0);

  /* A province's laptop, empty, syncing its area from the national server: its communes
   * (about a 63rd of the country) and the provinces' rows. */
  {
    g_autofree char *area_path = gb_test_temp_db ();
    g_autoptr(GbSyncClient) area_client = gb_sync_client_new (area_path, url, "bench");
    g_autoptr(GbSyncSummary) area_first = NULL;
    double area_seconds;

    g_object_set (area_client, "page-size", GB_SYNC_FEED_MAX_PAGE, "area", "01", NULL);
    t0 = g_get_monotonic_time ();
    area_first = gb_sync_client_sync (area_client, NULL, &error);
    g_assert_no_error (error);
    area_seconds = (g_get_monotonic_time () - t0) / 1e6;
    g_assert_cmpint (area_first->pulled, <, rows / 20);
    g_print ("bench-sync: province 01: %" G_GINT64_FORMAT " rows in %.2f s\n", area_first->pulled, area_seconds);
    g_print ("bench: sync.area.province_initial_s %.2f s\n", area_seconds);
  }
  return 0;
}
