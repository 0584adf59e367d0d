/* gb-map-renderer-dates.c — the units of a date: what each boundary is drawn as
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The boundaries are those of the units the database has a shape for (the communes of 2021,
 * the demo's). On a date each is drawn as the unit that holds its territory then
 * (gb_unit_timeline_holder_on()): itself while it is in force, else its successor. A
 * successor's pieces are one unit: one colour (the successor's level), one name (valid on the
 * date) on its largest piece, no border between its pieces, and the hit tests, bounds and
 * lists give the successor's code. A boundary nothing holds any more (a district after the 2025
 * reform) is not drawn.
 *
 * A commune split among several new ones ("partial" in the reform) has no boundary for each
 * part: it is drawn whole with the one unit its territory follows (the one keeping its code,
 * else the first by code, as the shapes carried in gb-store-units-carried.c), and outlined with
 * a dotted line so the map says "partly"; the tooltip names the others.
 *
 * A date change recomputes these fields for every boundary (hash lookups in the timeline read
 * once), never the geometry.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gb-map-renderer-private.h"

/* Each boundary as itself. */
void
gb_map_renderer_reset_shown (GbMapRenderer *self)
{
  g_assert (GB_IS_MAP_RENDERER (self));

  if (self->shown_index == NULL)
    self->shown_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_remove_all (self->shown_index);
  for (guint i = 0; i < self->units->len; i++)
    {
      GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      if (u->shown_name != NULL && g_strcmp0 (u->shown_name, u->name) != 0)
        {
          g_clear_object (&u->label);
          g_clear_pointer (&u->label_image, cairo_surface_destroy);
          u->label_w = u->label_h = 0;
        }
      u->shown_code = u->code;
      u->shown_name = u->name;
      u->shown_parent = u->parent;
      u->group = i;
      u->next_piece = G_MAXUINT;
      u->merged = u->partial = FALSE;
      g_hash_table_insert (self->shown_index, (gpointer) u->code, GUINT_TO_POINTER (i + 1));
    }
  g_clear_pointer (&self->arc_inner, g_free);
  self->any_partial = FALSE;
  self->areas_stale = TRUE;
}

/* The arcs between two pieces of one unit, per level: no border is drawn on them. */
static void
find_inner_arcs (GbMapRenderer *self)
{
  g_autofree guint *first = g_new (guint, MAX (self->arcs->len, 1));

  g_clear_pointer (&self->arc_inner, g_free);
  self->arc_inner = g_new0 (guint8, MAX (self->arcs->len, 1));
  for (int level = GB_UNIT_LEVEL_PROVINCE; level <= GB_UNIT_LEVEL_COMMUNE; level++)
    {
      memset (first, 0xff, sizeof (guint) * MAX (self->arcs->len, 1));
      for (guint i = 0; i < self->units->len; i++)
        {
          const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

          if (!u->merged || (int) u->level != level)
            continue;
          for (guint r = 0; r < u->n_rings; r++)
            {
              const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, u->ring_start + r);

              for (guint k = 0; k < ring->n_arcs; k++)
                {
                  guint a = g_array_index (self->ring_arcs, guint, ring->arc_start + k) >> 1;

                  if (first[a] == G_MAXUINT)
                    first[a] = i;
                  else if (first[a] != i && g_array_index (self->units, GbMapUnit, first[a]).group == u->group)
                    self->arc_inner[a] |= 1 << level;
                }
            }
        }
    }
}

/* Each boundary's shown unit on self->date, its naming piece (the largest) and its chain of
 * pieces from that one. */
static void
map_date (GbMapRenderer *self)
{
  g_assert (self->timeline != NULL && self->date != NULL);

  gb_map_renderer_reset_shown (self);
  g_hash_table_remove_all (self->shown_index);
  for (guint i = 0; i < self->units->len; i++)
    {
      GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);
      const char *holder = gb_unit_timeline_holder_on (self->timeline, u->code, self->date, &u->partial);
      const char *name = NULL, *parent = NULL;
      gpointer at;
      const GbMapUnit *rep;

      /* The archipelagos stay on the map of every date, as themselves when nothing holds them
       * (Trường Sa after the 2025 reform, whose communes have no boundary of their own). */
      if (holder == NULL && gb_map_unit_is_archipelago (u))
        holder = u->code;
      u->shown_code = holder;
      if (holder == NULL)
        {
          u->partial = FALSE;
          continue;
        }
      if (gb_unit_timeline_get_on (self->timeline, holder, self->date, NULL, &parent, &name))
        {
          u->shown_name = name;
          u->shown_parent = parent;
        }
      self->any_partial |= u->partial;
      at = g_hash_table_lookup (self->shown_index, holder);
      rep = at ? &g_array_index (self->units, GbMapUnit, GPOINTER_TO_UINT (at) - 1) : NULL;
      if (rep == NULL || (u->x1 - u->x0) * (u->y1 - u->y0) > (rep->x1 - rep->x0) * (rep->y1 - rep->y0))
        g_hash_table_insert (self->shown_index, (gpointer) holder, GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < self->units->len; i++)
    {
      GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      if (u->shown_code != NULL)
        {
          GbMapUnit *rep;

          u->group = GPOINTER_TO_UINT (g_hash_table_lookup (self->shown_index, u->shown_code)) - 1;
          rep = &g_array_index (self->units, GbMapUnit, u->group);
          if (u->group != i)
            {
              u->next_piece = rep->next_piece;
              rep->next_piece = i;
              rep->merged = u->merged = TRUE;
            }
        }
      /* Its name is shaped again when it changed (a rename, a successor's). */
      if (u->label != NULL && !gb_map_unit_is_archipelago (u) &&
          g_strcmp0 (pango_layout_get_text (u->label), u->shown_name) != 0)
        {
          g_clear_object (&u->label);
          g_clear_pointer (&u->label_image, cairo_surface_destroy);
          u->label_w = u->label_h = 0;
        }
    }
  find_inner_arcs (self);
}

