/* test-daemon-ops.c — running giaoband: users removed, tokens revoked and expiring, live and
 * ready, backups and restores
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "gb-test-daemon.h"
#include "gb-test-util.h"

/* giaoband user … on the fixture's database: its token (stdout), or "" */
static char *
user_command (GbTestDaemon *f,
              const char   *what,
              const char   *name,
              const char   *option,
              const char   *value,
              int           status)
{
  const char *args[] = { "user", what, name, "--database", f->db, option, value, NULL };

  return gb_test_daemon_run (args, status);
}

/* A request with @token (not one of the fixture's). */
static guint
with_token (GbTestDaemon *f,
            const char   *token,
            const char   *path,
            char        **error_message)
{
  g_autofree char *uri = g_strdup_printf ("%s%s", f->url, path);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (f->session, msg, NULL, NULL);
  g_assert_nonnull (body);
  if (error_message != NULL)
    {
      *error_message = NULL;
      if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        *error_message = g_strdup (json_object_get_string_member_with_default (
          json_node_get_object (json_parser_get_root (parser)), "error", NULL));
    }
  return soup_message_get_status (msg);
}

/* From the command line: a token that expires, one renewed, one revoked, a user removed. */
static void
test_tokens_cli (GbTestDaemon  *f,
                 gconstpointer  data)
{
  g_autofree char *first = user_command (f, "add", "lan", "--role", "viewer", 0);
  g_autofree char *second = NULL;
  g_autofree char *old = NULL;
  g_autofree char *expiring = NULL;
  g_autofree char *message = NULL;

  g_assert_cmpuint (with_token (f, first, "/api/v1/changes?limit=1", NULL), ==, 200);
  /* A new token replaces the old one. */
  second = user_command (f, "token", "lan", "--expires-days", "30", 0);
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpuint (with_token (f, first, "/api/v1/changes?limit=1", NULL), ==, 401);
  g_assert_cmpuint (with_token (f, second, "/api/v1/changes?limit=1", NULL), ==, 200);
  /* Revoked: refused at once; the user stays, and may get a new token. */
  g_free (user_command (f, "revoke", "lan", NULL, NULL, 0));
  g_assert_cmpuint (with_token (f, second, "/api/v1/changes?limit=1", NULL), ==, 401);
  old = user_command (f, "token", "lan", NULL, NULL, 0);
  g_assert_cmpuint (with_token (f, old, "/api/v1/changes?limit=1", NULL), ==, 200);
  /* Expired. */
  expiring = user_command (f, "add", "minh", "--role", "secretary", 0);
  g_free (user_command (f, "token", "minh", "--expires", "2020-01-01", 0));
  g_clear_pointer (&expiring, g_free);
  expiring = user_command (f, "token", "minh", "--expires", "2021-06-30T12:00:00+07:00", 0);
  g_assert_cmpuint (with_token (f, expiring, "/api/v1/changes?limit=1", &message), ==, 401);
  g_assert_nonnull (strstr (message, "expired at 2021-06-30T05:00:00"));
  /* Removed. */
  g_free (user_command (f, "remove", "lan", NULL, NULL, 0));
  g_assert_cmpuint (with_token (f, old, "/api/v1/changes?limit=1", NULL), ==, 401);
  /* Mistakes are refused and change nothing. */
  g_free (user_command (f, "remove", "nobody", NULL, NULL, 1));
  g_free (user_command (f, "token", "minh", "--expires", "soon", 2));
  g_free (user_command (f, "token", "minh", "--expires-days", "-3", 2));
}

/* Over HTTP: an admin adds a user whose token expires, revokes a token, removes a user. */
static void
test_users_http (GbTestDaemon  *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *token = NULL;
  const char *expires;

  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/users", ADMIN,
                                            "{\"name\":\"hoa\",\"role\":\"viewer\",\"expires_days\":7}", 0, &answer), ==, 201);
  token = g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
  expires = json_object_get_string_member (json_node_get_object (answer), "expires_at");
  g_assert_nonnull (expires);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (with_token (f, token, "/api/v1/changes?limit=1", NULL), ==, 200);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/users", ADMIN,
                                            "{\"name\":\"x\",\"role\":\"viewer\",\"expires_days\":0}", 0, NULL), ==, 422);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/users", ADMIN,
                                            "{\"name\":\"x\",\"role\":\"viewer\",\"expires_days\":\"7\"}", 0, NULL), ==, 422);

  /* Only an admin revokes or removes. */
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/users/revoke", SECRETARY, "{\"name\":\"hoa\"}", 0, NULL),
                    ==, 403);
  g_assert_cmpuint (gb_test_daemon_request (f, "DELETE", "/api/v1/users?name=hoa", VIEWER, NULL, 0, NULL), ==, 403);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/users/revoke", ADMIN, "{\"name\":\"hoa\"}", 0, &answer),
                    ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "revoked"), ==, "hoa");
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (with_token (f, token, "/api/v1/changes?limit=1", NULL), ==, 401);
  g_assert_cmpuint (gb_test_daemon_request (f, "DELETE", "/api/v1/users?name=hoa", ADMIN, NULL, 0, &answer), ==, 200);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (gb_test_daemon_request (f, "DELETE", "/api/v1/users?name=hoa", ADMIN, NULL, 0, NULL), ==, 404);
  g_assert_cmpuint (gb_test_daemon_request (f, "DELETE", "/api/v1/users", ADMIN, NULL, 0, NULL), ==, 422);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/users/revoke", ADMIN, "{\"name\":5}", 0, NULL), ==, 422);
  /* The secretary's token is removed with its user: the next request is refused. */
  g_assert_cmpuint (gb_test_daemon_request (f, "DELETE", "/api/v1/users?name=user-1", ADMIN, NULL, 0, NULL), ==, 200);
  g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/changes", SECRETARY, NULL, 0, NULL), ==, 401);
}

