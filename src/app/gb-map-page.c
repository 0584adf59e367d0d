/* gb-map-page.c — the Zone map view; says what is coming until it is built
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gb-map-page.h"

struct _GbMapPage
{
  GbPage parent_instance;
};

G_DEFINE_FINAL_TYPE (GbMapPage, gb_map_page, GB_TYPE_PAGE)

static void
gb_map_page_class_init (GbMapPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-map-page.ui");
}

static void
gb_map_page_init (GbMapPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
