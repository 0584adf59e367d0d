/* gb-store-pg-private.h — shared by gb-store-pg*.c: one PostgreSQL connection of giaoband
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "gb-daemon-db.h"

G_BEGIN_DECLS

/* The feed lock: every writing transaction of every giaoband holds it from its start, so
 * that the feed's sequence numbers commit in order and a reader never passes over a row
 * that commits later with a lower seq. */
#define GB_STORE_PG_FEED_LOCK "7522051002"

typedef struct _GbStorePgWatch GbStorePgWatch;

typedef struct
{
  GbDaemonDb  base;
  PGconn     *conn;
  guint       depth;         /* transactions open (1) and savepoints inside it */
  gboolean    reading;       /* a feed read: no transaction, reads bounded by its last */
  gint64      read_last;     /* the feed's last and epoch as that read saw them */
  char       *read_epoch;
  char       *read_base;     /* and the seq the epoch began at (NULL: none) */
  GHashTable *tokens;        /* token hash -> Token, looked up less than TOKEN_TTL ago */
  guint       tokens_seen;   /* the watch's changes when they were */
  GbStorePgWatch *watch;     /* the process's watch of this database, NULL: none (a replica) */
  GbStore    *scratch;       /* reports are read into it (gb-store-pg-feed.c) */
  gint64      scratch_units; /* the units' feed seq it holds */
} GbStorePg;

#define GB_STORE_PG(db) ((GbStorePg *) (db))

/* Runs @sql with @n text parameters ($1 …); NULL with @error set unless it succeeded. */
PGresult   *gb_store_pg_run        (GbStorePg          *pg,
                                    const char         *sql,
                                    int                 n,
                                    const char * const *params,
                                    GError            **error);
/* Counts a statement sent outside gb_store_pg_run() (gb_store_pg_round_trips()). */
void        gb_store_pg_count_round_trip (void);
gboolean    gb_store_pg_do         (GbStorePg          *pg,
                                    const char         *sql,
                                    int                 n,
                                    const char * const *params,
                                    GError            **error);
/* The first column of the first row as a number (-1 on error, @fallback with no row). */
gint64      gb_store_pg_int        (GbStorePg          *pg,
                                    const char         *sql,
                                    int                 n,
                                    const char * const *params,
                                    gint64              fallback,
                                    GError            **error);
char       *gb_store_pg_meta       (GbStorePg          *pg,
                                    const char         *key);
gboolean    gb_store_pg_begin      (GbDaemonDb         *db,
                                    GError            **error);
gboolean    gb_store_pg_commit     (GbDaemonDb         *db,
                                    GError            **error);
void        gb_store_pg_rollback   (GbDaemonDb         *db);
gboolean    gb_store_pg_audit      (GbDaemonDb         *db,
                                    const char         *user,
                                    const char         *action,
                                    const char         *detail,
                                    GError            **error);

/* gb-store-pg-feed.c */
gint64      gb_store_pg_feed_last  (GbDaemonDb         *db,
                                    GError            **error);
char       *gb_store_pg_feed_page  (GbDaemonDb         *db,
                                    gint64              since,
                                    guint               limit,
                                    gboolean            compact,
                                    const char         *area,
                                    gint64             *next,
                                    gboolean           *more,
                                    GError            **error);
gboolean    gb_store_pg_feed_pages (GbDaemonDb         *db,
                                    gint64              since,
                                    gboolean            compact,
                                    const guint        *limits,
                                    guint               n_pages,
                                    GbDaemonDbPageFunc  func,
                                    gpointer            data,
                                    GError            **error);
JsonNode   *gb_store_pg_encode     (GbDaemonDb         *db,
                                    const char         *table,
                                    JsonNode           *key,
                                    GError            **error);
gboolean    gb_store_pg_write_row  (GbStorePg          *pg,
                                    const char         *table,
                                    const char         *op,
                                    JsonNode           *key,
                                    JsonNode           *row,
                                    gboolean            moves,
                                    GError            **error);
gboolean    gb_store_pg_write_feed (GbStorePg          *pg,
                                    JsonArray          *changes,
                                    GError            **error);
char       *gb_store_pg_unit_parent (GbDaemonDb        *db,
                                     const char        *code,
                                     gboolean          *found,
                                     GError           **error);
gboolean    gb_store_pg_new_epoch  (GbDaemonDb         *db,
                                    GError            **error);
GHashTable *gb_store_pg_review_decided (GbDaemonDb     *db,
                                        const char     *table,
                                        const char     *unit,
                                        const char     *date,
                                        GError        **error);
gboolean    gb_store_pg_first_epoch (GbDaemonDb        *db,
                                     GError           **error);
JsonNode   *gb_store_pg_unit_merges (GbDaemonDb        *db,
                                     GError           **error);

/* gb-store-pg-area.c */
char       *gb_store_pg_area_fill  (GbDaemonDb         *db,
                                    gint64              since,
                                    gint64              until,
                                    guint               limit,
                                    gboolean            compact,
                                    const char         *area,
                                    const char         *previous,
                                    gint64             *next,
                                    gboolean           *more,
                                    GError            **error);

/* gb-store-pg-watch.c */
GbStorePgWatch *gb_store_pg_watch_get   (const char     *uri,
                                         gboolean        start);
void        gb_store_pg_watch_unref    (GbStorePgWatch     *w);
gboolean    gb_store_pg_watch_head     (GbStorePgWatch     *w,
                                        gint64             *head,
                                        char              **epoch,
                                        char              **base);
gboolean    gb_store_pg_watch_token    (GbStorePgWatch     *w,
                                        const char         *hash,
                                        gboolean           *found,
                                        char              **name,
                                        char              **role,
                                        char              **expires_at,
                                        guint              *changes);
void        gb_store_pg_watch_forget_tokens (GbStorePgWatch *w);
gboolean    gb_store_pg_watch_wait     (GbStorePgWatch     *w,
                                        gint64              known,
                                        gint64              timeout_us,
                                        gint64             *head);

/* gb-store-pg-history.c */
gboolean    gb_store_pg_supersede  (GbStorePg          *pg,
                                    const char         *table,
                                    const char         *key_text,
                                    JsonNode           *row,
                                    GError            **error);

/* gb-store-pg-push.c */
JsonNode   *gb_store_pg_push       (GbDaemonDb         *db,
                                    const char         *user,
                                    JsonNode           *request,
                                    GPtrArray          *flaws,
                                    GbSyncPushAllow     allow,
                                    gpointer            allow_data,
                                    GError            **error);
gboolean    gb_store_pg_report     (GbDaemonDb         *db,
                                    GbSeriesKind        series,
                                    GBytes             *body,
                                    guint              *n_rows,
                                    GPtrArray         **units,
                                    GError            **error);

G_END_DECLS
