/* gb-chart-scale.c — scales, ticks and labels for the charts: pure functions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "gb-chart-scale.h"
#include "gb-text.h"

void
gb_scale_init (GbScale *scale,
               double   d0,
               double   d1,
               double   r0,
               double   r1,
               gboolean log)
{
  g_return_if_fail (scale != NULL);

  scale->d0 = d0;
  scale->d1 = d1;
  scale->r0 = r0;
  scale->r1 = r1;
  scale->log = log;
}

/**
 * gb_scale_map:
 *
 * Returns: the pixel of @value; values outside the domain map outside the range, and a
 *   non-positive value on a log scale maps to the range's start
 */
double
gb_scale_map (const GbScale *s,
              double         value)
{
  double a = s->d0, b = s->d1, v = value;

  if (s->log)
    {
      if (v <= 0 || a <= 0 || b <= 0)
        return s->r0;
      a = log10 (a);
      b = log10 (b);
      v = log10 (v);
    }
  if (b == a)
    return (s->r0 + s->r1) / 2;
  return s->r0 + (v - a) / (b - a) * (s->r1 - s->r0);
}

double
gb_scale_invert (const GbScale *s,
                 double         pixel)
{
  double a = s->d0, b = s->d1, t;

  if (s->r1 == s->r0)
    return a;
  t = (pixel - s->r0) / (s->r1 - s->r0);
  if (s->log && a > 0 && b > 0)
    return pow (10, log10 (a) + t * (log10 (b) - log10 (a)));
  return a + t * (b - a);
}

/* The smallest 1-2-5 × 10^k step with at most @max_ticks ticks over @span. */
static double
nice_step (double span,
           guint  max_ticks)
{
  double raw = span / MAX (1, (int) max_ticks - 1);
  double mag = pow (10, floor (log10 (raw)));
  static const double mults[] = { 1, 2, 5, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (mults); i++)
    if (mults[i] * mag >= raw * (1 - 1e-9))
      return mults[i] * mag;
  return 10 * mag;
}

double
gb_ticks_linear (double  lo,
                 double  hi,
                 guint   max_ticks,
                 GArray *ticks,
                 double *nice_hi)
{
  double step, first, last;

  g_return_val_if_fail (ticks != NULL, NAN);

  if (!isfinite (lo) || !isfinite (hi))
    lo = hi = 0;
  if (hi < lo)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (hi - lo < 1e-12)
    {
      /* One value: an axis from 0 (or the value) to something above it. */
      hi = lo == 0 ? 1 : lo + fabs (lo);
      lo = MIN (lo, 0);
    }
  max_ticks = MAX (max_ticks, 2);
  step = nice_step (hi - lo, max_ticks);
  first = floor (lo / step + 1e-9) * step;
  last = ceil (hi / step - 1e-9) * step;
  /* Too many once rounded outwards: the next step up. */
  while ((last - first) / step + 1 > max_ticks + 1e-9)
    {
      step = nice_step (step * 1.5 * (max_ticks - 1), max_ticks);
      first = floor (lo / step + 1e-9) * step;
      last = ceil (hi / step - 1e-9) * step;
    }
  for (double v = first; v <= last + step * 1e-6; v += step)
    {
      double t = fabs (v) < step * 1e-9 ? 0 : v;
      g_array_append_val (ticks, t);
    }
  if (nice_hi)
    *nice_hi = last;
  return step;
}

void
gb_ticks_log (double  lo,
              double  hi,
              guint   max_ticks,
              GArray *ticks)
{
  static const double mults[] = { 1, 2, 5 };
  int k0, k1;
  guint n = 0;
  gboolean decades_only;

  g_return_if_fail (ticks != NULL);

  if (!(lo > 0) || !(hi > lo))
    return;
  k0 = (int) floor (log10 (lo) + 1e-9);
  k1 = (int) ceil (log10 (hi) - 1e-9);
  for (int k = k0; k <= k1; k++)
    for (guint m = 0; m < G_N_ELEMENTS (mults); m++)
      {
        double v = mults[m] * pow (10, k);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
          n++;
      }
  decades_only = n > max_ticks;
  for (int k = k0; k <= k1; k++)
    for (guint m = 0; m < (decades_only ? 1 : G_N_ELEMENTS (mults)); m++)
      {
        double v = mults[m] * pow (10, k);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
          g_array_append_val (ticks, v);
      }
}

static GDate
date_of (guint32 day)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, day);
  return d;
}

