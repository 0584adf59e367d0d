/* test-sync-json.c — the sync client's flat JSON reader, and the codec reading rows through it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-error.h"
#include "gb-store.h"
#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-sync-codec.h"
#include "gb-sync-json.h"
#include "gb-test-util.h"

/* Whatever json-glib reads, the flat reader reads the same (compared as canonical text). */
static void
test_same_as_json_glib (void)
{
  static const char *docs[] = {
    "{}",
    "[]",
    " \t\r\n{ \"a\" : 1 , \"b\" : [ ] , \"c\" : { } } \n",
    "{\"changes\":[{\"seq\":1,\"table\":\"units\",\"op\":\"upsert\",\"key\":{\"code\":\"01\"},"
    "\"row\":{\"code\":\"01\",\"level\":1,\"name\":\"Hà Nội\",\"min_lon\":105.28,\"pop_18\":null}}],"
    "\"since\":0,\"next\":1,\"last\":1,\"more\":false}",
    "[0,-0,1,-1,9223372036854775807,-9223372036854775808,1.5,-2.25e3,1E-2,0.0,1e2]",
    "[true,false,null,\"\",\"x\"]",
    "\"Tổ chức xét nghiệm \\\"nhanh\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"",
    "[\"\\u00e9\\u1EA1\\uD83D\\uDE00 \\u0041\", \"😀\"]",
    "{\"a\":{\"b\":{\"c\":{\"d\":[[[[1]]]]}}}}",
    "{\"dup\":1,\"dup\":2}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GbJsonDoc) doc = gb_json_doc_parse (docs[i], strlen (docs[i]), &error);
      g_autoptr(JsonNode) expected = json_from_string (docs[i], NULL);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_test_message ("%s", docs[i]);
      g_assert_no_error (error);
      g_assert_nonnull (doc);
      g_assert_nonnull (expected);
      node = gb_json_doc_to_node (doc, 0);
      a = gb_sync_canonical_json (node);
      b = gb_sync_canonical_json (expected);
      g_assert_cmpstr (a, ==, b);
    }
}

static void
test_numbers (void)
{
  const char *text = "[9223372036854775807,-9223372036854775808,9223372036854775808,12,-0,2.5,1e3]";
  g_autoptr(GbJsonDoc) doc = gb_json_doc_parse (text, strlen (text), NULL);
  guint i;

  g_assert_nonnull (doc);
  g_assert_cmpuint (doc->vals[0].len, ==, 7);
  i = 1;
  g_assert_cmpint (doc->vals[i].type, ==, GB_JSON_INT);
  g_assert_cmpint (doc->vals[i].v.i, ==, G_MAXINT64);
  i = doc->vals[i].end;
  g_assert_cmpint (doc->vals[i].type, ==, GB_JSON_INT);
  g_assert_cmpint (doc->vals[i].v.i, ==, G_MININT64);
  i = doc->vals[i].end;
  /* Past 64 bits: a real, which no integer column takes. */
  g_assert_cmpint (doc->vals[i].type, ==, GB_JSON_REAL);
  i = doc->vals[i].end;
  g_assert_cmpint (doc->vals[i].type, ==, GB_JSON_INT);
  g_assert_cmpint (doc->vals[i].v.i, ==, 12);
  i = doc->vals[i].end;
  g_assert_cmpint (doc->vals[i].type, ==, GB_JSON_INT);
  g_assert_cmpint (doc->vals[i].v.i, ==, 0);
  i = doc->vals[i].end;
  g_assert_cmpint (doc->vals[i].type, ==, GB_JSON_REAL);
  g_assert_cmpfloat (doc->vals[i].v.r, ==, 2.5);
  i = doc->vals[i].end;
  g_assert_cmpint (doc->vals[i].type, ==, GB_JSON_REAL);
  g_assert_cmpfloat (doc->vals[i].v.r, ==, 1000.0);
  g_assert_cmpuint (doc->vals[i].end, ==, doc->n_vals);
}

