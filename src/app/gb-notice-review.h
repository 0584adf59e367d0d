/* gb-notice-review.h — the review of a parsed notice before it is saved to the tracker
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-notice.h"
#include "gb-notice-import.h"
#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_NOTICE_REVIEW (gb_notice_review_get_type ())
G_DECLARE_FINAL_TYPE (GbNoticeReview, gb_notice_review, GB, NOTICE_REVIEW, AdwWindow)

GbNoticeReview *gb_notice_review_new          (GbStore         *store,
                                               GbNotice        *notice,
                                               const char      *body,
                                               const char      *source_name);
gint64          gb_notice_review_save         (GbNoticeReview  *self,
                                               GError         **error);
gint64          gb_notice_review_save_as      (GbNoticeReview  *self,
                                               GbNoticeImportMode mode,
                                               GError         **error);
guint           gb_notice_review_get_n_items  (GbNoticeReview  *self);
GtkWidget      *gb_notice_review_get_item_row (GbNoticeReview  *self,
                                               guint            index);

G_END_DECLS
