/* gb-chart-view.c — a GbChart on screen: hover crosshair, drag to zoom, keyboard
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart draws itself (gb-chart.c); this widget keeps its last render node until the size,
 * the data or the hover changes, and turns pointer and keys into chart state.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gb-chart-view.h"

struct _GbChartView
{
  GtkWidget      parent_instance;

  GbChart       *chart;
  GskRenderNode *cached;
  int            cached_w, cached_h;

  double         drag_x0, drag_x1;
  gboolean       dragging;
};

G_DEFINE_FINAL_TYPE (GbChartView, gb_chart_view, GTK_TYPE_WIDGET)

enum { VIEW_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CHART,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * gb_chart_view_invalidate:
 *
 * The chart's data or options changed: draw it again.
 */
void
gb_chart_view_invalidate (GbChartView *self)
{
  g_return_if_fail (GB_IS_CHART_VIEW (self));
  g_clear_pointer (&self->cached, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_description (GbChartView *self)
{
  guint32 day = self->chart ? gb_chart_get_hover_day (self->chart) : 0;
  g_autofree char *text = day ? gb_chart_describe_day (self->chart, day) : NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text ? text : _("Move the crosshair with the arrow keys to hear the values of a day"), -1);
}

static void
set_hover (GbChartView *self,
           guint32      day)
{
  if (self->chart == NULL || gb_chart_get_hover_day (self->chart) == day)
    return;
  gb_chart_set_hover_day (self->chart, day);
  update_description (self);
  gb_chart_view_invalidate (self);
}

static void
gb_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GbChartView *self = GB_CHART_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  if (self->chart == NULL || w <= 0 || h <= 0)
    return;
  if (self->cached == NULL || self->cached_w != w || self->cached_h != h)
    {
      g_autoptr(GtkSnapshot) sub = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (sub, &GRAPHENE_RECT_INIT (0, 0, w, h));
      AdwStyleManager *style = adw_style_manager_get_default ();

      gb_chart_set_dark (self->chart, adw_style_manager_get_dark (style));
      gb_chart_set_high_contrast (self->chart, adw_style_manager_get_high_contrast (style));
      gb_chart_draw (self->chart, cr, w, h);
      cairo_destroy (cr);
      g_clear_pointer (&self->cached, gsk_render_node_unref);
      self->cached = gtk_snapshot_free_to_node (g_steal_pointer (&sub));
      self->cached_w = w;
      self->cached_h = h;
    }
  if (self->cached)
    gtk_snapshot_append_node (snapshot, self->cached);

  if (self->dragging && fabs (self->drag_x1 - self->drag_x0) > 2)
    {
      GdkRGBA sel = { 0.21, 0.52, 0.89, 0.18 };
      double x = MIN (self->drag_x0, self->drag_x1);

      gtk_snapshot_append_color (snapshot, &sel,
                                 &GRAPHENE_RECT_INIT (x, 0, fabs (self->drag_x1 - self->drag_x0), h));
    }
  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA focus = { 0.21, 0.52, 0.89, 0.5 };
      GskRoundedRect r;
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colors[4] = { focus, focus, focus, focus };

      gsk_rounded_rect_init_from_rect (&r, &GRAPHENE_RECT_INIT (1, 1, w - 2, h - 2), 4);
      gtk_snapshot_append_border (snapshot, &r, widths, colors);
    }
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           GbChartView              *self)
{
  if (self->chart)
    set_hover (self, gb_chart_day_at (self->chart, x));
}

static void
leave_cb (GtkEventControllerMotion *motion,
          GbChartView              *self)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    set_hover (self, 0);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               GbChartView    *self)
{
  self->drag_x0 = self->drag_x1 = x;
  self->dragging = TRUE;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                GbChartView    *self)
{
  self->drag_x1 = self->drag_x0 + dx;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             GbChartView    *self)
{
  self->dragging = FALSE;
  if (self->chart && fabs (dx) > 8)
    {
      guint32 a = gb_chart_day_at (self->chart, MIN (self->drag_x0, self->drag_x0 + dx));
      guint32 b = gb_chart_day_at (self->chart, MAX (self->drag_x0, self->drag_x0 + dx));

      /* Clamp to the plot when the drag left it on either side. */
      if (a == 0 || b == 0)
        {
          guint32 first, last;

          if (gb_chart_get_view (self->chart, &first, &last))
            {
              a = a ? a : first;
              b = b ? b : last;
            }
        }
      if (a && b && b > a)
        gb_chart_set_view (self->chart, a, b);
    }
  gb_chart_view_invalidate (self);
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            GbChartView     *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    gb_chart_view_reset_zoom (self);
}

/**
 * gb_chart_view_reset_zoom:
 *
 * Shows all the data again.
 */
