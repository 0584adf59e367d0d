/* gb-text.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "gb-text.h"

char *
gb_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (c == 0x0110 || c == 0x0111)   /* Đ đ do not decompose */
        c = 'd';
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

/**
 * gb_text_nfc:
 * @text: valid UTF-8
 * @len: its length in bytes, or -1 up to its NUL
 *
 * NFC-normalises @text piece by piece: g_utf8_normalize() composes in place, moving the rest
 * of its buffer at each composition, so its time grows with the square of the text's length,
 * and a notice can be megabytes. Pieces of about 2 KB are cut before an ASCII character, which
 * never composes with what precedes it (or, in a run of 8 KB with none, at a character).
 *
 * Returns: (transfer full): the normalised text
 */
char *
gb_text_nfc (const char *text,
             gssize      len)
{
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  GString *out = g_string_sized_new (n);
  gsize start = 0;

  while (start < n)
    {
      gsize cut = start;
      g_autofree char *piece = NULL;

      while (cut < n && cut - start < 2048)
        cut = g_utf8_next_char (text + cut) - text;
      while (cut < n && (guchar) text[cut] >= 0x80 && cut - start < 8192)
        cut = g_utf8_next_char (text + cut) - text;
      cut = MIN (cut, n);
      piece = g_utf8_normalize (text + start, cut - start, G_NORMALIZE_NFC);
      if (piece != NULL)
        g_string_append (out, piece);
      else
        g_string_append_len (out, text + start, cut - start);
      start = cut;
    }
  return g_string_free (out, FALSE);
}

char *
gb_text_document_title (const char *kind,
                        const char *number,
                        const char *fallback)
{
  GString *s = g_string_new (NULL);
  const char *rest = number != NULL && *number != '\0' ? number : fallback;

  if (kind != NULL && *kind != '\0')
    {
      g_string_append_unichar (s, g_unichar_totitle (g_utf8_get_char (kind)));
      g_string_append (s, g_utf8_next_char (kind));
    }
  if (rest != NULL && *rest != '\0')
    g_string_append_printf (s, "%s%s", s->len > 0 ? " " : "", rest);
  return g_string_free (s, FALSE);
}

char *
gb_text_format_date (const char *iso)
{
  guint y, m, d;

  if (iso == NULL || sscanf (iso, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_strdup_printf ("%02u/%02u/%04u", d, m, y);
}

char *
gb_text_format_count (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, value < 0 ? -value : value);
  GString *out = g_string_new (value < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}
