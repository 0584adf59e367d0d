/* test-raster.c — the map's polygon rasterizer against Cairo's own fills, seams between
 * neighbours, clipping and degenerate input
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "gb-raster.h"

#define W 160
#define H 120

typedef struct
{
  const double *xy;
  guint         n;
} TestRing;

static cairo_surface_t *
new_image (guint32 fill)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  guint32 *p = (guint32 *) cairo_image_surface_get_data (s);

  for (int i = 0; i < cairo_image_surface_get_stride (s) / 4 * H; i++)
    p[i] = fill;
  cairo_surface_mark_dirty (s);
  return s;
}

static GbRasterTarget
target_of (cairo_surface_t *s)
{
  GbRasterTarget t = { cairo_image_surface_get_data (s), cairo_image_surface_get_stride (s), 0, 0, W, H };

  return t;
}

static guint32
pixel (cairo_surface_t *s,
       int              x,
       int              y)
{
  return ((guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s)))[x];
}

static void
raster_rings (cairo_surface_t      *s,
              const GbRasterTarget *t,
              const TestRing       *rings,
              guint                 n_rings,
              guint32               color)
{
  g_autoptr(GbRaster) raster = gb_raster_new ();
  GbRasterPaint paint = { color, NULL, 0, 0 };

  cairo_surface_flush (s);
  gb_raster_begin (raster, t);
  for (guint r = 0; r < n_rings; r++)
    gb_raster_add_ring (raster, rings[r].xy, rings[r].n, 1, 0, 0);
  gb_raster_fill (raster, t, &paint);
  cairo_surface_mark_dirty (s);
}

/* The reference: one Cairo path, even-odd, no anti-aliasing (how the map filled before). */
static void
cairo_rings (cairo_surface_t *s,
             const TestRing  *rings,
             guint            n_rings,
             guint32          color)
{
  cairo_t *cr = cairo_create (s);

  for (guint r = 0; r < n_rings; r++)
    {
      for (guint i = 0; i < rings[r].n; i++)
        cairo_line_to (cr, rings[r].xy[2 * i], rings[r].xy[2 * i + 1]);
      cairo_close_path (cr);
      cairo_new_sub_path (cr);
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_source_rgba (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0, (color & 0xff) / 255.0, 1);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (s);
}

/* Draws @rings both ways and compares: pixels may differ only next to an edge (where it passes
 * a pixel's centre so closely that Cairo's 24.8 fixed point puts it on the other side, or at a
 * gap or spike thinner than a pixel, which Cairo sometimes fills whole), and they are few.
 * Returns the number of pixels filled. */
static guint
compare_with_cairo (const char     *what,
                    const TestRing *rings,
                    guint           n_rings)
{
  cairo_surface_t *a = new_image (0xff000000), *b = new_image (0xff000000);
  GbRasterTarget t = target_of (a);
  guint differ = 0, filled = 0, edge = 0;

  raster_rings (a, &t, rings, n_rings, 0xff3366cc);
  cairo_rings (b, rings, n_rings, 0xff3366cc);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        guint32 pa = pixel (a, x, y), pb = pixel (b, x, y);
        gboolean border = FALSE;

        filled += pa != 0xff000000;
        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            if (x + dx >= 0 && y + dy >= 0 && x + dx < W && y + dy < H &&
                (pixel (b, x + dx, y + dy) != pb || pixel (a, x + dx, y + dy) != pa))
              border = TRUE;
        edge += border;
        if (pa == pb)
          continue;
        differ++;
        if (!border)
          g_error ("%s: pixel %d,%d is %08x, Cairo has %08x, away from any edge", what, x, y, pa, pb);
      }
  g_test_message ("%s: %u pixels filled, %u differ from Cairo (%u along edges)", what, filled, differ, edge);
  g_assert_cmpuint (differ, <=, 2 + edge / 50);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  return filled;
}

