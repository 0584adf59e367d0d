/* test-chart-scale.c — scales, ticks and labels of the charts
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "gb-chart-scale.h"

static void
test_linear_map (void)
{
  GbScale s;

  gb_scale_init (&s, 0, 100, 500, 100, FALSE);   /* y axis: 0 at the bottom */
  g_assert_cmpfloat_with_epsilon (gb_scale_map (&s, 0), 500, 1e-9);
  g_assert_cmpfloat_with_epsilon (gb_scale_map (&s, 100), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (gb_scale_map (&s, 25), 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (gb_scale_invert (&s, 400), 25, 1e-9);
  /* Outside the domain maps outside the range. */
  g_assert_cmpfloat (gb_scale_map (&s, 200), <, 100);
  /* A zero-width domain does not divide by zero. */
  gb_scale_init (&s, 5, 5, 0, 10, FALSE);
  g_assert_cmpfloat_with_epsilon (gb_scale_map (&s, 5), 5, 1e-9);
}

static void
test_log_map (void)
{
  GbScale s;

  gb_scale_init (&s, 1, 1000, 0, 300, TRUE);
  g_assert_cmpfloat_with_epsilon (gb_scale_map (&s, 1), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gb_scale_map (&s, 10), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (gb_scale_map (&s, 1000), 300, 1e-9);
  g_assert_cmpfloat_with_epsilon (gb_scale_invert (&s, 200), 100, 1e-6);
  /* Zero and negatives have no place on a log axis: they sit at its start. */
  g_assert_cmpfloat_with_epsilon (gb_scale_map (&s, 0), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gb_scale_map (&s, -5), 0, 1e-9);
}

static void
test_linear_ticks (void)
{
  static const struct {
    double lo, hi;
    guint max;
    double step, first, last;
  } cases[] = {
    { 0, 100, 6, 20, 0, 100 },
    { 0, 97, 6, 20, 0, 100 },
    { 0, 7, 8, 1, 0, 7 },
    { 0, 1, 6, 0.2, 0, 1 },
    { 0, 0.83, 6, 0.2, 0, 1 },
    { 0, 12345, 5, 5000, 0, 15000 },
    { 3, 3, 6, 2, 0, 6 },              /* one value: 0 to twice it */
    { 0, 0, 6, 0.2, 0, 1 },            /* all zeros */
    { -7, 23, 7, 10, -10, 30 },
    { 0, 2.5e9, 6, 5e8, 0, 2.5e9 },    /* huge values */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (double));
      double nice_hi = 0;
      double step = gb_ticks_linear (cases[i].lo, cases[i].hi, cases[i].max, ticks, &nice_hi);

      g_test_message ("case %u: step %g, %u ticks", i, step, ticks->len);
      g_assert_cmpfloat_with_epsilon (step, cases[i].step, cases[i].step * 1e-9);
      g_assert_cmpuint (ticks->len, <=, cases[i].max + 1);
      g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, 0), cases[i].first, step * 1e-6);
      g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, ticks->len - 1), cases[i].last, step * 1e-6);
      g_assert_cmpfloat_with_epsilon (nice_hi, cases[i].last, step * 1e-6);
      for (guint t = 1; t < ticks->len; t++)
        g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, t) - g_array_index (ticks, double, t - 1),
                                        step, step * 1e-6);
    }
}

static void
test_log_ticks (void)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (double));
  const double expected[] = { 1, 2, 5, 10, 20, 50, 100 };

  gb_ticks_log (1, 100, 10, ticks);
  g_assert_cmpuint (ticks->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < ticks->len; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, i), expected[i], 1e-9);

  /* Too many for the space: only the powers of ten. */
  g_array_set_size (ticks, 0);
  gb_ticks_log (0.1, 1e6, 6, ticks);
  g_assert_cmpuint (ticks->len, ==, 8);
  g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, 7), 1e6, 1e-3);
}

static guint32
day (const char *iso)
{
  guint32 d = gb_day_from_iso (iso);

  g_assert_cmpuint (d, >, 0);
  return d;
}

