/* gb-first-frame.c — tells a benchmark when the window first showed the map
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With GIAOBAN_BENCH_FIRST_FRAME set (tests/bench-national.c sets it), the first frame painted
 * after the map had its units and levels prints "first-frame RSS_KB" on stdout and quits: the
 * benchmark times the process from its start to that line. Nothing happens without it.
 * gb_first_frame_mark() writes on stderr how far the start got at a point ("mark NAME MS
 * RSS_KB", from the process's start), to see where the time and the memory go.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* Milliseconds since the process started, from /proc (since the first call where there is none). */
static double
process_ms (void)
{
  static gint64 fallback;
  g_autofree char *stat = NULL;
  const char *end;
  unsigned long long start = 0;
  double uptime = 0;
  g_autofree char *up = NULL;

  if (g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) && (end = strrchr (stat, ')')) != NULL &&
      sscanf (end + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", &start) == 1 &&
      g_file_get_contents ("/proc/uptime", &up, NULL, NULL) && sscanf (up, "%lf", &uptime) == 1)
    return uptime * 1000 - start * 1000.0 / sysconf (_SC_CLK_TCK);
  if (fallback == 0)
    fallback = g_get_monotonic_time ();
  return (g_get_monotonic_time () - fallback) / 1000.0;
}

/**
 * gb_first_frame_mark:
 * @what: the point the start reached
 *
 * When a benchmark asked for the first frame, says on stderr when (from the process's start)
 * the start reached @what and how much memory it held then. Any thread may call it.
 */
void
gb_first_frame_mark (const char *what)
{
  g_return_if_fail (what != NULL);
  if (!gb_first_frame_wanted ())
    return;
  g_printerr ("mark %s %.0f ms %ld KiB\n", what, process_ms (), resident_kib ());
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  GApplication *app = g_application_get_default ();

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
  gb_first_frame_mark ("first-frame");
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
