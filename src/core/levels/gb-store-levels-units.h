/* gb-store-levels-units.h — units over time as the level engine reads them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Validity, versions and successions (migration 0015) in one pass each, for the engine's
 * per-date view of the units (gb-level-engine-units.c).
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

/* A unit with a validity: @valid_from, @valid_to (the first day it is gone) NULL when open. */
typedef void (*GbLevelValidityFunc)   (const char *code, const char *valid_from, const char *valid_to,
                                       gpointer user_data);
/* A version of a unit from @valid_from on; @people: its population, 18 and over, 65 and over
 * (-1 when unknown; for an age group, when the version does not say: the unit's own). */
typedef void (*GbLevelVersionFunc)    (const char *code, const char *valid_from, int level,
                                       const char *parent_code, const char *name, const gint64 people[3],
                                       gpointer user_data);
/* From @date on the territory of @predecessor (all of it, or part when @partial) is @successor's. */
typedef void (*GbLevelSuccessionFunc) (const char *predecessor, const char *successor, const char *date,
                                       gboolean partial, gpointer user_data);

/* Only the units with a validity; versions by code and date; successions in no given order. */
gboolean gb_store_levels_scan_validity    (GbStore *self, GbLevelValidityFunc func, gpointer data, GError **error);
gboolean gb_store_levels_scan_versions    (GbStore *self, GbLevelVersionFunc func, gpointer data, GError **error);
gboolean gb_store_levels_scan_successions (GbStore *self, GbLevelSuccessionFunc func, gpointer data, GError **error);

G_END_DECLS
