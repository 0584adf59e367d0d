/* test-renderer.c — GTK's renderer chosen for the machine (gb-renderer.c)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under Xvfb OpenGL is Mesa's llvmpipe, drawn by the CPU, as on a laptop without a GPU driver:
 * the app's windows are then drawn by GTK's cairo renderer, and the map by painting its image
 * (not as a texture GTK's cairo renderer would copy whole at every frame).
 */
#include <adwaita.h>

#include "gb-demo.h"
#include "gb-level.h"
#include "gb-map-layer.h"
#include "gb-renderer.h"
#include "gb-store.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"
#include "gb-window.h"

static void
wait_drawn (GtkWidget *window)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end && !gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, FALSE);
  gb_test_spin (1500);
}

static void
test_software_gl_draws_with_cairo (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autofree guint32 *pixels = NULL;
  gboolean software = gb_renderer_gl_is_software (display);
  guint32 green = gb_level_get_color (GB_LEVEL_1);
  GtkWidget *window, *layer;
  int w, h, greens = 0;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gb_renderer_choose (display);
  g_test_message ("OpenGL drawn by the CPU: %s; GSK_RENDERER=%s", software ? "yes" : "no",
                  g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "(GTK's choice)");
  if (software)
    g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  else
    g_assert_null (g_getenv ("GSK_RENDERER"));

  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (window);
  if (!software)
    {
      g_assert_false (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))));
      gtk_window_destroy (GTK_WINDOW (window));
      g_test_skip ("OpenGL is a GPU's here");
      return;
    }
  g_assert_true (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))));

  /* The map is painted as an image, drawn: no window-sized texture, level 1's green there. */
  layer = gb_test_find_widget (window, GB_TYPE_MAP_LAYER);
  g_assert_nonnull (layer);
  paintable = gtk_widget_paintable_new (layer);
  w = gtk_widget_get_width (layer);
  h = gtk_widget_get_height (layer);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_assert_cmpfloat (gb_test_largest_node (node, GSK_TEXTURE_NODE), <, 0.25 * w * h);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  pixels = g_new (guint32, (gsize) w * h);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) w * 4);
  for (int i = 0; i < w * h; i++)
    greens += (pixels[i] & 0xffffff) == green;
  g_test_message ("map %dx%d: %d pixels of level 1's green", w, h, greens);
  g_assert_cmpint (greens, >, w * h / 20);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A GSK_RENDERER of the user's is kept, whatever the OpenGL. */
static void
test_user_renderer_kept (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *window = gtk_window_new ();

      gb_renderer_choose (gdk_display_get_default ());
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
      gtk_window_present (GTK_WINDOW (window));
      wait_drawn (window);
      g_assert_false (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))));
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  /* As the app does (gb_application_new()), while the process has one thread. */
  gb_renderer_reserve ();
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/renderer/software-gl-draws-with-cairo", test_software_gl_draws_with_cairo);
  g_test_add_func ("/renderer/user-renderer-kept", test_user_renderer_kept);
  return g_test_run ();
}
