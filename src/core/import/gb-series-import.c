/* gb-series-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "gb-csv-reader.h"
#include "gb-error.h"
#include "gb-date.h"
#include "gb-json-check.h"
#include "gb-series-import-private.h"
#include "gb-types.h"

/* Column names, with the aliases found in national feeds. Index into a row of values. */
typedef GbSeriesColumn Column;

enum { C_UNIT, C_DATE, C_COMMUNITY, C_QUARANTINE, C_NEW, C_UNKNOWN, C_DEATHS, C_RECOVERED, C_TESTS, N_CASE_COLS };
#define MAX_COLS GB_SERIES_MAX_COLUMNS

static const Column case_columns[] = {
  { "unit_code", { "code", "unit", NULL } },
  { "date", { "ngay", NULL } },
  { "community", { "community_cases", NULL } },
  { "quarantine", { "quarantine_cases", NULL } },
  { "new_cases", { "cases", NULL } },
  { "unknown_source", { NULL } },
  { "deaths", { "new_deaths", NULL } },
  { "recovered", { NULL } },
  { "tests", { NULL } },
};

/* Vaccination: unit_code, date, then the counts of gb_vaccination_fields(). */
enum { N_VACC_COLS = 2 + 18 };
static const Column vacc_columns[] = {
  { "unit_code", { "code", "unit", NULL } },
  { "date", { "ngay", NULL } },
  { "pop_18", { "population_18", NULL } },
  { "pop_65", { "population_65", NULL } },
  { "dose1_18", { "people_vaccinated_18", NULL } },
  { "full_18", { "people_fully_vaccinated_18", NULL } },
  { "full_65", { "people_fully_vaccinated_65", NULL } },
  { "doses_given", { "new_vaccinations", NULL } },
  { "doses_allocated", { NULL } },
  /* The groups' other doses, in gb_vaccination_fields() order from here too. */
  { "pop_12_17", { "population_12_17", NULL } },
  { "pop_5_11", { "population_5_11", NULL } },
  { "booster_18", { "people_booster_18", NULL } },
  { "dose1_65", { "people_vaccinated_65", NULL } },
  { "booster_65", { "people_booster_65", NULL } },
  { "dose1_12_17", { "people_vaccinated_12_17", NULL } },
  { "dose2_12_17", { "people_fully_vaccinated_12_17", NULL } },
  { "booster_12_17", { "people_booster_12_17", NULL } },
  { "dose1_5_11", { "people_vaccinated_5_11", NULL } },
  { "dose2_5_11", { "people_fully_vaccinated_5_11", NULL } },
  { "booster_5_11", { "people_booster_5_11", NULL } },
};

G_STATIC_ASSERT (G_N_ELEMENTS (vacc_columns) == N_VACC_COLS);
G_STATIC_ASSERT (N_VACC_COLS == 2 + GB_VACCINATION_N_FIELDS);
G_STATIC_ASSERT (N_VACC_COLS <= MAX_COLS);

static int
find_column (const Column *cols,
             guint         n_cols,
             const char   *header)
{
  g_autofree char *h = g_ascii_strdown (g_strstrip (g_strdup (header)), -1);

  for (guint i = 0; i < n_cols; i++)
    {
      if (g_str_equal (h, cols[i].name))
        return i;
      for (guint a = 0; cols[i].aliases[a] != NULL; a++)
        if (g_str_equal (h, cols[i].aliases[a]))
          return i;
    }
  return -1;
}

/* Parses one count; "" means absent (-1). */
static gboolean
parse_count (const char  *text,
             gint64      *out,
             const char  *where,
             const char  *column,
             GError     **error)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  gint64 value;

  if (*t == '\0')
    {
      *out = -1;
      return TRUE;
    }
  if (t[0] == '-' && g_ascii_string_to_signed (t, 10, G_MININT64, -1, &value, NULL))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: %s is negative (%s)", where, column, t);
      return FALSE;
    }
  /* Integral floats ("12.0") come out of spreadsheets; accept them, refuse fractions. */
  if (!g_ascii_string_to_signed (t, 10, 0, G_MAXINT64, &value, NULL))
    {
      double d;
      char *end = NULL;

      d = g_ascii_strtod (t, &end);
      /* The range first: a double past 2^63 has no gint64 to compare with (UBSan). */
      if (end == NULL || *end != '\0' || !(d >= 0 && d <= GB_MAX_COUNT) || d != (double) (gint64) d)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: %s “%s” is not a whole number ≥ 0",
                       where, column, t);
          return FALSE;
        }
      value = (gint64) d;
    }
  if (value > GB_MAX_COUNT)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: %s %s is more than %d: not a count of people",
                   where, column, t, GB_MAX_COUNT);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static void