/* Maps the boundaries to the units of the date again (after a load too). */
void
gb_map_renderer_remap (GbMapRenderer *self)
{
  if (self->timeline != NULL && self->date != NULL)
    map_date (self);
  else
    gb_map_renderer_reset_shown (self);
  /* The levels' engine indexes were those of the shown units. */
  g_clear_pointer (&self->engine_index, g_free);
  self->version++;
}

/**
 * gb_map_renderer_set_timeline:
 * @timeline: (nullable): the units' lives (gb_store_load_unit_timeline()); %NULL: each
 *   boundary is drawn as its own unit on every date
 */
void
gb_map_renderer_set_timeline (GbMapRenderer  *self,
                              GbUnitTimeline *timeline)
{
  g_return_if_fail (GB_IS_MAP_RENDERER (self));

  if (timeline != NULL)
    gb_unit_timeline_ref (timeline);
  g_clear_pointer (&self->timeline, gb_unit_timeline_unref);
  self->timeline = timeline;
  gb_map_renderer_remap (self);
}

/* Reads the units' lives from @store: after a load, or when units merged meanwhile. */
gboolean
gb_map_renderer_load_timeline (GbMapRenderer  *self,
                               GbStore        *store,
                               GError        **error)
{
  g_autoptr(GbUnitTimeline) timeline = NULL;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  if ((timeline = gb_store_load_unit_timeline (store, error)) == NULL)
    return FALSE;
  gb_map_renderer_set_timeline (self, timeline);
  return TRUE;
}

/**
 * gb_map_renderer_set_date:
 * @date: (nullable): YYYY-MM-DD
 *
 * Draws the units of @date: a few lookups per boundary when the units changed between the
 * date shown and @date, nothing otherwise. The levels are set again after
 * (gb_map_renderer_set_levels_from_engine() does both).
 */
void
gb_map_renderer_set_date (GbMapRenderer *self,
                          const char    *date)
{
  gboolean same;

  g_return_if_fail (GB_IS_MAP_RENDERER (self));

  if (g_strcmp0 (self->date, date) == 0)
    return;
  same = self->timeline != NULL && self->date != NULL && date != NULL &&
         !gb_unit_timeline_changes_between (self->timeline, self->date, date);
  g_free (self->date);
  self->date = g_strdup (date);
  if (!same)
    gb_map_renderer_remap (self);
}

/** gb_map_renderer_get_date: Returns: (nullable): the date whose units are drawn */
const char *
gb_map_renderer_get_date (GbMapRenderer *self)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), NULL);
  return self->date;
}

/* The naming piece of the unit @code is drawn as: @code's own when it is shown, else the one
 * its boundary is drawn as (an old code: its successor). */
GbMapUnit *
gb_map_renderer_find_shown (GbMapRenderer *self,
                            const char    *code)
{
  guint i;
  GbMapUnit *u;

  g_assert (GB_IS_MAP_RENDERER (self));
  if (code == NULL)
    return NULL;
  if ((i = GPOINTER_TO_UINT (g_hash_table_lookup (self->shown_index, code))) != 0)
    return &g_array_index (self->units, GbMapUnit, i - 1);
  u = gb_map_renderer_find_unit (self, code);
  if (u == NULL || u->shown_code == NULL)
    return NULL;
  return &g_array_index (self->units, GbMapUnit, u->group);
}

/* The lines of @u that are no border between two pieces of its unit: all of it alone, else the
 * arcs (at the finest zoom with arcs when the frame has none) with another unit beyond. */
