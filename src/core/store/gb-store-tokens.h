/* gb-store-tokens.h — giaoband's tokens: looked up with their expiry, revoked, renewed; users removed
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

typedef enum
{
  GB_TOKEN_UNKNOWN,   /* no user has it (or it was revoked) */
  GB_TOKEN_VALID,
  GB_TOKEN_EXPIRED,
} GbTokenState;

gboolean  gb_store_tokens_lookup      (GbStore       *store,
                                       const char    *token_sha256,
                                       GbTokenState  *state,
                                       char         **name,
                                       char         **role,
                                       char         **expires_at,
                                       GError       **error);
gboolean  gb_store_tokens_set         (GbStore       *store,
                                       const char    *name,
                                       const char    *token_sha256,
                                       const char    *expires_at,
                                       GError       **error);
gboolean  gb_store_tokens_revoke      (GbStore       *store,
                                       const char    *name,
                                       GError       **error);
gboolean  gb_store_tokens_remove_user (GbStore       *store,
                                       const char    *name,
                                       GError       **error);

G_END_DECLS
