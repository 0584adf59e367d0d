/* gb-store-levels.c — rule sets, thresholds, treatment capacity and level overrides
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gb-date.h"
#include "gb-store-levels.h"
#include "gb-store-private.h"

#define COL_TEXT(s, i) ((const char *) sqlite3_column_text ((s), (i)))

/* Steps @stmt to the end, or until @row returns FALSE; rows go to @row. */
static gboolean
scan (GbStore      *self,
      sqlite3_stmt *stmt,
      gboolean    (*row) (sqlite3_stmt *stmt, gpointer func, gpointer data),
      gpointer      func,
      gpointer      data,
      GError      **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!row (stmt, func, data))
      {
        rc = SQLITE_DONE;
        break;
      }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gb_store_set_error (self, error, _("Could not read the data for the levels"));
  return TRUE;
}

static gboolean
unit_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  ((GbLevelUnitFunc) func) (COL_TEXT (s, 0), sqlite3_column_int (s, 1), COL_TEXT (s, 2),
                            COL_TEXT (s, 3), gb_store_column_count (s, 4),
                            gb_store_column_count (s, 5), gb_store_column_count (s, 6), data);
  return TRUE;
}

gboolean
gb_store_levels_scan_units (GbStore *self, GbLevelUnitFunc func, gpointer data, GError **error)
{
  return scan (self, gb_store_prepare (self, "SELECT code, level, parent_code, name, population, "
                                       "pop_18, pop_65 FROM units ORDER BY code", error),
               unit_row, func, data, error);
}

static gboolean
case_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  ((GbLevelCaseFunc) func) (COL_TEXT (s, 0), COL_TEXT (s, 1), sqlite3_column_int64 (s, 2),
                            sqlite3_column_int64 (s, 3), data);
  return TRUE;
}

/* @sql's rows for dates from @from to @to (?1 and ?2; @from NULL: from the first). */
static gboolean
scan_between (GbStore      *self,
              const char   *sql,
              const char   *from,
              const char   *to,
              gboolean    (*row) (sqlite3_stmt *stmt, gpointer func, gpointer data),
              gpointer      func,
              gpointer      data,
              GError      **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, sql, error);

  if (stmt != NULL)
    {
      gb_store_bind_text (stmt, 1, from ? from : "");
      gb_store_bind_text (stmt, 2, to);
    }
  return scan (self, stmt, row, func, data, error);
}

/* The rows from @from to @to (YYYY-MM-DD, inclusive), by date then unit: one range of the
 * table, which is keyed by date. */
gboolean
gb_store_levels_scan_cases_between (GbStore *self, const char *from, const char *to, GbLevelCaseFunc func,
                                    gpointer data, GError **error)
{
  return scan_between (self, "SELECT unit_code, date, community, unknown_source FROM case_reports "
                       "WHERE date >= ?1 AND date <= ?2 ORDER BY date, unit_code",
                       from, to, case_row, func, data, error);
}

static gboolean
vacc_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  ((GbLevelVaccFunc) func) (COL_TEXT (s, 0), COL_TEXT (s, 1), gb_store_column_count (s, 2),
                            gb_store_column_count (s, 3), gb_store_column_count (s, 4),
                            gb_store_column_count (s, 5), data);
  return TRUE;
}

/* The rows from @from to @to (YYYY-MM-DD, inclusive; @from NULL: from the first), by date then
 * unit: one range of the table, which is keyed by date. */
gboolean
gb_store_levels_scan_vaccs_between (GbStore *self, const char *from, const char *to, GbLevelVaccFunc func,
                                    gpointer data, GError **error)
{
  return scan_between (self, "SELECT unit_code, date, pop_18, pop_65, dose1_18, full_65 FROM vaccinations "
                       "WHERE date >= ?1 AND date <= ?2 ORDER BY date, unit_code",
                       from, to, vacc_row, func, data, error);
}

static gboolean
vacc_back_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  return ((GbLevelVaccBackFunc) func) (COL_TEXT (s, 0), COL_TEXT (s, 1), gb_store_column_count (s, 2),
                                       gb_store_column_count (s, 3), gb_store_column_count (s, 4),
                                       gb_store_column_count (s, 5), data);
}

