/* test-daemon-hostile.c — hostile requests to every endpoint of the real giaoband: each gets
 * a clear 4xx answer, the database stays exactly as it was, and the daemon keeps serving
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "gb-test-daemon.h"
#include "gb-test-util.h"

typedef struct
{
  const char *name;
  const char *method;
  const char *path;
  int         who;
  const char *body;       /* NULL: none; "%s" is replaced by the district's own commune */
  guint       status;     /* the answer expected */
  const char *says;       /* part of its error message, or NULL */
} Hostile;

static const char * const daemon_args[] = { "--max-body-mib", "1", NULL };

#define PUSH(changes) "{\"client_id\":\"h\",\"changes\":[" changes "]}"
#define MEETING(subject) "{\"id\":\"h1\",\"table\":\"meetings\",\"op\":\"upsert\",\"key\":{\"uid\":\"m-h\"}," \
  "\"row\":{\"date\":\"2022-01-05\",\"subject\":" subject ",\"chair\":null,\"participants\":null," \
  "\"reported_units\":null,\"created_at\":\"x\",\"updated_at\":\"x\"},\"base_seq\":0}"

static const Hostile cases[] = {
  /* malformed */
  { "push: cut short", "POST", "/api/v1/push", SECRETARY, "{\"client_id\":", 400, "ends inside" },
  { "push: trailing text", "POST", "/api/v1/push", SECRETARY, PUSH ("") " x", 400, "after the end" },
  { "push: two values", "POST", "/api/v1/push", SECRETARY, PUSH ("") PUSH (""), 400, "after the end" },
  { "push: trailing comma", "POST", "/api/v1/push", SECRETARY, PUSH (MEETING ("\"a\"") ","), 400, "expected a value" },
  { "push: empty", "POST", "/api/v1/push", SECRETARY, "", 400, "empty" },
  { "push: spaces only", "POST", "/api/v1/push", SECRETARY, "  \n ", 400, "empty" },
  { "users: not JSON", "POST", "/api/v1/users", ADMIN, "name=x&role=admin", 400, "not valid JSON" },
  { "reports: JSON cut short", "POST", "/api/v1/reports", ADMIN, "[{\"unit_code\":", 400, "ends inside" },
  /* comments and single quotes, which json-glib would take */
  { "push: comment", "POST", "/api/v1/push", SECRETARY, "/* \" */ " PUSH (""), 400, "comments" },
  { "push: line comment", "POST", "/api/v1/push", SECRETARY, PUSH ("") " // x", 400, "after the end" },
  { "users: single quotes", "POST", "/api/v1/users", ADMIN, "{'name':'x','role':'admin'}", 400, "single quotes" },
  { "reports: comment", "POST", "/api/v1/reports", ADMIN, "[/* */ {\"unit_code\":\"1\"}]", 400, "comments" },
  /* surrogates and NUL */
  { "users: NUL escape", "POST", "/api/v1/users", ADMIN, "{\"name\":\"a\\u0000\",\"role\":\"admin\"}", 400, "NUL" },
  { "push: bad escape", "POST", "/api/v1/push", SECRETARY, PUSH (MEETING ("\"\\x41\"")), 400, "escape" },
  { "push: raw control character", "POST", "/api/v1/push", SECRETARY, PUSH (MEETING ("\"a\tb\"")), 400, "control" },
  { "push: not UTF-8", "POST", "/api/v1/push", SECRETARY, PUSH (MEETING ("\"\xc3\x28\"")), 400, "UTF-8" },
  /* wrong types */
  { "push: an array", "POST", "/api/v1/push", SECRETARY, "[]", 422, NULL },
  { "push: changes not an array", "POST", "/api/v1/push", SECRETARY, "{\"client_id\":\"h\",\"changes\":{}}", 422, NULL },
  { "push: client_id a number", "POST", "/api/v1/push", SECRETARY, "{\"client_id\":5,\"changes\":[]}", 422, NULL },
  { "users: name a number", "POST", "/api/v1/users", ADMIN, "{\"name\":5,\"role\":\"viewer\"}", 422, NULL },
  { "users: an array", "POST", "/api/v1/users", ADMIN, "[\"x\",\"admin\"]", 422, NULL },
  { "users: no such role", "POST", "/api/v1/users", ADMIN, "{\"name\":\"x\",\"role\":\"king\"}", 422, "role" },
  { "users: empty name", "POST", "/api/v1/users", ADMIN, "{\"name\":\"\",\"role\":\"viewer\"}", 422, NULL },
  { "reports: a string", "POST", "/api/v1/reports", ADMIN, "\"cases\"", 422, NULL },
  /* out of range */
  { "reports: negative count", "POST", "/api/v1/reports", DISTRICT,
    "unit_code,date,community,quarantine\n%s,2022-02-01,-5,0\n", 422, NULL },
  { "reports: no such date", "POST", "/api/v1/reports", DISTRICT,
    "unit_code,date,community,quarantine\n%s,2022-02-31,5,0\n", 422, NULL },
  { "reports: no such kind", "POST", "/api/v1/reports?kind=deaths", DISTRICT,
    "unit_code,date,community,quarantine\n%s,2022-02-01,5,0\n", 400, "kind" },
  { "changes: negative since", "GET", "/api/v1/changes?since=-1", VIEWER, NULL, 400, "since" },
  { "changes: huge since", "GET", "/api/v1/changes?since=99999999999999999999", VIEWER, NULL, 400, "since" },
  { "changes: since not a number", "GET", "/api/v1/changes?since=1e3", VIEWER, NULL, 400, "since" },
  { "changes: limit 0", "GET", "/api/v1/changes?limit=0", VIEWER, NULL, 400, "limit" },
  { "changes: limit too large", "GET", "/api/v1/changes?limit=5001", VIEWER, NULL, 400, "limit" },
  { "changes: format", "GET", "/api/v1/changes?format=xml", VIEWER, NULL, 400, "format" },
  /* wrong methods and paths */
  { "push: GET", "GET", "/api/v1/push", SECRETARY, NULL, 405, NULL },
  { "changes: DELETE", "DELETE", "/api/v1/changes", ADMIN, NULL, 405, NULL },
  { "health: POST", "POST", "/api/v1/health", NONE, "{}", 405, NULL },
  { "traversal", "GET", "/api/v1/../../etc/passwd", ADMIN, NULL, 404, NULL },
  { "no such endpoint", "GET", "/api/v2/changes", ADMIN, NULL, 404, NULL },
};

