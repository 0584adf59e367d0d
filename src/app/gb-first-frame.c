/* gb-first-frame.c — tells a benchmark when the window first showed the map
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With GIAOBAN_BENCH_FIRST_FRAME set (tests/bench-national.c sets it), the first frame painted
 * after the map had its units and levels prints "first-frame RSS_KB" on stdout and quits: the
 * benchmark times the process from its start to that line. Nothing happens without it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gb-first-frame.h"

gboolean
gb_first_frame_wanted (void)
{
  return g_getenv ("GIAOBAN_BENCH_FIRST_FRAME") != NULL;
}

/* Resident memory in KiB, from /proc (0 where there is none). */
static long
resident_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return strtol (line + 6, NULL, 10);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  GApplication *app = g_application_get_default ();

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
  printf ("first-frame %ld\n", resident_kib ());
  fflush (stdout);
  if (app != NULL)
    g_application_quit (app);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  /* This frame paints the map: report once it is painted. */
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  return G_SOURCE_REMOVE;
}

/**
 * gb_first_frame_report:
 * @widget: the map, loaded and with its levels
 *
 * When a benchmark asked for it, reports the frame that draws @widget next.
 */
void
gb_first_frame_report (GtkWidget *widget)
{
  static gboolean reported;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  if (reported || !gb_first_frame_wanted ())
    return;
  reported = TRUE;
  gtk_widget_add_tick_callback (widget, tick_cb, NULL, NULL);
  gtk_widget_queue_draw (widget);
}
