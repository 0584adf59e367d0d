/* gb-map-renderer.c — every commune filled by its level, at any scale
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gb-draw.h"
#include "gb-error.h"
#include "gb-geometry.h"
#include "gb-level.h"
#include "gb-map-renderer.h"
#include "gb-raster.h"
#include "gb-store-map.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Simplification tolerances in world units, finest first; a frame uses the coarsest one under
 * about half a pixel. 1.6e-5 is half a pixel of the whole country on 1920 pixels. */
#define N_LODS 5
static const double lod_tolerance[N_LODS] = { 0, 1.0e-6, 4.0e-6, 1.6e-5, 6.4e-5 };
/* The zooms whose rings are built from shared arcs: those where commune borders are drawn
 * (see frame_init()). Farther out a commune is a few pixels, its border is not drawn, and each
 * ring simplified alone keeps fewer points than arcs whose every junction stays. */
#define N_ARC_LODS 3

typedef struct
{
  guint unit;
  guint start[N_LODS];     /* first point in pts[lod] */
  guint count[N_LODS];
  guint arc_start, n_arcs; /* its arcs in ring_arcs, in order; none for a degenerate ring */
} Ring;

/* A piece of boundary between two junctions (points where the rings that share it part), or
 * a whole ring that shares no junction (an island, an enclave). Built once at load: two
 * neighbours' common border is one arc, simplified once per zoom, so both fills meet on the
 * same edges and the border is drawn once. */
typedef struct
{
  guint  start;            /* its point ids in arc_ids, ends included */
  guint  n;
  guint  end[2];           /* its first and last point ids */
  guint  lod_start[N_LODS];/* its simplified points in arc_pts[lod], lod < N_ARC_LODS */
  guint  lod_count[N_LODS];
  double x0, y0, x1, y1;   /* bounds, world units */
  gboolean closed;         /* a whole ring: its ends are no junction */
  guint  stamp;            /* the frame that listed it last */
  guint  sharers;          /* how many of that frame's bordered communes have it */
} Arc;

typedef struct
{
  char        *code;
  char        *name;
  char        *parent;
  GbUnitLevel  level;
  guint        ring_start, n_rings;
  double       x0, y0, x1, y1;     /* bounds, world units */
  double       lx, ly;             /* where its name goes */
  guint8       map_level;          /* GbLevel | GB_LEVEL_DECLARED_FLAG */
  float        label_w, label_h;   /* the name's size, measured once; 0: not yet */
  PangoLayout *label;              /* shaped once, the first time the name is drawn */
  cairo_surface_t *label_image;    /* it drawn once with its shadow, for image targets */
  int          label_mx, label_my; /* where that image goes from the layout's origin */
  gboolean     label_dark;         /* the theme it was drawn for */
} MapUnit;

struct _GbMapRenderer
{
  GObject          parent_instance;

  GArray          *units;          /* MapUnit */
  GHashTable      *index;          /* code -> index + 1 */
  GArray          *rings;          /* Ring */
  GArray          *pts[N_LODS];    /* double x, y */
  GArray          *arcs;           /* Arc */
  GArray          *arc_ids;        /* guint: the points of the arcs, as ids into ids_xy */
  GArray          *ring_arcs;      /* guint: per ring its arcs, arc index << 1 | reversed */
  GArray          *arc_pts[N_LODS];/* double x, y: each arc simplified */
  double          *ids_xy;         /* the distinct points, x, y */
  guint           *id_stamp;       /* per distinct point, the frame that listed it last */
  guint8          *id_sharers;     /* and the most sharers of the arcs ending there */
  guint            n_ids;
  guint            stamp;          /* of the frame being drawn */
  GArray          *border_arcs;    /* guint: the arcs of that frame's commune borders */
  GArray          *junctions;      /* guint: the ids where those arcs end */
  /* The same in the frame's pixels, for each band's pass over them: the rows of each listed
   * arc's bounds (from and to; from is infinite when its columns miss the image), and each
   * junction's pixel and whether it is shared (three ints). Compact, where reading each Arc
   * and point again cost each band about 25 µs. */
  GArray          *border_rows;    /* double */
  GArray          *junction_px;    /* int */
  int             *engine_index;   /* per unit, the level engine's index or -1 */
  GbLevelEngine   *engine;         /* whose indexes those are (not owned) */
  double           x0, y0, x1, y1; /* bounds of everything */

  char            *highlight;
  gboolean         dark;
  gboolean         background;
  cairo_pattern_t *hatch;
  guint32          hatch_tile[64]; /* the same hatching as pixels, for the rasterizer */
  gboolean         hatch_tile_ready;
  GbRaster        *raster[2];      /* one per band of a frame drawn on two threads */
  GArray          *placed;         /* label boxes of the frame being drawn */
  GArray          *label_at;       /* LabelAt: its names to blend into an image */
  GArray          *buckets[5];     /* the communes of the frame being drawn, by level */
  GArray          *bucket_rows[5]; /* double: the rows of each one's bounds, as border_rows */
  GArray          *visible;        /* all its units, in order: one pass over all units a frame */

  /* The cached image draw_cached() pans. */
  cairo_surface_t *cache;
  GbMapView        cache_view;
  int              cache_w, cache_h;
  guint            version, cache_version;
};

G_DEFINE_FINAL_TYPE (GbMapRenderer, gb_map_renderer, G_TYPE_OBJECT)

typedef struct
{
  cairo_surface_t *image;   /* the name and its shadow, owned by the unit */
  int              x, y;    /* its corner in the image's pixels */
} LabelAt;

void
gb_map_project (double  lon,
                double  lat,
                double *x,
                double *y)
{
  double phi = CLAMP (lat, -85.05112878, 85.05112878) * G_PI / 180.0;

  *x = (lon + 180.0) / 360.0;
  *y = (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0;
}

void
gb_map_unproject (double  x,
                  double  y,
                  double *lon,
                  double *lat)
{
  *lon = x * 360.0 - 180.0;
  *lat = atan (sinh (G_PI * (1.0 - 2.0 * y))) * 180.0 / G_PI;
}

static void
clear_unit (gpointer p)
{
  MapUnit *u = p;

  g_free (u->code);
  g_free (u->name);
  g_free (u->parent);
  g_clear_object (&u->label);
  g_clear_pointer (&u->label_image, cairo_surface_destroy);
}

static void
gb_map_renderer_finalize (GObject *object)
{
  GbMapRenderer *self = GB_MAP_RENDERER (object);

  g_clear_pointer (&self->units, g_array_unref);
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->rings, g_array_unref);
  for (guint l = 0; l < N_LODS; l++)
    {
      g_clear_pointer (&self->pts[l], g_array_unref);
      g_clear_pointer (&self->arc_pts[l], g_array_unref);
    }
  g_clear_pointer (&self->arcs, g_array_unref);
  g_clear_pointer (&self->arc_ids, g_array_unref);
  g_clear_pointer (&self->ring_arcs, g_array_unref);
  g_clear_pointer (&self->ids_xy, g_free);
  g_clear_pointer (&self->id_stamp, g_free);
  g_clear_pointer (&self->id_sharers, g_free);
  g_clear_pointer (&self->border_arcs, g_array_unref);
  g_clear_pointer (&self->junctions, g_array_unref);
  g_clear_pointer (&self->border_rows, g_array_unref);
  g_clear_pointer (&self->junction_px, g_array_unref);
  g_clear_pointer (&self->engine_index, g_free);
  g_clear_pointer (&self->highlight, g_free);
  g_clear_pointer (&self->hatch, cairo_pattern_destroy);
  g_clear_pointer (&self->raster[0], gb_raster_free);
  g_clear_pointer (&self->raster[1], gb_raster_free);
  g_clear_pointer (&self->placed, g_array_unref);
  g_clear_pointer (&self->label_at, g_array_unref);
  for (guint l = 0; l < 5; l++)
    {
      g_clear_pointer (&self->buckets[l], g_array_unref);
      g_clear_pointer (&self->bucket_rows[l], g_array_unref);
    }
  g_clear_pointer (&self->visible, g_array_unref);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  G_OBJECT_CLASS (gb_map_renderer_parent_class)->finalize (object);
}

static void
gb_map_renderer_class_init (GbMapRendererClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_map_renderer_finalize;
}

static void
reset (GbMapRenderer *self)
{
  g_clear_pointer (&self->units, g_array_unref);
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->rings, g_array_unref);
  self->units = g_array_new (FALSE, TRUE, sizeof (MapUnit));
  g_array_set_clear_func (self->units, clear_unit);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  self->rings = g_array_new (FALSE, TRUE, sizeof (Ring));
  for (guint l = 0; l < N_LODS; l++)
    {
      g_clear_pointer (&self->pts[l], g_array_unref);
      self->pts[l] = g_array_new (FALSE, FALSE, sizeof (double));
      g_clear_pointer (&self->arc_pts[l], g_array_unref);
      self->arc_pts[l] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  g_clear_pointer (&self->arcs, g_array_unref);
  self->arcs = g_array_new (FALSE, TRUE, sizeof (Arc));
  g_clear_pointer (&self->arc_ids, g_array_unref);
  self->arc_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  g_clear_pointer (&self->ring_arcs, g_array_unref);
  self->ring_arcs = g_array_new (FALSE, FALSE, sizeof (guint));
  g_clear_pointer (&self->ids_xy, g_free);
  g_clear_pointer (&self->id_stamp, g_free);
  g_clear_pointer (&self->id_sharers, g_free);
  self->n_ids = 0;
  g_clear_pointer (&self->engine_index, g_free);
  self->engine = NULL;
  self->x0 = self->y0 = INFINITY;
  self->x1 = self->y1 = -INFINITY;
  self->version++;
}

