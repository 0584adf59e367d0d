/* gb-store-reporting.c — the reporting rate of each day and the incomplete days
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gb-date.h"
#include "gb-store-private.h"
#include "gb-store-reporting.h"
#include "gb-store-units-history.h"

void
gb_reporting_unit_free (GbReportingUnit *unit)
{
  if (unit == NULL)
    return;
  g_free (unit->code);
  g_free (unit->name);
  g_clear_pointer (&unit->days, g_array_unref);
  g_free (unit);
}

static guint
meta_uint (GbStore *store, const char *key, guint fallback, guint max)
{
  g_autofree char *text = gb_store_get_meta (store, key);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return fallback;
  return (guint) value;
}

void
gb_reporting_get_rule (GbStore         *store,
                       GbReportingRule *rule)
{
  g_return_if_fail (GB_IS_STORE (store));
  g_return_if_fail (rule != NULL);

  rule->percent = meta_uint (store, "reporting-percent", GB_REPORTING_DEFAULT_PERCENT, 100);
  rule->window = meta_uint (store, "reporting-window", GB_REPORTING_DEFAULT_WINDOW, GB_REPORTING_MAX_WINDOW);
}

gboolean
gb_reporting_set_rule (GbStore                *store,
                       const GbReportingRule  *rule,
                       GError                **error)
{
  g_autofree char *percent = NULL;
  g_autofree char *window = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  if (rule->percent > 100 || rule->window > GB_REPORTING_MAX_WINDOW)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("The share of communes is 0 to 100 %% and the window 0 to %d days"), GB_REPORTING_MAX_WINDOW);
      return FALSE;
    }
  percent = g_strdup_printf ("%u", rule->percent);
  window = g_strdup_printf ("%u", rule->window);
  return gb_store_set_meta (store, "reporting-percent", percent, error) &&
         gb_store_set_meta (store, "reporting-window", window, error);
}

/**
 * gb_reporting_day_incomplete:
 *
 * Exactly the threshold is complete (80 % of 10 communes: 8 reported is enough); a day with no
 * commune expected is never incomplete; a window of 0 marks nothing.
 */
gboolean
gb_reporting_day_incomplete (const GbReportingRule *rule,
                             const char            *date,
                             const char            *last,
                             guint                  reported,
                             guint                  expected)
{
  g_autofree char *first = NULL;

  g_return_val_if_fail (rule != NULL, FALSE);

  if (date == NULL || last == NULL || rule->window == 0 || expected == 0)
    return FALSE;
  first = gb_date_add_days (last, 1 - (int) rule->window);
  if (first == NULL || strcmp (date, first) < 0 || strcmp (date, last) > 0)
    return FALSE;
  /* In integers: 0.8 × 10 is not 8 in binary floating point. */
  return (guint64) reported * 100 < (guint64) rule->percent * expected;
}

char *
gb_reporting_last_day (GbStore *store)
{
  g_autofree char *first = NULL;
  char *last = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  if (!gb_store_get_date_range (store, &first, &last))
    return NULL;
  return last;
}

/* Every district's communes that reported each day from ?1 to ?2, with the district's province.
 * A commune counts on the days it is in force (valid_to is its first day gone), so after a
 * merge the merged communes count once, as the unit they became; and that unit reported when
 * it or any commune that went whole into it (followed through later merges) did: reports
 * still sent under an old code land on its successor. "whole" lists, for each unit that
 * communes went into, every such commune and the first day its reports are that unit's.
 * A commune counts under its parent of the day, and a district under its province of the day
 * (the units row before a unit's first version, the latest version's after): districts merged
 * by hand hand their communes to the successor from the merge on. A commune whose parent of the day is a province (after the 2025 reform) counts for
 * the province alone (no district: NULL). */
