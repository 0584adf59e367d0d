/* gb-slide-deck.c — the briefing's slide deck: what it shows, in which order, and rendering a
 * slide headlessly with Cairo, for the presenter and for PNG (the drawing itself is in
 * gb-slide-draw.c and gb-slide-pages.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slides are shared over video calls, so everything is large, thick and high-contrast, written
 * (not hovered), and every number carries its unit and its date. Every text box is measured
 * against its box: text shrinks, then wraps, and only as a last resort is ellipsized, which the
 * render reports in GbSlideCheck so tests can fail on it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gb-error.h"
#include "gb-file.h"
#include "gb-level.h"
#include "gb-level-engine.h"
#include "gb-chart.h"
#include "gb-map-renderer.h"
#include "gb-chart-scale.h"
#include "gb-store-levels.h"
#include "gb-slide-deck-private.h"
#include "gb-slides.h"
#include "gb-store.h"
#include "gb-store-meetings.h"
#include "gb-text.h"
G_DEFINE_FINAL_TYPE (GbSlideDeck, gb_slide_deck, G_TYPE_OBJECT)

static void
district_row_free (DistrictRow *row)
{
  gb_unit_free (row->unit);
  gb_situation_free (row->situation);
  g_free (row);
}

static const char *
slide_id (SlideKind kind)
{
  switch (kind)
    {
    case SLIDE_OVERVIEW: return "overview";
    case SLIDE_DISTRICTS: return "districts";
    case SLIDE_TASKS: return "tasks";
    case SLIDE_CONCLUSION: return "conclusion";
    case SLIDE_CASES: return "cases";
    case SLIDE_VACCINATION: return "vaccination";
    case SLIDE_MAP: return "map";
    case SLIDE_CHANGES: return "changes";
    default: return "slide";
    }
}

static const char *
slide_title (SlideKind kind)
{
  switch (kind)
    {
    case SLIDE_OVERVIEW: return _("Province overview");
    case SLIDE_DISTRICTS: return _("Districts");
    case SLIDE_TASKS: return _("Overdue and due this week, by responsible unit");
    case SLIDE_CONCLUSION: return _("Draft conclusion");
    case SLIDE_CASES: return _("New cases, the last 90 days");
    case SLIDE_VACCINATION: return _("Vaccination against the targets");
    case SLIDE_MAP: return _("Communes by epidemic level");
    case SLIDE_CHANGES: return _("What changed since the last briefing");
    default: return "";
    }
}

static void
gb_slide_deck_finalize (GObject *object)
{
  GbSlideDeck *self = GB_SLIDE_DECK (object);

  g_free (self->date);
  g_clear_pointer (&self->situation, gb_situation_free);
  g_clear_pointer (&self->slides, g_array_unref);
  g_clear_pointer (&self->available, g_array_unref);
  g_clear_pointer (&self->hidden, g_array_unref);
  g_clear_object (&self->cases_chart);
  g_clear_object (&self->vacc_chart);
  g_clear_object (&self->map);
  g_clear_pointer (&self->districts, g_ptr_array_unref);
  g_clear_pointer (&self->due_items, g_ptr_array_unref);
  g_clear_pointer (&self->conclusion, gb_conclusion_free);
  g_clear_pointer (&self->since, g_free);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  G_OBJECT_CLASS (gb_slide_deck_parent_class)->finalize (object);
}

static void
gb_slide_deck_class_init (GbSlideDeckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_slide_deck_finalize;
}

static void
gb_slide_deck_init (GbSlideDeck *self)
{
  self->slides = g_array_new (FALSE, FALSE, sizeof (SlideKind));
  self->available = g_array_new (FALSE, FALSE, sizeof (SlideKind));
  self->hidden = g_array_new (FALSE, TRUE, sizeof (gboolean));
  self->districts = g_ptr_array_new_with_free_func ((GDestroyNotify) district_row_free);
}

/* Adds the codes of the communes at or under @code to @set (the unit itself when a commune). */
static gboolean
collect_communes (GbStore     *store,
                  const char  *code,
                  GHashTable  *set,
                  GError     **error)
{
  g_autoptr(GPtrArray) children = NULL;

  if ((children = gb_store_list_units (store, GB_UNIT_LEVEL_ANY, code, error)) == NULL)
    return FALSE;
  if (children->len == 0)
    g_hash_table_add (set, g_strdup (code));
  for (guint i = 0; i < children->len; i++)
    {
      GbUnit *child = g_ptr_array_index (children, i);

      if (child->level == GB_UNIT_LEVEL_COMMUNE)
        g_hash_table_add (set, g_strdup (child->code));
      else if (!collect_communes (store, child->code, set, error))
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
levels_under (GbLevelEngine *engine,
              GHashTable    *communes,
              const char    *date,
              GError       **error)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *mine;

  if ((all = gb_level_engine_compute (engine, date, GB_UNIT_LEVEL_COMMUNE, error)) == NULL)
    return NULL;
  mine = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_level_result_free);
  for (guint i = 0; i < all->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (all, i);

      if (g_hash_table_contains (communes, r->unit_code))
        g_ptr_array_add (mine, gb_level_result_copy (r));
    }
  return mine;
}

