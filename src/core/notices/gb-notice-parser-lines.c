/* gb-notice-parser-lines.c — cleaning lines, telling what each line is, joining them into paragraphs
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser-private.h"

char *
gb_parser_strip_spaces (const char *s)
{
  GString *out = g_string_new (NULL);
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      g_string_append_c (out, *s);
  return g_string_free (out, FALSE);
}

/* ---- cleaning and paragraphs ---------------------------------------------------------- */

/* g_string_replace() moves the rest of the string at each occurrence: quadratic on a
 * megabyte-long line. This copies once. */
static void
replace_all (GString    *s,
             const char *find,
             const char *repl)
{
  gsize flen = strlen (find);
  GString *out;
  const char *p = s->str, *hit;

  if (strstr (s->str, find) == NULL)
    return;
  out = g_string_sized_new (s->len);
  while ((hit = strstr (p, find)) != NULL)
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, repl);
      p = hit + flen;
    }
  g_string_append (out, p);
  g_string_truncate (s, 0);
  g_string_append_len (s, out->str, out->len);
  g_string_free (out, TRUE);
}

char *
gb_parser_clean_line (const char *line)
{
  GString *s = g_string_new (NULL);
  const char *p = line, *hit;

  /* Word's bookmarks survive some converters as "[bookmark: _GoBack]". */
  while ((hit = strstr (p, "[bookmark:")) != NULL)
    {
      const char *close = strchr (hit, ']');
      g_string_append_len (s, p, hit - p);
      if (close == NULL)
        {
          p = hit + strlen (hit);
          break;
        }
      p = close + 1;
    }
  g_string_append (s, p);
  replace_all (s, "\xc2\xa0", " ");      /* no-break space */
  replace_all (s, "\xe2\x80\x8b", "");   /* zero-width space */
  replace_all (s, "\xef\xbb\xbf", "");   /* BOM */
  replace_all (s, "\t", " ");
  replace_all (s, "**", "");
  replace_all (s, "__", "");
  replace_all (s, "\\.", ".");
  replace_all (s, "\\-", "-");
  g_strstrip (s->str);
  s->len = strlen (s->str);
  /* Markdown headings and quotes; "* " bullets become "- ". */
  {
    const char *q = s->str;
    while (*q == '#' || *q == '>')
      q++;
    if (q != s->str && (*q == ' ' || *q == '\0'))
      g_string_erase (s, 0, q - s->str);
    g_strchug (s->str);
    s->len = strlen (s->str);
    if (s->str[0] == '*' && s->str[1] == ' ')
      s->str[0] = '-';
    /* Lone emphasis marks around a whole line ("*Nơi nhận:*"). */
    if (s->len >= 2 && s->str[0] == '*' && s->str[s->len - 1] == '*')
      {
        g_string_truncate (s, s->len - 1);
        g_string_erase (s, 0, 1);
      }
  }
  /* Collapse runs of spaces. */
  {
    GString *out = g_string_sized_new (s->len);
    gboolean space = FALSE;
    for (const char *q = s->str; *q; q++)
      {
        if (*q == ' ')
          {
            if (!space)
              g_string_append_c (out, ' ');
            space = TRUE;
          }
        else
          {
            g_string_append_c (out, *q);
            space = FALSE;
          }
      }
    g_string_free (s, TRUE);
    g_strstrip (out->str);
    return g_string_free (out, FALSE);
  }
}

gboolean
gb_parser_starts_with_ci (const char *s,
                          const char *prefix)
{
  g_autofree char *head = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  glong n;
  const char *end = s;

  /* Most lines differ at an ASCII first letter: no need to fold them. */
  if ((guchar) prefix[0] < 0x80 && (guchar) s[0] < 0x80 && g_ascii_tolower (prefix[0]) != g_ascii_tolower (s[0]))
    return FALSE;
  n = g_utf8_strlen (prefix, -1);
  for (glong i = 0; i < n && *end; i++)
    end = g_utf8_next_char (end);
  head = g_strndup (s, end - s);
  a = g_utf8_casefold (head, -1);
  b = g_utf8_casefold (prefix, -1);
  return strcmp (a, b) == 0;
}

