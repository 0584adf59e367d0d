/* test-map-page.c — the Zone map view on the demo: drawn, levels from the engine, details,
 * declaring a level through the form
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gb-demo.h"
#include "gb-level.h"
#include "gb-level-engine.h"
#include "gb-error.h"
#include "gb-map-layer.h"
#include "gb-map-page.h"
#include "gb-offline-tiles.h"
#include "gb-store.h"
#include "gb-store-levels.h"
#include "gb-store-unit-merges.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"
#include "gb-tile-server.h"


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

static guint
count_levels (GdkTexture *texture,
              gboolean    high_contrast)
{
  guint n = 0;

  for (int l = GB_LEVEL_1; l <= GB_LEVEL_4; l++)
    n += count_color (texture, high_contrast ? gb_level_get_high_contrast_color (l) : gb_level_get_color (l));
  return n;
}

/* The map layer draws in a worker: renders @page until the pixels having the level colours
 * of @high_contrast number @at_least to @at_most, or 15 s passed (the caller's assertions
 * then fail). */
static GdkTexture *
render_when_levels (GtkWidget    *page,
                    GdkPaintable *paintable,
                    gboolean      high_contrast,
                    guint         at_least,
                    guint         at_most)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  for (;;)
    {
      GdkTexture *texture = gb_test_render (page, paintable);

      guint n = count_levels (texture, high_contrast);

      if ((n >= at_least && n <= at_most) || g_get_monotonic_time () > end)
        return texture;
      g_object_unref (texture);
      gb_test_spin (100);
    }
}

/* The system's high contrast (org.gnome.desktop.a11y.interface, which libadwaita follows when
 * no portal answers) switches the map to the high-contrast palette with its patterns at once,
 * and back; outside it, Show Level Patterns puts the patterns over the usual colours. */
static void
test_high_contrast (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GSettings) a11y = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.a11y.interface", TRUE);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_MAP_PAGE, NULL);
  GbMapRenderer *renderer = gb_map_page_get_renderer (GB_MAP_PAGE (page));
  guint plain;

  if (schema == NULL)
    {
      g_test_skip ("no org.gnome.desktop.a11y.interface schema to set high contrast with");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  a11y = g_settings_new ("org.gnome.desktop.a11y.interface");
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  paintable = gtk_widget_paintable_new (page);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), "2021-11-15");
  gtk_window_present (GTK_WINDOW (window));
  gb_test_spin (400);

  {
    g_autoptr(GdkTexture) texture = gb_test_render (page, paintable);

    plain = count_levels (texture, FALSE);
    g_test_message ("plain: %u pixels of level colours", plain);
    g_assert_cmpuint (plain, >, 5000);
    g_assert_cmpuint (count_levels (texture, TRUE), <, plain / 10);
  }

  g_settings_set_boolean (a11y, "high-contrast", TRUE);
  gb_test_spin (500);
  g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
  g_assert_true (gb_map_renderer_get_high_contrast (renderer));
  g_assert_true (gb_map_renderer_get_patterns (renderer));
  {
    g_autoptr(GdkTexture) texture = render_when_levels (page, paintable, TRUE, plain / 2 + 1, G_MAXUINT);

    g_test_message ("high contrast: %u plain, %u high-contrast", count_levels (texture, FALSE), count_levels (texture, TRUE));
    g_assert_cmpuint (count_levels (texture, FALSE), <, plain / 10);
    g_assert_cmpuint (count_levels (texture, TRUE), >, plain / 2);
  }

  g_settings_set_boolean (a11y, "high-contrast", FALSE);
  gb_test_spin (500);
  g_assert_false (gb_map_renderer_get_patterns (renderer));
  {
    g_autoptr(GdkTexture) texture = render_when_levels (page, paintable, FALSE, plain * 9 / 10 + 1, G_MAXUINT);

    g_assert_cmpuint (count_levels (texture, FALSE), >, plain * 9 / 10);
    g_assert_cmpuint (count_levels (texture, TRUE), <, plain / 10);
    plain = count_levels (texture, FALSE);
  }

  /* The menu's toggle: the same colours, some of their pixels now the patterns' marks. */
  g_assert_true (gtk_widget_activate_action (page, "map.patterns", NULL));
  gb_test_spin (500);
  g_assert_true (gb_map_renderer_get_patterns (renderer));
  g_assert_false (gb_map_renderer_get_high_contrast (renderer));
  {
    g_autoptr(GdkTexture) texture = render_when_levels (page, paintable, FALSE, plain / 2 + 1, plain * 95 / 100 - 1);
    guint patterned = count_levels (texture, FALSE);

    g_test_message ("patterns: %u pixels of level colours", patterned);
    g_assert_cmpuint (patterned, <, plain * 95 / 100);
    g_assert_cmpuint (patterned, >, plain / 2);
  }
  g_assert_true (gtk_widget_activate_action (page, "map.patterns", NULL));
  g_assert_false (gb_map_renderer_get_patterns (renderer));
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (50);
}

