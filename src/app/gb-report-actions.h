/* gb-report-actions.h — the tracker's reports from the app: a unit's reminder, the states table
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-store.h"

G_BEGIN_DECLS

void     gb_report_save_unit   (GtkWidget   *parent,
                                GbStore     *store,
                                const char  *unit,
                                const char  *today);
gboolean gb_report_print_unit  (GtkWidget   *parent,
                                GbStore     *store,
                                const char  *unit,
                                const char  *today,
                                const char  *pdf_path,
                                GError     **error);
void     gb_report_save_states (GtkWidget   *parent,
                                GbStore     *store,
                                const char  *today);

G_END_DECLS
