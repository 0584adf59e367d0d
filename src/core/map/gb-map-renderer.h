/* gb-map-renderer.h — every commune filled by its level, at any scale
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vertices are projected once to normalized Web Mercator (the world is 0..1 on both axes, as
 * libshumate's viewport counts it) into flat arrays, simplified once per zoom band and culled
 * by bounding box. On an image (the app's map layer, PNG exports) the fills, borders and names
 * are written straight into the pixels (gb-raster.h); on anything else (SVG, PDF, a scaled
 * slide) they are Cairo paths, one per colour, and Pango text. The same drawing serves the
 * app's map layer, the exports and the briefing slide.
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "gb-level-engine.h"
#include "gb-store.h"
#include "gb-store-unit-timeline.h"

G_BEGIN_DECLS

/* What is shown: the world point at the center and the pixels per world unit (a world 256 px
 * wide at zoom 0, so scale = 256 × 2^zoom). */
typedef struct
{
  double cx, cy;
  double scale;
} GbMapView;

void   gb_map_project    (double  lon,
                          double  lat,
                          double *x,
                          double *y);
void   gb_map_unproject  (double  x,
                          double  y,
                          double *lon,
                          double *lat);

#define GB_TYPE_MAP_RENDERER (gb_map_renderer_get_type ())
G_DECLARE_FINAL_TYPE (GbMapRenderer, gb_map_renderer, GB, MAP_RENDERER, GObject)

GbMapRenderer *gb_map_renderer_new             (void);

/* Reads every unit's boundary from @store (replacing what was loaded). */
gboolean     gb_map_renderer_load              (GbMapRenderer  *self,
                                                GbStore        *store,
                                                GError        **error);
/* Takes what another renderer loaded (in a worker thread). */
void         gb_map_renderer_adopt             (GbMapRenderer  *self,
                                                GbMapRenderer  *loaded);
guint        gb_map_renderer_get_n_units       (GbMapRenderer  *self);

/* The units of a date (gb-map-renderer-dates.c): each boundary is drawn as the unit holding
 * its territory on the date shown, a merged commune as its successor; the hit tests, names,
 * bounds, lists and levels speak of those units. gb_map_renderer_load() reads the units' lives
 * too; gb_map_renderer_set_levels_from_engine() sets the date. */
gboolean     gb_map_renderer_load_timeline     (GbMapRenderer  *self,
                                                GbStore        *store,
                                                GError        **error);
void         gb_map_renderer_set_timeline      (GbMapRenderer  *self,
                                                GbUnitTimeline *timeline);
void         gb_map_renderer_set_date          (GbMapRenderer  *self,
                                                const char     *date);
const char  *gb_map_renderer_get_date          (GbMapRenderer  *self);
gboolean     gb_map_renderer_in_force          (GbMapRenderer  *self,
                                                const char     *code);
char        *gb_map_renderer_describe_partial  (GbMapRenderer  *self,
                                                const char     *code);

/* Levels of every unit on @date from the engine (declared levels marked), without reasons. */
gboolean     gb_map_renderer_set_levels_from_engine (GbMapRenderer *self,
                                                     GbLevelEngine *engine,
                                                     const char    *date,
                                                     GError       **error);
/* One unit's level (GbLevel, or'ed with GB_LEVEL_DECLARED_FLAG when declared). */
gboolean     gb_map_renderer_set_unit_level    (GbMapRenderer  *self,
                                                const char     *code,
                                                guint8          level);
guint8       gb_map_renderer_get_unit_level    (GbMapRenderer  *self,
                                                const char     *code);
gboolean     gb_map_renderer_uses_zones        (GbMapRenderer  *self);
/* Communes per effective level (index GbLevel) and how many are declared. */
void         gb_map_renderer_count_levels      (GbMapRenderer  *self,
                                                guint           counts[5],
                                                guint          *declared);

void         gb_map_renderer_set_highlight     (GbMapRenderer  *self,
                                                const char     *code);
void         gb_map_renderer_set_dark          (GbMapRenderer  *self,
                                                gboolean        dark);
/* High contrast (the system's setting): a palette further apart, dark borders between
 * communes, and each level's pattern. */
void         gb_map_renderer_set_high_contrast (GbMapRenderer  *self,
                                                gboolean        high_contrast);
gboolean     gb_map_renderer_get_high_contrast (GbMapRenderer  *self);
/* Each level's pattern over its colour, so that level is never told by colour alone: none for
 * level 1, dots for 2, a diagonal hatch for 3, a cross-hatch for 4 ("no data" keeps its grey
 * hatch the other way). Always on in high contrast. */
void         gb_map_renderer_set_patterns      (GbMapRenderer  *self,
                                                gboolean        patterns);
gboolean     gb_map_renderer_get_patterns      (GbMapRenderer  *self);
/* What @level (GbLevel) is filled with in the current style: a colour, or a repeating 8×8
 * pattern; the map, its legend and the level strip use it alike. (transfer none) */
cairo_pattern_t *gb_map_renderer_get_level_fill (GbMapRenderer *self,
                                                 guint          level);
/* The same paint without a renderer: in the high-contrast palette or not, with the level's
 * pattern or not. (transfer full) */
cairo_pattern_t *gb_map_level_pattern_new (guint    level,
                                           gboolean high_contrast,
                                           gboolean patterns);
/* With a background the map paints its own plain ground; without, tiles show underneath. */
void         gb_map_renderer_set_background    (GbMapRenderer  *self,
                                                gboolean        background);

