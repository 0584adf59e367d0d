/* gb-map-renderer-borders.c — one-pixel commune borders written straight into the pixels
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gb-map-renderer-private.h"

/* A colour blended at a fixed alpha a (0..256): each channel (rgb × a + d × (256 − a)) / 256,
 * red and blue side by side. */
typedef struct
{
  guint32 rb, g;    /* the colour's channels times a */
  guint   inv;      /* 256 − a */
} Blend;

static inline void
blend_ptr (guint32     *p,
           const Blend *b)
{
  guint32 d = *p;

  *p = (d & 0xff000000) | ((((d & 0xff00ff) * b->inv + b->rb) >> 8) & 0xff00ff) | ((((d & 0xff00) * b->inv + b->g) >> 8) & 0xff00);
}

static inline void
blend_at (const GbRasterTarget *box,
          const Blend          *b,
          int                   x,
          int                   y)
{
  if ((guint) (x - box->x0) < (guint) (box->x1 - box->x0) && (guint) (y - box->y0) < (guint) (box->y1 - box->y0))
    blend_ptr ((guint32 *) (box->data + (gsize) y * box->stride) + x, b);
}

/* A one-pixel line from x0, y0 to x1, y1 (Bresenham), without its first pixel: that is the
 * last pixel of the segment before; without its last one either unless @last. */
static void
pixel_line (const GbRasterTarget *box,
            const Blend          *b,
            int                   x0,
            int                   y0,
            int                   x1,
            int                   y1,
            gboolean              last)
{
  int dx = ABS (x1 - x0), dy = ABS (y1 - y0);

  /* Entirely outside: nothing to do. */
  if ((x0 < box->x0 && x1 < box->x0) || (y0 < box->y0 && y1 < box->y0) ||
      (x0 >= box->x1 && x1 >= box->x1) || (y0 >= box->y1 && y1 >= box->y1))
    return;
  if (MIN (x0, x1) >= box->x0 && MAX (x0, x1) < box->x1 && MIN (y0, y1) >= box->y0 && MAX (y0, y1) < box->y1)
    {
      /* Entirely inside, as most are: walk a pointer, no test for each pixel. */
      guint8 *p = box->data + (gsize) y0 * box->stride + 4 * x0;
      int step_x = x0 < x1 ? 4 : -4, step_y = y0 < y1 ? box->stride : -box->stride;
      int major = dx >= dy ? dx : dy, minor = dx >= dy ? dy : dx;
      int step_major = dx >= dy ? step_x : step_y, step_minor = dx >= dy ? step_y : step_x;
      int err = 2 * minor - major, steps = last ? major : major - 1;

      /* Without a branch: whether to step aside too is as good as random, and mispredicting
       * it cost more than the rest of the step. */
      for (int i = 0; i < steps; i++)
        {
          int aside = -(err > 0);   /* all ones or none */

          p += step_major + (step_minor & aside);
          err += 2 * minor - (2 * major & aside);
          blend_ptr ((guint32 *) p, b);
        }
      return;
    }
  {
    /* The same steps as above with a test for each pixel: a line crossing the edge of a band
     * gives the pixels it gives when the whole image is one band. */
    int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    int major = dx >= dy ? dx : dy, minor = dx >= dy ? dy : dx;
    int err = 2 * minor - major, steps = last ? major : major - 1;

    for (int i = 0; i < steps; i++)
      {
        if (dx >= dy)
          x0 += sx;
        else
          y0 += sy;
        if (err > 0)
          {
            if (dx >= dy)
              y0 += sy;
            else
              x0 += sx;
            err -= 2 * major;
          }
        err += 2 * minor;
        blend_at (box, b, x0, y0);
      }
  }
}

/* Cuts the segment a–b to the rectangle [x0, x1] × [y0, y1] (Liang–Barsky); FALSE when it
 * misses it. A border reaching far off the image costs no more than its visible part. */
