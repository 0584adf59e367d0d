/* test-briefing.c — situation paragraph, slides, conclusion issue and export
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "gb-conclusion-export.h"
#include "gb-demo.h"
#include "gb-error.h"
#include "gb-situation.h"
#include "gb-slides.h"
#include "gb-store-meetings.h"
#include "gb-store.h"
#include "gb-test-util.h"

static void
put_unit (GbStore     *store,
          const char  *code,
          GbUnitLevel  level,
          const char  *parent,
          const char  *name,
          const char  *type,
          gint64       population)
{
  GbUnit u = { 0 };
  g_autoptr(GError) error = NULL;

  u.code = (char *) code;
  u.level = level;
  u.parent_code = (char *) parent;
  u.name = (char *) name;
  u.type = (char *) type;
  u.population = population;
  u.pop_18 = population * 7 / 10;
  u.pop_65 = population / 10;
  g_assert_true (gb_store_put_unit (store, &u, NULL, &error));
  g_assert_no_error (error);
}

static void
put_cases (GbStore    *store,
           const char *code,
           const char *date,
           gint64      community,
           gint64      quarantine)
{
  GbCaseReport r;
  g_autoptr(GError) error = NULL;

  gb_case_report_init (&r);
  g_strlcpy (r.unit_code, code, sizeof r.unit_code);
  g_strlcpy (r.date, date, sizeof r.date);
  r.community = community;
  r.quarantine = quarantine;
  g_assert_true (gb_store_put_case_report (store, &r, &error));
  g_assert_no_error (error);
}

/* A province with two districts of two communes each; reports for communes and for the
 * province (as the feeds give them), vaccination for the province. Counts vary per day so a
 * wrong window shows. */
static GbStore *
small_store (char **out_path)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  GbStore *store = gb_store_open (path, &error);
  const char *communes[] = { "90001", "90002", "90011", "90012" };
  GbVaccination v;

  g_assert_no_error (error);
  put_unit (store, "90", GB_UNIT_LEVEL_PROVINCE, NULL, "Tỉnh Thử Nghiệm", "Tỉnh", 400000);
  put_unit (store, "900", GB_UNIT_LEVEL_DISTRICT, "90", "Huyện Một", "Huyện", 200000);
  put_unit (store, "901", GB_UNIT_LEVEL_DISTRICT, "90", "Thành phố Rất Dài Tên Để Thử Việc Co Chữ Trong Bảng", "Thành phố", 200000);
  put_unit (store, "90001", GB_UNIT_LEVEL_COMMUNE, "900", "Xã A", "Xã", 100000);
  put_unit (store, "90002", GB_UNIT_LEVEL_COMMUNE, "900", "Xã B", "Xã", 100000);
  put_unit (store, "90011", GB_UNIT_LEVEL_COMMUNE, "901", "Phường C", "Phường", 100000);
  put_unit (store, "90012", GB_UNIT_LEVEL_COMMUNE, "901", "Phường D", "Phường", 100000);

  for (int day = 1; day <= 20; day++)
    {
      g_autofree char *date = g_strdup_printf ("2021-09-%02d", day);
      gint64 total_c = 0, total_q = 0;

      for (int k = 0; k < 4; k++)
        {
          gint64 c = (day * (k + 1)) % 7, q = (day + k) % 3;

          put_cases (store, communes[k], date, c, q);
          total_c += c;
          total_q += q;
        }
      put_cases (store, "90", date, total_c, total_q);
    }
  gb_vaccination_init (&v);
  g_strlcpy (v.unit_code, "90", sizeof v.unit_code);
  g_strlcpy (v.date, "2021-09-14", sizeof v.date);
  v.pop_18 = 280000;
  v.dose1_18 = 123456;
  v.pop_65 = 40000;
  v.full_65 = 30001;
  g_assert_true (gb_store_put_vaccination (store, &v, &error));
  g_assert_no_error (error);

  *out_path = g_steal_pointer (&path);
  return store;
}

static void
sum_reports (GbStore    *store,
             const char *code,
             const char *from,
             const char *to,
             gint64     *all,
             gint64     *community)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = gb_store_get_case_reports (store, code, from, to, &error);

  g_assert_no_error (error);
  *all = *community = 0;
  for (guint i = 0; i < rows->len; i++)
    {
      GbCaseReport *r = &g_array_index (rows, GbCaseReport, i);
      *all += r->community + r->quarantine;
      *community += r->community;
    }
}

