/* gb-store-unit-merges.c — merges of units entered by hand, and taking one back
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A merge is checked whole before anything is written, written in one transaction, and its
 * changes to the three unit tables are kept as an SQLite changeset (the session extension):
 * undoing it applies the inverse, so exactly what it wrote goes, and a change made since to
 * the same rows (a later merge of the unit it made) stops the undo instead of being lost.
 */
/* The session extension's declarations (Debian's libsqlite3 is built with it). */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-date.h"
#include "gb-store-private.h"
#include "gb-store-units-history.h"
#include "gb-text.h"

/* What a merge writes, and so what its changeset holds. */
static const char *const merge_tables[] = { "units", "unit_versions", "unit_successions" };

void
gb_unit_merge_free (GbUnitMerge *merge)
{
  if (merge == NULL)
    return;
  g_free (merge->uid);
  g_free (merge->successor);
  g_strfreev (merge->codes);
  g_free (merge->source);
  g_free (merge->entered_at);
  g_free (merge);
}

/**
 * gb_unit_code_is_valid:
 *
 * Returns: whether @code has the shape of a GSO code (2 to 10 ASCII digits)
 */
gboolean
gb_unit_code_is_valid (const char *code)
{
  gsize n = code != NULL ? strlen (code) : 0;

  if (n < 2 || n > 10)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

/* The children of @code on the day before @date move to @into from @date on. */
static gboolean
move_children (GbStore     *self,
               const char  *code,
               const char  *into,
               const char  *date,
               GError     **error)
{
  g_autoptr(GPtrArray) children = gb_store_units_valid_on (self, date, GB_UNIT_LEVEL_ANY, code, error);

  if (children == NULL)
    return FALSE;
  for (guint i = 0; i < children->len; i++)
    {
      GbUnit *child = g_ptr_array_index (children, i);

      g_free (child->parent_code);
      child->parent_code = g_strdup (into);
      if (!gb_store_put_unit_version (self, child->code, date, child, error))
        return FALSE;
    }
  return TRUE;
}

/* The people of a unit made of @codes on @date, where not given: their sums (-1, unknown,
 * when one of them is unknown), so the merged unit's rates are per its people. */
static void
sum_people (GbStore            *self,
            const char *const  *codes,
            const char         *date,
            GbUnit             *made)
{
  gint64 sums[3] = { 0, 0, 0 };

  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autoptr(GbUnit) unit = gb_store_get_unit_on (self, codes[i], date, NULL);
      gint64 counts[3] = { unit ? unit->population : -1, unit ? unit->pop_18 : -1, unit ? unit->pop_65 : -1 };

      for (guint k = 0; k < 3; k++)
        sums[k] = sums[k] < 0 || counts[k] < 0 ? -1 : sums[k] + counts[k];
    }
  if (made->population < 0)
    made->population = sums[0];
  if (made->pop_18 < 0)
    made->pop_18 = sums[1];
  if (made->pop_65 < 0)
    made->pop_65 = sums[2];
}

/* A version of @target from @date with the people of it and @codes on @date, every age group
 * (@population, when given, for the total), before they end. */
static gboolean
grow_people (GbStore            *self,
             const char *const  *codes,
             GbUnit             *target,
             gint64              population,
             const char         *date,
             GError            **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GbUnit sums = { .population = population, .pop_18 = -1, .pop_65 = -1 };

  for (guint i = 0; codes[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) codes[i]);
  if (!g_strv_contains (codes, target->code))
    g_ptr_array_add (all, target->code);
  g_ptr_array_add (all, NULL);
  sum_people (self, (const char *const *) all->pdata, date, &sums);
  target->population = sums.population;
  target->pop_18 = sums.pop_18;
  target->pop_65 = sums.pop_65;
  return gb_store_put_unit_version (self, target->code, date, target, error);
}