static void
test_page (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_MAP_PAGE, NULL);
  GbMapRenderer *renderer;
  const char *date = "2021-11-15";
  const char *code = NULL;
  guint counts[5], declared, yellow = 0;

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
  texture = gb_test_render (page, paintable);
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

static void
failing_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  (*(guint *) user_data)++;
  soup_server_message_set_status (msg, 503, NULL);
}

/* Saving for offline use fails in seconds, not after hundreds of tiles: the public
 * OpenStreetMap server is refused (bulk downloads are against its usage policy) before any
 * request; a server nobody listens on is known by one connection; a server that answers but
 * sends no tile is left after the first few. The server says it is failing, and stops saying
 * so when a tile comes. */
static void
test_offline_fails_fast (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GbTileServer) tiles = NULL;
  g_autoptr(GbOfflineTiles) offline = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = NULL;
  guint requests = 0, fetched = 0, failed = 0, total = gb_offline_tiles_count (108.6, 11.3, 109.2, 12.2, 7, 12);
  gint64 start;

  g_assert_cmpuint (total, >, 40);
  g_assert_false (gb_tile_server_url_allows_bulk (GB_TILE_SERVER_OSM_URL, NULL));
  g_assert_false (gb_tile_server_url_allows_bulk ("https://a.tile.openstreetmap.org/{z}/{x}/{y}.png", NULL));
  g_assert_true (gb_tile_server_url_allows_bulk ("https://tiles.soyte.ninhthuan.gov.vn/{z}/{x}/{y}.png", NULL));
  g_assert_false (gb_tile_server_url_check ("tiles.example.vn/{z}/{x}/{y}.png", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (gb_tile_server_url_check ("https://tiles.example.vn/tile.png", NULL));

  /* The public server: refused before any request. */
  tiles = gb_tile_server_new (GB_TILE_SERVER_OSM_URL);
  offline = gb_offline_tiles_new (SHUMATE_DATA_SOURCE (tiles));
  gb_offline_tiles_fetch_async (offline, 108.6, 11.3, 109.2, 12.2, 7, 12, NULL, fetch_done, &result);
  g_assert_false (gb_offline_tiles_fetch_finish (offline, wait_for (&result), &fetched, &failed, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "OpenStreetMap"));
  g_assert_cmpuint (fetched, ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);
  g_clear_object (&offline);
  g_clear_object (&tiles);

  /* Nobody listens: one refused connection says it. */
  start = g_get_monotonic_time ();
  tiles = gb_tile_server_new ("http://127.0.0.1:9/{z}/{x}/{y}.png");
  offline = gb_offline_tiles_new (SHUMATE_DATA_SOURCE (tiles));
  gb_offline_tiles_fetch_async (offline, 108.6, 11.3, 109.2, 12.2, 7, 12, NULL, fetch_done, &result);
  g_assert_false (gb_offline_tiles_fetch_finish (offline, wait_for (&result), &fetched, &failed, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpuint (failed, ==, total);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_clear_object (&result);
  g_clear_object (&offline);
  g_clear_object (&tiles);

  /* It answers, but with no tile: the first few fail and the rest are not asked for. */
  make_tile ();
  soup_server_add_handler (server, NULL, failing_handler, &requests, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/{z}/{x}/{y}.png", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  tiles = gb_tile_server_new (url);
  g_assert_false (gb_tile_server_get_failing (tiles));
  offline = gb_offline_tiles_new (SHUMATE_DATA_SOURCE (tiles));
  gb_offline_tiles_fetch_async (offline, 108.6, 11.3, 109.2, 12.2, 7, 12, NULL, fetch_done, &result);
  g_assert_false (gb_offline_tiles_fetch_finish (offline, wait_for (&result), &fetched, &failed, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_FAILED);
  g_assert_cmpuint (failed, ==, total);
  g_assert_cmpuint (requests, <=, 8);
  g_assert_true (gb_tile_server_get_failing (tiles));
  g_assert_nonnull (gb_tile_server_get_error (tiles));

  /* A tile comes: no longer failing. */
  soup_server_remove_handler (server, NULL);
  soup_server_add_handler (server, NULL, tile_handler, &requests, NULL);
  g_clear_object (&result);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (tiles), 101, 58, 7, NULL, fetch_done, &result);
  {
    g_autoptr(GBytes) bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (tiles), wait_for (&result), NULL);

    g_assert_nonnull (bytes);
  }
  g_assert_false (gb_tile_server_get_failing (tiles));
}

/* The pointer reaches the map layer: gtk_widget_pick() at a commune's centre returns the
 * GbMapLayer that carries the tooltip and the click (it returned the ShumateMap, so hovering
 * and clicking a commune did nothing: issue 19). */
/* @page in @window (@width × @height) on the demo in @store, on @date. */
static void
show_on_demo (GtkWidget  *window,
              GtkWidget  *page,
              GbStore    *store,
              int         width,
              int         height,
              const char *date)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gb_demo_load_if_empty (store, &error));
  g_assert_no_error (error);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), date);
  gtk_window_present (GTK_WINDOW (window));
}

