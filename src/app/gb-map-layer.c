/* gb-map-layer.c — the communes by level as one ShumateLayer
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One layer draws every polygon through the core renderer (never a widget per polygon). The
 * renderer keeps an image larger than the view; the layer turns it into a texture only when it
 * was drawn anew, so panning is a translated texture.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gb-level-changes.h"
#include "gb-map-layer.h"

struct _GbMapLayer
{
  ShumateLayer   parent_instance;

  GbMapRenderer *renderer;
  GdkTexture    *texture;
  char          *highlight;
  GHashTable    *flagged;         /* codes of the units whose numbers wait for review */
  GPtrArray     *area;      /* codes of the units a selected directive concerns, or NULL */
  GPtrArray     *marks;     /* GbLevelChange written on the map (what changed), or NULL */
  int            width, height;   /* the last size allocated */
  guint          grow_tick;       /* frames asked for while the renderer's image grows */
};

G_DEFINE_FINAL_TYPE (GbMapLayer, gb_map_layer, SHUMATE_TYPE_LAYER)

enum {
  PROP_0,
  PROP_RENDERER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_RESIZED,
  SIGNAL_SHAPES_WORKED_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * gb_map_layer_get_view:
 *
 * The renderer's view of what the viewport shows: Web Mercator at the viewport's zoom.
 */
void
gb_map_layer_get_view (GbMapLayer *self,
                       GbMapView  *view)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double tile = source ? shumate_map_source_get_tile_size (source) : 256;

  gb_map_project (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                  shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), &view->cx, &view->cy);
  view->scale = tile * pow (2.0, shumate_viewport_get_zoom_level (viewport));
}

/* The first image after a load covers the view only: its margin is drawn a band a frame, in
 * frames asked for until it is in (so the first pan finds it). */
static gboolean
grow_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  GbMapLayer *self = GB_MAP_LAYER (widget);

  if (self->renderer != NULL && gb_map_renderer_is_growing (self->renderer))
    {
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }
  self->grow_tick = 0;
  return G_SOURCE_REMOVE;
}

/* The image as a texture, made only when the image was drawn anew: panning moves it. */
static void
snapshot_texture (GbMapLayer      *self,
                  GtkSnapshot     *snapshot,
                  cairo_surface_t *cache,
                  gboolean         redrawn,
                  double           ox,
                  double           oy)
{
  if (redrawn || self->texture == NULL)
    {
      /* The texture keeps the image itself, not a copy: the renderer draws a new image each
       * time (gb_map_renderer_get_cache()), never into one it handed out. A copy was 46 MB at
       * 1920x1080 (the image has half a screen of margin each side), held as long as the map
       * showed, and written anew, page fault by page fault, at every redraw. */
      g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (cache),
                                                            (gsize) cairo_image_surface_get_stride (cache) *
                                                            cairo_image_surface_get_height (cache),
                                                            (GDestroyNotify) cairo_surface_destroy,
                                                            cairo_surface_reference (cache));

      g_clear_object (&self->texture);
      self->texture = gdk_memory_texture_new (cairo_image_surface_get_width (cache),
                                              cairo_image_surface_get_height (cache),
                                              GDK_MEMORY_DEFAULT, bytes,
                                              cairo_image_surface_get_stride (cache));
    }
  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT (ox, oy, gdk_texture_get_width (self->texture),
                                                    gdk_texture_get_height (self->texture)));
}

