/* gb-cli.c — giaoban-cli: every import, export and check a user can script
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "gb-cli.h"
#include "gb-date.h"
#include "gb-demo.h"
#include "gb-i18n.h"

typedef struct
{
  const char       *name;
  GbCliCommandFunc  func;
  const char       *summary;
} GbCliCommand;

static const GbCliCommand commands[] = {
  { "info",                gb_cli_info,                N_("Show the database path and the rows in each table") },
  { "import-boundaries",   gb_cli_import_boundaries,   N_("Import unit boundaries from a GeoJSON file") },
  { "import-cases",        gb_cli_import_cases,        N_("Import daily case reports from a spreadsheet, CSV, DHIS2 or JSON") },
  { "import-vaccinations", gb_cli_import_vaccinations, N_("Import daily vaccination from a spreadsheet, CSV, DHIS2 or JSON") },
  { "import-notice",       gb_cli_import_notice,       N_("Read a notice (text, Markdown, PDF, DOCX or ODT) and store its items") },
  { "items",               gb_cli_items,               N_("List directive items, overdue first") },
  { "search",              gb_cli_search,              N_("Search documents and items") },
  { "documents",           gb_cli_documents,           N_("List the tracker's documents, or delete one") },
  { "conclusion",          gb_cli_conclusion,          N_("Create, issue or print a conclusion notice") },
  { "export-conclusion",   gb_cli_export_conclusion,   N_("Export a conclusion notice to PDF or ODT") },
  { "report",              gb_cli_report,              N_("Write a unit's reminder or the states of the tasks (PDF, ODT or CSV)") },
  { "briefing",            gb_cli_briefing,            N_("Render the briefing slides for a date to PNG") },
  { "levels",              gb_cli_levels,              N_("Print every unit's level on a date, with the reasons") },
  { "override",            gb_cli_override,            N_("Declare or revoke a unit's level") },
  { "export-map",          gb_cli_export_map,          N_("Draw the zone map of a date to PNG, SVG or PDF") },
  { "export-chart",        gb_cli_export_chart,        N_("Draw a case or vaccination chart to PNG, SVG or PDF") },
  { "rules",               gb_cli_rules,               N_("Show or change the rule sets and their thresholds") },
  { "sync",                gb_cli_sync,                N_("Send local edits to giaoband and pull its changes") },
  { "import-reform",       gb_cli_import_reform,       N_("Load a reorganisation of units (the reform of 1 July 2025)") },
  { "import-national",     gb_cli_import_national,     N_("Load the country's units (or one province's) keyed by GSO codes") },
  { "backup",              gb_cli_backup,              N_("Write a copy of the database to a file") },
  { "restore",             gb_cli_restore,             N_("Replace the database with a checked backup, keeping the current one") },
  { "demo",                gb_cli_demo,                N_("Remove the Ninh Thuận demo from the database, or load it") },
  { "units",               gb_cli_units,               N_("List the units of a day, show a unit's history, or merge units") },
  { "conflicts",           gb_cli_conflicts,           N_("List the sync's conflicts, or keep one version") },
  { "reporting",           gb_cli_reporting,           N_("Show the share of communes that reported each day, per district") },
  { "review",              gb_cli_review,              N_("List the implausible values held for review, confirm or correct one") },
};

void
gb_cli_error (const char *format,
              ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "giaoban-cli: %s\n", msg);
}

char *
gb_cli_default_author (void)
{
  const char *real = g_get_real_name ();

  return g_strdup (real != NULL && !g_str_equal (real, "Unknown") ? real : g_get_user_name ());
}

gboolean
gb_cli_set_as_of (GbStore    *store,
                  const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moment = NULL;

  if (text == NULL)
    return TRUE;
  if ((moment = gb_date_parse_moment (text)) == NULL)
    {
      gb_cli_error (_("--as-of: “%s” is not a moment (YYYY-MM-DD HH:MM)"), text);
      return FALSE;
    }
  if (!gb_store_set_as_of (store, moment, &error))
    {
      gb_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
gb_cli_parse (const char    *command,
              const char    *parameter_string,
              const char    *summary,
              GOptionEntry  *entries,
              int           *argc,
              char        ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("giaoban-cli %s", command);

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "giaoban-cli %s: %s\n", command, error->message);
      return FALSE;
    }
  return TRUE;
}

GbStore *
gb_cli_context_get_store (GbCliContext *ctx)
{
  g_autoptr(GError) error = NULL;

  if (ctx->store != NULL)
    return ctx->store;

  ctx->store = gb_store_open (ctx->db_path, &error);
  if (ctx->store == NULL)
    {
      gb_cli_error ("%s", error->message);
      return NULL;
    }
  if (!gb_demo_load_if_empty (ctx->store, &error))
    {
      gb_cli_error ("%s", error->message);
      g_clear_object (&ctx->store);
      return NULL;
    }
  return ctx->store;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: giaoban-cli [--database PATH] COMMAND [OPTIONS…]"));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      /* export-X commands are written "export X". */
      g_autofree char *shown = g_str_has_prefix (commands[i].name, "export-")
        ? g_strdup_printf ("export %s", commands[i].name + strlen ("export-"))
        : g_strdup (commands[i].name);
      fprintf (out, "  %-22s %s\n", shown, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("The database is --database PATH, else $GIAOBAN_DB, else "
                             "$XDG_DATA_HOME/giaoban/giaoban.db; a new one starts with the "
                             "Ninh Thuận demo."));
  fprintf (out, "%s\n", _("Run “giaoban-cli COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  GbCliContext ctx = { 0 };
  const char *database = NULL;
  int i = 1;
  int status = 2;

  gb_i18n_init ();

  /* Global options come before the command; the command parses the rest itself. */
  while (i < argc && argv[i][0] == '-')
    {
      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          print_usage (stdout);
          return 0;
        }
      else if (strcmp (argv[i], "--version") == 0)
        {
          printf ("giaoban-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      else if (strcmp (argv[i], "--database") == 0 && i + 1 < argc)
        {
          database = argv[i + 1];
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--database="))
        {
          database = argv[i] + strlen ("--database=");
          i++;
        }
      else
        {
          gb_cli_error (_("unknown option %s"), argv[i]);
          print_usage (stderr);
          return 2;
        }
    }

  ctx.db_path = gb_store_resolve_path (database);

  if (i >= argc)
    {
      /* No command: show what the database holds, as `info` does. */
      status = gb_cli_info (&ctx, 1, (char *[]) { (char *) "info", NULL });
    }
  else
    {
      const GbCliCommand *command = NULL;
      g_autofree char *name = NULL;

      /* "export map …" is the command "export-map" with the rest of the arguments. */
      if (strcmp (argv[i], "export") == 0 && i + 1 < argc && argv[i + 1][0] != '-')
        {
          name = g_strconcat ("export-", argv[i + 1], NULL);
          i++;
        }
      else
        name = g_strdup (argv[i]);

      for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
        if (strcmp (commands[c].name, name) == 0)
          command = &commands[c];

      if (command == NULL)
        {
          gb_cli_error (_("unknown command “%s”"), name);
          print_usage (stderr);
          status = 2;
        }
      else
        status = command->func (&ctx, argc - i, argv + i);
    }

  g_clear_object (&ctx.store);
  g_free (ctx.db_path);
  return status;
}
