/* gb-cli-levels.c — levels for a date, declared levels (overrides) and the rule sets
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "gb-cli.h"
#include "gb-level-engine.h"
#include "gb-series-import.h"
#include "gb-store-levels.h"

static gboolean
check_date (const char *option,
            const char *date)
{
  if (date != NULL && !gb_date_is_valid_iso (date))
    {
      gb_cli_error (_("%s: “%s” is not a date (YYYY-MM-DD)"), option, date);
      return FALSE;
    }
  return TRUE;
}

static void
add_share (JsonBuilder *b,
           const char  *name,
           double       value)
{
  json_builder_set_member_name (b, name);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

/* The levels as JSON, with the moment of the numbers when they are not the latest. */
static void
print_levels_json (GPtrArray  *results,
                   const char *date,
                   GbStore    *store)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "date");
  json_builder_add_string_value (b, date);
  if (gb_store_get_as_of (store) != NULL)
    {
      json_builder_set_member_name (b, "as_of");
      json_builder_add_string_value (b, gb_store_get_as_of (store));
    }
  json_builder_set_member_name (b, "units");
  json_builder_begin_array (b);
  for (guint i = 0; i < results->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (results, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, r->unit_code);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, r->unit_name);
      json_builder_set_member_name (b, "level");
      if (r->effective == GB_LEVEL_NO_DATA)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, r->effective);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, r->declared != GB_LEVEL_NO_DATA ? "declared" : "computed");
      json_builder_set_member_name (b, "computed");
      if (r->computed == GB_LEVEL_NO_DATA)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, r->computed);
      json_builder_set_member_name (b, "rule_set");
      json_builder_add_string_value (b, r->rule_set);
      add_share (b, "cases_per_100k_7d", r->cases_per_100k_7d);
      json_builder_set_member_name (b, "community_cases_7d");
      json_builder_add_int_value (b, r->community_cases_7d);
      add_share (b, "dose1_18_share", r->dose1_18_share);
      add_share (b, "full_65_share", r->full_65_share);
      json_builder_set_member_name (b, "reasons");
      json_builder_add_string_value (b, r->reasons);
      if (r->override_reason != NULL)
        {
          json_builder_set_member_name (b, "override_reason");
          json_builder_add_string_value (b, r->override_reason);
        }
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

