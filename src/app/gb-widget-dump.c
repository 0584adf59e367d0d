/* gb-widget-dump.c — what the windows show, written to a file for tests that drive the app
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With GIAOBAN_DUMP_WIDGETS=PATH the app writes, a few times a second, the text of every
 * label and button that is drawn in its windows (tooltips included), one a line, prefixed by
 * the widget's name when it has one. A test that moves the real pointer with xdotool reads it
 * to know what a person would read on the screen; nothing in the app is called from outside.
 */
#include "config.h"

#include <string.h>

#include "gb-file.h"
#include "gb-widget-dump.h"

static void
dump_widget (GtkWidget *widget,
             GString   *out,
             gboolean   in_tooltip)
{
  const char *text = NULL;
  const char *name;

  if (!gtk_widget_get_mapped (widget))
    return;
  in_tooltip |= g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkTooltipWindow");
  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_EDITABLE (widget) && !GTK_IS_TEXT (widget))
    text = gtk_editable_get_text (GTK_EDITABLE (widget));
  if (text != NULL && *text != '\0')
    {
      g_autofree char *flat = g_strdelimit (g_strdup (text), "\n", ' ');

      name = gtk_widget_get_name (widget);
      if (in_tooltip)
        g_string_append (out, "tooltip: ");
      else if (name != NULL && !g_str_has_prefix (name, "Gtk"))
        g_string_append_printf (out, "%s: ", name);
      g_string_append_printf (out, "%s\n", flat);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    dump_widget (c, out, in_tooltip);
}

/**
 * gb_widget_dump_text:
 *
 * Returns: (transfer full): the text every mapped window shows, a widget a line
 */
char *
gb_widget_dump_text (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* owned by GTK */
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      dump_widget (window, out, FALSE);
    }
  return g_string_free (out, FALSE);
}

static gboolean
dump_cb (gpointer data)
{
  const char *path = data;
  g_autofree char *text = gb_widget_dump_text ();

  gb_file_write (path, text, strlen (text), NULL);
  return G_SOURCE_CONTINUE;
}

/**
 * gb_widget_dump_start:
 * @path: where to write; rewritten whole every 200 ms
 */
void
gb_widget_dump_start (const char *path)
{
  g_return_if_fail (path != NULL);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 200, dump_cb, g_strdup (path), g_free);
}
