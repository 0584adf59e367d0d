/* gb-daemon-server.c — giaoband's requests: checked on arrival, answered by worker threads
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup runs on the main thread. Once a request's headers are read (the early handler),
 * its path is checked, its token authenticated and rate-limited and its declared length
 * checked, before any of the body is kept: a refused request's body is read and dropped,
 * never held (four unauthenticated 256 MiB chunked bodies took the daemon to 1 GiB, issue
 * 17). A kept body stops at max_body whether chunked or not. The request is then paused
 * and handed to a pool of workers, each with its own SQLite connection (WAL lets readers
 * go on while one writer writes), and its answer handed back to the main thread. One big
 * district report thus no longer blocks every other client.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <string.h>
#include <sys/resource.h>

#include "gb-daemon-private.h"
#include "gb-error.h"
#include "gb-store-tokens.h"
#include "gb-sync-feed.h"

G_DEFINE_FINAL_TYPE (GbDaemon, gb_daemon, G_TYPE_OBJECT)

/* What the early handler learnt about a message, until its handler runs. */
typedef struct
{
  GByteArray *body;     /* NULL once refused: the rest is read and dropped */
  char       *user;
  char       *role;
} Pending;

typedef struct
{
  double tokens;
  gint64 at;
} Bucket;

/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

static GQuark pending_quark;
static GPrivate worker_db = G_PRIVATE_INIT ((GDestroyNotify) gb_daemon_db_free);

static const char * const known_paths[] = {
  "/api/v1/health", "/api/v1/health/live", "/api/v1/health/ready", "/api/v1/changes", "/api/v1/push",
  "/api/v1/reports", "/api/v1/users", "/api/v1/users/revoke", "/api/v1/me", NULL
};

static void
pending_free (Pending *p)
{
  if (p->body)
    g_byte_array_unref (p->body);
  g_free (p->user);
  g_free (p->role);
  g_free (p);
}

static void
call_free (GbDaemonCall *call)
{
  g_clear_object (&call->msg);
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->query, g_hash_table_unref);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->user);
  g_free (call->role);
  g_free (call->remote);
  g_clear_pointer (&call->response, g_bytes_unref);
  g_clear_pointer (&call->headers, soup_message_headers_unref);
  g_free (call->error);
  g_free (call);
}

static char *
remote_of (SoupServerMessage *msg)
{
  const char *host = soup_server_message_get_remote_host (msg);

  return g_strdup (host ? host : "?");
}

