/* gb-map-renderer-labels.c — the names of districts and communes
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gb-draw.h"
#include "gb-map-renderer-private.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A premultiplied image over the pixels (OVER), its corner at x, y. */
static void
composite_image (const GbMapPixels *px,
                 cairo_surface_t   *image,
                 int                x,
                 int                y)
{
  const guint8 *m = cairo_image_surface_get_data (image);
  int ms = cairo_image_surface_get_stride (image);
  int x0 = MAX (x, px->t.x0), x1 = MIN (x + cairo_image_surface_get_width (image), px->t.x1);
  int y0 = MAX (y, px->t.y0), y1 = MIN (y + cairo_image_surface_get_height (image), px->t.y1);

  for (int yy = y0; yy < y1; yy++)
    {
      const guint32 *srow = (const guint32 *) (m + (gsize) (yy - y) * ms) - x;
      guint32 *row = (guint32 *) (px->t.data + (gsize) yy * px->t.stride);

      int xx = x0;

#ifdef __SSE2__
      /* Four pixels at a time, skipping the empty ones and copying the opaque ones as the
       * loop below does, the rest blended with the same rounding: the same pixels. */
      for (; xx + 4 <= x1; xx += 4)
        {
          __m128i s = _mm_loadu_si128 ((const __m128i *) (srow + xx));
          __m128i sa = _mm_and_si128 (s, _mm_set1_epi32 ((int) 0xff000000));
          __m128i zero = _mm_setzero_si128 (), d, inv, lo, hi;

          if (_mm_movemask_epi8 (_mm_cmpeq_epi32 (sa, zero)) == 0xffff)
            continue;
          if (_mm_movemask_epi8 (_mm_cmpeq_epi32 (sa, _mm_set1_epi32 ((int) 0xff000000))) == 0xffff)
            {
              _mm_storeu_si128 ((__m128i *) (row + xx), s);
              continue;
            }
          d = _mm_loadu_si128 ((const __m128i *) (row + xx));
          /* 255 − alpha in the four 16-bit channels of each pixel. */
          inv = _mm_sub_epi16 (_mm_set1_epi16 (255), _mm_srli_epi32 (s, 24));
          inv = _mm_shufflelo_epi16 (inv, _MM_SHUFFLE (2, 2, 0, 0));
          inv = _mm_shufflehi_epi16 (inv, _MM_SHUFFLE (2, 2, 0, 0));
          lo = _mm_mullo_epi16 (_mm_unpacklo_epi8 (d, zero), _mm_unpacklo_epi32 (inv, inv));
          hi = _mm_mullo_epi16 (_mm_unpackhi_epi8 (d, zero), _mm_unpackhi_epi32 (inv, inv));
          lo = _mm_add_epi16 (lo, _mm_set1_epi16 (0x80));
          hi = _mm_add_epi16 (hi, _mm_set1_epi16 (0x80));
          lo = _mm_srli_epi16 (_mm_add_epi16 (lo, _mm_srli_epi16 (lo, 8)), 8);
          hi = _mm_srli_epi16 (_mm_add_epi16 (hi, _mm_srli_epi16 (hi, 8)), 8);
          _mm_storeu_si128 ((__m128i *) (row + xx), _mm_add_epi8 (s, _mm_packus_epi16 (lo, hi)));
        }
#endif
      for (; xx < x1; xx++)
        {
          guint32 s = srow[xx], sa = s >> 24;

          if (sa == 0xff)
            row[xx] = s;
          else if (sa != 0)
            row[xx] = s + gb_map_scale_pixel (row[xx], 255 - sa);
        }
    }
}

static void
draw_label (cairo_t         *cr,
            const GbMapUnit *u,
            double           x,
            double           y,
            gboolean         dark)
{
  /* A light shadow under the text keeps it readable on every colour. */
  gb_draw_set_source_hex (cr, dark ? 0x111418 : 0xFFFFFF, 0.85);
  cairo_move_to (cr, x + 1, y + 1);
  pango_cairo_show_layout (cr, u->label);
  gb_draw_set_source_hex (cr, dark ? 0xF5F5F5 : 0x111418, 1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, u->label);
}

