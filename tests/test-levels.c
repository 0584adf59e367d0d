/* test-levels.c — the level engine at every threshold edge, roll-up, overrides, bad input
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "gb-error.h"
#include "gb-level-engine.h"
#include "gb-store-levels.h"
#include "gb-store.h"
#include "gb-test-util.h"

static GbStore *
new_store (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  GbStore *store = gb_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
put_unit (GbStore *store, const char *code, GbUnitLevel level, const char *parent, gint64 pop)
{
  g_autoptr(GbUnit) u = gb_unit_new ();
  g_autoptr(GError) error = NULL;

  u->code = g_strdup (code);
  u->level = level;
  u->parent_code = g_strdup (parent);
  u->name = g_strdup_printf ("Unit %s", code);
  u->population = pop;
  u->pop_18 = pop >= 0 ? pop * 7 / 10 : -1;
  u->pop_65 = pop >= 0 ? pop / 10 : -1;
  gb_store_put_unit (store, u, NULL, &error);
  g_assert_no_error (error);
}

static void
put_cases (GbStore *store, const char *code, const char *date, gint64 community, gint64 unknown)
{
  GbCaseReport r;
  g_autoptr(GError) error = NULL;

  gb_case_report_init (&r);
  g_strlcpy (r.unit_code, code, sizeof r.unit_code);
  g_strlcpy (r.date, date, sizeof r.date);
  r.community = community;
  r.unknown_source = unknown;
  gb_store_put_case_report (store, &r, &error);
  g_assert_no_error (error);
}

static void
put_vacc (GbStore *store, const char *code, const char *date, gint64 pop_18, gint64 dose1,
          gint64 pop_65, gint64 full_65)
{
  GbVaccination v;
  g_autoptr(GError) error = NULL;

  gb_vaccination_init (&v);
  g_strlcpy (v.unit_code, code, sizeof v.unit_code);
  g_strlcpy (v.date, date, sizeof v.date);
  v.pop_18 = pop_18;
  v.dose1_18 = dose1;
  v.pop_65 = pop_65;
  v.full_65 = full_65;
  gb_store_put_vaccination (store, &v, &error);
  g_assert_no_error (error);
}

/* NQ 128 matrix edges, population 100,000 so cases = cases per 100,000. Cases are spread over
 * the 7 days ending on 2021-11-07, plus a case on 2021-10-31 (outside the window). */
typedef struct
{
  gint64   cases;          /* in the 7-day window */
  int      dose1_permille; /* of pop_18 */
  int      full65_permille;
  gboolean cap_fail;
  GbLevel  expected;
} Nq128Case;

static const Nq128Case nq128_cases[] = {
  { 0,   500, 900, FALSE, GB_LEVEL_1 },
  { 0,   800, 900, FALSE, GB_LEVEL_1 },
  { 1,   700, 900, FALSE, GB_LEVEL_1 },   /* 70 % exactly is high */
  { 1,   699, 900, FALSE, GB_LEVEL_2 },
  { 19,  700, 900, FALSE, GB_LEVEL_1 },
  { 20,  700, 900, FALSE, GB_LEVEL_2 },   /* 20 is the next band */
  { 20,  699, 900, FALSE, GB_LEVEL_3 },
  { 49,  700, 900, FALSE, GB_LEVEL_2 },
  { 50,  700, 900, FALSE, GB_LEVEL_3 },
  { 50,  699, 900, FALSE, GB_LEVEL_4 },
  { 149, 700, 900, FALSE, GB_LEVEL_3 },
  { 150, 700, 900, FALSE, GB_LEVEL_4 },
  { 150, 100, 900, FALSE, GB_LEVEL_4 },
  { 19,  700, 800, FALSE, GB_LEVEL_1 },   /* 80 % exactly meets the target */
  { 19,  700, 799, FALSE, GB_LEVEL_2 },   /* missed: raised */
  { 0,   700, 900, TRUE,  GB_LEVEL_2 },   /* capacity fails: raised */
  { 150, 700, 100, TRUE,  GB_LEVEL_4 },   /* never above 4 */
};

