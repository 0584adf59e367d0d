/* gb-map-page-tiles.c — the Zone map's tiles: shown under the communes, saved for offline use,
 * their server chosen, and a word on the map when they cannot be had
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map never needs tiles (the communes are drawn from the database); when the person asks
 * for them and they fail (no network, server down), a banner over the map says so, rather than
 * pale fills with no explanation. Tiles come from the server in the "map-tile-url" setting:
 * the public OpenStreetMap server by default, for looking only; saving tiles ahead needs a
 * provincial or commercial server (OpenStreetMap's tile usage policy forbids bulk downloads).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gb-application.h"
#include "gb-map-page-private.h"
#include "gb-offline-tiles.h"
#include "gb-tile-server.h"

static void
toast (GbMapPage  *self,
       const char *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 8);
  adw_toast_overlay_add_toast (self->toasts, t);
}

/* The banner over the map follows the server: shown while tiles fail and none came since. */
static void
update_banner (GbMapPage *self)
{
  gboolean failing = self->tiles != NULL && self->tile_server != NULL && gb_tile_server_get_failing (self->tile_server);

  if (failing)
    {
      g_autofree char *text = g_strdup_printf (_("Map tiles cannot be loaded (%s). The communes are drawn without them; "
                                                 "tiles saved for offline use still show."),
                                               gb_tile_server_get_error (self->tile_server));

      gtk_label_set_text (self->tiles_banner_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tiles_banner), failing);
  gtk_revealer_set_reveal_child (self->tiles_banner, failing);
}

static GbTileServer *
tile_server (GbMapPage *self)
{
  if (self->tile_server == NULL)
    {
      self->tile_server = gb_tile_server_new_from_settings ();
      g_signal_connect_object (self->tile_server, "notify::failing", G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
    }
  return self->tile_server;
}

/**
 * gb_map_page_show_tiles:
 *
 * Puts tiles from the server under the communes (see-through over them), or takes them away.
 */
void
gb_map_page_show_tiles (GbMapPage *self,
                        gboolean   show)
{
  if (show && self->tiles == NULL)
    {
      g_autoptr(ShumateMapSource) source = NULL;

      source = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full ("giaoban-tiles", "OpenStreetMap",
                                                                     "© OpenStreetMap contributors",
                                                                     "https://www.openstreetmap.org/copyright",
                                                                     0, 19, 256, SHUMATE_MAP_PROJECTION_MERCATOR,
                                                                     SHUMATE_DATA_SOURCE (tile_server (self))));
      self->tiles = shumate_map_layer_new (source, shumate_map_get_viewport (self->map));
      shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->tiles), SHUMATE_LAYER (self->layer));
    }
  else if (!show && self->tiles != NULL)
    {
      shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->tiles));
      self->tiles = NULL;
    }
  /* Over tiles the communes are see-through and the plain ground is left out. */
  gb_map_renderer_set_background (self->renderer, !show);
  gb_map_layer_refresh (self->layer);
  update_banner (self);
}

/* Another server: the tiles shown come from it from now on. */
static void
tile_url_changed_cb (GbMapPage *self)
{
  gboolean shown = self->tiles != NULL;

  if (shown)
    gb_map_page_show_tiles (self, FALSE);
  g_clear_object (&self->tile_server);
  if (shown)
    gb_map_page_show_tiles (self, TRUE);
}

static void
hide_tiles_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  g_object_set (widget, "show-tiles", FALSE, NULL);
}

/* Tile server: one address, checked before it is kept. */

static void
server_save_cb (AdwEntryRow *row,
                gpointer     user_data)
{
  AdwPreferencesWindow *window = ADW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (row)));
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GSettings) settings = gb_application_settings ();
  g_autoptr(GError) error = NULL;

  if (*url == '\0')
    g_settings_reset (settings, "map-tile-url");
  else if (!gb_tile_server_url_check (url, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (window, adw_toast_new (error->message));
      return;
    }
  else
    g_settings_set_string (settings, "map-tile-url", url);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  adw_preferences_window_add_toast (window, adw_toast_new (_("Saved: the map's tiles come from this server")));
}

