/* gb-map-page-dates.c — the map page's lists hold the units of the date shown
 *
 * The renderer draws each boundary as the unit holding it on the date (gb-map-renderer-dates.c);
 * the level engine computes every unit it knows, merged ones included. What the page lists
 * beside the map keeps the units of the date, under their names of that date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gb-level-changes.h"
#include "gb-map-page-private.h"

/**
 * gb_map_page_keep_units_of_date:
 * @results: (element-type GbLevelResult) (nullable): levels from the engine, changed in place
 *
 * Drops the units not in force on the map's date (a commune merged away, a district after the
 * 2025 reform) and names the others as on that date (a rename).
 */
void
gb_map_page_keep_units_of_date (GbMapPage *self,
                                GPtrArray *results)
{
  GbMapRenderer *renderer = gb_map_page_get_renderer (self);

  for (guint i = results ? results->len : 0; i-- > 0;)
    {
      GbLevelResult *r = g_ptr_array_index (results, i);
      const char *name;

      if (!gb_map_renderer_in_force (renderer, r->unit_code))
        {
          g_ptr_array_remove_index (results, i);
          continue;
        }
      name = gb_map_renderer_get_unit_name (renderer, r->unit_code);
      if (name != NULL && g_strcmp0 (name, r->unit_name) != 0)
        {
          g_free (r->unit_name);
          r->unit_name = g_strdup (name);
        }
    }
}

/**
 * gb_map_page_keep_changes_of_date:
 * @changes: (element-type GbLevelChange): moves since the briefing, changed in place
 *
 * Drops the moves of units not in force on the map's date: a merged commune's marks would
 * stand on its successor beside the successor's own.
 */
void
gb_map_page_keep_changes_of_date (GbMapPage *self,
                                  GPtrArray *changes)
{
  GbMapRenderer *renderer = gb_map_page_get_renderer (self);

  for (guint i = changes ? changes->len : 0; i-- > 0;)
    if (!gb_map_renderer_in_force (renderer, ((GbLevelChange *) g_ptr_array_index (changes, i))->code))
      g_ptr_array_remove_index (changes, i);
}