static void
test_nq128_edges (void)
{
  g_autoptr(GbStore) store = new_store ();
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, -1);
  for (guint i = 0; i < G_N_ELEMENTS (nq128_cases); i++)
    {
      const Nq128Case *c = &nq128_cases[i];
      g_autofree char *code = g_strdup_printf ("%05u", i + 1);
      gint64 left = c->cases;

      put_unit (store, code, GB_UNIT_LEVEL_COMMUNE, NULL, 100000);
      put_cases (store, code, "2021-10-31", 1000, 1000);
      for (int d = 1; d <= 7; d++)
        {
          g_autofree char *date = g_strdup_printf ("2021-11-%02d", d);
          gint64 n = d == 7 ? left : left / 3;
          put_cases (store, code, date, n, 0);
          left -= n;
        }
      put_vacc (store, code, "2021-11-01", 70000, 70 * c->dose1_permille, 10000,
                10 * c->full65_permille);
      put_vacc (store, code, "2021-11-20", 70000, 70000, 10000, 10000); /* after: ignored */
      if (c->cap_fail)
        {
          gb_store_set_treatment_capacity (store, code, FALSE, &error);
          g_assert_no_error (error);
        }
    }
  engine = gb_level_engine_new (store);
  results = gb_level_engine_compute (engine, "2021-11-07", GB_UNIT_LEVEL_COMMUNE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (nq128_cases));
  for (guint i = 0; i < results->len; i++)
    {
      GbLevelResult *r = results->pdata[i];
      g_test_message ("case %u: %s", i, r->reasons);
      g_assert_cmpstr (r->rule_set, ==, "nq128");
      g_assert_cmpint (r->community_cases_7d, ==, nq128_cases[i].cases);
      g_assert_cmpfloat_with_epsilon (r->cases_per_100k_7d, nq128_cases[i].cases, 1e-9);
      g_assert_cmpint (r->computed, ==, nq128_cases[i].expected);
      g_assert_cmpint (r->effective, ==, nq128_cases[i].expected);
      g_assert_cmpint (r->declared, ==, GB_LEVEL_NO_DATA);
      g_assert_true (g_str_has_prefix (r->reasons, "Level "));
      g_assert_nonnull (strstr (r->reasons, "%"));
    }
  g_assert_nonnull (strstr (((GbLevelResult *) results->pdata[9])->reasons,
                            "50 cases/100,000/7 days; 69 % of people ≥ 18 with one dose < 70 %"));
}

/* QĐ 2686 (before 2021-10-11): 14-day window, unknown source → red, > 1 per 100,000 or any
 * community F0 → yellow. */
typedef struct
{
  gint64  community, unknown, pop;
  GbLevel expected;
} ZoneCase;

static const ZoneCase zone_cases[] = {
  { 0, 0, 100000, GB_LEVEL_1 },
  { 1, 0, 100000, GB_LEVEL_2 },
  { 1, 0, 10000000, GB_LEVEL_2 },
  { 3, 1, 100000, GB_LEVEL_4 },
  { 0, 0, 0, GB_LEVEL_NO_DATA },
  { 5, 5, -1, GB_LEVEL_NO_DATA },
};

static void
test_zones_edges (void)
{
  g_autoptr(GbStore) store = new_store ();
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (zone_cases); i++)
    {
      g_autofree char *code = g_strdup_printf ("%05u", i + 1);
      put_unit (store, code, GB_UNIT_LEVEL_COMMUNE, NULL, zone_cases[i].pop);
      put_cases (store, code, "2021-06-01", 0, 0);
      put_cases (store, code, "2021-06-10", zone_cases[i].community, zone_cases[i].unknown);
      /* 15 days before 2021-07-01 is outside the 14-day window. */
      put_cases (store, code, "2021-06-16", 0, 0);
    }
  engine = gb_level_engine_new (store);
  results = gb_level_engine_compute (engine, "2021-06-20", GB_UNIT_LEVEL_ANY, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    {
      GbLevelResult *r = results->pdata[i];
      g_assert_cmpstr (r->rule_set, ==, "qd2686");
      g_assert_cmpint (r->computed, ==, zone_cases[i].expected);
      g_assert_nonnull (r->reasons);
    }
  g_clear_pointer (&results, g_ptr_array_unref);
  /* 2021-06-24: the 2021-06-10 report is 15 days back, out of the window. */
  results = gb_level_engine_compute (engine, "2021-06-24", GB_UNIT_LEVEL_ANY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((GbLevelResult *) results->pdata[3])->computed, ==, GB_LEVEL_1);
  g_clear_pointer (&results, g_ptr_array_unref);
  /* No report at all in the window: no data, never green. */
  results = gb_level_engine_compute (engine, "2021-07-31", GB_UNIT_LEVEL_ANY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((GbLevelResult *) results->pdata[0])->computed, ==, GB_LEVEL_NO_DATA);
  g_assert_nonnull (strstr (((GbLevelResult *) results->pdata[0])->reasons, "No data"));
}

