/* gb-map-renderer.c — every commune filled by its level, at any scale
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gb-geometry.h"
#include "gb-map-renderer-private.h"
#include "gb-store-map.h"
#include "gb-store-map-cache.h"

G_DEFINE_FINAL_TYPE (GbMapRenderer, gb_map_renderer, G_TYPE_OBJECT)

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
  GbMapUnit *u = p;

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
  g_clear_pointer (&self->timeline, gb_unit_timeline_unref);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->shown_index, g_hash_table_unref);
  g_clear_pointer (&self->arc_inner, g_free);
  g_clear_pointer (&self->merged_shapes, g_hash_table_unref);
  g_mutex_clear (&self->shapes_lock);
  g_clear_pointer (&self->highlight, g_free);
  g_clear_pointer (&self->rule_set_name, g_free);
  gb_map_renderer_clear_fills (self);
  g_clear_pointer (&self->raster[0], gb_raster_free);
  g_clear_pointer (&self->raster[1], gb_raster_free);
  g_clear_pointer (&self->placed, g_array_unref);
  g_clear_pointer (&self->placed_codes, g_ptr_array_unref);
  gb_map_clear_areas (self);
  g_clear_pointer (&self->label_at, g_array_unref);
  for (guint l = 0; l < 5; l++)
    {
      g_clear_pointer (&self->buckets[l], g_array_unref);
      g_clear_pointer (&self->bucket_rows[l], g_array_unref);
    }
  g_clear_pointer (&self->visible, g_array_unref);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->next, cairo_surface_destroy);
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
  if (self->shown_index != NULL)
    g_hash_table_remove_all (self->shown_index);
  g_clear_pointer (&self->arc_inner, g_free);
  /* The merged units' shapes were worked out from the units'. */
  gb_map_clear_merged_shapes (self);
  g_clear_pointer (&self->units, g_array_unref);
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->rings, g_array_unref);
  self->units = g_array_new (FALSE, TRUE, sizeof (GbMapUnit));
  g_array_set_clear_func (self->units, clear_unit);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  self->rings = g_array_new (FALSE, TRUE, sizeof (GbMapRing));
  for (guint l = 0; l < N_LODS; l++)
    {
      g_clear_pointer (&self->pts[l], g_array_unref);
      self->pts[l] = g_array_new (FALSE, FALSE, sizeof (double));
      g_clear_pointer (&self->arc_pts[l], g_array_unref);
      self->arc_pts[l] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  g_clear_pointer (&self->arcs, g_array_unref);
  self->arcs = g_array_new (FALSE, TRUE, sizeof (GbMapArc));
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
  g_mutex_init (&self->shapes_lock);
  self->boundaries = -1;
  self->raster[0] = gb_raster_new ();
  self->raster[1] = gb_raster_new ();
  self->placed = g_array_new (FALSE, FALSE, sizeof (double) * 4);
  self->label_px = GB_MAP_LABEL_PX;
  self->placed_codes = g_ptr_array_new ();
  self->label_at = g_array_new (FALSE, FALSE, sizeof (GbMapLabelAt));
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
  self->shown_index = g_hash_table_new (g_str_hash, g_str_equal);
  reset (self);
}

