/* gb-as-of-button.c — the header bar's "as of" control
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A menu button saying which numbers are shown ("Latest numbers", or "As of 20/09/2021 14:30"
 * highlighted), with a popover to type a moment. Applying it sets the store's as-of moment
 * (gb_store_set_as_of()) and emits ::changed: the window shows every view again, the map,
 * the charts and the levels as the committee saw them then.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-as-of-button.h"
#include "gb-date.h"

struct _GbAsOfButton
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;
  GtkEntry      *entry;
  GtkLabel      *message;
  GbStore       *store;
};

G_DEFINE_FINAL_TYPE (GbAsOfButton, gb_as_of_button, GTK_TYPE_WIDGET)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update_label (GbAsOfButton *self)
{
  const char *as_of = self->store ? gb_store_get_as_of (self->store) : NULL;
  g_autofree char *when = gb_date_format_moment (as_of);
  g_autofree char *label = NULL;

  if (when == NULL)
    {
      gtk_menu_button_set_label (self->button, _("Latest Numbers"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->button), "as-of-active");
      return;
    }
  /* Translators: the header bar's control while the numbers shown are those of a past moment */
  label = g_strdup_printf (_("As of %s"), when);
  gtk_menu_button_set_label (self->button, label);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "as-of-active");
}

gboolean
gb_as_of_button_apply (GbAsOfButton *self,
                       const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moment = NULL;

  g_return_val_if_fail (GB_IS_AS_OF_BUTTON (self), FALSE);

  if (self->store == NULL)
    return FALSE;
  if (text != NULL && (moment = gb_date_parse_moment (text)) == NULL)
    {
      gtk_label_set_text (self->message, _("Type a day and a time: 2021-09-20 14:30"));
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      return FALSE;
    }
  if (!gb_store_set_as_of (self->store, moment, &error))
    {
      gtk_label_set_text (self->message, error->message);
      return FALSE;
    }
  gtk_label_set_text (self->message, "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  update_label (self);
  gtk_menu_button_popdown (self->button);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

static void
show_cb (GbAsOfButton *self)
{
  gb_as_of_button_apply (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

static void
latest_cb (GbAsOfButton *self)
{
  gb_as_of_button_apply (self, NULL);
}

static void
gb_as_of_button_dispose (GObject *object)
{
  GbAsOfButton *self = GB_AS_OF_BUTTON (object);

  g_clear_pointer ((GtkWidget **) &self->button, gtk_widget_unparent);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gb_as_of_button_parent_class)->dispose (object);
}

static void
gb_as_of_button_class_init (GbAsOfButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_as_of_button_dispose;
  /* The numbers shown changed: every view shows them again. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gb_as_of_button_init (GbAsOfButton *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Show the numbers as they stood at"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *show = gtk_button_new_with_mnemonic (_("_Show"));
  GtkWidget *latest = gtk_button_new_with_mnemonic (_("_Latest Numbers"));
  GtkWidget *popover = gtk_popover_new ();

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button),
                               _("Show the map, charts and levels as of a past moment"));
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->entry, "2021-09-20 14:30");
  gtk_entry_set_activates_default (self->entry, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Moment (day and time)"), -1);
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (show, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), latest);
  gtk_box_append (GTK_BOX (buttons), show);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (self->button, popover);
  g_signal_connect_swapped (show, "clicked", G_CALLBACK (show_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (show_cb), self);
  g_signal_connect_swapped (latest, "clicked", G_CALLBACK (latest_cb), self);
  update_label (self);
}

void
gb_as_of_button_set_store (GbAsOfButton *self,
                           GbStore      *store)
{
  g_return_if_fail (GB_IS_AS_OF_BUTTON (self));

  g_set_object (&self->store, store);
  gtk_widget_set_visible (GTK_WIDGET (self), store != NULL);
  update_label (self);
}
