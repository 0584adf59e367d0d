/* gb-document-header.h — the header of the document the Directives view shows
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-store-tracker.h"

G_BEGIN_DECLS

#define GB_TYPE_DOCUMENT_HEADER (gb_document_header_get_type ())
G_DECLARE_FINAL_TYPE (GbDocumentHeader, gb_document_header, GB, DOCUMENT_HEADER, GtkBox)

void gb_document_header_show (GbDocumentHeader        *self,
                              GbStore                 *store,
                              const GbTrackerDocument *d);

G_END_DECLS
