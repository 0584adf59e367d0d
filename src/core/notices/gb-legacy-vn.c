/* gb-legacy-vn.c — Vietnamese typed in the legacy 8-bit font encodings (TCVN3, VNI) to Unicode
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before Unicode, provincial offices typed Vietnamese in fonts that drew it over the Latin-1
 * codes: TCVN3 (the "ABC" fonts .VnTime, .VnArial…) in the north, VNI (VNI-Times, VNI-Helve…)
 * in the south. A DOCX keeps those codes as the Latin-1 characters they are ("Tæng" for
 * "Tổng"), and a text file keeps them as bytes. This turns them back into the Vietnamese they
 * show.
 *
 * The tables follow the published code charts: TCVN 5712:1993 for VN3 (its 67 lower-case
 * letters, the 7 capitals Ă Â Ê Ô Ơ Ư Đ and nothing else; the capitals with tones exist only
 * in the all-capital fonts such as .VnTimeH, which draw the lower-case codes as capitals), and
 * the VNI Windows chart, where a vowel is followed by one code for its hat and tone ("a" + "á"
 * for "ấ"). The test holds every letter in both encodings, checked by hand.
 */
#include "config.h"

#include <string.h>

#include "gb-legacy-vn.h"
#include "gb-text.h"

/* Whether @c is one of the ASCII characters of @set. */
static gboolean
ascii_in (gunichar    c,
          const char *set)
{
  return c != 0 && c < 0x80 && strchr (set, (int) c) != NULL;
}

/* ---- TCVN3 ----------------------------------------------------------------------------- */

/* Codes 0xA0–0xFF of TCVN 5712:1993 VN3; 0: not assigned. */
static const gunichar tcvn3_high[96] = {
  /* 0xA0 */ 0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
  /* 0xA8 */ 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0,
  /* 0xB0 */ 0,      0,      0,      0,      0,      0x00E0, 0x1EA3, 0x00E3,
  /* 0xB8 */ 0x00E1, 0x1EA1, 0,      0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0,
  /* 0xC0 */ 0,      0,      0,      0,      0,      0,      0x1EB7, 0x1EA7,
  /* 0xC8 */ 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0,      0x1EBB, 0x1EBD,
  /* 0xD0 */ 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
  /* 0xD8 */ 0x1EC9, 0,      0,      0,      0x0129, 0x00ED, 0x1ECB, 0x00F2,
  /* 0xE0 */ 0,      0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
  /* 0xE8 */ 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
  /* 0xF0 */ 0,      0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
  /* 0xF8 */ 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0,
};

/* Word keeps the text of a font it takes for a symbol font in the private range U+F020–U+F0FF:
 * the code is the low byte. */
static gunichar
font_code (gunichar c)
{
  return (c >= 0xF020 && c <= 0xF0FF) ? c - 0xF000 : c;
}

static char *
nfc_take (GString *s)
{
  char *normal = gb_text_nfc (s->str, s->len);

  g_string_free (s, TRUE);
  return normal;
}

/**
 * gb_legacy_vn_from_tcvn3:
 * @text: UTF-8, the characters a TCVN3 font was given
 * @len: its length in bytes, or -1
 * @capitals: the font is an all-capital one (".VnTimeH")
 *
 * Returns: (transfer full): the Vietnamese the font shows, NFC.
 */
char *
gb_legacy_vn_from_tcvn3 (const char *text,
                         gssize      len,
                         gboolean    capitals)
{
  GString *out;
  const char *end;

  g_return_val_if_fail (text != NULL, NULL);

  if (len < 0)
    len = strlen (text);
  end = text + len;
  out = g_string_sized_new (len + len / 2);
  for (const char *p = text; p < end && *p; p = g_utf8_next_char (p))
    {
      gunichar c = font_code (g_utf8_get_char (p));
      gunichar u = (c >= 0xA0 && c <= 0xFF) ? tcvn3_high[c - 0xA0] : 0;

      g_string_append_unichar (out, u != 0 ? u : c);
    }
  if (capitals)
    {
      char *up = g_utf8_strup (out->str, out->len);
      g_string_assign (out, up);
      g_free (up);
    }
  return nfc_take (out);
}

