/* test-backup.c — backup and restore of the database, removing the demo
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gb-demo.h"
#include "gb-error.h"
#include "gb-series-import.h"
#include "gb-store.h"
#include "gb-store-backup.h"
#include "gb-test-util.h"

static GbStore *
demo_store (char **path)
{
  g_autoptr(GError) error = NULL;
  GbStore *store;

  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_no_error (error);
  g_assert_true (gb_demo_load (store, &error));
  g_assert_no_error (error);
  return store;
}

/* A backup restored over a changed database brings back every row; the changed one is kept. */
static void
test_round_trip (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = demo_store (&path);
  g_autofree char *dir = gb_test_temp_dir ("gb-backup-XXXXXX");
  g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *after = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_print = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbUnit) unit = NULL;

  g_assert_true (gb_store_backup (store, backup, &error));
  g_assert_no_error (error);
  g_assert_true (gb_store_check_backup (backup, &error));
  before = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, gb_test_fingerprint (backup));

  g_assert_true (gb_demo_remove (store, &error));
  g_assert_no_error (error);
  changed = gb_test_fingerprint (path);
  g_assert_cmpstr (changed, !=, before);

  g_assert_true (gb_store_restore (store, backup, &kept, &error));
  g_assert_no_error (error);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (after, ==, before);
  /* The same connection goes on reading the restored rows. */
  unit = gb_store_get_unit (store, "58", &error);
  g_assert_no_error (error);
  g_assert_true (gb_demo_is_loaded (store));
  /* The database as it was before the restore is kept. */
  g_assert_nonnull (kept);
  g_assert_true (g_str_has_prefix (kept, path));
  kept_print = gb_test_fingerprint (kept);
  g_assert_cmpstr (kept_print, ==, changed);
}

/* A file that is not a Giao Ban database, or is damaged, is refused and changes nothing. */
static void
test_refused (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = demo_store (&path);
  g_autofree char *before = gb_test_fingerprint (path);
  g_autofree char *text = gb_test_write_temp ("notes.db", "not a database at all, just some text", -1);
  g_autofree char *dir = gb_test_temp_dir ("gb-backup-XXXXXX");
  g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  sqlite3 *db = NULL;

  g_assert_false (gb_store_restore (store, text, &kept, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_SCHEMA);
  g_clear_error (&error);

  /* Another program's database. */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (gb_store_restore (store, other, &kept, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "not a Giao Ban database"));
  g_clear_error (&error);

  /* A backup with pages overwritten in the middle. */
  g_assert_true (gb_store_backup (store, backup, &error));
  g_assert_true (g_file_get_contents (backup, &contents, &len, &error));
  g_assert_cmpuint (len, >, 64 * 4096);
  memset (contents + 40 * 4096, 0x5a, 8 * 4096);
  g_assert_true (g_file_set_contents (backup, contents, len, &error));
  g_assert_false (gb_store_restore (store, backup, &kept, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_SCHEMA);
  g_clear_error (&error);

  g_assert_false (gb_store_restore (store, "/nonexistent/backup.db", &kept, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
  g_assert_null (kept);

  after = gb_test_fingerprint (path);
  g_assert_cmpstr (after, ==, before);
}

/* The demo comes out, with its notices and simulated series; a real report entered since on
 * one of its communes stays with that commune, and the demo does not come back. */
static void
test_demo_remove (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = demo_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GBytes) csv = NULL;
  const char *text = "unit_code,date,community\n22738,2021-08-01,4\n";
  guint n = 0;

  g_usleep (2000);
  csv = g_bytes_new_static (text, strlen (text));
  g_assert_true (gb_series_import_bytes (store, GB_SERIES_CASES, "real.csv", csv, NULL, FALSE, &n, &error));
  g_assert_no_error (error);

  g_assert_true (gb_demo_remove (store, &error));
  g_assert_no_error (error);
  g_assert_false (gb_demo_is_loaded (store));
  communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, NULL, &error);
  g_assert_cmpuint (communes->len, ==, 1);
  g_assert_cmpstr (((GbUnit *) g_ptr_array_index (communes, 0))->code, ==, "22738");
  rows = gb_store_get_case_reports (store, "22738", NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (g_array_index (rows, GbCaseReport, 0).community, ==, 4);
  g_clear_pointer (&rows, g_array_unref);
  rows = gb_store_get_case_reports (store, "58", NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 0);

  g_assert_true (gb_demo_load_if_empty (store, &error));
  g_assert_false (gb_demo_is_loaded (store));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backup/round-trip", test_round_trip);
  g_test_add_func ("/backup/refused", test_refused);
  g_test_add_func ("/backup/demo-remove", test_demo_remove);
  return g_test_run ();
}
