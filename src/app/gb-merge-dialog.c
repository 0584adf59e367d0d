/* gb-merge-dialog.c — Merge Units: a merge of units entered by hand, and undoing one
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mergers of 2023–2025 are in no file: a secretary enters them here. The units that merge
 * are the chosen unit and those beside it (same level and parent on the day before), the
 * successor is one of them (it lives on and grows) or a new unit, from a day. Every check and
 * the writing are the store's (gb_store_merge_units(), as `giaoban-cli units merge`); this
 * window only gathers the choice and shows the store's error under the form, and lists the
 * merges entered so far, each with its Undo.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-date.h"
#include "gb-store-units-history.h"
#include "gb-text.h"
#include "gb-merge-dialog.h"

struct _GbMergeDialog
{
  AdwWindow        parent_instance;

  GtkWidget       *units_group;
  GtkWidget       *successor_row;   /* AdwComboRow: a new unit, or one of the units */
  GtkWidget       *code_row;
  GtkWidget       *name_row;
  GtkWidget       *date_row;
  GtkWidget       *source_row;
  GtkWidget       *error_label;
  GtkWidget       *merges_group;
  GtkWidget       *merge_button;
  GPtrArray       *checks;          /* GtkCheckButton, one per unit, as units */
  GPtrArray       *units;           /* GbUnit offered */
  GPtrArray       *merge_rows;      /* rows of merges_group */
  GbStore         *store;
};

G_DEFINE_FINAL_TYPE (GbMergeDialog, gb_merge_dialog, ADW_TYPE_WINDOW)

enum { MERGED, UNDONE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_error (GbMergeDialog *self,
            const char    *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

static gboolean
new_unit_chosen (GbMergeDialog *self)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (self->successor_row)) == 0;
}

static void
successor_changed_cb (GbMergeDialog *self)
{
  gboolean fresh = new_unit_chosen (self);

  gtk_widget_set_visible (self->code_row, fresh);
  gtk_widget_set_visible (self->name_row, fresh);
}

static void undo_clicked_cb (GtkButton *button, GbMergeDialog *self);

/* The merges entered so far, the latest first, each with its Undo (those entered on this
 * computer: one that came with the sync is undone where it was entered). */
static void
list_merges (GbMergeDialog *self)
{
  g_autoptr(GPtrArray) merges = gb_store_list_unit_merges (self->store, NULL);

  for (guint i = 0; i < self->merge_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->merges_group), self->merge_rows->pdata[i]);
  g_ptr_array_set_size (self->merge_rows, 0);
  for (guint i = 0; merges != NULL && i < merges->len; i++)
    {
      GbUnitMerge *m = merges->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *day = gb_text_format_date (m->date);
      g_autofree char *codes = g_strjoinv (", ", m->codes);
      /* Translators: a merge entered by hand: the units that merged → their successor */
      g_autofree char *title = g_strdup_printf (_("%s → %s"), codes, m->successor);
      g_autofree char *when = m->source ? g_strdup_printf (_("From %s · %s"), day, m->source)
                                        : g_strdup_printf (_("From %s"), day);
      /* A merge entered on another laptop came with the sync: it is undone there. */
      g_autofree char *subtitle = m->here ? g_strdup (when)
                                          : g_strdup_printf (_("%s · entered on another computer, undone there"), when);
      g_autofree char *name = g_strdup_printf ("undo-%" G_GINT64_FORMAT, m->id);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (m->here)
        {
          GtkWidget *undo = gtk_button_new_with_mnemonic (_("_Undo"));

          gtk_widget_set_valign (undo, GTK_ALIGN_CENTER);
          gtk_widget_set_name (undo, name);
          g_object_set_data (G_OBJECT (undo), "merge-id", GINT_TO_POINTER ((int) m->id));
          g_signal_connect (undo, "clicked", G_CALLBACK (undo_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), undo);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->merges_group), row);
      g_ptr_array_add (self->merge_rows, row);
    }
  gtk_widget_set_visible (self->merges_group, self->merge_rows->len > 0);
}

