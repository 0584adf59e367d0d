/* gb-task-editor.h — the numbered task list of a conclusion notice
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-conclusion.h"

G_BEGIN_DECLS

#define GB_TYPE_TASK_EDITOR (gb_task_editor_get_type ())
G_DECLARE_FINAL_TYPE (GbTaskEditor, gb_task_editor, GB, TASK_EDITOR, GtkBox)

GtkWidget *gb_task_editor_new               (void);
void       gb_task_editor_set_organisations (GbTaskEditor *self,
                                             GPtrArray    *names);
void       gb_task_editor_set_section       (GbTaskEditor *self,
                                             guint         section_number);
void       gb_task_editor_set_tasks         (GbTaskEditor *self,
                                             GPtrArray    *tasks);
GPtrArray *gb_task_editor_get_tasks         (GbTaskEditor *self,
                                             GError      **error);
GtkWidget *gb_task_editor_add_task          (GbTaskEditor *self);
guint      gb_task_editor_get_n_rows        (GbTaskEditor *self);

G_END_DECLS