static void
test_paragraph_numbers (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSituation) s = gb_situation_compute (store, NULL, "2021-09-15", &error);
  g_autoptr(GbSituation) d = NULL;
  g_autofree char *para = NULL;
  g_autofree char *expect = NULL;
  g_autofree char *pct = NULL;
  gint64 all, comm, prev, prev_comm, a1, c1, a2, c2;

  g_assert_no_error (error);
  sum_reports (store, "90", "2021-09-09", "2021-09-15", &all, &comm);
  sum_reports (store, "90", "2021-09-02", "2021-09-08", &prev, &prev_comm);
  g_assert_cmpint (s->cases_7d, ==, all);
  g_assert_cmpint (s->community_7d, ==, comm);
  g_assert_cmpint (s->cases_prev_7d, ==, prev);
  g_assert_cmpfloat_with_epsilon (s->dose1_18_share, 123456.0 / 280000.0, 1e-9);
  g_assert_cmpstr (s->vacc_date, ==, "2021-09-14");

  para = gb_situation_format_paragraph (s, 17);
  g_test_message ("%s", para);
  g_assert_true (g_str_has_prefix (para, "Tính đến 17 giờ ngày 15/9/2021, toàn tỉnh ghi nhận "));
  expect = g_strdup_printf ("ghi nhận %" G_GINT64_FORMAT " ca mắc mới trong 7 ngày", all);
  g_assert_nonnull (strstr (para, expect));
  g_free (expect);
  expect = g_strdup_printf ("trong đó %" G_GINT64_FORMAT " ca trong cộng đồng", comm);
  g_assert_nonnull (strstr (para, expect));
  g_free (expect);
  pct = gb_format_decimal (fabs (100.0 * (all - prev) / prev), 1);
  expect = g_strdup_printf ("%s %s%% so với 7 ngày trước đó (%" G_GINT64_FORMAT " ca)",
                            all > prev ? "tăng" : "giảm", pct, prev);
  g_assert_nonnull (strstr (para, expect));
  /* Vietnamese formats: decimal comma, dotted thousands. */
  g_assert_nonnull (strstr (para, "đạt 44,1% (123.456/280.000 người)"));
  g_assert_nonnull (strstr (para, "đủ liều đạt 75% (mục tiêu 80%)"));

  /* A district without reports of its own is the sum of its communes. */
  d = gb_situation_compute (store, "900", "2021-09-15", &error);
  g_assert_no_error (error);
  sum_reports (store, "90001", "2021-09-09", "2021-09-15", &a1, &c1);
  sum_reports (store, "90002", "2021-09-09", "2021-09-15", &a2, &c2);
  g_assert_cmpint (d->cases_7d, ==, a1 + a2);
  g_assert_cmpint (d->community_7d, ==, c1 + c2);

  g_assert_null (gb_situation_compute (store, NULL, "2021-13-45", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
}

static void
test_number_formats (void)
{
  g_autofree char *a = gb_format_decimal (1234567.26, 1);
  g_autofree char *b = gb_format_decimal (12.0, 1);
  g_autofree char *c = gb_format_percent (0.7049);
  g_autofree char *d = gb_format_short_date ("2021-09-05");
  g_autoptr(GbConclusion) k = gb_conclusion_new_for_meeting ("2022-02-05", "Ninh Thuận");
  g_autofree char *e = gb_conclusion_format_place_date (k);

  g_assert_cmpstr (a, ==, "1.234.567,3");
  g_assert_cmpstr (b, ==, "12");
  g_assert_cmpstr (c, ==, "70,5%");
  g_assert_cmpstr (d, ==, "5/9/2021");
  g_assert_cmpstr (e, ==, "Ninh Thuận, ngày 05 tháng 02 năm 2022");
}

static GPtrArray *
fake_results (const int *levels,
              guint      n)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_level_result_free);

  for (guint i = 0; i < n; i++)
    {
      GbLevelResult *r = gb_level_result_new ();

      r->unit_code = g_strdup_printf ("9%04u", i);
      r->unit_level = GB_UNIT_LEVEL_COMMUNE;
      r->effective = levels[i];
      g_ptr_array_add (results, r);
    }
  /* A district result must not be counted as a commune. */
  {
    GbLevelResult *d = gb_level_result_new ();
    d->unit_code = g_strdup ("900");
    d->unit_level = GB_UNIT_LEVEL_DISTRICT;
    d->effective = GB_LEVEL_4;
    g_ptr_array_add (results, d);
  }
  return results;
}

/* Levels come from the level engine's results; the paragraph counts communes per level and
 * says how each count moved since the previous briefing. */
