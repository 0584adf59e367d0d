/* gb-store-units.c — administrative units and their geometry
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include "gb-geometry.h"
#include "gb-store-private.h"

#define UNIT_COLUMNS "units.code, units.level, units.parent_code, units.name, units.type, " \
                     "units.population, units.pop_18, units.pop_65, " \
                     "units.min_lon, units.min_lat, units.max_lon, units.max_lat"

/* A unit from a row of UNIT_COLUMNS (the units of a date read the same columns). */
GbUnit *
gb_store_unit_from_row (sqlite3_stmt *stmt)
{
  GbUnit *unit = gb_unit_new ();

  unit->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  unit->level = sqlite3_column_int (stmt, 1);
  unit->parent_code = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  unit->name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  unit->type = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  unit->population = gb_store_column_count (stmt, 5);
  unit->pop_18 = gb_store_column_count (stmt, 6);
  unit->pop_65 = gb_store_column_count (stmt, 7);
  unit->min_lon = sqlite3_column_double (stmt, 8);
  unit->min_lat = sqlite3_column_double (stmt, 9);
  unit->max_lon = sqlite3_column_double (stmt, 10);
  unit->max_lat = sqlite3_column_double (stmt, 11);
  return unit;
}

/**
 * gb_store_put_unit:
 * @geometry: (nullable): the unit's polygons; %NULL keeps what is stored
 *
 * Inserts or updates a unit by its code and keeps the R*Tree of bounding boxes in step.
 */
gboolean
gb_store_put_unit (GbStore           *self,
                   const GbUnit      *unit,
                   const GbGeometry  *geometry,
                   GError           **error)
{
  sqlite3_stmt *stmt;
  gint64 id;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  gboolean has_box = FALSE;
  g_autoptr(GBytes) blob = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (unit != NULL && unit->code != NULL && unit->name != NULL, FALSE);

  if (geometry != NULL)
    {
      has_box = gb_geometry_bbox (geometry, &x0, &y0, &x1, &y1);
      blob = gb_geometry_serialize (geometry);
    }

  stmt = gb_store_prepare (self,
                           "INSERT INTO units (code, level, parent_code, name, type, population, "
                           "pop_18, pop_65, geometry, min_lon, min_lat, max_lon, max_lat) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
                           "ON CONFLICT (code) DO UPDATE SET level = excluded.level, "
                           "parent_code = coalesce(excluded.parent_code, parent_code), "
                           "name = excluded.name, type = coalesce(excluded.type, type), "
                           "population = coalesce(excluded.population, population), "
                           "pop_18 = coalesce(excluded.pop_18, pop_18), "
                           "pop_65 = coalesce(excluded.pop_65, pop_65), "
                           "geometry = coalesce(excluded.geometry, geometry), "
                           "min_lon = coalesce(excluded.min_lon, min_lon), "
                           "min_lat = coalesce(excluded.min_lat, min_lat), "
                           "max_lon = coalesce(excluded.max_lon, max_lon), "
                           "max_lat = coalesce(excluded.max_lat, max_lat) "
                           "RETURNING id", error);
  if (stmt == NULL)
    return FALSE;

  gb_store_bind_text (stmt, 1, unit->code);
  sqlite3_bind_int (stmt, 2, unit->level);
  gb_store_bind_text (stmt, 3, unit->parent_code);
  gb_store_bind_text (stmt, 4, unit->name);
  gb_store_bind_text (stmt, 5, unit->type);
  gb_store_bind_count (stmt, 6, unit->population);
  gb_store_bind_count (stmt, 7, unit->pop_18);
  gb_store_bind_count (stmt, 8, unit->pop_65);
  if (blob != NULL)
    sqlite3_bind_blob (stmt, 9, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob), SQLITE_STATIC);
  if (has_box)
    {
      sqlite3_bind_double (stmt, 10, x0);
      sqlite3_bind_double (stmt, 11, y0);
      sqlite3_bind_double (stmt, 12, x1);
      sqlite3_bind_double (stmt, 13, y1);
    }

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gb_store_set_error (self, error, "Could not save a unit");
      sqlite3_reset (stmt);
      return FALSE;
    }
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (has_box)
    {
      stmt = gb_store_prepare (self,
                               "INSERT OR REPLACE INTO units_rtree (id, min_lon, max_lon, min_lat, max_lat) "
                               "VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_double (stmt, 2, x0);
      sqlite3_bind_double (stmt, 3, x1);
      sqlite3_bind_double (stmt, 4, y0);
      sqlite3_bind_double (stmt, 5, y1);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          return gb_store_set_error (self, error, "Could not index a unit's bounding box");
        }
      sqlite3_reset (stmt);
    }

  return TRUE;
}

