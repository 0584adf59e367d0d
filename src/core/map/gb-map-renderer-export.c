/* gb-map-renderer-export.c — the legend, and the map written to PNG, SVG or PDF
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gb-draw.h"
#include "gb-error.h"
#include "gb-file.h"
#include "gb-map-renderer-private.h"

/* Legend and export */

static const GbLevel legend_order[] = { GB_LEVEL_4, GB_LEVEL_3, GB_LEVEL_2, GB_LEVEL_1, GB_LEVEL_NO_DATA };
#define N_LEGEND_ROWS G_N_ELEMENTS (legend_order)

/* What the legend says: each level in the rule set's words with its count, who decided, and
 * which rule set applies. */
typedef struct
{
  char *rows[N_LEGEND_ROWS];
  char *foot;
  char *rules;   /* nullable */
} Legend;

static void
legend_init (GbMapRenderer *self,
             Legend        *l)
{
  guint counts[5], declared;

  gb_map_renderer_count_levels (self, counts, &declared);
  for (guint i = 0; i < N_LEGEND_ROWS; i++)
    l->rows[i] = g_strdup_printf ("%s: %u", gb_level_get_name_for (legend_order[i], self->zones), counts[legend_order[i]]);
  l->foot = declared ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u commune declared by the committee (outlined)",
                                                     "%u communes declared by the committee (outlined)", declared), declared)
                     : g_strdup (_("Computed from the rules"));
  l->rules = self->rule_set_name ? g_strdup_printf (_("Rule set: %s"), self->rule_set_name) : NULL;
  /* The dotted outline of a commune split among new ones (gb-map-renderer-dates.c). */
  if (self->any_partial)
    {
      const char *partly = _("Dotted: a former commune only partly in the unit it is drawn with");
      char *rules = l->rules ? g_strdup_printf ("%s\n%s", l->rules, partly) : g_strdup (partly);

      g_free (l->rules);
      l->rules = rules;
    }
}

static void
legend_clear (Legend *l)
{
  for (guint i = 0; i < N_LEGEND_ROWS; i++)
    g_free (l->rows[i]);
  g_free (l->foot);
  g_free (l->rules);
}

static PangoLayout *
legend_layout (cairo_t *cr,
               double   font_size)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, font_size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

/* The box's size: wide enough for every row and the foot (nothing cut off), the rule set's name
 * wrapped to that width under them. */
