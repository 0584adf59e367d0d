/* test-sync-codec.c — the shared sync codec, the change feed and push intake, without HTTP
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "gb-demo.h"
#include "gb-error.h"
#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-sync-codec.h"
#include "gb-sync-feed.h"
#include "gb-test-util.h"

/* Rows for the tables the demo leaves empty, written the way the app's stores would. */
static const char *extra_sql =
  "INSERT INTO meetings (uid, date, subject, chair, participants, reported_units, created_at, updated_at) "
  "  VALUES ('m-1', '2021-09-01', 'giao ban công tác phòng, chống dịch COVID-19', 'Chủ tịch', 'A\nB', NULL, 'x', 'x');"
  "INSERT INTO conclusion_drafts (uid, meeting_id, issuer, number, place, date, opening, recipients, signing_form, "
  "  signer_title, signer, document_id, created_at, updated_at) "
  "  SELECT 'd-1', id, 'TỈNH ỦY NINH THUẬN', '125-TB/TU', 'Ninh Thuận', '2021-09-02', 'Ngày 01/9…', 'Các huyện', "
  "  'T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ', 'Nguyễn Văn A', (SELECT min (id) FROM documents), 'x', 'y' FROM meetings;"
  "INSERT INTO conclusion_sections (draft_id, position, heading, body) SELECT id, 1, 'Tình hình', NULL FROM conclusion_drafts;"
  "INSERT INTO conclusion_sections (draft_id, position, heading, body) SELECT id, 2, 'Nhiệm vụ', 'x' FROM conclusion_drafts;"
  "INSERT INTO conclusion_tasks (draft_id, section_position, position, text, units, due_date, due_text) "
  "  SELECT id, 2, 1, 'Tổ chức xét nghiệm', 'Sở Y tế', '2021-09-10', NULL FROM conclusion_drafts;"
  "INSERT INTO level_overrides (uid, unit_code, date_from, date_to, level, reason, author, created_at, revoked_at) "
  "  SELECT 'o-1', code, '2021-09-01', NULL, 3, 'Ổ dịch', 'thu-ky', 'x', 'z' FROM units WHERE level = 3 LIMIT 1;"
  "INSERT INTO level_override_revocations VALUES ('o-1', 'Hết ổ dịch', 'thu-ky', 'z');"
  "INSERT INTO treatment_capacity (unit_code, ok, updated_at) SELECT code, 0, 'x' FROM units WHERE level = 2 LIMIT 2;"
  "INSERT INTO rule_thresholds (rule_set, key, valid_from, value, author, created_at) "
  "  VALUES ('nq128', 'band_1', '2021-12-01', 25.5, 'admin', 'x');"
  "INSERT INTO document_references (document_id, position, text, kind, number, date, target_id) "
  "  SELECT max (id), 99, 'Kết luận số 07-KL/TW', 'KL', '07-KL/TW', '2021-06-11', min (id) FROM documents;";

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s", msg);
  sqlite3_close (db);
}

static GbStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  GbStore *store = gb_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* A daemon-side store: the demo, the extra rows, the feed triggers and a backfilled log. */
static GbStore *
server_store (char **path)
{
  g_autoptr(GError) error = NULL;
  GbStore *store;
  gint64 added = 0;

  *path = gb_test_temp_db ();
  store = open_store (*path);
  g_assert_true (gb_demo_load (store, &error));
  g_assert_no_error (error);
  exec_sql (*path, extra_sql);
  gb_sync_feed_install_triggers (store, &error);
  g_assert_no_error (error);
  g_assert_true (gb_sync_feed_backfill (store, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpint (added, >, 60000);
  return store;
}

/* Pulls the whole feed of @from into @to, @limit changes a page; returns the cursor. */
static gint64
pull_all (GbStore *from,
          GbStore *to,
          gint64   since,
          guint    limit,
          guint   *n_changes)
{
  g_autoptr(GError) error = NULL;

  for (;;)
    {
      g_autoptr(JsonNode) page = gb_sync_feed_page (from, since, limit, &error);
      JsonObject *o;
      JsonArray *changes;

      g_assert_no_error (error);
      o = json_node_get_object (page);
      g_assert_cmpint (json_object_get_int_member (o, "since"), ==, since);
      changes = json_object_get_array_member (o, "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, limit);
      g_assert_true (gb_store_begin (to, &error));
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);

          g_assert_cmpint (json_object_get_int_member (c, "seq"), >, since);
          if (!gb_sync_codec_apply (to, json_object_get_string_member (c, "table"),
                                    json_object_get_string_member (c, "op"),
                                    json_object_get_member (c, "key"), json_object_get_member (c, "row"), &error))
            g_error ("seq %" G_GINT64_FORMAT " %s: %s", json_object_get_int_member (c, "seq"),
                     json_object_get_string_member (c, "table"), error->message);
        }
      g_assert_true (gb_store_commit (to, &error));
      if (n_changes)
        *n_changes += json_array_get_length (changes);
      since = json_object_get_int_member (o, "next");
      if (!json_object_get_boolean_member (o, "more"))
        {
          g_assert_cmpint (since, ==, json_object_get_int_member (o, "last"));
          return since;
        }
    }
}

/* Every row of every synced table of @a, encoded, equals the same row of @b, and the row
 * counts are equal. */
static void
assert_same_tables (const char *path_a,
                    GbStore    *a,
                    GbStore    *b)
{
  g_autoptr(GError) error = NULL;
  const char * const *tables = gb_sync_codec_tables ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint compared = 0;

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *ca = gb_store_sync_table_checksum (a, tables[i], "count(*)", &error);
      g_autofree char *cb = gb_store_sync_table_checksum (b, tables[i], "count(*)", &error);

      g_assert_no_error (error);
      if (g_strcmp0 (ca, cb) != 0)
        g_error ("%s: row counts differ", tables[i]);
    }
  g_assert_cmpint (sqlite3_open (path_a, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT tbl, key FROM change_log WHERE op = 'upsert'", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *tbl = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(JsonNode) ra = NULL;
      g_autoptr(JsonNode) rb = NULL;
      g_autofree char *ta = NULL;
      g_autofree char *tb = NULL;

      g_assert_true (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 1), -1, NULL));
      ra = gb_sync_codec_encode (a, tbl, json_parser_get_root (parser), &error);
      g_assert_no_error (error);
      rb = gb_sync_codec_encode (b, tbl, json_parser_get_root (parser), &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (ra));
      ta = gb_sync_canonical_json (ra);
      tb = gb_sync_canonical_json (rb);
      if (g_strcmp0 (ta, tb) != 0)
        g_error ("%s differs:\n%s\n%s", tbl, ta, tb);
      compared++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (compared, >, 60000);
}

static void
test_round_trip (void)
{
  g_autofree char *pa = NULL;
  g_autofree char *pb = gb_test_temp_db ();
  g_autoptr(GbStore) a = server_store (&pa);
  g_autoptr(GbStore) b = open_store (pb);
  const char * const *tables = gb_sync_codec_tables ();
  guint n = 0;

  /* Every synced table has rows to carry. */
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *empty = NULL;
      g_autofree char *sum = NULL;
      g_autoptr(GbStore) scratch = NULL;

      sum = gb_store_sync_table_checksum (a, tables[i], "count(*) > 0", &error);
      g_assert_no_error (error);
      scratch = NULL;
      empty = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "", 0);
      g_assert_cmpstr (sum, !=, empty);
    }
  pull_all (a, b, 0, 997, &n);
  g_assert_cmpuint (n, >, 60000);
  assert_same_tables (pa, a, b);
}

