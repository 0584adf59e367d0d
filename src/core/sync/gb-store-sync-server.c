/* gb-store-sync-server.c — the sync codec, giaoband's change feed and push intake (SQL side)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every synced table is described once below (sync key, row members, references to other
 * tables by uid); the SQL of encoding, applying, feed triggers and backfill is generated from
 * that description once per process. Local integer ids never travel: a reference to another
 * row travels as that row's uid and is mapped back to the local id on apply.
 *
 * Rows arrive at a client in feed order, so a parent must come before its children. A new
 * child is logged after its parent; when a parent changes (and moves to a new seq) its
 * children are moved after it in the same trigger, keeping their relative order. Units are
 * the exception (a commune has hundreds of daily rows): a row naming a unit the copy does not
 * have yet creates a placeholder unit, filled in when the unit's own change arrives later in
 * the same sync.
 */
#define G_LOG_DOMAIN "gb-sync-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-store-private.h"
#include "gb-sync-client.h"
#include "gb-sync-codec.h"
#include "gb-sync-feed.h"
#include "gb-sync-json.h"

#define MAX_COLS 16

typedef struct
{
  const char *json;      /* member name */
  const char *col;       /* SQL column */
  char        type;      /* 'T' text, 'I' integer, 'R' real, 'B' blob as hex text */
  gboolean    null;      /* may be null */
  const char *ref;       /* table whose uid this column's id names, or NULL */
} Col;

typedef struct
{
  const char *name;
  const char *conflict;  /* ON CONFLICT target; NULL: replace by delete then insert */
  const char *unit;      /* member naming a unit that must exist, or NULL */
  const char *order;     /* backfill order */
  Col         key[4];    /* sorted by json name: the key text is canonical */
  Col         cols[MAX_COLS];
} Table;

#define END { NULL, NULL, 0, FALSE, NULL }

