/* gb-directives-page.c — the Directives view: documents with their open and overdue items, the
 * selected document with its links and its items as a tree, filters across documents (unit,
 * status, kind, due this week, overdue), full-text search, and importing a notice (file chooser
 * or drag and drop) through a review before anything is saved.
 *
 * Both lists are GListStores of list items (gb-directive-item.h) with rows from templates
 * (gb-document-row.c, gb-item-row.c). They follow the data: a change to the store, made here or
 * by giaoban-cli, the daemon or another view, is merged in, replacing only the rows that differ,
 * so scroll position and selection stay.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gb-directive-item.h"
#include "gb-directive-search.h"
#include "gb-directives-page.h"
#include "gb-document-header.h"
#include "gb-document-row.h"
#include "gb-item-places.h"
#include "gb-item-row.h"
#include "gb-notice-import.h"
#include "gb-notice-review.h"
#include "gb-report-actions.h"
#include "gb-store-meetings.h"
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-store-trash.h"
#include "gb-sync-role.h"
#include "gb-text.h"

struct _GbDirectivesPage
{
  GbPage          parent_instance;

  /* A plain entry: the window's one GtkSearchEntry is the unit sidebar's. */
  GtkEntry       *search_entry;
  GtkListBox     *documents_list;
  GtkListBox     *items_list;
  GtkListBox     *search_list;
  GtkLabel       *items_empty;
  GtkScrolledWindow *items_scroller;
  GtkDropDown    *unit_filter;
  GtkDropDown    *status_filter;
  GtkDropDown    *kind_filter;
  GtkToggleButton *week_button;
  GtkToggleButton *overdue_button;
  GtkButton      *clear_button;
  GtkLabel       *only_label;
  GtkWidget      *unit_report_button;
  GtkWidget      *unit_print_button;
  GtkWidget      *states_report_button;
  GbDocumentHeader *document_header;

  GtkStringList  *unit_names;       /* "All units", then the organisations */
  GtkStringList  *kind_names;       /* "All kinds", then the stored documents' kinds */
  GListStore     *documents;        /* GbDirectiveDocument, as listed */
  GListStore     *items;            /* GbDirectiveItem, as shown */
  GListStore     *hits;             /* search results: GbDirectiveItem or GbDirectiveDocument */
  GCancellable   *import_cancellable;
  gint64          shown_document;   /* the document whose items are shown (0: a unit's view) */
  gint64          items_view;       /* what the item list shows: a document, or -1 the filtered view */
  GHashTable     *only_ids;         /* a reminder's items: the filtered view shows only these, or NULL */
  gboolean        filling;
  guint           refresh_id;
  guint           poll_id;
  guint64         stamp;            /* the store's change stamp when the lists were read */
  double          keep_scroll;      /* where the item list was before its rows were merged */
  guint           keep_scroll_id;
  GbDeletedDocument *last_deleted; /* what Undo in the last deletion's toast restores */
};

G_DEFINE_FINAL_TYPE (GbDirectivesPage, gb_directives_page, GB_TYPE_PAGE)

static void refresh (GbDirectivesPage *self);
static void queue_refresh (GbDirectivesPage *self);
static void show_items (GbDirectivesPage *self, gint64 document_id);
static void search_changed_cb (GbDirectivesPage *self);
/* The status filter's rows after "Any status". */
static const char *filter_statuses[] = { "open", "new", "in_progress", "done", "cancelled" };

static GtkWidget *
create_document_row (gpointer item,
                     gpointer user_data)
{
  return gb_document_row_new (item);
}

static void
row_focused_cb (GtkListBoxRow *row)
{
  GtkWidget *list = gtk_widget_get_parent (GTK_WIDGET (row));

  if (GTK_IS_LIST_BOX (list) && !gtk_list_box_row_is_selected (row))
    gtk_list_box_select_row (GTK_LIST_BOX (list), row);
}

static GtkWidget *
create_item_row (gpointer item,
                 gpointer user_data)
{
  GbDirectivesPage *self = user_data;
  GtkWidget *row = gb_item_row_new (item, gb_page_get_store (GB_PAGE (self)), gb_page_get_date (GB_PAGE (self)));

  GtkEventController *focus = gtk_event_controller_focus_new ();

  /* An edit is merged in from an idle: not while the row's own signal is running. */
  g_signal_connect_object (row, "edited", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  /* Clicking its text (a selectable label) or a field selects the row too: its area shows. */
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (row_focused_cb), row);
  gtk_widget_add_controller (row, focus);
  return row;
}

