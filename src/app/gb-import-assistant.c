/* gb-import-assistant.c — the import assistant: a file chosen or dropped, the sheet, header
 * row, layout and columns found in it shown on a preview and editable, every problem listed,
 * then one transaction written in steps under a progress bar, and a toast saying what came in
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading and checking run in a thread (gb_table_import_read_units()); the store stays on the
 * UI thread, where the records are written a few thousand per main-loop turn.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-date.h"
#include "gb-import-assistant.h"
#include "gb-table-import.h"
#include "gb-text.h"
#include "gb-window.h"

/* Records written per main-loop turn: about 100 ms of work on a slow laptop. */
#define WRITE_STEP 2048
#define PREVIEW_ROWS 8
#define PREVIEW_COLUMNS 8

struct _GbImportAssistant
{
  AdwWindow          parent_instance;

  /* Widgets */
  AdwToastOverlay   *toasts;
  GtkStack          *stack;
  GtkButton         *import_button;
  GtkProgressBar    *progress;
  AdwComboRow       *kind_row;
  AdwComboRow       *sheet_row;
  AdwActionRow      *file_row;
  AdwActionRow      *table_row;
  AdwActionRow      *rows_row;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *columns_group;
  AdwPreferencesGroup *preview_group;
  AdwPreferencesGroup *problems_group;

  /* Owned */
  GbStore           *store;
  GFile             *file;
  GbTableImport     *table;
  GbWorkbook        *book;
  GPtrArray         *column_rows;    /* AdwComboRow, one per column, with "letter" data */
  GPtrArray         *preview_rows;
  GPtrArray         *problem_rows;
  GCancellable      *cancellable;
  guint              write_source;
  guint              written;
  gboolean           updating;       /* rows being filled: their changes are not the user's */

  /* Borrowed */
  GtkWindow         *parent;
};

G_DEFINE_FINAL_TYPE (GbImportAssistant, gb_import_assistant, ADW_TYPE_WINDOW)

typedef struct
{
  GFile        *file;
  GPtrArray    *units;
  GbSeriesKind  kind;
  char         *sheet;
  GStrv         map;
  GbWorkbook   *book;
  GbTableImport *table;
} ReadData;

static void
read_data_free (ReadData *d)
{
  g_clear_object (&d->file);
  g_clear_pointer (&d->units, g_ptr_array_unref);
  g_free (d->sheet);
  g_strfreev (d->map);
  g_clear_pointer (&d->book, gb_workbook_free);
  g_clear_pointer (&d->table, gb_table_import_free);
  g_free (d);
}

