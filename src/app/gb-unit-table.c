/* gb-unit-table.c — the table of units beside the map: sortable, searchable, CSV
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each commune's level on the date, the numbers behind it and the change since a week before,
 * as DHIS2's data table and the national level lists show them. The rows are GbUnitRow items
 * in a GListStore, filtered by the search (without diacritics) and sorted by the column the
 * person clicks; the cells are templated labels bound to the row's properties. Activating a
 * row emits ::unit-activated (the map opens that commune); the CSV button writes the table.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-file.h"
#include "gb-level.h"
#include "gb-text.h"
#include "gb-unit-row.h"
#include "gb-unit-table.h"

struct _GbUnitTable
{
  GtkWidget          parent_instance;

  GtkSearchEntry    *search;
  GtkColumnView     *view;
  GListStore        *rows;
  GtkFilterListModel *filtered;
  GtkSortListModel  *sorted;
  GtkCustomFilter   *filter;
  char              *folded_search;
  GPtrArray         *results;       /* GbLevelResult, for the CSV */
  GPtrArray         *week_before;
  gboolean           zones;
  char              *date;
};

G_DEFINE_FINAL_TYPE (GbUnitTable, gb_unit_table, GTK_TYPE_WIDGET)

enum {
  SIGNAL_UNIT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A cell: a label bound to one property of the row. */
static GtkListItemFactory *
cell_factory (const char *property,
              float       xalign)
{
  g_autofree char *ui = g_strdup_printf (
    "<interface><template class=\"GtkListItem\"><property name=\"child\"><object class=\"GtkLabel\">"
    "<property name=\"xalign\">%g</property><property name=\"ellipsize\">end</property>"
    "<binding name=\"label\"><lookup name=\"%s\" type=\"GbUnitRow\"><lookup name=\"item\">GtkListItem</lookup>"
    "</lookup></binding></object></property></template></interface>", xalign, property);
  g_autoptr(GBytes) bytes = g_bytes_new (ui, strlen (ui));

  return gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);
}

static void
add_column (GbUnitTable *self,
            const char  *title,
            const char  *property,
            const char  *sort_property,
            gboolean     numeric,
            float        xalign,
            int          width)
{
  GtkExpression *key = gtk_property_expression_new (GB_TYPE_UNIT_ROW, NULL, sort_property);
  GtkSorter *sorter = numeric ? GTK_SORTER (gtk_numeric_sorter_new (key)) : GTK_SORTER (gtk_string_sorter_new (key));
  GtkColumnViewColumn *column = gtk_column_view_column_new (title, cell_factory (property, xalign));

  gtk_column_view_column_set_sorter (column, sorter);
  /* Names and levels are read whole: the numbers take what they need, the name the rest. */
  gtk_column_view_column_set_expand (column, width < 0);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->view, column);
  g_object_unref (sorter);
  g_object_unref (column);
}

static gboolean
match_cb (gpointer item,
          gpointer user_data)
{
  GbUnitTable *self = user_data;
  g_autofree char *folded = NULL;

  if (self->folded_search == NULL || *self->folded_search == '\0')
    return TRUE;
  folded = gb_text_fold (gb_unit_row_get_name (item));
  return strstr (folded, self->folded_search) != NULL;
}

static void
search_changed_cb (GbUnitTable *self)
{
  gb_unit_table_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

static void
activate_cb (GtkColumnView *view,
             guint          position,
             GbUnitTable   *self)
{
  g_autoptr(GbUnitRow) row = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (row != NULL)
    g_signal_emit (self, signals[SIGNAL_UNIT_ACTIVATED], 0, gb_unit_row_get_code (row));
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  GbUnitTable     *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      csv = gb_unit_table_to_csv (self);
      if (!gb_file_write (path, csv, strlen (csv), &error))
        {
          GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
          GtkWidget *alert = gtk_message_dialog_new (GTK_WINDOW (root), GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR,
                                                     GTK_BUTTONS_CLOSE, "%s", error->message);

          g_signal_connect (alert, "response", G_CALLBACK (gtk_window_destroy), NULL);
          gtk_window_present (GTK_WINDOW (alert));
        }
    }
  g_object_unref (dialog);
}

