/* gb-slide-pages.c — the content of each slide: overview, districts, tasks, the draft
 * conclusion, the map and the charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gb-slide-deck-private.h"
#include "gb-store-meetings.h"
#include "gb-text.h"

/* "123 ca" with dotted thousands. */
static char *
cases_text (gint64 n)
{
  g_autofree char *num = gb_text_format_count (n);

  return g_strdup_printf (_("%s cases"), num);
}

static char *
change_text (const GbSituation *s)
{
  double change = gb_situation_change_percent (s);
  g_autofree char *prev = cases_text (s->cases_prev_7d);
  g_autofree char *pct = NULL;

  if (isnan (change))
    return s->cases_7d > 0 ? g_strdup (_("none the week before")) : g_strdup (_("none the week before either"));
  pct = gb_format_decimal (fabs (change), 1);
  if (fabs (change) < 0.05)
    return g_strdup_printf (_("unchanged from the week before (%s)"), prev);
  if (change > 0)
    return g_strdup_printf (_("▲ up %s%% from the week before (%s)"), pct, prev);
  return g_strdup_printf (_("▼ down %s%% from the week before (%s)"), pct, prev);
}

void
gb_slide_draw_overview (Ctx         *x,
                        GbSlideDeck *deck)
{
  const GbSituation *s = deck->situation;
  double m = 40 * x->u, top = 112 * x->u, gap = 20 * x->u;
  double cols = s->has_levels ? 3 : 2;
  double cw = (x->w - 2 * m - (cols - 1) * gap) / cols;
  double ch = (x->h - top - 60 * x->u - gap) / 2;
  g_autofree char *from = gb_format_short_date (s->week_from);
  g_autofree char *to = gb_format_short_date (s->date);
  g_autofree char *vdate = gb_format_short_date (s->vacc_date);
  g_autofree char *cases = cases_text (s->cases_7d);
  g_autofree char *community = cases_text (s->community_7d);
  g_autofree char *change = change_text (s);
  g_autofree char *d1 = g_strdup_printf (_("New cases %s–%s\n%s"), from, to, change);
  g_autofree char *comm_prev = cases_text (s->community_prev_7d);
  g_autofree char *d2 = g_strdup_printf (_("Found outside quarantine, %s–%s\nWeek before: %s"), from, to, comm_prev);
  g_autofree char *p18 = gb_format_percent (s->dose1_18_share);
  g_autofree char *p65 = gb_format_percent (s->full_65_share);
  g_autofree char *d3 = NULL;
  g_autofree char *d4 = NULL;

  if (s->vacc_date != NULL)
    {
      g_autofree char *people = gb_text_format_count (s->dose1_18);
      g_autofree char *pop = gb_text_format_count (s->pop_18);
      g_autofree char *full = gb_text_format_count (s->full_65);
      g_autofree char *pop65 = gb_text_format_count (s->pop_65);

      d3 = g_strdup_printf (_("%s of %s people, as of %s · target 70%%"), people, pop, vdate);
      d4 = s->full_65 >= 0 ? g_strdup_printf (_("%s of %s people, as of %s · target 80%%"), full, pop65, vdate)
                           : g_strdup (_("No figures"));
    }
  else
    {
      d3 = g_strdup (_("No vaccination figures in the last 30 days"));
      d4 = g_strdup (_("No vaccination figures in the last 30 days"));
    }

  gb_slide_stat_card (x, m, top, cw, ch, _("New cases, 7 days"), cases, d1, NAN, 0);
  gb_slide_stat_card (x, m + cw + gap, top, cw, ch, _("Community cases, 7 days"), community, d2, NAN, 0);
  gb_slide_stat_card (x, m, top + ch + gap, cw, ch, _("Adults (18+) with at least 1 dose"), p18, d3, s->dose1_18_share, 0.70);
  gb_slide_stat_card (x, m + cw + gap, top + ch + gap, cw, ch, _("People 65+ fully vaccinated"), p65, d4, s->full_65_share, 0.80);

  if (s->has_levels)
    {
      double lx = m + 2 * (cw + gap), ly = top, lh = 2 * ch + gap, pad = 18 * x->u;
      double row = (lh - 70 * x->u) / 5;

      gb_slide_fill_rect (x, lx, ly, cw, lh, x->card);
      gb_slide_draw_text (x, _("Communes per level"), lx + pad, ly + pad, cw - 2 * pad, 34 * x->u, 24 * x->u,
                 PANGO_ALIGN_LEFT, TRUE, x->muted);
      for (int l = GB_LEVEL_4, k = 0; l >= GB_LEVEL_NO_DATA; l--, k++)
        {
          double ry = ly + 60 * x->u + k * row;
          g_autofree char *name = gb_slide_esc (gb_level_get_name_for (l, s->zones));
          g_autofree char *text = NULL;

          if (s->has_prev_levels)
            {
              int diff = (int) s->communes_per_level[l] - (int) s->communes_per_level_prev[l];
              text = g_strdup_printf ("<b>%u</b>  %s  %s", s->communes_per_level[l], name,
                                      diff > 0 ? "▲" : diff < 0 ? "▼" : "");
              if (diff != 0)
                {
                  g_autofree char *t2 = g_strdup_printf ("%s%+d", text, diff);
                  g_free (text);
                  text = g_steal_pointer (&t2);
                }
            }
          else
            text = g_strdup_printf ("<b>%u</b>  %s", s->communes_per_level[l], name);
          gb_slide_fill_rect (x, lx + pad, ry + 4 * x->u, 28 * x->u, 28 * x->u, gb_slide_hex (gb_level_get_color (l)));
          gb_slide_draw_text (x, text, lx + pad + 40 * x->u, ry, cw - 2 * pad - 40 * x->u, row, 24 * x->u,
                     PANGO_ALIGN_LEFT, FALSE, x->fg);
        }
    }
}

