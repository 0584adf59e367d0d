/* gb-store-map-cache.c — the map's prepared geometry kept in the database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per kind of prepared geometry in map_cache (0080-map-cache.sql), valid while
 * boundaries_version has not moved since it was made. The blob is read in pieces straight into
 * the renderer's arrays (sqlite3_blob_read()), not copied whole first: 45 MB on the national set.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-store-map-cache.h"
#include "gb-store-private.h"

struct _GbMapCacheBlob
{
  sqlite3_blob *blob;
  gsize         size;
};

/**
 * gb_store_map_boundaries_version:
 *
 * Returns: the version of the units' boundaries (it moves whenever one is written), or -1 when
 *   it cannot be read
 */
gint64
gb_store_map_boundaries_version (GbStore *self)
{
  sqlite3_stmt *stmt;
  gint64 version = -1;

  g_return_val_if_fail (GB_IS_STORE (self), -1);

  stmt = gb_store_prepare (self, "SELECT version FROM boundaries_version WHERE id = 1", NULL);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return version;
}

/**
 * gb_store_map_cache_open:
 * @name: which prepared geometry
 * @boundaries: the boundaries' version it must have been made from
 * @size: (out): its size in bytes
 *
 * Returns: (transfer full) (nullable): the cached blob to read, or NULL when there is none made
 *   from these boundaries
 */
GbMapCacheBlob *
gb_store_map_cache_open (GbStore    *self,
                         const char *name,
                         gint64      boundaries,
                         gsize      *size)
{
  sqlite3_stmt *stmt;
  sqlite3_blob *blob = NULL;
  GbMapCacheBlob *result;
  gint64 rowid = -1;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL && size != NULL, NULL);

  stmt = gb_store_prepare (self, "SELECT rowid FROM map_cache WHERE name = ?1 AND boundaries = ?2", NULL);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, name);
  sqlite3_bind_int64 (stmt, 2, boundaries);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rowid < 0 || sqlite3_blob_open (gb_store_get_db (self), "main", "map_cache", "data", rowid, 0, &blob) != SQLITE_OK)
    {
      sqlite3_blob_close (blob);
      return NULL;
    }
  result = g_new (GbMapCacheBlob, 1);
  result->blob = blob;
  result->size = *size = sqlite3_blob_bytes (blob);
  return result;
}

/** gb_store_map_cache_read: Returns: whether @n bytes at @offset were read into @buffer */
gboolean
gb_store_map_cache_read (GbMapCacheBlob *blob,
                         gpointer        buffer,
                         gsize           n,
                         gsize           offset)
{
  g_return_val_if_fail (blob != NULL, FALSE);

  if (n == 0)
    return offset <= blob->size;
  return offset <= blob->size && n <= blob->size - offset && n <= G_MAXINT && offset <= G_MAXINT &&
         sqlite3_blob_read (blob->blob, buffer, (int) n, (int) offset) == SQLITE_OK;
}

void
gb_store_map_cache_close (GbMapCacheBlob *blob)
{
  if (blob == NULL)
    return;
  sqlite3_blob_close (blob->blob);
  g_free (blob);
}

/**
 * gb_store_map_cache_write:
 * @boundaries: the boundaries' version @data was made from
 *
 * Keeps @data as the prepared geometry @name, unless the boundaries changed since @boundaries
 * (then it is stale already, and nothing is written).
 */
gboolean
gb_store_map_cache_write (GbStore     *self,
                          const char  *name,
                          gint64       boundaries,
                          const void  *data,
                          gsize        size,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *now = gb_store_now_iso ();
  gboolean ok;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && data != NULL, FALSE);

  stmt = gb_store_prepare (self, "INSERT OR REPLACE INTO map_cache (name, boundaries, built_at, data) "
                           "SELECT ?1, ?2, ?3, ?4 FROM boundaries_version WHERE id = 1 AND version = ?2", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, name);
  sqlite3_bind_int64 (stmt, 2, boundaries);
  gb_store_bind_text (stmt, 3, now);
  sqlite3_bind_blob64 (stmt, 4, data, size, SQLITE_STATIC);
  ok = gb_store_step_done (self, stmt, _("Could not keep the map's prepared boundaries"), error);
  /* The statement is kept: it must not point at @data after this. */
  sqlite3_clear_bindings (stmt);
  return ok;
}

/**
 * gb_store_scan_map_units:
 *
 * Calls @func for the same units as gb_store_scan_unit_geometries(), in the same order, with a
 * %NULL geometry: their boundaries come from the prepared geometry.
 */
gboolean
gb_store_scan_map_units (GbStore        *self,
                         GbMapUnitFunc   func,
                         gpointer        user_data,
                         GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* IS NOT NULL reads the record's header, not the geometry itself. */
  stmt = gb_store_prepare (self, "SELECT code, level, parent_code, name FROM units "
                           "WHERE geometry IS NOT NULL ORDER BY level, code", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1),
          (const char *) sqlite3_column_text (stmt, 2), (const char *) sqlite3_column_text (stmt, 3), NULL, user_data);
  return gb_store_rows_done (self, stmt, rc, _("Could not read the boundaries"), error);
}
