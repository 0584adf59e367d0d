/* gb-map-renderer-patterns.c — each level's paint: its colour, and in high contrast or when
 * asked its pattern, for Cairo and as pixels for the rasterizer
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-draw.h"
#include "gb-map-renderer-private.h"

/* One pixel of the 8×8 tile. */
static void
dot (cairo_t *cr,
     int      x,
     int      y)
{
  cairo_rectangle (cr, x & 7, y & 7, 1, 1);
}

/* The marks of @level's pattern, whole pixels so the rasterizer's copy is the same: none for
 * level 1, dots for 2, a diagonal hatch down to the right for 3 (the "no data" hatch goes up),
 * a cross-hatch for 4. */
static void
level_marks (cairo_t *cr,
             guint    level)
{
  for (int i = 0; i < 8; i++)
    switch (level)
      {
      case GB_LEVEL_2:
        if (i == 1 || i == 5)
          {
            dot (cr, i, i);
            dot (cr, i + 1, i);
            dot (cr, i, i + 1);
            dot (cr, i + 1, i + 1);
          }
        break;
      case GB_LEVEL_3:
        dot (cr, i, i);
        dot (cr, i + 1, i);
        break;
      case GB_LEVEL_4:
        dot (cr, i, i);
        dot (cr, 7 - i, i);
        break;
      default:
        break;
      }
}

/* "No data": grey with a diagonal hatch going up, so it never reads as a level colour. */
static void
no_data_tile (cairo_t  *cr,
              gboolean  high_contrast)
{
  gb_draw_set_source_hex (cr, 0xD4D7DB, 1);
  cairo_paint (cr);
  gb_draw_set_source_hex (cr, high_contrast ? 0x4A4F57 : 0x8A9099, 1);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, -1, 9);
  cairo_line_to (cr, 9, -1);
  cairo_move_to (cr, -1, 1);
  cairo_line_to (cr, 1, -1);
  cairo_move_to (cr, 7, 9);
  cairo_line_to (cr, 9, 7);
  cairo_stroke (cr);
}

/* @level's colour in the current palette. */
guint32
gb_map_renderer_level_rgb (GbMapRenderer *self,
                           guint          level)
{
  g_assert (GB_IS_MAP_RENDERER (self));

  return self->high_contrast ? gb_level_get_high_contrast_color (level) : gb_level_get_color (level);
}

/**
 * gb_map_level_pattern_new:
 *
 * @level's paint (GbLevel) in the high-contrast palette or not, with its pattern or not (level 1
 * has none; "no data" always has its hatch): what the map fills with, for others that show
 * levels (a chart's level strip).
 *
 * Returns: (transfer full): a solid colour, or an 8×8 repeating pattern
 */
cairo_pattern_t *
gb_map_level_pattern_new (guint    level,
                          gboolean high_contrast,
                          gboolean patterns)
{
  guint32 rgb;
  cairo_surface_t *tile;
  cairo_pattern_t *fill;
  cairo_t *cr;

  g_return_val_if_fail (level <= GB_LEVEL_4, NULL);

  rgb = high_contrast ? gb_level_get_high_contrast_color (level) : gb_level_get_color (level);
  if (level != GB_LEVEL_NO_DATA && (level == GB_LEVEL_1 || !patterns))
    return cairo_pattern_create_rgb (((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
  tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cr = cairo_create (tile);
  if (level == GB_LEVEL_NO_DATA)
    no_data_tile (cr, high_contrast);
  else
    {
      gb_draw_set_source_hex (cr, rgb, 1);
      cairo_paint (cr);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
      level_marks (cr, level);
      /* Dark marks, light on the dark red. */
      gb_draw_set_source_hex (cr, level == GB_LEVEL_4 ? 0xFFFFFF : 0x111418, 0.85);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  fill = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (fill, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (tile);
  return fill;
}

/* Whether @level fills with a tile (drawn opaque) rather than a colour. */
gboolean
gb_map_renderer_fill_is_tile (GbMapRenderer *self,
                              guint          level)
{
  g_assert (GB_IS_MAP_RENDERER (self));

  return level == GB_LEVEL_NO_DATA || (level != GB_LEVEL_1 && gb_map_renderer_get_patterns (self));
}

cairo_pattern_t *
gb_map_renderer_get_level_fill (GbMapRenderer *self,
                                guint          level)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), NULL);
  g_return_val_if_fail (level <= GB_LEVEL_4, NULL);

  if (self->fill[level] == NULL)
    self->fill[level] = gb_map_level_pattern_new (level, self->high_contrast, gb_map_renderer_get_patterns (self));
  return self->fill[level];
}

const guint32 *
gb_map_renderer_fill_tile (GbMapRenderer *self,
                           guint          level)
{
  g_assert (GB_IS_MAP_RENDERER (self));
  g_assert (gb_map_renderer_fill_is_tile (self, level));

  if (!self->fill_tile_ready[level])
    {
      cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
      cairo_t *cr = cairo_create (tile);

      cairo_set_source (cr, gb_map_renderer_get_level_fill (self, level));
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_flush (tile);
      for (int y = 0; y < 8; y++)
        memcpy (self->fill_tile[level] + 8 * y, cairo_image_surface_get_data (tile) + y * cairo_image_surface_get_stride (tile),
                8 * sizeof (guint32));
      cairo_surface_destroy (tile);
      self->fill_tile_ready[level] = TRUE;
    }
  return self->fill_tile[level];
}

/* Forgets the paints when the style changes. */
void
gb_map_renderer_clear_fills (GbMapRenderer *self)
{
  g_assert (GB_IS_MAP_RENDERER (self));

  for (guint l = 0; l < 5; l++)
    {
      g_clear_pointer (&self->fill[l], cairo_pattern_destroy);
      self->fill_tile_ready[l] = FALSE;
    }
}

void
gb_map_renderer_set_high_contrast (GbMapRenderer *self,
                                   gboolean       high_contrast)
{
  g_return_if_fail (GB_IS_MAP_RENDERER (self));

  if (self->high_contrast != !!high_contrast)
    {
      self->high_contrast = !!high_contrast;
      gb_map_renderer_clear_fills (self);
      self->version++;
    }
}

gboolean
gb_map_renderer_get_high_contrast (GbMapRenderer *self)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  return self->high_contrast;
}

void
gb_map_renderer_set_patterns (GbMapRenderer *self,
                              gboolean       patterns)
{
  g_return_if_fail (GB_IS_MAP_RENDERER (self));

  if (self->patterns != !!patterns)
    {
      self->patterns = !!patterns;
      gb_map_renderer_clear_fills (self);
      self->version++;
    }
}

gboolean
gb_map_renderer_get_patterns (GbMapRenderer *self)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  return self->patterns || self->high_contrast;
}