static gboolean
fail_with (GError     **error,
           int          code,
           const char  *format,
           ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail_with (GError     **error,
           int          code,
           const char  *format,
           ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (GB_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

/* A unit in force on @date and the day before: it lived before the merge and is there on
 * its day. */
static GbUnit *
unit_across (GbStore     *self,
             const char  *code,
             const char  *date,
             GError     **error)
{
  g_autofree char *eve = gb_date_add_days (date, -1);
  g_autofree char *from = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GbUnit) unit = NULL;
  g_autoptr(GbUnit) before = NULL;

  if (!gb_store_get_unit_validity (self, code, &from, NULL, NULL))
    {
      fail_with (error, GB_ERROR_NOT_FOUND, _("No unit has the code %s"), code);
      return NULL;
    }
  unit = gb_store_get_unit_on (self, code, date, NULL);
  before = gb_store_get_unit_on (self, code, eve, NULL);
  if (unit != NULL && before != NULL)
    return g_steal_pointer (&unit);
  if (from != NULL && strcmp (from, date) >= 0)
    {
      shown = gb_text_format_date (from);
      fail_with (error, GB_ERROR_INVALID_DATA,
                 _("%s comes into force only on %s: it can merge from the day after"), code, shown);
    }
  else
    {
      shown = gb_text_format_date (date);
      fail_with (error, GB_ERROR_INVALID_DATA, _("%s is no longer in force on %s: it ended or merged before"), code,
                 shown);
    }
  return NULL;
}

/* Everything that can be wrong with a merge, before anything is written. */
static gboolean
check_merge (GbStore            *self,
             const char *const  *codes,
             const GbUnit       *into,
             const char         *date,
             GError            **error)
{
  g_autoptr(GbUnit) first = NULL;
  gboolean exists = gb_store_unit_exists (self, into->code);

  if (codes[1] == NULL && strcmp (codes[0], into->code) == 0)
    return fail_with (error, GB_ERROR_INVALID_DATA,
                      _("%s cannot merge into itself: choose the units that merge into it, or another successor"),
                      into->code);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autoptr(GbUnit) unit = unit_across (self, codes[i], date, error);

      if (unit == NULL)
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (strcmp (codes[i], codes[j]) == 0)
          return fail_with (error, GB_ERROR_DUPLICATE, _("%s is named twice"), codes[i]);
      if (first != NULL && unit->level != first->level)
        return fail_with (error, GB_ERROR_INVALID_DATA, _("%s is a %s and %s a %s: only units of one level merge"),
                          codes[i], gb_unit_level_to_string (unit->level), first->code,
                          gb_unit_level_to_string (first->level));
      if (first == NULL)
        first = g_steal_pointer (&unit);
    }
  if (exists)
    {
      g_autoptr(GbUnit) target = unit_across (self, into->code, date, error);

      if (target == NULL)
        return FALSE;
      if (target->level != first->level)
        return fail_with (error, GB_ERROR_INVALID_DATA, _("%s is a %s and %s a %s: only units of one level merge"),
                          target->code, gb_unit_level_to_string (target->level), first->code,
                          gb_unit_level_to_string (first->level));
      return TRUE;
    }
  if (!gb_unit_code_is_valid (into->code))
    return fail_with (error, GB_ERROR_INVALID_DATA, _("“%s” is not a unit code: a GSO code has 2 to 10 digits"),
                      into->code);
  if (into->name == NULL || strspn (into->name, " \t") == strlen (into->name))
    return fail_with (error, GB_ERROR_INVALID_DATA, _("The new unit %s needs a name"), into->code);
  if (into->level != GB_UNIT_LEVEL_ANY && into->level != first->level)
    return fail_with (error, GB_ERROR_INVALID_DATA, _("The new unit %s must be a %s, as the units merging into it"),
                      into->code, gb_unit_level_to_string (first->level));
  return TRUE;
}

/* The merge, checked: a new unit made when @into does not exist, the successions, the ends. */
static gboolean
write_merge (GbStore            *self,
             const char *const  *codes,
             const GbUnit       *into,
             const char         *date,
             const char         *source,
             GError            **error)
{
  g_autoptr(GbUnit) target = NULL;
  gboolean made_new = !gb_store_unit_exists (self, into->code);
  guint n = g_strv_length ((char **) codes);

  if (made_new)
    {
      g_autoptr(GbUnit) first = gb_store_get_unit_on (self, codes[0], date, error);
      GbUnit made = *into;

      if (first == NULL)
        return FALSE;
      /* A new unit sits where the first merging unit sat, unless told otherwise. */
      made.level = into->level != GB_UNIT_LEVEL_ANY ? into->level : first->level;
      made.parent_code = into->parent_code != NULL ? into->parent_code : first->parent_code;
      made.type = into->type != NULL ? into->type : first->type;
      sum_people (self, codes, date, &made);
      if (!gb_store_put_unit (self, &made, NULL, error) ||
          !gb_store_set_unit_validity (self, made.code, date, NULL, error))
        return FALSE;
    }
  if ((target = gb_store_get_unit_on (self, into->code, date, error)) == NULL)
    return FALSE;
  /* An existing unit grows: from @date on its people are its own and the merging units'. */
  if (!made_new && !grow_people (self, codes, target, into->population, date, error))
    return FALSE;
  for (guint i = 0; codes[i] != NULL; i++)
    {
      GbSuccession s = { (char *) codes[i], target->code, { 0 }, GB_SUCCESSION_MERGE, FALSE, (char *) source };

      g_strlcpy (s.date, date, sizeof s.date);
      /* One unit becoming a new one is a rename; into a unit that exists, a merge. */
      if (n == 1 && made_new)
        s.kind = GB_SUCCESSION_RENAME;
      if (!gb_store_put_succession (self, &s, error))
        return FALSE;
      if (strcmp (codes[i], target->code) == 0)
        continue;
      if (!move_children (self, codes[i], target->code, date, error) ||
          !gb_store_end_unit (self, codes[i], date, error))
        return FALSE;
    }
  /* Into an existing unit that is not among the merging ones: it lives on and grows. */
  if (!made_new && !g_strv_contains (codes, target->code))
    {
      GbSuccession self_s = { target->code, target->code, { 0 }, GB_SUCCESSION_MERGE, FALSE, (char *) source };

      g_strlcpy (self_s.date, date, sizeof self_s.date);
      if (!gb_store_put_succession (self, &self_s, error))
        return FALSE;
    }
  return TRUE;
}

/* The merge's record, written before its rows so that it is queued before them: giaoband
 * takes a secretary's unit rows only as a merge it holds says (gb-sync-unit-merge.c), and a
 * push cut in batches then carries the merge first. Its changeset is added once known. */
static gboolean
record_merge (GbStore            *self,
              const char *const  *codes,
              const char         *successor,
              const char         *date,
              const char         *source,
              const char         *uid,
              GError            **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "INSERT INTO unit_merges (uid, successor, date, codes, source, entered_at) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  g_autofree char *list = g_strjoinv (",", (char **) codes);
  g_autofree char *now = gb_store_now_iso ();

  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, uid);
  gb_store_bind_text (stmt, 2, successor);
  gb_store_bind_text (stmt, 3, date);
  gb_store_bind_text (stmt, 4, list);
  gb_store_bind_text (stmt, 5, source);
  gb_store_bind_text (stmt, 6, now);
  return gb_store_step_done (self, stmt, "Could not keep a merge", error);
}

