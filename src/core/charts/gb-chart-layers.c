/* gb-chart-layers.c — the chart's data layers: columns, lines and areas, targets, the level strip
 * and the directive markers, each drawn over the frame the chart computed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gb-chart-private.h"
#include "gb-draw.h"
#include "gb-error.h"
#include "gb-file.h"
#include "gb-text.h"

/* Layers */

/* Columns on whole pixels: crisp edges, and Cairo fills pixel-aligned boxes without
 * anti-aliasing work, which keeps years of daily columns cheap. */
static void
snapped_rect (cairo_t *cr,
              double   x0,
              double   y0,
              double   x1,
              double   y1)
{
  double l = round (x0), r = round (x1), t = round (y0), b = round (y1);

  if (r <= l)
    r = l + 1;
  if (b <= t)
    {
      /* A value too small for a pixel still shows as one, so a non-zero day is visible. */
      if (y1 - y0 < 0.05)
        return;
      t = b - 1;
    }
  cairo_rectangle (cr, l, t, r - l, b - t);
}

void
gb_chart_draw_columns (GbChart *self,
                       Frame   *f,
                       Layer   *l,
                       cairo_t *cr)
{
  GbChartData *d = g_ptr_array_index (self->units, l->unit);
  const GbScale *ys = l->secondary ? &f->ys2 : &f->ys;
  guint32 first, first2 = 0;
  guint n, n2 = 0;
  const double *v = gb_chart_series_values (d, l->series, &first, &n);
  const double *v2 = l->stacked ? gb_chart_series_values (d, l->series2, &first2, &n2) : NULL;
  double k = gb_chart_scale_factor (self, d, l->series);
  double day_w = f->w / (double) (f->last - f->first + 1);
  double gap = day_w > 4 ? MIN (day_w * 0.15, 2.0) : 0;
  double y0 = ys->log ? f->y + f->h : gb_scale_map (ys, 0);
  guint32 lo = MAX (f->first, first), hi = MIN (f->last, first + n - 1);

  if (isnan (k) || n == 0 || lo > hi)
    return;
  /* One path a colour, one fill: the draw stays cheap for years of days. */
  for (guint32 day = lo; day <= hi; day++)
    {
      double x = v[day - first] * k;
      double px, top;

      if (isnan (x) || x <= 0)
        continue;
      px = gb_scale_map (&f->xs, day);
      top = gb_scale_map (ys, x);
      snapped_rect (cr, px + gap / 2, top, px + gap / 2 + MAX (day_w - gap, 1.0), y0);
    }
  gb_draw_set_source_hex (cr, l->color, l->secondary ? 0.8 : 1);
  cairo_fill (cr);
  if (v2 == NULL)
    return;
  for (guint32 day = lo; day <= hi; day++)
    {
      double a = v[day - first], b;
      double px, bottom, top;

      if (day < first2 || day >= first2 + n2)
        continue;
      b = v2[day - first2];
      if (isnan (b) || b <= 0)
        continue;
      a = isnan (a) ? 0 : a;
      px = gb_scale_map (&f->xs, day);
      bottom = a > 0 ? gb_scale_map (ys, a * k) : y0;
      top = gb_scale_map (ys, (a + b) * k);
      snapped_rect (cr, px + gap / 2, top, px + gap / 2 + MAX (day_w - gap, 1.0), bottom);
    }
  gb_draw_set_source_hex (cr, l->color2, 1);
  cairo_fill (cr);
}

/* A polyline through the day centers; it breaks where reports are missing for longer than
 * the layer bridges, so a gap never reads as a zero. */
static void
trace_line (GbChart *self,
            Frame   *f,
            Layer   *l,
            cairo_t *cr,
            gboolean close_area)
{
  GbChartData *d = g_ptr_array_index (self->units, l->unit);
  const GbScale *ys = l->secondary ? &f->ys2 : &f->ys;
  guint32 first;
  guint n;
  const double *v = gb_chart_series_values (d, l->series, &first, &n);
  double k = gb_chart_scale_factor (self, d, l->series);
  double half = f->w / (double) (f->last - f->first + 1) / 2;
  guint32 lo, hi, last_day = 0;
  double start_x = 0, last_x = 0;
  gboolean open = FALSE;
  double y0 = f->y + f->h;

  if (isnan (k) || n == 0)
    return;
  /* Start a little before the view so the line enters from the edge. */
  lo = MAX (first, f->first > (guint32) l->max_gap ? f->first - l->max_gap : f->first);
  hi = MIN (first + n - 1, f->last + l->max_gap);
  for (guint32 day = lo; day <= hi; day++)
    {
      double x = v[day - first] * k;
      double px, py;

      if (isnan (x) || (ys->log && x <= 0))
        continue;
      px = gb_scale_map (&f->xs, day) + half;
      py = gb_scale_map (ys, x);
      if (open && day - last_day > (guint32) MAX (1, l->max_gap))
        {
          if (close_area)
            {
              cairo_line_to (cr, last_x, y0);
              cairo_line_to (cr, start_x, y0);
              cairo_close_path (cr);
            }
          open = FALSE;
        }
      if (!open)
        {
          cairo_move_to (cr, px, py);
          start_x = px;
          open = TRUE;
        }
      else
        cairo_line_to (cr, px, py);
      last_day = day;
      last_x = px;
    }
  if (open && close_area)
    {
      cairo_line_to (cr, last_x, y0);
      cairo_line_to (cr, start_x, y0);
      cairo_close_path (cr);
    }
}