/* ---- VNI ------------------------------------------------------------------------------- */

#define HAT_CIRCUMFLEX 0x0302
#define HAT_BREVE      0x0306
#define TONE_GRAVE     0x0300
#define TONE_ACUTE     0x0301
#define TONE_TILDE     0x0303
#define TONE_HOOK      0x0309
#define TONE_DOT       0x0323

/* The codes VNI puts after a vowel, lower case (the capital code is 0x20 below): its hat and
 * its tone, as combining marks. */
static const struct
{
  gunichar code, hat, tone;
} vni_marks[] = {
  { 0xF9, 0, TONE_ACUTE },               /* ù */
  { 0xF8, 0, TONE_GRAVE },               /* ø */
  { 0xFB, 0, TONE_HOOK },                /* û */
  { 0xF5, 0, TONE_TILDE },               /* õ */
  { 0xEF, 0, TONE_DOT },                 /* ï */
  { 0xE2, HAT_CIRCUMFLEX, 0 },           /* â */
  { 0xE1, HAT_CIRCUMFLEX, TONE_ACUTE },  /* á */
  { 0xE0, HAT_CIRCUMFLEX, TONE_GRAVE },  /* à */
  { 0xE5, HAT_CIRCUMFLEX, TONE_HOOK },   /* å */
  { 0xE3, HAT_CIRCUMFLEX, TONE_TILDE },  /* ã */
  { 0xE4, HAT_CIRCUMFLEX, TONE_DOT },    /* ä */
  { 0xEA, HAT_BREVE, 0 },                /* ê */
  { 0xE9, HAT_BREVE, TONE_ACUTE },       /* é */
  { 0xE8, HAT_BREVE, TONE_GRAVE },       /* è */
  { 0xFA, HAT_BREVE, TONE_HOOK },        /* ú */
  { 0xFC, HAT_BREVE, TONE_TILDE },       /* ü */
  { 0xEB, HAT_BREVE, TONE_DOT },         /* ë */
};

/* Letters VNI codes in one character, lower case and capital. "í" and "ì" are themselves. */
static const struct
{
  gunichar code, letter;
} vni_letters[] = {
  { 0xF1, 0x0111 }, { 0xD1, 0x0110 },   /* ñ Ñ: đ Đ */
  { 0xF4, 0x01A1 }, { 0xD4, 0x01A0 },   /* ô Ô: ơ Ơ */
  { 0xF6, 0x01B0 }, { 0xD6, 0x01AF },   /* ö Ö: ư Ư */
  { 0xE6, 0x1EC9 }, { 0xC6, 0x1EC8 },   /* æ Æ: ỉ Ỉ */
  { 0xF3, 0x0129 }, { 0xD3, 0x0128 },   /* ó Ó: ĩ Ĩ */
  { 0xF2, 0x1ECB }, { 0xD2, 0x1ECA },   /* ò Ò: ị Ị */
  { 0xEE, 0x1EF5 }, { 0xCE, 0x1EF4 },   /* î Î: ỵ Ỵ */
};

static gboolean
vni_mark (gunichar  c,
          gunichar *hat,
          gunichar *tone)
{
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
    c += 0x20;
  for (guint i = 0; i < G_N_ELEMENTS (vni_marks); i++)
    if (vni_marks[i].code == c)
      {
        *hat = vni_marks[i].hat;
        *tone = vni_marks[i].tone;
        return TRUE;
      }
  return FALSE;
}

static gunichar
vni_letter (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (vni_letters); i++)
    if (vni_letters[i].code == c)
      return vni_letters[i].letter;
  return c;
}

/* A vowel that takes VNI's marks after it: a, e, o, u, y and ơ, ư (themselves "ô", "ö"). */
static gboolean
vni_base (gunichar c)
{
  return ascii_in (c, "aeouyAEOUY") || c == 0x01A1 || c == 0x01A0 || c == 0x01B0 || c == 0x01AF;
}

/**
 * gb_legacy_vn_from_vni:
 * @text: UTF-8, the characters a VNI font was given
 * @len: its length in bytes, or -1
 *
 * Returns: (transfer full): the Vietnamese the font shows, NFC.
 */
