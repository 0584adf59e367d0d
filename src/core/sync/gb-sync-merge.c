/* gb-sync-merge.c — two edits of one row merged field by field
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A laptop that edited an item's due date offline while the office changed its status has
 * not contradicted anyone: each changed a field the other left alone. Only a field both
 * changed, to different values, needs a person.
 */
#include "config.h"

#include <string.h>

#include "gb-sync-json.h"
#include "gb-sync-merge.h"

/* Fields that say who wrote a row and when, not what it says: they follow the last writer
 * and never make a conflict by themselves. */
static gboolean
is_bookkeeping (const char *name)
{
  return strcmp (name, "updated_at") == 0 || strcmp (name, "author") == 0;
}

/* A member as canonical JSON text; NULL when absent. */
static char *
member_text (JsonObject *o,
             const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL ? gb_sync_canonical_json (n) : NULL;
}

/**
 * gb_sync_row_copy:
 * @row: a JSON object
 *
 * A copy whose members can be set without touching @row (json_node_copy() shares the
 * object).
 *
 * Returns: (transfer full): the copy
 */
JsonNode *
gb_sync_row_copy (JsonNode *row)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  JsonNode *node;

  g_return_val_if_fail (row != NULL && JSON_NODE_HOLDS_OBJECT (row), NULL);

  json_object_iter_init (&iter, json_node_get_object (row));
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (copy, name, json_node_copy (value));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, copy);
  return node;
}

/**
 * gb_sync_merge_rows:
 * @base: the row as the client had it before its edit
 * @server: the server's row now
 * @client: the client's edited row
 * @both: (out) (transfer full) (element-type utf8): the fields both sides changed, to
 *   different values
 *
 * The server's row with every field the client changed and the server did not; for a field
 * in @both, the server's value (the caller records the conflict). `updated_at` takes the
 * later of the two, `author` the client's (the last writer).
 *
 * Returns: (transfer full): the merged row
 */
JsonNode *
gb_sync_merge_rows (JsonNode   *base,
                    JsonNode   *server,
                    JsonNode   *client,
                    GPtrArray **both)
{
  JsonNode *merged;
  JsonObject *b, *s, *c, *m;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_return_val_if_fail (base != NULL && JSON_NODE_HOLDS_OBJECT (base), NULL);
  g_return_val_if_fail (server != NULL && JSON_NODE_HOLDS_OBJECT (server), NULL);
  g_return_val_if_fail (client != NULL && JSON_NODE_HOLDS_OBJECT (client), NULL);
  g_return_val_if_fail (both != NULL, NULL);

  b = json_node_get_object (base);
  s = json_node_get_object (server);
  c = json_node_get_object (client);
  merged = gb_sync_row_copy (server);
  m = json_node_get_object (merged);
  *both = g_ptr_array_new_with_free_func (g_free);
  json_object_iter_init (&iter, c);
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_autofree char *was = member_text (b, name);
      g_autofree char *mine = gb_sync_canonical_json (value);
      g_autofree char *theirs = member_text (s, name);

      if (g_strcmp0 (mine, theirs) == 0)
        continue;
      if (strcmp (name, "updated_at") == 0)
        {
          if (theirs == NULL || strcmp (mine, theirs) > 0)
            json_object_set_member (m, name, json_node_copy (value));
          continue;
        }
      if (is_bookkeeping (name))
        {
          json_object_set_member (m, name, json_node_copy (value));
          continue;
        }
      if (g_strcmp0 (mine, was) == 0)
        continue;                               /* only the server changed it */
      if (g_strcmp0 (theirs, was) == 0)
        json_object_set_member (m, name, json_node_copy (value));   /* only the client did */
      else
        g_ptr_array_add (*both, g_strdup (name));
    }
  return merged;
}