void
gb_map_emit_outline (GbMapRenderer    *self,
                     cairo_t          *cr,
                     const GbMapFrame *f,
                     const GbMapUnit  *u)
{
  guint lod = MIN (f->lod, N_ARC_LODS - 1);
  const double *pts = (const double *) self->arc_pts[lod]->data;

  if (!u->merged || self->arc_inner == NULL)
    {
      gb_map_emit_unit (self, cr, f, u);
      return;
    }
  if ((u->x1 - u->x0) * f->scale < 1.5 && (u->y1 - u->y0) * f->scale < 1.5)
    return;
  for (guint r = 0; r < u->n_rings; r++)
    {
      const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, u->ring_start + r);

      for (guint k = 0; k < ring->n_arcs; k++)
        {
          const GbMapArc *arc = &g_array_index (self->arcs, GbMapArc, g_array_index (self->ring_arcs, guint, ring->arc_start + k) >> 1);
          guint a = arc - (const GbMapArc *) self->arcs->data;
          const double *p = pts + 2 * arc->lod_start[lod];

          if ((self->arc_inner[a] & (1 << u->level)) || arc->lod_count[lod] < 2)
            continue;
          cairo_move_to (cr, (p[0] - f->cx) * f->scale + f->hw, (p[1] - f->cy) * f->scale + f->hh);
          for (guint i = 1; i < arc->lod_count[lod]; i++)
            cairo_line_to (cr, (p[2 * i] - f->cx) * f->scale + f->hw, (p[2 * i + 1] - f->cy) * f->scale + f->hh);
        }
    }
}

/** gb_map_renderer_in_force: Returns: whether @code is a unit of the date shown (any unit
 *   without a timeline or a date) */
gboolean
gb_map_renderer_in_force (GbMapRenderer *self,
                          const char    *code)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->timeline == NULL || self->date == NULL)
    return TRUE;
  return gb_unit_timeline_in_force (self->timeline, code, self->date);
}

/**
 * gb_map_renderer_describe_partial:
 * @code: an old unit whose boundary is drawn with a unit that took only part of it
 *   (gb_map_renderer_hit_test_partial())
 *
 * Returns: (transfer full) (nullable): one line saying so, with the other units that took the
 *   rest; %NULL when @code's boundary is not drawn "partly"
 */
char *
gb_map_renderer_describe_partial (GbMapRenderer *self,
                                  const char    *code)
{
  GbMapUnit *u;
  g_autofree const char **others = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), NULL);

  u = code ? gb_map_renderer_find_unit (self, code) : NULL;
  if (u == NULL || !u->partial || self->timeline == NULL || self->date == NULL)
    return NULL;
  others = gb_unit_timeline_shares_on (self->timeline, u->code, self->date, u->shown_code);
  for (guint i = 0; others[i] != NULL; i++)
    {
      const char *name = NULL;

      gb_unit_timeline_get_on (self->timeline, others[i], self->date, NULL, NULL, &name);
      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", name ? name : others[i]);
    }
  if (names->len == 0)
    /* Translators: an old commune drawn with the new one that took part of it */
    return g_strdup_printf (_("Partly: only part of the former %s (%s) went into %s"), u->name, u->code, u->shown_name);
  /* Translators: an old commune drawn with the new one that took part of it; the last %s
   * lists the others that took the rest */
  return g_strdup_printf (_("Partly: only part of the former %s (%s) went into %s, the rest into %s"), u->name,
                          u->code, u->shown_name, names->str);
}

/**
 * gb_map_stroke_unit:
 * @rep: the naming piece of a unit of the date
 *
 * Strokes the unit's outer outline in @cr's source, dash and joins: a unit of one piece as it
 * is; a merged one along the edge of its region, its pieces closed over the gaps between them
 * (gb_map_merged_shape()), dashed or not, on any output. On an image a solid one is that edge
 * in the pixels instead (gb_map_merged_outline()), from the same closing as the unit's fill
 * there, so the two meet to the pixel. The line is @width wide.
 */
void
gb_map_stroke_unit (GbMapRenderer    *self,
                    cairo_t          *cr,
                    const GbMapFrame *f,
                    const GbMapUnit  *rep,
                    double            width)
{
  const GbMapShape *shape;

  if (rep->merged && cairo_get_dash_count (cr) == 0 &&
      cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE)
    {
      int mx, my;
      cairo_surface_t *mask = gb_map_merged_outline (self, f, rep, width, &mx, &my);

      if (mask != NULL)
        {
          cairo_mask_surface (cr, mask, mx, my);
          cairo_surface_destroy (mask);
        }
      return;
    }
  if (rep->merged && (shape = gb_map_merged_shape (self, rep)) != NULL)
    gb_map_emit_shape (cr, f, shape);
  else
    gb_map_emit_unit (self, cr, f, rep);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}