static const GbTrackerDocument *
find_document (GbDirectivesPage *self,
               gint64            id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GbDirectiveDocument) d = g_list_model_get_item (G_LIST_MODEL (self->documents), i);

      /* The store holds a reference: the document outlives this one. */
      if (gb_directive_document_get_id (d) == id)
        return gb_directive_document_get_document (d);
    }
  return NULL;
}

static int
document_position (GbDirectivesPage *self,
                   gint64            id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GbDirectiveDocument) d = g_list_model_get_item (G_LIST_MODEL (self->documents), i);

      if (gb_directive_document_get_id (d) == id)
        return i;
    }
  return -1;
}

static void
show_document_header (GbDirectivesPage *self,
                      gint64            document_id)
{
  gb_document_header_show (self->document_header, gb_page_get_store (GB_PAGE (self)),
                           find_document (self, document_id));
}

static void
open_document_cb (GbDirectivesPage *self,
                  gint64            document_id)
{
  gb_directives_page_show_document (self, document_id);
}

static const char *
selected_string (GtkDropDown   *dropdown,
                 GtkStringList *list)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  return selected > 0 && selected != GTK_INVALID_LIST_POSITION ? gtk_string_list_get_string (list, selected) : NULL;
}

static void
get_filter (GbDirectivesPage *self,
            GbTrackerFilter  *filter)
{
  guint status = gtk_drop_down_get_selected (self->status_filter);

  memset (filter, 0, sizeof *filter);
  filter->unit = selected_string (self->unit_filter, self->unit_names);
  filter->kind = selected_string (self->kind_filter, self->kind_names);
  if (status > 0 && status <= G_N_ELEMENTS (filter_statuses))
    filter->status = filter_statuses[status - 1];
  filter->due_this_week = gtk_toggle_button_get_active (self->week_button);
  filter->overdue_only = gtk_toggle_button_get_active (self->overdue_button);
}

static gboolean
filtering (GbDirectivesPage *self)
{
  GbTrackerFilter f;

  get_filter (self, &f);
  return f.unit || f.kind || f.status || f.due_this_week || f.overdue_only || self->only_ids != NULL;
}

static gboolean
keep_scroll_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  GbDirectivesPage *self = user_data;

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->items_scroller), self->keep_scroll);
  self->keep_scroll_id = 0;
  return G_SOURCE_REMOVE;
}

/* Shows @items (taken) in the item list. Rows that did not change stay as they are; another
 * view (another document, the filtered view) starts at the top. */
static void
set_items (GbDirectivesPage *self,
           GPtrArray        *items,
           gboolean          with_document,
           gint64            view,
           const char       *empty_text)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);

  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  g_autoptr(GtkWidget) focus_row = focus ? gtk_widget_get_ancestor (focus, GB_TYPE_ITEM_ROW) : NULL;
  gint64 focus_item = 0;
  guint focus_part = 0;
  double before = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->items_scroller));

  /* The row being edited is replaced: its new one takes the focus where the old one had it
   * (else the list box moves the focus to its first row and scrolls there). */
  if (focus_row != NULL)
    g_object_ref (focus_row);
  if (focus_row != NULL && gtk_widget_get_parent (focus_row) == GTK_WIDGET (self->items_list))
    {
      focus_item = gb_directive_item_get_id (gb_item_row_get_item (GB_ITEM_ROW (focus_row)));
      focus_part = gb_item_row_get_focus_part (GB_ITEM_ROW (focus_row));
    }
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (fresh, gb_directive_item_new (g_steal_pointer (&items->pdata[i]), with_document));
  gb_directive_list_merge (self->items, fresh);
  for (guint i = 0; focus_item != 0 && gtk_widget_get_parent (focus_row) == NULL && i < fresh->len; i++)
    if (gb_directive_item_get_id (fresh->pdata[i]) == focus_item)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->items_list, i);

        if (row != NULL)
          gb_item_row_focus_part (GB_ITEM_ROW (row), focus_part);
      }
  /* The viewport scrolls to a focused row before it has a place: put the list back once laid out. */
  if (view == self->items_view)
    {
      self->keep_scroll = before;
      if (self->keep_scroll_id == 0)
        self->keep_scroll_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->items_list), keep_scroll_cb, self, NULL);
    }
  if (view != self->items_view)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->items_scroller), 0);
  self->items_view = view;
  gtk_label_set_text (self->items_empty, empty_text);
  gtk_widget_set_visible (GTK_WIDGET (self->items_empty), items != NULL && items->len == 0);
}

