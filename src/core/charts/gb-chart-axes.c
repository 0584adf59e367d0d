/* gb-chart-axes.c — text in the chart and its axes: ticks, labels and the axis captions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gb-chart-private.h"
#include "gb-draw.h"
#include "gb-error.h"
#include "gb-file.h"
#include "gb-text.h"

void
gb_chart_text_init (Text    *t,
                    cairo_t *cr,
                    double   base,
                    gboolean dark)
{
  t->cr = cr;
  t->layout = pango_cairo_create_layout (cr);
  t->normal = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (t->normal, base * PANGO_SCALE);
  t->small = pango_font_description_copy (t->normal);
  pango_font_description_set_absolute_size (t->small, base * 0.85 * PANGO_SCALE);
  t->bold = pango_font_description_copy (t->normal);
  pango_font_description_set_weight (t->bold, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (t->bold, base * 1.2 * PANGO_SCALE);
  t->fg = dark ? 0xF3F4F6 : 0x1F2328;
  t->muted = dark ? 0xA1A1AA : 0x57606A;
}

void
gb_chart_text_clear (Text *t)
{
  g_object_unref (t->layout);
  pango_font_description_free (t->normal);
  pango_font_description_free (t->small);
  pango_font_description_free (t->bold);
}

/* Measures @s in @font; sets the layout for a following gb_chart_text_show(). */
void
gb_chart_text_measure (Text                 *t,
                       PangoFontDescription *font,
                       const char           *s,
                       double               *w,
                       double               *h)
{
  PangoRectangle logical;

  pango_layout_set_font_description (t->layout, font);
  pango_layout_set_text (t->layout, s, -1);
  pango_layout_get_pixel_extents (t->layout, NULL, &logical);
  if (w)
    *w = logical.width;
  if (h)
    *h = logical.height;
}

/* Draws @s with its top-left, top-right (align 1) or top-center (0.5) at x, y. */
void
gb_chart_text_show (Text                 *t,
                    PangoFontDescription *font,
                    const char           *s,
                    double                x,
                    double                y,
                    double                align,
                    guint32               color)
{
  double w, h;

  gb_chart_text_measure (t, font, s, &w, &h);
  gb_draw_set_source_hex (t->cr, color, 1);
  cairo_move_to (t->cr, round (x - align * w), round (y));
  pango_cairo_show_layout (t->cr, t->layout);
}

void
gb_chart_draw_axes (GbChart *self,
                    Frame   *f,
                    cairo_t *cr,
                    Text    *t,
                    double   base)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 grid = self->dark ? 0x3F3F46 : 0xE5E7EB;
  double nice_hi;
  GbDateTickUnit unit;
  double label_w;

  /* Horizontal grid and value labels. */
  if (f->ys.log)
    gb_ticks_log (f->ys.d0, f->ys.d1, MAX (2, (guint) (f->h / (base * 2.2))), ticks);
  else
    gb_ticks_linear (0, f->ys.d1, MAX (2, (guint) (f->h / (base * 3.5))), ticks, &nice_hi);
  cairo_set_line_width (cr, 1);
  gb_draw_set_source_hex (cr, grid, 1);
  for (guint i = 0; i < ticks->len; i++)
    {
      double y = round (gb_scale_map (&f->ys, g_array_index (ticks, double, i))) + 0.5;
      cairo_move_to (cr, f->x, y);
      cairo_line_to (cr, f->x + f->w, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < ticks->len; i++)
    {
      double v = g_array_index (ticks, double, i);
      double y = gb_scale_map (&f->ys, v);
      g_autofree char *s = gb_format_tick (v, f->ys.log ? (v < 1 ? v : 1) : f->y_step);

      gb_chart_text_show (t, t->small, s, f->x - base * 0.4, y - base * 0.55, 1, t->muted);
    }
  if (f->has_secondary)
    {
      g_autoptr(GArray) ticks2 = g_array_new (FALSE, FALSE, sizeof (double));

      gb_ticks_linear (0, f->ys2.d1, MAX (2, (guint) (f->h / (base * 3.5))), ticks2, &nice_hi);
      for (guint i = 0; i < ticks2->len; i++)
        {
          double v = g_array_index (ticks2, double, i);
          g_autofree char *s = gb_format_tick (v, f->y2_step);

          gb_chart_text_show (t, t->small, s, f->x + f->w + base * 0.4, gb_scale_map (&f->ys2, v) - base * 0.55, 0, t->muted);
        }
    }

  /* Time axis: ticks as many as their labels fit. */
  gb_chart_text_measure (t, t->small, "30/12/2021", &label_w, NULL);
  unit = gb_ticks_dates (f->first, f->last, MAX (2, (guint) (f->w / (label_w * 1.4))), days);
  gb_draw_set_source_hex (cr, self->dark ? 0x71717A : 0x9CA3AF, 1);
  cairo_move_to (cr, f->x, round (f->y + f->h) + 0.5);
  cairo_line_to (cr, f->x + f->w, round (f->y + f->h) + 0.5);
  for (guint i = 0; i < days->len; i++)
    {
      double x = round (gb_scale_map (&f->xs, g_array_index (days, guint32, i))) + 0.5;
      cairo_move_to (cr, x, f->y + f->h);
      cairo_line_to (cr, x, f->y + f->h + base * 0.4);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < days->len; i++)
    {
      guint32 day = g_array_index (days, guint32, i);
      g_autofree char *s = gb_date_tick_label (day, unit);
      double y = f->y + f->h + base * 0.5 + (self->levels && self->units->len == 1 ? base * 1.1 : 0);

      gb_chart_text_show (t, t->small, s, gb_scale_map (&f->xs, day), y, 0.5, t->muted);
    }
}

void
gb_chart_draw_axis_captions (GbChart *self,
                             Frame   *f,
                             Text    *t,
                             double   base)
{
  const char *left;

  if (self->kind == GB_CHART_VACCINATION)
    left = _("share of people (percent)");
  else if (self->per_100k)
    left = _("cases per 100,000 people");
  else
    left = _("cases");
  gb_chart_text_show (t, t->small, left, f->x + base * 0.3, f->y + base * 0.1, 0, t->muted);
  if (f->has_secondary)
    gb_chart_text_show (t, t->small, _("doses a day"), f->x + f->w - base * 0.3, f->y + base * 0.1, 1, t->muted);
}

/* What the strip under the axis means: each level's colour named, under the dates. */
void
gb_chart_draw_levels_legend (GbChart *self,
                             Frame   *f,
                             Text    *t,
                             double   base)
{
  double x = f->x, y = f->y + f->h + base * 0.5 + base * 1.1 + base * 1.25, w;

  if (self->levels == NULL || self->units->len != 1)
    return;
  gb_chart_text_measure (t, t->small, _("Strip: the unit's level each day"), &w, NULL);
  gb_chart_text_show (t, t->small, _("Strip: the unit's level each day"), x, y, 0, t->muted);
  x += w + base;
  for (int level = GB_LEVEL_1; level <= GB_LEVEL_4; level++)
    {
      const char *name = gb_level_get_name (level);

      gb_draw_set_source_hex (t->cr, gb_level_get_color (level), 1);
      cairo_rectangle (t->cr, x, y + base * 0.1, base * 0.8, base * 0.8);
      cairo_fill (t->cr);
      x += base * 1.1;
      gb_chart_text_measure (t, t->small, name, &w, NULL);
      gb_chart_text_show (t, t->small, name, x, y, 0, t->fg);
      x += w + base;
    }
}
