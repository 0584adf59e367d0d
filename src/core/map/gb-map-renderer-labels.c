/* gb-map-renderer-labels.c — the names of provinces, districts and communes, by scale
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A frame names one administrative level, the finest whose units are wide enough on screen for
 * a name (the median of those in view, against five times the name's size): the provinces of
 * the whole country, the districts of a province, the communes once zoomed in. Then, where room
 * is left, the communes that matter (level 3 and 4, declared) and those that hold their name.
 * Names never overlap: each is placed only where it clashes with none placed before, the
 * larger units first. The levels are those of the date shown: after the 2025 reform there are
 * no districts, and the provinces are the 34 merged ones.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gb-draw.h"
#include "gb-map-renderer-private.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A premultiplied image over the pixels (OVER), its corner at x, y. */
static void
composite_image (const GbMapPixels *px,
                 cairo_surface_t   *image,
                 int                x,
                 int                y)
{
  const guint8 *m = cairo_image_surface_get_data (image);
  int ms = cairo_image_surface_get_stride (image);
  int x0 = MAX (x, px->t.x0), x1 = MIN (x + cairo_image_surface_get_width (image), px->t.x1);
  int y0 = MAX (y, px->t.y0), y1 = MIN (y + cairo_image_surface_get_height (image), px->t.y1);

  for (int yy = y0; yy < y1; yy++)
    {
      const guint32 *srow = (const guint32 *) (m + (gsize) (yy - y) * ms) - x;
      guint32 *row = (guint32 *) (px->t.data + (gsize) yy * px->t.stride);

      int xx = x0;

#ifdef __SSE2__
      /* Four pixels at a time, skipping the empty ones and copying the opaque ones as the
       * loop below does, the rest blended with the same rounding: the same pixels. */
      for (; xx + 4 <= x1; xx += 4)
        {
          __m128i s = _mm_loadu_si128 ((const __m128i *) (srow + xx));
          __m128i sa = _mm_and_si128 (s, _mm_set1_epi32 ((int) 0xff000000));
          __m128i zero = _mm_setzero_si128 (), d, inv, lo, hi;

          if (_mm_movemask_epi8 (_mm_cmpeq_epi32 (sa, zero)) == 0xffff)
            continue;
          if (_mm_movemask_epi8 (_mm_cmpeq_epi32 (sa, _mm_set1_epi32 ((int) 0xff000000))) == 0xffff)
            {
              _mm_storeu_si128 ((__m128i *) (row + xx), s);
              continue;
            }
          d = _mm_loadu_si128 ((const __m128i *) (row + xx));
          /* 255 − alpha in the four 16-bit channels of each pixel. */
          inv = _mm_sub_epi16 (_mm_set1_epi16 (255), _mm_srli_epi32 (s, 24));
          inv = _mm_shufflelo_epi16 (inv, _MM_SHUFFLE (2, 2, 0, 0));
          inv = _mm_shufflehi_epi16 (inv, _MM_SHUFFLE (2, 2, 0, 0));
          lo = _mm_mullo_epi16 (_mm_unpacklo_epi8 (d, zero), _mm_unpacklo_epi32 (inv, inv));
          hi = _mm_mullo_epi16 (_mm_unpackhi_epi8 (d, zero), _mm_unpackhi_epi32 (inv, inv));
          lo = _mm_add_epi16 (lo, _mm_set1_epi16 (0x80));
          hi = _mm_add_epi16 (hi, _mm_set1_epi16 (0x80));
          lo = _mm_srli_epi16 (_mm_add_epi16 (lo, _mm_srli_epi16 (lo, 8)), 8);
          hi = _mm_srli_epi16 (_mm_add_epi16 (hi, _mm_srli_epi16 (hi, 8)), 8);
          _mm_storeu_si128 ((__m128i *) (row + xx), _mm_add_epi8 (s, _mm_packus_epi16 (lo, hi)));
        }
#endif
      for (; xx < x1; xx++)
        {
          guint32 s = srow[xx], sa = s >> 24;

          if (sa == 0xff)
            row[xx] = s;
          else if (sa != 0)
            row[xx] = s + gb_map_scale_pixel (row[xx], 255 - sa);
        }
    }
}

