/* test-notice-cases.c — notices as they really arrive: small cases per construction, positive
 * and negative, then the real notices in ../shared/data/notices (skipped when absent)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case is a text and what must be read from it, one check a line:
 *   kind=…  number=…  issuer=…  date=…  subject=…  place=…  meeting_date=…   ("-" for none)
 *   items=N   paths=1,2,2.1   refs=N   ref0=kind|number|date   addressees=N
 *   recipients=A|B ("Như trên" resolved)   printed=A|B (as printed)   resolved=A|B   signer=…
 *   unsure=number,date (exactly these notice fields)   sure=number (not unsure)
 *   i0.units=A|B (exactly)   i0.has=A   i0.lacks=A   i0.due=…   i0.period=START..END
 *   i0.text^=prefix   i0.unsure=units (among others)   i0.sure=units
 * The texts are written after real documents of 2020–2022 (central, provincial, district,
 * department; party and state formats); names and numbers are changed where they were private.
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser.h"
#include "gb-notice-source.h"

typedef struct
{
  const char *name;
  const char *text;
  const char *expect;
} Case;

static const char *
or_null (const char *s)
{
  return (s != NULL && strcmp (s, "-") == 0) ? NULL : s;
}

static char *
joined_units (const GbNoticeItem *it)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < it->units->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, '|');
      g_string_append (s, ((GbNoticeUnit *) g_ptr_array_index (it->units, i))->name);
    }
  return g_string_free (s, FALSE);
}

static char *
joined (GPtrArray *strings)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, '|');
      g_string_append (s, g_ptr_array_index (strings, i));
    }
  return g_string_free (s, FALSE);
}

static guint
fields_of (const char *names)
{
  g_auto(GStrv) parts = g_strsplit (names, ",", -1);
  guint flags = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    for (guint bit = 0; bit < 16; bit++)
      if (g_strcmp0 (gb_notice_field_to_string (1u << bit), parts[i]) == 0)
        flags |= 1u << bit;
  return flags;
}

static const GbNoticeItem *
nth_item (const GbNotice *n,
          guint           i,
          const char     *name)
{
  if (i >= n->items->len)
    g_error ("%s: no item %u (%u items)", name, i, n->items->len);
  return g_ptr_array_index (n->items, i);
}

static void
check_item (const Case     *c,
            const GbNotice *n,
            const char     *key,
            const char     *value)
{
  guint i = (guint) g_ascii_strtoull (key + 1, NULL, 10);
  const char *what = strchr (key, '.') + 1;
  const GbNoticeItem *it = nth_item (n, i, c->name);

  if (g_str_equal (what, "units"))
    {
      g_autofree char *u = joined_units (it);
      g_assert_cmpstr (u, ==, value);
    }
  else if (g_str_equal (what, "has"))
    g_assert_true (gb_notice_item_has_unit (it, value));
  else if (g_str_equal (what, "lacks"))
    g_assert_false (gb_notice_item_has_unit (it, value));
  else if (g_str_equal (what, "due"))
    g_assert_cmpstr (it->due, ==, or_null (value));
  else if (g_str_equal (what, "period"))
    {
      g_autofree char *p = g_strdup_printf ("%s..%s", it->period_start ? it->period_start : "-",
                                            it->period_end ? it->period_end : "-");
      g_assert_cmpstr (p, ==, value);
    }
  else if (g_str_equal (what, "text^"))
    {
      if (!g_str_has_prefix (it->text, value))
        g_error ("%s: item %u reads “%s”, not “%s…”", c->name, i, it->text, value);
    }
  else if (g_str_equal (what, "unsure"))
    g_assert_cmpuint (it->unsure & fields_of (value), ==, fields_of (value));
  else if (g_str_equal (what, "sure"))
    g_assert_cmpuint (it->unsure & fields_of (value), ==, 0);
  else
    g_error ("%s: unknown item check %s", c->name, key);
}

static void
check (const Case     *c,
       const GbNotice *n,
       const char     *key,
       const char     *value)
{
  g_test_message ("%s: %s=%s", c->name, key, value);
  if (key[0] == 'i' && g_ascii_isdigit (key[1]))
    check_item (c, n, key, value);
  else if (g_str_equal (key, "kind"))
    g_assert_cmpstr (n->kind, ==, or_null (value));
  else if (g_str_equal (key, "number"))
    g_assert_cmpstr (n->number, ==, or_null (value));
  else if (g_str_equal (key, "issuer"))
    g_assert_cmpstr (n->issuer, ==, or_null (value));
  else if (g_str_equal (key, "date"))
    g_assert_cmpstr (n->date, ==, or_null (value));
  else if (g_str_equal (key, "meeting_date"))
    g_assert_cmpstr (n->meeting_date, ==, or_null (value));
  else if (g_str_equal (key, "subject"))
    g_assert_cmpstr (n->subject, ==, or_null (value));
  else if (g_str_equal (key, "place"))
    g_assert_cmpstr (n->place, ==, or_null (value));
  else if (g_str_equal (key, "signer"))
    g_assert_cmpstr (n->signer, ==, or_null (value));
  else if (g_str_equal (key, "items"))
    g_assert_cmpuint (n->items->len, ==, g_ascii_strtoull (value, NULL, 10));
  else if (g_str_equal (key, "addressees"))
    g_assert_cmpuint (n->addressees->len, ==, g_ascii_strtoull (value, NULL, 10));
  else if (g_str_equal (key, "refs"))
    g_assert_cmpuint (n->references->len, ==, g_ascii_strtoull (value, NULL, 10));
  else if (g_str_equal (key, "recipients"))
    {
      g_autofree char *r = joined (n->recipients);
      g_assert_cmpstr (r, ==, value);
    }
  else if (g_str_equal (key, "printed"))
    {
      g_autofree char *r = joined (n->recipients_printed);
      g_assert_cmpstr (r, ==, value);
    }
  else if (g_str_equal (key, "resolved"))
    {
      g_autoptr(GPtrArray) all = gb_notice_dup_recipients_resolved (n);
      g_autofree char *r = joined (all);
      g_assert_cmpstr (r, ==, value);
    }
  else if (g_str_equal (key, "paths"))
    {
      GString *s = g_string_new (NULL);
      g_autofree char *got = NULL;

      for (guint i = 0; i < n->items->len; i++)
        g_string_append_printf (s, "%s%s", i ? "," : "", ((GbNoticeItem *) g_ptr_array_index (n->items, i))->path);
      got = g_string_free (s, FALSE);
      g_assert_cmpstr (got, ==, value);
    }
  else if (g_str_has_prefix (key, "ref"))
    {
      guint i = (guint) g_ascii_strtoull (key + 3, NULL, 10);
      const GbNoticeReference *r;
      g_autofree char *got = NULL;

      g_assert_cmpuint (i, <, n->references->len);
      r = g_ptr_array_index (n->references, i);
      got = g_strdup_printf ("%s|%s|%s", r->kind, r->number, r->date ? r->date : "-");
      g_assert_cmpstr (got, ==, value);
    }
  else if (g_str_equal (key, "unsure"))
    g_assert_cmpuint (n->unsure, ==, fields_of (value));
  else if (g_str_equal (key, "sure"))
    g_assert_cmpuint (n->unsure & fields_of (value), ==, 0);
  else
    g_error ("%s: unknown check %s", c->name, key);
}

static void
run_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = gb_notice_parse (c->text, -1, NULL, &error);
  g_auto(GStrv) lines = g_strsplit (c->expect, "\n", -1);

  g_assert_no_error (error);
  g_assert_nonnull (n);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *eq = strchr (lines[i], '=');
      g_autofree char *key = NULL;

      if (*lines[i] == '\0')
        continue;
      g_assert_nonnull (eq);
      key = g_strndup (lines[i], eq - lines[i]);
      check (c, n, key, eq + 1);
    }
}

#include "notice-cases.inc"

/* The real notices of ../shared/data/notices: inputs beside the repository, never copied in. */
static GbNotice *
parse_shared (const char *file)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *path = g_build_filename (srcdir ? srcdir : "tests", "..", "..", "shared", "data", "notices", file, NULL);
  g_autoptr(GError) error = NULL;
  GbNotice *n;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("../shared/data/notices is not beside the repository");
      return NULL;
    }
  n = gb_notice_parse_file (path, NULL, &error);
  g_assert_no_error (error);
  return n;
}

