/* test-map.c — the map renderer on a small known geography: colours inside each polygon,
 * hit tests with holes and multipolygons, exports, the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "gb-error.h"
#include "gb-geojson-import.h"
#include "gb-level.h"
#include "gb-map-renderer.h"
#include "gb-store.h"
#include "gb-test-util.h"

/* Four communes of one district near 11.5°N 109°E:
 * - 90001: a square with a square hole (the hole is 90002, an island commune inside it);
 * - 90003: a multipolygon of two squares apart;
 * - 90004: a plain square (no data: hatched). */
static const char geojson[] =
  "{\"type\":\"FeatureCollection\",\"features\":["
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"90001\",\"name\":\"Xã Có Lỗ\",\"parent\":\"900\"},"
  " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
  "  [[109.0,11.5],[109.1,11.5],[109.1,11.6],[109.0,11.6],[109.0,11.5]],"
  "  [[109.03,11.53],[109.07,11.53],[109.07,11.57],[109.03,11.57],[109.03,11.53]]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"90002\",\"name\":\"Xã Đảo\",\"parent\":\"900\"},"
  " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
  "  [[109.03,11.53],[109.07,11.53],[109.07,11.57],[109.03,11.57],[109.03,11.53]]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"90003\",\"name\":\"Xã Hai Mảnh\",\"parent\":\"900\"},"
  " \"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
  "  [[[109.12,11.5],[109.16,11.5],[109.16,11.54],[109.12,11.54],[109.12,11.5]]],"
  "  [[[109.12,11.56],[109.16,11.56],[109.16,11.6],[109.12,11.6],[109.12,11.56]]]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"90004\",\"name\":\"Xã Trống\",\"parent\":\"900\"},"
  " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
  "  [[109.18,11.5],[109.22,11.5],[109.22,11.6],[109.18,11.6],[109.18,11.5]]]}}"
  "]}";

static GbStore *
map_store (char **path_out)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autofree char *file = gb_test_write_temp ("communes.geojson", geojson, -1);
  g_autoptr(GError) error = NULL;
  GbGeojsonMapping mapping;
  guint n = 0;
  GbStore *store = gb_store_open (path, &error);
  g_autoptr(GbUnit) district = gb_unit_new ();

  g_assert_no_error (error);
  district->code = g_strdup ("900");
  district->level = GB_UNIT_LEVEL_DISTRICT;
  district->name = g_strdup ("Huyện Thử");
  g_assert_true (gb_store_put_unit (store, district, NULL, &error));
  gb_geojson_mapping_init (&mapping, GB_UNIT_LEVEL_COMMUNE);
  mapping.code_prop = "code";
  mapping.parent_prop = "parent";
  g_assert_true (gb_geojson_import_file (store, file, &mapping, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  if (path_out)
    *path_out = g_steal_pointer (&path);
  return store;
}

static guint32
pixel_at (cairo_surface_t *s,
          double           x,
          double           y)
{
  unsigned char *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);

  return *(guint32 *) (data + (int) y * stride + (int) x * 4) & 0xffffff;
}

static void
world_to_px (const GbMapView *v, int w, int h, double lon, double lat, double *px, double *py)
{
  double x, y;

  gb_map_project (lon, lat, &x, &y);
  *px = (x - v->cx) * v->scale + w / 2.0;
  *py = (y - v->cy) * v->scale + h / 2.0;
}

