/* gb-offline-tiles.h — fetch a region's map tiles ahead, into libshumate's file cache
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define GB_TYPE_OFFLINE_TILES (gb_offline_tiles_get_type ())
G_DECLARE_FINAL_TYPE (GbOfflineTiles, gb_offline_tiles, GB, OFFLINE_TILES, GObject)

/* The tiles covering lon/lat [@west, @east] × [@south, @north] at zooms @min_zoom..@max_zoom. */
guint           gb_offline_tiles_count      (double west,
                                             double south,
                                             double east,
                                             double north,
                                             guint  min_zoom,
                                             guint  max_zoom);

GbOfflineTiles *gb_offline_tiles_new        (ShumateDataSource *source);
/* Fetches every tile (a few at a time); "progress" (done, total, failed) after each, then
 * @callback. Tiles already cached are served by the cache and cost nothing. */
void            gb_offline_tiles_fetch_async  (GbOfflineTiles      *self,
                                               double               west,
                                               double               south,
                                               double               east,
                                               double               north,
                                               guint                min_zoom,
                                               guint                max_zoom,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* Returns the number of tiles fetched; FALSE with an error when cancelled or when every tile
 * failed (no network). */
gboolean        gb_offline_tiles_fetch_finish (GbOfflineTiles *self,
                                               GAsyncResult   *result,
                                               guint          *fetched,
                                               guint          *failed,
                                               GError        **error);

/* Bytes used under @dir (the tile cache), counted file by file. */
guint64         gb_offline_tiles_disk_usage   (const char *dir);

G_END_DECLS
