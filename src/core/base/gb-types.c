/* gb-types.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-types.h"

G_DEFINE_BOXED_TYPE (GbUnit, gb_unit, gb_unit_copy, gb_unit_free)

const char *
gb_unit_level_to_string (GbUnitLevel level)
{
  switch (level)
    {
    case GB_UNIT_LEVEL_PROVINCE: return "province";
    case GB_UNIT_LEVEL_DISTRICT: return "district";
    case GB_UNIT_LEVEL_COMMUNE:  return "commune";
    case GB_UNIT_LEVEL_ANY:
    default:                     return "any";
    }
}

GbUnitLevel
gb_unit_level_from_string (const char *str)
{
  if (str == NULL)
    return GB_UNIT_LEVEL_ANY;
  if (g_str_equal (str, "province"))
    return GB_UNIT_LEVEL_PROVINCE;
  if (g_str_equal (str, "district"))
    return GB_UNIT_LEVEL_DISTRICT;
  if (g_str_equal (str, "commune"))
    return GB_UNIT_LEVEL_COMMUNE;
  return GB_UNIT_LEVEL_ANY;
}

GbUnit *
gb_unit_new (void)
{
  GbUnit *unit = g_new0 (GbUnit, 1);

  unit->population = unit->pop_18 = unit->pop_65 = -1;
  return unit;
}

GbUnit *
gb_unit_copy (const GbUnit *unit)
{
  GbUnit *copy = g_new (GbUnit, 1);

  *copy = *unit;
  copy->code = g_strdup (unit->code);
  copy->parent_code = g_strdup (unit->parent_code);
  copy->name = g_strdup (unit->name);
  copy->type = g_strdup (unit->type);
  return copy;
}

void
gb_unit_free (GbUnit *unit)
{
  if (unit == NULL)
    return;
  g_free (unit->code);
  g_free (unit->parent_code);
  g_free (unit->name);
  g_free (unit->type);
  g_free (unit);
}

void
gb_case_report_init (GbCaseReport *report)
{
  memset (report, 0, sizeof *report);
  report->deaths = report->recovered = report->tests = -1;
}

void
gb_vaccination_init (GbVaccination *vacc)
{
  memset (vacc, 0, sizeof *vacc);
  vacc->pop_18 = vacc->pop_65 = vacc->dose1_18 = vacc->full_18 = -1;
  vacc->full_65 = vacc->doses_given = vacc->doses_allocated = -1;
}
