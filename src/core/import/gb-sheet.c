/* gb-sheet.c — the workbook model, the choice of reader, and bounded XML out of a zip
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-error.h"
#include "gb-sheet-private.h"

/* The widest sheet Excel and LibreOffice make (XFD). */
#define MAX_COLUMNS 16384u

void
gb_sheet_limits_init (GbSheetLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_bytes = GB_SHEET_MAX_BYTES;
  limits->max_rows = GB_SHEET_MAX_ROWS;
  limits->max_cells = GB_SHEET_MAX_CELLS;
}

GbSheet *
gb_sheet_new (const char          *name,
              const GbSheetLimits *limits)
{
  GbSheet *sheet = g_new0 (GbSheet, 1);

  g_assert (limits != NULL);
  sheet->name = g_strdup (name);
  sheet->values = g_array_new (FALSE, FALSE, sizeof (GbSheetValue));
  sheet->types = g_byte_array_new ();
  sheet->row_start = g_array_new (FALSE, FALSE, sizeof (guint32));
  sheet->row_number = g_array_new (FALSE, FALSE, sizeof (guint32));
  sheet->strings = g_string_chunk_new (64 * 1024);
  sheet->limits = limits;
  return sheet;
}

void
gb_sheet_free (GbSheet *sheet)
{
  if (sheet == NULL)
    return;
  g_free (sheet->name);
  g_array_unref (sheet->values);
  g_byte_array_unref (sheet->types);
  g_array_unref (sheet->row_start);
  g_array_unref (sheet->row_number);
  g_string_chunk_free (sheet->strings);
  g_free (sheet);
}

gboolean
gb_sheet_begin_row (GbSheet     *sheet,
                    guint        row_number,
                    const char  *book_name,
                    GError     **error)
{
  guint32 start = sheet->values->len;
  guint32 number = row_number;

  if (row_number > sheet->limits->max_rows)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_TOO_LARGE,
                   "%s, sheet “%s”: more than %u rows; split the file or keep only the days to import",
                   book_name, sheet->name, sheet->limits->max_rows);
      return FALSE;
    }
  g_array_append_val (sheet->row_start, start);
  g_array_append_val (sheet->row_number, number);
  return TRUE;
}

static guint
row_length (GbSheet *sheet,
            guint    row)
{
  return sheet->values->len - g_array_index (sheet->row_start, guint32, row);
}

gboolean
gb_sheet_add_cell (GbSheet     *sheet,
                   guint        column,
                   GbCellType   type,
                   guint        flags,
                   double       number,
                   const char  *text,
                   const char  *book_name,
                   GError     **error)
{
  guint row = sheet->row_start->len - 1;
  GbSheetValue value;
  guint8 code = type | flags;

  g_assert (sheet->row_start->len > 0);
  if (type == GB_CELL_EMPTY && flags == 0)
    return TRUE;
  if (column >= MAX_COLUMNS || sheet->values->len + (column - MIN (column, row_length (sheet, row))) >= sheet->limits->max_cells)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_TOO_LARGE,
                   "%s, sheet “%s”, row %u: more than %u cells (or a column past XFD); "
                   "split the file or keep only the days to import",
                   book_name, sheet->name, g_array_index (sheet->row_number, guint32, row), sheet->limits->max_cells);
      return FALSE;
    }
  if (column < row_length (sheet, row))
    return TRUE;   /* a second value for a cell already set: the first stands */
  value.text = NULL;
  while (row_length (sheet, row) < column)
    {
      g_array_append_val (sheet->values, value);
      g_byte_array_append (sheet->types, (guint8[]) { GB_CELL_EMPTY }, 1);
    }
  if (type == GB_CELL_TEXT || type == GB_CELL_ERROR)
    value.text = g_string_chunk_insert_const (sheet->strings, text ? text : "");
  else
    value.number = number;
  g_array_append_val (sheet->values, value);
  g_byte_array_append (sheet->types, &code, 1);
  sheet->n_columns = MAX (sheet->n_columns, column + 1);
  return TRUE;
}

