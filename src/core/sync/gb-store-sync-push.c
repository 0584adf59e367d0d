/* gb-store-sync-push.c — giaoband's push intake: a client's queued changes, each applied,
 * refused as a conflict or rejected on its own, in one transaction
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-sync-push"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-json-check.h"
#include "gb-store-private.h"
#include "gb-store-sync-codec-private.h"
#include "gb-sync-codec.h"
#include "gb-sync-feed.h"
#include "gb-sync-json.h"

static JsonNode *
parse_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* The key member @c of the change_log row l, as the column's value: a reference travels as
 * the uid of the row it names. */

typedef struct
{
  const char *id;
  const char *table;
  const char *op;
  JsonNode   *key;
  JsonNode   *row;
  gint64      base_seq;
} PushChange;

/* Whether every text of @node (member names included) is valid UTF-8: json-glib turns a lone
 * surrogate escape (\ud800) into bytes that are not. */
static gboolean
node_is_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (!g_utf8_validate (name, -1, NULL) || !node_is_text (member))
          return FALSE;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (!node_is_text (json_array_get_element (a, i)))
          return FALSE;
      return TRUE;
    }
  return json_node_get_value_type (node) != G_TYPE_STRING || g_utf8_validate (json_node_get_string (node), -1, NULL);
}

static gboolean
bad_push (GError    **error,
          guint       index,
          const char *what)
{
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("changes[%u]: %s"), index, what);
  return FALSE;
}

static gboolean
read_push (JsonNode   *request,
           const char **client_id,
           GArray     *changes,
           GError    **error)
{
  JsonObject *o;
  JsonNode *n;
  JsonArray *a;

  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("The push must be a JSON object"));
      return FALSE;
    }
  o = json_node_get_object (request);
  n = json_object_get_member (o, "client_id");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING
      || *json_node_get_string (n) == '\0' || !g_utf8_validate (json_node_get_string (n), -1, NULL))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“client_id” must be a non-empty string"));
      return FALSE;
    }
  *client_id = json_node_get_string (n);
  n = json_object_get_member (o, "changes");
  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“changes” must be an array"));
      return FALSE;
    }
  a = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      JsonObject *c;
      JsonNode *m;
      PushChange pc = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (e))
        return bad_push (error, i, _("must be an object"));
      c = json_node_get_object (e);
      m = json_object_get_member (c, "id");
      if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING
          || *json_node_get_string (m) == '\0' || !g_utf8_validate (json_node_get_string (m), -1, NULL))
        return bad_push (error, i, _("“id” must be a non-empty string"));
      pc.id = json_node_get_string (m);
      m = json_object_get_member (c, "table");
      if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING
          || !gb_sync_codec_has_table (json_node_get_string (m)))
        return bad_push (error, i, _("“table” must name a synced table"));
      pc.table = json_node_get_string (m);
      m = json_object_get_member (c, "op");
      if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING
          || (strcmp (json_node_get_string (m), "upsert") != 0 && strcmp (json_node_get_string (m), "delete") != 0))
        return bad_push (error, i, _("“op” must be upsert or delete"));
      pc.op = json_node_get_string (m);
      pc.key = json_object_get_member (c, "key");
      if (pc.key == NULL || !JSON_NODE_HOLDS_OBJECT (pc.key))
        return bad_push (error, i, _("“key” must be an object"));
      pc.row = json_object_get_member (c, "row");
      if (strcmp (pc.op, "upsert") == 0 && (pc.row == NULL || !JSON_NODE_HOLDS_OBJECT (pc.row)))
        return bad_push (error, i, _("“row” must be an object for an upsert"));
      if (strcmp (pc.op, "delete") == 0)
        pc.row = NULL;
      m = json_object_get_member (c, "base_seq");
      if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_INT64
          || json_node_get_int (m) < 0)
        return bad_push (error, i, _("“base_seq” must be an integer, 0 or more"));
      pc.base_seq = json_node_get_int (m);
      g_array_append_val (changes, pc);
    }
  return TRUE;
}

static char *
node_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_to_string (node, FALSE);
}

