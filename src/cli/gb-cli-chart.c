/* gb-cli-chart.c — giaoban-cli export chart: the app's charts, headless
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gb-chart.h"
#include "gb-chart-scale.h"
#include "gb-cli.h"
#include "gb-store-levels.h"

int
gb_cli_export_chart (GbCliContext  *ctx,
                     int            argc,
                     char         **argv)
{
  g_autofree char *units = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *output = NULL;
  gboolean per_100k = FALSE, cumulative = FALSE, log = FALSE, dark = FALSE;
  int width = 1600, height = 900;
  g_autofree char *as_of = NULL;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, N_("Use the numbers as they stood at this moment (local time)"), "\"YYYY-MM-DD HH:MM\"" },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &units, N_("Units to draw, by code, comma-separated (at most 8)"), "CODE[,CODE…]" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day shown (default: the first with data)"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day shown (default: the last with data)"), "YYYY-MM-DD" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write: .png, .svg or .pdf"), "FILE" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Width in pixels (points for SVG and PDF)"), "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, N_("Height in pixels (points for SVG and PDF)"), "H" },
    { "per-100k", 0, 0, G_OPTION_ARG_NONE, &per_100k, N_("Cases per 100,000 people"), NULL },
    { "cumulative", 0, 0, G_OPTION_ARG_NONE, &cumulative, N_("Cumulative cases"), NULL },
    { "log", 0, 0, G_OPTION_ARG_NONE, &log, N_("Logarithmic value axis"), NULL },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Dark background"), NULL },
    { NULL }
  };
  g_autoptr(GbChart) chart = NULL;
  g_autoptr(GPtrArray) markers = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = NULL;
  guint32 first = 0, last = 0;
  GbChartKind kind;
  GbStore *store;

  if (!gb_cli_parse ("export chart", "cases|vaccination",
                     _("Draw the case or vaccination chart of one or more units to PNG, SVG or PDF."),
                     entries, &argc, &argv))
    return 2;
  if (argc != 2 || (!g_str_equal (argv[1], "cases") && !g_str_equal (argv[1], "vaccination")))
    {
      gb_cli_error (_("export chart: say cases or vaccination"));
      return 2;
    }
  kind = g_str_equal (argv[1], "cases") ? GB_CHART_CASES : GB_CHART_VACCINATION;
  if (units == NULL || output == NULL)
    {
      gb_cli_error (_("export chart needs --unit and --output"));
      return 2;
    }
  if ((from && (first = gb_day_from_iso (from)) == 0) || (to && (last = gb_day_from_iso (to)) == 0))
    {
      gb_cli_error (_("%s: “%s” is not a date (YYYY-MM-DD)"), from && first == 0 ? "--from" : "--to",
                    from && first == 0 ? from : to);
      return 2;
    }
  codes = g_strsplit (units, ",", -1);
  if (g_strv_length (codes) > GB_CHART_MAX_UNITS)
    {
      gb_cli_error (_("A chart compares at most %d units"), GB_CHART_MAX_UNITS);
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if (!gb_cli_set_as_of (store, as_of))
    return 1;

  chart = gb_chart_new (kind);
  gb_chart_set_per_100k (chart, per_100k);
  gb_chart_set_cumulative (chart, cumulative);
  gb_chart_set_log (chart, log);
  gb_chart_set_dark (chart, dark);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      GbChartData *data = gb_store_load_chart_data (store, g_strstrip (codes[i]), &error);

      if (data == NULL)
        {
          gb_cli_error ("%s", error->message);
          return 1;
        }
      gb_chart_add_unit (chart, data);
    }
  if ((markers = gb_store_load_chart_markers (store, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  gb_chart_set_markers (chart, markers);
  {
    guint32 ext_first, ext_last;

    if (gb_chart_get_extent (chart, &ext_first, &ext_last))
      {
        first = first ? first : ext_first;
        last = last ? last : ext_last;
        if (last < first)
          {
            gb_cli_error (_("--to is before --from"));
            return 2;
          }
        gb_chart_set_view (chart, first, last);
        if (kind == GB_CHART_VACCINATION)
          {
            g_autofree char *iso = gb_day_to_iso (last);

            gb_chart_set_targets (chart, gb_store_levels_get_threshold (store, "nq128", "dose1_18_high", iso),
                                  gb_store_levels_get_threshold (store, "nq128", "full_65_target", iso));
          }
        if (g_strv_length (codes) == 1)
          {
            g_autoptr(GbLevelEngine) engine = gb_level_engine_new (store);
            g_autofree guint8 *levels = gb_chart_compute_levels (engine, codes[0], first, last);

            gb_chart_set_levels (chart, first, last - first + 1, levels);
          }
      }
  }
  if (!gb_chart_export (chart, output, width, height, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  return 0;
}
