/* gb-notice-parser.c — turns a notice's text into a GbNotice for a person to review
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text goes through three passes: cleaning (markdown marks, bookmarks, odd spaces), joining
 * physical lines into paragraphs (notices copied from PDF or Word are hard-wrapped mid-sentence),
 * then reading the paragraphs as header, addressees, body items, recipients and signature.
 * Everything is heuristic, so nothing here may fail on odd text: the worst outcome is a notice
 * with fewer facts or no items.
 *
 * An item's responsible units are the subject of its clauses (the words before the first verb):
 * names the dictionary knows, and names it does not but that open with an organisation's head
 * word ("Sở …", "Cục …", "Ban Quản lý …"); co-operating units follow "phối hợp với". Sub-items
 * naming no lead take their heading's. Deadlines are dates in figures or words after a cue
 * ("trước", "chậm nhất", "trong tháng"), holidays, recurrences, or words a person must read.
 * Text may be megabytes of one paragraph: every step is linear, clauses are read in a bounded
 * window, and no regular expression can backtrack without bound.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-notice-parser.h"
#include "gb-notice-source.h"

typedef struct
{
  char    *text;
  gboolean blank_before;
} Para;

typedef enum
{
  RANK_ROOT,
  RANK_NUMBER,
  RANK_LETTER,
  RANK_DASH,
  RANK_PLUS,
  RANK_PARA,
} Rank;

typedef struct
{
  Rank          rank;
  int           depth;        /* components of a number ("3.2" → 2) */
  GbNoticeItem *item;         /* NULL for the root */
  int           n_children;
  gboolean      heads_list;   /* a paragraph ending with ":" ("Giao Sở Y tế:"): bullets follow */
} Node;

typedef struct
{
  GRegex *date_full;
  GRegex *date_words;
  GRegex *date_dm;
  GRegex *number_party;
  GRegex *number_state;
  GRegex *place_date;
  GRegex *reference;
  GRegex *numbered;
  GRegex *due_before;
  GRegex *due_holiday;
  GRegex *due_month;
  GRegex *due_words;
  GRegex *due_quarter;
  GRegex *any_full_date;
  GRegex *right_column;
  GRegex *header_date;
} Regexes;

static Regexes *
regexes_get (void)
{
  static gsize once = 0;
  static Regexes r;

  if (g_once_init_enter (&once))
    {
#define DATE "\\d{1,2}\\s*[/.-]\\s*\\d{1,2}(?:\\s*[/.-]\\s*\\d{2,4})?"
#define DATE_WORDS "\\d{1,2}\\s+tháng\\s+\\d{1,2}(?:\\s*(?:,?\\s*năm\\s+|/\\s*)\\d{4})?"
#define RX(field, pattern, flags) \
      r.field = g_regex_new (pattern, G_REGEX_OPTIMIZE | (flags), 0, NULL); \
      g_assert (r.field != NULL)
      RX (date_full, "^\\s*(\\d{1,2})\\s*([/.-])\\s*(\\d{1,2})\\s*\\2\\s*(\\d{4}|\\d{2})(?!\\d)", 0);
      /* The year may be left out ("trước ngày 15 tháng 9"): it is the document's. */
      RX (date_words, "^\\s*(?:ngày\\s+)?(\\d{1,2})\\s+tháng\\s+(\\d{1,2})(?:\\s*(?:,?\\s*năm\\s+|/\\s*)(\\d{4}))?(?!\\s*[/\\d])", G_REGEX_CASELESS);
      RX (date_dm, "^\\s*(\\d{1,2})\\s*/\\s*(\\d{1,2})(?![\\d/]|\\s*/)", 0);
      RX (number_party, "(?<![\\w/])(\\d{1,5})\\s*-\\s*([\\p{Lu}][\\p{L}]{0,5})\\s*/\\s*([\\p{Lu}][\\p{L}]{0,9}(?:\\s*-\\s*[\\p{Lu}][\\p{L}]{0,9})?)", 0);
      RX (number_state, "(?<![\\w/])(\\d{1,5})\\s*/\\s*(?:\\d{4}\\s*/\\s*)?([\\p{Lu}][\\p{L}]{0,5})\\s*-\\s*([\\p{Lu}][\\p{L}]{0,9}(?:\\s*-\\s*[\\p{Lu}][\\p{L}]{0,9})?)", 0);
      RX (place_date, "^\\s*([\\p{L}][\\p{L} .'-]{0,40}?)\\s*,\\s*ngày\\s+(\\d{1,2})\\s+tháng\\s+(\\d{1,2})\\s+năm\\s+(\\d{4})", G_REGEX_CASELESS);
      RX (reference,
          "(?<!\\p{L})(Thông báo kết luận|Thông báo|Kết luận|Công văn|Công điện|Chỉ thị|Nghị quyết|Nghị định|"
          "Quyết định|Hướng dẫn|Kế hoạch|Thông tư|Quy định|Điện)\\s+(?:số\\s*:?\\s*)?"
          "(\\d{1,5}(?:\\s*-\\s*[\\p{Lu}][\\p{L}]{0,5}\\s*/\\s*[\\p{Lu}][\\p{L}]{0,9}(?:-[\\p{Lu}][\\p{L}]{0,9})?"
          "|\\s*/\\s*(?:\\d{4}\\s*/\\s*)?[\\p{Lu}][\\p{L}]{0,5}\\s*-\\s*[\\p{Lu}][\\p{L}]{0,9}(?:-[\\p{Lu}][\\p{L}]{0,9})?)?)(?![\\d/])"
          "(?:\\s*,?\\s*(?:ban hành\\s+)?ngày\\s+(\\d{1,2}\\s*[/.-]\\s*\\d{1,2}\\s*[/.-]\\s*\\d{2,4}|\\d{1,2}\\s+tháng\\s+\\d{1,2}\\s+năm\\s+\\d{4}))?", 0);
      RX (numbered, "^(\\d{1,2}(?:\\.\\d{1,2})*)(\\.|\\))?\\s+(\\S.*)$", G_REGEX_DOTALL);
      /* Folded text has "hòan", the modern tone placement; people type either. */
      /* A deadline: a cue, perhaps an hour and a weekday ("trước 17 giờ, thứ Sáu, ngày 27/8"),
       * then a date in figures or in words. Not a number of days ("trước 10-15 ngày"). */
      RX (due_before,
          "(?:trước|chậm nhất(?:\\s+(?:là|vào|đến|trước))*|hạn chót(?:\\s+là)?|thời hạn(?:\\s+h(?:oà|òa)n thành)?\\s*:?|"
          "h(?:oà|òa)n thành trong|xong trong|trong ngày|không quá|đến hết|đến)\\s+"
          "(?:(?:\\d{1,2}\\s*(?:giờ|h)\\s*(?:\\d{1,2}\\s*(?:phút|')?)?|\\d{1,2}:\\d{2})\\s*,?\\s*)?"
          "(?:(?:thứ\\s+(?:hai|ba|tư|năm|sáu|bảy|\\d)|chủ\\s+nhật)\\s*,?\\s*)?"
          "(?:ngày\\s+)?(" DATE "|" DATE_WORDS ")(?![\\d/]|\\s*(?:ngày|giờ|tuần|tháng|năm)(?!\\s*\\d))", G_REGEX_CASELESS);
      RX (due_holiday, "(?:(?:dịp|kỳ|đợt)\\s+)?(?:nghỉ\\s+)?(?:lễ|tết)\\s+(?:[^\\d.;]{0,40}?\\s)?(" DATE ")((?:\\s*(?:,|và|-|–|đến)\\s*" DATE ")*)", G_REGEX_CASELESS);
      /* "trong tháng 9/2021" ends with the month; "trước tháng 10" with the month before. */
      RX (due_month, "(trong|trước)\\s+tháng\\s+(\\d{1,2}|này)(?:\\s*(?:/|năm)\\s*(\\d{4}))?(?![\\d/])", G_REGEX_CASELESS);
      /* "trong quý III/2021" ends with the quarter (folded "qúy"); "hoàn thành trong năm 2021"
       * with the year. */
      RX (due_quarter,
          "(trong|hết|cuối|trước)\\s+q(?:uý|úy)\\s+(iv|i{1,3}|[1-4])(?:\\s*(?:/|năm)\\s*(\\d{4}))?(?![\\p{L}\\d/])|"
          "(?:h(?:oà|òa)n thành|xong|chậm nhất)\\s+(?:trong\\s+)?năm\\s+(\\d{4})(?!\\d)", G_REGEX_CASELESS);
      /* Deadlines in words only: a person reads them, the tracker keeps the words. */
      RX (due_words,
          "trong\\s+(?:tuần|tháng)(?:\\s+(?:này|tới|sau))?(?!\\s*\\d)(?![\\p{L}\\d])|"
          "(?:ngay\\s+)?trong\\s+ngày(?:\\s+hôm\\s+nay)?(?=\\s*(?:[,.;:)]|$))|"
          "(?:trước|chậm nhất)\\s+(?:khi\\s+(?:[^\\d,.;:()]{0,30}?\\s)?|thềm\\s+|dịp\\s+|kỳ\\s+)?"
          "(?:khai giảng|năm học mới|tết|bầu cử|kỳ thi|thi tốt nghiệp|nghỉ lễ|đại hội|mùa mưa|mùa bão)[^\\d,.;:()]{0,40}",
          G_REGEX_CASELESS);
      RX (any_full_date, "(?<!\\d)\\d{1,2}\\s*[/.-]\\s*\\d{1,2}\\s*[/.-]\\s*(\\d{4})(?!\\d)|năm\\s+(\\d{4})", 0);
      /* The right column of a header: the party's or the state's name (its last words alone on a
       * line when it wraps) and the motto. */
      RX (right_column,
          "ĐẢNG\\s+CỘNG\\s+SẢN\\s+VIỆT\\s+NAM|CỘNG\\s+H(?:ÒA|OÀ)\\s+XÃ\\s+HỘI\\s+CHỦ\\s+NGHĨA|"
          "ĐỘC\\s+LẬP\\s*[-–—]+\\s*TỰ\\s+DO|"
          /* the state's name wrapped onto a second line */
          "^\\s*VIỆT\\s+NAM\\s*$", G_REGEX_CASELESS);
      /* Its place and date ("Ninh Thuận, ngày 25 tháng 8 năm 2021"), or a date alone; a draft
       * leaves the day blank ("ngày     tháng 8", "ngày …. tháng 8"). */
      RX (header_date, "(?:^|,)\\s*ngày[\\s\\d.…_]{0,20}tháng\\s+\\d{1,2}", G_REGEX_CASELESS);
#undef RX
#undef DATE
#undef DATE_WORDS
      g_once_init_leave (&once, 1);
    }
  return &r;
}

