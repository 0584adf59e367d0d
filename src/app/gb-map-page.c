/* gb-map-page.c — the Zone map view: every commune by its level on the selected date
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ShumateMap with no tile layer (nothing waits on the network) and one GbMapLayer on it;
 * the Web Mercator reference source only gives the viewport its scale. Hover shows a unit's
 * level and numbers, a click opens its details: reasons, the last 60 days, the committee's
 * declared level and the form to declare one.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "gb-date.h"
#include "gb-chart-scale.h"
#include "gb-draw.h"
#include "gb-item-places.h"
#include "gb-map-layer.h"
#include "gb-map-page-private.h"
#include "gb-print.h"
#include "gb-export-dialog.h"
#include "gb-first-frame.h"
#include "gb-application.h"
#include "gb-offline-tiles.h"
#include "gb-series-import.h"
#include "gb-store-levels.h"
#include "gb-store-review.h"
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-sync-role.h"
#include "gb-text.h"


G_DEFINE_FINAL_TYPE (GbMapPage, gb_map_page, GB_TYPE_PAGE)

enum {
  PROP_0,
  PROP_SHOW_TILES,
  PROP_SHOW_TABLE,
  PROP_SHOW_PATTERNS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (GbMapPage  *self,
       const char *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

void
gb_map_page_fit_unit (GbMapPage  *self,
                      const char *code,
                      double      zoom_out)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self->overlay)), h = gtk_widget_get_height (GTK_WIDGET (self->overlay));
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  GbMapView view;
  double lon, lat;

  if (w <= 0 || h <= 0)
    {
      w = 900;
      h = 640;
    }
  if (!gb_map_renderer_fit (self->renderer, code, w, h, &view))
    return;
  gb_map_unproject (view.cx, view.cy, &lon, &lat);
  self->fitting = TRUE;
  shumate_viewport_set_zoom_level (viewport, CLAMP (log2 (view.scale / 256.0) - zoom_out, 2, 17));
  shumate_map_center_on (self->map, lat, lon);
  self->fitting = FALSE;
  self->fit_active = TRUE;
  if (code != self->fit_code)
    {
      g_free (self->fit_code);
      self->fit_code = g_strdup (code);
    }
  self->fit_zoom_out = zoom_out;
}

/* The person moved the map: a new size no longer fits it again. */
static void
viewport_moved_cb (GbMapPage *self)
{
  if (!self->fitting)
    self->fit_active = FALSE;
}

static gboolean
refit_cb (gpointer user_data)
{
  GbMapPage *self = user_data;

  self->refit_id = 0;
  if (self->fit_active)
    gb_map_page_fit_unit (self, self->fit_code, self->fit_zoom_out);
  return G_SOURCE_REMOVE;
}

/* A small map has no room for the legend over it (it covered communes): it folds to its
 * button until the person opens it. */
static gboolean
legend_fit_size (gpointer user_data)
{
  GbMapPage *self = user_data;
  int w = gtk_widget_get_width (GTK_WIDGET (self->overlay)), h = gtk_widget_get_height (GTK_WIDGET (self->overlay));

  if (!self->legend_chosen && w > 0 && h > 0)
    gtk_toggle_button_set_active (self->legend_button, w >= 900 && h >= 560);
  self->legend_id = 0;
  return G_SOURCE_REMOVE;
}

static void
legend_clicked_cb (GbMapPage *self)
{
  self->legend_chosen = TRUE;
}

/* Not during the allocation that told it: the viewport changes after it. */
static void
layer_resized_cb (GbMapPage *self)
{
  if (!self->legend_chosen && self->legend_id == 0)
    self->legend_id = g_idle_add (legend_fit_size, self);
  if (self->fit_active && self->refit_id == 0)
    self->refit_id = g_idle_add (refit_cb, self);
}

static void
fit (GbMapPage  *self,
     const char *code)
{
  gb_map_page_fit_unit (self, code, 0);
}

/* The legend keeps the room its words need (the rule set's name included), and the form's
 * levels are named the way the rule set of the date names them. */
