/* test-sync-intake.c — push intake against hostile and wrong changes (issue 17)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each push goes through gb_sync_push_apply() as giaoband calls it, on a json-glib node parsed
 * from the request's text. A change the server must not take is rejected on its own (422 or
 * 403) while the push itself succeeds, and the database stays exactly as it was apart from the
 * refusal's own record (push_rejections, audit_log).
 */
#include <string.h>

#include "gb-demo.h"
#include "gb-error.h"
#include "gb-series-import.h"
#include "gb-store-private.h"
#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-sync-feed.h"
#include "gb-sync-harness.h"
#include "gb-test-util.h"

/* What a refused change writes: the refusal, so that a retry gets the same answer. */
static const char * const refusal_tables[] = { "push_rejections", "audit_log", NULL };

typedef struct
{
  char    *db;
  GbStore *store;
  char    *commune;     /* a commune of the demo */
  char    *item;        /* an item's uid */
  char    *log;         /* a status log row's uid */
} Server;

static char *
first_text (GbStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = gb_store_prepare (store, sql, &error);
  char *text = NULL;

  g_assert_no_error (error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  g_assert_nonnull (text);
  return text;
}

static void
server_open (Server *s)
{
  g_autoptr(GError) error = NULL;

  s->db = gb_test_temp_db ();
  s->store = gb_store_open (s->db, &error);
  g_assert_no_error (error);
  g_assert_true (gb_demo_load (s->store, &error));
  g_assert_true (gb_sync_feed_install_triggers (s->store, &error));
  g_assert_true (gb_sync_feed_backfill (s->store, NULL, &error));
  g_assert_no_error (error);
  s->commune = first_text (s->store, "SELECT code FROM units WHERE level = 3 ORDER BY code LIMIT 1");
  s->item = first_text (s->store, "SELECT uid FROM items ORDER BY id LIMIT 1");
  g_assert_true (gb_store_exec (s->store, "INSERT INTO item_status_log (item_id, status, author, at) "
                                "SELECT id, 'in_progress', 'Lan', '2021-09-02T08:00:00Z' FROM items "
                                "ORDER BY id LIMIT 1", &error));
  g_assert_no_error (error);
  s->log = first_text (s->store, "SELECT uid FROM item_status_log ORDER BY id DESC LIMIT 1");
}

static void
server_close (Server *s)
{
  g_clear_object (&s->store);
  g_free (s->db);
  g_free (s->commune);
  g_free (s->item);
  g_free (s->log);
}

/* Pushes one change, given as the text a client would send, and returns the answer. */
static JsonNode *
push (Server     *s,
      const char *id,
      const char *table,
      const char *op,
      const char *key,
      const char *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("{\"client_id\":\"laptop\",\"changes\":[{\"id\":\"%s\",\"table\":\"%s\","
                                           "\"op\":\"%s\",\"key\":%s,\"row\":%s,\"base_seq\":%" G_GINT64_FORMAT "}]}",
                                           id, table, op, key, row ? row : "null",
                                           gb_sync_feed_last (s->store, NULL));
  g_autoptr(JsonNode) request = json_from_string (text, &error);
  JsonNode *answer;

  g_assert_no_error (error);
  answer = gb_sync_push_apply_checked (s->store, "thu-ky", request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  return answer;
}

static void
assert_applied (JsonNode *answer)
{
  JsonObject *o = json_node_get_object (answer);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "rejected")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "applied")), ==, 1);
}

/* Pushes a change that must be refused, and checks that nothing else changed. */
static void
assert_refused (Server     *s,
                const char *id,
                const char *table,
                const char *op,
                const char *key,
                const char *row,
                gint64      status,
                const char *why)
{
  g_autofree char *before = gb_test_fingerprint_except (s->db, refusal_tables);
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) answer = push (s, id, table, op, key, row);

  gb_sync_harness_assert_rejected (answer, NULL, status, why);
  after = gb_test_fingerprint_except (s->db, refusal_tables);
  g_assert_cmpstr (before, ==, after);
}

static char *
case_row (const char *commune,
          const char *date,
          const char *community,
          const char *unknown)
{
  return g_strdup_printf ("{\"unit_code\":\"%s\",\"date\":\"%s\",\"community\":%s,\"quarantine\":1,"
                          "\"unknown_source\":%s,\"deaths\":null,\"recovered\":null,\"tests\":null,"
                          "\"simulated\":0,\"received_at\":\"2022-02-20T08:00:00Z\"}",
                          commune, date, community, unknown);
}

static char *
case_key (const char *commune,
          const char *date)
{
  return g_strdup_printf ("{\"date\":\"%s\",\"unit_code\":\"%s\"}", date, commune);
}

