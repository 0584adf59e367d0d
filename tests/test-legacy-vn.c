/* test-legacy-vn.c — TCVN3 and VNI to Unicode, letter by letter, and the garble detector
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table below was written by hand from the published charts (TCVN 5712:1993 VN3; the VNI
 * Windows chart), not from the module's own tables: each Vietnamese letter with its TCVN3 code
 * and its VNI codes, as the Latin-1 characters a DOCX stores.
 */
#include "config.h"

#include <string.h>

#include "gb-legacy-vn.h"

typedef struct
{
  const char *lower, *upper;
  const char *tcvn3;        /* the lower-case code; capitals with a tone only in ".VnTimeH" */
  const char *tcvn3_upper;  /* NULL: no code of its own */
  const char *vni, *vni_upper;
} Letter;

static const Letter letters[] = {
  { "à", "À", "µ", NULL, "aø", "AØ" },
  { "á", "Á", "¸", NULL, "aù", "AÙ" },
  { "ả", "Ả", "¶", NULL, "aû", "AÛ" },
  { "ã", "Ã", "·", NULL, "aõ", "AÕ" },
  { "ạ", "Ạ", "¹", NULL, "aï", "AÏ" },
  { "ă", "Ă", "¨", "¡", "aê", "AÊ" },
  { "ằ", "Ằ", "»", NULL, "aè", "AÈ" },
  { "ắ", "Ắ", "¾", NULL, "aé", "AÉ" },
  { "ẳ", "Ẳ", "¼", NULL, "aú", "AÚ" },
  { "ẵ", "Ẵ", "½", NULL, "aü", "AÜ" },
  { "ặ", "Ặ", "Æ", NULL, "aë", "AË" },
  { "â", "Â", "©", "¢", "aâ", "AÂ" },
  { "ầ", "Ầ", "Ç", NULL, "aà", "AÀ" },
  { "ấ", "Ấ", "Ê", NULL, "aá", "AÁ" },
  { "ẩ", "Ẩ", "È", NULL, "aå", "AÅ" },
  { "ẫ", "Ẫ", "É", NULL, "aã", "AÃ" },
  { "ậ", "Ậ", "Ë", NULL, "aä", "AÄ" },
  { "è", "È", "Ì", NULL, "eø", "EØ" },
  { "é", "É", "Ð", NULL, "eù", "EÙ" },
  { "ẻ", "Ẻ", "Î", NULL, "eû", "EÛ" },
  { "ẽ", "Ẽ", "Ï", NULL, "eõ", "EÕ" },
  { "ẹ", "Ẹ", "Ñ", NULL, "eï", "EÏ" },
  { "ê", "Ê", "ª", "£", "eâ", "EÂ" },
  { "ề", "Ề", "Ò", NULL, "eà", "EÀ" },
  { "ế", "Ế", "Õ", NULL, "eá", "EÁ" },
  { "ể", "Ể", "Ó", NULL, "eå", "EÅ" },
  { "ễ", "Ễ", "Ô", NULL, "eã", "EÃ" },
  { "ệ", "Ệ", "Ö", NULL, "eä", "EÄ" },
  { "ì", "Ì", "×", NULL, "ì", "Ì" },
  { "í", "Í", "Ý", NULL, "í", "Í" },
  { "ỉ", "Ỉ", "Ø", NULL, "æ", "Æ" },
  { "ĩ", "Ĩ", "Ü", NULL, "ó", "Ó" },
  { "ị", "Ị", "Þ", NULL, "ò", "Ò" },
  { "ò", "Ò", "ß", NULL, "oø", "OØ" },
  { "ó", "Ó", "ã", NULL, "où", "OÙ" },
  { "ỏ", "Ỏ", "á", NULL, "oû", "OÛ" },
  { "õ", "Õ", "â", NULL, "oõ", "OÕ" },
  { "ọ", "Ọ", "ä", NULL, "oï", "OÏ" },
  { "ô", "Ô", "«", "¤", "oâ", "OÂ" },
  { "ồ", "Ồ", "å", NULL, "oà", "OÀ" },
  { "ố", "Ố", "è", NULL, "oá", "OÁ" },
  { "ổ", "Ổ", "æ", NULL, "oå", "OÅ" },
  { "ỗ", "Ỗ", "ç", NULL, "oã", "OÃ" },
  { "ộ", "Ộ", "é", NULL, "oä", "OÄ" },
  { "ơ", "Ơ", "¬", "¥", "ô", "Ô" },
  { "ờ", "Ờ", "ê", NULL, "ôø", "ÔØ" },
  { "ớ", "Ớ", "í", NULL, "ôù", "ÔÙ" },
  { "ở", "Ở", "ë", NULL, "ôû", "ÔÛ" },
  { "ỡ", "Ỡ", "ì", NULL, "ôõ", "ÔÕ" },
  { "ợ", "Ợ", "î", NULL, "ôï", "ÔÏ" },
  { "ù", "Ù", "ï", NULL, "uø", "UØ" },
  { "ú", "Ú", "ó", NULL, "uù", "UÙ" },
  { "ủ", "Ủ", "ñ", NULL, "uû", "UÛ" },
  { "ũ", "Ũ", "ò", NULL, "uõ", "UÕ" },
  { "ụ", "Ụ", "ô", NULL, "uï", "UÏ" },
  { "ư", "Ư", "\xc2\xad", "¦", "ö", "Ö" },   /* TCVN3 0xAD, the soft hyphen's code */
  { "ừ", "Ừ", "õ", NULL, "öø", "ÖØ" },
  { "ứ", "Ứ", "ø", NULL, "öù", "ÖÙ" },
  { "ử", "Ử", "ö", NULL, "öû", "ÖÛ" },
  { "ữ", "Ữ", "÷", NULL, "öõ", "ÖÕ" },
  { "ự", "Ự", "ù", NULL, "öï", "ÖÏ" },
  { "ỳ", "Ỳ", "ú", NULL, "yø", "YØ" },
  { "ý", "Ý", "ý", NULL, "yù", "YÙ" },
  { "ỷ", "Ỷ", "û", NULL, "yû", "YÛ" },
  { "ỹ", "Ỹ", "ü", NULL, "yõ", "YÕ" },
  { "ỵ", "Ỵ", "þ", NULL, "î", "Î" },
  { "đ", "Đ", "®", "§", "ñ", "Ñ" },
};