static void
test_date_ticks (void)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree char *iso = NULL;
  g_autofree char *label = NULL;
  GbDateTickUnit unit;

  /* Ten days, room for ten labels: every day. */
  unit = gb_ticks_dates (day ("2021-09-01"), day ("2021-09-10"), 12, ticks);
  g_assert_cmpint (unit, ==, GB_DATE_TICK_DAY);
  g_assert_cmpuint (ticks->len, ==, 10);

  /* Eight weeks: Mondays. 2021-09-06 was a Monday. */
  g_array_set_size (ticks, 0);
  unit = gb_ticks_dates (day ("2021-09-01"), day ("2021-10-26"), 10, ticks);
  g_assert_cmpint (unit, ==, GB_DATE_TICK_WEEK);
  iso = gb_day_to_iso (g_array_index (ticks, guint32, 0));
  g_assert_cmpstr (iso, ==, "2021-09-06");
  label = gb_date_tick_label (g_array_index (ticks, guint32, 0), unit);
  g_assert_cmpstr (label, ==, "6/9");
  for (guint i = 1; i < ticks->len; i++)
    g_assert_cmpuint (g_array_index (ticks, guint32, i) - g_array_index (ticks, guint32, i - 1), ==, 7);

  /* Two years in 12 labels: every other month, on the first of odd months. */
  g_array_set_size (ticks, 0);
  unit = gb_ticks_dates (day ("2020-03-18"), day ("2022-01-22"), 12, ticks);
  g_assert_cmpint (unit, ==, GB_DATE_TICK_MONTH);
  g_assert_cmpuint (ticks->len, <=, 12);
  g_clear_pointer (&iso, g_free);
  iso = gb_day_to_iso (g_array_index (ticks, guint32, 0));
  g_assert_cmpstr (iso, ==, "2020-05-01");
  g_clear_pointer (&label, g_free);
  label = gb_date_tick_label (g_array_index (ticks, guint32, 0), unit);
  g_assert_cmpstr (label, ==, "5/2020");

  /* In 6 labels: quarters, on the first of months 1, 4, 7, 10. */
  g_array_set_size (ticks, 0);
  unit = gb_ticks_dates (day ("2020-03-18"), day ("2022-01-22"), 8, ticks);
  g_assert_cmpint (unit, ==, GB_DATE_TICK_QUARTER);
  g_assert_cmpuint (ticks->len, <=, 8);
  g_clear_pointer (&iso, g_free);
  iso = gb_day_to_iso (g_array_index (ticks, guint32, 0));
  g_assert_cmpstr (iso, ==, "2020-04-01");

  /* Two years with room for 30 labels: months. */
  g_array_set_size (ticks, 0);
  unit = gb_ticks_dates (day ("2020-03-18"), day ("2022-01-22"), 30, ticks);
  g_assert_cmpint (unit, ==, GB_DATE_TICK_MONTH);
  g_assert_cmpuint (ticks->len, ==, 22);

  /* Decades in little room: years. */
  g_array_set_size (ticks, 0);
  unit = gb_ticks_dates (day ("2000-01-01"), day ("2030-01-01"), 8, ticks);
  g_assert_cmpint (unit, ==, GB_DATE_TICK_YEAR);
  g_assert_cmpuint (ticks->len, <=, 8);
  g_assert_cmpuint (ticks->len, >=, 2);

  /* A single day. */
  g_array_set_size (ticks, 0);
  gb_ticks_dates (day ("2021-09-01"), day ("2021-09-01"), 8, ticks);
  g_assert_cmpuint (ticks->len, ==, 1);
}

static void
test_labels (void)
{
  static const struct { double v, step; const char *label; } cases[] = {
    { 0, 1, "0" },
    { 1234, 1000, "1.234" },
    { 1500000, 500000, "1.500.000" },
    { 0.5, 0.1, "0,5" },
    { 12.5, 2.5, "12,5" },
    { 0.25, 0.05, "0,25" },
    { -20, 10, "-20" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = gb_format_tick (cases[i].v, cases[i].step);
      g_assert_cmpstr (s, ==, cases[i].label);
    }
}

static void
test_days (void)
{
  g_autofree char *iso = NULL;
  g_autofree char *shown = NULL;
  const guint32 days[] = { 10, 20, 30, 40 };

  g_assert_cmpuint (gb_day_from_iso ("2021-02-31"), ==, 0);
  g_assert_cmpuint (gb_day_from_iso ("nonsense"), ==, 0);
  g_assert_cmpuint (gb_day_from_iso (NULL), ==, 0);
  g_assert_cmpuint (gb_day_from_iso ("2021-03-01") - gb_day_from_iso ("2021-02-28"), ==, 1);
  iso = gb_day_to_iso (gb_day_from_iso ("2020-02-29"));
  g_assert_cmpstr (iso, ==, "2020-02-29");
  shown = gb_day_format (gb_day_from_iso ("2021-09-05"));
  g_assert_cmpstr (shown, ==, "05/09/2021");

  g_assert_cmpint (gb_days_search (days, 4, 5), ==, -1);
  g_assert_cmpint (gb_days_search (days, 4, 10), ==, 0);
  g_assert_cmpint (gb_days_search (days, 4, 25), ==, 1);
  g_assert_cmpint (gb_days_search (days, 4, 40), ==, 3);
  g_assert_cmpint (gb_days_search (days, 4, 99), ==, 3);
  g_assert_cmpint (gb_days_search (days, 0, 99), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chart-scale/linear-map", test_linear_map);
  g_test_add_func ("/chart-scale/log-map", test_log_map);
  g_test_add_func ("/chart-scale/linear-ticks", test_linear_ticks);
  g_test_add_func ("/chart-scale/log-ticks", test_log_ticks);
  g_test_add_func ("/chart-scale/date-ticks", test_date_ticks);
  g_test_add_func ("/chart-scale/labels", test_labels);
  g_test_add_func ("/chart-scale/days", test_days);
  return g_test_run ();
}