static gboolean
record_changes (GbStore     *self,
                const char  *uid,
                const void  *changes,
                int          n_changes,
                GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "UPDATE unit_merges SET changes = ?2 WHERE uid = ?1", error);

  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, uid);
  sqlite3_bind_blob (stmt, 2, changes, n_changes, SQLITE_TRANSIENT);
  return gb_store_step_done (self, stmt, "Could not keep a merge", error);
}

/* A session recording the merge's tables. */
static sqlite3_session *
start_session (GbStore  *self,
               GError  **error)
{
  sqlite3_session *session = NULL;

  if (sqlite3session_create (gb_store_get_db (self), "main", &session) != SQLITE_OK)
    {
      gb_store_set_error (self, error, "Could not record a merge");
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (merge_tables); i++)
    if (sqlite3session_attach (session, merge_tables[i]) != SQLITE_OK)
      {
        sqlite3session_delete (session);
        gb_store_set_error (self, error, "Could not record a merge");
        return NULL;
      }
  return session;
}

/**
 * gb_store_merge_units:
 * @codes: the merging units (%NULL-terminated); @into may be one of them, then it lives on
 * @into: the unit they make: an existing code, or a new unit (code, name, level, parent) made
 *   from @date on, its people (-1: the sums of the merging units')
 * @date: the first day of the merged unit
 * @source: (nullable): the decision, "NQ 1234/NQ-UBTVQH15"
 *
 * A merge entered by hand (the mergers of 2023–2025 are in no file): the merging units end on
 * @date, their children move to @into, and their series count for @into. Checked first (every
 * unit in force on @date and the day before, one level, no unit into itself alone, a new
 * unit's code and name), then all or nothing, and kept for gb_store_undo_unit_merge().
 */
