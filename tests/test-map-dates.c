/* test-map-dates.c — the map of a date shows the units of that date: a merge entered by hand on
 * the demo province, and a small 2025-style reform (districts gone, a commune split in parts)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <cairo-pdf.h>
#include <poppler.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "gb-demo.h"
#include "gb-geometry.h"
#include "gb-level.h"
#include "gb-level-engine.h"
#include "gb-map-renderer.h"
#include "gb-reform-import.h"
#include "gb-shared-border.h"
#include "gb-store.h"
#include "gb-store-units-history.h"
#include "gb-test-util.h"

#define W 800
#define H 500

/* A pixel well inside @code's boundary (its neighbours within 3 px too), and where it is. */
static gboolean
find_pixel (GbMapRenderer   *r,
            const GbMapView *v,
            const char      *code,
            int             *px,
            int             *py,
            double          *lon,
            double          *lat)
{
  for (int y = 4; y < H - 4; y += 2)
    for (int x = 4; x < W - 4; x += 2)
      {
        gboolean inside = TRUE;

        for (int d = 0; d < 9 && inside; d++)
          inside = g_strcmp0 (gb_map_renderer_hit_test (r, v, W, H, x + 3 * (d % 3 - 1) + 0.5, y + 3 * (d / 3 - 1) + 0.5),
                              code) == 0;
        if (inside)
          {
            *px = x;
            *py = y;
            gb_map_unproject (v->cx + (x + 0.5 - W / 2.0) / v->scale, v->cy + (y + 0.5 - H / 2.0) / v->scale, lon, lat);
            return TRUE;
          }
      }
  return FALSE;
}

static void
to_px (const GbMapView *v,
       double           lon,
       double           lat,
       int             *px,
       int             *py)
{
  double x, y;

  gb_map_project (lon, lat, &x, &y);
  *px = (int) floor ((x - v->cx) * v->scale + W / 2.0);
  *py = (int) floor ((y - v->cy) * v->scale + H / 2.0);
}

static guint32
pixel (cairo_surface_t *s,
       int              x,
       int              y)
{
  cairo_surface_flush (s);
  return *(guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s) + 4 * x) & 0xffffff;
}

static cairo_surface_t *
draw (GbMapRenderer   *r,
      const GbMapView *view)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (s);

  gb_map_renderer_draw (r, cr, view, W, H);
  cairo_destroy (cr);
  return s;
}

static guint
count_communes (GbMapRenderer *r)
{
  guint counts[5], n = 0;

  gb_map_renderer_count_levels (r, counts, NULL);
  for (guint l = 0; l < 5; l++)
    n += counts[l];
  return n;
}

static gboolean
listed (GbMapRenderer *r,
        GbUnitLevel    level,
        const char    *code)
{
  g_autoptr(GPtrArray) list = gb_map_renderer_list_units (r, level);

  return g_ptr_array_find_with_equal_func (list, code, g_str_equal, NULL);
}

/* The demo province with @codes merged by hand into Phường Kinh Dinh (22759) on 1/12/2021. */
static GbStore *
demo_merged (const char **codes,
             char       **path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbUnit) into = gb_unit_new ();
  GbStore *store;

  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  into->code = g_strdup ("22759");
  g_assert_true (gb_store_merge_units (store, codes, into, "2021-12-01", NULL, &error));
  g_assert_no_error (error);
  return store;
}

/* The demo province with Phường Mỹ Hương merged by hand into Phường Kinh Dinh on 1/12/2021:
 * before, two communes; after, Mỹ Hương's boundary is Kinh Dinh, coloured by its level. */
static void
test_demo_merge (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *codes[] = { "22753", "22759", NULL };
  g_autoptr(GbStore) store = demo_merged (codes, &path);
  g_autoptr(GbMapRenderer) r = gb_map_renderer_new ();
  g_autoptr(GbLevelEngine) engine = NULL;
  cairo_surface_t *s;
  GbMapView view;
  double hlon, hlat, klon, klat;
  int hx, hy, kx, ky;

  g_assert_true (gb_map_renderer_load (r, store, &error));
  g_assert_no_error (error);
  engine = gb_level_engine_new (store);

  /* Before: the two wards as they were. */
  g_assert_true (gb_map_renderer_set_levels_from_engine (r, engine, "2021-11-30", &error));
  g_assert_true (gb_map_renderer_fit (r, "582", W, H, &view));
  g_assert_true (find_pixel (r, &view, "22753", &hx, &hy, &hlon, &hlat));
  g_assert_true (find_pixel (r, &view, "22759", &kx, &ky, &klon, &klat));
  g_assert_cmpstr (gb_map_renderer_get_unit_name (r, "22753"), ==, "Phường Mỹ Hương");
  g_assert_true (listed (r, GB_UNIT_LEVEL_COMMUNE, "22753"));
  g_assert_cmpuint (count_communes (r), ==, 65);
  g_assert_cmpstr (gb_map_renderer_hit_test (r, &view, W, H, hx + 0.5, hy + 0.5), ==, "22753");
  gb_map_renderer_set_unit_level (r, "22753", GB_LEVEL_1);
  gb_map_renderer_set_unit_level (r, "22759", GB_LEVEL_4);
  s = draw (r, &view);
  g_assert_cmphex (pixel (s, hx, hy), !=, pixel (s, kx, ky));
  cairo_surface_destroy (s);

  /* After: one ward, Kinh Dinh, wherever either was. */
  g_assert_true (gb_map_renderer_set_levels_from_engine (r, engine, "2021-12-02", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, hlon, hlat), ==, "22759");
  g_assert_cmpstr (gb_map_renderer_hit_test (r, &view, W, H, hx + 0.5, hy + 0.5), ==, "22759");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, klon, klat), ==, "22759");
  g_assert_cmpstr (gb_map_renderer_get_unit_name (r, "22753"), ==, "Phường Kinh Dinh");
  g_assert_false (listed (r, GB_UNIT_LEVEL_COMMUNE, "22753"));
  g_assert_true (listed (r, GB_UNIT_LEVEL_COMMUNE, "22759"));
  g_assert_cmpuint (count_communes (r), ==, 64);
  g_assert_cmpuint (gb_map_renderer_get_unit_level (r, "22753"), ==, gb_map_renderer_get_unit_level (r, "22759"));
  g_assert_false (gb_map_renderer_in_force (r, "22753"));
  gb_map_renderer_set_unit_level (r, "22759", GB_LEVEL_4);
  s = draw (r, &view);
  g_assert_cmphex (pixel (s, hx, hy), ==, pixel (s, kx, ky));
  cairo_surface_destroy (s);

  /* And back: the date alone changes what is drawn, the boundaries are not read again. */
  g_assert_true (gb_map_renderer_set_levels_from_engine (r, engine, "2021-11-30", &error));
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, hlon, hlat), ==, "22753");
  g_assert_cmpuint (count_communes (r), ==, 65);
}