static void
test_pick (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_MAP_PAGE, NULL);
  GtkWidget *layer, *picked;
  GbMapRenderer *renderer;
  GbMapView view;
  double x0, y0, x1, y1;
  graphene_point_t at;
  int w, h;

  g_assert_no_error (error);
  show_on_demo (window, page, store, 1000, 700, "2021-11-15");
  gb_test_spin (400);

  renderer = gb_map_page_get_renderer (GB_MAP_PAGE (page));
  layer = gb_test_find_widget (page, GB_TYPE_MAP_LAYER);
  g_assert_nonnull (layer);
  w = gtk_widget_get_width (layer);
  h = gtk_widget_get_height (layer);
  g_assert_cmpint (w, >, 100);
  gb_map_layer_get_view (GB_MAP_LAYER (layer), &view);
  /* The commune under the middle of the province's box, and that commune's own centre. */
  g_assert_true (gb_map_renderer_get_bounds (renderer, NULL, &x0, &y0, &x1, &y1));
  {
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const char *code = gb_map_renderer_hit_test (renderer, &view, w, h, (cx - view.cx) * view.scale + w / 2.0,
                                                 (cy - view.cy) * view.scale + h / 2.0);

    g_assert_nonnull (code);
    g_assert_true (gb_map_renderer_get_bounds (renderer, code, &x0, &y0, &x1, &y1));
    g_assert_true (gtk_widget_compute_point (layer, window,
                                             &GRAPHENE_POINT_INIT ((cx - view.cx) * view.scale + w / 2.0,
                                                                   (cy - view.cy) * view.scale + h / 2.0), &at));
  }
  picked = gtk_widget_pick (window, at.x, at.y, GTK_PICK_DEFAULT);
  g_test_message ("picked %s", picked ? G_OBJECT_TYPE_NAME (picked) : "nothing");
  g_assert_true (picked == layer);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
details_shown (GtkWidget *label)
{
  GtkWidget *revealer = gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER);

  return gtk_widget_get_visible (revealer) && gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

/* A commune chosen in the sidebar (the page's unit) opens its details and moves the map to it;
 * the province closes them. */