static void
update_legend (GbMapPage *self)
{
  gboolean zones = gb_map_renderer_uses_zones (self->renderer);
  double w, h;

  gb_map_renderer_get_legend_size (self->renderer, 13, &w, &h);
  gtk_drawing_area_set_content_width (self->legend, (int) ceil (w) + 2);
  gtk_drawing_area_set_content_height (self->legend, (int) ceil (h) + 2);
  gtk_widget_queue_draw (GTK_WIDGET (self->legend));
  if (zones != self->zones_named)
    {
      guint selected = gtk_drop_down_get_selected (self->declare_level);
      const char *names[GB_LEVEL_4 + 1] = { NULL };

      for (int l = GB_LEVEL_1; l <= GB_LEVEL_4; l++)
        names[l - 1] = gb_level_get_name_for (l, zones);
      gtk_string_list_splice (self->level_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->level_names)), names);
      gtk_drop_down_set_selected (self->declare_level, selected);
      self->zones_named = zones;
    }
}

static void
legend_draw_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  GbMapPage *self = GB_MAP_PAGE (user_data);

  gb_map_renderer_draw_legend (self->renderer, cr, 0, 0, 13);
}

static void
history_draw_cb (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  GbMapPage *self = GB_MAP_PAGE (user_data);
  double cell = width / 60.0;

  for (guint i = 0; i < 60; i++)
    {
      guint8 level = self->history_levels[i] & ~GB_LEVEL_DECLARED_FLAG;

      /* The map's own paint: its patterns and high-contrast colours too. */
      cairo_set_source (cr, gb_map_renderer_get_level_fill (self->renderer, level));
      cairo_rectangle (cr, floor (i * cell), 0, ceil (cell), height - 6);
      cairo_fill (cr);
      /* Declared days carry a dark tick under them. */
      if (self->history_levels[i] & GB_LEVEL_DECLARED_FLAG)
        {
          cairo_set_source_rgb (cr, 0.07, 0.08, 0.09);
          cairo_rectangle (cr, floor (i * cell), height - 4, ceil (cell), 4);
          cairo_fill (cr);
        }
    }
}

typedef struct
{
  const char *code;
  const char *date;
  char       *uid;
  char       *text;
} OverrideLookup;

static void
find_override (const char *uid,
               const char *unit_code,
               const char *date_from,
               const char *date_to,
               int         level,
               const char *reason,
               const char *author,
               gpointer    data)
{
  OverrideLookup *o = data;

  if (g_strcmp0 (unit_code, o->code) != 0 || g_strcmp0 (date_from, o->date) > 0 ||
      (date_to != NULL && g_strcmp0 (date_to, o->date) < 0))
    return;
  g_free (o->uid);
  g_free (o->text);
  o->uid = g_strdup (uid);
  {
    g_autofree char *from = gb_text_format_date (date_from);
    g_autofree char *to = date_to ? gb_text_format_date (date_to) : NULL;

    o->text = to ? g_strdup_printf (_("Declared level %d from %s to %s by %s: %s"), level, from, to, author, reason)
                 : g_strdup_printf (_("Declared level %d from %s by %s: %s"), level, from, author, reason);
  }
}

/* Every level the committee declared for the unit, in force or revoked, who and why: the
 * store keeps them all, and a decision is read with its history. */
static void
update_declared_history (GbMapPage *self,
                         GbStore   *store)
{
  g_autoptr(GPtrArray) records = gb_store_levels_list_override_history (store, self->selected, NULL);
  gboolean zones = gb_map_renderer_uses_zones (self->renderer);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      GbOverrideRecord *o = g_ptr_array_index (records, i);
      g_autofree char *from = gb_text_format_date (o->date_from);
      g_autofree char *to = o->date_to ? gb_text_format_date (o->date_to) : NULL;
      g_autofree char *when = gb_text_format_date (o->created_at);

      if (text->len > 0)
        g_string_append (text, "\n\n");
      /* Translators: a declared level: "Level 3 (orange), 01/08/2021 – 15/08/2021: declared on 02/08/2021 by Lê Văn A: reason" */
      g_string_append_printf (text, _("%s, %s – %s: declared on %s by %s: %s"), gb_level_get_name_for (o->level, zones), from,
                              to ? to : _("open"), when, o->author, o->reason);
      if (o->data_as_of != NULL)
        {
          g_autofree char *as_of = gb_date_format_moment (o->data_as_of);

          /* The moment to show the numbers as of ("As of" in the header) to see what it rested on. */
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("On the numbers as of %s"), as_of ? as_of : o->data_as_of);
        }
      if (o->revoked_at != NULL)
        {
          g_autofree char *revoked = gb_text_format_date (o->revoked_at);

          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Revoked on %s by %s: %s"), revoked, o->revoke_author ? o->revoke_author : "",
                                  o->revoke_reason ? o->revoke_reason : "");
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->declared_history_label), text->len > 0);
  if (text->len > 0)
    {
      g_autofree char *all = g_strdup_printf ("%s\n%s", _("Declared levels, newest first:"), text->str);

      gtk_label_set_text (self->declared_history_label, all);
    }
}

