/* gb-store-sync.c — the client side of the sync in the store: outbox, cursor, conflicts
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Local edits are queued by TEMP triggers installed on the app's own connection only: the
 * daemon runs over the same schema and must not queue anything, and the connection that
 * applies pulled changes must not queue them back. While pulled rows are applied on a
 * connection that has the triggers, a row in temp.gb_sync_applying silences them.
 */
#define G_LOG_DOMAIN "gb-store-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-store-private.h"
#include "gb-store-sync.h"
#include "gb-store-sync-codec-private.h"

/* How a row of a synced table is named in the feed. $ stands for NEW or OLD. Members are in
 * name order so the text equals the canonical form of the key the server sends. */
typedef struct
{
  const char *table;
  const char *key;           /* SQL expression building the key as JSON text */
  const char *update_of;     /* columns whose update is an edit; NULL: any column; "": none */
  const char *insert_when;   /* extra condition on inserts and deletes; NULL: all rows */
  gboolean    deletes;
} OutboxTable;

/* Rows the sync worker applies from the server never queue (gb_store_sync_begin_apply()), so
 * a row inserted with the triggers on was made on this laptop: a notice imported here, its
 * items and units, a composed conclusion. They all go up, parents first (the outbox keeps
 * the order they were written in), and so reach every other copy. */
static const OutboxTable outbox_tables[] = {
  /* A day's numbers typed in the app (the district grid, gb-day-report.c) or imported; the
   * simulation's rows stay local. */
  { "case_reports", "json_object('date', $.date, 'unit_code', $.unit_code)", NULL, "$.simulated = 0", TRUE },
  { "vaccinations", "json_object('date', $.date, 'unit_code', $.unit_code)", NULL, "$.simulated = 0", TRUE },
  /* The units' history (merges, splits, the reform) made on this laptop: a unit that begins
   * on a date, its life's bounds, its versions and successions, and the unit a merge made
   * when its undo deletes it. Units as loaded from boundaries have no beginning and stay
   * local (every copy loads its own). */
  { "units", "json_object('code', $.code)", "valid_from, valid_to",
    /* Deleted (gone from units when the trigger runs) only as the undo of a merge that made it. */
    "$.valid_from IS NOT NULL AND (EXISTS (SELECT 1 FROM main.units x WHERE x.code = $.code) "
    "OR EXISTS (SELECT 1 FROM main.unit_merges m WHERE m.successor = $.code))", TRUE },
  { "unit_versions", "json_object('code', $.code, 'valid_from', $.valid_from)", NULL, NULL, TRUE },
  { "unit_successions", "json_object('date', $.date, 'predecessor', $.predecessor, 'successor', $.successor)",
    NULL, NULL, TRUE },
  /* A merge entered here, and its undo (undone_at): never deleted. */
  { "unit_merges", "json_object('uid', $.uid)", "undone_at, changes", NULL, FALSE },
  { "organisations", "json_object('uid', $.uid)", "", NULL, FALSE },
  { "documents", "json_object('uid', $.uid)", NULL, NULL, TRUE },
  { "document_recipients",
    "json_object('document', (SELECT uid FROM main.documents WHERE id = $.document_id), "
    "'position', $.position, 'role', $.role)", NULL, NULL, TRUE },
  { "document_references",
    "json_object('document', (SELECT uid FROM main.documents WHERE id = $.document_id), "
    "'position', $.position)", NULL, NULL, TRUE },
  /* Directive status, due dates and places are the edits of an item; its text is the notice's. */
  { "items", "json_object('uid', $.uid)",
    "status, due_date, due_text, done_date, recurrence, places", NULL, TRUE },
  { "progress_updates", "json_object('uid', $.uid)", NULL, NULL, TRUE },
  { "item_assignments",
    "json_object('item', (SELECT uid FROM main.items WHERE id = $.item_id), "
    "'organisation', (SELECT uid FROM main.organisations WHERE id = $.organisation_id))",
    NULL, NULL, TRUE },
  /* A status change's row in the log goes up with the item's own edit, queued just before it
   * in the same transaction (gb_store_tracker_set_status() writes the item first), or with a
   * new item. Append-only: never updated, never deleted on its own. */
  { "item_status_log", "json_object('uid', $.uid)", "",
    "EXISTS (SELECT 1 FROM main.outbox WHERE tbl = 'items' AND sent_at IS NULL "
    "AND key = json_object('uid', (SELECT uid FROM main.items WHERE id = $.item_id)))", FALSE },
  /* The rule sets as data: a threshold's new version, the rule set of a period. */
  { "rule_sets", "json_object('id', $.id)", NULL, NULL, TRUE },
  { "rule_thresholds", "json_object('key', $.key, 'rule_set', $.rule_set, 'valid_from', $.valid_from)", NULL, NULL,
    TRUE },
  { "rule_set_periods", "json_object('date_from', $.date_from)", NULL, NULL, TRUE },
  { "level_overrides", "json_object('uid', $.uid)", NULL, NULL, TRUE },
  { "level_override_revocations", "json_object('override_uid', $.override_uid)", NULL, NULL, TRUE },
  { "meetings", "json_object('uid', $.uid)", NULL, NULL, TRUE },
  { "conclusion_drafts", "json_object('uid', $.uid)", NULL, NULL, TRUE },
  { "conclusion_sections",
    "json_object('draft', (SELECT uid FROM main.conclusion_drafts WHERE id = $.draft_id), "
    "'position', $.position)", NULL, NULL, TRUE },
  { "conclusion_tasks",
    "json_object('draft', (SELECT uid FROM main.conclusion_drafts WHERE id = $.draft_id), "
    "'position', $.position, 'section_position', $.section_position)", NULL, NULL, TRUE },
  /* A value held for review here, and a decision made here (its row written with it). */
  { "review_items", "json_object('uid', $.uid)", NULL, NULL, FALSE },
};

