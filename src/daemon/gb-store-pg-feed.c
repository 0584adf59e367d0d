/* gb-store-pg-feed.c — giaoband's change feed on PostgreSQL: rows written and read as the
 * feed sends them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gb_rows holds every synced row as the feed sends it (checked and written by
 * gb_sync_codec_json_row()), at its seq: a page is one indexed range read. A writer holds the
 * feed lock from the start of its transaction (gb_store_pg_begin()) and takes its seqs from
 * gb_feed_seq, so transactions commit in seq order across every giaoband: a reader's
 * snapshot holds every row up to its last seq, and a laptop switching servers between pages
 * neither misses nor repeats a row. As change_log does on SQLite, a row whose parent changes
 * moves after it (its children, recursively), and deleting a row deletes the rows that
 * cannot be without it.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-pg-area.h"
#include "gb-store-pg-private.h"
#include "gb-sync-codec.h"
#include "gb-sync-feed.h"

/* In a feed read (no transaction), also the epoch, in the same statement: the read's rows
 * are then taken up to this last. */
gint64
gb_store_pg_feed_last (GbDaemonDb  *db,
                       GError     **error)
{
  GbStorePg *pg = GB_STORE_PG (db);
  PGresult *res;

  if (!pg->reading || pg->depth > 0)
    return gb_store_pg_int (pg, "SELECT coalesce (max (seq), 0) FROM gb_rows", 0, NULL, 0, error);
  res = gb_store_pg_run (pg, "SELECT coalesce ((SELECT max (seq) FROM gb_rows), 0), "
                         "(SELECT value FROM gb_meta WHERE key = 'feed_epoch'), "
                         "(SELECT value FROM gb_meta WHERE key = 'feed_epoch_base')", 0, NULL, error);
  if (res == NULL)
    return -1;
  pg->read_last = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  g_free (pg->read_epoch);
  pg->read_epoch = PQgetisnull (res, 0, 1) ? NULL : g_strdup (PQgetvalue (res, 0, 1));
  g_free (pg->read_base);
  pg->read_base = PQgetisnull (res, 0, 2) ? NULL : g_strdup (PQgetvalue (res, 0, 2));
  PQclear (res);
  return pg->read_last;
}

static gboolean
set_epoch (GbStorePg   *pg,
           gboolean     replace,
           GError     **error)
{
  g_autofree char *epoch = g_uuid_string_random ();
  g_autofree char *base = NULL;
  gint64 last = gb_store_pg_feed_last (&pg->base, error);
  const char *params[] = { epoch, NULL };
  const char *sql = replace
    ? "INSERT INTO gb_meta (key, value) VALUES ('feed_epoch', $1), ('feed_epoch_base', $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    : "INSERT INTO gb_meta (key, value) VALUES ('feed_epoch', $1), ('feed_epoch_base', $2) "
      "ON CONFLICT (key) DO NOTHING";

  if (last < 0)
    return FALSE;
  params[1] = base = g_strdup_printf ("%" G_GINT64_FORMAT, last);
  return gb_store_pg_do (pg, sql, 2, params, error);
}

/**
 * gb_store_pg_new_epoch:
 *
 * As gb_sync_feed_new_epoch(): after a restore, every laptop syncs again from the start.
 */
gboolean
gb_store_pg_new_epoch (GbDaemonDb  *db,
                       GError     **error)
{
  if (!gb_store_pg_begin (db, error))
    return FALSE;
  if (!set_epoch (GB_STORE_PG (db), TRUE, error))
    {
      gb_store_pg_rollback (db);
      return FALSE;
    }
  return gb_store_pg_commit (db, error);
}

/* The epoch of a new feed, unless another giaoband gave it one first. */
gboolean
gb_store_pg_first_epoch (GbDaemonDb  *db,
                         GError     **error)
{
  if (!gb_store_pg_begin (db, error))
    return FALSE;
  if (!set_epoch (GB_STORE_PG (db), FALSE, error))
    {
      gb_store_pg_rollback (db);
      return FALSE;
    }
  return gb_store_pg_commit (db, error);
}

