/* gb-level-engine-units.c — the level engine's units of a date: validity, versions, merges
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A step apart from the loading (gb-level-engine-load.c): once the per-unit day arrays are in,
 * the units' validity, versions and successions (migration 0015) are read, and before a date
 * is computed each unit gets that date's view:
 *   - a unit ended before the date (or not yet made) is not computed, listed or rolled up;
 *   - its level, parent, name and people are those of its latest version on the date, so after
 *     the 2025 reform communes roll up straight into their province;
 *   - a unit that whole units merged into counts their series for the days before the merge
 *     (a 7- or 14-day window that straddles the merge sees both), recursively; a partial
 *     predecessor (a commune split among several) carries nothing, as in
 *     gb-store-units-carried.c, whose rules these follow over the engine's arrays;
 *   - its people after a merge (the total and every age group) are those of a version from the
 *     merge on, else (a unit that existed before and grew) its own and its whole predecessors'
 *     of the day before;
 *   - until it has a vaccination row of its own from the merge on, its row is its own and its
 *     whole predecessors' latest rows of the day before, added.
 * A database without any history skips all this: every unit is as loaded.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gb-level-engine-units.h"
#include "gb-store-levels-units.h"

/* Chains are two or three long; a cycle entered by hand must not loop. */
#define MAX_DEPTH 16

/* The people a unit counts: all, 18 and over, 65 and over (Unit's pop, pop_18, pop_65). */
#define N_PEOPLE 3

typedef struct
{
  int         day;
  int         level;
  int         parent;
  gint64      people[N_PEOPLE];  /* an age group -1: the unit's own */
  char       *name;
} Version;

/* A succession seen from one unit: @other and the day. */
typedef struct
{
  int         unit;
  int         other;
  int         day;
} Link;

typedef struct
{
  int         from, to;        /* in force on from <= day < to */
  guint       ver_start, ver_n;
  guint       in_start, in_n;     /* whole predecessors that went into it */
  guint       gave_start, gave_n; /* days its code went to another unit without living on */
} Life;

typedef struct
{
  guint8      valid, changed, carried;
  int         level, parent;
  gint64      people[N_PEOPLE];
  const char *name;
} DayUnit;

struct _GbLevelUnits
{
  gboolean    any;
  Life       *life;
  GArray     *versions;  /* Version, by unit, then day */
  GArray     *in;        /* Link (unit: successor, other: predecessor), by successor */
  GArray     *gave;      /* Link (unit: predecessor, other: successor), by predecessor */
  GArray     *raw;       /* Link + partial flag while loading */
  GArray     *self_links;/* gint64 (unit, day) of a unit that lives on in a succession, sorted
                          * once all are read, while loading */
  GbLevelEngine *engine; /* while loading */

  int         day, window;
  Vacc        vacc;      /* the carried vaccination row last asked */
  DayUnit    *on;
  gint32     *scratch;   /* a carried series of the window, two numbers a day */
};

typedef struct
{
  Link        link;
  gboolean    partial;
} RawLink;

void
gb_level_units_free (GbLevelUnits *h)
{
  if (h == NULL)
    return;
  g_free (h->life);
  for (guint i = 0; h->versions != NULL && i < h->versions->len; i++)
    g_free (g_array_index (h->versions, Version, i).name);
  g_clear_pointer (&h->versions, g_array_unref);
  g_clear_pointer (&h->in, g_array_unref);
  g_clear_pointer (&h->gave, g_array_unref);
  g_clear_pointer (&h->raw, g_array_unref);
  g_clear_pointer (&h->self_links, g_array_unref);
  g_free (h->on);
  g_free (h->scratch);
  g_free (h);
}

static int
unit_index (GbLevelEngine *self,
            const char    *code)
{
  return code ? GPOINTER_TO_INT (g_hash_table_lookup (self->index, code)) - 1 : -1;
}

static void
on_validity (const char *code, const char *valid_from, const char *valid_to, gpointer data)
{
  GbLevelUnits *h = data;
  int i = unit_index (h->engine, code);
  int from = valid_from ? gb_level_engine_day_number (valid_from) : G_MININT;
  int to = valid_to ? gb_level_engine_day_number (valid_to) : G_MAXINT;

  if (i < 0)
    return;
  h->life[i].from = from;
  h->life[i].to = to == G_MININT ? G_MAXINT : to;
  h->any = TRUE;
}