void
gb_sheet_finish (GbSheet *sheet)
{
  /* Rows with no cells at the end (formatting carried down a sheet) are not part of it. */
  while (sheet->row_start->len > 0 && row_length (sheet, sheet->row_start->len - 1) == 0)
    {
      g_array_set_size (sheet->row_start, sheet->row_start->len - 1);
      g_array_set_size (sheet->row_number, sheet->row_number->len - 1);
    }
}

const char *
gb_sheet_get_name (GbSheet *sheet)
{
  g_return_val_if_fail (sheet != NULL, NULL);

  return sheet->name;
}

guint
gb_sheet_get_n_rows (GbSheet *sheet)
{
  g_return_val_if_fail (sheet != NULL, 0);

  return sheet->row_start->len;
}

guint
gb_sheet_get_n_columns (GbSheet *sheet)
{
  g_return_val_if_fail (sheet != NULL, 0);

  return sheet->n_columns;
}

guint
gb_sheet_get_row_number (GbSheet *sheet,
                         guint    row)
{
  g_return_val_if_fail (sheet != NULL, 0);
  g_return_val_if_fail (row < sheet->row_number->len, 0);

  return g_array_index (sheet->row_number, guint32, row);
}

void
gb_sheet_get_cell (GbSheet *sheet,
                   guint    row,
                   guint    column,
                   GbCell  *cell)
{
  guint32 start, end;
  guint8 code;
  GbSheetValue value;

  g_return_if_fail (sheet != NULL);
  g_return_if_fail (cell != NULL);

  memset (cell, 0, sizeof *cell);
  if (row >= sheet->row_start->len)
    return;
  start = g_array_index (sheet->row_start, guint32, row);
  end = row + 1 < sheet->row_start->len ? g_array_index (sheet->row_start, guint32, row + 1) : sheet->values->len;
  if (column >= end - start)
    return;
  code = sheet->types->data[start + column];
  value = g_array_index (sheet->values, GbSheetValue, start + column);
  cell->type = code & GB_SHEET_TYPE_MASK;
  cell->is_date = (code & GB_SHEET_FLAG_DATE) != 0;
  cell->formula = (code & GB_SHEET_FLAG_FORMULA) != 0;
  if (cell->type == GB_CELL_TEXT || cell->type == GB_CELL_ERROR)
    cell->text = value.text;
  else if (cell->type != GB_CELL_EMPTY)
    cell->number = value.number;
}

char *
gb_sheet_column_letter (guint column)
{
  char buf[8];
  int i = sizeof buf - 1;

  buf[i] = '\0';
  column++;
  while (column > 0 && i > 0)
    {
      buf[--i] = 'A' + (column - 1) % 26;
      column = (column - 1) / 26;
    }
  return g_strdup (buf + i);
}

void
gb_workbook_free (GbWorkbook *book)
{
  if (book == NULL)
    return;
  g_free (book->format);
  g_free (book->encoding);
  g_ptr_array_unref (book->sheets);
  g_free (book);
}

GbSheet *
gb_workbook_find_sheet (GbWorkbook *book,
                        const char *name)
{
  g_return_val_if_fail (book != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < book->sheets->len; i++)
    {
      GbSheet *sheet = g_ptr_array_index (book->sheets, i);

      if (g_strcmp0 (sheet->name, name) == 0)
        return sheet;
    }
  /* A sheet typed without its diacritics or in other case is still found. */
  for (guint i = 0; i < book->sheets->len; i++)
    {
      GbSheet *sheet = g_ptr_array_index (book->sheets, i);
      g_autofree char *a = g_utf8_casefold (sheet->name, -1);
      g_autofree char *b = g_utf8_casefold (name, -1);

      if (g_strcmp0 (a, b) == 0)
        return sheet;
    }
  return NULL;
}