/* The directives that concern the unit: those naming it or its district, or "vùng đỏ" while it
 * was at level 4 (gb-item-places.c). */
static void
update_unit_items (GbMapPage *self,
                   GbStore   *store)
{
  g_autoptr(GbItemPlaces) places = gb_item_places_new (store, self->engine, NULL);
  g_autoptr(GPtrArray) items = places ? gb_item_places_items_for_unit (places, self->selected, NULL) : NULL;
  g_autoptr(GString) s = g_string_new (NULL);

  if (items == NULL || items->len == 0)
    {
      gtk_label_set_text (self->unit_items_label, _("No directive names this place."));
      return;
    }
  g_string_append_printf (s, "<b>%s</b>", _("Directives that concern it"));
  for (guint i = 0; i < items->len; i++)
    {
      const GbTrackerItem *it = g_ptr_array_index (items, i);
      g_autofree char *text = g_utf8_substring (it->text, 0, 90);
      g_autofree char *line = g_markup_printf_escaped ("\n• %s %s: %s%s", it->document_number ? it->document_number : "",
                                                       it->path ? it->path : "", text,
                                                       g_utf8_strlen (it->text, -1) > 90 ? "…" : "");

      g_string_append (s, line);
    }
  gtk_label_set_markup (self->unit_items_label, s->str);
}

/**
 * gb_map_page_set_area:
 * @codes: (element-type utf8) (nullable): the units a directive concerns, outlined together
 */
void
gb_map_page_set_area (GbMapPage *self,
                      GPtrArray *codes)
{
  g_return_if_fail (GB_IS_MAP_PAGE (self));

  gb_map_layer_set_area (self->layer, codes);
}

static void
update_details (GbMapPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const char *date = gb_page_get_date (GB_PAGE (self));
  g_autoptr(GbLevelResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *level_text = NULL;
  OverrideLookup o = { 0 };
  gboolean may_declare;
  guint32 day;

  /* Hidden, the pane takes no room from the map. */
  gtk_widget_set_visible (GTK_WIDGET (self->details_revealer), self->selected != NULL);
  gtk_revealer_set_reveal_child (self->details_revealer, self->selected != NULL);
  gb_map_layer_set_highlight (self->layer, self->selected);
  g_clear_pointer (&self->active_override, g_free);
  if (self->selected == NULL || store == NULL || date == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.revoke", FALSE);
      return;
    }
  /* A district or a viewer sees the levels; declaring them is the committee's. */
  {
    g_autofree char *role = gb_store_sync_get_state (store, "role");

    may_declare = gb_sync_role_may_declare_levels (role);
  }
  gtk_widget_set_visible (self->declare_box, may_declare);
  gtk_widget_set_visible (self->revoke_button, may_declare);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.declare", may_declare);
  gtk_label_set_text (self->unit_label, gb_map_renderer_get_unit_name (self->renderer, self->selected));
  r = gb_level_engine_compute_unit (self->engine, self->selected, date, &error);
  if (r == NULL)
    {
      gtk_label_set_text (self->level_label, "");
      gtk_label_set_text (self->reasons_label, error->message);
    }
  else
    {
      gboolean zones = gb_map_renderer_uses_zones (self->renderer);

      level_text = r->declared != GB_LEVEL_NO_DATA
        ? g_strdup_printf (_("%s — declared by the committee (computed: %s)"), gb_level_get_name_for (r->effective, zones),
                           gb_level_get_name_for (r->computed, zones))
        : g_strdup_printf (_("%s — computed from the rules"), gb_level_get_name_for (r->effective, zones));
      gtk_label_set_text (self->level_label, level_text);
      gtk_label_set_text (self->reasons_label, r->reasons ? r->reasons : "");
    }

  /* The last 60 days, one assessment each. */
  day = gb_day_from_iso (date);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *iso = gb_day_to_iso (day - 59 + i);
      g_autoptr(GbLevelResult) h = gb_level_engine_compute_unit (self->engine, self->selected, iso, NULL);

      self->history_levels[i] = h ? (h->effective | (h->declared != GB_LEVEL_NO_DATA ? GB_LEVEL_DECLARED_FLAG : 0))
                                  : GB_LEVEL_NO_DATA;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->history));

  o.code = self->selected;
  o.date = date;
  gb_store_levels_scan_overrides (store, find_override, &o, NULL);
  gtk_label_set_text (self->overrides_label, o.text ? o.text : _("No level declared by the committee on this date."));
  update_declared_history (self, store);
  update_unit_items (self, store);
  self->active_override = g_steal_pointer (&o.uid);
  g_free (o.text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.revoke", may_declare && self->active_override != NULL);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->declare_from)) == '\0')
    {
      g_autofree char *shown = gb_text_format_date (date);
      gtk_editable_set_text (GTK_EDITABLE (self->declare_from), shown);
    }
}

