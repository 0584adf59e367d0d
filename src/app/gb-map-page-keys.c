/* gb-map-page-keys.c — the keyboard on the map, and what screen readers are told
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map layer takes the keyboard focus. Tab and Shift+Tab go from commune to commune (in the
 * order of the renderer, then out of the map at either end), the arrow keys to the nearest
 * commune that way, Enter opens the focused commune's details. The focused commune is outlined
 * and its name, level and reason are the layer's accessible label and description, so a screen
 * reader says them; a keyboard tooltip shows the same words.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gb-map-page-private.h"

static gboolean
unit_centre (GbMapPage  *self,
             const char *code,
             double     *x,
             double     *y)
{
  double x0, y0, x1, y1;

  if (code == NULL || !gb_map_renderer_get_bounds (self->renderer, code, &x0, &y0, &x1, &y1))
    return FALSE;
  *x = (x0 + x1) / 2;
  *y = (y0 + y1) / 2;
  return TRUE;
}

/* The focused commune outlined, in view, and told to assistive technologies. */
static void
focus_unit (GbMapPage  *self,
            const char *code)
{
  g_autofree char *text = gb_map_page_describe_unit (self, code);
  const char *name = gb_map_renderer_get_unit_name (self->renderer, code);
  GbMapView view;
  double x, y, px, py;
  int w = gtk_widget_get_width (GTK_WIDGET (self->layer)), h = gtk_widget_get_height (GTK_WIDGET (self->layer));

  g_free (self->focused);
  self->focused = g_strdup (code);
  gb_map_layer_set_highlight (self->layer, code);
  gb_map_layer_get_view (self->layer, &view);
  if (unit_centre (self, code, &x, &y))
    {
      px = (x - view.cx) * view.scale + w / 2.0;
      py = (y - view.cy) * view.scale + h / 2.0;
      if (px < 0 || py < 0 || px > w || py > h)
        {
          double lon, lat;

          gb_map_unproject (x, y, &lon, &lat);
          shumate_map_center_on (self->map, lat, lon);
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->layer),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name ? name : _("Zone map"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text ? text : "",
                                  -1);
  /* Seen too: the toolbar says which commune the keyboard is on. */
  if (text != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (text, "\n", 3);
      g_autofree char *shown = g_strdup_printf ("%s — %s", lines[0], lines[1] ? lines[1] : "");

      gtk_label_set_text (self->status_label, shown);
    }
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self->layer));
}

/* The commune next to the focused one in the direction dx, dy: the nearest whose centre lies
 * that way, off-axis ones counted farther. */
static const char *
nearest_towards (GbMapPage *self,
                 GPtrArray *communes,
                 double     dx,
                 double     dy)
{
  const char *best = NULL;
  double fx, fy, best_score = INFINITY;

  if (!unit_centre (self, self->focused, &fx, &fy))
    return NULL;
  for (guint i = 0; i < communes->len; i++)
    {
      const char *code = g_ptr_array_index (communes, i);
      double x, y, along, across, score;

      if (g_strcmp0 (code, self->focused) == 0 || !unit_centre (self, code, &x, &y))
        continue;
      along = (x - fx) * dx + (y - fy) * dy;
      across = fabs ((x - fx) * dy - (y - fy) * dx);
      if (along <= 0)
        continue;
      score = along + 2 * across;
      if (score < best_score)
        {
          best_score = score;
          best = code;
        }
    }
  return best;
}

static int
index_of (GPtrArray  *codes,
          const char *code)
{
  for (guint i = 0; code != NULL && i < codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (codes, i), code) == 0)
      return (int) i;
  return -1;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *key,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GbMapPage             *self)
{
  g_autoptr(GPtrArray) communes = gb_map_renderer_list_units (self->renderer, GB_UNIT_LEVEL_COMMUNE);
  const char *next = NULL;
  int at;

  if (communes->len == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return FALSE;
  at = index_of (communes, self->focused);
  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK))
        next = at > 0 ? g_ptr_array_index (communes, at - 1) : at < 0 ? g_ptr_array_index (communes, communes->len - 1) : NULL;
      else
        next = at + 1 < (int) communes->len ? g_ptr_array_index (communes, at + 1) : NULL;
      if (next == NULL)
        return FALSE;   /* out of the map, to the next widget */
      break;
    case GDK_KEY_Left:
    case GDK_KEY_Right:
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      if (at < 0)
        next = g_ptr_array_index (communes, 0);
      else
        next = nearest_towards (self, communes, keyval == GDK_KEY_Left ? -1 : keyval == GDK_KEY_Right ? 1 : 0,
                                keyval == GDK_KEY_Up ? -1 : keyval == GDK_KEY_Down ? 1 : 0);
      if (next == NULL)
        return TRUE;   /* the edge of the province: stay */
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (self->focused == NULL)
        return FALSE;
      gb_map_page_select (self, self->focused);
      return TRUE;
    default:
      return FALSE;
    }
  focus_unit (self, next);
  return TRUE;
}

static void
focus_leave_cb (GtkEventControllerFocus *focus,
                GbMapPage               *self)
{
  gb_map_layer_set_highlight (self->layer, self->selected);
}

/**
 * gb_map_page_keys_init:
 *
 * Makes the map layer take the keyboard.
 */
void
gb_map_page_keys_init (GbMapPage *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  /* ShumateMap lets no child take the focus by default. */
  gtk_widget_set_can_focus (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_can_focus (GTK_WIDGET (self->layer), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self->layer), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self->layer), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->layer),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Zone map"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Tab or the arrow keys move between communes, Enter opens the details"),
                                  -1);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->layer), key);
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->layer), focus);
}

/** gb_map_page_get_focused_unit: Returns: (nullable): the commune the keyboard is on. */
const char *
gb_map_page_get_focused_unit (GbMapPage *self)
{
  g_return_val_if_fail (GB_IS_MAP_PAGE (self), NULL);
  return self->focused;
}
