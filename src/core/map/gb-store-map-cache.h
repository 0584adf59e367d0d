/* gb-store-map-cache.h — the map's prepared geometry kept in the database
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store-map.h"

G_BEGIN_DECLS

typedef struct _GbMapCacheBlob GbMapCacheBlob;

gint64          gb_store_map_boundaries_version (GbStore         *self);
GbMapCacheBlob *gb_store_map_cache_open         (GbStore         *self,
                                                 const char      *name,
                                                 gint64           boundaries,
                                                 gsize           *size);
gboolean        gb_store_map_cache_read         (GbMapCacheBlob  *blob,
                                                 gpointer         buffer,
                                                 gsize            n,
                                                 gsize            offset);
void            gb_store_map_cache_close        (GbMapCacheBlob  *blob);
gboolean        gb_store_map_cache_write        (GbStore         *self,
                                                 const char      *name,
                                                 gint64           boundaries,
                                                 const void      *data,
                                                 gsize            size,
                                                 GError         **error);

gboolean        gb_store_scan_map_units         (GbStore         *self,
                                                 GbMapUnitFunc    func,
                                                 gpointer         user_data,
                                                 GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbMapCacheBlob, gb_store_map_cache_close)

G_END_DECLS
