/* gb-timeline.c — one timeline for the whole window: a scrubber across the series' dates
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under every view: play/pause, a scale from the first to the last day with data, and the
 * date. Its "date" is bound to the window's date selector, which every view follows, so
 * dragging it steps the map and the charts together. Keys: the arrows, Page Up/Down, Home and
 * End move the scale (GtkScale's own); Space plays and pauses.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-chart-scale.h"
#include "gb-text.h"
#include "gb-timeline.h"

#define PLAY_MS 400

struct _GbTimeline
{
  GtkWidget        parent_instance;

  GtkToggleButton *play;
  GtkScale        *scale;
  GtkLabel        *label;
  char            *date;
  guint            play_id;
  gboolean         setting;   /* the scale moved by the date, not by a person */
};

G_DEFINE_FINAL_TYPE (GbTimeline, gb_timeline, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DATE, PROP_PLAYING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
show_date (GbTimeline *self)
{
  g_autofree char *shown = self->date ? gb_text_format_date (self->date) : NULL;

  gtk_label_set_text (self->label, shown ? shown : "—");
  if (self->date != NULL)
    {
      self->setting = TRUE;
      gtk_range_set_value (GTK_RANGE (self->scale), gb_day_from_iso (self->date));
      self->setting = FALSE;
    }
}

static void
scale_changed_cb (GbTimeline *self)
{
  g_autofree char *iso = NULL;

  if (self->setting)
    return;
  iso = gb_day_to_iso ((guint32) (gtk_range_get_value (GTK_RANGE (self->scale)) + 0.5));
  gb_timeline_set_date (self, iso);
}

static gboolean
play_tick_cb (gpointer user_data)
{
  GbTimeline *self = user_data;
  GtkAdjustment *adj = gtk_range_get_adjustment (GTK_RANGE (self->scale));
  double next = gtk_range_get_value (GTK_RANGE (self->scale)) + 1;

  if (next > gtk_adjustment_get_upper (adj))
    {
      self->play_id = 0;
      gtk_toggle_button_set_active (self->play, FALSE);
      return G_SOURCE_REMOVE;
    }
  gtk_range_set_value (GTK_RANGE (self->scale), next);
  return G_SOURCE_CONTINUE;
}

static void
play_toggled_cb (GbTimeline *self)
{
  gboolean on = gtk_toggle_button_get_active (self->play);

  if (on == (self->play_id != 0))
    return;
  g_clear_handle_id (&self->play_id, g_source_remove);
  gtk_button_set_icon_name (GTK_BUTTON (self->play), on ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play), on ? _("Pause (Space)") : _("Play the days (Space)"));
  if (on)
    {
      GtkAdjustment *adj = gtk_range_get_adjustment (GTK_RANGE (self->scale));

      /* From the start again when it stands at the end. */
      if (gtk_range_get_value (GTK_RANGE (self->scale)) >= gtk_adjustment_get_upper (adj))
        gtk_range_set_value (GTK_RANGE (self->scale), gtk_adjustment_get_lower (adj));
      self->play_id = g_timeout_add (PLAY_MS, play_tick_cb, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GbTimeline *self = GB_TIMELINE (widget);

  gb_timeline_set_playing (self, !gb_timeline_get_playing (self));
}

static void
gb_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GbTimeline *self = GB_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, gb_timeline_get_playing (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GbTimeline *self = GB_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DATE:
      gb_timeline_set_date (self, g_value_get_string (value));
      break;
    case PROP_PLAYING:
      gb_timeline_set_playing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_timeline_dispose (GObject *object)
{
  GbTimeline *self = GB_TIMELINE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->play_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->date, g_free);
  G_OBJECT_CLASS (gb_timeline_parent_class)->dispose (object);
}

static void
gb_timeline_class_init (GbTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_timeline_dispose;
  object_class->get_property = gb_timeline_get_property;
  object_class->set_property = gb_timeline_set_property;
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_install_action (widget_class, "timeline.toggle-play", NULL, toggle_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "timeline.toggle-play", NULL);
}

static void
gb_timeline_init (GbTimeline *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 8);
  gtk_widget_set_margin_start (widget, 12);
  gtk_widget_set_margin_end (widget, 12);
  gtk_widget_set_margin_top (widget, 2);
  gtk_widget_set_margin_bottom (widget, 2);

  self->play = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (self->play), "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play), _("Play the days (Space)"));
  gtk_widget_set_valign (GTK_WIDGET (self->play), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->play), "flat");
  g_signal_connect_swapped (self->play, "toggled", G_CALLBACK (play_toggled_cb), self);
  gtk_widget_set_parent (GTK_WIDGET (self->play), widget);

  self->scale = GTK_SCALE (gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 1));
  gtk_widget_set_name (GTK_WIDGET (self->scale), "timeline-scale");
  gtk_scale_set_draw_value (self->scale, FALSE);
  gtk_range_set_increments (GTK_RANGE (self->scale), 1, 7);
  gtk_widget_set_hexpand (GTK_WIDGET (self->scale), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Date"), -1);
  g_signal_connect_swapped (self->scale, "value-changed", G_CALLBACK (scale_changed_cb), self);
  gtk_widget_set_parent (GTK_WIDGET (self->scale), widget);

  self->label = GTK_LABEL (gtk_label_new ("—"));
  gtk_widget_set_name (GTK_WIDGET (self->label), "timeline-date");
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "numeric");
  gtk_label_set_width_chars (self->label, 10);
  gtk_widget_set_parent (GTK_WIDGET (self->label), widget);
}

void
gb_timeline_set_range (GbTimeline *self,
                       const char *first,
                       const char *last)
{
  g_return_if_fail (GB_IS_TIMELINE (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self), first != NULL && last != NULL);
  if (first == NULL || last == NULL)
    return;
  self->setting = TRUE;
  gtk_range_set_range (GTK_RANGE (self->scale), gb_day_from_iso (first), MAX (gb_day_from_iso (last), gb_day_from_iso (first) + 1));
  self->setting = FALSE;
  show_date (self);
}

const char *
gb_timeline_get_date (GbTimeline *self)
{
  g_return_val_if_fail (GB_IS_TIMELINE (self), NULL);
  return self->date;
}

void
gb_timeline_set_date (GbTimeline *self,
                      const char *iso)
{
  g_return_if_fail (GB_IS_TIMELINE (self));

  if (g_strcmp0 (self->date, iso) == 0)
    return;
  g_free (self->date);
  self->date = g_strdup (iso);
  show_date (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

void
gb_timeline_set_playing (GbTimeline *self,
                         gboolean    playing)
{
  g_return_if_fail (GB_IS_TIMELINE (self));
  gtk_toggle_button_set_active (self->play, playing);
}

gboolean
gb_timeline_get_playing (GbTimeline *self)
{
  g_return_val_if_fail (GB_IS_TIMELINE (self), FALSE);
  return self->play_id != 0;
}

GtkWidget *
gb_timeline_get_scale (GbTimeline *self)
{
  g_return_val_if_fail (GB_IS_TIMELINE (self), NULL);
  return GTK_WIDGET (self->scale);
}
