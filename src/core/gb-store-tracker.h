/* gb-store-tracker.h — stored notices, their items, assignments, status and progress
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-notice.h"
#include "gb-organisations.h"
#include "gb-store.h"

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
  char     *units;        /* "; "-separated names */
  gboolean  overdue;
  int       position;     /* reading order inside its document */
} GbTrackerItem;

typedef struct
{
  gint64  document_id;
  gint64  item_id;        /* 0 for a hit in the document's own text */
  char   *snippet;
} GbTrackerHit;

void              gb_tracker_document_free            (GbTrackerDocument *doc);
void              gb_tracker_item_free                (GbTrackerItem     *item);
void              gb_tracker_hit_free                 (GbTrackerHit      *hit);

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
gboolean          gb_store_tracker_set_status         (GbStore           *self,
                                                       gint64             item_id,
                                                       const char        *status,
                                                       const char        *author,
                                                       GError           **error);
gboolean          gb_store_tracker_set_due            (GbStore           *self,
                                                       gint64             item_id,
                                                       const char        *due,
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
char             *gb_tracker_date_in_zone             (GDateTime         *instant,
                                                       GTimeZone         *tz);

G_END_DECLS
