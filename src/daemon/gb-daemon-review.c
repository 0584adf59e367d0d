/* gb-daemon-review.c — a secretary's daily value, accepted only as a review decided it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A secretary keeps the committee's decisions, not the districts' numbers: its push of
 * case_reports or vaccinations is refused (403), except the row a confirm or a correct in the
 * review queue wrote (gb_store_review_confirm(), gb_store_review_correct()). That row goes up
 * with the review row (a push applies review rows first, gb_sync_push_run()); giaoband then
 * holds the decision, and the row may differ from the server's only where a decision says.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-daemon-private.h"
#include "gb-error.h"

/* The integer in @node, if it holds one. */
static gboolean
node_int (JsonNode *node,
          gint64   *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
same_value (JsonNode *a,
            JsonNode *b)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b);

  if (a_null || b_null)
    return a_null && b_null;
  return json_node_equal (a, b);
}

/* Whether member @name of the pushed row may differ from the server's: it is a decided
 * value, the time it was received, or the unknown-source cases a decided community count
 * capped (write_decided() in gb-store-review.c). */
static gboolean
member_decided (const char *name,
                JsonNode   *pushed,
                JsonNode   *server,
                GHashTable *decided)
{
  const gint64 *value = g_hash_table_lookup (decided, name);
  const gint64 *community = g_hash_table_lookup (decided, "community");
  gint64 v, before;

  if (strcmp (name, "received_at") == 0)
    return pushed != NULL && JSON_NODE_HOLDS_VALUE (pushed) && json_node_get_value_type (pushed) == G_TYPE_STRING;
  if (!node_int (pushed, &v))
    return FALSE;
  if (value != NULL && v == *value)
    return TRUE;
  return strcmp (name, "unknown_source") == 0 && community != NULL && node_int (server, &before) &&
         v == MIN (before, *community);
}

/* Every member of @object but those of @key (the key names the row; its row may repeat them). */
static void
add_members (GHashTable *names,
             JsonObject *object,
             JsonNode   *key)
{
  GList *members = json_object_get_members (object);

  for (GList *m = members; m != NULL; m = m->next)
    if (key == NULL || !JSON_NODE_HOLDS_OBJECT (key) || !json_object_has_member (json_node_get_object (key), m->data))
      g_hash_table_add (names, m->data);
  g_list_free (members);
}

static gboolean
refuse (const char  *table,
        const char  *unit,
        const char  *date,
        const char  *member,
        GError     **error)
{
  if (member == NULL)
    g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION, _("The role “%s” may not write %s"), "secretary", table);
  else
    g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
                 _("The role “secretary” may not write %s: %s of %s on %s is not a value decided in the review queue"),
                 table, member, unit ? unit : "", date ? date : "");
  return FALSE;
}

/**
 * gb_daemon_review_allows:
 * @row: (nullable): the pushed row, %NULL for a delete
 *
 * Whether a secretary's change of @table (case_reports or vaccinations) is a review's
 * decision: the server holds a confirmed or corrected review row of that table, unit and day,
 * and every member of @row equals the server's row but those the decisions set.
 *
 * Returns: %TRUE if so; else %FALSE with GB_ERROR_PERMISSION (or the database's error)
 */
gboolean
gb_daemon_review_allows (GbDaemonDb  *db,
                         const char  *table,
                         JsonNode    *key,
                         JsonNode    *row,
                         GError     **error)
{
  g_autofree char *unit = NULL;
  g_autoptr(GHashTable) decided = NULL;
  g_autoptr(JsonNode) server = NULL;
  g_autoptr(GHashTable) names = NULL;
  const char *date = NULL;
  JsonObject *pushed, *current;
  GHashTableIter iter;
  gpointer name;

  g_return_val_if_fail (db != NULL && table != NULL, FALSE);

  if (strcmp (table, "case_reports") != 0 && strcmp (table, "vaccinations") != 0)
    return refuse (table, NULL, NULL, NULL, error);
  if (key != NULL && JSON_NODE_HOLDS_OBJECT (key) && json_object_has_member (json_node_get_object (key), "date"))
    date = json_object_get_string_member_with_default (json_node_get_object (key), "date", NULL);
  unit = gb_daemon_db_row_unit (db, table, key, row);
  if (row == NULL || !JSON_NODE_HOLDS_OBJECT (row) || unit == NULL || date == NULL)
    return refuse (table, NULL, NULL, NULL, error);
  if ((decided = db->ops->review_decided (db, table, unit, date, error)) == NULL)
    return FALSE;
  if (g_hash_table_size (decided) == 0)
    return refuse (table, NULL, NULL, NULL, error);
  if ((server = db->ops->encode (db, table, key, error)) == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (server))
    return refuse (table, unit, date, "row", error);

  /* Every member either side has, so a member left out is compared too. */
  pushed = json_node_get_object (row);
  current = json_node_get_object (server);
  names = g_hash_table_new (g_str_hash, g_str_equal);
  add_members (names, pushed, key);
  add_members (names, current, key);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      JsonNode *p = json_object_get_member (pushed, name);
      JsonNode *s = json_object_get_member (current, name);

      if (!same_value (p, s) && !member_decided (name, p, s, decided))
        return refuse (table, unit, date, name, error);
    }
  return TRUE;
}