static void
draw_label (cairo_t         *cr,
            const GbMapUnit *u,
            double           x,
            double           y,
            gboolean         dark)
{
  /* A light shadow under the text keeps it readable on every colour. */
  gb_draw_set_source_hex (cr, dark ? 0x111418 : 0xFFFFFF, 0.85);
  cairo_move_to (cr, x + 1, y + 1);
  pango_cairo_show_layout (cr, u->label);
  gb_draw_set_source_hex (cr, dark ? 0xF5F5F5 : 0x111418, 1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, u->label);
}

/* The name's layout, shaped and measured once. */
static void
ensure_label (GbMapUnit             *u,
              cairo_t               *cr,
              PangoFontDescription **font,
              double                 px)
{
  PangoRectangle logical;

  if (u->label != NULL)
    return;
  if (*font == NULL)
    *font = pango_font_description_from_string ("Sans");
  /* Read on a shared screen: districts 2 px larger than communes, provinces 3. */
  pango_font_description_set_absolute_size (*font, (u->level == GB_UNIT_LEVEL_PROVINCE ? px + 3 :
                                                    u->level == GB_UNIT_LEVEL_DISTRICT ? px + 2 : px) * PANGO_SCALE);
  pango_font_description_set_weight (*font, u->level != GB_UNIT_LEVEL_COMMUNE ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  u->label = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (u->label, *font);
  pango_layout_set_text (u->label, gb_map_unit_is_archipelago (u) ? u->name : u->shown_name, -1);
  pango_layout_get_pixel_extents (u->label, NULL, &logical);
  u->label_w = MAX (logical.width, 1);
  u->label_h = logical.height;
}

/* The name with its shadow drawn once into an image: a frame then only blends that image,
 * where showing the layout twice went through Pango and Cairo's glyph compositing for every
 * name. Names sit on whole pixels, so the image is what showing the layout there would draw. */
static cairo_surface_t *
ensure_label_image (GbMapUnit *u,
                    gboolean   dark)
{
  PangoRectangle logical;
  cairo_surface_t *big;
  cairo_t *icr;
  const guint8 *data;
  int pad, w, h, stride, x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;

  if (u->label_image != NULL && u->label_dark == dark)
    return u->label_image;
  g_clear_pointer (&u->label_image, cairo_surface_destroy);
  /* Pango's ink extents leave out some marks (the tilde over "Ỗ"): draw with room all around,
   * then keep the pixels actually drawn. */
  pango_layout_get_pixel_extents (u->label, NULL, &logical);
  pad = MAX (logical.height, 4);
  w = logical.width + 2 * pad;
  h = logical.height + 2 * pad;
  big = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  icr = cairo_create (big);
  draw_label (icr, u, pad - logical.x, pad - logical.y, dark);
  cairo_destroy (icr);
  cairo_surface_flush (big);
  data = cairo_image_surface_get_data (big);
  stride = cairo_image_surface_get_stride (big);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (((const guint32 *) (data + y * stride))[x] != 0)
        {
          x0 = MIN (x0, x); y0 = MIN (y0, y);
          x1 = MAX (x1, x); y1 = MAX (y1, y);
        }
  if (x1 < 0)
    x0 = y0 = x1 = y1 = 0;
  u->label_mx = x0 - (pad - logical.x);
  u->label_my = y0 - (pad - logical.y);
  u->label_dark = dark;
  u->label_image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, x1 - x0 + 1, y1 - y0 + 1);
  for (int y = y0; y <= y1; y++)
    memcpy (cairo_image_surface_get_data (u->label_image) + (y - y0) * cairo_image_surface_get_stride (u->label_image),
            data + y * stride + 4 * x0, 4 * (x1 - x0 + 1));
  cairo_surface_mark_dirty (u->label_image);
  cairo_surface_destroy (big);
  return u->label_image;
}

