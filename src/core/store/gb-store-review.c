/* gb-store-review.c — implausible values held for review: the rule, the queue, the decisions
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule runs on every received row (gb_store_put_case_report(), gb_store_put_vaccination())
 * except the simulation's. It reads the unit's rows of the 31 days before in one statement, one
 * key lookup a day (the daily tables are keyed by date first, see 0009-daily-by-date.sql).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gb-store-private.h"
#include "gb-store-review-private.h"

typedef enum { DAILY, TOTAL } Kind;

/* The fields the rule judges. Negative is checked where the struct can hold one (-1 is
 * "absent" in the nullable fields). */
typedef struct
{
  const char *name;
  gsize       offset;
  Kind        kind;
  gboolean    negative;
} Field;

static const Field case_fields[] = {
  { "community", G_STRUCT_OFFSET (GbCaseReport, community), DAILY, TRUE },
  { "quarantine", G_STRUCT_OFFSET (GbCaseReport, quarantine), DAILY, TRUE },
};

static const Field vacc_fields[] = {
  { "dose1_18", G_STRUCT_OFFSET (GbVaccination, dose1_18), TOTAL, FALSE },
  { "full_18", G_STRUCT_OFFSET (GbVaccination, full_18), TOTAL, FALSE },
  { "full_65", G_STRUCT_OFFSET (GbVaccination, full_65), TOTAL, FALSE },
  { "doses_given", G_STRUCT_OFFSET (GbVaccination, doses_given), DAILY, FALSE },
};

#define FIELD(p, f) (*(gint64 *) ((char *) (p) + (f)->offset))

void
gb_review_item_free (GbReviewItem *item)
{
  if (item == NULL)
    return;
  g_free (item->uid);
  g_free (item->table);
  g_free (item->unit_code);
  g_free (item->unit_name);
  g_free (item->date);
  g_free (item->field);
  g_free (item->rule);
  g_free (item->received_at);
  g_free (item->decision);
  g_free (item->decided_by);
  g_free (item->decided_at);
  g_free (item->decided_why);
  g_free (item);
}

static int
compare_counts (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/** gb_review_median: of @n values (NAN when none); of an even count, the mean of the middle two. */
double
gb_review_median (const gint64 *values,
                  guint         n)
{
  g_autofree gint64 *sorted = NULL;

  if (n == 0 || values == NULL)
    return NAN;
  sorted = g_memdup2 (values, n * sizeof *values);
  qsort (sorted, n, sizeof *sorted, compare_counts);
  return n % 2 ? (double) sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

/**
 * gb_review_judge_daily:
 *
 * Held: a negative count; or one strictly above both GB_REVIEW_FACTOR times the median of
 * @recent and @floor. Exactly ten times the median, or exactly the floor, passes. With no
 * recent report there is no range to be outside of: only a negative count is held.
 */
GbReviewRule
gb_review_judge_daily (gint64        value,
                       const gint64 *recent,
                       guint         n,
                       gint64        floor)
{
  double median;

  if (value < 0)
    return GB_REVIEW_NEGATIVE;
  if (n == 0)
    return GB_REVIEW_PLAUSIBLE;
  median = gb_review_median (recent, n);
  /* Compared in integers where it matters: value > 10 × median, median a half at most. */
  if (value > floor && (double) value > GB_REVIEW_FACTOR * median)
    return GB_REVIEW_JUMP;
  return GB_REVIEW_PLAUSIBLE;
}

/** gb_review_judge_total: a cumulative total below the last one (equal is fine). */
GbReviewRule
gb_review_judge_total (gint64 value,
                       gint64 last)
{
  if (value < -1)
    return GB_REVIEW_NEGATIVE;
  if (value >= 0 && last >= 0 && value < last)
    return GB_REVIEW_FALL;
  return GB_REVIEW_PLAUSIBLE;
}

static const char *
rule_name (GbReviewRule rule)
{
  switch (rule)
    {
    case GB_REVIEW_NEGATIVE: return "negative";
    case GB_REVIEW_JUMP: return "jump";
    case GB_REVIEW_FALL: return "fall";
    case GB_REVIEW_PLAUSIBLE:
    default: return NULL;
    }
}

/** gb_review_rule_describe: why @item is held, in words (translated). */
const char *
gb_review_rule_describe (const GbReviewItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);

  if (g_strcmp0 (item->rule, "negative") == 0)
    return _("negative");
  if (g_strcmp0 (item->rule, "fall") == 0)
    return _("a total that falls");
  return _("over ten times the 7-day median");
}

gint64
gb_review_get_floor (GbStore *store)
{
  g_autofree char *text = NULL;
  guint64 value;

  g_return_val_if_fail (GB_IS_STORE (store), GB_REVIEW_DEFAULT_FLOOR);

  text = gb_store_get_meta (store, "review-floor");
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, &value, NULL))
    return GB_REVIEW_DEFAULT_FLOOR;
  return (gint64) value;
}

