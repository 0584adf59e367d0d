/* gb-sync-preferences.h — server address and token of the sync
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-sync-client.h"

G_BEGIN_DECLS

#define GB_TYPE_SYNC_PREFERENCES (gb_sync_preferences_get_type ())
G_DECLARE_FINAL_TYPE (GbSyncPreferences, gb_sync_preferences, GB, SYNC_PREFERENCES, AdwPreferencesWindow)

GbSyncPreferences *gb_sync_preferences_new   (GtkWindow         *parent,
                                              GbSyncClient      *client);
gboolean           gb_sync_preferences_apply (GbSyncPreferences *self);

G_END_DECLS
