/* gb-sync-client.c — pulls the daemon's change feed into the local copy and pushes local edits
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One sync: push the outbox, then pull the feed page by page. Every page is applied together
 * with the new cursor in one transaction, so a cut at any moment resumes where the last
 * committed page ended: nothing lost, nothing applied twice. Every answer is checked in full
 * before anything is written; a wrong answer is an error and the database stays as it was.
 *
 * The work runs in a GTask thread on a connection of its own (the app's connection stays on
 * the UI thread) with a SoupSession made in that thread, used with the blocking API there.
 */
#define G_LOG_DOMAIN "gb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-private.h"
#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-sync-feed.h"
#include "gb-sync-json.h"
#include "gb-sync-codec.h"

#define DEFAULT_PAGE_SIZE     2000
#define DEFAULT_TIMEOUT       30
#define DEFAULT_MAX_ATTEMPTS  4
#define PUSH_BATCH            500
/* Bytes of rows a push stops growing at: half giaoband's default body limit (8 MiB). */
#define PUSH_BYTES            (4 * 1024 * 1024)
#define MAX_BODY              (256 * 1024 * 1024)

struct _GbSyncClient
{
  GObject                 parent_instance;

  char                   *database;
  char                   *server_url;
  char                   *token;
  guint                   page_size;
  guint                   timeout;
  guint                   max_attempts;
  const GbSyncCodecFuncs *codec;
  GbStore                *local_store;   /* the app's connection, read on its thread */

  /* state shown by the app */
  char                   *last_error;
  char                   *last_sync;
  gint64                  pending;
  gint64                  conflicts;
  GCancellable           *cancellable;    /* of the running sync, NULL when idle */

  /* background sync */
  guint                   interval;
  guint                   timer_id;
  guint                   failures;
  GNetworkMonitor        *monitor;
  gulong                  network_handler;
  guint                   syncing : 1;
  guint                   again : 1;      /* a sync was asked for while one ran */
};

G_DEFINE_FINAL_TYPE (GbSyncClient, gb_sync_client, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (GbSyncSummary, gb_sync_summary, gb_sync_summary_copy, gb_sync_summary_free)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_SERVER_URL,
  PROP_TOKEN,
  PROP_PAGE_SIZE,
  PROP_TIMEOUT,
  PROP_MAX_ATTEMPTS,
  PROP_SYNCING,
  PROP_LAST_ERROR,
  PROP_LAST_SYNC,
  PROP_PENDING,
  PROP_CONFLICTS,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_PROGRESS, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The shared core codec, when this build has it; see gb_sync_client_set_codec(). */
static const GbSyncCodecFuncs core_codec = { gb_sync_codec_encode, gb_sync_codec_apply };
static const GbSyncCodecFuncs *default_codec = &core_codec;

GbSyncSummary *
gb_sync_summary_copy (const GbSyncSummary *summary)
{
  return g_memdup2 (summary, sizeof *summary);
}

void
gb_sync_summary_free (GbSyncSummary *summary)
{
  g_free (summary);
}

/* A job holds everything the worker needs, copied at start: the properties may change while
 * it runs. */
typedef struct
{
  GbSyncClient           *client;     /* owned ref, only for emitting progress */
  GMainContext           *context;    /* where progress is emitted; NULL: directly */
  char                   *database;
  char                   *server_url;
  char                   *token;
  guint                   page_size;
  guint                   timeout;
  guint                   max_attempts;
  const GbSyncCodecFuncs *codec;

  /* worker state */
  GbStore                *store;
  SoupSession            *session;
  GbSyncSummary           summary;
  gint64                  start_cursor;
} SyncJob;

static void session_close (SoupSession *session);

static void
sync_job_free (SyncJob *job)
{
  g_clear_object (&job->client);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->database);
  g_free (job->server_url);
  g_free (job->token);
  g_clear_object (&job->store);
  g_clear_pointer (&job->session, session_close);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncJob, sync_job_free)

/* A session that met a cut connection may still hold it: close every connection before the
 * last reference goes, as libsoup requires of a session it disposes. */
static void
session_close (SoupSession *session)
{
  if (session == NULL)
    return;
  soup_session_abort (session);
  g_object_unref (session);
}

typedef SoupSession SoupSessionClosing;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SoupSessionClosing, session_close)

/* Canonical JSON: object members sorted by name, no spaces. Keys built by SQL triggers and
 * keys sent by the server compare equal as text whatever order the server wrote them in. */
static JsonNode *
canonical_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) copy = json_object_new ();
      GList *members = g_list_sort (json_object_get_members (object), (GCompareFunc) strcmp);
      JsonNode *result;

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (copy, l->data, canonical_copy (json_object_get_member (object, l->data)));
      g_list_free (members);
      result = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));
      JsonNode *result;

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, canonical_copy (json_array_get_element (array, i)));
      result = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (result, copy);
      return result;
    }
  return json_node_copy (node);
}

/**
 * gb_sync_canonical_json:
 *
 * Returns: @node as compact JSON with object members sorted by name
 */
char *
gb_sync_canonical_json (JsonNode *node)
{
  g_autoptr(JsonNode) copy = NULL;

  if (node == NULL)
    return g_strdup ("null");
  copy = canonical_copy (node);
  return json_to_string (copy, FALSE);
}

/* Progress goes to the thread that started the sync. */
typedef struct
{
  GbSyncClient *client;
  gint64        rows;
  gint64        total;
  double        fraction;
} Progress;

static gboolean
emit_progress_cb (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->client, signals[SIGNAL_PROGRESS], 0, p->rows, p->total, p->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->client);
  g_free (p);
}

static void
job_progress (SyncJob *job)
{
  Progress *p = g_new0 (Progress, 1);
  gint64 total = job->summary.last - job->start_cursor;
  gint64 done = job->summary.cursor - job->start_cursor;

  p->client = g_object_ref (job->client);
  p->rows = job->summary.pulled;
  p->total = MAX (total, job->summary.pulled);
  p->fraction = total > 0 ? CLAMP ((double) done / (double) total, 0.0, 1.0) : 1.0;
  if (job->context == NULL)
    {
      emit_progress_cb (p);
      progress_free (p);
    }
  else
    g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, emit_progress_cb, p, progress_free);
}

/* ---- HTTP ---------------------------------------------------------------------------------- */

static char *
endpoint (SyncJob    *job,
          const char *path)
{
  const char *base = job->server_url;
  gsize len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    len--;
  return g_strdup_printf ("%.*s%s", (int) len, base, path);
}

/* A short, printable excerpt of a body that was not what we expected. */
static char *
excerpt (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  g_autofree char *text = NULL;
  const char *end;

  if (data == NULL || len == 0)
    return g_strdup (_("an empty body"));
  text = g_strndup (data, MIN (len, 80));
  if (!g_utf8_validate (text, -1, &end))
    text[end - text] = '\0';
  g_strdelimit (text, "\r\n\t", ' ');
  return g_strdup_printf ("“%s%s”", text, len > 80 ? "…" : "");
}

/* The message from an error body the daemon sends ({"error": "…"}), if there is one. */
static char *
server_message (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  JsonNode *root;

  if (data == NULL || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  if (json_object_has_member (json_node_get_object (root), "error") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (json_node_get_object (root), "error")) &&
      json_node_get_value_type (json_object_get_member (json_node_get_object (root), "error")) == G_TYPE_STRING)
    return g_strdup (json_object_get_string_member (json_node_get_object (root), "error"));
  return NULL;
}

/* Sends a request and returns the body of a 200 JSON answer (and, when @headers is not NULL,
 * its response headers); anything else is an error that says what came back. */
static GBytes *
request_body (SyncJob             *job,
              SoupSession         *session,
              const char          *method,
              const char          *path,
              const char          *body,
              SoupMessageHeaders **headers,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autofree char *url = endpoint (job, path);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *auth = NULL;
  const char *content_type;
  guint status;
  gsize len = 0;

  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a server address"), job->server_url);
      return NULL;
    }
  if (job->token != NULL && *job->token != '\0')
    {
      auth = g_strdup_printf ("Bearer %s", job->token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  bytes = soup_session_send_and_read (session, msg, cancellable, &local);
  if (bytes == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      g_set_error (error, GB_ERROR, GB_ERROR_NETWORK, _("The connection to the server %s failed: %s"),
                   job->server_url, local->message);
      return NULL;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_autofree char *why = server_message (bytes);

      g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
                   status == SOUP_STATUS_UNAUTHORIZED
                   ? _("The server refused the token (HTTP 401)%s%s")
                   : _("This token may not do that (HTTP 403)%s%s"),
                   why ? ": " : "", why ? why : "");
      return NULL;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *why = server_message (bytes);
      g_autofree char *what = why ? NULL : excerpt (bytes);

      g_set_error (error, GB_ERROR, status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE ? GB_ERROR_TOO_LARGE : GB_ERROR_NETWORK,
                   _("The server answered %s %s with HTTP %u %s: %s"),
                   method, path, status, soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "",
                   why ? why : what);
      return NULL;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  g_bytes_get_data (bytes, &len);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      g_autofree char *what = excerpt (bytes);

      g_set_error (error, GB_ERROR, GB_ERROR_NETWORK,
                   _("The server answered %s %s with %s instead of JSON: %s"), method, path,
                   content_type ? content_type : _("no content type"), what);
      return NULL;
    }
  if (len > MAX_BODY)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NETWORK, _("The server's answer to %s is too large (%zu bytes)"),
                   path, len);
      return NULL;
    }
  if (headers != NULL)
    *headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return g_steal_pointer (&bytes);
}