/* A failed request in the log: who, what, why. Never a token (only the user's name). */
static void
log_refusal (SoupServerMessage *msg,
             const char        *user,
             guint              status,
             const char        *why)
{
  g_autofree char *remote = remote_of (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  /* A message may quote the request: a line of the log stays short. */
  g_autofree char *reason = why && g_utf8_strlen (why, -1) > 300 ? g_utf8_substring (why, 0, 300) : g_strdup (why);

  g_printerr ("giaoband: %s %s %s %.200s %u %s: %s\n", at, remote, soup_server_message_get_method (msg),
              g_uri_get_path (soup_server_message_get_uri (msg)), status, user ? user : "-", reason ? reason : "");
}

/* Answers at once (from the early handler): the handler is skipped and the body dropped. */
static void
refuse (SoupServerMessage *msg,
        Pending           *p,
        guint              status,
        const char        *message)
{
  char *text = gb_daemon_error_json (message);

  g_clear_pointer (&p->body, g_byte_array_unref);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                  "Bearer realm=\"giaoband\"");
  if (status == STATUS_TOO_MANY_REQUESTS)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
  /* The rest of a refused body is not worth reading on this connection. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
  log_refusal (msg, p->user, status, message);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           data)
{
  GbDaemon *self = data;
  Pending *p = g_object_get_qdata (G_OBJECT (msg), pending_quark);

  if (p == NULL || p->body == NULL)
    return;
  if (p->body->len + g_bytes_get_size (chunk) > self->limits.max_body)
    {
      g_autofree char *m = g_strdup_printf (_("The request body is larger than %lu bytes"),
                                            (unsigned long) self->limits.max_body);

      refuse (msg, p, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, m);
      return;
    }
  g_byte_array_append (p->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
}

/* TRUE when @user may make one more request now (a token bucket per user). */
static gboolean
rate_allows (GbDaemon   *self,
             const char *user)
{
  gint64 now = g_get_monotonic_time ();
  Bucket *b;

  if (self->limits.rate == 0)
    return TRUE;
  b = g_hash_table_lookup (self->buckets, user);
  if (b == NULL)
    {
      b = g_new0 (Bucket, 1);
      b->tokens = self->limits.burst;
      b->at = now;
      g_hash_table_insert (self->buckets, g_strdup (user), b);
    }
  b->tokens = MIN ((double) self->limits.burst, b->tokens + (now - b->at) / 1e6 * self->limits.rate);
  b->at = now;
  if (b->tokens < 1)
    return FALSE;
  b->tokens -= 1;
  return TRUE;
}

/* FALSE when the message was refused. */
static gboolean
authenticate (GbDaemon          *self,
              SoupServerMessage *msg,
              Pending           *p)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *hash = NULL;
  g_autofree char *expires_at = NULL;
  g_autoptr(GError) error = NULL;
  GbTokenState state;

  if (auth == NULL || !g_str_has_prefix (auth, "Bearer ") || auth[7] == '\0')
    {
      refuse (msg, p, SOUP_STATUS_UNAUTHORIZED, _("A bearer token is required"));
      return FALSE;
    }
  hash = gb_daemon_hash_token (auth + 7);
  if (!self->db->ops->token_lookup (self->db, hash, &state, &p->user, &p->role, &expires_at, &error))
    {
      refuse (msg, p, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return FALSE;
    }
  if (state == GB_TOKEN_UNKNOWN)
    {
      refuse (msg, p, SOUP_STATUS_UNAUTHORIZED, _("The token is not valid"));
      return FALSE;
    }
  if (state == GB_TOKEN_EXPIRED)
    {
      g_autofree char *m = g_strdup_printf (_("The token expired at %s"), expires_at);

      refuse (msg, p, SOUP_STATUS_UNAUTHORIZED, m);
      return FALSE;
    }
  if (!rate_allows (self, p->user))
    {
      refuse (msg, p, STATUS_TOO_MANY_REQUESTS, _("Too many requests: slow down"));
      return FALSE;
    }
  return TRUE;
}

/* Headers read, body not yet: decide whether any of the body is kept. */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GbDaemon *self = user_data;
  Pending *p = g_new0 (Pending, 1);
  goffset length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));

  g_object_set_qdata_full (G_OBJECT (msg), pending_quark, p, (GDestroyNotify) pending_free);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self);
  gb_daemon_net_set_phase (self->net, msg, GB_DAEMON_PHASE_BODY);

  if (!g_strv_contains (known_paths, path))
    {
      refuse (msg, p, SOUP_STATUS_NOT_FOUND, _("No such endpoint"));
      return;
    }
  if (g_str_has_prefix (path, "/api/v1/health"))
    {
      if (strcmp (soup_server_message_get_method (msg), "GET") != 0)
        refuse (msg, p, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Use GET"));
      return;
    }
  if (!authenticate (self, msg, p))
    return;
  if (length > 0 && (gsize) length > self->limits.max_body)
    {
      g_autofree char *m = g_strdup_printf (_("The request body is larger than %lu bytes"),
                                            (unsigned long) self->limits.max_body);

      refuse (msg, p, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, m);
      return;
    }
  p->body = g_byte_array_new ();
}

static void
msg_finished_cb (SoupServerMessage *msg,
                 gpointer           data)
{
  GbDaemonCall *call = data;

  call->gone = TRUE;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    data)
{
  soup_message_headers_replace (data, name, value);
}

/* @call's answer to libsoup, on the main thread. */
static void
answer (GbDaemon     *self,
        GbDaemonCall *call)
{
  if (call->status >= 400)
    log_refusal (call->msg, call->user, call->status, call->error);
  soup_message_headers_foreach (call->headers, copy_header, soup_server_message_get_response_headers (call->msg));
  soup_server_message_set_status (call->msg, call->status, NULL);
  /* The page cache's own bytes: 200 laptops share one copy of a page. */
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (call->msg),
                                         "application/json", NULL);
  if (call->response != NULL)
    soup_message_body_append_bytes (soup_server_message_get_response_body (call->msg), call->response);
  gb_daemon_net_set_phase (self->net, call->msg, GB_DAEMON_PHASE_WRITE);
}

/* Back on the main thread: the worker's answer goes to libsoup. */
static gboolean
finish_cb (gpointer data)
{
  GbDaemonCall *call = data;
  GbDaemon *self = g_object_get_data (G_OBJECT (call->msg), "gb-daemon");

  self->busy--;
  g_signal_handlers_disconnect_by_func (call->msg, msg_finished_cb, call);
  if (call->gone && call->status >= 400)
    log_refusal (call->msg, call->user, call->status, call->error);
  if (!call->gone)
    {
      answer (self, call);
      soup_server_message_unpause (call->msg);
    }
  call_free (call);
  return G_SOURCE_REMOVE;
}

