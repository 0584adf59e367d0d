/* bench-national.c — the app and the CLI on the national data set
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The national database (11,163 communes of 2009 joined to the GSO list, ~650 days of cases and
 * vaccination: `giaoband seed --national`) is seeded once into the build folder
 * (national-bench.db; $GIAOBAN_BENCH_NATIONAL_DB names another). Then:
 *   levels.cli.national        `giaoban-cli levels --date D`, the whole process (median of 3)
 *   map.national.date_step     the date changes: every unit's level and a new 1920×1080 frame
 *   app.national.first_frame   the app started on it until its window showed the map drawn
 *   app.national.rss           its resident memory then
 *   app.demo.first_frame       the same on the demo
 *   app.bare.first_frame       a bare GTK window (bench-bare-window), in the same run
 *   app.bare.first_frame.same_renderer  the bare window drawn by the renderer the app chose
 * The app's figures need a display ($DISPLAY, as under xvfb-run); without one they are skipped.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>

#include "gb-level-engine.h"
#include "gb-map-renderer.h"
#include "gb-store.h"
#include "gb-test-util.h"

#define DATE "2021-12-01"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static char *
national_db (void)
{
  const char *given = g_getenv ("GIAOBAN_BENCH_NATIONAL_DB");
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            "national-bench.db", NULL);
  g_autofree char *geojson = gb_test_shared_data ("vietnam/communes-vietnam-2009.geojson");
  g_autoptr(GError) error = NULL;
  int status = 0;
  gint64 t0;

  if (given != NULL)
    return g_strdup (given);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  if (geojson == NULL || g_getenv ("GIAOBAND") == NULL)
    return NULL;
  {
    g_autofree char *tmp = g_strconcat (path, ".part", NULL);
    const char *argv[] = { g_getenv ("GIAOBAND"), "seed", "--national", "--database", tmp,
                           "--join-report", "/dev/null", NULL };

    g_unlink (tmp);
    t0 = g_get_monotonic_time ();
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("giaoband seed --national: %s", error->message);
    g_printerr ("national database seeded in %.0f s\n", (g_get_monotonic_time () - t0) / 1e6);
    if (g_rename (tmp, path) != 0)
      g_error ("rename %s: %s", tmp, g_strerror (errno));
  }
  return g_steal_pointer (&path);
}

/* Seconds of the whole process of @argv, which must exit 0. */
static double
time_process (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", argv[0], error->message);
  return (g_get_monotonic_time () - t0) / 1e6;
}

static void
bench_cli (const char *db)
{
  const char *argv[] = { g_getenv ("GIAOBAN_CLI"), "--database", db, "levels", "--date", DATE, NULL };
  double t[3];

  /* The first run may build what later ones reuse: reported apart. */
  printf ("bench: levels.cli.national.first %.2f s\n", time_process (argv));
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    t[i] = time_process (argv);
  qsort (t, G_N_ELEMENTS (t), sizeof t[0], cmp_double);
  printf ("bench: levels.cli.national %.2f s\n", t[1]);
}

/* Days after @date, as the date selector and the play button step them. */
static void
bench_date_step (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (db, &error);
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1920, 1080);
  cairo_t *cr = cairo_create (surface);
  GbLevelEngine *engine;
  GbMapView view;
  double t[30], t_levels[30], max = 0;
  gint64 t0, t1;

  g_assert_no_error (error);
  engine = gb_level_engine_get_shared (store);
  t0 = g_get_monotonic_time ();
  /* As the app's worker reads them (gb-map-page-load.c): every day, so a step reads nothing. */
  if (!gb_map_renderer_load (map, store, &error) || !gb_level_engine_load_all (engine, &error) ||
      !gb_map_renderer_set_levels_from_engine (map, engine, DATE, &error))
    g_error ("%s", error->message);
  printf ("bench: map.national.load %.0f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
  gb_map_renderer_fit (map, NULL, 1920, 1080, &view);
  gb_map_renderer_draw_cached (map, cr, &view, 1920, 1080);
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autofree char *date = g_strdup_printf ("2021-12-%02u", i + 2);

      t0 = g_get_monotonic_time ();
      if (!gb_map_renderer_set_levels_from_engine (map, engine, date, &error))
        g_error ("%s", error->message);
      t1 = g_get_monotonic_time ();
      t_levels[i] = (t1 - t0) / 1000.0;
      gb_map_renderer_draw_cached (map, cr, &view, 1920, 1080);
      cairo_surface_flush (surface);
      t[i] = (g_get_monotonic_time () - t0) / 1000.0;
      max = MAX (max, t[i]);
    }
  qsort (t, G_N_ELEMENTS (t), sizeof t[0], cmp_double);
  printf ("bench: map.national.date_step %.2f ms\n", t[G_N_ELEMENTS (t) / 2]);
  printf ("bench: map.national.date_step.max %.2f ms\n", max);
  /* Of which the levels (the rest is the drawing). */
  qsort (t_levels, G_N_ELEMENTS (t_levels), sizeof t_levels[0], cmp_double);
  printf ("bench: map.national.date_step.levels %.2f ms\n", t_levels[G_N_ELEMENTS (t_levels) / 2]);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

