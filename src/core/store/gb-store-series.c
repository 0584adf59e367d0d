/* gb-store-series.c — daily case reports and vaccination
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-store-private.h"
#include "gb-store-review-private.h"

typedef gboolean (*WriteFunc) (GbStore *self, gconstpointer row, GError **error);

static gboolean
write_case_cb (GbStore *self, gconstpointer row, GError **error)
{
  return gb_store_write_case_report (self, row, error);
}

static gboolean
write_vacc_cb (GbStore *self, gconstpointer row, GError **error)
{
  return gb_store_write_vaccination (self, row, error);
}

/* Writes @held (nothing when empty) and the row, together; @write writes the row. */
static gboolean
keep_and_write (GbStore *self, const char *table, const char *unit_code, const char *date,
                GPtrArray *held, WriteFunc write,
                gconstpointer row, GError **error)
{
  if (held == NULL)
    return write (self, row, error);
  if (held->len == 0)
    return gb_store_review_keep (self, table, unit_code, date, held, error) && write (self, row, error);
  if (!gb_store_begin (self, error))
    return FALSE;
  if (!gb_store_review_keep (self, table, unit_code, date, held, error) || !write (self, row, error))
    {
      gb_store_rollback (self);
      return FALSE;
    }
  return gb_store_commit (self, error);
}

/**
 * gb_store_put_case_report:
 *
 * Inserts or revises one unit-day as received. Every value is kept with the time it was
 * received (the triggers of 0030-report-history.sql), so "as of" views stay reproducible. An
 * implausible value is held for review and the last confirmed one written instead
 * (gb-store-review.h).
 */
gboolean
gb_store_put_case_report (GbStore             *self,
                          const GbCaseReport  *r,
                          GError             **error)
{
  g_autoptr(GPtrArray) held = NULL;
  GbCaseReport use;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (r != NULL, FALSE);

  if (!gb_store_check_writable_numbers (self, error) ||
      !gb_store_review_judge_cases (self, r, &use, &held, error))
    {
      g_prefix_error (error, "%s, %s: ", r->unit_code, r->date);
      return FALSE;
    }
  return keep_and_write (self, "case_reports", r->unit_code, r->date, held,
                         write_case_cb, &use, error);
}

/* The row as it is, without the review: what gb_store_put_case_report() and a review decision
 * write. */
gboolean
gb_store_write_case_report (GbStore             *self,
                            const GbCaseReport  *r,
                            GError             **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  if (!gb_store_check_writable_numbers (self, error))
    return FALSE;
  now = gb_store_now_iso ();
  stmt = gb_store_prepare (self,
                                         "INSERT INTO case_reports (unit_code, date, community, quarantine, "
                                         "unknown_source, deaths, recovered, tests, simulated, received_at) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                                         "ON CONFLICT (unit_code, date) DO UPDATE SET "
                                         "community = excluded.community, quarantine = excluded.quarantine, "
                                         "unknown_source = excluded.unknown_source, deaths = excluded.deaths, "
                                         "recovered = excluded.recovered, tests = excluded.tests, "
                                         "simulated = excluded.simulated, received_at = excluded.received_at",
                                         error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, r->unit_code);
  gb_store_bind_text (stmt, 2, r->date);
  sqlite3_bind_int64 (stmt, 3, r->community);
  sqlite3_bind_int64 (stmt, 4, r->quarantine);
  sqlite3_bind_int64 (stmt, 5, r->unknown_source);
  gb_store_bind_count (stmt, 6, r->deaths);
  gb_store_bind_count (stmt, 7, r->recovered);
  gb_store_bind_count (stmt, 8, r->tests);
  sqlite3_bind_int (stmt, 9, r->simulated ? 1 : 0);
  gb_store_bind_text (stmt, 10, now);
  /* The message is made only on failure: this runs once a row of a national import. */
  if (!gb_store_step_done (self, stmt, "Could not save cases", error))
    {
      g_prefix_error (error, "%s, %s: ", r->unit_code, r->date);
      return FALSE;
    }
  return TRUE;
}

/* The count columns in gb_vaccination_fields() order. */
#define VACC_COUNT_COLUMNS \
  "pop_18, pop_65, dose1_18, full_18, full_65, doses_given, doses_allocated, pop_12_17, pop_5_11, " \
  "booster_18, dose1_65, booster_65, dose1_12_17, dose2_12_17, booster_12_17, dose1_5_11, dose2_5_11, " \
  "booster_5_11"