/* Dependency order: a table comes after the tables it references. */
static const Table tables[] = {
  { "units", "code", NULL, "level, code",
    { { "code", "code", 'T', FALSE, NULL }, END },
    { { "level", "level", 'I', FALSE, NULL }, { "parent_code", "parent_code", 'T', TRUE, NULL },
      { "name", "name", 'T', FALSE, NULL }, { "type", "type", 'T', TRUE, NULL },
      { "population", "population", 'I', TRUE, NULL }, { "pop_18", "pop_18", 'I', TRUE, NULL },
      { "pop_65", "pop_65", 'I', TRUE, NULL }, { "valid_from", "valid_from", 'T', TRUE, NULL },
      { "valid_to", "valid_to", 'T', TRUE, NULL }, { "geometry", "geometry", 'B', TRUE, NULL },
      { "min_lon", "min_lon", 'R', TRUE, NULL }, { "min_lat", "min_lat", 'R', TRUE, NULL },
      { "max_lon", "max_lon", 'R', TRUE, NULL }, { "max_lat", "max_lat", 'R', TRUE, NULL }, END } },
  { "case_reports", "unit_code, date", "unit_code", "date, unit_code",
    { { "date", "date", 'T', FALSE, NULL }, { "unit_code", "unit_code", 'T', FALSE, NULL }, END },
    { { "community", "community", 'I', FALSE, NULL }, { "quarantine", "quarantine", 'I', FALSE, NULL },
      { "unknown_source", "unknown_source", 'I', FALSE, NULL }, { "deaths", "deaths", 'I', TRUE, NULL },
      { "recovered", "recovered", 'I', TRUE, NULL }, { "tests", "tests", 'I', TRUE, NULL },
      { "simulated", "simulated", 'I', FALSE, NULL }, { "received_at", "received_at", 'T', FALSE, NULL }, END } },
  { "vaccinations", "unit_code, date", "unit_code", "date, unit_code",
    { { "date", "date", 'T', FALSE, NULL }, { "unit_code", "unit_code", 'T', FALSE, NULL }, END },
    { { "pop_18", "pop_18", 'I', TRUE, NULL }, { "pop_65", "pop_65", 'I', TRUE, NULL },
      { "dose1_18", "dose1_18", 'I', TRUE, NULL }, { "full_18", "full_18", 'I', TRUE, NULL },
      { "full_65", "full_65", 'I', TRUE, NULL }, { "doses_given", "doses_given", 'I', TRUE, NULL },
      { "doses_allocated", "doses_allocated", 'I', TRUE, NULL }, { "simulated", "simulated", 'I', FALSE, NULL },
      { "received_at", "received_at", 'T', FALSE, NULL }, END } },
  { "organisations", "uid", NULL, "id",
    { { "uid", "uid", 'T', FALSE, NULL }, END },
    { { "name", "name", 'T', FALSE, NULL }, { "short_name", "short_name", 'T', TRUE, NULL },
      { "kind", "kind", 'T', TRUE, NULL }, { "builtin", "builtin", 'I', FALSE, NULL }, END } },
  { "documents", "uid", NULL, "id",
    { { "uid", "uid", 'T', FALSE, NULL }, END },
    { { "kind", "kind", 'T', TRUE, NULL }, { "number", "number", 'T', TRUE, NULL },
      { "issuer", "issuer", 'T', TRUE, NULL }, { "place", "place", 'T', TRUE, NULL },
      { "date", "date", 'T', TRUE, NULL }, { "subject", "subject", 'T', TRUE, NULL },
      { "signer", "signer", 'T', TRUE, NULL }, { "signer_title", "signer_title", 'T', TRUE, NULL },
      { "signing_form", "signing_form", 'T', TRUE, NULL }, { "body", "body", 'T', FALSE, NULL },
      { "source_name", "source_name", 'T', TRUE, NULL }, { "origin", "origin", 'T', FALSE, NULL },
      { "created_at", "created_at", 'T', FALSE, NULL }, { "updated_at", "updated_at", 'T', FALSE, NULL }, END } },
  { "document_recipients", "document_id, role, position", NULL, "document_id, role, position",
    { { "document", "document_id", 'T', FALSE, "documents" }, { "position", "position", 'I', FALSE, NULL },
      { "role", "role", 'T', FALSE, NULL }, END },
    { { "text", "text", 'T', FALSE, NULL }, END } },
  { "document_references", "document_id, position", NULL, "document_id, position",
    { { "document", "document_id", 'T', FALSE, "documents" }, { "position", "position", 'I', FALSE, NULL }, END },
    { { "text", "text", 'T', FALSE, NULL }, { "kind", "kind", 'T', TRUE, NULL },
      { "number", "number", 'T', TRUE, NULL }, { "date", "date", 'T', TRUE, NULL },
      { "target", "target_id", 'T', TRUE, "documents" }, END } },
  { "items", "uid", NULL, "level, id",
    { { "uid", "uid", 'T', FALSE, NULL }, END },
    { { "document", "document_id", 'T', FALSE, "documents" }, { "parent", "parent_id", 'T', TRUE, "items" },
      { "path", "path", 'T', FALSE, NULL }, { "level", "level", 'I', FALSE, NULL },
      { "position", "position", 'I', FALSE, NULL }, { "text", "text", 'T', FALSE, NULL },
      { "is_task", "is_task", 'I', FALSE, NULL }, { "due_date", "due_date", 'T', TRUE, NULL },
      { "due_text", "due_text", 'T', TRUE, NULL }, { "recurrence", "recurrence", 'T', TRUE, NULL },
      { "status", "status", 'T', FALSE, NULL }, { "done_date", "done_date", 'T', TRUE, NULL },
      { "updated_at", "updated_at", 'T', FALSE, NULL }, END } },
  { "item_assignments", "item_id, organisation_id", NULL, "item_id, organisation_id",
    { { "item", "item_id", 'T', FALSE, "items" }, { "organisation", "organisation_id", 'T', FALSE, "organisations" }, END },
    { { "role", "role", 'T', FALSE, NULL }, END } },
  { "progress_updates", "uid", NULL, "id",
    { { "uid", "uid", 'T', FALSE, NULL }, END },
    { { "item", "item_id", 'T', FALSE, "items" }, { "date", "date", 'T', FALSE, NULL },
      { "text", "text", 'T', FALSE, NULL }, { "author", "author", 'T', TRUE, NULL },
      { "percent", "percent", 'I', TRUE, NULL }, { "created_at", "created_at", 'T', FALSE, NULL }, END } },
  /* Append-only: a row is written once and never changes (see 0008-push-rejections.sql). */
  { "item_status_log", "uid", NULL, "id",
    { { "uid", "uid", 'T', FALSE, NULL }, END },
    { { "item", "item_id", 'T', FALSE, "items" }, { "status", "status", 'T', FALSE, NULL },
      { "author", "author", 'T', TRUE, NULL }, { "at", "at", 'T', FALSE, NULL }, END } },
  { "rule_sets", "id", NULL, "id",
    { { "id", "id", 'T', FALSE, NULL }, END },
    { { "kind", "kind", 'T', FALSE, NULL }, { "name", "name", 'T', FALSE, NULL },
      { "builtin", "builtin", 'I', FALSE, NULL }, END } },
  { "rule_thresholds", NULL, NULL, "id",
    { { "key", "key", 'T', FALSE, NULL }, { "rule_set", "rule_set", 'T', FALSE, NULL },
      { "valid_from", "valid_from", 'T', FALSE, NULL }, END },
    { { "value", "value", 'R', FALSE, NULL }, { "author", "author", 'T', FALSE, NULL },
      { "created_at", "created_at", 'T', FALSE, NULL }, END } },
  { "rule_set_periods", "date_from", NULL, "date_from",
    { { "date_from", "date_from", 'T', FALSE, NULL }, END },
    { { "rule_set", "rule_set", 'T', FALSE, NULL }, END } },
  { "treatment_capacity", "unit_code", "unit_code", "unit_code",
    { { "unit_code", "unit_code", 'T', FALSE, NULL }, END },
    { { "ok", "ok", 'I', FALSE, NULL }, { "updated_at", "updated_at", 'T', FALSE, NULL }, END } },
  { "level_overrides", "uid", "unit_code", "id",
    { { "uid", "uid", 'T', FALSE, NULL }, END },
    { { "unit_code", "unit_code", 'T', FALSE, NULL }, { "date_from", "date_from", 'T', FALSE, NULL },
      { "date_to", "date_to", 'T', TRUE, NULL }, { "level", "level", 'I', FALSE, NULL },
      { "reason", "reason", 'T', FALSE, NULL }, { "author", "author", 'T', FALSE, NULL },
      { "created_at", "created_at", 'T', FALSE, NULL }, { "revoked_at", "revoked_at", 'T', TRUE, NULL }, END } },
  { "level_override_revocations", "override_uid", NULL, "override_uid",
    { { "override_uid", "override_uid", 'T', FALSE, NULL }, END },
    { { "reason", "reason", 'T', FALSE, NULL }, { "author", "author", 'T', FALSE, NULL },
      { "revoked_at", "revoked_at", 'T', FALSE, NULL }, END } },
  { "meetings", "uid", NULL, "id",
    { { "uid", "uid", 'T', FALSE, NULL }, END },
    { { "date", "date", 'T', FALSE, NULL }, { "subject", "subject", 'T', FALSE, NULL },
      { "chair", "chair", 'T', TRUE, NULL }, { "participants", "participants", 'T', TRUE, NULL },
      { "reported_units", "reported_units", 'T', TRUE, NULL }, { "created_at", "created_at", 'T', FALSE, NULL },
      { "updated_at", "updated_at", 'T', FALSE, NULL }, END } },
  { "conclusion_drafts", "uid", NULL, "id",
    { { "uid", "uid", 'T', FALSE, NULL }, END },
    { { "meeting", "meeting_id", 'T', FALSE, "meetings" }, { "issuer", "issuer", 'T', FALSE, NULL },
      { "number", "number", 'T', TRUE, NULL }, { "place", "place", 'T', FALSE, NULL },
      { "date", "date", 'T', FALSE, NULL }, { "opening", "opening", 'T', FALSE, NULL },
      { "recipients", "recipients", 'T', TRUE, NULL }, { "signing_form", "signing_form", 'T', FALSE, NULL },
      { "signer_title", "signer_title", 'T', TRUE, NULL }, { "signer", "signer", 'T', TRUE, NULL },
      { "document", "document_id", 'T', TRUE, "documents" }, { "created_at", "created_at", 'T', FALSE, NULL },
      { "updated_at", "updated_at", 'T', FALSE, NULL }, END } },
  { "conclusion_sections", "draft_id, position", NULL, "draft_id, position",
    { { "draft", "draft_id", 'T', FALSE, "conclusion_drafts" }, { "position", "position", 'I', FALSE, NULL }, END },
    { { "heading", "heading", 'T', FALSE, NULL }, { "body", "body", 'T', TRUE, NULL }, END } },
  { "conclusion_tasks", "draft_id, section_position, position", NULL, "draft_id, section_position, position",
    { { "draft", "draft_id", 'T', FALSE, "conclusion_drafts" }, { "position", "position", 'I', FALSE, NULL },
      { "section_position", "section_position", 'I', FALSE, NULL }, END },
    { { "text", "text", 'T', FALSE, NULL }, { "units", "units", 'T', TRUE, NULL },
      { "due_date", "due_date", 'T', TRUE, NULL }, { "due_text", "due_text", 'T', TRUE, NULL }, END } },
};

/* When a parent row changes, these children move after it (see the top of the file). NEW is
 * the parent, c the child. */
typedef struct
{
  const char *parent;
  const char *child;
  const char *where;
} Move;

#define ITEM_TREE \
  "(SELECT id FROM main.items WHERE id = NEW.id OR parent_id = NEW.id " \
  "OR parent_id IN (SELECT id FROM main.items WHERE parent_id = NEW.id) " \
  "OR parent_id IN (SELECT id FROM main.items WHERE parent_id IN " \
  "(SELECT id FROM main.items WHERE parent_id = NEW.id)))"