void
gb_slide_draw_districts (Ctx         *x,
                         GbSlideDeck *deck)
{
  double m = 40 * x->u, top = 112 * x->u;
  double tw = x->w - 2 * m;
  /* Its level (named, beside its colour), then the week's cases, also per 100,000 people, so
   * districts of different sizes compare. */
  const double colw[] = { 0.23, 0.16, 0.1, 0.1, 0.1, 0.11, 0.1, 0.1 };
  const char *heads[] = { N_("District"), N_("Level"), N_("Cases, 7 days"), N_("Week before"), N_("Change"),
                          N_("Per 100,000"), N_("Community"), N_("18+ ≥1 dose") };
  enum { N_COLS = G_N_ELEMENTS (heads) };
  guint n = deck->districts->len;
  /* Rows as tall as the room allows (up to three lines of a long name), all on the slide. */
  double row_h = MIN (100 * x->u, (x->h - top - 70 * x->u) / (n + 1));
  double cx;

  for (guint r = 0; r <= n; r++)
    {
      double ry = top + r * row_h;
      g_autofree char *cells[N_COLS] = { NULL };
      int level = GB_LEVEL_NO_DATA;

      if (r == 0)
        for (int c = 0; c < N_COLS; c++)
          cells[c] = gb_slide_esc (_(heads[c]));
      else
        {
          DistrictRow *row = g_ptr_array_index (deck->districts, r - 1);
          const GbSituation *s = row->situation;
          double ch = gb_situation_change_percent (s);

          level = row->level;
          cells[0] = gb_slide_esc (row->unit->name);
          cells[1] = gb_slide_esc (level == GB_LEVEL_NO_DATA ? "—" : gb_level_get_name_for (level, deck->situation->zones));
          cells[2] = gb_text_format_count (s->cases_7d);
          cells[3] = gb_text_format_count (s->cases_prev_7d);
          if (isnan (ch))
            cells[4] = g_strdup ("—");
          else
            {
              g_autofree char *p = gb_format_decimal (fabs (ch), 0);
              cells[4] = g_strdup_printf ("%s%s%%", ch > 0.5 ? "▲ " : ch < -0.5 ? "▼ " : "", p);
            }
          cells[5] = s->population > 0 ? gb_format_decimal (s->cases_7d * 100000.0 / s->population, 1) : g_strdup ("—");
          cells[6] = gb_text_format_count (s->community_7d);
          cells[7] = gb_format_percent (s->dose1_18_share);
          if (r % 2 == 0)
            gb_slide_fill_rect (x, m, ry, tw, row_h, x->card);
        }
      cx = m;
      for (int c = 0; c < N_COLS; c++)
        {
          double cw = colw[c] * tw, pad = 10 * x->u;

          /* The level's colour beside its name: never by colour alone. */
          if (c == 1 && level != GB_LEVEL_NO_DATA)
            {
              gb_slide_fill_rect (x, cx + pad, ry + 12 * x->u, 16 * x->u, 16 * x->u, gb_slide_hex (gb_level_get_color (level)));
              pad += 22 * x->u;
            }
          gb_slide_draw_text (x, cells[c], cx + pad, ry + 6 * x->u, cw - pad - 8 * x->u, row_h - 8 * x->u,
                              (r == 0 ? 20 : 24) * x->u, c <= 1 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT, r == 0,
                              r == 0 ? x->muted : x->fg);
          cx += cw;
          g_free (cells[c]);
          cells[c] = NULL;
        }
      if (r == 0)
        {
          gb_slide_set_rgb (x->cr, x->fg);
          cairo_set_line_width (x->cr, 3 * x->u);
          cairo_move_to (x->cr, m, ry + row_h);
          cairo_line_to (x->cr, m + tw, ry + row_h);
          cairo_stroke (x->cr);
        }
    }
  if (n == 0)
    gb_slide_draw_text (x, _("No districts in the database"), m, top + row_h, tw, 40 * x->u, 26 * x->u,
               PANGO_ALIGN_LEFT, FALSE, x->muted);
}

