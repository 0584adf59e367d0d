/* test-store.c — migrations, pragmas, transactions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gb-error.h"
#include "gb-file.h"
#include "gb-geometry.h"
#include "gb-store.h"
#include "gb-store-charts.h"
#include "gb-test-util.h"

static char *
temp_db (void)
{
  g_autofree char *dir = gb_test_temp_dir ("gb-test-XXXXXX");

  g_assert_nonnull (dir);
  return g_build_filename (dir, "test.db", NULL);
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out;
}

static void
test_fresh (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autofree char *mode = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (gb_store_get_schema_version (store), ==, gb_store_latest_version ());
  g_assert_cmpint (gb_store_latest_version (), >=, 1);
  g_assert_true (gb_store_is_empty (store));
  mode = query_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
}

static void
test_foreign_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (":memory:", &error);
  GbCaseReport r;

  g_assert_no_error (error);
  gb_case_report_init (&r);
  g_strlcpy (r.unit_code, "99999", sizeof r.unit_code);
  g_strlcpy (r.date, "2021-09-01", sizeof r.date);
  r.community = 1;
  /* No such unit: the foreign key must refuse it. */
  g_assert_false (gb_store_put_case_report (store, &r, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_DATABASE);
}

/* Every older version upgrades to the latest, and keeps the rows it had. */
static void
test_upgrade_from_each_version (void)
{
  int latest = gb_store_latest_version ();

  for (int v = 0; v <= latest; v++)
    {
      g_autofree char *path = temp_db ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GbStore) old = gb_store_open_at_version (path, v, &error);
      g_autoptr(GbStore) upgraded = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (gb_store_get_schema_version (old), <=, v);
      if (gb_store_get_schema_version (old) >= 1)
        {
          GbUnit unit = { .code = (char *) "01", .level = GB_UNIT_LEVEL_PROVINCE, .name = (char *) "Hà Nội",
                          .population = 8000000, .pop_18 = -1, .pop_65 = -1 };
          g_assert_true (gb_store_put_unit (old, &unit, NULL, &error));
          g_assert_no_error (error);
        }
      g_clear_object (&old);

      upgraded = gb_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gb_store_get_schema_version (upgraded), ==, latest);
      if (v >= 1)
        {
          g_autoptr(GbUnit) unit = gb_store_get_unit (upgraded, "01", &error);
          g_assert_no_error (error);
          g_assert_cmpstr (unit->name, ==, "Hà Nội");
        }
    }
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  sqlite3 *db = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", gb_store_latest_version () + 5);

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = gb_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, GB_ERROR, GB_ERROR_SCHEMA);
}

static void
test_not_a_database (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "this is not a database, just some text........................"
                                            "...............................................................", -1, NULL));
  store = gb_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, GB_ERROR, GB_ERROR_DATABASE);
}

