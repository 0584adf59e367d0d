/* gb-store-daemon.c — giaoband's users in the store
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the SHA-256 of a token is kept: a stolen database does not give anyone a way in.
 */
#define G_LOG_DOMAIN "gb-store-daemon"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-store-daemon.h"
#include "gb-store-private.h"

/**
 * gb_store_daemon_valid_role:
 *
 * Returns: whether @role is viewer, secretary, admin or district:CODE
 */
gboolean
gb_store_daemon_valid_role (const char *role)
{
  if (role == NULL)
    return FALSE;
  if (strcmp (role, "viewer") == 0 || strcmp (role, "secretary") == 0 || strcmp (role, "admin") == 0)
    return TRUE;
  if (g_str_has_prefix (role, "district:") && role[9] != '\0')
    {
      for (const char *p = role + 9; *p; p++)
        if (!g_ascii_isalnum (*p))
          return FALSE;
      return TRUE;
    }
  return FALSE;
}

gboolean
gb_store_daemon_add_user (GbStore     *store,
                          const char  *name,
                          const char  *role,
                          const char  *token_sha256,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *now = gb_store_now_iso ();
  int rc;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) || strlen (name) > 100)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("A user name must be 1 to 100 characters of text"));
      return FALSE;
    }
  if (!gb_store_daemon_valid_role (role))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("“%s” is not a role: viewer, secretary, district:CODE or admin"), role ? role : "");
      return FALSE;
    }
  stmt = gb_store_prepare (store, "INSERT INTO daemon_users (name, role, token_sha256, created_at) VALUES (?1, ?2, ?3, ?4)",
                           error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, name);
  gb_store_bind_text (stmt, 2, role);
  gb_store_bind_text (stmt, 3, token_sha256);
  gb_store_bind_text (stmt, 4, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DUPLICATE, _("There is already a user named “%s”"), name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return gb_store_set_error (store, error, "Could not add a user");
  return TRUE;
}

/**
 * gb_store_daemon_find_user:
 *
 * Returns: TRUE with @name and @role set when a user has this token hash; TRUE with them
 *   NULL when none has; FALSE on a database error
 */
gboolean
gb_store_daemon_find_user (GbStore     *store,
                           const char  *token_sha256,
                           char       **name,
                           char       **role,
                           GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, "SELECT name, role FROM daemon_users WHERE token_sha256 = ?1", error);
  int rc;

  *name = *role = NULL;
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, token_sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *role = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gb_store_set_error (store, error, "Could not look up a user");
  return TRUE;
}

/**
 * gb_store_daemon_list_users:
 *
 * Returns: (transfer full): `[{"name","role","created_at"}]`, never the token hashes
 */
JsonNode *
gb_store_daemon_list_users (GbStore  *store,
                            GError  **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, "SELECT name, role, created_at FROM daemon_users ORDER BY name", error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (b, "created_at");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 2));
      json_builder_end_object (b);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (store, error, "Could not list users");
      return NULL;
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/**
 * gb_store_daemon_unit_parent:
 * @found: (out): whether the unit exists
 *
 * Returns: (nullable): the parent code of a unit
 */
char *
gb_store_daemon_unit_parent (GbStore     *store,
                             const char  *code,
                             gboolean    *found,
                             GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, "SELECT parent_code FROM units WHERE code = ?1", error);
  char *parent = NULL;
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      parent = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    gb_store_set_error (store, error, "Could not look up a unit");
  return parent;
}
