/* gb-document-row.h — a row of the Directives view's document list
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-directive-item.h"

G_BEGIN_DECLS

#define GB_TYPE_DOCUMENT_ROW (gb_document_row_get_type ())
G_DECLARE_FINAL_TYPE (GbDocumentRow, gb_document_row, GB, DOCUMENT_ROW, GtkListBoxRow)

GtkWidget           *gb_document_row_new          (GbDirectiveDocument *document);
GbDirectiveDocument *gb_document_row_get_document (GbDocumentRow       *self);

G_END_DECLS