static void
assert_error_answer (GbTestDaemon *f,
                     const char   *name,
                     guint         status,
                     guint         expected,
                     JsonNode     *answer,
                     const char   *says)
{
  const char *message;

  if (status != expected)
    g_error ("%s: answered %u, not %u", name, status, expected);
  g_assert_nonnull (answer);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
  message = json_object_get_string_member_with_default (json_node_get_object (answer), "error", NULL);
  g_assert_nonnull (message);
  if (says != NULL && strstr (message, says) == NULL)
    g_error ("%s: “%s” does not say “%s”", name, message, says);
}

static void
test_cases (GbTestDaemon  *f,
            gconstpointer  data)
{
  g_autofree char *before = gb_test_fingerprint (f->db);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *body = cases[i].body ? g_strdup_printf (cases[i].body, f->own_commune) : NULL;
      gsize len = body ? strlen (body) : 0;
      guint status;

      status = gb_test_daemon_request (f, cases[i].method, cases[i].path, cases[i].who, body, len, &answer);
      g_test_message ("%s: %u", cases[i].name, status);
      assert_error_answer (f, cases[i].name, status, cases[i].status, answer, cases[i].says);
    }
  after = gb_test_fingerprint (f->db);
  g_assert_cmpstr (before, ==, after);
}

/* Deep nesting (200,000 levels, behind a comment or not) used to end giaoband with SIGSEGV. */
static void
test_deep (GbTestDaemon  *f,
           gconstpointer  data)
{
  g_autofree char *before = gb_test_fingerprint (f->db);
  g_autofree char *after = NULL;
  static const struct { const char *path; int who; } targets[] = {
    { "/api/v1/push", SECRETARY }, { "/api/v1/users", ADMIN }, { "/api/v1/reports", ADMIN },
  };

  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    for (guint hidden = 0; hidden < 2; hidden++)
      {
        g_autoptr(GString) deep = g_string_new (hidden ? "/* \" */" : "");
        g_autoptr(JsonNode) answer = NULL;
        guint status;

        for (guint i = 0; i < 200000; i++)
          g_string_append_c (deep, '[');
        status = gb_test_daemon_request (f, "POST", targets[t].path, targets[t].who, deep->str, deep->len, &answer);
        /* A report that does not start as JSON is read as CSV. */
        if (hidden && strcmp (targets[t].path, "/api/v1/reports") == 0)
          assert_error_answer (f, targets[t].path, status, 422, answer, "unknown column");
        else
          assert_error_answer (f, targets[t].path, status, 400, answer, hidden ? "comments" : "deeper than 32");
      }
  /* Still serving. */
  g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/health", NONE, NULL, 0, NULL), ==, 200);
  after = gb_test_fingerprint (f->db);
  g_assert_cmpstr (before, ==, after);
}