/* The table holds every letter of Vietnamese that is not ASCII, each once: 12 vowels with
 * their 5 tones, the 6 bare vowels with a hat or horn, and đ, in both cases (134). */
static void
test_table_complete (void)
{
  static const gunichar vowels[] = { 'a', 0x0103, 0x00E2, 'e', 0x00EA, 'i', 'o', 0x00F4, 0x01A1, 'u', 0x01B0, 'y' };
  static const gunichar tones[] = { 0, 0x0300, 0x0301, 0x0309, 0x0303, 0x0323 };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    {
      g_assert_true (g_hash_table_add (seen, (gpointer) letters[i].lower));
      g_assert_true (g_hash_table_add (seen, (gpointer) letters[i].upper));
    }
  for (guint v = 0; v < G_N_ELEMENTS (vowels); v++)
    for (guint t = 0; t < G_N_ELEMENTS (tones); t++)
      for (guint up = 0; up < 2; up++)
        {
          gunichar base = up ? g_unichar_toupper (vowels[v]) : vowels[v];
          gunichar s[2] = { base, tones[t] };
          g_autofree char *decomposed = g_ucs4_to_utf8 (s, tones[t] ? 2 : 1, NULL, NULL, NULL);
          g_autofree char *letter = g_utf8_normalize (decomposed, -1, G_NORMALIZE_NFC);

          g_assert_cmpint (g_utf8_strlen (letter, -1), ==, 1);
          if (base < 0x80 && tones[t] == 0)
            continue;
          if (!g_hash_table_contains (seen, letter))
            g_error ("“%s” is not in the table", letter);
          n++;
        }
  g_assert_cmpuint (n + 2, ==, 134);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 134);
}

static void
check_tcvn3 (const char *code,
             gboolean    capitals,
             const char *expected)
{
  g_autofree char *got = gb_legacy_vn_from_tcvn3 (code, -1, capitals);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("TCVN3 “%s”%s gives “%s”, not “%s”", code, capitals ? " (capitals)" : "", got, expected);
}

