/* gb-tile-server.h — the map tiles' server: where tiles come from, whether it answers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* The public OpenStreetMap server: fine to look at, not for bulk downloads (its tile usage
 * policy), so "Save for offline use" needs another server. */
#define GB_TILE_SERVER_OSM_URL "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

#define GB_TYPE_TILE_SERVER (gb_tile_server_get_type ())
G_DECLARE_FINAL_TYPE (GbTileServer, gb_tile_server, GB, TILE_SERVER, ShumateDataSource)

GbTileServer *gb_tile_server_new          (const char *url_template);
/* The server the settings name (the public OpenStreetMap one when none is set). */
GbTileServer *gb_tile_server_new_from_settings (void);
const char   *gb_tile_server_get_url      (GbTileServer *self);
/* TRUE while tiles fail and none came since: the map says so instead of fading. */
gboolean      gb_tile_server_get_failing  (GbTileServer *self);
/* Why the last tile failed, or NULL. */
const char   *gb_tile_server_get_error    (GbTileServer *self);

/* Whether @url_template may be used to save many tiles ahead; FALSE with why when not (the
 * public OpenStreetMap servers). */
gboolean      gb_tile_server_url_allows_bulk (const char *url_template,
                                              GError    **error);
/* Whether @url_template is an http(s) address with {z}, {x} and {y}; FALSE with why. */
gboolean      gb_tile_server_url_check    (const char *url_template,
                                           GError    **error);

/* Connects to the server's host (no tile asked for) within @timeout_ms: a dead network or
 * server is known in seconds, before hundreds of tiles are asked for. */
void          gb_tile_server_probe_async  (GbTileServer        *self,
                                           guint                timeout_ms,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      gb_tile_server_probe_finish (GbTileServer  *self,
                                           GAsyncResult  *result,
                                           GError       **error);

G_END_DECLS
