/* test-unit-merges.c — a merge entered by hand: its checks, undoing it, its people, and the
 * reporting rate of the units of a date
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "gb-error.h"
#include "gb-level-engine.h"
#include "gb-store.h"
#include "gb-store-charts.h"
#include "gb-store-reporting.h"
#include "gb-store-units-history.h"
#include "gb-sync-role.h"
#include "gb-sync-unit-merge.h"
#include "gb-test-util.h"

#define DAY "2024-01-10"

/* Province 99, district 990, communes 99001–99004 of 1000, 2000, 3000 and 4000 people; 99004
 * only from DAY on. */
static GbStore *
small_province (char **path)
{
  GbStore *store = gb_test_store_new (path);
  g_autoptr(GError) error = NULL;

  gb_test_put_unit (store, "99", GB_UNIT_LEVEL_PROVINCE, NULL, -1);
  gb_test_put_unit (store, "990", GB_UNIT_LEVEL_DISTRICT, "99", -1);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *code = g_strdup_printf ("9900%u", i);

      gb_test_put_unit (store, code, GB_UNIT_LEVEL_COMMUNE, "990", 1000 * i);
    }
  g_assert_true (gb_store_set_unit_validity (store, "99004", DAY, NULL, &error));
  g_assert_no_error (error);
  return store;
}

static void
merge_fails (GbStore            *store,
             const char         *path,
             const char *const  *codes,
             const GbUnit       *into,
             const char         *date,
             int                 code,
             const char         *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = gb_test_fingerprint (path);
  g_autofree char *after = NULL;

  g_assert_false (gb_store_merge_units (store, codes, into, date, NULL, &error));
  g_assert_error (error, GB_ERROR, code);
  g_assert_nonnull (strstr (error->message, words));
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
}

/* Every wrong merge is refused with what is wrong, and the database stays as it was. */
static void
test_checks (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_province (&path);
  const char *alone[] = { "99001", NULL };
  const char *two[] = { "99001", "99002", NULL };
  const char *twice[] = { "99001", "99001", NULL };
  const char *young[] = { "99004", "99001", NULL };
  const char *mixed[] = { "99001", "990", NULL };
  const char *unknown[] = { "99001", "77777", NULL };
  GbUnit existing = { .code = (char *) "99001", .level = GB_UNIT_LEVEL_ANY, .population = -1, .pop_18 = -1,
                      .pop_65 = -1 };
  GbUnit fresh = existing;

  merge_fails (store, path, alone, &existing, DAY, GB_ERROR_INVALID_DATA, "cannot merge into itself");
  merge_fails (store, path, twice, &existing, DAY, GB_ERROR_DUPLICATE, "named twice");
  merge_fails (store, path, mixed, &existing, DAY, GB_ERROR_INVALID_DATA, "one level");
  merge_fails (store, path, unknown, &existing, DAY, GB_ERROR_NOT_FOUND, "77777");
  /* 99004 comes into force on DAY: it cannot merge that day, nor before. */
  merge_fails (store, path, young, &existing, DAY, GB_ERROR_INVALID_DATA, "comes into force only on 10/01/2024");
  merge_fails (store, path, young, &existing, "2023-06-01", GB_ERROR_INVALID_DATA, "comes into force only on");
  fresh.code = (char *) "9a";
  fresh.name = (char *) "Xã Mới";
  merge_fails (store, path, two, &fresh, DAY, GB_ERROR_INVALID_DATA, "not a unit code");
  fresh.code = (char *) "99010";
  fresh.name = (char *) "  ";
  merge_fails (store, path, two, &fresh, DAY, GB_ERROR_INVALID_DATA, "needs a name");

  /* A unit that merged is no longer there to merge again on a later day. */
  {
    g_autoptr(GError) error = NULL;
    const char *other[] = { "99003", NULL };
    GbUnit into3 = { .code = (char *) "99002", .level = GB_UNIT_LEVEL_ANY, .population = -1, .pop_18 = -1,
                     .pop_65 = -1 };

    g_assert_true (gb_store_merge_units (store, other, &into3, DAY, NULL, &error));
    g_assert_no_error (error);
    merge_fails (store, path, other, &existing, "2024-02-01", GB_ERROR_INVALID_DATA, "no longer in force");
  }
}

