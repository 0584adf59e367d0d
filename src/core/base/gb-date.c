/* gb-date.c — the one place where a date's text is checked and read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "gb-date.h"

/**
 * gb_date_is_valid_iso:
 * @text: (nullable): a date as YYYY-MM-DD
 *
 * Returns: whether @text is exactly a real calendar date written YYYY-MM-DD between 1900 and
 *   2200 (no trailing text, no 31 February)
 */
gboolean
gb_date_is_valid_iso (const char *text)
{
  guint y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return y >= 1900 && y <= 2200 && g_date_valid_dmy (d, m, y);
}

/**
 * gb_date_parse_user:
 * @text: (nullable): a date as a person types it: "11/10/2021", "1/2/2022" or "2021-10-11",
 *   with spaces around it
 *
 * Trailing text is refused ("11/10/2021 abc" is not a date), so is an impossible day.
 *
 * Returns: (transfer full) (nullable): the date as YYYY-MM-DD, or %NULL when @text is not one
 */
char *
gb_date_parse_user (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  int d, m, y, used = 0;

  if (gb_date_is_valid_iso (t))
    return g_steal_pointer (&t);
  if (sscanf (t, "%2d/%2d/%4d%n", &d, &m, &y, &used) == 3 && t[used] == '\0' &&
      used >= 8 && y >= 1900 && y <= 2200 && g_date_valid_dmy (d, m, y))
    return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  return NULL;
}

/**
 * gb_date_parse_table:
 * @text: (nullable): a date cell's text: "11/10/2021", "1/2/22", "11-10-2021", "11.10.2021",
 *   "2021-10-11", each possibly followed by a time ("2021-10-11 00:00:00", "2021-10-11T00:00")
 *
 * A two-digit year is 20yy: the tables this reads are about 2020 on.
 *
 * Returns: (transfer full) (nullable): the date as YYYY-MM-DD, or %NULL when @text is not one
 */
char *
gb_date_parse_table (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  const char *year;
  char *space;
  int d, m, y, used = 0;
  char sep1, sep2;

  /* A time of day after the date is dropped; a date alone is the common case. */
  if (strlen (t) > 10 && t[10] == 'T')
    t[10] = '\0';
  else if ((space = strchr (t, ' ')) != NULL && strchr (space, ':') != NULL)
    *space = '\0';
  if (gb_date_is_valid_iso (t))
    return g_steal_pointer (&t);
  if (sscanf (t, "%2d%c%2d%c%4d%n", &d, &sep1, &m, &sep2, &y, &used) != 5 || t[used] != '\0' ||
      sep1 != sep2 || (sep1 != '/' && sep1 != '-' && sep1 != '.') || !g_ascii_isdigit (t[0]))
    return NULL;
  /* The year's digits: "1/2/22" has two, "1/2/2022" four; three or one are typing mistakes. */
  year = strrchr (t, sep1) + 1;
  if (strlen (year) == 2 && g_ascii_isdigit (year[0]))
    y += 2000;
  else if (strlen (year) != 4 || !g_ascii_isdigit (year[0]))
    return NULL;
  if (y < 1900 || y > 2200 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/**
 * gb_date_from_serial:
 * @serial: days since the spreadsheet's epoch, as a cell holds a date
 * @date1904: the workbook counts from 1904 (old Mac Excel) rather than 1900
 *
 * The 1900 system counts a 29 February 1900 that never was (Lotus's mistake, kept by Excel), so
 * from serial 61 on the epoch is 30 December 1899. A serial with a time part is refused: a cell
 * of days holds whole numbers.
 *
 * Returns: (transfer full) (nullable): the date as YYYY-MM-DD
 */
char *
gb_date_from_serial (double   serial,
                     gboolean date1904)
{
  g_autoptr(GDate) date = NULL;

  if (!(serial >= 1 && serial <= 150000) || serial != (double) (gint64) serial)
    return NULL;
  if (date1904)
    date = g_date_new_dmy (1, 1, 1904);
  else if (serial >= 61)
    date = g_date_new_dmy (30, 12, 1899);
  else if (serial == 60)
    return NULL;
  else
    date = g_date_new_dmy (31, 12, 1899);
  g_date_add_days (date, (guint) serial);
  if (g_date_get_year (date) > 2200)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

char *
gb_date_add_days (const char *iso,
                  int         days)
{
  g_autoptr(GDateTime) d = NULL;
  g_autoptr(GDateTime) moved = NULL;
  g_autofree char *midnight = NULL;

  if (iso == NULL || !gb_date_is_valid_iso (iso))
    return NULL;
  midnight = g_strconcat (iso, "T00:00:00Z", NULL);
  if ((d = g_date_time_new_from_iso8601 (midnight, NULL)) == NULL)
    return NULL;
  moved = g_date_time_add_days (d, days);
  return g_date_time_format (moved, "%Y-%m-%d");
}

static GDateTime *
moment_from_utc (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  size_t len = strlen (text);

  /* Only a Z time: the store writes every received_at in UTC, so one form compares right. */
  if (len < 20 || text[len - 1] != 'Z' || text[10] != 'T')
    return NULL;
  return g_date_time_new_from_iso8601 (text, utc);
}

/**
 * gb_date_parse_moment:
 * @text: (nullable): "2021-09-20 14:30", "20/09/2021 14:30" (local time) or a stored UTC
 *   time such as "2021-09-20T07:30:00.000000Z"
 *
 * A minute typed by a person means all of it: "14:30" takes in what was received at 14:30:59.
 *
 * Returns: (transfer full) (nullable): the moment as UTC "YYYY-MM-DDTHH:MM:SS.ffffffZ", or
 *   %NULL when @text is none of these (or its date is not a real one)
 */
char *
gb_date_parse_moment (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  g_autoptr(GDateTime) moment = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *day = NULL;
  char *space;
  int h, min, used = 0;

  if ((moment = moment_from_utc (t)) == NULL)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      int y, m, d;

      if ((space = strrchr (t, ' ')) == NULL)
        return NULL;
      *space = '\0';
      day = gb_date_parse_user (t);
      if (day == NULL || sscanf (space + 1, "%2d:%2d%n", &h, &min, &used) != 2 || space[1 + used] != '\0' ||
          h < 0 || h > 23 || min < 0 || min > 59 || sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return NULL;
      moment = g_date_time_new (local, y, m, d, h, min, 59.999999);
    }
  if (moment == NULL)
    return NULL;
  utc = g_date_time_to_utc (moment);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/**
 * gb_date_format_moment:
 * @iso: (nullable): a stored UTC moment
 *
 * Returns: (transfer full) (nullable): it in local time as "YYYY-MM-DD HH:MM"
 */
char *
gb_date_format_moment (const char *iso)
{
  g_autoptr(GDateTime) moment = iso != NULL ? moment_from_utc (iso) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (moment == NULL)
    return NULL;
  local = g_date_time_to_local (moment);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}