static gboolean
read_zip (GbWorkbook          *book,
          const char          *name,
          GBytes              *bytes,
          const GbSheetLimits *limits,
          GError             **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GsfInput) input = gsf_input_memory_new (data, len, FALSE);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GsfInfile) zip = gsf_infile_zip_new (input, &local_error);
  g_autoptr(GsfInput) probe = NULL;

  if (zip == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: a damaged zip file (%s)", name,
                   local_error ? local_error->message : "unreadable");
      return FALSE;
    }
  if ((probe = gsf_infile_child_by_name (zip, "content.xml")) != NULL)
    {
      book->format = g_strdup ("ODS");
      return gb_sheet_read_ods (book, name, zip, limits, error);
    }
  if ((probe = gsf_infile_child_by_vname (zip, "xl", "workbook.xml", NULL)) != NULL)
    {
      book->format = g_strdup ("XLSX");
      return gb_sheet_read_xlsx (book, name, zip, limits, error);
    }
  g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
               "%s: a zip file that is neither an XLSX nor an ODS spreadsheet", name);
  return FALSE;
}

/**
 * gb_workbook_load:
 * @name: the file's name, for messages
 * @bytes: its content
 * @limits: (nullable): limits on its size, or %NULL for the defaults
 *
 * Returns: (transfer full) (nullable): the workbook, with at least one sheet
 */
GbWorkbook *
gb_workbook_load (const char          *name,
                  GBytes              *bytes,
                  const GbSheetLimits *limits,
                  GError             **error)
{
  static GbSheetLimits defaults;
  g_autoptr(GbWorkbook) book = NULL;
  gsize len;
  const guint8 *data;
  gboolean ok;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limits == NULL)
    {
      gb_sheet_limits_init (&defaults);
      limits = &defaults;
    }
  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: the file is empty", name);
      return NULL;
    }
  book = g_new0 (GbWorkbook, 1);
  book->sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_sheet_free);
  if (len >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    ok = read_zip (book, name, bytes, limits, error);
  else if (len >= 8 && memcmp (data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
    {
      book->format = g_strdup ("XLS");
      ok = gb_sheet_read_xls (book, name, bytes, limits, error);
    }
  else
    {
      book->format = g_strdup ("CSV");
      ok = gb_sheet_read_csv (book, name, bytes, limits, error);
    }
  if (!ok)
    return NULL;
  for (guint i = 0; i < book->sheets->len; i++)
    gb_sheet_finish (g_ptr_array_index (book->sheets, i));
  if (book->sheets->len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: the workbook has no sheet", name);
      return NULL;
    }
  return g_steal_pointer (&book);
}

/* Bounded XML out of a zip member. */

struct _GbSheetXml
{
  GsfInput         *input;
  xmlTextReaderPtr  reader;
  guint64          *budget;
  gboolean          over_budget;
  char             *path;
  char             *book_name;
};

static int
xml_read_cb (void *context,
             char *buffer,
             int   len)
{
  GbSheetXml *xml = context;
  gsf_off_t remaining = gsf_input_remaining (xml->input);
  gsize n = MIN ((gsize) len, (gsize) MAX (remaining, 0));

  if (n == 0)
    return 0;
  if (n > *xml->budget)
    {
      xml->over_budget = TRUE;
      return -1;
    }
  if (gsf_input_read (xml->input, n, (guint8 *) buffer) == NULL)
    return -1;
  *xml->budget -= n;
  return (int) n;
}

static int
xml_close_cb (void *context)
{
  return 0;
}

/**
 * gb_sheet_zip_child:
 * @path: a member's path, "xl/worksheets/sheet1.xml" (a leading "/" is allowed)
 *
 * Returns: (transfer full) (nullable): the member, or %NULL when the zip has none
 */
GsfInput *
gb_sheet_zip_child (GsfInfile  *zip,
                    const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path[0] == '/' ? path + 1 : path, "/", -1);
  GsfInput *input = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      GsfInput *child;

      if (input != NULL && !GSF_IS_INFILE (input))
        {
          g_object_unref (input);
          return NULL;
        }
      child = gsf_infile_child_by_name (input ? GSF_INFILE (input) : zip, parts[i]);
      g_clear_object (&input);
      if (child == NULL)
        return NULL;
      input = child;
    }
  return input;
}

