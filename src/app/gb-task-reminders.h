/* gb-task-reminders.h — the morning reminder of due and overdue tasks, as a notification
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_TASK_REMINDERS (gb_task_reminders_get_type ())
G_DECLARE_FINAL_TYPE (GbTaskReminders, gb_task_reminders, GB, TASK_REMINDERS, GObject)

GbTaskReminders *gb_task_reminders_new   (GApplication    *app,
                                          GbStore         *store);
gboolean         gb_task_reminders_check (GbTaskReminders *self);

G_END_DECLS