static void
gb_map_layer_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  GbMapLayer *self = GB_MAP_LAYER (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_surface_t *cache;
  gboolean redrawn;
  GbMapView view;
  double ox, oy;

  if (self->renderer == NULL || w <= 0 || h <= 0)
    return;
  gb_map_layer_get_view (self, &view);
  cache = gb_map_renderer_get_cache (self->renderer, &view, w, h, &ox, &oy, &redrawn);
  if (self->grow_tick == 0 && gb_map_renderer_is_growing (self->renderer))
    self->grow_tick = gtk_widget_add_tick_callback (widget, grow_cb, NULL, NULL);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (gtk_widget_get_native (widget))))
    {
      /* GTK's cairo renderer (software OpenGL, gb-renderer.c) copies a texture whole into a new
       * image at every frame (GTK 4.8): the view plus its margins, some 46 MB at 1920x1080. The
       * image is painted straight into the view instead. */
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

      g_clear_object (&self->texture);
      cairo_set_source_surface (cr, cache, ox, oy);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  else
    snapshot_texture (self, snapshot, cache, redrawn, ox, oy);
  if (self->flagged != NULL && g_hash_table_size (self->flagged) > 0)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
      GHashTableIter iter;
      gpointer code;

      g_hash_table_iter_init (&iter, self->flagged);
      while (g_hash_table_iter_next (&iter, &code, NULL))
        gb_map_renderer_draw_flag (self->renderer, cr, &view, w, h, code);
      cairo_destroy (cr);
    }
  if (self->highlight != NULL || self->area != NULL || self->marks != NULL)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

      for (guint i = 0; self->marks != NULL && i < self->marks->len; i++)
        {
          const GbLevelChange *c = g_ptr_array_index (self->marks, i);
          g_autofree char *move = g_strdup_printf ("%d→%d", (int) c->before, (int) c->after);

          gb_map_renderer_draw_outline (self->renderer, cr, &view, w, h, c->code);
          gb_map_renderer_draw_mark (self->renderer, cr, &view, w, h, c->code, move,
                                     c->after > c->before ? 0x8A1C00 : 0x0B5E3B, 15);
        }
      for (guint i = 0; self->area != NULL && i < self->area->len; i++)
        gb_map_renderer_draw_outline (self->renderer, cr, &view, w, h, g_ptr_array_index (self->area, i));
      if (self->highlight != NULL)
        gb_map_renderer_draw_outline (self->renderer, cr, &view, w, h, self->highlight);
      cairo_destroy (cr);
    }
  gtk_snapshot_pop (snapshot);
  /* Merged units drawn for the first time since the boundaries were read: the page keeps their
   * shapes for the next start. */
  if (gb_map_renderer_has_new_shapes (self->renderer))
    g_signal_emit (self, signals[SIGNAL_SHAPES_WORKED_OUT], 0);
}

/** gb_map_layer_get_highlight: Returns: (nullable): the unit outlined (hovered or selected) */
const char *
gb_map_layer_get_highlight (GbMapLayer *self)
{
  g_return_val_if_fail (GB_IS_MAP_LAYER (self), NULL);
  return self->highlight;
}

/**
 * gb_map_layer_set_flagged:
 * @codes: (nullable) (transfer none): the units whose numbers wait for review (a set)
 */
