/* test-map-export.c — where an exported page puts the map: the demo province (Ninh Thuận, 58)
 * drawn in the middle of the room its title and legend leave, as PNG and as PDF
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <poppler.h>
#include <stdlib.h>

#include "gb-demo.h"
#include "gb-map-renderer.h"
#include "gb-store.h"
#include "gb-test-util.h"

/* The first page of the PDF at @path drawn at one pixel a point, as a reader shows it. */
static cairo_surface_t *
render_pdf (const char *path,
            int         width,
            int         height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  g_autoptr(GObject) doc = G_OBJECT (poppler_document_new_from_file (uri, NULL, &error));
  g_autoptr(GObject) page = NULL;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (s);

  g_assert_no_error (error);
  page = G_OBJECT (poppler_document_get_page (POPPLER_DOCUMENT (doc), 0));
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (POPPLER_PAGE (page), cr);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

static guint32
pixel (cairo_surface_t *s,
       int              x,
       int              y)
{
  return *(guint32 *) (cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s) + 4 * x) & 0xffffff;
}

static int
distance (guint32 a,
          guint32 b)
{
  return abs ((int) (a >> 16 & 0xff) - (int) (b >> 16 & 0xff)) + abs ((int) (a >> 8 & 0xff) - (int) (b >> 8 & 0xff)) +
         abs ((int) (a & 0xff) - (int) (b & 0xff));
}

typedef struct
{
  double x0, y0, x1, y1;
} Box;

static gboolean
box_within (const Box *inner,
            const Box *outer)
{
  return inner->x0 >= outer->x0 - 1 && inner->y0 >= outer->y0 - 1 && inner->x1 <= outer->x1 + 1 && inner->y1 <= outer->y1 + 1;
}

/* What of the page is drawn, the title band and the legend box left out: its pixels not the
 * ground's (the page's bottom right corner). */
static Box
drawn_box (cairo_surface_t *s,
           int              top,
           const Box       *legend)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  guint32 ground = pixel (s, w - 1, h - 1);
  Box b = { w, h, -1, -1 };

  for (int y = top; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        if (x >= legend->x0 - 2 && x <= legend->x1 + 2 && y >= legend->y0 - 2 && y <= legend->y1 + 2)
          continue;
        if (distance (pixel (s, x, y), ground) <= 40)
          continue;
        b.x0 = MIN (b.x0, x);
        b.y0 = MIN (b.y0, y);
        b.x1 = MAX (b.x1, x + 1);
        b.y1 = MAX (b.y1, y + 1);
      }
  return b;
}

/* The province on pages wide and tall, as PNG and PDF: nothing of it under the legend (the
 * lower left corner), and its drawn extent in the middle, within 2 px, of the room left under
 * the title: right of the legend or above it. It was fitted to the whole width under the
 * title, the legend drawn over it, off the middle of what the legend leaves. */
static void
test_centred (void)
{
  struct { int w, h; const char *name; } pages[] = {
    { 1200, 900, "wide.png" }, { 842, 595, "a4-wide.pdf" }, { 595, 842, "a4-tall.pdf" }, { 1600, 700, "band.png" },
  };
  g_autofree char *path = gb_test_temp_db ();
  g_autofree char *dir = gb_test_temp_dir ("map-export-XXXXXX");
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbMapRenderer) r = gb_map_renderer_new ();

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  g_assert_true (gb_map_renderer_load (r, store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      int w = pages[i].w, h = pages[i].h;
      double font = CLAMP (MIN (w, h) / 48.0, 10.0, 28.0), lw, lh;
      int top = (int) (font * 3);
      g_autofree char *file = g_build_filename (dir, pages[i].name, NULL);
      gboolean pdf = g_str_has_suffix (file, ".pdf");
      cairo_surface_t *s;
      Box legend, drawn, right, above;
      const Box *room;

      g_assert_true (gb_map_renderer_export (r, file, w, h, "Tỉnh Ninh Thuận", "58", &error));
      g_assert_no_error (error);
      s = pdf ? render_pdf (file, w, h) : cairo_image_surface_create_from_png (file);
      g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
      gb_map_renderer_get_legend_size (r, font * 0.9, &lw, &lh);
      legend = (Box) { font, h - lh - font, font + lw, h - font };
      right = (Box) { legend.x1 + font, top, w, h };
      above = (Box) { 0, top, w, legend.y0 - font };
      drawn = drawn_box (s, top, &legend);
      room = box_within (&drawn, &right) ? &right : &above;
      g_test_message ("%s: the map drawn over %g..%g × %g..%g; the legend %g..%g × %g..%g; the room %g..%g × %g..%g",
                      pages[i].name, drawn.x0, drawn.x1, drawn.y0, drawn.y1, legend.x0, legend.x1, legend.y0, legend.y1,
                      room->x0, room->x1, room->y0, room->y1);
      g_assert_true (box_within (&drawn, room));
      /* As big as the room allows: 92 % of it one way. */
      g_assert_true ((drawn.x1 - drawn.x0) > (room->x1 - room->x0) * 0.9 ||
                     (drawn.y1 - drawn.y0) > (room->y1 - room->y0) * 0.9);
      g_assert_cmpfloat (fabs ((drawn.x0 + drawn.x1) / 2 - (room->x0 + room->x1) / 2), <=, 1.5);
      g_assert_cmpfloat (fabs ((drawn.y0 + drawn.y1) / 2 - (room->y0 + room->y1) / 2), <=, 1.5);
      cairo_surface_destroy (s);
    }
  gb_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_test_add_func ("/map-export/centred", test_centred);
  return g_test_run ();
}
