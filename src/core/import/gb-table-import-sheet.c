/* gb-table-import-sheet.c — a table in a sheet: its header row (titles and merged headings
 * above it skipped, a second header row under it read), its layout, what each column holds,
 * and the checked rows
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-table-import-private.h"

/* The header is looked for in the first rows only: titles take a few, never dozens. */
#define HEADER_SEARCH_ROWS 30

typedef struct
{
  GbTableImport *self;
  GbSheet       *sheet;
  gboolean       date1904;
  const char * const *map;
  guint          header;         /* row index of the header */
  guint          first_data;     /* row index of the first data row */
  int           *fields;         /* per column */
  char         **dates;          /* per column: the date a wide column holds */
  char         **headers;        /* per column: its header text */
  int            unit_col, name_col, district_col, date_col;
  guint          n_columns;
} Table;

/* A cell's text as its user sees it: numbers without a needless ".0". */
static char *
cell_text (GbSheet *sheet,
           guint    row,
           guint    column)
{
  GbCell cell;

  gb_sheet_get_cell (sheet, row, column, &cell);
  switch (cell.type)
    {
    case GB_CELL_TEXT:
    case GB_CELL_ERROR:
      return g_strstrip (g_strdup (cell.text));
    case GB_CELL_NUMBER:
    case GB_CELL_BOOL:
      if (cell.number == floor (cell.number) && fabs (cell.number) < 1e15)
        return g_strdup_printf ("%.0f", cell.number);
      else
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          return g_strdup (g_ascii_dtostr (buf, sizeof buf, cell.number));
        }
    case GB_CELL_EMPTY:
    default:
      return g_strdup ("");
    }
}

/* The date a header cell or a date cell holds, or NULL. Numbers are serial days; in a header
 * row a number counts only when formatted as a date or in the serials of 2009–2036 (a date
 * whose format a CSV export lost). */
static char *
cell_date (GbSheet  *sheet,
           guint     row,
           guint     column,
           gboolean  date1904,
           gboolean  header)
{
  GbCell cell;

  gb_sheet_get_cell (sheet, row, column, &cell);
  if (cell.type == GB_CELL_TEXT)
    {
      if (header && !cell.is_date && strlen (cell.text) > 30)
        return NULL;
      return gb_date_parse_table (cell.text);
    }
  if (cell.type == GB_CELL_NUMBER && (!header || cell.is_date || (cell.number >= 40000 && cell.number <= 50000)))
    return gb_date_from_serial (cell.number, date1904);
  return NULL;
}

static gboolean
row_is_empty (GbSheet *sheet,
              guint    row)
{
  for (guint c = 0; c < gb_sheet_get_n_columns (sheet); c++)
    {
      GbCell cell;

      gb_sheet_get_cell (sheet, row, c, &cell);
      if (cell.type != GB_CELL_EMPTY || cell.formula)
        return FALSE;
    }
  return TRUE;
}

/* The field a --map gives the column with @header at @column, GB_FIELD_NONE when none does;
 * -2 when the map names no field we know (checked before, so not here). */
static int
mapped_field (Table      *t,
              const char *header,
              guint       column)
{
  g_autofree char *letter = gb_sheet_column_letter (column);
  g_autofree char *key = gb_table_normalize_header (header);

  for (guint i = 0; t->map != NULL && t->map[i] != NULL; i++)
    {
      const char *eq = strrchr (t->map[i], '=');
      g_autofree char *name = g_strndup (t->map[i], eq - t->map[i]);
      g_autofree char *name_key = gb_table_normalize_header (name);

      if ((*key != '\0' && strcmp (name_key, key) == 0) || g_ascii_strcasecmp (name, letter) == 0)
        return gb_table_field_from_name (t->self->kind, eq + 1);
    }
  return GB_FIELD_NONE;
}

static int
column_field (Table      *t,
              const char *header,
              guint       column)
{
  int field = mapped_field (t, header, column);

  return field != GB_FIELD_NONE ? field : gb_table_field_for_header (t->self->kind, header);
}