/* The name's layout, shaped and measured once. */
static void
ensure_label (GbMapUnit             *u,
              cairo_t               *cr,
              PangoFontDescription **font,
              double                 px)
{
  PangoRectangle logical;

  if (u->label != NULL)
    return;
  if (*font == NULL)
    *font = pango_font_description_from_string ("Sans");
  /* Read on a shared screen: districts 2 px larger than communes. */
  pango_font_description_set_absolute_size (*font, (u->level == GB_UNIT_LEVEL_DISTRICT ? px + 2 : px) * PANGO_SCALE);
  pango_font_description_set_weight (*font, u->level == GB_UNIT_LEVEL_DISTRICT ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  u->label = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (u->label, *font);
  pango_layout_set_text (u->label, u->shown_name, -1);
  pango_layout_get_pixel_extents (u->label, NULL, &logical);
  u->label_w = MAX (logical.width, 1);
  u->label_h = logical.height;
}

/* The name with its shadow drawn once into an image: a frame then only blends that image,
 * where showing the layout twice went through Pango and Cairo's glyph compositing for every
 * name. Names sit on whole pixels, so the image is what showing the layout there would draw. */
static cairo_surface_t *
ensure_label_image (GbMapUnit *u,
                    gboolean   dark)
{
  PangoRectangle logical;
  cairo_surface_t *big;
  cairo_t *icr;
  const guint8 *data;
  int pad, w, h, stride, x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;

  if (u->label_image != NULL && u->label_dark == dark)
    return u->label_image;
  g_clear_pointer (&u->label_image, cairo_surface_destroy);
  /* Pango's ink extents leave out some marks (the tilde over "Ỗ"): draw with room all around,
   * then keep the pixels actually drawn. */
  pango_layout_get_pixel_extents (u->label, NULL, &logical);
  pad = MAX (logical.height, 4);
  w = logical.width + 2 * pad;
  h = logical.height + 2 * pad;
  big = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  icr = cairo_create (big);
  draw_label (icr, u, pad - logical.x, pad - logical.y, dark);
  cairo_destroy (icr);
  cairo_surface_flush (big);
  data = cairo_image_surface_get_data (big);
  stride = cairo_image_surface_get_stride (big);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (((const guint32 *) (data + y * stride))[x] != 0)
        {
          x0 = MIN (x0, x); y0 = MIN (y0, y);
          x1 = MAX (x1, x); y1 = MAX (y1, y);
        }
  if (x1 < 0)
    x0 = y0 = x1 = y1 = 0;
  u->label_mx = x0 - (pad - logical.x);
  u->label_my = y0 - (pad - logical.y);
  u->label_dark = dark;
  u->label_image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, x1 - x0 + 1, y1 - y0 + 1);
  for (int y = y0; y <= y1; y++)
    memcpy (cairo_image_surface_get_data (u->label_image) + (y - y0) * cairo_image_surface_get_stride (u->label_image),
            data + y * stride + 4 * x0, 4 * (x1 - x0 + 1));
  cairo_surface_mark_dirty (u->label_image);
  cairo_surface_destroy (big);
  return u->label_image;
}

