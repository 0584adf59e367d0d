/* test-daemon.c — the real giaoband on a loopback port: roles, limits, report intake
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "gb-demo.h"
#include "gb-error.h"
#include "gb-store.h"
#include "gb-store-sync.h"
#include "gb-sync-codec.h"
#include "gb-sync-role.h"
#include "gb-types.h"
#include "gb-test-daemon.h"
#include "gb-test-util.h"

static gint64
count_rows (const char *db,
            const char *sql)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (conn));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return n;
}

/* Every endpoint × every kind of caller. */
static void
test_roles (GbTestDaemon  *f,
            gconstpointer  data)
{
  g_autofree char *report = g_strdup_printf ("unit_code,date,community,quarantine\n%s,2022-02-01,1,0\n", f->own_commune);
  const char *push = "{\"client_id\":\"t\",\"changes\":[]}";
  static const struct { const char *method; const char *path; int body; guint status[6]; } table[] = {
    /*                                              viewer secretary district admin none wrong */
    { "GET",  "/api/v1/health",                   0, { 200, 200, 200, 200, 200, 200 } },
    { "GET",  "/api/v1/changes?since=0&limit=10", 0, { 200, 200, 200, 200, 401, 401 } },
    { "POST", "/api/v1/push",                     1, { 403, 200, 200, 200, 401, 401 } },
    { "POST", "/api/v1/reports",                  2, { 403, 403, 200, 200, 401, 401 } },
    { "GET",  "/api/v1/users",                    0, { 403, 403, 403, 200, 401, 401 } },
    { "POST", "/api/v1/users",                    3, { 403, 403, 403, 201, 401, 401 } },
  };

  for (guint e = 0; e < G_N_ELEMENTS (table); e++)
    for (int who = 0; who <= WRONG; who++)
      {
        g_autofree char *user = g_strdup_printf ("{\"name\":\"new-%d\",\"role\":\"viewer\"}", who);
        const char *body = table[e].body == 1 ? push : table[e].body == 2 ? report : table[e].body == 3 ? user : NULL;
        g_autoptr(JsonNode) answer = NULL;
        guint status = gb_test_daemon_request (f, table[e].method, table[e].path, who, body, 0, &answer);

        g_test_message ("%s %s as %d: %u", table[e].method, table[e].path, who, status);
        g_assert_cmpuint (status, ==, table[e].status[who]);
        g_assert_nonnull (answer);
        if (status >= 400)
          g_assert_nonnull (json_object_get_string_member (json_node_get_object (answer), "error"));
      }
}

/* GET /api/v1/me: who the token is, for the app to offer only what its role may do; the
 * rules the app applies to that role, which are the daemon's own. */
static void
test_me (GbTestDaemon  *f,
         gconstpointer  data)
{
  g_autofree char *district_role = g_strdup_printf ("district:%s", f->district);
  const char *roles[N_ROLES] = { "viewer", "secretary", district_role, "admin" };

  for (int who = 0; who < N_ROLES; who++)
    {
      g_autoptr(JsonNode) answer = NULL;
      JsonObject *o;

      g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/me", who, NULL, 0, &answer), ==, 200);
      o = json_node_get_object (answer);
      g_assert_cmpstr (json_object_get_string_member (o, "role"), ==, roles[who]);
      g_assert_nonnull (json_object_get_string_member (o, "name"));
      g_assert_true (gb_sync_role_is_known (roles[who]));
    }
  {
    g_autoptr(JsonNode) answer = NULL;

    g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/me", NONE, NULL, 0, &answer), ==, 401);
    g_clear_pointer (&answer, json_node_unref);
    g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/me", SECRETARY, "{}", 0, &answer), ==, 405);
  }

  /* No role: an app that never synced is the secretary's own and may do everything. */
  g_assert_true (gb_sync_role_may_declare_levels (NULL));
  g_assert_true (gb_sync_role_may_edit_notices (NULL));
  g_assert_true (gb_sync_role_may_edit_rules (NULL));
  g_assert_true (gb_sync_role_may_declare_levels ("secretary"));
  g_assert_true (gb_sync_role_may_edit_notices ("secretary"));
  g_assert_true (gb_sync_role_may_edit_rules ("secretary"));
  g_assert_true (gb_sync_role_may_declare_levels ("admin"));
  for (int who = 0; who < N_ROLES; who += 2)
    {
      g_assert_false (gb_sync_role_may_declare_levels (roles[who]));
      g_assert_false (gb_sync_role_may_edit_notices (roles[who]));
      g_assert_false (gb_sync_role_may_edit_rules (roles[who]));
    }
  g_assert_true (gb_sync_role_may_write (district_role, "case_reports"));
  g_assert_false (gb_sync_role_may_write ("secretary", "case_reports"));
  g_assert_false (gb_sync_role_may_write ("viewer", "documents"));
  g_assert_false (gb_sync_role_may_write ("district:", "case_reports"));
  g_assert_false (gb_sync_role_is_known ("district:"));
  g_assert_false (gb_sync_role_is_known ("root"));
  g_assert_false (gb_sync_role_is_known (NULL));
}

