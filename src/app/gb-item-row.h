/* gb-item-row.h — a row of the Directives view's item list
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-directive-item.h"
#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_ITEM_ROW (gb_item_row_get_type ())
G_DECLARE_FINAL_TYPE (GbItemRow, gb_item_row, GB, ITEM_ROW, GtkListBoxRow)

GtkWidget       *gb_item_row_new      (GbDirectiveItem *item,
                                       GbStore         *store,
                                       const char      *date);
GbDirectiveItem *gb_item_row_get_item (GbItemRow       *self);
guint            gb_item_row_get_focus_part (GbItemRow *self);
void             gb_item_row_focus_part     (GbItemRow *self,
                                             guint      part);

G_END_DECLS
