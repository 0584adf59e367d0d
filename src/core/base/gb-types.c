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

#define VF(name, group, dose) { #name, G_STRUCT_OFFSET (GbVaccination, name), group, dose }

static const GbVaccinationField vaccination_fields[GB_VACCINATION_N_FIELDS] = {
  VF (pop_18, GB_AGE_18, -1), VF (pop_65, GB_AGE_65, -1),
  VF (dose1_18, GB_AGE_18, GB_DOSE_1), VF (full_18, GB_AGE_18, GB_DOSE_2), VF (full_65, GB_AGE_65, GB_DOSE_2),
  VF (doses_given, -1, -1), VF (doses_allocated, -1, -1),
  VF (pop_12_17, GB_AGE_12_17, -1), VF (pop_5_11, GB_AGE_5_11, -1),
  VF (booster_18, GB_AGE_18, GB_DOSE_BOOSTER),
  VF (dose1_65, GB_AGE_65, GB_DOSE_1), VF (booster_65, GB_AGE_65, GB_DOSE_BOOSTER),
  VF (dose1_12_17, GB_AGE_12_17, GB_DOSE_1), VF (dose2_12_17, GB_AGE_12_17, GB_DOSE_2),
  VF (booster_12_17, GB_AGE_12_17, GB_DOSE_BOOSTER),
  VF (dose1_5_11, GB_AGE_5_11, GB_DOSE_1), VF (dose2_5_11, GB_AGE_5_11, GB_DOSE_2),
  VF (booster_5_11, GB_AGE_5_11, GB_DOSE_BOOSTER),
};

void
gb_vaccination_init (GbVaccination *vacc)
{
  memset (vacc, 0, sizeof *vacc);
  for (guint i = 0; i < GB_VACCINATION_N_FIELDS; i++)
    G_STRUCT_MEMBER (gint64, vacc, vaccination_fields[i].offset) = -1;
}

const GbVaccinationField *
gb_vaccination_fields (void)
{
  return vaccination_fields;
}

static const GbVaccinationField *
find_vaccination_field (int group,
                        int dose)
{
  for (guint i = 0; i < GB_VACCINATION_N_FIELDS; i++)
    if (vaccination_fields[i].group == group && vaccination_fields[i].dose == dose)
      return &vaccination_fields[i];
  return NULL;
}

gint64 *
gb_vaccination_count (GbVaccination *vacc,
                      int            group,
                      int            dose)
{
  const GbVaccinationField *f = find_vaccination_field (group, dose);

  g_return_val_if_fail (vacc != NULL, NULL);
  g_return_val_if_fail (f != NULL, NULL);

  return &G_STRUCT_MEMBER (gint64, vacc, f->offset);
}

const char *
gb_vaccination_field_name (int group,
                           int dose)
{
  const GbVaccinationField *f = find_vaccination_field (group, dose);

  g_return_val_if_fail (f != NULL, NULL);

  return f->name;
}

gint64
gb_count_add_known (gint64 a,
                    gint64 b)
{
  if (a < 0)
    return b;
  if (b < 0)
    return a;
  return a > G_MAXINT64 - b ? G_MAXINT64 : a + b;
}
