/* gb-notice-parser-header.c — the header: issuer block, number, place and date, kind and subject
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser-private.h"

static const char *const title_kinds[][2] = {
  { "THÔNG BÁO KẾT LUẬN", "thông báo kết luận" }, { "THÔNG BÁO", "thông báo" },
  { "CHỈ THỊ", "chỉ thị" }, { "CÔNG ĐIỆN", "công điện" }, { "ĐIỆN", "điện" },
  { "KẾT LUẬN", "kết luận" }, { "NGHỊ QUYẾT", "nghị quyết" }, { "KẾ HOẠCH", "kế hoạch" },
  { "QUYẾT ĐỊNH", "quyết định" }, { "HƯỚNG DẪN", "hướng dẫn" }, { "CÔNG VĂN", "công văn" },
  { "BÁO CÁO", "báo cáo" },
};

/* Abbreviations that stay in capitals when an all-capital title is put in sentence case. */
static const char *const title_abbreviations[] = {
  "UBND", "HĐND", "MTTQ", "BCĐ", "TW", "COVID", "SARS", "CP", "TTg", "BYT", "KT-XH", "THPT",
};

/* "TĂNG CƯỜNG CÁC BIỆN PHÁP … COVID-19" → "Tăng cường các biện pháp … COVID-19"; text that is not
 * all capitals is kept as written. */
static char *
sentence_case (const char *text)
{
  g_auto(GStrv) words = NULL;
  GString *s;

  if (!gb_parser_is_upper_line (text))
    return g_strdup (text);
  words = g_strsplit (text, " ", -1);
  s = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean keep = strpbrk (words[i], "0123456789") != NULL;

      for (guint k = 0; !keep && k < G_N_ELEMENTS (title_abbreviations); k++)
        {
          g_autofree char *bare = g_strdup (words[i]);
          g_strdelimit (bare, ",.;:()", ' ');
          g_strstrip (bare);
          keep = strcmp (bare, title_abbreviations[k]) == 0;
        }
      if (i > 0)
        g_string_append_c (s, ' ');
      if (keep)
        g_string_append (s, words[i]);
      else
        {
          g_autofree char *down = g_utf8_strdown (words[i], -1);
          g_string_append (s, down);
        }
    }
  /* The first letter in capitals. */
  if (s->len > 0)
    {
      gunichar c = g_utf8_get_char (s->str);
      char buf[8];
      int n = g_unichar_to_utf8 (g_unichar_toupper (c), buf);
      gsize old = g_utf8_next_char (s->str) - s->str;

      g_string_erase (s, 0, old);
      g_string_prepend_len (s, buf, n);
    }
  return g_string_free (s, FALSE);
}

/* ---- the issuer block ------------------------------------------------------------------- */

/* A header holds two columns flattened into lines: the issuer on the left, often a parent over
 * the issuing body over two or three lines, and on the right the party's or the state's name,
 * the motto, and the place and date. Columns are apart by a tab or a run of spaces on one line
 * (or a Markdown table's bars), or come one after the other or interleaved when a PDF, DOCX or
 * ODT cell is written out whole. The block is read from the raw lines, before paragraphs are
 * joined and runs of spaces collapsed, and only from the top of the text. */

/* More lines than any real issuer has: capitals that long are a title or body text. */
#define ISSUER_MAX_LINES 5
/* Characters in one line of the block, and bytes in a raw line worth looking at. */
#define ISSUER_MAX_CHARS 100
#define HEADER_LINE_MAX_BYTES 4096
/* Non-blank lines, and lines in all, read before giving up on finding the block's end. */
#define HEADER_MAX_LINES 30
#define HEADER_MAX_RAW_LINES 200

typedef enum
{
  ISSUER_NONE,      /* no block at the top: the header paragraphs may still name an issuer */
  ISSUER_FOUND,
  ISSUER_REFUSED,   /* capitals at the top too many or too long to be an issuer */
} IssuerBlock;

