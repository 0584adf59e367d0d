/* gb-store-pg.c — giaoband's database on PostgreSQL: the connection, its migrations, users,
 * tokens and the audit log
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `giaoband --database postgresql://…` serves the same API as on an SQLite file, and several
 * giaoband processes may share one database. Every statement is sent with its values bound
 * ($1 …), never written into the SQL. The schema's migrations are numbered files
 * (pg-migrations/, compiled in), each applied once in its own transaction and recorded in
 * schema_migrations; giaoband processes starting together take turns (an advisory lock).
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-pg-private.h"

#define MIGRATIONS "/vn/giaoban/daemon/pg-migrations"
#define MIGRATION_LOCK "7522051001"

static void
set_pg_error (GbStorePg   *pg,
              PGresult    *res,
              GError     **error)
{
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *message = res ? PQresultErrorMessage (res) : PQerrorMessage (pg->conn);
  g_autofree char *text = g_strstrip (g_strdup (message && *message ? message : PQerrorMessage (pg->conn)));

  /* 23505: a unique value taken already; 23xxx: a constraint the value breaks. */
  if (g_strcmp0 (state, "23505") == 0)
    g_set_error (error, GB_ERROR, GB_ERROR_DUPLICATE, "%s", text);
  else if (state != NULL && g_str_has_prefix (state, "23"))
    g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s", text);
  else
    g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, _("PostgreSQL: %s"), text);
}

static guint64 round_trips;  /* atomic */

void
gb_store_pg_count_round_trip (void)
{
  __atomic_add_fetch (&round_trips, 1, __ATOMIC_RELAXED);
}

guint64
gb_store_pg_round_trips (void)
{
  return __atomic_load_n (&round_trips, __ATOMIC_RELAXED);
}

PGresult *
gb_store_pg_run (GbStorePg          *pg,
                 const char         *sql,
                 int                 n,
                 const char * const *params,
                 GError            **error)
{
  PGresult *res;
  ExecStatusType status;

  /* The server restarted or the network broke: between transactions, connect again. */
  if (PQstatus (pg->conn) == CONNECTION_BAD && pg->depth == 0)
    PQreset (pg->conn);
  gb_store_pg_count_round_trip ();
  res = PQexecParams (pg->conn, sql, n, NULL, params, NULL, NULL, 0);
  status = PQresultStatus (res);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return res;
  set_pg_error (pg, res, error);
  PQclear (res);
  return NULL;
}

gboolean
gb_store_pg_do (GbStorePg          *pg,
                const char         *sql,
                int                 n,
                const char * const *params,
                GError            **error)
{
  PGresult *res = gb_store_pg_run (pg, sql, n, params, error);

  PQclear (res);
  return res != NULL;
}

