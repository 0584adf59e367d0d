/* gb-daemon-db-sqlite.c — giaoband's database on SQLite: the store, as it always served
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every operation is the store's own function; this file only routes GbDaemonDbOps to them.
 * The feed is logged by TEMP triggers, installed on every connection; the serving process's
 * first connection also logs the rows written while no daemon ran (gb_sync_feed_backfill()).
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <string.h>

#include "gb-daemon-db.h"
#include "gb-store-daemon.h"
#include "gb-store-read.h"
#include "gb-store-review.h"
#include "gb-sync-codec.h"
#include "gb-sync-feed.h"
#include "gb-sync-unit-merge.h"

typedef struct
{
  GbDaemonDb  base;
  GbStore    *store;
} SqliteDb;

#define STORE(db) (((SqliteDb *) (db))->store)

static void
sqlite_free (GbDaemonDb *db)
{
  g_clear_object (&STORE (db));
}

static gboolean
sqlite_begin (GbDaemonDb  *db,
              GError     **error)
{
  return gb_store_begin (STORE (db), error);
}

static gboolean
sqlite_begin_read (GbDaemonDb  *db,
                   GError     **error)
{
  return gb_store_begin_read (STORE (db), error);
}

static gboolean
sqlite_commit (GbDaemonDb  *db,
               GError     **error)
{
  return gb_store_commit (STORE (db), error);
}

static void
sqlite_rollback (GbDaemonDb *db)
{
  gb_store_rollback (STORE (db));
}

static gint64
sqlite_feed_last (GbDaemonDb  *db,
                  GError     **error)
{
  return gb_sync_feed_last (STORE (db), error);
}

static char *
sqlite_feed_epoch (GbDaemonDb *db)
{
  return gb_store_get_meta (STORE (db), "feed_epoch");
}

static char *
sqlite_feed_page (GbDaemonDb  *db,
                  gint64       since,
                  guint        limit,
                  gboolean     compact,
                  const char  *area,
                  gint64      *next,
                  gboolean    *more,
                  GError     **error)
{
  return gb_sync_feed_page_area_text (STORE (db), since, limit, compact, area, next, more, error);
}

typedef struct
{
  GbSyncPushAllow allow;
  gpointer        data;
} Allow;

static gboolean
sqlite_check (GbStore     *store,
              const char  *table,
              JsonNode    *key,
              JsonNode    *row,
              gpointer     data,
              GError     **error)
{
  Allow *a = data;

  return a->allow (table, key, row, a->data, error);
}

static JsonNode *
sqlite_push (GbDaemonDb       *db,
             const char       *user,
             JsonNode         *request,
             GPtrArray        *flaws,
             GbSyncPushAllow   allow,
             gpointer          allow_data,
             GError          **error)
{
  Allow a = { allow, allow_data };

  return gb_sync_push_apply_flawed (STORE (db), user, request, flaws, allow ? sqlite_check : NULL, &a, error);
}

static gboolean
sqlite_report (GbDaemonDb    *db,
               GbSeriesKind   series,
               GBytes        *body,
               guint         *n_rows,
               GPtrArray    **units,
               GError       **error)
{
  gint64 before;

  if ((before = gb_sync_feed_last (STORE (db), error)) < 0 ||
      !gb_series_import_bytes (STORE (db), series, "report", body, NULL, FALSE, n_rows, error))
    return FALSE;
  return (*units = gb_sync_feed_units_since (STORE (db), before, error)) != NULL;
}

static JsonNode *
sqlite_encode (GbDaemonDb  *db,
               const char  *table,
               JsonNode    *key,
               GError     **error)
{
  return gb_sync_codec_encode (STORE (db), table, key, error);
}

static JsonNode *
sqlite_unit_merges (GbDaemonDb  *db,
                    GError     **error)
{
  return gb_store_sync_unit_merges (STORE (db), error);
}

static char *
sqlite_unit_parent (GbDaemonDb  *db,
                    const char  *code,
                    gboolean    *found,
                    GError     **error)
{
  return gb_store_daemon_unit_parent (STORE (db), code, found, error);
}

static gboolean
sqlite_audit (GbDaemonDb  *db,
              const char  *user,
              const char  *action,
              const char  *detail,
              GError     **error)
{
  return gb_sync_audit (STORE (db), user, action, detail, error);
}

static gboolean
sqlite_token_lookup (GbDaemonDb    *db,
                     const char    *hash,
                     GbTokenState  *state,
                     char         **name,
                     char         **role,
                     char         **expires_at,
                     GError       **error)
{
  return gb_store_tokens_lookup (STORE (db), hash, state, name, role, expires_at, error);
}

static gboolean
sqlite_add_user (GbDaemonDb  *db,
                 const char  *name,
                 const char  *role,
                 const char  *hash,
                 GError     **error)
{
  return gb_store_daemon_add_user (STORE (db), name, role, hash, error);
}

static gboolean
sqlite_set_token (GbDaemonDb  *db,
                  const char  *name,
                  const char  *hash,
                  const char  *expires_at,
                  GError     **error)
{
  return gb_store_tokens_set (STORE (db), name, hash, expires_at, error);
}

static gboolean
sqlite_revoke_token (GbDaemonDb  *db,
                     const char  *name,
                     GError     **error)
{
  return gb_store_tokens_revoke (STORE (db), name, error);
}

static gboolean
sqlite_remove_user (GbDaemonDb  *db,
                    const char  *name,
                    GError     **error)
{
  return gb_store_tokens_remove_user (STORE (db), name, error);
}

static JsonNode *
sqlite_list_users (GbDaemonDb  *db,
                   GError     **error)
{
  return gb_store_daemon_list_users (STORE (db), error);
}

static gboolean
sqlite_new_epoch (GbDaemonDb  *db,
                  GError     **error)
{
  return gb_sync_feed_new_epoch (STORE (db), error);
}

static GHashTable *
sqlite_review_decided (GbDaemonDb  *db,
                       const char  *table,
                       const char  *unit,
                       const char  *date,
                       GError     **error)
{
  return gb_store_review_decided (STORE (db), table, unit, date, error);
}

static char *
sqlite_area_fill (GbDaemonDb  *db,
                  gint64       since,
                  gint64       until,
                  guint        limit,
                  gboolean     compact,
                  const char  *area,
                  const char  *previous,
                  gint64      *next,
                  gboolean    *more,
                  GError     **error)
{
  return gb_sync_feed_area_fill_text (STORE (db), since, until, limit, compact, area, previous, next, more, error);
}

static const GbDaemonDbOps sqlite_ops = {
  .free = sqlite_free,
  .begin = sqlite_begin,
  .begin_read = sqlite_begin_read,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .feed_last = sqlite_feed_last,
  .feed_epoch = sqlite_feed_epoch,
  .feed_page = sqlite_feed_page,
  .push = sqlite_push,
  .report = sqlite_report,
  .encode = sqlite_encode,
  .unit_parent = sqlite_unit_parent,
  .audit = sqlite_audit,
  .token_lookup = sqlite_token_lookup,
  .add_user = sqlite_add_user,
  .set_token = sqlite_set_token,
  .revoke_token = sqlite_revoke_token,
  .remove_user = sqlite_remove_user,
  .list_users = sqlite_list_users,
  .new_epoch = sqlite_new_epoch,
  .review_decided = sqlite_review_decided,
  .area_fill = sqlite_area_fill,
  .unit_merges = sqlite_unit_merges,
};

GbDaemonDb *
gb_daemon_db_sqlite_open (const char     *path,
                          GbDaemonDbUse   use,
                          GError        **error)
{
  g_autoptr(GbStore) store = gb_store_open (path, error);
  SqliteDb *db;

  if (store == NULL)
    return NULL;
  if (use != GB_DAEMON_DB_TOOL && !gb_sync_feed_install_triggers (store, error))
    return NULL;
  if (use == GB_DAEMON_DB_SERVE && !gb_sync_feed_backfill (store, NULL, error))
    return NULL;
  db = g_new0 (SqliteDb, 1);
  db->base.ops = &sqlite_ops;
  db->base.location = g_strdup (gb_store_get_path (store));
  db->store = g_steal_pointer (&store);
  return &db->base;
}

/* ---- what both databases share ------------------------------------------------------------ */

