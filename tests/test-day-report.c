/* test-day-report.c — the district's grid of the day's numbers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "gb-day-report.h"
#include "gb-error.h"
#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-sync-harness.h"
#include "gb-test-util.h"

static void
put_unit (GbStore *store, const char *code, GbUnitLevel level, const char *parent, const char *name)
{
  g_autoptr(GError) error = NULL;
  GbUnit unit = { .code = (char *) code, .level = level, .parent_code = (char *) parent, .name = (char *) name,
                  .population = 10000, .pop_18 = -1, .pop_65 = -1 };

  g_assert_true (gb_store_put_unit (store, &unit, NULL, &error));
  g_assert_no_error (error);
}

/* A province, a district of three communes with yesterday's reports for two, today's for one. */
static GbStore *
open_fixture (char **path)
{
  g_autoptr(GError) error = NULL;
  GbStore *store;
  GbCaseReport r;
  GbVaccination v;

  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_no_error (error);
  put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, "Tỉnh A");
  put_unit (store, "001", GB_UNIT_LEVEL_DISTRICT, "01", "Huyện B");
  put_unit (store, "00001", GB_UNIT_LEVEL_COMMUNE, "001", "Xã Một");
  put_unit (store, "00002", GB_UNIT_LEVEL_COMMUNE, "001", "Xã Hai");
  put_unit (store, "00003", GB_UNIT_LEVEL_COMMUNE, "001", "Xã Ba");
  gb_case_report_init (&r);
  g_strlcpy (r.unit_code, "00001", sizeof r.unit_code);
  g_strlcpy (r.date, "2021-08-09", sizeof r.date);
  r.community = 4; r.quarantine = 2; r.unknown_source = 0; r.deaths = 1; r.tests = 300;
  g_assert_true (gb_store_put_case_report (store, &r, &error));
  g_strlcpy (r.date, "2021-08-10", sizeof r.date);
  r.community = 5;
  g_assert_true (gb_store_put_case_report (store, &r, &error));
  gb_vaccination_init (&v);
  g_strlcpy (v.unit_code, "00002", sizeof v.unit_code);
  g_strlcpy (v.date, "2021-08-09", sizeof v.date);
  v.pop_18 = 5000; v.dose1_18 = 1200; v.full_18 = 400; v.full_65 = 90; v.doses_given = 1600;
  g_assert_true (gb_store_put_vaccination (store, &v, &error));
  g_assert_no_error (error);
  g_assert_true (gb_store_sync_enable_outbox (store, &error));
  g_assert_no_error (error);
  return store;
}

static void
test_cells (void)
{
  gint64 v;

  g_assert_true (gb_day_report_parse_cell ("", &v) && v == -1);
  g_assert_true (gb_day_report_parse_cell ("  ", &v) && v == -1);
  g_assert_true (gb_day_report_parse_cell (" 12 ", &v) && v == 12);
  g_assert_true (gb_day_report_parse_cell ("0", &v) && v == 0);
  g_assert_true (gb_day_report_parse_cell ("1.234", &v) && v == 1234);
  g_assert_true (gb_day_report_parse_cell ("1,234,567", &v) && v == 1234567);
  g_assert_false (gb_day_report_parse_cell ("-3", &v));
  g_assert_false (gb_day_report_parse_cell ("1.5", &v));
  g_assert_false (gb_day_report_parse_cell ("abc", &v));
  g_assert_false (gb_day_report_parse_cell ("12a", &v));
  g_assert_false (gb_day_report_parse_cell ("99999999999999999999", &v));
}

static void
test_roles (void)
{
  g_autofree char *code = gb_day_report_role_district ("district:001");

  g_assert_cmpstr (code, ==, "001");
  g_assert_null (gb_day_report_role_district ("secretary"));
  g_assert_true (gb_day_report_role_may_report ("district:001", "001"));
  g_assert_false (gb_day_report_role_may_report ("district:001", "002"));
  g_assert_true (gb_day_report_role_may_report ("secretary", "002"));
  g_assert_true (gb_day_report_role_may_report (NULL, "002"));
  g_assert_false (gb_day_report_role_may_report ("viewer", NULL));
}

static const GbDayReportRow *
row_of (GPtrArray *rows, const char *code)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((GbDayReportRow *) g_ptr_array_index (rows, i))->code, code))
      return g_ptr_array_index (rows, i);
  g_assert_not_reached ();
}

