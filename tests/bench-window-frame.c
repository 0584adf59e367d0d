/* bench-window-frame.c — what a frame of the demo window costs GTK's renderer
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every frame the window shows (a pan, a zoom, a played day) is rendered anew by GSK from the
 * window's render nodes. This builds the demo window at 1280x800 with the app's styles, takes
 * its nodes once drawn, and renders them with the window's own renderer, chosen as the app
 * chooses it (gb-renderer.c: under Xvfb OpenGL is llvmpipe, as on a laptop without a GPU
 * driver, and the app draws with GTK's cairo renderer; GSK_RENDERER=gl measures GTK's GL
 * renderer there), reading the pixels back each time:
 *
 *   app.demo.frame_render       the median of 20 renders, ms
 *   app.demo.frame_render.max   the slowest of them, ms
 */
#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "gb-demo.h"
#include "gb-renderer.h"
#include "gb-store.h"
#include "gb-test-util.h"
#include "gb-window.h"

#define N_RENDERS 20

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  (*(int *) data)++;
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  GskRenderer *renderer;
  GtkWidget *window;
  double t[N_RENDERS];
  int frames = 0, w, h;
  gint64 end;

  gb_renderer_reserve ();
  if (!gtk_init_check ())
    {
      g_printerr ("no display: the window's frame is not measured\n");
      return 0;
    }
  gb_renderer_choose (gdk_display_get_default ());
  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/vn/giaoban/GiaoBan/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  path = gb_test_temp_db ();
  store = gb_store_open (path, &error);
  if (store == NULL || !gb_demo_load_if_empty (store, &error))
    g_error ("%s", error->message);

  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_add_tick_callback (window, tick_cb, &frames, NULL);
  /* Drawn, its map loaded and its lists filled: a few seconds of frames. */
  end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end || frames < 10)
    g_main_context_iteration (NULL, FALSE);

  paintable = gtk_widget_paintable_new (window);
  w = gdk_paintable_get_intrinsic_width (paintable);
  h = gdk_paintable_get_intrinsic_height (paintable);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_printerr ("renderer %s, %dx%d, frame %s\n", G_OBJECT_TYPE_NAME (renderer), w, h,
              gtk_widget_has_css_class (window, "solid-csd") ? "solid (no compositor)" : "composited");
  /* Once for the glyph cache and the shaders, then timed. */
  g_object_unref (gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h)));
  for (guint i = 0; i < N_RENDERS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      g_object_unref (gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h)));
      t[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  qsort (t, N_RENDERS, sizeof t[0], cmp_double);
  printf ("bench: app.demo.frame_render %.1f ms\n", t[N_RENDERS / 2]);
  printf ("bench: app.demo.frame_render.max %.1f ms\n", t[N_RENDERS - 1]);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
