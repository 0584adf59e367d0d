/* gb-store-backup.h — a consistent copy of a live database, and putting one back
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

gboolean gb_store_backup  (GbStore     *self,
                           const char  *path,
                           GError     **error);
gboolean gb_store_restore (GbStore     *self,
                           const char  *path,
                           const char  *keep_path,
                           GError     **error);

G_END_DECLS
