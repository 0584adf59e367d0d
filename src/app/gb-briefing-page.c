/* gb-briefing-page.c — the Briefing view: slides of the selected date, and the presenter
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The slides are drawn by the core (gb-slides.c), the same code that renders PNGs for sending
 * ahead; this page only chooses which one and where.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-application.h"
#include "gb-boundaries-load.h"
#include "gb-briefing-page.h"
#include "gb-conclusion-composer.h"
#include "gb-slides.h"

struct _GbBriefingPage
{
  GbPage           parent_instance;

  /* Template children */
  GtkLabel        *position_label;
  GtkLabel        *title_label;
  GtkToggleButton *dark_button;
  GtkListBox      *slides_list;
  GtkDrawingArea  *area;
  GtkLabel        *status_label;

  /* Owned */
  GbSlideDeck     *deck;
  GbMapRenderer   *map;           /* the boundaries, read once per store */
  GbStore         *map_store;     /* weak: the page holds it */
  GCancellable    *map_cancel;    /* while a worker reads the national set's boundaries */
  guint            engine_generation; /* of the shared engine when that worker started */
  GtkWindow       *presenter;   /* nullable, while presenting */
  GtkDrawingArea  *presenter_area;

  guint            current;
  double           spot_x, spot_y;
  guint            spot_on : 1;
};

G_DEFINE_FINAL_TYPE (GbBriefingPage, gb_briefing_page, GB_TYPE_PAGE)

static void
draw_slide (GbBriefingPage *self,
            cairo_t        *cr,
            int             width,
            int             height,
            gboolean        with_spot)
{
  double sw = width, sh = width * 9.0 / 16.0, ox, oy, scale = 1.0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  if (self->deck == NULL || gb_slide_deck_get_n_slides (self->deck) == 0)
    return;
  if (sh > height)
    {
      sh = height;
      sw = height * 16.0 / 9.0;
    }
  ox = (width - sw) / 2;
  oy = (height - sh) / 2;
  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  /* Below 1280 wide, draw the 1280×720 slide scaled down so the preview shows what the
   * audience will see instead of a relaid-out slide. */
  if (sw < 1280)
    {
      scale = sw / 1280.0;
      cairo_scale (cr, scale, scale);
      gb_slide_deck_render (self->deck, self->current, cr, 1280, 720,
                            gtk_toggle_button_get_active (self->dark_button), NULL);
    }
  else
    gb_slide_deck_render (self->deck, self->current, cr, (int) sw, (int) sh,
                          gtk_toggle_button_get_active (self->dark_button), NULL);
  cairo_restore (cr);

  if (with_spot && self->spot_on)
    {
      /* Hover does not survive screen sharing: a held click draws a ring everyone sees. */
      cairo_set_source_rgba (cr, 0.95, 0.73, 0.08, 0.9);
      cairo_set_line_width (cr, MAX (6.0, sh / 120.0));
      cairo_arc (cr, self->spot_x, self->spot_y, MAX (36.0, sh / 14.0), 0, 2 * G_PI);
      cairo_stroke (cr);
    }
}

static void
area_draw_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  draw_slide (GB_BRIEFING_PAGE (user_data), cr, width, height, FALSE);
}

static void
presenter_draw_cb (GtkDrawingArea *area,
                   cairo_t        *cr,
                   int             width,
                   int             height,
                   gpointer        user_data)
{
  draw_slide (GB_BRIEFING_PAGE (user_data), cr, width, height, TRUE);
}

