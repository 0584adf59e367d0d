/* bench-table-import.c — a province's year in one workbook: 365 days × 600 communes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds the XLSX the way a province keeps it (a title, the header, one row per commune and
 * day: 219,000 rows with code, name, date and four counts), then times reading, checking and
 * writing it in one transaction (median of 3 runs, each on a fresh copy of the database).
 */
#include <stdio.h>
#include <stdlib.h>

#include "gb-store.h"
#include "gb-table-import.h"
#include "gb-test-util.h"
#include "gb-test-workbook.h"

#define N_COMMUNES 600
#define N_DAYS 365

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static GbStore *
new_store (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  GbStore *store = gb_store_open (path, &error);
  GbUnit province = { .code = (char *) "58", .level = GB_UNIT_LEVEL_PROVINCE, .name = (char *) "Tỉnh Thử",
                      .population = 600000, .pop_18 = -1, .pop_65 = -1 };

  g_assert_no_error (error);
  g_assert_true (gb_store_begin (store, &error));
  g_assert_true (gb_store_put_unit (store, &province, NULL, &error));
  for (guint i = 0; i < N_COMMUNES; i++)
    {
      g_autofree char *code = g_strdup_printf ("%05u", 30000 + i);
      g_autofree char *name = g_strdup_printf ("Xã Thử Nghiệm %u", i + 1);
      GbUnit unit = { .code = code, .level = GB_UNIT_LEVEL_COMMUNE, .parent_code = (char *) "58", .name = name,
                      .population = 1000, .pop_18 = -1, .pop_65 = -1 };

      g_assert_true (gb_store_put_unit (store, &unit, NULL, &error));
    }
  g_assert_true (gb_store_commit (store, &error));
  return store;
}

static GBytes *
build_workbook (void)
{
  g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (2021);
  GString *cells = g_string_new ("BÁO CÁO SỐ CA MẮC COVID-19 THEO XÃ NĂM 2021\n"
                                 "Mã xã\tTên xã\tNgày\tCa cộng đồng\tCa trong khu cách ly\tTử vong\tXét nghiệm\n");

  for (guint d = 0; d < N_DAYS; d++)
    for (guint i = 0; i < N_COMMUNES; i++)
      /* Serial 44197 is 1 January 2021, formatted as a date. */
      g_string_append_printf (cells, "#%u\tXã Thử Nghiệm %u\t@%u\t#%u\t#%u\t#%u\t#%u\n", 30000 + i, i + 1, 44197 + d,
                              g_rand_int_range (rand, 0, 20), g_rand_int_range (rand, 0, 10),
                              g_rand_int_range (rand, 0, 2), g_rand_int_range (rand, 0, 300));
  gb_test_workbook_add_sheet (book, "Ca mắc 2021", cells->str);
  g_string_free (cells, TRUE);
  return gb_test_workbook_xlsx (book);
}

int
main (void)
{
  g_autoptr(GBytes) bytes = build_workbook ();
  GbTableImportOptions options = { NULL, NULL, NULL, "2022-01-31", NULL };
  double times[3], read_times[3];
  guint rows = 0;

  for (guint run = 0; run < G_N_ELEMENTS (times); run++)
    {
      g_autoptr(GbStore) store = new_store ();
      g_autoptr(GbTableImport) table = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      table = gb_table_import_read (store, GB_SERIES_CASES, "year.xlsx", bytes, &options, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gb_table_import_get_n_problems (table), ==, 0);
      read_times[run] = (g_get_monotonic_time () - start) / 1e6;
      if (!gb_table_import_apply (table, store, FALSE, NULL, NULL, &error))
        g_error ("%s", error->message);
      times[run] = (g_get_monotonic_time () - start) / 1e6;
      rows = gb_table_import_get_n_records (table);
    }
  g_assert_cmpuint (rows, ==, N_DAYS * N_COMMUNES);
  qsort (times, G_N_ELEMENTS (times), sizeof times[0], cmp_double);
  qsort (read_times, G_N_ELEMENTS (read_times), sizeof read_times[0], cmp_double);
  printf ("workbook: %u rows, %.1f MB (XLSX)\n", rows, g_bytes_get_size (bytes) / 1e6);
  printf ("bench: import.xlsx.read_seconds %.2f s\n", read_times[1]);
  printf ("bench: import.xlsx.seconds %.2f s\n", times[1]);
  printf ("bench: import.xlsx.rows_per_s %.0f rows/s\n", rows / times[1]);
  return 0;
}
