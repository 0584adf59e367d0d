/* gb-store-units-history.c — administrative units over time: validity, versions, successions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-date.h"
#include "gb-geometry.h"
#include "gb-store-private.h"
#include "gb-store-units-history.h"

/* Successions are followed at most this deep: real chains are two or three long (a merge in
 * 2023, the reform of 2025), and a cycle entered by hand must not loop. */
#define MAX_DEPTH 16

static const char *const kind_names[] = { "merge", "split", "rename" };

const char *
gb_succession_kind_to_string (GbSuccessionKind kind)
{
  g_return_val_if_fail (kind <= GB_SUCCESSION_RENAME, NULL);
  return kind_names[kind];
}

gboolean
gb_succession_kind_from_string (const char       *text,
                                GbSuccessionKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

void
gb_succession_free (GbSuccession *succession)
{
  if (succession == NULL)
    return;
  g_free (succession->predecessor);
  g_free (succession->successor);
  g_free (succession->source);
  g_free (succession);
}

/**
 * gb_store_set_unit_validity:
 * @valid_from: (nullable): the first day of the unit, %NULL: since always
 * @valid_to: (nullable): the first day it no longer exists, %NULL: still in force
 */
gboolean
gb_store_set_unit_validity (GbStore     *self,
                            const char  *code,
                            const char  *valid_from,
                            const char  *valid_to,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (valid_from == NULL || gb_date_is_valid_iso (valid_from), FALSE);
  g_return_val_if_fail (valid_to == NULL || gb_date_is_valid_iso (valid_to), FALSE);

  stmt = gb_store_prepare (self, "UPDATE units SET valid_from = ?2, valid_to = ?3 WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, code);
  gb_store_bind_text (stmt, 2, valid_from);
  gb_store_bind_text (stmt, 3, valid_to);
  return gb_store_step_done (self, stmt, "Could not set a unit's validity", error);
}

/**
 * gb_store_get_unit_validity:
 * @valid_from: (out) (optional) (nullable): %NULL when open
 * @valid_to: (out) (optional) (nullable): %NULL when open
 */
gboolean
gb_store_get_unit_validity (GbStore     *self,
                            const char  *code,
                            char       **valid_from,
                            char       **valid_to,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  stmt = gb_store_prepare (self, "SELECT valid_from, valid_to FROM units WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, code);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found && valid_from != NULL)
    *valid_from = gb_store_column_dup (stmt, 0);
  if (found && valid_to != NULL)
    *valid_to = gb_store_column_dup (stmt, 1);
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, "No unit has the code %s", code);
  return found;
}

/**
 * gb_store_end_unit:
 *
 * The unit no longer exists from @date on (an earlier end is kept).
 */
gboolean
gb_store_end_unit (GbStore     *self,
                   const char  *code,
                   const char  *date,
                   GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (gb_date_is_valid_iso (date), FALSE);

  stmt = gb_store_prepare (self,
                           "UPDATE units SET valid_to = ?2 WHERE code = ?1 AND (valid_to IS NULL OR valid_to > ?2)",
                           error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, code);
  gb_store_bind_text (stmt, 2, date);
  return gb_store_step_done (self, stmt, "Could not end a unit", error);
}

/**
 * gb_store_put_unit_version:
 * @attributes: the level, parent, name, type and population (-1: unknown) from @valid_from on;
 *   its age groups (pop_18, pop_65; -1: those of the units row)
 *
 * A unit that keeps its code with a new name or place: a rename, a commune whose district was
 * abolished, a code reused by the unit a merge made.
 */
gboolean
gb_store_put_unit_version (GbStore       *self,
                           const char    *code,
                           const char    *valid_from,
                           const GbUnit  *attributes,
                           GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (gb_date_is_valid_iso (valid_from), FALSE);
  g_return_val_if_fail (attributes != NULL && attributes->name != NULL, FALSE);

  stmt = gb_store_prepare (self,
                           "INSERT OR REPLACE INTO unit_versions (code, valid_from, level, parent_code, name, type, "
                           "population, pop_18, pop_65) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, code);
  gb_store_bind_text (stmt, 2, valid_from);
  sqlite3_bind_int (stmt, 3, attributes->level);
  gb_store_bind_text (stmt, 4, attributes->parent_code);
  gb_store_bind_text (stmt, 5, attributes->name);
  gb_store_bind_text (stmt, 6, attributes->type);
  gb_store_bind_count (stmt, 7, attributes->population);
  gb_store_bind_count (stmt, 8, attributes->pop_18);
  gb_store_bind_count (stmt, 9, attributes->pop_65);
  return gb_store_step_done (self, stmt, "Could not save a unit's version", error);
}

gboolean
gb_store_put_succession (GbStore             *self,
                         const GbSuccession  *s,
                         GError             **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (s != NULL && s->predecessor != NULL && s->successor != NULL, FALSE);
  g_return_val_if_fail (gb_date_is_valid_iso (s->date), FALSE);

  stmt = gb_store_prepare (self,
                           "INSERT OR REPLACE INTO unit_successions (predecessor, successor, date, kind, partial, "
                           "source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, s->predecessor);
  gb_store_bind_text (stmt, 2, s->successor);
  gb_store_bind_text (stmt, 3, s->date);
  gb_store_bind_text (stmt, 4, gb_succession_kind_to_string (s->kind));
  sqlite3_bind_int (stmt, 5, s->partial ? 1 : 0);
  gb_store_bind_text (stmt, 6, s->source);
  return gb_store_step_done (self, stmt, "Could not save a succession", error);
}

/**
 * gb_store_list_successions:
 *
 * Returns: (transfer full) (element-type GbSuccession): the successions @code is in, as
 *   predecessor or successor, by date
 */
GPtrArray *
gb_store_list_successions (GbStore     *self,
                           const char  *code,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_succession_free);
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  stmt = gb_store_prepare (self,
                           "SELECT predecessor, successor, date, kind, partial, source FROM unit_successions "
                           "WHERE predecessor = ?1 OR successor = ?1 ORDER BY date, predecessor, successor", error);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, code);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbSuccession *s = g_new0 (GbSuccession, 1);

      s->predecessor = gb_store_column_dup (stmt, 0);
      s->successor = gb_store_column_dup (stmt, 1);
      g_strlcpy (s->date, (const char *) sqlite3_column_text (stmt, 2), sizeof s->date);
      gb_succession_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &s->kind);
      s->partial = sqlite3_column_int (stmt, 4) != 0;
      s->source = gb_store_column_dup (stmt, 5);
      g_ptr_array_add (out, s);
    }
  if (!gb_store_rows_done (self, stmt, rc, "Could not read successions", error))
    return NULL;
  return g_steal_pointer (&out);
}

