/* gb-directives-page.c — the Directives view: documents with their open and overdue items, the
 * items of the selected document (overdue first) and full-text search
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-directives-page.h"
#include "gb-store-meetings.h"
#include "gb-store-tracker.h"
#include "gb-task-row.h"
#include "gb-text.h"

struct _GbDirectivesPage
{
  GbPage          parent_instance;

  /* A plain entry: the window's one GtkSearchEntry is the unit sidebar's. */
  GtkEntry       *search_entry;
  GtkListBox     *documents_list;
  GtkListBox     *items_list;
  GtkDropDown    *unit_filter;
  GtkToggleButton *overdue_button;

  GtkStringList  *unit_names;       /* "All units", then the organisations */
  gint64          shown_document;   /* the document whose items are shown (0: a unit's view) */
  gboolean        filling;
  guint           refresh_id;
};

G_DEFINE_FINAL_TYPE (GbDirectivesPage, gb_directives_page, GB_TYPE_PAGE)

static void refresh (GbDirectivesPage *self);
static void queue_refresh (GbDirectivesPage *self);
static const char *statuses[] = { "new", "in_progress", "done", "cancelled" };

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
person (void)
{
  return g_strcmp0 (g_get_real_name (), "Unknown") != 0 ? g_get_real_name () : g_get_user_name ();
}

static void
status_changed_cb (GtkDropDown      *dropdown,
                   GParamSpec       *pspec,
                   GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dropdown), "item-id"));
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GError) error = NULL;

  if (self->filling || store == NULL || selected >= G_N_ELEMENTS (statuses))
    return;
  if (!gb_store_tracker_set_status (store, id, statuses[selected], person (), &error))
    g_warning ("%s", error->message);
  queue_refresh (self);
}

static void
due_activated_cb (GtkEntry         *entry,
                  GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (entry), "item-id"));
  g_autofree char *due = NULL;
  g_autofree char *words = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  if (!gb_task_row_parse_due (gtk_editable_get_text (GTK_EDITABLE (entry)), &due, &words, &error) ||
      words != NULL || !gb_store_tracker_set_due (store, id, due, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error ? error->message : _("Write the date as dd/mm/yyyy"));
      return;
    }
  queue_refresh (self);
}

static void
progress_add_cb (GtkButton        *button,
                 GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "item-id"));
  GtkEditable *text = g_object_get_data (G_OBJECT (button), "text");
  GtkEditable *who = g_object_get_data (G_OBJECT (button), "who");
  const char *date = gb_page_get_date (GB_PAGE (self));
  g_autofree char *today = gb_tracker_today ();
  g_autoptr(GError) error = NULL;

  if (store == NULL || *gtk_editable_get_text (text) == '\0')
    return;
  if (!gb_store_tracker_add_progress (store, id, date ? date : today, gtk_editable_get_text (text),
                                      gtk_editable_get_text (who), &error))
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (button), error->message);
      return;
    }
  queue_refresh (self);
}

static GtkWidget *
progress_button (gint64 id)
{
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *text = gtk_entry_new ();
  GtkWidget *who = gtk_entry_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Progress"));

  gtk_menu_button_set_label (GTK_MENU_BUTTON (menu), _("Progress…"));
  gtk_widget_add_css_class (menu, "flat");
  gtk_entry_set_placeholder_text (GTK_ENTRY (text), _("What was done"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (who), _("Reported by"));
  gtk_editable_set_width_chars (GTK_EDITABLE (text), 36);
  gtk_editable_set_text (GTK_EDITABLE (who), person ());
  gtk_widget_add_css_class (add, "suggested-action");
  g_object_set_data (G_OBJECT (add), "item-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data (G_OBJECT (add), "text", text);
  g_object_set_data (G_OBJECT (add), "who", who);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), who);
  gtk_box_append (GTK_BOX (box), add);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  return menu;
}