/* The rows on or before @to, the latest date first, until @func returns FALSE: the key read
 * backwards, units too (EXPLAIN QUERY PLAN: SEARCH vaccinations USING PRIMARY KEY (date<?),
 * where units in ascending order sort each date's rows first). */
gboolean
gb_store_levels_scan_vaccs_back (GbStore *self, const char *to, GbLevelVaccBackFunc func, gpointer data,
                                 GError **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT unit_code, date, pop_18, pop_65, dose1_18, "
                                         "full_65 FROM vaccinations WHERE date <= ?1 "
                                         "ORDER BY date DESC, unit_code DESC", error);

  if (stmt != NULL)
    gb_store_bind_text (stmt, 1, to);
  return scan (self, stmt, vacc_back_row, func, data, error);
}

static gboolean
vacc_unit_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  ((GbLevelVaccUnitFunc) func) (COL_TEXT (s, 0), data);
  return TRUE;
}

/* The units with a vaccination row on or before @to (0140-vaccination-units.sql). */
gboolean
gb_store_levels_scan_vacc_units (GbStore *self, const char *to, GbLevelVaccUnitFunc func, gpointer data,
                                 GError **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT unit_code FROM vaccination_units "
                                         "WHERE first_date <= ?1", error);

  if (stmt != NULL)
    gb_store_bind_text (stmt, 1, to);
  return scan (self, stmt, vacc_unit_row, func, data, error);
}

static gboolean
override_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  ((GbLevelOverrideFunc) func) (COL_TEXT (s, 0), COL_TEXT (s, 1), COL_TEXT (s, 2),
                                COL_TEXT (s, 3), sqlite3_column_int (s, 4), COL_TEXT (s, 5),
                                COL_TEXT (s, 6), data);
  return TRUE;
}

gboolean
gb_store_levels_scan_overrides (GbStore *self, GbLevelOverrideFunc func, gpointer data, GError **error)
{
  /* Newest first, so the latest declaration wins where two overlap. */
  return scan (self, gb_store_prepare (self, "SELECT uid, unit_code, date_from, date_to, level, "
                                       "reason, author FROM level_overrides WHERE revoked_at IS NULL "
                                       "ORDER BY unit_code, created_at DESC, id DESC", error),
               override_row, func, data, error);
}

static gboolean
threshold_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  ((GbLevelThresholdFunc) func) (COL_TEXT (s, 0), COL_TEXT (s, 1), COL_TEXT (s, 2),
                                 sqlite3_column_double (s, 3), data);
  return TRUE;
}

gboolean
gb_store_levels_scan_thresholds (GbStore *self, GbLevelThresholdFunc func, gpointer data, GError **error)
{
  return scan (self, gb_store_prepare (self, "SELECT rule_set, key, valid_from, value FROM "
                                       "rule_thresholds ORDER BY rule_set, key, valid_from, id", error),
               threshold_row, func, data, error);
}

static gboolean
period_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  ((GbLevelPeriodFunc) func) (COL_TEXT (s, 0), COL_TEXT (s, 1), COL_TEXT (s, 2), data);
  return TRUE;
}

gboolean
gb_store_levels_scan_periods (GbStore *self, GbLevelPeriodFunc func, gpointer data, GError **error)
{
  return scan (self, gb_store_prepare (self, "SELECT p.date_from, p.rule_set, r.kind FROM "
                                       "rule_set_periods p JOIN rule_sets r ON r.id = p.rule_set "
                                       "ORDER BY p.date_from", error),
               period_row, func, data, error);
}