/* request_body(), parsed by json-glib: for the small answers (push). */
static JsonNode *
request_json (SyncJob       *job,
              SoupSession   *session,
              const char    *method,
              const char    *path,
              const char    *body,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GBytes) bytes = request_body (job, session, method, path, body, NULL, cancellable, error);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *root;
  gsize len = 0;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &local))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("The server's answer to %s is not valid JSON (%zu bytes, maybe cut off): %s"),
                   path, len, local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("The server's answer to %s is not a JSON object"), path);
      return NULL;
    }
  return json_node_ref (root);
}

/* ---- strict reading of answers --------------------------------------------------------------- */

static gboolean
bad_answer (GError     **error,
            const char  *path,
            const char  *format,
            ...) G_GNUC_PRINTF (3, 4);

static gboolean
bad_answer (GError     **error,
            const char  *path,
            const char  *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("The server's answer to %s is wrong: %s"), path, what);
  return FALSE;
}

static gboolean
get_int (JsonObject   *object,
         const char   *member,
         gint64       *value,
         const char   *path,
         const char   *where,
         GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad_answer (error, path, _("%s“%s” must be an integer"), where, member);
  *value = json_node_get_int (node);
  if (*value < 0)
    return bad_answer (error, path, _("%s“%s” is negative"), where, member);
  return TRUE;
}

static const char *
get_string (JsonObject   *object,
            const char   *member,
            const char   *path,
            const char   *where,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      bad_answer (error, path, _("%s“%s” must be a non-empty string"), where, member);
      return NULL;
    }
  return json_node_get_string (node);
}

/* A row is an object, or null for a deleted one. */
static gboolean
get_row (JsonObject   *object,
         const char   *member,
         JsonNode    **row,
         const char   *path,
         const char   *where,
         GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !(JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_NULL (node)))
    return bad_answer (error, path, _("%s“%s” must be an object or null"), where, member);
  *row = node;
  return TRUE;
}

/* ---- push ---------------------------------------------------------------------------------- */

typedef struct
{
  GbOutboxEntry *entry;
  JsonNode      *row;     /* what was sent */
} Sent;

static void
sent_clear (gpointer data)
{
  Sent *s = data;

  gb_outbox_entry_free (s->entry);
  g_clear_pointer (&s->row, json_node_unref);
}

static JsonNode *
parse_json (const char *text)
{
  return json_from_string (text, NULL);
}

/* Freezes and encodes a batch in one transaction: what is marked sent is exactly what goes. */
static GArray *
prepare_batch (SyncJob    *job,
               gint64      after_id,
               guint       max_entries,
               GError    **error)
{
  gsize bytes = 0;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GArray) batch = g_array_new (FALSE, TRUE, sizeof (Sent));
  GbStore *store = job->store;

  g_array_set_clear_func (batch, sent_clear);
  if (!gb_store_begin (store, error))
    return NULL;
  entries = gb_store_sync_outbox_list (store, 0, error);
  if (entries == NULL)
    goto fail;
  for (guint i = 0; i < entries->len && batch->len < max_entries && bytes < PUSH_BYTES; i++)
    {
      GbOutboxEntry *e = g_ptr_array_index (entries, i);
      g_autoptr(JsonNode) key = NULL;
      Sent s = { 0 };

      if (e->id <= after_id)
        continue;
      key = parse_json (e->key);
      if (key == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "Outbox entry %s has a bad key", e->change_id);
          goto fail;
        }
      if (g_strcmp0 (e->op, "delete") == 0)
        s.row = json_node_new (JSON_NODE_NULL);
      else
        {
          s.row = job->codec->encode (store, e->table, key, error);
          if (s.row == NULL)
            {
              g_prefix_error (error, _("Could not read the edited row of %s %s: "), e->table, e->key);
              goto fail;
            }
        }
      /* A notice's body can be megabytes: a batch stops growing past PUSH_BYTES. */
      {
        g_autofree char *text = json_to_string (s.row, FALSE);

        bytes += strlen (text) + strlen (e->key) + 200;
      }
      if (!gb_store_sync_outbox_mark_sent (store, e->change_id, error))
        {
          g_clear_pointer (&s.row, json_node_unref);
          goto fail;
        }
      s.entry = g_ptr_array_steal_index (entries, i);
      i--;
      g_array_append_val (batch, s);
    }
  if (!gb_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&batch);

fail:
  gb_store_rollback (store);
  return NULL;
}