static const Move moves[] = {
  { "documents", "document_recipients", "c.document_id = NEW.id" },
  { "documents", "document_references", "c.document_id = NEW.id" },
  { "documents", "items", "c.document_id = NEW.id" },
  { "documents", "item_assignments", "c.item_id IN (SELECT id FROM main.items WHERE document_id = NEW.id)" },
  { "documents", "progress_updates", "c.item_id IN (SELECT id FROM main.items WHERE document_id = NEW.id)" },
  { "documents", "item_status_log", "c.item_id IN (SELECT id FROM main.items WHERE document_id = NEW.id)" },
  { "documents", "conclusion_drafts", "c.document_id = NEW.id" },
  { "documents", "conclusion_sections", "c.draft_id IN (SELECT id FROM main.conclusion_drafts WHERE document_id = NEW.id)" },
  { "documents", "conclusion_tasks", "c.draft_id IN (SELECT id FROM main.conclusion_drafts WHERE document_id = NEW.id)" },
  { "items", "items", "c.id <> NEW.id AND c.id IN " ITEM_TREE },
  { "items", "item_assignments", "c.item_id IN " ITEM_TREE },
  { "items", "progress_updates", "c.item_id IN " ITEM_TREE },
  { "items", "item_status_log", "c.item_id IN " ITEM_TREE },
  { "organisations", "item_assignments", "c.organisation_id = NEW.id" },
  { "rule_sets", "rule_thresholds", "c.rule_set = NEW.id" },
  { "rule_sets", "rule_set_periods", "c.rule_set = NEW.id" },
  { "level_overrides", "level_override_revocations", "c.override_uid = NEW.uid" },
  { "meetings", "conclusion_drafts", "c.meeting_id = NEW.id" },
  { "meetings", "conclusion_sections", "c.draft_id IN (SELECT id FROM main.conclusion_drafts WHERE meeting_id = NEW.id)" },
  { "meetings", "conclusion_tasks", "c.draft_id IN (SELECT id FROM main.conclusion_drafts WHERE meeting_id = NEW.id)" },
  { "conclusion_drafts", "conclusion_sections", "c.draft_id = NEW.id" },
  { "conclusion_drafts", "conclusion_tasks", "c.draft_id = NEW.id" },
};

/* Generated SQL, built once; interned so gb_store_prepare() may cache it by pointer. */
typedef struct
{
  const char *key_new;      /* key text expression of a row named by a prefix, see key_expr() */
  const char *encode;
  const char *upsert;
  const char *remove;
  const char *ref_lookup[MAX_COLS];
  const char *key_ref_lookup[4];
} TableSql;

static TableSql table_sql[G_N_ELEMENTS (tables)];

static const Table *
find_table (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (strcmp (tables[i].name, name) == 0)
      return &tables[i];
  return NULL;
}

static guint
n_cols (const Col *cols)
{
  guint n = 0;

  while (cols[n].json != NULL)
    n++;
  return n;
}

/* SQL building the canonical key text of the row called @p. */
static char *
key_expr (const Table *t,
          const char  *p)
{
  GString *s = g_string_new ("json_object(");

  for (guint i = 0; t->key[i].json != NULL; i++)
    {
      const Col *c = &t->key[i];

      if (i > 0)
        g_string_append (s, ", ");
      if (c->ref != NULL)
        g_string_append_printf (s, "'%s', (SELECT uid FROM main.%s WHERE id = %s.%s)", c->json, c->ref, p, c->col);
      else
        g_string_append_printf (s, "'%s', %s.%s", c->json, p, c->col);
    }
  g_string_append (s, ")");
  return g_string_free (s, FALSE);
}

static char *
value_expr (const Col  *c,
            const char *p)
{
  if (c->ref != NULL)
    return g_strdup_printf ("(SELECT uid FROM main.%s WHERE id = %s.%s)", c->ref, p, c->col);
  if (c->type == 'B')
    return g_strdup_printf ("CASE WHEN %s.%s IS NULL THEN NULL ELSE hex (%s.%s) END", p, c->col, p, c->col);
  return g_strdup_printf ("%s.%s", p, c->col);
}

/* "json_object('member', value, …) FROM main.TABLE c WHERE ": the row called c as the feed
 * sends it; the caller adds the condition naming the row. */
static void
append_row_select_as (GString     *s,
                      const Table *t,
                      gboolean     array)
{
  guint nk = n_cols (t->key), nc = n_cols (t->cols);

  g_string_append (s, array ? "json_array(" : "json_object(");
  for (guint i = 0; i < nk + nc; i++)
    {
      const Col *c = i < nk ? &t->key[i] : &t->cols[i - nk];
      g_autofree char *v = value_expr (c, "c");

      if (array)
        g_string_append_printf (s, "%s%s", i ? ", " : "", v);
      else
        g_string_append_printf (s, "%s'%s', %s", i ? ", " : "", c->json, v);
    }
  g_string_append_printf (s, ") FROM main.%s c WHERE ", t->name);
}

