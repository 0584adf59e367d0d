/* test-units.c — units over time: migration, merges, the 2025 reform
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "gb-demo.h"
#include "gb-error.h"
#include "gb-geometry.h"
#include "gb-reform-import.h"
#include "gb-store.h"
#include "gb-store-units-history.h"
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

static void
put_unit (GbStore     *store,
          const char  *code,
          GbUnitLevel  level,
          const char  *parent,
          const char  *name,
          gint64       population)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbGeometry) g = gb_geometry_new ();
  double x = g_ascii_strtod (code, NULL) / 100000.0;
  double ring[] = { 108 + x, 11, 108.01 + x, 11, 108.01 + x, 11.01, 108 + x, 11 };
  GbUnit u = { .code = (char *) code, .level = level, .parent_code = (char *) parent, .name = (char *) name,
               .population = population, .pop_18 = -1, .pop_65 = -1 };

  gb_geometry_begin_polygon (g);
  gb_geometry_add_ring (g, ring, 4);
  g_assert_true (gb_store_put_unit (store, &u, level == GB_UNIT_LEVEL_COMMUNE ? g : NULL, &error));
  g_assert_no_error (error);
}

static void
put_cases (GbStore    *store,
           const char *code,
           const char *date,
           gint64      community)
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

static GbStore *
small_province (char **path)
{
  g_autoptr(GError) error = NULL;
  GbStore *store;

  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_no_error (error);
  put_unit (store, "99", GB_UNIT_LEVEL_PROVINCE, NULL, "Tỉnh Thử", 3000);
  put_unit (store, "990", GB_UNIT_LEVEL_DISTRICT, "99", "Huyện Một", 3000);
  put_unit (store, "99001", GB_UNIT_LEVEL_COMMUNE, "990", "Xã A", 1000);
  put_unit (store, "99002", GB_UNIT_LEVEL_COMMUNE, "990", "Xã B", 1000);
  put_unit (store, "99003", GB_UNIT_LEVEL_COMMUNE, "990", "Xã C", 1000);
  put_cases (store, "99001", "2023-06-01", 3);
  put_cases (store, "99002", "2023-06-01", 4);
  put_cases (store, "99002", "2023-06-02", 5);
  put_cases (store, "99003", "2023-06-01", 100);
  return store;
}

static guint
count_valid (GbStore    *store,
             const char *date,
             GbUnitLevel level)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = gb_store_units_valid_on (store, date, level, NULL, &error);

  g_assert_no_error (error);
  return units->len;
}

/* Migration 0015 keeps every row a database had at the version before it. */
static void
test_migration_keeps_rows (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) old = gb_store_open_at_version (path, 9, &error);
  g_autoptr(GbStore) store = NULL;
  const char *tables[] = { "units", "case_reports", "vaccinations", "documents", "items", "units_rtree" };
  gint64 before[G_N_ELEMENTS (tables)];

  g_assert_no_error (error);
  g_assert_true (gb_demo_load (old, &error));
  g_assert_no_error (error);
  g_clear_object (&old);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      before[i] = query_int (path, sql);
      g_assert_cmpint (before[i], >, 0);
    }
  store = gb_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_store_get_schema_version (store), ==, gb_store_latest_version ());
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      g_assert_cmpint (query_int (path, sql), ==, before[i]);
    }
  /* Units without history are in force on any day. */
  g_assert_cmpuint (count_valid (store, "2021-09-01", GB_UNIT_LEVEL_COMMUNE), ==, 65);
  g_assert_cmpuint (count_valid (store, "2030-01-01", GB_UNIT_LEVEL_DISTRICT), ==, 7);
}

/* Two communes merge into a new one: the map of a later day has the new one, whose series is
 * theirs summed day by day. */
