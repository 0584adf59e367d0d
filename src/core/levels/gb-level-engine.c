/* gb-level-engine.c — computes every unit's epidemic level for a date from the stored data
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything the rules need is loaded once into flat arrays (per-unit cumulative case sums,
 * vaccination rows, overrides), so one date for the whole country is a few binary searches and
 * subtractions per unit. gb_level_engine_invalidate() drops the arrays after the store changed.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-level-engine-private.h"
#include "gb-level-engine-units.h"
#include "gb-store-levels.h"
#include "gb-store-reporting.h"

G_DEFINE_FINAL_TYPE (GbLevelEngine, gb_level_engine, G_TYPE_OBJECT)


void
gb_level_engine_invalidate (GbLevelEngine *self)
{
  g_return_if_fail (GB_IS_LEVEL_ENGINE (self));
  g_clear_pointer (&self->units, g_array_unref);
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->case_days, g_ptr_array_unref);
  g_clear_pointer (&self->vaccs, g_array_unref);
  g_clear_pointer (&self->vacc_wanted, g_free);
  g_clear_pointer (&self->vacc_cursor, g_free);
  g_clear_pointer (&self->counts, g_free);
  g_clear_pointer (&self->child_first, g_free);
  g_clear_pointer (&self->children, g_free);
  g_clear_pointer (&self->overrides, g_array_unref);
  g_clear_pointer (&self->thresholds, g_array_unref);
  g_clear_pointer (&self->periods, g_array_unref);
  g_clear_pointer (&self->vacc_rows, g_array_unref);
  g_clear_pointer (&self->vacc_last, g_free);
  g_clear_pointer (&self->incomplete, g_hash_table_unref);
  g_clear_pointer (&self->rule_set_names, g_hash_table_unref);
  g_clear_pointer (&self->history, gb_level_units_free);
  self->incomplete_read = FALSE;
  self->loaded = FALSE;
  self->generation++;
}

static void
gb_level_engine_finalize (GObject *object)
{
  GbLevelEngine *self = GB_LEVEL_ENGINE (object);

  gb_level_engine_invalidate (self);
  if (self->store_owned)
    g_clear_object (&self->store);
  g_clear_pointer (&self->tr, g_hash_table_unref);
  G_OBJECT_CLASS (gb_level_engine_parent_class)->finalize (object);
}

static void
gb_level_engine_class_init (GbLevelEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_level_engine_finalize;
}

static void
gb_level_engine_init (GbLevelEngine *self)
{
  self->tr = g_hash_table_new (g_direct_hash, g_direct_equal);
}

/**
 * gb_level_engine_new:
 * @store: the store to read units, series, rule sets and overrides from
 *
 * Returns: (transfer full): a level engine; data is loaded on the first computation.
 */
GbLevelEngine *
gb_level_engine_new (GbStore *store)
{
  GbLevelEngine *self;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  self = g_object_new (GB_TYPE_LEVEL_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->store_owned = TRUE;
  return self;
}

/**
 * gb_level_engine_new_for_date:
 * @store: the store
 * @date: YYYY-MM-DD
 *
 * An engine for one date, as `giaoban-cli levels` asks. Every engine now reads only what the
 * dates it is asked for need (gb_level_engine_ensure_days()): the same as gb_level_engine_new().
 *
 * Returns: (transfer full): a level engine; data is loaded on the first computation.
 */
GbLevelEngine *
gb_level_engine_new_for_date (GbStore    *store,
                              const char *date)
{
  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (date != NULL, NULL);
  return gb_level_engine_new (store);
}

/**
 * gb_level_engine_get_shared:
 * @store: the store
 *
 * The one engine of @store that every view shares: its data is read once and kept across
 * dates until gb_level_engine_invalidate() says the data or the rules changed. The store owns
 * it (the engine only borrows the store, so neither keeps the other alive).
 *
 * Returns: (transfer none): the engine, valid as long as @store
 */
GbLevelEngine *
gb_level_engine_get_shared (GbStore *store)
{
  GbLevelEngine *self;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  self = g_object_get_data (G_OBJECT (store), "gb-level-engine-shared");
  if (self == NULL)
    {
      self = g_object_new (GB_TYPE_LEVEL_ENGINE, NULL);
      self->store = store;
      g_object_set_data_full (G_OBJECT (store), "gb-level-engine-shared", self, g_object_unref);
    }
  return self;
}

/**
 * gb_level_engine_get_n_loads:
 *
 * Returns: how many times the engine read its data from the store (tests count them)
 */
guint
gb_level_engine_get_n_loads (GbLevelEngine *self)
{
  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self), 0);
  return self->n_loads;
}

