/* gb-day-report-dialog.c — a district types (or pastes) the day's numbers of its communes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A grid of the district's communes × the fields of gb-day-report.h. Cells hold the day's values;
 * the day before's show as grey placeholders. A cell that is not a whole number ≥ 0 turns red as
 * it is typed, and saving refuses the grid naming the commune and field. Rows pasted from a
 * spreadsheet (tabs between cells, a line a row) fill the cells right of and below the focused
 * one. A `district:CODE` role reports its own district only; a secretary (or an app that does not
 * sync) chooses any. Saving writes through the store's series functions, so the rows sync.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gb-date.h"
#include "gb-day-report.h"
#include "gb-day-report-dialog.h"

struct _GbDayReportDialog
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toasts;
  GtkDropDown     *district_dropdown;
  GtkEntry        *date_entry;
  GtkLabel        *count_label;
  GtkLabel        *error_label;
  GtkGrid         *grid;

  GbStore         *store;
  GPtrArray       *districts;   /* codes, parallel to the dropdown */
  GPtrArray       *rows;        /* GbDayReportRow */
  GPtrArray       *cells;       /* GtkEntry, rows->len × GB_DAY_N_ALL_FIELDS */
  char            *date;
};

G_DEFINE_FINAL_TYPE (GbDayReportDialog, gb_day_report_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_error (GbDayReportDialog *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
cell_changed_cb (GtkEditable *cell)
{
  gint64 value;

  if (gb_day_report_parse_cell (gtk_editable_get_text (cell), &value))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (cell), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (cell), NULL);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (cell), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (cell), _("Not a whole number of 0 or more"));
    }
}

/* Spreadsheet rows from the clipboard into the cells from @first on, right and down. */
static void
fill_from (GbDayReportDialog *self,
           guint              first,
           const char        *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint row0 = first / GB_DAY_N_ALL_FIELDS, col0 = first % GB_DAY_N_ALL_FIELDS;
  guint n = g_strv_length (lines);

  if (n > 0 && *g_strstrip (lines[n - 1]) == '\0')
    n--;
  for (guint i = 0; i < n && row0 + i < self->rows->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_strdelimit (lines[i], "\r", ' '), "\t", -1);

      for (guint j = 0; parts[j] != NULL && col0 + j < GB_DAY_N_ALL_FIELDS; j++)
        gtk_editable_set_text (g_ptr_array_index (self->cells, (row0 + i) * GB_DAY_N_ALL_FIELDS + col0 + j),
                               g_strstrip (parts[j]));
    }
}

static void
paste_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GtkEditable) cell = data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  GbDayReportDialog *self = GB_DAY_REPORT_DIALOG (gtk_widget_get_root (GTK_WIDGET (cell)));
  int pos;

  if (text == NULL || self == NULL || self->cells == NULL)
    return;
  g_strchomp (text);
  if (strchr (text, '\t') == NULL && strchr (text, '\n') == NULL)
    {
      gtk_editable_delete_selection (cell);
      pos = gtk_editable_get_position (cell);
      gtk_editable_insert_text (cell, text, -1, &pos);
      gtk_editable_set_position (cell, pos);
      return;
    }
  for (guint k = 0; k < self->cells->len; k++)
    if (g_ptr_array_index (self->cells, k) == (gpointer) cell)
      fill_from (self, k, text);
}

static void
paste_cb (GtkText  *text,
          GtkEntry *cell)
{
  g_signal_stop_emission_by_name (text, "paste-clipboard");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (text)), NULL, paste_read_cb,
                                 g_object_ref (cell));
}

static GtkWidget *
heading (const char *text,
         gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), wrap);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "caption-heading");
  return label;
}

static GtkWidget *
make_cell (GbDayReportDialog    *self,
           const GbDayReportRow *row,
           guint                 field)
{
  GtkWidget *cell = gtk_entry_new ();
  char buf[32];

  gtk_editable_set_width_chars (GTK_EDITABLE (cell), 7);
  gtk_entry_set_input_purpose (GTK_ENTRY (cell), GTK_INPUT_PURPOSE_DIGITS);
  gtk_editable_set_alignment (GTK_EDITABLE (cell), 1.0);
  if (row->previous[field] >= 0)
    {
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, row->previous[field]);
      gtk_entry_set_placeholder_text (GTK_ENTRY (cell), buf);
    }
  if (row->value[field] >= 0)
    {
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, row->value[field]);
      gtk_editable_set_text (GTK_EDITABLE (cell), buf);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gb_day_field_label (field), -1);
  gtk_widget_set_name (cell, gb_day_field_label (field));
  g_signal_connect (cell, "changed", G_CALLBACK (cell_changed_cb), NULL);
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (cell)), "paste-clipboard",
                    G_CALLBACK (paste_cb), cell);
  g_ptr_array_add (self->cells, cell);
  return cell;
}

