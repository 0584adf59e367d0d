/* gb-table-import-dhis2.c — DHIS2 dataValueSets, JSON ({"dataValues": [...]}) or CSV
 * (dataelement,period,orgunit,categoryoptioncombo,…,value), with --map DATAELEMENT=FIELD
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A data element's values for one org unit and period are summed over category option combos
 * (DHIS2 splits a count by sex or age that way); the same combo twice is a duplicate.
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-json-check.h"
#include "gb-table-import-private.h"

typedef struct
{
  GbTableImport *self;
  GHashTable    *elements;   /* data element → field + 1 (0: not mapped, reported once) */
  GHashTable    *seen;       /* "de|pe|ou|coc" */
} Dhis2;

static int
element_field (Dhis2              *d,
               const char         *element,
               const char * const *map)
{
  gpointer value;
  int field = GB_FIELD_NONE;

  if (g_hash_table_lookup_extended (d->elements, element, NULL, &value))
    return GPOINTER_TO_INT (value) - 1;
  for (guint i = 0; map != NULL && map[i] != NULL; i++)
    {
      const char *eq = strrchr (map[i], '=');

      if (eq != NULL && (gsize) (eq - map[i]) == strlen (element) && strncmp (map[i], element, eq - map[i]) == 0)
        field = gb_table_field_from_name (d->self->kind, eq + 1);
    }
  if (field == GB_FIELD_NONE)
    field = gb_table_field_for_header (d->self->kind, element);
  if (field == GB_FIELD_NONE || field < 2 || field >= GB_FIELD_UNIT_NAME)
    field = field == GB_FIELD_IGNORE ? GB_FIELD_IGNORE : GB_FIELD_NONE;
  g_hash_table_insert (d->elements, g_strdup (element), GINT_TO_POINTER (field + 1));
  {
    GbTableColumn *column = g_new0 (GbTableColumn, 1);

    column->letter = g_strdup (element);
    column->header = g_strdup (element);
    column->field = g_strdup (gb_table_field_name (d->self->kind, field));
    g_ptr_array_add (d->self->columns, column);
  }
  if (field == GB_FIELD_NONE)
    gb_table_import_add_problem (d->self, NULL, 0, -1, NULL,
                                 "the data element “%s” is not mapped; add --map “%s=FIELD” (or =ignore)",
                                 element, element);
  return field;
}

static int
combo_field (Dhis2      *d,
             const char *element,
             const char *combo,
             int         field)
{
  g_autofree char *key = NULL;
  gpointer value;
  int refined;
  GbTableColumn *column;

  if (combo == NULL || *combo == '\0' || d->self->kind != GB_SERIES_VACCINATIONS)
    return field;
  key = g_strdup_printf ("%s\x1f%s", element, combo);
  if (g_hash_table_lookup_extended (d->elements, key, NULL, &value))
    return GPOINTER_TO_INT (value) - 1;
  refined = gb_table_field_refined (d->self->kind, field, combo);
  g_hash_table_insert (d->elements, g_strdup (key), GINT_TO_POINTER (refined + 1));
  if (refined != field)
    {
      column = g_new0 (GbTableColumn, 1);
      column->letter = g_strdup_printf ("%s / %s", element, combo);
      column->header = g_strdup (column->letter);
      column->field = g_strdup (gb_table_field_name (d->self->kind, refined));
      g_ptr_array_add (d->self->columns, column);
    }
  return refined;
}

/* "20211011" or "2021-10-11": daily periods only. */
static char *
period_date (const char *period)
{
  if (period != NULL && strlen (period) == 8)
    {
      g_autofree char *iso = g_strdup_printf ("%.4s-%.2s-%.2s", period, period + 4, period + 6);

      if (gb_date_is_valid_iso (iso))
        return g_steal_pointer (&iso);
    }
  return gb_date_is_valid_iso (period) ? g_strdup (period) : NULL;
}

/* An org unit as a GSO code (an export with idScheme=CODE), else as a name. */
static gboolean
is_digits (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return *text != '\0';
}

static void
add_value (Dhis2              *d,
           guint               row,
           const char         *element,
           const char         *period,
           const char         *org_unit,
           const char         *combo,
           const char         *value,
           const char * const *map)
{
  GbTableImport *self = d->self;
  g_autofree char *date = period_date (period);
  g_autofree char *key = g_strdup_printf ("%s|%s|%s|%s", element, period, org_unit, combo ? combo : "");
  g_autofree char *why = NULL;
  const char *unit;
  int field;
  gint64 n;
  GbTableRecord *record;

  self->n_rows++;
  if ((field = element_field (d, element ? element : "", map)) < 0)
    return;
  if (date == NULL)
    {
      gb_table_import_add_problem (self, NULL, row, -1, NULL, "the period “%s” is not a day (yyyyMMdd)", period);
      return;
    }
  if (!gb_table_check_date (self, date, &why) ||
      (unit = gb_unit_matcher_find (self->matcher, is_digits (org_unit) ? org_unit : NULL,
                                    is_digits (org_unit) ? NULL : org_unit, NULL, &why)) == NULL ||
      !gb_table_parse_count (value ? value : "", &n, &why))
    {
      gb_table_import_add_problem (self, NULL, row, -1, NULL, "%s", why);
      return;
    }
  /* A combo that names an age group or a dose ("12-17 tuổi, Mũi 2") splits the element;
   * other combos (sex, "default") are summed. */
  field = combo_field (d, element, combo, field);
  if (!g_hash_table_add (d->seen, g_steal_pointer (&key)))
    {
      gb_table_import_add_problem (self, NULL, row, -1, NULL, "%s for %s on %s comes twice", element, org_unit, period);
      return;
    }
  record = gb_table_import_record (self, NULL, unit, date, row, TRUE);
  record->n[field] = MAX (record->n[field], 0) + n;
}

