/* gb-task-report.c — follow-up reports: a unit's reminder ("phiếu nhắc việc") and the states
 * of the tasks per unit
 *
 * The PDF and ODT are the conclusion's document layout (header, title, numbered sections,
 * "Nơi nhận", signature) filled with the report, so they print and file like the notices they
 * follow up; the signature block is the one of the latest notice. The CSV holds the same rows
 * for a spreadsheet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-conclusion-draft.h"
#include "gb-conclusion-export.h"
#include "gb-error.h"
#include "gb-file.h"
#include "gb-situation.h"
#include "gb-store-meetings.h"
#include "gb-store-task-states.h"
#include "gb-store-tracker.h"
#include "gb-task-report.h"

/* A report signed and addressed as the latest notice was, dated @today. */
static GbConclusion *
report_new (GbStore    *store,
            const char *today,
            const char *title,
            const char *subject)
{
  GbConclusion *r = gb_conclusion_new ();
  g_autoptr(GbConclusion) last = NULL;
  g_autofree char *place = NULL;
  gint64 id = gb_store_latest_conclusion_id (store, NULL, NULL);

  /* A store with no notice yet signs as a new draft would. */
  if (id == 0 || (last = gb_store_load_conclusion (store, id, NULL)) == NULL)
    {
      place = gb_conclusion_draft_place (store, NULL);
      last = gb_conclusion_new_for_meeting (today, place ? place : "");
    }
  if (last != NULL)
    {
      r->issuer = g_strdup (last->issuer);
      r->place = g_strdup (last->place);
      r->signing_form = g_strdup (last->signing_form);
      r->signer_title = g_strdup (last->signer_title);
      r->signer = g_strdup (last->signer);
    }
  r->date = g_strdup (today);
  r->meeting_date = g_strdup (today);
  r->document_title = g_strdup (title);
  r->subject_line = g_strdup (subject);
  return r;
}

static char *
today_or_now (const char *today)
{
  return today != NULL ? g_strdup (today) : gb_tracker_today ();
}

static GPtrArray *
open_items_of (GbStore     *store,
               const char  *unit,
               const char  *today,
               GError     **error)
{
  GbTrackerFilter filter = { .unit = unit, .status = "open" };
  g_autoptr(GPtrArray) items = gb_store_tracker_query_items (store, &filter, today, error);

  if (items == NULL)
    return NULL;
  for (guint i = items->len; i > 0; i--)
    if (!((GbTrackerItem *) g_ptr_array_index (items, i - 1))->is_task)
      g_ptr_array_remove_index (items, i - 1);
  return g_steal_pointer (&items);
}

static GbConclusionTask *
task_of (const GbTrackerItem *it)
{
  g_autofree char *doc = g_strdup_printf ("%s, mục %s", it->document_number ? it->document_number : "—", it->path);
  g_autofree char *text = g_strdup_printf ("%s (%s)", it->text, doc);
  GbConclusionTask *t = gb_conclusion_task_new (text, it->due, it->due ? NULL : it->recurrence);

  if (it->units != NULL)
    {
      g_auto(GStrv) names = g_strsplit (it->units, "; ", -1);

      for (guint i = 0; names[i] != NULL; i++)
        g_ptr_array_add (t->units, g_strdup (names[i]));
    }
  return t;
}

/**
 * gb_task_report_unit_new:
 * @unit: an organisation's name or abbreviation
 * @today: (nullable): the day that decides what is overdue; NULL for today
 *
 * The reminder to send @unit: its overdue tasks, then those still within their deadline or
 * without one, each with its document and deadline.
 *
 * Returns: (transfer full): the report, or NULL with @error (an unknown unit is named)
 */