/* The thresholds of one rule set in force on one day. */
typedef struct
{
  const char *rule_set;
  gboolean    zones;
  double      window_days;
  double      yellow_per_100k, red_unknown_source;
  double      band[3];
  double      dose1_18_high, full_65_target;
  double      level_zero, level_high[4], level_low[4];
  double      rollup_very_high, rollup_high;
} Rules;

static double
threshold (GbLevelEngine *self, const char *rule_set, const char *key, int day, double fallback)
{
  double value = fallback;

  /* Ordered by key and valid_from: the last one on or before @day wins. */
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      Threshold *t = &g_array_index (self->thresholds, Threshold, i);
      if (t->from <= day && strcmp (t->key, key) == 0 && strcmp (t->rule_set, rule_set) == 0)
        value = t->value;
    }
  return value;
}

/* The rule set in force on @day: the last period started by then. */
static const Period *
period_for_day (GbLevelEngine *self, int day)
{
  const Period *p = NULL;

  for (guint i = 0; i < self->periods->len; i++)
    if (g_array_index (self->periods, Period, i).from <= day)
      p = &g_array_index (self->periods, Period, i);
  return p;
}

static gboolean
rules_for_day (GbLevelEngine *self, int day, const char *date, Rules *r, GError **error)
{
  const Period *p = period_for_day (self, day);

  if (p == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No rule set applies on %s"), date);
      return FALSE;
    }
  r->rule_set = p->rule_set;
  r->zones = p->zones;
#define T(key, fb) threshold (self, p->rule_set, key, day, fb)
  r->window_days = CLAMP (T ("window_days", r->zones ? 14 : 7), 1, 366);
  r->yellow_per_100k = T ("yellow_per_100k", 1);
  r->red_unknown_source = T ("red_unknown_source", 1);
  r->band[0] = T ("band_1", 20);
  r->band[1] = T ("band_2", 50);
  r->band[2] = T ("band_3", 150);
  r->dose1_18_high = T ("dose1_18_high", 0.70);
  r->full_65_target = T ("full_65_target", 0.80);
  r->level_zero = T ("level_zero", 1);
  {
    static const double high[] = { 1, 2, 3, 4 }, low[] = { 2, 3, 4, 4 };
    for (int b = 0; b < 4; b++)
      {
        g_autofree char *kh = g_strdup_printf ("level_band%d_high", b);
        g_autofree char *kl = g_strdup_printf ("level_band%d_low", b);
        r->level_high[b] = T (kh, high[b]);
        r->level_low[b] = T (kl, low[b]);
      }
  }
  r->rollup_very_high = T ("rollup_very_high", 0.30);
  r->rollup_high = T ("rollup_high", 0.50);
#undef T
  return TRUE;
}

/* The days of case reports a level on @day looks at (the rule set's window; the longest one
 * when no rule set applies). Rules and periods must be read. */
int
gb_level_engine_window_days (GbLevelEngine *self,
                             int            day)
{
  Rules r;

  return rules_for_day (self, day, "", &r, NULL) ? (int) r.window_days : 366;
}

static GbLevel
clamp_level (double v)
{
  int l = (int) lround (v);
  return CLAMP (l, GB_LEVEL_1, GB_LEVEL_4);
}

static void
fmt_rate (char *buf, gsize size, double v)
{
  if (v >= 10 || v == 0)
    g_snprintf (buf, size, "%.0f", v);
  else
    g_snprintf (buf, size, "%.1f", v);
}

/* Translations of the reason phrases, looked up once: thousands of units share them. */
static const char *
translate (GbLevelEngine *self, const char *msgid)
{
  const char *t = g_hash_table_lookup (self->tr, msgid);

  if (t == NULL)
    {
      t = g_dgettext (GETTEXT_PACKAGE, msgid);
      g_hash_table_insert (self->tr, (gpointer) msgid, (gpointer) t);
    }
  return t;
}
#define TR(s) translate (self, (s))

