/* gb-date.h — dates as the store keeps them (ISO) and as people type them (dd/mm/yyyy)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gb_date_is_valid_iso (const char *text);
char    *gb_date_parse_user   (const char *text);

G_END_DECLS
