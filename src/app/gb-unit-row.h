/* gb-unit-row.h — one unit's level and numbers, as a row of the units table
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gb-level.h"

G_BEGIN_DECLS

#define GB_TYPE_UNIT_ROW (gb_unit_row_get_type ())
G_DECLARE_FINAL_TYPE (GbUnitRow, gb_unit_row, GB, UNIT_ROW, GObject)

/* @before: (nullable): the unit's level a week before */
GbUnitRow  *gb_unit_row_new      (const GbLevelResult *result,
                                  const GbLevelResult *before,
                                  gboolean             zones);
const char *gb_unit_row_get_code (GbUnitRow           *self);
const char *gb_unit_row_get_name (GbUnitRow           *self);

G_END_DECLS