/* Opens the answer's object for one refused change: its id, table and key. */
static void
begin_refused (JsonBuilder *b,
               const char  *id,
               const char  *table,
               JsonNode    *key)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "table");
  json_builder_add_string_value (b, table);
  json_builder_set_member_name (b, "key");
  json_builder_add_value (b, node_is_text (key) ? json_node_copy (key) : json_node_new (JSON_NODE_NULL));
}

static void
add_conflict (JsonBuilder *b,
              const char  *id,
              const char  *table,
              JsonNode    *key,
              JsonNode    *server_row,
              JsonNode    *client_row)
{
  begin_refused (b, id, table, key);
  json_builder_set_member_name (b, "server_row");
  json_builder_add_value (b, server_row ? json_node_copy (server_row) : json_node_new (JSON_NODE_NULL));
  json_builder_set_member_name (b, "client_row");
  json_builder_add_value (b, client_row ? json_node_copy (client_row) : json_node_new (JSON_NODE_NULL));
  json_builder_end_object (b);
}

/* Errors that refuse one change rather than the push: what the change says, not the server. */
static gboolean
rejects_change (const GError *error)
{
  return error != NULL && error->domain == GB_ERROR &&
         (error->code == GB_ERROR_PERMISSION || error->code == GB_ERROR_INVALID_DATA ||
          error->code == GB_ERROR_NOT_FOUND || error->code == GB_ERROR_DUPLICATE);
}

static void
add_rejection (JsonBuilder *b,
               GbStore     *store,
               const char  *id,
               const char  *table,
               JsonNode    *key,
               gint64       status,
               const char  *message)
{
  g_autoptr(JsonNode) server_row = gb_sync_codec_has_table (table) ? gb_sync_codec_encode (store, table, key, NULL) : NULL;

  begin_refused (b, id, table, key);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, status);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message ? message : "");
  json_builder_set_member_name (b, "server_row");
  json_builder_add_value (b, server_row ? g_steal_pointer (&server_row) : json_node_new (JSON_NODE_NULL));
  json_builder_end_object (b);
}

/* One push as it is answered: the three lists of the answer, and who pushes. */
typedef struct
{
  GbStore         *store;
  const char      *user;
  const char      *client_id;
  GbSyncPushCheck  check;
  gpointer         check_data;
  gboolean         stamp_author;   /* authors are who pushed (gb_sync_push_apply_checked()) */
  GPtrArray       *flaws;          /* GbJsonFlaw of the request's text, or NULL */
  JsonBuilder     *applied;
  JsonBuilder     *conflicts;
  JsonBuilder     *rejected;
} Push;