/* Reasons are built only when asked for: the map needs levels for every unit on every frame of
 * an animation, the words only for the unit a person looks at. why is NULL then. */
static void wprintf (GString *why, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
wprintf (GString    *why,
         const char *format,
         ...)
{
  va_list args;

  if (why == NULL)
    return;
  va_start (args, format);
  g_string_append_vprintf (why, format, args);
  va_end (args);
}

static void
wappend (GString    *why,
         const char *text)
{
  if (why != NULL)
    g_string_append (why, text);
}

/* QĐ 2686's zones from the cases of the window: red for F0 of unknown source, yellow for any
 * community F0 (or a rate above the threshold), green otherwise. */
static void
compute_zone (GbLevelEngine *self, gint64 sum, gint64 sum_unk, const char *rate_s, double rate, const Rules *r,
              GbLevelResult *res)
{
  /* QĐ 2686 speaks of zones, not levels: say it the way its notices do. */
  static const char *zones[] = { NULL, N_("green zone (new normal)"), N_("yellow zone (at risk)"),
                                 N_("orange zone (high risk)"), N_("red zone (very high risk)") };
  int window = (int) r->window_days;
  GString *why = self->words ? g_string_new (NULL) : NULL;
  GbLevel level;

  if (r->red_unknown_source > 0 && sum_unk >= r->red_unknown_source)
    {
      level = GB_LEVEL_4;
      wprintf (why, TR (N_("%lld F0 of unknown source in %d days")),
                              (long long) sum_unk, window);
    }
  else if (sum > 0 || rate > r->yellow_per_100k)
    {
      level = GB_LEVEL_2;
      wprintf (why, TR (N_("%lld community F0 in %d days (%s/100,000)")),
                              (long long) sum, window, rate_s);
    }
  else
    {
      level = GB_LEVEL_1;
      wprintf (why, TR (N_("no community F0 in %d days")), window);
    }
  if (why)
    {
      res->reasons = g_strdup_printf (TR (N_("Level %d, %s: %s")), level, TR (zones[level]), why->str);
      g_string_free (why, TRUE);
    }
  res->computed = level;
}

/* Unit @i's latest vaccination row on or before @day, or NULL. Each unit keeps where its
 * last answer was (vacc_cursor: how many of its rows were on or before that day): a date
 * step moves it a row or none, one row read a unit where a binary search over its few
 * hundred rows missed the cache some nine times (6 ms a step on the national set); a jump
 * goes on with a binary search. */
static inline const Vacc *
latest_vacc (GbLevelEngine *self, guint i, int day)
{
  const Unit *u = &g_array_index (self->units, Unit, i);
  guint lo_v = 0, hi_v = u->vacc_n, c;
  const Vacc *vs;

  if (u->vacc_n == 0)
    return NULL;
  vs = &g_array_index (self->vaccs, Vacc, u->vacc_start);
  c = MIN (self->vacc_cursor[i], u->vacc_n);
  for (int k = 0; k < 4; k++)
    {
      if (c < u->vacc_n && vs[c].day <= day)
        c++;
      else if (c > 0 && vs[c - 1].day > day)
        c--;
      else
        {
          /* vs[c - 1] is on or before @day, vs[c] after it. */
          self->vacc_cursor[i] = c;
          return c > 0 ? &vs[c - 1] : NULL;
        }
    }
  while (lo_v < hi_v)
    {
      guint mid = (lo_v + hi_v) / 2;
      if (vs[mid].day <= day)
        lo_v = mid + 1;
      else
        hi_v = mid;
    }
  self->vacc_cursor[i] = lo_v;
  return lo_v > 0 ? &vs[lo_v - 1] : NULL;
}

const Vacc *
gb_level_engine_latest_vacc (GbLevelEngine *self, guint i, int day)
{
  return latest_vacc (self, i, day);
}

/* NQ 128's matrix: the case band and the one-dose coverage give the level, raised one when the
 * ≥ 65 target is missed or treatment capacity fails. */
static void
compute_matrix (GbLevelEngine *self, guint i, const Unit *u, int day, gint64 sum, const char *rate_s, double rate,
                const Rules *r, GbLevelResult *res)
{
  int window = (int) r->window_days;
  /* A unit whole units went into: its row and theirs of the day before, until its own. */
  const Vacc *v = self->dated ? gb_level_engine_vacc_on (self, i) : latest_vacc (self, i, day);
  GString *why = self->words ? g_string_new (NULL) : NULL;
  gboolean high, raise = FALSE;
  GbLevel level;
  int band;
  double base;

  if (v != NULL)
    {
      gint64 p18 = v->pop_18 > 0 ? v->pop_18 : u->pop_18;
      gint64 p65 = v->pop_65 > 0 ? v->pop_65 : u->pop_65;
      if (p18 > 0 && v->dose1_18 >= 0)
        res->dose1_18_share = (double) v->dose1_18 / (double) p18;
      if (p65 > 0 && v->full_65 >= 0)
        res->full_65_share = (double) v->full_65 / (double) p65;
    }

  if (sum == 0)
    band = -1;
  else if (rate < r->band[0])
    band = 0;
  else if (rate < r->band[1])
    band = 1;
  else if (rate < r->band[2])
    band = 2;
  else
    band = 3;
  high = !isnan (res->dose1_18_share) && res->dose1_18_share >= r->dose1_18_high;
  base = band < 0 ? r->level_zero : high ? r->level_high[band] : r->level_low[band];
  level = clamp_level (base);

  if (sum == 0)
    wprintf (why, TR (N_("no community case in %d days")), window);
  else
    wprintf (why, TR (N_("%s cases/100,000/%d days")), rate_s, window);
  wappend (why, "; ");
  if (isnan (res->dose1_18_share))
    wappend (why, TR (N_("share of people ≥ 18 with one dose unknown, counted as low")));
  else
    wprintf (why, high ? TR (N_("%.0f %% of people ≥ 18 with one dose ≥ %.0f %%"))
                                      : TR (N_("%.0f %% of people ≥ 18 with one dose < %.0f %%")),
                            floor (res->dose1_18_share * 100), r->dose1_18_high * 100);
  if (!isnan (res->full_65_share) && res->full_65_share < r->full_65_target)
    {
      raise = TRUE;
      wappend (why, "; ");
      wprintf (why, TR (N_("%.0f %% of people ≥ 65 fully vaccinated, below the %.0f %% target")),
                              floor (res->full_65_share * 100), r->full_65_target * 100);
    }
  if (u->cap_fail)
    {
      raise = TRUE;
      wappend (why, "; ");
      wappend (why, TR (N_("treatment capacity not ready")));
    }
  if (raise && level < GB_LEVEL_4)
    {
      level++;
      wappend (why, "; ");
      wappend (why, TR (N_("raised one level")));
    }
  res->computed = level;
  if (why)
    {
      res->reasons = g_strdup_printf (TR (N_("Level %d: %s")), level, why->str);
      g_string_free (why, TRUE);
    }
}

/* The computed level of unit @i (@u: as on the date) from its own series, or the series
 * carried to it from the units that went into it. */
static void
compute_own (GbLevelEngine *self, guint i, const Unit *u, int day, const Rules *r, GbLevelResult *res)
{
  int window = (int) r->window_days;
  gboolean reported = FALSE;
  gint64 sum = 0, sum_unk = 0;
  double rate;
  char rate_s[32];

  if (u->pop <= 0)
    {
      res->computed = GB_LEVEL_NO_DATA;
      if (self->words)
        res->reasons = g_strdup (u->pop == 0 ? TR (N_("No data: the population is zero"))
                                             : TR (N_("No data: the population is unknown")));
      return;
    }
  /* The window's days (a week or two): summed, a few adds for each unit (0.6 ms for the
   * country's 11,163 communes), where running sums kept across dates would cost memory and
   * care for every jump of the date. */
  if (!self->dated || !gb_level_engine_carried_sums (self, i, &sum, &sum_unk, &reported))
    for (int d = day - window + 1; d <= day; d++)
      {
        const gint32 *v = gb_level_engine_case_day (self, d);

        if (v == NULL)
          continue;
        v += 2 * i;
        if (v[0] >= 0)
          {
            reported = TRUE;
            sum += v[0];
            sum_unk += v[1];
          }
      }
  if (!reported)
    {
      res->computed = GB_LEVEL_NO_DATA;
      if (self->words)
        res->reasons = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "No data: no case report in the last %d day",
                                                   "No data: no case report in the last %d days",
                                                   window), window);
      return;
    }
  rate = (double) sum * 100000.0 / (double) u->pop;
  res->community_cases_7d = sum;
  res->cases_per_100k_7d = rate;
  if (self->words)
    fmt_rate (rate_s, sizeof rate_s, rate);
  else
    rate_s[0] = '\0';
  if (r->zones)
    compute_zone (self, sum, sum_unk, rate_s, rate, r, res);
  else
    compute_matrix (self, i, u, day, sum, rate_s, rate, r, res);
}

