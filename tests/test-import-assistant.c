/* test-import-assistant.c — the import assistant: a workbook read, a column fixed by its
 * choice, the import written and said
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "gb-import-assistant.h"
#include "gb-store.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"
#include "gb-test-workbook.h"

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (ADW_IS_COMBO_ROW (c) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), title) == 0)
        return c;
      if ((found = find_row (c, title)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), label) == 0)
        return c;
      if ((found = find_button (c, label)) != NULL)
        return found;
    }
  return NULL;
}

/* Spins until a label shows @text, for up to 10 s. */
static void
wait_label (GtkWidget  *root,
            const char *text)
{
  for (int i = 0; i < 200 && !gb_test_find_label (root, text); i++)
    gb_test_spin (50);
  if (!gb_test_find_label (root, text))
    g_error ("no label shows “%s”", text);
}

static void
test_import (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GArray) reports = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GbUnit commune = { .code = (char *) "22738", .level = GB_UNIT_LEVEL_COMMUNE, .name = (char *) "Phường Đô Vinh",
                     .population = 10000, .pop_18 = -1, .pop_65 = -1 };
  GbImportAssistant *assistant;
  GtkWidget *import, *row;

  g_assert_no_error (error);
  g_assert_true (gb_store_put_unit (store, &commune, NULL, &error));
  gb_test_workbook_add_sheet (book, "Ca mắc",
                              "BÁO CÁO SỐ CA MẮC\n"
                              "Tên xã\tNgày\tCa cộng đồng\tNhiệt độ\n"
                              "Đô Vinh\t@44470\t#3\t#37\n"
                              "Đô Vinh\t02/10/2021\t#4\t#36\n"
                              "Tổng cộng\t\t#7\t\n");
  bytes = gb_test_workbook_xlsx (book);
  xlsx = gb_test_write_temp ("ca-mac.xlsx", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  file = g_file_new_for_path (xlsx);
  before = gb_test_fingerprint (path);

  assistant = gb_import_assistant_new (NULL, store);
  gtk_window_present (GTK_WINDOW (assistant));
  gb_import_assistant_open (assistant, file);
  wait_label (GTK_WIDGET (assistant), "1 problem: nothing will be imported until it is fixed");
  g_assert_true (gb_test_find_label (GTK_WIDGET (assistant), "Header in row 2, one row per unit and day"));
  g_assert_true (gb_test_find_label (GTK_WIDGET (assistant), "unknown column “Nhiệt độ”"));
  g_assert_true (gb_test_find_label (GTK_WIDGET (assistant), "a total row (“Tổng cộng”)"));
  g_assert_true (gb_test_find_label (GTK_WIDGET (assistant), "01/10/2021"));   /* the preview's date cell */
  import = find_button (GTK_WIDGET (assistant), "_Import");
  g_assert_nonnull (import);
  g_assert_false (gtk_widget_get_sensitive (import));

  /* The unknown column is set aside: the table is read again, with no problem left. */
  row = find_row (GTK_WIDGET (assistant), "Nhiệt độ");
  g_assert_nonnull (row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row))) - 1);
  wait_label (GTK_WIDGET (assistant), "No problems: ready to import");
  import = find_button (GTK_WIDGET (assistant), "_Import");
  g_assert_true (gtk_widget_get_sensitive (import));
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);

  gtk_widget_activate (import);
  wait_label (GTK_WIDGET (assistant), "Imported 2 days of 1 units, 2021-10-01 to 2021-10-02");
  reports = gb_store_get_case_reports (store, "22738", "2021-10-01", "2021-10-02", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 2);
  g_assert_cmpint (g_array_index (reports, GbCaseReport, 1).community, ==, 4);
  gtk_window_destroy (GTK_WINDOW (assistant));
}

/* A value far outside its commune's range is held: the toast says so. */
static void
test_import_held (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autofree char *csv = gb_test_write_temp ("ca-mac.csv", "Mã xã,Ngày,Ca cộng đồng,Ca trong khu cách ly\n"
                                             "22738,2021-09-08,3,0\n22738,2021-09-09,4000,0\n", -1);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  GbUnit district = { .code = (char *) "582", .level = GB_UNIT_LEVEL_DISTRICT, .name = (char *) "Phan Rang",
                      .population = 100000, .pop_18 = -1, .pop_65 = -1 };
  GbUnit commune = { .code = (char *) "22738", .level = GB_UNIT_LEVEL_COMMUNE, .name = (char *) "Phường Đô Vinh",
                     .parent_code = (char *) "582", .population = 10000, .pop_18 = -1, .pop_65 = -1 };
  GbImportAssistant *assistant;
  GtkWidget *import;

  g_assert_true (gb_store_put_unit (store, &district, NULL, &error));
  g_assert_true (gb_store_put_unit (store, &commune, NULL, &error));
  for (guint d = 1; d <= 7; d++)
    {
      g_autofree char *date = g_strdup_printf ("2021-09-%02u", d);

      g_assert_true (gb_test_put_cases (store, "22738", date, 3, 0, &error));
    }
  assistant = gb_import_assistant_new (NULL, store);
  gtk_window_present (GTK_WINDOW (assistant));
  gb_import_assistant_open (assistant, file);
  wait_label (GTK_WIDGET (assistant), "No problems: ready to import");
  import = find_button (GTK_WIDGET (assistant), "_Import");
  gtk_widget_activate (import);
  wait_label (GTK_WIDGET (assistant), "Imported 2 days of 1 units, 2021-09-08 to 2021-09-09, 1 held for review");
  gtk_window_destroy (GTK_WINDOW (assistant));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* Under xvfb-run there is no session bus: GTK warns, which is not this test's concern. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/import-assistant/import", test_import);
  g_test_add_func ("/import-assistant/import-held", test_import_held);
  return g_test_run ();
}
