/* test-map-cache.c — the map's prepared geometry kept in the database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A set large enough to be kept (2,500 communes on a grid, neighbours sharing their borders)
 * is prepared once and kept; a second renderer reads it back and draws the same pixels; a
 * boundary written again drops what was kept, and a damaged blob is prepared again, never drawn.
 * Panning draws the next cached image ahead, a band per frame, with none missing.
 */
#include <sqlite3.h>
#include <stdlib.h>

#include "gb-geometry.h"
#include "gb-map-renderer.h"
#include "gb-store.h"
#include "gb-test-util.h"

#define SIDE 50
#define W 640
#define H 480

static void
put_commune (GbStore *store,
             guint    i,
             guint    j,
             double   shift)
{
  g_autoptr(GbUnit) unit = gb_unit_new ();
  g_autoptr(GbGeometry) geometry = gb_geometry_new ();
  g_autoptr(GError) error = NULL;
  double x = 108 + i * 0.01, y = 11 + j * 0.01;
  /* Five points a side's middle apart: neighbours share the middle point of their border. */
  double ring[] = { x, y, x + 0.005, y, x + 0.01, y, x + 0.01, y + 0.005, x + 0.01, y + 0.01,
                    x + 0.005, y + 0.01 + shift, x, y + 0.01, x, y + 0.005, x, y };

  unit->code = g_strdup_printf ("%05u", i * SIDE + j);
  unit->level = GB_UNIT_LEVEL_COMMUNE;
  unit->name = g_strdup_printf ("Xã %u", i * SIDE + j);
  gb_geometry_begin_polygon (geometry);
  gb_geometry_add_ring (geometry, ring, G_N_ELEMENTS (ring) / 2);
  g_assert_true (gb_store_put_unit (store, unit, geometry, &error));
  g_assert_no_error (error);
}

