/* gb-preferences.c — the app's preferences: the morning task reminder
 *
 * The switch is bound to the GSettings key the reminders read at start and each morning
 * (gb-task-reminders.c), so turning it off takes effect the next time they would speak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-application.h"
#include "gb-preferences.h"

struct _GbPreferences
{
  AdwPreferencesWindow  parent_instance;

  GtkSwitch            *reminders_switch;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (GbPreferences, gb_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static void
gb_preferences_dispose (GObject *object)
{
  GbPreferences *self = GB_PREFERENCES (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (gb_preferences_parent_class)->dispose (object);
}

static void
gb_preferences_class_init (GbPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_preferences_dispose;
}

static void
gb_preferences_init (GbPreferences *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  self->settings = gb_application_settings ();
  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 360);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  adw_preferences_page_set_title (page, _("General"));
  adw_preferences_page_set_icon_name (page, "preferences-system-symbolic");
  adw_preferences_group_set_title (group, _("Directives"));

  self->reminders_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_name (GTK_WIDGET (self->reminders_switch), "task-reminders");
  gtk_widget_set_valign (GTK_WIDGET (self->reminders_switch), GTK_ALIGN_CENTER);
  g_settings_bind (self->settings, "task-reminders", self->reminders_switch, "active", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Task _reminders"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (row, _("When the app starts and each morning at 7, a notification lists the tasks "
                                      "due within three days and those that became overdue"));
  adw_action_row_add_suffix (row, GTK_WIDGET (self->reminders_switch));
  adw_action_row_set_activatable_widget (row, GTK_WIDGET (self->reminders_switch));
  adw_preferences_group_add (group, GTK_WIDGET (row));

  adw_preferences_page_add (page, group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
}

/**
 * gb_preferences_new:
 *
 * Returns: (transfer none): the preferences window, modal over @parent
 */
GbPreferences *
gb_preferences_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (GB_TYPE_PREFERENCES, "transient-for", parent, "modal", TRUE, NULL);
}
