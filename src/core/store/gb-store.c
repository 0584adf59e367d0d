/* gb-store.c — opening, migrating and transacting on the local database
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "gb-store-private.h"

G_DEFINE_FINAL_TYPE (GbStore, gb_store, G_TYPE_OBJECT)

#define MIGRATIONS_PATH "/vn/giaoban/core/migrations"

void
gb_table_count_free (GbTableCount *count)
{
  if (count == NULL)
    return;
  g_free (count->name);
  g_free (count);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
gb_store_finalize (GObject *object)
{
  GbStore *self = GB_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->as_of, g_free);

  G_OBJECT_CLASS (gb_store_parent_class)->finalize (object);
}

static void
gb_store_class_init (GbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gb_store_finalize;
}

static void
gb_store_init (GbStore *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_statement);
}

gboolean
gb_store_set_error (GbStore     *self,
                    GError     **error,
                    const char  *what)
{
  g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3 *
gb_store_get_db (GbStore *self)
{
  return self->db;
}

gboolean
gb_store_exec (GbStore     *self,
               const char  *sql,
               GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, "%s", msg ? msg : sqlite3_errmsg (self->db));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
gb_store_prepare (GbStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, _("Could not prepare a query: %s"),
                   sqlite3_errmsg (self->db));
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
gb_store_bind_count (sqlite3_stmt *stmt,
                     int           index,
                     gint64        value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

gint64
gb_store_column_count (sqlite3_stmt *stmt,
                       int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return -1;
  return sqlite3_column_int64 (stmt, index);
}

void
gb_store_bind_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
gb_store_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

char *
gb_store_new_uid (void)
{
  return g_uuid_string_random ();
}

/* Migrations are SQL files in the core's resources, named NNNN-what.sql. Gaps are allowed. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_migrations (void)
{
  g_autoptr(GPtrArray) list = NULL;
  g_auto(GStrv) names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, NULL);

  list = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".sql") && g_ascii_isdigit (names[i][0]))
      g_ptr_array_add (list, g_strdup (names[i]));
  g_ptr_array_sort (list, compare_names);
  return g_steal_pointer (&list);
}

int
gb_store_latest_version (void)
{
  g_autoptr(GPtrArray) list = sorted_migrations ();

  if (list->len == 0)
    return 0;
  return atoi (g_ptr_array_index (list, list->len - 1));
}

int
gb_store_get_schema_version (GbStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  g_return_val_if_fail (GB_IS_STORE (self), -1);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static GBytes *
migration_sql (const char  *name,
               GError     **error)
{
  g_autofree char *rpath = g_build_path ("/", MIGRATIONS_PATH, name, NULL);

  return g_resources_lookup_data (rpath, 0, error);
}

static gboolean
table_exists (GbStore    *self,
              const char *table)
{
  sqlite3_stmt *stmt = NULL;
  gboolean exists = FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return exists;
}

/* A database from before migrations were recorded one by one only has user_version. A
 * migration at or below it counts as applied when the first table it creates is there: one
 * that landed with a lower number after the database was made is applied now instead of
 * being skipped. */
