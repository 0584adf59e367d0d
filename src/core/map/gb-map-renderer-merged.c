/* gb-map-renderer-merged.c — a merged unit's outline as polygons, worked out once
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The census-2009 boundaries (the demo's, the national set's) were generalised one commune at
 * a time: neighbours leave gaps of up to about 150 m between them (GB_MAP_MERGE_GAP), so a
 * unit merged from several of them, drawn from its pieces, shows those gaps. An image closes
 * them in its pixels, frame by frame (gb_map_merged_pixels()). Vector outputs (SVG, PDF, a
 * scaled slide) and the outlines drawn over the map (the flag of a unit waiting for review)
 * need the region itself: the pieces' union closed over the gaps, as polygons.
 *
 * It is worked out once per merged unit, when first drawn, and kept with the boundaries (in
 * memory, and in the database's map cache with the version of the boundaries it was made from,
 * see gb_map_renderer_keep_shapes()): the
 * pieces are filled on a grid of a quarter of the gap (about 37 m; coarser for a unit so large
 * that the grid would pass about 2 million cells) and closed (grown, then shrunk, by the gap), and
 * the closed region's edge is traced between the cells' centres (marching squares). Where it
 * runs along a piece's own edge, each crossing is placed by the centres' exact distances to
 * that edge, so the outline follows the boundary to a small part of a cell, not in steps of one;
 * only across the mouth of a gap it closed is it as coarse as the grid. Holes (a unit that
 * surrounds another) are rings too. A polygon clipping library would give the exact union, but
 * none is among the project's libraries, and the union would still need its gaps closed.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gb-map-renderer-private.h"
#include "gb-store-map-cache.h"

/* The most cells a unit's grid has: a larger unit gets larger cells. */
#define MAX_CELLS (2 * 1024 * 1024)

static void
shape_free (gpointer data)
{
  GbMapShape *s = data;

  g_array_unref (s->pts);
  g_array_unref (s->rings);
  g_free (s);
}

/* Forgets the shapes when the boundaries change (never while a frame is drawn). */
void
gb_map_clear_merged_shapes (GbMapRenderer *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_assert (GB_IS_MAP_RENDERER (self));

  locker = g_mutex_locker_new (&self->shapes_lock);
  if (self->merged_shapes != NULL)
    g_hash_table_remove_all (self->merged_shapes);
  self->shapes_new = FALSE;
  self->shapes_stamp++;
}

/* The grid: cell (i, j) has its centre at x0 + (i + ½) × cell, y0 + (j + ½) × cell. */
typedef struct
{
  double  x0, y0, cell;
  int     w, h;
  guint8 *in;    /* per cell: in the pieces closed over the gaps */
  float  *v;     /* per cell: its centre's distance to the region's edge, in cells, negative
                  * inside, within ±1.5 (see fill_grid()) */
} Grid;

/* A point where the region's edge crosses between two cells' centres: the crossing between
 * cell (i, j) and (i + 1, j) is 2 × k, between (i, j) and (i, j + 1) is 2 × k + 1, with k the
 * cell's index in the grid grown by one cell all round. */
typedef struct
{
  guint  key;
  guint  next[2];   /* the crossings it is joined to, G_MAXUINT: not yet */
  double x, y;      /* where the edge crosses, world units */
  gboolean seen;
} Crossing;

typedef struct
{
  const Grid *g;
  GArray     *nodes;   /* Crossing */
  GHashTable *index;   /* key + 1 -> node index + 1 */
} Tracer;

static guint
h_key (const Grid *g, int i, int j)
{
  return 2 * ((guint) (j + 1) * (guint) (g->w + 2) + (guint) (i + 1));
}

static guint
v_key (const Grid *g, int i, int j)
{
  return h_key (g, i, j) + 1;
}

static float
value_at (const Grid *g,
          int         i,
          int         j)
{
  return i >= 0 && j >= 0 && i < g->w && j < g->h ? g->v[(gsize) j * g->w + i] : 1.5f;
}

