/* gb-chart-private.h — the chart's struct, its layers and frame, and what its files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "gb-chart.h"
#include "gb-chart-scale.h"

G_BEGIN_DECLS

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
  /* A group's dose: SERIES_SHARE + group * GB_N_DOSES + dose. */
  SERIES_SHARE,
  SERIES_SHARE_END = SERIES_SHARE + GB_N_AGE_GROUPS * GB_N_DOSES,
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
  int          vacc_group;   /* -1: the NQ 128 criteria; else the group whose doses are drawn */
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

#define COLOR_COMMUNITY 0xC2410C

#define COLOR_QUARANTINE 0x94A3B8

#define COLOR_AVG 0x1F2937

#define COLOR_AVG_DARK 0xF3F4F6

#define COLOR_DOSES 0xCBD5E1

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

/* gb-chart.c */
const double *
gb_chart_series_values (GbChartData *d,
                        SeriesKind   kind,
                        guint32     *first,
                        guint       *n);
gboolean
gb_chart_is_share (SeriesKind kind);
double
gb_chart_scale_factor (GbChart     *self,
                       GbChartData *d,
                       SeriesKind   kind);
double
gb_chart_value_at (GbChart     *self,
                   GbChartData *d,
                   SeriesKind   kind,
                   guint32      day);
const char *
gb_chart_series_name (SeriesKind kind);
void
gb_chart_rebuild_layers (GbChart *self);

/* gb-chart-axes.c */
void
gb_chart_text_init (Text    *t,
                    cairo_t *cr,
                    double   base,
                    gboolean dark);
void
gb_chart_text_clear (Text *t);
void
gb_chart_text_measure (Text                 *t,
                       PangoFontDescription *font,
                       const char           *s,
                       double               *w,
                       double               *h);
void
gb_chart_text_show (Text                 *t,
                    PangoFontDescription *font,
                    const char           *s,
                    double                x,
                    double                y,
                    double                align,
                    guint32               color);
void
gb_chart_draw_axes (GbChart *self,
                    Frame   *f,
                    cairo_t *cr,
                    Text    *t,
                    double   base);
void
gb_chart_draw_axis_captions (GbChart *self,
                             Frame   *f,
                             Text    *t,
                             double   base);
void
gb_chart_draw_levels_legend (GbChart *self,
                             Frame   *f,
                             Text    *t,
                             double   base);

/* gb-chart-layers.c */
void
gb_chart_draw_columns (GbChart *self,
                       Frame   *f,
                       Layer   *l,
                       cairo_t *cr);
void
gb_chart_draw_line (GbChart *self,
                    Frame   *f,
                    Layer   *l,
                    cairo_t *cr,
                    double   base);
void
gb_chart_draw_target (GbChart *self,
                      Frame   *f,
                      Layer   *l,
                      cairo_t *cr,
                      Text    *t,
                      double   base);
void
gb_chart_draw_incomplete (GbChart *self,
                          Frame   *f,
                          cairo_t *cr,
                          Text    *t,
                          double   base);
void
gb_chart_draw_levels_strip (GbChart *self,
                            Frame   *f,
                            cairo_t *cr,
                            double   base);
void
gb_chart_draw_markers (GbChart *self,
                       Frame   *f,
                       cairo_t *cr,
                       Text    *t,
                       double   base);

/* gb-chart-legend.c */
guint
gb_chart_layout_legend (GbChart *self,
                        cairo_t *cr,
                        Text    *t,
                        double   base,
                        int      width);
gboolean
gb_chart_any_simulated (GbChart *self);
char *
gb_chart_notes (GbChart *self);

/* gb-chart-hover.c */
void
gb_chart_draw_hover (GbChart *self,
                     Frame   *f,
                     cairo_t *cr,
                     Text    *t,
                     double   base);

G_END_DECLS
