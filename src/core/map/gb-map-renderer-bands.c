/* gb-map-renderer-bands.c — a frame's fills, borders and names in bands of rows
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "gb-map-renderer-private.h"

static void
fill_unit (GbMapRenderer       *self,
           GbRaster            *raster,
           const GbMapFrame    *f,
           const GbMapPixels   *px,
           const GbMapUnit     *u,
           const GbRasterPaint *paint)
{
  const double *pts = (const double *) self->pts[f->lod]->data;
  double w = (u->x1 - u->x0) * f->scale, h = (u->y1 - u->y0) * f->scale;

  if (!gb_map_pixels_touch (f, px, u))
    return;
  gb_raster_begin (raster, &px->t);
  /* Smaller than a pixel or two: its box is all that can be seen of it (as emit_unit). */
  if (w < 1.5 && h < 1.5)
    {
      double x0 = (u->x0 - f->cx) * f->scale + px->ox, y0 = (u->y0 - f->cy) * f->scale + px->oy;
      double x1 = x0 + MAX (w, 1.0), y1 = y0 + MAX (h, 1.0);
      double box[8] = { x0, y0, x1, y0, x1, y1, x0, y1 };

      gb_raster_add_ring (raster, box, 4, 1, 0, 0);
    }
  else
    for (guint r = 0; r < u->n_rings; r++)
      {
        const GbMapRing *ring = &g_array_index (self->rings, GbMapRing, u->ring_start + r);

        gb_raster_add_ring (raster, pts + 2 * ring->start[f->lod], ring->count[f->lod], f->scale,
                            px->ox - f->cx * f->scale, px->oy - f->cy * f->scale);
      }
  gb_raster_fill (raster, &px->t, paint);
}

/* A frame's fills and borders cut into bands of rows that two threads take in turn, the
 * first ones tallest: few bands (each costs the polygons and borders that cross into it once
 * more), yet the thread that finishes first waits at most for a short last band. Their
 * heights go as N_BANDS, N_BANDS − 1, … 1. */
#define N_BANDS 5

typedef struct
{
  GbMapRenderer       *self;
  const GbMapFrame         *f;
  const GbMapPixels        *px;
  GArray             **buckets;
  const GbRasterPaint *paints;      /* per level */
  const GbRasterPaint *ground;      /* the plain ground first, or NULL */
  int                  n;           /* bands */
  int                  next;        /* the next band to take (atomic) */
  gboolean             listed;      /* list_border_arcs() is done (under lock) */
  gboolean             placed;      /* place_labels() is done (atomic) */
  gboolean             labelled[N_BANDS];   /* the band's names are composited */
  /* For the outlines drawn with Cairo in each band: the image, and the state of the caller's
   * context they are drawn with. */
  cairo_format_t       format;
  int                  width;
  double               tx, ty;      /* user space to the image's pixels */
  cairo_antialias_t    antialias;
  cairo_operator_t     op;
  double               tolerance;
  gboolean             any_declared;
  GMutex               lock;
  GCond                cond;
} Bands;

/* The outlines of draw_strokes() over one band, on an image of its rows alone: Cairo then
 * works on that band's part of each path, and two threads draw at once without sharing a
 * Cairo object. The rows are whole, so each pixel is what drawing on the whole image gives. */
static void
band_strokes (Bands             *b,
              const GbMapPixels *px)
{
  int rows = px->t.y1 - px->t.y0;
  cairo_surface_t *band;
  cairo_t *cr;

  if (rows <= 0 || px->t.x0 >= px->t.x1)
    return;
  band = cairo_image_surface_create_for_data (px->t.data + (gsize) px->t.y0 * px->t.stride, b->format, b->width, rows,
                                              px->t.stride);
  cr = cairo_create (band);
  cairo_rectangle (cr, px->t.x0, 0, px->t.x1 - px->t.x0, rows);
  cairo_clip (cr);
  cairo_translate (cr, b->tx, b->ty - px->t.y0);
  cairo_set_antialias (cr, b->antialias);
  cairo_set_operator (cr, b->op);
  cairo_set_tolerance (cr, b->tolerance);
  gb_map_draw_strokes (b->self, cr, b->f, px, b->any_declared);
  cairo_destroy (cr);
  cairo_surface_destroy (band);
}

