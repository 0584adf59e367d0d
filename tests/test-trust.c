/* test-trust.c — numbers you can trust: values as received and "as of" reproducibility
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-level-engine.h"
#include "gb-store-levels.h"
#include "gb-store-private.h"
#include "gb-store-reporting.h"
#include "gb-test-util.h"

static gint64
count (GbStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (gb_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The moment now, strictly after every write before it (received_at has microseconds). */
static char *
moment_now (void)
{
  g_autoptr(GDateTime) now = NULL;

  g_usleep (2000);
  now = g_date_time_new_now_utc ();
  g_usleep (2000);
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static char *
levels_csv (GbStore *store, const char *date)
{
  g_autoptr(GbLevelEngine) engine = gb_level_engine_new (store);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = gb_level_engine_compute (engine, date, GB_UNIT_LEVEL_ANY, &error);
  g_assert_no_error (error);
  return gb_level_results_to_csv (results, NULL, FALSE);
}

/* Typed moments: local minutes (the end of the minute), stored UTC times, nothing else. */
static void
test_moment_parse (void)
{
  const char *bad[] = { "", "2021-09-20", "2021-09-20 24:00", "2021-09-20 12:60", "2021-02-30 10:00",
                        "2021-09-20 10:00 x", "2021-09-20T10:00:00", "hôm qua", NULL };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *back = NULL;

  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  a = gb_date_parse_moment ("2021-09-20 14:30");
  g_assert_cmpstr (a, ==, "2021-09-20T07:30:59.999999Z");
  b = gb_date_parse_moment (" 20/09/2021 00:00 ");
  g_assert_cmpstr (b, ==, "2021-09-19T17:00:59.999999Z");
  c = gb_date_parse_moment ("2021-09-20T07:30:00.123456Z");
  g_assert_cmpstr (c, ==, "2021-09-20T07:30:00.123456Z");
  back = gb_date_format_moment (a);
  g_assert_cmpstr (back, ==, "2021-09-20 14:30");
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *m = gb_date_parse_moment (bad[i]);

      g_assert_null (m);
    }
  g_assert_null (gb_date_parse_moment (NULL));
  g_assert_null (gb_date_format_moment ("2021-09-20"));
}

