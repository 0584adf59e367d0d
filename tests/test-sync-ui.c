/* test-sync-ui.c — the sync indicator, toasts and preferences follow the client
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-sync-conflicts.h"
#include "gb-sync-indicator.h"
#include "gb-sync-preferences.h"
#include "gb-sync-secret.h"
#include "gb-test-widgets.h"
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

/* A feed of N rows of the meta table, one page per request of the size asked. */
#define FEED_ROWS 600

static void
changes_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  gint64 since = g_ascii_strtoll (g_hash_table_lookup (query, "since"), NULL, 10);
  gint64 limit = g_ascii_strtoll (g_hash_table_lookup (query, "limit"), NULL, 10);
  gint64 next = MIN (since + limit, FEED_ROWS);
  GString *out = g_string_new (NULL);
  gsize len;

  g_string_append_printf (out, "{\"since\":%lld,\"changes\":[", (long long) since);
  for (gint64 seq = since + 1; seq <= next; seq++)
    g_string_append_printf (out, "%s{\"seq\":%lld,\"table\":\"meta\",\"op\":\"upsert\",\"key\":{\"key\":\"k%lld\"},"
                            "\"row\":{\"key\":\"k%lld\",\"value\":\"v\"}}", seq > since + 1 ? "," : "",
                            (long long) seq, (long long) seq, (long long) seq);
  g_string_append_printf (out, "],\"next\":%lld,\"last\":%d,\"more\":%s}", (long long) next, FEED_ROWS,
                          next < FEED_ROWS ? "true" : "false");
  len = out->len;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, g_string_free (out, FALSE), len);
}

static JsonNode *
meta_encode (GbStore *store, const char *table, JsonNode *key, GError **error)
{
  return json_node_new (JSON_NODE_NULL);
}

static gboolean
meta_apply (GbStore *store, const char *table, const char *op, JsonNode *key, JsonNode *row, GError **error)
{
  JsonObject *o = json_node_get_object (row);

  return gb_store_set_meta (store, json_object_get_string_member (o, "key"),
                            json_object_get_string_member (o, "value"), error);
}

