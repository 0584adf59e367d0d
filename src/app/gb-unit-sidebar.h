/* gb-unit-sidebar.h — province → district → commune tree with search
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_UNIT_SIDEBAR (gb_unit_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (GbUnitSidebar, gb_unit_sidebar, GB, UNIT_SIDEBAR, GtkWidget)

void        gb_unit_sidebar_set_store      (GbUnitSidebar *self,
                                            GbStore       *store);
void        gb_unit_sidebar_set_date       (GbUnitSidebar *self,
                                            const char    *date);
const char *gb_unit_sidebar_get_unit_code  (GbUnitSidebar *self);
void        gb_unit_sidebar_set_unit_code  (GbUnitSidebar *self,
                                            const char    *code);
void        gb_unit_sidebar_reload_units   (GbUnitSidebar *self);
void        gb_unit_sidebar_refresh        (GbUnitSidebar *self);
void        gb_unit_sidebar_focus_search   (GbUnitSidebar *self);

G_END_DECLS
