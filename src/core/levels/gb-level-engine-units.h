/* gb-level-engine-units.h — the level engine's units of a date (validity, versions, merges)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to the level engine's files (gb-level-engine*.c).
 */
#pragma once

#include "gb-level-engine-private.h"

G_BEGIN_DECLS

typedef struct _GbLevelUnits GbLevelUnits;

/* After the units and series are read: their validity, versions and successions. */
gboolean     gb_level_engine_load_units    (GbLevelEngine *self,
                                            GError       **error);
void         gb_level_units_free           (GbLevelUnits  *units);
/* Before a date is computed: which units are in force on @day, with what, and which of them
 * count their predecessors' series in the @window days up to @day. */
void         gb_level_engine_units_on      (GbLevelEngine *self,
                                            int            day,
                                            int            window);
/* Unit @i as on that day when it is in force at level @lvl, else NULL: the engine's own Unit,
 * or @scratch filled with that day's parent, level, name, people and carried series. */
const Unit  *gb_level_engine_unit_on       (GbLevelEngine *self,
                                            guint          i,
                                            int            lvl,
                                            Unit          *scratch);
/* The unit's latest vaccination row on or before @day, or NULL (gb-level-engine.c). */
const Vacc  *gb_level_engine_latest_vacc   (GbLevelEngine *self,
                                            const Unit    *u,
                                            int            day);
/* The parent of unit @i on that day, -1 when none. */
int          gb_level_engine_parent_on     (GbLevelEngine *self,
                                            int            i);

G_END_DECLS
