/* test-charts-page.c — the Charts view on the demo: drawn on screen, compare, zoom, keys
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "gb-chart-scale.h"
#include "gb-chart-view.h"
#include "gb-charts-page.h"
#include "gb-demo.h"
#include "gb-store.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"



/* Counts pixels of the community colour (#C2410C) in @texture. */
static guint
count_community_pixels (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  guint n = 0;

  gdk_texture_download (texture, data, w * 4);
  for (int i = 0; i < w * h; i++)
    {
      /* BGRA in memory (cairo's format). */
      guchar b = data[i * 4], g = data[i * 4 + 1], r = data[i * 4 + 2];

      if (ABS (r - 0xC2) < 20 && ABS (g - 0x41) < 20 && ABS (b - 0x0C) < 20)
        n++;
    }
  return n;
}

static void
test_page (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_CHARTS_PAGE, NULL);
  GbChart *chart;
  GtkWidget *view;
  guint32 first, last, vfirst, vlast;
  int w, h;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  paintable = gtk_widget_paintable_new (page);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_unit_code (GB_PAGE (page), "58");
  gb_page_set_date (GB_PAGE (page), "2021-11-15");
  gtk_window_present (GTK_WINDOW (window));
  gb_test_spin (300);

  chart = gb_charts_page_get_cases_chart (GB_CHARTS_PAGE (page));
  g_assert_cmpuint (gb_chart_get_n_units (chart), ==, 1);
  /* Opens on the half year up to the date. */
  g_assert_true (gb_chart_get_view (chart, &vfirst, &vlast));
  g_assert_cmpuint (vfirst, ==, gb_day_from_iso ("2021-11-15") - 180);

  /* What is on screen has the case columns. */
  w = gtk_widget_get_width (page);
  h = gtk_widget_get_height (page);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (page)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_cmpuint (count_community_pixels (texture), >, 50);
  {
    g_autofree char *png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                             "charts-page.png", NULL);
    gdk_texture_save_to_png (texture, png);
  }

  /* Keys: the crosshair moves by a day, Home shows all dates. */
  view = gb_test_find_widget (page, GB_TYPE_CHART_VIEW);
  g_assert_nonnull (view);
  gtk_widget_grab_focus (view);
  g_assert_true (gtk_widget_activate_action (view, "chart.move", "i", -1));
  g_assert_cmpuint (gb_chart_get_hover_day (chart), !=, 0);
  {
    guint32 day = gb_chart_get_hover_day (chart);

    g_assert_true (gtk_widget_activate_action (view, "chart.move", "i", -1));
    g_assert_cmpuint (gb_chart_get_hover_day (chart), ==, day - 1);
    g_assert_true (gtk_widget_activate_action (view, "chart.move", "i", 7));
    g_assert_cmpuint (gb_chart_get_hover_day (chart), ==, MIN (day + 6, vlast));
  }
  g_assert_true (gtk_widget_activate_action (view, "chart.reset-zoom", NULL));
  g_assert_true (gb_chart_get_extent (chart, &first, &last));
  g_assert_true (gb_chart_get_view (chart, &vfirst, &vlast));
  g_assert_cmpuint (vfirst, ==, first);
  g_assert_cmpuint (vlast, ==, last);
  g_assert_true (gtk_widget_activate_action (view, "chart.zoom", "d", 0.5));
  g_assert_true (gb_chart_get_view (chart, &vfirst, &vlast));
  g_assert_cmpuint (vlast - vfirst, <, last - first);

  /* Compare: pin the province, select a district: both on the chart. */
  g_assert_true (gtk_widget_activate_action (page, "charts.pin", NULL));
  gb_page_set_unit_code (GB_PAGE (page), "582");
  g_assert_cmpuint (gb_chart_get_n_units (chart), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/charts-page/page", test_page);
  return g_test_run ();
}
