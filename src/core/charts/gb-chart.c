/* gb-chart.c — case and vaccination charts: layers over one time axis, drawn with Cairo
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart is a list of layers (columns, line, area, horizontal target, level strip, markers,
 * hover) sharing one frame: the plot rectangle, the time scale and the value scale. The
 * layers are rebuilt when the units or options change; drawing walks them.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gb-chart.h"
#include "gb-chart-scale.h"
#include "gb-draw.h"
#include "gb-error.h"
#include "gb-file.h"
#include "gb-text.h"

typedef enum
{
  SERIES_COMMUNITY,
  SERIES_QUARANTINE,
  SERIES_AVG7,
  SERIES_CUMULATIVE,
  SERIES_DOSE1_18,
  SERIES_FULL_18,
  SERIES_FULL_65,
  SERIES_DOSES,
} SeriesKind;

typedef enum
{
  LAYER_COLUMNS,     /* stacked: series, then series2 on top */
  LAYER_LINE,
  LAYER_AREA,        /* a line with the area under it lightly filled */
  LAYER_TARGET,      /* a horizontal dashed line at a value */
} LayerKind;

typedef struct
{
  LayerKind   kind;
  guint       unit;
  SeriesKind  series;
  SeriesKind  series2;
  gboolean    stacked;
  gboolean    secondary;   /* on the right axis (doses a day) */
  guint32     color;
  guint32     color2;
  double      value;       /* LAYER_TARGET */
  char       *label;       /* legend; NULL for none */
  int         max_gap;     /* days a line bridges over missing reports */
} Layer;

typedef struct
{
  double  x, y, w, h;      /* the plot */
  guint32 first, last;     /* days shown */
  GbScale xs, ys, ys2;
  double  y_step, y2_step;
  gboolean has_secondary;
} Frame;

struct _GbChart
{
  GObject      parent_instance;

  GbChartKind  kind;
  GPtrArray   *units;        /* GbChartData */
  GPtrArray   *markers;      /* GbChartMarker, nullable */
  guint8      *levels;
  guint32      levels_first;
  guint        levels_n;
  double       target_dose1_18;
  double       target_full_65;
  char        *title;

  gboolean     per_100k;
  gboolean     cumulative;
  gboolean     log;
  gboolean     dark;
  double       font_scale;

  guint32      view_first, view_last;   /* 0, 0: everything */
  guint32      hover_day;
  guint32      current_day;

  GArray      *layers;       /* Layer */
  gboolean     layers_dirty;
  Frame        frame;        /* as last drawn */
  gboolean     frame_valid;
  guint        legend_count;   /* the series named in the last drawn legend */
  gboolean     exporting;      /* drawing a file: its caption names units, period and source */
};

G_DEFINE_FINAL_TYPE (GbChart, gb_chart, G_TYPE_OBJECT)

/* Colour-blind safe palette (Okabe–Ito), darkened where it would vanish on white. */
static const guint32 palette[GB_CHART_MAX_UNITS] = {
  0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0x8C6D1F, 0x56B4E9, 0x555555, 0xE69F00,
};

#define COLOR_COMMUNITY 0xC2410C
#define COLOR_QUARANTINE 0x94A3B8
#define COLOR_AVG 0x1F2937
#define COLOR_AVG_DARK 0xF3F4F6
#define COLOR_DOSES 0xCBD5E1

static void
layer_clear (gpointer data)
{
  g_free (((Layer *) data)->label);
}

static void
gb_chart_finalize (GObject *object)
{
  GbChart *self = GB_CHART (object);

  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->markers, g_ptr_array_unref);
  g_clear_pointer (&self->levels, g_free);
  g_clear_pointer (&self->layers, g_array_unref);
  g_clear_pointer (&self->title, g_free);
  G_OBJECT_CLASS (gb_chart_parent_class)->finalize (object);
}

static void
gb_chart_class_init (GbChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_chart_finalize;
}

static void
gb_chart_init (GbChart *self)
{
  self->units = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_chart_data_free);
  self->layers = g_array_new (FALSE, TRUE, sizeof (Layer));
  g_array_set_clear_func (self->layers, layer_clear);
  self->target_dose1_18 = NAN;
  self->target_full_65 = NAN;
  self->layers_dirty = TRUE;
  self->font_scale = 1.0;
}

GbChart *
gb_chart_new (GbChartKind kind)
{
  GbChart *self = g_object_new (GB_TYPE_CHART, NULL);

  self->kind = kind;
  return self;
}

GbChartKind
gb_chart_get_kind (GbChart *self)
{
  return self->kind;
}