/* A change answered before gets the same answer again, nothing applied twice: *answered. */
static gboolean
replay_answer (Push        *p,
               PushChange  *pc,
               gboolean    *answered,
               GError     **error)
{
  g_autofree char *result = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonNode) sr = NULL;
  g_autoptr(JsonNode) cr = NULL;
  g_autoptr(JsonNode) k = NULL;
  g_autofree char *tbl = NULL;
  sqlite3_stmt *stmt;
  gint64 status = 0;

  *answered = FALSE;
  if ((stmt = gb_store_prepare (p->store, "SELECT result, NULL, NULL FROM push_receipts WHERE change_id = ?1 "
                                "UNION ALL SELECT 'rejected', status, message FROM push_rejections "
                                "WHERE change_id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pc->id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      status = sqlite3_column_int64 (stmt, 1);
      message = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  *answered = result != NULL;
  if (g_strcmp0 (result, "applied") == 0)
    json_builder_add_string_value (p->applied, pc->id);
  else if (g_strcmp0 (result, "rejected") == 0)
    add_rejection (p->rejected, p->store, pc->id, pc->table, pc->key, status, message);
  if (g_strcmp0 (result, "conflict") != 0)
    return TRUE;

  if ((stmt = gb_store_prepare (p->store, "SELECT tbl, key, server_row, client_row FROM push_conflicts "
                                "WHERE change_id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pc->id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      tbl = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      k = parse_text ((const char *) sqlite3_column_text (stmt, 1));
      sr = parse_text ((const char *) sqlite3_column_text (stmt, 2));
      cr = parse_text ((const char *) sqlite3_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (tbl != NULL && k != NULL)
    add_conflict (p->conflicts, pc->id, tbl, k, sr, cr);
  return TRUE;
}

/* The row's own last change, and whether it was this client's push: the client's base_seq
 * cannot tell its own earlier push from another's edit (push_writes, 0007). */
static gboolean
row_last_change (Push        *p,
                 PushChange  *pc,
                 const char  *key_text,
                 gint64      *seq,
                 gboolean    *own,
                 GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (p->store,
                                         "SELECT coalesce (c.changed, c.seq), "
                                         "       coalesce (w.client_id = ?3 AND w.changed = coalesce (c.changed, c.seq), 0) "
                                         "FROM change_log c LEFT JOIN push_writes w ON w.tbl = c.tbl AND w.key = c.key "
                                         "WHERE c.tbl = ?1 AND c.key = ?2",
                                         error);
  int rc;

  *seq = -1;
  *own = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pc->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, p->client_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *seq = sqlite3_column_int64 (stmt, 0);
      *own = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gb_store_set_error (p->store, error, "Could not read the change feed");
  return TRUE;
}

/* The server keeps its row and stores the client's. */
static gboolean
keep_conflict (Push        *p,
               PushChange  *pc,
               const char  *key_text,
               const char  *now,
               GError     **error)
{
  g_autoptr(JsonNode) server_row = gb_sync_codec_encode (p->store, pc->table, pc->key, error);
  g_autofree char *sr = NULL;
  g_autofree char *cr = node_text (pc->row);
  sqlite3_stmt *stmt;

  if (server_row == NULL)
    return FALSE;
  sr = node_text (server_row);
  if ((stmt = gb_store_prepare (p->store,
                                "INSERT INTO push_conflicts (change_id, client_id, user_name, tbl, key, "
                                "server_row, client_row, detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pc->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, p->client_id, -1, SQLITE_TRANSIENT);
  gb_store_bind_text (stmt, 3, p->user ? p->user : "");
  sqlite3_bind_text (stmt, 4, pc->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, key_text, -1, SQLITE_TRANSIENT);
  gb_store_bind_text (stmt, 6, sr);
  gb_store_bind_text (stmt, 7, cr);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
  if (!gb_store_step_done (p->store, stmt, "Could not keep a conflict", error))
    return FALSE;
  add_conflict (p->conflicts, pc->id, pc->table, pc->key, JSON_NODE_HOLDS_NULL (server_row) ? NULL : server_row,
                pc->row);
  return TRUE;
}

/* Remembers the row's new seq as this client's write (nothing to remember when the key is not
 * logged). */
static gboolean
remember_write (Push        *p,
                PushChange  *pc,
                const char  *key_text,
                GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (p->store,
                                         "INSERT OR REPLACE INTO push_writes (tbl, key, client_id, changed) "
                                         "SELECT tbl, key, ?3, coalesce (changed, seq) FROM change_log "
                                         "WHERE tbl = ?1 AND key = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pc->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, p->client_id, -1, SQLITE_TRANSIENT);
  return gb_store_step_done (p->store, stmt, "Could not record a push", error);
}

/* @local refuses this change alone (moved to @refusal, TRUE) or fails the push (FALSE). */
static gboolean
refuse_or_fail (GError  **local,
                guint     index,
                GError  **refusal,
                GError  **error)
{
  if (rejects_change (*local))
    {
      g_propagate_error (refusal, g_steal_pointer (local));
      return TRUE;
    }
  g_propagate_prefixed_error (error, g_steal_pointer (local), "changes[%u]: ", index);
  return FALSE;
}

/* The author of a row is who pushed it, as the token says, never what the client wrote. */
static JsonNode *
with_author (PushChange *pc,
             const char *user)
{
  const GbSyncTable *t = gb_sync_find_table (pc->table);
  JsonNode *copy;

  if (pc->row == NULL || user == NULL || *user == '\0')
    return NULL;
  for (guint i = 0; t->cols[i].json != NULL; i++)
    if (strcmp (t->cols[i].json, "author") == 0)
      {
        copy = json_node_copy (pc->row);
        json_object_set_string_member (json_node_get_object (copy), "author", user);
        return copy;
      }
  return NULL;
}

/* The status log is history: a row is added once and never rewritten nor deleted. The same row
 * sent again (a retried or re-pushed change) is taken as it is: *again. */
static gboolean
check_history (Push        *p,
               PushChange  *pc,
               gboolean    *again,
               GError     **error)
{
  g_autoptr(JsonNode) current = NULL;
  g_autofree char *have = NULL;
  g_autofree char *sent = NULL;

  *again = FALSE;
  if (g_str_has_suffix (pc->table, "_history"))
    {
      /* Written by the server's own triggers from the reports it receives (0030). */
      g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
                   _("%s is kept by the server from the reports it receives: push the reports"), pc->table);
      return FALSE;
    }
  if (strcmp (pc->table, "item_status_log") != 0)
    return TRUE;
  if (strcmp (pc->op, "delete") == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
                   _("item_status_log is the items' history: its rows are never deleted"));
      return FALSE;
    }
  if ((current = gb_sync_codec_encode (p->store, pc->table, pc->key, error)) == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (current))
    return TRUE;
  have = gb_sync_canonical_json (current);
  sent = gb_sync_canonical_json (pc->row);
  if (strcmp (have, sent) == 0)
    {
      *again = TRUE;
      return TRUE;
    }
  g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
               _("item_status_log is the items' history: a row written once is never rewritten"));
  return FALSE;
}

/* Whether @path lies inside changes[@index].@part. */
static gboolean
path_in_change (const char *path,
                guint       index,
                const char *part)
{
  g_autofree char *prefix = g_strdup_printf ("changes[%u].%s", index, part);
  gsize n = strlen (prefix);

  return strncmp (path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

/* The first flaw of the text (a NUL, half a surrogate pair, a member twice) inside the key or
 * the row of change @index: it refuses that change alone. */
static const GbJsonFlaw *
change_flaw (Push  *p,
             guint  index)
{
  for (guint i = 0; p->flaws != NULL && i < p->flaws->len; i++)
    {
      const GbJsonFlaw *f = p->flaws->pdata[i];

      if (path_in_change (f->path, index, "key") || path_in_change (f->path, index, "row"))
        return f;
    }
  return NULL;
}

/* A flaw anywhere else (the push's client_id, a change's id or op) refuses the whole push:
 * the change it is in cannot even be named. */
static gboolean
check_other_flaws (GPtrArray  *flaws,
                   guint       n_changes,
                   GError    **error)
{
  for (guint i = 0; flaws != NULL && i < flaws->len; i++)
    {
      const GbJsonFlaw *f = flaws->pdata[i];
      gboolean inside = FALSE;

      for (guint c = 0; c < n_changes && !inside; c++)
        inside = path_in_change (f->path, c, "key") || path_in_change (f->path, c, "row");
      if (!inside)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: %s", f->path, f->reason);
          return FALSE;
        }
    }
  return TRUE;
}

/* Applies one change or keeps it as a conflict, inside its savepoint: FALSE fails the push;
 * TRUE with @refusal set rejects this change alone. */
static gboolean
apply_or_conflict (Push         *p,
                   PushChange   *pc,
                   guint         index,
                   const char   *key_text,
                   const char   *now,
                   const char  **result,
                   GError      **refusal,
                   GError      **error)
{
  g_autoptr(GError) local = NULL;
  const GbJsonFlaw *flaw = change_flaw (p, index);
  gint64 seq;
  gboolean own, again;

  if (flaw != NULL)
    {
      g_set_error (refusal, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: %s: %s", pc->table, flaw->path, flaw->reason);
      return TRUE;
    }
  if (!node_is_text (pc->key) || !node_is_text (pc->row))
    {
      g_set_error (refusal, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("%s: a text is not valid (an escape such as \\ud800 that is no character)"), pc->table);
      return TRUE;
    }
  if (p->check != NULL && !p->check (p->store, pc->table, pc->key, pc->row, p->check_data, &local))
    return refuse_or_fail (&local, index, refusal, error);
  if (!gb_sync_codec_validate (pc->table, pc->op, pc->key, pc->row, &local))
    return refuse_or_fail (&local, index, refusal, error);
  if (!check_history (p, pc, &again, &local))
    return refuse_or_fail (&local, index, refusal, error);
  if (again)
    {
      json_builder_add_string_value (p->applied, pc->id);
      *result = "applied";
      return TRUE;
    }
  if (!row_last_change (p, pc, key_text, &seq, &own, error))
    return FALSE;
  if (seq > pc->base_seq && !own)
    {
      *result = "conflict";
      return keep_conflict (p, pc, key_text, now, error);
    }
  if (!gb_sync_codec_apply (p->store, pc->table, pc->op, pc->key, pc->row, &local))
    return refuse_or_fail (&local, index, refusal, error);
  if (!remember_write (p, pc, key_text, error))
    return FALSE;
  json_builder_add_string_value (p->applied, pc->id);
  *result = "applied";
  return TRUE;
}

/* The receipt (or the rejection) that answers a retry, and the audit entry. */
static gboolean
record_result (Push        *p,
               PushChange  *pc,
               const char  *key_text,
               const char  *result,
               gint64       status,
               const char  *message,
               const char  *now,
               GError     **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  if (status != 0)
    stmt = gb_store_prepare (p->store,
                             "INSERT INTO push_rejections (change_id, client_id, user_name, received_at, "
                             "status, message) VALUES (?1, ?2, ?3, ?5, ?6, ?7)", error);
  else
    stmt = gb_store_prepare (p->store,
                             "INSERT INTO push_receipts (change_id, client_id, user_name, result, received_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pc->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, p->client_id, -1, SQLITE_TRANSIENT);
  gb_store_bind_text (stmt, 3, p->user ? p->user : "");
  if (status == 0)
    sqlite3_bind_text (stmt, 4, result, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  if (status != 0)
    {
      sqlite3_bind_int64 (stmt, 6, status);
      gb_store_bind_text (stmt, 7, message);
    }
  if (!gb_store_step_done (p->store, stmt, "Could not record a push", error))
    return FALSE;
  if (message != NULL)
    detail = g_strdup_printf ("%s %s %s %s (%s): %s", result, pc->op, pc->table, key_text, pc->id, message);
  else
    detail = g_strdup_printf ("%s %s %s %s (%s)", result, pc->op, pc->table, key_text, pc->id);
  return gb_sync_audit (p->store, p->user, "push", detail, error);
}

/* One change of the push, in the push's transaction. */
static gboolean
push_one (Push        *p,
          PushChange  *pc,
          guint        index,
          GError     **error)
{
  g_autofree char *raw_key = gb_sync_codec_key_string (pc->key);
  g_autofree char *key_text = g_utf8_make_valid (raw_key, -1);
  g_autofree char *now = gb_store_now_iso ();
  g_autoptr(GError) refusal = NULL;
  g_autoptr(JsonNode) authored = p->stamp_author ? with_author (pc, p->user) : NULL;
  const char *result = NULL;
  const char *message = NULL;
  gboolean answered;
  gint64 status = 0;

  if (!replay_answer (p, pc, &answered, error))
    return FALSE;
  if (answered)
    return TRUE;
  if (authored != NULL)
    pc->row = authored;
  if (!gb_store_exec (p->store, "SAVEPOINT push_change", error) ||
      !apply_or_conflict (p, pc, index, key_text, now, &result, &refusal, error))
    return FALSE;
  if (refusal != NULL)
    {
      /* Nothing of this change stays; the receipt and the audit entry below do. */
      if (!gb_store_exec (p->store, "ROLLBACK TO push_change", error))
        return FALSE;
      status = refusal->code == GB_ERROR_PERMISSION ? 403 : 422;
      message = refusal->message;
      add_rejection (p->rejected, p->store, pc->id, pc->table, pc->key, status, message);
      result = "rejected";
    }
  if (!gb_store_exec (p->store, "RELEASE push_change", error))
    return FALSE;
  return record_result (p, pc, key_text, result, status, message, now, error);
}

/* gb_sync_push_apply_checked(), authors stamped with @user when @stamp_author. */
static JsonNode *
push_apply (GbStore         *store,
            const char      *user,
            JsonNode        *request,
            GbSyncPushCheck  check,
            gpointer         check_data,
            gboolean         stamp_author,
            GPtrArray       *flaws,
            GError         **error)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, TRUE, sizeof (PushChange));
  g_autoptr(JsonBuilder) applied = json_builder_new ();
  g_autoptr(JsonBuilder) conflicts = json_builder_new ();
  g_autoptr(JsonBuilder) rejected = json_builder_new ();
  Push p = { store, user, NULL, check, check_data, stamp_author, flaws, applied, conflicts, rejected };
  JsonObject *answer;
  JsonNode *root;
  gint64 last;

  g_assert (GB_IS_STORE (store));
  if (!read_push (request, &p.client_id, changes, error))
    return NULL;
  if (!check_other_flaws (flaws, changes->len, error))
    return NULL;

  json_builder_begin_array (applied);
  json_builder_begin_array (conflicts);
  json_builder_begin_array (rejected);
  if (!gb_store_begin (store, error))
    return NULL;
  for (guint i = 0; i < changes->len; i++)
    if (!push_one (&p, &g_array_index (changes, PushChange, i), i, error))
      goto fail;
  if ((last = gb_sync_feed_last (store, error)) < 0)
    goto fail;
  if (!gb_store_commit (store, error))
    return NULL;

  json_builder_end_array (applied);
  json_builder_end_array (conflicts);
  json_builder_end_array (rejected);
  root = json_node_new (JSON_NODE_OBJECT);
  answer = json_object_new ();
  json_object_set_member (answer, "applied", json_builder_get_root (applied));
  json_object_set_member (answer, "conflicts", json_builder_get_root (conflicts));
  json_object_set_member (answer, "rejected", json_builder_get_root (rejected));
  json_object_set_int_member (answer, "last", last);
  json_node_take_object (root, answer);
  return root;

fail:
  gb_store_rollback (store);
  return NULL;
}

/**
 * gb_sync_push_apply:
 * @user: who pushes (for the receipts and the audit log)
 * @request: `{"client_id","changes":[{"id","table","op","key","row","base_seq"}]}`
 *
 * Same as gb_sync_push_apply_checked() for a trusted caller: no permission check, and the
 * rows' authors are taken as sent.
 */
JsonNode *
gb_sync_push_apply (GbStore     *store,
                    const char  *user,
                    JsonNode    *request,
                    GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  return push_apply (store, user, request, NULL, NULL, FALSE, NULL, error);
}

/**
 * gb_sync_push_apply_checked:
 * @check: (nullable): called for every change not applied before; FALSE with a GB_ERROR
 *   refuses that change
 *
 * Applies a client's queued changes in one transaction: each change id once (a retried one
 * gets its first answer again); a change to a row whose feed seq is past the change's
 * base_seq is a conflict, unless that last change was this client's own push: the server
 * keeps its row and stores the client's.
 *
 * A change the server cannot take (refused by @check, naming a row the server lacks, an
 * invalid value) is rejected on its own: nothing of it is written (a savepoint), the others
 * go on, and the answer says why, with the server's current row. A push that cannot be read
 * at all, or a database failure, refuses the whole push with nothing written.
 *
 * A row's author is @user, whatever the client wrote; the status log's rows are never
 * rewritten nor deleted.
 *
 * Returns: (transfer full): `{"applied":[ids],"conflicts":[{"id","table","key","server_row",
 *   "client_row"}],"rejected":[{"id","table","key","status","message","server_row"}],"last":L}`
 */
JsonNode *
gb_sync_push_apply_checked (GbStore         *store,
                            const char      *user,
                            JsonNode        *request,
                            GbSyncPushCheck  check,
                            gpointer         check_data,
                            GError         **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  return push_apply (store, user, request, check, check_data, TRUE, NULL, error);
}

/**
 * gb_sync_push_apply_flawed:
 * @flaws: (nullable): the #GbJsonFlaw that gb_json_check_flaws() found in the request's text
 *
 * gb_sync_push_apply_checked() for a request whose text had flaws json-glib misreads: a change
 * whose key or row holds one ("\u0000", half a surrogate pair, a member given twice) is
 * rejected alone (422, with where and why); a flaw elsewhere refuses the push (GB_ERROR_PARSE).
 */
JsonNode *
gb_sync_push_apply_flawed (GbStore         *store,
                           const char      *user,
                           JsonNode        *request,
                           GPtrArray       *flaws,
                           GbSyncPushCheck  check,
                           gpointer         check_data,
                           GError         **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  return push_apply (store, user, request, check, check_data, TRUE, flaws, error);
}