/* Puts @u's name with its corner at x, y unless it clashes with a name placed before. */
static gboolean
try_place (GbMapRenderer     *self,
           cairo_t           *cr,
           const GbMapFrame  *f,
           const GbMapPixels *px,
           GbMapUnit         *u,
           double             x,
           double             y)
{
  GArray *placed = self->placed;
  double r[4] = { x - 2, y - 1, x + u->label_w + 2, y + u->label_h + 1 };

  if (r[2] < 0 || r[0] > 2 * f->hw || r[3] < 0 || r[1] > 2 * f->hh)
    return FALSE;
  for (guint j = 0; j < placed->len; j++)
    {
      const double *o = &g_array_index (placed, double, 4 * j);

      if (r[0] < o[2] && o[0] < r[2] && r[1] < o[3] && o[1] < r[3])
        return FALSE;
    }
  g_array_append_vals (placed, r, 1);
  g_ptr_array_add (self->placed_codes, (gpointer) u->shown_code);
  g_array_append_vals (self->placed_levels, &(guint8) { u->level }, 1);
  if (px)
    {
      GbMapLabelAt at;

      at.image = ensure_label_image (u, self->dark);   /* sets label_mx, label_my */
      at.x = (int) lround (x + px->ox - f->hw) + u->label_mx;
      at.y = (int) lround (y + px->oy - f->hh) + u->label_my;
      g_array_append_val (self->label_at, at);
    }
  else
    draw_label (cr, u, x, y, self->dark);
  return TRUE;
}

/* The archipelagos are named at every zoom, first, however few pixels their islands take, and
 * always by the names maps published in Việt Nam give them ("Quần đảo Hoàng Sa (Đà Nẵng)"),
 * whatever unit holds them on the date. */
static void
place_archipelagos (GbMapRenderer     *self,
                    cairo_t           *cr,
                    const GbMapFrame  *f,
                    const GbMapPixels *px,
                    PangoFontDescription **font)
{
  for (guint k = 0; k < self->visible->len; k++)
    {
      GbMapUnit *u = &g_array_index (self->units, GbMapUnit, g_array_index (self->visible, guint, k));
      double cx, top, bottom;

      if (!gb_map_unit_is_archipelago (u) || u->name == NULL)
        continue;
      ensure_label (u, cr, font, self->label_px);
      cx = ((u->x0 + u->x1) / 2 - f->cx) * f->scale + f->hw;
      top = (u->y0 - f->cy) * f->scale + f->hh;
      bottom = (u->y1 - f->cy) * f->scale + f->hh;
      /* Under the islands, else over them, else across them. */
      if (!try_place (self, cr, f, px, u, round (cx - u->label_w / 2.0), round (bottom + 3)) &&
          !try_place (self, cr, f, px, u, round (cx - u->label_w / 2.0), round (top - 3 - u->label_h)))
        try_place (self, cr, f, px, u, round (cx - u->label_w / 2.0), round ((top + bottom - u->label_h) / 2));
    }
}

/* The name of an area, as maps print it: "Tỉnh " left out, "Thành phố " as "TP. ". */
static char *
area_name (GbUnitLevel  level,
           const char  *name)
{
  if (level == GB_UNIT_LEVEL_PROVINCE && g_str_has_prefix (name, "Tỉnh "))
    return g_strdup (name + strlen ("Tỉnh "));
  if (level == GB_UNIT_LEVEL_PROVINCE && g_str_has_prefix (name, "Thành phố "))
    return g_strconcat ("TP. ", name + strlen ("Thành phố "), NULL);
  return g_strdup (name);
}

static void
clear_area (gpointer p)
{
  GbMapUnit *u = p;

  g_free (u->code);
  g_free (u->name);
  g_clear_object (&u->label);
  g_clear_pointer (&u->label_image, cairo_surface_destroy);
}

/* The area @code (@level) of the date, its entry kept across dates so that its shaped name is
 * too while the name stays the same. */
