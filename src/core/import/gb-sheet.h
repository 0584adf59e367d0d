/* gb-sheet.h — the cells of a workbook as provinces keep them: XLSX, ODS, XLS and CSV
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A workbook is read whole into memory, within limits (rows, cells, decompressed bytes) that
 * turn a zip bomb or a runaway file into a message instead of an exhausted machine. Formulas
 * are never evaluated: a cell keeps the value the spreadsheet saved with it, marked as a
 * formula's, and the importer decides what to do with it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GB_CELL_EMPTY,
  GB_CELL_NUMBER,
  GB_CELL_TEXT,
  GB_CELL_BOOL,     /* number is 0 or 1 */
  GB_CELL_ERROR,    /* "#DIV/0!" and the like, in text */
} GbCellType;

typedef struct
{
  GbCellType  type;
  gboolean    is_date;   /* a number formatted as a date (a serial day), or a date cell */
  gboolean    formula;   /* the value is a formula's saved result */
  double      number;    /* NUMBER, BOOL */
  const char *text;      /* TEXT, ERROR; owned by the sheet */
} GbCell;

typedef struct
{
  guint64 max_bytes;     /* decompressed XML (or text) read in all */
  guint   max_rows;
  guint   max_cells;
} GbSheetLimits;

/* Excel's own row limit, 256 MiB of XML, 12 million cells (about 110 MB of memory). */
#define GB_SHEET_MAX_ROWS  1048576u
#define GB_SHEET_MAX_BYTES (256u * 1024 * 1024)
#define GB_SHEET_MAX_CELLS 12000000u

typedef struct _GbSheet GbSheet;

typedef struct
{
  char      *format;      /* "XLSX", "ODS", "XLS", "CSV" */
  char      *encoding;    /* CSV: "UTF-8", "UTF-8 with BOM", "Windows-1258", "UTF-16" */
  char       delimiter;   /* CSV */
  gboolean   date1904;
  GPtrArray *sheets;      /* GbSheet */
} GbWorkbook;

void        gb_sheet_limits_init        (GbSheetLimits *limits);

/* Reads @bytes (told by content: a zip is XLSX or ODS, an OLE2 file XLS, else CSV text).
 * @name names the file in messages; @limits may be NULL for the defaults. */
GbWorkbook *gb_workbook_load            (const char          *name,
                                         GBytes              *bytes,
                                         const GbSheetLimits *limits,
                                         GError             **error);
void        gb_workbook_free            (GbWorkbook          *book);
GbSheet    *gb_workbook_find_sheet      (GbWorkbook          *book,
                                         const char          *name);

const char *gb_sheet_get_name           (GbSheet      *sheet);
guint       gb_sheet_get_n_rows         (GbSheet      *sheet);
guint       gb_sheet_get_n_columns      (GbSheet      *sheet);
/* Row @row (0-based) as its user sees it: the spreadsheet's row number, a CSV's line. */
guint       gb_sheet_get_row_number     (GbSheet      *sheet,
                                         guint         row);
/* Fills @cell (EMPTY outside the sheet). */
void        gb_sheet_get_cell           (GbSheet      *sheet,
                                         guint         row,
                                         guint         column,
                                         GbCell       *cell);
/* "A", "Z", "AA" … for a 0-based column. */
char       *gb_sheet_column_letter      (guint         column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbWorkbook, gb_workbook_free)

G_END_DECLS