static gboolean
clip_segment (double *ax,
              double *ay,
              double *bx,
              double *by,
              double  x0,
              double  y0,
              double  x1,
              double  y1)
{
  double dx = *bx - *ax, dy = *by - *ay, t0 = 0, t1 = 1;
  double p[4] = { -dx, dx, -dy, dy }, q[4] = { *ax - x0, x1 - *ax, *ay - y0, y1 - *ay };

  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
          continue;
        }
      if (p[i] < 0)
        t0 = MAX (t0, q[i] / p[i]);
      else
        t1 = MIN (t1, q[i] / p[i]);
      if (t0 > t1)
        return FALSE;
    }
  *bx = *ax + t1 * dx;
  *by = *ay + t1 * dy;
  *ax = *ax + t0 * dx;
  *ay = *ay + t0 * dy;
  return TRUE;
}

static inline int
floor_int (double v)
{
  int i = (int) v;

  return i - (v < i);
}

/* The commune borders of a frame: the arcs of the communes whose borders show, each listed
 * once with how many of those communes it bounds, and the junctions where they end. */
void
gb_map_list_border_arcs (GbMapRenderer     *self,
                         const GbMapFrame  *f,
                         const GbMapPixels *px)
{
  guint stamp = ++self->stamp, n = 0, n_junctions = 0;
  GbMapArc *arcs = (GbMapArc *) self->arcs->data;
  const guint8 *inner = self->arc_inner;
  guint *list, *junctions;

  if (stamp == 0)
    {
      /* Wrapped round: no stale stamp may match. */
      for (guint i = 0; i < self->arcs->len; i++)
        arcs[i].stamp = 0;
      memset (self->id_stamp, 0, sizeof (guint) * self->n_ids);
      stamp = self->stamp = 1;
    }
  /* Filled through plain pointers: appending one by one cost as much as the rest. */
  g_array_set_size (self->border_arcs, self->arcs->len);
  g_array_set_size (self->junctions, self->n_ids);
  list = (guint *) self->border_arcs->data;
  junctions = (guint *) self->junctions->data;
  for (guint k = 0; k < self->visible->len; k++)
    {
      guint i = g_array_index (self->visible, guint, k);
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      /* A merged commune's pieces: its outer outline is drawn with the strokes. */
      if (u->level != GB_UNIT_LEVEL_COMMUNE || u->merged || !gb_map_pixels_touch (f, px, u))
        continue;
      if ((u->x1 - u->x0) * f->scale < 3 && (u->y1 - u->y0) * f->scale < 3)
        continue;
      for (guint r = 0; r < u->n_rings; r++)
        {
          const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, u->ring_start + r);
          const guint *refs = &g_array_index (self->ring_arcs, guint, ring->arc_start);

          for (guint j = 0; j < ring->n_arcs; j++)
            {
              GbMapArc *arc = &arcs[refs[j] >> 1];

              /* No border between two pieces of one unit of the date (a merged commune). */
              if (inner != NULL && (inner[refs[j] >> 1] & (1 << GB_UNIT_LEVEL_COMMUNE)))
                continue;

              if (arc->stamp != stamp)
                {
                  arc->stamp = stamp;
                  arc->sharers = 1;
                  list[n++] = refs[j] >> 1;
                }
              else
                arc->sharers++;
            }
        }
    }
  for (guint k = 0; k < n; k++)
    {
      const GbMapArc *arc = &arcs[list[k]];
      guint8 sharers = MIN (arc->sharers, 2);

      if (arc->closed)
        continue;
      for (guint e = 0; e < 2; e++)
        {
          guint id = arc->end[e];

          if (self->id_stamp[id] != stamp)
            {
              self->id_stamp[id] = stamp;
              self->id_sharers[id] = sharers;
              junctions[n_junctions++] = id;
            }
          else
            self->id_sharers[id] = MAX (self->id_sharers[id], sharers);
        }
    }
  g_array_set_size (self->border_arcs, n);
  g_array_set_size (self->junctions, n_junctions);

  /* What fast_borders() tests and draws, worked out once for all the bands: the columns are
   * the same for each, the rows are the band's. */
  {
    double ox = px->ox - f->cx * f->scale, oy = px->oy - f->cy * f->scale;
    double *rows;
    int *jpx;

    g_array_set_size (self->border_rows, 2 * n);
    rows = (double *) self->border_rows->data;
    for (guint k = 0; k < n; k++)
      {
        const GbMapArc *arc = &arcs[list[k]];

        rows[2 * k] = arc->x1 * f->scale + ox < px->t.x0 - 1 || arc->x0 * f->scale + ox > px->t.x1 + 1
                      ? INFINITY : arc->y0 * f->scale + oy;
        rows[2 * k + 1] = arc->y1 * f->scale + oy;
      }
    g_array_set_size (self->junction_px, 3 * n_junctions);
    jpx = (int *) self->junction_px->data;
    for (guint k = 0; k < n_junctions; k++)
      {
        guint id = junctions[k];

        jpx[3 * k] = floor_int (self->ids_xy[2 * id] * f->scale + ox);
        jpx[3 * k + 1] = floor_int (self->ids_xy[2 * id + 1] * f->scale + oy);
        jpx[3 * k + 2] = self->id_sharers[id] > 1;
      }
  }
}