/* Whether @p is lighter than @fill (the sum of its channels). */
static gboolean
lighter (guint32 p,
         guint32 fill)
{
  guint a = 0, b = 0;

  for (guint c = 0; c < 24; c += 8)
    {
      a += (p >> c) & 0xff;
      b += (fill >> c) & 0xff;
    }
  return a > b + 12;
}

/* Whether pixel x, y is under a name the last frame placed. */
static gboolean
under_label (GbMapRenderer *r,
             int            x,
             int            y)
{
  for (guint i = 0; i < gb_map_renderer_get_n_labels (r); i++)
    {
      double box[4];

      gb_map_renderer_get_label (r, i, NULL, box);
      if (x >= box[0] - 2 && x <= box[2] + 2 && y >= box[1] - 2 && y <= box[3] + 2)
        return TRUE;
    }
  return FALSE;
}

/* The demo's wards are census boundaries generalised one by one: neighbours leave gaps and
 * overlaps. Four wards merged into Phường Kinh Dinh are drawn as one piece: no pixel inside it
 * (its pieces and the gaps they enclose, three pixels from its edge), along the old borders
 * between them too, shows a border or the ground, at a province's zoom and closer; nor does its
 * highlighted outline run inside it. */
static void
test_demo_merge_one_piece (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *codes[] = { "22753", "22759", "22750", "22756", NULL };
  g_autoptr(GbStore) store = demo_merged (codes, &path);
  g_autoptr(GbMapRenderer) r = gb_map_renderer_new ();
  g_autoptr(GPtrArray) communes = NULL;
  double zooms[] = { 0.3, 1, 4 }, lon, lat;

  g_assert_true (gb_map_renderer_load (r, store, &error));
  g_assert_no_error (error);
  gb_map_renderer_set_date (r, "2021-12-02");
  communes = gb_map_renderer_list_units (r, GB_UNIT_LEVEL_COMMUNE);
  for (guint i = 0; i < communes->len; i++)
    gb_map_renderer_set_unit_level (r, g_ptr_array_index (communes, i), GB_LEVEL_1);
  gb_map_renderer_set_unit_level (r, "22759", GB_LEVEL_4);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autofree guint8 *inside = g_new0 (guint8, W * H);
      g_autofree int *stack = g_new (int, W * H);
      guint n = 0;
      cairo_surface_t *s;
      GbMapView view;
      guint32 fill;
      int fx, fy;

      g_assert_true (gb_map_renderer_fit (r, "22759", W, H, &view));
      view.scale *= zooms[z];
      /* Inside: what is not reached from the image's edge without crossing the unit. */
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
          inside[y * W + x] = g_strcmp0 (gb_map_renderer_hit_test (r, &view, W, H, x + 0.5, y + 0.5), "22759") == 0 ? 1 : 0;
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
          if ((x == 0 || y == 0 || x == W - 1 || y == H - 1) && inside[y * W + x] == 0)
            {
              inside[y * W + x] = 2;
              stack[n++] = y * W + x;
            }
      while (n > 0)
        {
          int k = stack[--n], x = k % W, y = k / W;
          int next[4] = { x > 0 ? k - 1 : -1, x < W - 1 ? k + 1 : -1, y > 0 ? k - W : -1, y < H - 1 ? k + W : -1 };

          for (guint d = 0; d < 4; d++)
            if (next[d] >= 0 && inside[next[d]] == 0)
              {
                inside[next[d]] = 2;
                stack[n++] = next[d];
              }
        }
      /* Without, then with, its outline highlighted (the hover's). */
      for (guint hl = 0; hl < 2; hl++)
        {
          guint checked = 0, wrong = 0;

          gb_map_renderer_set_highlight (r, hl ? "22759" : NULL);
          s = draw (r, &view);
          g_assert_true (find_pixel (r, &view, "22759", &fx, &fy, &lon, &lat));
          g_assert_false (under_label (r, fx, fy));
          fill = pixel (s, fx, fy);
          for (int y = 3; y < H - 3; y++)
            for (int x = 3; x < W - 3; x++)
              {
                gboolean deep = TRUE;
                guint32 p;

                for (int dy = -3; dy <= 3 && deep; dy++)
                  for (int dx = -3; dx <= 3 && deep; dx++)
                    deep = inside[(y + dy) * W + x + dx] != 2;
                if (!deep || under_label (r, x, y))
                  continue;
                checked++;
                /* A border between communes is light, and so is the ground; the highlight is
                 * blue (the district's outline, from another map than the communes', may
                 * cross it darker). */
                p = pixel (s, x, y);
                if ((lighter (p, fill) || (p & 0xff) > (p >> 16)) && wrong++ < 10)
                  g_test_message ("%d, %d: %06x over %06x", x, y, p, fill);
              }
          g_test_message ("zoom %.1f%s: %u pixels inside, %u a border, the ground or the highlight", zooms[z],
                          hl ? " highlighted" : "", checked, wrong);
          g_assert_cmpuint (checked, >, 1000);
          g_assert_cmpuint (wrong, ==, 0);
          cairo_surface_destroy (s);
        }
    }
}