static guint
find_area (GbMapRenderer *self,
           const char    *code,
           GbUnitLevel    level,
           const char    *name)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (self->areas_index, code));
  g_autofree char *text = area_name (level, name);
  GbMapUnit *a;

  if (i == 0)
    {
      GbMapUnit fresh = { 0 };

      fresh.code = g_strdup (code);
      g_array_append_val (self->areas, fresh);
      i = self->areas->len;
      g_hash_table_insert (self->areas_index, g_array_index (self->areas, GbMapUnit, i - 1).code, GUINT_TO_POINTER (i));
    }
  a = &g_array_index (self->areas, GbMapUnit, i - 1);
  if (g_strcmp0 (a->name, text) != 0 || a->level != level)
    {
      g_free (a->name);
      a->name = g_steal_pointer (&text);
      g_clear_object (&a->label);
      g_clear_pointer (&a->label_image, cairo_surface_destroy);
      a->label_w = a->label_h = 0;
    }
  a->level = level;
  a->shown_code = a->code;
  a->shown_name = a->name;
  return i - 1;
}

/* @code's level, parent and name on the date shown (as itself without a date). */
static gboolean
unit_on_date (GbMapRenderer  *self,
              const char     *code,
              GbUnitLevel    *level,
              const char    **parent,
              const char    **name)
{
  GbMapUnit *u;

  if (self->timeline != NULL)
    return gb_unit_timeline_get_on (self->timeline, code, self->date ? self->date : "0000-01-01", level, parent, name);
  if ((u = gb_map_renderer_find_unit (self, code)) == NULL)
    return FALSE;
  *level = u->level;
  *parent = u->parent;
  *name = u->name;
  return TRUE;
}

/* The district and province (indexes into areas, G_MAXUINT: none) of the communes under
 * @parent on the date: a district's, or after the reform a province's. */
static void
resolve_parent (GbMapRenderer *self,
                const char    *parent,
                guint          out[2])
{
  GbUnitLevel level;
  const char *up = NULL, *name = NULL, *province;

  out[0] = out[1] = G_MAXUINT;
  if (!unit_on_date (self, parent, &level, &up, &name) || name == NULL)
    return;
  if (level == GB_UNIT_LEVEL_PROVINCE)
    {
      out[1] = find_area (self, parent, level, name);
      return;
    }
  if (level != GB_UNIT_LEVEL_DISTRICT)
    return;
  out[0] = find_area (self, parent, level, name);
  province = up;
  if (province != NULL && unit_on_date (self, province, &level, &up, &name) && name != NULL &&
      level == GB_UNIT_LEVEL_PROVINCE)
    out[1] = find_area (self, province, level, name);
}

static int
by_size_desc (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const GbMapUnit *areas = data;
  const GbMapUnit *ua = &areas[*(const guint *) a], *ub = &areas[*(const guint *) b];
  double sa = (ua->x1 - ua->x0) * (ua->y1 - ua->y0), sb = (ub->x1 - ub->x0) * (ub->y1 - ub->y0);

  return sa > sb ? -1 : sa < sb ? 1 : strcmp (ua->code, ub->code);
}

/* The provinces and districts of the date from their communes: bounds, and where the name goes,
 * at the name point of the commune nearest the middle of them weighed by size (a point inside
 * the area, where the middle of its box may be another's or the sea). About 2 ms for the
 * country's 11,000 communes, once after the units of the date change. */
