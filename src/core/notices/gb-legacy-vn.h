/* gb-legacy-vn.h — Vietnamese typed in the legacy 8-bit font encodings (TCVN3, VNI) to Unicode
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GB_LEGACY_VN_NONE,
  GB_LEGACY_VN_TCVN3,    /* TCVN 5712:1993 VN3 ("ABC"): fonts ".VnTime", ".VnArial", … */
  GB_LEGACY_VN_VNI,      /* VNI Windows: fonts "VNI-Times", "VNI-Helve", … */
  GB_LEGACY_VN_CP1258,   /* Windows-1258, for bytes only (gb_legacy_vn_decode_bytes()) */
} GbLegacyVnEncoding;

/* The encoding a font's name implies: TCVN3 for ".Vn…", VNI for "VNI-…", NONE for any other.
 * @capitals: set when the font is one of TCVN3's all-capital fonts (".VnTimeH"), which show
 * the lower-case codes as capitals. */
GbLegacyVnEncoding gb_legacy_vn_font_encoding (const char *font,
                                               gboolean   *capitals);

/* @text holds the characters a TCVN3 or VNI font was given, as Unicode (the Latin-1 range, as
 * a DOCX stores them); the result is the Vietnamese they show, NFC. Characters the encoding
 * does not assign are kept. @capitals: the text is in an all-capital font. */
char *gb_legacy_vn_from_tcvn3 (const char *text,
                               gssize      len,
                               gboolean    capitals);
char *gb_legacy_vn_from_vni   (const char *text,
                               gssize      len);

/* Text a document gives a TCVN3 or VNI font, converted unless it is Unicode already (a
 * document converted to Unicode that kept its old fonts): NFC either way. */
char *gb_legacy_vn_from_font  (GbLegacyVnEncoding encoding,
                               gboolean           capitals,
                               const char        *text,
                               gssize             len);

/* Counts the words of @text that hold a letter outside ASCII: @vietnamese those that are
 * Vietnamese syllables, @other the rest (garbled text, other languages). */
void gb_legacy_vn_score (const char *text,
                         gssize      len,
                         guint      *vietnamese,
                         guint      *other);

/* TRUE when the words of @text with diacritics are Vietnamese syllables, nearly all of them. */
gboolean gb_legacy_vn_looks_vietnamese (const char *text,
                                        gssize      len);

/* Valid UTF-8 that is visibly TCVN3 or VNI read as Latin-1 ("Ban ChØ ®¹o"): the encoding, and
 * in @converted the text it shows. Conservative: text with any letter outside Latin-1, or
 * whose words are mostly Vietnamese already, is NONE, so Unicode Vietnamese is never altered. */
GbLegacyVnEncoding gb_legacy_vn_detect (const char  *text,
                                        gssize       len,
                                        char       **converted);

/* Bytes that are not UTF-8, read as Windows-1258, TCVN3 and VNI in turn: the reading that looks
 * most like Vietnamese, NFC, with its encoding in @found; NULL when none looks Vietnamese. */
char *gb_legacy_vn_decode_bytes (const guint8       *data,
                                 gsize               len,
                                 GbLegacyVnEncoding *found);

G_END_DECLS