/* The computed level of a unit from its children's effective levels (the shares rule). */
static void
compute_rollup (GbLevelEngine *self, const Unit *u, const int counts[5], const Rules *r, GbLevelResult *res)
{
  int with_data = counts[1] + counts[2] + counts[3] + counts[4];
  double very_high = (double) counts[4] / with_data;
  double high = (double) (counts[3] + counts[4]) / with_data;
  double elevated = (double) (counts[2] + counts[3] + counts[4]) / with_data;
  GbLevel level;
  const char *rule;

  if (very_high >= r->rollup_very_high)
    level = GB_LEVEL_4, rule = N_("very high share reached");
  else if (high >= r->rollup_high)
    level = GB_LEVEL_4, rule = N_("high-or-worse share reached");
  else if (high >= r->rollup_very_high)
    level = GB_LEVEL_3, rule = N_("high-or-worse share above the lower limit");
  else if (elevated >= r->rollup_very_high)
    level = GB_LEVEL_2, rule = N_("level 2 or worse share above the lower limit");
  else
    level = GB_LEVEL_1, rule = N_("shares below the limits");
  res->computed = level;
  if (!self->words)
    return;
  rule = TR (rule);
  res->reasons = g_strdup_printf (TR (N_("Level %d: of %d units below with data, %.0f %% at level 4 "
                                    "(limit %.0f %%), %.0f %% at level 3 or 4 (limit %.0f %%), "
                                    "%.0f %% at level 2 or worse; %s")),
                                  level, with_data, very_high * 100, r->rollup_very_high * 100,
                                  high * 100, r->rollup_high * 100, elevated * 100, rule);
  if (counts[0] > 0)
    {
      char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s; %d unit without data",
                                                 "%s; %d units without data", counts[0]),
                                    res->reasons, counts[0]);
      g_free (res->reasons);
      res->reasons = more;
    }
}

