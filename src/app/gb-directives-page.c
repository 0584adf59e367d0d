/* gb-directives-page.c — the Directives view: documents with their open and overdue items, the
 * selected document with its links and its items as a tree, filters across documents (unit,
 * status, kind, due this week, overdue), full-text search, and importing a notice (file chooser
 * or drag and drop) through a review before anything is saved
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gb-directives-page.h"
#include "gb-notice-parser.h"
#include "gb-notice-review.h"
#include "gb-notice-source.h"
#include "gb-store-meetings.h"
#include "gb-store-tracker.h"
#include "gb-sync-indicator.h"
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
  GtkDropDown    *status_filter;
  GtkDropDown    *kind_filter;
  GtkToggleButton *week_button;
  GtkToggleButton *overdue_button;
  GtkButton      *clear_button;
  GtkBox         *document_header;

  GtkStringList  *unit_names;       /* "All units", then the organisations */
  GtkStringList  *kind_names;       /* "All kinds", then the stored documents' kinds */
  GPtrArray      *documents;        /* GbTrackerDocument, as listed */
  GCancellable   *import_cancellable;
  gint64          shown_document;   /* the document whose items are shown (0: a unit's view) */
  gboolean        filling;
  guint           refresh_id;
};

G_DEFINE_FINAL_TYPE (GbDirectivesPage, gb_directives_page, GB_TYPE_PAGE)

static void refresh (GbDirectivesPage *self);
static void queue_refresh (GbDirectivesPage *self);
static const char *statuses[] = { "new", "in_progress", "done", "cancelled" };
/* The status filter's rows after "Any status". */
static const char *filter_statuses[] = { "open", "new", "in_progress", "done", "cancelled" };

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
  GtkEditable *date_entry = g_object_get_data (G_OBJECT (button), "date");
  GtkLabel *message = g_object_get_data (G_OBJECT (button), "message");
  g_autofree char *date = NULL;
  g_autofree char *words = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL || *gtk_editable_get_text (text) == '\0')
    return;
  /* The day the work was reported, which may be before today; a date only, never words. */
  if (!gb_task_row_parse_due (gtk_editable_get_text (date_entry), &date, &words, &error) || date == NULL
      || !gb_store_tracker_add_progress (store, id, date, gtk_editable_get_text (text),
                                         gtk_editable_get_text (who), &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (date_entry), "error");
      gtk_label_set_text (message, error ? error->message : _("Write the date as dd/mm/yyyy"));
      gtk_widget_set_visible (GTK_WIDGET (message), TRUE);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER)));
  queue_refresh (self);
}

/* The item's history, read when its popover opens: the rows are many, their histories seldom
 * looked at. */
