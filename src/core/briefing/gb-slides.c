/* gb-slides.c — briefing slides drawn headlessly with Cairo, for the presenter and for PNG
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
#include "gb-slides.h"
#include "gb-store.h"
#include "gb-store-meetings.h"
#include "gb-text.h"

typedef struct
{
  GbUnit      *unit;
  GbSituation *situation;
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
  GbConclusion *conclusion;  /* nullable: the latest draft on or before the date */
  GbChart      *cases_chart; /* nullable: no case data */
  GbChart      *vacc_chart;  /* nullable: no vaccination data */
  GbMapRenderer *map;        /* nullable: no boundaries */
};

G_DEFINE_FINAL_TYPE (GbSlideDeck, gb_slide_deck, G_TYPE_OBJECT)

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

static void
district_row_free (DistrictRow *row)
{
  gb_unit_free (row->unit);
  gb_situation_free (row->situation);
  g_free (row);
}

static void
set_rgb (cairo_t *cr,
         Rgb      c)
{
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
}

static Rgb
hex (guint32 v)
{
  return (Rgb) { ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0 };
}

static PangoLayout *
text_layout (Ctx           *x,
             const char    *markup,
             double         size,
             double         width,
             PangoAlignment align,
             gboolean       bold)
{
  PangoLayout *layout = pango_cairo_create_layout (x->cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string ("Noto Sans, Liberation Sans, sans");

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

/* Draws @markup inside the box, shrinking down to the smallest size readable after video
 * compression; returns the height used. */
static double
draw_text (Ctx           *x,
           const char    *markup,
           double         bx,
           double         by,
           double         bw,
           double         bh,
           double         size,
           PangoAlignment align,
           gboolean       bold,
           Rgb            color)
{
  double min_size = MAX (16.0, 15.0 * x->u);
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle ink, logical;
  gboolean fits = FALSE;

  for (;;)
    {
      g_clear_object (&layout);
      layout = text_layout (x, markup, size, bw, align, bold);
      pango_layout_get_pixel_extents (layout, &ink, &logical);
      fits = logical.height <= bh + 0.5 && logical.width <= bw + 0.5 && !pango_layout_is_ellipsized (layout);
      if (fits || size <= min_size)
        break;
      size = MAX (min_size, size * 0.92);
    }
  if (x->check != NULL)
    {
      x->check->boxes++;
      if (!fits)
        x->check->clipped++;
    }
  if (!fits)
    {
      pango_layout_set_height (layout, (int) (bh * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_extents (layout, &ink, &logical);
    }
  set_rgb (x->cr, color);
  cairo_move_to (x->cr, bx, by);
  pango_cairo_show_layout (x->cr, layout);
  return MIN (logical.height, bh);
}

/* Whether @markup fits the box at the smallest allowed size, without drawing it. */
static gboolean
text_fits (Ctx        *x,
           const char *markup,
           double      bw,
           double      bh)
{
  g_autoptr(PangoLayout) layout = text_layout (x, markup, MAX (16.0, 15.0 * x->u), bw, PANGO_ALIGN_LEFT, FALSE);
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.height <= bh + 0.5 && logical.width <= bw + 0.5;
}

static void
fill_rect (Ctx   *x,
           double rx,
           double ry,
           double rw,
           double rh,
           Rgb    color)
{
  set_rgb (x->cr, color);
  cairo_rectangle (x->cr, rx, ry, rw, rh);
  cairo_fill (x->cr);
}

static char *
esc (const char *s)
{
  return g_markup_escape_text (s ? s : "", -1);
}

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

static void
draw_frame (Ctx         *x,
            GbSlideDeck *deck,
            guint        index,
            const char  *title)
{
  g_autofree char *t = esc (title);
  g_autofree char *date = gb_format_short_date (deck->date);
  g_autofree char *footer = NULL;
  double m = 40 * x->u;

  fill_rect (x, 0, 0, x->w, x->h, x->bg);
  fill_rect (x, 0, 0, x->w, 12 * x->u, x->accent);
  draw_text (x, t, m, 28 * x->u, x->w - 2 * m, 56 * x->u, 40 * x->u, PANGO_ALIGN_LEFT, TRUE, x->fg);
  set_rgb (x->cr, x->line);
  cairo_set_line_width (x->cr, 3 * x->u);
  cairo_move_to (x->cr, m, 92 * x->u);
  cairo_line_to (x->cr, x->w - m, 92 * x->u);
  cairo_stroke (x->cr);

  footer = g_strdup_printf (_("Briefing of %s · data up to the end of %s%s · %u/%u"), date, date,
                            deck->situation->simulated ? _(" · includes simulated data") : "",
                            index + 1, deck->slides->len);
  {
    g_autofree char *fe = esc (footer);
    draw_text (x, fe, m, x->h - 44 * x->u, x->w - 2 * m, 34 * x->u, 20 * x->u, PANGO_ALIGN_RIGHT, FALSE, x->muted);
  }
}

static void
stat_card (Ctx        *x,
           double      cx,
           double      cy,
           double      cw,
           double      ch,
           const char *label,
           const char *value,
           const char *detail,
           double      share,
           double      target)
{
  double pad = 18 * x->u;
  double y = cy + pad;
  g_autofree char *l = esc (label);
  g_autofree char *v = esc (value);
  g_autofree char *d = esc (detail);

  fill_rect (x, cx, cy, cw, ch, x->card);
  y += draw_text (x, l, cx + pad, y, cw - 2 * pad, 34 * x->u, 24 * x->u, PANGO_ALIGN_LEFT, TRUE, x->muted) + 6 * x->u;
  y += draw_text (x, v, cx + pad, y, cw - 2 * pad, 72 * x->u, 60 * x->u, PANGO_ALIGN_LEFT, TRUE, x->fg) + 6 * x->u;
  if (!isnan (share))
    {
      double bw = cw - 2 * pad, bh = 16 * x->u;

      fill_rect (x, cx + pad, y, bw, bh, x->line);
      fill_rect (x, cx + pad, y, bw * CLAMP (share, 0, 1), bh, share >= target ? hex (0x0FA57F) : hex (0xF28E12));
      set_rgb (x->cr, x->fg);
      cairo_set_line_width (x->cr, 4 * x->u);
      cairo_move_to (x->cr, cx + pad + bw * target, y - 6 * x->u);
      cairo_line_to (x->cr, cx + pad + bw * target, y + bh + 6 * x->u);
      cairo_stroke (x->cr);
      y += bh + 12 * x->u;
    }
  draw_text (x, d, cx + pad, y, cw - 2 * pad, cy + ch - pad - y, 22 * x->u, PANGO_ALIGN_LEFT, FALSE, x->fg);
}

static void
draw_overview (Ctx         *x,
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

  stat_card (x, m, top, cw, ch, _("New cases, 7 days"), cases, d1, NAN, 0);
  stat_card (x, m + cw + gap, top, cw, ch, _("Community cases, 7 days"), community, d2, NAN, 0);
  stat_card (x, m, top + ch + gap, cw, ch, _("Adults (18+) with at least 1 dose"), p18, d3, s->dose1_18_share, 0.70);
  stat_card (x, m + cw + gap, top + ch + gap, cw, ch, _("People 65+ fully vaccinated"), p65, d4, s->full_65_share, 0.80);

  if (s->has_levels)
    {
      double lx = m + 2 * (cw + gap), ly = top, lh = 2 * ch + gap, pad = 18 * x->u;
      double row = (lh - 70 * x->u) / 5;

      fill_rect (x, lx, ly, cw, lh, x->card);
      draw_text (x, _("Communes per level"), lx + pad, ly + pad, cw - 2 * pad, 34 * x->u, 24 * x->u,
                 PANGO_ALIGN_LEFT, TRUE, x->muted);
      for (int l = GB_LEVEL_4, k = 0; l >= GB_LEVEL_NO_DATA; l--, k++)
        {
          double ry = ly + 60 * x->u + k * row;
          g_autofree char *name = esc (gb_level_get_name (l));
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
          fill_rect (x, lx + pad, ry + 4 * x->u, 28 * x->u, 28 * x->u, hex (gb_level_get_color (l)));
          draw_text (x, text, lx + pad + 40 * x->u, ry, cw - 2 * pad - 40 * x->u, row, 24 * x->u,
                     PANGO_ALIGN_LEFT, FALSE, x->fg);
        }
    }
}

static void
draw_districts (Ctx         *x,
                GbSlideDeck *deck)
{
  double m = 40 * x->u, top = 112 * x->u;
  double tw = x->w - 2 * m;
  const double colw[] = { 0.35, 0.13, 0.13, 0.13, 0.13, 0.13 };
  const char *heads[] = { N_("District"), N_("Cases, 7 days"), N_("Week before"), N_("Change"),
                          N_("Community"), N_("18+ ≥1 dose") };
  guint n = deck->districts->len;
  double row_h = MIN (72 * x->u, (x->h - top - 70 * x->u) / (n + 1));
  double cx;

  for (guint r = 0; r <= n; r++)
    {
      double ry = top + r * row_h;
      g_autofree char *cells[6] = { NULL };

      if (r == 0)
        for (int c = 0; c < 6; c++)
          cells[c] = esc (_(heads[c]));
      else
        {
          DistrictRow *row = g_ptr_array_index (deck->districts, r - 1);
          double ch = gb_situation_change_percent (row->situation);

          cells[0] = esc (row->unit->name);
          cells[1] = gb_text_format_count (row->situation->cases_7d);
          cells[2] = gb_text_format_count (row->situation->cases_prev_7d);
          if (isnan (ch))
            cells[3] = g_strdup ("—");
          else
            {
              g_autofree char *p = gb_format_decimal (fabs (ch), 0);
              cells[3] = g_strdup_printf ("%s%s%%", ch > 0.5 ? "▲ " : ch < -0.5 ? "▼ " : "", p);
            }
          cells[4] = gb_text_format_count (row->situation->community_7d);
          cells[5] = gb_format_percent (row->situation->dose1_18_share);
          if (r % 2 == 0)
            fill_rect (x, m, ry, tw, row_h, x->card);
        }
      cx = m;
      for (int c = 0; c < 6; c++)
        {
          double cw = colw[c] * tw;

          draw_text (x, cells[c], cx + 10 * x->u, ry + 8 * x->u, cw - 20 * x->u, row_h - 12 * x->u,
                     (r == 0 ? 22 : 26) * x->u, c == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT, r == 0, r == 0 ? x->muted : x->fg);
          cx += cw;
          g_free (cells[c]);
          cells[c] = NULL;
        }
      if (r == 0)
        {
          set_rgb (x->cr, x->fg);
          cairo_set_line_width (x->cr, 3 * x->u);
          cairo_move_to (x->cr, m, ry + row_h);
          cairo_line_to (x->cr, m + tw, ry + row_h);
          cairo_stroke (x->cr);
        }
    }
  if (n == 0)
    draw_text (x, _("No districts in the database"), m, top + row_h, tw, 40 * x->u, 26 * x->u,
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

static void
draw_tasks (Ctx         *x,
            GbSlideDeck *deck)
{
  double m = 40 * x->u, y = 112 * x->u, bottom = x->h - 60 * x->u;
  double tw = x->w - 2 * m;
  const char *last_org = "";
  guint shown = 0;

  if (deck->due_items->len == 0)
    {
      draw_text (x, _("No open task is overdue or due within 7 days."), m, y, tw, 60 * x->u, 30 * x->u,
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
      g_autofree char *text = esc (item->text);
      g_autofree char *num = esc (item->document_number ? item->document_number : "");
      g_autofree char *line = g_strdup_printf ("<b>%s</b>  %s %s — %s", state, num, item->path, text);
      double row = 72 * x->u;

      if (strcmp (org, last_org) != 0)
        {
          g_autofree char *o = esc (org);

          if (y + 2 * row > bottom)
            break;
          y += draw_text (x, o, m, y, tw, 40 * x->u, 28 * x->u, PANGO_ALIGN_LEFT, TRUE, x->accent) + 4 * x->u;
          last_org = org;
        }
      if (y + row > bottom)
        break;
      if (late > 0)
        fill_rect (x, m, y + 4 * x->u, 8 * x->u, row - 8 * x->u, hex (0xDA4711));
      y += draw_text (x, line, m + 20 * x->u, y, tw - 20 * x->u, row, 24 * x->u, PANGO_ALIGN_LEFT, FALSE, x->fg) + 6 * x->u;
      shown++;
    }
  if (shown < deck->due_items->len)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more items in the tracker"), deck->due_items->len - shown);
      draw_text (x, more, m, bottom - 10 * x->u, tw, 34 * x->u, 22 * x->u, PANGO_ALIGN_LEFT, FALSE, x->muted);
    }
}

static void
draw_conclusion (Ctx         *x,
                 GbSlideDeck *deck)
{
  double m = 40 * x->u, top = 112 * x->u;
  double tw = x->w - 2 * m, bh = x->h - top - 70 * x->u;
  GString *s = g_string_new (NULL);
  GbConclusion *c = deck->conclusion;

  if (c == NULL)
    {
      draw_text (x, _("No conclusion has been drafted yet for this meeting."), m, top, tw, 60 * x->u, 30 * x->u,
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
        g_autofree char *h = esc (sec->heading);

        g_ptr_array_add (lines, g_strdup_printf ("<b>%u. %s</b>", i + 1, h));
        for (guint j = 0; j < sec->tasks->len; j++)
          {
            GbConclusionTask *t = g_ptr_array_index (sec->tasks, j);
            GString *line = g_string_new (NULL);
            g_autofree char *tt = esc (t->text);

            g_string_append_printf (line, "%u.%u. %s", i + 1, j + 1, tt);
            if (t->units->len > 0)
              {
                g_autofree char *ue = esc (g_ptr_array_index (t->units, 0));
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
        if (text_fits (x, s->str, tw, bh))
          break;
      }
  }
  draw_text (x, s->str, m, top, tw, bh, 28 * x->u, PANGO_ALIGN_LEFT, FALSE, x->fg);
  g_string_free (s, TRUE);
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
 * Collects everything the slides show for @date from the store, once, so rendering is only
 * drawing. Map and chart slides are added when their renderers are part of the build.
 *
 * Returns: (transfer full): the deck, or NULL with an error
 */
GbSlideDeck *
gb_slide_deck_new (GbStore     *store,
                   const char  *date,
                   GError     **error)
{
  g_autoptr(GbSlideDeck) self = g_object_new (GB_TYPE_SLIDE_DECK, NULL);
  g_autoptr(GPtrArray) districts = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  SlideKind kinds[] = { SLIDE_OVERVIEW, SLIDE_MAP, SLIDE_CASES, SLIDE_VACCINATION, SLIDE_DISTRICTS, SLIDE_TASKS, SLIDE_CONCLUSION };
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (SlideKind));
  gint64 conclusion_id;

  if ((self->situation = gb_situation_compute (store, NULL, date, error)) == NULL)
    return NULL;
  self->date = g_strdup (date);
  engine = gb_level_engine_new (store);
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
    }

  if ((self->due_items = gb_store_list_due_items (store, date, 7, error)) == NULL)
    return NULL;
  conclusion_id = gb_store_latest_conclusion_id (store, date, NULL);
  if (conclusion_id > 0 && (self->conclusion = gb_store_load_conclusion (store, conclusion_id, error)) == NULL)
    return NULL;

  self->cases_chart = slide_chart (store, engine, GB_CHART_CASES, self->situation->unit_code, date);
  self->vacc_chart = slide_chart (store, engine, GB_CHART_VACCINATION, self->situation->unit_code, date);

  self->map = gb_map_renderer_new ();
  if (!gb_map_renderer_load (self->map, store, NULL) || gb_map_renderer_get_n_units (self->map) == 0 ||
      !gb_map_renderer_set_levels_from_engine (self->map, engine, date, NULL))
    g_clear_object (&self->map);

  /* Map and case chart slides only when there is something to show; the conclusion only once
   * one is drafted (an empty one said only that none was). The vaccination slide stays, saying
   * when there are no figures for the date: a slide that silently went missing was asked for. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if ((kinds[i] != SLIDE_CASES || self->cases_chart) && (kinds[i] != SLIDE_MAP || self->map) &&
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

/* The zone map slide: the same map as the Map view, with its legend, large enough to read. */
static void
draw_map (Ctx           *x,
          GbMapRenderer *map)
{
  double m = 40 * x->u, top = 104 * x->u;
  double mw = x->w - 2 * m, mh = x->h - top - 56 * x->u;
  GbMapView view;

  if (map == NULL || !gb_map_renderer_fit (map, NULL, (int) mw, (int) mh, &view))
    return;
  cairo_save (x->cr);
  cairo_translate (x->cr, m, top);
  cairo_rectangle (x->cr, 0, 0, mw, mh);
  cairo_clip (x->cr);
  gb_map_renderer_set_dark (map, x->dark);
  gb_map_renderer_draw (map, x->cr, &view, (int) mw, (int) mh);
  gb_map_renderer_draw_legend (map, x->cr, 8 * x->u, mh - (18 * x->u * (0.8 * 2 + 1.7 * 6)) - 8 * x->u, 18 * x->u);
  cairo_restore (x->cr);
}

/* A chart slide: the same chart as the Charts view, at slide size and type. */
static void
draw_chart (Ctx     *x,
            GbChart *chart)
{
  double m = 40 * x->u, top = 104 * x->u;
  double cw = x->w - 2 * m, ch = x->h - top - 56 * x->u;

  if (chart == NULL)
    return;
  cairo_save (x->cr);
  cairo_translate (x->cr, m, top);
  gb_chart_set_dark (chart, x->dark);
  gb_chart_draw (chart, x->cr, (int) cw, (int) ch);
  cairo_restore (x->cr);
}

static void
draw_vaccination (Ctx         *x,
                  GbSlideDeck *deck)
{
  double m = 40 * x->u, top = 104 * x->u;
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;

  if (deck->vacc_chart != NULL)
    {
      draw_chart (x, deck->vacc_chart);
      return;
    }
  day = gb_text_format_date (deck->date);
  /* Translators: the vaccination slide of a date without figures; the date is dd/mm/yyyy. */
  text = g_strdup_printf (_("No vaccination figures in the 7 days up to %s."), day ? day : deck->date);
  draw_text (x, text, m, top, x->w - 2 * m, 60 * x->u, 30 * x->u, PANGO_ALIGN_LEFT, FALSE, x->fg);
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
      x.bg = hex (0x111418); x.fg = hex (0xF5F5F5); x.muted = hex (0xC9CDD2);
      x.card = hex (0x23282F); x.accent = hex (0x6CB4FF); x.line = hex (0x4A525C);
    }
  else
    {
      x.bg = hex (0xFFFFFF); x.fg = hex (0x111111); x.muted = hex (0x3D4550);
      x.card = hex (0xEEF1F5); x.accent = hex (0x0B4F8A); x.line = hex (0xC4CAD2);
    }

  cairo_save (cr);
  draw_frame (&x, self, index, slide_title (kind));
  switch (kind)
    {
    case SLIDE_OVERVIEW: draw_overview (&x, self); break;
    case SLIDE_DISTRICTS: draw_districts (&x, self); break;
    case SLIDE_TASKS: draw_tasks (&x, self); break;
    case SLIDE_CONCLUSION: draw_conclusion (&x, self); break;
    case SLIDE_CASES: draw_chart (&x, self->cases_chart); break;
    case SLIDE_VACCINATION: draw_vaccination (&x, self); break;
    case SLIDE_MAP: draw_map (&x, self->map); break;
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

  gb_slide_deck_render (self, index, cr, width, height, dark, check);
  cairo_destroy (cr);
  return gb_file_finish_surface (surface, path, error);
}
