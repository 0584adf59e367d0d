/* gb-store-daemon.h — giaoband's users (token hashes and roles) in the store
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gb-store.h"

G_BEGIN_DECLS

gboolean  gb_store_daemon_valid_role  (const char  *role);
gboolean  gb_store_daemon_add_user    (GbStore     *store,
                                       const char  *name,
                                       const char  *role,
                                       const char  *token_sha256,
                                       GError     **error);
gboolean  gb_store_daemon_find_user   (GbStore     *store,
                                       const char  *token_sha256,
                                       char       **name,
                                       char       **role,
                                       GError     **error);
JsonNode *gb_store_daemon_list_users  (GbStore     *store,
                                       GError     **error);
char     *gb_store_daemon_unit_parent (GbStore     *store,
                                       const char  *code,
                                       gboolean    *found,
                                       GError     **error);

G_END_DECLS