static void
test_like_cairo (void)
{
  /* A square with a square hole, the parts of a multipolygon, a self-crossing star (even-odd
   * leaves its centre empty), odd angles and fractions. */
  static const double outer[] = { 10.3, 10.7, 70.2, 12.1, 68.9, 71.4, 11.6, 69.5 };
  static const double hole[] = { 30.5, 30.5, 50.25, 30.5, 50.25, 50.75, 30.5, 50.75 };
  static const double part1[] = { 90, 10, 110, 10, 110, 30, 90, 30, 90, 10 };   /* closed */
  static const double part2[] = { 90, 50, 110, 50, 100.5, 66.6 };
  static const double star[] = { 130, 5, 141.8, 41.2, 111, 18.8, 149, 18.8, 118.2, 41.2 };
  static const double thin[] = { 5, 80, 150, 83.3, 150, 84.1 };
  static const double spiky[] = { 20, 90, 40, 118, 45, 92, 60, 117.5, 66, 91, 80, 116, 30.2, 119.9 };
  TestRing with_hole[] = { { outer, 4 }, { hole, 4 } };
  TestRing parts[] = { { part1, 5 }, { part2, 3 } };
  TestRing one;

  g_assert_cmpuint (compare_with_cairo ("square with a hole", with_hole, 2), >, 2500);
  g_assert_cmpuint (compare_with_cairo ("multipolygon", parts, 2), >, 500);
  one = (TestRing) { star, 5 };
  g_assert_cmpuint (compare_with_cairo ("star", &one, 1), >, 250);
  one = (TestRing) { thin, 3 };
  compare_with_cairo ("thin sliver", &one, 1);
  one = (TestRing) { spiky, 7 };
  g_assert_cmpuint (compare_with_cairo ("spiky", &one, 1), >, 300);

  /* Random polygons, some crossing themselves. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (2009);

    for (guint k = 0; k < 40; k++)
      {
        double xy[2 * 12];
        guint n = g_rand_int_range (rand, 3, 12);
        g_autofree char *name = g_strdup_printf ("random polygon %u", k);

        for (guint i = 0; i < n; i++)
          {
            xy[2 * i] = g_rand_double_range (rand, 2, W - 2);
            xy[2 * i + 1] = g_rand_double_range (rand, 2, H - 2);
          }
        one = (TestRing) { xy, n };
        compare_with_cairo (name, &one, 1);
      }
  }
}

/* Polygons reaching past the image on every side, and far past it. */
static void
test_crossing_the_edge (void)
{
  static const double big[] = { -40.5, -30.25, 200.5, 20, 180, 160.75, -20, 140 };
  static const double far[] = { -1e6, 60.5, 1e6, 40.2, 3e5, 1e6 };   /* Cairo's fixed point ends at 2^23 */
  static const double huge[] = { -1e9, -1e9, 1e9, 1e9, -1e9, 1e9 };
  static const double left[] = { -10, -10, 20.5, 60, -10, 130 };
  TestRing one = { big, 4 };

  compare_with_cairo ("over every edge", &one, 1);
  one = (TestRing) { far, 3 };
  compare_with_cairo ("far outside", &one, 1);
  one = (TestRing) { left, 3 };
  compare_with_cairo ("over the left edge", &one, 1);

  /* Beyond Cairo's range: the half below the diagonal y = x. */
  {
    cairo_surface_t *s = new_image (0xff000000);
    GbRasterTarget t = target_of (s);

    one = (TestRing) { huge, 3 };
    raster_rings (s, &t, &one, 1, 0xffffffff);
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++)
        if (x != y)
          g_assert_cmphex (pixel (s, x, y), ==, y > x ? 0xffffffff : 0xff000000);
    cairo_surface_destroy (s);
  }
}

/* Neighbours that share their edges (a grid of quadrilaterals with moved corners) cover every
 * pixel of the whole exactly once: no seam, no overlap. */