/* A unit as on ?1: its latest version up to that day, else its units row. */
#define UNIT_ON_DATE \
  "SELECT u.code AS code, " \
  "CASE WHEN v.code IS NULL THEN u.level ELSE v.level END AS lvl, " \
  "CASE WHEN v.code IS NULL THEN u.parent_code ELSE v.parent_code END AS parent, " \
  "CASE WHEN v.code IS NULL THEN u.name ELSE v.name END AS name, " \
  "CASE WHEN v.code IS NULL THEN u.type ELSE v.type END AS type, " \
  "CASE WHEN v.code IS NULL THEN u.population ELSE v.population END AS population, " \
  "coalesce (v.pop_18, u.pop_18), coalesce (v.pop_65, u.pop_65), u.min_lon, u.min_lat, u.max_lon, u.max_lat FROM units u " \
  "LEFT JOIN unit_versions v ON v.code = u.code AND v.valid_from = " \
  "(SELECT max (w.valid_from) FROM unit_versions w WHERE w.code = u.code AND w.valid_from <= ?1) " \
  "WHERE (u.valid_from IS NULL OR u.valid_from <= ?1) AND (u.valid_to IS NULL OR u.valid_to > ?1)"

/**
 * gb_store_units_valid_on:
 * @date: a day, YYYY-MM-DD
 * @level: a level on that day, or %GB_UNIT_LEVEL_ANY
 * @parent_code: (nullable): only the children of this unit on that day
 *
 * The units in force on @date with their name, level and parent of that day: before the 2025
 * reform province → district → commune, after it province → commune.
 *
 * Returns: (transfer full) (element-type GbUnit): ordered by level, then name
 */
