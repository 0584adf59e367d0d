/* gb-first-frame.h — tells a benchmark when the window first showed the map
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean gb_first_frame_wanted  (void);
void     gb_first_frame_report  (GtkWidget *widget);
void     gb_first_frame_mark    (const char *what);

G_END_DECLS
