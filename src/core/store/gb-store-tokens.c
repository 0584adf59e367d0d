/* gb-store-tokens.c — giaoband's tokens: looked up with their expiry, revoked, renewed; users removed
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only a token's SHA-256 is kept (migration 0004); migration 0010 adds its expiry and the
 * time it was revoked.
 */
#define G_LOG_DOMAIN "gb-store-tokens"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-store-private.h"
#include "gb-store-tokens.h"

/**
 * gb_store_tokens_lookup:
 * @state: (out): whether the token is valid, expired or unknown
 * @name: (out): the user's name, when the token is valid or expired
 * @role: (out): their role, likewise
 * @expires_at: (out) (nullable): when the token expires, NULL for never
 *
 * Returns: FALSE on a database error only
 */
gboolean
gb_store_tokens_lookup (GbStore       *store,
                        const char    *token_sha256,
                        GbTokenState  *state,
                        char         **name,
                        char         **role,
                        char         **expires_at,
                        GError       **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *now = gb_store_now_iso ();
  int rc;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (token_sha256 != NULL && state != NULL && name != NULL && role != NULL, FALSE);

  *state = GB_TOKEN_UNKNOWN;
  *name = *role = NULL;
  if (expires_at != NULL)
    *expires_at = NULL;
  stmt = gb_store_prepare (store, "SELECT name, role, expires_at, expires_at IS NOT NULL AND expires_at <= ?2 "
                           "FROM daemon_users WHERE token_sha256 = ?1 AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, token_sha256);
  gb_store_bind_text (stmt, 2, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *name = gb_store_column_dup (stmt, 0);
      *role = gb_store_column_dup (stmt, 1);
      if (expires_at != NULL)
        *expires_at = gb_store_column_dup (stmt, 2);
      *state = sqlite3_column_int (stmt, 3) ? GB_TOKEN_EXPIRED : GB_TOKEN_VALID;
    }
  return gb_store_rows_done (store, stmt, rc == SQLITE_ROW ? SQLITE_DONE : rc, "Could not look up a token", error);
}

/* Runs @sql (binding ?1 @name and ?2, ?3 @a, @b) that changes the user named @name. */
static gboolean
change_user (GbStore     *store,
             const char  *sql,
             const char  *name,
             const char  *a,
             const char  *b,
             const char  *what,
             GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, name);
  gb_store_bind_text (stmt, 2, a);
  gb_store_bind_text (stmt, 3, b);
  if (!gb_store_step_done (store, stmt, what, error))
    return FALSE;
  if (sqlite3_changes (gb_store_get_db (store)) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no user named “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_store_tokens_set:
 * @expires_at: (nullable): ISO 8601 UTC, or NULL for a token that does not expire
 *
 * Gives the user named @name a new token (by its hash), valid until @expires_at.
 */
gboolean
gb_store_tokens_set (GbStore     *store,
                     const char  *name,
                     const char  *token_sha256,
                     const char  *expires_at,
                     GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL && token_sha256 != NULL, FALSE);

  return change_user (store, "UPDATE daemon_users SET token_sha256 = ?2, expires_at = ?3, revoked_at = NULL "
                      "WHERE name = ?1", name, token_sha256, expires_at, "Could not set a token", error);
}

/**
 * gb_store_tokens_revoke:
 *
 * The token of the user named @name stops working at once; the user stays.
 */
gboolean
gb_store_tokens_revoke (GbStore     *store,
                        const char  *name,
                        GError     **error)
{
  g_autofree char *now = gb_store_now_iso ();

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return change_user (store, "UPDATE daemon_users SET token_sha256 = 'revoked:' || id, revoked_at = ?2 "
                      "WHERE name = ?1", name, now, NULL, "Could not revoke a token", error);
}

gboolean
gb_store_tokens_remove_user (GbStore     *store,
                             const char  *name,
                             GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return change_user (store, "DELETE FROM daemon_users WHERE name = ?1", name, NULL, NULL,
                      "Could not remove a user", error);
}