static void
update_areas (GbMapRenderer *self)
{
  g_autoptr(GHashTable) parents = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree double *sums = NULL;
  g_autofree guint *which = g_new (guint, 2 * MAX (self->units->len, 1));
  guint n;

  if (self->areas == NULL)
    {
      self->areas = g_array_new (FALSE, TRUE, sizeof (GbMapUnit));
      g_array_set_clear_func (self->areas, clear_area);
      self->areas_index = g_hash_table_new (g_str_hash, g_str_equal);
      self->areas_order = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  for (guint a = 0; a < self->areas->len; a++)
    g_array_index (self->areas, GbMapUnit, a).shown_code = NULL;
  for (guint i = 0; i < self->units->len; i++)
    {
      const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);
      guint *up;

      which[2 * i] = which[2 * i + 1] = G_MAXUINT;
      if (u->level != GB_UNIT_LEVEL_COMMUNE || u->shown_code == NULL || u->shown_parent == NULL || u->x1 < u->x0)
        continue;
      if ((up = g_hash_table_lookup (parents, u->shown_parent)) == NULL)
        {
          up = g_new (guint, 2);
          resolve_parent (self, u->shown_parent, up);
          g_hash_table_insert (parents, (gpointer) u->shown_parent, up);
        }
      which[2 * i] = up[0];
      which[2 * i + 1] = up[1];
    }
  n = self->areas->len;
  sums = g_new0 (double, 4 * MAX (n, 1));   /* x × w, y × w, w, best distance */
  for (guint a = 0; a < n; a++)
    {
      GbMapUnit *area = &g_array_index (self->areas, GbMapUnit, a);

      area->x0 = area->y0 = INFINITY;
      area->x1 = area->y1 = -INFINITY;
      sums[4 * a + 3] = INFINITY;
    }
  for (guint i = 0; i < self->units->len; i++)
    for (guint k = 0; k < 2; k++)
      if (which[2 * i + k] != G_MAXUINT)
        {
          const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);
          GbMapUnit *area = &g_array_index (self->areas, GbMapUnit, which[2 * i + k]);
          double *sum = &sums[4 * which[2 * i + k]], w = (u->x1 - u->x0) * (u->y1 - u->y0);

          area->x0 = MIN (area->x0, u->x0); area->y0 = MIN (area->y0, u->y0);
          area->x1 = MAX (area->x1, u->x1); area->y1 = MAX (area->y1, u->y1);
          sum[0] += u->lx * w;
          sum[1] += u->ly * w;
          sum[2] += w;
        }
  for (guint i = 0; i < self->units->len; i++)
    for (guint k = 0; k < 2; k++)
      if (which[2 * i + k] != G_MAXUINT)
        {
          const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);
          GbMapUnit *area = &g_array_index (self->areas, GbMapUnit, which[2 * i + k]);
          double *sum = &sums[4 * which[2 * i + k]];
          double mx = sum[2] > 0 ? sum[0] / sum[2] : (area->x0 + area->x1) / 2;
          double my = sum[2] > 0 ? sum[1] / sum[2] : (area->y0 + area->y1) / 2;
          double d = (u->lx - mx) * (u->lx - mx) + (u->ly - my) * (u->ly - my);

          if (d < sum[3])
            {
              sum[3] = d;
              area->lx = u->lx;
              area->ly = u->ly;
            }
        }
  g_array_set_size (self->areas_order, 0);
  for (guint a = 0; a < n; a++)
    if (g_array_index (self->areas, GbMapUnit, a).shown_code != NULL &&
        g_array_index (self->areas, GbMapUnit, a).x1 >= g_array_index (self->areas, GbMapUnit, a).x0)
      g_array_append_val (self->areas_order, a);
  g_array_sort_with_data (self->areas_order, by_size_desc, self->areas->data);
  self->areas_stale = FALSE;
}

static int
cmp_float (gconstpointer a,
           gconstpointer b)
{
  float fa = *(const float *) a, fb = *(const float *) b;

  return fa < fb ? -1 : fa > fb;
}

/* The median width in pixels of the units of @level in view (areas, or the communes), at most
 * about 250 of them sampled evenly (sorting the country's thousand took a tenth of a
 * millisecond a frame); 0 when none. */
static double
median_width (GbMapRenderer    *self,
              const GbMapFrame *f,
              GbUnitLevel       level)
{
  g_autoptr(GArray) w = g_array_new (FALSE, FALSE, sizeof (float));

  if (level == GB_UNIT_LEVEL_COMMUNE)
    {
      guint step = MAX (self->visible->len / 250, 1);

      for (guint k = 0; k < self->visible->len; k += step)
        {
          guint i = g_array_index (self->visible, guint, k);
          const GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);

          if (u->level == GB_UNIT_LEVEL_COMMUNE && u->group == i)
            g_array_append_vals (w, &(float) { (u->x1 - u->x0) * f->scale }, 1);
        }
    }
  else
    for (guint k = 0; k < self->areas_order->len; k++)
      {
        const GbMapUnit *a = &g_array_index (self->areas, GbMapUnit, g_array_index (self->areas_order, guint, k));

        if (a->level == level && gb_map_frame_shows (f, a))
          g_array_append_vals (w, &(float) { (a->x1 - a->x0) * f->scale }, 1);
      }
  if (w->len == 0)
    return 0;
  g_array_sort (w, cmp_float);
  return g_array_index (w, float, w->len / 2);
}