/* A district writes its own communes only, by report and by push; nothing else changes. */
/* The push answer rejected exactly the change @id with @status, its message naming @names. */
static void
assert_rejected (JsonNode   *answer,
                 const char *id,
                 gint64      status,
                 const char *names)
{
  JsonObject *o = json_node_get_object (answer);
  JsonArray *rejected = json_object_get_array_member (o, "rejected");
  JsonObject *r;

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "applied")), ==, 0);
  g_assert_cmpuint (json_array_get_length (rejected), ==, 1);
  r = json_array_get_object_element (rejected, 0);
  g_assert_cmpstr (json_object_get_string_member (r, "id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (r, "status"), ==, status);
  g_assert_nonnull (strstr (json_object_get_string_member (r, "message"), names));
}

static void
test_district_bounds (GbTestDaemon  *f,
                      gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *report = g_strdup_printf ("unit_code,date,community,quarantine\n%s,2022-02-01,1,0\n"
                                             "%s,2022-02-01,2,0\n", f->own_commune, f->other_commune);
  g_autofree char *push = g_strdup_printf ("{\"client_id\":\"t\",\"changes\":[{\"id\":\"a1\",\"table\":\"case_reports\","
                                           "\"op\":\"upsert\",\"key\":{\"unit_code\":\"%s\",\"date\":\"2022-02-02\"},"
                                           "\"row\":{\"community\":1,\"quarantine\":0,\"unknown_source\":0,\"deaths\":null,"
                                           "\"recovered\":null,\"tests\":null,\"simulated\":0,\"received_at\":\"x\"},"
                                           "\"base_seq\":0}]}", f->other_commune);
  g_autoptr(JsonNode) answer = NULL;

  before = gb_test_fingerprint (f->db);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/reports", DISTRICT, report, 0, &answer), ==, 403);
  g_clear_pointer (&answer, json_node_unref);
  after = gb_test_fingerprint (f->db);
  g_assert_cmpstr (before, ==, after);

  /* In a push the change alone is refused (403), saying why; the attempt is audited and
   * nothing of it is written. */
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", DISTRICT, push, 0, &answer), ==, 200);
  assert_rejected (answer, "a1", 403, f->other_commune);
  g_clear_pointer (&answer, json_node_unref);
  /* A secretary may not write daily numbers at all. */
  g_clear_pointer (&push, g_free);
  push = g_strdup_printf ("{\"client_id\":\"t2\",\"changes\":[{\"id\":\"a2\",\"table\":\"case_reports\","
                          "\"op\":\"upsert\",\"key\":{\"unit_code\":\"%s\",\"date\":\"2022-02-02\"},"
                          "\"row\":{\"community\":1,\"quarantine\":0,\"unknown_source\":0,\"deaths\":null,"
                          "\"recovered\":null,\"tests\":null,\"simulated\":0,\"received_at\":\"x\"},"
                          "\"base_seq\":0}]}", f->own_commune);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, push, 0, &answer), ==, 200);
  assert_rejected (answer, "a2", 403, "case_reports");
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM case_reports WHERE date = '2022-02-02'"), ==, 0);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM audit_log WHERE detail LIKE 'rejected %case_reports%'"), ==, 2);
}

/* A bad line refuses the whole report, naming the line; good ones then go through. */
static void
test_report_csv (GbTestDaemon  *f,
                 gconstpointer  data)
{
  g_autofree char *before = gb_test_fingerprint (f->db);
  g_autofree char *after = NULL;
  g_autofree char *bad = g_strdup_printf ("unit_code,date,community,quarantine\n%s,2022-02-01,1,0\n%s,2022-02-31,2,0\n",
                                          f->own_commune, f->own_commune);
  g_autofree char *good = g_strdup_printf ("[{\"unit_code\":\"%s\",\"date\":\"2022-02-01\",\"community\":4,\"quarantine\":1}]",
                                           f->own_commune);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) page = NULL;
  gint64 last;

  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/reports", DISTRICT, bad, 0, &answer), ==, 422);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (answer), "error"), "report:3"));
  after = gb_test_fingerprint (f->db);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&answer, json_node_unref);

  /* Unknown kind */
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/reports?kind=deaths", DISTRICT, good, 0, &answer), ==, 400);
  g_clear_pointer (&answer, json_node_unref);

  g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/health", NONE, NULL, 0, &answer), ==, 200);
  last = json_object_get_int_member (json_node_get_object (answer), "last");
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/reports", DISTRICT, good, 0, &answer), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "rows"), ==, 1);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM audit_log WHERE action = 'report' AND user_name = 'user-2'"), ==, 1);

  /* The report is in the feed, once, after where it stood. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=100", last);
    JsonArray *changes;
    JsonObject *row;

    g_assert_cmpuint (gb_test_daemon_request (f, "GET", path, VIEWER, NULL, 0, &page), ==, 200);
    changes = json_object_get_array_member (json_node_get_object (page), "changes");
    g_assert_cmpuint (json_array_get_length (changes), ==, 1);
    row = json_object_get_object_member (json_array_get_object_element (changes, 0), "row");
    g_assert_cmpstr (json_object_get_string_member (row, "unit_code"), ==, f->own_commune);
    g_assert_cmpint (json_object_get_int_member (row, "community"), ==, 4);
  }
}

static void
test_limits (GbTestDaemon  *f,
             gconstpointer  data)
{
  g_autofree char *before = gb_test_fingerprint (f->db);
  g_autofree char *after = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"client_id\":\"t\",\"changes\":");
  gsize big_len = 9 * 1024 * 1024;
  g_autofree char *big = g_malloc (big_len);
  g_autoptr(JsonNode) answer = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 40; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, deep->str, 0, &answer), ==, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (answer), "error"), "deeper"));
  g_clear_pointer (&answer, json_node_unref);

  memset (big, ' ', big_len);
  big[0] = '{';
  big[big_len - 1] = '}';
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, big, big_len, &answer), ==, 413);
  g_clear_pointer (&answer, json_node_unref);

  g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/changes?limit=5001", VIEWER, NULL, 0, &answer), ==, 400);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/changes?since=abc", VIEWER, NULL, 0, &answer), ==, 400);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, "{\"client_id\":", 0, &answer), ==, 400);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, "{\"client_id\":\"t\",\"changes\":[{\"id\":1}]}", 0, &answer), ==, 422);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/nothing", VIEWER, NULL, 0, &answer), ==, 404);
  after = gb_test_fingerprint (f->db);
  g_assert_cmpstr (before, ==, after);
}

/* A push of many edits at once (an imported notice queues about 40) is applied whole: sibling
 * objects are not nesting. */