/* A version-4 UUID from SQLite's random source, as g_uuid_string_random() writes them. These
 * two are printf formats: they go through g_strdup_printf() into the trigger text. */
#define SQL_UUID \
  "(SELECT substr (h, 1, 8) || '-' || substr (h, 9, 4) || '-4' || substr (h, 14, 3) || '-' || " \
  "substr ('89ab', 1 + (abs (random ()) %% 4), 1) || substr (h, 18, 3) || '-' || substr (h, 21, 12) " \
  "FROM (SELECT lower (hex (randomblob (16))) AS h))"
/* SQL_UUID for every row of a SELECT: SQLite runs SQL_UUID's subquery once per statement,
 * and every row would get the same uuid. */
#define SQL_UUID_PER_ROW \
  "(lower (hex (randomblob (4))) || '-' || lower (hex (randomblob (2))) || '-4' || " \
  "substr (lower (hex (randomblob (2))), 2) || '-' || substr ('89ab', 1 + (abs (random ()) %% 4), 1) || " \
  "substr (lower (hex (randomblob (2))), 2) || '-' || lower (hex (randomblob (6))))"

#define SQL_NOW "strftime ('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now')"

#define SQL_CURSOR \
  "coalesce ((SELECT CAST (value AS INTEGER) FROM main.sync_state WHERE key = 'cursor'), 0)"

void
gb_outbox_entry_free (GbOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->change_id);
  g_free (entry->table);
  g_free (entry->key);
  g_free (entry->op);
  g_free (entry->created_at);
  g_free (entry->base_row);
  g_free (entry);
}

void
gb_sync_conflict_free (GbSyncConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->change_id);
  g_free (conflict->table);
  g_free (conflict->key);
  g_free (conflict->server_row);
  g_free (conflict->client_row);
  g_free (conflict->detected_at);
  g_free (conflict->reason);
  g_free (conflict);
}

/**
 * gb_store_sync_outbox_tables:
 *
 * Returns: (transfer none): NULL-terminated names of the tables whose local edits are queued
 */
