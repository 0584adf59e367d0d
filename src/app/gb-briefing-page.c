/* gb-briefing-page.c — the Briefing view; says what is coming until it is built
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gb-briefing-page.h"

struct _GbBriefingPage
{
  GbPage parent_instance;
};

G_DEFINE_FINAL_TYPE (GbBriefingPage, gb_briefing_page, GB_TYPE_PAGE)

static void
gb_briefing_page_class_init (GbBriefingPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-briefing-page.ui");
}

static void
gb_briefing_page_init (GbBriefingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
