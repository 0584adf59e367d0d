/* gb-task-reminder.c — what a morning reminder says: tasks due soon and newly overdue, by unit
 *
 * The text only; the app shows it as a desktop notification. Kept in the core so its content
 * can be tested against a fixed clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-date.h"
#include "gb-store-tracker.h"
#include "gb-task-reminder.h"

/** gb_task_reminder_free: frees @reminder. */
void
gb_task_reminder_free (GbTaskReminder *reminder)
{
  if (reminder == NULL)
    return;
  g_free (reminder->title);
  g_free (reminder->body);
  if (reminder->item_ids != NULL)
    g_array_unref (reminder->item_ids);
  g_free (reminder);
}

typedef struct
{
  char  *unit;
  guint  due_soon;
  guint  overdue;
} UnitLine;

static void
unit_line_free (UnitLine *line)
{
  g_free (line->unit);
  g_free (line);
}

static UnitLine *
line_for (GPtrArray  *lines,
          const char *unit)
{
  UnitLine *line;

  for (guint i = 0; i < lines->len; i++)
    if (strcmp (((UnitLine *) g_ptr_array_index (lines, i))->unit, unit) == 0)
      return g_ptr_array_index (lines, i);
  line = g_new0 (UnitLine, 1);
  line->unit = g_strdup (unit);
  g_ptr_array_add (lines, line);
  return line;
}

/**
 * gb_task_reminder_compose:
 * @today: YYYY-MM-DD
 * @days_ahead: open tasks due from @today to this many days after it are "due soon" (3)
 * @since: (nullable): the day of the previous reminder: tasks whose deadline passed on or after
 *   it became overdue since; NULL: every overdue task
 *
 * Groups by the lead unit (a task without one under "Chưa giao đơn vị").
 *
 * Returns: (transfer full) (nullable): the reminder, NULL when nothing is due or overdue
 *   (@error unset) or on error
 */
GbTaskReminder *
gb_task_reminder_compose (GbStore     *store,
                          const char  *today,
                          int          days_ahead,
                          const char  *since,
                          GError     **error)
{
  GbTrackerFilter filter = { .status = "open" };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_line_free);
  g_autofree char *horizon = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GbTaskReminder *r;
  guint due_soon = 0, overdue = 0;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (today != NULL && gb_date_is_valid_iso (today), NULL);
  g_return_val_if_fail (days_ahead >= 0, NULL);

  horizon = gb_date_add_days (today, days_ahead);
  if ((items = gb_store_tracker_query_items (store, &filter, today, error)) == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      const GbTrackerItem *it = g_ptr_array_index (items, i);
      g_autofree char *lead = NULL;
      gboolean soon, late;

      if (!it->is_task || it->due == NULL)
        continue;
      late = it->state == GB_TASK_STATE_OVERDUE && (since == NULL || strcmp (it->due, since) >= 0);
      soon = it->state == GB_TASK_STATE_OPEN && strcmp (it->due, horizon) <= 0;
      if (!late && !soon)
        continue;
      g_array_append_val (ids, it->id);
      lead = it->units ? g_strndup (it->units, strcspn (it->units, ";")) : g_strdup (_("No responsible unit"));
      if (late)
        line_for (lines, lead)->overdue++, overdue++;
      else
        line_for (lines, lead)->due_soon++, due_soon++;
    }
  if (lines->len == 0)
    return NULL;
  for (guint i = 0; i < lines->len; i++)
    {
      const UnitLine *l = g_ptr_array_index (lines, i);

      g_string_append_printf (body, "%s%s: ", i ? "\n" : "", l->unit);
      if (l->overdue)
        g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", l->overdue), l->overdue);
      if (l->overdue && l->due_soon)
        g_string_append (body, ", ");
      if (l->due_soon)
        g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u due soon", "%u due soon", l->due_soon), l->due_soon);
    }
  r = g_new0 (GbTaskReminder, 1);
  r->n_overdue = overdue;
  r->n_due_soon = due_soon;
  r->title = g_strdup_printf (_("Tasks: %u became overdue, %u due within %d days"), overdue, due_soon, days_ahead);
  r->body = g_strdup (body->str);
  r->item_ids = g_steal_pointer (&ids);
  return r;
}
