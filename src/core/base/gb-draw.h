/* gb-draw.h — small Cairo helpers shared by the chart, the map and the slides
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Sets @cr's source to the colour 0xRRGGBB with @alpha. */
void gb_draw_set_source_hex (cairo_t *cr,
                             guint32  rgb,
                             double   alpha);

G_END_DECLS
