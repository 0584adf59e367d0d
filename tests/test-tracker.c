/* test-tracker.c — stored notices: save, reparse, lists, overdue, status log, search
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-error.h"
#include "gb-notice-parser.h"
#include "gb-store-tracker.h"
#include "gb-test-util.h"
#include "gb-text.h"

#include <json-glib/json-glib.h>

static const char notice_text[] =
  "Số 12-CV/TU\n\nV/v phong tỏa\n\nHà Nam, ngày 10 tháng 8 năm 2021\n\n"
  "Kính gửi: - Các sở, ban, ngành.\n\n"
  "Thực hiện Công văn số 154-CV/TU, ngày 28/4/2021 của Ban Thường vụ Tỉnh ủy.\n"
  "1. Sở Y tế chủ trì, phối hợp với Công an tỉnh phong tỏa khu dân cư trước ngày 15/8.\n"
  "2. Công an tỉnh bảo đảm an ninh trật tự thường xuyên.\n"
  "3. Sở Y tế báo cáo trước ngày 20/9.\n"
  "Nơi nhận:\n- Như trên.\n";

static GbStore *
open_store (char **path)
{
  g_autoptr(GError) error = NULL;
  GbStore *store;

  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_no_error (error);
  return store;
}

static gint64
save (GbStore    *store,
      const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = gb_notice_parse (text, -1, NULL, &error);
  gint64 id;

  g_assert_no_error (error);
  id = gb_store_tracker_save_notice (store, n, text, "t.txt", "imported", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_save_and_list (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  GbTrackerDocument *d;
  GbTrackerItem *it;
  gint64 id = save (store, notice_text);

  docs = gb_store_tracker_list_documents (store, "2021-09-01", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      d = g_ptr_array_index (docs, i);
      if (d->id == id)
        break;
      d = NULL;
    }
  g_assert_nonnull (d);
  g_assert_cmpstr (d->number, ==, "12-CV/TU");
  g_assert_cmpstr (d->date, ==, "2021-08-10");
  g_assert_cmpint (d->n_items, ==, 3);
  g_assert_cmpint (d->n_open, ==, 3);
  g_assert_cmpint (d->n_overdue, ==, 1);

  items = gb_store_tracker_list_items (store, "Sở Y tế", FALSE, "2021-09-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  it = g_ptr_array_index (items, 0);
  g_assert_true (it->overdue);
  g_assert_cmpstr (it->path, ==, "1");
  g_assert_cmpstr (it->due, ==, "2021-08-15");
  g_assert_nonnull (strstr (it->units, "Công an tỉnh"));
  it = g_ptr_array_index (items, 1);
  g_assert_false (it->overdue);

  /* The due day itself is not overdue; the day after is. */
  overdue = gb_store_tracker_list_items (store, "SYT", TRUE, "2021-08-15", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 0);
  g_clear_pointer (&overdue, g_ptr_array_unref);
  overdue = gb_store_tracker_list_items (store, "sở y tế", TRUE, "2021-08-16", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 1);

  /* A done item is no longer overdue, and the log keeps both states. */
  it = g_ptr_array_index (items, 0);
  g_assert_true (gb_store_tracker_set_status (store, it->id, "done", "tester", &error));
  g_assert_no_error (error);
  g_clear_pointer (&overdue, g_ptr_array_unref);
  overdue = gb_store_tracker_list_items (store, "Sở Y tế", TRUE, "2021-09-01", &error);
  g_assert_cmpuint (overdue->len, ==, 0);
  g_assert_false (gb_store_tracker_set_status (store, it->id, "finished", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (gb_store_tracker_set_status (store, 999999, "done", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (gb_store_tracker_add_progress (store, it->id, "2021-08-14", "Đã phong tỏa", "tester", &error));
  g_assert_no_error (error);

  /* Its history, newest first: the progress, then "done" by the tester, then "new" at import. */
  {
    g_autoptr(GPtrArray) history = gb_store_tracker_item_history (store, it->id, &error);
    GbTrackerEvent *e;

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 3);
    e = history->pdata[0];
    g_assert_null (e->status);
    g_assert_cmpstr (e->text, ==, "Đã phong tỏa");
    g_assert_cmpstr (e->date, ==, "2021-08-14");
    e = history->pdata[1];
    g_assert_cmpstr (e->status, ==, "done");
    g_assert_cmpstr (e->author, ==, "tester");
    g_assert_null (e->text);
    e = history->pdata[2];
    g_assert_cmpstr (e->status, ==, "new");
    g_clear_pointer (&history, g_ptr_array_unref);
    history = gb_store_tracker_item_history (store, 999999, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 0);
  }
  g_assert_false (gb_store_tracker_add_progress (store, it->id, "2021-02-31", "x", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_null (gb_store_tracker_list_items (store, "Không tồn tại", FALSE, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

static void
test_search (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;
  g_autoptr(GPtrArray) none = NULL;
  gboolean item_hit = FALSE;

  save (store, notice_text);
  a = gb_store_tracker_search (store, "phong toa", &error);
  g_assert_no_error (error);
  b = gb_store_tracker_search (store, "phong tỏa", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, >, 0);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    item_hit |= ((GbTrackerHit *) g_ptr_array_index (a, i))->item_id != 0;
  g_assert_true (item_hit);
  /* "đ" folds to "d" too, and query syntax in user input is just text. */
  c = gb_store_tracker_search (store, "dam bao \"an ninh", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->len, >, 0);
  none = gb_store_tracker_search (store, "xyzkhongco", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_failed_save_leaves_nothing (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = gb_notice_parse (notice_text, -1, NULL, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GbNoticeItem *bad;

  g_assert_no_error (error);
  /* An item the schema refuses (level 0 is clamped, so break the text instead) makes the
   * whole save fail after the document row was written. */
  bad = g_ptr_array_index (n->items, 2);
  g_clear_pointer (&bad->text, g_free);
  before = gb_test_fingerprint (path);
  g_assert_cmpint (gb_store_tracker_save_notice (store, n, notice_text, "t.txt", "imported", &error), ==, 0);
  g_assert_error (error, GB_ERROR, GB_ERROR_DATABASE);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_reparse (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 id, first;

  id = gb_store_add_document_text (store, "t.txt", notice_text, "demo", &error);
  g_assert_no_error (error);
  g_assert_true (gb_store_tracker_reparse_document (store, id, &error));
  g_assert_no_error (error);
  /* Twice gives the same items, not twice as many. */
  g_assert_true (gb_store_tracker_reparse_document (store, id, &error));
  g_assert_no_error (error);
  items = gb_store_tracker_list_items (store, "Công an tỉnh", FALSE, "2021-09-01", &error);
  g_assert_no_error (error);
  first = items->len;
  g_assert_cmpint (first, ==, 2);
  g_assert_false (gb_store_tracker_reparse_document (store, 987654, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

static void
test_user_organisation (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbOrganisations) orgs = NULL;

  g_assert_true (gb_store_tracker_add_organisation (store, "Trung tâm Kiểm soát bệnh tật tỉnh", "CDC tỉnh", &error));
  g_assert_no_error (error);
  orgs = gb_store_tracker_get_organisations (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gb_organisations_lookup (orgs, "cdc tỉnh"), ==, "Trung tâm Kiểm soát bệnh tật tỉnh");
  g_assert_cmpstr (gb_organisations_lookup (orgs, "MTTQ"), ==, "Ủy ban MTTQ Việt Nam tỉnh");
}

static void
test_midnight (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) hanoi = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  /* 23:30 UTC on the due day is already the next morning in Hà Nội. */
  g_autoptr(GDateTime) late = g_date_time_new (utc, 2021, 8, 15, 23, 30, 0);
  g_autoptr(GDateTime) before = g_date_time_new (utc, 2021, 8, 15, 16, 59, 59);
  g_autofree char *d1 = gb_tracker_date_in_zone (late, hanoi);
  g_autofree char *d2 = gb_tracker_date_in_zone (late, utc);
  g_autofree char *d3 = gb_tracker_date_in_zone (before, hanoi);
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  g_assert_cmpstr (d1, ==, "2021-08-16");
  g_assert_cmpstr (d2, ==, "2021-08-15");
  g_assert_cmpstr (d3, ==, "2021-08-15");
  save (store, notice_text);
  a = gb_store_tracker_list_items (store, "Sở Y tế", TRUE, d1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 1);
  b = gb_store_tracker_list_items (store, "Sở Y tế", TRUE, d2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (b->len, ==, 0);
}


static const char conclusion_text[] =
  "Số 30-TB/TU\n\nHà Nam, ngày 20 tháng 8 năm 2021\n\nTHÔNG BÁO\nkết luận của Thường trực Tỉnh ủy\n\n"
  "Thực hiện Công văn số 12-CV/TU, ngày 10/8/2021 và Chỉ thị 15 của Thủ tướng Chính phủ.\n"
  "1. Ban Tuyên giáo Tỉnh ủy tuyên truyền trước ngày 25/8/2021.\n"
  "2. Sở Y tế tổng hợp báo cáo trước ngày 16/8/2021.\n";

static const char directive_text[] =
  "Số 15/CT-TTg\n\nHà Nội, ngày 27 tháng 3 năm 2020\n\nCHỈ THỊ\nVề quyết liệt thực hiện đợt cao điểm phòng, chống dịch\n\n"
  "1. Các bộ, ngành thực hiện nghiêm cách ly xã hội.\n";

static gint64
find_item (GPtrArray  *items,
           const char *path,
           gint64      document_id)
{
  for (guint i = 0; i < items->len; i++)
    {
      GbTrackerItem *it = g_ptr_array_index (items, i);
      if (g_strcmp0 (it->path, path) == 0 && it->document_id == document_id)
        return it->id;
    }
  g_assert_not_reached ();
}

static guint
count (GbStore               *store,
       const GbTrackerFilter *filter,
       const char            *today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = gb_store_tracker_query_items (store, filter, today, &error);

  g_assert_no_error (error);
  return items->len;
}

static void
test_week (void)
{
  /* Monday to Sunday, across a month and a year. */
  const char *cases[][3] = {
    { "2021-08-12", "2021-08-09", "2021-08-15" },   /* Thursday */
    { "2021-08-15", "2021-08-09", "2021-08-15" },   /* Sunday ends the week */
    { "2021-08-16", "2021-08-16", "2021-08-22" },   /* Monday starts one */
    { "2021-09-01", "2021-08-30", "2021-09-05" },
    { "2022-01-01", "2021-12-27", "2022-01-02" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *monday = NULL;
      g_autofree char *sunday = NULL;

      gb_tracker_week_of (cases[i][0], &monday, &sunday);
      g_assert_cmpstr (monday, ==, cases[i][1]);
      g_assert_cmpstr (sunday, ==, cases[i][2]);
    }
}

static void
test_filters (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) doc = NULL;
  gint64 cv = save (store, notice_text);
  gint64 tb = save (store, conclusion_text);
  GbTrackerFilter f = { 0 };

  all = gb_store_tracker_query_items (store, NULL, "2021-08-12", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 5);

  /* Document kind. */
  f.kind = "công văn";
  g_assert_cmpuint (count (store, &f, "2021-08-12"), ==, 3);
  f.kind = "thông báo kết luận";
  g_assert_cmpuint (count (store, &f, "2021-08-12"), ==, 2);
  f.kind = "chỉ thị";
  g_assert_cmpuint (count (store, &f, "2021-08-12"), ==, 0);
  f.kind = NULL;

  /* Due this week: Monday to Sunday of the week of today, open items only. */
  f.due_this_week = TRUE;
  g_assert_cmpuint (count (store, &f, "2021-08-12"), ==, 1);   /* 15/8 (Sunday) */
  g_assert_cmpuint (count (store, &f, "2021-08-15"), ==, 1);
  g_assert_cmpuint (count (store, &f, "2021-08-16"), ==, 1);   /* 16/8; 25/8 is next week's */
  g_assert_cmpuint (count (store, &f, "2021-09-20"), ==, 1);   /* 20/9 is a Monday */
  g_assert_cmpuint (count (store, &f, "2021-09-19"), ==, 0);

  /* Status, and "open" for new or in progress; a done item leaves "this week". */
  g_assert_true (gb_store_tracker_set_status (store, find_item (all, "1", cv), "done", "t", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (store, &f, "2021-08-12"), ==, 0);
  f.due_this_week = FALSE;
  f.status = "done";
  g_assert_cmpuint (count (store, &f, "2021-08-12"), ==, 1);
  f.status = "open";
  g_assert_cmpuint (count (store, &f, "2021-08-12"), ==, 4);
  g_assert_true (gb_store_tracker_set_status (store, find_item (all, "2", tb), "in_progress", "t", &error));
  f.status = "in_progress";
  g_assert_cmpuint (count (store, &f, "2021-08-12"), ==, 1);
  f.status = "open";
  g_assert_cmpuint (count (store, &f, "2021-08-12"), ==, 4);
  f.status = "finished";
  g_assert_null (gb_store_tracker_query_items (store, &f, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  f.status = NULL;

  /* Conditions combine: a unit's overdue items of one kind. */
  f.unit = "Sở Y tế";
  f.overdue_only = TRUE;
  g_assert_cmpuint (count (store, &f, "2021-08-17"), ==, 1);   /* 16/8 of the notice; 15/8 is done */
  f.kind = "công văn";
  g_assert_cmpuint (count (store, &f, "2021-08-17"), ==, 0);

  /* One document: its items in reading order whatever their deadlines. */
  memset (&f, 0, sizeof f);
  f.document_id = tb;
  doc = gb_store_tracker_query_items (store, &f, "2021-09-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (doc->len, ==, 2);
  g_assert_cmpstr (((GbTrackerItem *) g_ptr_array_index (doc, 0))->path, ==, "1");
  g_assert_true (((GbTrackerItem *) g_ptr_array_index (doc, 1))->overdue);
  g_assert_cmpstr (((GbTrackerItem *) g_ptr_array_index (doc, 0))->document_kind, ==, "thông báo kết luận");
}

static void
test_latest_progress (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 doc = save (store, notice_text);
  gint64 id;
  GbTrackerFilter f = { .document_id = doc };
  GbTrackerItem *it;

  items = gb_store_tracker_query_items (store, &f, "2021-08-12", &error);
  g_assert_no_error (error);
  it = g_ptr_array_index (items, 0);
  g_assert_null (it->progress);
  id = it->id;
  g_assert_true (gb_store_tracker_add_progress (store, id, "2021-08-12", "Đã lập chốt", "Lan", &error));
  g_assert_true (gb_store_tracker_add_progress (store, id, "2021-08-14", "Đã phong tỏa", "Minh", &error));
  /* Written later but about an earlier day: not the latest. */
  g_assert_true (gb_store_tracker_add_progress (store, id, "2021-08-13", "Đã họp", NULL, &error));
  g_assert_no_error (error);
  after = gb_store_tracker_query_items (store, &f, "2021-08-12", &error);
  it = g_ptr_array_index (after, 0);
  g_assert_cmpint (it->id, ==, id);
  g_assert_cmpstr (it->progress, ==, "Đã phong tỏa");
  g_assert_cmpstr (it->progress_date, ==, "2021-08-14");
  g_assert_cmpstr (it->progress_author, ==, "Minh");
  g_assert_null (((GbTrackerItem *) g_ptr_array_index (after, 1))->progress);
}

static GbNoticeUnit *
unit (const char   *name,
      GbNoticeRole  role)
{
  GbNoticeUnit *u = g_new0 (GbNoticeUnit, 1);

  u->name = g_strdup (name);
  u->role = role;
  return u;
}

static void
test_set_units (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_notice_unit_free);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 doc = save (store, notice_text);
  GbTrackerFilter f = { .document_id = doc };
  gint64 id;

  items = gb_store_tracker_query_items (store, &f, "2021-08-12", &error);
  id = ((GbTrackerItem *) g_ptr_array_index (items, 1))->id;   /* "2. Công an tỉnh …" */
  g_clear_pointer (&items, g_ptr_array_unref);

  /* By abbreviation, a co-operating unit, and a name the dictionary does not know yet. */
  g_ptr_array_add (units, unit ("Trung tâm Kiểm soát bệnh tật tỉnh", GB_NOTICE_ROLE_COOPERATE));
  g_ptr_array_add (units, unit (" SYT ", GB_NOTICE_ROLE_LEAD));
  g_assert_true (gb_store_tracker_set_units (store, id, units, &error));
  g_assert_no_error (error);
  items = gb_store_tracker_query_items (store, &f, "2021-08-12", &error);
  g_assert_cmpstr (((GbTrackerItem *) g_ptr_array_index (items, 1))->units, ==,
                   "Sở Y tế; Trung tâm Kiểm soát bệnh tật tỉnh");
  g_assert_cmpstr (((GbTrackerItem *) g_ptr_array_index (items, 1))->cooperating, ==,
                   "Trung tâm Kiểm soát bệnh tật tỉnh");
  g_clear_pointer (&items, g_ptr_array_unref);
  /* Công an tỉnh no longer owes it; the new organisation can be filtered on. */
  f.document_id = 0;
  f.unit = "Công an tỉnh";
  items = gb_store_tracker_query_items (store, &f, "2021-08-12", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  f.unit = "Trung tâm Kiểm soát bệnh tật tỉnh";
  mine = gb_store_tracker_query_items (store, &f, "2021-08-12", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpint (((GbTrackerItem *) g_ptr_array_index (mine, 0))->id, ==, id);

  /* Bad input writes nothing. */
  before = gb_test_fingerprint (path);
  g_ptr_array_add (units, unit ("  ", GB_NOTICE_ROLE_LEAD));
  g_assert_false (gb_store_tracker_set_units (store, id, units, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_ptr_array_remove_index (units, units->len - 1);
  g_ptr_array_add (units, unit ("Đơn vị mới", GB_NOTICE_ROLE_LEAD));
  g_assert_false (gb_store_tracker_set_units (store, 987654, units, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);

  /* No units at all is allowed: the item is nobody's yet. */
  g_ptr_array_set_size (units, 0);
  g_assert_true (gb_store_tracker_set_units (store, id, units, &error));
  g_assert_no_error (error);
  f.unit = NULL;
  f.document_id = doc;
  g_clear_pointer (&items, g_ptr_array_unref);
  items = gb_store_tracker_query_items (store, &f, "2021-08-12", &error);
  g_assert_null (((GbTrackerItem *) g_ptr_array_index (items, 1))->units);
}

static void
test_links (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) of_cv = NULL;
  g_autoptr(GPtrArray) of_tb = NULL;
  g_autoptr(GPtrArray) of_ct = NULL;
  gint64 tb, cv, ct;
  GbTrackerLink *l;

  /* The conclusion is stored first: its references find their documents when they arrive. */
  tb = save (store, conclusion_text);
  cv = save (store, notice_text);
  ct = save (store, directive_text);

  of_tb = gb_store_tracker_list_links (store, tb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_tb->len, ==, 2);
  l = g_ptr_array_index (of_tb, 0);
  g_assert_true (l->implements);
  g_assert_cmpint (l->other_id, ==, cv);
  g_assert_cmpstr (l->number, ==, "12-CV/TU");
  l = g_ptr_array_index (of_tb, 1);
  g_assert_true (l->implements);
  g_assert_cmpint (l->other_id, ==, ct);     /* "Chỉ thị 15" is 15/CT-TTg */
  g_assert_cmpstr (l->number, ==, "15/CT-TTg");

  /* And back: the notice is implemented by the conclusion; it implements 154-CV/TU, which is
   * not in the tracker. */
  of_cv = gb_store_tracker_list_links (store, cv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_cv->len, ==, 2);
  l = g_ptr_array_index (of_cv, 0);
  g_assert_true (l->implements);
  g_assert_cmpint (l->other_id, ==, 0);
  g_assert_nonnull (strstr (l->text, "154-CV/TU"));
  l = g_ptr_array_index (of_cv, 1);
  g_assert_false (l->implements);
  g_assert_cmpint (l->other_id, ==, tb);
  g_assert_cmpstr (l->number, ==, "30-TB/TU");

  of_ct = gb_store_tracker_list_links (store, ct, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_ct->len, ==, 1);
  g_assert_false (((GbTrackerLink *) g_ptr_array_index (of_ct, 0))->implements);
  g_assert_cmpint (((GbTrackerLink *) g_ptr_array_index (of_ct, 0))->other_id, ==, tb);
}

static void
test_cli (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "notices", "003_181e12a3a85800c3.txt", NULL);
  g_autofree char *empty = gb_test_write_temp ("empty.txt", "", 0);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *first;
  JsonArray *items;
  guint before;

  if (g_getenv ("GIAOBAN_CLI") == NULL)
    {
      g_test_skip ("GIAOBAN_CLI is not set");
      return;
    }
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-notice", "--dry-run", "--json", seed, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "number"), ==, "154-CV/TU");
  g_assert_cmpstr (json_object_get_string_member (root, "date"), ==, "2021-04-28");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "references")), ==, 2);
  /* As printed, six with "Như trên"; parsed, "Như trên" is the three addressees. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "recipients_printed")), ==, 6);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "recipients")), ==, 8);
  items = json_object_get_array_member (root, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 12);
  first = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "path"), ==, "1");
  g_assert_cmpint (json_object_get_int_member (first, "level"), ==, 1);
  g_assert_true (json_object_get_boolean_member (first, "is_task"));
  g_assert_cmpstr (json_object_get_string_member (first, "due"), ==, "2021-05-01");
  g_assert_true (json_object_has_member (first, "units"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-notice", empty, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "empty"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The database starts with the demo, whose notices are parsed too: count what it has first. */
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "items", "--unit", "Ban Tuyên giáo Tỉnh ủy", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  before = json_array_get_length (json_node_get_array (json_parser_get_root (parser)));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-notice", seed, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "items", "--unit", "Ban Tuyên giáo Tỉnh ủy", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, before + 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "search", "bau cu", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "item"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "items", "--today", "31/2/2021", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Filters: every item listed matches, and a bad status is refused. */
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "items", "--kind", "công văn", "--status", "open", "--due-this-week",
                            "--today", "2021-04-29", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  items = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      const char *due = json_object_get_string_member (o, "due");

      g_assert_cmpstr (json_object_get_string_member (o, "document_kind"), ==, "công văn");
      g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "new");
      g_assert_true (g_strcmp0 (due, "2021-04-26") >= 0 && g_strcmp0 (due, "2021-05-02") <= 0);
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "items", "--status", "finished", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "finished"));
}

/* A document's title starts with a capital, whatever the kind's case in running text. */
static void
test_document_title (void)
{
  static const struct { const char *kind, *number, *fallback, *title; } cases[] = {
    { "thông báo kết luận", "154-CV/TU", NULL, "Thông báo kết luận 154-CV/TU" },
    { "điện", "12/CĐ-UBND", "x.txt", "Điện 12/CĐ-UBND" },
    { "ủy ban", NULL, "a.docx", "Ủy ban a.docx" },
    { "Công văn", "", NULL, "Công văn" },
    { NULL, "154-CV/TU", NULL, "154-CV/TU" },
    { NULL, NULL, NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = gb_text_document_title (cases[i].kind, cases[i].number, cases[i].fallback);

      g_assert_cmpstr (title, ==, cases[i].title);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tracker/save-and-list", test_save_and_list);
  g_test_add_func ("/tracker/search", test_search);
  g_test_add_func ("/tracker/failed-save", test_failed_save_leaves_nothing);
  g_test_add_func ("/tracker/reparse", test_reparse);
  g_test_add_func ("/tracker/user-organisation", test_user_organisation);
  g_test_add_func ("/tracker/midnight", test_midnight);
  g_test_add_func ("/tracker/week", test_week);
  g_test_add_func ("/tracker/filters", test_filters);
  g_test_add_func ("/tracker/latest-progress", test_latest_progress);
  g_test_add_func ("/tracker/set-units", test_set_units);
  g_test_add_func ("/tracker/links", test_links);
  g_test_add_func ("/tracker/document-title", test_document_title);
  g_test_add_func ("/tracker/cli", test_cli);
  return g_test_run ();
}