/* This worker thread's own database connection, opened on its first call. */
static GbDaemonDb *
worker_db_get (GbDaemon  *self,
               GError   **error)
{
  GbDaemonDb *db = g_private_get (&worker_db);

  if (db != NULL)
    return db;
  if ((db = gb_daemon_db_open (self->location, GB_DAEMON_DB_WORKER, error)) == NULL)
    return NULL;
  g_private_set (&worker_db, db);
  return db;
}

static void
work (gpointer data,
      gpointer user_data)
{
  GbDaemonCall *call = data;
  GbDaemon *self = user_data;
  g_autoptr(GError) error = NULL;
  GbDaemonDb *db = worker_db_get (self, &error);

  if (db == NULL)
    gb_daemon_call_error (call, SOUP_STATUS_SERVICE_UNAVAILABLE, error->message);
  else
    gb_daemon_call_run (self, db, call);
  g_main_context_invoke (self->context, finish_cb, call);
}

static void
work_ahead (gpointer data,
            gpointer user_data)
{
  GbDaemonAhead *ahead = data;
  GbDaemon *self = user_data;
  GbDaemonDb *db = worker_db_get (self, NULL);

  if (db != NULL)
    gb_daemon_ahead_run (self, db, ahead);
  else if (ahead->key != NULL && gb_daemon_cache_start (self->pages, ahead->key))
    gb_daemon_cache_release (self->pages, ahead->key);
  gb_daemon_ahead_free (ahead);
}

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  GbDaemon *self = user_data;
  Pending *p = g_object_get_qdata (G_OBJECT (msg), pending_quark);
  GbDaemonCall *call;

  if (strcmp (path, "/api/v1/health/live") == 0)
    {
      static const char live[] = "{\"status\":\"live\"}";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, live, strlen (live));
      return;
    }
  call = g_new0 (GbDaemonCall, 1);
  call->msg = g_object_ref (msg);
  call->method = g_strdup (soup_server_message_get_method (msg));
  call->path = g_strdup (path);
  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer k, v;

      call->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &k, &v))
        g_hash_table_insert (call->query, g_strdup (k), g_strdup (v));
    }
  if (p != NULL && p->body != NULL)
    call->body = g_byte_array_free_to_bytes (g_steal_pointer (&p->body));
  if (p != NULL)
    {
      call->user = g_steal_pointer (&p->user);
      call->role = g_steal_pointer (&p->role);
    }
  call->remote = remote_of (msg);
  call->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  call->gzip = soup_message_headers_header_contains (soup_server_message_get_request_headers (msg),
                                                     "Accept-Encoding", "gzip");
  /* A page in the cache needs no worker: answered at once (gb_daemon_changes_cached()). */
  if (strcmp (path, "/api/v1/changes") == 0 && gb_daemon_changes_cached (self, call))
    {
      answer (self, call);
      call_free (call);
      return;
    }
  g_object_set_data (G_OBJECT (msg), "gb-daemon", self);
  g_signal_connect (msg, "finished", G_CALLBACK (msg_finished_cb), call);
  soup_server_message_pause (msg);
  gb_daemon_net_set_phase (self->net, msg, GB_DAEMON_PHASE_WORK);
  self->busy++;
  g_thread_pool_push (self->pool, call, NULL);
}

static void
gb_daemon_finalize (GObject *object)
{
  GbDaemon *self = GB_DAEMON (object);

  if (self->warm != NULL)
    {
      g_atomic_int_set (&self->warm_stop, 1);
      g_thread_join (self->warm);
    }
  if (self->pool)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  if (self->ahead)
    g_thread_pool_free (self->ahead, FALSE, TRUE);
  g_clear_pointer (&self->net, gb_daemon_net_free);
  g_clear_pointer (&self->pages, gb_daemon_cache_free);
  if (self->server)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->db, gb_daemon_db_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->buckets, g_hash_table_unref);
  g_clear_pointer (&self->replicas, gb_daemon_replicas_free);
  g_mutex_clear (&self->write_lock);
  g_clear_pointer (&self->pulls, gb_daemon_pulls_free);
  g_free (self->location);
  G_OBJECT_CLASS (gb_daemon_parent_class)->finalize (object);
}

static void
gb_daemon_class_init (GbDaemonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_daemon_finalize;
  pending_quark = g_quark_from_static_string ("gb-daemon-pending");
}

static void
gb_daemon_init (GbDaemon *self)
{
  g_mutex_init (&self->write_lock);
  self->pulls = gb_daemon_pulls_new ();
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pages = gb_daemon_cache_new (64 * 1024 * 1024);
}

/* Raises the soft descriptor limit to the hard one; the connection cap leaves room for the
 * database files of every worker. */
