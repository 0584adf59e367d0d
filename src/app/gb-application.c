/* gb-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-application.h"
#include "gb-renderer.h"
#include "gb-backup-actions.h"
#include "gb-boundaries-load.h"
#include "gb-demo.h"
#include "gb-first-run.h"
#include "gb-widget-dump.h"
#include "gb-store.h"
#include "gb-store-sync.h"
#include "gb-sync-setup.h"
#include "gb-task-reminders.h"
#include "gb-window.h"

struct _GbApplication
{
  AdwApplication  parent_instance;

  char           *database;   /* from --database, nullable */
  GbStore        *store;
  GbSyncClient   *sync;
  GbTaskReminders *reminders;
  GPtrArray      *to_import;  /* GFile: notices given on the command line or by a file manager */
  gboolean        opening;
  gboolean        outbox_enabled;  /* on the store, by the worker that opened it */
  gboolean        demo;       /* --demo: an empty database gets the demo without asking */
  gboolean        start_theme;  /* GTK_THEME set by gb_application_new(), for GTK's start */
};

G_DEFINE_FINAL_TYPE (GbApplication, gb_application, ADW_TYPE_APPLICATION)

/* What the worker found: the store, and on a first start the provinces to choose from. */
typedef struct
{
  GbStore   *store;
  gboolean   first_run;
  gboolean   outbox_enabled;
  GPtrArray *provinces;
} Opened;

static void
opened_free (Opened *opened)
{
  g_clear_object (&opened->store);
  g_clear_pointer (&opened->provinces, g_ptr_array_unref);
  g_free (opened);
}

static void
open_store_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GbApplication *self = source_object;
  const char *path = task_data;
  Opened *opened = g_new0 (Opened, 1);
  GError *error = NULL;

  /* Opening migrates, and reading the province list takes a moment: off the UI thread. */
  opened->store = gb_store_open (path, &error);
  if (opened->store == NULL)
    {
      opened_free (opened);
      g_task_return_error (task, error);
      return;
    }
  /* An empty database: the first start asks which province (or the demo). */
  opened->first_run = gb_first_run_needed (opened->store);
  if (opened->first_run && self->demo)
    {
      if (!gb_demo_load (opened->store, &error))
        {
          opened_free (opened);
          g_task_return_error (task, error);
          return;
        }
      opened->first_run = FALSE;
    }
  if (opened->first_run)
    opened->provinces = gb_first_run_list_provinces ();
  else
    {
      /* Edits are queued for the server from the window on: the outbox's triggers are made
       * here rather than on the UI thread (a failure is told when the sync is set up). */
      g_autoptr(GError) outbox_error = NULL;

      opened->outbox_enabled = gb_store_sync_enable_outbox (opened->store, &outbox_error);
    }
  g_task_return_pointer (task, opened, (GDestroyNotify) opened_free);
}

static void
show_error (GbApplication *self,
            const char    *message)
{
  GtkWidget *dialog;

  g_printerr ("giaoban: %s\n", message);
  dialog = adw_message_dialog_new (NULL, _("Could not open the database"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window, made if there is none, with the notices waiting to be imported handed to it. */
static void
present_window (GbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!GB_IS_WINDOW (window))
    window = GTK_WINDOW (gb_window_new (ADW_APPLICATION (self), self->store));
  gtk_window_present (window);
  if (self->to_import->len > 0)
    {
      gb_window_import_notices (GB_WINDOW (window), self->to_import);
      g_ptr_array_set_size (self->to_import, 0);
    }
}

/* The national set's boundaries and level data take the workers longer than the window takes
 * to be built: they start now, with the days of the date the window will show (the one it
 * remembers, else the last with data), and the map takes them when it asks. */
static void
preload_map (GbStore *store)
{
  g_autoptr(GSettings) settings = gb_application_settings ();
  g_autofree char *date = g_settings_get_string (settings, "date");
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  if (*date == '\0')
    gb_store_get_date_range (store, &first, &last);
  gb_boundaries_preload (store, *date ? date : last);
}

static void
store_ready (GbStore      *store,
             const GError *load_error,
             gpointer      user_data)
{
  GbApplication *self = GB_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;

  self->opening = FALSE;
  if (load_error != NULL)
    show_error (self, load_error->message);
  else
    {
      self->store = g_object_ref (store);
      /* Edits are queued for the server from now on; without a server they just wait. */
      self->sync = gb_sync_setup_new (store, self->outbox_enabled, &error);
      if (self->sync == NULL)
        g_warning ("Sync is off: %s", error->message);
      preload_map (store);
      present_window (self);
      self->reminders = gb_task_reminders_new (G_APPLICATION (self), store);
    }
  g_application_release (G_APPLICATION (self));
  g_object_unref (self);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GbApplication *self = GB_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  Opened *opened = g_task_propagate_pointer (G_TASK (result), &error);

  if (opened == NULL)
    {
      self->opening = FALSE;
      show_error (self, error->message);
      g_application_release (G_APPLICATION (self));
      return;
    }
  self->outbox_enabled = opened->outbox_enabled;
  if (opened->first_run)
    gb_first_run_present (GTK_APPLICATION (self), opened->store, g_steal_pointer (&opened->provinces), store_ready,
                          g_object_ref (self));
  else
    store_ready (opened->store, NULL, g_object_ref (self));
  opened_free (opened);
}

/* Opens the store in a worker; its window is presented once it is open (store_opened_cb). */
static void
open_store (GbApplication *self)
{
  g_autoptr(GTask) task = NULL;

  self->opening = TRUE;
  g_application_hold (G_APPLICATION (self));
  task = g_task_new (self, NULL, store_opened_cb, NULL);
  g_task_set_source_tag (task, open_store);
  g_task_set_task_data (task, gb_store_resolve_path (self->database), g_free);
  g_task_run_in_thread (task, open_store_thread);
}

static void
gb_application_activate (GApplication *app)
{
  GbApplication *self = GB_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL || self->store != NULL)
    {
      present_window (self);
      return;
    }
  /* Under way since the start-up: the window comes when the store is open. */
  if (self->opening)
    return;
  open_store (self);
}

/* Files given to the app are notices: each is read and shown for review in the Directives view. */
static void
gb_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  GbApplication *self = GB_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (self->to_import, g_object_ref (files[i]));
  g_application_activate (app);
}

