/* gb-conclusion-composer.c — writing the conclusion notice after a meeting
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A form over GbConclusion: the assessment starts from the generated situation paragraph, tasks
 * are rows with their units picked from the tracker's organisations and a deadline, and issuing
 * hands the notice to the store, which turns its tasks into tracker items: after a preview of
 * the final document with its number (gb-issue-preview.c) and the person's confirmation. The
 * signing form (party T/M, K/T, T/L or state TM., KT.) is chosen per notice; a new draft starts
 * with the previous notice's. Carrying over picks from every open task in the tracker
 * (gb-carry-over-dialog.c).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-conclusion-composer.h"
#include "gb-conclusion-draft.h"
#include "gb-carry-over-dialog.h"
#include "gb-conclusion-export.h"
#include "gb-issue-preview.h"
#include "gb-print.h"
#include "gb-store-meetings.h"
#include "gb-task-editor.h"

struct _GbConclusionComposer
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwToastOverlay *toasts;
  AdwEntryRow     *chair_row;
  AdwEntryRow     *participants_row;
  AdwEntryRow     *reported_row;
  AdwEntryRow     *number_row;
  AdwComboRow     *form_row;
  GtkStringList   *form_names;
  AdwEntryRow     *signer_title_row;
  AdwEntryRow     *signer_row;
  GtkTextView     *assessment_view;
  GbTaskEditor    *tasks_editor;
  GtkTextView     *proposals_view;

  /* Owned */
  GbStore         *store;
  GbConclusion    *conclusion;
  char            *export_format;
  gboolean         filling;
};

G_DEFINE_FINAL_TYPE (GbConclusionComposer, gb_conclusion_composer, ADW_TYPE_WINDOW)

static void
toast (GbConclusionComposer *self,
       const char           *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_view_text (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text ? text : "", -1);
}

static char *
join (GPtrArray *list)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (s, "%s%s", i ? "; " : "", (char *) g_ptr_array_index (list, i));
  return g_string_free (s, FALSE);
}

static void
split_into (GPtrArray  *list,
            const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);

  g_ptr_array_set_size (list, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_ptr_array_add (list, g_strdup (parts[i]));
}

/* The signing form's row: the forms in use, and the notice's own when typed by hand. */
static void
fill_signing_form (GbConclusionComposer *self)
{
  const char *form = self->conclusion->signing_form;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->form_names)), at = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; form != NULL && i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->form_names, i), form) == 0)
      at = i;
  if (at == GTK_INVALID_LIST_POSITION && form != NULL)
    {
      gtk_string_list_append (self->form_names, form);
      at = n;
    }
  if (at != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->form_row, at);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->number_row),
                                 gb_conclusion_is_state_form (self->conclusion)
                                   ? _("Number (empty: the next N/TB-BCĐ when issued)")
                                   : _("Number (empty: the next N-TB/TU when issued)"));
}

static void
fill_form (GbConclusionComposer *self)
{
  GbConclusion *c = self->conclusion;
  g_autofree char *participants = join (c->participants);
  g_autofree char *reported = join (c->reported_units);
  GbConclusionSection *sec;

  self->filling = TRUE;
  fill_signing_form (self);

  gtk_editable_set_text (GTK_EDITABLE (self->chair_row), c->chair ? c->chair : "");
  gtk_editable_set_text (GTK_EDITABLE (self->participants_row), participants);
  gtk_editable_set_text (GTK_EDITABLE (self->reported_row), reported);
  gtk_editable_set_text (GTK_EDITABLE (self->number_row), c->number ? c->number : "");
  gtk_editable_set_text (GTK_EDITABLE (self->signer_title_row), c->signer_title ? c->signer_title : "");
  gtk_editable_set_text (GTK_EDITABLE (self->signer_row), c->signer ? c->signer : "");
  sec = c->sections->len > 0 ? g_ptr_array_index (c->sections, 0) : NULL;
  set_view_text (self->assessment_view, sec ? sec->body : NULL);
  sec = c->sections->len > 1 ? g_ptr_array_index (c->sections, 1) : NULL;
  gb_task_editor_set_tasks (self->tasks_editor, sec ? sec->tasks : NULL);
  if (gb_task_editor_get_n_rows (self->tasks_editor) == 0)
    gb_task_editor_add_task (self->tasks_editor);
  sec = c->sections->len > 2 ? g_ptr_array_index (c->sections, 2) : NULL;
  set_view_text (self->proposals_view, sec ? sec->body : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.issue", c->document_id == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.preview-issue", c->document_id == 0);
  self->filling = FALSE;
}

