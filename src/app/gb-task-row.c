/* gb-task-row.c — one task of a conclusion: its text, responsible units, deadline
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Units are picked from the tracker's organisations (searchable without diacritics), the lead
 * first; a unit not in the list can be added by name. The deadline is a date as people write
 * it (15/9/2021) or words such as "thường xuyên".
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gb-date.h"
#include "gb-conclusion.h"
#include "gb-error.h"
#include "gb-series-import.h"
#include "gb-task-row.h"
#include "gb-text.h"

struct _GbTaskRow
{
  GtkListBoxRow  parent_instance;

  GtkLabel      *number_label;
  GtkTextView   *text_view;
  GtkMenuButton *units_button;
  GtkLabel      *units_label;
  GtkEntry      *due_entry;
  GtkSearchEntry *search;
  GtkListBox    *orgs_list;
  GtkButton     *add_unit_button;

  GPtrArray     *units;     /* chosen, in order: the lead first */
  GPtrArray     *names;     /* every organisation offered */
};

G_DEFINE_FINAL_TYPE (GbTaskRow, gb_task_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
has_unit (GbTaskRow  *self,
          const char *name)
{
  for (guint i = 0; i < self->units->len; i++)
    if (g_str_equal (g_ptr_array_index (self->units, i), name))
      return TRUE;
  return FALSE;
}

static void
update_units_label (GbTaskRow *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->units->len; i++)
    g_string_append_printf (s, "%s%s", i ? "; " : "", (char *) g_ptr_array_index (self->units, i));
  gtk_label_set_text (self->units_label, s->len ? s->str : _("Responsible units…"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->units_button),
                               s->len ? s->str : _("Choose the units responsible, the lead first"));
  if (s->len)
    gtk_widget_remove_css_class (GTK_WIDGET (self->units_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->units_label), "dim-label");
  g_string_free (s, TRUE);
}

static void
org_toggled_cb (GtkCheckButton *check,
                GbTaskRow      *self)
{
  const char *name = gtk_check_button_get_label (check);

  if (gtk_check_button_get_active (check))
    {
      if (!has_unit (self, name))
        g_ptr_array_add (self->units, g_strdup (name));
    }
  else
    for (guint i = 0; i < self->units->len; i++)
      if (g_str_equal (g_ptr_array_index (self->units, i), name))
        {
          g_ptr_array_remove_index (self->units, i);
          break;
        }
  update_units_label (self);
}

static void
add_org_row (GbTaskRow  *self,
             const char *name)
{
  GtkWidget *check = gtk_check_button_new_with_label (name);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), has_unit (self, name));
  g_signal_connect (check, "toggled", G_CALLBACK (org_toggled_cb), self);
  gtk_widget_set_margin_start (check, 6);
  gtk_widget_set_margin_end (check, 6);
  g_object_set_data_full (G_OBJECT (check), "folded", gb_text_fold (name), g_free);
  gtk_list_box_append (self->orgs_list, check);
}

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       user_data)
{
  GbTaskRow *self = user_data;
  GtkWidget *check = gtk_list_box_row_get_child (row);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *folded = NULL;

  if (query == NULL || *query == '\0')
    return TRUE;
  folded = gb_text_fold (query);
  return strstr (g_object_get_data (G_OBJECT (check), "folded"), folded) != NULL;
}

static void
search_changed_cb (GbTaskRow *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *label = NULL;
  gboolean known = FALSE;

  gtk_list_box_invalidate_filter (self->orgs_list);
  for (guint i = 0; i < self->names->len && !known; i++)
    known = g_utf8_collate (g_ptr_array_index (self->names, i), query) == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->add_unit_button), *query != '\0' && !known);
  label = g_strdup_printf (_("Add “%s”"), query);
  gtk_button_set_label (self->add_unit_button, label);
}

static void
add_unit_clicked_cb (GbTaskRow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search))));

  if (*name == '\0')
    return;
  if (!has_unit (self, name))
    g_ptr_array_add (self->units, g_strdup (name));
  g_ptr_array_add (self->names, g_strdup (name));
  add_org_row (self, name);
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  update_units_label (self);
}

static void
remove_clicked_cb (GbTaskRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
gb_task_row_dispose (GObject *object)
{
  GbTaskRow *self = GB_TASK_ROW (object);

  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_ptr_array_unref);
  G_OBJECT_CLASS (gb_task_row_parent_class)->dispose (object);
}

