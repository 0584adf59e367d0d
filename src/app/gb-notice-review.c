/* gb-notice-review.c — the review of a parsed notice before it is saved to the tracker: the
 * person corrects the header facts and each item's text, task flag, units and deadline, or
 * leaves an item out; Save writes everything in one transaction, Cancel writes nothing
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-error.h"
#include "gb-notice-import.h"
#include "gb-notice-review.h"
#include "gb-store-tracker.h"
#include "gb-task-row.h"
#include "gb-text.h"

/* The widgets of one item; the item itself belongs to the notice. */
typedef struct
{
  GbNoticeItem   *item;
  GtkWidget      *row;
  GtkCheckButton *task;
  GtkTextBuffer  *text;
  GtkEntry       *leads;
  GtkEntry       *cooperating;
  GtkEntry       *due;
  char           *due_shown;    /* what the due entry said before any edit */
  gboolean        removed;
} ItemWidgets;

/* A list of text views costs memory and time per row: a notice past this many items (a pasted
 * report, say) shows the first ones for correction and saves the others as read. */
#define MAX_EDITABLE_ITEMS 300

enum { FACT_KIND, FACT_NUMBER, FACT_ISSUER, FACT_DATE, FACT_SUBJECT, N_FACTS };

struct _GbNoticeReview
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  GtkGrid        *facts_grid;
  GtkLabel       *summary_label;
  GtkListBox     *items_list;

  GbStore        *store;
  GbNotice       *notice;
  char           *body;
  char           *source_name;
  GArray         *items;        /* ItemWidgets */
  GtkEntry       *facts[N_FACTS];
};

G_DEFINE_FINAL_TYPE (GbNoticeReview, gb_notice_review, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
item_widgets_clear (gpointer data)
{
  ItemWidgets *w = data;

  g_free (w->due_shown);
}

static char *
units_text (const GbNoticeItem *item,
            GbNoticeRole        role)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < item->units->len; i++)
    {
      const GbNoticeUnit *u = g_ptr_array_index (item->units, i);
      if (u->role == role)
        g_string_append_printf (s, "%s%s", s->len ? "; " : "", u->name);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static GtkEntry *
labelled_entry (GtkGrid    *grid,
                int         row,
                const char *label,
                const char *value,
                const char *name)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);
  GtkWidget *e = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (l), 1);
  gtk_widget_add_css_class (l, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), e);
  gtk_editable_set_text (GTK_EDITABLE (e), value ? value : "");
  gtk_widget_set_hexpand (e, TRUE);
  gtk_widget_set_name (e, name);
  gtk_grid_attach (grid, l, 0, row, 1, 1);
  gtk_grid_attach (grid, e, 1, row, 1, 1);
  return GTK_ENTRY (e);
}

static void
update_summary (GbNoticeReview *self)
{
  guint kept = 0, tasks = 0;
  g_autofree char *text = NULL;

  for (guint i = self->items->len; i < self->notice->items->len; i++)
    {
      kept++;
      tasks += ((GbNoticeItem *) g_ptr_array_index (self->notice->items, i))->is_task;
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      ItemWidgets *w = &g_array_index (self->items, ItemWidgets, i);
      if (w->removed)
        continue;
      kept++;
      tasks += gtk_check_button_get_active (w->task);
    }
  /* Translators: the counts of what was read from a notice, before it is saved. */
  text = g_strdup_printf (_("Items: %u, tasks among them: %u. References to other documents: %u. Addressees: %u, recipients: %u."),
                          kept, tasks, self->notice->references->len, self->notice->addressees->len,
                          self->notice->recipients->len);
  gtk_label_set_text (self->summary_label, text);
}

static void
remove_toggled_cb (GtkToggleButton *button,
                   GbNoticeReview  *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  ItemWidgets *w = &g_array_index (self->items, ItemWidgets, index);
  gboolean removed = gtk_toggle_button_get_active (button);

  w->removed = removed;
  /* The row stays, greyed, so leaving an item out can be undone with the same button. */
  gtk_widget_set_opacity (gtk_widget_get_first_child (w->row), removed ? 0.45 : 1.0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), removed ? _("Keep this item") : _("Leave this item out"));
  update_summary (self);
}

static void
task_toggled_cb (GbNoticeReview *self)
{
  update_summary (self);
}

static void
entry_changed_cb (GtkEditable *editable)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

