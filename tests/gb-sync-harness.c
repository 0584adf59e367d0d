/* gb-sync-harness.c — what the sync tests share: servers, a sync driven from the main loop,
 * and comparing copies
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "gb-demo.h"
#include "gb-error.h"
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-sync-feed.h"
#include "gb-sync-harness.h"
#include "gb-test-util.h"

/* The synced tables, by their natural columns (local integer ids differ between copies). */
static const struct { const char *table; const char *columns; } synced[] = {
  { "units", "code, level, parent_code, name, type, population, pop_18, pop_65, valid_from, valid_to" },
  { "case_reports", "unit_code, date, community, quarantine, unknown_source, deaths, recovered, tests, simulated" },
  { "vaccinations", "unit_code, date, pop_18, pop_65, dose1_18, full_18, full_65, doses_given, doses_allocated, simulated" },
  { "documents", "uid, kind, number, issuer, place, date, subject, signer, signer_title, signing_form, body" },
  { "items", "uid, path, level, position, text, is_task, due_date, due_text, recurrence, status, done_date" },
  { "progress_updates", "uid, date, text, author, percent" },
  { "item_status_log", "uid, status, author, at" },
  { "level_overrides", "uid, unit_code, date_from, date_to, level, reason, author, revoked_at" },
  { "organisations", "uid, name, short_name, kind" },
};

/* ---- comparing copies ----------------------------------------------------------------------- */

char *
gb_sync_harness_checksums (const char *path,
                           gboolean    status_log)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (synced); i++)
    {
      g_autofree char *sum = NULL;

      if (!status_log && strcmp (synced[i].table, "item_status_log") == 0)
        continue;
      sum = gb_store_sync_table_checksum (store, synced[i].table, synced[i].columns, &error);
      g_assert_no_error (error);
      g_string_append_printf (out, "%s %s\n", synced[i].table, sum);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
gb_sync_harness_assert_same (const char *a,
                             const char *b,
                             gboolean    status_log)
{
  g_autofree char *sa = gb_sync_harness_checksums (a, status_log);
  g_autofree char *sb = gb_sync_harness_checksums (b, status_log);

  g_assert_cmpstr (sa, ==, sb);
}

gint64
gb_sync_harness_first_item (GbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = gb_store_tracker_list_items (store, NULL, FALSE, "2021-09-01", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (items->len, >, 0);
  return ((GbTrackerItem *) g_ptr_array_index (items, 0))->id;
}

void
gb_sync_harness_assert_rejected (JsonNode   *answer,
                                 const char *id,
                                 gint64      status,
                                 const char *why)
{
  JsonObject *o = json_node_get_object (answer);
  JsonArray *rejected = json_object_get_array_member (o, "rejected");
  JsonObject *r;

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "applied")), ==, 0);
  g_assert_cmpuint (json_array_get_length (rejected), ==, 1);
  r = json_array_get_object_element (rejected, 0);
  if (id != NULL)
    g_assert_cmpstr (json_object_get_string_member (r, "id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (r, "status"), ==, status);
  if (strstr (json_object_get_string_member (r, "message"), why) == NULL)
    g_error ("the message “%s” does not say “%s”", json_object_get_string_member (r, "message"), why);
}

/* ---- one sync in a worker thread while this thread serves ----------------------------------- */

typedef struct
{
  GbSyncSummary *summary;
  GError        *error;
  gboolean       done;
} Run;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Run *run = data;

  run->summary = gb_sync_client_sync_finish (GB_SYNC_CLIENT (source), result, &run->error);
  run->done = TRUE;
}

GbSyncSummary *
gb_sync_harness_sync (GbSyncClient  *client,
                      GCancellable  *cancellable,
                      GCallback      progress,
                      gpointer       data,
                      GError       **error)
{
  Run run = { NULL, NULL, FALSE };
  gulong handler = progress ? g_signal_connect (client, "progress", progress, data) : 0;

  gb_sync_client_sync_async (client, cancellable, done_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  /* Progress is delivered through idle callbacks: let the last ones run. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  if (handler != 0)
    g_signal_handler_disconnect (client, handler);
  if (run.error != NULL)
    g_propagate_error (error, run.error);
  return run.summary;
}

/* ---- giaoband's feed and push code on a SoupServer in this process -------------------------- */

void
gb_sync_harness_reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *node,
            const GError      *error)
{
  g_autofree char *text = NULL;

  if (node != NULL)
    text = json_to_string (node, FALSE);
  else
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, error ? error->message : "failed");
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, FALSE);
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
changes_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  GbSyncHarnessServer *s = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  gint64 since = g_ascii_strtoll (query ? g_hash_table_lookup (query, "since") : "0", NULL, 10);
  gint64 limit = g_ascii_strtoll (query ? g_hash_table_lookup (query, "limit") : "100", NULL, 10);

  if (s->refuse_changes)
    {
      g_set_error_literal (&error, GB_ERROR, GB_ERROR_NETWORK, "feed closed for the test");
      gb_sync_harness_reply_json (msg, 503, NULL, error);
      return;
    }
  page = gb_sync_feed_page (s->store, since, (guint) limit, &error);
  gb_sync_harness_reply_json (msg, page ? 200 : 400, page, error);
}