static void
select_unit (GbMapPage  *self,
             const char *code)
{
  g_free (self->selected);
  self->selected = g_strdup (code);
  update_details (self);
}

/* A commune or district chosen in the sidebar: its details open and the map moves to it, shown
 * with its neighbours (it fills about a third of the view). The province closes the details. */
static void
show_unit (GbMapPage  *self,
           const char *code)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  GbUnit *unit = code && store ? gb_store_get_unit (store, code, NULL) : NULL;

  if (unit == NULL || unit->level == GB_UNIT_LEVEL_PROVINCE)
    {
      if (self->selected != NULL)
        select_unit (self, NULL);
    }
  else if (g_strcmp0 (self->selected, code) != 0)
    {
      select_unit (self, code);
      gb_map_page_fit_unit (self, code, 1.5);
    }
  g_clear_pointer (&unit, gb_unit_free);
}

/* The table beside the map: every commune's level on the date, and a week before. Only while
 * it is shown. */
static void
update_table (GbMapPage *self)
{
  const char *date = gb_page_get_date (GB_PAGE (self));
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GPtrArray) before = NULL;

  if (!gtk_revealer_get_reveal_child (self->table_revealer) || self->engine == NULL || date == NULL)
    return;
  now = gb_level_engine_compute (self->engine, date, GB_UNIT_LEVEL_COMMUNE, NULL);
  gb_map_page_keep_units_of_date (self, now);
  {
    g_autofree char *week = gb_day_to_iso (gb_day_from_iso (date) - 7);

    before = gb_level_engine_compute (self->engine, week, GB_UNIT_LEVEL_COMMUNE, NULL);
  }
  gb_unit_table_set_results (self->unit_table, now, before, gb_map_renderer_uses_zones (self->renderer), date);
}

static void
table_unit_activated_cb (GbMapPage  *self,
                         const char *code)
{
  select_unit (self, code);
  gb_map_page_fit_unit (self, code, 1.5);
}

/* Shows what changed: the geometry is read again only for another store, the levels only when
 * the date, the data or the rules changed (from the shared engine, which reads the data only
 * after it changed). */
static void
reload (GbMapPage    *self,
        GbPageChange  changes)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const char *date = gb_page_get_date (GB_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;

  if (store == NULL)
    return;
  if (self->loaded_store != store)
    {
      /* A big set is read in a worker: this page is shown again when it is in. */
      if (!gb_map_page_load (self, store))
        return;
      changes |= GB_PAGE_CHANGED_ALL;
    }
  else if ((changes & GB_PAGE_CHANGED_DATA) && !self->timeline_fresh &&
           !gb_map_renderer_load_timeline (self->renderer, store, &error))
    /* Units merged meanwhile (giaoban-cli units merge): their lives read again, not their
     * boundaries. */
    gtk_label_set_text (self->status_label, error->message);
  self->timeline_fresh = FALSE;
  self->engine = gb_page_get_engine (GB_PAGE (self));
  if (changes == GB_PAGE_CHANGED_UNIT)
    {
      show_unit (self, gb_page_get_unit_code (GB_PAGE (self)));
      return;
    }

  if (date != NULL)
    {
      shown = gb_text_format_date (date);
      gtk_label_set_text (self->date_label, shown);
      if (!gb_map_renderer_set_levels_from_engine (self->renderer, self->engine, date, &error))
        gtk_label_set_text (self->status_label, error->message);
      else
        gtk_label_set_text (self->status_label, "");
    }
  if (!self->fitted && gb_map_renderer_get_n_units (self->renderer) > 0)
    {
      /* Before the map has a size this fits a guess; its first size fits it again. */
      fit (self, NULL);
      self->fitted = TRUE;
    }
  {
    /* Communes whose numbers wait for review are marked: their colour is provisional. */
    g_autoptr(GHashTable) flagged = gb_store_review_pending_units (store, NULL);

    gb_map_layer_set_flagged (self->layer, flagged);
  }
  gb_map_layer_refresh (self->layer);
  update_legend (self);
  update_details (self);
  update_table (self);
  if (date != NULL && gb_map_renderer_get_n_units (self->renderer) > 0)
    gb_first_frame_report (GTK_WIDGET (self->layer));
  gb_map_page_update_changes (self);
}