/* Every write is a revision; as of a moment the numbers are those received by then. */
static void
test_revisions (void)
{
  g_autoptr(GbStore) store = gb_test_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) then = NULL;
  g_autoptr(GArray) now = NULL;
  g_autofree char *t0 = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;

  gb_test_put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, 100000);
  t0 = moment_now ();
  g_assert_true (gb_test_put_cases (store, "01", "2021-09-01", 5, 0, &error));
  g_assert_true (gb_test_put_cases (store, "01", "2021-09-02", 7, 0, &error));
  t1 = moment_now ();
  g_assert_true (gb_test_put_cases (store, "01", "2021-09-01", 50, 0, &error));
  g_assert_true (gb_test_put_cases (store, "01", "2021-09-01", 50, 0, &error));   /* the same again: no revision */
  g_assert_true (gb_store_exec (store, "DELETE FROM case_reports WHERE date = '2021-09-02'", &error));
  t2 = moment_now ();
  g_assert_cmpint (count (store, "SELECT count(*) FROM case_report_history"), ==, 4);
  g_assert_cmpint (count (store, "SELECT count(*) FROM case_report_history WHERE removed"), ==, 1);

  g_assert_true (gb_store_set_as_of (store, t0, &error));
  then = gb_store_get_case_reports (store, "01", NULL, NULL, &error);
  g_assert_cmpuint (then->len, ==, 0);
  g_clear_pointer (&then, g_array_unref);
  g_assert_true (gb_store_set_as_of (store, t1, &error));
  g_assert_cmpstr (gb_store_get_as_of (store), ==, t1);
  then = gb_store_get_case_reports (store, "01", NULL, NULL, &error);
  g_assert_cmpuint (then->len, ==, 2);
  g_assert_cmpint (g_array_index (then, GbCaseReport, 0).community, ==, 5);
  g_assert_cmpint (g_array_index (then, GbCaseReport, 1).community, ==, 7);

  /* No write meets the past. */
  g_assert_false (gb_test_put_cases (store, "01", "2021-09-03", 1, 0, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (gb_store_set_as_of (store, "yesterday", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_cmpstr (gb_store_get_as_of (store), ==, t1);

  g_assert_true (gb_store_set_as_of (store, t2, &error));
  now = gb_store_get_case_reports (store, "01", NULL, NULL, &error);
  g_assert_cmpuint (now->len, ==, 1);
  g_assert_cmpint (g_array_index (now, GbCaseReport, 0).community, ==, 50);
  g_assert_true (gb_store_set_as_of (store, NULL, &error));
  g_assert_null (gb_store_get_as_of (store));
  g_assert_true (gb_test_put_cases (store, "01", "2021-09-03", 1, 0, &error));
}

/* A column a later migration adds to a daily table (a fourth dose, say) is there as of a
 * past moment too, empty until the history keeps it: its readers work in both views. */
static void
test_as_of_new_columns (void)
{
  g_autoptr(GbStore) store = gb_test_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *t = NULL;

  gb_test_put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, 100000);
  g_assert_true (gb_test_put_cases (store, "01", "2021-09-01", 5, 0, &error));
  g_assert_true (gb_store_exec (store, "ALTER TABLE vaccinations ADD COLUMN dose4_18 INTEGER", &error));
  t = moment_now ();
  g_assert_true (gb_store_set_as_of (store, t, &error));
  g_assert_cmpint (count (store, "SELECT count (dose4_18) FROM vaccinations"), ==, 0);
  g_assert_cmpint (count (store, "SELECT count (*) FROM case_reports WHERE date = '2021-09-01'"), ==, 1);
  /* Read-only: a write meant for the real table does not land in the moment's copy. */
  g_assert_false (gb_store_exec (store, "DELETE FROM case_reports", &error));
  g_clear_error (&error);
  g_assert_true (gb_store_set_as_of (store, NULL, &error));
  g_assert_cmpint (count (store, "SELECT count (*) FROM case_reports"), ==, 1);
}

/* The test: a level computed as of T is the same after a later revision; a level
 * declared while the numbers were shown as of T keeps T. */
static void
test_level_reproducible (void)
{
  g_autoptr(GbStore) store = gb_test_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *t = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *uid = NULL;

  gb_test_put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, 200000);
  gb_test_put_unit (store, "001", GB_UNIT_LEVEL_DISTRICT, "01", 200000);
  gb_test_put_unit (store, "00001", GB_UNIT_LEVEL_COMMUNE, "001", 100000);
  gb_test_put_unit (store, "00002", GB_UNIT_LEVEL_COMMUNE, "001", 100000);
  for (int d = 1; d <= 7; d++)
    {
      g_autofree char *date = g_strdup_printf ("2021-11-%02d", d);

      g_assert_true (gb_test_put_cases (store, "00001", date, 2, 0, &error));
      g_assert_true (gb_test_put_cases (store, "00002", date, 0, 0, &error));
    }
  t = moment_now ();
  g_assert_true (gb_store_set_as_of (store, t, &error));
  before = levels_csv (store, "2021-11-07");
  uid = gb_store_add_level_override (store, "00001", "2021-11-08", NULL, GB_LEVEL_2, "Theo số liệu", "BCĐ", &error);
  g_assert_no_error (error);
  g_assert_true (gb_store_set_as_of (store, NULL, &error));

  /* A late report raises the week from 14 to 32 cases per 100,000 (20 is ten times the
   * commune's median: plausible, not held for review). */
  g_assert_true (gb_test_put_cases (store, "00001", "2021-11-06", 20, 0, &error));
  latest = levels_csv (store, "2021-11-07");
  g_assert_cmpstr (latest, !=, before);
  g_assert_true (gb_store_set_as_of (store, t, &error));
  after = levels_csv (store, "2021-11-07");
  g_assert_cmpstr (after, ==, before);

  history = gb_store_levels_list_override_history (store, "00001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((GbOverrideRecord *) history->pdata[0])->data_as_of, ==, t);
}

/* giaoban-cli levels --as-of, and a moment it cannot read. */
static void
test_cli_as_of (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = gb_test_store_new (&path);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *typed = NULL;
  g_autoptr(GDateTime) local = NULL;
  int status;

  gb_test_put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, 100000);
  g_assert_true (gb_test_put_cases (store, "01", "2021-11-01", 3, 0, &error));
  /* A minute later than now, the revision made now is in; an hour before, nothing is. */
  local = g_date_time_new_now_local ();
  {
    g_autoptr(GDateTime) earlier = g_date_time_add_hours (local, -1);

    typed = g_date_time_format (earlier, "%Y-%m-%d %H:%M");
  }
  status = gb_test_run_cli (path, &out, &err, "levels", "--date", "2021-11-01", "--level", "province",
                            "--json", "--as-of", typed, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "\"as_of\""));
  g_assert_nonnull (strstr (out, "\"community_cases_7d\" : 0"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = gb_test_run_cli (path, &out, &err, "levels", "--date", "2021-11-01", "--level", "province",
                            "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (out, "\"as_of\""));
  g_assert_nonnull (strstr (out, "\"community_cases_7d\" : 3"));
  status = gb_test_run_cli (path, &out2, &err2, "levels", "--as-of", "2021-13-01 10:00", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err2, "--as-of"));
}


