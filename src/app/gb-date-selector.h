/* gb-date-selector.h — the date shared by all views: previous/next day and a calendar
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GB_TYPE_DATE_SELECTOR (gb_date_selector_get_type ())
G_DECLARE_FINAL_TYPE (GbDateSelector, gb_date_selector, GB, DATE_SELECTOR, GtkWidget)

const char *gb_date_selector_get_date  (GbDateSelector *self);
void        gb_date_selector_set_date  (GbDateSelector *self,
                                        const char     *iso);
void        gb_date_selector_set_range (GbDateSelector *self,
                                        const char     *first,
                                        const char     *last);
void        gb_date_selector_step      (GbDateSelector *self,
                                        int             days);

G_END_DECLS
