/* gb-notice-source-lists.c — shared by the readers: paragraphs out, list numbers written as typed
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-notice-source-private.h"

/* Stops growing past the parser's limit: a few bytes of XML (<text:s text:c="…"/>, a deep
 * list) must not turn into gigabytes of text. */
static void
sink_append_len (Sink       *sink,
                 const char *s,
                 gssize      len)
{
  if (sink->too_long)
    return;
  if (len < 0)
    len = strlen (s);
  if (sink->out->len + len > GB_NOTICE_MAX_BYTES)
    {
      sink->too_long = TRUE;
      return;
    }
  g_string_append_len (sink->out, s, len);
}

static void
sink_append (Sink       *sink,
             const char *s)
{
  sink_append_len (sink, s, -1);
}

/* Ends a paragraph with a blank line: in a document each paragraph is one, while the parser
 * would join lines that are not separated by one (it has to, for hard-wrapped text). */
void
gb_source_sink_end_paragraph (Sink    *sink,
                              GString *para)
{
  g_strstrip (para->str);
  para->len = strlen (para->str);
  if (para->len == 0)
    return;
  sink_append_len (sink, para->str, para->len);
  sink_append (sink, "\n\n");
}

static void
append_roman (GString *s,
              int      n,
              gboolean upper)
{
  static const struct { int v; const char *r; } table[] = {
    { 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
    { 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
  };
  gsize from = s->len;

  if (n <= 0 || n >= 4000)
    {
      g_string_append_printf (s, "%d", n);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    while (n >= table[i].v)
      {
        g_string_append (s, table[i].r);
        n -= table[i].v;
      }
  if (upper)
    for (gsize i = from; i < s->len; i++)
      s->str[i] = g_ascii_toupper (s->str[i]);
}

/* Letters past "z": Word repeats the letter ("aa", "bb"); ODF counts like spreadsheet columns
 * ("aa", "ab") unless style:num-letter-sync asks for Word's way. */
static void
append_letters (GString *s,
                int      n,
                gboolean upper,
                gboolean sync)
{
  char base = upper ? 'A' : 'a';

  if (n <= 0)
    {
      g_string_append_printf (s, "%d", n);
      return;
    }
  if (sync)
    {
      int times = MIN ((n - 1) / 26 + 1, 8);
      for (int i = 0; i < times; i++)
        g_string_append_c (s, base + (n - 1) % 26);
    }
  else
    {
      char buf[16];
      int i = sizeof buf;
      while (n > 0 && i > 0)
        {
          n--;
          buf[--i] = base + n % 26;
          n /= 26;
        }
      g_string_append_len (s, buf + i, sizeof buf - i);
    }
}

void
gb_source_append_counter (GString   *s,
                          int        n,
                          NumFormat  fmt,
                          gboolean   letter_sync)
{
  switch (fmt)
    {
    case FMT_DECIMAL_ZERO:
      g_string_append_printf (s, "%02d", n);
      break;
    case FMT_LOWER_LETTER:
    case FMT_UPPER_LETTER:
      append_letters (s, n, fmt == FMT_UPPER_LETTER, letter_sync);
      break;
    case FMT_LOWER_ROMAN:
    case FMT_UPPER_ROMAN:
      append_roman (s, n, fmt == FMT_UPPER_ROMAN);
      break;
    case FMT_BULLET:
    case FMT_NONE:
      break;
    case FMT_DECIMAL:
    default:
      g_string_append_printf (s, "%d", n);
      break;
    }
}

/* Makes a generated label read as the parser reads typed markers. "b." becomes "b)", the way
 * Vietnamese notices type letter items and the only letter form the parser takes for an item
 * (a typed "b." is too often an initial). A bare "2" or "2.1" gets its final dot: typed, a bare
 * number may be a wrapped quantity, but a generated label is a list number for sure. */
char *
gb_source_normalize_label (GString   *label,
                           NumFormat  own_format)
{
  gsize n = label->len;

  g_strstrip (label->str);
  label->len = n = strlen (label->str);
  if (n == 0)
    {
      g_string_free (label, TRUE);
      return NULL;
    }
  if (own_format == FMT_BULLET)
    {
      g_string_assign (label, "-");
      return g_string_free (label, FALSE);
    }
  if (own_format == FMT_LOWER_LETTER && g_ascii_islower (label->str[0])
      && (n == 1 || (n == 2 && label->str[1] == '.')))
    {
      g_string_truncate (label, 1);
      g_string_append_c (label, ')');
      return g_string_free (label, FALSE);
    }
  if (strspn (label->str, "0123456789.") == n && g_ascii_isdigit (label->str[n - 1]))
    g_string_append_c (label, '.');
  return g_string_free (label, FALSE);
}

/* Converts the text of @para from @from on, read in a legacy font (@legacy, NONE when none):
 * unless it is Unicode already, in a document converted without its fonts. Resets @legacy. */
void
gb_source_flush_legacy (GString            *para,
                        gsize               from,
                        GbLegacyVnEncoding *legacy,
                        gboolean            capitals)
{
  if (*legacy != GB_LEGACY_VN_NONE && para->len > from)
    {
      g_autofree char *text = gb_legacy_vn_from_font (*legacy, capitals, para->str + from, para->len - from);

      g_string_truncate (para, from);
      g_string_append (para, text);
    }
  *legacy = GB_LEGACY_VN_NONE;
}
