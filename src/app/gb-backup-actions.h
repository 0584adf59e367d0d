/* gb-backup-actions.h — the app's Back Up, Restore and Help actions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void gb_backup_actions_install (GtkApplication *app,
                                const char     *database);

G_END_DECLS
