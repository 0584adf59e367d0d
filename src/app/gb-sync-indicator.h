/* gb-sync-indicator.h — the header bar's sync state: last sync, pending edits, errors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-sync-client.h"

G_BEGIN_DECLS

#define GB_TYPE_SYNC_INDICATOR (gb_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (GbSyncIndicator, gb_sync_indicator, GB, SYNC_INDICATOR, GtkWidget)

GtkWidget    *gb_sync_indicator_new         (void);
void          gb_sync_indicator_set_client  (GbSyncIndicator *self,
                                             GbSyncClient    *client);
GbSyncClient *gb_sync_indicator_get_client  (GbSyncIndicator *self);
const char   *gb_sync_indicator_get_status  (GbSyncIndicator *self);
void          gb_sync_indicator_attach      (GbSyncIndicator *self,
                                             GtkRevealer     *progress_revealer,
                                             GtkProgressBar  *progress_bar,
                                             AdwToastOverlay *toasts);
char         *gb_sync_format_time           (const char      *iso);

G_END_DECLS
