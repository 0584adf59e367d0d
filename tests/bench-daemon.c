/* bench-daemon.c — 200 laptops pulling a one-day delta from one giaoband at once
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server: the real giaoband on 127.0.0.1 over a database of every commune of the country
 * (giaoband seed --national --units-only, from ../shared), to which one day of case reports
 * for all 11,163 communes is then posted through /api/v1/reports, as a day's intake.
 *
 * The load: GB_BENCH_CLIENTS threads (default 200), each a laptop with its own token and its
 * own HTTP session, released together; each pulls that day's delta GB_BENCH_PULLS times
 * (default 3), page by page as the sync client does (limit=1000, format=compact, following
 * Giaoban-Next until Giaoban-More is false). Every request is timed and bounded (30 s).
 *
 * The laptops ask for gzip and are sent it, as the sync client is, but do not inflate it while
 * timed: on this machine 200 laptops' inflating took the same two cores as the server (36% of
 * the laptops' CPU, which was 4 times giaoband's during the pulls), so the times measured the
 * bench's own queue for the CPU more than the server; a real laptop inflates on its own CPU.
 * Each body is checked to be gzip (or JSON) and, once the timed pulls are done, one more pull
 * inflates and reads every page: its changes must be the day's rows, in as many pages as each
 * timed pull took. GB_BENCH_INFLATE=1 inflates every page while timed, as before.
 *
 * The laptops are made (200 users) after the report is posted, so the server has that long to
 * get ready for them. GB_BENCH_RACE=1 makes them first and lets them pull the moment the
 * report's answer is back: a giaoband making the day's pages when the feed moves is then
 * still at it when the first laptops ask.
 *
 *   bench: daemon.delta.p99.c200 VALUE ms    the 99th percentile of the requests' times
 *   bench: daemon.delta.errors.c200 N count  requests that failed or were not 200
 *
 * and what does not depend on how busy the machine is, from each giaoband's /api/v1/health
 * and /proc (every giaoband summed):
 *
 *   bench: daemon.delta.page_builds.c200 N count         feed pages made from the report on
 *   bench: daemon.delta.page_queries.c200 N count        the queries that made them
 *   bench: daemon.delta.cpu_ms_per_pull.c200 X ms        giaoband's CPU during the pulls / pulls
 *   bench: daemon.delta.db_queries_per_pull.c200.pg X count  statements to PostgreSQL during
 *                                                        the pulls / pulls (PostgreSQL only)
 *
 * The goal (issue 17) is a p99 ≤ 200 ms with 0 errors. Skipped without ../shared.
 *
 * With GB_BENCH_PG=1 (the benchmark daemon-pg), the same on PostgreSQL (issue 18): a throwaway
 * cluster (gb-test-pg.c) loaded from the seeded SQLite file (giaoband load), two giaoband
 * processes on it, the report posted to the first and the laptops spread over both; the
 * figures are named daemon.delta.*.c200.pg. Skipped too without the PostgreSQL server.
 */
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "gb-store.h"
#include "gb-test-daemon.h"
#include "gb-test-pg.h"
#include "gb-test-util.h"
#include "gb-types.h"

typedef struct
{
  const char *url;
  char       *token;
  gint64      since;
  guint       pulls;
  GArray     *times;    /* double ms, each request */
  guint       errors;
  GCancellable *cancel; /* cancelled by the watchdog past 30 s */
  gsize       started;  /* µs, of the request in flight (atomic), 0 between requests */
} Client;

#define REQUEST_LIMIT_US (30 * G_USEC_PER_SEC)

static gboolean inflate_timed;
static gint watchdog_stop;
static guint n_watched;
static GMutex gate_lock;
static GCond gate_cond;
static gboolean gate_open;

static void
wait_for_gate (void)
{
  g_mutex_lock (&gate_lock);
  while (!gate_open)
    g_cond_wait (&gate_cond, &gate_lock);
  g_mutex_unlock (&gate_lock);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GBytes **body = data;

  *body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  if (*body == NULL)
    *body = g_bytes_new (NULL, 0);  /* done, failed: the status says so */
}