/* Defect 4: a lone surrogate escape is refused per change, never stored. */
static void
test_lone_surrogate (void)
{
  Server s = { 0 };
  g_autofree char *key = g_strdup ("{\"uid\":\"p-surrogate\"}");
  g_autofree char *row = NULL;
  g_autofree char *good_key = g_strdup ("{\"uid\":\"p-fine\"}");
  g_autofree char *good_row = NULL;
  g_autoptr(JsonNode) answer = NULL;

  server_open (&s);
  row = g_strdup_printf ("{\"uid\":\"p-surrogate\",\"item\":\"%s\",\"date\":\"2021-09-03\",\"text\":\"a\\ud800b\","
                         "\"author\":null,\"percent\":null,\"created_at\":\"2021-09-03T08:00:00Z\"}", s.item);
  assert_refused (&s, "c-1", "progress_updates", "upsert", key, row, 422, "not valid");
  /* In the key too. */
  assert_refused (&s, "c-2", "organisations", "upsert", "{\"uid\":\"o\\ud800x\"}",
                  "{\"uid\":\"o\\ud800x\",\"name\":\"Tổ\",\"short_name\":null,\"kind\":null,\"builtin\":0}",
                  422, "not valid");
  /* The same text with a real character goes through. */
  good_row = g_strdup_printf ("{\"uid\":\"p-fine\",\"item\":\"%s\",\"date\":\"2021-09-03\",\"text\":\"a\\u00e9b\","
                              "\"author\":null,\"percent\":null,\"created_at\":\"2021-09-03T08:00:00Z\"}", s.item);
  answer = push (&s, "c-3", "progress_updates", "upsert", good_key, good_row);
  assert_applied (answer);
  server_close (&s);
}

/* Defect 8: the status log is append-only through push, and authors come from the token. */
static void
test_status_log_and_author (void)
{
  Server s = { 0 };
  g_autofree char *key = NULL;
  g_autofree char *rewrite = NULL;
  g_autofree char *same = NULL;
  g_autofree char *author = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) again = NULL;

  server_open (&s);
  key = g_strdup_printf ("{\"uid\":\"%s\"}", s.log);
  assert_refused (&s, "c-del", "item_status_log", "delete", key, NULL, 403, "never deleted");
  rewrite = g_strdup_printf ("{\"uid\":\"%s\",\"item\":\"%s\",\"status\":\"done\",\"author\":\"thu-ky\","
                             "\"at\":\"2021-09-02T08:00:00Z\"}", s.log, s.item);
  assert_refused (&s, "c-rewrite", "item_status_log", "upsert", key, rewrite, 403, "never rewritten");

  /* A new entry says who pushed it, whatever the client wrote. */
  same = g_strdup_printf ("{\"uid\":\"log-new\",\"item\":\"%s\",\"status\":\"done\",\"author\":\"Giám đốc\","
                          "\"at\":\"2021-09-05T08:00:00Z\"}", s.item);
  answer = push (&s, "c-new", "item_status_log", "upsert", "{\"uid\":\"log-new\"}", same);
  assert_applied (answer);
  author = first_text (s.store, "SELECT author FROM item_status_log WHERE uid = 'log-new'");
  g_assert_cmpstr (author, ==, "thu-ky");
  /* Sent again under a new change id (a client re-pushing): taken, nothing rewritten. */
  again = push (&s, "c-new-again", "item_status_log", "upsert", "{\"uid\":\"log-new\"}", same);
  assert_applied (again);
  server_close (&s);
}

/* Defect 9: a key holding ":null" as text enters the feed like any other. */
static void
test_null_text_key (void)
{
  Server s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *page = NULL;
  gint64 before;

  server_open (&s);
  before = gb_sync_feed_last (s.store, NULL);
  answer = push (&s, "c-null", "organisations", "upsert", "{\"uid\":\"z:null\"}",
                 "{\"uid\":\"z:null\",\"name\":\"Tổ z:null\",\"short_name\":null,\"kind\":null,\"builtin\":0}");
  assert_applied (answer);
  page = gb_sync_feed_page_text (s.store, before, 100, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (page, "\"uid\":\"z:null\""));
  server_close (&s);
}

/* Defect 10: a value the table's CHECK refuses rejects that change alone, with 422. */
static void
test_check_violation (void)
{
  Server s = { 0 };
  g_autofree char *row = NULL;

  server_open (&s);
  row = g_strdup_printf ("{\"uid\":\"p-500\",\"item\":\"%s\",\"date\":\"2021-09-03\",\"text\":\"xong\","
                         "\"author\":null,\"percent\":500,\"created_at\":\"2021-09-03T08:00:00Z\"}", s.item);
  assert_refused (&s, "c-500", "progress_updates", "upsert", "{\"uid\":\"p-500\"}", row, 422, "out of range");
  assert_refused (&s, "c-99", "units", "upsert", "{\"code\":\"99999\"}",
                  "{\"code\":\"99999\",\"level\":99,\"parent_code\":null,\"name\":\"X\",\"type\":null,"
                  "\"population\":null,\"pop_18\":null,\"pop_65\":null,\"valid_from\":null,\"valid_to\":null,"
                  "\"geometry\":null,\"min_lon\":null,\"min_lat\":null,\"max_lon\":null,\"max_lat\":null}",
                  422, "out of range");
  server_close (&s);
}

