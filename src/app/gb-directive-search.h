/* gb-directive-search.h — search results of the Directives view
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-directive-item.h"

G_BEGIN_DECLS

GListStore *gb_directive_search_collect    (GbStore    *store,
                                            GPtrArray  *hits,
                                            GListModel *documents,
                                            const char *date);
GtkWidget  *gb_directive_search_create_row (gpointer    object,
                                            gpointer    user_data);

G_END_DECLS
