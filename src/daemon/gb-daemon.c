/* gb-daemon.c — giaoband's HTTP API on libsoup's server
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread, one store connection: requests are served one after the other, so every
 * write is a plain transaction and the feed's triggers see all of them. Every answer is
 * JSON; an error is {"error": "…"} with a 4xx/5xx status.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "gb-daemon.h"
#include "gb-error.h"
#include "gb-json-check.h"
#include "gb-series-import.h"
#include "gb-store-daemon.h"
#include "gb-sync-codec.h"
#include "gb-sync-feed.h"

struct _GbDaemon
{
  GObject     parent_instance;
  GbStore    *store;
  SoupServer *server;
  gsize       max_body;
};

G_DEFINE_FINAL_TYPE (GbDaemon, gb_daemon, G_TYPE_OBJECT)

static void
gb_daemon_finalize (GObject *object)
{
  GbDaemon *self = GB_DAEMON (object);

  if (self->server)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gb_daemon_parent_class)->finalize (object);
}

static void
gb_daemon_class_init (GbDaemonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_daemon_finalize;
}

static void
gb_daemon_init (GbDaemon *self)
{
  self->max_body = GB_DAEMON_MAX_BODY;
}

/**
 * gb_daemon_new_token:
 *
 * Returns: 32 bytes from the kernel's random source, as 64 hex digits
 */
char *
gb_daemon_new_token (void)
{
  guint8 bytes[32];
  GString *s = g_string_new (NULL);
  gsize got = 0;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n > 0)
        got += (gsize) n;
    }
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (s, "%02x", bytes[i]);
  return g_string_free (s, FALSE);
}

char *
gb_daemon_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  gsize len = 0;
  char *text = json_to_string (node, FALSE);

  len = strlen (text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, len);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "error", message);
  json_node_take_object (node, o);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                  "Bearer realm=\"giaoband\"");
  respond_json (msg, status, node);
}

static guint
status_for (const GError *error)
{
  if (error->domain != GB_ERROR)
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;
  switch (error->code)
    {
    case GB_ERROR_PARSE:
      return SOUP_STATUS_BAD_REQUEST;
    case GB_ERROR_INVALID_DATA:
    case GB_ERROR_DUPLICATE:
    case GB_ERROR_NOT_FOUND:
      return SOUP_STATUS_UNPROCESSABLE_ENTITY;
    case GB_ERROR_PERMISSION:
      return SOUP_STATUS_FORBIDDEN;
    case GB_ERROR_CONFLICT:
      return SOUP_STATUS_CONFLICT;
    default:
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
}

/* Refuses a body over the limit from its headers, before it is read. */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GbDaemon *self = user_data;
  goffset length = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));

  if (length > 0 && (gsize) length > self->max_body)
    {
      g_autofree char *m = g_strdup_printf (_("The request body is larger than %lu bytes"),
                                            (unsigned long) self->max_body);
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, m);
    }
}

typedef struct
{
  char *name;
  char *role;
} User;

static void
user_clear (User *u)
{
  g_clear_pointer (&u->name, g_free);
  g_clear_pointer (&u->role, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (User, user_clear)

/* FALSE when an answer was sent (401 or 500). */
static gboolean
authenticate (GbDaemon          *self,
              SoupServerMessage *msg,
              User              *user)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;

  if (auth == NULL || !g_str_has_prefix (auth, "Bearer ") || auth[7] == '\0')
    {
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, _("A bearer token is required"));
      return FALSE;
    }
  hash = gb_daemon_hash_token (auth + 7);
  if (!gb_store_daemon_find_user (self->store, hash, &user->name, &user->role, &error))
    {
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return FALSE;
    }
  if (user->name == NULL)
    {
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, _("The token is not valid"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
role_is (const User *user,
         const char *role)
{
  if (strcmp (role, "district") == 0)
    return g_str_has_prefix (user->role, "district:");
  return strcmp (user->role, role) == 0;
}

static gboolean
forbid (SoupServerMessage *msg,
        const User        *user)
{
  g_autofree char *m = g_strdup_printf (_("The role “%s” may not do this"), user->role);

  respond_error (msg, SOUP_STATUS_FORBIDDEN, m);
  return FALSE;
}

/* The body as JSON, within the size and depth limits; NULL when an answer was sent. */
static JsonNode *
read_json (GbDaemon          *self,
           SoupServerMessage *msg,
           GBytes           **raw)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len > self->max_body)
    {
      g_autofree char *m = g_strdup_printf (_("The request body is larger than %lu bytes"),
                                            (unsigned long) self->max_body);

      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, m);
      return NULL;
    }
  if (raw != NULL)
    *raw = g_bytes_ref (bytes);
  if (len == 0)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, _("The request body is empty"));
      return NULL;
    }
  /* Strict and bounded before json-glib, which recurses and takes comments (issue 17). */
  if (!gb_json_check (data, len, GB_JSON_CHECK_MAX_DEPTH, self->max_body, &error) ||
      !json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      g_autofree char *m = g_strdup_printf (_("The body is not valid JSON: %s"), error->message);

      respond_error (msg, SOUP_STATUS_BAD_REQUEST, m);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
parse_int_param (GHashTable *query,
                 const char *name,
                 gint64      fallback,
                 gint64     *value)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  char *end = NULL;

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  if (*text == '\0' || !g_ascii_isdigit (*text))
    return FALSE;
  *value = g_ascii_strtoll (text, &end, 10);
  return *end == '\0' && *value >= 0 && *value < G_MAXINT64;
}