static char *
push_body (const char *client_id,
           GArray     *batch)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "client_id");
  json_builder_add_string_value (b, client_id);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < batch->len; i++)
    {
      Sent *s = &g_array_index (batch, Sent, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, s->entry->change_id);
      json_builder_set_member_name (b, "table");
      json_builder_add_string_value (b, s->entry->table);
      json_builder_set_member_name (b, "op");
      json_builder_add_string_value (b, s->entry->op);
      json_builder_set_member_name (b, "key");
      json_builder_add_value (b, parse_json (s->entry->key));
      json_builder_set_member_name (b, "row");
      json_builder_add_value (b, json_node_copy (s->row));
      json_builder_set_member_name (b, "base_seq");
      json_builder_add_int_value (b, s->entry->base_seq);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static Sent *
find_sent (GArray     *batch,
           const char *change_id)
{
  for (guint i = 0; i < batch->len; i++)
    if (g_strcmp0 (g_array_index (batch, Sent, i).entry->change_id, change_id) == 0)
      return &g_array_index (batch, Sent, i);
  return NULL;
}

/* Applies a row from the server locally, unless a newer local edit of it is still queued. */
static gboolean
apply_unless_pending (SyncJob     *job,
                      const char  *table,
                      const char  *op,
                      JsonNode    *key,
                      JsonNode    *row,
                      gboolean     outbox_empty,
                      gboolean    *skipped,
                      GError     **error)
{
  gboolean pending = FALSE;

  /* With nothing queued (the usual case, and every first sync) there is nothing to protect:
   * no key to compare. */
  if (!outbox_empty)
    {
      g_autofree char *canon = gb_sync_canonical_json (key);

      if (!gb_store_sync_row_pending (job->store, table, canon, &pending, error))
        return FALSE;
    }
  *skipped = pending;
  if (pending)
    return TRUE;
  if (!job->codec->apply (job->store, table, op, key, row, error))
    {
      g_autofree char *canon = gb_sync_canonical_json (key);

      g_prefix_error (error, _("Could not apply the change of %s %s: "), table, canon);
      return FALSE;
    }
  return TRUE;
}

/* Checks the whole answer, then records it in one transaction. */
/* One refused change of a push answer (@refused: its conflict or rejection object), in the
 * caller's transaction; @reason is NULL for a conflict. */
static gboolean
keep_refused (SyncJob     *job,
              GArray      *batch,
              JsonObject  *refused,
              const char  *reason,
              GError     **error)
{
  Sent *s = find_sent (batch, json_object_get_string_member (refused, "id"));
  JsonNode *server_row = json_object_get_member (refused, "server_row");
  g_autofree char *server_text = JSON_NODE_HOLDS_NULL (server_row) ? NULL : gb_sync_canonical_json (server_row);
  g_autofree char *client_text = JSON_NODE_HOLDS_NULL (s->row) ? NULL : gb_sync_canonical_json (s->row);
  g_autoptr(JsonNode) key = parse_json (s->entry->key);
  gboolean skipped;

  if (!gb_store_sync_add_conflict (job->store, s->entry->change_id, s->entry->table, s->entry->key,
                                   server_text, client_text, reason, error) ||
      !gb_store_sync_outbox_remove (job->store, s->entry->change_id, error))
    return FALSE;
  if (reason != NULL && server_text == NULL)
    return TRUE;
  return apply_unless_pending (job, s->entry->table, server_text ? "upsert" : "delete", key, server_row,
                               FALSE, &skipped, error);
}

static gboolean
apply_push_answer (SyncJob     *job,
                   GArray      *batch,
                   JsonNode    *root,
                   GError     **error)
{
  const char *path = "/api/v1/push";
  JsonObject *object = json_node_get_object (root);
  JsonNode *applied_node = json_object_get_member (object, "applied");
  JsonNode *conflicts_node = json_object_get_member (object, "conflicts");
  JsonNode *rejected_node = json_object_get_member (object, "rejected");
  JsonArray *applied, *conflicts, *rejected = NULL;
  gint64 last = 0;

  if (applied_node == NULL || !JSON_NODE_HOLDS_ARRAY (applied_node))
    return bad_answer (error, path, _("“applied” must be an array"));
  if (conflicts_node == NULL || !JSON_NODE_HOLDS_ARRAY (conflicts_node))
    return bad_answer (error, path, _("“conflicts” must be an array"));
  if (!get_int (object, "last", &last, path, "", error))
    return FALSE;
  /* Daemons before rejections existed refused the whole push instead: none is fine. */
  if (rejected_node != NULL && !JSON_NODE_HOLDS_ARRAY (rejected_node))
    return bad_answer (error, path, _("“rejected” must be an array"));
  applied = json_node_get_array (applied_node);
  conflicts = json_node_get_array (conflicts_node);
  if (rejected_node != NULL)
    rejected = json_node_get_array (rejected_node);

  for (guint i = 0; i < json_array_get_length (applied); i++)
    {
      JsonNode *n = json_array_get_element (applied, i);

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return bad_answer (error, path, _("applied[%u] must be a change id"), i);
      if (find_sent (batch, json_node_get_string (n)) == NULL)
        return bad_answer (error, path, _("applied[%u] names a change that was not sent: %s"), i,
                           json_node_get_string (n));
    }
  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      JsonNode *n = json_array_get_element (conflicts, i);
      g_autofree char *where = g_strdup_printf ("conflicts[%u].", i);
      JsonNode *row;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return bad_answer (error, path, _("conflicts[%u] must be an object"), i);
      if ((id = get_string (json_node_get_object (n), "id", path, where, error)) == NULL)
        return FALSE;
      if (find_sent (batch, id) == NULL)
        return bad_answer (error, path, _("conflicts[%u] names a change that was not sent: %s"), i, id);
      if (!get_row (json_node_get_object (n), "server_row", &row, path, where, error))
        return FALSE;
    }
  for (guint i = 0; rejected != NULL && i < json_array_get_length (rejected); i++)
    {
      JsonNode *n = json_array_get_element (rejected, i);
      g_autofree char *where = g_strdup_printf ("rejected[%u].", i);
      JsonNode *row;
      const char *id;
      gint64 status;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return bad_answer (error, path, _("rejected[%u] must be an object"), i);
      if ((id = get_string (json_node_get_object (n), "id", path, where, error)) == NULL ||
          get_string (json_node_get_object (n), "message", path, where, error) == NULL ||
          !get_int (json_node_get_object (n), "status", &status, path, where, error) ||
          !get_row (json_node_get_object (n), "server_row", &row, path, where, error))
        return FALSE;
      if (find_sent (batch, id) == NULL)
        return bad_answer (error, path, _("rejected[%u] names a change that was not sent: %s"), i, id);
    }

  if (!gb_store_begin (job->store, error))
    return FALSE;
  if (!gb_store_sync_begin_apply (job->store, error))
    goto fail;
  for (guint i = 0; i < json_array_get_length (applied); i++)
    {
      if (!gb_store_sync_outbox_remove (job->store, json_array_get_string_element (applied, i), error))
        goto fail;
      job->summary.pushed++;
    }
  /* A conflict: the client's version is kept for a person, and the local row takes the
   * server's so that every copy agrees until someone decides. A rejection: the same with the
   * server's reason, except that a row the server does not have (progress on an item deleted
   * there meanwhile) stays as it is here. */
  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      if (!keep_refused (job, batch, json_array_get_object_element (conflicts, i), NULL, error))
        goto fail;
      job->summary.conflicts++;
    }
  for (guint i = 0; rejected != NULL && i < json_array_get_length (rejected); i++)
    {
      JsonObject *r = json_array_get_object_element (rejected, i);

      if (!keep_refused (job, batch, r, json_object_get_string_member (r, "message"), error))
        goto fail;
      job->summary.rejected++;
    }
  gb_store_sync_end_apply (job->store);
  return gb_store_commit (job->store, error);

fail:
  gb_store_sync_end_apply (job->store);
  gb_store_rollback (job->store);
  return FALSE;
}

/* A change too large for the server even alone: it can never go, so it leaves the queue and
 * is kept for a person with the server's message, like a rejected one. */
static gboolean
reject_locally (SyncJob     *job,
                Sent        *s,
                const char  *reason,
                GError     **error)
{
  g_autofree char *client_text = JSON_NODE_HOLDS_NULL (s->row) ? NULL : gb_sync_canonical_json (s->row);

  if (!gb_store_begin (job->store, error))
    return FALSE;
  if (!gb_store_sync_add_conflict (job->store, s->entry->change_id, s->entry->table, s->entry->key, NULL,
                                   client_text, reason, error) ||
      !gb_store_sync_outbox_remove (job->store, s->entry->change_id, error))
    {
      gb_store_rollback (job->store);
      return FALSE;
    }
  job->summary.rejected++;
  return gb_store_commit (job->store, error);
}

static gboolean
push_outbox (SyncJob       *job,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *client_id = gb_store_sync_client_id (job->store, error);
  gint64 after_id = 0;
  guint max_entries = PUSH_BATCH;

  if (client_id == NULL)
    return FALSE;
  for (;;)
    {
      g_autoptr(GArray) batch = prepare_batch (job, after_id, max_entries, error);
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *body = NULL;

      if (batch == NULL)
        return FALSE;
      if (batch->len == 0)
        return TRUE;
      body = push_body (client_id, batch);
      answer = request_json (job, job->session, "POST", "/api/v1/push", body, cancellable, &local);
      /* Over the server's body limit (its limit may be lower than ours): the same changes again
       * in smaller pushes, down to one; one alone over it cannot go at all. */
      if (answer == NULL && g_error_matches (local, GB_ERROR, GB_ERROR_TOO_LARGE))
        {
          if (batch->len > 1)
            {
              max_entries = MAX (1, batch->len / 2);
              continue;
            }
          if (!reject_locally (job, &g_array_index (batch, Sent, 0), local->message, error))
            return FALSE;
          after_id = g_array_index (batch, Sent, 0).entry->id;
          continue;
        }
      if (answer == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* Entries the server neither applied nor refused stay queued for the next sync; going
       * past them keeps this one finite. */
      after_id = g_array_index (batch, Sent, batch->len - 1).entry->id;
      if (!apply_push_answer (job, batch, answer, error))
        return FALSE;
    }
}

/* ---- pull ---------------------------------------------------------------------------------- */

/* Feed pages are read with the flat parser of gb-sync-json.c, not json-glib: a national page
 * as json-glib nodes cost more to build and free than its rows cost to write. */
typedef struct
{
  gint64     since, next, last;
  gboolean   more;
  GbJsonDoc *doc;
  guint      changes;     /* index of the "changes" array in doc */
  guint      columns;     /* index of the compact page's "columns" object, 0 when none */
  GArray    *list;        /* Change: the changes as check_page() read them, for apply_page() */
} Page;

/* One change of a page, in either of the feed's formats: an object {"seq","table","op","key",
 * "row"}, or (format=compact) an array [seq, table, op, data] whose data is the row's values
 * in the order of the page's columns[table].row for an upsert, the key object for a delete. */
typedef struct
{
  gint64      seq;
  const char *table;
  const char *op;
  guint       key;        /* the key object; for a compact upsert, the row's values */
  guint       row;        /* the row (object, or values), 0 for none */
  guint       names;      /* compact upsert: the row's member names; else 0 */
  guint       key_names;  /* compact upsert: the key's member names; else 0 */
} Change;

/* A feed page's text read into a flat document. */
static GbJsonDoc *
read_page (const char    *path,
           GBytes        *bytes,
           GError       **error)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GbJsonDoc) doc = NULL;
  g_autoptr(GError) local = NULL;
  gsize len = 0;
  const char *data;

  data = g_bytes_get_data (bytes, &len);
  doc = gb_json_doc_parse (data, len, &local);
  g_debug ("%s: %zu bytes read in %.1f ms", path, len, (g_get_monotonic_time () - t0) / 1e3);
  if (doc == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("The server's answer to %s is not valid JSON (%zu bytes, maybe cut off): %s"),
                   path, len, local->message);
      return NULL;
    }
  if (doc->vals[0].type != GB_JSON_OBJECT)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("The server's answer to %s is not a JSON object"), path);
      return NULL;
    }
  return g_steal_pointer (&doc);
}