static void
update (GbBriefingPage *self)
{
  guint n = self->deck ? gb_slide_deck_get_n_slides (self->deck) : 0;
  g_autofree char *pos = n ? g_strdup_printf ("%u/%u", self->current + 1, n) : g_strdup ("");

  gtk_label_set_text (self->position_label, pos);
  gtk_label_set_text (self->title_label, n ? gb_slide_deck_get_slide_title (self->deck, self->current) : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "briefing.previous", n > 0 && self->current > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "briefing.next", n > 0 && self->current + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "briefing.present", n > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  if (self->presenter_area != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (self->presenter_area));
}

static void
go_to (GbBriefingPage *self,
       int             index)
{
  guint n = self->deck ? gb_slide_deck_get_n_slides (self->deck) : 0;

  if (n == 0)
    return;
  self->current = CLAMP (index, 0, (int) n - 1);
  update (self);
}

static void apply_arrangement (GbBriefingPage *self);
static void rebuild_slides_list (GbBriefingPage *self);

static void reload (GbBriefingPage *self, GbPageChange changes);

static void
boundaries_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GbBriefingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  GbMapRenderer *map = gb_boundaries_load_finish (result, &engine, &error);

  /* Another store came meanwhile (or the page went): its own reading follows. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_object (&map);
      return;
    }
  g_clear_object (&self->map_cancel);
  g_clear_object (&self->map);
  self->map = map;
  /* Taken only when the store's engine has not read its data meanwhile (the map's worker). */
  if (engine != NULL && self->map_store != NULL)
    gb_level_engine_adopt (gb_level_engine_get_shared (self->map_store), engine, self->engine_generation);
  if (error != NULL)
    g_debug ("The briefing's boundaries could not be read: %s", error->message);
  reload (self, GB_PAGE_CHANGED_DATE);   /* the slides again, with the map */
}

/* The boundaries of @store: a province's at once, the national set's in a worker (a second of
 * the UI thread before, 0.25 s from the database's cache), the slides drawn when they are in. */
static void
read_boundaries (GbBriefingPage *self,
                 GbStore        *store)
{
  if (self->map_cancel != NULL)
    g_cancellable_cancel (self->map_cancel);
  g_clear_object (&self->map_cancel);
  g_clear_object (&self->map);
  self->map_store = store;
  if (store == NULL)
    return;
  if (gb_boundaries_read_at_once (store))
    {
      self->map = gb_map_renderer_new ();
      if (!gb_map_renderer_load (self->map, store, NULL))
        g_clear_object (&self->map);
      return;
    }
  /* The slides need the levels too: while the store's engine has not read them (the map's
   * worker reads them on a start), they are read here as well, not on the UI thread. */
  self->map_cancel = g_cancellable_new ();
  self->engine_generation = gb_level_engine_get_generation (gb_level_engine_get_shared (store));
  gb_boundaries_load_async (store, gb_level_engine_get_n_loads (gb_level_engine_get_shared (store)) == 0,
                            self->map_cancel, boundaries_read_cb, g_object_ref (self));
}

/* The slides of the date, from the store's shared engine and a map whose boundaries are read
 * once per store (or after its data changed), not on every date step. */