static char *
format_date (int y,
             int m,
             int d)
{
  if (y < 100)
    y += 2000;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
    return NULL;
  if (!g_date_valid_dmy (d, m, y))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

static int
match_int (GMatchInfo *mi,
           int         group)
{
  g_autofree char *s = g_match_info_fetch (mi, group);
  return (s != NULL && *s != '\0') ? (int) g_ascii_strtoll (s, NULL, 10) : 0;
}

/**
 * gb_notice_parse_date:
 * @text: the start of a date as written: "28/4/2021", "11-6-2021", "ngày 28 tháng 4 năm 2021",
 *   or a day and month only ("30/4")
 * @default_year: the year for day-month-only dates (the document's year), or 0 for none
 *
 * Returns: (nullable): "YYYY-MM-DD", or NULL when @text is no date or an impossible one
 *   (31/2/2021).
 */
char *
gb_notice_parse_date (const char *text,
                      int         default_year)
{
  Regexes *r = regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* ISO dates, as the app and the CLI write them. */
  if (strlen (text) >= 10 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[3]) && text[4] == '-'
      && text[7] == '-' && (text[10] == '\0' || !g_ascii_isdigit (text[10])))
    return format_date ((int) g_ascii_strtoll (text, NULL, 10), (int) g_ascii_strtoll (text + 5, NULL, 10),
                        (int) g_ascii_strtoll (text + 8, NULL, 10));
  if (g_regex_match (r->date_words, text, 0, &mi))
    {
      int y = match_int (mi, 3);
      if (y == 0 && default_year <= 0)
        return NULL;
      return format_date (y != 0 ? y : default_year, match_int (mi, 2), match_int (mi, 1));
    }
  g_clear_pointer (&mi, g_match_info_free);
  if (g_regex_match (r->date_full, text, 0, &mi))
    return format_date (match_int (mi, 4), match_int (mi, 3), match_int (mi, 1));
  g_clear_pointer (&mi, g_match_info_free);
  if (default_year > 0 && g_regex_match (r->date_dm, text, 0, &mi))
    return format_date (default_year, match_int (mi, 2), match_int (mi, 1));
  return NULL;
}

static const struct { const char *code; const char *kind; } kind_codes[] = {
  { "CV", "công văn" }, { "TB", "thông báo" }, { "KL", "kết luận" }, { "CT", "chỉ thị" },
  { "CĐ", "công điện" }, { "NQ", "nghị quyết" }, { "QĐ", "quyết định" }, { "HD", "hướng dẫn" },
  { "KH", "kế hoạch" }, { "BC", "báo cáo" }, { "TTr", "tờ trình" }, { "QC", "quy chế" },
  { "QĐi", "quy định" }, { "TT", "thông tư" }, { "NĐ", "nghị định" }, { "ĐA", "đề án" },
};

static const struct { const char *code; const char *issuer; } issuer_codes[] = {
  { "TU", "Tỉnh ủy" }, { "TW", "Trung ương" }, { "VPTW", "Văn phòng Trung ương Đảng" },
  { "TTg", "Thủ tướng Chính phủ" }, { "CP", "Chính phủ" }, { "VPCP", "Văn phòng Chính phủ" },
  { "BYT", "Bộ Y tế" }, { "UBND", "Ủy ban nhân dân tỉnh" }, { "BCĐ", "Ban Chỉ đạo" },
  { "HU", "Huyện ủy" }, { "BCĐQG", "Ban Chỉ đạo Quốc gia" }, { "VPTU", "Văn phòng Tỉnh ủy" },
  { "BTGTU", "Ban Tuyên giáo Tỉnh ủy" }, { "BDVTU", "Ban Dân vận Tỉnh ủy" },
};

static const char *
kind_for_code (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_codes); i++)
    if (strcmp (kind_codes[i].code, code) == 0)
      return kind_codes[i].kind;
  return NULL;
}

static const char *
issuer_for_code (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (issuer_codes); i++)
    if (strcmp (issuer_codes[i].code, code) == 0)
      return issuer_codes[i].issuer;
  return NULL;
}

static char *
strip_spaces (const char *s)
{
  GString *out = g_string_new (NULL);
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      g_string_append_c (out, *s);
  return g_string_free (out, FALSE);
}

/* Finds a number and symbol in @text; fills the symbol's kind and issuer codes. */
static char *
find_number (const char  *text,
             char       **kind_code,
             char       **issuer_code,
             gsize       *end)
{
  Regexes *r = regexes_get ();
  g_autoptr(GMatchInfo) mp = NULL;
  g_autoptr(GMatchInfo) ms = NULL;
  int ps = -1, ss = -1, pe = 0, se = 0;

  if (g_regex_match (r->number_party, text, 0, &mp))
    g_match_info_fetch_pos (mp, 0, &ps, &pe);
  if (g_regex_match (r->number_state, text, 0, &ms))
    g_match_info_fetch_pos (ms, 0, &ss, &se);
  if (ps < 0 && ss < 0)
    return NULL;
  if (ps >= 0 && (ss < 0 || ps <= ss))
    {
      g_autofree char *whole = g_match_info_fetch (mp, 0);
      if (kind_code)
        *kind_code = g_match_info_fetch (mp, 2);
      if (issuer_code)
        {
          g_autofree char *ic = g_match_info_fetch (mp, 3);
          *issuer_code = strip_spaces (ic ? ic : "");
        }
      if (end)
        *end = pe;
      return strip_spaces (whole);
    }
  else
    {
      g_autofree char *whole = g_match_info_fetch (ms, 0);
      if (kind_code)
        *kind_code = g_match_info_fetch (ms, 2);
      if (issuer_code)
        {
          g_autofree char *ic = g_match_info_fetch (ms, 3);
          *issuer_code = strip_spaces (ic ? ic : "");
        }
      if (end)
        *end = se;
      return strip_spaces (whole);
    }
}

/**
 * gb_notice_normalize_number:
 * @number: a number and symbol as written ("154 - CV/TU", "10- TB/VPTW", "1102/CĐ-TTg")
 * @kind: (out) (optional) (nullable): the document kind its symbol names
 *
 * Returns: (nullable): the number without spaces, or NULL if @number has no symbol.
 */
char *
gb_notice_normalize_number (const char  *number,
                            char       **kind)
{
  g_autofree char *kc = NULL;
  g_autofree char *ic = NULL;
  char *n = find_number (number, &kc, &ic, NULL);

  if (kind != NULL)
    *kind = (n != NULL && kc != NULL && kind_for_code (kc)) ? g_strdup (kind_for_code (kc)) : NULL;
  return n;
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

static char *
clean_line (const char *line)
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

static gboolean
starts_with_ci (const char *s,
                const char *prefix)
{
  g_autofree char *head = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  glong n = g_utf8_strlen (prefix, -1);
  const char *end = s;

  for (glong i = 0; i < n && *end; i++)
    end = g_utf8_next_char (end);
  head = g_strndup (s, end - s);
  a = g_utf8_casefold (head, -1);
  b = g_utf8_casefold (prefix, -1);
  return strcmp (a, b) == 0;
}

static gboolean
is_bullet (const char *s)
{
  if ((s[0] == '-' || s[0] == '+') && s[1] == ' ')
    return TRUE;
  if (g_str_has_prefix (s, "• ") || g_str_has_prefix (s, "– ") || g_str_has_prefix (s, "- "))
    return TRUE;
  return FALSE;
}

static gboolean
is_letter_bullet (const char *s)
{
  gunichar c = g_utf8_get_char (s);
  const char *n = g_utf8_next_char (s);

  return g_unichar_islower (c) && c < 0x0250 && n[0] == ')' && n[1] == ' ';
}

static gboolean
is_numbered (const char *s)
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
static char *
roman_section (const char *s)
{
  gsize n = strspn (s, "IVX");

  if (n == 0 || n > 4 || s[n] != '.' || s[n + 1] != ' ')
    return NULL;
  return g_strndup (s, n);
}

static gboolean
is_upper_line (const char *s)
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

static gboolean
is_keyword_line (const char *s)
{
  static const char *const kw[] = {
    "Kính gửi", "Nơi nhận", "T/M ", "TM. ", "TM ", "KT. ", "KT ", "Q. ", "TL. ", "V/v", "Số:",
  };
  for (guint i = 0; i < G_N_ELEMENTS (kw); i++)
    if (g_str_has_prefix (s, kw[i]))
      return TRUE;
  if (g_str_has_prefix (s, "Số ") && g_ascii_isdigit (s[strlen ("Số ")]))
    return TRUE;
  return g_regex_match (regexes_get ()->place_date, s, 0, NULL);
}

static gboolean
ends_sentence (const char *s)
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

static GPtrArray *
split_paragraphs (const char *text)
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
      char *l = clean_line (raw[i]);
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
            if (!ends_sentence (l))
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
      gboolean marker = is_numbered (l) || is_letter_bullet (l) || is_keyword_line (l);
      gboolean bullet = is_bullet (l);
      gboolean upper = is_upper_line (l) && g_utf8_strlen (l, -1) < 80;
      gunichar first = g_utf8_get_char (l);
      gboolean new_para;

      if (cur == NULL)
        new_para = TRUE;
      else if (marker || upper || prev_upper)
        new_para = TRUE;
      else if (bullet)
        new_para = prev == NULL || blank_before || ends_sentence (prev) || g_str_has_suffix (prev, ",") || prev_upper;
      else if (cur_is_list && g_unichar_isupper (first) && (ends_sentence (prev) || g_str_has_suffix (prev, ",")))
        new_para = TRUE;
      else if (ends_sentence (prev))
        new_para = !(hard_wrapped && prev_len * 10 >= wide * 8 && !g_str_has_suffix (prev, ":"));
      else if (!hard_wrapped && blank_before)
        new_para = TRUE;
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

/* ---- items ---------------------------------------------------------------------------- */

static const char *const closing_starts[] = {
  "Đề nghị các", "Yêu cầu các", "Công văn này", "Thông báo này", "Chỉ thị này", "Điện này",
  "Công điện này", "Kế hoạch này", "Trên đây", "Nhận được", "Trong quá trình thực hiện",
  "Ban Thường vụ Tỉnh ủy yêu cầu", "Thường trực Tỉnh ủy yêu cầu", "Nơi nhận",
};

static const char *const assessment_starts[] = {
  "Tình hình", "Thời gian qua", "Thời gian gần đây", "Nhìn chung", "Kết quả", "Về tình hình",
  "Đánh giá chung", "Những kết quả", "Trong thời gian qua", "Qua ", "Thời gian tới, tình hình",
  "Thường trực Tỉnh ủy đánh giá", "Ban Thường vụ Tỉnh ủy đánh giá", "Đánh giá cao",
  "Ghi nhận", "Biểu dương",
};

static const char *const verb_cues[] = {
  " chủ trì", " tập trung", " tiếp tục", " chỉ đạo", " thực hiện", " khẩn trương", " phối hợp",
  " chịu trách nhiệm", " có trách nhiệm", " hạn chế", " tăng cường", " triển khai", " rà soát",
  " theo dõi", " xây dựng", " phải ", " lãnh đạo", " nắm ", " quán triệt", " tham gia",
  " tổ chức", " đẩy mạnh", " kiểm tra", " hướng dẫn", " chủ động", " nghiêm túc", " bảo đảm",
  " đảm bảo", " có kế hoạch", " sớm ", " ban hành", " phát huy", " thường xuyên", " kịp thời",
  " cần ", " vận động", " tuyên truyền", " phổ biến", " quản lý", " giám sát", " nghiên cứu",
  " trực tiếp", " làm tốt", " căn cứ", " khẩn cấp", " đôn đốc", " cung cấp", " nâng cao",
  " duy trì", " tăng ", " rút ", " có ", " được ", " là ",
  /* Verbs that end the subject of a clause naming an organisation the dictionary lacks. */
  " báo cáo", " đề xuất", " tham mưu", " hỗ trợ", " hoàn thành", " hoàn thiện", " hoàn tất",
  " bố trí", " chuẩn bị", " giải quyết", " xử lý", " tiếp nhận", " công bố", " phân bổ",
  " ưu tiên", " thành lập", " tập huấn", " cập nhật", " sẵn sàng", " phân công", " huy động",
  " ứng phó", " điều phối", " thu thập", " gửi ", " đánh giá", " tạo điều kiện", " bổ sung",
  " điều chỉnh", " cung ứng", " bám sát", " tiến hành", " tổng hợp", " thẩm định", " chấp hành",
  " nhanh chóng", " kiên quyết", " quyết liệt", " sẽ ", " đã ", " đang ", " làm việc",
  " xem xét", " yêu cầu", " đề nghị", " giao ", " mua ", " tạm dừng", " kiểm soát", " gương mẫu",
  " vận hành", " bảo vệ", " xác minh", " điều tra", " lập ", " tạm hoãn",
  " hoãn ", " dừng ", " cho phép", " cấp phép", " kiện toàn", " phát động", " kích hoạt",
  " thiết lập", " phong tỏa", " truy vết", " khoanh vùng",
};

/* Words that open the name of an organisation ("Sở Ngoại vụ", "Cục Hải quan tỉnh"), longest
 * first where one opens another. */
static const char *const org_heads[] = {
  "ủy ban nhân dân", "bộ chỉ huy", "bộ tư lệnh", "tổng cục", "chi cục", "cục", "ubnd", "ủy ban",
  "bộ", "sở", "ban", "văn phòng", "trung tâm", "bệnh viện", "công an", "đảng ủy", "huyện ủy",
  "thị ủy", "thành ủy", "quận ủy", "đảng đoàn", "hội đồng", "hội", "liên đoàn", "liên minh",
  "đài", "báo", "viện", "tòa án", "kho bạc", "ngân hàng", "cảng vụ", "thanh tra", "bảo hiểm",
  "tập đoàn", "tổng công ty", "công ty", "học viện", "trường", "đại học", "bộ đội", "quân khu",
  "tỉnh đoàn", "đoàn",
};

/* Heads that name a body even when the next word is not capitalised ("Công an các huyện",
 * "UBND huyện Kim Bảng"); after the others a name starts with a capital ("Ban Quản lý …" but
 * "ban hành", "Báo Hà Nam" but "báo cáo", "Hội Nông dân" but "Hội nghị"). */
static const char *const org_heads_strong[] = {
  "ủy ban nhân dân", "ubnd", "công an", "bộ chỉ huy", "đảng ủy", "huyện ủy", "thị ủy",
  "thành ủy", "quận ủy",
};

/* Heads followed by words that make them something else (for all-capital text). */
static const char *const not_orgs[] = {
  "ban hành", "ban đêm", "ban ngày", "báo cáo", "báo chí", "hội nghị", "hội thảo", "hội chợ",
  "hội thi", "hội họp", "viện trợ", "viện phí", "cục bộ", "sở hữu", "sở tại", "sở dĩ",
  "bộ phận", "bộ máy", "bộ tiêu chí", "bộ hồ sơ", "bộ công cụ", "bộ kit", "đoàn kết",
  "đoàn viên", "trung tâm thương mại", "trường hợp", "trường học", "đài tưởng niệm",
};

/* People's titles before the body they head: the body is the unit ("Giám đốc Sở Y tế"). */
static const char *const person_titles[] = {
  "các đồng chí", "đồng chí", "phó chủ tịch", "chủ tịch", "phó giám đốc", "tổng giám đốc",
  "giám đốc", "thủ trưởng", "bộ trưởng", "thứ trưởng", "phó trưởng ban", "trưởng ban",
  "chánh văn phòng", "viện trưởng", "chánh án", "tổng cục trưởng", "cục trưởng", "tư lệnh",
  "chỉ huy trưởng", "người đứng đầu", "lãnh đạo", "bí thư", "trưởng",
};

/* After "các huyện" a list of kinds of place still belongs to the name. */
static const char *const admin_words[] = {
  "huyện", "thị xã", "thành phố", "xã", "phường", "thị trấn", "quận", "tỉnh",
};

/* Heads of plural lists sharing the head: "các Bộ: Quốc phòng, Công an, Y tế". */
static const char *const list_heads[] = {
  "bộ", "sở", "ban", "cục", "bệnh viện", "trung tâm", "hội",
};

/* Words that open a body's line in a header's issuer block: each starts a new body ("SỞ Y TẾ"
 * under "UBND TỈNH NINH THUẬN"); any other line goes on the name above it ("COVID-19" under
 * "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH"). */
static const char *const issuer_heads[] = {
  "tỉnh ủy", "thành ủy", "huyện ủy", "thị ủy", "quận ủy", "đảng ủy", "đảng bộ", "đảng đoàn",
  "ban cán sự", "ủy ban", "ubnd", "ubmttq", "hđnd", "hội đồng", "ban", "bcđ", "sở", "bộ",
  "tổng cục", "cục", "chi cục", "văn phòng", "phòng", "chính phủ", "thủ tướng", "trung tâm",
  "bệnh viện", "công an", "bộ chỉ huy", "mặt trận", "đoàn", "hội", "viện", "trường",
};

/* Heads in a header that go on the name above them ("PHÒNG, CHỐNG DỊCH" is no "Phòng Y tế"). */
static const char *const not_issuer_heads[] = {
  "phòng, chống", "phòng chống", "phòng ngừa", "phòng dịch", "phòng,",
};

typedef struct
{
  GPtrArray *cues;
  GPtrArray *heads;
  GPtrArray *strong;
  GPtrArray *not_orgs;
  GPtrArray *titles;
  GPtrArray *admin;
  GPtrArray *list_heads;
  GPtrArray *issuer_heads;
  GPtrArray *not_issuer_heads;
} Words;

static GPtrArray *
fold_list (const char *const *list,
           guint              n)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (out, gb_organisations_fold (list[i]));
  return out;
}

