/* gb-store-read.h — a read transaction that does not queue behind writers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

gboolean gb_store_begin_read (GbStore  *self,
                              GError  **error);

G_END_DECLS
