/* gb-store-sync-area.c — a laptop's area changed: what the server sends it, and what it drops
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A laptop of one area holds, of units, case_reports, vaccinations and treatment_capacity, only
 * the rows of the area's units, of its province and of every province (gb-store-sync-feed.c).
 * When its area changes it keeps its cursor: the server sends it, once, the rows it never got
 * because they were outside its previous area (a "fill": rows of the new area and not of the
 * previous one, up to its cursor; what changed after its cursor comes with the feed as
 * always), and it drops the rows of the units now outside its area itself
 * (gb_store_sync_area_prune()). docs/sync-api.md, "Changing the area".
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-private.h"
#include "gb-store-sync-codec-private.h"
#include "gb-store-sync.h"
#include "gb-sync-area-private.h"
#include "gb-sync-feed.h"

/* The tables whose rows follow a laptop's area (GB_AREA_TABLES). */
static const char *const area_tables[] = {
  "units", "unit_versions", "unit_successions", "unit_merges", "case_reports", "vaccinations", "treatment_capacity",
};

/* ?1 since, ?2 limit, ?3 the new area (NULL: everything), ?4 until, ?5 the previous area. */
static char *
make_fill_sql (gboolean compact)
{
  GString *s = g_string_new ("SELECT l.seq, l.tbl, l.key, CASE l.tbl ");

  for (guint i = 0; i < G_N_ELEMENTS (area_tables); i++)
    {
      const GbSyncTable *t = gb_sync_find_table (area_tables[i]);
      guint nk = gb_sync_n_cols (t->key);

      g_string_append_printf (s, "WHEN '%s' THEN (SELECT ", t->name);
      gb_sync_append_row_select (s, t, compact);
      for (guint j = 0; j < nk; j++)
        g_string_append_printf (s, "%sc.%s = json_extract (l.key, '$.%s')", j ? " AND " : "", t->key[j].col,
                                t->key[j].json);
      g_string_append (s, ") ");
    }
  g_string_append (s, "END FROM main.change_log l WHERE l.seq > ?1 AND l.seq <= ?4 AND l.op = 'upsert' "
                   "AND l.tbl IN " GB_AREA_TABLES " AND json_valid (l.key) "
                   "AND (?3 IS NULL OR " GB_AREA_ROW ("l.tbl", "l.key", "3") ") "
                   "AND NOT coalesce (" GB_AREA_ROW ("l.tbl", "l.key", "5") ", 0) "
                   "ORDER BY l.seq LIMIT ?2");
  return g_string_free (s, FALSE);
}

static const char *
fill_sql (gboolean compact)
{
  static const char *sql[2];
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *text = make_fill_sql (i == 1);

          sql[i] = g_intern_string (text);
        }
      g_once_init_leave (&once, 1);
    }
  return sql[compact ? 1 : 0];
}

/**
 * gb_sync_feed_fill_range_ok:
 *
 * Whether an area fill's range and page size can be served (both storages ask).
 */
gboolean
gb_sync_feed_fill_range_ok (gint64   since,
                            gint64   until,
                            guint    limit,
                            GError **error)
{
  if (since >= 0 && until >= since && limit > 0 && limit <= GB_SYNC_FEED_MAX_PAGE)
    return TRUE;
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
               _("since must be 0 or more, until not below it and limit between 1 and %d"), GB_SYNC_FEED_MAX_PAGE);
  return FALSE;
}

/**
 * gb_sync_feed_area_fill_text:
 * @since: the fill's own cursor (0 at first)
 * @until: the laptop's feed cursor: the fill holds no row after it
 * @area: (nullable): the laptop's new area; NULL: everything
 * @previous: the area it held until now
 *
 * A page of the rows a laptop whose area changed from @previous to @area lacks: rows of the
 * units of @area that are not of @previous, at sequences in (@since, @until], as they are now.
 * The page's "last" is @until (or the feed's last, if lower: a restored server); "next" and
 * "more" page through that range as the feed does.
 *
 * Returns: (transfer full): the page as compact JSON text, or NULL with @error set
 */
