/* gb-task-report.h — follow-up reports: a unit's reminder ("phiếu nhắc việc") and the states
 * of the tasks per unit, as PDF or ODT in the conclusion's layout, or as CSV
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-conclusion.h"
#include "gb-store.h"

G_BEGIN_DECLS

GbConclusion *gb_task_report_unit_new     (GbStore     *store,
                                           const char  *unit,
                                           const char  *today,
                                           GError     **error);
GbConclusion *gb_task_report_states_new   (GbStore     *store,
                                           const char  *today,
                                           GError     **error);
/* Write by the name's ending: .pdf, .odt or .csv. */
gboolean      gb_task_report_write_unit   (GbStore     *store,
                                           const char  *unit,
                                           const char  *today,
                                           const char  *path,
                                           GError     **error);
gboolean      gb_task_report_write_states (GbStore     *store,
                                           const char  *today,
                                           const char  *path,
                                           GError     **error);

G_END_DECLS
