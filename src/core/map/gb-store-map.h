/* gb-store-map.h — every unit's geometry in one pass, for the map
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-geometry.h"
#include "gb-store.h"

G_BEGIN_DECLS

/* Called once per unit that has a geometry; @geometry is only valid during the call. */
typedef void (*GbMapUnitFunc) (const char       *code,
                               GbUnitLevel       level,
                               const char       *parent_code,
                               const char       *name,
                               const GbGeometry *geometry,
                               gpointer          user_data);

gboolean gb_store_scan_unit_geometries (GbStore        *self,
                                        GbMapUnitFunc   func,
                                        gpointer        user_data,
                                        GError        **error);

G_END_DECLS