static gboolean
record_legacy_migrations (GbStore    *self,
                          GPtrArray  *list,
                          int         current,
                          GError    **error)
{
  g_autoptr(GRegex) create = g_regex_new ("CREATE\\s+(?:VIRTUAL\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)",
                                          G_REGEX_CASELESS, 0, NULL);

  for (guint i = 0; i < list->len; i++)
    {
      const char *name = g_ptr_array_index (list, i);
      int version = atoi (name);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *insert = NULL;
      gboolean applied = TRUE;

      if (version > current)
        continue;
      if ((bytes = migration_sql (name, error)) == NULL)
        return FALSE;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (g_regex_match (create, sql, 0, &match))
        {
          g_autofree char *table = g_match_info_fetch (match, 1);
          applied = table_exists (self, table);
        }
      if (!applied)
        continue;
      insert = g_strdup_printf ("INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) "
                                "VALUES (%d, '%s', 'before 2026-11-23');", version, name);
      if (!gb_store_exec (self, insert, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
migration_applied (GbStore *self,
                   int      version)
{
  sqlite3_stmt *stmt = NULL;
  gboolean applied = FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM schema_migrations WHERE version = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, version);
      applied = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return applied;
}

/**
 * gb_store_migrate:
 * @target: the schema version to reach; each step runs in its own transaction
 *
 * Applies every migration up to @target that the database has not had, in order, each with
 * its record in schema_migrations in one transaction. A failed step leaves the database as it
 * was before that step. user_version is the highest version applied.
 */
gboolean
gb_store_migrate (GbStore  *self,
                  int       target,
                  GError  **error)
{
  g_autoptr(GPtrArray) list = sorted_migrations ();
  int current = gb_store_get_schema_version (self);

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  if (current > gb_store_latest_version ())
    {
      g_set_error (error, GB_ERROR, GB_ERROR_SCHEMA,
                   "The database %s has schema version %d, newer than this program knows (%d); "
                   "update Giao Ban to open it", self->path, current, gb_store_latest_version ());
      return FALSE;
    }

  if (!table_exists (self, "schema_migrations"))
    {
      if (!gb_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!gb_store_exec (self, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                                "name TEXT NOT NULL, applied_at TEXT NOT NULL);", error) ||
          !record_legacy_migrations (self, list, current, error))
        {
          gb_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!gb_store_exec (self, "COMMIT", error))
        return FALSE;
    }

  for (guint i = 0; i < list->len; i++)
    {
      const char *name = g_ptr_array_index (list, i);
      int version = atoi (name);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *record = NULL;
      g_autofree char *now = NULL;

      if (version > target || migration_applied (self, version))
        continue;

      if ((bytes = migration_sql (name, error)) == NULL)
        return FALSE;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      now = gb_store_now_iso ();
      record = g_strdup_printf ("INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, '%s', '%s'); "
                                "PRAGMA user_version = %d;", version, name, now, MAX (version, current));

      if (!gb_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!gb_store_exec (self, sql, error) || !gb_store_exec (self, record, error))
        {
          g_prefix_error (error, "Migration %s failed: ", name);
          gb_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!gb_store_exec (self, "COMMIT", error))
        return FALSE;
      current = MAX (version, current);
    }

  return TRUE;
}

/* Once per process, before SQLite first initialises: no memory statistics, which would take
 * one process-wide mutex on every allocation of every connection (the daemon, the sync
 * client's threads and the app all allocate at once). When something else in the process
 * initialised SQLite first, the call is refused and SQLite keeps its defaults. */
void
gb_store_configure_sqlite (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&done, 1);
    }
}

static GbStore *
open_internal (const char  *path,
               int          version,
               GError     **error)
{
  g_autoptr(GbStore) self = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  gb_store_configure_sqlite ();
  self = g_object_new (GB_TYPE_STORE, NULL);

  self->path = g_strdup (path);

  if (strcmp (path, ":memory:") != 0)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, _("Could not create the folder %s: %s"),
                       dir, g_strerror (saved));
          return NULL;
        }
    }

  rc = sqlite3_open_v2 (path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, _("Could not open the database %s: %s"),
                   path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* A file that is not a database fails here, on the first read.
   *
   * The WAL is checkpointed once it holds 8192 pages (32 MiB) rather than SQLite's 1000. Sync
   * writes nearly all of it, and applying a page of reports touches nearly every leaf of the
   * report tables: with 1000, nearly every applied page was followed by a checkpoint copying
   * those same pages into the database again. Now a checkpoint comes every few pages of a
   * first sync or every day or two of deltas, copies each page once for all the changes it
   * gathered, and falls in the sync thread (the one that fills the WAL), not on an edit made
   * in the window. */
  if (!gb_store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
                            "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 8192;", error))
    {
      g_prefix_error (error, "Could not open the database %s: ", path);
      return NULL;
    }

  if (!gb_store_migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * gb_store_open:
 * @path: a file path, or ":memory:"
 *
 * Opens (creating if needed) the database at @path in WAL mode with foreign keys on, and
 * brings its schema to the latest version.
 */
GbStore *
gb_store_open (const char  *path,
               GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_internal (path, G_MAXINT, error);
}

/**
 * gb_store_open_at_version:
 *
 * Like gb_store_open() but stops migrating at @version; for tests of upgrades.
 */
GbStore *
gb_store_open_at_version (const char  *path,
                          int          version,
                          GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_internal (path, version, error);
}

const char *
gb_store_get_path (GbStore *self)
{
  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  return self->path;
}

/**
 * gb_store_default_path:
 *
 * Returns: `$XDG_DATA_HOME/giaoban/giaoban.db`
 */
char *
gb_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "giaoban", "giaoban.db", NULL);
}

/**
 * gb_store_resolve_path:
 * @cli_path: (nullable): the path given with `--database`
 *
 * The database to use: the command line, then `GIAOBAN_DB`, then the default path.
 */
char *
gb_store_resolve_path (const char *cli_path)
{
  const char *env;

  if (cli_path != NULL && *cli_path != '\0')
    return g_strdup (cli_path);
  env = g_getenv ("GIAOBAN_DB");
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return gb_store_default_path ();
}

/**
 * gb_store_begin:
 *
 * Starts a transaction, or a savepoint inside one, so imports can nest.
 */