/**
 * gb_slides_add_levels_with_engine:
 * @engine: the engine to use (it caches the series, so one engine serves a whole deck)
 *
 * Counts the communes of @situation's unit per effective level on its date, and a week
 * before (briefings are weekly: "changes since the last briefing").
 *
 * Returns: TRUE when levels were added
 */
gboolean
gb_slides_add_levels_with_engine (GbLevelEngine *engine,
                                  GbStore       *store,
                                  GbSituation   *situation,
                                  GError       **error)
{
  g_autoptr(GHashTable) communes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GDate) d = g_date_new ();
  char prev[16];

  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (engine), FALSE);
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (situation != NULL, FALSE);

  if (situation->unit_code == NULL || !collect_communes (store, situation->unit_code, communes, error))
    return FALSE;
  if ((now = levels_under (engine, communes, situation->date, error)) == NULL)
    return FALSE;
  g_date_set_parse (d, situation->date);
  if (g_date_valid (d))
    {
      g_date_subtract_days (d, 7);
      g_snprintf (prev, sizeof prev, "%04d-%02d-%02d", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
      /* No data a week before is not an error: the change is just not shown. */
      before = levels_under (engine, communes, prev, NULL);
    }
  gb_situation_set_levels (situation, now, before);
  gb_level_engine_get_rule_set (engine, situation->date, NULL, NULL, &situation->zones, NULL);
  return TRUE;
}

/**
 * gb_slides_add_levels:
 *
 * gb_slides_add_levels_with_engine() with an engine of its own.
 *
 * Returns: TRUE when levels were added
 */
gboolean
gb_slides_add_levels (GbStore      *store,
                      GbSituation  *situation,
                      GError      **error)
{
  g_autoptr(GbLevelEngine) engine = gb_level_engine_new (store);

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (situation != NULL, FALSE);

  return gb_slides_add_levels_with_engine (engine, store, situation, error);
}

/* The unit's chart for the 90 days up to @date, with the level strip, the directives and
 * the targets; NULL when there is no data in that window. */
static GbChart *
slide_chart (GbStore       *store,
             GbLevelEngine *engine,
             GbChartKind    kind,
             const char    *unit_code,
             const char    *date)
{
  g_autoptr(GbChart) chart = gb_chart_new (kind);
  g_autoptr(GPtrArray) markers = NULL;
  g_autofree guint8 *levels = NULL;
  GbChartData *data;
  guint32 day = gb_day_from_iso (date), first, last, from;

  if (unit_code == NULL || day == 0 || (data = gb_store_load_chart_data (store, unit_code, NULL)) == NULL)
    return NULL;
  gb_chart_add_unit (chart, data);
  if (!gb_chart_get_extent (chart, &first, &last) || first > day || last + 7 < day)
    return NULL;
  from = MAX (first, day > 89 ? day - 89 : first);
  gb_chart_set_view (chart, from, day);
  gb_chart_set_title (chart, data->unit_name);
  /* Read through video-call compression: large type, thick lines. */
  gb_chart_set_font_scale (chart, 1.35);
  gb_chart_set_current_day (chart, 0);
  if ((markers = gb_store_load_chart_markers (store, NULL)) != NULL)
    gb_chart_set_markers (chart, markers);
  levels = gb_chart_compute_levels (engine, unit_code, from, day);
  gb_chart_set_levels (chart, from, day - from + 1, levels);
  if (kind == GB_CHART_VACCINATION)
    gb_chart_set_targets (chart, gb_store_levels_get_threshold (store, "nq128", "dose1_18_high", date),
                          gb_store_levels_get_threshold (store, "nq128", "full_65_target", date));
  return g_steal_pointer (&chart);
}

