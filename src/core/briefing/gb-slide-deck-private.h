/* gb-slide-deck-private.h — the slide deck's struct and the drawing its files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "gb-chart.h"
#include "gb-conclusion.h"
#include "gb-level-changes.h"
#include "gb-map-renderer.h"
#include "gb-slides.h"
#include "gb-store-task-states.h"

G_BEGIN_DECLS

typedef struct
{
  GbUnit      *unit;
  GbSituation *situation;
  int          level;      /* the district's own level on the date (GbLevel), no data when unknown */
} DistrictRow;

typedef enum
{
  SLIDE_OVERVIEW,
  SLIDE_DISTRICTS,
  SLIDE_TASKS,
  SLIDE_CONCLUSION,
  SLIDE_CASES,
  SLIDE_VACCINATION,
  SLIDE_MAP,
  SLIDE_CHANGES,
  N_SLIDE_KINDS
} SlideKind;

struct _GbSlideDeck
{
  GObject       parent_instance;

  char         *date;
  GbSituation  *situation;
  GArray       *slides;      /* SlideKind: the slides shown, in order */
  GArray       *available;   /* SlideKind: every slide of the deck in order, hidden ones too */
  GArray       *hidden;      /* gboolean per SlideKind */
  GPtrArray    *districts;   /* DistrictRow */
  GPtrArray    *due_items;   /* GbDueItem */
  guint         task_states[GB_TASK_N_STATES];  /* every task's state on the date */
  GbConclusion *conclusion;  /* nullable: the latest draft on or before the date */
  GbChart      *cases_chart; /* nullable: no case data */
  GbChart      *vacc_chart;  /* nullable: no vaccination data */
  GbMapRenderer *map;        /* nullable: no boundaries */
  char         *since;       /* nullable: the last briefing's date (its conclusion's) */
  GPtrArray    *changes;     /* GbLevelChange since then; NULL without a last briefing */
};

typedef struct
{
  double r, g, b;
} Rgb;

typedef struct
{
  cairo_t      *cr;
  double        w, h, u;   /* u: one "point" at 720 lines, so layouts scale with the size */
  gboolean      dark;
  Rgb           bg, fg, muted, card, accent, line;
  GbSlideCheck *check;
} Ctx;

/* gb-slide-draw.c */
void     gb_slide_set_rgb (cairo_t *cr,
                           Rgb      c);
Rgb      gb_slide_hex (guint32 v);
double   gb_slide_draw_text (Ctx            *x,
                             const char     *markup,
                             double          bx,
                             double          by,
                             double          bw,
                             double          bh,
                             double          size,
                             PangoAlignment  align,
                             gboolean        bold,
                             Rgb             color);
void     gb_slide_note_size (Ctx    *x,
                             double  size);
double   gb_slide_text_height (Ctx        *x,
                               const char *markup,
                               double      bw,
                               double      size);
gboolean gb_slide_text_fits (Ctx        *x,
                             const char *markup,
                             double      bw,
                             double      bh);
void     gb_slide_fill_rect (Ctx    *x,
                             double  rx,
                             double  ry,
                             double  rw,
                             double  rh,
                             Rgb     color);
char    *gb_slide_esc (const char *s);
void     gb_slide_draw_frame (Ctx         *x,
                              GbSlideDeck *deck,
                              guint        index,
                              const char  *title);
void     gb_slide_stat_card (Ctx        *x,
                             double      cx,
                             double      cy,
                             double      cw,
                             double      ch,
                             const char *label,
                             const char *value,
                             const char *detail,
                             double      share,
                             double      target);

/* gb-slide-pages.c */
void     gb_slide_draw_overview (Ctx         *x,
                                 GbSlideDeck *deck);
void     gb_slide_draw_districts (Ctx         *x,
                                  GbSlideDeck *deck);
void     gb_slide_draw_tasks (Ctx         *x,
                              GbSlideDeck *deck);
void     gb_slide_draw_conclusion (Ctx         *x,
                                   GbSlideDeck *deck);
void     gb_slide_draw_map (Ctx           *x,
                            GbMapRenderer *map);
void     gb_slide_draw_changes (Ctx         *x,
                                GbSlideDeck *deck);
void     gb_slide_draw_vaccination (Ctx         *x,
                                    GbSlideDeck *deck);
void     gb_slide_draw_chart (Ctx     *x,
                              GbChart *chart);

G_END_DECLS