#define CHANGE(id, uid, key, subject) "{\"id\":\"" id "\",\"table\":\"meetings\",\"op\":\"upsert\",\"key\":" key "," \
  "\"row\":{\"uid\":\"" uid "\",\"date\":\"2022-01-05\",\"subject\":" subject ",\"chair\":null," \
  "\"participants\":null,\"reported_units\":null,\"created_at\":\"x\",\"updated_at\":\"x\"},\"base_seq\":0}"

static gint64
count_meetings (GbTestDaemon *f,
                const char   *uid)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM meetings WHERE uid = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* A text json-glib would misread (a NUL cuts it, half a surrogate pair is no character), a
 * member given twice (json-glib keeps the last: another row than it seems) or a key the row
 * disagrees with refuses that change alone, 422 with where and why; the rest of the push is
 * applied (issue 17). It used to refuse the whole push with 400, or apply the change. */
static void
test_push_per_change (GbTestDaemon  *f,
                      gconstpointer  data)
{
  static const char push[] = PUSH (
    CHANGE ("p-good", "m-good", "{\"uid\":\"m-good\"}", "\"ok\"") ","
    CHANGE ("p-nul", "m-nul", "{\"uid\":\"m-nul\"}", "\"a\\u0000b\"") ","
    CHANGE ("p-high", "m-high", "{\"uid\":\"m-high\"}", "\"a\\ud800b\"") ","
    CHANGE ("p-low", "m-low", "{\"uid\":\"m-low\"}", "\"\\udc00\"") ","
    CHANGE ("p-twice", "m-twice", "{\"uid\":\"m-other\",\"uid\":\"m-twice\"}", "\"x\"") ","
    CHANGE ("p-disagree", "m-row", "{\"uid\":\"m-key\"}", "\"x\"") ","
    CHANGE ("p-good2", "m-good2", "{\"uid\":\"m-good2\"}", "\"ok\""));
  static const struct { const char *id; const char *says; } refused[] = {
    { "p-nul", "changes[1].row.subject: “\\u0000” (a NUL character)" },
    { "p-high", "changes[2].row.subject: “\\ud800” is half of a surrogate pair" },
    { "p-low", "changes[3].row.subject: “\\udc00” is half of a surrogate pair" },
    { "p-twice", "changes[4].key.uid: the member “uid” appears twice" },
    { "p-disagree", "is not the one its key names" },
  };
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *o;
  JsonArray *applied, *rejected;
  guint status;

  status = gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, push, strlen (push), &answer);
  if (status != 200)
    {
      g_autofree char *log = NULL;

      g_file_get_contents (f->log, &log, NULL, NULL);
      g_error ("push: %u %s\n%s", status, answer ? json_to_string (answer, FALSE) : "", log);
    }
  o = json_node_get_object (answer);
  applied = json_object_get_array_member (o, "applied");
  rejected = json_object_get_array_member (o, "rejected");
  g_assert_cmpuint (json_array_get_length (applied), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (applied, 0), ==, "p-good");
  g_assert_cmpstr (json_array_get_string_element (applied, 1), ==, "p-good2");
  g_assert_cmpuint (json_array_get_length (rejected), ==, G_N_ELEMENTS (refused));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      JsonObject *r = json_array_get_object_element (rejected, i);
      const char *message = json_object_get_string_member (r, "message");

      g_assert_cmpstr (json_object_get_string_member (r, "id"), ==, refused[i].id);
      g_assert_cmpint (json_object_get_int_member (r, "status"), ==, 422);
      if (strstr (message, refused[i].says) == NULL)
        g_error ("%s: “%s” does not say “%s”", refused[i].id, message, refused[i].says);
    }
  g_assert_cmpint (count_meetings (f, "m-good"), ==, 1);
  g_assert_cmpint (count_meetings (f, "m-good2"), ==, 1);
  g_assert_cmpint (count_meetings (f, "m-nul"), ==, 0);
  g_assert_cmpint (count_meetings (f, "m-twice"), ==, 0);
  g_assert_cmpint (count_meetings (f, "m-other"), ==, 0);
  g_assert_cmpint (count_meetings (f, "m-row") + count_meetings (f, "m-key"), ==, 0);

  /* A flaw outside a change's key and row (here its id) cannot be refused alone. */
  {
    static const char bad_id[] = PUSH (CHANGE ("p-\\u0000", "m-id", "{\"uid\":\"m-id\"}", "\"x\""));
    g_autoptr(JsonNode) whole = NULL;

    g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, bad_id, strlen (bad_id), &whole), ==, 400);
    g_assert_cmpint (count_meetings (f, "m-id"), ==, 0);
  }
}

/* A report is applied whole or not at all: a NUL or a member twice refuses it with 422,
 * naming where, and nothing is written. */
