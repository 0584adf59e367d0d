/* gb-export-dialog.c — choosing where a PNG, SVG or PDF export goes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 has no GtkFileDialog: a GtkFileChooserNative, which is the portal's dialog in a
 * sandbox and GTK's own elsewhere.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-export-dialog.h"

typedef struct
{
  GbExportFunc func;
  gpointer     user_data;
} Pending;

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             Pending         *pending)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autofree char *full = NULL;

      if (path != NULL)
        full = g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".pdf")
          ? g_strdup (path) : g_strconcat (path, ".png", NULL);
      pending->func (full, pending->user_data);
    }
  g_free (pending);
  g_object_unref (dialog);
}

void
gb_export_dialog_show (GtkWidget    *parent,
                       const char   *title,
                       const char   *suggested_name,
                       GbExportFunc  func,
                       gpointer      user_data)
{
  const char *formats[][2] = { { N_("PNG image"), "*.png" }, { N_("SVG drawing"), "*.svg" }, { N_("PDF document"), "*.pdf" } };
  GtkFileChooserNative *dialog;
  Pending *pending = g_new0 (Pending, 1);

  pending->func = func;
  pending->user_data = user_data;
  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (parent)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(formats[i][0]));
      gtk_file_filter_add_pattern (filter, formats[i][1]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      g_object_unref (filter);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), pending);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
