/* gb-store-item-places.h — the places a tracked item concerns, when a person edited them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

gboolean    gb_store_item_get_places    (GbStore            *self,
                                         gint64              item_id,
                                         GPtrArray         **codes,
                                         GError            **error);
gboolean    gb_store_item_set_places    (GbStore            *self,
                                         gint64              item_id,
                                         GPtrArray          *codes,
                                         GError            **error);
GHashTable *gb_store_items_edited_places (GbStore           *self,
                                          GError           **error);

G_END_DECLS