/* The level a frame names: the finest whose units in view are wide enough for a name. */
static GbUnitLevel
frame_level (GbMapRenderer    *self,
             const GbMapFrame *f)
{
  double wide = 5 * self->label_px;
  gboolean any_province = FALSE;

  if (median_width (self, f, GB_UNIT_LEVEL_COMMUNE) >= wide)
    return GB_UNIT_LEVEL_COMMUNE;
  if (median_width (self, f, GB_UNIT_LEVEL_DISTRICT) >= wide)
    return GB_UNIT_LEVEL_DISTRICT;
  for (guint k = 0; k < self->areas_order->len && !any_province; k++)
    any_province = g_array_index (self->areas, GbMapUnit, g_array_index (self->areas_order, guint, k)).level == GB_UNIT_LEVEL_PROVINCE;
  /* Without provinces (units not under one), the communes that matter and fit, as at a
   * district's scale. */
  return any_province ? GB_UNIT_LEVEL_PROVINCE : GB_UNIT_LEVEL_DISTRICT;
}

/* The provinces' or districts' names in view, the largest first, each at its name point, else
 * just above or below it. Districts narrower than half a name's room are left out. */
static void
place_areas (GbMapRenderer         *self,
             cairo_t               *cr,
             const GbMapFrame      *f,
             const GbMapPixels     *px,
             GbUnitLevel            level,
             PangoFontDescription **font)
{
  for (guint k = 0; k < self->areas_order->len; k++)
    {
      GbMapUnit *a = &g_array_index (self->areas, GbMapUnit, g_array_index (self->areas_order, guint, k));
      double cx, cy;

      if (a->level != level || !gb_map_frame_shows (f, a) ||
          (level == GB_UNIT_LEVEL_DISTRICT && (a->x1 - a->x0) * f->scale < 2.5 * self->label_px))
        continue;
      ensure_label (a, cr, font, self->label_px);
      cx = round ((a->lx - f->cx) * f->scale + f->hw - a->label_w / 2.0);
      cy = (a->ly - f->cy) * f->scale + f->hh - a->label_h / 2.0;
      if (!try_place (self, cr, f, px, a, cx, round (cy)) &&
          !try_place (self, cr, f, px, a, cx, round (cy - a->label_h)))
        try_place (self, cr, f, px, a, cx, round (cy + a->label_h));
    }
}

/* The communes' names: on pass 1 those that matter (level 3 or 4, or declared), inside when
 * they are big enough, else beside (a city's small wards are where the cases are, and must be
 * read), a bounded number of them; on pass 2 the others big enough to hold theirs. */
