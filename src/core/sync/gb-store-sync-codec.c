/* gb-store-sync-codec.c — synced rows as JSON, named by their sync keys, never by local ids
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Encoding reads a row straight from SQLite as JSON text; applying checks every member's type
 * and resolves every reference (a uid to a local id) before anything is written. Shared by
 * giaoband (the feed and pushes) and the sync client. The tables are in gb-store-sync-tables.c.
 */
#define G_LOG_DOMAIN "gb-sync-codec"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-store-private.h"
#include "gb-sync-codec.h"
#include "gb-store-sync-codec-private.h"
#include "gb-sync-json.h"

/**
 * gb_sync_codec_tables:
 *
 * Returns: (transfer none): the synced tables, NULL-terminated, parents before children
 */
const char * const *
gb_sync_codec_tables (void)
{
  static const char *names[GB_SYNC_N_TABLES + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < GB_SYNC_N_TABLES; i++)
      names[i] = gb_sync_tables[i].name;
  return names;
}

gboolean
gb_sync_codec_has_table (const char *table)
{
  return gb_sync_find_table (table) != NULL;
}

/**
 * gb_sync_codec_key_string:
 *
 * Returns: @key as canonical JSON text, as the feed's change_log stores it
 */
char *
gb_sync_codec_key_string (JsonNode *key)
{
  return gb_sync_canonical_json (key);
}


typedef struct
{
  char        type;   /* 'N' null, 'T', 'I', 'R', 'B' */
  const char *s;
  gint64      i;
  double      r;
  GBytes     *b;
} Value;

static void
value_clear (Value *v)
{
  g_clear_pointer (&v->b, g_bytes_unref);
}

static GBytes *
hex_decode (const char *hex)
{
  gsize n = strlen (hex);
  guint8 *out;

  if (n % 2 != 0)
    return NULL;
  out = g_malloc (n / 2 + 1);
  for (gsize i = 0; i < n / 2; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        {
          g_free (out);
          return NULL;
        }
      out[i] = (guint8) (hi * 16 + lo);
    }
  return g_bytes_new_take (out, n / 2);
}

/* Checks the JSON type of one member and takes its value. */
static gboolean
take_value (const GbSyncTable  *t,
            const GbSyncCol    *c,
            const GbSyncValue  *n,
            Value              *v,
            GError            **error)
{
  memset (v, 0, sizeof *v);
  if (n->type == GB_SYNC_VALUE_ABSENT || n->type == GB_SYNC_VALUE_NULL)
    {
      if (!c->null)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                       _("%s: “%s” is missing or null"), t->name, c->json);
          return FALSE;
        }
      v->type = 'N';
      return TRUE;
    }
  switch (c->type)
    {
    case 'T':
    case 'B':
    case 'D':
      if (n->type != GB_SYNC_VALUE_STRING)
        goto wrong;
      /* json-glib turns a lone surrogate escape (\ud800) into bytes that are not UTF-8: no
       * copy could read such a text back. */
      if (!g_utf8_validate (n->s, -1, NULL))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                       _("%s: “%s” is not valid text (an escape such as \\ud800 that is no character)"),
                       t->name, c->json);
          return FALSE;
        }
      v->s = n->s;
      v->type = c->type == 'D' ? 'T' : c->type;
      if (c->type == 'B' && (v->b = hex_decode (v->s)) == NULL)
        goto wrong;
      return TRUE;
    case 'I':
    case 'C':
      if (n->type != GB_SYNC_VALUE_INT)
        goto wrong;
      v->i = n->i;
      v->type = 'I';
      return TRUE;
    case 'R':
      if (n->type == GB_SYNC_VALUE_INT)
        v->r = (double) n->i;
      else if (n->type == GB_SYNC_VALUE_DOUBLE)
        v->r = n->r;
      else
        goto wrong;
      v->type = 'R';
      return TRUE;
    default:
      g_assert_not_reached ();
    }

