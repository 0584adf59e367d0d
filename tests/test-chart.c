/* test-chart.c — chart data from the store, offscreen renders checked at known pixels, exports
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gb-chart.h"
#include "gb-chart-scale.h"
#include "gb-error.h"
#include "gb-level.h"
#include "gb-store.h"
#include "gb-test-util.h"

static void
put_unit (GbStore *store, const char *code, GbUnitLevel level, const char *parent, gint64 pop)
{
  g_autoptr(GbUnit) u = gb_unit_new ();
  g_autoptr(GError) error = NULL;

  u->code = g_strdup (code);
  u->level = level;
  u->parent_code = g_strdup (parent);
  u->name = g_strdup_printf ("Unit %s", code);
  u->population = pop;
  gb_store_put_unit (store, u, NULL, &error);
  g_assert_no_error (error);
}

static void
put_cases (GbStore *store, const char *code, guint32 day, gint64 community, gint64 quarantine)
{
  GbCaseReport r;
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = gb_day_to_iso (day);

  gb_case_report_init (&r);
  g_strlcpy (r.unit_code, code, sizeof r.unit_code);
  g_strlcpy (r.date, iso, sizeof r.date);
  r.community = community;
  r.quarantine = quarantine;
  gb_store_put_case_report (store, &r, &error);
  g_assert_no_error (error);
}

static guint32 day0;

/* Province 90 (own series: 1 a day) > district 900 > communes 90001 (pop 100,000) and 90002
 * (no population). Commune 90001 reports days 0..13 except day 4, community = day, quarantine
 * 2; commune 90002 reports 3 community cases a day on days 0..13. */
static GbStore *
chart_store (char **path_out)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  GbStore *store = gb_store_open (path, &error);

  g_assert_no_error (error);
  day0 = gb_day_from_iso ("2021-09-01");
  put_unit (store, "90", GB_UNIT_LEVEL_PROVINCE, NULL, 1000000);
  put_unit (store, "900", GB_UNIT_LEVEL_DISTRICT, "90", 0);
  put_unit (store, "90001", GB_UNIT_LEVEL_COMMUNE, "900", 100000);
  put_unit (store, "90002", GB_UNIT_LEVEL_COMMUNE, "900", 0);
  for (guint d = 0; d < 14; d++)
    {
      if (d != 4)
        put_cases (store, "90001", day0 + d, d, 2);
      put_cases (store, "90002", day0 + d, 3, 0);
      put_cases (store, "90", day0 + d, 1, 0);
    }
  if (path_out)
    *path_out = g_steal_pointer (&path);
  return store;
}

/* The campaign's groups: each group's doses as shares of its own population, drawn as three
 * lines when the group is chosen, described with the group's name. */
