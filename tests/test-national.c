/* test-national.c — the national set keyed by GSO codes, and the island districts
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-geometry.h"
#include "gb-map-renderer.h"
#include "gb-national.h"
#include "gb-reform-import.h"
#include "gb-series-import.h"
#include "gb-store.h"
#include "gb-test-util.h"

static GbNationalJoin *
join_province (const char *province)
{
  g_autofree char *geojson = gb_test_shared_data ("vietnam/communes-vietnam-2009.geojson");
  g_autofree char *codes = gb_test_shared_data ("vietnam/admin-codes-2021-11-01.json");
  g_autoptr(GError) error = NULL;
  GbNationalJoin *join;

  if (geojson == NULL || codes == NULL)
    return NULL;
  join = gb_national_join (geojson, codes, province, &error);
  g_assert_no_error (error);
  return join;
}

/* Ninh Thuận joined from the national files gives the demo's 65 GSO codes, each with the
 * demo's name (the demo was joined by hand the same way). */
static void
test_join_matches_demo (void)
{
  g_autoptr(GbNationalJoin) join = join_province ("58");
  g_autoptr(GBytes) demo = NULL;
  g_autoptr(JsonParser) demo_parser = json_parser_new ();
  g_autoptr(JsonParser) joined_parser = json_parser_new ();
  g_autoptr(GHashTable) joined = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  JsonArray *features;

  if (join == NULL)
    {
      g_test_skip ("shared/data/vietnam is absent");
      return;
    }
  g_assert_cmpuint (join->features, ==, 65);
  g_assert_cmpuint (join->matched, ==, 65);
  g_assert_cmpuint (join->misses->len, ==, 0);
  g_assert_cmpuint (join->provinces->len, ==, 1);
  g_assert_cmpuint (join->districts->len, ==, 7);

  g_assert_true (json_parser_load_from_data (joined_parser, g_bytes_get_data (join->communes, NULL),
                                             g_bytes_get_size (join->communes), &error));
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (joined_parser)), "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *p = json_object_get_object_member (json_array_get_object_element (features, i), "properties");
      g_hash_table_insert (joined, (gpointer) json_object_get_string_member (p, "code"),
                           (gpointer) json_object_get_string_member (p, "name"));
    }

  demo = g_resources_lookup_data ("/vn/giaoban/demo/communes.geojson", 0, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (demo_parser, g_bytes_get_data (demo, NULL), g_bytes_get_size (demo), &error));
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (demo_parser)), "features");
  g_assert_cmpuint (json_array_get_length (features), ==, 65);
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *p = json_object_get_object_member (json_array_get_object_element (features, i), "properties");
      const char *code = json_object_get_string_member (p, "code");

      g_assert_cmpstr (g_hash_table_lookup (joined, code), ==, json_object_get_string_member (p, "name"));
    }
}