/* Whether row @row can head the table; @wide set when its dates run across. */
static gboolean
is_header_row (Table    *t,
               guint     row,
               gboolean *wide)
{
  gboolean has_unit = t->self->default_unit != NULL, has_date = FALSE;
  guint n_values = 0, n_dates = 0;

  for (guint c = 0; c < gb_sheet_get_n_columns (t->sheet); c++)
    {
      g_autofree char *text = cell_text (t->sheet, row, c);
      g_autofree char *date = NULL;
      int field;

      if (*text == '\0')
        continue;
      field = column_field (t, text, c);
      if (field == GB_FIELD_UNIT_CODE || field == GB_FIELD_UNIT_NAME)
        has_unit = TRUE;
      else if (field == GB_FIELD_DATE)
        has_date = TRUE;
      else if (field >= 2 && field < GB_FIELD_UNIT_NAME)
        n_values++;
      /* A band over a group's dose columns ("Từ 12-17 tuổi" over "Mũi 1 | Mũi 2"). */
      else if (field == GB_FIELD_NONE && t->self->kind == GB_SERIES_VACCINATIONS &&
               gb_table_age_group_in_header (text) >= 0)
        n_values++;
      else if (field == GB_FIELD_NONE && (date = cell_date (t->sheet, row, c, t->date1904, TRUE)) != NULL)
        n_dates++;
    }
  *wide = !has_date && n_dates > 0;
  return has_unit && ((has_date && n_values > 0) || (!has_date && n_dates > 0));
}

/* A second header row under the first ("Số ca mắc mới" over "Cộng đồng | Cách ly"): text
 * only, and some of it names a field. */
static gboolean
is_sub_header (Table *t,
               guint  row)
{
  guint known = 0;

  if (row >= gb_sheet_get_n_rows (t->sheet))
    return FALSE;
  for (guint c = 0; c < gb_sheet_get_n_columns (t->sheet); c++)
    {
      GbCell cell;

      gb_sheet_get_cell (t->sheet, row, c, &cell);
      if (cell.type == GB_CELL_NUMBER || cell.type == GB_CELL_BOOL)
        return FALSE;
      if (cell.type == GB_CELL_TEXT)
        {
          g_autofree char *date = gb_date_parse_table (cell.text);

          if (date != NULL)
            return FALSE;
          known += column_field (t, cell.text, c) >= 0;
        }
    }
  return known > 0;
}

/* The count field of a wide table's cells: --map values=FIELD, else one a title or the
 * sheet's name speaks of, else new cases (doses given). */
static int
wide_field (Table *t)
{
  int field = GB_FIELD_NONE;

  for (guint i = 0; t->map != NULL && t->map[i] != NULL; i++)
    if (g_str_has_prefix (t->map[i], "values="))
      return gb_table_field_from_name (t->self->kind, t->map[i] + strlen ("values="));
  for (guint r = 0; r < t->header && field == GB_FIELD_NONE; r++)
    for (guint c = 0; c < gb_sheet_get_n_columns (t->sheet) && field == GB_FIELD_NONE; c++)
      {
        g_autofree char *text = cell_text (t->sheet, r, c);

        field = gb_table_field_in_title (t->self->kind, text);
      }
  if (field == GB_FIELD_NONE)
    field = gb_table_field_in_title (t->self->kind, gb_sheet_get_name (t->sheet));
  if (field == GB_FIELD_NONE)
    field = gb_table_field_from_name (t->self->kind, t->self->kind == GB_SERIES_CASES ? "new_cases" : "doses_given");
  return field;
}

static void
add_column (Table      *t,
            guint       c,
            const char *header,
            int         field)
{
  GbTableColumn *column = g_new0 (GbTableColumn, 1);

  column->letter = gb_sheet_column_letter (c);
  column->header = g_strdup (header);
  column->field = g_strdup (gb_table_field_name (t->self->kind, field));
  g_ptr_array_add (t->self->columns, column);
}

