/* gb-store-tracker.h — stored notices, their items, assignments, status and progress
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-notice.h"
#include "gb-organisations.h"
#include "gb-store.h"
#include "gb-store-task-states.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *kind;
  char   *number;
  char   *issuer;
  char   *date;
  char   *subject;
  char   *source_name;   /* the file it came from */
  int     n_items;
  int     n_open;
  int     n_overdue;
} GbTrackerDocument;

typedef struct
{
  gint64    id;
  gint64    document_id;
  char     *document_number;
  char     *path;
  int       level;
  char     *text;
  char     *status;       /* new, in_progress, done, cancelled */
  char     *due;
  char     *units;        /* "; "-separated names, leads first */
  char     *cooperating;  /* the co-operating ones among them, "; "-separated, or NULL */
  gboolean  overdue;
  int       position;     /* reading order inside its document */
  gboolean  is_task;      /* FALSE for a paragraph that only assesses the situation */
  char     *document_kind;
  char     *due_text;     /* the words the deadline came from */
  char     *recurrence;   /* "weekly", "continuous" … */
  char     *progress;     /* the latest progress update, or NULL */
  char     *progress_date;
  char     *progress_author;
  char     *done_date;    /* YYYY-MM-DD when marked done, or NULL */
  GbTaskState state;      /* on the day the list was asked for; GB_TASK_STATE_NONE for no task */
} GbTrackerItem;

/* Which items gb_store_tracker_query_items() returns; every field empty (zero) means all. */
typedef struct
{
  const char *unit;           /* an organisation's name or abbreviation */
  const char *status;         /* new, in_progress, done, cancelled, or "open" (new or in progress) */
  const char *kind;           /* the document's kind: "công văn", "thông báo kết luận" … */
  gint64      document_id;    /* one document's items, in reading order */
  gboolean    overdue_only;   /* open and past the deadline */
  gboolean    due_this_week;  /* open and due Monday to Sunday of the week of today */
} GbTrackerFilter;

/* A link between two documents through a reference in one of them. */
typedef struct
{
  gboolean  implements;   /* TRUE: the document refers to (implements) @other; FALSE: @other refers to it */
  gint64    other_id;     /* 0 when the referred document is not in the tracker */
  char     *text;         /* the reference as written, or the other document's kind and number */
  char     *kind;
  char     *number;
  char     *date;
} GbTrackerLink;

typedef struct
{
  gint64  document_id;
  gint64  item_id;        /* 0 for a hit in the document's own text */
  char   *snippet;
} GbTrackerHit;

/* One line of an item's history: a status set, or progress reported. */
typedef struct
{
  char     *at;           /* when it was recorded, ISO 8601 */
  char     *date;         /* progress: the day the work was reported (YYYY-MM-DD); NULL for a status */
  char     *status;       /* a status ("new", "in_progress", "done", "cancelled"), or NULL for progress */
  char     *text;         /* progress: what was done; NULL for a status */
  char     *author;       /* who, or NULL */
} GbTrackerEvent;

void              gb_tracker_event_free               (GbTrackerEvent    *event);
void              gb_tracker_document_free            (GbTrackerDocument *doc);
void              gb_tracker_item_free                (GbTrackerItem     *item);
void              gb_tracker_hit_free                 (GbTrackerHit      *hit);
void              gb_tracker_link_free                (GbTrackerLink     *link);

GbOrganisations  *gb_store_tracker_get_organisations  (GbStore           *self,
                                                       GError           **error);
gboolean          gb_store_tracker_add_organisation   (GbStore           *self,
                                                       const char        *name,
                                                       const char        *alias,
                                                       GError           **error);
gint64            gb_store_tracker_save_notice        (GbStore           *self,
                                                       const GbNotice    *notice,
                                                       const char        *body,
                                                       const char        *source_name,
                                                       const char        *origin,
                                                       GError           **error);
gboolean          gb_store_tracker_reparse_document   (GbStore           *self,
                                                       gint64             document_id,
                                                       GError           **error);
GPtrArray        *gb_store_tracker_list_documents     (GbStore           *self,
                                                       const char        *today,
                                                       GError           **error);
GPtrArray        *gb_store_tracker_list_items         (GbStore           *self,
                                                       const char        *unit,
                                                       gboolean           overdue_only,
                                                       const char        *today,
                                                       GError           **error);
GPtrArray        *gb_store_tracker_query_items        (GbStore           *self,
                                                       const GbTrackerFilter *filter,
                                                       const char        *today,
                                                       GError           **error);
GPtrArray        *gb_store_tracker_list_kinds         (GbStore           *self,
                                                       GError           **error);
GPtrArray        *gb_store_tracker_list_links         (GbStore           *self,
                                                       gint64             document_id,
                                                       GError           **error);
gboolean          gb_store_tracker_set_units          (GbStore           *self,
                                                       gint64             item_id,
                                                       GPtrArray         *units,
                                                       GError           **error);
gboolean          gb_store_tracker_set_status         (GbStore           *self,
                                                       gint64             item_id,
                                                       const char        *status,
                                                       const char        *author,
                                                       GError           **error);
gboolean          gb_store_tracker_set_due            (GbStore           *self,
                                                       gint64             item_id,
                                                       const char        *due,
                                                       GError           **error);
GPtrArray        *gb_store_tracker_item_history       (GbStore           *self,
                                                       gint64             item_id,
                                                       GError           **error);
gboolean          gb_store_tracker_add_progress       (GbStore           *self,
                                                       gint64             item_id,
                                                       const char        *date,
                                                       const char        *text,
                                                       const char        *author,
                                                       GError           **error);
GPtrArray        *gb_store_tracker_search             (GbStore           *self,
                                                       const char        *query,
                                                       GError           **error);
char             *gb_tracker_today                    (void);
const char       *gb_tracker_status_name              (const char        *status);
void              gb_tracker_week_of                  (const char        *today,
                                                       char             **monday,
                                                       char             **sunday);
char             *gb_tracker_date_in_zone             (GDateTime         *instant,
                                                       GTimeZone         *tz);

G_END_DECLS