/* Once the person has changed a field the parser was unsure of, it has been checked. */
static void
checked_cb (GtkWidget *widget)
{
  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_set_tooltip_text (widget, NULL);
}

/* A field the parser guessed: in the warning colour, with a tooltip and the same words for a
 * screen reader, so the person checks it before saving. */
static void
mark_unsure (GtkWidget *widget,
             gboolean   unsure)
{
  if (!unsure)
    return;
  gtk_widget_add_css_class (widget, "warning");
  gtk_widget_add_css_class (widget, "unsure");
  gtk_widget_set_tooltip_text (widget, _("Check this: the notice was hard to read here"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Check this: the notice was hard to read here"), -1);
  if (GTK_IS_EDITABLE (widget))
    g_signal_connect (widget, "changed", G_CALLBACK (checked_cb), NULL);
}

static void
add_item_row (GbNoticeReview *self,
              GbNoticeItem   *item,
              guint           index)
{
  ItemWidgets w = { .item = item };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *fields = gtk_grid_new ();
  GtkWidget *path = gtk_label_new (item->path);
  GtkWidget *task = gtk_check_button_new_with_mnemonic (_("_Task"));
  GtkWidget *remove = gtk_toggle_button_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  g_autofree char *leads = units_text (item, GB_NOTICE_ROLE_LEAD);
  g_autofree char *coop = units_text (item, GB_NOTICE_ROLE_COOPERATE);
  g_autofree char *path_name = g_strdup_printf (_("Item %s"), item->path);

  w.due_shown = item->due ? gb_text_format_date (item->due) : g_strdup (item->due_text ? item->due_text : "");

  gtk_widget_add_css_class (path, "heading");
  gtk_widget_set_tooltip_text (task, _("Clear for a paragraph that only assesses the situation"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (task), item->is_task);
  gtk_widget_set_name (task, "task");
  g_signal_connect_swapped (task, "toggled", G_CALLBACK (task_toggled_cb), self);
  gtk_button_set_icon_name (GTK_BUTTON (remove), "user-trash-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Leave this item out"));
  gtk_widget_set_name (remove, "remove");
  gtk_widget_set_hexpand (task, TRUE);
  gtk_widget_set_halign (task, GTK_ALIGN_START);
  g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (index));
  g_signal_connect (remove, "toggled", G_CALLBACK (remove_toggled_cb), self);
  gtk_box_append (GTK_BOX (head), path);
  gtk_box_append (GTK_BOX (head), task);
  gtk_box_append (GTK_BOX (head), remove);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_set_name (view, "text");
  /* A text view measures no lines before its first layout: give it room for three. */
  gtk_widget_set_size_request (view, -1, 72);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), item->text ? item->text : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, path_name, -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);

  gtk_grid_set_row_spacing (GTK_GRID (fields), 6);
  gtk_grid_set_column_spacing (GTK_GRID (fields), 12);
  w.leads = labelled_entry (GTK_GRID (fields), 0, _("_Lead units"), leads, "leads");
  w.cooperating = labelled_entry (GTK_GRID (fields), 1, _("C_o-operating"), coop, "cooperating");
  w.due = labelled_entry (GTK_GRID (fields), 2, _("_Due"), w.due_shown, "due");
  gtk_entry_set_placeholder_text (w.leads, _("Names or abbreviations (UBND, MTTQ …), separated by “;”"));
  gtk_entry_set_placeholder_text (w.due, _("dd/mm/yyyy, or words such as “thường xuyên”"));
  if (item->recurrence != NULL && item->due == NULL && item->due_text == NULL)
    gtk_entry_set_placeholder_text (w.due, item->recurrence);
  g_signal_connect (w.due, "changed", G_CALLBACK (entry_changed_cb), NULL);
  mark_unsure (frame, gb_notice_item_is_unsure (item, GB_NOTICE_FIELD_TEXT));
  if (gb_notice_item_is_unsure (item, GB_NOTICE_FIELD_TEXT))
    g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed", G_CALLBACK (checked_cb), frame);
  mark_unsure (GTK_WIDGET (w.leads), gb_notice_item_is_unsure (item, GB_NOTICE_FIELD_UNITS));
  mark_unsure (GTK_WIDGET (w.cooperating), gb_notice_item_is_unsure (item, GB_NOTICE_FIELD_UNITS));
  mark_unsure (GTK_WIDGET (w.due), gb_notice_item_is_unsure (item, GB_NOTICE_FIELD_DUE));

  gtk_widget_set_margin_start (box, 12 + 20 * (MAX (item->level, 1) - 1));
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_box_append (GTK_BOX (box), head);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), fields);
  gtk_list_box_append (self->items_list, box);

  w.row = gtk_widget_get_parent (box);
  w.task = GTK_CHECK_BUTTON (task);
  w.text = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_array_append_val (self->items, w);
}

