/* gb-map-layer.h — the communes by level as one ShumateLayer
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "gb-map-renderer.h"

G_BEGIN_DECLS

#define GB_TYPE_MAP_LAYER (gb_map_layer_get_type ())
G_DECLARE_FINAL_TYPE (GbMapLayer, gb_map_layer, GB, MAP_LAYER, ShumateLayer)

GbMapLayer *gb_map_layer_new           (ShumateViewport *viewport,
                                        GbMapRenderer   *renderer);
void        gb_map_layer_get_view      (GbMapLayer      *self,
                                        GbMapView       *view);
void        gb_map_layer_set_marks     (GbMapLayer      *self,
                                        GPtrArray       *changes);
void        gb_map_layer_set_area      (GbMapLayer      *self,
                                        GPtrArray       *codes);
void        gb_map_layer_set_highlight (GbMapLayer      *self,
                                        const char      *code);
void        gb_map_layer_refresh       (GbMapLayer      *self);

void         gb_map_layer_set_flagged   (GbMapLayer *self,
                                         GHashTable *codes);
const char *gb_map_layer_get_highlight (GbMapLayer *self);

G_END_DECLS