wrong:
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: “%s” has the wrong type (expected %s)"),
               t->name, c->json,
               c->type == 'I' || c->type == 'C' ? _("an integer") : c->type == 'R' ? _("a number")
               : c->type == 'B' ? _("hexadecimal text") : c->type == 'D' ? _("a date") : _("text"));
  return FALSE;
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            const Value  *v)
{
  switch (v->type)
    {
    case 'N': sqlite3_bind_null (stmt, index); break;
    /* The text belongs to the row being applied, alive until the statement has run: no copy. */
    case 'T': sqlite3_bind_text (stmt, index, v->s, -1, SQLITE_STATIC); break;
    case 'I': sqlite3_bind_int64 (stmt, index, v->i); break;
    case 'R': sqlite3_bind_double (stmt, index, v->r); break;
    case 'B':
      {
        gsize len;
        gconstpointer data = g_bytes_get_data (v->b, &len);

        sqlite3_bind_blob (stmt, index, data ? data : "", (int) len, SQLITE_STATIC);
      }
      break;
    default: g_assert_not_reached ();
    }
}

/* Maps a uid to its local id; FALSE with *found FALSE when the row is not there. */
static gboolean
lookup_ref (GbStore    *store,
            const char *sql,
            const char *uid,
            gint64     *id,
            gboolean   *found,
            GError    **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (*found)
    *id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gb_store_set_error (store, error, "Could not look up a reference");
  return TRUE;
}

/* Reads and checks the key members; references become local ids (*missing when the
 * referenced row is not in this copy: nothing can match the key then). */
static gboolean
take_key (GbStore          *store,
          const GbSyncTable      *t,
          GbSyncMemberFunc  member,
          gconstpointer     key,
          guint             key_size,
          Value            *values,
          gboolean         *missing,
          GError          **error)
{
  const GbSyncTableSql *ts = gb_sync_table_sql (t);
  guint nk = gb_sync_n_cols (t->key);

  *missing = FALSE;
  if (key == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the key must be an object"), t->name);
      return FALSE;
    }
  if (key_size != nk)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the key must have exactly %u members"), t->name, nk);
      return FALSE;
    }
  for (guint i = 0; i < nk; i++)
    {
      const GbSyncCol *c = &t->key[i];
      GbSyncValue v;

      member (key, c->json, &v);
      if (!take_value (t, c, &v, &values[i], error))
        return FALSE;
      if (c->ref != NULL)
        {
          gboolean found;
          gint64 id = 0;

          if (!lookup_ref (store, ts->key_ref_lookup[i], values[i].s, &id, &found, error))
            return FALSE;
          if (!found)
            *missing = TRUE;
          values[i].type = 'I';
          values[i].i = id;
        }
    }
  return TRUE;
}

/* The current row as JSON text straight from SQLite; *text NULL when there is no such row. */
static gboolean
encode_text (GbStore           *store,
             const GbSyncTable       *t,
             GbSyncMemberFunc   member,
             gconstpointer      key,
             guint              key_size,
             char             **text,
             GError           **error)
{
  const GbSyncTableSql *ts = gb_sync_table_sql (t);
  Value values[4] = { 0 };
  gboolean missing = FALSE, ok = FALSE;
  sqlite3_stmt *stmt;
  guint nk = gb_sync_n_cols (t->key);
  int rc;

  *text = NULL;
  if (!take_key (store, t, member, key, key_size, values, &missing, error))
    goto out;
  if (missing)
    {
      ok = TRUE;
      goto out;
    }
  if ((stmt = gb_store_prepare (store, ts->encode, error)) == NULL)
    goto out;
  for (guint i = 0; i < nk; i++)
    bind_value (stmt, i + 1, &values[i]);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
  if (!ok)
    gb_store_set_error (store, error, "Could not read a synced row");
  sqlite3_reset (stmt);

out:
  for (guint i = 0; i < nk; i++)
    value_clear (&values[i]);
  return ok;
}

/**
 * gb_sync_codec_encode:
 * @table: a synced table
 * @key: its sync key, an object
 *
 * Returns: (transfer full): the current row as a JSON object (key members included), a JSON
 *   null node when there is no such row, or NULL with @error set for an unknown table or a
 *   malformed key
 */
