/* gb-slide-draw.c — what every slide is drawn with: colours, text that shrinks to fit its box,
 * the frame (title, rule, footer) and the figure cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gb-slide-deck-private.h"
#include "gb-text.h"

void
gb_slide_set_rgb (cairo_t *cr,
                  Rgb      c)
{
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
}

Rgb
gb_slide_hex (guint32 v)
{
  return (Rgb) { ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0 };
}

static PangoLayout *
text_layout (Ctx           *x,
             const char    *markup,
             double         size,
             double         width,
             PangoAlignment align,
             gboolean       bold)
{
  PangoLayout *layout = pango_cairo_create_layout (x->cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string ("Noto Sans, Liberation Sans, sans");

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

/* Notes a text of @size px drawn, for the render's check (in px at 720 lines). */
void
gb_slide_note_size (Ctx   *x,
                    double size)
{
  double at720 = size / x->u;

  if (x->check != NULL && (x->check->smallest == 0 || at720 < x->check->smallest))
    x->check->smallest = at720;
}

/* Draws @markup inside the box, shrinking down to the smallest size readable after video
 * compression; returns the height used. */
double
gb_slide_draw_text (Ctx           *x,
                    const char    *markup,
                    double         bx,
                    double         by,
                    double         bw,
                    double         bh,
                    double         size,
                    PangoAlignment align,
                    gboolean       bold,
                    Rgb            color)
{
  double min_size = GB_SLIDE_MIN_TEXT * x->u;
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle ink, logical;
  gboolean fits = FALSE;

  for (;;)
    {
      g_clear_object (&layout);
      layout = text_layout (x, markup, size, bw, align, bold);
      pango_layout_get_pixel_extents (layout, &ink, &logical);
      fits = logical.height <= bh + 0.5 && logical.width <= bw + 0.5 && !pango_layout_is_ellipsized (layout);
      if (fits || size <= min_size)
        break;
      size = MAX (min_size, size * 0.92);
    }
  gb_slide_note_size (x, size);
  if (x->check != NULL)
    {
      x->check->boxes++;
      if (!fits)
        {
          x->check->clipped++;
          g_debug ("slide text cut: %s", markup);
        }
      if (x->check->texts != NULL)
        g_string_append_printf (x->check->texts, "%s\n", pango_layout_get_text (layout));
    }
  if (!fits)
    {
      pango_layout_set_height (layout, (int) (bh * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_extents (layout, &ink, &logical);
    }
  gb_slide_set_rgb (x->cr, color);
  cairo_move_to (x->cr, bx, by);
  pango_cairo_show_layout (x->cr, layout);
  return MIN (logical.height, bh);
}

/* Whether @markup fits the box at the smallest allowed size, without drawing it. */
gboolean
gb_slide_text_fits (Ctx        *x,
                    const char *markup,
                    double      bw,
                    double      bh)
{
  g_autoptr(PangoLayout) layout = text_layout (x, markup, GB_SLIDE_MIN_TEXT * x->u, bw, PANGO_ALIGN_LEFT, FALSE);
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.height <= bh + 0.5 && logical.width <= bw + 0.5;
}

/* The height @markup takes at @size in a box @bw wide. */
double
gb_slide_text_height (Ctx        *x,
                      const char *markup,
                      double      bw,
                      double      size)
{
  g_autoptr(PangoLayout) layout = text_layout (x, markup, size, bw, PANGO_ALIGN_LEFT, FALSE);
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.height;
}

void
gb_slide_fill_rect (Ctx   *x,
                    double rx,
                    double ry,
                    double rw,
                    double rh,
                    Rgb    color)
{
  gb_slide_set_rgb (x->cr, color);
  cairo_rectangle (x->cr, rx, ry, rw, rh);
  cairo_fill (x->cr);
}

char *
gb_slide_esc (const char *s)
{
  return g_markup_escape_text (s ? s : "", -1);
}

void
gb_slide_draw_frame (Ctx         *x,
                     GbSlideDeck *deck,
                     guint        index,
                     const char  *title)
{
  g_autofree char *t = gb_slide_esc (title);
  g_autofree char *date = gb_format_short_date (deck->date);
  g_autofree char *footer = NULL;
  double m = 40 * x->u;

  gb_slide_fill_rect (x, 0, 0, x->w, x->h, x->bg);
  gb_slide_fill_rect (x, 0, 0, x->w, 12 * x->u, x->accent);
  gb_slide_draw_text (x, t, m, 28 * x->u, x->w - 2 * m, 56 * x->u, 40 * x->u, PANGO_ALIGN_LEFT, TRUE, x->fg);
  gb_slide_set_rgb (x->cr, x->line);
  cairo_set_line_width (x->cr, 3 * x->u);
  cairo_move_to (x->cr, m, 92 * x->u);
  cairo_line_to (x->cr, x->w - m, 92 * x->u);
  cairo_stroke (x->cr);

  footer = g_strdup_printf (_("Briefing of %s · data up to the end of %s%s · %u/%u"), date, date,
                            deck->situation->simulated ? _(" · includes simulated data") : "",
                            index + 1, deck->slides->len);
  {
    g_autofree char *fe = gb_slide_esc (footer);
    gb_slide_draw_text (x, fe, m, x->h - 44 * x->u, x->w - 2 * m, 34 * x->u, 20 * x->u, PANGO_ALIGN_RIGHT, FALSE, x->muted);
  }
}

void
gb_slide_stat_card (Ctx        *x,
                    double      cx,
                    double      cy,
                    double      cw,
                    double      ch,
                    const char *label,
                    const char *value,
                    const char *detail,
                    double      share,
                    double      target)
{
  double pad = 18 * x->u;
  double y = cy + pad;
  g_autofree char *l = gb_slide_esc (label);
  g_autofree char *v = gb_slide_esc (value);
  g_autofree char *d = gb_slide_esc (detail);

  gb_slide_fill_rect (x, cx, cy, cw, ch, x->card);
  y += gb_slide_draw_text (x, l, cx + pad, y, cw - 2 * pad, 34 * x->u, 24 * x->u, PANGO_ALIGN_LEFT, TRUE, x->muted) + 6 * x->u;
  y += gb_slide_draw_text (x, v, cx + pad, y, cw - 2 * pad, 72 * x->u, 60 * x->u, PANGO_ALIGN_LEFT, TRUE, x->fg) + 6 * x->u;
  if (!isnan (share))
    {
      double bw = cw - 2 * pad, bh = 16 * x->u;

      gb_slide_fill_rect (x, cx + pad, y, bw, bh, x->line);
      gb_slide_fill_rect (x, cx + pad, y, bw * CLAMP (share, 0, 1), bh, share >= target ? gb_slide_hex (0x0FA57F) : gb_slide_hex (0xF28E12));
      gb_slide_set_rgb (x->cr, x->fg);
      cairo_set_line_width (x->cr, 4 * x->u);
      cairo_move_to (x->cr, cx + pad + bw * target, y - 6 * x->u);
      cairo_line_to (x->cr, cx + pad + bw * target, y + bh + 6 * x->u);
      cairo_stroke (x->cr);
      y += bh + 12 * x->u;
    }
  gb_slide_draw_text (x, d, cx + pad, y, cw - 2 * pad, cy + ch - pad - y, 22 * x->u, PANGO_ALIGN_LEFT, FALSE, x->fg);
}
