/* gb-level-engine-load.c — the level engine's data read from the store into flat arrays
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-date.h"
#include "gb-level-engine-private.h"
#include "gb-level-engine-units.h"
#include "gb-store-levels.h"
#include "gb-store-reporting.h"

/* Days since 1970-01-01 of "YYYY-MM-DD" (proleptic Gregorian); G_MININT when malformed. */
int
gb_level_engine_day_number (const char *s)
{
  int y, m, d;

  if (s == NULL || strlen (s) != 10 || s[4] != '-' || s[7] != '-')
    return G_MININT;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (s[i]))
      return G_MININT;
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  m = (s[5] - '0') * 10 + (s[6] - '0');
  d = (s[8] - '0') * 10 + (s[9] - '0');
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1)
    return G_MININT;
  if (d > g_date_get_days_in_month (m, y))
    return G_MININT;
  y -= m <= 2;
  {
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }
}

const gint32 gb_level_engine_no_rows = 0;

/* "YYYY-MM-DD" of day number @day. */
static void
day_iso (int  day,
         char iso[11])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (day + 719163));
  g_date_strftime (iso, 11, "%Y-%m-%d", &date);
}

static void
free_case_day (gpointer p)
{
  if (p != GB_LEVEL_NO_ROWS)
    g_free (p);
}

static void
clear_override (gpointer p)
{
  Override *o = p;
  g_free (o->reason);
  g_free (o->author);
}

static void
clear_threshold (gpointer p)
{
  Threshold *t = p;
  g_free (t->rule_set);
  g_free (t->key);
}

static void
clear_period (gpointer p)
{
  g_free (((Period *) p)->rule_set);
}

/* Index of @code. Rows come by date, then unit, so the unit after the previous row's (before
 * it, walking back) is the likely one; the table answers the rest. */
static int
find_unit (GbLevelEngine *self, const char *code)
{
  int next = self->last_unit + 1, prev = self->last_unit - 1;

  if ((guint) next < self->units->len
      && strcmp (g_array_index (self->units, Unit, next).code, code) == 0)
    return self->last_unit = next;
  if (prev >= 0 && strcmp (g_array_index (self->units, Unit, prev).code, code) == 0)
    return self->last_unit = prev;
  if (self->last_unit >= 0
      && strcmp (g_array_index (self->units, Unit, self->last_unit).code, code) == 0)
    return self->last_unit;
  self->last_unit = GPOINTER_TO_INT (g_hash_table_lookup (self->index, code)) - 1;
  return self->last_unit;
}

static void
on_unit (const char *code, int level, const char *parent_code, const char *name,
         gint64 population, gint64 pop_18, gint64 pop_65, gpointer data)
{
  GbLevelEngine *self = data;
  Unit u = { 0 };

  /* Their strings in one chunk: no allocation a unit. */
  u.code = g_string_chunk_insert (self->strings, code ? code : "");
  u.name = g_string_chunk_insert (self->strings, name ? name : "");
  u.parent_code = parent_code ? g_string_chunk_insert_const (self->strings, parent_code) : NULL;
  u.level = level;
  /* Parent codes are resolved after all units are in. */
  u.parent = -1;
  u.vacc_start = u.ovr_start = 0;
  u.pop = population;
  u.pop_18 = pop_18;
  u.pop_65 = pop_65;
  g_array_append_val (self->units, u);
  g_hash_table_insert (self->index, u.code, GINT_TO_POINTER (self->units->len));
}

/* The day of @date; rows come by date, so most rows have the previous row's. */
static int
row_day (GbLevelEngine *self,
         const char    *date)
{
  if (date == NULL || strncmp (date, self->last_date, sizeof self->last_date) != 0)
    {
      g_strlcpy (self->last_date, date ? date : "", sizeof self->last_date);
      self->last_date_day = gb_level_engine_day_number (date);
    }
  return self->last_date_day;
}

static gint32
clamp_count (gint64 n)
{
  return (gint32) CLAMP (n, -1, G_MAXINT32);
}

