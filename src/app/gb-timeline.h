/* gb-timeline.h — one timeline for the whole window: a scrubber across the series' dates
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GB_TYPE_TIMELINE (gb_timeline_get_type ())
G_DECLARE_FINAL_TYPE (GbTimeline, gb_timeline, GB, TIMELINE, GtkWidget)

/* The dates the scrubber runs over (YYYY-MM-DD); NULL when there is no data. */
void        gb_timeline_set_range   (GbTimeline *self,
                                     const char *first,
                                     const char *last);
const char *gb_timeline_get_date    (GbTimeline *self);
void        gb_timeline_set_date    (GbTimeline *self,
                                     const char *iso);
/* Play steps one day every 400 ms until the last date, then stops. */
void        gb_timeline_set_playing (GbTimeline *self,
                                     gboolean    playing);
gboolean    gb_timeline_get_playing (GbTimeline *self);
/* The scale the pointer drags (for tests). */
GtkWidget  *gb_timeline_get_scale   (GbTimeline *self);

G_END_DECLS
