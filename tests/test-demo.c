/* test-demo.c — the embedded demo: real totals stay exact, simulation is deterministic
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>

#include "gb-demo.h"
#include "gb-store.h"
#include "gb-test-util.h"

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
load_demo (void)
{
  char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  g_assert_no_error (error);
  g_assert_true (gb_demo_is_loaded (store));
  return path;
}

static void
test_counts (void)
{
  g_autofree char *path = load_demo ();

  g_assert_cmpint (query_int (path, "SELECT count(*) FROM units WHERE level = 1"), ==, 1);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM units WHERE level = 2"), ==, 7);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM units WHERE level = 3"), ==, 65);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM units WHERE level = 3 AND parent_code IS NULL"), ==, 0);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM units_rtree"), ==, 72);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM documents"), ==, 3);
  /* Every commune has a population, and adults/elderly derived from it. */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM units WHERE level = 3 AND (population IS NULL OR pop_18 IS NULL)"), ==, 0);
}

/* The real province series of the source file stays exact, day by day. */
static void
test_province_totals_exact (void)
{
  g_autofree char *path = load_demo ();
  g_autofree char *csv = gb_test_shared_data ("ninh-thuan/cases-daily.csv");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint days = 0;

  if (csv == NULL)
    {
      g_autofree char *srcdir = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "ninh-thuan", "cases-daily.csv", NULL);
      csv = g_steal_pointer (&srcdir);
    }
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT p.community + p.quarantine, "
                                       "(SELECT sum(c.community + c.quarantine) FROM case_reports c JOIN units u ON u.code = c.unit_code "
                                       " WHERE u.level = 3 AND c.date = p.date), p.simulated "
                                       "FROM case_reports p WHERE p.unit_code = '58' AND p.date = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 1; lines[i] != NULL && *lines[i]; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], ",", 2);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, cols[0], -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, g_ascii_strtoll (cols[1], NULL, 10));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, g_ascii_strtoll (cols[1], NULL, 10));
      g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 0);
      days++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (days, ==, 646);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM case_reports c JOIN units u ON u.code = c.unit_code "
                                    "WHERE u.level = 3 AND simulated = 0"), ==, 0);
}

static void
test_deterministic (void)
{
  g_autofree char *a = load_demo ();
  g_autofree char *b = load_demo ();
  const char *sql = "SELECT sum((rowid_hash)) FROM (SELECT length(unit_code) * 1000003 + community * 7919 + quarantine * 104729 "
                    "+ unknown_source * 31 + CAST(replace(date, '-', '') AS INTEGER) AS rowid_hash FROM case_reports)";
  const char *vsql = "SELECT sum(dose1_18 * 3 + full_18 * 5 + full_65 * 7) FROM vaccinations";

  g_assert_cmpint (query_int (a, sql), ==, query_int (b, sql));
  g_assert_cmpint (query_int (a, vsql), ==, query_int (b, vsql));
  /* Vaccination never exceeds the population. */
  g_assert_cmpint (query_int (a, "SELECT count(*) FROM vaccinations WHERE dose1_18 > pop_18 OR full_18 > dose1_18 "
                                 "OR full_65 > pop_65"), ==, 0);
}

static void
test_not_reloaded (void)
{
  g_autofree char *path = load_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autofree char *before = gb_test_fingerprint (path);
  g_autofree char *after = NULL;

  g_assert_true (gb_demo_load_if_empty (store, &error));
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
}

/* The campaign's groups are filled on every row, consistently: the 65+ are among the adults,
 * a booster follows a second dose and a second a first, nobody is counted twice in a group,
 * totals never fall, and the districts and province are their communes' sums. Each group has
 * doses by the last day, but the 5–11 (their campaign began after it). */
