/* gb-boundaries-load.h — the map's boundaries read off the UI thread
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gb-level-engine.h"
#include "gb-map-renderer.h"
#include "gb-store.h"

G_BEGIN_DECLS

gboolean       gb_boundaries_read_at_once (GbStore              *store);
void           gb_boundaries_load_async   (GbStore              *store,
                                           gboolean              with_levels,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
void           gb_boundaries_load_date_async (GbStore           *store,
                                              gboolean           with_levels,
                                              const char        *date,
                                              GCancellable      *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer           user_data);
void           gb_boundaries_preload      (GbStore              *store,
                                           const char           *date);
GbMapRenderer *gb_boundaries_load_finish  (GAsyncResult         *result,
                                           GbLevelEngine       **engine,
                                           GError              **error);

G_END_DECLS
