/* test-map-page.c — the Zone map view on the demo: drawn, levels from the engine, details,
 * declaring a level through the form
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <libsoup/soup.h>
#include <stdio.h>

#include "gb-demo.h"
#include "gb-level-engine.h"
#include "gb-error.h"
#include "gb-map-page.h"
#include "gb-offline-tiles.h"
#include "gb-store.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"


static GtkWidget *
find_entry_with_placeholder (GtkWidget  *root,
                             const char *placeholder)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_ENTRY (c) && g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (c)), placeholder) == 0)
        return c;
      if ((found = find_entry_with_placeholder (c, placeholder)) != NULL)
        return found;
    }
  return NULL;
}

static guint
count_color (GdkTexture *texture,
             guint32     rgb)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  guint n = 0;

  gdk_texture_download (texture, data, w * 4);
  for (int i = 0; i < w * h; i++)
    if (data[i * 4 + 2] == ((rgb >> 16) & 0xff) && data[i * 4 + 1] == ((rgb >> 8) & 0xff) && data[i * 4] == (rgb & 0xff))
      n++;
  return n;
}

static void
test_page (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_MAP_PAGE, NULL);
  GbMapRenderer *renderer;
  const char *date = "2021-11-15";
  const char *code = NULL;
  guint counts[5], declared, yellow = 0;
  int w, h;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  paintable = gtk_widget_paintable_new (page);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), date);
  gtk_window_present (GTK_WINDOW (window));
  gb_test_spin (400);

  /* The map's levels are the engine's. */
  renderer = gb_map_page_get_renderer (GB_MAP_PAGE (page));
  g_assert_cmpuint (gb_map_renderer_get_n_units (renderer), ==, 72);
  engine = gb_level_engine_new (store);
  expected = gb_level_engine_compute (engine, date, GB_UNIT_LEVEL_COMMUNE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < expected->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (expected, i);

      g_assert_cmpint (gb_map_renderer_get_unit_level (renderer, r->unit_code) & ~GB_LEVEL_DECLARED_FLAG, ==, r->effective);
      if (r->effective == GB_LEVEL_2)
        yellow++;
      if (code == NULL && r->effective != GB_LEVEL_NO_DATA && r->declared == GB_LEVEL_NO_DATA)
        code = r->unit_code;
    }
  gb_map_renderer_count_levels (renderer, counts, &declared);
  g_assert_cmpuint (counts[GB_LEVEL_2], ==, yellow);
  g_assert_cmpuint (declared, ==, 0);

  /* On screen: the yellow of level 2 is there, in quantity. */
  w = gtk_widget_get_width (page);
  h = gtk_widget_get_height (page);
  /* The paintable has the page once a frame was drawn: wait for it (up to 10 s). */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (node == NULL && g_get_monotonic_time () < end)
      {
        snapshot = gtk_snapshot_new ();
        gdk_paintable_snapshot (paintable, snapshot, w, h);
        node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
        if (node == NULL)
          gb_test_spin (50);
      }
  }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (page)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (yellow > 0)
    g_assert_cmpuint (count_color (texture, 0xF1BA15), >, 1000);
  {
    g_autofree char *png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                             "map-page.png", NULL);
    gdk_texture_save_to_png (texture, png);
  }

  /* Declare a level through the details form: stored, and on the map as declared. */
  g_assert_nonnull (code);
  gb_map_page_select (GB_MAP_PAGE (page), code);
  gtk_editable_set_text (GTK_EDITABLE (find_entry_with_placeholder (page, "Reason (the notice that declares it)")),
                         "Thông báo 125-TB/TU");
  g_assert_true (gtk_widget_activate_action (page, "map.declare", NULL));
  g_assert_true (gb_map_renderer_get_unit_level (renderer, code) & GB_LEVEL_DECLARED_FLAG);
  g_assert_cmpint (gb_map_renderer_get_unit_level (renderer, code) & ~GB_LEVEL_DECLARED_FLAG, ==, GB_LEVEL_1);
  gb_map_renderer_count_levels (renderer, counts, &declared);
  g_assert_cmpuint (declared, ==, 1);
  /* And revoked: back to the computed level. */
  g_assert_true (gtk_widget_activate_action (page, "map.revoke", NULL));
  g_assert_false (gb_map_renderer_get_unit_level (renderer, code) & GB_LEVEL_DECLARED_FLAG);

  /* The next day: the levels follow the date. */
  gb_page_set_date (GB_PAGE (page), "2021-11-16");
  {
    g_autoptr(GbLevelResult) r = gb_level_engine_compute_unit (engine, code, "2021-11-16", &error);

    g_assert_no_error (error);
    g_assert_cmpint (gb_map_renderer_get_unit_level (renderer, code) & ~GB_LEVEL_DECLARED_FLAG, ==, r->effective);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

static GByteArray *tile_png;

static cairo_status_t
append_png (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A real 256×256 PNG tile, as a tile server sends. */
static void
make_tile (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (s);

  cairo_set_source_rgb (cr, 0.8, 0.9, 0.8);
  cairo_paint (cr);
  cairo_destroy (cr);
  tile_png = g_byte_array_new ();
  cairo_surface_write_to_png_stream (s, append_png, tile_png);
  cairo_surface_destroy (s);
}

static void
tile_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  guint *requests = user_data;
  int z, x, y;

  (*requests)++;
  if (sscanf (path, "/%d/%d/%d.png", &z, &x, &y) != 3)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, (const char *) tile_png->data, tile_png->len);
}

