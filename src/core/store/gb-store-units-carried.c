/* gb-store-units-carried.c — series and shapes of units that merged, carried to their successors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After a merge the chart of the merged unit goes on with the sum of the units it was made of,
 * and its shape on the map is theirs. Only whole predecessors carry their series: a commune split
 * among several new ones cannot be divided without weights nobody published, and counting it
 * in each would count it twice. Its shape is drawn on one of them (the one keeping its code, else
 * the first by code), so the map has no hole and no overlap.
 */
#include <string.h>

#include "gb-date.h"
#include "gb-geometry.h"
#include "gb-store-private.h"
#include "gb-store-units-history.h"

#define MAX_DEPTH 16

/* The rows of @code dated in [lo, hi) count; NULL: open. */
typedef struct
{
  char *code;
  char *lo;
  char *hi;
} Part;

static void
part_free (gpointer data)
{
  Part *p = data;

  g_free (p->code);
  g_free (p->lo);
  g_free (p->hi);
  g_free (p);
}

/* The day the code was given to another unit (it went elsewhere and did not live on), before
 * @hi: its own rows before then belong to the unit it went into. */
static char *
own_start (GbStore    *self,
           const char *code,
           const char *hi)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT max (s.date) FROM unit_successions s WHERE s.predecessor = ?1 "
                                         "AND s.successor <> ?1 AND (?2 IS NULL OR s.date < ?2) AND NOT EXISTS "
                                         "(SELECT 1 FROM unit_successions t WHERE t.predecessor = ?1 "
                                         "AND t.successor = ?1 AND t.date = s.date)", NULL);
  char *start = NULL;

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, code);
  gb_store_bind_text (stmt, 2, hi);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    start = gb_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return start;
}

static gboolean
collect_parts (GbStore     *self,
               const char  *code,
               const char  *hi,
               guint        depth,
               GPtrArray   *parts,
               GError     **error)
{
  sqlite3_stmt *stmt;
  Part *part;
  g_autoptr(GPtrArray) preds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (depth >= MAX_DEPTH)
    return TRUE;
  part = g_new0 (Part, 1);
  part->code = g_strdup (code);
  part->lo = own_start (self, code, hi);
  part->hi = g_strdup (hi);
  g_ptr_array_add (parts, part);

  stmt = gb_store_prepare (self,
                           "SELECT predecessor, date FROM unit_successions WHERE successor = ?1 "
                           "AND predecessor <> ?1 AND partial = 0 AND (?2 IS NULL OR date <= ?2) "
                           "ORDER BY date, predecessor", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, code);
  gb_store_bind_text (stmt, 2, hi);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (preds, gb_store_column_dup (stmt, 0));
      g_ptr_array_add (dates, gb_store_column_dup (stmt, 1));
    }
  if (!gb_store_rows_done (self, stmt, rc, "Could not read successions", error))
    return FALSE;
  /* The statement is shared: read all its rows before recursing. */
  for (guint i = 0; i < preds->len; i++)
    if (!collect_parts (self, g_ptr_array_index (preds, i), g_ptr_array_index (dates, i), depth + 1, parts, error))
      return FALSE;
  return TRUE;
}

static gboolean
in_part (const Part *part,
         const char *date)
{
  return (part->lo == NULL || strcmp (date, part->lo) >= 0) && (part->hi == NULL || strcmp (date, part->hi) < 0);
}

static const char *
later_of (const char *a,
          const char *b)
{
  if (a == NULL)
    return b;
  if (b == NULL)
    return a;
  return strcmp (a, b) >= 0 ? a : b;
}

/* Both daily records begin with the unit's code and the date: the summing below reads those
 * through this head and leaves the counts to the kind's own add function. */
typedef struct
{
  char unit_code[16];
  char date[11];
} RowHead;

G_STATIC_ASSERT (G_STRUCT_OFFSET (GbCaseReport, date) == G_STRUCT_OFFSET (RowHead, date));
G_STATIC_ASSERT (G_STRUCT_OFFSET (GbVaccination, date) == G_STRUCT_OFFSET (RowHead, date));