static void
on_case (const char *unit_code, const char *date, gint64 community, gint64 unknown_source,
         gpointer data)
{
  GbLevelEngine *self = data;
  int i = find_unit (self, unit_code), day = row_day (self, date);
  gint64 k = (gint64) day - self->case_base;
  gint32 *v;

  /* Only days being read are NULL: a day read before is not read again. */
  if (i < 0 || day == G_MININT || k < 0 || k >= self->case_days->len
      || self->case_days->pdata[k] == GB_LEVEL_NO_ROWS)
    return;
  if (self->case_days->pdata[k] == NULL)
    {
      /* The day's first row: one array for every unit, none reported yet. */
      guint n = self->units->len;

      v = g_new (gint32, 2 * (gsize) MAX (n, 1));
      for (guint u = 0; u < n; u++)
        {
          v[2 * u] = -1;
          v[2 * u + 1] = 0;
        }
      self->case_days->pdata[k] = v;
    }
  v = (gint32 *) self->case_days->pdata[k] + 2 * i;
  v[0] = clamp_count (MAX (community, 0));
  v[1] = clamp_count (MAX (unknown_source, 0));
}

/* Reads the case reports of the days @from to @to not read yet: one range of the table for
 * each run of them. */
static gboolean
read_case_days (GbLevelEngine *self,
                int            from,
                int            to,
                GError       **error)
{
  if (self->case_days == NULL)
    {
      self->case_days = g_ptr_array_new_with_free_func (free_case_day);
      self->case_base = from;
    }
  if (from < self->case_base)
    {
      /* Days before those held: the array starts earlier. */
      GPtrArray *days = g_ptr_array_new_full (self->case_days->len + (self->case_base - from), free_case_day);

      g_ptr_array_set_size (days, self->case_base - from);
      for (guint k = 0; k < self->case_days->len; k++)
        g_ptr_array_add (days, g_steal_pointer (&self->case_days->pdata[k]));
      g_ptr_array_unref (self->case_days);
      self->case_days = days;
      self->case_base = from;
    }
  if ((gint64) to - self->case_base >= self->case_days->len)
    g_ptr_array_set_size (self->case_days, to - self->case_base + 1);
  for (int d = from; d <= to; d++)
    {
      char first[11], last[11];
      int end = d;

      if (self->case_days->pdata[d - self->case_base] != NULL)
        continue;
      while (end < to && self->case_days->pdata[end + 1 - self->case_base] == NULL)
        end++;
      day_iso (d, first);
      day_iso (end, last);
      self->last_unit = -1;
      self->last_date[0] = '\0';
      if (!gb_store_levels_scan_cases_between (self->store, first, last, on_case, self, error))
        {
          /* Nothing half read is kept. */
          for (; d <= end; d++)
            g_clear_pointer (&self->case_days->pdata[d - self->case_base], free_case_day);
          return FALSE;
        }
      for (; d <= end; d++)
        if (self->case_days->pdata[d - self->case_base] == NULL)
          self->case_days->pdata[d - self->case_base] = GB_LEVEL_NO_ROWS;
    }
  return TRUE;
}

static gboolean
same_vacc (const Vacc *a, const Vacc *b)
{
  return a->pop_18 == b->pop_18 && a->pop_65 == b->pop_65 && a->dose1_18 == b->dose1_18 &&
         a->full_65 == b->full_65;
}

