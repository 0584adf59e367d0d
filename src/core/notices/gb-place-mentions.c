/* gb-place-mentions.c — the places an item's text names: "huyện Bác Ái", "xã Phước Hà", "vùng đỏ"
 *
 * A place is a unit word ("huyện", "xã", "phường" …) followed by a proper name: the words that
 * start with a capital letter ("Bác Ái", "Phan Rang-Tháp Chàm"). After a name, ", " or " và "
 * and another capitalised name is one more place of the same kind ("các xã Phước Hà, Nhị Hà và
 * Lâm Sơn"). "xã hội" and "huyện ủy" name no place: their next word is not capitalised. "vùng
 * đỏ" and "cấp độ 4" / "cấp 4" name the communes at level 4, resolved against the levels of the
 * notice's date by gb_item_places_resolve(); this file only reads the words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-place-mentions.h"

static const struct
{
  const char  *word;   /* lower case, NFC */
  GbPlaceKind  kind;
} unit_words[] = {
  /* Longer first: "thành phố" before nothing shorter that starts it, "thị xã" before "xã". */
  { "thành phố", GB_PLACE_DISTRICT }, { "thị trấn", GB_PLACE_COMMUNE }, { "thị xã", GB_PLACE_DISTRICT },
  { "huyện", GB_PLACE_DISTRICT }, { "quận", GB_PLACE_DISTRICT }, { "phường", GB_PLACE_COMMUNE },
  { "xã", GB_PLACE_COMMUNE },
};

static const char *const red_zone_words[] = { "vùng đỏ", "cấp độ 4", "cấp 4" };

/** gb_place_mention_free: frees @mention. */
void
gb_place_mention_free (GbPlaceMention *mention)
{
  if (mention == NULL)
    return;
  g_free (mention->name);
  g_free (mention);
}

static gboolean
word_boundary_before (const char *start,
                      const char *p)
{
  gunichar c;

  if (p == start)
    return TRUE;
  c = g_utf8_get_char (g_utf8_prev_char (p));
  return !g_unichar_isalnum (c);
}

/* The capitalised words at @p (after spaces): "Bác Ái", "Phan Rang-Tháp Chàm". Returns the
 * name and sets @end after it, or NULL when the next word is not capitalised. */
static char *
read_name (const char  *p,
           const char **end)
{
  const char *name_start, *name_end = NULL;

  while (*p == ' ')
    p++;
  name_start = p;
  while (*p != '\0' && g_unichar_isupper (g_utf8_get_char (p)))
    {
      /* One word: letters and inner hyphens ("Rang-Tháp"). */
      while (*p != '\0')
        {
          gunichar c = g_utf8_get_char (p);

          if (!g_unichar_isalnum (c) && !(c == '-' && g_unichar_isalpha (g_utf8_get_char (p + 1))))
            break;
          p = g_utf8_next_char (p);
        }
      name_end = p;
      if (*p != ' ' || !g_unichar_isupper (g_utf8_get_char (p + 1)))
        break;
      p++;
    }
  if (name_end == NULL)
    return NULL;
  *end = name_end;
  return g_strndup (name_start, name_end - name_start);
}

static void
add_mention (GPtrArray   *out,
             GbPlaceKind  kind,
             char        *name)
{
  GbPlaceMention *m;

  for (guint i = 0; i < out->len; i++)
    {
      m = g_ptr_array_index (out, i);
      if (m->kind == kind && g_strcmp0 (m->name, name) == 0)
        {
          g_free (name);
          return;
        }
    }
  m = g_new0 (GbPlaceMention, 1);
  m->kind = kind;
  m->name = name;
  g_ptr_array_add (out, m);
}

/* Whether a unit word followed by a space starts at @p (lower case). */
static gboolean
starts_unit_word (const char *p)
{
  for (guint k = 0; k < G_N_ELEMENTS (unit_words); k++)
    {
      gsize n = strlen (unit_words[k].word);

      if (strncmp (p, unit_words[k].word, n) == 0 && p[n] == ' ')
        return TRUE;
    }
  return FALSE;
}

/* A unit word at @p (in @lower, the lower-cased copy of @text at the same offsets). */
static const char *
read_places (GPtrArray  *out,
             const char *text,
             const char *lower,
             const char *p)
{
  gsize at = p - lower;

  for (guint k = 0; k < G_N_ELEMENTS (unit_words); k++)
    {
      gsize n = strlen (unit_words[k].word);
      const char *q, *end;
      char *name;

      if (strncmp (p, unit_words[k].word, n) != 0 || !word_boundary_before (lower, p) || text[at + n] != ' ')
        continue;
      q = text + at + n;
      /* "các xã, phường vùng đỏ": a second unit word, no name. */
      if ((name = read_name (q, &end)) == NULL)
        return p + n;
      add_mention (out, unit_words[k].kind, name);
      /* ", Nhị Hà và Lâm Sơn": more names of the same kind. */
      for (;;)
        {
          const char *next = end;

          if (g_str_has_prefix (next, ", "))
            next += 2;
          else if (g_str_has_prefix (next, " và "))
            next += strlen (" và ");
          else
            break;
          /* "Huyện Bác Ái, Xã Phước Hà": another unit word, read by the caller. */
          if (starts_unit_word (lower + (next - text)) || (name = read_name (next, &end)) == NULL)
            break;
          add_mention (out, unit_words[k].kind, name);
        }
      return lower + (end - text);
    }
  return g_utf8_next_char (p);
}

/**
 * gb_place_mentions_parse:
 * @text: an item's text
 *
 * Returns: (transfer full) (element-type GbPlaceMention): the places named, in the order of the
 *   text, each once
 */
GPtrArray *
gb_place_mentions_parse (const char *text)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_place_mention_free);
  g_autofree char *nfc = NULL;
  g_autofree char *lower = NULL;
  gboolean red = FALSE;

  g_return_val_if_fail (text != NULL, out);

  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return out;
  /* Lower-casing Vietnamese keeps each character's byte length, so offsets match: checked. */
  lower = g_utf8_strdown (nfc, -1);
  if (strlen (lower) != strlen (nfc))
    return out;
  for (const char *p = lower; *p != '\0';)
    p = read_places (out, nfc, lower, p);
  for (guint i = 0; i < G_N_ELEMENTS (red_zone_words); i++)
    {
      const char *hit = strstr (lower, red_zone_words[i]);
      gsize n = strlen (red_zone_words[i]);

      red |= hit != NULL && word_boundary_before (lower, hit) && !g_ascii_isdigit (hit[n]);
    }
  if (red)
    add_mention (out, GB_PLACE_RED_ZONE, NULL);
  return out;
}
