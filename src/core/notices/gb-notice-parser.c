/* gb-notice-parser.c — turns a notice's text into a GbNotice for a person to review
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text goes through three passes: cleaning (markdown marks, bookmarks, odd spaces), joining
 * physical lines into paragraphs (notices copied from PDF or Word are hard-wrapped mid-sentence),
 * then reading the paragraphs as header, addressees, body items, recipients and signature.
 * Everything is heuristic, so nothing here may fail on odd text: the worst outcome is a notice
 * with fewer facts or no items.
 *
 * One file per thing read, around gb-notice-parser-private.h:
 *   -lines       cleaning lines, telling a line's kind, joining lines into paragraphs
 *   -header      the issuer block, number, place and date, kind and subject
 *   -lists       addressees ("Kính gửi"), recipients ("Nơi nhận"), the signature
 *   -body        items: numbers, bullets and paragraphs into a tree
 *   -units       an item's responsible units
 *   -dates       dates and an item's deadline
 *   -references  numbers and symbols, the documents a notice cites
 *   -words       the patterns and word lists all of them share
 * Text may be megabytes of one paragraph: every step is linear, clauses are read in a bounded
 * window, and no regular expression can backtrack without bound.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-notice-parser-private.h"
#include "gb-notice-source.h"

/* A copy of @text (@length bytes) fit to parse, or NULL with @error set when it is oversized,
 * binary, badly encoded or empty. Line ends are made "\n". */
static char *
checked_copy (const char  *text,
              gssize       length,
              GError     **error)
{
  const char *bad = NULL;
  char *copy;

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
      g_free (copy);
      return NULL;
    }
  /* Old Mac and Windows line ends; a scan's pages apart by form feeds. */
  for (char *p = copy; *p; p++)
    if (*p == '\r')
      *p = p[1] == '\n' ? ' ' : '\n';
    else if (*p == '\f' || *p == '\v')
      *p = '\n';
  return copy;
}

/* Vietnamese read by OCR without its diacritics ("Kinh gui", "thuc hien"): every fact read from
 * it may be misread. */
static gboolean
looks_scanned (const char *text)
{
  guint ascii = 0, marked = 0;

  /* Bytes, not characters: a letter with a mark is one lead byte (0xc3 and up) in UTF-8. */
  for (const guchar *p = (const guchar *) text; *p && p - (const guchar *) text < 16384; p++)
    {
      if (*p < 0x80 && g_ascii_isalpha (*p))
        ascii++;
      else if (*p >= 0xc3 && *p < 0xf0)
        marked++;
    }
  /* Vietnamese has a marked letter in most words: about one letter in five. */
  return ascii >= 200 && marked * 25 < ascii;
}

/* The year that day-month dates take: the document's, or for an undated copy the latest year it
 * mentions, which is the year it was written in practice. */
static int
document_year (GbNotice  *notice,
               GPtrArray *paras)
{
  g_autoptr(GString) all = NULL;

  if (notice->date != NULL)
    {
      int year = (int) g_ascii_strtoll (notice->date, NULL, 10);
      if (year != 0)
        return year;
    }
  all = g_string_new (NULL);
  for (guint i = 0; i < paras->len; i++)
    {
      g_string_append (all, ((Para *) g_ptr_array_index (paras, i))->text);
      g_string_append_c (all, '\n');
    }
  return gb_parser_latest_year (all->str);
}

/* Without "Kính gửi" or numbered items, the header ends at the first lead ("… yêu cầu:") or at
 * the first paragraph of running text after a title; G_MAXUINT when neither is found. */
static guint
lead_end (GPtrArray *paras)
{
  for (guint i = 0; i < paras->len && i < 25; i++)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;
      if (gb_parser_is_lead (t) || gb_parser_is_bullet (t))
        return i;
    }
  return G_MAXUINT;
}