gboolean
gb_store_merge_units (GbStore            *self,
                      const char *const  *codes,
                      const GbUnit       *into,
                      const char         *date,
                      const char         *source,
                      GError            **error)
{
  sqlite3_session *session = NULL;
  void *changes = NULL;
  int n_changes = 0;
  g_autofree char *uid = gb_store_new_uid ();

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (codes != NULL && codes[0] != NULL, FALSE);
  g_return_val_if_fail (into != NULL && into->code != NULL, FALSE);
  g_return_val_if_fail (gb_date_is_valid_iso (date), FALSE);

  if (!gb_store_begin (self, error))
    return FALSE;
  if (!check_merge (self, codes, into, date, error) ||
      !record_merge (self, codes, into->code, date, source, uid, error) ||
      (session = start_session (self, error)) == NULL || !write_merge (self, codes, into, date, source, error))
    goto fail;
  if (sqlite3session_changeset (session, &n_changes, &changes) != SQLITE_OK)
    {
      gb_store_set_error (self, error, "Could not record a merge");
      goto fail;
    }
  g_clear_pointer (&session, sqlite3session_delete);
  if (!record_changes (self, uid, changes, n_changes, error))
    goto fail;
  sqlite3_free (changes);
  return gb_store_commit (self, error);

fail:
  g_clear_pointer (&session, sqlite3session_delete);
  sqlite3_free (changes);
  gb_store_rollback (self);
  return FALSE;
}

/**
 * gb_store_list_unit_merges:
 *
 * Returns: (transfer full) (element-type GbUnitMerge): the merges entered by hand and in force
 *   (not undone), here or on another copy (pulled from giaoband), the latest first
 */
GPtrArray *
gb_store_list_unit_merges (GbStore  *self,
                           GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_unit_merge_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  stmt = gb_store_prepare (self, "SELECT id, successor, date, codes, source, entered_at, uid, changes IS NOT NULL "
                                 "FROM unit_merges WHERE undone_at IS NULL ORDER BY date DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbUnitMerge *m = g_new0 (GbUnitMerge, 1);

      m->id = sqlite3_column_int64 (stmt, 0);
      m->successor = gb_store_column_dup (stmt, 1);
      g_strlcpy (m->date, (const char *) sqlite3_column_text (stmt, 2), sizeof m->date);
      m->codes = g_strsplit ((const char *) sqlite3_column_text (stmt, 3), ",", -1);
      m->source = gb_store_column_dup (stmt, 4);
      m->entered_at = gb_store_column_dup (stmt, 5);
      m->uid = gb_store_column_dup (stmt, 6);
      m->here = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (out, m);
    }
  if (!gb_store_rows_done (self, stmt, rc, "Could not read the merges entered by hand", error))
    return NULL;
  return g_steal_pointer (&out);
}

