/* gb-cli-sync.c — giaoban-cli sync: the app's sync with giaoband, headless
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gb-cli.h"
#include "gb-sync-client.h"

static void
progress_cb (GbSyncClient *client,
             gint64        rows,
             gint64        total,
             double        fraction,
             gpointer      data)
{
  /* Only for a person watching: a log or a pipe gets the summary alone. */
  fprintf (stderr, _("%lld of %lld rows (%.0f %%)"), (long long) rows, (long long) total, fraction * 100.0);
  fflush (stderr);
}

/* A busy server: the user learns when the sync asks again, whatever the output is. */
static void
waiting_cb (GbSyncClient *client,
            guint         seconds,
            const char   *message,
            gpointer      data)
{
  if (isatty (STDERR_FILENO))
    fprintf (stderr, "\r\033[K");
  fprintf (stderr, "%s\n", message);
  fflush (stderr);
}

static char *
read_token (const char  *path,
            GError     **error)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  g_strstrip (contents);
  if (*contents == '\0' || strchr (contents, '\n') != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s: a token file holds one token on one line"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

int
gb_cli_sync (GbCliContext  *ctx,
             int            argc,
             char         **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *token = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *area = NULL;
  int attempts = 4, timeout = 30, page_size = 2000;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The giaoband address, e.g. http://127.0.0.1:8470"), "URL" },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, N_("File holding the token (default: $GIAOBAN_TOKEN)"), "FILE" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the certificate authorities of this PEM file (a province's own) for HTTPS"), "FILE" },
    { "area", 0, 0, G_OPTION_ARG_STRING, &area,
      N_("Keep only this province's or district's units and numbers (and every province's totals)"), "CODE" },
    { "attempts", 0, 0, G_OPTION_ARG_INT, &attempts, N_("Tries before giving up (default 4)"), "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Seconds without an answer before a try fails (default 30)"), "S" },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, N_("Changes asked for per page (default 2000)"), "N" },
    { NULL }
  };
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GbSyncSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  if (!gb_cli_parse ("sync", "",
                     _("Send this copy's edits to giaoband and bring in every change since the last sync."),
                     entries, &argc, &argv))
    return 2;
  if (argc != 1 || server == NULL)
    {
      gb_cli_error (_("sync needs --server URL"));
      return 2;
    }
  if (attempts < 1 || attempts > 100 || timeout < 1 || timeout > 3600 || page_size < 1 || page_size > 100000)
    {
      gb_cli_error (_("sync: --attempts is 1 to 100, --timeout 1 to 3600, --page-size 1 to 100000"));
      return 2;
    }
  if (token_file != NULL)
    {
      if ((token = read_token (token_file, &error)) == NULL)
        {
          gb_cli_error ("%s", error->message);
          return 1;
        }
    }
  else
    token = g_strdup (g_getenv ("GIAOBAN_TOKEN"));

  /* The sync opens the database itself: a fresh copy must stay empty for the server's rows,
   * not get the demo province. */
  client = gb_sync_client_new (ctx->db_path, server, token);
  g_object_set (client, "max-attempts", (guint) attempts, "timeout", (guint) timeout,
                "page-size", (guint) page_size, "ca-file", ca_file, "area", area, NULL);
  if (isatty (STDERR_FILENO))
    g_signal_connect (client, "progress", G_CALLBACK (progress_cb), NULL);
  g_signal_connect (client, "waiting", G_CALLBACK (waiting_cb), NULL);

  summary = gb_sync_client_sync (client, NULL, &error);
  if (isatty (STDERR_FILENO))
    fprintf (stderr, "\r\033[K");
  if (summary == NULL)
    {
      gb_cli_error (_("sync with %s failed: %s"), server, error->message);
      return 1;
    }

  printf (_("Synced %s with %s\n"), ctx->db_path, server);
  printf (_("Pulled:    %lld rows (cursor %lld of %lld)\n"),
          (long long) summary->pulled, (long long) summary->cursor, (long long) summary->last);
  printf (_("Pushed:    %lld local edits\n"), (long long) summary->pushed);
  printf (_("Conflicts: %lld\n"), (long long) summary->conflicts);
  printf (_("Rejected:  %lld local edits the server would not take (see the conflicts)\n"),
          (long long) summary->rejected);
  printf (_("Pending:   %lld local edits not yet accepted\n"), (long long) summary->pending);
  printf (_("Time:      %.2f s (%u attempts)\n"), summary->seconds, summary->attempts);
  return 0;
}
