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

static void
draw_chart_cb (cairo_t *cr,
               double   width,
               double   height,
               gpointer user_data)
{
  gb_chart_draw (user_data, cr, width, height);
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