static guint
connection_cap (guint workers)
{
  struct rlimit rl;
  rlim_t reserve = 64 + 4 * (rlim_t) workers;

  if (getrlimit (RLIMIT_NOFILE, &rl) != 0)
    return 256;
  if (rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = rl.rlim_max;
      setrlimit (RLIMIT_NOFILE, &rl);
      getrlimit (RLIMIT_NOFILE, &rl);
    }
  if (rl.rlim_cur <= reserve + 16)
    return 16;
  return (guint) MIN (rl.rlim_cur - reserve, 4096);
}

void
gb_daemon_limits_init (GbDaemonLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_body = GB_DAEMON_MAX_BODY;
  limits->max_connections = 0;
  limits->header_timeout = 20;
  limits->body_timeout = 120;
  limits->write_timeout = 120;
  limits->workers = 8;
  /* A first sync asks for pages as fast as the server makes them (a few ms each for small
   * pages): the limit stops a runaway client, not a sync. */
  limits->rate = 200;
  limits->burst = 2000;
}

/**
 * gb_daemon_new:
 * @location: the database, an SQLite file or a PostgreSQL URI; the main thread and each
 *   worker open their own connection
 *
 * Makes the feed ready (SQLite: its triggers, and the rows written while no daemon ran;
 * PostgreSQL: its migrations), then serves the API once gb_daemon_listen() was called.
 */
GbDaemon *
gb_daemon_new (const char            *location,
               const GbDaemonLimits  *limits,
               GError               **error)
{
  g_autoptr(GbDaemon) self = NULL;

  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (limits != NULL && limits->workers > 0, NULL);

  self = g_object_new (GB_TYPE_DAEMON, NULL);
  self->location = g_strdup (location);
  self->limits = *limits;
  if (self->limits.max_connections == 0)
    self->limits.max_connections = connection_cap (limits->workers);
  if ((self->db = gb_daemon_db_open (location, GB_DAEMON_DB_SERVE, error)) == NULL)
    return NULL;
  self->pool = g_thread_pool_new (work, self, (int) limits->workers, TRUE, error);
  if (self->pool == NULL)
    return NULL;
  if ((self->ahead = g_thread_pool_new (work_ahead, self, 1, TRUE, error)) == NULL)
    return NULL;
  /* When the feed moves, its delta's pages are made at once (gb_daemon_warm_thread()). */
  if (self->db->ops->feed_moved != NULL && self->db->ops->feed_pages != NULL)
    self->warm = g_thread_new ("gb-warm", gb_daemon_warm_thread, self);
  return g_steal_pointer (&self);
}

/* GTlsCertificate takes a key that does not belong to the certificate, and every handshake
 * then fails while the daemon says it listens; GnuTLS checks that they go together. */
static gboolean
check_key_pair (const char  *cert,
                const char  *key,
                GError     **error)
{
  gnutls_certificate_credentials_t credentials;
  int rc;

  if (gnutls_certificate_allocate_credentials (&credentials) < 0)
    return TRUE;
  rc = gnutls_certificate_set_x509_key_file (credentials, cert, key, GNUTLS_X509_FMT_PEM);
  gnutls_certificate_free_credentials (credentials);
  if (rc < 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s and %s cannot serve HTTPS: %s"),
                   cert, key, gnutls_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_daemon_listen:
 * @address: "ADDR:PORT" ("[::1]:PORT" for IPv6)
 * @tls_cert: (nullable): PEM certificate; with @tls_key, HTTPS (TLS 1.2 or newer, set in main())
 */
gboolean
gb_daemon_listen (GbDaemon    *self,
                  const char  *address,
                  const char  *tls_cert,
                  const char  *tls_key,
                  GError     **error)
{
  g_autoptr(GSocketConnectable) conn = NULL;
  g_autoptr(GSocketAddressEnumerator) en = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;

  g_return_val_if_fail (GB_IS_DAEMON (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("--tls-cert and --tls-key go together"));
      return FALSE;
    }
  if (tls_cert != NULL)
    {
      if (!check_key_pair (tls_cert, tls_key, error))
        return FALSE;
      if ((cert = g_tls_certificate_new_from_files (tls_cert, tls_key, error)) == NULL)
        return FALSE;
    }
  if ((conn = g_network_address_parse (address, 8642, error)) == NULL)
    return FALSE;
  en = g_socket_connectable_enumerate (conn);
  addr = g_socket_address_enumerator_next (en, NULL, error);
  if (addr == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("Cannot listen on “%s”"), address);
      return FALSE;
    }
  self->context = g_main_context_ref_thread_default ();
  self->server = soup_server_new ("server-header", "giaoband/" PACKAGE_VERSION, NULL);
  soup_server_add_early_handler (self->server, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->server, NULL, api_handler, self, NULL);
  self->net = gb_daemon_net_new (self->server, &self->limits, cert);
  return gb_daemon_net_listen (self->net, addr, error);
}
