/* gb-store-charts.c — a unit's whole case and vaccination series, ready to draw
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sums, the 7-day average and the running total are computed by SQLite with window
 * functions; this file only spreads the rows over one array slot a day, so drawing is
 * arithmetic on flat arrays.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gb-chart-scale.h"
#include "gb-date.h"
#include "gb-error.h"
#include "gb-store-charts.h"
#include "gb-store-private.h"
#include "gb-store-reporting.h"
#include "gb-store-units-history.h"

#define COL_TEXT(s, i) ((const char *) sqlite3_column_text ((s), (i)))

/* The unit and every unit under it, each over the days it is under it ([d_from, d_to): a
 * unit's parent is its units row's before its first version, each version's until the next,
 * GB_UNIT_VERSION_SPANS): a district merged by hand hands its communes to the successor from
 * the merge on, and has them before it. The communes among them are those of level 3. Children
 * are found by the indexes on parent_code of units and of versions (migration 0183). A unit's
 * own life (valid_from, valid_to) is not applied: a merged commune's reports under its old
 * code still count where it was. */
#define SUBTREE \
  "WITH RECURSIVE sub (code, level, d_from, d_to) AS (" \
  "  SELECT code, level, '0000-00-00', '9999-12-31' FROM units WHERE code = ?1" \
  "  UNION ALL SELECT u.code, u.level, sub.d_from, " \
  "    min (sub.d_to, coalesce ((SELECT min (v.valid_from) FROM unit_versions v WHERE v.code = u.code), " \
  "                             '9999-12-31')) " \
  "  FROM units u JOIN sub ON u.parent_code = sub.code WHERE sub.level < 3" \
  "  UNION ALL SELECT s.code, s.level, max (s.d_from, sub.d_from), min (s.d_to, sub.d_to) " \
  "  FROM (" GB_UNIT_VERSION_SPANS ") s JOIN sub ON s.parent = sub.code WHERE sub.level < 3) "

/* A unit's own rows when it has them (a province's official series), else its communes' sum.
 * Both are read date by date (the daily tables are keyed by date first, see GB_DATE_WALK). */
#define CASES_TAIL \
  "SELECT date, c, q," \
  "  CASE WHEN count (*) OVER w7 = 7 THEN sum (c + q) OVER w7 / 7.0 END," \
  "  sum (c + q) OVER (ORDER BY jd ROWS UNBOUNDED PRECEDING)," \
  "  sim " \
  "FROM daily WINDOW w7 AS (ORDER BY jd RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) " \
  "ORDER BY jd"

static const char cases_own_sql[] =
  "WITH RECURSIVE " GB_DATE_WALK ("case_reports", "NULL", "NULL") ", "
  "daily AS ("
  "  SELECT c.date, julianday (c.date) AS jd, community AS c, quarantine AS q, simulated AS sim"
  "  FROM walk JOIN case_reports c ON c.date = walk.date AND c.unit_code = ?1) "
  CASES_TAIL;

/* A sum reads, date by date, the span of unit codes its communes lie in (codes are given in
 * order within a province and a district, so the span holds little else), keeping only its
 * communes: at national size (7.2 million rows) a province's chart reads about 130,000 rows
 * instead of scanning them all (0.05 s instead of 0.8 s). A commune under the unit on every
 * day of the table is kept by its code alone; one under it for some days only (a district
 * merged by hand) on those days. */
/* A commune under the unit over every day @table has rows for. */
#define WHOLE(table) \
  "d_from <= (SELECT min (date) FROM " table ") AND d_to > (SELECT max (date) FROM " table ")"
#define COMMUNES_BY_DATE(table, alias) \
  "FROM walk JOIN " table " " alias " ON " alias ".date = walk.date" \
  "  AND " alias ".unit_code BETWEEN (SELECT min (code) FROM communes) AND (SELECT max (code) FROM communes) " \
  "WHERE " alias ".unit_code IN (SELECT code FROM communes WHERE " WHOLE (table) ") " \
  "  OR (" alias ".unit_code IN (SELECT code FROM communes WHERE NOT (" WHOLE (table) ")) " \
  "      AND EXISTS (SELECT 1 FROM communes m WHERE m.code = " alias ".unit_code AND m.d_from <= " alias ".date " \
  "                  AND " alias ".date < m.d_to)) "

static const char cases_sum_sql[] =
  SUBTREE ", " GB_DATE_WALK ("case_reports", "NULL", "NULL") ", "
  "communes AS MATERIALIZED (SELECT code, d_from, d_to FROM sub WHERE level = 3), "
  "daily AS ("
  "  SELECT c.date, julianday (c.date) AS jd, sum (community) AS c, sum (quarantine) AS q, max (simulated) AS sim "
  COMMUNES_BY_DATE ("case_reports", "c")
  "  GROUP BY c.date) "
  CASES_TAIL;