prefix_where (GError     **error,
              const char  *where)
{
  if (where != NULL)
    g_prefix_error (error, "%s: ", where);
}

/**
 * gb_series_columns:
 * @n_columns: (out): how many
 *
 * Returns: the columns of @kind's rows: unit_code, date, then the counts
 */
const GbSeriesColumn *
gb_series_columns (GbSeriesKind  kind,
                   guint        *n_columns)
{
  *n_columns = kind == GB_SERIES_CASES ? N_CASE_COLS : N_VACC_COLS;
  return kind == GB_SERIES_CASES ? case_columns : vacc_columns;
}

/* Within each group, no more people with a dose than live there, no more with the second
 * than with the first, no more with a booster than with the second. */
static gboolean
check_vaccination (GbVaccination  *v,
                   GError        **error)
{
  static const char *groups[] = { "18+", "65+", "12-17", "5-11" };

  for (int g = 0; g < GB_N_AGE_GROUPS; g++)
    {
      gint64 before = *gb_vaccination_count (v, g, -1);

      for (int d = 0; d < GB_N_DOSES; d++)
        {
          gint64 n = *gb_vaccination_count (v, g, d);

          if (n >= 0 && before >= 0 && n > before)
            {
              if (d == GB_DOSE_1)
                g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                             "more people vaccinated than the population (%s: %s)", groups[g],
                             gb_vaccination_field_name (g, d));
              else
                g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                             "more people vaccinated with %s than with the dose before it (%s)",
                             gb_vaccination_field_name (g, d), groups[g]);
              return FALSE;
            }
          if (n >= 0)
            before = n;
        }
    }
  return TRUE;
}

/**
 * gb_series_put_counts:
 * @n: the counts, indexed by column (entries 0 and 1, unit and date, unused); -1 when absent
 *
 * Checks the counts against each other (community and quarantine make new_cases, no more
 * people vaccinated than live there) and writes one day of one unit. A message about the
 * counts starts with @where; with @where %NULL the caller adds it (g_prefix_error()), so a
 * large import builds it only for the row that fails.
 */
gboolean
gb_series_put_counts (GbStore        *store,
                      GbSeriesKind    kind,
                      const char     *unit,
                      const char     *date,
                      const gint64   *n,
                      gboolean        simulated,
                      const char     *where,
                      GError        **error)
{
  if (kind == GB_SERIES_CASES)
    {
      GbCaseReport r;

      gb_case_report_init (&r);
      g_strlcpy (r.unit_code, unit, sizeof r.unit_code);
      g_strlcpy (r.date, date, sizeof r.date);
      if (n[C_COMMUNITY] < 0 && n[C_QUARANTINE] < 0 && n[C_NEW] < 0)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "no case count (community, quarantine or new_cases)");
          prefix_where (error, where);
          return FALSE;
        }
      r.community = MAX (n[C_COMMUNITY], 0);
      r.quarantine = MAX (n[C_QUARANTINE], 0);
      /* A bare total with no split counts as community cases: the cautious reading for levels. */
      if (n[C_NEW] >= 0)
        {
          if (n[C_COMMUNITY] >= 0 && n[C_QUARANTINE] < 0)
            r.quarantine = MAX (n[C_NEW] - r.community, 0);
          else if (n[C_COMMUNITY] < 0 && n[C_QUARANTINE] >= 0)
            r.community = MAX (n[C_NEW] - r.quarantine, 0);
          else if (n[C_COMMUNITY] < 0 && n[C_QUARANTINE] < 0)
            r.community = n[C_NEW];
          if (r.community + r.quarantine != n[C_NEW])
            {
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                           "community + quarantine (%" G_GINT64_FORMAT ") differs from new_cases (%" G_GINT64_FORMAT ")",
                           r.community + r.quarantine, n[C_NEW]);
              prefix_where (error, where);
              return FALSE;
            }
        }
      r.unknown_source = MAX (n[C_UNKNOWN], 0);
      if (r.unknown_source > r.community)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "unknown_source is larger than the community cases");
          prefix_where (error, where);
          return FALSE;
        }
      r.deaths = n[C_DEATHS];
      r.recovered = n[C_RECOVERED];
      r.tests = n[C_TESTS];
      r.simulated = simulated;
      return gb_store_put_case_report (store, &r, error);
    }
  else
    {
      GbVaccination v;
      const GbVaccinationField *fields = gb_vaccination_fields ();

      gb_vaccination_init (&v);
      g_strlcpy (v.unit_code, unit, sizeof v.unit_code);
      g_strlcpy (v.date, date, sizeof v.date);
      for (guint i = 0; i < GB_VACCINATION_N_FIELDS; i++)
        G_STRUCT_MEMBER (gint64, &v, fields[i].offset) = n[2 + i];
      v.simulated = simulated;
      if (!check_vaccination (&v, error))
        {
          prefix_where (error, where);
          return FALSE;
        }
      return gb_store_put_vaccination (store, &v, error);
    }
}