static int
days_between (const char *from,
              const char *to)
{
  GDate a, b;
  int y, m, d;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  if (sscanf (from, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return 0;
  g_date_set_dmy (&a, d, m, y);
  if (sscanf (to, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return 0;
  g_date_set_dmy (&b, d, m, y);
  return g_date_days_between (&a, &b);
}

void
gb_slide_draw_tasks (Ctx         *x,
                     GbSlideDeck *deck)
{
  double m = 40 * x->u, y = 112 * x->u, bottom = x->h - 60 * x->u;
  double tw = x->w - 2 * m;
  const char *last_org = "";
  guint shown = 0;
  g_autofree char *states = NULL;

  /* The four states of every task, as the Government Office reports them. */
  states = g_strdup_printf (_("%s %u · %s %u · %s %u · %s %u · %s %u"),
                            gb_task_state_label (GB_TASK_STATE_ON_TIME), deck->task_states[GB_TASK_STATE_ON_TIME],
                            gb_task_state_label (GB_TASK_STATE_LATE), deck->task_states[GB_TASK_STATE_LATE],
                            gb_task_state_label (GB_TASK_STATE_OPEN), deck->task_states[GB_TASK_STATE_OPEN],
                            gb_task_state_label (GB_TASK_STATE_OVERDUE), deck->task_states[GB_TASK_STATE_OVERDUE],
                            gb_task_state_label (GB_TASK_STATE_NO_DEADLINE), deck->task_states[GB_TASK_STATE_NO_DEADLINE]);
  y += gb_slide_draw_text (x, states, m, y, tw, 34 * x->u, 22 * x->u, PANGO_ALIGN_LEFT, TRUE, x->muted) + 8 * x->u;
  if (deck->due_items->len == 0)
    {
      gb_slide_draw_text (x, _("No open task is overdue or due within 7 days."), m, y, tw, 60 * x->u, 30 * x->u,
                 PANGO_ALIGN_LEFT, FALSE, x->fg);
      return;
    }
  for (guint i = 0; i < deck->due_items->len; i++)
    {
      GbDueItem *item = g_ptr_array_index (deck->due_items, i);
      const char *org = item->organisation ? item->organisation : _("No responsible unit");
      int late = days_between (item->due_date, deck->date);
      g_autofree char *due = gb_format_short_date (item->due_date);
      g_autofree char *state = late > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "OVERDUE %d day", "OVERDUE %d days", late), late)
                                        : g_strdup_printf (_("due %s"), due);
      g_autofree char *text = gb_slide_esc (item->text);
      g_autofree char *num = gb_slide_esc (item->document_number ? item->document_number : "");
      g_autofree char *line = g_strdup_printf ("<b>%s</b>  %s %s — %s", state, num, item->path, text);
      /* As high as its text at a readable size: a long task wraps rather than being cut. */
      double row = gb_slide_text_height (x, line, tw - 20 * x->u, 24 * x->u) + 2 * x->u;

      if (strcmp (org, last_org) != 0)
        {
          g_autofree char *o = gb_slide_esc (org);

          if (y + 2 * row > bottom)
            break;
          y += gb_slide_draw_text (x, o, m, y, tw, 40 * x->u, 28 * x->u, PANGO_ALIGN_LEFT, TRUE, x->accent) + 4 * x->u;
          last_org = org;
        }
      if (y + row > bottom)
        break;
      if (late > 0)
        gb_slide_fill_rect (x, m, y + 4 * x->u, 8 * x->u, row - 8 * x->u, gb_slide_hex (0xDA4711));
      y += gb_slide_draw_text (x, line, m + 20 * x->u, y, tw - 20 * x->u, row, 24 * x->u, PANGO_ALIGN_LEFT, FALSE, x->fg) + 6 * x->u;
      shown++;
    }
  if (shown < deck->due_items->len)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more items in the tracker"), deck->due_items->len - shown);
      gb_slide_draw_text (x, more, m, bottom - 10 * x->u, tw, 34 * x->u, 22 * x->u, PANGO_ALIGN_LEFT, FALSE, x->muted);
    }
}

void
gb_slide_draw_conclusion (Ctx         *x,
                          GbSlideDeck *deck)
{
  double m = 40 * x->u, top = 112 * x->u;
  double tw = x->w - 2 * m, bh = x->h - top - 70 * x->u;
  GString *s = g_string_new (NULL);
  GbConclusion *c = deck->conclusion;

  if (c == NULL)
    {
      gb_slide_draw_text (x, _("No conclusion has been drafted yet for this meeting."), m, top, tw, 60 * x->u, 30 * x->u,
                 PANGO_ALIGN_LEFT, FALSE, x->fg);
      g_string_free (s, TRUE);
      return;
    }
  {
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
    guint keep;

    for (guint i = 0; i < c->sections->len; i++)
      {
        GbConclusionSection *sec = g_ptr_array_index (c->sections, i);
        g_autofree char *h = gb_slide_esc (sec->heading);

        g_ptr_array_add (lines, g_strdup_printf ("<b>%u. %s</b>", i + 1, h));
        for (guint j = 0; j < sec->tasks->len; j++)
          {
            GbConclusionTask *t = g_ptr_array_index (sec->tasks, j);
            GString *line = g_string_new (NULL);
            g_autofree char *tt = gb_slide_esc (t->text);

            g_string_append_printf (line, "%u.%u. %s", i + 1, j + 1, tt);
            if (t->units->len > 0)
              {
                g_autofree char *ue = gb_slide_esc (g_ptr_array_index (t->units, 0));
                g_string_append_printf (line, " — <i>%s%s</i>", ue, t->units->len > 1 ? " …" : "");
              }
            if (t->due_date != NULL)
              {
                g_autofree char *due = gb_format_short_date (t->due_date);
                g_string_append_printf (line, " — <b>%s</b>", due);
              }
            g_ptr_array_add (lines, g_string_free (line, FALSE));
          }
      }
    /* A slide is not the notice: when everything cannot be read at a readable size, show the
     * first lines and say how many follow, rather than shrinking the text into a blur. */
    for (keep = lines->len; keep > 0; keep--)
      {
        g_string_truncate (s, 0);
        for (guint k = 0; k < keep; k++)
          g_string_append_printf (s, "%s%s", k ? "\n" : "", (char *) g_ptr_array_index (lines, k));
        if (keep < lines->len)
          {
            g_autofree char *more = g_strdup_printf (_("… and %u more lines in the notice"), lines->len - keep);
            g_string_append_printf (s, "\n<i>%s</i>", more);
          }
        if (gb_slide_text_fits (x, s->str, tw, bh))
          break;
      }
  }
  gb_slide_draw_text (x, s->str, m, top, tw, bh, 28 * x->u, PANGO_ALIGN_LEFT, FALSE, x->fg);
  g_string_free (s, TRUE);
}

/* The zone map slide: the same map as the Map view, with its legend, large enough to read. */
void
gb_slide_draw_map (Ctx           *x,
                   GbMapRenderer *map)
{
  double m = 40 * x->u, top = 104 * x->u;
  double mw = x->w - 2 * m, mh = x->h - top - 56 * x->u, label;
  GbMapView view;

  if (map == NULL || !gb_map_renderer_fit (map, NULL, (int) mw, (int) mh, &view))
    return;
  cairo_save (x->cr);
  cairo_translate (x->cr, m, top);
  cairo_rectangle (x->cr, 0, 0, mw, mh);
  cairo_clip (x->cr);
  gb_map_renderer_set_dark (map, x->dark);
  /* Names read on a shared screen; the view's own size is put back after. */
  label = gb_map_renderer_get_label_size (map);
  gb_map_renderer_set_label_size (map, GB_SLIDE_MIN_TEXT * x->u);
  gb_map_renderer_draw (map, x->cr, &view, (int) mw, (int) mh);
  gb_map_renderer_set_label_size (map, label);
  gb_slide_note_size (x, GB_SLIDE_MIN_TEXT * x->u);
  {
    double lw, lh;

    gb_map_renderer_get_legend_size (map, GB_SLIDE_MIN_TEXT * x->u, &lw, &lh);
    gb_map_renderer_draw_legend (map, x->cr, 8 * x->u, mh - lh - 8 * x->u, GB_SLIDE_MIN_TEXT * x->u);
    gb_slide_note_size (x, GB_SLIDE_MIN_TEXT * x->u);
  }
  cairo_restore (x->cr);
}

/* A chart slide: the same chart as the Charts view, at slide size and type. */
void
gb_slide_draw_chart (Ctx     *x,
                     GbChart *chart)
{
  double m = 40 * x->u, top = 104 * x->u;
  double cw = x->w - 2 * m, ch = x->h - top - 56 * x->u;

  double smallest;

  if (chart == NULL)
    return;
  cairo_save (x->cr);
  cairo_translate (x->cr, m, top);
  gb_chart_set_dark (chart, x->dark);
  /* Its smallest labels no smaller than the slide's. */
  gb_chart_set_font_scale (chart, 1.0);
  smallest = gb_chart_get_smallest_text (chart, (int) cw, (int) ch);
  if (smallest < GB_SLIDE_MIN_TEXT * x->u)
    gb_chart_set_font_scale (chart, GB_SLIDE_MIN_TEXT * x->u / smallest);
  gb_chart_draw (chart, x->cr, (int) cw, (int) ch);
  gb_slide_note_size (x, gb_chart_get_smallest_text (chart, (int) cw, (int) ch));
  cairo_restore (x->cr);
}

/* The vaccination slide: its chart, or a sentence when there are no figures for the date. */
void
gb_slide_draw_vaccination (Ctx         *x,
                           GbSlideDeck *deck)
{
  double m = 40 * x->u, top = 104 * x->u;
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;

  if (deck->vacc_chart != NULL)
    {
      gb_slide_draw_chart (x, deck->vacc_chart);
      return;
    }
  day = gb_text_format_date (deck->date);
  /* Translators: the vaccination slide of a date without figures; the date is dd/mm/yyyy. */
  text = g_strdup_printf (_("No vaccination figures in the 7 days up to %s."), day ? day : deck->date);
  gb_slide_draw_text (x, text, m, top, x->w - 2 * m, 60 * x->u, 30 * x->u, PANGO_ALIGN_LEFT, FALSE, x->fg);
}

/* What changed since the last briefing: the map of today's levels with each commune that moved
 * outlined and its move written on it, and the list of moves beside it (up first). */
void
gb_slide_draw_changes (Ctx         *x,
                       GbSlideDeck *deck)
{
  double m = 40 * x->u, top = 104 * x->u;
  double mw = (x->w - 2 * m) * 0.6, mh = x->h - top - 56 * x->u;
  double lx = m + mw + 24 * x->u, lw = x->w - lx - m, y = top;
  g_autofree char *since = gb_text_format_date (deck->since);
  g_autofree char *head = NULL;
  GbMapView view;
  guint up = 0, down = 0, red = 0;

  for (guint i = 0; i < deck->changes->len; i++)
    {
      const GbLevelChange *c = g_ptr_array_index (deck->changes, i);

      up += c->after > c->before;
      down += c->after < c->before;
      red += c->new_red;
    }
  if (gb_map_renderer_fit (deck->map, NULL, (int) mw, (int) mh, &view))
    {
      cairo_save (x->cr);
      cairo_translate (x->cr, m, top);
      cairo_rectangle (x->cr, 0, 0, mw, mh);
      cairo_clip (x->cr);
      gb_map_renderer_set_dark (deck->map, x->dark);
      gb_map_renderer_draw (deck->map, x->cr, &view, (int) mw, (int) mh);
      for (guint i = 0; i < deck->changes->len; i++)
        gb_map_renderer_draw_outline (deck->map, x->cr, &view, (int) mw, (int) mh,
                                      ((GbLevelChange *) g_ptr_array_index (deck->changes, i))->code);
      for (guint i = 0; i < deck->changes->len; i++)
        {
          const GbLevelChange *c = g_ptr_array_index (deck->changes, i);
          g_autofree char *move = g_strdup_printf ("%d→%d", (int) c->before, (int) c->after);

          gb_map_renderer_draw_mark (deck->map, x->cr, &view, (int) mw, (int) mh, c->code, move,
                                     c->after > c->before ? 0x8A1C00 : 0x0B5E3B, 15 * x->u);
        }
      cairo_restore (x->cr);
    }
  head = g_strdup_printf (_("Since the briefing of %s: %u up, %u down, %u new at level 4"), since, up, down, red);
  y += gb_slide_draw_text (x, head, lx, y, lw, 80 * x->u, 20, PANGO_ALIGN_LEFT, TRUE, x->fg) + 12 * x->u;
  if (deck->changes->len == 0)
    gb_slide_draw_text (x, _("No commune changed level."), lx, y, lw, 40 * x->u, 18, PANGO_ALIGN_LEFT, FALSE, x->muted);
  for (guint i = 0; i < deck->changes->len; i++)
    {
      const GbLevelChange *c = g_ptr_array_index (deck->changes, i);
      g_autofree char *line = gb_level_change_format (c);
      g_autofree char *e = gb_slide_esc (line);

      if (y > x->h - 80 * x->u)
        {
          g_autofree char *more = g_strdup_printf (_("… and %u more"), deck->changes->len - i);
          gb_slide_draw_text (x, more, lx, y, lw, 30 * x->u, 16, PANGO_ALIGN_LEFT, FALSE, x->muted);
          break;
        }
      y += gb_slide_draw_text (x, e, lx, y, lw, 30 * x->u, 16, PANGO_ALIGN_LEFT, FALSE,
                               c->after > c->before ? gb_slide_hex (0xB3261E) : gb_slide_hex (0x0F7A5A)) + 4 * x->u;
    }
}