static void
on_vacc (const char *unit_code, const char *date, gint64 pop_18, gint64 pop_65,
         gint64 dose1_18, gint64 full_65, gpointer data)
{
  GbLevelEngine *self = data;
  VaccRow r = { find_unit (self, unit_code),
                { row_day (self, date), clamp_count (pop_18), clamp_count (pop_65), clamp_count (dose1_18),
                  clamp_count (full_65) } };
  const Unit *u;

  if (r.unit < 0 || r.v.day == G_MININT)
    return;
  /* The same numbers as the unit's previous row (read now, or before): the latest row on any
   * later day says the same. */
  u = &g_array_index (self->units, Unit, r.unit);
  if (self->vacc_last[r.unit] >= 0)
    {
      if (same_vacc (&g_array_index (self->vacc_rows, VaccRow, self->vacc_last[r.unit]).v, &r.v))
        return;
    }
  else if (u->vacc_n > 0 && same_vacc (&g_array_index (self->vaccs, Vacc, u->vacc_start + u->vacc_n - 1), &r.v))
    return;
  self->vacc_last[r.unit] = self->vacc_rows->len;
  g_array_append_val (self->vacc_rows, r);
}

/* Walking back: the first row met of a unit is its latest; done once every unit with a row by
 * then was met. */
static gboolean
on_vacc_back (const char *unit_code, const char *date, gint64 pop_18, gint64 pop_65,
              gint64 dose1_18, gint64 full_65, gpointer data)
{
  GbLevelEngine *self = data;
  int i;

  /* The rest of the day on which the last one was met is read all the same. */
  if (self->vacc_missing == 0 && g_strcmp0 (date, self->vacc_stop) != 0)
    return FALSE;
  i = find_unit (self, unit_code);
  if (i < 0 || self->vacc_wanted[i] == 2)
    return TRUE;
  if (self->vacc_wanted[i] == 1 && --self->vacc_missing == 0)
    g_strlcpy (self->vacc_stop, date ? date : "", sizeof self->vacc_stop);
  self->vacc_wanted[i] = 2;
  on_vacc (unit_code, date, pop_18, pop_65, dose1_18, full_65, data);
  return TRUE;
}

static void
on_vacc_unit (const char *unit_code, gpointer data)
{
  GbLevelEngine *self = data;
  int i = GPOINTER_TO_INT (g_hash_table_lookup (self->index, unit_code)) - 1;

  if (i >= 0 && self->vacc_wanted[i] == 0)
    {
      self->vacc_wanted[i] = 1;
      self->vacc_missing++;
    }
}

/* The rows read (vacc_rows, by date) after each unit's rows held before: each unit's rows one
 * segment in date order again (a counting sort by unit, which keeps the date order). */
static void
group_vaccs (GbLevelEngine *self)
{
  guint n = self->vacc_rows->len, at = 0, n_units = self->units->len;
  GArray *vaccs;
  guint *added = g_new0 (guint, MAX (n_units, 1));

  for (guint i = 0; i < n; i++)
    added[g_array_index (self->vacc_rows, VaccRow, i).unit]++;
  vaccs = g_array_sized_new (FALSE, FALSE, sizeof (Vacc), self->vaccs->len + n);
  g_array_set_size (vaccs, self->vaccs->len + n);
  for (guint i = 0; i < n_units; i++)
    {
      Unit *u = &g_array_index (self->units, Unit, i);

      if (u->vacc_n > 0)
        memcpy (&g_array_index (vaccs, Vacc, at), &g_array_index (self->vaccs, Vacc, u->vacc_start),
                u->vacc_n * sizeof (Vacc));
      u->vacc_start = at;
      at += u->vacc_n + added[i];
    }
  for (guint i = 0; i < n; i++)
    {
      const VaccRow *r = &g_array_index (self->vacc_rows, VaccRow, i);
      Unit *u = &g_array_index (self->units, Unit, r->unit);

      g_array_index (vaccs, Vacc, u->vacc_start + u->vacc_n++) = r->v;
    }
  g_array_unref (self->vaccs);
  self->vaccs = vaccs;
  g_free (added);
}

/* Drops the vaccination rows held. */
static void
forget_vaccs (GbLevelEngine *self)
{
  g_array_set_size (self->vaccs, 0);
  for (guint i = 0; i < self->units->len; i++)
    g_array_index (self->units, Unit, i).vacc_n = 0;
  self->vacc_lo = 1;
  self->vacc_hi = 0;
}

