/* gb-notice-parser-units.c — the units responsible for an item: the subject of its clauses
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An item's responsible units are the subject of its clauses (the words before the first verb):
 * names the dictionary knows, and names it does not but that open with an organisation's head
 * word ("Sở …", "Cục …", "Ban Quản lý …"); co-operating units follow "phối hợp với". Sub-items
 * naming no lead take their heading's (gb-notice-parser-body.c).
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser-private.h"

static void
add_unit (GbNoticeItem *item,
          const char   *name,
          GbNoticeRole  role)
{
  GbNoticeUnit *u;

  if (gb_notice_item_has_unit (item, name))
    return;
  u = g_new0 (GbNoticeUnit, 1);
  u->name = g_strdup (name);
  u->role = role;
  g_ptr_array_add (item->units, u);
}

/* An item's text twice: as written (NFC, asides blanked) and folded character by character, with
 * the offset of each folded byte in the written text, so a name found in the folded text can be
 * given back with its capitals. */
typedef struct
{
  char            *orig;
  char            *folded;
  gsize           *map;        /* folded byte → orig byte; one more than the folded length */
  GbOrganisations *orgs;
  GHashTable      *seen;       /* folded name → the first spelling met in this notice */
  GbNoticeItem    *item;
  GArray          *claimed;    /* gsize pairs: folded spans a longer name took from a known one */
} UnitText;

static void
unit_text_clear (UnitText *t)
{
  g_free (t->orig);
  g_free (t->folded);
  g_free (t->map);
  g_clear_pointer (&t->claimed, g_array_unref);
}

