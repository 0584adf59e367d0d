/* gb-cli-units.c — units over time: import-reform, units list|history|merge
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-cli.h"
#include "gb-date.h"
#include "gb-file.h"
#include "gb-national.h"
#include "gb-reform-import.h"
#include "gb-store-units-history.h"

int
gb_cli_import_reform (GbCliContext  *ctx,
                      int            argc,
                      char         **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autofree char *installed = NULL;
  GbReformReport report;
  GbStore *store;

  if (!gb_cli_parse ("import-reform", _("[FILE]"),
                     _("Load a reorganisation of units (as reform-2025-07-01.json): the new provinces and "
                       "communes, what each was made of, and the end of the old ones. Only the new units made "
                       "of units in the database are loaded. Without FILE, the reform of 1 July 2025 of the "
                       "installed national data."),
                     entries, &argc, &argv))
    return 2;
  if (argc > 2)
    {
      gb_cli_error (_("name one reform file"));
      return 2;
    }
  if (argc == 1 && (installed = gb_national_data_file ("reform-2025-07-01.json")) == NULL)
    {
      gb_cli_error (_("The national data files are not installed: name the reform file, or set "
                      "GIAOBAN_NATIONAL_DATA to their folder"));
      return 1;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if (!gb_reform_import_file (store, argc == 2 ? argv[1] : installed, &report, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  g_print (_("In force from %s: %u provinces and %u communes (%u links to the old units); "
             "%u old units ended; %u new units skipped (none of their old units is in the database).\n"),
           report.date, report.provinces, report.communes, report.links, report.ended, report.skipped);
  if (report.by_border + report.no_heir > 0)
    {
      g_autofree char *list = gb_reform_list_by_border (store, report.date, &error);

      g_print (_("%u communes the file gives no successor were given the one of the neighbour they share the "
                 "longest border with; %u have no neighbour and none.\n"), report.by_border, report.no_heir);
      if (list == NULL)
        {
          gb_cli_error ("%s", error->message);
          return 1;
        }
      g_print ("%s", list);
    }
  return 0;
}

int
gb_cli_import_national (GbCliContext  *ctx,
                        int            argc,
                        char         **argv)
{
  g_autofree char *province = NULL;
  g_autofree char *geojson = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *report_path = NULL;
  GOptionEntry entries[] = {
    { "province", 0, 0, G_OPTION_ARG_STRING, &province, N_("Only this province (GSO code, as 58)"), "CODE" },
    { "geojson", 0, 0, G_OPTION_ARG_FILENAME, &geojson, N_("The 2009 commune map (default: the installed national data)"), "FILE" },
    { "codes", 0, 0, G_OPTION_ARG_FILENAME, &codes, N_("The GSO list of 2021 (default: the installed national data)"), "FILE" },
    { "join-report", 0, 0, G_OPTION_ARG_FILENAME, &report_path, N_("Write the communes left out, with the reasons, to this file"), "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNationalJoin) join = NULL;
  g_autofree char *report = NULL;
  guint n = 0;
  GbStore *store;

  if (!gb_cli_parse ("import-national", "",
                     _("Load the units of the country (or of one province) keyed by GSO codes: the 2009 commune "
                       "map joined to the GSO list of 2021 by names, with the Hoàng Sa and Trường Sa island "
                       "districts. Prints the match rate and the communes left out with the reason."),
                     entries, &argc, &argv))
    return 2;
  geojson = geojson ? geojson : gb_national_data_file ("communes-vietnam-2009.geojson");
  codes = codes ? codes : gb_national_data_file ("admin-codes-2021-11-01.json");
  if (geojson == NULL || codes == NULL)
    {
      gb_cli_error (_("The national data files are not installed: give them with --geojson and --codes, or set "
                      "GIAOBAN_NATIONAL_DATA to their folder"));
      return 1;
    }
  /* Not gb_cli_context_get_store(): a new database gets these units, not the demo. */
  if (ctx->store == NULL && (ctx->store = gb_store_open (ctx->db_path, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  store = ctx->store;
  if ((join = gb_national_join (geojson, codes, province, &error)) == NULL ||
      !gb_national_load_units (store, join, &n, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if (!gb_national_join_neighbours (join, store, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if (province != NULL && join->provinces->len == 0)
    {
      gb_cli_error (_("no province has the GSO code %s"), province);
      return 1;
    }
  report = gb_national_join_report (join);
  if (report_path != NULL && !gb_file_write (report_path, report, strlen (report), &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  g_print (_("Joined %u of %u communes of 2009 to GSO codes (%.1f %%); %u left out.\n"), join->matched,
           join->features, join->features ? 100.0 * join->matched / join->features : 0.0, join->misses->len);
  /* The whole report: its first line also states the rule for those left out. */
  if (report_path == NULL)
    g_print ("%s", report);
  return 0;
}

static int
units_list (GbStore     *store,
            const char  *date,
            const char  *level,
            const char  *parent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autofree char *day = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GbUnitLevel l = level ? gb_unit_level_from_string (level) : GB_UNIT_LEVEL_ANY;

  if (level != NULL && l == GB_UNIT_LEVEL_ANY)
    {
      gb_cli_error (_("--level takes province, district or commune"));
      return 2;
    }
  day = date ? gb_date_parse_user (date) : g_date_time_format (now, "%Y-%m-%d");
  if (day == NULL)
    {
      gb_cli_error (_("“%s” is not a date (YYYY-MM-DD)"), date);
      return 2;
    }
  if ((units = gb_store_units_valid_on (store, day, l, parent, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  for (guint i = 0; i < units->len; i++)
    {
      GbUnit *u = g_ptr_array_index (units, i);

      g_print ("%s\t%s\t%s\t%s\n", u->code, gb_unit_level_to_string (u->level), u->parent_code ? u->parent_code : "-",
               u->name);
    }
  return 0;
}

static int
units_history (GbStore    *store,
               const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (!gb_store_get_unit_validity (store, code, &from, &to, &error) ||
      (list = gb_store_list_successions (store, code, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  g_print (_("%s: in force from %s to %s\n"), code, from ? from : _("the start"), to ? to : _("now"));
  for (guint i = 0; i < list->len; i++)
    {
      GbSuccession *s = g_ptr_array_index (list, i);

      g_print ("%s\t%s → %s\t%s%s%s%s\n", s->date, s->predecessor, s->successor, gb_succession_kind_to_string (s->kind),
               s->partial ? _(" (part)") : "", s->source ? "\t" : "", s->source ? s->source : "");
    }
  return 0;
}

static int
units_merge (GbStore     *store,
             char       **codes,
             const char  *into,
             const char  *name,
             const char  *date,
             const char  *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  GbUnit target = { 0 };

  if (into == NULL || date == NULL || codes[0] == NULL)
    {
      gb_cli_error (_("usage: giaoban-cli units merge --date D --into CODE [--name NAME] CODE…"));
      return 2;
    }
  if ((day = gb_date_parse_user (date)) == NULL)
    {
      gb_cli_error (_("“%s” is not a date (YYYY-MM-DD)"), date);
      return 2;
    }
  target.code = (char *) into;
  target.name = (char *) name;
  target.population = target.pop_18 = target.pop_65 = -1;
  if (!gb_store_merge_units (store, (const char *const *) codes, &target, day, source, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  {
    g_autofree char *list = g_strjoinv (", ", codes);

    g_print (_("From %s on, %s is in %s.\n"), day, list, into);
  }
  return 0;
}

/* The merges entered by hand, the latest first: what `units undo-merge ID` takes. */
static int
units_merges (GbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) merges = gb_store_list_unit_merges (store, &error);

  if (merges == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  for (guint i = 0; i < merges->len; i++)
    {
      GbUnitMerge *m = merges->pdata[i];
      g_autofree char *codes = g_strjoinv (",", m->codes);

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s → %s%s%s\n", m->id, m->date, codes, m->successor,
               m->source ? "\t" : "", m->source ? m->source : "");
    }
  return 0;
}

static int
units_undo_merge (GbStore    *store,
                  const char *id)
{
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  if (!g_ascii_string_to_unsigned (id, 10, 1, G_MAXINT64, &n, NULL))
    {
      gb_cli_error (_("“%s” is not the number of a merge (giaoban-cli units merges lists them)"), id);
      return 2;
    }
  if (!gb_store_undo_unit_merge (store, (gint64) n, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  g_print (_("Merge %s undone.\n"), id);
  return 0;
}

int
gb_cli_units (GbCliContext  *ctx,
              int            argc,
              char         **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *level = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *into = NULL;
  g_autofree char *name = NULL;
  g_autofree char *source = NULL;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The day (list: today; merge: the first day of the merged unit)"), "D" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("list: province, district or commune"), "LEVEL" },
    { "parent", 0, 0, G_OPTION_ARG_STRING, &parent, N_("list: the children of this unit on that day"), "CODE" },
    { "into", 0, 0, G_OPTION_ARG_STRING, &into, N_("merge: the unit they become (existing, or new with --name)"), "CODE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("merge: the name of a new unit"), "NAME" },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("merge: the decision, as “NQ 1234/NQ-UBTVQH15”"), "TEXT" },
    { NULL }
  };
  GbStore *store;

  const char *const commands[] = { "list", "history", "merge", "merges", "undo-merge", NULL };

  if (!gb_cli_parse ("units", _("list | history CODE | merge CODE… | merges | undo-merge ID"),
                     _("The units in force on a day, a unit's history, or a merge entered by hand "
                       "(the merging units end that day and their series count for the unit they become); "
                       "the merges entered by hand, and undoing one."),
                     entries, &argc, &argv))
    return 2;
  if (argc < 2 || !g_strv_contains (commands, argv[1]) ||
      ((strcmp (argv[1], "history") == 0 || strcmp (argv[1], "undo-merge") == 0) && argc != 3))
    {
      gb_cli_error (_("usage: giaoban-cli units list | history CODE | merge --date D --into CODE CODE… | merges | "
                      "undo-merge ID"));
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if (strcmp (argv[1], "list") == 0)
    return units_list (store, date, level, parent);
  if (strcmp (argv[1], "history") == 0)
    return units_history (store, argv[2]);
  if (strcmp (argv[1], "merges") == 0)
    return units_merges (store);
  if (strcmp (argv[1], "undo-merge") == 0)
    return units_undo_merge (store, argv[2]);
  return units_merge (store, argv + 2, into, name, date, source);
}
