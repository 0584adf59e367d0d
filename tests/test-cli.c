/* test-cli.c — giaoban-cli's exit codes and messages
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <string.h>

#include "gb-test-util.h"

static const char *cli_path;

static int
run_cli (const char  *db,
         char       **out,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) cli_path);
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
test_help (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (db, &out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "import-boundaries"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));   /* --help touches nothing */
}

static void
test_info_loads_demo (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (db, &out, &err, "info", NULL), ==, 0);
  g_assert_nonnull (strstr (out, db));
  g_assert_true (g_regex_match_simple ("units\\s+73\\n", out, 0, 0));
  g_assert_true (g_regex_match_simple ("case_reports\\s+[1-9][0-9]*\\n", out, 0, 0));
}

static void
test_unknown_command (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (db, &out, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
}

static void
test_import_errors (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *bad = gb_test_write_temp ("bad.geojson", "{\"type\": \"FeatureCollection\", \"features\": [", -1);
  g_autofree char *csv = gb_test_write_temp ("bad.csv", "unit_code,date,community\n22738,2021-13-01,1\n", -1);
  g_autofree char *good = gb_test_write_temp ("good.csv", "unit_code,date,community,quarantine\n22738,2021-09-01,2,1\n", -1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* Usage errors exit 2. */
  g_assert_cmpint (run_cli (db, &out, &err, "import-boundaries", bad, NULL), ==, 2);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "import-cases", NULL), ==, 2);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);

  /* Failed imports exit 1, name the file, and change nothing. */
  g_assert_cmpint (run_cli (db, &out, &err, "info", NULL), ==, 0);
  before = gb_test_fingerprint (db);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "import-boundaries", "--level", "district", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "bad.geojson"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "import-cases", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "bad.csv:2"));
  after = gb_test_fingerprint (db);
  g_assert_cmpstr (before, ==, after);

  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "import-cases", good, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 row"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_path = g_getenv ("GIAOBAN_CLI");
  g_assert_nonnull (cli_path);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/info-loads-demo", test_info_loads_demo);
  g_test_add_func ("/cli/unknown-command", test_unknown_command);
  g_test_add_func ("/cli/import-errors", test_import_errors);
  return g_test_run ();
}
