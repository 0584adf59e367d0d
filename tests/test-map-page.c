/* test-map-page.c — the Zone map view on the demo: drawn, levels from the engine, details,
 * declaring a level through the form
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "gb-demo.h"
#include "gb-level-engine.h"
#include "gb-map-page.h"
#include "gb-store.h"
#include "gb-test-util.h"

static void
spin (int ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_entry_with_placeholder (GtkWidget  *root,
                             const char *placeholder)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_ENTRY (c) && g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (c)), placeholder) == 0)
        return c;
      if ((found = find_entry_with_placeholder (c, placeholder)) != NULL)
        return found;
    }
  return NULL;
}

static guint
count_color (GdkTexture *texture,
             guint32     rgb)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  guint n = 0;

  gdk_texture_download (texture, data, w * 4);
  for (int i = 0; i < w * h; i++)
    if (data[i * 4 + 2] == ((rgb >> 16) & 0xff) && data[i * 4 + 1] == ((rgb >> 8) & 0xff) && data[i * 4] == (rgb & 0xff))
      n++;
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
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_MAP_PAGE, NULL);
  GbMapRenderer *renderer;
  const char *date = "2021-11-15";
  const char *code = NULL;
  guint counts[5], declared, yellow = 0;
  int w, h;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  paintable = gtk_widget_paintable_new (page);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), date);
  gtk_window_present (GTK_WINDOW (window));
  spin (400);

  /* The map's levels are the engine's. */
  renderer = gb_map_page_get_renderer (GB_MAP_PAGE (page));
  g_assert_cmpuint (gb_map_renderer_get_n_units (renderer), ==, 72);
  engine = gb_level_engine_new (store);
  expected = gb_level_engine_compute (engine, date, GB_UNIT_LEVEL_COMMUNE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < expected->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (expected, i);

      g_assert_cmpint (gb_map_renderer_get_unit_level (renderer, r->unit_code) & ~GB_LEVEL_DECLARED_FLAG, ==, r->effective);
      if (r->effective == GB_LEVEL_2)
        yellow++;
      if (code == NULL && r->effective != GB_LEVEL_NO_DATA && r->declared == GB_LEVEL_NO_DATA)
        code = r->unit_code;
    }
  gb_map_renderer_count_levels (renderer, counts, &declared);
  g_assert_cmpuint (counts[GB_LEVEL_2], ==, yellow);
  g_assert_cmpuint (declared, ==, 0);

  /* On screen: the yellow of level 2 is there, in quantity. */
  w = gtk_widget_get_width (page);
  h = gtk_widget_get_height (page);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (page)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (yellow > 0)
    g_assert_cmpuint (count_color (texture, 0xF1BA15), >, 1000);
  {
    g_autofree char *png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                             "map-page.png", NULL);
    gdk_texture_save_to_png (texture, png);
  }

  /* Declare a level through the details form: stored, and on the map as declared. */
  g_assert_nonnull (code);
  gb_map_page_select (GB_MAP_PAGE (page), code);
  gtk_editable_set_text (GTK_EDITABLE (find_entry_with_placeholder (page, "Reason (the notice that declares it)")),
                         "Thông báo 125-TB/TU");
  g_assert_true (gtk_widget_activate_action (page, "map.declare", NULL));
  g_assert_true (gb_map_renderer_get_unit_level (renderer, code) & GB_LEVEL_DECLARED_FLAG);
  g_assert_cmpint (gb_map_renderer_get_unit_level (renderer, code) & ~GB_LEVEL_DECLARED_FLAG, ==, GB_LEVEL_1);
  gb_map_renderer_count_levels (renderer, counts, &declared);
  g_assert_cmpuint (declared, ==, 1);
  /* And revoked: back to the computed level. */
  g_assert_true (gtk_widget_activate_action (page, "map.revoke", NULL));
  g_assert_false (gb_map_renderer_get_unit_level (renderer, code) & GB_LEVEL_DECLARED_FLAG);

  /* The next day: the levels follow the date. */
  gb_page_set_date (GB_PAGE (page), "2021-11-16");
  {
    g_autoptr(GbLevelResult) r = gb_level_engine_compute_unit (engine, code, "2021-11-16", &error);

    g_assert_no_error (error);
    g_assert_cmpint (gb_map_renderer_get_unit_level (renderer, code) & ~GB_LEVEL_DECLARED_FLAG, ==, r->effective);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/map-page/page", test_page);
  return g_test_run ();
}
