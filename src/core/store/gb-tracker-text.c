/* gb-tracker-text.c — the tracker's words for people: a status's name, and what a notice without
 * a subject line is about (the lead of its text)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-store-private.h"
#include "gb-store-tracker.h"

/**
 * gb_tracker_status_name:
 * @status: an item's status as stored: new, in_progress, done or cancelled
 *
 * Returns: the status as people read it, translated; @status itself when unknown
 */
const char *
gb_tracker_status_name (const char *status)
{
  static const char *const names[] = { "new", N_("New"), "in_progress", N_("In progress"),
                                        "done", N_("Done"), "cancelled", N_("Cancelled") };

  g_return_val_if_fail (status != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i += 2)
    if (g_str_equal (status, names[i]))
      return _(names[i + 1]);
  return status;
}

/* What a notice without a number or a subject line ("V/v …") is about, for its title: the
 * first sentence of its text after the recipients ("Kính gửi" and the lines of the list under
 * it), cut at a word near 100 characters. NULL when there is none. */
char *
gb_tracker_lead_from_body (const char *body)
{
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);
  gboolean recipients = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) line = g_string_new (g_strstrip (lines[i]));
      const char *end;
      glong len;

      /* Word-processor leftovers such as "[bookmark: _GoBack]". */
      while (line->str[0] == '[' && strchr (line->str, ']') != NULL)
        g_string_erase (line, 0, strchr (line->str, ']') - line->str + 1);
      if (line->len == 0)
        {
          recipients = FALSE;
          continue;
        }
      if (g_str_has_prefix (line->str, "Kính gửi"))
        {
          recipients = TRUE;
          continue;
        }
      if (recipients && (line->str[0] == '-' || g_unichar_islower (g_utf8_get_char (line->str))))
        continue;
      recipients = FALSE;
      if (g_utf8_strlen (line->str, -1) < 40 || !g_unichar_isupper (g_utf8_get_char (line->str)))
        continue;
      /* Hard-wrapped text goes on in the next lines, blank ones between. */
      for (guint j = i + 1; lines[j] != NULL && line->len < 400; j++)
        if (*g_strstrip (lines[j]) != '\0')
          g_string_append_printf (line, " %s", lines[j]);
      /* The first sentence, at most about 100 characters, ending on a word. */
      end = strstr (line->str, ". ");
      if (end != NULL)
        g_string_truncate (line, end - line->str);
      len = g_utf8_strlen (line->str, -1);
      if (len > 100)
        {
          char *cut = g_utf8_offset_to_pointer (line->str, 100);

          while (cut > line->str && *cut != ' ')
            cut--;
          g_string_truncate (line, cut - line->str);
          g_string_append (line, "…");
        }
      return g_string_free (g_steal_pointer (&line), FALSE);
    }
  return NULL;
}