/* The reasons say when the window they count rests on days whose reporting is incomplete (a
 * commune: its district's days). */
static void
note_incomplete (GbLevelEngine *self, const Unit *u, const char *date, const char *from,
                 GbLevelResult *res)
{
  const char *area = u->level == GB_UNIT_LEVEL_COMMUNE && u->parent >= 0
                     ? g_array_index (self->units, Unit, u->parent).code : u->code;
  GPtrArray *dates = self->incomplete ? g_hash_table_lookup (self->incomplete, area) : NULL;
  g_autoptr(GString) list = NULL;
  guint n = 0;
  char *more;

  /* Most units have none: nothing to build. */
  if (dates == NULL || from == NULL || res->reasons == NULL)
    return;
  list = g_string_new (NULL);
  for (guint i = 0; i < dates->len; i++)
    if (strcmp (dates->pdata[i], from) >= 0 && strcmp (dates->pdata[i], date) <= 0)
      g_string_append_printf (list, "%s%s", n++ ? ", " : "", (const char *) dates->pdata[i]);
  if (n == 0 || res->reasons == NULL)
    return;
  more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (rests on %u day of incomplete reporting: %s)",
                                       "%s (rests on %u days of incomplete reporting: %s)", n),
                          res->reasons, n, list->str);
  g_free (res->reasons);
  res->reasons = more;
}