static void
show_error (GbNoticeReview *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static char *
entry_value (GtkEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  return *text ? g_steal_pointer (&text) : NULL;
}

static void
replace (char       **field,
         char        *value)
{
  g_free (*field);
  *field = value;
}

/* Checks every field first and writes the notice only when all are right, so a mistake in
 * the last item leaves the notice as the person left it. */
static gboolean
collect (GbNoticeReview  *self,
         GPtrArray       *kept,
         GError         **error)
{
  g_autofree char *date = NULL;
  g_autofree char *date_words = NULL;
  g_autoptr(GError) local = NULL;
  const char *date_text = gtk_editable_get_text (GTK_EDITABLE (self->facts[FACT_DATE]));

  if (!gb_task_row_parse_due (date_text, &date, &date_words, &local) || date_words != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->facts[FACT_DATE]), "error");
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("The document's date “%s” is not a date (dd/mm/yyyy)"), date_text);
      return FALSE;
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      ItemWidgets *w = &g_array_index (self->items, ItemWidgets, i);
      g_autofree char *due = NULL;
      g_autofree char *words = NULL;
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      if (w->removed)
        continue;
      gtk_text_buffer_get_bounds (w->text, &start, &end);
      text = g_strstrip (gtk_text_buffer_get_text (w->text, &start, &end, FALSE));
      if (*text == '\0')
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("Item %s has no text: write it, or leave the item out"), w->item->path);
          return FALSE;
        }
      if (!gb_task_row_parse_due (gtk_editable_get_text (GTK_EDITABLE (w->due)), &due, &words, &local))
        {
          gtk_widget_add_css_class (GTK_WIDGET (w->due), "error");
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("Item %s: %s"), w->item->path, local->message);
          return FALSE;
        }
    }

  replace (&self->notice->kind, entry_value (self->facts[FACT_KIND]));
  replace (&self->notice->number, entry_value (self->facts[FACT_NUMBER]));
  replace (&self->notice->issuer, entry_value (self->facts[FACT_ISSUER]));
  replace (&self->notice->subject, entry_value (self->facts[FACT_SUBJECT]));
  replace (&self->notice->date, g_steal_pointer (&date));
  for (guint i = 0; i < self->items->len; i++)
    {
      ItemWidgets *w = &g_array_index (self->items, ItemWidgets, i);
      GbNoticeItem *it = w->item;
      GtkTextIter start, end;
      g_autofree char *due_entry = entry_value (w->due);

      if (w->removed)
        continue;
      gtk_text_buffer_get_bounds (w->text, &start, &end);
      replace (&it->text, g_strstrip (gtk_text_buffer_get_text (w->text, &start, &end, FALSE)));
      it->is_task = gtk_check_button_get_active (w->task);
      g_ptr_array_set_size (it->units, 0);
      gb_notice_units_add_from_text (it->units, gtk_editable_get_text (GTK_EDITABLE (w->leads)), GB_NOTICE_ROLE_LEAD);
      gb_notice_units_add_from_text (it->units, gtk_editable_get_text (GTK_EDITABLE (w->cooperating)), GB_NOTICE_ROLE_COOPERATE);
      /* An untouched deadline keeps the words and the recurrence the parser found with it. */
      if (g_strcmp0 (due_entry ? due_entry : "", w->due_shown) != 0)
        {
          g_autofree char *due = NULL;
          g_autofree char *words = NULL;

          gb_task_row_parse_due (due_entry, &due, &words, NULL);
          replace (&it->due, g_steal_pointer (&due));
          replace (&it->due_text, g_steal_pointer (&words));
          g_clear_pointer (&it->recurrence, g_free);
        }
      g_ptr_array_add (kept, it);
    }
  for (guint i = self->items->len; i < self->notice->items->len; i++)
    g_ptr_array_add (kept, g_ptr_array_index (self->notice->items, i));
  return TRUE;
}

/**
 * gb_notice_review_save:
 *
 * Saves the notice as reviewed (what the person corrected, without the items left out) in one
 * transaction and emits ::saved.
 *
 * Returns: the new document's id, or 0 with @error set and nothing written
 */