/* What every column holds; problems for unknown and repeated ones. */
static void
map_columns (Table    *t,
             gboolean  wide,
             gboolean  sub)
{
  GbTableImport *self = t->self;
  const char *sheet = gb_sheet_get_name (t->sheet);
  guint header_number = gb_sheet_get_row_number (t->sheet, t->header);
  int seen[GB_N_FIELDS];
  g_autoptr(GHashTable) dates = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *band = NULL;

  for (guint f = 0; f < GB_N_FIELDS; f++)
    seen[f] = -1;
  for (guint c = 0; c < t->n_columns; c++)
    {
      g_autofree char *top = cell_text (t->sheet, t->header, c);
      g_autofree char *below = sub ? cell_text (t->sheet, t->header + 1, c) : g_strdup ("");
      gboolean use_below = *below != '\0' && column_field (t, below, c) != GB_FIELD_NONE;
      g_autofree char *banded = NULL;
      const char *header;
      int field;

      /* A merged band's text is in its first cell only: it heads the empty ones after it. */
      if (*top != '\0')
        {
          g_free (band);
          band = g_strdup (top);
        }
      if (use_below && band != NULL && self->kind == GB_SERIES_VACCINATIONS &&
          gb_table_age_group_in_header (band) >= 0)
        {
          banded = g_strdup_printf ("%s / %s", band, below);
          if (column_field (t, banded, c) < 2)
            g_clear_pointer (&banded, g_free);
        }
      header = banded != NULL ? banded : use_below || *top == '\0' ? below : top;
      field = column_field (t, header, c);

      t->headers[c] = g_strdup (header);
      t->fields[c] = field;
      if (*header == '\0')
        continue;
      if (field == GB_FIELD_NONE && wide && (t->dates[c] = cell_date (t->sheet, t->header, c, t->date1904, TRUE)) != NULL)
        {
          if (g_hash_table_contains (dates, t->dates[c]))
            gb_table_import_add_problem (self, sheet, header_number, c, header, "the date %s heads two columns",
                                         t->dates[c]);
          g_hash_table_add (dates, t->dates[c]);
          t->fields[c] = self->wide_field;
          add_column (t, c, header, self->wide_field);
          continue;
        }
      add_column (t, c, header, field);
      if (field == GB_FIELD_NONE)
        gb_table_import_add_problem (self, sheet, header_number, c, header,
                                     "unknown column “%s”; name its field with --map “%s=FIELD” (or =ignore)",
                                     header, header);
      else if (field != GB_FIELD_IGNORE && seen[field] >= 0)
        {
          g_autofree char *other = gb_sheet_column_letter (seen[field]);

          gb_table_import_add_problem (self, sheet, header_number, c, header, "the columns %s and %s both hold %s",
                                       other, (char *) ((GbTableColumn *) g_ptr_array_index (self->columns, self->columns->len - 1))->letter,
                                       gb_table_field_name (self->kind, field));
        }
      else if (field != GB_FIELD_IGNORE)
        seen[field] = c;
    }
  t->unit_col = seen[GB_FIELD_UNIT_CODE];
  t->name_col = seen[GB_FIELD_UNIT_NAME];
  t->district_col = seen[GB_FIELD_DISTRICT];
  t->date_col = seen[GB_FIELD_DATE];
}

