/* gb-first-run.c — the first start on an empty database: which province, or the demo
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A committee works on its own province. An empty database used to get the Ninh Thuận demo
 * without a word; now the first start asks: a province of the national set (its districts and
 * communes keyed by GSO codes, no series yet), the demo (with simulated commune series), or an
 * empty database to import into. The loading runs in a worker thread.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-demo.h"
#include "gb-first-run.h"
#include "gb-national.h"

typedef struct
{
  GbStore            *store;
  GPtrArray          *provinces;   /* GbUnit, nullable */
  GtkDropDown        *dropdown;
  char               *choice;      /* "demo", "empty" or a province code */
  GbFirstRunDoneFunc  done;
  gpointer            user_data;
} FirstRun;

static void
first_run_free (FirstRun *fr)
{
  g_clear_object (&fr->store);
  g_clear_pointer (&fr->provinces, g_ptr_array_unref);
  g_free (fr->choice);
  g_free (fr);
}

/**
 * gb_first_run_needed:
 *
 * An empty database that has not declined the demo: the first start.
 */
gboolean
gb_first_run_needed (GbStore *store)
{
  g_autofree char *declined = gb_store_get_meta (store, "demo-declined");

  return gb_store_is_empty (store) && declined == NULL;
}

/**
 * gb_first_run_list_provinces:
 *
 * Returns: (transfer full) (nullable): the provinces of the installed national set, %NULL when
 *   it is not installed. Reads a file: call it off the UI thread.
 */
GPtrArray *
gb_first_run_list_provinces (void)
{
  g_autofree char *codes = gb_national_data_file ("admin-codes-2021-11-01.json");
  g_autofree char *geojson = gb_national_data_file ("communes-vietnam-2009.geojson");
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  if (codes == NULL || geojson == NULL)
    return NULL;
  if ((list = gb_national_list_provinces (codes, &error)) == NULL)
    g_warning ("The national data cannot be read: %s", error->message);
  return list;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FirstRun *fr = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_strcmp0 (fr->choice, "demo") == 0)
    ok = gb_demo_load (fr->store, &error);
  else if (g_strcmp0 (fr->choice, "empty") == 0)
    ok = gb_demo_decline (fr->store, &error);
  else
    {
      g_autofree char *codes = gb_national_data_file ("admin-codes-2021-11-01.json");
      g_autofree char *geojson = gb_national_data_file ("communes-vietnam-2009.geojson");
      g_autoptr(GbNationalJoin) join = NULL;

      ok = codes != NULL && geojson != NULL &&
           (join = gb_national_join (geojson, codes, fr->choice, &error)) != NULL &&
           gb_national_load_units (fr->store, join, NULL, &error) &&
           gb_demo_decline (fr->store, &error);
      if (!ok && error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The national data is not installed"));
    }
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  FirstRun *fr = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  fr->done (fr->store, error, fr->user_data);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  FirstRun *fr = user_data;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, loaded_cb, NULL);

  if (g_strcmp0 (response, "province") == 0 && fr->provinces != NULL)
    {
      guint i = gtk_drop_down_get_selected (fr->dropdown);
      GbUnit *p = i < fr->provinces->len ? g_ptr_array_index (fr->provinces, i) : NULL;

      fr->choice = g_strdup (p ? p->code : "empty");
    }
  else
    fr->choice = g_strdup (g_strcmp0 (response, "demo") == 0 ? "demo" : "empty");
  g_task_set_source_tag (task, response_cb);
  g_task_set_task_data (task, fr, (GDestroyNotify) first_run_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * gb_first_run_present:
 * @app: (nullable): the application the dialog keeps running
 * @provinces: (transfer full) (nullable): from gb_first_run_list_provinces()
 * @done: called on the UI thread once the choice is loaded (or failed)
 *
 * Asks which province to work on, or the demo, or an empty database.
 */
void
gb_first_run_present (GtkApplication     *app,
                      GbStore            *store,
                      GPtrArray          *provinces,
                      GbFirstRunDoneFunc  done,
                      gpointer            user_data)
{
  FirstRun *fr = g_new0 (FirstRun, 1);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  AdwMessageDialog *dialog;

  g_return_if_fail (app == NULL || GTK_IS_APPLICATION (app));
  g_return_if_fail (GB_IS_STORE (store));

  fr->store = g_object_ref (store);
  fr->provinces = provinces;
  fr->done = done;
  fr->user_data = user_data;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("Which province do you work on?"), NULL));
  if (app != NULL)
    gtk_window_set_application (GTK_WINDOW (dialog), app);
  gtk_window_set_title (GTK_WINDOW (dialog), _("Giao Ban"));
  if (provinces != NULL && provinces->len > 0)
    {
      /* The search matches the start of a name: "Ninh Thuận · 58", not "Tỉnh Ninh Thuận". */
      for (guint i = 0; i < provinces->len; i++)
        {
          GbUnit *p = g_ptr_array_index (provinces, i);
          const char *bare = p->name;
          g_autofree char *shown = NULL;

          if (g_str_has_prefix (bare, "Tỉnh "))
            bare += strlen ("Tỉnh ");
          else if (g_str_has_prefix (bare, "Thành phố "))
            bare += strlen ("Thành phố ");
          shown = g_strdup_printf ("%s · %s", bare, p->code);
          gtk_string_list_append (names, shown);
        }
      /* Searched by name: type "Ninh" to find Tỉnh Ninh Bình and Tỉnh Ninh Thuận. */
      fr->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)),
                                                       gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                                                    "string")));
      gtk_drop_down_set_enable_search (fr->dropdown, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (fr->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Province"), -1);
      adw_message_dialog_set_extra_child (dialog, GTK_WIDGET (fr->dropdown));
      adw_message_dialog_set_body (dialog, _("Giao Ban loads the province's districts and communes, with their GSO "
                                             "codes; the daily numbers come from your imports or the province's "
                                             "server. Or look around first in the Ninh Thuận demo, whose commune "
                                             "numbers are simulated (it can be removed later with "
                                             "“giaoban-cli demo remove”)."));
      adw_message_dialog_add_responses (dialog, "empty", _("_Empty Database"), "demo", _("Open the _Demo"),
                                        "province", _("_Load Province"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "province", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "province");
    }
  else
    {
      adw_message_dialog_set_body (dialog, _("The national data set is not installed, so no province can be loaded "
                                             "here: start with an empty database and import the province's boundaries "
                                             "(“giaoban-cli import-boundaries”), or look around in the Ninh Thuận demo, "
                                             "whose commune numbers are simulated."));
      adw_message_dialog_add_responses (dialog, "empty", _("_Empty Database"), "demo", _("Open the _Demo"), NULL);
      adw_message_dialog_set_default_response (dialog, "demo");
    }
  adw_message_dialog_set_close_response (dialog, "demo");
  adw_message_dialog_set_response_appearance (dialog, "demo",
                                              fr->dropdown ? ADW_RESPONSE_DEFAULT : ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), fr);
  gtk_window_present (GTK_WINDOW (dialog));
}
