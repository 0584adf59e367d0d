/* gb-test-widgets.c — helpers for the widget tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-test-widgets.h"

void
gb_test_spin (int ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

GtkWidget *
gb_test_find_widget (GtkWidget *root,
                     GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
      if ((found = gb_test_find_widget (c, type)) != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
gb_test_find_named (GtkWidget  *root,
                    const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (c), name) == 0)
        return c;
      if ((found = gb_test_find_named (c, name)) != NULL)
        return found;
    }
  return NULL;
}

gboolean
gb_test_find_label (GtkWidget  *root,
                    const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c) && strstr (gtk_label_get_label (GTK_LABEL (c)), text) != NULL)
        return TRUE;
      if (gb_test_find_label (c, text))
        return TRUE;
    }
  return FALSE;
}

gboolean
gb_test_find_button (GtkWidget  *root,
                     const char *label)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), label) == 0)
        return TRUE;
      if (gb_test_find_button (c, label))
        return TRUE;
    }
  return FALSE;
}

GtkWidget *
gb_test_wait_toplevel (GType type,
                       int   ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  do
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

          if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
            return GTK_WIDGET (w);
        }
      g_main_context_iteration (NULL, FALSE);
    }
  while (g_get_monotonic_time () < end);
  return NULL;
}

GdkTexture *
gb_test_render (GtkWidget    *widget,
                GdkPaintable *paintable)
{
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GskRenderNode *node = NULL;
  GdkTexture *texture;

  while (node == NULL && g_get_monotonic_time () < end)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        gb_test_spin (50);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  gsk_render_node_unref (node);
  return texture;
}

double
gb_test_largest_node (GskRenderNode    *node,
                      GskRenderNodeType type)
{
  double most = 0;
  graphene_rect_t b;

  if (gsk_render_node_get_node_type (node) == type)
    {
      gsk_render_node_get_bounds (node, &b);
      return b.size.width * b.size.height;
    }
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        most = MAX (most, gb_test_largest_node (gsk_container_node_get_child (node, i), type));
      return most;
    case GSK_TRANSFORM_NODE:
      return gb_test_largest_node (gsk_transform_node_get_child (node), type);
    case GSK_CLIP_NODE:
      return gb_test_largest_node (gsk_clip_node_get_child (node), type);
    case GSK_ROUNDED_CLIP_NODE:
      return gb_test_largest_node (gsk_rounded_clip_node_get_child (node), type);
    case GSK_OPACITY_NODE:
      return gb_test_largest_node (gsk_opacity_node_get_child (node), type);
    default:
      return 0;
    }
}