gboolean
gb_review_set_floor (GbStore  *store,
                     gint64    floor,
                     GError  **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  if (floor < 0 || floor > G_MAXINT32)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("The floor is a count of 0 or more"));
      return FALSE;
    }
  text = g_strdup_printf ("%" G_GINT64_FORMAT, floor);
  return gb_store_set_meta (store, "review-floor", text, error);
}

/* The unit's rows of @date and the 31 days before, newest first: day 0 is @date itself. */
static const char cases_back_sql[] =
  "WITH RECURSIVE back (date, n) AS (SELECT ?2, 0 UNION ALL "
  "SELECT date (date, '-1 day'), n + 1 FROM back WHERE n < 31) "
  "SELECT back.n, c.community, c.quarantine FROM back JOIN main.case_reports c "
  "ON c.date = back.date AND c.unit_code = ?1 ORDER BY back.n";

static const char vaccs_back_sql[] =
  "WITH RECURSIVE back (date, n) AS (SELECT ?2, 0 UNION ALL "
  "SELECT date (date, '-1 day'), n + 1 FROM back WHERE n < 31) "
  "SELECT back.n, v.dose1_18, v.full_18, v.full_65, v.doses_given FROM back JOIN main.vaccinations v "
  "ON v.date = back.date AND v.unit_code = ?1 ORDER BY back.n";

typedef struct
{
  int     n;          /* days before */
  gint64  v[4];
} Back;

static GArray *
read_back (GbStore *self, const char *sql, guint n_fields, const char *unit_code, const char *date,
           GError **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, sql, error);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Back));
  int rc;

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, unit_code);
  gb_store_bind_text (stmt, 2, date);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Back b = { sqlite3_column_int (stmt, 0), { -1, -1, -1, -1 } };

      for (guint i = 0; i < n_fields; i++)
        b.v[i] = gb_store_column_count (stmt, 1 + i);
      g_array_append_val (rows, b);
    }
  if (!gb_store_rows_done (self, stmt, rc, _("Could not read the recent reports"), error))
    return NULL;
  return g_steal_pointer (&rows);
}

static GbReviewItem *
new_item (const char *table, const char *unit_code, const char *date, const Field *f,
          gint64 value, gint64 in_use, GbReviewRule rule, double median)
{
  GbReviewItem *item = g_new0 (GbReviewItem, 1);

  item->uid = gb_store_new_uid ();
  item->table = g_strdup (table);
  item->unit_code = g_strdup (unit_code);
  item->date = g_strdup (date);
  item->field = g_strdup (f->name);
  item->value = value;
  item->in_use = in_use;
  item->rule = g_strdup (rule_name (rule));
  item->median = median;
  item->received_at = gb_store_now_iso ();
  item->decided_value = -1;
  return item;
}