static void
test_render_colors (void)
{
  g_autoptr(GbStore) store = map_store (NULL);
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 400);
  cairo_t *cr = cairo_create (surface);
  static const struct { double lon, lat; guint32 color; } probes[] = {
    { 109.01, 11.51, 0xDA4711 },   /* 90001 outside its hole: red */
    { 109.036, 11.536, 0x0FA57F }, /* the hole is 90002: green, not red (off the name) */
    { 109.126, 11.506, 0xF1BA15 }, /* 90003, first part: yellow */
    { 109.126, 11.594, 0xF1BA15 }, /* 90003, second part */
  };
  GbMapView view;
  double px, py;
  guint counts[5], declared;

  g_assert_true (gb_map_renderer_load (map, store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_map_renderer_get_n_units (map), ==, 4);
  g_assert_true (gb_map_renderer_set_unit_level (map, "90001", GB_LEVEL_4));
  g_assert_true (gb_map_renderer_set_unit_level (map, "90002", GB_LEVEL_1));
  g_assert_true (gb_map_renderer_set_unit_level (map, "90003", GB_LEVEL_2 | GB_LEVEL_DECLARED_FLAG));
  g_assert_false (gb_map_renderer_set_unit_level (map, "99999", GB_LEVEL_2));
  g_assert_false (gb_map_renderer_set_unit_level (map, "90001", 7));
  g_assert_true (gb_map_renderer_fit (map, NULL, 800, 400, &view));
  gb_map_renderer_draw (map, cr, &view, 800, 400);
  cairo_surface_flush (surface);

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      world_to_px (&view, 800, 400, probes[i].lon, probes[i].lat, &px, &py);
      g_test_message ("probe %u at %.0f,%.0f: %06x", i, px, py, pixel_at (surface, px, py));
      g_assert_cmphex (pixel_at (surface, px, py), ==, probes[i].color);
    }
  /* No data is hatched grey: two greys, never a level colour. */
  {
    gboolean light = FALSE, dark = FALSE;

    world_to_px (&view, 800, 400, 109.19, 11.52, &px, &py);
    for (int k = 0; k < 12; k++)
      {
        guint32 p = pixel_at (surface, px + k, py);

        g_assert_true (p != 0x0FA57F && p != 0xF1BA15 && p != 0xF28E12 && p != 0xDA4711);
        light |= p == 0xD4D7DB;
        dark |= ((p >> 16) & 0xff) < 0xC0;
      }
    g_assert_true (light && dark);
  }
  /* Communes this large have their borders: a light line a pixel or two wide where the
   * island meets the commune around it (drawn by both), not more. */
  {
    double qx, qy;
    guint light = 0;

    world_to_px (&view, 800, 400, 109.02, 11.55, &px, &py);
    world_to_px (&view, 800, 400, 109.04, 11.55, &qx, &qy);
    for (int x = (int) px; x <= (int) qx; x++)
      {
        guint32 p = pixel_at (surface, x, py);

        light += ((p >> 8) & 0xff) > 0xC0 && ((p >> 16) & 0xff) > 0x80;
      }
    g_assert_cmpuint (light, >=, 1);
    g_assert_cmpuint (light, <=, 2);
  }
  /* Between the communes: the plain ground. */
  world_to_px (&view, 800, 400, 109.11, 11.55, &px, &py);
  g_assert_cmphex (pixel_at (surface, px, py), ==, 0xEEF1F4);

  gb_map_renderer_count_levels (map, counts, &declared);
  g_assert_cmpuint (counts[GB_LEVEL_4], ==, 1);
  g_assert_cmpuint (counts[GB_LEVEL_1], ==, 1);
  g_assert_cmpuint (counts[GB_LEVEL_2], ==, 1);
  g_assert_cmpuint (counts[GB_LEVEL_NO_DATA], ==, 1);
  g_assert_cmpuint (declared, ==, 1);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The 8×8 pattern at @x, @y (one period of every level's tile): which pixels differ from the
 * first one's colour, as bits, taken at the shift that gives the least number so that where
 * the tile starts does not matter. */
static guint64
pattern_at (cairo_surface_t *s,
            double           x,
            double           y,
            guint           *n_colors)
{
  guint32 colors[64];
  guint64 best = G_MAXUINT64;

  *n_colors = 0;
  for (int j = 0; j < 8; j++)
    for (int i = 0; i < 8; i++)
      {
        guint32 p = pixel_at (s, x + i, y + j);
        guint k;

        colors[j * 8 + i] = p;
        for (k = 0; k < (guint) (j * 8 + i) && colors[k] != p; k++)
          ;
        *n_colors += k == (guint) (j * 8 + i);
      }
  for (int dy = 0; dy < 8; dy++)
    for (int dx = 0; dx < 8; dx++)
      {
        guint32 base = colors[dy * 8 + dx];
        guint64 bits = 0;

        for (int j = 0; j < 8; j++)
          for (int i = 0; i < 8; i++)
            if (colors[((j + dy) & 7) * 8 + ((i + dx) & 7)] != base)
              bits |= G_GUINT64_CONSTANT (1) << (j * 8 + i);
        best = MIN (best, bits);
      }
  return best;
}

/* With patterns (asked for, or high contrast) every level has its own: level 1 plain, the
 * others their marks, none like another or like the "no data" hatch; the same on an image and
 * through Cairo paths; high contrast also changes the colours. */
static void
test_level_patterns (void)
{
  g_autoptr(GbStore) store = map_store (NULL);
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  static const struct { double lon, lat; } probes[] = {
    { 109.036, 11.536 },  /* 90002: level 1 */
    { 109.126, 11.506 },  /* 90003: level 2 */
    { 109.19, 11.52 },    /* 90004: level 3 */
    { 109.005, 11.505 },  /* 90001: level 4 */
  };
  guint64 seen[2][4];
  guint32 plain_l4 = 0;
  GbMapView view;

  g_assert_true (gb_map_renderer_load (map, store, &error));
  gb_map_renderer_set_unit_level (map, "90002", GB_LEVEL_1);
  gb_map_renderer_set_unit_level (map, "90003", GB_LEVEL_2);
  gb_map_renderer_set_unit_level (map, "90004", GB_LEVEL_3);
  gb_map_renderer_set_unit_level (map, "90001", GB_LEVEL_4);
  g_assert_true (gb_map_renderer_fit (map, NULL, 800, 400, &view));
  g_assert_false (gb_map_renderer_get_patterns (map));

  for (guint pass = 0; pass < 4; pass++)
    {
      /* 0: plain; 1: patterns on an image; 2: the same through a group (Cairo paths); 3: high contrast */
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 400);
      cairo_t *cr = cairo_create (surface);

      gb_map_renderer_set_patterns (map, pass == 1 || pass == 2);
      gb_map_renderer_set_high_contrast (map, pass == 3);
      g_assert_true (gb_map_renderer_get_patterns (map) == (pass != 0));
      if (pass == 2)
        cairo_push_group (cr);
      gb_map_renderer_draw (map, cr, &view, 800, 400);
      if (pass == 2)
        {
          cairo_pop_group_to_source (cr);
          cairo_paint (cr);
        }
      cairo_surface_flush (surface);
      for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
        {
          double px, py;
          guint n_colors;
          guint64 bits;

          world_to_px (&view, 800, 400, probes[i].lon, probes[i].lat, &px, &py);
          bits = pattern_at (surface, px, py, &n_colors);
          g_test_message ("pass %u level %u: %u colours, %016" G_GINT64_MODIFIER "x", pass, i + 1, n_colors, bits);
          if (pass == 0)
            {
              g_assert_cmpuint (n_colors, ==, 1);
              if (i == 3)
                plain_l4 = pixel_at (surface, px, py);
              continue;
            }
          g_assert_cmpuint (n_colors, ==, i == 0 ? 1 : 2);
          if (pass == 3 && i == 3)
            g_assert_cmphex (pixel_at (surface, px, py) == plain_l4 ? 0 : 1, ==, 1);
          seen[pass == 3][i] = bits;
          for (guint k = 0; k < i; k++)
            g_assert_true (seen[pass == 3][k] != bits);
          if (pass >= 2)
            g_assert_true (seen[0][i] == bits);
        }
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }

  /* The legend's swatches show the same patterns: level 4, 3, 2 marked, level 1 plain. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
    cairo_t *cr = cairo_create (surface);
    const double font = 20, pad = font * 0.8, row = font * 1.7;

    gb_map_renderer_set_high_contrast (map, FALSE);
    gb_map_renderer_set_patterns (map, TRUE);
    gb_map_renderer_draw_legend (map, cr, 0, 0, font);
    cairo_surface_flush (surface);
    for (guint i = 0; i < 4; i++)
      {
        guint n_colors;
        guint64 bits = pattern_at (surface, pad + 4, pad + i * row + font * 0.2 + 4, &n_colors);

        g_assert_true (bits == seen[0][3 - i]);
      }
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }

  /* "No data" keeps its own hatch, unlike level 3's. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 400);
    cairo_t *cr = cairo_create (surface);
    double px, py;
    guint n_colors;

    gb_map_renderer_set_unit_level (map, "90004", GB_LEVEL_NO_DATA);
    gb_map_renderer_draw (map, cr, &view, 800, 400);
    cairo_surface_flush (surface);
    world_to_px (&view, 800, 400, probes[2].lon, probes[2].lat, &px, &py);
    g_assert_true (pattern_at (surface, px, py, &n_colors) != seen[1][2]);
    g_assert_cmpuint (n_colors, >=, 2);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

static void
test_hit_test (void)
{
  g_autoptr(GbStore) store = map_store (NULL);
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  GbMapView view;
  double px, py;

  g_assert_true (gb_map_renderer_load (map, store, &error));
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (map, 109.01, 11.51), ==, "90001");
  /* Inside the hole: the island, not the commune around it. */
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (map, 109.05, 11.55), ==, "90002");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (map, 109.14, 11.52), ==, "90003");
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (map, 109.14, 11.58), ==, "90003");
  /* Between the two parts of the multipolygon, inside its bounding box: nothing. */
  g_assert_null (gb_map_renderer_hit_test_lonlat (map, 109.14, 11.55));
  g_assert_null (gb_map_renderer_hit_test_lonlat (map, 100.0, 20.0));

  g_assert_true (gb_map_renderer_fit (map, NULL, 640, 480, &view));
  world_to_px (&view, 640, 480, 109.20, 11.58, &px, &py);
  g_assert_cmpstr (gb_map_renderer_hit_test (map, &view, 640, 480, px, py), ==, "90004");
  g_assert_cmpstr (gb_map_renderer_get_unit_name (map, "90004"), ==, "Xã Trống");
}

