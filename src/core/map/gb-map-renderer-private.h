/* gb-map-renderer-private.h — the renderer's struct and what its files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbMapRenderer is a family of files around this header:
 *   gb-map-renderer.c           the object, loading, levels, bounds and hit tests
 *   gb-map-renderer-topology.c  shared arcs between neighbours, simplified once per zoom
 *   gb-map-renderer-paint.c     frames, Cairo paths and strokes, the cached image
 *   gb-map-renderer-borders.c   one-pixel commune borders written straight into the pixels
 *   gb-map-renderer-bands.c     a frame's fills cut into bands that two threads take in turn
 *   gb-map-renderer-pool.c      the thread pool those bands run on
 *   gb-map-renderer-load.c      the CPU-load probe that says whether a second core is free
 *   gb-map-renderer-labels.c    the names: placed, shaped once, blended as images
 *   gb-map-renderer-export.c    the legend and PNG/SVG/PDF export
 *   gb-map-renderer-dates.c     the units of a date: what each boundary is drawn as
 *   gb-map-renderer-cache.c     the prepared geometry kept in the database between starts
 *   gb-map-renderer-merged.c    a merged unit's outline as polygons, worked out once
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gb-level.h"
#include "gb-map-renderer.h"
#include "gb-raster.h"
#include "gb-store-map.h"
#include "gb-store-unit-timeline.h"

G_BEGIN_DECLS

/* Simplification tolerances in world units, finest first; a frame uses the coarsest one under
 * about half a pixel. 1.6e-5 is half a pixel of the whole country on 1920 pixels. */
#define N_LODS 5
extern const double gb_map_lod_tolerance[N_LODS];
/* The zooms whose rings are built from shared arcs: those where commune borders are drawn
 * (see gb_map_frame_init()). Farther out a commune is a few pixels, its border is not drawn, and each
 * ring simplified alone keeps fewer points than arcs whose every junction stays. */
#define N_ARC_LODS 3
/* How far apart neighbouring communes' generalised boundaries stand, in world units (about
 * 150 m): the gaps a merged unit is closed over. */
#define GB_MAP_MERGE_GAP 4.0e-6

typedef struct
{
  guint unit;
  guint start[N_LODS];     /* first point in pts[lod] */
  guint count[N_LODS];
  guint arc_start, n_arcs; /* its arcs in ring_arcs, in order; none for a degenerate ring */
} GbMapRing;

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
} GbMapArc;

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
  /* What it is drawn as on the date shown (gb-map-renderer-dates.c): the unit holding its
   * territory then, or NULL when nothing does (a district after the 2025 reform). */
  const char  *shown_code;
  const char  *shown_name;
  const char  *shown_parent;
  guint        group;              /* the piece of its shown unit that bears the name */
  guint        next_piece;         /* the next piece of it, G_MAXUINT: none */
  gboolean     merged;             /* its shown unit has other pieces */
  gboolean     partial;            /* only part of its territory went to that unit */
} GbMapUnit;

struct _GbMapRenderer
{
  GObject          parent_instance;

  GArray          *units;          /* GbMapUnit */
  GHashTable      *index;          /* code -> index + 1 */
  GArray          *rings;          /* GbMapRing */
  GArray          *pts[N_LODS];    /* double x, y */
  GArray          *arcs;           /* GbMapArc */
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
   * junction's pixel and whether it is shared (three ints). Compact, where reading each GbMapArc
   * and point again cost each band about 25 µs. */
  GArray          *border_rows;    /* double */
  GArray          *junction_px;    /* int */
  int             *engine_index;   /* per unit, the level engine's index or -1 */
  GbLevelEngine   *engine;         /* whose indexes those are (not owned) */
  double           x0, y0, x1, y1; /* bounds of everything */
  GbUnitTimeline  *timeline;       /* the units' lives, NULL: each boundary as itself */
  char            *date;           /* the date shown */
  GHashTable      *shown_index;    /* shown code -> its naming piece + 1 */
  guint8          *arc_inner;      /* per arc: 1 << level when both its sides are one unit */
  gboolean         any_partial;
  /* Each merged unit's outline as polygons (gb-map-renderer-merged.c): its pieces' codes, in
   * order -> GbMapShape, worked out when first drawn and kept while the boundaries are. */
  GHashTable      *merged_shapes;
  GMutex           shapes_lock;    /* the two threads of a frame's bands may ask for them */
  gboolean         shapes_new;     /* some worked out since they were read or kept */
  guint            shapes_stamp;   /* counts the changes to merged_shapes */
  gint64           boundaries;     /* the version of the boundaries loaded, -1: none */
  /* merged_shapes, shapes_new, shapes_stamp and boundaries are under shapes_lock: another
   * thread keeps them in the database (gb_map_renderer_keep_shapes()) while frames are drawn. */