/* Where the edge crosses between the centres of cells (i, j) and (i + di, j + dj), one in and
 * one out: interpolated between their distances, so a straight edge is found to a small part
 * of a cell. */
static void
crossing_point (const Grid *g,
                int         i,
                int         j,
                int         di,
                int         dj,
                double     *x,
                double     *y)
{
  double a = value_at (g, i, j), b = value_at (g, i + di, j + dj), t = a != b ? a / (a - b) : 0.5;

  t = CLAMP (t, 0.0, 1.0);
  *x = g->x0 + (i + 0.5 + t * di) * g->cell;
  *y = g->y0 + (j + 0.5 + t * dj) * g->cell;
}

static guint
node_of (Tracer *t,
         guint   key)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (t->index, GUINT_TO_POINTER (key + 1)));

  if (n == 0)
    {
      const Grid *g = t->g;
      guint k = key / 2;
      int i = (int) (k % (guint) (g->w + 2)) - 1, j = (int) (k / (guint) (g->w + 2)) - 1;
      Crossing c = { key, { G_MAXUINT, G_MAXUINT }, 0, 0, FALSE };

      crossing_point (g, i, j, key & 1 ? 0 : 1, key & 1 ? 1 : 0, &c.x, &c.y);
      g_array_append_val (t->nodes, c);
      n = t->nodes->len;
      g_hash_table_insert (t->index, GUINT_TO_POINTER (key + 1), GUINT_TO_POINTER (n));
    }
  return n - 1;
}

static void
join (Tracer *t,
      guint   a,
      guint   b)
{
  guint na = node_of (t, a), nb = node_of (t, b);
  Crossing *ca = &g_array_index (t->nodes, Crossing, na);
  Crossing *cb;

  ca->next[ca->next[0] == G_MAXUINT ? 0 : 1] = nb;
  cb = &g_array_index (t->nodes, Crossing, nb);
  cb->next[cb->next[0] == G_MAXUINT ? 0 : 1] = na;
}

/* Marching squares over the cells' centres: each square of four centres with some in, some
 * out, joins the crossings on its sides; two diagonal cells in are joined through the middle
 * (the closing joins them anyway). */
static void
trace_squares (Tracer *t)
{
  const Grid *g = t->g;
  int w2 = g->w + 2;
  /* Which centres are in, with a row and a column of outside all round: one byte each, so that
   * the squares all in or all out (nearly all) cost two comparisons. */
  g_autofree guint8 *in = g_new0 (guint8, (gsize) w2 * (g->h + 2));

  for (int j = 0; j < g->h; j++)
    for (int i = 0; i < g->w; i++)
      in[(gsize) (j + 1) * w2 + i + 1] = g->v[(gsize) j * g->w + i] < 0;
  for (int j = -1; j < g->h; j++)
    {
      const guint8 *row = in + (gsize) (j + 1) * w2, *next = row + w2;

      for (int i = -1; i < g->w; i++)
        {
          gboolean a = row[i + 1], b = row[i + 2], c = next[i + 2], d = next[i + 1];
          guint top, right, bottom, left, cross[4], n = 0;

          if (a == b && c == d && a == c)
            continue;
          top = h_key (g, i, j);
          right = v_key (g, i + 1, j);
          bottom = h_key (g, i, j + 1);
          left = v_key (g, i, j);
          if (a != b)
            cross[n++] = top;
          if (b != c)
            cross[n++] = right;
          if (c != d)
            cross[n++] = bottom;
          if (d != a)
            cross[n++] = left;
          if (n == 2)
            join (t, cross[0], cross[1]);
          else if (a)
            {
              /* a and c in: the outside corners b and d cut off. */
              join (t, top, right);
              join (t, bottom, left);
            }
          else
            {
              join (t, left, top);
              join (t, right, bottom);
            }
        }
    }
}