/* A merge into a new unit, undone: the units it ended are in force again, the unit it made is
 * gone, nothing of it is left; one into an existing unit, undone, leaves its people as before. */
static void
test_undo (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_province (&path);
  g_autoptr(GError) error = NULL;
  /* The merges themselves stay, marked undone: the undo travels with the sync. */
  const char *const merge_record[] = { "unit_merges", NULL };
  g_autofree char *before = gb_test_fingerprint_except (path, merge_record);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) merges = NULL;
  const char *two[] = { "99001", "99002", NULL };
  const char *three[] = { "99003", NULL };
  GbUnit fresh = { .code = (char *) "99010", .name = (char *) "Xã Mới", .level = GB_UNIT_LEVEL_ANY,
                   .population = -1, .pop_18 = -1, .pop_65 = -1 };
  GbUnit grown = { .code = (char *) "99010", .level = GB_UNIT_LEVEL_ANY, .population = -1, .pop_18 = -1,
                   .pop_65 = -1 };
  gint64 first, second;

  g_assert_true (gb_store_merge_units (store, two, &fresh, DAY, "NQ 1/NQ-UBTVQH15", &error));
  g_assert_no_error (error);
  g_assert_true (gb_store_merge_units (store, three, &grown, "2024-03-01", NULL, &error));
  g_assert_no_error (error);
  merges = gb_store_list_unit_merges (store, &error);
  g_assert_cmpuint (merges->len, ==, 2);
  /* The latest first. */
  second = ((GbUnitMerge *) merges->pdata[0])->id;
  first = ((GbUnitMerge *) merges->pdata[1])->id;
  g_assert_cmpstr (((GbUnitMerge *) merges->pdata[1])->successor, ==, "99010");
  g_assert_cmpstr (((GbUnitMerge *) merges->pdata[1])->codes[1], ==, "99002");
  g_assert_cmpstr (((GbUnitMerge *) merges->pdata[1])->source, ==, "NQ 1/NQ-UBTVQH15");

  /* The first cannot go while the second rests on the unit it made. */
  {
    g_autofree char *held = gb_test_fingerprint (path);
    g_autofree char *still = NULL;

    g_assert_false (gb_store_undo_unit_merge (store, first, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_CONFLICT);
    g_clear_error (&error);
    still = gb_test_fingerprint (path);
    g_assert_cmpstr (held, ==, still);
  }
  g_assert_true (gb_store_undo_unit_merge (store, second, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GbUnit) made = gb_store_get_unit_on (store, "99010", "2024-03-02", &error);

    g_assert_no_error (error);
    g_assert_cmpint (made->population, ==, 3000);
    g_assert_cmpint (gb_test_query_int (path, "SELECT count (*) FROM units WHERE code = '99003' "
                                              "AND valid_to IS NULL"), ==, 1);
  }
  g_assert_true (gb_store_undo_unit_merge (store, first, &error));
  g_assert_no_error (error);
  after = gb_test_fingerprint_except (path, merge_record);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (gb_test_query_int (path, "SELECT count (*) FROM unit_merges WHERE undone_at IS NOT NULL"), ==, 2);
  g_clear_pointer (&merges, g_ptr_array_unref);
  merges = gb_store_list_unit_merges (store, &error);
  g_assert_cmpuint (merges->len, ==, 0);
  g_assert_false (gb_store_undo_unit_merge (store, first, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

/* A unit that grows by a merge has every age group of the units that went into it, and its
 * vaccination coverage is per all of them. */
static void
test_people_groups (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_province (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbUnit) grown = NULL;
  g_autoptr(GbUnit) earlier = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GbLevelResult) result = NULL;
  const char *codes[] = { "99001", NULL };
  GbUnit into = { .code = (char *) "99002", .level = GB_UNIT_LEVEL_ANY, .population = -1, .pop_18 = -1,
                  .pop_65 = -1 };
  GbVaccination v;

  g_assert_true (gb_store_merge_units (store, codes, &into, DAY, NULL, &error));
  g_assert_no_error (error);
  grown = gb_store_get_unit_on (store, "99002", "2024-01-11", &error);
  earlier = gb_store_get_unit_on (store, "99002", "2024-01-09", &error);
  g_assert_no_error (error);
  g_assert_cmpint (grown->population, ==, 3000);
  g_assert_cmpint (grown->pop_18, ==, 700 + 1400);
  g_assert_cmpint (grown->pop_65, ==, 100 + 200);
  g_assert_cmpint (earlier->pop_18, ==, 1400);
  g_assert_cmpint (earlier->pop_65, ==, 200);

  /* A report of doses without the groups' people: the share is per the unit's own. */
  g_assert_true (gb_test_put_cases (store, "99002", "2024-01-11", 0, 0, &error));
  gb_vaccination_init (&v);
  g_strlcpy (v.unit_code, "99002", sizeof v.unit_code);
  g_strlcpy (v.date, "2024-01-11", sizeof v.date);
  v.dose1_18 = 1050;
  v.full_65 = 150;
  g_assert_true (gb_store_put_vaccination (store, &v, &error));
  g_assert_no_error (error);
  engine = gb_level_engine_new (store);
  result = gb_level_engine_compute_unit (engine, "99002", "2024-01-11", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (result->dose1_18_share, 1050.0 / 2100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->full_65_share, 150.0 / 300.0, 1e-9);
}

static const GbReportingDay *
district_day (GPtrArray  *list,
              const char *date)
{
  g_assert_cmpuint (list->len, ==, 1);
  for (guint i = 0; i < ((GbReportingUnit *) list->pdata[0])->days->len; i++)
    {
      const GbReportingDay *d = &g_array_index (((GbReportingUnit *) list->pdata[0])->days, GbReportingDay, i);

      if (strcmp (d->date, date) == 0)
        return d;
    }
  g_assert_not_reached ();
}

/* "N/M communes reported" counts the communes of the day: after a merge the merged ones once,
 * as their successor, which reported when any of them did (under its old code too). */
static void
test_reporting_follows_merges (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_province (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *two[] = { "99001", "99002", NULL };
  GbUnit fresh = { .code = (char *) "99010", .name = (char *) "Xã Mới", .level = GB_UNIT_LEVEL_ANY,
                   .population = -1, .pop_18 = -1, .pop_65 = -1 };
  const char *days[] = { "2024-01-19", "2024-01-20", "2024-01-21" };

  /* Each day 99001, 99002 and 99003 report under their 2021 codes; 99004 never. */
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    for (guint i = 1; i <= 3; i++)
      {
        g_autofree char *code = g_strdup_printf ("9900%u", i);

        g_assert_true (gb_test_put_cases (store, code, days[d], 1, 0, &error));
        g_assert_no_error (error);
      }
  g_assert_true (gb_store_merge_units (store, two, &fresh, "2024-01-20", NULL, &error));
  g_assert_no_error (error);
  list = gb_reporting_list_districts (store, "2024-01-19", "2024-01-21", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (district_day (list, "2024-01-19")->reported, ==, 3);
  g_assert_cmpuint (district_day (list, "2024-01-19")->expected, ==, 4);
  /* 99010, 99003 and 99004: the new commune reported through its old codes. */
  g_assert_cmpuint (district_day (list, "2024-01-20")->reported, ==, 2);
  g_assert_cmpuint (district_day (list, "2024-01-20")->expected, ==, 3);
  g_assert_cmpuint (district_day (list, "2024-01-21")->reported, ==, 2);
  g_assert_cmpuint (district_day (list, "2024-01-21")->expected, ==, 3);
}

static const GbReportingDay *
day_of (GPtrArray  *list,
        const char *code,
        const char *date)
{
  for (guint u = 0; u < list->len; u++)
    {
      GbReportingUnit *unit = list->pdata[u];

      if (strcmp (unit->code, code) != 0)
        continue;
      for (guint i = 0; i < unit->days->len; i++)
        if (strcmp (g_array_index (unit->days, GbReportingDay, i).date, date) == 0)
          return &g_array_index (unit->days, GbReportingDay, i);
    }
  return NULL;
}

/* Two districts merged by hand into a new one: their communes count ("N/M communes
 * reported") and chart under the successor from the merge on, under their own districts
 * before it; the province is the same throughout. */
static void
test_district_merge_follows (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = small_province (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GbChartData) chart = NULL;
  g_autoptr(GbChartData) old = NULL;
  g_autoptr(GbChartData) province = NULL;
  const char *two[] = { "990", "995", NULL };
  GbUnit fresh = { .code = (char *) "999", .name = (char *) "Huyện Mới", .level = GB_UNIT_LEVEL_ANY,
                   .population = -1, .pop_18 = -1, .pop_65 = -1 };
  const char *communes[] = { "99001", "99002", "99003", "99004", "99501", "99502" };
  const char *dates[] = { "2024-01-19", "2024-01-20", "2024-01-21" };

  gb_test_put_unit (store, "995", GB_UNIT_LEVEL_DISTRICT, "99", -1);
  gb_test_put_unit (store, "99501", GB_UNIT_LEVEL_COMMUNE, "995", 500);
  gb_test_put_unit (store, "99502", GB_UNIT_LEVEL_COMMUNE, "995", 600);
  /* Every commune reports every day but 99502 on the 21st. */
  for (guint d = 0; d < G_N_ELEMENTS (dates); d++)
    for (guint i = 0; i < G_N_ELEMENTS (communes); i++)
      if (d < 2 || i < 5)
        {
          g_assert_true (gb_test_put_cases (store, communes[i], dates[d], 1 + i, 0, &error));
          g_assert_no_error (error);
        }
  g_assert_true (gb_store_merge_units (store, two, &fresh, "2024-01-20", NULL, &error));
  g_assert_no_error (error);

  list = gb_reporting_list_districts (store, "2024-01-19", "2024-01-21", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (day_of (list, "990", "2024-01-19")->expected, ==, 4);
  g_assert_cmpuint (day_of (list, "995", "2024-01-19")->expected, ==, 2);
  g_assert_null (day_of (list, "999", "2024-01-19"));
  g_assert_null (day_of (list, "990", "2024-01-20"));
  g_assert_null (day_of (list, "995", "2024-01-21"));
  g_assert_cmpuint (day_of (list, "999", "2024-01-20")->reported, ==, 6);
  g_assert_cmpuint (day_of (list, "999", "2024-01-20")->expected, ==, 6);
  g_assert_cmpuint (day_of (list, "999", "2024-01-21")->reported, ==, 5);
  g_assert_cmpuint (day_of (list, "999", "2024-01-21")->expected, ==, 6);
  /* A district's own days, and the province's, as the charts' hatching reads them. */
  days = gb_reporting_get_days (store, "999", "2024-01-19", "2024-01-21", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 2);
  g_assert_cmpstr (g_array_index (days, GbReportingDay, 0).date, ==, "2024-01-20");
  g_clear_pointer (&days, g_array_unref);
  /* A commune's days are its district's of the last day: the successor's. */
  days = gb_reporting_get_days (store, "99501", "2024-01-19", "2024-01-21", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 2);
  g_assert_cmpuint (g_array_index (days, GbReportingDay, 1).expected, ==, 6);
  g_clear_pointer (&days, g_array_unref);
  days = gb_reporting_get_days (store, "99", "2024-01-19", "2024-01-21", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 3);
  g_assert_cmpuint (g_array_index (days, GbReportingDay, 0).expected, ==, 6);
  g_assert_cmpuint (g_array_index (days, GbReportingDay, 2).reported, ==, 5);

  /* The charts: the successor sums the communes from the merge on, an old district before. */
  chart = gb_store_load_chart_data (store, "999", &error);
  g_assert_no_error (error);
  g_assert_true (chart->aggregated);
  g_assert_cmpuint (chart->n_days, ==, 2);
  g_assert_cmpfloat (chart->community[0], ==, 1 + 2 + 3 + 4 + 5 + 6);
  g_assert_cmpfloat (chart->community[1], ==, 1 + 2 + 3 + 4 + 5);
  g_assert_cmpint (chart->population, ==, 1000 + 2000 + 3000 + 4000 + 500 + 600);
  old = gb_store_load_chart_data (store, "995", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (old->n_days, ==, 1);
  g_assert_cmpfloat (old->community[0], ==, 5 + 6);
  g_assert_cmpuint (old->first_day + 1, ==, chart->first_day);
  province = gb_store_load_chart_data (store, "99", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (province->n_days, ==, 3);
  g_assert_cmpfloat (province->community[0], ==, 21);
  g_assert_cmpfloat (province->community[1], ==, 21);
  g_assert_cmpfloat (province->community[2], ==, 15);
}

/* The chart of a commune two merged into goes on with theirs before the merge: their cases
 * added day by day, the 7-day average and the running total over them, its people theirs,
 * then its own. */
static void
test_chart_carried (void)
{
  g_autoptr(GbStore) store = small_province (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbChartData) data = NULL;
  const char *two[] = { "99001", "99002", NULL };
  GbUnit fresh = { .code = (char *) "99010", .name = (char *) "Xã Mới", .level = GB_UNIT_LEVEL_ANY,
                   .population = -1, .pop_18 = -1, .pop_65 = -1 };

  for (guint d = 1; d <= 7; d++)
    {
      g_autofree char *day = g_strdup_printf ("2024-01-%02u", d);

      g_assert_true (gb_test_put_cases (store, "99001", day, 1, 0, &error));
      g_assert_true (gb_test_put_cases (store, "99002", day, 2, 1, &error));
      g_assert_no_error (error);
    }
  g_assert_true (gb_store_merge_units (store, two, &fresh, "2024-01-08", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gb_test_put_cases (store, "99010", "2024-01-08", 4, 0, &error));

  data = gb_store_load_chart_data (store, "99010", &error);
  g_assert_no_error (error);
  g_assert_cmpint (data->population, ==, 3000);
  g_assert_cmpuint (data->n_days, ==, 8);
  g_assert_cmpfloat (data->community[0], ==, 3);
  g_assert_cmpfloat (data->quarantine[0], ==, 1);
  g_assert_true (isnan (data->avg7[5]));
  g_assert_cmpfloat_with_epsilon (data->avg7[6], 4.0, 1e-9);
  g_assert_cmpfloat (data->community[7], ==, 4);
  g_assert_cmpfloat (data->cumulative[7], ==, 7 * 4 + 4);
}

/* Who may enter a merge in the app: the province's secretary or an admin, or an app that never
 * synced (its user is the secretary); never a viewer or a district. */
static void
test_roles (void)
{
  g_assert_true (gb_sync_role_may_merge_units (NULL));
  g_assert_true (gb_sync_role_may_merge_units ("secretary"));
  g_assert_true (gb_sync_role_may_merge_units ("admin"));
  g_assert_false (gb_sync_role_may_merge_units ("viewer"));
  g_assert_false (gb_sync_role_may_merge_units ("district:588"));
  g_assert_false (gb_sync_role_may_merge_units ("root"));
}

/* A database that had 0181 (merges without uids) before 0182 landed: 0182 keeps every merge,
 * its changeset too, under a uid of its own, in force. */
static void
test_migration_keeps_merges (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) old = gb_store_open_at_version (path, 181, &error);
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GPtrArray) merges = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_clear_object (&old);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO unit_merges VALUES (7, '99010', '2024-01-10', '99001,99002', 'NQ 1', "
                                "'2026-12-07T10:00:00Z', x'0102'); "
                                "INSERT INTO unit_merges VALUES (8, '99010', '2024-03-01', '99003', NULL, "
                                "'2026-12-07T11:00:00Z', x'03')", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = gb_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_test_query_int (path, "SELECT count (*) FROM unit_merges WHERE length (uid) = 36 "
                                            "AND undone_at IS NULL"), ==, 2);
  g_assert_cmpint (gb_test_query_int (path, "SELECT count (DISTINCT uid) FROM unit_merges"), ==, 2);
  g_assert_cmpint (gb_test_query_int (path, "SELECT count (*) FROM unit_merges WHERE id = 7 AND "
                                            "changes = x'0102' AND source = 'NQ 1'"), ==, 1);
  merges = gb_store_list_unit_merges (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (merges->len, ==, 2);
  g_assert_true (((GbUnitMerge *) merges->pdata[0])->here);
  g_assert_cmpstr (((GbUnitMerge *) merges->pdata[1])->codes[1], ==, "99002");
}

static JsonNode *
json (const char *text)
{
  JsonNode *node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return node;
}

/* What giaoband takes from a secretary: the rows a merge it holds writes, and its undo's;
 * nothing else of the units' tables. */
static void
test_sync_checks (void)
{
  g_autoptr(JsonNode) merges = json ("[{\"uid\":\"m1\",\"successor\":\"990\",\"date\":\"2024-01-10\","
                                     "\"codes\":\"991,992\",\"source\":null,\"entered_at\":\"x\",\"undone_at\":null}]");
  JsonArray *all = json_node_get_array (merges);
  g_autoptr(JsonNode) null = json_node_new (JSON_NODE_NULL);
  g_autoptr(GError) error = NULL;
  struct { const char *table, *key, *row, *server; gboolean ok; } cases[] = {
    { "unit_successions", "{\"date\":\"2024-01-10\",\"predecessor\":\"991\",\"successor\":\"990\"}", "{}", NULL, TRUE },
    { "unit_successions", "{\"date\":\"2024-01-10\",\"predecessor\":\"993\",\"successor\":\"990\"}", "{}", NULL, FALSE },
    { "unit_successions", "{\"date\":\"2024-01-11\",\"predecessor\":\"991\",\"successor\":\"990\"}", "{}", NULL, FALSE },
    /* A commune of a merging district moves to the successor; another commune does not. */
    { "unit_versions", "{\"code\":\"99101\",\"valid_from\":\"2024-01-10\"}", "{\"parent_code\":\"990\"}", NULL, TRUE },
    { "unit_versions", "{\"code\":\"99101\",\"valid_from\":\"2024-01-10\"}", "{\"parent_code\":\"995\"}", NULL, FALSE },
    { "unit_versions", "{\"code\":\"99101\",\"valid_from\":\"2024-02-10\"}", "{\"parent_code\":\"990\"}", NULL, FALSE },
    { "unit_versions", "{\"code\":\"99101\",\"valid_from\":\"2024-01-10\"}", NULL, "{\"parent_code\":\"990\"}", TRUE },
    /* A merging unit ends; its name does not change on the way. */
    { "units", "{\"code\":\"991\"}", "{\"code\":\"991\",\"name\":\"A\",\"valid_to\":\"2024-01-10\"}",
      "{\"code\":\"991\",\"name\":\"A\",\"valid_to\":null}", TRUE },
    { "units", "{\"code\":\"991\"}", "{\"code\":\"991\",\"name\":\"B\",\"valid_to\":\"2024-01-10\"}",
      "{\"code\":\"991\",\"name\":\"A\",\"valid_to\":null}", FALSE },
    { "units", "{\"code\":\"993\"}", "{\"code\":\"993\",\"name\":\"A\",\"valid_to\":\"2024-01-10\"}",
      "{\"code\":\"993\",\"name\":\"A\",\"valid_to\":null}", FALSE },
    /* The successor made new from the day, and taken back by the undo; no other unit deleted. */
    { "units", "{\"code\":\"990\"}", "{\"code\":\"990\",\"valid_from\":\"2024-01-10\"}", NULL, TRUE },
    { "units", "{\"code\":\"990\"}", "{\"code\":\"990\",\"valid_from\":\"2023-01-10\"}", NULL, FALSE },
    { "units", "{\"code\":\"990\"}", NULL, "{\"code\":\"990\"}", TRUE },
    { "units", "{\"code\":\"991\"}", NULL, "{\"code\":\"991\"}", FALSE },
    { "case_reports", "{\"date\":\"2024-01-10\",\"unit_code\":\"99101\"}", "{}", NULL, FALSE },
    /* Deleting what the server does not have writes nothing (a merge undone before its sync). */
    { "unit_versions", "{\"code\":\"99101\",\"valid_from\":\"2024-01-10\"}", NULL, NULL, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) key = json (cases[i].key);
      g_autoptr(JsonNode) row = cases[i].row ? json (cases[i].row) : NULL;
      g_autoptr(JsonNode) server = cases[i].server ? json (cases[i].server) : json_node_copy (null);
      gboolean ok = gb_sync_unit_merge_allows (all, cases[i].table, key, row, server, &error);

      g_test_message ("case %u", i);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        g_assert_error (error, GB_ERROR, GB_ERROR_PERMISSION);
      g_clear_error (&error);
    }
  /* No merge held: nothing. */
  {
    g_autoptr(JsonNode) key = json ("{\"date\":\"2024-01-10\",\"predecessor\":\"991\",\"successor\":\"990\"}");
    g_autoptr(JsonNode) row = json ("{}");

    g_assert_false (gb_sync_unit_merge_allows (NULL, "unit_successions", key, row, null, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_PERMISSION);
    g_clear_error (&error);
  }
  /* The merge itself: a new one well formed; one held only undone, never changed or deleted. */
  {
    JsonNode *held = json_array_get_element (all, 0);
    g_autoptr(JsonNode) undone = json ("{\"uid\":\"m1\",\"successor\":\"990\",\"date\":\"2024-01-10\","
                                       "\"codes\":\"991,992\",\"source\":null,\"entered_at\":\"x\","
                                       "\"undone_at\":\"2026-12-07T12:00:00Z\"}");
    g_autoptr(JsonNode) moved = json ("{\"uid\":\"m1\",\"successor\":\"990\",\"date\":\"2024-01-10\","
                                      "\"codes\":\"991,992,993\",\"source\":null,\"entered_at\":\"x\","
                                      "\"undone_at\":null}");
    g_autoptr(JsonNode) bad = json ("{\"uid\":\"m2\",\"successor\":\"990\",\"date\":\"2024-01-10\","
                                    "\"codes\":\"991,x\",\"entered_at\":\"x\"}");

    g_assert_true (gb_sync_unit_merge_row_allows (held, null, &error));
    g_assert_true (gb_sync_unit_merge_row_allows (undone, held, &error));
    g_assert_no_error (error);
    g_assert_false (gb_sync_unit_merge_row_allows (moved, held, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (gb_sync_unit_merge_row_allows (held, undone, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (gb_sync_unit_merge_row_allows (NULL, held, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (gb_sync_unit_merge_row_allows (bad, null, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/unit-merges/checks", test_checks);
  g_test_add_func ("/unit-merges/undo", test_undo);
  g_test_add_func ("/unit-merges/people-groups", test_people_groups);
  g_test_add_func ("/unit-merges/reporting-follows-merges", test_reporting_follows_merges);
  g_test_add_func ("/unit-merges/chart-carried", test_chart_carried);
  g_test_add_func ("/unit-merges/district-merge-follows", test_district_merge_follows);
  g_test_add_func ("/unit-merges/roles", test_roles);
  g_test_add_func ("/unit-merges/migration-keeps-merges", test_migration_keeps_merges);
  g_test_add_func ("/unit-merges/sync-checks", test_sync_checks);
  return g_test_run ();
}
