/* gb-store-sync-tables.c — the synced tables, described once, and the SQL generated from them
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
#include "config.h"

#include <string.h>

#include "gb-store-sync-codec-private.h"

#define END { NULL, NULL, 0, FALSE, NULL }

/* Dependency order: a table comes after the tables it references. */
const GbSyncTable gb_sync_tables[GB_SYNC_N_TABLES] = {
  { "units", "code", NULL, "level, code",
    { { "code", "code", 'T', FALSE, NULL }, END },
    { { "level", "level", 'I', FALSE, NULL }, { "parent_code", "parent_code", 'T', TRUE, NULL },
      { "name", "name", 'T', FALSE, NULL }, { "type", "type", 'T', TRUE, NULL },
      { "population", "population", 'C', TRUE, NULL }, { "pop_18", "pop_18", 'I', TRUE, NULL },
      { "pop_65", "pop_65", 'I', TRUE, NULL }, { "valid_from", "valid_from", 'T', TRUE, NULL },
      { "valid_to", "valid_to", 'T', TRUE, NULL }, { "geometry", "geometry", 'B', TRUE, NULL },
      { "min_lon", "min_lon", 'R', TRUE, NULL }, { "min_lat", "min_lat", 'R', TRUE, NULL },
      { "max_lon", "max_lon", 'R', TRUE, NULL }, { "max_lat", "max_lat", 'R', TRUE, NULL }, END } },
  { "unit_versions", "code, valid_from", "code", "code, valid_from",
    { { "code", "code", 'T', FALSE, NULL }, { "valid_from", "valid_from", 'D', FALSE, NULL }, END },
    { { "level", "level", 'I', FALSE, NULL }, { "parent_code", "parent_code", 'T', TRUE, NULL },
      { "name", "name", 'T', FALSE, NULL }, { "type", "type", 'T', TRUE, NULL },
      { "population", "population", 'C', TRUE, NULL }, { "pop_18", "pop_18", 'I', TRUE, NULL },
      { "pop_65", "pop_65", 'I', TRUE, NULL }, END } },
  { "unit_successions", "predecessor, successor, date", "successor", "date, predecessor, successor",
    { { "date", "date", 'D', FALSE, NULL }, { "predecessor", "predecessor", 'T', FALSE, NULL },
      { "successor", "successor", 'T', FALSE, NULL }, END },
    { { "kind", "kind", 'T', FALSE, NULL }, { "partial", "partial", 'I', FALSE, NULL },
      { "source", "source", 'T', TRUE, NULL }, END } },
  /* A merge entered by hand (0182-unit-merges-sync.sql): what giaoband checks a secretary's
   * unit rows against, and how every copy knows it was made and undone. Its changeset stays
   * where it was entered. */
  { "unit_merges", "uid", NULL, "id",
    { { "uid", "uid", 'T', FALSE, NULL }, END },
    { { "successor", "successor", 'T', FALSE, NULL }, { "date", "date", 'D', FALSE, NULL },
      { "codes", "codes", 'T', FALSE, NULL }, { "source", "source", 'T', TRUE, NULL },
      { "entered_at", "entered_at", 'T', FALSE, NULL }, { "undone_at", "undone_at", 'T', TRUE, NULL }, END } },
  { "case_reports", "unit_code, date", "unit_code", "date, unit_code",
    { { "date", "date", 'D', FALSE, NULL }, { "unit_code", "unit_code", 'T', FALSE, NULL }, END },
    { { "community", "community", 'C', FALSE, NULL }, { "quarantine", "quarantine", 'C', FALSE, NULL },
      { "unknown_source", "unknown_source", 'C', FALSE, NULL }, { "deaths", "deaths", 'C', TRUE, NULL },
      { "recovered", "recovered", 'C', TRUE, NULL }, { "tests", "tests", 'C', TRUE, NULL },
      { "simulated", "simulated", 'I', FALSE, NULL }, { "received_at", "received_at", 'T', FALSE, NULL }, END } },
  { "vaccinations", "unit_code, date", "unit_code", "date, unit_code",
    { { "date", "date", 'D', FALSE, NULL }, { "unit_code", "unit_code", 'T', FALSE, NULL }, END },
    { { "pop_18", "pop_18", 'I', TRUE, NULL }, { "pop_65", "pop_65", 'I', TRUE, NULL },
      { "dose1_18", "dose1_18", 'C', TRUE, NULL }, { "full_18", "full_18", 'C', TRUE, NULL },
      { "full_65", "full_65", 'C', TRUE, NULL }, { "doses_given", "doses_given", 'C', TRUE, NULL },
      { "doses_allocated", "doses_allocated", 'C', TRUE, NULL },
      { "pop_12_17", "pop_12_17", 'I', TRUE, NULL }, { "pop_5_11", "pop_5_11", 'I', TRUE, NULL },
      { "booster_18", "booster_18", 'C', TRUE, NULL }, { "dose1_65", "dose1_65", 'C', TRUE, NULL },
      { "booster_65", "booster_65", 'C', TRUE, NULL }, { "dose1_12_17", "dose1_12_17", 'C', TRUE, NULL },
      { "dose2_12_17", "dose2_12_17", 'C', TRUE, NULL }, { "booster_12_17", "booster_12_17", 'C', TRUE, NULL },
      { "dose1_5_11", "dose1_5_11", 'C', TRUE, NULL }, { "dose2_5_11", "dose2_5_11", 'C', TRUE, NULL },
      { "booster_5_11", "booster_5_11", 'C', TRUE, NULL }, { "simulated", "simulated", 'I', FALSE, NULL },
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
      { "places", "places", 'T', TRUE, NULL }, { "updated_at", "updated_at", 'T', FALSE, NULL }, END } },
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
      { "created_at", "created_at", 'T', FALSE, NULL }, { "revoked_at", "revoked_at", 'T', TRUE, NULL },
      { "data_as_of", "data_as_of", 'T', TRUE, NULL }, END } },
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
  /* Every value a unit-day had, as received (0030-report-history.sql): filled by triggers on
   * every copy from the daily rows. The feed carries the superseded revisions only, those a
   * laptop that was away could not make itself (the current one comes with the daily row);
   * never pushed (check_history() in gb-store-sync-push.c). */
  { "case_report_history", "date, unit_code, received_at", "unit_code", "date, unit_code, received_at",
    { { "date", "date", 'D', FALSE, NULL }, { "received_at", "received_at", 'T', FALSE, NULL },
      { "unit_code", "unit_code", 'T', FALSE, NULL }, END },
    { { "removed", "removed", 'I', FALSE, NULL }, { "community", "community", 'C', TRUE, NULL },
      { "quarantine", "quarantine", 'C', TRUE, NULL }, { "unknown_source", "unknown_source", 'C', TRUE, NULL },
      { "deaths", "deaths", 'C', TRUE, NULL }, { "recovered", "recovered", 'C', TRUE, NULL },
      { "tests", "tests", 'C', TRUE, NULL }, { "simulated", "simulated", 'I', FALSE, NULL },
      { "superseded", "superseded", 'I', FALSE, NULL }, END },
    "$.superseded = 1" },
  { "vaccination_history", "date, unit_code, received_at", "unit_code", "date, unit_code, received_at",
    { { "date", "date", 'D', FALSE, NULL }, { "received_at", "received_at", 'T', FALSE, NULL },
      { "unit_code", "unit_code", 'T', FALSE, NULL }, END },
    { { "removed", "removed", 'I', FALSE, NULL }, { "pop_18", "pop_18", 'I', TRUE, NULL },
      { "pop_65", "pop_65", 'I', TRUE, NULL }, { "dose1_18", "dose1_18", 'C', TRUE, NULL },
      { "full_18", "full_18", 'C', TRUE, NULL }, { "full_65", "full_65", 'C', TRUE, NULL },
      { "doses_given", "doses_given", 'C', TRUE, NULL }, { "doses_allocated", "doses_allocated", 'C', TRUE, NULL },
      { "pop_12_17", "pop_12_17", 'I', TRUE, NULL }, { "pop_5_11", "pop_5_11", 'I', TRUE, NULL },
      { "booster_18", "booster_18", 'C', TRUE, NULL }, { "dose1_65", "dose1_65", 'C', TRUE, NULL },
      { "booster_65", "booster_65", 'C', TRUE, NULL }, { "dose1_12_17", "dose1_12_17", 'C', TRUE, NULL },
      { "dose2_12_17", "dose2_12_17", 'C', TRUE, NULL }, { "booster_12_17", "booster_12_17", 'C', TRUE, NULL },
      { "dose1_5_11", "dose1_5_11", 'C', TRUE, NULL }, { "dose2_5_11", "dose2_5_11", 'C', TRUE, NULL },
      { "booster_5_11", "booster_5_11", 'C', TRUE, NULL },
      { "simulated", "simulated", 'I', FALSE, NULL }, { "superseded", "superseded", 'I', FALSE, NULL }, END },
    "$.superseded = 1" },
  /* Values held for review and the decisions on them (0031-review.sql), both ways. */
  { "review_items", "uid", "unit_code", "id",
    { { "uid", "uid", 'T', FALSE, NULL }, END },
    { { "table", "tbl", 'T', FALSE, NULL }, { "unit_code", "unit_code", 'T', FALSE, NULL },
      { "date", "date", 'D', FALSE, NULL }, { "field", "field", 'T', FALSE, NULL },
      { "value", "value", 'I', FALSE, NULL }, { "in_use", "in_use", 'I', TRUE, NULL },
      { "rule", "rule", 'T', FALSE, NULL }, { "median", "median", 'R', TRUE, NULL },
      { "received_at", "received_at", 'T', FALSE, NULL }, { "decision", "decision", 'T', TRUE, NULL },
      { "decided_value", "decided_value", 'I', TRUE, NULL }, { "decided_by", "decided_by", 'T', TRUE, NULL },
      { "decided_at", "decided_at", 'T', TRUE, NULL }, { "decided_why", "decided_why", 'T', TRUE, NULL }, END } },
};