/* The traced rings, simplified by @tol, into @shape. */
static void
collect_rings (Tracer     *t,
               GbMapShape *shape,
               double      tol)
{
  g_autoptr(GArray) ring = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint s = 0; s < t->nodes->len; s++)
    {
      guint prev = G_MAXUINT, cur = s, start, count;

      if (g_array_index (t->nodes, Crossing, s).seen)
        continue;
      g_array_set_size (ring, 0);
      for (;;)
        {
          Crossing *c = &g_array_index (t->nodes, Crossing, cur);
          guint next;
          double xy[2] = { c->x, c->y };

          c->seen = TRUE;
          g_array_append_vals (ring, xy, 2);
          next = c->next[0] != prev ? c->next[0] : c->next[1];
          if (next == G_MAXUINT || g_array_index (t->nodes, Crossing, next).seen)
            break;
          prev = cur;
          cur = next;
        }
      if (ring->len < 6)
        continue;
      gb_map_simplify_ring ((const double *) ring->data, ring->len / 2, tol, shape->pts, &start, &count);
      g_array_append_val (shape->rings, count);
    }
}

/* Each cell's distance from its centre to the nearest edge of a piece, in cells, where it is
 * under 1.5: the cells around each segment. */
static void
edge_distances (GbMapRenderer *self,
                const GArray  *pieces,
                Grid          *g)
{
  const double *pts = (const double *) self->pts[0]->data;

  for (guint p = 0; p < pieces->len; p++)
    {
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, g_array_index (pieces, guint, p));

      for (guint k = 0; k < u->n_rings; k++)
        {
          const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, u->ring_start + k);
          const double *p = pts + 2 * ring->start[0];
          guint n = ring->count[0];

          for (guint e = 0; e < n; e++)
            {
              /* In cells, the centre of cell (i, j) at i, j. */
              double ax = (p[2 * e] - g->x0) / g->cell - 0.5, ay = (p[2 * e + 1] - g->y0) / g->cell - 0.5;
              double bx = (p[2 * ((e + 1) % n)] - g->x0) / g->cell - 0.5, by = (p[2 * ((e + 1) % n) + 1] - g->y0) / g->cell - 0.5;
              double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
              int i0 = MAX ((int) floor (MIN (ax, bx) - 1.5), 0), i1 = MIN ((int) ceil (MAX (ax, bx) + 1.5), g->w - 1);
              int j0 = MAX ((int) floor (MIN (ay, by) - 1.5), 0), j1 = MIN ((int) ceil (MAX (ay, by) + 1.5), g->h - 1);

              for (int cj = j0; cj <= j1; cj++)
                for (int ci = i0; ci <= i1; ci++)
                  {
                    double t = len2 > 0 ? CLAMP (((ci - ax) * dx + (cj - ay) * dy) / len2, 0.0, 1.0) : 0;
                    double ex = ax + t * dx - ci, ey = ay + t * dy - cj;
                    float d = (float) sqrt (ex * ex + ey * ey);
                    float *v = &g->v[(gsize) cj * g->w + ci];

                    if (d < *v)
                      *v = d;
                  }
            }
        }
    }
}

/* @pieces (indexes of units), filled on @g (each alone: even-odd over pieces that overlap
 * would leave the overlaps out), then closed over the gaps. */