static void
place_communes (GbMapRenderer         *self,
                cairo_t               *cr,
                const GbMapFrame      *f,
                const GbMapPixels     *px,
                int                    pass,
                PangoFontDescription **font)
{
  double wide = 5 * self->label_px;
  guint beside = 0;

  for (guint k = 0; k < self->visible->len; k++)
    {
      guint i = g_array_index (self->visible, guint, k);
      GbMapUnit *u = &g_array_index (self->units, GbMapUnit, i);
      double bw = (u->x1 - u->x0) * f->scale, bh = (u->y1 - u->y0) * f->scale, cx, cy;
      gboolean urgent = (u->map_level & ~GB_LEVEL_DECLARED_FLAG) >= GB_LEVEL_3 || (u->map_level & GB_LEVEL_DECLARED_FLAG);

      /* A unit of the date is named once, on its largest piece. Beside-names only for units a
       * few pixels wide, and a bounded number of them. */
      if (u->shown_name == NULL || u->level != GB_UNIT_LEVEL_COMMUNE || u->group != i ||
          (pass == 1 && !urgent) || (pass == 2 && urgent) || (pass != 1 && bw < wide) || bw < 4 ||
          (pass == 1 && bw < wide && beside >= 32))
        continue;
      /* Shaping costs more than drawing: each name is laid out once and kept. */
      ensure_label (u, cr, font, self->label_px);
      cx = (u->lx - f->cx) * f->scale + f->hw;
      cy = (u->ly - f->cy) * f->scale + f->hh;
      if (bw >= wide && u->label_w <= bw * 0.9)
        try_place (self, cr, f, px, u, round (cx - u->label_w / 2.0), round (cy - u->label_h / 2.0));
      else if (pass == 1)
        {
          /* Beside its box: right, else left, else below. */
          double right = (u->x1 - f->cx) * f->scale + f->hw + 3, left = (u->x0 - f->cx) * f->scale + f->hw - 3;

          beside++;
          if (!try_place (self, cr, f, px, u, round (right), round (cy - u->label_h / 2.0)) &&
              !try_place (self, cr, f, px, u, round (left - u->label_w), round (cy - u->label_h / 2.0)))
            try_place (self, cr, f, px, u, round (cx - u->label_w / 2.0), round (cy + bh / 2 + 2));
        }
    }
}

/* Where the names go, each where it clashes with none placed before (see the top of this file):
 * the archipelagos first; the provinces alone at the country's scale; at a province's, its
 * districts, then the communes that matter and those that fit; zoomed in, the communes first
 * and the districts where room is left. On an image the names are only placed here (their
 * images drawn if need be, and listed in label_at for composite_labels()); anywhere else they
 * are drawn with Pango. Only on the thread that draws (Pango), and it touches no pixel of an
 * image, so it can run while another thread fills the polygons. */
void
gb_map_place_labels (GbMapRenderer     *self,
                     cairo_t           *cr,
                     const GbMapFrame  *f,
                     const GbMapPixels *px)
{
  PangoFontDescription *font = NULL;
  GbUnitLevel level;

  if (self->placed_levels == NULL)
    self->placed_levels = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_array_set_size (self->placed, 0);
  g_array_set_size (self->label_at, 0);
  g_ptr_array_set_size (self->placed_codes, 0);
  g_array_set_size (self->placed_levels, 0);
  if (self->areas == NULL || self->areas_stale)
    update_areas (self);
  place_archipelagos (self, cr, f, px, &font);
  level = frame_level (self, f);
  if (level == GB_UNIT_LEVEL_PROVINCE)
    place_areas (self, cr, f, px, GB_UNIT_LEVEL_PROVINCE, &font);
  else if (level == GB_UNIT_LEVEL_DISTRICT)
    {
      place_areas (self, cr, f, px, GB_UNIT_LEVEL_DISTRICT, &font);
      place_communes (self, cr, f, px, 1, &font);
      place_communes (self, cr, f, px, 2, &font);
    }
  else
    {
      place_communes (self, cr, f, px, 1, &font);
      place_communes (self, cr, f, px, 2, &font);
      place_areas (self, cr, f, px, GB_UNIT_LEVEL_DISTRICT, &font);
    }
  if (font)
    pango_font_description_free (font);
}

/* Every name shaped again (at a new size). */
void
gb_map_forget_label_shapes (GbMapRenderer *self)
{
  GArray *arrays[2] = { self->units, self->areas };

  for (guint k = 0; k < 2; k++)
    for (guint i = 0; arrays[k] != NULL && i < arrays[k]->len; i++)
      {
        GbMapUnit *u = &g_array_index (arrays[k], GbMapUnit, i);

        g_clear_object (&u->label);
        g_clear_pointer (&u->label_image, cairo_surface_destroy);
        u->label_w = u->label_h = 0;
      }
}

