/* gb-map-renderer-load.c — whether a second core is free for drawing
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gb-map-renderer-private.h"

/* Whether a second thread would find a core to run on. On a busy machine (the processors
 * shared with other work) the second thread starts late or is preempted while it holds a band,
 * and the frame waits for it. Measured on two shared cores, the province frame's 95th
 * percentile: at a load of 1.7, 4.7 ms on two threads against 7.6 ms on one; at a load of 6,
 * 30 ms on two against 19 ms on one; about even near 3.5, that is with other work taking
 * about a core and a half besides this process's own. Checked at most once a second (a tenth
 * of a second after the first time). */
G_LOCK_DEFINE_STATIC (load);

/* The processors' busy time and this process's own, in µs: what other work took in between
 * is the difference. FALSE where /proc/stat cannot be read. */
static gboolean
busy_times (gint64 *all,
            gint64 *own)
{
  FILE *stat = fopen ("/proc/stat", "re");
  unsigned long long v[8] = { 0 };
  struct rusage usage;
  long hz = sysconf (_SC_CLK_TCK);
  int n;

  if (stat == NULL)
    return FALSE;
  n = fscanf (stat, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
  fclose (stat);
  if (n < 4 || hz <= 0 || getrusage (RUSAGE_SELF, &usage) != 0)
    return FALSE;
  /* user, nice, system, irq, softirq and steal (the host's); not idle nor iowait. */
  *all = (gint64) ((v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) * G_USEC_PER_SEC / hz);
  *own = (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
  return TRUE;
}

gboolean
gb_map_second_core_free (void)
{
  static gint64 checked, last_all, last_own, interval;
  static gboolean free_core, have_last;
  gint64 now = g_get_monotonic_time (), all = 0, own = 0;
  const char *force = g_getenv ("GB_MAP_THREADS");   /* tests: 0 or 1 */
  gboolean result;

  if (g_get_num_processors () < 2)
    return FALSE;
  if (force != NULL)
    return g_strcmp0 (force, "0") != 0;
  /* Maps may be drawn on several threads (exports). */
  G_LOCK (load);
  if (now - checked > interval)
    {
      gboolean have = busy_times (&all, &own);

      /* What other processes took since the last check, in cores: a core is free while
       * they took less than all but one. The 1-minute load average (which counts this
       * process too) lags a build or a test that ended seconds ago, and kept frames on one
       * thread for a minute after. */
      if (have && have_last)
        {
          free_core = (double) (all - last_all - (own - last_own)) / (now - checked) < g_get_num_processors () - 1;
          interval = G_USEC_PER_SEC;
        }
      else
        {
          double avg = 0;

          /* Only until the busy times are measured over a tenth of a second. */
          free_core = getloadavg (&avg, 1) == 1 && avg < g_get_num_processors () + 0.5;
          interval = G_USEC_PER_SEC / 10;
        }
      have_last = have;
      last_all = all;
      last_own = own;
      checked = now;
    }
  result = free_core;
  G_UNLOCK (load);
  return result;
}
