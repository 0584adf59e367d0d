/* gb-item-row.c — an item of a tracked notice in the Directives view, from a template bound to
 * its list item: the text, the meta line and the latest progress, with its status, deadline,
 * progress, units and history edited where they are read. A saved edit emits "edited"; the
 * page then reads the item again and replaces only this row.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-item-places.h"
#include "gb-item-row.h"
#include "gb-store-item-places.h"
#include "gb-store-tracker.h"
#include "gb-sync-indicator.h"
#include "gb-task-row.h"
#include "gb-text.h"

struct _GbItemRow
{
  GtkListBoxRow    parent_instance;

  GbDirectiveItem *item;
  GbStore         *store;
  gboolean         filling;

  GtkBox          *box;
  GtkLabel        *head_label;
  GtkLabel        *meta_label;
  GtkLabel        *progress_label;
  GtkDropDown     *status_dropdown;
  GtkEntry        *due_entry;
  GtkPopover      *progress_popover;
  GtkEntry        *progress_text;
  GtkEntry        *progress_date;
  GtkEntry        *progress_who;
  GtkLabel        *progress_message;
  GtkButton       *progress_add;
  GtkPopover      *units_popover;
  GtkEntry        *units_leads;
  GtkEntry        *units_coop;
  GtkLabel        *units_message;
  GtkButton       *units_save;
  GtkPopover      *places_popover;
  GtkEntry        *places_entry;
  GtkLabel        *places_hint;
  GtkPopover      *history_popover;
  GtkBox          *history_box;
};

G_DEFINE_FINAL_TYPE (GbItemRow, gb_item_row, GTK_TYPE_LIST_BOX_ROW)

enum { EDITED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The status drop-down's rows, in order. */
static const char *statuses[] = { "new", "in_progress", "done", "cancelled" };

static const char *
person (void)
{
  return g_strcmp0 (g_get_real_name (), "Unknown") != 0 ? g_get_real_name () : g_get_user_name ();
}

static gint64
item_id (GbItemRow *self)
{
  return gb_directive_item_get_id (self->item);
}

static void
status_changed_cb (GbItemRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);
  g_autoptr(GError) error = NULL;

  if (self->filling || self->store == NULL || selected >= G_N_ELEMENTS (statuses))
    return;
  if (!gb_store_tracker_set_status (self->store, item_id (self), statuses[selected], person (), &error))
    g_warning ("%s", error->message);
  g_signal_emit (self, signals[EDITED], 0);
}

static void
due_activated_cb (GbItemRow *self)
{
  g_autofree char *due = NULL;
  g_autofree char *words = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!gb_task_row_parse_due (gtk_editable_get_text (GTK_EDITABLE (self->due_entry)), &due, &words, &error)
      || words != NULL || !gb_store_tracker_set_due (self->store, item_id (self), due, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->due_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->due_entry),
                                   error ? error->message : _("Write the date as dd/mm/yyyy"));
      return;
    }
  g_signal_emit (self, signals[EDITED], 0);
}

static void
progress_add_cb (GbItemRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->progress_text));
  g_autofree char *date = NULL;
  g_autofree char *words = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || *text == '\0')
    return;
  /* The day the work was reported, which may be before today; a date only, never words. */
  if (!gb_task_row_parse_due (gtk_editable_get_text (GTK_EDITABLE (self->progress_date)), &date, &words, &error)
      || date == NULL
      || !gb_store_tracker_add_progress (self->store, item_id (self), date, text,
                                         gtk_editable_get_text (GTK_EDITABLE (self->progress_who)), &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->progress_date), "error");
      gtk_label_set_text (self->progress_message, error ? error->message : _("Write the date as dd/mm/yyyy"));
      gtk_widget_set_visible (GTK_WIDGET (self->progress_message), TRUE);
      return;
    }
  gtk_popover_popdown (self->progress_popover);
  g_signal_emit (self, signals[EDITED], 0);
}

