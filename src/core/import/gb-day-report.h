/* gb-day-report.h — one district's numbers for one day, as the district types them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

typedef enum
{
  GB_DAY_FIELD_COMMUNITY,
  GB_DAY_FIELD_QUARANTINE,
  GB_DAY_FIELD_DEATHS,
  GB_DAY_FIELD_TESTS,
  GB_DAY_FIELD_DOSE1_18,
  GB_DAY_FIELD_FULL_18,
  GB_DAY_FIELD_FULL_65,
  GB_DAY_FIELD_DOSES_GIVEN,
  /* The first grid's fields end here: gb_day_report_save() takes these. The doses of the
   * campaign's other groups follow. */
  GB_DAY_N_FIELDS,
  GB_DAY_FIELD_BOOSTER_18 = GB_DAY_N_FIELDS,
  GB_DAY_FIELD_DOSE1_65,
  GB_DAY_FIELD_BOOSTER_65,
  GB_DAY_FIELD_DOSE1_12_17,
  GB_DAY_FIELD_DOSE2_12_17,
  GB_DAY_FIELD_BOOSTER_12_17,
  GB_DAY_FIELD_DOSE1_5_11,
  GB_DAY_FIELD_DOSE2_5_11,
  GB_DAY_FIELD_BOOSTER_5_11,
  GB_DAY_N_ALL_FIELDS
} GbDayField;

/* One commune of the grid: the day's values and the day before's (-1 when absent). */
typedef struct
{
  char     *code;
  char     *name;
  gint64    value[GB_DAY_N_ALL_FIELDS];
  gint64    previous[GB_DAY_N_ALL_FIELDS];
  gboolean  reported;
} GbDayReportRow;

void        gb_day_report_row_free         (GbDayReportRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbDayReportRow, gb_day_report_row_free)

const char *gb_day_field_label             (GbDayField      field);

gboolean    gb_day_report_role_may_report  (const char     *role,
                                            const char     *district_code);
char       *gb_day_report_role_district    (const char     *role);

gboolean    gb_day_report_parse_cell       (const char     *text,
                                            gint64         *value);
GPtrArray  *gb_day_report_load             (GbStore        *store,
                                            const char     *district_code,
                                            const char     *date,
                                            GError        **error);
guint       gb_day_report_count_reported   (GPtrArray      *rows);
gboolean    gb_day_report_save             (GbStore        *store,
                                            const char     *date,
                                            GPtrArray      *rows,
                                            const char * const *cells,
                                            GError        **error);
gboolean    gb_day_report_save_fields      (GbStore        *store,
                                            const char     *date,
                                            GPtrArray      *rows,
                                            const char * const *cells,
                                            guint           n_fields,
                                            GError        **error);

G_END_DECLS