GbConclusion *
gb_task_report_unit_new (GbStore     *store,
                         const char  *unit,
                         const char  *today,
                         GError     **error)
{
  g_autofree char *day = NULL;
  g_autofree char *short_day = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GbConclusion) r = NULL;
  g_autoptr(GbOrganisations) orgs = NULL;
  GbConclusionSection *overdue, *open;
  const char *name;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (unit != NULL, NULL);

  day = today_or_now (today);
  if ((items = open_items_of (store, unit, day, error)) == NULL)
    return NULL;
  short_day = gb_format_short_date (day);
  /* The organisation as the tracker names it, not as typed ("SYT"). */
  if ((orgs = gb_store_tracker_get_organisations (store, error)) == NULL)
    return NULL;
  if ((name = gb_organisations_lookup (orgs, unit)) == NULL)
    name = unit;
  subject = g_strdup_printf ("các nhiệm vụ chưa hoàn thành của %s (đến ngày %s)", name, short_day);
  r = report_new (store, day, "PHIẾU NHẮC VIỆC", subject);
  overdue = gb_conclusion_section_new ("Nhiệm vụ đã quá hạn", NULL);
  open = gb_conclusion_section_new ("Nhiệm vụ đang trong hạn hoặc thực hiện thường xuyên", NULL);
  g_ptr_array_add (r->sections, overdue);
  g_ptr_array_add (r->sections, open);
  for (guint i = 0; i < items->len; i++)
    {
      const GbTrackerItem *it = g_ptr_array_index (items, i);

      g_ptr_array_add (it->state == GB_TASK_STATE_OVERDUE ? overdue->tasks : open->tasks, task_of (it));
    }
  if (items->len == 0)
    overdue->body = g_strdup_printf ("%s không còn nhiệm vụ chưa hoàn thành.", name);
  r->opening = g_strdup_printf ("Đến ngày %s, %s còn %u nhiệm vụ chưa hoàn thành, trong đó %u nhiệm vụ đã quá "
                                "hạn. Đề nghị đơn vị khẩn trương thực hiện và báo cáo kết quả.",
                                short_day, name, items->len, overdue->tasks->len);
  g_ptr_array_add (r->recipients, g_strdup_printf ("%s,", name));
  g_ptr_array_add (r->recipients, g_strdup ("Lưu."));
  return g_steal_pointer (&r);
}

/* One row of the states table: the unit, the four states, no deadline and the total. */
static char **
counts_row (const GbTaskStateCount *row)
{
  char **cells = g_new0 (char *, 8);

  cells[0] = g_strdup (row->name ? row->name : "Tổng cộng");
  cells[1] = g_strdup_printf ("%u", row->counts[GB_TASK_STATE_ON_TIME]);
  cells[2] = g_strdup_printf ("%u", row->counts[GB_TASK_STATE_LATE]);
  cells[3] = g_strdup_printf ("%u", row->counts[GB_TASK_STATE_OPEN]);
  cells[4] = g_strdup_printf ("%u", row->counts[GB_TASK_STATE_OVERDUE]);
  cells[5] = g_strdup_printf ("%u", row->counts[GB_TASK_STATE_NO_DEADLINE]);
  cells[6] = g_strdup_printf ("%u", row->total);
  return cells;
}

/**
 * gb_task_report_states_new:
 * @today: (nullable): the day that decides what is overdue; NULL for today
 *
 * The four states of the tasks (the Government Office's: done on time, done late, not done
 * within the deadline, overdue; and no deadline) as a table of units, the province's total last.
 *
 * Returns: (transfer full): the report, or NULL with @error
 */
GbConclusion *
gb_task_report_states_new (GbStore     *store,
                           const char  *today,
                           GError     **error)
{
  static const char *const header[] = { "Đơn vị", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                                        "Chưa hoàn thành, trong hạn", "Chưa hoàn thành, quá hạn",
                                        "Không có thời hạn", "Tổng số", NULL };
  g_autofree char *day = NULL;
  g_autofree char *short_day = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GbConclusion) r = NULL;
  GbConclusionSection *per_unit;
  const GbTaskStateCount *total;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  day = today_or_now (today);
  if ((all = gb_store_count_task_states (store, GB_TASK_GROUP_ALL, day, error)) == NULL ||
      (units = gb_store_count_task_states (store, GB_TASK_GROUP_UNIT, day, error)) == NULL)
    return NULL;
  short_day = gb_format_short_date (day);
  subject = g_strdup_printf ("tình hình thực hiện nhiệm vụ theo đơn vị (đến ngày %s)", short_day);
  r = report_new (store, day, "BÁO CÁO", subject);
  total = g_ptr_array_index (all, 0);
  r->opening = g_strdup_printf ("Đến ngày %s, toàn tỉnh có %u nhiệm vụ được giao: hoàn thành đúng hạn %u, hoàn "
                                "thành quá hạn %u, chưa hoàn thành trong hạn %u, chưa hoàn thành quá hạn %u, "
                                "không có thời hạn %u. Tình hình theo từng đơn vị như sau:",
                                short_day, total->total, total->counts[GB_TASK_STATE_ON_TIME],
                                total->counts[GB_TASK_STATE_LATE], total->counts[GB_TASK_STATE_OPEN],
                                total->counts[GB_TASK_STATE_OVERDUE], total->counts[GB_TASK_STATE_NO_DEADLINE]);
  per_unit = gb_conclusion_section_new ("Tình hình thực hiện nhiệm vụ theo đơn vị", NULL);
  per_unit->table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (per_unit->table, g_strdupv ((char **) header));
  for (guint i = 0; i < units->len; i++)
    g_ptr_array_add (per_unit->table, counts_row (g_ptr_array_index (units, i)));
  g_ptr_array_add (per_unit->table, counts_row (total));
  g_ptr_array_add (r->sections, per_unit);
  g_ptr_array_add (r->recipients, g_strdup ("Lưu."));
  return g_steal_pointer (&r);
}