static void
units_save_cb (GbItemRow *self)
{
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_notice_unit_free);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  gb_notice_units_add_from_text (units, gtk_editable_get_text (GTK_EDITABLE (self->units_leads)), GB_NOTICE_ROLE_LEAD);
  gb_notice_units_add_from_text (units, gtk_editable_get_text (GTK_EDITABLE (self->units_coop)), GB_NOTICE_ROLE_COOPERATE);
  if (!gb_store_tracker_set_units (self->store, item_id (self), units, &error))
    {
      gtk_label_set_text (self->units_message, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->units_message), TRUE);
      return;
    }
  gtk_popover_popdown (self->units_popover);
  g_signal_emit (self, signals[EDITED], 0);
}

static GbItemPlaces *
item_places (GbItemRow *self)
{
  return self->store ? gb_item_places_new (self->store, gb_level_engine_get_shared (self->store), NULL) : NULL;
}

/* The places as they are now: edited, or read from the text. */
static void
places_shown_cb (GbItemRow *self)
{
  g_autoptr(GbItemPlaces) places = item_places (self);
  const GbTrackerItem *it = gb_directive_item_get_item (self->item);
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *names = NULL;
  gboolean edited = FALSE;

  if (places == NULL)
    return;
  codes = gb_item_places_for_item (places, it->id, it->text, gb_item_places_document_date (places, it->document_id),
                                   &edited);
  names = gb_item_places_describe (places, codes);
  gtk_editable_set_text (GTK_EDITABLE (self->places_entry), names);
  gtk_label_set_text (self->places_hint,
                      edited ? _("Set by hand. Names of districts and communes (“huyện Bác Ái, xã Phước Hà”), or “vùng đỏ”.")
                             : _("Read from the item's text. Names of districts and communes (“huyện Bác Ái, xã Phước Hà”), or “vùng đỏ”."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->places_entry), "error");
}

static void
places_save_cb (GbItemRow *self)
{
  g_autoptr(GbItemPlaces) places = item_places (self);
  const GbTrackerItem *it = gb_directive_item_get_item (self->item);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->places_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GError) error = NULL;

  if (places == NULL)
    return;
  codes = gb_item_places_parse (places, text, gb_item_places_document_date (places, it->document_id));
  /* Words that name no known place are not saved as "no place". */
  if (codes->len == 0 && *stripped != '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->places_entry), "error");
      gtk_label_set_text (self->places_hint, _("No district or commune of the province is named here: write “huyện …” or “xã …” before each name."));
      return;
    }
  if (!gb_store_item_set_places (self->store, item_id (self), codes, &error))
    {
      gtk_label_set_text (self->places_hint, error->message);
      return;
    }
  gtk_popover_popdown (self->places_popover);
  g_signal_emit (self, signals[EDITED], 0);
}

static void
places_reset_cb (GbItemRow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!gb_store_item_set_places (self->store, item_id (self), NULL, &error))
    {
      gtk_label_set_text (self->places_hint, error->message);
      return;
    }
  gtk_popover_popdown (self->places_popover);
  g_signal_emit (self, signals[EDITED], 0);
}

static char *
event_line (const GbTrackerEvent *e)
{
  g_autofree char *when = gb_sync_format_time (e->at);
  g_autofree char *what = NULL;

  if (e->status != NULL)
    /* Translators: a status an item was set to, in an item's history. */
    what = g_strdup_printf (_("Status: %s"), gb_tracker_status_name (e->status));
  else
    {
      g_autofree char *day = gb_text_format_date (e->date);

      /* Translators: progress reported on an item: the day it is for, then the text. */
      what = g_strdup_printf (_("Progress for %s: %s"), day ? day : e->date, e->text);
    }
  return e->author != NULL && *e->author != '\0'
    ? g_strdup_printf ("%s — %s, %s", when ? when : e->at, e->author, what)
    : g_strdup_printf ("%s — %s", when ? when : e->at, what);
}

static GtkWidget *
history_label (const char *text,
               gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), !dim);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* The item's history, read when its popover opens: the rows are many, their histories seldom
 * looked at. */