GbMapRenderer *
gb_map_renderer_new (void)
{
  return g_object_new (GB_TYPE_MAP_RENDERER, NULL);
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
  GbMapUnit u = { 0 };
  /* Without a geometry (read from the cache), the rings and bounds come from the cache. */
  const double *coords = geometry ? (const double *) geometry->coords->data : NULL;
  guint n_rings = geometry ? geometry->rings->len : 0;
  g_autofree double *xy = NULL;
  guint offset = 0;
  double best_area = -1;

  u.code = g_strdup (code);
  u.name = g_strdup (name);
  u.parent = g_strdup (parent_code);
  u.level = level;
  u.ring_start = self->rings->len;
  u.n_rings = n_rings;
  u.x0 = u.y0 = INFINITY;
  u.x1 = u.y1 = -INFINITY;
  u.map_level = GB_LEVEL_NO_DATA;

  for (guint r = 0; r < n_rings; r++)
    {
      guint n = g_array_index (geometry->rings, guint32, r);
      GbMapRing ring = { 0 };
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
  g_hash_table_insert (self->index, g_array_index (self->units, GbMapUnit, self->units->len - 1).code,
                       GUINT_TO_POINTER (self->units->len));
}

gboolean
gb_map_renderer_load (GbMapRenderer *self,
                      GbStore       *store,
                      GError       **error)
{
  gint64 boundaries;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);

  reset (self);
  /* Read before the boundaries: a change while they are read makes what is kept stale. */
  boundaries = gb_store_map_boundaries_version (store);
  if (!gb_map_renderer_read_cache (self, store, boundaries, on_unit))
    {
      reset (self);
      if (!gb_store_scan_unit_geometries (store, on_unit, self, error))
        {
          reset (self);
          return FALSE;
        }
      gb_map_renderer_build_topology (self);
      gb_map_renderer_write_cache (self, store, boundaries);
    }
  /* The index points into the array, which does not move any more. */
  g_hash_table_remove_all (self->index);
  for (guint i = 0; i < self->units->len; i++)
    g_hash_table_insert (self->index, g_array_index (self->units, GbMapUnit, i).code, GUINT_TO_POINTER (i + 1));
  /* The merged units' shapes worked out before, for these boundaries. */
  gb_map_read_merged_shapes (self, store, boundaries);
  /* And the units' lives, to draw the units of each date. */
  if (!gb_map_renderer_load_timeline (self, store, error))
    {
      reset (self);
      gb_map_renderer_reset_shown (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_map_renderer_adopt:
 * @loaded: a renderer that gb_map_renderer_load() filled, in a worker thread
 *
 * Takes @loaded's boundaries instead of reading them again (@loaded is left empty), so the
 * reading and the preparation of the geometry run off the UI thread. The levels start as "no
 * data" until they are set. The next image gb_map_renderer_get_cache() draws covers the view
 * only, without its margin: a quarter of the pixels for the first frame of a widget that waited
 * for them (see gb_map_renderer_is_growing()).
 */
void
gb_map_renderer_adopt (GbMapRenderer *self,
                       GbMapRenderer *loaded)
{
  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  g_return_if_fail (GB_IS_MAP_RENDERER (loaded));

#define SWAP(field) G_STMT_START { __typeof__ (self->field) t = self->field; self->field = loaded->field; loaded->field = t; } G_STMT_END
  SWAP (units);
  SWAP (index);
  SWAP (rings);
  for (guint l = 0; l < N_LODS; l++)
    {
      SWAP (pts[l]);
      SWAP (arc_pts[l]);
    }
  SWAP (arcs);
  SWAP (arc_ids);
  SWAP (ring_arcs);
  SWAP (ids_xy);
  SWAP (id_stamp);
  SWAP (id_sharers);
  SWAP (n_ids);
  SWAP (x0);
  SWAP (y0);
  SWAP (x1);
  SWAP (y1);
  SWAP (timeline);
  /* A keeping of the shapes may be reading them in another thread (never self's and loaded's
   * both: it holds one renderer's lock at a time). */
  g_mutex_lock (&self->shapes_lock);
  g_mutex_lock (&loaded->shapes_lock);
  SWAP (merged_shapes);
  SWAP (shapes_new);
  SWAP (boundaries);
  self->shapes_stamp++;
  loaded->shapes_stamp++;
  g_mutex_unlock (&loaded->shapes_lock);
  g_mutex_unlock (&self->shapes_lock);
#undef SWAP
  /* What the other one had worked out is not for these boundaries. */
  gb_map_clear_merged_shapes (loaded);
  g_clear_pointer (&self->engine_index, g_free);
  self->engine = NULL;
  /* Its first image in a widget is wanted soon: the view only, its margin after. */
  self->view_first = TRUE;
  reset (loaded);
  gb_map_renderer_reset_shown (loaded);
  gb_map_renderer_remap (self);
}

guint
gb_map_renderer_get_n_units (GbMapRenderer *self)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), 0);

  return self->units->len;
}

GbMapUnit *
gb_map_renderer_find_unit (GbMapRenderer *self,
                           const char    *code)
{
  guint i;

  g_assert (GB_IS_MAP_RENDERER (self));
  i = code ? GPOINTER_TO_UINT (g_hash_table_lookup (self->index, code)) : 0;

  return i ? &g_array_index (self->units, GbMapUnit, i - 1) : NULL;
}