gint64
gb_notice_review_save (GbNoticeReview  *self,
                       GError         **error)
{
  g_return_val_if_fail (GB_IS_NOTICE_REVIEW (self), 0);
  return gb_notice_review_save_as (self, GB_NOTICE_IMPORT_KEEP_BOTH, error);
}

/**
 * gb_notice_review_save_as:
 * @mode: what to do when the notice is already stored
 *
 * As gb_notice_review_save(), the notice replacing a stored copy, kept beside it, or refused
 * (%GB_ERROR_DUPLICATE).
 *
 * Returns: the new document's id, or 0 with @error set and nothing written
 */
gint64
gb_notice_review_save_as (GbNoticeReview      *self,
                          GbNoticeImportMode   mode,
                          GError             **error)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GPtrArray *all;
  gint64 id;

  g_return_val_if_fail (GB_IS_NOTICE_REVIEW (self), 0);

  if (!collect (self, kept, error))
    return 0;
  /* The notice keeps owning every item; the store only sees the kept ones. */
  all = self->notice->items;
  self->notice->items = kept;
  id = gb_notice_import_save_as (self->store, self->notice, self->body, self->source_name, mode, error);
  self->notice->items = all;
  if (id != 0)
    g_signal_emit (self, signals[SAVED], 0, id);
  return id;
}

