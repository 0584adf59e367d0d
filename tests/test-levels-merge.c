/* test-levels-merge.c — levels of the units of a date: a merge by hand, the 2025 reform
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gb-chart.h"
#include "gb-chart-scale.h"
#include "gb-demo.h"
#include "gb-error.h"
#include "gb-level-engine.h"
#include "gb-reform-import.h"
#include "gb-store.h"
#include "gb-store-units-history.h"
#include "gb-test-util.h"

/* Phường Mỹ Hương goes into Phường Kinh Dinh (Phan Rang-Tháp Chàm) on the day after its
 * cases of late October 2021: the window of 1 November straddles the merge. */
#define GONE "22753"
#define KEPT "22759"
#define DISTRICT "582"
#define MERGE_DAY "2021-10-29"
#define BEFORE "2021-10-28"
#define AFTER "2021-11-01"
#define WINDOW_FROM "2021-10-26"

/* Every result of the date, whole, as text: two dates compare equal only if nothing differs. */
static char *
levels_text (GbStore    *store,
             const char *date)
{
  g_autoptr(GbLevelEngine) engine = gb_level_engine_new (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gb_level_engine_compute (engine, date, GB_UNIT_LEVEL_ANY, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      const GbLevelResult *r = g_ptr_array_index (all, i);

      g_string_append_printf (out, "%s|%s|%d|%d|%d|%d|%s|%s|%s|%.9g|%lld|%.9g|%.9g\n", r->unit_code, r->unit_name,
                              r->unit_level, r->computed, r->declared, r->effective, r->rule_set, r->reasons,
                              r->override_reason ? r->override_reason : "", r->cases_per_100k_7d,
                              (long long) r->community_cases_7d, r->dose1_18_share, r->full_65_share);
    }
  return g_string_free (out, FALSE);
}

static const GbLevelResult *
find (GPtrArray  *all,
      const char *code)
{
  for (guint i = 0; i < all->len; i++)
    if (strcmp (((GbLevelResult *) g_ptr_array_index (all, i))->unit_code, code) == 0)
      return g_ptr_array_index (all, i);
  return NULL;
}

/* The community cases @code reported from @from to @to, as stored. */
static gint64
stored_cases (GbStore    *store,
              const char *code,
              const char *from,
              const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = gb_store_get_case_reports (store, code, from, to, &error);
  gint64 sum = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    sum += g_array_index (rows, GbCaseReport, i).community;
  return sum;
}

static gint64
people (GbStore    *store,
        const char *code,
        const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbUnit) u = gb_store_get_unit_on (store, code, date, &error);

  g_assert_no_error (error);
  return u->population;
}

/* "of N units below with data" in a roll-up's reasons. */
static int
units_below (const GbLevelResult *r)
{
  const char *at = r && r->reasons ? strstr (r->reasons, " of ") : NULL;

  g_assert_nonnull (at);
  return atoi (at + 4);
}