static const TableSql *
sql_for (const Table *t)
{
  TableSql *ts = &table_sql[t - tables];
  GString *s;
  guint nk, nc;

  if (ts->encode != NULL)
    return ts;
  nk = n_cols (t->key);
  nc = n_cols (t->cols);

  {
    g_autofree char *k = key_expr (t, "NEW");
    ts->key_new = g_intern_string (k);
  }

  /* encode */
  s = g_string_new ("SELECT ");
  append_row_select_as (s, t, FALSE);
  for (guint i = 0; i < nk; i++)
    g_string_append_printf (s, "%sc.%s = ?%u", i ? " AND " : "", t->key[i].col, i + 1);
  if (t->conflict == NULL)
    g_string_append (s, " ORDER BY c.id DESC LIMIT 1");
  ts->encode = g_intern_string (s->str);
  g_string_free (s, TRUE);

  /* upsert: key values first, then the columns; references already mapped to ids */
  s = g_string_new (NULL);
  g_string_append_printf (s, "INSERT INTO main.%s (", t->name);
  for (guint i = 0; i < nk + nc; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", i < nk ? t->key[i].col : t->cols[i - nk].col);
  g_string_append (s, ") VALUES (");
  for (guint i = 0; i < nk + nc; i++)
    g_string_append_printf (s, "%s?%u", i ? ", " : "", i + 1);
  g_string_append (s, ")");
  if (t->conflict != NULL)
    {
      g_string_append_printf (s, " ON CONFLICT (%s) DO UPDATE SET ", t->conflict);
      for (guint i = 0; i < nc; i++)
        g_string_append_printf (s, "%s%s = excluded.%s", i ? ", " : "", t->cols[i].col, t->cols[i].col);
    }
  ts->upsert = g_intern_string (s->str);
  g_string_free (s, TRUE);

  s = g_string_new (NULL);
  g_string_append_printf (s, "DELETE FROM main.%s WHERE ", t->name);
  for (guint i = 0; i < nk; i++)
    g_string_append_printf (s, "%s%s = ?%u", i ? " AND " : "", t->key[i].col, i + 1);
  ts->remove = g_intern_string (s->str);
  g_string_free (s, TRUE);

  for (guint i = 0; i < nk + nc; i++)
    {
      const Col *c = i < nk ? &t->key[i] : &t->cols[i - nk];
      g_autofree char *q = NULL;

      if (c->ref == NULL)
        continue;
      q = g_strdup_printf ("SELECT id FROM main.%s WHERE uid = ?1", c->ref);
      if (i < nk)
        ts->key_ref_lookup[i] = g_intern_string (q);
      else
        ts->ref_lookup[i - nk] = g_intern_string (q);
    }
  return ts;
}

/**
 * gb_sync_codec_tables:
 *
 * Returns: (transfer none): the synced tables, NULL-terminated, parents before children
 */
const char * const *
gb_sync_codec_tables (void)
{
  static const char *names[G_N_ELEMENTS (tables) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      names[i] = tables[i].name;
  return names;
}

gboolean
gb_sync_codec_has_table (const char *table)
{
  return find_table (table) != NULL;
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

/* A value to bind, taken from JSON after its type was checked. */
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

/* A member of a json-glib object, for the codec (see GbSyncMemberFunc). */
static void
json_member (gconstpointer  object,
             const char    *name,
             GbSyncValue   *v)
{
  JsonNode *n = json_object_get_member ((JsonObject *) object, name);

  memset (v, 0, sizeof *v);
  if (n == NULL)
    v->type = GB_SYNC_VALUE_ABSENT;
  else if (JSON_NODE_HOLDS_NULL (n))
    v->type = GB_SYNC_VALUE_NULL;
  else if (!JSON_NODE_HOLDS_VALUE (n))
    v->type = GB_SYNC_VALUE_OTHER;
  else
    switch (json_node_get_value_type (n))
      {
      case G_TYPE_STRING:
        v->type = GB_SYNC_VALUE_STRING;
        v->s = json_node_get_string (n);
        break;
      case G_TYPE_INT64:
        v->type = GB_SYNC_VALUE_INT;
        v->i = json_node_get_int (n);
        break;
      case G_TYPE_DOUBLE:
        v->type = GB_SYNC_VALUE_DOUBLE;
        v->r = json_node_get_double (n);
        break;
      case G_TYPE_BOOLEAN:
        v->type = GB_SYNC_VALUE_BOOLEAN;
        v->i = json_node_get_boolean (n);
        break;
      default:
        v->type = GB_SYNC_VALUE_OTHER;
      }
}

/* Checks the JSON type of one member and takes its value. */
static gboolean
take_value (const Table        *t,
            const Col          *c,
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
      if (n->type != GB_SYNC_VALUE_STRING)
        goto wrong;
      v->s = n->s;
      v->type = c->type;
      if (c->type == 'B' && (v->b = hex_decode (v->s)) == NULL)
        goto wrong;
      return TRUE;
    case 'I':
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
               c->type == 'I' ? _("an integer") : c->type == 'R' ? _("a number")
               : c->type == 'B' ? _("hexadecimal text") : _("text"));
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
          const Table      *t,
          GbSyncMemberFunc  member,
          gconstpointer     key,
          guint             key_size,
          Value            *values,
          gboolean         *missing,
          GError          **error)
{
  const TableSql *ts = sql_for (t);
  guint nk = n_cols (t->key);

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
      const Col *c = &t->key[i];
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
             const Table       *t,
             GbSyncMemberFunc   member,
             gconstpointer      key,
             guint              key_size,
             char             **text,
             GError           **error)
{
  const TableSql *ts = sql_for (t);
  Value values[4] = { 0 };
  gboolean missing = FALSE, ok = FALSE;
  sqlite3_stmt *stmt;
  guint nk = n_cols (t->key);
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
  const Table *t = find_table (table);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  if (t == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a synced table"), table ? table : "");
      return NULL;
    }
  if (!encode_text (store, t, json_member, key && JSON_NODE_HOLDS_OBJECT (key) ? json_node_get_object (key) : NULL,
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
key_text (const Table      *t,
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

  return gb_sync_codec_apply_members (store, table, op, json_member, k, k ? json_object_get_size (k) : 0,
                                      row && JSON_NODE_HOLDS_OBJECT (row) ? json_node_get_object (row) : NULL,
                                      error);
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
  const Table *t = find_table (table);
  const TableSql *ts;
  Value keys[4] = { 0 };
  Value cols[MAX_COLS] = { 0 };
  gboolean missing = FALSE, ok = FALSE, upsert;
  sqlite3_stmt *stmt;
  guint nk = 0, nc = 0;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

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
  upsert = strcmp (op, "upsert") == 0;
  ts = sql_for (t);
  nk = n_cols (t->key);
  nc = n_cols (t->cols);
  if (!take_key (store, t, member, key, key_size, keys, &missing, error))
    goto out;

  if (!upsert)
    {
      if (missing)
        {
          ok = TRUE;
          goto out;
        }
      if (strcmp (t->name, "units") == 0)
        {
          stmt = gb_store_prepare (store, "DELETE FROM units_rtree WHERE id = (SELECT id FROM units WHERE code = ?1)", error);
          if (stmt == NULL)
            goto out;
          bind_value (stmt, 1, &keys[0]);
          if (!gb_store_step_done (store, stmt, "Could not delete a unit", error))
            goto out;
        }
      if ((stmt = gb_store_prepare (store, ts->remove, error)) == NULL)
        goto out;
      for (guint i = 0; i < nk; i++)
        bind_value (stmt, i + 1, &keys[i]);
      ok = gb_store_step_done (store, stmt, "Could not delete a synced row", error);
      goto out;
    }

  if (row == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: an upsert needs the row as an object"), t->name);
      goto out;
    }
  /* Check everything before writing anything. */
  for (guint i = 0; i < nc; i++)
    {
      GbSyncValue v;

      member (row, t->cols[i].json, &v);
      if (!take_value (t, &t->cols[i], &v, &cols[i], error))
        goto out;
    }
  if (missing)
    {
      for (guint i = 0; i < nk; i++)
        if (t->key[i].ref != NULL && keys[i].i == 0)
          {
            g_autofree char *k = key_text (t, member, key);

            g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("%s %s: the %s it names is not there"),
                         t->name, k, t->key[i].json);
            goto out;
          }
    }
  for (guint i = 0; i < nc; i++)
    {
      const Col *c = &t->cols[i];
      gboolean found;
      gint64 id = 0;

      if (c->ref == NULL || cols[i].type == 'N')
        continue;
      if (!lookup_ref (store, ts->ref_lookup[i], cols[i].s, &id, &found, error))
        goto out;
      if (!found && !c->null)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("%s: the %s “%s” it names is not there"),
                       t->name, c->json, cols[i].s);
          goto out;
        }
      /* An optional reference to a row this copy lacks is left empty. */
      if (found)
        {
          cols[i].type = 'I';
          cols[i].i = id;
        }
      else
        cols[i].type = 'N';
    }

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
        goto out;
    }
  if (strcmp (t->name, "organisations") == 0)
    {
      /* The same organisation made in two copies under different uids: the synced uid wins. */
      stmt = gb_store_prepare (store, "UPDATE organisations SET uid = ?1 WHERE name = ?2 AND uid <> ?1", error);
      if (stmt == NULL)
        goto out;
      bind_value (stmt, 1, &keys[0]);
      bind_value (stmt, 2, &cols[0]);
      if (!gb_store_step_done (store, stmt, "Could not save an organisation", error))
        goto out;
    }
  if (t->conflict == NULL)
    {
      if ((stmt = gb_store_prepare (store, ts->remove, error)) == NULL)
        goto out;
      for (guint i = 0; i < nk; i++)
        bind_value (stmt, i + 1, &keys[i]);
      if (!gb_store_step_done (store, stmt, "Could not replace a synced row", error))
        goto out;
    }
  if ((stmt = gb_store_prepare (store, ts->upsert, error)) == NULL)
    goto out;
  for (guint i = 0; i < nk; i++)
    bind_value (stmt, i + 1, &keys[i]);
  for (guint i = 0; i < nc; i++)
    bind_value (stmt, nk + i + 1, &cols[i]);
  if (!gb_store_step_done (store, stmt, "Could not save a synced row", error))
    goto out;

  if (strcmp (t->name, "units") == 0)
    {
      /* The bounding box index follows the unit. */
      stmt = gb_store_prepare (store,
                               "INSERT OR REPLACE INTO units_rtree (id, min_lon, max_lon, min_lat, max_lat) "
                               "SELECT id, min_lon, max_lon, min_lat, max_lat FROM units "
                               "WHERE code = ?1 AND min_lon IS NOT NULL AND max_lon IS NOT NULL "
                               "AND min_lat IS NOT NULL AND max_lat IS NOT NULL", error);
      if (stmt == NULL)
        goto out;
      bind_value (stmt, 1, &keys[0]);
      if (!gb_store_step_done (store, stmt, "Could not index a unit", error))
        goto out;
    }
  ok = TRUE;

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
 * Returns: (nullable): the unit code a row of @table belongs to (from its key or row), for
 *   district permissions; NULL for tables not tied to a unit
 */
char *
gb_sync_codec_row_unit (GbStore    *store,
                        const char *table,
                        JsonNode   *key,
                        JsonNode   *row)
{
  const Table *t = find_table (table);
  JsonNode *n = NULL;

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
      if (n == NULL && row == NULL)
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

/* ---- The change feed (giaoband) ---- */

static char *
move_sql (const Move *m)
{
  const Table *child = find_table (m->child);
  g_autofree char *ck = key_expr (child, "c");

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

  if (!gb_store_exec (store, "CREATE TEMP TABLE IF NOT EXISTS gb_feed_move "
                      "(seq INTEGER, tbl TEXT, key TEXT, op TEXT, changed INTEGER)", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      const Table *t = &tables[i];
      g_autofree char *knew = key_expr (t, "NEW");
      g_autofree char *kold = key_expr (t, "OLD");
      g_autoptr(GString) mv = g_string_new (NULL);
      g_autofree char *ins = NULL, *upd = NULL, *del = NULL;

      for (guint m = 0; m < G_N_ELEMENTS (moves); m++)
        if (strcmp (moves[m].parent, t->name) == 0)
          {
            g_autofree char *s = move_sql (&moves[m]);

            g_string_append (mv, s);
          }
      ins = g_strdup_printf ("CREATE TEMP TRIGGER IF NOT EXISTS gb_feed_%s_insert AFTER INSERT ON main.%s "
                             "WHEN instr (%s, ':null') = 0 BEGIN "
                             "DELETE FROM change_log WHERE tbl = '%s' AND key = %s; "
                             "INSERT INTO change_log (tbl, key, op) VALUES ('%s', %s, 'upsert'); "
                             "END",
                             t->name, t->name, knew, t->name, knew, t->name, knew);
      upd = g_strdup_printf ("CREATE TEMP TRIGGER IF NOT EXISTS gb_feed_%s_update AFTER UPDATE ON main.%s "
                             "WHEN instr (%s, ':null') = 0 BEGIN "
                             "DELETE FROM change_log WHERE tbl = '%s' AND key = %s AND %s IS NOT %s; "
                             "INSERT INTO change_log (tbl, key, op) "
                             "  SELECT '%s', %s, 'delete' WHERE %s IS NOT %s AND instr (%s, ':null') = 0; "
                             "DELETE FROM change_log WHERE tbl = '%s' AND key = %s; "
                             "INSERT INTO change_log (tbl, key, op) VALUES ('%s', %s, 'upsert'); "
                             "%s"
                             "END",
                             t->name, t->name, knew,
                             t->name, kold, kold, knew,
                             t->name, kold, kold, knew, kold,
                             t->name, knew,
                             t->name, knew, mv->str);
      del = g_strdup_printf ("CREATE TEMP TRIGGER IF NOT EXISTS gb_feed_%s_delete AFTER DELETE ON main.%s "
                             "WHEN instr (%s, ':null') = 0 BEGIN "
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

  if (!gb_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      const Table *t = &tables[i];
      g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM main.%s", t->name);
      g_autofree char *ck = key_expr (t, "c");
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
                              "SELECT '%s', %s, 'upsert' FROM main.%s c WHERE instr (%s, ':null') = 0 ORDER BY %s",
                              t->name, ck, t->name, ck, t->order);
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
  return count_of (store, "SELECT coalesce (max (seq), 0) FROM change_log", NULL, error);
}

static JsonNode *
parse_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* The key member @c of the change_log row l, as the column's value: a reference travels as
 * the uid of the row it names. */
static char *
key_value_expr (const Col *c)
{
  if (c->ref != NULL)
    return g_strdup_printf ("(SELECT id FROM main.%s WHERE uid = json_extract (l.key, '$.%s'))", c->ref, c->json);
  return g_strdup_printf ("json_extract (l.key, '$.%s')", c->json);
}

/* One statement reads a whole page: every change with its row as it is now, encoded by
 * json_object() in the same statement (a correlated subquery per table, chosen by CASE), so a
 * page costs one query rather than one per row. Columns: seq, tbl, key, op, the row (NULL
 * for a delete or a row gone since), and whether the change can be sent at all (a known table
 * and a key that is a JSON object). In the compact format the row is json_array() of the same
 * values, in the order of the page's "columns". */
static char *
make_feed_page_sql (gboolean compact)
{
  GString *s = g_string_new ("SELECT l.seq, l.tbl, l.key, l.op, "
                             "CASE WHEN l.op = 'upsert' AND json_valid (l.key) AND json_type (l.key) = 'object' THEN "
                             "CASE l.tbl ");

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      const Table *t = &tables[i];
      guint nk = n_cols (t->key);

      g_string_append_printf (s, "WHEN '%s' THEN (SELECT ", t->name);
      append_row_select_as (s, t, compact);
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
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_string_append_printf (s, "%s'%s'", i ? ", " : "", tables[i].name);
  g_string_append (s, ") AND json_valid (l.key) AND json_type (l.key) = 'object' "
                   "FROM main.change_log l WHERE l.seq > ?1 ORDER BY l.seq LIMIT ?2");
  return g_string_free (s, FALSE);
}

static const char *
feed_page_sql (gboolean compact)
{
  static const char *sql[2];
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *text = make_feed_page_sql (i == 1);

          sql[i] = g_intern_string (text);
        }
      g_once_init_leave (&once, 1);
    }
  return sql[compact ? 1 : 0];
}

/* The compact page's "columns": for each table in it, its key's members and the members of its
 * rows, in the order the rows' arrays give them. */
static void
append_columns (GString *out,
                guint64  seen)
{
  gboolean first_table = TRUE;

  g_string_append (out, ",\"columns\":{");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      const Table *t = &tables[i];
      guint nk = n_cols (t->key), nc = n_cols (t->cols);

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
  g_autoptr(GString) out = NULL;
  sqlite3_stmt *stmt;
  gint64 last, next = since;
  guint64 seen = 0;
  const Table *last_table = NULL;
  guint count = 0;
  int rc;

  G_STATIC_ASSERT (G_N_ELEMENTS (tables) <= 64);
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
  out = g_string_sized_new (4096);
  g_string_append (out, "{\"changes\":[");
  if ((stmt = gb_store_prepare (store, feed_page_sql (compact), error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *table = (const char *) sqlite3_column_text (stmt, 1);
      const char *key_text = (const char *) sqlite3_column_text (stmt, 2);
      const char *op = (const char *) sqlite3_column_text (stmt, 3);
      const char *row = (const char *) sqlite3_column_text (stmt, 4);

      /* A table this build does not know (a newer daemon's log) or a key that is not a JSON
       * object: skipped, not sent. */
      if (sqlite3_column_int (stmt, 5) == 0 || table == NULL || key_text == NULL || op == NULL)
        continue;
      next = seq;
      /* Gone since (a cascade the log did not see): say so. */
      if (row == NULL)
        op = "delete";
      if (!compact)
        g_string_append_printf (out, "%s{\"seq\":%" G_GINT64_FORMAT ",\"table\":\"%s\",\"op\":\"%s\",\"key\":%s,\"row\":%s}",
                                count ? "," : "", seq, table, op, key_text, row ? row : "null");
      else
        {
          /* An upsert carries its row's values, a delete its key. */
          g_string_append_printf (out, "%s[%" G_GINT64_FORMAT ",\"%s\",\"%s\",%s]",
                                  count ? "," : "", seq, table, op, row ? row : key_text);
          if (row != NULL)
            {
              if (last_table == NULL || strcmp (last_table->name, table) != 0)
                last_table = find_table (table);
              seen |= G_GUINT64_CONSTANT (1) << (last_table - tables);
            }
        }
      count++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (store, error, "Could not read the change feed");
      goto fail;
    }
  if (count < limit && last > since)
    next = last;
  g_string_append_c (out, ']');
  if (compact)
    append_columns (out, seen);
  g_string_append_printf (out, ",\"since\":%" G_GINT64_FORMAT ",\"next\":%" G_GINT64_FORMAT
                          ",\"last\":%" G_GINT64_FORMAT ",\"more\":%s}",
                          since, next, last, next < last ? "true" : "false");
  if (!gb_store_commit (store, error))
    return NULL;
  if (next_out != NULL)
    *next_out = next;
  if (more_out != NULL)
    *more_out = next < last;
  return g_string_free (g_steal_pointer (&out), FALSE);

fail:
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
  g_autofree char *text = gb_sync_feed_page_text (store, since, limit, FALSE, NULL, NULL, error);
  g_autoptr(JsonParser) parser = NULL;

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
  sqlite3_stmt *stmt = gb_store_prepare (store,
                                         "INSERT INTO audit_log (at, user_name, action, detail) VALUES (?1, ?2, ?3, ?4)",
                                         error);
  g_autofree char *now = gb_store_now_iso ();

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  gb_store_bind_text (stmt, 2, user ? user : "");
  gb_store_bind_text (stmt, 3, action);
  gb_store_bind_text (stmt, 4, detail);
  return gb_store_step_done (store, stmt, "Could not write the audit log", error);
}

typedef struct
{
  const char *id;
  const char *table;
  const char *op;
  JsonNode   *key;
  JsonNode   *row;
  gint64      base_seq;
} PushChange;

static gboolean
bad_push (GError    **error,
          guint       index,
          const char *what)
{
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("changes[%u]: %s"), index, what);
  return FALSE;
}

static gboolean
read_push (JsonNode   *request,
           const char **client_id,
           GArray     *changes,
           GError    **error)
{
  JsonObject *o;
  JsonNode *n;
  JsonArray *a;

  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("The push must be a JSON object"));
      return FALSE;
    }
  o = json_node_get_object (request);
  n = json_object_get_member (o, "client_id");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING
      || *json_node_get_string (n) == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“client_id” must be a non-empty string"));
      return FALSE;
    }
  *client_id = json_node_get_string (n);
  n = json_object_get_member (o, "changes");
  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“changes” must be an array"));
      return FALSE;
    }
  a = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      JsonObject *c;
      JsonNode *m;
      PushChange pc = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (e))
        return bad_push (error, i, _("must be an object"));
      c = json_node_get_object (e);
      m = json_object_get_member (c, "id");
      if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING
          || *json_node_get_string (m) == '\0')
        return bad_push (error, i, _("“id” must be a non-empty string"));
      pc.id = json_node_get_string (m);
      m = json_object_get_member (c, "table");
      if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING
          || !gb_sync_codec_has_table (json_node_get_string (m)))
        return bad_push (error, i, _("“table” must name a synced table"));
      pc.table = json_node_get_string (m);
      m = json_object_get_member (c, "op");
      if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING
          || (strcmp (json_node_get_string (m), "upsert") != 0 && strcmp (json_node_get_string (m), "delete") != 0))
        return bad_push (error, i, _("“op” must be upsert or delete"));
      pc.op = json_node_get_string (m);
      pc.key = json_object_get_member (c, "key");
      if (pc.key == NULL || !JSON_NODE_HOLDS_OBJECT (pc.key))
        return bad_push (error, i, _("“key” must be an object"));
      pc.row = json_object_get_member (c, "row");
      if (strcmp (pc.op, "upsert") == 0 && (pc.row == NULL || !JSON_NODE_HOLDS_OBJECT (pc.row)))
        return bad_push (error, i, _("“row” must be an object for an upsert"));
      if (strcmp (pc.op, "delete") == 0)
        pc.row = NULL;
      m = json_object_get_member (c, "base_seq");
      if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_INT64
          || json_node_get_int (m) < 0)
        return bad_push (error, i, _("“base_seq” must be an integer, 0 or more"));
      pc.base_seq = json_node_get_int (m);
      g_array_append_val (changes, pc);
    }
  return TRUE;
}

