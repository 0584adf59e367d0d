/* gb-sheet-ods.c — OpenDocument spreadsheets (LibreOffice, and Excel's "Save as ODS"):
 * content.xml streamed with libxml2, repeated rows and cells expanded only when they hold
 * something (a sheet ends in a million repeated empty rows)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-sheet-private.h"

typedef struct
{
  guint       column;
  GbCellType  type;
  guint       flags;
  double      number;
  char       *text;
} PendingCell;

static void
pending_cell_clear (gpointer data)
{
  g_free (((PendingCell *) data)->text);
}

static guint
repeat_count (xmlTextReaderPtr  reader,
              const char       *name)
{
  g_autofree char *text = gb_sheet_xml_attr (reader, name);
  guint64 n = 1;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &n, NULL))
    n = 1;
  return (guint) n;
}

/* The text of a cell: its paragraphs, one a line, with <text:s/> spaces and tabs; comments
 * (<office:annotation>) left out. */
static char *
cell_text (xmlTextReaderPtr reader)
{
  GString *text = g_string_new (NULL);
  int depth = xmlTextReaderDepth (reader);
  gboolean first_paragraph = TRUE;

  if (xmlTextReaderIsEmptyElement (reader))
    return g_string_free (text, FALSE);
  while (xmlTextReaderRead (reader) == 1)
    {
      int type = xmlTextReaderNodeType (reader);

      if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (reader) == depth)
        break;
      if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
        g_string_append (text, (const char *) xmlTextReaderConstValue (reader));
      else if (gb_sheet_xml_is (reader, "annotation"))
        gb_sheet_xml_skip (reader);
      else if (gb_sheet_xml_is (reader, "p"))
        {
          if (!first_paragraph)
            g_string_append_c (text, '\n');
          first_paragraph = FALSE;
        }
      else if (gb_sheet_xml_is (reader, "s"))
        {
          guint n = MIN (repeat_count (reader, "c"), 1024);

          for (guint i = 0; i < n; i++)
            g_string_append_c (text, ' ');
        }
      else if (gb_sheet_xml_is (reader, "tab"))
        g_string_append_c (text, '\t');
      else if (gb_sheet_xml_is (reader, "line-break"))
        g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

/* Reads a <table:table-cell> into @cell (type EMPTY when it holds nothing). */
static void
read_cell (xmlTextReaderPtr  reader,
           PendingCell      *cell)
{
  g_autofree char *value_type = gb_sheet_xml_attr (reader, "value-type");
  g_autofree char *formula = gb_sheet_xml_attr (reader, "formula");
  g_autofree char *text = cell_text (reader);

  cell->flags = formula != NULL ? GB_SHEET_FLAG_FORMULA : 0;
  cell->type = GB_CELL_EMPTY;
  if (value_type == NULL)
    {
      if (*text != '\0')
        {
          cell->type = GB_CELL_TEXT;
          cell->text = g_steal_pointer (&text);
        }
    }
  else if (strcmp (value_type, "float") == 0 || strcmp (value_type, "percentage") == 0 ||
           strcmp (value_type, "currency") == 0)
    {
      g_autofree char *value = gb_sheet_xml_attr (reader, "value");

      cell->type = GB_CELL_NUMBER;
      cell->number = value ? g_ascii_strtod (value, NULL) : 0;
    }
  else if (strcmp (value_type, "date") == 0)
    {
      cell->type = GB_CELL_TEXT;
      cell->flags |= GB_SHEET_FLAG_DATE;
      cell->text = gb_sheet_xml_attr (reader, "date-value");
    }
  else if (strcmp (value_type, "boolean") == 0)
    {
      g_autofree char *value = gb_sheet_xml_attr (reader, "boolean-value");

      cell->type = GB_CELL_BOOL;
      cell->number = g_strcmp0 (value, "true") == 0;
    }
  else
    {
      cell->type = GB_CELL_TEXT;
      cell->text = g_steal_pointer (&text);
    }
}

typedef struct
{
  GbSheet *sheet;
  guint    row;         /* the next row's number */
  guint    row_repeat;
  guint    column;
  GArray  *cells;       /* PendingCell of the row being read */
} OdsState;

static gboolean
end_row (OdsState    *s,
         const char  *name,
         GError     **error)
{
  /* Identical rows repeated (rare but legal) are expanded, up to the row limit. */
  for (guint k = 0; s->cells->len > 0 && k < s->row_repeat; k++)
    {
      if (!gb_sheet_begin_row (s->sheet, s->row + k, name, error))
        return FALSE;
      for (guint i = 0; i < s->cells->len; i++)
        {
          PendingCell *c = &g_array_index (s->cells, PendingCell, i);

          if (!gb_sheet_add_cell (s->sheet, c->column, c->type, c->flags, c->number, c->text, name, error))
            return FALSE;
        }
    }
  s->row += s->row_repeat;
  g_array_set_size (s->cells, 0);
  return TRUE;
}

static gboolean
read_element (GbWorkbook          *book,
              const char          *name,
              const GbSheetLimits *limits,
              xmlTextReaderPtr     reader,
              OdsState            *s,
              GError             **error)
{
  if (gb_sheet_xml_is (reader, "table"))
    {
      g_autofree char *sheet_name = gb_sheet_xml_attr (reader, "name");

      s->sheet = gb_sheet_new (sheet_name ? sheet_name : "", limits);
      s->row = 1;
      g_ptr_array_add (book->sheets, s->sheet);
    }
  else if (gb_sheet_xml_is (reader, "table-row") && s->sheet != NULL)
    {
      s->row_repeat = repeat_count (reader, "number-rows-repeated");
      s->column = 0;
      g_array_set_size (s->cells, 0);
      if (xmlTextReaderIsEmptyElement (reader))
        return end_row (s, name, error);
    }
  else if ((gb_sheet_xml_is (reader, "table-cell") || gb_sheet_xml_is (reader, "covered-table-cell")) &&
           s->sheet != NULL)
    {
      guint repeat = repeat_count (reader, "number-columns-repeated");
      PendingCell cell = { 0 };

      read_cell (reader, &cell);
      if (cell.type != GB_CELL_EMPTY || cell.flags != 0)
        for (guint k = 0; k < repeat && s->column + k < 16384; k++)
          {
            PendingCell copy = cell;

            copy.column = s->column + k;
            copy.text = g_strdup (cell.text);
            g_array_append_val (s->cells, copy);
          }
      g_free (cell.text);
      s->column += MIN (repeat, 16384u);
    }
  return TRUE;
}

gboolean
gb_sheet_read_ods (GbWorkbook          *book,
                   const char          *name,
                   GsfInfile           *zip,
                   const GbSheetLimits *limits,
                   GError             **error)
{
  guint64 budget = limits->max_bytes;
  GbSheetXml *xml = gb_sheet_xml_open (zip, "content.xml", &budget, name, error);
  OdsState s = { NULL };
  g_autoptr(GArray) cells = g_array_new (FALSE, TRUE, sizeof (PendingCell));
  GError *local_error = NULL;
  xmlTextReaderPtr reader;
  int ret;

  if (xml == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: a damaged ODS file (no content.xml)", name);
      return FALSE;
    }
  g_array_set_clear_func (cells, pending_cell_clear);
  s.cells = cells;
  reader = gb_sheet_xml_reader (xml);
  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);

      if (type == XML_READER_TYPE_ELEMENT && !read_element (book, name, limits, reader, &s, &local_error))
        break;
      if (type == XML_READER_TYPE_END_ELEMENT && s.sheet != NULL &&
          strcmp ((const char *) xmlTextReaderConstLocalName (reader), "table-row") == 0 &&
          !end_row (&s, name, &local_error))
        break;
    }
  return gb_sheet_xml_close (xml, ret, local_error, error);
}