void
gb_map_clear_areas (GbMapRenderer *self)
{
  g_clear_pointer (&self->areas, g_array_unref);
  g_clear_pointer (&self->areas_index, g_hash_table_unref);
  g_clear_pointer (&self->areas_order, g_array_unref);
  g_clear_pointer (&self->placed_levels, g_array_unref);
}

/* The bounds of the province or district @code of the date, gathered from its communes. */
gboolean
gb_map_area_bounds (GbMapRenderer *self,
                    const char    *code,
                    double        *x0,
                    double        *y0,
                    double        *x1,
                    double        *y1)
{
  const GbMapUnit *a;
  guint i;

  if (self->areas == NULL || self->areas_stale)
    update_areas (self);
  i = GPOINTER_TO_UINT (g_hash_table_lookup (self->areas_index, code));
  a = i ? &g_array_index (self->areas, GbMapUnit, i - 1) : NULL;
  if (a == NULL || a->shown_code == NULL || a->x1 < a->x0)
    return FALSE;
  *x0 = a->x0; *y0 = a->y0; *x1 = a->x1; *y1 = a->y1;
  return TRUE;
}

/** gb_map_renderer_get_n_labels: Returns: how many names the last frame drawn placed */
guint
gb_map_renderer_get_n_labels (GbMapRenderer *self)
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), 0);
  return self->placed_codes->len;
}

/**
 * gb_map_renderer_get_label:
 * @i: below gb_map_renderer_get_n_labels()
 * @level: (out) (optional): the named unit's level
 * @box: (out caller-allocates) (optional): the name's box in the frame's pixels, x0, y0, x1, y1
 *
 * Returns: the code of the unit the last frame drawn named @i-th (for tests)
 */
const char *
gb_map_renderer_get_label (GbMapRenderer *self,
                           guint          i,
                           GbUnitLevel   *level,
                           double         box[4])
{
  g_return_val_if_fail (GB_IS_MAP_RENDERER (self), NULL);
  g_return_val_if_fail (i < self->placed_codes->len, NULL);

  if (level)
    *level = g_array_index (self->placed_levels, guint8, i);
  if (box)
    memcpy (box, &g_array_index (self->placed, double, 4 * i), 4 * sizeof (double));
  return g_ptr_array_index (self->placed_codes, i);
}

/* The placed names over the pixels of @px's box. */
void
gb_map_composite_labels (GbMapRenderer     *self,
                         const GbMapPixels *px)
{
  for (guint k = 0; k < self->label_at->len; k++)
    {
      const GbMapLabelAt *at = &g_array_index (self->label_at, GbMapLabelAt, k);

      composite_image (px, at->image, at->x, at->y);
    }
}

/**
 * gb_map_renderer_draw_mark:
 * @text: a short value ("2→4")
 * @rgb: its colour, 0xRRGGBB
 * @size: the font size in pixels
 *
 * Writes @text at the centre of @code's bounds, bold with a white halo so it reads on any
 * fill: a shared screen shows values, not hover.
 */
void
gb_map_renderer_draw_mark (GbMapRenderer   *self,
                           cairo_t         *cr,
                           const GbMapView *view,
                           int              width,
                           int              height,
                           const char      *code,
                           const char      *text,
                           guint32          rgb,
                           double           size)
{
  double x0, y0, x1, y1, px, py;
  PangoLayout *layout;
  PangoFontDescription *font;
  int tw, th;

  g_return_if_fail (GB_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL && view != NULL && code != NULL && text != NULL);

  if (!gb_map_renderer_get_bounds (self, code, &x0, &y0, &x1, &y1))
    return;
  px = ((x0 + x1) / 2 - view->cx) * view->scale + width / 2.0;
  py = ((y0 + y1) / 2 - view->cy) * view->scale + height / 2.0;
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans Bold");
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_save (cr);
  cairo_move_to (cr, px - tw / 2.0, py - th / 2.0);
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, MAX (2.0, size / 4));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, px - tw / 2.0, py - th / 2.0);
  gb_draw_set_source_hex (cr, rgb, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  pango_font_description_free (font);
  g_object_unref (layout);
}