gboolean
gb_map_renderer_set_levels_from_engine (GbMapRenderer *self,
                                        GbLevelEngine *engine,
                                        const char    *date,
                                        GError       **error)
{
  g_autofree guint8 *levels = NULL;
  guint n;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (engine), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  g_clear_pointer (&self->rule_set_name, g_free);
  self->zones = FALSE;
  gb_level_engine_get_rule_set (engine, date, NULL, &self->rule_set_name, &self->zones, NULL);
  n = gb_level_engine_get_n_units (engine, error);
  if (n == 0 && error && *error)
    return FALSE;
  /* The units of the date: a merged commune's boundary takes its successor's level. */
  gb_map_renderer_set_date (self, date);
  levels = g_malloc (MAX (n, 1));
  if (!gb_level_engine_compute_levels (engine, date, levels, error))
    return FALSE;
  /* Map the engine's units to ours once per engine. */
  if (self->engine != engine || self->engine_index == NULL)
    {
      g_free (self->engine_index);
      self->engine_index = g_new (int, MAX (self->units->len, 1));
      for (guint i = 0; i < self->units->len; i++)
        {
          const char *shown = g_array_index (self->units, GbMapUnit, i).shown_code;

          self->engine_index[i] = shown ? gb_level_engine_lookup_unit (engine, shown) : -1;
        }
      self->engine = engine;
    }
  for (guint i = 0; i < self->units->len; i++)
    {
      int e = self->engine_index[i];

      g_array_index (self->units, GbMapUnit, i).map_level = e >= 0 && (guint) e < n ? levels[e] : GB_LEVEL_NO_DATA;
    }
  self->version++;
  return TRUE;
}

gboolean
gb_map_renderer_set_unit_level (GbMapRenderer *self,
                                const char    *code,
                                guint8         level)
{
  GbMapUnit *u;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);

  u = gb_map_renderer_find_shown (self, code);
  if (u == NULL || (level & ~GB_LEVEL_DECLARED_FLAG) > GB_LEVEL_4)
    return FALSE;
  /* Every piece of the unit. */
  for (guint i = u->group; i != G_MAXUINT; i = g_array_index (self->units, GbMapUnit, i).next_piece)
    g_array_index (self->units, GbMapUnit, i).map_level = level;
  self->version++;
  return TRUE;
}

guint8
gb_map_renderer_get_unit_level (GbMapRenderer *self,
                                const char    *code)
{
  GbMapUnit *u;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), GB_LEVEL_NO_DATA);

  u = gb_map_renderer_find_shown (self, code);
  return u ? u->map_level : GB_LEVEL_NO_DATA;
}

void
gb_map_renderer_count_levels (GbMapRenderer *self,
                              guint          counts[5],
                              guint         *declared)
{
  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  g_return_if_fail (counts != NULL);

  memset (counts, 0, 5 * sizeof (guint));
  if (declared)
    *declared = 0;
  for (guint i = 0; i < self->units->len; i++)
    {
      GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      /* Each unit of the date once. */
      if (u->level != GB_UNIT_LEVEL_COMMUNE || u->shown_code == NULL || u->group != i)
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
  g_return_if_fail (GB_IS_MAP_RENDERER (self));

  if (g_strcmp0 (self->highlight, code) == 0)
    return;
  g_free (self->highlight);
  self->highlight = g_strdup (code);
}

/**
 * gb_map_renderer_set_label_size:
 * @px: the communes' names in px (districts' are 2 px more); 13 on screen, more on slides
 */
void
gb_map_renderer_set_label_size (GbMapRenderer *self,
                                double         px)
{
  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  g_return_if_fail (px >= 4 && px <= 200);

  if (self->label_px == px)
    return;
  self->label_px = px;
  /* Each name is shaped once at its size: shaped again at the new one. */
  gb_map_forget_label_shapes (self);
  self->version++;
}

/**
 * gb_map_renderer_label_shown:
 *
 * Returns: whether the last frame drawn placed @code's name
 */
gboolean
gb_map_renderer_label_shown (GbMapRenderer *self,
                             const char    *code)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  for (guint i = 0; i < self->placed_codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->placed_codes, i), code) == 0)
      return TRUE;
  return FALSE;
}

