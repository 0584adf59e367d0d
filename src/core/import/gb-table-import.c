/* gb-table-import.c — the table import: reading a file into checked records, the report, and
 * the one transaction that writes them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-json-check.h"
#include "gb-store-review.h"
#include "gb-table-import-private.h"

static void
column_free (GbTableColumn *column)
{
  g_free (column->letter);
  g_free (column->header);
  g_free (column->field);
  g_free (column);
}

static void
problem_free (GbTableProblem *problem)
{
  g_free (problem->sheet);
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

void
gb_table_import_free (GbTableImport *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->format);
  g_free (self->encoding);
  g_free (self->sheet);
  g_free (self->default_unit);
  g_ptr_array_unref (self->sheets);
  g_ptr_array_unref (self->columns);
  g_ptr_array_unref (self->problems);
  g_ptr_array_unref (self->skipped);
  g_array_unref (self->records);
  g_hash_table_unref (self->record_index);
  g_hash_table_unref (self->units_seen);
  gb_unit_matcher_free (self->matcher);
  g_free (self);
}

void
gb_table_import_add_problem (GbTableImport *self,
                             const char    *sheet,
                             guint          row,
                             int            column,
                             const char    *header,
                             const char    *format,
                             ...)
{
  g_autofree char *what = NULL;
  g_autofree char *letter = column >= 0 ? gb_sheet_column_letter (column) : NULL;
  GString *where = g_string_new (self->name);
  GbTableProblem *problem;
  va_list args;

  self->n_problems++;
  if (self->problems->len >= GB_TABLE_MAX_PROBLEMS)
    {
      g_string_free (where, TRUE);
      return;
    }
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* A CSV's sheet is the file: "cases.csv:12"; a workbook's "book.xlsx, sheet “Ca”, row 12". */
  if (sheet != NULL && g_strcmp0 (self->format, "CSV") != 0 && self->layout != GB_TABLE_LAYOUT_DHIS2)
    g_string_append_printf (where, ", sheet “%s”", sheet);
  if (row > 0 && g_strcmp0 (self->format, "JSON") == 0)
    g_string_append_printf (where, ", dataValues[%u]", row - 1);
  else if (row > 0)
    g_string_append_printf (where, g_strcmp0 (self->format, "XLSX") == 0 || g_strcmp0 (self->format, "ODS") == 0 ||
                                   g_strcmp0 (self->format, "XLS") == 0 ? ", row %u" : ":%u", row);
  if (letter != NULL)
    g_string_append_printf (where, ", column %s%s%s%s", letter, header && *header ? " (" : "",
                            header && *header ? header : "", header && *header ? ")" : "");
  problem = g_new0 (GbTableProblem, 1);
  problem->sheet = g_strdup (sheet);
  problem->row = row;
  problem->column = g_steal_pointer (&letter);
  g_string_append_printf (where, ": %s", what);
  problem->message = g_string_free (where, FALSE);
  g_ptr_array_add (self->problems, problem);
}

void
gb_table_import_add_skipped (GbTableImport *self,
                             const char    *sheet,
                             guint          row,
                             const char    *why)
{
  GbTableProblem *skipped = g_new0 (GbTableProblem, 1);

  skipped->sheet = g_strdup (sheet);
  skipped->row = row;
  skipped->message = g_strdup (why);
  g_ptr_array_add (self->skipped, skipped);
}