/* get_int(), get_bool() and get_string() on a flat document. */
static gboolean
doc_int (const GbJsonDoc  *doc,
         guint             object,
         const char       *member,
         gint64           *value,
         const char       *path,
         const char       *where,
         GError          **error)
{
  guint i = gb_json_doc_member (doc, object, member);

  if (i == 0 || doc->vals[i].type != GB_JSON_INT)
    return bad_answer (error, path, _("%s“%s” must be an integer"), where, member);
  *value = doc->vals[i].v.i;
  if (*value < 0)
    return bad_answer (error, path, _("%s“%s” is negative"), where, member);
  return TRUE;
}

static gboolean
doc_bool (const GbJsonDoc  *doc,
          guint             object,
          const char       *member,
          gboolean         *value,
          const char       *path,
          GError          **error)
{
  guint i = gb_json_doc_member (doc, object, member);

  if (i == 0 || (doc->vals[i].type != GB_JSON_TRUE && doc->vals[i].type != GB_JSON_FALSE))
    return bad_answer (error, path, _("“%s” must be true or false"), member);
  *value = doc->vals[i].type == GB_JSON_TRUE;
  return TRUE;
}

static const char *
doc_string (const GbJsonDoc  *doc,
            guint             object,
            const char       *member,
            const char       *path,
            const char       *where,
            GError          **error)
{
  guint i = gb_json_doc_member (doc, object, member);

  if (i == 0 || doc->vals[i].type != GB_JSON_STRING || doc->vals[i].len == 0)
    {
      bad_answer (error, path, _("%s“%s” must be a non-empty string"), where, member);
      return NULL;
    }
  return doc->vals[i].v.s;
}

/* The @n-th element of the array at @array, 0 when it has fewer. */
static guint
doc_element (const GbJsonDoc *doc,
             guint            array,
             guint            n)
{
  for (guint i = array + 1; i < doc->vals[array].end; i = doc->vals[i].end, n--)
    if (n == 0)
      return i;
  return 0;
}

static gboolean
all_strings (const GbJsonDoc *doc,
             guint            array)
{
  if (array == 0 || doc->vals[array].type != GB_JSON_ARRAY)
    return FALSE;
  for (guint i = array + 1; i < doc->vals[array].end; i = doc->vals[i].end)
    if (doc->vals[i].type != GB_JSON_STRING || doc->vals[i].len == 0)
      return FALSE;
  return TRUE;
}

/* A compact page's "columns": {"table": {"key": [names], "row": [names]}, …}, every name a
 * non-empty string and every key member one of the row's. */
static gboolean
check_columns (const GbJsonDoc  *doc,
               guint             columns,
               const char       *path,
               GError          **error)
{
  if (doc->vals[columns].type != GB_JSON_OBJECT)
    return bad_answer (error, path, _("“columns” must be an object"));
  for (guint m = GB_JSON_FIRST_MEMBER (doc, columns); m < doc->vals[columns].end; m = GB_JSON_NEXT_MEMBER (doc, m))
    {
      const char *table = doc->vals[m].v.s;
      guint key = gb_json_doc_member (doc, m + 1, "key"), row = gb_json_doc_member (doc, m + 1, "row");

      if (doc->vals[m + 1].type != GB_JSON_OBJECT || !all_strings (doc, key) || !all_strings (doc, row) ||
          doc->vals[key].len == 0)
        return bad_answer (error, path, _("columns.%s must have “key” and “row”, arrays of names"), table);
      for (guint k = key + 1; k < doc->vals[key].end; k = doc->vals[k].end)
        {
          gboolean found = FALSE;

          for (guint r = row + 1; r < doc->vals[row].end && !found; r = doc->vals[r].end)
            found = strcmp (doc->vals[k].v.s, doc->vals[r].v.s) == 0;
          if (!found)
            return bad_answer (error, path, _("columns.%s: the key member “%s” is not in the row"), table,
                               doc->vals[k].v.s);
        }
    }
  return TRUE;
}

/* Reads change @c (index @n in the page) into @out, checking its shape. */
static gboolean
read_change (const GbJsonDoc  *doc,
             const Page       *page,
             guint             c,
             guint             n,
             Change           *out,
             GError          **error)
{
  const char *path = "/api/v1/changes";
  char where[32];
  guint data;

  memset (out, 0, sizeof *out);
  g_snprintf (where, sizeof where, "changes[%u].", n);
  if (doc->vals[c].type == GB_JSON_OBJECT)
    {
      if (!doc_int (doc, c, "seq", &out->seq, path, where, error) ||
          (out->table = doc_string (doc, c, "table", path, where, error)) == NULL ||
          (out->op = doc_string (doc, c, "op", path, where, error)) == NULL)
        return FALSE;
      out->key = gb_json_doc_member (doc, c, "key");
      out->row = gb_json_doc_member (doc, c, "row");
      if (out->key == 0 || doc->vals[out->key].type != GB_JSON_OBJECT || doc->vals[out->key].len == 0)
        return bad_answer (error, path, _("changes[%u].key must be a non-empty object"), n);
      if (strcmp (out->op, "upsert") == 0 && (out->row == 0 || doc->vals[out->row].type != GB_JSON_OBJECT))
        return bad_answer (error, path, _("changes[%u].row must be an object for an upsert"), n);
      if (strcmp (out->op, "delete") == 0 && out->row != 0 && doc->vals[out->row].type != GB_JSON_NULL)
        return bad_answer (error, path, _("changes[%u].row must be null for a delete"), n);
      if (out->row != 0 && doc->vals[out->row].type != GB_JSON_OBJECT)
        out->row = 0;
    }
  else if (doc->vals[c].type == GB_JSON_ARRAY)
    {
      guint seq = doc_element (doc, c, 0), table = doc_element (doc, c, 1), op = doc_element (doc, c, 2);

      data = doc_element (doc, c, 3);
      if (doc->vals[c].len != 4)
        return bad_answer (error, path, _("changes[%u] must be [seq, table, op, data]"), n);
      if (doc->vals[seq].type != GB_JSON_INT || doc->vals[seq].v.i < 0)
        return bad_answer (error, path, _("changes[%u]: the sequence must be an integer, 0 or more"), n);
      if (doc->vals[table].type != GB_JSON_STRING || doc->vals[table].len == 0 ||
          doc->vals[op].type != GB_JSON_STRING)
        return bad_answer (error, path, _("changes[%u]: the table and the operation must be strings"), n);
      out->seq = doc->vals[seq].v.i;
      out->table = doc->vals[table].v.s;
      out->op = doc->vals[op].v.s;
      if (strcmp (out->op, "upsert") == 0)
        {
          guint columns = page->columns ? gb_json_doc_member (doc, page->columns, out->table) : 0;

          if (columns == 0)
            return bad_answer (error, path, _("changes[%u]: no columns for the table “%s”"), n, out->table);
          out->names = gb_json_doc_member (doc, columns, "row");
          out->key_names = gb_json_doc_member (doc, columns, "key");
          if (doc->vals[data].type != GB_JSON_ARRAY || doc->vals[data].len != doc->vals[out->names].len)
            return bad_answer (error, path, _("changes[%u]: an upsert's row must be an array of %u values"), n,
                               doc->vals[out->names].len);
          out->key = out->row = data;
        }
      else
        {
          if (doc->vals[data].type != GB_JSON_OBJECT || doc->vals[data].len == 0)
            return bad_answer (error, path, _("changes[%u]: a delete's key must be a non-empty object"), n);
          out->key = data;
        }
    }
  else
    return bad_answer (error, path, _("changes[%u] must be an object or an array"), n);
  if (strcmp (out->op, "upsert") != 0 && strcmp (out->op, "delete") != 0)
    return bad_answer (error, path, _("changes[%u].op is “%s”, not upsert or delete"), n, out->op);
  return TRUE;
}