static void
reload (GbBriefingPage *self,
        GbPageChange    changes)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const char *date = gb_page_get_date (GB_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (changes == GB_PAGE_CHANGED_UNIT)
    return;   /* the slides are the province's */
  g_clear_object (&self->deck);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  if (store != self->map_store || (changes & GB_PAGE_CHANGED_DATA))
    read_boundaries (self, store);
  if (self->map_cancel != NULL)
    {
      /* The slides wait for the map: the status line says why. */
      gtk_label_set_text (self->status_label, _("Reading the boundaries…"));
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }
  if (store != NULL && date != NULL && self->map_cancel == NULL)
    {
      self->deck = gb_slide_deck_new_full (store, gb_page_get_engine (GB_PAGE (self)), self->map, date, &error);
      if (self->deck == NULL)
        {
          gtk_label_set_text (self->status_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
        }
    }
  apply_arrangement (self);
  rebuild_slides_list (self);
  if (self->deck == NULL || self->current >= gb_slide_deck_get_n_slides (self->deck))
    self->current = 0;
  update (self);
}

/* The user's arrangement of the slides lives in GSettings, so it is the same next week. */
static void
apply_arrangement (GbBriefingPage *self)
{
  GSettings *settings = gb_application_settings ();
  g_auto(GStrv) order = NULL;
  g_auto(GStrv) hidden = NULL;

  if (self->deck == NULL || settings == NULL)
    return;
  order = g_settings_get_strv (settings, "slide-order");
  hidden = g_settings_get_strv (settings, "hidden-slides");
  gb_slide_deck_arrange (self->deck, (const char * const *) order, (const char * const *) hidden);
}

static void
save_arrangement (GbBriefingPage *self,
                  GPtrArray      *order,
                  GPtrArray      *hidden)
{
  GSettings *settings = gb_application_settings ();

  g_ptr_array_add (order, NULL);
  g_ptr_array_add (hidden, NULL);
  if (settings != NULL)
    {
      g_settings_set_strv (settings, "slide-order", (const char * const *) order->pdata);
      g_settings_set_strv (settings, "hidden-slides", (const char * const *) hidden->pdata);
    }
  gb_slide_deck_arrange (self->deck, (const char * const *) order->pdata, (const char * const *) hidden->pdata);
}

/* Moves the slide @id by @delta places, or toggles whether it is shown (delta 0). */
static void
change_arrangement (GbBriefingPage *self,
                    const char     *id,
                    int             delta)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GPtrArray) hidden = g_ptr_array_new ();
  const char *current_id = NULL;
  guint n;
  int at = -1;

  if (self->deck == NULL)
    return;
  if (gb_slide_deck_get_n_slides (self->deck) > 0)
    current_id = gb_slide_deck_get_slide_id (self->deck, self->current);
  n = gb_slide_deck_get_n_available (self->deck);
  for (guint i = 0; i < n; i++)
    {
      const char *other = gb_slide_deck_get_available_id (self->deck, i);
      gboolean is_hidden = gb_slide_deck_is_hidden (self->deck, other);

      if (g_str_equal (other, id))
        {
          at = i;
          if (delta == 0)
            is_hidden = !is_hidden;
        }
      g_ptr_array_add (order, (gpointer) other);
      if (is_hidden)
        g_ptr_array_add (hidden, (gpointer) other);
    }
  if (at >= 0 && delta != 0 && at + delta >= 0 && at + delta < (int) n)
    {
      gpointer tmp = order->pdata[at];

      order->pdata[at] = order->pdata[at + delta];
      order->pdata[at + delta] = tmp;
    }
  /* The ids point into the deck's static table, so they outlive the rearrangement. */
  save_arrangement (self, order, hidden);

  /* Stay on the slide that was shown, if it still is. */
  self->current = 0;
  for (guint i = 0; current_id != NULL && i < gb_slide_deck_get_n_slides (self->deck); i++)
    if (g_str_equal (gb_slide_deck_get_slide_id (self->deck, i), current_id))
      self->current = i;
  rebuild_slides_list (self);
  update (self);
}

static void
slide_shown_toggled_cb (GtkCheckButton *check,
                        GbBriefingPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "slide-id");
  gboolean shown = gtk_check_button_get_active (check);

  if (shown == gb_slide_deck_is_hidden (self->deck, id))
    change_arrangement (self, id, 0);
}

static void
slide_up_clicked_cb (GtkButton      *button,
                     GbBriefingPage *self)
{
  change_arrangement (self, g_object_get_data (G_OBJECT (button), "slide-id"), -1);
}

static void
slide_down_clicked_cb (GtkButton      *button,
                       GbBriefingPage *self)
{
  change_arrangement (self, g_object_get_data (G_OBJECT (button), "slide-id"), +1);
}

static void
rebuild_slides_list (GbBriefingPage *self)
{
  GtkWidget *child;
  guint n = self->deck ? gb_slide_deck_get_n_available (self->deck) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->slides_list))) != NULL)
    gtk_list_box_remove (self->slides_list, child);

  for (guint i = 0; i < n; i++)
    {
      /* Static ids of the deck's table: safe to keep on the widgets. */
      const char *id = gb_slide_deck_get_available_id (self->deck, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *check = gtk_check_button_new_with_label (gb_slide_deck_get_available_title (self->deck, i));
      GtkWidget *up = gtk_button_new_from_icon_name ("go-up-symbolic");
      GtkWidget *down = gtk_button_new_from_icon_name ("go-down-symbolic");

      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_margin_top (box, 3);
      gtk_widget_set_margin_bottom (box, 3);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !gb_slide_deck_is_hidden (self->deck, id));
      gtk_widget_set_hexpand (check, TRUE);
      gtk_widget_set_tooltip_text (check, _("Show this slide"));
      gtk_widget_set_tooltip_text (up, _("Move up"));
      gtk_widget_set_tooltip_text (down, _("Move down"));
      gtk_widget_set_sensitive (up, i > 0);
      gtk_widget_set_sensitive (down, i + 1 < n);
      for (GtkWidget **w = (GtkWidget *[]) { check, up, down, NULL }; *w; w++)
        g_object_set_data (G_OBJECT (*w), "slide-id", (gpointer) id);
      gtk_widget_add_css_class (up, "flat");
      gtk_widget_add_css_class (down, "flat");
      g_signal_connect (check, "toggled", G_CALLBACK (slide_shown_toggled_cb), self);
      g_signal_connect (up, "clicked", G_CALLBACK (slide_up_clicked_cb), self);
      g_signal_connect (down, "clicked", G_CALLBACK (slide_down_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), check);
      gtk_box_append (GTK_BOX (box), up);
      gtk_box_append (GTK_BOX (box), down);
      gtk_list_box_append (self->slides_list, box);
    }
}