/* Up to a week after the days held, the rows of the days between are read; further, or
 * before, the rows are read again walking back from @day (usually one day of rows). */
#define VACC_READ_AHEAD 7

static gboolean
read_vaccs (GbLevelEngine *self,
            int            day,
            GError       **error)
{
  guint n = MAX (self->units->len, 1);
  char iso[11];
  gboolean ok;

  if (self->vacc_lo <= day && day <= self->vacc_hi)
    return TRUE;
  day_iso (day, iso);
  self->vacc_rows = g_array_new (FALSE, FALSE, sizeof (VaccRow));
  self->vacc_last = g_new (int, n);
  memset (self->vacc_last, 0xff, sizeof (int) * n);
  self->last_unit = -1;
  self->last_date[0] = '\0';
  if (self->vacc_lo <= self->vacc_hi && day > self->vacc_hi && day - self->vacc_hi <= VACC_READ_AHEAD)
    {
      char from[11];

      day_iso (self->vacc_hi + 1, from);
      ok = gb_store_levels_scan_vaccs_between (self->store, from, iso, on_vacc, self, error);
    }
  else
    {
      forget_vaccs (self);
      self->vacc_wanted = g_new0 (guint8, n);
      self->vacc_missing = 0;
      ok = gb_store_levels_scan_vacc_units (self->store, iso, on_vacc_unit, self, error) &&
           (self->vacc_missing == 0 || gb_store_levels_scan_vaccs_back (self->store, iso, on_vacc_back, self, error));
      g_clear_pointer (&self->vacc_wanted, g_free);
      /* Walked back: one row a unit, found latest first, which is each unit's order too. */
      if (ok)
        self->vacc_lo = day;
    }
  if (ok)
    {
      group_vaccs (self);
      self->vacc_hi = day;
    }
  else
    forget_vaccs (self);
  g_clear_pointer (&self->vacc_rows, g_array_unref);
  g_clear_pointer (&self->vacc_last, g_free);
  return ok;
}

/**
 * gb_level_engine_ensure_days:
 * @window: the days of case reports the rules look at, up to @day
 * @vaccination: whether they need each unit's latest vaccination row on @day
 *
 * Reads what a level on @day needs and was not read yet: a date step reads one day's rows.
 */
gboolean
gb_level_engine_ensure_days (GbLevelEngine *self,
                             int            day,
                             int            window,
                             gboolean       vaccination,
                             GError       **error)
{
  g_assert (self->loaded);
  return read_case_days (self, day - MAX (window, 1) + 1, day, error) &&
         (!vaccination || read_vaccs (self, day, error));
}

/* The incomplete days, for the reasons only. */
gboolean
gb_level_engine_ensure_incomplete (GbLevelEngine *self,
                                   GError       **error)
{
  g_assert (self->loaded);
  if (self->incomplete_read)
    return TRUE;
  if ((self->incomplete = gb_reporting_get_incomplete (self->store, error)) == NULL)
    return FALSE;
  self->incomplete_read = TRUE;
  return TRUE;
}

static void
on_override (const char *uid, const char *unit_code, const char *date_from, const char *date_to,
             int level, const char *reason, const char *author, gpointer data)
{
  GbLevelEngine *self = data;
  int i = find_unit (self, unit_code);
  Override o;
  Unit *u;

  if (i < 0)
    return;
  o.from = gb_level_engine_day_number (date_from);
  o.to = date_to ? gb_level_engine_day_number (date_to) : G_MAXINT;
  o.level = level;
  o.reason = g_strdup (reason);
  o.author = g_strdup (author);
  u = &g_array_index (self->units, Unit, i);
  if (u->ovr_n == 0)
    u->ovr_start = self->overrides->len;
  g_array_append_val (self->overrides, o);
  u->ovr_n++;
}

static void
on_threshold (const char *rule_set, const char *key, const char *valid_from, double value,
              gpointer data)
{
  GbLevelEngine *self = data;
  Threshold t = { g_strdup (rule_set), g_strdup (key), gb_level_engine_day_number (valid_from), value };

  g_array_append_val (self->thresholds, t);
}

