/* gb-store-as-of.c — reading the daily numbers as they stood at a past moment
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every value a unit-day had is kept with the time it was received (case_report_history,
 * vaccination_history, 0030-report-history.sql). Setting an "as of" moment puts, on this
 * connection only, a TEMP table named like each daily table in front of it: SQLite resolves an
 * unqualified name in temp before main, so every reader of case_reports and vaccinations (the
 * level engine, the charts, the situation) sees the numbers as they were at that moment
 * without a second version of its SQL. The tables are read-only (triggers refuse writes), and
 * gb_store_put_case_report() says why first.
 *
 * They hold, for each unit-day, the last revision received at or before the moment; a unit-day
 * deleted by then (its last revision has removed = 1) is absent. They are filled once, keyed
 * as the daily tables are: views over the history did the same work again for every date the
 * charts walk (a commune's chart of the demo took over a minute; filling takes well under a
 * second).
 */
#include <glib/gi18n-lib.h>

#include "gb-date.h"
#include "gb-store-private.h"

#define LATEST(table) \
  " h WHERE h.received_at <= %Q AND h.removed = 0 AND NOT EXISTS (SELECT 1 FROM main." table " n " \
  "WHERE n.date = h.date AND n.unit_code = h.unit_code AND n.received_at > h.received_at " \
  "AND n.received_at <= %Q)"

/* The simulation's rows have no history (0030-report-history.sql): as they are, when they
 * were there by then and no received value was. */
#define SIMULATED(table, history) \
  " FROM main." table " c WHERE c.simulated = 1 AND c.received_at <= %Q AND NOT EXISTS (SELECT 1 " \
  "FROM main." history " n WHERE n.date = c.date AND n.unit_code = c.unit_code AND n.received_at <= %Q)"

#define CASE_COLS(p) \
  p ".unit_code AS unit_code, " p ".date AS date, " p ".community AS community, " \
  p ".quarantine AS quarantine, " p ".unknown_source AS unknown_source, " p ".deaths AS deaths, " \
  p ".recovered AS recovered, " p ".tests AS tests, " p ".simulated AS simulated, " \
  p ".received_at AS received_at"

#define VACC_COLS(p) \
  p ".unit_code AS unit_code, " p ".date AS date, " p ".pop_18 AS pop_18, " p ".pop_65 AS pop_65, " \
  p ".dose1_18 AS dose1_18, " p ".full_18 AS full_18, " p ".full_65 AS full_65, " \
  p ".doses_given AS doses_given, " p ".doses_allocated AS doses_allocated, " \
  p ".pop_12_17 AS pop_12_17, " \
  p ".pop_5_11 AS pop_5_11, " \
  p ".booster_18 AS booster_18, " \
  p ".dose1_65 AS dose1_65, " \
  p ".booster_65 AS booster_65, " \
  p ".dose1_12_17 AS dose1_12_17, " \
  p ".dose2_12_17 AS dose2_12_17, " \
  p ".booster_12_17 AS booster_12_17, " \
  p ".dose1_5_11 AS dose1_5_11, " \
  p ".dose2_5_11 AS dose2_5_11, " \
  p ".booster_5_11 AS booster_5_11, " \
  p ".simulated AS simulated, " p ".received_at AS received_at"

static const char case_select[] =
  "SELECT " CASE_COLS ("h") " FROM main.case_report_history" LATEST ("case_report_history")
  " UNION ALL SELECT " CASE_COLS ("c") SIMULATED ("case_reports", "case_report_history");

static const char vacc_select[] =
  "SELECT " VACC_COLS ("h") " FROM main.vaccination_history" LATEST ("vaccination_history")
  " UNION ALL SELECT " VACC_COLS ("c") SIMULATED ("vaccinations", "vaccination_history");

/* The columns the history keeps, in the order of the selects above. */
#define CASE_KEPT "unit_code, date, community, quarantine, unknown_source, deaths, recovered, tests, simulated, received_at"
#define VACC_KEPT "unit_code, date, pop_18, pop_65, dose1_18, full_18, full_65, doses_given, doses_allocated, " \
  "pop_12_17, pop_5_11, booster_18, dose1_65, booster_65, dose1_12_17, " \
  "dose2_12_17, booster_12_17, dose1_5_11, dose2_5_11, booster_5_11, simulated, received_at"

