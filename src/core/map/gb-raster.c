/* gb-raster.c — even-odd polygon fills written straight into 32-bit image pixels
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hand-written on purpose: at province zoom Cairo's general path filling (a path per colour,
 * tessellated and composited through pixman) cost more than everything else in a frame, and
 * the map needs none of its generality. A polygon here is its edges; each edge gives one
 * crossing per pixel row whose centre it spans (half-open in y, so a shared vertex counts
 * once); the crossings of a row are sorted and every other span between them is filled. A
 * pixel is inside when its centre is, like CAIRO_ANTIALIAS_NONE: two polygons sharing an edge
 * compute the same crossings (edges are oriented top to bottom first) and so split the pixels
 * along it exactly, without seams or overlaps.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gb-raster.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef struct
{
  int    r0, r1;          /* the rows whose centres it spans, r0 <= r < r1, inside the clip */
  double xa, ya, dxdy;    /* its upper end and its slope */
} Edge;

struct _GbRaster
{
  /* Scratch kept from one polygon to the next: no allocation once warmed up. */
  Edge   *edges;
  guint   n_edges, cap_edges;
  guint  *rows;           /* per row, crossings then where they end */
  guint   cap_rows;
  int    *xs;             /* crossings, as the first pixel whose centre is at or past them */
  guint   cap_xs;
  int     clip_y0, clip_y1;
  int     ry0, ry1;       /* rows the current polygon touches */
};

/**
 * gb_raster_new:
 *
 * Returns: (transfer full): a rasterizer with its scratch memory (use one per thread)
 */
GbRaster *
gb_raster_new (void)
{
  return g_new0 (GbRaster, 1);
}

void
gb_raster_free (GbRaster *raster)
{
  if (raster == NULL)
    return;
  g_free (raster->edges);
  g_free (raster->rows);
  g_free (raster->xs);
  g_free (raster);
}

void
gb_raster_begin (GbRaster             *raster,
                 const GbRasterTarget *target)
{
  raster->n_edges = 0;
  raster->clip_y0 = target->y0;
  raster->clip_y1 = MAX (target->y0, target->y1);
  raster->ry0 = G_MAXINT;
  raster->ry1 = G_MININT;
}

/* ceil() of a number that fits an int, without the library's general case. */
static inline int
ceil_int (double v)
{
  int i = (int) v;   /* truncated: the ceiling below zero, the floor above */

  return i + (v > i);
}

/* The first row whose centre is at or below @y, within the clip (no overflow for far points). */
static inline int
row_at (const GbRaster *raster,
        double          y)
{
  double v = y - 0.5;

  if (v <= raster->clip_y0)
    return raster->clip_y0;
  if (v >= raster->clip_y1)
    return raster->clip_y1;
  return ceil_int (v);
}

/* An edge whose ends are at rows @ra and @rb (as row_at() gives them), not the same row. */
static void
add_edge (GbRaster *raster,
          double    ax,
          double    ay,
          int       ra,
          double    bx,
          double    by,
          int       rb)
{
  Edge *e;

  /* The same edge walked either way by two neighbours gives the same numbers. */
  if (ay > by)
    {
      double t;
      int tr;

      t = ax; ax = bx; bx = t;
      t = ay; ay = by; by = t;
      tr = ra; ra = rb; rb = tr;
    }
  if (raster->n_edges == raster->cap_edges)
    {
      raster->cap_edges = MAX (64, raster->cap_edges * 2);
      raster->edges = g_renew (Edge, raster->edges, raster->cap_edges);
    }
  e = &raster->edges[raster->n_edges++];
  e->r0 = ra;
  e->r1 = rb;
  e->xa = ax;
  e->ya = ay;
  e->dxdy = (bx - ax) / (by - ay);
  /* Spanning a row centre with next to no height: as good as vertical at its end. */
  if (!isfinite (e->dxdy))
    e->dxdy = 0;
  raster->ry0 = MIN (raster->ry0, ra);
  raster->ry1 = MAX (raster->ry1, rb);
}

void
gb_raster_add_ring (GbRaster     *raster,
                    const double *xy,
                    guint         n,
                    double        scale,
                    double        ox,
                    double        oy)
{
  double px, py, fx, fy;
  int prow, frow;
  guint i = 0;

  if (n < 3)
    return;
  /* Points that are not numbers are left out, their neighbours joined. */
  do
    {
      fx = px = xy[2 * i] * scale + ox;
      fy = py = xy[2 * i + 1] * scale + oy;
    }
  while (!(isfinite (px) && isfinite (py)) && ++i < n);
  if (i >= n)
    return;
  frow = prow = row_at (raster, py);
  for (i++; i <= n; i++)
    {
      double qx, qy;
      int qrow;

      if (i < n)
        {
          qx = xy[2 * i] * scale + ox;
          qy = xy[2 * i + 1] * scale + oy;
          if (!(isfinite (qx) && isfinite (qy)))
            continue;
          qrow = row_at (raster, qy);
        }
      else
        {
          /* Closed whether or not the last point repeats the first. */
          qx = fx;
          qy = fy;
          qrow = frow;
        }
      /* Most edges of a detailed boundary cross no row centre: nothing to fill there. */
      if (qrow != prow)
        add_edge (raster, px, py, prow, qx, qy, qrow);
      px = qx;
      py = qy;
      prow = qrow;
    }
}

static inline guint32
div255 (guint32 v)
{
  v += 128;
  return (v + (v >> 8)) >> 8;
}

