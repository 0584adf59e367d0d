/* gb-map-renderer-paint.c — frames, Cairo paths and strokes, and the cached image
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gb-draw.h"
#include "gb-map-renderer-private.h"

/* Drawing */

void
gb_map_frame_init (GbMapFrame      *f,
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
    if (gb_map_lod_tolerance[l] <= half_px)
      f->lod = l;
  f->borders = half_px < gb_map_lod_tolerance[N_ARC_LODS];
}

gboolean
gb_map_frame_shows (const GbMapFrame *f,
                    const GbMapUnit  *u)
{
  /* Not a boundary nothing holds on the date (a district after the 2025 reform). */
  return u->x1 >= f->wx0 && u->x0 <= f->wx1 && u->y1 >= f->wy0 && u->y0 <= f->wy1 && u->x1 >= u->x0 &&
         u->shown_code != NULL;
}

void
gb_map_emit_unit (GbMapRenderer    *self,
                  cairo_t          *cr,
                  const GbMapFrame *f,
                  const GbMapUnit  *u)
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
      const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, u->ring_start + r);
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

static gboolean
pixels_init (GbMapPixels      *px,
             cairo_t          *cr,
             const GbMapFrame *f)
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

static void emit_whole (GbMapRenderer     *self,
                        cairo_t           *cr,
                        const GbMapFrame  *f,
                        const GbMapPixels *band,
                        guint              i);

/* Stroke the outlines of units of @level (communes only when they are large enough to see),
 * of those near @band if it is not NULL. */