/* Districts from communes, the province from districts, by the shares rule. */
static void
test_rollup (void)
{
  /* Per district: levels of its communes (0 = no data) and the expected district level. */
  static const struct { GbLevel communes[10]; GbLevel expected; } districts[] = {
    { { 4, 4, 4, 1, 1, 1, 1, 1, 1, 1 }, GB_LEVEL_4 },   /* 30 % very high */
    { { 4, 4, 1, 1, 1, 1, 1, 1, 1, 1 }, GB_LEVEL_1 },   /* 20 %: 20 % high or worse too */
    { { 3, 3, 3, 3, 3, 1, 1, 1, 1, 1 }, GB_LEVEL_4 },   /* 50 % high or worse */
    { { 3, 3, 3, 3, 1, 1, 1, 1, 1, 1 }, GB_LEVEL_3 },   /* 40 % high */
    { { 2, 2, 2, 1, 1, 1, 1, 1, 1, 1 }, GB_LEVEL_2 },
    { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, GB_LEVEL_NO_DATA },
  };
  g_autoptr(GbStore) store = new_store ();
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  /* Cases per 100,000 that give each level with 90 % coverage under NQ 128. */
  static const gint64 cases_for[] = { 0, 0, 20, 50, 150 };

  put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, 6000000);
  for (guint d = 0; d < G_N_ELEMENTS (districts); d++)
    {
      g_autofree char *dcode = g_strdup_printf ("%03u", d + 1);
      put_unit (store, dcode, GB_UNIT_LEVEL_DISTRICT, "01", 1000000);
      for (guint c = 0; c < 10; c++)
        {
          g_autofree char *code = g_strdup_printf ("%03u%02u", d + 1, c);
          GbLevel l = districts[d].communes[c];
          put_unit (store, code, GB_UNIT_LEVEL_COMMUNE, dcode, 100000);
          if (l == GB_LEVEL_NO_DATA)
            continue;
          put_cases (store, code, "2022-01-10", cases_for[l], 0);
          put_vacc (store, code, "2022-01-01", 70000, 63000, 10000, 9000);
        }
    }
  engine = gb_level_engine_new (store);
  results = gb_level_engine_compute (engine, "2022-01-10", GB_UNIT_LEVEL_DISTRICT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (districts));
  for (guint d = 0; d < results->len; d++)
    {
      GbLevelResult *r = results->pdata[d];
      g_test_message ("district %u: %s", d, r->reasons);
      g_assert_cmpint (r->computed, ==, districts[d].expected);
    }
  g_clear_pointer (&results, g_ptr_array_unref);
  /* Districts with data: 4, 1, 4, 3, 2 → 40 % very high → province level 4. */
  results = gb_level_engine_compute (engine, "2022-01-10", GB_UNIT_LEVEL_PROVINCE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (((GbLevelResult *) results->pdata[0])->computed, ==, GB_LEVEL_4);

  /* Editable, from 2022-01-05 on: very high 45 %, high-or-worse 70 %. The districts become
   * 1, 1, 3 (50 % ≥ 45 %), 1 (40 %), 1, so the province is 1; earlier dates keep the old
   * shares. */
  gb_store_set_threshold (store, "nq128", "rollup_very_high", "2022-01-05", 0.45, "test", &error);
  g_assert_no_error (error);
  gb_store_set_threshold (store, "nq128", "rollup_high", "2022-01-05", 0.70, "test", &error);
  g_assert_no_error (error);
  gb_level_engine_invalidate (engine);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = gb_level_engine_compute (engine, "2022-01-10", GB_UNIT_LEVEL_ANY, &error);
  g_assert_no_error (error);
  {
    static const struct { const char *code; GbLevel level; } expect[] = {
      { "01", GB_LEVEL_1 }, { "001", GB_LEVEL_1 }, { "002", GB_LEVEL_1 }, { "003", GB_LEVEL_3 },
      { "004", GB_LEVEL_1 }, { "005", GB_LEVEL_1 }, { "006", GB_LEVEL_NO_DATA },
    };
    for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
      for (guint k = 0; k < results->len; k++)
        {
          GbLevelResult *r = results->pdata[k];
          if (strcmp (r->unit_code, expect[i].code) == 0)
            g_assert_cmpint (r->computed, ==, expect[i].level);
        }
  }
  g_clear_pointer (&results, g_ptr_array_unref);
  put_cases (store, "00100", "2022-01-04", 0, 0);
  gb_level_engine_invalidate (engine);
  put_cases (store, "00101", "2022-01-04", 200, 0);
  put_cases (store, "00102", "2022-01-04", 0, 0);
  gb_level_engine_invalidate (engine);
  {
    /* On 2022-01-04 district 001 has 3 communes with data, 1 of them level 4 (33 %): the
     * share in force then (30 %) makes it 4; the later 45 % would have made it 1. */
    g_autoptr(GbLevelResult) d = gb_level_engine_compute_unit (engine, "001", "2022-01-04", &error);
    g_assert_no_error (error);
    g_assert_cmpint (d->computed, ==, GB_LEVEL_4);
  }
}

