/* gb-csv-reader.h — a small RFC 4180 reader: quoted fields, CRLF, a UTF-8 BOM
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written by hand rather than with libcsv because the importers need line numbers for their
 * messages and strict UTF-8 checks, and the format they read is small.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GB_TYPE_CSV_READER (gb_csv_reader_get_type ())
G_DECLARE_FINAL_TYPE (GbCsvReader, gb_csv_reader, GB, CSV_READER, GObject)

GbCsvReader *gb_csv_reader_new        (const char   *name,
                                       GBytes       *bytes,
                                       GError      **error);
/* Returns FALSE at the end or on error (then @error is set). @fields is owned by the reader. */
gboolean     gb_csv_reader_next       (GbCsvReader  *self,
                                       GPtrArray   **fields,
                                       GError      **error);
guint        gb_csv_reader_get_line   (GbCsvReader  *self);
/* ',' unless set: spreadsheets in a Vietnamese locale save with ';', "Unicode text" with tab. */
void         gb_csv_reader_set_delimiter (GbCsvReader *self,
                                          char         delimiter);

G_END_DECLS