static const char scan_sql[] =
  "WITH RECURSIVE " GB_DATE_WALK ("case_reports", "?1", "?2") ", "
  "days AS (SELECT date FROM walk WHERE date IS NOT NULL AND date <= coalesce (?2, '9999-12-31')), "
  /* The communes in force each day with their parent of the day: the latest version's, else
   * (most communes have none) the units row's. */
  "communes (date, code, parent) AS ("
  "  SELECT days.date, m.code, coalesce ((SELECT v.parent_code FROM unit_versions v WHERE v.code = m.code "
  "  AND v.valid_from <= days.date ORDER BY v.valid_from DESC LIMIT 1), m.parent_code) "
  "  FROM days JOIN units m ON m.level = 3 "
  "  AND (m.valid_from IS NULL OR m.valid_from <= days.date) AND (m.valid_to IS NULL OR m.valid_to > days.date)), "
  /* The districts and provinces each day: level, parent and name of the day. */
  "areas (date, code, level, parent, name) AS MATERIALIZED ("
  "  SELECT days.date, d.code, coalesce (v.level, d.level), CASE WHEN v.code IS NULL THEN d.parent_code "
  "  ELSE v.parent_code END, coalesce (v.name, d.name) FROM days JOIN units d ON d.level < 3 "
  "  LEFT JOIN unit_versions v ON v.code = d.code AND v.valid_from = (SELECT max (w.valid_from) FROM unit_versions w "
  "  WHERE w.code = d.code AND w.valid_from <= days.date)), "
  "whole (pred, unit, date) AS ("
  "  SELECT predecessor, successor, date FROM unit_successions WHERE partial = 0 AND predecessor <> successor"
  "  UNION SELECT s.predecessor, w.unit, max (s.date, w.date) FROM unit_successions s JOIN whole w "
  "  ON s.successor = w.pred WHERE s.partial = 0 AND s.predecessor <> s.successor), "
  /* The units with a report each day: their own, or one sent under a code that went into them
   * (read from the days' reports, a few thousand rows, not per commune). */
  "reported (unit, date) AS MATERIALIZED ("
  "  SELECT c.unit_code, c.date FROM days JOIN case_reports c ON c.date = days.date "
  "  UNION SELECT w.unit, c.date FROM days JOIN case_reports c ON c.date = days.date "
  "  JOIN whole w ON w.pred = c.unit_code AND w.date <= c.date) "
  "SELECT CASE d.level WHEN 1 THEN d.code ELSE d.parent END, CASE d.level WHEN 2 THEN d.code END, d.name, "
  "  m.date, count (r.unit), count (*) "
  "FROM communes m JOIN areas d ON d.date = m.date AND d.code = m.parent AND d.level IN (1, 2) "
  "LEFT JOIN reported r ON r.unit = m.code AND r.date = m.date "
  "GROUP BY d.code, m.date ORDER BY d.code, m.date";

typedef void (*ScanFunc) (const char *province, const char *district, const char *name,
                          const char *date, guint reported, guint expected, gpointer data);

static gboolean
scan (GbStore *store, const char *from, const char *to, ScanFunc func, gpointer data, GError **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, scan_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, from);
  gb_store_bind_text (stmt, 2, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
          (const char *) sqlite3_column_text (stmt, 2), (const char *) sqlite3_column_text (stmt, 3),
          sqlite3_column_int (stmt, 4), sqlite3_column_int (stmt, 5), data);
  return gb_store_rows_done (store, stmt, rc, _("Could not read the reporting rate"), error);
}

/* Adds one district-day to the row of @code in @by_code (created in @list when new). */
static void
add_day (GHashTable *by_code, GPtrArray *list, const char *code, const char *name,
         const char *date, guint reported, guint expected)
{
  GbReportingUnit *u = g_hash_table_lookup (by_code, code);
  GbReportingDay *last;

  if (u == NULL)
    {
      u = g_new0 (GbReportingUnit, 1);
      u->code = g_strdup (code);
      u->name = g_strdup (name);
      u->days = g_array_new (FALSE, TRUE, sizeof (GbReportingDay));
      g_hash_table_insert (by_code, u->code, u);
      g_ptr_array_add (list, u);
    }
  last = u->days->len > 0 ? &g_array_index (u->days, GbReportingDay, u->days->len - 1) : NULL;
  if (last == NULL || strcmp (last->date, date) != 0)
    {
      GbReportingDay day = { { 0 }, 0, 0, FALSE };

      g_strlcpy (day.date, date, sizeof day.date);
      g_array_append_val (u->days, day);
      last = &g_array_index (u->days, GbReportingDay, u->days->len - 1);
    }
  last->reported += reported;
  last->expected += expected;
}

typedef struct
{
  GHashTable *by_code;
  GPtrArray  *list;
  const char *only;        /* a district or a province code, or NULL for every district */
  gboolean    provinces;   /* also sum each province */
} Collect;

static void
collect_cb (const char *province, const char *district, const char *name, const char *date,
            guint reported, guint expected, gpointer data)
{
  Collect *c = data;

  if (district != NULL && (c->only == NULL || g_strcmp0 (c->only, district) == 0))
    add_day (c->by_code, c->list, district, name, date, reported, expected);
  if (province != NULL && (c->provinces || g_strcmp0 (c->only, province) == 0))
    add_day (c->by_code, c->list, province, NULL, date, reported, expected);
}

