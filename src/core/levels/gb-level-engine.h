/* gb-level-engine.h — computes every unit's epidemic level for a date from the stored data
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The API below is agreed between the level engine, the map, the charts and the briefing.
 */
#pragma once

#include <glib-object.h>

#include "gb-level.h"
#include "gb-types.h"

G_BEGIN_DECLS

#define GB_TYPE_LEVEL_ENGINE (gb_level_engine_get_type ())
G_DECLARE_FINAL_TYPE (GbLevelEngine, gb_level_engine, GB, LEVEL_ENGINE, GObject)

GbLevelEngine *gb_level_engine_new          (GbStore        *store);
/* An engine that reads only what one date needs (the CLI's levels). */
GbLevelEngine *gb_level_engine_new_for_date (GbStore        *store,
                                             const char     *date);
/* The store's one engine, shared by every view (transfer none). */
GbLevelEngine *gb_level_engine_get_shared   (GbStore        *store);
guint          gb_level_engine_get_n_loads  (GbLevelEngine  *self);

/* Returns (element-type GbLevelResult): one result per unit of @level (GB_UNIT_LEVEL_ANY: all
 * units), ordered by code. */
GPtrArray     *gb_level_engine_compute      (GbLevelEngine  *self,
                                             const char     *date,
                                             GbUnitLevel     level,
                                             GError        **error);

GbLevelResult *gb_level_engine_compute_unit (GbLevelEngine  *self,
                                             const char     *unit_code,
                                             const char     *date,
                                             GError        **error);

/* Levels only, for every unit (in code order): the map's per-frame need. */
#define GB_LEVEL_DECLARED_FLAG 0x80
gboolean       gb_level_engine_load_all       (GbLevelEngine  *self,
                                               GError        **error);
guint          gb_level_engine_get_n_units    (GbLevelEngine  *self,
                                               GError        **error);
const char    *gb_level_engine_get_unit_code  (GbLevelEngine  *self,
                                               guint           index);
int            gb_level_engine_lookup_unit    (GbLevelEngine  *self,
                                               const char     *code);
gboolean       gb_level_engine_compute_levels (GbLevelEngine  *self,
                                               const char     *date,
                                               guint8         *levels,
                                               GError        **error);

/* The rule set in force on @date: its id, its name and whether it speaks of zones. */
gboolean       gb_level_engine_get_rule_set (GbLevelEngine  *self,
                                             const char     *date,
                                             char          **id,
                                             char          **name,
                                             gboolean       *zones,
                                             GError        **error);

/* Drops cached series after the store changed (imports, sync, overrides). */
void           gb_level_engine_invalidate   (GbLevelEngine  *self);

/* Data read on another connection (a worker thread), taken instead of reading it again. */
guint          gb_level_engine_get_generation (GbLevelEngine *self);
gboolean       gb_level_engine_adopt          (GbLevelEngine *self,
                                               GbLevelEngine *loaded,
                                               guint          generation);

G_END_DECLS