static GbSeriesKind
current_kind (GbImportAssistant *self)
{
  return adw_combo_row_get_selected (self->kind_row) == 1 ? GB_SERIES_VACCINATIONS : GB_SERIES_CASES;
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *d = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (d->file);
  GbTableImportOptions options = { d->sheet, (const char * const *) d->map, NULL, NULL, NULL };

  if ((bytes = g_file_load_bytes (d->file, cancellable, NULL, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The preview shows the cells as they are; DHIS2 JSON has none. */
  if (!gb_table_import_is_series_json (bytes))
    d->book = gb_workbook_load (name, bytes, NULL, NULL);
  d->table = gb_table_import_read_units (d->units, d->kind, name, bytes, &options, &error);
  if (d->table == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
clear_group (AdwPreferencesGroup *group,
             GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void reread (GbImportAssistant *self);

static void
column_changed_cb (GbImportAssistant *self)
{
  if (!self->updating)
    reread (self);
}

static void
fill_columns (GbImportAssistant *self)
{
  GPtrArray *columns = gb_table_import_get_columns (self->table);
  const char **names = gb_table_import_field_names (current_kind (self));
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _("(unknown)"));
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (model, names[i]);
  clear_group (self->columns_group, self->column_rows);
  for (guint i = 0; i < columns->len; i++)
    {
      GbTableColumn *c = g_ptr_array_index (columns, i);
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
      guint selected = 0;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->header);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), c->letter);
      adw_combo_row_set_model (row, G_LIST_MODEL (model));
      for (guint k = 0; c->field != NULL && names[k] != NULL; k++)
        if (g_str_equal (names[k], c->field))
          selected = k + 1;
      adw_combo_row_set_selected (row, selected);
      if (selected == 0)
        gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      g_object_set_data_full (G_OBJECT (row), "letter", g_strdup (c->letter), g_free);
      g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (column_changed_cb), self);
      adw_preferences_group_add (self->columns_group, GTK_WIDGET (row));
      g_ptr_array_add (self->column_rows, row);
    }
}

/* The header row and the rows under it, as the sheet holds them. */
static void
fill_preview (GbImportAssistant *self)
{
  GPtrArray *preview_rows = self->preview_rows;
  GbSheet *sheet = self->book && gb_table_import_get_sheet (self->table)
    ? gb_workbook_find_sheet (self->book, gb_table_import_get_sheet (self->table)) : NULL;
  GtkWidget *grid, *scroller;
  guint first = 0, shown = 0;

  clear_group (self->preview_group, preview_rows);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_group), sheet != NULL);
  if (sheet == NULL)
    return;
  while (first < gb_sheet_get_n_rows (sheet) &&
         gb_sheet_get_row_number (sheet, first) < gb_table_import_get_header_row (self->table))
    first++;
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  for (guint r = first; r < gb_sheet_get_n_rows (sheet) && shown <= PREVIEW_ROWS; r++, shown++)
    for (guint c = 0; c < gb_sheet_get_n_columns (sheet) && c < PREVIEW_COLUMNS; c++)
      {
        GbCell cell;
        g_autofree char *text = NULL;
        GtkWidget *label;

        gb_sheet_get_cell (sheet, r, c, &cell);
        if (cell.type == GB_CELL_TEXT || cell.type == GB_CELL_ERROR)
          text = g_strdup (cell.text);
        else if (cell.type == GB_CELL_NUMBER && cell.is_date)
          {
            g_autofree char *iso = gb_date_from_serial (cell.number, self->book->date1904);

            text = iso ? gb_text_format_date (iso) : g_strdup_printf ("%g", cell.number);
          }
        else if (cell.type == GB_CELL_NUMBER)
          text = g_strdup_printf ("%g", cell.number);
        else
          text = g_strdup (cell.formula ? "=…" : "");
        label = gtk_label_new (text);
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
        gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
        if (r == first)
          gtk_widget_add_css_class (label, "heading");
        gtk_grid_attach (GTK_GRID (grid), label, c, shown, 1, 1);
      }
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_widget_add_css_class (scroller, "card");
  adw_preferences_group_add (self->preview_group, scroller);
  g_ptr_array_add (preview_rows, scroller);
}

static void
fill_problems (GbImportAssistant *self)
{
  GPtrArray *problem_rows = self->problem_rows;
  GPtrArray *problems = gb_table_import_get_problems (self->table);
  GPtrArray *skipped = gb_table_import_get_skipped (self->table);
  guint n = gb_table_import_get_n_problems (self->table);
  g_autofree char *title = NULL;

  clear_group (self->problems_group, problem_rows);
  if (n == 0)
    title = g_strdup (_("No problems: ready to import"));
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem: nothing will be imported until it is fixed",
                                          "%u problems: nothing will be imported until they are fixed", n), n);
  adw_preferences_group_set_title (self->problems_group, title);
  for (guint i = 0; i < problems->len + skipped->len && i < 50; i++)
    {
      gboolean is_problem = i < problems->len;
      GbTableProblem *p = g_ptr_array_index (is_problem ? problems : skipped, is_problem ? i : i - problems->len);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      if (is_problem)
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->message);
          gtk_widget_add_css_class (row, "error");
        }
      else
        {
          subtitle = g_strdup_printf (_("Row %u skipped"), p->row);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->message);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      adw_preferences_group_add (self->problems_group, row);
      g_ptr_array_add (problem_rows, row);
    }
}