static void
history_shown_cb (GtkPopover       *popover,
                  GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (popover), "item-id"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = store ? gb_store_tracker_item_history (store, id, &error) : NULL;
  const char *status_names[] = { "new", N_("New"), "in_progress", N_("In progress"),
                                 "done", N_("Done"), "cancelled", N_("Cancelled") };

  gtk_widget_set_size_request (box, 360, -1);
  if (events == NULL || events->len == 0)
    gtk_box_append (GTK_BOX (box), make_label (error ? error->message : _("Nothing recorded yet"), TRUE, TRUE));
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      GbTrackerEvent *e = g_ptr_array_index (events, i);
      g_autofree char *when = gb_sync_format_time (e->at);
      g_autofree char *what = NULL;
      g_autofree char *line = NULL;
      GtkWidget *label;

      if (e->status != NULL)
        {
          const char *name = e->status;

          for (guint n = 0; n < G_N_ELEMENTS (status_names); n += 2)
            if (g_strcmp0 (e->status, status_names[n]) == 0)
              name = _(status_names[n + 1]);
          /* Translators: a status an item was set to, in an item's history. */
          what = g_strdup_printf (_("Status: %s"), name);
        }
      else
        {
          g_autofree char *day = gb_text_format_date (e->date);

          /* Translators: progress reported on an item: the day it is for, then the text. */
          what = g_strdup_printf (_("Progress for %s: %s"), day ? day : e->date, e->text);
        }
      line = e->author != NULL && *e->author != '\0'
        ? g_strdup_printf ("%s — %s, %s", when ? when : e->at, e->author, what)
        : g_strdup_printf ("%s — %s", when ? when : e->at, what);
      label = make_label (line, FALSE, TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_popover_set_child (popover, box);
}

static GtkWidget *
history_button (gint64            id,
                GbDirectivesPage *self)
{
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();

  gtk_menu_button_set_label (GTK_MENU_BUTTON (menu), _("History…"));
  gtk_widget_add_css_class (menu, "flat");
  gtk_widget_set_tooltip_text (menu, _("Who set which status, and the progress reported, newest first"));
  g_object_set_data (G_OBJECT (popover), "item-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect (popover, "show", G_CALLBACK (history_shown_cb), self);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  return menu;
}

static GtkWidget *
progress_button (GbDirectivesPage *self,
                 gint64            id)
{
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *text = gtk_entry_new ();
  GtkWidget *who = gtk_entry_new ();
  GtkWidget *date = gtk_entry_new ();
  GtkWidget *message = make_label (NULL, FALSE, TRUE);
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Progress"));
  const char *page_date = gb_page_get_date (GB_PAGE (self));
  g_autofree char *today = gb_tracker_today ();
  g_autofree char *shown = gb_text_format_date (page_date ? page_date : today);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (menu), _("Progress…"));
  gtk_widget_add_css_class (menu, "flat");
  gtk_entry_set_placeholder_text (GTK_ENTRY (text), _("What was done"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (who), _("Reported by"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (date), _("Date dd/mm/yyyy"));
  gtk_editable_set_width_chars (GTK_EDITABLE (text), 36);
  gtk_editable_set_text (GTK_EDITABLE (who), person ());
  gtk_editable_set_text (GTK_EDITABLE (date), shown);
  gtk_widget_set_tooltip_text (date, _("The day the work was reported"));
  gtk_widget_add_css_class (message, "error");
  gtk_widget_set_visible (message, FALSE);
  gtk_widget_add_css_class (add, "suggested-action");
  g_object_set_data (G_OBJECT (add), "item-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data (G_OBJECT (add), "text", text);
  g_object_set_data (G_OBJECT (add), "who", who);
  g_object_set_data (G_OBJECT (add), "date", date);
  g_object_set_data (G_OBJECT (add), "message", message);
  g_signal_connect (add, "clicked", G_CALLBACK (progress_add_cb), self);
  g_signal_connect_swapped (text, "activate", G_CALLBACK (gtk_widget_activate), add);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), date);
  gtk_box_append (GTK_BOX (box), who);
  gtk_box_append (GTK_BOX (box), message);
  gtk_box_append (GTK_BOX (box), add);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  return menu;
}

static void
units_save_cb (GtkButton        *button,
               GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "units-item"));
  GtkEditable *leads = g_object_get_data (G_OBJECT (button), "leads");
  GtkEditable *coop = g_object_get_data (G_OBJECT (button), "cooperating");
  GtkLabel *message = g_object_get_data (G_OBJECT (button), "message");
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_notice_unit_free);
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  gb_notice_units_add_from_text (units, gtk_editable_get_text (leads), GB_NOTICE_ROLE_LEAD);
  gb_notice_units_add_from_text (units, gtk_editable_get_text (coop), GB_NOTICE_ROLE_COOPERATE);
  if (!gb_store_tracker_set_units (store, id, units, &error))
    {
      gtk_label_set_text (message, error->message);
      gtk_widget_set_visible (GTK_WIDGET (message), TRUE);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER)));
  queue_refresh (self);
}

/* The item's units split into leads and co-operating ones, for the editor's two entries. */
static void
split_units (const GbTrackerItem  *it,
             char                **leads,
             char                **cooperating)
{
  g_auto(GStrv) all = it->units ? g_strsplit (it->units, "; ", -1) : g_new0 (char *, 1);
  g_auto(GStrv) coop = it->cooperating ? g_strsplit (it->cooperating, "; ", -1) : g_new0 (char *, 1);
  g_autoptr(GString) l = g_string_new (NULL);

  for (guint i = 0; all[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) coop, all[i]))
      g_string_append_printf (l, "%s%s", l->len ? "; " : "", all[i]);
  *leads = g_string_free (g_steal_pointer (&l), FALSE);
  *cooperating = g_strdup (it->cooperating ? it->cooperating : "");
}

