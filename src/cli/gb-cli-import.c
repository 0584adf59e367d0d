/* gb-cli-import.c — info and the import commands
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gb-cli.h"
#include "gb-geojson-import.h"

int
gb_cli_info (GbCliContext  *ctx,
             int            argc,
             char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  GbStore *store;

  if (!gb_cli_parse ("info", "", _("Show the database path, its schema version and the rows in each table."),
                     entries, &argc, &argv))
    return 2;
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if ((counts = gb_store_table_counts (store, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  gb_store_get_date_range (store, &first, &last);

  if (json)
    {
      g_print ("{\"database\": \"%s\", \"schema_version\": %d, \"first_date\": %s%s%s, \"last_date\": %s%s%s, \"tables\": {",
               gb_store_get_path (store), gb_store_get_schema_version (store),
               first ? "\"" : "", first ? first : "null", first ? "\"" : "",
               last ? "\"" : "", last ? last : "null", last ? "\"" : "");
      for (guint i = 0; i < counts->len; i++)
        {
          GbTableCount *c = g_ptr_array_index (counts, i);
          g_print ("%s\"%s\": %" G_GINT64_FORMAT, i ? ", " : "", c->name, c->rows);
        }
      g_print ("}}\n");
      return 0;
    }

  g_print (_("Database: %s\n"), gb_store_get_path (store));
  g_print (_("Schema version: %d\n"), gb_store_get_schema_version (store));
  if (first != NULL)
    g_print (_("Case reports from %s to %s\n"), first, last);
  g_print ("\n%-28s %12s\n", _("Table"), _("Rows"));
  for (guint i = 0; i < counts->len; i++)
    {
      GbTableCount *c = g_ptr_array_index (counts, i);
      g_print ("%-28s %12" G_GINT64_FORMAT "\n", c->name, c->rows);
    }
  return 0;
}

int
gb_cli_import_boundaries (GbCliContext  *ctx,
                          int            argc,
                          char         **argv)
{
  g_autofree char *level = NULL;
  g_autofree char *code_prop = NULL;
  g_autofree char *name_prop = NULL;
  g_autofree char *parent_prop = NULL;
  g_autofree char *population_prop = NULL;
  GOptionEntry entries[] = {
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("Level of the units: province, district or commune"), "LEVEL" },
    { "code-prop", 0, 0, G_OPTION_ARG_STRING, &code_prop, N_("Property holding the GSO code"), "P" },
    { "name-prop", 0, 0, G_OPTION_ARG_STRING, &name_prop, N_("Property holding the name"), "P" },
    { "parent-prop", 0, 0, G_OPTION_ARG_STRING, &parent_prop, N_("Property holding the parent unit's code"), "P" },
    { "population-prop", 0, 0, G_OPTION_ARG_STRING, &population_prop, N_("Property holding the population"), "P" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  GbGeojsonMapping mapping;
  GbUnitLevel unit_level;
  GbStore *store;
  guint n = 0;

  if (!gb_cli_parse ("import-boundaries", "FILE",
                     _("Import administrative units with their boundaries from a GeoJSON FeatureCollection "
                       "of Polygons and MultiPolygons. The whole file is one transaction."),
                     entries, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      gb_cli_error (_("import-boundaries needs exactly one FILE"));
      return 2;
    }
  unit_level = gb_unit_level_from_string (level);
  if (unit_level == GB_UNIT_LEVEL_ANY)
    {
      gb_cli_error (_("--level must be province, district or commune"));
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;

  gb_geojson_mapping_init (&mapping, unit_level);
  mapping.code_prop = code_prop;
  mapping.name_prop = name_prop;
  mapping.parent_prop = parent_prop;
  mapping.population_prop = population_prop;
  if (!gb_geojson_import_file (store, argv[1], &mapping, &n, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u unit from %s\n", "Imported %u units from %s\n", n), n, argv[1]);
  return 0;
}
