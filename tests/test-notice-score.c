/* test-notice-score.c — does the parser generalise? Whole notices it was never tuned on, the facts
 * a person reads in them, and the share it gets right: at least 90 %, or the test fails
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Unlike test-notice-cases.c, which checks one construction a case and stops at the first wrong
 * fact, this counts every fact of every notice and reports each miss, so a change to the parser
 * shows what it gained and lost. The three real notices of ../shared/data/notices are scored too
 * when they are there.
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser.h"

typedef struct
{
  const char *name;
  const char *text;
  const char *expect;
} Case;

#include "notice-corpus.inc"

/* The facts of the three real notices, as a person reads them (their README says where they
 * come from). The file name stands in the text. */
static const Case shared_corpus[] = {
  { "n01", "n01_hiephoa_pgd_369_2020.txt",
    "kind=công văn\nnumber=369/PGD&ĐT\ndate=2020-08-07\nsubject=đẩy mạnh các biện pháp phòng, chống dịch Covid-19\n"
    "items=6\nrefs=1\nref=công văn|155/UBND-YT|2020-08-06" },
  { "n02", "n02_hiephoa_ubnd_601_2020_ocr.txt",
    "kind=công văn\nnumber=601/UBND-YT\ndate=2020-04-01\nitems=25" },
  { "n03", "n03_bacgiang_qd550_2021_web.txt",
    "kind=quyết định\nnumber=550/QĐ-UBND\nissuer=Chủ tịch UBND tỉnh\nitems=7\nrefs=1\nref=chỉ thị|16/CT-TTg|2020-03-31\n"
    "i5.units=Sở Nông nghiệp và Phát triển nông thôn|Sở Giao thông vận tải|Sở Công Thương\n"
    "i6.units=Các cơ quan, đơn vị liên quan" },
};

typedef struct
{
  guint facts;
  guint right;
} Score;

static const char *
or_null (const char *s)
{
  return (s != NULL && strcmp (s, "-") == 0) ? NULL : s;
}

/* Case, spaces and end punctuation do not make a fact wrong. */
static char *
loose (const char *s)
{
  g_autofree char *n = NULL;
  g_autofree char *f = NULL;
  g_auto(GStrv) words = NULL;
  char *out;
  gsize len;

  if (s == NULL)
    return NULL;
  n = g_utf8_normalize (s, -1, G_NORMALIZE_NFC);
  f = g_utf8_casefold (n, -1);
  words = g_strsplit_set (f, " \t\n", -1);
  out = g_strjoinv (" ", words);
  /* Runs of spaces left empty words: squeeze them. */
  while (strstr (out, "  ") != NULL)
    memmove (strstr (out, "  "), strstr (out, "  ") + 1, strlen (strstr (out, "  ")));
  g_strstrip (out);
  len = strlen (out);
  while (len > 0 && strchr (".,;:/", out[len - 1]) != NULL)
    out[--len] = '\0';
  return out;
}

static gboolean
same_loose (const char *got,
            const char *want)
{
  g_autofree char *a = loose (got);
  g_autofree char *b = loose (want);

  return g_strcmp0 (a, b) == 0;
}

static gboolean
same_units (const GbNoticeItem *it,
            const char         *want)
{
  g_auto(GStrv) names = g_strsplit (want, "|", -1);
  guint n = 0;

  for (guint i = 0; names[i] != NULL; i++)
    if (*names[i] != '\0')
      {
        if (!gb_notice_item_has_unit (it, names[i]))
          return FALSE;
        n++;
      }
  return n == it->units->len;
}

static char *
units_of (const GbNoticeItem *it)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < it->units->len; i++)
    g_string_append_printf (s, "%s%s", i ? "|" : "", ((GbNoticeUnit *) g_ptr_array_index (it->units, i))->name);
  return g_string_free (s, FALSE);
}