gboolean
gb_parser_is_bullet (const char *s)
{
  static const char *const marks[] = { "• ", "– ", "- ", "● ", "◦ ", "▪ ", "· ", "\xef\x82\xb7 " };

  if ((s[0] == '-' || s[0] == '+') && s[1] == ' ')
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (g_str_has_prefix (s, marks[i]))
      return TRUE;
  /* "-Lưu VT", "+Sở Y tế": typed without the space, the mark still opens an entry (not "-19"). */
  if ((s[0] == '-' || s[0] == '+') && g_unichar_isupper (g_utf8_get_char (s + 1)))
    return TRUE;
  return FALSE;
}

/* "Kính gửi:", or as OCR reads it without diacritics ("Kinh gui:", "Kinh giri:"). */
gboolean
gb_parser_is_kinh_gui (const char *s)
{
  const char *colon;

  if (s[0] != 'K' && s[0] != 'k')
    return FALSE;
  colon = strchr (s, ':');
  if (gb_parser_starts_with_ci (s, "Kính gửi"))
    return TRUE;
  return g_ascii_strncasecmp (s, "Kinh g", 6) == 0 && colon != NULL && colon - s <= 12;
}

/* The bullet's text: after the mark and its spaces. */
const char *
gb_parser_after_bullet (const char *s)
{
  const char *p = g_utf8_next_char (s);

  while (*p == ' ')
    p++;
  return p;
}

/* Lowercase ASCII: "Nơi nhận" and an OCR's "Noi nhan" are both "noi nhan". */
char *
gb_parser_ascii_fold (const char *s)
{
  g_autofree char *ascii = g_str_to_ascii (s, "C");

  return g_ascii_strdown (ascii, -1);
}

/* Furniture of a printed page or a scan that is no text: a page number ("2", "- 2 -", "Trang 2"),
 * a rule, OCR's specks ("~", ",..•.", "sa,"). A lone item number ("1.") and letters ("a)") stay. */
static gboolean
is_furniture (const char *l)
{
  const char *p = l;
  guint letters = 0, digits = 0;
  gsize n = strlen (l);

  if (n > 120)
    return FALSE;
  if (g_str_has_prefix (p, "Trang "))
    p += strlen ("Trang ");
  p += strspn (p, "-– ");
  if (g_ascii_isdigit (*p))
    {
      p += strspn (p, "0123456789");
      p += strspn (p, "-– ");
      if (*p == '\0' && p - l <= 16)
        return TRUE;
    }
  /* An e-signature stamp: "Ký bởi: …", "Giờ ký: 2020-08-07T08:25", "01/04/2020 07:51:56". */
  if (g_str_has_prefix (l, "Ký bởi") || g_str_has_prefix (l, "Giờ ký") || g_str_has_prefix (l, "Ngày ký")
      || g_str_has_prefix (l, "Thời gian ký")
      || (n <= 24 && g_ascii_isdigit (l[0]) && strchr (l, ':') != NULL
          && g_regex_match (gb_parser_regexes_get ()->stamp_date, l, 0, NULL)))
    return TRUE;
  if (n > 16)
    return FALSE;
  if (gb_parser_is_letter_bullet (l) || gb_parser_is_numbered (l) || gb_parser_is_keyword_line (l)
      || g_str_has_prefix (l, "Số") || g_str_has_prefix (l, "SỐ") || g_str_has_prefix (l, "V/"))
    return FALSE;
  for (p = l; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      letters += g_unichar_isalpha (c);
      digits += g_unichar_isdigit (c);
    }
  return letters < 3 && digits == 0 && strcmp (l, "./.") != 0 && strcmp (l, "/.") != 0;
}

gboolean
gb_parser_is_letter_bullet (const char *s)
{
  gunichar c = g_utf8_get_char (s);
  const char *n = g_utf8_next_char (s);

  return g_unichar_islower (c) && c < 0x0250 && n[0] == ')' && n[1] == ' ';
}