/* Four square communes in a row under district 990 of province 99, as in 2021. */
static void
put_square (GbStore     *store,
            const char  *code,
            GbUnitLevel  level,
            const char  *parent,
            const char  *name,
            double       lon0,
            double       lon1)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbGeometry) g = gb_geometry_new ();
  double ring[] = { lon0, 11, lon1, 11, lon1, 11.01, lon0, 11.01, lon0, 11 };
  GbUnit u = { .code = (char *) code, .level = level, .parent_code = (char *) parent, .name = (char *) name,
               .population = 10000, .pop_18 = -1, .pop_65 = -1 };

  gb_geometry_begin_polygon (g);
  gb_geometry_add_ring (g, ring, 5);
  g_assert_true (gb_store_put_unit (store, &u, level == GB_UNIT_LEVEL_PROVINCE ? NULL : g, &error));
  g_assert_no_error (error);
}

static const char reform[] =
  "{\"valid_from\": \"2025-07-01\", \"provinces\": [{\"code\": \"98\", \"name\": \"Tỉnh Mới\", \"from\": [\"99\"]}],"
  " \"communes\": ["
  "  {\"code\": \"99001\", \"name\": \"Xã An Bình\", \"type\": \"Xã\", \"province\": \"98\", \"from\": [\"99001\", \"99002\", \"99003\"], \"partial\": [\"99003\"]},"
  "  {\"code\": \"99200\", \"name\": \"Xã Cù Lao\", \"type\": \"Xã\", \"province\": \"98\", \"from\": [\"99003\", \"99004\"], \"partial\": [\"99003\"]}]}";

/* A reform as in 2025: before it province → district → commune, four communes; after it the
 * district is gone, 99001–99003 are Xã An Bình (99003 partly: the rest went into Xã Cù Lao,
 * with 99004). */
static void
test_reform (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbMapRenderer) r = gb_map_renderer_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (reform, strlen (reform));
  g_autofree char *note = NULL;
  const char *codes[] = { "99001", "99002", "99003", "99004" };
  double lon[4], lat = 11.005, x0, y0, x1, y1, x, y;
  GbReformReport report;
  cairo_surface_t *s;
  GbMapView view;
  int px[4], py, edge, ey;

  g_assert_no_error (error);
  put_square (store, "99", GB_UNIT_LEVEL_PROVINCE, NULL, "Tỉnh Cũ", 0, 0);
  put_square (store, "990", GB_UNIT_LEVEL_DISTRICT, "99", "Huyện Cũ", 108.0, 108.04);
  put_square (store, "99001", GB_UNIT_LEVEL_COMMUNE, "990", "Xã A", 108.0, 108.01);
  put_square (store, "99002", GB_UNIT_LEVEL_COMMUNE, "990", "Xã B", 108.01, 108.02);
  put_square (store, "99003", GB_UNIT_LEVEL_COMMUNE, "990", "Xã C", 108.02, 108.03);
  put_square (store, "99004", GB_UNIT_LEVEL_COMMUNE, "990", "Xã D", 108.03, 108.04);
  g_assert_true (gb_reform_import_bytes (store, "small.json", bytes, &report, &error));
  g_assert_no_error (error);
  g_assert_true (gb_map_renderer_load (r, store, &error));
  g_assert_no_error (error);
  g_assert_true (gb_map_renderer_fit (r, NULL, W, H, &view));
  for (guint i = 0; i < 4; i++)
    {
      lon[i] = 108.005 + 0.01 * i;
      to_px (&view, lon[i], lat, &px[i], &py);
    }
  /* Colours are read below the names. */
  to_px (&view, 108.01, 11.002, &edge, &ey);
  for (guint i = 0; i < 4; i++)
    to_px (&view, lon[i], 11.002, &px[i], &py);

  /* Before: the four communes, the district, the old names. */
  gb_map_renderer_set_date (r, "2025-06-30");
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, lon[i], lat), ==, codes[i]);
  g_assert_cmpstr (gb_map_renderer_get_unit_name (r, "99001"), ==, "Xã A");
  g_assert_true (listed (r, GB_UNIT_LEVEL_DISTRICT, "990"));
  g_assert_cmpuint (count_communes (r), ==, 4);
  g_assert_null (gb_map_renderer_hit_test_partial (r, &view, W, H, px[2] + 0.5, py + 0.5));
  for (guint i = 0; i < 4; i++)
    gb_map_renderer_set_unit_level (r, codes[i], GB_LEVEL_4);
  s = draw (r, &view);
  /* A border between Xã A and Xã B, the same level on both sides. */
  {
    gboolean border = FALSE;

    for (int dx = -2; dx <= 2; dx++)
      border |= pixel (s, edge + dx, ey) != pixel (s, px[0], py);
    g_assert_true (border);
  }
  cairo_surface_destroy (s);

  /* After: Xã An Bình over A, B and C (C partly), Xã Cù Lao over D; no district. */
  gb_map_renderer_set_date (r, "2025-07-02");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, lon[0], lat), ==, "99001");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, lon[1], lat), ==, "99001");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, lon[2], lat), ==, "99001");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, lon[3], lat), ==, "99200");
  g_assert_cmpstr (gb_map_renderer_get_unit_name (r, "99001"), ==, "Xã An Bình");
  g_assert_cmpstr (gb_map_renderer_get_unit_name (r, "99002"), ==, "Xã An Bình");
  g_assert_cmpstr (gb_map_renderer_hit_test_partial (r, &view, W, H, px[2] + 0.5, py + 0.5), ==, "99003");
  g_assert_null (gb_map_renderer_hit_test_partial (r, &view, W, H, px[1] + 0.5, py + 0.5));
  note = gb_map_renderer_describe_partial (r, "99003");
  g_assert_nonnull (strstr (note, "Xã C"));
  g_assert_nonnull (strstr (note, "Xã Cù Lao"));
  g_assert_false (listed (r, GB_UNIT_LEVEL_DISTRICT, "990"));
  g_assert_false (listed (r, GB_UNIT_LEVEL_COMMUNE, "99002"));
  g_assert_true (listed (r, GB_UNIT_LEVEL_COMMUNE, "99200"));
  g_assert_cmpuint (count_communes (r), ==, 2);
  g_assert_true (gb_map_renderer_get_bounds (r, "99001", &x0, &y0, &x1, &y1));
  gb_map_unproject (x1, y0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 108.03, 1e-6);
  /* The new province's communes, though it has no boundary of its own. */
  g_assert_true (gb_map_renderer_get_bounds (r, "98", &x0, &y0, &x1, &y1));
  gb_map_unproject (x1, y0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 108.04, 1e-6);

  /* Coloured by the successor's level, no border between its pieces. */
  gb_map_renderer_set_unit_level (r, "99001", GB_LEVEL_4);
  gb_map_renderer_set_unit_level (r, "99200", GB_LEVEL_1);
  s = draw (r, &view);
  g_assert_cmphex (pixel (s, px[1], py), ==, pixel (s, px[0], py));
  g_assert_cmphex (pixel (s, px[3], py), !=, pixel (s, px[0], py));
  for (int dx = -2; dx <= 2; dx++)
    g_assert_cmphex (pixel (s, edge + dx, ey), ==, pixel (s, px[0], py));
  cairo_surface_destroy (s);
}