static void
show_items (GbDirectivesPage *self,
            gint64            document_id)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  GbTrackerFilter filter = { .document_id = document_id };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  self->filling = TRUE;
  self->shown_document = document_id;
  show_document_header (self, document_id);
  if (store != NULL)
    items = gb_store_tracker_query_items (store, &filter, gb_page_get_date (GB_PAGE (self)), &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  /* Reading order, indented by depth: the tree of the notice as written. */
  set_items (self, items, FALSE, document_id, _("No numbered items were found in this document."));
  self->filling = FALSE;
}

/* The items of every document that pass the filters: one unit's view, overdue first (as the
 * store orders them). */
static void
show_filtered_items (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  GbTrackerFilter filter;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  get_filter (self, &filter);
  self->filling = TRUE;
  gb_document_header_show (self->document_header, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->document_header), FALSE);
  self->shown_document = 0;
  if (store != NULL)
    items = gb_store_tracker_query_items (store, &filter, gb_page_get_date (GB_PAGE (self)), &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  for (guint i = items ? items->len : 0; self->only_ids != NULL && i-- > 0;)
    if (!g_hash_table_contains (self->only_ids, &((GbTrackerItem *) items->pdata[i])->id))
      g_ptr_array_remove_index (items, i);
  set_items (self, items, TRUE, -1,
             filter.overdue_only && !filter.unit && !filter.kind && !filter.status && !filter.due_this_week
               ? _("Nothing overdue.") : _("No items match these filters."));
  self->filling = FALSE;
}

/* One unit's view offers its reminder report and printing; the whole tracker, the states table. */
static void
update_report_buttons (GbDirectivesPage *self)
{
  gboolean unit = selected_string (self->unit_filter, self->unit_names) != NULL;

  gtk_widget_set_visible (self->unit_report_button, unit);
  gtk_widget_set_visible (self->unit_print_button, unit);
  gtk_widget_set_visible (self->states_report_button, !unit);
}

static void
unit_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GbDirectivesPage *self = GB_DIRECTIVES_PAGE (widget);
  const char *unit = selected_string (self->unit_filter, self->unit_names);
  GbStore *store = gb_page_get_store (GB_PAGE (self));

  if (unit != NULL && store != NULL)
    gb_report_save_unit (widget, store, unit, gb_page_get_date (GB_PAGE (self)));
}

static void
print_unit_report_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  GbDirectivesPage *self = GB_DIRECTIVES_PAGE (widget);
  const char *unit = selected_string (self->unit_filter, self->unit_names);
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (unit != NULL && store != NULL &&
      !gb_report_print_unit (widget, store, unit, gb_page_get_date (GB_PAGE (self)), NULL, &error) && overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
}

static void
states_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GbStore *store = gb_page_get_store (GB_PAGE (widget));

  if (store != NULL)
    gb_report_save_states (widget, store, gb_page_get_date (GB_PAGE (widget)));
}

static void
filter_changed_cb (GbDirectivesPage *self)
{
  update_report_buttons (self);
  if (self->filling)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), filtering (self));
  if (filtering (self))
    {
      gtk_list_box_unselect_all (self->documents_list);
      show_filtered_items (self);
    }
  else
    refresh (self);
}

static void
reset_filters (GbDirectivesPage *self)
{
  self->filling = TRUE;
  gtk_drop_down_set_selected (self->unit_filter, 0);
  gtk_drop_down_set_selected (self->status_filter, 0);
  gtk_drop_down_set_selected (self->kind_filter, 0);
  gtk_toggle_button_set_active (self->week_button, FALSE);
  gtk_toggle_button_set_active (self->overdue_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), FALSE);
  g_clear_pointer (&self->only_ids, g_hash_table_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->only_label), FALSE);
  self->filling = FALSE;
}

static void
clear_filters_cb (GbDirectivesPage *self)
{
  reset_filters (self);
  refresh (self);
}