char *
gb_legacy_vn_from_vni (const char *text,
                       gssize      len)
{
  g_autofree gunichar *u = NULL;
  glong n = 0;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  u = g_utf8_to_ucs4_fast (text, len, &n);
  out = g_string_sized_new (n + 8);
  for (glong i = 0; i < n; i++)
    {
      gunichar c = vni_letter (font_code (u[i]));
      gunichar hat = 0, tone = 0;

      /* A mark joins its vowel only where the letter exists: a circumflex on a, e, o, a breve
       * on a. Anything else stays as it was typed. */
      if (vni_base (c) && i + 1 < n && vni_mark (font_code (u[i + 1]), &hat, &tone)
          && (hat == 0 || (hat == HAT_CIRCUMFLEX && ascii_in (c, "aeoAEO"))
              || (hat == HAT_BREVE && (c == 'a' || c == 'A'))))
        {
          g_string_append_unichar (out, c);
          if (hat != 0)
            g_string_append_unichar (out, hat);
          if (tone != 0)
            g_string_append_unichar (out, tone);
          i++;
        }
      else
        g_string_append_unichar (out, c);
    }
  return nfc_take (out);
}

/* ---- fonts ----------------------------------------------------------------------------- */

/**
 * gb_legacy_vn_font_encoding:
 * @font: (nullable): a font's family name, as a document names it
 * @capitals: (out) (optional): set for TCVN3's all-capital fonts
 *
 * Returns: the encoding the font implies.
 */
GbLegacyVnEncoding
gb_legacy_vn_font_encoding (const char *font,
                            gboolean   *capitals)
{
  g_autofree char *name = NULL;
  gsize n;

  if (capitals != NULL)
    *capitals = FALSE;
  if (font == NULL)
    return GB_LEGACY_VN_NONE;
  /* ODF quotes family names that hold spaces or start with a dot: "'.VnTime'". */
  name = g_strstrip (g_strdup (font));
  n = strlen (name);
  if (n >= 2 && (name[0] == '\'' || name[0] == '"') && name[n - 1] == name[0])
    {
      name[n - 1] = '\0';
      memmove (name, name + 1, n - 1);
      g_strstrip (name);
      n = strlen (name);
    }
  if (g_ascii_strncasecmp (name, ".Vn", 3) == 0 && n > 3)
    {
      if (capitals != NULL)
        *capitals = name[n - 1] == 'H';
      return GB_LEGACY_VN_TCVN3;
    }
  if (g_ascii_strncasecmp (name, "VNI-", 4) == 0 && n > 4)
    return GB_LEGACY_VN_VNI;
  return GB_LEGACY_VN_NONE;
}

/* ---- scoring --------------------------------------------------------------------------- */

/* Toneless vowel groups of Vietnamese syllables, with the semivowels that end some. */
static const char *const nuclei[] = {
  "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
  "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo",
  "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê",
  "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uyê", "uya", "uyu",
  NULL,
};
static const char *const initials[] = {
  "", "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
  "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", NULL,
};
static const char *const finals[] = { "", "ng", "nh", "ch", "c", "m", "n", "p", "t", NULL };

/* A letter of Vietnamese, lower case, without its tone; FALSE for anything else. */
static gboolean
split_letter (gunichar  c,
              gunichar *letter,
              gboolean *toned)
{
  gunichar d[8];
  gsize n;
  gunichar hat = 0;

  c = g_unichar_tolower (c);
  *toned = FALSE;
  if (c < 0x80 || c == 0x0111)
    {
      *letter = c;
      return c == 0x0111 || g_ascii_isalpha (c);
    }
  n = g_unichar_fully_decompose (c, FALSE, d, G_N_ELEMENTS (d));
  if (n < 2 || n > 3 || !ascii_in (d[0], "aeiouy"))
    return FALSE;
  for (gsize i = 1; i < n; i++)
    switch (d[i])
      {
      case HAT_CIRCUMFLEX:
      case HAT_BREVE:
      case 0x031B:   /* the horn of ơ, ư */
        if (hat != 0)
          return FALSE;
        hat = d[i];
        break;
      case TONE_GRAVE:
      case TONE_ACUTE:
      case TONE_TILDE:
      case TONE_HOOK:
      case TONE_DOT:
        if (*toned)
          return FALSE;
        *toned = TRUE;
        break;
      default:
        return FALSE;
      }
  if (hat == 0)
    *letter = d[0];
  else if (!((hat == HAT_CIRCUMFLEX && ascii_in (d[0], "aeo")) || (hat == HAT_BREVE && d[0] == 'a')
             || (hat == 0x031B && ascii_in (d[0], "ou")))
           || !g_unichar_compose (d[0], hat, letter))
    return FALSE;
  return TRUE;
}

