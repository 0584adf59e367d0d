/* gb-chart-scale.h — scales, ticks and labels for the charts: pure functions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A map from data values to pixels; a log scale maps log10 of the values. */
typedef struct
{
  double   d0, d1;      /* domain */
  double   r0, r1;      /* range, pixels */
  gboolean log;
} GbScale;

void     gb_scale_init        (GbScale *scale,
                               double   d0,
                               double   d1,
                               double   r0,
                               double   r1,
                               gboolean log);
double   gb_scale_map         (const GbScale *scale,
                               double         value);
double   gb_scale_invert      (const GbScale *scale,
                               double         pixel);

/* "Nice" ticks on a 1-2-5 progression covering [lo, hi] with at most @max_ticks ticks.
 * Returns the step; the ticks are appended to @ticks (doubles). @nice_hi, when not NULL,
 * gets the first tick at or above @hi, so an axis can end on a labelled tick. */
double   gb_ticks_linear      (double   lo,
                               double   hi,
                               guint    max_ticks,
                               GArray  *ticks,
                               double  *nice_hi);

/* Ticks of a log axis: 1, 2, 5 × powers of ten inside [lo, hi] (lo > 0), thinned to the
 * powers of ten when there are more than @max_ticks. */
void     gb_ticks_log         (double   lo,
                               double   hi,
                               guint    max_ticks,
                               GArray  *ticks);

typedef enum
{
  GB_DATE_TICK_DAY,
  GB_DATE_TICK_WEEK,
  GB_DATE_TICK_MONTH,
  GB_DATE_TICK_QUARTER,
  GB_DATE_TICK_YEAR,
} GbDateTickUnit;

/* Date ticks for days [@first, @last] (Julian day numbers, as GDate counts them) when
 * @max_ticks labels fit: every day or two, Mondays, first days of months, quarters or years,
 * whichever is the finest that fits. Appends guint32 day numbers to @ticks. */
GbDateTickUnit gb_ticks_dates (guint32  first,
                               guint32  last,
                               guint    max_ticks,
                               GArray  *ticks);

/* A tick's label in Vietnamese style: "15/9" (days, weeks), "9/2021" (months, quarters),
 * "2021" (years). */
char    *gb_date_tick_label   (guint32        day,
                               GbDateTickUnit unit);

/* Numbers as Vietnamese readers write them: "1.234", "0,5", "12,5"; @step decides the decimals. */
char    *gb_format_tick       (double value,
                               double step);

/* Julian day number of "YYYY-MM-DD"; 0 when not a date. */
guint32  gb_day_from_iso      (const char *iso);
/* "YYYY-MM-DD" of a Julian day number. */
char    *gb_day_to_iso        (guint32 day);
/* "dd/mm/yyyy". */
char    *gb_day_format        (guint32 day);

/* Index of the last element of the sorted @days (n of them) that is ≤ @day, or -1: the hover
 * lookup, O(log n). */
gssize   gb_days_search       (const guint32 *days,
                               gsize          n,
                               guint32        day);

G_END_DECLS
