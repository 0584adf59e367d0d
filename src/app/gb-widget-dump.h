/* gb-widget-dump.h — what the windows show, written to a file for tests that drive the app
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

char *gb_widget_dump_text   (void);
void  gb_widget_dump_start  (const char *path);

G_END_DECLS