static void
gb_map_page_context_changed (GbPage *page)
{
  reload (GB_MAP_PAGE (page), gb_page_get_changes (page));
}

/* Pointer */

/**
 * gb_map_page_describe_unit:
 *
 * What the tooltip, the keyboard and screen readers say of a unit: its name, its level in the
 * rule set's words (declared or computed) and the reasons.
 *
 * Returns: (transfer full) (nullable): three lines, or NULL when the level is unknown
 */
char *
gb_map_page_describe_unit (GbMapPage  *self,
                           const char *code)
{
  const char *date = gb_page_get_date (GB_PAGE (self));
  g_autoptr(GbLevelResult) r = NULL;

  const char *name;

  if (code == NULL || date == NULL || self->engine == NULL ||
      (r = gb_level_engine_compute_unit (self->engine, code, date, NULL)) == NULL)
    return NULL;
  /* The name valid on the date (a renamed or merged unit's). */
  name = gb_map_renderer_get_unit_name (self->renderer, code);
  return g_strdup_printf ("%s\n%s%s\n%s", name ? name : r->unit_name,
                          gb_level_get_name_for (r->effective, gb_map_renderer_uses_zones (self->renderer)),
                          r->declared != GB_LEVEL_NO_DATA ? _(" (declared)") : "", r->reasons ? r->reasons : "");
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  GbMapPage  *self)
{
  g_autofree char *text = NULL;
  const char *code;
  GbMapView view;

  if (keyboard)
    code = self->focused;
  else
    {
      gb_map_layer_get_view (self->layer, &view);
      code = gb_map_renderer_hit_test (self->renderer, &view, gtk_widget_get_width (widget), gtk_widget_get_height (widget), x, y);
      /* A tooltip asked for after the pointer left outlines nothing (the outline stuck). */
      if (self->pointer_inside)
        gb_map_layer_set_highlight (self->layer, code ? code : self->selected);
    }
  if ((text = gb_map_page_describe_unit (self, code)) == NULL)
    return FALSE;
  if (!keyboard)
    {
      /* An old commune drawn with the unit that took only part of it says so. */
      const char *piece = gb_map_renderer_hit_test_partial (self->renderer, &view, gtk_widget_get_width (widget),
                                                            gtk_widget_get_height (widget), x, y);
      g_autofree char *partly = gb_map_renderer_describe_partial (self->renderer, piece);

      if (partly != NULL)
        {
          char *more = g_strdup_printf ("%s\n%s", text, partly);

          g_free (text);
          text = more;
        }
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The commune under the pointer is outlined as it moves, before any tooltip shows. */
static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           GbMapPage                *self)
{
  GtkWidget *widget = GTK_WIDGET (self->layer);
  const char *code;
  GbMapView view;

  /* During a drag the layer keeps getting motion outside itself: no commune is under it. */
  if (x < 0 || y < 0 || x >= gtk_widget_get_width (widget) || y >= gtk_widget_get_height (widget))
    {
      gb_map_layer_set_highlight (self->layer, self->selected);
      return;
    }
  gb_map_layer_get_view (self->layer, &view);
  code = gb_map_renderer_hit_test (self->renderer, &view, gtk_widget_get_width (widget), gtk_widget_get_height (widget), x, y);
  gb_map_layer_set_highlight (self->layer, code ? code : self->selected);
}

static void
enter_cb (GtkEventControllerMotion *motion,
          double                    x,
          double                    y,
          GbMapPage                *self)
{
  self->pointer_inside = TRUE;
  motion_cb (motion, x, y, self);
}

static void
leave_cb (GtkEventControllerMotion *motion,
          GbMapPage                *self)
{
  self->pointer_inside = FALSE;
  gb_map_layer_set_highlight (self->layer, self->selected);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            GbMapPage       *self)
{
  self->press_x = x;
  self->press_y = y;
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             GbMapPage       *self)
{
  GbMapView view;
  const char *code;
  GtkWidget *widget = GTK_WIDGET (self->layer);

  gb_map_layer_get_view (self->layer, &view);
  code = gb_map_renderer_hit_test (self->renderer, &view, gtk_widget_get_width (widget), gtk_widget_get_height (widget), x, y);
  /* The end of a drag (ShumateMap pans the map) is no click. */
  if (fabs (x - self->press_x) > 4 || fabs (y - self->press_y) > 4)
    return;
  /* The keyboard goes on from the commune clicked. */
  gtk_widget_grab_focus (widget);
  if (code != NULL)
    {
      g_free (self->focused);
      self->focused = g_strdup (code);
      select_unit (self, code);
    }
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  /* The window's one timeline plays, so every view follows. */
  gtk_widget_activate_action (widget, "win.play", NULL);
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  fit (GB_MAP_PAGE (widget), NULL);
}

static void
close_details_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  select_unit (GB_MAP_PAGE (widget), NULL);
}