/* One polyline on whole pixels, each pixel blended once along it: not its first pixel (a
 * junction, or for a closed ring its last one too), nor its last unless @last. */
static void
pixel_polyline (const GbRasterTarget *box,
                const Blend          *b,
                const double         *p,
                guint                 n,
                double                scale,
                double                ox,
                double                oy,
                gboolean              last)
{
  /* Points within this of the image go straight to whole pixels; segments from farther are
   * cut to the image first. */
  double near = 8192, nx0 = box->x0 - near, ny0 = box->y0 - near, nx1 = box->x1 + near, ny1 = box->y1 + near;
  double ax = p[0] * scale + ox, ay = p[1] * scale + oy;
  int x0 = floor_int (CLAMP (ax, nx0, nx1)), y0 = floor_int (CLAMP (ay, ny0, ny1));

  for (guint k = 1; k < n; k++)
    {
      double bx = p[2 * k] * scale + ox, by = p[2 * k + 1] * scale + oy;
      gboolean end = last || k + 1 < n;
      int x1, y1;

      if (bx >= nx0 && bx <= nx1 && by >= ny0 && by <= ny1 &&
          ax >= nx0 && ax <= nx1 && ay >= ny0 && ay <= ny1)
        {
          x1 = floor_int (bx);
          y1 = floor_int (by);
          /* Most segments of a detailed boundary go to a neighbouring pixel. */
          if (ABS (x1 - x0) <= 1 && ABS (y1 - y0) <= 1)
            {
              if ((x1 != x0 || y1 != y0) && end)
                blend_at (box, b, x1, y1);
            }
          else
            pixel_line (box, b, x0, y0, x1, y1, end);
        }
      else
        {
          double cax = ax, cay = ay, cbx = bx, cby = by;

          x1 = floor_int (CLAMP (bx, nx0, nx1));
          y1 = floor_int (CLAMP (by, ny0, ny1));
          if (clip_segment (&cax, &cay, &cbx, &cby, box->x0 - 2, box->y0 - 2, box->x1 + 2, box->y1 + 2))
            pixel_line (box, b, floor_int (cax), floor_int (cay), floor_int (cbx), floor_int (cby), TRUE);
        }
      ax = bx;
      ay = by;
      x0 = x1;
      y0 = y1;
    }
}

/* One-pixel borders straight into the pixels: Cairo's stroker costs more than all the fills at
 * province zoom. Each arc listed by list_border_arcs() is drawn once: a border between two
 * communes as the two blends of it that drawing both rings gave, 1 − (1 − α)². */
void
gb_map_fast_borders (GbMapRenderer     *self,
                     const GbMapFrame  *f,
                     const GbMapPixels *px,
                     guint32            rgb,
                     double             alpha)
{
  const GbMapArc *arcs = (const GbMapArc *) self->arcs->data;
  const double *pts = (const double *) self->arc_pts[f->lod]->data;
  const double *rows = (const double *) self->border_rows->data;
  const int *jpx = (const int *) self->junction_px->data;
  Blend blends[2];
  double ox = px->ox - f->cx * f->scale, oy = px->oy - f->cy * f->scale;

  for (guint s = 0; s < 2; s++)
    {
      double al = s == 0 ? alpha : 1 - (1 - alpha) * (1 - alpha);
      guint a = (guint) (al * 256);

      blends[s].rb = (rgb & 0xff00ff) * a;
      blends[s].g = (rgb & 0xff00) * a;
      blends[s].inv = 256 - a;
    }
  for (guint k = 0; k < self->border_arcs->len; k++)
    {
      const GbMapArc *arc;

      if (rows[2 * k + 1] < px->t.y0 - 1 || rows[2 * k] > px->t.y1 + 1)
        continue;
      arc = &arcs[g_array_index (self->border_arcs, guint, k)];
      pixel_polyline (&px->t, &blends[arc->sharers > 1], pts + 2 * arc->lod_start[f->lod], arc->lod_count[f->lod],
                      f->scale, ox, oy, arc->closed);
    }
  for (guint k = 0; k < self->junctions->len; k++)
    blend_at (&px->t, &blends[jpx[3 * k + 2]], jpx[3 * k], jpx[3 * k + 1]);
}