typedef struct
{
  gsize    size;
  GArray *(*fetch) (GbStore *self, const char *code, const char *from, const char *to, GError **error);
  void    (*add)   (gpointer sum, gconstpointer row);
} Series;

static void
add_cases (gpointer      sum_p,
           gconstpointer row_p)
{
  GbCaseReport *sum = sum_p;
  const GbCaseReport *r = row_p;

  sum->community += r->community;
  sum->quarantine += r->quarantine;
  sum->unknown_source += r->unknown_source;
  sum->deaths = gb_count_add_known (sum->deaths, r->deaths);
  sum->recovered = gb_count_add_known (sum->recovered, r->recovered);
  sum->tests = gb_count_add_known (sum->tests, r->tests);
  sum->simulated |= r->simulated;
}

static void
add_vaccinations (gpointer      sum_p,
                  gconstpointer row_p)
{
  GbVaccination *sum = sum_p;
  const GbVaccination *v = row_p;

  const GbVaccinationField *fields = gb_vaccination_fields ();

  for (guint i = 0; i < GB_VACCINATION_N_FIELDS; i++)
    {
      gint64 *s = &G_STRUCT_MEMBER (gint64, sum, fields[i].offset);

      *s = gb_count_add_known (*s, G_STRUCT_MEMBER (gint64, v, fields[i].offset));
    }
  sum->simulated |= v->simulated;
}

static const Series case_series = { sizeof (GbCaseReport), gb_store_get_case_reports, add_cases };
static const Series vaccination_series = { sizeof (GbVaccination), gb_store_get_vaccinations, add_vaccinations };

static int
compare_dates (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const RowHead *) a)->date, ((const RowHead *) b)->date);
}

static GArray *
carry (GbStore       *self,
       const char    *code,
       const char    *from,
       const char    *to,
       const Series  *series,
       GError       **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (part_free);
  g_autoptr(GHashTable) by_date = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, series->size);

  if (!collect_parts (self, code, NULL, 0, parts, error))
    return NULL;
  for (guint i = 0; i < parts->len; i++)
    {
      Part *part = g_ptr_array_index (parts, i);
      g_autoptr(GArray) rows = series->fetch (self, part->code, later_of (from, part->lo), to, error);

      if (rows == NULL)
        return NULL;
      for (guint j = 0; j < rows->len; j++)
        {
          RowHead *row = (RowHead *) (rows->data + (gsize) j * series->size);
          gpointer index;

          if (!in_part (part, row->date))
            continue;
          if (g_hash_table_lookup_extended (by_date, row->date, NULL, &index))
            {
              series->add (out->data + GPOINTER_TO_SIZE (index) * series->size, row);
              continue;
            }
          g_strlcpy (row->unit_code, code, sizeof row->unit_code);
          g_hash_table_insert (by_date, g_strdup (row->date), GUINT_TO_POINTER (out->len));
          g_array_append_vals (out, row, 1);
        }
    }
  g_array_sort (out, compare_dates);
  return g_steal_pointer (&out);
}

/**
 * gb_store_get_case_reports_carried:
 * @from: (nullable): first date, inclusive
 * @to: (nullable): last date, inclusive
 *
 * The unit's reports with those of the units that merged into it (before the merge, whole
 * predecessors only, recursively) added day by day.
 *
 * Returns: (transfer full) (element-type GbCaseReport): by date, unit_code set to @code
 */
GArray *
gb_store_get_case_reports_carried (GbStore     *self,
                                   const char  *code,
                                   const char  *from,
                                   const char  *to,
                                   GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return carry (self, code, from, to, &case_series, error);
}

/**
 * gb_store_get_vaccinations_carried:
 *
 * As gb_store_get_case_reports_carried(), for vaccination: the cumulative people counts of the
 * units that merged are added day by day.
 *
 * Returns: (transfer full) (element-type GbVaccination): by date, unit_code set to @code
 */