static void
test_vaccination_groups (void)
{
  g_autoptr(GbStore) store = chart_store (NULL);
  g_autoptr(GbChartData) c = NULL;
  g_autoptr(GbChartData) district = NULL;
  g_autoptr(GbChart) chart = gb_chart_new (GB_CHART_VACCINATION);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *criteria = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  for (guint i = 0; i < 2; i++)
    {
      GbVaccination v;
      g_autofree char *iso = gb_day_to_iso (day0 + i);

      gb_vaccination_init (&v);
      g_strlcpy (v.unit_code, i == 0 ? "90001" : "90002", sizeof v.unit_code);
      g_strlcpy (v.date, iso, sizeof v.date);
      v.pop_18 = 1000; v.dose1_18 = 900; v.full_18 = 800; v.booster_18 = 100;
      v.pop_12_17 = 200; v.dose1_12_17 = 150; v.dose2_12_17 = 100; v.booster_12_17 = 10;
      v.pop_5_11 = 0; v.dose1_5_11 = 5;
      g_assert_true (gb_store_put_vaccination (store, &v, &error));
      g_assert_no_error (error);
    }
  c = gb_store_load_chart_data (store, "90001", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (c->shares[GB_AGE_12_17][GB_DOSE_1][0], 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->shares[GB_AGE_12_17][GB_DOSE_BOOSTER][0], 0.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->shares[GB_AGE_18][GB_DOSE_BOOSTER][0], 0.1, 1e-9);
  g_assert_true (c->dose1_18 == c->shares[GB_AGE_18][GB_DOSE_1]);
  /* No population for the group: no share, a gap. */
  g_assert_true (isnan (c->shares[GB_AGE_5_11][GB_DOSE_1][0]));
  g_assert_true (isnan (c->shares[GB_AGE_65][GB_DOSE_1][0]));
  /* A district sums its communes, numerators and populations alike. */
  district = gb_store_load_chart_data (store, "900", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (district->shares[GB_AGE_12_17][GB_DOSE_2][1], 0.5, 1e-9);

  g_assert_cmpint (gb_chart_get_vaccination_group (chart), ==, -1);
  g_assert_true (gb_chart_add_unit (chart, g_steal_pointer (&c)));
  criteria = gb_chart_describe_day (chart, day0);
  g_assert_null (strstr (criteria, "12–17"));
  gb_chart_set_vaccination_group (chart, GB_AGE_12_17);
  text = gb_chart_describe_day (chart, day0);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "12–17 years, first dose: 75,0 %"));
  g_assert_nonnull (strstr (text, "12–17 years, second dose: 50,0 %"));
  g_assert_nonnull (strstr (text, "12–17 years, booster: 5,0 %"));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 400);
  cr = cairo_create (surface);
  gb_chart_draw (chart, cr, 800, 400);
  /* Doses a day and the group's three doses. */
  g_assert_cmpuint (gb_chart_get_legend_count (chart), ==, 4);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_data (void)
{
  g_autoptr(GbStore) store = chart_store (NULL);
  g_autoptr(GbChartData) c = NULL;
  g_autoptr(GbChartData) district = NULL;
  g_autoptr(GbChartData) province = NULL;
  g_autoptr(GError) error = NULL;

  c = gb_store_load_chart_data (store, "90001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->first_day, ==, day0);
  g_assert_cmpuint (c->n_days, ==, 14);
  g_assert_cmpint (c->population, ==, 100000);
  g_assert_cmpfloat (c->community[3], ==, 3);
  g_assert_cmpfloat (c->quarantine[3], ==, 2);
  /* The missing day is a gap, not a zero, and the averages over it are unknown. */
  g_assert_true (isnan (c->community[4]));
  g_assert_true (isnan (c->avg7[4]));
  g_assert_true (isnan (c->avg7[10]));
  /* Days 5..11 are all there: (5+…+11 + 7×2) / 7. */
  g_assert_cmpfloat_with_epsilon (c->avg7[11], (56.0 + 14.0) / 7.0, 1e-9);
  /* Cumulative: all reported days up to day 13. */
  g_assert_cmpfloat_with_epsilon (c->cumulative[13], (91.0 - 4.0) + 13 * 2.0, 1e-9);
  g_assert_true (isnan (c->avg7[5]));

  /* A district without its own rows: the sum of its communes, the population too. */
  district = gb_store_load_chart_data (store, "900", &error);
  g_assert_no_error (error);
  g_assert_true (district->aggregated);
  g_assert_cmpfloat (district->community[4], ==, 3);       /* only 90002 reported that day */
  g_assert_cmpfloat (district->community[5], ==, 5 + 3);
  g_assert_cmpint (district->population, ==, 100000);

  /* A province with its own (official) series uses it, not the communes' sum. */
  province = gb_store_load_chart_data (store, "90", &error);
  g_assert_no_error (error);
  g_assert_false (province->aggregated);
  g_assert_cmpfloat (province->community[5], ==, 1);

  g_assert_null (gb_store_load_chart_data (store, "99999", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

static guint32
pixel (cairo_surface_t *s, int x, int y)
{
  unsigned char *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);

  return *(guint32 *) (data + y * stride + x * 4) & 0xffffff;
}

static gboolean
near_color (guint32 a, guint32 b)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (abs ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 24)
      return FALSE;
  return TRUE;
}

/* A column of known height is where the scale says, in the community colour, and the average
 * line passes through its known point. */
static void
test_render_pixels (void)
{
  g_autoptr(GbStore) store = chart_store (NULL);
  g_autoptr(GbChart) chart = gb_chart_new (GB_CHART_CASES);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 500);
  cairo_t *cr = cairo_create (surface);
  double x, x_avg;
  guint32 day = day0 + 3;   /* no 7-day average yet: nothing crosses the column */
  int y_bottom, found_top = -1;

  gb_chart_add_unit (chart, gb_store_load_chart_data (store, "90001", &error));
  g_assert_no_error (error);
  gb_chart_draw (chart, cr, 900, 500);
  cairo_surface_flush (surface);

  /* Day 3: 3 community, 2 quarantine. Walk up the column's center from the axis. */
  x = gb_chart_x_of_day (chart, day);
  g_assert_false (isnan (x));
  g_assert_cmpuint (gb_chart_day_at (chart, x), ==, day);
  y_bottom = 0;
  for (int y = 499; y > 0; y--)
    if (near_color (pixel (surface, (int) x, y), 0xC2410C))
      {
        y_bottom = y;
        break;
      }
  g_assert_cmpint (y_bottom, >, 0);
  for (int y = y_bottom; y > 0; y--)
    if (!near_color (pixel (surface, (int) x, y), 0xC2410C))
      {
        found_top = y;
        break;
      }
  /* Above the community part: the quarantine part, 2/3 of its height. */
  g_assert_true (near_color (pixel (surface, (int) x, found_top - 1), 0x94A3B8));
  {
    double community_h = y_bottom - found_top;
    int q_top = found_top;

    while (q_top > 0 && near_color (pixel (surface, (int) x, q_top - 1), 0x94A3B8))
      q_top--;
    g_test_message ("community %g px, quarantine %d px", community_h, found_top - q_top);
    g_assert_cmpfloat (fabs ((found_top - q_top) / community_h - 2.0 / 3.0), <, 0.05);
  }
  /* A day with no report has no column at all. */
  x = gb_chart_x_of_day (chart, day0 + 4);
  for (int y = y_bottom - 2; y > y_bottom - 40; y--)
    g_assert_false (near_color (pixel (surface, (int) x, y), 0xC2410C));

  /* The 7-day average on day 11 is 10: the dark line crosses day 11's column at the height of
   * 10 cases, measured with the pixels per case of day 3's column. */
  x_avg = gb_chart_x_of_day (chart, day0 + 11);
  {
    double px_per_case = (y_bottom - found_top) / 3.0;
    double expected = y_bottom + 0.5 - 10 * px_per_case;
    int dark_at = -1;

    for (int y = 0; y < 500 && dark_at < 0; y++)
      {
        guint32 p = pixel (surface, (int) x_avg, y);

        if (((p >> 16) & 0xff) < 0x60 && ((p >> 8) & 0xff) < 0x60 && (p & 0xff) < 0x60)
          dark_at = y;
      }
    g_test_message ("line at %d, expected %.1f", dark_at, expected);
    g_assert_cmpint (dark_at, >=, 0);
    /* Within a third of a case: anti-aliased edges shift columns by a pixel or so. */
    g_assert_cmpfloat (fabs (dark_at - expected), <=, px_per_case / 3);
  }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
draw_ok (GbChart *chart)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 360);
  cairo_t *cr = cairo_create (surface);

  gb_chart_draw (chart, cr, 640, 360);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static GbChartData *
synthetic (guint n, double value)
{
  GbChartData *d = g_new0 (GbChartData, 1);

  d->unit_code = g_strdup ("00001");
  d->unit_name = g_strdup ("Xã Thử");
  d->first_day = gb_day_from_iso ("2021-09-01");
  d->n_days = n;
  d->community = g_new0 (double, MAX (n, 1));
  d->quarantine = g_new0 (double, MAX (n, 1));
  d->avg7 = g_new0 (double, MAX (n, 1));
  d->cumulative = g_new0 (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    d->community[i] = d->quarantine[i] = d->avg7[i] = d->cumulative[i] = value;
  d->dose1_18 = g_new0 (double, 1);
  d->full_18 = g_new0 (double, 1);
  d->full_65 = g_new0 (double, 1);
  d->doses = g_new0 (double, 1);
  return d;
}

static guint
count_pixels (cairo_surface_t *s,
              guint32          rgb)
{
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (s); y++)
    for (int x = 0; x < cairo_image_surface_get_width (s); x++)
      n += pixel (s, x, y) == rgb;
  return n;
}

/* In high contrast the level strip takes the map's high-contrast colours and patterns. */
static void
test_levels_high_contrast (void)
{
  g_autoptr(GbChart) chart = gb_chart_new (GB_CHART_CASES);
  guint8 levels[40];
  guint plain[2], hc[2];

  memset (levels, GB_LEVEL_4, sizeof levels);
  gb_chart_add_unit (chart, synthetic (40, 5));
  gb_chart_set_levels (chart, gb_day_from_iso ("2021-09-01"), 40, levels);
  for (int pass = 0; pass < 2; pass++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 400);
      cairo_t *cr = cairo_create (surface);

      gb_chart_set_high_contrast (chart, pass == 1);
      gb_chart_draw (chart, cr, 800, 400);
      cairo_surface_flush (surface);
      plain[pass] = count_pixels (surface, gb_level_get_color (GB_LEVEL_4));
      hc[pass] = count_pixels (surface, gb_level_get_high_contrast_color (GB_LEVEL_4));
      g_test_message ("pass %d: %u plain, %u high contrast", pass, plain[pass], hc[pass]);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  g_assert_cmpuint (plain[0], >, 500);
  g_assert_cmpuint (hc[0], ==, 0);
  g_assert_cmpuint (plain[1], ==, 0);
  /* The cross-hatch takes a quarter of the strip. */
  g_assert_cmpuint (hc[1], >, plain[0] / 2);
  g_assert_cmpuint (hc[1], <, plain[0] * 9 / 10);
}

/* Empty, one day, all zeros, huge values, no population, log with zeros: all draw, with no
 * warning (the test runs with warnings fatal). */
static void
test_edge_cases (void)
{
  g_autoptr(GbStore) store = chart_store (NULL);
  g_autoptr(GError) error = NULL;
  struct { guint n; double v; } cases[] = { { 0, 0 }, { 1, 5 }, { 30, 0 }, { 30, 2.5e12 } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int log = 0; log <= 1; log++)
      for (int kind = GB_CHART_CASES; kind <= GB_CHART_VACCINATION; kind++)
        {
          g_autoptr(GbChart) chart = gb_chart_new (kind);
          g_autofree char *text = NULL;

          gb_chart_add_unit (chart, synthetic (cases[i].n, cases[i].v));
          gb_chart_set_log (chart, log);
          draw_ok (chart);
          gb_chart_set_cumulative (chart, TRUE);
          draw_ok (chart);
          text = gb_chart_describe_day (chart, gb_day_from_iso ("2021-09-01"));
          g_assert_nonnull (text);
        }

  /* No population: per 100,000 is said to be unavailable, nothing drawn for it, no crash. */
  {
    g_autoptr(GbChart) chart = gb_chart_new (GB_CHART_CASES);

    gb_chart_add_unit (chart, gb_store_load_chart_data (store, "90002", &error));
    g_assert_no_error (error);
    gb_chart_set_per_100k (chart, TRUE);
    draw_ok (chart);
  }
  /* More than eight units are refused. */
  {
    g_autoptr(GbChart) chart = gb_chart_new (GB_CHART_CASES);

    for (guint i = 0; i < GB_CHART_MAX_UNITS; i++)
      g_assert_true (gb_chart_add_unit (chart, synthetic (10, i)));
    g_assert_false (gb_chart_add_unit (chart, synthetic (10, 1)));
    draw_ok (chart);
  }
}

/* Eight compared units: eight names in the legend, at a window's size and at a small one. */
static void
test_legend_eight (void)
{
  const char *names[] = { "Phường Đô Vinh", "Phường Bảo An", "Phường Phước Mỹ", "Phường Thanh Sơn",
                          "Phường Kinh Dinh", "Phường Đạo Long", "Phường Đài Sơn", "Xã Thành Hải" };
  g_autoptr(GbChart) chart = gb_chart_new (GB_CHART_CASES);
  int sizes[][2] = { { 1100, 500 }, { 640, 360 } };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GbChartData *d = synthetic (30, i + 1);

      g_free (d->unit_name);
      d->unit_name = g_strdup (names[i]);
      g_assert_true (gb_chart_add_unit (chart, d));
    }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sizes[i][0], sizes[i][1]);
      cairo_t *cr = cairo_create (surface);

      gb_chart_draw (chart, cr, sizes[i][0], sizes[i][1]);
      g_assert_cmpuint (gb_chart_get_legend_count (chart), >=, G_N_ELEMENTS (names));
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

