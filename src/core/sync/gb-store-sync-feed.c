/* gb-store-sync-feed.c — giaoband's change feed: triggers, backfill, pages, the audit log
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write to a synced table is logged in change_log by TEMP triggers in the same
 * transaction; a page is read in one statement with every row encoded by SQLite's
 * json_object(). See gb-store-sync-tables.c for why children move after their parents.
 */
#define G_LOG_DOMAIN "gb-sync-feed"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-private.h"
#include "gb-store-sync-codec-private.h"
#include "gb-sync-area-private.h"
#include "gb-sync-feed.h"

static char *
move_sql (const GbSyncMove *m)
{
  const GbSyncTable *child = gb_sync_find_table (m->child);
  g_autofree char *ck = gb_sync_key_expr (child, "c");

  /* No INSERT OR REPLACE here: an upsert firing the trigger would turn it into an abort. */
  return g_strdup_printf ("INSERT INTO gb_feed_move (seq, tbl, key, op, changed) "
                          "SELECT seq, tbl, key, op, coalesce (changed, seq) FROM main.change_log "
                          "WHERE tbl = '%s' AND key IN (SELECT %s FROM main.%s c WHERE %s); "
                          "DELETE FROM change_log WHERE seq IN (SELECT seq FROM temp.gb_feed_move); "
                          "INSERT INTO change_log (tbl, key, op, changed) "
                          "SELECT tbl, key, op, changed FROM temp.gb_feed_move ORDER BY seq; "
                          "DELETE FROM gb_feed_move; ",
                          m->child, ck, m->child, m->where);
}

/**
 * gb_sync_feed_new_epoch:
 *
 * Gives the feed a new identity: giaoband calls it after restoring its database from a backup,
 * whose feed re-issues sequence numbers its clients already had. Every page names its epoch
 * and the sequence the epoch began after (the backup's end); a client that sees a new epoch
 * syncs again from the start and sends again what it pushed after that sequence.
 */
gboolean
gb_sync_feed_new_epoch (GbStore  *store,
                        GError  **error)
{
  g_autofree char *epoch = g_uuid_string_random ();
  char base[32];
  gint64 last;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  if ((last = gb_sync_feed_last (store, error)) < 0)
    return FALSE;
  g_snprintf (base, sizeof base, "%" G_GINT64_FORMAT, last);
  return gb_store_set_meta (store, "feed_epoch_base", base, error) &&
         gb_store_set_meta (store, "feed_epoch", epoch, error);
}

/* The tables whose rows belong to a unit (AREA_KEEPS), and the unit of a change l. */
#define AREA_TABLES "('units', 'case_reports', 'vaccinations', 'treatment_capacity')"
#define AREA_UNIT(l) "coalesce (json_extract (" l ".key, '$.code'), json_extract (" l ".key, '$.unit_code'))"

/* The province of the unit @code (NULL for a province: its rows go to every area). */
#define UNIT_PROVINCE(code) \
  "(SELECT CASE u.level WHEN 2 THEN u.parent_code WHEN 3 THEN p.parent_code END " \
  " FROM main.units u LEFT JOIN main.units p ON p.code = u.parent_code WHERE u.code = " code ")"

/* change_log.province (migration 0110): every logged change of a unit's row names the unit's
 * province, whichever statement logged it (the table's own triggers name it as they log it;
 * gb_feed_province names it for the other statements: moves, backfill); a unit moved to another parent, or made another
 * level, leaves its changes and those of its children NULL, which is always safe (tested
 * against the units table as before). */
#define FEED_PROVINCE_TRIGGERS \
  "CREATE TEMP TRIGGER IF NOT EXISTS gb_feed_province AFTER INSERT ON main.change_log " \
  "WHEN NEW.op = 'upsert' AND NEW.province IS NULL AND NEW.tbl IN " AREA_TABLES " BEGIN " \
  "UPDATE change_log SET province = " UNIT_PROVINCE (AREA_UNIT ("NEW")) " WHERE seq = NEW.seq; " \
  "END; " \
  "CREATE TEMP TRIGGER IF NOT EXISTS gb_feed_province_moved AFTER UPDATE OF parent_code, level ON main.units " \
  "WHEN OLD.parent_code IS NOT NEW.parent_code OR OLD.level IS NOT NEW.level BEGIN " \
  "UPDATE change_log SET province = NULL " \
  "WHERE province IN (OLD.parent_code, (SELECT parent_code FROM main.units WHERE code = OLD.parent_code), OLD.code) " \
  "  AND (" AREA_UNIT ("change_log") " IN (SELECT code FROM main.units WHERE parent_code = OLD.code) " \
  "       OR " AREA_UNIT ("change_log") " = OLD.code OR province = OLD.code); " \
  "END"