static void
test_nested_rollback (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (":memory:", &error);
  GbUnit a = { .code = (char *) "A", .level = 1, .name = (char *) "A", .population = -1, .pop_18 = -1, .pop_65 = -1 };
  GbUnit b = { .code = (char *) "B", .level = 1, .name = (char *) "B", .population = -1, .pop_18 = -1, .pop_65 = -1 };

  g_assert_true (gb_store_begin (store, &error));
  g_assert_true (gb_store_put_unit (store, &a, NULL, &error));
  g_assert_true (gb_store_begin (store, &error));
  g_assert_true (gb_store_put_unit (store, &b, NULL, &error));
  gb_store_rollback (store);
  g_assert_true (gb_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_true (gb_store_unit_exists (store, "A"));
  g_assert_false (gb_store_unit_exists (store, "B"));
}

static void
test_geometry_roundtrip (void)
{
  g_autoptr(GbGeometry) g = gb_geometry_new ();
  g_autoptr(GbGeometry) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const double outer[] = { 0, 0, 10, 0, 10, 10, 0, 10, 0, 0 };
  const double hole[] = { 4, 4, 6, 4, 6, 6, 4, 6, 4, 4 };
  const double second[] = { 20, 0, 22, 0, 22, 2, 20, 0 };

  gb_geometry_begin_polygon (g);
  gb_geometry_add_ring (g, outer, 5);
  gb_geometry_add_ring (g, hole, 5);
  gb_geometry_begin_polygon (g);
  gb_geometry_add_ring (g, second, 4);

  g_assert_true (gb_geometry_contains (g, 1, 1));
  g_assert_false (gb_geometry_contains (g, 5, 5));     /* in the hole */
  g_assert_true (gb_geometry_contains (g, 21.5, 0.5)); /* second polygon */
  g_assert_false (gb_geometry_contains (g, 15, 5));

  bytes = gb_geometry_serialize (g);
  back = gb_geometry_deserialize (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_geometry_n_polygons (back), ==, 2);
  g_assert_cmpuint (gb_geometry_n_rings (back), ==, 3);
  g_assert_cmpuint (gb_geometry_n_points (back), ==, 14);
  g_assert_false (gb_geometry_contains (back, 5, 5));

  /* A truncated blob is refused, not read past its end. */
  g_clear_pointer (&back, gb_geometry_free);
  back = gb_geometry_deserialize (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes) - 8, &error);
  g_assert_null (back);
  g_assert_error (error, GB_ERROR, GB_ERROR_SCHEMA);
}

static int
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* A database made before a lower-numbered migration existed (user_version already above it,
 * no record per migration) gets that migration when opened, not skipped. */
static void
test_late_lower_migration (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  GbStore *store = gb_store_open (path, &error);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_object_unref (store);
  /* Make it look like a database from a build without the levels migration. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE schema_migrations; DROP TABLE level_override_revocations; "
                                     "DROP TABLE treatment_capacity; DROP TABLE rule_set_periods; "
                                     "DROP TABLE rule_thresholds; DROP TABLE rule_sets;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM sqlite_master WHERE name = 'rule_sets'"), ==, 0);

  store = gb_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_store_get_schema_version (store), ==, gb_store_latest_version ());
  g_object_unref (store);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM rule_sets"), ==, 2);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM schema_migrations WHERE version = 2"), ==, 1);
  /* The migrations that were there are not run again (they would fail on existing tables). */
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM schema_migrations "
                                     "WHERE version = 1 AND applied_at = 'before 2026-11-23'"), ==, 1);
}

static void
put_unit (GbStore *store, const char *code, GbUnitLevel level, const char *parent)
{
  g_autoptr(GError) error = NULL;
  GbUnit unit = { .code = (char *) code, .level = level, .parent_code = (char *) parent, .name = (char *) code,
                  .population = 10000, .pop_18 = -1, .pop_65 = -1 };

  g_assert_true (gb_store_put_unit (store, &unit, NULL, &error));
  g_assert_no_error (error);
}

static void
put_report (GbStore *store, const char *code, const char *date, gint64 community)
{
  g_autoptr(GError) error = NULL;
  GbCaseReport r;

  gb_case_report_init (&r);
  g_strlcpy (r.unit_code, code, sizeof r.unit_code);
  g_strlcpy (r.date, date, sizeof r.date);
  r.community = community;
  g_assert_true (gb_store_put_case_report (store, &r, &error));
  g_assert_no_error (error);
}

/* Migration 0020 adds the campaign's groups to the vaccination rows and keeps every row a
 * database had, each value as it was; the new counts are absent in them. */