/* The async call, its thread's own context iterated until it is done: the blocking call made
 * from threads left a connection the server had closed in its pool, unreleased, and waited
 * for it forever (two runs in four at 200 clients). */
static GBytes *
send_and_read (SoupSession  *session,
               SoupMessage  *msg,
               GCancellable *cancel)
{
  GBytes *body = NULL;

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancel, sent_cb, &body);
  while (body == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (g_bytes_get_size (body) == 0 && soup_message_get_status (msg) != 200)
    g_clear_pointer (&body, g_bytes_unref);
  return body;
}

/* A page as it came: gzip when the answer says so (its magic number), else JSON. */
static gboolean
body_looks_right (SoupMessage *msg,
                  GBytes      *body)
{
  const char *encoding = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Encoding");
  gsize len = 0;
  const guchar *data = g_bytes_get_data (body, &len);

  if (len < 2)
    return FALSE;
  /* Inflated by SoupContentDecoder, the header stays. */
  if (g_strcmp0 (encoding, "gzip") == 0 && !inflate_timed)
    return data[0] == 0x1f && data[1] == 0x8b;
  return data[0] == '{';
}

/* One pull of the delta, page by page; FALSE when a request failed. */
static gboolean
pull (Client      *c,
      SoupSession *session)
{
  gint64 since = c->since;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *uri = g_strdup_printf ("%s/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=1000&format=compact",
                                              c->url, since);
      g_autofree char *auth = g_strdup_printf ("Bearer %s", c->token);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      g_autoptr(GBytes) body = NULL;
      const char *next, *more_text;
      gint64 start = g_get_monotonic_time ();
      double ms;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      /* What SoupContentDecoder would ask for, without it (see above). */
      if (!inflate_timed)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Encoding", "gzip, deflate");
      g_atomic_pointer_set (&c->started, (gsize) start);
      body = send_and_read (session, msg, c->cancel);
      g_atomic_pointer_set (&c->started, (gsize) 0);
      g_cancellable_reset (c->cancel);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (c->times, ms);
      if (body == NULL || soup_message_get_status (msg) != 200)
        {
          c->errors++;
          return FALSE;
        }
      if (!body_looks_right (msg, body))
        {
          c->errors++;
          return FALSE;
        }
      next = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Giaoban-Next");
      more_text = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Giaoban-More");
      if (next == NULL || more_text == NULL)
        {
          c->errors++;
          return FALSE;
        }
      since = g_ascii_strtoll (next, NULL, 10);
      more = strcmp (more_text, "true") == 0 || strcmp (more_text, "1") == 0;
    }
  return TRUE;
}

static gpointer
client_thread (gpointer data)
{
  Client *c = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;

  /* A session belongs to the context it was made in; each client has its own. */
  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 30, NULL);
  if (!inflate_timed)
    soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  wait_for_gate ();
  for (guint i = 0; i < c->pulls; i++)
    pull (c, session);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* One pull of the delta from @since, every page inflated and read, untimed: its changes
 * counted and its pages in @pages. */
static gint64
pull_and_read (const char *url,
               const char *token,
               gint64      since,
               guint      *pages)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  gboolean more = TRUE;
  gint64 changes = 0;

  *pages = 0;
  while (more)
    {
      g_autofree char *uri = g_strdup_printf ("%s/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=1000&format=compact",
                                              url, since);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      JsonObject *o;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      node = json_from_string (text, &error);
      g_assert_no_error (error);
      o = json_node_get_object (node);
      changes += json_array_get_length (json_object_get_array_member (o, "changes"));
      since = json_object_get_int_member (o, "next");
      more = json_object_get_boolean_member (o, "more");
      (*pages)++;
    }
  return changes;
}

/* Bounds every request, whatever happens on the client's side. */
static gpointer
watchdog_thread (gpointer data)
{
  Client *clients = data;

  while (!g_atomic_int_get (&watchdog_stop))
    {
      gint64 now = g_get_monotonic_time ();

      for (guint i = 0; i < n_watched; i++)
        {
          gint64 started = (gint64) g_atomic_pointer_get (&clients[i].started);

          if (started != 0 && now - started > REQUEST_LIMIT_US)
            g_cancellable_cancel (clients[i].cancel);
        }
      g_usleep (G_USEC_PER_SEC);
    }
  return NULL;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static char *
post (const char *url,
      const char *path,
      const char *token,
      const char *body,
      guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 300, NULL);
  g_autofree char *uri = g_strconcat (url, path, NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) msg = soup_message_new (body ? "POST" : "GET", uri);
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "text/csv", b);
    }
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  *status = soup_message_get_status (msg);
  return reply ? g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply)) : NULL;
}

