/* gb-conclusion-export.h — the conclusion notice as PDF (Cairo + Pango) and ODT (libgsf)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-conclusion.h"

G_BEGIN_DECLS

gboolean gb_conclusion_export_pdf (const GbConclusion *conclusion,
                                   const char         *path,
                                   GError            **error);
gboolean gb_conclusion_export_odt (const GbConclusion *conclusion,
                                   const char         *path,
                                   GError            **error);
/* Chooses the format by the file's extension (.pdf or .odt). */
gboolean gb_conclusion_export     (const GbConclusion *conclusion,
                                   const char         *path,
                                   GError            **error);

/* A4 in points, the size of the pages gb_conclusion_render_pages() draws. */
#define GB_CONCLUSION_PAGE_WIDTH  (210.0 * 72.0 / 25.4)
#define GB_CONCLUSION_PAGE_HEIGHT (297.0 * 72.0 / 25.4)

GPtrArray *gb_conclusion_render_pages (const GbConclusion *conclusion);

G_END_DECLS