static G_ALWAYS_INLINE inline void
paint_span (guint32             *row,
            int                  y,
            int                  x0,
            int                  x1,
            const GbRasterPaint *paint)
{
  guint32 c = paint->color, a = c >> 24;

  if (paint->tile != NULL)
    {
      const guint32 *t = paint->tile + ((y + paint->tile_dy) & 7) * 8;

      for (int x = x0; x < x1; x++)
        row[x] = t[(x + paint->tile_dx) & 7];
    }
  else if (a == 0xff)
    {
      guint32 *p = row + x0;
      int n = x1 - x0;

#ifdef __SSE2__
      /* Four pixels a store: the spans cover the whole image every frame. Unaligned stores,
       * the last one overlapping the one before, rather than a loop to align and a loop for
       * the rest: the spans are short and those loops' branches were most of their cost. */
      if (n >= 4)
        {
          __m128i v = _mm_set1_epi32 ((int) c);

          for (int i = 0; i + 4 < n; i += 4)
            _mm_storeu_si128 ((__m128i *) (p + i), v);
          _mm_storeu_si128 ((__m128i *) (p + n - 4), v);
          return;
        }
#endif
      for (; n > 0; n--)
        *p++ = c;
    }
  else
    {
      guint32 inv = 255 - a;

      /* Premultiplied OVER, two channels at a time. */
      for (int x = x0; x < x1; x++)
        {
          guint32 d = row[x];
          guint32 rb = (d & 0x00ff00ff) * inv + 0x00800080;
          guint32 ag = ((d >> 8) & 0x00ff00ff) * inv + 0x00800080;

          rb = ((rb + ((rb >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
          ag = (ag + ((ag >> 8) & 0x00ff00ff)) & 0xff00ff00;
          row[x] = c + (rb | ag);
        }
    }
}

static int
cmp_int (const void *a,
         const void *b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

void
gb_raster_fill (GbRaster             *raster,
                const GbRasterTarget *target,
                const GbRasterPaint  *paint)
{
  guint n_rows, total = 0;
  guint *rows;
  double xlo = target->x0 - 1.0, xhi = target->x1 + 1.0;

  if (raster->n_edges == 0 || raster->ry0 >= raster->ry1 || target->x0 >= target->x1)
    return;
  n_rows = raster->ry1 - raster->ry0;
  if (n_rows + 1 > raster->cap_rows)
    {
      raster->cap_rows = MAX (n_rows + 1, raster->cap_rows * 2);
      raster->rows = g_renew (guint, raster->rows, raster->cap_rows);
    }
  rows = raster->rows;
  memset (rows, 0, (n_rows + 1) * sizeof (guint));

  /* The edges crossing each row (where each starts and ends, then summed), then each row's
   * slice of one array of crossings. */
  for (guint i = 0; i < raster->n_edges; i++)
    {
      rows[raster->edges[i].r0 - raster->ry0]++;
      rows[raster->edges[i].r1 - raster->ry0]--;   /* modulo 2^32, undone by the sum */
    }
  for (guint k = 0, active = 0; k < n_rows; k++)
    {
      active += rows[k];
      rows[k] = total;
      total += active;
    }
  if (total > raster->cap_xs)
    {
      raster->cap_xs = MAX (total, raster->cap_xs * 2);
      g_free (raster->xs);
      raster->xs = g_new (int, raster->cap_xs);
    }
  for (guint i = 0; i < raster->n_edges; i++)
    {
      const Edge *e = &raster->edges[i];
      guint *at = rows + (e->r0 - raster->ry0);
      /* Stepped from the first row: the same edge of two neighbours gives the same numbers. */
      double x = e->xa + (e->r0 + 0.5 - e->ya) * e->dxdy;

      /* Each crossing as the first pixel whose centre is at or right of it: a span of the
       * even-odd rule runs from one such pixel to the next, and the rounding keeps the order,
       * so sorting these whole numbers pairs the crossings as sorting the crossings would.
       * Far outside the image only the side matters: the numbers are kept small. */
      for (int r = e->r0; r < e->r1; r++, at++, x += e->dxdy)
        raster->xs[(*at)++] = ceil_int (CLAMP (x, xlo, xhi) - 0.5);
    }

  /* rows[k] is now where row k's crossings end, and row k - 1's where they start. */
  for (guint k = 0, start = 0; k < n_rows; start = rows[k], k++)
    {
      guint n = rows[k] - start;
      int *x = raster->xs + start;
      int y = raster->ry0 + (int) k;
      guint32 *row = (guint32 *) (target->data + (gsize) y * target->stride);

      if (n == 2)
        {
          /* The usual row of a simple polygon: one span. */
          int a = MIN (x[0], x[1]), b = MAX (x[0], x[1]);

          a = MAX (a, target->x0);
          b = MIN (b, target->x1);
          if (a < b)
            paint_span (row, y, a, b, paint);
          continue;
        }
      if (n < 2)
        continue;
      if (n > 32)
        qsort (x, n, sizeof (int), cmp_int);
      else
        for (guint i = 1; i < n; i++)
          {
            int v = x[i];
            guint j = i;

            for (; j > 0 && x[j - 1] > v; j--)
              x[j] = x[j - 1];
            x[j] = v;
          }
      /* Even-odd: inside between the first and second crossing, the third and fourth... */
      for (guint i = 0; i + 1 < n; i += 2)
        {
          int a = MAX (x[i], target->x0), b = MIN (x[i + 1], target->x1);

          if (a < b)
            paint_span (row, y, a, b, paint);
        }
    }
}

/**
 * gb_raster_fill_box:
 *
 * Fills every pixel of @target's box with @paint (a plain ground under the polygons).
 */
void
gb_raster_fill_box (const GbRasterTarget *target,
                    const GbRasterPaint  *paint)
{
  for (int y = target->y0; y < target->y1; y++)
    if (target->x0 < target->x1)
      paint_span ((guint32 *) (target->data + (gsize) y * target->stride), y, target->x0, target->x1, paint);
}