/* Each bad change is refused with nothing written. */
static void
test_rejects (void)
{
  g_autofree char *pa = NULL;
  g_autoptr(GbStore) a = server_store (&pa);
  g_autofree char *before = gb_test_fingerprint (pa);
  static const struct { const char *table; const char *op; const char *key; const char *row; int code; } bad[] = {
    { "nope", "upsert", "{\"uid\":\"x\"}", "{}", GB_ERROR_INVALID_DATA },
    { "meetings", "replace", "{\"uid\":\"m-2\"}", "{}", GB_ERROR_INVALID_DATA },
    { "meetings", "upsert", "{\"id\":\"m-2\"}", "{}", GB_ERROR_INVALID_DATA },
    { "meetings", "upsert", "{\"uid\":5}", "{}", GB_ERROR_INVALID_DATA },
    { "meetings", "upsert", "{\"uid\":\"m-2\",\"x\":1}", "{}", GB_ERROR_INVALID_DATA },
    { "meetings", "upsert", "{\"uid\":\"m-2\"}", NULL, GB_ERROR_INVALID_DATA },
    { "meetings", "upsert", "{\"uid\":\"m-2\"}",
      "{\"date\":20210901,\"subject\":\"s\",\"chair\":null,\"participants\":null,\"reported_units\":null,"
      "\"created_at\":\"x\",\"updated_at\":\"x\"}", GB_ERROR_INVALID_DATA },
    { "meetings", "upsert", "{\"uid\":\"m-2\"}",
      "{\"date\":\"2021-09-01\",\"chair\":null,\"participants\":null,\"reported_units\":null,"
      "\"created_at\":\"x\",\"updated_at\":\"x\"}", GB_ERROR_INVALID_DATA },
    { "case_reports", "upsert", "{\"unit_code\":\"58\",\"date\":\"2021-09-01\"}",
      "{\"community\":\"3\",\"quarantine\":0,\"unknown_source\":0,\"deaths\":null,\"recovered\":null,\"tests\":null,"
      "\"simulated\":0,\"received_at\":\"x\"}", GB_ERROR_INVALID_DATA },
    { "case_reports", "upsert", "{\"unit_code\":\"58\",\"date\":\"2021-09-01\"}",
      "{\"community\":1.5,\"quarantine\":0,\"unknown_source\":0,\"deaths\":null,\"recovered\":null,\"tests\":null,"
      "\"simulated\":0,\"received_at\":\"x\"}", GB_ERROR_INVALID_DATA },
    { "units", "upsert", "{\"code\":\"99999\"}",
      "{\"level\":3,\"parent_code\":null,\"name\":\"X\",\"type\":null,\"population\":null,\"pop_18\":null,"
      "\"pop_65\":null,\"valid_from\":null,\"valid_to\":null,\"geometry\":\"zz\",\"min_lon\":null,\"min_lat\":null,"
      "\"max_lon\":null,\"max_lat\":null}", GB_ERROR_INVALID_DATA },
    { "progress_updates", "upsert", "{\"uid\":\"p-9\"}",
      "{\"item\":\"no-such-item\",\"date\":\"2021-09-01\",\"text\":\"t\",\"author\":null,\"percent\":null,"
      "\"created_at\":\"x\"}", GB_ERROR_NOT_FOUND },
    { "item_assignments", "upsert", "{\"item\":\"no-such-item\",\"organisation\":\"no-org\"}",
      "{\"role\":\"lead\"}", GB_ERROR_NOT_FOUND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) key = json_from_string (bad[i].key, NULL);
      g_autoptr(JsonNode) row = bad[i].row ? json_from_string (bad[i].row, NULL) : NULL;
      g_autofree char *after = NULL;

      g_assert_true (gb_store_begin (a, NULL));
      g_assert_false (gb_sync_codec_apply (a, bad[i].table, bad[i].op, key, row, &error));
      g_assert_true (gb_store_commit (a, NULL));
      g_assert_error (error, GB_ERROR, bad[i].code);
      g_test_message ("%u: %s", i, error->message);
      after = gb_test_fingerprint (pa);
      g_assert_cmpstr (after, ==, before);
    }
}

static JsonNode *
meeting_row (const char *subject)
{
  g_autofree char *text = g_strdup_printf ("{\"date\":\"2021-09-05\",\"subject\":\"%s\",\"chair\":null,"
                                           "\"participants\":null,\"reported_units\":null,"
                                           "\"created_at\":\"x\",\"updated_at\":\"y\"}", subject);

  return json_from_string (text, NULL);
}

static JsonNode *
push_request (const char *client,
              const char *id,
              const char *uid,
              const char *subject,
              gint64      base_seq)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "client_id");
  json_builder_add_string_value (b, client);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "table");
  json_builder_add_string_value (b, "meetings");
  json_builder_set_member_name (b, "op");
  json_builder_add_string_value (b, "upsert");
  json_builder_set_member_name (b, "key");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "uid");
  json_builder_add_string_value (b, uid);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "row");
  json_builder_add_value (b, meeting_row (subject));
  json_builder_set_member_name (b, "base_seq");
  json_builder_add_int_value (b, base_seq);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Pages resume from any point; a changed row moves past the cursor, once. */
