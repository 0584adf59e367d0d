/* test-sync-ui.c — the sync indicator, toasts and preferences follow the client
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-sync-conflicts.h"
#include "gb-sync-indicator.h"
#include "gb-sync-preferences.h"
#include "gb-sync-secret.h"
#include "gb-test-util.h"
#include "gb-window.h"

static void
wait_idle (GbSyncClient *client)
{
  /* The background sync runs in a thread: turn the main loop until it has reported. */
  while (gb_sync_client_get_syncing (client))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
test_indicator_states (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbSyncClient) client = NULL;
  GbSyncIndicator *indicator;
  GtkWidget *window;
  g_autoptr(GSocketListener) closed = g_socket_listener_new ();
  guint16 port;
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  /* A port that was open and is closed again: connection refused at once. */
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (closed), NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (G_SOCKET_LISTENER (closed));
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  client = gb_sync_client_new (path, NULL, NULL);
  g_object_set (client, "max-attempts", 1, NULL);
  gb_sync_client_set_local_store (client, store);
  gb_window_set_sync_client (GB_WINDOW (window), client);
  gtk_window_present (GTK_WINDOW (window));

  indicator = NULL;
  {
    /* Find the indicator in the header bar. */
    GtkWidget *w = GTK_WIDGET (window);
    GQueue queue = G_QUEUE_INIT;

    g_queue_push_tail (&queue, w);
    while (!g_queue_is_empty (&queue) && indicator == NULL)
      {
        GtkWidget *cur = g_queue_pop_head (&queue);

        if (GB_IS_SYNC_INDICATOR (cur))
          indicator = GB_SYNC_INDICATOR (cur);
        for (GtkWidget *c = gtk_widget_get_first_child (cur); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_queue_push_tail (&queue, c);
      }
    g_queue_clear (&queue);
  }
  g_assert_nonnull (indicator);
  g_assert_true (gb_sync_indicator_get_client (indicator) == client);
  g_assert_cmpstr (gb_sync_indicator_get_status (indicator), ==, "off");

  gb_sync_client_set_server_url (client, url);
  g_assert_cmpstr (gb_sync_indicator_get_status (indicator), ==, "never");

  /* Local edits waiting show in the state. */
  g_assert_true (gb_store_sync_outbox_add (store, "meta", "{\"key\":\"a\"}", "upsert", &error));
  gb_sync_client_refresh_state (client);
  g_assert_cmpint (gb_sync_client_get_pending (client), ==, 1);

  /* A failed background sync shows as an error, with the message. */
  gb_sync_client_sync_now (client);
  g_assert_true (gb_sync_client_get_syncing (client));
  g_assert_cmpstr (gb_sync_indicator_get_status (indicator), ==, "syncing");
  wait_idle (client);
  g_assert_cmpstr (gb_sync_indicator_get_status (indicator), ==, "error");
  g_assert_nonnull (gb_sync_client_get_last_error (client));
  g_assert_cmpint (gb_sync_client_get_pending (client), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences_and_secret (void)
{
  g_autofree char *path = gb_test_temp_db ();
  const char *config = g_getenv ("XDG_CONFIG_HOME");
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncClient) client = gb_sync_client_new (path, "http://old.example:8470", "old");
  GbSyncPreferences *prefs;
  g_autofree char *file = NULL;
  GStatBuf st;
  GtkWidget *url_row = NULL, *token_row = NULL;

  g_object_set (client, "max-attempts", 1, NULL);
  prefs = gb_sync_preferences_new (NULL, client);
  gtk_window_present (GTK_WINDOW (prefs));
  {
    GQueue queue = G_QUEUE_INIT;

    g_queue_push_tail (&queue, prefs);
    while (!g_queue_is_empty (&queue))
      {
        GtkWidget *cur = g_queue_pop_head (&queue);

        if (ADW_IS_PASSWORD_ENTRY_ROW (cur))
          token_row = cur;
        else if (ADW_IS_ENTRY_ROW (cur))
          url_row = cur;
        for (GtkWidget *c = gtk_widget_get_first_child (cur); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_queue_push_tail (&queue, c);
      }
  }
  g_assert_nonnull (url_row);
  g_assert_nonnull (token_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "http://old.example:8470");

  /* Not an http address: refused, nothing kept. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "ftp://x");
  g_assert_false (gb_sync_preferences_apply (prefs));
  g_assert_cmpstr (gb_sync_client_get_server_url (client), ==, "http://old.example:8470");

  gtk_editable_set_text (GTK_EDITABLE (url_row), " http://127.0.0.1:1 ");
  gtk_editable_set_text (GTK_EDITABLE (token_row), "new-token");
  g_assert_true (gb_sync_preferences_apply (prefs));
  g_assert_cmpstr (gb_sync_client_get_server_url (client), ==, "http://127.0.0.1:1");
  g_assert_cmpstr (gb_sync_client_get_token (client), ==, "new-token");
  gb_sync_client_stop_periodic (client);
  wait_idle (client);

  /* Without a keyring the token is in a file only the user can read. */
  file = gb_sync_secret_file_path ();
  g_assert_true (g_str_has_prefix (file, config));
  while (!g_file_test (file, G_FILE_TEST_EXISTS))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (file, &contents, NULL, &error));
    g_assert_cmpstr (contents, ==, "new-token");
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_conflicts_window (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *text = NULL;
  GbSyncConflicts *win;

  g_assert_no_error (error);
  text = gb_sync_conflict_describe ("{\"status\":\"done\",\"uid\":\"a\"}", "{\"status\":\"in_progress\",\"uid\":\"a\"}");
  g_assert_cmpstr (text, ==, "status: server “done”, yours “in_progress”");
  g_clear_pointer (&text, g_free);
  text = gb_sync_conflict_describe (NULL, "{\"uid\":\"a\"}");
  g_assert_cmpstr (text, ==, "Deleted on the server; you had changed it");

  g_assert_true (gb_store_sync_add_conflict (store, "c1", "items", "{\"uid\":\"a\"}",
                                             "{\"status\":\"done\"}", "{\"status\":\"new\"}", &error));
  g_assert_true (gb_store_sync_add_conflict (store, "c2", "items", "{\"uid\":\"b\"}", NULL, "{\"status\":\"new\"}", &error));
  win = gb_sync_conflicts_new (NULL, store, NULL);
  gtk_window_present (GTK_WINDOW (win));
  g_assert_cmpuint (gb_sync_conflicts_get_n (win), ==, 2);
  list = gb_store_sync_list_conflicts (store, &error);
  g_assert_true (gb_sync_conflicts_resolve (win, ((GbSyncConflict *) list->pdata[0])->id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_sync_conflicts_get_n (win), ==, 1);
  g_assert_cmpint (gb_store_sync_conflict_count (store), ==, 1);
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int argc, char **argv)
{
  /* GLib reads the config folder once: set it before anything asks. */
  g_autofree char *config = g_dir_make_tmp ("gb-sync-ui-XXXXXX", NULL);

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GIAOBAN_NO_KEYRING", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* A missing session bus is the test machine's, not ours: only criticals are fatal. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/sync/ui/indicator-states", test_indicator_states);
  g_test_add_func ("/sync/ui/preferences-and-secret", test_preferences_and_secret);
  g_test_add_func ("/sync/ui/conflicts-window", test_conflicts_window);
  return g_test_run ();
}