gint64
gb_store_pg_int (GbStorePg          *pg,
                 const char         *sql,
                 int                 n,
                 const char * const *params,
                 gint64              fallback,
                 GError            **error)
{
  PGresult *res = gb_store_pg_run (pg, sql, n, params, error);
  gint64 value = fallback;

  if (res == NULL)
    return -1;
  if (PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    value = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return value;
}

char *
gb_store_pg_meta (GbStorePg  *pg,
                  const char *key)
{
  const char *params[] = { key };
  PGresult *res = gb_store_pg_run (pg, "SELECT value FROM gb_meta WHERE key = $1", 1, params, NULL);
  char *value = NULL;

  if (res != NULL && PQntuples (res) > 0)
    value = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return value;
}

/* A write: the feed lock is taken first, so writers of every giaoband follow one another. */
gboolean
gb_store_pg_begin (GbDaemonDb  *db,
                   GError     **error)
{
  GbStorePg *pg = GB_STORE_PG (db);
  const char *params[] = { GB_STORE_PG_FEED_LOCK };

  if (pg->depth > 0)
    {
      if (!gb_store_pg_do (pg, "SAVEPOINT nested", 0, NULL, error))
        return FALSE;
      pg->depth++;
      return TRUE;
    }
  if (!gb_store_pg_do (pg, "BEGIN", 0, NULL, error))
    return FALSE;
  pg->depth = 1;
  if (!gb_store_pg_do (pg, "SELECT pg_advisory_xact_lock ($1::bigint)", 1, params, error))
    {
      gb_store_pg_rollback (db);
      return FALSE;
    }
  return TRUE;
}

/* A feed read needs no transaction: writers commit in seq order (the feed lock), so once a
 * seq is visible every lower one is, and the read takes rows up to the last it saw first
 * (gb_store_pg_feed_last()), in as few round trips as a page from the cache needs: one. */
static gboolean
pg_begin_read (GbDaemonDb  *db,
               GError     **error)
{
  GbStorePg *pg = GB_STORE_PG (db);

  if (pg->depth > 0)
    return gb_store_pg_begin (db, error);
  pg->reading = TRUE;
  pg->read_last = -1;
  g_clear_pointer (&pg->read_epoch, g_free);
  g_clear_pointer (&pg->read_base, g_free);
  return TRUE;
}

gboolean
gb_store_pg_commit (GbDaemonDb  *db,
                    GError     **error)
{
  GbStorePg *pg = GB_STORE_PG (db);

  if (pg->reading && pg->depth == 0)
    {
      pg->reading = FALSE;
      return TRUE;
    }
  g_return_val_if_fail (pg->depth > 0, FALSE);
  if (!gb_store_pg_do (pg, pg->depth == 1 ? "COMMIT" : "RELEASE nested", 0, NULL, error))
    {
      gb_store_pg_rollback (db);
      return FALSE;
    }
  pg->depth--;
  return TRUE;
}

void
gb_store_pg_rollback (GbDaemonDb *db)
{
  GbStorePg *pg = GB_STORE_PG (db);

  pg->reading = FALSE;
  if (pg->depth == 0)
    return;
  if (pg->depth > 1)
    gb_store_pg_do (pg, "ROLLBACK TO nested; RELEASE nested", 0, NULL, NULL);
  else
    gb_store_pg_do (pg, "ROLLBACK", 0, NULL, NULL);
  pg->depth--;
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
gb_store_pg_audit (GbDaemonDb  *db,
                   const char  *user,
                   const char  *action,
                   const char  *detail,
                   GError     **error)
{
  g_autofree char *now = now_iso ();
  const char *params[] = { now, user ? user : "", action, detail };

  return gb_store_pg_do (GB_STORE_PG (db), "INSERT INTO audit_log (at, user_name, action, detail) "
                         "VALUES ($1, $2, $3, $4)", 4, params, error);
}

/* ---- users and tokens (as gb-store-tokens.c and gb-store-daemon.c on SQLite) ------------- */

/* Every request's token is looked up on giaoband's main thread: a round trip to PostgreSQL
 * there holds up every other request. Tokens come from the process's watch (every token not
 * revoked, read again when a notification says the users changed: gb-store-pg-watch.c); one it
 * does not hold, or all while it knows none, is asked for and the answer kept TOKEN_TTL, or until
 * the watch reads the tokens again: a token revoked, renewed or expired stops on every giaoband
 * as soon as its notification arrives, within TOKEN_TTL without one (docs/deploy.md). */
#define TOKEN_TTL (2 * G_USEC_PER_SEC)

typedef struct
{
  gint64        at;
  GbTokenState  state;
  char         *name;
  char         *role;
  char         *expires_at;
} Token;

static void
token_free (Token *t)
{
  g_free (t->name);
  g_free (t->role);
  g_free (t->expires_at);
  g_free (t);
}

static gboolean token_query (GbDaemonDb *db, const char *hash, GbTokenState *state, char **name, char **role,
                             char **expires_at, GError **error);

/* The token as the watch holds it: FALSE when it does not. */
static gboolean
token_watched (GbStorePg     *pg,
               const char    *hash,
               GbTokenState  *state,
               char         **name,
               char         **role,
               char         **expires_at)
{
  gboolean found = FALSE;
  guint changes = 0;

  if (pg->watch == NULL)
    return FALSE;
  if (gb_store_pg_watch_token (pg->watch, hash, &found, name, role, expires_at, &changes) && found)
    *state = GB_TOKEN_VALID;
  /* What was asked before may be stale now. */
  if (changes != pg->tokens_seen && pg->tokens != NULL)
    g_hash_table_remove_all (pg->tokens);
  pg->tokens_seen = changes;
  return found;
}

static gboolean
pg_token_lookup (GbDaemonDb    *db,
                 const char    *hash,
                 GbTokenState  *state,
                 char         **name,
                 char         **role,
                 char         **expires_at,
                 GError       **error)
{
  GbStorePg *pg = GB_STORE_PG (db);
  gint64 now = g_get_monotonic_time ();
  g_autofree char *until = NULL;
  Token *t;

  if (!token_watched (pg, hash, state, name, role, &until))
    {
      if (pg->tokens == NULL)
        pg->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) token_free);
      t = g_hash_table_lookup (pg->tokens, hash);
      if (t == NULL || now - t->at > TOKEN_TTL)
        {
          if (g_hash_table_size (pg->tokens) > 100000)
            g_hash_table_remove_all (pg->tokens);
          t = g_new0 (Token, 1);
          if (!token_query (db, hash, &t->state, &t->name, &t->role, &t->expires_at, error))
            {
              token_free (t);
              return FALSE;
            }
          t->at = now;
          g_hash_table_replace (pg->tokens, g_strdup (hash), t);
        }
      *state = t->state;
      *name = g_strdup (t->name);
      *role = g_strdup (t->role);
      until = g_strdup (t->expires_at);
    }
  /* Expired since it was looked up. */
  if (*state == GB_TOKEN_VALID && until != NULL)
    {
      g_autofree char *iso = now_iso ();

      if (strcmp (until, iso) <= 0)
        *state = GB_TOKEN_EXPIRED;
    }
  if (expires_at != NULL)
    *expires_at = g_steal_pointer (&until);
  return TRUE;
}