static gboolean
has_reference (const GbNotice *n,
               const char     *want)
{
  for (guint i = 0; i < n->references->len; i++)
    {
      const GbNoticeReference *r = g_ptr_array_index (n->references, i);
      g_autofree char *got = g_strdup_printf ("%s|%s|%s", r->kind, r->number, r->date ? r->date : "-");
      if (g_strcmp0 (got, want) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Whether the fact @key=@value holds of @n; *got says what was read instead. */
static gboolean
fact_holds (const GbNotice *n,
            const char     *key,
            const char     *value,
            char          **got)
{
  const char *want = or_null (value);

  if (key[0] == 'i' && g_ascii_isdigit (key[1]))
    {
      guint i = (guint) g_ascii_strtoull (key + 1, NULL, 10);
      const char *what = strchr (key, '.') ? strchr (key, '.') + 1 : "";
      const GbNoticeItem *it;

      if (i >= n->items->len)
        {
          *got = g_strdup_printf ("no item %u", i);
          return FALSE;
        }
      it = g_ptr_array_index (n->items, i);
      if (g_str_equal (what, "units"))
        {
          *got = units_of (it);
          return same_units (it, value);
        }
      if (g_str_equal (what, "due"))
        {
          *got = g_strdup (it->due);
          return g_strcmp0 (it->due, want) == 0;
        }
      g_error ("unknown item fact %s", key);
    }
  if (g_str_equal (key, "kind") || g_str_equal (key, "number") || g_str_equal (key, "date")
      || g_str_equal (key, "meeting_date"))
    {
      const char *v = g_str_equal (key, "kind") ? n->kind : g_str_equal (key, "number") ? n->number
                      : g_str_equal (key, "date") ? n->date : n->meeting_date;
      *got = g_strdup (v);
      return g_strcmp0 (v, want) == 0;
    }
  if (g_str_equal (key, "issuer") || g_str_equal (key, "subject"))
    {
      const char *v = g_str_equal (key, "issuer") ? n->issuer : n->subject;
      *got = g_strdup (v);
      return same_loose (v, want);
    }
  if (g_str_equal (key, "items") || g_str_equal (key, "refs"))
    {
      guint v = g_str_equal (key, "items") ? n->items->len : n->references->len;
      *got = g_strdup_printf ("%u", v);
      return v == g_ascii_strtoull (value, NULL, 10);
    }
  if (g_str_equal (key, "ref"))
    {
      *got = g_strdup_printf ("%u references", n->references->len);
      return has_reference (n, value);
    }
  g_error ("unknown fact %s", key);
}

static void
score_notice (const Case     *c,
              const GbNotice *n,
              Score          *score)
{
  g_auto(GStrv) lines = g_strsplit (c->expect, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *eq = strchr (lines[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *got = NULL;

      if (eq == NULL)
        continue;
      key = g_strndup (lines[i], eq - lines[i]);
      score->facts++;
      if (fact_holds (n, key, eq + 1, &got))
        score->right++;
      else
        g_test_message ("miss %s: %s: want “%s”, read “%s”", c->name, key, eq + 1, got ? got : "(none)");
    }
}

static void
report (const char  *what,
        const Score *s)
{
  g_test_message ("%s: %u of %u facts right (%.1f %%)", what, s->right, s->facts, 100.0 * s->right / MAX (s->facts, 1));
  g_print ("# %s: %u of %u facts right (%.1f %%)\n", what, s->right, s->facts, 100.0 * s->right / MAX (s->facts, 1));
}

/* The notices written for this test: at least 90 % of their facts. */
static void
test_corpus (void)
{
  Score s = { 0, 0 };

  g_assert_cmpuint (G_N_ELEMENTS (corpus), >=, 15);
  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GbNotice) n = gb_notice_parse (corpus[i].text, -1, NULL, &error);

      g_assert_no_error (error);
      score_notice (&corpus[i], n, &s);
    }
  report ("corpus", &s);
  g_assert_cmpuint (s.right * 10, >=, s.facts * 9);
}

/* The real notices beside the repository, when they are there: every fact. */
static void
test_shared (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  Score s = { 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (shared_corpus); i++)
    {
      g_autofree char *path = g_build_filename (srcdir ? srcdir : "tests", "..", "..", "shared", "data", "notices",
                                                shared_corpus[i].text, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GbNotice) n = NULL;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_test_skip ("../shared/data/notices is not beside the repository");
          return;
        }
      n = gb_notice_parse_file (path, NULL, &error);
      g_assert_no_error (error);
      score_notice (&shared_corpus[i], n, &s);
    }
  report ("real notices", &s);
  g_assert_cmpuint (s.right, ==, s.facts);
}

/* The scorer itself: a notice that reads nothing scores nothing. */
static void
test_scorer_can_fail (void)
{
  g_autoptr(GbNotice) n = gb_notice_parse ("Tình hình dịch.\n", -1, NULL, NULL);
  Score s = { 0, 0 };

  score_notice (&corpus[0], n, &s);
  g_assert_cmpuint (s.facts, >, 5);
  g_assert_cmpuint (s.right * 10, <, s.facts * 9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/notice-score/corpus", test_corpus);
  g_test_add_func ("/notice-score/real", test_shared);
  g_test_add_func ("/notice-score/scorer-can-fail", test_scorer_can_fail);
  return g_test_run ();
}
