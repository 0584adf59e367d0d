/* gb-item-places.h — the units a tracked item concerns: edited, or read from its text
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-level-engine.h"
#include "gb-store.h"

G_BEGIN_DECLS

typedef struct _GbItemPlaces GbItemPlaces;

GbItemPlaces *gb_item_places_new            (GbStore       *store,
                                             GbLevelEngine *engine,
                                             GError       **error);
void          gb_item_places_free           (GbItemPlaces  *self);
GPtrArray    *gb_item_places_parse          (GbItemPlaces  *self,
                                             const char    *text,
                                             const char    *date);
GPtrArray    *gb_item_places_for_item       (GbItemPlaces  *self,
                                             gint64         item_id,
                                             const char    *text,
                                             const char    *date,
                                             gboolean      *edited);
gboolean      gb_item_places_concerns       (GbItemPlaces  *self,
                                             GPtrArray     *codes,
                                             const char    *unit_code);
const char   *gb_item_places_document_date (GbItemPlaces *self,
                                             gint64        document_id);
GPtrArray    *gb_item_places_items_for_unit (GbItemPlaces  *self,
                                             const char    *unit_code,
                                             GError       **error);
char         *gb_item_places_describe       (GbItemPlaces  *self,
                                             GPtrArray     *codes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbItemPlaces, gb_item_places_free)

G_END_DECLS
