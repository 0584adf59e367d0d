/* bench-bare-window.c — a bare GTK window, for the app's first frame to be compared with
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows an empty window of the app's size and reports its first painted frame the way the app
 * does (gb-first-frame.c), so tests/bench-national.c times both the same way. It draws with
 * GTK's own choice of renderer, or with GIAOBAN_BARE_LIKE_APP set with the app's.
 */
#include <gtk/gtk.h>

#include "gb-first-frame.h"
#include "gb-renderer.h"

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gb_first_frame_report (window);
}

int
main (int argc, char **argv)
{
  g_autoptr(GtkApplication) app = NULL;

  /* With GIAOBAN_BARE_LIKE_APP set, GTK's renderer is chosen as the app chooses it
   * (gb-renderer.c): the same renderer on both sides of a comparison. */
  if (g_getenv ("GIAOBAN_BARE_LIKE_APP") != NULL)
    {
      gb_renderer_reserve ();
      if (gtk_init_check ())
        gb_renderer_choose (gdk_display_get_default ());
    }
  app = gtk_application_new ("vn.giaoban.BareWindow", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