static void
save_with_mode (GbNoticeReview     *self,
                GbNoticeImportMode  mode)
{
  g_autoptr(GError) error = NULL;

  if (gb_notice_review_save_as (self, mode, &error) == 0)
    {
      show_error (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
save_replacing_cb (gpointer data)
{
  save_with_mode (data, GB_NOTICE_IMPORT_REPLACE);
  return G_SOURCE_REMOVE;
}

static gboolean
save_keeping_both_cb (gpointer data)
{
  save_with_mode (data, GB_NOTICE_IMPORT_KEEP_BOTH);
  return G_SOURCE_REMOVE;
}

/* Saving closes this window: after the dialog, which is transient for it, has closed. */
static void
duplicate_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       GbNoticeReview   *self)
{
  if (g_str_equal (response, "replace"))
    g_idle_add_full (G_PRIORITY_DEFAULT, save_replacing_cb, g_object_ref (self), g_object_unref);
  else if (g_str_equal (response, "keep-both"))
    g_idle_add_full (G_PRIORITY_DEFAULT, save_keeping_both_cb, g_object_ref (self), g_object_unref);
}

/* The same notice is already in the tracker: the person chooses. */
static void
ask_duplicate (GbNoticeReview *self)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = g_strdup_printf (_("A notice with the same number, issuer and date, or the same text, is already "
                                             "in the tracker (%s). Replace it with this one, with its items and their "
                                             "progress, or keep both?"),
                                           self->notice->number ? self->notice->number : _("no number"));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("This Notice Is Already Stored"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "keep-both", _("_Keep Both"),
                                    "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (duplicate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GbNoticeReview *self = GB_NOTICE_REVIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gint64 dup;

  /* The facts as corrected decide whether it is the same notice. */
  if (!collect (self, kept, &error))
    {
      show_error (self, error->message);
      return;
    }
  dup = gb_notice_import_find_duplicate (self->store, self->notice, self->body, &error);
  if (dup < 0)
    show_error (self, error->message);
  else if (dup > 0)
    ask_duplicate (self);
  else
    save_with_mode (self, GB_NOTICE_IMPORT_REFUSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
gb_notice_review_dispose (GObject *object)
{
  GbNoticeReview *self = GB_NOTICE_REVIEW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->notice, gb_notice_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->items, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_NOTICE_REVIEW);
  G_OBJECT_CLASS (gb_notice_review_parent_class)->dispose (object);
}

static void
gb_notice_review_class_init (GbNoticeReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_notice_review_dispose;

  /**
   * GbNoticeReview::saved:
   * @document_id: the stored document
   *
   * The notice went into the tracker.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-notice-review.ui");
  gtk_widget_class_bind_template_child (widget_class, GbNoticeReview, window_title);
  gtk_widget_class_bind_template_child (widget_class, GbNoticeReview, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GbNoticeReview, error_label);
  gtk_widget_class_bind_template_child (widget_class, GbNoticeReview, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, GbNoticeReview, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GbNoticeReview, items_list);
  gtk_widget_class_install_action (widget_class, "review.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "review.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "review.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "review.cancel", NULL);
}

static void
gb_notice_review_init (GbNoticeReview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_array_new (FALSE, TRUE, sizeof (ItemWidgets));
  g_array_set_clear_func (self->items, item_widgets_clear);
}

/**
 * gb_notice_review_new:
 * @notice: (transfer full): the parsed notice
 * @body: the text it was parsed from (stored with it)
 * @source_name: (nullable): the file it came from
 *
 * Returns: (transfer floating): a window to review @notice and save it to @store.
 */
GbNoticeReview *
gb_notice_review_new (GbStore    *store,
                      GbNotice   *notice,
                      const char *body,
                      const char *source_name)
{
  GbNoticeReview *self;
  g_autofree char *date = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (notice != NULL && body != NULL, NULL);

  self = g_object_new (GB_TYPE_NOTICE_REVIEW, NULL);
  self->store = g_object_ref (store);
  self->notice = notice;
  self->body = g_strdup (body);
  self->source_name = g_strdup (source_name);
  adw_window_title_set_subtitle (self->window_title, source_name ? source_name : "");

  date = notice->date ? gb_text_format_date (notice->date) : NULL;
  self->facts[FACT_KIND] = labelled_entry (self->facts_grid, 0, _("_Kind"), notice->kind, "kind");
  self->facts[FACT_NUMBER] = labelled_entry (self->facts_grid, 1, _("_Number"), notice->number, "number");
  self->facts[FACT_ISSUER] = labelled_entry (self->facts_grid, 2, _("_Issued by"), notice->issuer, "issuer");
  self->facts[FACT_DATE] = labelled_entry (self->facts_grid, 3, _("D_ate"), date, "date");
  self->facts[FACT_SUBJECT] = labelled_entry (self->facts_grid, 4, _("_Subject"), notice->subject, "subject");
  gtk_entry_set_placeholder_text (self->facts[FACT_DATE], _("dd/mm/yyyy"));
  gtk_entry_set_placeholder_text (self->facts[FACT_NUMBER], _("154-CV/TU, 1102/CĐ-TTg …"));
  g_signal_connect (self->facts[FACT_DATE], "changed", G_CALLBACK (entry_changed_cb), NULL);
  {
    static const GbNoticeField fields[N_FACTS] = { GB_NOTICE_FIELD_KIND, GB_NOTICE_FIELD_NUMBER, GB_NOTICE_FIELD_ISSUER,
                                                   GB_NOTICE_FIELD_DATE, GB_NOTICE_FIELD_SUBJECT };
    for (guint i = 0; i < N_FACTS; i++)
      mark_unsure (GTK_WIDGET (self->facts[i]), gb_notice_is_unsure (notice, fields[i]));
  }

  for (guint i = 0; i < MIN (notice->items->len, MAX_EDITABLE_ITEMS); i++)
    add_item_row (self, g_ptr_array_index (notice->items, i), i);
  if (notice->items->len > MAX_EDITABLE_ITEMS)
    {
      g_autofree char *text = g_strdup_printf (_("%u more items are not shown here: they will be saved as they were read, "
                                                 "and can be corrected in the Directives view."),
                                               notice->items->len - MAX_EDITABLE_ITEMS);
      GtkWidget *more = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (more), TRUE);
      gtk_widget_add_css_class (more, "dim-label");
      gtk_widget_set_margin_top (more, 12);
      gtk_widget_set_margin_bottom (more, 12);
      gtk_list_box_append (self->items_list, more);
    }
  if (notice->items->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_("No numbered items were found: the notice will be kept as a document with no items."));

      gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_widget_set_margin_top (empty, 12);
      gtk_widget_set_margin_bottom (empty, 12);
      gtk_list_box_append (self->items_list, empty);
    }
  update_summary (self);
  return self;
}

/** gb_notice_review_get_n_items: Returns: how many items are shown for correction. */
guint
gb_notice_review_get_n_items (GbNoticeReview *self)
{
  g_return_val_if_fail (GB_IS_NOTICE_REVIEW (self), 0);
  return self->items->len;
}

/**
 * gb_notice_review_get_item_row:
 *
 * Returns: (transfer none): the row of item @index, whose fields are named "task", "text",
 *   "leads", "cooperating", "due" and "remove"
 */
GtkWidget *
gb_notice_review_get_item_row (GbNoticeReview *self,
                               guint           index)
{
  g_return_val_if_fail (GB_IS_NOTICE_REVIEW (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return g_array_index (self->items, ItemWidgets, index).row;
}