static void
add_item_row (GbDirectivesPage    *self,
              const GbTrackerItem *it,
              gboolean             with_document)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *head = with_document && it->document_number
    ? g_strdup_printf ("%s · %s  %s", it->document_number, it->path, it->text)
    : g_strdup_printf ("%s  %s", it->path, it->text);
  g_autoptr(GString) meta = g_string_new (NULL);
  const char *names[] = { _("New"), _("In progress"), _("Done"), _("Cancelled"), NULL };
  GtkWidget *meta_label, *status, *due, *progress;
  g_autofree char *due_shown = it->due ? gb_text_format_date (it->due) : NULL;

  if (it->overdue)
    g_string_append (meta, _("Overdue"));
  if (it->units != NULL && *it->units != '\0')
    g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", it->units);
  meta_label = make_label (meta->str, !it->overdue, TRUE);
  if (it->overdue)
    gtk_widget_add_css_class (meta_label, "error");

  /* Status, deadline and progress, edited where they are read. */
  status = gtk_drop_down_new_from_strings (names);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (it->status, statuses[i]) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (status), i);
  g_object_set_data (G_OBJECT (status), "item-id", GSIZE_TO_POINTER ((gsize) it->id));
  gtk_widget_set_tooltip_text (status, _("Status"));
  g_signal_connect (status, "notify::selected", G_CALLBACK (status_changed_cb), self);
  due = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (due), _("Due dd/mm/yyyy"));
  gtk_editable_set_width_chars (GTK_EDITABLE (due), 11);
  gtk_editable_set_text (GTK_EDITABLE (due), due_shown ? due_shown : "");
  gtk_widget_set_tooltip_text (due, _("Deadline: press Enter to save"));
  g_object_set_data (G_OBJECT (due), "item-id", GSIZE_TO_POINTER ((gsize) it->id));
  g_signal_connect (due, "activate", G_CALLBACK (due_activated_cb), self);
  progress = progress_button (it->id);
  {
    GtkWidget *pbox = gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (progress)));
    GtkWidget *button = gtk_widget_get_last_child (pbox);

    g_signal_connect (button, "clicked", G_CALLBACK (progress_add_cb), self);
  }
  gtk_box_append (GTK_BOX (controls), status);
  gtk_box_append (GTK_BOX (controls), due);
  gtk_box_append (GTK_BOX (controls), progress);

  gtk_widget_set_margin_start (box, 12 + 16 * (MAX (it->level, 1) - 1));
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_box_append (GTK_BOX (box), make_label (head, FALSE, TRUE));
  if (meta->len)
    gtk_box_append (GTK_BOX (box), meta_label);
  gtk_box_append (GTK_BOX (box), controls);
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

  self->filling = TRUE;
  clear_list (self->items_list);
  self->shown_document = document_id;
  if (store == NULL)
    {
      self->filling = FALSE;
      return;
    }
  items = gb_store_tracker_list_items (store, NULL, FALSE, gb_page_get_date (GB_PAGE (self)), &error);
  if (items == NULL)
    {
      g_warning ("%s", error->message);
      self->filling = FALSE;
      return;
    }
  /* Reading order inside the document; the per-unit view is where overdue goes first. */
  g_ptr_array_sort (items, compare_position);
  for (guint i = 0; i < items->len; i++)
    {
      const GbTrackerItem *it = g_ptr_array_index (items, i);
      if (it->document_id == document_id)
        add_item_row (self, it, FALSE);
    }
  self->filling = FALSE;
}

/* Everything one organisation owes across the documents, overdue first (as the store orders
 * them), or only what is overdue. */
static void
show_unit_items (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  guint selected = gtk_drop_down_get_selected (self->unit_filter);
  const char *unit = selected > 0 && selected != GTK_INVALID_LIST_POSITION
    ? gtk_string_list_get_string (self->unit_names, selected) : NULL;
  gboolean overdue = gtk_toggle_button_get_active (self->overdue_button);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  self->filling = TRUE;
  clear_list (self->items_list);
  self->shown_document = 0;
  if (store != NULL)
    items = gb_store_tracker_list_items (store, unit, overdue, gb_page_get_date (GB_PAGE (self)), &error);
  for (guint i = 0; items != NULL && i < items->len; i++)
    add_item_row (self, g_ptr_array_index (items, i), TRUE);
  if (items != NULL && items->len == 0)
    {
      GtkWidget *empty = make_label (overdue ? _("Nothing overdue.") : _("No items for this unit."), TRUE, TRUE);

      gtk_widget_set_margin_start (empty, 12);
      gtk_widget_set_margin_top (empty, 12);
      gtk_list_box_append (self->items_list, empty);
    }
  self->filling = FALSE;
}

static gboolean
filtering (GbDirectivesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->unit_filter);

  return (selected > 0 && selected != GTK_INVALID_LIST_POSITION) || gtk_toggle_button_get_active (self->overdue_button);
}

static void
filter_changed_cb (GbDirectivesPage *self)
{
  if (self->filling)
    return;
  if (filtering (self))
    {
      gtk_list_box_unselect_all (self->documents_list);
      show_unit_items (self);
    }
  else
    refresh (self);
}