static void
reset_slides_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GbBriefingPage *self = GB_BRIEFING_PAGE (widget);
  GSettings *settings = gb_application_settings ();

  if (settings != NULL)
    {
      g_settings_reset (settings, "slide-order");
      g_settings_reset (settings, "hidden-slides");
    }
  reload (self, GB_PAGE_CHANGED_DATE);   /* the deck again, its data as it is */
}

static gboolean
presenter_key_cb (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  gpointer               user_data)
{
  GbBriefingPage *self = user_data;

  switch (keyval)
    {
    case GDK_KEY_Right: case GDK_KEY_Page_Down: case GDK_KEY_space: case GDK_KEY_Down:
      go_to (self, self->current + 1);
      return TRUE;
    case GDK_KEY_Left: case GDK_KEY_Page_Up: case GDK_KEY_BackSpace: case GDK_KEY_Up:
      go_to (self, (int) self->current - 1);
      return TRUE;
    case GDK_KEY_Home:
      go_to (self, 0);
      return TRUE;
    case GDK_KEY_End:
      go_to (self, G_MAXINT);
      return TRUE;
    case GDK_KEY_Escape:
      gtk_window_close (self->presenter);
      return TRUE;
    default:
      if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
        {
          go_to (self, keyval - GDK_KEY_1);
          return TRUE;
        }
      if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
        {
          go_to (self, keyval - GDK_KEY_KP_1);
          return TRUE;
        }
      return FALSE;
    }
}

static void
spot_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               gpointer        user_data)
{
  GbBriefingPage *self = user_data;

  self->spot_x = x;
  self->spot_y = y;
  self->spot_on = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self->presenter_area));
}

static void
spot_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                gpointer        user_data)
{
  GbBriefingPage *self = user_data;
  double sx, sy;

  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  self->spot_x = sx + dx;
  self->spot_y = sy + dy;
  gtk_widget_queue_draw (GTK_WIDGET (self->presenter_area));
}

static void
spot_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             gpointer        user_data)
{
  GbBriefingPage *self = user_data;

  self->spot_on = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self->presenter_area));
}

static void
presenter_destroy_cb (GtkWidget *window,
                      gpointer   user_data)
{
  GbBriefingPage *self = user_data;

  self->presenter = NULL;
  self->presenter_area = NULL;
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  GbBriefingPage *self = GB_BRIEFING_PAGE (widget);
  GtkEventController *keys;
  GtkGesture *drag;
  GtkRoot *root;

  if (self->presenter != NULL)
    {
      gtk_window_present (self->presenter);
      return;
    }
  self->presenter = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (self->presenter, _("Briefing"));
  root = gtk_widget_get_root (widget);
  /* Not transient for the main window: window managers take a transient window for a dialog,
   * and some (matchbox) then keep it small instead of full screen. It goes with the app. */
  if (GTK_IS_WINDOW (root) && gtk_window_get_application (GTK_WINDOW (root)) != NULL)
    gtk_window_set_application (self->presenter, gtk_window_get_application (GTK_WINDOW (root)));
  gtk_window_set_default_size (self->presenter, 1280, 720);
  self->presenter_area = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_drawing_area_set_draw_func (self->presenter_area, presenter_draw_cb, self, NULL);
  gtk_window_set_child (self->presenter, GTK_WIDGET (self->presenter_area));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (presenter_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->presenter), keys);
  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (spot_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (spot_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (spot_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->presenter_area), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (self->presenter, "destroy", G_CALLBACK (presenter_destroy_cb), self);

  gtk_window_fullscreen (self->presenter);
  gtk_window_present (self->presenter);
}

static void
composer_closed_cb (GbBriefingPage *self)
{
  /* The draft conclusion slide and the due items follow what was just saved or issued. */
  reload (self, GB_PAGE_CHANGED_DATE);   /* neither levels nor boundaries changed */
}

static void
compose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  GbBriefingPage *self = GB_BRIEFING_PAGE (widget);
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const char *date = gb_page_get_date (GB_PAGE (self));
  GtkRoot *root = gtk_widget_get_root (widget);
  GbConclusionComposer *composer;

  if (store == NULL || date == NULL)
    return;
  composer = gb_conclusion_composer_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, store, date);
  g_signal_connect_object (composer, "destroy", G_CALLBACK (composer_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (composer));
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  GbBriefingPage *self = GB_BRIEFING_PAGE (widget);
  go_to (self, (int) self->current - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GbBriefingPage *self = GB_BRIEFING_PAGE (widget);
  go_to (self, self->current + 1);
}

static void
first_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  go_to (GB_BRIEFING_PAGE (widget), 0);
}

