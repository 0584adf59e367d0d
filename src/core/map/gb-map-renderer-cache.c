/* gb-map-renderer-cache.c — the prepared geometry kept in the database between starts
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preparing the national set's boundaries (reading 11,163 geometries, projecting 275,000
 * points, finding the 79,000 arcs that neighbours share and simplifying them for each zoom)
 * took 0.45 s warm and 1.1 s cold, on every start and in every view that drew a map. What it
 * makes is a handful of flat arrays: they are kept in the database (gb-store-map-cache.c) once,
 * with the version of the boundaries they were made from, and read back as they are.
 *
 * The blob: a Header, then each section of the Section enum, each padded to 8 bytes, in the
 * machine's own layout (the header says which; another machine, another format number or other
 * tolerances make it again). Every index read back is checked against the arrays it points
 * into and every coordinate for being finite: a damaged blob is made again, never drawn.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>

#include "gb-map-renderer-private.h"
#include "gb-store-map-cache.h"

#define CACHE_NAME   "renderer"
/* Changes with the layout of the blob or of GbMapRing and GbMapArc, or how they are made. */
#define CACHE_FORMAT 1
/* A province's boundaries are prepared in tens of milliseconds: kept from about this many
 * units on (the country's communes), where preparing them took a second. */
#define CACHE_MIN_UNITS 2000

enum
{
  S_CODES,               /* the units' codes, each ended by a NUL */
  S_UNITS,               /* CacheUnit per unit, in the order of the codes */
  S_RINGS,               /* GbMapRing */
  S_PTS,                 /* pts[0..N_LODS) */
  S_ARCS = S_PTS + N_LODS,
  S_ARC_IDS,
  S_RING_ARCS,
  S_ARC_PTS,             /* arc_pts[0..N_LODS) */
  S_IDS_XY = S_ARC_PTS + N_LODS,
  N_SECTIONS
};

typedef struct
{
  char    magic[8];
  guint32 format, byte_order;
  guint32 ring_size, arc_size, n_lods, n_arc_lods;
  double  tolerance[N_LODS];
  guint32 n_units, n_ids;
  double  x0, y0, x1, y1;
  guint64 size[N_SECTIONS];   /* each section's bytes, before padding */
} Header;

typedef struct
{
  guint32 ring_start, n_rings;
  double  x0, y0, x1, y1, lx, ly;
} CacheUnit;

static const char magic[8] = { 'G', 'B', 'M', 'A', 'P', 'G', 'E', 'O' };

static gsize
padded (guint64 n)
{
  return (gsize) ((n + 7) & ~(guint64) 7);
}

static void
header_init (Header *h)
{
  memset (h, 0, sizeof *h);
  memcpy (h->magic, magic, sizeof magic);
  h->format = CACHE_FORMAT;
  h->byte_order = 0x01020304;
  h->ring_size = sizeof (GbMapRing);
  h->arc_size = sizeof (GbMapArc);
  h->n_lods = N_LODS;
  h->n_arc_lods = N_ARC_LODS;
  memcpy (h->tolerance, gb_map_lod_tolerance, sizeof h->tolerance);
}

/* What each section holds: where it is in the renderer and the size of an element. */
static GArray **
section_array (GbMapRenderer *self,
               guint          s,
               gsize         *element)
{
  *element = s == S_RINGS ? sizeof (GbMapRing) : s == S_ARCS ? sizeof (GbMapArc)
           : s == S_ARC_IDS || s == S_RING_ARCS ? sizeof (guint) : sizeof (double);
  if (s == S_RINGS)
    return &self->rings;
  if (s >= S_PTS && s < S_PTS + N_LODS)
    return &self->pts[s - S_PTS];
  if (s == S_ARCS)
    return &self->arcs;
  if (s == S_ARC_IDS)
    return &self->arc_ids;
  if (s == S_RING_ARCS)
    return &self->ring_arcs;
  if (s >= S_ARC_PTS && s < S_ARC_PTS + N_LODS)
    return &self->arc_pts[s - S_ARC_PTS];
  return NULL;
}

