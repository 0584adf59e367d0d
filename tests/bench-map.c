/* bench-map.c — frame times of the map with all 11,163 communes of 2009 at 1920×1080
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole country, a province, and panning each (through the cached image, as the app's map
 * layer draws), each as the 95th percentile of many frames; a pan's worst frame after its first
 * as map.national.pan.max and map.province.frame.max.
 */
#include <math.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "gb-geojson-import.h"
#include "gb-level.h"
#include "gb-map-renderer.h"
#include "gb-store.h"
#include "gb-test-util.h"

#define W 1920
#define H 1080

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
p95 (double *v, guint n)
{
  qsort (v, n, sizeof (double), cmp_double);
  return v[(guint) ceil (n * 0.95) - 1];
}

/* After p95() (sorted): the middle and the worst frame, to tell a slow tail from slow frames. */
static void
print_spread (const char *name, const double *v, guint n)
{
  printf ("bench: %s.p50 %.2f ms\n", name, v[(guint) ceil (n * 0.5) - 1]);
  printf ("bench: %s.max %.2f ms\n", name, v[n - 1]);
}

/* 240 frames of 8 pixels right and 3 down: the image is drawn ahead twice or more. */
static void
pan (GbMapRenderer *map,
     cairo_t       *cr,
     cairo_surface_t *surface,
     const GbMapView *from,
     const char    *name,
     const char    *max_name)
{
  GbMapView view = *from;
  double times[240], max = 0;

  gb_map_renderer_invalidate (map);
  gb_map_renderer_draw_cached (map, cr, &view, W, H);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      gint64 t0;

      view.cx += 8 / view.scale;
      view.cy += 3 / view.scale;
      t0 = g_get_monotonic_time ();
      gb_map_renderer_draw_cached (map, cr, &view, W, H);
      cairo_surface_flush (surface);
      times[i] = (g_get_monotonic_time () - t0) / 1000.0;
      max = MAX (max, times[i]);
    }
  printf ("bench: %s.p95 %.2f ms\n", name, p95 (times, G_N_ELEMENTS (times)));
  printf ("bench: %s %.2f ms\n", max_name, max);
}

int
main (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autofree char *geojson = gb_test_shared_data ("vietnam/communes-vietnam-2009.geojson");
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4800);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cairo_t *cr = cairo_create (surface);
  GbGeojsonMapping mapping;
  guint n_units = 0;
  double times[120];
  GbMapView national, province;
  gint64 t0;

  g_assert_no_error (error);
  if (geojson == NULL)
    {
      g_printerr ("communes-vietnam-2009.geojson not found next to the repository: skipped\n");
      return 77;
    }
  gb_geojson_mapping_init (&mapping, GB_UNIT_LEVEL_COMMUNE);
  if (!gb_geojson_import_file (store, geojson, &mapping, &n_units, &error))
    g_error ("%s", error->message);
  t0 = g_get_monotonic_time ();
  if (!gb_map_renderer_load (map, store, &error))
    g_error ("%s", error->message);
  printf ("bench: map.load %.1f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
  /* The first load prepared the geometry and kept it in the database: later ones read it. */
  t0 = g_get_monotonic_time ();
  if (!gb_map_renderer_load (map, store, &error))
    g_error ("%s", error->message);
  printf ("bench: map.load.kept %.1f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
  communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, NULL, &error);
  g_printerr ("%u communes on the map\n", gb_map_renderer_get_n_units (map));

  /* Levels spread like a wave: most communes green or yellow, some orange and red, a few
   * without data, a few declared. */
  for (guint i = 0; i < communes->len; i++)
    {
      GbUnit *u = communes->pdata[i];
      double r = g_rand_double (rand);
      guint8 level = r < 0.03 ? GB_LEVEL_NO_DATA : r < 0.55 ? GB_LEVEL_1 : r < 0.85 ? GB_LEVEL_2 : r < 0.95 ? GB_LEVEL_3 : GB_LEVEL_4;

      if (g_rand_int_range (rand, 0, 200) == 0 && level != GB_LEVEL_NO_DATA)
        level |= GB_LEVEL_DECLARED_FLAG;
      gb_map_renderer_set_unit_level (map, u->code, level);
    }

  gb_map_renderer_fit (map, NULL, W, H, &national);
  /* A province: the communes that share the 3-digit province prefix of a commune in the middle. */
  {
    GbUnit *mid = communes->pdata[communes->len / 2];
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;

    for (guint i = 0; i < communes->len; i++)
      {
        GbUnit *u = communes->pdata[i];
        double ax, ay, bx, by;

        if (strncmp (u->code, mid->code, 3) != 0)
          continue;
        gb_map_project (u->min_lon, u->max_lat, &ax, &ay);
        gb_map_project (u->max_lon, u->min_lat, &bx, &by);
        x0 = MIN (x0, ax); y0 = MIN (y0, ay); x1 = MAX (x1, bx); y1 = MAX (y1, by);
      }
    province.cx = (x0 + x1) / 2;
    province.cy = (y0 + y1) / 2;
    province.scale = MIN (W * 0.92 / (x1 - x0), H * 0.92 / (y1 - y0));
    g_printerr ("province %.3s: %.0f × %.0f px\n", mid->code, (x1 - x0) * province.scale, (y1 - y0) * province.scale);
  }

  for (guint i = 0; i < 3; i++)
    gb_map_renderer_draw (map, cr, &national, W, H);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      t0 = g_get_monotonic_time ();
      gb_map_renderer_draw (map, cr, &national, W, H);
      cairo_surface_flush (surface);
      times[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  printf ("bench: map.national.frame.p95 %.2f ms\n", p95 (times, G_N_ELEMENTS (times)));
  print_spread ("map.national.frame", times, G_N_ELEMENTS (times));
  cairo_surface_write_to_png (surface, "bench-map-national.png");

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      t0 = g_get_monotonic_time ();
      gb_map_renderer_draw (map, cr, &province, W, H);
      cairo_surface_flush (surface);
      times[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  printf ("bench: map.province.frame.p95 %.2f ms\n", p95 (times, G_N_ELEMENTS (times)));
  /* Whole frames drawn anew; map.province.frame.max is the worst frame of a pan (below). */
  print_spread ("map.province.draw", times, G_N_ELEMENTS (times));
  cairo_surface_write_to_png (surface, "bench-map-province.png");

  /* Panning, through the cached image as the app's map layer draws: the worst frame after the
   * first (which draws the image whole, as the first frame of any view does). */
  pan (map, cr, surface, &national, "map.national.pan", "map.national.pan.max");
  pan (map, cr, surface, &province, "map.province.pan", "map.province.frame.max");
  cairo_destroy (cr);
  cairo_surface_write_to_png (surface, "bench-map-last-frame.png");
  cairo_surface_destroy (surface);
  g_unlink (path);
  return 0;
}