/* Panning through the cache gives the same image as drawing directly. */
static void
test_cached_pan (void)
{
  g_autoptr(GbStore) store = map_store (NULL);
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *ca = cairo_create (a), *cb = cairo_create (b);
  GbMapView view;
  guint differ = 0;

  g_assert_true (gb_map_renderer_load (map, store, &error));
  /* Levels everywhere: the hatching of "no data" is anchored to the image, not the map. */
  gb_map_renderer_set_unit_level (map, "90001", GB_LEVEL_3);
  gb_map_renderer_set_unit_level (map, "90002", GB_LEVEL_1);
  gb_map_renderer_set_unit_level (map, "90003", GB_LEVEL_2);
  gb_map_renderer_set_unit_level (map, "90004", GB_LEVEL_4);
  gb_map_renderer_fit (map, NULL, 400, 300, &view);
  gb_map_renderer_draw_cached (map, cb, &view, 400, 300);
  view.cx += 37 / view.scale;   /* a pan of 37 pixels */
  view.cy -= 12 / view.scale;
  gb_map_renderer_draw (map, ca, &view, 400, 300);
  gb_map_renderer_draw_cached (map, cb, &view, 400, 300);
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  for (int y = 0; y < 300; y += 3)
    for (int x = 0; x < 400; x += 3)
      differ += pixel_at (a, x, y) != pixel_at (b, x, y);
  /* Labels and anti-aliased edges may shift by a pixel; areas do not. */
  g_assert_cmpuint (differ, <, 400 * 300 / 9 / 50);
  cairo_destroy (ca);
  cairo_destroy (cb);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* How many of the pixels of two images of @w × @h differ. */
static guint
pixels_differ (cairo_surface_t *a,
               cairo_surface_t *b,
               int              w,
               int              h)
{
  guint differ = 0;

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      differ += pixel_at (a, x, y) != pixel_at (b, x, y);
  return differ;
}

/* New levels drawn again into the cached image (a date step) give exactly the image a new
 * renderer draws with them. */
static void
test_cached_redraw_in_place (void)
{
  g_autoptr(GbStore) store = map_store (NULL);
  g_autoptr(GbMapRenderer) stepped = gb_map_renderer_new ();
  g_autoptr(GbMapRenderer) fresh = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *ca = cairo_create (a), *cb = cairo_create (b);
  static const char *codes[] = { "90001", "90002", "90003", "90004" };
  GbMapView view;

  g_assert_true (gb_map_renderer_load (stepped, store, &error));
  g_assert_true (gb_map_renderer_load (fresh, store, &error));
  gb_map_renderer_fit (stepped, NULL, 400, 300, &view);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    gb_map_renderer_set_unit_level (stepped, codes[i], GB_LEVEL_4);
  gb_map_renderer_draw_cached (stepped, cb, &view, 400, 300);
  /* The next date: other levels, one of them no data. */
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      gb_map_renderer_set_unit_level (stepped, codes[i], i == 1 ? GB_LEVEL_NO_DATA : GB_LEVEL_1 + i % 3);
      gb_map_renderer_set_unit_level (fresh, codes[i], i == 1 ? GB_LEVEL_NO_DATA : GB_LEVEL_1 + i % 3);
    }
  gb_map_renderer_draw_cached (stepped, cb, &view, 400, 300);
  gb_map_renderer_draw_cached (fresh, ca, &view, 400, 300);
  g_assert_cmpuint (pixels_differ (a, b, 400, 300), ==, 0);
  cairo_destroy (ca);
  cairo_destroy (cb);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* A renderer that adopted a worker's boundaries first draws the view only (a quarter of the
 * pixels for the first frame), then its margin a band a call; the view looks the same in both,
 * as drawn directly, and a pan then finds the margin. */
