/* gb-chart-hover.c — the hovered day: its line and values on the chart, and the same in words
 * for the hover box and screen readers; days from pointer positions and back
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
gb_chart_draw_hover (GbChart *self,
                     Frame   *f,
                     cairo_t *cr,
                     Text    *t,
                     double   base)
{
  g_autofree char *text = NULL;
  PangoRectangle logical;
  double x, bx, by, bw, bh, pad = base * 0.5;

  if (self->hover_day == 0 || self->hover_day < f->first || self->hover_day > f->last)
    return;
  x = round (gb_scale_map (&f->xs, self->hover_day) + (f->w / (double) (f->last - f->first + 1)) / 2) + 0.5;
  gb_draw_set_source_hex (cr, t->fg, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x, f->y);
  cairo_line_to (cr, x, f->y + f->h);
  cairo_stroke (cr);

  /* A dot where the crosshair meets each line. */
  for (guint i = 0; i < self->layers->len; i++)
    {
      Layer *l = &g_array_index (self->layers, Layer, i);
      double v;

      if (l->kind != LAYER_LINE && l->kind != LAYER_AREA)
        continue;
      v = gb_chart_value_at (self, g_ptr_array_index (self->units, l->unit), l->series, self->hover_day);
      if (isnan (v) || (f->ys.log && v <= 0))
        continue;
      gb_draw_set_source_hex (cr, self->dark && l->color == COLOR_AVG ? COLOR_AVG_DARK : l->color, 1);
      cairo_arc (cr, x, gb_scale_map (l->secondary ? &f->ys2 : &f->ys, v), base * 0.3, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  text = gb_chart_describe_day (self, self->hover_day);
  pango_layout_set_font_description (t->layout, t->small);
  pango_layout_set_text (t->layout, text, -1);
  pango_layout_get_pixel_extents (t->layout, NULL, &logical);
  bw = logical.width + 2 * pad;
  bh = logical.height + 2 * pad;
  bx = x + base < f->x + f->w - bw ? x + base : x - base - bw;
  bx = MAX (bx, f->x);
  by = f->y + base * 0.3;
  gb_draw_set_source_hex (cr, self->dark ? 0x27272A : 0xFFFFFF, 0.95);
  cairo_rectangle (cr, bx, by, bw, bh);
  cairo_fill_preserve (cr);
  gb_draw_set_source_hex (cr, t->muted, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  gb_draw_set_source_hex (cr, t->fg, 1);
  cairo_move_to (cr, bx + pad, by + pad);
  pango_cairo_show_layout (cr, t->layout);
}

void
gb_chart_set_hover_day (GbChart *self,
                        guint32  day)
{
  g_return_if_fail (GB_IS_CHART (self));

  self->hover_day = day;
}

guint32
gb_chart_get_hover_day (GbChart *self)
{
  g_return_val_if_fail (GB_IS_CHART (self), 0);

  return self->hover_day;
}

guint32
gb_chart_day_at (GbChart *self,
                 double   x)
{
  Frame *f = &self->frame;
  double day;

  g_return_val_if_fail (GB_IS_CHART (self), 0);

  if (!self->frame_valid || x < f->x || x > f->x + f->w)
    return 0;
  day = floor (gb_scale_invert (&f->xs, x));
  return (guint32) CLAMP (day, f->first, f->last);
}

double
gb_chart_x_of_day (GbChart *self,
                   guint32  day)
{
  Frame *f = &self->frame;

  g_return_val_if_fail (GB_IS_CHART (self), NAN);

  if (!self->frame_valid)
    return NAN;
  return gb_scale_map (&f->xs, day) + (f->w / (double) (f->last - f->first + 1)) / 2;
}

static void
append_value (GString    *s,
              const char *name,
              double      v,
              gboolean    share,
              gboolean    per_100k)
{
  g_autofree char *num = NULL;

  if (isnan (v))
    {
      g_string_append_printf (s, "\n%s: %s", name, _("no report"));
      return;
    }
  if (share || per_100k || fabs (v - round (v)) > 1e-9)
    {
      num = g_strdup_printf ("%.1f", v);
      g_strdelimit (num, ".", ',');
    }
  else
    num = gb_text_format_count ((gint64) llround (v));
  g_string_append_printf (s, "\n%s: %s%s", name, num, share ? " %" : "");
}

char *
gb_chart_describe_day (GbChart *self,
                       guint32  day)
{
  GString *s = g_string_new (NULL);
  g_autofree char *date = gb_day_format (day);
  gboolean compare = self->units->len > 1;

  g_return_val_if_fail (GB_IS_CHART (self), NULL);

  if (self->layers_dirty)
    gb_chart_rebuild_layers (self);
  g_string_append (s, date);
  for (guint u = 0; u < self->units->len; u++)
    {
      GbChartData *d = g_ptr_array_index (self->units, u);
      gboolean p100 = self->per_100k && d->population > 0;

      if (compare || self->kind == GB_CHART_CASES)
        {
          if (compare)
            g_string_append_printf (s, "\n%s", d->unit_name);
        }
      if (self->kind == GB_CHART_CASES)
        {
          SeriesKind kinds[] = { SERIES_COMMUNITY, SERIES_QUARANTINE, SERIES_AVG7, SERIES_CUMULATIVE };

          for (guint k = compare ? 2 : 0; k < G_N_ELEMENTS (kinds); k++)
            append_value (s, gb_chart_series_name (kinds[k]), gb_chart_value_at (self, d, kinds[k], day), FALSE, p100);
        }
      else
        {
          SeriesKind kinds[] = { SERIES_DOSE1_18, SERIES_FULL_18, SERIES_FULL_65, SERIES_DOSES };

          /* The lines drawn: a group's doses when one is chosen. */
          for (guint dose = 0; self->vacc_group >= 0 && dose < GB_N_DOSES; dose++)
            kinds[dose] = SERIES_SHARE + self->vacc_group * GB_N_DOSES + dose;

          for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
            append_value (s, gb_chart_series_name (kinds[k]), gb_chart_value_at (self, d, kinds[k], day), gb_chart_is_share (kinds[k]), FALSE);
        }
    }
  if (self->levels && self->units->len == 1 && day >= self->levels_first &&
      day < self->levels_first + self->levels_n && self->levels[day - self->levels_first] != GB_CHART_NO_LEVEL)
    g_string_append_printf (s, "\n%s", gb_level_get_name (self->levels[day - self->levels_first]));
  if (self->markers)
    for (guint i = 0; i < self->markers->len; i++)
      {
        GbChartMarker *m = g_ptr_array_index (self->markers, i);

        if (m->day == day)
          g_string_append_printf (s, "\n%s", m->title);
      }
  return g_string_free (s, FALSE);
}
