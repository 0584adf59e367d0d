/* gb-day-report.c — one district's numbers for one day, as the district types them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grid of "Report the day's numbers": a row per commune of the district, a column per
 * field. The day's values fill the cells, the day before's are offered as hints. A commune has
 * reported the day when it has a case or vaccination row for it. Saving checks every cell
 * first, then writes the day's rows in one transaction through the store's series functions, so
 * the outbox triggers queue them like every other edit; fields the grid does not show (unknown
 * source, recovered, populations, doses allocated) keep what the day had, else the day before's.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-day-report.h"

void
gb_day_report_row_free (GbDayReportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->code);
  g_free (row->name);
  g_free (row);
}

/**
 * gb_day_field_label:
 * Returns: the column heading of @field, translated
 */
const char *
gb_day_field_label (GbDayField field)
{
  switch (field)
    {
    case GB_DAY_FIELD_COMMUNITY: return _("Community cases");
    case GB_DAY_FIELD_QUARANTINE: return _("Quarantine cases");
    case GB_DAY_FIELD_DEATHS: return _("Deaths");
    case GB_DAY_FIELD_TESTS: return _("Tests");
    case GB_DAY_FIELD_DOSE1_18: return _("First dose ≥18");
    case GB_DAY_FIELD_FULL_18: return _("Fully vaccinated ≥18");
    case GB_DAY_FIELD_FULL_65: return _("Fully vaccinated ≥65");
    case GB_DAY_FIELD_DOSES_GIVEN: return _("Doses given");
    case GB_DAY_FIELD_BOOSTER_18: return _("Booster ≥18");
    case GB_DAY_FIELD_DOSE1_65: return _("First dose ≥65");
    case GB_DAY_FIELD_BOOSTER_65: return _("Booster ≥65");
    case GB_DAY_FIELD_DOSE1_12_17: return _("First dose 12–17");
    case GB_DAY_FIELD_DOSE2_12_17: return _("Second dose 12–17");
    case GB_DAY_FIELD_BOOSTER_12_17: return _("Booster 12–17");
    case GB_DAY_FIELD_DOSE1_5_11: return _("First dose 5–11");
    case GB_DAY_FIELD_DOSE2_5_11: return _("Second dose 5–11");
    case GB_DAY_FIELD_BOOSTER_5_11: return _("Booster 5–11");
    case GB_DAY_N_ALL_FIELDS:
    default: break;
    }
  g_return_val_if_reached ("");
}

/**
 * gb_day_report_role_district:
 * Returns: (transfer full) (nullable): CODE of a `district:CODE` role, else NULL
 */
char *
gb_day_report_role_district (const char *role)
{
  if (role == NULL || !g_str_has_prefix (role, "district:") || role[9] == '\0')
    return NULL;
  return g_strdup (role + 9);
}

/**
 * gb_day_report_role_may_report:
 * @role: (nullable): the sync role; NULL when the app does not sync (its user is the secretary)
 * @district_code: (nullable): a district, or NULL for "some district"
 *
 * Returns: whether a user of @role may report the day's numbers of @district_code: a secretary
 *   or admin for any district, `district:CODE` for CODE only, a viewer never
 */
gboolean
gb_day_report_role_may_report (const char *role,
                               const char *district_code)
{
  g_autofree char *own = gb_day_report_role_district (role);

  if (role == NULL || g_str_equal (role, "secretary") || g_str_equal (role, "admin"))
    return TRUE;
  if (own == NULL)
    return FALSE;
  return district_code == NULL || g_str_equal (own, district_code);
}

/**
 * gb_day_report_parse_cell:
 * @value: (out): the number, or -1 for an empty cell
 *
 * Returns: whether @text is empty (spaces only) or a whole number ≥ 0; "1.234" and "1,234"
 *   are read as thousands, as Vietnamese and English spreadsheets write them
 */
