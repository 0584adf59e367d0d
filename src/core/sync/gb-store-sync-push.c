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
#include "gb-sync-merge.h"
#include "gb-sync-push.h"

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
  JsonNode   *base_row;   /* the row before the client's edit, or NULL */
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
      pc.base_row = json_object_get_member (c, "base_row");
      if (pc.base_row != NULL && !JSON_NODE_HOLDS_OBJECT (pc.base_row) && !JSON_NODE_HOLDS_NULL (pc.base_row))
        return bad_push (error, i, _("“base_row” must be an object or null"));
      if (pc.base_row != NULL && (JSON_NODE_HOLDS_NULL (pc.base_row) || pc.row == NULL))
        pc.base_row = NULL;
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

/* One push as it is answered: the three lists of the answer, and who pushes. */
typedef struct
{
  const GbSyncPushOps *ops;
  gpointer             db;
  const char          *user;
  const char          *client_id;
  GbSyncPushAllow      allow;
  gpointer             allow_data;
  gboolean             stamp_author;   /* authors are who pushed (gb_sync_push_apply_checked()) */
  GPtrArray           *flaws;          /* GbJsonFlaw of the request's text, or NULL */
  JsonBuilder         *applied;
  JsonBuilder         *conflicts;
  JsonBuilder         *rejected;
} Push;

static void
add_rejection (Push        *p,
               const char  *id,
               const char  *table,
               JsonNode    *key,
               gint64       status,
               const char  *message)
{
  g_autoptr(JsonNode) server_row = gb_sync_codec_has_table (table) ? p->ops->encode (p->db, table, key, NULL) : NULL;

  begin_refused (p->rejected, id, table, key);
  json_builder_set_member_name (p->rejected, "status");
  json_builder_add_int_value (p->rejected, status);
  json_builder_set_member_name (p->rejected, "message");
  json_builder_add_string_value (p->rejected, message ? message : "");
  json_builder_set_member_name (p->rejected, "server_row");
  json_builder_add_value (p->rejected, server_row ? g_steal_pointer (&server_row) : json_node_new (JSON_NODE_NULL));
  json_builder_end_object (p->rejected);
}

void
gb_sync_push_receipt_clear (GbSyncPushReceipt *r)
{
  g_clear_pointer (&r->result, g_free);
  g_clear_pointer (&r->message, g_free);
  g_clear_pointer (&r->table, g_free);
  g_clear_pointer (&r->key, g_free);
  g_clear_pointer (&r->server_row, g_free);
  g_clear_pointer (&r->client_row, g_free);
  r->status = 0;
}

/* A change answered before gets the same answer again, nothing applied twice: *answered. */
static gboolean
replay_answer (Push        *p,
               PushChange  *pc,
               gboolean    *answered,
               GError     **error)
{
  GbSyncPushReceipt r = { 0 };

  *answered = FALSE;
  if (!p->ops->replay (p->db, pc->id, &r, error))
    return FALSE;
  *answered = r.result != NULL;
  if (g_strcmp0 (r.result, "applied") == 0)
    json_builder_add_string_value (p->applied, pc->id);
  else if (g_strcmp0 (r.result, "rejected") == 0)
    add_rejection (p, pc->id, pc->table, pc->key, r.status, r.message);
  else if (g_strcmp0 (r.result, "conflict") == 0 && r.table != NULL)
    {
      g_autoptr(JsonNode) k = parse_text (r.key);
      g_autoptr(JsonNode) sr = parse_text (r.server_row);
      g_autoptr(JsonNode) cr = parse_text (r.client_row);

      if (k != NULL)
        add_conflict (p->conflicts, pc->id, r.table, k, sr, cr);
    }
  gb_sync_push_receipt_clear (&r);
  return TRUE;
}

