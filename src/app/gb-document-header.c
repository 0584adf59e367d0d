/* gb-document-header.c — the Directives view's header of the shown document: its title, issuer,
 * date, counts and subject, and the documents it implements or that implement it, as buttons
 * for those in the tracker
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-directive-item.h"
#include "gb-document-header.h"
#include "gb-text.h"

struct _GbDocumentHeader
{
  GtkBox parent_instance;
};

G_DEFINE_FINAL_TYPE (GbDocumentHeader, gb_document_header, GTK_TYPE_BOX)

enum { OPEN_DOCUMENT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
gb_document_header_class_init (GbDocumentHeaderClass *klass)
{
  /* A link to another tracked document was clicked: its id. */
  signals[OPEN_DOCUMENT] = g_signal_new ("open-document", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
gb_document_header_init (GbDocumentHeader *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
}

static GtkWidget *
make_label (const char *text,
            gboolean    dim,
            gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), wrap);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* Tests find a link by the document it opens; the click reads it back. */
static void
link_clicked_cb (GtkButton        *button,
                 GbDocumentHeader *self)
{
  g_signal_emit (self, signals[OPEN_DOCUMENT], 0, (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "document-id")));
}

/* One line of links: "Implements: 12-CV/TU, Chỉ thị 15" with a button for each document that is
 * in the tracker and plain text for the others. */
static void
add_links_line (GbDocumentHeader *self,
                GPtrArray        *links,
                gboolean          implements)
{
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = make_label (implements ? _("Implements:") : _("Implemented by:"), TRUE, FALSE);
  guint n = 0;

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 6);
  gtk_widget_set_hexpand (flow, TRUE);
  gtk_widget_set_valign (title, GTK_ALIGN_CENTER);
  for (guint i = 0; i < links->len; i++)
    {
      const GbTrackerLink *l = g_ptr_array_index (links, i);
      g_autofree char *date = l->date ? gb_text_format_date (l->date) : NULL;
      g_autofree char *label = NULL;
      GtkWidget *w;

      if (l->implements != implements)
        continue;
      n++;
      if (l->other_id != 0)
        {
          g_autofree char *name = gb_text_document_title (l->kind, l->number, NULL);

          label = date ? g_strdup_printf ("%s (%s)", name, date) : g_steal_pointer (&name);
          w = gtk_button_new_with_label (g_strstrip (label));
          gtk_widget_add_css_class (w, "flat");
          gtk_widget_set_tooltip_text (w, _("Open this document"));
          g_object_set_data (G_OBJECT (w), "document-id", GSIZE_TO_POINTER ((gsize) l->other_id));
          g_signal_connect (w, "clicked", G_CALLBACK (link_clicked_cb), self);
        }
      else
        {
          label = g_strdup_printf (_("%s (not in the tracker)"), l->text);
          w = make_label (label, TRUE, TRUE);
        }
      gtk_flow_box_append (GTK_FLOW_BOX (flow), w);
    }
  if (n == 0)
    {
      g_object_ref_sink (flow);
      g_object_unref (flow);
      g_object_ref_sink (line);
      g_object_unref (line);
      g_object_ref_sink (title);
      g_object_unref (title);
      return;
    }
  gtk_box_append (GTK_BOX (line), title);
  gtk_box_append (GTK_BOX (line), flow);
  gtk_box_append (GTK_BOX (self), line);
}

/**
 * gb_document_header_show:
 * @store: (nullable): where the document's links are read
 * @d: (nullable): the document, or %NULL for none (the header hides)
 */
void
gb_document_header_show (GbDocumentHeader        *self,
                         GbStore                 *store,
                         const GbTrackerDocument *d)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *title = NULL;
  GtkWidget *title_label;
  GtkWidget *child;

  g_return_if_fail (GB_IS_DOCUMENT_HEADER (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
  gtk_widget_set_visible (GTK_WIDGET (self), d != NULL);
  if (d == NULL || store == NULL)
    return;
  title = gb_directive_document_title (d);
  title_label = make_label (title, FALSE, TRUE);
  gtk_widget_add_css_class (title_label, "title-3");
  gtk_box_append (GTK_BOX (self), title_label);
  if (d->issuer)
    g_string_append (meta, d->issuer);
  if (d->date)
    {
      g_autofree char *date = gb_text_format_date (d->date);
      g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", date);
    }
  g_string_append_printf (meta, "%s", meta->len ? " · " : "");
  g_string_append_printf (meta, _("%d items, %d open, %d overdue"), d->n_items, d->n_open, d->n_overdue);
  gtk_box_append (GTK_BOX (self), make_label (meta->str, TRUE, TRUE));
  if (d->subject && d->number)
    {
      g_autofree char *subject = gb_text_document_title (d->subject, NULL, NULL);

      gtk_box_append (GTK_BOX (self), make_label (subject, FALSE, TRUE));
    }
  links = gb_store_tracker_list_links (store, d->id, &error);
  if (links == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  add_links_line (self, links, TRUE);
  add_links_line (self, links, FALSE);
}
