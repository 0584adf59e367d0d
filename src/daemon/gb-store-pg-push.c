/* gb-store-pg-push.c — pushes, reports and loading a whole SQLite feed into PostgreSQL
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A push is answered by the same code as on SQLite (gb_sync_push_run()), with the
 * operations below. A report is read by the same reader as on SQLite, into a scratch SQLite
 * copy holding the units (so its checks are the same), and the rows it wrote are taken from
 * that copy's feed into gb_rows; the copy's transaction is then rolled back.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-pg-private.h"
#include "gb-sync-codec.h"
#include "gb-sync-feed.h"

static gboolean
push_begin (gpointer db,
            GError **error)
{
  return gb_store_pg_begin (db, error);
}

static gboolean
push_commit (gpointer db,
             GError **error)
{
  return gb_store_pg_commit (db, error);
}

static void
push_rollback (gpointer db)
{
  gb_store_pg_rollback (db);
}

static gboolean
push_savepoint (gpointer         db,
                GbSyncSavepoint  what,
                GError         **error)
{
  static const char * const sql[] = { "SAVEPOINT push_change", "ROLLBACK TO push_change", "RELEASE push_change" };

  return gb_store_pg_do (db, sql[what], 0, NULL, error);
}

static gint64
push_last (gpointer db,
           GError **error)
{
  return gb_store_pg_feed_last (db, error);
}

static char *
value_or_null (PGresult *res,
               int       column)
{
  return PQgetisnull (res, 0, column) ? NULL : g_strdup (PQgetvalue (res, 0, column));
}

static gboolean
push_replay (gpointer            db,
             const char         *change_id,
             GbSyncPushReceipt  *r,
             GError            **error)
{
  const char *params[] = { change_id };
  PGresult *res = gb_store_pg_run (db, "SELECT result, NULL, NULL FROM push_receipts WHERE change_id = $1 "
                                   "UNION ALL SELECT 'rejected', status, message FROM push_rejections "
                                   "WHERE change_id = $1", 1, params, error);

  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      r->result = value_or_null (res, 0);
      r->status = PQgetisnull (res, 0, 1) ? 0 : g_ascii_strtoll (PQgetvalue (res, 0, 1), NULL, 10);
      r->message = value_or_null (res, 2);
    }
  PQclear (res);
  if (g_strcmp0 (r->result, "conflict") != 0)
    return TRUE;
  if ((res = gb_store_pg_run (db, "SELECT tbl, key, server_row, client_row FROM push_conflicts WHERE change_id = $1",
                              1, params, error)) == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      r->table = value_or_null (res, 0);
      r->key = value_or_null (res, 1);
      r->server_row = value_or_null (res, 2);
      r->client_row = value_or_null (res, 3);
    }
  PQclear (res);
  return TRUE;
}

static JsonNode *
push_encode (gpointer     db,
             const char  *table,
             JsonNode    *key,
             GError     **error)
{
  return gb_store_pg_encode (db, table, key, error);
}

static gboolean
push_last_change (gpointer     db,
                  const char  *table,
                  const char  *key,
                  const char  *client_id,
                  gint64      *seq,
                  gboolean    *own,
                  GError     **error)
{
  const char *params[] = { table, key, client_id };
  PGresult *res = gb_store_pg_run (db, "SELECT changed, coalesce (writer = $3, false) FROM gb_rows "
                                   "WHERE tbl = $1 AND key = $2", 3, params, error);

  *seq = -1;
  *own = FALSE;
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      *seq = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
      *own = strcmp (PQgetvalue (res, 0, 1), "t") == 0;
    }
  PQclear (res);
  return TRUE;
}

static gboolean
push_apply (gpointer     db,
            const char  *table,
            const char  *op,
            JsonNode    *key,
            JsonNode    *row,
            GError     **error)
{
  return gb_store_pg_write_row (db, table, op, key, row, TRUE, error);
}

static gboolean
push_remember_write (gpointer     db,
                     const char  *table,
                     const char  *key,
                     const char  *client_id,
                     GError     **error)
{
  const char *params[] = { table, key, client_id };

  return gb_store_pg_do (db, "UPDATE gb_rows SET writer = $3 WHERE tbl = $1 AND key = $2", 3, params, error);
}

static gboolean
push_keep_conflict (gpointer                 db,
                    const GbSyncPushRecord  *r,
                    GError                 **error)
{
  const char *params[] = { r->change_id, r->client_id, r->user, r->table, r->key, r->server_row, r->client_row,
                           r->now };

  return gb_store_pg_do (db, "INSERT INTO push_conflicts (change_id, client_id, user_name, tbl, key, server_row, "
                         "client_row, detected_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8, params, error);
}

static gboolean
push_record (gpointer                 db,
             const GbSyncPushRecord  *r,
             GError                 **error)
{
  g_autofree char *status = g_strdup_printf ("%" G_GINT64_FORMAT, r->status);
  const char *receipt[] = { r->change_id, r->client_id, r->user, r->result, r->now };
  const char *rejection[] = { r->change_id, r->client_id, r->user, r->now, status, r->message ? r->message : "" };

  if (r->status != 0)
    return gb_store_pg_do (db, "INSERT INTO push_rejections (change_id, client_id, user_name, received_at, status, "
                           "message) VALUES ($1, $2, $3, $4, $5::integer, $6)", 6, rejection, error);
  return gb_store_pg_do (db, "INSERT INTO push_receipts (change_id, client_id, user_name, result, received_at) "
                         "VALUES ($1, $2, $3, $4, $5)", 5, receipt, error);
}

static gboolean
push_audit (gpointer     db,
            const char  *user,
            const char  *action,
            const char  *detail,
            GError     **error)
{
  return gb_store_pg_audit (db, user, action, detail, error);
}

static const GbSyncPushOps pg_push_ops = {
  push_begin, push_commit, push_rollback, push_savepoint, push_last, push_replay, push_encode,
  push_last_change, push_apply, push_remember_write, push_keep_conflict, push_record, push_audit,
};

JsonNode *
gb_store_pg_push (GbDaemonDb       *db,
                  const char       *user,
                  JsonNode         *request,
                  GPtrArray        *flaws,
                  GbSyncPushAllow   allow,
                  gpointer          allow_data,
                  GError          **error)
{
  return gb_sync_push_run (&pg_push_ops, db, user, request, allow, allow_data, TRUE, flaws, error);
}

/* The merges entered by hand (gb-sync-unit-merge.h): a secretary's unit rows are checked
 * against them. A few hundred at most. */