static void
csv_field (GString    *s,
           const char *value,
           gboolean    last)
{
  const char *v = value ? value : "";

  if (strpbrk (v, ",\"\r\n") != NULL)
    {
      g_string_append_c (s, '"');
      for (; *v; v++)
        {
          if (*v == '"')
            g_string_append_c (s, '"');
          g_string_append_c (s, *v);
        }
      g_string_append_c (s, '"');
    }
  else
    g_string_append (s, v);
  g_string_append (s, last ? "\r\n" : ",");
}

static gboolean
write_csv (GString     *s,
           const char  *path,
           GError     **error)
{
  return gb_file_write (path, s->str, s->len, error);
}

static gboolean
is_csv (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".csv");
}

/**
 * gb_task_report_write_unit:
 * @today: (nullable): the day that decides what is overdue; NULL for today
 * @path: ends in .pdf, .odt or .csv
 *
 * Returns: %FALSE with @error set when the unit is unknown or the file could not be written
 */
gboolean
gb_task_report_write_unit (GbStore     *store,
                           const char  *unit,
                           const char  *today,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(GString) s = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (unit != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!is_csv (path))
    {
      g_autoptr(GbConclusion) r = gb_task_report_unit_new (store, unit, today, error);

      return r != NULL && gb_conclusion_export (r, path, error);
    }
  day = today_or_now (today);
  if ((items = open_items_of (store, unit, day, error)) == NULL)
    return FALSE;
  s = g_string_new ("document,item,text,due_date,state,units\r\n");
  for (guint i = 0; i < items->len; i++)
    {
      const GbTrackerItem *it = g_ptr_array_index (items, i);

      csv_field (s, it->document_number, FALSE);
      csv_field (s, it->path, FALSE);
      csv_field (s, it->text, FALSE);
      csv_field (s, it->due, FALSE);
      csv_field (s, gb_task_state_to_string (it->state), FALSE);
      csv_field (s, it->units, TRUE);
    }
  return write_csv (s, path, error);
}

/**
 * gb_task_report_write_states:
 * @today: (nullable): the day that decides what is overdue; NULL for today
 * @path: ends in .pdf, .odt or .csv
 *
 * Returns: %FALSE with @error set when the file could not be written
 */
gboolean
gb_task_report_write_states (GbStore     *store,
                             const char  *today,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(GString) s = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!is_csv (path))
    {
      g_autoptr(GbConclusion) r = gb_task_report_states_new (store, today, error);

      return r != NULL && gb_conclusion_export (r, path, error);
    }
  day = today_or_now (today);
  if ((all = gb_store_count_task_states (store, GB_TASK_GROUP_ALL, day, error)) == NULL ||
      (units = gb_store_count_task_states (store, GB_TASK_GROUP_UNIT, day, error)) == NULL)
    return FALSE;
  s = g_string_new ("unit,on_time,late,open,overdue,no_deadline,total\r\n");
  g_ptr_array_add (units, g_ptr_array_steal_index (all, 0));
  for (guint i = 0; i < units->len; i++)
    {
      const GbTaskStateCount *row = g_ptr_array_index (units, i);

      csv_field (s, row->name ? row->name : "Tổng cộng", FALSE);
      for (guint k = 0; k < GB_TASK_N_STATES; k++)
        g_string_append_printf (s, "%u,", row->counts[k]);
      g_string_append_printf (s, "%u\r\n", row->total);
    }
  return write_csv (s, path, error);
}