/** gb_map_renderer_get_label_size: Returns: the communes' names' size in px */
double
gb_map_renderer_get_label_size (GbMapRenderer *self)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), GB_MAP_LABEL_PX);
  return self->label_px;
}

void
gb_map_renderer_set_dark (GbMapRenderer *self,
                          gboolean       dark)
{
  g_return_if_fail (GB_IS_MAP_RENDERER (self));

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
  g_return_if_fail (GB_IS_MAP_RENDERER (self));

  if (self->background != background)
    {
      self->background = background;
      self->version++;
    }
}

void
gb_map_renderer_invalidate (GbMapRenderer *self)
{
  g_return_if_fail (GB_IS_MAP_RENDERER (self));

  self->version++;
}

/* Widens @box (x0, y0, x1, y1) to take in @u's bounds. */
static void
add_bounds (const GbMapUnit *u,
            double           box[4])
{
  box[0] = MIN (box[0], u->x0);
  box[1] = MIN (box[1], u->y0);
  box[2] = MAX (box[2], u->x1);
  box[3] = MAX (box[3], u->y1);
}

/* Widens @box to what is drawn of @code on the date: every piece of its own boundary, the
 * units under it (a province's districts and communes, a district's communes, each outline
 * simplified on its own, so one may stand out of the others) and the area its communes make. */
static gboolean
unit_bounds (GbMapRenderer *self,
             const char    *code,
             double         box[4])
{
  GbMapUnit *u = gb_map_renderer_find_shown (self, code);
  gboolean found = FALSE;
  double a[4];

  for (guint i = u ? u->group : G_MAXUINT; i != G_MAXUINT; i = g_array_index (self->units, GbMapUnit, i).next_piece)
    {
      GbMapUnit *v = &g_array_index (self->units, GbMapUnit, i);

      if (v->x1 < v->x0)
        continue;
      add_bounds (v, box);
      found = TRUE;
    }
  for (guint i = 0; i < self->units->len; i++)
    {
      GbMapUnit *v = &g_array_index (self->units, GbMapUnit, i);
      GbMapUnit *p;

      if (v->x1 < v->x0 || v->shown_code == NULL || g_strcmp0 (v->shown_code, code) == 0)
        continue;
      p = gb_map_renderer_find_shown (self, v->shown_parent);
      if (g_strcmp0 (v->shown_parent, code) != 0 && !(p && g_strcmp0 (p->shown_parent, code) == 0))
        continue;
      add_bounds (v, box);
      found = TRUE;
    }
  /* A unit without a boundary of its own (a province, the national set's districts): the
   * units under it on the date, as gathered for its name. */
  if (gb_map_area_bounds (self, code, &a[0], &a[1], &a[2], &a[3]))
    {
      box[0] = MIN (box[0], a[0]); box[1] = MIN (box[1], a[1]);
      box[2] = MAX (box[2], a[2]); box[3] = MAX (box[3], a[3]);
      found = TRUE;
    }
  return found;
}

gboolean
gb_map_renderer_get_bounds (GbMapRenderer *self,
                            const char    *code,
                            double        *x0,
                            double        *y0,
                            double        *x1,
                            double        *y1)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (x0 != NULL && y0 != NULL && x1 != NULL && y1 != NULL, FALSE);

  if (code != NULL)
    {
      double box[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY };

      if (!unit_bounds (self, code, box))
        return FALSE;
      *x0 = box[0]; *y0 = box[1]; *x1 = box[2]; *y1 = box[3];
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

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  if (!gb_map_renderer_get_bounds (self, code, &x0, &y0, &x1, &y1) && !gb_map_renderer_get_bounds (self, NULL, &x0, &y0, &x1, &y1))
    return FALSE;
  view->cx = (x0 + x1) / 2;
  view->cy = (y0 + y1) / 2;
  sx = (width * 0.92) / MAX (x1 - x0, 1e-9);
  sy = (height * 0.92) / MAX (y1 - y0, 1e-9);
  view->scale = MIN (sx, sy);
  return TRUE;
}

/* Hit tests */

