/* gb-store-pg-area.c — a laptop's area changed: the rows it lacks, from PostgreSQL
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gb_sync_feed_area_fill_text() (src/core/sync/gb-store-sync-area.c) over gb_rows: the rows of
 * the units, their days and their history that go to the new area and not to the previous
 * one, at seqs up to the laptop's cursor.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include "gb-store-pg-area.h"
#include "gb-store-pg-private.h"
#include "gb-sync-feed.h"

/* The fill's rows: those of area $4 (everything when NULL) and not of area $5, as the area
 * pages choose them (gb-store-pg-area.h). */
#define PG_FILL(col) \
  "SELECT seq, tbl, key, " col " FROM gb_rows r WHERE seq > $1::bigint AND seq <= $3::bigint " \
  "AND op = 'upsert' AND tbl IN " PG_AREA_TABLES " " \
  "AND ($4::text IS NULL OR " PG_AREA_ROW ("4") ") AND NOT coalesce (" PG_AREA_ROW ("5") ", false) " \
  "ORDER BY seq LIMIT $2::integer"

char *
gb_store_pg_area_fill (GbDaemonDb  *db,
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
  GbStorePg *pg = GB_STORE_PG (db);
  g_autofree char *since_text = g_strdup_printf ("%" G_GINT64_FORMAT, since);
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  g_autofree char *last_text = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *base = NULL;
  const char *params[] = { since_text, limit_text, NULL, area, previous };
  GbSyncFeedWriter *w;
  PGresult *res;
  gint64 last;

  g_return_val_if_fail (previous != NULL, NULL);
  if (!gb_sync_feed_fill_range_ok (since, until, limit, error))
    return NULL;
  if (pg->reading && pg->read_last >= 0)
    last = pg->read_last;
  else if ((last = gb_store_pg_feed_last (db, error)) < 0)
    return NULL;
  last = MIN (last, until);
  params[2] = last_text = g_strdup_printf ("%" G_GINT64_FORMAT, last);
  res = gb_store_pg_run (pg, compact ? PG_FILL ("row_arr") : PG_FILL ("row_obj"),
                         5, params, error);
  if (res == NULL)
    return NULL;
  w = gb_sync_feed_writer_new (since, compact);
  /* Every row read counts toward the page's limit, so each is written. */
  for (int i = 0; i < PQntuples (res); i++)
    gb_sync_feed_writer_add (w, g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10), PQgetvalue (res, i, 1),
                             PQgetvalue (res, i, 2), "upsert", PQgetisnull (res, i, 3) ? NULL : PQgetvalue (res, i, 3));
  PQclear (res);
  epoch = gb_store_pg_meta (pg, "feed_epoch");
  base = gb_store_pg_meta (pg, "feed_epoch_base");
  return gb_sync_feed_writer_finish (w, since, limit, last, base ? epoch : NULL,
                                     base ? g_ascii_strtoll (base, NULL, 10) : 0, next, more);
}