static void
handle_health (GbDaemon          *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  gint64 last = gb_sync_feed_last (self->store, NULL);

  json_object_set_string_member (o, "status", last >= 0 ? "ok" : "error");
  json_object_set_string_member (o, "version", PACKAGE_VERSION);
  json_object_set_int_member (o, "last", last);
  json_node_take_object (node, o);
  respond_json (msg, last >= 0 ? SOUP_STATUS_OK : SOUP_STATUS_INTERNAL_SERVER_ERROR, node);
}

static void
handle_changes (GbDaemon          *self,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  char *page = NULL;
  gint64 since, limit, next = 0;
  gboolean more = FALSE;
  const char *format;

  if (!parse_int_param (query, "since", 0, &since))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, _("“since” must be a whole number, 0 or more"));
      return;
    }
  if (!parse_int_param (query, "limit", GB_DAEMON_PAGE_SIZE, &limit) || limit < 1)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, _("“limit” must be a whole number, 1 or more"));
      return;
    }
  if (limit > GB_SYNC_FEED_MAX_PAGE)
    {
      g_autofree char *m = g_strdup_printf (_("“limit” may not be over %d"), GB_SYNC_FEED_MAX_PAGE);

      respond_error (msg, SOUP_STATUS_BAD_REQUEST, m);
      return;
    }
  format = query ? g_hash_table_lookup (query, "format") : NULL;
  if (format != NULL && strcmp (format, "objects") != 0 && strcmp (format, "compact") != 0)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, _("“format” must be objects or compact"));
      return;
    }
  page = gb_sync_feed_page_text (self->store, since, (guint) limit, g_strcmp0 (format, "compact") == 0,
                                 &next, &more, &error);
  if (page == NULL)
    {
      respond_error (msg, status_for (error), error->message);
      return;
    }
  /* What the body says too, for a client that asks for the next page before reading this one. */
  gb_sync_feed_set_page_headers (soup_server_message_get_response_headers (msg), next, more);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, page, strlen (page));
}

typedef struct
{
  GbDaemon   *daemon;
  const User *user;
} PushContext;

static gboolean
table_in (const char         *table,
          const char * const *list)
{
  return g_strv_contains (list, table);
}

static const char * const secretary_tables[] = {
  "organisations", "documents", "document_recipients", "document_references", "items", "item_assignments",
  "progress_updates", "item_status_log", "meetings", "conclusion_drafts", "conclusion_sections", "conclusion_tasks", NULL
};
static const char * const district_tables[] = { "case_reports", "vaccinations", "treatment_capacity", NULL };

/* A district user writes only rows of the communes of its own district. */
static gboolean
district_owns (GbStore     *store,
               const char  *district,
               const char  *unit,
               GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *parent = NULL;
  gboolean found = FALSE;

  if (unit != NULL && *unit != '\0')
    parent = gb_store_daemon_unit_parent (store, unit, &found, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!found || g_strcmp0 (parent, district) != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
                   _("The unit “%s” is not a commune of district %s"), unit ? unit : "", district);
      return FALSE;
    }
  return TRUE;
}

