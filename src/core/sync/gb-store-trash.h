/* gb-store-trash.h — deleting a document so that it can be restored exactly (Undo)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

typedef struct _GbDeletedDocument GbDeletedDocument;

GbDeletedDocument *gb_store_trash_document   (GbStore                 *self,
                                              gint64                   document_id,
                                              GError                 **error);
gint64             gb_store_trash_restore    (GbStore                 *self,
                                              const GbDeletedDocument *deleted,
                                              GError                 **error);
const char        *gb_deleted_document_get_uid (const GbDeletedDocument *deleted);
guint              gb_deleted_document_get_n_rows (const GbDeletedDocument *deleted);
void               gb_deleted_document_free  (GbDeletedDocument       *deleted);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbDeletedDocument, gb_deleted_document_free)

G_END_DECLS