static char *
node_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_to_string (node, FALSE);
}

/* Opens the answer's object for one refused change: its id, table and key. */
static void
begin_refused (JsonBuilder *b,
               const char  *id,
               const char  *table,
               JsonNode    *key)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "table");
  json_builder_add_string_value (b, table);
  json_builder_set_member_name (b, "key");
  json_builder_add_value (b, json_node_copy (key));
}

static void
add_conflict (JsonBuilder *b,
              const char  *id,
              const char  *table,
              JsonNode    *key,
              JsonNode    *server_row,
              JsonNode    *client_row)
{
  begin_refused (b, id, table, key);
  json_builder_set_member_name (b, "server_row");
  json_builder_add_value (b, server_row ? json_node_copy (server_row) : json_node_new (JSON_NODE_NULL));
  json_builder_set_member_name (b, "client_row");
  json_builder_add_value (b, client_row ? json_node_copy (client_row) : json_node_new (JSON_NODE_NULL));
  json_builder_end_object (b);
}

/* Errors that refuse one change rather than the push: what the change says, not the server. */
static gboolean
rejects_change (const GError *error)
{
  return error != NULL && error->domain == GB_ERROR &&
         (error->code == GB_ERROR_PERMISSION || error->code == GB_ERROR_INVALID_DATA ||
          error->code == GB_ERROR_NOT_FOUND || error->code == GB_ERROR_DUPLICATE);
}