typedef enum
{
  HEADER_LINE_SKIP,     /* blank, the right column only, or a decoration ("*", "-----") */
  HEADER_LINE_ISSUER,
  HEADER_LINE_END,      /* the number, a title, a date, lower-case text: the block is over */
  HEADER_LINE_TOO_LONG, /* a line of capitals longer than any issuer's */
} HeaderLine;

/* Splits a raw line at column gaps: a tab, a bar or two or more spaces (no-break ones too). */
static GPtrArray *
header_segments (const char *line,
                 gsize       len)
{
  GPtrArray *segs = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0, i = 0;

  while (i < len)
    {
      gsize j = i;
      guint n = 0;
      gboolean hard = FALSE;

      for (;;)
        {
          if (j < len && line[j] == ' ')
            j++;
          else if (j < len && (line[j] == '\t' || line[j] == '|'))
            {
              j++;
              hard = TRUE;
            }
          else if (j + 1 < len && (guchar) line[j] == 0xc2 && (guchar) line[j + 1] == 0xa0)
            j += 2;
          else
            break;
          n++;
        }
      if (j == i)
        {
          i++;
          continue;
        }
      /* A draft's blank day ("ngày      tháng 8") is no gap. */
      if ((hard || n >= 2) && !(i - start >= 5 && (strncmp (line + i - 5, "ngày", 5) == 0
                                                  || strncmp (line + i - 5, "NGÀY", 5) == 0)))
        {
          if (i > start)
            g_ptr_array_add (segs, g_strndup (line + start, i - start));
          start = j;
        }
      i = j;
    }
  if (len > start)
    g_ptr_array_add (segs, g_strndup (line + start, len - start));
  return segs;
}

/* "*", "-----", "___", "---o0o---": the rule under a name. */
static gboolean
is_decoration (const char *s)
{
  GString *rest = g_string_new (NULL);
  gboolean deco;

  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == ' ' || c == '-' || c == '_' || c == '*' || c == '=' || c == '~' || c == '.'
          || c == 0x2013 || c == 0x2014 || c == 0x00b7 || c == 0x2022)
        continue;
      g_string_append_unichar (rest, c);
    }
  deco = rest->len == 0 || g_ascii_strcasecmp (rest->str, "o0o") == 0
         || g_ascii_strcasecmp (rest->str, "0o0") == 0;
  g_string_free (rest, TRUE);
  return deco;
}