/* The documents cited before the body's end. */
static void
read_references (GbNotice  *notice,
                 GPtrArray *paras,
                 guint      body_to,
                 int        year)
{
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint i = 0; i < body_to; i++)
    {
      g_string_append (body, ((Para *) g_ptr_array_index (paras, i))->text);
      g_string_append_c (body, '\n');
    }
  gb_parser_find_references (notice, body->str, year);
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
  guint body_from, body_to, header_end, addr_idx = G_MAXUINT, first_item = G_MAXUINT;
  int year;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((copy = checked_copy (text != NULL ? text : "", length, error)) == NULL)
    return NULL;
  if (orgs == NULL)
    orgs = own_orgs = gb_organisations_new_builtin ();

  notice = gb_notice_new ();
  paras = gb_parser_split_paragraphs (copy);

  for (guint i = 0; i < paras->len; i++)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;
      if (addr_idx == G_MAXUINT
          && (gb_parser_is_kinh_gui (t) || (first_item == G_MAXUINT && gb_parser_addressee_list (t) != NULL)))
        addr_idx = i;
      if (first_item == G_MAXUINT && gb_parser_is_numbered (t) && g_ascii_strtoll (t, NULL, 10) == 1)
        first_item = i;
      if (first_item == G_MAXUINT && g_str_has_prefix (t, "I. "))
        first_item = i;
    }

  /* The header runs to "Kính gửi", or failing that to the first item, but never far. */
  header_end = MIN (addr_idx, first_item);
  if (header_end == G_MAXUINT)
    header_end = lead_end (paras);
  if (header_end == G_MAXUINT)
    header_end = MIN (paras->len, 12);
  header_end = MIN (header_end, 25);
  gb_parser_read_header (notice, copy, paras, header_end);
  body_from = header_end;
  if (addr_idx != G_MAXUINT)
    {
      body_from = gb_parser_read_addressees (notice, paras, addr_idx);
      /* A letter to addressees under a number and no title of its kind is a công văn: the
       * other kinds print their name as a title (as sure as the "V/v" line's rule). */
      if (notice->kind == NULL && notice->number != NULL && strchr (notice->number, '/') != NULL)
        notice->kind = g_strdup ("công văn");
    }
  else
    /* The lead just above the first item ("… yêu cầu các nhà trường:") belongs to the body. */
    for (guint i = body_from; i > 0 && i + 3 > body_from; i--)
      if (i - 1 < paras->len && gb_parser_is_lead (((Para *) g_ptr_array_index (paras, i - 1))->text))
        {
          body_from = i - 1;
          break;
        }

  body_to = gb_parser_find_closing (paras, body_from);
  gb_parser_read_closing (notice, paras, body_to);
  gb_notice_resolve_recipients (notice);
  gb_parser_read_lead (notice, paras, body_to);
  gb_parser_read_other_dates (notice, copy, paras, body_from, body_to);
  if (looks_scanned (copy))
    notice->unsure |= GB_NOTICE_FIELD_KIND | GB_NOTICE_FIELD_NUMBER | GB_NOTICE_FIELD_ISSUER | GB_NOTICE_FIELD_DATE
                      | GB_NOTICE_FIELD_SUBJECT | GB_NOTICE_FIELD_ADDRESSEES | GB_NOTICE_FIELD_RECIPIENTS
                      | GB_NOTICE_FIELD_TEXT;

  year = document_year (notice, paras);
  read_references (notice, paras, body_to, year);

  /* "THÔNG BÁO" over "kết luận của …" is a conclusion notice. */
  if (g_strcmp0 (notice->kind, "thông báo") == 0 && notice->subject != NULL
      && gb_parser_starts_with_ci (notice->subject, "kết luận"))
    {
      g_free (notice->kind);
      notice->kind = g_strdup ("thông báo kết luận");
    }

  gb_parser_parse_body (notice, paras, body_from, body_to, orgs, year);
  /* What OCR read may be misread: every item is for a person to check. */
  if (notice->unsure & GB_NOTICE_FIELD_TEXT)
    for (guint i = 0; i < notice->items->len; i++)
      ((GbNoticeItem *) g_ptr_array_index (notice->items, i))->unsure |= GB_NOTICE_FIELD_TEXT | GB_NOTICE_FIELD_UNITS
                                                                          | GB_NOTICE_FIELD_DUE;
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

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Its errors already name the file. */
  if ((contents = gb_notice_read_text (path, error)) == NULL)
    return NULL;
  notice = gb_notice_parse (contents, -1, orgs, &local);
  if (notice == NULL)
    g_set_error (error, GB_ERROR, local->code, "%s: %s", path, local->message);
  return notice;
}