  char            *highlight;
  char            *rule_set_name;  /* in force on the levels' date, for the legend */
  gboolean         zones;          /* it speaks of zones (QĐ 2686), not levels */
  gboolean         dark;
  gboolean         background;
  gboolean         high_contrast;  /* its palette, dark commune borders and the patterns */
  gboolean         patterns;       /* each level's pattern over its colour */
  cairo_pattern_t *fill[5];        /* each level's paint in the current style, made when asked */
  guint32          fill_tile[5][64]; /* the same as pixels for the rasterizer (patterned fills) */
  gboolean         fill_tile_ready[5];
  GbRaster        *raster[2];      /* one per band of a frame drawn on two threads */
  GArray          *placed;         /* label boxes of the frame being drawn */
  double           label_px;       /* communes' names in px (districts' 2 px more) */
  GPtrArray       *placed_codes;   /* borrowed codes of the names placed in the frame being drawn */
  GArray          *placed_levels;  /* guint8: and each one's GbUnitLevel */
  /* The provinces and districts of the date, as units without rings for their names
   * (gb-map-renderer-labels.c): their bounds and name point gathered from their communes, since
   * the national set has no boundary for them. Built again after the units of the date change. */
  GArray          *areas;          /* GbMapUnit */
  GHashTable      *areas_index;    /* code -> index + 1 */
  GArray          *areas_order;    /* guint: those of the date, largest first */
  gboolean         areas_stale;
  GArray          *label_at;       /* GbMapLabelAt: its names to blend into an image */
  GArray          *buckets[5];     /* the communes of the frame being drawn, by level */
  GArray          *bucket_rows[5]; /* double: the rows of each one's bounds, as border_rows */
  GArray          *visible;        /* all its units, in order: one pass over all units a frame */

  /* The cached image draw_cached() pans. */
  cairo_surface_t *cache;
  GbMapView        cache_view;
  int              cache_w, cache_h;
  guint            version, cache_version;
  gboolean         view_first;     /* the next image covers the view only (after an adoption) */
  gboolean         growing;        /* the image shown is such, its margin drawn a band a frame */
  /* The next image, drawn ahead a band at a time while the view pans (gb-map-renderer-paint.c). */
  cairo_surface_t *next;
  GbMapView        next_view;
  int              next_w, next_h;
  int              next_row;
  guint            next_version;
};

typedef struct
{
  cairo_surface_t *image;   /* the name and its shadow, owned by the unit */
  int              x, y;    /* its corner in the image's pixels */
} GbMapLabelAt;

/* A merged unit as one region: its pieces' union closed over the gaps between them. */
typedef struct
{
  GArray *pts;      /* double x, y in world units */
  GArray *rings;    /* guint: the points of each ring, outlines and holes alike */
} GbMapShape;

typedef struct
{
  double cx, cy, scale, hw, hh;   /* hw, hh: half the size in pixels */
  double wx0, wy0, wx1, wy1;      /* the visible world */
  guint  lod;
  gboolean borders;               /* communes are big enough to draw their borders */
} GbMapFrame;

/* Drawing straight into an image's pixels. An image with no scaling and a rectangular clip
 * (the app's cached image, PNG exports, the benchmark) takes this way; anything else (SVG,
 * PDF, a scaled slide, a pushed group) draws Cairo paths, which look the same. */
typedef struct
{
  GbRasterTarget t;
  double         ox, oy;            /* the pixel of world x, y is (x - cx) × scale + ox, ... */
  int            tile_dx, tile_dy;  /* the hatching's phase, anchored to the world */
} GbMapPixels;

/* Whether @u's box in pixels touches the pixels that may be written. */
static inline gboolean
gb_map_pixels_touch (const GbMapFrame  *f,
                     const GbMapPixels *px,
                     const GbMapUnit   *u)
{
  return (u->y1 - f->cy) * f->scale + px->oy >= px->t.y0 - 1 && (u->y0 - f->cy) * f->scale + px->oy <= px->t.y1 + 1 &&
         (u->x1 - f->cx) * f->scale + px->ox >= px->t.x0 - 1 && (u->x0 - f->cx) * f->scale + px->ox <= px->t.x1 + 1;
}

