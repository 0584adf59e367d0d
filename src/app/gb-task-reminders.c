/* gb-task-reminders.c — the morning reminder of due and overdue tasks, as a notification
 *
 * When the app starts, and each morning at 7 while it runs, a desktop notification says which
 * tasks fall due within three days and which became overdue since the last reminder, by unit
 * (the text comes from gb_task_reminder_compose()). Clicking it opens the Directives view with
 * only those items. The setting "task-reminders" (Preferences) turns it off, read at start and
 * each morning; turned on again, today's reminder comes at once; "task-reminders-last" keeps the day of the last one so
 * a restart the same day does not repeat it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "gb-store-tracker.h"
#include "gb-task-reminder.h"
#include "gb-application.h"
#include "gb-task-reminders.h"

#define REMINDER_HOUR 7
#define DAYS_AHEAD 3
#define FIRST_CHECK_S 2   /* after start */

struct _GbTaskReminders
{
  GObject       parent_instance;

  GSettings    *settings;
  GbStore      *store;
  GApplication *app;          /* borrowed: the app owns this object */
  guint         timeout_id;
};

G_DEFINE_FINAL_TYPE (GbTaskReminders, gb_task_reminders, G_TYPE_OBJECT)

static void schedule (GbTaskReminders *self);

static void
show_tasks_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GbTaskReminders *self = user_data;
  GtkWindow *window;

  g_application_activate (self->app);
  window = gtk_application_get_active_window (GTK_APPLICATION (self->app));
  if (window != NULL && parameter != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-items", parameter);
  else if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "directives");
}

static gboolean
morning_cb (gpointer user_data)
{
  GbTaskReminders *self = user_data;

  self->timeout_id = 0;
  gb_task_reminders_check (self);
  schedule (self);
  return G_SOURCE_REMOVE;
}

/* Wakes at the next 7 o'clock, local time. */
static void
schedule (GbTaskReminders *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), REMINDER_HOUR, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_compare (today, now) > 0 ? g_date_time_ref (today)
                                                                   : g_date_time_add_days (today, 1);
  GTimeSpan wait = g_date_time_difference (next, now);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds ((guint) MAX (60, wait / G_TIME_SPAN_SECOND), morning_cb, self);
}

/* Turned on again: today's reminder, if not sent yet, comes now rather than tomorrow. */
static void
enabled_changed_cb (GbTaskReminders *self)
{
  if (g_settings_get_boolean (self->settings, "task-reminders"))
    gb_task_reminders_check (self);
}

static void
gb_task_reminders_dispose (GObject *object)
{
  GbTaskReminders *self = GB_TASK_REMINDERS (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gb_task_reminders_parent_class)->dispose (object);
}

static void
gb_task_reminders_class_init (GbTaskRemindersClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_task_reminders_dispose;
}

static void
gb_task_reminders_init (GbTaskReminders *self)
{
  self->settings = gb_application_settings ();
}

/**
 * gb_task_reminders_check:
 *
 * Sends today's reminder unless reminders are off, today's was sent already, or nothing is due
 * or overdue.
 *
 * Returns: whether a notification was sent
 */
gboolean
gb_task_reminders_check (GbTaskReminders *self)
{
  g_autofree char *today = gb_tracker_today ();
  g_autofree char *last = NULL;
  g_autoptr(GbTaskReminder) r = NULL;
  g_autoptr(GNotification) n = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GB_IS_TASK_REMINDERS (self), FALSE);

  if (!g_settings_get_boolean (self->settings, "task-reminders"))
    return FALSE;
  last = g_settings_get_string (self->settings, "task-reminders-last");
  if (g_strcmp0 (last, today) == 0)
    return FALSE;
  /* No session bus, no notification server to show it (GLib would only complain): today's
   * reminder waits for a session that has one. */
  if (g_application_get_dbus_connection (self->app) == NULL)
    return FALSE;
  r = gb_task_reminder_compose (self->store, today, DAYS_AHEAD, *last ? last : NULL, &error);
  g_settings_set_string (self->settings, "task-reminders-last", today);
  if (r == NULL)
    {
      if (error != NULL)
        g_warning ("No task reminder: %s", error->message);
      return FALSE;
    }
  n = g_notification_new (r->title);
  g_notification_set_body (n, r->body);
  /* The target names the items, so the click shows exactly those even days later. */
  g_notification_set_default_action_and_target_value (
    n, "app.show-tasks",
    g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, r->item_ids->data, r->item_ids->len, sizeof (gint64)));
  g_application_send_notification (self->app, "task-reminder", n);
  return TRUE;
}

/**
 * gb_task_reminders_new:
 *
 * Checks shortly after start, then each morning; adds the action "app.show-tasks" the notification opens.
 *
 * Returns: (transfer full): the reminders, to keep as long as @app runs
 */
GbTaskReminders *
gb_task_reminders_new (GApplication *app,
                       GbStore      *store)
{
  GbTaskReminders *self;
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-tasks", G_VARIANT_TYPE ("ax"));

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  self = g_object_new (GB_TYPE_TASK_REMINDERS, NULL);
  self->app = app;
  self->store = g_object_ref (store);
  g_signal_connect_object (action, "activate", G_CALLBACK (show_tasks_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
  g_signal_connect_object (self->settings, "changed::task-reminders", G_CALLBACK (enabled_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* The first check (a query and a notification) waits until the window is up: nothing of it
   * belongs in the window's first frame. */
  self->timeout_id = g_timeout_add_seconds (FIRST_CHECK_S, morning_cb, self);
  return self;
}