/* Outlines on the map the places @items concern (all of them: a document's area). */
static void
publish_area (GbDirectivesPage *self,
              GListModel       *items,
              int               only)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GbItemPlaces) places = store ? gb_item_places_new (store, gb_level_engine_get_shared (store), NULL) : NULL;
  g_autoptr(GPtrArray) area = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (items);

  if (places == NULL)
    return;
  for (guint i = only >= 0 ? (guint) only : 0; i < n && (only < 0 || i == (guint) only); i++)
    {
      g_autoptr(GbDirectiveItem) item = g_list_model_get_item (items, i);
      const GbTrackerItem *it = gb_directive_item_get_item (item);
      const GbTrackerDocument *d = find_document (self, it->document_id);
      g_autoptr(GPtrArray) codes = gb_item_places_for_item (places, it->id, it->text, d ? d->date : NULL, NULL);

      for (guint k = 0; k < codes->len; k++)
        if (g_hash_table_add (seen, codes->pdata[k]))
          g_ptr_array_add (area, g_steal_pointer (&codes->pdata[k]));
    }
  g_ptr_array_add (area, NULL);
  gtk_widget_activate_action_variant (GTK_WIDGET (self), "win.show-area",
                                      g_variant_new_strv ((const char *const *) area->pdata, -1));
}

static void
item_selected_cb (GbDirectivesPage *self,
                  GtkListBoxRow    *row)
{
  if (row != NULL && !self->filling)
    publish_area (self, G_LIST_MODEL (self->items), gtk_list_box_row_get_index (row));
}

static void
document_selected_cb (GbDirectivesPage *self,
                      GtkListBoxRow    *row)
{
  if (row == NULL || self->filling)
    return;
  /* Choosing a document leaves the filtered view. */
  if (filtering (self))
    reset_filters (self);
  show_items (self, gb_directive_document_get_id (gb_document_row_get_document (GB_DOCUMENT_ROW (row))));
  publish_area (self, G_LIST_MODEL (self->items), -1);
}

static void
select_document_row (GbDirectivesPage *self,
                     int               position)
{
  GtkListBoxRow *row = position >= 0 ? gtk_list_box_get_row_at_index (self->documents_list, position) : NULL;

  self->filling = TRUE;
  if (row == NULL)
    gtk_list_box_unselect_all (self->documents_list);
  else if (gtk_list_box_get_selected_row (self->documents_list) != row)
    gtk_list_box_select_row (self->documents_list, row);
  self->filling = FALSE;
}

static void
reload_documents (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 keep = self->shown_document;

  if (store != NULL)
    {
      self->stamp = gb_store_get_change_stamp (store);
      docs = gb_store_tracker_list_documents (store, gb_page_get_date (GB_PAGE (self)), &error);
      if (docs == NULL)
        g_warning ("%s", error->message);
    }
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    g_ptr_array_add (fresh, gb_directive_document_new (g_steal_pointer (&docs->pdata[i])));
  self->filling = TRUE;
  gb_directive_list_merge (self->documents, fresh);
  self->filling = FALSE;
  /* The document shown before stays shown; else the newest, so the page is never blank. */
  if (filtering (self))
    show_filtered_items (self);
  else if (fresh->len > 0)
    gb_directives_page_show_document (self, keep);
  else
    {
      show_items (self, 0);
      set_items (self, NULL, FALSE, 0, _("No notices yet. Import one with “Import Notice…”, or drop its file here."));
      gtk_widget_set_visible (GTK_WIDGET (self->items_empty), TRUE);
    }
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    search_changed_cb (self);
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

static void
queue_refresh (GbDirectivesPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle, self);
}

/* Keeps @selected_text selected if it is still in the new list. */
static void
fill_string_list (GbDirectivesPage *self,
                  GtkDropDown      *dropdown,
                  GtkStringList    *list,
                  const char       *first,
                  GPtrArray        *names)
{
  g_autofree char *selected = g_strdup (selected_string (dropdown, list));
  guint at = 0;

  self->filling = TRUE;
  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)), NULL);
  gtk_string_list_append (list, first);
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      gtk_string_list_append (list, g_ptr_array_index (names, i));
      if (g_strcmp0 (selected, g_ptr_array_index (names, i)) == 0)
        at = i + 1;
    }
  gtk_drop_down_set_selected (dropdown, at);
  self->filling = FALSE;
}

static void
fill_filters (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GPtrArray) names = store ? gb_store_list_organisation_names (store, NULL) : NULL;
  g_autoptr(GPtrArray) kinds = store ? gb_store_tracker_list_kinds (store, NULL) : NULL;

  fill_string_list (self, self->unit_filter, self->unit_names, _("All units"), names);
  fill_string_list (self, self->kind_filter, self->kind_names, _("All kinds"), kinds);
}