JsonNode *
gb_store_pg_unit_merges (GbDaemonDb  *db,
                         GError     **error)
{
  PGresult *res = gb_store_pg_run (GB_STORE_PG (db), "SELECT row_obj FROM gb_rows WHERE tbl = 'unit_merges' "
                                   "AND op = 'upsert' ORDER BY seq", 0, NULL, error);
  g_autoptr(JsonArray) merges = json_array_new ();
  JsonNode *out;

  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      JsonNode *row = json_from_string (PQgetvalue (res, i, 0), error);

      if (row == NULL)
        {
          PQclear (res);
          return NULL;
        }
      json_array_add_element (merges, row);
    }
  PQclear (res);
  out = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (out, merges);
  return out;
}

/* ---- reports -------------------------------------------------------------------------------- */

/* Brings the scratch copy's units up to the database's. */
static gboolean
scratch_units (GbStorePg  *pg,
               GError    **error)
{
  g_autofree char *since = NULL;
  const char *params[1];
  PGresult *res;

  if (pg->scratch == NULL)
    {
      g_autoptr(GbStore) scratch = gb_store_open (":memory:", error);

      if (scratch == NULL || !gb_sync_feed_install_triggers (scratch, error))
        return FALSE;
      pg->scratch = g_steal_pointer (&scratch);
      pg->scratch_units = 0;
    }
  params[0] = since = g_strdup_printf ("%" G_GINT64_FORMAT, pg->scratch_units);
  res = gb_store_pg_run (pg, "SELECT key, row_obj, seq FROM gb_rows WHERE tbl = 'units' AND op = 'upsert' "
                         "AND seq > $1::bigint ORDER BY seq", 1, params, error);
  if (res == NULL)
    return FALSE;
  if (!gb_store_begin (pg->scratch, error))
    goto fail;
  for (int i = 0; i < PQntuples (res); i++)
    {
      g_autoptr(JsonNode) key = json_from_string (PQgetvalue (res, i, 0), error);
      g_autoptr(JsonNode) row = key ? json_from_string (PQgetvalue (res, i, 1), error) : NULL;

      if (row == NULL || !gb_sync_codec_apply (pg->scratch, "units", "upsert", key, row, error))
        {
          gb_store_rollback (pg->scratch);
          goto fail;
        }
      pg->scratch_units = MAX (pg->scratch_units, g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10));
    }
  PQclear (res);
  return gb_store_commit (pg->scratch, error);

fail:
  PQclear (res);
  return FALSE;
}

