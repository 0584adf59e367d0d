/* gb-notice-parser-references.c — numbers and symbols ("154-CV/TU"), and the documents a notice cites
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser-private.h"

static const struct { const char *code; const char *kind; } kind_codes[] = {
  { "CV", "công văn" }, { "TB", "thông báo" }, { "KL", "kết luận" }, { "CT", "chỉ thị" },
  { "CĐ", "công điện" }, { "NQ", "nghị quyết" }, { "QĐ", "quyết định" }, { "HD", "hướng dẫn" },
  { "KH", "kế hoạch" }, { "BC", "báo cáo" }, { "TTr", "tờ trình" }, { "QC", "quy chế" },
  { "QĐi", "quy định" }, { "TT", "thông tư" }, { "NĐ", "nghị định" }, { "ĐA", "đề án" },
};

static const struct { const char *code; const char *issuer; } issuer_codes[] = {
  { "TU", "Tỉnh ủy" }, { "TW", "Trung ương" }, { "VPTW", "Văn phòng Trung ương Đảng" },
  { "TTg", "Thủ tướng Chính phủ" }, { "CP", "Chính phủ" }, { "VPCP", "Văn phòng Chính phủ" },
  { "BYT", "Bộ Y tế" }, { "UBND", "Ủy ban nhân dân tỉnh" }, { "BCĐ", "Ban Chỉ đạo" },
  { "HU", "Huyện ủy" }, { "BCĐQG", "Ban Chỉ đạo Quốc gia" }, { "VPTU", "Văn phòng Tỉnh ủy" },
  { "BTGTU", "Ban Tuyên giáo Tỉnh ủy" }, { "BDVTU", "Ban Dân vận Tỉnh ủy" },
};

const char *
gb_parser_kind_for_code (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_codes); i++)
    if (strcmp (kind_codes[i].code, code) == 0)
      return kind_codes[i].kind;
  return NULL;
}

const char *
gb_parser_issuer_for_code (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (issuer_codes); i++)
    if (strcmp (issuer_codes[i].code, code) == 0)
      return issuer_codes[i].issuer;
  return NULL;
}

/* Finds a number and symbol in @text; fills the symbol's kind and issuer codes. */
char *
gb_parser_find_number (const char  *text,
                       char       **kind_code,
                       char       **issuer_code,
                       gsize       *end)
{
  Regexes *r = gb_parser_regexes_get ();
  g_autoptr(GMatchInfo) mp = NULL;
  g_autoptr(GMatchInfo) ms = NULL;
  int ps = -1, ss = -1, pe = 0, se = 0;

  if (g_regex_match (r->number_party, text, 0, &mp))
    g_match_info_fetch_pos (mp, 0, &ps, &pe);
  if (g_regex_match (r->number_state, text, 0, &ms))
    g_match_info_fetch_pos (ms, 0, &ss, &se);
  if (ps < 0 && ss < 0)
    return NULL;
  if (ps >= 0 && (ss < 0 || ps <= ss))
    {
      g_autofree char *whole = g_match_info_fetch (mp, 0);
      if (kind_code)
        *kind_code = g_match_info_fetch (mp, 2);
      if (issuer_code)
        {
          g_autofree char *ic = g_match_info_fetch (mp, 3);
          *issuer_code = gb_parser_strip_spaces (ic ? ic : "");
        }
      if (end)
        *end = pe;
      return gb_parser_strip_spaces (whole);
    }
  else
    {
      g_autofree char *whole = g_match_info_fetch (ms, 0);
      if (kind_code)
        *kind_code = g_match_info_fetch (ms, 2);
      if (issuer_code)
        {
          g_autofree char *ic = g_match_info_fetch (ms, 3);
          *issuer_code = gb_parser_strip_spaces (ic ? ic : "");
        }
      if (end)
        *end = se;
      return gb_parser_strip_spaces (whole);
    }
}

/**
 * gb_notice_normalize_number:
 * @number: a number and symbol as written ("154 - CV/TU", "10- TB/VPTW", "1102/CĐ-TTg")
 * @kind: (out) (optional) (nullable): the document kind its symbol names
 *
 * Returns: (nullable): the number without spaces, or NULL if @number has no symbol.
 */
char *
gb_notice_normalize_number (const char  *number,
                            char       **kind)
{
  g_autofree char *kc = NULL;
  g_autofree char *ic = NULL;
  char *n;

  g_return_val_if_fail (number != NULL, NULL);

  n = gb_parser_find_number (number, &kc, &ic, NULL);
  if (kind != NULL)
    *kind = (n != NULL && kc != NULL && gb_parser_kind_for_code (kc)) ? g_strdup (gb_parser_kind_for_code (kc)) : NULL;
  return n;
}

void
gb_parser_find_references (GbNotice   *notice,
                           const char *body,
                           int         year)
{
  Regexes *r = gb_parser_regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_regex_match (r->reference, body, 0, &mi);
  while (g_match_info_matches (mi))
    {
      g_autofree char *kind = g_match_info_fetch (mi, 1);
      g_autofree char *num = g_match_info_fetch (mi, 2);
      g_autofree char *date = g_match_info_fetch (mi, 3);
      g_autofree char *whole = g_match_info_fetch (mi, 0);
      g_autofree char *n = gb_parser_strip_spaces (num);
      g_autofree char *key = NULL;

      key = g_strdup_printf ("%s|%s", kind, n);
      if (*n != '\0' && g_strcmp0 (n, notice->number) != 0 && !g_hash_table_contains (seen, key))
        {
          GbNoticeReference *ref = g_new0 (GbNoticeReference, 1);
          ref->text = g_strdup (g_strstrip (whole));
          ref->kind = g_utf8_strdown (kind, -1);
          ref->number = g_steal_pointer (&n);
          ref->date = (date != NULL && *date != '\0') ? gb_notice_parse_date (date, year) : NULL;
          g_ptr_array_add (notice->references, ref);
          g_hash_table_add (seen, g_steal_pointer (&key));
        }
      g_match_info_next (mi, NULL);
    }
}
