/* gb-charts-page.c — the Charts view; says what is coming until it is built
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gb-charts-page.h"

struct _GbChartsPage
{
  GbPage parent_instance;
};

G_DEFINE_FINAL_TYPE (GbChartsPage, gb_charts_page, GB_TYPE_PAGE)

static void
gb_charts_page_class_init (GbChartsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-charts-page.ui");
}

static void
gb_charts_page_init (GbChartsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