static void
test_merge_by_hand (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = gb_test_store_new (&path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before_then = NULL;
  g_autofree char *before_now = NULL;
  g_autoptr(GPtrArray) was = NULL;
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GbLevelEngine) one_day = NULL;
  g_autoptr(GbLevelResult) gone = NULL;
  g_autoptr(GbLevelResult) kept_cli = NULL;
  g_autofree guint8 *levels = NULL;
  const char *codes[] = { GONE, NULL };
  GbUnit into = { .code = (char *) KEPT, .population = -1, .pop_18 = -1, .pop_65 = -1 };
  gint64 own, theirs, pop_kept, pop_gone;
  const GbLevelResult *kept;
  guint n;

  g_assert_true (gb_demo_load (store, &error));
  g_assert_no_error (error);
  before_then = levels_text (store, BEFORE);
  engine = gb_level_engine_new (store);
  was = gb_level_engine_compute (engine, AFTER, GB_UNIT_LEVEL_ANY, &error);
  g_assert_no_error (error);
  g_clear_object (&engine);
  pop_kept = people (store, KEPT, AFTER);
  pop_gone = people (store, GONE, AFTER);

  g_assert_true (gb_store_merge_units (store, codes, &into, MERGE_DAY, "NQ 1/NQ-UBTVQH15", &error));
  g_assert_no_error (error);

  /* A date before the merge: exactly as before it. */
  before_now = levels_text (store, BEFORE);
  g_assert_cmpstr (before_now, ==, before_then);

  engine = gb_level_engine_new (store);
  now = gb_level_engine_compute (engine, AFTER, GB_UNIT_LEVEL_ANY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (now->len, ==, was->len - 1);

  /* The ended unit is not listed, has no level of its own, and the map gets none for it. */
  g_assert_null (find (now, GONE));
  g_assert_nonnull (find (was, GONE));
  gone = gb_level_engine_compute_unit (engine, GONE, AFTER, &error);
  g_assert_null (gone);
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  n = gb_level_engine_get_n_units (engine, &error);
  levels = g_malloc (n);
  memset (levels, 0xff, n);
  g_assert_true (gb_level_engine_compute_levels (engine, AFTER, levels, &error));
  g_assert_cmpint (levels[gb_level_engine_lookup_unit (engine, GONE)], ==, GB_LEVEL_NO_DATA);

  /* The successor's window: its own days, and the merged unit's before the merge. */
  own = stored_cases (store, KEPT, WINDOW_FROM, AFTER);
  theirs = stored_cases (store, GONE, WINDOW_FROM, BEFORE);
  g_assert_cmpint (theirs, >, 0);
  kept = find (now, KEPT);
  g_assert_nonnull (kept);
  g_assert_cmpint (find (was, KEPT)->community_cases_7d, ==, own);
  g_assert_cmpint (kept->community_cases_7d, ==, own + theirs);
  /* As the store's carried series says. */
  {
    g_autoptr(GArray) carried = gb_store_get_case_reports_carried (store, KEPT, WINDOW_FROM, AFTER, &error);
    gint64 sum = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < carried->len; i++)
      sum += g_array_index (carried, GbCaseReport, i).community;
    g_assert_cmpint (kept->community_cases_7d, ==, sum);
  }
  /* Its people are both units'. */
  g_assert_cmpint (people (store, KEPT, AFTER), ==, pop_kept + pop_gone);
  g_assert_cmpfloat_with_epsilon (kept->cases_per_100k_7d, (own + theirs) * 100000.0 / (pop_kept + pop_gone), 1e-9);

  /* The district counts the successor once: one unit fewer below it. */
  g_assert_cmpint (units_below (find (now, DISTRICT)), ==, units_below (find (was, DISTRICT)) - 1);

  /* The charts' level strip of the ended unit stops at the merge; its successor's goes on. */
  {
    guint32 first = gb_day_from_iso ("2021-10-18"), last = gb_day_from_iso ("2021-11-07");
    g_autofree guint8 *strip_gone = gb_chart_compute_levels (engine, GONE, first, last);
    g_autofree guint8 *strip_kept = gb_chart_compute_levels (engine, KEPT, first, last);
    guint after = gb_day_from_iso (AFTER) - first;

    g_assert_cmpint (strip_gone[0], !=, GB_CHART_NO_LEVEL);
    g_assert_cmpint (strip_gone[after], ==, GB_CHART_NO_LEVEL);
    g_assert_cmpint (strip_kept[after], !=, GB_CHART_NO_LEVEL);
  }

  /* The CLI's one-day engine says the same. */
  one_day = gb_level_engine_new_for_date (store, AFTER);
  kept_cli = gb_level_engine_compute_unit (one_day, KEPT, AFTER, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept_cli->community_cases_7d, ==, own + theirs);
  g_assert_cmpint (kept_cli->effective, ==, kept->effective);
}

/* The latest vaccination row of @code on or before @date. */
static GbVaccination
last_vaccination (GbStore    *store,
                  const char *code,
                  const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = gb_store_get_vaccinations (store, code, NULL, date, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 0);
  return g_array_index (rows, GbVaccination, rows->len - 1);
}

/* Two communes make a new one: it has their cases of the days before, their people and their
 * vaccination, though it reported nothing itself. */