gboolean
gb_table_import_read_dhis2 (GbTableImport              *self,
                            GBytes                     *bytes,
                            const GbTableImportOptions *options,
                            GError                    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) elements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Dhis2 d = { self, elements, seen };
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;
  JsonObject *set;
  JsonArray *values;

  if (!gb_json_check (data, len, GB_JSON_CHECK_MAX_DEPTH, GB_JSON_CHECK_MAX_FILE, &local_error) ||
      !json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: malformed JSON: %s", self->name, local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) || (set = json_node_get_object (root)) == NULL ||
      !json_object_has_member (set, "dataValues") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (set, "dataValues")))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, "%s: not a DHIS2 dataValueSet", self->name);
      return FALSE;
    }
  self->layout = GB_TABLE_LAYOUT_DHIS2;
  values = json_object_get_array_member (set, "dataValues");
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonNode *node = json_array_get_element (values, i);
      JsonObject *v = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *period, *org_unit;

      if (v == NULL)
        {
          gb_table_import_add_problem (self, NULL, i + 1, -1, NULL, "not an object");
          continue;
        }
      if (json_object_get_boolean_member_with_default (v, "deleted", FALSE))
        continue;
      period = json_object_get_string_member_with_default (v, "period", json_object_get_string_member_with_default (set, "period", NULL));
      org_unit = json_object_get_string_member_with_default (v, "orgUnit", json_object_get_string_member_with_default (set, "orgUnit", ""));
      add_value (&d, i + 1, json_object_get_string_member_with_default (v, "dataElement", ""), period, org_unit,
                 json_object_get_string_member_with_default (v, "categoryOptionCombo", NULL),
                 json_object_get_string_member_with_default (v, "value", NULL), options->map);
    }
  return TRUE;
}

static int
csv_column (GbSheet    *sheet,
            const char *name)
{
  for (guint c = 0; c < gb_sheet_get_n_columns (sheet); c++)
    {
      GbCell cell;

      gb_sheet_get_cell (sheet, 0, c, &cell);
      if (cell.type == GB_CELL_TEXT && g_ascii_strcasecmp (cell.text, name) == 0)
        return c;
    }
  return -1;
}

gboolean
gb_table_import_is_dhis2_csv (GbWorkbook *book)
{
  GbSheet *sheet = g_ptr_array_index (book->sheets, 0);

  return g_strcmp0 (book->format, "CSV") == 0 && gb_sheet_get_n_rows (sheet) > 0 &&
         csv_column (sheet, "dataelement") >= 0 && csv_column (sheet, "period") >= 0 &&
         csv_column (sheet, "orgunit") >= 0 && csv_column (sheet, "value") >= 0;
}

gboolean
gb_table_import_read_dhis2_csv (GbTableImport              *self,
                                GbWorkbook                 *book,
                                const GbTableImportOptions *options,
                                GError                    **error)
{
  GbSheet *sheet = g_ptr_array_index (book->sheets, 0);
  g_autoptr(GHashTable) elements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Dhis2 d = { self, elements, seen };
  int de = csv_column (sheet, "dataelement"), pe = csv_column (sheet, "period");
  int ou = csv_column (sheet, "orgunit"), value = csv_column (sheet, "value");
  int coc = csv_column (sheet, "categoryoptioncombo"), deleted = csv_column (sheet, "deleted");

  if (coc < 0)
    coc = csv_column (sheet, "catoptcombo");
  self->layout = GB_TABLE_LAYOUT_DHIS2;
  self->header_row = gb_sheet_get_row_number (sheet, 0);
  for (guint r = 1; r < gb_sheet_get_n_rows (sheet); r++)
    {
      GbCell cells[6];
      int index[6] = { de, pe, ou, value, coc, deleted };

      for (guint i = 0; i < 6; i++)
        {
          memset (&cells[i], 0, sizeof cells[i]);
          if (index[i] >= 0)
            gb_sheet_get_cell (sheet, r, index[i], &cells[i]);
        }
      if (cells[5].type == GB_CELL_TEXT && g_ascii_strcasecmp (cells[5].text, "true") == 0)
        continue;
      add_value (&d, gb_sheet_get_row_number (sheet, r), cells[0].text ? cells[0].text : "", cells[1].text,
                 cells[2].text ? cells[2].text : "", cells[4].text, cells[3].text, options->map);
    }
  return TRUE;
}