/* A count from a cell; FALSE (the problem listed) when the cell holds no count. Empty: -1. */
static gboolean
cell_count (Table  *t,
            guint   row,
            guint   c,
            gint64 *value)
{
  GbCell cell;
  g_autofree char *why = NULL;

  gb_sheet_get_cell (t->sheet, row, c, &cell);
  *value = -1;
  if (cell.formula)
    why = g_strdup ("a formula, and formulas are never evaluated; paste its values instead");
  else if (cell.type == GB_CELL_EMPTY)
    return TRUE;
  else if (cell.type == GB_CELL_NUMBER && cell.number < 0)
    why = g_strdup_printf ("a negative count (%g)", cell.number);
  else if (cell.type == GB_CELL_NUMBER && (cell.number != floor (cell.number) || cell.number > 1e15))
    why = g_strdup_printf ("%g is not a whole number", cell.number);
  else if (cell.type == GB_CELL_NUMBER)
    *value = (gint64) cell.number;
  else if (cell.type == GB_CELL_BOOL)
    why = g_strdup ("TRUE or FALSE where a number is expected");
  else if (cell.type == GB_CELL_ERROR)
    why = g_strdup_printf ("an error value (%s) where a number is expected", cell.text);
  else
    {
      g_autofree char *text = g_strstrip (g_strdup (cell.text));

      if (*text == '\0')
        return TRUE;
      gb_table_parse_count (text, value, &why);
    }
  if (why != NULL)
    {
      gb_table_import_add_problem (t->self, gb_sheet_get_name (t->sheet), gb_sheet_get_row_number (t->sheet, row), c,
                                   t->headers[c], "%s", why);
      return FALSE;
    }
  return TRUE;
}

/* The unit of a data row: its code, NULL when the row has none (the problem listed, or the row
 * skipped as a total). */
static const char *
row_unit (Table    *t,
          guint     row,
          gboolean *total)
{
  GbTableImport *self = t->self;
  guint number = gb_sheet_get_row_number (t->sheet, row);
  g_autofree char *code = t->unit_col >= 0 ? cell_text (t->sheet, row, t->unit_col) : g_strdup ("");
  g_autofree char *name = t->name_col >= 0 ? cell_text (t->sheet, row, t->name_col) : g_strdup ("");
  g_autofree char *district = t->district_col >= 0 ? cell_text (t->sheet, row, t->district_col) : g_strdup ("");
  g_autofree char *why = NULL;
  const char *found;
  int column = t->unit_col >= 0 && *code != '\0' ? t->unit_col : t->name_col;

  if (gb_table_is_total_label (name) || gb_table_is_total_label (code) ||
      (*code == '\0' && *name == '\0' && gb_table_is_total_label (district)))
    {
      g_autofree char *what = g_strdup_printf ("a total row (“%s”)", *name ? name : *code ? code : district);

      gb_table_import_add_skipped (self, gb_sheet_get_name (t->sheet), number, what);
      *total = TRUE;
      return NULL;
    }
  if (*code == '\0' && *name == '\0' && self->default_unit != NULL)
    {
      g_free (code);
      code = g_strdup (self->default_unit);
    }
  found = gb_unit_matcher_find (self->matcher, code, name, district, &why);
  if (found == NULL)
    gb_table_import_add_problem (self, gb_sheet_get_name (t->sheet), number, column,
                                 column >= 0 ? t->headers[column] : NULL, "%s", why);
  return found;
}

static gboolean
row_date (Table  *t,
          guint   row,
          char  **date)
{
  g_autofree char *text = cell_text (t->sheet, row, t->date_col);
  g_autofree char *why = NULL;

  *date = cell_date (t->sheet, row, t->date_col, t->date1904, FALSE);
  if (*text == '\0')
    why = g_strdup ("no date");
  else if (*date == NULL)
    why = g_strdup_printf ("“%s” is not a date (dd/mm/yyyy, d/m/yy or yyyy-mm-dd)", text);
  else
    gb_table_check_date (t->self, *date, &why);
  if (why == NULL)
    return TRUE;
  gb_table_import_add_problem (t->self, gb_sheet_get_name (t->sheet), gb_sheet_get_row_number (t->sheet, row),
                               t->date_col, t->headers[t->date_col], "%s", why);
  return FALSE;
}

