/* gb-page.h — base class of the window's views (Map, Charts, Directives, Briefing)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_PAGE (gb_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (GbPage, gb_page, GB, PAGE, GtkWidget)

struct _GbPageClass
{
  GtkWidgetClass parent_class;

  /* Called when the store, the shared date or the selected unit changed. */
  void (*context_changed) (GbPage *self);
};

GbStore    *gb_page_get_store     (GbPage     *self);
void        gb_page_set_store     (GbPage     *self,
                                   GbStore    *store);
const char *gb_page_get_date      (GbPage     *self);
void        gb_page_set_date      (GbPage     *self,
                                   const char *date);
const char *gb_page_get_unit_code (GbPage     *self);
void        gb_page_set_unit_code (GbPage     *self,
                                   const char *unit_code);

void        gb_page_refresh       (GbPage     *self);

G_END_DECLS