/* The vaccination columns a chart reads: the groups' populations (in #GbAgeGroup order), their
 * doses (group by group, in #GbDose order), the doses given. */
#define VACC_N_VALUES (GB_N_AGE_GROUPS + GB_N_AGE_GROUPS * GB_N_DOSES + 1)
#define VACC_COLUMNS(F) \
  F (pop_18) ", " F (pop_65) ", " F (pop_12_17) ", " F (pop_5_11) ", " \
  F (dose1_18) ", " F (full_18) ", " F (booster_18) ", " F (dose1_65) ", " F (full_65) ", " F (booster_65) ", " \
  F (dose1_12_17) ", " F (dose2_12_17) ", " F (booster_12_17) ", " \
  F (dose1_5_11) ", " F (dose2_5_11) ", " F (booster_5_11) ", " F (doses_given)
#define VACC_OWN(c) #c
#define VACC_SUM(c) "sum (" #c ")"

static const char vacc_own_sql[] =
  "WITH RECURSIVE " GB_DATE_WALK ("vaccinations", "NULL", "NULL")
  "SELECT v.date, " VACC_COLUMNS (VACC_OWN) ", simulated "
  "FROM walk JOIN vaccinations v ON v.date = walk.date AND v.unit_code = ?1 "
  "ORDER BY v.date";

static const char vacc_sum_sql[] =
  SUBTREE ", " GB_DATE_WALK ("vaccinations", "NULL", "NULL") ", "
  "communes AS MATERIALIZED (SELECT code, d_from, d_to FROM sub WHERE level = 3) "
  "SELECT v.date, " VACC_COLUMNS (VACC_SUM) ", max (simulated) "
  COMMUNES_BY_DATE ("vaccinations", "v")
  "GROUP BY v.date ORDER BY v.date";

/* The unit's own population, else the sum of the communes under it now. */
static const char population_sql[] =
  SUBTREE
  "SELECT coalesce ((SELECT nullif (population, 0) FROM units WHERE code = ?1),"
  "                 (SELECT sum (population) FROM units WHERE code IN "
  "                  (SELECT code FROM sub WHERE level = 3 AND d_to = '9999-12-31')))";

void
gb_chart_data_free (GbChartData *data)
{
  if (data == NULL)
    return;
  g_free (data->unit_code);
  g_free (data->unit_name);
  g_free (data->community);
  g_free (data->quarantine);
  g_free (data->avg7);
  g_free (data->cumulative);
  for (guint g = 0; g < GB_N_AGE_GROUPS; g++)
    for (guint d = 0; d < GB_N_DOSES; d++)
      g_free (data->shares[g][d]);
  g_free (data->incomplete);
  g_free (data->doses);
  g_free (data);
}

static double *
nan_array (guint n)
{
  double *a = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    a[i] = NAN;
  return a;
}

static double
column_or_nan (sqlite3_stmt *stmt,
               int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, col);
}

typedef struct
{
  guint32 day;
  double  v[VACC_N_VALUES];
  gboolean sim;
} Row;