gboolean
gb_chart_add_unit (GbChart     *self,
                   GbChartData *data)
{
  g_return_val_if_fail (GB_IS_CHART (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (self->units->len >= GB_CHART_MAX_UNITS)
    {
      gb_chart_data_free (data);
      return FALSE;
    }
  g_ptr_array_add (self->units, data);
  self->layers_dirty = TRUE;
  return TRUE;
}

void
gb_chart_clear_units (GbChart *self)
{
  g_return_if_fail (GB_IS_CHART (self));
  g_ptr_array_set_size (self->units, 0);
  self->layers_dirty = TRUE;
}

guint
gb_chart_get_n_units (GbChart *self)
{
  return self->units->len;
}

void
gb_chart_set_markers (GbChart   *self,
                      GPtrArray *markers)
{
  g_clear_pointer (&self->markers, g_ptr_array_unref);
  if (markers)
    self->markers = g_ptr_array_ref (markers);
}

void
gb_chart_set_levels (GbChart      *self,
                     guint32       first_day,
                     guint         n_days,
                     const guint8 *levels)
{
  g_clear_pointer (&self->levels, g_free);
  self->levels_first = first_day;
  self->levels_n = levels ? n_days : 0;
  if (levels && n_days)
    self->levels = g_memdup2 (levels, n_days);
}

void
gb_chart_set_targets (GbChart *self,
                      double   dose1_18,
                      double   full_65)
{
  self->target_dose1_18 = dose1_18;
  self->target_full_65 = full_65;
  self->layers_dirty = TRUE;
}

void
gb_chart_set_per_100k (GbChart  *self,
                       gboolean  per_100k)
{
  self->per_100k = per_100k;
  self->layers_dirty = TRUE;
}

void
gb_chart_set_cumulative (GbChart  *self,
                         gboolean  cumulative)
{
  self->cumulative = cumulative;
  self->layers_dirty = TRUE;
}

void
gb_chart_set_log (GbChart  *self,
                  gboolean  log)
{
  self->log = log;
}

void
gb_chart_set_dark (GbChart  *self,
                   gboolean  dark)
{
  self->dark = dark;
}

void
gb_chart_set_font_scale (GbChart *self,
                         double   scale)
{
  self->font_scale = CLAMP (scale, 0.5, 3.0);
}

void
gb_chart_set_title (GbChart    *self,
                    const char *title)
{
  g_free (self->title);
  self->title = g_strdup (title);
}

gboolean
gb_chart_get_extent (GbChart *self,
                     guint32 *first_day,
                     guint32 *last_day)
{
  guint32 first = G_MAXUINT32, last = 0;

  for (guint i = 0; i < self->units->len; i++)
    {
      GbChartData *d = g_ptr_array_index (self->units, i);
      guint32 f = self->kind == GB_CHART_CASES ? d->first_day : d->vacc_first_day;
      guint n = self->kind == GB_CHART_CASES ? d->n_days : d->vacc_n_days;

      if (n == 0)
        continue;
      first = MIN (first, f);
      last = MAX (last, f + n - 1);
    }
  if (last == 0)
    return FALSE;
  if (first_day)
    *first_day = first;
  if (last_day)
    *last_day = last;
  return TRUE;
}

void
gb_chart_set_view (GbChart *self,
                   guint32  first_day,
                   guint32  last_day)
{
  if (last_day < first_day)
    {
      guint32 t = first_day;
      first_day = last_day;
      last_day = t;
    }
  self->view_first = first_day;
  self->view_last = last_day;
}

gboolean
gb_chart_get_view (GbChart *self,
                   guint32 *first_day,
                   guint32 *last_day)
{
  guint32 f, l;

  if (self->view_first != 0 && self->view_last != 0)
    {
      f = self->view_first;
      l = self->view_last;
    }
  else if (!gb_chart_get_extent (self, &f, &l))
    return FALSE;
  if (first_day)
    *first_day = f;
  if (last_day)
    *last_day = l;
  return TRUE;
}

/* Series access */

static const double *
series_values (GbChartData *d,
               SeriesKind   kind,
               guint32     *first,
               guint       *n)
{
  gboolean vacc = kind >= SERIES_DOSE1_18;

  *first = vacc ? d->vacc_first_day : d->first_day;
  *n = vacc ? d->vacc_n_days : d->n_days;
  switch (kind)
    {
    case SERIES_COMMUNITY: return d->community;
    case SERIES_QUARANTINE: return d->quarantine;
    case SERIES_AVG7: return d->avg7;
    case SERIES_CUMULATIVE: return d->cumulative;
    case SERIES_DOSE1_18: return d->dose1_18;
    case SERIES_FULL_18: return d->full_18;
    case SERIES_FULL_65: return d->full_65;
    case SERIES_DOSES: return d->doses;
    default: return NULL;
    }
}

static gboolean
is_share (SeriesKind kind)
{
  return kind == SERIES_DOSE1_18 || kind == SERIES_FULL_18 || kind == SERIES_FULL_65;
}

/* Per 100,000 applies to case counts; shares are shown in %. */
static double
scale_factor (GbChart     *self,
              GbChartData *d,
              SeriesKind   kind)
{
  if (is_share (kind))
    return 100.0;
  if (self->per_100k && kind != SERIES_DOSES)
    return d->population > 0 ? 100000.0 / (double) d->population : NAN;
  return 1.0;
}

static double
value_at (GbChart     *self,
          GbChartData *d,
          SeriesKind   kind,
          guint32      day)
{
  guint32 first;
  guint n;
  const double *v = series_values (d, kind, &first, &n);

  if (v == NULL || day < first || day >= first + n)
    return NAN;
  return v[day - first] * scale_factor (self, d, kind);
}

static const char *
series_name (SeriesKind kind)
{
  switch (kind)
    {
    case SERIES_COMMUNITY: return _("In the community");
    case SERIES_QUARANTINE: return _("In quarantine");
    case SERIES_AVG7: return _("7-day average");
    case SERIES_CUMULATIVE: return _("Cumulative");
    case SERIES_DOSE1_18: return _("≥ 18, at least one dose");
    case SERIES_FULL_18: return _("≥ 18, fully vaccinated");
    case SERIES_FULL_65: return _("≥ 65, fully vaccinated");
    case SERIES_DOSES: return _("Doses a day");
    default: return "";
    }
}

static void
add_layer (GbChart    *self,
           Layer       layer,
           const char *label)
{
  layer.label = g_strdup (label);
  g_array_append_val (self->layers, layer);
}

static void
rebuild_layers (GbChart *self)
{
  gboolean compare = self->units->len > 1;

  g_array_set_size (self->layers, 0);
  for (guint u = 0; u < self->units->len; u++)
    {
      GbChartData *d = g_ptr_array_index (self->units, u);
      guint32 unit_color = palette[u % GB_CHART_MAX_UNITS];

      if (self->kind == GB_CHART_CASES)
        {
          if (compare)
            add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u,
                                       .series = self->cumulative ? SERIES_CUMULATIVE : SERIES_AVG7,
                                       .color = unit_color, .max_gap = 1 }, d->unit_name);
          else if (self->cumulative)
            add_layer (self, (Layer) { .kind = LAYER_AREA, .unit = u, .series = SERIES_CUMULATIVE,
                                       .color = unit_color, .max_gap = 1 }, series_name (SERIES_CUMULATIVE));
          else
            {
              add_layer (self, (Layer) { .kind = LAYER_COLUMNS, .unit = u, .series = SERIES_COMMUNITY,
                                         .series2 = SERIES_QUARANTINE, .stacked = TRUE,
                                         .color = COLOR_COMMUNITY, .color2 = COLOR_QUARANTINE },
                         NULL);
              add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u, .series = SERIES_AVG7,
                                         .color = COLOR_AVG, .max_gap = 1 }, series_name (SERIES_AVG7));
            }
        }
      else
        {
          if (compare)
            add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u, .series = SERIES_DOSE1_18,
                                       .color = unit_color, .max_gap = 14 }, d->unit_name);
          else
            {
              add_layer (self, (Layer) { .kind = LAYER_COLUMNS, .unit = u, .series = SERIES_DOSES,
                                         .secondary = TRUE, .color = COLOR_DOSES }, series_name (SERIES_DOSES));
              add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u, .series = SERIES_DOSE1_18,
                                         .color = palette[0], .max_gap = 14 }, series_name (SERIES_DOSE1_18));
              add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u, .series = SERIES_FULL_18,
                                         .color = palette[2], .max_gap = 14 }, series_name (SERIES_FULL_18));
              add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u, .series = SERIES_FULL_65,
                                         .color = palette[3], .max_gap = 14 }, series_name (SERIES_FULL_65));
            }
        }
    }
  if (self->kind == GB_CHART_VACCINATION && self->units->len > 0)
    {
      g_autofree char *t1 = NULL;
      g_autofree char *t2 = NULL;

      if (!isnan (self->target_dose1_18))
        {
          t1 = g_strdup_printf (_("Target %.0f %%"), self->target_dose1_18 * 100);
          add_layer (self, (Layer) { .kind = LAYER_TARGET, .value = self->target_dose1_18 * 100,
                                     .color = palette[0] }, t1);
        }
      if (!isnan (self->target_full_65) && !compare)
        {
          t2 = g_strdup_printf (_("Target ≥ 65: %.0f %%"), self->target_full_65 * 100);
          add_layer (self, (Layer) { .kind = LAYER_TARGET, .value = self->target_full_65 * 100,
                                     .color = palette[3] }, t2);
        }
    }
  self->layers_dirty = FALSE;
}