static void
show_table (GbImportAssistant *self)
{
  GbTableImport *t = self->table;
  GPtrArray *sheets = gb_table_import_get_sheets (t);
  g_autoptr(GtkStringList) sheet_names = gtk_string_list_new (NULL);
  g_autofree char *format = NULL;
  g_autofree char *table_text = NULL;
  g_autofree char *rows_text = NULL;
  const char *layout;
  guint selected = 0;

  self->updating = TRUE;
  for (guint i = 0; i < sheets->len; i++)
    {
      gtk_string_list_append (sheet_names, g_ptr_array_index (sheets, i));
      if (g_strcmp0 (g_ptr_array_index (sheets, i), gb_table_import_get_sheet (t)) == 0)
        selected = i;
    }
  adw_combo_row_set_model (self->sheet_row, G_LIST_MODEL (sheet_names));
  adw_combo_row_set_selected (self->sheet_row, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_row), sheets->len > 0);
  format = gb_table_import_get_encoding (t)
    ? g_strdup_printf ("%s, %s", gb_table_import_get_format (t), gb_table_import_get_encoding (t))
    : g_strdup (gb_table_import_get_format (t));
  adw_action_row_set_subtitle (self->file_row, format);
  switch (gb_table_import_get_layout (t))
    {
    case GB_TABLE_LAYOUT_WIDE:
      layout = _("one row per unit, one column per date");
      break;
    case GB_TABLE_LAYOUT_DHIS2:
      layout = _("DHIS2 values");
      break;
    case GB_TABLE_LAYOUT_LONG:
    default:
      layout = _("one row per unit and day");
    }
  table_text = gb_table_import_get_header_row (t) > 0
    ? g_strdup_printf (_("Header in row %u, %s"), gb_table_import_get_header_row (t), layout)
    : g_strdup (layout);
  adw_action_row_set_subtitle (self->table_row, table_text);
  if (gb_table_import_get_first_date (t) != NULL)
    rows_text = g_strdup_printf (_("%u rows read: %u days of %u units, %s to %s"), gb_table_import_get_n_rows (t),
                                 gb_table_import_get_n_records (t), gb_table_import_get_n_units (t),
                                 gb_table_import_get_first_date (t), gb_table_import_get_last_date (t));
  else
    rows_text = g_strdup_printf (_("%u rows read"), gb_table_import_get_n_rows (t));
  adw_action_row_set_subtitle (self->rows_row, rows_text);
  fill_columns (self);
  fill_preview (self);
  fill_problems (self);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), gb_table_import_check (t, NULL));
  gtk_stack_set_visible_child_name (self->stack, "table");
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GbImportAssistant *self = GB_IMPORT_ASSISTANT (source);
  ReadData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_pointer (&self->table, gb_table_import_free);
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  g_clear_pointer (&self->table, gb_table_import_free);
  g_clear_pointer (&self->book, gb_workbook_free);
  self->table = g_steal_pointer (&d->table);
  self->book = g_steal_pointer (&d->book);
  show_table (self);
}

/* Reads the file again with the sheet and the columns as the person set them. */
static void
start_read (GbImportAssistant *self,
            const char        *sheet,
            GStrv              map)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ReadData *d;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  d = g_new0 (ReadData, 1);
  d->file = g_object_ref (self->file);
  d->kind = current_kind (self);
  d->sheet = g_strdup (sheet);
  d->map = map;
  /* The units are listed here: the store's connection stays on the UI thread. */
  d->units = gb_store_list_units (self->store, GB_UNIT_LEVEL_ANY, NULL, &error);
  if (d->units == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      read_data_free (d);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  task = g_task_new (self, self->cancellable, read_done_cb, NULL);
  g_task_set_source_tag (task, start_read);
  g_task_set_task_data (task, d, (GDestroyNotify) read_data_free);
  g_task_run_in_thread (task, read_thread);
}

static void
reread (GbImportAssistant *self)
{
  g_autoptr(GStrvBuilder) map = g_strv_builder_new ();
  const char **names = gb_table_import_field_names (current_kind (self));
  GtkStringObject *sheet = adw_combo_row_get_selected_item (self->sheet_row);
  const char *wide;
  gboolean values_set = FALSE;

  if (self->file == NULL || self->table == NULL)
    return;
  wide = gb_table_import_get_wide_field (self->table);

  for (guint i = 0; i < self->column_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->column_rows, i);
      guint selected = adw_combo_row_get_selected (row);
      GbTableColumn *column = g_ptr_array_index (gb_table_import_get_columns (self->table), i);
      const char *letter = g_object_get_data (G_OBJECT (row), "letter");

      if (selected == 0)
        continue;
      /* A date column of a wide table stays a date: what changes is the field of them all. */
      if (wide != NULL && g_strcmp0 (column->field, wide) == 0)
        {
          if (!values_set && g_strcmp0 (names[selected - 1], wide) != 0)
            {
              g_autofree char *entry = g_strdup_printf ("values=%s", names[selected - 1]);

              g_strv_builder_add (map, entry);
              values_set = TRUE;
            }
          continue;
        }
      {
        g_autofree char *entry = g_strdup_printf ("%s=%s", letter, names[selected - 1]);

        g_strv_builder_add (map, entry);
      }
    }
  start_read (self, sheet ? gtk_string_object_get_string (sheet) : NULL, g_strv_builder_end (map));
}