static void
test_big_push (GbTestDaemon  *f,
               gconstpointer  data)
{
  g_autoptr(GString) push = g_string_new ("{\"client_id\":\"big\",\"changes\":[");
  g_autoptr(JsonNode) answer = NULL;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (push, "%s{\"id\":\"big-%u\",\"table\":\"meetings\",\"op\":\"upsert\","
                            "\"key\":{\"uid\":\"m-big-%u\"},\"row\":{\"date\":\"2022-01-05\",\"subject\":\"họp %u\","
                            "\"chair\":null,\"participants\":null,\"reported_units\":null,\"created_at\":\"x\","
                            "\"updated_at\":\"x\"},\"base_seq\":0}",
                            i ? "," : "", i, i, i);
  g_string_append (push, "]}");
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, push->str, 0, &answer), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "applied")), ==, 300);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM meetings WHERE uid LIKE 'm-big-%'"), ==, 300);
}

/* Pages over HTTP resume; a push is applied once and shows in the feed; a stale one conflicts. */
/* The compact feed says what the objects say, page by page, and the headers what the body
 * says. */
static void
assert_compact_feed (GbTestDaemon *f)
{
  gint64 since = 0;
  guint deletes = 0, upserts = 0;
  g_autoptr(JsonNode) bad = NULL;

  g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/changes?since=0&format=arrays", VIEWER, NULL, 0, &bad), ==, 400);
  for (;;)
    {
      g_autofree char *p1 = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=3000", since);
      g_autofree char *p2 = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=3000&format=compact", since);
      g_autoptr(JsonNode) objects = NULL;
      g_autoptr(JsonNode) compact = NULL;
      JsonObject *o, *c, *columns;
      JsonArray *oc, *cc;
      g_autofree char *next = NULL;

      g_assert_cmpuint (gb_test_daemon_request (f, "GET", p1, VIEWER, NULL, 0, &objects), ==, 200);
      g_assert_cmpuint (gb_test_daemon_request (f, "GET", p2, VIEWER, NULL, 0, &compact), ==, 200);
      o = json_node_get_object (objects);
      c = json_node_get_object (compact);
      next = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (c, "next"));
      g_assert_cmpstr (soup_message_headers_get_one (f->headers, "Giaoban-Next"), ==, next);
      g_assert_cmpstr (soup_message_headers_get_one (f->headers, "Giaoban-More"), ==,
                       json_object_get_boolean_member (c, "more") ? "true" : "false");
      for (guint m = 0; m < 4; m++)
        {
          static const char *names[] = { "since", "next", "last", "more" };

          g_assert_true (json_node_equal (json_object_get_member (o, names[m]), json_object_get_member (c, names[m])));
        }
      oc = json_object_get_array_member (o, "changes");
      cc = json_object_get_array_member (c, "changes");
      columns = json_object_get_object_member (c, "columns");
      g_assert_cmpuint (json_array_get_length (oc), ==, json_array_get_length (cc));
      for (guint i = 0; i < json_array_get_length (oc); i++)
        {
          JsonObject *x = json_array_get_object_element (oc, i);
          JsonArray *y = json_array_get_array_element (cc, i);
          const char *table = json_object_get_string_member (x, "table");

          g_assert_cmpuint (json_array_get_length (y), ==, 4);
          g_assert_cmpint (json_array_get_int_element (y, 0), ==, json_object_get_int_member (x, "seq"));
          g_assert_cmpstr (json_array_get_string_element (y, 1), ==, table);
          g_assert_cmpstr (json_array_get_string_element (y, 2), ==, json_object_get_string_member (x, "op"));
          if (g_strcmp0 (json_object_get_string_member (x, "op"), "upsert") == 0)
            {
              JsonObject *t = json_object_get_object_member (columns, table);
              JsonArray *row_names = json_object_get_array_member (t, "row");
              JsonArray *key_names = json_object_get_array_member (t, "key");
              JsonObject *row = json_object_get_object_member (x, "row");
              JsonObject *key = json_object_get_object_member (x, "key");
              JsonArray *values = json_array_get_array_element (y, 3);

              g_assert_cmpuint (json_array_get_length (values), ==, json_array_get_length (row_names));
              g_assert_cmpuint (json_object_get_size (row), ==, json_array_get_length (row_names));
              for (guint j = 0; j < json_array_get_length (row_names); j++)
                g_assert_true (json_node_equal (json_object_get_member (row, json_array_get_string_element (row_names, j)),
                                                json_array_get_element (values, j)));
              g_assert_cmpuint (json_object_get_size (key), ==, json_array_get_length (key_names));
              for (guint j = 0; j < json_array_get_length (key_names); j++)
                g_assert_true (json_node_equal (json_object_get_member (key, json_array_get_string_element (key_names, j)),
                                                json_object_get_member (row, json_array_get_string_element (key_names, j))));
              upserts++;
            }
          else
            {
              g_assert_true (json_node_equal (json_array_get_element (y, 3), json_object_get_member (x, "key")));
              deletes++;
            }
        }
      since = json_object_get_int_member (c, "next");
      if (!json_object_get_boolean_member (c, "more"))
        break;
    }
  g_assert_cmpuint (upserts, >, 60000);
  g_assert_cmpuint (deletes, >=, 1);
}

