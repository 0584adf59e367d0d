/* gb-test-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gb-test-util.h"

void
gb_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          gb_test_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* Every temporary folder of a test process lives under one root, removed when the process
 * exits normally: a failed test (abort) keeps its files to look at, and GB_TEST_KEEP_TMP keeps
 * them always. Before, each test left its folders in /tmp, thousands a run. */
static char *temp_root;
static pid_t temp_root_pid;

static void
remove_temp_root (void)
{
  if (temp_root != NULL && getpid () == temp_root_pid && g_getenv ("GB_TEST_KEEP_TMP") == NULL)
    gb_test_remove_tree (temp_root);
}

char *
gb_test_temp_dir (const char *template)
{
  char *path;

  g_return_val_if_fail (template != NULL && g_str_has_suffix (template, "XXXXXX"), NULL);
  if (temp_root == NULL)
    {
      temp_root = g_dir_make_tmp ("gb-test-XXXXXX", NULL);
      g_assert_nonnull (temp_root);
      temp_root_pid = getpid ();
      atexit (remove_temp_root);
    }
  path = g_build_filename (temp_root, template, NULL);
  g_assert_nonnull (g_mkdtemp (path));
  return path;
}

char *
gb_test_temp_db (void)
{
  g_autofree char *dir = gb_test_temp_dir ("db-XXXXXX");

  return g_build_filename (dir, "test.db", NULL);
}

char *
gb_test_fingerprint (const char *path)
{
  return gb_test_fingerprint_except (path, NULL);
}

char *
gb_test_fingerprint_except (const char         *path,
                            const char * const *skip)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (skip == NULL || !g_strv_contains (skip, (const char *) sqlite3_column_text (stmt, 0)))
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      char *sql = sqlite3_mprintf ("SELECT * FROM \"%w\" ORDER BY 1, 2", (const char *) g_ptr_array_index (tables, t));

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          /* Virtual tables with too few columns to order by two: order by one. */
          sqlite3_free (sql);
          sql = sqlite3_mprintf ("SELECT * FROM \"%w\" ORDER BY 1", (const char *) g_ptr_array_index (tables, t));
          g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
        }
      sqlite3_free (sql);
      g_checksum_update (sum, g_ptr_array_index (tables, t), -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const void *blob = sqlite3_column_blob (stmt, c);
            g_checksum_update (sum, (const guchar *) "|", 1);
            if (blob != NULL)
              g_checksum_update (sum, blob, sqlite3_column_bytes (stmt, c));
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_strdup (g_checksum_get_string (sum));
}

char *
gb_test_shared_data (const char *relative)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *path = g_build_filename (srcdir ? srcdir : ".", "..", "..", "shared", "data", relative, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return g_steal_pointer (&path);
}

char *
gb_test_write_temp (const char *name,
                    const char *contents,
                    gssize      len)
{
  g_autofree char *dir = gb_test_temp_dir ("file-XXXXXX");
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}

static gboolean
soup_dispose_is_not_fatal (const char     *log_domain,
                           GLogLevelFlags  log_level,
                           const char     *message,
                           gpointer        user_data)
{
  if (g_strcmp0 (log_domain, "libsoup") == 0 && message != NULL &&
      strstr (message, "soup_session_dispose") != NULL)
    return FALSE;
  return TRUE;
}

void
gb_test_tolerate_soup_dispose (void)
{
  /* The structured log writer does not ask the fatal handler about warnings, so warnings are
   * made non-fatal here; criticals stay fatal. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_test_log_set_fatal_handler (soup_dispose_is_not_fatal, NULL);
}

int
gb_test_run_cli (const char  *db,
                 char       **out,
                 char       **err,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("GIAOBAN_CLI");
  va_list args;
  const char *arg;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

GbStore *
gb_test_store_new (char **path)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  GbStore *store = gb_store_open (db, &error);

  g_assert_no_error (error);
  if (path != NULL)
    *path = g_steal_pointer (&db);
  return store;
}

void
gb_test_put_unit (GbStore     *store,
                  const char  *code,
                  GbUnitLevel  level,
                  const char  *parent,
                  gint64       pop)
{
  g_autoptr(GbUnit) u = gb_unit_new ();
  g_autoptr(GError) error = NULL;

  u->code = g_strdup (code);
  u->level = level;
  u->parent_code = g_strdup (parent);
  u->name = g_strdup_printf ("Xã %s", code);
  u->population = pop;
  u->pop_18 = pop * 7 / 10;
  u->pop_65 = pop / 10;
  g_assert_true (gb_store_put_unit (store, u, NULL, &error));
}

gboolean
gb_test_put_cases (GbStore     *store,
                   const char  *code,
                   const char  *date,
                   gint64       community,
                   gint64       quarantine,
                   GError     **error)
{
  GbCaseReport r;

  gb_case_report_init (&r);
  g_strlcpy (r.unit_code, code, sizeof r.unit_code);
  g_strlcpy (r.date, date, sizeof r.date);
  r.community = community;
  r.quarantine = quarantine;
  return gb_store_put_case_report (store, &r, error);
}

/* The first column of the first row of @sql on the database @db (read only), -1 for none. */
char *
gb_test_query_text (const char *db,
                    const char *sql)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (conn));
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return text;
}

gint64
gb_test_query_int (const char *db,
                   const char *sql)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (conn));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return v;
}