/* Whether the change r goes to a laptop of area $4, as AREA_KEEPS in gb-store-sync-feed.c: every
 * row of a table without a unit; a unit, a day of a unit or the units' history as
 * PG_AREA_ROW() says (gb-store-pg-area.h). A delete always goes. */
#define PG_AREA_KEEPS \
  "r.op = 'delete' OR r.tbl NOT IN " PG_AREA_TABLES " OR " PG_AREA_ROW ("4")

/* An area's page: the rows that go to every area (province NULL) and those of the area's
 * province (migration 0110), each read by the index on (coalesce (province, ''), seq) in seq
 * order and tested as before,
 * merged in seq order. */
#define PG_AREA_RANGE(col, province) \
  "(SELECT seq, tbl, key, op, " col " FROM gb_rows r WHERE " province " AND seq > $1::bigint AND seq <= $3::bigint " \
  "  AND (" PG_AREA_KEEPS ") ORDER BY seq LIMIT $2::integer)"
#define PG_AREA_PAGE(col) \
  PG_AREA_RANGE (col, "coalesce (province, '') = ''") " UNION ALL " \
  PG_AREA_RANGE (col, "coalesce (province, '') = gb_area_province ($4::text)") " ORDER BY seq LIMIT $2::integer"

/**
 * gb_store_pg_feed_page:
 * @area: (nullable): a unit's code: only that area's rows (gb_sync_feed_page_area_text())
 *
 * gb_sync_feed_page_text() on PostgreSQL, in the caller's read transaction.
 */
char *
gb_store_pg_feed_page (GbDaemonDb  *db,
                       gint64       since,
                       guint        limit,
                       gboolean     compact,
                       const char  *area,
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
  const char *params[] = { since_text, limit_text, NULL, NULL };
  GbSyncFeedWriter *w;
  PGresult *res;
  gint64 last;

  if (since < 0 || limit == 0 || limit > GB_SYNC_FEED_MAX_PAGE)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("since must be 0 or more and limit between 1 and %d"), GB_SYNC_FEED_MAX_PAGE);
      return NULL;
    }
  /* Up to the last the read saw first: rows committed since wait for the next page. */
  if (pg->reading && pg->read_last >= 0)
    last = pg->read_last;
  else if ((last = gb_store_pg_feed_last (db, error)) < 0)
    return NULL;
  params[2] = last_text = g_strdup_printf ("%" G_GINT64_FORMAT, last);
  params[3] = area;
  if (area == NULL)
    res = gb_store_pg_run (pg, compact
                           ? "SELECT seq, tbl, key, op, row_arr FROM gb_rows r WHERE seq > $1::bigint AND seq <= $3::bigint "
                             "ORDER BY seq LIMIT $2::integer"
                           : "SELECT seq, tbl, key, op, row_obj FROM gb_rows r WHERE seq > $1::bigint AND seq <= $3::bigint "
                             "ORDER BY seq LIMIT $2::integer",
                           3, params, error);
  else
    res = gb_store_pg_run (pg, compact ? PG_AREA_PAGE ("row_arr") : PG_AREA_PAGE ("row_obj"), 4, params, error);
  if (res == NULL)
    return NULL;
  w = gb_sync_feed_writer_new (since, compact);
  for (int i = 0; i < PQntuples (res); i++)
    gb_sync_feed_writer_add (w, g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10), PQgetvalue (res, i, 1),
                             PQgetvalue (res, i, 2), PQgetvalue (res, i, 3),
                             PQgetisnull (res, i, 4) ? NULL : PQgetvalue (res, i, 4));
  PQclear (res);
  /* A feed read has them from its last (gb_store_pg_feed_last(), or the watch). */
  if (pg->reading && pg->read_last >= 0)
    {
      epoch = g_strdup (pg->read_epoch);
      base = g_strdup (pg->read_base);
    }
  else
    {
      epoch = gb_store_pg_meta (pg, "feed_epoch");
      base = gb_store_pg_meta (pg, "feed_epoch_base");
    }
  return gb_sync_feed_writer_finish (w, since, limit, last, base ? epoch : NULL,
                                     base ? g_ascii_strtoll (base, NULL, 10) : 0, next, more);
}

