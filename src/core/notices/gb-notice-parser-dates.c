/* gb-notice-parser-dates.c — dates as notices write them, and an item's deadline
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Deadlines are dates in figures or words after a cue ("trước", "chậm nhất", "trong tháng"),
 * holidays, recurrences, or words a person must read.
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser-private.h"

char *
gb_parser_format_date (int y,
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

int
gb_parser_match_int (GMatchInfo *mi,
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
  Regexes *r = gb_parser_regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* ISO dates, as the app and the CLI write them. */
  if (strlen (text) >= 10 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[3]) && text[4] == '-'
      && text[7] == '-' && (text[10] == '\0' || !g_ascii_isdigit (text[10])))
    return gb_parser_format_date ((int) g_ascii_strtoll (text, NULL, 10), (int) g_ascii_strtoll (text + 5, NULL, 10),
                                  (int) g_ascii_strtoll (text + 8, NULL, 10));
  if (g_regex_match (r->date_words, text, 0, &mi))
    {
      int y = gb_parser_match_int (mi, 3);
      if (y == 0 && default_year <= 0)
        return NULL;
      return gb_parser_format_date (y != 0 ? y : default_year, gb_parser_match_int (mi, 2), gb_parser_match_int (mi, 1));
    }
  g_clear_pointer (&mi, g_match_info_free);
  if (g_regex_match (r->date_full, text, 0, &mi))
    return gb_parser_format_date (gb_parser_match_int (mi, 4), gb_parser_match_int (mi, 3), gb_parser_match_int (mi, 1));
  g_clear_pointer (&mi, g_match_info_free);
  if (default_year > 0 && g_regex_match (r->date_dm, text, 0, &mi))
    return gb_parser_format_date (default_year, gb_parser_match_int (mi, 2), gb_parser_match_int (mi, 1));
  return NULL;
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
  int explicit_year = gb_parser_latest_year (text);

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
  item->due = gb_parser_format_date (y, m, g_date_get_days_in_month (m, y));
  if (item->due == NULL)
    return FALSE;
  item->due_text = fetch_written (mi, folded, written);
  return TRUE;
}

/* The first deadline after a cue that is a real date: "trước ngày 31/2" is a typing error, not
 * a date, and a later "trước 15/9" may still follow. */
static gboolean
due_after_cue (GbNoticeItem *item,
               int           year,
               const char   *doc_date,
               const char   *folded,
               const char   *written)
{
  g_autoptr(GMatchInfo) mi = NULL;

  g_regex_match (gb_parser_regexes_get ()->due_before, folded, 0, &mi);
  while (g_match_info_matches (mi))
    {
      g_autofree char *d = g_match_info_fetch (mi, 1);
      item->due = due_date (d, year, doc_date);
      if (item->due != NULL)
        {
          item->due_text = fetch_written (mi, folded, written);
          return TRUE;
        }
      g_match_info_next (mi, NULL);
    }
  return FALSE;
}

/* A holiday span "30/4, 01/5": the task runs until its last day. */
static gboolean
due_holiday (GbNoticeItem *item,
             int           year,
             const char   *doc_date,
             const char   *folded,
             const char   *written)
{
  g_autoptr(GMatchInfo) mi = NULL;
  g_autofree char *first = NULL;
  g_autofree char *rest = NULL;
  g_auto(GStrv) parts = NULL;
  const char *last;

  if (!g_regex_match (gb_parser_regexes_get ()->due_holiday, folded, 0, &mi))
    return FALSE;
  first = g_match_info_fetch (mi, 1);
  rest = g_match_info_fetch (mi, 2);
  last = first;
  if (rest != NULL && *rest != '\0')
    {
      parts = g_regex_split_simple ("\\s*(?:,|và|-(?!\\d)|–|đến)\\s*", rest, 0, 0);
      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          last = parts[i];
    }
  item->due = due_date (last, year, doc_date);
  if (item->due == NULL)
    return FALSE;
  item->due_text = fetch_written (mi, folded, written);
  return TRUE;
}