static void
legend_measure (const Legend *l,
                PangoLayout  *layout,
                double        font_size,
                double       *w,
                double       *h,
                double       *rules_h)
{
  double pad = font_size * 0.8, row = font_size * 1.7, text_w = font_size * 12;
  int pw, ph;

  for (guint i = 0; i < N_LEGEND_ROWS; i++)
    {
      pango_layout_set_text (layout, l->rows[i], -1);
      pango_layout_get_pixel_size (layout, &pw, &ph);
      text_w = MAX (text_w, pw + font_size * 1.6);
    }
  pango_layout_set_text (layout, l->foot, -1);
  pango_layout_get_pixel_size (layout, &pw, &ph);
  text_w = MIN (MAX (text_w, pw), font_size * 28);
  *rules_h = 0;
  if (l->rules)
    {
      pango_layout_set_width (layout, (int) (text_w * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (layout, l->rules, -1);
      pango_layout_get_pixel_size (layout, &pw, &ph);
      *rules_h = ph + font_size * 0.3;
      pango_layout_set_width (layout, -1);
    }
  *w = ceil (text_w + 2 * pad);
  *h = ceil (pad * 2 + row * (N_LEGEND_ROWS + 1) + *rules_h);
}

/**
 * gb_map_renderer_get_legend_size:
 *
 * The size gb_map_renderer_draw_legend() draws at @font_size, for the room a widget or a page
 * keeps for it.
 */
void
gb_map_renderer_get_legend_size (GbMapRenderer *self,
                                 double         font_size,
                                 double        *width,
                                 double        *height)
{
  cairo_surface_t *surface;
  PangoLayout *layout;
  cairo_t *cr;
  Legend l;
  double rules_h;

  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  g_return_if_fail (width != NULL && height != NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  layout = legend_layout (cr, font_size);
  legend_init (self, &l);
  legend_measure (&l, layout, font_size, width, height, &rules_h);
  legend_clear (&l);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

void
gb_map_renderer_draw_legend (GbMapRenderer *self,
                             cairo_t       *cr,
                             double         x,
                             double         y,
                             double         font_size)
{
  double row = font_size * 1.7, pad = font_size * 0.8, w, h, rules_h;
  PangoLayout *layout;
  Legend l;

  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL);

  layout = legend_layout (cr, font_size);
  legend_init (self, &l);
  legend_measure (&l, layout, font_size, &w, &h, &rules_h);

  cairo_save (cr);
  gb_draw_set_source_hex (cr, self->dark ? 0x23282F : 0xFFFFFF, 0.92);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill_preserve (cr);
  gb_draw_set_source_hex (cr, 0x8A9099, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  for (guint i = 0; i < N_LEGEND_ROWS; i++)
    {
      double ry = y + pad + i * row;

      cairo_rectangle (cr, x + pad, ry + font_size * 0.2, font_size * 1.1, font_size * 1.1);
      cairo_set_source (cr, gb_map_renderer_get_level_fill (self, legend_order[i]));
      if (self->high_contrast)
        {
          cairo_fill_preserve (cr);
          gb_draw_set_source_hex (cr, self->dark ? 0xFFFFFF : 0x000000, 1);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
      gb_draw_set_source_hex (cr, self->dark ? 0xF5F5F5 : 0x111418, 1);
      pango_layout_set_text (layout, l.rows[i], -1);
      cairo_move_to (cr, x + pad + font_size * 1.6, ry);
      pango_cairo_show_layout (cr, layout);
    }
  gb_draw_set_source_hex (cr, self->dark ? 0xC9CDD2 : 0x3D4550, 1);
  pango_layout_set_width (layout, (int) ((w - 2 * pad) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, l.foot, -1);
  cairo_move_to (cr, x + pad, y + pad + N_LEGEND_ROWS * row);
  pango_cairo_show_layout (cr, layout);
  if (l.rules)
    {
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (layout, l.rules, -1);
      cairo_move_to (cr, x + pad, y + pad + (N_LEGEND_ROWS + 1) * row);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_restore (cr);
  legend_clear (&l);
  g_object_unref (layout);
}

typedef struct
{
  GbMapRenderer   *self;
  const GbMapView *view;
  const char      *title;
} Page;

/* A page's font size: its title's and its legend's. */
static double
page_font (double width,
           double height)
{
  return CLAMP (MIN (width, height) / 48.0, 10.0, 28.0);
}

/* The band the title takes at the top of a page: the map is drawn under it. */
static int
page_top (double width,
          double height)
{
  return (int) (page_font (width, height) * 3);
}

/* The map with its title above and its legend in the lower left corner, on @width × @height:
 * what an export or a printed page shows. @view is for the canvas under the title band. */
static void
draw_page (GbMapRenderer   *self,
           cairo_t         *cr,
           const GbMapView *view,
           double           width,
           double           height,
           const char      *title)
{
  double font = page_font (width, height);
  int top = page_top (width, height);

  gb_draw_set_source_hex (cr, self->dark ? 0x1B1E22 : 0xEEF1F4, 1);
  cairo_paint (cr);
  cairo_save (cr);
  cairo_translate (cr, 0, top);
  cairo_rectangle (cr, 0, 0, width, height - top);
  cairo_clip (cr);
  gb_map_renderer_draw (self, cr, view, (int) width, (int) height - top);
  cairo_restore (cr);
  if (title != NULL)
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);
      PangoFontDescription *desc = pango_font_description_from_string ("Sans Bold");

      pango_font_description_set_absolute_size (desc, font * 1.4 * PANGO_SCALE);
      pango_layout_set_font_description (layout, desc);
      pango_layout_set_width (layout, (int) ((width - 2 * font) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_text (layout, title, -1);
      gb_draw_set_source_hex (cr, self->dark ? 0xF5F5F5 : 0x111418, 1);
      cairo_move_to (cr, font, font * 0.6);
      pango_cairo_show_layout (cr, layout);
      pango_font_description_free (desc);
      g_object_unref (layout);
    }
  {
    double lw, lh;

    gb_map_renderer_get_legend_size (self, font * 0.9, &lw, &lh);
    gb_map_renderer_draw_legend (self, cr, font, height - lh - font, font * 0.9);
  }
}

static void
draw_page_cb (cairo_t *cr,
              double   width,
              double   height,
              gpointer user_data)
{
  Page *page = user_data;

  draw_page (page->self, cr, page->view, width, height, page->title);
}

/**
 * gb_map_renderer_get_page_view:
 * @code: (nullable): the unit to fit, NULL for everything
 * @view: (out): the view for the canvas under the title band, @width × (@height − @top)
 * @top: (out) (optional): the title band's height, where that canvas starts
 *
 * The view a page of @width × @height (an export, a printed page) draws its map with: @code
 * fitted and centred in the room the title and the legend leave. The legend sits in the lower
 * left corner; the map goes either right of it (the whole height under the title) or above it
 * (the whole width), whichever draws it larger, so that no part of it is under the legend and
 * its drawn extent is in the middle of what is left.
 *
 * Returns: %FALSE with @error set when there is nothing to draw or @code has no boundary
 */
gboolean
gb_map_renderer_get_page_view (GbMapRenderer *self,
                               int            width,
                               int            height,
                               const char    *code,
                               GbMapView     *view,
                               int           *top,
                               GError       **error)
{
  double font = page_font (width, height), lw, lh, bx0, by0, bx1, by1;
  int t = page_top (width, height), h = height - t;
  /* Right of the legend, and above it: x, y, w, h on the canvas under the title. */
  double rooms[2][4] = { { font * 2, 0, 0, h }, { 0, 0, width, 0 } };
  GbMapView fits[2];
  guint best = 0;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  if (code != NULL && !gb_map_renderer_get_bounds (self, code, &bx0, &by0, &bx1, &by1))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("Unit “%s” has no boundary on the map"), code);
      return FALSE;
    }
  gb_map_renderer_get_legend_size (self, font * 0.9, &lw, &lh);
  rooms[0][0] += lw;
  rooms[0][2] = width - rooms[0][0];
  rooms[1][3] = h - lh - font * 2;
  for (guint i = 0; i < 2; i++)
    {
      if (!gb_map_renderer_fit (self, code, (int) MAX (rooms[i][2], 1), (int) MAX (rooms[i][3], 1), &fits[i]))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There are no boundaries to draw"));
          return FALSE;
        }
      if (fits[i].scale > fits[best].scale)
        best = i;
    }
  /* The fitted extent's middle at the room's, on a canvas centred elsewhere. */
  *view = fits[best];
  view->cx -= (rooms[best][0] + rooms[best][2] / 2 - width / 2.0) / view->scale;
  view->cy -= (rooms[best][1] + rooms[best][3] / 2 - h / 2.0) / view->scale;
  if (top)
    *top = t;
  return TRUE;
}

/**
 * gb_map_renderer_draw_page:
 * @title: (nullable): written above the map
 * @code: (nullable): the unit to fit, NULL for everything
 *
 * Draws the map of @code fitted to @width × @height under its title, with its legend, as an
 * export does: for printing.
 *
 * Returns: %FALSE with @error set when there is nothing to draw
 */
gboolean
gb_map_renderer_draw_page (GbMapRenderer *self,
                           cairo_t       *cr,
                           int            width,
                           int            height,
                           const char    *title,
                           const char    *code,
                           GError       **error)
{
  GbMapView view;

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  if (!gb_map_renderer_get_page_view (self, width, height, code, &view, NULL, error))
    return FALSE;
  cairo_save (cr);
  draw_page (self, cr, &view, width, height, title);
  cairo_restore (cr);
  return TRUE;
}

gboolean
gb_map_renderer_export (GbMapRenderer *self,
                        const char    *path,
                        int            width,
                        int            height,
                        const char    *title,
                        const char    *code,
                        GError       **error)
{
  GbMapView view;
  Page page = { self, &view, title };

  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (width < 200 || height < 150 || width > 20000 || height > 20000)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("A map is between 200×150 and 20000×20000 pixels, not %d×%d"), width, height);
      return FALSE;
    }
  if (!gb_map_renderer_get_page_view (self, width, height, code, &view, NULL, error))
    return FALSE;
  return gb_file_export_drawing (path, width, height, draw_page_cb, &page, error);
}