static void
check_vni (const char *code,
           const char *expected)
{
  g_autofree char *got = gb_legacy_vn_from_vni (code, -1);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("VNI “%s” gives “%s”, not “%s”", code, got, expected);
}

static void
test_letters (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    {
      const Letter *l = &letters[i];
      g_autofree char *in_word = NULL;
      g_autofree char *expected_word = NULL;

      check_tcvn3 (l->tcvn3, FALSE, l->lower);
      check_tcvn3 (l->tcvn3, TRUE, l->upper);
      if (l->tcvn3_upper != NULL)
        {
          check_tcvn3 (l->tcvn3_upper, FALSE, l->upper);
          check_tcvn3 (l->tcvn3_upper, TRUE, l->upper);
        }
      check_vni (l->vni, l->lower);
      check_vni (l->vni_upper, l->upper);

      /* Inside a word too, next to letters that must not change. */
      in_word = g_strconcat ("nh", l->vni, "ng", NULL);
      expected_word = g_strconcat ("nh", l->lower, "ng", NULL);
      check_vni (in_word, expected_word);
      g_clear_pointer (&in_word, g_free);
      in_word = g_strconcat ("nh", l->tcvn3, "ng", NULL);
      check_tcvn3 (in_word, FALSE, expected_word);

      /* A third reading of the lower-case TCVN3 code, where the C library has one: glibc's
       * TCVN5712-1 agrees with VN3 on every code VN3 assigns. */
      {
        g_autofree char *byte = g_convert (l->tcvn3, -1, "ISO-8859-1", "UTF-8", NULL, NULL, NULL);
        g_autofree char *libc = byte ? g_convert (byte, -1, "UTF-8", "TCVN5712-1", NULL, NULL, NULL) : NULL;
        g_autofree char *nfc = libc ? g_utf8_normalize (libc, -1, G_NORMALIZE_NFC) : NULL;
        if (nfc != NULL)
          g_assert_cmpstr (nfc, ==, l->lower);
      }
    }
}

typedef struct
{
  const char *unicode, *tcvn3, *vni;
} Sentence;

static const Sentence sentences[] = {
  { "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh", "Ban ChØ ®¹o phßng, chèng dÞch COVID-19 tØnh",
    "Ban Chæ ñaïo phoøng, choáng dòch COVID-19 tænh" },
  { "Sở Y tế", "Së Y tÕ", "Sôû Y teá" },
  { "Thông báo kết luận", "Th«ng b¸o kÕt luËn", "Thoâng baùo keát luaän" },
  { "Tổng hợp tình hình dịch bệnh; người dân được tiêm vắc-xin, giữ khoảng cách.",
    "Tæng hîp t×nh h×nh dÞch bÖnh; ng\xc2\xadêi d©n ®\xc2\xadîc tiªm v¾c-xin, gi÷ kho¶ng c¸ch.",
    "Toång hôïp tình hình dòch beänh; ngöôøi daân ñöôïc tieâm vaéc-xin, giöõ khoaûng caùch." },
  { "ủy ban nhân dân huyện Quỳnh Lưu", "ñy ban nh©n d©n huyÖn Quúnh L\xc2\xadu", "uûy ban nhaân daân huyeän Quyønh Löu" },
};

static void
test_sentences (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      check_tcvn3 (sentences[i].tcvn3, FALSE, sentences[i].unicode);
      check_vni (sentences[i].vni, sentences[i].unicode);
      g_assert_true (gb_legacy_vn_looks_vietnamese (sentences[i].unicode, -1));
    }
  /* A heading in .VnTimeH: the lower-case codes, shown as capitals. */
  check_tcvn3 ("ñy ban nh©n d©n tØnh hµ nam", TRUE, "ỦY BAN NHÂN DÂN TỈNH HÀ NAM");
  /* Word's private-range copy of a symbol font's codes reads as the codes. */
  check_tcvn3 ("T\xef\x83\xa6ng", FALSE, "Tổng");
  /* A VNI mark after a letter that cannot take it stays as typed. */
  check_vni ("iù", "iù");
  check_vni ("uâ", "uâ");
  check_vni ("eê", "eê");
}