/* A succession makes its successor a unit the laptops of its predecessor's area hold
 * (gb-sync-area-private.h): a successor that was there before (a district merged into its
 * neighbour) is logged again after it, so that those laptops get its row, not a placeholder. */
#define FEED_SUCCESSOR_TRIGGER \
  "CREATE TEMP TRIGGER IF NOT EXISTS gb_feed_successor AFTER INSERT ON main.unit_successions BEGIN " \
  "DELETE FROM change_log WHERE tbl = 'units' AND key = json_object('code', NEW.successor) " \
  "  AND EXISTS (SELECT 1 FROM main.units WHERE code = NEW.successor); " \
  "INSERT INTO change_log (tbl, key, op) SELECT 'units', json_object('code', s.code), 'upsert' " \
  "  FROM main.units s WHERE s.code = NEW.successor; " \
  "END"

/* The province of the unit of the row NEW of @t, as SQL ("NULL" for a table without units). */
static char *
feed_province (const GbSyncTable *t)
{
  if (strcmp (t->name, "units") == 0)
    return g_strdup (UNIT_PROVINCE ("NEW.code"));
  if (strcmp (t->name, "case_reports") == 0 || strcmp (t->name, "vaccinations") == 0 ||
      strcmp (t->name, "treatment_capacity") == 0)
    return g_strdup (UNIT_PROVINCE ("NEW.unit_code"));
  return g_strdup ("NULL");
}

/* " AND condition" on the row called @row when @t's feed carries only some rows, else "". */
static char *
feed_when (const GbSyncTable *t,
           const char        *row)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *cond = NULL;

  if (t->feed_when == NULL)
    return g_strdup ("");
  parts = g_strsplit (t->feed_when, "$", -1);
  cond = g_strjoinv (row, parts);
  return g_strdup_printf (" AND (%s)", cond);
}

/**
 * gb_sync_feed_install_triggers:
 *
 * Installs, on this connection only (TEMP triggers), the triggers that log every change of a
 * synced table in change_log in the same transaction. giaoband calls it once on its store.
 */
