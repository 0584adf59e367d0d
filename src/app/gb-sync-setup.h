/* gb-sync-setup.h — the app's sync: the outbox on its connection, the client, its settings
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"
#include "gb-sync-client.h"

G_BEGIN_DECLS

GbSyncClient *gb_sync_setup_new       (GbStore       *store,
                                       gboolean       outbox_enabled,
                                       GError       **error);
void          gb_sync_setup_configure (GbSyncClient  *client,
                                       const char    *server_url,
                                       const char    *token,
                                       const char    *ca_file,
                                       const char    *area);

G_END_DECLS
