/* gb-directives-page.c — the Directives view: documents with their open and overdue items, the
 * items of the selected document (overdue first) and full-text search
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-directives-page.h"
#include "gb-store-tracker.h"

struct _GbDirectivesPage
{
  GbPage          parent_instance;

  /* A plain entry: the window's one GtkSearchEntry is the unit sidebar's. */
  GtkEntry       *search_entry;
  GtkListBox     *documents_list;
  GtkListBox     *items_list;
};

G_DEFINE_FINAL_TYPE (GbDirectivesPage, gb_directives_page, GB_TYPE_PAGE)

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

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "in_progress") == 0)
    return _("in progress");
  if (g_strcmp0 (status, "done") == 0)
    return _("done");
  if (g_strcmp0 (status, "cancelled") == 0)
    return _("cancelled");
  return _("new");
}

static void
add_item_row (GbDirectivesPage    *self,
              const GbTrackerItem *it)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *head = g_strdup_printf ("%s  %s", it->path, it->text);
  g_autoptr(GString) meta = g_string_new (NULL);
  GtkWidget *meta_label;

  if (it->overdue)
    g_string_append_printf (meta, "%s · ", _("Overdue"));
  g_string_append (meta, status_label (it->status));
  if (it->due != NULL)
    g_string_append_printf (meta, " · %s %s", _("due"), it->due);
  if (it->units != NULL)
    g_string_append_printf (meta, " · %s", it->units);
  meta_label = make_label (meta->str, !it->overdue, TRUE);
  if (it->overdue)
    gtk_widget_add_css_class (meta_label, "error");
  gtk_widget_set_margin_start (box, 12 + 16 * (MAX (it->level, 1) - 1));
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), make_label (head, FALSE, TRUE));
  gtk_box_append (GTK_BOX (box), meta_label);
  gtk_list_box_append (self->items_list, box);
}

static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  const GbTrackerItem *x = *(GbTrackerItem * const *) a;
  const GbTrackerItem *y = *(GbTrackerItem * const *) b;

  if (x->document_id != y->document_id)
    return x->document_id < y->document_id ? -1 : 1;
  return x->position - y->position;
}

static void
show_items (GbDirectivesPage *self,
            gint64            document_id)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  clear_list (self->items_list);
  if (store == NULL)
    return;
  items = gb_store_tracker_list_items (store, NULL, FALSE, gb_page_get_date (GB_PAGE (self)), &error);
  if (items == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  /* Reading order inside the document; the per-unit view is where overdue goes first. */
  g_ptr_array_sort (items, compare_position);
  for (guint i = 0; i < items->len; i++)
    {
      const GbTrackerItem *it = g_ptr_array_index (items, i);
      if (it->document_id == document_id)
        add_item_row (self, it);
    }
}

static void
document_selected_cb (GbDirectivesPage *self,
                      GtkListBoxRow    *row)
{
  if (row == NULL)
    return;
  show_items (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "document-id")));
}

static void
reload_documents (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;

  clear_list (self->documents_list);
  clear_list (self->items_list);
  if (store == NULL)
    return;
  docs = gb_store_tracker_list_documents (store, gb_page_get_date (GB_PAGE (self)), &error);
  if (docs == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  for (guint i = 0; i < docs->len; i++)
    {
      const GbTrackerDocument *d = g_ptr_array_index (docs, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *row;
      g_autofree char *title = g_strdup_printf ("%s %s", d->kind ? d->kind : _("Document"),
                                                d->number ? d->number : (d->source_name ? d->source_name : ""));
      g_autofree char *meta = g_strdup_printf (_("%s · %d items, %d open, %d overdue"),
                                               d->date ? d->date : _("undated"), d->n_items, d->n_open, d->n_overdue);

      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_box_append (GTK_BOX (box), make_label (title, FALSE, TRUE));
      if (d->subject)
        gtk_box_append (GTK_BOX (box), make_label (d->subject, TRUE, TRUE));
      gtk_box_append (GTK_BOX (box), make_label (meta, TRUE, FALSE));
      gtk_list_box_append (self->documents_list, box);
      row = gtk_widget_get_parent (box);
      g_object_set_data (G_OBJECT (row), "document-id", GSIZE_TO_POINTER ((gsize) d->id));
    }
  /* The newest document is open from the start, so the page is never blank. */
  if (docs->len > 0)
    gtk_list_box_select_row (self->documents_list, gtk_list_box_get_row_at_index (self->documents_list, 0));
}

static void
search_changed_cb (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  if (query == NULL || *query == '\0')
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->documents_list);
      clear_list (self->items_list);
      if (row != NULL)
        document_selected_cb (self, row);
      return;
    }
  clear_list (self->items_list);
  hits = gb_store_tracker_search (store, query, &error);
  if (hits == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  for (guint i = 0; i < hits->len; i++)
    {
      const GbTrackerHit *h = g_ptr_array_index (hits, i);
      GtkWidget *label = make_label (h->snippet, FALSE, TRUE);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (self->items_list, label);
    }
}

static void
gb_directives_page_context_changed (GbPage *page)
{
  reload_documents (GB_DIRECTIVES_PAGE (page));
}

static void
gb_directives_page_class_init (GbDirectivesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GbPageClass *page_class = GB_PAGE_CLASS (klass);

  page_class->context_changed = gb_directives_page_context_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-directives-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, documents_list);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, items_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, document_selected_cb);
}

static void
gb_directives_page_init (GbDirectivesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