static const GbSyncCodecFuncs meta_codec = { meta_encode, meta_apply };

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  GQueue queue = G_QUEUE_INIT;
  GtkWidget *found = NULL;

  g_queue_push_tail (&queue, root);
  while (!g_queue_is_empty (&queue) && found == NULL)
    {
      GtkWidget *cur = g_queue_pop_head (&queue);

      if (G_TYPE_CHECK_INSTANCE_TYPE (cur, type))
        found = cur;
      for (GtkWidget *c = gtk_widget_get_first_child (cur); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  g_queue_clear (&queue);
  return found;
}

static void
count_cb (guint *n)
{
  (*n)++;
}

/* A first sync shows rows and percentage in the window's progress bar, then hides it. */
static void
test_first_sync_progress (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autofree char *url = NULL;
  g_autofree char *value = NULL;
  GtkWidget *window, *bar, *revealer;
  guint reveals = 0;
  GSList *uris;

  g_assert_no_error (error);
  soup_server_add_handler (server, "/api/v1/changes", changes_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  client = gb_sync_client_new (path, url, "t");
  gb_sync_client_set_codec (client, &meta_codec);
  g_object_set (client, "page-size", 100, "max-attempts", 1, NULL);
  gb_window_set_sync_client (GB_WINDOW (window), client);
  gtk_window_present (GTK_WINDOW (window));
  bar = find_widget (window, GTK_TYPE_PROGRESS_BAR);
  revealer = gtk_widget_get_parent (bar);
  g_assert_true (GTK_IS_REVEALER (revealer));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  g_signal_connect_swapped (revealer, "notify::reveal-child", G_CALLBACK (count_cb), &reveals);
  gb_sync_client_sync_now (client);
  wait_idle (client);
  g_assert_cmpuint (reveals, ==, 2);   /* shown during the pull, hidden after */
  g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (bar)), ==, "Syncing: 600 of 600 rows (100 %)");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), ==, 1.0);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_null (gb_sync_client_get_last_error (client));
  value = gb_store_get_meta (store, "k600");
  g_assert_cmpstr (value, ==, "v");
  gtk_window_destroy (GTK_WINDOW (window));
  soup_server_disconnect (server);
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
  g_autoptr(GdkPaintable) paintable = NULL;
  GbSyncConflicts *win;

  g_assert_no_error (error);
  text = gb_sync_conflict_describe ("{\"status\":\"done\",\"uid\":\"a\"}", "{\"status\":\"in_progress\",\"uid\":\"a\"}");
  g_assert_cmpstr (text, ==, "status: server “done”, yours “in_progress”");
  g_clear_pointer (&text, g_free);
  text = gb_sync_conflict_describe (NULL, "{\"uid\":\"a\"}");
  g_assert_cmpstr (text, ==, "Deleted on the server; you had changed it");

  g_clear_pointer (&text, g_free);
  text = gb_sync_conflicts_describe_rejection ("no such item", NULL, "{\"uid\":\"a\"}");
  g_assert_nonnull (strstr (text, "did not accept this edit: no such item"));
  g_assert_nonnull (strstr (text, "stays as it is on this computer"));

  g_assert_true (gb_store_sync_add_conflict (store, "c1", "items", "{\"uid\":\"a\"}",
                                             "{\"status\":\"done\"}", "{\"status\":\"new\"}", NULL, &error));
  g_assert_true (gb_store_sync_add_conflict (store, "c2", "items", "{\"uid\":\"b\"}", NULL, "{\"status\":\"new\"}",
                                             NULL, &error));
  g_assert_true (gb_store_sync_add_conflict (store, "c3", "level_overrides", "{\"uid\":\"o\"}", NULL,
                                             "{\"level\":4}", "The role “secretary” may not write level_overrides",
                                             &error));
  win = gb_sync_conflicts_new (NULL, store, NULL);
  paintable = gtk_widget_paintable_new (GTK_WIDGET (win));
  gtk_window_set_default_size (GTK_WINDOW (win), 640, 560);
  gtk_window_present (GTK_WINDOW (win));
  g_assert_cmpuint (gb_sync_conflicts_get_n (win), ==, 3);
  /* Looked at: every row opened, saved beside the test for a person to see. */
  for (GtkWidget *w = gb_test_find_widget (GTK_WIDGET (win), ADW_TYPE_EXPANDER_ROW); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (ADW_IS_EXPANDER_ROW (w))
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (w), TRUE);
  gb_test_spin (400);
  {
    g_autoptr(GdkTexture) texture = gb_test_render (GTK_WIDGET (win), paintable);
    g_autofree char *png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                             "sync-conflicts.png", NULL);

    g_assert_cmpint (gdk_texture_get_width (texture), >=, 600);
    gdk_texture_save_to_png (texture, png);
  }
  /* The rejection says why and offers only to dismiss it; conflicts offer both versions. */
  g_assert_true (gb_test_find_label (GTK_WIDGET (win), "may not write level_overrides"));
  g_assert_true (gb_test_find_button (GTK_WIDGET (win), "_Dismiss"));
  g_assert_true (gb_test_find_button (GTK_WIDGET (win), "Keep _Mine"));
  list = gb_store_sync_list_conflicts (store, &error);
  g_assert_cmpstr (((GbSyncConflict *) list->pdata[2])->reason, ==, "The role “secretary” may not write level_overrides");
  g_assert_true (gb_sync_conflicts_resolve (win, ((GbSyncConflict *) list->pdata[0])->id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_sync_conflicts_get_n (win), ==, 2);
  g_assert_true (gb_sync_conflicts_resolve (win, ((GbSyncConflict *) list->pdata[2])->id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gb_sync_conflicts_get_n (win), ==, 1);
  g_assert_cmpint (gb_store_sync_conflict_count (store), ==, 1);
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int argc, char **argv)
{
  /* GLib reads the config folder once: set it before anything asks. */
  g_autofree char *config = gb_test_temp_dir ("gb-sync-ui-XXXXXX");

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GIAOBAN_NO_KEYRING", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* A missing session bus is the test machine's, not ours: only criticals are fatal. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/sync/ui/indicator-states", test_indicator_states);
  g_test_add_func ("/sync/ui/preferences-and-secret", test_preferences_and_secret);
  g_test_add_func ("/sync/ui/conflicts-window", test_conflicts_window);
  g_test_add_func ("/sync/ui/first-sync-progress", test_first_sync_progress);
  return g_test_run ();
}
