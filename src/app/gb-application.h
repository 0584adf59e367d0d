/* gb-application.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-sync-client.h"

G_BEGIN_DECLS

#define GB_TYPE_APPLICATION (gb_application_get_type ())
G_DECLARE_FINAL_TYPE (GbApplication, gb_application, GB, APPLICATION, AdwApplication)

GbApplication *gb_application_new      (void);
GSettings     *gb_application_settings (void);
GbSyncClient  *gb_application_get_sync_client (GbApplication *self);

G_END_DECLS