gboolean
gb_store_put_vaccination (GbStore              *self,
                          const GbVaccination  *v,
                          GError              **error)
{
  g_autoptr(GPtrArray) held = NULL;
  GbVaccination use;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (v != NULL, FALSE);

  if (!gb_store_check_writable_numbers (self, error) ||
      !gb_store_review_judge_vaccination (self, v, &use, &held, error))
    {
      g_prefix_error (error, "%s, %s: ", v->unit_code, v->date);
      return FALSE;
    }
  return keep_and_write (self, "vaccinations", v->unit_code, v->date, held,
                         write_vacc_cb, &use, error);
}

gboolean
gb_store_write_vaccination (GbStore              *self,
                            const GbVaccination  *v,
                            GError              **error)
{
  g_autofree char *now = NULL;
  const GbVaccinationField *fields = gb_vaccination_fields ();
  guint n_fields = GB_VACCINATION_N_FIELDS;
  sqlite3_stmt *stmt;

  if (!gb_store_check_writable_numbers (self, error))
    return FALSE;
  now = gb_store_now_iso ();
  stmt = gb_store_prepare (self,
                                         "INSERT INTO vaccinations (unit_code, date, " VACC_COUNT_COLUMNS ", "
                                         "simulated, received_at) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                                         "?16, ?17, ?18, ?19, ?20, ?21, ?22) "
                                         "ON CONFLICT (unit_code, date) DO UPDATE SET "
                                         "pop_18 = excluded.pop_18, pop_65 = excluded.pop_65, "
                                         "dose1_18 = excluded.dose1_18, full_18 = excluded.full_18, "
                                         "full_65 = excluded.full_65, doses_given = excluded.doses_given, "
                                         "doses_allocated = excluded.doses_allocated, "
                                         "pop_12_17 = excluded.pop_12_17, pop_5_11 = excluded.pop_5_11, "
                                         "booster_18 = excluded.booster_18, dose1_65 = excluded.dose1_65, "
                                         "booster_65 = excluded.booster_65, dose1_12_17 = excluded.dose1_12_17, "
                                         "dose2_12_17 = excluded.dose2_12_17, booster_12_17 = excluded.booster_12_17, "
                                         "dose1_5_11 = excluded.dose1_5_11, dose2_5_11 = excluded.dose2_5_11, "
                                         "booster_5_11 = excluded.booster_5_11, "
                                         "simulated = excluded.simulated, received_at = excluded.received_at",
                                         NULL);
  /* A store opened at a version before the groups' columns (0020), as tests of upgrades do:
   * the first columns only. */
  if (stmt == NULL)
    {
      n_fields = 7;
      stmt = gb_store_prepare (self,
                               "INSERT INTO vaccinations (unit_code, date, pop_18, pop_65, dose1_18, "
                               "full_18, full_65, doses_given, doses_allocated, simulated, received_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                               "ON CONFLICT (unit_code, date) DO UPDATE SET "
                               "pop_18 = excluded.pop_18, pop_65 = excluded.pop_65, "
                               "dose1_18 = excluded.dose1_18, full_18 = excluded.full_18, "
                               "full_65 = excluded.full_65, doses_given = excluded.doses_given, "
                               "doses_allocated = excluded.doses_allocated, "
                               "simulated = excluded.simulated, received_at = excluded.received_at", error);
    }
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, v->unit_code);
  gb_store_bind_text (stmt, 2, v->date);
  for (guint i = 0; i < n_fields; i++)
    gb_store_bind_count (stmt, 3 + i, G_STRUCT_MEMBER (gint64, v, fields[i].offset));
  sqlite3_bind_int (stmt, 3 + n_fields, v->simulated ? 1 : 0);
  gb_store_bind_text (stmt, 4 + n_fields, now);
  /* The message is made only on failure: this runs once a row of a national import. */
  if (!gb_store_step_done (self, stmt, "Could not save vaccination", error))
    {
      g_prefix_error (error, "%s, %s: ", v->unit_code, v->date);
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_store_get_case_reports:
 * @from: (nullable): first date, inclusive
 * @to: (nullable): last date, inclusive
 *
 * Returns: (transfer full) (element-type GbCaseReport): the unit's own reports, by date
 */
GArray *
gb_store_get_case_reports (GbStore     *self,
                           const char  *unit_code,
                           const char  *from,
                           const char  *to,
                           GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "WITH RECURSIVE " GB_DATE_WALK ("case_reports", "?2", "?3")
                                         "SELECT c.date, community, quarantine, unknown_source, deaths, recovered, "
                                         "tests, simulated FROM walk JOIN case_reports c ON c.date = walk.date "
                                         "AND c.unit_code = ?1 WHERE walk.date <= coalesce (?3, '9999-12-31') "
                                         "ORDER BY c.date", error);
  GArray *out;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, unit_code);
  gb_store_bind_text (stmt, 2, from);
  gb_store_bind_text (stmt, 3, to);
  out = g_array_new (FALSE, FALSE, sizeof (GbCaseReport));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbCaseReport r;

      gb_case_report_init (&r);
      g_strlcpy (r.unit_code, unit_code, sizeof r.unit_code);
      g_strlcpy (r.date, (const char *) sqlite3_column_text (stmt, 0), sizeof r.date);
      r.community = sqlite3_column_int64 (stmt, 1);
      r.quarantine = sqlite3_column_int64 (stmt, 2);
      r.unknown_source = sqlite3_column_int64 (stmt, 3);
      r.deaths = gb_store_column_count (stmt, 4);
      r.recovered = gb_store_column_count (stmt, 5);
      r.tests = gb_store_column_count (stmt, 6);
      r.simulated = sqlite3_column_int (stmt, 7);
      g_array_append_val (out, r);
    }
  if (!gb_store_rows_done (self, stmt, rc, "Could not read the case reports", error))
    g_clear_pointer (&out, g_array_unref);
  return out;
}