GbDateTickUnit
gb_ticks_dates (guint32  first,
                guint32  last,
                guint    max_ticks,
                GArray  *ticks)
{
  guint32 span;
  GDate d;

  g_return_val_if_fail (ticks != NULL, 0);

  if (first == 0 || last < first)
    return GB_DATE_TICK_DAY;
  span = last - first + 1;
  max_ticks = MAX (max_ticks, 2);

  if (span <= max_ticks)
    {
      for (guint32 day = first; day <= last; day++)
        g_array_append_val (ticks, day);
      return GB_DATE_TICK_DAY;
    }
  if (span <= 2 * max_ticks)
    {
      for (guint32 day = first; day <= last; day += 2)
        g_array_append_val (ticks, day);
      return GB_DATE_TICK_DAY;
    }
  if (span / 7 + 1 <= max_ticks)
    {
      /* Mondays: briefings and reports run by the week. */
      d = date_of (first);
      for (guint32 day = first + (8 - g_date_get_weekday (&d)) % 7; day <= last; day += 7)
        g_array_append_val (ticks, day);
      return GB_DATE_TICK_WEEK;
    }

  {
    static const struct { guint months; GbDateTickUnit unit; } steps[] = {
      { 1, GB_DATE_TICK_MONTH }, { 2, GB_DATE_TICK_MONTH }, { 3, GB_DATE_TICK_QUARTER },
      { 6, GB_DATE_TICK_QUARTER }, { 12, GB_DATE_TICK_YEAR },
    };
    GDate a = date_of (first), b = date_of (last);
    guint months = (g_date_get_year (&b) - g_date_get_year (&a)) * 12 + g_date_get_month (&b) - g_date_get_month (&a) + 1;

    for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
      {
        guint step = steps[s].months;

        if (months / step + 1 > max_ticks && s + 1 < G_N_ELEMENTS (steps))
          continue;
        if (step >= 12)
          {
            guint yearstep = 1;

            while ((g_date_get_year (&b) - g_date_get_year (&a)) / yearstep + 1 > max_ticks)
              yearstep *= 2;
            for (guint y = g_date_get_year (&a); y <= g_date_get_year (&b); y++)
              {
                if (y % yearstep != 0)
                  continue;
                g_date_set_dmy (&d, 1, 1, y);
                if (g_date_get_julian (&d) >= first && g_date_get_julian (&d) <= last)
                  {
                    guint32 j = g_date_get_julian (&d);
                    g_array_append_val (ticks, j);
                  }
              }
            return GB_DATE_TICK_YEAR;
          }
        g_date_set_dmy (&d, 1, g_date_get_month (&a), g_date_get_year (&a));
        while (g_date_get_julian (&d) <= last)
          {
            guint32 j = g_date_get_julian (&d);

            if (j >= first && (g_date_get_month (&d) - 1) % step == 0)
              g_array_append_val (ticks, j);
            g_date_add_months (&d, 1);
          }
        return steps[s].unit;
      }
  }
  return GB_DATE_TICK_YEAR;
}

char *
gb_date_tick_label (guint32        day,
                    GbDateTickUnit unit)
{
  GDate d = date_of (day);

  switch (unit)
    {
    case GB_DATE_TICK_DAY:
    case GB_DATE_TICK_WEEK:
      return g_strdup_printf ("%d/%d", g_date_get_day (&d), g_date_get_month (&d));
    case GB_DATE_TICK_MONTH:
    case GB_DATE_TICK_QUARTER:
      return g_strdup_printf ("%d/%d", g_date_get_month (&d), g_date_get_year (&d));
    case GB_DATE_TICK_YEAR:
    default:
      return g_strdup_printf ("%d", g_date_get_year (&d));
    }
}

char *
gb_format_tick (double value,
                double step)
{
  int decimals = 0;
  char *s;

  if (fabs (value) < 1e-12)
    return g_strdup ("0");
  /* As many decimals as the step needs to be written exactly (0,25 needs two). */
  while (step > 0 && decimals < 6)
    {
      double scaled = step * pow (10, decimals);

      if (fabs (scaled - round (scaled)) < 1e-6 * MAX (1.0, scaled))
        break;
      decimals++;
    }
  if (decimals == 0 && fabs (value) < 9.2e18)
    return gb_text_format_count ((gint64) llround (value));
  /* Decimal comma, no grouping below a thousand (ticks with decimals are small). */
  s = g_strdup_printf ("%.*f", decimals, value);
  g_strdelimit (s, ".", ',');
  return s;
}

guint32
gb_day_from_iso (const char *iso)
{
  int y, m, d;
  GDate date;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

char *
gb_day_to_iso (guint32 day)
{
  GDate d = date_of (day);

  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
}

char *
gb_day_format (guint32 day)
{
  GDate d = date_of (day);

  return g_strdup_printf ("%02d/%02d/%04d", g_date_get_day (&d), g_date_get_month (&d), g_date_get_year (&d));
}

gssize
gb_days_search (const guint32 *days,
                gsize          n,
                guint32        day)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (days[mid] <= day)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (gssize) lo - 1;
}
