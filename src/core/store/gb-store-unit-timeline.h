/* gb-store-unit-timeline.h — every unit's life, versions and successions, in memory
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the map needs to draw the units of any date without asking the database again: read
 * once (a few milliseconds for the country), then each date's answer is a few hash lookups per
 * unit. The rules are those of gb-store-units-history.h: a unit lives from valid_from to
 * valid_to, a version gives its attributes from a date, a succession moves its territory
 * (whole or partly) to another unit from a date.
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

typedef struct _GbUnitTimeline GbUnitTimeline;

GbUnitTimeline *gb_store_load_unit_timeline     (GbStore         *self,
                                                 GError         **error);
GbUnitTimeline *gb_unit_timeline_ref            (GbUnitTimeline  *self);
void            gb_unit_timeline_unref          (GbUnitTimeline  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbUnitTimeline, gb_unit_timeline_unref)

gboolean        gb_unit_timeline_in_force       (GbUnitTimeline  *self,
                                                 const char      *code,
                                                 const char      *date);
/* Where the territory of @code is on @date: @code itself while it is in force, else the unit
 * its successions lead to, else NULL (ended without a successor, or not yet made and no
 * predecessor holds it). @partial: whether only part of it went there. (transfer none) */
const char     *gb_unit_timeline_holder_on      (GbUnitTimeline  *self,
                                                 const char      *code,
                                                 const char      *date,
                                                 gboolean        *partial);
/* @code's level, parent and name on @date (its version then, else its units row); FALSE for
 * an unknown code. (transfer none) */
gboolean        gb_unit_timeline_get_on         (GbUnitTimeline  *self,
                                                 const char      *code,
                                                 const char      *date,
                                                 GbUnitLevel     *level,
                                                 const char     **parent,
                                                 const char     **name);
/* The other units part of @code went into from @date on, besides @except (NULL-terminated,
 * transfer container). */
const char    **gb_unit_timeline_shares_on      (GbUnitTimeline  *self,
                                                 const char      *code,
                                                 const char      *date,
                                                 const char      *except);
/* Whether anything of the units (a life, a version, a succession) changes in (@a, @b]
 * or (@b, @a]: the drawing of @a still holds for @b when it does not. */
gboolean        gb_unit_timeline_changes_between (GbUnitTimeline *self,
                                                  const char     *a,
                                                  const char     *b);

G_END_DECLS