static void
test_paragraph_levels (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSituation) s = gb_situation_compute (store, NULL, "2021-09-15", &error);
  const int now[] = { 4, 4, 3, 1, 1, 1, 0 };
  const int before[] = { 4, 3, 3, 3, 1, 1, 1 };
  g_autoptr(GPtrArray) r_now = fake_results (now, G_N_ELEMENTS (now));
  g_autoptr(GPtrArray) r_before = fake_results (before, G_N_ELEMENTS (before));
  g_autofree char *para = NULL;

  g_assert_no_error (error);
  gb_situation_set_levels (s, r_now, r_before);
  g_assert_cmpuint (s->communes_per_level[GB_LEVEL_4], ==, 2);
  g_assert_cmpuint (s->communes_per_level[GB_LEVEL_3], ==, 1);
  g_assert_cmpuint (s->communes_per_level[GB_LEVEL_1], ==, 3);
  para = gb_situation_format_paragraph (s, -1);
  g_test_message ("%s", para);
  g_assert_nonnull (strstr (para, "2 xã, phường, thị trấn ở cấp 4 (vùng đỏ) (tăng 1 so với tuần trước)"));
  g_assert_nonnull (strstr (para, "1 xã, phường, thị trấn ở cấp 3 (vùng cam) (giảm 2 so với tuần trước)"));
  /* Unchanged counts carry no remark. */
  g_assert_nonnull (strstr (para, "3 xã, phường, thị trấn ở cấp 1 (vùng xanh);"));
  g_assert_nonnull (strstr (para, "1 xã, phường, thị trấn chưa đủ dữ liệu để đánh giá"));
  g_assert_null (strstr (para, "ở cấp 2"));
}

static GbConclusion *
sample_conclusion (void)
{
  GbConclusion *c = gb_conclusion_new_for_meeting ("2021-09-15", "Thử Nghiệm");
  GbConclusionSection *sec;
  GbConclusionTask *t;

  c->chair = g_strdup ("Đồng chí Bí thư Tỉnh ủy");
  c->signer = g_strdup ("Nguyễn Văn Ký");
  c->signer_title = g_strdup ("PHÓ BÍ THƯ THƯỜNG TRỰC");
  g_ptr_array_add (c->reported_units, g_strdup ("Huyện Một"));
  sec = g_ptr_array_index (c->sections, 0);
  sec->body = g_strdup ("Tình hình dịch cơ bản được kiểm soát.");
  sec = g_ptr_array_index (c->sections, 1);
  t = gb_conclusion_task_new ("Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo xét nghiệm diện rộng tại các xã, "
                              "phường có ca mắc trong cộng đồng, hoàn thành trước khi học sinh trở lại trường",
                              "2021-09-20", NULL);
  g_ptr_array_add (t->units, g_strdup ("Ban cán sự đảng UBND tỉnh"));
  g_ptr_array_add (t->units, g_strdup ("Sở Y tế"));
  g_ptr_array_add (sec->tasks, t);
  t = gb_conclusion_task_new ("Tăng cường tuyên truyền thực hiện 5K", "2021-09-12", NULL);
  g_ptr_array_add (t->units, g_strdup ("Ban Tuyên giáo Tỉnh ủy"));
  g_ptr_array_add (sec->tasks, t);
  t = gb_conclusion_task_new ("Duy trì trực chốt kiểm soát", NULL, "thường xuyên");
  g_ptr_array_add (t->units, g_strdup ("Công an tỉnh"));
  g_ptr_array_add (sec->tasks, t);
  /* Many more tasks than fit on a page, so the PDF must paginate. */
  for (int i = 0; i < 25; i++)
    {
      g_autofree char *text = g_strdup_printf ("Nhiệm vụ bổ sung số %d: rà soát, cập nhật kế hoạch ứng phó "
                                               "với các tình huống dịch bệnh ở từng cấp độ", i + 4);
      t = gb_conclusion_task_new (text, "2021-09-30", NULL);
      g_ptr_array_add (t->units, g_strdup ("Ban Chỉ đạo phòng, chống dịch các huyện, thành phố"));
      g_ptr_array_add (sec->tasks, t);
    }
  sec = g_ptr_array_index (c->sections, 2);
  sec->body = g_strdup ("Thống nhất đề xuất của Sở Y tế về việc mua bổ sung máy thở.");
  return c;
}