static void
test_threshold_versions (void)
{
  g_autoptr(GbStore) store = new_store ();
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GbLevelResult) before = NULL;
  g_autoptr(GbLevelResult) after = NULL;
  g_autoptr(GError) error = NULL;

  put_unit (store, "00001", GB_UNIT_LEVEL_COMMUNE, NULL, 100000);
  put_cases (store, "00001", "2021-12-01", 25, 0);
  put_cases (store, "00001", "2021-12-10", 25, 0);
  put_vacc (store, "00001", "2021-11-01", 70000, 63000, 10000, 9000);
  gb_store_set_threshold (store, "nq128", "band_1", "2021-12-05", 30, "test", &error);
  g_assert_no_error (error);
  engine = gb_level_engine_new (store);
  before = gb_level_engine_compute_unit (engine, "00001", "2021-12-01", &error);
  g_assert_no_error (error);
  after = gb_level_engine_compute_unit (engine, "00001", "2021-12-10", &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->computed, ==, GB_LEVEL_2);   /* 25 ≥ 20 */
  g_assert_cmpint (after->computed, ==, GB_LEVEL_1);    /* 25 < 30 */
}

/* Choosing the rule set by date: a period added moves the unit to the other rule set, removing
 * it moves it back; the first period stays. */
static void
test_rule_set_periods (void)
{
  g_autoptr(GbStore) store = new_store ();
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GbLevelResult *r;

  sets = gb_store_levels_list_rule_sets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 2);
  g_assert_cmpstr (((GbRuleSetInfo *) sets->pdata[0])->id, ==, "nq128");
  g_assert_cmpstr (((GbRuleSetInfo *) sets->pdata[1])->kind, ==, "zones");

  put_unit (store, "00001", GB_UNIT_LEVEL_COMMUNE, NULL, 100000);
  put_cases (store, "00001", "2021-12-01", 5, 0);
  g_assert_true (gb_store_set_rule_set_period (store, "2021-11-15", "qd2686", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GbLevelEngine) engine = gb_level_engine_new (store);
    g_autoptr(GbLevelResult) res = gb_level_engine_compute_unit (engine, "00001", "2021-12-01", &error);

    g_autofree char *id = NULL;
    g_autofree char *name = NULL;
    gboolean zones = FALSE;

    g_assert_no_error (error);
    g_assert_cmpstr (res->rule_set, ==, "qd2686");
    /* The names a view shows follow the rule set in force: zones under QĐ 2686 (issue 19). */
    g_assert_true (gb_level_engine_get_rule_set (engine, "2021-12-01", &id, &name, &zones, &error));
    g_assert_cmpstr (id, ==, "qd2686");
    g_assert_true (zones);
    g_assert_nonnull (strstr (name, "2686"));
    g_assert_cmpstr (gb_level_get_name_for (GB_LEVEL_4, zones), ==, "Red zone (very high risk)");
    g_clear_pointer (&id, g_free);
    g_assert_true (gb_level_engine_get_rule_set (engine, "2021-11-01", &id, NULL, &zones, &error));
    g_assert_cmpstr (id, ==, "nq128");
    g_assert_false (zones);
    g_assert_cmpstr (gb_level_get_name_for (GB_LEVEL_4, zones), ==, gb_level_get_name (GB_LEVEL_4));
  }
  g_assert_true (gb_store_remove_rule_set_period (store, "2021-11-15", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GbLevelEngine) engine = gb_level_engine_new (store);
    g_autoptr(GbLevelResult) res = gb_level_engine_compute_unit (engine, "00001", "2021-12-01", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (res->rule_set, ==, "nq128");
    r = res;
    g_assert_nonnull (r->reasons);
  }

  /* Removing what is not there, or the first period, writes nothing. */
  before = gb_test_fingerprint (gb_store_get_path (store));
  g_assert_false (gb_store_remove_rule_set_period (store, "2021-11-15", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (gb_store_remove_rule_set_period (store, "0001-01-01", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (gb_store_set_rule_set_period (store, "2022-01-01", "who128", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = gb_test_fingerprint (gb_store_get_path (store));
  g_assert_cmpstr (before, ==, after);
}

/* The levels-only path and the one-unit path give exactly what the full computation gives,
 * declared levels included. */
static void
test_fast_paths_agree (void)
{
  g_autoptr(GbStore) store = new_store ();
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  g_autofree guint8 *levels = NULL;
  const char *dates[] = { "2021-09-01", "2021-12-10" };
  guint n;

  put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, 3000000);
  for (guint d = 0; d < 3; d++)
    {
      g_autofree char *dcode = g_strdup_printf ("%03u", d + 1);
      put_unit (store, dcode, GB_UNIT_LEVEL_DISTRICT, "01", 1000000);
      for (guint c = 0; c < 6; c++)
        {
          g_autofree char *code = g_strdup_printf ("%03u%02u", d + 1, c);
          put_unit (store, code, GB_UNIT_LEVEL_COMMUNE, dcode, c == 5 ? 0 : 100000);
          put_cases (store, code, "2021-08-30", (d * 6 + c) * 9, c == 2);
          put_cases (store, code, "2021-12-08", (d * 6 + c) * 11, 0);
          put_vacc (store, code, "2021-12-01", 70000, 30000 + 8000 * c, 10000, 7000 + 500 * d);
        }
    }
  uid = gb_store_add_level_override (store, "00203", "2021-12-01", NULL, GB_LEVEL_1, "Khoanh vùng xong", "BCĐ", &error);
  g_assert_no_error (error);

  engine = gb_level_engine_new (store);
  n = gb_level_engine_get_n_units (engine, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1 + 3 + 18);
  levels = g_malloc (n);
  for (guint k = 0; k < G_N_ELEMENTS (dates); k++)
    {
      g_clear_pointer (&all, g_ptr_array_unref);
      all = gb_level_engine_compute (engine, dates[k], GB_UNIT_LEVEL_ANY, &error);
      g_assert_no_error (error);
      g_assert_true (gb_level_engine_compute_levels (engine, dates[k], levels, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < all->len; i++)
        {
          GbLevelResult *r = all->pdata[i];
          int index = gb_level_engine_lookup_unit (engine, r->unit_code);
          g_autoptr(GbLevelResult) one = gb_level_engine_compute_unit (engine, r->unit_code, dates[k], &error);

          g_assert_no_error (error);
          g_assert_cmpint (index, >=, 0);
          g_assert_cmpstr (gb_level_engine_get_unit_code (engine, index), ==, r->unit_code);
          g_assert_cmpint (levels[index] & ~GB_LEVEL_DECLARED_FLAG, ==, r->effective);
          g_assert_cmpint (!!(levels[index] & GB_LEVEL_DECLARED_FLAG), ==, r->declared != GB_LEVEL_NO_DATA);
          g_assert_cmpint (one->computed, ==, r->computed);
          g_assert_cmpint (one->effective, ==, r->effective);
          g_assert_cmpstr (one->reasons, ==, r->reasons);
          g_assert_cmpstr (one->override_reason, ==, r->override_reason);
        }
    }
  g_assert_cmpint (gb_level_engine_lookup_unit (engine, "99999"), ==, -1);
  g_assert_true (levels[gb_level_engine_lookup_unit (engine, "00203")] & GB_LEVEL_DECLARED_FLAG);
}

/* An engine for one date (the CLI's) reads only that date's window, and gives what the engine
 * of every date gives, on that date and on any other it is asked for; vaccination rows that
 * repeat the previous ones change nothing. */
static void
assert_same_results (GPtrArray *expected,
                     GPtrArray *got)
{
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < got->len; i++)
    {
      GbLevelResult *a = expected->pdata[i], *b = got->pdata[i];

      g_assert_cmpstr (a->unit_code, ==, b->unit_code);
      g_assert_cmpint (a->computed, ==, b->computed);
      g_assert_cmpint (a->effective, ==, b->effective);
      g_assert_cmpstr (a->reasons, ==, b->reasons);
      g_assert_true (a->dose1_18_share == b->dose1_18_share ||
                     (isnan (a->dose1_18_share) && isnan (b->dose1_18_share)));
      g_assert_true (a->full_65_share == b->full_65_share ||
                     (isnan (a->full_65_share) && isnan (b->full_65_share)));
    }
}


static void
test_one_date_agrees (void)
{
  g_autoptr(GbStore) store = new_store ();
  g_autoptr(GbLevelEngine) all = NULL;
  const char *dates[] = { "2021-08-31", "2021-09-03", "2021-12-10", "2021-12-20" };

  put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, 3000000);
  put_unit (store, "001", GB_UNIT_LEVEL_DISTRICT, "01", 1000000);
  for (guint c = 0; c < 5; c++)
    {
      g_autofree char *code = g_strdup_printf ("001%02u", c);

      put_unit (store, code, GB_UNIT_LEVEL_COMMUNE, "001", 100000);
      put_cases (store, code, "2021-08-30", c * 9, c == 2);
      put_cases (store, code, "2021-09-02", c * 3, 0);
      put_cases (store, code, "2021-12-08", c * 11, 0);
      put_vacc (store, code, "2021-09-01", 70000, 30000 + 8000 * c, 10000, 7000);
      put_vacc (store, code, "2021-09-02", 70000, 30000 + 8000 * c, 10000, 7000);
      put_vacc (store, code, "2021-12-01", 70000, 40000 + 8000 * c, 10000, 8500);
    }
  all = gb_level_engine_new (store);
  for (guint k = 0; k < G_N_ELEMENTS (dates); k++)
    {
      g_autoptr(GbLevelEngine) one = gb_level_engine_new_for_date (store, dates[k]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) expected = gb_level_engine_compute (all, dates[k], GB_UNIT_LEVEL_ANY, &error);
      g_autoptr(GPtrArray) got = gb_level_engine_compute (one, dates[k], GB_UNIT_LEVEL_ANY, &error);
      g_autoptr(GPtrArray) other = NULL;

      g_assert_no_error (error);
      assert_same_results (expected, got);
      /* Another date: everything is read. */
      other = gb_level_engine_compute (one, dates[(k + 1) % G_N_ELEMENTS (dates)], GB_UNIT_LEVEL_ANY, &error);
      g_assert_no_error (error);
      g_clear_pointer (&expected, g_ptr_array_unref);
      expected = gb_level_engine_compute (all, dates[(k + 1) % G_N_ELEMENTS (dates)], GB_UNIT_LEVEL_ANY, &error);
      for (guint i = 0; i < other->len; i++)
        g_assert_cmpstr (((GbLevelResult *) expected->pdata[i])->reasons, ==, ((GbLevelResult *) other->pdata[i])->reasons);
    }
}


/* Random reports on random days (communes without any vaccination row, with gaps, repeated
 * rows, a unit's rows ending early): an engine that reads the days each date needs, asked
 * dates one day apart, a week apart and far back, gives exactly what an engine that read
 * everything first (gb_level_engine_load_all()) gives, and so does a new engine per date. */
static void
test_days_as_needed_agree (void)
{
  g_autoptr(GbStore) store = new_store ();
  g_autoptr(GbLevelEngine) all = NULL;
  g_autoptr(GbLevelEngine) lazy = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (128);
  g_autoptr(GError) error = NULL;
  GDate start;

  g_date_set_dmy (&start, 20, 9, 2021);
  put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, 3000000);
  put_unit (store, "001", GB_UNIT_LEVEL_DISTRICT, "01", 1000000);
  put_unit (store, "002", GB_UNIT_LEVEL_DISTRICT, "01", 1000000);
  for (guint c = 0; c < 14; c++)
    {
      g_autofree char *code = g_strdup_printf ("%03u%02u", 1 + c % 2, c);
      gint64 dose1 = 20000 + g_rand_int_range (rand, 0, 20000);

      put_unit (store, code, GB_UNIT_LEVEL_COMMUNE, c % 2 ? "002" : "001", c == 13 ? 0 : 20000 + 5000 * c);
      for (int d = 0; d < 90; d++)
        {
          GDate date = start;
          char iso[11];

          g_date_add_days (&date, d);
          g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &date);
          if (g_rand_int_range (rand, 0, 4) > 0)
            put_cases (store, code, iso, g_rand_int_range (rand, 0, 3) * g_rand_int_range (rand, 0, 3),
                       g_rand_int_range (rand, 0, 30) == 0);
          /* Communes 0 and 1 never report vaccination, 2 stops after a month. */
          if (c >= 2 && !(c == 2 && d > 30) && g_rand_int_range (rand, 0, c % 3 == 0 ? 12 : 3) == 0)
            {
              if (g_rand_boolean (rand))
                dose1 += g_rand_int_range (rand, 0, 3000);
              put_vacc (store, code, iso, 35000, dose1, 4000, 2500 + g_rand_int_range (rand, 0, 1500));
            }
        }
    }
  all = gb_level_engine_new (store);
  g_assert_true (gb_level_engine_load_all (all, &error));
  g_assert_no_error (error);
  lazy = gb_level_engine_new (store);
  for (guint k = 0; k < 60; k++)
    {
      /* One day on, often; else anywhere from a week before the data to a week after. */
      static int day = 40;
      GDate date = start;
      char iso[11];
      g_autoptr(GPtrArray) expected = NULL;
      g_autoptr(GPtrArray) got = NULL;
      g_autoptr(GPtrArray) fresh = NULL;
      g_autoptr(GbLevelEngine) one = gb_level_engine_new (store);

      day = g_rand_int_range (rand, 0, 3) ? day + 1 : g_rand_int_range (rand, -7, 97);
      g_date_add_days (&date, MAX (day, 0));
      if (day < 0)
        g_date_subtract_days (&date, -day);
      g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &date);
      expected = gb_level_engine_compute (all, iso, GB_UNIT_LEVEL_ANY, &error);
      g_assert_no_error (error);
      got = gb_level_engine_compute (lazy, iso, GB_UNIT_LEVEL_ANY, &error);
      g_assert_no_error (error);
      assert_same_results (expected, got);
      fresh = gb_level_engine_compute (one, iso, GB_UNIT_LEVEL_ANY, &error);
      g_assert_no_error (error);
      assert_same_results (expected, fresh);
      /* One unit's level (itself and what is under it) is its level among all. */
      for (guint i = 0; i < expected->len; i += 4)
        {
          GbLevelResult *a = expected->pdata[i];
          g_autoptr(GbLevelResult) b = gb_level_engine_compute_unit (lazy, a->unit_code, iso, &error);

          g_assert_no_error (error);
          g_assert_cmpint (a->effective, ==, b->effective);
          g_assert_cmpstr (a->reasons, ==, b->reasons);
        }
    }
  g_assert_cmpuint (gb_level_engine_get_n_loads (lazy), ==, 1);
}

static void
test_overrides (void)
{
  g_autoptr(GbStore) store = new_store ();
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GbLevelResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *before = NULL;

  put_unit (store, "00001", GB_UNIT_LEVEL_COMMUNE, NULL, 100000);
  put_cases (store, "00001", "2021-12-10", 0, 0);
  put_vacc (store, "00001", "2021-11-01", 70000, 63000, 10000, 9000);
  uid = gb_store_add_level_override (store, "00001", "2021-12-08", "2021-12-20", GB_LEVEL_3,
                                     "Ổ dịch chợ đầu mối", "BCĐ tỉnh", &error);
  g_assert_no_error (error);
  g_assert_nonnull (uid);
  engine = gb_level_engine_new (store);
  r = gb_level_engine_compute_unit (engine, "00001", "2021-12-10", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->computed, ==, GB_LEVEL_1);
  g_assert_cmpint (r->declared, ==, GB_LEVEL_3);
  g_assert_cmpint (r->effective, ==, GB_LEVEL_3);
  g_assert_nonnull (strstr (r->override_reason, "Ổ dịch chợ đầu mối"));
  g_clear_pointer (&r, gb_level_result_free);
  /* Outside its range: computed only. */
  r = gb_level_engine_compute_unit (engine, "00001", "2021-12-21", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->declared, ==, GB_LEVEL_NO_DATA);
  g_clear_pointer (&r, gb_level_result_free);

  gb_store_revoke_level_override (store, uid, "Đã khoanh vùng", "BCĐ tỉnh", &error);
  g_assert_no_error (error);
  gb_level_engine_invalidate (engine);
  r = gb_level_engine_compute_unit (engine, "00001", "2021-12-10", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->declared, ==, GB_LEVEL_NO_DATA);
  g_assert_cmpint (r->effective, ==, GB_LEVEL_1);
  /* Revoking twice is refused. */
  g_assert_false (gb_store_revoke_level_override (store, uid, "again", "x", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Bad input writes nothing. */
  before = gb_test_fingerprint (gb_store_get_path (store));
  g_assert_null (gb_store_add_level_override (store, "99999", "2021-12-08", NULL, GB_LEVEL_3,
                                              "x", "y", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (gb_store_add_level_override (store, "00001", "2021-12-08", "2021-12-01",
                                              GB_LEVEL_3, "x", "y", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (gb_store_add_level_override (store, "00001", "2021-12-08", NULL, GB_LEVEL_3,
                                              "  ", "y", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (gb_store_set_rule_set_period (store, "2022-01-01", "qd9999", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (gb_store_set_threshold (store, "nq128", "no_such_key", "2022-01-01", 1, "t", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (gb_store_set_threshold (store, "qd9999", "band_1", "2022-01-01", 1, "t", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autofree char *after = gb_test_fingerprint (gb_store_get_path (store));
    g_assert_cmpstr (before, ==, after);
  }
  g_assert_null (gb_level_engine_compute (engine, "2021-02-30", GB_UNIT_LEVEL_ANY, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (gb_level_engine_compute_unit (engine, "77777", "2021-12-10", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/levels/nq128-edges", test_nq128_edges);
  g_test_add_func ("/levels/zones-edges", test_zones_edges);
  g_test_add_func ("/levels/rollup", test_rollup);
  g_test_add_func ("/levels/threshold-versions", test_threshold_versions);
  g_test_add_func ("/levels/overrides", test_overrides);
  g_test_add_func ("/levels/fast-paths-agree", test_fast_paths_agree);
  g_test_add_func ("/levels/one-date-agrees", test_one_date_agrees);
  g_test_add_func ("/levels/days-as-needed-agree", test_days_as_needed_agree);
  g_test_add_func ("/levels/rule-set-periods", test_rule_set_periods);
  return g_test_run ();
}