/* @px cut to the rows of @band. */
static void
band_rows (const Bands *b,
           int          band,
           GbMapPixels *px)
{
  int y0 = b->px->t.y0, h = b->px->t.y1 - b->px->t.y0;

  *px = *b->px;
  /* Rows before this band: the first `band` of the heights n, n − 1, … 1, of n(n + 1)/2. */
  px->t.y0 = y0 + h * (band * (2 * b->n - band + 1) / 2) / (b->n * (b->n + 1) / 2);
  px->t.y1 = y0 + h * ((band + 1) * (2 * b->n - band) / 2) / (b->n * (b->n + 1) / 2);
}

static void
draw_bands (Bands    *b,
            GbRaster *raster)
{
  GbMapRenderer *self = b->self;
  int band;

  while ((band = g_atomic_int_add (&b->next, 1)) < b->n)
    {
      GbMapPixels px;

      band_rows (b, band, &px);
      /* The ground here rather than a paint of the whole image first: in parallel, and each
       * band's rows are still in the cache for the fills. */
      if (b->ground)
        gb_raster_fill_box (&px.t, b->ground);
      for (guint l = 0; l < 5; l++)
        {
          const double *rows = (const double *) self->bucket_rows[l]->data;

          for (guint k = 0; k < b->buckets[l]->len; k++)
            if (rows[2 * k + 1] >= px.t.y0 - 1 && rows[2 * k] <= px.t.y1 + 1)
              fill_unit (self, raster, b->f, &px, &g_array_index (self->units, GbMapUnit, g_array_index (b->buckets[l], guint, k)),
                         &b->paints[l]);
        }
      /* 0.8 = 1 − 0.45²: the pixel borders once blended most pixels twice at 0.55 (as the end
       * of a segment and the start of the next); each pixel once at 0.8 looks the same. */
      if (b->f->borders)
        {
          /* The arcs are listed by the other thread meanwhile: a band's fills take longer. */
          if (!g_atomic_int_get (&b->listed))
            {
              g_mutex_lock (&b->lock);
              while (!b->listed)
                g_cond_wait (&b->cond, &b->lock);
              g_mutex_unlock (&b->lock);
            }
          if (self->high_contrast)
            gb_map_fast_borders (self, b->f, &px, 0x000000, 1);
          else
            gb_map_fast_borders (self, b->f, &px, self->dark ? 0x111418 : 0xFFFFFF, 0.8);
          /* Merged communes as one piece each, over their pieces and the borders crossing
           * them, with their outer border. */
          if (self->high_contrast)
            gb_map_merged_pixels (self, raster, b->f, &px, b->paints, 0x000000, 1);
          else
            gb_map_merged_pixels (self, raster, b->f, &px, b->paints, self->dark ? 0x111418 : 0xFFFFFF, 0.55);
        }
      band_strokes (b, &px);
      /* The names over the band while its rows are in the cache, and in parallel rather than
       * after both threads are done. If they are not placed yet (shaping new names takes
       * long), the band is left for the caller to finish once the threads are done. */
      if (g_atomic_int_get (&b->placed))
        {
          gb_map_composite_labels (self, &px);
          b->labelled[band] = TRUE;
        }
    }
}

static gpointer
band_thread (gpointer data)
{
  Bands *b = data;

  draw_bands (b, b->self->raster[1]);
  return NULL;
}

/* The same straight into the image's pixels: each polygon filled by the rasterizer in its
 * level's colour, then the borders, then draw_strokes() with Cairo, then the names placed by
 * place_labels(), band by band. On a large image, when a core is free, a second thread takes
 * bands too (and the names are placed meanwhile); the bands are taken in turn rather than
 * split in halves in advance, so that a second thread that starts late only takes less. */
