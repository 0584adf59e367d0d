/* gb-daemon-users.c — /api/v1/users: list, add (with an expiry), revoke a token, remove
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   GET    /api/v1/users                      the users (never their tokens)
 *   POST   /api/v1/users                      {"name", "role", "expires_days"?} → the new token, once
 *   POST   /api/v1/users/revoke               {"name"}: their token stops working
 *   DELETE /api/v1/users?name=NAME            the user goes
 * Admins only; every change is in the audit log.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-daemon-private.h"
#include "gb-error.h"
#include "gb-store-daemon.h"
#include "gb-store-tokens.h"
#include "gb-sync-feed.h"

#define MAX_EXPIRY_DAYS 3650

/* One change to the users and its audit line, in one transaction under the write lock. */
typedef gboolean (*UserChange) (GbDaemonDb *db, const char *name, gpointer data, GError **error);

static gboolean
change_users (GbDaemon     *self,
              GbDaemonDb   *db,
              GbDaemonCall *call,
              const char   *name,
              const char   *action,
              const char   *detail,
              UserChange    change,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_mutex_lock (&self->write_lock);
  ok = db->ops->begin (db, &error);
  if (ok && (!change (db, name, data, &error) || !db->ops->audit (db, call->user, action, detail, &error) ||
             !db->ops->commit (db, &error)))
    {
      db->ops->rollback (db);
      ok = FALSE;
    }
  g_mutex_unlock (&self->write_lock);
  /* This process refuses a token it revoked from the next request on. */
  if (ok && db->ops->tokens_changed != NULL)
    db->ops->tokens_changed (db);
  if (!ok)
    gb_daemon_call_error (call, g_error_matches (error, GB_ERROR, GB_ERROR_DUPLICATE) ? SOUP_STATUS_CONFLICT
                          : g_error_matches (error, GB_ERROR, GB_ERROR_NOT_FOUND) ? SOUP_STATUS_NOT_FOUND
                          : gb_daemon_status_for (error), error->message);
  return ok;
}

typedef struct
{
  const char *role;
  const char *hash;
  const char *expires_at;
} NewUser;

static gboolean
add_change (GbDaemonDb  *db,
            const char  *name,
            gpointer     data,
            GError     **error)
{
  NewUser *u = data;

  return db->ops->add_user (db, name, u->role, u->hash, error) &&
         (u->expires_at == NULL || db->ops->set_token (db, name, u->hash, u->expires_at, error));
}

static gboolean
revoke_change (GbDaemonDb  *db,
               const char  *name,
               gpointer     data,
               GError     **error)
{
  return db->ops->revoke_token (db, name, error);
}

static gboolean
remove_change (GbDaemonDb  *db,
               const char  *name,
               gpointer     data,
               GError     **error)
{
  return db->ops->remove_user (db, name, error);
}

static void
add_user (GbDaemon     *self,
          GbDaemonDb   *db,
          GbDaemonCall *call)
{
  g_autoptr(JsonNode) request = gb_daemon_call_read_json (self, call);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *expires_at = NULL;
  const char *name = NULL, *role = NULL;
  gint64 days = 0;
  JsonObject *o = NULL;
  JsonNode *member;
  NewUser u;

  if (request == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (request))
    {
      o = json_node_get_object (request);
      name = json_object_get_string_member_with_default (o, "name", NULL);
      role = json_object_get_string_member_with_default (o, "role", NULL);
    }
  if (name == NULL || role == NULL)
    {
      gb_daemon_call_error (call, SOUP_STATUS_UNPROCESSABLE_ENTITY, _("Expected {\"name\": …, \"role\": …}"));
      return;
    }
  if ((member = json_object_get_member (o, "expires_days")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64
          || (days = json_node_get_int (member)) < 1 || days > MAX_EXPIRY_DAYS)
        {
          g_autofree char *m = g_strdup_printf (_("“expires_days” must be a whole number from 1 to %d"), MAX_EXPIRY_DAYS);

          gb_daemon_call_error (call, SOUP_STATUS_UNPROCESSABLE_ENTITY, m);
          return;
        }
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        g_autoptr(GDateTime) then = g_date_time_add_days (now, (gint) days);

        expires_at = g_date_time_format (then, "%Y-%m-%dT%H:%M:%S.%fZ");
      }
    }
  token = gb_daemon_new_token ();
  hash = gb_daemon_hash_token (token);
  detail = g_strdup_printf ("%s (%s)", name, role);
  u = (NewUser) { role, hash, expires_at };
  if (!change_users (self, db, call, name, "user add", detail, add_change, &u))
    return;
  node = json_node_new (JSON_NODE_OBJECT);
  o = json_object_new ();
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "role", role);
  json_object_set_string_member (o, "token", token);
  if (expires_at != NULL)
    json_object_set_string_member (o, "expires_at", expires_at);
  json_node_take_object (node, o);
  gb_daemon_call_json (call, SOUP_STATUS_CREATED, node);
}

/* "name" from the query (DELETE) or the body (POST .../revoke); NULL when an answer was set. */
static char *
named_user (GbDaemon     *self,
            GbDaemonCall *call)
{
  g_autoptr(JsonNode) request = NULL;
  const char *name = NULL;

  if (strcmp (call->method, "DELETE") == 0)
    name = call->query ? g_hash_table_lookup (call->query, "name") : NULL;
  else if ((request = gb_daemon_call_read_json (self, call)) == NULL)
    return NULL;
  else if (JSON_NODE_HOLDS_OBJECT (request))
    name = json_object_get_string_member_with_default (json_node_get_object (request), "name", NULL);
  if (name == NULL || *name == '\0')
    {
      gb_daemon_call_error (call, SOUP_STATUS_UNPROCESSABLE_ENTITY, _("Name the user: “name”"));
      return NULL;
    }
  return g_strdup (name);
}

static void
answer_done (GbDaemonCall *call,
             const char   *key,
             const char   *name)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, key, name);
  json_node_take_object (node, o);
  gb_daemon_call_json (call, SOUP_STATUS_OK, node);
}

/**
 * gb_daemon_users_run:
 *
 * Answers /api/v1/users and /api/v1/users/revoke.
 */
void
gb_daemon_users_run (GbDaemon     *self,
                     GbDaemonDb   *db,
                     GbDaemonCall *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *name = NULL;
  gboolean users = strcmp (call->path, "/api/v1/users") == 0;
  gboolean revoke = strcmp (call->path, "/api/v1/users/revoke") == 0;

  if (!gb_daemon_call_role_is (call, "admin"))
    gb_daemon_call_forbid (call);
  else if (users && strcmp (call->method, "GET") == 0)
    {
      if ((node = db->ops->list_users (db, &error)) == NULL)
        gb_daemon_call_error (call, gb_daemon_status_for (error), error->message);
      else
        gb_daemon_call_json (call, SOUP_STATUS_OK, node);
    }
  else if (users && strcmp (call->method, "POST") == 0)
    add_user (self, db, call);
  else if ((users && strcmp (call->method, "DELETE") == 0) || (revoke && strcmp (call->method, "POST") == 0))
    {
      if ((name = named_user (self, call)) == NULL)
        return;
      if (revoke && change_users (self, db, call, name, "token revoke", name, revoke_change, NULL))
        answer_done (call, "revoked", name);
      else if (!revoke && change_users (self, db, call, name, "user remove", name, remove_change, NULL))
        answer_done (call, "removed", name);
    }
  else
    gb_daemon_call_error (call, SOUP_STATUS_METHOD_NOT_ALLOWED, _("This method is not allowed here"));
}
