/* gb-shared-border.c — how long a border two units share, on boundaries drawn apart
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The census-2009 boundaries were generalised one commune at a time: neighbours share no
 * points, and their edges run side by side with gaps and overlaps between them. A stretch of
 * one unit's boundary counts as shared with another where it lies within a tolerance of the
 * other's boundary. Distances are in metres on a plane tangent at the first unit's middle
 * latitude (a commune is a few kilometres across: the error is far below the tolerance).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gb-shared-border.h"

#define M_PER_DEG_LAT 110574.0
#define M_PER_DEG_LON 111320.0

typedef struct
{
  double ax, ay, bx, by;
} Segment;

/* Every segment of @g's rings, in metres. */
static GArray *
segments (const GbGeometry *g,
          double            kx,
          double            ky)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Segment));
  const double *c = (const double *) g->coords->data;
  guint start = 0;

  for (guint r = 0; r < g->rings->len; r++)
    {
      guint n = g_array_index (g->rings, guint32, r);

      for (guint i = 0; i < n; i++)
        {
          guint j = (i + 1) % n;
          Segment s = { c[2 * (start + i)] * kx, c[2 * (start + i) + 1] * ky, c[2 * (start + j)] * kx,
                        c[2 * (start + j) + 1] * ky };

          if (s.ax != s.bx || s.ay != s.by)
            g_array_append_val (out, s);
        }
      start += n;
    }
  return out;
}

static double
distance_to (const Segment *s,
             double         x,
             double         y)
{
  double dx = s->bx - s->ax, dy = s->by - s->ay, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((x - s->ax) * dx + (y - s->ay) * dy) / len2, 0.0, 1.0) : 0;
  double ex = s->ax + t * dx - x, ey = s->ay + t * dy - y;

  return sqrt (ex * ex + ey * ey);
}

static gint64
cell_key (gint64 i,
          gint64 j)
{
  return (i << 32) ^ (j & 0xffffffff);
}

/**
 * gb_shared_border_length:
 * @tolerance: in metres, how far apart two boundaries may run and still be one border
 *
 * Returns: the length in metres of @a's boundary that runs within @tolerance of @b's
 */
double
gb_shared_border_length (const GbGeometry *a,
                         const GbGeometry *b,
                         double            tolerance)
{
  double ax0, ay0, ax1, ay1, bx0, by0, bx1, by1, kx, ky = M_PER_DEG_LAT, total = 0;
  double dlon = tolerance / M_PER_DEG_LON * 2, dlat = tolerance / M_PER_DEG_LAT;
  g_autoptr(GArray) sa = NULL;
  g_autoptr(GArray) sb = NULL;
  g_autoptr(GHashTable) cells = NULL;

  g_return_val_if_fail (a != NULL && b != NULL && tolerance > 0, 0);

  if (!gb_geometry_bbox (a, &ax0, &ay0, &ax1, &ay1) || !gb_geometry_bbox (b, &bx0, &by0, &bx1, &by1))
    return 0;
  /* Too far apart to share anything. */
  if (ax0 > bx1 + dlon || bx0 > ax1 + dlon || ay0 > by1 + dlat || by0 > ay1 + dlat)
    return 0;
  kx = M_PER_DEG_LON * cos ((ay0 + ay1) / 2 * G_PI / 180);
  sa = segments (a, kx, ky);
  sb = segments (b, kx, ky);
  /* @b's segments by the cells of a grid of @tolerance they come within @tolerance of. */
  cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  for (guint k = 0; k < sb->len; k++)
    {
      const Segment *s = &g_array_index (sb, Segment, k);
      gint64 i0 = (gint64) floor ((MIN (s->ax, s->bx) - tolerance) / tolerance);
      gint64 i1 = (gint64) floor ((MAX (s->ax, s->bx) + tolerance) / tolerance);
      gint64 j0 = (gint64) floor ((MIN (s->ay, s->by) - tolerance) / tolerance);
      gint64 j1 = (gint64) floor ((MAX (s->ay, s->by) + tolerance) / tolerance);

      for (gint64 j = j0; j <= j1; j++)
        for (gint64 i = i0; i <= i1; i++)
          {
            gint64 key = cell_key (i, j);
            GArray *list = g_hash_table_lookup (cells, &key);

            if (list == NULL)
              {
                list = g_array_new (FALSE, FALSE, sizeof (guint));
                g_hash_table_insert (cells, g_memdup2 (&key, sizeof key), list);
              }
            g_array_append_val (list, k);
          }
    }
  /* @a's boundary in steps of at most a fifth of @tolerance, each counted where its middle is
   * near @b's boundary. */
  for (guint k = 0; k < sa->len; k++)
    {
      const Segment *s = &g_array_index (sa, Segment, k);
      double len = hypot (s->bx - s->ax, s->by - s->ay);
      guint steps = MAX ((guint) ceil (len / (tolerance / 5)), 1);

      for (guint t = 0; t < steps; t++)
        {
          double f = (t + 0.5) / steps, x = s->ax + f * (s->bx - s->ax), y = s->ay + f * (s->by - s->ay);
          gint64 key = cell_key ((gint64) floor (x / tolerance), (gint64) floor (y / tolerance));
          GArray *list = g_hash_table_lookup (cells, &key);

          for (guint m = 0; list != NULL && m < list->len; m++)
            if (distance_to (&g_array_index (sb, Segment, g_array_index (list, guint, m)), x, y) <= tolerance)
              {
                total += len / steps;
                break;
              }
        }
    }
  return total;
}

