/* test-task-states.c — the four states of a task at their edges, on items and in the counts
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser.h"
#include "gb-store-task-states.h"
#include "gb-store-tracker.h"
#include "gb-task-reminder.h"
#include "gb-test-util.h"

static const char notice_text[] =
  "Số 12-CV/TU\n\nV/v phong tỏa\n\nHà Nam, ngày 10 tháng 8 năm 2021\n\n"
  "1. Sở Y tế chủ trì, phối hợp với Công an tỉnh phong tỏa khu dân cư trước ngày 15/8.\n"
  "2. Công an tỉnh bảo đảm an ninh trật tự thường xuyên.\n"
  "3. Sở Y tế báo cáo trước ngày 20/9.\n";

static void
test_edges (void)
{
  /* Done on the due day is on time; a day later is late. */
  g_assert_cmpint (gb_task_state_compute (TRUE, "done", "2021-09-20", "2021-09-20", "2021-10-01"), ==, GB_TASK_STATE_ON_TIME);
  g_assert_cmpint (gb_task_state_compute (TRUE, "done", "2021-09-20", "2021-09-19", "2021-10-01"), ==, GB_TASK_STATE_ON_TIME);
  g_assert_cmpint (gb_task_state_compute (TRUE, "done", "2021-09-20", "2021-09-21", "2021-10-01"), ==, GB_TASK_STATE_LATE);
  /* Due today is still within the deadline; tomorrow it is overdue. */
  g_assert_cmpint (gb_task_state_compute (TRUE, "new", "2021-09-20", NULL, "2021-09-20"), ==, GB_TASK_STATE_OPEN);
  g_assert_cmpint (gb_task_state_compute (TRUE, "in_progress", "2021-09-20", NULL, "2021-09-21"), ==, GB_TASK_STATE_OVERDUE);
  /* No deadline, open or done. */
  g_assert_cmpint (gb_task_state_compute (TRUE, "new", NULL, NULL, "2021-09-21"), ==, GB_TASK_STATE_NO_DEADLINE);
  g_assert_cmpint (gb_task_state_compute (TRUE, "done", NULL, "2021-09-01", "2021-09-21"), ==, GB_TASK_STATE_NO_DEADLINE);
  /* Not counted at all. */
  g_assert_cmpint (gb_task_state_compute (FALSE, "new", "2021-09-20", NULL, "2021-09-21"), ==, GB_TASK_STATE_NONE);
  g_assert_cmpint (gb_task_state_compute (TRUE, "cancelled", "2021-09-20", NULL, "2021-09-21"), ==, GB_TASK_STATE_NONE);
  g_assert_cmpstr (gb_task_state_to_string (GB_TASK_STATE_ON_TIME), ==, "on_time");
  g_assert_cmpstr (gb_task_state_to_string (GB_TASK_STATE_NO_DEADLINE), ==, "no_deadline");
  g_assert_null (gb_task_state_to_string (GB_TASK_STATE_NONE));
}

static const GbTrackerItem *
item_with (GPtrArray  *items,
           const char *path)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (((GbTrackerItem *) g_ptr_array_index (items, i))->path, path) == 0)
      return g_ptr_array_index (items, i);
  g_assert_not_reached ();
  return NULL;
}

static const GbTaskStateCount *
row_named (GPtrArray  *rows,
           const char *name)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (((GbTaskStateCount *) g_ptr_array_index (rows, i))->name, name) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* A new store holding the notice; @path receives the database's file. */
static GbStore *
store_with_notice (char **path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = gb_notice_parse (notice_text, -1, NULL, &error);
  GbStore *store;

  g_assert_no_error (error);
  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_store_tracker_save_notice (store, n, notice_text, "t.txt", "imported", &error), >, 0);
  g_assert_no_error (error);
  return store;
}

