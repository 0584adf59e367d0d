/* gb-cli-report.c — giaoban-cli report unit NAME | states: follow-up reports to PDF, ODT or CSV
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-cli.h"
#include "gb-date.h"
#include "gb-task-report.h"

int
gb_cli_report (GbCliContext *ctx,
               int           argc,
               char        **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *today = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write (.pdf, .odt or .csv)"), N_("FILE") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, N_("The date that decides what is overdue (YYYY-MM-DD)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gboolean unit, ok;
  GbStore *store;

  if (!gb_cli_parse ("report", "unit NAME | states",
                     _("Write a unit's reminder of its open tasks, or the states of the tasks per unit."),
                     entries, &argc, &argv))
    return 2;
  unit = argc == 3 && strcmp (argv[1], "unit") == 0;
  if (!unit && !(argc == 2 && strcmp (argv[1], "states") == 0))
    {
      gb_cli_error (_("report: say “unit NAME” or “states”"));
      return 2;
    }
  if (output == NULL)
    {
      gb_cli_error (_("report: --output FILE is required"));
      return 2;
    }
  if (today != NULL && !gb_date_is_valid_iso (today))
    {
      gb_cli_error (_("report: --today wants a date YYYY-MM-DD, not “%s”"), today);
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  ok = unit ? gb_task_report_write_unit (store, argv[2], today, output, &error)
            : gb_task_report_write_states (store, today, output, &error);
  if (!ok)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  return 0;
}
