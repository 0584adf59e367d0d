/* gb-store-demo.c — the rows the demo wrote, removed again
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gb-demo.h"
#include "gb-store-private.h"

/* The demo province, its districts and their communes. */
#define DEMO_UNITS \
  "SELECT code FROM units WHERE code = ?1 OR parent_code = ?1 " \
  "OR parent_code IN (SELECT code FROM units WHERE parent_code = ?1)"

static const char *const removals[] = {
  "DELETE FROM documents WHERE origin = 'demo'",
  /* The demo wrote its real province series with its simulated commune series: rows received
   * until it was loaded are the demo's, rows imported since are somebody's work. A database
   * loaded before that time was recorded: a minute after its last simulated row (the demo
   * loads in seconds). */
  "CREATE TEMP TABLE demo_cut AS SELECT coalesce ((SELECT value FROM meta WHERE key = 'demo-loaded-at'), "
  "strftime ('%Y-%m-%dT%H:%M:%fZ', (SELECT max (received_at) FROM case_reports WHERE simulated = 1 "
  "AND unit_code IN (" DEMO_UNITS ")), '+60 seconds')) AS cases, coalesce ((SELECT value FROM meta "
  "WHERE key = 'demo-loaded-at'), strftime ('%Y-%m-%dT%H:%M:%fZ', (SELECT max (received_at) FROM vaccinations "
  "WHERE simulated = 1 AND unit_code IN (" DEMO_UNITS ")), '+60 seconds')) AS vaccinations",
  "DELETE FROM case_reports WHERE unit_code IN (" DEMO_UNITS ") "
  "AND (simulated = 1 OR received_at <= (SELECT cases FROM temp.demo_cut))",
  "DELETE FROM vaccinations WHERE unit_code IN (" DEMO_UNITS ") "
  "AND (simulated = 1 OR received_at <= (SELECT vaccinations FROM temp.demo_cut))",
  "DROP TABLE temp.demo_cut",
  /* A unit somebody reported real numbers for, or declared a level of, stays. */
  "CREATE TEMP TABLE demo_units AS SELECT code FROM units u WHERE code IN (" DEMO_UNITS ") "
  "AND NOT EXISTS (SELECT 1 FROM case_reports c WHERE c.unit_code = u.code) "
  "AND NOT EXISTS (SELECT 1 FROM vaccinations v WHERE v.unit_code = u.code) "
  "AND NOT EXISTS (SELECT 1 FROM level_overrides o WHERE o.unit_code = u.code)",
  "DELETE FROM units_rtree WHERE id IN (SELECT id FROM units WHERE code IN (SELECT code FROM temp.demo_units))",
  "DELETE FROM units WHERE code IN (SELECT code FROM temp.demo_units)",
  "DROP TABLE temp.demo_units",
  "DELETE FROM meta WHERE key IN ('demo', 'demo-loaded-at')",
  "DELETE FROM meta WHERE key = 'simulated-commune-series' AND NOT EXISTS (SELECT 1 FROM case_reports WHERE simulated = 1) "
  "AND NOT EXISTS (SELECT 1 FROM vaccinations WHERE simulated = 1)",
};

/**
 * gb_store_remove_demo_rows:
 *
 * Deletes the demo's notices, its simulated series and the units of its province that hold
 * nothing else, in the caller's transaction. The CREATE/DROP of a temporary table is not
 * cached: each statement is prepared once here.
 */
gboolean
gb_store_remove_demo_rows (GbStore  *self,
                           GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (removals); i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (gb_store_get_db (self), removals[i], -1, &stmt, NULL);

      if (rc != SQLITE_OK)
        return gb_store_set_error (self, error, "Could not remove the demo");
      if (sqlite3_bind_parameter_count (stmt) > 0)
        sqlite3_bind_text (stmt, 1, GB_DEMO_PROVINCE_CODE, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return gb_store_set_error (self, error, "Could not remove the demo");
    }
  return TRUE;
}

/**
 * gb_store_mark_demo_loaded:
 *
 * Records when the demo was loaded (in its transaction): its rows are those received until then.
 */
gboolean
gb_store_mark_demo_loaded (GbStore  *self,
                           GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  stmt = gb_store_prepare (self,
                           "INSERT OR REPLACE INTO meta (key, value) "
                           "VALUES ('demo-loaded-at', strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'))", error);
  return stmt != NULL && gb_store_step_done (self, stmt, "Could not record the demo", error);
}
