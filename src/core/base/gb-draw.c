/* gb-draw.c — small Cairo helpers shared by the chart, the map and the slides
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gb-draw.h"

void
gb_draw_set_source_hex (cairo_t *cr,
                        guint32  rgb,
                        double   alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}