static void
stroke_level (GbMapRenderer     *self,
              cairo_t           *cr,
              const GbMapFrame  *f,
              const GbMapPixels *band,
              GbUnitLevel        level,
              double             width,
              guint32            color,
              double             alpha)
{
  gboolean any = FALSE;

  for (guint k = 0; k < self->visible->len; k++)
    {
      guint i = g_array_index (self->visible, guint, k);
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      /* A merged commune's pieces: see merged_borders(). */
      if (u->level != level || (level == GB_UNIT_LEVEL_COMMUNE && u->merged))
        continue;
      /* A merged district along its communes' edges, once: see gb_map_district_shape(). */
      if (level == GB_UNIT_LEVEL_DISTRICT && u->merged && gb_map_district_shape (self, u) != NULL)
        {
          any = TRUE;
          emit_whole (self, cr, f, band, i);
          continue;
        }
      if ((u->x1 - u->x0) * f->scale < 3 && (u->y1 - u->y0) * f->scale < 3)
        continue;
      /* Counted even when left out: the line join set below holds for the strokes after, as
       * in a band with it. */
      any = TRUE;
      if (gb_map_near_band (f, band, u))
        gb_map_emit_outline (self, cr, f, u);
    }
  if (!any)
    return;
  gb_draw_set_source_hex (cr, color, alpha);
  cairo_set_line_width (cr, width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

/* The borders of merged communes, once their communes' borders show: each unit's outer
 * outline, none between its pieces (gb_map_stroke_unit()). On an image (a @band) they are
 * drawn in the pixels with the unit's closed region (gb_map_merged_pixels()). */
static void
merged_borders (GbMapRenderer     *self,
                cairo_t           *cr,
                const GbMapFrame  *f,
                const GbMapPixels *band)
{
  for (guint k = 0; f->borders && band == NULL && k < self->visible->len; k++)
    {
      guint i = g_array_index (self->visible, guint, k);
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      /* Once per unit: at its first piece in the frame. */
      if (!u->merged || u->level != GB_UNIT_LEVEL_COMMUNE || gb_map_first_shown_piece (self, f, u) != i ||
          !gb_map_near_band (f, band, u))
        continue;
      u = &g_array_index (self->units, GbMapUnit, u->group);
      if (self->high_contrast)
        gb_draw_set_source_hex (cr, 0x000000, 1);
      else
        gb_draw_set_source_hex (cr, self->dark ? 0x111418 : 0xFFFFFF, 0.55);
      gb_map_stroke_unit (self, cr, f, u, self->high_contrast ? 1.2 : 0.8);
    }
}

/* The outline of the unit whose piece @i is, near @band: a merged commune's once (at its first
 * piece in the frame), along the edge of its region, not round the gaps between its pieces. */
static void
emit_whole (GbMapRenderer     *self,
            cairo_t           *cr,
            const GbMapFrame  *f,
            const GbMapPixels *band,
            guint              i)
{
  const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);
  const GbMapShape *shape;
  gboolean near = FALSE;

  if (!u->merged || u->level == GB_UNIT_LEVEL_PROVINCE ||
      (shape = u->level == GB_UNIT_LEVEL_DISTRICT ? gb_map_district_shape (self, u) : gb_map_merged_shape (self, u)) == NULL)
    {
      if (gb_map_near_band (f, band, u))
        gb_map_emit_unit (self, cr, f, u);
      return;
    }
  if (gb_map_first_shown_piece (self, f, u) != i)
    return;
  for (guint j = u->group; j != G_MAXUINT && !near; j = g_array_index (self->units, GbMapUnit, j).next_piece)
    near = gb_map_near_band (f, band, &g_array_index (self->units, GbMapUnit, j));
  if (near)
    gb_map_emit_shape (cr, f, shape);
}

/* The outlines over the fills and borders: merged communes', districts, provinces, the
 * declared levels dashed, the highlighted unit. */
void
gb_map_draw_strokes (GbMapRenderer     *self,
                     cairo_t           *cr,
                     const GbMapFrame  *f,
                     const GbMapPixels *band,
                     gboolean           any_declared)
{
  merged_borders (self, cr, f, band);
  stroke_level (self, cr, f, band, GB_UNIT_LEVEL_DISTRICT, f->borders ? 1.6 : 1.0, self->dark ? 0xE5E7EB : 0x3D4550, 0.8);
  stroke_level (self, cr, f, band, GB_UNIT_LEVEL_PROVINCE, 2.4, self->dark ? 0xF5F5F5 : 0x111418, 0.9);

  /* Declared levels are outlined: the committee's word, not the computation. */
  if (any_declared)
    {
      double dash[] = { 5, 3 };

      for (guint k = 0; k < self->visible->len; k++)
        {
          const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, g_array_index (self->visible, guint, k));

          if (u->map_level & GB_LEVEL_DECLARED_FLAG)
            emit_whole (self, cr, f, band, g_array_index (self->visible, guint, k));
        }
      gb_draw_set_source_hex (cr, self->dark ? 0xFFFFFF : 0x111418, 1);
      cairo_set_line_width (cr, 2.2);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* A commune drawn with a unit that took only part of it: dotted, "partly". */
  if (self->any_partial)
    {
      double dots[] = { 1.5, 3 };
      gboolean any = FALSE;

      for (guint k = 0; k < self->visible->len; k++)
        {
          const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, g_array_index (self->visible, guint, k));

          if (u->partial && gb_map_near_band (f, band, u))
            {
              gb_map_emit_unit (self, cr, f, u);
              any = TRUE;
            }
        }
      if (any)
        {
          gb_draw_set_source_hex (cr, self->dark ? 0xFDE68A : 0x7C2D12, 1);
          cairo_set_line_width (cr, 1.6);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_dash (cr, dots, 2, 0);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
        }
    }

  if (self->highlight != NULL)
    {
      GbMapUnit *u = gb_map_renderer_find_shown (self, self->highlight);
      gboolean any = FALSE;

      for (guint i = u ? u->group : G_MAXUINT; i != G_MAXUINT; i = g_array_index (self->units, GbMapUnit, i).next_piece)
        {
          const GbMapUnit *v = &g_array_index (self->units, GbMapUnit, i);

          any |= gb_map_frame_shows (f, v) && gb_map_near_band (f, band, v);
        }
      if (any)
        {
          /* Every piece of the unit, its outer outline. */
          gb_draw_set_source_hex (cr, self->dark ? 0xFFFFFF : 0x0B4F8A, 1);
          gb_map_stroke_unit (self, cr, f, u, 3.5);
        }
    }
}

