/* gb-backup-actions.c — the app's Back Up, Restore and Help actions
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The copy runs in a worker thread on a connection of its own (the window's connection
 * belongs to the UI thread); SQLite's backup API keeps it consistent while the window reads
 * and writes. After a restore the windows are made again, so every view reads the restored
 * rows.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-backup-actions.h"
#include "gb-store-backup.h"

typedef struct
{
  GtkApplication *app;
  char           *db_path;
  char           *file;
  char           *kept;
  gboolean        restore;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->app);
  g_free (job->db_path);
  g_free (job->file);
  g_free (job->kept);
  g_free (job);
}

static void
message (GtkApplication *app,
         const char     *heading,
         const char     *body)
{
  GtkWidget *dialog = adw_message_dialog_new (gtk_application_get_active_window (app), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GbStore) store = NULL;
  GError *error = NULL;
  gboolean ok;

  if (job->restore && !gb_store_check_backup (job->file, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  store = gb_store_open (job->db_path, &error);
  ok = store != NULL && (job->restore ? gb_store_restore (store, job->file, &job->kept, &error)
                                      : gb_store_backup (store, job->file, &error));
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The windows show the database's rows as they were read: make them again. */
static void
reopen_windows (GtkApplication *app)
{
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  g_application_hold (G_APPLICATION (app));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  g_application_activate (G_APPLICATION (app));
  g_application_release (G_APPLICATION (app));
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      message (job->app, job->restore ? _("Could not restore the database") : _("Could not back up the database"),
               error->message);
      return;
    }
  if (!job->restore)
    {
      body = g_strdup_printf (_("The database was copied to %s."), job->file);
      message (job->app, _("Backed Up"), body);
      return;
    }
  reopen_windows (job->app);
  body = g_strdup_printf (_("The database now holds %s. The database as it was before is kept in %s."), job->file,
                          job->kept);
  message (job->app, _("Restored"), body);
}

static void
run_job (GtkApplication *app,
         const char     *file,
         gboolean        restore)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, job_done_cb, NULL);
  Job *job = g_new0 (Job, 1);

  job->app = g_object_ref (app);
  job->db_path = gb_store_resolve_path (g_object_get_data (G_OBJECT (app), "gb-database"));
  job->file = g_strdup (file);
  job->restore = restore;
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
confirm_cb (AdwMessageDialog *dialog,
            const char       *response,
            gpointer          user_data)
{
  char *file = g_object_get_data (G_OBJECT (dialog), "file");

  if (g_strcmp0 (response, "restore") == 0)
    run_job (GTK_APPLICATION (user_data), file, TRUE);
}

static void
chooser_cb (GtkNativeDialog *native,
            int              response,
            gpointer         user_data)
{
  GtkApplication *app = user_data;
  gboolean restore = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "restore"));
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  path = file ? g_file_get_path (file) : NULL;
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  if (path == NULL)
    return;
  if (!restore)
    {
      run_job (app, path, FALSE);
      return;
    }
  {
    g_autofree char *body = g_strdup_printf (_("Everything in the database is replaced by the contents of %s. "
                                               "The database as it is now is kept beside it."), path);
    GtkWidget *dialog = adw_message_dialog_new (gtk_application_get_active_window (app),
                                                _("Restore the Database?"), body);

    adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "restore", _("_Restore"), NULL);
    adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
    g_object_set_data_full (G_OBJECT (dialog), "file", g_steal_pointer (&path), g_free);
    g_signal_connect (dialog, "response", G_CALLBACK (confirm_cb), app);
    gtk_window_present (GTK_WINDOW (dialog));
  }
}

static void
choose (GtkApplication *app,
        gboolean        restore)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (restore ? _("Restore the Database From") : _("Back Up the Database To"),
                                        gtk_application_get_active_window (app),
                                        restore ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE,
                                        restore ? _("_Restore") : _("_Back Up"), _("_Cancel"));
  if (!restore)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *name = g_date_time_format (now, "giaoban-%Y-%m-%d.db");

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_object_set_data (G_OBJECT (native), "restore", GINT_TO_POINTER (restore));
  g_signal_connect (native, "response", G_CALLBACK (chooser_cb), app);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
backup_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  choose (GTK_APPLICATION (user_data), FALSE);
}

static void
restore_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  choose (GTK_APPLICATION (user_data), TRUE);
}

/* The help pages (the Mallard pages of help/C) are installed for Yelp under DATADIR/help/C/giaoban. */
static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (user_data)), "help:giaoban", GDK_CURRENT_TIME);
}

static const GActionEntry actions[] = {
  { "backup", backup_action },
  { "restore", restore_action },
  { "help", help_action },
};

/**
 * gb_backup_actions_install:
 * @database: (nullable): the database the app was told to open (--database), else the default
 *
 * Adds app.backup, app.restore and app.help (F1).
 */
void
gb_backup_actions_install (GtkApplication *app,
                           const char     *database)
{
  const char *help_accels[] = { "F1", NULL };

  g_return_if_fail (GTK_IS_APPLICATION (app));
  g_object_set_data_full (G_OBJECT (app), "gb-database", g_strdup (database), g_free);
  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  gtk_application_set_accels_for_action (app, "app.help", help_accels);
}