/* Anything that is not exactly one JSON value is refused, wherever the fault is. */
static void
test_malformed (void)
{
  static const char *bad[] = {
    "", " ", "{", "}", "[", "{\"a\":1", "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{'a':1}", "{a:1}",
    "{\"a\" 1}", "{\"a\":}", "{\"a\"::1}", "{1:2}", "01", "-", "1.", "1e", "1e+", ".5", "+1", "0x10",
    "tru", "nul", "falsey", "True", "NaN", "Infinity", "\"abc", "\"a\\x\"", "\"a\\u12\"", "\"a\\u12G4\"",
    "\"\\ud800\"", "\"\\ud800x\"", "\"\\ud800\\u0041\"", "\"\\udc00\"", "\"a\x01" "b\"", "\"a\tb\"",
    "\"\xff\"", "\"\xc3\"", "\"\xed\xa0\x80\"", "\"\\u0000\"", "{} {}", "[1] x", "1 2", "/*c*/{}",
    "{\"a\":1}//", "\"abc\\",
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) ok_deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GbJsonDoc) doc = gb_json_doc_parse (bad[i], strlen (bad[i]), &error);

      g_test_message ("%u: %s", i, bad[i]);
      g_assert_null (doc);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }

  /* A NUL inside the text, and text cut inside an escape. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbJsonDoc) doc = gb_json_doc_parse ("{\"a\":1}\0", 8, &error);

    g_assert_null (doc);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbJsonDoc) doc = gb_json_doc_parse ("\"\\u00e9\"", 5, &error);

    g_assert_null (doc);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }

  /* Nesting: 64 levels are read, 65 are not (no unbounded recursion on a hostile answer). */
  for (guint i = 0; i < 64; i++)
    g_string_append_c (ok_deep, '[');
  for (guint i = 0; i < 64; i++)
    g_string_append_c (ok_deep, ']');
  {
    g_autoptr(GbJsonDoc) doc = gb_json_doc_parse (ok_deep->str, ok_deep->len, NULL);

    g_assert_nonnull (doc);
  }
  for (guint i = 0; i < 65; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 65; i++)
    g_string_append_c (deep, ']');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GbJsonDoc) doc = gb_json_doc_parse (deep->str, deep->len, &error);

    g_assert_null (doc);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

static void
test_members (void)
{
  const char *text = "{\"a\":1,\"b\":{\"a\":\"inner\"},\"c\":null,\"a\":\"last\",\"e\":[1,{\"x\":2}],\"f\":true}";
  g_autoptr(GbJsonDoc) doc = gb_json_doc_parse (text, strlen (text), NULL);
  GbJsonObjectRef root = { NULL, 0 };
  GbSyncValue v;
  guint b, n = 0;

  g_assert_nonnull (doc);
  root.doc = doc;
  /* Named twice: the last one, as json-glib keeps it. */
  g_assert_cmpstr (doc->vals[gb_json_doc_member (doc, 0, "a")].v.s, ==, "last");
  b = gb_json_doc_member (doc, 0, "b");
  g_assert_cmpint (doc->vals[b].type, ==, GB_JSON_OBJECT);
  g_assert_cmpstr (doc->vals[gb_json_doc_member (doc, b, "a")].v.s, ==, "inner");
  g_assert_cmpuint (gb_json_doc_member (doc, 0, "x"), ==, 0);
  g_assert_cmpuint (gb_json_doc_member (doc, 0, ""), ==, 0);
  g_assert_cmpuint (gb_json_doc_member (doc, gb_json_doc_member (doc, 0, "e"), "x"), ==, 0);
  for (guint i = GB_JSON_FIRST_MEMBER (doc, 0); i < doc->vals[0].end; i = GB_JSON_NEXT_MEMBER (doc, i))
    n++;
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (doc->vals[0].len, ==, 6);

  gb_json_doc_sync_member (&root, "a", &v);
  g_assert_cmpint (v.type, ==, GB_SYNC_VALUE_STRING);
  gb_json_doc_sync_member (&root, "b", &v);
  g_assert_cmpint (v.type, ==, GB_SYNC_VALUE_OTHER);
  gb_json_doc_sync_member (&root, "c", &v);
  g_assert_cmpint (v.type, ==, GB_SYNC_VALUE_NULL);
  gb_json_doc_sync_member (&root, "e", &v);
  g_assert_cmpint (v.type, ==, GB_SYNC_VALUE_OTHER);
  gb_json_doc_sync_member (&root, "f", &v);
  g_assert_cmpint (v.type, ==, GB_SYNC_VALUE_BOOLEAN);
  g_assert_cmpint (v.i, ==, 1);
  gb_json_doc_sync_member (&root, "zz", &v);
  g_assert_cmpint (v.type, ==, GB_SYNC_VALUE_ABSENT);
}

