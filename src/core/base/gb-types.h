/* gb-types.h — plain data records shared by the core, the app, the CLI and the daemon
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The largest count of people a daily figure may hold: more than the country has is a wrong
 * value (9.2e18 cases came through once), not a figure. */
#define GB_MAX_COUNT 1000000000

typedef struct _GbStore GbStore;
typedef struct _GbGeometry GbGeometry;

typedef enum
{
  GB_UNIT_LEVEL_ANY = 0,
  GB_UNIT_LEVEL_PROVINCE = 1,
  GB_UNIT_LEVEL_DISTRICT = 2,
  GB_UNIT_LEVEL_COMMUNE = 3,
} GbUnitLevel;

const char  *gb_unit_level_to_string   (GbUnitLevel  level);
GbUnitLevel  gb_unit_level_from_string (const char  *str);

/* An administrative unit. Counts of -1 mean "unknown". */
typedef struct
{
  char        *code;
  GbUnitLevel  level;
  char        *parent_code;
  char        *name;
  char        *type;
  gint64       population;
  gint64       pop_18;
  gint64       pop_65;
  double       min_lon, min_lat, max_lon, max_lat;
} GbUnit;

#define GB_TYPE_UNIT (gb_unit_get_type ())
GType        gb_unit_get_type   (void) G_GNUC_CONST;
GbUnit      *gb_unit_new        (void);
GbUnit      *gb_unit_copy       (const GbUnit *unit);
void         gb_unit_free       (GbUnit       *unit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbUnit, gb_unit_free)

/* One day of case reports for one unit. Optional counts are -1 when absent. */
typedef struct
{
  char     unit_code[16];
  char     date[11];          /* YYYY-MM-DD */
  gint64   community;
  gint64   quarantine;
  gint64   unknown_source;
  gint64   deaths;
  gint64   recovered;
  gint64   tests;
  gboolean simulated;
} GbCaseReport;

void         gb_case_report_init (GbCaseReport *report);

/* The age groups and doses the 2021–2022 campaign counted. */
typedef enum
{
  GB_AGE_18,         /* 18 and over */
  GB_AGE_65,         /* 65 and over */
  GB_AGE_12_17,
  GB_AGE_5_11,
  GB_N_AGE_GROUPS,
} GbAgeGroup;

typedef enum
{
  GB_DOSE_1,
  GB_DOSE_2,         /* the second: "fully vaccinated" (full_18, full_65) */
  GB_DOSE_BOOSTER,   /* booster or additional ("nhắc lại / bổ sung") */
  GB_N_DOSES,
} GbDose;

/* One day of vaccination for one unit; people counts are cumulative. -1 when absent. The
 * first members are the columns of the first rows; the groups' other doses follow. */
typedef struct
{
  char     unit_code[16];
  char     date[11];
  gint64   pop_18;
  gint64   pop_65;
  gint64   dose1_18;
  gint64   full_18;
  gint64   full_65;
  gint64   doses_given;
  gint64   doses_allocated;
  gint64   pop_12_17;
  gint64   pop_5_11;
  gint64   booster_18;
  gint64   dose1_65;
  gint64   booster_65;
  gint64   dose1_12_17;
  gint64   dose2_12_17;
  gint64   booster_12_17;
  gint64   dose1_5_11;
  gint64   dose2_5_11;
  gint64   booster_5_11;
  gboolean simulated;
} GbVaccination;

/* A count member of GbVaccination: its store column, its group and dose (dose -1 for a
 * group's population, both -1 for doses given and allocated). */
typedef struct
{
  const char *name;
  gsize       offset;
  int         group;
  int         dose;
} GbVaccinationField;

#define GB_VACCINATION_N_FIELDS 18

void         gb_vaccination_init (GbVaccination *vacc);
/* The count members, in the store's column order (pop_18 … doses_allocated, then the rest). */
const GbVaccinationField *gb_vaccination_fields (void);
/* The member of @group and @dose (@dose -1: the group's population). */
gint64      *gb_vaccination_count (GbVaccination *vacc,
                                   int            group,
                                   int            dose);
const char  *gb_vaccination_field_name (int group,
                                        int dose);

/* Two optional counts added (-1: absent): one absent is the other, both absent stay absent;
 * capped at G_MAXINT64. The sums of merged units' counts go through it. */
gint64       gb_count_add_known  (gint64         a,
                                  gint64         b);

G_END_DECLS