/* The real reform on the demo province: its 65 communes are 24 from 1/7/2025, its districts
 * gone; the day before, all of them. */
static void
test_reform_real_on_demo (void)
{
  g_autofree char *file = gb_test_shared_data ("vietnam/reform-2025-07-01.json");
  g_autofree char *path = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbMapRenderer) r = gb_map_renderer_new ();
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GPtrArray) districts = NULL;
  GbReformReport report;
  cairo_surface_t *s;
  GbMapView view;

  if (file == NULL || !g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("shared/data/vietnam/reform-2025-07-01.json is absent");
      return;
    }
  path = gb_test_temp_db ();
  store = gb_store_open (path, &error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  g_assert_true (gb_reform_import_file (store, file, &report, &error));
  g_assert_no_error (error);
  g_assert_true (gb_map_renderer_load (r, store, &error));

  gb_map_renderer_set_date (r, "2025-06-30");
  communes = gb_map_renderer_list_units (r, GB_UNIT_LEVEL_COMMUNE);
  districts = gb_map_renderer_list_units (r, GB_UNIT_LEVEL_DISTRICT);
  g_assert_cmpuint (communes->len, ==, 65);
  g_assert_cmpuint (districts->len, ==, 7);
  g_clear_pointer (&communes, g_ptr_array_unref);
  g_clear_pointer (&districts, g_ptr_array_unref);

  gb_map_renderer_set_date (r, "2025-07-02");
  communes = gb_map_renderer_list_units (r, GB_UNIT_LEVEL_COMMUNE);
  districts = gb_map_renderer_list_units (r, GB_UNIT_LEVEL_DISTRICT);
  g_assert_cmpuint (communes->len, ==, 24);
  g_assert_cmpuint (districts->len, ==, 0);
  g_assert_cmpuint (count_communes (r), ==, 24);
  /* Every commune of the date the same level: what is left between them is their borders. */
  for (guint i = 0; i < communes->len; i++)
    gb_map_renderer_set_unit_level (r, g_ptr_array_index (communes, i), GB_LEVEL_2);
  g_assert_true (gb_map_renderer_fit (r, NULL, W, H, &view));
  s = draw (r, &view);
  png = g_build_filename (g_get_tmp_dir (), "test-map-dates-reform.png", NULL);
  cairo_surface_write_to_png (s, png);
  g_test_message ("the demo province on 2/7/2025: %s", png);
  cairo_surface_destroy (s);
}

/* Which pixels of a map of @w × @h drawn @top pixels down are inside @code: 2 for those reached
 * from the image's edge without crossing it, 1 those of @code, 0 the rest (the gaps between its
 * pieces: inside it too). */
static guint8 *
inside_mask (GbMapRenderer   *r,
             const GbMapView *view,
             const char      *code,
             int              w,
             int              h,
             double           top)
{
  guint8 *inside = g_new0 (guint8, W * H);
  g_autofree int *stack = g_new (int, W * H);
  guint n = 0;

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      inside[y * W + x] = g_strcmp0 (gb_map_renderer_hit_test (r, view, w, h, x + 0.5, y - top + 0.5), code) == 0 ? 1 : 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      if ((x == 0 || y == 0 || x == W - 1 || y == H - 1) && inside[y * W + x] == 0)
        {
          inside[y * W + x] = 2;
          stack[n++] = y * W + x;
        }
  while (n > 0)
    {
      int k = stack[--n], x = k % W, y = k / W;
      int next[4] = { x > 0 ? k - 1 : -1, x < W - 1 ? k + 1 : -1, y > 0 ? k - W : -1, y < H - 1 ? k + W : -1 };

      for (guint d = 0; d < 4; d++)
        if (next[d] >= 0 && inside[next[d]] == 0)
          {
            inside[next[d]] = 2;
            stack[n++] = next[d];
          }
    }
  return inside;
}

/* Whether pixel x, y and those within @d of it are all inside. */
static gboolean
deep_inside (const guint8 *inside,
             int           x,
             int           y,
             int           d)
{
  if (x < d || y < d || x >= W - d || y >= H - d)
    return FALSE;
  for (int dy = -d; dy <= d; dy++)
    for (int dx = -d; dx <= d; dx++)
      if (inside[(y + dy) * W + x + dx] == 2)
        return FALSE;
  return TRUE;
}

