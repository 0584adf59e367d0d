/* gb-notice.h — a notice (công văn, thông báo, điện, chỉ thị …) as parsed from its text
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GB_NOTICE_ROLE_LEAD,
  GB_NOTICE_ROLE_COOPERATE,
} GbNoticeRole;

/* Facts the parser read but is not sure of, for the review to mark: a number typed loosely or
 * found in a lead sentence, a date taken from the e-signature stamp or the meeting, units that
 * came from the lead sentence rather than the item, OCR text without diacritics … */
typedef enum
{
  GB_NOTICE_FIELD_KIND       = 1 << 0,
  GB_NOTICE_FIELD_NUMBER     = 1 << 1,
  GB_NOTICE_FIELD_ISSUER     = 1 << 2,
  GB_NOTICE_FIELD_DATE       = 1 << 3,
  GB_NOTICE_FIELD_SUBJECT    = 1 << 4,
  GB_NOTICE_FIELD_ADDRESSEES = 1 << 5,
  GB_NOTICE_FIELD_RECIPIENTS = 1 << 6,
  GB_NOTICE_FIELD_TEXT       = 1 << 7,   /* an item's text: OCR, perhaps misread */
  GB_NOTICE_FIELD_UNITS      = 1 << 8,
  GB_NOTICE_FIELD_DUE        = 1 << 9,
} GbNoticeField;

typedef struct
{
  char         *name;        /* canonical organisation name */
  GbNoticeRole  role;
} GbNoticeUnit;

typedef struct
{
  char *text;                /* as written: "Kết luận số 07-KL/TW, ngày 11/6/2021" */
  char *kind;                /* "kết luận" */
  char *number;              /* "07-KL/TW", or a bare "15" */
  char *date;                /* YYYY-MM-DD or NULL */
} GbNoticeReference;

typedef struct
{
  char      *path;           /* "3.2", "3.2.4" */
  int        level;          /* 1 for top-level items */
  char      *text;
  gboolean   is_task;
  GPtrArray *units;          /* GbNoticeUnit */
  char      *due;            /* YYYY-MM-DD or NULL */
  char      *due_text;       /* the words the due date came from */
  char      *recurrence;     /* "daily", "weekly", "monthly", "periodic", "continuous" or NULL */
  char      *period_start;   /* "từ ngày 01/9/2021 đến hết ngày 15/9/2021": when the item applies, */
  char      *period_end;     /* YYYY-MM-DD or NULL; a period is no deadline */
  guint      unsure;         /* GbNoticeField flags */
} GbNoticeItem;

typedef struct
{
  char      *kind;           /* "công văn", "công điện", … or NULL */
  char      *number;         /* "154-CV/TU", "1102/CĐ-TTg" or NULL */
  char      *issuer;         /* as printed, a body after its parent: "UBND TỈNH NINH THUẬN – SỞ Y TẾ" */
  char      *place;
  char      *date;           /* YYYY-MM-DD or NULL */
  char      *subject;
  char      *signer;
  char      *signer_title;
  char      *signing_form;   /* "T/M BAN THƯỜNG VỤ" */
  GPtrArray *addressees;     /* char * */
  GPtrArray *recipients;     /* char *: "Như trên" resolved to the addressees */
  GPtrArray *recipients_printed; /* char *: "Nơi nhận" as printed, "Như trên" and all */
  GPtrArray *references;     /* GbNoticeReference */
  GPtrArray *items;          /* GbNoticeItem, in reading order (a tree through paths) */
  char      *meeting_date;   /* a conclusion's meeting ("Ngày 12/10/2021, Ban Chỉ đạo tỉnh họp"), or NULL */
  guint      unsure;         /* GbNoticeField flags: the fields the review should mark */
} GbNotice;

GbNotice     *gb_notice_new             (void);
void          gb_notice_free            (GbNotice *notice);
GbNoticeItem *gb_notice_item_new        (void);
void          gb_notice_item_free       (GbNoticeItem *item);
void          gb_notice_reference_free  (GbNoticeReference *ref);
void          gb_notice_unit_free       (GbNoticeUnit *unit);
const char   *gb_notice_role_to_string  (GbNoticeRole role);
gboolean      gb_notice_item_has_unit   (const GbNoticeItem *item,
                                         const char         *name);
void          gb_notice_units_add_from_text (GPtrArray    *units,
                                             const char   *text,
                                             GbNoticeRole  role);
gboolean      gb_notice_is_unsure       (const GbNotice     *notice,
                                         GbNoticeField       field);
gboolean      gb_notice_item_is_unsure  (const GbNoticeItem *item,
                                         GbNoticeField       field);
const char   *gb_notice_field_to_string (GbNoticeField field);
GPtrArray    *gb_notice_dup_recipients_resolved (const GbNotice *notice);
void          gb_notice_resolve_recipients (GbNotice *notice);
char         *gb_notice_to_json         (const GbNotice *notice,
                                         gboolean        pretty);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbNotice, gb_notice_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbNoticeItem, gb_notice_item_free)

G_END_DECLS