char *
gb_sync_feed_area_fill_text (GbStore    *store,
                             gint64      since,
                             gint64      until,
                             guint       limit,
                             gboolean    compact,
                             const char *area,
                             const char *previous,
                             gint64     *next_out,
                             gboolean   *more_out,
                             GError    **error)
{
  GbSyncFeedWriter *w;
  g_autofree char *epoch = NULL;
  g_autofree char *base = NULL;
  sqlite3_stmt *stmt;
  gint64 last;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (previous != NULL, NULL);
  if (!gb_sync_feed_fill_range_ok (since, until, limit, error) || !gb_store_begin (store, error))
    return NULL;
  if ((last = gb_sync_feed_last (store, error)) < 0 ||
      (stmt = gb_store_prepare (store, fill_sql (compact), error)) == NULL)
    {
      gb_store_rollback (store);
      return NULL;
    }
  last = MIN (last, until);
  w = gb_sync_feed_writer_new (since, compact);
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  if (area != NULL)
    sqlite3_bind_text (stmt, 3, area, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, last);
  sqlite3_bind_text (stmt, 5, previous, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Every row read counts toward the page's limit, so each is written: one gone since its
       * change was logged goes as a delete (gb_sync_feed_writer_add()). */
      gb_sync_feed_writer_add (w, sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                               (const char *) sqlite3_column_text (stmt, 2), "upsert",
                               (const char *) sqlite3_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  epoch = gb_store_get_meta (store, "feed_epoch");
  base = gb_store_get_meta (store, "feed_epoch_base");
  if (rc != SQLITE_DONE || !gb_store_commit (store, error))
    {
      if (rc != SQLITE_DONE)
        gb_store_set_error (store, error, "Could not read the change feed");
      g_free (gb_sync_feed_writer_finish (w, since, limit, 0, NULL, 0, NULL, NULL));
      gb_store_rollback (store);
      return NULL;
    }
  return gb_sync_feed_writer_finish (w, since, limit, last, base ? epoch : NULL,
                                     base ? g_ascii_strtoll (base, NULL, 10) : 0, next_out, more_out);
}

/* ---- the laptop's side ---------------------------------------------------------------------- */

/* temp.gb_area_drop: the units not of area ?1 (GB_AREA_OF, over this copy's units): their days
 * go, and they go unless the copy still holds them (GB_AREA_HOLDS). The units' history goes as
 * GB_AREA_ROW says; all of it is decided before a unit goes. The outbox is read in every step:
 * a row with an edit not yet sent stays. */
#define QUEUED_HISTORY(tbl, cond) \
  "EXISTS (SELECT 1 FROM main.outbox o WHERE o.tbl = '" tbl "' AND " cond ")"
#define NOT_QUEUED(tbl, c) \
  "NOT EXISTS (SELECT 1 FROM main.outbox o WHERE o.tbl = '" tbl "' " \
  "  AND json_extract (o.key, '$.unit_code') = " c ".unit_code AND json_extract (o.key, '$.date') IS " c ".date)"

static const char *const prune_sql[] = {
  "CREATE TEMP TABLE IF NOT EXISTS gb_area_drop (code TEXT PRIMARY KEY) WITHOUT ROWID",
  "CREATE TEMP TABLE IF NOT EXISTS gb_area_refs (code TEXT PRIMARY KEY) WITHOUT ROWID",
  "CREATE TEMP TABLE IF NOT EXISTS gb_area_days (tbl TEXT, unit_code TEXT, date TEXT, received_at TEXT)",
  "DELETE FROM temp.gb_area_drop",
  "DELETE FROM temp.gb_area_refs",
  "DELETE FROM temp.gb_area_days",
  "INSERT INTO temp.gb_area_drop (code) SELECT x.code FROM main.units x WHERE NOT " GB_AREA_OF ("x.code", "1", "z"),
  /* The history of units the copy no longer holds, and of merges it no longer sees. */
  "DELETE FROM main.unit_versions AS v WHERE NOT coalesce (" GB_AREA_HOLDS ("v.code", "1") ", 0) "
  "  AND NOT " QUEUED_HISTORY ("unit_versions", "json_extract (o.key, '$.code') = v.code "
  "                                              AND json_extract (o.key, '$.valid_from') = v.valid_from"),
  "DELETE FROM main.unit_successions AS s "
  "  WHERE NOT coalesce (" GB_AREA_SUCCESSION ("s.predecessor", "s.successor", "1") ", 0) "
  "  AND NOT " QUEUED_HISTORY ("unit_successions", "json_extract (o.key, '$.predecessor') = s.predecessor "
  "                                                 AND json_extract (o.key, '$.successor') = s.successor "
  "                                                 AND json_extract (o.key, '$.date') = s.date"),
  "DELETE FROM main.unit_merges AS m WHERE NOT coalesce (" GB_AREA_MERGE ("m.successor", "m.codes", "1") ", 0) "
  "  AND NOT " QUEUED_HISTORY ("unit_merges", "json_extract (o.key, '$.uid') = m.uid"),
  /* The daily rows dropped, to drop the revisions the copy made of them itself too. */
  "INSERT INTO temp.gb_area_days SELECT 'case_reports', c.unit_code, c.date, c.received_at FROM main.case_reports c "
  "  WHERE c.unit_code IN (SELECT code FROM temp.gb_area_drop) AND " NOT_QUEUED ("case_reports", "c"),
  "INSERT INTO temp.gb_area_days SELECT 'vaccinations', c.unit_code, c.date, c.received_at FROM main.vaccinations c "
  "  WHERE c.unit_code IN (SELECT code FROM temp.gb_area_drop) AND " NOT_QUEUED ("vaccinations", "c"),
  "DELETE FROM main.case_reports WHERE (date, unit_code) IN "
  "  (SELECT date, unit_code FROM temp.gb_area_days WHERE tbl = 'case_reports')",
  "DELETE FROM main.vaccinations WHERE (date, unit_code) IN "
  "  (SELECT date, unit_code FROM temp.gb_area_days WHERE tbl = 'vaccinations')",
  /* The revision each dropped row was, and the mark of its removal the delete just left:
   * neither came from the server (the superseded revisions did, and stay, as a fresh copy of
   * the area has them). */
  "DELETE FROM main.case_report_history WHERE (date, unit_code) IN "
  "  (SELECT date, unit_code FROM temp.gb_area_days WHERE tbl = 'case_reports') "
  "  AND (superseded = 0 OR (date, unit_code, received_at) IN "
  "       (SELECT date, unit_code, received_at FROM temp.gb_area_days WHERE tbl = 'case_reports'))",
  "DELETE FROM main.vaccination_history WHERE (date, unit_code) IN "
  "  (SELECT date, unit_code FROM temp.gb_area_days WHERE tbl = 'vaccinations') "
  "  AND (superseded = 0 OR (date, unit_code, received_at) IN "
  "       (SELECT date, unit_code, received_at FROM temp.gb_area_days WHERE tbl = 'vaccinations'))",
  "DELETE FROM main.treatment_capacity AS c WHERE c.unit_code IN (SELECT code FROM temp.gb_area_drop) "
  "  AND NOT EXISTS (SELECT 1 FROM main.outbox o WHERE o.tbl = 'treatment_capacity' "
  "    AND json_extract (o.key, '$.unit_code') = c.unit_code)",
  /* A unit that still has rows (edits not yet sent), is itself an edit not yet sent, or is
   * held all the same (made from a unit of the area), stays. */
  "DELETE FROM temp.gb_area_drop AS dd WHERE " GB_AREA_HOLDS ("dd.code", "1"),
  "DELETE FROM temp.gb_area_drop WHERE code IN (SELECT unit_code FROM main.case_reports "
  "  UNION SELECT unit_code FROM main.vaccinations UNION SELECT unit_code FROM main.treatment_capacity "
  "  UNION SELECT json_extract (key, '$.code') FROM main.outbox WHERE tbl = 'units')",
  /* A unit other synced rows name stays as the placeholder a fresh copy makes for them
   * (ensure_unit() in gb-store-sync-codec.c); the rest go. */
  "INSERT INTO temp.gb_area_refs SELECT code FROM temp.gb_area_drop WHERE code IN ("
  "  SELECT code FROM main.unit_versions UNION SELECT successor FROM main.unit_successions "
  "  UNION SELECT predecessor FROM main.unit_successions UNION SELECT unit_code FROM main.level_overrides "
  "  UNION SELECT unit_code FROM main.review_items UNION SELECT unit_code FROM main.case_report_history "
  "  UNION SELECT unit_code FROM main.vaccination_history)",
  "UPDATE main.units SET level = CASE WHEN length (code) <= 2 THEN 1 WHEN length (code) = 3 THEN 2 ELSE 3 END, "
  "  parent_code = NULL, name = code, type = NULL, population = NULL, pop_18 = NULL, pop_65 = NULL, "
  "  valid_from = NULL, valid_to = NULL, geometry = NULL, min_lon = NULL, min_lat = NULL, max_lon = NULL, "
  "  max_lat = NULL WHERE code IN (SELECT code FROM temp.gb_area_refs)",
  "DELETE FROM main.units WHERE code IN (SELECT code FROM temp.gb_area_drop) "
  "  AND code NOT IN (SELECT code FROM temp.gb_area_refs)",
};

/* The units outside area ?1 that keep rows for their edits not yet sent. */
#define KEPT_SQL \
  "SELECT count(*) FROM main.units x WHERE NOT coalesce (" GB_AREA_HOLDS ("x.code", "1") ", 0) AND x.name <> x.code"

/**
 * gb_store_sync_area_prune:
 * @area: the area this copy now keeps (a province's or a district's code)
 * @kept: (out) (optional): how many units outside @area stayed for their edits not yet sent
 *
 * Drops, in one transaction, the rows a copy of @area does not hold (see the top of the file):
 * the units outside it and their daily rows and treatment capacity, except the rows with an
 * edit still in the outbox (they stay, and are pushed). A unit other synced rows name becomes
 * the placeholder a fresh copy of @area would make for them. Nothing is queued.
 */
gboolean
gb_store_sync_area_prune (GbStore     *store,
                          const char  *area,
                          gint64      *kept,
                          GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (!gb_store_begin (store, error))
    return FALSE;
  if (!gb_store_sync_begin_apply (store, error))
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (prune_sql); i++)
    {
      sqlite3_stmt *stmt = gb_store_prepare (store, prune_sql[i], error);

      if (stmt == NULL)
        goto fail_apply;
      if (sqlite3_bind_parameter_count (stmt) > 0)
        sqlite3_bind_text (stmt, 1, area, -1, SQLITE_TRANSIENT);
      if (!gb_store_step_done (store, stmt, "Could not drop the rows outside the area", error))
        goto fail_apply;
    }
  if (kept != NULL)
    {
      sqlite3_stmt *stmt = gb_store_prepare (store, KEPT_SQL, error);

      if (stmt == NULL)
        goto fail_apply;
      sqlite3_bind_text (stmt, 1, area, -1, SQLITE_TRANSIENT);
      *kept = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
      sqlite3_reset (stmt);
    }
  gb_store_sync_end_apply (store);
  return gb_store_commit (store, error);

fail_apply:
  gb_store_sync_end_apply (store);
fail:
  gb_store_rollback (store);
  return FALSE;
}
