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

static void
clear_unit (gpointer p)
{
  Unit *u = p;
  g_free (u->code);
  g_free (u->name);
  g_free (u->parent_code);
  g_free (u->series);
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

/* Index of @code. Rows come by date, then unit, so the unit after the previous row's is the
 * likely one; the table answers the rest. */
static int
find_unit (GbLevelEngine *self, const char *code)
{
  int next = self->last_unit + 1;

  if ((guint) next < self->units->len
      && strcmp (g_array_index (self->units, Unit, next).code, code) == 0)
    return self->last_unit = next;
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

  u.code = g_strdup (code);
  u.name = g_strdup (name);
  u.parent_code = g_strdup (parent_code);
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
  Unit *u;

  /* A row newer than the last day read before is one written meanwhile: the next reading
   * (the store changed) has it. */
  if (i < 0 || day == G_MININT || day > self->last_day)
    return;
  u = &g_array_index (self->units, Unit, i);
  if (u->series == NULL)
    {
      /* Its first report: rows come by date. */
      u->first_day = day;
      u->n_days = self->last_day - day + 1;
      u->series = g_new (gint32, 2 * u->n_days);
      for (guint d = 0; d < u->n_days; d++)
        {
          u->series[2 * d] = -1;
          u->series[2 * d + 1] = 0;
        }
    }
  if (day < u->first_day)
    return;
  u->series[2 * (day - u->first_day)] = clamp_count (MAX (community, 0));
  u->series[2 * (day - u->first_day) + 1] = clamp_count (MAX (unknown_source, 0));
}

static void
on_vacc (const char *unit_code, const char *date, gint64 pop_18, gint64 pop_65,
         gint64 dose1_18, gint64 full_65, gpointer data)
{
  GbLevelEngine *self = data;
  VaccRow r = { find_unit (self, unit_code),
                { row_day (self, date), clamp_count (pop_18), clamp_count (pop_65), clamp_count (dose1_18),
                  clamp_count (full_65) } };
  const VaccRow *prev;

  if (r.unit < 0 || r.v.day == G_MININT)
    return;
  /* The same numbers as the unit's previous row: the latest row on any later day says the same. */
  if (self->vacc_last[r.unit] >= 0)
    {
      prev = &g_array_index (self->vacc_rows, VaccRow, self->vacc_last[r.unit]);
      if (prev->v.pop_18 == r.v.pop_18 && prev->v.pop_65 == r.v.pop_65 &&
          prev->v.dose1_18 == r.v.dose1_18 && prev->v.full_65 == r.v.full_65)
        return;
    }
  self->vacc_last[r.unit] = self->vacc_rows->len;
  g_array_append_val (self->vacc_rows, r);
}

/* Each unit's rows made one segment, in date order (a counting sort by unit, which keeps the
 * store's date order within a unit). */
static void
group_vaccs (GbLevelEngine *self)
{
  guint n = self->vacc_rows->len, at = 0;

  for (guint i = 0; i < n; i++)
    g_array_index (self->units, Unit, g_array_index (self->vacc_rows, VaccRow, i).unit).vacc_n++;
  for (guint i = 0; i < self->units->len; i++)
    {
      Unit *u = &g_array_index (self->units, Unit, i);

      u->vacc_start = at;
      at += u->vacc_n;
      u->vacc_n = 0;
    }
  g_array_set_size (self->vaccs, n);
  for (guint i = 0; i < n; i++)
    {
      const VaccRow *r = &g_array_index (self->vacc_rows, VaccRow, i);
      Unit *u = &g_array_index (self->units, Unit, r->unit);

      g_array_index (self->vaccs, Vacc, u->vacc_start + u->vacc_n++) = r->v;
    }
  g_clear_pointer (&self->vacc_rows, g_array_unref);
  g_clear_pointer (&self->vacc_last, g_free);
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

gboolean
gb_level_engine_ensure_loaded (GbLevelEngine *self, GError **error)
{
  g_autoptr(GHashTable) failures = NULL;

  if (self->loaded)
    return TRUE;
  gb_level_engine_invalidate (self);
  self->n_loads++;
  self->units = g_array_new (FALSE, TRUE, sizeof (Unit));
  g_array_set_clear_func (self->units, clear_unit);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  self->vaccs = g_array_new (FALSE, FALSE, sizeof (Vacc));
  self->overrides = g_array_new (FALSE, FALSE, sizeof (Override));
  g_array_set_clear_func (self->overrides, clear_override);
  self->thresholds = g_array_new (FALSE, FALSE, sizeof (Threshold));
  g_array_set_clear_func (self->thresholds, clear_threshold);
  self->periods = g_array_new (FALSE, FALSE, sizeof (Period));
  g_array_set_clear_func (self->periods, clear_period);
  self->last_unit = -1;

  if (!gb_store_levels_scan_units (self->store, on_unit, self, error))
    goto fail;
  for (guint i = 0; i < self->units->len; i++)
    {
      Unit *u = &g_array_index (self->units, Unit, i);
      if (u->parent_code != NULL)
        u->parent = GPOINTER_TO_INT (g_hash_table_lookup (self->index, u->parent_code)) - 1;
      g_clear_pointer (&u->parent_code, g_free);
    }
  /* The rules first: they say how many days one date needs. */
  if (!gb_store_levels_scan_thresholds (self->store, on_threshold, self, error)
      || !gb_store_levels_scan_periods (self->store, on_period, self, error))
    goto fail;
  self->last_date[0] = '\0';
  self->vacc_rows = g_array_new (FALSE, FALSE, sizeof (VaccRow));
  self->vacc_last = g_new (int, MAX (self->units->len, 1));
  memset (self->vacc_last, 0xff, sizeof (int) * MAX (self->units->len, 1));
  if (self->only_day != G_MININT)
    {
      g_autofree char *from = gb_date_add_days (self->only_date, 1 - gb_level_engine_window_days (self, self->only_day));

      self->last_day = self->only_day;
      if (!gb_store_levels_scan_cases_between (self->store, from, self->only_date, on_case, self, error)
          || !gb_store_levels_scan_vaccs_until (self->store, self->only_date, on_vacc, self, error))
        goto fail;
    }
  else
    {
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;

      self->last_day = gb_store_get_date_range (self->store, &first, &last) ? gb_level_engine_day_number (last) : G_MININT;
      if (!gb_store_levels_scan_cases (self->store, on_case, self, error)
          || !gb_store_levels_scan_vaccs (self->store, on_vacc, self, error))
        goto fail;
    }
  group_vaccs (self);
  self->last_unit = -1;
  if (!gb_store_levels_scan_overrides (self->store, on_override, self, error))
    goto fail;
  failures = gb_store_levels_capacity_failures (self->store, error);
  if (failures == NULL || (self->incomplete = gb_reporting_get_incomplete (self->store, error)) == NULL)
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
  TAKE (index);
  TAKE (vaccs);
  TAKE (overrides);
  TAKE (thresholds);
  TAKE (periods);
  TAKE (incomplete);
  TAKE (history);
#undef TAKE
  self->last_day = loaded->last_day;
  loaded->loaded = FALSE;
  self->loaded = TRUE;
  self->n_loads++;
  return TRUE;
}
