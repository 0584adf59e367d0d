/* gb-day-report-dialog.h — a district types (or pastes) the day's numbers of its communes
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_DAY_REPORT_DIALOG (gb_day_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GbDayReportDialog, gb_day_report_dialog, GB, DAY_REPORT_DIALOG, AdwWindow)

GbDayReportDialog *gb_day_report_dialog_new (GtkWindow  *parent,
                                             GbStore    *store,
                                             const char *role,
                                             const char *date);

G_END_DECLS
