/* gb-charts-page.c — the Charts view: cases and vaccination of the selected unit, compared
 * with pinned units, exportable, printable
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-chart-scale.h"
#include "gb-chart-view.h"
#include "gb-charts-page.h"
#include "gb-print.h"
#include "gb-export-dialog.h"
#include "gb-store-levels.h"

struct _GbChartsPage
{
  GbPage           parent_instance;

  /* Template */
  AdwToastOverlay *toasts;
  GtkToggleButton *per_100k_button;
  GtkToggleButton *cumulative_button;
  GtkToggleButton *log_button;
  GtkDropDown     *group_dropdown;
  GtkBox          *pinned_box;
  GtkLabel        *status_label;
  GbChartView     *cases_view;
  GbChartView     *vaccination_view;

  /* Owned */
  GbChart         *cases;
  GbChart         *vaccination;
  GPtrArray       *pinned;        /* unit codes, at most GB_CHART_MAX_UNITS - 1 */
  GbLevelEngine   *engine;        /* the store's shared engine (not owned) */
  char            *shown_unit;
};

G_DEFINE_FINAL_TYPE (GbChartsPage, gb_charts_page, GB_TYPE_PAGE)

static const char *
current_unit (GbChartsPage *self)
{
  const char *code = gb_page_get_unit_code (GB_PAGE (self));
  GbStore *store = gb_page_get_store (GB_PAGE (self));

  if (code != NULL && *code != '\0')
    return code;
  /* No selection: the province. */
  if (store != NULL)
    {
      g_autoptr(GPtrArray) provinces = gb_store_list_units (store, GB_UNIT_LEVEL_PROVINCE, NULL, NULL);

      if (provinces && provinces->len)
        {
          g_free (self->shown_unit);
          self->shown_unit = g_strdup (((GbUnit *) g_ptr_array_index (provinces, 0))->code);
          return self->shown_unit;
        }
    }
  return NULL;
}

static void
apply_options (GbChartsPage *self)
{
  gboolean per_100k = gtk_toggle_button_get_active (self->per_100k_button);

  /* The drop-down notifies while the template is built, before the charts exist. */
  if (self->cases == NULL || self->vaccination == NULL)
    return;
  gb_chart_set_per_100k (self->cases, per_100k);
  gb_chart_set_cumulative (self->cases, gtk_toggle_button_get_active (self->cumulative_button));
  gb_chart_set_log (self->cases, gtk_toggle_button_get_active (self->log_button));
  /* The list's rows: the criteria, then the groups in #GbAgeGroup order. */
  gb_chart_set_vaccination_group (self->vaccination, (int) gtk_drop_down_get_selected (self->group_dropdown) - 1);
  gb_chart_view_invalidate (self->cases_view);
  gb_chart_view_invalidate (self->vaccination_view);
}

static void
options_changed_cb (GbChartsPage *self)
{
  apply_options (self);
}

static void unpin_clicked_cb (GtkButton *button, GbChartsPage *self);

static void
rebuild_pinned (GbChartsPage *self)
{
  GtkWidget *child;
  GbStore *store = gb_page_get_store (GB_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pinned_box))) != NULL)
    gtk_box_remove (self->pinned_box, child);
  for (guint i = 0; i < self->pinned->len; i++)
    {
      const char *code = g_ptr_array_index (self->pinned, i);
      g_autoptr(GbUnit) unit = store ? gb_store_get_unit (store, code, NULL) : NULL;
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      g_autofree char *tip = g_strdup_printf (_("Stop comparing with %s"), unit ? unit->name : code);

      gtk_box_append (GTK_BOX (box), gtk_label_new (unit ? unit->name : code));
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (button, "small");
      gtk_widget_set_tooltip_text (button, tip);
      g_object_set_data_full (G_OBJECT (button), "unit-code", g_strdup (code), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (unpin_clicked_cb), self);
      gtk_box_append (self->pinned_box, button);
    }
}


/* The days with data in either chart: both charts show the same days, one above the other. */
static gboolean
shared_extent (GbChartsPage *self,
               guint32      *first,
               guint32      *last)
{
  guint32 a, b, c, d;
  gboolean cases = gb_chart_get_extent (self->cases, &a, &b);
  gboolean vacc = gb_chart_get_extent (self->vaccination, &c, &d);

  if (!cases && !vacc)
    return FALSE;
  *first = cases && vacc ? MIN (a, c) : cases ? a : c;
  *last = cases && vacc ? MAX (b, d) : cases ? b : d;
  return TRUE;
}

static void
set_shared_view (GbChartsPage *self,
                 guint32       first,
                 guint32       last)
{
  gb_chart_set_view (self->cases, first, last);
  gb_chart_set_view (self->vaccination, first, last);
  gb_chart_view_invalidate (self->cases_view);
  gb_chart_view_invalidate (self->vaccination_view);
}