/* Defect 11: impossible dates, absurd counts, cases of unknown source beyond the community's,
 * and a row that disagrees with its key. */
static void
test_validation (void)
{
  Server s = { 0 };
  struct { const char *date, *community, *unknown, *why; } bad[] = {
    { "2022-02-31", "3", "1", "not a real date" },
    { "0000-99-99", "3", "1", "not a real date" },
    { "2022-02-20", "2", "5", "unknown source" },
    { "2022-02-20", "9200000000000000000", "0", "not a count" },
    { "2022-02-20", "-4", "0", "not a count" },
  };
  g_autofree char *key = NULL;
  g_autofree char *row = NULL;
  g_autoptr(JsonNode) answer = NULL;

  server_open (&s);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *k = case_key (s.commune, bad[i].date);
      g_autofree char *r = case_row (s.commune, bad[i].date, bad[i].community, bad[i].unknown);
      g_autofree char *id = g_strdup_printf ("c-bad-%u", i);

      assert_refused (&s, id, "case_reports", "upsert", k, r, 422, bad[i].why);
    }
  /* The key names one day, the row another. */
  key = case_key (s.commune, "2022-02-20");
  row = case_row (s.commune, "2022-02-21", "3", "1");
  assert_refused (&s, "c-disagree", "case_reports", "upsert", key, row, 422, "not the one its key names");
  /* And the right row goes through. */
  g_free (row);
  row = case_row (s.commune, "2022-02-20", "3", "1");
  answer = push (&s, "c-good", "case_reports", "upsert", key, row);
  assert_applied (answer);
  server_close (&s);
}

/* Defect 11, by report: absurd counts are refused (and 1e30 no longer overflows a cast). */
static void
test_report_counts (void)
{
  Server s = { 0 };
  const char *counts[] = { "9200000000000000000", "1e30", "9.2e18", "1000000001" };

  server_open (&s);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *before = gb_test_fingerprint (s.db);
      g_autofree char *after = NULL;
      g_autofree char *csv = g_strdup_printf ("unit_code,date,community\n%s,2021-09-01,%s\n", s.commune, counts[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
      g_autoptr(GError) error = NULL;

      g_assert_false (gb_series_import_bytes (s.store, GB_SERIES_CASES, "report.csv", bytes, NULL, FALSE, NULL, &error));
      g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
      after = gb_test_fingerprint (s.db);
      g_assert_cmpstr (before, ==, after);
    }
  server_close (&s);
}

/* Defect 13: giaoban-cli lists a conflict by the fields the two versions disagree on, and a
 * person settles it from the command line. */
static void
test_cli_conflicts (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (db, &error);
  g_autoptr(GPtrArray) open = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  g_assert_true (gb_store_sync_add_conflict (store, "c-x", "organisations", "{\"uid\":\"o1\"}",
                                             "{\"builtin\":0,\"kind\":null,\"name\":\"Tổ A\",\"short_name\":\"TA\",\"uid\":\"o1\"}",
                                             "{\"builtin\":0,\"kind\":null,\"name\":\"Tổ B\",\"short_name\":\"TA\",\"uid\":\"o1\"}",
                                             NULL, &error));
  g_assert_no_error (error);
  open = gb_store_sync_list_conflicts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  id = g_strdup_printf ("%lld", (long long) ((GbSyncConflict *) g_ptr_array_index (open, 0))->id);

  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "conflicts", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "name"));
  g_assert_nonnull (strstr (out, "\"Tổ A\""));
  g_assert_nonnull (strstr (out, "\"Tổ B\""));
  /* The field both versions hold alike is not shown. */
  g_assert_null (strstr (out, "short_name"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gb_test_run_cli (db, NULL, &err, "conflicts", "keep-theirs", "99999", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, NULL, &err, "conflicts", "keep", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "conflicts", "keep-theirs", id, NULL), ==, 0);
  g_assert_cmpint (gb_store_sync_conflict_count (store), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-intake/lone-surrogate", test_lone_surrogate);
  g_test_add_func ("/sync-intake/status-log-and-author", test_status_log_and_author);
  g_test_add_func ("/sync-intake/null-text-key", test_null_text_key);
  g_test_add_func ("/sync-intake/check-violation", test_check_violation);
  g_test_add_func ("/sync-intake/validation", test_validation);
  g_test_add_func ("/sync-intake/report-counts", test_report_counts);
  g_test_add_func ("/sync-intake/cli-conflicts", test_cli_conflicts);
  return g_test_run ();
}