/* The first page of the PDF at @path drawn on a white image of W × H, as a reader shows it. */
static cairo_surface_t *
render_pdf (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  g_autoptr(GObject) doc = G_OBJECT (poppler_document_new_from_file (uri, NULL, &error));
  g_autoptr(GObject) page = NULL;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (s);

  g_assert_no_error (error);
  page = G_OBJECT (poppler_document_get_page (POPPLER_DOCUMENT (doc), 0));
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (POPPLER_PAGE (page), cr);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* On the day after the merge, every ward at level 1 and Kinh Dinh at level 4. */
static void
levels_as_in_demo_merged (GbMapRenderer *r)
{
  g_autoptr(GPtrArray) communes = NULL;

  gb_map_renderer_set_date (r, "2021-12-02");
  communes = gb_map_renderer_list_units (r, GB_UNIT_LEVEL_COMMUNE);
  for (guint i = 0; i < communes->len; i++)
    gb_map_renderer_set_unit_level (r, g_ptr_array_index (communes, i), GB_LEVEL_1);
  gb_map_renderer_set_unit_level (r, "22759", GB_LEVEL_4);
}

/* The demo with four wards merged into Kinh Dinh (22759) on its date, every ward at level 1
 * and Kinh Dinh at level 4. */
static GbMapRenderer *
demo_merged_renderer (GbStore **store,
                      char    **path)
{
  g_autoptr(GError) error = NULL;
  const char *codes[] = { "22753", "22759", "22750", "22756", NULL };
  GbMapRenderer *r = gb_map_renderer_new ();

  *store = demo_merged (codes, path);
  g_assert_true (gb_map_renderer_load (r, *store, &error));
  g_assert_no_error (error);
  levels_as_in_demo_merged (r);
  return r;
}

/* The colour most pixels deep inside have. */
static guint32
usual_colour (cairo_surface_t *s,
              const guint8    *inside)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint32 best = 0;
  guint most = 0;

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      if (deep_inside (inside, x, y, 3))
        {
          guint32 p = pixel (s, x, y);

          g_hash_table_insert (counts, GUINT_TO_POINTER (p + 1),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (p + 1))) + 1));
        }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > most)
      {
        most = GPOINTER_TO_UINT (value);
        best = GPOINTER_TO_UINT (key) - 1;
      }
  return best;
}

/* An export (PDF, drawn as vector paths) shows a merged ward as one piece too: rendered as a
 * reader does, no pixel deep inside Kinh Dinh is the ground showing through the gaps between
 * its four wards' census boundaries, nor a border. The SVG is the same drawing. */
static void
test_demo_merge_export (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbMapRenderer) r = demo_merged_renderer (&store, &path);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_test_temp_dir ("map-export-XXXXXX");
  g_autofree char *pdf = g_build_filename (dir, "merged.pdf", NULL);
  g_autofree char *svg = g_build_filename (dir, "merged.svg", NULL);
  g_autofree char *text = NULL;
  g_autofree guint8 *inside = NULL;
  double font = CLAMP (MIN (W, H) / 48.0, 10.0, 28.0), lw, lh;
  guint checked = 0, wrong = 0;
  cairo_surface_t *s;
  GbMapView view;
  guint32 fill;
  int top;

  g_assert_true (gb_map_renderer_export (r, pdf, W, H, NULL, "22759", &error));
  g_assert_no_error (error);
  g_assert_true (gb_map_renderer_get_page_view (r, W, H, "22759", &view, &top, &error));
  inside = inside_mask (r, &view, "22759", W, H - top, top);
  gb_map_renderer_get_legend_size (r, font * 0.9, &lw, &lh);
  s = render_pdf (pdf);
  fill = usual_colour (s, inside);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        guint32 p;

        if (!deep_inside (inside, x, y, 3) || under_label (r, x, (int) floor (y - top)) ||
            (x <= font + lw + 2 && y >= H - lh - font - 2))
          continue;
        checked++;
        p = pixel (s, x, y);
        if ((lighter (p, fill) || (p & 0xff) > (p >> 16)) && wrong++ < 10)
          g_test_message ("%d, %d: %06x over %06x", x, y, p, fill);
      }
  {
    g_autofree char *png = g_build_filename (g_get_tmp_dir (), "test-map-dates-export.png", NULL);

    cairo_surface_write_to_png (s, png);
    g_test_message ("the PDF: %u pixels inside, %u the ground or a border (as an image: %s)", checked, wrong, png);
  }
  g_assert_cmpuint (checked, >, 1000);
  g_assert_cmpuint (wrong, ==, 0);
  cairo_surface_destroy (s);

  /* The SVG: paths, and no image but the 8 × 8 tile of the hatching (the outline of a merged
   * unit was an image of its pixels). */
  g_assert_true (gb_map_renderer_export (r, svg, W, H, NULL, "22759", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<path"));
  for (const char *at = strstr (text, "<image"); at != NULL; at = strstr (at + 1, "<image"))
    {
      const char *w = strstr (at, "width=\"");

      g_assert_nonnull (w);
      g_assert_cmpint (atoi (w + 7), <=, 8);
    }
  gb_test_remove_tree (dir);
}

/* The image of the map of Kinh Dinh's ward exported as a PDF by @r, as a reader draws it. */
static cairo_surface_t *
export_pdf (GbMapRenderer *r,
            const char    *pdf)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gb_map_renderer_export (r, pdf, W, H, NULL, "22759", &error));
  g_assert_no_error (error);
  return render_pdf (pdf);
}

/* Runs @sql on the database at @path. */
static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A merged unit's shape is kept in the map cache with the boundaries' version: a renderer
 * loaded next reads it rather than working it out (it has nothing new to keep) and draws the
 * same export; one damaged in the database is worked out again. */
