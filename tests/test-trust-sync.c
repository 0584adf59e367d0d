/* test-trust-sync.c — revisions of the daily numbers travel to the laptops
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the daemon's own feed and push code served in-process (gb-sync-harness.h).
 */
#include <string.h>

#include "gb-error.h"
#include "gb-store-private.h"
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

static void
put (GbStore *store, const char *code, gint64 community)
{
  g_autoptr(GError) error = NULL;
  GbCaseReport r;

  gb_case_report_init (&r);
  g_strlcpy (r.unit_code, code, sizeof r.unit_code);
  g_strlcpy (r.date, "2021-09-30", sizeof r.date);
  r.community = community;
  g_assert_true (gb_store_put_case_report (store, &r, &error));
}

static const char history_of_day[] =
  "SELECT group_concat (community || '@' || received_at, ' ') FROM (SELECT community, received_at "
  "FROM case_report_history WHERE date = '2021-09-30' ORDER BY received_at)";

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
  then = gb_store_get_case_reports (sa, code, "2021-09-30", "2021-09-30", &error);
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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trust/sync/revisions-travel", test_revisions_travel);
  return g_test_run ();
}