/* @root and the units under it (a commune: itself), from the children lists: a unit's level
 * does not walk the parents of every unit of the country. */
static int *
subtree (GbLevelEngine *self,
         int            root,
         guint         *n_out)
{
  guint n = self->units->len, len = 1;
  int *list = g_new (int, MAX (n, 1));

  list[0] = root;
  if (self->dated)
    {
      /* Units with history: the parents of the date (versions, the 2025 reform), not the
       * loaded ones the children lists follow. Chains are short; a cycle must not loop. */
      for (guint i = 0; i < n; i++)
        for (int j = gb_level_engine_parent_on (self, (int) i), depth = 0; j >= 0 && depth < 16;
             j = gb_level_engine_parent_on (self, j), depth++)
          if (j == root)
            {
              list[len++] = (int) i;
              break;
            }
      *n_out = len;
      return list;
    }
  /* Breadth first; a unit is under one parent only, so none is listed twice. */
  for (guint k = 0; k < len; k++)
    for (int c = self->child_first[list[k]]; c < self->child_first[list[k] + 1] && len < n; c++)
      list[len++] = self->children[c];
  *n_out = len;
  return list;
}

/* Closes up the NULL results (units not in force on the date), keeping the order. */
static void
drop_empty (GPtrArray *out)
{
  guint k = 0;

  for (guint i = 0; i < out->len; i++)
    if (out->pdata[i] != NULL)
      out->pdata[k++] = out->pdata[i];
  for (guint i = k; i < out->len; i++)
    out->pdata[i] = NULL;
  g_ptr_array_set_size (out, k);
}

/*
 * compute:
 * @target: -1 for every unit, else only the unit of that index and the units under it
 * @results: (nullable): full results (names, numbers, reasons) for every unit computed, or
 *   for @target only when it is set; NULL for levels only
 * @levels: (nullable): one byte a unit, the effective level | GB_LEVEL_DECLARED_FLAG
 *
 * Bottom-up: communes, then districts, then provinces, each adding its effective level to its
 * parent's counts for the roll-up.
 */