static void
test_shared_edges (void)
{
  enum { NX = 7, NY = 5 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11163);
  g_autoptr(GbRaster) raster = gb_raster_new ();
  g_autofree guint8 *count = g_malloc0 (W * H);
  double cx[NX + 1][NY + 1], cy[NX + 1][NY + 1];
  cairo_surface_t *s = new_image (0);
  GbRasterTarget t = target_of (s);
  GbRasterPaint one = { 0xffffffff, NULL, 0, 0 };

  for (int i = 0; i <= NX; i++)
    for (int j = 0; j <= NY; j++)
      {
        /* Corners moved inside; the outer frame stays straight. */
        cx[i][j] = 5 + i * 21.3 + (i > 0 && i < NX ? g_rand_double_range (rand, -8, 8) : 0);
        cy[i][j] = 4 + j * 22.1 + (j > 0 && j < NY ? g_rand_double_range (rand, -8, 8) : 0);
      }
  for (int i = 0; i < NX; i++)
    for (int j = 0; j < NY; j++)
      {
        /* Each quad with a midpoint on every side, so that edges are walked both ways. */
        double xy[16];
        int corner[4][2] = { { i, j }, { i + 1, j }, { i + 1, j + 1 }, { i, j + 1 } };

        for (int k = 0; k < 4; k++)
          {
            int *c = corner[k], *d = corner[(k + 1) % 4];

            xy[4 * k] = cx[c[0]][c[1]];
            xy[4 * k + 1] = cy[c[0]][c[1]];
            xy[4 * k + 2] = (cx[c[0]][c[1]] + cx[d[0]][d[1]]) / 2;
            xy[4 * k + 3] = (cy[c[0]][c[1]] + cy[d[0]][d[1]]) / 2;
          }
        memset (cairo_image_surface_get_data (s), 0, cairo_image_surface_get_stride (s) * H);
        gb_raster_begin (raster, &t);
        gb_raster_add_ring (raster, xy, 8, 1, 0, 0);
        gb_raster_fill (raster, &t, &one);
        for (int y = 0; y < H; y++)
          for (int x = 0; x < W; x++)
            count[y * W + x] += pixel (s, x, y) != 0;
      }
  /* Every pixel whose centre is inside the outer frame [5, 5 + 7 × 21.3) × [4, 4 + 5 × 22.1). */
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        gboolean inside = x + 0.5 >= 5 && x + 0.5 < 5 + NX * 21.3 && y + 0.5 >= 4 && y + 0.5 < 4 + NY * 22.1;

        if (count[y * W + x] != (inside ? 1 : 0))
          g_error ("pixel %d,%d filled %u times", x, y, count[y * W + x]);
      }
  cairo_surface_destroy (s);
}

/* Nothing to fill: fewer than three points, no area, points that are not numbers. */
static void
test_degenerate (void)
{
  static const double two[] = { 10, 10, 100, 100 };
  static const double line[] = { 10, 10, 50, 50, 100, 100, 10, 10 };
  static const double same[] = { 20.5, 20.5, 20.5, 20.5, 20.5, 20.5, 20.5, 20.5 };
  static const double flat[] = { 10, 30.5, 150, 30.5, 80, 30.5 };
  static const double twice[] = { 10, 10, 100, 10, 100, 100, 10, 100 };
  double nan_ring[] = { 10, 10, NAN, 50, 100, 10, INFINITY, 5, 100, 100 };
  g_autoptr(GbRaster) raster = gb_raster_new ();
  cairo_surface_t *s = new_image (0xff000000);
  GbRasterTarget t = target_of (s);
  GbRasterPaint paint = { 0xffff0000, NULL, 0, 0 };
  const TestRing cases[] = { { two, 2 }, { line, 4 }, { same, 4 }, { flat, 3 }, { two, 0 } };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gb_raster_begin (raster, &t);
      gb_raster_add_ring (raster, cases[c].xy, cases[c].n, 1, 0, 0);
      gb_raster_fill (raster, &t, &paint);
    }
  /* The same ring twice cancels out under even-odd. */
  gb_raster_begin (raster, &t);
  gb_raster_add_ring (raster, twice, 4, 1, 0, 0);
  gb_raster_add_ring (raster, twice, 4, 1, 0, 0);
  gb_raster_fill (raster, &t, &paint);
  /* Fill with nothing added. */
  gb_raster_begin (raster, &t);
  gb_raster_fill (raster, &t, &paint);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      g_assert_cmphex (pixel (s, x, y), ==, 0xff000000);

  /* Points that are not numbers are left out: what remains is the triangle of the others. */
  gb_raster_begin (raster, &t);
  gb_raster_add_ring (raster, nan_ring, 5, 1, 0, 0);
  gb_raster_fill (raster, &t, &paint);
  g_assert_cmphex (pixel (s, 70, 40), ==, 0xffff0000);
  g_assert_cmphex (pixel (s, 20, 60), ==, 0xff000000);
  cairo_surface_destroy (s);
}