JsonNode *
gb_sync_codec_encode (GbStore     *store,
                      const char  *table,
                      JsonNode    *key,
                      GError     **error)
{
  const GbSyncTable *t = gb_sync_find_table (table);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  if (t == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a synced table"), table ? table : "");
      return NULL;
    }
  if (!encode_text (store, t, gb_sync_json_object_member, key && JSON_NODE_HOLDS_OBJECT (key) ? json_node_get_object (key) : NULL,
                    key && JSON_NODE_HOLDS_OBJECT (key) ? json_object_get_size (json_node_get_object (key)) : 0,
                    &text, error))
    return NULL;
  if (text == NULL)
    return json_node_new (JSON_NODE_NULL);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* A row may name a unit this copy does not have yet (see the top of the file). */
static gboolean
ensure_unit (GbStore     *store,
             const char  *code,
             GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, "SELECT 1 FROM units WHERE code = ?1", error);
  int rc;

  /* Almost always there: a read is much cheaper than an INSERT that writes nothing (which
   * opens write cursors on the table and each of its indexes for every daily row). */
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return gb_store_set_error (store, error, "Could not look up a unit");
  stmt = gb_store_prepare (store,
                           "INSERT INTO units (code, level, name) "
                           "SELECT ?1, CASE WHEN length (?1) <= 2 THEN 1 WHEN length (?1) = 3 THEN 2 ELSE 3 END, ?1 "
                           "WHERE NOT EXISTS (SELECT 1 FROM units WHERE code = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  return gb_store_step_done (store, stmt, "Could not add a unit", error);
}

/* The key's canonical text from its checked members, for messages. */
static char *
key_text (const GbSyncTable      *t,
          GbSyncMemberFunc  member,
          gconstpointer     key)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  for (guint i = 0; t->key[i].json != NULL; i++)
    {
      GbSyncValue v;

      member (key, t->key[i].json, &v);
      if (v.type == GB_SYNC_VALUE_STRING)
        json_object_set_string_member (o, t->key[i].json, v.s);
      else if (v.type == GB_SYNC_VALUE_INT)
        json_object_set_int_member (o, t->key[i].json, v.i);
    }
  json_node_take_object (node, o);
  return gb_sync_canonical_json (node);
}

/**
 * gb_sync_codec_apply:
 * @op: "upsert" or "delete"
 * @key: the row's sync key
 * @row: (nullable): the row (an object) for an upsert; ignored for a delete
 *
 * Writes one synced row inside the caller's transaction. Every member is type-checked and
 * every reference resolved before anything is written: on GB_ERROR_INVALID_DATA or
 * GB_ERROR_NOT_FOUND nothing was written. Deleting a row that is not there succeeds.
 */
gboolean
gb_sync_codec_apply (GbStore     *store,
                     const char  *table,
                     const char  *op,
                     JsonNode    *key,
                     JsonNode    *row,
                     GError     **error)
{
  JsonObject *k = key && JSON_NODE_HOLDS_OBJECT (key) ? json_node_get_object (key) : NULL;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  return gb_sync_codec_apply_members (store, table, op, gb_sync_json_object_member, k, k ? json_object_get_size (k) : 0,
                                      row && JSON_NODE_HOLDS_OBJECT (row) ? json_node_get_object (row) : NULL,
                                      error);
}