static void
test_feed_and_push (GbTestDaemon  *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) again = NULL;
  gint64 since = 0, total = 0, last = -1;
  const char *push_fmt = "{\"client_id\":\"%s\",\"changes\":[{\"id\":\"%s\",\"table\":\"meetings\",\"op\":\"upsert\","
                         "\"key\":{\"uid\":\"m-http\"},\"row\":{\"date\":\"2022-01-05\",\"subject\":\"%s\",\"chair\":null,"
                         "\"participants\":null,\"reported_units\":null,\"created_at\":\"x\",\"updated_at\":\"x\"},"
                         "\"base_seq\":%" G_GINT64_FORMAT "}]}";
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autofree char *p3 = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=5000", since);
      g_autoptr(JsonNode) page = NULL;
      JsonObject *o;

      g_assert_cmpuint (gb_test_daemon_request (f, "GET", path, VIEWER, NULL, 0, &page), ==, 200);
      o = json_node_get_object (page);
      total += json_array_get_length (json_object_get_array_member (o, "changes"));
      since = json_object_get_int_member (o, "next");
      last = json_object_get_int_member (o, "last");
      if (!json_object_get_boolean_member (o, "more"))
        break;
    }
  g_assert_cmpint (since, ==, last);
  g_assert_cmpint (total, >, 60000);

  p1 = g_strdup_printf (push_fmt, "c", "http-1", "họp", last);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, p1, 0, &answer), ==, 200);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, p1, 0, &again), ==, 200);
  t1 = json_to_string (answer, FALSE);
  t2 = json_to_string (again, FALSE);
  g_assert_cmpstr (t1, ==, t2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "applied")), ==, 1);
  g_clear_pointer (&answer, json_node_unref);

  /* Another client still at the old sequence: a conflict. */
  p2 = g_strdup_printf (push_fmt, "d", "http-2", "khác", last);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", ADMIN, p2, 0, &answer), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "conflicts")), ==, 1);
  g_clear_pointer (&answer, json_node_unref);

  /* The first client's second edit from the same old sequence: its own push is no conflict. */
  p3 = g_strdup_printf (push_fmt, "c", "http-3", "họp lại", last);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, p3, 0, &answer), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "applied")), ==, 1);

  /* Every write is in the audit log, once: the retried push added nothing. */
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM audit_log WHERE action = 'push'"), ==, 3);

  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM push_conflicts WHERE change_id = 'http-2'"), ==, 1);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM meetings WHERE uid = 'm-http' AND subject = 'họp lại'"), ==, 1);

  /* A delete, then the whole feed in both formats. */
  {
    g_autofree char *del = g_strdup_printf ("{\"client_id\":\"c\",\"changes\":[{\"id\":\"http-4\",\"table\":\"meetings\","
                                            "\"op\":\"delete\",\"key\":{\"uid\":\"m-http\"},\"row\":null,"
                                            "\"base_seq\":%" G_GINT64_FORMAT "}]}", last);

    g_clear_pointer (&answer, json_node_unref);
    g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, del, 0, &answer), ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "applied")), ==, 1);
    assert_compact_feed (f);
  }
}

static const char *seed_geojson =
  "{\"type\":\"FeatureCollection\",\"features\":["
  "{\"type\":\"Feature\",\"properties\":{\"id\":\"7010101\",\"name\":\"Phường Bến Nghé\",\"district_id\":\"70101\","
  "\"district\":\"Quận 1\",\"province_id\":\"701\",\"province\":\"Hồ Chí Minh\",\"population_2009\":20000},"
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[106.70,10.77],[106.71,10.77],[106.71,10.78],[106.70,10.77]]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"id\":\"7010102\",\"name\":\"Phường Đa Kao\",\"district_id\":\"70101\","
  "\"district\":\"Quận 1\",\"province_id\":\"701\",\"province\":\"Hồ Chí Minh\",\"population_2009\":25000},"
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[106.69,10.78],[106.70,10.78],[106.70,10.79],[106.69,10.78]]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"id\":\"7010301\",\"name\":\"Phường 1\",\"district_id\":\"70103\","
  "\"district\":\"Quận 3\",\"province_id\":\"701\",\"province\":\"Hồ Chí Minh\",\"population_2009\":18000},"
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[106.68,10.77],[106.69,10.77],[106.69,10.78],[106.68,10.77]]]}}]}";

static const char *seed_cases =
  "portal_id,province,population,date,new_cases\n"
  "2,TP HCM,8993082,2021-07-01,120\n"
  "2,TP HCM,8993082,2021-07-02,0\n"
  "2,TP HCM,8993082,2021-07-03,347\n"
  "2,TP HCM,8993082,2021-07-04,58\n"
  "5,Hà Nội,8053663,2021-07-01,3\n";

/* Real OWID rows (2021-09-01 … 04), a day before the first dose (left out) and a day without
 * a report (the last value carries on). */
#define VACCINATION_COLUMNS "unit_code, date, pop_18, pop_65, dose1_18, full_18, full_65, doses_given, doses_allocated, simulated"

static const char *seed_owid =
  "date,population,new_cases,total_cases,new_deaths,total_vaccinations,people_vaccinated,people_fully_vaccinated,new_vaccinations\n"
  "2021-02-01,98168829,0,1,0,,,,\n"
  "2021-09-01,98168829,11434,473530,804,20542325,17660772,2881553,331944\n"
  "2021-09-02,98168829,13197,486727,270,20831478,17872356,2959122,289153\n"
  "2021-09-03,98168829,14922,501649,308,,,,\n"
  "2021-09-04,98168829,9521,511170,347,21445181,18246636,3198545,398902\n";

