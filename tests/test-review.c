/* test-review.c — implausible values held for review: the rule at its edges, the queue, the
 * decisions and their sync
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "gb-error.h"
#include "gb-level-engine.h"
#include "gb-store-private.h"
#include "gb-store-review.h"
#include "gb-store-sync.h"
#include "gb-test-util.h"

static gint64
community_of (GbStore *store, const char *code, const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = gb_store_get_case_reports (store, code, date, date, &error);

  g_assert_no_error (error);
  return rows->len ? g_array_index (rows, GbCaseReport, 0).community : -1;
}

/* The rule alone, at its edges. */
static void
test_rule_edges (void)
{
  const gint64 week[] = { 2, 3, 1, 5, 4, 2, 3 };   /* median 3 */
  const gint64 even[] = { 1, 2, 4, 10 };            /* median 3 */
  const gint64 quiet[] = { 0, 0, 0, 0, 0, 0, 0 };

  g_assert_cmpfloat (gb_review_median (week, 7), ==, 3);
  g_assert_cmpfloat (gb_review_median (even, 4), ==, 3);
  g_assert_true (isnan (gb_review_median (NULL, 0)));
  /* Exactly ten times the median passes; one more is held, if above the floor. */
  g_assert_cmpint (gb_review_judge_daily (30, week, 7, 20), ==, GB_REVIEW_PLAUSIBLE);
  g_assert_cmpint (gb_review_judge_daily (31, week, 7, 20), ==, GB_REVIEW_JUMP);
  g_assert_cmpint (gb_review_judge_daily (31, even, 4, 20), ==, GB_REVIEW_JUMP);
  /* At the floor passes, above it is held (ten times a median of 0 is 0). */
  g_assert_cmpint (gb_review_judge_daily (20, quiet, 7, 20), ==, GB_REVIEW_PLAUSIBLE);
  g_assert_cmpint (gb_review_judge_daily (21, quiet, 7, 20), ==, GB_REVIEW_JUMP);
  /* Above ten times the median but not above the floor passes. */
  g_assert_cmpint (gb_review_judge_daily (35, week, 7, 40), ==, GB_REVIEW_PLAUSIBLE);
  g_assert_cmpint (gb_review_judge_daily (41, week, 7, 40), ==, GB_REVIEW_JUMP);
  /* Negative, whatever the range; no recent report: no range to leave. */
  g_assert_cmpint (gb_review_judge_daily (-1, week, 7, 20), ==, GB_REVIEW_NEGATIVE);
  g_assert_cmpint (gb_review_judge_daily (-1, NULL, 0, 20), ==, GB_REVIEW_NEGATIVE);
  g_assert_cmpint (gb_review_judge_daily (100000, NULL, 0, 20), ==, GB_REVIEW_PLAUSIBLE);
  g_assert_cmpint (gb_review_judge_daily (0, week, 7, 20), ==, GB_REVIEW_PLAUSIBLE);
  /* Totals: equal is fine, one less falls; unknown on either side is not judged. */
  g_assert_cmpint (gb_review_judge_total (500, 500), ==, GB_REVIEW_PLAUSIBLE);
  g_assert_cmpint (gb_review_judge_total (499, 500), ==, GB_REVIEW_FALL);
  g_assert_cmpint (gb_review_judge_total (501, 500), ==, GB_REVIEW_PLAUSIBLE);
  g_assert_cmpint (gb_review_judge_total (-1, 500), ==, GB_REVIEW_PLAUSIBLE);
  g_assert_cmpint (gb_review_judge_total (0, -1), ==, GB_REVIEW_PLAUSIBLE);
}

/* A commune with a steady week: 3 a day (median 3). */
static GbStore *
steady_store (char **path)
{
  GbStore *store = gb_test_store_new (path);
  g_autoptr(GError) error = NULL;

  gb_test_put_unit (store, "01", GB_UNIT_LEVEL_PROVINCE, NULL, 100000);
  gb_test_put_unit (store, "001", GB_UNIT_LEVEL_DISTRICT, "01", 100000);
  gb_test_put_unit (store, "00001", GB_UNIT_LEVEL_COMMUNE, "001", 100000);
  for (guint d = 1; d <= 7; d++)
    {
      g_autofree char *date = g_strdup_printf ("2021-09-%02u", d);

      g_assert_true (gb_test_put_cases (store, "00001", date, 3, 1, &error));
    }
  return store;
}

