/* gb-store-pg-history.c — the revisions of the daily numbers on PostgreSQL
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On SQLite, triggers keep every value a unit-day had (case_report_history,
 * vaccination_history: 0030-report-history.sql, 0032-history-superseded.sql) and the feed
 * carries the revisions a later one superseded: the current one every copy makes itself from
 * the daily row. gb_rows has no triggers: when a daily row is written over with other values,
 * or deleted, its revision is written here as a history row, superseded, so that it goes out
 * on the feed as it does from SQLite.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <string.h>

#include "gb-store-pg-private.h"
#include "gb-sync-codec.h"

static const char *
history_table (const char *table)
{
  if (strcmp (table, "case_reports") == 0)
    return "case_report_history";
  if (strcmp (table, "vaccinations") == 0)
    return "vaccination_history";
  return NULL;
}

/* Whether @a and @b hold the same values, received_at aside. */
static gboolean
same_values (JsonObject *a,
             JsonObject *b)
{
  g_autoptr(GList) names = json_object_get_members (a);

  if (json_object_get_size (a) != json_object_get_size (b))
    return FALSE;
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *x = json_object_get_member (a, l->data);
      JsonNode *y = json_object_get_member (b, l->data);

      if (strcmp (l->data, "received_at") == 0)
        continue;
      if (y == NULL || !json_node_equal (x, y))
        return FALSE;
    }
  return TRUE;
}

/**
 * gb_store_pg_supersede:
 * @row: (nullable): the daily row about to be written; NULL: it is about to be deleted
 *
 * As the triggers of SQLite: a daily row received (not simulated) whose values are replaced by
 * later ones, or which is deleted, leaves its revision superseded in the history table, in
 * the caller's transaction. Other tables: nothing to do.
 */
gboolean
gb_store_pg_supersede (GbStorePg   *pg,
                       const char  *table,
                       const char  *key_text,
                       JsonNode    *row,
                       GError     **error)
{
  const char *history = history_table (table);
  const char *params[] = { table, key_text };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(JsonNode) revision = NULL;
  JsonObject *old, *k, *r;
  PGresult *res;
  gboolean ok;

  if (history == NULL)
    return TRUE;
  res = gb_store_pg_run (pg, "SELECT row_obj FROM gb_rows WHERE tbl = $1 AND key = $2 AND op = 'upsert'", 2, params,
                         error);
  if (res == NULL)
    return FALSE;
  parser = json_parser_new ();
  ok = PQntuples (res) > 0 && !PQgetisnull (res, 0, 0) && json_parser_load_from_data (parser, PQgetvalue (res, 0, 0), -1, NULL);
  PQclear (res);
  if (!ok || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return TRUE;
  old = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (old, "simulated", 0) != 0)
    return TRUE;
  if (row != NULL && JSON_NODE_HOLDS_OBJECT (row))
    {
      JsonObject *now = json_node_get_object (row);

      /* No new revision (simulated, or the same values), or the same one received again. */
      if (json_object_get_int_member_with_default (now, "simulated", 0) != 0 || same_values (old, now) ||
          g_strcmp0 (json_object_get_string_member_with_default (now, "received_at", ""),
                     json_object_get_string_member_with_default (old, "received_at", "")) <= 0)
        return TRUE;
    }
  if (!json_object_has_member (old, "date") || !json_object_has_member (old, "received_at") ||
      !json_object_has_member (old, "unit_code"))
    return TRUE;
  k = json_object_new ();
  r = json_object_new ();
  for (const char *const *m = (const char *const[]) { "date", "received_at", "unit_code", NULL }; *m; m++)
    json_object_set_member (k, *m, json_node_copy (json_object_get_member (old, *m)));
  {
    g_autoptr(GList) names = json_object_get_members (old);

    for (GList *l = names; l != NULL; l = l->next)
      json_object_set_member (r, l->data, json_node_copy (json_object_get_member (old, l->data)));
  }
  json_object_set_int_member (r, "removed", 0);
  json_object_set_int_member (r, "superseded", 1);
  key = json_node_init_object (json_node_alloc (), k);
  revision = json_node_init_object (json_node_alloc (), r);
  json_object_unref (k);
  json_object_unref (r);
  return gb_store_pg_write_row (pg, history, "upsert", key, revision, FALSE, error);
}