static gboolean
compute (GbLevelEngine  *self,
         const char     *date,
         int             target,
         GPtrArray     **results,
         guint8         *levels,
         GError        **error)
{
  int day = gb_level_engine_day_number (date);
  Rules rules;
  int (*counts)[5];
  g_autofree char *window_from = NULL;
  g_autofree int *only = NULL;
  g_autoptr(GPtrArray) out = NULL;
  guint n, n_only = 0;

  if (day == G_MININT)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a date (YYYY-MM-DD)"),
                   date ? date : "");
      return FALSE;
    }
  /* The days the date needs (its window; the vaccination only for NQ 128's matrix) are read
   * if they were not, the incomplete days only for the reasons. */
  if (!gb_level_engine_ensure_loaded (self, error) || !rules_for_day (self, day, date, &rules, error) ||
      !gb_level_engine_ensure_days (self, day, (int) rules.window_days, !rules.zones, error) ||
      (results != NULL && !gb_level_engine_ensure_incomplete (self, error)))
    return FALSE;
  if (results != NULL)
    window_from = gb_date_add_days (date, 1 - MAX ((int) rules.window_days, 1));
  n = self->units->len;
  /* Units with history: those of the date, with that date's parents, names and people. */
  self->dated = gb_level_engine_units_on (self, day, (int) rules.window_days);
  /* A merged unit's vaccination adds its predecessors' rows of the day before the merge,
   * which may be older than the days read hold. */
  if (self->dated && !rules.zones && gb_level_engine_units_need_vaccs (self) &&
      !gb_level_engine_ensure_all_vaccs (self, error))
    return FALSE;
  if (levels && self->dated)
    memset (levels, GB_LEVEL_NO_DATA, n);
  /* Kept across dates: no allocation on a date step. */
  if (self->counts == NULL)
    self->counts = g_malloc_n (MAX (n, 1), sizeof *counts);
  counts = self->counts;
  memset (counts, 0, MAX (n, 1) * sizeof *counts);
  if (results)
    {
      out = g_ptr_array_new_full (n, (GDestroyNotify) gb_level_result_free);
      if (target < 0)
        for (guint i = 0; i < n; i++)
          g_ptr_array_add (out, NULL);
    }

  if (target >= 0)
    only = subtree (self, target, &n_only);
  for (int lvl = GB_UNIT_LEVEL_COMMUNE; lvl >= GB_UNIT_LEVEL_PROVINCE; lvl--)
    for (guint k = 0; k < (only ? n_only : n); k++)
      {
        guint i = only ? (guint) only[k] : k;
        Unit on;
        const Unit *u = self->dated ? gb_level_engine_unit_on (self, i, lvl, &on)
                                    : &g_array_index (self->units, Unit, i);
        gboolean full = results != NULL && (target < 0 || (int) i == target);
        GbLevelResult scratch = { 0 };
        GbLevelResult *res;

        if (u == NULL || u->level != lvl)
          continue;
        res = full ? gb_level_result_new () : &scratch;
        self->words = full;
        res->cases_per_100k_7d = NAN;
        res->dose1_18_share = NAN;
        res->full_65_share = NAN;
        if (counts[i][1] + counts[i][2] + counts[i][3] + counts[i][4] > 0)
          compute_rollup (self, u, counts[i], &rules, res);
        else
          compute_own (self, i, u, day, &rules, res);

        res->declared = GB_LEVEL_NO_DATA;
        for (guint k = 0; k < u->ovr_n; k++)
          {
            const Override *o = &g_array_index (self->overrides, Override, u->ovr_start + k);
            if (o->from <= day && day <= o->to)
              {
                res->declared = o->level;
                if (full)
                  res->override_reason = g_strdup_printf (translate (self, N_("Declared level %d by %s: %s")),
                                                          o->level, o->author, o->reason);
                break;
              }
          }
        res->effective = res->declared != GB_LEVEL_NO_DATA ? res->declared : res->computed;
        if (u->parent >= 0)
          counts[u->parent][res->effective]++;
        if (levels)
          levels[i] = res->effective | (res->declared != GB_LEVEL_NO_DATA ? GB_LEVEL_DECLARED_FLAG : 0);
        if (full)
          {
            res->unit_code = g_strdup (u->code);
            res->unit_name = g_strdup (u->name);
            res->unit_level = u->level;
            res->rule_set = g_strdup (rules.rule_set);
            note_incomplete (self, u, date, window_from, res);
            if (target < 0)
              out->pdata[i] = res;
            else
              g_ptr_array_add (out, res);
          }
      }
  self->words = FALSE;
  /* The units not in force on the date have no result. */
  if (results && target < 0 && self->dated)
    drop_empty (out);
  if (results)
    *results = g_steal_pointer (&out);
  return TRUE;
}

static GPtrArray *
compute_all (GbLevelEngine *self, const char *date, GError **error)
{
  GPtrArray *results = NULL;

  if (!compute (self, date, -1, &results, NULL, error))
    return NULL;
  return results;
}

/**
 * gb_level_engine_compute:
 * @self: the engine
 * @date: YYYY-MM-DD
 * @level: the units wanted, or %GB_UNIT_LEVEL_ANY
 * @error: a malformed date, no rule set on @date, or a database error
 *
 * Returns: (transfer full) (element-type GbLevelResult): one result per unit, ordered by code.
 */
GPtrArray *
gb_level_engine_compute (GbLevelEngine *self, const char *date, GbUnitLevel level,
                         GError **error)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *out;

  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self), NULL);
  all = compute_all (self, date, error);
  if (all == NULL)
    return NULL;
  if (level == GB_UNIT_LEVEL_ANY)
    return g_steal_pointer (&all);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_level_result_free);
  for (guint i = 0; i < all->len; i++)
    {
      GbLevelResult *r = all->pdata[i];
      if (r->unit_level == (int) level)
        {
          g_ptr_array_add (out, r);
          all->pdata[i] = NULL;
        }
    }
  return out;
}

/**
 * gb_level_engine_compute_unit:
 * @self: the engine
 * @unit_code: a unit code
 * @date: YYYY-MM-DD
 * @error: an unknown unit (GB_ERROR_NOT_FOUND) or what gb_level_engine_compute() reports
 *
 * Returns: (transfer full): the unit's level on @date.
 */