static gboolean
check_page (GbJsonDoc  *doc,
            gint64      asked,
            Page       *page,
            GError    **error)
{
  const char *path = "/api/v1/changes";
  guint changes;
  gint64 prev;
  guint n = 0;

  if (!doc_int (doc, 0, "since", &page->since, path, "", error) ||
      !doc_int (doc, 0, "next", &page->next, path, "", error) ||
      !doc_int (doc, 0, "last", &page->last, path, "", error) ||
      !doc_bool (doc, 0, "more", &page->more, path, error))
    return FALSE;
  if (page->since != asked)
    return bad_answer (error, path, _("it starts after %lld, not after %lld as asked"),
                       (long long) page->since, (long long) asked);
  if (page->next < page->since)
    return bad_answer (error, path, _("the sequence goes backwards (next %lld < since %lld)"),
                       (long long) page->next, (long long) page->since);
  if (page->last < page->since)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
                   _("The server's feed ends at %lld, before this copy's %lld: it is not the server "
                     "this copy was synced with, or it lost data"),
                   (long long) page->last, (long long) page->since);
      return FALSE;
    }
  if (page->last < page->next)
    return bad_answer (error, path, _("the sequence goes backwards (last %lld < next %lld)"),
                       (long long) page->last, (long long) page->next);
  if (page->more && page->next == page->since)
    return bad_answer (error, path, _("it says there is more but does not advance"));
  if (!page->more && page->next != page->last)
    return bad_answer (error, path, _("it says there is no more but stops at %lld of %lld"),
                       (long long) page->next, (long long) page->last);

  changes = gb_json_doc_member (doc, 0, "changes");
  if (changes == 0 || doc->vals[changes].type != GB_JSON_ARRAY)
    return bad_answer (error, path, _("“changes” must be an array"));
  page->changes = changes;
  page->columns = gb_json_doc_member (doc, 0, "columns");
  if (page->columns != 0 && !check_columns (doc, page->columns, path, error))
    return FALSE;

  prev = page->since;
  page->list = g_array_sized_new (FALSE, FALSE, sizeof (Change), doc->vals[changes].len);
  for (guint c = changes + 1; c < doc->vals[changes].end; c = doc->vals[c].end, n++)
    {
      Change ch;

      if (!read_change (doc, page, c, n, &ch, error))
        return FALSE;
      g_array_append_val (page->list, ch);
      if (ch.seq <= prev)
        return bad_answer (error, path, _("the sequence goes backwards at changes[%u] (%lld after %lld)"),
                           n, (long long) ch.seq, (long long) prev);
      if (ch.seq > page->next)
        return bad_answer (error, path, _("changes[%u] has sequence %lld, past next %lld"),
                           n, (long long) ch.seq, (long long) page->next);
      prev = ch.seq;
    }
  return TRUE;
}

/* The change's key as json-glib holds it. */
static JsonNode *
change_key_node (const GbJsonDoc *doc,
                 const Change    *ch)
{
  if (ch->names != 0)
    return gb_json_doc_row_to_node (doc, ch->names, ch->key, ch->key_names);
  return gb_json_doc_to_node (doc, ch->key);
}

/* One pulled change: skipped when a local edit of the row is still queued (@pending holds
 * "table" and "table\nkey" of every queued edit, NULL when none is), else applied. */
static gboolean
apply_change (SyncJob          *job,
              const GbJsonDoc  *doc,
              const Change     *ch,
              GHashTable       *pending,
              gboolean         *skipped,
              GError          **error)
{
  gboolean ok;

  *skipped = FALSE;
  if (pending != NULL && g_hash_table_contains (pending, ch->table))
    {
      g_autoptr(JsonNode) node = change_key_node (doc, ch);
      g_autofree char *canon = gb_sync_canonical_json (node);
      g_autofree char *name = g_strconcat (ch->table, "\n", canon, NULL);

      if (g_hash_table_contains (pending, name))
        {
          *skipped = TRUE;
          return TRUE;
        }
    }
  if (job->codec == &core_codec && ch->names != 0)
    {
      /* The codec reads the key's members from the row, where they are. */
      GbJsonRowRef r = { doc, ch->names, ch->row };

      ok = gb_sync_codec_apply_members (job->store, ch->table, ch->op, gb_json_doc_sync_row_member, &r,
                                        doc->vals[ch->key_names].len, &r, error);
    }
  else if (job->codec == &core_codec)
    {
      GbJsonObjectRef k = { doc, ch->key }, r = { doc, ch->row };

      ok = gb_sync_codec_apply_members (job->store, ch->table, ch->op, gb_json_doc_sync_member, &k,
                                        doc->vals[ch->key].len, ch->row != 0 ? &r : NULL, error);
    }
  else
    {
      g_autoptr(JsonNode) k = change_key_node (doc, ch);
      g_autoptr(JsonNode) r = ch->row == 0 ? json_node_new (JSON_NODE_NULL)
                              : ch->names != 0 ? gb_json_doc_row_to_node (doc, ch->names, ch->row, 0)
                              : gb_json_doc_to_node (doc, ch->row);

      ok = job->codec->apply (job->store, ch->table, ch->op, k, r, error);
    }
  if (!ok)
    {
      g_autoptr(JsonNode) node = change_key_node (doc, ch);
      g_autofree char *canon = gb_sync_canonical_json (node);

      g_prefix_error (error, _("Could not apply the change of %s %s: "), ch->table, canon);
    }
  return ok;
}

static gboolean
apply_page (SyncJob    *job,
            Page       *page,
            GError    **error)
{
  const GbJsonDoc *doc = page->doc;
  g_autoptr(GHashTable) pending = NULL;
  char buf[32];
  guint n = 0;

  if (!gb_store_begin (job->store, error))
    return FALSE;
  if (!gb_store_sync_begin_apply (job->store, error))
    goto fail;
  /* Read inside the transaction: an edit made meanwhile waits for it to end. With nothing
   * queued (the usual case, and every first sync) there is nothing to protect. */
  if (gb_store_sync_outbox_count (job->store) > 0 &&
      (pending = gb_store_sync_pending_rows (job->store, error)) == NULL)
    goto fail;
  for (; n < page->list->len; n++)
    {
      gboolean skipped = FALSE;

      if (!apply_change (job, doc, &g_array_index (page->list, Change, n), pending, &skipped, error))
        goto fail;
      if (skipped)
        job->summary.skipped++;
    }
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, page->last);
  if (!gb_store_sync_set_cursor (job->store, page->next, error) ||
      !gb_store_sync_set_state (job->store, "server_last", buf, error))
    goto fail;
  gb_store_sync_end_apply (job->store);
  if (!gb_store_commit (job->store, error))
    return FALSE;
  job->summary.pulled += n;
  return TRUE;

fail:
  gb_store_sync_end_apply (job->store);
  gb_store_rollback (job->store);
  return FALSE;
}

/* Three stages, each in a thread of its own: the fetch thread asks for pages, the read thread
 * parses and checks them, the sync thread applies them. The feed's headers (Giaoban-Next and
 * Giaoban-More) say where a page ends, so the next page is asked for while this one is still
 * being read: the server makes it, and the network carries it, meanwhile. Without those
 * headers (a server that does not send them) the fetch thread waits for the read thread to
 * know. The headers are trusted for the asking only: a page whose body says otherwise is
 * refused. At most PREFETCH_DEPTH pages wait, read or not; the cursor only ever moves with an
 * applied page. */
#define PREFETCH_DEPTH 3

/* The first page asked is small and each next one twice as large, up to page-size: nothing
 * is applied before a page has been made, sent and read whole, and a one-day delta is only a
 * few full pages, so a full first page was dead time for the applier. */
#define FIRST_PAGE     500

typedef struct
{
  Page      page;
  GError   *error;
} Fetched;

static void
fetched_free (Fetched *f)
{
  g_clear_pointer (&f->page.doc, gb_json_doc_free);
  g_clear_pointer (&f->page.list, g_array_unref);
  g_clear_error (&f->error);
  g_free (f);
}

/* A page as it came, before it is read; the end of the fetching when @end. */
typedef struct
{
  gboolean  end;
  char     *path;
  gint64    since;
  GBytes   *bytes;
  gboolean  hinted;       /* the headers said where the page ends */
  gint64    hint_next;
  gboolean  hint_more;
  GError   *error;
} Raw;

static void
raw_free (Raw *r)
{
  g_free (r->path);
  g_clear_pointer (&r->bytes, g_bytes_unref);
  g_clear_error (&r->error);
  g_free (r);
}

typedef struct
{
  SyncJob      *job;
  GCancellable *cancellable;   /* cancelled by the applier on failure, or with the sync */
  gulong        parent_handler;
  GCancellable *parent;
  gint64        since;
  GAsyncQueue  *raw;           /* Raw, fetch thread -> read thread */
  GAsyncQueue  *pages;         /* Fetched, read thread -> applier */
  GMutex        lock;
  GCond         cond;
  guint         waiting;       /* pages fetched and not yet taken by the applier */
  guint         fetched, read; /* pages so far, for a fetch thread waiting for the reader */
  gint64        read_next;     /* the last page read: where it ends, and whether more follow */
  gboolean      read_more;
  gboolean      stop;
} Prefetch;

static SoupSession *
new_session (SyncJob *job)
{
  return soup_session_new_with_options ("timeout", job->timeout, "idle-timeout", job->timeout,
                                        "user-agent", "giaoban/" PACKAGE_VERSION, NULL);
}

/* The page's end as its headers give it; FALSE when they do not (both must be there, and
 * well-formed). */