static void
test_vaccination_groups_migration (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open_at_version (path, 15, &error);
  g_autoptr(GArray) rows = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GbVaccination v;

  g_assert_no_error (error);
  put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL);
  for (guint i = 0; i < 3; i++)
    {
      gb_vaccination_init (&v);
      g_strlcpy (v.unit_code, "01", sizeof v.unit_code);
      g_snprintf (v.date, sizeof v.date, "2021-10-0%u", i + 1);
      v.pop_18 = 100; v.pop_65 = 20; v.dose1_18 = 40 + i; v.full_18 = 30; v.full_65 = 10 + i;
      v.doses_given = i; v.doses_allocated = 500;
      g_assert_true (gb_store_put_vaccination (store, &v, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&store);
  before = query_text (path, "SELECT group_concat (unit_code || date || pop_18 || pop_65 || dose1_18 || "
                                     "full_18 || full_65 || doses_given || doses_allocated || simulated || received_at, ';') "
                                     "FROM vaccinations");
  store = gb_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM schema_migrations WHERE version = 20"), ==, 1);
  after = query_text (path, "SELECT group_concat (unit_code || date || pop_18 || pop_65 || dose1_18 || "
                                    "full_18 || full_65 || doses_given || doses_allocated || simulated || received_at, ';') "
                                    "FROM vaccinations");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM vaccinations WHERE booster_18 IS NULL AND dose1_65 IS NULL "
                                     "AND pop_12_17 IS NULL AND booster_5_11 IS NULL"), ==, 3);
  rows = gb_store_get_vaccinations (store, "01", NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpint (g_array_index (rows, GbVaccination, 2).full_65, ==, 12);
  g_assert_cmpint (g_array_index (rows, GbVaccination, 2).booster_18, ==, -1);
  /* The new columns take values, and refuse negative ones. */
  v.booster_12_17 = 7;
  g_assert_true (gb_store_put_vaccination (store, &v, &error));
  g_assert_cmpint (count_rows (path, "SELECT booster_12_17 FROM vaccinations WHERE date = '2021-10-03'"), ==, 7);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM pragma_table_info ('vaccinations') "
                                     "WHERE name IN ('dose1_12_17', 'dose2_5_11', 'booster_65')"), ==, 3);
}

/* Migration 0009 keys the daily tables by date: rows, revisions and the revision trigger
 * survive it, and a unit's series is still read whole, bounded, and apart from its
 * neighbours' (there is no index by unit any more; the dates are walked). */