gboolean
gb_sync_feed_install_triggers (GbStore  *store,
                               GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  {
    g_autofree char *epoch = gb_store_get_meta (store, "feed_epoch");

    if (epoch == NULL && !gb_sync_feed_new_epoch (store, error))
      return FALSE;
  }
  if (!gb_store_exec (store, "CREATE TEMP TABLE IF NOT EXISTS gb_feed_move "
                      "(seq INTEGER, tbl TEXT, key TEXT, op TEXT, changed INTEGER)", error) ||
      !gb_store_exec (store, FEED_PROVINCE_TRIGGERS, error) || !gb_store_exec (store, FEED_SUCCESSOR_TRIGGER, error))
    return FALSE;
  for (guint i = 0; i < GB_SYNC_N_TABLES; i++)
    {
      const GbSyncTable *t = &gb_sync_tables[i];
      g_autofree char *knew = gb_sync_key_expr (t, "NEW");
      g_autofree char *kold = gb_sync_key_expr (t, "OLD");
      g_autoptr(GString) mv = g_string_new (NULL);
      g_autofree char *ins = NULL, *upd = NULL, *del = NULL;
      g_autofree char *when = feed_when (t, "NEW");
      g_autofree char *province = feed_province (t);

      for (guint m = 0; m < GB_SYNC_N_MOVES; m++)
        if (strcmp (gb_sync_moves[m].parent, t->name) == 0)
          {
            g_autofree char *s = move_sql (&gb_sync_moves[m]);

            g_string_append (mv, s);
          }
      ins = g_strdup_printf ("CREATE TEMP TRIGGER IF NOT EXISTS gb_feed_%s_insert AFTER INSERT ON main.%s "
                             "WHEN " GB_SYNC_SQL_KEY_COMPLETE ("%s") "%s BEGIN "
                             "DELETE FROM change_log WHERE tbl = '%s' AND key = %s; "
                             "INSERT INTO change_log (tbl, key, op, province) VALUES ('%s', %s, 'upsert', %s); "
                             "END",
                             t->name, t->name, knew, when, t->name, knew, t->name, knew, province);
      upd = g_strdup_printf ("CREATE TEMP TRIGGER IF NOT EXISTS gb_feed_%s_update AFTER UPDATE ON main.%s "
                             "WHEN " GB_SYNC_SQL_KEY_COMPLETE ("%s") "%s BEGIN "
                             "DELETE FROM change_log WHERE tbl = '%s' AND key = %s AND %s IS NOT %s; "
                             "INSERT INTO change_log (tbl, key, op) "
                             "  SELECT '%s', %s, 'delete' WHERE %s IS NOT %s AND " GB_SYNC_SQL_KEY_COMPLETE ("%s") "; "
                             "DELETE FROM change_log WHERE tbl = '%s' AND key = %s; "
                             "INSERT INTO change_log (tbl, key, op, province) VALUES ('%s', %s, 'upsert', %s); "
                             "%s"
                             "END",
                             t->name, t->name, knew, when,
                             t->name, kold, kold, knew,
                             t->name, kold, kold, knew, kold,
                             t->name, knew,
                             t->name, knew, province, mv->str);
      del = g_strdup_printf ("CREATE TEMP TRIGGER IF NOT EXISTS gb_feed_%s_delete AFTER DELETE ON main.%s "
                             "WHEN " GB_SYNC_SQL_KEY_COMPLETE ("%s") " BEGIN "
                             "DELETE FROM change_log WHERE tbl = '%s' AND key = %s; "
                             "INSERT INTO change_log (tbl, key, op) VALUES ('%s', %s, 'delete'); "
                             "END",
                             t->name, t->name, kold, t->name, kold, t->name, kold);
      if (!gb_store_exec (store, ins, error) || !gb_store_exec (store, upd, error) || !gb_store_exec (store, del, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
count_of (GbStore    *store,
          const char *sql,
          const char *arg,
          GError    **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, sql, error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    gb_store_set_error (store, error, "Could not count rows");
  sqlite3_reset (stmt);
  return n;
}

/**
 * gb_sync_feed_backfill:
 * @added: (out) (optional): how many rows were logged
 *
 * Logs the rows written while giaoband was not running (a database filled by giaoban-cli or
 * the demo before the daemon first started), parents before children, in one transaction. A
 * table whose rows are all logged already is skipped quickly.
 */
gboolean
gb_sync_feed_backfill (GbStore  *store,
                       gint64   *added,
                       GError  **error)
{
  gint64 total = 0;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  if (!gb_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < GB_SYNC_N_TABLES; i++)
    {
      const GbSyncTable *t = &gb_sync_tables[i];
      g_autofree char *when = feed_when (t, "c");
      g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM main.%s c WHERE 1%s", t->name, when);
      g_autofree char *ck = gb_sync_key_expr (t, "c");
      g_autofree char *fill = NULL;
      gint64 rows, logged;

      rows = count_of (store, g_intern_string (count_sql), NULL, error);
      logged = count_of (store, "SELECT count(*) FROM change_log WHERE tbl = ?1 AND op = 'upsert'", t->name, error);
      if (rows < 0 || logged < 0)
        goto fail;
      if (rows == logged)
        continue;
      /* ORDER BY on the outer SELECT: a subquery's order need not survive into the insert. */
      fill = g_strdup_printf ("INSERT OR IGNORE INTO main.change_log (tbl, key, op) "
                              "SELECT '%s', %s, 'upsert' FROM main.%s c WHERE " GB_SYNC_SQL_KEY_COMPLETE ("%s") "%s ORDER BY %s",
                              t->name, ck, t->name, ck, when, t->order);
      if (!gb_store_exec (store, fill, error))
        goto fail;
      total += sqlite3_changes (gb_store_get_db (store));
    }
  if (!gb_store_commit (store, error))
    return FALSE;
  if (added)
    *added = total;
  return TRUE;

fail:
  gb_store_rollback (store);
  return FALSE;
}

/**
 * gb_sync_feed_last:
 *
 * Returns: the highest sequence number of the feed (0 when empty), -1 on error
 */
gint64
gb_sync_feed_last (GbStore  *store,
                   GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), -1);

  return count_of (store, "SELECT coalesce (max (seq), 0) FROM change_log", NULL, error);
}

static char *
key_value_expr (const GbSyncCol *c)
{
  if (c->ref != NULL)
    return g_strdup_printf ("(SELECT id FROM main.%s WHERE uid = json_extract (l.key, '$.%s'))", c->ref, c->json);
  return g_strdup_printf ("json_extract (l.key, '$.%s')", c->json);
}

/* Whether the change l goes to a laptop of area ?3 (a province or a district): every row of a
 * table without a unit; a unit, a day of a unit or the units' history as GB_AREA_ROW() says
 * (gb-sync-area-private.h). A delete always goes: a row the laptop lacks matches none. */
#define AREA_KEEPS \
  "l.op = 'delete' OR l.tbl NOT IN " GB_AREA_TABLES " OR " GB_AREA_ROW ("l.tbl", "l.key", "3")

/* An area's changes after ?1, at most ?2 (?3 the area): those that go to every area (province
 * NULL) and those of the area's province, each read by the index on (province, seq) and
 * tested as before, the two merged. Neither reads the rest of the country. */
#define AREA_CHANGES \
  "SELECT * FROM (SELECT l.* FROM main.change_log l WHERE l.province IS NULL AND l.seq > ?1 " \
  "               AND (" AREA_KEEPS ") ORDER BY l.seq LIMIT ?2) " \
  "UNION ALL " \
  "SELECT * FROM (SELECT l.* FROM main.change_log l WHERE l.province = (" AREA_PROVINCE ") AND l.seq > ?1 " \
  "               AND (" AREA_KEEPS ") ORDER BY l.seq LIMIT ?2)"

/* The province of the area ?3 (itself for a province). */
#define AREA_PROVINCE \
  "SELECT CASE a.level WHEN 1 THEN a.code WHEN 2 THEN a.parent_code ELSE ap.parent_code END " \
  "FROM main.units a LEFT JOIN main.units ap ON ap.code = a.parent_code WHERE a.code = ?3"

/* One statement reads a whole page: every change with its row as it is now, encoded by
 * json_object() in the same statement (a correlated subquery per table, chosen by CASE), so a
 * page costs one query rather than one per row. Columns: seq, tbl, key, op, the row (NULL
 * for a delete or a row gone since), and whether the change can be sent at all (a known table
 * and a key that is a JSON object). In the compact format the row is json_array() of the same
 * values, in the order of the page's "columns". */
static char *
make_feed_page_sql (gboolean compact,
                    gboolean area)
{
  GString *s = g_string_new ("SELECT l.seq, l.tbl, l.key, l.op, "
                             "CASE WHEN l.op = 'upsert' AND json_valid (l.key) AND json_type (l.key) = 'object' THEN "
                             "CASE l.tbl ");

  for (guint i = 0; i < GB_SYNC_N_TABLES; i++)
    {
      const GbSyncTable *t = &gb_sync_tables[i];
      guint nk = gb_sync_n_cols (t->key);

      g_string_append_printf (s, "WHEN '%s' THEN (SELECT ", t->name);
      gb_sync_append_row_select (s, t, compact);
      for (guint j = 0; j < nk; j++)
        {
          g_autofree char *k = key_value_expr (&t->key[j]);

          g_string_append_printf (s, "%sc.%s = %s", j ? " AND " : "", t->key[j].col, k);
        }
      if (t->conflict == NULL)
        g_string_append (s, " ORDER BY c.id DESC LIMIT 1");
      g_string_append (s, ") ");
    }
  g_string_append (s, "END END, "
                   "l.tbl IN (");
  for (guint i = 0; i < GB_SYNC_N_TABLES; i++)
    g_string_append_printf (s, "%s'%s'", i ? ", " : "", gb_sync_tables[i].name);
  g_string_append (s, ") AND json_valid (l.key) AND json_type (l.key) = 'object' ");
  if (!area)
    g_string_append (s, "FROM main.change_log l WHERE l.seq > ?1 ORDER BY l.seq LIMIT ?2");
  else
    g_string_append (s, "FROM (" AREA_CHANGES ") l ORDER BY l.seq LIMIT ?2");
  return g_string_free (s, FALSE);
}

static const char *
feed_page_sql (gboolean compact,
               gboolean area)
{
  static const char *sql[4];
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < 4; i++)
        {
          g_autofree char *text = make_feed_page_sql ((i & 1) != 0, (i & 2) != 0);

          sql[i] = g_intern_string (text);
        }
      g_once_init_leave (&once, 1);
    }
  return sql[(compact ? 1 : 0) | (area ? 2 : 0)];
}