/**
 * gb_map_renderer_write_cache:
 * @boundaries: the version of the boundaries the renderer was loaded from
 *
 * Keeps what the renderer prepared from a large set of boundaries in @store, for the next
 * gb_map_renderer_read_cache(). Nothing is kept for a small set, and a failure only means the
 * next start prepares them again.
 */
void
gb_map_renderer_write_cache (GbMapRenderer *self,
                             GbStore       *store,
                             gint64         boundaries)
{
  g_autoptr(GByteArray) blob = NULL;
  g_autoptr(GString) codes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree CacheUnit *units = NULL;
  const guint8 zero[8] = { 0 };
  Header h;

  g_assert (GB_IS_MAP_RENDERER (self));
  if (boundaries < 0 || self->units->len < CACHE_MIN_UNITS)
    return;
  header_init (&h);
  h.n_units = self->units->len;
  h.n_ids = self->n_ids;
  h.x0 = self->x0;
  h.y0 = self->y0;
  h.x1 = self->x1;
  h.y1 = self->y1;
  codes = g_string_new (NULL);
  units = g_new (CacheUnit, MAX (self->units->len, 1));
  for (guint i = 0; i < self->units->len; i++)
    {
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      g_string_append_len (codes, u->code, strlen (u->code) + 1);
      units[i] = (CacheUnit) { u->ring_start, u->n_rings, u->x0, u->y0, u->x1, u->y1, u->lx, u->ly };
    }
  h.size[S_CODES] = codes->len;
  h.size[S_UNITS] = (guint64) self->units->len * sizeof (CacheUnit);
  h.size[S_IDS_XY] = (guint64) self->n_ids * 2 * sizeof (double);
  for (guint s = 0; s < N_SECTIONS; s++)
    {
      gsize element;
      GArray **array = section_array (self, s, &element);

      if (array != NULL)
        h.size[s] = (guint64) (*array)->len * element;
    }
  blob = g_byte_array_sized_new (sizeof h + 8 * N_SECTIONS + codes->len + h.size[S_UNITS]);
  g_byte_array_append (blob, (const guint8 *) &h, sizeof h);
  for (guint s = 0; s < N_SECTIONS; s++)
    {
      gsize element;
      GArray **array = section_array (self, s, &element);
      const void *data = s == S_CODES ? (const void *) codes->str : s == S_UNITS ? (const void *) units
                       : s == S_IDS_XY ? (const void *) self->ids_xy : (const void *) (*array)->data;

      if (h.size[s] > 0)
        g_byte_array_append (blob, data, h.size[s]);
      g_byte_array_append (blob, zero, padded (h.size[s]) - h.size[s]);
    }
  if (!gb_store_map_cache_write (store, CACHE_NAME, boundaries, blob->data, blob->len, &error))
    g_debug ("The map's prepared boundaries were not kept: %s", error->message);
}

/* @array, @n elements long, before anything is written to it. Memory written for the first
 * time costs a page fault per 4 KiB: on the test machine (a virtual machine) about 25 µs each,
 * 0.3 s for the 45 MB read here, more than reading them. Large arrays ask for huge pages. */
static void
array_sized (GArray **array,
             gsize    element,
             gsize    n)
{
  const gsize huge = 2 << 20;

  if (g_array_get_element_size (*array) != element)
    g_assert_not_reached ();
  g_array_unref (*array);
  *array = g_array_sized_new (FALSE, FALSE, element, (guint) n);
#ifdef MADV_HUGEPAGE
  if (n * element >= 2 * huge)
    {
      guintptr from = ((guintptr) (*array)->data + huge - 1) & ~(guintptr) (huge - 1);
      guintptr to = ((guintptr) (*array)->data + n * element) & ~(guintptr) (huge - 1);

      if (to > from)
        madvise ((void *) from, to - from, MADV_HUGEPAGE);
    }
#endif
  g_array_set_size (*array, (guint) n);
}