/* Judges each field of @in against @back; holds into @use and @held. */
static void
judge (GbStore *self, const char *table, const Field *fields, guint n_fields, const char *unit_code,
       const char *date, gconstpointer in, gpointer use, GArray *back, GPtrArray *held)
{
  gint64 floor = gb_review_get_floor (self);

  for (guint i = 0; i < n_fields; i++)
    {
      const Field *f = &fields[i];
      gint64 value = FIELD (in, f), same_day = -1, last = -1, recent[7];
      guint n = 0;
      GbReviewRule rule;
      double median = NAN;

      for (guint k = 0; k < back->len; k++)
        {
          Back *b = &g_array_index (back, Back, k);

          if (b->n == 0)
            same_day = b->v[i];
          else if (last < 0)
            last = b->v[i];
          if (b->n >= 1 && b->n <= 7 && b->v[i] >= 0)
            recent[n++] = b->v[i];
        }
      if (f->kind == DAILY)
        {
          rule = f->negative || value >= 0 ? gb_review_judge_daily (value, recent, n, floor) : GB_REVIEW_PLAUSIBLE;
          if (rule == GB_REVIEW_JUMP)
            median = gb_review_median (recent, n);
        }
      else
        rule = gb_review_judge_total (value, last);
      if (rule == GB_REVIEW_PLAUSIBLE)
        continue;
      /* Meanwhile: the value this day had, else the last one before it. */
      FIELD (use, f) = same_day >= 0 ? same_day : last >= 0 ? last : (f->kind == DAILY ? 0 : -1);
      g_ptr_array_add (held, new_item (table, unit_code, date, f, value, FIELD (use, f), rule, median));
    }
}

/* The rule judges what communes report. A province's or district's own series is an official
 * one, read from its source as it is (its real outbreaks start with such jumps); the
 * simulation is nobody's report; and a store not yet migrated to 0031 has no queue. */
static gboolean
judged (GbStore *self, const char *unit_code, gboolean simulated)
{
  sqlite3_stmt *stmt;
  gboolean commune = FALSE;

  if (simulated || gb_store_get_schema_version (self) < 31)
    return FALSE;
  if ((stmt = gb_store_prepare (self, "SELECT level = 3 FROM units WHERE code = ?1", NULL)) == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, unit_code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    commune = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return commune;
}

gboolean
gb_store_review_judge_cases (GbStore             *self,
                             const GbCaseReport  *in,
                             GbCaseReport        *use,
                             GPtrArray          **held,
                             GError             **error)
{
  g_autoptr(GArray) back = NULL;

  *use = *in;
  *held = NULL;
  if (!judged (self, in->unit_code, in->simulated))
    return TRUE;
  *held = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_review_item_free);
  if ((back = read_back (self, cases_back_sql, 2, in->unit_code, in->date, error)) == NULL)
    return FALSE;
  judge (self, "case_reports", case_fields, G_N_ELEMENTS (case_fields), in->unit_code, in->date, in, use, back, *held);
  if (use->unknown_source < 0)
    use->unknown_source = 0;
  /* Part of the community cases: never more than the count in use. */
  use->unknown_source = MIN (use->unknown_source, use->community);
  return TRUE;
}

gboolean
gb_store_review_judge_vaccination (GbStore             *self,
                                   const GbVaccination *in,
                                   GbVaccination       *use,
                                   GPtrArray          **held,
                                   GError             **error)
{
  g_autoptr(GArray) back = NULL;

  *use = *in;
  *held = NULL;
  if (!judged (self, in->unit_code, in->simulated))
    return TRUE;
  *held = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_review_item_free);
  if ((back = read_back (self, vaccs_back_sql, 4, in->unit_code, in->date, error)) == NULL)
    return FALSE;
  judge (self, "vaccinations", vacc_fields, G_N_ELEMENTS (vacc_fields), in->unit_code, in->date, in, use, back, *held);
  return TRUE;
}

