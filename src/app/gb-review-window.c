/* gb-review-window.c — the Review queue
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every value held for review (gb-store-review.h), oldest first, as rows of a list bound to a
 * model of items: what was received, why it was held, the value in use meanwhile; "Confirm"
 * writes the value received, "Correct" the one typed beside it. The decision keeps who made
 * it (the user's name), when, and the reason typed at the top; it syncs like every edit.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gb-review-window.h"
#include "gb-store-review.h"
#include "gb-text.h"

/* One held value as a list item. */
#define GB_TYPE_REVIEW_OBJECT (gb_review_object_get_type ())
G_DECLARE_FINAL_TYPE (GbReviewObject, gb_review_object, GB, REVIEW_OBJECT, GObject)

struct _GbReviewObject
{
  GObject       parent_instance;
  GbReviewItem *item;
};

G_DEFINE_FINAL_TYPE (GbReviewObject, gb_review_object, G_TYPE_OBJECT)

static void
gb_review_object_finalize (GObject *object)
{
  g_clear_pointer (&GB_REVIEW_OBJECT (object)->item, gb_review_item_free);
  G_OBJECT_CLASS (gb_review_object_parent_class)->finalize (object);
}

static void
gb_review_object_class_init (GbReviewObjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_review_object_finalize;
}

static void
gb_review_object_init (GbReviewObject *self)
{
}

struct _GbReviewWindow
{
  AdwWindow       parent_instance;

  GtkListBox     *list;
  GtkEntry       *why;
  AdwToastOverlay *toasts;
  GtkStack       *stack;
  GListStore     *items;
  GbStore        *store;
};

G_DEFINE_FINAL_TYPE (GbReviewWindow, gb_review_window, ADW_TYPE_WINDOW)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
reload (GbReviewWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = gb_store_review_list (self->store, FALSE, &error);

  g_list_store_remove_all (self->items);
  if (items == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      GbReviewObject *obj = g_object_new (GB_TYPE_REVIEW_OBJECT, NULL);

      obj->item = g_steal_pointer (&items->pdata[i]);
      g_list_store_append (self->items, obj);
      g_object_unref (obj);
    }
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
}

static void
decide (GbReviewWindow *self, GtkWidget *button, gboolean correct)
{
  GbReviewObject *obj = g_object_get_data (G_OBJECT (button), "item");
  GtkEntry *value = g_object_get_data (G_OBJECT (button), "value");
  g_autoptr(GError) error = NULL;
  const char *who = g_strcmp0 (g_get_real_name (), "Unknown") != 0 ? g_get_real_name () : g_get_user_name ();
  const char *why = gtk_editable_get_text (GTK_EDITABLE (self->why));
  gboolean ok;

  if (correct)
    {
      gint64 n;

      if (!g_ascii_string_to_signed (gtk_editable_get_text (GTK_EDITABLE (value)), 10, 0, G_MAXINT64, &n, NULL))
        {
          gtk_widget_add_css_class (GTK_WIDGET (value), "error");
          adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Type the right count (0 or more) beside Correct")));
          return;
        }
      ok = gb_store_review_correct (self->store, obj->item->uid, n, who, why, &error);
    }
  else
    ok = gb_store_review_confirm (self->store, obj->item->uid, who, why, &error);
  if (!ok)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  reload (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
confirm_cb (GtkWidget *button, GbReviewWindow *self)
{
  decide (self, button, FALSE);
}

static void
correct_cb (GtkWidget *button, GbReviewWindow *self)
{
  decide (self, button, TRUE);
}

static GtkWidget *
create_row_cb (gpointer item, gpointer user_data)
{
  GbReviewWindow *self = user_data;
  GbReviewObject *obj = item;
  const GbReviewItem *it = obj->item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_entry_new ();
  GtkWidget *correct = gtk_button_new_with_label (_("Correct"));
  GtkWidget *confirm = gtk_button_new_with_label (_("Confirm"));
  g_autofree char *date = gb_text_format_date (it->date);
  g_autofree char *received = gb_text_format_count (it->value);
  g_autofree char *in_use = it->in_use >= 0 ? gb_text_format_count (it->in_use) : g_strdup ("—");
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *why = NULL;

  /* Translators: a held value: the commune, the day, the field and the value received */
  title = g_strdup_printf (_("%s, %s: %s %s"), it->unit_name ? it->unit_name : it->unit_code, date, it->field, received);
  if (!isnan (it->median))
    why = g_strdup_printf (_("%s (%g)"), gb_review_rule_describe (it), it->median);
  else
    why = g_strdup (gb_review_rule_describe (it));
  /* Translators: why a value is held, and the value used meanwhile */
  subtitle = g_strdup_printf (_("Held: %s · in use meanwhile: %s"), why, in_use);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_entry_set_placeholder_text (GTK_ENTRY (value), _("Right value"));
  gtk_editable_set_width_chars (GTK_EDITABLE (value), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Right value"), -1);
  gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (correct, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (confirm, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (confirm, "suggested-action");
  g_object_set_data (G_OBJECT (correct), "item", obj);
  g_object_set_data (G_OBJECT (correct), "value", value);
  g_object_set_data (G_OBJECT (confirm), "item", obj);
  g_signal_connect (correct, "clicked", G_CALLBACK (correct_cb), self);
  g_signal_connect (confirm, "clicked", G_CALLBACK (confirm_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), correct);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), confirm);
  return row;
}

static void
gb_review_window_dispose (GObject *object)
{
  GbReviewWindow *self = GB_REVIEW_WINDOW (object);

  g_clear_object (&self->items);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gb_review_window_parent_class)->dispose (object);
}

static void
gb_review_window_class_init (GbReviewWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_review_window_dispose;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gb_review_window_init (GbReviewWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *intro = gtk_label_new (_("These values are far outside the commune's recent range, negative, or a total that "
                                      "fell. They do not reach the map, the charts or the levels until someone confirms "
                                      "or corrects them; the last confirmed value is used meanwhile."));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();

  self->items = g_list_store_new (GB_TYPE_REVIEW_OBJECT);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  self->stack = GTK_STACK (gtk_stack_new ());
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  self->why = GTK_ENTRY (gtk_entry_new ());
  gtk_window_set_title (GTK_WINDOW (self), _("Review Held Values"));
  gtk_window_set_default_size (GTK_WINDOW (self), 820, 560);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_entry_set_placeholder_text (self->why, _("Why (kept with each decision)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->why), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Why (kept with each decision)"), -1);
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->items), create_row_cb, self, NULL);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_box_append (GTK_BOX (content), intro);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->why));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Value Waits for Review"));
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_stack_add_named (self->stack, empty, "empty");
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);
}

GbReviewWindow *
gb_review_window_new (GtkWindow *parent,
                      GbStore   *store)
{
  GbReviewWindow *self;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  self = g_object_new (GB_TYPE_REVIEW_WINDOW, "transient-for", parent, "modal", FALSE, NULL);
  self->store = g_object_ref (store);
  reload (self);
  return self;
}
