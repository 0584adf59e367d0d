/* gb-store-backup.h — back up the database to a file, restore it from one
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

gboolean gb_store_backup        (GbStore      *self,
                                 const char   *path,
                                 GError      **error);
gboolean gb_store_check_backup  (const char   *path,
                                 GError      **error);
gboolean gb_store_restore       (GbStore      *self,
                                 const char   *path,
                                 char        **kept,
                                 GError      **error);

G_END_DECLS
