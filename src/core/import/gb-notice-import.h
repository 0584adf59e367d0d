/* gb-notice-import.h — importing a notice: read its file, parse it against the store's
 * organisations, then (after any review) store it; shared by the app and giaoban-cli
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gb-notice-parser.h"
#include "gb-store.h"

G_BEGIN_DECLS

/* What to do when the notice is already stored (gb_notice_import_find_duplicate()). */
typedef enum
{
  GB_NOTICE_IMPORT_REFUSE,      /* fail with GB_ERROR_DUPLICATE */
  GB_NOTICE_IMPORT_REPLACE,     /* delete the stored one(s), then store this one */
  GB_NOTICE_IMPORT_KEEP_BOTH,   /* store this one beside it */
} GbNoticeImportMode;

/* A notice read and parsed, not stored yet. */
typedef struct
{
  char     *source_name;   /* the file's base name, stored with the document */
  char     *body;          /* the text extracted from the file (PDF, DOCX, ODT or text) */
  GbNotice *notice;
} GbNoticeImport;

void            gb_notice_import_free        (GbNoticeImport        *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbNoticeImport, gb_notice_import_free)

GbNoticeImport *gb_notice_import_read        (GFile                 *file,
                                              GbOrganisations       *orgs,
                                              GCancellable          *cancellable,
                                              GError               **error);
void            gb_notice_import_read_async  (GbStore               *store,
                                              GFile                 *file,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
GbNoticeImport *gb_notice_import_read_finish (GAsyncResult          *result,
                                              GError               **error);
gint64          gb_notice_import_save        (GbStore               *store,
                                              const GbNotice        *notice,
                                              const char            *body,
                                              const char            *source_name,
                                              GError               **error);
gint64          gb_notice_import_find_duplicate (GbStore            *store,
                                                 const GbNotice     *notice,
                                                 const char         *body,
                                                 GError            **error);
gint64          gb_notice_import_save_as     (GbStore               *store,
                                              const GbNotice        *notice,
                                              const char            *body,
                                              const char            *source_name,
                                              GbNoticeImportMode     mode,
                                              GError               **error);

G_END_DECLS