static void
gb_task_row_class_init (GbTaskRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_task_row_dispose;

  /**
   * GbTaskRow::remove:
   *
   * The person asked to remove this task.
   */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gb_task_row_init (GbTaskRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *pbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroll = gtk_scrolled_window_new ();

  self->units = g_ptr_array_new_with_free_func (g_free);
  self->names = g_ptr_array_new_with_free_func (g_free);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);

  self->number_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->number_label), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->number_label), "heading");
  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->text_view, 6);
  gtk_text_view_set_bottom_margin (self->text_view, 6);
  gtk_text_view_set_left_margin (self->text_view, 6);
  gtk_text_view_set_right_margin (self->text_view, 6);
  gtk_widget_set_size_request (GTK_WIDGET (self->text_view), -1, 48);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Task"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->text_view));
  gtk_widget_set_hexpand (frame, TRUE);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->number_label));
  gtk_box_append (GTK_BOX (top), frame);

  /* Units: a button opening a searchable list of organisations. */
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Find a unit"), NULL);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed_cb), self);
  self->orgs_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->orgs_list, GTK_SELECTION_NONE);
  gtk_list_box_set_filter_func (self->orgs_list, filter_func, self, NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->orgs_list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroll), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_widget_set_size_request (scroll, 360, -1);
  self->add_unit_button = GTK_BUTTON (gtk_button_new_with_label (""));
  gtk_widget_set_visible (GTK_WIDGET (self->add_unit_button), FALSE);
  g_signal_connect_swapped (self->add_unit_button, "clicked", G_CALLBACK (add_unit_clicked_cb), self);
  gtk_box_append (GTK_BOX (pbox), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (pbox), scroll);
  gtk_box_append (GTK_BOX (pbox), GTK_WIDGET (self->add_unit_button));
  gtk_popover_set_child (GTK_POPOVER (popover), pbox);

  self->units_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->units_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (self->units_label, 0);
  self->units_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_child (self->units_button, GTK_WIDGET (self->units_label));
  gtk_menu_button_set_popover (self->units_button, popover);
  gtk_widget_set_hexpand (GTK_WIDGET (self->units_button), TRUE);

  self->due_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->due_entry, _("Due: dd/mm/yyyy or words"));
  gtk_editable_set_width_chars (GTK_EDITABLE (self->due_entry), 18);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->due_entry),
                               _("A date such as 20/9/2021, or words such as “thường xuyên” for a standing task"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this task"));
  g_signal_connect_swapped (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->units_button));
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->due_entry));
  gtk_box_append (GTK_BOX (bottom), remove);
  gtk_widget_set_margin_start (bottom, 28);

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), bottom);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  update_units_label (self);
}

/**
 * gb_task_row_new:
 * @task: (nullable): the task shown, or NULL for an empty one
 * @names: (element-type utf8): the organisations to pick from
 */
GtkWidget *
gb_task_row_new (const GbConclusionTask *task,
                 GPtrArray              *names)
{
  GbTaskRow *self = g_object_new (GB_TYPE_TASK_ROW, NULL);

  if (task != NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), task->text ? task->text : "", -1);
      for (guint i = 0; i < task->units->len; i++)
        g_ptr_array_add (self->units, g_strdup (g_ptr_array_index (task->units, i)));
      if (task->due_date != NULL)
        {
          g_autofree char *shown = gb_text_format_date (task->due_date);
          gtk_editable_set_text (GTK_EDITABLE (self->due_entry), shown ? shown : task->due_date);
        }
      else if (task->due_text != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->due_entry), task->due_text);
    }
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      g_ptr_array_add (self->names, g_strdup (g_ptr_array_index (names, i)));
      add_org_row (self, g_ptr_array_index (names, i));
    }
  /* Units of the task that are not in the dictionary stay choosable. */
  for (guint i = 0; i < self->units->len; i++)
    {
      gboolean known = FALSE;

      for (guint k = 0; k < self->names->len && !known; k++)
        known = g_str_equal (g_ptr_array_index (self->names, k), g_ptr_array_index (self->units, i));
      if (!known)
        {
          g_ptr_array_add (self->names, g_strdup (g_ptr_array_index (self->units, i)));
          add_org_row (self, g_ptr_array_index (self->units, i));
        }
    }
  update_units_label (self);
  return GTK_WIDGET (self);
}

void
gb_task_row_set_number (GbTaskRow  *self,
                        const char *number)
{
  g_return_if_fail (GB_IS_TASK_ROW (self));
  gtk_label_set_text (self->number_label, number);
}

/**
 * gb_task_row_parse_due:
 * @text: what the person wrote
 * @due_date: (out): YYYY-MM-DD, or NULL
 * @due_text: (out): the words, or NULL
 *
 * "20/9/2021" and "2021-09-20" are dates; text with no digits ("thường xuyên") is kept as words;
 * anything that looks like a date but is not one ("31/2/2021") is an error.
 */
gboolean
gb_task_row_parse_due (const char  *text,
                       char       **due_date,
                       char       **due_text,
                       GError     **error)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));

  *due_date = NULL;
  *due_text = NULL;
  if (*t == '\0')
    return TRUE;
  if ((*due_date = gb_date_parse_user (t)) != NULL)
    return TRUE;
  if (strpbrk (t, "0123456789") == NULL)
    {
      *due_text = g_steal_pointer (&t);
      return TRUE;
    }
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
               _("“%s” is not a date (dd/mm/yyyy), nor words such as “thường xuyên”"), t);
  return FALSE;
}

/**
 * gb_task_row_to_task:
 *
 * Returns: (transfer full) (nullable): the task as edited; NULL without error for an empty
 *   row, NULL with an error for a bad deadline
 */
GbConclusionTask *
gb_task_row_to_task (GbTaskRow  *self,
                     GError    **error)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *due_date = NULL;
  g_autofree char *due_text = NULL;
  GbConclusionTask *task;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    return NULL;
  if (!gb_task_row_parse_due (gtk_editable_get_text (GTK_EDITABLE (self->due_entry)), &due_date, &due_text, error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->due_entry), "error");
      return NULL;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->due_entry), "error");
  task = gb_conclusion_task_new (text, due_date, due_text);
  for (guint i = 0; i < self->units->len; i++)
    g_ptr_array_add (task->units, g_strdup (g_ptr_array_index (self->units, i)));
  return task;
}

/** gb_task_row_toggle_unit: checks or unchecks @name as a person would (for tests and keyboard). */
gboolean
gb_task_row_toggle_unit (GbTaskRow  *self,
                         const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->orgs_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      if (GTK_IS_CHECK_BUTTON (check) && g_str_equal (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), name))
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
          return TRUE;
        }
    }
  return FALSE;
}

/** gb_task_row_set_text: sets the task's text and deadline as a person would type them. */
void
gb_task_row_set_text (GbTaskRow  *self,
                      const char *text,
                      const char *due)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->due_entry), due ? due : "");
}
