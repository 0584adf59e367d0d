/* gb-directive-search.c — the Directives view's search results: each item once (the index holds
 * an item and the document's whole text, which repeats it), with its document's name and its
 * text as stored (the index keeps a folded copy without "đ", never shown)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-directive-search.h"
#include "gb-text.h"

/* A search result: the document's name, then the item's own text (or the document's subject),
 * as stored, with its "đ" — the index holds a folded copy, never shown. */
static const GbTrackerDocument *
find_document (GListModel *documents,
               gint64      id)
{
  guint n = g_list_model_get_n_items (documents);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GbDirectiveDocument) d = g_list_model_get_item (documents, i);

      /* The list holds a reference: the document outlives this one. */
      if (gb_directive_document_get_id (d) == id)
        return gb_directive_document_get_document (d);
    }
  return NULL;
}

static GbDirectiveDocument *
get_document (GListModel *documents,
              gint64      id)
{
  guint n = g_list_model_get_n_items (documents);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GbDirectiveDocument) d = g_list_model_get_item (documents, i);

      if (gb_directive_document_get_id (d) == id)
        return g_steal_pointer (&d);
    }
  return NULL;
}

/**
 * gb_directive_search_create_row: (a GtkListBoxCreateWidgetFunc)
 * @object: a hit: a #GbDirectiveItem or a #GbDirectiveDocument
 * @user_data: the #GListModel of the listed documents, for their names
 */
GtkWidget *
gb_directive_search_create_row (gpointer object,
                                gpointer user_data)
{
  GListModel *documents = user_data;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  const GbTrackerDocument *d;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label;

  if (GB_IS_DIRECTIVE_ITEM (object))
    {
      const GbTrackerItem *it = gb_directive_item_get_item (object);

      d = find_document (documents, it->document_id);
      title = d ? gb_directive_document_title (d) : NULL;
      text = g_strdup_printf ("%s\n%s  %s", title ? title : "", it->path, it->text);
    }
  else
    {
      d = gb_directive_document_get_document (object);
      title = gb_directive_document_title (d);
      /* Translators: a search hit in a document's own text, not in one of its items. */
      text = g_strdup_printf ("%s\n%s", title, d->subject && d->number ? d->subject : _("Found in the document's text"));
    }
  label = gtk_label_new (g_strstrip (text));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_set_tooltip_text (row, _("Open this document"));
  return row;
}

/* Each document once: its items that matched, or the document itself when only its text did.
 * Items are read as stored, so they show what the document says. */
/**
 * gb_directive_search_collect:
 * @hits: (element-type GbTrackerHit): what gb_store_tracker_search() found, best first
 * @documents: the listed documents (#GbDirectiveDocument)
 * @date: (nullable): the date that decides what is overdue
 *
 * Returns: (transfer full): the hits to show, best first
 */
GListStore *
gb_directive_search_collect (GbStore    *store,
                             GPtrArray  *hits,
                             GListModel *documents,
                             const char *date)
{
  GListStore *out = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) with_items = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < hits->len; i++)
    {
      GbTrackerHit *h = g_ptr_array_index (hits, i);
      GbTrackerFilter filter = { .document_id = h->document_id };
      g_autoptr(GPtrArray) its = NULL;

      if (h->item_id != 0)
        g_hash_table_add (with_items, &h->document_id);
      if (g_hash_table_contains (seen, &h->document_id))
        continue;
      g_hash_table_add (seen, &h->document_id);
      its = gb_store_tracker_query_items (store, &filter, date, NULL);
      for (guint j = 0; its != NULL && j < its->len; j++)
        {
          GbDirectiveItem *item = gb_directive_item_new (g_steal_pointer (&its->pdata[j]), TRUE);

          /* The key lives in the item, which the table keeps. */
          g_hash_table_insert (items, (gpointer) &gb_directive_item_get_item (item)->id, item);
        }
    }
  for (guint i = 0; i < hits->len; i++)
    {
      GbTrackerHit *h = g_ptr_array_index (hits, i);
      GbDirectiveItem *item = h->item_id ? g_hash_table_lookup (items, &h->item_id) : NULL;
      g_autoptr(GbDirectiveDocument) doc = h->item_id == 0 ? get_document (documents, h->document_id) : NULL;

      if (item != NULL)
        g_list_store_append (out, item);
      else if (doc != NULL && !g_hash_table_contains (with_items, &h->document_id))
        {
          g_list_store_append (out, doc);
          g_hash_table_add (with_items, &h->document_id);
        }
      if (item != NULL)
        g_hash_table_remove (items, &h->item_id);
    }
  return out;
}