static void
test_daily_by_date (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open_at_version (path, 8, &error);
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GbChartData) chart = NULL;
  GbVaccination v;

  g_assert_no_error (error);
  put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL);
  put_unit (store, "0101", GB_UNIT_LEVEL_DISTRICT, "01");
  put_unit (store, "010101", GB_UNIT_LEVEL_COMMUNE, "0101");
  put_unit (store, "010102", GB_UNIT_LEVEL_COMMUNE, "0101");
  put_report (store, "010101", "2021-08-01", 3);
  put_report (store, "010101", "2021-08-03", 5);
  put_report (store, "010102", "2021-08-02", 7);
  put_report (store, "010102", "2021-08-03", 11);
  put_report (store, "010101", "2021-08-03", 6);   /* a revision */
  /* A commune of another district whose code sorts between the district's two. */
  put_unit (store, "0102", GB_UNIT_LEVEL_DISTRICT, "01");
  put_unit (store, "0101015", GB_UNIT_LEVEL_COMMUNE, "0102");
  put_report (store, "0101015", "2021-08-02", 1000);
  gb_vaccination_init (&v);
  g_strlcpy (v.unit_code, "010102", sizeof v.unit_code);
  g_strlcpy (v.date, "2021-08-02", sizeof v.date);
  v.pop_18 = 100;
  v.dose1_18 = 40;
  g_assert_true (gb_store_put_vaccination (store, &v, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  store = gb_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM sqlite_schema WHERE name IN ('case_reports', 'vaccinations') "
                                     "AND sql LIKE '%PRIMARY KEY (date, unit_code)%'"), ==, 2);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_new' "
                                     "OR name IN ('case_reports_date', 'vaccinations_date')"), ==, 0);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM case_report_revisions"), ==, 1);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM vaccinations WHERE dose1_18 = 40"), ==, 1);

  /* The trigger came back with the table. */
  put_report (store, "010102", "2021-08-02", 8);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM case_report_revisions"), ==, 2);

  rows = gb_store_get_case_reports (store, "010101", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (g_array_index (rows, GbCaseReport, 0).date, ==, "2021-08-01");
  g_assert_cmpint (g_array_index (rows, GbCaseReport, 1).community, ==, 6);
  g_clear_pointer (&rows, g_array_unref);
  /* Bounds that are not dates with rows, and bounds around nothing. */
  rows = gb_store_get_case_reports (store, "010101", "2021-08-02", "2021-08-09", &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (g_array_index (rows, GbCaseReport, 0).date, ==, "2021-08-03");
  g_clear_pointer (&rows, g_array_unref);
  rows = gb_store_get_case_reports (store, "010102", NULL, "2021-08-02", &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (g_array_index (rows, GbCaseReport, 0).community, ==, 8);
  g_clear_pointer (&rows, g_array_unref);
  rows = gb_store_get_case_reports (store, "010102", "2021-08-04", NULL, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_array_unref);
  rows = gb_store_get_vaccinations (store, "010102", NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_array_unref);
  rows = gb_store_get_vaccinations (store, "010101", NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 0);

  /* A commune's chart is its own rows; the district's is the sum of its communes. */
  chart = gb_store_load_chart_data (store, "010102", &error);
  g_assert_no_error (error);
  g_assert_false (chart->aggregated);
  g_assert_cmpuint (chart->n_days, ==, 2);
  g_assert_cmpfloat (chart->community[0], ==, 8);
  g_assert_cmpfloat (chart->community[1], ==, 11);
  g_clear_pointer (&chart, gb_chart_data_free);
  chart = gb_store_load_chart_data (store, "0101", &error);
  g_assert_no_error (error);
  g_assert_true (chart->aggregated);
  g_assert_cmpuint (chart->n_days, ==, 3);
  g_assert_cmpfloat (chart->community[0], ==, 3);
  g_assert_cmpfloat (chart->community[1], ==, 8);
  g_assert_cmpfloat (chart->community[2], ==, 17);
  g_assert_cmpuint (chart->vacc_n_days, ==, 1);
  g_assert_cmpfloat (chart->dose1_18[0], ==, 0.4);
}

/* A pipe or a device named as the file to write (/dev/null for a report nobody wants) is
 * written to, not replaced by a regular file renamed over it: a FIFO stays a FIFO and its
 * reader gets the bytes. A regular file is still replaced whole. */
static void
test_file_write_in_place (void)
{
  g_autofree char *dir = gb_test_temp_dir ("fifo-XXXXXX");
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *back = NULL;
  char buf[16] = { 0 };
  GStatBuf st;
  int reader;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reader = g_open (fifo, O_RDONLY | O_NONBLOCK, 0);
  g_assert_cmpint (reader, >=, 0);
  g_assert_true (gb_file_write (fifo, "report\n", 7, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpint (read (reader, buf, sizeof buf - 1), ==, 7);
  g_assert_cmpstr (buf, ==, "report\n");
  close (reader);

  g_assert_true (gb_file_write (plain, "one", 3, &error));
  g_assert_true (gb_file_write (plain, "two", 3, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (plain, &back, NULL, NULL));
  g_assert_cmpstr (back, ==, "two");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/fresh", test_fresh);
  g_test_add_func ("/file/write-in-place", test_file_write_in_place);
  g_test_add_func ("/store/foreign-keys", test_foreign_keys);
  g_test_add_func ("/store/upgrade-from-each-version", test_upgrade_from_each_version);
  g_test_add_func ("/store/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  g_test_add_func ("/store/nested-rollback", test_nested_rollback);
  g_test_add_func ("/store/geometry-roundtrip", test_geometry_roundtrip);
  g_test_add_func ("/store/late-lower-migration", test_late_lower_migration);
  g_test_add_func ("/store/vaccination-groups-migration", test_vaccination_groups_migration);
  g_test_add_func ("/store/daily-by-date", test_daily_by_date);
  return g_test_run ();
}