static void
read_long_row (Table      *t,
               guint       row,
               const char *unit)
{
  g_autofree char *date = NULL;
  gint64 n[GB_SERIES_MAX_COLUMNS];
  gboolean ok = TRUE;
  GbTableRecord *record;

  for (guint i = 0; i < GB_SERIES_MAX_COLUMNS; i++)
    n[i] = -1;
  ok = row_date (t, row, &date) && unit != NULL;
  for (guint c = 0; c < t->n_columns; c++)
    if (t->fields[c] >= 2 && t->fields[c] < GB_FIELD_UNIT_NAME)
      ok &= cell_count (t, row, c, &n[t->fields[c]]);
  if (!ok)
    return;
  record = gb_table_import_record (t->self, gb_sheet_get_name (t->sheet), unit, date,
                                   gb_sheet_get_row_number (t->sheet, row), FALSE);
  if (record != NULL)
    memcpy (record->n, n, sizeof n);
}

static void
read_wide_row (Table      *t,
               guint       row,
               const char *unit)
{
  for (guint c = 0; c < t->n_columns; c++)
    {
      g_autofree char *why = NULL;
      GbTableRecord *record;
      gint64 value;

      if (t->dates[c] == NULL || !cell_count (t, row, c, &value) || value < 0 || unit == NULL)
        continue;
      if (!gb_table_check_date (t->self, t->dates[c], &why))
        {
          gb_table_import_add_problem (t->self, gb_sheet_get_name (t->sheet), gb_sheet_get_row_number (t->sheet, t->header),
                                       c, t->headers[c], "%s", why);
          g_clear_pointer (&t->dates[c], g_free);
          continue;
        }
      record = gb_table_import_record (t->self, gb_sheet_get_name (t->sheet), unit, t->dates[c],
                                       gb_sheet_get_row_number (t->sheet, row), FALSE);
      if (record != NULL)
        record->n[t->self->wide_field] = value;
    }
}

static void
read_rows (Table    *t,
           gboolean  wide)
{
  g_autofree gboolean *warned = g_new0 (gboolean, t->n_columns + 1);

  for (guint row = t->first_data; row < gb_sheet_get_n_rows (t->sheet); row++)
    {
      const char *unit;
      gboolean total = FALSE;

      if (row_is_empty (t->sheet, row))
        continue;
      t->self->n_rows++;
      /* Values under no header are not silently dropped. */
      for (guint c = 0; c < t->n_columns; c++)
        {
          GbCell cell;

          gb_sheet_get_cell (t->sheet, row, c, &cell);
          if (*t->headers[c] == '\0' && !warned[c] && (cell.type != GB_CELL_EMPTY || cell.formula))
            {
              warned[c] = TRUE;
              gb_table_import_add_problem (t->self, gb_sheet_get_name (t->sheet), gb_sheet_get_row_number (t->sheet, row),
                                           c, NULL, "a value in a column without a header");
            }
        }
      unit = row_unit (t, row, &total);
      if (total)
        continue;
      if (wide)
        read_wide_row (t, row, unit);
      else
        read_long_row (t, row, unit);
    }
}

static gboolean
find_header (Table    *t,
             gboolean *wide)
{
  guint n = MIN (gb_sheet_get_n_rows (t->sheet), HEADER_SEARCH_ROWS);

  for (guint r = 0; r < n; r++)
    if (is_header_row (t, r, wide))
      {
        t->header = r;
        return TRUE;
      }
  return FALSE;
}

static void
table_clear (Table *t)
{
  for (guint c = 0; c < t->n_columns; c++)
    {
      g_free (t->dates[c]);
      g_free (t->headers[c]);
    }
  g_clear_pointer (&t->dates, g_free);
  g_clear_pointer (&t->headers, g_free);
  g_clear_pointer (&t->fields, g_free);
}