/* The rows the report wrote into the scratch copy, written to gb_rows. */
static gboolean
copy_report_rows (GbStorePg   *pg,
                  gint64       since,
                  GHashTable  *units,
                  GError     **error)
{
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(JsonNode) page = gb_sync_feed_page (pg->scratch, since, GB_SYNC_FEED_MAX_PAGE, error);
      JsonObject *o;
      JsonArray *changes;

      if (page == NULL)
        return FALSE;
      o = json_node_get_object (page);
      changes = json_object_get_array_member (o, "changes");
      /* A report writes daily rows only (gb_series_import_bytes()). */
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);
          g_autofree char *unit = gb_sync_codec_row_unit (NULL, json_object_get_string_member (c, "table"),
                                                          json_object_get_member (c, "key"), NULL);

          g_autofree char *key = gb_sync_codec_key_string (json_object_get_member (c, "key"));

          if (unit != NULL)
            g_hash_table_add (units, g_steal_pointer (&unit));
          /* A revision the report replaces goes out as history (gb-store-pg-history.c). */
          if (!gb_store_pg_supersede (pg, json_object_get_string_member (c, "table"), key,
                                      json_object_get_member (c, "row"), error))
            return FALSE;
        }
      if (!gb_store_pg_write_feed (pg, changes, error))
        return FALSE;
      since = json_object_get_int_member (o, "next");
      more = json_object_get_boolean_member (o, "more");
    }
  return TRUE;
}

/**
 * gb_store_pg_report:
 *
 * A daily report, read and checked as on SQLite, its rows written in the caller's
 * transaction; @units: the distinct units of its rows.
 */
gboolean
gb_store_pg_report (GbDaemonDb    *db,
                    GbSeriesKind   series,
                    GBytes        *body,
                    guint         *n_rows,
                    GPtrArray    **units,
                    GError       **error)
{
  GbStorePg *pg = GB_STORE_PG (db);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 before;
  gboolean ok;

  if (!scratch_units (pg, error) || !gb_store_begin (pg->scratch, error))
    return FALSE;
  ok = (before = gb_sync_feed_last (pg->scratch, error)) >= 0 &&
       gb_series_import_bytes (pg->scratch, series, "report", body, NULL, FALSE, n_rows, error) &&
       copy_report_rows (pg, before, seen, error);
  /* The scratch copy keeps its units only: the rows are in PostgreSQL now. */
  gb_store_rollback (pg->scratch);
  if (!ok)
    return FALSE;
  *units = g_ptr_array_new_with_free_func (g_free);
  {
    GHashTableIter iter;
    gpointer unit;

    g_hash_table_iter_init (&iter, seen);
    while (g_hash_table_iter_next (&iter, &unit, NULL))
      {
        g_hash_table_iter_steal (&iter);
        g_ptr_array_add (*units, unit);
      }
  }
  return TRUE;
}

/* ---- loading an SQLite database ----------------------------------------------------------- */

/**
 * gb_store_pg_load:
 * @store: an SQLite database (a province's giaoband, or one seeded with `giaoband seed`)
 *
 * Writes every synced row of @store into the PostgreSQL database @db, in feed order, page by
 * page, and gives the feed a new epoch: laptops that synced with the SQLite server sync again
 * from the start. Rows already in @db are replaced.
 */
gboolean
gb_store_pg_load (GbDaemonDb  *db,
                  GbStore     *store,
                  gint64      *loaded,
                  GError     **error)
{
  GbStorePg *pg = GB_STORE_PG (db);
  gint64 since = 0;
  gboolean more = TRUE;

  g_return_val_if_fail (db != NULL && GB_IS_STORE (store), FALSE);

  *loaded = 0;
  if (!gb_sync_feed_install_triggers (store, error) || !gb_sync_feed_backfill (store, NULL, error))
    return FALSE;
  while (more)
    {
      g_autoptr(JsonNode) page = gb_sync_feed_page (store, since, GB_SYNC_FEED_MAX_PAGE, error);
      JsonObject *o;
      JsonArray *changes;

      if (page == NULL || !gb_store_pg_begin (db, error))
        return FALSE;
      o = json_node_get_object (page);
      changes = json_object_get_array_member (o, "changes");
      if (!gb_store_pg_write_feed (pg, changes, error))
        {
          gb_store_pg_rollback (db);
          return FALSE;
        }
      if (!gb_store_pg_commit (db, error))
        return FALSE;
      *loaded += json_array_get_length (changes);
      since = json_object_get_int_member (o, "next");
      more = json_object_get_boolean_member (o, "more");
    }
  return gb_store_pg_new_epoch (db, error);
}