/* The national seed on a small file of the same shape: units, exact province totals,
 * commune vaccination from the national curve, deterministic, everything in the feed. */
static void
test_seed (void)
{
  g_autofree char *geojson = gb_test_write_temp ("communes.geojson", seed_geojson, -1);
  g_autofree char *cases = gb_test_write_temp ("cases.csv", seed_cases, -1);
  g_autofree char *owid = gb_test_write_temp ("owid.csv", seed_owid, -1);
  g_autofree char *db1 = gb_test_temp_db ();
  g_autofree char *db2 = gb_test_temp_db ();
  const char *args1[] = { "seed", "--national", "--geojson", geojson, "--cases", cases, "--vaccinations", owid,
                          "--database", db1, NULL };
  const char *args2[] = { "seed", "--national", "--geojson", geojson, "--cases", cases, "--vaccinations", owid,
                          "--database", db2, NULL };
  const char *bad[] = { "seed", "--geojson", geojson, "--database", db2, NULL };
  g_autofree char *out = gb_test_daemon_run (args1, 0);
  g_autofree char *out2 = gb_test_daemon_run (args2, 0);
  g_autofree char *usage = gb_test_daemon_run (bad, 2);
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (db1, &error);
  g_autoptr(GbStore) store2 = gb_store_open (db2, &error);
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GPtrArray) districts = NULL;
  g_autoptr(GbUnit) province = NULL;
  gint64 total = 0;

  g_assert_nonnull (strstr (out, "3"));
  province = gb_store_get_unit (store, "701", &error);
  g_assert_no_error (error);
  g_assert_cmpint (province->level, ==, GB_UNIT_LEVEL_PROVINCE);
  g_assert_cmpint (province->population, ==, 63000);
  districts = gb_store_list_units (store, GB_UNIT_LEVEL_DISTRICT, "701", &error);
  g_assert_cmpuint (districts->len, ==, 2);
  communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, NULL, &error);
  g_assert_cmpuint (communes->len, ==, 3);
  for (guint i = 0; i < communes->len; i++)
    {
      g_autoptr(GArray) series = NULL;
      GbUnit *u = communes->pdata[i];

      series = gb_store_get_case_reports (store, u->code, "2021-07-01", "2021-07-04", &error);
      g_assert_no_error (error);
      for (guint d = 0; d < series->len; d++)
        {
          GbCaseReport *r = &g_array_index (series, GbCaseReport, d);

          total += r->community + r->quarantine;
        }
    }
  g_assert_cmpint (total, ==, 120 + 0 + 347 + 58);
  s1 = gb_store_sync_table_checksum (store, "case_reports", "unit_code, date, community, quarantine, unknown_source", &error);
  s2 = gb_store_sync_table_checksum (store2, "case_reports", "unit_code, date, community, quarantine, unknown_source", &error);
  g_assert_cmpstr (s1, ==, s2);
  s1 = (g_free (s1), gb_store_sync_table_checksum (store, "change_log", "count(*)", &error));
  s2 = (g_free (s2), gb_store_sync_table_checksum (store, "units", "count(*) + (SELECT count(*) FROM case_reports) + "
                                                   "(SELECT count(*) FROM vaccinations) + (SELECT count(*) FROM rule_sets) + "
                                                   "(SELECT count(*) FROM rule_thresholds) + (SELECT count(*) FROM rule_set_periods)",
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpstr (s1, ==, s2);

  /* Vaccination: every commune on every day of the national curve from its first dose (the
   * day without a report included), simulated, deterministic. */
  g_assert_cmpint (count_rows (db1, "SELECT count(*) FROM vaccinations v JOIN units u ON u.code = v.unit_code "
                               "WHERE u.level = 3"), ==, 3 * 4);
  g_assert_cmpint (count_rows (db1, "SELECT count(DISTINCT date) FROM vaccinations WHERE date >= '2021-09-01'"), ==, 4);
  g_assert_cmpint (count_rows (db1, "SELECT count(*) FROM vaccinations WHERE date < '2021-09-01'"), ==, 0);
  g_assert_cmpint (count_rows (db1, "SELECT count(*) FROM vaccinations WHERE NOT simulated"), ==, 0);
  g_assert_cmpint (count_rows (db1, "SELECT count(*) FROM vaccinations WHERE unit_code IN ('701', '70101', '70103')"),
                   ==, 3 * 4);
  /* received_at is when the row was written: not part of the simulation. */
  s1 = (g_free (s1), gb_store_sync_table_checksum (store, "vaccinations", VACCINATION_COLUMNS, &error));
  s2 = (g_free (s2), gb_store_sync_table_checksum (store2, "vaccinations", VACCINATION_COLUMNS, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (s1, ==, s2);
  /* Scaled to the commune's adults: the national 18.0 % of everybody (25.6 % of adults) on
   * 2021-09-01 … 18.6 % (26.4 %) on 09-04, with a spread of 0.85 … 1.10 and a lag of up to
   * two weeks (before the first day: the first day). */
  g_assert_cmpint (count_rows (db1, "SELECT count(*) FROM vaccinations v JOIN units u ON u.code = v.unit_code "
                               "WHERE u.level = 3 AND v.pop_18 > 0 AND v.pop_18 = u.pop_18 "
                               "AND v.dose1_18 BETWEEN 0.85 * 0.1799 / 0.703 * v.pop_18 - 1 "
                               "AND 1.10 * 0.1859 / 0.703 * v.pop_18 + 1 "
                               "AND v.full_18 <= v.dose1_18 AND v.full_65 <= v.pop_65"), ==, 3 * 4);
  /* Spread: the communes' shares differ. */
  g_assert_cmpint (count_rows (db1, "SELECT count(DISTINCT round (1000.0 * v.dose1_18 / v.pop_18)) FROM vaccinations v "
                               "JOIN units u ON u.code = v.unit_code WHERE u.level = 3 AND v.date = '2021-09-04'"), >, 1);
  /* Never down from one day to the next; the day without a report carries the last value. */
  g_assert_cmpint (count_rows (db1, "SELECT count(*) FROM vaccinations a JOIN vaccinations b ON b.unit_code = a.unit_code "
                               "AND b.date = date (a.date, '+1 day') WHERE b.dose1_18 < a.dose1_18 "
                               "OR b.full_18 < a.full_18"), ==, 0);
  /* Districts and the province hold the sums of their communes. */
  g_assert_cmpint (count_rows (db1, "SELECT count(*) FROM vaccinations p WHERE p.unit_code = '701' AND p.dose1_18 = "
                               "(SELECT sum (c.dose1_18) FROM vaccinations c JOIN units u ON u.code = c.unit_code "
                               "WHERE u.level = 3 AND c.date = p.date)"), ==, 4);
  g_assert_cmpint (count_rows (db1, "SELECT count(*) FROM vaccinations d WHERE d.unit_code = '70101' AND d.full_18 = "
                               "(SELECT sum (c.full_18) FROM vaccinations c WHERE c.date = d.date "
                               "AND c.unit_code IN ('7010101', '7010102'))"), ==, 4);
  g_assert_cmpint (count_rows (db1, "SELECT count(*) FROM meta WHERE key = 'simulated-commune-series'"), ==, 1);
  /* In the feed, once each. */
  g_assert_cmpint (count_rows (db1, "SELECT count(*) FROM change_log WHERE tbl = 'vaccinations' AND op = 'upsert'"),
                   ==, count_rows (db1, "SELECT count(*) FROM vaccinations"));
}

static gboolean
accept_any (SoupMessage          *msg,
            GTlsCertificate      *cert,
            GTlsCertificateFlags  errors,
            gpointer              data)
{
  return TRUE;
}

/* --tls-cert/--tls-key: HTTPS with the given certificate (made here with openssl, when the
 * machine has it). */
static void
test_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *dir = g_path_get_dirname (db);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autoptr(GSubprocess) openssl = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 5, NULL);
  g_autofree char *listen = NULL;
  g_autofree char *url = NULL;
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint16 port = gb_test_daemon_free_port ();

  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                              "-out", cert, "-days", "1", "-subj", "/CN=localhost", NULL);
  if (openssl == NULL || !g_subprocess_wait_check (openssl, NULL, NULL))
    {
      g_test_skip ("openssl is not available to make a certificate");
      return;
    }
  listen = g_strdup_printf ("127.0.0.1:%u", port);
  url = g_strdup_printf ("https://127.0.0.1:%u/api/v1/health", port);
  launcher = gb_test_daemon_launcher ();
  daemon = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("GIAOBAND"), "--listen", listen,
                                        "--database", db, "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;

      g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any), NULL);
      body = soup_session_send_and_read (session, msg, NULL, NULL);
      if (body != NULL && soup_message_get_status (msg) == 200)
        {
          g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "\"ok\""));
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (50000);
    }
  g_subprocess_send_signal (daemon, SIGTERM);
  g_subprocess_wait (daemon, NULL, NULL);
}