static void
test_issue_to_tracker (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_store (&path);
  g_autoptr(GbConclusion) c = sample_conclusion ();
  g_autoptr(GbConclusion) loaded = NULL;
  g_autoptr(GbConclusion) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *number = NULL;
  gint64 doc;
  gboolean seen_21 = FALSE, seen_22 = FALSE;

  g_assert_true (gb_store_save_conclusion (store, c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c->id, >, 0);
  loaded = gb_store_load_conclusion (store, c->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->sections->len, ==, 3);
  g_assert_cmpuint (((GbConclusionSection *) g_ptr_array_index (loaded->sections, 1))->tasks->len, ==, 28);
  g_assert_cmpstr (loaded->signer, ==, "Nguyễn Văn Ký");

  /* A bad draft changes nothing. */
  bad = gb_conclusion_copy (c);
  bad->id = bad->meeting_id = 0;
  g_free (bad->meeting_date);
  bad->meeting_date = g_strdup ("15/9/2021");
  before = gb_test_fingerprint (path);
  g_assert_false (gb_store_save_conclusion (store, bad, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);

  number = gb_store_next_conclusion_number (store, "2021-09-15", &error);
  g_assert_cmpstr (number, ==, "1-TB/TU");
  doc = gb_store_issue_conclusion (store, c->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (doc, >, 0);
  g_clear_pointer (&number, g_free);
  number = gb_store_next_conclusion_number (store, "2021-12-01", &error);
  g_assert_cmpstr (number, ==, "2-TB/TU");

  /* Issuing twice is refused and changes nothing. */
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = gb_test_fingerprint (path);
  g_assert_cmpint (gb_store_issue_conclusion (store, c->id, NULL, &error), ==, 0);
  g_assert_error (error, GB_ERROR, GB_ERROR_CONFLICT);
  g_clear_error (&error);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);

  /* The tasks are tracker items with their units and dates. */
  due = gb_store_list_due_items (store, "2021-09-15", 7, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < due->len; i++)
    {
      GbDueItem *item = g_ptr_array_index (due, i);

      g_assert_cmpstr (item->document_number, ==, "1-TB/TU");
      if (g_strcmp0 (item->path, "2.1") == 0)
        {
          g_assert_cmpstr (item->due_date, ==, "2021-09-20");
          g_assert_cmpstr (item->organisation, ==, "Ban cán sự đảng UBND tỉnh");
          seen_21 = TRUE;
        }
      if (g_strcmp0 (item->path, "2.2") == 0)
        {
          g_assert_cmpstr (item->due_date, ==, "2021-09-12");
          g_assert_cmpstr (item->organisation, ==, "Ban Tuyên giáo Tỉnh ủy");
          seen_22 = TRUE;
        }
      g_assert_cmpstr (item->due_date, <=, "2021-09-22");
    }
  g_assert_true (seen_21);
  g_assert_true (seen_22);
  g_assert_cmpuint (due->len, ==, 2);

  /* Next week's draft carries over what is still open: mark 2.2 done first. */
  {
    sqlite3 *db = NULL;
    g_autoptr(GbConclusion) next = gb_conclusion_new_for_meeting ("2021-09-22", "Thử Nghiệm");
    GbConclusionSection *tasks_sec;
    GbConclusionTask *first;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE items SET status = 'done' WHERE path = '2.2'", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);

    g_assert_cmpint (gb_store_carry_over_tasks (store, next, 1, &error), ==, 27);
    g_assert_no_error (error);
    tasks_sec = g_ptr_array_index (next->sections, 1);
    g_assert_cmpuint (tasks_sec->tasks->len, ==, 27);
    first = g_ptr_array_index (tasks_sec->tasks, 0);
    g_assert_cmpstr (first->due_date, ==, "2021-09-20");
    g_assert_cmpuint (first->units->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (first->units, 0), ==, "Ban cán sự đảng UBND tỉnh");
    g_assert_cmpstr (g_ptr_array_index (first->units, 1), ==, "Sở Y tế");
    g_assert_cmpstr (((GbConclusionTask *) g_ptr_array_index (tasks_sec->tasks, 1))->due_text, ==, "thường xuyên");
  }
}

static void
test_slides_fit (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_store (&path);
  g_autoptr(GbConclusion) c = sample_conclusion ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSlideDeck) deck = NULL;
  const int sizes[][2] = { { 1280, 720 }, { 1920, 1080 } };

  g_assert_true (gb_store_save_conclusion (store, c, &error));
  g_assert_cmpint (gb_store_issue_conclusion (store, c->id, NULL, &error), >, 0);
  deck = gb_slide_deck_new (store, "2021-09-15", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gb_slide_deck_get_n_slides (deck), >=, 4);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int dark = 0; dark <= 1; dark++)
      for (guint i = 0; i < gb_slide_deck_get_n_slides (deck); i++)
        {
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, sizes[s][0], sizes[s][1]);
          cairo_t *cr = cairo_create (surface);
          GbSlideCheck check = { 0 };
          guint32 *px;
          guint32 first;
          gboolean varied = FALSE;
          gboolean chart;

          gb_slide_deck_render (deck, i, cr, sizes[s][0], sizes[s][1], dark, &check);
          cairo_surface_flush (surface);
          g_test_message ("%s %dx%d dark=%d: %u boxes, %u clipped", gb_slide_deck_get_slide_id (deck, i),
                          sizes[s][0], sizes[s][1], dark, check.boxes, check.clipped);
          /* Chart slides measure their title and footer; the chart lays its own labels out. */
          chart = g_str_equal (gb_slide_deck_get_slide_id (deck, i), "cases") ||
                  g_str_equal (gb_slide_deck_get_slide_id (deck, i), "vaccination") ||
                  g_str_equal (gb_slide_deck_get_slide_id (deck, i), "map");
          g_assert_cmpuint (check.boxes, >, chart ? 1 : 2);
          g_assert_cmpuint (check.clipped, ==, 0);
          /* Something was drawn: the slide is not one flat color. */
          px = (guint32 *) cairo_image_surface_get_data (surface);
          first = px[0] & 0xffffff;
          for (int k = 0; k < sizes[s][0] * sizes[s][1] && !varied; k += 97)
            varied = (px[k] & 0xffffff) != first;
          g_assert_true (varied);
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
        }
}

