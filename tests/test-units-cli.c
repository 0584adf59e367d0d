/* test-units-cli.c — giaoban-cli units, import-reform, backup, restore and demo, as a user runs them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "gb-test-util.h"

/* A demo database made by the CLI itself. */
static char *
demo_db (void)
{
  char *db = gb_test_temp_db ();

  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "info", NULL), ==, 0);
  return db;
}

/* Two communes of Phan Rang merged by hand: the day after, one of them is gone from the list,
 * its history says where it went, and a bad merge is refused with nothing changed. */
static void
test_merge (void)
{
  g_autofree char *db = demo_db ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (gb_test_run_cli (db, &out, NULL, "units", "list", "--date", "2024-01-31", "--parent", "582", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "22741\t"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "units", "merge", "--date", "1/2/2024", "--into", "22738",
                                    "--source", "NQ 1/NQ-UBTVQH15", "22741", NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (db, &out, NULL, "units", "list", "--date", "2024-02-01", "--parent", "582", NULL), ==, 0);
  g_assert_null (strstr (out, "22741\t"));
  g_assert_nonnull (strstr (out, "22738\t"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, NULL, "units", "history", "22741", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2024-02-01\t22741 → 22738\tmerge"));
  g_assert_nonnull (strstr (out, "to 2024-02-01"));

  before = gb_test_fingerprint (db);
  g_assert_cmpint (gb_test_run_cli (db, NULL, &err, "units", "merge", "--date", "2024-03-01", "--into", "22738",
                                    "582", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "582"));
  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "units", "merge", "--into", "22738", "22741", NULL), ==, 2);
  after = gb_test_fingerprint (db);
  g_assert_cmpstr (before, ==, after);

  /* The merge is listed, and undone: 22741 is back on the day after. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, NULL, "units", "merges", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1\t2024-02-01\t22741 → 22738\tNQ 1/NQ-UBTVQH15"));
  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "units", "undo-merge", "x", NULL), ==, 2);
  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "units", "undo-merge", "1", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, NULL, "units", "list", "--date", "2024-02-01", "--parent", "582", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "22741\t"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, NULL, &err, "units", "undo-merge", "1", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "No merge entered by hand has the number 1"));
}

/* The line of @code in giaoban-cli levels output, or NULL. */
static char *
levels_line (const char *out,
             const char *code)
{
  g_autofree char *head = g_strdup_printf ("%s\t", code);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], head))
      return g_strdup (lines[i]);
  return NULL;
}

/* "of N units below with data" in @code's line of a roll-up. */
static int
units_below (const char *out,
             const char *code)
{
  g_autofree char *line = levels_line (out, code);
  const char *at = line ? strstr (line, " of ") : NULL;

  g_assert_nonnull (at);
  return atoi (at + 4);
}

/* giaoban-cli levels after Mỹ Hương merged into Kinh Dinh: the day before the merge prints the
 * same; after it Mỹ Hương is gone, Kinh Dinh counts its cases of the days before. */
static void
test_levels_after_merge (void)
{
  g_autofree char *db = demo_db ();
  g_autofree char *then_before = NULL;
  g_autofree char *then_after = NULL;
  g_autofree char *now_before = NULL;
  g_autofree char *now_after = NULL;
  g_autofree char *district = NULL;
  g_autofree char *district_before = NULL;
  g_autofree char *was = NULL;
  g_autofree char *is = NULL;

  g_assert_cmpint (gb_test_run_cli (db, &then_before, NULL, "levels", "--date", "2021-10-28", NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (db, &then_after, NULL, "levels", "--date", "2021-11-01", NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (db, &district_before, NULL, "levels", "--date", "2021-11-01", "--level", "district",
                                    NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "units", "merge", "--date", "2021-10-29", "--into", "22759",
                                    "22753", NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (db, &now_before, NULL, "levels", "--date", "2021-10-28", NULL), ==, 0);
  g_assert_cmpint (gb_test_run_cli (db, &now_after, NULL, "levels", "--date", "2021-11-01", NULL), ==, 0);
  g_assert_cmpstr (now_before, ==, then_before);
  g_assert_nonnull (strstr (then_after, "\n22753\t"));
  g_assert_null (strstr (now_after, "\n22753\t"));
  was = levels_line (then_after, "22759");
  is = levels_line (now_after, "22759");
  g_assert_nonnull (strstr (was, "183 cases/100,000/7 days"));
  /* 22 cases (10 its own, 12 Mỹ Hương's of 26–28 October) per 8,602 people. */
  g_assert_nonnull (strstr (is, "256 cases/100,000/7 days"));
  /* Phan Rang-Tháp Chàm rolls up one commune fewer. */
  g_assert_cmpint (gb_test_run_cli (db, &district, NULL, "levels", "--date", "2021-11-01", "--level", "district", NULL), ==, 0);
  g_assert_cmpint (units_below (district, "582"), ==, units_below (district_before, "582") - 1);
}

/* The real reform on the demo: districts gone after 1/7/2025, Khánh Hòa holds the communes. */
static void
test_import_reform (void)
{
  g_autofree char *file = gb_test_shared_data ("vietnam/reform-2025-07-01.json");
  g_autofree char *db = NULL;
  g_autofree char *out = NULL;

  if (file == NULL)
    {
      g_test_skip ("shared/data/vietnam/reform-2025-07-01.json is absent");
      return;
    }
  db = demo_db ();
  g_assert_cmpint (gb_test_run_cli (db, &out, NULL, "import-reform", file, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "24 communes"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, NULL, "units", "list", "--date", "2025-07-01", "--level", "district", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, NULL, "units", "list", "--date", "2025-06-30", "--level", "district", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "582\tdistrict\t58\t"));
}

/* backup, then demo remove, then restore: the rows come back; a corrupt file is refused. */
static void
test_backup_restore (void)
{
  g_autofree char *db = demo_db ();
  g_autofree char *dir = gb_test_temp_dir ("gb-cli-backup-XXXXXX");
  g_autofree char *backup = g_build_filename (dir, "week.db", NULL);
  g_autofree char *bad = gb_test_write_temp ("bad.db", "SQLite format 3\0 but nothing after", 36);
  g_autofree char *before = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "backup", backup, NULL), ==, 0);
  before = gb_test_fingerprint (db);
  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "demo", "remove", NULL), ==, 0);
  removed = gb_test_fingerprint (db);
  g_assert_cmpstr (removed, !=, before);
  /* Removed stays removed: the next command does not load the demo again. */
  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "info", NULL), ==, 0);
  g_assert_cmpstr (gb_test_fingerprint (db), ==, removed);

  g_assert_cmpint (gb_test_run_cli (db, NULL, &err, "restore", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (err, bad));
  g_assert_cmpstr (gb_test_fingerprint (db), ==, removed);

  g_assert_cmpint (gb_test_run_cli (db, &out, NULL, "restore", backup, NULL), ==, 0);
  g_assert_nonnull (strstr (out, ".before-restore-"));
  after = gb_test_fingerprint (db);
  g_assert_cmpstr (after, ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/units-cli/merge", test_merge);
  g_test_add_func ("/units-cli/levels-after-merge", test_levels_after_merge);
  g_test_add_func ("/units-cli/import-reform", test_import_reform);
  g_test_add_func ("/units-cli/backup-restore", test_backup_restore);
  return g_test_run ();
}