static GtkWidget *
units_button (GbDirectivesPage    *self,
              const GbTrackerItem *it)
{
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *leads = gtk_entry_new ();
  GtkWidget *coop = gtk_entry_new ();
  GtkWidget *hint = make_label (_("Names or abbreviations (UBND, MTTQ, SYT …), separated by “;”. A new name becomes a new organisation."), TRUE, TRUE);
  GtkWidget *message = make_label (NULL, FALSE, TRUE);
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save Units"));
  g_autofree char *lead_text = NULL;
  g_autofree char *coop_text = NULL;

  split_units (it, &lead_text, &coop_text);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (menu), _("Units…"));
  gtk_widget_add_css_class (menu, "flat");
  gtk_widget_set_tooltip_text (menu, _("Change the units responsible for this item"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (leads), _("Lead units"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (coop), _("Co-operating units"));
  gtk_editable_set_text (GTK_EDITABLE (leads), lead_text);
  gtk_editable_set_text (GTK_EDITABLE (coop), coop_text);
  gtk_editable_set_width_chars (GTK_EDITABLE (leads), 44);
  gtk_widget_set_name (leads, "leads");
  gtk_widget_set_name (coop, "cooperating");
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 44);
  gtk_widget_add_css_class (message, "error");
  gtk_widget_set_visible (message, FALSE);
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_widget_set_name (save, "save-units");
  g_object_set_data (G_OBJECT (save), "units-item", GSIZE_TO_POINTER ((gsize) it->id));
  g_object_set_data (G_OBJECT (save), "leads", leads);
  g_object_set_data (G_OBJECT (save), "cooperating", coop);
  g_object_set_data (G_OBJECT (save), "message", message);
  g_signal_connect (save, "clicked", G_CALLBACK (units_save_cb), self);
  g_signal_connect_swapped (leads, "activate", G_CALLBACK (gtk_widget_activate), save);
  g_signal_connect_swapped (coop, "activate", G_CALLBACK (gtk_widget_activate), save);
  gtk_box_append (GTK_BOX (box), leads);
  gtk_box_append (GTK_BOX (box), coop);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_box_append (GTK_BOX (box), message);
  gtk_box_append (GTK_BOX (box), save);
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
  GtkWidget *meta_label, *status, *due, *progress, *head_label;
  g_autofree char *due_shown = it->due ? gb_text_format_date (it->due) : NULL;

  if (!it->is_task)
    g_string_append (meta, _("Assessment, not a task"));
  if (it->overdue)
    g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", _("Overdue"));
  if (it->units != NULL && *it->units != '\0')
    g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", it->units);
  if (it->due == NULL && it->due_text != NULL)
    g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", it->due_text);
  meta_label = make_label (meta->str, !it->overdue, TRUE);
  if (it->overdue)
    gtk_widget_add_css_class (meta_label, "error");
  head_label = make_label (head, !it->is_task, TRUE);
  gtk_label_set_selectable (GTK_LABEL (head_label), TRUE);

  /* Status, deadline, progress and units, edited where they are read. */
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
  progress = progress_button (self, it->id);
  gtk_box_append (GTK_BOX (controls), status);
  gtk_box_append (GTK_BOX (controls), due);
  gtk_box_append (GTK_BOX (controls), progress);
  gtk_box_append (GTK_BOX (controls), units_button (self, it));
  gtk_box_append (GTK_BOX (controls), history_button (it->id, self));

  gtk_widget_set_margin_start (box, 12 + 20 * (MAX (it->level, 1) - 1));
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_box_append (GTK_BOX (box), head_label);
  if (meta->len)
    gtk_box_append (GTK_BOX (box), meta_label);
  if (it->progress != NULL)
    {
      g_autofree char *date = gb_text_format_date (it->progress_date);
      g_autofree char *line = it->progress_author && *it->progress_author
        ? g_strdup_printf (_("Latest progress, %s: %s (%s)"), date, it->progress, it->progress_author)
        : g_strdup_printf (_("Latest progress, %s: %s"), date, it->progress);
      GtkWidget *label = make_label (line, FALSE, TRUE);

      gtk_widget_add_css_class (label, "caption");
      gtk_widget_set_name (label, "progress");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_box_append (GTK_BOX (box), controls);
  gtk_list_box_append (self->items_list, box);
}

static void
add_empty_row (GbDirectivesPage *self,
               const char       *text)
{
  GtkWidget *empty = make_label (text, TRUE, TRUE);

  gtk_widget_set_margin_start (empty, 12);
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_list_box_append (self->items_list, empty);
}

static const GbTrackerDocument *
find_document (GbDirectivesPage *self,
               gint64            id)
{
  for (guint i = 0; self->documents != NULL && i < self->documents->len; i++)
    {
      const GbTrackerDocument *d = g_ptr_array_index (self->documents, i);
      if (d->id == id)
        return d;
    }
  return NULL;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
link_clicked_cb (GtkButton        *button,
                 GbDirectivesPage *self)
{
  gb_directives_page_show_document (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "document-id")));
}