static void
test_unit_from_sidebar (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GPtrArray) communes = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_MAP_PAGE, NULL);
  GtkWidget *layer, *label;
  GbMapRenderer *renderer;
  const GbUnit *commune;
  GbMapView view;
  double x0, y0, x1, y1;

  g_assert_no_error (error);
  show_on_demo (window, page, store, 1000, 700, "2021-11-15");
  gb_test_spin (400);
  renderer = gb_map_page_get_renderer (GB_MAP_PAGE (page));
  layer = gb_test_find_widget (page, GB_TYPE_MAP_LAYER);
  label = gb_test_find_named (page, "details-unit");
  g_assert_nonnull (label);
  g_assert_false (details_shown (label));

  communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, NULL, &error);
  g_assert_nonnull (communes);
  commune = g_ptr_array_index (communes, communes->len / 2);
  gb_page_set_unit_code (GB_PAGE (page), commune->code);
  gb_test_spin (400);
  g_assert_true (details_shown (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, commune->name);
  /* The map is centred on it. */
  gb_map_layer_get_view (GB_MAP_LAYER (layer), &view);
  g_assert_true (gb_map_renderer_get_bounds (renderer, commune->code, &x0, &y0, &x1, &y1));
  g_assert_cmpfloat (fabs (view.cx - (x0 + x1) / 2) * view.scale, <, 2);
  g_assert_cmpfloat (fabs (view.cy - (y0 + y1) / 2) * view.scale, <, 2);

  gb_page_set_unit_code (GB_PAGE (page), "58");
  gb_test_spin (300);
  g_assert_false (details_shown (label));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Spins until the layer is @width wide and its view's scale is not @scale (up to 10 s). */
static void
wait_for_view (GtkWidget *layer,
               int        width,
               double     scale,
               GbMapView *view)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  do
    {
      gb_test_spin (50);
      gb_map_layer_get_view (GB_MAP_LAYER (layer), view);
    }
  while (g_get_monotonic_time () < end && (gtk_widget_get_width (layer) != width || view->scale == scale));
  gb_test_spin (100);
  gb_map_layer_get_view (GB_MAP_LAYER (layer), view);
}

/* A larger window (maximised) fits the province again, as long as the person has not moved
 * the map; after a pan it stays where they put it. */
static void
test_refit_on_resize (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_MAP_PAGE, NULL);
  GtkWidget *layer;
  GbMapView small, large, moved;

  g_assert_no_error (error);
  show_on_demo (window, page, store, 700, 500, "2021-11-15");
  layer = gb_test_find_widget (page, GB_TYPE_MAP_LAYER);
  wait_for_view (layer, 700, 0, &small);

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 1000);
  wait_for_view (layer, 1400, small.scale, &large);
  g_assert_cmpint (gtk_widget_get_height (layer), >, 800);
  g_assert_cmpfloat (large.scale, >, small.scale * 1.5);

  /* Moved by hand: the next size keeps the place. */
  shumate_viewport_set_zoom_level (shumate_layer_get_viewport (SHUMATE_LAYER (layer)), 12);
  gb_map_layer_get_view (GB_MAP_LAYER (layer), &moved);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  while (gtk_widget_get_width (layer) != 900)
    gb_test_spin (50);
  gb_test_spin (500);
  gb_map_layer_get_view (GB_MAP_LAYER (layer), &large);
  g_assert_cmpfloat (large.scale, ==, moved.scale);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The details list every level declared for the unit, revoked ones too, with who and why. */
