/* gb-table-import-private.h — shared by gb-table-import*.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-series-import-private.h"
#include "gb-store.h"
#include "gb-table-import.h"

G_BEGIN_DECLS

/* Fields: the series columns (0 unit_code, 1 date, 2… counts), then these. */
enum
{
  GB_FIELD_NONE = -1,
  GB_FIELD_UNIT_CODE = 0,
  GB_FIELD_DATE = 1,
  GB_FIELD_UNIT_NAME = GB_SERIES_MAX_COLUMNS,
  GB_FIELD_DISTRICT,
  GB_FIELD_IGNORE,
  GB_N_FIELDS,
};

/* More problems than this are counted, not listed. */
#define GB_TABLE_MAX_PROBLEMS 200

typedef struct
{
  char    unit[16];
  char    date[11];
  guint   row;                           /* as the user numbers it */
  gint64  n[GB_SERIES_MAX_COLUMNS];
} GbTableRecord;

typedef struct _GbUnitMatcher GbUnitMatcher;

struct _GbTableImport
{
  GbSeriesKind   kind;
  char          *name;
  char          *format;
  char          *encoding;
  char          *sheet;
  GPtrArray     *sheets;          /* names */
  guint          header_row;
  GbTableLayout  layout;
  int            wide_field;
  GPtrArray     *columns;         /* GbTableColumn */
  GPtrArray     *problems;        /* GbTableProblem */
  guint          n_problems;
  GPtrArray     *skipped;         /* GbTableProblem: rows left out on purpose (totals) */
  guint          n_rows;
  GArray        *records;         /* GbTableRecord */
  GHashTable    *record_index;    /* "unit|date" → index + 1 */
  GHashTable    *units_seen;
  char           first_date[11];
  char           last_date[11];
  char           today[11];
  char          *default_unit;
  GbUnitMatcher *matcher;
  int            map[GB_N_FIELDS];  /* unused by all but DHIS2 */
  gint64         review_mark;     /* the newest review row before the first record was written */
  guint          n_held;          /* values its records had held for review */
};

/* Fields (gb-table-import-fields.c). */
char       *gb_table_normalize_header (const char   *text);
int         gb_table_field_for_header (GbSeriesKind  kind,
                                       const char   *header);
int         gb_table_field_from_name  (GbSeriesKind  kind,
                                       const char   *name);
const char *gb_table_field_name       (GbSeriesKind  kind,
                                       int           field);
gboolean    gb_table_is_total_label   (const char   *text);
int         gb_table_field_in_title   (GbSeriesKind  kind,
                                       const char   *text);
int         gb_table_age_group_in_header (const char *header);
int         gb_table_field_refined    (GbSeriesKind  kind,
                                       int           field,
                                       const char   *qualifier);

/* Units (gb-table-import-units.c). */
/* @units: GbUnit (gb_store_list_units()), kept by the matcher. */
GbUnitMatcher *gb_unit_matcher_new    (GPtrArray      *units);
void           gb_unit_matcher_free   (GbUnitMatcher  *matcher);
/* The unit's code, or NULL with @why set ("no unit named …", "… is ambiguous: …"). @code,
 * @name and @district are the cells' texts (any may be NULL or empty). */
const char    *gb_unit_matcher_find   (GbUnitMatcher  *matcher,
                                       const char     *code,
                                       const char     *name,
                                       const char     *district,
                                       char          **why);

/* Problems and records (gb-table-import.c). */
void      gb_table_import_add_problem (GbTableImport *self,
                                       const char    *sheet,
                                       guint          row,
                                       int            column,
                                       const char    *header,
                                       const char    *format,
                                       ...) G_GNUC_PRINTF (6, 7);
void      gb_table_import_add_skipped (GbTableImport *self,
                                       const char    *sheet,
                                       guint          row,
                                       const char    *why);
/* The record for @unit and @date, new (fields -1) or, when @merge, the one already there;
 * NULL when it exists and !@merge (a duplicate: the problem is listed, naming both rows). */
GbTableRecord *gb_table_import_record (GbTableImport *self,
                                       const char    *sheet,
                                       const char    *unit,
                                       const char    *date,
                                       guint          row,
                                       gboolean       merge);
/* A count from a text ("1.234" and "1,234" as thousands, "12.0"); FALSE with @why. */
gboolean  gb_table_parse_count        (const char    *text,
                                       gint64        *value,
                                       char         **why);
/* A date from a text, FALSE with @why (including dates after today). */
gboolean  gb_table_check_date         (GbTableImport *self,
                                       const char    *iso,
                                       char         **why);

/* Layouts. */
gboolean  gb_table_import_read_sheets (GbTableImport              *self,
                                       GbWorkbook                 *book,
                                       const GbTableImportOptions *options,
                                       GError                    **error);
gboolean  gb_table_import_read_dhis2  (GbTableImport              *self,
                                       GBytes                     *bytes,
                                       const GbTableImportOptions *options,
                                       GError                    **error);
gboolean  gb_table_import_is_dhis2_csv (GbWorkbook                *book);
gboolean  gb_table_import_read_dhis2_csv (GbTableImport           *self,
                                          GbWorkbook              *book,
                                          const GbTableImportOptions *options,
                                          GError                 **error);

G_END_DECLS
