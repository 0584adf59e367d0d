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

#include "gb-chart-private.h"
#include "gb-chart-scale.h"
#include "gb-draw.h"
#include "gb-error.h"
#include "gb-file.h"
#include "gb-text.h"

G_DEFINE_FINAL_TYPE (GbChart, gb_chart, G_TYPE_OBJECT)

/* Colour-blind safe palette (Okabe–Ito), darkened where it would vanish on white. */
static const guint32 palette[GB_CHART_MAX_UNITS] = {
  0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0x8C6D1F, 0x56B4E9, 0x555555, 0xE69F00,
};

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
  self->vacc_group = -1;
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
  g_return_val_if_fail (GB_IS_CHART (self), 0);

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
  g_return_val_if_fail (GB_IS_CHART (self), 0);

  return self->units->len;
}

void
gb_chart_set_markers (GbChart   *self,
                      GPtrArray *markers)
{
  g_return_if_fail (GB_IS_CHART (self));

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
  g_return_if_fail (GB_IS_CHART (self));

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
  g_return_if_fail (GB_IS_CHART (self));

  self->target_dose1_18 = dose1_18;
  self->target_full_65 = full_65;
  self->layers_dirty = TRUE;
}

void
gb_chart_set_per_100k (GbChart  *self,
                       gboolean  per_100k)
{
  g_return_if_fail (GB_IS_CHART (self));

  self->per_100k = per_100k;
  self->layers_dirty = TRUE;
}

void
gb_chart_set_cumulative (GbChart  *self,
                         gboolean  cumulative)
{
  g_return_if_fail (GB_IS_CHART (self));

  self->cumulative = cumulative;
  self->layers_dirty = TRUE;
}

void
gb_chart_set_log (GbChart  *self,
                  gboolean  log)
{
  g_return_if_fail (GB_IS_CHART (self));

  self->log = log;
}

void
gb_chart_set_vaccination_group (GbChart *self,
                                int      group)
{
  g_return_if_fail (GB_IS_CHART (self));
  g_return_if_fail (group >= -1 && group < GB_N_AGE_GROUPS);

  self->vacc_group = group;
  self->layers_dirty = TRUE;
}

int
gb_chart_get_vaccination_group (GbChart *self)
{
  g_return_val_if_fail (GB_IS_CHART (self), -1);

  return self->vacc_group;
}

const char *
gb_chart_age_group_name (int group)
{
  switch (group)
    {
    case GB_AGE_18: return _("18 and over");
    case GB_AGE_65: return _("65 and over");
    case GB_AGE_12_17: return _("12–17 years");
    case GB_AGE_5_11: return _("5–11 years");
    default: return _("NQ 128 criteria");
    }
}

void
gb_chart_set_dark (GbChart  *self,
                   gboolean  dark)
{
  g_return_if_fail (GB_IS_CHART (self));

  self->dark = dark;
}

void
gb_chart_set_font_scale (GbChart *self,
                         double   scale)
{
  g_return_if_fail (GB_IS_CHART (self));

  self->font_scale = CLAMP (scale, 0.5, 3.0);
}

