/* gb-store-review.h — implausible values held for a person to confirm or correct
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A commune's reported value is held, rather than written, when it is negative, when it is a daily count
 * above GB_REVIEW_FACTOR times the median of the unit's reports of the 7 days before it and
 * above a floor, or when it is a cumulative total that falls below the last one. The last
 * confirmed value stays in use meanwhile; the commune is flagged on the map; a person confirms
 * the value (it is then written) or corrects it. Decisions keep who, when and why, and sync.
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_REVIEW_FACTOR        10
#define GB_REVIEW_DEFAULT_FLOOR 20

typedef enum
{
  GB_REVIEW_PLAUSIBLE,
  GB_REVIEW_NEGATIVE,
  GB_REVIEW_JUMP,
  GB_REVIEW_FALL,
} GbReviewRule;

typedef struct
{
  char   *uid;
  char   *table;          /* "case_reports" or "vaccinations" */
  char   *unit_code;
  char   *unit_name;      /* nullable */
  char   *date;
  char   *field;          /* "community", "full_65" … */
  gint64  value;          /* as received */
  gint64  in_use;         /* the last confirmed value used meanwhile; -1: none */
  char   *rule;           /* "negative", "jump" or "fall" */
  double  median;         /* of the 7 days before, for a jump; NAN otherwise */
  char   *received_at;
  char   *decision;       /* NULL while pending, "confirmed", "corrected" or "superseded" */
  gint64  decided_value;  /* -1 when none */
  char   *decided_by, *decided_at, *decided_why;
} GbReviewItem;

void          gb_review_item_free      (GbReviewItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbReviewItem, gb_review_item_free)

/* The rule alone. @recent: the unit's values of the 7 days before (as many as it reported). */
double        gb_review_median         (const gint64 *values,
                                        guint         n);
GbReviewRule  gb_review_judge_daily    (gint64        value,
                                        const gint64 *recent,
                                        guint         n,
                                        gint64        floor);
/* @last: the last confirmed total before, -1 when none. */
GbReviewRule  gb_review_judge_total    (gint64        value,
                                        gint64        last);
const char   *gb_review_rule_describe  (const GbReviewItem *item);

gint64        gb_review_get_floor      (GbStore      *store);
gboolean      gb_review_set_floor      (GbStore      *store,
                                        gint64        floor,
                                        GError      **error);

/* Pending first (oldest first), then, with @all, the decided ones (newest first). */
GPtrArray    *gb_store_review_list     (GbStore      *store,
                                        gboolean      all,
                                        GError      **error);
/* @id: a uid or a unique beginning of one (8 characters are shown). */
GbReviewItem *gb_store_review_get      (GbStore      *store,
                                        const char   *id,
                                        GError      **error);
gboolean      gb_store_review_confirm  (GbStore      *store,
                                        const char   *id,
                                        const char   *author,
                                        const char   *why,
                                        GError      **error);
gboolean      gb_store_review_correct  (GbStore      *store,
                                        const char   *id,
                                        gint64        value,
                                        const char   *author,
                                        const char   *why,
                                        GError      **error);
gint64        gb_store_review_count    (GbStore      *store);
/* The units with a pending value: code -> code. */
GHashTable   *gb_store_review_pending_units (GbStore  *store,
                                             GError  **error);
/* The newest review row: gb_store_review_count_since() counts the values held after it. */
gint64        gb_store_review_mark     (GbStore      *store);
gint64        gb_store_review_count_since (GbStore   *store,
                                        gint64     mark);
/* The values decided (confirmed or corrected) of @table's row of @unit_code on @date:
 * field -> gint64 * (the latest decision of each field). */
GHashTable   *gb_store_review_decided  (GbStore      *store,
                                        const char   *table,
                                        const char   *unit_code,
                                        const char   *date,
                                        GError      **error);

G_END_DECLS
