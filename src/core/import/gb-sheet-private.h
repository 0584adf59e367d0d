/* gb-sheet-private.h — building a GbSheet, for the readers gb-sheet-*.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gsf/gsf.h>
#include <libxml/xmlreader.h>

#include "gb-sheet.h"

G_BEGIN_DECLS

/* libgsf 1.14 declares no cleanup functions. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

struct _GbSheet
{
  char         *name;
  GArray       *values;     /* 8 bytes a cell: the double, or the text pointer */
  GByteArray   *types;      /* one a cell: GbCellType | FLAG_* */
  GArray       *row_start;  /* guint32: first cell of each row, then the end */
  GArray       *row_number; /* guint32: each row as its user numbers it */
  GStringChunk *strings;
  guint         n_columns;
  const GbSheetLimits *limits;
};

typedef union
{
  double      number;
  const char *text;
} GbSheetValue;

#define GB_SHEET_FLAG_DATE    0x10
#define GB_SHEET_FLAG_FORMULA 0x20
#define GB_SHEET_TYPE_MASK    0x0f

GbSheet  *gb_sheet_new          (const char          *name,
                                 const GbSheetLimits *limits);
void      gb_sheet_free         (GbSheet             *sheet);
/* Starts row @row_number (1-based, as its user numbers it): FALSE past the row limit. */
gboolean  gb_sheet_begin_row    (GbSheet             *sheet,
                                 guint                row_number,
                                 const char          *book_name,
                                 GError             **error);
/* Sets a cell of the current row; columns only grow (a gap is filled with empty cells).
 * @text is copied. FALSE past the cell limit. */
gboolean  gb_sheet_add_cell     (GbSheet             *sheet,
                                 guint                column,
                                 GbCellType           type,
                                 guint                flags,
                                 double               number,
                                 const char          *text,
                                 const char          *book_name,
                                 GError             **error);
/* Drops trailing empty rows and empty cells at the end of rows. */
void      gb_sheet_finish       (GbSheet             *sheet);

/* The readers. */
gboolean  gb_sheet_read_csv     (GbWorkbook          *book,
                                 const char          *name,
                                 GBytes              *bytes,
                                 const GbSheetLimits *limits,
                                 GError             **error);
gboolean  gb_sheet_read_xlsx    (GbWorkbook          *book,
                                 const char          *name,
                                 GsfInfile           *zip,
                                 const GbSheetLimits *limits,
                                 GError             **error);
gboolean  gb_sheet_read_ods     (GbWorkbook          *book,
                                 const char          *name,
                                 GsfInfile           *zip,
                                 const GbSheetLimits *limits,
                                 GError             **error);
gboolean  gb_sheet_read_xls     (GbWorkbook          *book,
                                 const char          *name,
                                 GBytes              *bytes,
                                 const GbSheetLimits *limits,
                                 GError             **error);

/* A streaming XML reader over a zip member ("xl/worksheets/sheet1.xml"), counting the bytes it
 * decompresses against @budget (shared by every member of a workbook): past it the read fails
 * and gb_sheet_xml_close() reports a message naming the member. NULL when the member is
 * absent (@error unset) or unreadable (@error set). */
typedef struct _GbSheetXml GbSheetXml;

GsfInput         *gb_sheet_zip_child  (GsfInfile   *zip,
                                       const char  *path);
void              gb_sheet_xml_set_error (const char  *book_name,
                                          const char  *path,
                                          gboolean     over_budget,
                                          GError     **error);

GbSheetXml       *gb_sheet_xml_open   (GsfInfile   *zip,
                                       const char  *path,
                                       guint64     *budget,
                                       const char  *book_name,
                                       GError     **error);
xmlTextReaderPtr  gb_sheet_xml_reader (GbSheetXml  *xml);
/* Frees. @status: the last xmlTextReaderRead() (0 at the end); @read_error (taken): what
 * stopped the caller's loop, if anything. FALSE with @error when the read stopped early (over
 * budget, malformed XML, @read_error). */
gboolean          gb_sheet_xml_close  (GbSheetXml  *xml,
                                       int          status,
                                       GError      *read_error,
                                       GError     **error);
/* The text of the element the reader is on (all its descendant text), read to its end. */
char             *gb_sheet_xml_text   (xmlTextReaderPtr reader);
/* The attribute with local name @local, whatever its namespace prefix ("r:id" and "id"), or
 * NULL. */
char             *gb_sheet_xml_attr   (xmlTextReaderPtr reader,
                                       const char      *local);
/* Reads past the element the reader is on, to its end (xmlTextReaderNext() would stop on
 * the node after it, which the caller's loop would then step over). */
void              gb_sheet_xml_skip   (xmlTextReaderPtr reader);
/* TRUE when the reader is on a start (or empty) element with local name @name. */
gboolean          gb_sheet_xml_is     (xmlTextReaderPtr reader,
                                       const char      *name);

G_END_DECLS