int
gb_cli_levels (GbCliContext  *ctx,
               int            argc,
               char         **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *level_name = NULL;
  g_autofree char *as_of = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Date of the levels (default: the last day with data)"), "YYYY-MM-DD" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, N_("Use the numbers as they stood at this moment (local time)"), "\"YYYY-MM-DD HH:MM\"" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_name, N_("Units to list: commune, district or province (default: commune)"), "LEVEL" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  GbUnitLevel level = GB_UNIT_LEVEL_COMMUNE;
  GbStore *store;

  if (!gb_cli_parse ("levels", "", _("Print every unit's level on a date: code, name, level, declared or computed, and the reasons."),
                     entries, &argc, &argv))
    return 2;
  if (!check_date ("--date", date))
    return 2;
  if (level_name != NULL && ((level = gb_unit_level_from_string (level_name)) == GB_UNIT_LEVEL_ANY))
    {
      gb_cli_error (_("--level: “%s” is not commune, district or province"), level_name);
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if (!gb_cli_set_as_of (store, as_of))
    return 1;
  if (date == NULL)
    {
      gb_store_get_date_range (store, &first, &last);
      if (last == NULL)
        {
          gb_cli_error (_("The database has no case reports: give --date"));
          return 1;
        }
      date = g_strdup (last);
    }

  /* One date: only its window of reports is read. */
  engine = gb_level_engine_new_for_date (store, date);
  if ((results = gb_level_engine_compute (engine, date, level, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }

  if (json)
    {
      print_levels_json (results, date, store);
      return 0;
    }

  for (guint i = 0; i < results->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (results, i);
      const char *source = r->declared != GB_LEVEL_NO_DATA ? _("declared") : _("computed");

      if (r->effective == GB_LEVEL_NO_DATA)
        g_print ("%s\t%s\t-\t%s\t%s\n", r->unit_code, r->unit_name, source, r->reasons);
      else
        g_print ("%s\t%s\t%d\t%s\t%s\n", r->unit_code, r->unit_name, r->effective, source, r->reasons);
    }
  return 0;
}

/* giaoban-cli override add|revoke|list: the committee's declared levels. */
int
gb_cli_override (GbCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  g_autofree char *unit = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *author = NULL;
  g_autofree char *uid = NULL;
  int level = 0;
  GOptionEntry entries[] = {
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("Code of the unit (add)"), "CODE" },
    { "level", 0, 0, G_OPTION_ARG_INT, &level, N_("Declared level, 1 to 4 (add)"), "N" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day in force (add)"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day in force (add; default: until revoked)"), "YYYY-MM-DD" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (add, revoke)"), "TEXT" },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Who declares or revokes (default: the user name)"), "NAME" },
    { "id", 0, 0, G_OPTION_ARG_STRING, &uid, N_("Override to revoke (revoke)"), "ID" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  const char *action;
  GbStore *store;

  if (!gb_cli_parse ("override", "add|revoke", _("Declare a unit's level for a date range, or revoke a declaration."),
                     entries, &argc, &argv))
    return 2;
  if (argc != 2 || (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "revoke")))
    {
      gb_cli_error (_("override: say add or revoke"));
      return 2;
    }
  action = argv[1];
  if (!check_date ("--from", from) || !check_date ("--to", to))
    return 2;
  if (author == NULL)
    author = gb_cli_default_author ();
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;

  if (g_str_equal (action, "add"))
    {
      g_autofree char *new_uid = NULL;

      if (unit == NULL || from == NULL || reason == NULL)
        {
          gb_cli_error (_("override add needs --unit, --level, --from and --reason"));
          return 2;
        }
      new_uid = gb_store_add_level_override (store, unit, from, to, (GbLevel) level, reason, author, &error);
      if (new_uid == NULL)
        {
          gb_cli_error ("%s", error->message);
          return 1;
        }
      g_print ("%s\n", new_uid);
      return 0;
    }

  if (uid == NULL || reason == NULL)
    {
      gb_cli_error (_("override revoke needs --id and --reason"));
      return 2;
    }
  if (!gb_store_revoke_level_override (store, uid, reason, author, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  return 0;
}

static void
print_period (const char *date_from,
              const char *rule_set,
              const char *kind,
              gpointer    user_data)
{
  g_print (_("from %s: %s (%s)\n"), date_from, rule_set, kind);
}

static void
print_threshold (const char *rule_set,
                 const char *key,
                 const char *valid_from,
                 double      value,
                 gpointer    user_data)
{
  g_print ("%-8s %-20s %-10s %g\n", rule_set, key, valid_from, value);
}

/* giaoban-cli rules [show | set-threshold | apply-from]: the rule sets as data. */
int
gb_cli_rules (GbCliContext  *ctx,
              int            argc,
              char         **argv)
{
  g_autofree char *rule_set = NULL;
  g_autofree char *key = NULL;
  g_autofree char *from = NULL;
  g_autofree char *author = NULL;
  double value = NAN;
  GOptionEntry entries[] = {
    { "rule-set", 0, 0, G_OPTION_ARG_STRING, &rule_set, N_("Rule set: qd2686 or nq128"), "ID" },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("Threshold to change (set-threshold)"), "KEY" },
    { "value", 0, 0, G_OPTION_ARG_DOUBLE, &value, N_("New value of the threshold (set-threshold)"), "NUMBER" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day the change applies"), "YYYY-MM-DD" },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Who changes it (default: the user name)"), "NAME" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  const char *action = "show";
  GbStore *store;

  if (!gb_cli_parse ("rules", "[show|set-threshold|apply-from]",
                     _("Show the rule sets, change a threshold from a date on, or choose the rule set that applies from a date."),
                     entries, &argc, &argv))
    return 2;
  if (argc > 2)
    {
      gb_cli_error (_("rules: one action at a time"));
      return 2;
    }
  if (argc == 2)
    action = argv[1];
  if (!check_date ("--from", from))
    return 2;
  if (author == NULL)
    author = g_strdup (g_get_user_name ());
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;

  if (g_str_equal (action, "show"))
    {
      if (!gb_store_levels_scan_periods (store, print_period, NULL, &error))
        goto failed;
      g_print ("\n");
      if (!gb_store_levels_scan_thresholds (store, print_threshold, NULL, &error))
        goto failed;
      return 0;
    }
  if (g_str_equal (action, "set-threshold"))
    {
      if (rule_set == NULL || key == NULL || from == NULL || isnan (value))
        {
          gb_cli_error (_("rules set-threshold needs --rule-set, --key, --value and --from"));
          return 2;
        }
      if (!gb_store_set_threshold (store, rule_set, key, from, value, author, &error))
        goto failed;
      return 0;
    }
  if (g_str_equal (action, "apply-from"))
    {
      if (rule_set == NULL || from == NULL)
        {
          gb_cli_error (_("rules apply-from needs --rule-set and --from"));
          return 2;
        }
      if (!gb_store_set_rule_set_period (store, from, rule_set, &error))
        goto failed;
      return 0;
    }
  gb_cli_error (_("rules: unknown action “%s”"), action);
  return 2;

failed:
  gb_cli_error ("%s", error->message);
  return 1;
}