gboolean
gb_day_report_parse_cell (const char *text,
                          gint64     *value)
{
  g_autofree char *t = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GString) digits = g_string_new (NULL);
  guint64 n;

  g_return_val_if_fail (value != NULL, FALSE);
  *value = -1;
  if (*t == '\0')
    return TRUE;
  for (const char *p = t; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if ((*p == '.' || *p == ',') && p != t && strlen (p + 1) >= 3 && p[1] != '.' && p[1] != ',')
        continue;
      else
        return FALSE;
    }
  if (digits->len > 15 || !g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT64, &n, NULL))
    return FALSE;
  *value = (gint64) n;
  return TRUE;
}

static void
fill_from_case (gint64             *v,
                const GbCaseReport *r)
{
  v[GB_DAY_FIELD_COMMUNITY] = r->community;
  v[GB_DAY_FIELD_QUARANTINE] = r->quarantine;
  v[GB_DAY_FIELD_DEATHS] = r->deaths;
  v[GB_DAY_FIELD_TESTS] = r->tests;
}

/* The member of @v a vaccination field of the grid shows. */
static gint64 *
vaccination_member (GbVaccination *v,
                    GbDayField     field)
{
  static const struct { GbDayField field; int group, dose; } members[] = {
    { GB_DAY_FIELD_DOSE1_18, GB_AGE_18, GB_DOSE_1 }, { GB_DAY_FIELD_FULL_18, GB_AGE_18, GB_DOSE_2 },
    { GB_DAY_FIELD_FULL_65, GB_AGE_65, GB_DOSE_2 }, { GB_DAY_FIELD_BOOSTER_18, GB_AGE_18, GB_DOSE_BOOSTER },
    { GB_DAY_FIELD_DOSE1_65, GB_AGE_65, GB_DOSE_1 }, { GB_DAY_FIELD_BOOSTER_65, GB_AGE_65, GB_DOSE_BOOSTER },
    { GB_DAY_FIELD_DOSE1_12_17, GB_AGE_12_17, GB_DOSE_1 }, { GB_DAY_FIELD_DOSE2_12_17, GB_AGE_12_17, GB_DOSE_2 },
    { GB_DAY_FIELD_BOOSTER_12_17, GB_AGE_12_17, GB_DOSE_BOOSTER },
    { GB_DAY_FIELD_DOSE1_5_11, GB_AGE_5_11, GB_DOSE_1 }, { GB_DAY_FIELD_DOSE2_5_11, GB_AGE_5_11, GB_DOSE_2 },
    { GB_DAY_FIELD_BOOSTER_5_11, GB_AGE_5_11, GB_DOSE_BOOSTER },
  };

  if (field == GB_DAY_FIELD_DOSES_GIVEN)
    return &v->doses_given;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (members[i].field == field)
      return gb_vaccination_count (v, members[i].group, members[i].dose);
  return NULL;
}

static void
fill_from_vaccination (gint64              *v,
                       const GbVaccination *r)
{
  GbVaccination copy = *r;

  for (guint f = GB_DAY_FIELD_DOSE1_18; f < GB_DAY_N_ALL_FIELDS; f++)
    v[f] = *vaccination_member (&copy, f);
}