/* GET @path as @who, with or without gzip accepted; @decoding: through libsoup's decoder (as
 * the client does), else the bytes as they came on the wire. */
static GBytes *
get_page (GbTestDaemon *f,
          const char   *path,
          gboolean      gzip,
          gboolean      decoding,
          char        **encoding)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("%s%s", f->url, path);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", f->tokens[VIEWER]);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  if (!decoding)
    soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (!decoding)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Encoding", gzip ? "gzip" : "identity");
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  *encoding = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Encoding"));
  return body;
}

static GBytes *
gunzip (GBytes *bytes)
{
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GInputStream) in = g_converter_input_stream_new (raw, G_CONVERTER (z));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* Feed pages travel gzip-compressed to a client that accepts it (issue 18): the bytes on the
 * wire are gzip, much smaller, and they decode to the page a client without gzip gets. */
static void
test_gzip_pages (GbTestDaemon  *f,
                 gconstpointer  data)
{
  static const char path[] = "/api/v1/changes?since=0&limit=2000&format=compact";
  g_autofree char *plain_encoding = NULL;
  g_autofree char *gzip_encoding = NULL;
  g_autofree char *decoded_encoding = NULL;
  g_autoptr(GBytes) plain = get_page (f, path, FALSE, FALSE, &plain_encoding);
  g_autoptr(GBytes) wire = get_page (f, path, TRUE, FALSE, &gzip_encoding);
  g_autoptr(GBytes) decoded = get_page (f, path, TRUE, TRUE, &decoded_encoding);
  g_autoptr(GBytes) unzipped = NULL;
  const guchar *w = g_bytes_get_data (wire, NULL);

  g_assert_null (plain_encoding);
  g_assert_cmpstr (gzip_encoding, ==, "gzip");
  g_assert_cmpuint (g_bytes_get_size (wire), >, 2);
  g_assert_cmpuint (w[0], ==, 0x1f);
  g_assert_cmpuint (w[1], ==, 0x8b);
  g_test_message ("a 2000-row page: %zu bytes, %zu gzip", g_bytes_get_size (plain), g_bytes_get_size (wire));
  g_assert_cmpuint (g_bytes_get_size (wire) * 3, <, g_bytes_get_size (plain));
  unzipped = gunzip (wire);
  g_assert_true (g_bytes_equal (unzipped, plain));
  /* libsoup, as the sync client uses it, asks for gzip itself and decodes. */
  g_assert_true (g_bytes_equal (decoded, plain));
}

