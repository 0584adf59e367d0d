/* gb-store-trash.c — deleting a document so that it can be restored exactly (Undo)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before the document goes, every row that goes with it (its recipients, references, items,
 * their units, status log and progress) and every row that only loses its link to it (another
 * document's reference, the conclusion draft it was issued from) is kept as the sync codec
 * encodes it: by sync keys and uids, never by local ids. Restoring applies those rows again,
 * parents first, so the document comes back as it was, with the same uids, and with the outbox
 * on both the deletion and the restoration travel to the other copies as ordinary edits.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-store-private.h"
#include "gb-store-sync.h"
#include "gb-store-trash.h"
#include "gb-sync-codec.h"

typedef struct
{
  char     *table;
  JsonNode *key;
  JsonNode *row;
} KeptRow;

struct _GbDeletedDocument
{
  char   *uid;
  GArray *rows;   /* KeptRow, in the order they are restored */
};

/* The rows to keep, parents first; ?1 is the document's id. */
static const struct { const char *table; const char *where; } kept_rows[] = {
  { "documents", "r.id = ?1" },
  { "document_recipients", "r.document_id = ?1" },
  { "items", "r.document_id = ?1 ORDER BY r.level, r.id" },
  { "document_references", "r.document_id = ?1 OR r.target_id = ?1" },
  { "item_assignments", "r.item_id IN (SELECT id FROM items WHERE document_id = ?1)" },
  { "item_status_log", "r.item_id IN (SELECT id FROM items WHERE document_id = ?1) ORDER BY r.id" },
  { "progress_updates", "r.item_id IN (SELECT id FROM items WHERE document_id = ?1) ORDER BY r.id" },
  { "conclusion_drafts", "r.document_id = ?1" },
};

static void
kept_row_clear (gpointer data)
{
  KeptRow *k = data;

  g_free (k->table);
  g_clear_pointer (&k->key, json_node_unref);
  g_clear_pointer (&k->row, json_node_unref);
}

/** gb_deleted_document_free: frees @deleted. */
void
gb_deleted_document_free (GbDeletedDocument *deleted)
{
  if (deleted == NULL)
    return;
  g_free (deleted->uid);
  g_array_unref (deleted->rows);
  g_free (deleted);
}

/** gb_deleted_document_get_uid: Returns: the deleted document's uid. */
const char *
gb_deleted_document_get_uid (const GbDeletedDocument *deleted)
{
  g_return_val_if_fail (deleted != NULL, NULL);
  return deleted->uid;
}

/** gb_deleted_document_get_n_rows: Returns: how many rows the deletion took or unlinked. */
guint
gb_deleted_document_get_n_rows (const GbDeletedDocument *deleted)
{
  g_return_val_if_fail (deleted != NULL, 0);
  return deleted->rows->len;
}

/* Keeps every row of @table that @where selects, encoded. */
static gboolean
keep_rows (GbStore            *self,
           GbDeletedDocument  *deleted,
           guint               which,
           gint64              document_id,
           GError            **error)
{
  g_autofree char *key_sql = gb_store_sync_key_sql (kept_rows[which].table, "r");
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (key_sql != NULL);
  /* Built from constants only; interned so the statement cache may keep it by pointer. */
  sql = g_strdup_printf ("SELECT %s FROM main.%s AS r WHERE %s", key_sql, kept_rows[which].table, kept_rows[which].where);
  stmt = gb_store_prepare (self, g_intern_string (sql), error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (keys, gb_store_column_dup (stmt, 0));
  if (!gb_store_rows_done (self, stmt, rc, "Could not read the document's rows", error))
    return FALSE;
  for (guint i = 0; i < keys->len; i++)
    {
      KeptRow k = { g_strdup (kept_rows[which].table), NULL, NULL };

      k.key = json_from_string (g_ptr_array_index (keys, i), error);
      if (k.key == NULL || (k.row = gb_sync_codec_encode (self, k.table, k.key, error)) == NULL)
        {
          kept_row_clear (&k);
          return FALSE;
        }
      g_array_append_val (deleted->rows, k);
    }
  return TRUE;
}

/**
 * gb_store_trash_document:
 * @document_id: a stored document
 *
 * Deletes the document (gb_store_delete_document()) after keeping what gb_store_trash_restore()
 * needs to bring it back exactly, in one transaction.
 *
 * Returns: (transfer full): what was deleted, or %NULL with @error set and nothing changed
 */
GbDeletedDocument *
gb_store_trash_document (GbStore  *self,
                         gint64    document_id,
                         GError  **error)
{
  g_autoptr(GbDeletedDocument) deleted = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  deleted = g_new0 (GbDeletedDocument, 1);
  deleted->rows = g_array_new (FALSE, TRUE, sizeof (KeptRow));
  g_array_set_clear_func (deleted->rows, kept_row_clear);
  if (!gb_store_begin (self, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kept_rows); i++)
    if (!keep_rows (self, deleted, i, document_id, error))
      goto fail;
  if (deleted->rows->len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no document %lld"), (long long) document_id);
      goto fail;
    }
  deleted->uid = g_strdup (json_object_get_string_member (json_node_get_object (g_array_index (deleted->rows, KeptRow, 0).key), "uid"));
  if (!gb_store_delete_document (self, document_id, error) || !gb_store_commit (self, error))
    goto fail;
  return g_steal_pointer (&deleted);

fail:
  gb_store_rollback (self);
  return NULL;
}

/**
 * gb_store_trash_restore:
 * @deleted: what gb_store_trash_document() returned
 *
 * Puts the deleted document back as it was, in one transaction.
 *
 * Returns: the document's (new, local) id, or 0 with @error set and nothing changed
 */
gint64
gb_store_trash_restore (GbStore                  *self,
                        const GbDeletedDocument  *deleted,
                        GError                  **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (GB_IS_STORE (self), 0);
  g_return_val_if_fail (deleted != NULL, 0);

  if (!gb_store_begin (self, error))
    return 0;
  for (guint i = 0; i < deleted->rows->len; i++)
    {
      const KeptRow *k = &g_array_index (deleted->rows, KeptRow, i);

      if (!gb_sync_codec_apply (self, k->table, "upsert", k->key, k->row, error))
        {
          gb_store_rollback (self);
          return 0;
        }
    }
  stmt = gb_store_prepare (self, "SELECT id FROM documents WHERE uid = ?1", error);
  if (stmt != NULL)
    {
      gb_store_bind_text (stmt, 1, deleted->uid);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (id == 0 || !gb_store_commit (self, error))
    {
      if (id == 0 && error != NULL && *error == NULL)
        g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("The document could not be restored"));
      gb_store_rollback (self);
      return 0;
    }
  return id;
}