/* One line of links: "Implements: 12-CV/TU, Chỉ thị 15" with a button for each document that is
 * in the tracker and plain text for the others. */
static void
add_links_line (GbDirectivesPage *self,
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
  gtk_box_append (self->document_header, line);
}

static void
show_document_header (GbDirectivesPage *self,
                      gint64            document_id)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const GbTrackerDocument *d = find_document (self, document_id);
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *title = NULL;
  GtkWidget *title_label;

  clear_box (self->document_header);
  gtk_widget_set_visible (GTK_WIDGET (self->document_header), d != NULL);
  if (d == NULL || store == NULL)
    return;
  title = gb_text_document_title (d->kind ? d->kind : _("Document"), d->number, d->source_name);
  title_label = make_label (title, FALSE, TRUE);
  gtk_widget_add_css_class (title_label, "title-3");
  gtk_box_append (self->document_header, title_label);
  if (d->issuer)
    g_string_append (meta, d->issuer);
  if (d->date)
    {
      g_autofree char *date = gb_text_format_date (d->date);
      g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", date);
    }
  g_string_append_printf (meta, "%s", meta->len ? " · " : "");
  g_string_append_printf (meta, _("%d items, %d open, %d overdue"), d->n_items, d->n_open, d->n_overdue);
  gtk_box_append (self->document_header, make_label (meta->str, TRUE, TRUE));
  if (d->subject)
    {
      g_autofree char *subject = gb_text_document_title (d->subject, NULL, NULL);

      gtk_box_append (self->document_header, make_label (subject, FALSE, TRUE));
    }
  links = gb_store_tracker_list_links (store, document_id, &error);
  if (links == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  add_links_line (self, links, TRUE);
  add_links_line (self, links, FALSE);
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
  clear_list (self->items_list);
  self->shown_document = document_id;
  show_document_header (self, document_id);
  if (store != NULL)
    items = gb_store_tracker_query_items (store, &filter, gb_page_get_date (GB_PAGE (self)), &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  /* Reading order, indented by depth: the tree of the notice as written. */
  for (guint i = 0; items != NULL && i < items->len; i++)
    add_item_row (self, g_ptr_array_index (items, i), FALSE);
  if (items != NULL && items->len == 0)
    add_empty_row (self, _("No numbered items were found in this document."));
  self->filling = FALSE;
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
  return f.unit || f.kind || f.status || f.due_this_week || f.overdue_only;
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
  clear_list (self->items_list);
  clear_box (self->document_header);
  gtk_widget_set_visible (GTK_WIDGET (self->document_header), FALSE);
  self->shown_document = 0;
  if (store != NULL)
    items = gb_store_tracker_query_items (store, &filter, gb_page_get_date (GB_PAGE (self)), &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  for (guint i = 0; items != NULL && i < items->len; i++)
    add_item_row (self, g_ptr_array_index (items, i), TRUE);
  if (items != NULL && items->len == 0)
    add_empty_row (self, filter.overdue_only && !filter.unit && !filter.kind && !filter.status && !filter.due_this_week
                         ? _("Nothing overdue.") : _("No items match these filters."));
  self->filling = FALSE;
}

static void
filter_changed_cb (GbDirectivesPage *self)
{
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
  self->filling = FALSE;
}

static void
clear_filters_cb (GbDirectivesPage *self)
{
  reset_filters (self);
  refresh (self);
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
  show_items (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "document-id")));
}

