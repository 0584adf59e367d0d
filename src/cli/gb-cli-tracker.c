/* gb-cli-tracker.c — giaoban-cli import-notice, items, search
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "gb-cli.h"
#include "gb-error.h"
#include "gb-notice-import.h"
#include "gb-notice-parser.h"
#include "gb-store-tracker.h"

static void
print_notice_text (const GbNotice *n)
{
  g_print ("%s %s — %s, %s\n", n->kind ? n->kind : "?", n->number ? n->number : "?",
           n->issuer ? n->issuer : "?", n->date ? n->date : "?");
  if (n->subject)
    g_print ("V/v %s\n", n->subject);
  for (guint i = 0; i < n->references->len; i++)
    g_print ("  → %s\n", ((GbNoticeReference *) g_ptr_array_index (n->references, i))->text);
  for (guint i = 0; i < n->items->len; i++)
    {
      const GbNoticeItem *it = g_ptr_array_index (n->items, i);
      g_autoptr(GString) units = g_string_new (NULL);
      glong len = g_utf8_strlen (it->text, -1);
      g_autofree char *head = g_utf8_substring (it->text, 0, MIN (len, 70));

      for (guint j = 0; j < it->units->len; j++)
        g_string_append_printf (units, "%s%s", j ? "; " : "",
                                ((GbNoticeUnit *) g_ptr_array_index (it->units, j))->name);
      g_print ("%*s%s %s%s%s [%s] %s\n", (it->level - 1) * 2, "", it->path, head,
               len > 70 ? "…" : "", it->is_task ? "" : _(" (not a task)"), units->str,
               it->due ? it->due : (it->recurrence ? it->recurrence : ""));
    }
}

int
gb_cli_import_notice (GbCliContext *ctx,
                      int           argc,
                      char        **argv)
{
  gboolean dry_run = FALSE, json = FALSE, replace = FALSE, keep_both = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Only print the parsed notice"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the notice as JSON"), NULL },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("If the notice is already stored, store it in its place"), NULL },
    { "keep-both", 0, 0, G_OPTION_ARG_NONE, &keep_both, N_("If the notice is already stored, store it beside it"), NULL },
    { NULL }
  };
  GbNoticeImportMode mode;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNoticeImport) import = NULL;
  const GbNotice *notice = NULL;

  if (!gb_cli_parse ("import-notice", "FILE", _("Read a notice and store its items"), entries, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      gb_cli_error (_("import-notice: give exactly one FILE"));
      return 2;
    }
  if (replace && keep_both)
    {
      gb_cli_error (_("import-notice: give --replace or --keep-both, not both"));
      return 2;
    }
  mode = replace ? GB_NOTICE_IMPORT_REPLACE : keep_both ? GB_NOTICE_IMPORT_KEEP_BOTH : GB_NOTICE_IMPORT_REFUSE;
  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);
    g_autoptr(GbOrganisations) orgs = NULL;
    GbStore *store = NULL;

    if (!dry_run)
      {
        store = gb_cli_context_get_store (ctx);
        if (store == NULL)
          return 1;
        orgs = gb_store_tracker_get_organisations (store, &error);
        if (orgs == NULL)
          {
            gb_cli_error ("%s", error->message);
            return 1;
          }
      }
    /* Text, PDF, DOCX or ODT: the stored body is the extracted text. Errors name the file. */
    if ((import = gb_notice_import_read (file, orgs, NULL, &error)) == NULL)
      {
        gb_cli_error ("%s", error->message);
        return 1;
      }
    notice = import->notice;
    if (!dry_run && gb_notice_import_save_as (store, notice, import->body, import->source_name, mode, &error) == 0)
      {
        if (g_error_matches (error, GB_ERROR, GB_ERROR_DUPLICATE))
          gb_cli_error (_("%s: %s. Give --replace to store it in its place, or --keep-both to store it beside it."),
                        argv[1], error->message);
        else
          gb_cli_error ("%s: %s", argv[1], error->message);
        return 1;
      }
  }
  if (json)
    {
      g_autofree char *out = gb_notice_to_json (notice, TRUE);
      g_print ("%s\n", out);
    }
  else
    print_notice_text (notice);
  return 0;
}