static void
test_declared_history (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GPtrArray) communes = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_MAP_PAGE, NULL);
  GtkWidget *label;
  const GbUnit *commune;
  const char *text;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, NULL, &error);
  commune = g_ptr_array_index (communes, 3);
  first = gb_store_add_level_override (store, commune->code, "2021-11-01", "2021-11-10", 3, "Ổ dịch chợ", "Nguyễn Văn A", &error);
  g_assert_no_error (error);
  g_assert_true (gb_store_revoke_level_override (store, first, "Đã khoanh vùng", "Trần Thị B", &error));
  second = gb_store_add_level_override (store, commune->code, "2021-11-12", NULL, 4, "Chùm ca mới", "Nguyễn Văn A", &error);
  g_assert_no_error (error);

  show_on_demo (window, page, store, 1000, 700, "2021-11-15");
  gb_test_spin (200);
  gb_map_page_select (GB_MAP_PAGE (page), commune->code);
  label = gb_test_find_named (page, "declared-history");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (label));
  text = gtk_label_get_text (GTK_LABEL (label));
  g_test_message ("%s", text);
  /* Newest first: the one in force, then the revoked one with its revocation. */
  g_assert_nonnull (strstr (text, "Chùm ca mới"));
  g_assert_nonnull (strstr (text, "Ổ dịch chợ"));
  g_assert_true (strstr (text, "Chùm ca mới") < strstr (text, "Ổ dịch chợ"));
  g_assert_nonnull (strstr (text, "01/11/2021 – 10/11/2021"));
  g_assert_nonnull (strstr (text, "Trần Thị B: Đã khoanh vùng"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static int
row_level (GListModel *model,
           guint       i)
{
  g_autoptr(GObject) row = g_list_model_get_item (model, i);
  int level = 0;

  g_object_get (row, "level", &level, NULL);
  return level;
}

/* The table beside the map: every commune, sorted by the column clicked, searched without
 * diacritics, written as CSV; and the map printed to a PDF page. */
static void
test_table_and_print (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autofree char *pdf = g_strconcat (path, ".pdf", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_auto(GStrv) lines = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_MAP_PAGE, NULL);
  GbUnitTable *table;
  GtkColumnView *view;
  GListModel *model, *columns;
  g_autoptr(GtkColumnViewColumn) level_column = NULL;
  gsize len;
  guint n;

  g_assert_no_error (error);
  show_on_demo (window, page, store, 1300, 700, "2022-01-22");
  gb_test_spin (200);
  g_assert_true (gtk_widget_activate_action (page, "map.table", NULL));
  gb_test_spin (200);
  table = gb_map_page_get_table (GB_MAP_PAGE (page));
  model = gb_unit_table_get_model (table);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, 65);

  /* Sorted by level, highest first, as the column's header does. */
  view = GTK_COLUMN_VIEW (gb_test_find_widget (GTK_WIDGET (table), GTK_TYPE_COLUMN_VIEW));
  columns = gtk_column_view_get_columns (view);
  level_column = g_list_model_get_item (columns, 1);
  gtk_column_view_sort_by_column (view, level_column, GTK_SORT_DESCENDING);
  g_assert_cmpint (row_level (model, 0), ==, GB_LEVEL_4);
  g_assert_cmpint (row_level (model, 0), >=, row_level (model, n - 1));

  /* Searched without diacritics. */
  gb_unit_table_set_search (table, "phuoc");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 5);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, n);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (model, i);
      g_autofree char *name = NULL;

      g_object_get (row, "name", &name, NULL);
      g_assert_nonnull (strstr (name, "Phước"));
    }
  gb_unit_table_set_search (table, "");

  csv = gb_unit_table_to_csv (table);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 65 + 2);   /* header, rows, the empty end */
  g_assert_true (g_str_has_prefix (lines[0], "code,name,level,level_name"));

  g_assert_true (gb_map_page_print (GB_MAP_PAGE (page), pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF"));
  g_assert_cmpuint (len, >, 10000);
  g_unlink (pdf);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A province's boundaries, read at once, are taken as a worker's reading is: the page's first
 * image covers the view only (a quarter of the pixels for the window's first frame), its
 * margin grown by the frames that follow. */
static void
test_first_image_view_only (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  GtkWidget *page = g_object_ref_sink (g_object_new (GB_TYPE_MAP_PAGE, NULL));
  GbMapRenderer *renderer;
  cairo_surface_t *image;
  GbMapView view;
  double ox, oy;
  gboolean redrawn;
  guint calls = 0;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  /* Not in a window: nothing draws it but this test. */
  gb_page_set_date (GB_PAGE (page), "2021-11-15");
  gb_page_set_store (GB_PAGE (page), store);
  g_assert_false (gb_map_page_is_loading (GB_MAP_PAGE (page)));
  renderer = gb_map_page_get_renderer (GB_MAP_PAGE (page));
  g_assert_cmpuint (gb_map_renderer_get_n_units (renderer), ==, 72);
  gb_map_renderer_fit (renderer, NULL, 400, 300, &view);
  image = gb_map_renderer_get_cache (renderer, &view, 400, 300, &ox, &oy, &redrawn);
  g_assert_true (redrawn);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 400);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 300);
  g_assert_true (gb_map_renderer_is_growing (renderer));
  do
    image = gb_map_renderer_get_cache (renderer, &view, 400, 300, &ox, &oy, &redrawn);
  while (gb_map_renderer_is_growing (renderer) && calls++ < 1000);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 700);
  g_object_unref (page);
}

