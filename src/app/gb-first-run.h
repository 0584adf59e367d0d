/* gb-first-run.h — the first start on an empty database: which province, or the demo
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"

G_BEGIN_DECLS

/* @error: (nullable): why the choice could not be loaded */
typedef void (*GbFirstRunDoneFunc) (GbStore      *store,
                                    const GError *error,
                                    gpointer      user_data);

gboolean   gb_first_run_needed         (GbStore            *store);
GPtrArray *gb_first_run_list_provinces (void);
void       gb_first_run_present        (GtkApplication     *app,
                                        GbStore            *store,
                                        GPtrArray          *provinces,
                                        GbFirstRunDoneFunc  done,
                                        gpointer            user_data);

G_END_DECLS