GArray *
gb_store_get_vaccinations (GbStore     *self,
                           const char  *unit_code,
                           const char  *from,
                           const char  *to,
                           GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "WITH RECURSIVE " GB_DATE_WALK ("vaccinations", "?2", "?3")
                                         "SELECT v.date, " VACC_COUNT_COLUMNS ", simulated FROM walk JOIN vaccinations v ON v.date = walk.date "
                                         "AND v.unit_code = ?1 WHERE walk.date <= coalesce (?3, '9999-12-31') "
                                         "ORDER BY v.date", error);
  const GbVaccinationField *fields = gb_vaccination_fields ();
  GArray *out;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, unit_code);
  gb_store_bind_text (stmt, 2, from);
  gb_store_bind_text (stmt, 3, to);
  out = g_array_new (FALSE, FALSE, sizeof (GbVaccination));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbVaccination v;

      gb_vaccination_init (&v);
      g_strlcpy (v.unit_code, unit_code, sizeof v.unit_code);
      g_strlcpy (v.date, (const char *) sqlite3_column_text (stmt, 0), sizeof v.date);
      for (guint i = 0; i < GB_VACCINATION_N_FIELDS; i++)
        G_STRUCT_MEMBER (gint64, &v, fields[i].offset) = gb_store_column_count (stmt, 1 + i);
      v.simulated = sqlite3_column_int (stmt, 1 + GB_VACCINATION_N_FIELDS);
      g_array_append_val (out, v);
    }
  if (!gb_store_rows_done (self, stmt, rc, "Could not read the vaccinations", error))
    g_clear_pointer (&out, g_array_unref);
  return out;
}

static const char has_cases_sql[] =
  "WITH RECURSIVE " GB_DATE_WALK ("case_reports", "NULL", "NULL")
  "SELECT EXISTS (SELECT 1 FROM walk JOIN case_reports c ON c.date = walk.date AND c.unit_code = ?1)";
static const char has_vaccs_sql[] =
  "WITH RECURSIVE " GB_DATE_WALK ("vaccinations", "NULL", "NULL")
  "SELECT EXISTS (SELECT 1 FROM walk JOIN vaccinations v ON v.date = walk.date AND v.unit_code = ?1)";

/* Whether @unit_code has rows of its own in @table ("case_reports" or "vaccinations"): a
 * province's official series does, a district summed from its communes does not. */
gboolean
gb_store_unit_has_daily_rows (GbStore    *self,
                              const char *table,
                              const char *unit_code)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, strcmp (table, "vaccinations") == 0 ? has_vaccs_sql : has_cases_sql,
                                         NULL);
  gboolean has = FALSE;

  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, unit_code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    has = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return has;
}

/**
 * gb_store_get_date_range:
 *
 * The first and last dates with case reports; %FALSE when there are none.
 */
gboolean
gb_store_get_date_range (GbStore  *self,
                         char    **first,
                         char    **last)
{
  /* Each in its own subquery: SQLite reads a lone min() or max() off the primary key's first
   * row, but both in one SELECT scanned all 7.4 million rows of the national set (2.5 s). */
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT (SELECT min(date) FROM case_reports), "
                                         "(SELECT max(date) FROM case_reports)", NULL);
  gboolean ok = FALSE;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      *first = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *last = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      ok = TRUE;
    }
  sqlite3_reset (stmt);
  return ok;
}