static void
last_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  go_to (GB_BRIEFING_PAGE (widget), G_MAXINT);
}

static void
dark_toggled_cb (GbBriefingPage *self)
{
  update (self);
}

static void
gb_briefing_page_context_changed (GbPage *page)
{
  reload (GB_BRIEFING_PAGE (page), gb_page_get_changes (page));
}

static void
gb_briefing_page_dispose (GObject *object)
{
  GbBriefingPage *self = GB_BRIEFING_PAGE (object);

  if (self->presenter != NULL)
    gtk_window_destroy (self->presenter);
  g_clear_object (&self->deck);
  if (self->map_cancel != NULL)
    g_cancellable_cancel (self->map_cancel);
  g_clear_object (&self->map_cancel);
  g_clear_object (&self->map);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_BRIEFING_PAGE);
  G_OBJECT_CLASS (gb_briefing_page_parent_class)->dispose (object);
}

static void
gb_briefing_page_class_init (GbBriefingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GbPageClass *page_class = GB_PAGE_CLASS (klass);

  object_class->dispose = gb_briefing_page_dispose;
  page_class->context_changed = gb_briefing_page_context_changed;
  page_class->defer_while_hidden = TRUE;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-briefing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GbBriefingPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, GbBriefingPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, GbBriefingPage, dark_button);
  gtk_widget_class_bind_template_child (widget_class, GbBriefingPage, slides_list);
  gtk_widget_class_bind_template_child (widget_class, GbBriefingPage, area);
  gtk_widget_class_bind_template_child (widget_class, GbBriefingPage, status_label);
  gtk_widget_class_bind_template_callback (widget_class, dark_toggled_cb);

  gtk_widget_class_install_action (widget_class, "briefing.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "briefing.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "briefing.first", NULL, first_action);
  gtk_widget_class_install_action (widget_class, "briefing.last", NULL, last_action);
  gtk_widget_class_install_action (widget_class, "briefing.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "briefing.compose", NULL, compose_action);
  gtk_widget_class_install_action (widget_class, "briefing.reset-slides", NULL, reset_slides_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "briefing.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "briefing.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "briefing.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "briefing.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "briefing.first", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "briefing.last", NULL);
}

static void
gb_briefing_page_init (GbBriefingPage *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->area, area_draw_cb, self, NULL);
  /* F5 wherever the focus is (the view switcher after a click on the tab, a slide, nothing),
   * as long as the Briefing view is shown: a global shortcut runs only while its widget is
   * mapped. The slide keys stay local, not to steal arrows from other views' entries. */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F5, 0),
                                                          gtk_named_action_new ("briefing.present")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  update (self);
}

/**
 * gb_briefing_page_get_current_slide:
 *
 * Returns: the index of the slide shown
 */
guint
gb_briefing_page_get_current_slide (GbBriefingPage *self)
{
  g_return_val_if_fail (GB_IS_BRIEFING_PAGE (self), 0);
  return self->current;
}

/**
 * gb_briefing_page_get_n_slides:
 *
 * Returns: how many slides the page has for its date (0 before a store and date are set)
 */
guint
gb_briefing_page_get_n_slides (GbBriefingPage *self)
{
  g_return_val_if_fail (GB_IS_BRIEFING_PAGE (self), 0);
  return self->deck ? gb_slide_deck_get_n_slides (self->deck) : 0;
}
