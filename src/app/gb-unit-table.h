/* gb-unit-table.h — the table of units beside the map: sortable, searchable, CSV
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GB_TYPE_UNIT_TABLE (gb_unit_table_get_type ())
G_DECLARE_FINAL_TYPE (GbUnitTable, gb_unit_table, GB, UNIT_TABLE, GtkWidget)

GtkWidget  *gb_unit_table_new          (void);
/* @results, @week_before (element-type GbLevelResult): the units' levels on the date and a week
 * before (nullable); kept for the CSV. */
void        gb_unit_table_set_results  (GbUnitTable *self,
                                        GPtrArray   *results,
                                        GPtrArray   *week_before,
                                        gboolean     zones,
                                        const char  *date);
/* The rows shown, after the search and in the order sorted (transfer none). */
GListModel *gb_unit_table_get_model    (GbUnitTable *self);
void        gb_unit_table_set_search   (GbUnitTable *self,
                                        const char  *text);
char       *gb_unit_table_to_csv       (GbUnitTable *self);

G_END_DECLS