static void
gb_map_renderer_init (GbMapRenderer *self)
{
  self->background = TRUE;
  self->raster[0] = gb_raster_new ();
  self->raster[1] = gb_raster_new ();
  self->placed = g_array_new (FALSE, FALSE, sizeof (double) * 4);
  self->label_at = g_array_new (FALSE, FALSE, sizeof (LabelAt));
  for (guint l = 0; l < 5; l++)
    {
      self->buckets[l] = g_array_new (FALSE, FALSE, sizeof (guint));
      self->bucket_rows[l] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  self->border_arcs = g_array_new (FALSE, FALSE, sizeof (guint));
  self->junctions = g_array_new (FALSE, FALSE, sizeof (guint));
  self->border_rows = g_array_new (FALSE, FALSE, sizeof (double));
  self->junction_px = g_array_new (FALSE, FALSE, sizeof (int));
  reset (self);
}

GbMapRenderer *
gb_map_renderer_new (void)
{
  return g_object_new (GB_TYPE_MAP_RENDERER, NULL);
}

/* Douglas–Peucker on one ring: keeps the points that stand more than @tol away from the chord
 * of the points kept around them, so a ring has as many points as the zoom can show. */
static void
dp_mark (const double *xy,
         guint         first,
         guint         last,
         double        tol2,
         guint8       *keep)
{
  while (last > first + 1)
    {
      double ax = xy[2 * first], ay = xy[2 * first + 1];
      double dx = xy[2 * last] - ax, dy = xy[2 * last + 1] - ay;
      double len2 = dx * dx + dy * dy, best = -1;
      guint at = first;

      for (guint i = first + 1; i < last; i++)
        {
          double px = xy[2 * i] - ax, py = xy[2 * i + 1] - ay, d2;

          if (len2 > 0)
            {
              double cross = px * dy - py * dx;
              d2 = cross * cross / len2;
            }
          else
            d2 = px * px + py * py;
          if (d2 > best)
            {
              best = d2;
              at = i;
            }
        }
      if (best <= tol2)
        return;
      keep[at] = 1;
      /* Recurse on the smaller side, loop on the other: bounded stack depth. */
      if (at - first < last - at)
        {
          dp_mark (xy, first, at, tol2, keep);
          first = at;
        }
      else
        {
          dp_mark (xy, at, last, tol2, keep);
          last = at;
        }
    }
}

static void
simplify_ring (const double *xy,
               guint         n,
               double        tol,
               GArray       *out,
               guint        *start,
               guint        *count)
{
  g_autofree guint8 *keep = NULL;
  guint kept = 0, far = 0;
  double best = -1;

  *start = out->len / 2;
  *count = 0;
  if (n == 0)
    return;
  if (tol == 0 || n <= 4)
    {
      g_array_append_vals (out, xy, 2 * n);
      *count = n;
      return;
    }
  keep = g_malloc0 (n);
  /* A closed ring: split it at the point farthest from the first, then simplify both halves. */
  for (guint i = 1; i < n; i++)
    {
      double dx = xy[2 * i] - xy[0], dy = xy[2 * i + 1] - xy[1];

      if (dx * dx + dy * dy > best)
        {
          best = dx * dx + dy * dy;
          far = i;
        }
    }
  keep[0] = keep[n - 1] = keep[far] = 1;
  dp_mark (xy, 0, far, tol * tol, keep);
  dp_mark (xy, far, n - 1, tol * tol, keep);
  for (guint i = 0; i < n; i++)
    if (keep[i])
      {
        g_array_append_vals (out, xy + 2 * i, 2);
        kept++;
      }
  if (kept < 4 && n >= 4)
    {
      /* Too small for this zoom: a triangle so the unit's colour still shows. */
      g_array_set_size (out, *start * 2);
      g_array_append_vals (out, xy, 2);
      g_array_append_vals (out, xy + 2 * (n / 3), 2);
      g_array_append_vals (out, xy + 2 * (2 * n / 3), 2);
      kept = 3;
    }
  *count = kept;
}

/* The distinct points of all rings: each raw point's id, and each id's x, y. Exact equality
 * of the projected doubles: neighbours' common borders come from the same source points. */
static guint
hash_point (const double *p)
{
  guint64 x, y, h;

  memcpy (&x, p, sizeof x);
  memcpy (&y, p + 1, sizeof y);
  h = x ^ (y * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
  h ^= h >> 32;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 29;
  return (guint) h;
}

/* A hash table entry: the full hash beside the index, so that a probe only looks at the point
 * or arc it stands for when the hashes match (each look is a cache miss on 275,000 points). */
typedef struct
{
  guint hash;
  guint index;   /* + 1; 0: empty */
} Slot;

/* How many points of @ring count: a last point repeating the first does not. */
static guint
ring_points (const double *raw,
             const Ring   *ring)
{
  const double *p = raw + 2 * ring->start[0];
  guint n = ring->count[0];

  if (n > 1 && p[0] == p[2 * n - 2] && p[1] == p[2 * n - 1])
    n--;
  return n;
}

static guint
hash_arc (const guint *c,
          guint        n)
{
  guint h = (c[0] * 2654435761u) ^ (c[1] * 40503u) ^ (c[n - 2] * 2246822519u) ^ (c[n - 1] * 3266489917u) ^ n;

  /* Mixed down to the low bits the table uses: the ids are dense and small. */
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

/* Splits every ring into arcs between junctions, keeps each arc once (a border walked either
 * way by the two neighbours is the same arc), simplifies the arcs for each zoom, and rebuilds
 * the rings' simplified points from them. */
static void
build_topology (GbMapRenderer *self)
{
  const double *raw = (const double *) self->pts[0]->data;
  guint n_raw = self->pts[0]->len / 2, n_rings = self->rings->len, n_ids = 0, cap = 16, n_arcs_cap = 16;
  g_autofree guint *ids = g_new (guint, MAX (n_raw, 1));
  g_autofree Slot *table = NULL;
  g_autofree guint *first_prev = NULL, *first_next = NULL;
  g_autofree guint8 *junction = NULL;
  g_autofree Slot *arc_table = NULL;
  g_autofree guint *seq = NULL;
  g_autofree double *xy = NULL, *kept_xy = NULL;
  g_autofree guint8 *keep = NULL;
  guint max_ring = 0, n_refs = 0;

  while (cap < n_raw + n_raw / 2)
    cap *= 2;
  table = g_new0 (Slot, cap);
  self->ids_xy = g_new (double, 2 * MAX (n_raw, 1));
  for (guint r = 0; r < n_rings; r++)
    {
      const Ring *ring = &g_array_index (self->rings, Ring, r);
      guint m = ring_points (raw, ring);

      max_ring = MAX (max_ring, ring->count[0]);
      for (guint i = 0; i < ring->count[0]; i++)
        {
          guint at = ring->start[0] + i, hash, h;

          if (i >= m)
            {
              ids[at] = ids[ring->start[0]];   /* the closing point */
              continue;
            }
          hash = hash_point (raw + 2 * at);
          for (h = hash & (cap - 1); table[h].index != 0; h = (h + 1) & (cap - 1))
            {
              const double *q = self->ids_xy + 2 * (table[h].index - 1);

              if (table[h].hash == hash && q[0] == raw[2 * at] && q[1] == raw[2 * at + 1])
                break;
            }
          if (table[h].index == 0)
            {
              self->ids_xy[2 * n_ids] = raw[2 * at];
              self->ids_xy[2 * n_ids + 1] = raw[2 * at + 1];
              table[h].hash = hash;
              table[h].index = ++n_ids;
            }
          ids[at] = table[h].index - 1;
        }
    }
  g_clear_pointer (&table, g_free);

  /* A junction: a point whose neighbours along one ring are not its neighbours along
   * another (where two rings part, or a third one joins). */
  first_prev = g_new (guint, MAX (n_ids, 1));
  first_next = g_new (guint, MAX (n_ids, 1));
  junction = g_new0 (guint8, MAX (n_ids, 1));
  memset (first_prev, 0xff, n_ids * sizeof (guint));
  for (guint r = 0; r < n_rings; r++)
    {
      const Ring *ring = &g_array_index (self->rings, Ring, r);
      const guint *id = ids + ring->start[0];
      guint m = ring_points (raw, ring);

      if (m < 3)
        continue;
      for (guint i = 0; i < m; i++)
        {
          guint p = id[(i + m - 1) % m], q = id[(i + 1) % m], c = id[i];

          if (first_prev[c] == G_MAXUINT)
            {
              first_prev[c] = p;
              first_next[c] = q;
            }
          else if (!((p == first_prev[c] && q == first_next[c]) || (p == first_next[c] && q == first_prev[c])))
            junction[c] = 1;
        }
    }
  /* At most one arc per junction along a ring, or one for a ring without: the table is sized
   * to that (small tables: each probe is a cache miss). */
  for (guint r = 0; r < n_rings; r++)
    {
      const Ring *ring = &g_array_index (self->rings, Ring, r);
      const guint *id = ids + ring->start[0];
      guint m = ring_points (raw, ring), k = 0;

      for (guint i = 0; i < m; i++)
        k += junction[id[i]];
      n_refs += MAX (k, 1);
    }

  /* Everything appended below sized once: growing arrays of this size by doubling cost
   * more in copies and page faults than filling them. */
  g_array_unref (self->arcs);
  self->arcs = g_array_sized_new (FALSE, FALSE, sizeof (Arc), n_refs);
  g_array_unref (self->arc_ids);
  self->arc_ids = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_raw + n_refs);
  g_array_unref (self->ring_arcs);
  self->ring_arcs = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_refs);
  for (guint l = 0; l < N_LODS; l++)
    {
      g_array_unref (self->arc_pts[l]);
      self->arc_pts[l] = g_array_sized_new (FALSE, FALSE, sizeof (double), l < N_ARC_LODS ? 2 * (n_raw + n_refs) : 0);
      if (l > 0)
        {
          g_array_unref (self->pts[l]);
          self->pts[l] = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (n_raw + n_refs));
        }
    }
  while (n_arcs_cap < 2 * n_refs)
    n_arcs_cap *= 2;
  arc_table = g_new0 (Slot, n_arcs_cap);
  seq = g_new (guint, max_ring + 2);
  xy = g_new (double, 2 * (max_ring + 2));
  kept_xy = g_new (double, 2 * (max_ring + 2));
  keep = g_new (guint8, max_ring + 2);
  for (guint r = 0; r < n_rings; r++)
    {
      Ring *ring = &g_array_index (self->rings, Ring, r);
      const guint *id = ids + ring->start[0];
      guint m = ring_points (raw, ring), first = G_MAXUINT;

      ring->arc_start = self->ring_arcs->len;
      ring->n_arcs = 0;
      if (m < 3)
        continue;
      for (guint i = 0; i < m && first == G_MAXUINT; i++)
        if (junction[id[i]])
          first = i;
      if (first == G_MAXUINT)
        {
          /* No junction: the whole ring, from its smallest id, the way its smaller neighbour
           * lies, so that an enclave and the hole it fills give the same arc. */
          first = 0;
          for (guint i = 1; i < m; i++)
            if (id[i] < id[first])
              first = i;
        }
      for (guint i = 0; i < m;)
        {
          guint len = 0, a, h, hash, dir;
          gboolean closed = !junction[id[first]], rev;
          const guint *c;

          /* From this junction to the next (or all the way round). */
          seq[len++] = id[(first + i) % m];
          do
            {
              i++;
              seq[len++] = id[(first + i) % m];
            }
          while (i < m && !junction[id[(first + i) % m]]);
          /* The direction that two rings walking it either way agree on. */
          rev = seq[0] > seq[len - 1] || (seq[0] == seq[len - 1] && seq[1] > seq[len - 2]);
          if (rev)
            for (guint k = 0; k < len / 2; k++)
              {
                guint t = seq[k];

                seq[k] = seq[len - 1 - k];
                seq[len - 1 - k] = t;
              }
          dir = 0;
          hash = hash_arc (seq, len);
          for (h = hash & (n_arcs_cap - 1); arc_table[h].index != 0; h = (h + 1) & (n_arcs_cap - 1))
            {
              const Arc *o;

              if (arc_table[h].hash != hash)
                continue;
              o = &g_array_index (self->arcs, Arc, arc_table[h].index - 1);
              c = &g_array_index (self->arc_ids, guint, o->start);
              if (o->n == len && memcmp (c, seq, len * sizeof (guint)) == 0)
                break;
            }
          if (arc_table[h].index == 0)
            {
              Arc arc = { 0 };

              arc.start = self->arc_ids->len;
              arc.n = len;
              arc.end[0] = seq[0];
              arc.end[1] = seq[len - 1];
              arc.closed = closed;
              arc.x0 = arc.y0 = INFINITY;
              arc.x1 = arc.y1 = -INFINITY;
              g_array_append_vals (self->arc_ids, seq, len);
              for (guint k = 0; k < len; k++)
                {
                  const double *q = self->ids_xy + 2 * seq[k];

                  xy[2 * k] = q[0];
                  xy[2 * k + 1] = q[1];
                  arc.x0 = MIN (arc.x0, q[0]);
                  arc.y0 = MIN (arc.y0, q[1]);
                  arc.x1 = MAX (arc.x1, q[0]);
                  arc.y1 = MAX (arc.y1, q[1]);
                }
              for (guint l = 0; l < N_ARC_LODS; l++)
                {
                  GArray *out = self->arc_pts[l];
                  guint kept = 0;

                  arc.lod_start[l] = out->len / 2;
                  if (l == 0)
                    {
                      g_array_append_vals (out, xy, 2 * len);
                      arc.lod_count[l] = len;
                      continue;
                    }
                  memset (keep, 0, len);
                  keep[0] = keep[len - 1] = 1;
                  /* A loop's chord is a point: the farthest point from it is kept first. */
                  dp_mark (xy, 0, len - 1, lod_tolerance[l] * lod_tolerance[l], keep);
                  for (guint k = 0; k < len; k++)
                    if (keep[k])
                      {
                        kept_xy[2 * kept] = xy[2 * k];
                        kept_xy[2 * kept + 1] = xy[2 * k + 1];
                        kept++;
                      }
                  g_array_append_vals (out, kept_xy, 2 * kept);
                  arc.lod_count[l] = kept;
                }
              g_array_append_val (self->arcs, arc);
              arc_table[h].hash = hash;
              arc_table[h].index = self->arcs->len;
            }
          a = arc_table[h].index - 1;
          dir = (a << 1) | (rev ? 1 : 0);
          g_array_append_val (self->ring_arcs, dir);
          ring->n_arcs++;
        }
    }

  /* The rings again, simplified: their arcs end to end where borders show, each alone beyond. */
  for (guint l = 1; l < N_LODS; l++)
    {
      GArray *out = self->pts[l];

      g_array_set_size (out, 0);
      for (guint r = 0; r < n_rings; r++)
        {
          Ring *ring = &g_array_index (self->rings, Ring, r);
          const double *p = raw + 2 * ring->start[0];
          guint n = ring->count[0];

          ring->start[l] = out->len / 2;
          if (l >= N_ARC_LODS)
            {
              simplify_ring (p, n, lod_tolerance[l], out, &ring->start[l], &ring->count[l]);
              continue;
            }
          if (ring->n_arcs == 0)
            g_array_append_vals (out, p, 2 * n);
          else
            for (guint k = 0; k < ring->n_arcs; k++)
              {
                guint ref = g_array_index (self->ring_arcs, guint, ring->arc_start + k);
                const Arc *arc = &g_array_index (self->arcs, Arc, ref >> 1);
                const double *q = (const double *) self->arc_pts[l]->data + 2 * arc->lod_start[l];
                guint c = arc->lod_count[l];

                guint at = out->len / 2;

                /* Each arc but for its last point, the first of the next. */
                if (ref & 1)
                  {
                    double *d;

                    g_array_set_size (out, 2 * (at + c - 1));
                    d = (double *) out->data + 2 * at;
                    for (guint j = c - 1; j > 0; j--, d += 2)
                      {
                        d[0] = q[2 * j];
                        d[1] = q[2 * j + 1];
                      }
                  }
                else
                  g_array_append_vals (out, q, 2 * (c - 1));
              }
          ring->count[l] = out->len / 2 - ring->start[l];
          if (ring->count[l] < 3 && n >= 4)
            {
              /* Too small for this zoom: a triangle so the unit's colour still shows. */
              g_array_set_size (out, ring->start[l] * 2);
              g_array_append_vals (out, p, 2);
              g_array_append_vals (out, p + 2 * (n / 3), 2);
              g_array_append_vals (out, p + 2 * (2 * n / 3), 2);
              ring->count[l] = 3;
            }
        }
    }
  self->id_stamp = g_new0 (guint, MAX (n_ids, 1));
  self->id_sharers = g_new0 (guint8, MAX (n_ids, 1));
  self->n_ids = n_ids;
  self->stamp = 0;
}

