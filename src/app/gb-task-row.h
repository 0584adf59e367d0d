/* gb-task-row.h — one task of a conclusion: its text, responsible units, deadline
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-conclusion.h"

G_BEGIN_DECLS

#define GB_TYPE_TASK_ROW (gb_task_row_get_type ())
G_DECLARE_FINAL_TYPE (GbTaskRow, gb_task_row, GB, TASK_ROW, GtkListBoxRow)

GtkWidget        *gb_task_row_new          (const GbConclusionTask *task,
                                            GPtrArray              *names);
void              gb_task_row_set_number   (GbTaskRow              *self,
                                            const char             *number);
GbConclusionTask *gb_task_row_to_task      (GbTaskRow              *self,
                                            GError                **error);
gboolean          gb_task_row_toggle_unit  (GbTaskRow              *self,
                                            const char             *name);
void              gb_task_row_set_text     (GbTaskRow              *self,
                                            const char             *text,
                                            const char             *due);
gboolean          gb_task_row_parse_due    (const char             *text,
                                            char                  **due_date,
                                            char                  **due_text,
                                            GError                **error);

G_END_DECLS