/* One object per item, as `items --json` prints them. */
static void
print_items_json (GPtrArray *items)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    {
      const GbTrackerItem *it = g_ptr_array_index (items, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, it->id);
      json_builder_set_member_name (b, "document_id");
      json_builder_add_int_value (b, it->document_id);
      json_builder_set_member_name (b, "document_number");
      it->document_number ? json_builder_add_string_value (b, it->document_number) : json_builder_add_null_value (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, it->path);
      json_builder_set_member_name (b, "level");
      json_builder_add_int_value (b, it->level);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, it->text);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, it->status);
      json_builder_set_member_name (b, "due");
      it->due ? json_builder_add_string_value (b, it->due) : json_builder_add_null_value (b);
      json_builder_set_member_name (b, "overdue");
      json_builder_add_boolean_value (b, it->overdue);
      json_builder_set_member_name (b, "state");
      if (gb_task_state_to_string (it->state) != NULL)
        json_builder_add_string_value (b, gb_task_state_to_string (it->state));
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "is_task");
      json_builder_add_boolean_value (b, it->is_task);
      json_builder_set_member_name (b, "document_kind");
      it->document_kind ? json_builder_add_string_value (b, it->document_kind) : json_builder_add_null_value (b);
      json_builder_set_member_name (b, "progress");
      if (it->progress != NULL)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "date");
          json_builder_add_string_value (b, it->progress_date);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, it->progress);
          json_builder_set_member_name (b, "author");
          it->progress_author ? json_builder_add_string_value (b, it->progress_author) : json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "units");
      json_builder_begin_array (b);
      if (it->units != NULL)
        {
          g_auto(GStrv) names = g_strsplit (it->units, "; ", -1);
          for (guint j = 0; names[j] != NULL; j++)
            json_builder_add_string_value (b, names[j]);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  out = json_generator_to_data (gen, NULL);
  g_print ("%s\n", out);
}

int
gb_cli_items (GbCliContext *ctx,
              int           argc,
              char        **argv)
{
  g_autofree char *unit = NULL;
  g_autofree char *today = NULL;
  g_autofree char *status = NULL;
  g_autofree char *kind = NULL;
  gint64 document = 0;
  gboolean overdue = FALSE, this_week = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &unit, N_("Only the items of this organisation (name or abbreviation)"), N_("NAME") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only open items past their due date"), NULL },
    { "status", 's', 0, G_OPTION_ARG_STRING, &status, N_("Only items in this state: new, in_progress, done, cancelled or open"), N_("STATUS") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind, N_("Only the items of documents of this kind (“công văn”, “thông báo kết luận” …)"), N_("KIND") },
    { "due-this-week", 'w', 0, G_OPTION_ARG_NONE, &this_week, N_("Only open items due this week (Monday to Sunday)"), NULL },
    { "document", 'd', 0, G_OPTION_ARG_INT64, &document, N_("Only the items of this document, in reading order"), N_("ID") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, N_("The date that decides what is overdue (YYYY-MM-DD)"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GbTrackerFilter filter = { 0 };
  GbStore *store;

  if (!gb_cli_parse ("items", "", _("List the items of all documents, overdue first"), entries, &argc, &argv))
    return 2;
  if (argc != 1)
    {
      gb_cli_error (_("items: unexpected argument “%s”"), argv[1]);
      return 2;
    }
  if (today != NULL)
    {
      g_autofree char *check = gb_notice_parse_date (today, 0);
      if (check == NULL || strlen (today) != 10 || today[4] != '-')
        {
          gb_cli_error (_("items: --today wants a date YYYY-MM-DD, not “%s”"), today);
          return 2;
        }
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  filter.unit = unit;
  filter.status = status;
  filter.kind = kind;
  filter.document_id = document;
  filter.overdue_only = overdue;
  filter.due_this_week = this_week;
  items = gb_store_tracker_query_items (store, &filter, today, &error);
  if (items == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if (json)
    {
      print_items_json (items);
      return 0;
    }
  for (guint i = 0; i < items->len; i++)
    {
      const GbTrackerItem *it = g_ptr_array_index (items, i);
      glong len = g_utf8_strlen (it->text, -1);
      g_autofree char *head = g_utf8_substring (it->text, 0, MIN (len, 60));
      g_print ("%s%s %s %s%s  [%s] %s %s\n", it->overdue ? "! " : "  ",
               it->document_number ? it->document_number : "—", it->path, head, len > 60 ? "…" : "",
               it->units ? it->units : "", gb_tracker_status_name (it->status), it->due ? it->due : "");
    }
  return 0;
}

int
gb_cli_search (GbCliContext *ctx,
               int           argc,
               char        **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *query = NULL;
  GbStore *store;

  if (!gb_cli_parse ("search", "QUERY…", _("Search all documents and items, with or without diacritics"), entries, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      gb_cli_error (_("search: give the words to search for"));
      return 2;
    }
  query = g_strjoinv (" ", argv + 1);
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  hits = gb_store_tracker_search (store, query, &error);
  if (hits == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  for (guint i = 0; i < hits->len; i++)
    {
      const GbTrackerHit *h = g_ptr_array_index (hits, i);
      if (h->item_id != 0)
        g_print ("document %" G_GINT64_FORMAT " item %" G_GINT64_FORMAT ": %s\n", h->document_id, h->item_id, h->snippet);
      else
        g_print ("document %" G_GINT64_FORMAT ": %s\n", h->document_id, h->snippet);
    }
  return 0;
}