/* Text in a legacy font is converted unless it is Unicode already. */
static void
test_from_font (void)
{
  static const struct
  {
    GbLegacyVnEncoding encoding;
    const char *in, *out;
  } cases[] = {
    { GB_LEGACY_VN_TCVN3, "Th«ng b¸o kÕt luËn", "Thông báo kết luận" },
    { GB_LEGACY_VN_TCVN3, "cña", "của" },
    { GB_LEGACY_VN_TCVN3, "Tổng hợp tình hình", "Tổng hợp tình hình" },
    { GB_LEGACY_VN_TCVN3, "Thông báo và giám sát", "Thông báo và giám sát" },
    { GB_LEGACY_VN_VNI, "Thoâng baùo keát luaän", "Thông báo kết luận" },
    { GB_LEGACY_VN_VNI, "Tổng hợp tình hình", "Tổng hợp tình hình" },
    { GB_LEGACY_VN_VNI, "Thông báo và giám sát", "Thông báo và giám sát" },
    { GB_LEGACY_VN_NONE, "Th«ng b¸o", "Th«ng b¸o" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = gb_legacy_vn_from_font (cases[i].encoding, FALSE, cases[i].in, -1);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_fonts (void)
{
  gboolean capitals = TRUE;

  g_assert_cmpint (gb_legacy_vn_font_encoding (".VnTime", &capitals), ==, GB_LEGACY_VN_TCVN3);
  g_assert_false (capitals);
  g_assert_cmpint (gb_legacy_vn_font_encoding (".VnTimeH", &capitals), ==, GB_LEGACY_VN_TCVN3);
  g_assert_true (capitals);
  g_assert_cmpint (gb_legacy_vn_font_encoding ("'.VnArial NarrowH'", &capitals), ==, GB_LEGACY_VN_TCVN3);
  g_assert_true (capitals);
  g_assert_cmpint (gb_legacy_vn_font_encoding (".vnCentury Schoolbook", &capitals), ==, GB_LEGACY_VN_TCVN3);
  g_assert_false (capitals);
  g_assert_cmpint (gb_legacy_vn_font_encoding ("VNI-Times", NULL), ==, GB_LEGACY_VN_VNI);
  g_assert_cmpint (gb_legacy_vn_font_encoding ("VNI-Helve-Condense", NULL), ==, GB_LEGACY_VN_VNI);
  g_assert_cmpint (gb_legacy_vn_font_encoding ("Times New Roman", &capitals), ==, GB_LEGACY_VN_NONE);
  g_assert_false (capitals);
  g_assert_cmpint (gb_legacy_vn_font_encoding ("VnTime", NULL), ==, GB_LEGACY_VN_NONE);
  g_assert_cmpint (gb_legacy_vn_font_encoding (".Vn", NULL), ==, GB_LEGACY_VN_NONE);
  g_assert_cmpint (gb_legacy_vn_font_encoding (NULL, NULL), ==, GB_LEGACY_VN_NONE);
}

static void
test_detect (void)
{
  static const char tcvn3[] =
    "Ban ChØ ®¹o phßng, chèng dÞch COVID-19 tØnh\nTh«ng b¸o kÕt luËn cña Tr\xc2\xad\xe1\xbb\x9fng ban";
  static const char vni[] =
    "Ban Chæ ñaïo phoøng, choáng dòch COVID-19 tænh\nThoâng baùo keát luaän cuûa Tröôûng ban";
  static const char expected[] =
    "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh\nThông báo kết luận của Trưởng ban";
  g_autofree char *converted = NULL;

  /* The TCVN3 sample above holds a real "ở": not garbled, so left alone. */
  g_assert_cmpint (gb_legacy_vn_detect (tcvn3, -1, &converted), ==, GB_LEGACY_VN_NONE);
  g_assert_null (converted);
  {
    static const char pure[] = "Ban ChØ ®¹o phßng, chèng dÞch COVID-19 tØnh\nTh«ng b¸o kÕt luËn cña Tr\xc2\xad\xc3\xabng ban";
    g_assert_cmpint (gb_legacy_vn_detect (pure, -1, &converted), ==, GB_LEGACY_VN_TCVN3);
    g_assert_cmpstr (converted, ==, expected);
    g_clear_pointer (&converted, g_free);
  }
  g_assert_cmpint (gb_legacy_vn_detect (vni, -1, &converted), ==, GB_LEGACY_VN_VNI);
  g_assert_cmpstr (converted, ==, expected);
  g_clear_pointer (&converted, g_free);

  /* Unicode Vietnamese is never touched, even when it has only Latin-1 letters. */
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    g_assert_cmpint (gb_legacy_vn_detect (sentences[i].unicode, -1, NULL), ==, GB_LEGACY_VN_NONE);
  g_assert_cmpint (gb_legacy_vn_detect ("Thông báo: các đơn vị", -1, NULL), ==, GB_LEGACY_VN_NONE);
  g_assert_cmpint (gb_legacy_vn_detect ("Thông báo tình hình, bác sĩ là gì", -1, NULL), ==, GB_LEGACY_VN_NONE);
  g_assert_cmpint (gb_legacy_vn_detect ("Thông báo bác sĩ", -1, NULL), ==, GB_LEGACY_VN_NONE);
  /* Nor another language in Latin-1, nor a few stray symbols. */
  g_assert_cmpint (gb_legacy_vn_detect ("Café à Montréal, où l'été dure; Größe über Maß", -1, NULL), ==,
                   GB_LEGACY_VN_NONE);
  g_assert_cmpint (gb_legacy_vn_detect ("© 2021 · 5 °C · ½", -1, NULL), ==, GB_LEGACY_VN_NONE);
  g_assert_cmpint (gb_legacy_vn_detect ("", -1, NULL), ==, GB_LEGACY_VN_NONE);
}

static void
test_decode_bytes (void)
{
  GbLegacyVnEncoding found = GB_LEGACY_VN_NONE;

  /* TCVN3 bytes: "Sở Y tế tỉnh Hà Nam". */
  {
    static const guint8 b[] = "S\xeb Y t\xd5 t\xd8nh H\xb5 Nam";
    g_autofree char *text = gb_legacy_vn_decode_bytes (b, sizeof b - 1, &found);
    g_assert_cmpstr (text, ==, "Sở Y tế tỉnh Hà Nam");
    g_assert_cmpint (found, ==, GB_LEGACY_VN_TCVN3);
  }
  /* VNI bytes: "Sở Y tế tỉnh Hà Nam". */
  {
    static const guint8 b[] = "S\xf4\xfb Y te\xe1 t\xe6nh Ha\xf8 Nam";
    g_autofree char *text = gb_legacy_vn_decode_bytes (b, sizeof b - 1, &found);
    g_assert_cmpstr (text, ==, "Sở Y tế tỉnh Hà Nam");
    g_assert_cmpint (found, ==, GB_LEGACY_VN_VNI);
  }
  /* Windows-1258 bytes, tones as combining marks after the vowel: "Sở Y tế tỉnh Hà Nam". */
  {
    static const guint8 b[] = "S\xf5\xd2 Y t\xea\xec ti\xd2nh Ha\xcc Nam";
    g_autofree char *text = gb_legacy_vn_decode_bytes (b, sizeof b - 1, &found);
    g_assert_cmpstr (text, ==, "Sở Y tế tỉnh Hà Nam");
    g_assert_cmpint (found, ==, GB_LEGACY_VN_CP1258);
  }
  /* Latin-1 that is no Vietnamese in any reading. */
  {
    static const guint8 b[] = "Caf\xe9 \xe0 Montr\xe9" "al, o\xf9 l'\xe9t\xe9 dure";
    g_autofree char *text = gb_legacy_vn_decode_bytes (b, sizeof b - 1, &found);
    g_assert_null (text);
    g_assert_cmpint (found, ==, GB_LEGACY_VN_NONE);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/legacy-vn/table-complete", test_table_complete);
  g_test_add_func ("/legacy-vn/letters", test_letters);
  g_test_add_func ("/legacy-vn/sentences", test_sentences);
  g_test_add_func ("/legacy-vn/from-font", test_from_font);
  g_test_add_func ("/legacy-vn/fonts", test_fonts);
  g_test_add_func ("/legacy-vn/detect", test_detect);
  g_test_add_func ("/legacy-vn/decode-bytes", test_decode_bytes);
  return g_test_run ();
}
