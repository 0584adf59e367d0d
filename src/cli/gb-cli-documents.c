/* gb-cli-documents.c — giaoban-cli documents: list the tracker's documents, delete one
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "gb-cli.h"
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-store-trash.h"

static void
print_documents_json (GPtrArray *docs)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < docs->len; i++)
    {
      const GbTrackerDocument *d = g_ptr_array_index (docs, i);
      const struct { const char *key; const char *value; } members[] = {
        { "kind", d->kind }, { "number", d->number }, { "issuer", d->issuer }, { "date", d->date },
        { "subject", d->subject }, { "source_name", d->source_name },
      };

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, d->id);
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        {
          json_builder_set_member_name (b, members[m].key);
          members[m].value ? json_builder_add_string_value (b, members[m].value) : json_builder_add_null_value (b);
        }
      json_builder_set_member_name (b, "items");
      json_builder_add_int_value (b, d->n_items);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  out = json_generator_to_data (gen, NULL);
  g_print ("%s\n", out);
}

/* `documents delete ID`: queued for the sync like an edit made in the app. */
static int
delete_document (GbStore    *store,
                 const char *arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDeletedDocument) deleted = NULL;
  char *end = NULL;
  gint64 id = g_ascii_strtoll (arg, &end, 10);

  if (end == arg || *end != '\0' || id <= 0)
    {
      gb_cli_error (_("documents delete: “%s” is not a document id (see giaoban-cli documents)"), arg);
      return 2;
    }
  if (!gb_store_sync_enable_outbox (store, &error)
      || (deleted = gb_store_trash_document (store, id, &error)) == NULL)
    {
      gb_cli_error ("documents delete: %s", error->message);
      return 1;
    }
  g_print (_("Deleted document %lld (%u rows with it); the deletion is sent with the next sync.\n"),
           (long long) id, gb_deleted_document_get_n_rows (deleted));
  return 0;
}

int
gb_cli_documents (GbCliContext *ctx,
                  int           argc,
                  char        **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the documents as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  GbStore *store;

  if (!gb_cli_parse ("documents", "[delete ID]", _("List the tracker's documents, or delete one"), entries, &argc, &argv))
    return 2;
  if (argc > 1 && !(argc == 3 && g_str_equal (argv[1], "delete")))
    {
      gb_cli_error (_("documents: give nothing to list the documents, or “delete ID”"));
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if (argc == 3)
    return delete_document (store, argv[2]);
  if ((docs = gb_store_tracker_list_documents (store, NULL, &error)) == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if (json)
    print_documents_json (docs);
  else
    for (guint i = 0; i < docs->len; i++)
      {
        const GbTrackerDocument *d = g_ptr_array_index (docs, i);
        g_print ("%6lld  %-18s %-10s %s\n", (long long) d->id, d->number ? d->number : "—", d->date ? d->date : "",
                 d->subject ? d->subject : "");
      }
  return 0;
}