/* A push of @changes (a JSON array's members) as @who; the answer. */
static JsonNode *
push_as (GbTestDaemon *f,
         int           who,
         const char   *changes)
{
  g_autofree char *push = g_strdup_printf ("{\"client_id\":\"review-%d\",\"changes\":[%s]}", who, changes);
  JsonNode *answer = NULL;

  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", who, push, 0, &answer), ==, 200);
  return answer;
}

/* The server's vaccination row of @unit on @date, with @field set to @value and received
 * later: as a decision writes it. */
static char *
decided_vaccination (GbTestDaemon *f,
                     const char   *unit,
                     const char   *date,
                     const char   *field,
                     gint64        value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (f->db, &error);
  g_autofree char *key_text = g_strdup_printf ("{\"date\":\"%s\",\"unit_code\":\"%s\"}", date, unit);
  g_autoptr(JsonNode) key = json_from_string (key_text, NULL);
  g_autoptr(JsonNode) row = gb_sync_codec_encode (store, "vaccinations", key, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (row));
  json_object_set_int_member (json_node_get_object (row), field, value);
  json_object_set_string_member (json_node_get_object (row), "received_at", "2022-02-01T00:00:00.000Z");
  return json_to_string (row, FALSE);
}

static char *
review_change (const char *id,
               const char *uid,
               const char *unit,
               const char *decision,
               gint64      base)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"table\":\"review_items\",\"op\":\"upsert\",\"key\":{\"uid\":\"%s\"},"
                          "\"row\":{\"table\":\"vaccinations\",\"unit_code\":\"%s\",\"date\":\"2022-01-10\","
                          "\"field\":\"full_18\",\"value\":1,\"in_use\":null,\"rule\":\"fall\",\"median\":null,"
                          "\"received_at\":\"2022-01-31T00:00:00.000Z\",\"decision\":%s,\"decided_value\":%s,"
                          "\"decided_by\":%s,\"decided_at\":%s,\"decided_why\":null},\"base_seq\":%" G_GINT64_FORMAT "}",
                          id, uid, unit, decision ? "\"corrected\"" : "null", decision ? "5000" : "null",
                          decision ? "\"Chị Lan\"" : "null", decision ? "\"2022-02-01T00:00:00.000Z\"" : "null", base);
}

/* Issue 15: a secretary's vaccination row is taken only as a review decided it, whatever the
 * order of the two in one push; a district may not take over another district's review row. */
