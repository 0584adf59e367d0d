/* gb-store-pg-area.c — a laptop's area changed: the rows it lacks, from PostgreSQL
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gb_sync_feed_area_fill_text() (src/core/sync/gb-store-sync-area.c) over gb_rows: the rows of
 * units, case_reports, vaccinations and treatment_capacity of the new area's units and not of
 * the previous area's, at seqs up to the laptop's cursor.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include "gb-store-pg-private.h"
#include "gb-sync-feed.h"

/* Whether the unit of row r belongs to area $N: in it, its province, or a province. */
#define PG_AREA_UNIT(m) "((u.row_obj::json) ->> '" m "')"
#define PG_AREA_HAS(n) \
  "EXISTS (SELECT 1 FROM gb_rows u LEFT JOIN gb_rows p ON p.tbl = 'units' AND p.op = 'upsert' " \
  "          AND p.ident = 'units:' || " PG_AREA_UNIT ("parent_code") " " \
  "        WHERE u.tbl = 'units' AND u.op = 'upsert' " \
  "          AND u.ident = 'units:' || coalesce ((r.key::json) ->> 'code', (r.key::json) ->> 'unit_code') " \
  "          AND (" PG_AREA_UNIT ("level") " = '1' OR " PG_AREA_UNIT ("code") " = $" n " " \
  "               OR " PG_AREA_UNIT ("parent_code") " = $" n " OR ((p.row_obj::json) ->> 'parent_code') = $" n " " \
  "               OR " PG_AREA_UNIT ("code") " = (SELECT ((a.row_obj::json) ->> 'parent_code') FROM gb_rows a " \
  "                 WHERE a.tbl = 'units' AND a.op = 'upsert' AND a.ident = 'units:' || $" n ")))"

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
  res = gb_store_pg_run (pg, compact
                         ? "SELECT seq, tbl, key, row_arr FROM gb_rows r WHERE seq > $1::bigint AND seq <= $3::bigint "
                           "AND op = 'upsert' AND tbl IN ('units', 'case_reports', 'vaccinations', 'treatment_capacity') "
                           "AND ($4::text IS NULL OR " PG_AREA_HAS ("4") ") AND NOT " PG_AREA_HAS ("5") " "
                           "ORDER BY seq LIMIT $2::integer"
                         : "SELECT seq, tbl, key, row_obj FROM gb_rows r WHERE seq > $1::bigint AND seq <= $3::bigint "
                           "AND op = 'upsert' AND tbl IN ('units', 'case_reports', 'vaccinations', 'treatment_capacity') "
                           "AND ($4::text IS NULL OR " PG_AREA_HAS ("4") ") AND NOT " PG_AREA_HAS ("5") " "
                           "ORDER BY seq LIMIT $2::integer",
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
