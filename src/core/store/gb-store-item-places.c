/* gb-store-item-places.c — the places a tracked item concerns, when a person edited them
 *
 * items.places (migration 0040) is NULL until someone edits the places of an item; then it holds
 * the units' GSO codes, ";"-separated ('' for none). What the text names is read elsewhere
 * (gb-item-places.c, which uses this for the edited ones). A plain column of items, so the edit
 * is synced with the item (gb-store-sync-tables.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "gb-error.h"
#include "gb-store-item-places.h"
#include "gb-store-private.h"

static GPtrArray *
split_codes (const char *text)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_ptr_array_add (codes, g_strdup (parts[i]));
  return codes;
}

/**
 * gb_store_item_get_places:
 * @codes: (out) (transfer full) (element-type utf8) (nullable): the edited places' codes, or
 *   NULL when the places were never edited (read them from the text)
 *
 * Returns: FALSE with @error for an unknown item or a failed read
 */
gboolean
gb_store_item_get_places (GbStore    *self,
                          gint64      item_id,
                          GPtrArray **codes,
                          GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (codes != NULL, FALSE);

  *codes = NULL;
  if ((stmt = gb_store_prepare (self, "SELECT places FROM items WHERE id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    *codes = split_codes ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no item %lld"), (long long) item_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return (gb_store_set_error (self, error, "Could not read the item's places"), FALSE);
  return TRUE;
}

/**
 * gb_store_item_set_places:
 * @codes: (element-type utf8) (nullable): GSO codes of known units (empty: no place); NULL goes
 *   back to the places read from the text
 *
 * Returns: FALSE with @error, nothing changed, for an unknown item or unit
 */
gboolean
gb_store_item_set_places (GbStore    *self,
                          gint64      item_id,
                          GPtrArray  *codes,
                          GError    **error)
{
  g_autofree char *now = gb_store_now_iso ();
  g_autoptr(GString) joined = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  for (guint i = 0; codes != NULL && i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);

      if (!gb_store_unit_exists (self, code))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no unit with the code “%s”"), code);
          return FALSE;
        }
      if (joined == NULL)
        joined = g_string_new (NULL);
      g_string_append_printf (joined, "%s%s", i ? ";" : "", code);
    }
  if (codes != NULL && joined == NULL)
    joined = g_string_new ("");
  stmt = gb_store_prepare (self, "UPDATE items SET places = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  gb_store_bind_text (stmt, 2, joined ? joined->str : NULL);
  gb_store_bind_text (stmt, 3, now);
  if (!gb_store_step_done (self, stmt, "Could not change the item's places", error))
    return FALSE;
  if (sqlite3_changes (gb_store_get_db (self)) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no item %lld"), (long long) item_id);
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_store_items_edited_places:
 *
 * Returns: (transfer full) (element-type gint64 GPtrArray): item id (a gint64 *) → the codes of
 *   every item whose places were edited, or NULL with @error
 */
GHashTable *
gb_store_items_edited_places (GbStore  *self,
                              GError  **error)
{
  g_autoptr(GHashTable) out = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                     (GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if ((stmt = gb_store_prepare (self, "SELECT id, places FROM items WHERE places IS NOT NULL", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_insert (out, g_memdup2 (&id, sizeof id), split_codes ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (!gb_store_rows_done (self, stmt, rc, "Could not read the items' places", error))
    return NULL;
  return g_steal_pointer (&out);
}