static gboolean
fill_grid (GbMapRenderer *self,
           const GArray  *pieces,
           Grid          *g)
{
  const double *pts = (const double *) self->pts[0]->data;
  double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY, cell = GB_MAP_MERGE_GAP / 4;
  g_autoptr(GbRaster) raster = gb_raster_new ();
  g_autofree guint32 *covered = NULL;
  g_autofree guint8 *tmp = NULL;
  GbRasterPaint on = { 0xffffffff, NULL, 0, 0 };
  GbRasterTarget target;
  int r, margin;
  gsize n;

  for (guint p = 0; p < pieces->len; p++)
    {
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, g_array_index (pieces, guint, p));

      if (u->n_rings == 0 || u->x1 < u->x0)
        continue;
      bx0 = MIN (bx0, u->x0); by0 = MIN (by0, u->y0); bx1 = MAX (bx1, u->x1); by1 = MAX (by1, u->y1);
    }
  if (!(bx1 > bx0 && by1 > by0))
    return FALSE;
  /* A very large unit on a coarser grid. */
  if ((bx1 - bx0) / cell * ((by1 - by0) / cell) > MAX_CELLS)
    cell = sqrt ((bx1 - bx0) * (by1 - by0) / MAX_CELLS);
  r = MAX ((int) ceil (GB_MAP_MERGE_GAP / cell - 1e-9), 1);
  margin = r + 2;
  g->cell = cell;
  g->x0 = bx0 - margin * cell;
  g->y0 = by0 - margin * cell;
  g->w = (int) ceil ((bx1 - bx0) / cell) + 2 * margin;
  g->h = (int) ceil ((by1 - by0) / cell) + 2 * margin;
  n = (gsize) g->w * g->h;
  covered = g_new0 (guint32, n);
  tmp = g_new (guint8, n);
  g->in = g_new (guint8, n);
  target = (GbRasterTarget) { (guint8 *) covered, 4 * g->w, 0, 0, g->w, g->h };
  for (guint p = 0; p < pieces->len; p++)
    {
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, g_array_index (pieces, guint, p));

      gb_raster_begin (raster, &target);
      for (guint k = 0; k < u->n_rings; k++)
        {
          const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, u->ring_start + k);

          gb_raster_add_ring (raster, pts + 2 * ring->start[0], ring->count[0], 1 / cell, -g->x0 / cell, -g->y0 / cell);
        }
      gb_raster_fill (raster, &target, &on);
    }
  for (gsize k = 0; k < n; k++)
    g->in[k] = covered[k] != 0;
  gb_map_morph (g->in, tmp, g->w, g->h, r, TRUE);
  gb_map_morph (g->in, tmp, g->w, g->h, r, FALSE);
  /* The distances: to the pieces' edges, negative inside them; the gaps closed, well inside. */
  g->v = g_new (float, n);
  for (gsize k = 0; k < n; k++)
    g->v[k] = 1.5f;
  edge_distances (self, pieces, g);
  for (gsize k = 0; k < n; k++)
    {
      if (covered[k] != 0)
        g->v[k] = -MAX (g->v[k], 1e-3f);
      else if (g->in[k])
        g->v[k] = -1.5f;
      else
        g->v[k] = MAX (g->v[k], 1e-3f);
    }
  return TRUE;
}

/* What a merged unit's shape is keyed by: @prefix, then its pieces, in order (a date that
 * groups them the same way draws the same shape). */
static char *
shape_key (GbMapRenderer *self,
           const char    *prefix,
           const GArray  *pieces)
{
  GString *key = g_string_new (prefix);

  for (guint p = 0; p < pieces->len; p++)
    g_string_append_printf (key, "%s\n", g_array_index (self->units, GbMapUnit, g_array_index (pieces, guint, p)).code);
  return g_string_free (key, FALSE);
}

/* The region of @pieces kept under @key, worked out the first time. */
static const GbMapShape *
region_shape (GbMapRenderer *self,
              char          *key,
              const GArray  *pieces)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *owned = key;
  GbMapShape *shape;
  Tracer t = { 0 };
  Grid g = { 0 };

  /* Worked out by one thread at a time: the bands of a frame may ask from two. */
  locker = g_mutex_locker_new (&self->shapes_lock);
  if (self->merged_shapes == NULL)
    self->merged_shapes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, shape_free);
  if ((shape = g_hash_table_lookup (self->merged_shapes, key)) != NULL)
    return shape->rings->len > 0 ? shape : NULL;
  shape = g_new0 (GbMapShape, 1);
  shape->pts = g_array_new (FALSE, FALSE, sizeof (double));
  shape->rings = g_array_new (FALSE, FALSE, sizeof (guint));
  if (fill_grid (self, pieces, &g))
    {
      t.g = &g;
      t.nodes = g_array_new (FALSE, FALSE, sizeof (Crossing));
      t.index = g_hash_table_new (NULL, NULL);
      trace_squares (&t);
      collect_rings (&t, shape, g.cell / 8);
      g_array_unref (t.nodes);
      g_hash_table_unref (t.index);
      g_free (g.in);
      g_free (g.v);
    }
  g_hash_table_insert (self->merged_shapes, g_steal_pointer (&owned), shape);
  self->shapes_new = TRUE;
  self->shapes_stamp++;
  return shape->rings->len > 0 ? shape : NULL;
}