/* Fills the path with @level's paint. */
static void
fill_level (GbMapRenderer *self,
            cairo_t       *cr,
            guint          level)
{
  if (gb_map_renderer_fill_is_tile (self, level))
    cairo_set_source (cr, gb_map_renderer_get_level_fill (self, level));
  else
    gb_draw_set_source_hex (cr, gb_map_renderer_level_rgb (self, level), self->background ? 1 : 0.75);
  cairo_fill (cr);
}

/* The fills and the one-pixel commune borders with Cairo, for vector and scaled outputs; a
 * merged commune filled as one piece (gb_map_merged_shape()), as on an image. */
static void
draw_base (GbMapRenderer    *self,
           cairo_t          *cr,
           const GbMapFrame *f,
           GArray          **buckets)
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
        {
          guint i = g_array_index (buckets[l], guint, k);
          const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

          /* A merged commune, once the gaps between its pieces could show: filled below. */
          if (f->borders && u->merged && u->level == GB_UNIT_LEVEL_COMMUNE &&
              gb_map_merged_shape (self, u) != NULL)
            continue;
          gb_map_emit_unit (self, cr, f, u);
        }
      fill_level (self, cr, l);
    }
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);

  /* Commune borders once communes are big enough to tell apart. */
  if (f->borders && self->high_contrast)
    stroke_level (self, cr, f, NULL, GB_UNIT_LEVEL_COMMUNE, 1.2, 0x000000, 1);
  else if (f->borders)
    stroke_level (self, cr, f, NULL, GB_UNIT_LEVEL_COMMUNE, 0.8, self->dark ? 0x111418 : 0xFFFFFF, 0.55);
  if (!f->borders)
    return;

  /* Then each merged commune as one piece, over its pieces' neighbours' borders and fills where
   * the census boundaries overlap, as on an image (gb_map_merged_pixels()): its region, once
   * (at its first piece in the frame). Its outline is drawn with the strokes. */
  for (guint l = 0; l < 5; l++)
    {
      gboolean any = FALSE;

      for (guint k = 0; k < buckets[l]->len; k++)
        {
          guint i = g_array_index (buckets[l], guint, k);
          const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);
          const GbMapShape *shape;

          if (u->merged && u->level == GB_UNIT_LEVEL_COMMUNE && gb_map_first_shown_piece (self, f, u) == i &&
              (shape = gb_map_merged_shape (self, u)) != NULL)
            {
              gb_map_emit_shape (cr, f, shape);
              any = TRUE;
            }
        }
      /* Opaque, as fills are unless a web map shows under them: a neighbour's border or fill
       * that crossed the unit is covered. */
      if (any)
        fill_level (self, cr, l);
    }
}