/**
 * gb_slide_deck_new:
 * @date: YYYY-MM-DD
 *
 * gb_slide_deck_new_full() with a level engine and a map of its own.
 *
 * Returns: (transfer full): the deck, or NULL with an error
 */
GbSlideDeck *
gb_slide_deck_new (GbStore     *store,
                   const char  *date,
                   GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  return gb_slide_deck_new_full (store, NULL, NULL, date, error);
}

/**
 * gb_slide_deck_new_full:
 * @engine_in: (nullable): the level engine to compute with (the store's shared one keeps its
 *   data across dates); NULL: one of its own
 * @map: (nullable): a renderer with the store's boundaries loaded, whose levels the deck sets
 *   (so a date step reads no geometry); NULL: one of its own
 * @date: YYYY-MM-DD
 *
 * Collects everything the slides show for @date from the store, once, so rendering is only
 * drawing.
 *
 * Returns: (transfer full): the deck, or NULL with an error
 */
GbSlideDeck *
gb_slide_deck_new_full (GbStore        *store,
                        GbLevelEngine  *engine_in,
                        GbMapRenderer  *map,
                        const char     *date,
                        GError        **error)
{
  g_autoptr(GbSlideDeck) self = g_object_new (GB_TYPE_SLIDE_DECK, NULL);
  g_autoptr(GPtrArray) districts = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GPtrArray) states = NULL;
  SlideKind kinds[] = { SLIDE_OVERVIEW, SLIDE_MAP, SLIDE_CHANGES, SLIDE_CASES, SLIDE_VACCINATION, SLIDE_DISTRICTS, SLIDE_TASKS, SLIDE_CONCLUSION };
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (SlideKind));
  gint64 conclusion_id;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  if ((self->situation = gb_situation_compute (store, NULL, date, error)) == NULL)
    return NULL;
  self->date = g_strdup (date);
  engine = engine_in ? g_object_ref (engine_in) : gb_level_engine_new (store);
  /* A deck without levels (no rule set applies, no data) still shows everything else. */
  gb_slides_add_levels_with_engine (engine, store, self->situation, NULL);

  if ((districts = gb_store_list_units (store, GB_UNIT_LEVEL_DISTRICT, self->situation->unit_code, error)) == NULL)
    return NULL;
  for (guint i = 0; i < districts->len; i++)
    {
      GbUnit *unit = g_ptr_array_index (districts, i);
      DistrictRow *row = g_new0 (DistrictRow, 1);

      row->unit = gb_unit_copy (unit);
      g_ptr_array_add (self->districts, row);
      if ((row->situation = gb_situation_compute (store, unit->code, date, error)) == NULL)
        return NULL;
      gb_slides_add_levels_with_engine (engine, store, row->situation, NULL);
      {
        g_autoptr(GbLevelResult) r = gb_level_engine_compute_unit (engine, unit->code, date, NULL);

        row->level = r ? r->effective : GB_LEVEL_NO_DATA;
      }
    }

  if ((self->due_items = gb_store_list_due_items (store, date, 7, error)) == NULL ||
      (states = gb_store_count_task_states (store, GB_TASK_GROUP_ALL, date, error)) == NULL)
    return NULL;
  memcpy (self->task_states, ((GbTaskStateCount *) g_ptr_array_index (states, 0))->counts, sizeof self->task_states);
  conclusion_id = gb_store_latest_conclusion_id (store, date, NULL);
  if (conclusion_id > 0 && (self->conclusion = gb_store_load_conclusion (store, conclusion_id, error)) == NULL)
    return NULL;

  self->cases_chart = slide_chart (store, engine, GB_CHART_CASES, self->situation->unit_code, date);
  self->vacc_chart = slide_chart (store, engine, GB_CHART_VACCINATION, self->situation->unit_code, date);

  self->map = map ? g_object_ref (map) : gb_map_renderer_new ();
  if ((map == NULL && !gb_map_renderer_load (self->map, store, NULL)) || gb_map_renderer_get_n_units (self->map) == 0 ||
      !gb_map_renderer_set_levels_from_engine (self->map, engine, date, NULL))
    g_clear_object (&self->map);
  /* What changed since the last briefing: the levels on its conclusion's date. */
  if ((self->since = gb_store_last_conclusion_date (store, date)) != NULL)
    self->changes = gb_level_changes_compute (engine, self->since, date, NULL);

  /* Map and case chart slides only when there is something to show; the conclusion only once
   * one is drafted (an empty one said only that none was). The vaccination slide stays, saying
   * when there are no figures for the date: a slide that silently went missing was asked for. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if ((kinds[i] != SLIDE_CASES || self->cases_chart) && (kinds[i] != SLIDE_MAP || self->map) &&
        (kinds[i] != SLIDE_CHANGES || (self->map && self->changes)) &&
        (kinds[i] != SLIDE_CONCLUSION || self->conclusion))
      g_array_append_val (present, kinds[i]);
  g_array_append_vals (self->available, present->data, present->len);
  g_array_set_size (self->hidden, N_SLIDE_KINDS);
  g_array_append_vals (self->slides, present->data, present->len);
  return g_steal_pointer (&self);
}

static int
kind_of_id (GbSlideDeck *self,
            const char  *id)
{
  for (guint i = 0; i < self->available->len; i++)
    if (g_strcmp0 (slide_id (g_array_index (self->available, SlideKind, i)), id) == 0)
      return g_array_index (self->available, SlideKind, i);
  return -1;
}

/**
 * gb_slide_deck_arrange:
 * @order: (nullable): slide ids in the order the user chose; ids the deck does not have are
 *   skipped, and slides missing from it (new kinds) keep their default place after them
 * @hidden: (nullable): ids of slides not to show
 *
 * Applies a user's arrangement, as remembered in their settings. Hidden slides stay in the
 * deck's list of available slides so they can be shown again.
 */