#define N_STARTS 7

/* Seconds from starting @argv to its "first-frame RSS" line (see src/app/gb-first-frame.c). */
static double
first_frame (const char * const *argv,
             long               *rss_kib,
             gboolean            like_app)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "GIAOBAN_BENCH_FIRST_FRAME", "1", TRUE);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  double t = NAN;
  GPid pid;
  int out;

  if (like_app)
    env = g_environ_setenv (env, "GIAOBAN_BARE_LIKE_APP", "1", TRUE);
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                 NULL, &out, NULL, &error))
    g_error ("%s: %s", argv[0], error->message);
  channel = g_io_channel_unix_new (out);
  g_io_channel_set_close_on_unref (channel, TRUE);
  while (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL)
    {
      if (g_str_has_prefix (line, "first-frame "))
        {
          t = (g_get_monotonic_time () - t0) / 1e6;
          if (rss_kib)
            *rss_kib = atol (line + 12);
          break;
        }
      g_clear_pointer (&line, g_free);
    }
  if (isnan (t))
    g_error ("%s never showed its first frame", argv[0]);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  return t;
}

static void
bench_app (const char *db)
{
  const char *app = g_getenv ("GIAOBAN_APP"), *bare = g_getenv ("GIAOBAN_BARE_WINDOW");
  g_autofree char *demo_db = gb_test_temp_db ();
  const char *national[] = { app, "--database", db, NULL };
  const char *demo[] = { app, "--demo", "--database", demo_db, NULL };
  const char *window[] = { bare, NULL };
  /* Seven starts of each, interleaved, and their medians: three let one slow start on a busy
   * machine decide the figure. */
  double t_bare[N_STARTS], t_like[N_STARTS], t_demo[N_STARTS], t_national[N_STARTS];
  long rss = 0;

  if (g_getenv ("DISPLAY") == NULL || app == NULL || bare == NULL)
    {
      g_printerr ("no display: the app's first frames are skipped\n");
      return;
    }
  /* The demo's first start loads it; later starts open it. */
  first_frame (demo, NULL, FALSE);
  for (guint i = 0; i < N_STARTS; i++)
    {
      t_bare[i] = first_frame (window, NULL, FALSE);
      t_like[i] = first_frame (window, NULL, TRUE);
      t_demo[i] = first_frame (demo, NULL, FALSE);
      t_national[i] = first_frame (national, i == N_STARTS - 1 ? &rss : NULL, FALSE);
    }
  qsort (t_bare, N_STARTS, sizeof (double), cmp_double);
  qsort (t_like, N_STARTS, sizeof (double), cmp_double);
  qsort (t_demo, N_STARTS, sizeof (double), cmp_double);
  qsort (t_national, N_STARTS, sizeof (double), cmp_double);
  printf ("bench: app.bare.first_frame %.2f s\n", t_bare[N_STARTS / 2]);
  printf ("bench: app.demo.first_frame %.2f s\n", t_demo[N_STARTS / 2]);
  printf ("bench: app.demo.first_frame.ratio %.2f x\n", t_demo[N_STARTS / 2] / t_bare[N_STARTS / 2]);
  /* The app draws with GTK's cairo renderer where OpenGL is software (gb-renderer.c), as under
   * Xvfb; GTK's own choice there is its GL renderer. The same comparison with the bare window
   * drawn by the renderer the app chose: */
  printf ("bench: app.bare.first_frame.same_renderer %.2f s\n", t_like[N_STARTS / 2]);
  printf ("bench: app.demo.first_frame.ratio.same_renderer %.2f x\n", t_demo[N_STARTS / 2] / t_like[N_STARTS / 2]);
  printf ("bench: app.national.first_frame %.2f s\n", t_national[N_STARTS / 2]);
  printf ("bench: app.national.rss %.0f MB\n", rss / 1024.0);
}

int
main (void)
{
  g_autofree char *db = national_db ();

  if (db == NULL)
    {
      g_printerr ("the national data is not next to the repository: skipped\n");
      return 77;
    }
  bench_cli (db);
  bench_date_step (db);
  bench_app (db);
  return 0;
}
