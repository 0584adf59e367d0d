/* gb-chart.h — case and vaccination charts: layers over one time axis, drawn with Cairo
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same drawing serves the screen (GbChartView), PNG/SVG/PDF exports and printing.
 * Data are prepared before (gb_store_load_chart_data()); gb_chart_draw() is arithmetic.
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "gb-level-engine.h"
#include "gb-store-charts.h"

G_BEGIN_DECLS

typedef enum
{
  GB_CHART_CASES,
  GB_CHART_VACCINATION,
} GbChartKind;

#define GB_CHART_MAX_UNITS 8
#define GB_CHART_NO_LEVEL 255

#define GB_TYPE_CHART (gb_chart_get_type ())
G_DECLARE_FINAL_TYPE (GbChart, gb_chart, GB, CHART, GObject)

GbChart     *gb_chart_new              (GbChartKind   kind);
GbChartKind  gb_chart_get_kind         (GbChart      *self);

/* Takes @data. At most GB_CHART_MAX_UNITS units; returns FALSE (and frees @data) beyond. */
gboolean     gb_chart_add_unit         (GbChart      *self,
                                        GbChartData  *data);
void         gb_chart_clear_units      (GbChart      *self);
guint        gb_chart_get_n_units      (GbChart      *self);

/* (element-type GbChartMarker), sorted by day; the chart keeps a reference. */
void         gb_chart_set_markers      (GbChart      *self,
                                        GPtrArray    *markers);
/* One level a day from @first_day (GB_CHART_NO_LEVEL where unknown), drawn as a strip under
 * the time axis when one unit is shown. Copied. */
void         gb_chart_set_levels       (GbChart      *self,
                                        guint32       first_day,
                                        guint         n_days,
                                        const guint8 *levels);
/* Target lines of the vaccination chart (shares 0..1; NAN for none). */
void         gb_chart_set_targets      (GbChart      *self,
                                        double        dose1_18,
                                        double        full_65);

void         gb_chart_set_per_100k     (GbChart      *self,
                                        gboolean      per_100k);
void         gb_chart_set_cumulative   (GbChart      *self,
                                        gboolean      cumulative);
void         gb_chart_set_log          (GbChart      *self,
                                        gboolean      log);
void         gb_chart_set_dark         (GbChart      *self,
                                        gboolean      dark);
/* The vaccination chart's lines: -1 (the default) for the NQ 128 criteria (≥ 18 first and
 * second doses, ≥ 65 second dose), else a #GbAgeGroup's first, second and booster doses. */
void         gb_chart_set_vaccination_group (GbChart *self,
                                             int      group);
int          gb_chart_get_vaccination_group (GbChart *self);
/* The name of a #GbAgeGroup, translated ("12–17 years"). */
const char  *gb_chart_age_group_name   (int           group);
void         gb_chart_set_title        (GbChart      *self,
                                        const char   *title);
/* Type and line size against the default (1.0); slides for video calls use more. */
double       gb_chart_get_smallest_text (GbChart     *self,
                                         int          width,
                                         int          height);
void         gb_chart_set_font_scale   (GbChart      *self,
                                        double        scale);

/* The app's selected day, drawn as a line (0: none). */
void         gb_chart_set_current_day  (GbChart      *self,
                                        guint32       day);

/* The days shown; 0, 0 for all the data. */
void         gb_chart_set_view         (GbChart      *self,
                                        guint32       first_day,
                                        guint32       last_day);
/* The days shown now, and all the data's days. FALSE when there is no data. */
gboolean     gb_chart_get_view         (GbChart      *self,
                                        guint32      *first_day,
                                        guint32      *last_day);
gboolean     gb_chart_get_extent       (GbChart      *self,
                                        guint32      *first_day,
                                        guint32      *last_day);

void         gb_chart_draw             (GbChart      *self,
                                        cairo_t      *cr,
                                        int           width,
                                        int           height);

/* Hover: the crosshair's day (0: none). */
void         gb_chart_set_hover_day    (GbChart      *self,
                                        guint32       day);
guint32      gb_chart_get_hover_day    (GbChart      *self);
guint        gb_chart_get_legend_count (GbChart      *self);
char        *gb_chart_describe_export  (GbChart      *self);
/* The day under @x in the last drawn layout (0 outside the plot), by binary search. */
guint32      gb_chart_day_at           (GbChart      *self,
                                        double        x);
/* The x of @day's center in the last drawn layout. */
double       gb_chart_x_of_day         (GbChart      *self,
                                        guint32       day);
/* Every series' exact value on @day, one line each, for the hover box and screen readers. */
char        *gb_chart_describe_day     (GbChart      *self,
                                        guint32       day);

/* Writes PNG, SVG or PDF by the file's extension. */
gboolean     gb_chart_export           (GbChart      *self,
                                        const char   *path,
                                        int           width,
                                        int           height,
                                        GError      **error);

/* Levels of @unit_code for every day of [first_day, last_day], computed once a week (the
 * rules assess weekly) and held for the 7 days up to each assessment. */
guint8      *gb_chart_compute_levels   (GbLevelEngine *engine,
                                        const char    *unit_code,
                                        guint32        first_day,
                                        guint32        last_day);

G_END_DECLS