/* The members a decision sets: the rest of a review row is the held value, as received. */
static const char * const decision_members[] = {
  "decision", "decided_value", "decided_by", "decided_at", "decided_why", NULL
};

/**
 * gb_daemon_review_row_allows:
 * @row: (nullable): the pushed review row, %NULL for a delete
 *
 * Whether a secretary's change of a review row only decides a value the server holds: a
 * decided row the server never held would let a secretary write any daily number (its row
 * is taken as the decision says, gb_daemon_review_allows()). A new row waits undecided; an
 * existing one changes only its decision, once; a decision is never deleted.
 *
 * Returns: %TRUE if so; else %FALSE with GB_ERROR_PERMISSION (or the database's error)
 */
gboolean
gb_daemon_review_row_allows (GbDaemonDb  *db,
                             JsonNode    *key,
                             JsonNode    *row,
                             GError     **error)
{
  g_autoptr(JsonNode) server = NULL;
  g_autoptr(GHashTable) names = NULL;
  JsonObject *pushed, *current;
  GHashTableIter iter;
  gpointer name;
  gboolean changes = FALSE;

  g_return_val_if_fail (db != NULL, FALSE);

  if (row == NULL || !JSON_NODE_HOLDS_OBJECT (row))
    {
      g_set_error_literal (error, GB_ERROR, GB_ERROR_PERMISSION, _("A review decision is kept: it is not deleted"));
      return FALSE;
    }
  if ((server = db->ops->encode (db, "review_items", key, error)) == NULL)
    return FALSE;
  pushed = json_node_get_object (row);
  if (!JSON_NODE_HOLDS_OBJECT (server))
    {
      JsonNode *decision = json_object_get_member (pushed, "decision");

      if (decision == NULL || JSON_NODE_HOLDS_NULL (decision))
        return TRUE;
      g_set_error_literal (error, GB_ERROR, GB_ERROR_PERMISSION,
                           _("A decision needs the value held for review on the server first"));
      return FALSE;
    }
  current = json_node_get_object (server);
  /* "superseded" comes of a newer value written on that laptop, which is no secretary's to send. */
  {
    const char *decision = json_object_get_string_member_with_default (pushed, "decision", NULL);

    if (decision != NULL && strcmp (decision, "confirmed") != 0 && strcmp (decision, "corrected") != 0)
      {
        g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION, _("The role “%s” may not write %s"), "secretary",
                     "review_items");
        return FALSE;
      }
  }
  names = g_hash_table_new (g_str_hash, g_str_equal);
  add_members (names, pushed, key);
  add_members (names, current, key);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      if (same_value (json_object_get_member (pushed, name), json_object_get_member (current, name)))
        continue;
      if (!g_strv_contains (decision_members, name))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
                       _("A review decision changes the decision only, not %s"), (const char *) name);
          return FALSE;
        }
      changes = TRUE;
    }
  if (changes && json_object_get_member (current, "decision") != NULL &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (current, "decision")))
    {
      g_set_error_literal (error, GB_ERROR, GB_ERROR_PERMISSION, _("This value was already decided"));
      return FALSE;
    }
  return TRUE;
}

/* What a decision says, but who took it. */
static const char * const decision_what[] = {
  "decision", "decided_value", "decided_at", "decided_why", NULL
};

/**
 * gb_daemon_review_stamp:
 * @row: the pushed review row (an object), changed in place
 * @user: who the token is
 *
 * Who took a decision is who the server authenticated, never the name the client wrote: a
 * review row that carries a decision the server does not hold already gets @user as its
 * "decided_by"; one whose decision the server holds keeps the name the server has. A row
 * without a decision is left as it is.
 *
 * Returns: %TRUE; %FALSE with the database's error
 */
gboolean
gb_daemon_review_stamp (GbDaemonDb  *db,
                        JsonNode    *key,
                        JsonNode    *row,
                        const char  *user,
                        GError     **error)
{
  g_autoptr(JsonNode) server = NULL;
  JsonObject *pushed, *current;
  JsonNode *decision, *was;

  g_return_val_if_fail (db != NULL && user != NULL, FALSE);

  if (row == NULL || !JSON_NODE_HOLDS_OBJECT (row))
    return TRUE;
  pushed = json_node_get_object (row);
  decision = json_object_get_member (pushed, "decision");
  if (decision == NULL || JSON_NODE_HOLDS_NULL (decision))
    return TRUE;
  if ((server = db->ops->encode (db, "review_items", key, error)) == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (server))
    {
      gboolean held = TRUE;

      current = json_node_get_object (server);
      for (guint i = 0; held && decision_what[i] != NULL; i++)
        held = same_value (json_object_get_member (pushed, decision_what[i]),
                           json_object_get_member (current, decision_what[i]));
      if (held)
        {
          was = json_object_get_member (current, "decided_by");
          json_object_set_member (pushed, "decided_by", was ? json_node_copy (was) : json_node_new (JSON_NODE_NULL));
          return TRUE;
        }
    }
  json_object_set_string_member (pushed, "decided_by", user);
  return TRUE;
}
