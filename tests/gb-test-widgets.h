/* gb-test-widgets.h — helpers for the widget tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the main loop for @ms milliseconds. */
void        gb_test_spin         (int        ms);
/* The first widget of @type under @root, depth first (NULL if none). */
GtkWidget  *gb_test_find_widget  (GtkWidget *root,
                                  GType      type);
/* The first widget named @name (gtk_widget_set_name) under @root, depth first (NULL if none). */
GtkWidget  *gb_test_find_named   (GtkWidget  *root,
                                  const char *name);
/* Whether a GtkLabel under @root shows a text containing @text. */
gboolean    gb_test_find_label   (GtkWidget  *root,
                                  const char *text);
/* Whether a GtkButton under @root has exactly the label (mnemonic included) @label. */
gboolean    gb_test_find_button  (GtkWidget  *root,
                                  const char *label);
/* The first toplevel window of @type, waiting up to @ms milliseconds for it (NULL if none). */
GtkWidget  *gb_test_wait_toplevel (GType     type,
                                   int       ms);
/* What @widget shows through @paintable (made before its first frame), waiting up to 10 s for
 * a frame to exist. */
GdkTexture *gb_test_render       (GtkWidget    *widget,
                                  GdkPaintable *paintable);
/* The largest area (px²) a node of @type covers in @node's tree (through containers,
 * transforms, clips and opacity), 0 if none. */
double      gb_test_largest_node (GskRenderNode    *node,
                                  GskRenderNodeType type);

G_END_DECLS
