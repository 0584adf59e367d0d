/* gb-level.h — epidemic levels and the results of the level engine
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared vocabulary between the level engine (gb-level-engine.c), the map, the charts and the
 * briefing. The engine itself is implemented in gb-level-engine.[ch].
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  GB_LEVEL_NO_DATA = 0,  /* never drawn as green: hatched, "no data" */
  GB_LEVEL_1 = 1,        /* green:  bình thường mới / cấp 1 */
  GB_LEVEL_2 = 2,        /* yellow: nguy cơ / cấp 2 */
  GB_LEVEL_3 = 3,        /* orange: cao / cấp 3 */
  GB_LEVEL_4 = 4,        /* red:    rất cao / cấp 4 */
} GbLevel;

/* One unit's level on one date. */
typedef struct
{
  char     *unit_code;
  char     *unit_name;
  int       unit_level;          /* GbUnitLevel of the unit */
  GbLevel   computed;
  GbLevel   declared;            /* GB_LEVEL_NO_DATA when no override is in force */
  GbLevel   effective;           /* declared if any, else computed */
  char     *rule_set;            /* id of the rule set used, e.g. "nq128" or "qd2686" */
  char     *reasons;             /* in words and numbers, translated */
  char     *override_reason;     /* nullable */
  double    cases_per_100k_7d;   /* NAN when unknown */
  gint64    community_cases_7d;
  double    dose1_18_share;      /* 0..1, NAN when unknown */
  double    full_65_share;       /* 0..1, NAN when unknown */
} GbLevelResult;

#define GB_TYPE_LEVEL_RESULT (gb_level_result_get_type ())
GType          gb_level_result_get_type (void) G_GNUC_CONST;
GbLevelResult *gb_level_result_new      (void);
GbLevelResult *gb_level_result_copy     (const GbLevelResult *result);
void           gb_level_result_free     (GbLevelResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbLevelResult, gb_level_result_free)

/* The official 2686 map colors, as 0xRRGGBB; GB_LEVEL_NO_DATA is a neutral grey. */
guint32        gb_level_get_color       (GbLevel level);
/* The same for a high-contrast style: hues and lightness further apart (yellow light, red
 * dark), shown with each level's pattern (gb-map-renderer.h). */
guint32        gb_level_get_high_contrast_color (GbLevel level);
/* "Level 3 (orange)" in the UI language; never rely on the color alone. */
const char    *gb_level_get_name        (GbLevel level);
/* The same in the words of the rule set: zones under QĐ 2686, levels under NQ 128. */
const char    *gb_level_get_name_for    (GbLevel  level,
                                         gboolean zones);

/* The table of units (name, level, the numbers behind it, the change since a week before) as
 * CSV. */
char          *gb_level_results_to_csv  (GPtrArray *results,
                                         GPtrArray *week_before,
                                         gboolean   zones);

G_END_DECLS
