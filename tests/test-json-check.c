/* test-json-check.c — the strict JSON scanner: what it accepts, what it refuses and where
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-json-check.h"
#include "gb-test-util.h"

static gboolean
check (const char *text,
       gsize       len,
       GError    **error)
{
  return gb_json_check (text, len ? len : strlen (text), GB_JSON_CHECK_MAX_DEPTH, 1024 * 1024, error);
}

/* Everything RFC 8259 allows passes, and json-glib agrees it is JSON. */
static void
test_accepts (void)
{
  static const char * const good[] = {
    "{}", "[]", "0", "-0", "1", "-12.5e+3", "0.5E-7", "1e9", "\"\"", "true", "false", "null",
    " \t\r\n{ \"a\" : [ 1 , 2 , { } , [ ] ] } \n",
    "{\"a\":{\"b\":{\"c\":[null,true,false]}}}",
    "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
    "\"\\u00e9\\u1EA1\"",                 /* é ạ */
    "\"\\ud83d\\ude00\"",                /* a surrogate pair: 😀 */
    "\"họp giao ban — Sở Y tế\"",
    "[\"😀\",\"\xe2\x80\xa8\"]",          /* U+2028 is fine in JSON strings */
    "{\"a\":1,\"a\":2}",                 /* duplicates are the reader's business */
    "[1,[2,[3,[4]]]]",
    "\xef\xbb\xbf{\"type\":\"FeatureCollection\"}",  /* a byte order mark first */
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!check (good[i], 0, &error))
        g_error ("refused %s: %s", good[i], error->message);
      g_assert_true (json_parser_load_from_data (parser, good[i], -1, NULL));
    }
}

typedef struct
{
  const char *text;
  const char *reason;  /* a part of the message */
} Bad;

/* Each refusal says why, and where. */
static void
test_refuses (void)
{
  static const Bad bad[] = {
    { "", "empty" },
    { "   \n ", "empty" },
    { "/* \" */ []", "comments" },
    { "[1, // two\n 2]", "comments" },
    { "{'a': 1}", "single quotes" },
    { "['a']", "single quotes" },
    { "{} x", "after the end" },
    { "[] []", "after the end" },
    { "1 2", "after the end" },
    { "[1,]", "expected a value" },
    { "{\"a\":1,}", "member name" },
    { "{\"a\" 1}", "“:”" },
    { "{a:1}", "member name" },
    { "{1:1}", "member name" },
    { "[1 2]", "“,” or “]”" },
    { "{\"a\":1 \"b\":2}", "“,” or “}”" },
    { "[", "ends inside" },
    { "{\"a\":", "ends inside" },
    { "[1,", "ends inside" },
    { "{", "ends inside" },
    { "]", "expected a value" },
    { "\"abc", "not closed" },
    { "\"a\tb\"", "control character" },
    { "\"a\nb\"", "control character" },
    { "\"\\x41\"", "not a JSON escape" },
    { "\"\\'\"", "not a JSON escape" },
    { "\"\\u12\"", "four hexadecimal" },
    { "\"\\u12g4\"", "four hexadecimal" },
    { "\"\\ud800\"", "surrogate" },
    { "\"\\ud800x\"", "surrogate" },
    { "\"\\ud800\\u0041\"", "surrogate" },
    { "\"\\udc00\"", "surrogate" },
    { "\"\\uDBFF\\uDBFF\"", "surrogate" },
    { "\"a\\u0000b\"", "NUL" },
    { "01", "after the end" },
    { "-", "malformed number" },
    { "1.", "malformed number" },
    { ".5", "expected a value" },
    { "1e", "malformed number" },
    { "1e+", "malformed number" },
    { "+1", "expected a value" },
    { "0x10", "after the end" },
    { "NaN", "expected a value" },
    { "Infinity", "expected a value" },
    { "tru", "expected a value" },
    { "nul", "expected a value" },
    { "True", "expected a value" },
    { "\xef\xbb\xbf", "empty" },
    { "{}\xef\xbb\xbf", "after the end" },
    { "\"\xc3\x28\"", "not UTF-8" },
    { "\"\xed\xa0\x80\"", "not UTF-8" },   /* a surrogate encoded in UTF-8 */
    { "\"\xff\"", "not UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (check (bad[i].text, 0, &error))
        g_error ("accepted %s", bad[i].text);
      g_assert_error (error, GB_ERROR, GB_ERROR_PARSE);
      if (strstr (error->message, bad[i].reason) == NULL)
        g_error ("%s: “%s” does not say “%s”", bad[i].text, error->message, bad[i].reason);
      g_assert_true (g_str_has_prefix (error->message, "line "));
    }
}

static void
test_nul_bytes (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (check ("[1]\0", 4, &error));
  g_assert_nonnull (strstr (error->message, "NUL"));
  g_clear_error (&error);
  g_assert_false (check ("\"a\0b\"", 5, &error));
  g_assert_nonnull (strstr (error->message, "NUL"));
  g_clear_error (&error);
  g_assert_true (gb_json_check (NULL, 0, 4, 10, NULL) == FALSE);
}

/* The line and column (in characters) of the first problem. */
static void
test_position (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (check ("{\n  \"a\": [1,\n  2,, 3]}", 0, &error));
  g_assert_cmpstr (error->message, ==, "line 3, column 5: expected a value, found “,”");
  g_clear_error (&error);
  g_assert_false (check ("[\"ạạ\", x]", 0, &error));
  g_assert_true (g_str_has_prefix (error->message, "line 1, column 8:"));
}

/* max_depth containers pass, one more is refused; siblings are not nesting. */
static void
test_depth (void)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 4; i++)
    g_string_append (s, "[");
  for (guint i = 0; i < 4; i++)
    g_string_append (s, "]");
  g_assert_true (gb_json_check (s->str, s->len, 4, 100, NULL));
  g_assert_false (gb_json_check (s->str, s->len, 3, 100, &error));
  g_assert_nonnull (strstr (error->message, "deeper than 3"));
  g_clear_error (&error);
  g_assert_true (gb_json_check ("{\"a\":{\"b\":[]}}", 14, 3, 100, NULL));
  g_assert_false (gb_json_check ("{\"a\":{\"b\":[{}]}}", 16, 3, 100, NULL));

  /* Thousands of siblings at depth 2. */
  g_string_assign (s, "[");
  for (guint i = 0; i < 5000; i++)
    g_string_append (s, i ? ",{\"k\":[1]}" : "{\"k\":[1]}");
  g_string_append (s, "]");
  g_assert_true (gb_json_check (s->str, s->len, 3, s->len, NULL));
}