/**
 * gb_store_pg_feed_pages:
 * @limits: the i-th page's limit, for @n_pages pages
 *
 * Up to @n_pages whole-feed pages from @since, read in one query: each is the page
 * gb_store_pg_feed_page() makes from its since (the rows after it up to the read's last, in
 * seq order, the first limit of them), so a page made either way is the same page. In a feed
 * read whose last is known (feed_known).
 */
gboolean
gb_store_pg_feed_pages (GbDaemonDb          *db,
                        gint64               since,
                        gboolean             compact,
                        const guint         *limits,
                        guint                n_pages,
                        GbDaemonDbPageFunc   func,
                        gpointer             data,
                        GError             **error)
{
  GbStorePg *pg = GB_STORE_PG (db);
  g_autofree char *since_text = g_strdup_printf ("%" G_GINT64_FORMAT, since);
  g_autofree char *total_text = NULL;
  g_autofree char *last_text = NULL;
  const char *params[] = { since_text, NULL, NULL };
  gint64 base, page_since = since, last = pg->read_last;
  GbSyncFeedWriter *w = NULL;
  guint64 total = 0;
  guint page = 0, in_page = 0;
  PGresult *res;
  int n;

  g_return_val_if_fail (pg->reading && pg->read_last >= 0 && n_pages > 0, FALSE);
  for (guint i = 0; i < n_pages; i++)
    {
      if (since < 0 || limits[i] == 0 || limits[i] > GB_SYNC_FEED_MAX_PAGE)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                       _("since must be 0 or more and limit between 1 and %d"), GB_SYNC_FEED_MAX_PAGE);
          return FALSE;
        }
      total += limits[i];
    }
  params[1] = total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);
  params[2] = last_text = g_strdup_printf ("%" G_GINT64_FORMAT, last);
  res = gb_store_pg_run (pg, compact
                         ? "SELECT seq, tbl, key, op, row_arr FROM gb_rows r WHERE seq > $1::bigint AND seq <= $3::bigint "
                           "ORDER BY seq LIMIT $2::bigint"
                         : "SELECT seq, tbl, key, op, row_obj FROM gb_rows r WHERE seq > $1::bigint AND seq <= $3::bigint "
                           "ORDER BY seq LIMIT $2::bigint",
                         3, params, error);
  if (res == NULL)
    return FALSE;
  base = pg->read_base ? g_ascii_strtoll (pg->read_base, NULL, 10) : 0;
  n = PQntuples (res);
  for (int i = 0; i <= n && page < n_pages; i++)
    {
      gint64 next;
      gboolean more;
      char *text;

      if (i < n)
        {
          if (w == NULL)
            w = gb_sync_feed_writer_new (page_since, compact);
          gb_sync_feed_writer_add (w, g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10), PQgetvalue (res, i, 1),
                                   PQgetvalue (res, i, 2), PQgetvalue (res, i, 3),
                                   PQgetisnull (res, i, 4) ? NULL : PQgetvalue (res, i, 4));
          if (++in_page < limits[page])
            continue;
        }
      /* The rows' end: the last page (perhaps empty, as a single page read gives it), unless
       * the query stopped at its own limit, its rows not at their end. */
      else if ((guint64) n == total || (w == NULL && page_since >= last))
        break;
      else if (w == NULL)
        w = gb_sync_feed_writer_new (page_since, compact);
      text = gb_sync_feed_writer_finish (w, page_since, limits[page], last, pg->read_base ? pg->read_epoch : NULL,
                                         base, &next, &more);
      w = NULL;
      in_page = 0;
      func (page_since, text, next, more, data);
      page_since = next;
      page++;
      if (!more)
        break;
    }
  PQclear (res);
  return TRUE;
}

/* The row as the feed sends it, or a JSON null node. */
JsonNode *
gb_store_pg_encode (GbDaemonDb  *db,
                    const char  *table,
                    JsonNode    *key,
                    GError     **error)
{
  g_autofree char *key_text = gb_sync_codec_key_string (key);
  const char *params[] = { table, key_text };
  PGresult *res = gb_store_pg_run (GB_STORE_PG (db), "SELECT row_obj FROM gb_rows "
                                   "WHERE tbl = $1 AND key = $2 AND op = 'upsert'", 2, params, error);
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *node = NULL;

  if (res == NULL)
    return NULL;
  if (PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    {
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, PQgetvalue (res, 0, 0), -1, error))
        node = json_node_copy (json_parser_get_root (parser));
    }
  else
    node = json_node_new (JSON_NODE_NULL);
  PQclear (res);
  return node;
}