static void
declare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  GbMapPage *self = GB_MAP_PAGE (widget);
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const char *to_text = gtk_editable_get_text (GTK_EDITABLE (self->declare_to));
  g_autofree char *from = gb_date_parse_user (gtk_editable_get_text (GTK_EDITABLE (self->declare_from)));
  g_autofree char *to = gb_date_parse_user (to_text);
  g_autofree char *uid = NULL;
  g_autoptr(GError) error = NULL;
  guint level = gtk_drop_down_get_selected (self->declare_level) + 1;

  if (store == NULL || self->selected == NULL)
    return;
  if (from == NULL || (*to_text != '\0' && to == NULL))
    {
      toast (self, _("Write the dates as dd/mm/yyyy"));
      return;
    }
  uid = gb_store_add_level_override (store, self->selected, from, to, level,
                                     gtk_editable_get_text (GTK_EDITABLE (self->declare_reason)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->declare_author)), &error);
  if (uid == NULL)
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Level declared"));
  gb_page_data_changed (GB_PAGE (self), GB_PAGE_CHANGED_DATA);
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GbMapPage *self = GB_MAP_PAGE (widget);
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->declare_reason));
  g_autoptr(GError) error = NULL;

  /* What is in force on the date now, not what was when the pane last looked. */
  update_details (self);
  if (store == NULL || self->active_override == NULL)
    return;
  if (!gb_store_revoke_level_override (store, self->active_override, *reason ? reason : _("Revoked on the map"),
                                       gtk_editable_get_text (GTK_EDITABLE (self->declare_author)), &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Declared level revoked"));
  gb_page_data_changed (GB_PAGE (self), GB_PAGE_CHANGED_DATA);
}

static void
export_chosen (const char *path,
               gpointer    user_data)
{
  g_autoptr(GbMapPage) self = user_data;
  g_autofree char *shown = gb_text_format_date (gb_page_get_date (GB_PAGE (self)));
  g_autofree char *title = g_strdup_printf (_("Epidemic levels of the communes — %s"), shown ? shown : "");
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    toast (self, _("Choose a local file"));
  else if (!gb_map_renderer_export (self->renderer, path, 1600, 1200, title, NULL, &error))
    toast (self, error->message);
  else
    toast (self, _("Map exported"));
}

static void
print_draw_cb (cairo_t *cr,
               double   width,
               double   height,
               gpointer user_data)
{
  GbMapPage *self = user_data;
  g_autofree char *shown = gb_text_format_date (gb_page_get_date (GB_PAGE (self)));
  g_autofree char *title = g_strdup_printf (_("Epidemic levels of the communes — %s"), shown ? shown : "");

  gb_map_renderer_draw_page (self->renderer, cr, (int) width, (int) height, title, NULL, NULL);
}

/**
 * gb_map_page_print:
 * @pdf_path: (nullable): print into this PDF; NULL: with the print dialog
 *
 * Prints the map with its title, date and legend on one landscape page, as it exports.
 */
gboolean
gb_map_page_print (GbMapPage   *self,
                   const char  *pdf_path,
                   GError     **error)
{
  g_return_val_if_fail (GB_IS_MAP_PAGE (self), FALSE);
  return gb_print_page (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), pdf_path, print_draw_cb, self, error);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  GbMapPage *self = GB_MAP_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!gb_map_page_print (self, NULL, &error))
    toast (self, error->message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GbMapPage *self = GB_MAP_PAGE (widget);
  g_autofree char *name = g_strdup_printf ("ban-do-cap-do-%s.png", gb_page_get_date (GB_PAGE (self)));

  gb_export_dialog_show (widget, _("Export Map"), name, export_chosen, g_object_ref (self));
}