static void
test_demo_merge_shapes_kept (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbMapRenderer) r = demo_merged_renderer (&store, &path);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_test_temp_dir ("map-kept-XXXXXX");
  g_autofree char *pdf = g_build_filename (dir, "kept.pdf", NULL);
  const char *count = "SELECT count(*) FROM map_cache WHERE name = 'merged-shapes'";
  const char *forget = "DELETE FROM map_cache WHERE name = 'merged-shapes'";
  cairo_surface_t *first;

  first = export_pdf (r, pdf);
  g_assert_cmpint (gb_test_query_int (path, count), ==, 0);
  g_assert_true (gb_map_renderer_keep_shapes (r, store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gb_test_query_int (path, count), ==, 1);

  /* Read back whole, then cut short (read as far as it goes: nothing). */
  for (guint damaged = 0; damaged < 2; damaged++)
    {
      g_autoptr(GbMapRenderer) next = gb_map_renderer_new ();
      cairo_surface_t *again;

      if (damaged)
        exec_sql (path, "UPDATE map_cache SET data = substr (data, 1, 100) WHERE name = 'merged-shapes'");
      g_assert_true (gb_map_renderer_load (next, store, &error));
      g_assert_no_error (error);
      levels_as_in_demo_merged (next);
      again = export_pdf (next, pdf);
      g_assert_cmpmem (cairo_image_surface_get_data (first), cairo_image_surface_get_stride (first) * H,
                       cairo_image_surface_get_data (again), cairo_image_surface_get_stride (again) * H);
      cairo_surface_destroy (again);
      /* Whether it worked the shape out: only then has it something to keep. */
      exec_sql (path, forget);
      g_assert_true (gb_map_renderer_keep_shapes (next, store, &error));
      g_assert_no_error (error);
      g_assert_cmpint (gb_test_query_int (path, count), ==, damaged ? 1 : 0);
      if (!damaged)
        {
          g_assert_true (gb_map_renderer_keep_shapes (r, store, &error));
          g_assert_cmpint (gb_test_query_int (path, count), ==, 0);
          /* Kept again, from a renderer that works it out anew. */
          {
            g_autoptr(GbMapRenderer) anew = gb_map_renderer_new ();
            cairo_surface_t *s;

            g_assert_true (gb_map_renderer_load (anew, store, &error));
            levels_as_in_demo_merged (anew);
            s = export_pdf (anew, pdf);
            cairo_surface_destroy (s);
            g_assert_true (gb_map_renderer_keep_shapes (anew, store, &error));
            g_assert_cmpint (gb_test_query_int (path, count), ==, 1);
          }
        }
    }
  cairo_surface_destroy (first);
  gb_test_remove_tree (dir);
}

/* Whether @p is the flag's magenta (or mostly). */
static gboolean
magenta (guint32 p)
{
  guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return r > 0x80 && b > 0x80 && g + 0x40 < MIN (r, b);
}

/* The dashed outline of a unit waiting for review runs along a merged unit's outer edge, on an
 * image and in a PDF: nothing of it inside the unit (in the gaps between its pieces), except
 * the badge where its name goes. */
static void
test_demo_merge_flag (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbMapRenderer) r = demo_merged_renderer (&store, &path);
  g_autofree char *dir = gb_test_temp_dir ("map-flag-XXXXXX");
  g_autofree char *pdf = g_build_filename (dir, "flag.pdf", NULL);
  double zooms[] = { 1, 4 };

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    for (guint vector = 0; vector < 2; vector++)
      {
        g_autofree guint8 *inside = NULL;
        g_autofree guint8 *badge = g_new0 (guint8, W * H);
        guint checked = 0, wrong = 0, edge = 0;
        cairo_surface_t *s;
        GbMapView view;
        cairo_t *cr;

        g_assert_true (gb_map_renderer_fit (r, "22759", W, H, &view));
        view.scale *= zooms[z];
        inside = inside_mask (r, &view, "22759", W, H, 0);
        s = vector ? cairo_pdf_surface_create (pdf, W, H) : cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
        cr = cairo_create (s);
        gb_map_renderer_draw (r, cr, &view, W, H);
        gb_map_renderer_draw_flag (r, cr, &view, W, H, "22759");
        cairo_destroy (cr);
        if (vector)
          {
            cairo_surface_destroy (s);
            s = render_pdf (pdf);
          }
        /* The badge: a disc of magenta, and around it. */
        for (int y = 2; y < H - 2; y++)
          for (int x = 2; x < W - 2; x++)
            {
              gboolean solid = TRUE;

              for (int d = 0; d < 25 && solid; d++)
                solid = magenta (pixel (s, x + d % 5 - 2, y + d / 5 - 2));
              for (int dy = -14; solid && dy <= 14; dy++)
                for (int dx = -14; dx <= 14; dx++)
                  if (x + dx >= 0 && y + dy >= 0 && x + dx < W && y + dy < H)
                    badge[(y + dy) * W + x + dx] = 1;
            }
        for (int y = 0; y < H; y++)
          for (int x = 0; x < W; x++)
            {
              if (inside[y * W + x] != 2 && magenta (pixel (s, x, y)))
                edge++;
              if (!deep_inside (inside, x, y, 3) || badge[y * W + x])
                continue;
              checked++;
              if (magenta (pixel (s, x, y)) && wrong++ < 10)
                g_test_message ("%d, %d: %06x", x, y, pixel (s, x, y));
            }
        if (g_test_verbose ())
          {
            g_autofree char *png = g_strdup_printf ("%s/test-map-dates-flag-%u-%u.png", g_get_tmp_dir (), z, vector);

            cairo_surface_write_to_png (s, png);
          }
        g_test_message ("zoom %.0f, %s: %u pixels inside, %u of the flag's outline; %u on its edge", zooms[z],
                        vector ? "PDF" : "image", checked, wrong, edge);
        g_assert_cmpuint (checked, >, 1000);
        g_assert_cmpuint (edge, >, 100);
        g_assert_cmpuint (wrong, ==, 0);
        cairo_surface_destroy (s);
      }
  gb_test_remove_tree (dir);
}

