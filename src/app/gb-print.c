/* gb-print.c — one page printed through GtkPrintOperation
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts and the map print the way they export: one landscape page drawn by the same code.
 */
#include "config.h"

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
