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

  if (!gb_parser_starts_with_ci (t, "Kính gửi") && gb_parser_is_kinh_gui (t))
    {
      const char *p = strchr (t, ':') + 1;
      while (*p == ' ')
        p++;
      return p;
    }
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

gboolean
gb_parser_looks_like_name (const char *s)
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

/* "Như trên", "Lưu: VT", "Lưu VT": entries only a list of recipients has. */
static gboolean
is_recipient_mark (const char *t)
{
  const char *body;
  g_autofree char *ascii = NULL;

  if (strlen (t) >= 40)
    return FALSE;
  body = gb_parser_is_bullet (t) ? gb_parser_after_bullet (t) : t;
  ascii = gb_parser_ascii_fold (body);
  return g_str_has_prefix (ascii, "luu") || g_str_has_prefix (ascii, "nhu tren") || g_str_has_prefix (ascii, "nhu kinh gui");
}

/* "Nơi nhận:", or OCR's "Noi nhan:". */
static gboolean
opens_recipients (const char *t)
{
  return gb_parser_starts_with_ci (t, "Nơi nhận") || g_ascii_strncasecmp (t, "Noi nhan", 8) == 0;
}

/* Where the body ends: "Nơi nhận" or the signature, whichever comes first after @from. */
guint
gb_parser_find_closing (GPtrArray *paras,
                        guint      from)
{
  for (guint i = from; i < paras->len; i++)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;
      if (opens_recipients (t) || is_signing_form (t))
        return i;
      /* "Như trên", "Lưu: VT" open or close the recipients: when "Nơi nhận" above them is
       * unreadable (OCR), the list starts at a short heading ending with ":" just above, or at
       * the run of short bullets before them. */
      if (is_recipient_mark (t))
        {
          guint j = i;

          for (guint k = i; k > from && k + 8 > i; k--)
            {
              const char *h = ((Para *) g_ptr_array_index (paras, k - 1))->text;
              if (g_str_has_suffix (h, ":") && g_utf8_strlen (h, -1) < 24)
                return k - 1;
            }
          while (j > from && gb_parser_is_bullet (((Para *) g_ptr_array_index (paras, j - 1))->text)
                 && strlen (((Para *) g_ptr_array_index (paras, j - 1))->text) < 120
                 && strchr (";,", ((Para *) g_ptr_array_index (paras, j - 1))->text[strlen (((Para *) g_ptr_array_index (paras, j - 1))->text) - 1]) != NULL)
            j--;
          return j;
        }
    }
  return paras->len;
}

/* Reads the recipients ("Nơi nhận"), the signing form, the signer's title and name from the
 * paragraphs from @from on. The signature column is often interleaved with the recipients in a
 * PDF's text: every bullet after "Nơi nhận" is a recipient, and a sub-heading ("Bản điện tử:") is
 * none. */
void
gb_parser_read_closing (GbNotice  *notice,
                        GPtrArray *paras,
                        guint      from)
{
  gboolean in_recipients = FALSE;

  /* A heading OCR could not read ("No'i Ilh~ll:") over the list that find_closing() found. */
  if (from < paras->len)
    {
      const char *h = ((Para *) g_ptr_array_index (paras, from))->text;
      in_recipients = (g_str_has_suffix (h, ":") && g_utf8_strlen (h, -1) < 24) || gb_parser_is_bullet (h);
    }
  for (guint i = from; i < paras->len; i++)
    {
      const char *t = ((Para *) g_ptr_array_index (paras, i))->text;

      if (opens_recipients (t))
        {
          const char *c = strchr (t, ':');

          in_recipients = TRUE;
          if (c != NULL && c[1] != '\0')
            add_list_entries (notice->recipients, c + 1);
        }
      else if (in_recipients && gb_parser_is_bullet (t))
        add_list_entries (notice->recipients, t);
      else if (g_str_has_suffix (t, ":") && g_utf8_strlen (t, -1) < 40)
        continue;
      else if (is_signing_form (t) && notice->signing_form == NULL)
        notice->signing_form = g_strdup (t);
      else if (gb_parser_is_upper_line (t) && notice->signer_title == NULL)
        notice->signer_title = g_strdup (t);
      else if (notice->signer == NULL && gb_parser_looks_like_name (t))
        notice->signer = g_strdup (t);
    }
}