void
gb_chart_view_reset_zoom (GbChartView *self)
{
  if (self->chart == NULL)
    return;
  gb_chart_set_view (self->chart, 0, 0);
  gb_chart_view_invalidate (self);
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

/* Zooms around the crosshair (or the middle) by @factor of the days shown. */
static void
zoom (GbChartView *self,
      double       factor)
{
  guint32 first, last, ext_first, ext_last, center;
  double half;

  if (self->chart == NULL || !gb_chart_get_view (self->chart, &first, &last) ||
      !gb_chart_get_extent (self->chart, &ext_first, &ext_last))
    return;
  center = gb_chart_get_hover_day (self->chart) ? gb_chart_get_hover_day (self->chart) : (first + last) / 2;
  half = MAX (3.0, (last - first + 1) * factor / 2);
  first = (guint32) MAX ((double) ext_first, center - half);
  last = (guint32) MIN ((double) ext_last, center + half);
  if (first == ext_first && last == ext_last)
    gb_chart_set_view (self->chart, 0, 0);
  else
    gb_chart_set_view (self->chart, first, last);
  gb_chart_view_invalidate (self);
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

/* Keyboard: actions with key bindings, so they show in the shortcuts and tests can use them. */
static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GbChartView *self = GB_CHART_VIEW (widget);
  int step = g_variant_get_int32 (param);
  guint32 first, last, day;

  if (self->chart == NULL || !gb_chart_get_view (self->chart, &first, &last))
    return;
  day = gb_chart_get_hover_day (self->chart);
  if (day == 0)
    day = last;
  else if (step < 0)
    day = day > first + (guint32) -step ? day + step : first;
  else
    day = MIN (last, day + step);
  set_hover (self, day);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  zoom (GB_CHART_VIEW (widget), g_variant_get_double (param));
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  gb_chart_view_reset_zoom (GB_CHART_VIEW (widget));
}

static void
clear_hover_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  set_hover (GB_CHART_VIEW (widget), 0);
}

static void
focus_changed_cb (GbChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gb_chart_view_dispose (GObject *object)
{
  GbChartView *self = GB_CHART_VIEW (object);

  g_clear_pointer (&self->cached, gsk_render_node_unref);
  g_clear_object (&self->chart);
  G_OBJECT_CLASS (gb_chart_view_parent_class)->dispose (object);
}

static void
gb_chart_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GbChartView *self = GB_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHART:
      g_value_set_object (value, self->chart);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_chart_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GbChartView *self = GB_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHART:
      gb_chart_view_set_chart (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_chart_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 360;
}

static void
gb_chart_view_class_init (GbChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_chart_view_dispose;
  object_class->get_property = gb_chart_view_get_property;
  /* The days shown changed through the view (a drag, a zoom, a reset): the page keeps the
   * other charts on the same time axis. */
  signals[VIEW_CHANGED] = g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  object_class->set_property = gb_chart_view_set_property;
  widget_class->snapshot = gb_chart_view_snapshot;
  widget_class->measure = gb_chart_view_measure;

  properties[PROP_CHART] = g_param_spec_object ("chart", NULL, NULL, GB_TYPE_CHART,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "chartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_install_action (widget_class, "chart.move", "i", move_action);
  gtk_widget_class_install_action (widget_class, "chart.zoom", "d", zoom_action);
  gtk_widget_class_install_action (widget_class, "chart.reset-zoom", NULL, reset_zoom_action);
  gtk_widget_class_install_action (widget_class, "chart.clear-hover", NULL, clear_hover_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "chart.move", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "chart.move", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "chart.move", "i", -7);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "chart.move", "i", 7);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "chart.zoom", "d", 0.5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "chart.zoom", "d", 0.5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "chart.zoom", "d", 0.5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "chart.zoom", "d", 2.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "chart.zoom", "d", 2.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "chart.reset-zoom", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "chart.clear-hover", NULL);
}

static void
gb_chart_view_init (GbChartView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (self, "notify::has-focus", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gb_chart_view_invalidate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (gb_chart_view_invalidate), self, G_CONNECT_SWAPPED);
  update_description (self);
}

GtkWidget *
gb_chart_view_new (GbChart *chart)
{
  return g_object_new (GB_TYPE_CHART_VIEW, "chart", chart, NULL);
}

GbChart *
gb_chart_view_get_chart (GbChartView *self)
{
  g_return_val_if_fail (GB_IS_CHART_VIEW (self), NULL);
  return self->chart;
}

void
gb_chart_view_set_chart (GbChartView *self,
                         GbChart     *chart)
{
  g_return_if_fail (GB_IS_CHART_VIEW (self));
  if (g_set_object (&self->chart, chart))
    {
      gb_chart_view_invalidate (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART]);
    }
}
