/* gb-carry-over-dialog.c — picking open items of the tracker to carry into a new conclusion
 *
 * Every open task of every document (not only conclusions issued in the app: a notice imported
 * from the province's office counts the same), overdue first as the tracker orders them, each
 * with a check box; the search keeps the rows whose text, document or units contain the words,
 * without diacritics. "Add" emits "picked" with the checked items' ids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-carry-over-dialog.h"
#include "gb-directive-item.h"
#include "gb-store-tracker.h"
#include "gb-text.h"

struct _GbCarryOverDialog
{
  AdwWindow       parent_instance;

  GtkSearchEntry *search;
  GtkListBox     *list;
  GtkButton      *add_button;
  GListStore     *items;     /* GbDirectiveItem */
  GHashTable     *picked;    /* gint64 item id → itself */
  char           *needle;    /* the folded search text */
};

G_DEFINE_FINAL_TYPE (GbCarryOverDialog, gb_carry_over_dialog, ADW_TYPE_WINDOW)

enum { PICKED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update_add_button (GbCarryOverDialog *self)
{
  guint n = g_hash_table_size (self->picked);
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Add %u Task", "_Add %u Tasks", n), n);

  gtk_button_set_label (self->add_button, label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), n > 0);
}

static void
check_toggled_cb (GtkCheckButton    *check,
                  GbCarryOverDialog *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "item-id"));

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->picked, g_memdup2 (&id, sizeof id));
  else
    g_hash_table_remove (self->picked, &id);
  update_add_button (self);
}

static char *
item_title (const GbTrackerItem *it)
{
  return g_markup_printf_escaped ("%s", it->text ? it->text : "");
}

static char *
item_subtitle (const GbTrackerItem *it)
{
  g_autofree char *due = it->due ? gb_text_format_date (it->due) : NULL;
  g_autoptr(GString) s = g_string_new (it->document_number ? it->document_number : "");

  if (it->units != NULL)
    g_string_append_printf (s, "%s%s", s->len ? " · " : "", it->units);
  if (due != NULL)
    g_string_append_printf (s, "%s%s %s", s->len ? " · " : "", it->state == GB_TASK_STATE_OVERDUE ? _("overdue since") : _("due"), due);
  return g_markup_escape_text (s->str, -1);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  GbCarryOverDialog *self = user_data;
  const GbTrackerItem *it = gb_directive_item_get_item (item);
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *title = item_title (it);
  g_autofree char *subtitle = item_subtitle (it);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_title_lines (row, 3);
  adw_action_row_set_subtitle_lines (row, 2);
  g_object_set_data (G_OBJECT (check), "item-id", GSIZE_TO_POINTER ((gsize) it->id));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (self->picked, &it->id));
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  adw_action_row_add_prefix (row, check);
  adw_action_row_set_activatable_widget (row, check);
  if (it->state == GB_TASK_STATE_OVERDUE)
    gtk_widget_add_css_class (GTK_WIDGET (row), "overdue");
  return GTK_WIDGET (row);
}

static gboolean
row_visible (GtkListBoxRow *row,
             gpointer       user_data)
{
  GbCarryOverDialog *self = user_data;
  g_autoptr(GbDirectiveItem) item = NULL;
  const GbTrackerItem *it;
  g_autofree char *hay = NULL;
  g_autofree char *folded = NULL;

  if (self->needle == NULL || *self->needle == '\0')
    return TRUE;
  item = g_list_model_get_item (G_LIST_MODEL (self->items), gtk_list_box_row_get_index (row));
  if (item == NULL)
    return TRUE;
  it = gb_directive_item_get_item (item);
  hay = g_strjoin (" ", it->text ? it->text : "", it->document_number ? it->document_number : "",
                   it->units ? it->units : "", NULL);
  folded = gb_text_fold (hay);
  return strstr (folded, self->needle) != NULL;
}

static void
search_changed_cb (GbCarryOverDialog *self)
{
  g_free (self->needle);
  self->needle = gb_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->search)));
  gtk_list_box_invalidate_filter (self->list);
}

/**
 * gb_carry_over_dialog_get_picked:
 *
 * Returns: (transfer full) (element-type gint64): the checked items, in the tracker's order
 */
GArray *
gb_carry_over_dialog_get_picked (GbCarryOverDialog *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n;

  g_return_val_if_fail (GB_IS_CARRY_OVER_DIALOG (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GbDirectiveItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      gint64 id = gb_directive_item_get_id (item);

      if (g_hash_table_contains (self->picked, &id))
        g_array_append_val (ids, id);
    }
  return ids;
}

static void
add_clicked_cb (GbCarryOverDialog *self)
{
  g_autoptr(GArray) ids = gb_carry_over_dialog_get_picked (self);

  g_signal_emit (self, signals[PICKED], 0, ids);
  gtk_window_close (GTK_WINDOW (self));
}

static void
gb_carry_over_dialog_dispose (GObject *object)
{
  GbCarryOverDialog *self = GB_CARRY_OVER_DIALOG (object);

  g_clear_object (&self->items);
  g_clear_pointer (&self->picked, g_hash_table_unref);
  g_clear_pointer (&self->needle, g_free);
  G_OBJECT_CLASS (gb_carry_over_dialog_parent_class)->dispose (object);
}

static void
gb_carry_over_dialog_class_init (GbCarryOverDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_carry_over_dialog_dispose;

  /**
   * GbCarryOverDialog::picked:
   * @ids: (element-type gint64): the checked items
   */
  signals[PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_ARRAY);
}

static void
gb_carry_over_dialog_init (GbCarryOverDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *placeholder = gtk_label_new (_("No open task matches."));

  self->picked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->items = g_list_store_new (GB_TYPE_DIRECTIVE_ITEM);
  gtk_window_set_title (GTK_WINDOW (self), _("Carry Over Unfinished Tasks"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->add_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (self->add_button, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->add_button), "suggested-action");
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->add_button));
  gtk_box_append (GTK_BOX (box), header);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (self->search), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->search), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->search), 6);
  g_object_set (self->search, "placeholder-text", _("Search tasks, documents, units"), NULL);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 12);
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_bottom (placeholder, 24);
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->items), create_row, self, NULL);
  gtk_list_box_set_filter_func (self->list, row_visible, self, NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (self), box);
  /* Typing searches at once, wherever the focus is (a space must not hit "Cancel"). */
  gtk_search_entry_set_key_capture_widget (self->search, GTK_WIDGET (self));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->search));
  update_add_button (self);
}

/**
 * gb_carry_over_dialog_new:
 * @today: YYYY-MM-DD that decides what is overdue (the meeting's date)
 *
 * Returns: (transfer none): the dialog listing every open task of the tracker
 */
GbCarryOverDialog *
gb_carry_over_dialog_new (GtkWindow  *parent,
                          GbStore    *store,
                          const char *today)
{
  GbCarryOverDialog *self;
  GbTrackerFilter filter = { .status = "open" };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  self = g_object_new (GB_TYPE_CARRY_OVER_DIALOG, "transient-for", parent, NULL);
  items = gb_store_tracker_query_items (store, &filter, today, &error);
  if (items == NULL)
    g_warning ("%s", error->message);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      GbTrackerItem *it = g_ptr_array_index (items, i);
      g_autoptr(GbDirectiveItem) item = NULL;

      if (!it->is_task)
        continue;
      item = gb_directive_item_new (g_steal_pointer (&items->pdata[i]), TRUE);
      g_list_store_append (self->items, item);
    }
  return self;
}