/* The server keeps its row (@server_row) and stores the client's (@client_row). */
static gboolean
keep_conflict (Push        *p,
               PushChange  *pc,
               const char  *key_text,
               const char  *now,
               JsonNode    *server_row,
               JsonNode    *client_row,
               GError     **error)
{
  g_autofree char *sr = node_text (server_row);
  g_autofree char *cr = node_text (client_row);
  GbSyncPushRecord r = { pc->id, p->client_id, p->user ? p->user : "", pc->table, key_text, pc->op, "conflict" };

  r.server_row = sr;
  r.client_row = cr;
  r.now = now;
  if (!p->ops->keep_conflict (p->db, &r, error))
    return FALSE;
  add_conflict (p->conflicts, pc->id, pc->table, pc->key, JSON_NODE_HOLDS_NULL (server_row) ? NULL : server_row,
                client_row);
  return TRUE;
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
  if ((current = p->ops->encode (p->db, pc->table, pc->key, error)) == NULL)
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

static gboolean
same_row (JsonNode *a,
          JsonNode *b)
{
  g_autofree char *ta = gb_sync_canonical_json (a);
  g_autofree char *tb = gb_sync_canonical_json (b);

  return strcmp (ta, tb) == 0;
}

/* A change to a row that changed on the server since the client saw it. With the row as the
 * client had it (base_row), the two edits merge field by field: the client's fields the
 * server left alone are applied, and only fields both changed make a conflict, whose two
 * versions then differ in those fields only. Without it (a delete, a row the server no
 * longer has, an older client), the whole row is a conflict. */
static gboolean
merge_or_conflict (Push         *p,
                   PushChange   *pc,
                   guint         index,
                   const char   *key_text,
                   const char   *now,
                   const char  **result,
                   GError      **refusal,
                   GError      **error)
{
  g_autoptr(JsonNode) server_row = p->ops->encode (p->db, pc->table, pc->key, error);
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) client_row = NULL;
  g_autoptr(GPtrArray) both = NULL;
  g_autoptr(GError) local = NULL;

  if (server_row == NULL)
    return FALSE;
  *result = "conflict";
  if (pc->base_row == NULL || pc->row == NULL || JSON_NODE_HOLDS_NULL (server_row))
    return keep_conflict (p, pc, key_text, now, server_row, pc->row, error);
  merged = gb_sync_merge_rows (pc->base_row, server_row, pc->row, &both);
  if (!same_row (merged, server_row))
    {
      if (!gb_sync_codec_validate (pc->table, pc->op, pc->key, merged, &local) ||
          !p->ops->apply (p->db, pc->table, pc->op, pc->key, merged, &local))
        return refuse_or_fail (&local, index, refusal, error);
    }
  if (both->len == 0)
    {
      json_builder_add_string_value (p->applied, pc->id);
      *result = "applied";
      return TRUE;
    }
  client_row = gb_sync_row_copy (merged);
  for (guint i = 0; i < both->len; i++)
    json_object_set_member (json_node_get_object (client_row), both->pdata[i],
                            json_object_dup_member (json_node_get_object (pc->row), both->pdata[i]));
  return keep_conflict (p, pc, key_text, now, merged, client_row, error);
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

      if (path_in_change (f->path, index, "key") || path_in_change (f->path, index, "row") ||
          path_in_change (f->path, index, "base_row"))
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
        inside = path_in_change (f->path, c, "key") || path_in_change (f->path, c, "row") ||
                 path_in_change (f->path, c, "base_row");
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
  if (p->allow != NULL && !p->allow (pc->table, pc->key, pc->row, p->allow_data, &local))
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
  if (!p->ops->last_change (p->db, pc->table, key_text, p->client_id, &seq, &own, error))
    return FALSE;
  if (seq > pc->base_seq && !own)
    return merge_or_conflict (p, pc, index, key_text, now, result, refusal, error);
  if (!p->ops->apply (p->db, pc->table, pc->op, pc->key, pc->row, &local))
    return refuse_or_fail (&local, index, refusal, error);
  if (!p->ops->remember_write (p->db, pc->table, key_text, p->client_id, error))
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
  GbSyncPushRecord r = { pc->id, p->client_id, p->user ? p->user : "", pc->table, key_text, pc->op, result, status,
                         message, NULL, NULL, now };

  if (!p->ops->record (p->db, &r, error))
    return FALSE;
  if (message != NULL)
    detail = g_strdup_printf ("%s %s %s %s (%s): %s", result, pc->op, pc->table, key_text, pc->id, message);
  else
    detail = g_strdup_printf ("%s %s %s %s (%s)", result, pc->op, pc->table, key_text, pc->id);
  return p->ops->audit (p->db, p->user, "push", detail, error);
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
  if (!p->ops->savepoint (p->db, GB_SYNC_SAVEPOINT_BEGIN, error) ||
      !apply_or_conflict (p, pc, index, key_text, now, &result, &refusal, error))
    return FALSE;
  if (refusal != NULL)
    {
      /* Nothing of this change stays; the receipt and the audit entry below do. */
      if (!p->ops->savepoint (p->db, GB_SYNC_SAVEPOINT_UNDO, error))
        return FALSE;
      status = refusal->code == GB_ERROR_PERMISSION ? 403 : 422;
      message = refusal->message;
      add_rejection (p, pc->id, pc->table, pc->key, status, message);
      result = "rejected";
    }
  if (!p->ops->savepoint (p->db, GB_SYNC_SAVEPOINT_RELEASE, error))
    return FALSE;
  return record_result (p, pc, key_text, result, status, message, now, error);
}

