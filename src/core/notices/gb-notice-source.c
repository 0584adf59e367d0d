/* gb-notice-source.c — a notice's text out of the file it came in: text, PDF, DOCX or ODT
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Notices reach a committee as whatever the sender had: a PDF printed from Word, the DOCX
 * itself, an ODT from LibreOffice, or text pasted into a file. The format is told by content,
 * never by extension (mail clients and chat apps rename attachments). The text that comes out
 * is what gb_notice_parse() reads, so list numbers that Word or LibreOffice generate are written
 * out as a person would have typed them ("1.", "3.2.", "a)", "-"): the parser then finds items
 * in a DOCX exactly as in the same notice typed as text. Many notices are still typed in the
 * legacy font encodings TCVN3 and VNI, which gb-legacy-vn.c turns into Unicode.
 *
 * This file tells the format and reads text files; each other format has its reader around
 * gb-notice-source-private.h (-pdf, -docx, -odt), with what DOCX and ODT share in -xml (the
 * package) and -lists (paragraphs out, list numbers).
 *
 * Every input here may be hostile (a file dropped from a chat): sizes are bounded before
 * anything is inflated or parsed, XML never reaches the network or expands entities, and a
 * damaged file gives an error, never a crash.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-input-memory.h>
#include <string.h>

#include "gb-text.h"
#include "gb-notice-source-private.h"

/* Messages start with the file's name, as gb_notice_parse_file() always did for its errors:
 * the CLI and the app show them as they are. */
void
gb_source_set_error (GError    **error,
                     const char *name,
                     int         code,
                     const char *format,
                     ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (name != NULL)
    g_set_error (error, GB_ERROR, code, "%s: %s", name, msg);
  else
    g_set_error_literal (error, GB_ERROR, code, msg);
}

static char *
read_zip (GBytes      *bytes,
          const char  *name,
          GError     **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GsfInput) mem = gsf_input_memory_new (data, (gsf_off_t) len, FALSE);
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) mimetype = NULL;

  zip = gsf_infile_zip_new (mem, &local);
  if (zip == NULL)
    {
      gb_source_set_error (error, name, GB_ERROR_PARSE, _("This zip package (DOCX, ODT) is damaged or truncated: %s"),
                           local ? local->message : "?");
      return NULL;
    }
  if (gb_source_has_member (zip, "word/document.xml"))
    return gb_source_read_docx (zip, name, error);
  mimetype = gb_source_read_member (zip, "mimetype", 256, name, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (mimetype != NULL)
    {
      g_autofree char *type = g_strndup (g_bytes_get_data (mimetype, NULL), g_bytes_get_size (mimetype));
      g_strstrip (type);
      /* Text documents, their templates and master documents all hold office:text. */
      if (!g_str_has_prefix (type, "application/vnd.oasis.opendocument.text"))
        {
          if (!g_utf8_validate (type, -1, NULL))
            g_clear_pointer (&type, g_free);
          gb_source_set_error (error, name, GB_ERROR_INVALID_DATA,
                               _("This is not a text document but a file of type “%s”; a notice can be read from text, "
                               "PDF, DOCX or ODT"), type ? type : "?");
          return NULL;
        }
    }
  if (gb_source_has_member (zip, "content.xml"))
    return gb_source_read_odt (zip, name, error);
  gb_source_set_error (error, name, GB_ERROR_INVALID_DATA,
                       _("This zip package is neither a Word document (DOCX) nor an OpenDocument text (ODT)"));
  return NULL;
}

/* ---- text ------------------------------------------------------------------------------ */

/* Text that is mostly ASCII (at most one byte in ten above 0x7f) read as Windows-1258, composed;
 * NULL when it is not such text. */
static char *
mostly_ascii_1258 (const guint8 *data,
                   gsize         len)
{
  gsize high = 0;
  g_autofree char *utf8 = NULL;

  for (gsize i = 0; i < len; i++)
    high += data[i] >= 0x80;
  if (len == 0 || high * 10 > len)
    return NULL;
  utf8 = g_convert ((const char *) data, len, "UTF-8", "WINDOWS-1258", NULL, NULL, NULL);
  if (utf8 == NULL || !g_utf8_validate (utf8, -1, NULL))
    return NULL;
  return gb_text_nfc (utf8, -1);
}