static gboolean
page_hint (SoupMessageHeaders *headers,
           gint64             *next,
           gboolean           *more)
{
  const char *n = headers ? soup_message_headers_get_one (headers, GB_SYNC_FEED_NEXT_HEADER) : NULL;
  const char *m = headers ? soup_message_headers_get_one (headers, GB_SYNC_FEED_MORE_HEADER) : NULL;
  guint64 value;

  if (n == NULL || m == NULL || (strcmp (m, "true") != 0 && strcmp (m, "false") != 0) ||
      !g_ascii_string_to_unsigned (n, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *next = (gint64) value;
  *more = strcmp (m, "true") == 0;
  return TRUE;
}

static gpointer
fetch_thread (gpointer data)
{
  Prefetch *pf = data;
  g_autoptr(SoupSessionClosing) session = new_session (pf->job);
  gint64 since = pf->since;
  guint limit = MIN (pf->job->page_size, FIRST_PAGE);
  Raw *end = g_new0 (Raw, 1);

  for (;;)
    {
      g_autoptr(SoupMessageHeaders) headers = NULL;
      gboolean failed, hinted, more;
      Raw *r;

      g_mutex_lock (&pf->lock);
      while (pf->waiting >= PREFETCH_DEPTH && !pf->stop)
        g_cond_wait (&pf->cond, &pf->lock);
      if (pf->stop)
        {
          g_mutex_unlock (&pf->lock);
          break;
        }
      pf->waiting++;
      pf->fetched++;
      g_mutex_unlock (&pf->lock);

      r = g_new0 (Raw, 1);
      r->since = since;
      /* The compact format (arrays, not objects: a third of the bytes, and of the reading); a
       * server that does not know it sends objects, which are read as well. */
      r->path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u&format=compact", since, limit);
      limit = MIN (pf->job->page_size, limit * 2);
      if (!g_cancellable_set_error_if_cancelled (pf->cancellable, &r->error))
        {
          gint64 t0 = g_get_monotonic_time ();

          r->bytes = request_body (pf->job, session, "GET", r->path, NULL, &headers, pf->cancellable, &r->error);
          g_debug ("%s: %zu bytes in %.1f ms", r->path, r->bytes ? g_bytes_get_size (r->bytes) : 0,
                   (g_get_monotonic_time () - t0) / 1e3);
        }
      failed = r->error != NULL;
      hinted = !failed && page_hint (headers, &r->hint_next, &r->hint_more);
      r->hinted = hinted;
      more = r->hint_more;
      if (hinted)
        since = r->hint_next;
      /* Once pushed, the page belongs to the reader. */
      g_async_queue_push (pf->raw, r);
      if (failed || (hinted && !more))
        break;
      if (!hinted)
        {
          /* Where this page ends is known once it is read. */
          g_mutex_lock (&pf->lock);
          while (pf->read < pf->fetched && !pf->stop)
            g_cond_wait (&pf->cond, &pf->lock);
          more = pf->read_more && !pf->stop;
          since = pf->read_next;
          g_mutex_unlock (&pf->lock);
          if (!more)
            break;
        }
    }
  end->end = TRUE;
  g_async_queue_push (pf->raw, end);
  return NULL;
}

static gpointer
read_thread (gpointer data)
{
  Prefetch *pf = data;

  for (;;)
    {
      Raw *r = g_async_queue_pop (pf->raw);
      Fetched *f;
      gboolean last_one;

      if (r->end)
        {
          raw_free (r);
          break;
        }
      f = g_new0 (Fetched, 1);
      if (r->error != NULL)
        f->error = g_steal_pointer (&r->error);
      else if (!g_cancellable_set_error_if_cancelled (pf->cancellable, &f->error) &&
               (f->page.doc = read_page (r->path, r->bytes, &f->error)) != NULL &&
               check_page (f->page.doc, r->since, &f->page, &f->error) &&
               r->hinted && (r->hint_next != f->page.next || r->hint_more != f->page.more))
        bad_answer (&f->error, "/api/v1/changes",
                    _("its headers and its body disagree on where it ends (%lld, %lld) or on whether more follows"),
                    (long long) r->hint_next, (long long) f->page.next);
      raw_free (r);
      last_one = f->error != NULL || !f->page.more;
      g_mutex_lock (&pf->lock);
      pf->read++;
      pf->read_next = f->page.next;
      pf->read_more = !last_one;
      g_cond_broadcast (&pf->cond);
      g_mutex_unlock (&pf->lock);
      /* Once pushed, the page belongs to the applier (which may free it at once). */
      g_async_queue_push (pf->pages, f);
      if (last_one)
        break;
    }
  return NULL;
}

static void
parent_cancelled_cb (GCancellable *parent,
                     Prefetch     *pf)
{
  g_cancellable_cancel (pf->cancellable);
}

static gboolean
pull_feed (SyncJob       *job,
           GCancellable  *cancellable,
           GError       **error)
{
  Prefetch pf = { 0 };
  GThread *fetcher, *reader;
  gboolean ok = FALSE;

  pf.job = job;
  pf.since = gb_store_sync_get_cursor (job->store);
  pf.cancellable = g_cancellable_new ();
  pf.raw = g_async_queue_new_full ((GDestroyNotify) raw_free);
  pf.pages = g_async_queue_new_full ((GDestroyNotify) fetched_free);
  g_mutex_init (&pf.lock);
  g_cond_init (&pf.cond);
  if (cancellable != NULL)
    pf.parent_handler = g_cancellable_connect (cancellable, G_CALLBACK (parent_cancelled_cb), &pf, NULL);
  pf.parent = cancellable;
  fetcher = g_thread_new ("gb-sync-fetch", fetch_thread, &pf);
  reader = g_thread_new ("gb-sync-read", read_thread, &pf);

  for (;;)
    {
      Fetched *f = g_async_queue_pop (pf.pages);
      gint64 t0 = g_get_monotonic_time ();

      g_mutex_lock (&pf.lock);
      pf.waiting--;
      g_cond_broadcast (&pf.cond);
      g_mutex_unlock (&pf.lock);

      if (f->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&f->error));
          fetched_free (f);
          break;
        }
      if (!apply_page (job, &f->page, error))
        {
          fetched_free (f);
          break;
        }
      g_debug ("page after %lld: %u changes applied in %.1f ms",
               (long long) f->page.since, f->page.doc->vals[f->page.changes].len,
               (g_get_monotonic_time () - t0) / 1e3);
      job->summary.cursor = f->page.next;
      job->summary.last = f->page.last;
      job_progress (job);
      if (!f->page.more)
        {
          fetched_free (f);
          ok = TRUE;
          break;
        }
      fetched_free (f);
    }

  g_mutex_lock (&pf.lock);
  pf.stop = TRUE;
  g_cond_broadcast (&pf.cond);
  g_mutex_unlock (&pf.lock);
  g_cancellable_cancel (pf.cancellable);
  g_thread_join (fetcher);
  g_thread_join (reader);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, pf.parent_handler);
  g_async_queue_unref (pf.raw);
  g_async_queue_unref (pf.pages);
  g_object_unref (pf.cancellable);
  g_mutex_clear (&pf.lock);
  g_cond_clear (&pf.cond);
  if (!ok && g_cancellable_is_cancelled (cancellable) && error != NULL && *error != NULL &&
      !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sync was cancelled"));
    }
  return ok;
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* ---- one sync, with retries ---------------------------------------------------------------- */

/**
 * gb_sync_client_backoff_delay:
 * @failures: failed attempts in a row (1 after the first)
 * @interval_seconds: the regular interval, the longest wait
 *
 * Returns: seconds to wait: 2, 4, 8 … doubling, never more than @interval_seconds nor 15 min
 */
guint
gb_sync_client_backoff_delay (guint failures,
                              guint interval_seconds)
{
  guint cap = MIN (MAX (interval_seconds, 2u), 900u);
  guint delay = 2;

  for (guint i = 1; i < failures && delay < cap; i++)
    delay *= 2;
  return MIN (delay, cap);
}

static gboolean
retryable (const GError *error)
{
  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         !g_error_matches (error, GB_ERROR, GB_ERROR_PERMISSION) &&
         !g_error_matches (error, GB_ERROR, GB_ERROR_DATABASE) &&
         !g_error_matches (error, GB_ERROR, GB_ERROR_INVALID_DATA);
}

/* Waits, waking up early when cancelled. */
static gboolean
wait_cancellable (guint          milliseconds,
                  GCancellable  *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (20000);
    }
  return TRUE;
}