/* The word lists folded once, as the text they are compared with ("hoàn" is "hòan" there). */
static Words *
words_get (void)
{
  static gsize once = 0;
  static Words w;

  if (g_once_init_enter (&once))
    {
      w.cues = fold_list (verb_cues, G_N_ELEMENTS (verb_cues));
      w.heads = fold_list (org_heads, G_N_ELEMENTS (org_heads));
      w.strong = fold_list (org_heads_strong, G_N_ELEMENTS (org_heads_strong));
      w.not_orgs = fold_list (not_orgs, G_N_ELEMENTS (not_orgs));
      w.titles = fold_list (person_titles, G_N_ELEMENTS (person_titles));
      w.admin = fold_list (admin_words, G_N_ELEMENTS (admin_words));
      w.list_heads = fold_list (list_heads, G_N_ELEMENTS (list_heads));
      w.issuer_heads = fold_list (issuer_heads, G_N_ELEMENTS (issuer_heads));
      w.not_issuer_heads = fold_list (not_issuer_heads, G_N_ELEMENTS (not_issuer_heads));
      g_once_init_leave (&once, 1);
    }
  return &w;
}

static int latest_year (const char *text);

static void
add_unit (GbNoticeItem *item,
          const char   *name,
          GbNoticeRole  role)
{
  GbNoticeUnit *u;

  if (gb_notice_item_has_unit (item, name))
    return;
  u = g_new0 (GbNoticeUnit, 1);
  u->name = g_strdup (name);
  u->role = role;
  g_ptr_array_add (item->units, u);
}