const char * const *
gb_store_sync_outbox_tables (void)
{
  static const char *names[G_N_ELEMENTS (outbox_tables) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (outbox_tables); i++)
      names[i] = outbox_tables[i].table;
  return names;
}

static char *
subst_row (const char *template,
           const char *row)
{
  g_auto(GStrv) parts = g_strsplit (template, "$", -1);

  return g_strjoinv (row, parts);
}

/**
 * gb_store_sync_key_sql:
 * @table: a table whose edits are queued
 * @row: the SQL name of its row ("r", "NEW")
 *
 * Returns: (transfer full) (nullable): the SQL expression of the row's sync key as JSON text,
 *   as the outbox writes it, or %NULL for a table that is not queued
 */
char *
gb_store_sync_key_sql (const char *table,
                       const char *row)
{
  g_return_val_if_fail (table != NULL && row != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (outbox_tables); i++)
    if (strcmp (outbox_tables[i].table, table) == 0)
      return subst_row (outbox_tables[i].key, row);
  return NULL;
}

/* The trigger body: a pending unsent entry of the row takes the new op; otherwise a new entry.
 * A key with a null member names a row whose parent is already gone (a cascade): the
 * parent's own delete carries it. */
static char *
trigger_sql (const OutboxTable *t,
             const char        *event,
             const char        *row,
             const char        *op)
{
  g_autofree char *key = subst_row (t->key, row);
  g_autofree char *extra = t->insert_when && strcmp (event, "UPDATE") != 0
                           ? subst_row (t->insert_when, row) : NULL;
  g_autofree char *of = NULL;
  g_autofree char *base = NULL;

  /* An edit of a row keeps the row as it was, so the server can merge field by field. */
  if (strcmp (event, "INSERT") == 0)
    base = g_strdup ("NULL");
  else
    base = gb_sync_row_expr (gb_sync_find_table (t->table), "OLD", FALSE);
  if (strcmp (event, "UPDATE") == 0 && t->update_of != NULL)
    of = g_strdup_printf (" OF %s", t->update_of);
  else if (strcmp (event, "UPDATE") == 0 && t->insert_when != NULL)
    extra = subst_row (t->insert_when, row);

  return g_strdup_printf (
    "CREATE TEMP TRIGGER IF NOT EXISTS gb_outbox_%s_%s AFTER %s%s ON main.%s "
    "WHEN NOT EXISTS (SELECT 1 FROM temp.gb_sync_applying) AND " GB_SYNC_SQL_KEY_COMPLETE ("%s") "%s%s "
    "BEGIN "
    "  UPDATE outbox SET op = '%s' WHERE tbl = '%s' AND key = %s AND sent_at IS NULL; "
    "  INSERT INTO outbox (change_id, tbl, key, op, base_seq, created_at, base_row) "
    "    SELECT " SQL_UUID ", '%s', %s, '%s', " SQL_CURSOR ", " SQL_NOW ", %s "
    "    WHERE NOT EXISTS (SELECT 1 FROM main.outbox WHERE tbl = '%s' AND key = %s AND sent_at IS NULL); "
    "END;",
    t->table, event, event, of ? of : "", t->table,
    key, extra ? " AND " : "", extra ? extra : "",
    op, t->table, key,
    t->table, key, op, base,
    t->table, key);
}

static gboolean
ensure_flag_table (GbStore  *self,
                   GError  **error)
{
  return gb_store_exec (self, "CREATE TEMP TABLE IF NOT EXISTS gb_sync_applying (x INTEGER)", error);
}

/**
 * gb_store_sync_enable_outbox:
 *
 * Installs, on this connection only, the triggers that queue every local edit of a synced
 * table in the outbox in the same transaction as the edit. The app calls it once after
 * opening its store; the daemon and the sync worker never do.
 */