/* Runs @stmt, keeping each row's day and @n_values doubles from column 1 on. */
static GArray *
collect_rows (GbStore      *self,
              sqlite3_stmt *stmt,
              guint         n_values,
              int           sim_col,
              GError      **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row r = { 0 };

      r.day = gb_day_from_iso (COL_TEXT (stmt, 0));
      if (r.day == 0)
        continue;
      for (guint i = 0; i < n_values; i++)
        r.v[i] = column_or_nan (stmt, 1 + i);
      r.sim = sqlite3_column_int (stmt, sim_col) != 0;
      g_array_append_val (rows, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, _("Could not read the series for the chart"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Whether whole units merged into @code: its chart goes on with their series before the merge
 * (gb-store-units-carried.c), as its level and its map do. */
static gboolean
has_whole_predecessors (GbStore    *self,
                        const char *code)
{
  g_autoptr(GPtrArray) list = gb_store_list_successions (self, code, NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const GbSuccession *s = list->pdata[i];

      if (!s->partial && strcmp (s->successor, code) == 0 && strcmp (s->predecessor, code) != 0)
        return TRUE;
    }
  return FALSE;
}

static double
count_or_nan (gint64 value)
{
  return value < 0 ? NAN : (double) value;
}

/* The carried case series as cases_own_sql's rows: the 7-day average where the 7 days up to a
 * day all have a row, the running total. */
static GArray *
carried_case_rows (GbStore     *self,
                   const char  *code,
                   GError     **error)
{
  g_autoptr(GArray) reports = gb_store_get_case_reports_carried (self, code, NULL, NULL, error);
  g_autoptr(GArray) rows = NULL;
  double total = 0;

  if (reports == NULL)
    return NULL;
  rows = g_array_new (FALSE, TRUE, sizeof (Row));
  for (guint i = 0; i < reports->len; i++)
    {
      const GbCaseReport *r = &g_array_index (reports, GbCaseReport, i);
      Row row = { 0 };

      if ((row.day = gb_day_from_iso (r->date)) == 0)
        continue;
      row.v[0] = r->community;
      row.v[1] = r->quarantine;
      row.v[3] = total += r->community + r->quarantine;
      row.sim = r->simulated;
      g_array_append_val (rows, row);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      double sum = 0;
      guint n = 0;

      for (guint j = i + 1; j-- > 0 && g_array_index (rows, Row, j).day + 6 >= row->day;)
        {
          sum += g_array_index (rows, Row, j).v[0] + g_array_index (rows, Row, j).v[1];
          n++;
        }
      row->v[2] = n == 7 ? sum / 7.0 : NAN;
    }
  return g_steal_pointer (&rows);
}

/* The carried vaccination as vacc_own_sql's rows (VACC_COLUMNS). */
static GArray *
carried_vacc_rows (GbStore     *self,
                   const char  *code,
                   GError     **error)
{
  g_autoptr(GArray) vaccs = gb_store_get_vaccinations_carried (self, code, NULL, NULL, error);
  g_autoptr(GArray) rows = NULL;

  if (vaccs == NULL)
    return NULL;
  rows = g_array_new (FALSE, TRUE, sizeof (Row));
  for (guint i = 0; i < vaccs->len; i++)
    {
      GbVaccination v = g_array_index (vaccs, GbVaccination, i);
      Row row = { 0 };

      if ((row.day = gb_day_from_iso (v.date)) == 0)
        continue;
      for (guint g = 0; g < GB_N_AGE_GROUPS; g++)
        {
          row.v[g] = count_or_nan (*gb_vaccination_count (&v, g, -1));
          for (guint d = 0; d < GB_N_DOSES; d++)
            row.v[GB_N_AGE_GROUPS + g * GB_N_DOSES + d] = count_or_nan (*gb_vaccination_count (&v, g, d));
        }
      row.v[VACC_N_VALUES - 1] = count_or_nan (v.doses_given);
      row.sim = v.simulated;
      g_array_append_val (rows, row);
    }
  return g_steal_pointer (&rows);
}

static gboolean
load_incomplete (GbStore *self, GbChartData *data, GError **error)
{
  g_autoptr(GArray) days = NULL;
  g_autofree char *last = gb_reporting_last_day (self);
  g_autofree char *from = NULL;
  GbReportingRule rule;

  gb_reporting_get_rule (self, &rule);
  if (last == NULL || rule.window == 0)
    return TRUE;
  from = gb_date_add_days (last, 1 - (int) rule.window);
  if ((days = gb_reporting_get_days (self, data->unit_code, from, last, error)) == NULL)
    return FALSE;
  data->incomplete = g_new0 (guint32, MAX (days->len, 1));
  for (guint i = 0; i < days->len; i++)
    if (g_array_index (days, GbReportingDay, i).incomplete)
      data->incomplete[data->n_incomplete++] = gb_day_from_iso (g_array_index (days, GbReportingDay, i).date);
  return TRUE;
}

GbChartData *
gb_store_load_chart_data (GbStore     *self,
                          const char  *unit_code,
                          GError     **error)
{
  g_autoptr(GbChartData) data = g_new0 (GbChartData, 1);
  g_autoptr(GbUnit) unit = NULL;
  g_autoptr(GArray) rows = NULL;
  sqlite3_stmt *stmt;
  gboolean own, carried;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if (unit_code == NULL || (unit = gb_store_get_unit (self, unit_code, NULL)) == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("Unknown unit “%s”"), unit_code ? unit_code : "");
      return NULL;
    }
  data->unit_code = g_strdup (unit->code);
  data->unit_name = g_strdup (unit->name);

  if ((stmt = gb_store_prepare (self, population_sql, error)) == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, unit_code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    data->population = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  /* A commune that communes merged into: its series are its own and theirs before the merge,
   * its people those of its latest version (a grown unit's sum). A district or province goes
   * on summing its communes. */
  carried = unit->level == GB_UNIT_LEVEL_COMMUNE && has_whole_predecessors (self, unit_code);
  if (carried)
    {
      g_autofree char *last = gb_reporting_last_day (self);
      g_autoptr(GbUnit) latest = last ? gb_store_get_unit_on (self, unit_code, last, NULL) : NULL;

      if (latest != NULL && latest->population > 0)
        data->population = latest->population;
    }

  /* Cases */
  own = carried || gb_store_unit_has_daily_rows (self, "case_reports", unit_code);
  if (carried)
    rows = carried_case_rows (self, unit_code, error);
  else if ((stmt = gb_store_prepare (self, own ? cases_own_sql : cases_sum_sql, error)) != NULL)
    {
      gb_store_bind_text (stmt, 1, unit_code);
      rows = collect_rows (self, stmt, 4, 5, error);
    }
  if (rows == NULL)
    return NULL;
  if (rows->len > 0)
    {
      Row *first = &g_array_index (rows, Row, 0), *last = &g_array_index (rows, Row, rows->len - 1);

      data->first_day = first->day;
      data->n_days = last->day - first->day + 1;
    }
  data->community = nan_array (data->n_days);
  data->quarantine = nan_array (data->n_days);
  data->avg7 = nan_array (data->n_days);
  data->cumulative = nan_array (data->n_days);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *r = &g_array_index (rows, Row, i);
      guint at = r->day - data->first_day;

      data->community[at] = r->v[0];
      data->quarantine[at] = r->v[1];
      data->avg7[at] = r->v[2];
      data->cumulative[at] = r->v[3];
      data->cases_simulated |= r->sim;
    }
  data->aggregated = !own && rows->len > 0;
  g_clear_pointer (&rows, g_array_unref);

  /* Vaccination */
  own = carried || gb_store_unit_has_daily_rows (self, "vaccinations", unit_code);
  if (carried)
    rows = carried_vacc_rows (self, unit_code, error);
  else if ((stmt = gb_store_prepare (self, own ? vacc_own_sql : vacc_sum_sql, error)) != NULL)
    {
      gb_store_bind_text (stmt, 1, unit_code);
      rows = collect_rows (self, stmt, VACC_N_VALUES, 1 + VACC_N_VALUES, error);
    }
  if (rows == NULL)
    return NULL;
  if (rows->len > 0)
    {
      data->vacc_first_day = g_array_index (rows, Row, 0).day;
      data->vacc_n_days = g_array_index (rows, Row, rows->len - 1).day - data->vacc_first_day + 1;
    }
  for (guint g = 0; g < GB_N_AGE_GROUPS; g++)
    for (guint d = 0; d < GB_N_DOSES; d++)
      data->shares[g][d] = nan_array (data->vacc_n_days);
  data->dose1_18 = data->shares[GB_AGE_18][GB_DOSE_1];
  data->full_18 = data->shares[GB_AGE_18][GB_DOSE_2];
  data->full_65 = data->shares[GB_AGE_65][GB_DOSE_2];
  data->doses = nan_array (data->vacc_n_days);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *r = &g_array_index (rows, Row, i);
      guint at = r->day - data->vacc_first_day;

      /* A share needs its denominator: without it the day stays a gap. */
      for (guint g = 0; g < GB_N_AGE_GROUPS; g++)
        if (r->v[g] > 0)
          for (guint d = 0; d < GB_N_DOSES; d++)
            data->shares[g][d][at] = r->v[GB_N_AGE_GROUPS + g * GB_N_DOSES + d] / r->v[g];
      data->doses[at] = r->v[VACC_N_VALUES - 1];
      data->vacc_simulated |= r->sim;
    }
  return load_incomplete (self, data, error) ? g_steal_pointer (&data) : NULL;
}

void
gb_chart_marker_free (GbChartMarker *marker)
{
  if (marker == NULL)
    return;
  g_free (marker->number);
  g_free (marker->title);
  g_free (marker);
}

GPtrArray *
gb_store_load_chart_markers (GbStore  *self,
                             GError  **error)
{
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_chart_marker_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  stmt = gb_store_prepare (self, "SELECT date, number, kind, subject FROM documents "
                           "WHERE date IS NOT NULL ORDER BY date, number", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbChartMarker *m;
      guint32 day = gb_day_from_iso (COL_TEXT (stmt, 0));
      const char *kind = COL_TEXT (stmt, 2), *subject = COL_TEXT (stmt, 3);

      if (day == 0)
        continue;
      m = g_new0 (GbChartMarker, 1);
      m->day = day;
      m->number = g_strdup (COL_TEXT (stmt, 1) ? COL_TEXT (stmt, 1) : "");
      if (kind && subject)
        m->title = g_strdup_printf ("%s %s: %s", kind, m->number, subject);
      else
        m->title = g_strdup (subject ? subject : kind ? kind : m->number);
      g_ptr_array_add (markers, m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, _("Could not read the documents"));
      return NULL;
    }
  return g_steal_pointer (&markers);
}
