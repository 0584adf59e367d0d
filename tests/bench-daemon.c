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
 *   bench: daemon.delta.p99.c200 VALUE ms    the 99th percentile of the requests' times
 *   bench: daemon.delta.errors.c200 N count  requests that failed or were not 200
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
  wait_for_gate ();
  for (guint i = 0; i < c->pulls; i++)
    pull (c, session);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
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
  guint n_clients = 200, pulls = 3, errors = 0, status = 0;
  Client *clients;
  GThread **threads;
  GThread *watchdog;
  guint16 port;
  gint64 since, start;

  if (g_getenv ("GIAOBAND") == NULL || geojson == NULL)
    {
      g_print ("bench-daemon: skipped (needs GIAOBAND and ../shared/data/vietnam)\n");
      return 77;
    }
  if (g_getenv ("GB_BENCH_CLIENTS"))
    n_clients = (guint) CLAMP (g_ascii_strtoll (g_getenv ("GB_BENCH_CLIENTS"), NULL, 10), 1, 1000);
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
  start = g_get_monotonic_time ();
  answer = post (url, "/api/v1/reports?kind=cases", admin, csv, &status);
  g_assert_cmpuint (status, ==, 200);
  g_printerr ("posted a day of %" G_GINT64_FORMAT " rows in %.2f s\n", json_int (answer, "rows"),
              (g_get_monotonic_time () - start) / 1e6);

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
  watchdog = g_thread_new ("watchdog", watchdog_thread, clients);
  start = g_get_monotonic_time ();
  g_mutex_lock (&gate_lock);
  gate_open = TRUE;
  g_cond_broadcast (&gate_cond);
  g_mutex_unlock (&gate_lock);
  for (guint i = 0; i < n_clients; i++)
    {
      g_thread_join (threads[i]);
      g_array_append_vals (all, clients[i].times->data, clients[i].times->len);
      errors += clients[i].errors;
      g_array_unref (clients[i].times);
      g_object_unref (clients[i].cancel);
      g_free (clients[i].token);
    }
  g_atomic_int_set (&watchdog_stop, 1);
  g_thread_join (watchdog);
  g_printerr ("%u clients × %u pulls: %u requests in %.2f s\n", n_clients, pulls, all->len,
              (g_get_monotonic_time () - start) / 1e6);
  g_array_sort (all, compare_doubles);
  g_assert_cmpuint (all->len, >, 0);
  g_print ("bench: daemon.delta.p50.c%u%s %.1f ms\n", n_clients, suffix, g_array_index (all, double, all->len / 2));
  g_print ("bench: daemon.delta.p99.c%u%s %.1f ms\n", n_clients, suffix,
           g_array_index (all, double, MIN (all->len - 1, (guint) (all->len * 0.99))));
  g_print ("bench: daemon.delta.errors.c%u%s %u count\n", n_clients, suffix, errors);
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