static void
gb_map_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GbMapPage *self = GB_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_TILES:
      g_value_set_boolean (value, self->tiles != NULL);
      break;
    case PROP_SHOW_TABLE:
      g_value_set_boolean (value, gtk_revealer_get_reveal_child (self->table_revealer));
      break;
    case PROP_SHOW_PATTERNS:
      g_value_set_boolean (value, self->show_patterns);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_map_page_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GbMapPage *self = GB_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_TILES:
      if (g_value_get_boolean (value) != (self->tiles != NULL))
        {
          gb_map_page_show_tiles (self, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SHOW_TABLE:
      if (g_value_get_boolean (value) != gtk_revealer_get_reveal_child (self->table_revealer))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->table_revealer), g_value_get_boolean (value));
          gtk_revealer_set_reveal_child (self->table_revealer, g_value_get_boolean (value));
          update_table (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SHOW_PATTERNS:
      if (g_value_get_boolean (value) != self->show_patterns)
        {
          self->show_patterns = g_value_get_boolean (value);
          gb_map_page_style_changed (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}


/* The system's dark and high-contrast styles and the patterns asked for: the map, its legend
 * and the level strip drawn again. */
void
gb_map_page_style_changed (GbMapPage *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  gb_map_renderer_set_dark (self->renderer, adw_style_manager_get_dark (style));
  gb_map_renderer_set_high_contrast (self->renderer, adw_style_manager_get_high_contrast (style));
  gb_map_renderer_set_patterns (self->renderer, self->show_patterns);
  gb_map_layer_refresh (self->layer);
  update_legend (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->history));
}

static void
gb_map_page_dispose (GObject *object)
{
  GbMapPage *self = GB_MAP_PAGE (object);

  g_clear_handle_id (&self->refit_id, g_source_remove);
  g_clear_handle_id (&self->legend_id, g_source_remove);
  g_clear_pointer (&self->fit_code, g_free);
  g_clear_pointer (&self->focused, g_free);
  gb_map_page_tiles_dispose (self);
  gb_map_page_cancel_load (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_MAP_PAGE);
  g_clear_object (&self->renderer);
  self->engine = NULL;
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->active_override, g_free);
  G_OBJECT_CLASS (gb_map_page_parent_class)->dispose (object);
}

