/* gb-store-task-states.c — the Government Office's four states of a task, and their counts
 *
 * One rule decides a task's state, in C, for every caller (the item list, the counts, the
 * reports, the slides), so the JSON, the screen and the printed report never disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-store-private.h"
#include "gb-store-task-states.h"
#include "gb-store-tracker.h"

/**
 * gb_task_state_compute:
 * @status: new, in_progress, done or cancelled
 * @due_date: (nullable): YYYY-MM-DD
 * @done_date: (nullable): YYYY-MM-DD, the day it was marked done
 * @today: YYYY-MM-DD, the day that decides what is overdue
 *
 * A task done on its due day is on time, the day after is late; an open task due today is
 * still within its deadline, the day after it is overdue. A task without a due date (also a
 * recurring one) has no deadline whatever its status. A task marked done without a date (from
 * before dates were kept) counts as done on time.
 *
 * Returns: the state, GB_TASK_STATE_NONE for what is not a task or was cancelled
 */
GbTaskState
gb_task_state_compute (gboolean    is_task,
                       const char *status,
                       const char *due_date,
                       const char *done_date,
                       const char *today)
{
  g_return_val_if_fail (status != NULL, GB_TASK_STATE_NONE);
  g_return_val_if_fail (today != NULL, GB_TASK_STATE_NONE);

  if (!is_task || strcmp (status, "cancelled") == 0)
    return GB_TASK_STATE_NONE;
  if (due_date == NULL || *due_date == '\0')
    return GB_TASK_STATE_NO_DEADLINE;
  if (strcmp (status, "done") == 0)
    {
      /* ISO dates compare as text. */
      if (done_date == NULL || strncmp (done_date, due_date, 10) <= 0)
        return GB_TASK_STATE_ON_TIME;
      return GB_TASK_STATE_LATE;
    }
  return strncmp (today, due_date, 10) <= 0 ? GB_TASK_STATE_OPEN : GB_TASK_STATE_OVERDUE;
}

/** gb_task_state_to_string: Returns: "on_time", "late", "open", "overdue", "no_deadline", or NULL. */
const char *
gb_task_state_to_string (GbTaskState state)
{
  static const char *const names[] = { "on_time", "late", "open", "overdue", "no_deadline" };

  return state < GB_TASK_N_STATES ? names[state] : NULL;
}

/** gb_task_state_label: Returns: the state as a column heading says it, translated. */
const char *
gb_task_state_label (GbTaskState state)
{
  switch (state)
    {
    case GB_TASK_STATE_ON_TIME: return _("Done on time");
    case GB_TASK_STATE_LATE: return _("Done late");
    case GB_TASK_STATE_OPEN: return _("Within the deadline");
    case GB_TASK_STATE_OVERDUE: return _("Overdue");
    case GB_TASK_STATE_NO_DEADLINE: return _("No deadline");
    case GB_TASK_STATE_NONE:
    default: return "";
    }
}

/** gb_task_state_count_free: frees @count. */
void
gb_task_state_count_free (GbTaskStateCount *count)
{
  if (count == NULL)
    return;
  g_free (count->name);
  g_free (count);
}

static const char *const count_sql[] = {
  [GB_TASK_GROUP_ALL] =
    "SELECT 0, NULL, i.status, i.due_date, i.done_date FROM items i "
    "WHERE i.is_task AND i.status != 'cancelled'",
  [GB_TASK_GROUP_UNIT] =
    "SELECT o.id, o.name, i.status, i.due_date, i.done_date FROM items i "
    "JOIN item_assignments a ON a.item_id = i.id JOIN organisations o ON o.id = a.organisation_id "
    "WHERE i.is_task AND i.status != 'cancelled' ORDER BY o.name, o.id",
  [GB_TASK_GROUP_DOCUMENT] =
    "SELECT d.id, coalesce (d.number, d.source_name, d.kind), i.status, i.due_date, i.done_date "
    "FROM items i JOIN documents d ON d.id = i.document_id "
    "WHERE i.is_task AND i.status != 'cancelled' ORDER BY d.date DESC, d.id",
};

/**
 * gb_store_count_task_states:
 * @today: (nullable): the day that decides what is overdue; NULL for today
 *
 * How many tasks are in each state, overall, per organisation or per document. For
 * %GB_TASK_GROUP_ALL there is always exactly one row, even with no tasks.
 *
 * Returns: (transfer full) (element-type GbTaskStateCount): the rows, or NULL with @error
 */
GPtrArray *
gb_store_count_task_states (GbStore     *self,
                            GbTaskGroup  group,
                            const char  *today,
                            GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_task_state_count_free);
  g_autofree char *own_today = today ? NULL : gb_tracker_today ();
  GbTaskStateCount *row = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (group <= GB_TASK_GROUP_DOCUMENT, NULL);

  if (today == NULL)
    today = own_today;
  if (group == GB_TASK_GROUP_ALL)
    g_ptr_array_add (rows, row = g_new0 (GbTaskStateCount, 1));
  if ((stmt = gb_store_prepare (self, count_sql[group], error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GbTaskState state = gb_task_state_compute (TRUE, (const char *) sqlite3_column_text (stmt, 2),
                                                 (const char *) sqlite3_column_text (stmt, 3),
                                                 (const char *) sqlite3_column_text (stmt, 4), today);

      if (row == NULL || row->id != id)
        {
          g_ptr_array_add (rows, row = g_new0 (GbTaskStateCount, 1));
          row->id = id;
          row->name = gb_store_column_dup (stmt, 1);
        }
      if (state < GB_TASK_N_STATES)
        {
          row->counts[state]++;
          row->total++;
        }
    }
  if (!gb_store_rows_done (self, stmt, rc, "Could not count the tasks", error))
    return NULL;
  return g_steal_pointer (&rows);
}