gboolean
gb_store_review_keep (GbStore     *self,
                      const char  *table,
                      const char  *unit_code,
                      const char  *date,
                      GPtrArray   *held,
                      GError     **error)
{
  g_autofree char *now = gb_store_now_iso ();
  sqlite3_stmt *stmt;

  /* A newer value of the same unit-day replaces what was waiting for it. */
  stmt = gb_store_prepare (self, "UPDATE review_items SET decision = 'superseded', decided_at = ?4 "
                           "WHERE decision IS NULL AND unit_code = ?2 AND date = ?3 AND tbl = ?1", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, table);
  gb_store_bind_text (stmt, 2, unit_code);
  gb_store_bind_text (stmt, 3, date);
  gb_store_bind_text (stmt, 4, now);
  if (!gb_store_step_done (self, stmt, _("Could not update the review queue"), error))
    return FALSE;
  for (guint i = 0; i < held->len; i++)
    {
      GbReviewItem *it = held->pdata[i];

      stmt = gb_store_prepare (self, "INSERT INTO review_items (uid, tbl, unit_code, date, field, value, in_use, "
                               "rule, median, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
      if (stmt == NULL)
        return FALSE;
      gb_store_bind_text (stmt, 1, it->uid);
      gb_store_bind_text (stmt, 2, it->table);
      gb_store_bind_text (stmt, 3, it->unit_code);
      gb_store_bind_text (stmt, 4, it->date);
      gb_store_bind_text (stmt, 5, it->field);
      sqlite3_bind_int64 (stmt, 6, it->value);
      gb_store_bind_count (stmt, 7, it->in_use);
      gb_store_bind_text (stmt, 8, it->rule);
      if (isnan (it->median))
        sqlite3_bind_null (stmt, 9);
      else
        sqlite3_bind_double (stmt, 9, it->median);
      gb_store_bind_text (stmt, 10, it->received_at);
      if (!gb_store_step_done (self, stmt, _("Could not keep a value for review"), error))
        return FALSE;
    }
  return TRUE;
}

#define ITEM_COLUMNS \
  "r.uid, r.tbl, r.unit_code, u.name, r.date, r.field, r.value, r.in_use, r.rule, r.median, " \
  "r.received_at, r.decision, r.decided_value, r.decided_by, r.decided_at, r.decided_why"

static GbReviewItem *
item_from_row (sqlite3_stmt *stmt)
{
  GbReviewItem *it = g_new0 (GbReviewItem, 1);

  it->uid = gb_store_column_dup (stmt, 0);
  it->table = gb_store_column_dup (stmt, 1);
  it->unit_code = gb_store_column_dup (stmt, 2);
  it->unit_name = gb_store_column_dup (stmt, 3);
  it->date = gb_store_column_dup (stmt, 4);
  it->field = gb_store_column_dup (stmt, 5);
  it->value = sqlite3_column_int64 (stmt, 6);
  it->in_use = gb_store_column_count (stmt, 7);
  it->rule = gb_store_column_dup (stmt, 8);
  it->median = sqlite3_column_type (stmt, 9) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 9);
  it->received_at = gb_store_column_dup (stmt, 10);
  it->decision = gb_store_column_dup (stmt, 11);
  it->decided_value = gb_store_column_count (stmt, 12);
  it->decided_by = gb_store_column_dup (stmt, 13);
  it->decided_at = gb_store_column_dup (stmt, 14);
  it->decided_why = gb_store_column_dup (stmt, 15);
  return it;
}

GPtrArray *
gb_store_review_list (GbStore  *store,
                      gboolean  all,
                      GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_review_item_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  stmt = gb_store_prepare (store, "SELECT " ITEM_COLUMNS " FROM review_items r LEFT JOIN units u ON u.code = r.unit_code "
                           "WHERE r.decision IS NULL OR ?1 "
                           "ORDER BY r.decision IS NOT NULL, "
                           "CASE WHEN r.decision IS NULL THEN r.received_at END, r.decided_at DESC, r.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, all ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, item_from_row (stmt));
  if (!gb_store_rows_done (store, stmt, rc, _("Could not read the review queue"), error))
    return NULL;
  return g_steal_pointer (&list);
}

GbReviewItem *
gb_store_review_get (GbStore     *store,
                     const char  *id,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  GbReviewItem *found = NULL;
  guint n = 0;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (strlen (id) < 4 || strspn (id, "0123456789abcdef-") != strlen (id))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("“%s” is not a review id (at least its first 4 characters)"), id);
      return NULL;
    }
  stmt = gb_store_prepare (store, "SELECT " ITEM_COLUMNS " FROM review_items r LEFT JOIN units u ON u.code = r.unit_code "
                           "WHERE substr (r.uid, 1, length (?1)) = ?1 LIMIT 2", error);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (n++ == 0)
      found = item_from_row (stmt);
  if (!gb_store_rows_done (store, stmt, rc, _("Could not read the review queue"), error))
    {
      gb_review_item_free (found);
      return NULL;
    }
  if (n != 1)
    {
      g_clear_pointer (&found, gb_review_item_free);
      g_set_error (error, GB_ERROR, n == 0 ? GB_ERROR_NOT_FOUND : GB_ERROR_INVALID_DATA,
                   n == 0 ? _("No value under review has the id %s") : _("More than one value under review has an id beginning %s"),
                   id);
    }
  return found;
}