/* Held values stay out of the numbers, the last confirmed one in use, until decided. */
static void
test_hold_and_decide (void)
{
  g_autoptr(GbStore) store = steady_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) flagged = NULL;
  g_autofree char *first = NULL;
  GbReviewItem *it;

  /* Exactly ten times the median is written; a typo of 4,000 is held. */
  g_assert_true (gb_test_put_cases (store, "00001", "2021-09-08", 30, 1, &error));
  g_assert_cmpint (community_of (store, "00001", "2021-09-08"), ==, 30);
  g_assert_cmpint (gb_store_review_count (store), ==, 0);
  g_assert_true (gb_test_put_cases (store, "00001", "2021-09-09", 4000, 1, &error));
  g_assert_cmpint (community_of (store, "00001", "2021-09-09"), ==, 30);   /* the last confirmed */
  g_assert_cmpint (gb_store_review_count (store), ==, 1);
  /* A negative quarantine count on a day that was fine keeps that day's value. */
  g_assert_true (gb_test_put_cases (store, "00001", "2021-09-08", 30, -4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gb_store_review_count (store), ==, 2);

  items = gb_store_review_list (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  it = items->pdata[0];
  g_assert_cmpstr (it->field, ==, "community");
  g_assert_cmpstr (it->rule, ==, "jump");
  g_assert_cmpint (it->value, ==, 4000);
  g_assert_cmpint (it->in_use, ==, 30);
  g_assert_cmpfloat (it->median, ==, 3);
  g_assert_cmpstr (((GbReviewItem *) items->pdata[1])->rule, ==, "negative");
  g_assert_cmpint (((GbReviewItem *) items->pdata[1])->in_use, ==, 1);
  flagged = gb_store_review_pending_units (store, &error);
  g_assert_true (g_hash_table_contains (flagged, "00001"));

  /* Decisions: a negative cannot be confirmed; who is needed; a prefix names an item. */
  first = g_strndup (((GbReviewItem *) items->pdata[1])->uid, 8);
  g_assert_false (gb_store_review_confirm (store, first, "Chị Lan", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (gb_store_review_correct (store, first, -2, "Chị Lan", NULL, &error));
  g_clear_error (&error);
  g_assert_false (gb_store_review_correct (store, first, 2, "  ", NULL, &error));
  g_clear_error (&error);
  g_assert_true (gb_store_review_correct (store, first, 4, "Chị Lan", "Gọi điện xác minh", &error));
  g_assert_false (gb_store_review_confirm (store, first, "Anh Nam", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (gb_store_review_confirm (store, "zzzz", "Anh Nam", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_true (gb_store_review_confirm (store, it->uid, "Anh Nam", "Ổ dịch chợ đầu mối", &error));
  g_assert_cmpint (community_of (store, "00001", "2021-09-09"), ==, 4000);
  g_assert_cmpint (gb_store_review_count (store), ==, 0);

  all = gb_store_review_list (store, TRUE, &error);
  g_assert_cmpuint (all->len, ==, 2);
  for (guint i = 0; i < all->len; i++)
    {
      GbReviewItem *d = all->pdata[i];

      g_assert_nonnull (d->decided_by);
      g_assert_nonnull (d->decided_at);
      g_assert_nonnull (d->decided_why);
    }
}

/* A newer report of the same day replaces the one waiting; cumulative totals may not fall;
 * the simulation is never held. */
static void
test_supersede_and_totals (void)
{
  g_autoptr(GbStore) store = steady_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  GbVaccination v;
  GbCaseReport sim;

  g_assert_true (gb_test_put_cases (store, "00001", "2021-09-08", 400, 1, &error));
  g_assert_cmpint (gb_store_review_count (store), ==, 1);
  g_assert_true (gb_test_put_cases (store, "00001", "2021-09-08", 4, 1, &error));
  g_assert_cmpint (gb_store_review_count (store), ==, 0);
  g_assert_cmpint (community_of (store, "00001", "2021-09-08"), ==, 4);
  all = gb_store_review_list (store, TRUE, &error);
  g_assert_cmpstr (((GbReviewItem *) all->pdata[0])->decision, ==, "superseded");

  gb_vaccination_init (&v);
  g_strlcpy (v.unit_code, "00001", sizeof v.unit_code);
  g_strlcpy (v.date, "2021-09-01", sizeof v.date);
  v.dose1_18 = 5000;
  v.full_65 = 800;
  g_assert_true (gb_store_put_vaccination (store, &v, &error));
  g_strlcpy (v.date, "2021-09-02", sizeof v.date);
  v.dose1_18 = 5000;   /* the same total: fine */
  v.full_65 = 700;     /* fell */
  g_assert_true (gb_store_put_vaccination (store, &v, &error));
  g_assert_cmpint (gb_store_review_count (store), ==, 1);
  {
    g_autoptr(GArray) rows = gb_store_get_vaccinations (store, "00001", "2021-09-02", "2021-09-02", &error);

    g_assert_cmpint (g_array_index (rows, GbVaccination, 0).full_65, ==, 800);
    g_assert_cmpint (g_array_index (rows, GbVaccination, 0).dose1_18, ==, 5000);
  }

  gb_case_report_init (&sim);
  g_strlcpy (sim.unit_code, "00001", sizeof sim.unit_code);
  g_strlcpy (sim.date, "2021-09-10", sizeof sim.date);
  sim.community = 9000;
  sim.simulated = TRUE;
  g_assert_true (gb_store_put_case_report (store, &sim, &error));
  g_assert_cmpint (gb_store_review_count (store), ==, 1);
}

/* giaoban-cli review list --json, confirm and correct. */
static void
test_cli_review (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = steady_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autofree char *out4 = NULL, *err4 = NULL;
  g_autofree char *id = NULL;

  g_assert_true (gb_test_put_cases (store, "00001", "2021-09-08", 500, 1, &error));
  items = gb_store_review_list (store, FALSE, &error);
  id = g_strndup (((GbReviewItem *) items->pdata[0])->uid, 8);
  g_assert_cmpint (gb_test_run_cli (path, &out, &err, "review", "list", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"value\" : 500"));
  g_assert_nonnull (strstr (out, "\"rule\" : \"jump\""));
  g_assert_cmpint (gb_test_run_cli (path, &out2, &err2, "review", "correct", id, NULL), ==, 2);
  g_assert_cmpint (gb_test_run_cli (path, &out3, &err3, "review", "correct", id, "--value", "5",
                                    "--why", "Nhập nhầm", "--author", "Chị Lan", NULL), ==, 0);
  g_assert_cmpint (community_of (store, "00001", "2021-09-08"), ==, 5);
  g_assert_cmpint (gb_test_run_cli (path, &out4, &err4, "review", "confirm", id, NULL), ==, 1);
  g_assert_nonnull (strstr (err4, "already"));
}

/* The import says how many of its values wait for review: as text, as JSON, on a dry run;
 * a file with none held says nothing of it. */
static void
test_import_counts_held (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = steady_store (&path);
  g_autofree char *two = gb_test_write_temp ("held.csv", "unit_code,date,community,quarantine\n"
                                             "00001,2021-09-08,500,1\n00001,2021-09-09,3,900\n", -1);
  g_autofree char *none = gb_test_write_temp ("plain.csv", "unit_code,date,community,quarantine\n"
                                              "00001,2021-09-10,4,1\n", -1);
  g_autofree char *out = NULL, *out2 = NULL, *out3 = NULL, *out4 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  g_assert_cmpint (gb_test_run_cli (path, &out, NULL, "import-cases", "--dry-run", "--json", two, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (o, "held"), ==, 2);
  g_assert_false (json_object_get_boolean_member (o, "imported"));
  g_assert_cmpint (gb_store_review_count (store), ==, 0);

  g_assert_cmpint (gb_test_run_cli (path, &out2, NULL, "import-cases", two, NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "Imported 2 rows from "));
  g_assert_nonnull (strstr (out2, ", 2 held for review\n"));
  g_assert_cmpint (gb_store_review_count (store), ==, 2);

  g_assert_cmpint (gb_test_run_cli (path, &out3, NULL, "import-cases", none, NULL), ==, 0);
  g_assert_null (strstr (out3, "held"));
  g_assert_cmpint (gb_test_run_cli (path, &out4, NULL, "import-cases", "--json", none, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out4, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (o, "held"), ==, 0);
  g_assert_true (json_object_get_boolean_member (o, "imported"));
}

/* Held values and decisions go into the outbox, so every copy sees the same queue. */
static void
test_review_queued (void)
{
  g_autoptr(GbStore) store = steady_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gboolean found = FALSE;

  g_assert_true (gb_store_sync_enable_outbox (store, &error));
  g_assert_true (gb_test_put_cases (store, "00001", "2021-09-08", 500, 1, &error));
  items = gb_store_review_list (store, FALSE, &error);
  g_assert_true (gb_store_review_confirm (store, ((GbReviewItem *) items->pdata[0])->uid, "Anh Nam", NULL, &error));
  outbox = gb_store_sync_outbox_list (store, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < outbox->len; i++)
    if (strcmp (((GbOutboxEntry *) outbox->pdata[i])->table, "review_items") == 0)
      found = TRUE;
  g_assert_true (found);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/review/rule-edges", test_rule_edges);
  g_test_add_func ("/review/hold-and-decide", test_hold_and_decide);
  g_test_add_func ("/review/supersede-and-totals", test_supersede_and_totals);
  g_test_add_func ("/review/cli", test_cli_review);
  g_test_add_func ("/review/queued", test_review_queued);
  g_test_add_func ("/review/import-counts-held", test_import_counts_held);
  return g_test_run ();
}