/* Applies one row of text values (indexed by column id; NULL = column absent). */
static gboolean
apply_row (GbStore       *store,
           GbSeriesKind   kind,
           const char   **values,
           const char    *default_unit,
           gboolean       simulated,
           const char    *where,
           GError       **error)
{
  const Column *cols = kind == GB_SERIES_CASES ? case_columns : vacc_columns;
  const char *unit = values[0] && *values[0] ? values[0] : default_unit;
  const char *date = values[1];
  gint64 n[MAX_COLS];
  guint n_cols = kind == GB_SERIES_CASES ? N_CASE_COLS : N_VACC_COLS;
  g_autofree char *unit_clean = g_strstrip (g_strdup (unit ? unit : ""));
  g_autofree char *date_clean = g_strstrip (g_strdup (date ? date : ""));
  if (*unit_clean == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   "%s: no unit code (add a unit_code column or name the unit with --unit)", where);
      return FALSE;
    }
  if (strlen (unit_clean) >= 16)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: the unit code “%s” is too long", where, unit_clean);
      return FALSE;
    }
  if (!gb_date_is_valid_iso (date_clean))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: the date “%s” is not a valid YYYY-MM-DD date",
                   where, date_clean);
      return FALSE;
    }
  if (!gb_store_unit_exists (store, unit_clean))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, "%s: no unit has the code %s (import its boundaries first)",
                   where, unit_clean);
      return FALSE;
    }
  for (guint c = 2; c < n_cols; c++)
    if (!parse_count (values[c], &n[c], where, cols[c].name, error))
      return FALSE;

  return gb_series_put_counts (store, kind, unit_clean, date_clean, n, simulated, where, error);
}

static gboolean
import_csv (GbStore       *store,
            GbSeriesKind   kind,
            const char    *name,
            GBytes        *bytes,
            const char    *default_unit,
            gboolean       simulated,
            guint         *n_rows,
            GError       **error)
{
  const Column *cols = kind == GB_SERIES_CASES ? case_columns : vacc_columns;
  guint n_cols = kind == GB_SERIES_CASES ? N_CASE_COLS : N_VACC_COLS;
  g_autoptr(GbCsvReader) reader = gb_csv_reader_new (name, bytes, error);
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (int));
  GPtrArray *fields;
  GError *local_error = NULL;
  guint rows = 0;
  gboolean seen[MAX_COLS] = { 0 };

  if (reader == NULL)
    return FALSE;
  if (!gb_csv_reader_next (reader, &fields, &local_error))
    {
      if (local_error)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: the file is empty", name);
      return FALSE;
    }
  for (guint i = 0; i < fields->len; i++)
    {
      int c = find_column (cols, n_cols, g_ptr_array_index (fields, i));

      if (c < 0)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s:1: unknown column “%s”", name,
                       (const char *) g_ptr_array_index (fields, i));
          return FALSE;
        }
      if (seen[c])
        {
          g_set_error (error, GB_ERROR, GB_ERROR_DUPLICATE, "%s:1: the column “%s” appears twice", name, cols[c].name);
          return FALSE;
        }
      seen[c] = TRUE;
      g_array_append_val (map, c);
    }
  if (!seen[1])
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s:1: there is no “date” column", name);
      return FALSE;
    }

  while (gb_csv_reader_next (reader, &fields, &local_error))
    {
      const char *values[MAX_COLS] = { NULL };
      g_autofree char *where = g_strdup_printf ("%s:%u", name, gb_csv_reader_get_line (reader));

      if (fields->len != map->len)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: %u fields where the header has %u",
                       where, fields->len, map->len);
          return FALSE;
        }
      for (guint i = 0; i < fields->len; i++)
        values[g_array_index (map, int, i)] = g_ptr_array_index (fields, i);
      if (!apply_row (store, kind, values, default_unit, simulated, where, error))
        return FALSE;
      rows++;
    }
  if (local_error)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (n_rows)
    *n_rows = rows;
  return TRUE;
}

