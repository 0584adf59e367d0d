/* gb-export-dialog.h — choosing where a PNG, SVG or PDF export goes
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called with the chosen local path, its extension .png, .svg or .pdf (.png added when the
 * name has none of them); NULL when the choice was not a local file. */
typedef void (*GbExportFunc) (const char *path,
                              gpointer    user_data);

void gb_export_dialog_show (GtkWidget      *parent,
                            const char     *title,
                            const char     *suggested_name,
                            GbExportFunc    func,
                            gpointer        user_data);
void gb_export_dialog_show_document (GtkWidget    *parent,
                                     const char   *title,
                                     const char   *suggested_name,
                                     GbExportFunc  func,
                                     gpointer      user_data);

G_END_DECLS