static void
on_unit (const char       *code,
         GbUnitLevel       level,
         const char       *parent_code,
         const char       *name,
         const GbGeometry *geometry,
         gpointer          data)
{
  GbMapRenderer *self = data;
  MapUnit u = { 0 };
  const double *coords = (const double *) geometry->coords->data;
  g_autofree double *xy = NULL;
  guint offset = 0;
  double best_area = -1;

  u.code = g_strdup (code);
  u.name = g_strdup (name);
  u.parent = g_strdup (parent_code);
  u.level = level;
  u.ring_start = self->rings->len;
  u.n_rings = geometry->rings->len;
  u.x0 = u.y0 = INFINITY;
  u.x1 = u.y1 = -INFINITY;
  u.map_level = GB_LEVEL_NO_DATA;

  for (guint r = 0; r < geometry->rings->len; r++)
    {
      guint n = g_array_index (geometry->rings, guint32, r);
      Ring ring = { 0 };
      double rx0 = INFINITY, ry0 = INFINITY, rx1 = -INFINITY, ry1 = -INFINITY;

      xy = g_renew (double, xy, 2 * MAX (n, 1));
      for (guint i = 0; i < n; i++)
        {
          gb_map_project (coords[2 * (offset + i)], coords[2 * (offset + i) + 1], &xy[2 * i], &xy[2 * i + 1]);
          rx0 = MIN (rx0, xy[2 * i]);
          ry0 = MIN (ry0, xy[2 * i + 1]);
          rx1 = MAX (rx1, xy[2 * i]);
          ry1 = MAX (ry1, xy[2 * i + 1]);
        }
      offset += n;
      ring.unit = self->units->len;
      /* The simplified points come from the arcs, once all rings are in. */
      ring.start[0] = self->pts[0]->len / 2;
      ring.count[0] = n;
      g_array_append_vals (self->pts[0], xy, 2 * n);
      g_array_append_val (self->rings, ring);
      if (n > 0)
        {
          u.x0 = MIN (u.x0, rx0);
          u.y0 = MIN (u.y0, ry0);
          u.x1 = MAX (u.x1, rx1);
          u.y1 = MAX (u.y1, ry1);
          /* The name goes in the middle of the largest ring's box. */
          if ((rx1 - rx0) * (ry1 - ry0) > best_area)
            {
              best_area = (rx1 - rx0) * (ry1 - ry0);
              u.lx = (rx0 + rx1) / 2;
              u.ly = (ry0 + ry1) / 2;
            }
        }
    }
  if (u.x1 >= u.x0)
    {
      self->x0 = MIN (self->x0, u.x0);
      self->y0 = MIN (self->y0, u.y0);
      self->x1 = MAX (self->x1, u.x1);
      self->y1 = MAX (self->y1, u.y1);
    }
  g_array_append_val (self->units, u);
  g_hash_table_insert (self->index, g_array_index (self->units, MapUnit, self->units->len - 1).code,
                       GUINT_TO_POINTER (self->units->len));
}

gboolean
gb_map_renderer_load (GbMapRenderer  *self,
                      GbStore        *store,
                      GError        **error)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);

  reset (self);
  if (!gb_store_scan_unit_geometries (store, on_unit, self, error))
    {
      reset (self);
      return FALSE;
    }
  build_topology (self);
  /* The index points into the array, which does not move any more. */
  g_hash_table_remove_all (self->index);
  for (guint i = 0; i < self->units->len; i++)
    g_hash_table_insert (self->index, g_array_index (self->units, MapUnit, i).code, GUINT_TO_POINTER (i + 1));
  return TRUE;
}

guint
gb_map_renderer_get_n_units (GbMapRenderer *self)
{
  return self->units->len;
}

static MapUnit *
find (GbMapRenderer *self,
      const char    *code)
{
  guint i = code ? GPOINTER_TO_UINT (g_hash_table_lookup (self->index, code)) : 0;

  return i ? &g_array_index (self->units, MapUnit, i - 1) : NULL;
}

gboolean
gb_map_renderer_set_levels_from_engine (GbMapRenderer  *self,
                                        GbLevelEngine  *engine,
                                        const char     *date,
                                        GError        **error)
{
  guint n = gb_level_engine_get_n_units (engine, error);
  g_autofree guint8 *levels = NULL;

  if (n == 0 && error && *error)
    return FALSE;
  levels = g_malloc (MAX (n, 1));
  if (!gb_level_engine_compute_levels (engine, date, levels, error))
    return FALSE;
  /* Map the engine's units to ours once per engine. */
  if (self->engine != engine || self->engine_index == NULL)
    {
      g_free (self->engine_index);
      self->engine_index = g_new (int, MAX (self->units->len, 1));
      for (guint i = 0; i < self->units->len; i++)
        self->engine_index[i] = gb_level_engine_lookup_unit (engine, g_array_index (self->units, MapUnit, i).code);
      self->engine = engine;
    }
  for (guint i = 0; i < self->units->len; i++)
    {
      int e = self->engine_index[i];

      g_array_index (self->units, MapUnit, i).map_level = e >= 0 && (guint) e < n ? levels[e] : GB_LEVEL_NO_DATA;
    }
  self->version++;
  return TRUE;
}

gboolean
gb_map_renderer_set_unit_level (GbMapRenderer *self,
                                const char    *code,
                                guint8         level)
{
  MapUnit *u = find (self, code);

  if (u == NULL || (level & ~GB_LEVEL_DECLARED_FLAG) > GB_LEVEL_4)
    return FALSE;
  u->map_level = level;
  self->version++;
  return TRUE;
}

guint8
gb_map_renderer_get_unit_level (GbMapRenderer *self,
                                const char    *code)
{
  MapUnit *u = find (self, code);

  return u ? u->map_level : GB_LEVEL_NO_DATA;
}