/* A commune of @parent over [lon0, lon1] × [lat0, lat1]; its geometry too in @out if not NULL. */
static void
put_rect (GbStore     *store,
          const char  *code,
          const char  *parent,
          double       lon0,
          double       lon1,
          double       lat0,
          double       lat1)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbGeometry) g = gb_geometry_new ();
  double ring[] = { lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1, lon0, lat0 };
  GbUnit u = { .code = (char *) code, .level = GB_UNIT_LEVEL_COMMUNE, .parent_code = (char *) parent,
               .name = (char *) code, .population = 1000, .pop_18 = -1, .pop_65 = -1 };

  gb_geometry_begin_polygon (g);
  gb_geometry_add_ring (g, ring, 5);
  g_assert_true (gb_store_put_unit (store, &u, g, &error));
  g_assert_no_error (error);
}

static GbGeometry *
rect (double lon0,
      double lon1,
      double lat0,
      double lat1)
{
  GbGeometry *g = gb_geometry_new ();
  double ring[] = { lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1, lon0, lat0 };

  gb_geometry_begin_polygon (g);
  gb_geometry_add_ring (g, ring, 5);
  return g;
}

static const char orphans_reform[] =
  "{\"valid_from\": \"2025-07-01\", \"provinces\": [{\"code\": \"98\", \"name\": \"Tỉnh Mới\", \"from\": [\"99\"]}],"
  " \"communes\": ["
  "  {\"code\": \"98001\", \"name\": \"Xã Một\", \"type\": \"Xã\", \"province\": \"98\", \"from\": [\"99001\"]},"
  "  {\"code\": \"98002\", \"name\": \"Xã Hai\", \"type\": \"Xã\", \"province\": \"98\", \"from\": [\"99002\", \"99003\"]},"
  "  {\"code\": \"98003\", \"name\": \"Xã Ba\", \"type\": \"Xã\", \"province\": \"98\", \"from\": [\"99005\"]},"
  "  {\"code\": \"98004\", \"name\": \"Đặc khu Đảo\", \"type\": \"Đặc khu\", \"province\": \"98\", \"from\": [], \"from_district\": [\"992\"]}]}";

/* Communes a reform does not name (2009 communes without a GSO code, merges of 2023–2025) go
 * where the neighbour they share the longest border with went, one of their own district first,
 * across the gaps census boundaries leave; one next to such communes only, once they are given;
 * one with no neighbour is left without, and listed. Before the reform each is itself. */
static void
test_reform_orphans (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbMapRenderer) r = gb_map_renderer_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (orphans_reform, strlen (orphans_reform));
  g_autoptr(GbGeometry) a = rect (108.0, 108.01, 11.0, 11.02);
  g_autoptr(GbGeometry) near = rect (108.0108, 108.02, 11.0, 11.02);
  g_autoptr(GbGeometry) far = rect (108.0140, 108.02, 11.0, 11.02);
  g_autofree char *list = NULL;
  GbReformReport report;
  double side = 0.02 * 110574;

  g_assert_no_error (error);
  /* Two boundaries 87 m apart share their border (and a bit of their ends, within the tolerance
   * of the corners); 440 m apart, none. */
  g_assert_cmpfloat (gb_shared_border_length (a, near, GB_SHARED_BORDER_TOLERANCE), >=, side - 1);
  g_assert_cmpfloat (gb_shared_border_length (a, near, GB_SHARED_BORDER_TOLERANCE), <=, side + 2 * GB_SHARED_BORDER_TOLERANCE);
  g_assert_cmpfloat (gb_shared_border_length (a, far, GB_SHARED_BORDER_TOLERANCE), ==, 0);

  put_square (store, "99", GB_UNIT_LEVEL_PROVINCE, NULL, "Tỉnh Cũ", 0, 0);
  put_square (store, "990", GB_UNIT_LEVEL_DISTRICT, "99", "Huyện Một", 108.0, 108.04);
  put_square (store, "991", GB_UNIT_LEVEL_DISTRICT, "99", "Huyện Hai", 108.0, 108.04);
  put_rect (store, "99001", "990", 108.0, 108.01, 11.0, 11.02);
  put_rect (store, "99002", "990", 108.0108, 108.02, 11.0, 11.02);
  /* O: 2.2 km along 99002 (76 m apart), 1 km along 99003 (55 m apart). */
  put_rect (store, "99003", "990", 108.02, 108.04, 10.99, 10.9995);
  put_rect (store, "9900001", "990", 108.0207, 108.03, 11.0, 11.02);
  /* North of O, of its district: only O and, of another district, 99005. */
  put_rect (store, "9900003", "990", 108.0207, 108.03, 11.0205, 11.03);
  /* East of O, of the other district: 2.2 km along O, 1 km along 99005 of its own. */
  put_rect (store, "9910002", "991", 108.0307, 108.04, 11.0, 11.02);
  put_rect (store, "99005", "991", 108.0307, 108.04, 11.0205, 11.03);
  /* An island; another, of an island district that becomes a special zone. */
  put_rect (store, "9900009", "990", 108.2, 108.21, 11.0, 11.01);
  put_square (store, "992", GB_UNIT_LEVEL_DISTRICT, "99", "Huyện Đảo", 108.3, 108.31);
  put_rect (store, "9920001", "992", 108.3, 108.31, 11.0, 11.01);

  g_assert_true (gb_reform_import_bytes (store, "orphans.json", bytes, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.by_border, ==, 4);
  g_assert_cmpuint (report.no_heir, ==, 1);
  list = gb_reform_list_by_border (store, "2025-07-01", &error);
  g_assert_no_error (error);
  g_test_message ("%s", list);
  g_assert_nonnull (strstr (list, "9900001\t9900001\t98002\tXã Hai\tby its border: "));
  g_assert_nonnull (strstr (list, " m with 99002 99002\n"));
  g_assert_nonnull (strstr (list, "9900003\t9900003\t98002\tXã Hai\tby its border: "));
  g_assert_nonnull (strstr (list, "9910002\t9910002\t98003\tXã Ba\tby its border: "));
  g_assert_nonnull (strstr (list, "9900009\t9900009\t-\t-\tno neighbour"));
  g_assert_nonnull (strstr (list, "9920001\t9920001\t98004\tĐặc khu Đảo\tby its district: "));

  g_assert_true (gb_map_renderer_load (r, store, &error));
  g_assert_no_error (error);
  gb_map_renderer_set_date (r, "2025-06-30");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, 108.025, 11.01), ==, "9900001");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, 108.205, 11.005), ==, "9900009");
  gb_map_renderer_set_date (r, "2025-07-02");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, 108.025, 11.01), ==, "98002");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, 108.025, 11.025), ==, "98002");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, 108.035, 11.01), ==, "98003");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, 108.005, 11.01), ==, "98001");
  g_assert_null (gb_map_renderer_hit_test_lonlat (r, 108.205, 11.005));
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (r, 108.305, 11.005), ==, "98004");
}