/* Deletes the row named by its checked key (a key naming a row this copy lacks matches none). */
static gboolean
delete_row (GbStore            *store,
            const GbSyncTable  *t,
            Value              *keys,
            GError            **error)
{
  const GbSyncTableSql *ts = gb_sync_table_sql (t);
  guint nk = gb_sync_n_cols (t->key);
  sqlite3_stmt *stmt;

  if (strcmp (t->name, "units") == 0)
    {
      stmt = gb_store_prepare (store, "DELETE FROM units_rtree WHERE id = (SELECT id FROM units WHERE code = ?1)", error);
      if (stmt == NULL)
        return FALSE;
      bind_value (stmt, 1, &keys[0]);
      if (!gb_store_step_done (store, stmt, "Could not delete a unit", error))
        return FALSE;
    }
  if ((stmt = gb_store_prepare (store, ts->remove, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < nk; i++)
    bind_value (stmt, i + 1, &keys[i]);
  return gb_store_step_done (store, stmt, "Could not delete a synced row", error);
}

/* Reads and checks the row's members. */
static gboolean
take_row (const GbSyncTable  *t,
          GbSyncMemberFunc    member,
          gconstpointer       row,
          Value              *cols,
          GError            **error)
{
  for (guint i = 0; t->cols[i].json != NULL; i++)
    {
      GbSyncValue v;

      member (row, t->cols[i].json, &v);
      if (!take_value (t, &t->cols[i], &v, &cols[i], error))
        return FALSE;
    }
  return TRUE;
}

/* Maps the row's references to local ids: an optional reference to a row this copy lacks is
 * left empty, a required one refuses the row. */
static gboolean
resolve_refs (GbStore            *store,
              const GbSyncTable  *t,
              Value              *cols,
              GError            **error)
{
  const GbSyncTableSql *ts = gb_sync_table_sql (t);
  guint nc = gb_sync_n_cols (t->cols);

  for (guint i = 0; i < nc; i++)
    {
      const GbSyncCol *c = &t->cols[i];
      gboolean found;
      gint64 id = 0;

      if (c->ref == NULL || cols[i].type == 'N')
        continue;
      if (!lookup_ref (store, ts->ref_lookup[i], cols[i].s, &id, &found, error))
        return FALSE;
      if (!found && !c->null)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("%s: the %s “%s” it names is not there"),
                       t->name, c->json, cols[i].s);
          return FALSE;
        }
      cols[i].type = found ? 'I' : 'N';
      cols[i].i = id;
    }
  return TRUE;
}

/* Runs a write of the change's row: a constraint of the table that the row breaks (a CHECK, a
 * unique name) refuses this change as invalid data, not the database as failed. */
static gboolean
step_write (GbStore            *store,
            sqlite3_stmt       *stmt,
            const GbSyncTable  *t,
            const char         *what,
            GError            **error)
{
  g_autoptr(GError) local = NULL;

  if (gb_store_step_done (store, stmt, what, &local))
    return TRUE;
  if ((sqlite3_extended_errcode (gb_store_get_db (store)) & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: a value is out of range (%s)"), t->name,
                   sqlite3_errmsg (gb_store_get_db (store)));
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}


/* What a value means beyond its type: a date that is a real day, a count no country has more
 * of. Checked on what clients push (gb_sync_codec_validate()), not on what the feed brings: a
 * copy takes its server's rows as they are. */
static gboolean
validate_value (const GbSyncTable  *t,
                const GbSyncCol    *c,
                const GbSyncValue  *n,
                GError            **error)
{
  if (c->type == 'D' && n->type == GB_SYNC_VALUE_STRING && !gb_date_is_valid_iso (n->s))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("%s: “%s” is “%s”, not a real date written YYYY-MM-DD"), t->name, c->json, n->s);
      return FALSE;
    }
  if (c->type == 'C' && n->type == GB_SYNC_VALUE_INT && (n->i < 0 || n->i > GB_SYNC_MAX_COUNT))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("%s: “%s” is %lld, not a count between 0 and %d"), t->name, c->json,
                   (long long) n->i, GB_SYNC_MAX_COUNT);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_members (const GbSyncTable  *t,
                  const GbSyncCol    *cols,
                  GbSyncMemberFunc    member,
                  gconstpointer       object,
                  GError            **error)
{
  for (guint i = 0; cols[i].json != NULL; i++)
    {
      GbSyncValue v;

      member (object, cols[i].json, &v);
      if (!validate_value (t, &cols[i], &v, error))
        return FALSE;
    }
  return TRUE;
}

/* What a row must hold beyond each member's own type: the members it repeats from its key
 * say the same as the key, and a day's cases of unknown source are among its community cases. */
