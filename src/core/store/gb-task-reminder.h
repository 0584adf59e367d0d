/* gb-task-reminder.h — what a morning reminder says: tasks due soon and newly overdue, by unit
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

typedef struct
{
  char  *title;       /* "2 việc quá hạn, 3 việc đến hạn trong 3 ngày" */
  char  *body;        /* one line per unit */
  guint  n_due_soon;
  guint  n_overdue;
  GArray *item_ids;   /* gint64: the items it speaks of, so a click can show exactly those */
} GbTaskReminder;

void            gb_task_reminder_free    (GbTaskReminder *reminder);
GbTaskReminder *gb_task_reminder_compose (GbStore        *store,
                                          const char     *today,
                                          int             days_ahead,
                                          const char     *since,
                                          GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbTaskReminder, gb_task_reminder_free)

G_END_DECLS