static void
document_selected_cb (GbDirectivesPage *self,
                      GtkListBoxRow    *row)
{
  if (row == NULL || self->filling)
    return;
  if (filtering (self))
    {
      /* Choosing a document leaves the unit's view. */
      self->filling = TRUE;
      gtk_drop_down_set_selected (self->unit_filter, 0);
      gtk_toggle_button_set_active (self->overdue_button, FALSE);
      self->filling = FALSE;
    }
  show_items (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "document-id")));
}

static void
reload_documents (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;

  gint64 keep = self->shown_document;

  self->filling = TRUE;
  clear_list (self->documents_list);
  clear_list (self->items_list);
  self->shown_document = 0;
  self->filling = FALSE;
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
  /* The document shown before stays shown; else the newest, so the page is never blank. */
  if (filtering (self))
    show_unit_items (self);
  else if (docs->len > 0)
    {
      GtkListBoxRow *select = gtk_list_box_get_row_at_index (self->documents_list, 0);

      for (int i = 0; keep != 0 && i < (int) docs->len; i++)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->documents_list, i);

          if ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "document-id")) == keep)
            select = row;
        }
      gtk_list_box_select_row (self->documents_list, select);
      if (self->shown_document != (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (select), "document-id")))
        document_selected_cb (self, select);
    }
}

static void
refresh (GbDirectivesPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  reload_documents (self);
}

static gboolean
refresh_idle (gpointer user_data)
{
  GbDirectivesPage *self = user_data;

  self->refresh_id = 0;
  reload_documents (self);
  return G_SOURCE_REMOVE;
}

/* An edit made in a row rebuilds the rows: not while that row's own signal is running. */
static void
queue_refresh (GbDirectivesPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle, self);
}

static void
fill_unit_filter (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GPtrArray) names = store ? gb_store_list_organisation_names (store, NULL) : NULL;
  g_autofree char *selected = NULL;
  guint at = 0;

  if (gtk_drop_down_get_selected (self->unit_filter) > 0 && gtk_drop_down_get_selected (self->unit_filter) != GTK_INVALID_LIST_POSITION)
    selected = g_strdup (gtk_string_list_get_string (self->unit_names, gtk_drop_down_get_selected (self->unit_filter)));
  self->filling = TRUE;
  gtk_string_list_splice (self->unit_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->unit_names)), NULL);
  gtk_string_list_append (self->unit_names, _("All units"));
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      gtk_string_list_append (self->unit_names, g_ptr_array_index (names, i));
      if (g_strcmp0 (selected, g_ptr_array_index (names, i)) == 0)
        at = i + 1;
    }
  gtk_drop_down_set_selected (self->unit_filter, at);
  self->filling = FALSE;
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
  fill_unit_filter (GB_DIRECTIVES_PAGE (page));
  reload_documents (GB_DIRECTIVES_PAGE (page));
}

static void
gb_directives_page_dispose (GObject *object)
{
  GbDirectivesPage *self = GB_DIRECTIVES_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_DIRECTIVES_PAGE);
  G_OBJECT_CLASS (gb_directives_page_parent_class)->dispose (object);
}

static void
gb_directives_page_class_init (GbDirectivesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GbPageClass *page_class = GB_PAGE_CLASS (klass);

  page_class->context_changed = gb_directives_page_context_changed;
  G_OBJECT_CLASS (klass)->dispose = gb_directives_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-directives-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, documents_list);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, unit_filter);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, overdue_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, document_selected_cb);
}

static void
gb_directives_page_init (GbDirectivesPage *self)
{
  g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  gtk_widget_init_template (GTK_WIDGET (self));
  self->unit_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->unit_names, _("All units"));
  self->filling = TRUE;
  gtk_drop_down_set_expression (self->unit_filter, expression);
  gtk_drop_down_set_model (self->unit_filter, G_LIST_MODEL (self->unit_names));
  g_object_unref (self->unit_names);   /* the drop-down holds it */
  self->filling = FALSE;
}

/** gb_directives_page_show_unit: the per-unit view of @unit (NULL: all), as the drop-down does. */
void
gb_directives_page_show_unit (GbDirectivesPage *self,
                              const char       *unit,
                              gboolean          overdue_only)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->unit_names));

  self->filling = TRUE;
  gtk_drop_down_set_selected (self->unit_filter, 0);
  for (guint i = 1; unit != NULL && i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->unit_names, i), unit) == 0)
      gtk_drop_down_set_selected (self->unit_filter, i);
  gtk_toggle_button_set_active (self->overdue_button, overdue_only);
  self->filling = FALSE;
  filter_changed_cb (self);
}