/* Reads section @s at *@offset into a new array of the renderer (or @into), moving on. */
static gboolean
read_section (GbMapCacheBlob *blob,
              const Header   *h,
              guint           s,
              gsize          *offset,
              void           *into)
{
  gboolean ok = gb_store_map_cache_read (blob, into, h->size[s], *offset);

  *offset += padded (h->size[s]);
  return ok;
}

static gboolean
all_finite (const double *v,
            gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (v[i]))
      return FALSE;
  return TRUE;
}

/* Whether every index in the arrays read stays inside what it points into. */
static gboolean
check_indexes (GbMapRenderer *self)
{
  guint n_arcs = self->arcs->len;

  for (guint l = 0; l < N_LODS; l++)
    if (self->pts[l]->len % 2 != 0 || self->arc_pts[l]->len % 2 != 0 ||
        !all_finite ((const double *) self->pts[l]->data, self->pts[l]->len) ||
        !all_finite ((const double *) self->arc_pts[l]->data, self->arc_pts[l]->len))
      return FALSE;
  if (!all_finite (self->ids_xy, 2 * (gsize) self->n_ids))
    return FALSE;
  for (guint r = 0; r < self->rings->len; r++)
    {
      const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, r);

      if (ring->unit >= self->units->len || (guint64) ring->arc_start + ring->n_arcs > self->ring_arcs->len)
        return FALSE;
      for (guint l = 0; l < N_LODS; l++)
        if ((guint64) ring->start[l] + ring->count[l] > self->pts[l]->len / 2)
          return FALSE;
    }
  for (guint i = 0; i < self->ring_arcs->len; i++)
    if ((g_array_index (self->ring_arcs, guint, i) >> 1) >= n_arcs)
      return FALSE;
  for (guint i = 0; i < self->arc_ids->len; i++)
    if (g_array_index (self->arc_ids, guint, i) >= self->n_ids)
      return FALSE;
  for (guint a = 0; a < n_arcs; a++)
    {
      GbMapArc *arc = &g_array_index (self->arcs, GbMapArc, a);

      if (arc->n == 0 || (guint64) arc->start + arc->n > self->arc_ids->len || arc->end[0] >= self->n_ids ||
          arc->end[1] >= self->n_ids)
        return FALSE;
      for (guint l = 0; l < N_LODS; l++)
        if ((guint64) arc->lod_start[l] + arc->lod_count[l] > self->arc_pts[l]->len / 2)
          return FALSE;
      arc->stamp = 0;
      arc->sharers = 0;
    }
  return TRUE;
}

/* The units' rings and bounds from the cache, matched by code to the units @self has read:
 * the same units, or the cache is not theirs. Rings are renumbered to the units' order. */
static gboolean
read_units (GbMapRenderer  *self,
            GbMapCacheBlob *blob,
            const Header   *h,
            gsize          *offset)
{
  g_autofree char *codes = g_malloc (h->size[S_CODES] + 1);
  g_autofree CacheUnit *cached = g_new (CacheUnit, MAX (h->n_units, 1));
  g_autofree guint *to_unit = g_new (guint, MAX (h->n_units, 1));
  const char *code = codes, *end = codes + h->size[S_CODES];

  if (h->n_units != self->units->len || h->size[S_UNITS] != (guint64) h->n_units * sizeof (CacheUnit) ||
      !read_section (blob, h, S_CODES, offset, codes) || !read_section (blob, h, S_UNITS, offset, cached))
    return FALSE;
  codes[h->size[S_CODES]] = '\0';
  for (guint i = 0; i < h->n_units; i++)
    {
      guint at;
      GbMapUnit *u;

      if (code >= end || (at = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, code))) == 0)
        return FALSE;
      to_unit[i] = at - 1;
      code += strlen (code) + 1;
      u = &g_array_index (self->units, GbMapUnit, at - 1);
      if ((guint64) cached[i].ring_start + cached[i].n_rings > h->size[S_RINGS] / sizeof (GbMapRing) ||
          !all_finite (&cached[i].x0, 6))
        return FALSE;
      u->ring_start = cached[i].ring_start;
      u->n_rings = cached[i].n_rings;
      u->x0 = cached[i].x0;
      u->y0 = cached[i].y0;
      u->x1 = cached[i].x1;
      u->y1 = cached[i].y1;
      u->lx = cached[i].lx;
      u->ly = cached[i].ly;
    }
  if (code != end)
    return FALSE;
  array_sized (&self->rings, sizeof (GbMapRing), h->size[S_RINGS] / sizeof (GbMapRing));
  if (!read_section (blob, h, S_RINGS, offset, self->rings->data))
    return FALSE;
  for (guint r = 0; r < self->rings->len; r++)
    {
      GbMapRing *ring = &g_array_index (self->rings, GbMapRing, r);

      if (ring->unit >= h->n_units)
        return FALSE;
      ring->unit = to_unit[ring->unit];
    }
  return TRUE;
}

