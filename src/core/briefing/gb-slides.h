/* gb-slides.h — briefing slides drawn headlessly with Cairo, for the presenter and for PNG
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "gb-situation.h"
#include "gb-level-engine.h"
#include "gb-map-renderer.h"
#include "gb-types.h"

G_BEGIN_DECLS

/* What a render measured: every text box drawn, and those whose text did not fit even at the
 * smallest readable size (then the text is ellipsized, never silently cut). */
typedef struct
{
  guint   boxes;
  guint   clipped;
  double  smallest;   /* the smallest text drawn (slide text, map names, chart labels), in px at 720 lines */
  GString *texts;     /* (nullable): when set, receives every slide text drawn, a line each */
} GbSlideCheck;

/* No text on a slide is smaller than this at 1280×720: what stays readable after a video call's
 * compression. */
#define GB_SLIDE_MIN_TEXT 20.0

#define GB_TYPE_SLIDE_DECK (gb_slide_deck_get_type ())
G_DECLARE_FINAL_TYPE (GbSlideDeck, gb_slide_deck, GB, SLIDE_DECK, GObject)

GbSlideDeck *gb_slide_deck_new             (GbStore      *store,
                                            const char   *date,
                                            GError      **error);
GbSlideDeck *gb_slide_deck_new_full        (GbStore       *store,
                                            GbLevelEngine *engine,
                                            GbMapRenderer *map,
                                            const char    *date,
                                            GError       **error);
guint        gb_slide_deck_get_n_slides    (GbSlideDeck  *self);
const char  *gb_slide_deck_get_slide_id    (GbSlideDeck  *self,
                                            guint         index);
const char  *gb_slide_deck_get_slide_title (GbSlideDeck  *self,
                                            guint         index);
void         gb_slide_deck_arrange         (GbSlideDeck        *self,
                                            const char * const *order,
                                            const char * const *hidden);
guint        gb_slide_deck_get_n_available (GbSlideDeck  *self);
const char  *gb_slide_deck_get_available_id (GbSlideDeck *self,
                                             guint        index);
const char  *gb_slide_deck_get_available_title (GbSlideDeck *self,
                                                guint        index);
gboolean     gb_slide_deck_is_hidden       (GbSlideDeck  *self,
                                            const char   *id);
const GbSituation *gb_slide_deck_get_situation (GbSlideDeck *self);
void         gb_slide_deck_render          (GbSlideDeck  *self,
                                            guint         index,
                                            cairo_t      *cr,
                                            int           width,
                                            int           height,
                                            gboolean      dark,
                                            GbSlideCheck *check);
gboolean     gb_slide_deck_render_png      (GbSlideDeck  *self,
                                            guint         index,
                                            int           width,
                                            int           height,
                                            gboolean      dark,
                                            const char   *path,
                                            GbSlideCheck *check,
                                            GError      **error);

/* Adds the communes per level (on the date and a week before) to @situation. Returns FALSE
 * with an error when no rule set applies or the data cannot be read. */
gboolean     gb_slides_add_levels_with_engine (GbLevelEngine *engine,
                                               GbStore       *store,
                                               GbSituation   *situation,
                                               GError       **error);
gboolean     gb_slides_add_levels          (GbStore      *store,
                                            GbSituation  *situation,
                                            GError      **error);

G_END_DECLS
