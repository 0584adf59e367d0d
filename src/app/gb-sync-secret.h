/* gb-sync-secret.h — where the daemon token is kept: the keyring, else a private file
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      gb_sync_secret_load_async   (GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
char     *gb_sync_secret_load_finish  (GAsyncResult         *result,
                                       GError              **error);
void      gb_sync_secret_save_async   (const char           *token,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean  gb_sync_secret_save_finish  (GAsyncResult         *result,
                                       GError              **error);
char     *gb_sync_secret_file_path    (void);
gboolean  gb_sync_secret_has_keyring  (void);

G_END_DECLS