GbTableRecord *
gb_table_import_record (GbTableImport *self,
                        const char    *sheet,
                        const char    *unit,
                        const char    *date,
                        guint          row,
                        gboolean       merge)
{
  g_autofree char *key = g_strconcat (unit, "|", date, NULL);
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->record_index, key));
  GbTableRecord record;

  if (index > 0)
    {
      GbTableRecord *old = &g_array_index (self->records, GbTableRecord, index - 1);

      if (merge)
        return old;
      gb_table_import_add_problem (self, sheet, row, -1, NULL, "unit %s on %s already came in row %u", unit, date,
                                   old->row);
      return NULL;
    }
  memset (&record, 0, sizeof record);
  g_strlcpy (record.unit, unit, sizeof record.unit);
  g_strlcpy (record.date, date, sizeof record.date);
  record.row = row;
  for (guint i = 0; i < GB_SERIES_MAX_COLUMNS; i++)
    record.n[i] = -1;
  g_array_append_val (self->records, record);
  g_hash_table_insert (self->record_index, g_steal_pointer (&key), GUINT_TO_POINTER (self->records->len));
  g_hash_table_add (self->units_seen, g_strdup (unit));
  if (self->first_date[0] == '\0' || strcmp (date, self->first_date) < 0)
    g_strlcpy (self->first_date, date, sizeof self->first_date);
  if (strcmp (date, self->last_date) > 0)
    g_strlcpy (self->last_date, date, sizeof self->last_date);
  return &g_array_index (self->records, GbTableRecord, self->records->len - 1);
}