/* Hostile texts: deep, long, comment-hidden; refused quickly, without recursion. */
static void
test_hostile (void)
{
  gsize n = 200000;
  g_autoptr(GString) s = g_string_new ("/* \" */");
  g_autoptr(GError) error = NULL;
  g_autofree char *deep = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    g_string_append_c (s, '[');
  g_assert_false (check (s->str, s->len, &error));
  g_assert_nonnull (strstr (error->message, "comments"));
  g_clear_error (&error);

  memset (deep, '[', n);
  g_assert_false (gb_json_check (deep, n, 4096, n, &error));
  g_assert_nonnull (strstr (error->message, "deeper than 4096"));
  g_clear_error (&error);

  g_assert_false (gb_json_check (deep, n, 4096, n - 1, &error));
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_clear_error (&error);

  /* A huge string and a huge number are fine if the size allows. */
  memset (deep, '1', n);
  g_assert_true (gb_json_check (deep, n, 1, n, NULL));
  memset (deep, 'a', n);
  deep[0] = deep[n - 1] = '"';
  g_assert_true (gb_json_check (deep, n, 1, n, NULL));
  deep[n - 1] = 'a';
  g_assert_false (gb_json_check (deep, n, 1, n, &error));
  g_assert_nonnull (strstr (error->message, "not closed"));
}

/* The CLI's JSON readers say what is wrong with a hostile file and change nothing; a GeoJSON
 * nested 100,000 levels deep used to end giaoban-cli with SIGSEGV. */