static char *
run_capture (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The deck counts the communes per level as the engine computes them. */
static void
test_deck_levels (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSlideDeck) deck = gb_slide_deck_new (store, "2021-10-20", &error);
  g_autoptr(GbLevelEngine) engine = gb_level_engine_new (store);
  g_autoptr(GPtrArray) results = NULL;
  const GbSituation *s;
  guint expected[5] = { 0 };
  guint total = 0;

  g_assert_no_error (error);
  s = gb_slide_deck_get_situation (deck);
  g_assert_true (s->has_levels);
  results = gb_level_engine_compute (engine, "2021-10-20", GB_UNIT_LEVEL_COMMUNE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    expected[((GbLevelResult *) g_ptr_array_index (results, i))->effective]++;
  for (int l = 0; l <= 4; l++)
    {
      g_assert_cmpuint (s->communes_per_level[l], ==, expected[l]);
      total += s->communes_per_level[l];
    }
  g_assert_cmpuint (total, ==, 4);
}

/* A user's order and hidden slides apply; unknown ids are ignored, new slides keep a place. */
static void
test_arrange (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSlideDeck) deck = gb_slide_deck_new (store, "2021-09-15", &error);
  const char *order[] = { "tasks", "no-such-slide", "overview", "tasks", NULL };
  const char *hidden[] = { "districts", "gone", NULL };
  guint n;

  g_assert_no_error (error);
  n = gb_slide_deck_get_n_slides (deck);
  g_assert_cmpuint (gb_slide_deck_get_n_available (deck), ==, n);
  gb_slide_deck_arrange (deck, order, hidden);
  g_assert_cmpuint (gb_slide_deck_get_n_available (deck), ==, n);
  g_assert_cmpuint (gb_slide_deck_get_n_slides (deck), ==, n - 1);
  g_assert_cmpstr (gb_slide_deck_get_slide_id (deck, 0), ==, "tasks");
  g_assert_cmpstr (gb_slide_deck_get_slide_id (deck, 1), ==, "overview");
  g_assert_cmpstr (gb_slide_deck_get_available_id (deck, 0), ==, "tasks");
  g_assert_cmpstr (gb_slide_deck_get_available_id (deck, 1), ==, "overview");
  {
    gboolean listed = FALSE;

    for (guint i = 2; i < gb_slide_deck_get_n_available (deck); i++)
      listed |= g_str_equal (gb_slide_deck_get_available_id (deck, i), "districts");
    g_assert_true (listed);
  }
  g_assert_true (gb_slide_deck_is_hidden (deck, "districts"));
  g_assert_false (gb_slide_deck_is_hidden (deck, "overview"));
  for (guint i = 0; i < gb_slide_deck_get_n_slides (deck); i++)
    g_assert_cmpstr (gb_slide_deck_get_slide_id (deck, i), !=, "districts");

  /* Back to everything shown, in the arranged order. */
  gb_slide_deck_arrange (deck, NULL, NULL);
  g_assert_cmpuint (gb_slide_deck_get_n_slides (deck), ==, n);
  g_assert_cmpstr (gb_slide_deck_get_slide_id (deck, 0), ==, "tasks");
}

