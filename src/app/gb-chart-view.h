/* gb-chart-view.h — a GbChart on screen: hover crosshair, drag to zoom, keyboard
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-chart.h"

G_BEGIN_DECLS

#define GB_TYPE_CHART_VIEW (gb_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (GbChartView, gb_chart_view, GB, CHART_VIEW, GtkWidget)

GtkWidget *gb_chart_view_new         (GbChart     *chart);
GbChart   *gb_chart_view_get_chart   (GbChartView *self);
void       gb_chart_view_set_chart   (GbChartView *self,
                                      GbChart     *chart);
void       gb_chart_view_invalidate  (GbChartView *self);
void       gb_chart_view_reset_zoom  (GbChartView *self);

G_END_DECLS