static void
sheet_changed_cb (GbImportAssistant *self)
{
  GtkStringObject *sheet = adw_combo_row_get_selected_item (self->sheet_row);

  /* Another sheet has other columns: they are found afresh. */
  if (!self->updating && self->file != NULL && sheet != NULL)
    start_read (self, gtk_string_object_get_string (sheet), NULL);
}

static void
kind_changed_cb (GbImportAssistant *self)
{
  if (!self->updating && self->file != NULL)
    start_read (self, NULL, NULL);
}

static void
write_finished (GbImportAssistant *self,
                GError            *error)
{
  GbTableImport *t = self->table;
  g_autofree char *text = NULL;

  self->write_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), TRUE);
  if (error != NULL)
    {
      gb_store_rollback (self->store);
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), TRUE);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  text = g_strdup_printf (_("Imported %u days of %u units, %s to %s"), gb_table_import_get_n_records (t),
                          gb_table_import_get_n_units (t), gb_table_import_get_first_date (t),
                          gb_table_import_get_last_date (t));
  /* Values far outside their commune's range wait in the Review queue, not in the numbers. */
  if (gb_table_import_get_n_held (t) > 0)
    {
      char *done = text;

      /* TRANSLATORS: %s says what was imported (or checked) */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u held for review", "%s, %u held for review",
                                           gb_table_import_get_n_held (t)), done, gb_table_import_get_n_held (t));
      g_free (done);
    }
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  if (GB_IS_WINDOW (self->parent))
    gb_window_data_changed (GB_WINDOW (self->parent));
}

static gboolean
write_step_cb (gpointer data)
{
  GbImportAssistant *self = data;
  guint n = gb_table_import_get_n_records (self->table);
  g_autoptr(GError) error = NULL;

  if (!gb_table_import_write_range (self->table, self->store, self->written, WRITE_STEP, &error))
    {
      write_finished (self, error);
      return G_SOURCE_REMOVE;
    }
  self->written = MIN (self->written + WRITE_STEP, n);
  gtk_progress_bar_set_fraction (self->progress, (double) self->written / n);
  if (self->written < n)
    return G_SOURCE_CONTINUE;
  gb_table_import_count_held (self->table, self->store);
  if (!gb_store_commit (self->store, &error))
    write_finished (self, error);
  else
    write_finished (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
import_clicked_cb (GbImportAssistant *self)
{
  g_autoptr(GError) error = NULL;

  if (self->table == NULL || self->write_source != 0)
    return;
  if (!gb_table_import_check (self->table, &error) || !gb_store_begin (self->store, &error))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  self->written = 0;
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), FALSE);
  self->write_source = g_idle_add_full (G_PRIORITY_LOW, write_step_cb, self, NULL);
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     GbImportAssistant *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      gb_import_assistant_open (self, file);
    }
  g_object_unref (chooser);
}

static void
choose_clicked_cb (GbImportAssistant *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Choose a Table"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();
  static const char *patterns[] = { "*.xlsx", "*.ods", "*.xls", "*.csv", "*.txt", "*.json", NULL };

  gtk_file_filter_set_name (filter, _("Tables (XLSX, ODS, XLS, CSV, DHIS2 JSON)"));
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         GbImportAssistant *self)
{
  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;
  gb_import_assistant_open (self, g_value_get_object (value));
  return TRUE;
}

static AdwActionRow *
info_row (AdwPreferencesGroup *group,
          const char          *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  return ADW_ACTION_ROW (row);
}