static void
test_adopted_grows (void)
{
  g_autoptr(GbStore) store = map_store (NULL);
  g_autoptr(GbMapRenderer) loaded = gb_map_renderer_new ();
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *ca = cairo_create (a), *cb = cairo_create (b);
  cairo_surface_t *image;
  GbMapView view;
  double ox, oy;
  gboolean redrawn;
  guint calls = 0;

  g_assert_true (gb_map_renderer_load (loaded, store, &error));
  gb_map_renderer_adopt (map, loaded);
  gb_map_renderer_set_unit_level (map, "90001", GB_LEVEL_3);
  gb_map_renderer_set_unit_level (map, "90004", GB_LEVEL_4);
  gb_map_renderer_fit (map, NULL, 400, 300, &view);
  image = gb_map_renderer_get_cache (map, &view, 400, 300, &ox, &oy, &redrawn);
  g_assert_true (redrawn);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 400);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 300);
  g_assert_true (gb_map_renderer_is_growing (map));
  gb_map_renderer_draw (map, ca, &view, 400, 300);
  gb_map_renderer_draw_cached (map, cb, &view, 400, 300);
  /* That drawing went on growing it (a small map: at once). */
  do
    image = gb_map_renderer_get_cache (map, &view, 400, 300, &ox, &oy, &redrawn);
  while (gb_map_renderer_is_growing (map) && calls++ < 1000);
  g_assert_false (gb_map_renderer_is_growing (map));
  /* Half a screen of margin on each side. */
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 700);
  g_assert_cmpfloat (ox, ==, -200);
  g_assert_cmpfloat (oy, ==, -200);
  g_assert_cmpuint (pixels_differ (a, b, 400, 300), ==, 0);
  gb_map_renderer_draw_cached (map, cb, &view, 400, 300);
  g_assert_cmpuint (pixels_differ (a, b, 400, 300), ==, 0);
  /* A pan of 100 pixels stays inside the grown image: not drawn again. */
  view.cx += 100 / view.scale;
  gb_map_renderer_get_cache (map, &view, 400, 300, &ox, &oy, &redrawn);
  g_assert_false (redrawn);
  g_assert_cmpfloat (ox, ==, -300);
  cairo_destroy (ca);
  cairo_destroy (cb);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* A date step (new levels at the same scale) draws the view only, its margin then a band a
 * call, and the view is as a renderer drawing everything anew shows it; a new scale draws the
 * whole image at once, as before. */