static gboolean
run_job (SyncJob       *job,
         GCancellable  *cancellable,
         GError       **error)
{
  gint64 started = g_get_monotonic_time ();
  g_autofree char *known = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GError) last = NULL;

  if (job->codec == NULL || job->codec->encode == NULL || job->codec->apply == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("This build of Giao Ban cannot sync: it has no sync codec"));
      return FALSE;
    }
  if (job->server_url == NULL || *job->server_url == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("No sync server is set"));
      return FALSE;
    }
  {
    g_autoptr(GUri) uri = g_uri_parse (job->server_url, G_URI_FLAGS_NONE, NULL);

    if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                        g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
      {
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a server address (http:// or https://)"),
                     job->server_url);
        return FALSE;
      }
  }

  job->store = gb_store_open (job->database, error);
  if (job->store == NULL)
    return FALSE;

  /* The cursor belongs to one server: another server's feed starts again from zero. */
  known = gb_store_sync_get_state (job->store, "server_url");
  if (g_strcmp0 (known, job->server_url) != 0)
    {
      if (!gb_store_begin (job->store, error))
        return FALSE;
      if (!gb_store_sync_set_cursor (job->store, 0, error) ||
          !gb_store_sync_set_state (job->store, "server_url", job->server_url, error) ||
          !gb_store_commit (job->store, error))
        {
          gb_store_rollback (job->store);
          return FALSE;
        }
    }

  job->session = new_session (job);
  job->start_cursor = gb_store_sync_get_cursor (job->store);
  job->summary.cursor = job->start_cursor;

  for (guint attempt = 1; ; attempt++)
    {
      gint64 t0 = g_get_monotonic_time (), t1 = 0;
      gboolean done;

      job->summary.attempts = attempt;
      g_clear_error (&last);
      done = push_outbox (job, cancellable, &last) &&
             ((t1 = g_get_monotonic_time ()), pull_feed (job, cancellable, &last));

      g_debug ("attempt %u: opened in %.1f ms, pushed in %.1f ms, pulled in %.1f ms", attempt,
               (t0 - started) / 1e3, t1 ? (t1 - t0) / 1e3 : 0.0, t1 ? (g_get_monotonic_time () - t1) / 1e3 : 0.0);
      if (done)
        break;
      if (attempt >= job->max_attempts || !retryable (last))
        {
          /* Nothing is written on failure: the database stays exactly as the last
           * committed page left it. */
          g_propagate_error (error, g_steal_pointer (&last));
          return FALSE;
        }
      g_debug ("sync attempt %u failed, retrying: %s", attempt, last->message);
      if (!wait_cancellable (MIN (250u << (attempt - 1), 8000u), cancellable))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sync was cancelled"));
          return FALSE;
        }
    }

  now = now_iso ();
  gb_store_sync_set_state (job->store, "last_sync", now, NULL);
  job->summary.pending = gb_store_sync_outbox_count (job->store);
  job->summary.cursor = gb_store_sync_get_cursor (job->store);
  job->summary.seconds = (g_get_monotonic_time () - started) / 1e6;
  return TRUE;
}

static SyncJob *
job_new (GbSyncClient *self,
         gboolean      in_thread)
{
  SyncJob *job = g_new0 (SyncJob, 1);

  job->client = g_object_ref (self);
  job->context = in_thread ? g_main_context_ref_thread_default () : NULL;
  job->database = g_strdup (self->database);
  job->server_url = g_strdup (self->server_url);
  job->token = g_strdup (self->token);
  job->page_size = self->page_size;
  job->timeout = self->timeout;
  job->max_attempts = MAX (self->max_attempts, 1u);
  job->codec = self->codec;
  return job;
}

/* ---- state seen by the app ------------------------------------------------------------------ */

static void
set_string (GbSyncClient *self,
            char        **field,
            const char   *value,
            int           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_count (GbSyncClient *self,
           gint64       *field,
           gint64        value,
           int           prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * gb_sync_client_refresh_state:
 *
 * Reads the queued edits, open conflicts and last sync from the database (the
 * app calls it after its own edits so the indicator follows).
 */
void
gb_sync_client_refresh_state (GbSyncClient *self)
{
  g_autoptr(GbStore) store = NULL;
  g_autofree char *last_sync = NULL;

  g_return_if_fail (GB_IS_SYNC_CLIENT (self));

  if (self->local_store != NULL)
    store = g_object_ref (self->local_store);
  else if (self->database == NULL || (store = gb_store_open (self->database, NULL)) == NULL)
    return;
  last_sync = gb_store_sync_get_state (store, "last_sync");
  set_count (self, &self->pending, gb_store_sync_outbox_count (store), PROP_PENDING);
  set_count (self, &self->conflicts, gb_store_sync_conflict_count (store), PROP_CONFLICTS);
  set_string (self, &self->last_sync, last_sync, PROP_LAST_SYNC);
}

/**
 * gb_sync_client_set_local_store:
 * @store: (nullable): the connection of the thread that owns the client
 *
 * gb_sync_client_refresh_state() reads through it instead of opening the file each time.
 */
void
gb_sync_client_set_local_store (GbSyncClient *self,
                                GbStore      *store)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  g_set_object (&self->local_store, store);
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
gb_sync_client_dispose (GObject *object)
{
  GbSyncClient *self = GB_SYNC_CLIENT (object);

  gb_sync_client_stop_periodic (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->local_store);

  G_OBJECT_CLASS (gb_sync_client_parent_class)->dispose (object);
}

static void
gb_sync_client_finalize (GObject *object)
{
  GbSyncClient *self = GB_SYNC_CLIENT (object);

  g_free (self->database);
  g_free (self->server_url);
  g_free (self->token);
  g_free (self->last_error);
  g_free (self->last_sync);

  G_OBJECT_CLASS (gb_sync_client_parent_class)->finalize (object);
}

static void
gb_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GbSyncClient *self = GB_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_DATABASE: g_value_set_string (value, self->database); break;
    case PROP_SERVER_URL: g_value_set_string (value, self->server_url); break;
    case PROP_TOKEN: g_value_set_string (value, self->token); break;
    case PROP_PAGE_SIZE: g_value_set_uint (value, self->page_size); break;
    case PROP_TIMEOUT: g_value_set_uint (value, self->timeout); break;
    case PROP_MAX_ATTEMPTS: g_value_set_uint (value, self->max_attempts); break;
    case PROP_SYNCING: g_value_set_boolean (value, self->syncing); break;
    case PROP_LAST_ERROR: g_value_set_string (value, self->last_error); break;
    case PROP_LAST_SYNC: g_value_set_string (value, self->last_sync); break;
    case PROP_PENDING: g_value_set_int64 (value, self->pending); break;
    case PROP_CONFLICTS: g_value_set_int64 (value, self->conflicts); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_sync_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GbSyncClient *self = GB_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_free (self->database);
      self->database = g_value_dup_string (value);
      break;
    case PROP_SERVER_URL: gb_sync_client_set_server_url (self, g_value_get_string (value)); break;
    case PROP_TOKEN: gb_sync_client_set_token (self, g_value_get_string (value)); break;
    case PROP_PAGE_SIZE:
      if (self->page_size != g_value_get_uint (value))
        {
          self->page_size = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_TIMEOUT:
      if (self->timeout != g_value_get_uint (value))
        {
          self->timeout = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_MAX_ATTEMPTS:
      if (self->max_attempts != g_value_get_uint (value))
        {
          self->max_attempts = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_sync_client_class_init (GbSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gb_sync_client_dispose;
  object_class->finalize = gb_sync_client_finalize;
  object_class->get_property = gb_sync_client_get_property;
  object_class->set_property = gb_sync_client_set_property;

  properties[PROP_DATABASE] = g_param_spec_string ("database", NULL, NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] = g_param_spec_string ("server-url", NULL, NULL, NULL, rw);
  properties[PROP_TOKEN] = g_param_spec_string ("token", NULL, NULL, NULL, rw);
  properties[PROP_PAGE_SIZE] = g_param_spec_uint ("page-size", NULL, NULL, 1, 100000, DEFAULT_PAGE_SIZE, rw);
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, DEFAULT_TIMEOUT, rw);
  properties[PROP_MAX_ATTEMPTS] = g_param_spec_uint ("max-attempts", NULL, NULL, 1, 100, DEFAULT_MAX_ATTEMPTS, rw);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, ro);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_LAST_SYNC] = g_param_spec_string ("last-sync", NULL, NULL, NULL, ro);
  properties[PROP_PENDING] = g_param_spec_int64 ("pending", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CONFLICTS] = g_param_spec_int64 ("conflicts", NULL, NULL, 0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GbSyncClient::progress:
   * @rows: changes pulled so far in this sync
   * @total: changes the feed had when the sync started (an estimate for a first sync)
   * @fraction: 0 … 1
   */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                           G_TYPE_INT64, G_TYPE_INT64, G_TYPE_DOUBLE);
  /**
   * GbSyncClient::finished:
   * @summary: (nullable): what the sync did, NULL when it failed
   * @error: (nullable): why it failed
   *
   * Emitted after every background sync (gb_sync_client_start_periodic()).
   */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                           GB_TYPE_SYNC_SUMMARY, G_TYPE_ERROR);
}

static void
gb_sync_client_init (GbSyncClient *self)
{
  self->page_size = DEFAULT_PAGE_SIZE;
  self->timeout = DEFAULT_TIMEOUT;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->codec = default_codec;
}

/* ---- public API ---------------------------------------------------------------------------- */

/**
 * gb_sync_client_new:
 * @database: path of the local database (the sync opens its own connection to it)
 * @server_url: (nullable): e.g. "http://127.0.0.1:8470"
 * @token: (nullable): the bearer token `giaoband user add` printed
 */
GbSyncClient *
gb_sync_client_new (const char *database,
                    const char *server_url,
                    const char *token)
{
  return g_object_new (GB_TYPE_SYNC_CLIENT, "database", database, "server-url", server_url,
                       "token", token, NULL);
}

const char *
gb_sync_client_get_database (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->database;
}

const char *
gb_sync_client_get_server_url (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->server_url;
}

void
gb_sync_client_set_server_url (GbSyncClient *self,
                               const char   *server_url)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  set_string (self, &self->server_url, server_url, PROP_SERVER_URL);
}