static void
count_cb (guint *n)
{
  (*n)++;
}

/* The demo with four wards merged into Phường Kinh Dinh (22759) on 1/12/2021, on the map page
 * of a window (as the app shows it) on the day after; @worked_out counts the frames that
 * worked out merged units' shapes not kept. */
static GtkWidget *
merged_map_window (GbStore *store,
                   guint   *worked_out)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (GB_TYPE_MAP_PAGE, NULL);

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gb_page_set_store (GB_PAGE (page), store);
  gb_page_set_date (GB_PAGE (page), "2021-12-02");
  g_signal_connect_swapped (gb_test_find_widget (page, GB_TYPE_MAP_LAYER), "shapes-worked-out",
                            G_CALLBACK (count_cb), worked_out);
  gtk_window_present (GTK_WINDOW (window));
  gb_map_page_select (GB_MAP_PAGE (page), "22759");
  return window;
}

/* The merged ward's shape, worked out when the map first draws it, is kept in the database's
 * map cache (by a worker, as the CLI keeps its own), so the next start reads it with the
 * boundaries: its map draws the ward without working it out again, and writes nothing. The app
 * worked it out at every start and never kept it. */
static void
test_merge_shapes_kept (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbUnit) into = gb_unit_new ();
  const char *codes[] = { "22753", "22759", "22750", "22756", NULL };
  const char *count = "SELECT count(*) FROM map_cache WHERE name = 'merged-shapes'";
  const char *built = "SELECT built_at || length (data) FROM map_cache WHERE name = 'merged-shapes'";
  g_autofree char *kept = NULL;
  guint worked_out = 0, again = 0;
  GtkWidget *window;
  gint64 end;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  into->code = g_strdup ("22759");
  g_assert_true (gb_store_merge_units (store, codes, into, "2021-12-01", NULL, &error));
  g_assert_no_error (error);

  window = merged_map_window (store, &worked_out);
  end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (gb_test_query_int (path, count) == 0 && g_get_monotonic_time () < end)
    gb_test_spin (100);
  g_assert_cmpuint (worked_out, >, 0);
  g_assert_cmpint (gb_test_query_int (path, count), ==, 1);
  kept = gb_test_query_text (path, built);
  gtk_window_destroy (GTK_WINDOW (window));
  gb_test_spin (100);

  /* The next start, on a connection of its own: read, not worked out, nothing written. */
  {
    g_autoptr(GbStore) next = gb_store_open (path, &error);
    g_autofree char *now = NULL;

    g_assert_no_error (error);
    window = merged_map_window (next, &again);
    gb_test_spin (1500);
    g_assert_cmpuint (again, ==, 0);
    now = gb_test_query_text (path, built);
    g_assert_cmpstr (now, ==, kept);
    gtk_window_destroy (GTK_WINDOW (window));
    gb_test_spin (100);
  }
}

int
main (int    argc,
      char **argv)
{
  /* Tiles fetched by the tests go to a cache of their own. */
  {
    g_autofree char *cache = gb_test_temp_dir ("gb-tiles-XXXXXX");
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/map-page/page", test_page);
  g_test_add_func ("/map-page/first-image-view-only", test_first_image_view_only);
  g_test_add_func ("/map-page/pick", test_pick);
  g_test_add_func ("/map-page/high-contrast", test_high_contrast);
  g_test_add_func ("/map-page/unit-from-sidebar", test_unit_from_sidebar);
  g_test_add_func ("/map-page/refit-on-resize", test_refit_on_resize);
  g_test_add_func ("/map-page/declared-history", test_declared_history);
  g_test_add_func ("/map-page/table-and-print", test_table_and_print);
  g_test_add_func ("/map-page/offline-tiles", test_offline_tiles);
  g_test_add_func ("/map-page/offline-fails-fast", test_offline_fails_fast);
  g_test_add_func ("/map-page/merge-shapes-kept", test_merge_shapes_kept);
  return g_test_run ();
}
