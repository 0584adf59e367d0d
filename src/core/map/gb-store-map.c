/* gb-store-map.c — every unit's geometry in one pass, for the map
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-store-map.h"
#include "gb-store-private.h"

/**
 * gb_store_scan_unit_geometries:
 *
 * Calls @func for each unit with a geometry, provinces first, then districts, then communes,
 * each level by code. A geometry that does not decode is an error: the map would be wrong.
 */
gboolean
gb_store_scan_unit_geometries (GbStore        *self,
                               GbMapUnitFunc   func,
                               gpointer        user_data,
                               GError        **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT code, level, parent_code, name, geometry FROM units "
                                         "WHERE geometry IS NOT NULL ORDER BY level, code", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GbGeometry) geometry = NULL;
      g_autoptr(GError) local = NULL;
      const char *code = (const char *) sqlite3_column_text (stmt, 0);

      geometry = gb_geometry_deserialize (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4), &local);
      if (geometry == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("The boundary of unit %s is damaged: %s"),
                       code, local->message);
          sqlite3_reset (stmt);
          return FALSE;
        }
      func (code, sqlite3_column_int (stmt, 1), (const char *) sqlite3_column_text (stmt, 2),
            (const char *) sqlite3_column_text (stmt, 3), geometry, user_data);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gb_store_set_error (self, error, _("Could not read the boundaries"));
  return TRUE;
}
