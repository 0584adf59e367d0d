/* gb-store-meetings.h — meetings, their conclusions, and issuing them into the tracker
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-conclusion.h"
#include "gb-store.h"

G_BEGIN_DECLS

/* A tracked task as the briefing lists it (overdue or due soon). */
typedef struct
{
  gint64  item_id;
  char   *path;
  char   *text;
  char   *due_date;
  char   *status;
  char   *document_number;
  char   *organisation;    /* lead unit, or NULL when nobody is assigned */
} GbDueItem;

void          gb_due_item_free                (GbDueItem    *item);

gboolean      gb_store_save_conclusion        (GbStore      *self,
                                               GbConclusion *conclusion,
                                               GError      **error);
GbConclusion *gb_store_load_conclusion        (GbStore      *self,
                                               gint64        id,
                                               GError      **error);
gint64        gb_store_latest_conclusion_id   (GbStore      *self,
                                               const char   *on_or_before,
                                               GError      **error);
char         *gb_store_next_conclusion_number (GbStore      *self,
                                               const char   *date,
                                               GError      **error);
char         *gb_store_conclusion_number_to_issue (GbStore           *self,
                                                   const GbConclusion *c,
                                                   GError           **error);
char         *gb_store_last_conclusion_date   (GbStore      *self,
                                               const char   *before);
gint64        gb_store_issue_conclusion       (GbStore      *self,
                                               gint64        id,
                                               const char   *number,
                                               GError      **error);
int           gb_store_carry_over_tasks       (GbStore      *self,
                                               GbConclusion *conclusion,
                                               guint         section,
                                               GError      **error);
int           gb_store_carry_over_items       (GbStore      *self,
                                               GbConclusion *conclusion,
                                               guint         section,
                                               GArray       *item_ids,
                                               GError      **error);
GPtrArray    *gb_store_list_due_items         (GbStore      *self,
                                               const char   *date,
                                               int           days_ahead,
                                               GError      **error);

GPtrArray    *gb_store_list_organisation_names (GbStore  *self,
                                               GError  **error);

G_END_DECLS