/* Live answers without the database; ready (and the old /health) through a worker. */
static void
test_health (GbTestDaemon  *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *o;

  g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/health/live", NONE, NULL, 0, &answer), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "status"), ==, "live");
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (gb_test_daemon_request (f, "GET", "/api/v1/health/ready", NONE, NULL, 0, &answer), ==, 200);
  o = json_node_get_object (answer);
  g_assert_true (json_object_get_boolean_member (o, "ready"));
  g_assert_cmpint (json_object_get_int_member (o, "last"), >, 0);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/health/live", NONE, "{}", 0, NULL), ==, 405);
}

static int
giaoband (const char *what,
          const char *file,
          const char *db,
          char      **err)
{
  const char *args[] = { what, file, "--database", db, NULL };

  return gb_test_daemon_run_full (args, NULL, err);
}

/* A backup taken while giaoband serves equals the database; a restore checks the file,
 * keeps the database as it was, and puts the copy back. */
static void
test_backup_restore (GbTestDaemon  *f,
                     gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->db);
  g_autofree char *copy = g_build_filename (dir, "backup.db", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *other = gb_test_temp_db ();
  g_autofree char *at_backup = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *err = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *unchanged = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  const char *push = "{\"client_id\":\"b\",\"changes\":[{\"id\":\"b1\",\"table\":\"meetings\",\"op\":\"upsert\","
                     "\"key\":{\"uid\":\"m-b\"},\"row\":{\"date\":\"2022-01-05\",\"subject\":\"after the backup\","
                     "\"chair\":null,\"participants\":null,\"reported_units\":null,\"created_at\":\"x\","
                     "\"updated_at\":\"x\"},\"base_seq\":0}]}";
  const char *mark;

  g_assert_cmpint (giaoband ("backup", copy, f->db, &err), ==, 0);
  at_backup = gb_test_fingerprint (f->db);
  copied = gb_test_fingerprint (copy);
  g_assert_cmpstr (copied, ==, at_backup);
  g_assert_false (g_file_test (copy_wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (gb_test_daemon_request (f, "POST", "/api/v1/push", SECRETARY, push, 0, NULL), ==, 200);
  changed = gb_test_fingerprint (f->db);
  g_assert_cmpstr (changed, !=, at_backup);
  /* A restore is made with giaoband stopped. */
  g_subprocess_send_signal (f->process, SIGTERM);
  g_subprocess_wait (f->process, NULL, NULL);

  /* Not a database, not a Giao Ban database, no file: refused, nothing changed. */
  g_assert_true (g_file_set_contents (junk, "not SQLite at all, just text", -1, NULL));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (giaoband ("restore", junk, f->db, &err), ==, 1);
  g_assert_nonnull (strstr (err, "is not a database"));
  g_clear_pointer (&err, g_free);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_cmpint (giaoband ("restore", other, f->db, &err), ==, 1);
  g_assert_nonnull (strstr (err, "not a Giao Ban database"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (giaoband ("restore", "/nonexistent/backup.db", f->db, &err), ==, 1);
  unchanged = gb_test_fingerprint (f->db);
  g_assert_cmpstr (unchanged, ==, changed);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (giaoband ("restore", copy, f->db, &err), ==, 0);
  restored = gb_test_fingerprint (f->db);
  g_assert_cmpstr (restored, ==, at_backup);
  mark = strstr (err, "is kept in ");
  g_assert_nonnull (mark);
  keep = g_strndup (mark + strlen ("is kept in "), strcspn (mark + strlen ("is kept in "), "\n") - 1);
  kept = gb_test_fingerprint (keep);
  g_assert_cmpstr (kept, ==, changed);
}

int
main (int argc, char **argv)
{
  gb_test_daemon_init (&argc, &argv);
  g_test_add ("/daemon-ops/tokens-cli", GbTestDaemon, NULL, gb_test_daemon_set_up, test_tokens_cli,
              gb_test_daemon_tear_down);
  g_test_add ("/daemon-ops/users-http", GbTestDaemon, NULL, gb_test_daemon_set_up, test_users_http,
              gb_test_daemon_tear_down);
  g_test_add ("/daemon-ops/health", GbTestDaemon, NULL, gb_test_daemon_set_up, test_health, gb_test_daemon_tear_down);
  g_test_add ("/daemon-ops/backup-restore", GbTestDaemon, NULL, gb_test_daemon_set_up, test_backup_restore,
              gb_test_daemon_tear_down);
  return g_test_run ();
}