/**
 * gb_map_merged_shape:
 * @rep: a piece of a unit of the date
 *
 * Returns: (transfer none) (nullable): the region of @rep's unit, its pieces closed over the
 *   gaps between them, worked out the first time and kept; %NULL for a unit of one piece or
 *   one with no boundary to speak of
 */
const GbMapShape *
gb_map_merged_shape (GbMapRenderer   *self,
                     const GbMapUnit *rep)
{
  g_autoptr(GArray) pieces = NULL;

  g_assert (GB_IS_MAP_RENDERER (self));

  if (!rep->merged)
    return NULL;
  rep = &g_array_index (self->units, GbMapUnit, rep->group);
  pieces = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = rep->group; i != G_MAXUINT; i = g_array_index (self->units, GbMapUnit, i).next_piece)
    g_array_append_val (pieces, i);
  return region_shape (self, shape_key (self, "", pieces), pieces);
}

/**
 * gb_map_district_shape:
 * @rep: a piece of a merged district of the date
 *
 * A merged district's outline drawn from its own boundaries, generalised apart from its
 * communes', left slivers of ground between it and their fills and cut across them. Its region
 * here is made of the communes drawn in it, closed over the gaps between them as a merged
 * commune's is, so that its outline runs along their outer edges; with those of its own
 * boundaries that have no commune drawn (a district's laptop holds its own communes only).
 *
 * Returns: (transfer none) (nullable): that region, kept as gb_map_merged_shape()'s are; %NULL
 *   when no commune is drawn in it (its own boundaries are drawn then)
 */
const GbMapShape *
gb_map_district_shape (GbMapRenderer   *self,
                       const GbMapUnit *rep)
{
  g_autoptr(GArray) pieces = NULL;
  g_autofree guint8 *filled = NULL;
  gboolean any = FALSE;

  g_assert (GB_IS_MAP_RENDERER (self));

  if (!rep->merged || rep->level != GB_UNIT_LEVEL_DISTRICT)
    return NULL;
  rep = &g_array_index (self->units, GbMapUnit, rep->group);
  pieces = g_array_new (FALSE, FALSE, sizeof (guint));
  filled = g_new0 (guint8, self->units->len);
  for (guint i = 0; i < self->units->len; i++)
    {
      const GbMapUnit *v = &g_array_index (self->units, GbMapUnit, i);
      const GbMapUnit *d, *own;

      if (v->level != GB_UNIT_LEVEL_COMMUNE || v->shown_code == NULL || v->x1 < v->x0 ||
          (d = gb_map_renderer_find_shown (self, v->shown_parent)) == NULL || d->group != rep->group)
        continue;
      g_array_append_val (pieces, i);
      any = TRUE;
      /* The district boundary it was drawn in: its communes stand for it. */
      if ((own = gb_map_renderer_find_unit (self, v->parent)) != NULL)
        filled[own - (const GbMapUnit *) self->units->data] = 1;
    }
  if (!any)
    return NULL;
  for (guint i = rep->group; i != G_MAXUINT; i = g_array_index (self->units, GbMapUnit, i).next_piece)
    if (!filled[i])
      g_array_append_val (pieces, i);
  return region_shape (self, shape_key (self, "district\n", pieces), pieces);
}

