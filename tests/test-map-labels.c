/* test-map-labels.c — the map names the level its scale can show: provinces for the country,
 * districts (and the communes that fit) for a province, communes zoomed in; never two names over
 * each other; after the 2025 reform no district and the merged provinces
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "gb-demo.h"
#include "gb-geometry.h"
#include "gb-map-renderer.h"
#include "gb-reform-import.h"
#include "gb-store.h"
#include "gb-test-util.h"

/* A small country: 3 × 2 provinces of a degree, each with 2 × 2 districts of 4 × 4 communes,
 * no boundary but the communes' (as the national set). */
#define COLS 3
#define ROWS 2

static const char *province_names[COLS * ROWS] = {
  "Tỉnh Bắc Sơn", "Tỉnh Đông Hà", "Thành phố Hải Cảng", "Tỉnh Nam Điền", "Tỉnh Tây Nguyên", "Tỉnh Cà Mũi",
};

static void
put_unit (GbStore     *store,
          const char  *code,
          GbUnitLevel  level,
          const char  *parent,
          const char  *name,
          double       lon0,
          double       lat0,
          double       side)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbGeometry) g = gb_geometry_new ();
  double ring[] = { lon0, lat0, lon0 + side, lat0, lon0 + side, lat0 + side, lon0, lat0 + side, lon0, lat0 };
  GbUnit u = { .code = (char *) code, .level = level, .parent_code = (char *) parent, .name = (char *) name,
               .population = 1000, .pop_18 = -1, .pop_65 = -1 };

  gb_geometry_begin_polygon (g);
  gb_geometry_add_ring (g, ring, 5);
  g_assert_true (gb_store_put_unit (store, &u, level == GB_UNIT_LEVEL_COMMUNE ? g : NULL, &error));
  g_assert_no_error (error);
}

static GbStore *
country_new (char **path)
{
  GbStore *store = gb_test_store_new (path);

  for (guint p = 0; p < COLS * ROWS; p++)
    {
      g_autofree char *pcode = g_strdup_printf ("%u", 10 + p);
      double plon = 104.0 + p % COLS, plat = 15.0 - p / COLS;

      put_unit (store, pcode, GB_UNIT_LEVEL_PROVINCE, NULL, province_names[p], 0, 0, 0);
      for (guint d = 0; d < 4; d++)
        {
          g_autofree char *dcode = g_strdup_printf ("%s%u", pcode, d);
          g_autofree char *dname = g_strdup_printf ("Huyện %u-%u", p + 1, d + 1);
          double dlon = plon + 0.5 * (d % 2), dlat = plat + 0.5 * (d / 2);

          put_unit (store, dcode, GB_UNIT_LEVEL_DISTRICT, pcode, dname, 0, 0, 0);
          for (guint c = 0; c < 16; c++)
            {
              g_autofree char *ccode = g_strdup_printf ("%s%02u", dcode, c);
              g_autofree char *cname = g_strdup_printf ("Xã %u-%u-%u", p + 1, d + 1, c + 1);

              put_unit (store, ccode, GB_UNIT_LEVEL_COMMUNE, dcode, cname, dlon + 0.125 * (c % 4),
                        dlat + 0.125 * (c / 4), 0.125);
            }
        }
    }
  return store;
}

/* Draws @view (@zoom times the fit of @code) and returns the levels named, checking that no two
 * names overlap and that every name is of a unit of the date. */
static guint
draw_labels (GbMapRenderer *r,
             const char    *code,
             double         zoom,
             int            w,
             int            h)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);
  GbMapView view;
  guint levels = 0, n;

  g_assert_true (gb_map_renderer_fit (r, code, w, h, &view));
  view.scale *= zoom;
  gb_map_renderer_draw (r, cr, &view, w, h);
  n = gb_map_renderer_get_n_labels (r);
  for (guint i = 0; i < n; i++)
    {
      GbUnitLevel level;
      double a[4], b[4];
      const char *label = gb_map_renderer_get_label (r, i, &level, a);

      g_assert_true (gb_map_renderer_label_shown (r, label));
      levels |= 1 << level;
      for (guint j = 0; j < i; j++)
        {
          gb_map_renderer_get_label (r, j, NULL, b);
          g_assert_false (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]);
        }
    }
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  return levels;
}

#define ONLY(level) (1u << (level))

