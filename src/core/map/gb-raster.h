/* gb-raster.h — even-odd polygon fills written straight into 32-bit image pixels
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map fills thousands of small polygons a frame; Cairo's general path filling (tessellation
 * into trapezoids, then pixman compositing) was the measured bottleneck of the province view.
 * This scanline rasterizer does only what the map needs: no anti-aliasing (a pixel is inside
 * when its centre is, the rule of CAIRO_ANTIALIAS_NONE, so neighbours meet without seams),
 * the even-odd rule, a solid or translucent colour or an 8×8 repeating tile, and a rectangular
 * clip. Vector outputs (SVG, PDF) keep drawing Cairo paths.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Pixels to write into: premultiplied ARGB (or xRGB) words, 4-byte aligned, @stride bytes a row; only pixels
 * with x0 <= x < x1 and y0 <= y < y1 are touched. */
typedef struct
{
  guint8 *data;
  int     stride;
  int     x0, y0, x1, y1;
} GbRasterTarget;

/* What fills: @color (premultiplied ARGB, alpha below 0xff blends over what is there), or when
 * @tile is set an opaque 8×8 tile, pixel x, y taking tile[((y + tile_dy) & 7) * 8 + ((x + tile_dx) & 7)]. */
typedef struct
{
  guint32        color;
  const guint32 *tile;
  int            tile_dx, tile_dy;
} GbRasterPaint;

typedef struct _GbRaster GbRaster;

GbRaster *gb_raster_new      (void);
void      gb_raster_free     (GbRaster             *raster);

/* Starts a polygon whose edges may only matter inside @target's clip. */
void      gb_raster_begin    (GbRaster             *raster,
                              const GbRasterTarget *target);
/* Adds a closed ring of @n points @xy (x, y pairs), each mapped to pixels as
 * x × scale + ox, y × scale + oy. Holes and the parts of a multipolygon are just more rings. */
void      gb_raster_add_ring (GbRaster             *raster,
                              const double         *xy,
                              guint                 n,
                              double                scale,
                              double                ox,
                              double                oy);
/* Fills the rings added since gb_raster_begin() with the even-odd rule. */
void      gb_raster_fill     (GbRaster             *raster,
                              const GbRasterTarget *target,
                              const GbRasterPaint  *paint);

/* Fills the whole box of @target. */
void      gb_raster_fill_box (const GbRasterTarget *target,
                              const GbRasterPaint  *paint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbRaster, gb_raster_free)

G_END_DECLS