static void
run_shared (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GbNotice) n = parse_shared (c->text);
  g_auto(GStrv) lines = NULL;

  if (n == NULL)
    return;
  lines = g_strsplit (c->expect, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *eq = strchr (lines[i], '=');
      g_autofree char *key = NULL;

      if (*lines[i] == '\0')
        continue;
      key = g_strndup (lines[i], eq - lines[i]);
      check (c, n, key, eq + 1);
    }
}

/* OCR text without diacritics saved by Windows: a few Windows-1258 bytes in ASCII text are read,
 * not refused; bytes that are mostly high are still told by their words (test-legacy-vn). */
static void
test_ocr_windows_1258 (void)
{
  static const char text[] =
    "UY BAN NHAN DAN HUYEN HIEP HOA\nSo 601/UBND-YT\n\n"
    "1. Thuc hien nghiem viec c\xe1" "ch ly to\xe0" "n x\xe3" " hoi trong vong 15 ngay tren pham vi toan huyen.\n"
    "2. Dung toan bo hoat dong van chuyen hanh khach cong cong tren dia ban huyen.\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *utf8 = gb_notice_read_text_from_bytes (bytes, "ocr.txt", &error);
  g_autoptr(GbNotice) n = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (utf8, "cách ly toàn xă"));
  n = gb_notice_parse (utf8, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (n->number, ==, "601/UBND-YT");
  g_assert_cmpuint (n->items->len, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/notice-cases/ocr/windows-1258", test_ocr_windows_1258);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/notice-cases/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], run_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (shared_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/notice-cases/real/%s", shared_cases[i].name);
      g_test_add_data_func (path, &shared_cases[i], run_shared);
    }
  return g_test_run ();
}