static void
test_date_step_grows (void)
{
  g_autoptr(GbStore) store = map_store (NULL);
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GbMapRenderer) fresh = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *ca = cairo_create (a), *cb = cairo_create (b);
  cairo_surface_t *image;
  GbMapView view;
  double ox, oy;
  gboolean redrawn;
  guint calls = 0;

  g_assert_true (gb_map_renderer_load (map, store, &error));
  g_assert_true (gb_map_renderer_load (fresh, store, &error));
  gb_map_renderer_fit (map, NULL, 400, 300, &view);
  image = gb_map_renderer_get_cache (map, &view, 400, 300, &ox, &oy, &redrawn);
  g_assert_false (gb_map_renderer_is_growing (map));
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);

  /* The step. */
  gb_map_renderer_set_unit_level (map, "90001", GB_LEVEL_3);
  gb_map_renderer_set_unit_level (map, "90004", GB_LEVEL_4);
  gb_map_renderer_set_unit_level (fresh, "90001", GB_LEVEL_3);
  gb_map_renderer_set_unit_level (fresh, "90004", GB_LEVEL_4);
  image = gb_map_renderer_get_cache (map, &view, 400, 300, &ox, &oy, &redrawn);
  g_assert_true (redrawn);
  g_assert_true (gb_map_renderer_is_growing (map));
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 400);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 300);
  gb_map_renderer_draw (fresh, ca, &view, 400, 300);
  gb_map_renderer_draw_cached (map, cb, &view, 400, 300);
  g_assert_cmpuint (pixels_differ (a, b, 400, 300), ==, 0);
  do
    image = gb_map_renderer_get_cache (map, &view, 400, 300, &ox, &oy, &redrawn);
  while (gb_map_renderer_is_growing (map) && calls++ < 1000);
  g_assert_false (gb_map_renderer_is_growing (map));
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 700);
  gb_map_renderer_draw_cached (map, cb, &view, 400, 300);
  g_assert_cmpuint (pixels_differ (a, b, 400, 300), ==, 0);

  /* A zoom: the whole image at once. */
  view.scale *= 2;
  image = gb_map_renderer_get_cache (map, &view, 400, 300, &ox, &oy, &redrawn);
  g_assert_true (redrawn);
  g_assert_false (gb_map_renderer_is_growing (map));
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
  cairo_destroy (ca);
  cairo_destroy (cb);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
dark_box (cairo_surface_t *s,
          int              w,
          int              h,
          int              box[4],
          guint           *n)
{
  box[0] = box[1] = G_MAXINT;
  box[2] = box[3] = -1;
  *n = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = pixel_at (s, x, y);

        if (((p >> 16) & 0xff) < 0x50 && ((p >> 8) & 0xff) < 0x50 && (p & 0xff) < 0x50)
          {
            box[0] = MIN (box[0], x); box[1] = MIN (box[1], y);
            box[2] = MAX (box[2], x); box[3] = MAX (box[3], y);
            (*n)++;
          }
      }
}