/* Stamps printed by the number: not part of the issuer's name. */
static gboolean
is_urgency_mark (const char *folded)
{
  static const char *const marks[] = {
    "khẩn", "thượng khẩn", "hỏa tốc", "hỏa tốc hẹn giờ", "mật", "tối mật", "tuyệt mật",
  };

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (strcmp (folded, marks[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The left column's part of one segment, or NULL when it is all the right column's. */
static char *
left_part (const char *seg)
{
  Regexes *r = gb_parser_regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;
  g_autofree char *s = g_strdup (seg);
  int start, end;

  /* "TỈNH ỦY NINH THUẬN ĐẢNG CỘNG SẢN VIỆT NAM": columns a single space apart. */
  if (g_regex_match (r->right_column, s, 0, &mi) && g_match_info_fetch_pos (mi, 0, &start, &end))
    s[start] = '\0';
  g_clear_pointer (&mi, g_match_info_free);
  g_strstrip (s);
  if (*s == '\0' || g_regex_match (r->place_date, s, 0, NULL))
    return NULL;
  if (g_regex_match (r->header_date, s, 0, &mi) && g_match_info_fetch_pos (mi, 0, &start, &end))
    {
      GString *upper = g_string_new (NULL);
      g_auto(GStrv) words = NULL;

      if (start == 0)
        {
          g_string_free (upper, TRUE);
          return NULL;
        }
      /* "COVID-19 Ninh Thuận, ngày …": the capitals before the place are the issuer's. */
      s[start] = '\0';
      words = g_strsplit (s, " ", -1);
      for (guint i = 0; words[i] != NULL; i++)
        {
          gboolean lower = FALSE;
          for (const char *p = words[i]; *p; p = g_utf8_next_char (p))
            lower = lower || g_unichar_islower (g_utf8_get_char (p));
          if (lower)
            break;
          if (upper->len > 0)
            g_string_append_c (upper, ' ');
          g_string_append (upper, words[i]);
        }
      g_free (s);
      s = g_string_free (upper, FALSE);
      g_strstrip (s);
      if (*s == '\0')
        return NULL;
    }
  /* What a cut leaves at the end ("SỞ Y TẾ -"). */
  while (*s != '\0' && strchr (" -,;", s[strlen (s) - 1]) != NULL)
    s[strlen (s) - 1] = '\0';
  return *s != '\0' ? g_steal_pointer (&s) : NULL;
}

static HeaderLine
read_header_line (const char  *line,
                  gsize        len,
                  char       **text)
{
  g_autoptr(GPtrArray) segs = NULL;
  g_autofree char *left = NULL;
  g_autofree char *folded = NULL;

  *text = NULL;
  if (len > HEADER_LINE_MAX_BYTES)
    return HEADER_LINE_TOO_LONG;
  segs = header_segments (line, len);
  for (guint i = 0; i < segs->len && left == NULL; i++)
    {
      g_autofree char *clean = gb_parser_clean_line (g_ptr_array_index (segs, i));
      g_autofree char *nfc = gb_organisations_nfc (clean);
      g_autofree char *f = gb_organisations_fold (nfc);

      if (*nfc == '\0' || is_decoration (nfc) || is_urgency_mark (f))
        continue;
      /* The place and date on a line of their own are the right column's. */
      if (g_regex_match (gb_parser_regexes_get ()->place_date, nfc, 0, NULL))
        continue;
      /* The number ends the block even when its column comes second, and in capitals
       * ("SỐ: 12/SYT-NVY"). */
      if (gb_parser_is_keyword_line (nfc) || gb_parser_has_prefix_word (f, "số")
          || g_regex_match (gb_parser_regexes_get ()->number_loose, nfc, 0, NULL))
        return HEADER_LINE_END;
      {
        g_autofree char *number = gb_parser_find_number (nfc, NULL, NULL, NULL);
        if (number != NULL)
          return HEADER_LINE_END;
      }
      left = left_part (nfc);
    }
  if (left == NULL)
    return HEADER_LINE_SKIP;
  if (gb_parser_is_keyword_line (left) || gb_parser_is_numbered (left) || gb_parser_is_bullet (left) || gb_parser_is_letter_bullet (left)
      || !gb_parser_is_upper_line (left))
    return HEADER_LINE_END;
  {
    g_autofree char *rs = gb_parser_roman_section (left);
    if (rs != NULL)
      return HEADER_LINE_END;
  }
  folded = gb_organisations_fold (left);
  if (gb_parser_has_prefix_word (folded, "về") || gb_parser_has_prefix_word (folded, "v/v"))
    return HEADER_LINE_END;
  for (guint k = 0; k < G_N_ELEMENTS (title_kinds); k++)
    {
      g_autofree char *tk = gb_organisations_fold (title_kinds[k][0]);
      if (gb_parser_has_prefix_word (folded, tk))
        return HEADER_LINE_END;
    }
  if (g_utf8_strlen (left, -1) > ISSUER_MAX_CHARS)
    return HEADER_LINE_TOO_LONG;
  *text = g_steal_pointer (&left);
  return HEADER_LINE_ISSUER;
}

/* Whether a line of capitals names an organisation at all (the block's first line must). */
static gboolean
names_organisation (const char *folded)
{
  static const char *const words[] = {
    "ủy", "ban ", "bộ ", "văn phòng", "chính phủ", "sở ", "ubnd", "hđnd", "bcđ", "cục ",
    "trung tâm", "bệnh viện", "công an", "hội đồng",
  };
  g_autofree char *spaced = g_strconcat (folded, " ", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (spaced, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Whether a line of the block starts a body of its own rather than going on the name above. */
static gboolean
opens_body (const char *folded)
{
  Words *w = gb_parser_words_get ();

  return gb_parser_starts_with_any (folded, w->issuer_heads) > 0 && gb_parser_starts_with_any (folded, w->not_orgs) == 0
         && gb_parser_starts_with_any (folded, w->not_issuer_heads) == 0;
}

/* Reads the issuer block at the top of @text: the parent's line(s) and the issuing body's,
 * as printed, a body under its parent after " – " ("UBND TỈNH NINH THUẬN – SỞ Y TẾ") and a
 * name's wrapped lines joined by a space. */
static IssuerBlock
find_issuer_block (const char  *text,
                   char       **issuer)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;
  guint seen = 0, raw = 0;

  *issuer = NULL;
  while (*p != '\0' && seen < HEADER_MAX_LINES && raw++ < HEADER_MAX_RAW_LINES)
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl != NULL ? (gsize) (nl - p) : strlen (p);
      g_autofree char *t = NULL;
      HeaderLine kind = read_header_line (p, len, &t);

      p = nl != NULL ? nl + 1 : p + len;
      if (kind == HEADER_LINE_SKIP)
        {
          seen += len > 0 ? 1 : 0;
          continue;
        }
      seen++;
      if (kind == HEADER_LINE_END)
        break;
      if (kind == HEADER_LINE_TOO_LONG)
        return lines->len > 0 ? ISSUER_REFUSED : ISSUER_NONE;
      if (lines->len == 0)
        {
          g_autofree char *f = gb_organisations_fold (t);
          if (!names_organisation (f))
            return ISSUER_NONE;
        }
      if (lines->len == ISSUER_MAX_LINES)
        return ISSUER_REFUSED;
      g_ptr_array_add (lines, g_steal_pointer (&t));
    }
  if (lines->len == 0)
    return ISSUER_NONE;

  {
    GString *s = g_string_new (g_ptr_array_index (lines, 0));
    for (guint i = 1; i < lines->len; i++)
      {
        const char *l = g_ptr_array_index (lines, i);
        g_autofree char *f = gb_organisations_fold (l);

        g_string_append (s, opens_body (f) ? " – " : " ");
        g_string_append (s, l);
      }
    *issuer = g_string_free (s, FALSE);
  }
  return ISSUER_FOUND;
}

typedef struct
{
  gboolean after_kind;      /* the previous paragraph was the kind heading ("CÔNG ĐIỆN") */
  gboolean subject_open;    /* the subject came from an all-capital line that may wrap */
  gboolean issuer_known;    /* the issuer block at the top decided the issuer */
} HeaderState;

/* The next line of an all-capital title that wraps: goes on the subject. */
static gboolean
continue_subject (GbNotice   *notice,
                  const char *t)
{
  g_autofree char *more = NULL;
  g_autofree char *first = NULL;
  g_autofree char *lower = NULL;
  char *joined;

  if (notice->subject == NULL || !gb_parser_is_upper_line (t) || gb_parser_is_keyword_line (t)
      || g_utf8_strlen (t, -1) >= 120)
    return FALSE;
  more = sentence_case (t);
  first = g_utf8_substring (more, 0, 1);
  /* Only the first word of the whole title keeps its capital. */
  lower = strncmp (more, t, strcspn (t, " ")) == 0 ? g_strdup (first) : g_utf8_strdown (first, -1);
  joined = g_strconcat (notice->subject, " ", lower, g_utf8_next_char (more), NULL);
  g_free (notice->subject);
  notice->subject = joined;
  return TRUE;
}

/* The title under the kind heading: "VỀ VIỆC …", "Về việc …", "Về tăng cường …" (a chỉ thị), or
 * a plan's own title line. */
static gboolean
title_subject (GbNotice    *notice,
               const char  *t,
               gboolean     after_kind,
               HeaderState *st)
{
  const char *rest = NULL;

  if (notice->subject != NULL || g_str_has_prefix (t, "V/") || g_str_has_prefix (t, "Số")
      || g_str_has_prefix (t, "CỦA ") || g_str_has_prefix (t, "Của ") || g_str_has_prefix (t, "KẾT LUẬN CỦA "))
    return FALSE;
  if (gb_parser_starts_with_ci (t, "Về việc"))
    rest = t + strlen ("Về việc");
  else if (after_kind && gb_parser_starts_with_ci (t, "Về "))
    rest = t + strlen ("Về ");
  else if (after_kind && !gb_parser_is_keyword_line (t) && !gb_parser_is_numbered (t) && g_utf8_strlen (t, -1) <= 200
           && !gb_parser_ends_sentence (t))
    rest = t;
  if (rest == NULL)
    return FALSE;
  while (*rest == ' ' || *rest == ':')
    rest++;
  if (*rest == '\0')
    return FALSE;
  notice->subject = sentence_case (rest);
  st->subject_open = gb_parser_is_upper_line (t);
  return TRUE;
}

/* "Số: 154-CV/TU", perhaps with the right column's place and date on the same line. */
static void
number_line (GbNotice   *notice,
             const char *t)
{
  Regexes *r = gb_parser_regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;
  g_autofree char *kc = NULL;
  g_autofree char *ic = NULL;
  gsize end = 0;

  notice->number = gb_parser_find_number (t, &kc, &ic, &end);
  if (notice->number == NULL)
    {
      /* "Số 369 / PGD&ĐT", OCR's "S6 601 IUBND- YT": kept, and marked for a person to check. */
      if (g_regex_match (r->number_loose, t, 0, &mi))
        {
          g_autofree char *n = gb_parser_match_int (mi, 1) > 0 ? g_match_info_fetch (mi, 1) : NULL;
          g_autofree char *code = g_match_info_fetch (mi, 2);
          g_autofree char *bare = gb_parser_strip_spaces (code);

          if (n != NULL)
            {
              notice->number = g_strdup_printf ("%s/%s", n, bare);
              notice->unsure |= GB_NOTICE_FIELD_NUMBER;
            }
        }
      return;
    }
  if (notice->kind == NULL && gb_parser_kind_for_code (kc))
    notice->kind = g_strdup (gb_parser_kind_for_code (kc));
  if (notice->issuer == NULL && gb_parser_issuer_for_code (ic))
    notice->issuer = g_strdup (gb_parser_issuer_for_code (ic));
  /* The right column's place and date on the number's line of a two-column header. */
  if (notice->date == NULL && g_regex_match (r->place_date, t + end, 0, &mi))
    {
      g_autofree char *place = g_match_info_fetch (mi, 1);
      notice->date = gb_parser_format_date (gb_parser_match_int (mi, 4), gb_parser_match_int (mi, 3),
                                            gb_parser_match_int (mi, 2));
      if (notice->date != NULL)
        {
          g_free (notice->place);
          notice->place = g_strdup (g_strstrip (place));
        }
    }
}

/* The kind a title line names ("thông báo" for folded "thông báo"), or NULL. */
static const char *
title_kind (const char *folded)
{
  for (guint k = 0; k < G_N_ELEMENTS (title_kinds); k++)
    {
      g_autofree char *tk = gb_organisations_fold (title_kinds[k][0]);
      if (g_str_equal (folded, tk))
        return title_kinds[k][1];
    }
  return NULL;
}

/* A line of capitals: the kind heading ("CÔNG ĐIỆN"), the state's name, or the issuer. */
static void
capitals_line (GbNotice    *notice,
               const char  *t,
               HeaderState *st)
{
  g_autofree char *f = gb_organisations_fold (t);
  const char *of = strstr (t, "CỦA ");

  /* "ĐIỆN / CỦA BAN THƯỜNG VỤ TỈNH ỦY", "THÔNG BÁO / KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY", or all on
   * one line: the body named after "CỦA" issued it, and the subject follows. */
  if (of != NULL)
    {
      g_autofree char *head = g_strndup (t, of - t);
      g_autofree char *fh = gb_organisations_fold (head);

      g_strstrip (fh);
      if ((*fh == '\0' && (notice->kind != NULL || st->after_kind)) || g_str_equal (fh, "kết luận") || title_kind (fh) != NULL)
        {
          if (g_str_equal (fh, "kết luận") && g_strcmp0 (notice->kind, "thông báo") == 0)
            {
              g_free (notice->kind);
              notice->kind = g_strdup ("thông báo kết luận");
            }
          else if (*fh != '\0' && title_kind (fh) != NULL && !g_str_equal (fh, "kết luận"))
            {
              g_free (notice->kind);
              notice->kind = g_strdup (title_kind (fh));
            }
          else if (*fh != '\0' && notice->kind == NULL)
            notice->kind = g_strdup ("kết luận");
          g_free (notice->issuer);
          notice->issuer = g_strstrip (g_strdup (of + strlen ("CỦA ")));
          st->after_kind = TRUE;
          return;
        }
    }
  for (guint k = 0; k < G_N_ELEMENTS (title_kinds); k++)
    {
      g_autofree char *tk = gb_organisations_fold (title_kinds[k][0]);
      if (g_str_has_prefix (f, tk) && strlen (f) <= strlen (tk) + 2)
        {
          g_free (notice->kind);
          notice->kind = g_strdup (title_kinds[k][1]);
          st->after_kind = TRUE;
          return;
        }
    }
  if (strstr (f, "cộng sản việt nam") || strstr (f, "cộng hòa") || strstr (f, "độc lập"))
    return;
  /* Without a block at the top, the longest line of capitals naming a body; never one longer
   * than a name is. */
  if (!st->issuer_known && g_utf8_strlen (t, -1) <= ISSUER_MAX_CHARS
      && (names_organisation (f) || gb_parser_has_prefix_word (f, "trường") || gb_parser_has_prefix_word (f, "phòng")))
    {
      if (notice->issuer == NULL || strlen (notice->issuer) < strlen (t))
        {
          g_free (notice->issuer);
          /* "TỈNH ỦY HÀ NAM" → "Tỉnh ủy Hà Nam" would need proper-noun knowledge; keep the
           * capitals as printed. */
          notice->issuer = g_strdup (t);
        }
    }
}

static void
parse_header_para (GbNotice    *notice,
                   const char  *t,
                   HeaderState *st)
{
  Regexes *r = gb_parser_regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;
  gboolean after_kind = st->after_kind;
  gboolean subject_open = st->subject_open;

  st->after_kind = FALSE;
  st->subject_open = FALSE;

  /* An all-capital title may wrap over several lines. */
  if (subject_open && continue_subject (notice, t))
    {
      st->subject_open = TRUE;
      return;
    }
  if (title_subject (notice, t, after_kind, st))
    return;
  if (notice->number == NULL
      && (g_str_has_prefix (t, "Số") || g_str_has_prefix (t, "SỐ") || g_regex_match (r->number_loose, t, 0, NULL)))
    {
      number_line (notice, t);
      return;
    }
  if (notice->date == NULL && g_regex_match (r->place_date, t, 0, &mi))
    {
      g_autofree char *place = g_match_info_fetch (mi, 1);
      /* An impossible date leaves date unset, so a later line may set place again. */
      g_free (notice->place);
      notice->place = g_strdup (g_strstrip (place));
      notice->date = gb_parser_format_date (gb_parser_match_int (mi, 4), gb_parser_match_int (mi, 3),
                                            gb_parser_match_int (mi, 2));
      return;
    }
  if (notice->subject == NULL && (g_str_has_prefix (t, "V/v") || g_str_has_prefix (t, "V/V")))
    {
      const char *s = t + 3;
      while (*s == ' ' || *s == ':')
        s++;
      notice->subject = sentence_case (s);
      /* Only a công văn has a "V/v" line; a state-style symbol ("4168/UBND-KGVX") may not say. */
      if (notice->kind == NULL)
        notice->kind = g_strdup ("công văn");
      return;
    }
  if (gb_parser_is_upper_line (t))
    {
      capitals_line (notice, t, st);
      return;
    }
  /* "kết luận của Thường trực Tỉnh ủy tại …" under a title line: the subject. */
  if (notice->subject == NULL && notice->kind != NULL && g_unichar_islower (g_utf8_get_char (t)))
    notice->subject = g_strdup (t);
}

/* Reads the header: the issuer block at the top of @text, then paragraphs up to @header_end. A
 * refused block leaves only the number's issuer code ("TU" is "Tỉnh ủy"). */
void
gb_parser_read_header (GbNotice   *notice,
                       const char *text,
                       GPtrArray  *paras,
                       guint       header_end)
{
  HeaderState st = { FALSE, FALSE, FALSE };
  g_autofree char *issuer = NULL;

  g_assert (notice != NULL && text != NULL && paras != NULL);

  if (find_issuer_block (text, &issuer) != ISSUER_NONE)
    {
      st.issuer_known = TRUE;
      notice->issuer = g_steal_pointer (&issuer);
    }
  for (guint i = 0; i < header_end && i < paras->len; i++)
    parse_header_para (notice, ((Para *) g_ptr_array_index (paras, i))->text, &st);
}

/* A reprint or a PDF's text without its header: the title line or the lead sentence names the
 * notice itself ("Công văn số 1234/UBND-VX của UBND tỉnh X về việc …", "Chủ tịch UBND tỉnh vừa
 * ban hành Quyết định số 550/QĐ-UBND về …"). A citation ("Thực hiện Công văn số …") does not:
 * the kind must open the paragraph or follow "vừa"/"đã". What comes from here is marked. */
void
gb_parser_read_lead (GbNotice  *notice,
                     GPtrArray *paras,
                     guint      to)
{
  Regexes *r = gb_parser_regexes_get ();

  g_assert (notice != NULL && paras != NULL);

  if (notice->number != NULL)
    return;
  for (guint i = 0; i < MIN (to, MIN (paras->len, 6)); i++)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;
      g_autoptr(GMatchInfo) mi = NULL;
      g_autofree char *who = NULL;
      g_autofree char *kind = NULL;
      g_autofree char *number = NULL;
      g_autofree char *date = NULL;
      g_autofree char *issuer = NULL;
      g_autofree char *subject = NULL;

      if (!g_regex_match (r->lead, t, 0, &mi))
        continue;
      who = g_match_info_fetch (mi, 1);
      kind = g_match_info_fetch (mi, 2);
      number = g_match_info_fetch (mi, 3);
      date = g_match_info_fetch (mi, 4);
      issuer = g_match_info_fetch (mi, 5);
      subject = g_match_info_fetch (mi, 6);
      notice->number = gb_parser_strip_spaces (number);
      g_free (notice->kind);
      notice->kind = g_utf8_strdown (kind, -1);
      if (notice->date == NULL && date != NULL && *date != '\0')
        notice->date = gb_notice_parse_date (date, 0);
      if ((issuer == NULL || *issuer == '\0') && who != NULL)
        {
          g_free (issuer);
          issuer = g_strdup (who);
        }
      if (issuer != NULL && *issuer != '\0' && (notice->issuer == NULL || gb_notice_is_unsure (notice, GB_NOTICE_FIELD_ISSUER)))
        {
          g_free (notice->issuer);
          notice->issuer = g_strstrip (g_steal_pointer (&issuer));
        }
      if (subject != NULL && *subject != '\0' && notice->subject == NULL)
        {
          /* "về thực hiện cách ly xã hội … kể từ 12 giờ …": the subject, not its terms. */
          static const char *const stops[] = { " kể từ ", " theo ", " từ ngày ", " cho đến ", " trên địa bàn" };
          for (guint k = 0; k < G_N_ELEMENTS (stops); k++)
            {
              char *cut = strstr (subject, stops[k]);
              if (cut != NULL)
                *cut = '\0';
            }
          notice->subject = g_strstrip (g_steal_pointer (&subject));
        }
      notice->unsure |= GB_NOTICE_FIELD_KIND | GB_NOTICE_FIELD_NUMBER | GB_NOTICE_FIELD_ISSUER | GB_NOTICE_FIELD_SUBJECT;
      return;
    }
}

/* Whether @text may hold an e-signature stamp: "… ký" words, or a short line that opens with a
 * date and holds a time. Cheaper than the pattern over a long text. */
static gboolean
has_stamp (const char *text)
{
  if (strstr (text, " ký") != NULL || strstr (text, "Ký ") != NULL)
    return TRUE;
  for (const char *l = text; l != NULL && *l; l = strchr (l, '\n') ? strchr (l, '\n') + 1 : NULL)
    {
      const char *nl = strchr (l, '\n');
      gsize n = nl ? (gsize) (nl - l) : strlen (l);

      while (n > 0 && *l == ' ')
        l++, n--;
      if (n >= 14 && n <= 24 && g_ascii_isdigit (l[0]) && memchr (l, '/', n) != NULL && memchr (l, ':', n) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Dates a header did not give: the e-signature stamp's ("Giờ ký: 2020-08-07T08:25") and a
 * conclusion's meeting ("Ngày 12/10/2021, Ban Chỉ đạo tỉnh họp …"), which is offered as the date.
 * Either is marked for a person to check. */
void
gb_parser_read_other_dates (GbNotice   *notice,
                            const char *text,
                            GPtrArray  *paras,
                            guint       from,
                            guint       to)
{
  Regexes *r = gb_parser_regexes_get ();

  g_assert (notice != NULL && text != NULL && paras != NULL);

  for (guint i = 0; i < MIN (to, MAX (from, 2) + 8) && notice->meeting_date == NULL; i++)
    {
      g_autoptr(GMatchInfo) mi = NULL;
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;

      /* "Ngày …", "Sáng ngày …", "Chiều …", "Tối …", "Trưa …" open it. */
      if (strchr ("NnSsCcTt", t[0]) == NULL || t[0] == '\0')
        continue;
      if (g_regex_match (r->meeting, t, 0, &mi))
        {
          g_autofree char *d = g_match_info_fetch (mi, 1);
          notice->meeting_date = gb_notice_parse_date (d, 0);
        }
    }
  if (notice->date == NULL && notice->meeting_date != NULL)
    {
      notice->date = g_strdup (notice->meeting_date);
      notice->unsure |= GB_NOTICE_FIELD_DATE;
    }
  if (notice->date == NULL)
    {
      g_autoptr(GMatchInfo) mi = NULL;

      if (has_stamp (text) && g_regex_match (r->stamp_date, text, 0, &mi))
        {
          if (gb_parser_match_int (mi, 1) > 0)
            notice->date = gb_parser_format_date (gb_parser_match_int (mi, 1), gb_parser_match_int (mi, 2),
                                                  gb_parser_match_int (mi, 3));
          else
            notice->date = gb_parser_format_date (gb_parser_match_int (mi, 6), gb_parser_match_int (mi, 5),
                                                  gb_parser_match_int (mi, 4));
          if (notice->date != NULL)
            notice->unsure |= GB_NOTICE_FIELD_DATE;
        }
    }
}
