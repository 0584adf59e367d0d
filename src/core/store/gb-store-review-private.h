/* gb-store-review-private.h — how the daily writes (gb-store-series.c) and the review share work
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store-review.h"

G_BEGIN_DECLS

/* Judges @in; @use gets what to write (the last confirmed value where @in's is held) and
 * @held the items to keep (GbReviewItem), empty when everything is plausible, NULL when the
 * row is not judged (not a commune's, simulated, or a store from before 0031). */
gboolean gb_store_review_judge_cases       (GbStore             *self,
                                            const GbCaseReport  *in,
                                            GbCaseReport        *use,
                                            GPtrArray          **held,
                                            GError             **error);
gboolean gb_store_review_judge_vaccination (GbStore             *self,
                                            const GbVaccination *in,
                                            GbVaccination       *use,
                                            GPtrArray          **held,
                                            GError             **error);
/* Keeps @held and marks what was pending for the same values as superseded by a newer one. */
gboolean gb_store_review_keep              (GbStore             *self,
                                            const char          *table,
                                            const char          *unit_code,
                                            const char          *date,
                                            GPtrArray           *held,
                                            GError             **error);

/* gb-store-series.c: writes a row as it is, without the review (a decision writes this way). */
gboolean gb_store_write_case_report        (GbStore             *self,
                                            const GbCaseReport  *r,
                                            GError             **error);
gboolean gb_store_write_vaccination        (GbStore             *self,
                                            const GbVaccination *v,
                                            GError             **error);

G_END_DECLS