static void
on_period (const char *date_from, const char *rule_set, const char *kind, gpointer data)
{
  GbLevelEngine *self = data;
  Period p = { gb_level_engine_day_number (date_from), g_strdup (rule_set), g_strcmp0 (kind, "zones") == 0 };

  g_array_append_val (self->periods, p);
}

/* Each unit's children in one array (counted, then placed), in code order. */
static void
link_children (GbLevelEngine *self)
{
  guint n = self->units->len;
  int *at;

  self->child_first = g_new0 (int, n + 1);
  self->children = g_new (int, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      int p = g_array_index (self->units, Unit, i).parent;

      if (p >= 0)
        self->child_first[p + 1]++;
    }
  for (guint i = 0; i < n; i++)
    self->child_first[i + 1] += self->child_first[i];
  at = g_memdup2 (self->child_first, sizeof (int) * (n + 1));
  for (guint i = 0; i < n; i++)
    {
      int p = g_array_index (self->units, Unit, i).parent;

      if (p >= 0)
        self->children[at[p]++] = i;
    }
  g_free (at);
}

gboolean
gb_level_engine_ensure_loaded (GbLevelEngine *self, GError **error)
{
  g_autoptr(GHashTable) failures = NULL;

  if (self->loaded)
    return TRUE;
  gb_level_engine_invalidate (self);
  self->n_loads++;
  self->units = g_array_new (FALSE, TRUE, sizeof (Unit));
  self->strings = g_string_chunk_new (64 * 1024);
  g_clear_pointer (&self->vacc_cursor, g_free);
  g_clear_pointer (&self->counts, g_free);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  self->vaccs = g_array_new (FALSE, FALSE, sizeof (Vacc));
  self->vacc_lo = 1;
  self->vacc_hi = 0;
  self->overrides = g_array_new (FALSE, FALSE, sizeof (Override));
  g_array_set_clear_func (self->overrides, clear_override);
  self->thresholds = g_array_new (FALSE, FALSE, sizeof (Threshold));
  g_array_set_clear_func (self->thresholds, clear_threshold);
  self->periods = g_array_new (FALSE, FALSE, sizeof (Period));
  g_array_set_clear_func (self->periods, clear_period);
  self->last_unit = -1;

  if (!gb_store_levels_scan_units (self->store, on_unit, self, error))
    goto fail;
  self->vacc_cursor = g_new0 (guint, MAX (self->units->len, 1));
  for (guint i = 0; i < self->units->len; i++)
    {
      Unit *u = &g_array_index (self->units, Unit, i);
      if (u->parent_code != NULL)
        u->parent = GPOINTER_TO_INT (g_hash_table_lookup (self->index, u->parent_code)) - 1;
      u->parent_code = NULL;
    }
  link_children (self);
  /* The rules: they say how many days a date needs. The days are read as dates need them
   * (gb_level_engine_ensure_days()). */
  if (!gb_store_levels_scan_thresholds (self->store, on_threshold, self, error)
      || !gb_store_levels_scan_periods (self->store, on_period, self, error))
    goto fail;
  self->last_unit = -1;
  if (!gb_store_levels_scan_overrides (self->store, on_override, self, error))
    goto fail;
  failures = gb_store_levels_capacity_failures (self->store, error);
  if (failures == NULL)
    goto fail;
  for (guint i = 0; i < self->units->len; i++)
    {
      Unit *u = &g_array_index (self->units, Unit, i);
      u->cap_fail = g_hash_table_contains (failures, u->code);
    }
  if (!gb_level_engine_load_units (self, error))
    goto fail;
  self->loaded = TRUE;
  return TRUE;

fail:
  gb_level_engine_invalidate (self);
  return FALSE;
}