static void
export_clicked_cb (GbUnitTable *self)
{
  GtkFileChooserNative *dialog;
  g_autofree char *name = g_strdup_printf ("cap-do-xa-%s.csv", self->date ? self->date : "");

  dialog = gtk_file_chooser_native_new (_("Export the Table as CSV"), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
gb_unit_table_dispose (GObject *object)
{
  GbUnitTable *self = GB_UNIT_TABLE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->rows);
  g_clear_object (&self->sorted);
  g_clear_pointer (&self->folded_search, g_free);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->week_before, g_ptr_array_unref);
  g_clear_pointer (&self->date, g_free);
  G_OBJECT_CLASS (gb_unit_table_parent_class)->dispose (object);
}

static void
gb_unit_table_class_init (GbUnitTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_unit_table_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "unittable");

  /**
   * GbUnitTable::unit-activated:
   * @code: the unit's code
   *
   * A row was activated (double click, Enter).
   */
  signals[SIGNAL_UNIT_ACTIVATED] = g_signal_new ("unit-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
gb_unit_table_init (GbUnitTable *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *export = gtk_button_new_from_icon_name ("document-save-symbolic");
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkSingleSelection *selection;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Search communes"), NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->search), TRUE);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed_cb), self);
  gtk_widget_set_tooltip_text (export, _("Export the table as CSV"));
  g_signal_connect_swapped (export, "clicked", G_CALLBACK (export_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (bar), export);
  gtk_widget_set_margin_start (bar, 6);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  gtk_widget_set_parent (bar, GTK_WIDGET (self));

  self->rows = g_list_store_new (GB_TYPE_UNIT_ROW);
  self->filter = gtk_custom_filter_new (match_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)), GTK_FILTER (self->filter));
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                          g_object_ref (gtk_column_view_get_sorter (self->view)));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  add_column (self, _("Commune"), "name", "name", FALSE, 0, -1);
  add_column (self, _("Level"), "level-name", "level", TRUE, 0, 150);
  add_column (self, _("Cases, 7 days"), "cases", "cases", TRUE, 1, 70);
  add_column (self, _("Per 100,000"), "rate-text", "rate", TRUE, 1, 80);
  add_column (self, _("Since last week"), "change-text", "change", TRUE, 0.5, 70);
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  g_signal_connect (self->view, "activate", G_CALLBACK (activate_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_parent (scrolled, GTK_WIDGET (self));
  gtk_widget_set_size_request (GTK_WIDGET (self), 540, -1);
}

GtkWidget *
gb_unit_table_new (void)
{
  return g_object_new (GB_TYPE_UNIT_TABLE, NULL);
}

void
gb_unit_table_set_results (GbUnitTable *self,
                           GPtrArray   *results,
                           GPtrArray   *week_before,
                           gboolean     zones,
                           const char  *date)
{
  g_autoptr(GHashTable) before = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (GB_IS_UNIT_TABLE (self));

  for (guint i = 0; week_before != NULL && i < week_before->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (week_before, i);

      g_hash_table_insert (before, r->unit_code, r);
    }
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (results, i);

      g_ptr_array_add (rows, gb_unit_row_new (r, g_hash_table_lookup (before, r->unit_code), zones));
    }
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), rows->pdata, rows->len);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->week_before, g_ptr_array_unref);
  self->results = results ? g_ptr_array_ref (results) : NULL;
  self->week_before = week_before ? g_ptr_array_ref (week_before) : NULL;
  self->zones = zones;
  g_free (self->date);
  self->date = g_strdup (date);
}

GListModel *
gb_unit_table_get_model (GbUnitTable *self)
{
  g_return_val_if_fail (GB_IS_UNIT_TABLE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

void
gb_unit_table_set_search (GbUnitTable *self,
                          const char  *text)
{
  g_return_if_fail (GB_IS_UNIT_TABLE (self));

  g_free (self->folded_search);
  self->folded_search = text && *text ? gb_text_fold (text) : NULL;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * gb_unit_table_to_csv:
 *
 * Returns: (transfer full): every unit of the table as CSV (gb_level_results_to_csv())
 */
char *
gb_unit_table_to_csv (GbUnitTable *self)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_return_val_if_fail (GB_IS_UNIT_TABLE (self), NULL);
  return gb_level_results_to_csv (self->results ? self->results : none, self->week_before, self->zones);
}