static void
search_changed_cb (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean searching = query != NULL && *query != '\0';
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GListStore) found = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->items_list), !searching);
  gtk_widget_set_visible (GTK_WIDGET (self->search_list), searching);
  gtk_widget_set_visible (GTK_WIDGET (self->document_header), !searching && self->shown_document != 0);
  if (!searching)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->items_empty),
                              g_list_model_get_n_items (G_LIST_MODEL (self->items)) == 0);
      gtk_list_box_bind_model (self->search_list, NULL, NULL, NULL, NULL);
      g_clear_object (&self->hits);
      return;
    }
  hits = gb_store_tracker_search (store, query, &error);
  if (hits == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  found = gb_directive_search_collect (store, hits, G_LIST_MODEL (self->documents), gb_page_get_date (GB_PAGE (self)));
  g_set_object (&self->hits, found);
  gtk_list_box_bind_model (self->search_list, G_LIST_MODEL (found), gb_directive_search_create_row,
                           self->documents, NULL);
  gtk_label_set_text (self->items_empty, _("Nothing found."));
  gtk_widget_set_visible (GTK_WIDGET (self->items_empty), g_list_model_get_n_items (G_LIST_MODEL (found)) == 0);
}

/* Scrolls the item list to the row of @item_id and selects it. */
static gboolean
reveal_item (GbDirectivesPage *self,
             gint64            item_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->items_scroller);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GbDirectiveItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->items_list, i);
      graphene_point_t at;

      if (gb_directive_item_get_id (item) != item_id || row == NULL)
        continue;
      gtk_list_box_select_row (self->items_list, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
      if (gtk_widget_compute_point (GTK_WIDGET (row), gtk_widget_get_parent (GTK_WIDGET (self->items_list)),
                                    &GRAPHENE_POINT_INIT (0, 0), &at))
        gtk_adjustment_clamp_page (adj, at.y, at.y + gtk_widget_get_height (GTK_WIDGET (row)));
      return TRUE;
    }
  return FALSE;
}

typedef struct
{
  GbDirectivesPage *self;
  gint64            item_id;
  guint             tries;
} Reveal;

/* The rows get their sizes on the next frames: try until the row is laid out. */
static gboolean
reveal_cb (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  Reveal *r = user_data;

  if (gtk_widget_get_height (GTK_WIDGET (r->self->items_list)) > 0 && reveal_item (r->self, r->item_id))
    return G_SOURCE_REMOVE;
  return ++r->tries < 30 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
hit_activated_cb (GbDirectivesPage *self,
                  GtkListBoxRow    *row)
{
  g_autoptr(GObject) hit = self->hits ? g_list_model_get_item (G_LIST_MODEL (self->hits), gtk_list_box_row_get_index (row)) : NULL;
  Reveal *r;

  if (hit == NULL)
    return;
  /* The result opened: the search is done, its document shown with the item in view. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (GB_IS_DIRECTIVE_DOCUMENT (hit))
    {
      gb_directives_page_show_document (self, gb_directive_document_get_id (GB_DIRECTIVE_DOCUMENT (hit)));
      return;
    }
  gb_directives_page_show_document (self, gb_directive_item_get_item (GB_DIRECTIVE_ITEM (hit))->document_id);
  r = g_new0 (Reveal, 1);
  r->self = self;
  r->item_id = gb_directive_item_get_id (GB_DIRECTIVE_ITEM (hit));
  gtk_widget_add_tick_callback (GTK_WIDGET (self->items_list), reveal_cb, r, g_free);
}

/* Importing: the core reads and parses the file off the UI thread (a notice may be a large
 * PDF), then a review window lets the person correct it; only its Save writes to the store. */
static void
show_import_error (GbDirectivesPage *self,
                   const char       *name,
                   const char       *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              NULL, message);

  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Could not import “%s”"), name);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_name (dialog, "import-error");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
review_saved_cb (GbNoticeReview   *review,
                 gint64            document_id,
                 GbDirectivesPage *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  reset_filters (self);
  fill_filters (self);
  self->shown_document = document_id;
  refresh (self);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("The notice and its items are now tracked")));
}

