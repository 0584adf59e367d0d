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

G_END_DECLS
