/* gb-sync-unit-merge.c — which unit rows a merge entered by hand writes, for giaoband's checks
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What gb_store_merge_units() writes, for a merge of the units C into S on the day D, and so
 * what its undo writes back: the successions (P, S, D) for P in C (and S itself when it lives
 * on); from D, a version of S and of every child moved from a unit of C to S; the units row
 * of S when S is new (beginning on D), and the ends (valid_to) of the units of C.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-private.h"
#include "gb-sync-codec.h"
#include "gb-store-unit-merges.h"
#include "gb-sync-unit-merge.h"

static const char *
member (JsonNode   *node,
        const char *name)
{
  JsonObject *o;
  JsonNode *m;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  m = json_object_get_member (o, name);
  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (m);
}

static gboolean
has_row (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node);
}

static gboolean
refuse (GError     **error,
        const char  *table,
        const char  *what)
{
  g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
               _("%s: a secretary writes the units’ tables only as a merge entered by hand does (%s)"), table,
               what);
  return FALSE;
}

gboolean
gb_sync_unit_merge_row_allows (JsonNode  *row,
                               JsonNode  *server_row,
                               GError   **error)
{
  const char *codes;
  g_auto(GStrv) list = NULL;

  if (!has_row (row))
    return refuse (error, "unit_merges", _("a merge is undone, never deleted"));
  if (has_row (server_row))
    {
      JsonObject *mine = json_node_get_object (row), *theirs = json_node_get_object (server_row);
      g_autoptr(GList) names = json_object_get_members (theirs);

      /* An existing merge may only be undone: whatever else it says stays. */
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *a = json_object_get_member (mine, l->data), *b = json_object_get_member (theirs, l->data);

          if (strcmp (l->data, "undone_at") == 0)
            continue;
          if (a == NULL || !json_node_equal (a, b))
            return refuse (error, "unit_merges", _("a merge the server holds is only undone, not changed"));
        }
      if (member (row, "undone_at") == NULL && member (server_row, "undone_at") != NULL)
        return refuse (error, "unit_merges", _("an undone merge is not made again: enter it anew"));
      return TRUE;
    }
  codes = member (row, "codes");
  list = codes != NULL ? g_strsplit (codes, ",", -1) : NULL;
  if (list == NULL || list[0] == NULL || !gb_unit_code_is_valid (member (row, "successor")))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("unit_merges: a merge names its successor and the codes of its units, comma-separated"));
      return FALSE;
    }
  for (guint i = 0; list[i] != NULL; i++)
    if (!gb_unit_code_is_valid (list[i]))
      {
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("unit_merges: “%s” is not a unit code"), list[i]);
        return FALSE;
      }
  return TRUE;
}

/* Whether @code is one of the merge's units: its successor or one of those merging. */
static gboolean
of_merge (JsonNode   *merge,
          const char *code)
{
  const char *codes = member (merge, "codes");
  g_auto(GStrv) list = NULL;

  if (code == NULL || codes == NULL)
    return FALSE;
  if (g_strcmp0 (member (merge, "successor"), code) == 0)
    return TRUE;
  list = g_strsplit (codes, ",", -1);
  return g_strv_contains ((const char *const *) list, code);
}

/* A units row: only its life's bounds change (a unit ended, or made new on the day). */
static gboolean
units_allows (JsonNode   *merge,
              JsonNode   *key,
              JsonNode   *row,
              JsonNode   *server_row)
{
  const char *code = member (key, "code");
  const char *date = member (merge, "date");
  gboolean successor = g_strcmp0 (code, member (merge, "successor")) == 0;

  if (!of_merge (merge, code))
    return FALSE;
  if (!has_row (row))
    return successor;   /* the undo of a unit the merge made */
  if (!has_row (server_row))
    return successor && g_strcmp0 (member (row, "valid_from"), date) == 0;
  {
    JsonObject *mine = json_node_get_object (row), *theirs = json_node_get_object (server_row);
    g_autoptr(GList) names = json_object_get_members (theirs);

    for (GList *l = names; l != NULL; l = l->next)
      {
        JsonNode *a = json_object_get_member (mine, l->data), *b = json_object_get_member (theirs, l->data);

        if (strcmp (l->data, "valid_from") == 0 || strcmp (l->data, "valid_to") == 0)
          continue;
        if (a == NULL || !json_node_equal (a, b))
          return FALSE;
      }
  }
  return TRUE;
}

static gboolean
allows_one (JsonNode   *merge,
            const char *table,
            JsonNode   *key,
            JsonNode   *row,
            JsonNode   *server_row)
{
  const char *date = member (merge, "date");

  if (date == NULL)
    return FALSE;
  if (strcmp (table, "unit_successions") == 0)
    return g_strcmp0 (member (key, "date"), date) == 0 &&
           g_strcmp0 (member (key, "successor"), member (merge, "successor")) == 0 &&
           of_merge (merge, member (key, "predecessor"));
  if (strcmp (table, "unit_versions") == 0)
    return g_strcmp0 (member (key, "valid_from"), date) == 0 &&
           (of_merge (merge, member (key, "code")) || of_merge (merge, member (row, "parent_code")) ||
            (!has_row (row) && of_merge (merge, member (server_row, "parent_code"))));
  if (strcmp (table, "units") == 0)
    return units_allows (merge, key, row, server_row);
  return FALSE;
}

gboolean
gb_sync_unit_merge_allows (JsonArray   *merges,
                           const char  *table,
                           JsonNode    *key,
                           JsonNode    *row,
                           JsonNode    *server_row,
                           GError     **error)
{
  g_return_val_if_fail (table != NULL, FALSE);

  /* The delete of a row the server does not have writes nothing: a merge undone before it was
   * ever synced sends the deletes of the rows it made. */
  if (!has_row (row) && !has_row (server_row))
    return TRUE;
  for (guint i = 0; merges != NULL && i < json_array_get_length (merges); i++)
    if (allows_one (json_array_get_element (merges, i), table, key, row, server_row))
      return TRUE;
  return refuse (error, table, _("no merge the server holds writes this row"));
}

/**
 * gb_store_sync_unit_merges:
 *
 * Returns: (transfer full): every merge entered by hand @store holds (undone ones too), as
 *   an array of unit_merges rows as the feed sends them; %NULL on error
 */
JsonNode *
gb_store_sync_unit_merges (GbStore  *store,
                           GError  **error)
{
  g_autoptr(JsonArray) merges = json_array_new ();
  sqlite3_stmt *stmt = gb_store_prepare (store, "SELECT json_object ('uid', uid) FROM unit_merges ORDER BY id",
                                         error);
  JsonNode *out;
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) key = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
      JsonNode *row = key ? gb_sync_codec_encode (store, "unit_merges", key, error) : NULL;

      if (row == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      json_array_add_element (merges, row);
    }
  if (!gb_store_rows_done (store, stmt, rc, "Could not read the merges entered by hand", error))
    return NULL;
  out = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (out, merges);
  return out;
}