static gboolean
unit_contains (GbMapRenderer   *self,
               const GbMapUnit *u,
               double           x,
               double           y)
{
  const double *pts = (const double *) self->pts[0]->data;
  gboolean inside = FALSE;

  if (x < u->x0 || x > u->x1 || y < u->y0 || y > u->y1)
    return FALSE;
  /* Even-odd over every ring: holes and the parts of a multipolygon both come out right. */
  for (guint r = 0; r < u->n_rings; r++)
    {
      const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, u->ring_start + r);
      const double *p = pts + 2 * ring->start[0];
      guint n = ring->count[0];

      for (guint i = 0, j = n - 1; i < n; j = i++)
        if (((p[2 * i + 1] > y) != (p[2 * j + 1] > y)) &&
            (x < (p[2 * j] - p[2 * i]) * (y - p[2 * i + 1]) / (p[2 * j + 1] - p[2 * i + 1]) + p[2 * i]))
          inside = !inside;
    }
  return inside;
}

/* The boundary under x, y (a commune's, else a district's, a province's) drawn on the date. */
static const GbMapUnit *
hit_piece (GbMapRenderer *self,
           double         x,
           double         y)
{
  for (int level = GB_UNIT_LEVEL_COMMUNE; level >= GB_UNIT_LEVEL_PROVINCE; level--)
    for (guint i = 0; i < self->units->len; i++)
      {
        const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

        if ((int) u->level == level && u->shown_code != NULL && unit_contains (self, u, x, y))
          return u;
      }
  return NULL;
}

/* The unit of the date there: a merged commune's successor. */
static const char *
hit_world (GbMapRenderer *self,
           double         x,
           double         y)
{
  const GbMapUnit *u = hit_piece (self, x, y);

  return u ? u->shown_code : NULL;
}

/**
 * gb_map_renderer_hit_test_partial:
 *
 * Returns: (nullable): the code of the old unit whose boundary is under the pixel when only
 *   part of it went into the unit it is drawn as (see gb-map-renderer-dates.c), else %NULL
 */
const char *
gb_map_renderer_hit_test_partial (GbMapRenderer   *self,
                                  const GbMapView *view,
                                  int              width,
                                  int              height,
                                  double           px,
                                  double           py)
{
  const GbMapUnit *u;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), NULL);
  g_return_val_if_fail (view != NULL, NULL);

  u = hit_piece (self, view->cx + (px - width / 2.0) / view->scale, view->cy + (py - height / 2.0) / view->scale);
  return u && u->partial ? u->code : NULL;
}

const char *
gb_map_renderer_hit_test (GbMapRenderer   *self,
                          const GbMapView *view,
                          int              width,
                          int              height,
                          double           px,
                          double           py)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), NULL);
  g_return_val_if_fail (view != NULL, NULL);

  return hit_world (self, view->cx + (px - width / 2.0) / view->scale, view->cy + (py - height / 2.0) / view->scale);
}

const char *
gb_map_renderer_hit_test_lonlat (GbMapRenderer *self,
                                 double         lon,
                                 double         lat)
{
  double x, y;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), NULL);

  gb_map_project (lon, lat, &x, &y);
  return hit_world (self, x, y);
}

const char *
gb_map_renderer_get_unit_name (GbMapRenderer *self,
                               const char    *code)
{
  GbMapUnit *u;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), NULL);

  u = gb_map_renderer_find_shown (self, code);
  return u ? u->shown_name : NULL;
}

/**
 * gb_map_renderer_uses_zones:
 *
 * Returns: whether the rule set of the levels shown speaks of zones (QĐ 2686), so that their
 *   names are "red zone" rather than "level 4"
 */
gboolean
gb_map_renderer_uses_zones (GbMapRenderer *self)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  return self->zones;
}

/**
 * gb_map_renderer_list_units:
 * @level: the units' level, or %GB_UNIT_LEVEL_ANY
 *
 * Returns: (transfer container) (element-type utf8): the codes of the units of the date with a
 *   boundary, in the order they were loaded (owned by the renderer until the next load or date)
 */
GPtrArray *
gb_map_renderer_list_units (GbMapRenderer *self,
                            GbUnitLevel    level)
{
  GPtrArray *codes;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), NULL);

  codes = g_ptr_array_new ();
  for (guint i = 0; i < self->units->len; i++)
    {
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      /* The units of the date, each once. */
      if ((level == GB_UNIT_LEVEL_ANY || u->level == level) && u->x1 >= u->x0 && u->shown_code != NULL && u->group == i)
        g_ptr_array_add (codes, (gpointer) u->shown_code);
    }
  return codes;
}