/**
 * gb_level_engine_load_all:
 * @self: the engine
 * @error: a database error
 *
 * Reads every day's case reports and vaccination rows now (in a worker: see
 * gb_level_engine_adopt()), so that no date needs reading later. Without it an engine reads
 * the days each date needs when it is asked for it.
 *
 * Returns: whether all was read
 */
gboolean
gb_level_engine_load_all (GbLevelEngine  *self,
                          GError        **error)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self), FALSE);

  if (!gb_level_engine_ensure_loaded (self, error))
    return FALSE;
  if (!gb_store_get_date_range (self->store, &first, &last))
    return TRUE;
  if (!read_case_days (self, gb_level_engine_day_number (first), gb_level_engine_day_number (last), error))
    return FALSE;
  return gb_level_engine_ensure_all_vaccs (self, error);
}

/* Every vaccination row, once: any day's latest is in (a merged unit's rows of the day before
 * its merge, which the days as needed do not keep). */
gboolean
gb_level_engine_ensure_all_vaccs (GbLevelEngine  *self,
                                  GError        **error)
{
  guint n;

  g_assert (self->loaded);
  if (self->vacc_lo == G_MININT)
    return TRUE;
  forget_vaccs (self);
  n = MAX (self->units->len, 1);
  self->vacc_rows = g_array_new (FALSE, FALSE, sizeof (VaccRow));
  self->vacc_last = g_new (int, n);
  memset (self->vacc_last, 0xff, sizeof (int) * n);
  self->last_unit = -1;
  self->last_date[0] = '\0';
  if (gb_store_levels_scan_vaccs_between (self->store, NULL, "9999-12-31", on_vacc, self, error))
    {
      group_vaccs (self);
      /* Every row: any day's latest is in. */
      self->vacc_lo = G_MININT;
      self->vacc_hi = G_MAXINT;
    }
  g_clear_pointer (&self->vacc_rows, g_array_unref);
  g_clear_pointer (&self->vacc_last, g_free);
  return self->vacc_lo == G_MININT;
}

/**
 * gb_level_engine_get_generation:
 *
 * Returns: a number that changes each time the engine's data is dropped: data read elsewhere
 *   while it did not change may be adopted (gb_level_engine_adopt())
 */
guint
gb_level_engine_get_generation (GbLevelEngine *self)
{
  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self), 0);
  return self->generation;
}

/**
 * gb_level_engine_adopt:
 * @self: an engine, usually a store's shared one
 * @loaded: an engine of the same database that has read its data (in a worker thread, on a
 *   connection of its own: gb_level_engine_get_n_units() loads it)
 * @generation: gb_level_engine_get_generation() of @self when @loaded started reading
 *
 * Takes @loaded's data instead of reading it again, so the store's engine is loaded without
 * its reading running on the UI thread. Nothing is taken when @self was loaded meanwhile, or
 * its data was dropped since @generation (the store changed: what @loaded read may be old).
 *
 * Returns: whether @self took the data
 */
gboolean
gb_level_engine_adopt (GbLevelEngine *self,
                       GbLevelEngine *loaded,
                       guint          generation)
{
  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (self), FALSE);
  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (loaded), FALSE);

  if (self->loaded || self->generation != generation || !loaded->loaded)
    return FALSE;
  gb_level_engine_invalidate (self);
  self->generation = generation;
#define TAKE(field) self->field = g_steal_pointer (&loaded->field)
  TAKE (units);
  TAKE (strings);
  TAKE (vacc_cursor);
  TAKE (child_first);
  TAKE (children);
  TAKE (index);
  TAKE (case_days);
  TAKE (vaccs);
  TAKE (overrides);
  TAKE (thresholds);
  TAKE (periods);
  TAKE (incomplete);
  TAKE (history);
#undef TAKE
  self->case_base = loaded->case_base;
  self->vacc_lo = loaded->vacc_lo;
  self->vacc_hi = loaded->vacc_hi;
  self->incomplete_read = loaded->incomplete_read;
  loaded->loaded = FALSE;
  self->loaded = TRUE;
  self->n_loads++;
  return TRUE;
}