static void
push_cb (SoupServer        *soup,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  GbSyncHarnessServer *s = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) request = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_autoptr(JsonNode) answer = NULL;

  if (s->max_body > 0 && g_bytes_get_size (bytes) > s->max_body)
    {
      g_set_error (&error, GB_ERROR, GB_ERROR_INVALID_DATA, "The request body is too large (%zu bytes)",
                   g_bytes_get_size (bytes));
      gb_sync_harness_reply_json (msg, 413, NULL, error);
      return;
    }
  if (request != NULL)
    answer = gb_sync_push_apply (s->store, s->user ? s->user : "thu-ky", request, &error);
  gb_sync_harness_reply_json (msg, answer ? 200 : 400, answer, error);
}

void
gb_sync_harness_server_start (GbSyncHarnessServer *s)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  s->db = gb_test_temp_db ();
  s->store = gb_store_open (s->db, &error);
  g_assert_no_error (error);
  g_assert_true (gb_demo_load (s->store, &error));
  g_assert_true (gb_sync_feed_install_triggers (s->store, &error));
  g_assert_no_error (error);
  g_assert_true (gb_sync_feed_backfill (s->store, NULL, &error));
  g_assert_no_error (error);
  s->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (s->server, "/api/v1/changes", changes_cb, s, NULL);
  soup_server_add_handler (s->server, "/api/v1/push", push_cb, s, NULL);
  g_assert_true (soup_server_listen_local (s->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (s->server);
  s->port = g_uri_get_port (uris->data);
  s->url = g_strdup_printf ("http://127.0.0.1:%u", s->port);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

void
gb_sync_harness_server_stop (GbSyncHarnessServer *s)
{
  soup_server_disconnect (s->server);
  g_clear_object (&s->server);
  g_clear_object (&s->store);
  g_free (s->db);
  g_free (s->url);
}

/* ---- giaoband as a process ------------------------------------------------------------------ */

guint16
gb_sync_harness_free_port (void)
{
  g_autoptr(GSocketListener) l = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (l, NULL, NULL);

  g_socket_listener_close (l);
  return port;
}

/* Whether giaoband answers yet; over HTTPS, whoever signed its certificate. */
static gboolean
accept_any_cb (SoupMessage         *msg,
               GTlsCertificate     *certificate,
               GTlsCertificateFlags errors,
               gpointer             data)
{
  return TRUE;
}

static gboolean
healthy (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 2, NULL);
  g_autofree char *health = g_strdup_printf ("%s/api/v1/health", url);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", health);
  g_autoptr(GBytes) body = NULL;

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_cb), NULL);
  body = soup_session_send_and_read (session, msg, NULL, NULL);

  return body != NULL && soup_message_get_status (msg) == 200;
}

#ifdef __linux__
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}
#endif

void
gb_sync_harness_daemon_start (GbSyncHarnessDaemon *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", d->port);
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

#ifdef __linux__
  /* A failed assertion must not leave the daemon running (it would hold the test runner's
   * output pipe open). */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
#endif
  g_ptr_array_add (argv, (gpointer) g_getenv ("GIAOBAND"));
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, listen);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, d->db);
  for (guint i = 0; d->args != NULL && d->args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) d->args[i]);
  g_ptr_array_add (argv, NULL);
  d->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  while (!healthy (d->url))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (50000);
    }
}

void
gb_sync_harness_daemon_kill (GbSyncHarnessDaemon *d)
{
  if (d->process == NULL)
    return;
  g_subprocess_send_signal (d->process, SIGKILL);
  g_subprocess_wait (d->process, NULL, NULL);
  g_clear_object (&d->process);
}

/* `giaoband user add` prints the token once: the longest word of its output. */
char *
gb_sync_harness_add_user (GbSyncHarnessDaemon *d,
          const char *name,
          const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) words = NULL;
  char *best = NULL;

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                        g_getenv ("GIAOBAND"), "user", "add", name, "--role", role, "--database", d->db, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (p))
    g_error ("giaoband user add failed: %s%s", out, err);
  words = g_strsplit_set (g_strstrip (out), " \t\n:", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (strlen (words[i]) >= 20 && (best == NULL || strlen (words[i]) > strlen (best)))
      best = words[i];
  g_assert_nonnull (best);
  return g_strdup (best);
}

void
gb_sync_harness_daemon_setup (GbSyncHarnessDaemon *d,
              gboolean demo)
{
  g_autoptr(GError) error = NULL;

  d->db = gb_test_temp_db ();
  if (demo)
    {
      g_autoptr(GbStore) store = gb_store_open (d->db, &error);

      g_assert_no_error (error);
      g_assert_true (gb_demo_load (store, &error));
      g_assert_no_error (error);
    }
  d->port = gb_sync_harness_free_port ();
  d->url = g_strdup_printf ("%s://127.0.0.1:%u",
                            d->args != NULL && g_strv_contains ((const char * const *) d->args, "--tls-cert")
                            ? "https" : "http", d->port);
  d->token = gb_sync_harness_add_user (d, "thu-ky", "secretary");
  d->token_file = gb_test_write_temp ("token", d->token, -1);
  gb_sync_harness_daemon_start (d);
}

void
gb_sync_harness_daemon_teardown (GbSyncHarnessDaemon *d)
{
  gb_sync_harness_daemon_kill (d);
  g_free (d->db);
  g_free (d->url);
  g_free (d->token);
  g_free (d->token_file);
}
