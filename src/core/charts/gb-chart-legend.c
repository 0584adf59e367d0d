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

void
gb_chart_draw_legend (GbChart *self,
                      Frame   *f,
                      cairo_t *cr,
                      Text    *t,
                      double   base,
                      int      width)
{
  double x = f->x, y = base * 0.4 + base * 1.2 * 1.4, w;
  gboolean columns_single = self->units->len == 1 && self->kind == GB_CHART_CASES && !self->cumulative;

  if (columns_single)
    {
      Layer swatches[] = {
        { .color = COLOR_COMMUNITY, .label = (char *) gb_chart_series_name (SERIES_COMMUNITY) },
        { .color = COLOR_QUARANTINE, .label = (char *) gb_chart_series_name (SERIES_QUARANTINE) },
      };
      for (guint i = 0; i < G_N_ELEMENTS (swatches); i++)
        {
          gb_draw_set_source_hex (cr, swatches[i].color, 1);
          cairo_rectangle (cr, x, y + base * 0.15, base * 0.8, base * 0.8);
          cairo_fill (cr);
          gb_chart_text_show (t, t->small, swatches[i].label, x + base * 1.1, y, 0, t->fg);
          gb_chart_text_measure (t, t->small, swatches[i].label, &w, NULL);
          x += base * 1.1 + w + base * 1.2;
        }
    }
  for (guint i = 0; i < self->layers->len; i++)
    {
      Layer *l = &g_array_index (self->layers, Layer, i);

      if (l->label == NULL || l->kind == LAYER_TARGET)
        continue;
      gb_chart_text_measure (t, t->small, l->label, &w, NULL);
      if (x + base * 1.6 + w > width - base)
        break;
      gb_draw_set_source_hex (cr, self->dark && l->color == COLOR_AVG ? COLOR_AVG_DARK : l->color, 1);
      if (l->kind == LAYER_COLUMNS)
        cairo_rectangle (cr, x, y + base * 0.15, base * 0.8, base * 0.8);
      else
        cairo_rectangle (cr, x, y + base * 0.45, base * 1.2, MAX (2.0, base / 6));
      cairo_fill (cr);
      gb_chart_text_show (t, t->small, l->label, x + base * 1.5, y, 0, t->fg);
      x += base * 1.5 + w + base * 1.2;
    }
}

static gboolean
any_simulated (GbChart *self)
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
  if (any_simulated (self))
    g_string_append_printf (s, "%s%s", s->len ? " · " : "", _("simulated at commune level"));
  return g_string_free (s, s->len == 0);
}