static char *
read_plain (const guint8  *data,
            gsize          len,
            const char    *name,
            GError       **error)
{
  const char *bad = NULL;

  /* Windows' Notepad saved "Unicode" as UTF-16 with a byte order mark. */
  if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff)))
    {
      g_autoptr(GError) local = NULL;
      gsize written = 0;
      g_autofree char *utf8 = g_convert ((const char *) data + 2, len - 2, "UTF-8",
                                         data[0] == 0xff ? "UTF-16LE" : "UTF-16BE", NULL, &written, &local);
      if (utf8 == NULL)
        {
          gb_source_set_error (error, name, GB_ERROR_PARSE, _("The text is marked as UTF-16 but is not valid UTF-16 (%s)"),
                               local->message);
          return NULL;
        }
      if (memchr (utf8, '\0', written) != NULL)
        {
          gb_source_set_error (error, name, GB_ERROR_PARSE, _("This is binary data, not text (a NUL byte at offset %lu)"),
                               (gulong) ((const char *) memchr (utf8, '\0', written) - utf8));
          return NULL;
        }
      return g_steal_pointer (&utf8);
    }
  /* The same checks and messages as gb_notice_parse(), with offsets into the file. */
  if (len > 0 && memchr (data, '\0', len) != NULL)
    {
      gb_source_set_error (error, name, GB_ERROR_PARSE, _("This is binary data, not text (a NUL byte at offset %lu)"),
                           (gulong) ((const guint8 *) memchr (data, '\0', len) - data));
      return NULL;
    }
  if (!g_utf8_validate ((const char *) data, len, &bad))
    {
      /* Files typed before Unicode: Windows-1258, or the bytes of a TCVN3 or VNI font. The
       * reading whose words are Vietnamese wins; if none is, the file is no Vietnamese text. */
      char *legacy = gb_legacy_vn_decode_bytes (data, len, NULL);

      if (legacy != NULL)
        return legacy;
      /* OCR text without diacritics is too little Vietnamese to tell an encoding by its words; a
       * few high bytes in mostly ASCII text saved by Windows are Windows-1258. */
      if ((legacy = mostly_ascii_1258 (data, len)) != NULL)
        return legacy;
      gb_source_set_error (error, name, GB_ERROR_PARSE, _("The text is not valid UTF-8 (bad byte at offset %lu)"),
                           (gulong) ((const guint8 *) bad - data));
      return NULL;
    }
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  /* UTF-8 that is TCVN3 or VNI read as Latin-1, pasted out of a document in such a font:
   * converted only when it is plainly that (Unicode Vietnamese is never touched). */
  {
    char *converted = NULL;

    if (gb_legacy_vn_detect ((const char *) data, len, &converted) != GB_LEGACY_VN_NONE)
      return converted;
  }
  return g_strndup ((const char *) data, len);
}