/* Merged units in the pixels
 *
 * A unit merged from communes is drawn from their boundaries. Where those come from one map
 * with shared borders (the topology finds them), the pieces meet on the same arcs and nothing
 * shows between them. The census-2009 boundaries of the demo and the national set were
 * generalised one commune at a time, so neighbours leave gaps and overlaps of up to a hundred
 * metres or so between them: inside a merged unit the ground showed through the gaps (hairlines
 * at a province's zoom, wedges zoomed in), a neighbour's border crossed the overlaps, and the
 * outline drawn around every piece (stroked, then erased inside the pieces) was left in the
 * gaps. So on an image, once borders show, each merged unit is closed (a dilation then an
 * erosion by about that distance, in pixels, on a mask of its pieces), painted in its level's
 * paint as one piece, and outlined along the closed region's edge. Vector outputs draw the same
 * region as polygons, worked out once (gb-map-renderer-merged.c). */

/* @t op= @s over @n bytes (or to grow, and to shrink), eight at a time. */
static inline void
combine (guint8       *t,
         const guint8 *s,
         gsize         n,
         gboolean      grow)
{
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    {
      guint64 x, y;

      memcpy (&x, t + i, 8);
      memcpy (&y, s + i, 8);
      x = grow ? x | y : x & y;
      memcpy (t + i, &x, 8);
    }
  for (; i < n; i++)
    t[i] = grow ? t[i] | s[i] : t[i] & s[i];
}

/* @a (w × h, 0 or 1) grown or shrunk by a square of radius @r (outside counts as 0), rows then
 * columns, with @tmp of the same size. Hand-written: O(r) byte operations a pixel, eight at a
 * time, where a distance transform was twice as slow at the radii a province's zoom needs. */
void
gb_map_morph (guint8  *a,
              guint8  *tmp,
              int      w,
              int      h,
              int      r,
              gboolean grow)
{
  gsize n = (gsize) w * h;

  memcpy (tmp, a, n);
  for (int y = 0; y < h; y++)
    {
      guint8 *t = tmp + (gsize) y * w;
      const guint8 *s = a + (gsize) y * w;

      for (int k = 1; k <= MIN (r, w - 1); k++)
        {
          combine (t + k, s, w - k, grow);
          combine (t, s + k, w - k, grow);
        }
      if (!grow)
        {
          memset (t, 0, MIN (r, w));
          memset (t + w - MIN (r, w), 0, MIN (r, w));
        }
    }
  memcpy (a, tmp, n);
  for (int k = 1; k <= MIN (r, h - 1); k++)
    {
      combine (a + (gsize) k * w, tmp, (gsize) (h - k) * w, grow);
      combine (a, tmp + (gsize) k * w, (gsize) (h - k) * w, grow);
    }
  if (!grow)
    {
      memset (a, 0, (gsize) MIN (r, h) * w);
      memset (a + (gsize) (h - MIN (r, h)) * w, 0, (gsize) MIN (r, h) * w);
    }
}

typedef struct
{
  int      x0, y0, w, h;   /* the mask's box in the image's pixels */
  guint32 *pieces;         /* the pieces filled (nonzero), w × h */
  guint8  *in;             /* the closed region, w × h */
  guint8  *tmp;
  gsize    size;           /* pixels allocated: kept from one unit to the next */
} Mask;

/* The unit whose naming piece is @rep closed by a radius @r into @m over the rows of @px (and
 * what the closing needs around them), with @room more pixels around it. FALSE when none of it
 * is there. */