/* The shape's rings as Cairo subpaths in the frame (fill them even-odd). */
void
gb_map_emit_shape (cairo_t          *cr,
                   const GbMapFrame *f,
                   const GbMapShape *shape)
{
  const double *p = (const double *) shape->pts->data;

  for (guint r = 0; r < shape->rings->len; r++)
    {
      guint n = g_array_index (shape->rings, guint, r);

      if (n >= 3)
        {
          cairo_move_to (cr, (p[0] - f->cx) * f->scale + f->hw, (p[1] - f->cy) * f->scale + f->hh);
          for (guint i = 1; i < n; i++)
            cairo_line_to (cr, (p[2 * i] - f->cx) * f->scale + f->hw, (p[2 * i + 1] - f->cy) * f->scale + f->hh);
          cairo_close_path (cr);
        }
      p += 2 * n;
    }
}


/* The shapes in the database's map cache: a header, then for each shape its key's bytes (with
 * its NUL), its rings' point counts and its points, each padded to 8 bytes, in the machine's own
 * layout (another machine makes them again). */
#define SHAPES_NAME   "merged-shapes"
#define SHAPES_FORMAT 1

typedef struct
{
  char    magic[8];
  guint32 format, byte_order;
  double  cell;
  guint64 n_shapes;
} ShapesHeader;

typedef struct
{
  guint32 key_size, n_rings;
  guint64 n_pts;
} ShapeHeader;

static void
shapes_header_init (ShapesHeader *h)
{
  memset (h, 0, sizeof *h);
  memcpy (h->magic, "GBMSHAPE", 8);
  h->format = SHAPES_FORMAT;
  h->byte_order = 0x01020304;
  h->cell = GB_MAP_MERGE_GAP / 4;
}

static gsize
pad8 (gsize n)
{
  return (n + 7) & ~(gsize) 7;
}

/* Reads the shapes kept for @boundaries, if any; a damaged or foreign blob is left unread. */
void
gb_map_read_merged_shapes (GbMapRenderer *self,
                           GbStore       *store,
                           gint64         boundaries)
{
  g_autoptr(GbMapCacheBlob) blob = NULL;
  g_autoptr(GHashTable) read = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  ShapesHeader h, want;
  gsize size = 0, offset = sizeof h;

  g_assert (GB_IS_MAP_RENDERER (self));

  locker = g_mutex_locker_new (&self->shapes_lock);
  self->boundaries = boundaries;
  self->shapes_new = FALSE;
  self->shapes_stamp++;
  g_clear_pointer (&locker, g_mutex_locker_free);
  shapes_header_init (&want);
  if (boundaries < 0 || (blob = gb_store_map_cache_open (store, SHAPES_NAME, boundaries, &size)) == NULL ||
      !gb_store_map_cache_read (blob, &h, sizeof h, 0) || memcmp (&h, &want, G_STRUCT_OFFSET (ShapesHeader, n_shapes)) != 0)
    return;
  read = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, shape_free);
  for (guint64 k = 0; k < h.n_shapes; k++)
    {
      ShapeHeader sh;
      g_autofree char *key = NULL;
      GbMapShape *shape;
      guint64 total = 0;

      if (!gb_store_map_cache_read (blob, &sh, sizeof sh, offset) || sh.key_size == 0 || sh.key_size > 1 << 20 ||
          sh.n_pts > size / 16 || sh.n_rings > sh.n_pts)
        return;
      offset += sizeof sh;
      key = g_malloc (sh.key_size);
      if (!gb_store_map_cache_read (blob, key, sh.key_size, offset) || key[sh.key_size - 1] != '\0')
        return;
      offset += pad8 (sh.key_size);
      shape = g_new0 (GbMapShape, 1);
      shape->rings = g_array_sized_new (FALSE, FALSE, sizeof (guint), sh.n_rings);
      shape->pts = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * sh.n_pts);
      g_array_set_size (shape->rings, sh.n_rings);
      g_array_set_size (shape->pts, 2 * sh.n_pts);
      g_hash_table_insert (read, g_steal_pointer (&key), shape);
      if (!gb_store_map_cache_read (blob, shape->rings->data, 4 * sh.n_rings, offset))
        return;
      offset += pad8 (4 * sh.n_rings);
      if (!gb_store_map_cache_read (blob, shape->pts->data, 16 * sh.n_pts, offset))
        return;
      offset += pad8 (16 * sh.n_pts);
      /* Checked as the drawing trusts it: the rings' points are the points, all finite. */
      for (guint r = 0; r < sh.n_rings; r++)
        total += g_array_index (shape->rings, guint, r);
      if (total != sh.n_pts)
        return;
      for (guint64 i = 0; i < 2 * sh.n_pts; i++)
        if (!isfinite (g_array_index (shape->pts, double, i)))
          return;
    }
  locker = g_mutex_locker_new (&self->shapes_lock);
  self->shapes_stamp++;
  if (self->merged_shapes == NULL)
    self->merged_shapes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, shape_free);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, read);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_hash_table_iter_steal (&iter);
        g_hash_table_replace (self->merged_shapes, key, value);
      }
  }
}

