/* gb-sync-client-conflicts.c — conflicts and rejected edits, resolved by a person
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-sync.h"
#include "gb-sync-client-private.h"

/* The members of a row as canonical JSON text, by name; NULL for no row. */
static GHashTable *
row_members (const char *text)
{
  g_autoptr(JsonNode) node = text ? json_from_string (text, NULL) : NULL;
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return members;
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &member))
    g_hash_table_insert (members, g_strdup (name), gb_sync_canonical_json (member));
  return members;
}

/**
 * gb_sync_conflict_fields:
 * @conflict: a conflict or a rejected edit
 *
 * The fields of the row on which the two versions disagree: a person needs to see those, not
 * the members both copies hold alike. A version that is no row (a delete) differs in every
 * field of the other.
 *
 * Returns: (transfer full) (element-type GbSyncField): the differing fields, by name
 */
GPtrArray *
gb_sync_conflict_fields (const GbSyncConflict *conflict)
{
  g_autoptr(GHashTable) mine = NULL;
  g_autoptr(GHashTable) theirs = NULL;
  g_autoptr(GList) names = NULL;
  GPtrArray *fields;

  g_return_val_if_fail (conflict != NULL, NULL);

  mine = row_members (conflict->client_row);
  theirs = row_members (conflict->server_row);
  fields = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_sync_field_free);
  names = g_hash_table_get_keys (mine);
  for (GList *l = g_hash_table_get_keys (theirs); l != NULL; l = g_list_delete_link (l, l))
    if (!g_hash_table_contains (mine, l->data))
      names = g_list_prepend (names, l->data);
  names = g_list_sort (names, (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *m = g_hash_table_lookup (mine, l->data), *t = g_hash_table_lookup (theirs, l->data);
      GbSyncField *f;

      if (g_strcmp0 (m, t) == 0)
        continue;
      f = g_new0 (GbSyncField, 1);
      f->name = g_strdup (l->data);
      f->mine = g_strdup (m);
      f->theirs = g_strdup (t);
      g_ptr_array_add (fields, f);
    }
  return fields;
}

void
gb_sync_field_free (GbSyncField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field->mine);
  g_free (field->theirs);
  g_free (field);
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

  codec = codec ? codec : &_gb_sync_core_codec;
  if ((c = gb_store_sync_get_conflict (store, conflict_id, error)) == NULL)
    return FALSE;
  if (!keep_client)
    return gb_store_sync_mark_resolved (store, conflict_id, "server", error);
  if (codec == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("This build of Giao Ban cannot sync: it has no sync codec"));
      return FALSE;
    }
  key = json_from_string (c->key, NULL);
  row = c->client_row ? json_from_string (c->client_row, NULL) : json_node_new (JSON_NODE_NULL);
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

