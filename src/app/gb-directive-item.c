/* gb-directive-item.c — tracked items and documents as list items: the Directives view's lists
 * are GListStores of these, and its rows are built from templates bound to them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-directive-item.h"
#include "gb-text.h"

struct _GbDirectiveItem
{
  GObject        parent_instance;
  GbTrackerItem *item;
  gboolean       with_document;   /* shown among other documents' items: name the document */
};

G_DEFINE_FINAL_TYPE (GbDirectiveItem, gb_directive_item, G_TYPE_OBJECT)

static void
gb_directive_item_finalize (GObject *object)
{
  g_clear_pointer (&GB_DIRECTIVE_ITEM (object)->item, gb_tracker_item_free);
  G_OBJECT_CLASS (gb_directive_item_parent_class)->finalize (object);
}

static void
gb_directive_item_class_init (GbDirectiveItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_directive_item_finalize;
}

static void
gb_directive_item_init (GbDirectiveItem *self)
{
}

/** gb_directive_item_new: @item: (transfer full): an item as the store returned it */
GbDirectiveItem *
gb_directive_item_new (GbTrackerItem *item,
                       gboolean       with_document)
{
  GbDirectiveItem *self = g_object_new (GB_TYPE_DIRECTIVE_ITEM, NULL);

  self->item = item;
  self->with_document = with_document;
  return self;
}

const GbTrackerItem *
gb_directive_item_get_item (GbDirectiveItem *self)
{
  return self->item;
}

gint64
gb_directive_item_get_id (GbDirectiveItem *self)
{
  return self->item->id;
}

gboolean
gb_directive_item_get_with_document (GbDirectiveItem *self)
{
  return self->with_document;
}

/* TRUE when both would draw the same row. */
gboolean
gb_directive_item_equal (GbDirectiveItem *a,
                         GbDirectiveItem *b)
{
  const GbTrackerItem *x = a->item, *y = b->item;

  return x->id == y->id && a->with_document == b->with_document && x->level == y->level
         && x->overdue == y->overdue && x->is_task == y->is_task
         && g_strcmp0 (x->document_number, y->document_number) == 0 && g_strcmp0 (x->path, y->path) == 0
         && g_strcmp0 (x->text, y->text) == 0 && g_strcmp0 (x->status, y->status) == 0
         && g_strcmp0 (x->due, y->due) == 0 && g_strcmp0 (x->due_text, y->due_text) == 0
         && g_strcmp0 (x->units, y->units) == 0 && g_strcmp0 (x->cooperating, y->cooperating) == 0
         && g_strcmp0 (x->progress, y->progress) == 0 && g_strcmp0 (x->progress_date, y->progress_date) == 0
         && g_strcmp0 (x->progress_author, y->progress_author) == 0;
}

struct _GbDirectiveDocument
{
  GObject            parent_instance;
  GbTrackerDocument *doc;
};

enum { DOC_PROP_0, DOC_PROP_TITLE, DOC_PROP_SUBJECT, DOC_PROP_META, DOC_PROP_OVERDUE, N_DOC_PROPS };
static GParamSpec *doc_props[N_DOC_PROPS];

G_DEFINE_FINAL_TYPE (GbDirectiveDocument, gb_directive_document, G_TYPE_OBJECT)

/**
 * gb_directive_document_title:
 *
 * Returns: (transfer full): how a document is named: its kind and number; without a number, what
 *   it is about (its subject, or the lead the store took from its text), the file's name only
 *   when there is neither
 */
char *
gb_directive_document_title (const GbTrackerDocument *d)
{
  g_return_val_if_fail (d != NULL, NULL);

  if ((d->number == NULL || *d->number == '\0') && d->subject != NULL && *d->subject != '\0')
    return gb_text_document_title (d->subject, NULL, NULL);
  return gb_text_document_title (d->kind ? d->kind : _("Document"), d->number, d->source_name);
}

/* The subject under the title, unless the title is the subject already. */
static char *
document_subject (const GbTrackerDocument *d)
{
  if (d->subject == NULL || d->number == NULL || *d->number == '\0')
    return NULL;
  return gb_text_document_title (d->subject, NULL, NULL);
}