static void
fetch_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

/* Saving for offline use fetches every tile of the region once through the map's own data
 * source (a tile server on this machine stands in for the network); a dead server is said
 * plainly. */
static void
test_offline_tiles (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(ShumateTileDownloader) downloader = NULL;
  g_autoptr(GbOfflineTiles) offline = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = NULL;
  guint requests = 0, fetched = 0, failed = 0, total;

  make_tile ();
  soup_server_add_handler (server, NULL, tile_handler, &requests, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/{z}/{x}/{y}.png", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  total = gb_offline_tiles_count (108.6, 11.3, 109.2, 12.2, 7, 9);
  g_assert_cmpuint (total, >=, 3);
  g_assert_cmpuint (gb_offline_tiles_count (108.6, 11.3, 109.2, 12.2, 7, 7), ==, 1);
  downloader = shumate_tile_downloader_new (url);
  offline = gb_offline_tiles_new (SHUMATE_DATA_SOURCE (downloader));
  gb_offline_tiles_fetch_async (offline, 108.6, 11.3, 109.2, 12.2, 7, 9, NULL, fetch_done, &result);
  if (!gb_offline_tiles_fetch_finish (offline, wait_for (&result), &fetched, &failed, &error))
    g_test_message ("%s; %u requests", error->message, requests);
  g_assert_no_error (error);
  g_assert_cmpuint (fetched, ==, total);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (requests, ==, total);

  /* Nobody answers: a clear error. */
  g_clear_object (&result);
  soup_server_disconnect (server);
  g_clear_object (&offline);
  g_clear_object (&downloader);
  downloader = shumate_tile_downloader_new ("http://127.0.0.1:9/{z}/{x}/{y}.png");
  offline = gb_offline_tiles_new (SHUMATE_DATA_SOURCE (downloader));
  gb_offline_tiles_fetch_async (offline, 108.6, 11.3, 109.2, 12.2, 7, 8, NULL, fetch_done, &result);
  g_assert_false (gb_offline_tiles_fetch_finish (offline, wait_for (&result), &fetched, &failed, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_FAILED);
  g_assert_cmpuint (failed, ==, gb_offline_tiles_count (108.6, 11.3, 109.2, 12.2, 7, 8));
}

int
main (int    argc,
      char **argv)
{
  /* Tiles fetched by the tests go to a cache of their own. */
  {
    g_autofree char *cache = g_dir_make_tmp ("gb-tiles-XXXXXX", NULL);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/map-page/page", test_page);
  g_test_add_func ("/map-page/offline-tiles", test_offline_tiles);
  return g_test_run ();
}