char *
gb_store_pg_unit_parent (GbDaemonDb  *db,
                         const char  *code,
                         gboolean    *found,
                         GError     **error)
{
  g_autofree char *ident = g_strdup_printf ("units:%s", code);
  const char *params[] = { ident };
  PGresult *res = gb_store_pg_run (GB_STORE_PG (db), "SELECT (row_obj::json)->>'parent_code' FROM gb_rows "
                                   "WHERE ident = $1 AND tbl = 'units' AND op = 'upsert'", 1, params, error);
  char *parent = NULL;

  *found = FALSE;
  if (res == NULL)
    return NULL;
  if (PQntuples (res) > 0)
    {
      *found = TRUE;
      parent = PQgetisnull (res, 0, 0) ? NULL : g_strdup (PQgetvalue (res, 0, 0));
    }
  PQclear (res);
  return parent;
}

/* The review rows are kept as the feed sends them: read from their JSON, the latest decision
 * of each field last (as gb_store_review_decided() on SQLite). */
GHashTable *
gb_store_pg_review_decided (GbDaemonDb  *db,
                            const char  *table,
                            const char  *unit,
                            const char  *date,
                            GError     **error)
{
  const char *params[] = { table, unit, date };
  PGresult *res = gb_store_pg_run (GB_STORE_PG (db),
                                   "SELECT r ->> 'field', r ->> 'decided_value' FROM "
                                   "(SELECT row_obj::json AS r FROM gb_rows WHERE tbl = 'review_items' AND op = 'upsert') s "
                                   "WHERE r ->> 'table' = $1 AND r ->> 'unit_code' = $2 AND r ->> 'date' = $3 "
                                   "AND r ->> 'decision' IN ('confirmed', 'corrected') AND r ->> 'decided_value' IS NOT NULL "
                                   "ORDER BY r ->> 'decided_at'", 3, params, error);
  GHashTable *decided;

  if (res == NULL)
    return NULL;
  decided = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 value = g_ascii_strtoll (PQgetvalue (res, i, 1), NULL, 10);

      g_hash_table_insert (decided, g_strdup (PQgetvalue (res, i, 0)), g_memdup2 (&value, sizeof value));
    }
  PQclear (res);
  return decided;
}

static gboolean
ref_exists (const char  *ident,
            gboolean    *found,
            gpointer     data,
            GError     **error)
{
  const char *params[] = { ident };
  gint64 n = gb_store_pg_int (data, "SELECT count(*) FROM gb_rows WHERE ident = $1 AND op = 'upsert'", 1, params,
                              0, error);

  *found = n > 0;
  return n >= 0;
}

/* An array literal of @items: every element quoted, its quotes and backslashes escaped; a
 * NULL element is NULL. */