static void
gb_map_page_class_init (GbMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GbPageClass *page_class = GB_PAGE_CLASS (klass);

  object_class->dispose = gb_map_page_dispose;
  object_class->get_property = gb_map_page_get_property;
  object_class->set_property = gb_map_page_set_property;
  page_class->context_changed = gb_map_page_context_changed;

  /**
   * GbMapPage:show-tiles:
   *
   * Map tiles under the communes, from the network or saved for offline use.
   */
  properties[PROP_SHOW_TILES] = g_param_spec_boolean ("show-tiles", NULL, NULL, FALSE,
                                                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GbMapPage:show-table:
   *
   * The table of communes beside the map (sortable, searchable, exported as CSV).
   */
  properties[PROP_SHOW_TABLE] = g_param_spec_boolean ("show-table", NULL, NULL, FALSE,
                                                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GbMapPage:show-patterns:
   *
   * Each level's pattern over its colour, so that level is never told by colour alone (always
   * shown in high contrast).
   */
  properties[PROP_SHOW_PATTERNS] = g_param_spec_boolean ("show-patterns", NULL, NULL, FALSE,
                                                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GB_TYPE_UNIT_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-map-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, overlay);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, legend);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, legend_button);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, tiles_banner);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, tiles_banner_label);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, table_revealer);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, unit_table);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, unit_label);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, level_label);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, history);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, overrides_label);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, unit_items_label);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, changes_button);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, changes_label);
  gtk_widget_class_bind_template_callback (widget_class, gb_map_page_update_changes);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, declared_history_label);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, revoke_button);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, declare_box);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, declare_level);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, level_names);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, declare_from);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, declare_to);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, declare_reason);
  gtk_widget_class_bind_template_child (widget_class, GbMapPage, declare_author);
  gtk_widget_class_bind_template_callback (widget_class, table_unit_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, legend_clicked_cb);

  gtk_widget_class_install_action (widget_class, "map.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "map.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "map.close-details", NULL, close_details_action);
  gtk_widget_class_install_action (widget_class, "map.declare", NULL, declare_action);
  gtk_widget_class_install_action (widget_class, "map.revoke", NULL, revoke_action);
  gtk_widget_class_install_action (widget_class, "map.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "map.print", NULL, print_action);
  gb_map_page_tiles_class_init (widget_class);
  gtk_widget_class_install_property_action (widget_class, "map.tiles", "show-tiles");
  gtk_widget_class_install_property_action (widget_class, "map.patterns", "show-patterns");
  gtk_widget_class_install_property_action (widget_class, "map.table", "show-table");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "map.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "map.close-details", NULL);
}

static void
gb_map_page_init (GbMapPage *self)
{
  g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
  ShumateMapSource *mercator = shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  ShumateViewport *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));
  for (int l = GB_LEVEL_1; l <= GB_LEVEL_4; l++)
    gtk_string_list_append (self->level_names, gb_level_get_name (l));
  gtk_editable_set_text (GTK_EDITABLE (self->declare_author),
                         g_strcmp0 (g_get_real_name (), "Unknown") != 0 ? g_get_real_name () : g_get_user_name ());

  self->renderer = gb_map_renderer_new ();
  self->map = shumate_map_new ();
  viewport = shumate_map_get_viewport (self->map);
  /* Only the projection and the scale: no tiles are asked for, so nothing waits on a network. */
  shumate_viewport_set_reference_map_source (viewport, mercator);
  shumate_viewport_set_min_zoom_level (viewport, 4);
  shumate_viewport_set_max_zoom_level (viewport, 17);
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->map), TRUE);
  gtk_overlay_set_child (self->overlay, GTK_WIDGET (self->map));
  self->layer = gb_map_layer_new (viewport, self->renderer);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->layer));
  g_signal_connect_object (self->layer, "resized", G_CALLBACK (layer_resized_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->layer, "shapes-worked-out", G_CALLBACK (gb_map_page_keep_shapes), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (viewport_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (viewport_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (viewport_moved_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->layer), TRUE);
  g_signal_connect (self->layer, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gb_map_page_keys_init (self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "enter", G_CALLBACK (enter_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->layer), motion);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->layer), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);

  update_legend (self);
  gtk_drawing_area_set_draw_func (self->legend, legend_draw_cb, self, NULL);
  gtk_drawing_area_set_draw_func (self->history, history_draw_cb, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.revoke", FALSE);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gb_map_page_style_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (gb_map_page_style_changed), self, G_CONNECT_SWAPPED);
  gb_map_page_style_changed (self);
  gb_map_page_tiles_init (self);
  {
    GSettings *settings = gb_application_settings ();

    if (settings != NULL)
      {
        g_settings_bind (settings, "map-tiles", self, "show-tiles", G_SETTINGS_BIND_DEFAULT);
        g_settings_bind (settings, "map-level-patterns", self, "show-patterns", G_SETTINGS_BIND_DEFAULT);
      }
  }
}

/** gb_map_page_get_renderer: Returns: (transfer none): the page's renderer, for tests. */
GbMapRenderer *
gb_map_page_get_renderer (GbMapPage *self)
{
  return self->renderer;
}

/** gb_map_page_select: selects a unit as a click would (NULL closes the details). */
void
gb_map_page_select (GbMapPage  *self,
                    const char *code)
{
  select_unit (self, code);
}

/** gb_map_page_get_table: Returns: (transfer none): the table of communes beside the map. */
GbUnitTable *
gb_map_page_get_table (GbMapPage *self)
{
  g_return_val_if_fail (GB_IS_MAP_PAGE (self), NULL);
  return self->unit_table;
}