/* The daily table's own columns, whatever later migrations add (a column the history does not
 * keep yet reads NULL as of a past moment rather than failing the reader), keyed by date first
 * as the daily tables are (0009). */
#define SNAPSHOT(table) \
  "CREATE TEMP TABLE " table " AS SELECT * FROM main." table " WHERE 0; " \
  "CREATE UNIQUE INDEX temp." table "_as_of_key ON " table " (date, unit_code); "

static const char tables_sql[] = SNAPSHOT ("case_reports") SNAPSHOT ("vaccinations");

/* Filled once, then read-only: a write meant for the real tables must not land here. */
#define READ_ONLY(table, event) \
  "CREATE TEMP TRIGGER " table "_as_of_" event " BEFORE " event " ON temp." table " " \
  "BEGIN SELECT RAISE (ABORT, 'the numbers are shown as of a past moment'); END; "

static const char read_only_sql[] =
  READ_ONLY ("case_reports", "INSERT") READ_ONLY ("case_reports", "UPDATE") READ_ONLY ("case_reports", "DELETE")
  READ_ONLY ("vaccinations", "INSERT") READ_ONLY ("vaccinations", "UPDATE") READ_ONLY ("vaccinations", "DELETE");

static const char drop_sql[] =
  "DROP TABLE IF EXISTS temp.case_reports; DROP TABLE IF EXISTS temp.vaccinations";

static gboolean
fill (GbStore *self, const char *table, const char *kept, const char *select, const char *as_of,
      GError **error)
{
  char *sql = sqlite3_mprintf ("INSERT INTO temp.%s (%s) %s", table, kept, select);
  char *bound = sqlite3_mprintf (sql, as_of, as_of, as_of, as_of);
  gboolean ok = gb_store_exec (self, bound, error);

  sqlite3_free (bound);
  sqlite3_free (sql);
  return ok;
}

/**
 * gb_store_set_as_of:
 * @as_of: (nullable): a UTC moment as gb_date_parse_moment() returns it; %NULL: the latest
 *   numbers again
 *
 * Shows the daily numbers as they stood at @as_of to every reader of this store, until set
 * again. Level engines over this store must be invalidated after (gb_level_engine_invalidate()).
 */
gboolean
gb_store_set_as_of (GbStore     *self,
                    const char  *as_of,
                    GError     **error)
{
  g_autofree char *check = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  if (as_of != NULL && ((check = gb_date_format_moment (as_of)) == NULL))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("“%s” is not a moment (YYYY-MM-DDTHH:MM:SSZ)"), as_of);
      return FALSE;
    }
  if (!gb_store_exec (self, drop_sql, error))
    return FALSE;
  g_clear_pointer (&self->as_of, g_free);
  if (as_of == NULL)
    return TRUE;
  if (!gb_store_exec (self, tables_sql, error) ||
      !fill (self, "case_reports", CASE_KEPT, case_select, as_of, error) ||
      !fill (self, "vaccinations", VACC_KEPT, vacc_select, as_of, error) ||
      !gb_store_exec (self, read_only_sql, error))
    {
      gb_store_exec (self, drop_sql, NULL);
      return FALSE;
    }
  self->as_of = g_strdup (as_of);
  return TRUE;
}

/**
 * gb_store_get_as_of:
 *
 * Returns: (nullable): the moment the numbers are shown as of, or %NULL for the latest
 */
const char *
gb_store_get_as_of (GbStore *self)
{
  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  return self->as_of;
}

/* A write while the numbers are shown as of a past moment would meet the read-only tables: say why. */
gboolean
gb_store_check_writable_numbers (GbStore  *self,
                                 GError  **error)
{
  g_autofree char *when = NULL;

  if (self->as_of == NULL)
    return TRUE;
  when = gb_date_format_moment (self->as_of);
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
               _("The numbers are shown as of %s: go back to the latest numbers to enter new ones"), when);
  return FALSE;
}
