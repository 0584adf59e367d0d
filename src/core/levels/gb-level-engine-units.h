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
 * count their predecessors' series in the @window days up to @day (which must be read).
 * FALSE: the units have no history, all are as loaded and the calls below are not needed. */
gboolean     gb_level_engine_units_on      (GbLevelEngine *self,
                                            int            day,
                                            int            window);
/* Unit @i as on that day when it is in force at level @lvl, else NULL: the engine's own Unit,
 * or @scratch filled with that day's parent, level, name and people. */
const Unit  *gb_level_engine_unit_on       (GbLevelEngine *self,
                                            guint          i,
                                            int            lvl,
                                            Unit          *scratch);
/* When whole units went into unit @i within that day's window: its window sums (community
 * cases, of them of unknown source; @reported: any report) counting theirs, and TRUE. */
gboolean     gb_level_engine_carried_sums  (GbLevelEngine *self,
                                            guint          i,
                                            gint64        *sum,
                                            gint64        *sum_unk,
                                            gboolean      *reported);
/* Unit @i's vaccination row of that day, theirs added until it has its own, or NULL. */
const Vacc  *gb_level_engine_vacc_on       (GbLevelEngine *self,
                                            guint          i);
/* Whether a unit of that day adds a predecessor's vaccination row of a day before the rows
 * the days as needed hold (then gb_level_engine_ensure_all_vaccs() first). */
gboolean     gb_level_engine_units_need_vaccs (GbLevelEngine *self);
/* Unit @i's own latest vaccination row on or before @day, or NULL (gb-level-engine.c). */
const Vacc  *gb_level_engine_latest_vacc   (GbLevelEngine *self,
                                            guint          i,
                                            int            day);
/* The parent of unit @i on that day, -1 when none. */
int          gb_level_engine_parent_on     (GbLevelEngine *self,
                                            int            i);

G_END_DECLS