/* Writes @value into the held field of @it's row, as received now. */
static gboolean
write_decided (GbStore *store, const GbReviewItem *it, gint64 value, GError **error)
{
  const Field *fields = strcmp (it->table, "vaccinations") == 0 ? vacc_fields : case_fields;
  guint n = strcmp (it->table, "vaccinations") == 0 ? G_N_ELEMENTS (vacc_fields) : G_N_ELEMENTS (case_fields);
  const Field *f = NULL;

  for (guint i = 0; i < n; i++)
    if (strcmp (fields[i].name, it->field) == 0)
      f = &fields[i];
  if (f == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s has no field %s"), it->table, it->field);
      return FALSE;
    }
  if (fields == vacc_fields)
    {
      g_autoptr(GArray) rows = gb_store_get_vaccinations (store, it->unit_code, it->date, it->date, error);
      GbVaccination v;

      if (rows == NULL)
        return FALSE;
      if (rows->len > 0)
        v = g_array_index (rows, GbVaccination, 0);
      else
        {
          gb_vaccination_init (&v);
          g_strlcpy (v.unit_code, it->unit_code, sizeof v.unit_code);
          g_strlcpy (v.date, it->date, sizeof v.date);
        }
      FIELD (&v, f) = value;
      return gb_store_write_vaccination (store, &v, error);
    }
  else
    {
      g_autoptr(GArray) rows = gb_store_get_case_reports (store, it->unit_code, it->date, it->date, error);
      GbCaseReport r;

      if (rows == NULL)
        return FALSE;
      if (rows->len > 0)
        r = g_array_index (rows, GbCaseReport, 0);
      else
        {
          gb_case_report_init (&r);
          g_strlcpy (r.unit_code, it->unit_code, sizeof r.unit_code);
          g_strlcpy (r.date, it->date, sizeof r.date);
        }
      FIELD (&r, f) = value;
      r.unknown_source = MIN (r.unknown_source, r.community);
      r.simulated = FALSE;
      return gb_store_write_case_report (store, &r, error);
    }
}

static gboolean
decide (GbStore *store, const char *id, const char *decision, gint64 value, gboolean use_value,
        const char *author, const char *why, GError **error)
{
  g_autoptr(GbReviewItem) it = NULL;
  g_autofree char *now = NULL;
  g_autofree char *who = g_strstrip (g_strdup (author ? author : ""));
  sqlite3_stmt *stmt;

  if (*who == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("A decision needs who makes it"));
      return FALSE;
    }
  if ((it = gb_store_review_get (store, id, error)) == NULL)
    return FALSE;
  if (it->decision != NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DUPLICATE, _("The value %s of %s on %s was already %s"),
                   it->field, it->unit_code, it->date, it->decision);
      return FALSE;
    }
  if (!use_value)
    value = it->value;
  if (value < 0)
    {
      if (use_value)
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("A count is 0 or more, not %lld"), (long long) value);
      else
        g_set_error_literal (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("A negative count cannot be confirmed: correct it"));
      return FALSE;
    }
  now = gb_store_now_iso ();
  if (!gb_store_begin (store, error))
    return FALSE;
  stmt = gb_store_prepare (store, "UPDATE review_items SET decision = ?2, decided_value = ?3, decided_by = ?4, "
                           "decided_at = ?5, decided_why = ?6 WHERE uid = ?1 AND decision IS NULL", error);
  if (stmt == NULL)
    goto fail;
  gb_store_bind_text (stmt, 1, it->uid);
  gb_store_bind_text (stmt, 2, decision);
  sqlite3_bind_int64 (stmt, 3, value);
  gb_store_bind_text (stmt, 4, who);
  gb_store_bind_text (stmt, 5, now);
  gb_store_bind_text (stmt, 6, why != NULL && *why != '\0' ? why : NULL);
  if (!gb_store_step_done (store, stmt, _("Could not record the decision"), error) ||
      !write_decided (store, it, value, error))
    goto fail;
  return gb_store_commit (store, error);