void
gb_slide_deck_arrange (GbSlideDeck        *self,
                       const char * const *order,
                       const char * const *hidden)
{
  g_autoptr(GArray) arranged = g_array_new (FALSE, FALSE, sizeof (SlideKind));
  gboolean placed[N_SLIDE_KINDS] = { FALSE };

  g_return_if_fail (GB_IS_SLIDE_DECK (self));

  for (guint i = 0; order != NULL && order[i] != NULL; i++)
    {
      int kind = kind_of_id (self, order[i]);

      if (kind >= 0 && !placed[kind])
        {
          SlideKind k = kind;

          g_array_append_val (arranged, k);
          placed[kind] = TRUE;
        }
    }
  for (guint i = 0; i < self->available->len; i++)
    {
      SlideKind k = g_array_index (self->available, SlideKind, i);

      if (!placed[k])
        g_array_append_val (arranged, k);
    }
  g_array_set_size (self->available, 0);
  g_array_append_vals (self->available, arranged->data, arranged->len);

  g_array_set_size (self->slides, 0);
  for (guint k = 0; k < N_SLIDE_KINDS; k++)
    g_array_index (self->hidden, gboolean, k) = FALSE;
  for (guint i = 0; hidden != NULL && hidden[i] != NULL; i++)
    {
      int kind = kind_of_id (self, hidden[i]);

      if (kind >= 0)
        g_array_index (self->hidden, gboolean, kind) = TRUE;
    }
  for (guint i = 0; i < self->available->len; i++)
    {
      SlideKind k = g_array_index (self->available, SlideKind, i);

      if (!g_array_index (self->hidden, gboolean, k))
        g_array_append_val (self->slides, k);
    }
}

/** gb_slide_deck_get_n_available: Returns: how many slides the deck has, hidden ones included. */
guint
gb_slide_deck_get_n_available (GbSlideDeck *self)
{
  g_return_val_if_fail (GB_IS_SLIDE_DECK (self), 0);
  return self->available->len;
}

/** gb_slide_deck_get_available_id: Returns: the id of the @index-th slide, hidden ones included. */
const char *
gb_slide_deck_get_available_id (GbSlideDeck *self,
                                guint        index)
{
  g_return_val_if_fail (GB_IS_SLIDE_DECK (self) && index < self->available->len, NULL);
  return slide_id (g_array_index (self->available, SlideKind, index));
}

/** gb_slide_deck_get_available_title: Returns: the title of the @index-th slide, hidden ones included. */
const char *
gb_slide_deck_get_available_title (GbSlideDeck *self,
                                   guint        index)
{
  g_return_val_if_fail (GB_IS_SLIDE_DECK (self) && index < self->available->len, NULL);
  return slide_title (g_array_index (self->available, SlideKind, index));
}

/** gb_slide_deck_is_hidden: Returns: whether the slide @id is hidden by the arrangement. */
gboolean
gb_slide_deck_is_hidden (GbSlideDeck *self,
                         const char  *id)
{
  int kind;

  g_return_val_if_fail (GB_IS_SLIDE_DECK (self), FALSE);
  kind = kind_of_id (self, id);
  return kind >= 0 && g_array_index (self->hidden, gboolean, kind);
}