gboolean
gb_store_sync_enable_outbox (GbStore  *self,
                             GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  if (!ensure_flag_table (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (outbox_tables); i++)
    {
      const OutboxTable *t = &outbox_tables[i];
      g_autofree char *ins = trigger_sql (t, "INSERT", "NEW", "upsert");
      g_autofree char *upd = NULL;
      g_autofree char *del = NULL;

      if (!gb_store_exec (self, ins, error))
        goto fail;
      if (t->update_of == NULL || *t->update_of != '\0')
        {
          upd = trigger_sql (t, "UPDATE", "NEW", "upsert");
          if (!gb_store_exec (self, upd, error))
            goto fail;
        }
      if (t->deletes)
        {
          del = trigger_sql (t, "DELETE", "OLD", "delete");
          if (!gb_store_exec (self, del, error))
            goto fail;
        }
      continue;
fail:
      g_prefix_error (error, "Could not queue edits of %s: ", t->table);
      return FALSE;
    }
  return TRUE;
}

/** gb_store_sync_outbox_enabled: whether this connection queues its edits. */
gboolean
gb_store_sync_outbox_enabled (GbStore *self)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT 1 FROM sqlite_temp_master WHERE type = 'trigger' "
                                         "AND name LIKE 'gb_outbox_%'", NULL);
  gboolean enabled = stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;

  if (stmt != NULL)
    sqlite3_reset (stmt);
  return enabled;
}

/**
 * gb_store_sync_begin_apply:
 *
 * Silences the outbox triggers of this connection until gb_store_sync_end_apply(): rows that
 * came from the server are not edits to send back. Call it inside the transaction that
 * applies them, so a crash leaves nothing behind (the flag is a TEMP row, rolled back with
 * the rest).
 */
gboolean
gb_store_sync_begin_apply (GbStore  *self,
                           GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  return ensure_flag_table (self, error) &&
         gb_store_exec (self, "INSERT INTO temp.gb_sync_applying (x) VALUES (1)", error);
}

void
gb_store_sync_end_apply (GbStore *self)
{
  g_return_if_fail (GB_IS_STORE (self));

  gb_store_exec (self, "DELETE FROM temp.gb_sync_applying", NULL);
}

/** gb_store_sync_outbox_count: the number of local edits not yet accepted by the server. */
gint64
gb_store_sync_outbox_count (GbStore *self)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT count(*) FROM outbox", NULL);
  gint64 n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

/**
 * gb_store_sync_outbox_list:
 * @limit: at most this many entries, oldest first; 0 for all
 *
 * Returns: (transfer full) (element-type GbOutboxEntry): the queued edits
 */