static void
test_feed_resume (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pa = NULL;
  g_autofree char *pb = gb_test_temp_db ();
  g_autofree char *pc = gb_test_temp_db ();
  g_autoptr(GbStore) a = server_store (&pa);
  g_autoptr(GbStore) b = open_store (pb);
  g_autoptr(GbStore) c = open_store (pc);
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) req = NULL;
  gint64 cursor, last;
  guint n1 = 0, n2 = 0;

  /* Small pages and big pages give the same copy. */
  cursor = pull_all (a, b, 0, 5000, &n1);
  pull_all (a, c, 0, 333, &n2);
  g_assert_cmpuint (n1, ==, n2);
  last = gb_sync_feed_last (a, &error);
  g_assert_cmpint (cursor, ==, last);

  /* Nothing new: an empty page at the end. */
  page = gb_sync_feed_page (a, cursor, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page), "changes")), ==, 0);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (page), "more"));
  g_clear_pointer (&page, json_node_unref);

  /* An edit of the meeting moves it and its draft's children after it. */
  req = push_request ("client-1", "c-1", "m-1", "giao ban (sửa)", cursor);
  answer = gb_sync_push_apply (a, "thu-ky", req, &error);
  g_assert_no_error (error);
  page = gb_sync_feed_page (a, cursor, 100, &error);
  g_assert_no_error (error);
  {
    JsonArray *changes = json_object_get_array_member (json_node_get_object (page), "changes");

    /* meeting, draft, 2 sections, 1 task: parents first */
    g_assert_cmpuint (json_array_get_length (changes), ==, 5);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0), "table"), ==, "meetings");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 1), "table"), ==, "conclusion_drafts");
  }
  /* A copy resumed from its cursor, and a fresh copy, both end equal to the server. */
  pull_all (a, b, cursor, 2, NULL);
  assert_same_tables (pa, a, b);
  {
    g_autofree char *pd = gb_test_temp_db ();
    g_autoptr(GbStore) d = open_store (pd);

    pull_all (a, d, 0, 1000, NULL);
    assert_same_tables (pa, a, d);
  }

  /* Bad paging arguments */
  g_assert_null (gb_sync_feed_page (a, -1, 10, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (gb_sync_feed_page (a, 0, GB_SYNC_FEED_MAX_PAGE + 1, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
}

static void
test_push_idempotent_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pa = NULL;
  g_autoptr(GbStore) a = server_store (&pa);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;
  g_autoptr(JsonNode) a1 = NULL;
  g_autoptr(JsonNode) a2 = NULL;
  g_autoptr(JsonNode) a3 = NULL;
  g_autoptr(JsonNode) a4 = NULL;
  g_autoptr(JsonNode) key = json_from_string ("{\"uid\":\"m-new\"}", NULL);
  g_autoptr(JsonNode) row = NULL;
  g_autofree char *fp1 = NULL;
  g_autofree char *fp2 = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;
  gint64 base = gb_sync_feed_last (a, NULL);
  JsonArray *conflicts;

  /* A new row, pushed twice (a retry): applied once. */
  r1 = push_request ("client-1", "c-new", "m-new", "họp mới", base);
  a1 = gb_sync_push_apply (a, "thu-ky", r1, &error);
  g_assert_no_error (error);
  fp1 = gb_test_fingerprint (pa);
  a2 = gb_sync_push_apply (a, "thu-ky", r1, &error);
  g_assert_no_error (error);
  fp2 = gb_test_fingerprint (pa);
  g_assert_cmpstr (fp1, ==, fp2);
  t1 = gb_sync_canonical_json (a1);
  t2 = gb_sync_canonical_json (a2);
  g_assert_cmpstr (t1, ==, t2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (a1), "applied")), ==, 1);
  row = gb_sync_codec_encode (a, "meetings", key, &error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (row), "subject"), ==, "họp mới");

  /* Another client that saw only `base` edits it: a conflict, the server's row kept. */
  r3 = push_request ("client-2", "c-other", "m-new", "bản khác", base);
  a3 = gb_sync_push_apply (a, "khac", r3, &error);
  g_assert_no_error (error);
  conflicts = json_object_get_array_member (json_node_get_object (a3), "conflicts");
  g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (a3), "applied")), ==, 0);
  {
    JsonObject *c = json_array_get_object_element (conflicts, 0);

    g_assert_cmpstr (json_object_get_string_member (c, "id"), ==, "c-other");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "server_row"), "subject"), ==, "họp mới");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "client_row"), "subject"), ==, "bản khác");
  }
  g_clear_pointer (&row, json_node_unref);
  row = gb_sync_codec_encode (a, "meetings", key, &error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (row), "subject"), ==, "họp mới");
  /* The retried conflicting push gets the same answer. */
  a4 = gb_sync_push_apply (a, "khac", r3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (a4), "conflicts")), ==, 1);

  /* The first client again from the same old base: only its own push changed the row since,
   * so no conflict. */
  {
    g_autoptr(JsonNode) r5 = push_request ("client-1", "c-new-2", "m-new", "họp mới (sửa)", base);
    g_autoptr(JsonNode) a5 = gb_sync_push_apply (a, "thu-ky", r5, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (a5), "applied")), ==, 1);
    g_clear_pointer (&row, json_node_unref);
    row = gb_sync_codec_encode (a, "meetings", key, &error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (row), "subject"), ==, "họp mới (sửa)");
  }

  /* With an up-to-date base it goes through. */
  r4 = push_request ("client-2", "c-other-2", "m-new", "bản khác", gb_sync_feed_last (a, NULL));
  g_clear_pointer (&a4, json_node_unref);
  a4 = gb_sync_push_apply (a, "khac", r4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (a4), "applied")), ==, 1);

  /* A push that cannot be read changes nothing. */
  g_clear_pointer (&fp1, g_free);
  fp1 = gb_test_fingerprint (pa);
  {
    g_autoptr(JsonNode) unreadable = json_from_string ("{\"client_id\":\"x\",\"changes\":5}", NULL);

    g_assert_null (gb_sync_push_apply (a, "x", unreadable, &error));
    g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }
  g_clear_pointer (&fp2, g_free);
  fp2 = gb_test_fingerprint (pa);
  g_assert_cmpstr (fp1, ==, fp2);

  /* An invalid change is rejected on its own: nothing of it is written, the valid one beside
   * it is applied, and a retry gets the same answer without writing anything again. */
  {
    g_autoptr(JsonNode) bad = json_from_string ("{\"client_id\":\"x\",\"changes\":[{\"id\":\"ok-1\",\"table\":\"meetings\","
                                                "\"op\":\"delete\",\"key\":{\"uid\":\"m-new\"},\"row\":null,\"base_seq\":999999},"
                                                "{\"id\":\"bad\",\"table\":\"meetings\",\"op\":\"upsert\","
                                                "\"key\":{\"uid\":\"q\"},\"row\":{\"date\":1},\"base_seq\":999999}]}", NULL);
    g_autoptr(JsonNode) answer = gb_sync_push_apply (a, "x", bad, &error);
    g_autoptr(JsonNode) again = NULL;
    g_autoptr(JsonNode) gone = NULL;
    g_autoptr(JsonNode) q = json_from_string ("{\"uid\":\"q\"}", NULL);
    JsonObject *rejection;

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "applied")), ==, 1);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "rejected")), ==, 1);
    rejection = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer), "rejected"), 0);
    g_assert_cmpstr (json_object_get_string_member (rejection, "id"), ==, "bad");
    g_assert_cmpint (json_object_get_int_member (rejection, "status"), ==, 422);
    g_assert_nonnull (strstr (json_object_get_string_member (rejection, "message"), "date"));
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (rejection, "server_row")));
    gone = gb_sync_codec_encode (a, "meetings", q, &error);
    g_assert_true (JSON_NODE_HOLDS_NULL (gone));
    g_clear_pointer (&gone, json_node_unref);
    gone = gb_sync_codec_encode (a, "meetings", key, &error);
    g_assert_true (JSON_NODE_HOLDS_NULL (gone));

    g_clear_pointer (&fp1, g_free);
    fp1 = gb_test_fingerprint (pa);
    again = gb_sync_push_apply (a, "x", bad, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (json_node_get_object (again), "rejected"), 0), "message"),
                     ==, json_object_get_string_member (rejection, "message"));
    g_clear_pointer (&fp2, g_free);
    fp2 = gb_test_fingerprint (pa);
    g_assert_cmpstr (fp1, ==, fp2);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-codec/round-trip", test_round_trip);
  g_test_add_func ("/sync-codec/rejects", test_rejects);
  g_test_add_func ("/sync-codec/feed-resume", test_feed_resume);
  g_test_add_func ("/sync-codec/push", test_push_idempotent_conflict);
  return g_test_run ();
}