static void
test_store (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = store_with_notice (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  const GbTaskStateCount *row;

  items = gb_store_tracker_query_items (store, NULL, "2021-09-20", &error);
  g_assert_no_error (error);
  g_assert_cmpint (item_with (items, "1")->state, ==, GB_TASK_STATE_OVERDUE);
  g_assert_cmpint (item_with (items, "2")->state, ==, GB_TASK_STATE_NO_DEADLINE);
  g_assert_cmpint (item_with (items, "3")->state, ==, GB_TASK_STATE_OPEN);

  /* Marked done today, years after its deadline: late. */
  g_assert_true (gb_store_tracker_set_status (store, item_with (items, "1")->id, "done", NULL, &error));
  g_assert_no_error (error);

  all = gb_store_count_task_states (store, GB_TASK_GROUP_ALL, "2021-09-20", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  row = g_ptr_array_index (all, 0);
  g_assert_cmpuint (row->total, ==, 3);
  g_assert_cmpuint (row->counts[GB_TASK_STATE_LATE], ==, 1);
  g_assert_cmpuint (row->counts[GB_TASK_STATE_OPEN], ==, 1);
  g_assert_cmpuint (row->counts[GB_TASK_STATE_NO_DEADLINE], ==, 1);
  g_assert_cmpuint (row->counts[GB_TASK_STATE_OVERDUE], ==, 0);

  units = gb_store_count_task_states (store, GB_TASK_GROUP_UNIT, "2021-09-21", &error);
  g_assert_no_error (error);
  row = row_named (units, "Sở Y tế");
  g_assert_nonnull (row);
  g_assert_cmpuint (row->total, ==, 2);
  g_assert_cmpuint (row->counts[GB_TASK_STATE_LATE], ==, 1);
  g_assert_cmpuint (row->counts[GB_TASK_STATE_OVERDUE], ==, 1);
  row = row_named (units, "Công an tỉnh");
  g_assert_nonnull (row);
  g_assert_cmpuint (row->total, ==, 2);   /* cooperating on 1, leading 2 */

  docs = gb_store_count_task_states (store, GB_TASK_GROUP_DOCUMENT, "2021-09-21", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_cmpstr (((GbTaskStateCount *) g_ptr_array_index (docs, 0))->name, ==, "12-CV/TU");
  g_assert_cmpuint (((GbTaskStateCount *) g_ptr_array_index (docs, 0))->total, ==, 3);
}

/* The reminder on a fixed day: what falls due within three days and what became overdue since
 * the previous reminder, by lead unit. */
static void
test_reminder (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = store_with_notice (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTaskReminder) r = NULL;
  g_autoptr(GbTaskReminder) later = NULL;
  g_autoptr(GbTaskReminder) none = NULL;

  /* 17/9: item 3 (20/9) is due within 3 days; item 1 (15/8) is long overdue. */
  r = gb_task_reminder_compose (store, "2021-09-17", 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->n_due_soon, ==, 1);
  g_assert_cmpuint (r->n_overdue, ==, 1);
  g_assert_cmpstr (r->body, ==, "Sở Y tế: 1 overdue, 1 due soon");
  /* The click shows exactly these two items. */
  g_assert_cmpuint (r->item_ids->len, ==, 2);
  g_assert_cmpint (g_array_index (r->item_ids, gint64, 0), !=, g_array_index (r->item_ids, gint64, 1));

  /* The next morning's reminder leaves out what was already overdue at the previous one. */
  later = gb_task_reminder_compose (store, "2021-09-21", 3, "2021-09-18", &error);
  g_assert_no_error (error);
  g_assert_nonnull (later);
  g_assert_cmpuint (later->n_overdue, ==, 1);   /* item 3, due 20/9 */
  g_assert_cmpuint (later->n_due_soon, ==, 0);
  g_assert_cmpuint (later->item_ids->len, ==, 1);

  /* 16/9 with only new overdue items since 16/9: nothing to say. */
  none = gb_task_reminder_compose (store, "2021-09-16", 3, "2021-09-16", &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/task-states/edges", test_edges);
  g_test_add_func ("/task-states/store", test_store);
  g_test_add_func ("/task-states/reminder", test_reminder);
  return g_test_run ();
}
