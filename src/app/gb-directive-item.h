/* gb-directive-item.h — a tracked item or document as a list item for the Directives view
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gb-store-tracker.h"

G_BEGIN_DECLS

#define GB_TYPE_DIRECTIVE_ITEM (gb_directive_item_get_type ())
G_DECLARE_FINAL_TYPE (GbDirectiveItem, gb_directive_item, GB, DIRECTIVE_ITEM, GObject)

GbDirectiveItem     *gb_directive_item_new              (GbTrackerItem   *item,
                                                         gboolean         with_document);
const GbTrackerItem *gb_directive_item_get_item         (GbDirectiveItem *self);
gint64               gb_directive_item_get_id           (GbDirectiveItem *self);
gboolean             gb_directive_item_get_with_document (GbDirectiveItem *self);
gboolean             gb_directive_item_equal            (GbDirectiveItem *a,
                                                         GbDirectiveItem *b);

#define GB_TYPE_DIRECTIVE_DOCUMENT (gb_directive_document_get_type ())
G_DECLARE_FINAL_TYPE (GbDirectiveDocument, gb_directive_document, GB, DIRECTIVE_DOCUMENT, GObject)

GbDirectiveDocument     *gb_directive_document_new      (GbTrackerDocument   *doc);
const GbTrackerDocument *gb_directive_document_get_document (GbDirectiveDocument *self);
gint64                   gb_directive_document_get_id   (GbDirectiveDocument *self);
void                     gb_directive_document_update   (GbDirectiveDocument *self,
                                                         GbTrackerDocument   *doc);
char                    *gb_directive_document_title    (const GbTrackerDocument *d);

/* Makes @store hold @fresh (objects of one of the types above, matched by id), replacing only
 * the run that differs so the rows around it, their scroll position and selection, stay. */
void                     gb_directive_list_merge        (GListStore          *store,
                                                         GPtrArray           *fresh);

G_END_DECLS
