/* gb-sheet-csv.c — CSV (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16 with BOM,
 * or Windows-1258) as a one-sheet workbook of text cells
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-csv-reader.h"
#include "gb-error.h"
#include "gb-legacy-vn.h"
#include "gb-sheet-private.h"

/* Text in one of the encodings a spreadsheet saves CSV in, as UTF-8 (NULL with @error). */
static char *
decode (const char   *name,
        const guint8 *data,
        gsize         len,
        char        **encoding,
        GError      **error)
{
  GbLegacyVnEncoding found = GB_LEGACY_VN_NONE;
  char *text;

  if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
    {
      g_autoptr(GError) local_error = NULL;

      text = g_convert ((const char *) data + 2, len - 2, "UTF-8", data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE",
                        NULL, NULL, &local_error);
      if (text == NULL)
        g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: damaged UTF-16 text (%s)", name, local_error->message);
      *encoding = g_strdup ("UTF-16");
      return text;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
                   "%s: not a spreadsheet or text file (XLSX, ODS, XLS or CSV expected)", name);
      return NULL;
    }
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      *encoding = g_strdup ("UTF-8 with BOM");
      data += 3;
      len -= 3;
    }
  if (g_utf8_validate_len ((const char *) data, len, NULL))
    {
      if (*encoding == NULL)
        *encoding = g_strdup ("UTF-8");
      return g_strndup ((const char *) data, len);
    }
  g_clear_pointer (encoding, g_free);
  text = gb_legacy_vn_decode_bytes (data, len, &found);
  if (text != NULL && found == GB_LEGACY_VN_CP1258)
    {
      *encoding = g_strdup ("Windows-1258");
      return text;
    }
  g_free (text);
  if (found == GB_LEGACY_VN_TCVN3 || found == GB_LEGACY_VN_VNI)
    g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
                 "%s: the text is in the old %s encoding; save it again as “CSV UTF-8” (or Windows-1258)",
                 name, found == GB_LEGACY_VN_TCVN3 ? "TCVN3 (ABC)" : "VNI");
  else
    g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
                 "%s: the text is neither UTF-8 nor Windows-1258; save it again as “CSV UTF-8”", name);
  return NULL;
}

/* The delimiter that splits the first lines into the same number of fields, most of them. */
static char
guess_delimiter (const char *text)
{
  static const char candidates[] = { ',', ';', '\t' };
  char best = ',';
  guint best_score = 0, best_fields = 0;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      guint counts[12] = { 0 };
      guint line = 0, score = 0, widest = 0;
      gboolean quoted = FALSE;

      for (const char *p = text; *p && line < G_N_ELEMENTS (counts); p++)
        {
          if (*p == '"')
            quoted = !quoted;
          else if (!quoted && *p == '\n')
            line++;
          else if (!quoted && *p == candidates[c])
            counts[line]++;
        }
      /* Title lines above the table hold fewer fields: compare with the widest line. */
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        widest = MAX (widest, counts[i]);
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        score += widest > 0 && counts[i] == widest;
      if (score > best_score || (score == best_score && widest > best_fields))
        {
          best = candidates[c];
          best_score = score;
          best_fields = widest;
        }
    }
  return best;
}

gboolean
gb_sheet_read_csv (GbWorkbook          *book,
                   const char          *name,
                   GBytes              *bytes,
                   const GbSheetLimits *limits,
                   GError             **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = NULL;
  g_autofree char *basename = g_path_get_basename (name);
  g_autoptr(GBytes) utf8 = NULL;
  g_autoptr(GbCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  GbSheet *sheet;
  GPtrArray *fields;

  if (len > limits->max_bytes)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_TOO_LARGE, "%s: the file is larger than the size limit for a table", name);
      return FALSE;
    }
  if ((text = decode (name, data, len, &book->encoding, error)) == NULL)
    return FALSE;
  book->delimiter = guess_delimiter (text);
  len = strlen (text);
  utf8 = g_bytes_new_take (g_steal_pointer (&text), len);
  if ((reader = gb_csv_reader_new (name, utf8, error)) == NULL)
    return FALSE;
  gb_csv_reader_set_delimiter (reader, book->delimiter);
  sheet = gb_sheet_new (basename, limits);
  g_ptr_array_add (book->sheets, sheet);
  while (gb_csv_reader_next (reader, &fields, &local_error))
    {
      if (!gb_sheet_begin_row (sheet, gb_csv_reader_get_line (reader), name, error))
        return FALSE;
      for (guint i = 0; i < fields->len; i++)
        {
          const char *field = g_ptr_array_index (fields, i);

          if (*field != '\0' &&
              !gb_sheet_add_cell (sheet, i, GB_CELL_TEXT, 0, 0, field, name, error))
            return FALSE;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