static void
add_rejection (JsonBuilder *b,
               GbStore     *store,
               const char  *id,
               const char  *table,
               JsonNode    *key,
               gint64       status,
               const char  *message)
{
  g_autoptr(JsonNode) server_row = gb_sync_codec_has_table (table) ? gb_sync_codec_encode (store, table, key, NULL) : NULL;

  begin_refused (b, id, table, key);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, status);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message ? message : "");
  json_builder_set_member_name (b, "server_row");
  json_builder_add_value (b, server_row ? g_steal_pointer (&server_row) : json_node_new (JSON_NODE_NULL));
  json_builder_end_object (b);
}

/**
 * gb_sync_push_apply:
 * @user: who pushes (for the receipts and the audit log)
 * @request: `{"client_id","changes":[{"id","table","op","key","row","base_seq"}]}`
 *
 * Same as gb_sync_push_apply_checked() without a permission check.
 */
JsonNode *
gb_sync_push_apply (GbStore     *store,
                    const char  *user,
                    JsonNode    *request,
                    GError     **error)
{
  return gb_sync_push_apply_checked (store, user, request, NULL, NULL, error);
}

/**
 * gb_sync_push_apply_checked:
 * @check: (nullable): called for every change not applied before; FALSE with a GB_ERROR
 *   refuses that change
 *
 * Applies a client's queued changes in one transaction: each change id once (a retried one
 * gets its first answer again); a change to a row whose feed seq is past the change's
 * base_seq is a conflict, unless that last change was this client's own push: the server
 * keeps its row and stores the client's.
 *
 * A change the server cannot take (refused by @check, naming a row the server lacks, an
 * invalid value) is rejected on its own: nothing of it is written (a savepoint), the others
 * go on, and the answer says why, with the server's current row. A push that cannot be read
 * at all, or a database failure, refuses the whole push with nothing written.
 *
 * Returns: (transfer full): `{"applied":[ids],"conflicts":[{"id","table","key","server_row",
 *   "client_row"}],"rejected":[{"id","table","key","status","message","server_row"}],"last":L}`
 */