static void
reload_documents (GbDirectivesPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GError) error = NULL;

  gint64 keep = self->shown_document;

  self->filling = TRUE;
  clear_list (self->documents_list);
  clear_list (self->items_list);
  self->shown_document = 0;
  self->filling = FALSE;
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  if (store == NULL)
    return;
  self->documents = gb_store_tracker_list_documents (store, gb_page_get_date (GB_PAGE (self)), &error);
  if (self->documents == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  for (guint i = 0; i < self->documents->len; i++)
    {
      const GbTrackerDocument *d = g_ptr_array_index (self->documents, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *row;
      g_autofree char *date = d->date ? gb_text_format_date (d->date) : g_strdup (_("undated"));
      g_autofree char *title = gb_text_document_title (d->kind ? d->kind : _("Document"), d->number, d->source_name);
      g_autofree char *counts = g_strdup_printf (_("%d items, %d open, %d overdue"), d->n_items, d->n_open, d->n_overdue);
      g_autofree char *meta = d->issuer ? g_strdup_printf ("%s · %s · %s", date, d->issuer, counts)
                                        : g_strdup_printf ("%s · %s", date, counts);
      GtkWidget *meta_label = make_label (meta, d->n_overdue == 0, TRUE);

      if (d->n_overdue > 0)
        gtk_widget_add_css_class (meta_label, "error");
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_box_append (GTK_BOX (box), make_label (title, FALSE, TRUE));
      if (d->subject)
        {
          g_autofree char *subject = gb_text_document_title (d->subject, NULL, NULL);

          gtk_box_append (GTK_BOX (box), make_label (subject, TRUE, TRUE));
        }
      gtk_box_append (GTK_BOX (box), meta_label);
      gtk_list_box_append (self->documents_list, box);
      row = gtk_widget_get_parent (box);
      g_object_set_data (G_OBJECT (row), "document-id", GSIZE_TO_POINTER ((gsize) d->id));
    }
  /* The document shown before stays shown; else the newest, so the page is never blank. */
  if (filtering (self))
    show_filtered_items (self);
  else if (self->documents->len > 0)
    gb_directives_page_show_document (self, keep);
  else
    {
      show_document_header (self, 0);
      add_empty_row (self, _("No notices yet. Import one with “Import Notice…”, or drop its file here."));
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
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  if (query == NULL || *query == '\0')
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->documents_list);
      clear_list (self->items_list);
      if (filtering (self))
        show_filtered_items (self);
      else if (row != NULL)
        show_items (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "document-id")));
      return;
    }
  clear_list (self->items_list);
  clear_box (self->document_header);
  hits = gb_store_tracker_search (store, query, &error);
  if (hits == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  for (guint i = 0; i < hits->len; i++)
    {
      const GbTrackerHit *h = g_ptr_array_index (hits, i);
      const GbTrackerDocument *d = find_document (self, h->document_id);
      g_autofree char *text = d && d->number ? g_strdup_printf ("%s · %s", d->number, h->snippet) : g_strdup (h->snippet);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *label = make_label (text, FALSE, TRUE);

      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Open this document"));
      gtk_widget_set_margin_start (button, 6);
      gtk_widget_set_margin_end (button, 6);
      gtk_widget_set_margin_top (button, 2);
      gtk_widget_set_margin_bottom (button, 2);
      g_object_set_data (G_OBJECT (button), "document-id", GSIZE_TO_POINTER ((gsize) h->document_id));
      g_signal_connect (button, "clicked", G_CALLBACK (link_clicked_cb), self);
      gtk_list_box_append (self->items_list, button);
    }
  if (hits->len == 0)
    add_empty_row (self, _("Nothing found."));
}

/* Importing: the file is read and parsed off the UI thread (a notice may be a large PDF), then
 * a review window lets the person correct it; only its Save writes to the store. */
typedef struct
{
  GFile           *file;
  GbOrganisations *orgs;
  char            *name;
  char            *body;
  GbNotice        *notice;
} ImportData;