void
gb_chart_set_title (GbChart    *self,
                    const char *title)
{
  g_return_if_fail (GB_IS_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
}

gboolean
gb_chart_get_extent (GbChart *self,
                     guint32 *first_day,
                     guint32 *last_day)
{
  guint32 first = G_MAXUINT32, last = 0;

  g_return_val_if_fail (GB_IS_CHART (self), FALSE);

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
  g_return_if_fail (GB_IS_CHART (self));

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

  g_return_val_if_fail (GB_IS_CHART (self), FALSE);

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

const double *
gb_chart_series_values (GbChartData *d,
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
    default:
      if (kind >= SERIES_SHARE && kind < SERIES_SHARE_END)
        return d->shares[(kind - SERIES_SHARE) / GB_N_DOSES][(kind - SERIES_SHARE) % GB_N_DOSES];
      return NULL;
    }
}

gboolean
gb_chart_is_share (SeriesKind kind)
{
  return kind == SERIES_DOSE1_18 || kind == SERIES_FULL_18 || kind == SERIES_FULL_65 ||
         (kind >= SERIES_SHARE && kind < SERIES_SHARE_END);
}

/* Per 100,000 applies to case counts; shares are shown in %. */
double
gb_chart_scale_factor (GbChart     *self,
                       GbChartData *d,
                       SeriesKind   kind)
{
  if (gb_chart_is_share (kind))
    return 100.0;
  if (self->per_100k && kind != SERIES_DOSES)
    return d->population > 0 ? 100000.0 / (double) d->population : NAN;
  return 1.0;
}

double
gb_chart_value_at (GbChart     *self,
                   GbChartData *d,
                   SeriesKind   kind,
                   guint32      day)
{
  guint32 first;
  guint n;
  const double *v = gb_chart_series_values (d, kind, &first, &n);

  if (v == NULL || day < first || day >= first + n)
    return NAN;
  return v[day - first] * gb_chart_scale_factor (self, d, kind);
}

const char *
gb_chart_series_name (SeriesKind kind)
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
    default: break;
    }
  if (kind >= SERIES_SHARE && kind < SERIES_SHARE_END)
    {
      static const char *doses[] = { N_("first dose"), N_("second dose"), N_("booster") };
      static char *names[GB_N_AGE_GROUPS * GB_N_DOSES];
      guint i = kind - SERIES_SHARE;

      /* Made once, in the language of the process, and kept: layers borrow their labels. */
      if (g_once_init_enter (&names[i]))
        g_once_init_leave (&names[i], g_strdup_printf ("%s, %s", gb_chart_age_group_name (i / GB_N_DOSES),
                                                       _(doses[i % GB_N_DOSES])));
      return names[i];
    }
  return "";
}

static void
add_layer (GbChart    *self,
           Layer       layer,
           const char *label)
{
  layer.label = g_strdup (label);
  g_array_append_val (self->layers, layer);
}

void
gb_chart_rebuild_layers (GbChart *self)
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
                                       .color = unit_color, .max_gap = 1 }, gb_chart_series_name (SERIES_CUMULATIVE));
          else
            {
              add_layer (self, (Layer) { .kind = LAYER_COLUMNS, .unit = u, .series = SERIES_COMMUNITY,
                                         .series2 = SERIES_QUARANTINE, .stacked = TRUE,
                                         .color = COLOR_COMMUNITY, .color2 = COLOR_QUARANTINE },
                         NULL);
              add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u, .series = SERIES_AVG7,
                                         .color = COLOR_AVG, .max_gap = 1 }, gb_chart_series_name (SERIES_AVG7));
            }
        }
      else
        {
          if (compare)
            add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u,
                                       .series = self->vacc_group < 0 ? SERIES_DOSE1_18
                                                 : SERIES_SHARE + self->vacc_group * GB_N_DOSES + GB_DOSE_1,
                                       .color = unit_color, .max_gap = 14 }, d->unit_name);
          else if (self->vacc_group >= 0)
            {
              static const guint colors[GB_N_DOSES] = { 0, 2, 4 };

              add_layer (self, (Layer) { .kind = LAYER_COLUMNS, .unit = u, .series = SERIES_DOSES,
                                         .secondary = TRUE, .color = COLOR_DOSES }, gb_chart_series_name (SERIES_DOSES));
              for (guint dose = 0; dose < GB_N_DOSES; dose++)
                {
                  SeriesKind series = SERIES_SHARE + self->vacc_group * GB_N_DOSES + dose;

                  add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u, .series = series,
                                             .color = palette[colors[dose]], .max_gap = 14 },
                             gb_chart_series_name (series));
                }
            }
          else
            {
              add_layer (self, (Layer) { .kind = LAYER_COLUMNS, .unit = u, .series = SERIES_DOSES,
                                         .secondary = TRUE, .color = COLOR_DOSES }, gb_chart_series_name (SERIES_DOSES));
              add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u, .series = SERIES_DOSE1_18,
                                         .color = palette[0], .max_gap = 14 }, gb_chart_series_name (SERIES_DOSE1_18));
              add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u, .series = SERIES_FULL_18,
                                         .color = palette[2], .max_gap = 14 }, gb_chart_series_name (SERIES_FULL_18));
              add_layer (self, (Layer) { .kind = LAYER_LINE, .unit = u, .series = SERIES_FULL_65,
                                         .color = palette[3], .max_gap = 14 }, gb_chart_series_name (SERIES_FULL_65));
            }
        }
    }
  if (self->kind == GB_CHART_VACCINATION && self->units->len > 0 && self->vacc_group < 0)
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
      v = gb_chart_series_values (d, l->series, &first, &n);
      if (l->stacked)
        {
          guint32 first2;
          guint n2;
          v2 = gb_chart_series_values (d, l->series2, &first2, &n2);
        }
      k = gb_chart_scale_factor (self, d, l->series);
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

  top = base * 1.2 * 1.6 + base * 1.4 * gb_chart_layout_legend (self, NULL, t, base, width)
        + (self->markers && self->markers->len ? base * 1.3 : 0);
  bottom = base * 2.2 + (self->levels && self->units->len == 1 ? base * 1.1 + base * 1.4 : 0)
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
      gb_chart_text_measure (t, t->small, s, &w, NULL);
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
          gb_chart_text_measure (t, t->small, s, &w, NULL);
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