/* Only the pixels of the target's box are written; the scale and offset map points to pixels. */
static void
test_clip_and_transform (void)
{
  static const double unit_square[] = { 0, 0, 1, 0, 1, 1, 0, 1 };
  g_autoptr(GbRaster) raster = gb_raster_new ();
  cairo_surface_t *s = new_image (0xff000000);
  GbRasterTarget t = target_of (s);
  GbRasterPaint paint = { 0xff00ff00, NULL, 0, 0 };

  t.x0 = 30; t.y0 = 20; t.x1 = 90; t.y1 = 70;
  gb_raster_begin (raster, &t);
  /* The square 10..130 × 10..110. */
  gb_raster_add_ring (raster, unit_square, 4, 120, 10, 10);
  gb_raster_fill (raster, &t, &paint);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        gboolean in = x >= 30 && x < 90 && y >= 20 && y < 70;

        g_assert_cmphex (pixel (s, x, y), ==, in ? 0xff00ff00 : 0xff000000);
      }
  cairo_surface_destroy (s);
}

/* A translucent colour blends over what is there (premultiplied OVER, as Cairo does); a tile
 * repeats from its phase. */
static void
test_paints (void)
{
  static const double square[] = { 0, 0, W, 0, W, H, 0, H };
  g_autoptr(GbRaster) raster = gb_raster_new ();
  cairo_surface_t *a = new_image (0xff204060), *b = new_image (0xff204060);
  GbRasterTarget t = target_of (a);
  /* Orange at alpha 0.75, premultiplied. */
  GbRasterPaint paint = { 0xbfb06a0d, NULL, 0, 0 };
  guint32 tile[64];
  cairo_t *cr;

  gb_raster_begin (raster, &t);
  gb_raster_add_ring (raster, square, 4, 1, 0, 0);
  gb_raster_fill (raster, &t, &paint);
  cr = cairo_create (b);
  cairo_set_source_rgba (cr, 0xeb / 255.0, 0x8e / 255.0, 0x12 / 255.0, 0xbf / 255.0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (b);
  for (int k = 0; k < 4; k++)
    {
      guint32 pa = pixel (a, 7 * k, 5 * k), pb = pixel (b, 7 * k, 5 * k);

      for (int c = 0; c < 32; c += 8)
        g_assert_cmpint (ABS ((int) ((pa >> c) & 0xff) - (int) ((pb >> c) & 0xff)), <=, 1);
    }

  for (int i = 0; i < 64; i++)
    tile[i] = 0xff000000 | i;
  paint = (GbRasterPaint) { 0, tile, 3, 6 };
  gb_raster_begin (raster, &t);
  gb_raster_add_ring (raster, square, 4, 1, 0, 0);
  gb_raster_fill (raster, &t, &paint);
  for (int y = 0; y < 20; y++)
    for (int x = 0; x < 20; x++)
      g_assert_cmphex (pixel (a, x, y), ==, 0xff000000 | (((y + 6) & 7) * 8 + ((x + 3) & 7)));

  /* A plain ground over the box only. */
  t.x0 = 5; t.y0 = 7; t.x1 = 150; t.y1 = 9;
  paint = (GbRasterPaint) { 0xffeef1f4, NULL, 0, 0 };
  gb_raster_fill_box (&t, &paint);
  for (int y = 0; y < 20; y++)
    for (int x = 0; x < W; x++)
      if (x >= 5 && x < 150 && y >= 7 && y < 9)
        g_assert_cmphex (pixel (a, x, y), ==, 0xffeef1f4);
      else
        g_assert_cmphex (pixel (a, x, y), !=, 0xffeef1f4);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/raster/like-cairo", test_like_cairo);
  g_test_add_func ("/raster/crossing-the-edge", test_crossing_the_edge);
  g_test_add_func ("/raster/shared-edges", test_shared_edges);
  g_test_add_func ("/raster/degenerate", test_degenerate);
  g_test_add_func ("/raster/clip-and-transform", test_clip_and_transform);
  g_test_add_func ("/raster/paints", test_paints);
  return g_test_run ();
}