static void
undo_clicked_cb (GtkButton     *button,
                 GbMergeDialog *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "merge-id"));

  if (!gb_store_undo_unit_merge (self->store, id, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  list_merges (self);
  g_signal_emit (self, signals[UNDONE], 0);
}

/* The form as a merge: the checked units, the successor, the day; what is missing shown under
 * the form. The store checks the rest, and its refusal is shown there too. */
static void
merge_clicked_cb (GbMergeDialog *self)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *day = gb_date_parse_user (gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
  const char *source = gtk_editable_get_text (GTK_EDITABLE (self->source_row));
  GbUnit into = { .level = GB_UNIT_LEVEL_ANY, .population = -1, .pop_18 = -1, .pop_65 = -1 };
  guint chosen = adw_combo_row_get_selected (ADW_COMBO_ROW (self->successor_row));

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (self->checks->pdata[i]))
      g_ptr_array_add (codes, ((GbUnit *) self->units->pdata[i])->code);
  g_ptr_array_add (codes, NULL);
  if (codes->len == 1)
    {
      show_error (self, _("Choose the units that merge"));
      return;
    }
  if (day == NULL)
    {
      show_error (self, _("The day it takes effect is not a date: write it as dd/mm/yyyy"));
      return;
    }
  if (chosen == 0)
    {
      into.code = (char *) gtk_editable_get_text (GTK_EDITABLE (self->code_row));
      into.name = (char *) gtk_editable_get_text (GTK_EDITABLE (self->name_row));
      if (*into.code == '\0')
        {
          show_error (self, _("Give the new unit's code"));
          return;
        }
    }
  else if (chosen - 1 < self->units->len)
    into.code = ((GbUnit *) self->units->pdata[chosen - 1])->code;
  if (!gb_store_merge_units (self->store, (const char *const *) codes->pdata, &into, day,
                             *source != '\0' ? source : NULL, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[MERGED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
entry_row (const char *title,
           const char *name)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  return row;
}

/* The units beside @code on the day before @date (its level and parent), @code checked. */
static void
offer_units (GbMergeDialog *self,
             const char    *code,
             const char    *date)
{
  g_autofree char *eve = gb_date_add_days (date, -1);
  g_autoptr(GbUnit) unit = gb_store_get_unit_on (self->store, code, eve, NULL);
  GtkStringList *successors = gtk_string_list_new (NULL);
  g_autofree char *parent_name = NULL;

  gtk_string_list_append (successors, _("A new unit"));
  if (unit != NULL)
    self->units = gb_store_units_valid_on (self->store, eve, unit->level, unit->parent_code, NULL);
  if (self->units == NULL)
    self->units = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_unit_free);
  for (guint i = 0; i < self->units->len; i++)
    {
      GbUnit *u = self->units->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *label = g_strdup_printf ("%s (%s)", u->name, u->code);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), u->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), u->code);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_strcmp0 (u->code, code) == 0);
      gtk_widget_set_name (check, u->code);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->units_group), row);
      g_ptr_array_add (self->checks, check);
      gtk_string_list_append (successors, label);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->successor_row), G_LIST_MODEL (successors));
  g_object_unref (successors);
  if (unit != NULL && unit->parent_code != NULL)
    {
      g_autoptr(GbUnit) parent = gb_store_get_unit_on (self->store, unit->parent_code, eve, NULL);

      parent_name = g_strdup (parent ? parent->name : unit->parent_code);
    }
  if (self->units->len == 0)
    /* Opened from the main menu with no unit chosen: say where the units come from. */
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->units_group),
                                           _("Choose Merge Into… on one of the merging units in the sidebar "
                                             "(a secondary click): its neighbours are offered here"));
  else if (parent_name != NULL)
    {
      /* Translators: the units a merge is chosen from: those of one district (or province) */
      g_autofree char *about = g_strdup_printf (_("The units of %s in force the day before"), parent_name);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->units_group), about);
    }
}

static void
gb_merge_dialog_dispose (GObject *object)
{
  GbMergeDialog *self = GB_MERGE_DIALOG (object);

  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->merge_rows, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gb_merge_dialog_parent_class)->dispose (object);
}

static void
gb_merge_dialog_class_init (GbMergeDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gb_merge_dialog_dispose;
  signals[MERGED] = g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
  signals[UNDONE] = g_signal_new ("undone", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
group (const char *title)
{
  GtkWidget *g = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (g), title);
  return g;
}

static GtkWidget *
header (GbMergeDialog *self)
{
  GtkWidget *bar = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (bar), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (bar), FALSE);
  self->merge_button = gtk_button_new_with_mnemonic (_("_Merge"));
  gtk_widget_set_name (self->merge_button, "merge-button");
  gtk_widget_add_css_class (self->merge_button, "suggested-action");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  g_signal_connect_swapped (self->merge_button, "clicked", G_CALLBACK (merge_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (bar), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (bar), self->merge_button);
  return bar;
}

static void
gb_merge_dialog_init (GbMergeDialog *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *successor = group (_("Successor"));
  GtkWidget *when = group (_("Decision"));

  self->checks = g_ptr_array_new ();
  self->merge_rows = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Merge Units"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 680);

  self->units_group = group (_("Units That Merge"));
  self->successor_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->successor_row), _("Merged into"));
  gtk_widget_set_name (self->successor_row, "successor-row");
  g_signal_connect_swapped (self->successor_row, "notify::selected", G_CALLBACK (successor_changed_cb), self);
  self->code_row = entry_row (_("New unit's code"), "code-row");
  self->name_row = entry_row (_("New unit's name"), "name-row");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (successor), self->successor_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (successor), self->code_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (successor), self->name_row);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (successor),
                                         _("One of the units lives on and grows, or they make a new unit"));

  self->date_row = entry_row (_("In force from (dd/mm/yyyy)"), "date-row");
  self->source_row = entry_row (_("Decision number (optional)"), "source-row");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (when), self->date_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (when), self->source_row);

  self->error_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->error_label, "merge-error");
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);

  self->merges_group = group (_("Merges Entered by Hand"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->merges_group),
                                         _("Undo one to have its units as they were before it"));

  gtk_box_append (GTK_BOX (box), self->units_group);
  gtk_box_append (GTK_BOX (box), successor);
  gtk_box_append (GTK_BOX (box), when);
  gtk_box_append (GTK_BOX (box), self->error_label);
  gtk_box_append (GTK_BOX (box), self->merges_group);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (outer), header (self));
  gtk_box_append (GTK_BOX (outer), scrolled);
  adw_window_set_content (ADW_WINDOW (self), outer);
}

/**
 * gb_merge_dialog_new:
 * @unit_code: (nullable): the unit that merges
 * @date: (nullable): the day offered, YYYY-MM-DD
 */
GbMergeDialog *
gb_merge_dialog_new (GtkWindow  *parent,
                     GbStore    *store,
                     const char *unit_code,
                     const char *date)
{
  GbMergeDialog *self;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  self = g_object_new (GB_TYPE_MERGE_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->store = g_object_ref (store);
  if (date != NULL && gb_date_is_valid_iso (date))
    {
      shown = gb_text_format_date (date);
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), shown);
    }
  offer_units (self, unit_code ? unit_code : "", date && gb_date_is_valid_iso (date) ? date : "9999-12-31");
  successor_changed_cb (self);
  list_merges (self);
  return self;
}