const char *
gb_sync_client_get_token (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->token;
}

void
gb_sync_client_set_token (GbSyncClient *self,
                          const char   *token)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  set_string (self, &self->token, token, PROP_TOKEN);
}

/**
 * gb_sync_client_set_codec:
 * @codec: (nullable): how rows are read and applied; NULL for the shared core codec
 */
void
gb_sync_client_set_codec (GbSyncClient           *self,
                          const GbSyncCodecFuncs *codec)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  self->codec = codec ? codec : default_codec;
}

gboolean
gb_sync_client_get_syncing (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), FALSE);
  return self->syncing;
}

const char *
gb_sync_client_get_last_error (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->last_error;
}

const char *
gb_sync_client_get_last_sync (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->last_sync;
}

gint64
gb_sync_client_get_pending (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), 0);
  return self->pending;
}

gint64
gb_sync_client_get_conflicts (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), 0);
  return self->conflicts;
}

/**
 * gb_sync_client_sync:
 *
 * One sync in the calling thread (the CLI): push the outbox, pull the feed to its end,
 * retrying failed attempts with a growing pause up to #GbSyncClient:max-attempts.
 *
 * Returns: (transfer full): what it did, or NULL with @error set
 */
GbSyncSummary *
gb_sync_client_sync (GbSyncClient  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(SyncJob) job = NULL;

  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);

  job = job_new (self, FALSE);
  if (!run_job (job, cancellable, error))
    return NULL;
  return gb_sync_summary_copy (&job->summary);
}

static void
sync_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  SyncJob *job = data;
  GError *error = NULL;

  if (!run_job (job, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, gb_sync_summary_copy (&job->summary), (GDestroyNotify) gb_sync_summary_free);
  /* The worker's connection and session belong to this thread: close them here. */
  g_clear_object (&job->store);
  g_clear_pointer (&job->session, session_close);
}

/**
 * gb_sync_client_sync_async:
 *
 * Runs gb_sync_client_sync() in a worker thread; #GbSyncClient::progress is emitted in the
 * caller's main context.
 */
void
gb_sync_client_sync_async (GbSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GB_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_sync_client_sync_async);
  g_task_set_task_data (task, job_new (self, TRUE), (GDestroyNotify) sync_job_free);
  g_task_run_in_thread (task, sync_thread);
}

GbSyncSummary *
gb_sync_client_sync_finish (GbSyncClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gb_sync_client_sync_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- background sync ------------------------------------------------------------------------ */

static void schedule (GbSyncClient *self, guint seconds);

static void
background_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  GbSyncClient *self = GB_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) summary = gb_sync_client_sync_finish (self, result, &error);

  self->syncing = FALSE;
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (summary != NULL)
    {
      self->failures = 0;
      set_string (self, &self->last_error, NULL, PROP_LAST_ERROR);
    }
  else
    {
      self->failures++;
      set_string (self, &self->last_error, error->message, PROP_LAST_ERROR);
    }
  gb_sync_client_refresh_state (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, summary, error);

  if (self->interval > 0)
    schedule (self, self->again ? 1 : summary != NULL ? self->interval
                                 : gb_sync_client_backoff_delay (self->failures, self->interval));
  self->again = FALSE;
}

/**
 * gb_sync_client_sync_now:
 *
 * Starts a background sync now, or right after the one running. Offline (as far as
 * #GNetworkMonitor knows) it waits for the network to come back.
 */
void
gb_sync_client_sync_now (GbSyncClient *self)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));

  if (self->syncing)
    {
      self->again = TRUE;
      return;
    }
  if (self->server_url == NULL || *self->server_url == '\0')
    return;
  if (self->monitor != NULL && !g_network_monitor_get_network_available (self->monitor))
    {
      set_string (self, &self->last_error, _("Offline: the sync waits for the network"), PROP_LAST_ERROR);
      /* "network-changed" starts it again; the timer too, should the monitor be wrong. */
      if (self->interval > 0)
        schedule (self, self->interval);
      return;
    }
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->syncing = TRUE;
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  gb_sync_client_sync_async (self, self->cancellable, background_done_cb, NULL);
}

static gboolean
timer_cb (gpointer data)
{
  GbSyncClient *self = data;

  self->timer_id = 0;
  gb_sync_client_sync_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (GbSyncClient *self,
          guint         seconds)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add_seconds (MAX (seconds, 1u), timer_cb, self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    GbSyncClient    *self)
{
  if (available && self->interval > 0 && !self->syncing)
    {
      /* Back online: try soon, and forget the backoff of failures that were only the outage. */
      self->failures = 0;
      schedule (self, 2);
    }
}

/**
 * gb_sync_client_start_periodic:
 * @interval_seconds: time between two syncs when all goes well
 *
 * Syncs now and then every @interval_seconds while the app runs; after failures it retries
 * sooner with a doubling pause (gb_sync_client_backoff_delay()), and it waits for the network
 * when #GNetworkMonitor says there is none.
 */
void
gb_sync_client_start_periodic (GbSyncClient *self,
                               guint         interval_seconds)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  g_return_if_fail (interval_seconds > 0);

  self->interval = interval_seconds;
  if (self->monitor == NULL)
    {
      self->monitor = g_network_monitor_get_default ();
      self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                                G_CALLBACK (network_changed_cb), self);
    }
  gb_sync_client_sync_now (self);
  if (!self->syncing)
    schedule (self, self->interval);
}

void
gb_sync_client_stop_periodic (GbSyncClient *self)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));

  self->interval = 0;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->monitor != NULL)
    g_clear_signal_handler (&self->network_handler, self->monitor);
  self->monitor = NULL;
}

/**
 * gb_sync_resolve_conflict:
 * @keep_client: %TRUE to put the local version back and send it again; %FALSE to keep the
 *   server's version, which the local row already has
 * @codec: (nullable): NULL for the shared core codec
 *
 * Closes a conflict by a person's choice. Keeping the local version applies it locally and
 * queues it based on the current cursor, in one transaction.
 */
gboolean
gb_sync_resolve_conflict (GbStore                *store,
                          gint64                  conflict_id,
                          gboolean                keep_client,
                          const GbSyncCodecFuncs *codec,
                          GError                **error)
{
  g_autoptr(GbSyncConflict) c = NULL;
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(JsonNode) row = NULL;
  const char *op;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  codec = codec ? codec : default_codec;
  if ((c = gb_store_sync_get_conflict (store, conflict_id, error)) == NULL)
    return FALSE;
  if (!keep_client)
    return gb_store_sync_mark_resolved (store, conflict_id, "server", error);
  if (codec == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("This build of Giao Ban cannot sync: it has no sync codec"));
      return FALSE;
    }
  key = parse_json (c->key);
  row = c->client_row ? parse_json (c->client_row) : json_node_new (JSON_NODE_NULL);
  op = c->client_row ? "upsert" : "delete";
  if (key == NULL || row == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("Sync conflict %lld is damaged"), (long long) conflict_id);
      return FALSE;
    }
  if (!gb_store_begin (store, error))
    return FALSE;
  if (!gb_store_sync_begin_apply (store, error) ||
      !codec->apply (store, c->table, op, key, row, error))
    goto fail;
  gb_store_sync_end_apply (store);
  if (!gb_store_sync_outbox_add (store, c->table, c->key, op, error) ||
      !gb_store_sync_mark_resolved (store, conflict_id, "client", error))
    goto fail;
  return gb_store_commit (store, error);

fail:
  gb_store_sync_end_apply (store);
  gb_store_rollback (store);
  return FALSE;
}