/* When a parent row changes, these children move after it (see the top of the file). NEW is
 * the parent, c the child. */
#define ITEM_TREE \
  "(SELECT id FROM main.items WHERE id = NEW.id OR parent_id = NEW.id " \
  "OR parent_id IN (SELECT id FROM main.items WHERE parent_id = NEW.id) " \
  "OR parent_id IN (SELECT id FROM main.items WHERE parent_id IN " \
  "(SELECT id FROM main.items WHERE parent_id = NEW.id)))"

const GbSyncMove gb_sync_moves[GB_SYNC_N_MOVES] = {
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

G_STATIC_ASSERT (G_N_ELEMENTS (gb_sync_tables) == GB_SYNC_N_TABLES);
G_STATIC_ASSERT (G_N_ELEMENTS (gb_sync_moves) == GB_SYNC_N_MOVES);

static GbSyncTableSql table_sql[GB_SYNC_N_TABLES];

const GbSyncTable *
gb_sync_find_table (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < GB_SYNC_N_TABLES; i++)
    if (strcmp (gb_sync_tables[i].name, name) == 0)
      return &gb_sync_tables[i];
  return NULL;
}

guint
gb_sync_n_cols (const GbSyncCol *cols)
{
  guint n = 0;

  while (cols[n].json != NULL)
    n++;
  return n;
}