static char *
document_meta (const GbTrackerDocument *d)
{
  g_autofree char *date = d->date ? gb_text_format_date (d->date) : g_strdup (_("undated"));
  g_autofree char *counts = g_strdup_printf (_("%d items, %d open, %d overdue"), d->n_items, d->n_open, d->n_overdue);

  return d->issuer ? g_strdup_printf ("%s · %s · %s", date, d->issuer, counts)
                   : g_strdup_printf ("%s · %s", date, counts);
}

static void
gb_directive_document_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  const GbTrackerDocument *d = GB_DIRECTIVE_DOCUMENT (object)->doc;

  switch (prop_id)
    {
    case DOC_PROP_TITLE:
      g_value_take_string (value, gb_directive_document_title (d));
      break;
    case DOC_PROP_SUBJECT:
      g_value_take_string (value, document_subject (d));
      break;
    case DOC_PROP_META:
      g_value_take_string (value, document_meta (d));
      break;
    case DOC_PROP_OVERDUE:
      g_value_set_boolean (value, d->n_overdue > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_directive_document_finalize (GObject *object)
{
  g_clear_pointer (&GB_DIRECTIVE_DOCUMENT (object)->doc, gb_tracker_document_free);
  G_OBJECT_CLASS (gb_directive_document_parent_class)->finalize (object);
}

static void
gb_directive_document_class_init (GbDirectiveDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gb_directive_document_get_property;
  object_class->finalize = gb_directive_document_finalize;
  doc_props[DOC_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  doc_props[DOC_PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  doc_props[DOC_PROP_META] = g_param_spec_string ("meta", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  doc_props[DOC_PROP_OVERDUE] = g_param_spec_boolean ("overdue", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_DOC_PROPS, doc_props);
}

static void
gb_directive_document_init (GbDirectiveDocument *self)
{
}

/** gb_directive_document_new: @doc: (transfer full): a document as the store listed it */
GbDirectiveDocument *
gb_directive_document_new (GbTrackerDocument *doc)
{
  GbDirectiveDocument *self = g_object_new (GB_TYPE_DIRECTIVE_DOCUMENT, NULL);

  self->doc = doc;
  return self;
}

const GbTrackerDocument *
gb_directive_document_get_document (GbDirectiveDocument *self)
{
  return self->doc;
}

gint64
gb_directive_document_get_id (GbDirectiveDocument *self)
{
  return self->doc->id;
}

/* Takes @doc (the same document, read again): its row follows through the properties. */
void
gb_directive_document_update (GbDirectiveDocument *self,
                              GbTrackerDocument   *doc)
{
  g_assert (doc->id == self->doc->id);
  gb_tracker_document_free (self->doc);
  self->doc = doc;
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 1; i < N_DOC_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), doc_props[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
same (gpointer a,
      gpointer b)
{
  if (GB_IS_DIRECTIVE_ITEM (a))
    return gb_directive_item_equal (a, b);
  /* A document that is still there keeps its object: it is updated in place. */
  if (gb_directive_document_get_id (a) != gb_directive_document_get_id (b))
    return FALSE;
  gb_directive_document_update (a, g_steal_pointer (&GB_DIRECTIVE_DOCUMENT (b)->doc));
  GB_DIRECTIVE_DOCUMENT (b)->doc = g_new0 (GbTrackerDocument, 1);
  return TRUE;
}

void
gb_directive_list_merge (GListStore *store,
                         GPtrArray  *fresh)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint m = fresh->len;
  guint head = 0, tail = 0;

  while (head < n && head < m)
    {
      g_autoptr(GObject) old = g_list_model_get_item (G_LIST_MODEL (store), head);

      if (!same (old, fresh->pdata[head]))
        break;
      head++;
    }
  while (tail < n - head && tail < m - head)
    {
      g_autoptr(GObject) old = g_list_model_get_item (G_LIST_MODEL (store), n - 1 - tail);

      if (!same (old, fresh->pdata[m - 1 - tail]))
        break;
      tail++;
    }
  if (head + tail == n && n == m)
    return;
  g_list_store_splice (store, head, n - head - tail, fresh->pdata + head, m - head - tail);
}