/* Puts @u's name with its corner at x, y unless it clashes with a name placed before. */
static gboolean
try_place (GbMapRenderer     *self,
           cairo_t           *cr,
           const GbMapFrame  *f,
           const GbMapPixels *px,
           GbMapUnit         *u,
           double             x,
           double             y)
{
  GArray *placed = self->placed;
  double r[4] = { x - 2, y - 1, x + u->label_w + 2, y + u->label_h + 1 };

  if (r[2] < 0 || r[0] > 2 * f->hw || r[3] < 0 || r[1] > 2 * f->hh)
    return FALSE;
  for (guint j = 0; j < placed->len; j++)
    {
      const double *o = &g_array_index (placed, double, 4 * j);

      if (r[0] < o[2] && o[0] < r[2] && r[1] < o[3] && o[1] < r[3])
        return FALSE;
    }
  g_array_append_vals (placed, r, 1);
  g_ptr_array_add (self->placed_codes, (gpointer) u->shown_code);
  if (px)
    {
      GbMapLabelAt at;

      at.image = ensure_label_image (u, self->dark);   /* sets label_mx, label_my */
      at.x = (int) lround (x + px->ox - f->hw) + u->label_mx;
      at.y = (int) lround (y + px->oy - f->hh) + u->label_my;
      g_array_append_val (self->label_at, at);
    }
  else
    draw_label (cr, u, x, y, self->dark);
  return TRUE;
}

/* Where the names go, each where it clashes with none placed before: districts big enough to
 * hold theirs; then the communes at level 3 or 4 (or declared), inside when they are big
 * enough, else beside (a city's small wards are where the cases are, and must be read); then
 * the other communes big enough. On an image the names are only placed here (their images
 * drawn if need be, and listed in label_at for composite_labels()); anywhere else they are
 * drawn with Pango. Only on the thread that draws (Pango), and it touches no pixel of an
 * image, so it can run while another thread fills the polygons. */
/* The Hoàng Sa and Trường Sa archipelagos (the island districts of Đà Nẵng and Khánh Hòa, GSO
 * 498 and 576): maps published in Việt Nam always name them, so they are named at every zoom,
 * first, however few pixels their islands take. */
static gboolean
is_archipelago (const GbMapUnit *u)
{
  return u->level == GB_UNIT_LEVEL_DISTRICT && (g_strcmp0 (u->code, "498") == 0 || g_strcmp0 (u->code, "576") == 0);
}

static void
place_archipelagos (GbMapRenderer     *self,
                    cairo_t           *cr,
                    const GbMapFrame  *f,
                    const GbMapPixels *px,
                    PangoFontDescription **font)
{
  for (guint k = 0; k < self->visible->len; k++)
    {
      GbMapUnit *u = &g_array_index (self->units, GbMapUnit, g_array_index (self->visible, guint, k));
      double cx, top, bottom;

      if (!is_archipelago (u) || u->shown_name == NULL)
        continue;
      ensure_label (u, cr, font, self->label_px);
      cx = ((u->x0 + u->x1) / 2 - f->cx) * f->scale + f->hw;
      top = (u->y0 - f->cy) * f->scale + f->hh;
      bottom = (u->y1 - f->cy) * f->scale + f->hh;
      /* Under the islands, else over them, else across them. */
      if (!try_place (self, cr, f, px, u, round (cx - u->label_w / 2.0), round (bottom + 3)) &&
          !try_place (self, cr, f, px, u, round (cx - u->label_w / 2.0), round (top - 3 - u->label_h)))
        try_place (self, cr, f, px, u, round (cx - u->label_w / 2.0), round ((top + bottom - u->label_h) / 2));
    }
}

