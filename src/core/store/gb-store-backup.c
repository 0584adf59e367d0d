/* gb-store-backup.c — a consistent copy of a live database, and putting one back
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both go through SQLite's online backup API: a copy taken while giaoband writes is one
 * consistent snapshot (copying the file could catch half a transaction, and misses the WAL).
 */
#define G_LOG_DOMAIN "gb-store-backup"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "gb-store-backup.h"
#include "gb-store-private.h"

/* Copies every page of @from's main database into @to's, in one step. */
static gboolean
copy_database (sqlite3     *to,
               sqlite3     *from,
               const char  *what,
               GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, "%s: %s", what, sqlite3_errmsg (to));
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, "%s: %s", what, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_store_backup:
 *
 * Writes a consistent copy of the database to @path (through a temporary file beside it,
 * renamed at the end, so @path is whole or untouched), even while other connections write.
 */
gboolean
gb_store_backup (GbStore     *self,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *tmp = NULL;
  sqlite3 *dest = NULL;
  gboolean ok;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  tmp = g_strconcat (path, ".part", NULL);
  g_unlink (tmp);
  if (sqlite3_open_v2 (tmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, _("Could not write %s: %s"), path, sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }
  ok = copy_database (dest, self->db, path, error);
  /* A copy stands alone: no WAL beside it. */
  if (ok && sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    ok = gb_store_set_error (self, error, "Could not finish the copy");
  sqlite3_close (dest);
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Could not write %s: %s"), path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}

/* Whether @path is a sound Giao Ban database this program can open. */
static gboolean
check_copy (sqlite3     *db,
            const char  *path,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *verdict = NULL;
  int version = -1, users = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    verdict = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (g_strcmp0 (verdict, "ok") != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA, _("%s is not a sound SQLite database: %s"), path,
                   verdict ? verdict : sqlite3_errmsg (db));
      return FALSE;
    }
  if (sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version), "
                          "(SELECT count(*) FROM sqlite_schema WHERE name = 'daemon_users')", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    {
      version = sqlite3_column_int (stmt, 0);
      users = sqlite3_column_int (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (users != 1 || version < 1)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA, _("%s is not a Giao Ban database"), path);
      return FALSE;
    }
  if (version > gb_store_latest_version ())
    {
      g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA, _("%s has schema version %d, newer than this program knows (%d)"),
                   path, version, gb_store_latest_version ());
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_store_restore:
 * @path: a copy made by gb_store_backup()
 * @keep_path: where the current database is copied first
 *
 * Checks that @path is a sound Giao Ban database, copies the current database to
 * @keep_path, then replaces the database's content with @path's and brings its schema up
 * to date. Nothing is replaced when a step before the last fails.
 */
gboolean
gb_store_restore (GbStore     *self,
                  const char  *path,
                  const char  *keep_path,
                  GError     **error)
{
  sqlite3 *src = NULL;
  g_autofree char *uri = NULL;
  gboolean ok;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL && keep_path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("%s is not a file"), path);
      return FALSE;
    }
  if (sqlite3_open_v2 (path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA, _("%s is not a sound SQLite database: %s"), path,
                   sqlite3_errmsg (src));
      sqlite3_close (src);
      return FALSE;
    }
  ok = check_copy (src, path, error) && gb_store_backup (self, keep_path, error)
       && copy_database (self->db, src, path, error);
  sqlite3_close (src);
  return ok && gb_store_migrate (self, gb_store_latest_version (), error);
}