static void
test_report_flaws (GbTestDaemon  *f,
                   gconstpointer  data)
{
  g_autofree char *before = gb_test_fingerprint (f->db);
  g_autofree char *after = NULL;
  g_autofree char *nul = g_strdup_printf ("[{\"unit_code\":\"%s\",\"date\":\"2022-02-01\",\"community\":1},"
                                          "{\"unit_code\":\"%s\\u0000\",\"date\":\"2022-02-02\",\"community\":1}]",
                                          f->own_commune, f->own_commune);
  g_autofree char *twice = g_strdup_printf ("[{\"unit_code\":\"%s\",\"date\":\"2022-02-01\",\"community\":1,"
                                            "\"community\":7}]", f->own_commune);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/reports", DISTRICT, nul, strlen (nul), &answer), ==, 422);
  assert_error_answer (f, "report: NUL", 422, 422, answer, "[1].unit_code: “\\u0000”");
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/reports", DISTRICT, twice, strlen (twice), &answer), ==, 422);
  assert_error_answer (f, "report: twice", 422, 422, answer, "[0].community: the member “community” appears twice");
  after = gb_test_fingerprint (f->db);
  g_assert_cmpstr (before, ==, after);
}

/* Sends @len bytes of @body chunked (no Content-Length). */
static guint
send_chunked (GbTestDaemon *f,
              const char   *path,
              int           who,
              gsize         len,
              JsonNode    **answer)
{
  g_autofree char *uri = g_strdup_printf ("%s%s", f->url, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autofree char *data = g_malloc (len);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  memset (data, ' ', len);
  data[0] = '[';
  data[len - 1] = ']';
  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  stream = g_memory_input_stream_new_from_bytes (bytes);
  if (who < N_ROLES)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", f->tokens[who]);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_message_set_request_body (msg, "application/json", stream, -1);
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  *answer = NULL;
  if (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL))
    *answer = json_node_copy (json_parser_get_root (parser));
  return soup_message_get_status (msg);
}

static gint64
daemon_rss_kib (GbTestDaemon *f)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (f->process));
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

/* Oversized bodies, declared or chunked, with a token or without: refused, and not held. */
static void
test_oversized (GbTestDaemon  *f,
                gconstpointer  data)
{
  g_autofree char *before = gb_test_fingerprint (f->db);
  g_autofree char *after = NULL;
  gsize big = 2 * 1024 * 1024;
  g_autofree char *body = g_malloc0 (big + 1);
  g_autoptr(JsonNode) answer = NULL;
  gint64 rss;

  memset (body, ' ', big);
  body[0] = '{';
  body[big - 1] = '}';
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, body, big, &answer), ==, 413);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", NONE, body, big, &answer), ==, 401);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (send_chunked (f, "/api/v1/push", SECRETARY, big, &answer), ==, 413);
  assert_error_answer (f, "chunked", 413, 413, answer, "larger than");
  g_clear_pointer (&answer, json_node_unref);
  /* 4 × 64 MiB chunked without a token: read and dropped, never held. */
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpuint (send_chunked (f, "/api/v1/reports", NONE, 64 * 1024 * 1024, &answer), ==, 401);
      g_clear_pointer (&answer, json_node_unref);
    }
  g_assert_cmpuint (send_chunked (f, "/api/v1/push", SECRETARY, 64 * 1024 * 1024, &answer), ==, 413);
  g_clear_pointer (&answer, json_node_unref);
  rss = daemon_rss_kib (f);
  g_test_message ("giaoband RSS after 320 MiB of refused bodies: %" G_GINT64_FORMAT " KiB", rss);
  if (rss >= 0)
    g_assert_cmpint (rss, <, 150 * 1024);
  after = gb_test_fingerprint (f->db);
  g_assert_cmpstr (before, ==, after);
}

int
main (int argc, char **argv)
{
  gb_test_daemon_init (&argc, &argv);
  g_test_add ("/daemon-hostile/cases", GbTestDaemon, daemon_args, gb_test_daemon_set_up, test_cases,
              gb_test_daemon_tear_down);
  g_test_add ("/daemon-hostile/push-per-change", GbTestDaemon, daemon_args, gb_test_daemon_set_up,
              test_push_per_change, gb_test_daemon_tear_down);
  g_test_add ("/daemon-hostile/report-flaws", GbTestDaemon, daemon_args, gb_test_daemon_set_up,
              test_report_flaws, gb_test_daemon_tear_down);
  g_test_add ("/daemon-hostile/deep", GbTestDaemon, daemon_args, gb_test_daemon_set_up, test_deep,
              gb_test_daemon_tear_down);
  g_test_add ("/daemon-hostile/oversized", GbTestDaemon, daemon_args, gb_test_daemon_set_up, test_oversized,
              gb_test_daemon_tear_down);
  return g_test_run ();
}