static int
count_words (const char *s,
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

/* An item's text twice: as written (NFC, asides blanked) and folded character by character, with
 * the offset of each folded byte in the written text, so a name found in the folded text can be
 * given back with its capitals. */
typedef struct
{
  char            *orig;
  char            *folded;
  gsize           *map;        /* folded byte → orig byte; one more than the folded length */
  GbOrganisations *orgs;
  GHashTable      *seen;       /* folded name → the first spelling met in this notice */
  GbNoticeItem    *item;
  GArray          *claimed;    /* gsize pairs: folded spans a longer name took from a known one */
} UnitText;

static void
unit_text_clear (UnitText *t)
{
  g_free (t->orig);
  g_free (t->folded);
  g_free (t->map);
  g_clear_pointer (&t->claimed, g_array_unref);
}

static void
unit_text_init (UnitText   *t,
                const char *text)
{
  g_autofree char *nfc = gb_organisations_nfc (text);
  GString *f;
  GArray *map;
  int depth = 0;

  t->orig = g_strdup (nfc != NULL ? nfc : "");
  /* Parenthesised asides ("(qua Văn phòng Tỉnh ủy)") name channels, not responsible units. */
  for (char *p = t->orig; *p; p++)
    {
      if (*p == '(')
        depth++;
      if (depth > 0)
        {
          if (*p == ')')
            depth--;
          /* Every byte of every character: the text stays valid UTF-8 and as long. */
          *p = ' ';
        }
    }
  if (!g_utf8_validate (t->orig, -1, NULL))
    for (char *p = t->orig; *p; p++)
      if ((guchar) *p >= 0x80)
        *p = ' ';
  f = g_string_sized_new (strlen (t->orig));
  map = g_array_sized_new (FALSE, FALSE, sizeof (gsize), strlen (t->orig) + 1);
  for (const char *p = t->orig; *p; p = g_utf8_next_char (p))
    {
      char buf[8];
      int n = g_unichar_to_utf8 (g_unichar_tolower (g_utf8_get_char (p)), buf);
      gsize at = p - t->orig;

      g_string_append_len (f, buf, n);
      for (int k = 0; k < n; k++)
        g_array_append_val (map, at);
    }
  {
    gsize end = strlen (t->orig);
    g_array_append_val (map, end);
  }
  /* The modern tone placement, in place: each pair has the same length both ways. */
  {
    static const char *const pairs[][2] = {
      { "oà", "òa" }, { "oá", "óa" }, { "oả", "ỏa" }, { "oã", "õa" }, { "oạ", "ọa" },
      { "oè", "òe" }, { "oé", "óe" }, { "oẻ", "ỏe" }, { "oẽ", "õe" }, { "oẹ", "ọe" },
      { "uỳ", "ùy" }, { "uý", "úy" }, { "uỷ", "ủy" }, { "uỹ", "ũy" }, { "uỵ", "ụy" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
      {
        gsize len = strlen (pairs[i][0]);
        char *p = f->str;

        if (len != strlen (pairs[i][1]))
          continue;
        while ((p = strstr (p, pairs[i][0])) != NULL)
          {
            memcpy (p, pairs[i][1], len);
            p += len;
          }
      }
  }
  t->folded = g_string_free (f, FALSE);
  t->map = (gsize *) g_array_free (map, FALSE);
}

static gboolean
has_prefix_word (const char *s,
                 const char *word)
{
  gsize n = strlen (word);

  if (strncmp (s, word, n) != 0)
    return FALSE;
  return s[n] == '\0' || s[n] == ' ' || s[n] == ',' || s[n] == ':' || s[n] == ';' || s[n] == '.';
}

/* The longest word of @list that @s starts with, as a whole word; its length or 0. */
static gsize
starts_with_any (const char *s,
                 GPtrArray  *list)
{
  gsize best = 0;

  for (guint i = 0; i < list->len; i++)
    {
      const char *w = g_ptr_array_index (list, i);
      if (strlen (w) > best && has_prefix_word (s, w))
        best = strlen (w);
    }
  return best;
}

/* Whether the written letter at folded offset @at (clause-relative @base) is a capital. */
static gboolean
written_upper (const UnitText *t,
               gsize           at)
{
  return g_unichar_isupper (g_utf8_get_char (t->orig + t->map[at]));
}

static gsize
skip_spaces (const char *s,
             gsize       p,
             gsize       end)
{
  while (p < end && s[p] == ' ')
    p++;
  return p;
}

static gsize
next_word (const char *s,
           gsize       p,
           gsize       end)
{
  while (p < end && s[p] != ' ' && s[p] != ',')
    p++;
  return p;
}

/*
 * The first verb of the clause @s (folded, @len bytes, starting at @base in the item): where its
 * subject ends. A verb inside a known name ("Ban Chỉ đạo") does not count, nor one written with
 * a capital after the start ("Ban Quản lý các khu công nghiệp"), unless the clause is all
 * capitals.
 */
static gsize
find_verb (const UnitText *t,
           gsize           base,
           const char     *s,
           gsize           len,
           GArray         *matches,
           gboolean        case_aware)
{
  Words *w = words_get ();
  guint k = 0;

  for (gsize p = 0; p < len; p++)
    {
      if (p > 0 && s[p - 1] != ' ')
        continue;
      while (k < matches->len && g_array_index (matches, GbOrganisationMatch, k).end <= p)
        k++;
      if (k < matches->len && g_array_index (matches, GbOrganisationMatch, k).start <= p)
        continue;
      if (case_aware && p > 0 && written_upper (t, base + p))
        continue;
      for (guint i = 0; i < w->cues->len; i++)
        {
          const char *cue = (const char *) g_ptr_array_index (w->cues, i) + 1;
          gsize n = strlen (cue);

          if (cue[n - 1] == ' ')
            {
              if (strncmp (s + p, cue, n - 1) == 0
                  && (p + n - 1 >= len || strchr (" ,;:.", s[p + n - 1]) != NULL))
                return p;
            }
          else if (strncmp (s + p, cue, n) == 0)
            return p;
        }
    }
  return len;
}

/* The canonical name of an organisation found by its head: the dictionary's if it knows the
 * whole phrase, else as written with a capital first letter (all-capital headings get the usual
 * capitals: "SỞ NGOẠI VỤ" → "Sở Ngoại vụ"), the same spelling throughout the notice. */
static const char *
canonical_unit (UnitText   *t,
                const char *phrase,
                guint       head_words)
{
  g_autofree char *clean = NULL;
  g_autofree char *key = NULL;
  const char *known;
  GString *s = g_string_new (NULL);
  gboolean lower = FALSE;
  guint word = 0;

  for (const char *p = phrase; *p; p++)
    if (*p != ' ' || (s->len > 0 && s->str[s->len - 1] != ' '))
      g_string_append_c (s, *p);
  while (s->len > 0 && strchr (" ,;:.", s->str[s->len - 1]) != NULL)
    g_string_truncate (s, s->len - 1);
  clean = g_string_free (s, FALSE);
  if (*clean == '\0')
    return NULL;
  known = gb_organisations_lookup (t->orgs, clean);
  if (known != NULL)
    return known;
  for (const char *p = clean; *p; p = g_utf8_next_char (p))
    lower |= g_unichar_islower (g_utf8_get_char (p));
  s = g_string_new (NULL);
  {
    g_auto(GStrv) words = g_strsplit (clean, " ", -1);
    for (guint i = 0; words[i] != NULL; i++, word++)
      {
        g_autofree char *out = NULL;

        if (i > 0)
          g_string_append_c (s, ' ');
        if (lower || strpbrk (words[i], "0123456789") != NULL || g_str_equal (words[i], "UBND"))
          out = g_strdup (words[i]);
        else
          out = g_utf8_strdown (words[i], -1);
        /* The head and the first word of the proper name take a capital. */
        if (word == 0 || (!lower && word == head_words))
          {
            gunichar c = g_utf8_get_char (out);
            char buf[8];
            int n = g_unichar_to_utf8 (g_unichar_totitle (c), buf);
            g_string_append_len (s, buf, n);
            g_string_append (s, g_utf8_next_char (out));
          }
        else
          g_string_append (s, out);
      }
  }
  g_free (clean);
  clean = g_string_free (s, FALSE);
  key = gb_organisations_fold (clean);
  known = g_hash_table_lookup (t->seen, key);
  if (known != NULL)
    return known;
  known = clean;
  g_hash_table_insert (t->seen, g_steal_pointer (&key), g_steal_pointer (&clean));
  return known;
}

static const GbOrganisationMatch *
match_at (GArray *matches,
          gsize   at)
{
  for (guint i = 0; i < matches->len; i++)
    {
      const GbOrganisationMatch *m = &g_array_index (matches, GbOrganisationMatch, i);
      if (m->start == at)
        return m;
      if (m->start > at)
        break;
    }
  return NULL;
}

static gsize
char_boundary (const char *s,
               gsize       at)
{
  while (at > 0 && ((guchar) s[at] & 0xC0) == 0x80)
    at--;
  return at;
}

/* After a separator, whether the next words still belong to the same name ("Sở Tài nguyên và
 * Môi trường", "Sở Văn hóa, Thể thao …") rather than start the next body or leave the list. */
static gboolean
name_goes_on (const UnitText *t,
              gsize           base,
              const char     *s,
              gsize           at,
              gsize           end,
              GArray         *matches,
              gboolean        case_aware)
{
  Words *w = words_get ();

  if (at >= end || match_at (matches, at) != NULL || starts_with_any (s + at, w->heads) > 0
      || starts_with_any (s + at, w->titles) > 0 || has_prefix_word (s + at, "các")
      || has_prefix_word (s + at, "những"))
    return FALSE;
  return case_aware ? written_upper (t, base + at) : TRUE;
}

/* Whether a known name ending at @at is only the start of another body's: "UBND huyện Kim Bảng"
 * is not UBND tỉnh, "Sở Du lịch và Thể thao …" not Sở Du lịch. */
static gboolean
known_goes_on (const UnitText *t,
               gsize           base,
               const char     *s,
               gsize           at,
               gsize           end,
               GArray         *matches,
               gboolean        case_aware)
{
  Words *w = words_get ();
  gsize nx = skip_spaces (s, at, end);

  if (nx >= end || nx == at)
    return FALSE;
  if (starts_with_any (s + nx, w->admin) > 0 && !has_prefix_word (s + nx, "tỉnh"))
    return TRUE;
  if (has_prefix_word (s + nx, "và") && case_aware)
    return name_goes_on (t, base, s, skip_spaces (s, nx + strlen ("và"), end), end, matches, case_aware);
  return FALSE;
}

/* An organisation the dictionary does not know, named by its head at @p ("Sở Ngoại vụ", "Công an
 * các huyện, thị xã"): its end, or 0. */
static gsize
pattern_unit (UnitText    *t,
              gsize        base,
              const char  *s,
              gsize        p,
              gsize        end,
              GArray      *matches,
              gboolean     case_aware,
              const char **name)
{
  Words *w = words_get ();
  gsize q = p, h, r, last = 0, place;
  guint n_words = 0, head_words = 1, caps_run = 0;
  gboolean strong, plural = FALSE, saw_cac = FALSE, in_places = FALSE;

  if (has_prefix_word (s + q, "các") || has_prefix_word (s + q, "những"))
    {
      q = skip_spaces (s, next_word (s, q, end), end);
      plural = TRUE;
    }
  h = starts_with_any (s + q, w->heads);
  if (h == 0 || q + h >= end || starts_with_any (s + q, w->not_orgs) > 0)
    return 0;
  strong = starts_with_any (s + q, w->strong) == h;
  for (gsize i = q; i < q + h; i++)
    head_words += s[i] == ' ';
  r = skip_spaces (s, q + h, end);
  /* A known body at the head is the start of a longer name: "Ban Chỉ đạo phòng, chống dịch
   * Covid-19 huyện Kim Bảng". */
  {
    const GbOrganisationMatch *m = match_at (matches, q);
    if (m != NULL && m->end < end)
      {
        last = m->end;
        n_words++;
        r = skip_spaces (s, m->end, end);
      }
  }
  if (r >= end || s[r] == ',' || (n_words == 0 && !strong && case_aware && !written_upper (t, base + r)))
    return 0;
  while (r < end)
    {
      const GbOrganisationMatch *m;
      gboolean upper = case_aware && written_upper (t, base + r);

      if (s[r] == ',')
        {
          gsize nx = skip_spaces (s, r + 1, end);
          if (saw_cac && starts_with_any (s + nx, w->admin) > 0)
            {
              in_places = TRUE;
              r = nx;
              continue;
            }
          if (name_goes_on (t, base, s, nx, end, matches, case_aware))
            {
              r = nx;
              continue;
            }
          break;
        }
      if (has_prefix_word (s + r, "và"))
        {
          gsize nx = skip_spaces (s, r + strlen ("và"), end);
          if (name_goes_on (t, base, s, nx, end, matches, case_aware))
            {
              r = nx;
              continue;
            }
          break;
        }
      /* A proper name of two capitalised words or more ends the body's name: "Liên đoàn Bóng đá
       * Việt Nam tạm hoãn …"; so does a list of kinds of place ("… các huyện, thành phố"). */
      if (case_aware && !upper && caps_run >= 2)
        break;
      place = starts_with_any (s + r, w->admin);
      if (in_places && place == 0)
        break;
      caps_run = upper ? caps_run + 1 : 0;
      /* A known body inside the name ("Văn phòng Ban Chỉ đạo …") is part of it. */
      if ((m = match_at (matches, r)) != NULL && m->end <= end)
        last = m->end;
      else
        {
          saw_cac |= has_prefix_word (s + r, "các");
          /* "thành phố", "thị xã" are one word here. */
          last = place > 0 ? r + place : next_word (s, r, end);
        }
      if (++n_words > 12)
        return 0;
      r = skip_spaces (s, last, end);
    }
  if (n_words == 0)
    return 0;
  {
    g_autofree char *phrase = g_strndup (t->orig + t->map[base + p], t->map[base + last] - t->map[base + p]);
    *name = canonical_unit (t, phrase, head_words + (plural ? 1 : 0));
  }
  return *name != NULL ? last : 0;
}

/* "các Bộ: Quốc phòng, Công an, Y tế" names three ministries; returns the list's end or 0. */
static gsize
expand_list (UnitText     *t,
             gsize         base,
             const char   *s,
             gsize         p,
             gsize         end,
             gboolean      case_aware,
             GbNoticeRole  role)
{
  Words *w = words_get ();
  g_autofree char *head = NULL;
  gsize r, hl, last = 0;
  guint n = 0;

  if (!has_prefix_word (s + p, "các"))
    return 0;
  r = skip_spaces (s, p + strlen ("các"), end);
  hl = starts_with_any (s + r, w->list_heads);
  if (hl == 0)
    return 0;
  head = g_strndup (s + r, hl);
  r = skip_spaces (s, r + hl, end);
  if (r >= end || (case_aware && !written_upper (t, base + r)) || s[r] == ',')
    return 0;
  for (int guard = 0; guard < 24 && r < end; guard++)
    {
      gsize avail = char_boundary (s + r, MIN (end - r, 200));
      g_autofree char *probe = g_strdup_printf ("%s %.*s", head, (int) avail, s + r);
      g_autoptr(GArray) pm = gb_organisations_find_all (t->orgs, probe);
      const char *name = NULL;
      gsize e;

      if (pm->len > 0 && g_array_index (pm, GbOrganisationMatch, 0).start == 0
          && g_array_index (pm, GbOrganisationMatch, 0).end > hl + 1)
        {
          name = g_array_index (pm, GbOrganisationMatch, 0).name;
          e = r + g_array_index (pm, GbOrganisationMatch, 0).end - hl - 1;
        }
      else
        {
          guint words = 0;
          gsize q = r;

          e = r;
          while (q < end && s[q] != ',' && !(q > r && has_prefix_word (s + q, "và")))
            {
              e = next_word (s, q, end);
              q = skip_spaces (s, e, end);
              words++;
            }
          if (words == 0 || words > 6)
            break;
          {
            g_autofree char *written = g_strndup (t->orig + t->map[base + r], t->map[base + e] - t->map[base + r]);
            g_autofree char *phrase = g_strconcat (head, " ", written, NULL);
            name = canonical_unit (t, phrase, 1);
          }
        }
      if (name == NULL)
        break;
      add_unit (t->item, name, role);
      n++;
      last = e;
      r = skip_spaces (s, e, end);
      if (r < end && s[r] == ',')
        r = skip_spaces (s, r + 1, end);
      else if (has_prefix_word (s + r, "và"))
        r = skip_spaces (s, r + strlen ("và"), end);
      else
        break;
      if (r >= end || (case_aware && !written_upper (t, base + r)))
        break;
    }
  return n > 0 ? last : 0;
}

/* The bodies listed from @p ("A, B và C"), each known or found by its head; how many. */
static guint
scan_unit_list (UnitText     *t,
                gsize         base,
                const char   *s,
                gsize         p,
                gsize         end,
                GArray       *matches,
                gboolean      case_aware,
                GbNoticeRole  role)
{
  Words *w = words_get ();
  guint found = 0;

  for (int guard = 0; guard < 32 && p < end; guard++)
    {
      gsize q = skip_spaces (s, p, end), e, tl;
      const GbOrganisationMatch *m = NULL;
      const char *name = NULL;

      for (int k = 0; k < 3 && match_at (matches, q) == NULL && (tl = starts_with_any (s + q, w->titles)) > 0; k++)
        q = skip_spaces (s, q + tl, end);
      if ((m = match_at (matches, q)) != NULL && m->end <= end
          && (!known_goes_on (t, base, s, m->end, end, matches, case_aware)
              || (e = pattern_unit (t, base, s, q, end, matches, case_aware, &name)) <= m->end))
        {
          name = m->name;
          e = m->end;
        }
      else if (m != NULL && m->end <= end)
        {
          gsize span[2] = { base + q, base + e };
          g_array_append_vals (t->claimed, span, 2);
        }
      else if ((e = expand_list (t, base, s, q, end, case_aware, role)) > 0)
        found++;
      else
        e = pattern_unit (t, base, s, q, end, matches, case_aware, &name);
      if (e == 0)
        break;
      if (name != NULL)
        {
          add_unit (t->item, name, role);
          found++;
        }
      p = skip_spaces (s, e, end);
      /* "Sở Y tế tỉnh Hà Nam, …": the place after a known name is still that body. */
      {
        gsize al = starts_with_any (s + p, w->admin);
        if (al > 0 && case_aware)
          {
            gsize r = skip_spaces (s, p + al, end);
            gboolean named = FALSE;

            while (r < end && s[r] != ',' && written_upper (t, base + r))
              {
                r = skip_spaces (s, next_word (s, r, end), end);
                named = TRUE;
              }
            if (named)
              p = r;
          }
      }
      if (p < end && s[p] == ',')
        p++;
      else if (has_prefix_word (s + p, "và"))
        p += strlen ("và");
      else if (has_prefix_word (s + p, "cùng"))
        p += strlen ("cùng");
      else
        break;
    }
  return found;
}

static gboolean
claimed (const UnitText *t,
         gsize           at)
{
  for (guint i = 0; i + 1 < t->claimed->len; i += 2)
    if (at >= g_array_index (t->claimed, gsize, i) && at < g_array_index (t->claimed, gsize, i + 1))
      return TRUE;
  return FALSE;
}

static void
find_units_in_clause (UnitText *t,
                      gsize     cs,
                      gsize     ce,
                      gboolean  nested)
{
  static const char *const prefixes[] = { "giao cho ", "giao ", "đề nghị ", "yêu cầu " };
  g_autoptr(GArray) matches = NULL;
  g_autofree char *s = NULL;
  gsize c = cs, we, len, region_end;
  gboolean case_aware = FALSE;
  const char *coop;

  while (c < ce && t->folded[c] == ' ')
    c++;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (ce - c >= strlen (prefixes[i]) && strncmp (t->folded + c, prefixes[i], strlen (prefixes[i])) == 0)
      {
        c += strlen (prefixes[i]);
        break;
      }
  /* The subject comes first: a bounded window keeps the work linear in the text. */
  we = ce - c > 1024 ? c + char_boundary (t->folded + c, 1024) : ce;
  if (we <= c)
    return;
  s = g_strndup (t->folded + c, we - c);
  len = we - c;
  for (const char *p = t->orig + t->map[c]; p < t->orig + t->map[we]; p = g_utf8_next_char (p))
    if (g_unichar_islower (g_utf8_get_char (p)))
      {
        case_aware = TRUE;
        break;
      }

  /* The subject of the clause runs to its first verb outside an organisation's name ("Ban Chỉ
   * đạo …" holds the verb "chỉ đạo"). */
  matches = gb_organisations_find_all (t->orgs, s);
  region_end = find_verb (t, c, s, len, matches, case_aware);

  /* "Thủ tướng giao Bộ Y tế chủ trì": whoever is given the work is responsible for it. */
  if (!nested && region_end > 0 && region_end < len
      && (has_prefix_word (s + region_end, "giao") || has_prefix_word (s + region_end, "yêu cầu")
          || has_prefix_word (s + region_end, "đề nghị")))
    {
      guint before = t->item->units->len;

      find_units_in_clause (t, c + region_end, ce, TRUE);
      if (t->item->units->len > before)
        return;
    }

  if (region_end > 0 && count_words (s, region_end) <= 60)
    {
      guint found = scan_unit_list (t, c, s, 0, region_end, matches, case_aware, GB_NOTICE_ROLE_LEAD);
      if (found == 0 && matches->len > 0)
        {
          const GbOrganisationMatch *m0 = &g_array_index (matches, GbOrganisationMatch, 0);
          if (m0->end <= region_end && count_words (s, m0->start) <= 5)
            scan_unit_list (t, c, s, m0->start, region_end, matches, case_aware, GB_NOTICE_ROLE_LEAD);
        }
    }
  if (matches->len > 0)
    {
      const GbOrganisationMatch *m0 = &g_array_index (matches, GbOrganisationMatch, 0);
      if (m0->end <= region_end && count_words (s, m0->start) <= 5 && count_words (s, region_end) <= 60)
        {
          for (guint i = 0; i < matches->len; i++)
            {
              const GbOrganisationMatch *m = &g_array_index (matches, GbOrganisationMatch, i);
              if (m->end <= region_end && !claimed (t, c + m->start))
                add_unit (t->item, m->name, GB_NOTICE_ROLE_LEAD);
            }
        }
    }

  /* "X chủ trì, phối hợp (chặt chẽ) với Y": Y co-operates, up to the next verb. */
  coop = strstr (s, "phối hợp");
  while (coop != NULL && coop > s && coop[-1] != ' ')
    coop = strstr (coop + 1, "phối hợp");
  if (coop != NULL)
    {
      gsize r = skip_spaces (s, coop - s + strlen ("phối hợp"), len);
      g_autoptr(GArray) cm = NULL;
      gsize stop;

      if (has_prefix_word (s + r, "chặt chẽ"))
        {
          r = skip_spaces (s, r + strlen ("chặt chẽ"), len);
          if (r < len && s[r] == ',')
            r = skip_spaces (s, r + 1, len);
        }
      if (has_prefix_word (s + r, "với"))
        r += strlen ("với");
      else if (has_prefix_word (s + r, "cùng"))
        r += strlen ("cùng");
      else
        return;
      r = skip_spaces (s, r, len);
      cm = gb_organisations_find_all (t->orgs, s + r);
      stop = find_verb (t, c + r, s + r, len - r, cm, case_aware);
      scan_unit_list (t, c + r, s + r, 0, stop, cm, case_aware, GB_NOTICE_ROLE_COOPERATE);
      for (guint i = 0; i < cm->len; i++)
        {
          const GbOrganisationMatch *m = &g_array_index (cm, GbOrganisationMatch, i);
          if (m->end <= stop && !claimed (t, c + r + m->start))
            add_unit (t->item, m->name, GB_NOTICE_ROLE_COOPERATE);
        }
    }
}

static void
find_units (GbNoticeItem    *item,
            GbOrganisations *orgs,
            GHashTable      *seen)
{
  Words *w = words_get ();
  UnitText t = { NULL, NULL, NULL, orgs, seen, item, NULL };
  gsize start = 0;
  char *p;

  unit_text_init (&t, item->text);
  t.claimed = g_array_new (FALSE, FALSE, sizeof (gsize));
  /* "các Bộ: Quốc phòng, Công an" — that colon opens a list, not a new clause. */
  for (p = strstr (t.folded, "các "); p != NULL; p = strstr (p + 1, "các "))
    {
      gsize hl = starts_with_any (p + strlen ("các "), w->list_heads);
      if (hl > 0 && p[strlen ("các ") + hl] == ':')
        p[strlen ("các ") + hl] = ' ';
    }
  for (p = t.folded; ; p++)
    {
      if (*p == '\0' || (strchr (".;:!?", *p) != NULL && !g_ascii_isdigit (p[1])))
        {
          find_units_in_clause (&t, start, p - t.folded, FALSE);
          if (*p == '\0')
            break;
          start = p - t.folded + 1;
        }
    }
  unit_text_clear (&t);
}

/* A day and month without a year take the document's year; a deadline that would then lie
 * long before the document itself (a December notice asking for "trước ngày 15/1") is in the
 * next year. */
static char *
due_date (const char *text,
          int         year,
          const char *doc_date)
{
  char *d = gb_notice_parse_date (text, year);
  int explicit_year = latest_year (text);

  if (d != NULL && explicit_year == 0 && doc_date != NULL && year > 0)
    {
      g_autoptr(GDate) due = g_date_new ();
      g_autoptr(GDate) doc = g_date_new ();

      g_date_set_dmy (due, (GDateDay) g_ascii_strtoll (d + 8, NULL, 10),
                      (GDateMonth) g_ascii_strtoll (d + 5, NULL, 10), (GDateYear) year);
      g_date_set_dmy (doc, (GDateDay) g_ascii_strtoll (doc_date + 8, NULL, 10),
                      (GDateMonth) g_ascii_strtoll (doc_date + 5, NULL, 10),
                      (GDateYear) g_ascii_strtoll (doc_date, NULL, 10));
      if (g_date_valid (due) && g_date_valid (doc) && g_date_days_between (due, doc) > 60)
        {
          g_free (d);
          d = gb_notice_parse_date (text, year + 1);
        }
    }
  return d;
}

/* The words of a match as written in the item rather than folded, when folding kept the byte
 * offsets (it does for Vietnamese in NFC: both cases and both tone placements are as long). */
static char *
fetch_written (GMatchInfo *mi,
               const char *folded,
               const char *written)
{
  int s = -1, e = -1;

  if (written != NULL && strlen (written) == strlen (folded) && g_match_info_fetch_pos (mi, 0, &s, &e)
      && s >= 0 && g_utf8_validate (written + s, e - s, NULL))
    {
      char *out = g_strndup (written + s, e - s);
      g_autofree char *refolded = gb_organisations_fold (out);
      g_autofree char *want = g_match_info_fetch (mi, 0);

      if (g_str_equal (refolded, want))
        return g_strstrip (out);
      g_free (out);
    }
  return g_strstrip (g_match_info_fetch (mi, 0));
}

/* A deadline at the end of month @m of year @y ("trong tháng 9", "trong quý III"), with the
 * words it was written in. */
static gboolean
due_by_month_end (GbNoticeItem *item,
                  int           y,
                  int           m,
                  GMatchInfo   *mi,
                  const char   *folded,
                  const char   *written)
{
  if (y <= 1 || m < 1 || m > 12)
    return FALSE;
  item->due = format_date (y, m, g_date_get_days_in_month (m, y));
  if (item->due == NULL)
    return FALSE;
  item->due_text = fetch_written (mi, folded, written);
  return TRUE;
}

static void
find_due (GbNoticeItem *item,
          int           year,
          const char   *doc_date)
{
  g_autofree char *written = gb_organisations_nfc (item->text);
  Regexes *r = regexes_get ();
  g_autofree char *folded = gb_organisations_fold (item->text);
  g_autoptr(GMatchInfo) mi = NULL;
  static const struct { const char *words; const char *rec; } recurring[] = {
    { "hằng ngày", "daily" }, { "hàng ngày", "daily" }, { "mỗi ngày", "daily" },
    { "hằng tuần", "weekly" }, { "hàng tuần", "weekly" }, { "mỗi tuần", "weekly" },
    { "hằng tháng", "monthly" }, { "hàng tháng", "monthly" }, { "mỗi tháng", "monthly" },
    { "hằng quý", "quarterly" }, { "hàng quý", "quarterly" },
    { "định kỳ", "periodic" }, { "thường xuyên", "continuous" }, { "liên tục", "continuous" },
  };

  /* The first deadline that is a real date: "trước ngày 31/2" is a typing error, not a date,
   * and a later "trước 15/9" may still follow. */
  g_regex_match (r->due_before, folded, 0, &mi);
  while (g_match_info_matches (mi))
    {
      g_autofree char *d = g_match_info_fetch (mi, 1);
      item->due = due_date (d, year, doc_date);
      if (item->due != NULL)
        {
          item->due_text = fetch_written (mi, folded, written);
          return;
        }
      g_match_info_next (mi, NULL);
    }
  g_clear_pointer (&mi, g_match_info_free);
  if (g_regex_match (r->due_holiday, folded, 0, &mi))
    {
      g_autofree char *first = g_match_info_fetch (mi, 1);
      g_autofree char *rest = g_match_info_fetch (mi, 2);
      /* A holiday span "30/4, 01/5": the task runs until its last day. */
      const char *last = first;
      g_auto(GStrv) parts = NULL;
      if (rest != NULL && *rest != '\0')
        {
          parts = g_regex_split_simple ("\\s*(?:,|và|-(?!\\d)|–|đến)\\s*", rest, 0, 0);
          for (guint i = 0; parts[i] != NULL; i++)
            if (*parts[i] != '\0')
              last = parts[i];
        }
      item->due = due_date (last, year, doc_date);
      if (item->due != NULL)
        {
          item->due_text = fetch_written (mi, folded, written);
          return;
        }
    }
  g_clear_pointer (&mi, g_match_info_free);
  if (g_regex_match (r->due_month, folded, 0, &mi))
    {
      g_autofree char *cue = g_match_info_fetch (mi, 1);
      g_autofree char *month = g_match_info_fetch (mi, 2);
      gboolean before = g_str_equal (cue, "trước");
      int m = match_int (mi, 2);
      int y = match_int (mi, 3);

      /* "trong tháng này" is the document's month; "trước tháng này" means nothing. */
      if (g_str_equal (month, "này"))
        {
          m = (doc_date != NULL && !before) ? (int) g_ascii_strtoll (doc_date + 5, NULL, 10) : 0;
          y = doc_date != NULL ? (int) g_ascii_strtoll (doc_date, NULL, 10) : 0;
        }
      if (y == 0)
        y = year;
      if (before && m >= 1 && m <= 12)
        {
          /* Before October is by the end of September. */
          m = m == 1 ? 12 : m - 1;
          if (m == 12)
            y--;
        }
      if (due_by_month_end (item, y, m, mi, folded, written))
        return;
    }
  g_clear_pointer (&mi, g_match_info_free);
  if (g_regex_match (r->due_quarter, folded, 0, &mi))
    {
      g_autofree char *cue = g_match_info_fetch (mi, 1);
      g_autofree char *quarter = g_match_info_fetch (mi, 2);
      int y = match_int (mi, 3), q = 0, m;

      if (quarter != NULL && *quarter != '\0')
        {
          q = g_ascii_isdigit (quarter[0]) ? quarter[0] - '0'
              : g_str_equal (quarter, "iv") ? 4 : (int) strlen (quarter);
          if (g_str_equal (cue, "trước"))
            q--;
          m = q * 3;
        }
      else
        {
          y = match_int (mi, 4);
          m = 12;
        }
      if (y == 0)
        y = year;
      if (m == 0)
        {
          /* Before the first quarter is the end of the year before. */
          m = 12;
          y--;
        }
      if (due_by_month_end (item, y, m, mi, folded, written))
        return;
    }
  g_clear_pointer (&mi, g_match_info_free);
  if (g_regex_match (r->due_words, folded, 0, &mi))
    {
      item->due_text = fetch_written (mi, folded, written);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (recurring); i++)
    if (strstr (folded, recurring[i].words) != NULL)
      {
        item->recurrence = g_strdup (recurring[i].rec);
        item->due_text = g_strdup (recurring[i].words);
        return;
      }
}

static gboolean
is_assessment (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (assessment_starts); i++)
    if (starts_with_ci (text, assessment_starts[i]))
      return TRUE;
  return FALSE;
}

/* Items glued on one line ("… hiệu quả. 8. Tăng cường …"): split before the expected next
 * number when it follows a sentence end and starts a capitalised sentence. */
static gsize
find_glued (const char *text,
            const char *next_number)
{
  g_autofree char *needle = g_strdup_printf (" %s. ", next_number);
  const char *p = text;

  while ((p = strstr (p, needle)) != NULL)
    {
      const char *after = p + strlen (needle);
      const char *before = p;
      while (before > text && before[-1] == ' ')
        before--;
      if (before > text && strchr (".;:!?\"”", before[-1]) != NULL && g_unichar_isupper (g_utf8_get_char (after)))
        return p - text + 1;
      p = after;
    }
  return 0;
}

static char *
next_sibling_number (const char *path)
{
  const char *dot = strrchr (path, '.');
  int last = (int) g_ascii_strtoll (dot ? dot + 1 : path, NULL, 10);
  if (dot == NULL)
    return g_strdup_printf ("%d", last + 1);
  return g_strdup_printf ("%.*s.%d", (int) (dot - path), path, last + 1);
}

static GbNoticeItem *
new_item (GPtrArray  *stack,
          Rank        rank,
          int         depth,
          const char *number,
          const char *text,
          GbNoticeItem **parent_item)
{
  GbNoticeItem *item = gb_notice_item_new ();
  Node *parent;
  Node node = { rank, depth, item, 0, rank == RANK_PARA && g_str_has_suffix (text, ":") };

  if (rank == RANK_NUMBER)
    {
      while (stack->len > 1)
        {
          Node *top = g_ptr_array_index (stack, stack->len - 1);
          if (top->rank == RANK_NUMBER && top->depth < depth)
            break;
          g_ptr_array_remove_index (stack, stack->len - 1);
        }
    }
  else
    {
      while (stack->len > 1)
        {
          Node *top = g_ptr_array_index (stack, stack->len - 1);
          /* Bullets under "Giao Sở Y tế:" are its sub-items; another paragraph ends them. */
          if (top->rank < rank || (top->heads_list && rank != RANK_PARA))
            break;
          g_ptr_array_remove_index (stack, stack->len - 1);
        }
    }
  parent = g_ptr_array_index (stack, stack->len - 1);
  parent->n_children++;
  *parent_item = parent->item;
  if (number != NULL)
    item->path = g_strdup (number);
  else if (parent->item != NULL)
    item->path = g_strdup_printf ("%s.%d", parent->item->path, parent->n_children);
  else
    item->path = g_strdup_printf ("%d", parent->n_children);
  item->level = number != NULL ? depth : (parent->item ? parent->item->level + 1 : 1);
  item->text = g_strdup (text);
  /* "… thực hiện Công điện này./." — the mark closes the body of the notice. */
  {
    gsize n = strlen (item->text);
    if (n >= 2 && g_str_has_suffix (item->text, "/."))
      {
        char *dotted;

        item->text[n - 2] = '\0';
        n -= 2;
        while (n > 0 && (item->text[n - 1] == ' ' || item->text[n - 1] == '.'))
          item->text[--n] = '\0';
        dotted = g_strconcat (item->text, ".", NULL);
        g_free (item->text);
        item->text = dotted;
      }
  }
  g_ptr_array_add (stack, g_memdup2 (&node, sizeof node));
  return item;
}

static void
parse_body (GbNotice        *notice,
            GPtrArray       *paras,
            guint            from,
            guint            to,
            GbOrganisations *orgs,
            int              year)
{
  Regexes *r = regexes_get ();
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GQueue) pending = g_queue_new ();
  Node root = { RANK_ROOT, 0, NULL, 0, FALSE };
  int last_top = 0;
  gboolean closed = FALSE;
  guint i = from;
  g_autofree char *section = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_ptr_array_add (stack, g_memdup2 (&root, sizeof root));

  for (;;)
    {
      g_autofree char *text = NULL;
      GbNoticeItem *item = NULL;
      GbNoticeItem *parent_item = NULL;
      g_autoptr(GMatchInfo) mi = NULL;

      if (!g_queue_is_empty (pending))
        text = g_queue_pop_head (pending);
      else if (i < to)
        text = g_strdup (((Para *) g_ptr_array_index (paras, i++))->text);
      else
        break;

      {
        g_autofree char *roman = roman_section (text);
        if (roman != NULL)
          {
            const char *rest = text + strlen (roman) + 2;
            g_free (section);
            section = g_steal_pointer (&roman);
            last_top = 0;
            closed = FALSE;
            item = new_item (stack, RANK_NUMBER, 1, section, rest, &parent_item);
          }
      }
      if (item == NULL && is_numbered (text) && g_regex_match (r->numbered, text, 0, &mi))
        {
          g_autofree char *num = g_match_info_fetch (mi, 1);
          g_autofree char *rest = g_match_info_fetch (mi, 3);
          int depth = 1;
          int top = (int) g_ascii_strtoll (num, NULL, 10);
          gboolean plausible;

          for (const char *p = num; *p; p++)
            depth += *p == '.';
          if (depth == 1)
            plausible = top == 1 || top == last_top + 1 || (top >= 1 && top <= last_top + 3 && top > last_top) || (last_top == 0 && top <= 3);
          else
            plausible = top == last_top || top == last_top + 1;
          if (plausible)
            {
              g_autofree char *next = next_sibling_number (num);
              g_autofree char *next_top = g_strdup_printf ("%d", top + 1);
              gsize cut = find_glued (rest, next);

              if (cut == 0 && depth > 1)
                cut = find_glued (rest, next_top);
              if (cut > 0)
                {
                  g_queue_push_head (pending, g_strdup (rest + cut));
                  rest[cut] = '\0';
                  g_strchomp (rest);
                }
              if (depth == 1)
                last_top = top;
              closed = FALSE;
              if (section != NULL)
                {
                  /* Numbers restart in every section: "II.1" keeps paths unique. */
                  g_autofree char *full = g_strdup_printf ("%s.%s", section, num);
                  item = new_item (stack, RANK_NUMBER, depth + 1, full, rest, &parent_item);
                }
              else
                item = new_item (stack, RANK_NUMBER, depth, num, rest, &parent_item);
            }
        }
      if (item == NULL && !closed && notice->items->len > 0)
        {
          Rank rank = RANK_PARA;
          const char *body = text;

          if (is_bullet (text))
            {
              rank = text[0] == '+' ? RANK_PLUS : RANK_DASH;
              body = g_utf8_next_char (text);
            }
          else if (is_letter_bullet (text))
            {
              rank = RANK_LETTER;
              body = strchr (text, ')') + 1;
            }
          while (*body == ' ')
            body++;
          if (rank == RANK_PARA)
            {
              for (guint k = 0; k < G_N_ELEMENTS (closing_starts); k++)
                if (g_str_has_prefix (body, closing_starts[k]))
                  closed = TRUE;
            }
          if (!closed && *body != '\0')
            item = new_item (stack, rank, 0, NULL, body, &parent_item);
        }
      if (item == NULL)
        continue;

      item->is_task = !is_assessment (item->text);
      find_units (item, orgs, seen);
      find_due (item, year, notice->date);
      /* Sub-items that name no lead of their own belong to their parent's lead units (the parent
       * already inherited from its own parent): "2. Bộ Y tế:" heads its "a)", "b)", and an
       * "a) Phối hợp với Bộ Công an …" under it is still Bộ Y tế's. */
      if (parent_item != NULL)
        {
          gboolean has_lead = FALSE;
          guint at = 0;

          for (guint u = 0; u < item->units->len; u++)
            has_lead |= ((GbNoticeUnit *) g_ptr_array_index (item->units, u))->role == GB_NOTICE_ROLE_LEAD;
          for (guint u = 0; !has_lead && u < parent_item->units->len; u++)
            {
              GbNoticeUnit *pu = g_ptr_array_index (parent_item->units, u);
              if (pu->role == GB_NOTICE_ROLE_LEAD && !gb_notice_item_has_unit (item, pu->name))
                {
                  GbNoticeUnit *nu = g_new0 (GbNoticeUnit, 1);
                  nu->name = g_strdup (pu->name);
                  nu->role = GB_NOTICE_ROLE_LEAD;
                  g_ptr_array_insert (item->units, at++, nu);
                }
            }
        }
      g_ptr_array_add (notice->items, item);
    }

}

/* ---- header, lists, signature ---------------------------------------------------------- */

static char *
list_entry (const char *text)
{
  GString *s = g_string_new (text);
  char *brace;

  if (is_bullet (s->str))
    g_string_erase (s, 0, g_utf8_next_char (s->str) - s->str);
  /* "- Ban Bí thư TW Đảng, } (để báo cáo)": the brace groups lines in the printed layout. */
  if ((brace = strchr (s->str, '}')) != NULL)
    g_string_truncate (s, brace - s->str);
  g_strstrip (s->str);
  s->len = strlen (s->str);
  while (s->len > 0 && strchr (",;.", s->str[s->len - 1]) != NULL)
    g_string_truncate (s, s->len - 1);
  g_strchomp (s->str);
  return g_string_free (s, FALSE);
}

/* A list paragraph "Kính gửi: - A, - B," may hold several entries. */
static void
add_list_entries (GPtrArray  *out,
                  const char *text)
{
  /* A dash inside a name ("Bộ Lao động - Thương binh và Xã hội") does not start an entry: one
   * does after punctuation, at the start, or before the usual first words of an entry. */
  g_auto(GStrv) parts = g_regex_split_simple ("(?:^\\s*|(?<=[,;.:)}])\\s*|\\s(?=[-–•+]\\s+(?:Các|Bộ trưởng|Chủ tịch|Giám đốc|Thủ trưởng|Đồng chí|Bí thư)\\s))[-–•+]\\s", text, 0, 0);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      /* "Kính gửi: Sở Y tế; Công an tỉnh." — a semicolon separates entries written on one line
       * (a comma does not: "Các huyện ủy, thị ủy, thành ủy" is one). */
      g_auto(GStrv) entries = g_strsplit (parts[i], ";", -1);

      for (guint j = 0; entries[j] != NULL; j++)
        {
          g_autofree char *e = list_entry (entries[j]);
          if (*e != '\0')
            g_ptr_array_add (out, g_steal_pointer (&e));
        }
    }
}