static void
test_cli_readers (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":");
  g_autofree char *deep_path = NULL;
  g_autofree char *comment_path = NULL;
  g_autofree char *quote_path = NULL;

  if (g_getenv ("GIAOBAN_CLI") == NULL)
    {
      g_test_skip ("GIAOBAN_CLI is not set");
      return;
    }
  /* The CLI's first run sets the database up. */
  g_assert_cmpint (gb_test_run_cli (db, NULL, NULL, "info", NULL), ==, 0);
  before = gb_test_fingerprint (db);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  deep_path = gb_test_write_temp ("deep.geojson", deep->str, deep->len);
  comment_path = gb_test_write_temp ("comment.json", "[ /* \" */ [[[[]]]]]", -1);
  quote_path = gb_test_write_temp ("quote.json", "[{'unit_code': '01', 'date': '2022-01-01'}]", -1);
  {
    struct { const char *command; const char *path; const char *says; } cases[] = {
      { "import-boundaries", deep_path, "deeper than 32 levels" },
      { "import-boundaries", comment_path, "comments are not allowed" },
      { "import-cases", deep_path, "deeper than 32 levels" },
      { "import-cases", comment_path, "comments are not allowed" },
      { "import-vaccinations", quote_path, "single quotes" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        int status;

        if (strcmp (cases[i].command, "import-boundaries") == 0)
          status = gb_test_run_cli (db, &out, &err, cases[i].command, "--level", "district", cases[i].path, NULL);
        else
          status = gb_test_run_cli (db, &out, &err, cases[i].command, cases[i].path, NULL);
        g_assert_cmpint (status, ==, 1);
        if (strstr (err, cases[i].says) == NULL || strstr (err, cases[i].path) == NULL)
          g_error ("%s %s: “%s” does not say “%s”", cases[i].command, cases[i].path, err, cases[i].says);
      }
  }
  after = gb_test_fingerprint (db);
  g_assert_cmpstr (before, ==, after);
}

/* What json-glib misreads is listed with where it is, not refused; the mended copy parses
 * to whole UTF-8 texts. */
static void
test_flaws (void)
{
  static const char text[] = "{\"changes\":[{\"a\":1},{\"key\":{\"uid\":\"x\",\"u\\u0069d\":\"y\"},"
                             "\"row\":[\"ok\",\"a\\u0000\",\"\\ud800\",\"\\ud83d\\ude00\"]}]}";
  g_autoptr(GPtrArray) flaws = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *mended = NULL;
  const GbJsonFlaw *f;

  g_assert_true (gb_json_check_flaws (text, strlen (text), GB_JSON_CHECK_MAX_DEPTH, 1024, &flaws, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (flaws->len, ==, 3);
  f = flaws->pdata[0];
  g_assert_cmpstr (f->path, ==, "changes[1].key.uid");
  g_assert_nonnull (strstr (f->reason, "twice"));
  g_assert_cmpint (f->escape, ==, -1);
  f = flaws->pdata[1];
  g_assert_cmpstr (f->path, ==, "changes[1].row[1]");
  g_assert_nonnull (strstr (f->reason, "NUL"));
  f = flaws->pdata[2];
  g_assert_cmpstr (f->path, ==, "changes[1].row[2]");
  g_assert_nonnull (strstr (f->reason, "surrogate"));
  mended = gb_json_mend (text, strlen (text), flaws);
  g_assert_true (json_parser_load_from_data (parser, mended, -1, NULL));
  g_assert_true (g_utf8_validate (mended, -1, NULL));
  /* The plain check still refuses them, and syntax errors stay errors. */
  g_assert_false (gb_json_check (text, strlen (text), GB_JSON_CHECK_MAX_DEPTH, 1024, NULL));
  g_clear_pointer (&flaws, g_ptr_array_unref);
  g_assert_false (gb_json_check_flaws ("[1,]", 4, GB_JSON_CHECK_MAX_DEPTH, 1024, &flaws, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_PARSE);
  g_assert_null (flaws);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-check/accepts", test_accepts);
  g_test_add_func ("/json-check/flaws", test_flaws);
  g_test_add_func ("/json-check/refuses", test_refuses);
  g_test_add_func ("/json-check/nul-bytes", test_nul_bytes);
  g_test_add_func ("/json-check/position", test_position);
  g_test_add_func ("/json-check/depth", test_depth);
  g_test_add_func ("/json-check/hostile", test_hostile);
  g_test_add_func ("/json-check/cli-readers", test_cli_readers);
  return g_test_run ();
}