static void
on_version (const char *code, const char *valid_from, int level, const char *parent_code, const char *name,
            const gint64 people[N_PEOPLE], gpointer data)
{
  GbLevelUnits *h = data;
  int i = unit_index (h->engine, code);
  Version v = { gb_level_engine_day_number (valid_from), level, unit_index (h->engine, parent_code),
                { people[0], people[1], people[2] }, g_strdup (name) };

  if (i < 0 || v.day == G_MININT)
    {
      g_free (v.name);
      return;
    }
  /* By code, then date: each unit's versions are one run. */
  if (h->life[i].ver_n++ == 0)
    h->life[i].ver_start = h->versions->len;
  g_array_append_val (h->versions, v);
  h->any = TRUE;
}

static gint64
link_key (int unit,
          int day)
{
  return ((gint64) unit << 32) | (guint32) day;
}

static void
on_succession (const char *predecessor, const char *successor, const char *date, gboolean partial, gpointer data)
{
  GbLevelUnits *h = data;
  RawLink r = { { unit_index (h->engine, predecessor), unit_index (h->engine, successor),
                  gb_level_engine_day_number (date) }, partial };

  if (r.link.unit < 0 || r.link.other < 0 || r.link.day == G_MININT)
    return;
  h->any = TRUE;
  if (r.link.unit == r.link.other)
    {
      gint64 key = link_key (r.link.unit, r.link.day);

      g_array_append_val (h->self_links, key);
      return;
    }
  g_array_append_val (h->raw, r);
}

static int
cmp_key (const void *a,
         const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Whether unit @unit lived on in a succession on @day. A sorted array: on the national set a
 * GHashTable of these 3,300 keys (the 2025 reform's) took 90 ms of lookups, most of the level
 * engine's load. */
static gboolean
lives_on (const GbLevelUnits *h,
          int                 unit,
          int                 day)
{
  gint64 key = link_key (unit, day);

  return bsearch (&key, h->self_links->data, h->self_links->len, sizeof key, cmp_key) != NULL;
}

/* The links of one kind in one run per unit (a counting sort, keeping the date order). */
static void
sort_links (GbLevelUnits *h,
            guint         n_units,
            gboolean      gave)
{
  g_autofree guint *start = g_new0 (guint, n_units + 1);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Link));

  for (int pass = 0; pass < 2; pass++)
    {
      for (guint k = 0; k < h->raw->len; k++)
        {
          const RawLink *r = &g_array_index (h->raw, RawLink, k);
          Link l = gave ? r->link : (Link) { r->link.other, r->link.unit, r->link.day };
          Life *life = &h->life[l.unit];

          /* Into a unit: whole predecessors only. Given away: only when it did not live on. */
          if ((!gave && r->partial) || (gave && lives_on (h, r->link.unit, r->link.day)))
            continue;
          if (pass == 0)
            start[l.unit + 1]++;
          else
            g_array_index (out, Link, (gave ? life->gave_start : life->in_start) +
                                      (gave ? life->gave_n++ : life->in_n++)) = l;
        }
      if (pass == 1)
        break;
      for (guint i = 0; i < n_units; i++)
        {
          start[i + 1] += start[i];
          if (gave)
            h->life[i].gave_start = start[i];
          else
            h->life[i].in_start = start[i];
        }
      g_array_set_size (out, start[n_units]);
    }
  if (gave)
    h->gave = out;
  else
    h->in = out;
}

gboolean
gb_level_engine_load_units (GbLevelEngine  *self,
                            GError        **error)
{
  guint n = self->units->len;
  GbLevelUnits *h = g_new0 (GbLevelUnits, 1);

  gb_level_units_free (self->history);
  self->history = h;
  h->engine = self;
  h->day = G_MININT;
  h->life = g_new0 (Life, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      h->life[i].from = G_MININT;
      h->life[i].to = G_MAXINT;
    }
  h->versions = g_array_new (FALSE, FALSE, sizeof (Version));
  h->raw = g_array_new (FALSE, FALSE, sizeof (RawLink));
  h->self_links = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!gb_store_levels_scan_validity (self->store, on_validity, h, error) ||
      !gb_store_levels_scan_versions (self->store, on_version, h, error) ||
      !gb_store_levels_scan_successions (self->store, on_succession, h, error))
    return FALSE;
  g_array_sort (h->self_links, cmp_key);
  sort_links (h, n, FALSE);
  sort_links (h, n, TRUE);
  g_clear_pointer (&h->raw, g_array_unref);
  g_clear_pointer (&h->self_links, g_array_unref);
  h->engine = NULL;
  return TRUE;
}