typedef struct
{
  GbDirectivesPage *self;
  char             *name;
} ImportRequest;

static void
import_request_free (ImportRequest *r)
{
  g_object_unref (r->self);
  g_free (r->name);
  g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportRequest, import_request_free)

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ImportRequest) r = user_data;
  GbDirectivesPage *self = r->self;
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GbNoticeImport) import = NULL;
  g_autoptr(GError) error = NULL;
  GbNoticeReview *review;
  GtkRoot *root;

  import = gb_notice_import_read_finish (result, &error);
  if (import == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_import_error (self, r->name, error->message);
      return;
    }
  if (store == NULL)
    return;
  /* Ctrl+O works from every view: the notice being reviewed is shown where it will be. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.view", "s", "directives");
  review = gb_notice_review_new (store, g_steal_pointer (&import->notice), import->body, import->source_name);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (review), GTK_WINDOW (root));
  g_signal_connect_object (review, "saved", G_CALLBACK (review_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (review));
}

/* Importing notices is the secretary's (gb-sync-role.h); the rows do the same for edits. */
static gboolean
may_edit (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autofree char *role = store ? gb_store_sync_get_state (store, "role") : NULL;

  return gb_sync_role_may_edit_notices (role);
}

/**
 * gb_directives_page_import_file:
 * @file: a notice: text, Markdown, PDF, DOCX or ODT
 *
 * Reads and parses @file in a thread, then opens the review window; nothing is stored until
 * the person saves there. A file that cannot be read or parsed gets a message dialog. A role
 * that may not edit notices imports nothing.
 */
void
gb_directives_page_import_file (GbDirectivesPage *self,
                                GFile            *file)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  ImportRequest *r;

  g_return_if_fail (GB_IS_DIRECTIVES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (store == NULL || !may_edit (self))
    return;
  r = g_new0 (ImportRequest, 1);
  r->self = g_object_ref (self);
  r->name = g_file_get_basename (file);
  gb_notice_import_read_async (store, file, self->import_cancellable, import_done_cb, r);
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     GbDirectivesPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        gb_directives_page_import_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GbDirectivesPage *self = GB_DIRECTIVES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) notices = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) any = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import a Notice"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (notices, _("Notices (text, Markdown, PDF, DOCX, ODT)"));
  gtk_file_filter_add_mime_type (notices, "text/plain");
  gtk_file_filter_add_mime_type (notices, "text/markdown");
  gtk_file_filter_add_mime_type (notices, "application/pdf");
  gtk_file_filter_add_mime_type (notices, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  gtk_file_filter_add_mime_type (notices, "application/vnd.oasis.opendocument.text");
  gtk_file_filter_add_suffix (notices, "txt");
  gtk_file_filter_add_suffix (notices, "md");
  gtk_file_filter_add_suffix (notices, "pdf");
  gtk_file_filter_add_suffix (notices, "docx");
  gtk_file_filter_add_suffix (notices, "odt");
  gtk_file_filter_set_name (any, _("All files"));
  gtk_file_filter_add_pattern (any, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), notices);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), any);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         GbDirectivesPage *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      /* Each dropped file gets its own review. */
      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        gb_directives_page_import_file (self, l->data);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      gb_directives_page_import_file (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

/* Another program (giaoban-cli, the daemon) or another view changed the store: follow it. */
static gboolean
poll_cb (gpointer user_data)
{
  GbDirectivesPage *self = user_data;
  GbStore *store = gb_page_get_store (GB_PAGE (self));

  if (store != NULL && gb_store_get_change_stamp (store) != self->stamp)
    {
      fill_filters (self);
      refresh (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
gb_directives_page_map (GtkWidget *widget)
{
  GbDirectivesPage *self = GB_DIRECTIVES_PAGE (widget);

  GTK_WIDGET_CLASS (gb_directives_page_parent_class)->map (widget);
  poll_cb (self);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (1, poll_cb, self);
}

static void
gb_directives_page_unmap (GtkWidget *widget)
{
  g_clear_handle_id (&GB_DIRECTIVES_PAGE (widget)->poll_id, g_source_remove);
  GTK_WIDGET_CLASS (gb_directives_page_parent_class)->unmap (widget);
}

static void
gb_directives_page_context_changed (GbPage *page)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (page), "directives.import", may_edit (GB_DIRECTIVES_PAGE (page)));
  fill_filters (GB_DIRECTIVES_PAGE (page));
  reload_documents (GB_DIRECTIVES_PAGE (page));
}

/* ---- Deleting a document: asked first, undone from the toast ------------------------------- */

static void
toast (GbDirectivesPage *self,
       AdwToast         *t)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), t);
  else
    g_object_unref (g_object_ref_sink (t));
}