gboolean
gb_store_begin (GbStore  *self,
                GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  if (!gb_store_exec (self, self->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT nested", error))
    return FALSE;
  self->depth++;
  return TRUE;
}

gboolean
gb_store_commit (GbStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (!gb_store_exec (self, self->depth == 1 ? "COMMIT" : "RELEASE nested", error))
    {
      gb_store_rollback (self);
      return FALSE;
    }
  self->depth--;
  return TRUE;
}

void
gb_store_rollback (GbStore *self)
{
  g_return_if_fail (GB_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  if (self->depth == 1)
    gb_store_exec (self, "ROLLBACK", NULL);
  else
    gb_store_exec (self, "ROLLBACK TO nested; RELEASE nested", NULL);
  self->depth--;
}

/**
 * gb_store_table_counts:
 *
 * Returns: (transfer full) (element-type GbTableCount): row counts of every table of the schema
 */
GPtrArray *
gb_store_table_counts (GbStore  *self,
                       GError  **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_table_count_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  /* Shadow tables of virtual tables (FTS, R*Tree) are implementation details: skip them. */
  stmt = gb_store_prepare (self,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' "
                           "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                           "AND name NOT IN (SELECT name || suffix FROM sqlite_schema, "
                           "(SELECT '_node' AS suffix UNION ALL SELECT '_parent' UNION ALL SELECT '_rowid' "
                           "UNION ALL SELECT '_data' UNION ALL SELECT '_idx' UNION ALL SELECT '_content' "
                           "UNION ALL SELECT '_docsize' UNION ALL SELECT '_config') "
                           "WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%') "
                           "ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, gb_store_column_dup (stmt, 0));
  if (!gb_store_rows_done (self, stmt, rc, "Could not list the tables", error))
    return NULL;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      /* Table names come from sqlite_schema, not from the user; quoting keeps odd names safe. */
      char *sql = sqlite3_mprintf ("SELECT count(*) FROM \"%w\"", name);
      sqlite3_stmt *count_stmt = NULL;
      GbTableCount *count;

      int rc = sqlite3_prepare_v2 (self->db, sql, -1, &count_stmt, NULL);

      sqlite3_free (sql);
      if (rc != SQLITE_OK)
        {
          gb_store_set_error (self, error, "Could not count rows");
          sqlite3_finalize (count_stmt);
          return NULL;
        }
      count = g_new0 (GbTableCount, 1);
      count->name = g_strdup (name);
      if (sqlite3_step (count_stmt) == SQLITE_ROW)
        count->rows = sqlite3_column_int64 (count_stmt, 0);
      sqlite3_finalize (count_stmt);
      g_ptr_array_add (result, count);
    }

  return g_steal_pointer (&result);
}

/**
 * gb_store_is_empty:
 *
 * Returns: %TRUE when the database holds no administrative units yet (a fresh file)
 */
gboolean
gb_store_is_empty (GbStore *self)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT EXISTS (SELECT 1 FROM units)", NULL);
  gboolean empty = TRUE;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    empty = sqlite3_column_int (stmt, 0) == 0;
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return empty;
}

/**
 * gb_store_get_change_stamp:
 *
 * A number that differs after any change to the database, made through this store or by
 * another connection (giaoban-cli, the daemon, another window). Views that list stored data
 * compare it to follow the data; only equality means anything.
 *
 * Returns: the current stamp
 */
guint64
gb_store_get_change_stamp (GbStore *self)
{
  sqlite3_stmt *stmt;
  guint64 version = 0;

  g_return_val_if_fail (GB_IS_STORE (self), 0);

  /* data_version moves when another connection commits; total_changes when this one writes. */
  stmt = gb_store_prepare (self, "PRAGMA data_version", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = (guint64) sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return (version << 32) ^ (guint64) sqlite3_total_changes64 (self->db);
}

char *
gb_store_get_meta (GbStore    *self,
                   const char *key)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  char *value = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
gb_store_set_meta (GbStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                         error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, key);
  gb_store_bind_text (stmt, 2, value);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return gb_store_set_error (self, error, "Could not save a setting");
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * gb_store_step_done:
 * @what: what failed, for the message ("Could not save the item")
 *
 * Runs a write statement (an INSERT … RETURNING may give its row) and resets it.
 *
 * Returns: %FALSE with @error set, saying @what and SQLite's reason, when the step failed
 */
gboolean
gb_store_step_done (GbStore      *self,
                    sqlite3_stmt *stmt,
                    const char   *what,
                    GError      **error)
{
  int rc;

  g_assert (stmt != NULL);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      /* The message first: a reset may replace SQLite's reason. */
      gb_store_set_error (self, error, what);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * gb_store_column_dup:
 *
 * Returns: (transfer full) (nullable): a copy of the column's text, %NULL for SQL NULL
 */
char *
gb_store_column_dup (sqlite3_stmt *stmt,
                     int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/**
 * gb_store_rows_done:
 * @rc: what the last sqlite3_step() of a row loop returned
 *
 * Ends a row loop (`while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)`): resets the statement
 * and says whether the loop ended because the rows did, or because a step failed.
 *
 * Returns: %FALSE with @error set when the loop stopped on an error
 */
gboolean
gb_store_rows_done (GbStore      *self,
                    sqlite3_stmt *stmt,
                    int           rc,
                    const char   *what,
                    GError      **error)
{
  gboolean ok = TRUE;

  if (rc != SQLITE_DONE)
    ok = gb_store_set_error (self, error, what);
  sqlite3_reset (stmt);
  return ok;
}