GHashTable *
gb_store_levels_capacity_failures (GbStore *self, GError **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT unit_code FROM treatment_capacity WHERE ok = 0",
                                         error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (set, g_strdup (COL_TEXT (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, _("Could not read the treatment capacity"));
      return NULL;
    }
  return g_steal_pointer (&set);
}

static gboolean
row_exists (GbStore *self, const char *sql, const char *a, const char *b, gboolean *exists,
            GError **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, a);
  if (b != NULL)
    gb_store_bind_text (stmt, 2, b);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gb_store_set_error (self, error, _("Could not read the rule sets"));
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
check_date (const char *date, const char *what, GError **error)
{
  if (date == NULL || !gb_date_is_valid_iso (date))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("%s: “%s” is not a date (YYYY-MM-DD)"), what, date ? date : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
gb_store_set_rule_set_period (GbStore *self, const char *date_from, const char *rule_set,
                              GError **error)
{
  gboolean exists = FALSE;
  sqlite3_stmt *stmt;

  if (!check_date (date_from, _("Rule set period"), error))
    return FALSE;
  if (!row_exists (self, "SELECT 1 FROM rule_sets WHERE id = ?1", rule_set, NULL, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("Unknown rule set “%s”"), rule_set);
      return FALSE;
    }
  stmt = gb_store_prepare (self, "INSERT INTO rule_set_periods (date_from, rule_set) VALUES (?1, ?2) "
                           "ON CONFLICT (date_from) DO UPDATE SET rule_set = excluded.rule_set", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, date_from);
  gb_store_bind_text (stmt, 2, rule_set);
  return gb_store_step_done (self, stmt, _("Could not save the rule set period"), error);
}

gboolean
gb_store_set_threshold (GbStore *self, const char *rule_set, const char *key,
                        const char *valid_from, double value, const char *author, GError **error)
{
  gboolean exists = FALSE;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  if (!check_date (valid_from, _("Threshold"), error))
    return FALSE;
  if (!row_exists (self, "SELECT 1 FROM rule_sets WHERE id = ?1", rule_set, NULL, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("Unknown rule set “%s”"), rule_set);
      return FALSE;
    }
  if (!row_exists (self, "SELECT 1 FROM rule_thresholds WHERE rule_set = ?1 AND key = ?2",
                   rule_set, key, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND,
                   _("Rule set “%s” has no threshold “%s”"), rule_set, key);
      return FALSE;
    }
  if (!isfinite (value) || value < 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("Threshold “%s” must be a number ≥ 0"), key);
      return FALSE;
    }
  now = gb_store_now_iso ();
  stmt = gb_store_prepare (self, "INSERT INTO rule_thresholds (rule_set, key, valid_from, value, "
                           "author, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, rule_set);
  gb_store_bind_text (stmt, 2, key);
  gb_store_bind_text (stmt, 3, valid_from);
  sqlite3_bind_double (stmt, 4, value);
  gb_store_bind_text (stmt, 5, author ? author : "");
  gb_store_bind_text (stmt, 6, now);
  return gb_store_step_done (self, stmt, _("Could not save the threshold"), error);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
check_unit (GbStore *self, const char *unit_code, GError **error)
{
  if (unit_code == NULL || !gb_store_unit_exists (self, unit_code))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("Unknown unit “%s”"),
                   unit_code ? unit_code : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
gb_store_set_treatment_capacity (GbStore *self, const char *unit_code, gboolean ok, GError **error)
{
  g_autofree char *now = gb_store_now_iso ();
  sqlite3_stmt *stmt;

  if (!check_unit (self, unit_code, error))
    return FALSE;
  stmt = gb_store_prepare (self, "INSERT INTO treatment_capacity (unit_code, ok, updated_at) "
                           "VALUES (?1, ?2, ?3) ON CONFLICT (unit_code) DO UPDATE SET "
                           "ok = excluded.ok, updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, unit_code);
  sqlite3_bind_int (stmt, 2, ok ? 1 : 0);
  gb_store_bind_text (stmt, 3, now);
  return gb_store_step_done (self, stmt, _("Could not save the treatment capacity"), error);
}

char *
gb_store_add_level_override (GbStore *self, const char *unit_code, const char *date_from,
                             const char *date_to, GbLevel level, const char *reason,
                             const char *author, GError **error)
{
  g_autofree char *now = NULL;
  g_autofree char *uid = NULL;
  sqlite3_stmt *stmt;

  if (!check_unit (self, unit_code, error))
    return NULL;
  if (!check_date (date_from, _("Override"), error))
    return NULL;
  if (date_to != NULL && (!check_date (date_to, _("Override"), error)))
    return NULL;
  if (date_to != NULL && strcmp (date_to, date_from) < 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("Override ends (%s) before it starts (%s)"), date_to, date_from);
      return NULL;
    }
  if (level < GB_LEVEL_1 || level > GB_LEVEL_4)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("A declared level is 1 to 4, not %d"),
                   (int) level);
      return NULL;
    }
  if (is_blank (reason) || is_blank (author))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("An override needs a reason and an author"));
      return NULL;
    }
  now = gb_store_now_iso ();
  uid = gb_store_new_uid ();
  /* The numbers the committee looked at: the moment they were shown as of, else now. */
  stmt = gb_store_prepare (self, "INSERT INTO level_overrides (uid, unit_code, date_from, date_to, "
                           "level, reason, author, created_at, data_as_of) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, uid);
  gb_store_bind_text (stmt, 2, unit_code);
  gb_store_bind_text (stmt, 3, date_from);
  gb_store_bind_text (stmt, 4, date_to);
  sqlite3_bind_int (stmt, 5, level);
  gb_store_bind_text (stmt, 6, reason);
  gb_store_bind_text (stmt, 7, author);
  gb_store_bind_text (stmt, 8, now);
  gb_store_bind_text (stmt, 9, gb_store_get_as_of (self) ? gb_store_get_as_of (self) : now);
  if (!gb_store_step_done (self, stmt, _("Could not save the override"), error))
    return NULL;
  return g_steal_pointer (&uid);
}

gboolean
gb_store_revoke_level_override (GbStore *self, const char *uid, const char *reason,
                                const char *author, GError **error)
{
  g_autofree char *now = gb_store_now_iso ();
  gboolean exists = FALSE;
  sqlite3_stmt *stmt;

  if (!row_exists (self, "SELECT 1 FROM level_overrides WHERE uid = ?1 AND revoked_at IS NULL",
                   uid ? uid : "", NULL, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No override “%s” in force"),
                   uid ? uid : "");
      return FALSE;
    }
  if (is_blank (reason) || is_blank (author))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("Revoking an override needs a reason and an author"));
      return FALSE;
    }
  if (!gb_store_begin (self, error))
    return FALSE;
  stmt = gb_store_prepare (self, "UPDATE level_overrides SET revoked_at = ?2 WHERE uid = ?1", error);
  if (stmt == NULL)
    goto fail;
  gb_store_bind_text (stmt, 1, uid);
  gb_store_bind_text (stmt, 2, now);
  if (!gb_store_step_done (self, stmt, _("Could not revoke the override"), error))
    goto fail;
  stmt = gb_store_prepare (self, "INSERT INTO level_override_revocations (override_uid, reason, "
                           "author, revoked_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    goto fail;
  gb_store_bind_text (stmt, 1, uid);
  gb_store_bind_text (stmt, 2, reason);
  gb_store_bind_text (stmt, 3, author);
  gb_store_bind_text (stmt, 4, now);
  if (!gb_store_step_done (self, stmt, _("Could not revoke the override"), error))
    goto fail;
  return gb_store_commit (self, error);

fail:
  gb_store_rollback (self);
  return FALSE;
}

