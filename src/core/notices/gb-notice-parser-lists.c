/* gb-notice-parser-lists.c — addressee and recipient lists, the signature block
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser-private.h"

static char *
list_entry (const char *text)
{
  GString *s = g_string_new (text);
  char *brace;

  if (gb_parser_is_bullet (s->str))
    g_string_erase (s, 0, g_utf8_next_char (s->str) - s->str);
  /* "- Ban Bí thư TW Đảng, } (để báo cáo)": the brace groups lines in the printed layout. */
  if ((brace = strchr (s->str, '}')) != NULL)
    g_string_truncate (s, brace - s->str);
  g_strstrip (s->str);
  s->len = strlen (s->str);
  while (s->len > 0 && strchr (",;.", s->str[s->len - 1]) != NULL)
    g_string_truncate (s, s->len - 1);
  g_strchomp (s->str);
  return g_string_free (s, FALSE);
}

/* A list paragraph "Kính gửi: - A, - B," may hold several entries. */
static void
add_list_entries (GPtrArray  *out,
                  const char *text)
{
  /* A dash inside a name ("Bộ Lao động - Thương binh và Xã hội") does not start an entry: one
   * does after punctuation, at the start, or before the usual first words of an entry. */
  g_auto(GStrv) parts = g_regex_split_simple ("(?:^\\s*|(?<=[,;.:)}])\\s*|\\s(?=[-–•+]\\s+(?:Các|Bộ trưởng|Chủ tịch|Giám đốc|Thủ trưởng|Đồng chí|Bí thư)\\s))[-–•+]\\s", text, 0, 0);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      /* "Kính gửi: Sở Y tế; Công an tỉnh." — a semicolon separates entries written on one line
       * (a comma does not: "Các huyện ủy, thị ủy, thành ủy" is one). */
      g_auto(GStrv) entries = g_strsplit (parts[i], ";", -1);

      for (guint j = 0; entries[j] != NULL; j++)
        {
          g_autofree char *e = list_entry (entries[j]);
          if (*e != '\0')
            g_ptr_array_add (out, g_steal_pointer (&e));
        }
    }
}

/* Where the addressees start in "Kính gửi: …", "Đồng kính gửi: …" or a telegram's "THỦ TƯỚNG
 * CHÍNH PHỦ điện: …" (a short sender ending in "điện"); NULL for another paragraph. */
const char *
gb_parser_addressee_list (const char *t)
{
  static const char *const intros[] = { "Kính gửi", "Đồng kính gửi" };
  const char *colon;

  for (guint i = 0; i < G_N_ELEMENTS (intros); i++)
    if (gb_parser_starts_with_ci (t, intros[i]))
      {
        const char *p = t + strlen (intros[i]);
        while (*p == ':' || *p == ' ')
          p++;
        return p;
      }
  colon = strchr (t, ':');
  if (colon != NULL && colon - t <= 160)
    {
      g_autofree char *head = g_strndup (t, colon - t);
      g_autofree char *f = gb_organisations_fold (head);

      g_strchomp (f);
      if ((g_str_has_suffix (f, " điện") || g_str_equal (f, "điện")) && gb_parser_count_words (f, strlen (f)) <= 14)
        {
          colon++;
          while (*colon == ' ')
            colon++;
          return colon;
        }
    }
  return NULL;
}

static gboolean
is_signing_form (const char *s)
{
  return g_str_has_prefix (s, "T/M") || g_str_has_prefix (s, "TM.") || g_str_has_prefix (s, "TM ")
         || g_str_has_prefix (s, "KT.") || g_str_has_prefix (s, "KT ") || g_str_has_prefix (s, "Q. ")
         || g_str_has_prefix (s, "TL.") || g_str_has_prefix (s, "TUQ.");
}

static gboolean
looks_like_name (const char *s)
{
  int words = 0;
  g_auto(GStrv) parts = g_strsplit (s, " ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (!g_unichar_isupper (g_utf8_get_char (parts[i])))
        return FALSE;
      words++;
    }
  return words >= 2 && words <= 5 && strpbrk (s, ",.:;0123456789") == NULL;
}

/* Reads the addressees from the "Kính gửi" paragraph at @addr_idx and the bullets under it;
 * returns the paragraph after them, where the body starts. */
guint
gb_parser_read_addressees (GbNotice  *notice,
                           GPtrArray *paras,
                           guint      addr_idx)
{
  const char *t = ((Para *) g_ptr_array_index (paras, addr_idx))->text;
  guint next = addr_idx + 1;

  g_assert (addr_idx < paras->len);

  add_list_entries (notice->addressees, gb_parser_addressee_list (t));
  while (next < paras->len && gb_parser_is_bullet (((Para *) g_ptr_array_index (paras, next))->text))
    add_list_entries (notice->addressees, ((Para *) g_ptr_array_index (paras, next++))->text);
  return next;
}

/* Where the body ends: "Nơi nhận" or the signature, whichever comes first after @from. */
guint
gb_parser_find_closing (GPtrArray *paras,
                        guint      from)
{
  for (guint i = from; i < paras->len; i++)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;
      if (gb_parser_starts_with_ci (t, "Nơi nhận") || is_signing_form (t))
        return i;
    }
  return paras->len;
}

/* Reads the recipients ("Nơi nhận"), the signing form, the signer's title and name from the
 * paragraphs from @from on. */
void
gb_parser_read_closing (GbNotice  *notice,
                        GPtrArray *paras,
                        guint      from)
{
  for (guint i = from; i < paras->len; i++)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;
      if (gb_parser_starts_with_ci (t, "Nơi nhận"))
        {
          const char *c = t + strlen ("Nơi nhận");
          while (*c == ':' || *c == ' ')
            c++;
          add_list_entries (notice->recipients, c);
          while (i + 1 < paras->len && gb_parser_is_bullet (((Para *) g_ptr_array_index (paras, i + 1))->text))
            add_list_entries (notice->recipients, ((Para *) g_ptr_array_index (paras, ++i))->text);
        }
      else if (is_signing_form (t) && notice->signing_form == NULL)
        notice->signing_form = g_strdup (t);
      else if (gb_parser_is_upper_line (t) && notice->signer_title == NULL)
        notice->signer_title = g_strdup (t);
      else if (notice->signer == NULL && looks_like_name (t))
        notice->signer = g_strdup (t);
    }
}