GArray *
gb_store_get_vaccinations_carried (GbStore     *self,
                                   const char  *code,
                                   const char  *from,
                                   const char  *to,
                                   GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return carry (self, code, from, to, &vaccination_series, error);
}

static void
append_geometry (GbGeometry       *dst,
                 const GbGeometry *src)
{
  g_array_append_vals (dst->coords, src->coords->data, src->coords->len);
  g_array_append_vals (dst->rings, src->rings->data, src->rings->len);
  g_array_append_vals (dst->polygons, src->polygons->data, src->polygons->len);
}

/* The latest date up to @date (before it when @strict) on which units went into @code. */
static char *
last_intake (GbStore    *self,
             const char *code,
             const char *date,
             gboolean    strict)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT max (date) FROM unit_successions WHERE successor = ?1 "
                                         "AND predecessor <> ?1 AND (date < ?2 OR (?3 = 0 AND date = ?2))", NULL);
  char *found = NULL;

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, code);
  gb_store_bind_text (stmt, 2, date);
  sqlite3_bind_int (stmt, 3, strict ? 1 : 0);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = gb_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return found;
}

static gboolean
collect_shape (GbStore     *self,
               const char  *code,
               const char  *date,
               gboolean     strict,
               guint        depth,
               GbGeometry  *out,
               GError     **error);

/* The units whose territory went into @code on @day: whole ones, and the parts drawn here. */
static GPtrArray *
intake_on (GbStore    *self,
           const char *code,
           const char *day,
           GError    **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT s.predecessor FROM unit_successions s WHERE s.successor = ?1 "
                                         "AND s.date = ?2 AND (s.partial = 0 OR ?1 = (SELECT CASE WHEN "
                                         "sum (t.successor = s.predecessor) > 0 THEN s.predecessor ELSE "
                                         "min (t.successor) END FROM unit_successions t WHERE t.predecessor = "
                                         "s.predecessor AND t.date = s.date)) ORDER BY s.predecessor", error);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, code);
  gb_store_bind_text (stmt, 2, day);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codes, gb_store_column_dup (stmt, 0));
  if (!gb_store_rows_done (self, stmt, rc, "Could not read successions", error))
    return NULL;
  return g_steal_pointer (&codes);
}

static gboolean
collect_shape (GbStore     *self,
               const char  *code,
               const char  *date,
               gboolean     strict,
               guint        depth,
               GbGeometry  *out,
               GError     **error)
{
  g_autofree char *day = last_intake (self, code, date, strict);
  g_autoptr(GPtrArray) codes = NULL;

  if (depth >= MAX_DEPTH)
    return TRUE;
  if (day == NULL)
    {
      g_autoptr(GbGeometry) own = gb_store_get_unit_geometry (self, code, NULL);

      if (own != NULL)
        append_geometry (out, own);
      return TRUE;
    }
  if ((codes = intake_on (self, code, day, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < codes->len; i++)
    if (!collect_shape (self, g_ptr_array_index (codes, i), day, TRUE, depth + 1, out, error))
      return FALSE;
  return TRUE;
}

/**
 * gb_store_get_unit_geometry_on:
 *
 * The unit's shape on @date: its own, or after units went into it, the shapes of what it was
 * made of on the day before (a commune of 2025 made of five of 2021 is drawn as those five).
 *
 * Returns: (transfer full): %GB_ERROR_NOT_FOUND when there is no shape
 */
GbGeometry *
gb_store_get_unit_geometry_on (GbStore     *self,
                               const char  *code,
                               const char  *date,
                               GError     **error)
{
  g_autoptr(GbGeometry) out = gb_geometry_new ();

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (gb_date_is_valid_iso (date), NULL);

  if (!collect_shape (self, code, date, FALSE, 0, out, error))
    return NULL;
  if (gb_geometry_n_polygons (out) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, "The unit %s has no shape on %s", code, date);
      return NULL;
    }
  return g_steal_pointer (&out);
}
