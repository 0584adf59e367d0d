/* gb-conclusion.h — a meeting and the conclusion notice ("Thông báo kết luận") drafted after it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One task of a section: responsible units (the lead first) and an optional due date. */
typedef struct
{
  char      *text;
  GPtrArray *units;      /* (element-type utf8) organisation names */
  char      *due_date;   /* YYYY-MM-DD or NULL */
  char      *due_text;   /* the words of the deadline ("trước ngày 20/9/2021"), or NULL */
} GbConclusionTask;

/* A numbered section ("1. Đánh giá tình hình", "2. Nhiệm vụ trong thời gian tới" …). */
typedef struct
{
  char      *heading;
  char      *body;       /* paragraphs separated by "\n"; may be NULL */
  GPtrArray *tasks;      /* (element-type GbConclusionTask) */
  GPtrArray *table;      /* (element-type GStrv) (nullable): rows of a table after the body, the
                          * first the header; every row as many cells as the header */
} GbConclusionSection;

/* A meeting record and its draft notice. Ids are 0 until stored; document_id is 0 until issued. */
typedef struct
{
  gint64     meeting_id;
  gint64     id;
  gint64     document_id;

  /* The meeting */
  char      *meeting_date;     /* YYYY-MM-DD */
  char      *meeting_subject;  /* "giao ban công tác phòng, chống dịch COVID-19" */
  char      *chair;
  GPtrArray *participants;     /* (element-type utf8) */
  GPtrArray *reported_units;   /* (element-type utf8) */

  /* The notice */
  char      *issuer;           /* "TỈNH ỦY NINH THUẬN" */
  char      *number;           /* "125-TB/TU"; NULL until numbered */
  char      *place;            /* "Ninh Thuận" */
  char      *date;             /* issue date, YYYY-MM-DD */
  char      *opening;          /* paragraph naming the meeting */
  GPtrArray *sections;         /* (element-type GbConclusionSection) */
  GPtrArray *recipients;       /* (element-type utf8) "Nơi nhận" lines */
  char      *signing_form;     /* "T/M BAN THƯỜNG VỤ" */
  char      *signer_title;     /* "PHÓ BÍ THƯ" */
  char      *signer;

  /* For other documents in the same layout (a unit's reminder): NULL for a conclusion */
  char      *document_title;   /* "PHIẾU NHẮC VIỆC"; NULL: "THÔNG BÁO" */
  char      *subject_line;     /* the line under it; NULL: gb_conclusion_format_title_line() */
} GbConclusion;

/* A signing form in use: the authority line, the signer's usual title, and whether it is a
 * state document (Decree 30/2020/NĐ-CP: national motto, "Số: …/TB-BCĐ", "TM.", "KT.") rather
 * than a party one ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số …-TB/TU", "T/M", "K/T"). */
typedef struct
{
  const char *form;
  const char *signer_title;
  gboolean    state;
} GbSigningForm;

GbConclusionTask    *gb_conclusion_task_new     (const char          *text,
                                                 const char          *due_date,
                                                 const char          *due_text);
void                 gb_conclusion_task_free    (GbConclusionTask    *task);
GbConclusionTask    *gb_conclusion_task_parse   (const char          *spec,
                                                 GError             **error);
char                *gb_conclusion_task_to_spec (const GbConclusionTask *task);

GbConclusionSection *gb_conclusion_section_new  (const char          *heading,
                                                 const char          *body);
void                 gb_conclusion_section_free (GbConclusionSection *section);

#define GB_TYPE_CONCLUSION (gb_conclusion_get_type ())
GType                gb_conclusion_get_type     (void) G_GNUC_CONST;
GbConclusion        *gb_conclusion_new          (void);
GbConclusion        *gb_conclusion_new_for_meeting (const char       *meeting_date,
                                                    const char       *province_name);
GbConclusion        *gb_conclusion_copy         (const GbConclusion  *conclusion);
void                 gb_conclusion_free         (GbConclusion        *conclusion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbConclusion, gb_conclusion_free)

char                *gb_conclusion_format_title_line (const GbConclusion *conclusion);
char                *gb_conclusion_format_place_date (const GbConclusion *conclusion);
char                *gb_conclusion_format_task       (const GbConclusionTask *task);
char                *gb_conclusion_to_text           (const GbConclusion *conclusion);
gboolean             gb_conclusion_validate          (const GbConclusion *conclusion,
                                                      GError            **error);

const GbSigningForm *gb_conclusion_get_signing_forms (guint              *n_forms);
gboolean             gb_conclusion_is_state_form     (const GbConclusion *conclusion);
void                 gb_conclusion_set_signing_form  (GbConclusion       *conclusion,
                                                      const char         *form);
char                *gb_conclusion_format_number     (const GbConclusion *conclusion);
char                *gb_conclusion_format_opening    (const GbConclusion *conclusion);
GPtrArray           *gb_conclusion_list_recipients   (const GbConclusion *conclusion);
gboolean             gb_conclusion_section_is_empty  (const GbConclusionSection *section);

G_END_DECLS
