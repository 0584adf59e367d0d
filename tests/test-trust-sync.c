/* test-trust-sync.c — revisions of the daily numbers travel to the laptops
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the daemon's own feed and push code served in-process (gb-sync-harness.h).
 */
#include <string.h>

#include "gb-error.h"
#include "gb-store-private.h"
#include "gb-store-review.h"
#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-sync-harness.h"
#include "gb-test-util.h"

static GbSyncSummary *
sync_with (const char *db, const char *url, GError **error)
{
  g_autoptr(GbSyncClient) client = gb_sync_client_new (db, url, "token");

  g_object_set (client, "max-attempts", 1, "timeout", 5, "page-size", 2000, NULL);
  return gb_sync_harness_sync (client, NULL, NULL, NULL, error);
}

static char *
text (GbStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *out;

  g_assert_cmpint (sqlite3_prepare_v2 (gb_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return out;
}

/* A day after the demo's data: no recent range for the review to judge it against. */
static void
put_on (GbStore *store, const char *code, const char *date, gint64 community)
{
  g_autoptr(GError) error = NULL;
  GbCaseReport r;

  gb_case_report_init (&r);
  g_strlcpy (r.unit_code, code, sizeof r.unit_code);
  g_strlcpy (r.date, date, sizeof r.date);
  r.community = community;
  g_assert_true (gb_store_put_case_report (store, &r, &error));
}

static void
put (GbStore *store, const char *code, gint64 community)
{
  put_on (store, code, "2023-05-01", community);
}

static const char history_of_day[] =
  "SELECT group_concat (community || '@' || received_at, ' ') FROM (SELECT community, received_at "
  "FROM case_report_history WHERE date = '2023-05-01' ORDER BY received_at)";

static void
test_revisions_travel (void)
{
  GbSyncHarnessServer s = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) r = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GArray) then = NULL;
  g_autofree char *code = NULL;
  g_autofree char *t = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *on_laptop = NULL;

  gb_sync_harness_server_start (&s);
  r = sync_with (a, s.url, &error);
  g_assert_no_error (error);
  code = text (s.store, "SELECT code FROM units WHERE level = 3 ORDER BY code LIMIT 1");

  /* The server receives a day, then its correction, while the laptop is away. */
  put (s.store, code, 4);
  g_usleep (2000);
  t = text (s.store, "SELECT strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')");
  g_usleep (2000);
  put (s.store, code, 40);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, &error);
  g_assert_no_error (error);
  gb_sync_harness_assert_same (a, s.db, TRUE);

  sa = gb_store_open (a, &error);
  g_assert_no_error (error);
  on_server = text (s.store, history_of_day);
  on_laptop = text (sa, history_of_day);
  g_assert_cmpstr (on_laptop, ==, on_server);
  g_assert_nonnull (strstr (on_laptop, "4@"));
  g_assert_nonnull (strstr (on_laptop, " 40@"));
  /* So the laptop shows the numbers as they stood between the two. */
  g_assert_true (gb_store_set_as_of (sa, t, &error));
  then = gb_store_get_case_reports (sa, code, "2023-05-01", "2023-05-01", &error);
  g_assert_cmpuint (then->len, ==, 1);
  g_assert_cmpint (g_array_index (then, GbCaseReport, 0).community, ==, 4);
  g_assert_true (gb_store_set_as_of (sa, NULL, &error));

  /* A correction made on the laptop goes up as the report; the server keeps it as a revision
   * of its own, with the laptop's time, and both copies hold the same three. */
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  put (sa, code, 41);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->pushed, ==, 1);
  g_assert_cmpint (r->rejected, ==, 0);
  g_clear_pointer (&on_server, g_free);
  g_clear_pointer (&on_laptop, g_free);
  on_server = text (s.store, history_of_day);
  on_laptop = text (sa, history_of_day);
  g_assert_cmpstr (on_laptop, ==, on_server);
  g_assert_nonnull (strstr (on_server, " 41@"));
  gb_sync_harness_assert_same (a, s.db, TRUE);

  gb_sync_harness_server_stop (&s);
}

/* A value held on one laptop and the decision made there reach the server and the other laptop,
 * with who decided, when and why. */
static void
test_review_travels (void)
{
  GbSyncHarnessServer s = { 0 };
  g_autofree char *a = gb_test_temp_db ();
  g_autofree char *b = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) r = NULL;
  g_autoptr(GbStore) sa = NULL;
  g_autoptr(GbStore) sb = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  g_autofree char *code = NULL;
  GbReviewItem *it;

  gb_sync_harness_server_start (&s);
  r = sync_with (a, s.url, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (b, s.url, &error);
  g_assert_no_error (error);
  code = text (s.store, "SELECT code FROM units WHERE level = 3 ORDER BY code LIMIT 1");

  sa = gb_store_open (a, &error);
  g_assert_true (gb_store_sync_enable_outbox (sa, &error));
  for (guint d = 1; d <= 7; d++)
    {
      g_autofree char *date = g_strdup_printf ("2023-06-%02u", d);

      put_on (sa, code, date, 3);
    }
  put_on (sa, code, "2023-06-08", 4000);
  held = gb_store_review_list (sa, FALSE, &error);
  g_assert_cmpuint (held->len, ==, 1);
  g_assert_true (gb_store_review_confirm (sa, ((GbReviewItem *) held->pdata[0])->uid, "Chị Lan",
                                          "Ổ dịch khu công nghiệp", &error));
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (a, s.url, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->rejected, ==, 0);
  g_assert_cmpint (r->conflicts, ==, 0);
  g_clear_pointer (&r, gb_sync_summary_free);
  r = sync_with (b, s.url, &error);
  g_assert_no_error (error);

  sb = gb_store_open (b, &error);
  seen = gb_store_review_list (sb, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);
  it = seen->pdata[0];
  g_assert_cmpstr (it->decision, ==, "confirmed");
  g_assert_cmpstr (it->decided_by, ==, "Chị Lan");
  g_assert_cmpstr (it->decided_why, ==, "Ổ dịch khu công nghiệp");
  g_assert_nonnull (it->decided_at);
  g_assert_cmpint (it->value, ==, 4000);
  {
    g_autoptr(GArray) rows = gb_store_get_case_reports (sb, code, "2023-06-08", "2023-06-08", &error);

    g_assert_cmpint (g_array_index (rows, GbCaseReport, 0).community, ==, 4000);
  }
  gb_sync_harness_assert_same (a, s.db, TRUE);
  gb_sync_harness_assert_same (b, s.db, TRUE);
  gb_sync_harness_server_stop (&s);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trust/sync/revisions-travel", test_revisions_travel);
  g_test_add_func ("/trust/sync/review-travels", test_review_travels);
  return g_test_run ();
}
