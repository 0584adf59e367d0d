/* gb-daemon-db.h — what giaoband asks of its database: SQLite (a file) or PostgreSQL (a URI)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GbDaemonDb is one connection: the main thread has one (tokens), every worker its own.
 * The SQLite side is the store as it always was (gb-daemon-db-sqlite.c); the PostgreSQL side
 * keeps every synced row as the feed sends it (gb-store-pg*.c). Both give the same API,
 * roles, audit and change feed.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gb-series-import.h"
#include "gb-store.h"
#include "gb-store-tokens.h"
#include "gb-sync-push.h"

G_BEGIN_DECLS

typedef struct _GbDaemonDb GbDaemonDb;

/* One page of several read at once (feed_pages): @text is the caller's. */
typedef void (*GbDaemonDbPageFunc) (gint64    since,
                                    char     *text,
                                    gint64    next,
                                    gboolean  more,
                                    gpointer  data);

typedef enum
{
  GB_DAEMON_DB_TOOL,    /* a command (user add, …): migrated, nothing else */
  GB_DAEMON_DB_SERVE,   /* the serving process's first connection: the feed made ready */
  GB_DAEMON_DB_WORKER,  /* a worker's own connection */
} GbDaemonDbUse;

typedef struct
{
  void      (*free)          (GbDaemonDb *db);
  gboolean  (*begin)         (GbDaemonDb *db, GError **error);
  gboolean  (*begin_read)    (GbDaemonDb *db, GError **error);
  gboolean  (*commit)        (GbDaemonDb *db, GError **error);
  void      (*rollback)      (GbDaemonDb *db);
  gint64    (*feed_last)     (GbDaemonDb *db, GError **error);
  /* The feed's epoch (NULL: none yet): a restore while giaoband runs changes it. */
  char     *(*feed_epoch)    (GbDaemonDb *db);
  /* A feed page as text, in the caller's read transaction; @area (nullable) a unit's code:
   * only that area's rows (gb_sync_feed_page_area_text()). */
  char     *(*feed_page)     (GbDaemonDb *db, gint64 since, guint limit, gboolean compact, const char *area,
                              gint64 *next, gboolean *more, GError **error);
  /* A push in its own transaction; @flaws (nullable) the GbJsonFlaw of its text. */
  JsonNode *(*push)          (GbDaemonDb *db, const char *user, JsonNode *request, GPtrArray *flaws,
                              GbSyncPushAllow allow, gpointer allow_data, GError **error);
  /* A report's rows, in the caller's write transaction: the units of its rows in @units. */
  gboolean  (*report)        (GbDaemonDb *db, GbSeriesKind series, GBytes *body, guint *n_rows, GPtrArray **units,
                              GError **error);
  JsonNode *(*encode)        (GbDaemonDb *db, const char *table, JsonNode *key, GError **error);
  char     *(*unit_parent)   (GbDaemonDb *db, const char *code, gboolean *found, GError **error);
  gboolean  (*audit)         (GbDaemonDb *db, const char *user, const char *action, const char *detail,
                              GError **error);
  gboolean  (*token_lookup)  (GbDaemonDb *db, const char *hash, GbTokenState *state, char **name, char **role,
                              char **expires_at, GError **error);
  gboolean  (*add_user)      (GbDaemonDb *db, const char *name, const char *role, const char *hash, GError **error);
  gboolean  (*set_token)     (GbDaemonDb *db, const char *name, const char *hash, const char *expires_at,
                              GError **error);
  gboolean  (*revoke_token)  (GbDaemonDb *db, const char *name, GError **error);
  gboolean  (*remove_user)   (GbDaemonDb *db, const char *name, GError **error);
  JsonNode *(*list_users)    (GbDaemonDb *db, GError **error);
  gboolean  (*new_epoch)     (GbDaemonDb *db, GError **error);
  /* The values a review decided (confirmed or corrected) of @table's row of @unit on @date:
   * field -> gint64 *, the latest decision of each (gb_store_review_decided()). */
  GHashTable *(*review_decided) (GbDaemonDb *db, const char *table, const char *unit, const char *date,
                                 GError **error);
  /* A laptop whose area changed from @previous to @area (nullable: everything): the rows it
   * lacks, at seqs in (@since, @until], in the caller's read transaction
   * (gb_sync_feed_area_fill_text()). */
  char     *(*area_fill)     (GbDaemonDb *db, gint64 since, gint64 until, guint limit, gboolean compact,
                              const char *area, const char *previous, gint64 *next, gboolean *more,
                              GError **error);
  /* The feed's last and epoch when known without asking the database and not below @need (a
   * laptop's cursor, its last push); in a feed read, its rows are then read up to that last.
   * NULL, or FALSE: ask (feed_last). */
  gboolean  (*feed_known)    (GbDaemonDb *db, gint64 need, gint64 *last, char **epoch);
  /* The users changed and that committed: tokens kept are looked up again. NULL: none kept. */
  void      (*tokens_changed) (GbDaemonDb *db);
  /* Every merge entered by hand the database holds (undone ones too), in the caller's
   * transaction: an array of unit_merges rows as the feed sends them (gb-sync-unit-merge.h). */
  JsonNode *(*unit_merges)   (GbDaemonDb *db, GError **error);
  /* Waits up to @timeout_us for the feed's last known without asking (feed_known) to be other
   * than @known; TRUE with it in @head. Touches only what the process knows, never @db's
   * connection: any thread may call it. NULL: such a last is never known. */
  gboolean  (*feed_moved)    (GbDaemonDb *db, gint64 known, gint64 timeout_us, gint64 *head);
  /* @n_pages whole-feed pages from @since at most, the i-th of @limits[i] rows, in one query, in
   * the caller's read begun by feed_known: each the page feed_page makes, given to @func in
   * feed order; FALSE with @error set when the query failed (no page was given). NULL:
   * feed_page only. */
  gboolean  (*feed_pages)    (GbDaemonDb *db, gint64 since, gboolean compact, const guint *limits, guint n_pages,
                              GbDaemonDbPageFunc func, gpointer data, GError **error);
} GbDaemonDbOps;

struct _GbDaemonDb
{
  const GbDaemonDbOps *ops;
  char                *location;  /* the path or the connection URI, to open another */
};

gboolean    gb_daemon_db_is_pg       (const char     *location);
GbDaemonDb *gb_daemon_db_open        (const char     *location,
                                      GbDaemonDbUse   use,
                                      GError        **error);
void        gb_daemon_db_free        (GbDaemonDb     *db);
/* The store under an SQLite database, NULL for PostgreSQL (backup, restore, seed). */
GbStore    *gb_daemon_db_store       (GbDaemonDb     *db);
char       *gb_daemon_db_row_unit    (GbDaemonDb     *db,
                                      const char     *table,
                                      JsonNode       *key,
                                      JsonNode       *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbDaemonDb, gb_daemon_db_free)

/* gb-daemon-db-sqlite.c and gb-store-pg.c */
GbDaemonDb *gb_daemon_db_sqlite_open (const char     *path,
                                      GbDaemonDbUse   use,
                                      GError        **error);
GbDaemonDb *gb_store_pg_open         (const char     *uri,
                                      GbDaemonDbUse   use,
                                      GError        **error);
/* Statements this process sent to PostgreSQL, every connection (for /api/v1/health). */
guint64     gb_store_pg_round_trips  (void);
gboolean    gb_store_pg_load         (GbDaemonDb     *db,
                                      GbStore        *store,
                                      gint64         *loaded,
                                      GError        **error);

G_END_DECLS