/* The compact page's "columns": for each table in it, its key's members and the members of its
 * rows, in the order the rows' arrays give them. */
static void
append_columns (GString *out,
                guint64  seen)
{
  gboolean first_table = TRUE;

  g_string_append (out, ",\"columns\":{");
  for (guint i = 0; i < GB_SYNC_N_TABLES; i++)
    {
      const GbSyncTable *t = &gb_sync_tables[i];
      guint nk = gb_sync_n_cols (t->key), nc = gb_sync_n_cols (t->cols);

      if ((seen & (G_GUINT64_CONSTANT (1) << i)) == 0)
        continue;
      g_string_append_printf (out, "%s\"%s\":{\"key\":[", first_table ? "" : ",", t->name);
      for (guint j = 0; j < nk; j++)
        g_string_append_printf (out, "%s\"%s\"", j ? "," : "", t->key[j].json);
      g_string_append (out, "],\"row\":[");
      for (guint j = 0; j < nk + nc; j++)
        g_string_append_printf (out, "%s\"%s\"", j ? "," : "", j < nk ? t->key[j].json : t->cols[j - nk].json);
      g_string_append (out, "]}");
      first_table = FALSE;
    }
  g_string_append_c (out, '}');
}

/* ---- writing a page ------------------------------------------------------------------- */

