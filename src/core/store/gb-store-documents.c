/* gb-store-documents.c — documents (notices, directives) and their items
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-store-private.h"

/**
 * gb_store_add_document_text:
 * @origin: "imported", "composed", "demo" or "synced"
 *
 * Stores a document's text before (or without) parsing it into items.
 *
 * Returns: the new document's id, or 0 on error
 */
gint64
gb_store_add_document_text (GbStore     *self,
                            const char  *source_name,
                            const char  *body,
                            const char  *origin,
                            GError     **error)
{
  g_autofree char *now = gb_store_now_iso ();
  g_autofree char *uid = gb_store_new_uid ();
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "INSERT INTO documents (uid, body, source_name, origin, created_at, updated_at) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id", error);
  gint64 id = 0;

  g_return_val_if_fail (GB_IS_STORE (self), 0);

  if (stmt == NULL)
    return 0;
  gb_store_bind_text (stmt, 1, uid);
  gb_store_bind_text (stmt, 2, body);
  gb_store_bind_text (stmt, 3, source_name);
  gb_store_bind_text (stmt, 4, origin);
  gb_store_bind_text (stmt, 5, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    gb_store_set_error (self, error, "Could not save the document");
  sqlite3_reset (stmt);
  return id;
}

/**
 * gb_store_find_document:
 * @number: (nullable): the document's number and symbol
 * @issuer: (nullable): its issuer, as stored
 * @date: (nullable): its date, YYYY-MM-DD
 * @body: (nullable): its text
 *
 * Finds a stored document that is the same notice: the same number, issuer and date (a number
 * is needed; the issuer and date match when both are unknown), or the same text. The demo's
 * documents are samples that `giaoban-cli demo remove` takes away again: a real notice is never
 * the same as one of them.
 *
 * Returns: the first such document's id, 0 when there is none, or -1 with @error set
 */
gint64
gb_store_find_document (GbStore     *self,
                        const char  *number,
                        const char  *issuer,
                        const char  *date,
                        const char  *body,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  stmt = gb_store_prepare (self,
                           "SELECT id FROM documents WHERE origin <> 'demo' AND ((?1 IS NOT NULL AND number = ?1 AND issuer IS ?2 "
                           "AND date IS ?3) OR (?4 IS NOT NULL AND body = ?4)) ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return -1;
  gb_store_bind_text (stmt, 1, number);
  gb_store_bind_text (stmt, 2, issuer);
  gb_store_bind_text (stmt, 3, date);
  gb_store_bind_text (stmt, 4, body);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not look for the document");
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

/**
 * gb_store_delete_document:
 * @document_id: a stored document
 *
 * Deletes the document with its recipients, references, items and their history; documents
 * that cite it keep the reference, without the link. With the outbox on, the deletion is
 * queued for the sync like any edit.
 *
 * Returns: %TRUE, or %FALSE with @error set (%GB_ERROR_NOT_FOUND when there is no such document)
 */
gboolean
gb_store_delete_document (GbStore  *self,
                          gint64    document_id,
                          GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = gb_store_prepare (self, "DELETE FROM documents WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!gb_store_step_done (self, stmt, "Could not delete the document", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no document %lld"), (long long) document_id);
      return FALSE;
    }
  return TRUE;
}