void
gb_map_draw_base_pixels (GbMapRenderer     *self,
                         cairo_t           *cr,
                         const GbMapFrame  *f,
                         const GbMapPixels *px,
                         GArray           **buckets,
                         gboolean           any_declared)
{
  cairo_surface_t *target = cairo_get_target (cr);
  GbRasterPaint paints[5] = { { 0 } };
  GbRasterPaint ground = { 0xff000000 | (self->dark ? 0x1B1E22 : 0xEEF1F4), NULL, 0, 0 };
  Bands bands = { self, f, px, buckets, paints, self->background ? &ground : NULL, 1, 0 };

  cairo_surface_flush (target);
  bands.format = cairo_image_surface_get_format (target);
  bands.width = cairo_image_surface_get_width (target);
  bands.tx = px->ox - f->hw;
  bands.ty = px->oy - f->hh;
  bands.antialias = cairo_get_antialias (cr);
  bands.op = cairo_get_operator (cr);
  bands.tolerance = cairo_get_tolerance (cr);
  bands.any_declared = any_declared;
  for (guint l = 0; l < 5; l++)
    if (gb_map_renderer_fill_is_tile (self, l))
      {
        paints[l].tile = gb_map_renderer_fill_tile (self, l);
        paints[l].tile_dx = px->tile_dx;
        paints[l].tile_dy = px->tile_dy;
      }
    else
      paints[l].color = gb_map_scale_pixel (0xff000000 | gb_map_renderer_level_rgb (self, l), self->background ? 255 : 191);
  /* The rows of each commune's bounds, its columns tested once, for each band's pass over
   * them (as touches() computes them): reading every GbMapUnit again cost each band more. */
  for (guint l = 0; l < 5; l++)
    {
      double *rows;

      g_array_set_size (self->bucket_rows[l], 2 * buckets[l]->len);
      rows = (double *) self->bucket_rows[l]->data;
      for (guint k = 0; k < buckets[l]->len; k++)
        {
          const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, g_array_index (buckets[l], guint, k));

          rows[2 * k] = (u->x1 - f->cx) * f->scale + px->ox >= px->t.x0 - 1 && (u->x0 - f->cx) * f->scale + px->ox <= px->t.x1 + 1
                        ? (u->y0 - f->cy) * f->scale + px->oy : INFINITY;
          rows[2 * k + 1] = (u->y1 - f->cy) * f->scale + px->oy;
        }
    }
  if (px->t.y1 - px->t.y0 >= 300 && gb_map_second_core_free ())
    {
      GbMapJob job;

      bands.n = N_BANDS;
      g_mutex_init (&bands.lock);
      g_cond_init (&bands.cond);
      gb_map_job_start (&job, band_thread, &bands);
      /* The border arcs are listed and the names placed meanwhile; this thread then takes
       * bands too. */
      if (f->borders)
        gb_map_list_border_arcs (self, f, px);
      g_mutex_lock (&bands.lock);
      g_atomic_int_set (&bands.listed, TRUE);
      g_cond_broadcast (&bands.cond);
      g_mutex_unlock (&bands.lock);
      gb_map_place_labels (self, cr, f, px);
      g_atomic_int_set (&bands.placed, TRUE);
      draw_bands (&bands, self->raster[0]);
      gb_map_job_wait (&job);
      for (int band = 0; band < bands.n; band++)
        if (!bands.labelled[band])
          {
            GbMapPixels rows;

            band_rows (&bands, band, &rows);
            gb_map_composite_labels (self, &rows);
          }
      g_mutex_clear (&bands.lock);
      g_cond_clear (&bands.cond);
    }
  else
    {
      if (f->borders)
        gb_map_list_border_arcs (self, f, px);
      bands.listed = TRUE;
      gb_map_place_labels (self, cr, f, px);
      bands.placed = TRUE;
      draw_bands (&bands, self->raster[0]);
    }
  cairo_surface_mark_dirty (target);
}