gboolean
gb_parser_is_numbered (const char *s)
{
  int i = 0, run = 0;

  /* Each component has at most two digits: "2021. Tiếp tục" is a wrapped year, not item 2021. */
  while (g_ascii_isdigit (s[i]) || (s[i] == '.' && g_ascii_isdigit (s[i + 1])))
    {
      run = s[i] == '.' ? 0 : run + 1;
      if (run > 2)
        return FALSE;
      i++;
    }
  if (i == 0 || i > 8)
    return FALSE;
  if (s[i] == '.' || s[i] == ')')
    return s[i + 1] == ' ';
  /* "3.2 Text" without the final dot is still a sub-item; a bare "3 Text" is not. */
  return s[i] == ' ' && strchr (s, '.') != NULL && strchr (s, '.') < s + i;
}

/* "II. NHIỆM VỤ" → "II": sections of a conclusion notice. */
char *
gb_parser_roman_section (const char *s)
{
  gsize n = strspn (s, "IVX");

  if (n == 0 || n > 4 || s[n] != '.' || s[n + 1] != ' ')
    return NULL;
  return g_strndup (s, n);
}

gboolean
gb_parser_is_upper_line (const char *s)
{
  int letters = 0;

  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_islower (c))
        return FALSE;
      if (g_unichar_isalpha (c))
        letters++;
    }
  return letters >= 2;
}

gboolean
gb_parser_is_keyword_line (const char *s)
{
  static const char *const kw[] = {
    "Kính gửi", "Nơi nhận", "T/M ", "TM. ", "TM ", "KT. ", "KT ", "Q. ", "TL. ", "V/v", "Số:",
  };
  for (guint i = 0; i < G_N_ELEMENTS (kw); i++)
    if (g_str_has_prefix (s, kw[i]))
      return TRUE;
  /* OCR without diacritics: "Kinh gui:", "Kinh giri:", "Noi nhan:". */
  if (g_ascii_strncasecmp (s, "Noi nhan", 8) == 0 || gb_parser_is_kinh_gui (s))
    return TRUE;
  if (g_str_has_prefix (s, "Số ") && g_ascii_isdigit (s[strlen ("Số ")]))
    return TRUE;
  return g_regex_match (gb_parser_regexes_get ()->place_date, s, 0, NULL);
}

gboolean
gb_parser_ends_sentence (const char *s)
{
  gsize n = strlen (s);
  if (n == 0)
    return TRUE;
  return strchr (".:;!?", s[n - 1]) != NULL || g_str_has_suffix (s, "…");
}

static void
para_free (gpointer data)
{
  Para *p = data;
  g_free (p->text);
  g_free (p);
}

