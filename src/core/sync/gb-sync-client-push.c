/* gb-sync-client-push.c — the sync client's push: the outbox in batches, and the answer
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A batch is frozen and marked sent in one transaction, so that exactly what is marked goes;
 * the whole answer is checked before any of it is recorded, in one transaction.
 */
#define G_LOG_DOMAIN "gb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-sync.h"
#include "gb-store-unit-merges.h"
#include "gb-sync-client-private.h"

#define PUSH_BATCH            500
/* Bytes of rows a push stops growing at: half giaoband's default body limit (8 MiB). */
#define PUSH_BYTES            (4 * 1024 * 1024)

/* ---- strict reading of the answer ----------------------------------------------------------- */

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
    return _gb_sync_bad_answer (error, path, _("%s“%s” must be an integer"), where, member);
  *value = json_node_get_int (node);
  if (*value < 0)
    return _gb_sync_bad_answer (error, path, _("%s“%s” is negative"), where, member);
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
      _gb_sync_bad_answer (error, path, _("%s“%s” must be a non-empty string"), where, member);
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
    return _gb_sync_bad_answer (error, path, _("%s“%s” must be an object or null"), where, member);
  *row = node;
  return TRUE;
}

/* ---- the push ------------------------------------------------------------------------------ */

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
prepare_batch (GbSyncJob    *job,
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
      /* The row before the edit: the server merges field by field with it. */
      if (s->entry->base_row != NULL && g_strcmp0 (s->entry->op, "upsert") == 0)
        {
          json_builder_set_member_name (b, "base_row");
          json_builder_add_value (b, parse_json (s->entry->base_row));
        }
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
apply_unless_pending (GbSyncJob     *job,
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
keep_refused (GbSyncJob     *job,
              GArray      *batch,
              JsonObject  *refused,
              const char  *reason,
              GError     **error)
{
  Sent *s = find_sent (batch, json_object_get_string_member (refused, "id"));
  JsonNode *server_row = json_object_get_member (refused, "server_row");
  g_autofree char *server_text = JSON_NODE_HOLDS_NULL (server_row) ? NULL : gb_sync_canonical_json (server_row);
  JsonNode *client_row = reason == NULL ? json_object_get_member (refused, "client_row") : NULL;
  g_autofree char *client_text = NULL;
  g_autoptr(JsonNode) key = parse_json (s->entry->key);
  gboolean skipped;

  /* A conflict merged field by field: the server applied this copy's other fields and keeps
   * its own version of the fields both changed; the client's row holds this copy's. */
  if (client_row == NULL || !JSON_NODE_HOLDS_OBJECT (client_row))
    client_row = s->row;
  client_text = JSON_NODE_HOLDS_NULL (client_row) ? NULL : gb_sync_canonical_json (client_row);
  if (!gb_store_sync_add_conflict (job->store, s->entry->change_id, s->entry->table, s->entry->key,
                                   server_text, client_text, reason, error) ||
      !gb_store_sync_outbox_remove (job->store, s->entry->change_id, error))
    return FALSE;
  if (reason != NULL && server_text == NULL)
    return TRUE;
  return apply_unless_pending (job, s->entry->table, server_text ? "upsert" : "delete", key, server_row,
                               FALSE, &skipped, error);
}

/* The feed this copy reads must reach its own push: a replica behind it is not asked
 * (docs/deploy.md, read replicas). */
static gboolean
note_pushed_last (GbSyncJob  *job,
                  gint64      last,
                  GError    **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, last);
  return gb_store_sync_set_state (job->store, "pushed_last", buf, error);
}

/* A merge the server refused is taken back first, before the refused rows it wrote take the
 * server's versions one by one (its undo checks they are still as it left them). */
static gboolean
take_back_refused_merges (GbSyncJob  *job,
                          GArray     *batch,
                          JsonArray  *rejected,
                          GError    **error)
{
  for (guint i = 0; rejected != NULL && i < json_array_get_length (rejected); i++)
    {
      Sent *s = find_sent (batch, json_object_get_string_member (json_array_get_object_element (rejected, i), "id"));
      JsonNode *server_row = json_object_get_member (json_array_get_object_element (rejected, i), "server_row");
      g_autoptr(JsonNode) key = NULL;
      const char *uid;

      if (strcmp (s->entry->table, "unit_merges") != 0 || !JSON_NODE_HOLDS_NULL (server_row))
        continue;
      key = parse_json (s->entry->key);
      uid = key != NULL && JSON_NODE_HOLDS_OBJECT (key)
            ? json_object_get_string_member_with_default (json_node_get_object (key), "uid", NULL) : NULL;
      if (uid != NULL && !gb_store_unit_merge_refused (job->store, uid, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_push_answer (GbSyncJob     *job,
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
    return _gb_sync_bad_answer (error, path, _("“applied” must be an array"));
  if (conflicts_node == NULL || !JSON_NODE_HOLDS_ARRAY (conflicts_node))
    return _gb_sync_bad_answer (error, path, _("“conflicts” must be an array"));
  if (!get_int (object, "last", &last, path, "", error))
    return FALSE;
  /* Daemons before rejections existed refused the whole push instead: none is fine. */
  if (rejected_node != NULL && !JSON_NODE_HOLDS_ARRAY (rejected_node))
    return _gb_sync_bad_answer (error, path, _("“rejected” must be an array"));
  applied = json_node_get_array (applied_node);
  conflicts = json_node_get_array (conflicts_node);
  if (rejected_node != NULL)
    rejected = json_node_get_array (rejected_node);

  for (guint i = 0; i < json_array_get_length (applied); i++)
    {
      JsonNode *n = json_array_get_element (applied, i);

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return _gb_sync_bad_answer (error, path, _("applied[%u] must be a change id"), i);
      if (find_sent (batch, json_node_get_string (n)) == NULL)
        return _gb_sync_bad_answer (error, path, _("applied[%u] names a change that was not sent: %s"), i,
                           json_node_get_string (n));
    }
  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      JsonNode *n = json_array_get_element (conflicts, i);
      g_autofree char *where = g_strdup_printf ("conflicts[%u].", i);
      JsonNode *row;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return _gb_sync_bad_answer (error, path, _("conflicts[%u] must be an object"), i);
      if ((id = get_string (json_node_get_object (n), "id", path, where, error)) == NULL)
        return FALSE;
      if (find_sent (batch, id) == NULL)
        return _gb_sync_bad_answer (error, path, _("conflicts[%u] names a change that was not sent: %s"), i, id);
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
        return _gb_sync_bad_answer (error, path, _("rejected[%u] must be an object"), i);
      if ((id = get_string (json_node_get_object (n), "id", path, where, error)) == NULL ||
          get_string (json_node_get_object (n), "message", path, where, error) == NULL ||
          !get_int (json_node_get_object (n), "status", &status, path, where, error) ||
          !get_row (json_node_get_object (n), "server_row", &row, path, where, error))
        return FALSE;
      if (find_sent (batch, id) == NULL)
        return _gb_sync_bad_answer (error, path, _("rejected[%u] names a change that was not sent: %s"), i, id);
    }

  if (!gb_store_begin (job->store, error))
    return FALSE;
  if (!gb_store_sync_begin_apply (job->store, error))
    goto fail;
  if (!take_back_refused_merges (job, batch, rejected, error))
    goto fail;
  for (guint i = 0; i < json_array_get_length (applied); i++)
    {
      Sent *s = find_sent (batch, json_array_get_string_element (applied, i));

      /* Remembered, to be sent again should the server lose it (a restored backup). */
      if (!gb_store_sync_note_pushed (job->store, s->entry->table, s->entry->key, s->entry->op, last, error) ||
          !gb_store_sync_outbox_remove (job->store, s->entry->change_id, error))
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
  if (json_array_get_length (applied) + json_array_get_length (conflicts) > 0 && !note_pushed_last (job, last, error))
    goto fail;
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
reject_locally (GbSyncJob     *job,
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

gboolean
_gb_sync_push_outbox (GbSyncJob       *job,
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
      answer = _gb_sync_request_json (job, job->session, "POST", "/api/v1/push", body, cancellable, &local);
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