static void
test_prefill (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_fixture (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = gb_day_report_load (store, "001", "2021-08-10", &error);
  const GbDayReportRow *one, *two, *three;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  /* In the store's order of units: by name. */
  g_assert_cmpstr (((GbDayReportRow *) g_ptr_array_index (rows, 0))->name, ==, "Xã Ba");
  one = row_of (rows, "00001");
  two = row_of (rows, "00002");
  three = row_of (rows, "00003");
  g_assert_cmpstr (one->name, ==, "Xã Một");
  g_assert_true (one->reported);
  g_assert_cmpint (one->value[GB_DAY_FIELD_COMMUNITY], ==, 5);
  g_assert_cmpint (one->previous[GB_DAY_FIELD_COMMUNITY], ==, 4);
  g_assert_cmpint (one->previous[GB_DAY_FIELD_TESTS], ==, 300);
  g_assert_cmpint (one->value[GB_DAY_FIELD_DOSE1_18], ==, -1);
  g_assert_false (two->reported);
  g_assert_cmpint (two->value[GB_DAY_FIELD_FULL_18], ==, -1);
  g_assert_cmpint (two->previous[GB_DAY_FIELD_FULL_18], ==, 400);
  g_assert_cmpint (two->previous[GB_DAY_FIELD_COMMUNITY], ==, -1);
  g_assert_false (three->reported);
  g_assert_cmpuint (gb_day_report_count_reported (rows), ==, 1);

  g_assert_null (gb_day_report_load (store, "999", "2021-08-10", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (gb_day_report_load (store, "001", "10/08/2021", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
}

static void
test_save (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_fixture (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = gb_day_report_load (store, "001", "2021-08-10", &error);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GArray) cases = NULL;
  g_autoptr(GArray) vaccs = NULL;
  g_autoptr(GArray) none = NULL;
  const char *cells[3 * GB_DAY_N_FIELDS] = {
    "", "", "", "", "", "", "", "",                  /* Xã Ba */
    "", "", "", "", "1300", "450", "95", "1.750",    /* Xã Hai */
    "6", "2", "1", "310", "", "", "", "",            /* Xã Một */
  };

  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);
  g_assert_true (gb_day_report_save (store, "2021-08-10", rows, cells, &error));
  g_assert_no_error (error);
  /* Commune one's cases changed, commune two's vaccination is new: two queued changes. */
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 2);
  cases = gb_store_get_case_reports (store, "00001", "2021-08-10", "2021-08-10", &error);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpint (g_array_index (cases, GbCaseReport, 0).community, ==, 6);
  g_assert_cmpint (g_array_index (cases, GbCaseReport, 0).tests, ==, 310);
  vaccs = gb_store_get_vaccinations (store, "00002", "2021-08-10", "2021-08-10", &error);
  g_assert_cmpuint (vaccs->len, ==, 1);
  g_assert_cmpint (g_array_index (vaccs, GbVaccination, 0).doses_given, ==, 1750);
  /* The population the grid does not show is carried from the day before. */
  g_assert_cmpint (g_array_index (vaccs, GbVaccination, 0).pop_18, ==, 5000);
  none = gb_store_get_case_reports (store, "00003", "2021-08-10", "2021-08-10", &error);
  g_assert_cmpuint (none->len, ==, 0);

  again = gb_day_report_load (store, "001", "2021-08-10", &error);
  g_assert_cmpuint (gb_day_report_count_reported (again), ==, 2);
}

/* The full grid: every group's doses typed for a commune; the first grid's save keeps the
 * doses it does not show from the commune's last report. */
static void
test_save_groups (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_fixture (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = gb_day_report_load (store, "001", "2021-08-10", &error);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(GArray) vaccs = NULL;
  const char *first[3 * GB_DAY_N_FIELDS] = {
    "", "", "", "", "", "", "", "",
    "", "", "", "", "1400", "", "", "",
    "", "", "", "", "", "", "", "",
  };
  GbVaccination v;

  g_assert_cmpint (GB_DAY_N_ALL_FIELDS, ==, GB_DAY_N_FIELDS + 9);
  g_assert_cmpstr (gb_day_field_label (GB_DAY_FIELD_BOOSTER_12_17), ==, "Booster 12–17");
  for (guint k = 0; k < rows->len * GB_DAY_N_ALL_FIELDS; k++)
    {
      guint f = k % GB_DAY_N_ALL_FIELDS;

      /* Xã Hai, the second row: 1300 + f in every vaccination field. */
      if (k / GB_DAY_N_ALL_FIELDS == 1 && f >= GB_DAY_FIELD_DOSE1_18)
        g_ptr_array_add (cells, g_strdup_printf ("%u", 2000 - f * 10));
      else
        g_ptr_array_add (cells, g_strdup (""));
    }
  g_ptr_array_set_free_func (cells, g_free);
  g_assert_true (gb_day_report_save_fields (store, "2021-08-10", rows, (const char * const *) cells->pdata,
                                            GB_DAY_N_ALL_FIELDS, &error));
  g_assert_no_error (error);
  vaccs = gb_store_get_vaccinations (store, "00002", "2021-08-10", "2021-08-10", &error);
  g_assert_cmpuint (vaccs->len, ==, 1);
  v = g_array_index (vaccs, GbVaccination, 0);
  g_assert_cmpint (v.dose1_18, ==, 2000 - GB_DAY_FIELD_DOSE1_18 * 10);
  g_assert_cmpint (v.booster_18, ==, 2000 - GB_DAY_FIELD_BOOSTER_18 * 10);
  g_assert_cmpint (v.dose1_12_17, ==, 2000 - GB_DAY_FIELD_DOSE1_12_17 * 10);
  g_assert_cmpint (v.booster_5_11, ==, 2000 - GB_DAY_FIELD_BOOSTER_5_11 * 10);
  g_clear_pointer (&vaccs, g_array_unref);

  /* The grid of the next day shows them as the day before's. */
  again = gb_day_report_load (store, "001", "2021-08-11", &error);
  g_assert_cmpint (((GbDayReportRow *) g_ptr_array_index (again, 1))->previous[GB_DAY_FIELD_DOSE2_5_11], ==,
                   2000 - GB_DAY_FIELD_DOSE2_5_11 * 10);
  /* The first grid's fields only: the groups' doses carried over. */
  g_assert_true (gb_day_report_save (store, "2021-08-11", again, first, &error));
  g_assert_no_error (error);
  vaccs = gb_store_get_vaccinations (store, "00002", "2021-08-11", "2021-08-11", &error);
  v = g_array_index (vaccs, GbVaccination, 0);
  g_assert_cmpint (v.dose1_18, ==, 1400);
  g_assert_cmpint (v.booster_12_17, ==, 2000 - GB_DAY_FIELD_BOOSTER_12_17 * 10);
}

static void
test_bad_value_refused (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_fixture (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = gb_day_report_load (store, "001", "2021-08-10", &error);
  g_autofree char *before = gb_test_fingerprint (path);
  g_autofree char *after = NULL;
  const char *cells[3 * GB_DAY_N_FIELDS] = {
    "", "", "năm", "", "", "", "", "",               /* Xã Ba */
    "", "", "", "", "", "", "", "",
    "6", "2", "1", "310", "", "", "", "",
  };

  g_assert_false (gb_day_report_save (store, "2021-08-10", rows, cells, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Xã Ba"));
  g_assert_nonnull (strstr (error->message, "Deaths"));
  g_assert_nonnull (strstr (error->message, "năm"));
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
}

static GbSyncSummary *
sync_once (const char *db, const char *url, const char *token)
{
  g_autoptr(GbSyncClient) client = gb_sync_client_new (db, url, token);
  g_autoptr(GError) error = NULL;
  GbSyncSummary *s;

  g_object_set (client, "max-attempts", 1, "timeout", 5, "page-size", 2000, NULL);
  s = gb_sync_client_sync (client, NULL, &error);
  g_assert_no_error (error);
  return s;
}

/* A district's grid saved in its copy reaches giaoband on the next sync. */
static void
test_reaches_server (void)
{
  GbSyncHarnessDaemon d = { 0 };
  g_autofree char *copy = gb_test_temp_db ();
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbStore) server = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) cases = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  const GbDayReportRow *first;

  gb_sync_harness_daemon_setup (&d, TRUE);
  token = gb_sync_harness_add_user (&d, "bac-ai", "district:584");
  s = sync_once (copy, d.url, token);
  g_clear_pointer (&s, gb_sync_summary_free);

  store = gb_store_open (copy, &error);
  g_assert_no_error (error);
  g_assert_true (gb_store_sync_enable_outbox (store, &error));
  rows = gb_day_report_load (store, "584", "2022-01-23", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (gb_day_report_count_reported (rows), ==, 0);
  first = g_ptr_array_index (rows, 0);
  for (guint k = 0; k < rows->len * GB_DAY_N_FIELDS; k++)
    g_ptr_array_add (cells, (gpointer) (k == GB_DAY_FIELD_COMMUNITY ? "7" : ""));
  g_assert_true (gb_day_report_save (store, "2022-01-23", rows, (const char * const *) cells->pdata, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 1);

  s = sync_once (copy, d.url, token);
  g_assert_cmpint (s->pushed, ==, 1);
  g_assert_cmpint (s->conflicts, ==, 0);
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);
  server = gb_store_open (d.db, &error);
  g_assert_no_error (error);
  cases = gb_store_get_case_reports (server, first->code, "2022-01-23", "2022-01-23", &error);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpint (g_array_index (cases, GbCaseReport, 0).community, ==, 7);
  g_clear_object (&server);
  gb_sync_harness_daemon_teardown (&d);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/day-report/cells", test_cells);
  g_test_add_func ("/day-report/roles", test_roles);
  g_test_add_func ("/day-report/prefill", test_prefill);
  g_test_add_func ("/day-report/save", test_save);
  g_test_add_func ("/day-report/save-groups", test_save_groups);
  g_test_add_func ("/day-report/bad-value-refused", test_bad_value_refused);
  g_test_add_func ("/day-report/reaches-server", test_reaches_server);
  return g_test_run ();
}
