/* gb-directives-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-page.h"

G_BEGIN_DECLS

#define GB_TYPE_DIRECTIVES_PAGE (gb_directives_page_get_type ())
G_DECLARE_FINAL_TYPE (GbDirectivesPage, gb_directives_page, GB, DIRECTIVES_PAGE, GbPage)

void   gb_directives_page_show_unit           (GbDirectivesPage *self,
                                              const char       *unit,
                                              gboolean          overdue_only);
void   gb_directives_page_show_document       (GbDirectivesPage *self,
                                              gint64            document_id);
void   gb_directives_page_show_items          (GbDirectivesPage *self,
                                               const gint64     *ids,
                                               gsize             n_ids);
gint64 gb_directives_page_get_shown_document  (GbDirectivesPage *self);
void   gb_directives_page_import_file         (GbDirectivesPage *self,
                                              GFile            *file);
gboolean gb_directives_page_delete_document   (GbDirectivesPage *self,
                                              gint64            document_id,
                                              GError          **error);

G_END_DECLS
