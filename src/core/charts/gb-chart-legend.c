/* gb-chart-legend.c — the legend and the notes above the plot (simulated data, per 100,000)
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

/* One swatch and name of the legend at @x, @y; drawn when @cr is set. Returns its width. */
static double
legend_entry (GbChart     *self,
              cairo_t     *cr,
              Text        *t,
              double       base,
              double       x,
              double       y,
              guint32      color,
              LayerKind    kind,
              const char  *label)
{
  double w;

  gb_chart_text_measure (t, t->small, label, &w, NULL);
  if (cr != NULL)
    {
      gb_draw_set_source_hex (cr, self->dark && color == COLOR_AVG ? COLOR_AVG_DARK : color, 1);
      if (kind == LAYER_COLUMNS)
        cairo_rectangle (cr, x, y + base * 0.15, base * 0.8, base * 0.8);
      else
        cairo_rectangle (cr, x, y + base * 0.45, base * 1.2, MAX (2.0, base / 6));
      cairo_fill (cr);
      gb_chart_text_show (t, t->small, label, x + base * 1.5, y, 0, t->fg);
    }
  return base * 1.5 + w + base * 1.2;
}

/* Lays out the legend under the title, from the left margin, a new line when a name does not
 * fit (eight compared units give eight names, never fewer), and draws it when @cr is set.
 * Returns the number of lines. */
guint
gb_chart_layout_legend (GbChart *self,
                        cairo_t *cr,
                        Text    *t,
                        double   base,
                        int      width)
{
  double x0 = base, x = x0, y = base * 0.4 + base * 1.2 * 1.4, w;
  gboolean columns_single = self->units->len == 1 && self->kind == GB_CHART_CASES && !self->cumulative;
  guint lines = 1;

  if (cr != NULL)
    self->legend_count = 0;
  for (guint i = 0; i < self->layers->len + (columns_single ? 2 : 0); i++)
    {
      guint32 color;
      LayerKind kind = LAYER_COLUMNS;
      const char *label;

      if (columns_single && i < 2)
        {
          color = i == 0 ? COLOR_COMMUNITY : COLOR_QUARANTINE;
          label = gb_chart_series_name (i == 0 ? SERIES_COMMUNITY : SERIES_QUARANTINE);
        }
      else
        {
          Layer *l = &g_array_index (self->layers, Layer, i - (columns_single ? 2 : 0));

          if (l->label == NULL || l->kind == LAYER_TARGET)
            continue;
          color = l->color;
          kind = l->kind;
          label = l->label;
        }
      gb_chart_text_measure (t, t->small, label, &w, NULL);
      if (x > x0 && x + base * 1.6 + w > width - base)
        {
          x = x0;
          y += base * 1.4;
          lines++;
        }
      x += legend_entry (self, cr, t, base, x, y, color, kind, label);
      if (cr != NULL && !(columns_single && i < 2))
        self->legend_count++;
    }
  return lines;
}

gboolean
gb_chart_any_simulated (GbChart *self)
{
  for (guint i = 0; i < self->units->len; i++)
    {
      GbChartData *d = g_ptr_array_index (self->units, i);

      if (self->kind == GB_CHART_CASES ? d->cases_simulated : d->vacc_simulated)
        return TRUE;
    }
  return FALSE;
}

char *
gb_chart_notes (GbChart *self)
{
  GString *s = g_string_new (NULL);

  if (self->kind == GB_CHART_CASES && self->per_100k)
    for (guint i = 0; i < self->units->len; i++)
      {
        GbChartData *d = g_ptr_array_index (self->units, i);

        if (d->population <= 0)
          {
            if (s->len)
              g_string_append (s, " · ");
            /* Translators: %s is a unit's name */
            g_string_append_printf (s, _("%s: no population, per 100,000 not available"), d->unit_name);
          }
      }
  if (gb_chart_any_simulated (self))
    g_string_append_printf (s, "%s%s", s->len ? " · " : "", _("simulated at commune level"));
  return g_string_free (s, s->len == 0);
}