void
gb_map_renderer_draw (GbMapRenderer   *self,
                      cairo_t         *cr,
                      const GbMapView *view,
                      int              width,
                      int              height)
{
  GArray **buckets = self->buckets;
  GbMapFrame f;
  GbMapPixels px;
  gboolean any_declared = FALSE, pixels;

  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  gb_map_frame_init (&f, view, width, height);
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
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

      if (!gb_map_frame_shows (&f, u))
        continue;
      g_array_append_val (self->visible, i);
      any_declared |= (u->map_level & GB_LEVEL_DECLARED_FLAG) != 0;
      if (u->level == GB_UNIT_LEVEL_COMMUNE)
        g_array_append_val (buckets[u->map_level & ~GB_LEVEL_DECLARED_FLAG], i);
    }
  if (pixels)
    gb_map_draw_base_pixels (self, cr, &f, &px, buckets, any_declared);
  else
    draw_base (self, cr, &f, buckets);

  if (!pixels)
    {
      gb_map_draw_strokes (self, cr, &f, NULL, any_declared);
      gb_map_place_labels (self, cr, &f, NULL);
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
/* The next image, drawn a band of rows per frame while the view nears the edge of the one
 * shown, so that no frame of a pan draws a whole image. A frame spends about this many
 * microseconds on it (at least one band). */
#define NEXT_BUDGET_US 5000
#define NEXT_BAND_ROWS 64

static cairo_surface_t *
new_cache_image (int width,
                 int height)
{
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
}

/* The image for a view: the view and half a screen of margin on each side, so that many frames
 * of panning go by between drawings. */
static void
image_size (int  width,
            int  height,
            int *w,
            int *h)
{
  *w = width + MAX (width, height) / 2 * 2;
  *h = height + MAX (width, height) / 2 * 2;
}

/* Rows of the next image until the frame's budget is spent, or all of them (@all). */
static void
draw_next_rows (GbMapRenderer *self,
                gboolean       all)
{
  gint64 start = g_get_monotonic_time ();
  cairo_t *cr = cairo_create (self->next);

  do
    {
      int rows = MIN (NEXT_BAND_ROWS, self->next_h - self->next_row);

      cairo_save (cr);
      cairo_rectangle (cr, 0, self->next_row, self->next_w, rows);
      cairo_clip (cr);
      gb_map_renderer_draw (self, cr, &self->next_view, self->next_w, self->next_h);
      cairo_restore (cr);
      self->next_row += rows;
    }
  while (self->next_row < self->next_h && (all || g_get_monotonic_time () - start < NEXT_BUDGET_US));
  cairo_destroy (cr);
}

/* Where an image of @iw × @ih drawn for @at goes in the view's pixels. */
static void
image_offset (int              iw,
              int              ih,
              const GbMapView *at,
              const GbMapView *view,
              int              width,
              int              height,
              double          *ox,
              double          *oy)
{
  *ox = (at->cx - view->cx) * view->scale + (width - iw) / 2.0;
  *oy = (at->cy - view->cy) * view->scale + (height - ih) / 2.0;
}

static gboolean
image_covers (int    iw,
              int    ih,
              double ox,
              double oy,
              int    width,
              int    height)
{
  return ox <= 0 && oy <= 0 && ox + iw >= width && oy + ih >= height;
}

/* While the view pans within the image shown: once it comes within half a margin of an edge,
 * or while the image shown is the first one, without its margin (gb_map_renderer_is_growing()),
 * the next image, centred on the view, is drawn a band per frame, and shown when complete or
 * when the view leaves the one shown. Returns whether the next image is now shown. */
static gboolean
pan_ahead (GbMapRenderer   *self,
           const GbMapView *view,
           int              width,
           int              height)
{
  int margin = MAX (width, height) / 2, w, h;
  double ox, oy, nx, ny;
  gboolean leaving;

  image_size (width, height, &w, &h);
  image_offset (self->cache_w, self->cache_h, &self->cache_view, view, width, height, &ox, &oy);
  leaving = !image_covers (self->cache_w, self->cache_h, ox, oy, width, height);
  if (self->next != NULL)
    {
      image_offset (self->next_w, self->next_h, &self->next_view, view, width, height, &nx, &ny);
      if (self->next_version != self->version || self->next_view.scale != view->scale ||
          !image_covers (self->next_w, self->next_h, nx, ny, width, height))
        g_clear_pointer (&self->next, cairo_surface_destroy);
    }
  if (self->next == NULL && !leaving &&
      (self->cache_w < w || self->cache_h < h ||
       MIN (MIN (-ox, -oy), MIN (ox + self->cache_w - width, oy + self->cache_h - height)) < margin / 2))
    {
      self->next_w = MAX (w, self->cache_w);
      self->next_h = MAX (h, self->cache_h);
      self->next = new_cache_image (self->next_w, self->next_h);
      self->next_view = *view;
      self->next_row = 0;
      self->next_version = self->version;
    }
  if (self->next == NULL)
    return FALSE;
  draw_next_rows (self, leaving);
  if (self->next_row < self->next_h)
    return FALSE;
  cairo_surface_flush (self->next);
  cairo_surface_destroy (self->cache);
  self->cache = g_steal_pointer (&self->next);
  self->growing = FALSE;
  self->cache_w = self->next_w;
  self->cache_h = self->next_h;
  self->cache_view = self->next_view;
  self->cache_version = self->next_version;
  return TRUE;
}

/**
 * gb_map_renderer_get_cache:
 * @ox, @oy: (out): where the image goes in the view's pixels
 * @redrawn: (out) (optional): whether the image was drawn anew (a widget makes a new texture)
 *
 * The image that covers the view and a margin around it, drawn again only when the scale, the
 * data, the levels or the size changed. Panning moves it, and draws the next one ahead a band
 * per call as the view nears its edge (see pan_ahead()).
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
  gboolean swapped = FALSE, stale = TRUE;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), NULL);
  g_return_val_if_fail (view != NULL && ox != NULL && oy != NULL, NULL);

  if (self->cache != NULL && self->cache_version == self->version && self->cache_view.scale == view->scale &&
      self->cache_w >= width && self->cache_h >= height)
    {
      swapped = pan_ahead (self, view, width, height);
      image_offset (self->cache_w, self->cache_h, &self->cache_view, view, width, height, ox, oy);
      stale = !image_covers (self->cache_w, self->cache_h, *ox, *oy, width, height);
    }

  if (stale)
    {
      cairo_t *ccr;
      int w, h;

      image_size (width, height, &w, &h);
      /* The first image a widget shows covers the view only: a quarter of the pixels to draw
       * and hand over, a margin drawn after it band by band (see pan_ahead()). So does the one
       * after a date step (new levels at the same scale): the step's frame draws the view, not
       * five times its pixels, and a played timeline never draws a margin it drops at once. */
      self->growing = (self->view_first ||
                       (self->cache != NULL && self->cache_version != self->version &&
                        self->cache_view.scale == view->scale)) &&
                      self->units->len > 0;
      if (self->growing)
        {
          w = width;
          h = height;
          self->view_first = FALSE;
        }
      g_clear_pointer (&self->next, cairo_surface_destroy);
      /* An image of the same size that nobody else holds (no texture made from it) is drawn
       * again in place, as on a date step of a renderer used alone: a new one of 46 MB at
       * 1920×1080 cost its allocation and the kernel's zeroing of 11,000 pages. An image handed
       * out is never drawn into: a new one is made. */
      if (self->cache != NULL && (self->cache_w != w || self->cache_h != h ||
                                  cairo_surface_get_reference_count (self->cache) != 1))
        g_clear_pointer (&self->cache, cairo_surface_destroy);
      self->cache_w = w;
      self->cache_h = h;
      /* Cleared only for a map over a web map: with its ground, gb_map_renderer_draw() paints
       * every pixel (a clear of 33 MB was a third of a date step at 1920×1080). */
      if (self->cache != NULL && !self->background)
        {
          cairo_surface_flush (self->cache);
          memset (cairo_image_surface_get_data (self->cache), 0,
                  (gsize) cairo_image_surface_get_stride (self->cache) * h);
          cairo_surface_mark_dirty (self->cache);
        }
      else
        self->cache = new_cache_image (w, h);
      self->cache_view = *view;
      self->cache_version = self->version;
      ccr = cairo_create (self->cache);
      gb_map_renderer_draw (self, ccr, view, self->cache_w, self->cache_h);
      cairo_destroy (ccr);
      cairo_surface_flush (self->cache);
      swapped = TRUE;
    }
  if (redrawn)
    *redrawn = swapped;
  *ox = round ((self->cache_view.cx - view->cx) * view->scale + (width - self->cache_w) / 2.0);
  *oy = round ((self->cache_view.cy - view->cy) * view->scale + (height - self->cache_h) / 2.0);
  return self->cache;
}

