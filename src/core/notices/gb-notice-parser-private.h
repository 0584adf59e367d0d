/* gb-notice-parser-private.h — shared by the gb-notice-parser*.c files; nothing else includes it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-notice-parser.h"

/* The parser's files (gb-notice-parser*.c) share these; each says in its first line what it reads. */

G_BEGIN_DECLS

/* A paragraph: physical lines joined. */
typedef struct
{
  char    *text;
  gboolean blank_before;
} Para;

typedef struct
{
  GRegex *date_full;
  GRegex *date_words;
  GRegex *date_dm;
  GRegex *number_party;
  GRegex *number_state;
  GRegex *place_date;
  GRegex *reference;
  GRegex *numbered;
  GRegex *due_before;
  GRegex *due_holiday;
  GRegex *due_month;
  GRegex *due_words;
  GRegex *due_quarter;
  GRegex *any_full_date;
  GRegex *right_column;
  GRegex *header_date;
  GRegex *number_loose;
  GRegex *stamp_date;
  GRegex *meeting;
  GRegex *lead;
} Regexes;

typedef struct
{
  GPtrArray *cues;
  GPtrArray *heads;
  GPtrArray *strong;
  GPtrArray *not_orgs;
  GPtrArray *titles;
  GPtrArray *admin;
  GPtrArray *list_heads;
  GPtrArray *issuer_heads;
  GPtrArray *not_issuer_heads;
} Words;

/* gb-notice-parser-words.c: the patterns and word lists, compiled and folded once */
Regexes    *gb_parser_regexes_get           (void);
Words      *gb_parser_words_get             (void);

/* gb-notice-parser-lines.c */
char       *gb_parser_clean_line            (const char      *line);
GPtrArray  *gb_parser_split_paragraphs      (const char      *text);   /* of Para */
gboolean    gb_parser_starts_with_ci        (const char      *s,
                                             const char      *prefix);
gboolean    gb_parser_is_bullet             (const char      *s);
gboolean    gb_parser_is_letter_bullet      (const char      *s);
gboolean    gb_parser_is_numbered           (const char      *s);
char       *gb_parser_roman_section         (const char      *s);
gboolean    gb_parser_is_upper_line         (const char      *s);
gboolean    gb_parser_is_keyword_line       (const char      *s);
gboolean    gb_parser_ends_sentence         (const char      *s);
gboolean    gb_parser_is_kinh_gui           (const char      *s);
const char *gb_parser_after_bullet          (const char      *s);
char       *gb_parser_ascii_fold            (const char      *s);
char       *gb_parser_strip_spaces          (const char      *s);
int         gb_parser_count_words           (const char      *s,
                                             gsize            len);
gboolean    gb_parser_has_prefix_word       (const char      *s,
                                             const char      *word);
gsize       gb_parser_starts_with_any       (const char      *s,
                                             GPtrArray       *list);

/* gb-notice-parser-dates.c */
char       *gb_parser_format_date           (int              y,
                                             int              m,
                                             int              d);
int         gb_parser_match_int             (GMatchInfo      *mi,
                                             int              group);
int         gb_parser_latest_year           (const char      *text);
void        gb_parser_find_due              (GbNoticeItem    *item,
                                             int              year,
                                             const char      *doc_date);

/* gb-notice-parser-references.c */
const char *gb_parser_kind_for_code         (const char      *code);
const char *gb_parser_issuer_for_code       (const char      *code);
char       *gb_parser_find_number           (const char      *text,
                                             char           **kind_code,
                                             char           **issuer_code,
                                             gsize           *end);
void        gb_parser_find_references       (GbNotice        *notice,
                                             const char      *body,
                                             int              year);

/* gb-notice-parser-header.c */
void        gb_parser_read_header           (GbNotice        *notice,
                                             const char      *text,
                                             GPtrArray       *paras,
                                             guint            header_end);
void        gb_parser_read_lead             (GbNotice        *notice,
                                             GPtrArray       *paras,
                                             guint            to);
void        gb_parser_read_other_dates      (GbNotice        *notice,
                                             const char      *text,
                                             GPtrArray       *paras,
                                             guint            from,
                                             guint            to);

/* gb-notice-parser-lists.c */
const char *gb_parser_addressee_list        (const char      *t);
guint       gb_parser_read_addressees       (GbNotice        *notice,
                                             GPtrArray       *paras,
                                             guint            addr_idx);
gboolean    gb_parser_looks_like_name       (const char      *s);
guint       gb_parser_find_closing          (GPtrArray       *paras,
                                             guint            from);
void        gb_parser_read_closing          (GbNotice        *notice,
                                             GPtrArray       *paras,
                                             guint            from);

/* gb-notice-parser-body.c */
gboolean    gb_parser_is_lead               (const char      *text);
void        gb_parser_parse_body            (GbNotice        *notice,
                                             GPtrArray       *paras,
                                             guint            from,
                                             guint            to,
                                             GbOrganisations *orgs,
                                             int              year);

/* gb-notice-parser-units.c */
void        gb_parser_find_units            (GbNoticeItem    *item,
                                             GbOrganisations *orgs,
                                             GHashTable      *seen);
void        gb_parser_generic_unit          (GbNoticeItem    *item);

G_END_DECLS