static gint64
json_int (const char *text,
          const char *member)
{
  g_autoptr(JsonNode) node = text ? json_from_string (text, NULL) : NULL;

  g_assert_nonnull (node);
  return json_object_get_int_member (json_node_get_object (node), member);
}

/* The counters of @url's /api/v1/health (pages_made, page_queries, db_round_trips). */
static void
health_counts (const char *url,
               const char *token,
               gint64     *pages,
               gint64     *queries,
               gint64     *trips)
{
  guint status = 0;
  g_autofree char *text = post (url, "/api/v1/health", token, NULL, &status);
  g_autoptr(JsonNode) node = text ? json_from_string (text, NULL) : NULL;
  JsonObject *o;

  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (node);
  o = json_node_get_object (node);
  *pages += json_object_get_int_member_with_default (o, "pages_made", 0);
  *queries += json_object_get_int_member_with_default (o, "page_queries", 0);
  *trips += json_object_get_int_member_with_default (o, "db_round_trips", 0);
}

/* User and system CPU of the process @pid ("self": this one), in ms (/proc/PID/stat). */
static double
pid_cpu_ms (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* The command's name, in parentheses, may hold spaces: fields are counted after it. */
  after = strrchr (text, ')');
  g_assert_nonnull (after);
  fields = g_strsplit (after + 2, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), >, 13);
  /* utime and stime: fields 14 and 15 of the line, 12 and 13 after the name. */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000.0 /
         sysconf (_SC_CLK_TCK);
}

static double
process_cpu_ms (GSubprocess *process)
{
  return pid_cpu_ms (g_subprocess_get_identifier (process));
}

/* The day's report, posted as an intake: its rows. */
static gint64
post_report (const char *url,
             const char *admin,
             const char *csv)
{
  g_autofree char *answer = NULL;
  gint64 start = g_get_monotonic_time ();
  guint status = 0;
  gint64 rows;

  answer = post (url, "/api/v1/reports?kind=cases", admin, csv, &status);
  g_assert_cmpuint (status, ==, 200);
  rows = json_int (answer, "rows");
  g_printerr ("posted a day of %" G_GINT64_FORMAT " rows in %.2f s\n", rows, (g_get_monotonic_time () - start) / 1e6);
  return rows;
}

/* The seeded database, its admin token, and one day of reports for every commune as CSV. */
static char *
prepare (const char *geojson,
         char      **admin,
         char      **csv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = gb_test_temp_db ();
  const char *seed[] = { "seed", "--national", "--units-only", "--geojson", geojson, "--database", db, NULL };
  const char *add[] = { "user", "add", "admin", "--role", "admin", "--database", db, NULL };
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GString) s = g_string_new ("unit_code,date,community,quarantine\n");
  gint64 start = g_get_monotonic_time ();

  g_free (gb_test_daemon_run (seed, 0));
  g_printerr ("seeded the communes in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
  *admin = gb_test_daemon_run (add, 0);
  store = gb_store_open (db, &error);
  g_assert_no_error (error);
  communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < communes->len; i++)
    g_string_append_printf (s, "%s,2022-03-01,%u,%u\n", ((GbUnit *) communes->pdata[i])->code, i % 17, i % 5);
  g_printerr ("%u communes\n", communes->len);
  *csv = g_string_free (g_steal_pointer (&s), FALSE);
  return g_steal_pointer (&db);
}

