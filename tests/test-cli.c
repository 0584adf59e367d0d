/* test-cli.c — giaoban-cli's exit codes and messages
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gb-level-engine.h"
#include "gb-store.h"
#include "gb-test-util.h"

static void
test_help (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "import-boundaries"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));   /* --help touches nothing */
}

static void
test_info_loads_demo (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "info", NULL), ==, 0);
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

  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "frobnicate", NULL), ==, 2);
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
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-boundaries", bad, NULL), ==, 2);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-cases", NULL), ==, 2);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);

  /* Failed imports exit 1, name the file, and change nothing. */
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "info", NULL), ==, 0);
  before = gb_test_fingerprint (db);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-boundaries", "--level", "district", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "bad.geojson"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-cases", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "bad.csv:2"));
  after = gb_test_fingerprint (db);
  g_assert_cmpstr (before, ==, after);

  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-cases", good, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 row"));
}

static JsonArray *
parse_units (JsonParser *parser,
             const char *out)
{
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return json_object_get_array_member (root, "units");
}

static JsonObject *
find_unit (JsonArray  *units,
           const char *code)
{
  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonObject *u = json_array_get_object_element (units, i);

      if (g_str_equal (json_object_get_string_member (u, "code"), code))
        return u;
    }
  return NULL;
}

/* The CLI prints what the engine computes, and a declaration shows as declared with the
 * computed level kept beside it. */
static void
test_levels_and_overrides (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  const char *date = "2021-10-20";
  const char *code;
  JsonArray *units;
  JsonObject *u;
  gint64 computed;
  int declared;

  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "levels", "--date", date, "--json", NULL), ==, 0);
  units = parse_units (parser, out);

  store = gb_store_open (db, &error);
  g_assert_no_error (error);
  engine = gb_level_engine_new (store);
  expected = gb_level_engine_compute (engine, date, GB_UNIT_LEVEL_COMMUNE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (units), ==, expected->len);
  g_assert_cmpuint (expected->len, >, 0);
  for (guint i = 0; i < expected->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (expected, i);

      u = find_unit (units, r->unit_code);
      g_assert_nonnull (u);
      g_assert_cmpstr (json_object_get_string_member (u, "reasons"), ==, r->reasons);
      g_assert_cmpstr (json_object_get_string_member (u, "source"), ==, "computed");
      if (r->effective == GB_LEVEL_NO_DATA)
        g_assert_true (json_object_get_null_member (u, "level"));
      else
        g_assert_cmpint (json_object_get_int_member (u, "level"), ==, r->effective);
    }

  /* Declare a level different from the computed one for the first unit with data. */
  u = NULL;
  for (guint i = 0; i < json_array_get_length (units) && u == NULL; i++)
    if (!json_object_get_null_member (json_array_get_object_element (units, i), "level"))
      u = json_array_get_object_element (units, i);
  g_assert_nonnull (u);
  code = json_object_get_string_member (u, "code");
  computed = json_object_get_int_member (u, "level");
  declared = computed == 4 ? 3 : (int) computed + 1;
  {
    g_autofree char *code_copy = g_strdup (code);
    g_autofree char *level_arg = g_strdup_printf ("%d", declared);

    g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
    before = gb_test_fingerprint (db);
    /* Bad input writes nothing. */
    g_assert_cmpint (gb_test_run_cli (db, &out, &err, "override", "add", "--unit", "99999", "--level", "2",
                              "--from", "2021-10-01", "--reason", "x", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "99999"));
    g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
    g_assert_cmpint (gb_test_run_cli (db, &out, &err, "override", "add", "--unit", code_copy, "--level", "7",
                              "--from", "2021-10-01", "--reason", "x", NULL), ==, 1);
    g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
    g_assert_cmpint (gb_test_run_cli (db, &out, &err, "levels", "--date", "2021-02-30", NULL), ==, 2);
    after = gb_test_fingerprint (db);
    g_assert_cmpstr (before, ==, after);

    g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
    g_assert_cmpint (gb_test_run_cli (db, &out, &err, "override", "add", "--unit", code_copy, "--level", level_arg,
                              "--from", "2021-10-15", "--to", "2021-10-31", "--reason", "Kết luận của BCĐ",
                              "--author", "Văn phòng", NULL), ==, 0);
    g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
    g_assert_cmpint (gb_test_run_cli (db, &out, &err, "levels", "--date", date, "--json", NULL), ==, 0);
    g_object_unref (parser);
    parser = json_parser_new ();
    units = parse_units (parser, out);
    u = find_unit (units, code_copy);
    g_assert_cmpstr (json_object_get_string_member (u, "source"), ==, "declared");
    g_assert_cmpint (json_object_get_int_member (u, "level"), ==, declared);
    g_assert_cmpint (json_object_get_int_member (u, "computed"), ==, computed);

    /* Outside the declared range the computed level is back. */
    g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
    g_assert_cmpint (gb_test_run_cli (db, &out, &err, "levels", "--date", "2021-11-01", "--json", NULL), ==, 0);
    g_object_unref (parser);
    parser = json_parser_new ();
    units = parse_units (parser, out);
    g_assert_cmpstr (json_object_get_string_member (find_unit (units, code_copy), "source"), ==, "computed");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("GIAOBAN_CLI"));
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/info-loads-demo", test_info_loads_demo);
  g_test_add_func ("/cli/unknown-command", test_unknown_command);
  g_test_add_func ("/cli/import-errors", test_import_errors);
  g_test_add_func ("/cli/levels-and-overrides", test_levels_and_overrides);
  return g_test_run ();
}