static gboolean
push_check (GbStore     *store,
            const char  *table,
            JsonNode    *key,
            JsonNode    *row,
            gpointer     data,
            GError     **error)
{
  PushContext *ctx = data;

  if (role_is (ctx->user, "admin"))
    return TRUE;
  if (role_is (ctx->user, "secretary") && table_in (table, secretary_tables))
    return TRUE;
  if (role_is (ctx->user, "district") && table_in (table, district_tables))
    {
      g_autofree char *unit = gb_sync_codec_row_unit (store, table, key, row);

      return district_owns (store, ctx->user->role + strlen ("district:"), unit, error);
    }
  g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION, _("The role “%s” may not write %s"), ctx->user->role, table);
  return FALSE;
}

static void
handle_push (GbDaemon          *self,
             SoupServerMessage *msg,
             const User        *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  PushContext ctx = { self, user };

  if (role_is (user, "viewer"))
    {
      forbid (msg, user);
      return;
    }
  if ((request = read_json (self, msg, NULL)) == NULL)
    return;
  answer = gb_sync_push_apply_checked (self->store, user->name, request, push_check, &ctx, &error);
  if (answer == NULL)
    {
      respond_error (msg, status_for (error), error->message);
      return;
    }
  respond_json (msg, SOUP_STATUS_OK, answer);
}

static void
handle_reports (GbDaemon          *self,
                SoupServerMessage *msg,
                GHashTable        *query,
                const User        *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *kind = query ? g_hash_table_lookup (query, "kind") : NULL;
  const char *name = "report";
  g_autofree char *detail = NULL;
  GbSeriesKind series;
  JsonObject *o;
  guint n_rows = 0;
  gint64 before;
  gsize len;

  if (!role_is (user, "admin") && !role_is (user, "district"))
    {
      forbid (msg, user);
      return;
    }
  if (kind == NULL || strcmp (kind, "cases") == 0)
    series = GB_SERIES_CASES;
  else if (strcmp (kind, "vaccinations") == 0)
    series = GB_SERIES_VACCINATIONS;
  else
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, _("“kind” must be cases or vaccinations"));
      return;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  len = g_bytes_get_size (bytes);
  if (len > self->max_body)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("The request body is too large"));
      return;
    }
  /* A JSON report passes gb_json_check() in gb_series_import_bytes(). */

  /* Validated as a whole and applied at once; a district may name only its own communes. */
  if (!gb_store_begin (self->store, &error))
    goto fail;
  if ((before = gb_sync_feed_last (self->store, &error)) < 0)
    goto rollback;
  if (!gb_series_import_bytes (self->store, series, name, bytes, NULL, FALSE, &n_rows, &error))
    goto rollback;
  if ((units = gb_sync_feed_units_since (self->store, before, &error)) == NULL)
    goto rollback;
  if (role_is (user, "district"))
    for (guint i = 0; i < units->len; i++)
      if (!district_owns (self->store, user->role + strlen ("district:"), units->pdata[i], &error))
        goto rollback;
  detail = g_strdup_printf ("%s: %u rows, %u units", series == GB_SERIES_CASES ? "cases" : "vaccinations",
                            n_rows, units->len);
  if (!gb_sync_audit (self->store, user->name, "report", detail, &error))
    goto rollback;
  if (!gb_store_commit (self->store, &error))
    goto fail;

  node = json_node_new (JSON_NODE_OBJECT);
  o = json_object_new ();
  json_object_set_int_member (o, "rows", n_rows);
  json_object_set_int_member (o, "units", units->len);
  json_object_set_int_member (o, "last", gb_sync_feed_last (self->store, NULL));
  json_node_take_object (node, o);
  respond_json (msg, SOUP_STATUS_OK, node);
  return;

rollback:
  gb_store_rollback (self->store);
fail:
  respond_error (msg, status_for (error), error->message);
}