/* SQL building the canonical key text of the row called @p. */
char *
gb_sync_key_expr (const GbSyncTable *t,
          const char  *p)
{
  GString *s = g_string_new ("json_object(");

  for (guint i = 0; t->key[i].json != NULL; i++)
    {
      const GbSyncCol *c = &t->key[i];

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
value_expr (const GbSyncCol  *c,
            const char *p)
{
  if (c->ref != NULL)
    return g_strdup_printf ("(SELECT uid FROM main.%s WHERE id = %s.%s)", c->ref, p, c->col);
  if (c->type == 'B')
    return g_strdup_printf ("CASE WHEN %s.%s IS NULL THEN NULL ELSE hex (%s.%s) END", p, c->col, p, c->col);
  return g_strdup_printf ("%s.%s", p, c->col);
}

/* SQL building the row called @p as the feed sends it: json_object('member', value, …), or
 * json_array(value, …) when @array. */
char *
gb_sync_row_expr (const GbSyncTable *t,
                  const char        *p,
                  gboolean           array)
{
  guint nk = gb_sync_n_cols (t->key), nc = gb_sync_n_cols (t->cols);
  GString *s = g_string_new (array ? "json_array(" : "json_object(");

  for (guint i = 0; i < nk + nc; i++)
    {
      const GbSyncCol *c = i < nk ? &t->key[i] : &t->cols[i - nk];
      g_autofree char *v = value_expr (c, p);

      if (array)
        g_string_append_printf (s, "%s%s", i ? ", " : "", v);
      else
        g_string_append_printf (s, "%s'%s', %s", i ? ", " : "", c->json, v);
    }
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

/* "json_object('member', value, …) FROM main.TABLE c WHERE ": the row called c as the feed
 * sends it; the caller adds the condition naming the row. */
void
gb_sync_append_row_select (GString     *s,
                      const GbSyncTable *t,
                      gboolean     array)
{
  g_autofree char *row = gb_sync_row_expr (t, "c", array);

  g_string_append_printf (s, "%s FROM main.%s c WHERE ", row, t->name);
}

const GbSyncTableSql *
gb_sync_table_sql (const GbSyncTable *t)
{
  GbSyncTableSql *ts;
  GString *s;
  guint nk, nc;

  g_assert (t >= gb_sync_tables && t < gb_sync_tables + GB_SYNC_N_TABLES);
  ts = &table_sql[t - gb_sync_tables];
  if (ts->encode != NULL)
    return ts;
  nk = gb_sync_n_cols (t->key);
  nc = gb_sync_n_cols (t->cols);

  {
    g_autofree char *k = gb_sync_key_expr (t, "NEW");
    ts->key_new = g_intern_string (k);
  }

  /* encode */
  s = g_string_new ("SELECT ");
  gb_sync_append_row_select (s, t, FALSE);
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
      const GbSyncCol *c = i < nk ? &t->key[i] : &t->cols[i - nk];
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