static char *
array_literal (GPtrArray *items)
{
  GString *s = g_string_new ("{");

  for (guint i = 0; i < items->len; i++)
    {
      if (items->pdata[i] == NULL)
        {
          g_string_append (s, i ? ",NULL" : "NULL");
          continue;
        }
      g_string_append (s, i ? ",\"" : "\"");
      for (const char *p = items->pdata[i]; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (s, '\\');
          g_string_append_c (s, *p);
        }
      g_string_append_c (s, '"');
    }
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

/* The rows that name @ident through @column (parents: moved after it; owners: deleted with
 * it), and theirs in turn, get new seqs in the order they had: upserts move, or all are
 * deleted. */
static gboolean
follow_children (GbStorePg   *pg,
                 const char  *ident,
                 gboolean     remove,
                 GError     **error)
{
  const char *params[] = { ident };

  if (!remove)
    return gb_store_pg_do (pg,
                           "WITH RECURSIVE d (tbl, key, ident) AS ("
                           "  SELECT tbl, key, ident FROM gb_rows WHERE parents @> ARRAY[$1] AND op = 'upsert'"
                           "  UNION SELECT r.tbl, r.key, r.ident FROM gb_rows r JOIN d ON d.ident IS NOT NULL "
                           "    AND r.parents @> ARRAY[d.ident] AND r.op = 'upsert'), "
                           "m AS (SELECT o.tbl, o.key, nextval ('gb_feed_seq') AS v FROM "
                           "  (SELECT r.tbl, r.key FROM gb_rows r JOIN d USING (tbl, key) "
                           "   WHERE r.ident IS DISTINCT FROM $1 ORDER BY r.seq) o) "
                           "UPDATE gb_rows g SET seq = m.v FROM m WHERE g.tbl = m.tbl AND g.key = m.key",
                           1, params, error);
  return gb_store_pg_do (pg,
                         "WITH RECURSIVE d (tbl, key, ident) AS ("
                         "  SELECT tbl, key, ident FROM gb_rows WHERE owners @> ARRAY[$1] AND op = 'upsert'"
                         "  UNION SELECT r.tbl, r.key, r.ident FROM gb_rows r JOIN d ON d.ident IS NOT NULL "
                         "    AND r.owners @> ARRAY[d.ident] AND r.op = 'upsert'), "
                         "m AS (SELECT o.tbl, o.key, nextval ('gb_feed_seq') AS v FROM "
                         "  (SELECT r.tbl, r.key FROM gb_rows r JOIN d USING (tbl, key) ORDER BY r.seq DESC) o) "
                         "UPDATE gb_rows g SET op = 'delete', seq = m.v, changed = m.v, writer = NULL, "
                         "  row_obj = NULL, row_arr = NULL FROM m WHERE g.tbl = m.tbl AND g.key = m.key",
                         1, params, error);
}

/**
 * gb_store_pg_write_row:
 * @moves: whether the row's children follow it (not while loading a whole feed in order)
 *
 * Writes one change at a new seq, checked by gb_sync_codec_json_row(): GB_ERROR_NOT_FOUND or
 * GB_ERROR_INVALID_DATA refuse it with nothing written. Deleting a row that is not there
 * succeeds and logs nothing.
 */
gboolean
gb_store_pg_write_row (GbStorePg   *pg,
                       const char  *table,
                       const char  *op,
                       JsonNode    *key,
                       JsonNode    *row,
                       gboolean     moves,
                       GError     **error)
{
  g_autofree char *key_text = gb_sync_codec_key_string (key);
  g_autofree char *parents = NULL;
  g_autofree char *owners = NULL;
  GbSyncJsonRow r;
  gboolean ok;

  if (!gb_sync_codec_json_row (table, op, key, row, ref_exists, pg, &r, error))
    return FALSE;
  /* A daily row's revision it replaces goes out as history (gb-store-pg-history.c). */
  if (!gb_store_pg_supersede (pg, table, key_text, strcmp (op, "delete") == 0 ? NULL : row, error))
    {
      gb_sync_json_row_clear (&r);
      return FALSE;
    }
  if (strcmp (op, "delete") == 0)
    {
      const char *params[] = { table, key_text };

      ok = gb_store_pg_do (pg, "UPDATE gb_rows SET op = 'delete', seq = nextval ('gb_feed_seq'), "
                           "changed = currval ('gb_feed_seq'), writer = NULL, row_obj = NULL, row_arr = NULL "
                           "WHERE tbl = $1 AND key = $2 AND op = 'upsert'", 2, params, error) &&
           (r.ident == NULL || follow_children (pg, r.ident, TRUE, error));
    }
  else
    {
      const char *params[] = { table, key_text, r.ident, parents = array_literal (r.parents),
                               owners = array_literal (r.owners), r.unit, r.object, r.array };

      ok = gb_store_pg_do (pg, "INSERT INTO gb_rows (tbl, key, op, seq, changed, ident, parents, owners, unit, "
                           "row_obj, row_arr) VALUES ($1, $2, 'upsert', nextval ('gb_feed_seq'), "
                           "currval ('gb_feed_seq'), $3, $4::text[], $5::text[], $6, $7, $8) "
                           "ON CONFLICT (tbl, key) DO UPDATE SET op = 'upsert', seq = excluded.seq, "
                           "changed = excluded.changed, writer = NULL, ident = excluded.ident, "
                           "parents = excluded.parents, owners = excluded.owners, unit = excluded.unit, "
                           "row_obj = excluded.row_obj, row_arr = excluded.row_arr", 8, params, error) &&
           (!moves || r.ident == NULL || strcmp (table, "units") == 0 || follow_children (pg, r.ident, FALSE, error));
    }
  gb_sync_json_row_clear (&r);
  return ok;
}

static gboolean
trusted (const char  *ident,
         gboolean    *found,
         gpointer     data,
         GError     **error)
{
  *found = TRUE;
  return TRUE;
}

#define N_BULK 8

/**
 * gb_store_pg_write_feed:
 * @changes: a feed page's "changes" (objects format), from a source that checked them
 *
 * Writes a page of another feed (a whole SQLite database being loaded, a report's rows) in one
 * statement, at new seqs in the page's order; rows are not moved after their parents (the
 * page is in feed order already). Deletes are written one by one.
 */
gboolean
gb_store_pg_write_feed (GbStorePg   *pg,
                        JsonArray   *changes,
                        GError     **error)
{
  GPtrArray *cols[N_BULK] = { NULL };
  char *texts[N_BULK] = { NULL };
  gboolean ok = TRUE;

  for (guint j = 0; j < N_BULK; j++)
    cols[j] = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; ok && i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      const char *table = json_object_get_string_member (c, "table");
      const char *op = json_object_get_string_member (c, "op");
      JsonNode *key = json_object_get_member (c, "key");
      JsonNode *row = json_object_get_member (c, "row");
      GbSyncJsonRow r;

      if (strcmp (op, "upsert") != 0 || row == NULL || JSON_NODE_HOLDS_NULL (row))
        {
          ok = gb_store_pg_write_row (pg, table, "delete", key, NULL, FALSE, error);
          continue;
        }
      if (!gb_sync_codec_json_row (table, op, key, row, trusted, NULL, &r, error))
        {
          g_prefix_error (error, "seq %" G_GINT64_FORMAT ": ", json_object_get_int_member (c, "seq"));
          ok = FALSE;
          break;
        }
      g_ptr_array_add (cols[0], g_strdup (table));
      g_ptr_array_add (cols[1], gb_sync_codec_key_string (key));
      g_ptr_array_add (cols[2], g_steal_pointer (&r.ident));
      g_ptr_array_add (cols[3], array_literal (r.parents));
      g_ptr_array_add (cols[4], array_literal (r.owners));
      g_ptr_array_add (cols[5], g_steal_pointer (&r.unit));
      g_ptr_array_add (cols[6], g_steal_pointer (&r.object));
      g_ptr_array_add (cols[7], g_steal_pointer (&r.array));
      gb_sync_json_row_clear (&r);
    }
  for (guint j = 0; j < N_BULK; j++)
    texts[j] = array_literal (cols[j]);
  ok = ok && (cols[0]->len == 0 || gb_store_pg_do (pg,
                         "INSERT INTO gb_rows (tbl, key, op, seq, changed, ident, parents, owners, unit, row_obj, row_arr) "
                         "SELECT t, k, 'upsert', nextval ('gb_feed_seq'), currval ('gb_feed_seq'), i, p::text[], "
                         "  o::text[], u, ro, ra "
                         "FROM unnest ($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
                         "  $7::text[], $8::text[]) WITH ORDINALITY AS x (t, k, i, p, o, u, ro, ra, n) ORDER BY n "
                         "ON CONFLICT (tbl, key) DO UPDATE SET op = 'upsert', seq = excluded.seq, "
                         "changed = excluded.changed, writer = NULL, ident = excluded.ident, "
                         "parents = excluded.parents, owners = excluded.owners, unit = excluded.unit, "
                         "row_obj = excluded.row_obj, row_arr = excluded.row_arr",
                         N_BULK, (const char * const *) texts, error));
  for (guint j = 0; j < N_BULK; j++)
    {
      g_ptr_array_unref (cols[j]);
      g_free (texts[j]);
    }
  return ok;
}