GbLevelResult *
gb_level_engine_compute_unit (GbLevelEngine *self, const char *unit_code, const char *date,
                              GError **error)
{
  g_autoptr(GPtrArray) one = NULL;
  int i;

  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self), NULL);
  if (!gb_level_engine_ensure_loaded (self, error))
    return NULL;
  i = GPOINTER_TO_INT (g_hash_table_lookup (self->index, unit_code ? unit_code : "")) - 1;
  if (i < 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("Unknown unit “%s”"),
                   unit_code ? unit_code : "");
      return NULL;
    }
  /* Only the unit and what is under it: a commune's level does not need the country's. */
  if (!compute (self, date, i, &one, NULL, error))
    return NULL;
  if (one->len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("The unit “%s” is not in force on %s"), unit_code, date);
      return NULL;
    }
  return g_steal_pointer (&one->pdata[0]);
}

/**
 * gb_level_engine_get_n_units:
 *
 * Reads the units if needed (not the days: see gb_level_engine_load_all()). Returns: how many
 * units the engine knows (0 on error)
 */
guint
gb_level_engine_get_n_units (GbLevelEngine  *self,
                             GError        **error)
{
  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self), 0);
  if (!gb_level_engine_ensure_loaded (self, error))
    return 0;
  return self->units->len;
}

/** gb_level_engine_get_unit_code: Returns: the code of unit @index (units are ordered by code). */
const char *
gb_level_engine_get_unit_code (GbLevelEngine *self,
                               guint          index)
{
  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self) && self->loaded && index < self->units->len, NULL);
  return g_array_index (self->units, Unit, index).code;
}

/** gb_level_engine_lookup_unit: Returns: the index of @code, or -1. */
int
gb_level_engine_lookup_unit (GbLevelEngine *self,
                             const char    *code)
{
  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self), -1);
  if (!gb_level_engine_ensure_loaded (self, NULL))
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (self->index, code ? code : "")) - 1;
}

/**
 * gb_level_engine_compute_levels:
 * @levels: (out caller-allocates): gb_level_engine_get_n_units() bytes
 *
 * The effective level of every unit on @date, or'ed with GB_LEVEL_DECLARED_FLAG when declared,
 * without the reasons: what the map needs for every frame.
 */
gboolean
gb_level_engine_compute_levels (GbLevelEngine  *self,
                                const char     *date,
                                guint8         *levels,
                                GError        **error)
{
  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self), FALSE);
  return compute (self, date, -1, NULL, levels, error);
}

/**
 * gb_level_engine_get_rule_set:
 * @id: (out) (optional) (transfer full): the id of the rule set in force on @date ("qd2686")
 * @name: (out) (optional) (transfer full): its name as the store gives it ("QĐ 2686/QĐ-BCĐQG …")
 * @zones: (out) (optional): whether it speaks of zones rather than levels
 *
 * Returns: %FALSE with @error set when no rule set applies on @date
 */
gboolean
gb_level_engine_get_rule_set (GbLevelEngine  *self,
                              const char     *date,
                              char          **id,
                              char          **name,
                              gboolean       *zones,
                              GError        **error)
{
  const Period *p;

  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (!gb_level_engine_ensure_loaded (self, error))
    return FALSE;
  p = period_for_day (self, gb_level_engine_day_number (date));
  if (p == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No rule set applies on %s"), date);
      return FALSE;
    }
  if (id)
    *id = g_strdup (p->rule_set);
  if (zones)
    *zones = p->zones;
  if (name)
    {
      const char *known;

      /* Read once, not on each date step. */
      if (self->rule_set_names == NULL)
        {
          g_autoptr(GPtrArray) sets = gb_store_levels_list_rule_sets (self->store, NULL);

          self->rule_set_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          for (guint i = 0; sets != NULL && i < sets->len; i++)
            {
              GbRuleSetInfo *info = g_ptr_array_index (sets, i);

              g_hash_table_insert (self->rule_set_names, g_strdup (info->id), g_strdup (info->name));
            }
        }
      known = g_hash_table_lookup (self->rule_set_names, p->rule_set);
      *name = g_strdup (known ? known : p->rule_set);
    }
  return TRUE;
}