GPtrArray *
gb_store_units_valid_on (GbStore      *self,
                         const char   *date,
                         GbUnitLevel   level,
                         const char   *parent_code,
                         GError      **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_unit_free);
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (gb_date_is_valid_iso (date), NULL);

  stmt = gb_store_prepare (self,
                           "SELECT * FROM (" UNIT_ON_DATE ") WHERE (?2 = 0 OR lvl = ?2) "
                           "AND (?3 IS NULL OR parent = ?3) ORDER BY lvl, name COLLATE NOCASE, code", error);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, date);
  sqlite3_bind_int (stmt, 2, level);
  gb_store_bind_text (stmt, 3, parent_code);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (units, gb_store_unit_from_row (stmt));
  if (!gb_store_rows_done (self, stmt, rc, "Could not list the units of a date", error))
    return NULL;
  return g_steal_pointer (&units);
}

/**
 * gb_store_get_unit_on:
 *
 * Returns: (transfer full): the unit with its attributes of @date; %GB_ERROR_NOT_FOUND when it
 *   did not exist that day
 */
GbUnit *
gb_store_get_unit_on (GbStore     *self,
                      const char  *code,
                      const char  *date,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  GbUnit *unit = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (gb_date_is_valid_iso (date), NULL);

  stmt = gb_store_prepare (self, "SELECT * FROM (" UNIT_ON_DATE ") WHERE code = ?2", error);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, date);
  gb_store_bind_text (stmt, 2, code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    unit = gb_store_unit_from_row (stmt);
  else
    g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, "No unit %s on %s", code, date);
  sqlite3_reset (stmt);
  return unit;
}

/* The unit a whole (or the first partial) succession from @code up to @date leads to, unless
 * @code lives on in it. NULL: none. */
static char *
next_successor (GbStore    *self,
                const char *code,
                const char *date)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT s.successor FROM unit_successions s WHERE s.predecessor = ?1 "
                                         "AND s.successor <> ?1 AND s.date <= ?2 AND NOT EXISTS (SELECT 1 FROM "
                                         "unit_successions t WHERE t.predecessor = ?1 AND t.successor = ?1 "
                                         "AND t.date = s.date) ORDER BY s.date DESC, s.partial, s.successor LIMIT 1",
                                         NULL);
  char *next = NULL;

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, code);
  gb_store_bind_text (stmt, 2, date);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    next = gb_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return next;
}

/**
 * gb_store_successor_on:
 *
 * Follows the successions of @code up to @date: where a report for a unit that has since
 * merged belongs. A unit split in parts goes to the first of them by code.
 *
 * Returns: (transfer full): the code of the unit in force on @date that holds @code's
 *   territory (@code itself when it still exists)
 */
char *
gb_store_successor_on (GbStore     *self,
                       const char  *code,
                       const char  *date,
                       GError     **error)
{
  g_autofree char *current = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (gb_date_is_valid_iso (date), NULL);

  if (!gb_store_unit_exists (self, code))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, "No unit has the code %s", code);
      return NULL;
    }
  current = g_strdup (code);
  for (guint depth = 0; depth < MAX_DEPTH; depth++)
    {
      char *next = next_successor (self, current, date);

      if (next == NULL)
        break;
      g_free (current);
      current = next;
    }
  return g_steal_pointer (&current);
}

/**
 * gb_store_end_units_without_version:
 *
 * A reorganisation in force from @date: every unit of @level in force the day before that has
 * no version from @date on (it did not live on under its code) ends on @date.
 *
 * Returns: %FALSE on a database error; @n_ended (optional) says how many ended
 */
gboolean
gb_store_end_units_without_version (GbStore      *self,
                                    const char   *date,
                                    GbUnitLevel   level,
                                    guint        *n_ended,
                                    GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (gb_date_is_valid_iso (date), FALSE);

  stmt = gb_store_prepare (self,
                           "UPDATE units SET valid_to = ?1 WHERE level = ?2 AND (valid_from IS NULL OR valid_from < ?1) "
                           "AND (valid_to IS NULL OR valid_to > ?1) AND NOT EXISTS (SELECT 1 FROM unit_versions v "
                           "WHERE v.code = units.code AND v.valid_from = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, date);
  sqlite3_bind_int (stmt, 2, level);
  if (!gb_store_step_done (self, stmt, "Could not end the units of a reorganisation", error))
    return FALSE;
  if (n_ended != NULL)
    *n_ended = sqlite3_changes (gb_store_get_db (self));
  return TRUE;
}