void
gb_map_renderer_count_levels (GbMapRenderer *self,
                              guint          counts[5],
                              guint         *declared)
{
  memset (counts, 0, 5 * sizeof (guint));
  if (declared)
    *declared = 0;
  for (guint i = 0; i < self->units->len; i++)
    {
      MapUnit *u = &g_array_index (self->units, MapUnit, i);

      if (u->level != GB_UNIT_LEVEL_COMMUNE)
        continue;
      counts[u->map_level & ~GB_LEVEL_DECLARED_FLAG]++;
      if (declared && (u->map_level & GB_LEVEL_DECLARED_FLAG))
        (*declared)++;
    }
}

void
gb_map_renderer_set_highlight (GbMapRenderer *self,
                               const char    *code)
{
  if (g_strcmp0 (self->highlight, code) == 0)
    return;
  g_free (self->highlight);
  self->highlight = g_strdup (code);
}

void
gb_map_renderer_set_dark (GbMapRenderer *self,
                          gboolean       dark)
{
  if (self->dark != dark)
    {
      self->dark = dark;
      self->version++;
    }
}

void
gb_map_renderer_set_background (GbMapRenderer *self,
                                gboolean       background)
{
  if (self->background != background)
    {
      self->background = background;
      self->version++;
    }
}

void
gb_map_renderer_invalidate (GbMapRenderer *self)
{
  self->version++;
}

gboolean
gb_map_renderer_get_bounds (GbMapRenderer *self,
                            const char    *code,
                            double        *x0,
                            double        *y0,
                            double        *x1,
                            double        *y1)
{
  if (code != NULL)
    {
      MapUnit *u = find (self, code);
      gboolean found = FALSE;
      double a = INFINITY, b = INFINITY, c = -INFINITY, d = -INFINITY;

      /* A unit without a boundary of its own (a province): the units under it. */
      if (u != NULL && u->x1 >= u->x0)
        {
          a = u->x0; b = u->y0; c = u->x1; d = u->y1;
          found = TRUE;
        }
      else
        for (guint i = 0; i < self->units->len; i++)
          {
            MapUnit *v = &g_array_index (self->units, MapUnit, i);
            MapUnit *p = find (self, v->parent);

            if (v->x1 < v->x0 || !(g_strcmp0 (v->parent, code) == 0 || (p && g_strcmp0 (p->parent, code) == 0)))
              continue;
            a = MIN (a, v->x0); b = MIN (b, v->y0); c = MAX (c, v->x1); d = MAX (d, v->y1);
            found = TRUE;
          }
      if (!found)
        return FALSE;
      *x0 = a; *y0 = b; *x1 = c; *y1 = d;
      return TRUE;
    }
  if (self->x1 < self->x0)
    return FALSE;
  *x0 = self->x0;
  *y0 = self->y0;
  *x1 = self->x1;
  *y1 = self->y1;
  return TRUE;
}

gboolean
gb_map_renderer_fit (GbMapRenderer *self,
                     const char    *code,
                     int            width,
                     int            height,
                     GbMapView     *view)
{
  double x0, y0, x1, y1, sx, sy;

  if (!gb_map_renderer_get_bounds (self, code, &x0, &y0, &x1, &y1) && !gb_map_renderer_get_bounds (self, NULL, &x0, &y0, &x1, &y1))
    return FALSE;
  view->cx = (x0 + x1) / 2;
  view->cy = (y0 + y1) / 2;
  sx = (width * 0.92) / MAX (x1 - x0, 1e-9);
  sy = (height * 0.92) / MAX (y1 - y0, 1e-9);
  view->scale = MIN (sx, sy);
  return TRUE;
}

/* Drawing */

/* "No data": grey with diagonal hatching, so it never reads as a level colour. */
static cairo_pattern_t *new_hatch_pattern (void);

static cairo_pattern_t *
hatch_pattern (GbMapRenderer *self)
{
  if (self->hatch == NULL)
    self->hatch = new_hatch_pattern ();
  return self->hatch;
}

static cairo_pattern_t *
new_hatch_pattern (void)
{
  cairo_pattern_t *hatch;

    {
      cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
      cairo_t *cr = cairo_create (tile);

      gb_draw_set_source_hex (cr, 0xD4D7DB, 1);
      cairo_paint (cr);
      gb_draw_set_source_hex (cr, 0x8A9099, 1);
      cairo_set_line_width (cr, 1.2);
      cairo_move_to (cr, -1, 9);
      cairo_line_to (cr, 9, -1);
      cairo_move_to (cr, -1, 1);
      cairo_line_to (cr, 1, -1);
      cairo_move_to (cr, 7, 9);
      cairo_line_to (cr, 9, 7);
      cairo_stroke (cr);
      cairo_destroy (cr);
      hatch = cairo_pattern_create_for_surface (tile);
      cairo_pattern_set_extend (hatch, CAIRO_EXTEND_REPEAT);
      cairo_surface_destroy (tile);
    }
  return hatch;
}

typedef struct
{
  double cx, cy, scale, hw, hh;   /* hw, hh: half the size in pixels */
  double wx0, wy0, wx1, wy1;      /* the visible world */
  guint  lod;
  gboolean borders;               /* communes are big enough to draw their borders */
} Frame;

static void
frame_init (Frame           *f,
            const GbMapView *view,
            int              width,
            int              height)
{
  double half_px;

  f->cx = view->cx;
  f->cy = view->cy;
  f->scale = MAX (view->scale, 1e-9);
  f->hw = width / 2.0;
  f->hh = height / 2.0;
  f->wx0 = f->cx - f->hw / f->scale;
  f->wx1 = f->cx + f->hw / f->scale;
  f->wy0 = f->cy - f->hh / f->scale;
  f->wy1 = f->cy + f->hh / f->scale;
  /* Up to a pixel of error: borders are a pixel wide, so it does not show. */
  half_px = 1.0 / f->scale;
  f->lod = 0;
  for (guint l = 0; l < N_LODS; l++)
    if (lod_tolerance[l] <= half_px)
      f->lod = l;
  f->borders = half_px < lod_tolerance[N_ARC_LODS];
}

static gboolean
visible (const Frame   *f,
         const MapUnit *u)
{
  return u->x1 >= f->wx0 && u->x0 <= f->wx1 && u->y1 >= f->wy0 && u->y0 <= f->wy1 && u->x1 >= u->x0;
}

static void
emit_unit (GbMapRenderer *self,
           cairo_t       *cr,
           const Frame   *f,
           const MapUnit *u)
{
  const double *pts = (const double *) self->pts[f->lod]->data;
  double w = (u->x1 - u->x0) * f->scale, h = (u->y1 - u->y0) * f->scale;

  /* Smaller than a pixel or two: its box is all that can be seen of it. */
  if (w < 1.5 && h < 1.5)
    {
      cairo_rectangle (cr, (u->x0 - f->cx) * f->scale + f->hw, (u->y0 - f->cy) * f->scale + f->hh,
                       MAX (w, 1.0), MAX (h, 1.0));
      return;
    }
  for (guint r = 0; r < u->n_rings; r++)
    {
      const Ring *ring = &g_array_index (self->rings, Ring, u->ring_start + r);
      const double *p = pts + 2 * ring->start[f->lod];
      guint n = ring->count[f->lod];

      if (n < 3)
        continue;
      cairo_move_to (cr, (p[0] - f->cx) * f->scale + f->hw, (p[1] - f->cy) * f->scale + f->hh);
      for (guint i = 1; i < n; i++)
        cairo_line_to (cr, (p[2 * i] - f->cx) * f->scale + f->hw, (p[2 * i + 1] - f->cy) * f->scale + f->hh);
      cairo_close_path (cr);
    }
}

/* Drawing straight into an image's pixels. An image with no scaling and a rectangular clip
 * (the app's cached image, PNG exports, the benchmark) takes this way; anything else (SVG,
 * PDF, a scaled slide, a pushed group) draws Cairo paths, which look the same. */
typedef struct
{
  GbRasterTarget t;
  double         ox, oy;            /* the pixel of world x, y is (x - cx) × scale + ox, ... */
  int            tile_dx, tile_dy;  /* the hatching's phase, anchored to the world */
} Pixels;

static gboolean
pixels_init (Pixels      *px,
             cairo_t     *cr,
             const Frame *f)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_rectangle_list_t *clip;
  cairo_format_t format;
  cairo_matrix_t m;
  double dox, doy, dsx, dsy;
  int w, h;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE || cairo_get_group_target (cr) != target)
    return FALSE;
  format = cairo_image_surface_get_format (target);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return FALSE;
  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_offset (target, &dox, &doy);
  cairo_surface_get_device_scale (target, &dsx, &dsy);
  if (m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 || dsx != 1 || dsy != 1)
    return FALSE;
  /* Only a clip of whole pixels: anything finer is left to Cairo. */
  clip = cairo_copy_clip_rectangle_list (cr);
  if (clip->status != CAIRO_STATUS_SUCCESS || clip->num_rectangles > 1)
    {
      cairo_rectangle_list_destroy (clip);
      return FALSE;
    }
  w = cairo_image_surface_get_width (target);
  h = cairo_image_surface_get_height (target);
  if (clip->num_rectangles == 1)
    {
      const cairo_rectangle_t *r = &clip->rectangles[0];

      px->t.x0 = MAX (0, (int) floor (r->x + m.x0 + dox + 0.5));
      px->t.y0 = MAX (0, (int) floor (r->y + m.y0 + doy + 0.5));
      px->t.x1 = MIN (w, (int) floor (r->x + r->width + m.x0 + dox + 0.5));
      px->t.y1 = MIN (h, (int) floor (r->y + r->height + m.y0 + doy + 0.5));
    }
  else
    px->t.x0 = px->t.y0 = px->t.x1 = px->t.y1 = 0;
  cairo_rectangle_list_destroy (clip);
  px->t.data = cairo_image_surface_get_data (target);
  px->t.stride = cairo_image_surface_get_stride (target);
  px->ox = f->hw + m.x0 + dox;
  px->oy = f->hh + m.y0 + doy;
  px->tile_dx = (int) ((gint64) floor (f->cx * f->scale - px->ox) & 7);
  px->tile_dy = (int) ((gint64) floor (f->cy * f->scale - px->oy) & 7);
  return px->t.data != NULL;
}

static const guint32 *
hatch_tile (GbMapRenderer *self)
{
  if (!self->hatch_tile_ready)
    {
      cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
      cairo_t *cr = cairo_create (tile);

      cairo_set_source (cr, hatch_pattern (self));
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_flush (tile);
      for (int y = 0; y < 8; y++)
        memcpy (self->hatch_tile + 8 * y, cairo_image_surface_get_data (tile) + y * cairo_image_surface_get_stride (tile),
                8 * sizeof (guint32));
      cairo_surface_destroy (tile);
      self->hatch_tile_ready = TRUE;
    }
  return self->hatch_tile;
}

/* Whether @u's box in pixels touches the pixels that may be written. */
static gboolean
touches (const Frame   *f,
         const Pixels  *px,
         const MapUnit *u)
{
  return (u->y1 - f->cy) * f->scale + px->oy >= px->t.y0 - 1 && (u->y0 - f->cy) * f->scale + px->oy <= px->t.y1 + 1 &&
         (u->x1 - f->cx) * f->scale + px->ox >= px->t.x0 - 1 && (u->x0 - f->cx) * f->scale + px->ox <= px->t.x1 + 1;
}