/* The chart's base text size at @width × @height. */
static double
base_size (GbChart *self,
           int      width,
           int      height)
{
  return CLAMP (MIN (width / 70.0, height / 38.0), 12.0, 22.0) * self->font_scale;
}

/**
 * gb_chart_get_smallest_text:
 *
 * Returns: the size in px of the smallest text the chart draws at @width × @height (tick
 *   labels, captions)
 */
double
gb_chart_get_smallest_text (GbChart *self,
                            int      width,
                            int      height)
{
  g_return_val_if_fail (GB_IS_CHART (self), 0);
  return base_size (self, width, height) * 0.85;
}

void
gb_chart_draw (GbChart *self,
               cairo_t *cr,
               int      width,
               int      height)
{
  double base = base_size (self, width, height);
  g_autofree char *note = NULL;
  g_autofree char *title = NULL;
  Frame *f = &self->frame;
  Text t;

  g_return_if_fail (GB_IS_CHART (self));

  if (self->layers_dirty)
    gb_chart_rebuild_layers (self);
  cairo_save (cr);
  gb_draw_set_source_hex (cr, self->dark ? 0x18181B : 0xFFFFFF, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  gb_chart_text_init (&t, cr, base, self->dark);

  title = self->title ? g_strdup (self->title)
    : self->units->len == 1
      ? g_strdup_printf ("%s — %s", default_title (self), ((GbChartData *) g_ptr_array_index (self->units, 0))->unit_name)
      : g_strdup (default_title (self));
  gb_chart_text_show (&t, t.bold, title, base, base * 0.3, 0, t.fg);

  self->frame_valid = FALSE;
  if (!gb_chart_get_view (self, &f->first, &f->last))
    {
      gb_chart_text_show (&t, t.normal, _("No data for this unit"), width / 2.0, height / 2.0 - base, 0.5, t.muted);
      gb_chart_text_clear (&t);
      cairo_restore (cr);
      return;
    }
  compute_frame (self, &t, f, width, height, base);
  self->frame_valid = TRUE;

  gb_chart_draw_axes (self, f, cr, &t, base);
  cairo_save (cr);
  cairo_rectangle (cr, f->x, f->y - 1, f->w, f->h + 2);
  cairo_clip (cr);
  for (guint i = 0; i < self->layers->len; i++)
    {
      Layer *l = &g_array_index (self->layers, Layer, i);

      switch (l->kind)
        {
        case LAYER_COLUMNS: gb_chart_draw_columns (self, f, l, cr); break;
        case LAYER_LINE:
        case LAYER_AREA: gb_chart_draw_line (self, f, l, cr, base); break;
        case LAYER_TARGET: gb_chart_draw_target (self, f, l, cr, &t, base); break;
        default: break;
        }
    }
  gb_chart_draw_incomplete (self, f, cr, &t, base);
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
  gb_chart_draw_axis_captions (self, f, &t, base);
  gb_chart_draw_levels_strip (self, f, cr, base);
  gb_chart_draw_levels_legend (self, f, &t, base);
  gb_chart_draw_markers (self, f, cr, &t, base);
  gb_chart_layout_legend (self, cr, &t, base, width);
  if ((note = gb_chart_notes (self)) != NULL)
    gb_chart_text_show (&t, t.small, note, width - base, base * 0.5, 1, t.muted);
  if (self->exporting)
    {
      g_autofree char *caption = gb_chart_describe_export (self);

      gb_chart_text_show (&t, t.small, caption, base, height - base * 1.5, 0, t.muted);
    }
  gb_chart_draw_hover (self, f, cr, &t, base);
  gb_chart_text_clear (&t);
  cairo_restore (cr);
}

void
gb_chart_set_current_day (GbChart *self,
                          guint32  day)
{
  self->current_day = day;
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