static void
pg_tokens_changed (GbDaemonDb *db)
{
  GbStorePg *pg = GB_STORE_PG (db);

  if (pg->watch != NULL)
    gb_store_pg_watch_forget_tokens (pg->watch);
}

static gboolean
token_query (GbDaemonDb    *db,
             const char    *hash,
             GbTokenState  *state,
             char         **name,
             char         **role,
             char         **expires_at,
             GError       **error)
{
  g_autofree char *now = now_iso ();
  const char *params[] = { hash, now };
  PGresult *res = gb_store_pg_run (GB_STORE_PG (db),
                                   "SELECT name, role, expires_at, expires_at IS NOT NULL AND expires_at <= $2 "
                                   "FROM daemon_users WHERE token_sha256 = $1 AND revoked_at IS NULL", 2, params, error);

  *state = GB_TOKEN_UNKNOWN;
  *name = *role = NULL;
  if (expires_at != NULL)
    *expires_at = NULL;
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      *name = g_strdup (PQgetvalue (res, 0, 0));
      *role = g_strdup (PQgetvalue (res, 0, 1));
      if (expires_at != NULL && !PQgetisnull (res, 0, 2))
        *expires_at = g_strdup (PQgetvalue (res, 0, 2));
      *state = strcmp (PQgetvalue (res, 0, 3), "t") == 0 ? GB_TOKEN_EXPIRED : GB_TOKEN_VALID;
    }
  PQclear (res);
  return TRUE;
}

static gboolean
pg_add_user (GbDaemonDb  *db,
             const char  *name,
             const char  *role,
             const char  *hash,
             GError     **error)
{
  g_autofree char *now = now_iso ();
  const char *params[] = { name, role, hash, now };
  g_autoptr(GError) local = NULL;

  if (gb_store_pg_do (GB_STORE_PG (db), "INSERT INTO daemon_users (name, role, token_sha256, created_at) "
                      "VALUES ($1, $2, $3, $4)", 4, params, &local))
    return TRUE;
  if (g_error_matches (local, GB_ERROR, GB_ERROR_DUPLICATE))
    g_set_error (error, GB_ERROR, GB_ERROR_DUPLICATE, _("A user named “%s” exists already"), name);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* Runs @sql changing the user named $1: GB_ERROR_NOT_FOUND when there is none. */
static gboolean
change_user (GbDaemonDb  *db,
             const char  *sql,
             const char  *name,
             const char  *a,
             const char  *b,
             GError     **error)
{
  const char *params[] = { name, a, b };
  int n = b ? 3 : a ? 2 : 1;
  PGresult *res = gb_store_pg_run (GB_STORE_PG (db), sql, n, params, error);
  gboolean changed;

  if (res == NULL)
    return FALSE;
  changed = atoi (PQcmdTuples (res)) > 0;
  PQclear (res);
  if (!changed)
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no user named “%s”"), name);
  return changed;
}

static gboolean
pg_set_token (GbDaemonDb  *db,
              const char  *name,
              const char  *hash,
              const char  *expires_at,
              GError     **error)
{
  if (expires_at == NULL)
    return change_user (db, "UPDATE daemon_users SET token_sha256 = $2, expires_at = NULL, revoked_at = NULL "
                        "WHERE name = $1", name, hash, NULL, error);
  return change_user (db, "UPDATE daemon_users SET token_sha256 = $2, expires_at = $3, revoked_at = NULL "
                      "WHERE name = $1", name, hash, expires_at, error);
}

static gboolean
pg_revoke_token (GbDaemonDb  *db,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *now = now_iso ();

  return change_user (db, "UPDATE daemon_users SET token_sha256 = 'revoked:' || id, revoked_at = $2 "
                      "WHERE name = $1", name, now, NULL, error);
}

static gboolean
pg_remove_user (GbDaemonDb  *db,
                const char  *name,
                GError     **error)
{
  return change_user (db, "DELETE FROM daemon_users WHERE name = $1", name, NULL, NULL, error);
}

static JsonNode *
pg_list_users (GbDaemonDb  *db,
               GError     **error)
{
  PGresult *res = gb_store_pg_run (GB_STORE_PG (db), "SELECT name, role, created_at FROM daemon_users ORDER BY name",
                                   0, NULL, error);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (res == NULL)
    return NULL;
  json_builder_begin_array (b);
  for (int i = 0; i < PQntuples (res); i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, PQgetvalue (res, i, 0));
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, PQgetvalue (res, i, 1));
      json_builder_set_member_name (b, "created_at");
      json_builder_add_string_value (b, PQgetvalue (res, i, 2));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  PQclear (res);
  return json_builder_get_root (b);
}