/* On an image the map is drawn straight into the pixels (its own rasterizer, borders and
 * pre-drawn names); anywhere else with Cairo paths and Pango. Both show the same map: the
 * same colours inside every commune, the names in the same places. */
static void
test_pixels_like_cairo (gconstpointer data)
{
  gboolean threads = GPOINTER_TO_INT (data);
  g_autoptr(GbStore) store = map_store (NULL);
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 400);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 400);
  cairo_t *ca = cairo_create (a), *cb = cairo_create (b);
  static const struct { double lon, lat; } probes[] = {
    { 109.01, 11.51 }, { 109.09, 11.59 }, { 109.036, 11.536 }, { 109.126, 11.506 }, { 109.155, 11.594 },
    { 109.19, 11.55 }, { 109.11, 11.55 },
  };
  GbMapView view;
  guint differ = 0, na, nb;
  int box_a[4], box_b[4];
  double px, py;

  g_assert_true (gb_map_renderer_load (map, store, &error));
  gb_map_renderer_set_unit_level (map, "90001", GB_LEVEL_4);
  gb_map_renderer_set_unit_level (map, "90002", GB_LEVEL_1);
  gb_map_renderer_set_unit_level (map, "90003", GB_LEVEL_2);
  gb_map_renderer_set_unit_level (map, "90004", GB_LEVEL_3);
  gb_map_renderer_fit (map, NULL, 800, 400, &view);
  /* On one thread, and on two when the machine has two processors (the result is the same). */
  g_setenv ("GB_MAP_THREADS", threads ? "1" : "0", TRUE);
  gb_map_renderer_draw (map, ca, &view, 800, 400);
  g_unsetenv ("GB_MAP_THREADS");
  /* Through a group, the drawing cannot reach the image's pixels: Cairo draws. */
  cairo_push_group (cb);
  gb_map_renderer_draw (map, cb, &view, 800, 400);
  cairo_pop_group_to_source (cb);
  cairo_paint (cb);
  cairo_surface_flush (a);
  cairo_surface_flush (b);

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      world_to_px (&view, 800, 400, probes[i].lon, probes[i].lat, &px, &py);
      g_assert_cmphex (pixel_at (a, px, py), ==, pixel_at (b, px, py));
    }
  for (int y = 0; y < 400; y++)
    for (int x = 0; x < 800; x++)
      {
        guint32 p = pixel_at (a, x, y), q = pixel_at (b, x, y);

        for (int c = 0; c < 24; c += 8)
          if (ABS ((int) ((p >> c) & 0xff) - (int) ((q >> c) & 0xff)) > 24)
            {
              differ++;
              break;
            }
      }
  g_test_message ("%u pixels differ", differ);
  /* Borders are drawn differently (a pixel line, an anti-aliased stroke): only along them. */
  g_assert_cmpuint (differ, <, 800 * 400 / 50);

  /* The names: the only dark pixels of this map. */
  dark_box (a, 800, 400, box_a, &na);
  dark_box (b, 800, 400, box_b, &nb);
  g_test_message ("names: %u dark pixels in %d,%d–%d,%d; Cairo %u in %d,%d–%d,%d", na, box_a[0], box_a[1], box_a[2],
                  box_a[3], nb, box_b[0], box_b[1], box_b[2], box_b[3]);
  g_assert_cmpuint (na, >, 100);
  g_assert_cmpuint (ABS ((int) na - (int) nb), <=, nb / 10);
  for (int k = 0; k < 4; k++)
    g_assert_cmpint (ABS (box_a[k] - box_b[k]), <=, 1);
  cairo_destroy (ca);
  cairo_destroy (cb);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* Zoomed in so far that a commune's side runs hundreds of thousands of pixels past the image:
 * its border is still drawn across the image, and drawing takes no longer for it. */
