/* gb-store-task-states.h — the Government Office's four states of a task, and their counts
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

/* Where a task stands on a day, as the Government Office reports follow-up: done on time,
 * done late, not done but within its deadline, overdue; and tasks with no deadline or
 * recurring ones, which are neither. */
typedef enum
{
  GB_TASK_STATE_ON_TIME,
  GB_TASK_STATE_LATE,
  GB_TASK_STATE_OPEN,
  GB_TASK_STATE_OVERDUE,
  GB_TASK_STATE_NO_DEADLINE,
  GB_TASK_N_STATES,
  GB_TASK_STATE_NONE = GB_TASK_N_STATES,   /* not a task, or cancelled: not counted */
} GbTaskState;

/* What the counts are grouped by. */
typedef enum
{
  GB_TASK_GROUP_ALL,        /* one row, every task */
  GB_TASK_GROUP_UNIT,       /* one row per organisation given tasks (lead or cooperating) */
  GB_TASK_GROUP_DOCUMENT,   /* one row per document with tasks */
} GbTaskGroup;

typedef struct
{
  gint64  id;                       /* the organisation's or document's id; 0 for all */
  char   *name;                     /* its name ("Sở Y tế", "12-CV/TU"), or NULL for all */
  guint   counts[GB_TASK_N_STATES];
  guint   total;
} GbTaskStateCount;

GbTaskState  gb_task_state_compute      (gboolean    is_task,
                                         const char *status,
                                         const char *due_date,
                                         const char *done_date,
                                         const char *today);
const char  *gb_task_state_to_string    (GbTaskState state);
const char  *gb_task_state_label        (GbTaskState state);
void         gb_task_state_count_free   (GbTaskStateCount *count);
GPtrArray   *gb_store_count_task_states (GbStore     *self,
                                         GbTaskGroup  group,
                                         const char  *today,
                                         GError     **error);

G_END_DECLS