/* The unit's latest version on or before @day, or NULL. */
static const Version *
version_on (const GbLevelUnits *h,
            guint               i,
            int                 day)
{
  const Life *l = &h->life[i];
  const Version *found = NULL;

  for (guint k = 0; k < l->ver_n; k++)
    {
      const Version *v = &g_array_index (h->versions, Version, l->ver_start + k);

      if (v->day > day)
        break;
      found = v;
    }
  return found;
}

/* The latest day of @n links from @start on or before @day; G_MININT: none. */
static int
latest_link (const GArray *links,
             guint         start,
             guint         n,
             int           day)
{
  int last = G_MININT;

  for (guint k = 0; k < n; k++)
    {
      int d = g_array_index (links, Link, start + k).day;

      if (d <= day)
        last = MAX (last, d);
    }
  return last;
}

/* The latest day on or before @day whole units went into @i; G_MININT: none. */
static int
last_intake (const GbLevelUnits *h,
             guint               i,
             int                 day)
{
  return latest_link (h->in, h->life[i].in_start, h->life[i].in_n, day);
}

static void
own_people (const Unit *u,
            gint64      out[N_PEOPLE])
{
  out[0] = u->pop;
  out[1] = u->pop_18;
  out[2] = u->pop_65;
}

/* The people of @i on @day, every group: its version's (a group it does not give, its own),
 * or after a merge into a unit that existed before and has no version since, its own and its
 * whole predecessors' of the day before. -1: unknown. */
static void
people_on (GbLevelEngine *self,
           guint          i,
           int            day,
           guint          depth,
           gint64         out[N_PEOPLE])
{
  const GbLevelUnits *h = self->history;
  const Version *v = version_on (h, i, day);
  int merged = last_intake (h, i, day);

  if (merged == G_MININT || depth >= MAX_DEPTH || (v != NULL && v->day >= merged) || h->life[i].from >= merged)
    {
      own_people (&g_array_index (self->units, Unit, i), out);
      for (guint g = 0; v != NULL && g < N_PEOPLE; g++)
        if (g == 0 || v->people[g] >= 0)
          out[g] = v->people[g];
      return;
    }
  people_on (self, i, merged - 1, depth + 1, out);
  for (guint k = 0; k < h->life[i].in_n; k++)
    {
      const Link *link = &g_array_index (h->in, Link, h->life[i].in_start + k);
      gint64 p[N_PEOPLE];

      if (link->day != merged)
        continue;
      people_on (self, link->other, merged - 1, depth + 1, p);
      for (guint g = 0; g < N_PEOPLE; g++)
        out[g] = out[g] < 0 || p[g] < 0 ? -1 : out[g] + p[g];
    }
}

gboolean
gb_level_engine_units_on (GbLevelEngine *self,
                          int            day,
                          int            window)
{
  GbLevelUnits *h = self->history;
  guint n = self->units->len;

  if (h == NULL || !h->any)
    return FALSE;
  if (h->day == day && h->window == window)
    return TRUE;
  h->day = day;
  h->window = window;
  h->on = g_renew (DayUnit, h->on, MAX (n, 1));
  h->scratch = g_renew (gint32, h->scratch, 2 * (gsize) MAX (window, 1));
  for (guint i = 0; i < n; i++)
    {
      const Unit *u = &g_array_index (self->units, Unit, i);
      const Life *l = &h->life[i];
      const Version *v = version_on (h, i, day);
      DayUnit *o = &h->on[i];

      o->valid = l->from <= day && day < l->to;
      if (!o->valid)
        continue;
      o->level = v ? v->level : u->level;
      o->parent = v ? v->parent : u->parent;
      o->name = v ? v->name : u->name;
      if (l->in_n > 0 || v != NULL)
        people_on (self, i, day, 0, o->people);
      else
        own_people (u, o->people);
      /* Its series changes only where a merge (or the code given away) falls in the window. */
      o->carried = latest_link (h->in, l->in_start, l->in_n, day) > day - window + 1 ||
                   latest_link (h->gave, l->gave_start, l->gave_n, day) > day - window + 1;
      o->changed = v != NULL || o->carried || o->people[0] != u->pop || o->people[1] != u->pop_18 ||
                   o->people[2] != u->pop_65 ||
                   latest_link (h->in, l->in_start, l->in_n, day) != G_MININT;
    }
  return TRUE;
}