/* The rule at its edges: exactly the share is complete, the window counts back from the last
 * day of data, no commune expected is never incomplete. */
static void
test_incomplete_edges (void)
{
  GbReportingRule rule = { 80, 3 };
  GbReportingRule none = { 80, 0 };
  GbReportingRule all = { 100, 1 };

  g_assert_false (gb_reporting_day_incomplete (&rule, "2021-09-10", "2021-09-10", 8, 10));
  g_assert_true (gb_reporting_day_incomplete (&rule, "2021-09-10", "2021-09-10", 7, 10));
  g_assert_true (gb_reporting_day_incomplete (&rule, "2021-09-10", "2021-09-10", 79, 99));   /* 79.8 % */
  g_assert_false (gb_reporting_day_incomplete (&rule, "2021-09-10", "2021-09-10", 80, 100));
  g_assert_false (gb_reporting_day_incomplete (&rule, "2021-09-10", "2021-09-10", 0, 0));
  /* The window: the last day and the two before it, across a month's end. */
  g_assert_true (gb_reporting_day_incomplete (&rule, "2021-09-29", "2021-10-01", 0, 10));
  g_assert_false (gb_reporting_day_incomplete (&rule, "2021-09-28", "2021-10-01", 0, 10));
  g_assert_false (gb_reporting_day_incomplete (&rule, "2021-10-02", "2021-10-01", 0, 10));
  g_assert_false (gb_reporting_day_incomplete (&none, "2021-10-01", "2021-10-01", 0, 10));
  g_assert_true (gb_reporting_day_incomplete (&all, "2021-10-01", "2021-10-01", 9, 10));
  g_assert_false (gb_reporting_day_incomplete (&all, "2021-09-30", "2021-10-01", 9, 10));
  g_assert_false (gb_reporting_day_incomplete (&rule, NULL, "2021-10-01", 0, 10));
}

/* Five communes in one district, four in another; the last days filling in. */
static GbStore *
reporting_store (char **path)
{
  GbStore *store = gb_test_store_new (path);
  g_autoptr(GError) error = NULL;

  gb_test_put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, 900000);
  gb_test_put_unit (store, "001", GB_UNIT_LEVEL_DISTRICT, "01", 500000);
  gb_test_put_unit (store, "002", GB_UNIT_LEVEL_DISTRICT, "01", 400000);
  for (guint c = 0; c < 9; c++)
    {
      g_autofree char *code = g_strdup_printf ("%05u", c + 1);

      gb_test_put_unit (store, code, GB_UNIT_LEVEL_COMMUNE, c < 5 ? "001" : "002", 100000);
      for (guint d = 1; d <= 10; d++)
        {
          g_autofree char *date = g_strdup_printf ("2021-09-%02u", d);

          /* District 001: 4 of 5 on the 9th (80 %: complete), 3 of 5 on the 10th. District 002:
           * 3 of 4 on the 8th (75 %), all on the 9th and 10th but one commune on the 10th. */
          if ((d == 9 && c == 4) || (d == 10 && c >= 3 && c < 5) || (d == 8 && c == 8) || (d == 10 && c == 5))
            continue;
          g_assert_true (gb_test_put_cases (store, code, date, 1, 0, &error));
        }
    }
  return store;
}