/* Digits grouped by threes with one separator: "1.234.567", "1,234", "1 234". */
static gboolean
grouped_digits (const char *t,
                char        sep)
{
  gsize len = strlen (t);
  gsize first = len % 4 == 0 ? 0 : len % 4;

  if (len < 5 || first == 0 || first > 3)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      gboolean at_sep = i >= first && (i - first) % 4 == 0;

      if (at_sep ? t[i] != sep : !g_ascii_isdigit (t[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
gb_table_parse_count (const char  *text,
                      gint64      *value,
                      char       **why)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  GString *digits;
  double d;
  char *end = NULL;

  if (g_ascii_string_to_signed (t, 10, 0, G_MAXINT64, value, NULL))
    return TRUE;
  if (t[0] == '-' && g_ascii_strtod (t, &end) < 0 && end != NULL && *end == '\0')
    {
      *why = g_strdup_printf ("a negative count (%s)", t);
      return FALSE;
    }
  if (grouped_digits (t, '.') || grouped_digits (t, ',') || grouped_digits (t, ' '))
    {
      digits = g_string_new (NULL);
      for (const char *p = t; *p; p++)
        if (g_ascii_isdigit (*p))
          g_string_append_c (digits, *p);
      *value = g_ascii_strtoll (digits->str, NULL, 10);
      g_string_free (digits, TRUE);
      return TRUE;
    }
  d = g_ascii_strtod (t, &end);
  if (end != NULL && end != t && *end == '\0' && d >= 0 && d < 1e15 && d == (double) (gint64) d)
    {
      *value = (gint64) d;
      return TRUE;
    }
  if (end != NULL && end != t && *end == '\0')
    *why = g_strdup_printf ("“%s” is not a whole number", t);
  else
    *why = g_strdup_printf ("text (“%s”) where a number is expected", t);
  return FALSE;
}

gboolean
gb_table_check_date (GbTableImport  *self,
                     const char     *iso,
                     char          **why)
{
  if (strcmp (iso, self->today) > 0)
    {
      *why = g_strdup_printf ("the date %s is in the future", iso);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_json (GBytes *bytes)
{
  gsize len, i = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (data[i]))
    i++;
  return i < len && (data[i] == '{' || data[i] == '[');
}

gboolean
gb_table_import_is_series_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize len;
  const char *data;
  JsonNode *root;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (!is_json (bytes))
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  parser = json_parser_new_immutable ();
  /* Malformed (or too deep) JSON goes to the series reader, whose message says where. */
  if (!gb_json_check (data, len, GB_JSON_CHECK_MAX_DEPTH, GB_JSON_CHECK_MAX_FILE, NULL) ||
      !json_parser_load_from_data (parser, data, len, NULL))
    return TRUE;
  root = json_parser_get_root (parser);
  return !(JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "dataValues"));
}

static void
set_today (GbTableImport *self,
           const char    *today)
{
  if (today != NULL)
    g_strlcpy (self->today, today, sizeof self->today);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *text = g_date_time_format (now, "%Y-%m-%d");

      g_strlcpy (self->today, text, sizeof self->today);
    }
}

/**
 * gb_table_import_read:
 * @name: the file's name, for messages
 *
 * Reads and checks a table. A file that holds a table comes back even when rows have
 * problems (they are listed: gb_table_import_get_problems()); %NULL means it could not be
 * read as a table at all (not a spreadsheet, damaged, too large, no header found). A JSON
 * file that is not a DHIS2 dataValueSet is refused with %GB_ERROR_NOT_FOUND: it is a series
 * for gb_series_import_bytes().
 *
 * Returns: (transfer full) (nullable): the checked table
 */
GbTableImport *
gb_table_import_read (GbStore                    *store,
                      GbSeriesKind                kind,
                      const char                 *name,
                      GBytes                     *bytes,
                      const GbTableImportOptions *options,
                      GError                    **error)
{
  g_autoptr(GPtrArray) units = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((units = gb_store_list_units (store, GB_UNIT_LEVEL_ANY, NULL, error)) == NULL)
    return NULL;
  return gb_table_import_read_units (units, kind, name, bytes, options, error);
}

/**
 * gb_table_import_read_units:
 * @units: (element-type GbUnit): every unit rows may name (gb_store_list_units())
 *
 * As gb_table_import_read(), without the store: for a thread, as the store's connection stays
 * on the thread that opened it.
 *
 * Returns: (transfer full) (nullable): the checked table
 */
GbTableImport *
gb_table_import_read_units (GPtrArray                  *units,
                            GbSeriesKind                kind,
                            const char                 *name,
                            GBytes                     *bytes,
                            const GbTableImportOptions *options,
                            GError                    **error)
{
  g_autoptr(GbTableImport) self = NULL;
  g_autoptr(GbWorkbook) book = NULL;
  GbTableImportOptions defaults = { NULL };
  gboolean ok;

  g_return_val_if_fail (units != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  self = g_new0 (GbTableImport, 1);
  self->kind = kind;
  self->name = g_strdup (name);
  self->sheets = g_ptr_array_new_with_free_func (g_free);
  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  self->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  self->records = g_array_new (FALSE, FALSE, sizeof (GbTableRecord));
  self->record_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->units_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->default_unit = g_strdup (options->default_unit);
  self->wide_field = GB_FIELD_NONE;
  set_today (self, options->today);
  self->matcher = gb_unit_matcher_new (units);

  if (is_json (bytes))
    {
      self->format = g_strdup ("JSON");
      ok = gb_table_import_read_dhis2 (self, bytes, options, error);
    }
  else if ((book = gb_workbook_load (name, bytes, options->limits, error)) == NULL)
    ok = FALSE;
  else
    {
      self->format = g_strdup (book->format);
      self->encoding = g_strdup (book->encoding);
      for (guint i = 0; i < book->sheets->len; i++)
        g_ptr_array_add (self->sheets, g_strdup (gb_sheet_get_name (g_ptr_array_index (book->sheets, i))));
      if (gb_table_import_is_dhis2_csv (book))
        ok = gb_table_import_read_dhis2_csv (self, book, options, error);
      else
        ok = gb_table_import_read_sheets (self, book, options, error);
    }
  return ok ? g_steal_pointer (&self) : NULL;
}

const char *
gb_table_import_get_format (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->format;
}

const char *
gb_table_import_get_encoding (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->encoding;
}

const char *
gb_table_import_get_sheet (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sheet;
}

GPtrArray *
gb_table_import_get_sheets (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sheets;
}

guint
gb_table_import_get_header_row (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->header_row;
}

GbTableLayout
gb_table_import_get_layout (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, GB_TABLE_LAYOUT_LONG);
  return self->layout;
}

const char *
gb_table_import_get_wide_field (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->layout == GB_TABLE_LAYOUT_WIDE ? gb_table_field_name (self->kind, self->wide_field) : NULL;
}

GPtrArray *
gb_table_import_get_columns (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->columns;
}

GPtrArray *
gb_table_import_get_problems (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->problems;
}

GPtrArray *
gb_table_import_get_skipped (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->skipped;
}

guint
gb_table_import_get_n_problems (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_problems;
}

guint
gb_table_import_get_n_rows (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

guint
gb_table_import_get_n_records (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->records->len;
}

guint
gb_table_import_get_n_units (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->units_seen);
}

const char *
gb_table_import_get_first_date (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->first_date[0] ? self->first_date : NULL;
}

const char *
gb_table_import_get_last_date (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->last_date[0] ? self->last_date : NULL;
}

const char *
gb_table_layout_to_string (GbTableLayout layout)
{
  switch (layout)
    {
    case GB_TABLE_LAYOUT_LONG:
      return "long";
    case GB_TABLE_LAYOUT_WIDE:
      return "wide";
    case GB_TABLE_LAYOUT_DHIS2:
      return "dhis2";
    default:
      return NULL;
    }
}

/**
 * gb_table_import_check:
 *
 * Returns: %TRUE when the table can be written: no problem, at least one record. Else @error
 *   holds the first problem and how many more there are.
 */
gboolean
gb_table_import_check (GbTableImport  *self,
                       GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->n_problems > 0)
    {
      GbTableProblem *first = g_ptr_array_index (self->problems, 0);

      if (self->n_problems == 1)
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s", first->message);
      else
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s (and %u more problems)", first->message,
                     self->n_problems - 1);
      return FALSE;
    }
  if (self->records->len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: the table has no rows of numbers", self->name);
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_table_import_write_range:
 * @from: the first record
 * @n: how many (fewer at the end)
 *
 * Writes records [@from, @from + @n) inside the caller's transaction: the app writes a large
 * table in steps between frames, so its progress bar moves. Fails on the first record whose
 * counts disagree; the caller rolls back.
 */
gboolean
gb_table_import_write_range (GbTableImport  *self,
                             GbStore        *store,
                             guint           from,
                             guint           n,
                             GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (self->n_problems == 0, FALSE);

  if (from == 0)
    self->review_mark = gb_store_review_mark (store);
  for (guint i = from; i < self->records->len && i - from < n; i++)
    {
      GbTableRecord *r = &g_array_index (self->records, GbTableRecord, i);

      /* Where the record came from is written out only for the one that fails. */
      if (!gb_series_put_counts (store, self->kind, r->unit, r->date, r->n, FALSE, NULL, error))
        {
          if (g_strcmp0 (self->format, "JSON") == 0)
            g_prefix_error (error, "%s, dataValues[%u]: ", self->name, r->row - 1);
          else if (g_strcmp0 (self->format, "CSV") == 0)
            g_prefix_error (error, "%s:%u: ", self->name, r->row);
          else
            g_prefix_error (error, "%s, sheet “%s”, row %u: ", self->name, self->sheet, r->row);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * gb_table_import_apply:
 *
 * Returns: whether every record was written (or, when @dry_run, could have been)
 */
gboolean
gb_table_import_apply (GbTableImport  *self,
                       GbStore        *store,
                       gboolean        dry_run,
                       void          (*progress) (double fraction, gpointer data),
                       gpointer        data,
                       GError        **error)
{
  const guint step = 4096;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gb_table_import_check (self, error) || !gb_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < self->records->len; i += step)
    {
      if (!gb_table_import_write_range (self, store, i, step, error))
        {
          gb_store_rollback (store);
          return FALSE;
        }
      if (progress != NULL)
        progress ((double) MIN (i + step, self->records->len) / self->records->len, data);
    }
  gb_table_import_count_held (self, store);
  if (dry_run)
    {
      gb_store_rollback (store);
      return TRUE;
    }
  return gb_store_commit (store, error);
}

guint
gb_table_import_count_held (GbTableImport *self,
                            GbStore       *store)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (GB_IS_STORE (store), 0);

  self->n_held = (guint) gb_store_review_count_since (store, self->review_mark);
  return self->n_held;
}

/** gb_table_import_get_n_held: the values held for review, as gb_table_import_count_held() counted. */
guint
gb_table_import_get_n_held (GbTableImport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_held;
}