void
gb_map_layer_set_flagged (GbMapLayer *self,
                          GHashTable *codes)
{
  g_return_if_fail (GB_IS_MAP_LAYER (self));

  g_clear_pointer (&self->flagged, g_hash_table_unref);
  self->flagged = codes ? g_hash_table_ref (codes) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * gb_map_layer_set_highlight:
 * @code: (nullable): the unit to outline (under the pointer, or selected)
 */
void
gb_map_layer_set_highlight (GbMapLayer *self,
                            const char *code)
{
  if (g_strcmp0 (self->highlight, code) == 0)
    return;
  g_free (self->highlight);
  self->highlight = g_strdup (code);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * gb_map_layer_set_area:
 * @codes: (element-type utf8) (nullable): the units to outline as one area (a directive's
 *   places), kept by reference; NULL for none
 */
void
gb_map_layer_set_area (GbMapLayer *self,
                       GPtrArray  *codes)
{
  g_clear_pointer (&self->area, g_ptr_array_unref);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->area = codes ? g_ptr_array_ref (codes) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * gb_map_layer_set_marks:
 * @changes: (element-type GbLevelChange) (nullable): communes whose move is outlined and
 *   written on the map, kept by reference; NULL for none
 */
void
gb_map_layer_set_marks (GbMapLayer *self,
                        GPtrArray  *changes)
{
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->marks = changes ? g_ptr_array_ref (changes) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ShumateLayer says it contains no point, so that the pointer goes to the ShumateMap under it
 * (a layer of markers lets the markers themselves take it). This layer is what the pointer
 * points at: it carries the tooltip, the hover and the click, and picking must find it. The
 * map's own gestures (drag to pan, scroll to zoom) still see the events as they bubble up. */
static gboolean
gb_map_layer_contains (GtkWidget *widget,
                       double     x,
                       double     y)
{
  return x >= 0 && y >= 0 && x < gtk_widget_get_width (widget) && y < gtk_widget_get_height (widget);
}

static void
gb_map_layer_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  GbMapLayer *self = GB_MAP_LAYER (widget);
  gboolean changed = width != self->width || height != self->height;

  GTK_WIDGET_CLASS (gb_map_layer_parent_class)->size_allocate (widget, width, height, baseline);
  self->width = width;
  self->height = height;
  if (changed)
    g_signal_emit (self, signals[SIGNAL_RESIZED], 0);
}

static void
viewport_changed_cb (GbMapLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gb_map_layer_constructed (GObject *object)
{
  GbMapLayer *self = GB_MAP_LAYER (object);

  G_OBJECT_CLASS (gb_map_layer_parent_class)->constructed (object);
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
gb_map_layer_dispose (GObject *object)
{
  GbMapLayer *self = GB_MAP_LAYER (object);

  g_clear_object (&self->renderer);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->highlight, g_free);
  g_clear_pointer (&self->flagged, g_hash_table_unref);
  g_clear_pointer (&self->area, g_ptr_array_unref);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  G_OBJECT_CLASS (gb_map_layer_parent_class)->dispose (object);
}

static void
gb_map_layer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GbMapLayer *self = GB_MAP_LAYER (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      g_set_object (&self->renderer, g_value_get_object (value));
      gb_map_layer_refresh (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_map_layer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GbMapLayer *self = GB_MAP_LAYER (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      g_value_set_object (value, self->renderer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_map_layer_class_init (GbMapLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gb_map_layer_constructed;
  object_class->dispose = gb_map_layer_dispose;
  object_class->set_property = gb_map_layer_set_property;
  object_class->get_property = gb_map_layer_get_property;
  widget_class->snapshot = gb_map_layer_snapshot;
  widget_class->contains = gb_map_layer_contains;
  widget_class->size_allocate = gb_map_layer_size_allocate;

  properties[PROP_RENDERER] = g_param_spec_object ("renderer", NULL, NULL, GB_TYPE_MAP_RENDERER,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GbMapLayer::resized:
   *
   * The layer got another size (the window was resized or maximised, the details opened):
   * the page fits the map again when the person has not moved it.
   */
  signals[SIGNAL_RESIZED] = g_signal_new ("resized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GbMapLayer::shapes-worked-out:
   *
   * After a frame that worked out merged units' shapes not kept yet (for the page to keep
   * them, see gb_map_renderer_keep_shapes()).
   */
  signals[SIGNAL_SHAPES_WORKED_OUT] = g_signal_new ("shapes-worked-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gb_map_layer_init (GbMapLayer *self)
{
}

GbMapLayer *
gb_map_layer_new (ShumateViewport *viewport,
                  GbMapRenderer   *renderer)
{
  return g_object_new (GB_TYPE_MAP_LAYER, "viewport", viewport, "renderer", renderer, NULL);
}

/**
 * gb_map_layer_refresh:
 *
 * The levels, the highlight or the theme changed: draw again.
 */
void
gb_map_layer_refresh (GbMapLayer *self)
{
  g_clear_object (&self->texture);
  if (self->renderer)
    gb_map_renderer_invalidate (self->renderer);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