static void
test_merge_carries_series (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_province (&path);
  g_autoptr(GError) error = NULL;
  const char *codes[] = { "99001", "99002", NULL };
  GbUnit into = { .code = (char *) "99100", .name = (char *) "Xã AB", .population = -1, .pop_18 = -1, .pop_65 = -1 };
  g_autoptr(GArray) series = NULL;
  g_autoptr(GArray) gone = NULL;
  g_autoptr(GbGeometry) shape = NULL;
  g_autoptr(GbUnit) ab = NULL;
  g_autofree char *next = NULL;

  g_assert_true (gb_store_merge_units (store, codes, &into, "2024-01-01", "NQ 1/NQ-UBTVQH15", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_valid (store, "2023-12-31", GB_UNIT_LEVEL_COMMUNE), ==, 3);
  g_assert_cmpuint (count_valid (store, "2024-01-01", GB_UNIT_LEVEL_COMMUNE), ==, 2);
  ab = gb_store_get_unit_on (store, "99100", "2024-02-01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ab->parent_code, ==, "990");
  /* Its people are theirs: its rates are per the merged population. */
  g_assert_cmpint (ab->population, ==, 2000);
  g_assert_cmpint (ab->pop_18, ==, -1);
  g_assert_null (gb_store_get_unit_on (store, "99100", "2023-12-31", NULL));

  series = gb_store_get_case_reports_carried (store, "99100", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 2);
  g_assert_cmpstr (g_array_index (series, GbCaseReport, 0).date, ==, "2023-06-01");
  g_assert_cmpint (g_array_index (series, GbCaseReport, 0).community, ==, 7);
  g_assert_cmpint (g_array_index (series, GbCaseReport, 1).community, ==, 5);
  g_assert_cmpstr (g_array_index (series, GbCaseReport, 0).unit_code, ==, "99100");

  /* The unit that did not merge keeps only its own. */
  gone = gb_store_get_case_reports_carried (store, "99003", NULL, NULL, &error);
  g_assert_cmpuint (gone->len, ==, 1);
  g_assert_cmpint (g_array_index (gone, GbCaseReport, 0).community, ==, 100);

  next = gb_store_successor_on (store, "99001", "2024-06-01", &error);
  g_assert_cmpstr (next, ==, "99100");
  shape = gb_store_get_unit_geometry_on (store, "99100", "2024-06-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_geometry_n_polygons (shape), ==, 2);
}

/* A merge into an existing unit: it lives on, grows, and its series adds the other's. */
static void
test_merge_into_existing (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_province (&path);
  g_autoptr(GError) error = NULL;
  const char *codes[] = { "99003", NULL };
  const char *bad[] = { "99003", "990", NULL };
  GbUnit into = { .code = (char *) "99002", .population = -1, .pop_18 = -1, .pop_65 = -1 };
  g_autoptr(GArray) series = NULL;
  g_autofree char *before = gb_test_fingerprint (path);
  g_autofree char *after = NULL;

  /* A district cannot merge into a commune: refused, nothing changed. */
  g_assert_false (gb_store_merge_units (store, bad, &into, "2024-01-01", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (gb_store_merge_units (store, codes, &into, "2024-01-01", NULL, &error));
  g_assert_no_error (error);
  series = gb_store_get_case_reports_carried (store, "99002", "2023-06-01", "2023-06-01", &error);
  g_assert_cmpuint (series->len, ==, 1);
  g_assert_cmpint (g_array_index (series, GbCaseReport, 0).community, ==, 104);
  g_assert_cmpuint (count_valid (store, "2024-01-02", GB_UNIT_LEVEL_COMMUNE), ==, 2);
  /* From the merge on it has both units' people; before it, its own. */
  {
    g_autoptr(GbUnit) grown = gb_store_get_unit_on (store, "99002", "2024-01-02", &error);
    g_autoptr(GbUnit) earlier = gb_store_get_unit_on (store, "99002", "2023-12-31", &error);

    g_assert_no_error (error);
    g_assert_cmpint (grown->population, ==, 2000);
    g_assert_cmpint (earlier->population, ==, 1000);
    g_assert_cmpstr (grown->name, ==, "Xã B");
  }
}

static const char small_reform[] =
  "{\"valid_from\": \"2025-07-01\", \"provinces\": [{\"code\": \"98\", \"name\": \"Tỉnh Mới\", \"from\": [\"99\"]}],"
  " \"communes\": ["
  "  {\"code\": \"99001\", \"name\": \"Xã An Bình\", \"type\": \"Xã\", \"province\": \"98\", \"from\": [\"99001\", \"99002\", \"99003\"], \"partial\": [\"99003\"]},"
  "  {\"code\": \"99200\", \"name\": \"Xã Cù Lao\", \"type\": \"Xã\", \"province\": \"98\", \"from\": [\"99003\"], \"partial\": [\"99003\"]},"
  "  {\"code\": \"11111\", \"name\": \"Xã Xa\", \"type\": \"Xã\", \"province\": \"01\", \"from\": [\"00001\"]}]}";

/* Before the reform: province → district → commune; after: province → commune, districts gone. */
static void
test_reform_before_after (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_province (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (small_reform, strlen (small_reform));
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GArray) series = NULL;
  g_autoptr(GbUnit) anbinh = NULL;
  GbReformReport report;

  g_assert_true (gb_reform_import_bytes (store, "small.json", bytes, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.provinces, ==, 1);
  g_assert_cmpuint (report.communes, ==, 2);
  g_assert_cmpuint (report.skipped, ==, 1);

  before = gb_store_units_valid_on (store, "2025-06-30", GB_UNIT_LEVEL_COMMUNE, "990", &error);
  g_assert_cmpuint (before->len, ==, 3);
  g_assert_cmpuint (count_valid (store, "2025-06-30", GB_UNIT_LEVEL_DISTRICT), ==, 1);
  g_assert_cmpuint (count_valid (store, "2025-07-01", GB_UNIT_LEVEL_DISTRICT), ==, 0);
  g_assert_cmpuint (count_valid (store, "2025-07-01", GB_UNIT_LEVEL_PROVINCE), ==, 1);
  after = gb_store_units_valid_on (store, "2025-07-01", GB_UNIT_LEVEL_COMMUNE, "98", &error);
  g_assert_cmpuint (after->len, ==, 2);

  /* 99001 lives on under its code with a new name; the old name stays on the old days. */
  anbinh = gb_store_get_unit_on (store, "99001", "2025-07-01", &error);
  g_assert_cmpstr (anbinh->name, ==, "Xã An Bình");
  g_clear_pointer (&anbinh, gb_unit_free);
  anbinh = gb_store_get_unit_on (store, "99001", "2021-07-01", &error);
  g_assert_cmpstr (anbinh->name, ==, "Xã A");

  /* Whole predecessors carry their series; the split one (99003) is counted in neither. */
  series = gb_store_get_case_reports_carried (store, "99001", NULL, "2023-06-01", &error);
  g_assert_cmpuint (series->len, ==, 1);
  g_assert_cmpint (g_array_index (series, GbCaseReport, 0).community, ==, 7);
}

/* A damaged reform file is refused with where it is damaged, and changes nothing. */
static void
test_reform_bad_file (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_province (&path);
  g_autoptr(GError) error = NULL;
  const char *text = "{\"valid_from\": \"2025-07-01\", \"provinces\": [{\"code\": \"98\", \"name\": \"Tỉnh Mới\", "
                     "\"from\": [\"99\"]}], \"communes\": [{\"code\": \"99001\", \"name\": \"X\", \"province\": \"98\", "
                     "\"from\": [\"99001\"]}, {\"code\": \"9\", \"name\": \"Y\", \"province\": \"98\", \"from\": []}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autofree char *before = gb_test_fingerprint (path);
  g_autofree char *after = NULL;
  GbReformReport report;

  g_assert_false (gb_reform_import_bytes (store, "bad.json", bytes, &report, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "communes[1]"));
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
}

/* The real reform on the demo province: Ninh Thuận joins Khánh Hòa, its 65 communes become 24. */
static void
test_reform_real_on_demo (void)
{
  g_autofree char *file = gb_test_shared_data ("vietnam/reform-2025-07-01.json");
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GbGeometry) shape = NULL;
  GbReformReport report;

  if (file == NULL)
    {
      g_test_skip ("shared/data/vietnam/reform-2025-07-01.json is absent");
      return;
    }
  store = gb_store_open (path, &error);
  g_assert_true (gb_demo_load (store, &error));
  g_assert_true (gb_reform_import_file (store, file, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.provinces, ==, 1);
  g_assert_cmpuint (report.communes, ==, 24);

  g_assert_cmpuint (count_valid (store, "2021-10-11", GB_UNIT_LEVEL_COMMUNE), ==, 65);
  g_assert_cmpuint (count_valid (store, "2021-10-11", GB_UNIT_LEVEL_DISTRICT), ==, 7);
  g_assert_cmpuint (count_valid (store, "2025-07-01", GB_UNIT_LEVEL_DISTRICT), ==, 0);
  after = gb_store_units_valid_on (store, "2025-07-01", GB_UNIT_LEVEL_COMMUNE, "56", &error);
  g_assert_cmpuint (after->len, ==, 24);
  g_assert_null (gb_store_get_unit_on (store, "58", "2025-07-01", NULL));
  /* Every new commune is drawn with the shapes of the communes it was made of. */
  for (guint i = 0; i < after->len; i++)
    {
      GbUnit *u = g_ptr_array_index (after, i);
      g_autoptr(GbGeometry) g = gb_store_get_unit_geometry_on (store, u->code, "2025-07-01", &error);

      g_assert_no_error (error);
      g_assert_cmpuint (gb_geometry_n_polygons (g), >=, 1);
    }
}

/* The sums of merged units' optional counts (the level engine and the carried series). */
static void
test_count_add_known (void)
{
  g_assert_cmpint (gb_count_add_known (-1, -1), ==, -1);
  g_assert_cmpint (gb_count_add_known (-1, 7), ==, 7);
  g_assert_cmpint (gb_count_add_known (5, -1), ==, 5);
  g_assert_cmpint (gb_count_add_known (5, 7), ==, 12);
  g_assert_cmpint (gb_count_add_known (0, 0), ==, 0);
  g_assert_cmpint (gb_count_add_known (G_MAXINT64 - 1, 5), ==, G_MAXINT64);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/units/count-add-known", test_count_add_known);
  g_test_add_func ("/units/migration-keeps-rows", test_migration_keeps_rows);
  g_test_add_func ("/units/merge-carries-series", test_merge_carries_series);
  g_test_add_func ("/units/merge-into-existing", test_merge_into_existing);
  g_test_add_func ("/units/reform-before-after", test_reform_before_after);
  g_test_add_func ("/units/reform-bad-file", test_reform_bad_file);
  g_test_add_func ("/units/reform-real-on-demo", test_reform_real_on_demo);
  return g_test_run ();
}
