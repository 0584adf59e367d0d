/* gb-test-workbook.h — small XLSX, ODS and XLS files built in the tests with libgsf
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sheet is written as text: rows split by '\n', cells by '\t', each cell
 *   ""          empty                  "#12"        the number 12
 *   "@44470"    a serial day, formatted as a date (ODS: a date cell)
 *   "=SUM(D2:D3)|12"   a formula with its saved result 12 ("=A1" alone: no saved result)
 *   "~text"     an inline string (XLSX)      "!#DIV/0!"   an error value
 *   anything else: text (XLSX: a shared string)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GbTestWorkbook GbTestWorkbook;

GbTestWorkbook *gb_test_workbook_new       (void);
void            gb_test_workbook_add_sheet (GbTestWorkbook *book,
                                            const char     *name,
                                            const char     *cells);
GBytes         *gb_test_workbook_xlsx      (GbTestWorkbook *book);
GBytes         *gb_test_workbook_ods       (GbTestWorkbook *book);
/* An Excel 97–2003 (BIFF8) workbook: text and numbers only. */
GBytes         *gb_test_workbook_xls       (GbTestWorkbook *book);
void            gb_test_workbook_free      (GbTestWorkbook *book);

/* A zip holding @path with @contents (for damaged and oversized workbooks). */
GBytes         *gb_test_zip                (const char * const *paths,
                                            const char * const *contents,
                                            const gsize        *lengths);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbTestWorkbook, gb_test_workbook_free)

G_END_DECLS
