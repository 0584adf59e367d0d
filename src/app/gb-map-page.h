/* gb-map-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-page.h"
#include "gb-map-renderer.h"
#include "gb-unit-table.h"

G_BEGIN_DECLS

#define GB_TYPE_MAP_PAGE (gb_map_page_get_type ())
G_DECLARE_FINAL_TYPE (GbMapPage, gb_map_page, GB, MAP_PAGE, GbPage)

GbMapRenderer *gb_map_page_get_renderer (GbMapPage  *self);
/* Whether the boundaries and the level data are being read (in a worker). */
gboolean       gb_map_page_is_loading   (GbMapPage  *self);
void           gb_map_page_select       (GbMapPage  *self,
                                         const char *code);
const char    *gb_map_page_get_focused_unit (GbMapPage *self);
gboolean       gb_map_page_print        (GbMapPage   *self,
                                         const char  *pdf_path,
                                         GError     **error);
GbUnitTable   *gb_map_page_get_table    (GbMapPage   *self);

void gb_map_page_set_area (GbMapPage *self,
                           GPtrArray *codes);

G_END_DECLS
