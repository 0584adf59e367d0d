/* gb-charts-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-page.h"
#include "gb-chart.h"

G_BEGIN_DECLS

#define GB_TYPE_CHARTS_PAGE (gb_charts_page_get_type ())
G_DECLARE_FINAL_TYPE (GbChartsPage, gb_charts_page, GB, CHARTS_PAGE, GbPage)

GbChart *gb_charts_page_get_cases_chart (GbChartsPage *self);

G_END_DECLS