/* ---- opening -------------------------------------------------------------------------------- */

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Applies every migration not applied yet, each in its own transaction with its record. */
static gboolean
migrate (GbStorePg  *pg,
         GError    **error)
{
  g_auto(GStrv) names = g_resources_enumerate_children (MIGRATIONS, 0, error);
  const char *lock[] = { MIGRATION_LOCK };

  if (names == NULL)
    return FALSE;
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  if (!gb_store_pg_do (pg, "SELECT pg_advisory_lock ($1::bigint)", 1, lock, error))
    return FALSE;
  if (!gb_store_pg_do (pg, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                       "name text NOT NULL, applied_at text NOT NULL)", 0, NULL, error))
    goto fail;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", MIGRATIONS, names[i]);
      g_autofree char *version = g_strndup (names[i], strspn (names[i], "0123456789"));
      g_autofree char *now = now_iso ();
      g_autoptr(GBytes) sql = NULL;
      g_autofree char *text = NULL;
      const char *params[] = { version, names[i], now };
      gint64 done = gb_store_pg_int (pg, "SELECT count(*) FROM schema_migrations WHERE version = $1::integer", 1,
                                     params, 0, error);

      if (done < 0)
        goto fail;
      if (done > 0)
        continue;
      if ((sql = g_resources_lookup_data (path, 0, error)) == NULL)
        goto fail;
      text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
      /* A migration file is ours and fixed: run as it is, several statements at once. */
      if (!gb_store_pg_do (pg, "BEGIN", 0, NULL, error))
        goto fail;
      {
        PGresult *res = PQexec (pg->conn, text);

        if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
          {
            set_pg_error (pg, res, error);
            g_prefix_error (error, "%s: ", names[i]);
            PQclear (res);
            gb_store_pg_do (pg, "ROLLBACK", 0, NULL, NULL);
            goto fail;
          }
        PQclear (res);
      }
      if (!gb_store_pg_do (pg, "INSERT INTO schema_migrations (version, name, applied_at) "
                           "VALUES ($1::integer, $2, $3)", 3, params, error) ||
          !gb_store_pg_do (pg, "COMMIT", 0, NULL, error))
        {
          gb_store_pg_do (pg, "ROLLBACK", 0, NULL, NULL);
          goto fail;
        }
    }
  return gb_store_pg_do (pg, "SELECT pg_advisory_unlock ($1::bigint)", 1, lock, error);

fail:
  gb_store_pg_do (pg, "SELECT pg_advisory_unlock ($1::bigint)", 1, lock, NULL);
  return FALSE;
}

static char *
pg_feed_epoch (GbDaemonDb *db)
{
  GbStorePg *pg = GB_STORE_PG (db);

  /* A feed read has it from its gb_store_pg_feed_last(). */
  if (pg->reading && pg->read_last >= 0)
    return g_strdup (pg->read_epoch);
  return gb_store_pg_meta (pg, "feed_epoch");
}

/* The feed's last as the watch read it after its latest change (gb-store-pg-watch.c). */
static gboolean
pg_feed_known (GbDaemonDb  *db,
               gint64       need,
               gint64      *last,
               char       **epoch)
{
  GbStorePg *pg = GB_STORE_PG (db);
  g_autofree char *known_epoch = NULL;
  g_autofree char *base = NULL;
  gint64 head;

  if (pg->watch == NULL || pg->depth > 0 || !gb_store_pg_watch_head (pg->watch, &head, &known_epoch, &base) ||
      head < need)
    return FALSE;
  if (pg->reading)
    {
      pg->read_last = head;
      g_free (pg->read_epoch);
      pg->read_epoch = g_strdup (known_epoch);
      g_free (pg->read_base);
      pg->read_base = g_steal_pointer (&base);
    }
  *last = head;
  *epoch = g_steal_pointer (&known_epoch);
  return TRUE;
}