/* Applies one case_reports change read by the flat reader, as the client does. */
static gboolean
apply_text (GbStore     *store,
            const char  *change,
            GError     **error)
{
  g_autoptr(GbJsonDoc) doc = gb_json_doc_parse (change, strlen (change), NULL);
  guint key, row;
  GbJsonObjectRef k, r;
  gboolean ok;

  g_assert_nonnull (doc);
  key = gb_json_doc_member (doc, 0, "key");
  row = gb_json_doc_member (doc, 0, "row");
  k.doc = r.doc = doc;
  k.object = key;
  r.object = row;
  g_assert_true (gb_store_begin (store, NULL));
  ok = gb_sync_codec_apply_members (store, "case_reports", "upsert", gb_json_doc_sync_member, &k,
                                    doc->vals[key].len, row != 0 && doc->vals[row].type == GB_JSON_OBJECT ? &r : NULL,
                                    error);
  if (ok)
    g_assert_true (gb_store_commit (store, NULL));
  else
    gb_store_rollback (store);
  return ok;
}

/* The codec reading a flat document: types checked before anything is written, a unit named
 * before it arrives made as a placeholder, an existing one left as it is. */
static void
test_codec_flat_rows (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GArray) reports = NULL;
  g_autoptr(GArray) others = NULL;
  g_autoptr(GbUnit) unit = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GbUnit *u;

  g_assert_no_error (error);
  u = gb_unit_new ();
  u->code = g_strdup ("22846");
  u->level = GB_UNIT_LEVEL_COMMUNE;
  u->name = g_strdup ("Phước Dân");
  u->population = 1234;
  u->pop_18 = u->pop_65 = -1;
  g_assert_true (gb_store_put_unit (store, u, NULL, &error));
  gb_unit_free (u);

  before = gb_test_fingerprint (path);
  g_assert_false (apply_text (store, "{\"key\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\"},"
                              "\"row\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\",\"community\":\"3\","
                              "\"quarantine\":0,\"unknown_source\":0,\"simulated\":0,\"received_at\":\"x\"}}", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "community"));
  g_clear_error (&error);
  g_assert_false (apply_text (store, "{\"key\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\"},"
                              "\"row\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\",\"community\":1.5,"
                              "\"quarantine\":0,\"unknown_source\":0,\"simulated\":0,\"received_at\":\"x\"}}", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (apply_text (store, "{\"key\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\"},"
                              "\"row\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\",\"community\":1,"
                              "\"quarantine\":0,\"unknown_source\":0,\"simulated\":0}}", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "received_at"));
  g_clear_error (&error);
  g_assert_false (apply_text (store, "{\"key\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\",\"x\":1},"
                              "\"row\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\",\"community\":1,"
                              "\"quarantine\":0,\"unknown_source\":0,\"simulated\":0,\"received_at\":\"x\"}}", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (apply_text (store, "{\"key\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\"},\"row\":[]}", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);

  /* An existing unit: the row is written, the unit untouched. */
  g_assert_true (apply_text (store, "{\"key\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\"},"
                             "\"row\":{\"date\":\"2021-09-01\",\"unit_code\":\"22846\",\"community\":3,"
                             "\"quarantine\":1,\"unknown_source\":0,\"deaths\":null,\"simulated\":0,"
                             "\"received_at\":\"2021-09-01T10:00:00Z\"}}", &error));
  g_assert_no_error (error);
  unit = gb_store_get_unit (store, "22846", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (unit->name, ==, "Phước Dân");
  g_assert_cmpint (unit->population, ==, 1234);
  g_clear_pointer (&unit, gb_unit_free);

  /* A unit not here yet: a placeholder, filled in when the unit's own change comes. */
  g_assert_true (apply_text (store, "{\"key\":{\"date\":\"2021-09-01\",\"unit_code\":\"22849\"},"
                             "\"row\":{\"date\":\"2021-09-01\",\"unit_code\":\"22849\",\"community\":2,"
                             "\"quarantine\":0,\"unknown_source\":0,\"simulated\":1,"
                             "\"received_at\":\"2021-09-01T10:00:00Z\"}}", &error));
  g_assert_no_error (error);
  unit = gb_store_get_unit (store, "22849", &error);
  g_assert_no_error (error);
  g_assert_nonnull (unit);
  g_assert_cmpint (unit->level, ==, GB_UNIT_LEVEL_COMMUNE);

  reports = gb_store_get_case_reports (store, "22846", "2021-09-01", "2021-09-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpint (g_array_index (reports, GbCaseReport, 0).community, ==, 3);
  g_assert_cmpint (g_array_index (reports, GbCaseReport, 0).quarantine, ==, 1);
  others = gb_store_get_case_reports (store, "22849", "2021-09-01", "2021-09-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (others->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/json/same-as-json-glib", test_same_as_json_glib);
  g_test_add_func ("/sync/json/numbers", test_numbers);
  g_test_add_func ("/sync/json/malformed", test_malformed);
  g_test_add_func ("/sync/json/members", test_members);
  g_test_add_func ("/sync/json/codec-flat-rows", test_codec_flat_rows);
  return g_test_run ();
}