static void
fill_unit (GbMapRenderer       *self,
           GbRaster            *raster,
           const Frame         *f,
           const Pixels        *px,
           const MapUnit       *u,
           const GbRasterPaint *paint)
{
  const double *pts = (const double *) self->pts[f->lod]->data;
  double w = (u->x1 - u->x0) * f->scale, h = (u->y1 - u->y0) * f->scale;

  if (!touches (f, px, u))
    return;
  gb_raster_begin (raster, &px->t);
  /* Smaller than a pixel or two: its box is all that can be seen of it (as emit_unit). */
  if (w < 1.5 && h < 1.5)
    {
      double x0 = (u->x0 - f->cx) * f->scale + px->ox, y0 = (u->y0 - f->cy) * f->scale + px->oy;
      double x1 = x0 + MAX (w, 1.0), y1 = y0 + MAX (h, 1.0);
      double box[8] = { x0, y0, x1, y0, x1, y1, x0, y1 };

      gb_raster_add_ring (raster, box, 4, 1, 0, 0);
    }
  else
    for (guint r = 0; r < u->n_rings; r++)
      {
        const Ring *ring = &g_array_index (self->rings, Ring, u->ring_start + r);

        gb_raster_add_ring (raster, pts + 2 * ring->start[f->lod], ring->count[f->lod], f->scale,
                            px->ox - f->cx * f->scale, px->oy - f->cy * f->scale);
      }
  gb_raster_fill (raster, &px->t, paint);
}

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
static void
list_border_arcs (GbMapRenderer *self,
                  const Frame   *f,
                  const Pixels  *px)
{
  guint stamp = ++self->stamp, n = 0, n_junctions = 0;
  Arc *arcs = (Arc *) self->arcs->data;
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
      const MapUnit *u = &g_array_index (self->units, MapUnit, i);

      if (u->level != GB_UNIT_LEVEL_COMMUNE || !touches (f, px, u))
        continue;
      if ((u->x1 - u->x0) * f->scale < 3 && (u->y1 - u->y0) * f->scale < 3)
        continue;
      for (guint r = 0; r < u->n_rings; r++)
        {
          const Ring *ring = &g_array_index (self->rings, Ring, u->ring_start + r);
          const guint *refs = &g_array_index (self->ring_arcs, guint, ring->arc_start);

          for (guint j = 0; j < ring->n_arcs; j++)
            {
              Arc *arc = &arcs[refs[j] >> 1];

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
      const Arc *arc = &arcs[list[k]];
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
        const Arc *arc = &arcs[list[k]];

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
static void
fast_borders (GbMapRenderer *self,
              const Frame   *f,
              const Pixels  *px,
              guint32        rgb,
              double         alpha)
{
  const Arc *arcs = (const Arc *) self->arcs->data;
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
      const Arc *arc;

      if (rows[2 * k + 1] < px->t.y0 - 1 || rows[2 * k] > px->t.y1 + 1)
        continue;
      arc = &arcs[g_array_index (self->border_arcs, guint, k)];
      pixel_polyline (&px->t, &blends[arc->sharers > 1], pts + 2 * arc->lod_start[f->lod], arc->lod_count[f->lod],
                      f->scale, ox, oy, arc->closed);
    }
  for (guint k = 0; k < self->junctions->len; k++)
    blend_at (&px->t, &blends[jpx[3 * k + 2]], jpx[3 * k], jpx[3 * k + 1]);
}

/* Whether @u's outline can draw in the rows of @band (any, when it is NULL). Each unit is a
 * subpath of its own (dashes start again with each), so leaving out the ones too far away
 * changes no pixel of the band: the margin is wider than the widest line's miter joins. */
static gboolean
near_band (const Frame   *f,
           const Pixels  *band,
           const MapUnit *u)
{
  const double m = 32;

  return band == NULL ||
         ((u->y1 - f->cy) * f->scale + band->oy >= band->t.y0 - m && (u->y0 - f->cy) * f->scale + band->oy <= band->t.y1 + m);
}

/* Stroke the outlines of units of @level (communes only when they are large enough to see),
 * of those near @band if it is not NULL. */
static void
stroke_level (GbMapRenderer *self,
              cairo_t       *cr,
              const Frame   *f,
              const Pixels  *band,
              GbUnitLevel    level,
              double         width,
              guint32        color,
              double         alpha)
{
  gboolean any = FALSE;

  for (guint k = 0; k < self->visible->len; k++)
    {
      const MapUnit *u = &g_array_index (self->units, MapUnit, g_array_index (self->visible, guint, k));

      if (u->level != level)
        continue;
      if ((u->x1 - u->x0) * f->scale < 3 && (u->y1 - u->y0) * f->scale < 3)
        continue;
      /* Counted even when left out: the line join set below holds for the strokes after, as
       * in a band with it. */
      any = TRUE;
      if (near_band (f, band, u))
        emit_unit (self, cr, f, u);
    }
  if (!any)
    return;
  gb_draw_set_source_hex (cr, color, alpha);
  cairo_set_line_width (cr, width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static inline guint32
scale_pixel (guint32 p,
             guint   a)   /* 0..255 */
{
  guint32 rb = (p & 0x00ff00ff) * a + 0x00800080;
  guint32 ag = ((p >> 8) & 0x00ff00ff) * a + 0x00800080;

  rb = ((rb + ((rb >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
  ag = (ag + ((ag >> 8) & 0x00ff00ff)) & 0xff00ff00;
  return rb | ag;
}

/* A premultiplied image over the pixels (OVER), its corner at x, y. */
static void
composite_image (const Pixels    *px,
                 cairo_surface_t *image,
                 int              x,
                 int              y)
{
  const guint8 *m = cairo_image_surface_get_data (image);
  int ms = cairo_image_surface_get_stride (image);
  int x0 = MAX (x, px->t.x0), x1 = MIN (x + cairo_image_surface_get_width (image), px->t.x1);
  int y0 = MAX (y, px->t.y0), y1 = MIN (y + cairo_image_surface_get_height (image), px->t.y1);

  for (int yy = y0; yy < y1; yy++)
    {
      const guint32 *srow = (const guint32 *) (m + (gsize) (yy - y) * ms) - x;
      guint32 *row = (guint32 *) (px->t.data + (gsize) yy * px->t.stride);

      int xx = x0;

#ifdef __SSE2__
      /* Four pixels at a time, skipping the empty ones and copying the opaque ones as the
       * loop below does, the rest blended with the same rounding: the same pixels. */
      for (; xx + 4 <= x1; xx += 4)
        {
          __m128i s = _mm_loadu_si128 ((const __m128i *) (srow + xx));
          __m128i sa = _mm_and_si128 (s, _mm_set1_epi32 ((int) 0xff000000));
          __m128i zero = _mm_setzero_si128 (), d, inv, lo, hi;

          if (_mm_movemask_epi8 (_mm_cmpeq_epi32 (sa, zero)) == 0xffff)
            continue;
          if (_mm_movemask_epi8 (_mm_cmpeq_epi32 (sa, _mm_set1_epi32 ((int) 0xff000000))) == 0xffff)
            {
              _mm_storeu_si128 ((__m128i *) (row + xx), s);
              continue;
            }
          d = _mm_loadu_si128 ((const __m128i *) (row + xx));
          /* 255 − alpha in the four 16-bit channels of each pixel. */
          inv = _mm_sub_epi16 (_mm_set1_epi16 (255), _mm_srli_epi32 (s, 24));
          inv = _mm_shufflelo_epi16 (inv, _MM_SHUFFLE (2, 2, 0, 0));
          inv = _mm_shufflehi_epi16 (inv, _MM_SHUFFLE (2, 2, 0, 0));
          lo = _mm_mullo_epi16 (_mm_unpacklo_epi8 (d, zero), _mm_unpacklo_epi32 (inv, inv));
          hi = _mm_mullo_epi16 (_mm_unpackhi_epi8 (d, zero), _mm_unpackhi_epi32 (inv, inv));
          lo = _mm_add_epi16 (lo, _mm_set1_epi16 (0x80));
          hi = _mm_add_epi16 (hi, _mm_set1_epi16 (0x80));
          lo = _mm_srli_epi16 (_mm_add_epi16 (lo, _mm_srli_epi16 (lo, 8)), 8);
          hi = _mm_srli_epi16 (_mm_add_epi16 (hi, _mm_srli_epi16 (hi, 8)), 8);
          _mm_storeu_si128 ((__m128i *) (row + xx), _mm_add_epi8 (s, _mm_packus_epi16 (lo, hi)));
        }
#endif
      for (; xx < x1; xx++)
        {
          guint32 s = srow[xx], sa = s >> 24;

          if (sa == 0xff)
            row[xx] = s;
          else if (sa != 0)
            row[xx] = s + scale_pixel (row[xx], 255 - sa);
        }
    }
}

static void
draw_label (cairo_t       *cr,
            const MapUnit *u,
            double         x,
            double         y,
            gboolean       dark)
{
  /* A light shadow under the text keeps it readable on every colour. */
  gb_draw_set_source_hex (cr, dark ? 0x111418 : 0xFFFFFF, 0.85);
  cairo_move_to (cr, x + 1, y + 1);
  pango_cairo_show_layout (cr, u->label);
  gb_draw_set_source_hex (cr, dark ? 0xF5F5F5 : 0x111418, 1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, u->label);
}

/* The name's layout, shaped and measured once. */
static void
ensure_label (MapUnit               *u,
              cairo_t               *cr,
              PangoFontDescription **font)
{
  PangoRectangle logical;

  if (u->label != NULL)
    return;
  if (*font == NULL)
    *font = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (*font, (u->level == GB_UNIT_LEVEL_DISTRICT ? 13 : 11) * PANGO_SCALE);
  pango_font_description_set_weight (*font, u->level == GB_UNIT_LEVEL_DISTRICT ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  u->label = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (u->label, *font);
  pango_layout_set_text (u->label, u->name, -1);
  pango_layout_get_pixel_extents (u->label, NULL, &logical);
  u->label_w = MAX (logical.width, 1);
  u->label_h = logical.height;
}

/* The name with its shadow drawn once into an image: a frame then only blends that image,
 * where showing the layout twice went through Pango and Cairo's glyph compositing for every
 * name. Names sit on whole pixels, so the image is what showing the layout there would draw. */
static cairo_surface_t *
ensure_label_image (MapUnit *u,
                    gboolean dark)
{
  PangoRectangle logical;
  cairo_surface_t *big;
  cairo_t *icr;
  const guint8 *data;
  int pad, w, h, stride, x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;

  if (u->label_image != NULL && u->label_dark == dark)
    return u->label_image;
  g_clear_pointer (&u->label_image, cairo_surface_destroy);
  /* Pango's ink extents leave out some marks (the tilde over "Ỗ"): draw with room all around,
   * then keep the pixels actually drawn. */
  pango_layout_get_pixel_extents (u->label, NULL, &logical);
  pad = MAX (logical.height, 4);
  w = logical.width + 2 * pad;
  h = logical.height + 2 * pad;
  big = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  icr = cairo_create (big);
  draw_label (icr, u, pad - logical.x, pad - logical.y, dark);
  cairo_destroy (icr);
  cairo_surface_flush (big);
  data = cairo_image_surface_get_data (big);
  stride = cairo_image_surface_get_stride (big);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (((const guint32 *) (data + y * stride))[x] != 0)
        {
          x0 = MIN (x0, x); y0 = MIN (y0, y);
          x1 = MAX (x1, x); y1 = MAX (y1, y);
        }
  if (x1 < 0)
    x0 = y0 = x1 = y1 = 0;
  u->label_mx = x0 - (pad - logical.x);
  u->label_my = y0 - (pad - logical.y);
  u->label_dark = dark;
  u->label_image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, x1 - x0 + 1, y1 - y0 + 1);
  for (int y = y0; y <= y1; y++)
    memcpy (cairo_image_surface_get_data (u->label_image) + (y - y0) * cairo_image_surface_get_stride (u->label_image),
            data + y * stride + 4 * x0, 4 * (x1 - x0 + 1));
  cairo_surface_mark_dirty (u->label_image);
  cairo_surface_destroy (big);
  return u->label_image;
}

/* Where the names go: districts when they are big enough, communes when they are, each where
 * it clashes with none placed before. On an image the names are only placed here (their images
 * drawn if need be, and listed in label_at for composite_labels()); anywhere else they are
 * drawn with Pango. Only on the thread that draws (Pango), and it touches no pixel of an
 * image, so it can run while another thread fills the polygons. */
static void
place_labels (GbMapRenderer *self,
              cairo_t       *cr,
              const Frame   *f,
              const Pixels  *px)
{
  GArray *placed = self->placed;
  PangoFontDescription *font = NULL;

  g_array_set_size (placed, 0);
  g_array_set_size (self->label_at, 0);
  for (int level = GB_UNIT_LEVEL_DISTRICT; level <= GB_UNIT_LEVEL_COMMUNE; level++)
    for (guint k = 0; k < self->visible->len; k++)
      {
        MapUnit *u = &g_array_index (self->units, MapUnit, g_array_index (self->visible, guint, k));
        double bw = (u->x1 - u->x0) * f->scale, x, y, r[4];
        gboolean clash = FALSE;

        if ((int) u->level != level || u->name == NULL || bw < 60)
          continue;
        /* Shaping costs more than drawing: each name is laid out once and kept. */
        ensure_label (u, cr, &font);
        if (u->label_w > bw * 0.9)
          continue;
        x = round ((u->lx - f->cx) * f->scale + f->hw - u->label_w / 2.0);
        y = round ((u->ly - f->cy) * f->scale + f->hh - u->label_h / 2.0);
        r[0] = x - 2; r[1] = y - 1; r[2] = x + u->label_w + 2; r[3] = y + u->label_h + 1;
        for (guint j = 0; j < placed->len && !clash; j++)
          {
            const double *o = &g_array_index (placed, double, 4 * j);
            clash = r[0] < o[2] && o[0] < r[2] && r[1] < o[3] && o[1] < r[3];
          }
        if (clash)
          continue;
        g_array_append_vals (placed, r, 1);
        if (px)
          {
            LabelAt at;

            at.image = ensure_label_image (u, self->dark);   /* sets label_mx, label_my */
            at.x = (int) lround (x + px->ox - f->hw) + u->label_mx;
            at.y = (int) lround (y + px->oy - f->hh) + u->label_my;
            g_array_append_val (self->label_at, at);
          }
        else
          draw_label (cr, u, x, y, self->dark);
      }
  if (font)
    pango_font_description_free (font);
}

/* The placed names over the pixels of @px's box. */
static void
composite_labels (GbMapRenderer *self,
                  const Pixels  *px)
{
  for (guint k = 0; k < self->label_at->len; k++)
    {
      const LabelAt *at = &g_array_index (self->label_at, LabelAt, k);

      composite_image (px, at->image, at->x, at->y);
    }
}

/* Work handed to a second thread: GLib's shared thread pool keeps its threads between frames,
 * where creating and joining a thread each time cost about 0.1 ms. */
typedef struct
{
  GThreadFunc func;
  gpointer    data;
  GMutex      lock;
  GCond       cond;
  gboolean    done;
} Job;

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  job->func (job->data);
  g_mutex_lock (&job->lock);
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
}

static GThreadPool *
job_pool (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, (gsize) g_thread_pool_new (run_job, NULL, -1, FALSE, NULL));
  return (GThreadPool *) pool;
}

static void
job_start (Job         *job,
           GThreadFunc  func,
           gpointer     data)
{
  job->func = func;
  job->data = data;
  job->done = FALSE;
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  g_thread_pool_push (job_pool (), job, NULL);
}

static void
job_wait (Job *job)
{
  g_mutex_lock (&job->lock);
  while (!job->done)
    g_cond_wait (&job->cond, &job->lock);
  g_mutex_unlock (&job->lock);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
}

/* The outlines over the fills and borders: districts, provinces, the declared levels dashed,
 * the highlighted unit. */
static void
draw_strokes (GbMapRenderer *self,
              cairo_t       *cr,
              const Frame   *f,
              const Pixels  *band,
              gboolean       any_declared)
{
  stroke_level (self, cr, f, band, GB_UNIT_LEVEL_DISTRICT, f->borders ? 1.6 : 1.0, self->dark ? 0xE5E7EB : 0x3D4550, 0.8);
  stroke_level (self, cr, f, band, GB_UNIT_LEVEL_PROVINCE, 2.4, self->dark ? 0xF5F5F5 : 0x111418, 0.9);

  /* Declared levels are outlined: the committee's word, not the computation. */
  if (any_declared)
    {
      double dash[] = { 5, 3 };

      for (guint k = 0; k < self->visible->len; k++)
        {
          const MapUnit *u = &g_array_index (self->units, MapUnit, g_array_index (self->visible, guint, k));

          if ((u->map_level & GB_LEVEL_DECLARED_FLAG) && near_band (f, band, u))
            emit_unit (self, cr, f, u);
        }
      gb_draw_set_source_hex (cr, self->dark ? 0xFFFFFF : 0x111418, 1);
      cairo_set_line_width (cr, 2.2);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  if (self->highlight != NULL)
    {
      MapUnit *u = find (self, self->highlight);

      if (u != NULL && visible (f, u) && near_band (f, band, u))
        {
          emit_unit (self, cr, f, u);
          gb_draw_set_source_hex (cr, self->dark ? 0xFFFFFF : 0x0B4F8A, 1);
          cairo_set_line_width (cr, 3.5);
          cairo_stroke (cr);
        }
    }
}

/* The fills and the one-pixel commune borders with Cairo, for vector and scaled outputs. */
static void
draw_base (GbMapRenderer   *self,
           cairo_t         *cr,
           const Frame     *f,
           GArray         **buckets)
{
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  /* Fills without anti-aliasing: neighbouring communes meet edge to edge with no seam; the
   * borders drawn on top smooth the edges. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint l = 0; l < 5; l++)
    {
      if (buckets[l]->len == 0)
        continue;
      for (guint k = 0; k < buckets[l]->len; k++)
        emit_unit (self, cr, f, &g_array_index (self->units, MapUnit, g_array_index (buckets[l], guint, k)));
      if (l == GB_LEVEL_NO_DATA)
        cairo_set_source (cr, hatch_pattern (self));
      else
        gb_draw_set_source_hex (cr, gb_level_get_color (l), self->background ? 1 : 0.75);
      cairo_fill (cr);
    }
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);

  /* Commune borders once communes are big enough to tell apart. */
  if (f->borders)
    stroke_level (self, cr, f, NULL, GB_UNIT_LEVEL_COMMUNE, 0.8, self->dark ? 0x111418 : 0xFFFFFF, 0.55);
}

/* A frame's fills and borders cut into bands of rows that two threads take in turn, the
 * first ones tallest: few bands (each costs the polygons and borders that cross into it once
 * more), yet the thread that finishes first waits at most for a short last band. Their
 * heights go as N_BANDS, N_BANDS − 1, … 1. */
#define N_BANDS 5

typedef struct
{
  GbMapRenderer       *self;
  const Frame         *f;
  const Pixels        *px;
  GArray             **buckets;
  const GbRasterPaint *paints;      /* per level */
  const GbRasterPaint *ground;      /* the plain ground first, or NULL */
  int                  n;           /* bands */
  int                  next;        /* the next band to take (atomic) */
  gboolean             listed;      /* list_border_arcs() is done (under lock) */
  gboolean             placed;      /* place_labels() is done (atomic) */
  gboolean             labelled[N_BANDS];   /* the band's names are composited */
  /* For the outlines drawn with Cairo in each band: the image, and the state of the caller's
   * context they are drawn with. */
  cairo_format_t       format;
  int                  width;
  double               tx, ty;      /* user space to the image's pixels */
  cairo_antialias_t    antialias;
  cairo_operator_t     op;
  double               tolerance;
  gboolean             any_declared;
  GMutex               lock;
  GCond                cond;
} Bands;

/* The outlines of draw_strokes() over one band, on an image of its rows alone: Cairo then
 * works on that band's part of each path, and two threads draw at once without sharing a
 * Cairo object. The rows are whole, so each pixel is what drawing on the whole image gives. */
static void
band_strokes (Bands        *b,
              const Pixels *px)
{
  int rows = px->t.y1 - px->t.y0;
  cairo_surface_t *band;
  cairo_t *cr;

  if (rows <= 0 || px->t.x0 >= px->t.x1)
    return;
  band = cairo_image_surface_create_for_data (px->t.data + (gsize) px->t.y0 * px->t.stride, b->format, b->width, rows,
                                              px->t.stride);
  cr = cairo_create (band);
  cairo_rectangle (cr, px->t.x0, 0, px->t.x1 - px->t.x0, rows);
  cairo_clip (cr);
  cairo_translate (cr, b->tx, b->ty - px->t.y0);
  cairo_set_antialias (cr, b->antialias);
  cairo_set_operator (cr, b->op);
  cairo_set_tolerance (cr, b->tolerance);
  draw_strokes (b->self, cr, b->f, px, b->any_declared);
  cairo_destroy (cr);
  cairo_surface_destroy (band);
}

/* @px cut to the rows of @band. */
static void
band_rows (const Bands *b,
           int          band,
           Pixels      *px)
{
  int y0 = b->px->t.y0, h = b->px->t.y1 - b->px->t.y0;

  *px = *b->px;
  /* Rows before this band: the first `band` of the heights n, n − 1, … 1, of n(n + 1)/2. */
  px->t.y0 = y0 + h * (band * (2 * b->n - band + 1) / 2) / (b->n * (b->n + 1) / 2);
  px->t.y1 = y0 + h * ((band + 1) * (2 * b->n - band) / 2) / (b->n * (b->n + 1) / 2);
}

static void
draw_bands (Bands    *b,
            GbRaster *raster)
{
  GbMapRenderer *self = b->self;
  int band;

  while ((band = g_atomic_int_add (&b->next, 1)) < b->n)
    {
      Pixels px;

      band_rows (b, band, &px);
      /* The ground here rather than a paint of the whole image first: in parallel, and each
       * band's rows are still in the cache for the fills. */
      if (b->ground)
        gb_raster_fill_box (&px.t, b->ground);
      for (guint l = 0; l < 5; l++)
        {
          const double *rows = (const double *) self->bucket_rows[l]->data;

          for (guint k = 0; k < b->buckets[l]->len; k++)
            if (rows[2 * k + 1] >= px.t.y0 - 1 && rows[2 * k] <= px.t.y1 + 1)
              fill_unit (self, raster, b->f, &px, &g_array_index (self->units, MapUnit, g_array_index (b->buckets[l], guint, k)),
                         &b->paints[l]);
        }
      /* 0.8 = 1 − 0.45²: the pixel borders once blended most pixels twice at 0.55 (as the end
       * of a segment and the start of the next); each pixel once at 0.8 looks the same. */
      if (b->f->borders)
        {
          /* The arcs are listed by the other thread meanwhile: a band's fills take longer. */
          if (!g_atomic_int_get (&b->listed))
            {
              g_mutex_lock (&b->lock);
              while (!b->listed)
                g_cond_wait (&b->cond, &b->lock);
              g_mutex_unlock (&b->lock);
            }
          fast_borders (self, b->f, &px, self->dark ? 0x111418 : 0xFFFFFF, 0.8);
        }
      band_strokes (b, &px);
      /* The names over the band while its rows are in the cache, and in parallel rather than
       * after both threads are done. If they are not placed yet (shaping new names takes
       * long), the band is left for the caller to finish once the threads are done. */
      if (g_atomic_int_get (&b->placed))
        {
          composite_labels (self, &px);
          b->labelled[band] = TRUE;
        }
    }
}

/* Whether a second thread would find a core to run on. On a busy machine (the processors
 * shared with other work) the second thread starts late or is preempted while it holds a band,
 * and the frame waits for it. Measured on two shared cores, the province frame's 95th
 * percentile: at a load of 1.7, 4.7 ms on two threads against 7.6 ms on one; at a load of 6,
 * 30 ms on two against 19 ms on one; about even near 3.5, that is with other work taking
 * about a core and a half besides this process's own. Checked at most once a second (a tenth
 * of a second after the first time). */
G_LOCK_DEFINE_STATIC (load);

/* The processors' busy time and this process's own, in µs: what other work took in between
 * is the difference. FALSE where /proc/stat cannot be read. */
static gboolean
busy_times (gint64 *all,
            gint64 *own)
{
  FILE *stat = fopen ("/proc/stat", "re");
  unsigned long long v[8] = { 0 };
  struct rusage usage;
  long hz = sysconf (_SC_CLK_TCK);
  int n;

  if (stat == NULL)
    return FALSE;
  n = fscanf (stat, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
  fclose (stat);
  if (n < 4 || hz <= 0 || getrusage (RUSAGE_SELF, &usage) != 0)
    return FALSE;
  /* user, nice, system, irq, softirq and steal (the host's); not idle nor iowait. */
  *all = (gint64) ((v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) * G_USEC_PER_SEC / hz);
  *own = (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
  return TRUE;
}

static gboolean
second_core_free (void)
{
  static gint64 checked, last_all, last_own, interval;
  static gboolean free_core, have_last;
  gint64 now = g_get_monotonic_time (), all = 0, own = 0;
  const char *force = g_getenv ("GB_MAP_THREADS");   /* tests: 0 or 1 */
  gboolean result;

  if (g_get_num_processors () < 2)
    return FALSE;
  if (force != NULL)
    return g_strcmp0 (force, "0") != 0;
  /* Maps may be drawn on several threads (exports). */
  G_LOCK (load);
  if (now - checked > interval)
    {
      gboolean have = busy_times (&all, &own);

      /* What other processes took since the last check, in cores: a core is free while
       * they took less than all but one. The 1-minute load average (which counts this
       * process too) lags a build or a test that ended seconds ago, and kept frames on one
       * thread for a minute after. */
      if (have && have_last)
        {
          free_core = (double) (all - last_all - (own - last_own)) / (now - checked) < g_get_num_processors () - 1;
          interval = G_USEC_PER_SEC;
        }
      else
        {
          double avg = 0;

          /* Only until the busy times are measured over a tenth of a second. */
          free_core = getloadavg (&avg, 1) == 1 && avg < g_get_num_processors () + 0.5;
          interval = G_USEC_PER_SEC / 10;
        }
      have_last = have;
      last_all = all;
      last_own = own;
      checked = now;
    }
  result = free_core;
  G_UNLOCK (load);
  return result;
}

static gpointer
band_thread (gpointer data)
{
  Bands *b = data;

  draw_bands (b, b->self->raster[1]);
  return NULL;
}

/* The same straight into the image's pixels: each polygon filled by the rasterizer in its
 * level's colour, then the borders, then draw_strokes() with Cairo, then the names placed by
 * place_labels(), band by band. On a large image, when a core is free, a second thread takes
 * bands too (and the names are placed meanwhile); the bands are taken in turn rather than
 * split in halves in advance, so that a second thread that starts late only takes less. */
static void
draw_base_pixels (GbMapRenderer *self,
                  cairo_t       *cr,
                  const Frame   *f,
                  const Pixels  *px,
                  GArray       **buckets,
                  gboolean       any_declared)
{
  cairo_surface_t *target = cairo_get_target (cr);
  GbRasterPaint paints[5] = { { 0 } };
  GbRasterPaint ground = { 0xff000000 | (self->dark ? 0x1B1E22 : 0xEEF1F4), NULL, 0, 0 };
  Bands bands = { self, f, px, buckets, paints, self->background ? &ground : NULL, 1, 0 };

  cairo_surface_flush (target);
  bands.format = cairo_image_surface_get_format (target);
  bands.width = cairo_image_surface_get_width (target);
  bands.tx = px->ox - f->hw;
  bands.ty = px->oy - f->hh;
  bands.antialias = cairo_get_antialias (cr);
  bands.op = cairo_get_operator (cr);
  bands.tolerance = cairo_get_tolerance (cr);
  bands.any_declared = any_declared;
  for (guint l = 0; l < 5; l++)
    if (l == GB_LEVEL_NO_DATA)
      {
        paints[l].tile = hatch_tile (self);
        paints[l].tile_dx = px->tile_dx;
        paints[l].tile_dy = px->tile_dy;
      }
    else
      paints[l].color = scale_pixel (0xff000000 | gb_level_get_color (l), self->background ? 255 : 191);
  /* The rows of each commune's bounds, its columns tested once, for each band's pass over
   * them (as touches() computes them): reading every MapUnit again cost each band more. */
  for (guint l = 0; l < 5; l++)
    {
      double *rows;

      g_array_set_size (self->bucket_rows[l], 2 * buckets[l]->len);
      rows = (double *) self->bucket_rows[l]->data;
      for (guint k = 0; k < buckets[l]->len; k++)
        {
          const MapUnit *u = &g_array_index (self->units, MapUnit, g_array_index (buckets[l], guint, k));

          rows[2 * k] = (u->x1 - f->cx) * f->scale + px->ox >= px->t.x0 - 1 && (u->x0 - f->cx) * f->scale + px->ox <= px->t.x1 + 1
                        ? (u->y0 - f->cy) * f->scale + px->oy : INFINITY;
          rows[2 * k + 1] = (u->y1 - f->cy) * f->scale + px->oy;
        }
    }
  if (px->t.y1 - px->t.y0 >= 300 && second_core_free ())
    {
      Job job;

      bands.n = N_BANDS;
      g_mutex_init (&bands.lock);
      g_cond_init (&bands.cond);
      job_start (&job, band_thread, &bands);
      /* The border arcs are listed and the names placed meanwhile; this thread then takes
       * bands too. */
      if (f->borders)
        list_border_arcs (self, f, px);
      g_mutex_lock (&bands.lock);
      g_atomic_int_set (&bands.listed, TRUE);
      g_cond_broadcast (&bands.cond);
      g_mutex_unlock (&bands.lock);
      place_labels (self, cr, f, px);
      g_atomic_int_set (&bands.placed, TRUE);
      draw_bands (&bands, self->raster[0]);
      job_wait (&job);
      for (int band = 0; band < bands.n; band++)
        if (!bands.labelled[band])
          {
            Pixels rows;

            band_rows (&bands, band, &rows);
            composite_labels (self, &rows);
          }
      g_mutex_clear (&bands.lock);
      g_cond_clear (&bands.cond);
    }
  else
    {
      if (f->borders)
        list_border_arcs (self, f, px);
      bands.listed = TRUE;
      place_labels (self, cr, f, px);
      bands.placed = TRUE;
      draw_bands (&bands, self->raster[0]);
    }
  cairo_surface_mark_dirty (target);
}

void
gb_map_renderer_draw (GbMapRenderer   *self,
                      cairo_t         *cr,
                      const GbMapView *view,
                      int              width,
                      int              height)
{
  GArray **buckets = self->buckets;
  Frame f;
  Pixels px;
  gboolean any_declared = FALSE, pixels;

  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  frame_init (&f, view, width, height);
  cairo_save (cr);
  pixels = pixels_init (&px, cr, &f);
  if (self->background && !pixels)
    {
      gb_draw_set_source_hex (cr, self->dark ? 0x1B1E22 : 0xEEF1F4, 1);
      cairo_paint (cr);
    }

  /* Which units show, and the communes by colour. */
  for (guint l = 0; l < 5; l++)
    g_array_set_size (buckets[l], 0);
  g_array_set_size (self->visible, 0);
  for (guint i = 0; i < self->units->len; i++)
    {
      const MapUnit *u = &g_array_index (self->units, MapUnit, i);

      if (!visible (&f, u))
        continue;
      g_array_append_val (self->visible, i);
      any_declared |= (u->map_level & GB_LEVEL_DECLARED_FLAG) != 0;
      if (u->level == GB_UNIT_LEVEL_COMMUNE)
        g_array_append_val (buckets[u->map_level & ~GB_LEVEL_DECLARED_FLAG], i);
    }
  if (pixels)
    draw_base_pixels (self, cr, &f, &px, buckets, any_declared);
  else
    draw_base (self, cr, &f, buckets);

  if (!pixels)
    {
      draw_strokes (self, cr, &f, NULL, any_declared);
      place_labels (self, cr, &f, NULL);
    }
  cairo_restore (cr);
}

/**
 * gb_map_renderer_get_cache:
 * @ox, @oy: (out): where the image goes in the view's pixels
 * @redrawn: (out) (optional): whether the image was drawn anew (a widget makes a new texture)
 *
 * The image that covers the view and a margin around it, drawn again only when the scale, the
 * data, the levels or the size changed, or when the view left it: panning only moves it.
 *
 * Returns: (transfer none): the image, owned by the renderer
 */
cairo_surface_t *
gb_map_renderer_get_cache (GbMapRenderer   *self,
                           const GbMapView *view,
                           int              width,
                           int              height,
                           double          *ox,
                           double          *oy,
                           gboolean        *redrawn)
{
  if (redrawn)
    *redrawn = FALSE;
  if (self->cache != NULL && self->cache_version == self->version && self->cache_view.scale == view->scale &&
      self->cache_w >= width && self->cache_h >= height)
    {
      *ox = (self->cache_view.cx - view->cx) * view->scale + (width - self->cache_w) / 2.0;
      *oy = (self->cache_view.cy - view->cy) * view->scale + (height - self->cache_h) / 2.0;
      if (*ox > 0 || *oy > 0 || *ox + self->cache_w < width || *oy + self->cache_h < height)
        g_clear_pointer (&self->cache, cairo_surface_destroy);
    }
  else
    g_clear_pointer (&self->cache, cairo_surface_destroy);

  if (self->cache == NULL)
    {
      cairo_t *ccr;

      /* Half a screen of margin on each side: many frames of panning per drawing. */
      self->cache_w = width + MAX (width, height) / 2 * 2;
      self->cache_h = height + MAX (width, height) / 2 * 2;
      self->cache = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, self->cache_w, self->cache_h);
      self->cache_view = *view;
      self->cache_version = self->version;
      ccr = cairo_create (self->cache);
      gb_map_renderer_draw (self, ccr, view, self->cache_w, self->cache_h);
      cairo_destroy (ccr);
      cairo_surface_flush (self->cache);
      if (redrawn)
        *redrawn = TRUE;
    }
  *ox = round ((self->cache_view.cx - view->cx) * view->scale + (width - self->cache_w) / 2.0);
  *oy = round ((self->cache_view.cy - view->cy) * view->scale + (height - self->cache_h) / 2.0);
  return self->cache;
}

void
gb_map_renderer_draw_cached (GbMapRenderer   *self,
                             cairo_t         *cr,
                             const GbMapView *view,
                             int              width,
                             int              height)
{
  double ox, oy;
  cairo_surface_t *cache = gb_map_renderer_get_cache (self, view, width, height, &ox, &oy, NULL);

  cairo_save (cr);
  cairo_set_source_surface (cr, cache, ox, oy);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_restore (cr);
}

/**
 * gb_map_renderer_draw_outline:
 *
 * Strokes one unit's outline over the map (the hover highlight), without drawing the map again.
 */
void
gb_map_renderer_draw_outline (GbMapRenderer   *self,
                              cairo_t         *cr,
                              const GbMapView *view,
                              int              width,
                              int              height,
                              const char      *code)
{
  MapUnit *u = find (self, code);
  Frame f;

  if (u == NULL)
    return;
  frame_init (&f, view, width, height);
  if (!visible (&f, u))
    return;
  cairo_save (cr);
  emit_unit (self, cr, &f, u);
  gb_draw_set_source_hex (cr, self->dark ? 0xFFFFFF : 0x0B4F8A, 1);
  cairo_set_line_width (cr, 3.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Hit tests */

static gboolean
unit_contains (GbMapRenderer *self,
               const MapUnit *u,
               double         x,
               double         y)
{
  const double *pts = (const double *) self->pts[0]->data;
  gboolean inside = FALSE;

  if (x < u->x0 || x > u->x1 || y < u->y0 || y > u->y1)
    return FALSE;
  /* Even-odd over every ring: holes and the parts of a multipolygon both come out right. */
  for (guint r = 0; r < u->n_rings; r++)
    {
      const Ring *ring = &g_array_index (self->rings, Ring, u->ring_start + r);
      const double *p = pts + 2 * ring->start[0];
      guint n = ring->count[0];

      for (guint i = 0, j = n - 1; i < n; j = i++)
        if (((p[2 * i + 1] > y) != (p[2 * j + 1] > y)) &&
            (x < (p[2 * j] - p[2 * i]) * (y - p[2 * i + 1]) / (p[2 * j + 1] - p[2 * i + 1]) + p[2 * i]))
          inside = !inside;
    }
  return inside;
}

static const char *
hit_world (GbMapRenderer *self,
           double         x,
           double         y)
{
  for (int level = GB_UNIT_LEVEL_COMMUNE; level >= GB_UNIT_LEVEL_PROVINCE; level--)
    for (guint i = 0; i < self->units->len; i++)
      {
        const MapUnit *u = &g_array_index (self->units, MapUnit, i);

        if ((int) u->level == level && unit_contains (self, u, x, y))
          return u->code;
      }
  return NULL;
}

const char *
gb_map_renderer_hit_test (GbMapRenderer   *self,
                          const GbMapView *view,
                          int              width,
                          int              height,
                          double           px,
                          double           py)
{
  return hit_world (self, view->cx + (px - width / 2.0) / view->scale, view->cy + (py - height / 2.0) / view->scale);
}

const char *
gb_map_renderer_hit_test_lonlat (GbMapRenderer *self,
                                 double         lon,
                                 double         lat)
{
  double x, y;

  gb_map_project (lon, lat, &x, &y);
  return hit_world (self, x, y);
}

const char *
gb_map_renderer_get_unit_name (GbMapRenderer *self,
                               const char    *code)
{
  MapUnit *u = find (self, code);

  return u ? u->name : NULL;
}

/* Legend and export */

void
gb_map_renderer_draw_legend (GbMapRenderer *self,
                             cairo_t       *cr,
                             double         x,
                             double         y,
                             double         font_size)
{
  guint counts[5], declared;
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");
  static const GbLevel order[] = { GB_LEVEL_4, GB_LEVEL_3, GB_LEVEL_2, GB_LEVEL_1, GB_LEVEL_NO_DATA };
  double row = font_size * 1.7, pad = font_size * 0.8, w = font_size * 19, h;
  g_autofree char *foot = NULL;

  gb_map_renderer_count_levels (self, counts, &declared);
  foot = declared ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u commune declared by the committee (outlined)",
                                                  "%u communes declared by the committee (outlined)", declared), declared)
                  : g_strdup (_("Computed from the rules"));
  h = pad * 2 + row * (G_N_ELEMENTS (order) + 1);
  pango_font_description_set_absolute_size (font, font_size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((w - pad * 2 - font_size * 1.6) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);

  cairo_save (cr);
  gb_draw_set_source_hex (cr, self->dark ? 0x23282F : 0xFFFFFF, 0.92);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill_preserve (cr);
  gb_draw_set_source_hex (cr, 0x8A9099, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      double ry = y + pad + i * row;
      g_autofree char *text = g_strdup_printf ("%s: %u", gb_level_get_name (order[i]), counts[order[i]]);

      cairo_rectangle (cr, x + pad, ry + font_size * 0.2, font_size * 1.1, font_size * 1.1);
      if (order[i] == GB_LEVEL_NO_DATA)
        cairo_set_source (cr, hatch_pattern (self));
      else
        gb_draw_set_source_hex (cr, gb_level_get_color (order[i]), 1);
      cairo_fill (cr);
      gb_draw_set_source_hex (cr, self->dark ? 0xF5F5F5 : 0x111418, 1);
      pango_layout_set_text (layout, text, -1);
      cairo_move_to (cr, x + pad + font_size * 1.6, ry);
      pango_cairo_show_layout (cr, layout);
    }
  gb_draw_set_source_hex (cr, self->dark ? 0xC9CDD2 : 0x3D4550, 1);
  pango_layout_set_text (layout, foot, -1);
  cairo_move_to (cr, x + pad, y + pad + G_N_ELEMENTS (order) * row);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  pango_font_description_free (font);
  g_object_unref (layout);
}

gboolean
gb_map_renderer_export (GbMapRenderer  *self,
                        const char     *path,
                        int             width,
                        int             height,
                        const char     *title,
                        const char     *code,
                        GError        **error)
{
  gboolean png = g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".PNG");
  double font = CLAMP (MIN (width, height) / 48.0, 10.0, 28.0);
  double bx0, by0, bx1, by1;
  cairo_surface_t *surface;
  cairo_status_t status;
  GbMapView view;
  cairo_t *cr;

  if (width < 200 || height < 150 || width > 20000 || height > 20000)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("A map is between 200×150 and 20000×20000 pixels, not %d×%d"), width, height);
      return FALSE;
    }
  if (code != NULL && !gb_map_renderer_get_bounds (self, code, &bx0, &by0, &bx1, &by1))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("Unit “%s” has no boundary on the map"), code);
      return FALSE;
    }
  if (!gb_map_renderer_fit (self, code, width, height - (int) (font * 3), &view))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There are no boundaries to draw"));
      return FALSE;
    }
  if (png)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  else if (g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG"))
    surface = cairo_svg_surface_create (path, width, height);
  else if (g_str_has_suffix (path, ".pdf") || g_str_has_suffix (path, ".PDF"))
    surface = cairo_pdf_surface_create (path, width, height);
  else
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the file name must end in .png, .svg or .pdf"), path);
      return FALSE;
    }
  cr = cairo_create (surface);
  gb_draw_set_source_hex (cr, self->dark ? 0x1B1E22 : 0xEEF1F4, 1);
  cairo_paint (cr);
  cairo_save (cr);
  cairo_translate (cr, 0, font * 3);
  cairo_rectangle (cr, 0, 0, width, height - font * 3);
  cairo_clip (cr);
  gb_map_renderer_draw (self, cr, &view, width, height - (int) (font * 3));
  cairo_restore (cr);
  if (title != NULL)
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);
      PangoFontDescription *desc = pango_font_description_from_string ("Sans Bold");

      pango_font_description_set_absolute_size (desc, font * 1.4 * PANGO_SCALE);
      pango_layout_set_font_description (layout, desc);
      pango_layout_set_width (layout, (int) ((width - 2 * font) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_text (layout, title, -1);
      gb_draw_set_source_hex (cr, self->dark ? 0xF5F5F5 : 0x111418, 1);
      cairo_move_to (cr, font, font * 0.6);
      pango_cairo_show_layout (cr, layout);
      pango_font_description_free (desc);
      g_object_unref (layout);
    }
  gb_map_renderer_draw_legend (self, cr, font, height - font * (0.8 * 2 + 1.7 * 6) - font, font * 0.9);
  cairo_destroy (cr);
  if (png)
    status = cairo_surface_write_to_png (surface, path);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Could not write %s: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