/* Reads the form back into the model; on a bad deadline nothing is changed. */
static gboolean
read_form (GbConclusionComposer  *self,
           GError               **error)
{
  GbConclusion *c = self->conclusion;
  g_autofree char *assessment = view_text (self->assessment_view);
  g_autofree char *proposals = view_text (self->proposals_view);
  g_autoptr(GPtrArray) tasks = gb_task_editor_get_tasks (self->tasks_editor, error);
  const char *number = gtk_editable_get_text (GTK_EDITABLE (self->number_row));
  GbConclusionSection *sec;

  if (tasks == NULL)
    return FALSE;

  while (c->sections->len < 3)
    g_ptr_array_add (c->sections, gb_conclusion_section_new (c->sections->len == 1 ? "Nhiệm vụ trong thời gian tới"
                                                            : "Về các đề xuất, kiến nghị", NULL));
  g_free (c->chair);
  c->chair = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->chair_row)));
  split_into (c->participants, gtk_editable_get_text (GTK_EDITABLE (self->participants_row)));
  split_into (c->reported_units, gtk_editable_get_text (GTK_EDITABLE (self->reported_row)));
  g_free (c->number);
  c->number = *number ? g_strdup (number) : NULL;
  g_free (c->signer_title);
  c->signer_title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->signer_title_row)));
  g_free (c->signer);
  c->signer = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->signer_row)));
  sec = g_ptr_array_index (c->sections, 0);
  g_free (sec->body);
  sec->body = g_steal_pointer (&assessment);
  sec = g_ptr_array_index (c->sections, 1);
  g_ptr_array_set_size (sec->tasks, 0);
  while (tasks->len > 0)
    g_ptr_array_add (sec->tasks, g_ptr_array_steal_index (tasks, 0));
  sec = g_ptr_array_index (c->sections, 2);
  g_free (sec->body);
  sec->body = g_steal_pointer (&proposals);
  return TRUE;
}

static gboolean
save (GbConclusionComposer *self)
{
  g_autoptr(GError) error = NULL;

  if (!read_form (self, &error) || !gb_store_save_conclusion (self->store, self->conclusion, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GbConclusionComposer *self = GB_CONCLUSION_COMPOSER (widget);

  if (save (self))
    toast (self, _("Draft saved"));
}

/* Numbers the saved notice (@number, or the next free one) and sends its tasks to the tracker. */
static void
issue (GbConclusionComposer *self,
       const char           *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbConclusion) reloaded = NULL;
  g_autofree char *msg = NULL;
  gint64 doc;

  doc = gb_store_issue_conclusion (self->store, self->conclusion->id, number, &error);
  if (doc == 0 || (reloaded = gb_store_load_conclusion (self->store, self->conclusion->id, &error)) == NULL)
    {
      toast (self, error->message);
      return;
    }
  gb_conclusion_free (self->conclusion);
  self->conclusion = g_steal_pointer (&reloaded);
  fill_form (self);
  msg = g_strdup_printf (_("Issued as %s; its tasks are in the tracker"), self->conclusion->number);
  toast (self, msg);
}

/* "composer.issue": issues at once, as the preview's "Issue" button does once confirmed. */
static void
issue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  GbConclusionComposer *self = GB_CONCLUSION_COMPOSER (widget);

  if (save (self))
    issue (self, NULL);
}

/* Confirmed in the preview: numbered as shown. */
static void
issue_confirmed_cb (GbIssuePreview       *preview,
                    GbConclusionComposer *self)
{
  if (self->conclusion->document_id == 0)
    issue (self, g_object_get_data (G_OBJECT (preview), "number"));
}

/* The Issue button: saves, then shows the notice as it will be issued, with its number;
 * issuing waits for the person's "Issue" there. */
static void
preview_issue_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GbConclusionComposer *self = GB_CONCLUSION_COMPOSER (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbConclusion) final = NULL;
  GbIssuePreview *preview;

  if (!save (self))
    return;
  final = gb_conclusion_copy (self->conclusion);
  g_free (final->number);
  if ((final->number = gb_store_conclusion_number_to_issue (self->store, self->conclusion, &error)) == NULL)
    {
      toast (self, error->message);
      return;
    }
  preview = gb_issue_preview_new (GTK_WINDOW (self), final);
  g_object_set_data_full (G_OBJECT (preview), "number", g_strdup (final->number), g_free);
  g_signal_connect_object (preview, "confirmed", G_CALLBACK (issue_confirmed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (preview));
}

static void
carry_over_picked_cb (GbCarryOverDialog    *dialog,
                      GArray               *ids,
                      GbConclusionComposer *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *msg = NULL;
  int added;

  if (!read_form (self, &error) || (added = gb_store_carry_over_items (self->store, self->conclusion, 1, ids, &error)) < 0)
    {
      toast (self, error->message);
      return;
    }
  fill_form (self);
  msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d unfinished task added", "%d unfinished tasks added", added),
                         added);
  toast (self, msg);
}

