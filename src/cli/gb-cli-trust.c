/* gb-cli-trust.c — giaoban-cli reporting: the reporting rate per district and the incomplete days
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gb-cli.h"
#include "gb-date.h"
#include "gb-store-reporting.h"

static void
print_json (GPtrArray *list, const GbReportingRule *rule)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "percent");
  json_builder_add_int_value (b, rule->percent);
  json_builder_set_member_name (b, "window");
  json_builder_add_int_value (b, rule->window);
  json_builder_set_member_name (b, "districts");
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      GbReportingUnit *u = list->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, u->code);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, u->name);
      json_builder_set_member_name (b, "days");
      json_builder_begin_array (b);
      for (guint k = 0; k < u->days->len; k++)
        {
          GbReportingDay *d = &g_array_index (u->days, GbReportingDay, k);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "date");
          json_builder_add_string_value (b, d->date);
          json_builder_set_member_name (b, "reported");
          json_builder_add_int_value (b, d->reported);
          json_builder_set_member_name (b, "expected");
          json_builder_add_int_value (b, d->expected);
          json_builder_set_member_name (b, "incomplete");
          json_builder_add_boolean_value (b, d->incomplete);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  out = json_generator_to_data (gen, NULL);
  g_print ("%s\n", out);
}

static void
print_text (GPtrArray *list, const GbReportingRule *rule)
{
  g_print (_("A day is complete when %u %% of a district's communes reported; only the last %u days can be incomplete (*).\n"),
           rule->percent, rule->window);
  for (guint i = 0; i < list->len; i++)
    {
      GbReportingUnit *u = list->pdata[i];

      g_print ("%s\t%s", u->code, u->name);
      for (guint k = 0; k < u->days->len; k++)
        {
          GbReportingDay *d = &g_array_index (u->days, GbReportingDay, k);

          g_print ("\t%s %u/%u%s", d->date + 5, d->reported, d->expected, d->incomplete ? "*" : "");
        }
      g_print ("\n");
    }
}

/* giaoban-cli reporting [--from D --to D] [--json] | --set-percent P --set-window N */
int
gb_cli_reporting (GbCliContext  *ctx,
                  int            argc,
                  char         **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *as_of = NULL;
  gboolean json = FALSE;
  int percent = -1, window = -1;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day (default: the last days of data)"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day (default: the last day with data)"), "YYYY-MM-DD" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, N_("Use the numbers as they stood at this moment (local time)"), "\"YYYY-MM-DD HH:MM\"" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "set-percent", 0, 0, G_OPTION_ARG_INT, &percent, N_("Keep: a day is complete from this share of communes (0–100)"), "P" },
    { "set-window", 0, 0, G_OPTION_ARG_INT, &window, N_("Keep: how many of the last days can be incomplete"), "N" },
    { NULL }
  };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  GbReportingRule rule;
  GbStore *store;

  if (!gb_cli_parse ("reporting", "", _("Print the share of each district's communes that reported each day; the last days under the threshold are incomplete."),
                     entries, &argc, &argv))
    return 2;
  if ((from != NULL && !gb_date_is_valid_iso (from)) || (to != NULL && !gb_date_is_valid_iso (to)))
    {
      gb_cli_error (_("--from and --to take a date (YYYY-MM-DD)"));
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  gb_reporting_get_rule (store, &rule);
  if (percent >= 0 || window >= 0)
    {
      if (percent > 100 || window > GB_REPORTING_MAX_WINDOW)
        {
          gb_cli_error (_("--set-percent takes 0 to 100 and --set-window 0 to %d"), GB_REPORTING_MAX_WINDOW);
          return 2;
        }
      rule.percent = percent >= 0 ? (guint) percent : rule.percent;
      rule.window = window >= 0 ? (guint) window : rule.window;
      if (!gb_reporting_set_rule (store, &rule, &error))
        {
          gb_cli_error ("%s", error->message);
          return 1;
        }
    }
  if (!gb_cli_set_as_of (store, as_of))
    return 1;
  if ((list = gb_reporting_list_districts (store, from, to, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if (json)
    print_json (list, &rule);
  else
    print_text (list, &rule);
  return 0;
}
