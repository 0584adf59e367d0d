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