/* Whether the characters [@from, @to) make one Vietnamese syllable: an initial consonant, a
 * vowel group, a final consonant, and one tone at most. */
static gboolean
is_syllable (const char *from,
             const char *to)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  guint tones = 0;

  for (const char *p = from; p < to; p = g_utf8_next_char (p))
    {
      gunichar letter;
      gboolean toned;

      if (!split_letter (g_utf8_get_char (p), &letter, &toned))
        return FALSE;
      tones += toned;
      g_string_append_unichar (plain, letter);
    }
  if (tones > 1)
    return FALSE;
  for (guint i = 0; initials[i] != NULL; i++)
    {
      const char *rest = plain->str + strlen (initials[i]);
      gsize rest_len;

      if (!g_str_has_prefix (plain->str, initials[i]))
        continue;
      rest_len = strlen (rest);
      for (guint f = 0; finals[f] != NULL; f++)
        {
          gsize fl = strlen (finals[f]);
          if (fl >= rest_len || strcmp (rest + rest_len - fl, finals[f]) != 0)
            continue;
          for (guint k = 0; nuclei[k] != NULL; k++)
            if (strlen (nuclei[k]) == rest_len - fl && strncmp (rest, nuclei[k], rest_len - fl) == 0)
              return TRUE;
        }
    }
  return FALSE;
}

/* Words end at ASCII that is no letter, at a no-break space and at the punctuation of
 * U+2000–U+206F (dashes, quotes). Any other character belongs to its word: the symbols of
 * garbled text ("®¹o") make the word no syllable. */
static gboolean
is_separator (gunichar c)
{
  return (c < 0x80 && !g_ascii_isalpha (c)) || c == 0x00A0 || (c >= 0x2000 && c <= 0x206F) || c == 0x3000
         || c == 0xFEFF;
}

/**
 * gb_legacy_vn_score:
 * @text: UTF-8
 * @len: its length in bytes, or -1
 * @vietnamese: (out): words with a letter outside ASCII that are Vietnamese syllables
 * @other: (out): words with a character outside ASCII that are not
 *
 * Words of one character are not counted.
 */
void
gb_legacy_vn_score (const char *text,
                    gssize      len,
                    guint      *vietnamese,
                    guint      *other)
{
  const char *end, *word = NULL;
  gboolean wide = FALSE;
  guint chars = 0;

  *vietnamese = *other = 0;
  g_return_if_fail (text != NULL);
  if (len < 0)
    len = strlen (text);
  end = text + len;
  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = p < end ? g_utf8_get_char (p) : 0;

      if (p >= end || c == 0 || is_separator (c))
        {
          /* A word of one letter ("ở", or "â" out of a stray "©") tells nothing either way. */
          if (word != NULL && wide && chars > 1)
            {
              if (is_syllable (word, p))
                (*vietnamese)++;
              else
                (*other)++;
            }
          word = NULL;
          wide = FALSE;
          chars = 0;
          if (p >= end || c == 0)
            break;
          continue;
        }
      if (word == NULL)
        word = p;
      chars++;
      if (c >= 0x80)
        wide = TRUE;
    }
}

/**
 * gb_legacy_vn_looks_vietnamese:
 * @text: UTF-8
 * @len: its length in bytes, or -1
 *
 * Returns: whether @text has words with diacritics, at least four in five of them Vietnamese.
 */