/* Text */

typedef struct
{
  cairo_t     *cr;
  PangoLayout *layout;
  PangoFontDescription *normal;
  PangoFontDescription *small;
  PangoFontDescription *bold;
  guint32      fg;
  guint32      muted;
} Text;

static void
text_init (Text    *t,
           cairo_t *cr,
           double   base,
           gboolean dark)
{
  t->cr = cr;
  t->layout = pango_cairo_create_layout (cr);
  t->normal = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (t->normal, base * PANGO_SCALE);
  t->small = pango_font_description_copy (t->normal);
  pango_font_description_set_absolute_size (t->small, base * 0.85 * PANGO_SCALE);
  t->bold = pango_font_description_copy (t->normal);
  pango_font_description_set_weight (t->bold, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (t->bold, base * 1.2 * PANGO_SCALE);
  t->fg = dark ? 0xF3F4F6 : 0x1F2328;
  t->muted = dark ? 0xA1A1AA : 0x57606A;
}

static void
text_clear (Text *t)
{
  g_object_unref (t->layout);
  pango_font_description_free (t->normal);
  pango_font_description_free (t->small);
  pango_font_description_free (t->bold);
}

/* Measures @s in @font; sets the layout for a following text_show(). */
static void
text_measure (Text                 *t,
              PangoFontDescription *font,
              const char           *s,
              double               *w,
              double               *h)
{
  PangoRectangle logical;

  pango_layout_set_font_description (t->layout, font);
  pango_layout_set_text (t->layout, s, -1);
  pango_layout_get_pixel_extents (t->layout, NULL, &logical);
  if (w)
    *w = logical.width;
  if (h)
    *h = logical.height;
}

/* Draws @s with its top-left, top-right (align 1) or top-center (0.5) at x, y. */
static void
text_show (Text                 *t,
           PangoFontDescription *font,
           const char           *s,
           double                x,
           double                y,
           double                align,
           guint32               color)
{
  double w, h;

  text_measure (t, font, s, &w, &h);
  gb_draw_set_source_hex (t->cr, color, 1);
  cairo_move_to (t->cr, round (x - align * w), round (y));
  pango_cairo_show_layout (t->cr, t->layout);
}

/* Frame */

static void
visible_max (GbChart *self,
             Frame   *f,
             gboolean secondary,
             double  *lo_pos,
             double  *hi)
{
  *hi = 0;
  *lo_pos = INFINITY;
  for (guint i = 0; i < self->layers->len; i++)
    {
      Layer *l = &g_array_index (self->layers, Layer, i);
      GbChartData *d;
      guint32 first;
      guint n;
      const double *v, *v2 = NULL;
      double k;

      if (l->secondary != secondary)
        continue;
      if (l->kind == LAYER_TARGET)
        {
          *hi = MAX (*hi, l->value);
          continue;
        }
      d = g_ptr_array_index (self->units, l->unit);
      v = series_values (d, l->series, &first, &n);
      if (l->stacked)
        {
          guint32 first2;
          guint n2;
          v2 = series_values (d, l->series2, &first2, &n2);
        }
      k = scale_factor (self, d, l->series);
      if (isnan (k))
        continue;
      for (guint32 day = MAX (f->first, first); day <= f->last && day < first + n; day++)
        {
          double x = v[day - first];

          if (isnan (x))
            continue;
          if (v2 && !isnan (v2[day - first]))
            x += v2[day - first];
          x *= k;
          if (x > *hi)
            *hi = x;
          if (x > 0 && x < *lo_pos)
            *lo_pos = x;
          /* Log columns stack from their base: the lower part needs room too. */
          if (v2 && v[day - first] > 0 && v[day - first] * k < *lo_pos)
            *lo_pos = v[day - first] * k;
        }
    }
}

static guint layout_legend (GbChart *self, cairo_t *cr, Text *t, double base, int width);

static void
compute_frame (GbChart *self,
               Text    *t,
               Frame   *f,
               int      width,
               int      height,
               double   base)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (double));
  double hi, lo_pos, nice_hi = 1, label_w = 0, w, h, top, bottom, right;
  gboolean share_axis = self->kind == GB_CHART_VACCINATION;

  visible_max (self, f, FALSE, &lo_pos, &hi);
  if (share_axis)
    hi = MAX (hi, 100);   /* shares: always the whole 0–100 % */

  top = base * 1.2 * 1.6 + base * 1.4 * layout_legend (self, NULL, t, base, width)
        + (self->markers && self->markers->len ? base * 1.3 : 0);
  bottom = base * 2.2 + (self->levels && self->units->len == 1 ? base * 1.1 : 0)
           + (self->exporting ? base * 1.5 : 0);
  f->h = MAX (10, height - top - bottom);

  if (self->log && !share_axis)
    {
      double lo = isfinite (lo_pos) ? pow (10, floor (log10 (lo_pos))) : 1;
      double top_v = hi > lo ? pow (10, ceil (log10 (hi))) : lo * 10;

      gb_scale_init (&f->ys, lo, top_v, 0, 0, TRUE);
      gb_ticks_log (lo, top_v, MAX (2, (guint) (f->h / (base * 2.2))), ticks);
      f->y_step = lo < 1 ? lo : 1;
    }
  else
    {
      f->y_step = gb_ticks_linear (0, hi, MAX (2, (guint) (f->h / (base * 3.5))), ticks, &nice_hi);
      gb_scale_init (&f->ys, 0, nice_hi, 0, 0, FALSE);
    }
  for (guint i = 0; i < ticks->len; i++)
    {
      g_autofree char *s = gb_format_tick (g_array_index (ticks, double, i), f->y_step);
      text_measure (t, t->small, s, &w, NULL);
      label_w = MAX (label_w, w);
    }

  f->has_secondary = FALSE;
  right = base;
  for (guint i = 0; i < self->layers->len; i++)
    if (g_array_index (self->layers, Layer, i).secondary)
      f->has_secondary = TRUE;
  if (f->has_secondary)
    {
      double hi2, lo2, nice_hi2 = 1;
      g_autoptr(GArray) ticks2 = g_array_new (FALSE, FALSE, sizeof (double));

      visible_max (self, f, TRUE, &lo2, &hi2);
      f->y2_step = gb_ticks_linear (0, hi2, MAX (2, (guint) (f->h / (base * 3.5))), ticks2, &nice_hi2);
      gb_scale_init (&f->ys2, 0, nice_hi2, 0, 0, FALSE);
      for (guint i = 0; i < ticks2->len; i++)
        {
          g_autofree char *s = gb_format_tick (g_array_index (ticks2, double, i), f->y2_step);
          text_measure (t, t->small, s, &w, NULL);
          right = MAX (right, w + base);
        }
    }

  f->x = label_w + base;
  f->y = top;
  f->w = MAX (10, width - f->x - right);
  gb_scale_init (&f->xs, f->first, f->last + 1, f->x, f->x + f->w, FALSE);
  f->ys.r0 = f->y + f->h;
  f->ys.r1 = f->y;
  f->ys2.r0 = f->y + f->h;
  f->ys2.r1 = f->y;
  (void) h;
}

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