static GPtrArray *
collect (GbStore *store, const char *only, gboolean provinces, const char *from, const char *to,
         GError **error)
{
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_reporting_unit_free);
  g_autofree char *last = gb_reporting_last_day (store);
  GbReportingRule rule;
  Collect c = { by_code, list, only, provinces };

  if (last == NULL)
    return g_steal_pointer (&list);
  if (!scan (store, from, to, collect_cb, &c, error))
    return NULL;
  gb_reporting_get_rule (store, &rule);
  for (guint i = 0; i < list->len; i++)
    {
      GbReportingUnit *u = list->pdata[i];

      for (guint k = 0; k < u->days->len; k++)
        {
          GbReportingDay *d = &g_array_index (u->days, GbReportingDay, k);

          d->incomplete = gb_reporting_day_incomplete (&rule, d->date, last, d->reported, d->expected);
        }
    }
  return g_steal_pointer (&list);
}

static int
by_code (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(GbReportingUnit **) a)->code, (*(GbReportingUnit **) b)->code);
}

/**
 * gb_reporting_list_districts:
 * @from: (nullable): first day
 * @to: (nullable): last day; both NULL: the rule's window, at least 7 days, up to the last day
 *
 * Returns: (transfer full) (element-type GbReportingUnit): every district by code
 */
GPtrArray *
gb_reporting_list_districts (GbStore     *store,
                             const char  *from,
                             const char  *to,
                             GError     **error)
{
  g_autofree char *last = NULL;
  g_autofree char *start = NULL;
  GPtrArray *list;
  GbReportingRule rule;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  if (from == NULL && to == NULL && (last = gb_reporting_last_day (store)) != NULL)
    {
      gb_reporting_get_rule (store, &rule);
      start = gb_date_add_days (last, 1 - (int) MAX (rule.window, 7));
      from = start;
    }
  if ((list = collect (store, NULL, FALSE, from, to, error)) != NULL)
    g_ptr_array_sort (list, by_code);
  return list;
}

/**
 * gb_reporting_get_days:
 * @unit_code: a province, district or commune (its district's days)
 *
 * Returns: (transfer full) (element-type GbReportingDay): by date; empty when the unit has no
 *   communes under it
 */
GArray *
gb_reporting_get_days (GbStore     *store,
                       const char  *unit_code,
                       const char  *from,
                       const char  *to,
                       GError     **error)
{
  g_autoptr(GbUnit) unit = NULL;
  g_autoptr(GbUnit) now = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *last = NULL;
  const char *area;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  if ((unit = gb_store_get_unit (store, unit_code, error)) == NULL)
    return NULL;
  /* A commune's district is the one it is under on the last day (a district merged by hand
   * hands it on). */
  if (unit->level == GB_UNIT_LEVEL_COMMUNE && (last = gb_reporting_last_day (store)) != NULL &&
      (now = gb_store_get_unit_on (store, unit_code, to != NULL && strcmp (to, last) < 0 ? to : last, NULL)) != NULL &&
      now->level == GB_UNIT_LEVEL_COMMUNE && now->parent_code != NULL)
    area = now->parent_code;
  else
    area = unit->level == GB_UNIT_LEVEL_COMMUNE ? unit->parent_code : unit->code;
  if (area == NULL || (list = collect (store, area, FALSE, from, to, error)) == NULL)
    return area == NULL ? g_array_new (FALSE, TRUE, sizeof (GbReportingDay)) : NULL;
  for (guint i = 0; i < list->len; i++)
    {
      GbReportingUnit *u = list->pdata[i];

      if (strcmp (u->code, area) == 0)
        return g_array_ref (u->days);
    }
  return g_array_new (FALSE, TRUE, sizeof (GbReportingDay));
}

/**
 * gb_reporting_get_incomplete:
 *
 * Returns: (transfer full): code of a district or province -> (element-type utf8) GPtrArray of
 *   its incomplete dates; only units that have some
 */
GHashTable *
gb_reporting_get_incomplete (GbStore  *store,
                             GError  **error)
{
  g_autoptr(GHashTable) out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                     (GDestroyNotify) g_ptr_array_unref);
  g_autofree char *last = NULL;
  g_autofree char *from = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GbReportingRule rule;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  gb_reporting_get_rule (store, &rule);
  if (rule.window == 0 || (last = gb_reporting_last_day (store)) == NULL)
    return g_steal_pointer (&out);
  from = gb_date_add_days (last, 1 - (int) rule.window);
  if ((list = collect (store, NULL, TRUE, from, last, error)) == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      GbReportingUnit *u = list->pdata[i];
      GPtrArray *dates = NULL;

      for (guint k = 0; k < u->days->len; k++)
        if (g_array_index (u->days, GbReportingDay, k).incomplete)
          {
            if (dates == NULL)
              g_hash_table_insert (out, g_strdup (u->code), dates = g_ptr_array_new_with_free_func (g_free));
            g_ptr_array_add (dates, g_strdup (g_array_index (u->days, GbReportingDay, k).date));
          }
    }
  return g_steal_pointer (&out);
}