static void
fill_grid (GbDayReportDialog *self)
{
  GtkWidget *child;
  g_autofree char *count = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_ptr_array_set_size (self->cells, 0);
  gtk_grid_attach (self->grid, heading (_("Commune"), FALSE), 1, 0, 1, 1);
  for (guint f = 0; f < GB_DAY_N_ALL_FIELDS; f++)
    gtk_grid_attach (self->grid, heading (gb_day_field_label (f), TRUE), 2 + f, 0, 1, 1);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const GbDayReportRow *row = g_ptr_array_index (self->rows, i);
      GtkWidget *mark = gtk_label_new (row->reported ? "✓" : "•");
      GtkWidget *name = gtk_label_new (row->name);

      gtk_widget_set_tooltip_text (mark, row->reported ? _("Reported") : _("Not reported yet"));
      gtk_widget_add_css_class (mark, row->reported ? "success" : "warning");
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      if (!row->reported)
        gtk_widget_add_css_class (name, "warning");
      gtk_grid_attach (self->grid, mark, 0, 1 + i, 1, 1);
      gtk_grid_attach (self->grid, name, 1, 1 + i, 1, 1);
      for (guint f = 0; f < GB_DAY_N_ALL_FIELDS; f++)
        gtk_grid_attach (self->grid, make_cell (self, row, f), 2 + f, 1 + i, 1, 1);
    }
  count = g_strdup_printf (_("%u of %u communes reported"), gb_day_report_count_reported (self->rows),
                           self->rows->len);
  gtk_label_set_text (self->count_label, count);
}

static void
reload (GbDayReportDialog *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (self->district_dropdown);
  g_autoptr(GPtrArray) rows = NULL;

  show_error (self, NULL);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  if (selected < self->districts->len)
    rows = gb_day_report_load (self->store, g_ptr_array_index (self->districts, selected), self->date, &error);
  if (error != NULL)
    show_error (self, error->message);
  self->rows = rows ? g_steal_pointer (&rows)
                    : g_ptr_array_new_with_free_func ((GDestroyNotify) gb_day_report_row_free);
  fill_grid (self);
}

static void
district_changed_cb (GbDayReportDialog *self)
{
  if (self->store != NULL)
    reload (self);
}

static void
show_date (GbDayReportDialog *self)
{
  int y, m, d;
  g_autofree char *text = NULL;

  if (sscanf (self->date, "%d-%d-%d", &y, &m, &d) == 3)
    text = g_strdup_printf ("%02d/%02d/%04d", d, m, y);
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), text ? text : self->date);
}

static void
date_activate_cb (GbDayReportDialog *self)
{
  g_autofree char *date = gb_date_parse_user (gtk_editable_get_text (GTK_EDITABLE (self->date_entry)));

  if (date == NULL)
    {
      show_error (self, _("The date is not a date: write it as dd/mm/yyyy"));
      return;
    }
  g_free (self->date);
  self->date = g_steal_pointer (&date);
  show_date (self);
  reload (self);
}

static void
save_clicked_cb (GbDayReportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree const char **texts = g_new0 (const char *, self->cells->len + 1);
  g_autofree char *done = NULL;
  guint before = gb_day_report_count_reported (self->rows);

  for (guint k = 0; k < self->cells->len; k++)
    texts[k] = gtk_editable_get_text (g_ptr_array_index (self->cells, k));
  if (!gb_day_report_save_fields (self->store, self->date, self->rows, texts, GB_DAY_N_ALL_FIELDS, &error))
    {
      show_error (self, error->message);
      return;
    }
  reload (self);
  done = g_strdup_printf (_("Saved: %u of %u communes reported (%u before)"),
                          gb_day_report_count_reported (self->rows), self->rows->len, before);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (done));
  g_signal_emit (self, signals[SAVED], 0);
}

static void
gb_day_report_dialog_finalize (GObject *object)
{
  GbDayReportDialog *self = GB_DAY_REPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->districts, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_free (self->date);
  G_OBJECT_CLASS (gb_day_report_dialog_parent_class)->finalize (object);
}

static void
gb_day_report_dialog_class_init (GbDayReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gb_day_report_dialog_finalize;
  /* The day's rows were written: the window's views show them. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-day-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GbDayReportDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, GbDayReportDialog, district_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GbDayReportDialog, date_entry);
  gtk_widget_class_bind_template_child (widget_class, GbDayReportDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, GbDayReportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GbDayReportDialog, grid);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, district_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_activate_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gb_day_report_dialog_init (GbDayReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->districts = g_ptr_array_new_with_free_func (g_free);
  self->cells = g_ptr_array_new ();
}

/* The districts @role may report, into the dropdown. */
static void
list_districts (GbDayReportDialog *self,
                const char        *role)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) units = gb_store_list_units (self->store, GB_UNIT_LEVEL_DISTRICT, NULL, NULL);

  for (guint i = 0; units != NULL && i < units->len; i++)
    {
      const GbUnit *unit = g_ptr_array_index (units, i);

      if (!gb_day_report_role_may_report (role, unit->code))
        continue;
      g_ptr_array_add (self->districts, g_strdup (unit->code));
      gtk_string_list_append (names, unit->name);
    }
  gtk_drop_down_set_model (self->district_dropdown, G_LIST_MODEL (names));
  gtk_widget_set_sensitive (GTK_WIDGET (self->district_dropdown), self->districts->len > 1);
}

/**
 * gb_day_report_dialog_new:
 * @role: (nullable): the sync role; NULL when the app does not sync
 * @date: (nullable): YYYY-MM-DD to show first; NULL for today
 */
GbDayReportDialog *
gb_day_report_dialog_new (GtkWindow  *parent,
                          GbStore    *store,
                          const char *role,
                          const char *date)
{
  GbDayReportDialog *self;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  self = g_object_new (GB_TYPE_DAY_REPORT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->store = g_object_ref (store);
  if (date != NULL && gb_date_is_valid_iso (date))
    self->date = g_strdup (date);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      self->date = g_date_time_format (now, "%Y-%m-%d");
    }
  show_date (self);
  list_districts (self, role);
  reload (self);
  return self;
}
