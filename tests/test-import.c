/* test-import.c — GeoJSON and series imports: round trips and every kind of bad input
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "gb-csv-reader.h"
#include "gb-error.h"
#include "gb-geojson-import.h"
#include "gb-series-import.h"
#include "gb-store.h"
#include "gb-test-util.h"

#define SQUARE "[[[106.0,21.0],[106.1,21.0],[106.1,21.1],[106.0,21.1],[106.0,21.0]]]"

typedef struct
{
  char    *path;
  GbStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GbUnit province = { .code = (char *) "01", .level = GB_UNIT_LEVEL_PROVINCE, .name = (char *) "Thành phố Hà Nội",
                      .population = 8053663, .pop_18 = -1, .pop_65 = -1 };
  GbUnit commune = { .code = (char *) "00001", .level = GB_UNIT_LEVEL_COMMUNE, .parent_code = (char *) "001",
                     .name = (char *) "Phường Phúc Xá", .population = 24000, .pop_18 = -1, .pop_65 = -1 };

  f->path = gb_test_temp_db ();
  f->store = gb_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (gb_store_put_unit (f->store, &province, NULL, &error));
  g_assert_true (gb_store_put_unit (f->store, &commune, NULL, &error));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
}

static gboolean
import_geojson_text (Fixture     *f,
                     const char  *text,
                     GbUnitLevel  level,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  GbGeojsonMapping mapping;

  gb_geojson_mapping_init (&mapping, level);
  return gb_geojson_import_bytes (f->store, "test.geojson", bytes, &mapping, NULL, error);
}

static gboolean
import_series_text (Fixture       *f,
                    GbSeriesKind   kind,
                    const char    *text,
                    const char    *unit,
                    GError       **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return gb_series_import_bytes (f->store, kind, "test.csv", bytes, unit, FALSE, NULL, error);
}

/* A bad GeoJSON must fail with @code, a message containing @needle, and change nothing. */
static void
check_bad_geojson (Fixture    *f,
                   const char *text,
                   int         code,
                   const char *needle)
{
  g_autofree char *before = gb_test_fingerprint (f->path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (import_geojson_text (f, text, GB_UNIT_LEVEL_DISTRICT, &error));
  g_assert_error (error, GB_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, needle);
  after = gb_test_fingerprint (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
check_bad_series (Fixture      *f,
                  GbSeriesKind  kind,
                  const char   *text,
                  int           code,
                  const char   *needle)
{
  g_autofree char *before = gb_test_fingerprint (f->path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (import_series_text (f, kind, text, NULL, &error));
  g_assert_error (error, GB_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, needle);
  after = gb_test_fingerprint (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_geojson_good (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbUnit) unit = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char *text =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"001\",\"name\":\"Quận Ba Đình\",\"province_code\":\"01\",\"population\":247100},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105.8,21.0],[105.9,21.0],[105.9,21.1],[105.8,21.1],[105.8,21.0]],"
    "[[105.84,21.04],[105.86,21.04],[105.86,21.06],[105.84,21.04]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":2,\"name\":\"Quận Hoàn Kiếm\",\"province_code\":\"01\"},"
    "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[" SQUARE "," SQUARE "]}}]}";

  g_assert_true (import_geojson_text (f, text, GB_UNIT_LEVEL_DISTRICT, &error));
  g_assert_no_error (error);
  unit = gb_store_get_unit (f->store, "001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (unit->name, ==, "Quận Ba Đình");
  g_assert_cmpstr (unit->parent_code, ==, "01");
  g_assert_cmpint (unit->population, ==, 247100);
  g_assert_cmpfloat (unit->min_lon, ==, 105.8);
  g_assert_true (gb_store_unit_exists (f->store, "2"));

  /* The R*Tree finds the district by a box around its corner, and not far away. */
  found = gb_store_units_in_bbox (f->store, 105.85, 21.05, 105.86, 21.06, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = gb_store_units_in_bbox (f->store, 100, 10, 101, 11, &error);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_geojson_bad (Fixture *f, gconstpointer data)
{
  check_bad_geojson (f, "{\"type\":\"FeatureCollection\",\"features\":[", GB_ERROR_PARSE, "malformed JSON");
  check_bad_geojson (f, "{\"type\":\"Feature\"}", GB_ERROR_INVALID_DATA, "FeatureCollection");
  check_bad_geojson (f, "\x89PNG\r\n\x1a\n\x01\x02", GB_ERROR_PARSE, "not a GeoJSON text file");
  /* A broken ring: not closed. */
  check_bad_geojson (f, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                        "\"properties\":{\"code\":\"009\",\"name\":\"X\"},\"geometry\":{\"type\":\"Polygon\","
                        "\"coordinates\":[[[1,1],[2,1],[2,2],[1,2]]]}}]}",
                     GB_ERROR_INVALID_DATA, "not closed");
  /* A ring of three positions. */
  check_bad_geojson (f, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                        "\"properties\":{\"code\":\"009\",\"name\":\"X\"},\"geometry\":{\"type\":\"Polygon\","
                        "\"coordinates\":[[[1,1],[2,1],[1,1]]]}}]}",
                     GB_ERROR_INVALID_DATA, "at least 4");
  /* Missing code, on the second feature: the first must not stay behind. */
  check_bad_geojson (f, "{\"type\":\"FeatureCollection\",\"features\":["
                        "{\"type\":\"Feature\",\"properties\":{\"code\":\"010\",\"name\":\"Y\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQUARE "}},"
                        "{\"type\":\"Feature\",\"properties\":{\"name\":\"Z\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQUARE "}}]}",
                     GB_ERROR_INVALID_DATA, "feature 2");
  g_assert_false (gb_store_unit_exists (f->store, "010"));
  /* Duplicate codes. */
  check_bad_geojson (f, "{\"type\":\"FeatureCollection\",\"features\":["
                        "{\"type\":\"Feature\",\"properties\":{\"code\":\"011\",\"name\":\"Y\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQUARE "}},"
                        "{\"type\":\"Feature\",\"properties\":{\"code\":\"011\",\"name\":\"Z\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQUARE "}}]}",
                     GB_ERROR_DUPLICATE, "appears twice");
  /* Not a polygon. */
  check_bad_geojson (f, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                        "\"properties\":{\"code\":\"012\",\"name\":\"X\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}",
                     GB_ERROR_INVALID_DATA, "Point");
  /* Latitude out of range. */
  check_bad_geojson (f, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                        "\"properties\":{\"code\":\"013\",\"name\":\"X\"},\"geometry\":{\"type\":\"Polygon\","
                        "\"coordinates\":[[[1,1],[2,1],[2,200],[1,1]]]}}]}",
                     GB_ERROR_INVALID_DATA, "longitude/latitude");
}