static void
tile_server_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GSettings) settings = gb_application_settings ();
  g_autofree char *url = g_settings_get_string (settings, "map-tile-url");
  AdwPreferencesWindow *window = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  gtk_window_set_title (GTK_WINDOW (window), _("Tile Server"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 620, 360);
  adw_preferences_window_set_search_enabled (window, FALSE);
  adw_preferences_group_set_title (group, _("Map Tile Server"));
  adw_preferences_group_set_description (group,
    _("Where the tiles under the communes come from: an address with {z}, {x} and {y}, as "
      "https://tiles.example.vn/{z}/{x}/{y}.png. Leave it empty for the public OpenStreetMap server, "
      "which may be looked at but not saved from in bulk: Save Map for Offline Use needs your province's "
      "or a commercial tile server. Press Enter to save."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Tile server address"));
  adw_entry_row_set_show_apply_button (row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), url);
  g_signal_connect (row, "apply", G_CALLBACK (server_save_cb), NULL);
  g_signal_connect (row, "entry-activated", G_CALLBACK (server_save_cb), NULL);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  adw_preferences_page_add (page, group);
  adw_preferences_window_add (window, page);
  gtk_window_present (GTK_WINDOW (window));
}

/* Saving for offline use */

static void
offline_progress_cb (GbOfflineTiles *offline,
                     guint           done,
                     guint           total,
                     guint           failed,
                     GbMapPage      *self)
{
  g_autofree char *text = g_strdup_printf (_("%u of %u tiles"), done, total);

  if (self->offline_bar)
    gtk_progress_bar_set_fraction (self->offline_bar, total ? (double) done / total : 1);
  if (self->offline_label)
    gtk_label_set_text (self->offline_label, text);
}

static void
offline_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GbMapPage *self = GB_MAP_PAGE (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "shumate", NULL);
  g_autofree char *size = NULL;
  g_autofree char *msg = NULL;
  guint fetched = 0, failed = 0;

  if (!gb_offline_tiles_fetch_finish (GB_OFFLINE_TILES (source), result, &fetched, &failed, &error))
    msg = g_strdup (error->message);
  else
    {
      size = g_format_size (gb_offline_tiles_disk_usage (cache));
      msg = failed ? g_strdup_printf (_("Saved %u tiles for offline use, %u could not be fetched; the map tiles take %s on disk"),
                                      fetched, failed, size)
                   : g_strdup_printf (_("Saved %u tiles for offline use; the map tiles take %s on disk"), fetched, size);
    }
  if (self->offline_dialog)
    gtk_window_destroy (self->offline_dialog);
  self->offline_dialog = NULL;
  self->offline_bar = NULL;
  self->offline_label = NULL;
  g_clear_object (&self->offline);
  g_clear_object (&self->offline_cancel);
  toast (self, msg);
  g_object_unref (self);
}

static void
offline_cancel_cb (GbMapPage *self)
{
  if (self->offline_cancel)
    g_cancellable_cancel (self->offline_cancel);
}

static void
show_offline_dialog (GbMapPage *self,
                     guint      total)
{
  GtkWidget *box, *cancel, *title;
  g_autofree char *text = NULL;

  self->offline_dialog = GTK_WINDOW (adw_window_new ());
  gtk_window_set_title (self->offline_dialog, _("Save Map for Offline Use"));
  gtk_window_set_modal (self->offline_dialog, TRUE);
  gtk_window_set_transient_for (self->offline_dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_default_size (self->offline_dialog, 420, -1);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  title = gtk_label_new (_("Saving the province's map tiles, zooms 7 to 13"));
  gtk_widget_add_css_class (title, "heading");
  self->offline_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  text = g_strdup_printf (_("%u of %u tiles"), 0, total);
  self->offline_label = GTK_LABEL (gtk_label_new (text));
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_halign (cancel, GTK_ALIGN_END);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (offline_cancel_cb), self);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->offline_bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->offline_label));
  gtk_box_append (GTK_BOX (box), cancel);
  adw_window_set_content (ADW_WINDOW (self->offline_dialog), box);
  g_signal_connect_swapped (self->offline_dialog, "close-request", G_CALLBACK (offline_cancel_cb), self);
  gtk_window_present (self->offline_dialog);
}

static void
save_offline_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  GbMapPage *self = GB_MAP_PAGE (widget);
  g_autoptr(GError) error = NULL;
  double x0, y0, x1, y1, west, north, east, south;

  if (self->offline != NULL || !gb_map_renderer_get_bounds (self->renderer, NULL, &x0, &y0, &x1, &y1))
    return;
  /* Refused before a dialog opens: the public server is not for this. */
  if (!gb_tile_server_url_allows_bulk (gb_tile_server_get_url (tile_server (self)), &error))
    {
      toast (self, error->message);
      return;
    }
  gb_map_unproject (x0, y0, &west, &north);
  gb_map_unproject (x1, y1, &east, &south);
  show_offline_dialog (self, gb_offline_tiles_count (west, south, east, north, 7, 13));
  self->offline = gb_offline_tiles_new (SHUMATE_DATA_SOURCE (tile_server (self)));
  self->offline_cancel = g_cancellable_new ();
  g_signal_connect (self->offline, "progress", G_CALLBACK (offline_progress_cb), self);
  gb_offline_tiles_fetch_async (self->offline, west, south, east, north, 7, 13, self->offline_cancel,
                                offline_done_cb, g_object_ref (self));
}

/** gb_map_page_tiles_class_init: the tiles' actions, from the page's class_init */
void
gb_map_page_tiles_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "map.save-offline", NULL, save_offline_action);
  gtk_widget_class_install_action (widget_class, "map.tile-server", NULL, tile_server_action);
  gtk_widget_class_install_action (widget_class, "map.hide-tiles", NULL, hide_tiles_action);
}

/** gb_map_page_tiles_init: follows the tile server setting, from the page's init */
void
gb_map_page_tiles_init (GbMapPage *self)
{
  self->tiles_settings = gb_application_settings ();
  if (self->tiles_settings != NULL)
    g_signal_connect_object (self->tiles_settings, "changed::map-tile-url", G_CALLBACK (tile_url_changed_cb), self,
                             G_CONNECT_SWAPPED);
}

/** gb_map_page_tiles_dispose: from the page's dispose */
void
gb_map_page_tiles_dispose (GbMapPage *self)
{
  if (self->offline_cancel)
    g_cancellable_cancel (self->offline_cancel);
  g_clear_object (&self->tile_server);
  g_clear_object (&self->tiles_settings);
}