/* Writes to @path's database behind the store's back, as a damaged disk or another program. */
static void
db_exec (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/* The pixels of @store's map, every commune at a level by its code, at two zooms. */
static GBytes *
draw (GbStore *store)
{
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) pixels = g_byte_array_new ();

  g_assert_true (gb_map_renderer_load (map, store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_map_renderer_get_n_units (map), ==, SIDE * SIDE);
  for (guint k = 0; k < SIDE * SIDE; k++)
    {
      g_autofree char *code = g_strdup_printf ("%05u", k);

      g_assert_true (gb_map_renderer_set_unit_level (map, code, k % 5));
    }
  for (guint zoom = 0; zoom < 2; zoom++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
      cairo_t *cr = cairo_create (surface);
      GbMapView view;

      gb_map_renderer_fit (map, zoom ? "01275" : NULL, W, H, &view);
      gb_map_renderer_draw (map, cr, &view, W, H);
      cairo_surface_flush (surface);
      g_byte_array_append (pixels, cairo_image_surface_get_data (surface),
                           cairo_image_surface_get_stride (surface) * H);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  g_assert_nonnull (gb_map_renderer_hit_test_lonlat (map, 108.2555, 11.2555));
  g_assert_cmpstr (gb_map_renderer_hit_test_lonlat (map, 108.2555, 11.2555), ==, "01275");
  return g_byte_array_free_to_bytes (g_steal_pointer (&pixels));
}

static void
test_kept_and_dropped (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) moved = NULL;
  g_autoptr(GBytes) repaired = NULL;
  gint64 version;

  g_assert_no_error (error);
  g_assert_true (gb_store_begin (store, &error));
  for (guint i = 0; i < SIDE; i++)
    for (guint j = 0; j < SIDE; j++)
      put_commune (store, i, j, 0);
  g_assert_true (gb_store_commit (store, &error));
  g_assert_cmpint (gb_test_query_int (path, "SELECT count(*) FROM map_cache"), ==, 0);

  /* Prepared and kept, then read back: the same map. */
  first = draw (store);
  g_assert_cmpint (gb_test_query_int (path, "SELECT count(*) FROM map_cache"), ==, 1);
  version = gb_test_query_int (path, "SELECT version FROM boundaries_version");
  g_assert_cmpint (gb_test_query_int (path, "SELECT boundaries FROM map_cache"), ==, version);
  /* Read back, not prepared again: a renderer that prepares them writes them again. */
  db_exec (path, "UPDATE map_cache SET built_at = 'read back'");
  again = draw (store);
  g_assert_true (g_bytes_equal (first, again));
  g_assert_cmpint (gb_test_query_int (path, "SELECT count(*) FROM map_cache WHERE built_at = 'read back'"), ==, 1);

  /* A boundary written again: what was kept is dropped, the map is prepared from the new one. */
  put_commune (store, 20, 30, 0.003);
  g_assert_cmpint (gb_test_query_int (path, "SELECT count(*) FROM map_cache"), ==, 0);
  g_assert_cmpint (gb_test_query_int (path, "SELECT version FROM boundaries_version"), >, version);
  moved = draw (store);
  g_assert_false (g_bytes_equal (first, moved));
  g_assert_cmpint (gb_test_query_int (path, "SELECT count(*) FROM map_cache"), ==, 1);

  /* A damaged blob (16 bytes overwritten, then cut short) is prepared again. */
  db_exec (path, "UPDATE map_cache SET data = cast (substr (data, 1, 100000) || "
                 "x'ffffffffffffffffffffffffffffffff' || substr (data, 100017) AS BLOB)");
  repaired = draw (store);
  g_assert_true (g_bytes_equal (moved, repaired));
  g_assert_cmpint (gb_test_query_int (path, "SELECT count(*) FROM map_cache WHERE length (data) > 100017"), ==, 1);
  db_exec (path, "UPDATE map_cache SET data = substr (data, 1, 5000)");
  g_clear_pointer (&repaired, g_bytes_unref);
  repaired = draw (store);
  g_assert_true (g_bytes_equal (moved, repaired));
}

/* A frame of the cached image at @view, through a renderer that may have panned there. */
static cairo_surface_t *
frame_at (GbMapRenderer   *map,
          const GbMapView *view)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cairo_t *cr = cairo_create (surface);

  gb_map_renderer_draw_cached (map, cr, view, W, H);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Panning draws the next image ahead a band per frame and shows it whole: after a long pan
 * the frame is the one a renderer drawing that view at once shows (but for antialiasing at
 * another subpixel phase), with no band missing. */
static void
test_pan_ahead (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbMapRenderer) panned = gb_map_renderer_new ();
  g_autoptr(GbMapRenderer) fresh = gb_map_renderer_new ();
  cairo_surface_t *a, *b;
  GbMapView view;
  guint differ = 0;

  g_assert_no_error (error);
  g_assert_true (gb_store_begin (store, &error));
  for (guint i = 0; i < SIDE; i++)
    for (guint j = 0; j < SIDE; j++)
      put_commune (store, i, j, 0);
  g_assert_true (gb_store_commit (store, &error));
  g_assert_true (gb_map_renderer_load (panned, store, &error));
  g_assert_true (gb_map_renderer_load (fresh, store, &error));
  for (guint k = 0; k < SIDE * SIDE; k++)
    {
      g_autofree char *code = g_strdup_printf ("%05u", k);

      gb_map_renderer_set_unit_level (panned, code, k % 5);
      gb_map_renderer_set_unit_level (fresh, code, k % 5);
    }
  gb_map_renderer_fit (panned, "00000", W, H, &view);
  view.scale *= 0.2;
  cairo_surface_destroy (frame_at (panned, &view));
  /* Far past the first image's margin (320 pixels): several images drawn ahead. */
  for (guint i = 0; i < 300; i++)
    {
      view.cx += 8 / view.scale;
      view.cy += 3 / view.scale;
      cairo_surface_destroy (frame_at (panned, &view));
    }
  a = frame_at (panned, &view);
  b = frame_at (fresh, &view);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        const guint8 *p = cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a) + 4 * x;
        const guint8 *q = cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b) + 4 * x;

        differ += abs (p[0] - q[0]) + abs (p[1] - q[1]) + abs (p[2] - q[2]) > 48;
      }
  g_test_message ("%u of %u pixels differ", differ, W * H);
  g_assert_cmpuint (differ, <, W * H / 100);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/map-cache/kept-and-dropped", test_kept_and_dropped);
  g_test_add_func ("/map-cache/pan-ahead", test_pan_ahead);
  return g_test_run ();
}