static void
draw_columns (GbChart *self,
              Frame   *f,
              Layer   *l,
              cairo_t *cr)
{
  GbChartData *d = g_ptr_array_index (self->units, l->unit);
  const GbScale *ys = l->secondary ? &f->ys2 : &f->ys;
  guint32 first, first2 = 0;
  guint n, n2 = 0;
  const double *v = series_values (d, l->series, &first, &n);
  const double *v2 = l->stacked ? series_values (d, l->series2, &first2, &n2) : NULL;
  double k = scale_factor (self, d, l->series);
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
  const double *v = series_values (d, l->series, &first, &n);
  double k = scale_factor (self, d, l->series);
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

static void
draw_line (GbChart *self,
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

static void
draw_target (GbChart *self,
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
  text_show (t, t->small, l->label, f->x + f->w - base * 0.3, y - base * 1.3, 1, l->color);
}

static void
draw_axes (GbChart *self,
           Frame   *f,
           cairo_t *cr,
           Text    *t,
           double   base)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 grid = self->dark ? 0x3F3F46 : 0xE5E7EB;
  double nice_hi;
  GbDateTickUnit unit;
  double label_w;

  /* Horizontal grid and value labels. */
  if (f->ys.log)
    gb_ticks_log (f->ys.d0, f->ys.d1, MAX (2, (guint) (f->h / (base * 2.2))), ticks);
  else
    gb_ticks_linear (0, f->ys.d1, MAX (2, (guint) (f->h / (base * 3.5))), ticks, &nice_hi);
  cairo_set_line_width (cr, 1);
  gb_draw_set_source_hex (cr, grid, 1);
  for (guint i = 0; i < ticks->len; i++)
    {
      double y = round (gb_scale_map (&f->ys, g_array_index (ticks, double, i))) + 0.5;
      cairo_move_to (cr, f->x, y);
      cairo_line_to (cr, f->x + f->w, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < ticks->len; i++)
    {
      double v = g_array_index (ticks, double, i);
      double y = gb_scale_map (&f->ys, v);
      g_autofree char *s = gb_format_tick (v, f->ys.log ? (v < 1 ? v : 1) : f->y_step);

      text_show (t, t->small, s, f->x - base * 0.4, y - base * 0.55, 1, t->muted);
    }
  if (f->has_secondary)
    {
      g_autoptr(GArray) ticks2 = g_array_new (FALSE, FALSE, sizeof (double));

      gb_ticks_linear (0, f->ys2.d1, MAX (2, (guint) (f->h / (base * 3.5))), ticks2, &nice_hi);
      for (guint i = 0; i < ticks2->len; i++)
        {
          double v = g_array_index (ticks2, double, i);
          g_autofree char *s = gb_format_tick (v, f->y2_step);

          text_show (t, t->small, s, f->x + f->w + base * 0.4, gb_scale_map (&f->ys2, v) - base * 0.55, 0, t->muted);
        }
    }

  /* Time axis: ticks as many as their labels fit. */
  text_measure (t, t->small, "30/12/2021", &label_w, NULL);
  unit = gb_ticks_dates (f->first, f->last, MAX (2, (guint) (f->w / (label_w * 1.4))), days);
  gb_draw_set_source_hex (cr, self->dark ? 0x71717A : 0x9CA3AF, 1);
  cairo_move_to (cr, f->x, round (f->y + f->h) + 0.5);
  cairo_line_to (cr, f->x + f->w, round (f->y + f->h) + 0.5);
  for (guint i = 0; i < days->len; i++)
    {
      double x = round (gb_scale_map (&f->xs, g_array_index (days, guint32, i))) + 0.5;
      cairo_move_to (cr, x, f->y + f->h);
      cairo_line_to (cr, x, f->y + f->h + base * 0.4);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < days->len; i++)
    {
      guint32 day = g_array_index (days, guint32, i);
      g_autofree char *s = gb_date_tick_label (day, unit);
      double y = f->y + f->h + base * 0.5 + (self->levels && self->units->len == 1 ? base * 1.1 : 0);

      text_show (t, t->small, s, gb_scale_map (&f->xs, day), y, 0.5, t->muted);
    }
}

static void
draw_axis_captions (GbChart *self,
                    Frame   *f,
                    Text    *t,
                    double   base)
{
  const char *left;

  if (self->kind == GB_CHART_VACCINATION)
    left = _("share of people (percent)");
  else if (self->per_100k)
    left = _("cases per 100,000 people");
  else
    left = _("cases");
  text_show (t, t->small, left, f->x + base * 0.3, f->y + base * 0.1, 0, t->muted);
  if (f->has_secondary)
    text_show (t, t->small, _("doses a day"), f->x + f->w - base * 0.3, f->y + base * 0.1, 1, t->muted);
}

static void
draw_levels_strip (GbChart *self,
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

static void
draw_markers (GbChart *self,
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
      text_measure (t, t->small, m->number, &w, NULL);
      if (x - w / 2 < last_label_end + base * 0.3)
        continue;
      x = CLAMP (x, f->x + w / 2, f->x + f->w - w / 2);
      text_show (t, t->small, m->number, x, f->y - base * 1.35, 0.5, t->muted);
      last_label_end = x + w / 2;
    }
}

/* One swatch and name of the legend at @x, @y; drawn when @cr is set. Returns its width. */
static double
legend_entry (GbChart     *self,
              cairo_t     *cr,
              Text        *t,
              double       base,
              double       x,
              double       y,
              guint32      color,
              LayerKind    kind,
              const char  *label)
{
  double w;

  text_measure (t, t->small, label, &w, NULL);
  if (cr != NULL)
    {
      gb_draw_set_source_hex (cr, self->dark && color == COLOR_AVG ? COLOR_AVG_DARK : color, 1);
      if (kind == LAYER_COLUMNS)
        cairo_rectangle (cr, x, y + base * 0.15, base * 0.8, base * 0.8);
      else
        cairo_rectangle (cr, x, y + base * 0.45, base * 1.2, MAX (2.0, base / 6));
      cairo_fill (cr);
      text_show (t, t->small, label, x + base * 1.5, y, 0, t->fg);
    }
  return base * 1.5 + w + base * 1.2;
}

/* Lays out the legend under the title, from the left margin, a new line when a name does not
 * fit (eight compared units give eight names, never fewer), and draws it when @cr is set.
 * Returns the number of lines. */
static guint
layout_legend (GbChart *self,
               cairo_t *cr,
               Text    *t,
               double   base,
               int      width)
{
  double x0 = base, x = x0, y = base * 0.4 + base * 1.2 * 1.4, w;
  gboolean columns_single = self->units->len == 1 && self->kind == GB_CHART_CASES && !self->cumulative;
  guint lines = 1;

  if (cr != NULL)
    self->legend_count = 0;
  for (guint i = 0; i < self->layers->len + (columns_single ? 2 : 0); i++)
    {
      guint32 color;
      LayerKind kind = LAYER_COLUMNS;
      const char *label;

      if (columns_single && i < 2)
        {
          color = i == 0 ? COLOR_COMMUNITY : COLOR_QUARANTINE;
          label = series_name (i == 0 ? SERIES_COMMUNITY : SERIES_QUARANTINE);
        }
      else
        {
          Layer *l = &g_array_index (self->layers, Layer, i - (columns_single ? 2 : 0));

          if (l->label == NULL || l->kind == LAYER_TARGET)
            continue;
          color = l->color;
          kind = l->kind;
          label = l->label;
        }
      text_measure (t, t->small, label, &w, NULL);
      if (x > x0 && x + base * 1.6 + w > width - base)
        {
          x = x0;
          y += base * 1.4;
          lines++;
        }
      x += legend_entry (self, cr, t, base, x, y, color, kind, label);
      if (cr != NULL && !(columns_single && i < 2))
        self->legend_count++;
    }
  return lines;
}

static gboolean
any_simulated (GbChart *self)
{
  for (guint i = 0; i < self->units->len; i++)
    {
      GbChartData *d = g_ptr_array_index (self->units, i);

      if (self->kind == GB_CHART_CASES ? d->cases_simulated : d->vacc_simulated)
        return TRUE;
    }
  return FALSE;
}

static char *
notes (GbChart *self)
{
  GString *s = g_string_new (NULL);

  if (self->kind == GB_CHART_CASES && self->per_100k)
    for (guint i = 0; i < self->units->len; i++)
      {
        GbChartData *d = g_ptr_array_index (self->units, i);

        if (d->population <= 0)
          {
            if (s->len)
              g_string_append (s, " · ");
            /* Translators: %s is a unit's name */
            g_string_append_printf (s, _("%s: no population, per 100,000 not available"), d->unit_name);
          }
      }
  if (any_simulated (self))
    g_string_append_printf (s, "%s%s", s->len ? " · " : "", _("simulated at commune level"));
  return g_string_free (s, s->len == 0);
}

static void
draw_hover (GbChart *self,
            Frame   *f,
            cairo_t *cr,
            Text    *t,
            double   base)
{
  g_autofree char *text = NULL;
  PangoRectangle logical;
  double x, bx, by, bw, bh, pad = base * 0.5;

  if (self->hover_day == 0 || self->hover_day < f->first || self->hover_day > f->last)
    return;
  x = round (gb_scale_map (&f->xs, self->hover_day) + (f->w / (double) (f->last - f->first + 1)) / 2) + 0.5;
  gb_draw_set_source_hex (cr, t->fg, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x, f->y);
  cairo_line_to (cr, x, f->y + f->h);
  cairo_stroke (cr);

  /* A dot where the crosshair meets each line. */
  for (guint i = 0; i < self->layers->len; i++)
    {
      Layer *l = &g_array_index (self->layers, Layer, i);
      double v;

      if (l->kind != LAYER_LINE && l->kind != LAYER_AREA)
        continue;
      v = value_at (self, g_ptr_array_index (self->units, l->unit), l->series, self->hover_day);
      if (isnan (v) || (f->ys.log && v <= 0))
        continue;
      gb_draw_set_source_hex (cr, self->dark && l->color == COLOR_AVG ? COLOR_AVG_DARK : l->color, 1);
      cairo_arc (cr, x, gb_scale_map (l->secondary ? &f->ys2 : &f->ys, v), base * 0.3, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  text = gb_chart_describe_day (self, self->hover_day);
  pango_layout_set_font_description (t->layout, t->small);
  pango_layout_set_text (t->layout, text, -1);
  pango_layout_get_pixel_extents (t->layout, NULL, &logical);
  bw = logical.width + 2 * pad;
  bh = logical.height + 2 * pad;
  bx = x + base < f->x + f->w - bw ? x + base : x - base - bw;
  bx = MAX (bx, f->x);
  by = f->y + base * 0.3;
  gb_draw_set_source_hex (cr, self->dark ? 0x27272A : 0xFFFFFF, 0.95);
  cairo_rectangle (cr, bx, by, bw, bh);
  cairo_fill_preserve (cr);
  gb_draw_set_source_hex (cr, t->muted, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  gb_draw_set_source_hex (cr, t->fg, 1);
  cairo_move_to (cr, bx + pad, by + pad);
  pango_cairo_show_layout (cr, t->layout);
}

static const char *
default_title (GbChart *self)
{
  if (self->kind == GB_CHART_VACCINATION)
    return _("Vaccination");
  if (self->cumulative)
    return self->per_100k ? _("Cumulative cases per 100,000 people") : _("Cumulative cases");
  /* Compared units are drawn as their 7-day averages, not as the day's counts. */
  if (self->units->len > 1)
    return self->per_100k ? _("New cases a day per 100,000 people, 7-day average")
                          : _("New cases a day, 7-day average");
  return self->per_100k ? _("New cases a day per 100,000 people") : _("New cases a day");
}

void
gb_chart_draw (GbChart *self,
               cairo_t *cr,
               int      width,
               int      height)
{
  double base = CLAMP (MIN (width / 70.0, height / 38.0), 12.0, 22.0) * self->font_scale;
  g_autofree char *note = NULL;
  g_autofree char *title = NULL;
  Frame *f = &self->frame;
  Text t;

  g_return_if_fail (GB_IS_CHART (self));

  if (self->layers_dirty)
    rebuild_layers (self);
  cairo_save (cr);
  gb_draw_set_source_hex (cr, self->dark ? 0x18181B : 0xFFFFFF, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  text_init (&t, cr, base, self->dark);

  title = self->title ? g_strdup (self->title)
    : self->units->len == 1
      ? g_strdup_printf ("%s — %s", default_title (self), ((GbChartData *) g_ptr_array_index (self->units, 0))->unit_name)
      : g_strdup (default_title (self));
  text_show (&t, t.bold, title, base, base * 0.3, 0, t.fg);

  self->frame_valid = FALSE;
  if (!gb_chart_get_view (self, &f->first, &f->last))
    {
      text_show (&t, t.normal, _("No data for this unit"), width / 2.0, height / 2.0 - base, 0.5, t.muted);
      text_clear (&t);
      cairo_restore (cr);
      return;
    }
  compute_frame (self, &t, f, width, height, base);
  self->frame_valid = TRUE;

  draw_axes (self, f, cr, &t, base);
  cairo_save (cr);
  cairo_rectangle (cr, f->x, f->y - 1, f->w, f->h + 2);
  cairo_clip (cr);
  for (guint i = 0; i < self->layers->len; i++)
    {
      Layer *l = &g_array_index (self->layers, Layer, i);

      switch (l->kind)
        {
        case LAYER_COLUMNS: draw_columns (self, f, l, cr); break;
        case LAYER_LINE:
        case LAYER_AREA: draw_line (self, f, l, cr, base); break;
        case LAYER_TARGET: draw_target (self, f, l, cr, &t, base); break;
        default: break;
        }
    }
  if (self->current_day >= f->first && self->current_day <= f->last)
    {
      double x = round (gb_scale_map (&f->xs, self->current_day) + (f->w / (double) (f->last - f->first + 1)) / 2) + 0.5;

      gb_draw_set_source_hex (cr, 0x3584E4, 0.9);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x, f->y);
      cairo_line_to (cr, x, f->y + f->h);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  draw_axis_captions (self, f, &t, base);
  draw_levels_strip (self, f, cr, base);
  draw_markers (self, f, cr, &t, base);
  layout_legend (self, cr, &t, base, width);
  if ((note = notes (self)) != NULL)
    text_show (&t, t.small, note, width - base, base * 0.5, 1, t.muted);
  if (self->exporting)
    {
      g_autofree char *caption = gb_chart_describe_export (self);

      text_show (&t, t.small, caption, base, height - base * 1.5, 0, t.muted);
    }
  draw_hover (self, f, cr, &t, base);
  text_clear (&t);
  cairo_restore (cr);
}

void
gb_chart_set_current_day (GbChart *self,
                          guint32  day)
{
  self->current_day = day;
}

void
gb_chart_set_hover_day (GbChart *self,
                        guint32  day)
{
  self->hover_day = day;
}

/**
 * gb_chart_get_legend_count:
 *
 * Returns: how many series the legend of the last gb_chart_draw() named (the two kinds of
 *   cases of a single unit's columns not counted)
 */
guint
gb_chart_get_legend_count (GbChart *self)
{
  g_return_val_if_fail (GB_IS_CHART (self), 0);
  return self->legend_count;
}

guint32
gb_chart_get_hover_day (GbChart *self)
{
  return self->hover_day;
}

guint32
gb_chart_day_at (GbChart *self,
                 double   x)
{
  Frame *f = &self->frame;
  double day;

  if (!self->frame_valid || x < f->x || x > f->x + f->w)
    return 0;
  day = floor (gb_scale_invert (&f->xs, x));
  return (guint32) CLAMP (day, f->first, f->last);
}

double
gb_chart_x_of_day (GbChart *self,
                   guint32  day)
{
  Frame *f = &self->frame;

  if (!self->frame_valid)
    return NAN;
  return gb_scale_map (&f->xs, day) + (f->w / (double) (f->last - f->first + 1)) / 2;
}

static void
append_value (GString    *s,
              const char *name,
              double      v,
              gboolean    share,
              gboolean    per_100k)
{
  g_autofree char *num = NULL;

  if (isnan (v))
    {
      g_string_append_printf (s, "\n%s: %s", name, _("no report"));
      return;
    }
  if (share || per_100k || fabs (v - round (v)) > 1e-9)
    {
      num = g_strdup_printf ("%.1f", v);
      g_strdelimit (num, ".", ',');
    }
  else
    num = gb_text_format_count ((gint64) llround (v));
  g_string_append_printf (s, "\n%s: %s%s", name, num, share ? " %" : "");
}

char *
gb_chart_describe_day (GbChart *self,
                       guint32  day)
{
  GString *s = g_string_new (NULL);
  g_autofree char *date = gb_day_format (day);
  gboolean compare = self->units->len > 1;

  if (self->layers_dirty)
    rebuild_layers (self);
  g_string_append (s, date);
  for (guint u = 0; u < self->units->len; u++)
    {
      GbChartData *d = g_ptr_array_index (self->units, u);
      gboolean p100 = self->per_100k && d->population > 0;

      if (compare || self->kind == GB_CHART_CASES)
        {
          if (compare)
            g_string_append_printf (s, "\n%s", d->unit_name);
        }
      if (self->kind == GB_CHART_CASES)
        {
          SeriesKind kinds[] = { SERIES_COMMUNITY, SERIES_QUARANTINE, SERIES_AVG7, SERIES_CUMULATIVE };

          for (guint k = compare ? 2 : 0; k < G_N_ELEMENTS (kinds); k++)
            append_value (s, series_name (kinds[k]), value_at (self, d, kinds[k], day), FALSE, p100);
        }
      else
        {
          SeriesKind kinds[] = { SERIES_DOSE1_18, SERIES_FULL_18, SERIES_FULL_65, SERIES_DOSES };

          for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
            append_value (s, series_name (kinds[k]), value_at (self, d, kinds[k], day), is_share (kinds[k]), FALSE);
        }
    }
  if (self->levels && self->units->len == 1 && day >= self->levels_first &&
      day < self->levels_first + self->levels_n && self->levels[day - self->levels_first] != GB_CHART_NO_LEVEL)
    g_string_append_printf (s, "\n%s", gb_level_get_name (self->levels[day - self->levels_first]));
  if (self->markers)
    for (guint i = 0; i < self->markers->len; i++)
      {
        GbChartMarker *m = g_ptr_array_index (self->markers, i);

        if (m->day == day)
          g_string_append_printf (s, "\n%s", m->title);
      }
  return g_string_free (s, FALSE);
}

/**
 * gb_chart_describe_export:
 *
 * Returns: (transfer full): what an exported chart says under it: the units, the period shown
 *   and where the figures come from
 */
char *
gb_chart_describe_export (GbChart *self)
{
  g_autoptr(GString) units = g_string_new (NULL);
  g_autofree char *first_iso = NULL;
  g_autofree char *last_iso = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  guint32 a, b;

  g_return_val_if_fail (GB_IS_CHART (self), NULL);

  for (guint i = 0; i < self->units->len; i++)
    g_string_append_printf (units, "%s%s", i ? ", " : "", ((GbChartData *) g_ptr_array_index (self->units, i))->unit_name);
  if (gb_chart_get_view (self, &a, &b))
    {
      first_iso = gb_day_to_iso (a);
      last_iso = gb_day_to_iso (b);
      first = gb_text_format_date (first_iso);
      last = gb_text_format_date (last_iso);
    }
  /* Translators: under an exported chart: the units, the period (dd/mm/yyyy–dd/mm/yyyy), then
   * the source of the figures. */
  return g_strdup_printf (_("%s · %s–%s · Source: daily reports in the Giao Ban database%s"),
                          units->str, first ? first : "…", last ? last : "…",
                          any_simulated (self) ? _(", commune figures simulated") : "");
}

static void
draw_chart_cb (cairo_t *cr,
               double   width,
               double   height,
               gpointer user_data)
{
  GbChart *self = user_data;

  self->exporting = TRUE;
  gb_chart_draw (self, cr, width, height);
  self->exporting = FALSE;
}

gboolean
gb_chart_export (GbChart     *self,
                 const char  *path,
                 int          width,
                 int          height,
                 GError     **error)
{
  g_return_val_if_fail (GB_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (width < 200 || height < 120 || width > 20000 || height > 20000)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("A chart is between 200×120 and 20000×20000 pixels, not %d×%d"), width, height);
      return FALSE;
    }
  return gb_file_export_drawing (path, width, height, draw_chart_cb, self, error);
}

guint8 *
gb_chart_compute_levels (GbLevelEngine *engine,
                         const char    *unit_code,
                         guint32        first_day,
                         guint32        last_day)
{
  guint n = last_day >= first_day ? last_day - first_day + 1 : 0;
  guint8 *levels = g_malloc (MAX (n, 1));

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