gboolean
gb_daemon_db_is_pg (const char *location)
{
  return location != NULL && (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

/**
 * gb_daemon_db_open:
 * @location: an SQLite file, or a PostgreSQL connection URI (postgresql://…)
 */
GbDaemonDb *
gb_daemon_db_open (const char     *location,
                   GbDaemonDbUse   use,
                   GError        **error)
{
  g_return_val_if_fail (location != NULL, NULL);

  if (gb_daemon_db_is_pg (location))
    return gb_store_pg_open (location, use, error);
  return gb_daemon_db_sqlite_open (location, use, error);
}

void
gb_daemon_db_free (GbDaemonDb *db)
{
  if (db == NULL)
    return;
  db->ops->free (db);
  g_free (db->location);
  g_free (db);
}

GbStore *
gb_daemon_db_store (GbDaemonDb *db)
{
  g_return_val_if_fail (db != NULL, NULL);

  return db->ops == &sqlite_ops ? STORE (db) : NULL;
}

/* The unit a change belongs to: a delete naming its row by uid only is the stored row's. */
char *
gb_daemon_db_row_unit (GbDaemonDb  *db,
                       const char  *table,
                       JsonNode    *key,
                       JsonNode    *row)
{
  g_autoptr(JsonNode) current = NULL;

  g_return_val_if_fail (db != NULL, NULL);

  if (row == NULL && gb_sync_codec_has_table (table))
    current = db->ops->encode (db, table, key, NULL);
  return gb_sync_codec_row_unit (NULL, table, key,
                                 row ? row : current && JSON_NODE_HOLDS_OBJECT (current) ? current : NULL);
}
