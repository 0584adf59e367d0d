/* bench-chart.c — redraw and hover of a 730-day chart at 1920×1080
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three series (community and quarantine columns, the 7-day average line) over 730 days with
 * directive markers and the level strip, drawn onto an image surface as the widget would.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gb-chart.h"
#include "gb-chart-scale.h"

#define N_DAYS 730

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof (double), cmp_double);
  return v[n / 2];
}

int
main (int argc, char **argv)
{
  GbChartData *d = g_new0 (GbChartData, 1);
  g_autoptr(GbChart) chart = gb_chart_new (GB_CHART_CASES);
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_chart_marker_free);
  g_autofree guint8 *levels = g_new (guint8, N_DAYS);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1920, 1080);
  cairo_t *cr = cairo_create (surface);
  double redraw[200], hover[2000];
  GRand *rand = g_rand_new_with_seed (42);
  double cum = 0, sink = 0;

  d->unit_code = g_strdup ("58");
  d->unit_name = g_strdup ("Tỉnh Ninh Thuận");
  d->population = 590467;
  d->first_day = gb_day_from_iso ("2020-03-18");
  d->n_days = N_DAYS;
  d->community = g_new (double, N_DAYS);
  d->quarantine = g_new (double, N_DAYS);
  d->avg7 = g_new (double, N_DAYS);
  d->cumulative = g_new (double, N_DAYS);
  for (guint i = 0; i < N_DAYS; i++)
    {
      double wave = 80 * exp (-pow ((i - 560.0) / 40.0, 2)) + 20 * exp (-pow ((i - 500.0) / 25.0, 2));

      d->community[i] = floor (wave * g_rand_double_range (rand, 0.3, 0.7));
      d->quarantine[i] = floor (wave * g_rand_double_range (rand, 0.3, 0.7));
      cum += d->community[i] + d->quarantine[i];
      d->cumulative[i] = cum;
      d->avg7[i] = NAN;
      levels[i] = 1 + (guint8) MIN (3.0, wave / 25);
    }
  for (guint i = 6; i < N_DAYS; i++)
    {
      double s = 0;
      for (guint k = i - 6; k <= i; k++)
        s += d->community[k] + d->quarantine[k];
      d->avg7[i] = s / 7;
    }
  d->dose1_18 = g_new0 (double, 1);
  d->full_18 = g_new0 (double, 1);
  d->full_65 = g_new0 (double, 1);
  d->doses = g_new0 (double, 1);
  for (guint i = 0; i < 12; i++)
    {
      GbChartMarker *m = g_new0 (GbChartMarker, 1);

      m->day = d->first_day + 30 + i * 57;
      m->number = g_strdup_printf ("%u-CV/TU", 100 + i * 7);
      m->title = g_strdup_printf ("Công văn %s về tăng cường phòng, chống dịch", m->number);
      g_ptr_array_add (markers, m);
    }
  gb_chart_add_unit (chart, d);
  gb_chart_set_markers (chart, markers);
  gb_chart_set_levels (chart, d->first_day, N_DAYS, levels);

  /* Warm up the font caches as a running app has them. */
  for (guint i = 0; i < 5; i++)
    gb_chart_draw (chart, cr, 1920, 1080);
  for (guint i = 0; i < G_N_ELEMENTS (redraw); i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      gb_chart_draw (chart, cr, 1920, 1080);
      cairo_surface_flush (surface);
      redraw[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  /* Hover: the day under the pointer and every series' value on it. */
  for (guint i = 0; i < G_N_ELEMENTS (hover); i++)
    {
      double x = g_rand_double_range (rand, 0, 1920);
      gint64 t0 = g_get_monotonic_time ();
      guint32 day = gb_chart_day_at (chart, x);
      g_autofree char *text = day ? gb_chart_describe_day (chart, day) : NULL;

      hover[i] = (g_get_monotonic_time () - t0) / 1000.0;
      sink += text ? strlen (text) : 0;
    }
  printf ("bench: chart.redraw.median %.3f ms\n", median (redraw, G_N_ELEMENTS (redraw)));
  printf ("bench: chart.hover.median %.4f ms\n", median (hover, G_N_ELEMENTS (hover)));
  g_printerr ("(%g characters described)\n", sink);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_rand_free (rand);
  return 0;
}
