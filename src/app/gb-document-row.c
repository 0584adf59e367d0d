/* gb-document-row.c — a document in the Directives view's list: its title, subject, date,
 * issuer and counts, from a template bound to the document's list item
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gb-document-row.h"

struct _GbDocumentRow
{
  GtkListBoxRow        parent_instance;
  GbDirectiveDocument *document;
  GtkLabel            *title_label;
  GtkLabel            *subject_label;
  GtkLabel            *meta_label;
};

G_DEFINE_FINAL_TYPE (GbDocumentRow, gb_document_row, GTK_TYPE_LIST_BOX_ROW)

static void
overdue_changed_cb (GbDocumentRow *self)
{
  gboolean overdue = FALSE;

  g_object_get (self->document, "overdue", &overdue, NULL);
  /* Overdue counts stand out; other counts stay quiet. */
  if (overdue)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->meta_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->meta_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->meta_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->meta_label), "dim-label");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->subject_label),
                          gtk_label_get_text (self->subject_label)[0] != '\0');
}

static void
gb_document_row_dispose (GObject *object)
{
  GbDocumentRow *self = GB_DOCUMENT_ROW (object);

  g_clear_object (&self->document);
  G_OBJECT_CLASS (gb_document_row_parent_class)->dispose (object);
}

static void
gb_document_row_class_init (GbDocumentRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_document_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-document-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GbDocumentRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, GbDocumentRow, subject_label);
  gtk_widget_class_bind_template_child (widget_class, GbDocumentRow, meta_label);
}

static void
gb_document_row_init (GbDocumentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gb_document_row_new (GbDirectiveDocument *document)
{
  GbDocumentRow *self = g_object_new (GB_TYPE_DOCUMENT_ROW, NULL);

  self->document = g_object_ref (document);
  g_object_bind_property (document, "title", self->title_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (document, "subject", self->subject_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (document, "meta", self->meta_label, "label", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (document, "notify::overdue", G_CALLBACK (overdue_changed_cb), self, G_CONNECT_SWAPPED);
  overdue_changed_cb (self);
  return GTK_WIDGET (self);
}

GbDirectiveDocument *
gb_document_row_get_document (GbDocumentRow *self)
{
  return self->document;
}