void
gb_border_neighbour_free (GbBorderNeighbour *neighbour)
{
  if (neighbour == NULL)
    return;
  g_free (neighbour->code);
  g_free (neighbour->name);
  g_free (neighbour->parent);
  g_free (neighbour);
}

/**
 * gb_store_border_neighbours:
 * @code: a commune with a boundary
 *
 * Returns: (transfer full) (element-type GbBorderNeighbour): the communes whose boundary runs
 *   along @code's (within %GB_SHARED_BORDER_TOLERANCE), with how long, by code; %NULL with
 *   @error set when @code has no boundary or the units cannot be read
 */
GPtrArray *
gb_store_border_neighbours (GbStore     *store,
                            const char  *code,
                            GError     **error)
{
  g_autoptr(GbGeometry) g = NULL;
  g_autoptr(GPtrArray) around = NULL;
  double x0, y0, x1, y1;
  double dlon = 2 * GB_SHARED_BORDER_TOLERANCE / M_PER_DEG_LON, dlat = GB_SHARED_BORDER_TOLERANCE / M_PER_DEG_LAT;
  GPtrArray *out;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if ((g = gb_store_get_unit_geometry (store, code, error)) == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_border_neighbour_free);
  if (!gb_geometry_bbox (g, &x0, &y0, &x1, &y1))
    return out;
  if ((around = gb_store_units_in_bbox (store, x0 - dlon, y0 - dlat, x1 + dlon, y1 + dlat, error)) == NULL)
    {
      g_ptr_array_unref (out);
      return NULL;
    }
  for (guint i = 0; i < around->len; i++)
    {
      GbUnit *u = g_ptr_array_index (around, i);
      g_autoptr(GbGeometry) ug = NULL;
      GbBorderNeighbour *n;
      double length;

      if (u->level != GB_UNIT_LEVEL_COMMUNE || strcmp (u->code, code) == 0 ||
          (ug = gb_store_get_unit_geometry (store, u->code, NULL)) == NULL ||
          (length = gb_shared_border_length (g, ug, GB_SHARED_BORDER_TOLERANCE)) <= 0)
        continue;
      n = g_new0 (GbBorderNeighbour, 1);
      n->code = g_strdup (u->code);
      n->name = g_strdup (u->name);
      n->parent = g_strdup (u->parent_code);
      n->length = length;
      g_ptr_array_add (out, n);
    }
  return out;
}
