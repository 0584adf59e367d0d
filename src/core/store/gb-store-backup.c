/* gb-store-backup.c — back up the database to a file, restore it from one
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both go through SQLite's online backup API, page by page under SQLite's own locks: a backup
 * taken while the app or a sync writes is a consistent database, and the WAL is included. A
 * restore checks the file first (a database, intact, of this program, not newer than it) and
 * keeps the current database beside it before replacing its contents.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gb-store-backup.h"
#include "gb-store-private.h"

/* Tables every Giao Ban database has had since its first version. */
static const char *const required_tables[] = { "meta", "units", "case_reports", "vaccinations", "documents", "items", NULL };

static gboolean
copy_database (sqlite3     *from,
               sqlite3     *to,
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
  /* Busy or locked: the writer finishes within the busy timeout, then the copy goes on. */
  do
    {
      rc = sqlite3_backup_step (backup, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (20);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, "%s: %s", what, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/* Copies the open database to a new file at @path, atomically: a part file beside it, renamed. */
static gboolean
backup_to (sqlite3     *db,
           const char  *path,
           GError     **error)
{
  g_autofree char *part = g_strdup_printf ("%s.part-%08x", path, g_random_int ());
  g_autofree char *what = g_strdup_printf ("Could not write %s", path);
  sqlite3 *out = NULL;
  gboolean ok;
  int rc;

  rc = sqlite3_open_v2 (part, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  ok = rc == SQLITE_OK && copy_database (db, out, what, error);
  if (rc != SQLITE_OK)
    g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, "%s: %s", what, sqlite3_errstr (rc));
  /* A backup is one file: no WAL beside it. */
  if (ok && sqlite3_exec (out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    ok = FALSE, g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, "%s: %s", what, sqlite3_errmsg (out));
  sqlite3_close (out);
  if (ok && g_rename (part, path) != 0)
    {
      int saved = errno;

      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, "%s: %s", what, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (part);
  return ok;
}

/**
 * gb_store_backup:
 * @path: the backup file to write (replaced if it exists)
 *
 * Writes a copy of the whole database to @path while it stays in use.
 */
gboolean
gb_store_backup (GbStore     *self,
                 const char  *path,
                 GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_strcmp0 (path, gb_store_get_path (self)) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "Could not write %s: it is the database itself", path);
      return FALSE;
    }
  return backup_to (gb_store_get_db (self), path, error);
}

static gboolean
check_open (sqlite3     *db,
            const char  *path,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *verdict = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA, "%s is not a database: %s", path, sqlite3_errmsg (db));
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    verdict = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (g_strcmp0 (verdict, "ok") != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA, "%s is damaged: %s", path,
                   verdict ? verdict : sqlite3_errmsg (db));
      return FALSE;
    }
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version > gb_store_latest_version ())
    {
      g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA, "%s has schema version %d, newer than this program's %d: "
                   "update Giao Ban to restore it", path, version, gb_store_latest_version ());
      return FALSE;
    }
  for (guint i = 0; required_tables[i] != NULL; i++)
    {
      gboolean found;

      sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1", -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, required_tables[i], -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_finalize (stmt);
      if (!found || version < 1)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA, "%s is not a Giao Ban database (it has no table %s)",
                       path, required_tables[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * gb_store_check_backup:
 *
 * Whether @path can be restored: an SQLite database that passes its integrity check, with the
 * tables of Giao Ban's schema and a schema version this program knows.
 */
gboolean
gb_store_check_backup (const char  *path,
                       GError     **error)
{
  sqlite3 *db = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, "%s: no such file", path);
      return FALSE;
    }
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA, "%s is not a database: %s", path,
                   db ? sqlite3_errmsg (db) : "cannot open it");
      sqlite3_close (db);
      return FALSE;
    }
  ok = check_open (db, path, error);
  sqlite3_close (db);
  return ok;
}

/**
 * gb_store_restore:
 * @path: a backup made by gb_store_backup() (or any Giao Ban database)
 * @kept: (out) (optional): where the database as it was before is kept
 *
 * Checks @path, keeps a copy of the current database beside it ("….before-restore-DATE"),
 * replaces the database's contents with @path's and brings its schema up to date. The database
 * is unchanged when the check or the copy fails.
 */
gboolean
gb_store_restore (GbStore     *self,
                  const char  *path,
                  char       **kept,
                  GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *copy = NULL;
  g_autofree char *what = g_strdup_printf ("Could not restore %s", path);
  sqlite3 *from = NULL;
  gboolean ok;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->depth > 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, "%s: the database is in the middle of a change", what);
      return FALSE;
    }
  if (!gb_store_check_backup (path, error))
    return FALSE;
  copy = g_strdup_printf ("%s.before-restore-%s", self->path, stamp);
  if (strcmp (self->path, ":memory:") != 0 && !backup_to (self->db, copy, error))
    return FALSE;
  if (sqlite3_open_v2 (path, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, "%s: %s", what, sqlite3_errmsg (from));
      sqlite3_close (from);
      return FALSE;
    }
  ok = copy_database (from, self->db, what, error);
  sqlite3_close (from);
  if (!ok)
    return FALSE;
  /* The statements cached for the old contents prepare themselves again on their next use. */
  if (!gb_store_exec (self, "PRAGMA journal_mode = WAL", error) || !gb_store_migrate (self, G_MAXINT, error))
    return FALSE;
  if (kept != NULL)
    *kept = g_steal_pointer (&copy);
  return TRUE;
}