static void
test_merge_into_new (void)
{
  g_autoptr(GbStore) store = gb_test_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GbLevelResult) made = NULL;
  const char *codes[] = { GONE, KEPT, NULL };
  GbUnit into = { .code = (char *) "99999", .name = (char *) "Phường Mới", .level = GB_UNIT_LEVEL_COMMUNE,
                  .population = -1, .pop_18 = -1, .pop_65 = -1 };
  GbVaccination a, b;
  gint64 cases;

  g_assert_true (gb_demo_load (store, &error));
  cases = stored_cases (store, GONE, WINDOW_FROM, BEFORE) + stored_cases (store, KEPT, WINDOW_FROM, BEFORE);
  a = last_vaccination (store, GONE, BEFORE);
  b = last_vaccination (store, KEPT, BEFORE);
  g_assert_true (gb_store_merge_units (store, codes, &into, MERGE_DAY, NULL, &error));
  g_assert_no_error (error);

  engine = gb_level_engine_new (store);
  made = gb_level_engine_compute_unit (engine, "99999", AFTER, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (made->unit_name, ==, "Phường Mới");
  g_assert_cmpint (made->community_cases_7d, ==, cases);
  g_assert_cmpfloat_with_epsilon (made->cases_per_100k_7d, cases * 100000.0 / people (store, "99999", AFTER), 1e-9);
  g_assert_cmpfloat_with_epsilon (made->dose1_18_share, (double) (a.dose1_18 + b.dose1_18) / (a.pop_18 + b.pop_18),
                                  1e-9);
  /* Before its first day it has no level. */
  g_clear_pointer (&made, gb_level_result_free);
  made = gb_level_engine_compute_unit (engine, "99999", BEFORE, &error);
  g_assert_null (made);
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

static const char small_reform[] =
  "{\"valid_from\": \"2025-07-01\", \"provinces\": [{\"code\": \"98\", \"name\": \"Tỉnh Mới\", \"from\": [\"99\"]}],"
  " \"communes\": ["
  "  {\"code\": \"99001\", \"name\": \"Xã An Bình\", \"type\": \"Xã\", \"province\": \"98\", \"from\": [\"99001\", \"99002\", \"99003\"], \"partial\": [\"99003\"]},"
  "  {\"code\": \"99200\", \"name\": \"Xã Cù Lao\", \"type\": \"Xã\", \"province\": \"98\", \"from\": [\"99003\"], \"partial\": [\"99003\"]}]}";

static int
count_level (GPtrArray *all,
             int        level)
{
  int n = 0;

  for (guint i = 0; i < all->len; i++)
    n += ((GbLevelResult *) g_ptr_array_index (all, i))->unit_level == level;
  return n;
}

/* After a reform's day no district: communes roll up straight into their province. */
static void
test_reform_removes_districts (void)
{
  g_autoptr(GbStore) store = gb_test_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (small_reform, strlen (small_reform));
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  const char *days[] = { "2025-06-26", "2025-06-27", "2025-06-28", "2025-06-29", "2025-06-30", "2025-07-01",
                         "2025-07-02" };
  GbReformReport report;

  gb_test_put_unit (store, "99", GB_UNIT_LEVEL_PROVINCE, NULL, 3000);
  gb_test_put_unit (store, "990", GB_UNIT_LEVEL_DISTRICT, "99", 3000);
  gb_test_put_unit (store, "99001", GB_UNIT_LEVEL_COMMUNE, "990", 1000);
  gb_test_put_unit (store, "99002", GB_UNIT_LEVEL_COMMUNE, "990", 1000);
  gb_test_put_unit (store, "99003", GB_UNIT_LEVEL_COMMUNE, "990", 1000);
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      g_assert_true (gb_test_put_cases (store, "99001", days[d], 1, 0, &error));
      g_assert_true (gb_test_put_cases (store, "99002", days[d], 10, 0, &error));
      g_assert_true (gb_test_put_cases (store, "99003", days[d], 100, 0, &error));
    }
  g_assert_true (gb_reform_import_bytes (store, "small.json", bytes, &report, &error));
  g_assert_no_error (error);
  /* The new commune reports from its first day. */
  g_assert_true (gb_test_put_cases (store, "99200", "2025-07-02", 1000, 0, &error));

  engine = gb_level_engine_new (store);
  before = gb_level_engine_compute (engine, "2025-06-30", GB_UNIT_LEVEL_ANY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_level (before, GB_UNIT_LEVEL_DISTRICT), ==, 1);
  g_assert_cmpint (count_level (before, GB_UNIT_LEVEL_COMMUNE), ==, 3);
  g_assert_nonnull (find (before, "99"));
  g_assert_cmpint (units_below (find (before, "99")), ==, 1);
  g_assert_cmpint (find (before, "99001")->community_cases_7d, ==, 5);

  after = gb_level_engine_compute (engine, "2025-07-02", GB_UNIT_LEVEL_ANY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_level (after, GB_UNIT_LEVEL_DISTRICT), ==, 0);
  g_assert_null (find (after, "990"));
  g_assert_null (find (after, "99"));
  g_assert_cmpint (count_level (after, GB_UNIT_LEVEL_COMMUNE), ==, 2);
  /* The new province rolls up its two communes itself. */
  g_assert_cmpint (units_below (find (after, "98")), ==, 2);
  g_assert_cmpstr (find (after, "99001")->unit_name, ==, "Xã An Bình");
  /* 99001 lives on and counts 99002 whole before the reform; 99003, split, is counted in neither. */
  g_assert_cmpint (find (after, "99001")->community_cases_7d, ==, 7 * 1 + 5 * 10);
  g_assert_cmpint (find (after, "99200")->community_cases_7d, ==, 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/levels-merge/merge-by-hand", test_merge_by_hand);
  g_test_add_func ("/levels-merge/merge-into-new", test_merge_into_new);
  g_test_add_func ("/levels-merge/reform-removes-districts", test_reform_removes_districts);
  return g_test_run ();
}