/* "trong tháng 9/2021" ends with the month; "trước tháng 10" with the month before. */
static gboolean
due_month (GbNoticeItem *item,
           int           year,
           const char   *doc_date,
           const char   *folded,
           const char   *written)
{
  g_autoptr(GMatchInfo) mi = NULL;
  g_autofree char *cue = NULL;
  g_autofree char *month = NULL;
  gboolean before;
  int m, y;

  if (!g_regex_match (gb_parser_regexes_get ()->due_month, folded, 0, &mi))
    return FALSE;
  cue = g_match_info_fetch (mi, 1);
  month = g_match_info_fetch (mi, 2);
  before = g_str_equal (cue, "trước");
  m = gb_parser_match_int (mi, 2);
  y = gb_parser_match_int (mi, 3);
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
  return due_by_month_end (item, y, m, mi, folded, written);
}

/* "trong quý III/2021" ends with the quarter; "hoàn thành trong năm 2021" with the year. */
static gboolean
due_quarter (GbNoticeItem *item,
             int           year,
             const char   *folded,
             const char   *written)
{
  g_autoptr(GMatchInfo) mi = NULL;
  g_autofree char *cue = NULL;
  g_autofree char *quarter = NULL;
  int y, q = 0, m;

  if (!g_regex_match (gb_parser_regexes_get ()->due_quarter, folded, 0, &mi))
    return FALSE;
  cue = g_match_info_fetch (mi, 1);
  quarter = g_match_info_fetch (mi, 2);
  y = gb_parser_match_int (mi, 3);
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
      y = gb_parser_match_int (mi, 4);
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
  return due_by_month_end (item, y, m, mi, folded, written);
}

/* "từ ngày 01/9/2021 đến hết ngày 15/9/2021", "từ 0h ngày 1/4 đến 15/4/2020": when the item
 * applies. tests/test-notice-parser.c (test_due) still wants its end read as the deadline too, so
 * the deadline is kept and marked for a person to check. */