static gboolean
import_json (GbStore       *store,
             GbSeriesKind   kind,
             const char    *name,
             GBytes        *bytes,
             const char    *default_unit,
             gboolean       simulated,
             guint         *n_rows,
             GError       **error)
{
  const Column *cols = kind == GB_SERIES_CASES ? case_columns : vacc_columns;
  guint n_cols = kind == GB_SERIES_CASES ? N_CASE_COLS : N_VACC_COLS;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GPtrArray) flaws = NULL;

  /* Well-formed, but json-glib would cut a text at its NUL, store half a surrogate pair or
   * keep the last of two members of one name: the rows are refused, naming where. */
  if (gb_json_check_flaws (data, len, GB_JSON_CHECK_MAX_DEPTH, GB_JSON_CHECK_MAX_FILE, &flaws, &local_error) &&
      flaws->len > 0)
    {
      const GbJsonFlaw *flaw = flaws->pdata[0];

      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: %s: %s", name, flaw->path, flaw->reason);
      return FALSE;
    }
  if (local_error != NULL || !json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: malformed JSON: %s", name, local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_ARRAY (root))
    array = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *obj = json_node_get_object (root);
      const char *key = kind == GB_SERIES_CASES ? "cases" : "vaccinations";

      if (json_object_has_member (obj, key) && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, key)))
        array = json_object_get_array_member (obj, key);
      else if (json_object_has_member (obj, "rows") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "rows")))
        array = json_object_get_array_member (obj, "rows");
    }
  if (array == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   "%s: expected an array of rows (or an object with “%s” or “rows”)", name,
                   kind == GB_SERIES_CASES ? "cases" : "vaccinations");
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s: row %u", name, i + 1);
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
      const char *values[MAX_COLS] = { NULL };
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: not an object", where);
          return FALSE;
        }
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        {
          int c = find_column (cols, n_cols, member);
          char *text;

          if (c < 0)
            {
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: unknown field “%s”", where, member);
              return FALSE;
            }
          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!JSON_NODE_HOLDS_VALUE (value))
            {
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: “%s” is not a single value", where, member);
              return FALSE;
            }
          switch (json_node_get_value_type (value))
            {
            case G_TYPE_STRING:
              text = g_strdup (json_node_get_string (value));
              break;
            case G_TYPE_INT64:
              text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
              break;
            case G_TYPE_DOUBLE:
              text = g_malloc (G_ASCII_DTOSTR_BUF_SIZE);
              g_ascii_dtostr (text, G_ASCII_DTOSTR_BUF_SIZE, json_node_get_double (value));
              break;
            default:
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: “%s” has the wrong type", where, member);
              return FALSE;
            }
          g_ptr_array_add (owned, text);
          values[c] = text;
        }
      if (!apply_row (store, kind, values, default_unit, simulated, where, error))
        return FALSE;
    }
  if (n_rows)
    *n_rows = json_array_get_length (array);
  return TRUE;
}

/* Text has no control characters but tab, line feed and carriage return. */
static gboolean
has_control_bytes (const char *data,
                   gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = data[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        return TRUE;
    }
  return FALSE;
}

/**
 * gb_series_import_bytes:
 *
 * Imports every row in one transaction; the first bad row stops the import with a message
 * naming the file and line (or row), and the database stays as it was.
 */
gboolean
gb_series_import_bytes (GbStore       *store,
                        GbSeriesKind   kind,
                        const char    *name,
                        GBytes        *bytes,
                        const char    *default_unit,
                        gboolean       simulated,
                        guint         *n_rows,
                        GError       **error)
{
  return gb_series_import_bytes_full (store, kind, name, bytes, default_unit, simulated, FALSE, n_rows, error);
}

/**
 * gb_series_import_bytes_full:
 * @dry_run: check every row (writing them inside the transaction), then roll back
 *
 * As gb_series_import_bytes().
 */
gboolean
gb_series_import_bytes_full (GbStore       *store,
                             GbSeriesKind   kind,
                             const char    *name,
                             GBytes        *bytes,
                             const char    *default_unit,
                             gboolean       simulated,
                             gboolean       dry_run,
                             guint         *n_rows,
                             GError       **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  gsize i = 0;
  gboolean ok;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (data == NULL || len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: the file is empty", name);
      return FALSE;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate_len (data, len, NULL) || has_control_bytes (data, len))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: not a text file (CSV or JSON expected)", name);
      return FALSE;
    }
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (data[i]))
    i++;

  if (!gb_store_begin (store, error))
    return FALSE;
  if (i < len && (data[i] == '[' || data[i] == '{'))
    ok = import_json (store, kind, name, bytes, default_unit, simulated, n_rows, error);
  else
    ok = import_csv (store, kind, name, bytes, default_unit, simulated, n_rows, error);
  if (!ok || dry_run)
    {
      gb_store_rollback (store);
      return ok;
    }
  return gb_store_commit (store, error);
}

gboolean
gb_series_import_file (GbStore       *store,
                       GbSeriesKind   kind,
                       const char    *path,
                       const char    *default_unit,
                       guint         *n_rows,
                       GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, error);

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (bytes == NULL)
    return FALSE;
  return gb_series_import_bytes (store, kind, path, bytes, default_unit, FALSE, n_rows, error);
}
