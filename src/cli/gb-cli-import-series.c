/* gb-cli-import-series.c — import-cases and import-vaccinations: spreadsheets, CSV, DHIS2
 * dataValueSets and the series JSON, with the detected table and its checks shown first
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>

#include "gb-cli.h"
#include "gb-store-review.h"
#include "gb-series-import-private.h"
#include "gb-table-import.h"

typedef struct
{
  char     *unit;
  char     *sheet;
  char    **map;
  gboolean  dry_run;
  gboolean  json;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->unit);
  g_free (o->sheet);
  g_strfreev (o->map);
}

static const char *
layout_text (GbTableLayout layout)
{
  switch (layout)
    {
    case GB_TABLE_LAYOUT_WIDE:
      return _("wide (one row per unit, one column per date)");
    case GB_TABLE_LAYOUT_DHIS2:
      return _("DHIS2 dataValueSet (one value per line)");
    case GB_TABLE_LAYOUT_LONG:
    default:
      return _("long (one row per unit and day)");
    }
}

static void
print_text (GbTableImport *table,
            const char    *path)
{
  GPtrArray *columns = gb_table_import_get_columns (table);
  GPtrArray *problems = gb_table_import_get_problems (table);
  GPtrArray *skipped = gb_table_import_get_skipped (table);
  guint n_problems = gb_table_import_get_n_problems (table);

  g_print (_("File: %s (%s%s%s)\n"), path, gb_table_import_get_format (table),
           gb_table_import_get_encoding (table) ? ", " : "",
           gb_table_import_get_encoding (table) ? gb_table_import_get_encoding (table) : "");
  if (gb_table_import_get_sheet (table) != NULL)
    g_print (_("Sheet: %s (%u in the workbook)\n"), gb_table_import_get_sheet (table),
             gb_table_import_get_sheets (table)->len);
  if (gb_table_import_get_header_row (table) > 0)
    g_print (_("Header row: %u\n"), gb_table_import_get_header_row (table));
  g_print (_("Layout: %s\n"), layout_text (gb_table_import_get_layout (table)));
  if (gb_table_import_get_wide_field (table) != NULL)
    g_print (_("Values: %s\n"), gb_table_import_get_wide_field (table));
  g_print (_("Columns:\n"));
  for (guint i = 0; i < columns->len; i++)
    {
      GbTableColumn *c = g_ptr_array_index (columns, i);

      glong width = g_utf8_strlen (c->header, -1);

      /* Padded by characters, not bytes: Vietnamese headers are mostly multi-byte. */
      g_print ("  %-4s %s%*s → %s\n", c->letter, c->header, (int) MAX (32 - width, 0), "",
               c->field ? c->field : _("(unknown)"));
    }
  g_print (_("Rows: %u read, %u days of %u units"), gb_table_import_get_n_rows (table),
           gb_table_import_get_n_records (table), gb_table_import_get_n_units (table));
  if (gb_table_import_get_first_date (table) != NULL)
    g_print (_(", %s to %s"), gb_table_import_get_first_date (table), gb_table_import_get_last_date (table));
  g_print ("\n");
  for (guint i = 0; i < skipped->len; i++)
    {
      GbTableProblem *s = g_ptr_array_index (skipped, i);

      g_print (_("Skipped row %u: %s\n"), s->row, s->message);
    }
  if (n_problems == 0)
    g_print (_("Validation: no problems\n"));
  else
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "Validation: %u problem\n", "Validation: %u problems\n", n_problems),
               n_problems);
      for (guint i = 0; i < problems->len; i++)
        g_print ("  %s\n", ((GbTableProblem *) g_ptr_array_index (problems, i))->message);
      if (n_problems > problems->len)
        g_print (_("  … and %u more\n"), n_problems - problems->len);
    }
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
print_builder (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

static void
add_problems (JsonBuilder *b,
              const char  *member,
              GPtrArray   *list)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      GbTableProblem *p = g_ptr_array_index (list, i);

      json_builder_begin_object (b);
      add_string (b, "sheet", p->sheet);
      add_int (b, "row", p->row);
      add_string (b, "column", p->column);
      add_string (b, "message", p->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
print_json (GbTableImport *table,
            const char    *path,
            gboolean       imported,
            gboolean       dry_run)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GPtrArray *columns = gb_table_import_get_columns (table);

  json_builder_begin_object (b);
  add_string (b, "file", path);
  add_string (b, "format", gb_table_import_get_format (table));
  add_string (b, "encoding", gb_table_import_get_encoding (table));
  add_string (b, "sheet", gb_table_import_get_sheet (table));
  add_int (b, "header_row", gb_table_import_get_header_row (table));
  add_string (b, "layout", gb_table_layout_to_string (gb_table_import_get_layout (table)));
  add_string (b, "values", gb_table_import_get_wide_field (table));
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint i = 0; i < columns->len; i++)
    {
      GbTableColumn *c = g_ptr_array_index (columns, i);

      json_builder_begin_object (b);
      add_string (b, "column", c->letter);
      add_string (b, "header", c->header);
      add_string (b, "field", c->field);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_int (b, "rows", gb_table_import_get_n_rows (table));
  add_int (b, "records", gb_table_import_get_n_records (table));
  add_int (b, "units", gb_table_import_get_n_units (table));
  /* Values far outside their unit's range wait in the review queue (giaoban-cli review). */
  add_int (b, "held", gb_table_import_get_n_held (table));
  add_string (b, "first_date", gb_table_import_get_first_date (table));
  add_string (b, "last_date", gb_table_import_get_last_date (table));
  add_problems (b, "skipped", gb_table_import_get_skipped (table));
  add_int (b, "n_problems", gb_table_import_get_n_problems (table));
  add_problems (b, "problems", gb_table_import_get_problems (table));
  json_builder_set_member_name (b, "dry_run");
  json_builder_add_boolean_value (b, dry_run);
  json_builder_set_member_name (b, "imported");
  json_builder_add_boolean_value (b, imported);
  json_builder_end_object (b);
  print_builder (b);
}

/* The last line: what was imported, and how many values wait for review. */
static void
print_done (guint       n,
            guint       held,
            const char *path,
            gboolean    dry_run)
{
  g_autofree char *done = NULL;

  if (dry_run)
    done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Checked %u row of %s; nothing was written (--dry-run)\n",
                                         "Checked %u rows of %s; nothing was written (--dry-run)\n", n), n, path);
  else
    done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u row from %s\n", "Imported %u rows from %s\n", n),
                            n, path);
  if (held == 0)
    {
      g_print ("%s", done);
      return;
    }
  g_strchomp (done);
  /* TRANSLATORS: %s says what was imported (or checked) */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%s, %u held for review", "%s, %u held for review", held), done, held);
  g_print ("\n");
}