/* A row the undo deletes that is gone already (a unit it made took its successions with it)
 * is fine; any other difference means the rows changed since: stop. */
static int
undo_conflict_cb (void                   *data,
                  int                     kind,
                  sqlite3_changeset_iter *iter)
{
  gboolean *changed = data;
  int op = 0;
  const char *table = NULL;
  int n_columns = 0;

  sqlite3changeset_op (iter, &table, &n_columns, &op, NULL);
  if (kind == SQLITE_CHANGESET_NOTFOUND && op == SQLITE_DELETE)
    return SQLITE_CHANGESET_OMIT;
  *changed = TRUE;
  return SQLITE_CHANGESET_ABORT;
}

static gboolean
shares_unit (const GbUnitMerge *a,
             const GbUnitMerge *b)
{
  if (strcmp (a->successor, b->successor) == 0 || g_strv_contains ((const char *const *) b->codes, a->successor))
    return TRUE;
  for (guint i = 0; a->codes[i] != NULL; i++)
    if (strcmp (a->codes[i], b->successor) == 0 || g_strv_contains ((const char *const *) b->codes, a->codes[i]))
      return TRUE;
  return FALSE;
}

/* A merge entered after @id of the same units: it rests on @id's (a later merge of the unit
 * it made, or of a unit it grew), so it goes first. The changeset alone would not see it when
 * the later merge wrote only rows that hang on @id's (they would go with them). */
static gboolean
check_latest (GbStore  *self,
              gint64    id,
              GError  **error)
{
  g_autoptr(GPtrArray) all = gb_store_list_unit_merges (self, error);
  const GbUnitMerge *this = NULL;

  if (all == NULL)
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    if (((GbUnitMerge *) all->pdata[i])->id == id)
      this = all->pdata[i];
  g_assert (this != NULL);
  for (guint i = 0; i < all->len; i++)
    {
      const GbUnitMerge *later = all->pdata[i];
      g_autofree char *shown = NULL;

      if (later->id <= id || !shares_unit (this, later))
        continue;
      shown = gb_text_format_date (later->date);
      return fail_with (error, GB_ERROR_CONFLICT,
                        _("The merge into %s cannot be undone before the later merge into %s on %s, which "
                          "rests on it: undo that one first"), this->successor, later->successor, shown);
    }
  return TRUE;
}

/* Applies the inverse of a merge's @changes in the caller's transaction. */
static gboolean
apply_inverse (GbStore     *self,
               GBytes      *changes,
               const char  *successor,
               const char  *date,
               GError     **error)
{
  void *inverse = NULL;
  int n_inverse = 0;
  gboolean changed = FALSE;
  int rc;

  if (sqlite3changeset_invert ((int) g_bytes_get_size (changes), g_bytes_get_data (changes, NULL), &n_inverse,
                               &inverse) != SQLITE_OK)
    return gb_store_set_error (self, error, "Could not read a merge's changes");
  rc = sqlite3changeset_apply (gb_store_get_db (self), n_inverse, inverse, NULL, undo_conflict_cb, &changed);
  sqlite3_free (inverse);
  if (rc == SQLITE_OK)
    return TRUE;
  if (changed)
    {
      g_autofree char *shown = gb_text_format_date (date);

      return fail_with (error, GB_ERROR_CONFLICT,
                        _("The merge into %s on %s cannot be undone: the units it changed were changed since "
                          "(undo the later merge first)"), successor, shown);
    }
  return gb_store_set_error (self, error, "Could not undo a merge");
}

