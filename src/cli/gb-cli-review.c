/* gb-cli-review.c — giaoban-cli review list | confirm ID | correct ID --value N
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "gb-cli.h"
#include "gb-store-review.h"

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, value);
}

static void
add_count (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  if (value < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, value);
}

static void
print_json (GPtrArray *items)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    {
      GbReviewItem *it = items->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "id", it->uid);
      add_string (b, "table", it->table);
      add_string (b, "unit_code", it->unit_code);
      add_string (b, "unit_name", it->unit_name);
      add_string (b, "date", it->date);
      add_string (b, "field", it->field);
      json_builder_set_member_name (b, "value");
      json_builder_add_int_value (b, it->value);
      add_count (b, "in_use", it->in_use);
      add_string (b, "rule", it->rule);
      json_builder_set_member_name (b, "median");
      if (isnan (it->median))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, it->median);
      add_string (b, "received_at", it->received_at);
      add_string (b, "decision", it->decision);
      add_count (b, "decided_value", it->decided_value);
      add_string (b, "decided_by", it->decided_by);
      add_string (b, "decided_at", it->decided_at);
      add_string (b, "decided_why", it->decided_why);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  out = json_generator_to_data (gen, NULL);
  g_print ("%s\n", out);
}

static void
print_text (GPtrArray *items)
{
  if (items->len == 0)
    g_print ("%s\n", _("No value is waiting for review."));
  for (guint i = 0; i < items->len; i++)
    {
      GbReviewItem *it = items->pdata[i];
      g_autofree char *in_use = it->in_use >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, it->in_use) : g_strdup ("-");

      /* id (8 characters are enough to name it), unit, date, field: received (in use) why */
      g_print ("%.8s\t%s %s\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s", it->uid, it->unit_code,
               it->unit_name ? it->unit_name : "", it->date, it->field, it->value, in_use,
               gb_review_rule_describe (it));
      if (it->decision != NULL)
        g_print ("\t%s %s %s%s%s", it->decision, it->decided_at, it->decided_by ? it->decided_by : "",
                 it->decided_why ? ": " : "", it->decided_why ? it->decided_why : "");
      g_print ("\n");
    }
}

/* giaoban-cli review list [--all] [--json] | confirm ID | correct ID --value N */
int
gb_cli_review (GbCliContext  *ctx,
               int            argc,
               char         **argv)
{
  g_autofree char *author = NULL;
  g_autofree char *why = NULL;
  g_autofree char *value_text = NULL;
  gboolean json = FALSE, all = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (list)"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Also the values decided before (list)"), NULL },
    { "value", 0, 0, G_OPTION_ARG_STRING, &value_text, N_("The right value (correct)"), "N" },
    { "why", 0, 0, G_OPTION_ARG_STRING, &why, N_("Why (confirm, correct)"), "TEXT" },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Who decides (default: the user name)"), "NAME" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  const char *action;
  GbStore *store;
  gboolean ok;

  if (!gb_cli_parse ("review", "list | confirm ID | correct ID --value N",
                     _("List the implausible values held for review, or confirm or correct one."), entries, &argc, &argv))
    return 2;
  action = argc >= 2 ? argv[1] : "";
  if (!(g_str_equal (action, "list") && argc == 2) &&
      !((g_str_equal (action, "confirm") || g_str_equal (action, "correct")) && argc == 3))
    {
      gb_cli_error (_("review: say list, confirm ID or correct ID --value N"));
      return 2;
    }
  if (g_str_equal (action, "correct") && value_text == NULL)
    {
      gb_cli_error (_("review correct needs --value N"));
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if (g_str_equal (action, "list"))
    {
      g_autoptr(GPtrArray) items = gb_store_review_list (store, all, &error);

      if (items == NULL)
        {
          gb_cli_error ("%s", error->message);
          return 1;
        }
      if (json)
        print_json (items);
      else
        print_text (items);
      return 0;
    }
  if (author == NULL)
    author = gb_cli_default_author ();
  if (g_str_equal (action, "confirm"))
    ok = gb_store_review_confirm (store, argv[2], author, why, &error);
  else
    {
      gint64 value;

      if (!g_ascii_string_to_signed (value_text, 10, G_MININT64, G_MAXINT64, &value, NULL))
        {
          gb_cli_error (_("--value: “%s” is not a whole number"), value_text);
          return 2;
        }
      ok = gb_store_review_correct (store, argv[2], value, author, why, &error);
    }
  if (!ok)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  return 0;
}
