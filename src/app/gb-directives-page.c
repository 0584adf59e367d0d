/* gb-directives-page.c — the Directives view; says what is coming until it is built
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gb-directives-page.h"

struct _GbDirectivesPage
{
  GbPage parent_instance;
};

G_DEFINE_FINAL_TYPE (GbDirectivesPage, gb_directives_page, GB_TYPE_PAGE)

static void
gb_directives_page_class_init (GbDirectivesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-directives-page.ui");
}

static void
gb_directives_page_init (GbDirectivesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