/* The commune's rows of @date and the day before: values, hints and whether it reported. */
static gboolean
load_row (GbStore        *store,
          GbDayReportRow *row,
          const char     *date,
          const char     *previous,
          GError        **error)
{
  g_autoptr(GArray) cases = gb_store_get_case_reports (store, row->code, previous, date, error);
  g_autoptr(GArray) vaccs = NULL;

  if (cases == NULL)
    return FALSE;
  if ((vaccs = gb_store_get_vaccinations (store, row->code, previous, date, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < cases->len; i++)
    {
      const GbCaseReport *r = &g_array_index (cases, GbCaseReport, i);
      gboolean today = g_str_equal (r->date, date);

      fill_from_case (today ? row->value : row->previous, r);
      row->reported |= today;
    }
  for (guint i = 0; i < vaccs->len; i++)
    {
      const GbVaccination *r = &g_array_index (vaccs, GbVaccination, i);
      gboolean today = g_str_equal (r->date, date);

      fill_from_vaccination (today ? row->value : row->previous, r);
      row->reported |= today;
    }
  return TRUE;
}

/**
 * gb_day_report_load:
 * @district_code: the district whose communes make the rows
 * @date: YYYY-MM-DD
 *
 * Returns: (transfer container) (element-type GbDayReportRow): the communes of the district in
 *   the store's order, with the day's values and the day before's; NULL with @error set when
 *   the district does not exist or the date is not a date
 */
GPtrArray *
gb_day_report_load (GbStore     *store,
                    const char  *district_code,
                    const char  *date,
                    GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_day_report_row_free);
  g_autoptr(GPtrArray) units = NULL;
  g_autofree char *previous = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (district_code != NULL && date != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((previous = gb_date_add_days (date, -1)) == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a date (YYYY-MM-DD)"), date);
      return NULL;
    }
  if (!gb_store_unit_exists (store, district_code))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No district %s"), district_code);
      return NULL;
    }
  if ((units = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, district_code, error)) == NULL)
    return NULL;
  for (guint i = 0; i < units->len; i++)
    {
      const GbUnit *unit = g_ptr_array_index (units, i);
      GbDayReportRow *row = g_new0 (GbDayReportRow, 1);

      row->code = g_strdup (unit->code);
      row->name = g_strdup (unit->name);
      for (guint f = 0; f < GB_DAY_N_ALL_FIELDS; f++)
        row->value[f] = row->previous[f] = -1;
      g_ptr_array_add (rows, row);
      if (!load_row (store, row, date, previous, error))
        return NULL;
    }
  return g_steal_pointer (&rows);
}

/** gb_day_report_count_reported: how many of @rows have reported the day. */
guint
gb_day_report_count_reported (GPtrArray *rows)
{
  guint n = 0;

  g_return_val_if_fail (rows != NULL, 0);
  for (guint i = 0; i < rows->len; i++)
    n += ((GbDayReportRow *) g_ptr_array_index (rows, i))->reported ? 1 : 0;
  return n;
}

/* Every cell of the grid as a number, or the first bad one named by commune and field; the
 * fields past @n_fields -1 (not shown: carried over in save_row()). */
static gint64 *
parse_grid (GPtrArray          *rows,
            const char * const *cells,
            guint               n_fields,
            GError            **error)
{
  g_autofree gint64 *values = g_new (gint64, rows->len * GB_DAY_N_ALL_FIELDS + 1);

  for (guint i = 0; i < rows->len; i++)
    for (guint f = 0; f < GB_DAY_N_ALL_FIELDS; f++)
      {
        guint k = i * n_fields + f;
        gint64 *value = &values[i * GB_DAY_N_ALL_FIELDS + f];

        if (f >= n_fields)
          *value = -2;
        else if (!gb_day_report_parse_cell (cells[k], value))
          {
            const GbDayReportRow *row = g_ptr_array_index (rows, i);

            g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                         _("%s, %s: “%s” is not a whole number of 0 or more"),
                         row->name, gb_day_field_label (f), cells[k]);
            return NULL;
          }
      }
  return g_steal_pointer (&values);
}

/* The row the store has for @code on @date (or the latest before it), for the fields the grid
 * does not show. */
static void
base_rows (GbStore       *store,
           const char    *code,
           const char    *date,
           GbCaseReport  *cases,
           GbVaccination *vacc)
{
  g_autofree char *from = gb_date_add_days (date, -366);
  g_autoptr(GArray) c = gb_store_get_case_reports (store, code, date, date, NULL);
  g_autoptr(GArray) v = gb_store_get_vaccinations (store, code, from, date, NULL);

  gb_case_report_init (cases);
  gb_vaccination_init (vacc);
  if (c != NULL && c->len > 0)
    *cases = g_array_index (c, GbCaseReport, c->len - 1);
  if (v != NULL && v->len > 0)
    *vacc = g_array_index (v, GbVaccination, v->len - 1);
  cases->simulated = vacc->simulated = FALSE;
  g_strlcpy (cases->unit_code, code, sizeof cases->unit_code);
  g_strlcpy (vacc->unit_code, code, sizeof vacc->unit_code);
  g_strlcpy (cases->date, date, sizeof cases->date);
  g_strlcpy (vacc->date, date, sizeof vacc->date);
}

