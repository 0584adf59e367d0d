/* gb-export-dialog.c — choosing where an export goes: an image (PNG, SVG, PDF) or a document
 * (PDF, ODT, CSV)
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
  const char *name;
  const char *suffix;
} Format;

static const Format image_formats[] = { { N_("PNG image"), ".png" }, { N_("SVG drawing"), ".svg" },
                                        { N_("PDF document"), ".pdf" }, { NULL, NULL } };
static const Format document_formats[] = { { N_("PDF document"), ".pdf" }, { N_("ODT document"), ".odt" },
                                           { N_("CSV table"), ".csv" }, { NULL, NULL } };

typedef struct
{
  GbExportFunc  func;
  gpointer      user_data;
  const Format *formats;   /* the first is added to a name that has none of them */
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
      gboolean known = FALSE;

      for (const Format *f = pending->formats; path != NULL && f->suffix != NULL; f++)
        known |= g_str_has_suffix (path, f->suffix);
      if (path != NULL)
        full = known ? g_strdup (path) : g_strconcat (path, pending->formats[0].suffix, NULL);
      pending->func (full, pending->user_data);
    }
  g_free (pending);
  g_object_unref (dialog);
}

static void
show (GtkWidget    *parent,
      const char   *title,
      const char   *suggested_name,
      const Format *formats,
      GbExportFunc  func,
      gpointer      user_data)
{
  GtkFileChooserNative *dialog;
  Pending *pending = g_new0 (Pending, 1);

  pending->func = func;
  pending->user_data = user_data;
  pending->formats = formats;
  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (parent)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  for (const Format *f = formats; f->name != NULL; f++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();
      g_autofree char *pattern = g_strconcat ("*", f->suffix, NULL);

      gtk_file_filter_set_name (filter, _(f->name));
      gtk_file_filter_add_pattern (filter, pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      g_object_unref (filter);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), pending);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
gb_export_dialog_show (GtkWidget    *parent,
                       const char   *title,
                       const char   *suggested_name,
                       GbExportFunc  func,
                       gpointer      user_data)
{
  show (parent, title, suggested_name, image_formats, func, user_data);
}

/* As gb_export_dialog_show(), for a document: PDF, ODT or CSV (.pdf added to a bare name). */
void
gb_export_dialog_show_document (GtkWidget    *parent,
                                const char   *title,
                                const char   *suggested_name,
                                GbExportFunc  func,
                                gpointer      user_data)
{
  show (parent, title, suggested_name, document_formats, func, user_data);
}