typedef void (*RuleSetFunc) (const char *id, const char *kind, const char *name, gpointer data);

static gboolean
rule_set_row (sqlite3_stmt *s, gpointer func, gpointer data)
{
  ((RuleSetFunc) func) (COL_TEXT (s, 0), COL_TEXT (s, 1), COL_TEXT (s, 2), data);
  return TRUE;
}

static void
add_rule_set (const char *id, const char *kind, const char *name, gpointer data)
{
  GbRuleSetInfo *info = g_new0 (GbRuleSetInfo, 1);

  info->id = g_strdup (id);
  info->kind = g_strdup (kind);
  info->name = g_strdup (name);
  g_ptr_array_add (data, info);
}

void
gb_rule_set_info_free (GbRuleSetInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->kind);
  g_free (info->name);
  g_free (info);
}

/**
 * gb_store_levels_list_rule_sets:
 *
 * Returns: (transfer full) (element-type GbRuleSetInfo): the rule sets, built-in first
 */
GPtrArray *
gb_store_levels_list_rule_sets (GbStore  *self,
                                GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_rule_set_info_free);

  if (!scan (self, gb_store_prepare (self, "SELECT id, kind, name FROM rule_sets ORDER BY builtin DESC, id", error),
             rule_set_row, add_rule_set, list, error))
    return NULL;
  return g_steal_pointer (&list);
}

