/* gb-unit-item.h — a unit as a list item for the sidebar
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gb-types.h"

G_BEGIN_DECLS

#define GB_TYPE_UNIT_ITEM (gb_unit_item_get_type ())
G_DECLARE_FINAL_TYPE (GbUnitItem, gb_unit_item, GB, UNIT_ITEM, GObject)

GbUnitItem   *gb_unit_item_new         (const GbUnit *unit);
const GbUnit *gb_unit_item_get_unit    (GbUnitItem   *self);
const char   *gb_unit_item_get_folded  (GbUnitItem   *self);
GListStore   *gb_unit_item_get_children (GbUnitItem  *self);
/* A district's reporting rate in words ("12/15 communes reported on 20/09"), or NULL. */
const char   *gb_unit_item_get_reporting (GbUnitItem *self);
void          gb_unit_item_set_reporting (GbUnitItem *self,
                                          const char *reporting);

G_END_DECLS
