/* gb-demo.h — the embedded Ninh Thuận demo
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_DEMO_PROVINCE_CODE "58"

gboolean gb_demo_load           (GbStore  *store,
                                 GError  **error);
gboolean gb_demo_load_if_empty  (GbStore  *store,
                                 GError  **error);
gboolean gb_demo_is_loaded      (GbStore  *store);
gboolean gb_demo_remove         (GbStore  *store,
                                 GError  **error);
gboolean gb_demo_decline        (GbStore  *store,
                                 GError  **error);

/* gb-store-demo.c */
gboolean gb_store_remove_demo_rows (GbStore  *self,
                                    GError  **error);
gboolean gb_store_mark_demo_loaded (GbStore  *self,
                                    GError  **error);

G_END_DECLS
