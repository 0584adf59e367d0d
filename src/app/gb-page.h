/* gb-page.h — base class of the window's views (Map, Charts, Directives, Briefing)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-level-engine.h"
#include "gb-store.h"

G_BEGIN_DECLS

/* What changed when GbPage::context_changed is called: a page does only the work its change
 * needs (a date step never reads the data again). */
typedef enum
{
  GB_PAGE_CHANGED_STORE = 1 << 0,   /* another store: everything */
  GB_PAGE_CHANGED_DATE  = 1 << 1,
  GB_PAGE_CHANGED_UNIT  = 1 << 2,
  GB_PAGE_CHANGED_DATA  = 1 << 3,   /* the store's data changed (sync, imports, declared levels) */
  GB_PAGE_CHANGED_RULES = 1 << 4,   /* the rule sets or their thresholds changed */
} GbPageChange;

#define GB_PAGE_CHANGED_ALL (GB_PAGE_CHANGED_STORE | GB_PAGE_CHANGED_DATE | GB_PAGE_CHANGED_UNIT | \
                             GB_PAGE_CHANGED_DATA | GB_PAGE_CHANGED_RULES)

#define GB_TYPE_PAGE (gb_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (GbPage, gb_page, GB, PAGE, GtkWidget)

struct _GbPageClass
{
  GtkWidgetClass parent_class;

  /* Called when the store, the shared date, the selected unit, the data or the rules changed;
   * gb_page_get_changes() says which. */
  void (*context_changed) (GbPage *self);

  /* Set by pages whose context changes cost time (levels, charts, slides): while the page is
   * in a window but not shown, its changes wait until it is shown, so opening the window on
   * one view does not compute the others. */
  gboolean defer_while_hidden;
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

GbPageChange   gb_page_get_changes   (GbPage       *self);
GbLevelEngine *gb_page_get_engine    (GbPage       *self);
void           gb_page_refresh       (GbPage       *self);
void           gb_page_data_changed  (GbPage       *self,
                                      GbPageChange  changes);

G_END_DECLS