/* Where the addressees start in "Kính gửi: …", "Đồng kính gửi: …" or a telegram's "THỦ TƯỚNG
 * CHÍNH PHỦ điện: …" (a short sender ending in "điện"); NULL for another paragraph. */
static const char *
addressee_list (const char *t)
{
  static const char *const intros[] = { "Kính gửi", "Đồng kính gửi" };
  const char *colon;

  for (guint i = 0; i < G_N_ELEMENTS (intros); i++)
    if (starts_with_ci (t, intros[i]))
      {
        const char *p = t + strlen (intros[i]);
        while (*p == ':' || *p == ' ')
          p++;
        return p;
      }
  colon = strchr (t, ':');
  if (colon != NULL && colon - t <= 160)
    {
      g_autofree char *head = g_strndup (t, colon - t);
      g_autofree char *f = gb_organisations_fold (head);

      g_strchomp (f);
      if ((g_str_has_suffix (f, " điện") || g_str_equal (f, "điện")) && count_words (f, strlen (f)) <= 14)
        {
          colon++;
          while (*colon == ' ')
            colon++;
          return colon;
        }
    }
  return NULL;
}

static gboolean
is_signing_form (const char *s)
{
  return g_str_has_prefix (s, "T/M") || g_str_has_prefix (s, "TM.") || g_str_has_prefix (s, "TM ")
         || g_str_has_prefix (s, "KT.") || g_str_has_prefix (s, "KT ") || g_str_has_prefix (s, "Q. ")
         || g_str_has_prefix (s, "TL.") || g_str_has_prefix (s, "TUQ.");
}