gboolean
gb_legacy_vn_looks_vietnamese (const char *text,
                               gssize      len)
{
  guint viet, other;

  gb_legacy_vn_score (text, len, &viet, &other);
  return viet > 0 && other * 4 <= viet;
}

/* ---- detection ------------------------------------------------------------------------- */

/* Windows-1252's codes 0x80–0x9F; the five it leaves free read as the C1 controls, as
 * Windows itself reads them. */
static const gunichar cp1252_c1[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static gboolean
is_cp1252_char (gunichar c)
{
  if (c < 0x100)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (cp1252_c1); i++)
    if (cp1252_c1[i] == c)
      return TRUE;
  return FALSE;
}

static char *
cp1252_to_utf8 (const guint8 *data,
                gsize         len)
{
  GString *s = g_string_sized_new (len + len / 2);

  for (gsize i = 0; i < len; i++)
    {
      guint8 b = data[i];
      g_string_append_unichar (s, (b >= 0x80 && b < 0xA0) ? cp1252_c1[b - 0x80] : b);
    }
  return g_string_free (s, FALSE);
}

/* How much a reading looks like Vietnamese: its syllables, each wrong word weighing three. */
static gint64
rank (guint viet,
      guint other)
{
  return (gint64) viet - 3 * (gint64) other;
}

/**
 * gb_legacy_vn_detect:
 * @text: valid UTF-8
 * @len: its length in bytes, or -1
 * @converted: (out) (optional) (transfer full): the converted text, when not NONE
 *
 * Returns: TCVN3 or VNI when @text is clearly one of them read as Latin-1, else NONE.
 */
GbLegacyVnEncoding
gb_legacy_vn_detect (const char  *text,
                     gssize       len,
                     char       **converted)
{
  static const GbLegacyVnEncoding candidates[] = { GB_LEGACY_VN_TCVN3, GB_LEGACY_VN_VNI };
  GbLegacyVnEncoding best = GB_LEGACY_VN_NONE;
  g_autofree char *best_text = NULL;
  gint64 best_rank = G_MININT64;
  guint in_viet, in_other;

  if (converted != NULL)
    *converted = NULL;
  g_return_val_if_fail (text != NULL, GB_LEGACY_VN_NONE);
  if (len < 0)
    len = strlen (text);

  /* Garbled text has only the characters a legacy font was given; Unicode Vietnamese has ơ, ư,
   * đ, ă and the tones of U+1EA0–U+1EF9 in nearly any sentence. */
  for (const char *p = text; p < text + len && *p; p = g_utf8_next_char (p))
    if (!is_cp1252_char (g_utf8_get_char (p)))
      return GB_LEGACY_VN_NONE;
  /* It must be visibly wrong: several words that are no syllable, as many as the ones that
   * are (a garbled word may be a syllable by chance: "cã" for "có"). */
  gb_legacy_vn_score (text, len, &in_viet, &in_other);
  if (in_other < 3 || in_other < in_viet)
    return GB_LEGACY_VN_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *out = candidates[i] == GB_LEGACY_VN_TCVN3 ? gb_legacy_vn_from_tcvn3 (text, len, FALSE)
                                                                 : gb_legacy_vn_from_vni (text, len);
      guint viet, other;

      gb_legacy_vn_score (out, -1, &viet, &other);
      /* Nearly every word a syllable afterwards, and more of them than were wrong before. */
      if (viet < in_other || other * 10 > viet || rank (viet, other) <= best_rank)
        continue;
      best = candidates[i];
      best_rank = rank (viet, other);
      g_free (best_text);
      best_text = g_steal_pointer (&out);
    }
  if (converted != NULL)
    *converted = g_steal_pointer (&best_text);
  return best;
}

/**
 * gb_legacy_vn_from_font:
 * @encoding: the encoding of the text's font, TCVN3 or VNI
 * @capitals: the font is an all-capital one
 * @text: UTF-8, the text a document gives that font
 * @len: its length in bytes, or -1
 *
 * Converts text in a TCVN3 or VNI font, unless it is already Unicode: documents converted to
 * Unicode often keep their old fonts. Text with a letter outside Latin-1 is Unicode; text of
 * Latin-1 letters that reads as Vietnamese already ("Thông báo") stays unless converting it
 * reads better.
 *
 * Returns: (transfer full): the text to show, NFC.
 */