JsonNode *
gb_sync_push_apply_checked (GbStore         *store,
                            const char      *user,
                            JsonNode        *request,
                            GbSyncPushCheck  check,
                            gpointer         check_data,
                            GError         **error)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, TRUE, sizeof (PushChange));
  g_autoptr(JsonBuilder) applied = json_builder_new ();
  g_autoptr(JsonBuilder) conflicts = json_builder_new ();
  g_autoptr(JsonBuilder) rejected = json_builder_new ();
  g_autoptr(JsonNode) applied_node = NULL;
  g_autoptr(JsonNode) conflicts_node = NULL;
  g_autoptr(JsonNode) rejected_node = NULL;
  const char *client_id = NULL;
  JsonObject *answer;
  JsonNode *root;
  gint64 last;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  if (!read_push (request, &client_id, changes, error))
    return NULL;

  json_builder_begin_array (applied);
  json_builder_begin_array (conflicts);
  json_builder_begin_array (rejected);
  if (!gb_store_begin (store, error))
    return NULL;
  for (guint i = 0; i < changes->len; i++)
    {
      PushChange *pc = &g_array_index (changes, PushChange, i);
      g_autofree char *key_text = gb_sync_codec_key_string (pc->key);
      g_autofree char *result = NULL;
      g_autofree char *now = gb_store_now_iso ();
      g_autofree char *detail = NULL;
      g_autofree char *message = NULL;
      g_autoptr(GError) local = NULL;
      sqlite3_stmt *stmt;
      gint64 seq = -1, status = 0;
      gboolean own = FALSE;
      int rc;

      /* Answered before: the same answer, nothing applied again. */
      if ((stmt = gb_store_prepare (store, "SELECT result, NULL, NULL FROM push_receipts WHERE change_id = ?1 "
                                    "UNION ALL SELECT 'rejected', status, message FROM push_rejections "
                                    "WHERE change_id = ?1", error)) == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, pc->id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          status = sqlite3_column_int64 (stmt, 1);
          message = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
        }
      sqlite3_reset (stmt);
      if (g_strcmp0 (result, "applied") == 0)
        {
          json_builder_add_string_value (applied, pc->id);
          continue;
        }
      if (g_strcmp0 (result, "rejected") == 0)
        {
          add_rejection (rejected, store, pc->id, pc->table, pc->key, status, message);
          continue;
        }
      if (g_strcmp0 (result, "conflict") == 0)
        {
          g_autoptr(JsonNode) sr = NULL;
          g_autoptr(JsonNode) cr = NULL;
          g_autoptr(JsonNode) k = NULL;
          g_autofree char *tbl = NULL;

          if ((stmt = gb_store_prepare (store, "SELECT tbl, key, server_row, client_row FROM push_conflicts "
                                        "WHERE change_id = ?1", error)) == NULL)
            goto fail;
          sqlite3_bind_text (stmt, 1, pc->id, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              tbl = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
              k = parse_text ((const char *) sqlite3_column_text (stmt, 1));
              sr = parse_text ((const char *) sqlite3_column_text (stmt, 2));
              cr = parse_text ((const char *) sqlite3_column_text (stmt, 3));
            }
          sqlite3_reset (stmt);
          if (tbl != NULL && k != NULL)
            add_conflict (conflicts, pc->id, tbl, k, sr, cr);
          continue;
        }

      if (!gb_store_exec (store, "SAVEPOINT push_change", error))
        goto fail;
      if (check != NULL && !check (store, pc->table, pc->key, pc->row, check_data, &local))
        {
          if (!rejects_change (local))
            {
              g_propagate_prefixed_error (error, g_steal_pointer (&local), "changes[%u]: ", i);
              goto fail;
            }
          goto reject;
        }

      /* The row's own last change, and whether it was this client's push: the client's
       * base_seq cannot tell its own earlier push from another's edit (push_writes, 0007). */
      if ((stmt = gb_store_prepare (store,
                                    "SELECT coalesce (c.changed, c.seq), "
                                    "       coalesce (w.client_id = ?3 AND w.changed = coalesce (c.changed, c.seq), 0) "
                                    "FROM change_log c LEFT JOIN push_writes w ON w.tbl = c.tbl AND w.key = c.key "
                                    "WHERE c.tbl = ?1 AND c.key = ?2",
                                    error)) == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, pc->table, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, key_text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, client_id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          seq = sqlite3_column_int64 (stmt, 0);
          own = sqlite3_column_int (stmt, 1) != 0;
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          gb_store_set_error (store, error, "Could not read the change feed");
          goto fail;
        }

      if (seq > pc->base_seq && !own)
        {
          g_autoptr(JsonNode) server_row = gb_sync_codec_encode (store, pc->table, pc->key, error);
          g_autofree char *sr = NULL;
          g_autofree char *cr = node_text (pc->row);

          if (server_row == NULL)
            goto fail;
          sr = node_text (server_row);
          if ((stmt = gb_store_prepare (store,
                                        "INSERT INTO push_conflicts (change_id, client_id, user_name, tbl, key, "
                                        "server_row, client_row, detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                        error)) == NULL)
            goto fail;
          sqlite3_bind_text (stmt, 1, pc->id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, client_id, -1, SQLITE_TRANSIENT);
          gb_store_bind_text (stmt, 3, user ? user : "");
          sqlite3_bind_text (stmt, 4, pc->table, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 5, key_text, -1, SQLITE_TRANSIENT);
          gb_store_bind_text (stmt, 6, sr);
          gb_store_bind_text (stmt, 7, cr);
          sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
          if (!gb_store_step_done (store, stmt, "Could not keep a conflict", error))
            goto fail;
          add_conflict (conflicts, pc->id, pc->table, pc->key, JSON_NODE_HOLDS_NULL (server_row) ? NULL : server_row,
                        pc->row);
          result = g_strdup ("conflict");
        }
      else
        {
          if (!gb_sync_codec_apply (store, pc->table, pc->op, pc->key, pc->row, &local))
            {
              if (!rejects_change (local))
                {
                  g_propagate_prefixed_error (error, g_steal_pointer (&local), "changes[%u]: ", i);
                  goto fail;
                }
              goto reject;
            }
          /* Remember the row's new seq as this client's write (nothing to remember when
           * the key is not logged, e.g. a key with a null member). */
          if ((stmt = gb_store_prepare (store,
                                        "INSERT OR REPLACE INTO push_writes (tbl, key, client_id, changed) "
                                        "SELECT tbl, key, ?3, coalesce (changed, seq) FROM change_log "
                                        "WHERE tbl = ?1 AND key = ?2", error)) == NULL)
            goto fail;
          sqlite3_bind_text (stmt, 1, pc->table, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, key_text, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 3, client_id, -1, SQLITE_TRANSIENT);
          if (!gb_store_step_done (store, stmt, "Could not record a push", error))
            goto fail;
          json_builder_add_string_value (applied, pc->id);
          result = g_strdup ("applied");
        }
      goto record;

    reject:
      /* Nothing of this change stays; the receipt and the audit entry below do. */
      if (!gb_store_exec (store, "ROLLBACK TO push_change", error))
        goto fail;
      status = local->code == GB_ERROR_PERMISSION ? 403 : 422;
      g_free (message);
      message = g_strdup (local->message);
      add_rejection (rejected, store, pc->id, pc->table, pc->key, status, message);
      g_free (result);
      result = g_strdup ("rejected");

    record:
      if (!gb_store_exec (store, "RELEASE push_change", error))
        goto fail;
      if (status != 0)
        stmt = gb_store_prepare (store,
                                 "INSERT INTO push_rejections (change_id, client_id, user_name, received_at, "
                                 "status, message) VALUES (?1, ?2, ?3, ?5, ?6, ?7)", error);
      else
        stmt = gb_store_prepare (store,
                                 "INSERT INTO push_receipts (change_id, client_id, user_name, result, received_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, pc->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, client_id, -1, SQLITE_TRANSIENT);
      gb_store_bind_text (stmt, 3, user ? user : "");
      if (status == 0)
        sqlite3_bind_text (stmt, 4, result, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
      if (status != 0)
        {
          sqlite3_bind_int64 (stmt, 6, status);
          gb_store_bind_text (stmt, 7, message);
        }
      if (!gb_store_step_done (store, stmt, "Could not record a push", error))
        goto fail;
      if (message != NULL)
        detail = g_strdup_printf ("%s %s %s %s (%s): %s", result, pc->op, pc->table, key_text, pc->id, message);
      else
        detail = g_strdup_printf ("%s %s %s %s (%s)", result, pc->op, pc->table, key_text, pc->id);
      if (!gb_sync_audit (store, user, "push", detail, error))
        goto fail;
    }
  if ((last = gb_sync_feed_last (store, error)) < 0)
    goto fail;
  if (!gb_store_commit (store, error))
    return NULL;

  json_builder_end_array (applied);
  json_builder_end_array (conflicts);
  json_builder_end_array (rejected);
  applied_node = json_builder_get_root (applied);
  conflicts_node = json_builder_get_root (conflicts);
  rejected_node = json_builder_get_root (rejected);
  root = json_node_new (JSON_NODE_OBJECT);
  answer = json_object_new ();
  json_object_set_member (answer, "applied", g_steal_pointer (&applied_node));
  json_object_set_member (answer, "conflicts", g_steal_pointer (&conflicts_node));
  json_object_set_member (answer, "rejected", g_steal_pointer (&rejected_node));
  json_object_set_int_member (answer, "last", last);
  json_node_take_object (root, answer);
  return root;

fail:
  gb_store_rollback (store);
  return NULL;
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
  sqlite3_stmt *stmt = gb_store_prepare (store,
                                         "SELECT DISTINCT json_extract (key, '$.unit_code') FROM change_log "
                                         "WHERE seq > ?1 AND tbl IN ('case_reports', 'vaccinations')", error);
  GPtrArray *units;
  int rc;

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