GPtrArray *
gb_parser_split_paragraphs (const char *text)
{
  g_auto(GStrv) raw = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) blank = g_array_new (FALSE, FALSE, sizeof (gboolean));
  GPtrArray *paras = g_ptr_array_new_with_free_func (para_free);
  guint n_long = 0, n_open = 0;
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (glong));
  glong wide = 0;
  gboolean hard_wrapped;
  gboolean blank_seen = FALSE;
  GString *cur = NULL;
  const char *prev = NULL;
  glong prev_len = 0;
  gboolean cur_is_list = FALSE, prev_upper = FALSE;

  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *l = gb_parser_clean_line (raw[i]);
      if (*l != '\0' && is_furniture (l))
        {
          /* Dropped without a break: a sentence runs on over a page's end. */
          g_free (l);
          continue;
        }
      if (*l == '\0')
        {
          blank_seen = TRUE;
          g_free (l);
          continue;
        }
      g_ptr_array_add (lines, l);
      g_array_append_val (blank, blank_seen);
      blank_seen = FALSE;
      {
        glong w = g_utf8_strlen (l, -1);
        if (w >= 40)
          {
            n_long++;
            g_array_append_val (widths, w);
            if (!gb_parser_ends_sentence (l))
              n_open++;
          }
      }
    }
  /* Hard-wrapped text: many long lines stop mid-sentence; then a line ending with a full stop
   * near the usual width may still be mid-paragraph. */
  hard_wrapped = n_long >= 4 && n_open * 10 >= n_long * 4;
  if (widths->len > 0)
    {
      glong max = 0;
      for (guint i = 0; i < widths->len; i++)
        max = MAX (max, g_array_index (widths, glong, i));
      wide = max;
    }

  for (guint i = 0; i < lines->len; i++)
    {
      const char *l = g_ptr_array_index (lines, i);
      gboolean blank_before = g_array_index (blank, gboolean, i);
      gboolean marker = gb_parser_is_numbered (l) || gb_parser_is_letter_bullet (l) || gb_parser_is_keyword_line (l);
      gboolean bullet = gb_parser_is_bullet (l);
      gboolean upper = gb_parser_is_upper_line (l) && g_utf8_strlen (l, -1) < 80;
      gunichar first = g_utf8_get_char (l);
      gboolean new_para;

      if (cur == NULL)
        new_para = TRUE;
      else if (marker || upper || prev_upper)
        new_para = TRUE;
      else if (bullet)
        new_para = prev == NULL || blank_before || gb_parser_ends_sentence (prev) || g_str_has_suffix (prev, ",") || prev_upper;
      else if (cur_is_list && g_unichar_isupper (first) && (gb_parser_ends_sentence (prev) || g_str_has_suffix (prev, ",")))
        new_para = TRUE;
      else if (g_unichar_islower (first) && (!blank_before || !gb_parser_ends_sentence (prev)))
        new_para = FALSE;  /* a wrapped sentence goes on (over a page's end too): no paragraph starts in lower case */
      else if (gb_parser_ends_sentence (prev))
        new_para = !(hard_wrapped && prev_len * 10 >= wide * 8 && !g_str_has_suffix (prev, ":"));
      else if (!hard_wrapped && blank_before)
        new_para = TRUE;
      else if (blank_before && (gb_parser_looks_like_name (l) || prev_len * 10 < wide * 6))
        new_para = TRUE;   /* a short line, then a blank one: the paragraph (a title, a stamp) is over */
      else
        new_para = FALSE;

      if (new_para)
        {
          Para *p;
          if (cur != NULL)
            {
              p = g_new0 (Para, 1);
              p->text = g_string_free (g_steal_pointer (&cur), FALSE);
              g_ptr_array_add (paras, p);
            }
          cur = g_string_new (l);
          cur_is_list = bullet || g_str_has_prefix (l, "Kính gửi") || g_str_has_prefix (l, "Nơi nhận");
        }
      else
        {
          g_string_append_c (cur, ' ');
          g_string_append (cur, l);
        }
      prev = l;
      prev_len = g_utf8_strlen (l, -1);
      prev_upper = upper;
    }
  if (cur != NULL)
    {
      Para *p = g_new0 (Para, 1);
      p->text = g_string_free (cur, FALSE);
      g_ptr_array_add (paras, p);
    }
  return paras;
}

int
gb_parser_count_words (const char *s,
                       gsize       len)
{
  int n = 0;
  gboolean in = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      gboolean ws = s[i] == ' ' || s[i] == ',';
      if (!ws && !in)
        n++;
      in = !ws;
    }
  return n;
}

gboolean
gb_parser_has_prefix_word (const char *s,
                           const char *word)
{
  gsize n = strlen (word);

  if (strncmp (s, word, n) != 0)
    return FALSE;
  return s[n] == '\0' || s[n] == ' ' || s[n] == ',' || s[n] == ':' || s[n] == ';' || s[n] == '.';
}

/* The longest word of @list that @s starts with, as a whole word; its length or 0. */
gsize
gb_parser_starts_with_any (const char *s,
                           GPtrArray  *list)
{
  gsize best = 0;

  for (guint i = 0; i < list->len; i++)
    {
      const char *w = g_ptr_array_index (list, i);
      if (strlen (w) > best && gb_parser_has_prefix_word (s, w))
        best = strlen (w);
    }
  return best;
}