/* Compared units are 7-day averages and the title says so; an exported chart names its units,
 * its period and its source (read back from a PDF when pdftotext is there). */
static void
test_compare_title_and_export (void)
{
  g_autoptr(GbChart) chart = gb_chart_new (GB_CHART_CASES);
  g_autoptr(GError) error = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  GbChartData *a = synthetic (30, 2), *b = synthetic (30, 3);

  g_free (b->unit_name);
  b->unit_name = g_strdup ("Phường Đạo Long");
  gb_chart_add_unit (chart, a);
  gb_chart_add_unit (chart, b);
  caption = gb_chart_describe_export (chart);
  g_assert_nonnull (strstr (caption, "Xã Thử"));
  g_assert_nonnull (strstr (caption, "Phường Đạo Long"));
  g_assert_nonnull (strstr (caption, "01/09/2021"));
  g_assert_nonnull (strstr (caption, "30/09/2021"));
  g_assert_nonnull (strstr (caption, "Source"));
  pdf = g_build_filename (g_get_tmp_dir (), "giaoban-test-compare.pdf", NULL);
  g_assert_true (gb_chart_export (chart, pdf, 900, 450, &error));
  g_assert_no_error (error);
  if (pdftotext != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("pdftotext %s -", pdf);
      g_autofree char *text = NULL;

      g_assert_true (g_spawn_command_line_sync (cmd, &text, NULL, NULL, NULL));
      g_assert_nonnull (strstr (text, "7-day average"));
      g_assert_nonnull (strstr (text, "Source"));
      g_assert_nonnull (strstr (text, "01/09/2021"));
    }
  g_unlink (pdf);
}