/* Reports keyed by GSO codes land on the joined communes; a 2009 id is no unit any more. */
static void
test_gso_reports_land (void)
{
  g_autoptr(GbNationalJoin) join = join_province ("58");
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GbUnit) unit = NULL;
  g_autoptr(GbUnit) district = NULL;
  guint n = 0;
  const char *text = "unit_code,date,community\n22738,2021-08-01,4\n22738,2021-08-02,2\n22834,2021-08-01,1\n";
  const char *old_id = "unit_code,date,community\n5110101,2021-08-01,4\n";

  if (join == NULL)
    {
      g_test_skip ("shared/data/vietnam is absent");
      return;
    }
  store = gb_store_open (path, &error);
  g_assert_true (gb_national_load_units (store, join, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 65);

  csv = g_bytes_new_static (text, strlen (text));
  g_assert_true (gb_series_import_bytes (store, GB_SERIES_CASES, "reports.csv", csv, NULL, FALSE, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  unit = gb_store_get_unit (store, "22738", &error);
  g_assert_cmpstr (unit->name, ==, "Phường Đô Vinh");
  g_assert_cmpstr (unit->parent_code, ==, "582");
  district = gb_store_get_unit (store, "582", &error);
  g_assert_cmpstr (district->parent_code, ==, "58");
  rows = gb_store_get_case_reports (store, "22738", NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (g_array_index (rows, GbCaseReport, 0).community, ==, 4);

  g_clear_pointer (&csv, g_bytes_unref);
  csv = g_bytes_new_static (old_id, strlen (old_id));
  g_assert_false (gb_series_import_bytes (store, GB_SERIES_CASES, "old.csv", csv, NULL, FALSE, &n, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

/* The whole country: the match rate stays high, every miss has a reason. */
static void
test_join_country (void)
{
  g_autoptr(GbNationalJoin) join = join_province (NULL);
  g_autofree char *report = NULL;

  if (join == NULL)
    {
      g_test_skip ("shared/data/vietnam is absent");
      return;
    }
  g_assert_cmpuint (join->features, ==, 11163);
  g_assert_cmpuint (join->matched + join->misses->len, ==, join->features);
  g_assert_cmpuint (join->matched, >=, 10200);
  g_assert_cmpuint (join->provinces->len, ==, 63);
  /* The communes left out keep their shapes under their 2009 ids: the map has no holes. */
  g_assert_cmpuint (join->unjoined, >=, join->misses->len - 2);
  /* Every commune of the GSO list is a unit, with a shape or without. */
  g_assert_cmpuint (join->matched + join->unmapped->len, ==, 10599);
  for (guint i = 0; i < join->misses->len; i++)
    g_assert_nonnull (((GbNationalMiss *) g_ptr_array_index (join->misses, i))->reason);
  report = gb_national_join_report (join);
  g_assert_true (g_str_has_prefix (report, "Joined "));
}

/* The archipelagos are island districts of Đà Nẵng and Khánh Hòa, with shapes, labelled. */
static void
test_islands (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (":memory:", &error);
  g_autoptr(GbUnit) hs = NULL;
  g_autoptr(GbUnit) ts = NULL;
  g_autoptr(GbGeometry) shape = NULL;
  double x0, y0, x1, y1;

  g_assert_true (gb_national_load_islands (store, &error));
  g_assert_no_error (error);
  hs = gb_store_get_unit (store, "498", &error);
  g_assert_cmpstr (hs->name, ==, "Quần đảo Hoàng Sa (Đà Nẵng)");
  g_assert_cmpstr (hs->parent_code, ==, "48");
  g_assert_cmpint (hs->level, ==, GB_UNIT_LEVEL_DISTRICT);
  ts = gb_store_get_unit (store, "576", &error);
  g_assert_cmpstr (ts->name, ==, "Quần đảo Trường Sa (Khánh Hòa)");
  g_assert_cmpstr (ts->parent_code, ==, "56");
  shape = gb_store_get_unit_geometry (store, "576", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_geometry_n_polygons (shape), >=, 5);
  g_assert_true (gb_geometry_bbox (shape, &x0, &y0, &x1, &y1));
  g_assert_cmpfloat (x0, >, 111.0);
  g_assert_cmpfloat (x1, <, 115.0);
  g_assert_cmpfloat (y0, >, 7.0);
  g_assert_cmpfloat (y1, <, 12.0);
}

/* At the whole country's zoom (a 1280×720 view from 102° to 117.5° E) the archipelagos are drawn
 * and named, as maps published in Việt Nam name them, though their islands take a few pixels. */
static void
test_islands_named_at_country_zoom (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (":memory:", &error);
  g_autoptr(GbMapRenderer) renderer = gb_map_renderer_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1280, 720);
  cairo_t *cr = cairo_create (surface);
  GbMapView view;
  double x0, y0, x1, y1;

  g_assert_true (gb_national_load_islands (store, &error));
  g_assert_true (gb_map_renderer_load (renderer, store, &error));
  g_assert_no_error (error);
  gb_map_project (102.0, 23.5, &x0, &y0);
  gb_map_project (117.5, 8.0, &x1, &y1);
  view.cx = (x0 + x1) / 2;
  view.cy = (y0 + y1) / 2;
  view.scale = MIN (1280 / (x1 - x0), 720 / (y1 - y0));
  gb_map_renderer_draw (renderer, cr, &view, 1280, 720);
  g_assert_true (gb_map_renderer_label_shown (renderer, "498"));
  g_assert_true (gb_map_renderer_label_shown (renderer, "576"));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* A rectangle feature of the 2009 map in province Tỉnh Xa, district Huyện Gần. */
static void
feature (GString    *out,
         const char *id,
         const char *name,
         double      lon0,
         double      lon1)
{
  g_string_append_printf (out, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"%s\",\"name\":\"%s\",\"district\":"
                          "\"Huyện Gần\",\"province\":\"Xa\",\"population_2009\":1000},\"geometry\":{\"type\":"
                          "\"Polygon\",\"coordinates\":[[[%.4f,11.0],[%.4f,11.0],[%.4f,11.02],[%.4f,11.02],[%.4f,11.0]]]}}",
                          out->len > 40 ? "," : "", id, name, lon0, lon1, lon1, lon0, lon0);
}

/* A 2009 commune left out of the join is listed with the commune it shares the longest border
 * with, across the gaps census boundaries leave, and the report states the rule a reform
 * follows for it. */
static void
test_join_report_neighbour (void)
{
  g_autofree char *dir = gb_test_temp_dir ("national-XXXXXX");
  g_autofree char *codes = g_build_filename (dir, "codes.json", NULL);
  g_autofree char *map = g_build_filename (dir, "map.geojson", NULL);
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbNationalJoin) join = NULL;
  g_autoptr(GString) geojson = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autofree char *report = NULL;
  const char *list =
    "{\"data\": [{\"level1_id\": \"99\", \"name\": \"Tỉnh Xa\", \"type\": \"Tỉnh\", \"level2s\": [{\"level2_id\": \"990\", "
    "\"name\": \"Huyện Gần\", \"type\": \"Huyện\", \"level3s\": [{\"level3_id\": \"99001\", \"name\": \"Xã Một\", "
    "\"type\": \"Xã\"}, {\"level3_id\": \"99002\", \"name\": \"Xã Hai\", \"type\": \"Xã\"}]}]}]}";

  g_assert_no_error (error);
  /* Xã Cũ: 87 m from Xã Hai along 2.2 km, 550 m from Xã Một. */
  feature (geojson, "9900001", "Xã Một", 108.0, 108.01);
  feature (geojson, "9900002", "Xã Hai", 108.015, 108.025);
  feature (geojson, "9900003", "Xã Cũ", 108.0258, 108.035);
  g_string_append (geojson, "]}");
  g_assert_true (g_file_set_contents (codes, list, -1, &error));
  g_assert_true (g_file_set_contents (map, geojson->str, -1, &error));
  join = gb_national_join (map, codes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (join->matched, ==, 2);
  g_assert_cmpuint (join->unjoined, ==, 1);
  g_assert_true (gb_national_load_units (store, join, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gb_national_join_neighbours (join, store, &error));
  g_assert_no_error (error);
  report = gb_national_join_report (join);
  g_test_message ("%s", report);
  g_assert_nonnull (strstr (report, "the successor of the commune it shares the longest border with"));
  g_assert_nonnull (strstr (report, "9900003\tXa\tHuyện Gần\tXã Cũ\t"));
  g_assert_nonnull (strstr (report, "; longest border with 99002 Xã Hai ("));
  gb_test_remove_tree (dir);
}

/* On the real national set, the reform of 1/7/2025 leaves no commune with a boundary ending
 * that day without a successor, but islands with no neighbour within reach. */
static void
test_reform_no_holes (void)
{
  g_autoptr(GbNationalJoin) join = join_province (NULL);
  g_autofree char *reform = gb_test_shared_data ("vietnam/reform-2025-07-01.json");
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autofree char *list = NULL;
  g_auto(GStrv) lines = NULL;
  GbReformReport report;

  if (join == NULL || reform == NULL)
    {
      g_test_skip ("shared/data/vietnam is absent");
      return;
    }
  store = gb_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (gb_national_load_units (store, join, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gb_reform_import_file (store, reform, &report, &error));
  g_assert_no_error (error);
  g_test_message ("%u given a successor by their border, %u left without", report.by_border, report.no_heir);
  /* The 2009 communes kept unjoined and the communes of 2021 merged in 2023-2025. */
  g_assert_cmpuint (report.by_border, >=, 1400);
  g_assert_cmpuint (report.no_heir, <=, 2);
  g_assert_cmpint (gb_test_query_int (path, "SELECT count(*) FROM units u WHERE level = 3 AND valid_to = '2025-07-01' "
                                      "AND geometry IS NOT NULL AND NOT EXISTS (SELECT 1 FROM unit_successions s "
                                      "WHERE s.predecessor = u.code)"), ==, report.no_heir);
  list = gb_reform_list_by_border (store, "2025-07-01", &error);
  g_assert_no_error (error);
  lines = g_strsplit (list, "\n", -1);
  /* The rule, a line each, and the empty end. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + report.by_border + report.no_heir + 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/national/join-matches-demo", test_join_matches_demo);
  g_test_add_func ("/national/gso-reports-land", test_gso_reports_land);
  g_test_add_func ("/national/join-country", test_join_country);
  g_test_add_func ("/national/join-report-neighbour", test_join_report_neighbour);
  g_test_add_func ("/national/reform-no-holes", test_reform_no_holes);
  g_test_add_func ("/national/islands", test_islands);
  g_test_add_func ("/national/islands-named-at-country-zoom", test_islands_named_at_country_zoom);
  return g_test_run ();
}