/**
 * gb_sync_push_run:
 * @ops: the storage's side of the push
 * @db: handed to every op
 * @allow: (nullable): called for every change not answered before
 * @stamp_author: a row's author is @user, whatever the client wrote
 * @flaws: (nullable): the #GbJsonFlaw of the request's text (gb_sync_push_apply_flawed())
 *
 * gb_sync_push_apply_checked() over any storage (see there).
 */
JsonNode *
gb_sync_push_run (const GbSyncPushOps  *ops,
                  gpointer              db,
                  const char           *user,
                  JsonNode             *request,
                  GbSyncPushAllow       allow,
                  gpointer              allow_data,
                  gboolean              stamp_author,
                  GPtrArray            *flaws,
                  GError              **error)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, TRUE, sizeof (PushChange));
  g_autoptr(JsonBuilder) applied = json_builder_new ();
  g_autoptr(JsonBuilder) conflicts = json_builder_new ();
  g_autoptr(JsonBuilder) rejected = json_builder_new ();
  Push p = { ops, db, user, NULL, allow, allow_data, stamp_author, flaws, applied, conflicts, rejected };
  JsonObject *answer;
  JsonNode *root;
  gint64 last;

  g_return_val_if_fail (ops != NULL, NULL);
  if (!read_push (request, &p.client_id, changes, error))
    return NULL;
  if (!check_other_flaws (flaws, changes->len, error))
    return NULL;

  json_builder_begin_array (applied);
  json_builder_begin_array (conflicts);
  json_builder_begin_array (rejected);
  if (!ops->begin (db, error))
    return NULL;
  /* Review rows and merges first: a secretary's daily value is taken only as a decision the
   * server holds says (gb-daemon-review.c), its unit rows only as a merge it holds says
   * (gb-sync-unit-merge.c), whatever order the client queued them in. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < changes->len; i++)
      {
        PushChange *pc = &g_array_index (changes, PushChange, i);
        gboolean first = g_strcmp0 (pc->table, "review_items") == 0 || g_strcmp0 (pc->table, "unit_merges") == 0;

        if (first == (pass == 0) && !push_one (&p, pc, i, error))
          goto fail;
      }
  if ((last = ops->last (db, error)) < 0)
    goto fail;
  if (!ops->commit (db, error))
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
  ops->rollback (db);
  return NULL;
}

/* ---- the store's side ------------------------------------------------------------------- */

static gboolean
store_begin (gpointer db,
             GError **error)
{
  return gb_store_begin (db, error);
}

static gboolean
store_commit (gpointer db,
              GError **error)
{
  return gb_store_commit (db, error);
}

static void
store_rollback (gpointer db)
{
  gb_store_rollback (db);
}

static gboolean
store_savepoint (gpointer         db,
                 GbSyncSavepoint  what,
                 GError         **error)
{
  static const char * const sql[] = { "SAVEPOINT push_change", "ROLLBACK TO push_change", "RELEASE push_change" };

  return gb_store_exec (db, sql[what], error);
}

static gint64
store_last (gpointer db,
            GError **error)
{
  return gb_sync_feed_last (db, error);
}

