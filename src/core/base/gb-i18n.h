/* gb-i18n.h — gettext set-up shared by the programs
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the text domain to the installed catalogues, or to the ones in the build folder when
 * the program runs uninstalled; GIAOBAN_LOCALEDIR overrides both. */
void gb_i18n_init (void);

G_END_DECLS