/* The one message for a member that could not be read to its end. */
void
gb_sheet_xml_set_error (const char  *book_name,
                        const char  *path,
                        gboolean     over_budget,
                        GError     **error)
{
  if (over_budget)
    g_set_error (error, GB_ERROR, GB_ERROR_TOO_LARGE,
                 "%s: %s unpacks to more than the size limit for a workbook; "
                 "a spreadsheet this large (or a zip bomb) is refused", book_name, path);
  else
    g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: %s is not well-formed XML", book_name, path);
}

GbSheetXml *
gb_sheet_xml_open (GsfInfile   *zip,
                   const char  *path,
                   guint64     *budget,
                   const char  *book_name,
                   GError     **error)
{
  GsfInput *input = gb_sheet_zip_child (zip, path);
  GbSheetXml *xml;

  if (input == NULL)
    return NULL;
  xml = g_new0 (GbSheetXml, 1);
  xml->input = input;
  xml->budget = budget;
  xml->path = g_strdup (path);
  xml->book_name = g_strdup (book_name);
  /* No network, no entity substitution, no DTD loading: a workbook is data, not a program. */
  xml->reader = xmlReaderForIO (xml_read_cb, xml_close_cb, xml, path, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
  if (xml->reader == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: %s cannot be read", book_name, path);
      gb_sheet_xml_close (xml, 0, NULL, NULL);
      return NULL;
    }
  return xml;
}

xmlTextReaderPtr
gb_sheet_xml_reader (GbSheetXml *xml)
{
  return xml->reader;
}

gboolean
gb_sheet_xml_close (GbSheetXml  *xml,
                    int          status,
                    GError      *read_error,
                    GError     **error)
{
  gboolean ok = TRUE;

  /* The bytes running out or the XML breaking explain the stop better than what a callback
   * made of the half-read element. */
  if (xml->over_budget || (status != 0 && read_error == NULL))
    {
      gb_sheet_xml_set_error (xml->book_name, xml->path, xml->over_budget, error);
      g_clear_error (&read_error);
      ok = FALSE;
    }
  else if (read_error != NULL)
    {
      g_propagate_error (error, read_error);
      ok = FALSE;
    }
  if (xml->reader != NULL)
    xmlFreeTextReader (xml->reader);
  g_object_unref (xml->input);
  g_free (xml->path);
  g_free (xml->book_name);
  g_free (xml);
  return ok;
}

gboolean
gb_sheet_xml_is (xmlTextReaderPtr  reader,
                 const char       *name)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT &&
         strcmp ((const char *) xmlTextReaderConstLocalName (reader), name) == 0;
}

char *
gb_sheet_xml_text (xmlTextReaderPtr reader)
{
  GString *text = g_string_new (NULL);
  int depth = xmlTextReaderDepth (reader);

  if (xmlTextReaderIsEmptyElement (reader))
    return g_string_free (text, FALSE);
  while (xmlTextReaderRead (reader) == 1)
    {
      int type = xmlTextReaderNodeType (reader);

      if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (reader) == depth)
        break;
      if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
          type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_CDATA)
        g_string_append (text, (const char *) xmlTextReaderConstValue (reader));
    }
  return g_string_free (text, FALSE);
}

char *
gb_sheet_xml_attr (xmlTextReaderPtr  reader,
                   const char       *local)
{
  char *found = NULL;

  if (xmlTextReaderMoveToFirstAttribute (reader) != 1)
    return NULL;
  do
    if (found == NULL && strcmp ((const char *) xmlTextReaderConstLocalName (reader), local) == 0)
      found = g_strdup ((const char *) xmlTextReaderConstValue (reader));
  while (xmlTextReaderMoveToNextAttribute (reader) == 1);
  xmlTextReaderMoveToElement (reader);
  return found;
}

void
gb_sheet_xml_skip (xmlTextReaderPtr reader)
{
  int depth = xmlTextReaderDepth (reader);

  if (xmlTextReaderIsEmptyElement (reader))
    return;
  while (xmlTextReaderRead (reader) == 1)
    if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (reader) == depth)
      break;
}
