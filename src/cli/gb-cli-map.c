/* gb-cli-map.c — giaoban-cli export map: the zone map, headless, for reports
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-cli.h"
#include "gb-level-engine.h"
#include "gb-map-renderer.h"
#include "gb-series-import.h"
#include "gb-text.h"

int
gb_cli_export_map (GbCliContext  *ctx,
                   int            argc,
                   char         **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *output = NULL;
  g_autofree char *unit = NULL;
  gboolean dark = FALSE;
  int width = 1600, height = 1200;
  g_autofree char *as_of = NULL;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, N_("Use the numbers as they stood at this moment (local time)"), "\"YYYY-MM-DD HH:MM\"" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Date of the levels (default: the last day with data)"), "YYYY-MM-DD" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write: .png, .svg or .pdf"), "FILE" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Width in pixels (points for SVG and PDF)"), "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, N_("Height in pixels (points for SVG and PDF)"), "H" },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("Show only this unit and what is under it"), "CODE" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Dark background"), NULL },
    { NULL }
  };
  g_autoptr(GbMapRenderer) map = gb_map_renderer_new ();
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  GbStore *store;

  if (!gb_cli_parse ("export map", "", _("Draw the zone map of a date, with its title and legend, to PNG, SVG or PDF."),
                     entries, &argc, &argv))
    return 2;
  if (output == NULL)
    {
      gb_cli_error (_("export map needs --output"));
      return 2;
    }
  if (date != NULL && !gb_date_is_valid_iso (date))
    {
      gb_cli_error (_("%s: “%s” is not a date (YYYY-MM-DD)"), "--date", date);
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if (!gb_cli_set_as_of (store, as_of))
    return 1;
  if (date == NULL)
    {
      if (!gb_store_get_date_range (store, &first, &last))
        {
          gb_cli_error (_("The database has no case reports: give --date"));
          return 1;
        }
      date = g_strdup (last);
    }
  if (unit != NULL && !gb_store_unit_exists (store, unit))
    {
      gb_cli_error (_("Unknown unit “%s”"), unit);
      return 1;
    }
  engine = gb_level_engine_new (store);
  if (!gb_map_renderer_load (map, store, &error) ||
      !gb_map_renderer_set_levels_from_engine (map, engine, date, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  gb_map_renderer_set_dark (map, dark);
  shown = gb_text_format_date (date);
  if (unit != NULL)
    {
      g_autoptr(GbUnit) u = gb_store_get_unit (store, unit, NULL);
      title = g_strdup_printf (_("Epidemic levels, %s — %s"), u ? u->name : unit, shown);
    }
  else
    title = g_strdup_printf (_("Epidemic levels of the communes — %s"), shown);
  if (!gb_map_renderer_export (map, output, width, height, title, unit, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  /* The merged units' shapes it worked out, for the next export: a cache, so a failure to keep
   * them is only said. */
  if (!gb_map_renderer_keep_shapes (map, store, &error))
    g_printerr ("%s\n", error->message);
  return 0;
}
