/* gb-store-documents.c — documents (notices, directives) and their items
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
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