static gboolean
store_replay (gpointer            db,
              const char         *change_id,
              GbSyncPushReceipt  *r,
              GError            **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = gb_store_prepare (db, "SELECT result, NULL, NULL FROM push_receipts WHERE change_id = ?1 "
                                "UNION ALL SELECT 'rejected', status, message FROM push_rejections "
                                "WHERE change_id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      r->result = gb_store_column_dup (stmt, 0);
      r->status = sqlite3_column_int64 (stmt, 1);
      r->message = gb_store_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (g_strcmp0 (r->result, "conflict") != 0)
    return TRUE;

  if ((stmt = gb_store_prepare (db, "SELECT tbl, key, server_row, client_row FROM push_conflicts "
                                "WHERE change_id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      r->table = gb_store_column_dup (stmt, 0);
      r->key = gb_store_column_dup (stmt, 1);
      r->server_row = gb_store_column_dup (stmt, 2);
      r->client_row = gb_store_column_dup (stmt, 3);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static JsonNode *
store_encode (gpointer     db,
              const char  *table,
              JsonNode    *key,
              GError     **error)
{
  return gb_sync_codec_encode (db, table, key, error);
}

/* The row's own last change, and whether it was this client's push: the client's base_seq
 * cannot tell its own earlier push from another's edit (push_writes, 0007). */
static gboolean
store_last_change (gpointer     db,
                   const char  *table,
                   const char  *key_text,
                   const char  *client_id,
                   gint64      *seq,
                   gboolean    *own,
                   GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (db,
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
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, client_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *seq = sqlite3_column_int64 (stmt, 0);
      *own = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gb_store_set_error (db, error, "Could not read the change feed");
  return TRUE;
}

static gboolean
store_apply (gpointer     db,
             const char  *table,
             const char  *op,
             JsonNode    *key,
             JsonNode    *row,
             GError     **error)
{
  return gb_sync_codec_apply (db, table, op, key, row, error);
}

/* Remembers the row's new seq as this client's write (nothing to remember when the key is not
 * logged). */
static gboolean
store_remember_write (gpointer     db,
                      const char  *table,
                      const char  *key_text,
                      const char  *client_id,
                      GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (db,
                                         "INSERT OR REPLACE INTO push_writes (tbl, key, client_id, changed) "
                                         "SELECT tbl, key, ?3, coalesce (changed, seq) FROM change_log "
                                         "WHERE tbl = ?1 AND key = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, client_id, -1, SQLITE_TRANSIENT);
  return gb_store_step_done (db, stmt, "Could not record a push", error);
}

static gboolean
store_keep_conflict (gpointer                 db,
                     const GbSyncPushRecord  *r,
                     GError                 **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = gb_store_prepare (db,
                                "INSERT INTO push_conflicts (change_id, client_id, user_name, tbl, key, "
                                "server_row, client_row, detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->change_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, r->client_id, -1, SQLITE_TRANSIENT);
  gb_store_bind_text (stmt, 3, r->user);
  sqlite3_bind_text (stmt, 4, r->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, r->key, -1, SQLITE_TRANSIENT);
  gb_store_bind_text (stmt, 6, r->server_row);
  gb_store_bind_text (stmt, 7, r->client_row);
  sqlite3_bind_text (stmt, 8, r->now, -1, SQLITE_TRANSIENT);
  return gb_store_step_done (db, stmt, "Could not keep a conflict", error);
}

static gboolean
store_record (gpointer                 db,
              const GbSyncPushRecord  *r,
              GError                 **error)
{
  sqlite3_stmt *stmt;

  if (r->status != 0)
    stmt = gb_store_prepare (db,
                             "INSERT INTO push_rejections (change_id, client_id, user_name, received_at, "
                             "status, message) VALUES (?1, ?2, ?3, ?5, ?6, ?7)", error);
  else
    stmt = gb_store_prepare (db,
                             "INSERT INTO push_receipts (change_id, client_id, user_name, result, received_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->change_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, r->client_id, -1, SQLITE_TRANSIENT);
  gb_store_bind_text (stmt, 3, r->user);
  if (r->status == 0)
    sqlite3_bind_text (stmt, 4, r->result, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, r->now, -1, SQLITE_TRANSIENT);
  if (r->status != 0)
    {
      sqlite3_bind_int64 (stmt, 6, r->status);
      gb_store_bind_text (stmt, 7, r->message);
    }
  return gb_store_step_done (db, stmt, "Could not record a push", error);
}

static gboolean
store_audit (gpointer     db,
             const char  *user,
             const char  *action,
             const char  *detail,
             GError     **error)
{
  return gb_sync_audit (db, user, action, detail, error);
}

static const GbSyncPushOps store_ops = {
  store_begin, store_commit, store_rollback, store_savepoint, store_last, store_replay, store_encode,
  store_last_change, store_apply, store_remember_write, store_keep_conflict, store_record, store_audit,
};

/* The store's check as the generic push calls it. */
typedef struct
{
  GbStore         *store;
  GbSyncPushCheck  check;
  gpointer         data;
} StoreCheck;

static gboolean
store_allow (const char  *table,
             JsonNode    *key,
             JsonNode    *row,
             gpointer     data,
             GError     **error)
{
  StoreCheck *c = data;

  return c->check (c->store, table, key, row, c->data, error);
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
  StoreCheck c = { store, check, check_data };

  return gb_sync_push_run (&store_ops, store, user, request, check ? store_allow : NULL, &c, stamp_author, flaws,
                           error);
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