/* Whether @u's outline can draw in the rows of @band (any, when it is NULL). Each unit is a
 * subpath of its own (dashes start again with each), so leaving out the ones too far away
 * changes no pixel of the band: the margin is wider than the widest line's miter joins. */
static inline gboolean
gb_map_near_band (const GbMapFrame  *f,
                  const GbMapPixels *band,
                  const GbMapUnit   *u)
{
  const double m = 32;

  return band == NULL ||
         ((u->y1 - f->cy) * f->scale + band->oy >= band->t.y0 - m && (u->y0 - f->cy) * f->scale + band->oy <= band->t.y1 + m);
}

/* The Hoàng Sa and Trường Sa archipelagos (the island districts of Đà Nẵng and Khánh Hòa, GSO
 * 498 and 576): maps published in Việt Nam always show and name them as such, on every date
 * (after the 2025 reform nothing else holds their boundaries). */
static inline gboolean
gb_map_unit_is_archipelago (const GbMapUnit *u)
{
  return u->level == GB_UNIT_LEVEL_DISTRICT && u->code != NULL && (strcmp (u->code, "498") == 0 || strcmp (u->code, "576") == 0);
}

static inline guint32
gb_map_scale_pixel (guint32 p,
                    guint   a)   /* 0..255 */
{
  guint32 rb = (p & 0x00ff00ff) * a + 0x00800080;
  guint32 ag = ((p >> 8) & 0x00ff00ff) * a + 0x00800080;

  rb = ((rb + ((rb >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
  ag = (ag + ((ag >> 8) & 0x00ff00ff)) & 0xff00ff00;
  return rb | ag;
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
} GbMapJob;

/* gb-map-renderer.c */
GbMapUnit       *gb_map_renderer_find_unit      (GbMapRenderer       *self,
                                                 const char          *code);

/* gb-map-renderer-dates.c: the units of the date */
void             gb_map_renderer_reset_shown    (GbMapRenderer       *self);
void             gb_map_renderer_remap          (GbMapRenderer       *self);
GbMapUnit       *gb_map_renderer_find_shown     (GbMapRenderer       *self,
                                                 const char          *code);
void             gb_map_emit_outline            (GbMapRenderer       *self,
                                                 cairo_t             *cr,
                                                 const GbMapFrame    *f,
                                                 const GbMapUnit     *u);
void             gb_map_stroke_unit             (GbMapRenderer       *self,
                                                 cairo_t             *cr,
                                                 const GbMapFrame    *f,
                                                 const GbMapUnit     *rep,
                                                 double               width);

/* gb-map-renderer-topology.c: the shared arcs and the simplified rings, once at load */
void             gb_map_renderer_build_topology (GbMapRenderer       *self);

void             gb_map_simplify_ring           (const double        *xy,
                                                 guint                n,
                                                 double               tol,
                                                 GArray              *out,
                                                 guint               *start,
                                                 guint               *count);

/* gb-map-renderer-merged.c: a merged unit's outline as polygons */
const GbMapShape *gb_map_merged_shape           (GbMapRenderer       *self,
                                                 const GbMapUnit     *rep);
const GbMapShape *gb_map_district_shape         (GbMapRenderer       *self,
                                                 const GbMapUnit     *rep);
void             gb_map_emit_shape              (cairo_t             *cr,
                                                 const GbMapFrame    *f,
                                                 const GbMapShape    *shape);
void             gb_map_clear_merged_shapes     (GbMapRenderer       *self);
void             gb_map_read_merged_shapes      (GbMapRenderer       *self,
                                                 GbStore             *store,
                                                 gint64               boundaries);

/* gb-map-renderer-cache.c: the prepared geometry kept in the database */
gboolean         gb_map_renderer_read_cache     (GbMapRenderer       *self,
                                                 GbStore             *store,
                                                 gint64               boundaries,
                                                 GbMapUnitFunc        on_unit);
void             gb_map_renderer_write_cache    (GbMapRenderer       *self,
                                                 GbStore             *store,
                                                 gint64               boundaries);

/* gb-map-renderer-paint.c: frames, paths and Cairo strokes */
void             gb_map_frame_init              (GbMapFrame          *f,
                                                 const GbMapView     *view,
                                                 int                  width,
                                                 int                  height);
gboolean         gb_map_frame_shows             (const GbMapFrame    *f,
                                                 const GbMapUnit     *u);
void             gb_map_emit_unit               (GbMapRenderer       *self,
                                                 cairo_t             *cr,
                                                 const GbMapFrame    *f,
                                                 const GbMapUnit     *u);

/* The first piece of @u's unit that the frame shows (G_MAXUINT: none): where what is drawn
 * once per unit is drawn. */
static inline guint
gb_map_first_shown_piece (GbMapRenderer    *self,
                          const GbMapFrame *f,
                          const GbMapUnit  *u)
{
  guint first = u->group;

  while (first != G_MAXUINT && !gb_map_frame_shows (f, &g_array_index (self->units, GbMapUnit, first)))
    first = g_array_index (self->units, GbMapUnit, first).next_piece;
  return first;
}

/* gb-map-renderer-patterns.c: each level's paint, plain or patterned */
gboolean         gb_map_renderer_fill_is_tile   (GbMapRenderer       *self,
                                                 guint                level);
const guint32   *gb_map_renderer_fill_tile      (GbMapRenderer       *self,
                                                 guint                level);
void             gb_map_renderer_clear_fills    (GbMapRenderer       *self);
guint32          gb_map_renderer_level_rgb      (GbMapRenderer       *self,
                                                 guint                level);
void             gb_map_draw_strokes            (GbMapRenderer       *self,
                                                 cairo_t             *cr,
                                                 const GbMapFrame    *f,
                                                 const GbMapPixels   *band,
                                                 gboolean             any_declared);

/* gb-map-renderer-borders.c: one-pixel commune borders straight into the pixels */
void             gb_map_list_border_arcs        (GbMapRenderer       *self,
                                                 const GbMapFrame    *f,
                                                 const GbMapPixels   *px);
void             gb_map_morph                   (guint8              *a,
                                                 guint8              *tmp,
                                                 int                  w,
                                                 int                  h,
                                                 int                  r,
                                                 gboolean             grow);
void             gb_map_fast_borders            (GbMapRenderer       *self,
                                                 const GbMapFrame    *f,
                                                 const GbMapPixels   *px,
                                                 guint32              rgb,
                                                 double               alpha);

void             gb_map_merged_pixels           (GbMapRenderer       *self,
                                                 GbRaster            *raster,
                                                 const GbMapFrame    *f,
                                                 const GbMapPixels   *px,
                                                 const GbRasterPaint *paints,
                                                 guint32              rgb,
                                                 double               alpha);
cairo_surface_t *gb_map_merged_outline          (GbMapRenderer       *self,
                                                 const GbMapFrame    *f,
                                                 const GbMapUnit     *rep,
                                                 double               width,
                                                 int                 *x,
                                                 int                 *y);

/* gb-map-renderer-labels.c: the names */
void             gb_map_place_labels            (GbMapRenderer       *self,
                                                 cairo_t             *cr,
                                                 const GbMapFrame    *f,
                                                 const GbMapPixels   *px);
void             gb_map_composite_labels        (GbMapRenderer       *self,
                                                 const GbMapPixels   *px);
void             gb_map_forget_label_shapes     (GbMapRenderer       *self);
void             gb_map_clear_areas             (GbMapRenderer       *self);
gboolean         gb_map_area_bounds             (GbMapRenderer       *self,
                                                 const char          *code,
                                                 double              *x0,
                                                 double              *y0,
                                                 double              *x1,
                                                 double              *y1);

/* gb-map-renderer-bands.c: a frame's pixels in bands, on one or two threads */
void             gb_map_draw_base_pixels        (GbMapRenderer       *self,
                                                 cairo_t             *cr,
                                                 const GbMapFrame    *f,
                                                 const GbMapPixels   *px,
                                                 GArray             **buckets,
                                                 gboolean             any_declared);

/* gb-map-renderer-pool.c: work handed to a second thread */
void             gb_map_job_start               (GbMapJob            *job,
                                                 GThreadFunc          func,
                                                 gpointer             data);
void             gb_map_job_wait                (GbMapJob            *job);

/* gb-map-renderer-load.c: whether a second core is free */
gboolean         gb_map_second_core_free        (void);

G_END_DECLS