/* The bounds of @code (NULL: everything) in world units; FALSE when unknown. */
gboolean     gb_map_renderer_get_bounds        (GbMapRenderer  *self,
                                                const char     *code,
                                                double         *x0,
                                                double         *y0,
                                                double         *x1,
                                                double         *y1);
/* The view that shows @code (NULL: everything) in @width × @height with a margin. */
gboolean     gb_map_renderer_fit               (GbMapRenderer  *self,
                                                const char     *code,
                                                int             width,
                                                int             height,
                                                GbMapView      *view);

void         gb_map_renderer_draw              (GbMapRenderer  *self,
                                                cairo_t        *cr,
                                                const GbMapView *view,
                                                int             width,
                                                int             height);

/* Draws through a cached image larger than the view: panning only translates it, and the map
 * is drawn again only when the scale, the data or the levels change or the view leaves it. */
void         gb_map_renderer_draw_cached       (GbMapRenderer  *self,
                                                cairo_t        *cr,
                                                const GbMapView *view,
                                                int             width,
                                                int             height);
gboolean     gb_map_renderer_is_growing        (GbMapRenderer  *self);
cairo_surface_t *gb_map_renderer_get_cache     (GbMapRenderer  *self,
                                                const GbMapView *view,
                                                int             width,
                                                int             height,
                                                double         *ox,
                                                double         *oy,
                                                gboolean       *redrawn);
void         gb_map_renderer_invalidate        (GbMapRenderer  *self);
void         gb_map_renderer_draw_mark         (GbMapRenderer  *self,
                                                cairo_t        *cr,
                                                const GbMapView *view,
                                                int             width,
                                                int             height,
                                                const char     *code,
                                                const char     *text,
                                                guint32         rgb,
                                                double          size);
void         gb_map_renderer_draw_outline      (GbMapRenderer  *self,
                                                cairo_t        *cr,
                                                const GbMapView *view,
                                                int             width,
                                                int             height,
                                                const char     *code);

/* The commune (else district, province) under pixel @px, @py of the view, or NULL. */
/* A unit whose numbers wait for review, marked over the map. */
void         gb_map_renderer_draw_flag         (GbMapRenderer  *self,
                                                cairo_t        *cr,
                                                const GbMapView *view,
                                                int             width,
                                                int             height,
                                                const char     *code);
const char  *gb_map_renderer_hit_test          (GbMapRenderer  *self,
                                                const GbMapView *view,
                                                int             width,
                                                int             height,
                                                double          px,
                                                double          py);
const char  *gb_map_renderer_hit_test_partial  (GbMapRenderer  *self,
                                                const GbMapView *view,
                                                int             width,
                                                int             height,
                                                double          px,
                                                double          py);
const char  *gb_map_renderer_hit_test_lonlat   (GbMapRenderer  *self,
                                                double          lon,
                                                double          lat);
const char  *gb_map_renderer_get_unit_name     (GbMapRenderer  *self,
                                                const char     *code);
GPtrArray   *gb_map_renderer_list_units        (GbMapRenderer  *self,
                                                GbUnitLevel     level);

/* Communes' names on screen, in px (13 and 15 read on a shared screen where 11 read as 8–9). */
#define GB_MAP_LABEL_PX 13.0
void         gb_map_renderer_set_label_size    (GbMapRenderer  *self,
                                                double          px);
double       gb_map_renderer_get_label_size    (GbMapRenderer  *self);
/* Whether the last frame drawn named @code (for tests). */
gboolean     gb_map_renderer_label_shown       (GbMapRenderer  *self,
                                                const char     *code);
/* The names the last frame drawn placed (for tests): how many, and each one's unit, level and
 * box in pixels. */
guint        gb_map_renderer_get_n_labels      (GbMapRenderer  *self);
const char  *gb_map_renderer_get_label         (GbMapRenderer  *self,
                                                guint           i,
                                                GbUnitLevel    *level,
                                                double          box[4]);

/* The legend box (levels in the rule set's words with their counts, computed or declared, and
 * the rule set's name) at x, y, and its size. */
void         gb_map_renderer_get_legend_size   (GbMapRenderer  *self,
                                                double          font_size,
                                                double         *width,
                                                double         *height);
void         gb_map_renderer_draw_legend       (GbMapRenderer  *self,
                                                cairo_t        *cr,
                                                double          x,
                                                double          y,
                                                double          font_size);

/* The map of @code (NULL: everything) fitted to @width × @height with its title and legend, as
 * an export draws it (for printing). */
gboolean     gb_map_renderer_draw_page         (GbMapRenderer  *self,
                                                cairo_t        *cr,
                                                int             width,
                                                int             height,
                                                const char     *title,
                                                const char     *code,
                                                GError        **error);

gboolean     gb_map_renderer_get_page_view     (GbMapRenderer  *self,
                                                int             width,
                                                int             height,
                                                const char     *code,
                                                GbMapView      *view,
                                                int            *top,
                                                GError        **error);

/* Keeps the merged units' shapes worked out so far in @store's map cache, for the next start. */
gboolean     gb_map_renderer_keep_shapes       (GbMapRenderer  *self,
                                                GbStore        *store,
                                                GError        **error);
gboolean     gb_map_renderer_has_new_shapes    (GbMapRenderer  *self);

/* Writes the map of @code (NULL: everything) with its title and legend to PNG, SVG or PDF by
 * the file's extension. */
gboolean     gb_map_renderer_export            (GbMapRenderer  *self,
                                                const char     *path,
                                                int             width,
                                                int             height,
                                                const char     *title,
                                                const char     *code,
                                                GError        **error);

G_END_DECLS