static void
unit_text_init (UnitText   *t,
                const char *text)
{
  g_autofree char *nfc = gb_organisations_nfc (text);
  GString *f;
  GArray *map;
  int depth = 0;

  t->orig = g_strdup (nfc != NULL ? nfc : "");
  /* Parenthesised asides ("(qua Văn phòng Tỉnh ủy)") name channels, not responsible units. */
  for (char *p = t->orig; *p; p++)
    {
      if (*p == '(')
        depth++;
      if (depth > 0)
        {
          if (*p == ')')
            depth--;
          /* Every byte of every character: the text stays valid UTF-8 and as long. */
          *p = ' ';
        }
    }
  if (!g_utf8_validate (t->orig, -1, NULL))
    for (char *p = t->orig; *p; p++)
      if ((guchar) *p >= 0x80)
        *p = ' ';
  f = g_string_sized_new (strlen (t->orig));
  map = g_array_sized_new (FALSE, FALSE, sizeof (gsize), strlen (t->orig) + 1);
  for (const char *p = t->orig; *p; p = g_utf8_next_char (p))
    {
      char buf[8];
      int n = g_unichar_to_utf8 (g_unichar_tolower (g_utf8_get_char (p)), buf);
      gsize at = p - t->orig;

      g_string_append_len (f, buf, n);
      for (int k = 0; k < n; k++)
        g_array_append_val (map, at);
    }
  {
    gsize end = strlen (t->orig);
    g_array_append_val (map, end);
  }
  /* The modern tone placement, in place: each pair has the same length both ways. */
  {
    static const char *const pairs[][2] = {
      { "oà", "òa" }, { "oá", "óa" }, { "oả", "ỏa" }, { "oã", "õa" }, { "oạ", "ọa" },
      { "oè", "òe" }, { "oé", "óe" }, { "oẻ", "ỏe" }, { "oẽ", "õe" }, { "oẹ", "ọe" },
      { "uỳ", "ùy" }, { "uý", "úy" }, { "uỷ", "ủy" }, { "uỹ", "ũy" }, { "uỵ", "ụy" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
      {
        gsize len = strlen (pairs[i][0]);
        char *p = f->str;

        if (len != strlen (pairs[i][1]))
          continue;
        while ((p = strstr (p, pairs[i][0])) != NULL)
          {
            memcpy (p, pairs[i][1], len);
            p += len;
          }
      }
  }
  t->folded = g_string_free (f, FALSE);
  t->map = (gsize *) g_array_free (map, FALSE);
}

/* Whether the written letter at folded offset @at (clause-relative @base) is a capital. */
static gboolean
written_upper (const UnitText *t,
               gsize           at)
{
  return g_unichar_isupper (g_utf8_get_char (t->orig + t->map[at]));
}

static gsize
skip_spaces (const char *s,
             gsize       p,
             gsize       end)
{
  while (p < end && s[p] == ' ')
    p++;
  return p;
}

static gsize
next_word (const char *s,
           gsize       p,
           gsize       end)
{
  while (p < end && s[p] != ' ' && s[p] != ',')
    p++;
  return p;
}

/*
 * The first verb of the clause @s (folded, @len bytes, starting at @base in the item): where its
 * subject ends. A verb inside a known name ("Ban Chỉ đạo") does not count, nor one written with
 * a capital after the start ("Ban Quản lý các khu công nghiệp"), unless the clause is all
 * capitals.
 */
static gsize
find_verb (const UnitText *t,
           gsize           base,
           const char     *s,
           gsize           len,
           GArray         *matches,
           gboolean        case_aware)
{
  Words *w = gb_parser_words_get ();
  guint k = 0;

  for (gsize p = 0; p < len; p++)
    {
      if (p > 0 && s[p - 1] != ' ')
        continue;
      while (k < matches->len && g_array_index (matches, GbOrganisationMatch, k).end <= p)
        k++;
      if (k < matches->len && g_array_index (matches, GbOrganisationMatch, k).start <= p)
        continue;
      if (case_aware && p > 0 && written_upper (t, base + p))
        continue;
      for (guint i = 0; i < w->cues->len; i++)
        {
          const char *cue = (const char *) g_ptr_array_index (w->cues, i) + 1;
          gsize n = strlen (cue);

          if (cue[n - 1] == ' ')
            {
              if (strncmp (s + p, cue, n - 1) == 0
                  && (p + n - 1 >= len || strchr (" ,;:.", s[p + n - 1]) != NULL))
                return p;
            }
          else if (strncmp (s + p, cue, n) == 0)
            return p;
        }
    }
  return len;
}

/* The canonical name of an organisation found by its head: the dictionary's if it knows the
 * whole phrase, else as written with a capital first letter (all-capital headings get the usual
 * capitals: "SỞ NGOẠI VỤ" → "Sở Ngoại vụ"), the same spelling throughout the notice. */
static const char *
canonical_unit (UnitText   *t,
                const char *phrase,
                guint       head_words)
{
  g_autofree char *clean = NULL;
  g_autofree char *key = NULL;
  const char *known;
  GString *s = g_string_new (NULL);
  gboolean lower = FALSE;
  guint word = 0;

  for (const char *p = phrase; *p; p++)
    if (*p != ' ' || (s->len > 0 && s->str[s->len - 1] != ' '))
      g_string_append_c (s, *p);
  while (s->len > 0 && strchr (" ,;:.", s->str[s->len - 1]) != NULL)
    g_string_truncate (s, s->len - 1);
  clean = g_string_free (s, FALSE);
  if (*clean == '\0')
    return NULL;
  known = gb_organisations_lookup (t->orgs, clean);
  if (known != NULL)
    return known;
  for (const char *p = clean; *p; p = g_utf8_next_char (p))
    lower |= g_unichar_islower (g_utf8_get_char (p));
  s = g_string_new (NULL);
  {
    g_auto(GStrv) words = g_strsplit (clean, " ", -1);
    for (guint i = 0; words[i] != NULL; i++, word++)
      {
        g_autofree char *out = NULL;

        if (i > 0)
          g_string_append_c (s, ' ');
        if (lower || strpbrk (words[i], "0123456789") != NULL || g_str_equal (words[i], "UBND"))
          out = g_strdup (words[i]);
        else
          out = g_utf8_strdown (words[i], -1);
        /* The head and the first word of the proper name take a capital. */
        if (word == 0 || (!lower && word == head_words))
          {
            gunichar c = g_utf8_get_char (out);
            char buf[8];
            int n = g_unichar_to_utf8 (g_unichar_totitle (c), buf);
            g_string_append_len (s, buf, n);
            g_string_append (s, g_utf8_next_char (out));
          }
        else
          g_string_append (s, out);
      }
  }
  g_free (clean);
  clean = g_string_free (s, FALSE);
  key = gb_organisations_fold (clean);
  known = g_hash_table_lookup (t->seen, key);
  if (known != NULL)
    return known;
  known = clean;
  g_hash_table_insert (t->seen, g_steal_pointer (&key), g_steal_pointer (&clean));
  return known;
}

static const GbOrganisationMatch *
match_at (GArray *matches,
          gsize   at)
{
  for (guint i = 0; i < matches->len; i++)
    {
      const GbOrganisationMatch *m = &g_array_index (matches, GbOrganisationMatch, i);
      if (m->start == at)
        return m;
      if (m->start > at)
        break;
    }
  return NULL;
}

static gsize
char_boundary (const char *s,
               gsize       at)
{
  while (at > 0 && ((guchar) s[at] & 0xC0) == 0x80)
    at--;
  return at;
}

/* After a separator, whether the next words still belong to the same name ("Sở Tài nguyên và
 * Môi trường", "Sở Văn hóa, Thể thao …") rather than start the next body or leave the list. */
static gboolean
name_goes_on (const UnitText *t,
              gsize           base,
              const char     *s,
              gsize           at,
              gsize           end,
              GArray         *matches,
              gboolean        case_aware)
{
  Words *w = gb_parser_words_get ();

  if (at >= end || match_at (matches, at) != NULL || gb_parser_starts_with_any (s + at, w->heads) > 0
      || gb_parser_starts_with_any (s + at, w->titles) > 0 || gb_parser_has_prefix_word (s + at, "các")
      || gb_parser_has_prefix_word (s + at, "những"))
    return FALSE;
  return case_aware ? written_upper (t, base + at) : TRUE;
}

/* Whether a known name ending at @at is only the start of another body's: "UBND huyện Kim Bảng"
 * is not UBND tỉnh, "Sở Du lịch và Thể thao …" not Sở Du lịch. */
static gboolean
known_goes_on (const UnitText *t,
               gsize           base,
               const char     *s,
               gsize           at,
               gsize           end,
               GArray         *matches,
               gboolean        case_aware)
{
  Words *w = gb_parser_words_get ();
  gsize nx = skip_spaces (s, at, end);

  if (nx >= end || nx == at)
    return FALSE;
  if (gb_parser_starts_with_any (s + nx, w->admin) > 0 && !gb_parser_has_prefix_word (s + nx, "tỉnh"))
    return TRUE;
  if (gb_parser_has_prefix_word (s + nx, "và") && case_aware)
    return name_goes_on (t, base, s, skip_spaces (s, nx + strlen ("và"), end), end, matches, case_aware);
  return FALSE;
}

/* An organisation the dictionary does not know, named by its head at @p ("Sở Ngoại vụ", "Công an
 * các huyện, thị xã"): its end, or 0. */
static gsize
pattern_unit (UnitText    *t,
              gsize        base,
              const char  *s,
              gsize        p,
              gsize        end,
              GArray      *matches,
              gboolean     case_aware,
              const char **name)
{
  Words *w = gb_parser_words_get ();
  gsize q = p, h, r, last = 0, place;
  guint n_words = 0, head_words = 1, caps_run = 0;
  gboolean strong, plural = FALSE, saw_cac = FALSE, in_places = FALSE;

  if (gb_parser_has_prefix_word (s + q, "các") || gb_parser_has_prefix_word (s + q, "những"))
    {
      q = skip_spaces (s, next_word (s, q, end), end);
      plural = TRUE;
    }
  h = gb_parser_starts_with_any (s + q, w->heads);
  if (h == 0 || q + h >= end || gb_parser_starts_with_any (s + q, w->not_orgs) > 0)
    return 0;
  strong = gb_parser_starts_with_any (s + q, w->strong) == h;
  for (gsize i = q; i < q + h; i++)
    head_words += s[i] == ' ';
  r = skip_spaces (s, q + h, end);
  /* A known body at the head is the start of a longer name: "Ban Chỉ đạo phòng, chống dịch
   * Covid-19 huyện Kim Bảng". */
  {
    const GbOrganisationMatch *m = match_at (matches, q);
    if (m != NULL && m->end < end)
      {
        last = m->end;
        n_words++;
        r = skip_spaces (s, m->end, end);
      }
  }
  if (r >= end || s[r] == ',' || (n_words == 0 && !strong && case_aware && !written_upper (t, base + r)))
    return 0;
  while (r < end)
    {
      const GbOrganisationMatch *m;
      gboolean upper = case_aware && written_upper (t, base + r);

      if (s[r] == ',')
        {
          gsize nx = skip_spaces (s, r + 1, end);
          if (saw_cac && gb_parser_starts_with_any (s + nx, w->admin) > 0)
            {
              in_places = TRUE;
              r = nx;
              continue;
            }
          if (name_goes_on (t, base, s, nx, end, matches, case_aware))
            {
              r = nx;
              continue;
            }
          break;
        }
      if (gb_parser_has_prefix_word (s + r, "và"))
        {
          gsize nx = skip_spaces (s, r + strlen ("và"), end);
          if (name_goes_on (t, base, s, nx, end, matches, case_aware))
            {
              r = nx;
              continue;
            }
          break;
        }
      /* A proper name of two capitalised words or more ends the body's name: "Liên đoàn Bóng đá
       * Việt Nam tạm hoãn …"; so does a list of kinds of place ("… các huyện, thành phố"). */
      if (case_aware && !upper && caps_run >= 2)
        break;
      place = gb_parser_starts_with_any (s + r, w->admin);
      if (in_places && place == 0)
        break;
      caps_run = upper ? caps_run + 1 : 0;
      /* A known body inside the name ("Văn phòng Ban Chỉ đạo …") is part of it. */
      if ((m = match_at (matches, r)) != NULL && m->end <= end)
        last = m->end;
      else
        {
          saw_cac |= gb_parser_has_prefix_word (s + r, "các");
          /* "thành phố", "thị xã" are one word here. */
          last = place > 0 ? r + place : next_word (s, r, end);
        }
      if (++n_words > 12)
        return 0;
      r = skip_spaces (s, last, end);
    }
  if (n_words == 0)
    return 0;
  {
    g_autofree char *phrase = g_strndup (t->orig + t->map[base + p], t->map[base + last] - t->map[base + p]);
    *name = canonical_unit (t, phrase, head_words + (plural ? 1 : 0));
  }
  return *name != NULL ? last : 0;
}

/* "các Bộ: Quốc phòng, Công an, Y tế" names three ministries; returns the list's end or 0. */
static gsize
expand_list (UnitText     *t,
             gsize         base,
             const char   *s,
             gsize         p,
             gsize         end,
             gboolean      case_aware,
             GbNoticeRole  role)
{
  Words *w = gb_parser_words_get ();
  g_autofree char *head = NULL;
  gsize r, hl, last = 0;
  guint n = 0;

  if (!gb_parser_has_prefix_word (s + p, "các"))
    return 0;
  r = skip_spaces (s, p + strlen ("các"), end);
  hl = gb_parser_starts_with_any (s + r, w->list_heads);
  if (hl == 0)
    return 0;
  head = g_strndup (s + r, hl);
  r = skip_spaces (s, r + hl, end);
  if (r >= end || (case_aware && !written_upper (t, base + r)) || s[r] == ',')
    return 0;
  for (int guard = 0; guard < 24 && r < end; guard++)
    {
      gsize avail = char_boundary (s + r, MIN (end - r, 200));
      g_autofree char *probe = g_strdup_printf ("%s %.*s", head, (int) avail, s + r);
      g_autoptr(GArray) pm = gb_organisations_find_all (t->orgs, probe);
      const char *name = NULL;
      gsize e;

      if (pm->len > 0 && g_array_index (pm, GbOrganisationMatch, 0).start == 0
          && g_array_index (pm, GbOrganisationMatch, 0).end > hl + 1)
        {
          name = g_array_index (pm, GbOrganisationMatch, 0).name;
          e = r + g_array_index (pm, GbOrganisationMatch, 0).end - hl - 1;
        }
      else
        {
          guint words = 0;
          gsize q = r;

          e = r;
          while (q < end && s[q] != ',' && !(q > r && gb_parser_has_prefix_word (s + q, "và")))
            {
              e = next_word (s, q, end);
              q = skip_spaces (s, e, end);
              words++;
            }
          if (words == 0 || words > 6)
            break;
          {
            g_autofree char *written = g_strndup (t->orig + t->map[base + r], t->map[base + e] - t->map[base + r]);
            g_autofree char *phrase = g_strconcat (head, " ", written, NULL);
            name = canonical_unit (t, phrase, 1);
          }
        }
      if (name == NULL)
        break;
      add_unit (t->item, name, role);
      n++;
      last = e;
      r = skip_spaces (s, e, end);
      if (r < end && s[r] == ',')
        r = skip_spaces (s, r + 1, end);
      else if (gb_parser_has_prefix_word (s + r, "và"))
        r = skip_spaces (s, r + strlen ("và"), end);
      else
        break;
      if (r >= end || (case_aware && !written_upper (t, base + r)))
        break;
    }
  return n > 0 ? last : 0;
}

/* The bodies listed from @p ("A, B và C"), each known or found by its head; how many. */
static guint
scan_unit_list (UnitText     *t,
                gsize         base,
                const char   *s,
                gsize         p,
                gsize         end,
                GArray       *matches,
                gboolean      case_aware,
                GbNoticeRole  role)
{
  Words *w = gb_parser_words_get ();
  guint found = 0;

  for (int guard = 0; guard < 32 && p < end; guard++)
    {
      gsize q = skip_spaces (s, p, end), e, tl;
      const GbOrganisationMatch *m = NULL;
      const char *name = NULL;

      for (int k = 0; k < 3 && match_at (matches, q) == NULL && (tl = gb_parser_starts_with_any (s + q, w->titles)) > 0; k++)
        q = skip_spaces (s, q + tl, end);
      if ((m = match_at (matches, q)) != NULL && m->end <= end
          && (!known_goes_on (t, base, s, m->end, end, matches, case_aware)
              || (e = pattern_unit (t, base, s, q, end, matches, case_aware, &name)) <= m->end))
        {
          name = m->name;
          e = m->end;
        }
      else if (m != NULL && m->end <= end)
        {
          gsize span[2] = { base + q, base + e };
          g_array_append_vals (t->claimed, span, 2);
        }
      else if ((e = expand_list (t, base, s, q, end, case_aware, role)) > 0)
        found++;
      else
        e = pattern_unit (t, base, s, q, end, matches, case_aware, &name);
      if (e == 0)
        break;
      if (name != NULL)
        {
          add_unit (t->item, name, role);
          found++;
        }
      p = skip_spaces (s, e, end);
      /* "Sở Y tế tỉnh Hà Nam, …": the place after a known name is still that body. */
      {
        gsize al = gb_parser_starts_with_any (s + p, w->admin);
        if (al > 0 && case_aware)
          {
            gsize r = skip_spaces (s, p + al, end);
            gboolean named = FALSE;

            while (r < end && s[r] != ',' && written_upper (t, base + r))
              {
                r = skip_spaces (s, next_word (s, r, end), end);
                named = TRUE;
              }
            if (named)
              p = r;
          }
      }
      if (p < end && s[p] == ',')
        p++;
      else if (gb_parser_has_prefix_word (s + p, "và"))
        p += strlen ("và");
      else if (gb_parser_has_prefix_word (s + p, "cùng"))
        p += strlen ("cùng");
      else
        break;
    }
  return found;
}

static gboolean
claimed (const UnitText *t,
         gsize           at)
{
  for (guint i = 0; i + 1 < t->claimed->len; i += 2)
    if (at >= g_array_index (t->claimed, gsize, i) && at < g_array_index (t->claimed, gsize, i + 1))
      return TRUE;
  return FALSE;
}

static void
find_units_in_clause (UnitText *t,
                      gsize     cs,
                      gsize     ce,
                      gboolean  nested)
{
  static const char *const prefixes[] = { "giao cho ", "giao ", "đề nghị ", "yêu cầu " };
  g_autoptr(GArray) matches = NULL;
  g_autofree char *s = NULL;
  gsize c = cs, we, len, region_end;
  gboolean case_aware = FALSE;
  const char *coop;

  while (c < ce && t->folded[c] == ' ')
    c++;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (ce - c >= strlen (prefixes[i]) && strncmp (t->folded + c, prefixes[i], strlen (prefixes[i])) == 0)
      {
        c += strlen (prefixes[i]);
        break;
      }
  /* The subject comes first: a bounded window keeps the work linear in the text. */
  we = ce - c > 1024 ? c + char_boundary (t->folded + c, 1024) : ce;
  if (we <= c)
    return;
  s = g_strndup (t->folded + c, we - c);
  len = we - c;
  for (const char *p = t->orig + t->map[c]; p < t->orig + t->map[we]; p = g_utf8_next_char (p))
    if (g_unichar_islower (g_utf8_get_char (p)))
      {
        case_aware = TRUE;
        break;
      }

  /* The subject of the clause runs to its first verb outside an organisation's name ("Ban Chỉ
   * đạo …" holds the verb "chỉ đạo"). */
  matches = gb_organisations_find_all (t->orgs, s);
  region_end = find_verb (t, c, s, len, matches, case_aware);

  /* "Thủ tướng giao Bộ Y tế chủ trì": whoever is given the work is responsible for it. */
  if (!nested && region_end > 0 && region_end < len
      && (gb_parser_has_prefix_word (s + region_end, "giao") || gb_parser_has_prefix_word (s + region_end, "yêu cầu")
          || gb_parser_has_prefix_word (s + region_end, "đề nghị")))
    {
      guint before = t->item->units->len;

      find_units_in_clause (t, c + region_end, ce, TRUE);
      if (t->item->units->len > before)
        return;
    }

  if (region_end > 0 && gb_parser_count_words (s, region_end) <= 60)
    {
      guint found = scan_unit_list (t, c, s, 0, region_end, matches, case_aware, GB_NOTICE_ROLE_LEAD);
      if (found == 0 && matches->len > 0)
        {
          const GbOrganisationMatch *m0 = &g_array_index (matches, GbOrganisationMatch, 0);
          if (m0->end <= region_end && gb_parser_count_words (s, m0->start) <= 5)
            scan_unit_list (t, c, s, m0->start, region_end, matches, case_aware, GB_NOTICE_ROLE_LEAD);
        }
    }
  if (matches->len > 0)
    {
      const GbOrganisationMatch *m0 = &g_array_index (matches, GbOrganisationMatch, 0);
      if (m0->end <= region_end && gb_parser_count_words (s, m0->start) <= 5 && gb_parser_count_words (s, region_end) <= 60)
        {
          for (guint i = 0; i < matches->len; i++)
            {
              const GbOrganisationMatch *m = &g_array_index (matches, GbOrganisationMatch, i);
              if (m->end <= region_end && !claimed (t, c + m->start))
                add_unit (t->item, m->name, GB_NOTICE_ROLE_LEAD);
            }
        }
    }

  /* "X chủ trì, phối hợp (chặt chẽ) với Y": Y co-operates, up to the next verb. */
  coop = strstr (s, "phối hợp");
  while (coop != NULL && coop > s && coop[-1] != ' ')
    coop = strstr (coop + 1, "phối hợp");
  if (coop != NULL)
    {
      gsize r = skip_spaces (s, coop - s + strlen ("phối hợp"), len);
      g_autoptr(GArray) cm = NULL;
      gsize stop;

      if (gb_parser_has_prefix_word (s + r, "chặt chẽ"))
        {
          r = skip_spaces (s, r + strlen ("chặt chẽ"), len);
          if (r < len && s[r] == ',')
            r = skip_spaces (s, r + 1, len);
        }
      if (gb_parser_has_prefix_word (s + r, "với"))
        r += strlen ("với");
      else if (gb_parser_has_prefix_word (s + r, "cùng"))
        r += strlen ("cùng");
      else
        return;
      r = skip_spaces (s, r, len);
      cm = gb_organisations_find_all (t->orgs, s + r);
      stop = find_verb (t, c + r, s + r, len - r, cm, case_aware);
      scan_unit_list (t, c + r, s + r, 0, stop, cm, case_aware, GB_NOTICE_ROLE_COOPERATE);
      for (guint i = 0; i < cm->len; i++)
        {
          const GbOrganisationMatch *m = &g_array_index (cm, GbOrganisationMatch, i);
          if (m->end <= stop && !claimed (t, c + r + m->start))
            add_unit (t->item, m->name, GB_NOTICE_ROLE_COOPERATE);
        }
    }
}

/* A name matched in @text co-operates when "phối hợp" comes just before it, else it leads. */
static GbNoticeRole
role_of_match (const char *text,
               GMatchInfo *mi)
{
  g_autofree char *before = NULL;
  const char *coop;
  int start = 0;

  g_match_info_fetch_pos (mi, 0, &start, NULL);
  before = g_strndup (text, MAX (start, 0));
  coop = g_strrstr (before, "phối hợp");
  return (coop != NULL && strlen (coop) < 40) ? GB_NOTICE_ROLE_COOPERATE : GB_NOTICE_ROLE_LEAD;
}

/* "UBND các huyện Hiệp Hòa, Yên Thế" names two district committees, not every district: the
 * group the dictionary found gives way to the places named. */
static void
named_places (GbNoticeItem *item)
{
  static GRegex *rx = NULL;
  static gsize once = 0;
  g_autofree char *text = NULL;
  g_autoptr(GMatchInfo) mi = NULL;

  if (g_once_init_enter (&once))
    {
      rx = g_regex_new ("(?<!\\p{L})(UBND|Ủy ban nhân dân|Công an|Huyện ủy|Trung tâm Y tế|Ban Chỉ đạo phòng, chống dịch Covid-19)"
                        "\\s+các\\s+(huyện|thị xã|thành phố|xã|phường|thị trấn|quận|tỉnh)\\s*:?\\s+"
                        "(\\p{Lu}\\p{Ll}*(?:\\s\\p{Lu}\\p{Ll}*){0,3}(?:\\s*(?:,|và)\\s*\\p{Lu}\\p{Ll}*(?:\\s\\p{Lu}\\p{Ll}*){0,3}){1,30})",
                        G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (rx != NULL);
      g_once_init_leave (&once, 1);
    }
  if (strstr (item->text, "UBND các") == NULL && strstr (item->text, "nhân dân các") == NULL
      && strstr (item->text, "an các") == NULL && strstr (item->text, "ủy các") == NULL
      && strstr (item->text, "tế các") == NULL && strstr (item->text, "19 các") == NULL)
    return;
  /* The text as the parser has it (sources give NFC): names in decomposed text stay unread. */
  text = g_strdup (item->text);
  if (!g_regex_match (rx, text, 0, &mi))
    return;
  while (g_match_info_matches (mi))
    {
      g_autofree char *head = g_match_info_fetch (mi, 1);
      g_autofree char *kind = g_match_info_fetch (mi, 2);
      g_autofree char *list = g_match_info_fetch (mi, 3);
      g_autofree char *group = g_strdup_printf ("%s các %s", head, kind);
      g_autofree char *group_f = gb_organisations_fold (group);
      g_autofree char *ubnd_f = gb_organisations_fold ("UBND các ");
      g_auto(GStrv) names = g_regex_split_simple ("\\s*(?:,|\\svà\\s)\\s*", list, 0, 0);
      GbNoticeRole role = role_of_match (text, mi);
      /* The group ("UBND các huyện, thị xã, thành phố") the dictionary read here goes. */
      for (guint u = item->units->len; u > 0; u--)
        {
          GbNoticeUnit *unit = g_ptr_array_index (item->units, u - 1);
          g_autofree char *f = gb_organisations_fold (unit->name);
          if (g_str_has_prefix (f, group_f) || (g_str_equal (head, "Ủy ban nhân dân") && g_str_has_prefix (f, ubnd_f)))
            {
              role = unit->role;
              g_ptr_array_remove_index (item->units, u - 1);
            }
        }
      for (guint i = 0; names[i] != NULL; i++)
        if (*names[i] != '\0')
          {
            g_autofree char *name = g_strdup_printf ("%s %s %s", g_str_equal (head, "Ủy ban nhân dân") ? "UBND" : head, kind,
                                                     g_strstrip (names[i]));
            add_unit (item, name, role);
          }
      g_match_info_next (mi, NULL);
    }
}

static gboolean
ends_with_at (const char *s,
                      gsize       len,
                      const char *suffix)
{
  gsize n = strlen (suffix);

  return len >= n && strncmp (s + len - n, suffix, n) == 0 && len - n < 200;
}

/* Strips "trung ương " or a trailing " tỉnh" / " tỉnh ủy" from a folded name: what a central
 * body and its provincial namesake share. */
static char *
body_base (const char *folded)
{
  GString *s = g_string_new (folded);
  char *hit = strstr (s->str, "trung ương ");

  if (hit != NULL)
    g_string_erase (s, hit - s->str, strlen ("trung ương "));
  if (g_str_has_suffix (s->str, " trung ương"))
    g_string_truncate (s, s->len - strlen (" trung ương"));
  if (g_str_has_suffix (s->str, " tỉnh ủy"))
    g_string_truncate (s, s->len - strlen (" tỉnh ủy"));
  if (g_str_has_suffix (s->str, " tỉnh"))
    g_string_truncate (s, s->len - strlen (" tỉnh"));
  return g_string_free (s, FALSE);
}

/* "Ban Tuyên giáo Trung ương", "Ủy ban Trung ương MTTQ Việt Nam": a central body is not the
 * province's of the same name, which the dictionary would read there unless it is written too. */
static void
central_units (GbNoticeItem *item)
{
  static GRegex *rx = NULL;
  static gsize once = 0;
  g_autofree char *text = NULL;
  g_autofree char *ftext = NULL;
  g_autoptr(GMatchInfo) mi = NULL;

  if (g_once_init_enter (&once))
    {
      rx = g_regex_new ("(?<!\\p{L})((?:Ban|Văn phòng|Hội đồng|Hội|Đoàn)(?:\\s+\\p{Lu}\\p{Ll}*(?:\\s+\\p{Ll}+)?){1,3}?)\\s+(?:Trung ương|TW)(?!\\p{L})",
                        G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (rx != NULL);
      g_once_init_leave (&once, 1);
    }
  if (strstr (item->text, "Trung ương") == NULL && strstr (item->text, " TW") == NULL)
    return;
  text = g_strdup (item->text);
  g_regex_match (rx, text, 0, &mi);
  while (g_match_info_matches (mi))
    {
      g_autofree char *body = g_match_info_fetch (mi, 1);
      g_autofree char *name = g_strdup_printf ("%s Trung ương", body);
      GbNoticeRole role = role_of_match (text, mi);
      add_unit (item, name, role);
      g_match_info_next (mi, NULL);
    }
  for (guint c = 0; c < item->units->len; c++)
    {
      const GbNoticeUnit *central = g_ptr_array_index (item->units, c);
      g_autofree char *fc = NULL;
      g_autofree char *base = NULL;

      if (strstr (central->name, "Trung ương") == NULL && strstr (central->name, "trung ương") == NULL)
        continue;
      fc = gb_organisations_fold (central->name);
      if (ftext == NULL)
        ftext = gb_organisations_fold (text);
      base = body_base (fc);
      for (guint u = item->units->len; u > 0; u--)
        {
          const GbNoticeUnit *other = g_ptr_array_index (item->units, u - 1);
          g_autofree char *fo = gb_organisations_fold (other->name);
          g_autofree char *ob = body_base (fo);

          if (u - 1 != c && strstr (fo, "trung ương") == NULL && g_str_equal (ob, base) && strstr (ftext, fo) == NULL)
            {
              g_ptr_array_remove_index (item->units, u - 1);
              if (u - 1 < c)
                c--;
            }
        }
    }
}

/* A unit named only by its kind ("các cơ quan, đơn vị liên quan", "các địa phương"): kept as
 * written, so the task is not left with none, and marked for a person to check. */
void
gb_parser_generic_unit (GbNoticeItem *item)
{
  static const char *const generic[] = {
    "các cơ quan, đơn vị liên quan", "các cơ quan, đơn vị", "các sở, ban, ngành", "các sở, ngành",
    "các ban, ngành", "các địa phương", "các đơn vị liên quan", "các đơn vị", "các nhà trường", "các trường",
    "các cơ sở", "các ngành, các cấp", "các cấp, các ngành", "các cấp ủy", "các tổ chức", "các doanh nghiệp",
    "các cơ quan liên quan", "các cơ quan", "các lực lượng", "các xã, thị trấn", "các xã, phường, thị trấn",
    "thành viên ban chỉ đạo", "cơ quan, đơn vị", "nhà trường",
  };
  g_autofree char *f = NULL;
  g_autofree char *written = NULL;
  const char *best = NULL;
  gsize at = 0;

  if (strstr (item->text, "ác ") == NULL && strstr (item->text, "ơ quan") == NULL
      && strstr (item->text, "hà trường") == NULL && strstr (item->text, "hành viên") == NULL)
    return;
  f = gb_organisations_fold (item->text);
  written = gb_organisations_nfc (item->text);
  for (guint i = 0; i < G_N_ELEMENTS (generic); i++)
    {
      const char *hit = strstr (f, generic[i]);
      /* The subject: at the start, or right after the word that gives the task. */
      if (hit != NULL && (hit == f || ends_with_at (f, hit - f, "giao ") || ends_with_at (f, hit - f, "giao cho ")
                          || ends_with_at (f, hit - f, "yêu cầu ") || ends_with_at (f, hit - f, "đề nghị ")
                          || ends_with_at (f, hit - f, "đối với "))
          && (best == NULL || strlen (generic[i]) > strlen (best)))
        {
          best = generic[i];
          at = hit - f;
        }
    }
  if (best == NULL)
    return;
  {
    g_autofree char *phrase = strlen (f) == strlen (written) ? g_strndup (written + at, strlen (best)) : g_strdup (best);
    gunichar c = g_unichar_toupper (g_utf8_get_char (phrase));
    char buf[8];
    int n = g_unichar_to_utf8 (c, buf);
    g_autofree char *name = g_strdup_printf ("%.*s%s", n, buf, g_utf8_next_char (phrase));

    add_unit (item, name, GB_NOTICE_ROLE_LEAD);
    item->unsure |= GB_NOTICE_FIELD_UNITS;
  }
}

/* Adds the names of a written list ("Sở Y tế, Công an tỉnh"), each under its canonical name when
 * the dictionary knows it. A comma also sits inside names ("Các sở, ban, ngành"): the longest run
 * of pieces that is a known name is one name. */
static void
add_listed_units (GbNoticeItem    *item,
                  GbOrganisations *orgs,
                  const char      *list,
                  GbNoticeRole     role)
{
  g_auto(GStrv) pieces = g_regex_split_simple ("\\s*[,;]\\s*|\\s+và\\s+", list, 0, 0);
  guint n = g_strv_length (pieces);

  for (guint i = 0; i < n;)
    {
      guint take = 1;
      const char *known = NULL;

      for (guint j = n; j > i && known == NULL; j--)
        {
          g_autofree char *joined = NULL;
          char *saved = pieces[j];

          pieces[j] = NULL;
          joined = g_strjoinv (", ", pieces + i);
          pieces[j] = saved;
          if ((known = gb_organisations_lookup (orgs, joined)) != NULL)
            take = j - i;
        }
      if (known != NULL)
        add_unit (item, known, role);
      else if (*g_strstrip (pieces[i]) != '\0')
        add_unit (item, pieces[i], role);
      i += take;
    }
}

/* "… (Chủ trì: Ban Tuyên giáo Tỉnh ủy; phối hợp: Sở Y tế, Công an tỉnh; Thời hạn: …)": the units
 * an item names for itself, as the app's own conclusions print them and many plans do ("Cơ quan
 * chủ trì: …", "Đơn vị phối hợp: …"). They are the item's units, whatever its sentence says. */
static gboolean
assigned_units (GbNoticeItem    *item,
                GbOrganisations *orgs)
{
  static GRegex *rx = NULL;
  g_autoptr(GMatchInfo) mi = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *coop = NULL;

  if (g_once_init_enter (&rx))
    {
      GRegex *r = g_regex_new ("(?:(?:cơ quan|đơn vị)\\s+)?chủ\\s+trì\\s*:\\s*([^;:()]{2,300}?)\\s*"
                               "(?:[;.]\\s*(?:(?:cơ quan|đơn vị)\\s+)?phối\\s+hợp\\s*:\\s*([^;:()]{2,300}?)\\s*)?"
                               "(?=[;.)]|$)", G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (r != NULL);
      g_once_init_leave (&rx, r);
    }
  if (!g_regex_match (rx, item->text, 0, &mi))
    return FALSE;
  lead = g_match_info_fetch (mi, 1);
  coop = g_match_info_fetch (mi, 2);
  add_listed_units (item, orgs, lead, GB_NOTICE_ROLE_LEAD);
  if (coop != NULL && *coop != '\0')
    add_listed_units (item, orgs, coop, GB_NOTICE_ROLE_COOPERATE);
  return item->units->len > 0;
}

void
gb_parser_find_units (GbNoticeItem    *item,
                      GbOrganisations *orgs,
                      GHashTable      *seen)
{
  Words *w = gb_parser_words_get ();
  UnitText t = { NULL, NULL, NULL, orgs, seen, item, NULL };
  gsize start = 0;
  char *p;

  if (assigned_units (item, orgs))
    return;

  unit_text_init (&t, item->text);
  t.claimed = g_array_new (FALSE, FALSE, sizeof (gsize));
  /* "các Bộ: Quốc phòng, Công an" — that colon opens a list, not a new clause. */
  for (p = strstr (t.folded, "các "); p != NULL; p = strstr (p + 1, "các "))
    {
      gsize hl = gb_parser_starts_with_any (p + strlen ("các "), w->list_heads);
      if (hl > 0 && p[strlen ("các ") + hl] == ':')
        p[strlen ("các ") + hl] = ' ';
    }
  for (p = t.folded; ; p++)
    {
      if (*p == '\0' || (strchr (".;:!?", *p) != NULL && !g_ascii_isdigit (p[1])))
        {
          find_units_in_clause (&t, start, p - t.folded, FALSE);
          if (*p == '\0')
            break;
          start = p - t.folded + 1;
        }
    }
  unit_text_clear (&t);
  named_places (item);
  central_units (item);
}