/* The engine keeps counts in 32 bits: gb_count_add_known(), capped there. */
static gint32
add_known (gint32 a,
           gint32 b)
{
  return (gint32) MIN (gb_count_add_known (a, b), G_MAXINT32);
}

/* The vaccination of @i on @day: its latest row, or when whole units went into it since, its
 * own and theirs of the day before, added (the people counts are cumulative). */
static gboolean
vacc_on (GbLevelEngine *self,
         guint          i,
         int            day,
         guint          depth,
         Vacc          *out)
{
  const GbLevelUnits *h = self->history;
  const Vacc *own = gb_level_engine_latest_vacc (self, i, day);
  int merged = last_intake (h, i, day);
  gboolean any = FALSE;
  Vacc part;

  if (merged == G_MININT || depth >= MAX_DEPTH || (own != NULL && own->day >= merged))
    {
      if (own != NULL)
        *out = *own;
      return own != NULL;
    }
  *out = (Vacc) { day, -1, -1, -1, -1 };
  for (gint64 k = -1; k < (gint64) h->life[i].in_n; k++)
    {
      const Link *link = k < 0 ? NULL : &g_array_index (h->in, Link, h->life[i].in_start + k);

      if ((link != NULL && link->day != merged) ||
          !vacc_on (self, link ? (guint) link->other : i, merged - 1, depth + 1, &part))
        continue;
      any = TRUE;
      out->pop_18 = add_known (out->pop_18, part.pop_18);
      out->pop_65 = add_known (out->pop_65, part.pop_65);
      out->dose1_18 = add_known (out->dose1_18, part.dose1_18);
      out->full_65 = add_known (out->full_65, part.full_65);
    }
  return any;
}

/* Whether the rows held of unit @c (as of the days as needed: all rows from vacc_lo, and the
 * latest before) give its latest row on or before @day, which may be earlier. */
static gboolean
vacc_held (GbLevelEngine *self,
           int            c,
           int            day)
{
  const Unit *u = &g_array_index (self->units, Unit, c);

  return self->vacc_lo == G_MININT || day >= self->vacc_lo || u->vacc_n == 0 ||
         g_array_index (self->vaccs, Vacc, u->vacc_start).day <= day;
}

/* Whether vacc_on() of @i on @day finds every row it adds among those held. */
static gboolean
vacc_on_held (GbLevelEngine *self,
              guint          i,
              int            day,
              guint          depth)
{
  const GbLevelUnits *h = self->history;
  const Vacc *own;
  int merged;

  if (!vacc_held (self, (int) i, day))
    return FALSE;
  own = gb_level_engine_latest_vacc (self, i, day);
  merged = last_intake (h, i, day);
  if (merged == G_MININT || depth >= MAX_DEPTH || (own != NULL && own->day >= merged))
    return TRUE;
  if (!vacc_on_held (self, i, merged - 1, depth + 1))
    return FALSE;
  for (guint k = 0; k < h->life[i].in_n; k++)
    {
      const Link *link = &g_array_index (h->in, Link, h->life[i].in_start + k);

      if (link->day == merged && !vacc_on_held (self, (guint) link->other, merged - 1, depth + 1))
        return FALSE;
    }
  return TRUE;
}

gboolean
gb_level_engine_units_need_vaccs (GbLevelEngine *self)
{
  const GbLevelUnits *h = self->history;

  if (h == NULL || !h->any || self->vacc_lo == G_MININT)
    return FALSE;
  for (guint i = 0; i < self->units->len; i++)
    if (h->on[i].valid && h->on[i].changed && !vacc_on_held (self, i, h->day, 0))
      return TRUE;
  return FALSE;
}

