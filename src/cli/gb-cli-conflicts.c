/* gb-cli-conflicts.c — giaoban-cli conflicts: the sync's conflicts, listed and resolved
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gb-cli.h"
#include "gb-store-sync.h"
#include "gb-sync-client.h"

/* Each open conflict, with only the fields on which the two versions disagree. */
static int
list_conflicts (GbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = gb_store_sync_list_conflicts (store, &error);

  if (conflicts == NULL)
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if (conflicts->len == 0)
    printf (_("No open conflicts.\n"));
  for (guint i = 0; i < conflicts->len; i++)
    {
      GbSyncConflict *c = g_ptr_array_index (conflicts, i);
      g_autoptr(GPtrArray) fields = gb_sync_conflict_fields (c);

      printf ("#%lld %s %s  %s\n", (long long) c->id, c->table, c->key,
              c->reason ? c->reason : _("both copies changed it"));
      if (c->client_row == NULL)
        printf (_("  mine:   deleted\n"));
      if (c->server_row == NULL)
        printf (_("  theirs: deleted or refused\n"));
      for (guint f = 0; f < fields->len; f++)
        {
          GbSyncField *field = g_ptr_array_index (fields, f);

          printf ("  %s\n    %s %s\n    %s %s\n", field->name, _("mine:  "), field->mine ? field->mine : "—",
                  _("theirs:"), field->theirs ? field->theirs : "—");
        }
    }
  return 0;
}

static int
resolve (GbStore    *store,
         const char *id_text,
         gboolean    keep_mine)
{
  g_autoptr(GError) error = NULL;
  guint64 id;

  if (!g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    {
      gb_cli_error (_("conflicts: “%s” is not a conflict number (see conflicts list)"), id_text);
      return 2;
    }
  if (!gb_sync_resolve_conflict (store, (gint64) id, keep_mine, NULL, &error))
    {
      gb_cli_error (_("conflicts: could not resolve #%s: %s"), id_text, error->message);
      return 1;
    }
  printf (keep_mine ? _("Conflict #%s: this copy's version kept; it goes to the server at the next sync.\n")
                    : _("Conflict #%s: the server's version kept.\n"), id_text);
  return 0;
}

int
gb_cli_conflicts (GbCliContext  *ctx,
                  int            argc,
                  char         **argv)
{
  GOptionEntry entries[] = { { NULL } };
  GbStore *store;

  if (!gb_cli_parse ("conflicts", "list | keep-mine ID | keep-theirs ID",
                     _("List the sync's open conflicts, or settle one by keeping this copy's version or the "
                       "server's."), entries, &argc, &argv))
    return 2;
  if (argc < 2 || (strcmp (argv[1], "list") == 0 && argc != 2) ||
      (strcmp (argv[1], "list") != 0 && argc != 3) ||
      (strcmp (argv[1], "list") != 0 && strcmp (argv[1], "keep-mine") != 0 && strcmp (argv[1], "keep-theirs") != 0))
    {
      gb_cli_error (_("conflicts needs list, keep-mine ID or keep-theirs ID"));
      return 2;
    }
  if ((store = gb_cli_context_get_store (ctx)) == NULL)
    return 1;
  if (strcmp (argv[1], "list") == 0)
    return list_conflicts (store);
  return resolve (store, argv[2], strcmp (argv[1], "keep-mine") == 0);
}