static void
test_review_decided (GbTestDaemon  *f,
                     gconstpointer  data)
{
  const char *uid = "0f3c2a11-1111-4111-8111-111111111111";
  const char *foreign = "0f3c2a11-2222-4222-8222-222222222222";
  g_autofree char *decided = decided_vaccination (f, f->own_commune, "2022-01-10", "full_18", 5000);
  g_autofree char *wrong = decided_vaccination (f, f->own_commune, "2022-01-10", "full_18", 4999);
  g_autofree char *review = NULL;
  g_autofree char *held = review_change ("h1", uid, f->own_commune, NULL, 0);
  g_autofree char *made_up = review_change ("r0", uid, f->own_commune, "corrected", 0);
  g_autofree char *again = NULL;
  g_autofree char *value = NULL;
  g_autofree char *bad = g_strdup_printf ("{\"id\":\"v0\",\"table\":\"vaccinations\",\"op\":\"upsert\","
                                          "\"key\":{\"unit_code\":\"%s\",\"date\":\"2022-01-10\"},\"row\":%s,"
                                          "\"base_seq\":0}", f->own_commune, wrong);
  g_autofree char *both = NULL;
  g_autofree char *other = review_change ("r2", foreign, f->other_commune, NULL, 0);
  g_autofree char *taken = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 last;

  /* A decision of a value the server never held: refused. */
  answer = push_as (f, SECRETARY, made_up);
  assert_rejected (answer, "r0", 403, "held for review on the server first");
  g_clear_pointer (&answer, json_node_unref);
  /* The district's laptop held it. */
  answer = push_as (f, DISTRICT, held);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "applied")), ==, 1);
  g_clear_pointer (&answer, json_node_unref);

  /* No decision yet: refused, as any daily number of a secretary's. */
  answer = push_as (f, SECRETARY, bad);
  assert_rejected (answer, "v0", 403, "vaccinations");
  /* From here on the rows are as the feed's last change left them: no conflict. */
  last = json_object_get_int_member (json_node_get_object (answer), "last");
  g_clear_pointer (&answer, json_node_unref);
  value = g_strdup_printf ("{\"id\":\"v1\",\"table\":\"vaccinations\",\"op\":\"upsert\","
                           "\"key\":{\"unit_code\":\"%s\",\"date\":\"2022-01-10\"},\"row\":%s,"
                           "\"base_seq\":%" G_GINT64_FORMAT "}", f->own_commune, decided, last);
  review = review_change ("r1", uid, f->own_commune, "corrected", last);
  again = review_change ("r4", uid, f->own_commune, "corrected", last + 10);
  both = g_strdup_printf ("%s,%s", value, review);

  /* The value before its decision in the push: both applied. */
  answer = push_as (f, SECRETARY, both);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "applied")), ==, 2);
  g_clear_pointer (&answer, json_node_unref);
  sql = g_strdup_printf ("SELECT full_18 FROM vaccinations WHERE unit_code = '%s' AND date = '2022-01-10'",
                         f->own_commune);
  g_assert_cmpint (count_rows (f->db, sql), ==, 5000);
  /* Who decided is the secretary's token, not the name its laptop wrote ("Chị Lan"). */
  {
    g_autofree char *by = g_strdup_printf ("SELECT count(*) FROM review_items WHERE uid = '%s' AND decided_by = '%s'",
                                           uid, "user-1");

    g_assert_cmpint (count_rows (f->db, by), ==, 1);
  }

  /* Another value than the decided one: refused, the decided one kept. */
  g_free (bad);
  g_free (wrong);
  wrong = decided_vaccination (f, f->own_commune, "2022-01-10", "full_18", 4999);
  bad = g_strdup_printf ("{\"id\":\"v2\",\"table\":\"vaccinations\",\"op\":\"upsert\","
                         "\"key\":{\"unit_code\":\"%s\",\"date\":\"2022-01-10\"},\"row\":%s,"
                         "\"base_seq\":%" G_GINT64_FORMAT "}", f->own_commune, wrong, last + 10);
  answer = push_as (f, SECRETARY, bad);
  assert_rejected (answer, "v2", 403, "full_18");
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpint (count_rows (f->db, sql), ==, 5000);

  /* Decided once: the same decision again is no change, another one is refused. */
  {
    g_autofree char *changed = review_change ("r5", uid, f->own_commune, "corrected", last + 10);
    char *v = strstr (changed, "\"decided_value\":5000");

    g_assert_nonnull (v);
    memcpy (v + strlen ("\"decided_value\":"), "6000", 4);
    answer = push_as (f, SECRETARY, again);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "rejected")), ==, 0);
    g_clear_pointer (&answer, json_node_unref);
    answer = push_as (f, SECRETARY, changed);
    assert_rejected (answer, "r5", 403, "already decided");
    g_clear_pointer (&answer, json_node_unref);
  }

  /* A decision the server holds keeps who took it, whatever name another laptop sends with it. */
  {
    g_autofree char *forged = review_change ("r7", uid, f->own_commune, "corrected", last + 10);
    g_auto(GStrv) parts = g_strsplit (forged, "\"Chị Lan\"", 2);
    g_autofree char *other_name = g_strjoinv ("\"user-0\"", parts);
    g_autofree char *by = g_strdup_printf ("SELECT count(*) FROM review_items WHERE uid = '%s' AND decided_by = '%s'",
                                           uid, "user-1");

    answer = push_as (f, ADMIN, other_name);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "rejected")), ==, 0);
    g_clear_pointer (&answer, json_node_unref);
    g_assert_cmpint (count_rows (f->db, by), ==, 1);
  }

  /* A district may not take another district's review row by its uid. */
  answer = push_as (f, SECRETARY, other);
  taken = review_change ("r3", foreign, f->own_commune, NULL,
                         json_object_get_int_member (json_node_get_object (answer), "last"));
  g_clear_pointer (&answer, json_node_unref);
  answer = push_as (f, DISTRICT, taken);
  assert_rejected (answer, "r3", 403, f->district);
  g_clear_pointer (&answer, json_node_unref);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM review_items WHERE uid = '%s' AND unit_code = '%s' "
                         "AND decision IS NULL", foreign, f->other_commune);
  g_assert_cmpint (count_rows (f->db, sql), ==, 1);

  /* "superseded" is no decision a secretary sends (a newer value on its laptop makes it). */
  {
    g_autofree char *corrected = review_change ("r6", foreign, f->other_commune, "corrected", last + 20);
    g_auto(GStrv) parts = g_strsplit (corrected, "\"corrected\"", 2);
    g_autofree char *superseded = g_strjoinv ("\"superseded\"", parts);

    answer = push_as (f, SECRETARY, superseded);
    assert_rejected (answer, "r6", 403, "review_items");
    g_clear_pointer (&answer, json_node_unref);
    g_assert_cmpint (count_rows (f->db, sql), ==, 1);
  }
}

int
main (int argc, char **argv)
{
  gb_test_daemon_init (&argc, &argv);
  g_test_add_func ("/daemon/seed", test_seed);
  g_test_add_func ("/daemon/tls", test_tls);
  g_test_add ("/daemon/roles", GbTestDaemon, NULL, gb_test_daemon_set_up, test_roles, gb_test_daemon_tear_down);
  g_test_add ("/daemon/me", GbTestDaemon, NULL, gb_test_daemon_set_up, test_me, gb_test_daemon_tear_down);
  g_test_add ("/daemon/district-bounds", GbTestDaemon, NULL, gb_test_daemon_set_up, test_district_bounds, gb_test_daemon_tear_down);
  g_test_add ("/daemon/report-csv", GbTestDaemon, NULL, gb_test_daemon_set_up, test_report_csv, gb_test_daemon_tear_down);
  g_test_add ("/daemon/limits", GbTestDaemon, NULL, gb_test_daemon_set_up, test_limits, gb_test_daemon_tear_down);
  g_test_add ("/daemon/big-push", GbTestDaemon, NULL, gb_test_daemon_set_up, test_big_push, gb_test_daemon_tear_down);
  g_test_add ("/daemon/gzip-pages", GbTestDaemon, NULL, gb_test_daemon_set_up, test_gzip_pages, gb_test_daemon_tear_down);
  g_test_add ("/daemon/review-decided", GbTestDaemon, NULL, gb_test_daemon_set_up, test_review_decided,
              gb_test_daemon_tear_down);
  g_test_add ("/daemon/feed-and-push", GbTestDaemon, NULL, gb_test_daemon_set_up, test_feed_and_push, gb_test_daemon_tear_down);
  return g_test_run ();
}