static void
history_shown_cb (GbItemRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = self->store ? gb_store_tracker_item_history (self->store, item_id (self), &error) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_box))) != NULL)
    gtk_box_remove (self->history_box, child);
  if (events == NULL || events->len == 0)
    gtk_box_append (self->history_box, history_label (error ? error->message : _("Nothing recorded yet"), TRUE));
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      g_autofree char *line = event_line (g_ptr_array_index (events, i));

      gtk_box_append (self->history_box, history_label (line, FALSE));
    }
}

static void
gb_item_row_dispose (GObject *object)
{
  GbItemRow *self = GB_ITEM_ROW (object);

  g_clear_object (&self->item);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gb_item_row_parent_class)->dispose (object);
}

static void
gb_item_row_class_init (GbItemRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_item_row_dispose;
  /* A status, deadline, progress or units were saved. */
  signals[EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-item-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, box);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, head_label);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, due_entry);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, progress_popover);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, progress_text);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, progress_date);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, progress_who);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, progress_message);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, progress_add);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, units_popover);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, units_leads);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, units_coop);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, units_message);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, units_save);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, history_popover);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, history_box);
  gtk_widget_class_bind_template_callback (widget_class, status_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, due_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, progress_add_cb);
  gtk_widget_class_bind_template_callback (widget_class, units_save_cb);
  gtk_widget_class_bind_template_callback (widget_class, places_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, places_save_cb);
  gtk_widget_class_bind_template_callback (widget_class, places_reset_cb);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, places_popover);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, places_entry);
  gtk_widget_class_bind_template_child (widget_class, GbItemRow, places_hint);
  gtk_widget_class_bind_template_callback (widget_class, history_shown_cb);
}

static void
gb_item_row_init (GbItemRow *self)
{
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filling = FALSE;
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

static char *
meta_text (const GbTrackerItem *it)
{
  GString *meta = g_string_new (NULL);

  if (!it->is_task)
    g_string_append (meta, _("Assessment, not a task"));
  if (it->overdue)
    g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", _("Overdue"));
  if (it->units != NULL && *it->units != '\0')
    g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", it->units);
  if (it->due == NULL && it->due_text != NULL)
    g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", it->due_text);
  return g_string_free (meta, FALSE);
}

static void
show_progress (GbItemRow           *self,
               const GbTrackerItem *it)
{
  g_autofree char *date = NULL;
  g_autofree char *line = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), it->progress != NULL);
  if (it->progress == NULL)
    return;
  date = gb_text_format_date (it->progress_date);
  line = it->progress_author && *it->progress_author
    ? g_strdup_printf (_("Latest progress, %s: %s (%s)"), date, it->progress, it->progress_author)
    : g_strdup_printf (_("Latest progress, %s: %s"), date, it->progress);
  gtk_label_set_text (self->progress_label, line);
}

/* Tests and accessibility tools find a row's controls by the item they edit; the row itself
 * reads its item, never these. */
static void
tag_controls (GbItemRow *self)
{
  gpointer id = GSIZE_TO_POINTER ((gsize) item_id (self));

  g_object_set_data (G_OBJECT (self->status_dropdown), "item-id", id);
  g_object_set_data (G_OBJECT (self->due_entry), "item-id", id);
  g_object_set_data (G_OBJECT (self->history_popover), "item-id", id);
  g_object_set_data (G_OBJECT (self->progress_add), "item-id", id);
  g_object_set_data (G_OBJECT (self->progress_add), "text", self->progress_text);
  g_object_set_data (G_OBJECT (self->progress_add), "who", self->progress_who);
  g_object_set_data (G_OBJECT (self->progress_add), "date", self->progress_date);
  g_object_set_data (G_OBJECT (self->progress_add), "message", self->progress_message);
  g_object_set_data (G_OBJECT (self->units_save), "units-item", id);
  g_object_set_data (G_OBJECT (self->units_save), "leads", self->units_leads);
  g_object_set_data (G_OBJECT (self->units_save), "cooperating", self->units_coop);
}

/**
 * gb_item_row_new:
 * @store: where its edits are saved
 * @date: (nullable): the page's date, the default day of reported progress
 */
