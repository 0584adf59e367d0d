/* gb-sync-conflicts.h — edits the server refused as conflicts, for a person to decide
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"
#include "gb-sync-client.h"

G_BEGIN_DECLS

#define GB_TYPE_SYNC_CONFLICTS (gb_sync_conflicts_get_type ())
G_DECLARE_FINAL_TYPE (GbSyncConflicts, gb_sync_conflicts, GB, SYNC_CONFLICTS, AdwWindow)

GbSyncConflicts *gb_sync_conflicts_new      (GtkWindow       *parent,
                                             GbStore         *store,
                                             GbSyncClient    *client);
guint            gb_sync_conflicts_get_n    (GbSyncConflicts *self);
gboolean         gb_sync_conflicts_resolve  (GbSyncConflicts *self,
                                             gint64           conflict_id,
                                             gboolean         keep_mine,
                                             GError         **error);
char            *gb_sync_conflict_describe  (const char      *server_row,
                                             const char      *client_row);
char            *gb_sync_conflicts_describe_rejection (const char *reason,
                                                       const char *server_row,
                                                       const char *client_row);

G_END_DECLS