static gboolean
check_row (const GbSyncTable  *t,
           GbSyncMemberFunc    member,
           gconstpointer       key,
           gconstpointer       row,
           GError            **error)
{
  for (guint i = 0; t->key[i].json != NULL; i++)
    {
      GbSyncValue k, r;

      member (key, t->key[i].json, &k);
      member (row, t->key[i].json, &r);
      if (r.type == GB_SYNC_VALUE_ABSENT)
        continue;
      if (r.type != k.type || (r.type == GB_SYNC_VALUE_STRING && g_strcmp0 (r.s, k.s) != 0) ||
          (r.type == GB_SYNC_VALUE_INT && r.i != k.i))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                       _("%s: the row's “%s” is not the one its key names"), t->name, t->key[i].json);
          return FALSE;
        }
    }
  if (strcmp (t->name, "case_reports") == 0)
    {
      GbSyncValue c, u;

      member (row, "community", &c);
      member (row, "unknown_source", &u);
      if (c.type == GB_SYNC_VALUE_INT && u.type == GB_SYNC_VALUE_INT && u.i > c.i)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                       _("%s: %lld cases of unknown source is more than the %lld community cases they "
                         "are part of"), t->name, (long long) u.i, (long long) c.i);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * gb_sync_codec_validate:
 * @op: "upsert" or "delete"
 * @key: the row's sync key
 * @row: (nullable): the row for an upsert
 *
 * Checks what a client pushes beyond the types gb_sync_codec_apply() checks: real dates,
 * plausible counts, cases of unknown source among the community's, a row agreeing with its
 * key. Push intake calls it before applying; the feed's rows are not held to it.
 *
 * Returns: FALSE with GB_ERROR_INVALID_DATA when the change must be refused
 */
gboolean
gb_sync_codec_validate (const char  *table,
                        const char  *op,
                        JsonNode    *key,
                        JsonNode    *row,
                        GError     **error)
{
  const GbSyncTable *t = gb_sync_find_table (table);
  JsonObject *k = key && JSON_NODE_HOLDS_OBJECT (key) ? json_node_get_object (key) : NULL;
  JsonObject *r = row && JSON_NODE_HOLDS_OBJECT (row) ? json_node_get_object (row) : NULL;

  g_return_val_if_fail (table != NULL && op != NULL, FALSE);

  if (t == NULL || k == NULL)
    return TRUE;   /* gb_sync_codec_apply() says what is wrong */
  if (!validate_members (t, t->key, gb_sync_json_object_member, k, error))
    return FALSE;
  if (strcmp (op, "upsert") != 0 || r == NULL)
    return TRUE;
  return validate_members (t, t->cols, gb_sync_json_object_member, r, error) &&
         check_row (t, gb_sync_json_object_member, k, r, error);
}

/* Writes a checked row: its unit first when the copy lacks it, then the row, then what
 * follows the row (a unit's bounding box). */