static gboolean
looks_like_name (const char *s)
{
  int words = 0;
  g_auto(GStrv) parts = g_strsplit (s, " ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (!g_unichar_isupper (g_utf8_get_char (parts[i])))
        return FALSE;
      words++;
    }
  return words >= 2 && words <= 5 && strpbrk (s, ",.:;0123456789") == NULL;
}

static const char *const title_kinds[][2] = {
  { "THÔNG BÁO KẾT LUẬN", "thông báo kết luận" }, { "THÔNG BÁO", "thông báo" },
  { "CHỈ THỊ", "chỉ thị" }, { "CÔNG ĐIỆN", "công điện" }, { "ĐIỆN", "công điện" },
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

  if (!is_upper_line (text))
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
  Regexes *r = regexes_get ();
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
      g_autofree char *clean = clean_line (g_ptr_array_index (segs, i));
      g_autofree char *nfc = gb_organisations_nfc (clean);
      g_autofree char *f = gb_organisations_fold (nfc);

      if (*nfc == '\0' || is_decoration (nfc) || is_urgency_mark (f))
        continue;
      /* The place and date on a line of their own are the right column's. */
      if (g_regex_match (regexes_get ()->place_date, nfc, 0, NULL))
        continue;
      /* The number ends the block even when its column comes second, and in capitals
       * ("SỐ: 12/SYT-NVY"). */
      if (is_keyword_line (nfc) || has_prefix_word (f, "số"))
        return HEADER_LINE_END;
      {
        g_autofree char *number = find_number (nfc, NULL, NULL, NULL);
        if (number != NULL)
          return HEADER_LINE_END;
      }
      left = left_part (nfc);
    }
  if (left == NULL)
    return HEADER_LINE_SKIP;
  if (is_keyword_line (left) || is_numbered (left) || is_bullet (left) || is_letter_bullet (left)
      || !is_upper_line (left))
    return HEADER_LINE_END;
  {
    g_autofree char *rs = roman_section (left);
    if (rs != NULL)
      return HEADER_LINE_END;
  }
  folded = gb_organisations_fold (left);
  if (has_prefix_word (folded, "về") || has_prefix_word (folded, "v/v"))
    return HEADER_LINE_END;
  for (guint k = 0; k < G_N_ELEMENTS (title_kinds); k++)
    {
      g_autofree char *tk = gb_organisations_fold (title_kinds[k][0]);
      if (has_prefix_word (folded, tk))
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
  Words *w = words_get ();

  return starts_with_any (folded, w->issuer_heads) > 0 && starts_with_any (folded, w->not_orgs) == 0
         && starts_with_any (folded, w->not_issuer_heads) == 0;
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

static void
parse_header_para (GbNotice    *notice,
                   const char  *t,
                   HeaderState *st)
{
  Regexes *r = regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;
  gboolean after_kind = st->after_kind;
  gboolean subject_open = st->subject_open;

  st->after_kind = FALSE;
  st->subject_open = FALSE;

  /* The title under the kind heading: "VỀ VIỆC …", "Về việc …", "Về tăng cường …" (a chỉ thị),
   * or a plan's own title line; an all-capital title may wrap over several lines. */
  if (subject_open && notice->subject != NULL && is_upper_line (t) && !is_keyword_line (t)
      && g_utf8_strlen (t, -1) < 120)
    {
      g_autofree char *more = sentence_case (t);
      g_autofree char *first = g_utf8_substring (more, 0, 1);
      g_autofree char *lower = NULL;
      char *joined;

      /* Only the first word of the whole title keeps its capital. */
      lower = strncmp (more, t, strcspn (t, " ")) == 0 ? g_strdup (first) : g_utf8_strdown (first, -1);
      joined = g_strconcat (notice->subject, " ", lower, g_utf8_next_char (more), NULL);
      g_free (notice->subject);
      notice->subject = joined;
      st->subject_open = TRUE;
      return;
    }
  if (notice->subject == NULL && !g_str_has_prefix (t, "V/") && !g_str_has_prefix (t, "Số"))
    {
      const char *rest = NULL;

      if (starts_with_ci (t, "Về việc"))
        rest = t + strlen ("Về việc");
      else if (after_kind && starts_with_ci (t, "Về "))
        rest = t + strlen ("Về ");
      else if (after_kind && !is_keyword_line (t) && !is_numbered (t) && g_utf8_strlen (t, -1) <= 200
               && !ends_sentence (t))
        rest = t;
      if (rest != NULL)
        {
          while (*rest == ' ' || *rest == ':')
            rest++;
          if (*rest != '\0')
            {
              notice->subject = sentence_case (rest);
              st->subject_open = is_upper_line (t);
              return;
            }
        }
    }

  if (notice->number == NULL && (g_str_has_prefix (t, "Số") || g_str_has_prefix (t, "SỐ")))
    {
      g_autofree char *kc = NULL;
      g_autofree char *ic = NULL;
      gsize end = 0;
      notice->number = find_number (t, &kc, &ic, &end);
      if (notice->number != NULL)
        {
          if (notice->kind == NULL && kind_for_code (kc))
            notice->kind = g_strdup (kind_for_code (kc));
          if (notice->issuer == NULL && issuer_for_code (ic))
            notice->issuer = g_strdup (issuer_for_code (ic));
          /* The right column's place and date on the number's line of a two-column header. */
          if (notice->date == NULL && g_regex_match (r->place_date, t + end, 0, &mi))
            {
              g_autofree char *place = g_match_info_fetch (mi, 1);
              notice->date = format_date (match_int (mi, 4), match_int (mi, 3), match_int (mi, 2));
              if (notice->date != NULL)
                {
                  g_free (notice->place);
                  notice->place = g_strdup (g_strstrip (place));
                }
            }
        }
      return;
    }
  if (notice->date == NULL && g_regex_match (r->place_date, t, 0, &mi))
    {
      g_autofree char *place = g_match_info_fetch (mi, 1);
      /* An impossible date leaves date unset, so a later line may set place again. */
      g_free (notice->place);
      notice->place = g_strdup (g_strstrip (place));
      notice->date = format_date (match_int (mi, 4), match_int (mi, 3), match_int (mi, 2));
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
  if (is_upper_line (t))
    {
      g_autofree char *f = gb_organisations_fold (t);
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
      /* Without a block at the top, the longest line of capitals naming a body; never one
       * longer than a name is. */
      if (!st->issuer_known && g_utf8_strlen (t, -1) <= ISSUER_MAX_CHARS
          && (strstr (f, "ủy") || strstr (f, "ban ") || strstr (f, "bộ ") || strstr (f, "văn phòng")
              || strstr (f, "chính phủ") || strstr (f, "sở ")))
        {
          if (notice->issuer == NULL || strlen (notice->issuer) < strlen (t))
            {
              g_free (notice->issuer);
              /* "TỈNH ỦY HÀ NAM" → "Tỉnh ủy Hà Nam" would need proper-noun knowledge; keep
               * the capitals as printed. */
              notice->issuer = g_strdup (t);
            }
        }
      return;
    }
  /* "kết luận của Thường trực Tỉnh ủy tại …" under a title line: the subject. */
  if (notice->subject == NULL && notice->kind != NULL && g_unichar_islower (g_utf8_get_char (t)))
    notice->subject = g_strdup (t);
}

static void
find_references (GbNotice   *notice,
                 const char *body,
                 int         year)
{
  Regexes *r = regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_regex_match (r->reference, body, 0, &mi);
  while (g_match_info_matches (mi))
    {
      g_autofree char *kind = g_match_info_fetch (mi, 1);
      g_autofree char *num = g_match_info_fetch (mi, 2);
      g_autofree char *date = g_match_info_fetch (mi, 3);
      g_autofree char *whole = g_match_info_fetch (mi, 0);
      g_autofree char *n = strip_spaces (num);
      g_autofree char *key = NULL;

      key = g_strdup_printf ("%s|%s", kind, n);
      if (*n != '\0' && g_strcmp0 (n, notice->number) != 0 && !g_hash_table_contains (seen, key))
        {
          GbNoticeReference *ref = g_new0 (GbNoticeReference, 1);
          ref->text = g_strdup (g_strstrip (whole));
          ref->kind = g_utf8_strdown (kind, -1);
          ref->number = g_steal_pointer (&n);
          ref->date = (date != NULL && *date != '\0') ? gb_notice_parse_date (date, year) : NULL;
          g_ptr_array_add (notice->references, ref);
          g_hash_table_add (seen, g_steal_pointer (&key));
        }
      g_match_info_next (mi, NULL);
    }
}

static int
latest_year (const char *text)
{
  Regexes *r = regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;
  int best = 0;

  g_regex_match (r->any_full_date, text, 0, &mi);
  while (g_match_info_matches (mi))
    {
      int y = match_int (mi, 1);
      if (y == 0)
        y = match_int (mi, 2);
      if (y >= 1945 && y <= 2200 && y > best)
        best = y;
      g_match_info_next (mi, NULL);
    }
  return best;
}

/**
 * gb_notice_parse:
 * @text: the notice as plain text or Markdown, UTF-8
 * @length: bytes in @text, or -1 if nul-terminated
 * @orgs: (nullable): the organisations to recognise; NULL for the built-in ones
 * @error: empty, binary, oversized or badly encoded input
 *
 * Reads a notice. Text that is not a notice gives a #GbNotice with no items, not an error.
 *
 * Returns: (transfer full) (nullable): the notice, or NULL with @error set.
 */
GbNotice *
gb_notice_parse (const char       *text,
                 gssize            length,
                 GbOrganisations  *orgs,
                 GError          **error)
{
  g_autoptr(GbNotice) notice = NULL;
  g_autoptr(GbOrganisations) own_orgs = NULL;
  g_autoptr(GPtrArray) paras = NULL;
  g_autofree char *copy = NULL;
  const char *bad = NULL;
  guint body_from = 0, body_to, addr_idx = G_MAXUINT, first_item = G_MAXUINT, end_idx;
  int year;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (text);
  if (length > GB_NOTICE_MAX_BYTES)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
                   _("The text is too long for a notice (%lu bytes, at most %d)"),
                   (gulong) length, GB_NOTICE_MAX_BYTES);
      return NULL;
    }
  if (length > 0 && memchr (text, '\0', length) != NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
                   _("This is binary data, not text (a NUL byte at offset %lu)"),
                   (gulong) ((const char *) memchr (text, '\0', length) - text));
      return NULL;
    }
  if (!g_utf8_validate (text, length, &bad))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
                   _("The text is not valid UTF-8 (bad byte at offset %lu)"),
                   (gulong) (bad - text));
      return NULL;
    }
  copy = g_strndup (text, length);
  g_strstrip (copy);
  if (*copy == '\0')
    {
      g_set_error_literal (error, GB_ERROR, GB_ERROR_PARSE, _("The text is empty"));
      return NULL;
    }
  /* Old Mac and Windows line ends. */
  for (char *p = copy; *p; p++)
    if (*p == '\r')
      *p = p[1] == '\n' ? ' ' : '\n';

  if (orgs == NULL)
    orgs = own_orgs = gb_organisations_new_builtin ();

  notice = gb_notice_new ();
  paras = split_paragraphs (copy);

  for (guint i = 0; i < paras->len; i++)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;
      if (addr_idx == G_MAXUINT && (starts_with_ci (t, "Kính gửi") || (first_item == G_MAXUINT && addressee_list (t) != NULL)))
        addr_idx = i;
      if (first_item == G_MAXUINT && is_numbered (t) && g_ascii_strtoll (t, NULL, 10) == 1)
        first_item = i;
      if (first_item == G_MAXUINT && g_str_has_prefix (t, "I. "))
        first_item = i;
    }

  /* The header runs to "Kính gửi", or failing that to the first item, but never far. */
  {
    guint header_end = MIN (addr_idx, first_item);
    HeaderState st = { FALSE, FALSE, FALSE };
    g_autofree char *issuer = NULL;

    /* A refused block leaves only the number's issuer code ("TU" is "Tỉnh ủy"). */
    if (find_issuer_block (copy, &issuer) != ISSUER_NONE)
      {
        st.issuer_known = TRUE;
        notice->issuer = g_steal_pointer (&issuer);
      }

    if (header_end == G_MAXUINT)
      header_end = MIN (paras->len, 12);
    header_end = MIN (header_end, 25);

    for (guint i = 0; i < header_end && i < paras->len; i++)
      parse_header_para (notice, ((Para *) g_ptr_array_index (paras, i))->text, &st);
    body_from = header_end;
  }

  if (addr_idx != G_MAXUINT)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, addr_idx))->text;
      const char *colon = addressee_list (t);
      add_list_entries (notice->addressees, colon);
      body_from = addr_idx + 1;
      while (body_from < paras->len && is_bullet (((Para *) g_ptr_array_index (paras, body_from))->text))
        add_list_entries (notice->addressees, ((Para *) g_ptr_array_index (paras, body_from++))->text);
    }

  /* The end: "Nơi nhận" or the signature, whichever comes first after the body. */
  end_idx = paras->len;
  for (guint i = body_from; i < paras->len; i++)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;
      if (starts_with_ci (t, "Nơi nhận") || is_signing_form (t))
        {
          end_idx = i;
          break;
        }
    }
  body_to = end_idx;
  for (guint i = end_idx; i < paras->len; i++)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;
      if (starts_with_ci (t, "Nơi nhận"))
        {
          const char *c = t + strlen ("Nơi nhận");
          while (*c == ':' || *c == ' ')
            c++;
          add_list_entries (notice->recipients, c);
          while (i + 1 < paras->len && is_bullet (((Para *) g_ptr_array_index (paras, i + 1))->text))
            add_list_entries (notice->recipients, ((Para *) g_ptr_array_index (paras, ++i))->text);
        }
      else if (is_signing_form (t) && notice->signing_form == NULL)
        notice->signing_form = g_strdup (t);
      else if (is_upper_line (t) && notice->signer_title == NULL)
        notice->signer_title = g_strdup (t);
      else if (notice->signer == NULL && looks_like_name (t))
        notice->signer = g_strdup (t);
    }

  {
    GString *all = g_string_new (NULL);
    for (guint i = 0; i < paras->len; i++)
      {
        g_string_append (all, ((Para *) g_ptr_array_index (paras, i))->text);
        g_string_append_c (all, '\n');
      }
    /* Day-month dates take the document's year; an undated copy takes the latest year it
     * mentions, which is the year it was written in practice. */
    year = 0;
    if (notice->date != NULL)
      year = (int) g_ascii_strtoll (notice->date, NULL, 10);
    if (year == 0)
      year = latest_year (all->str);
    {
      g_autoptr(GString) body = g_string_new (NULL);
      for (guint i = 0; i < body_to; i++)
        {
          g_string_append (body, ((Para *) g_ptr_array_index (paras, i))->text);
          g_string_append_c (body, '\n');
        }
      find_references (notice, body->str, year);
    }
    g_string_free (all, TRUE);
  }

  /* "THÔNG BÁO" over "kết luận của …" is a conclusion notice. */
  if (g_strcmp0 (notice->kind, "thông báo") == 0 && notice->subject != NULL
      && starts_with_ci (notice->subject, "kết luận"))
    {
      g_free (notice->kind);
      notice->kind = g_strdup ("thông báo kết luận");
    }

  parse_body (notice, paras, body_from, body_to, orgs, year);
  return g_steal_pointer (&notice);
}

/**
 * gb_notice_parse_file:
 * @path: a notice as text, Markdown, PDF, DOCX or ODT (told by content, see gb_notice_read_text())
 * @orgs: (nullable): the organisations to recognise
 * @error: the file could not be read, or gb_notice_parse() refused it
 *
 * Returns: (transfer full) (nullable): the notice.
 */
GbNotice *
gb_notice_parse_file (const char       *path,
                      GbOrganisations  *orgs,
                      GError          **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  GbNotice *notice;

  /* Its errors already name the file. */
  if ((contents = gb_notice_read_text (path, error)) == NULL)
    return NULL;
  notice = gb_notice_parse (contents, -1, orgs, &local);
  if (notice == NULL)
    g_set_error (error, GB_ERROR, local->code, "%s: %s", path, local->message);
  return notice;
}
