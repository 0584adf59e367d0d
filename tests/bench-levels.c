/* bench-levels.c — levels of all communes of Viet Nam for one date
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads the 2009 commune boundaries through the GeoJSON importer, writes a synthetic 120-day
 * series per commune (deterministic), lets the engine load its arrays, then times computing
 * the levels of every unit for one date (median of 15 runs).
 *
 * $GIAOBAN_BENCH_LEVELS_DB names a database to keep: seeded when missing, reused (not seeded
 * again, not deleted) when present, so a profile of the load needs no new seeding.
 */
#include <stdio.h>
#include <time.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "gb-geojson-import.h"
#include "gb-level-engine.h"
#include "gb-store.h"
#include "gb-test-util.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static gint64
process_cpu_us (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * G_GINT64_CONSTANT (1000000) + t.tv_nsec / 1000;
}

int
main (void)
{
  const char *kept = g_getenv ("GIAOBAN_BENCH_LEVELS_DB");
  gboolean seeded = kept != NULL && g_file_test (kept, G_FILE_TEST_EXISTS);
  g_autofree char *path = kept ? g_strdup (kept) : gb_test_temp_db ();
  g_autofree char *geojson = gb_test_shared_data ("vietnam/communes-vietnam-2009.geojson");
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2686);
  GbGeojsonMapping mapping;
  guint n_units = 0;
  double times[15];
  GDate start;

  g_assert_no_error (error);
  if (geojson == NULL)
    {
      g_printerr ("communes-vietnam-2009.geojson not found next to the repository: skipped\n");
      return 77;
    }
  gb_geojson_mapping_init (&mapping, GB_UNIT_LEVEL_COMMUNE);
  if (!seeded && !gb_geojson_import_file (store, geojson, &mapping, &n_units, &error))
    g_error ("%s", error->message);
  communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, NULL, &error);
  g_assert_no_error (error);

  g_date_set_dmy (&start, 1, 9, 2021);
  if (!gb_store_begin (store, &error))
    g_error ("%s", error->message);
  for (guint i = 0; !seeded && i < communes->len; i++)
    {
      GbUnit *u = communes->pdata[i];
      double intensity = g_rand_double_range (rand, 0, 3);
      for (int d = 0; d < 120; d++)
        {
          GbCaseReport r;
          GDate date = start;
          g_date_add_days (&date, d);
          gb_case_report_init (&r);
          g_strlcpy (r.unit_code, u->code, sizeof r.unit_code);
          g_date_strftime (r.date, sizeof r.date, "%Y-%m-%d", &date);
          r.community = (gint64) (intensity * g_rand_double (rand) * g_rand_double (rand) * 8);
          r.unknown_source = g_rand_int_range (rand, 0, 50) == 0;
          if (!gb_store_put_case_report (store, &r, &error))
            g_error ("%s", error->message);
          if (d % 7 == 0 && u->population > 0)
            {
              GbVaccination v;
              gb_vaccination_init (&v);
              g_strlcpy (v.unit_code, u->code, sizeof v.unit_code);
              g_strlcpy (v.date, r.date, sizeof v.date);
              v.pop_18 = u->population * 7 / 10;
              v.pop_65 = u->population / 13;
              v.dose1_18 = (gint64) (v.pop_18 * MIN (1.0, 0.4 + d * 0.005 + g_rand_double (rand) * 0.2));
              v.full_65 = (gint64) (v.pop_65 * MIN (1.0, 0.3 + d * 0.005 + g_rand_double (rand) * 0.2));
              if (!gb_store_put_vaccination (store, &v, &error))
                g_error ("%s", error->message);
            }
        }
    }
  if (!gb_store_commit (store, &error))
    g_error ("%s", error->message);

  engine = gb_level_engine_new (store);
  {
    /* First call loads the arrays from the store: reported separately, and its processor
     * time too (on a shared machine the elapsed time is mostly waiting for a core). */
    gint64 t0 = g_get_monotonic_time (), c0 = process_cpu_us ();
    g_autoptr(GPtrArray) r = gb_level_engine_compute (engine, "2021-12-01", GB_UNIT_LEVEL_ANY, &error);
    g_assert_no_error (error);
    printf ("bench: levels.load %.1f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
    printf ("bench: levels.load.cpu %.1f ms\n", (process_cpu_us () - c0) / 1000.0);
  }
  {
    /* What the map needs for a date: every unit's level, no words. */
    guint n = gb_level_engine_get_n_units (engine, &error);
    g_autofree guint8 *levels = g_malloc (n);

    for (guint k = 0; k < G_N_ELEMENTS (times); k++)
      {
        gint64 t0 = g_get_monotonic_time ();
        if (!gb_level_engine_compute_levels (engine, "2021-12-01", levels, &error))
          g_error ("%s", error->message);
        times[k] = (g_get_monotonic_time () - t0) / 1000.0;
      }
    g_printerr ("%u units, %u communes\n", n, communes->len);
    qsort (times, G_N_ELEMENTS (times), sizeof times[0], cmp_double);
    printf ("bench: levels.national.one_date %.2f ms\n", times[G_N_ELEMENTS (times) / 2]);
  }
  /* With every unit's reasons in words, as the CLI and the exports give them. */
  for (guint k = 0; k < G_N_ELEMENTS (times); k++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GPtrArray) r = gb_level_engine_compute (engine, "2021-12-01", GB_UNIT_LEVEL_ANY, &error);
      times[k] = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_no_error (error);
    }
  qsort (times, G_N_ELEMENTS (times), sizeof times[0], cmp_double);
  printf ("bench: levels.national.one_date_with_reasons %.2f ms\n", times[G_N_ELEMENTS (times) / 2]);
  {
    /* One commune's level and reasons (the map's tooltip, the chart's strip). */
    const char *code = ((GbUnit *) g_ptr_array_index (communes, communes->len / 2))->code;
    for (guint k = 0; k < G_N_ELEMENTS (times); k++)
      {
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr(GbLevelResult) r = gb_level_engine_compute_unit (engine, code, "2021-12-01", &error);
        times[k] = (g_get_monotonic_time () - t0) / 1000.0;
        g_assert_no_error (error);
      }
    qsort (times, G_N_ELEMENTS (times), sizeof times[0], cmp_double);
    printf ("bench: levels.national.one_unit %.3f ms\n", times[G_N_ELEMENTS (times) / 2]);
  }
  if (kept == NULL)
    g_unlink (path);
  return 0;
}