char *
gb_legacy_vn_from_font (GbLegacyVnEncoding  encoding,
                        gboolean            capitals,
                        const char         *text,
                        gssize              len)
{
  g_autofree char *converted = NULL;
  guint in_viet, in_other, out_viet, out_other;

  g_return_val_if_fail (text != NULL, NULL);
  if (len < 0)
    len = strlen (text);
  if (encoding != GB_LEGACY_VN_TCVN3 && encoding != GB_LEGACY_VN_VNI)
    return gb_text_nfc (text, len);
  for (const char *p = text; p < text + len && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!is_cp1252_char (c) && font_code (c) == c)
        return gb_text_nfc (text, len);
    }
  converted = encoding == GB_LEGACY_VN_TCVN3 ? gb_legacy_vn_from_tcvn3 (text, len, capitals)
                                             : gb_legacy_vn_from_vni (text, len);
  gb_legacy_vn_score (text, len, &in_viet, &in_other);
  if (in_viet > 0 && in_other == 0)
    {
      gb_legacy_vn_score (converted, -1, &out_viet, &out_other);
      if (rank (out_viet, out_other) <= rank (in_viet, in_other))
        return gb_text_nfc (text, len);
    }
  return g_steal_pointer (&converted);
}

/**
 * gb_legacy_vn_decode_bytes:
 * @data: bytes that are not UTF-8
 * @len: their length
 * @found: (out) (optional): the encoding the text was read in
 *
 * Returns: (transfer full) (nullable): the text, NFC, or NULL when no reading looks Vietnamese.
 */
char *
gb_legacy_vn_decode_bytes (const guint8       *data,
                           gsize               len,
                           GbLegacyVnEncoding *found)
{
  /* TCVN3 twice: the full TCVN 5712 as glibc reads it (VN1, which also codes the capitals
   * with tones, in bytes VN3 leaves to control characters), and the 75 codes of VN3 that the
   * fonts use, read here (glibc refuses a file with any byte VN1 does not assign). */
  static const GbLegacyVnEncoding candidates[] = { GB_LEGACY_VN_CP1258, GB_LEGACY_VN_TCVN3, GB_LEGACY_VN_TCVN3,
                                                   GB_LEGACY_VN_VNI };
  g_autofree char *latin = NULL;
  char *best_text = NULL;
  gint64 best_rank = G_MININT64;

  if (found != NULL)
    *found = GB_LEGACY_VN_NONE;
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  latin = cp1252_to_utf8 (data, len);
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      char *out = NULL;
      guint viet, other;

      switch (candidates[i])
        {
        case GB_LEGACY_VN_CP1258:
          {
            /* glibc composes the tone marks Windows-1258 puts after their vowel; NFC makes sure. */
            g_autofree char *decoded = g_convert ((const char *) data, len, "UTF-8", "CP1258", NULL, NULL, NULL);
            if (decoded != NULL)
              out = gb_text_nfc (decoded, -1);
          }
          break;
        case GB_LEGACY_VN_TCVN3:
          if (i == 1)
            {
              g_autofree char *decoded = g_convert ((const char *) data, len, "UTF-8", "TCVN5712-1", NULL, NULL, NULL);
              if (decoded != NULL)
                out = gb_text_nfc (decoded, -1);
            }
          else
            out = gb_legacy_vn_from_tcvn3 (latin, -1, FALSE);
          break;
        case GB_LEGACY_VN_VNI:
        default:
          out = gb_legacy_vn_from_vni (latin, -1);
          break;
        }
      if (out == NULL)
        continue;
      gb_legacy_vn_score (out, -1, &viet, &other);
      if (viet == 0 || other * 4 > viet || rank (viet, other) <= best_rank)
        {
          g_free (out);
          continue;
        }
      g_free (best_text);
      best_text = out;
      best_rank = rank (viet, other);
      if (found != NULL)
        *found = candidates[i];
    }
  return best_text;
}