gboolean
gb_store_unit_exists (GbStore    *self,
                      const char *code)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT 1 FROM units WHERE code = ?1", NULL);
  gboolean found;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, code);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/**
 * gb_store_count_units:
 *
 * Returns: how many units the store has (0 on error): the size of what a map or the level
 *   engine will read
 */
guint
gb_store_count_units (GbStore *self)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (GB_IS_STORE (self), 0);
  if ((stmt = gb_store_prepare (self, "SELECT count(*) FROM units", NULL)) == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

GbUnit *
gb_store_get_unit (GbStore     *self,
                   const char  *code,
                   GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT " UNIT_COLUMNS " FROM units WHERE code = ?1", error);
  GbUnit *unit = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    unit = gb_store_unit_from_row (stmt);
  else
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No unit has the code %s"), code);
  sqlite3_reset (stmt);
  return unit;
}

/**
 * gb_store_list_units:
 * @level: a level, or %GB_UNIT_LEVEL_ANY
 * @parent_code: (nullable): only the children of this unit
 *
 * Returns: (transfer full) (element-type GbUnit): units ordered by level, then name
 */
GPtrArray *
gb_store_list_units (GbStore      *self,
                     GbUnitLevel   level,
                     const char   *parent_code,
                     GError      **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT " UNIT_COLUMNS " FROM units "
                                         "WHERE (?1 = 0 OR level = ?1) AND (?2 IS NULL OR parent_code = ?2) "
                                         "ORDER BY level, name COLLATE NOCASE, code", error);
  GPtrArray *units;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, level);
  gb_store_bind_text (stmt, 2, parent_code);
  units = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_unit_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (units, gb_store_unit_from_row (stmt));
  if (!gb_store_rows_done (self, stmt, rc, "Could not read the units", error))
    g_clear_pointer (&units, g_ptr_array_unref);
  return units;
}

GbGeometry *
gb_store_get_unit_geometry (GbStore     *self,
                            const char  *code,
                            GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT geometry FROM units WHERE code = ?1", error);
  GbGeometry *geometry = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    geometry = gb_geometry_deserialize (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), error);
  else
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("The unit %s has no geometry"), code);
  sqlite3_reset (stmt);
  return geometry;
}

/**
 * gb_store_units_in_bbox:
 *
 * Returns: (transfer full) (element-type GbUnit): units whose bounding box meets the given box,
 *   found through the R*Tree
 */
GPtrArray *
gb_store_units_in_bbox (GbStore  *self,
                        double    min_lon,
                        double    min_lat,
                        double    max_lon,
                        double    max_lat,
                        GError  **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT " UNIT_COLUMNS " FROM units JOIN units_rtree r USING (id) "
                                         "WHERE r.max_lon >= ?1 AND r.min_lon <= ?3 "
                                         "AND r.max_lat >= ?2 AND r.min_lat <= ?4 ORDER BY code", error);
  GPtrArray *units;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_double (stmt, 1, min_lon);
  sqlite3_bind_double (stmt, 2, min_lat);
  sqlite3_bind_double (stmt, 3, max_lon);
  sqlite3_bind_double (stmt, 4, max_lat);
  units = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_unit_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (units, gb_store_unit_from_row (stmt));
  if (!gb_store_rows_done (self, stmt, rc, "Could not read the units", error))
    g_clear_pointer (&units, g_ptr_array_unref);
  return units;
}