GPtrArray *
gb_store_sync_outbox_list (GbStore  *self,
                           guint     limit,
                           GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_outbox_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = gb_store_prepare (self, "SELECT id, change_id, tbl, key, op, base_seq, created_at, "
                           "sent_at IS NOT NULL, base_row FROM outbox ORDER BY id LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit == 0 ? -1 : (gint64) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbOutboxEntry *e = g_new0 (GbOutboxEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->change_id = gb_store_column_dup (stmt, 1);
      e->table = gb_store_column_dup (stmt, 2);
      e->key = gb_store_column_dup (stmt, 3);
      e->op = gb_store_column_dup (stmt, 4);
      e->base_seq = sqlite3_column_int64 (stmt, 5);
      e->created_at = gb_store_column_dup (stmt, 6);
      e->sent = sqlite3_column_int (stmt, 7);
      e->base_row = gb_store_column_dup (stmt, 8);
      g_ptr_array_add (list, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not read the outbox");
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * gb_store_sync_outbox_mark_sent:
 *
 * Freezes an entry before it goes out: the server may apply it even if the answer never
 * arrives, so a later edit of the row must not be merged into it.
 */
gboolean
gb_store_sync_outbox_mark_sent (GbStore     *self,
                                const char  *change_id,
                                GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "UPDATE outbox SET sent_at = coalesce (sent_at, ?2) "
                                         "WHERE change_id = ?1", error);
  g_autofree char *now = gb_store_now_iso ();

  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, change_id);
  gb_store_bind_text (stmt, 2, now);
  return gb_store_step_done (self, stmt, "Could not update the outbox", error);
}

/** gb_store_sync_outbox_remove: drops an entry the server applied or refused. */
gboolean
gb_store_sync_outbox_remove (GbStore     *self,
                             const char  *change_id,
                             GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "DELETE FROM outbox WHERE change_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, change_id);
  return gb_store_step_done (self, stmt, "Could not update the outbox", error);
}

/**
 * gb_store_sync_outbox_add:
 * @key: the row's key, canonical JSON
 *
 * Queues an edit by hand (a conflict resolved in favour of the local version), based on the
 * current cursor, merged into a pending unsent entry of the same row if there is one.
 */
gboolean
gb_store_sync_outbox_add (GbStore     *self,
                          const char  *table,
                          const char  *key,
                          const char  *op,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *uid = gb_store_new_uid ();
  g_autofree char *now = gb_store_now_iso ();

  if (!gb_store_begin (self, error))
    return FALSE;
  stmt = gb_store_prepare (self, "UPDATE outbox SET op = ?3 WHERE tbl = ?1 AND key = ?2 AND sent_at IS NULL", error);
  if (stmt == NULL)
    goto fail;
  gb_store_bind_text (stmt, 1, table);
  gb_store_bind_text (stmt, 2, key);
  gb_store_bind_text (stmt, 3, op);
  if (!gb_store_step_done (self, stmt, "Could not update the outbox", error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      stmt = gb_store_prepare (self, "INSERT INTO outbox (change_id, tbl, key, op, base_seq, created_at) "
                               "VALUES (?1, ?2, ?3, ?4, " SQL_CURSOR ", ?5)", error);
      if (stmt == NULL)
        goto fail;
      gb_store_bind_text (stmt, 1, uid);
      gb_store_bind_text (stmt, 2, table);
      gb_store_bind_text (stmt, 3, key);
      gb_store_bind_text (stmt, 4, op);
      gb_store_bind_text (stmt, 5, now);
      if (!gb_store_step_done (self, stmt, "Could not update the outbox", error))
        goto fail;
    }
  return gb_store_commit (self, error);
fail:
  gb_store_rollback (self);
  return FALSE;
}

/**
 * gb_store_sync_row_pending:
 *
 * Whether a local edit of the row still waits in the outbox: a pulled version of that row is
 * not applied over it (the push settles it, as applied or as a conflict).
 */
gboolean
gb_store_sync_row_pending (GbStore     *self,
                           const char  *table,
                           const char  *key,
                           gboolean    *pending,
                           GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT 1 FROM outbox WHERE tbl = ?1 AND key = ?2 LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, table);
  gb_store_bind_text (stmt, 2, key);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gb_store_set_error (self, error, "Could not read the outbox");
  *pending = rc == SQLITE_ROW;
  return TRUE;
}

/**
 * gb_store_sync_pending_rows:
 *
 * The rows with a local edit still queued, read once for a whole pulled page instead of a
 * query per pulled row: the set holds "table\nkey" (the key canonical, as the outbox keeps
 * it) for each, and the bare table name of each table that has one.
 *
 * Returns: (transfer full): a set of strings, or NULL with @error set
 */
GHashTable *
gb_store_sync_pending_rows (GbStore  *self,
                            GError  **error)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT DISTINCT tbl, key FROM outbox", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      const char *key = (const char *) sqlite3_column_text (stmt, 1);

      g_hash_table_add (rows, g_strdup (table));
      g_hash_table_add (rows, g_strconcat (table, "\n", key, NULL));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not read the outbox");
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/** gb_store_sync_get_state: a value of sync_state, or NULL. */
char *
gb_store_sync_get_state (GbStore    *self,
                         const char *key)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT value FROM sync_state WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = gb_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/** gb_store_sync_set_state: sets (or with %NULL removes) a value of sync_state. */
gboolean
gb_store_sync_set_state (GbStore     *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL)
    stmt = gb_store_prepare (self, "DELETE FROM sync_state WHERE key = ?1", error);
  else
    stmt = gb_store_prepare (self, "INSERT INTO sync_state (key, value) VALUES (?1, ?2) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, key);
  if (value != NULL)
    gb_store_bind_text (stmt, 2, value);
  return gb_store_step_done (self, stmt, "Could not save the sync state", error);
}

/** gb_store_sync_get_cursor: the last feed sequence applied locally (0: nothing yet). */
gint64
gb_store_sync_get_cursor (GbStore *self)
{
  g_autofree char *value = gb_store_sync_get_state (self, "cursor");

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

gboolean
gb_store_sync_set_cursor (GbStore  *self,
                          gint64    cursor,
                          GError  **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, cursor);
  return gb_store_sync_set_state (self, "cursor", buf, error);
}

/** gb_store_sync_client_id: this database's id towards the server, made once. */
char *
gb_store_sync_client_id (GbStore  *self,
                         GError  **error)
{
  char *id = gb_store_sync_get_state (self, "client_id");
  g_autofree char *fresh = NULL;

  if (id != NULL)
    return id;
  fresh = gb_store_new_uid ();
  if (!gb_store_sync_set_state (self, "client_id", fresh, error))
    return NULL;
  return g_steal_pointer (&fresh);
}

/**
 * gb_store_sync_add_conflict:
 * @reason: (nullable): the server's message when it rejected the change outright; NULL for a
 *   conflict (the row had changed there)
 *
 * Keeps both versions of a refused edit (once per change id).
 */
gboolean
gb_store_sync_add_conflict (GbStore     *self,
                            const char  *change_id,
                            const char  *table,
                            const char  *key,
                            const char  *server_row,
                            const char  *client_row,
                            const char  *reason,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *now = gb_store_now_iso ();

  stmt = gb_store_prepare (self, "INSERT OR IGNORE INTO sync_conflicts (change_id, tbl, key, server_row, "
                           "client_row, detected_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, change_id);
  gb_store_bind_text (stmt, 2, table);
  gb_store_bind_text (stmt, 3, key);
  gb_store_bind_text (stmt, 4, server_row);
  gb_store_bind_text (stmt, 5, client_row);
  gb_store_bind_text (stmt, 6, now);
  gb_store_bind_text (stmt, 7, reason);
  return gb_store_step_done (self, stmt, "Could not record the conflict", error);
}

static GbSyncConflict *
conflict_from_row (sqlite3_stmt *stmt)
{
  GbSyncConflict *c = g_new0 (GbSyncConflict, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->change_id = gb_store_column_dup (stmt, 1);
  c->table = gb_store_column_dup (stmt, 2);
  c->key = gb_store_column_dup (stmt, 3);
  c->server_row = gb_store_column_dup (stmt, 4);
  c->client_row = gb_store_column_dup (stmt, 5);
  c->detected_at = gb_store_column_dup (stmt, 6);
  c->reason = gb_store_column_dup (stmt, 7);
  return c;
}

/* The first text column of @sql's first row, with ?1 bound to @arg; NULL when none. */
static char *
lookup_text (GbStore    *self,
             const char *sql,
             const char *arg)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, sql, NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, arg);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

/* SQL naming an item by its path and its document ("3.2 of 154-CV/TU"), ?1 its id's source. */
#define ITEM_NAME(id) \
  "(SELECT i.path || ' ' || coalesce (d.kind || ' ', '') || coalesce (d.number, d.source_name, '') " \
  "  || ' — ' || substr (i.text, 1, 60) FROM items i JOIN documents d ON d.id = i.document_id WHERE i.id = " id ")"

/**
 * gb_store_sync_describe_row:
 * @table: a synced table
 * @key: the row's sync key (canonical JSON)
 *
 * Names a synced row the way a person knows it, for the conflicts window: an item by its
 * number and notice, a progress update or status change by its item, a declared level by its
 * commune. A row this copy does not have (any more) is named by its table and key.
 *
 * Returns: (transfer full): the name
 */
char *
gb_store_sync_describe_row (GbStore    *self,
                            const char *table,
                            const char *key)
{
  g_autofree char *uid = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  uid = lookup_text (self, "SELECT json_extract (?1, '$.uid')", key);
  if (uid != NULL && g_strcmp0 (table, "items") == 0 &&
      (name = lookup_text (self, "SELECT " ITEM_NAME ("(SELECT id FROM items WHERE uid = ?1)"), uid)) != NULL)
    /* Translators: an item of a notice, e.g. "Item 3.2 công văn 154-CV/TU — Tổ chức xét nghiệm…". */
    return g_strdup_printf (_("Item %s"), name);
  if (uid != NULL && g_strcmp0 (table, "progress_updates") == 0 &&
      (name = lookup_text (self, "SELECT " ITEM_NAME ("(SELECT item_id FROM progress_updates WHERE uid = ?1)"), uid)) != NULL)
    return g_strdup_printf (_("Progress on item %s"), name);
  if (uid != NULL && g_strcmp0 (table, "item_status_log") == 0 &&
      (name = lookup_text (self, "SELECT " ITEM_NAME ("(SELECT item_id FROM item_status_log WHERE uid = ?1)"), uid)) != NULL)
    return g_strdup_printf (_("Status of item %s"), name);
  if (uid != NULL && g_strcmp0 (table, "documents") == 0 &&
      (name = lookup_text (self, "SELECT coalesce (kind || ' ', '') || coalesce (number, source_name, uid) "
                                 "FROM documents WHERE uid = ?1", uid)) != NULL)
    return g_strdup_printf (_("Document %s"), name);
  if (uid != NULL && g_strcmp0 (table, "level_overrides") == 0 &&
      (name = lookup_text (self, "SELECT coalesce ((SELECT name FROM units WHERE code = o.unit_code), o.unit_code) "
                                 "|| ' (' || o.unit_code || ')' FROM level_overrides o WHERE o.uid = ?1", uid)) != NULL)
    return g_strdup_printf (_("Declared level of %s"), name);
  if (uid != NULL && g_strcmp0 (table, "meetings") == 0 &&
      (name = lookup_text (self, "SELECT date || ' — ' || subject FROM meetings WHERE uid = ?1", uid)) != NULL)
    return g_strdup_printf (_("Meeting %s"), name);
  if (uid != NULL && g_strcmp0 (table, "conclusion_drafts") == 0 &&
      (name = lookup_text (self, "SELECT m.date || ' — ' || m.subject FROM conclusion_drafts c "
                                 "JOIN meetings m ON m.id = c.meeting_id WHERE c.uid = ?1", uid)) != NULL)
    return g_strdup_printf (_("Conclusion of the meeting %s"), name);
  return g_strdup_printf ("%s %s", table, key);
}

/**
 * gb_store_sync_list_conflicts:
 *
 * Returns: (transfer full) (element-type GbSyncConflict): the conflicts nobody resolved yet
 */
GPtrArray *
gb_store_sync_list_conflicts (GbStore  *self,
                              GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_sync_conflict_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = gb_store_prepare (self, "SELECT id, change_id, tbl, key, server_row, client_row, detected_at, reason "
                           "FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, conflict_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not read the conflicts");
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
gb_store_sync_conflict_count (GbStore *self)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL", NULL);
  gint64 n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

GbSyncConflict *
gb_store_sync_get_conflict (GbStore  *self,
                            gint64    id,
                            GError  **error)
{
  sqlite3_stmt *stmt;
  GbSyncConflict *c = NULL;

  stmt = gb_store_prepare (self, "SELECT id, change_id, tbl, key, server_row, client_row, detected_at, reason "
                           "FROM sync_conflicts WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    c = conflict_from_row (stmt);
  sqlite3_reset (stmt);
  if (c == NULL)
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no sync conflict %lld"), (long long) id);
  return c;
}

/** gb_store_sync_mark_resolved: @resolution is "server" or "client". */
gboolean
gb_store_sync_mark_resolved (GbStore     *self,
                             gint64       id,
                             const char  *resolution,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *now = gb_store_now_iso ();

  stmt = gb_store_prepare (self, "UPDATE sync_conflicts SET resolved_at = ?2, resolution = ?3 "
                           "WHERE id = ?1 AND resolved_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  gb_store_bind_text (stmt, 2, now);
  gb_store_bind_text (stmt, 3, resolution);
  if (!gb_store_step_done (self, stmt, "Could not resolve the conflict", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no open sync conflict %lld"), (long long) id);
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_store_sync_table_checksum:
 * @table: a table of the schema (not user input)
 * @columns: (nullable): the columns to compare, comma-separated (not user input); NULL: all
 *
 * SHA-256 over the rows of @table in a stable order, to tell whether two databases hold the
 * same data after a sync. Local integer ids differ between copies: leave them out of @columns.
 */
char *
gb_store_sync_table_checksum (GbStore     *self,
                              const char  *table,
                              const char  *columns,
                              GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  char *sql = sqlite3_mprintf ("SELECT %s FROM \"%w\" ORDER BY %s", columns ? columns : "*", table,
                               columns ? columns : "1");
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  sqlite3_free (sql);
  if (rc != SQLITE_OK)
    {
      gb_store_set_error (self, error, "Could not read a table");
      sqlite3_finalize (stmt);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          int type = sqlite3_column_type (stmt, i);
          const void *blob = type == SQLITE_BLOB ? sqlite3_column_blob (stmt, i) : sqlite3_column_text (stmt, i);
          int len = sqlite3_column_bytes (stmt, i);
          guchar tag = (guchar) type;

          g_checksum_update (sum, &tag, 1);
          if (blob != NULL)
            g_checksum_update (sum, blob, len);
        }
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not read a table");
      return NULL;
    }
  return g_strdup (g_checksum_get_string (sum));
}

/**
 * gb_store_sync_note_pushed:
 * @op: "upsert" or "delete"
 * @last: the server's feed end when it took the edit
 *
 * Remembers an edit the server took (see 0011-sync-pushed.sql), in the caller's transaction.
 */
gboolean
gb_store_sync_note_pushed (GbStore     *self,
                           const char  *table,
                           const char  *key,
                           const char  *op,
                           gint64       last,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  stmt = gb_store_prepare (self, "INSERT OR REPLACE INTO sync_pushed (tbl, key, op, last) VALUES (?1, ?2, ?3, ?4)",
                           error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, table);
  gb_store_bind_text (stmt, 2, key);
  gb_store_bind_text (stmt, 3, op);
  sqlite3_bind_int64 (stmt, 4, last);
  return gb_store_step_done (self, stmt, "Could not remember a pushed edit", error);
}

/**
 * gb_store_sync_requeue_pushed:
 * @after: the sequence a restored server's backup ended at
 *
 * Queues again every edit the server took after @after (and so lost), based on @after, unless
 * a newer edit of the row is queued already; in the caller's transaction.
 */
gboolean
gb_store_sync_requeue_pushed (GbStore     *self,
                              gint64       after,
                              GError     **error)
{
  static const char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  /* SQL_UUID and SQL_NOW are printf formats; interned so that the statement is cached. */
  if (sql == NULL)
    {
      g_autofree char *text = g_strdup_printf ("INSERT INTO outbox (change_id, tbl, key, op, base_seq, created_at) "
                                               "SELECT " SQL_UUID_PER_ROW ", p.tbl, p.key, p.op, ?1, " SQL_NOW " "
                                               "FROM sync_pushed p WHERE p.last > ?1 AND NOT EXISTS "
                                               "(SELECT 1 FROM outbox o WHERE o.tbl = p.tbl AND o.key = p.key "
                                               "AND o.sent_at IS NULL) ORDER BY p.rowid");

      sql = g_intern_string (text);
    }
  stmt = gb_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after);
  return gb_store_step_done (self, stmt, "Could not queue the edits a restored server lost", error);
}