/**
 * gb_map_renderer_is_growing:
 *
 * Returns: whether the image shown is the first one without its margin
 *   (gb_map_renderer_adopt()): a widget asks for frames until it is drawn
 *   (gb_map_renderer_get_cache() draws it a band a call)
 */
gboolean
gb_map_renderer_is_growing (GbMapRenderer *self)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  return self->growing;
}

void
gb_map_renderer_draw_cached (GbMapRenderer   *self,
                             cairo_t         *cr,
                             const GbMapView *view,
                             int              width,
                             int              height)
{
  cairo_surface_t *cache;
  double ox, oy;

  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL && view != NULL);

  cache = gb_map_renderer_get_cache (self, view, width, height, &ox, &oy, NULL);

  cairo_save (cr);
  cairo_set_source_surface (cr, cache, ox, oy);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* The naming piece of the unit @code is drawn as, when the view shows any piece of it. */
static GbMapUnit *
shown_in_view (GbMapRenderer *self, const GbMapView *view, int width, int height, const char *code,
               GbMapFrame *f)
{
  GbMapUnit *u = gb_map_renderer_find_shown (self, code);

  gb_map_frame_init (f, view, width, height);
  for (guint i = u ? u->group : G_MAXUINT; i != G_MAXUINT; i = g_array_index (self->units, GbMapUnit, i).next_piece)
    if (gb_map_frame_shows (f, &g_array_index (self->units, GbMapUnit, i)))
      return u;
  return NULL;
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
  GbMapUnit *u;
  GbMapFrame f;

  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL && view != NULL);

  if ((u = shown_in_view (self, view, width, height, code, &f)) == NULL)
    return;
  cairo_save (cr);
  gb_draw_set_source_hex (cr, self->dark ? 0xFFFFFF : 0x0B4F8A, 1);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  gb_map_stroke_unit (self, cr, &f, u, 3.5);
  cairo_restore (cr);
}