static gboolean
close_unit (GbMapRenderer     *self,
            GbRaster          *raster,
            const GbMapFrame  *f,
            const GbMapPixels *px,
            const GbMapUnit   *rep,
            int                r,
            int                room,
            Mask              *m)
{
  const double *pts = (const double *) self->pts[f->lod]->data;
  double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;
  int margin = 2 * r + 2 + room, x1, y1;
  GbRasterTarget t;
  GbRasterPaint on = { 0xffffffff, NULL, 0, 0 };
  gsize n;

  for (guint i = rep->group; i != G_MAXUINT; i = g_array_index (self->units, GbMapUnit, i).next_piece)
    {
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      bx0 = MIN (bx0, u->x0); by0 = MIN (by0, u->y0); bx1 = MAX (bx1, u->x1); by1 = MAX (by1, u->y1);
    }
  /* Room for the closing around the unit; where it is cut (the band's rows, the image's
   * columns), far enough that the cut changes no pixel written. */
  m->x0 = MAX (floor_int ((bx0 - f->cx) * f->scale + px->ox) - r - 1 - room, px->t.x0 - margin);
  m->y0 = MAX (floor_int ((by0 - f->cy) * f->scale + px->oy) - r - 1 - room, px->t.y0 - margin);
  x1 = MIN (floor_int ((bx1 - f->cx) * f->scale + px->ox) + r + 2 + room, px->t.x1 + margin);
  y1 = MIN (floor_int ((by1 - f->cy) * f->scale + px->oy) + r + 2 + room, px->t.y1 + margin);
  if (x1 <= m->x0 || y1 <= m->y0 || y1 <= px->t.y0 || m->y0 >= px->t.y1 || x1 <= px->t.x0 || m->x0 >= px->t.x1)
    return FALSE;
  m->w = x1 - m->x0;
  m->h = y1 - m->y0;
  n = (gsize) m->w * m->h;
  if (n > m->size)
    {
      m->size = MAX (n, 2 * m->size);
      m->pieces = g_renew (guint32, m->pieces, m->size);
      m->in = g_renew (guint8, m->in, m->size);
      m->tmp = g_renew (guint8, m->tmp, m->size);
    }
  memset (m->pieces, 0, 4 * n);
  t = (GbRasterTarget) { (guint8 *) m->pieces, 4 * m->w, 0, 0, m->w, m->h };
  gb_raster_begin (raster, &t);
  for (guint i = rep->group; i != G_MAXUINT; i = g_array_index (self->units, GbMapUnit, i).next_piece)
    {
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      for (guint k = 0; k < u->n_rings; k++)
        {
          const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, u->ring_start + k);

          gb_raster_add_ring (raster, pts + 2 * ring->start[f->lod], ring->count[f->lod], f->scale,
                              px->ox - f->cx * f->scale - m->x0, px->oy - f->cy * f->scale - m->y0);
        }
      /* Each piece alone: even-odd over pieces that overlap would leave the overlaps out. */
      gb_raster_fill (raster, &t, &on);
      gb_raster_begin (raster, &t);
    }
  /* Closed: grown by r, then shrunk by r. */
  for (gsize k = 0; k < n; k++)
    m->in[k] = m->pieces[k] != 0;
  gb_map_morph (m->in, m->tmp, m->w, m->h, r, TRUE);
  gb_map_morph (m->in, m->tmp, m->w, m->h, r, FALSE);
  for (gsize k = 0; k < n; k++)
    m->in[k] |= m->pieces[k] != 0;
  return TRUE;
}

/* Each merged commune in view as one piece over the rows of @px: its closed region painted in
 * its level's paint (@paints), its edge blended in @rgb as a border between two communes. */
