/* gb-date.h — dates as the store keeps them (ISO) and as people type them (dd/mm/yyyy)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gb_date_is_valid_iso (const char *text);
char    *gb_date_parse_user   (const char *text);
/* @iso moved by @days (negative: back), or NULL when @iso is not a YYYY-MM-DD date. */
char    *gb_date_add_days     (const char *iso,
                               int         days);

/* Dates as spreadsheets hold them (see gb-date.c): what gb_date_parse_user() reads, plus
 * d/m/yy, dashes or dots between the parts, and a time of day after the date. */
char    *gb_date_parse_table  (const char *text);
/* A spreadsheet's serial day number (1900 system, or 1904 when @date1904) as YYYY-MM-DD, or
 * NULL when it is not a whole day between 1900 and 2200. */
char    *gb_date_from_serial  (double      serial,
                               gboolean    date1904);

/* Moments (an "as of" time): what a person types, "YYYY-MM-DD HH:MM" or "dd/mm/yyyy HH:MM" in
 * local time, read as the end of that minute, or a stored UTC time "YYYY-MM-DDTHH:MM:SS[.f]Z"
 * taken as it is. Returns the UTC text the store compares received_at with, or NULL. */
char    *gb_date_parse_moment  (const char *text);
/* A stored UTC moment as local "YYYY-MM-DD HH:MM", or NULL when @iso is not one. */
char    *gb_date_format_moment (const char *iso);

G_END_DECLS