/* The series JSON of earlier versions: no table to show, the same one transaction. */
static int
import_series_json (GbStore      *store,
                    GbSeriesKind  kind,
                    const char   *path,
                    GBytes       *bytes,
                    Options      *o)
{
  g_autoptr(GError) error = NULL;
  gint64 mark = gb_store_review_mark (store);
  guint n = 0, held;

  if (o->sheet != NULL || o->map != NULL)
    {
      gb_cli_error (_("--sheet and --map apply to tables, not to a JSON series"));
      return 2;
    }
  if (!gb_series_import_bytes_full (store, kind, path, bytes, o->unit, FALSE, o->dry_run, &n, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  /* A dry run left nothing to count. */
  held = o->dry_run ? 0 : (guint) gb_store_review_count_since (store, mark);
  if (o->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "file", path);
      add_string (b, "format", "JSON");
      add_int (b, "records", n);
      add_int (b, "held", held);
      add_int (b, "n_problems", 0);
      json_builder_set_member_name (b, "dry_run");
      json_builder_add_boolean_value (b, o->dry_run);
      json_builder_set_member_name (b, "imported");
      json_builder_add_boolean_value (b, !o->dry_run);
      json_builder_end_object (b);
      print_builder (b);
    }
  else
    print_done (n, held, path, o->dry_run);
  return 0;
}

static void
progress_cb (double   fraction,
             gpointer data)
{
  /* Large files take seconds: say how far, on a terminal only. */
  if (GPOINTER_TO_INT (data))
    fprintf (stderr, "\r%3.0f %%%s", fraction * 100, fraction >= 1 ? "\r      \r" : "");
}

static int
import_table (GbStore      *store,
              GbSeriesKind  kind,
              const char   *path,
              GBytes       *bytes,
              Options      *o)
{
  GbTableImportOptions options = { o->sheet, (const char * const *) o->map, o->unit, NULL, NULL };
  g_autoptr(GbTableImport) table = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if ((table = gb_table_import_read (store, kind, path, bytes, &options, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  ok = gb_table_import_apply (table, store, o->dry_run, progress_cb, GINT_TO_POINTER (isatty (2) && !o->json),
                              &error);
  if (o->json)
    print_json (table, path, ok && !o->dry_run, o->dry_run);
  else
    print_text (table, path);
  if (!ok)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if (!o->json)
    print_done (gb_table_import_get_n_records (table), gb_table_import_get_n_held (table), path, o->dry_run);
  return 0;
}

static int
import_file (GbCliContext  *ctx,
             GbSeriesKind   kind,
             const char    *command,
             int            argc,
             char         **argv)
{
  Options o = { NULL };
  GOptionEntry entries[] = {
    { "unit", 0, 0, G_OPTION_ARG_STRING, &o.unit, N_("Unit code for files without a unit column"), "CODE" },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &o.sheet, N_("The sheet to read (else the first holding a table)"), "NAME" },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.map,
      N_("What a column holds: a header or a letter, then a field (repeatable; values=FIELD for a table with dates "
         "across; a DHIS2 data element=FIELD)"), "COLUMN=FIELD" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &o.dry_run, N_("Check everything, write nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print the detected table and the checks as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GbStore *store;
  int status;

  if (!gb_cli_parse (command, "FILE",
                     kind == GB_SERIES_CASES
                       ? _("Import daily case reports from a spreadsheet (XLSX, ODS, XLS), CSV (comma, semicolon or "
                           "tab; UTF-8 or Windows-1258), a DHIS2 dataValueSet (JSON or CSV) or the JSON series. "
                           "Headers in Vietnamese or English are recognised, units matched by GSO code or name; "
                           "the table found and every problem are printed first. The whole file is one "
                           "transaction: one problem and nothing is written. See docs/data-formats.md.")
                       : _("Import daily vaccination from a spreadsheet (XLSX, ODS, XLS), CSV (comma, semicolon or "
                           "tab; UTF-8 or Windows-1258), a DHIS2 dataValueSet (JSON or CSV) or the JSON series. "
                           "Headers in Vietnamese or English are recognised, units matched by GSO code or name; "
                           "the table found and every problem are printed first. The whole file is one "
                           "transaction: one problem and nothing is written. See docs/data-formats.md."),
                     entries, &argc, &argv))
    {
      options_clear (&o);
      return 2;
    }
  if (argc != 2)
    {
      gb_cli_error (_("%s needs exactly one FILE"), command);
      options_clear (&o);
      return 2;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  if ((bytes = g_file_load_bytes (file, NULL, NULL, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      options_clear (&o);
      return 1;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    status = 1;
  else if (gb_table_import_is_series_json (bytes))
    status = import_series_json (store, kind, argv[1], bytes, &o);
  else
    status = import_table (store, kind, argv[1], bytes, &o);
  options_clear (&o);
  return status;
}

int
gb_cli_import_cases (GbCliContext  *ctx,
                     int            argc,
                     char         **argv)
{
  return import_file (ctx, GB_SERIES_CASES, "import-cases", argc, argv);
}

int
gb_cli_import_vaccinations (GbCliContext  *ctx,
                            int            argc,
                            char         **argv)
{
  return import_file (ctx, GB_SERIES_VACCINATIONS, "import-vaccinations", argc, argv);
}