static int
gb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  GbApplication *self = GB_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("giaoban %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "database", "^ay", &self->database);
  self->demo = g_variant_dict_contains (options, "demo");
  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "Giao Ban developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Giao Ban"),
                         "application-icon", APP_ID,
                         "developer-name", _("Giao Ban developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Briefings, zone maps and directive tracking for COVID-19 steering committees"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         "legal-sections", NULL,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Close windows properly so they save their state. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_close (windows->data);
      windows = next;
    }
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
gb_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *shortcuts_accels[] = { "<Control>question", NULL };

  /* The store opens (and migrates) in a worker while GTK starts, which takes the UI thread
   * for most of the time before a window can be built: activate() then only waits for it. */
  open_store (GB_APPLICATION (app));
  gtk_init ();
  /* GTK_THEME named libadwaita's empty theme for GTK's settings, made here (see
   * gb_application_new()); cleared before libadwaita looks at it. */
  if (GB_APPLICATION (app)->start_theme)
    {
      gtk_settings_get_default ();
      g_unsetenv ("GTK_THEME");
    }
  gb_renderer_choose (gdk_display_get_default ());
  G_APPLICATION_CLASS (gb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gb_backup_actions_install (GTK_APPLICATION (app), GB_APPLICATION (app)->database);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  /* The shortcuts window is the window's own, built when first shown (gb-window.c). */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);

  /* style.css and icons/ under the resource base path are AdwApplication's and GtkApplication's
   * to load (loading them here too parsed the styles twice and matched every rule twice). */
  /* Tests that drive the app with real events read what it shows (tests/drive-map.sh). */
  if (g_getenv ("GIAOBAN_DUMP_WIDGETS") != NULL)
    gb_widget_dump_start (g_getenv ("GIAOBAN_DUMP_WIDGETS"));
}

static void
gb_application_finalize (GObject *object)
{
  GbApplication *self = GB_APPLICATION (object);

  if (self->sync != NULL)
    gb_sync_client_stop_periodic (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->reminders);
  g_clear_object (&self->store);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->to_import, g_ptr_array_unref);
  G_OBJECT_CLASS (gb_application_parent_class)->finalize (object);
}

static void
gb_application_class_init (GbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = gb_application_finalize;
  app_class->activate = gb_application_activate;
  app_class->open = gb_application_open;
  app_class->startup = gb_application_startup;
  app_class->handle_local_options = gb_application_handle_local_options;
}

static void
gb_application_init (GbApplication *self)
{
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL, N_("Database to open (default: $GIAOBAN_DB, then the user data folder)"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the embedded demo in an empty database instead of asking which province"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[NOTICE…]"));
  self->to_import = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * gb_application_settings:
 *
 * The app's settings; when the schema is not installed (running from the build folder, the
 * tests) the copy compiled in the build is used.
 */
GSettings *
gb_application_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) build_source =
        g_settings_schema_source_new_from_directory (BUILD_SCHEMADIR, source, FALSE, NULL);

      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APP_ID, FALSE);
    }
  if (schema == NULL)
    g_error ("The settings schema %s is not installed", APP_ID);
  return g_settings_new_full (schema, NULL, NULL);
}

/**
 * gb_application_get_sync_client:
 *
 * Returns: (transfer none) (nullable): the sync with giaoband, once the database is open
 */
GbSyncClient *
gb_application_get_sync_client (GbApplication *self)
{
  g_return_val_if_fail (GB_IS_APPLICATION (self), NULL);
  return self->sync;
}

/**
 * gb_application_new:
 *
 * Makes the app. Call it before any thread is started: it may set GTK_THEME.
 *
 * GTK loads its theme when its settings are made: its full Adwaita stylesheet (82 M
 * instructions, about 20 ms here), which libadwaita replaces straight after with its own and
 * an empty GTK theme. Named in GTK_THEME, that empty theme is what GTK loads, parsing nothing;
 * startup() clears GTK_THEME again before libadwaita looks (it leaves its stylesheet out when
 * GTK_THEME is set) and before anything is spawned. A user's own GTK_THEME is left alone.
 * (Set here, while the process has one thread: setenv() is not safe beside other threads.)
 */
GbApplication *
gb_application_new (void)
{
  /* Non-unique: two databases may be open in two processes (a test copy and the real one). */
  GbApplication *self = g_object_new (GB_TYPE_APPLICATION,
                                      "application-id", APP_ID,
                                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                                      "resource-base-path", "/vn/giaoban/GiaoBan",
                                      NULL);

  if (g_getenv ("GTK_THEME") == NULL)
    self->start_theme = g_setenv ("GTK_THEME", "Adwaita-empty", TRUE);
  gb_renderer_reserve ();
  return self;
}