static GtkWidget *
build_table_page (GbImportAssistant *self)
{
  AdwPreferencesGroup *found = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_group_set_title (found, _("What was found"));
  self->file_row = info_row (found, _("File"));
  self->sheet_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sheet_row), _("Sheet"));
  g_signal_connect_swapped (self->sheet_row, "notify::selected", G_CALLBACK (sheet_changed_cb), self);
  adw_preferences_group_add (found, GTK_WIDGET (self->sheet_row));
  self->table_row = info_row (found, _("Table"));
  self->rows_row = info_row (found, _("Rows"));
  adw_preferences_page_add (self->page, found);

  /* The problems first: they are what stands between the file and the import. */
  self->problems_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (self->page, self->problems_group);
  self->columns_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->columns_group, _("Columns"));
  adw_preferences_group_set_description (self->columns_group,
                                         _("What each column holds; change one and the table is read again"));
  adw_preferences_page_add (self->page, self->columns_group);
  self->preview_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->preview_group, _("Preview"));
  adw_preferences_page_add (self->page, self->preview_group);
  return GTK_WIDGET (self->page);
}

static void
build_ui (GbImportAssistant *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose File…"));
  GtkWidget *empty = adw_status_page_new ();
  const char *kinds[] = { N_("Cases"), N_("Vaccination"), NULL };
  g_autoptr(GtkStringList) kind_model = gtk_string_list_new (NULL);
  GtkWidget *kind_box = adw_preferences_group_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_string_list_append (kind_model, _(kinds[i]));
  self->import_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Import")));
  gtk_widget_add_css_class (GTK_WIDGET (self->import_button), "suggested-action");
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (import_clicked_cb), self);
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (choose_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), choose);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->import_button));
  gtk_box_append (GTK_BOX (toolbar), header);

  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->progress), "osd");
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->progress));

  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Numbers of"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_model));
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (kind_box), GTK_WIDGET (self->kind_row));
  gtk_widget_set_margin_start (kind_box, 12);
  gtk_widget_set_margin_end (kind_box, 12);
  gtk_widget_set_margin_top (kind_box, 12);
  gtk_box_append (GTK_BOX (toolbar), kind_box);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "x-office-spreadsheet-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Import Daily Numbers"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Drop a spreadsheet here (XLSX, ODS, XLS or CSV) or a DHIS2 export, or choose a "
                                     "file. What is found in it is shown before anything is imported."));
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_add_named (self->stack, build_table_page (self), "table");
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->stack));

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, toolbar);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

static void
gb_import_assistant_dispose (GObject *object)
{
  GbImportAssistant *self = GB_IMPORT_ASSISTANT (object);

  /* Closed while writing: the transaction is not left open. */
  if (self->write_source != 0)
    {
      g_clear_handle_id (&self->write_source, g_source_remove);
      gb_store_rollback (self->store);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_pointer (&self->table, gb_table_import_free);
  g_clear_pointer (&self->book, gb_workbook_free);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (gb_import_assistant_parent_class)->dispose (object);
}

static void
gb_import_assistant_class_init (GbImportAssistantClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_import_assistant_dispose;
}

static void
gb_import_assistant_init (GbImportAssistant *self)
{
  self->column_rows = g_ptr_array_new ();
  self->preview_rows = g_ptr_array_new ();
  self->problem_rows = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Import Daily Numbers"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 720);
  build_ui (self);
}

/**
 * gb_import_assistant_new:
 * @parent: (nullable): the window it belongs to (a GbWindow is told when data came in)
 */
GbImportAssistant *
gb_import_assistant_new (GtkWindow *parent,
                         GbStore   *store)
{
  GbImportAssistant *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  self = g_object_new (GB_TYPE_IMPORT_ASSISTANT, "transient-for", parent, "modal", TRUE, NULL);
  self->store = g_object_ref (store);
  self->parent = parent;
  return self;
}

/**
 * gb_import_assistant_open:
 * @file: a table: XLSX, ODS, XLS, CSV or a DHIS2 dataValueSet
 *
 * Reads @file in a thread and shows what was found; nothing is written until Import.
 */
void
gb_import_assistant_open (GbImportAssistant *self,
                          GFile             *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (GB_IS_IMPORT_ASSISTANT (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->write_source != 0)
    return;
  g_set_object (&self->file, file);
  name = g_file_get_basename (file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  start_read (self, NULL, NULL);
}