static gboolean
has_slide (GbSlideDeck *deck,
           const char  *id)
{
  for (guint i = 0; i < gb_slide_deck_get_n_slides (deck); i++)
    if (g_str_equal (gb_slide_deck_get_slide_id (deck, i), id))
      return TRUE;
  return FALSE;
}

/* No empty conclusion slide: it comes with the first draft. */
static void
test_conclusion_slide_with_draft (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSlideDeck) before = gb_slide_deck_new (store, "2021-09-15", &error);
  g_autoptr(GbSlideDeck) after = NULL;
  g_autoptr(GbConclusion) c = sample_conclusion ();

  g_assert_no_error (error);
  g_assert_false (has_slide (before, "conclusion"));
  g_assert_true (has_slide (before, "overview"));
  g_assert_true (gb_store_save_conclusion (store, c, &error));
  g_assert_no_error (error);
  after = gb_slide_deck_new (store, "2021-09-15", &error);
  g_assert_no_error (error);
  g_assert_true (has_slide (after, "conclusion"));
}

/* A date before any vaccination figure keeps the vaccination slide, saying so, not dropped. */
static void
test_vaccination_slide_without_data (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSlideDeck) deck = gb_slide_deck_new (store, "2021-09-05", &error);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 720);
  cairo_t *cr = cairo_create (surface);
  GbSlideCheck check = { 0 };
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < gb_slide_deck_get_n_slides (deck); i++)
    if (g_str_equal (gb_slide_deck_get_slide_id (deck, i), "vaccination"))
      {
        found = TRUE;
        gb_slide_deck_render (deck, i, cr, 1280, 720, FALSE, &check);
        g_assert_cmpuint (check.boxes, >, 0);
        g_assert_cmpuint (check.clipped, ==, 0);
      }
  g_assert_true (found);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Every slide of the demo's deck at 1280×720 (what survives a compressed video call): no text
 * under 20 px (slide text, the map's names and legend, the charts' labels), no text box cut; the
 * districts table names each district's level and its cases per 100,000 people. */
static void
test_demo_slides_readable (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  const char *dates[] = { "2021-08-20", "2022-01-22" };

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  g_assert_no_error (error);
  for (guint d = 0; d < G_N_ELEMENTS (dates); d++)
    {
      g_autoptr(GbSlideDeck) deck = gb_slide_deck_new (store, dates[d], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (gb_slide_deck_get_n_slides (deck), >=, 6);
      for (guint i = 0; i < gb_slide_deck_get_n_slides (deck); i++)
        {
          const char *id = gb_slide_deck_get_slide_id (deck, i);
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1280, 720);
          cairo_t *cr = cairo_create (surface);
          g_autoptr(GString) texts = g_string_new (NULL);
          GbSlideCheck check = { 0, 0, 0, texts };

          gb_slide_deck_render (deck, i, cr, 1280, 720, FALSE, &check);
          g_test_message ("%s %s: %u boxes, %u cut, smallest text %.1f px", dates[d], id, check.boxes, check.clipped,
                          check.smallest);
          g_assert_cmpuint (check.boxes, >, 1);
          g_assert_cmpuint (check.clipped, ==, 0);
          g_assert_cmpfloat (check.smallest, >=, GB_SLIDE_MIN_TEXT - 0.01);
          if (g_str_equal (id, "districts"))
            {
              g_assert_nonnull (strstr (texts->str, "Level\n"));
              g_assert_nonnull (strstr (texts->str, "Per 100,000"));
              g_assert_true (strstr (texts->str, "Level 1 (green)") || strstr (texts->str, "Green zone (new normal)"));
            }
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
        }
    }
}