static void
read_table (Table *t,
            gboolean wide)
{
  GbTableImport *self = t->self;
  gboolean sub = is_sub_header (t, t->header + 1);

  self->sheet = g_strdup (gb_sheet_get_name (t->sheet));
  self->header_row = gb_sheet_get_row_number (t->sheet, t->header);
  self->layout = wide ? GB_TABLE_LAYOUT_WIDE : GB_TABLE_LAYOUT_LONG;
  if (wide)
    self->wide_field = wide_field (t);
  t->first_data = t->header + (sub ? 2 : 1);
  t->n_columns = gb_sheet_get_n_columns (t->sheet);
  t->fields = g_new0 (int, t->n_columns + 1);
  t->dates = g_new0 (char *, t->n_columns + 1);
  t->headers = g_new0 (char *, t->n_columns + 1);
  map_columns (t, wide, sub);
  if (!wide && t->date_col < 0)
    return;
  read_rows (t, wide);
}

/* Each --map is COLUMN=FIELD with a field we know; "values=FIELD" names a wide table's. */
static gboolean
check_map (GbTableImport       *self,
           const char * const  *map,
           GError             **error)
{
  for (guint i = 0; map != NULL && map[i] != NULL; i++)
    {
      const char *eq = strrchr (map[i], '=');
      int field;

      if (eq == NULL || eq == map[i])
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "--map “%s” is not COLUMN=FIELD", map[i]);
          return FALSE;
        }
      field = gb_table_field_from_name (self->kind, eq + 1);
      if (field == GB_FIELD_NONE || (g_str_has_prefix (map[i], "values=") && (field < 2 || field >= GB_FIELD_UNIT_NAME)))
        {
          g_autofree char *names = g_strjoinv (", ", (char **) gb_table_import_field_names (self->kind));

          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "--map “%s”: no field is called “%s” (fields: %s)",
                       map[i], eq + 1, names);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
first_row_text (GbSheet *sheet)
{
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < gb_sheet_get_n_rows (sheet) && out->len == 0; r++)
    for (guint c = 0; c < gb_sheet_get_n_columns (sheet) && c < 8; c++)
      {
        g_autofree char *text = cell_text (sheet, r, c);

        if (*text)
          g_string_append_printf (out, "%s“%s”", out->len ? ", " : "", text);
      }
  return g_string_free (out, FALSE);
}

gboolean
gb_table_import_read_sheets (GbTableImport              *self,
                             GbWorkbook                 *book,
                             const GbTableImportOptions *options,
                             GError                    **error)
{
  Table t = { self, NULL, book->date1904, options->map, 0, 0, NULL, NULL, NULL, -1, -1, -1, -1, 0 };
  gboolean wide = FALSE;

  if (!check_map (self, options->map, error))
    return FALSE;
  if (options->sheet != NULL)
    {
      if ((t.sheet = gb_workbook_find_sheet (book, options->sheet)) == NULL)
        {
          g_autofree char *names = NULL;

          g_ptr_array_add (self->sheets, NULL);
          names = g_strjoinv ("”, “", (char **) self->sheets->pdata);
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, "%s: no sheet is called “%s” (sheets: “%s”)",
                       self->name, options->sheet, names);
          g_ptr_array_set_size (self->sheets, self->sheets->len - 1);
          return FALSE;
        }
      if (!find_header (&t, &wide))
        t.sheet = NULL;
    }
  else
    for (guint i = 0; i < book->sheets->len && t.sheet == NULL; i++)
      {
        t.sheet = g_ptr_array_index (book->sheets, i);
        if (!find_header (&t, &wide))
          t.sheet = NULL;
      }
  if (t.sheet == NULL)
    {
      GbSheet *first = options->sheet ? gb_workbook_find_sheet (book, options->sheet) : g_ptr_array_index (book->sheets, 0);
      g_autofree char *seen = first_row_text (first);

      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   "%s: no table found: no row among the first %u of %s names a unit (code or name) with a date "
                   "column and a count, or with dates across (the first row reads %s); name the columns with --map",
                   self->name, HEADER_SEARCH_ROWS, options->sheet ? "the sheet" : "any sheet", *seen ? seen : "nothing");
      return FALSE;
    }
  read_table (&t, wide);
  table_clear (&t);
  return TRUE;
}