/* A line drawn over the map: grey, darker than the ground (the commune borders are white). */
static gboolean
line_pixel (guint32 p)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return MAX (r, MAX (g, b)) - MIN (r, MIN (g, b)) < 48 && r + g + b < 3 * 200;
}

/* The ground: light grey. */
static gboolean
ground_pixel (guint32 p)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return MAX (r, MAX (g, b)) - MIN (r, MIN (g, b)) < 24 && r + g + b > 3 * 200;
}

/* The level-1 green, or most of it. */
static gboolean
green_pixel (guint32 p)
{
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return g - r > 100 && g - b > 20;
}

/* A district's laptop: the demo with the communes of Huyện Ninh Phước (587) only, and Huyện
 * Thuận Nam (589) merged into it by hand on 1/12/2021. On the day after, around Xã Phước Vinh
 * on the merged district's northern edge, every commune at level 1: the district's dark
 * outline runs along its communes' edges, so no fill stands out past it, reached from the
 * frame's edges without crossing a line (drawn from its own boundaries, generalised apart from
 * its communes', the outline cut across the fills and left slivers of ground inside it). */
static void
test_district_laptop_outline (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbUnit) into = gb_unit_new ();
  g_autoptr(GbMapRenderer) r = gb_map_renderer_new ();
  g_autoptr(GPtrArray) communes = NULL;
  g_autofree guint8 *outside = g_new0 (guint8, W * H);
  g_autofree int *stack = g_new (int, W * H);
  const char *codes[] = { "587", "589", NULL };
  guint n = 0, beyond = 0, filled = 0;
  cairo_surface_t *s;
  GbMapView view;
  cairo_t *cr;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  exec_sql (path, "DELETE FROM units WHERE level = 3 AND parent_code <> '587'");
  into->code = g_strdup ("587");
  g_assert_true (gb_store_merge_units (store, codes, into, "2021-12-01", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gb_map_renderer_load (r, store, &error));
  gb_map_renderer_set_date (r, "2021-12-02");
  communes = gb_map_renderer_list_units (r, GB_UNIT_LEVEL_COMMUNE);
  g_assert_cmpuint (communes->len, ==, 9);
  for (guint i = 0; i < communes->len; i++)
    gb_map_renderer_set_unit_level (r, g_ptr_array_index (communes, i), GB_LEVEL_1);
  g_assert_true (gb_map_renderer_fit (r, "22912", W, H, &view));

  s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cr = cairo_create (s);
  gb_map_renderer_draw (r, cr, &view, W, H);
  cairo_destroy (cr);
  cairo_surface_flush (s);

  /* What is reached from the frame's top and right edges (north-east of the commune, outside
   * the district) without crossing a line. */
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      if ((y == 0 || x == W - 1) && ground_pixel (pixel (s, x, y)))
        {
          outside[y * W + x] = 1;
          stack[n++] = y * W + x;
        }
  while (n > 0)
    {
      int k = stack[--n], x = k % W, y = k / W;
      int next[4] = { x > 0 ? k - 1 : -1, x < W - 1 ? k + 1 : -1, y > 0 ? k - W : -1, y < H - 1 ? k + W : -1 };

      for (guint d = 0; d < 4; d++)
        if (next[d] >= 0 && !outside[next[d]] && !line_pixel (pixel (s, next[d] % W, next[d] / W)))
          {
            outside[next[d]] = 1;
            stack[n++] = next[d];
          }
    }
  for (int k = 0; k < W * H; k++)
    if (green_pixel (pixel (s, k % W, k / W)))
      {
        filled++;
        beyond += outside[k];
      }
  {
    g_autofree char *png = g_build_filename (g_get_tmp_dir (), "test-map-dates-district.png", NULL);

    cairo_surface_write_to_png (s, png);
    g_test_message ("%u pixels of fill, %u outside the outline (as an image: %s)", filled, beyond, png);
  }
  g_assert_cmpuint (filled, >, 10000);
  g_assert_cmpuint (beyond, <=, 20);
  cairo_surface_destroy (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/map-dates/demo-merge", test_demo_merge);
  g_test_add_func ("/map-dates/demo-merge-one-piece", test_demo_merge_one_piece);
  g_test_add_func ("/map-dates/demo-merge-export", test_demo_merge_export);
  g_test_add_func ("/map-dates/demo-merge-flag", test_demo_merge_flag);
  g_test_add_func ("/map-dates/demo-merge-shapes-kept", test_demo_merge_shapes_kept);
  g_test_add_func ("/map-dates/district-laptop-outline", test_district_laptop_outline);
  g_test_add_func ("/map-dates/reform", test_reform);
  g_test_add_func ("/map-dates/reform-orphans", test_reform_orphans);
  g_test_add_func ("/map-dates/reform-real-on-demo", test_reform_real_on_demo);
  return g_test_run ();
}