GtkWidget *
gb_item_row_new (GbDirectiveItem *item,
                 GbStore         *store,
                 const char      *date)
{
  GbItemRow *self = g_object_new (GB_TYPE_ITEM_ROW, NULL);
  const GbTrackerItem *it = gb_directive_item_get_item (item);
  g_autofree char *head = gb_directive_item_get_with_document (item) && it->document_number
    ? g_strdup_printf ("%s · %s  %s", it->document_number, it->path, it->text)
    : g_strdup_printf ("%s  %s", it->path, it->text);
  g_autofree char *meta = meta_text (it);
  g_autofree char *due = it->due ? gb_text_format_date (it->due) : NULL;
  g_autofree char *today = gb_tracker_today ();
  g_autofree char *shown_date = gb_text_format_date (date ? date : today);
  g_autofree char *leads = NULL;
  g_autofree char *coop = NULL;

  self->item = g_object_ref (item);
  self->store = store ? g_object_ref (store) : NULL;
  self->filling = TRUE;
  gtk_widget_set_margin_start (GTK_WIDGET (self->box), 12 + 20 * (MAX (it->level, 1) - 1));
  gtk_label_set_text (self->head_label, head);
  if (!it->is_task)
    gtk_widget_add_css_class (GTK_WIDGET (self->head_label), "dim-label");
  gtk_label_set_text (self->meta_label, meta);
  gtk_widget_set_visible (GTK_WIDGET (self->meta_label), *meta != '\0');
  gtk_widget_add_css_class (GTK_WIDGET (self->meta_label), it->overdue ? "error" : "dim-label");
  show_progress (self, it);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (it->status, statuses[i]) == 0)
      gtk_drop_down_set_selected (self->status_dropdown, i);
  gtk_editable_set_text (GTK_EDITABLE (self->due_entry), due ? due : "");
  gtk_editable_set_text (GTK_EDITABLE (self->progress_who), person ());
  gtk_editable_set_text (GTK_EDITABLE (self->progress_date), shown_date);
  split_units (it, &leads, &coop);
  gtk_editable_set_text (GTK_EDITABLE (self->units_leads), leads);
  gtk_editable_set_text (GTK_EDITABLE (self->units_coop), coop);
  tag_controls (self);
  self->filling = FALSE;
  return GTK_WIDGET (self);
}

static GtkWidget **
focus_parts (GbItemRow *self,
             guint     *n)
{
  static GtkWidget *parts[5];

  parts[0] = GTK_WIDGET (self->status_dropdown);
  parts[1] = GTK_WIDGET (self->due_entry);
  parts[2] = gtk_widget_get_parent (GTK_WIDGET (self->progress_popover));
  parts[3] = gtk_widget_get_parent (GTK_WIDGET (self->units_popover));
  parts[4] = gtk_widget_get_parent (GTK_WIDGET (self->history_popover));
  *n = G_N_ELEMENTS (parts);
  return parts;
}

/**
 * gb_item_row_get_focus_part:
 *
 * Returns: which control of the row holds the keyboard focus (1 the status, 2 the deadline, 3
 *   progress, 4 units, 5 history), 0 for the row itself or none
 */
guint
gb_item_row_get_focus_part (GbItemRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  guint n;
  GtkWidget **parts = focus_parts (self, &n);

  for (guint i = 0; focus != NULL && i < n; i++)
    if (focus == parts[i] || gtk_widget_is_ancestor (focus, parts[i]))
      return i + 1;
  return 0;
}

/* Gives the focus to the control gb_item_row_get_focus_part() named, in this new row of the
 * same item: a saved edit replaces the row, and the person keeps their place. */
void
gb_item_row_focus_part (GbItemRow *self,
                        guint      part)
{
  guint n;
  GtkWidget **parts = focus_parts (self, &n);

  g_return_if_fail (GB_IS_ITEM_ROW (self));
  if (part >= 1 && part <= n)
    gtk_widget_grab_focus (parts[part - 1]);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

GbDirectiveItem *
gb_item_row_get_item (GbItemRow *self)
{
  g_return_val_if_fail (GB_IS_ITEM_ROW (self), NULL);
  return self->item;
}