static void
test_vaccination_groups (void)
{
  g_autofree char *path = load_demo ();

  g_assert_cmpint (query_int (path, "SELECT count(*) FROM vaccinations"), >, 20000);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM vaccinations WHERE pop_12_17 IS NULL OR pop_5_11 IS NULL "
                                    "OR booster_18 IS NULL OR dose1_65 IS NULL OR booster_65 IS NULL "
                                    "OR dose1_12_17 IS NULL OR dose2_12_17 IS NULL OR booster_12_17 IS NULL "
                                    "OR dose1_5_11 IS NULL OR dose2_5_11 IS NULL OR booster_5_11 IS NULL"), ==, 0);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM vaccinations WHERE pop_12_17 <= 0 OR pop_5_11 <= 0 "
                                    "OR dose1_65 > pop_65 OR dose1_65 > dose1_18 OR dose1_65 < full_65 "
                                    "OR booster_18 > full_18 OR booster_65 > full_65 OR booster_65 > booster_18 "
                                    "OR dose1_12_17 > pop_12_17 OR dose2_12_17 > dose1_12_17 "
                                    "OR booster_12_17 > dose2_12_17 OR dose2_5_11 > dose1_5_11 OR booster_5_11 > dose2_5_11"),
                   ==, 0);
  /* Cumulative: no commune's count falls from one day to the next. */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM vaccinations a JOIN vaccinations b "
                                    "ON b.unit_code = a.unit_code AND b.date = date (a.date, '+1 day') "
                                    "WHERE b.booster_18 < a.booster_18 OR b.dose1_65 < a.dose1_65 "
                                    "OR b.booster_65 < a.booster_65 OR b.dose1_12_17 < a.dose1_12_17 "
                                    "OR b.dose2_12_17 < a.dose2_12_17"), ==, 0);
  /* The sums upwards hold for the groups too. */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM vaccinations d JOIN units u ON u.code = d.unit_code AND u.level = 2 "
                                    "WHERE d.date = '2022-01-10' AND d.booster_18 + d.dose2_12_17 + d.pop_12_17 <> "
                                    "(SELECT sum (c.booster_18 + c.dose2_12_17 + c.pop_12_17) FROM vaccinations c "
                                    " JOIN units cu ON cu.code = c.unit_code WHERE cu.parent_code = u.code AND c.date = d.date)"),
                   ==, 0);
  /* None before its campaign; most of the 12–17 and some adults' boosters by the last day. */
  g_assert_cmpint (query_int (path, "SELECT sum (booster_18 + dose1_12_17) FROM vaccinations WHERE date < '2021-10-20'"),
                   ==, 0);
  g_assert_cmpint (query_int (path, "SELECT 100 * sum (dose1_12_17) / sum (pop_12_17) FROM vaccinations v "
                                    "JOIN units u ON u.code = v.unit_code AND u.level = 1 WHERE date = '2022-01-10'"), >=, 80);
  g_assert_cmpint (query_int (path, "SELECT 100 * sum (v.booster_18) / sum (v.pop_18) FROM vaccinations v "
                                    "JOIN units u ON u.code = v.unit_code AND u.level = 1 WHERE date = '2022-01-10'"), >=, 5);
  g_assert_cmpint (query_int (path, "SELECT 100 * sum (v.booster_65) / sum (v.pop_65) FROM vaccinations v "
                                    "JOIN units u ON u.code = v.unit_code AND u.level = 1 WHERE date = '2022-01-10'"), >=, 5);
  g_assert_cmpint (query_int (path, "SELECT sum (dose1_5_11) FROM vaccinations"), ==, 0);
  /* The doses a day add up to every dose given, boosters and the 12–17's included. */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM units u WHERE u.level = 3 AND "
                                    "(SELECT sum (doses_given) FROM vaccinations WHERE unit_code = u.code) <> "
                                    "(SELECT dose1_18 + full_18 + booster_18 + dose1_12_17 + dose2_12_17 "
                                    " FROM vaccinations WHERE unit_code = u.code ORDER BY date DESC LIMIT 1)"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/demo/counts", test_counts);
  g_test_add_func ("/demo/province-totals-exact", test_province_totals_exact);
  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/not-reloaded", test_not_reloaded);
  g_test_add_func ("/demo/vaccination-groups", test_vaccination_groups);
  return g_test_run ();
}
