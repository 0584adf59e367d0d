/* gb-renderer.h — GTK's renderer for this machine
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     gb_renderer_reserve          (void);
void     gb_renderer_choose           (GdkDisplay *display);
gboolean gb_renderer_gl_is_software   (GdkDisplay *display);

G_END_DECLS
