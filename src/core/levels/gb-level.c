/* gb-level.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n-lib.h>
#include <math.h>

#include "gb-level.h"

G_DEFINE_BOXED_TYPE (GbLevelResult, gb_level_result, gb_level_result_copy, gb_level_result_free)

GbLevelResult *
gb_level_result_new (void)
{
  GbLevelResult *r = g_new0 (GbLevelResult, 1);

  r->cases_per_100k_7d = NAN;
  r->dose1_18_share = NAN;
  r->full_65_share = NAN;
  return r;
}

GbLevelResult *
gb_level_result_copy (const GbLevelResult *result)
{
  GbLevelResult *r = g_new (GbLevelResult, 1);

  *r = *result;
  r->unit_code = g_strdup (result->unit_code);
  r->unit_name = g_strdup (result->unit_name);
  r->rule_set = g_strdup (result->rule_set);
  r->reasons = g_strdup (result->reasons);
  r->override_reason = g_strdup (result->override_reason);
  return r;
}

void
gb_level_result_free (GbLevelResult *result)
{
  if (result == NULL)
    return;
  g_free (result->unit_code);
  g_free (result->unit_name);
  g_free (result->rule_set);
  g_free (result->reasons);
  g_free (result->override_reason);
  g_free (result);
}

guint32
gb_level_get_color (GbLevel level)
{
  switch (level)
    {
    case GB_LEVEL_1: return 0x0FA57F;
    case GB_LEVEL_2: return 0xF1BA15;
    case GB_LEVEL_3: return 0xF28E12;
    case GB_LEVEL_4: return 0xDA4711;
    case GB_LEVEL_NO_DATA:
    default:         return 0x9A9996;
    }
}

const char *
gb_level_get_name (GbLevel level)
{
  switch (level)
    {
    case GB_LEVEL_1: return _("Level 1 (green)");
    case GB_LEVEL_2: return _("Level 2 (yellow)");
    case GB_LEVEL_3: return _("Level 3 (orange)");
    case GB_LEVEL_4: return _("Level 4 (red)");
    case GB_LEVEL_NO_DATA:
    default:         return _("No data");
    }
}

/**
 * gb_level_get_name_for:
 * @zones: whether the rule set in force speaks of zones (QĐ 2686) rather than levels (NQ 128)
 *
 * Returns: "Red zone (very high risk)" under a zone rule set, "Level 4 (red)" under a level
 *   one, in the UI language
 */
const char *
gb_level_get_name_for (GbLevel  level,
                       gboolean zones)
{
  if (!zones)
    return gb_level_get_name (level);
  switch (level)
    {
    case GB_LEVEL_1: return _("Green zone (new normal)");
    case GB_LEVEL_2: return _("Yellow zone (at risk)");
    case GB_LEVEL_3: return _("Orange zone (high risk)");
    case GB_LEVEL_4: return _("Red zone (very high risk)");
    case GB_LEVEL_NO_DATA:
    default:         return _("No data");
    }
}