/**
 * gb_directives_page_delete_document:
 * @document_id: a stored document
 *
 * Deletes it at once (the confirmation is the action's) and offers Undo in a toast.
 *
 * Returns: %TRUE, or %FALSE with @error set and nothing deleted
 */
gboolean
gb_directives_page_delete_document (GbDirectivesPage  *self,
                                    gint64             document_id,
                                    GError           **error)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  GbDeletedDocument *deleted;
  AdwToast *t;

  g_return_val_if_fail (GB_IS_DIRECTIVES_PAGE (self), FALSE);
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  if ((deleted = gb_store_trash_document (store, document_id, error)) == NULL)
    return FALSE;
  g_clear_pointer (&self->last_deleted, gb_deleted_document_free);
  self->last_deleted = deleted;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "directives.undo-delete", TRUE);
  if (self->shown_document == document_id)
    self->shown_document = 0;
  fill_filters (self);
  refresh (self);
  t = adw_toast_new (_("The document was deleted"));
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_action_name (t, "directives.undo-delete");
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  toast (self, t);
  return TRUE;
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GbDirectivesPage *self = GB_DIRECTIVES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->last_deleted == NULL)
    return;
  id = gb_store_trash_restore (gb_page_get_store (GB_PAGE (self)), self->last_deleted, &error);
  if (id == 0)
    {
      toast (self, adw_toast_new (error->message));
      return;
    }
  g_clear_pointer (&self->last_deleted, gb_deleted_document_free);
  gtk_widget_action_set_enabled (widget, "directives.undo-delete", FALSE);
  fill_filters (self);
  self->shown_document = id;
  refresh (self);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GbDirectivesPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "document-id"));
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "delete") && !gb_directives_page_delete_document (self, id, &error))
    toast (self, adw_toast_new (error->message));
}

static void
delete_document_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GbDirectivesPage *self = GB_DIRECTIVES_PAGE (widget);
  GtkWidget *dialog;

  if (self->shown_document <= 0)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Delete This Document?"),
                                   _("The document, its items and their progress leave the tracker on this computer "
                                     "and, with the next sync, on the others."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "delete-document");
  /* The document asked about, even if another is shown before the answer. */
  g_object_set_data (G_OBJECT (dialog), "document-id", GSIZE_TO_POINTER ((gsize) self->shown_document));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gb_directives_page_dispose (GObject *object)
{
  GbDirectivesPage *self = GB_DIRECTIVES_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->keep_scroll_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->items_list), self->keep_scroll_id);
  self->keep_scroll_id = 0;
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->last_deleted, gb_deleted_document_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_DIRECTIVES_PAGE);
  g_clear_object (&self->documents);
  g_clear_object (&self->items);
  g_clear_object (&self->hits);
  g_clear_pointer (&self->only_ids, g_hash_table_unref);
  G_OBJECT_CLASS (gb_directives_page_parent_class)->dispose (object);
}

