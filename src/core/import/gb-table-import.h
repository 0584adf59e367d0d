/* gb-table-import.h — daily numbers from the tables provinces keep: spreadsheets (XLSX, ODS,
 * XLS), CSV as spreadsheets save it, DHIS2 dataValueSets
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading finds the sheet, the header row (titles above it skipped), the layout (a row per
 * unit and day, or a column per date) and what each column holds, then checks every row:
 * units matched by GSO code or name, dates, counts. Every problem is listed with its sheet,
 * row and column; nothing is written while there is one. Applying writes in one transaction.
 */
#pragma once

#include "gb-series-import.h"
#include "gb-sheet.h"

G_BEGIN_DECLS

typedef enum
{
  GB_TABLE_LAYOUT_LONG,    /* one row per unit and day */
  GB_TABLE_LAYOUT_WIDE,    /* one row per unit, one column per date */
  GB_TABLE_LAYOUT_DHIS2,   /* a DHIS2 dataValueSet: one value per line */
} GbTableLayout;

typedef struct
{
  const char          *sheet;          /* NULL: the first sheet holding a table */
  const char * const  *map;            /* "COLUMN=FIELD" … (NULL-terminated), or NULL */
  const char          *default_unit;   /* for tables with no unit column */
  const char          *today;          /* YYYY-MM-DD; NULL: today. Later dates are refused */
  const GbSheetLimits *limits;         /* NULL: the defaults */
} GbTableImportOptions;

typedef struct
{
  char *letter;    /* "B"; for DHIS2, the data element */
  char *header;    /* as written */
  char *field;     /* the field it fills, "ignore", or NULL when unknown */
} GbTableColumn;

typedef struct
{
  char  *sheet;
  guint  row;      /* 0 when the problem is not about one row */
  char  *column;   /* letter, or NULL */
  char  *message;  /* the whole message, naming the file, sheet, row and column */
} GbTableProblem;

typedef struct _GbTableImport GbTableImport;

GbTableImport *gb_table_import_read        (GbStore                    *store,
                                            GbSeriesKind                kind,
                                            const char                 *name,
                                            GBytes                     *bytes,
                                            const GbTableImportOptions *options,
                                            GError                    **error);
GbTableImport *gb_table_import_read_units  (GPtrArray                  *units,
                                            GbSeriesKind                kind,
                                            const char                 *name,
                                            GBytes                     *bytes,
                                            const GbTableImportOptions *options,
                                            GError                    **error);
void           gb_table_import_free        (GbTableImport *self);

const char    *gb_table_import_get_format      (GbTableImport *self);
const char    *gb_table_import_get_encoding    (GbTableImport *self);
const char    *gb_table_import_get_sheet       (GbTableImport *self);
GPtrArray     *gb_table_import_get_sheets      (GbTableImport *self);
guint          gb_table_import_get_header_row  (GbTableImport *self);
GbTableLayout  gb_table_import_get_layout      (GbTableImport *self);
const char    *gb_table_import_get_wide_field  (GbTableImport *self);
GPtrArray     *gb_table_import_get_columns     (GbTableImport *self);
GPtrArray     *gb_table_import_get_problems    (GbTableImport *self);
GPtrArray     *gb_table_import_get_skipped     (GbTableImport *self);
guint          gb_table_import_get_n_problems  (GbTableImport *self);
guint          gb_table_import_get_n_rows      (GbTableImport *self);
guint          gb_table_import_get_n_records   (GbTableImport *self);
guint          gb_table_import_get_n_units     (GbTableImport *self);
const char    *gb_table_import_get_first_date  (GbTableImport *self);
const char    *gb_table_import_get_last_date   (GbTableImport *self);

/* Writes every record in one transaction (rolled back at the end when @dry_run). Fails with
 * the first problem when there are any, or when a record's counts disagree; the database is
 * then as it was. @progress (may be NULL) is called now and then with the share done. */
gboolean       gb_table_import_apply       (GbTableImport  *self,
                                            GbStore        *store,
                                            gboolean        dry_run,
                                            void          (*progress) (double fraction, gpointer data),
                                            gpointer        data,
                                            GError        **error);

/* TRUE for JSON that is a plain series (an array of rows, or {"cases": …}) rather than a
 * DHIS2 dataValueSet: gb_series_import_bytes() reads those. */
gboolean       gb_table_import_is_series_json (GBytes *bytes);

/* The steps of gb_table_import_apply(), for a caller that writes in steps inside its own
 * transaction (gb_store_begin() … gb_store_commit()). */
gboolean       gb_table_import_check       (GbTableImport  *self,
                                            GError        **error);
gboolean       gb_table_import_write_range (GbTableImport  *self,
                                            GbStore        *store,
                                            guint           from,
                                            guint           n,
                                            GError        **error);
/* In the import's transaction, after its last write_range(): how many of its values were held
 * for review (and still are); gb_table_import_get_n_held() then says it too. */
guint          gb_table_import_count_held  (GbTableImport  *self,
                                            GbStore        *store);
guint          gb_table_import_get_n_held  (GbTableImport  *self);

const char    *gb_table_layout_to_string   (GbTableLayout layout);
/* The field names a --map may name, NULL-terminated (static). */
const char   **gb_table_import_field_names (GbSeriesKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbTableImport, gb_table_import_free)

G_END_DECLS