static void
test_levels_by_scale (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = country_new (&path);
  g_autoptr(GbMapRenderer) r = gb_map_renderer_new ();

  g_assert_true (gb_map_renderer_load (r, store, &error));
  g_assert_no_error (error);
  gb_map_renderer_set_date (r, "2021-12-01");

  /* The whole country: its provinces, all of them (there is room), by the names maps print. */
  g_assert_cmpuint (draw_labels (r, NULL, 1, 360, 220), ==, ONLY (GB_UNIT_LEVEL_PROVINCE));
  g_assert_cmpuint (gb_map_renderer_get_n_labels (r), ==, COLS * ROWS);
  g_assert_true (gb_map_renderer_label_shown (r, "12"));
  /* The same on a larger image with larger names (a slide). */
  gb_map_renderer_set_label_size (r, 20);
  g_assert_cmpuint (draw_labels (r, NULL, 1, 540, 330), ==, ONLY (GB_UNIT_LEVEL_PROVINCE));
  gb_map_renderer_set_label_size (r, GB_MAP_LABEL_PX);

  /* One province: its districts, no province; zoomed in, communes. */
  g_assert_cmpuint (draw_labels (r, "10", 1, 300, 200) & ~ONLY (GB_UNIT_LEVEL_COMMUNE), ==, ONLY (GB_UNIT_LEVEL_DISTRICT));
  g_assert_true (gb_map_renderer_label_shown (r, "100"));
  g_assert_false (gb_map_renderer_label_shown (r, "10"));
  g_assert_true (draw_labels (r, "100", 2, 300, 200) & ONLY (GB_UNIT_LEVEL_COMMUNE));
  g_assert_false (gb_map_renderer_label_shown (r, "10"));
}

/* After a reform that merges the provinces two by two and removes the districts: the country
 * names the three new provinces; a province names no district at any zoom. */
static void
test_after_reform (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = country_new (&path);
  g_autoptr(GbMapRenderer) r = gb_map_renderer_new ();
  g_autoptr(GString) json = g_string_new ("{\"valid_from\": \"2025-07-01\", \"provinces\": [");
  g_autoptr(GBytes) bytes = NULL;
  GbReformReport report;

  for (guint p = 0; p < COLS * ROWS; p += 2)
    g_string_append_printf (json, "%s{\"code\": \"%u\", \"name\": \"Tỉnh Mới %u\", \"from\": [\"%u\", \"%u\"]}",
                            p ? ", " : "", 10 + p, p / 2 + 1, 10 + p, 11 + p);
  g_string_append (json, "], \"communes\": [");
  for (guint p = 0; p < COLS * ROWS; p++)
    for (guint d = 0; d < 4; d++)
      for (guint c = 0; c < 16; c++)
        g_string_append_printf (json, "%s{\"code\": \"%u%u%02u\", \"name\": \"Xã Mới %u-%u-%u\", \"type\": \"Xã\", "
                                "\"province\": \"%u\", \"from\": [\"%u%u%02u\"]}",
                                p || d || c ? ", " : "", 10 + p, d, c, p, d, c, 10 + p - p % 2, 10 + p, d, c);
  g_string_append (json, "]}");
  bytes = g_bytes_new (json->str, json->len);
  g_assert_true (gb_reform_import_bytes (store, "test.json", bytes, &report, &error));
  g_assert_no_error (error);
  g_assert_true (gb_map_renderer_load (r, store, &error));
  g_assert_no_error (error);

  /* The day before: the six provinces. */
  gb_map_renderer_set_date (r, "2025-06-30");
  g_assert_cmpuint (draw_labels (r, NULL, 1, 300, 200), ==, ONLY (GB_UNIT_LEVEL_PROVINCE));
  g_assert_true (gb_map_renderer_label_shown (r, "11"));

  gb_map_renderer_set_date (r, "2025-07-02");
  g_assert_cmpuint (draw_labels (r, NULL, 1, 300, 200), ==, ONLY (GB_UNIT_LEVEL_PROVINCE));
  g_assert_cmpuint (gb_map_renderer_get_n_labels (r), ==, COLS * ROWS / 2);
  g_assert_true (gb_map_renderer_label_shown (r, "10"));
  g_assert_false (gb_map_renderer_label_shown (r, "11"));
  for (double zoom = 1; zoom <= 8; zoom *= 2)
    g_assert_false (draw_labels (r, "10", zoom, 300, 200) & ONLY (GB_UNIT_LEVEL_DISTRICT));
}

/* The demo province as the app opens it: its districts and the communes that fit, no overlap. */
static void
test_demo_province (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbMapRenderer) r = gb_map_renderer_new ();
  guint levels;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  g_assert_true (gb_map_renderer_load (r, store, &error));
  g_assert_no_error (error);
  gb_map_renderer_set_date (r, "2021-12-01");
  levels = draw_labels (r, NULL, 1, 1200, 800);
  g_assert_true (levels & ONLY (GB_UNIT_LEVEL_DISTRICT));
  g_assert_false (levels & ONLY (GB_UNIT_LEVEL_PROVINCE));
  g_assert_cmpuint (gb_map_renderer_get_n_labels (r), >=, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/map-labels/levels-by-scale", test_levels_by_scale);
  g_test_add_func ("/map-labels/after-reform", test_after_reform);
  g_test_add_func ("/map-labels/demo-province", test_demo_province);
  return g_test_run ();
}
