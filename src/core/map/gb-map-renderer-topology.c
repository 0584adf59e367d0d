/* gb-map-renderer-topology.c — the shared arcs between neighbours and the simplified rings
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gb-map-renderer-private.h"

/* Simplification tolerances in world units, finest first; a frame uses the coarsest one under
 * about half a pixel. 1.6e-5 is half a pixel of the whole country on 1920 pixels. */
const double gb_map_lod_tolerance[N_LODS] = { 0, 1.0e-6, 4.0e-6, 1.6e-5, 6.4e-5 };

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

void
gb_map_simplify_ring (const double *xy,
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
ring_points (const double    *raw,
             const GbMapRing *ring)
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

/* What building the topology needs while it runs. */
typedef struct
{
  GbMapRenderer *self;
  const double  *raw;        /* the rings' points as loaded, pts[0] */
  guint          n_raw, n_rings, n_ids, max_ring, n_refs;
  guint         *ids;        /* per raw point, its distinct point */
  guint8        *junction;   /* per distinct point */
  Slot          *arc_table;
  guint          n_arcs_cap;
  guint         *seq;        /* scratch, one ring long: an arc's point ids */
  double        *xy, *kept_xy;
  guint8        *keep;
} Topology;

/* The distinct points of all rings: each raw point's id, and each id's x, y. */
static void
index_points (Topology *t)
{
  GbMapRenderer *self = t->self;
  const double *raw = t->raw;
  guint cap = 16, n_ids = 0;
  g_autofree Slot *table = NULL;

  while (cap < t->n_raw + t->n_raw / 2)
    cap *= 2;
  table = g_new0 (Slot, cap);
  self->ids_xy = g_new (double, 2 * MAX (t->n_raw, 1));
  for (guint r = 0; r < t->n_rings; r++)
    {
      const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, r);
      guint m = ring_points (raw, ring);

      t->max_ring = MAX (t->max_ring, ring->count[0]);
      for (guint i = 0; i < ring->count[0]; i++)
        {
          guint at = ring->start[0] + i, hash, h;

          if (i >= m)
            {
              t->ids[at] = t->ids[ring->start[0]];   /* the closing point */
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
          t->ids[at] = table[h].index - 1;
        }
    }
  t->n_ids = n_ids;
}

/* A junction: a point whose neighbours along one ring are not its neighbours along
 * another (where two rings part, or a third one joins). Then how many arcs there can be: at
 * most one per junction along a ring, or one for a ring without. */
static void
find_junctions (Topology *t)
{
  GbMapRenderer *self = t->self;
  g_autofree guint *first_prev = g_new (guint, MAX (t->n_ids, 1));
  g_autofree guint *first_next = g_new (guint, MAX (t->n_ids, 1));

  t->junction = g_new0 (guint8, MAX (t->n_ids, 1));
  memset (first_prev, 0xff, t->n_ids * sizeof (guint));
  for (guint r = 0; r < t->n_rings; r++)
    {
      const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, r);
      const guint *id = t->ids + ring->start[0];
      guint m = ring_points (t->raw, ring);

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
            t->junction[c] = 1;
        }
    }
  for (guint r = 0; r < t->n_rings; r++)
    {
      const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, r);
      const guint *id = t->ids + ring->start[0];
      guint m = ring_points (t->raw, ring), k = 0;

      for (guint i = 0; i < m; i++)
        k += t->junction[id[i]];
      t->n_refs += MAX (k, 1);
    }
}

/* Everything appended later sized once: growing arrays of this size by doubling cost more in
 * copies and page faults than filling them. The arc table is sized to the arcs there can be
 * (small tables: each probe is a cache miss). */
static void
size_arrays (Topology *t)
{
  GbMapRenderer *self = t->self;
  guint n_raw = t->n_raw, n_refs = t->n_refs;

  g_array_unref (self->arcs);
  self->arcs = g_array_sized_new (FALSE, FALSE, sizeof (GbMapArc), n_refs);
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
  t->n_arcs_cap = 16;
  while (t->n_arcs_cap < 2 * n_refs)
    t->n_arcs_cap *= 2;
  t->arc_table = g_new0 (Slot, t->n_arcs_cap);
  t->seq = g_new (guint, t->max_ring + 2);
  t->xy = g_new (double, 2 * (t->max_ring + 2));
  t->kept_xy = g_new (double, 2 * (t->max_ring + 2));
  t->keep = g_new (guint8, t->max_ring + 2);
}

/* A new arc of the @len point ids in t->seq, with its bounds and its points simplified for
 * each zoom whose rings are built from arcs. */
static void
add_arc (Topology *t,
         guint     len,
         gboolean  closed)
{
  GbMapRenderer *self = t->self;
  double *xy = t->xy, *kept_xy = t->kept_xy;
  GbMapArc arc = { 0 };

  arc.start = self->arc_ids->len;
  arc.n = len;
  arc.end[0] = t->seq[0];
  arc.end[1] = t->seq[len - 1];
  arc.closed = closed;
  arc.x0 = arc.y0 = INFINITY;
  arc.x1 = arc.y1 = -INFINITY;
  g_array_append_vals (self->arc_ids, t->seq, len);
  for (guint k = 0; k < len; k++)
    {
      const double *q = self->ids_xy + 2 * t->seq[k];

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
      memset (t->keep, 0, len);
      t->keep[0] = t->keep[len - 1] = 1;
      /* A loop's chord is a point: the farthest point from it is kept first. */
      dp_mark (xy, 0, len - 1, gb_map_lod_tolerance[l] * gb_map_lod_tolerance[l], t->keep);
      for (guint k = 0; k < len; k++)
        if (t->keep[k])
          {
            kept_xy[2 * kept] = xy[2 * k];
            kept_xy[2 * kept + 1] = xy[2 * k + 1];
            kept++;
          }
      g_array_append_vals (out, kept_xy, 2 * kept);
      arc.lod_count[l] = kept;
    }
  g_array_append_val (self->arcs, arc);
}

