/* gb-task-editor.c — the numbered task list of a conclusion notice
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-task-editor.h"
#include "gb-task-row.h"

struct _GbTaskEditor
{
  GtkBox      parent_instance;

  GtkListBox *list;
  GPtrArray  *names;
  guint       section;
};

G_DEFINE_FINAL_TYPE (GbTaskEditor, gb_task_editor, GTK_TYPE_BOX)

/* "2.1.", "2.2." …: the numbering the notice will print. */
static void
renumber (GbTaskEditor *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GB_IS_TASK_ROW (row))
      {
        g_autofree char *number = g_strdup_printf ("%u.%u.", self->section, ++n);
        gb_task_row_set_number (GB_TASK_ROW (row), number);
      }
}

static void
row_remove_cb (GbTaskRow    *row,
               GbTaskEditor *self)
{
  gtk_list_box_remove (self->list, GTK_WIDGET (row));
  renumber (self);
}

static GtkWidget *
append_row (GbTaskEditor           *self,
            const GbConclusionTask *task)
{
  GtkWidget *row = gb_task_row_new (task, self->names);

  g_signal_connect (row, "remove", G_CALLBACK (row_remove_cb), self);
  gtk_list_box_append (self->list, row);
  return row;
}

/** gb_task_editor_add_task: appends an empty task and returns its row. */
GtkWidget *
gb_task_editor_add_task (GbTaskEditor *self)
{
  GtkWidget *row = append_row (self, NULL);

  renumber (self);
  return row;
}

static void
add_clicked_cb (GbTaskEditor *self)
{
  GtkWidget *row = gb_task_editor_add_task (self);

  gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
}

static void
gb_task_editor_dispose (GObject *object)
{
  GbTaskEditor *self = GB_TASK_EDITOR (object);

  g_clear_pointer (&self->names, g_ptr_array_unref);
  G_OBJECT_CLASS (gb_task_editor_parent_class)->dispose (object);
}

static void
gb_task_editor_class_init (GbTaskEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_task_editor_dispose;
}

static void
gb_task_editor_init (GbTaskEditor *self)
{
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Task"));

  self->section = 2;
  self->names = g_ptr_array_new_with_free_func (g_free);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->list));
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), add);
}

GtkWidget *
gb_task_editor_new (void)
{
  return g_object_new (GB_TYPE_TASK_EDITOR, NULL);
}

/** gb_task_editor_set_organisations: @names: (element-type utf8): offered for new rows. */
void
gb_task_editor_set_organisations (GbTaskEditor *self,
                                  GPtrArray    *names)
{
  g_ptr_array_set_size (self->names, 0);
  for (guint i = 0; names != NULL && i < names->len; i++)
    g_ptr_array_add (self->names, g_strdup (g_ptr_array_index (names, i)));
}

void
gb_task_editor_set_section (GbTaskEditor *self,
                            guint         section_number)
{
  self->section = section_number;
  renumber (self);
}

/** gb_task_editor_set_tasks: @tasks: (element-type GbConclusionTask): replaces the rows. */
void
gb_task_editor_set_tasks (GbTaskEditor *self,
                          GPtrArray    *tasks)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    append_row (self, g_ptr_array_index (tasks, i));
  renumber (self);
}

/**
 * gb_task_editor_get_tasks:
 *
 * Returns: (transfer full) (element-type GbConclusionTask): the tasks as edited, empty rows
 *   left out; NULL with an error naming the task when a deadline is not a date
 */
GPtrArray *
gb_task_editor_get_tasks (GbTaskEditor  *self,
                          GError       **error)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_conclusion_task_free);
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autoptr(GError) local = NULL;
      GbConclusionTask *task;

      if (!GB_IS_TASK_ROW (row))
        continue;
      n++;
      if ((task = gb_task_row_to_task (GB_TASK_ROW (row), &local)) != NULL)
        g_ptr_array_add (tasks, task);
      else if (local != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local), _("Task %u.%u: "), self->section, n);
          return NULL;
        }
    }
  return g_steal_pointer (&tasks);
}

guint
gb_task_editor_get_n_rows (GbTaskEditor *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n += GB_IS_TASK_ROW (row);
  return n;
}