/* Formats people send instead of a notice's text, each with what to do about it. */
static gboolean
refuse_known_binary (const guint8  *data,
                     gsize          len,
                     const char    *name,
                     GError       **error)
{
  if (len >= 8 && memcmp (data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
    gb_source_set_error (error, name, GB_ERROR_INVALID_DATA,
                         _("This is an old Microsoft Office file (such as a Word 97–2003 .doc), which cannot be read; "
                         "save it as DOCX, ODT or PDF"));
  else if (len >= 5 && memcmp (data, "{\\rtf", 5) == 0)
    gb_source_set_error (error, name, GB_ERROR_INVALID_DATA,
                         _("This is an RTF document, which cannot be read; save it as DOCX, ODT or PDF"));
  else if ((len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0) || (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
           || (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0)))
    gb_source_set_error (error, name, GB_ERROR_INVALID_DATA,
                         _("This is an image, not text: a scanned notice needs its text recognised (OCR) first"));
  else
    return FALSE;
  return TRUE;
}

/**
 * gb_notice_read_text_from_bytes:
 * @bytes: a notice file's contents
 * @name: (nullable): the file's name, which starts every error message
 *
 * Extracts a notice's text from a PDF (its text layer, pages separated by a blank line), a DOCX
 * or an ODT (paragraphs separated by blank lines, list numbers written out as typed), or text
 * (UTF-8, UTF-16 with a byte order mark, or Vietnamese in Windows-1258, TCVN3 or VNI). The
 * format is told by the content. Text in a TCVN3 (".VnTime") or VNI ("VNI-Times") font comes
 * out as the Vietnamese it shows.
 *
 * Returns: (transfer full) (nullable): UTF-8 text for gb_notice_parse(), or NULL with @error
 *   set (#GB_ERROR): an encrypted or scanned PDF, a damaged file, another kind of document.
 */
char *
gb_notice_read_text_from_bytes (GBytes      *bytes,
                                const char  *name,
                                GError     **error)
{
  gsize len = 0;
  const guint8 *data;
  char *text = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len > GB_NOTICE_SOURCE_MAX_FILE_BYTES)
    {
      g_autofree char *have = g_format_size (len);
      g_autofree char *most = g_format_size (GB_NOTICE_SOURCE_MAX_FILE_BYTES);
      gb_source_set_error (error, name, GB_ERROR_INVALID_DATA, _("The file is too large for a notice (%s, at most %s)"), have, most);
      return NULL;
    }
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    text = gb_source_read_pdf (bytes, name, error);
  else if (len >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    text = read_zip (bytes, name, error);
  else if (gb_source_is_flat_odt (data, len))
    text = gb_source_read_flat_odt (bytes, name, error);
  else if (refuse_known_binary (data, len, name, error))
    return NULL;
  else
    return read_plain (data, len, name, error);

  if (text == NULL)
    return NULL;
  /* PDFs in particular may carry decomposed Vietnamese ("ô" + "́"), which the parser's
   * patterns and the search index expect composed. */
  {
    char *nfc;

    if (!g_utf8_validate (text, -1, NULL))
      {
        gb_source_set_error (error, name, GB_ERROR_PARSE, _("The document's text is not valid UTF-8"));
        g_free (text);
        return NULL;
      }
    /* In pieces: one g_utf8_normalize() over a long document would take minutes. */
    nfc = gb_text_nfc (text, -1);
    g_free (text);
    return nfc;
  }
}

/**
 * gb_notice_read_text:
 * @path: a notice file: text, Markdown, PDF, DOCX or ODT
 *
 * Reads at most #GB_NOTICE_SOURCE_MAX_FILE_BYTES of @path and extracts its text with
 * gb_notice_read_text_from_bytes(), errors naming @path.
 *
 * Returns: (transfer full) (nullable): the notice's text, or NULL with @error set.
 */
char *
gb_notice_read_text (const char  *path,
                     GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  const gsize chunk = 256 * 1024;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  in = g_file_read (file, NULL, error);
  if (in == NULL)
    return NULL;
  /* Read in chunks up to the limit, not whole: a FIFO or a device never ends. */
  for (;;)
    {
      gsize old = buf->len, n = 0;

      if (old > GB_NOTICE_SOURCE_MAX_FILE_BYTES)
        {
          g_autofree char *most = g_format_size (GB_NOTICE_SOURCE_MAX_FILE_BYTES);
          gb_source_set_error (error, path, GB_ERROR_INVALID_DATA, _("The file is too large for a notice (more than %s)"), most);
          return NULL;
        }
      g_byte_array_set_size (buf, old + chunk);
      if (!g_input_stream_read_all (G_INPUT_STREAM (in), buf->data + old, chunk, &n, NULL, error))
        return NULL;
      g_byte_array_set_size (buf, old + n);
      if (n < chunk)
        break;
    }
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buf));
  return gb_notice_read_text_from_bytes (bytes, path, error);
}
