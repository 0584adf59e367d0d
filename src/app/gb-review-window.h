/* gb-review-window.h — the Review queue: implausible values held until a person decides
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_REVIEW_WINDOW (gb_review_window_get_type ())
G_DECLARE_FINAL_TYPE (GbReviewWindow, gb_review_window, GB, REVIEW_WINDOW, AdwWindow)

/* Emits ::changed after each decision (the numbers changed). */
GbReviewWindow *gb_review_window_new (GtkWindow *parent,
                                      GbStore   *store);

G_END_DECLS