void
gb_map_merged_pixels (GbMapRenderer       *self,
                      GbRaster            *raster,
                      const GbMapFrame    *f,
                      const GbMapPixels   *px,
                      const GbRasterPaint *paints,
                      guint32              rgb,
                      double               alpha)
{
  int r = (int) CLAMP (ceil (GB_MAP_MERGE_GAP * f->scale), 1, 16);
  guint a = (guint) ((1 - (1 - alpha) * (1 - alpha)) * 256);
  Blend edge = { (rgb & 0xff00ff) * a, (rgb & 0xff00) * a, 256 - a };
  Mask m = { 0 };

  for (guint k = 0; k < self->visible->len; k++)
    {
      guint i = g_array_index (self->visible, guint, k);
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i), *rep;
      const GbRasterPaint *paint;

      /* Once per unit: at its first piece in the frame. */
      if (!u->merged || u->level != GB_UNIT_LEVEL_COMMUNE || gb_map_first_shown_piece (self, f, u) != i)
        continue;
      rep = &g_array_index (self->units, GbMapUnit, u->group);
      if (!close_unit (self, raster, f, px, rep, r, 0, &m))
        continue;
      paint = &paints[rep->map_level & ~GB_LEVEL_DECLARED_FLAG];
      for (int y = MAX (m.y0, px->t.y0); y < MIN (m.y0 + m.h, px->t.y1); y++)
        {
          guint32 *row = (guint32 *) (px->t.data + (gsize) y * px->t.stride);
          const guint8 *in = m.in + (gsize) (y - m.y0) * m.w - m.x0;
          const guint32 *tile = paint->tile ? paint->tile + ((y + paint->tile_dy) & 7) * 8 : NULL;

          for (int x = MAX (m.x0, px->t.x0); x < MIN (m.x0 + m.w, px->t.x1); x++)
            {
              if (!in[x])
                continue;
              /* The paint over nothing: what the fill of a piece left there (its colour, or
               * its colour over the transparent image without a background). */
              row[x] = tile ? tile[(x + paint->tile_dx) & 7] : paint->color;
              if (x == m.x0 || x + 1 == m.x0 + m.w || y == m.y0 || y + 1 == m.y0 + m.h ||
                  !in[x - 1] || !in[x + 1] || !in[x - m.w] || !in[x + m.w])
                blend_ptr (&row[x], &edge);
            }
        }
    }
  g_free (m.pieces);
  g_free (m.in);
  g_free (m.tmp);
}

/**
 * gb_map_merged_outline:
 * @rep: the naming piece of a merged unit
 * @width: the outline's width in pixels, outside the unit
 * @x, @y: (out): where the mask's corner goes in the frame's pixels
 *
 * The outer outline of a merged unit as a mask over the frame's pixels: its closed region (as
 * gb_map_merged_pixels() paints it) grown by @width, less that region. Strokes around each
 * piece would outline the gaps between them too.
 *
 * Returns: (transfer full) (nullable): an A8 image, %NULL when the unit is out of the frame
 */
cairo_surface_t *
gb_map_merged_outline (GbMapRenderer    *self,
                       const GbMapFrame *f,
                       const GbMapUnit  *rep,
                       double            width,
                       int              *x,
                       int              *y)
{
  int r = (int) CLAMP (ceil (GB_MAP_MERGE_GAP * f->scale), 1, 16), w = MAX ((int) lround (width), 1);
  GbMapPixels px = { { NULL, 0, -w - 1, -w - 1, (int) (2 * f->hw) + w + 1, (int) (2 * f->hh) + w + 1 }, f->hw, f->hh, 0, 0 };
  g_autoptr(GbRaster) raster = gb_raster_new ();
  g_autofree guint8 *grown = NULL;
  cairo_surface_t *mask = NULL;
  Mask m = { 0 };

  if (close_unit (self, raster, f, &px, rep, r, w, &m))
    {
      gsize n = (gsize) m.w * m.h;
      guint8 *data;
      int stride;

      grown = g_memdup2 (m.in, n);
      gb_map_morph (grown, m.tmp, m.w, m.h, w, TRUE);
      mask = cairo_image_surface_create (CAIRO_FORMAT_A8, m.w, m.h);
      data = cairo_image_surface_get_data (mask);
      stride = cairo_image_surface_get_stride (mask);
      for (int yy = 0; yy < m.h; yy++)
        for (int xx = 0; xx < m.w; xx++)
          data[(gsize) yy * stride + xx] = grown[(gsize) yy * m.w + xx] && !m.in[(gsize) yy * m.w + xx] ? 0xff : 0;
      cairo_surface_mark_dirty (mask);
      *x = m.x0;
      *y = m.y0;
    }
  g_free (m.pieces);
  g_free (m.in);
  g_free (m.tmp);
  return mask;
}
