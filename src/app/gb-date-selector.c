/* gb-date-selector.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gb-date-selector.h"
#include "gb-text.h"

struct _GbDateSelector
{
  GtkWidget       parent_instance;

  GtkButton      *previous_button;
  GtkButton      *next_button;
  GtkMenuButton  *menu_button;
  GtkCalendar    *calendar;   /* in the menu button's popover, once first opened */

  char           *date;    /* YYYY-MM-DD */
  char           *first;   /* range of the data, nullable */
  char           *last;
};

G_DEFINE_FINAL_TYPE (GbDateSelector, gb_date_selector, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GDateTime *
parse_iso (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return NULL;
  return g_date_time_new_local (y, m, d, 12, 0, 0);
}

static void
update_widgets (GbDateSelector *self)
{
  g_autofree char *label = gb_text_format_date (self->date);
  g_autoptr(GDateTime) dt = parse_iso (self->date);

  gtk_menu_button_set_label (self->menu_button, label ? label : "—");
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button),
                            self->first == NULL || g_strcmp0 (self->date, self->first) > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button),
                            self->last == NULL || g_strcmp0 (self->date, self->last) < 0);
  if (dt != NULL && self->calendar != NULL)
    gtk_calendar_select_day (self->calendar, dt);
}

static void
previous_cb (GbDateSelector *self)
{
  gb_date_selector_step (self, -1);
}

static void
next_cb (GbDateSelector *self)
{
  gb_date_selector_step (self, 1);
}

static void
day_selected_cb (GbDateSelector *self,
                 GtkCalendar    *calendar)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%d");

  gb_date_selector_set_date (self, iso);
}

/* The calendar is made the first time the menu button opens: its 42 days and headers are no
 * part of the window's first frame, and a date step meanwhile has no calendar to update. */
static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  GbDateSelector *self = user_data;
  GtkWidget *popover;

  if (self->calendar != NULL)
    return;
  popover = gtk_popover_new ();
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (day_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  gtk_menu_button_set_popover (button, popover);
  update_widgets (self);
}

static void
gb_date_selector_dispose (GObject *object)
{
  GbDateSelector *self = GB_DATE_SELECTOR (object);

  /* The popover's: it goes with the menu button. */
  self->calendar = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_DATE_SELECTOR);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->first, g_free);
  g_clear_pointer (&self->last, g_free);
  G_OBJECT_CLASS (gb_date_selector_parent_class)->dispose (object);
}

static void
gb_date_selector_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GbDateSelector *self = GB_DATE_SELECTOR (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_date_selector_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GbDateSelector *self = GB_DATE_SELECTOR (object);

  switch (prop_id)
    {
    case PROP_DATE:
      gb_date_selector_set_date (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_date_selector_class_init (GbDateSelectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_date_selector_dispose;
  object_class->get_property = gb_date_selector_get_property;
  object_class->set_property = gb_date_selector_set_property;

  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-date-selector.ui");
  gtk_widget_class_bind_template_child (widget_class, GbDateSelector, previous_button);
  gtk_widget_class_bind_template_child (widget_class, GbDateSelector, next_button);
  gtk_widget_class_bind_template_child (widget_class, GbDateSelector, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gb_date_selector_init (GbDateSelector *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup_cb, self, NULL);
}

const char *
gb_date_selector_get_date (GbDateSelector *self)
{
  g_return_val_if_fail (GB_IS_DATE_SELECTOR (self), NULL);
  return self->date;
}

/**
 * gb_date_selector_set_date:
 *
 * Dates outside the data's range are clamped to it.
 */
void
gb_date_selector_set_date (GbDateSelector *self,
                           const char     *iso)
{
  g_autoptr(GDateTime) dt = NULL;
  const char *value = iso;

  g_return_if_fail (GB_IS_DATE_SELECTOR (self));

  if ((dt = parse_iso (iso)) == NULL)
    return;
  if (self->first != NULL && g_strcmp0 (value, self->first) < 0)
    value = self->first;
  if (self->last != NULL && g_strcmp0 (value, self->last) > 0)
    value = self->last;
  if (g_strcmp0 (self->date, value) == 0)
    {
      update_widgets (self);
      return;
    }
  g_free (self->date);
  self->date = g_strdup (value);
  update_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

void
gb_date_selector_set_range (GbDateSelector *self,
                            const char     *first,
                            const char     *last)
{
  g_autofree char *current = g_strdup (self->date);

  g_free (self->first);
  self->first = g_strdup (first);
  g_free (self->last);
  self->last = g_strdup (last);
  if (current != NULL)
    {
      g_clear_pointer (&self->date, g_free);
      gb_date_selector_set_date (self, current);
    }
  else
    update_widgets (self);
}

void
gb_date_selector_step (GbDateSelector *self,
                       int             days)
{
  g_autoptr(GDateTime) dt = parse_iso (self->date);
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *iso = NULL;

  if (dt == NULL)
    return;
  next = g_date_time_add_days (dt, days);
  iso = g_date_time_format (next, "%Y-%m-%d");
  gb_date_selector_set_date (self, iso);
}