/* Every open task of the tracker, whatever document gave it: the secretary picks. */
static void
carry_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GbConclusionComposer *self = GB_CONCLUSION_COMPOSER (widget);
  g_autoptr(GError) error = NULL;
  GbCarryOverDialog *dialog;

  if (!read_form (self, &error))
    {
      toast (self, error->message);
      return;
    }
  dialog = gb_carry_over_dialog_new (GTK_WINDOW (self), self->store, self->conclusion->meeting_date);
  g_signal_connect_object (dialog, "picked", G_CALLBACK (carry_over_picked_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Another form: the signer's title and issuer follow it unless typed; the rest of the form stays. */
static void
form_selected_cb (GbConclusionComposer *self)
{
  g_autoptr(GError) error = NULL;
  GtkStringObject *item = adw_combo_row_get_selected_item (self->form_row);

  if (self->filling || item == NULL || self->conclusion == NULL)
    return;
  if (!read_form (self, &error))
    {
      toast (self, error->message);
      return;
    }
  gb_conclusion_set_signing_form (self->conclusion, gtk_string_object_get_string (item));
  fill_form (self);
}

static void
export_response_cb (GtkNativeDialog      *dialog,
                    int                   response,
                    GbConclusionComposer *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL || !gb_conclusion_export (self->conclusion, path, &error))
        toast (self, error ? error->message : _("Choose a local file"));
      else
        toast (self, _("Exported"));
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GbConclusionComposer *self = GB_CONCLUSION_COMPOSER (widget);
  const char *format = g_variant_get_string (param, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;

  if (!read_form (self, &error))
    {
      toast (self, error->message);
      return;
    }
  dialog = gtk_file_chooser_native_new (_("Export Conclusion"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("thong-bao-ket-luan-%s.%s", self->conclusion->meeting_date, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  GbConclusionComposer *self = GB_CONCLUSION_COMPOSER (widget);
  g_autoptr(GError) error = NULL;

  if (!read_form (self, &error) ||
      !gb_print_document (GTK_WINDOW (self), self->conclusion, _("Conclusion notice"), NULL, &error))
    toast (self, error->message);
}

static void
gb_conclusion_composer_dispose (GObject *object)
{
  GbConclusionComposer *self = GB_CONCLUSION_COMPOSER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->form_names);
  g_clear_pointer (&self->conclusion, gb_conclusion_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_CONCLUSION_COMPOSER);
  G_OBJECT_CLASS (gb_conclusion_composer_parent_class)->dispose (object);
}

static void
gb_conclusion_composer_class_init (GbConclusionComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_conclusion_composer_dispose;

  g_type_ensure (GB_TYPE_TASK_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-conclusion-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, toasts);
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, chair_row);
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, participants_row);
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, reported_row);
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, number_row);
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, form_row);
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, signer_title_row);
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, signer_row);
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, assessment_view);
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, tasks_editor);
  gtk_widget_class_bind_template_child (widget_class, GbConclusionComposer, proposals_view);
  gtk_widget_class_bind_template_callback (widget_class, form_selected_cb);

  gtk_widget_class_install_action (widget_class, "composer.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "composer.issue", NULL, issue_action);
  gtk_widget_class_install_action (widget_class, "composer.preview-issue", NULL, preview_issue_action);
  gtk_widget_class_install_action (widget_class, "composer.carry-over", NULL, carry_over_action);
  gtk_widget_class_install_action (widget_class, "composer.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "composer.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "composer.print", NULL);
}

static void
gb_conclusion_composer_init (GbConclusionComposer *self)
{
  guint n = 0;
  const GbSigningForm *forms = gb_conclusion_get_signing_forms (&n);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->form_names = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (self->form_names, forms[i].form);
  self->filling = TRUE;
  adw_combo_row_set_model (self->form_row, G_LIST_MODEL (self->form_names));
  self->filling = FALSE;
}

/**
 * gb_conclusion_composer_new:
 * @date: the meeting date
 *
 * Opens the draft of the meeting on @date if there is one, else a new draft whose assessment
 * is generated from the data of that date.
 *
 * Returns: (transfer floating): the composer window
 */
GbConclusionComposer *
gb_conclusion_composer_new (GtkWindow  *parent,
                            GbStore    *store,
                            const char *date)
{
  GbConclusionComposer *self = g_object_new (GB_TYPE_CONCLUSION_COMPOSER, "transient-for", parent, NULL);
  g_autoptr(GError) error = NULL;
  gint64 id = gb_store_latest_conclusion_id (store, date, NULL);

  self->store = g_object_ref (store);
  {
    g_autoptr(GPtrArray) names = gb_store_list_organisation_names (store, NULL);

    gb_task_editor_set_organisations (self->tasks_editor, names);
  }
  if (id > 0)
    {
      g_autoptr(GbConclusion) c = gb_store_load_conclusion (store, id, &error);

      if (c != NULL && g_strcmp0 (c->meeting_date, date) == 0)
        self->conclusion = g_steal_pointer (&c);
    }
  if (self->conclusion == NULL)
    self->conclusion = gb_conclusion_draft_new (store, date, -1, &error);
  if (self->conclusion == NULL)
    {
      self->conclusion = gb_conclusion_new ();
      toast (self, error->message);
    }
  fill_form (self);
  return self;
}