static void
import_data_free (ImportData *d)
{
  g_clear_object (&d->file);
  g_clear_pointer (&d->orgs, gb_organisations_free);
  g_free (d->name);
  g_free (d->body);
  g_clear_pointer (&d->notice, gb_notice_free);
  g_free (d);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *d = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_file_load_bytes (d->file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* PDF, DOCX and ODT give their text; a text file is checked (UTF-8, no NUL) as it is. */
  d->body = gb_notice_read_text_from_bytes (bytes, d->name, &error);
  if (d->body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  d->notice = gb_notice_parse (d->body, -1, d->orgs, &error);
  if (d->notice == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

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

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GbDirectivesPage *self = GB_DIRECTIVES_PAGE (source);
  ImportData *d = g_task_get_task_data (G_TASK (result));
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GError) error = NULL;
  GbNoticeReview *review;
  GtkRoot *root;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_import_error (self, d->name, error->message);
      return;
    }
  if (store == NULL)
    return;
  /* Ctrl+O works from every view: the notice being reviewed is shown where it will be. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.view", "s", "directives");
  review = gb_notice_review_new (store, g_steal_pointer (&d->notice), d->body, d->name);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (review), GTK_WINDOW (root));
  g_signal_connect_object (review, "saved", G_CALLBACK (review_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (review));
}

/**
 * gb_directives_page_import_file:
 * @file: a notice: text, Markdown, PDF, DOCX or ODT
 *
 * Reads and parses @file in a thread, then opens the review window; nothing is stored until
 * the person saves there. A file that cannot be read or parsed gets a message dialog.
 */
void
gb_directives_page_import_file (GbDirectivesPage *self,
                                GFile            *file)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ImportData *d;

  g_return_if_fail (GB_IS_DIRECTIVES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (store == NULL)
    return;
  d = g_new0 (ImportData, 1);
  d->file = g_object_ref (file);
  d->name = g_file_get_basename (file);
  /* The dictionary is read here: the store's connection stays on the UI thread. */
  d->orgs = gb_store_tracker_get_organisations (store, &error);
  if (d->orgs == NULL)
    {
      show_import_error (self, d->name, error->message);
      import_data_free (d);
      return;
    }
  task = g_task_new (self, self->import_cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, gb_directives_page_import_file);
  g_task_set_task_data (task, d, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
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

static void
gb_directives_page_context_changed (GbPage *page)
{
  fill_filters (GB_DIRECTIVES_PAGE (page));
  reload_documents (GB_DIRECTIVES_PAGE (page));
}

static void
gb_directives_page_dispose (GObject *object)
{
  GbDirectivesPage *self = GB_DIRECTIVES_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, overdue_button);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, GbDirectivesPage, document_header);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, document_selected_cb);
  gtk_widget_class_install_action (widget_class, "directives.import", NULL, import_action);
}

static void
gb_directives_page_init (GbDirectivesPage *self)
{
  g_autoptr(GtkExpression) units = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkDropTarget *drop;
  GtkEventController *shortcuts;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->import_cancellable = g_cancellable_new ();
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
 * gb_directives_page_show_document:
 * @document_id: a stored document; 0 or an unknown one shows the newest
 *
 * Selects the document in the list and shows its links and items (leaving any filter).
 */
void
gb_directives_page_show_document (GbDirectivesPage *self,
                                  gint64            document_id)
{
  GtkListBoxRow *select;

  g_return_if_fail (GB_IS_DIRECTIVES_PAGE (self));

  if (filtering (self))
    reset_filters (self);
  select = gtk_list_box_get_row_at_index (self->documents_list, 0);
  for (int i = 0; document_id != 0; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->documents_list, i);

      if (row == NULL)
        break;
      if ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "document-id")) == document_id)
        select = row;
    }
  if (select == NULL)
    return;
  self->filling = TRUE;
  gtk_list_box_select_row (self->documents_list, select);
  self->filling = FALSE;
  show_items (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (select), "document-id")));
}

/** gb_directives_page_get_shown_document: Returns: the document whose items are shown, or 0. */
gint64
gb_directives_page_get_shown_document (GbDirectivesPage *self)
{
  g_return_val_if_fail (GB_IS_DIRECTIVES_PAGE (self), 0);
  return self->shown_document;
}