int
main (int argc, char **argv)
{
  g_autofree char *geojson = gb_test_shared_data ("vietnam/communes-vietnam-2009.geojson");
  g_autofree char *admin = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *db = NULL;
  g_autofree char *url = NULL;
  g_autofree char *url2 = NULL;
  g_autofree char *clients_token = NULL;
  const char *location;
  const char *suffix = "";
  GbTestPg pg = { 0 };
  gboolean on_pg = g_strcmp0 (g_getenv ("GB_BENCH_PG"), "1") == 0;
  g_autofree char *answer = NULL;
  g_autofree char *log = NULL;
  g_auto(GStrv) extra = NULL;
  g_autoptr(GPtrArray) daemon_argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *daemons[2] = { NULL, NULL };
  guint n_daemons = 1;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *by_pull[3];
  guint n_clients = 200, pulls = 3, errors = 0, status = 0;
  Client *clients;
  GThread **threads;
  GThread *watchdog;
  guint16 port;
  gint64 since, start, rows = 0;
  gboolean race;
  gint64 pages_before = 0, queries_before = 0, trips_before = 0, pages_at = 0, queries_at = 0, trips_at = 0;
  gint64 pages_after = 0, queries_after = 0, trips_after = 0;
  double cpu_at = 0, cpu_after = 0, own_at, own_after;

  if (g_getenv ("GIAOBAND") == NULL || geojson == NULL)
    {
      g_print ("bench-daemon: skipped (needs GIAOBAND and ../shared/data/vietnam)\n");
      return 77;
    }
  if (g_getenv ("GB_BENCH_CLIENTS"))
    n_clients = (guint) CLAMP (g_ascii_strtoll (g_getenv ("GB_BENCH_CLIENTS"), NULL, 10), 1, 1000);
  inflate_timed = g_strcmp0 (g_getenv ("GB_BENCH_INFLATE"), "1") == 0;
  race = g_strcmp0 (g_getenv ("GB_BENCH_RACE"), "1") == 0;
  if (g_getenv ("GB_BENCH_PULLS"))
    pulls = (guint) CLAMP (g_ascii_strtoll (g_getenv ("GB_BENCH_PULLS"), NULL, 10), 1, 100);

  db = prepare (geojson, &admin, &csv);
  location = db;
  if (on_pg)
    {
      const char *load[] = { "load", db, "--database", NULL, NULL };
      const char *add[] = { "user", "add", "admin-pg", "--role", "admin", "--database", NULL, NULL };

      if (!gb_test_pg_start (&pg))
        {
          g_print ("bench-daemon: skipped (needs the PostgreSQL server, postgresql-15)\n");
          return 77;
        }
      load[3] = add[6] = location = pg.uri;
      start = g_get_monotonic_time ();
      g_free (gb_test_daemon_run (load, 0));
      g_printerr ("loaded into PostgreSQL in %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
      g_free (admin);
      admin = gb_test_daemon_run (add, 0);
      n_daemons = 2;
      suffix = ".pg";
    }
  launcher = gb_test_daemon_launcher ();
  log = g_strconcat (db, ".log", NULL);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_printerr ("giaoband's log: %s\n", log);
  extra = g_strsplit (g_getenv ("GB_BENCH_DAEMON_ARGS") ? g_getenv ("GB_BENCH_DAEMON_ARGS") : "", " ", -1);
  for (guint d = 0; d < n_daemons; d++)
    {
      g_autofree char *listen = NULL;

      port = gb_test_daemon_free_port ();
      listen = g_strdup_printf ("127.0.0.1:%u", port);
      if (d == 0)
        url = g_strdup_printf ("http://127.0.0.1:%u", port);
      else
        url2 = g_strdup_printf ("http://127.0.0.1:%u", port);
      /* GB_BENCH_DAEMON_ARGS: more giaoband options, for trying its limits. */
      daemon_argv = g_ptr_array_new ();
      g_ptr_array_add (daemon_argv, (gpointer) g_getenv ("GIAOBAND"));
      g_ptr_array_add (daemon_argv, (gpointer) "--listen");
      g_ptr_array_add (daemon_argv, listen);
      g_ptr_array_add (daemon_argv, (gpointer) "--database");
      g_ptr_array_add (daemon_argv, (gpointer) location);
      for (guint i = 0; extra[i]; i++)
        if (*extra[i])
          g_ptr_array_add (daemon_argv, extra[i]);
      g_ptr_array_add (daemon_argv, NULL);
      daemons[d] = g_subprocess_launcher_spawnv (launcher, (const char * const *) daemon_argv->pdata, &error);
      g_assert_no_error (error);
      g_clear_pointer (&daemon_argv, g_ptr_array_unref);
      for (start = g_get_monotonic_time ();
           (answer = post (d == 0 ? url : url2, "/api/v1/health", admin, NULL, &status)) == NULL || status != 200;
           g_usleep (100000))
        {
          g_clear_pointer (&answer, g_free);
          g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
        }
      if (d + 1 < n_daemons)
        g_clear_pointer (&answer, g_free);
    }
  since = json_int (answer, "last");
  g_clear_pointer (&answer, g_free);
  for (guint d = 0; d < n_daemons; d++)
    health_counts (d == 0 ? url : url2, admin, &pages_before, &queries_before, &trips_before);
  if (!race)
    rows = post_report (url, admin, csv);

  for (guint i = 0; i < G_N_ELEMENTS (by_pull); i++)
    by_pull[i] = g_array_new (FALSE, FALSE, sizeof (double));
  clients = g_new0 (Client, n_clients);
  threads = g_new0 (GThread *, n_clients);
  for (guint i = 0; i < n_clients; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"laptop-%u\",\"role\":\"viewer\"}", i);
      g_autofree char *made = NULL;
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autofree char *uri = g_strconcat (url, "/api/v1/users", NULL);
      g_autofree char *auth = g_strdup_printf ("Bearer %s", admin);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(JsonNode) node = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", b);
      reply = soup_session_send_and_read (session, msg, NULL, NULL);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
      made = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
      node = json_from_string (made, NULL);
      /* On PostgreSQL, the laptops are spread over both processes, as a load balancer does. */
      clients[i].url = i % n_daemons == 0 ? url : url2;
      clients[i].token = g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
      clients[i].since = since;
      clients[i].pulls = pulls;
      clients[i].times = g_array_new (FALSE, FALSE, sizeof (double));
      clients[i].cancel = g_cancellable_new ();
      threads[i] = g_thread_new ("client", client_thread, &clients[i]);
    }
  n_watched = n_clients;
  for (guint d = 0; d < n_daemons; d++)
    health_counts (d == 0 ? url : url2, admin, &pages_at, &queries_at, &trips_at);
  if (race)
    {
      gint64 ignored = 0;

      rows = post_report (url, admin, csv);
      /* The statements of the report itself are not the pulls'. */
      trips_at = 0;
      for (guint d = 0; d < n_daemons; d++)
        health_counts (d == 0 ? url : url2, admin, &ignored, &ignored, &trips_at);
    }
  for (guint d = 0; d < n_daemons; d++)
    cpu_at += process_cpu_ms (daemons[d]);
  watchdog = g_thread_new ("watchdog", watchdog_thread, clients);
  own_at = pid_cpu_ms ("self");
  start = g_get_monotonic_time ();
  g_mutex_lock (&gate_lock);
  gate_open = TRUE;
  g_cond_broadcast (&gate_cond);
  g_mutex_unlock (&gate_lock);
  for (guint i = 0; i < n_clients; i++)
    {
      guint per_pull;

      g_thread_join (threads[i]);
      per_pull = MAX (clients[i].times->len / pulls, 1);
      /* Where the slow ones are: each pull's requests, and each laptop's first (its connection). */
      for (guint j = 0; clients[i].errors == 0 && j < clients[i].times->len; j++)
        g_array_append_val (j == 0 ? firsts : by_pull[MIN (j / per_pull, G_N_ELEMENTS (by_pull) - 1)],
                            g_array_index (clients[i].times, double, j));
      g_array_append_vals (all, clients[i].times->data, clients[i].times->len);
      errors += clients[i].errors;
      g_array_unref (clients[i].times);
      g_object_unref (clients[i].cancel);
      if (i == 0)
        clients_token = g_steal_pointer (&clients[i].token);
      g_free (clients[i].token);
    }
  g_atomic_int_set (&watchdog_stop, 1);
  g_thread_join (watchdog);
  g_printerr ("%u clients × %u pulls: %u requests in %.2f s\n", n_clients, pulls, all->len,
              (g_get_monotonic_time () - start) / 1e6);
  own_after = pid_cpu_ms ("self");
  for (guint d = 0; d < n_daemons; d++)
    {
      cpu_after += process_cpu_ms (daemons[d]);
      health_counts (d == 0 ? url : url2, admin, &pages_after, &queries_after, &trips_after);
    }
  /* On one machine the laptops' own work (HTTP, gunzip) takes the same cores as giaoband's. */
  g_printerr ("CPU during the pulls: giaoband %.0f ms, the laptops (this process) %.0f ms\n", cpu_after - cpu_at,
              own_after - own_at);
  if (race)
    g_printerr ("pages made: %" G_GINT64_FORMAT " from the report on, the laptops pulling from its answer\n",
                pages_after - pages_at);
  else
    g_printerr ("pages made: %" G_GINT64_FORMAT " after the report, before the pulls; %" G_GINT64_FORMAT
                " during them\n", pages_at - pages_before, pages_after - pages_at);
  g_array_sort (firsts, compare_doubles);
  if (firsts->len > 0)
    g_printerr ("each laptop's first request: p50 %.1f ms, p99 %.1f ms\n", g_array_index (firsts, double, firsts->len / 2),
                g_array_index (firsts, double, MIN (firsts->len - 1, (guint) (firsts->len * 0.99))));
  for (guint i = 0; i < G_N_ELEMENTS (by_pull); i++)
    {
      g_array_sort (by_pull[i], compare_doubles);
      if (by_pull[i]->len > 0)
        g_printerr ("pull %u%s: p50 %.1f ms, p99 %.1f ms\n", i + 1, i + 1 == G_N_ELEMENTS (by_pull) ? " on" : "",
                    g_array_index (by_pull[i], double, by_pull[i]->len / 2),
                    g_array_index (by_pull[i], double, MIN (by_pull[i]->len - 1, (guint) (by_pull[i]->len * 0.99))));
      g_array_unref (by_pull[i]);
    }
  g_array_sort (all, compare_doubles);
  g_assert_cmpuint (all->len, >, 0);
  /* The pulls were real: the same pages, inflated and read, are the day's rows. */
  {
    guint pages = 0;
    gint64 changes = pull_and_read (url, clients_token, since, &pages);

    g_printerr ("read back: %" G_GINT64_FORMAT " changes in %u pages\n", changes, pages);
    g_assert_cmpint (changes, ==, rows);
    if (errors == 0)
      g_assert_cmpuint (pages * n_clients * pulls, ==, all->len);
  }
  g_print ("bench: daemon.delta.p50.c%u%s %.1f ms\n", n_clients, suffix, g_array_index (all, double, all->len / 2));
  g_print ("bench: daemon.delta.p99.c%u%s %.1f ms\n", n_clients, suffix,
           g_array_index (all, double, MIN (all->len - 1, (guint) (all->len * 0.99))));
  g_print ("bench: daemon.delta.errors.c%u%s %u count\n", n_clients, suffix, errors);
  g_print ("bench: daemon.delta.page_builds.c%u%s %" G_GINT64_FORMAT " count\n", n_clients, suffix,
           pages_after - pages_before);
  g_print ("bench: daemon.delta.page_queries.c%u%s %" G_GINT64_FORMAT " count\n", n_clients, suffix,
           queries_after - queries_before);
  g_print ("bench: daemon.delta.cpu_ms_per_pull.c%u%s %.2f ms\n", n_clients, suffix,
           (cpu_after - cpu_at) / (n_clients * pulls));
  /* Less the health request's own query, one per giaoband. */
  if (on_pg)
    g_print ("bench: daemon.delta.db_queries_per_pull.c%u%s %.3f count\n", n_clients, suffix,
             (double) (trips_after - trips_at - n_daemons) / (n_clients * pulls));
  g_free (clients);
  g_free (threads);
  for (guint d = 0; d < n_daemons; d++)
    {
      g_subprocess_send_signal (daemons[d], SIGTERM);
      g_subprocess_wait (daemons[d], NULL, NULL);
      g_object_unref (daemons[d]);
    }
  if (on_pg)
    gb_test_pg_stop (&pg);
  return 0;
}