static void
test_geojson_missing_mapped_property (Fixture *f, gconstpointer data)
{
  g_autofree char *before = gb_test_fingerprint (f->path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                     "\"properties\":{\"ma\":\"020\",\"ten\":\"X\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQUARE "}}]}";
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  GbGeojsonMapping mapping;

  gb_geojson_mapping_init (&mapping, GB_UNIT_LEVEL_DISTRICT);
  mapping.code_prop = "ma";
  mapping.name_prop = "ten";
  mapping.population_prop = "dan_so";
  g_assert_false (gb_geojson_import_bytes (f->store, "t.geojson", bytes, &mapping, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "dan_so"));
  after = gb_test_fingerprint (f->path);
  g_assert_cmpstr (before, ==, after);

  g_clear_error (&error);
  mapping.population_prop = NULL;
  g_assert_true (gb_geojson_import_bytes (f->store, "t.geojson", bytes, &mapping, NULL, &error));
  g_assert_true (gb_store_unit_exists (f->store, "020"));
}

/* Every file of shared/data loads, with as many units as features. */
static void
test_geojson_shared_files (Fixture *f, gconstpointer data)
{
  const struct { const char *file; GbUnitLevel level; const char *code; const char *parent; guint expected; } files[] = {
    { "ninh-thuan/districts.geojson", GB_UNIT_LEVEL_DISTRICT, NULL, NULL, 7 },
    { "ninh-thuan/communes.geojson", GB_UNIT_LEVEL_COMMUNE, NULL, NULL, 65 },
    { "vietnam/communes-vietnam-2009.geojson", GB_UNIT_LEVEL_COMMUNE, "id", "district_id", 11163 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = gb_test_shared_data (files[i].file);
      g_autoptr(GError) error = NULL;
      GbGeojsonMapping mapping;
      guint n = 0;

      if (path == NULL)
        {
          g_test_message ("skipping %s: shared/data is not next to the repository", files[i].file);
          continue;
        }
      gb_geojson_mapping_init (&mapping, files[i].level);
      mapping.code_prop = files[i].code;
      mapping.parent_prop = files[i].parent;
      g_assert_true (gb_geojson_import_file (f->store, path, &mapping, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, files[i].expected);
    }
}

static void
test_series_cases_roundtrip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  gint64 sum = 0;

  g_assert_true (import_series_text (f, GB_SERIES_CASES,
                                     "\xEF\xBB\xBFunit_code,date,community,quarantine,deaths\r\n"
                                     "00001,2021-09-01,3,4,\r\n"
                                     "\"00001\",2021-09-02,\"5\",0,1\r\n", NULL, &error));
  g_assert_no_error (error);
  /* JSON, and a revision of an earlier day. */
  g_assert_true (import_series_text (f, GB_SERIES_CASES,
                                     "[{\"unit_code\":\"00001\",\"date\":\"2021-09-02\",\"community\":6,\"quarantine\":0},"
                                     " {\"unit_code\":\"00001\",\"date\":\"2021-09-03\",\"new_cases\":2}]", NULL, &error));
  g_assert_no_error (error);
  rows = gb_store_get_case_reports (f->store, "00001", NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    sum += g_array_index (rows, GbCaseReport, i).community + g_array_index (rows, GbCaseReport, i).quarantine;
  g_assert_cmpint (sum, ==, 3 + 4 + 6 + 2);
  g_assert_cmpint (g_array_index (rows, GbCaseReport, 0).deaths, ==, -1);
  g_assert_cmpint (g_array_index (rows, GbCaseReport, 1).deaths, ==, -1);  /* the JSON revision had none */
}

static void
test_series_province_file (Fixture *f, gconstpointer data)
{
  g_autofree char *path = gb_test_shared_data ("ninh-thuan/cases-daily.csv");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  g_auto(GStrv) lines = NULL;
  GbUnit province = { .code = (char *) "58", .level = 1, .name = (char *) "Tỉnh Ninh Thuận",
                      .population = 590467, .pop_18 = -1, .pop_65 = -1 };
  gint64 expected = 0, got = 0;
  guint n = 0;

  if (path == NULL)
    {
      g_test_skip ("shared/data is not next to the repository");
      return;
    }
  g_assert_true (gb_store_put_unit (f->store, &province, NULL, &error));
  g_assert_true (gb_series_import_file (f->store, GB_SERIES_CASES, path, "58", &n, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] && *lines[i]; i++)
    expected += g_ascii_strtoll (strchr (lines[i], ',') + 1, NULL, 10);
  rows = gb_store_get_case_reports (f->store, "58", NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < rows->len; i++)
    got += g_array_index (rows, GbCaseReport, i).community;
  g_assert_cmpint (got, ==, expected);
}

static void
test_series_bad (Fixture *f, gconstpointer data)
{
  check_bad_series (f, GB_SERIES_CASES, "unit_code,date,community,bogus\n00001,2021-09-01,1,2\n",
                    GB_ERROR_INVALID_DATA, "unknown column “bogus”");
  check_bad_series (f, GB_SERIES_CASES, "unit_code,date,community\n00001,2021-09-01,1\n00001,2021-09-02,-3\n",
                    GB_ERROR_INVALID_DATA, "test.csv:3: community is negative");
  check_bad_series (f, GB_SERIES_CASES, "unit_code,date,community\n00001,2021-02-31,1\n",
                    GB_ERROR_INVALID_DATA, "not a valid YYYY-MM-DD");
  check_bad_series (f, GB_SERIES_CASES, "unit_code,date,community\n00001,01/09/2021,1\n",
                    GB_ERROR_INVALID_DATA, "test.csv:2");
  check_bad_series (f, GB_SERIES_CASES, "unit_code,date,community\n00001,2021-09-01,1,7\n",
                    GB_ERROR_PARSE, "fields where the header has");
  check_bad_series (f, GB_SERIES_CASES, "unit_code,date,community\n99999,2021-09-01,1\n",
                    GB_ERROR_NOT_FOUND, "no unit has the code 99999");
  check_bad_series (f, GB_SERIES_CASES, "unit_code,date,community\n00001,2021-09-01,1.5\n",
                    GB_ERROR_INVALID_DATA, "not a whole number");
  check_bad_series (f, GB_SERIES_CASES, "unit_code,date,community\n00001,2021-09-01,\"1\n",
                    GB_ERROR_PARSE, "never closed");
  check_bad_series (f, GB_SERIES_CASES, "\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00", GB_ERROR_PARSE, "not a text file");
  check_bad_series (f, GB_SERIES_CASES, "", GB_ERROR_PARSE, "empty");
  check_bad_series (f, GB_SERIES_CASES, "[{\"unit_code\":\"00001\",\"date\":\"2021-09-01\",\"community\":[1]}]",
                    GB_ERROR_INVALID_DATA, "not a single value");
  check_bad_series (f, GB_SERIES_CASES, "[{\"unit_code\":\"00001\",\"date\":", GB_ERROR_PARSE, "malformed JSON");
  check_bad_series (f, GB_SERIES_VACCINATIONS, "unit_code,date,pop_18,dose1_18\n00001,2021-09-01,100,150\n",
                    GB_ERROR_INVALID_DATA, "more people vaccinated");
  check_bad_series (f, GB_SERIES_VACCINATIONS, "unit_code,community\n00001,1\n",
                    GB_ERROR_INVALID_DATA, "unknown column");
}

static void
test_series_vaccinations (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;

  g_assert_true (import_series_text (f, GB_SERIES_VACCINATIONS,
                                     "unit_code,date,pop_18,pop_65,dose1_18,full_18,full_65,doses_given\n"
                                     "00001,2021-09-01,17000,1800,12000,5000,1500,300\n", NULL, &error));
  g_assert_no_error (error);
  rows = gb_store_get_vaccinations (f->store, "00001", NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (g_array_index (rows, GbVaccination, 0).dose1_18, ==, 12000);
  g_assert_cmpint (g_array_index (rows, GbVaccination, 0).doses_allocated, ==, -1);
}

static void
test_csv_reader (void)
{
  const char *text = "a,\"b, with comma\",\"say \"\"hi\"\"\"\r\n\r\nx,\"multi\nline\",z";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(GbCsvReader) reader = gb_csv_reader_new ("t.csv", bytes, &error);
  GPtrArray *fields;

  g_assert_true (gb_csv_reader_next (reader, &fields, &error));
  g_assert_cmpuint (fields->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, "b, with comma");
  g_assert_cmpstr (g_ptr_array_index (fields, 2), ==, "say \"hi\"");
  g_assert_true (gb_csv_reader_next (reader, &fields, &error));
  g_assert_cmpuint (gb_csv_reader_get_line (reader), ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, "multi\nline");
  g_assert_false (gb_csv_reader_next (reader, &fields, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/reader", test_csv_reader);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/import/geojson/good", test_geojson_good);
  ADD ("/import/geojson/bad", test_geojson_bad);
  ADD ("/import/geojson/missing-mapped-property", test_geojson_missing_mapped_property);
  ADD ("/import/geojson/shared-files", test_geojson_shared_files);
  ADD ("/import/series/cases-roundtrip", test_series_cases_roundtrip);
  ADD ("/import/series/province-file", test_series_province_file);
  ADD ("/import/series/vaccinations", test_series_vaccinations);
  ADD ("/import/series/bad", test_series_bad);
#undef ADD
  return g_test_run ();
}