/** gb_slide_deck_get_n_slides: Returns: how many slides the deck has. */
guint
gb_slide_deck_get_n_slides (GbSlideDeck *self)
{
  g_return_val_if_fail (GB_IS_SLIDE_DECK (self), 0);
  return self->slides->len;
}

/** gb_slide_deck_get_slide_id: Returns: a stable id ("overview", "districts" …) for file names and settings. */
const char *
gb_slide_deck_get_slide_id (GbSlideDeck *self,
                            guint        index)
{
  g_return_val_if_fail (GB_IS_SLIDE_DECK (self) && index < self->slides->len, NULL);
  return slide_id (g_array_index (self->slides, SlideKind, index));
}

/** gb_slide_deck_get_slide_title: Returns: the slide's translated title. */
const char *
gb_slide_deck_get_slide_title (GbSlideDeck *self,
                               guint        index)
{
  g_return_val_if_fail (GB_IS_SLIDE_DECK (self) && index < self->slides->len, NULL);
  return slide_title (g_array_index (self->slides, SlideKind, index));
}

/** gb_slide_deck_get_situation: Returns: (transfer none): the province's figures shown. */
const GbSituation *
gb_slide_deck_get_situation (GbSlideDeck *self)
{
  g_return_val_if_fail (GB_IS_SLIDE_DECK (self), NULL);
  return self->situation;
}

/**
 * gb_slide_deck_render:
 * @check: (nullable): receives the text boxes drawn and those that did not fit
 *
 * Draws slide @index on @cr at @width × @height pixels.
 */
void
gb_slide_deck_render (GbSlideDeck  *self,
                      guint         index,
                      cairo_t      *cr,
                      int           width,
                      int           height,
                      gboolean      dark,
                      GbSlideCheck *check)
{
  Ctx x = { 0 };
  SlideKind kind;

  g_return_if_fail (GB_IS_SLIDE_DECK (self) && index < self->slides->len);

  kind = g_array_index (self->slides, SlideKind, index);
  x.cr = cr;
  x.w = width;
  x.h = height;
  x.u = MIN (width / 1280.0, height / 720.0);
  x.dark = dark;
  x.check = check;
  if (dark)
    {
      x.bg = gb_slide_hex (0x111418); x.fg = gb_slide_hex (0xF5F5F5); x.muted = gb_slide_hex (0xC9CDD2);
      x.card = gb_slide_hex (0x23282F); x.accent = gb_slide_hex (0x6CB4FF); x.line = gb_slide_hex (0x4A525C);
    }
  else
    {
      x.bg = gb_slide_hex (0xFFFFFF); x.fg = gb_slide_hex (0x111111); x.muted = gb_slide_hex (0x3D4550);
      x.card = gb_slide_hex (0xEEF1F5); x.accent = gb_slide_hex (0x0B4F8A); x.line = gb_slide_hex (0xC4CAD2);
    }

  cairo_save (cr);
  gb_slide_draw_frame (&x, self, index, slide_title (kind));
  switch (kind)
    {
    case SLIDE_OVERVIEW: gb_slide_draw_overview (&x, self); break;
    case SLIDE_DISTRICTS: gb_slide_draw_districts (&x, self); break;
    case SLIDE_TASKS: gb_slide_draw_tasks (&x, self); break;
    case SLIDE_CONCLUSION: gb_slide_draw_conclusion (&x, self); break;
    case SLIDE_CASES: gb_slide_draw_chart (&x, self->cases_chart); break;
    case SLIDE_VACCINATION: gb_slide_draw_vaccination (&x, self); break;
    case SLIDE_MAP: gb_slide_draw_map (&x, self->map); break;
    case SLIDE_CHANGES: gb_slide_draw_changes (&x, self); break;
    default: break;
    }
  cairo_restore (cr);
}

/**
 * gb_slide_deck_render_png:
 *
 * Renders slide @index into a PNG file.
 *
 * Returns: TRUE on success
 */
gboolean
gb_slide_deck_render_png (GbSlideDeck  *self,
                          guint         index,
                          int           width,
                          int           height,
                          gboolean      dark,
                          const char   *path,
                          GbSlideCheck *check,
                          GError      **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  g_return_val_if_fail (GB_IS_SLIDE_DECK (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  gb_slide_deck_render (self, index, cr, width, height, dark, check);
  cairo_destroy (cr);
  return gb_file_finish_surface (surface, path, error);
}
