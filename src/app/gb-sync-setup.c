/* gb-sync-setup.c — the app's sync: the outbox on its connection, the client, its settings
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-application.h"
#include "gb-store-sync.h"
#include "gb-sync-secret.h"
#include "gb-sync-setup.h"

static void
restart (GbSyncClient *client)
{
  g_autoptr(GSettings) settings = gb_application_settings ();
  const char *url = gb_sync_client_get_server_url (client);

  gb_sync_client_stop_periodic (client);
  if (url != NULL && *url != '\0')
    gb_sync_client_start_periodic (client, g_settings_get_uint (settings, "sync-interval"));
}

static void
token_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GbSyncClient) client = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = gb_sync_secret_load_finish (result, &error);

  if (error != NULL)
    g_warning ("Could not read the sync token: %s", error->message);
  if (g_getenv ("GIAOBAN_TOKEN") != NULL)
    {
      g_free (token);
      token = g_strdup (g_getenv ("GIAOBAN_TOKEN"));
    }
  gb_sync_client_set_token (client, token);
  restart (client);
}

/**
 * gb_sync_setup_new:
 * @store: the app's connection
 * @outbox_enabled: whether gb_store_sync_enable_outbox() already ran on @store (in the worker
 *   that opened it: its 60-odd triggers take a moment the UI thread need not spend)
 *
 * From now on every edit on @store is queued for the server in its own transaction. The
 * client syncs in the background when a server is set in the preferences, once the token
 * has been read from the keyring or the private file.
 */
GbSyncClient *
gb_sync_setup_new (GbStore  *store,
                   gboolean  outbox_enabled,
                   GError  **error)
{
  g_autoptr(GSettings) settings = gb_application_settings ();
  g_autofree char *url = g_settings_get_string (settings, "sync-server-url");
  const char *env_url = g_getenv ("GIAOBAN_SYNC_SERVER");
  g_autoptr(GbSyncClient) client = NULL;
  g_autofree char *ca_file = g_settings_get_string (settings, "sync-ca-file");
  g_autofree char *area = g_settings_get_string (settings, "sync-area");

  if (!outbox_enabled && !gb_store_sync_enable_outbox (store, error))
    return NULL;
  /* GIAOBAN_SYNC_SERVER and GIAOBAN_TOKEN (as for giaoban-cli sync) override the settings:
   * a laptop can be pointed at a server by its deployment, without the preferences. */
  if (env_url != NULL && *env_url != '\0')
    {
      g_free (url);
      url = g_strdup (env_url);
    }
  client = gb_sync_client_new (gb_store_get_path (store), *url ? url : NULL, NULL);
  gb_sync_client_set_ca_file (client, ca_file);
  gb_sync_client_set_area (client, area);
  gb_sync_client_set_local_store (client, store);
  gb_sync_client_refresh_state (client);
  gb_sync_secret_load_async (NULL, token_loaded_cb, g_object_ref (client));
  return g_steal_pointer (&client);
}

static void
token_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!gb_sync_secret_save_finish (result, &error))
    g_warning ("Could not keep the sync token: %s", error->message);
}

/**
 * gb_sync_setup_configure:
 *
 * Keeps a new server address and certificate authority file (settings) and token (keyring
 * or private file), and syncs with them now.
 */
void
gb_sync_setup_configure (GbSyncClient *client,
                         const char   *server_url,
                         const char   *token,
                         const char   *ca_file,
                         const char   *area)
{
  g_autoptr(GSettings) settings = gb_application_settings ();

  g_settings_set_string (settings, "sync-server-url", server_url ? server_url : "");
  g_settings_set_string (settings, "sync-ca-file", ca_file ? ca_file : "");
  gb_sync_client_set_ca_file (client, ca_file);
  g_settings_set_string (settings, "sync-area", area ? area : "");
  gb_sync_client_set_area (client, area);
  gb_sync_secret_save_async (token, NULL, token_saved_cb, NULL);
  gb_sync_client_set_server_url (client, server_url && *server_url ? server_url : NULL);
  gb_sync_client_set_token (client, token && *token ? token : NULL);
  restart (client);
}