struct _GbSyncFeedWriter
{
  GString           *out;
  gboolean           compact;
  guint64            seen;       /* the tables whose rows the compact page holds */
  const GbSyncTable *last_table;
  gint64             next;
  guint              count;
};

/**
 * gb_sync_feed_writer_new:
 * @since: the page's "since"
 * @compact: each change as an array, its row as an array of values (docs/sync-api.md)
 *
 * A feed page written straight as JSON text, change by change: the store and giaoband's
 * PostgreSQL storage write their pages the same way.
 */
GbSyncFeedWriter *
gb_sync_feed_writer_new (gint64   since,
                         gboolean compact)
{
  GbSyncFeedWriter *w = g_new0 (GbSyncFeedWriter, 1);

  w->out = g_string_sized_new (4096);
  w->compact = compact;
  w->next = since;
  g_string_append (w->out, "{\"changes\":[");
  return w;
}

/**
 * gb_sync_feed_writer_add:
 * @key: the key as canonical JSON text
 * @row: (nullable): the row as JSON text (an array in the compact format); NULL: deleted
 *
 * A change of an unknown table is skipped, not sent.
 */
void
gb_sync_feed_writer_add (GbSyncFeedWriter *w,
                         gint64            seq,
                         const char       *table,
                         const char       *key,
                         const char       *op,
                         const char       *row)
{
  g_return_if_fail (w != NULL && table != NULL && key != NULL && op != NULL);

  w->next = seq;
  /* Gone since (a cascade the log did not see): say so. */
  if (row == NULL)
    op = "delete";
  if (!w->compact)
    g_string_append_printf (w->out, "%s{\"seq\":%" G_GINT64_FORMAT ",\"table\":\"%s\",\"op\":\"%s\",\"key\":%s,\"row\":%s}",
                            w->count ? "," : "", seq, table, op, key, row ? row : "null");
  else
    {
      /* An upsert carries its row's values, a delete its key. */
      g_string_append_printf (w->out, "%s[%" G_GINT64_FORMAT ",\"%s\",\"%s\",%s]",
                              w->count ? "," : "", seq, table, op, row ? row : key);
      if (row != NULL)
        {
          if (w->last_table == NULL || strcmp (w->last_table->name, table) != 0)
            w->last_table = gb_sync_find_table (table);
          if (w->last_table != NULL)
            w->seen |= G_GUINT64_CONSTANT (1) << (w->last_table - gb_sync_tables);
        }
    }
  w->count++;
}

/**
 * gb_sync_feed_writer_finish:
 * @limit: the page's limit: a page with fewer changes reaches @last
 * @last: the feed's last sequence
 * @epoch: (nullable): the feed's epoch, with @epoch_base
 * @next: (out) (optional): the page's "next"
 * @more: (out) (optional): the page's "more"
 *
 * Returns: (transfer full): the page's text; @w is freed
 */