/* The shapes in @self as the map cache keeps them. */
static GByteArray *
shapes_bytes (GbMapRenderer *self)
{
  GByteArray *out = g_byte_array_new ();
  static const guint8 zeros[8] = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  ShapesHeader h;

  shapes_header_init (&h);
  h.n_shapes = g_hash_table_size (self->merged_shapes);
  g_byte_array_append (out, (const guint8 *) &h, sizeof h);
  g_hash_table_iter_init (&iter, self->merged_shapes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const GbMapShape *shape = value;
      ShapeHeader sh = { (guint32) strlen (key) + 1, shape->rings->len, shape->pts->len / 2 };

      g_byte_array_append (out, (const guint8 *) &sh, sizeof sh);
      g_byte_array_append (out, key, sh.key_size);
      g_byte_array_append (out, zeros, pad8 (sh.key_size) - sh.key_size);
      g_byte_array_append (out, (const guint8 *) shape->rings->data, 4 * sh.n_rings);
      g_byte_array_append (out, zeros, pad8 (4 * sh.n_rings) - 4 * sh.n_rings);
      g_byte_array_append (out, (const guint8 *) shape->pts->data, 16 * sh.n_pts);
    }
  return out;
}

/**
 * gb_map_renderer_has_new_shapes:
 *
 * Returns: whether merged units' shapes were worked out since the boundaries were loaded or
 *   the shapes kept: gb_map_renderer_keep_shapes() has something to write
 */
gboolean
gb_map_renderer_has_new_shapes (GbMapRenderer *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);

  locker = g_mutex_locker_new (&self->shapes_lock);
  return self->shapes_new && self->merged_shapes != NULL && self->boundaries >= 0;
}

/**
 * gb_map_renderer_keep_shapes:
 * @store: the database the boundaries were loaded from
 *
 * Keeps the merged units' shapes worked out since the boundaries were loaded (see
 * gb-map-renderer-merged.c) in @store's map cache, for the next start: nothing when there are
 * none new, or when the boundaries changed since (the cache would not be theirs). It may run
 * in another thread than the one drawing with @self (on a connection of its own to @store):
 * frames wait for it only while the shapes are copied, not while they are written.
 */
gboolean
gb_map_renderer_keep_shapes (GbMapRenderer  *self,
                             GbStore        *store,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GByteArray) out = NULL;
  gint64 boundaries;
  guint stamp;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  locker = g_mutex_locker_new (&self->shapes_lock);
  if (!self->shapes_new || self->merged_shapes == NULL || self->boundaries < 0)
    return TRUE;
  boundaries = self->boundaries;
  stamp = self->shapes_stamp;
  out = shapes_bytes (self);
  g_clear_pointer (&locker, g_mutex_locker_free);

  if (gb_store_map_boundaries_version (store) != boundaries)
    return TRUE;
  if (!gb_store_map_cache_write (store, SHAPES_NAME, boundaries, out->data, out->len, error))
    return FALSE;
  /* Kept, unless more were worked out (or others loaded) meanwhile: those are kept next time. */
  locker = g_mutex_locker_new (&self->shapes_lock);
  if (self->shapes_stamp == stamp)
    self->shapes_new = FALSE;
  return TRUE;
}