static void
gb_directives_page_class_init (GbDirectivesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GbPageClass *page_class = GB_PAGE_CLASS (klass);

  page_class->context_changed = gb_directives_page_context_changed;
  /* Its lists of documents and items are widgets: built when the view is first shown, not as
   * the window opens on another view. */
  page_class->defer_while_hidden = TRUE;
  G_OBJECT_CLASS (klass)->dispose = gb_directives_page_dispose;
  widget_class->map = gb_directives_page_map;
  widget_class->unmap = gb_directives_page_unmap;

  g_type_ensure (GB_TYPE_DOCUMENT_HEADER);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-directives-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, documents_list);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, search_list);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, items_empty);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, items_scroller);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, unit_filter);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, overdue_button);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, only_label);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, unit_report_button);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, unit_print_button);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, states_report_button);
  gtk_widget_class_install_action (widget_class, "directives.unit-report", NULL, unit_report_action);
  gtk_widget_class_install_action (widget_class, "directives.print-unit-report", NULL, print_unit_report_action);
  gtk_widget_class_install_action (widget_class, "directives.states-report", NULL, states_report_action);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, document_header);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, document_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, item_selected_cb);
  gtk_widget_class_install_action (widget_class, "directives.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "directives.delete-document", NULL, delete_document_action);
  gtk_widget_class_install_action (widget_class, "directives.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "directives.undo-delete", NULL);
}

static void
gb_directives_page_init (GbDirectivesPage *self)
{
  g_autoptr(GtkExpression) units = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkDropTarget *drop;
  GtkEventController *shortcuts;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "directives.undo-delete", FALSE);
  self->import_cancellable = g_cancellable_new ();
  self->documents = g_list_store_new (GB_TYPE_DIRECTIVE_DOCUMENT);
  self->items = g_list_store_new (GB_TYPE_DIRECTIVE_ITEM);
  gtk_list_box_bind_model (self->documents_list, G_LIST_MODEL (self->documents), create_document_row, self, NULL);
  gtk_list_box_bind_model (self->items_list, G_LIST_MODEL (self->items), create_item_row, self, NULL);
  g_signal_connect_swapped (self->search_list, "row-activated", G_CALLBACK (hit_activated_cb), self);
  g_signal_connect_swapped (self->document_header, "open-document", G_CALLBACK (open_document_cb), self);
  self->unit_names = gtk_string_list_new (NULL);
  self->kind_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->unit_names, _("All units"));
  gtk_string_list_append (self->kind_names, _("All kinds"));
  self->filling = TRUE;
  gtk_drop_down_set_expression (self->unit_filter, units);
  gtk_drop_down_set_model (self->unit_filter, G_LIST_MODEL (self->unit_names));
  gtk_drop_down_set_model (self->kind_filter, G_LIST_MODEL (self->kind_names));
  g_object_unref (self->unit_names);   /* the drop-downs hold them */
  g_object_unref (self->kind_names);
  self->filling = FALSE;

  /* Ctrl+O wherever the focus is in the window. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_o, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("directives.import")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/** gb_directives_page_show_unit: the per-unit view of @unit (NULL: all), as the drop-down does. */
void
gb_directives_page_show_unit (GbDirectivesPage *self,
                              const char       *unit,
                              gboolean          overdue_only)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->unit_names));

  reset_filters (self);
  self->filling = TRUE;
  for (guint i = 1; unit != NULL && i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->unit_names, i), unit) == 0)
      gtk_drop_down_set_selected (self->unit_filter, i);
  gtk_toggle_button_set_active (self->overdue_button, overdue_only);
  self->filling = FALSE;
  filter_changed_cb (self);
}

/**
 * gb_directives_page_show_items:
 * @ids: (array length=n_ids): items, as a reminder named them
 *
 * The filtered view with only these items (still open ones), until the filters are cleared.
 */
void
gb_directives_page_show_items (GbDirectivesPage *self,
                               const gint64     *ids,
                               gsize             n_ids)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GB_IS_DIRECTIVES_PAGE (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  reset_filters (self);
  self->only_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (gsize i = 0; i < n_ids; i++)
    g_hash_table_add (self->only_ids, g_memdup2 (&ids[i], sizeof (gint64)));
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The reminder's %u item", "The reminder's %u items",
                                       (gulong) n_ids), (guint) n_ids);
  gtk_label_set_text (self->only_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->only_label), TRUE);
  filter_changed_cb (self);
}

/**
 * gb_directives_page_show_document:
 * @document_id: a stored document; 0 or an unknown one shows the newest
 *
 * Selects the document in the list and shows its links and items (leaving any filter).
 */
void
gb_directives_page_show_document (GbDirectivesPage *self,
                                  gint64            document_id)
{
  g_autoptr(GbDirectiveDocument) doc = NULL;
  int at;

  g_return_if_fail (GB_IS_DIRECTIVES_PAGE (self));

  if (filtering (self))
    reset_filters (self);
  at = document_id != 0 ? document_position (self, document_id) : -1;
  if (at < 0)
    at = 0;
  doc = g_list_model_get_item (G_LIST_MODEL (self->documents), at);
  if (doc == NULL)
    return;
  select_document_row (self, at);
  show_items (self, gb_directive_document_get_id (doc));
}

/** gb_directives_page_get_shown_document: Returns: the document whose items are shown, or 0. */
gint64
gb_directives_page_get_shown_document (GbDirectivesPage *self)
{
  g_return_val_if_fail (GB_IS_DIRECTIVES_PAGE (self), 0);
  return self->shown_document;
}