/* The day the code of @c went to another unit (without living on) last, before @hi and on or
 * before the date: its own rows before then are that unit's. */
static int
own_start (const GbLevelUnits *h,
           int                 c,
           int                 hi)
{
  return latest_link (h->gave, h->life[c].gave_start, h->life[c].gave_n, hi == G_MAXINT ? h->day : hi - 1);
}

/* Adds @c's rows of the window dated in [own start, @hi), and recursively those of the whole
 * units that went into it on or before @hi (and the date). */
static void
add_part (GbLevelEngine *self,
          int            c,
          int            hi,
          guint          depth)
{
  GbLevelUnits *h = self->history;
  int first = h->day - h->window + 1;
  int lo = MAX (own_start (h, c, hi), first);
  int last = MIN (hi == G_MAXINT ? h->day : hi - 1, h->day);
  const Life *l = &h->life[c];

  /* The window's days are read for every unit (gb_level_engine_ensure_days()). */
  for (int d = lo; d <= last; d++)
    {
      const gint32 *v = gb_level_engine_case_day (self, d);
      gint32 *s = h->scratch + 2 * (d - first);

      if (v == NULL || v[2 * c] < 0)
        continue;
      v += 2 * c;
      s[0] = (gint32) MIN ((gint64) MAX (s[0], 0) + v[0], G_MAXINT32);
      s[1] = (gint32) MIN ((gint64) s[1] + v[1], G_MAXINT32);
    }
  if (depth >= MAX_DEPTH)
    return;
  for (guint k = 0; k < l->in_n; k++)
    {
      const Link *link = &g_array_index (h->in, Link, l->in_start + k);

      /* A merge on or before the window's first day left none of its days in the window. */
      if (link->day <= MIN (hi, h->day) && link->day > first)
        add_part (self, link->other, link->day, depth + 1);
    }
}

const Unit *
gb_level_engine_unit_on (GbLevelEngine *self,
                         guint          i,
                         int            lvl,
                         Unit          *scratch)
{
  const Unit *u = &g_array_index (self->units, Unit, i);
  GbLevelUnits *h = self->history;
  const DayUnit *o;

  if (h == NULL || !h->any)
    return u->level == lvl ? u : NULL;
  o = &h->on[i];
  if (!o->valid || o->level != lvl)
    return NULL;
  if (!o->changed)
    return u;
  *scratch = *u;
  scratch->level = o->level;
  scratch->parent = o->parent;
  scratch->name = (char *) o->name;
  scratch->pop = o->people[0];
  scratch->pop_18 = o->people[1];
  scratch->pop_65 = o->people[2];
  return scratch;
}

gboolean
gb_level_engine_carried_sums (GbLevelEngine *self,
                              guint          i,
                              gint64        *sum,
                              gint64        *sum_unk,
                              gboolean      *reported)
{
  GbLevelUnits *h = self->history;

  if (h == NULL || !h->any || !h->on[i].valid || !h->on[i].carried)
    return FALSE;
  for (int d = 0; d < h->window; d++)
    {
      h->scratch[2 * d] = -1;
      h->scratch[2 * d + 1] = 0;
    }
  add_part (self, (int) i, G_MAXINT, 0);
  *sum = *sum_unk = 0;
  *reported = FALSE;
  for (int d = 0; d < h->window; d++)
    if (h->scratch[2 * d] >= 0)
      {
        *reported = TRUE;
        *sum += h->scratch[2 * d];
        *sum_unk += h->scratch[2 * d + 1];
      }
  return TRUE;
}

const Vacc *
gb_level_engine_vacc_on (GbLevelEngine *self,
                         guint          i)
{
  GbLevelUnits *h = self->history;

  if (h == NULL || !h->any || !h->on[i].valid || !h->on[i].changed)
    return gb_level_engine_latest_vacc (self, i, h ? h->day : G_MAXINT);
  return vacc_on (self, i, h->day, 0, &h->vacc) ? &h->vacc : NULL;
}

int
gb_level_engine_parent_on (GbLevelEngine *self,
                           int            i)
{
  GbLevelUnits *h = self->history;

  if (h == NULL || !h->any)
    return g_array_index (self->units, Unit, i).parent;
  return h->on[i].valid ? h->on[i].parent : -1;
}
