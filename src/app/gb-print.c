/* gb-print.c — one page printed through GtkPrintOperation
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts and the map print the way they export: one landscape page drawn by the same code;
 * documents in the conclusion's layout (a conclusion, a unit's reminder) print their A4 pages
 * as the PDF export lays them out.
 */
#include "config.h"

#include "gb-conclusion-export.h"
#include "gb-print.h"

typedef struct
{
  GbFileDrawFunc draw;
  gpointer       user_data;
} Page;

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              Page              *page)
{
  page->draw (gtk_print_context_get_cairo_context (context), gtk_print_context_get_width (context),
              gtk_print_context_get_height (context), page->user_data);
}

gboolean
gb_print_page (GtkWindow       *parent,
               const char      *pdf_path,
               GbFileDrawFunc   draw,
               gpointer         user_data,
               GError         **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  Page page = { draw, user_data };
  GtkPrintOperationResult result;

  g_return_val_if_fail (draw != NULL, FALSE);

  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), &page);
  if (pdf_path != NULL)
    gtk_print_operation_set_export_filename (operation, pdf_path);
  result = gtk_print_operation_run (operation, pdf_path ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                        : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
begin_document_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   GPtrArray         *pages)
{
  gtk_print_operation_set_n_pages (operation, MAX (1, (int) pages->len));
}

static void
draw_document_page_cb (GtkPrintOperation *operation,
                       GtkPrintContext   *context,
                       int                page_nr,
                       GPtrArray         *pages)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double scale;

  if (page_nr < 0 || (guint) page_nr >= pages->len)
    return;
  /* The pages are laid out on A4 in points with their own margins: fit them to the paper. */
  scale = MIN (gtk_print_context_get_width (context) / GB_CONCLUSION_PAGE_WIDTH,
               gtk_print_context_get_height (context) / GB_CONCLUSION_PAGE_HEIGHT);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, g_ptr_array_index (pages, page_nr), 0, 0);
  cairo_paint (cr);
}

/**
 * gb_print_document:
 * @document: a notice or report in the conclusion's layout
 * @pdf_path: (nullable): print to this PDF without a dialog (tests); NULL: the print dialog
 *
 * Prints @document's A4 pages on the whole sheet: the layout carries its own official margins.
 *
 * Returns: FALSE with @error when printing failed
 */
gboolean
gb_print_document (GtkWindow          *parent,
                   const GbConclusion *document,
                   const char         *job_name,
                   const char         *pdf_path,
                   GError            **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GPtrArray) pages = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (document != NULL, FALSE);

  pages = gb_conclusion_render_pages (document);
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  if (job_name != NULL)
    gtk_print_operation_set_job_name (operation, job_name);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_document_cb), pages);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_document_page_cb), pages);
  if (pdf_path != NULL)
    gtk_print_operation_set_export_filename (operation, pdf_path);
  result = gtk_print_operation_run (operation, pdf_path ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                        : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