void
gb_map_place_labels (GbMapRenderer     *self,
                     cairo_t           *cr,
                     const GbMapFrame  *f,
                     const GbMapPixels *px)
{
  PangoFontDescription *font = NULL;
  guint beside = 0;

  g_array_set_size (self->placed, 0);
  g_array_set_size (self->label_at, 0);
  g_ptr_array_set_size (self->placed_codes, 0);
  place_archipelagos (self, cr, f, px, &font);
  for (int pass = 0; pass < 3; pass++)
    for (guint k = 0; k < self->visible->len; k++)
      {
        GbMapUnit *u = &g_array_index (self->units, GbMapUnit, g_array_index (self->visible, guint, k));
        double bw = (u->x1 - u->x0) * f->scale, bh = (u->y1 - u->y0) * f->scale, cx, cy;
        gboolean urgent = (u->map_level & ~GB_LEVEL_DECLARED_FLAG) >= GB_LEVEL_3 || (u->map_level & GB_LEVEL_DECLARED_FLAG);

        /* Beside-names only for units a few pixels wide, and a bounded number of them: at the
         * scale of the country thousands of communes are a pixel or two and named by none. */
        /* A unit of the date is named once, on its largest piece. */
        if (u->shown_name == NULL || is_archipelago (u) || u->group != g_array_index (self->visible, guint, k) ||
            (int) u->level != (pass == 0 ? GB_UNIT_LEVEL_DISTRICT : GB_UNIT_LEVEL_COMMUNE) ||
            (pass == 1 && !urgent) || (pass == 2 && urgent) || (pass != 1 && bw < 60) || bw < 4 ||
            (pass == 1 && bw < 60 && beside >= 32))
          continue;
        /* Shaping costs more than drawing: each name is laid out once and kept. */
        ensure_label (u, cr, &font, self->label_px);
        cx = (u->lx - f->cx) * f->scale + f->hw;
        cy = (u->ly - f->cy) * f->scale + f->hh;
        if (bw >= 60 && u->label_w <= bw * 0.9)
          try_place (self, cr, f, px, u, round (cx - u->label_w / 2.0), round (cy - u->label_h / 2.0));
        else if (pass == 1)
          {
            /* Beside its box: right, else left, else below. */
            double right = (u->x1 - f->cx) * f->scale + f->hw + 3, left = (u->x0 - f->cx) * f->scale + f->hw - 3;

            beside++;
            if (!try_place (self, cr, f, px, u, round (right), round (cy - u->label_h / 2.0)) &&
                !try_place (self, cr, f, px, u, round (left - u->label_w), round (cy - u->label_h / 2.0)))
              try_place (self, cr, f, px, u, round (cx - u->label_w / 2.0), round (cy + bh / 2 + 2));
          }
      }
  if (font)
    pango_font_description_free (font);
}

/* The placed names over the pixels of @px's box. */
void
gb_map_composite_labels (GbMapRenderer     *self,
                         const GbMapPixels *px)
{
  for (guint k = 0; k < self->label_at->len; k++)
    {
      const GbMapLabelAt *at = &g_array_index (self->label_at, GbMapLabelAt, k);

      composite_image (px, at->image, at->x, at->y);
    }
}

/**
 * gb_map_renderer_draw_mark:
 * @text: a short value ("2→4")
 * @rgb: its colour, 0xRRGGBB
 * @size: the font size in pixels
 *
 * Writes @text at the centre of @code's bounds, bold with a white halo so it reads on any
 * fill: a shared screen shows values, not hover.
 */
void
gb_map_renderer_draw_mark (GbMapRenderer   *self,
                           cairo_t         *cr,
                           const GbMapView *view,
                           int              width,
                           int              height,
                           const char      *code,
                           const char      *text,
                           guint32          rgb,
                           double           size)
{
  double x0, y0, x1, y1, px, py;
  PangoLayout *layout;
  PangoFontDescription *font;
  int tw, th;

  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL && view != NULL && code != NULL && text != NULL);

  if (!gb_map_renderer_get_bounds (self, code, &x0, &y0, &x1, &y1))
    return;
  px = ((x0 + x1) / 2 - view->cx) * view->scale + width / 2.0;
  py = ((y0 + y1) / 2 - view->cy) * view->scale + height / 2.0;
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans Bold");
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_save (cr);
  cairo_move_to (cr, px - tw / 2.0, py - th / 2.0);
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, MAX (2.0, size / 4));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, px - tw / 2.0, py - th / 2.0);
  gb_draw_set_source_hex (cr, rgb, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  pango_font_description_free (font);
  g_object_unref (layout);
}