char *
gb_sync_feed_writer_finish (GbSyncFeedWriter *w,
                            gint64            since,
                            guint             limit,
                            gint64            last,
                            const char       *epoch,
                            gint64            epoch_base,
                            gint64           *next,
                            gboolean         *more)
{
  GString *out = w->out;

  if (w->count < limit && last > since)
    w->next = last;
  g_string_append_c (out, ']');
  if (w->compact)
    append_columns (out, w->seen);
  if (epoch != NULL)
    g_string_append_printf (out, ",\"epoch\":\"%s\",\"epoch_base\":%" G_GINT64_FORMAT, epoch, epoch_base);
  g_string_append_printf (out, ",\"since\":%" G_GINT64_FORMAT ",\"next\":%" G_GINT64_FORMAT
                          ",\"last\":%" G_GINT64_FORMAT ",\"more\":%s}",
                          since, w->next, last, w->next < last ? "true" : "false");
  if (next != NULL)
    *next = w->next;
  if (more != NULL)
    *more = w->next < last;
  g_free (w);
  return g_string_free (out, FALSE);
}

/**
 * gb_sync_feed_page_text:
 * @since: the last sequence the client has (0 for everything)
 * @limit: at most this many changes (1 … GB_SYNC_FEED_MAX_PAGE)
 * @compact: each change as an array, its row as an array of values (docs/sync-api.md)
 * @next: (out) (optional): the page's "next"
 * @more: (out) (optional): the page's "more"
 *
 * The same page as gb_sync_feed_page(), written straight as JSON text: rows go from SQLite's
 * json_object() into the answer without being parsed again, which is what makes serving a
 * national first sync cheap.
 *
 * Returns: (transfer full): the page as compact JSON text, or NULL with @error set
 */
char *
gb_sync_feed_page_text (GbStore  *store,
                        gint64    since,
                        guint     limit,
                        gboolean  compact,
                        gint64   *next_out,
                        gboolean *more_out,
                        GError  **error)
{
  return gb_sync_feed_page_area_text (store, since, limit, compact, NULL, next_out, more_out, error);
}

/**
 * gb_sync_feed_area_plan:
 *
 * How SQLite reads an area's page (EXPLAIN QUERY PLAN, one step a line): the tests check
 * that it reads the feed by its province index, not the whole feed.
 *
 * Returns: (transfer full): the plan, or NULL with @error set
 */
