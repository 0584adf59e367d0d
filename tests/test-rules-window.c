/* test-rules-window.c — the Rule Sets window writes periods and threshold versions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "gb-rules-window.h"
#include "gb-store-levels.h"
#include "gb-store.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"


static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *title)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) &&
          (title == NULL || (ADW_IS_PREFERENCES_ROW (c) &&
                             g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), title) == 0)))
        return c;
      if ((found = find_widget (c, type, title)) != NULL)
        return found;
    }
  return NULL;
}

/* Renders @widget as it is on screen; saved next to the test for people to look at. */
static void
save_render (GtkWidget    *widget,
             GdkPaintable *paintable,
             const char   *name)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("saved %s", png);
}

static void
count_period (const char *date_from, const char *rule_set, const char *kind, gpointer data)
{
  if (g_str_equal (date_from, "2022-02-01"))
    *(char **) data = g_strdup (rule_set);
}

static void
find_band_1 (const char *rule_set, const char *key, const char *valid_from, double value, gpointer data)
{
  if (g_str_equal (rule_set, "nq128") && g_str_equal (key, "band_1") && g_str_equal (valid_from, "2021-12-05"))
    *(double *) data = value;
}

static void
on_changed (GbRulesWindow *window, int *count)
{
  (*count)++;
}

static void
test_edit (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autofree char *period = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  GbRulesWindow *window;
  GtkWidget *entry, *row, *date_row;
  int changes = 0;

  g_assert_no_error (error);
  window = gb_rules_window_new (NULL, store, "2021-12-05");
  g_signal_connect (window, "changed", G_CALLBACK (on_changed), &changes);
  /* The paintable follows the widget's frames; made before the first one, it has them all. */
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  gtk_window_present (GTK_WINDOW (window));
  gb_test_spin (100);

  /* A rule set change from 1/2/2022, typed as people write dates. The list holds the
   * built-in sets with NQ 128 first, so the drop-down's first item is NQ 128. */
  entry = find_widget (GTK_WIDGET (window), GTK_TYPE_ENTRY, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "01/02/2022");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (gb_store_levels_scan_periods (store, count_period, &period, &error));
  g_assert_cmpstr (period, ==, "nq128");
  g_assert_cmpint (changes, ==, 1);

  /* A bad date writes nothing. */
  before = gb_test_fingerprint (path);
  gtk_editable_set_text (GTK_EDITABLE (entry), "31/02/2022");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (changes, ==, 1);

  /* A threshold version from the date row's date on. */
  row = find_widget (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "Cases per 100,000 in 7 days: first limit");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "20");
  gtk_editable_set_text (GTK_EDITABLE (row), "abc");
  g_signal_emit_by_name (row, "apply");
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (changes, ==, 1);

  date_row = find_widget (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "Changes apply from (dd/mm/yyyy)");
  g_assert_nonnull (date_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date_row)), ==, "05/12/2021");
  gtk_editable_set_text (GTK_EDITABLE (row), "30");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpint (changes, ==, 2);
  {
    double value = -1;

    g_assert_true (gb_store_levels_scan_thresholds (store, find_band_1, &value, &error));
    g_assert_cmpfloat (value, ==, 30.0);
  }
  gb_test_spin (100);
  save_render (GTK_WIDGET (window), paintable, "rules-window.png");
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
  g_test_add_func ("/rules-window/edit", test_edit);
  return g_test_run ();
}
