/* gb-sync-client-conflicts.c — conflicts and rejected edits, resolved by a person
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-store-sync.h"
#include "gb-sync-client-private.h"

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