static void
test_far_borders (void)
{
  g_autoptr(GbStore) store = map_store (NULL);
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *cr = cairo_create (surface);
  GbMapView view;
  gint64 t0;

  g_assert_true (gb_map_renderer_load (map, store, &error));
  gb_map_renderer_set_unit_level (map, "90004", GB_LEVEL_4);
  /* The west side of 90004, at lon 109.18, through the middle of the view. */
  gb_map_project (109.18, 11.55, &view.cx, &view.cy);
  view.scale = 1e9;
  t0 = g_get_monotonic_time ();
  gb_map_renderer_draw (map, cr, &view, 400, 300);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
  cairo_surface_flush (surface);
  g_assert_cmphex (pixel_at (surface, 100, 150), ==, 0xEEF1F4);
  g_assert_cmphex (pixel_at (surface, 300, 150), ==, 0xDA4711);
  for (int y = 5; y < 300; y += 40)
    {
      gboolean line = FALSE;

      for (int x = 196; x <= 204; x++)
        {
          guint32 p = pixel_at (surface, x, y);

          line |= p != 0xEEF1F4 && p != 0xDA4711;
        }
      g_assert_true (line);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Two communes side by side whose common border zigzags by less than the simplification of
 * a district's zoom takes away. */
static GbStore *
neighbours_store (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  GbGeojsonMapping mapping;
  guint n = 0;
  GbStore *store = gb_store_open (path, &error);

  g_assert_no_error (error);
  for (int side = 0; side < 2; side++)
    {
      double outer = side == 0 ? 108.5 : 109.5;

      g_string_append_printf (json, "%s{\"type\":\"Feature\",\"properties\":{\"code\":\"9100%d\",\"name\":\"X\"},"
                              "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.4f,11.0]",
                              side ? "," : "", side + 1, outer);
      /* West side: up the common border; east side: down it. */
      for (int i = 0; i <= 50; i++)
        {
          int k = side == 0 ? i : 50 - i;

          g_string_append_printf (json, ",[%.4f,%.4f]", 109.0 + (k % 2 ? 0.0005 : 0), 11.0 + k * 0.01);
        }
      g_string_append_printf (json, ",[%.4f,%.4f],[%.4f,11.0]]]}}", outer, side == 0 ? 11.5 : 11.0, outer);
    }
  g_string_append (json, "]}");
  file = gb_test_write_temp ("neighbours.geojson", json->str, -1);
  gb_geojson_mapping_init (&mapping, GB_UNIT_LEVEL_COMMUNE);
  mapping.code_prop = "code";
  g_assert_true (gb_geojson_import_file (store, file, &mapping, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  return store;
}

/* The common border of two communes is one line, drawn once (as strong as two blends of a
 * ring's border were), without a gap or a second line where each ring alone would have been
 * simplified its own way. */
static void
test_shared_border (void)
{
  g_autoptr(GbStore) store = neighbours_store ();
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *cr = cairo_create (surface);
  GbMapView view;

  g_assert_true (gb_map_renderer_load (map, store, &error));
  g_assert_true (gb_map_renderer_set_unit_level (map, "91001", GB_LEVEL_1));
  g_assert_true (gb_map_renderer_set_unit_level (map, "91002", GB_LEVEL_3));
  gb_map_project (109.0, 11.25, &view.cx, &view.cy);
  view.scale = 1.5e5;   /* 0.5° ≈ 208 px: a simplified zoom, with commune borders */
  gb_map_renderer_draw (map, cr, &view, 400, 300);
  cairo_surface_flush (surface);
  for (double lat = 11.05; lat < 11.5; lat += 0.05)
    {
      double x, y;
      int n_border = 0, first = -1;

      world_to_px (&view, 400, 300, 109.0, lat, &x, &y);
      g_assert_cmphex (pixel_at (surface, x - 20, y), ==, 0x0FA57F);
      g_assert_cmphex (pixel_at (surface, x + 20, y), ==, 0xF28E12);
      for (int px = (int) x - 20; px <= (int) x + 20; px++)
        {
          guint32 p = pixel_at (surface, px, y);

          if (p == 0x0FA57F || p == 0xF28E12)
            continue;
          if (first < 0)
            first = px;
          /* Contiguous, and near white: 1 − 0.2² of white over the fill. */
          g_assert_cmpint (px, ==, first + n_border);
          g_assert_cmpuint (p >> 16, >=, 235);
          n_border++;
        }
      g_assert_cmpint (n_border, >=, 1);
      g_assert_cmpint (n_border, <=, 2);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* A frame drawn on two threads is the frame drawn on one, pixel for pixel. */
static void
test_threads_same (void)
{
  g_autoptr(GbStore) store = neighbours_store ();
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *one = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 600);
  cairo_surface_t *two = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 600);
  GbMapView view;
  cairo_t *cr;

  g_assert_true (gb_map_renderer_load (map, store, &error));
  g_assert_true (gb_map_renderer_set_unit_level (map, "91002", GB_LEVEL_2 | GB_LEVEL_DECLARED_FLAG));
  /* The zigzag border, a few pixels wide, from the top of the image to the bottom: its
   * slanted lines cross the edges of the bands the two threads share. */
  gb_map_project (109.0, 11.25, &view.cx, &view.cy);
  view.scale = 2e6;
  for (int t = 0; t < 2; t++)
    {
      g_setenv ("GB_MAP_THREADS", t == 0 ? "0" : "1", TRUE);
      cr = cairo_create (t == 0 ? one : two);
      gb_map_renderer_draw (map, cr, &view, 800, 600);
      cairo_destroy (cr);
    }
  g_unsetenv ("GB_MAP_THREADS");
  cairo_surface_flush (one);
  cairo_surface_flush (two);
  for (int y = 0; y < 600; y++)
    g_assert_cmpmem (cairo_image_surface_get_data (one) + y * cairo_image_surface_get_stride (one), 800 * 4,
                     cairo_image_surface_get_data (two) + y * cairo_image_surface_get_stride (two), 800 * 4);
  cairo_surface_destroy (one);
  cairo_surface_destroy (two);
}

static void
test_export (void)
{
  g_autoptr(GbStore) store = map_store (NULL);
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_test_temp_dir ("gb-map-XXXXXX");
  g_autofree char *png = g_build_filename (dir, "m.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "m.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "m.pdf", NULL);
  g_autofree char *text = NULL;
  gsize len;
  cairo_surface_t *img;

  g_assert_true (gb_map_renderer_load (map, store, &error));
  g_assert_true (gb_map_renderer_export (map, png, 1024, 768, "Cấp độ dịch", NULL, &error));
  g_assert_no_error (error);
  img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 1024);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 768);
  cairo_surface_destroy (img);
  g_assert_true (gb_map_renderer_export (map, svg, 800, 600, "Cấp độ dịch", "90003", &error));
  g_assert_true (g_file_get_contents (svg, &text, &len, NULL));
  g_assert_nonnull (strstr (text, "<svg"));
  g_clear_pointer (&text, g_free);
  g_assert_true (gb_map_renderer_export (map, pdf, 800, 600, NULL, NULL, &error));
  g_assert_true (g_file_get_contents (pdf, &text, &len, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  g_assert_nonnull (memmem (text, len, "/Type /Page", 11));

  g_assert_false (gb_map_renderer_export (map, png, 800, 600, NULL, "99999", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (gb_map_renderer_export (map, png, 50, 50, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (gb_map_renderer_export (map, "/tmp/m.bmp", 800, 600, NULL, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
}

static void
test_cli (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = map_store (&path);
  g_autofree char *dir = gb_test_temp_dir ("gb-map-XXXXXX");
  g_autofree char *png = g_build_filename (dir, "m.png", NULL);
  const char *cli = g_getenv ("GIAOBAN_CLI");
  g_autoptr(GError) error = NULL;
  int status;

  if (cli == NULL)
    {
      g_test_skip ("GIAOBAN_CLI is not set");
      return;
    }
  {
    const char *argv[] = { cli, "--database", path, "export", "map", "--date", "2021-11-01", "--output", png,
                           "--width", "640", "--height", "480", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    cairo_surface_t *img = cairo_image_surface_create_from_png (png);

    g_assert_cmpint (cairo_image_surface_get_width (img), ==, 640);
    cairo_surface_destroy (img);
  }
  {
    const char *argv[] = { cli, "--database", path, "export", "map", "--date", "2021-02-30", "--output", png, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }
  {
    const char *argv[] = { cli, "--database", path, "export", "map", "--unit", "12345", "--output", png, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_test_add_func ("/map/render-colors", test_render_colors);
  g_test_add_func ("/map/level-patterns", test_level_patterns);
  g_test_add_func ("/map/hit-test", test_hit_test);
  g_test_add_func ("/map/cached-pan", test_cached_pan);
  g_test_add_func ("/map/cached-redraw-in-place", test_cached_redraw_in_place);
  g_test_add_func ("/map/adopted-grows", test_adopted_grows);
  g_test_add_func ("/map/date-step-grows", test_date_step_grows);
  g_test_add_data_func ("/map/pixels-like-cairo/one-thread", GINT_TO_POINTER (FALSE), test_pixels_like_cairo);
  g_test_add_data_func ("/map/pixels-like-cairo/two-threads", GINT_TO_POINTER (TRUE), test_pixels_like_cairo);
  g_test_add_func ("/map/far-borders", test_far_borders);
  g_test_add_func ("/map/shared-border", test_shared_border);
  g_test_add_func ("/map/threads-same", test_threads_same);
  g_test_add_func ("/map/export", test_export);
  g_test_add_func ("/map/cli", test_cli);
  return g_test_run ();
}