/**
 * gb_map_renderer_draw_flag:
 *
 * Marks one unit whose numbers wait for review (gb-store-review.h): a dashed outline and a
 * badge with "!" where its name goes, so the colour under it reads as provisional.
 */
void
gb_map_renderer_draw_flag (GbMapRenderer   *self,
                           cairo_t         *cr,
                           const GbMapView *view,
                           int              width,
                           int              height,
                           const char      *code)
{
  const double dash[] = { 5, 3 };
  GbMapUnit *u;
  GbMapFrame f;
  double x, y, r = 8;

  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL && view != NULL);

  if ((u = shown_in_view (self, view, width, height, code, &f)) == NULL)
    return;
  cairo_save (cr);
  gb_draw_set_source_hex (cr, 0xA21CAF, 1);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  gb_map_stroke_unit (self, cr, &f, u, 2);
  cairo_set_dash (cr, NULL, 0, 0);
  x = ((u->lx != 0 || u->ly != 0 ? u->lx : (u->x0 + u->x1) / 2) - f.cx) * f.scale + f.hw;
  y = ((u->lx != 0 || u->ly != 0 ? u->ly : (u->y0 + u->y1) / 2) - f.cy) * f.scale + f.hh - 2 * r;
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  gb_draw_set_source_hex (cr, 0xA21CAF, 1);
  cairo_fill_preserve (cr);
  gb_draw_set_source_hex (cr, 0xFFFFFF, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 12);
  cairo_move_to (cr, x - 2, y + 4.5);
  cairo_show_text (cr, "!");
  cairo_restore (cr);
}
