/* gb-store-charts.h — a unit's whole case and vaccination series, ready to draw
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"
#include "gb-level.h"

G_BEGIN_DECLS

/* One unit's series, one value a day from @first_day (Julian day number) for @n_days days.
 * A day with no report is NAN in every array, so it draws as a gap, never as a zero. */
typedef struct
{
  char    *unit_code;
  char    *unit_name;
  gint64   population;       /* 0 when unknown: per 100,000 is not available */
  gboolean cases_simulated;  /* some case rows are simulated (commune level) */
  gboolean vacc_simulated;   /* some vaccination rows are simulated */
  gboolean aggregated;       /* summed from the communes under the unit */

  guint32  first_day;
  guint    n_days;
  double  *community;        /* new cases found in the community */
  double  *quarantine;       /* new cases found in quarantine */
  double  *avg7;             /* 7-day average of all new cases; NAN unless all 7 days reported */
  double  *cumulative;       /* all cases since the first report */

  /* Vaccination, on the days with a report (NAN between). Shares are 0..1. */
  guint32  vacc_first_day;
  guint    vacc_n_days;
  double  *shares[GB_N_AGE_GROUPS][GB_N_DOSES];  /* share of each group's people with each dose */
  double  *dose1_18;         /* shares[GB_AGE_18][GB_DOSE_1]: ≥ 18 with at least one dose */
  double  *full_18;          /* shares[GB_AGE_18][GB_DOSE_2]: ≥ 18 fully vaccinated */
  double  *full_65;          /* shares[GB_AGE_65][GB_DOSE_2]: ≥ 65 fully vaccinated */
  double  *doses;            /* doses given that day */
  /* The last days whose reporting is incomplete in the unit's area (gb-store-reporting.h):
   * drawn hatched, as a gap still filling in rather than a fall. */
  guint32 *incomplete;
  guint    n_incomplete;
} GbChartData;

void         gb_chart_data_free        (GbChartData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbChartData, gb_chart_data_free)

/* Loads everything stored for @unit_code: its own reports when it has them, else the sum of
 * the communes under it. GB_ERROR_NOT_FOUND for an unknown unit. */
GbChartData *gb_store_load_chart_data  (GbStore     *self,
                                        const char  *unit_code,
                                        GError     **error);

typedef struct
{
  guint32  day;
  char    *number;           /* "154-CV/TU" */
  char    *title;            /* kind and subject */
} GbChartMarker;

void         gb_chart_marker_free      (GbChartMarker *marker);

/* Dated documents as markers on the time axis, by date. */
GPtrArray   *gb_store_load_chart_markers (GbStore  *self,
                                          GError  **error);

G_END_DECLS