static gboolean
save_row (GbStore              *store,
          const char           *date,
          const GbDayReportRow *row,
          const gint64         *v,
          GError              **error)
{
  GbCaseReport cases;
  GbVaccination vacc;
  gboolean any_cases = FALSE, any_vacc = FALSE;

  for (guint f = 0; f < GB_DAY_N_ALL_FIELDS; f++)
    {
      any_cases |= f <= GB_DAY_FIELD_TESTS && v[f] >= 0;
      any_vacc |= f > GB_DAY_FIELD_TESTS && v[f] >= 0;
    }
  base_rows (store, row->code, date, &cases, &vacc);
  if (any_cases)
    {
      cases.community = MAX (v[GB_DAY_FIELD_COMMUNITY], 0);
      cases.quarantine = MAX (v[GB_DAY_FIELD_QUARANTINE], 0);
      cases.unknown_source = MAX (cases.unknown_source, 0);
      cases.deaths = v[GB_DAY_FIELD_DEATHS];
      cases.tests = v[GB_DAY_FIELD_TESTS];
      if (!gb_store_put_case_report (store, &cases, error))
        return FALSE;
    }
  if (any_vacc)
    {
      /* -2: a field the grid did not show keeps the value carried over. */
      for (guint f = GB_DAY_FIELD_DOSE1_18; f < GB_DAY_N_ALL_FIELDS; f++)
        if (v[f] != -2)
          *vaccination_member (&vacc, f) = v[f];
      if (!gb_store_put_vaccination (store, &vacc, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * gb_day_report_save:
 * @date: YYYY-MM-DD
 * @rows: (element-type GbDayReportRow): the grid's rows, from gb_day_report_load()
 * @cells: (array): rows->len × GB_DAY_N_FIELDS texts, row by row; empty for no value
 *
 * gb_day_report_save_fields() with the first grid's fields: the other groups' doses keep the
 * values carried over from the commune's last report.
 *
 * Returns: whether the grid was saved
 */
gboolean
gb_day_report_save (GbStore            *store,
                    const char         *date,
                    GPtrArray          *rows,
                    const char * const *cells,
                    GError            **error)
{
  return gb_day_report_save_fields (store, date, rows, cells, GB_DAY_N_FIELDS, error);
}

/**
 * gb_day_report_save_fields:
 * @cells: (array): rows->len × @n_fields texts, row by row; empty for no value
 * @n_fields: %GB_DAY_N_FIELDS or %GB_DAY_N_ALL_FIELDS
 *
 * Writes the day's rows of every commune with at least one value, in one transaction. A bad
 * cell refuses the whole grid, naming its commune and field, and writes nothing.
 *
 * Returns: whether the grid was saved
 */
gboolean
gb_day_report_save_fields (GbStore            *store,
                           const char         *date,
                           GPtrArray          *rows,
                           const char * const *cells,
                           guint               n_fields,
                           GError            **error)
{
  g_autofree gint64 *values = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (date != NULL && rows != NULL && cells != NULL, FALSE);
  g_return_val_if_fail (n_fields == GB_DAY_N_FIELDS || n_fields == GB_DAY_N_ALL_FIELDS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gb_date_is_valid_iso (date))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a date (YYYY-MM-DD)"), date);
      return FALSE;
    }
  if ((values = parse_grid (rows, cells, n_fields, error)) == NULL)
    return FALSE;
  if (!gb_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!save_row (store, date, g_ptr_array_index (rows, i), values + i * GB_DAY_N_ALL_FIELDS, error))
      {
        gb_store_rollback (store);
        return FALSE;
      }
  return gb_store_commit (store, error);
}
