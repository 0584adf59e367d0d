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

G_END_DECLS