static void
find_period (GbNoticeItem *item,
             int           year,
             const char   *folded)
{
  static GRegex *rx = NULL;
  static gsize once = 0;
  g_autoptr(GMatchInfo) mi = NULL;

  if (g_once_init_enter (&once))
    {
#define HOUR "(?:\\d{1,2}\\s*(?:giờ|h)\\s*(?:\\d{1,2}\\s*(?:phút|')?)?\\s*,?\\s*)?"
#define DAY "(\\d{1,2}\\s*[/.-]\\s*\\d{1,2}(?:\\s*[/.-]\\s*\\d{2,4})?|\\d{1,2}\\s+tháng\\s*\\d{1,2}(?:\\s*,?\\s*năm\\s+\\d{4})?)"
      rx = g_regex_new ("(?:kể\\s+)?từ\\s+" HOUR "(?:ngày\\s+)?" DAY "\\s*(?:đến|tới|-|–)\\s*(?:hết\\s+)?" HOUR "(?:ngày\\s+)?" DAY "(?![\\d/])",
                        G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
#undef HOUR
#undef DAY
      g_assert (rx != NULL);
      g_once_init_leave (&once, 1);
    }
  if (strstr (folded, "từ ") == NULL || !g_regex_match (rx, folded, 0, &mi))
    return;
  {
    g_autofree char *from = g_match_info_fetch (mi, 1);
    g_autofree char *to = g_match_info_fetch (mi, 2);
    int y = gb_parser_latest_year (to);

    item->period_end = gb_notice_parse_date (to, y > 0 ? y : year);
    if (item->period_end != NULL)
      y = (int) g_ascii_strtoll (item->period_end, NULL, 10);
    item->period_start = gb_notice_parse_date (from, y > 0 ? y : year);
  }
}

static void find_due_or_recurrence (GbNoticeItem *item,
                                    int           year,
                                    const char   *doc_date);

/* An item's deadline: a date after a cue, a holiday, a month or a quarter, words a person must
 * read, or a recurrence. A period of application ("từ ngày 01/9/2021 đến hết ngày 15/9/2021")
 * is kept as the item's start and end, and its end is no deadline. */
void
gb_parser_find_due (GbNoticeItem *item,
                    int           year,
                    const char   *doc_date)
{
  find_due_or_recurrence (item, year, doc_date);
  if (item->period_end != NULL && g_strcmp0 (item->due, item->period_end) == 0)
    {
      g_clear_pointer (&item->due, g_free);
      g_clear_pointer (&item->due_text, g_free);
      item->unsure &= ~GB_NOTICE_FIELD_DUE;
    }
}

static const char *const ocr_cues[][2] = {
  { "cham nhat", "chậm nhất" }, { "den het", "đến hết" }, { "hang ngay", "hằng ngày" },
  { "hang tuan", "hằng tuần" }, { "hang thang", "hằng tháng" }, { "thuong xuyen", "thường xuyên" },
  { "hoan thanh", "hoàn thành" }, { "dinh ky", "định kỳ" }, { "truoc", "trước" }, { "ngay", "ngày" },
  { "thang", "tháng" }, { "nam", "năm" }, { "gio", "giờ" }, { "den", "đến" }, { "tu", "từ" },
};

static gboolean
ocr_cue_cb (const GMatchInfo *mi,
            GString          *out,
            gpointer          data)
{
  g_autofree char *word = g_match_info_fetch (mi, 0);
  g_autofree char *lower = g_ascii_strdown (word, -1);

  for (guint i = 0; i < G_N_ELEMENTS (ocr_cues); i++)
    if (strcmp (lower, ocr_cues[i][0]) == 0)
      {
        g_string_append (out, ocr_cues[i][1]);
        return FALSE;
      }
  g_string_append (out, word);
  return FALSE;
}

/* An OCR text without diacritics ("hoan thanh truoc ngay 31/7/2021") with the few words that
 * say a deadline or a period given their marks back, so the patterns read it as a person does;
 * NULL for a text that has marks. */
static char *
restore_ocr_cues (const char *text)
{
  static GRegex *words = NULL;
  GString *pattern;

  for (const guchar *p = (const guchar *) text; *p; p++)
    if (*p >= 0x80)
      return NULL;
  if (g_once_init_enter (&words))
    {
      GRegex *rx;

      pattern = g_string_new ("\\b(?:");
      for (guint i = 0; i < G_N_ELEMENTS (ocr_cues); i++)
        g_string_append_printf (pattern, "%s%s", i ? "|" : "", ocr_cues[i][0]);
      g_string_append (pattern, ")\\b");
      rx = g_regex_new (pattern->str, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (rx != NULL);
      g_string_free (pattern, TRUE);
      g_once_init_leave (&words, rx);
    }
  return g_regex_replace_eval (words, text, -1, 0, 0, ocr_cue_cb, NULL, NULL);
}

static void
find_due_or_recurrence (GbNoticeItem *item,
                        int           year,
                        const char   *doc_date)
{
  g_autofree char *restored = restore_ocr_cues (item->text);
  g_autofree char *written = gb_organisations_nfc (restored != NULL ? restored : item->text);
  g_autofree char *folded = gb_organisations_fold (restored != NULL ? restored : item->text);
  g_autoptr(GMatchInfo) mi = NULL;
  static const struct { const char *words; const char *rec; } recurring[] = {
    { "hằng ngày", "daily" }, { "hàng ngày", "daily" }, { "mỗi ngày", "daily" },
    { "hằng tuần", "weekly" }, { "hàng tuần", "weekly" }, { "mỗi tuần", "weekly" },
    { "hằng tháng", "monthly" }, { "hàng tháng", "monthly" }, { "mỗi tháng", "monthly" },
    { "hằng quý", "quarterly" }, { "hàng quý", "quarterly" },
    { "định kỳ", "periodic" }, { "thường xuyên", "continuous" }, { "liên tục", "continuous" },
  };

  g_assert (item != NULL && item->text != NULL);

  find_period (item, year, folded);
  if (item->period_end != NULL)
    item->unsure |= GB_NOTICE_FIELD_DUE;
  if (due_after_cue (item, year, doc_date, folded, written)
      || due_holiday (item, year, doc_date, folded, written)
      || due_month (item, year, doc_date, folded, written)
      || due_quarter (item, year, folded, written))
    return;
  if (g_regex_match (gb_parser_regexes_get ()->due_words, folded, 0, &mi))
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

int
gb_parser_latest_year (const char *text)
{
  Regexes *r = gb_parser_regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;
  int best = 0;

  g_regex_match (r->any_full_date, text, 0, &mi);
  while (g_match_info_matches (mi))
    {
      int y = gb_parser_match_int (mi, 1);
      if (y == 0)
        y = gb_parser_match_int (mi, 2);
      if (y >= 1945 && y <= 2200 && y > best)
        best = y;
      g_match_info_next (mi, NULL);
    }
  return best;
}