void
gb_chart_draw_line (GbChart *self,
                    Frame   *f,
                    Layer   *l,
                    cairo_t *cr,
                    double   base)
{
  if (self->dark && l->color == COLOR_AVG)
    l->color = COLOR_AVG_DARK;
  if (l->kind == LAYER_AREA)
    {
      trace_line (self, f, l, cr, TRUE);
      gb_draw_set_source_hex (cr, l->color, 0.18);
      cairo_fill (cr);
    }
  trace_line (self, f, l, cr, FALSE);
  gb_draw_set_source_hex (cr, l->color, 1);
  cairo_set_line_width (cr, MAX (2.0, base / 6));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

void
gb_chart_draw_target (GbChart *self,
                      Frame   *f,
                      Layer   *l,
                      cairo_t *cr,
                      Text    *t,
                      double   base)
{
  double y = round (gb_scale_map (&f->ys, l->value)) + 0.5;
  double dash[] = { base * 0.6, base * 0.4 };

  gb_draw_set_source_hex (cr, l->color, 0.9);
  cairo_set_line_width (cr, MAX (1.5, base / 8));
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, f->x, y);
  cairo_line_to (cr, f->x + f->w, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  gb_chart_text_show (t, t->small, l->label, f->x + f->w - base * 0.3, y - base * 1.3, 1, l->color);
}

void
gb_chart_draw_levels_strip (GbChart *self,
                            Frame   *f,
                            cairo_t *cr,
                            double   base)
{
  double y = f->y + f->h + base * 0.25, h = base * 0.7;
  guint32 lo, hi;

  if (self->levels == NULL || self->units->len != 1)
    return;
  lo = MAX (f->first, self->levels_first);
  hi = MIN (f->last, self->levels_first + self->levels_n - 1);
  for (int level = GB_LEVEL_1; level <= GB_LEVEL_4; level++)
    {
      gboolean any = FALSE;

      for (guint32 day = lo; day <= hi && self->levels_n > 0; day++)
        {
          guint32 run = day;

          if (self->levels[day - self->levels_first] != level)
            continue;
          while (run + 1 <= hi && self->levels[run + 1 - self->levels_first] == level)
            run++;
          cairo_rectangle (cr, gb_scale_map (&f->xs, day), y,
                           gb_scale_map (&f->xs, run + 1) - gb_scale_map (&f->xs, day), h);
          any = TRUE;
          day = run;
        }
      if (any)
        {
          gb_draw_set_source_hex (cr, gb_level_get_color (level), 1);
          cairo_fill (cr);
        }
    }
}

/* A repeating diagonal hatch: the same on screen and in PNG, SVG and PDF. */
static cairo_pattern_t *
hatch_pattern (guint32 color, double base)
{
  int size = MAX (6, (int) round (base * 0.6));
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *tc = cairo_create (tile);
  cairo_pattern_t *pattern;

  gb_draw_set_source_hex (tc, color, 0.55);
  cairo_set_line_width (tc, MAX (1.0, size / 6.0));
  /* The diagonal and its two corner ends, so the tiles join into continuous lines. */
  cairo_move_to (tc, 0, size);
  cairo_line_to (tc, size, 0);
  cairo_move_to (tc, -1, 1);
  cairo_line_to (tc, 1, -1);
  cairo_move_to (tc, size - 1, size + 1);
  cairo_line_to (tc, size + 1, size - 1);
  cairo_stroke (tc);
  cairo_destroy (tc);
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_surface_destroy (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  return pattern;
}

/* The last days whose reporting is incomplete: hatched over the data and labelled, so a dip
 * there reads as reports still coming in, not as a fall. */
void
gb_chart_draw_incomplete (GbChart *self,
                          Frame   *f,
                          cairo_t *cr,
                          Text    *t,
                          double   base)
{
  double day_w = f->w / (double) (f->last - f->first + 1);
  double left = G_MAXDOUBLE, right = -G_MAXDOUBLE, w;
  cairo_pattern_t *pattern;
  const char *label;

  /* Completeness is measured on the case reports; vaccination comes by its own reports. */
  if (self->kind != GB_CHART_CASES)
    return;
  for (guint u = 0; u < self->units->len; u++)
    {
      GbChartData *d = g_ptr_array_index (self->units, u);

      for (guint i = 0; i < d->n_incomplete; i++)
        {
          double x;

          if (d->incomplete[i] < f->first || d->incomplete[i] > f->last)
            continue;
          x = gb_scale_map (&f->xs, d->incomplete[i]);
          cairo_rectangle (cr, x, f->y, day_w, f->h);
          left = MIN (left, x);
          right = MAX (right, x + day_w);
        }
    }
  if (left > right)
    return;
  pattern = hatch_pattern (t->muted, base);
  cairo_set_source (cr, pattern);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
  label = _("Incomplete");
  gb_chart_text_measure (t, t->small, label, &w, NULL);
  gb_draw_set_source_hex (cr, self->dark ? 0x18181B : 0xFFFFFF, 0.85);
  cairo_rectangle (cr, MAX (f->x, right - w - base * 0.4), f->y + base * 0.2, w + base * 0.4, base * 1.1);
  cairo_fill (cr);
  gb_chart_text_show (t, t->small, label, MAX (f->x + base * 0.2, right - base * 0.2), f->y + base * 0.25, 1, t->fg);
}

void
gb_chart_draw_markers (GbChart *self,
                       Frame   *f,
                       cairo_t *cr,
                       Text    *t,
                       double   base)
{
  double last_label_end = -1;

  if (self->markers == NULL)
    return;
  /* Solid and light rather than dashed: as readable, and far cheaper to rasterize. */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < self->markers->len; i++)
    {
      GbChartMarker *m = g_ptr_array_index (self->markers, i);
      double x;

      if (m->day < f->first || m->day > f->last)
        continue;
      x = round (gb_scale_map (&f->xs, m->day) + (f->w / (double) (f->last - f->first + 1)) / 2) + 0.5;
      cairo_move_to (cr, x, f->y - base * 0.2);
      cairo_line_to (cr, x, f->y + f->h);
    }
  gb_draw_set_source_hex (cr, t->muted, 0.45);
  cairo_stroke (cr);
  /* Labels left to right, skipping those that would overlap the one before. */
  for (guint i = 0; i < self->markers->len; i++)
    {
      GbChartMarker *m = g_ptr_array_index (self->markers, i);
      double x, w;

      if (m->day < f->first || m->day > f->last || m->number == NULL || *m->number == '\0')
        continue;
      x = gb_scale_map (&f->xs, m->day) + (f->w / (double) (f->last - f->first + 1)) / 2;
      gb_chart_text_measure (t, t->small, m->number, &w, NULL);
      if (x - w / 2 < last_label_end + base * 0.3)
        continue;
      x = CLAMP (x, f->x + w / 2, f->x + f->w - w / 2);
      gb_chart_text_show (t, t->small, m->number, x, f->y - base * 1.35, 0.5, t->muted);
      last_label_end = x + w / 2;
    }
}

guint8 *
gb_chart_compute_levels (GbLevelEngine *engine,
                         const char    *unit_code,
                         guint32        first_day,
                         guint32        last_day)
{
  guint n = last_day >= first_day ? last_day - first_day + 1 : 0;
  guint8 *levels = g_malloc (MAX (n, 1));

  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (engine), NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  memset (levels, GB_CHART_NO_LEVEL, MAX (n, 1));
  /* Assess on the last day and every 7 days before; each holds for its week. */
  for (gint64 day = last_day; n > 0 && day >= (gint64) first_day; day -= 7)
    {
      g_autofree char *iso = gb_day_to_iso ((guint32) day);
      g_autoptr(GbLevelResult) r = gb_level_engine_compute_unit (engine, unit_code, iso, NULL);
      guint8 level = r ? (guint8) r->effective : GB_CHART_NO_LEVEL;

      if (level == GB_LEVEL_NO_DATA)
        level = GB_CHART_NO_LEVEL;
      for (gint64 d = day; d > day - 7 && d >= (gint64) first_day; d--)
        levels[d - first_day] = level;
    }
  return levels;
}