fail:
  gb_store_rollback (store);
  return FALSE;
}

/**
 * gb_store_review_confirm:
 *
 * The value was right: it is written, as received now, so the numbers "as of" any moment
 * before stay those the committee saw.
 */
gboolean
gb_store_review_confirm (GbStore     *store,
                         const char  *id,
                         const char  *author,
                         const char  *why,
                         GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return decide (store, id, "confirmed", 0, FALSE, author, why, error);
}

gboolean
gb_store_review_correct (GbStore     *store,
                         const char  *id,
                         gint64       value,
                         const char  *author,
                         const char  *why,
                         GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return decide (store, id, "corrected", value, TRUE, author, why, error);
}

/* The first column of the one row @sql gives (?1 bound to @arg when it has one); 0 without. */
static gint64
review_scalar (GbStore    *store,
               const char *sql,
               gint64      arg)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gint64
gb_store_review_count (GbStore *store)
{
  g_return_val_if_fail (GB_IS_STORE (store), 0);

  return gb_store_review_count_since (store, 0);
}

GHashTable *
gb_store_review_pending_units (GbStore  *store,
                               GError  **error)
{
  g_autoptr(GHashTable) units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  stmt = gb_store_prepare (store, "SELECT DISTINCT unit_code FROM review_items WHERE decision IS NULL", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *code = gb_store_column_dup (stmt, 0);

      g_hash_table_insert (units, code, code);
    }
  if (!gb_store_rows_done (store, stmt, rc, _("Could not read the review queue"), error))
    return NULL;
  return g_steal_pointer (&units);
}

/** gb_store_review_mark: the id of the newest review row (0: none), a mark before an import. */
gint64
gb_store_review_mark (GbStore *store)
{
  g_return_val_if_fail (GB_IS_STORE (store), 0);

  return review_scalar (store, "SELECT coalesce (max (id), 0) FROM review_items", 0);
}

/** gb_store_review_count_since: the values held after @mark (gb_store_review_mark()) and still waiting. */
gint64
gb_store_review_count_since (GbStore *store,
                             gint64   mark)
{
  g_return_val_if_fail (GB_IS_STORE (store), 0);

  return review_scalar (store, "SELECT count(*) FROM review_items WHERE id > ?1 AND decision IS NULL", mark);
}

/**
 * gb_store_review_decided:
 *
 * What giaoband checks a secretary's daily row against: a secretary writes a daily value only
 * as a review decided it (gb-daemon-review.c).
 *
 * Returns: (transfer full): field -> gint64 *, the latest decision of each field; %NULL on error
 */
GHashTable *
gb_store_review_decided (GbStore     *store,
                         const char  *table,
                         const char  *unit_code,
                         const char  *date,
                         GError     **error)
{
  g_autoptr(GHashTable) decided = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL && unit_code != NULL && date != NULL, NULL);

  stmt = gb_store_prepare (store, "SELECT field, decided_value FROM review_items WHERE tbl = ?1 AND unit_code = ?2 "
                           "AND date = ?3 AND decision IN ('confirmed', 'corrected') AND decided_value IS NOT NULL "
                           "ORDER BY decided_at, id", error);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, table);
  gb_store_bind_text (stmt, 2, unit_code);
  gb_store_bind_text (stmt, 3, date);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (decided, gb_store_column_dup (stmt, 0), g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 1) },
                                                                            sizeof (gint64)));
  if (!gb_store_rows_done (store, stmt, rc, _("Could not read the review queue"), error))
    return NULL;
  return g_steal_pointer (&decided);
}