static void
test_reporting_rate (void)
{
  g_autoptr(GbStore) store = reporting_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GHashTable) incomplete = NULL;
  GbReportingUnit *d1, *d2;
  GPtrArray *dates;

  list = gb_reporting_list_districts (store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  d1 = list->pdata[0];
  d2 = list->pdata[1];
  g_assert_cmpstr (d1->code, ==, "001");
  /* The rule's window, at least 7 days: the 4th to the 10th. */
  g_assert_cmpuint (d1->days->len, ==, 7);
  g_assert_cmpstr (g_array_index (d1->days, GbReportingDay, 0).date, ==, "2021-09-04");
  g_assert_cmpuint (g_array_index (d1->days, GbReportingDay, 5).reported, ==, 4);
  g_assert_cmpuint (g_array_index (d1->days, GbReportingDay, 5).expected, ==, 5);
  g_assert_false (g_array_index (d1->days, GbReportingDay, 5).incomplete);
  g_assert_cmpuint (g_array_index (d1->days, GbReportingDay, 6).reported, ==, 3);
  g_assert_true (g_array_index (d1->days, GbReportingDay, 6).incomplete);
  g_assert_true (g_array_index (d2->days, GbReportingDay, 4).incomplete);    /* the 8th: 3 of 4 */
  g_assert_false (g_array_index (d2->days, GbReportingDay, 5).incomplete);
  g_assert_true (g_array_index (d2->days, GbReportingDay, 6).incomplete);

  /* A commune's days are its district's; the province sums both. */
  days = gb_reporting_get_days (store, "00007", "2021-09-08", "2021-09-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 3);
  g_assert_cmpuint (g_array_index (days, GbReportingDay, 0).reported, ==, 3);
  g_clear_pointer (&days, g_array_unref);
  days = gb_reporting_get_days (store, "01", "2021-09-10", NULL, &error);
  g_assert_cmpuint (days->len, ==, 1);
  g_assert_cmpuint (g_array_index (days, GbReportingDay, 0).reported, ==, 6);
  g_assert_cmpuint (g_array_index (days, GbReportingDay, 0).expected, ==, 9);
  g_assert_true (g_array_index (days, GbReportingDay, 0).incomplete);

  incomplete = gb_reporting_get_incomplete (store, &error);
  g_assert_no_error (error);
  dates = g_hash_table_lookup (incomplete, "002");
  g_assert_cmpuint (dates->len, ==, 2);
  g_assert_cmpstr (dates->pdata[0], ==, "2021-09-08");
  g_assert_cmpstr (dates->pdata[1], ==, "2021-09-10");
  g_assert_cmpuint (((GPtrArray *) g_hash_table_lookup (incomplete, "001"))->len, ==, 1);
  g_assert_nonnull (g_hash_table_lookup (incomplete, "01"));
}

/* The level reasons say when the week rests on incomplete days; the rule is kept. */
static void
test_incomplete_reasons (void)
{
  g_autoptr(GbStore) store = reporting_store (NULL);
  g_autoptr(GbLevelEngine) engine = gb_level_engine_new (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbLevelResult) r = NULL;
  g_autoptr(GbLevelResult) older = NULL;
  g_autoptr(GbLevelResult) fixed = NULL;
  GbReportingRule rule = { 50, 3 }, got;

  r = gb_level_engine_compute_unit (engine, "00001", "2021-09-10", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (r->reasons, "incomplete reporting: 2021-09-10"));
  older = gb_level_engine_compute_unit (engine, "00001", "2021-09-06", &error);
  g_assert_null (strstr (older->reasons, "incomplete"));

  g_assert_true (gb_reporting_set_rule (store, &rule, &error));
  gb_reporting_get_rule (store, &got);
  g_assert_cmpuint (got.percent, ==, 50);
  g_assert_cmpuint (got.window, ==, 3);
  gb_level_engine_invalidate (engine);
  fixed = gb_level_engine_compute_unit (engine, "00001", "2021-09-10", &error);
  g_assert_null (strstr (fixed->reasons, "incomplete"));
  rule.percent = 101;
  g_assert_false (gb_reporting_set_rule (store, &rule, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
}

/* giaoban-cli reporting, in JSON. */
static void
test_cli_reporting (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = reporting_store (&path);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (gb_test_run_cli (path, &out, &err, "reporting", "--json", "--from", "2021-09-10", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"reported\" : 3"));
  g_assert_nonnull (strstr (out, "\"incomplete\" : true"));
  g_assert_cmpint (gb_test_run_cli (path, &out2, &err2, "reporting", "--set-percent", "101", NULL), ==, 2);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trust/as-of/moment-parse", test_moment_parse);
  g_test_add_func ("/trust/as-of/revisions", test_revisions);
  g_test_add_func ("/trust/as-of/level-reproducible", test_level_reproducible);
  g_test_add_func ("/trust/as-of/new-columns", test_as_of_new_columns);
  g_test_add_func ("/trust/as-of/cli", test_cli_as_of);
  g_test_add_func ("/trust/incomplete/edges", test_incomplete_edges);
  g_test_add_func ("/trust/incomplete/reporting-rate", test_reporting_rate);
  g_test_add_func ("/trust/incomplete/reasons", test_incomplete_reasons);
  g_test_add_func ("/trust/incomplete/cli", test_cli_reporting);
  return g_test_run ();
}
