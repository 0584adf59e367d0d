/* gb-issue-preview.c — the final conclusion notice, shown before it is numbered and issued
 *
 * Issuing gives the notice its number and sends its tasks to the tracker, which cannot be taken
 * back from the composer: the pages are shown exactly as the PDF will print them, with the
 * number they will carry, and only "Issue" goes on ("confirmed"); closing the window does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-conclusion-export.h"
#include "gb-issue-preview.h"

#define PAGE_WIDTH_PX 620

struct _GbIssuePreview
{
  AdwWindow  parent_instance;

  GPtrArray *pages;   /* cairo_surface_t: one recording surface a page */
};

G_DEFINE_FINAL_TYPE (GbIssuePreview, gb_issue_preview, ADW_TYPE_WINDOW)

enum { CONFIRMED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
draw_page (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  cairo_surface_t *page = user_data;
  double scale = width / GB_CONCLUSION_PAGE_WIDTH;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, page, 0, 0);
  cairo_paint (cr);
}

static void
issue_clicked_cb (GbIssuePreview *self)
{
  g_signal_emit (self, signals[CONFIRMED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
gb_issue_preview_dispose (GObject *object)
{
  g_clear_pointer (&GB_ISSUE_PREVIEW (object)->pages, g_ptr_array_unref);
  G_OBJECT_CLASS (gb_issue_preview_parent_class)->dispose (object);
}

static void
gb_issue_preview_class_init (GbIssuePreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_issue_preview_dispose;

  /** GbIssuePreview::confirmed: the person chose to issue the notice as shown. */
  signals[CONFIRMED] = g_signal_new ("confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 0);
}

static void
gb_issue_preview_init (GbIssuePreview *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), PAGE_WIDTH_PX + 80, 680);
}

/**
 * gb_issue_preview_new:
 * @conclusion: the notice as it will be issued, its number set
 *
 * Returns: (transfer none): the preview window; "confirmed" when the person chose to issue
 */
GbIssuePreview *
gb_issue_preview_new (GtkWindow          *parent,
                      const GbConclusion *conclusion)
{
  GbIssuePreview *self;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *issue = NULL;
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *pages_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *note;
  g_autofree char *label = NULL;
  g_autofree char *explain = NULL;

  g_return_val_if_fail (conclusion != NULL, NULL);

  self = g_object_new (GB_TYPE_ISSUE_PREVIEW, "transient-for", parent, NULL);
  self->pages = gb_conclusion_render_pages (conclusion);
  gtk_window_set_title (GTK_WINDOW (self), _("Issue the Notice?"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  label = g_strdup_printf (_("_Issue as %s"), conclusion->number ? conclusion->number : "");
  issue = gtk_button_new_with_mnemonic (label);
  gtk_widget_set_name (issue, "confirm-issue");
  gtk_widget_add_css_class (issue, "suggested-action");
  g_signal_connect_swapped (issue, "clicked", G_CALLBACK (issue_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), issue);
  gtk_box_append (GTK_BOX (box), header);

  explain = g_strdup_printf (_("This is the notice as it will be issued. Issuing numbers it %s and puts its "
                               "tasks in the tracker; a number once given is not taken back."),
                             conclusion->number ? conclusion->number : "");
  note = gtk_label_new (explain);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_set_margin_start (note, 18);
  gtk_widget_set_margin_end (note, 18);
  gtk_widget_set_margin_top (note, 12);
  gtk_widget_set_margin_bottom (note, 12);
  gtk_box_append (GTK_BOX (box), note);

  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkWidget *area = gtk_drawing_area_new ();
      GtkWidget *frame = gtk_frame_new (NULL);

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), PAGE_WIDTH_PX);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area),
                                           (int) (PAGE_WIDTH_PX * GB_CONCLUSION_PAGE_HEIGHT / GB_CONCLUSION_PAGE_WIDTH));
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_page, g_ptr_array_index (self->pages, i), NULL);
      gtk_frame_set_child (GTK_FRAME (frame), area);
      gtk_widget_set_halign (frame, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (pages_box), frame);
    }
  gtk_widget_set_margin_top (pages_box, 6);
  gtk_widget_set_margin_bottom (pages_box, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), pages_box);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), issue);
  return self;
}