/* The header, checked against this program and the blob's size. */
static gboolean
read_header (GbMapCacheBlob *blob,
             gsize           size,
             Header         *h)
{
  Header want;
  guint64 total = sizeof *h;

  header_init (&want);
  if (!gb_store_map_cache_read (blob, h, sizeof *h, 0) ||
      memcmp (h, &want, G_STRUCT_OFFSET (Header, n_units)) != 0 || !all_finite (&h->x0, 4))
    return FALSE;
  for (guint s = 0; s < N_SECTIONS; s++)
    {
      gsize element = s == S_CODES ? 1 : s == S_UNITS ? sizeof (CacheUnit) : s == S_RINGS ? sizeof (GbMapRing)
                    : s == S_ARCS ? sizeof (GbMapArc) : s == S_ARC_IDS || s == S_RING_ARCS ? sizeof (guint) : sizeof (double);

      if (h->size[s] > size || h->size[s] % element != 0)
        return FALSE;
      total += padded (h->size[s]);
    }
  return total == size && h->size[S_IDS_XY] == (guint64) h->n_ids * 2 * sizeof (double);
}

/**
 * gb_map_renderer_read_cache:
 * @boundaries: the version of @store's boundaries
 * @on_unit: reads each unit's attributes (called with a %NULL geometry)
 *
 * Loads the prepared geometry kept for these boundaries, in place of preparing it; the renderer
 * must be empty. On %FALSE (none kept, made by another build, damaged) it is empty again.
 */
gboolean
gb_map_renderer_read_cache (GbMapRenderer *self,
                            GbStore       *store,
                            gint64         boundaries,
                            GbMapUnitFunc  on_unit)
{
  g_autoptr(GbMapCacheBlob) blob = NULL;
  gsize size = 0, offset = sizeof (Header);
  Header h;

  g_assert (GB_IS_MAP_RENDERER (self));
  g_assert (self->units->len == 0);
  if (boundaries < 0 || (blob = gb_store_map_cache_open (store, CACHE_NAME, boundaries, &size)) == NULL ||
      !read_header (blob, size, &h) || !gb_store_scan_map_units (store, on_unit, self, NULL) ||
      !read_units (self, blob, &h, &offset))
    return FALSE;
  for (guint s = S_RINGS + 1; s < S_IDS_XY; s++)
    {
      gsize element;
      GArray **array = section_array (self, s, &element);

      array_sized (array, element, h.size[s] / element);
      if (!read_section (blob, &h, s, &offset, (*array)->data))
        return FALSE;
    }
  self->n_ids = h.n_ids;
  self->ids_xy = g_new (double, 2 * MAX (h.n_ids, 1));
  if (!read_section (blob, &h, S_IDS_XY, &offset, self->ids_xy) || !check_indexes (self))
    return FALSE;
  self->id_stamp = g_new0 (guint, MAX (h.n_ids, 1));
  self->id_sharers = g_new0 (guint8, MAX (h.n_ids, 1));
  self->stamp = 0;
  self->x0 = h.x0;
  self->y0 = h.y0;
  self->x1 = h.x1;
  self->y1 = h.y1;
  return TRUE;
}