static void
test_describe (void)
{
  g_autoptr(GbStore) store = chart_store (NULL);
  g_autoptr(GbChart) chart = gb_chart_new (GB_CHART_CASES);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *gap = NULL;
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_chart_marker_free);
  GbChartMarker *m = g_new0 (GbChartMarker, 1);

  m->day = day0 + 13;
  m->number = g_strdup ("154-CV/TU");
  m->title = g_strdup ("Công văn 154-CV/TU: tăng cường phòng, chống dịch");
  g_ptr_array_add (markers, m);
  gb_chart_add_unit (chart, gb_store_load_chart_data (store, "90001", &error));
  gb_chart_set_markers (chart, markers);
  text = gb_chart_describe_day (chart, day0 + 13);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "14/09/2021"));
  g_assert_nonnull (strstr (text, "In the community: 13"));
  g_assert_nonnull (strstr (text, "In quarantine: 2"));
  g_assert_nonnull (strstr (text, "154-CV/TU: tăng cường"));
  gap = gb_chart_describe_day (chart, day0 + 4);
  g_assert_nonnull (strstr (gap, "In the community: no report"));
}

static gboolean
markup_parses (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GMarkupParseContext) ctx = NULL;
  static const GMarkupParser parser = { 0 };
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  return g_markup_parse_context_parse (ctx, text, -1, &error) && g_markup_parse_context_end_parse (ctx, &error);
}