char *
gb_sync_feed_area_plan (GbStore  *store,
                        GError  **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  sql = g_strconcat ("EXPLAIN QUERY PLAN ", feed_page_sql (TRUE, TRUE), NULL);
  if ((stmt = gb_store_prepare (store, g_intern_string (sql), error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (store, error, "Could not explain the area page");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/**
 * gb_sync_feed_page_area_text:
 * @area: (nullable): a province's or a district's code; NULL for the whole feed
 *
 * gb_sync_feed_page_text() for a laptop that keeps one area: the rows of its units (and the
 * units themselves) only for the area, its province and every province (their totals keep
 * the national charts whole); every row of the tables without a unit.
 */
char *
gb_sync_feed_page_area_text (GbStore    *store,
                             gint64      since,
                             guint       limit,
                             gboolean    compact,
                             const char *area,
                             gint64     *next_out,
                             gboolean   *more_out,
                             GError    **error)
{
  GbSyncFeedWriter *w = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *base = NULL;
  sqlite3_stmt *stmt;
  gint64 last;
  int rc;

  G_STATIC_ASSERT (GB_SYNC_N_TABLES <= 64);
  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  if (since < 0 || limit == 0 || limit > GB_SYNC_FEED_MAX_PAGE)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("since must be 0 or more and limit between 1 and %d"), GB_SYNC_FEED_MAX_PAGE);
      return NULL;
    }
  if (!gb_store_begin (store, error))
    return NULL;
  if ((last = gb_sync_feed_last (store, error)) < 0)
    goto fail;
  if ((stmt = gb_store_prepare (store, feed_page_sql (compact, area != NULL), error)) == NULL)
    goto fail;
  w = gb_sync_feed_writer_new (since, compact);
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  if (area != NULL)
    sqlite3_bind_text (stmt, 3, area, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 1);
      const char *key_text = (const char *) sqlite3_column_text (stmt, 2);
      const char *op = (const char *) sqlite3_column_text (stmt, 3);

      /* A table this build does not know (a newer daemon's log) or a key that is not a JSON
       * object: skipped, not sent. */
      if (sqlite3_column_int (stmt, 5) == 0 || table == NULL || key_text == NULL || op == NULL)
        continue;
      gb_sync_feed_writer_add (w, sqlite3_column_int64 (stmt, 0), table, key_text, op,
                               (const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (store, error, "Could not read the change feed");
      goto fail;
    }
  epoch = gb_store_get_meta (store, "feed_epoch");
  base = gb_store_get_meta (store, "feed_epoch_base");
  if (!gb_store_commit (store, error))
    {
      g_free (gb_sync_feed_writer_finish (w, since, limit, last, NULL, 0, NULL, NULL));
      return NULL;
    }
  return gb_sync_feed_writer_finish (w, since, limit, last, base ? epoch : NULL,
                                     base ? g_ascii_strtoll (base, NULL, 10) : 0, next_out, more_out);

fail:
  if (w != NULL)
    g_free (gb_sync_feed_writer_finish (w, since, limit, 0, NULL, 0, NULL, NULL));
  gb_store_rollback (store);
  return NULL;
}

/**
 * gb_sync_feed_set_page_headers:
 *
 * Sets a feed page's GB_SYNC_FEED_NEXT_HEADER and GB_SYNC_FEED_MORE_HEADER, which repeat the
 * body's "next" and "more".
 */
void
gb_sync_feed_set_page_headers (SoupMessageHeaders *headers,
                               gint64              next,
                               gboolean            more)
{
  char number[32];

  g_return_if_fail (headers != NULL);

  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, next);
  soup_message_headers_replace (headers, GB_SYNC_FEED_NEXT_HEADER, number);
  soup_message_headers_replace (headers, GB_SYNC_FEED_MORE_HEADER, more ? "true" : "false");
}

/**
 * gb_sync_feed_page:
 * @since: the last sequence the client has (0 for everything)
 * @limit: at most this many changes (1 … GB_SYNC_FEED_MAX_PAGE)
 *
 * Returns: (transfer full): `{"since","next","last","more","changes":[{"seq","table","op",
 *   "key","row"}]}`, rows read as they are now, in one read transaction
 */
JsonNode *
gb_sync_feed_page (GbStore  *store,
                   gint64    since,
                   guint     limit,
                   GError  **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  text = gb_sync_feed_page_text (store, since, limit, FALSE, NULL, NULL, error);
  if (text == NULL)
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/**
 * gb_sync_audit:
 *
 * Records a write in the audit log (who, what, when), in the caller's transaction.
 */
gboolean
gb_sync_audit (GbStore     *store,
               const char  *user,
               const char  *action,
               const char  *detail,
               GError     **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  stmt = gb_store_prepare (store, "INSERT INTO audit_log (at, user_name, action, detail) VALUES (?1, ?2, ?3, ?4)",
                           error);
  now = gb_store_now_iso ();
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  gb_store_bind_text (stmt, 2, user ? user : "");
  gb_store_bind_text (stmt, 3, action);
  gb_store_bind_text (stmt, 4, detail);
  return gb_store_step_done (store, stmt, "Could not write the audit log", error);
}


/**
 * gb_sync_feed_units_since:
 * @seq: a feed sequence read before the writes
 *
 * Returns: (transfer full) (element-type utf8): the distinct unit codes of the daily rows
 *   (case_reports, vaccinations) logged after @seq, to check who may have written them
 */
GPtrArray *
gb_sync_feed_units_since (GbStore  *store,
                          gint64    seq,
                          GError  **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *units;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  stmt = gb_store_prepare (store,
                           "SELECT DISTINCT json_extract (key, '$.unit_code') FROM change_log "
                           "WHERE seq > ?1 AND tbl IN ('case_reports', 'vaccinations')", error);
  if (stmt == NULL)
    return NULL;
  units = g_ptr_array_new_with_free_func (g_free);
  sqlite3_bind_int64 (stmt, 1, seq);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (units, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (units);
      gb_store_set_error (store, error, "Could not read the change feed");
      return NULL;
    }
  return units;
}

