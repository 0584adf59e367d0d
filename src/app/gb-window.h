/* gb-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"
#include "gb-sync-client.h"

G_BEGIN_DECLS

#define GB_TYPE_WINDOW (gb_window_get_type ())
G_DECLARE_FINAL_TYPE (GbWindow, gb_window, GB, WINDOW, AdwApplicationWindow)

GbWindow   *gb_window_new            (AdwApplication *app,
                                      GbStore        *store);
GbStore    *gb_window_get_store      (GbWindow       *self);
const char *gb_window_get_date       (GbWindow       *self);
void        gb_window_data_changed   (GbWindow       *self);
void        gb_window_set_date       (GbWindow       *self,
                                      const char     *date);
const char *gb_window_get_unit_code  (GbWindow       *self);
void        gb_window_set_unit_code  (GbWindow       *self,
                                      const char     *code);
void        gb_window_import_notices (GbWindow       *self,
                                      GPtrArray      *files);
void        gb_window_set_view       (GbWindow       *self,
                                      const char     *name);
GtkWidget  *gb_window_get_page       (GbWindow       *self,
                                      const char     *name);
void        gb_window_set_sync_client (GbWindow      *self,
                                       GbSyncClient  *client);

G_END_DECLS
