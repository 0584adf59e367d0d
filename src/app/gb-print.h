/* gb-print.h — one page printed through GtkPrintOperation
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-conclusion.h"
#include "gb-file.h"

G_BEGIN_DECLS

/* Prints one landscape page drawn by @draw (in points) with the print dialog, or, with
 * @pdf_path, straight into that PDF (tests, scripts). */
gboolean gb_print_page (GtkWindow       *parent,
                        const char      *pdf_path,
                        GbFileDrawFunc   draw,
                        gpointer         user_data,
                        GError         **error);

gboolean gb_print_document (GtkWindow          *parent,
                            const GbConclusion *document,
                            const char         *job_name,
                            const char         *pdf_path,
                            GError            **error);

G_END_DECLS
