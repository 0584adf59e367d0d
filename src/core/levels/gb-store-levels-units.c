/* gb-store-levels-units.c — units over time as the level engine reads them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gb-store-levels-units.h"
#include "gb-store-private.h"

#define COL_TEXT(s, i) ((const char *) sqlite3_column_text ((s), (i)))

typedef void (*RowFunc) (sqlite3_stmt *stmt, gpointer func, gpointer data);

static gboolean
scan (GbStore     *self,
      const char  *sql,
      RowFunc      row,
      gpointer     func,
      gpointer     data,
      GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, func, data);
  return gb_store_rows_done (self, stmt, rc, "Could not read the units' history for the levels", error);
}

static void
validity_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  ((GbLevelValidityFunc) func) (COL_TEXT (s, 0), COL_TEXT (s, 1), COL_TEXT (s, 2), data);
}

gboolean
gb_store_levels_scan_validity (GbStore *self, GbLevelValidityFunc func, gpointer data, GError **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  return scan (self, "SELECT code, valid_from, valid_to FROM units "
                     "WHERE valid_from IS NOT NULL OR valid_to IS NOT NULL", validity_row, func, data, error);
}

static void
version_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  gint64 people[3] = { gb_store_column_count (s, 5), gb_store_column_count (s, 6), gb_store_column_count (s, 7) };

  ((GbLevelVersionFunc) func) (COL_TEXT (s, 0), COL_TEXT (s, 1), sqlite3_column_int (s, 2), COL_TEXT (s, 3),
                               COL_TEXT (s, 4), people, data);
}

gboolean
gb_store_levels_scan_versions (GbStore *self, GbLevelVersionFunc func, gpointer data, GError **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  return scan (self, "SELECT code, valid_from, level, parent_code, name, population, pop_18, pop_65 FROM unit_versions "
                     "ORDER BY code, valid_from", version_row, func, data, error);
}

static void
succession_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  ((GbLevelSuccessionFunc) func) (COL_TEXT (s, 0), COL_TEXT (s, 1), COL_TEXT (s, 2),
                                  sqlite3_column_int (s, 3) != 0, data);
}

gboolean
gb_store_levels_scan_successions (GbStore *self, GbLevelSuccessionFunc func, gpointer data, GError **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  /* In the table's order (by predecessor): the engine needs none, and sorting costs. */
  return scan (self, "SELECT predecessor, successor, date, partial FROM unit_successions", succession_row, func,
               data, error);
}