static void
handle_users (GbDaemon          *self,
              SoupServerMessage *msg,
              const User        *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *method = soup_server_message_get_method (msg);

  if (!role_is (user, "admin"))
    {
      forbid (msg, user);
      return;
    }
  if (strcmp (method, "GET") == 0)
    {
      node = gb_store_daemon_list_users (self->store, &error);
      if (node == NULL)
        respond_error (msg, status_for (error), error->message);
      else
        respond_json (msg, SOUP_STATUS_OK, node);
      return;
    }
  else
    {
      g_autoptr(JsonNode) request = read_json (self, msg, NULL);
      g_autofree char *token = NULL;
      g_autofree char *hash = NULL;
      g_autofree char *detail = NULL;
      const char *name, *role;
      JsonObject *o;

      if (request == NULL)
        return;
      if (!JSON_NODE_HOLDS_OBJECT (request)
          || (name = json_object_get_string_member_with_default (json_node_get_object (request), "name", NULL)) == NULL
          || (role = json_object_get_string_member_with_default (json_node_get_object (request), "role", NULL)) == NULL)
        {
          respond_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, _("Expected {\"name\": …, \"role\": …}"));
          return;
        }
      token = gb_daemon_new_token ();
      hash = gb_daemon_hash_token (token);
      detail = g_strdup_printf ("%s (%s)", name, role);
      if (!gb_store_begin (self->store, &error))
        goto fail;
      if (!gb_store_daemon_add_user (self->store, name, role, hash, &error) ||
          !gb_sync_audit (self->store, user->name, "user add", detail, &error))
        {
          gb_store_rollback (self->store);
          goto fail;
        }
      if (!gb_store_commit (self->store, &error))
        goto fail;
      node = json_node_new (JSON_NODE_OBJECT);
      o = json_object_new ();
      json_object_set_string_member (o, "name", name);
      json_object_set_string_member (o, "role", role);
      json_object_set_string_member (o, "token", token);
      json_node_take_object (node, o);
      respond_json (msg, SOUP_STATUS_CREATED, node);
      return;
    }

fail:
  respond_error (msg, error->code == GB_ERROR_DUPLICATE ? SOUP_STATUS_CONFLICT : status_for (error), error->message);
}

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  GbDaemon *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(User) user = { 0 };
  gboolean get = strcmp (method, "GET") == 0;
  gboolean post = strcmp (method, "POST") == 0;
  static const char * const known[] = { "/api/v1/health", "/api/v1/changes", "/api/v1/push",
                                        "/api/v1/reports", "/api/v1/users", NULL };

  if (!g_strv_contains (known, path))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, _("No such endpoint"));
      return;
    }
  if (strcmp (path, "/api/v1/health") == 0)
    {
      if (!get)
        respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Use GET"));
      else
        handle_health (self, msg);
      return;
    }
  if (!authenticate (self, msg, &user))
    return;
  if (strcmp (path, "/api/v1/changes") == 0 && get)
    handle_changes (self, msg, query);
  else if (strcmp (path, "/api/v1/push") == 0 && post)
    handle_push (self, msg, &user);
  else if (strcmp (path, "/api/v1/reports") == 0 && post)
    handle_reports (self, msg, query, &user);
  else if (strcmp (path, "/api/v1/users") == 0 && (get || post))
    handle_users (self, msg, &user);
  else
    respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("This method is not allowed here"));
}

/**
 * gb_daemon_new:
 *
 * Installs the feed's triggers on @store's connection and logs the rows written while no
 * daemon ran, then serves the API once gb_daemon_listen() was called.
 */
GbDaemon *
gb_daemon_new (GbStore  *store,
               GError  **error)
{
  g_autoptr(GbDaemon) self = g_object_new (GB_TYPE_DAEMON, NULL);

  self->store = g_object_ref (store);
  if (!gb_sync_feed_install_triggers (store, error) || !gb_sync_feed_backfill (store, NULL, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
gb_daemon_set_max_body (GbDaemon *self,
                        gsize     max_body)
{
  self->max_body = max_body;
}

/**
 * gb_daemon_listen:
 * @address: "ADDR:PORT" ("[::1]:PORT" for IPv6)
 * @tls_cert: (nullable): PEM certificate; with @tls_key, HTTPS
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
  SoupServerListenOptions options = 0;

  conn = g_network_address_parse (address, 8642, error);
  if (conn == NULL)
    return FALSE;
  en = g_socket_connectable_enumerate (conn);
  addr = g_socket_address_enumerator_next (en, NULL, error);
  if (addr == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("Cannot listen on “%s”"), address);
      return FALSE;
    }
  self->server = soup_server_new ("server-header", "giaoband/" PACKAGE_VERSION, NULL);
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("--tls-cert and --tls-key go together"));
      return FALSE;
    }
  if (tls_cert != NULL)
    {
      g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (tls_cert, tls_key, error);

      if (cert == NULL)
        return FALSE;
      soup_server_set_tls_certificate (self->server, cert);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }
  soup_server_add_early_handler (self->server, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->server, NULL, api_handler, self, NULL);
  return soup_server_listen (self->server, addr, options, error);
}