/* One chart was zoomed or reset: the other follows. A reset shows the days of both. */
static void
view_changed_cb (GbChartsPage *self,
                 GbChartView  *view)
{
  GbChart *from = gb_chart_view_get_chart (view);
  guint32 first, last, ext_first, ext_last;

  if (!gb_chart_get_view (from, &first, &last))
    return;
  if (gb_chart_get_extent (from, &ext_first, &ext_last) && first == ext_first && last == ext_last)
    shared_extent (self, &first, &last);
  set_shared_view (self, first, last);
}

static void
reload (GbChartsPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const char *date = gb_page_get_date (GB_PAGE (self));
  const char *code = current_unit (self);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) markers = NULL;
  g_autoptr(GError) error = NULL;
  guint32 first, last;

  gb_chart_clear_units (self->cases);
  gb_chart_clear_units (self->vaccination);
  gb_chart_set_levels (self->cases, 0, 0, NULL);
  gb_chart_set_levels (self->vaccination, 0, 0, NULL);
  gtk_label_set_text (self->status_label, "");
  if (store == NULL || code == NULL)
    goto done;

  /* The store's shared engine: it reads the data again only after the data or the rules
   * changed, never for a date step. */
  self->engine = gb_page_get_engine (GB_PAGE (self));

  for (guint i = 0; i < self->pinned->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->pinned, i), code) != 0)
      g_ptr_array_add (codes, g_ptr_array_index (self->pinned, i));
  g_ptr_array_add (codes, (gpointer) code);
  for (guint i = 0; i < codes->len; i++)
    {
      GbChartData *a = gb_store_load_chart_data (store, g_ptr_array_index (codes, i), &error);
      GbChartData *b;

      if (a == NULL)
        {
          gtk_label_set_text (self->status_label, error->message);
          goto done;
        }
      b = gb_store_load_chart_data (store, g_ptr_array_index (codes, i), NULL);
      gb_chart_add_unit (self->cases, a);
      if (b)
        gb_chart_add_unit (self->vaccination, b);
    }

  if ((markers = gb_store_load_chart_markers (store, &error)) == NULL)
    gtk_label_set_text (self->status_label, error->message);
  gb_chart_set_markers (self->cases, markers);
  gb_chart_set_markers (self->vaccination, markers);
  if (date != NULL)
    {
      gb_chart_set_targets (self->vaccination,
                            gb_store_levels_get_threshold (store, "nq128", "dose1_18_high", date),
                            gb_store_levels_get_threshold (store, "nq128", "full_65_target", date));
      gb_chart_set_current_day (self->cases, gb_day_from_iso (date));
      gb_chart_set_current_day (self->vaccination, gb_day_from_iso (date));
    }
  /* The level strip for one unit, from its first to its last day of data. */
  if (codes->len == 1 && gb_chart_get_extent (self->cases, &first, &last))
    {
      g_autofree guint8 *levels = gb_chart_compute_levels (self->engine, code, first, last);

      gb_chart_set_levels (self->cases, first, last - first + 1, levels);
      gb_chart_set_levels (self->vaccination, first, last - first + 1, levels);
    }

  /* Open on the half year up to the selected date: what a briefing looks at. */
  if (date != NULL && shared_extent (self, &first, &last))
    {
      guint32 day = gb_day_from_iso (date);

      if (day > first + 180 && day <= last + 1)
        set_shared_view (self, day - 180, MIN (last, day + 14));
      else
        set_shared_view (self, first, last);
    }

done:
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "charts.pin",
                                 code != NULL && self->pinned->len < GB_CHART_MAX_UNITS - 1);
  apply_options (self);
}

static void
unpin_clicked_cb (GtkButton    *button,
                  GbChartsPage *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "unit-code");

  for (guint i = 0; i < self->pinned->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->pinned, i), code) == 0)
      {
        g_ptr_array_remove_index (self->pinned, i);
        break;
      }
  rebuild_pinned (self);
  reload (self);
}

static void
pin_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  GbChartsPage *self = GB_CHARTS_PAGE (widget);
  const char *code = current_unit (self);

  if (code == NULL || self->pinned->len >= GB_CHART_MAX_UNITS - 1)
    return;
  for (guint i = 0; i < self->pinned->len; i++)
    if (g_str_equal (g_ptr_array_index (self->pinned, i), code))
      return;
  g_ptr_array_add (self->pinned, g_strdup (code));
  rebuild_pinned (self);
  reload (self);
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GbChartsPage *self = GB_CHARTS_PAGE (widget);

  gb_chart_view_reset_zoom (self->cases_view);
  gb_chart_view_reset_zoom (self->vaccination_view);
}

static GbChart *
chart_for (GbChartsPage *self,
           GVariant     *param)
{
  return g_str_equal (g_variant_get_string (param, NULL), "cases") ? self->cases : self->vaccination;
}