/* The arc of the @len point ids in t->seq, added when it is new: its index << 1, or'ed with 1
 * when @rev (the ring walks it backwards). */
static guint
find_or_add_arc (Topology *t,
                 guint     len,
                 gboolean  closed,
                 gboolean  rev)
{
  GbMapRenderer *self = t->self;
  guint mask = t->n_arcs_cap - 1, hash = hash_arc (t->seq, len), h;

  for (h = hash & mask; t->arc_table[h].index != 0; h = (h + 1) & mask)
    {
      const GbMapArc *o;

      if (t->arc_table[h].hash != hash)
        continue;
      o = &g_array_index (self->arcs, GbMapArc, t->arc_table[h].index - 1);
      if (o->n == len && memcmp (&g_array_index (self->arc_ids, guint, o->start), t->seq, len * sizeof (guint)) == 0)
        break;
    }
  if (t->arc_table[h].index == 0)
    {
      add_arc (t, len, closed);
      t->arc_table[h].hash = hash;
      t->arc_table[h].index = self->arcs->len;
    }
  return ((t->arc_table[h].index - 1) << 1) | (rev ? 1 : 0);
}

/* Cuts ring @r into arcs from junction to junction, each kept once. */
static void
split_ring (Topology *t,
            guint     r)
{
  GbMapRenderer *self = t->self;
  GbMapRing *ring = &g_array_index (self->rings, GbMapRing, r);
  const guint *id = t->ids + ring->start[0];
  const guint8 *junction = t->junction;
  guint m = ring_points (t->raw, ring), first = G_MAXUINT, *seq = t->seq;

  ring->arc_start = self->ring_arcs->len;
  ring->n_arcs = 0;
  if (m < 3)
    return;
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
      guint len = 0, dir;
      gboolean closed = !junction[id[first]], rev;

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
            guint tmp = seq[k];

            seq[k] = seq[len - 1 - k];
            seq[len - 1 - k] = tmp;
          }
      dir = find_or_add_arc (t, len, closed, rev);
      g_array_append_val (self->ring_arcs, dir);
      ring->n_arcs++;
    }
}

/* Ring @ring at zoom @l from its arcs end to end, each but for its last point (the first of
 * the next). */
static void
ring_from_arcs (GbMapRenderer   *self,
                const GbMapRing *ring,
                guint            l,
                GArray          *out)
{
  for (guint k = 0; k < ring->n_arcs; k++)
    {
      guint ref = g_array_index (self->ring_arcs, guint, ring->arc_start + k);
      const GbMapArc *arc = &g_array_index (self->arcs, GbMapArc, ref >> 1);
      const double *q = (const double *) self->arc_pts[l]->data + 2 * arc->lod_start[l];
      guint c = arc->lod_count[l], at = out->len / 2;

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
}

/* The rings again, simplified: their arcs end to end where borders show, each alone beyond. */
static void
simplify_rings (Topology *t)
{
  GbMapRenderer *self = t->self;

  for (guint l = 1; l < N_LODS; l++)
    {
      GArray *out = self->pts[l];

      g_array_set_size (out, 0);
      for (guint r = 0; r < t->n_rings; r++)
        {
          GbMapRing *ring = &g_array_index (self->rings, GbMapRing, r);
          const double *p = t->raw + 2 * ring->start[0];
          guint n = ring->count[0];

          ring->start[l] = out->len / 2;
          if (l >= N_ARC_LODS)
            {
              gb_map_simplify_ring (p, n, gb_map_lod_tolerance[l], out, &ring->start[l], &ring->count[l]);
              continue;
            }
          if (ring->n_arcs == 0)
            g_array_append_vals (out, p, 2 * n);
          else
            ring_from_arcs (self, ring, l, out);
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
}

/* Splits every ring into arcs between junctions, keeps each arc once (a border walked either
 * way by the two neighbours is the same arc), simplifies the arcs for each zoom, and rebuilds
 * the rings' simplified points from them. */
void
gb_map_renderer_build_topology (GbMapRenderer *self)
{
  Topology t = { 0 };

  g_assert (GB_IS_MAP_RENDERER (self));
  t.self = self;
  t.raw = (const double *) self->pts[0]->data;
  t.n_raw = self->pts[0]->len / 2;
  t.n_rings = self->rings->len;
  t.ids = g_new (guint, MAX (t.n_raw, 1));
  index_points (&t);
  find_junctions (&t);
  size_arrays (&t);
  for (guint r = 0; r < t.n_rings; r++)
    split_ring (&t, r);
  simplify_rings (&t);
  self->id_stamp = g_new0 (guint, MAX (t.n_ids, 1));
  self->id_sharers = g_new0 (guint8, MAX (t.n_ids, 1));
  self->n_ids = t.n_ids;
  self->stamp = 0;
  g_free (t.ids);
  g_free (t.junction);
  g_free (t.arc_table);
  g_free (t.seq);
  g_free (t.xy);
  g_free (t.kept_xy);
  g_free (t.keep);
}