static void
test_pdf (void)
{
  g_autoptr(GbConclusion) c = sample_conclusion ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_test_temp_dir ("gb-briefing-XXXXXX");
  g_autofree char *pdf = g_build_filename (dir, "kl.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *tool = g_find_program_in_path ("pdftotext");

  c->number = g_strdup ("125-TB/TU");
  g_assert_true (gb_conclusion_export_pdf (c, pdf, &error));
  g_assert_no_error (error);
  if (tool == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  text = run_capture ((const char *[]) { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL });
  /* Lines wrap where the layout wraps them; compare with the spaces collapsed. */
  flat = g_strjoinv (" ", (char *[]) { text, NULL });
  g_strdelimit (flat, "\n\f", ' ');
  g_assert_nonnull (strstr (flat, "TỈNH ỦY THỬ NGHIỆM"));
  g_assert_nonnull (strstr (flat, "ĐẢNG CỘNG SẢN VIỆT NAM"));
  g_assert_nonnull (strstr (flat, "Số 125-TB/TU"));
  g_assert_nonnull (strstr (flat, "Thử Nghiệm, ngày 15 tháng 9 năm 2021"));
  g_assert_nonnull (strstr (flat, "THÔNG BÁO"));
  g_assert_nonnull (strstr (flat, "kết luận của Thường trực Tỉnh ủy tại cuộc họp"));
  g_assert_nonnull (strstr (flat, "1. Đánh giá tình hình"));
  g_assert_nonnull (strstr (flat, "2.1. Ban cán sự đảng"));
  g_assert_nonnull (strstr (flat, "2.28. Nhiệm vụ bổ sung số 28"));
  g_assert_nonnull (strstr (flat, "3. Về các đề xuất, kiến nghị"));
  g_assert_nonnull (strstr (flat, "Nơi nhận:"));
  g_assert_nonnull (strstr (flat, "T/M BAN THƯỜNG VỤ"));
  g_assert_nonnull (strstr (flat, "PHÓ BÍ THƯ THƯỜNG TRỰC"));
  g_assert_nonnull (strstr (flat, "Nguyễn Văn Ký"));

  info = run_capture ((const char *[]) { "pdfinfo", pdf, NULL });
  g_assert_nonnull (strstr (info, "595.276 x 841.89 pts (A4)"));
  /* 28 tasks do not fit on one page: the text continued on numbered pages. */
  g_assert_null (strstr (info, "Pages:           1\n"));
}

/* Printing lays out the same pages as the PDF: same count, ink on each. */
static void
test_print_pages (void)
{
  g_autoptr(GbConclusion) c = sample_conclusion ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_test_temp_dir ("gb-briefing-XXXXXX");
  g_autofree char *pdf = g_build_filename (dir, "kl.pdf", NULL);
  g_autofree char *info = NULL;
  g_autofree char *pages_line = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  c->number = g_strdup ("125-TB/TU");
  pages = gb_conclusion_render_pages (c);
  g_assert_cmpuint (pages->len, >=, 2);
  for (guint i = 0; i < pages->len; i++)
    {
      double x, y, w, h;

      cairo_recording_surface_ink_extents (g_ptr_array_index (pages, i), &x, &y, &w, &h);
      /* Something drawn, and inside the page. */
      g_assert_cmpfloat (w * h, >, 100.0);
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (y, >=, 0);
      g_assert_cmpfloat (x + w, <=, GB_CONCLUSION_PAGE_WIDTH + 0.5);
      g_assert_cmpfloat (y + h, <=, GB_CONCLUSION_PAGE_HEIGHT + 0.5);
    }
  g_assert_true (gb_conclusion_export_pdf (c, pdf, &error));
  g_assert_no_error (error);
  if (g_find_program_in_path ("pdfinfo") == NULL)
    return;
  info = run_capture ((const char *[]) { "pdfinfo", pdf, NULL });
  pages_line = g_strdup_printf ("Pages:           %u\n", pages->len);
  g_test_message ("%s / %u", info, pages->len);
  g_assert_nonnull (strstr (info, pages_line));
}

static void
test_odt (void)
{
  g_autoptr(GbConclusion) c = sample_conclusion ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_test_temp_dir ("gb-briefing-XXXXXX");
  g_autofree char *odt = g_build_filename (dir, "kl.odt", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *lo = NULL;
  gsize len = 0;
  GsfInput *input;
  GsfInfile *zip;
  const char *names[] = { "content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml" };

  g_assert_true (gb_conclusion_export_odt (c, odt, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (odt, &bytes, &len, &error));
  /* Local header of the first entry: "mimetype", stored (method 0), the type right after. */
  g_assert_cmpuint (len, >, 80);
  g_assert_cmpmem (bytes, 4, "PK\003\004", 4);
  g_assert_cmpint (bytes[8] | (bytes[9] << 8), ==, 0);
  g_assert_cmpint (bytes[26] | (bytes[27] << 8), ==, 8);
  g_assert_cmpmem (bytes + 30, 8, "mimetype", 8);
  g_assert_cmpmem (bytes + 30 + 8 + (bytes[28] | (bytes[29] << 8)), 39,
                   "application/vnd.oasis.opendocument.text", 39);

  input = gsf_input_stdio_new (odt, &error);
  g_assert_no_error (error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GsfInput *member = gsf_infile_child_by_vname (zip, names[i], NULL);

      if (strchr (names[i], '/') != NULL)
        {
          GsfInput *sub = gsf_infile_child_by_name (zip, "META-INF");
          g_assert_nonnull (sub);
          member = gsf_infile_child_by_name (GSF_INFILE (sub), "manifest.xml");
          g_object_unref (sub);
        }
      g_assert_nonnull (member);
      if (i == 0)
        {
          gsf_off_t size = gsf_input_size (member);
          const guint8 *data = gsf_input_read (member, size, NULL);
          g_autofree char *xml = g_strndup ((const char *) data, size);

          g_assert_nonnull (strstr (xml, "ĐẢNG CỘNG SẢN VIỆT NAM"));
          g_assert_nonnull (strstr (xml, "T/M BAN THƯỜNG VỤ"));
          g_assert_nonnull (strstr (xml, "2.1. Ban cán sự đảng"));
        }
      g_object_unref (member);
    }
  g_object_unref (zip);
  g_object_unref (input);

  lo = g_find_program_in_path ("libreoffice");
  if (lo == NULL)
    lo = g_find_program_in_path ("soffice");
  if (lo == NULL)
    {
      g_test_message ("LibreOffice is not installed: the conversion check is skipped");
      return;
    }
  {
    g_autofree char *out = run_capture ((const char *[]) { lo, "--headless", "--convert-to", "pdf", "--outdir", dir, odt, NULL });
    g_autofree char *pdf = g_build_filename (dir, "kl.pdf", NULL);

    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  }
}

/* The CLI end to end on the demo: draft, issue, export through "export conclusion", slides. */
static void
test_cli (void)
{
  const char *cli = g_getenv ("GIAOBAN_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_test_temp_dir ("gb-briefing-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "demo.db", NULL);
  g_autofree char *pdf = g_build_filename (dir, "kl.pdf", NULL);
  g_autofree char *odt = g_build_filename (dir, "kl.odt", NULL);
  g_autofree char *slides = g_build_filename (dir, "slides", NULL);
  g_autofree char *out = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GDir) d = NULL;
  guint pngs = 0;

  if (cli == NULL)
    {
      g_test_skip ("GIAOBAN_CLI is not set");
      return;
    }
  out = run_capture ((const char *[]) { cli, "--database", db, "conclusion", "new", "--date", "2021-09-15",
                                        "--signer", "Nguyễn Văn Ký", "--signer-title", "PHÓ BÍ THƯ",
                                        "--task", "Xét nghiệm diện rộng|Sở Y tế;Công an tỉnh|2021-09-20",
                                        "--issue", NULL });
  id = g_strstrip (g_strdup (out));
  g_assert_cmpint (g_ascii_strtoll (id, NULL, 10), >, 0);
  g_free (run_capture ((const char *[]) { cli, "--database", db, "export", "conclusion", id, "--output", pdf, NULL }));
  g_free (run_capture ((const char *[]) { cli, "--database", db, "export", "conclusion", id, "--output", odt, NULL }));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (odt, G_FILE_TEST_IS_REGULAR));
  listing = run_capture ((const char *[]) { cli, "--database", db, "briefing", "--date", "2021-09-15",
                                            "--output", slides, NULL });
  d = g_dir_open (slides, 0, &error);
  g_assert_no_error (error);
  for (const char *name; (name = g_dir_read_name (d)) != NULL;)
    pngs += g_str_has_suffix (name, ".png");
  g_assert_cmpuint (pngs, >=, 4);
  g_assert_nonnull (strstr (listing, "overview.png"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsf_init ();
  g_test_add_func ("/briefing/number-formats", test_number_formats);
  g_test_add_func ("/briefing/paragraph-numbers", test_paragraph_numbers);
  g_test_add_func ("/briefing/paragraph-levels", test_paragraph_levels);
  g_test_add_func ("/briefing/issue-to-tracker", test_issue_to_tracker);
  g_test_add_func ("/briefing/slides-fit", test_slides_fit);
  g_test_add_func ("/briefing/demo-slides-readable", test_demo_slides_readable);
  g_test_add_func ("/briefing/deck-levels", test_deck_levels);
  g_test_add_func ("/briefing/arrange", test_arrange);
  g_test_add_func ("/briefing/pdf", test_pdf);
  g_test_add_func ("/briefing/print-pages", test_print_pages);
  g_test_add_func ("/briefing/odt", test_odt);
  g_test_add_func ("/briefing/cli", test_cli);
  g_test_add_func ("/briefing/conclusion-slide-with-draft", test_conclusion_slide_with_draft);
  g_test_add_func ("/briefing/vaccination-slide-without-data", test_vaccination_slide_without_data);
  return g_test_run ();
}