/**
 * gb_store_remove_rule_set_period:
 *
 * Removes the change of rule set on @date_from. The first period (from the beginning of time)
 * cannot be removed: some rule set must always apply.
 *
 * Returns: TRUE when removed; GB_ERROR_NOT_FOUND when there is no such period
 */
gboolean
gb_store_remove_rule_set_period (GbStore     *self,
                                 const char  *date_from,
                                 GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;
  g_autofree char *first = NULL;

  if (!row_exists (self, "SELECT 1 FROM rule_set_periods WHERE date_from = ?1", date_from, NULL, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No rule set change on %s"), date_from);
      return FALSE;
    }
  if ((stmt = gb_store_prepare (self, "SELECT min(date_from) FROM rule_set_periods", error)) == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    first = g_strdup (COL_TEXT (stmt, 0));
  sqlite3_reset (stmt);
  if (g_strcmp0 (first, date_from) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("The first rule set period cannot be removed: some rule set must always apply"));
      return FALSE;
    }
  if ((stmt = gb_store_prepare (self, "DELETE FROM rule_set_periods WHERE date_from = ?1", error)) == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, date_from);
  return gb_store_step_done (self, stmt, _("Could not save the rule set period"), error);
}

/**
 * gb_store_levels_get_threshold:
 *
 * The version of a threshold in force on @date.
 *
 * Returns: the value, or NAN when the rule set has no such threshold
 */
double
gb_store_levels_get_threshold (GbStore    *self,
                               const char *rule_set,
                               const char *key,
                               const char *date)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT value FROM rule_thresholds "
                                         "WHERE rule_set = ?1 AND key = ?2 AND valid_from <= ?3 "
                                         "ORDER BY valid_from DESC, id DESC LIMIT 1", NULL);
  double value = NAN;

  if (stmt == NULL)
    return NAN;
  gb_store_bind_text (stmt, 1, rule_set);
  gb_store_bind_text (stmt, 2, key);
  gb_store_bind_text (stmt, 3, date);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_double (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

void
gb_override_record_free (GbOverrideRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->uid);
  g_free (record->date_from);
  g_free (record->date_to);
  g_free (record->reason);
  g_free (record->author);
  g_free (record->created_at);
  g_free (record->data_as_of);
  g_free (record->revoked_at);
  g_free (record->revoke_reason);
  g_free (record->revoke_author);
  g_free (record);
}

/**
 * gb_store_levels_list_override_history:
 * @unit_code: the unit
 *
 * Every level the committee declared for @unit_code, in force or revoked, with who declared it
 * and why, and who revoked it, when and why: the history the details of a unit show.
 *
 * Returns: (transfer full) (element-type GbOverrideRecord): newest first, or NULL with @error
 */
GPtrArray *
gb_store_levels_list_override_history (GbStore     *self,
                                       const char  *unit_code,
                                       GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_override_record_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (unit_code != NULL, NULL);

  stmt = gb_store_prepare (self, "SELECT o.uid, o.date_from, o.date_to, o.level, o.reason, o.author, o.created_at, "
                           "o.revoked_at, r.reason, r.author, o.data_as_of FROM level_overrides o "
                           "LEFT JOIN level_override_revocations r ON r.override_uid = o.uid "
                           "WHERE o.unit_code = ?1 ORDER BY o.created_at DESC, o.id DESC", error);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, unit_code);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbOverrideRecord *o = g_new0 (GbOverrideRecord, 1);

      o->uid = gb_store_column_dup (stmt, 0);
      o->date_from = gb_store_column_dup (stmt, 1);
      o->date_to = gb_store_column_dup (stmt, 2);
      o->level = sqlite3_column_int (stmt, 3);
      o->reason = gb_store_column_dup (stmt, 4);
      o->author = gb_store_column_dup (stmt, 5);
      o->created_at = gb_store_column_dup (stmt, 6);
      o->revoked_at = gb_store_column_dup (stmt, 7);
      o->revoke_reason = gb_store_column_dup (stmt, 8);
      o->revoke_author = gb_store_column_dup (stmt, 9);
      o->data_as_of = gb_store_column_dup (stmt, 10);
      g_ptr_array_add (list, o);
    }
  if (!gb_store_rows_done (self, stmt, rc, _("Could not read the declared levels"), error))
    return NULL;
  return g_steal_pointer (&list);
}