static gboolean
write_row (GbStore            *store,
           const GbSyncTable  *t,
           Value              *keys,
           Value              *cols,
           GError            **error)
{
  const GbSyncTableSql *ts = gb_sync_table_sql (t);
  guint nk = gb_sync_n_cols (t->key), nc = gb_sync_n_cols (t->cols);
  sqlite3_stmt *stmt;

  if (t->unit != NULL)
    {
      const char *code = NULL;

      for (guint i = 0; i < nk; i++)
        if (strcmp (t->key[i].json, t->unit) == 0)
          code = keys[i].s;
      for (guint i = 0; i < nc && code == NULL; i++)
        if (strcmp (t->cols[i].json, t->unit) == 0)
          code = cols[i].s;
      if (code != NULL && !ensure_unit (store, code, error))
        return FALSE;
    }
  /* A succession names two units: a copy of one district lacks the other districts, and a
   * merge entered by hand of two of them reaches it all the same. */
  if (strcmp (t->name, "unit_successions") == 0)
    for (guint i = 0; i < nk; i++)
      if (strcmp (t->key[i].json, "predecessor") == 0 && !ensure_unit (store, keys[i].s, error))
        return FALSE;
  if (strcmp (t->name, "organisations") == 0)
    {
      /* The same organisation made in two copies under different uids: the synced uid wins. */
      stmt = gb_store_prepare (store, "UPDATE organisations SET uid = ?1 WHERE name = ?2 AND uid <> ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_value (stmt, 1, &keys[0]);
      bind_value (stmt, 2, &cols[0]);
      if (!gb_store_step_done (store, stmt, "Could not save an organisation", error))
        return FALSE;
    }
  if (t->conflict == NULL)
    {
      if ((stmt = gb_store_prepare (store, ts->remove, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < nk; i++)
        bind_value (stmt, i + 1, &keys[i]);
      if (!gb_store_step_done (store, stmt, "Could not replace a synced row", error))
        return FALSE;
    }
  if ((stmt = gb_store_prepare (store, ts->upsert, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < nk; i++)
    bind_value (stmt, i + 1, &keys[i]);
  for (guint i = 0; i < nc; i++)
    bind_value (stmt, nk + i + 1, &cols[i]);
  if (!step_write (store, stmt, t, "Could not save a synced row", error))
    return FALSE;
  if (strcmp (t->name, "units") != 0)
    return TRUE;
  /* The bounding box index follows the unit. */
  stmt = gb_store_prepare (store,
                           "INSERT OR REPLACE INTO units_rtree (id, min_lon, max_lon, min_lat, max_lat) "
                           "SELECT id, min_lon, max_lon, min_lat, max_lat FROM units "
                           "WHERE code = ?1 AND min_lon IS NOT NULL AND max_lon IS NOT NULL "
                           "AND min_lat IS NOT NULL AND max_lat IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  bind_value (stmt, 1, &keys[0]);
  return gb_store_step_done (store, stmt, "Could not index a unit", error);
}

/* An upsert whose key names a row this copy lacks (a reference in the key) cannot be written. */
static gboolean
check_key_refs (const GbSyncTable  *t,
                GbSyncMemberFunc    member,
                gconstpointer       key,
                Value              *keys,
                GError            **error)
{
  for (guint i = 0; t->key[i].json != NULL; i++)
    if (t->key[i].ref != NULL && keys[i].i == 0)
      {
        g_autofree char *k = key_text (t, member, key);

        g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("%s %s: the %s it names is not there"),
                     t->name, k, t->key[i].json);
        return FALSE;
      }
  return TRUE;
}

/**
 * gb_sync_codec_apply_members:
 * @member: reads a member of @key or @row
 * @key: the row's sync key, an object of @key_size members; NULL when it is not an object
 * @row: (nullable): the row for an upsert (NULL when it is not an object); ignored for a delete
 *
 * gb_sync_codec_apply() for objects read by any JSON parser, with the same checks.
 */
gboolean
gb_sync_codec_apply_members (GbStore           *store,
                             const char        *table,
                             const char        *op,
                             GbSyncMemberFunc   member,
                             gconstpointer      key,
                             guint              key_size,
                             gconstpointer      row,
                             GError           **error)
{
  const GbSyncTable *t = gb_sync_find_table (table);
  Value keys[4] = { 0 };
  Value cols[GB_SYNC_MAX_COLS] = { 0 };
  gboolean missing = FALSE, ok = FALSE;
  guint nk = 0, nc = 0;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  if (t == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a synced table"), table ? table : "");
      return FALSE;
    }
  if (g_strcmp0 (op, "upsert") != 0 && g_strcmp0 (op, "delete") != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the operation must be upsert or delete"), t->name);
      return FALSE;
    }
  nk = gb_sync_n_cols (t->key);
  nc = gb_sync_n_cols (t->cols);
  if (!take_key (store, t, member, key, key_size, keys, &missing, error))
    goto out;
  if (strcmp (op, "delete") == 0)
    ok = missing || delete_row (store, t, keys, error);
  else if (row == NULL)
    g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: an upsert needs the row as an object"), t->name);
  else
    /* Check everything before writing anything. */
    ok = take_row (t, member, row, cols, error) &&
         (!missing || check_key_refs (t, member, key, keys, error)) &&
         resolve_refs (store, t, cols, error) &&
         write_row (store, t, keys, cols, error);

out:
  for (guint i = 0; i < nk; i++)
    value_clear (&keys[i]);
  for (guint i = 0; i < nc; i++)
    value_clear (&cols[i]);
  return ok;
}

/**
 * gb_sync_codec_row_unit:
 *
 * @store: (nullable): where a deleted row's unit is looked up; without it, a delete naming its row
 *   by uid only has the unit ""
 *
 * Returns: (nullable): the unit code a row of @table belongs to (from its key or row), for
 *   district permissions; NULL for tables not tied to a unit
 */
char *
gb_sync_codec_row_unit (GbStore    *store,
                        const char *table,
                        JsonNode   *key,
                        JsonNode   *row)
{
  const GbSyncTable *t = gb_sync_find_table (table);
  JsonNode *n = NULL;

  g_return_val_if_fail (store == NULL || GB_IS_STORE (store), NULL);

  if (t == NULL)
    return NULL;
  if (strcmp (t->name, "units") == 0)
    n = JSON_NODE_HOLDS_OBJECT (key) ? json_object_get_member (json_node_get_object (key), "code") : NULL;
  else if (t->unit != NULL)
    {
      if (key != NULL && JSON_NODE_HOLDS_OBJECT (key))
        n = json_object_get_member (json_node_get_object (key), t->unit);
      if (n == NULL && row != NULL && JSON_NODE_HOLDS_OBJECT (row))
        n = json_object_get_member (json_node_get_object (row), t->unit);
      if (n == NULL && row == NULL && store != NULL)
        {
          /* A delete names the row by uid only: the unit is the stored row's. */
          g_autoptr(JsonNode) current = gb_sync_codec_encode (store, table, key, NULL);

          if (current != NULL && JSON_NODE_HOLDS_OBJECT (current))
            return g_strdup (json_object_get_string_member_with_default (json_node_get_object (current), t->unit, NULL));
        }
    }
  else
    return NULL;
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return g_strdup ("");
  return g_strdup (json_node_get_string (n));
}


/* References that are no uid column but move a child after its parent all the same
 * (gb_sync_moves): table, member, the table it names. */
static const char * const implicit_refs[][3] = {
  { "rule_thresholds", "rule_set", "rule_sets" },
  { "rule_set_periods", "rule_set", "rule_sets" },
  { "level_override_revocations", "override_uid", "level_overrides" },
};

static void
json_row_value (GString         *s,
                const GbSyncCol *c,
                JsonNode        *n)
{
  g_autofree char *text = NULL;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    g_string_append (s, "null");
  else if (c->type == 'R' && json_node_get_value_type (n) == G_TYPE_INT64)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (s, g_ascii_dtostr (buf, sizeof buf, (double) json_node_get_int (n)));
    }
  else
    {
      text = json_to_string (n, FALSE);
      g_string_append (s, text);
    }
}

void
gb_sync_json_row_clear (GbSyncJsonRow *r)
{
  g_clear_pointer (&r->object, g_free);
  g_clear_pointer (&r->array, g_free);
  g_clear_pointer (&r->ident, g_free);
  g_clear_pointer (&r->unit, g_free);
  g_clear_pointer (&r->parents, g_ptr_array_unref);
  g_clear_pointer (&r->owners, g_ptr_array_unref);
}

/* Checks one member's type as gb_sync_codec_apply() does; its node in *out (NULL: null). */
static gboolean
json_row_member (const GbSyncTable  *t,
                 const GbSyncCol    *c,
                 JsonObject         *o,
                 JsonNode          **out,
                 GError            **error)
{
  GbSyncValue v;
  Value taken;
  gboolean ok;

  gb_sync_json_object_member (o, c->json, &v);
  ok = take_value (t, c, &v, &taken, error);
  value_clear (&taken);
  *out = ok && taken.type != 'N' ? json_object_get_member (o, c->json) : NULL;
  return ok;
}

/**
 * gb_sync_codec_json_row:
 * @op: "upsert" or "delete"
 * @exists: tells whether the row a reference names ("table:value") is there
 * @out: (out caller-allocates): the row as the feed sends it, and what it names
 *
 * For a database that keeps synced rows as the feed sends them (giaoband on PostgreSQL):
 * checks the key and the row as gb_sync_codec_apply() does (types, a required reference to a
 * row that is not there: GB_ERROR_NOT_FOUND; an optional one becomes null) and writes the row
 * as JSON text, as an object and as the compact format's array. @out->ident names the row for
 * others ("table:value", single-member keys only), @out->parents the rows it names and
 * @out->owners those of them it cannot live without; @out->unit its unit, if any.
 */
gboolean
gb_sync_codec_json_row (const char      *table,
                        const char      *op,
                        JsonNode        *key,
                        JsonNode        *row,
                        GbSyncRefExists  exists,
                        gpointer         data,
                        GbSyncJsonRow   *out,
                        GError         **error)
{
  const GbSyncTable *t = gb_sync_find_table (table);
  g_autoptr(GString) obj = g_string_new ("{");
  g_autoptr(GString) arr = g_string_new ("[");
  gboolean upsert = g_strcmp0 (op, "upsert") == 0;
  guint nk, nc;

  memset (out, 0, sizeof *out);
  if (t == NULL || key == NULL || !JSON_NODE_HOLDS_OBJECT (key) || (upsert && (row == NULL || !JSON_NODE_HOLDS_OBJECT (row))))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s”: a change needs a known table, a key and, to "
                   "write a row, the row"), table ? table : "");
      return FALSE;
    }
  nk = gb_sync_n_cols (t->key);
  nc = gb_sync_n_cols (t->cols);
  out->parents = g_ptr_array_new_with_free_func (g_free);
  out->owners = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < nk + nc; i++)
    {
      const GbSyncCol *c = i < nk ? &t->key[i] : &t->cols[i - nk];
      JsonObject *o = json_node_get_object (i < nk ? key : row);
      JsonNode *n = NULL;
      gboolean found = TRUE;

      if (i >= nk && !upsert)
        break;
      if (!json_row_member (t, c, o, &n, error))
        goto fail;
      if (n != NULL && json_node_get_value_type (n) == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (n);
          const char *names = c->ref;

          if (i == 0 && nk == 1)
            out->ident = g_strdup_printf ("%s:%s", t->name, s);
          if (t->unit != NULL && strcmp (c->json, t->unit) == 0)
            out->unit = g_strdup (s);
          for (guint j = 0; names == NULL && j < G_N_ELEMENTS (implicit_refs); j++)
            if (strcmp (implicit_refs[j][0], t->name) == 0 && strcmp (implicit_refs[j][1], c->json) == 0)
              names = implicit_refs[j][2];
          if (names != NULL)
            {
              char *ident = g_strdup_printf ("%s:%s", names, s);

              if (c->ref != NULL && upsert && !exists (ident, &found, data, error))
                {
                  g_free (ident);
                  goto fail;
                }
              if (!found && (i < nk || !c->null))
                {
                  g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("%s: the %s “%s” it names is not there"),
                               t->name, c->json, s);
                  g_free (ident);
                  goto fail;
                }
              if (!found)
                n = NULL;
              if (found && (i < nk || !c->null))
                g_ptr_array_add (out->owners, g_strdup (ident));
              if (found)
                g_ptr_array_add (out->parents, ident);
              else
                g_free (ident);
            }
        }
      if (strcmp (t->name, "units") == 0 && i == 0 && n != NULL)
        out->unit = g_strdup (json_node_get_string (n));
      g_string_append_printf (obj, "%s\"%s\":", i ? "," : "", c->json);
      json_row_value (obj, c, n);
      if (i > 0)
        g_string_append_c (arr, ',');
      json_row_value (arr, c, n);
    }
  g_string_append_c (obj, '}');
  g_string_append_c (arr, ']');
  if (upsert)
    {
      out->object = g_string_free (g_steal_pointer (&obj), FALSE);
      out->array = g_string_free (g_steal_pointer (&arr), FALSE);
    }
  return TRUE;

fail:
  gb_sync_json_row_clear (out);
  return FALSE;
}
