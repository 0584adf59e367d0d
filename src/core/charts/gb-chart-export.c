/* gb-chart-export.c — a chart written to PNG, SVG or PDF through gb-file
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

/**
 * gb_chart_describe_export:
 *
 * Returns: (transfer full): what an exported chart says under it: the units, the period shown
 *   and where the figures come from
 */
char *
gb_chart_describe_export (GbChart *self)
{
  g_autoptr(GString) units = g_string_new (NULL);
  g_autofree char *first_iso = NULL;
  g_autofree char *last_iso = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  guint32 a, b;

  g_return_val_if_fail (GB_IS_CHART (self), NULL);

  for (guint i = 0; i < self->units->len; i++)
    g_string_append_printf (units, "%s%s", i ? ", " : "", ((GbChartData *) g_ptr_array_index (self->units, i))->unit_name);
  if (gb_chart_get_view (self, &a, &b))
    {
      first_iso = gb_day_to_iso (a);
      last_iso = gb_day_to_iso (b);
      first = gb_text_format_date (first_iso);
      last = gb_text_format_date (last_iso);
    }
  /* Translators: under an exported chart: the units, the period (dd/mm/yyyy–dd/mm/yyyy), then
   * the source of the figures. */
  return g_strdup_printf (_("%s · %s–%s · Source: daily reports in the Giao Ban database%s"),
                          units->str, first ? first : "…", last ? last : "…",
                          gb_chart_any_simulated (self) ? _(", commune figures simulated") : "");
}

static void
draw_chart_cb (cairo_t *cr,
               double   width,
               double   height,
               gpointer user_data)
{
  GbChart *self = user_data;

  self->exporting = TRUE;
  gb_chart_draw (self, cr, width, height);
  self->exporting = FALSE;
}

gboolean
gb_chart_export (GbChart     *self,
                 const char  *path,
                 int          width,
                 int          height,
                 GError     **error)
{
  g_return_val_if_fail (GB_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (width < 200 || height < 120 || width > 20000 || height > 20000)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("A chart is between 200×120 and 20000×20000 pixels, not %d×%d"), width, height);
      return FALSE;
    }
  return gb_file_export_drawing (path, width, height, draw_chart_cb, self, error);
}
