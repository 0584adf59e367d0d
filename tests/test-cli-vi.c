/* test-cli-vi.c — in the Vietnamese UI the core's error messages and the CLI's item statuses
 * are Vietnamese, not English
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "gb-test-util.h"

static void
test_vietnamese (void)
{
  g_autofree char *db = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *po = NULL;

  if (g_getenv ("GIAOBAN_CLI") == NULL || g_getenv ("G_TEST_BUILDDIR") == NULL)
    {
      g_test_skip ("GIAOBAN_CLI or G_TEST_BUILDDIR is not set");
      return;
    }
  po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  g_setenv ("GIAOBAN_LOCALEDIR", po, TRUE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  db = gb_test_temp_db ();

  /* A core error (the GeoJSON import's). */
  bad = gb_test_write_temp ("units.geojson", "xin chào", -1);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-boundaries", "--level", "commune", bad, NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "JSON sai cú pháp"));
  g_assert_null (strstr (err, "malformed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The items' statuses (the database starts with the demo, its items all new). */
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "items", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Mới"));
  g_assert_null (strstr (out, "] new "));
  g_assert_null (strstr (out, "in_progress"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-vi/vietnamese", test_vietnamese);
  return g_test_run ();
}