static gboolean
pg_feed_moved (GbDaemonDb *db,
               gint64      known,
               gint64      timeout_us,
               gint64     *head)
{
  GbStorePg *pg = GB_STORE_PG (db);

  if (pg->watch == NULL)
    {
      /* Never told (not the serving connection's process): the caller waits as long anyway. */
      g_usleep ((gulong) timeout_us);
      return FALSE;
    }
  return gb_store_pg_watch_wait (pg->watch, known, timeout_us, head);
}

static void
pg_free (GbDaemonDb *db)
{
  GbStorePg *pg = GB_STORE_PG (db);

  g_clear_pointer (&pg->watch, gb_store_pg_watch_unref);
  g_clear_object (&pg->scratch);
  g_clear_pointer (&pg->tokens, g_hash_table_unref);
  g_clear_pointer (&pg->read_epoch, g_free);
  g_clear_pointer (&pg->read_base, g_free);
  g_clear_pointer (&pg->conn, PQfinish);
}

static const GbDaemonDbOps pg_ops = {
  .free = pg_free,
  .begin = gb_store_pg_begin,
  .begin_read = pg_begin_read,
  .commit = gb_store_pg_commit,
  .rollback = gb_store_pg_rollback,
  .feed_last = gb_store_pg_feed_last,
  .feed_epoch = pg_feed_epoch,
  .feed_page = gb_store_pg_feed_page,
  .push = gb_store_pg_push,
  .report = gb_store_pg_report,
  .encode = gb_store_pg_encode,
  .unit_parent = gb_store_pg_unit_parent,
  .audit = gb_store_pg_audit,
  .token_lookup = pg_token_lookup,
  .add_user = pg_add_user,
  .set_token = pg_set_token,
  .revoke_token = pg_revoke_token,
  .remove_user = pg_remove_user,
  .list_users = pg_list_users,
  .new_epoch = gb_store_pg_new_epoch,
  .review_decided = gb_store_pg_review_decided,
  .area_fill = gb_store_pg_area_fill,
  .feed_known = pg_feed_known,
  .tokens_changed = pg_tokens_changed,
  .unit_merges = gb_store_pg_unit_merges,
  .feed_moved = pg_feed_moved,
  .feed_pages = gb_store_pg_feed_pages,
};

/**
 * gb_store_pg_open:
 * @uri: a libpq connection URI (postgresql://…)
 *
 * Connects; the first connection of a command or of a serving giaoband applies the
 * migrations, and a serving one gives a new feed its epoch.
 */
GbDaemonDb *
gb_store_pg_open (const char     *uri,
                  GbDaemonDbUse   use,
                  GError        **error)
{
  g_autoptr(GbDaemonDb) db = NULL;
  GbStorePg *pg;

  g_return_val_if_fail (uri != NULL, NULL);

  pg = g_new0 (GbStorePg, 1);
  db = &pg->base;
  db->ops = &pg_ops;
  db->location = g_strdup (uri);
  pg->conn = PQconnectdb (uri);
  if (PQstatus (pg->conn) != CONNECTION_OK)
    {
      g_autofree char *why = g_strstrip (g_strdup (PQerrorMessage (pg->conn)));

      g_set_error (error, GB_ERROR, GB_ERROR_DATABASE, _("Could not connect to PostgreSQL: %s"), why);
      return NULL;
    }
  /* PostgreSQL's JIT compiles a statement it judges costly before running it: the area
   * filter's statements (a recursive walk of the units' history) took 15 s of compiling for
   * each feed page of the national set, 18–25 s a page against 2–3 s without. giaoband's
   * statements are short and many; none gains from it. */
  if (!gb_store_pg_do (pg, "SET client_min_messages = warning", 0, NULL, error) ||
      !gb_store_pg_do (pg, "SET jit = off", 0, NULL, error))
    return NULL;
  if (use != GB_DAEMON_DB_WORKER && !migrate (pg, error))
    return NULL;
  if (use == GB_DAEMON_DB_SERVE)
    {
      g_autofree char *epoch = gb_store_pg_meta (pg, "feed_epoch");

      /* Several giaoband starting at once: the first gives the feed its epoch. */
      if (epoch == NULL && !gb_store_pg_first_epoch (db, error))
        return NULL;
    }
  /* The serving connection starts the process's watch, its workers' share it. */
  if (use != GB_DAEMON_DB_TOOL)
    pg->watch = gb_store_pg_watch_get (uri, use == GB_DAEMON_DB_SERVE);
  return g_steal_pointer (&db);
}
