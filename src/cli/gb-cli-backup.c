/* gb-cli-backup.c — backup, restore and the demo
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-cli.h"
#include "gb-demo.h"
#include "gb-store-backup.h"

/* The database as it is: a backup or a restore does not load the demo into a new one. */
static GbStore *
open_plain (GbCliContext *ctx)
{
  g_autoptr(GError) error = NULL;

  if (ctx->store == NULL && (ctx->store = gb_store_open (ctx->db_path, &error)) == NULL)
    gb_cli_error ("%s", error->message);
  return ctx->store;
}

int
gb_cli_backup (GbCliContext  *ctx,
               int            argc,
               char         **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  GbStore *store;

  if (!gb_cli_parse ("backup", _("FILE"),
                     _("Write a copy of the whole database to FILE, while it stays in use (SQLite's online backup)."),
                     entries, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      gb_cli_error (_("name one backup file"));
      return 2;
    }
  if ((store = open_plain (ctx)) == NULL)
    return 1;
  if (!gb_store_backup (store, argv[1], &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  g_print (_("Backed up %s to %s.\n"), gb_store_get_path (store), argv[1]);
  return 0;
}

int
gb_cli_restore (GbCliContext  *ctx,
                int            argc,
                char         **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  GbStore *store;

  if (!gb_cli_parse ("restore", _("FILE"),
                     _("Replace the database with a backup. The file is checked first (an intact Giao Ban "
                       "database this version can open), and the database as it was is kept beside it."),
                     entries, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      gb_cli_error (_("name one backup file"));
      return 2;
    }
  /* Checked before the database is even opened: a bad file changes nothing anywhere. */
  if (!gb_store_check_backup (argv[1], &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  if ((store = open_plain (ctx)) == NULL)
    return 1;
  if (!gb_store_restore (store, argv[1], &kept, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  g_print (_("Restored %s from %s; the database as it was is kept in %s.\n"), gb_store_get_path (store), argv[1],
           kept ? kept : "-");
  return 0;
}

int
gb_cli_demo (GbCliContext  *ctx,
             int            argc,
             char         **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  GbStore *store;

  if (!gb_cli_parse ("demo", _("remove | load"),
                     _("Remove the Ninh Thuận demo from the database (its notices, its simulated series and the "
                       "units that hold nothing else; it does not come back), or load it."),
                     entries, &argc, &argv))
    return 2;
  if (argc != 2 || (strcmp (argv[1], "remove") != 0 && strcmp (argv[1], "load") != 0))
    {
      gb_cli_error (_("usage: giaoban-cli demo remove | load"));
      return 2;
    }
  if ((store = open_plain (ctx)) == NULL)
    return 1;
  if (strcmp (argv[1], "load") == 0)
    {
      if (gb_demo_is_loaded (store))
        {
          g_print (_("The demo is already in the database.\n"));
          return 0;
        }
      if (!gb_demo_load (store, &error))
        {
          gb_cli_error ("%s", error->message);
          return 1;
        }
      g_print (_("Loaded the Ninh Thuận demo.\n"));
      return 0;
    }
  if (!gb_demo_remove (store, &error))
    {
      gb_cli_error ("%s", error->message);
      return 1;
    }
  g_print (_("Removed the demo.\n"));
  return 0;
}