static void
test_export (void)
{
  g_autoptr(GbStore) store = chart_store (NULL);
  g_autoptr(GbChart) chart = gb_chart_new (GB_CHART_CASES);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_test_temp_dir ("gb-chart-XXXXXX");
  g_autofree char *png = g_build_filename (dir, "c.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "c.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "c.pdf", NULL);
  g_autofree char *bad = g_build_filename (dir, "c.gif", NULL);
  g_autofree char *pdf_text = NULL;
  gsize pdf_len;
  cairo_surface_t *img;

  gb_chart_add_unit (chart, gb_store_load_chart_data (store, "90001", &error));
  g_assert_true (gb_chart_export (chart, png, 1200, 700, &error));
  g_assert_no_error (error);
  img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 1200);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 700);
  cairo_surface_destroy (img);

  g_assert_true (gb_chart_export (chart, svg, 800, 450, &error));
  g_assert_true (markup_parses (svg));

  g_assert_true (gb_chart_export (chart, pdf, 800, 450, &error));
  g_assert_true (g_file_get_contents (pdf, &pdf_text, &pdf_len, NULL));
  g_assert_true (g_str_has_prefix (pdf_text, "%PDF-"));
  g_assert_nonnull (memmem (pdf_text, pdf_len, "/Type /Page", 11));

  g_assert_false (gb_chart_export (chart, bad, 800, 450, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (gb_chart_export (chart, png, 10, 10, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
}

static void
test_cli (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = chart_store (&path);
  g_autofree char *dir = gb_test_temp_dir ("gb-chart-XXXXXX");
  g_autofree char *png = g_build_filename (dir, "c.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "v.pdf", NULL);
  g_autofree char *err = NULL;
  cairo_surface_t *img;

  if (g_getenv ("GIAOBAN_CLI") == NULL)
    {
      g_test_skip ("GIAOBAN_CLI is not set");
      return;
    }
  g_assert_cmpint (gb_test_run_cli (path, NULL, &err, "export", "chart", "cases", "--unit", "90001,900", "--from", "2021-09-03",
                            "--to", "2021-09-12", "--output", png, "--width", "640", "--height", "360", NULL), ==, 0);
  img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 640);
  cairo_surface_destroy (img);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (path, NULL, &err, "export", "chart", "vaccination", "--unit", "90", "--output", pdf, NULL), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (path, NULL, &err, "export", "chart", "cases", "--unit", "12345", "--output", png, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "12345"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (path, NULL, &err, "export", "chart", "deaths", "--unit", "90", "--output", png, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (path, NULL, &err, "export", "chart", "cases", "--unit", "90", "--from", "2021-02-30",
                            "--output", png, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (path, NULL, &err, "export", "chart", "cases", "--unit", "90",
                            "--output", "/nonexistent-dir/x.png", NULL), ==, 1);
}

/* export chart vaccination --group draws one age group's doses; a group that is none is
 * refused with the groups there are. */
static void
test_cli_group (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = chart_store (&path);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gb_test_temp_dir ("gb-chart-XXXXXX");
  g_autofree char *png = g_build_filename (dir, "tiem-12-17.png", NULL);
  g_autofree char *err = NULL;
  GbVaccination v;

  if (g_getenv ("GIAOBAN_CLI") == NULL)
    {
      g_test_skip ("GIAOBAN_CLI is not set");
      return;
    }
  gb_vaccination_init (&v);
  g_strlcpy (v.unit_code, "90001", sizeof v.unit_code);
  g_strlcpy (v.date, "2021-09-05", sizeof v.date);
  v.pop_12_17 = 200; v.dose1_12_17 = 150; v.dose2_12_17 = 100; v.booster_12_17 = 10;
  g_assert_true (gb_store_put_vaccination (store, &v, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (gb_test_run_cli (path, NULL, &err, "export", "chart", "vaccination", "--unit", "90001",
                                    "--group", "12–17", "--output", png, NULL), ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (path, NULL, &err, "export", "chart", "vaccination", "--unit", "90001",
                                    "--group", "60+", "--output", png, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "“60+” is not an age group (18, 65, 12-17 or 5-11)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_test_add_func ("/chart/data", test_data);
  g_test_add_func ("/chart/vaccination-groups", test_vaccination_groups);
  g_test_add_func ("/chart/render-pixels", test_render_pixels);
  g_test_add_func ("/chart/levels-high-contrast", test_levels_high_contrast);
  g_test_add_func ("/chart/edge-cases", test_edge_cases);
  g_test_add_func ("/chart/describe", test_describe);
  g_test_add_func ("/chart/legend-eight", test_legend_eight);
  g_test_add_func ("/chart/compare-title-and-export", test_compare_title_and_export);
  g_test_add_func ("/chart/export", test_export);
  g_test_add_func ("/chart/cli-group", test_cli_group);
  g_test_add_func ("/chart/cli", test_cli);
  return g_test_run ();
}