static void
toast (GbChartsPage *self,
       const char   *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

typedef struct
{
  GbChartsPage *page;
  GbChart      *chart;
} ExportTarget;

static void
export_chosen (const char *path,
               gpointer    user_data)
{
  ExportTarget *target = user_data;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    toast (target->page, _("Choose a local file"));
  else if (!gb_chart_export (target->chart, path, 1600, 900, &error))
    toast (target->page, error->message);
  else
    toast (target->page, _("Chart exported"));
  g_object_unref (target->page);
  g_object_unref (target->chart);
  g_free (target);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GbChartsPage *self = GB_CHARTS_PAGE (widget);
  ExportTarget *target = g_new0 (ExportTarget, 1);
  g_autofree char *name = NULL;

  target->page = g_object_ref (self);
  target->chart = g_object_ref (chart_for (self, param));
  name = g_strdup_printf ("%s-%s.png", gb_chart_get_kind (target->chart) == GB_CHART_CASES ? "ca-mac" : "tiem-chung",
                          current_unit (self) ? current_unit (self) : "");
  gb_export_dialog_show (widget, _("Export Chart"), name, export_chosen, target);
}

/**
 * gb_charts_page_render_texture:
 *
 * Draws the chart as a 1600×900 image, as it is copied to the clipboard.
 */
static GdkTexture *
render_texture (GbChart *chart)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 900);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;

  gb_chart_draw (chart, cr, 1600, 900);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * 900);
  texture = gdk_memory_texture_new (1600, 900, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GbChartsPage *self = GB_CHARTS_PAGE (widget);
  g_autoptr(GdkTexture) texture = render_texture (chart_for (self, param));

  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  toast (self, _("Chart copied"));
}

static void
print_draw_cb (cairo_t *cr,
               double   width,
               double   height,
               gpointer chart)
{
  gb_chart_draw (chart, cr, (int) width, (int) height);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  GbChartsPage *self = GB_CHARTS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!gb_print_page (GTK_WINDOW (gtk_widget_get_root (widget)), NULL, print_draw_cb, chart_for (self, param), &error))
    toast (self, error->message);
}

static void
gb_charts_page_context_changed (GbPage *page)
{
  reload (GB_CHARTS_PAGE (page));
}

static void
gb_charts_page_dispose (GObject *object)
{
  GbChartsPage *self = GB_CHARTS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_CHARTS_PAGE);
  g_clear_object (&self->cases);
  g_clear_object (&self->vaccination);
  self->engine = NULL;
  g_clear_pointer (&self->pinned, g_ptr_array_unref);
  g_clear_pointer (&self->shown_unit, g_free);
  G_OBJECT_CLASS (gb_charts_page_parent_class)->dispose (object);
}

static void
gb_charts_page_class_init (GbChartsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GbPageClass *page_class = GB_PAGE_CLASS (klass);

  object_class->dispose = gb_charts_page_dispose;
  page_class->context_changed = gb_charts_page_context_changed;
  page_class->defer_while_hidden = TRUE;

  g_type_ensure (GB_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-charts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GbChartsPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, GbChartsPage, per_100k_button);
  gtk_widget_class_bind_template_child (widget_class, GbChartsPage, cumulative_button);
  gtk_widget_class_bind_template_child (widget_class, GbChartsPage, log_button);
  gtk_widget_class_bind_template_child (widget_class, GbChartsPage, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GbChartsPage, pinned_box);
  gtk_widget_class_bind_template_child (widget_class, GbChartsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, GbChartsPage, cases_view);
  gtk_widget_class_bind_template_child (widget_class, GbChartsPage, vaccination_view);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);

  gtk_widget_class_install_action (widget_class, "charts.pin", NULL, pin_action);
  gtk_widget_class_install_action (widget_class, "charts.reset-zoom", NULL, reset_zoom_action);
  gtk_widget_class_install_action (widget_class, "charts.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "charts.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "charts.print", "s", print_action);
}

static void
gb_charts_page_init (GbChartsPage *self)
{
  self->pinned = g_ptr_array_new_with_free_func (g_free);
  self->cases = gb_chart_new (GB_CHART_CASES);
  self->vaccination = gb_chart_new (GB_CHART_VACCINATION);
  gtk_widget_init_template (GTK_WIDGET (self));
  gb_chart_view_set_chart (self->cases_view, self->cases);
  gb_chart_view_set_chart (self->vaccination_view, self->vaccination);
  g_signal_connect_swapped (self->cases_view, "view-changed", G_CALLBACK (view_changed_cb), self);
  g_signal_connect_swapped (self->vaccination_view, "view-changed", G_CALLBACK (view_changed_cb), self);
}

/**
 * gb_charts_page_get_cases_chart:
 *
 * Returns: (transfer none): the case chart, for tests
 */
GbChart *
gb_charts_page_get_cases_chart (GbChartsPage *self)
{
  g_return_val_if_fail (GB_IS_CHARTS_PAGE (self), NULL);
  return self->cases;
}
