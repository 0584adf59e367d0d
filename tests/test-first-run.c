/* test-first-run.c — the first start asks which province (or the demo) and loads the choice
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "gb-demo.h"
#include "gb-first-run.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"

typedef struct
{
  gboolean done;
  gboolean failed;
} Result;

static void
done_cb (GbStore      *store,
         const GError *error,
         gpointer      user_data)
{
  Result *r = user_data;

  r->done = TRUE;
  r->failed = error != NULL;
}

/* An empty database asks; choosing the demo loads it, and the question is not asked again. */
static void
test_demo_choice (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  Result r = { 0 };
  GtkWidget *dialog;

  g_assert_true (gb_first_run_needed (store));
  gb_first_run_present (NULL, store, NULL, done_cb, &r);
  dialog = gb_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 2000);
  g_assert_nonnull (dialog);
  /* Without the national data: the demo or an empty database, no province list. */
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "demo"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "empty"));
  g_assert_false (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "province"));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "demo");
  for (int i = 0; i < 300 && !r.done; i++)
    gb_test_spin (50);
  g_assert_true (r.done);
  g_assert_false (r.failed);
  g_assert_true (gb_demo_is_loaded (store));
  g_assert_false (gb_first_run_needed (store));
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A province of the national set: its communes by GSO code, no demo, not asked again. */
static void
test_province_choice (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbUnit) commune = NULL;
  g_autoptr(GPtrArray) provinces = NULL;
  Result r = { 0 };
  GtkWidget *dialog;
  GtkWidget *dropdown;
  guint ninh_thuan = G_MAXUINT;

  if ((provinces = gb_first_run_list_provinces ()) == NULL)
    {
      g_test_skip ("the national data set is not installed nor beside the source tree");
      return;
    }
  for (guint i = 0; i < provinces->len; i++)
    if (g_strcmp0 (((GbUnit *) g_ptr_array_index (provinces, i))->code, "58") == 0)
      ninh_thuan = i;
  g_assert_cmpuint (ninh_thuan, <, provinces->len);
  store = gb_store_open (path, &error);
  gb_first_run_present (NULL, store, g_steal_pointer (&provinces), done_cb, &r);
  dialog = gb_test_wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 2000);
  dropdown = gb_test_find_widget (dialog, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), ninh_thuan);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "province");
  for (int i = 0; i < 600 && !r.done; i++)
    gb_test_spin (50);
  g_assert_true (r.done);
  g_assert_false (r.failed);
  g_assert_false (gb_demo_is_loaded (store));
  g_assert_false (gb_first_run_needed (store));
  commune = gb_store_get_unit (store, "22738", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (commune->name, ==, "Phường Đô Vinh");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* A dialog shown here (no session bus under xvfb-run) warns that it has none: that is the test
   * machine, not the dialog. The structured log writer does not ask a fatal handler about
   * warnings, so warnings are not fatal in this test; criticals stay fatal. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_test_add_func ("/first-run/demo", test_demo_choice);
  g_test_add_func ("/first-run/province", test_province_choice);
  return g_test_run ();
}