/* A merge's changeset (NULL when it was entered on another copy), successor and date. */
static gboolean
read_merge (GbStore     *self,
            const char  *sql,
            const char  *uid,
            gint64       id,
            GBytes     **changes,
            char       **successor,
            char       **date,
            GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, sql, error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  if (uid != NULL)
    gb_store_bind_text (stmt, 1, uid);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        *changes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      *successor = gb_store_column_dup (stmt, 1);
      *date = gb_store_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  return found;
}

/**
 * gb_store_undo_unit_merge:
 * @id: a merge of gb_store_list_unit_merges()
 *
 * Takes a merge entered by hand back: the units it ended are in force again, a unit it made
 * is gone, the people and parents it changed are as before. Refused when the rows it wrote
 * changed since (a later merge of the same units: undo that one first), and for a merge
 * entered on another copy (its rows came from giaoband: it is undone where it was made). The
 * merge stays, marked undone, so the undo travels with the sync like the merge.
 */
gboolean
gb_store_undo_unit_merge (GbStore  *self,
                          gint64    id,
                          GError  **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GBytes) changes = NULL;
  g_autofree char *successor = NULL;
  g_autofree char *date = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  if (!read_merge (self, "SELECT changes, successor, date FROM unit_merges WHERE id = ?1 AND undone_at IS NULL",
                   NULL, id, &changes, &successor, &date, error))
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      if (error != NULL && *error != NULL)
        return FALSE;
      return fail_with (error, GB_ERROR_NOT_FOUND, _("No merge entered by hand has the number %s"), number);
    }
  if (changes == NULL)
    {
      g_autofree char *shown = gb_text_format_date (date);

      return fail_with (error, GB_ERROR_PERMISSION,
                        _("The merge into %s on %s was entered on another computer and came with the sync: "
                          "undo it there"), successor, shown);
    }
  if (!check_latest (self, id, error))
    return FALSE;
  if (!gb_store_begin (self, error))
    return FALSE;
  if (!apply_inverse (self, changes, successor, date, error))
    {
      gb_store_rollback (self);
      return FALSE;
    }
  now = gb_store_now_iso ();
  stmt = gb_store_prepare (self, "UPDATE unit_merges SET undone_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    {
      gb_store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  gb_store_bind_text (stmt, 2, now);
  if (!gb_store_step_done (self, stmt, "Could not undo a merge", error))
    {
      gb_store_rollback (self);
      return FALSE;
    }
  return gb_store_commit (self, error);
}

/**
 * gb_store_unit_merge_refused:
 * @uid: the merge's sync key
 *
 * giaoband refused a merge entered here (the role may not merge): this copy takes it back as
 * if it had never been made (its rows as before, the merge's record gone), in the caller's
 * transaction, so that it agrees with the server. The refusal itself is kept with the sync's
 * conflicts. A merge already undone here, or one whose rows changed since (a later merge
 * of the same units), only loses its record: the later merge is refused too.
 */
gboolean
gb_store_unit_merge_refused (GbStore     *self,
                             const char  *uid,
                             GError     **error)
{
  g_autoptr(GBytes) changes = NULL;
  g_autofree char *successor = NULL;
  g_autofree char *date = NULL;
  sqlite3_stmt *stmt;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (uid != NULL, FALSE);

  if (!read_merge (self, "SELECT changes, successor, date FROM unit_merges WHERE uid = ?1 AND undone_at IS NULL",
                   uid, 0, &changes, &successor, &date, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  else if (changes != NULL)
    {
      if (!gb_store_begin (self, error))
        return FALSE;
      if (!apply_inverse (self, changes, successor, date, &local))
        {
          gb_store_rollback (self);
          if (!g_error_matches (local, GB_ERROR, GB_ERROR_CONFLICT))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          g_warning ("A refused merge stays on this copy: %s", local->message);
        }
      else if (!gb_store_commit (self, error))
        return FALSE;
    }
  if ((stmt = gb_store_prepare (self, "DELETE FROM unit_merges WHERE uid = ?1", error)) == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, uid);
  return gb_store_step_done (self, stmt, "Could not drop a refused merge", error);
}
