/* gb-situation.c — the province's situation on a date, and the paragraph that states it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-situation.h"
#include "gb-store.h"
#include "gb-text.h"

/** gb_situation_free: frees @s. */
void
gb_situation_free (GbSituation *s)
{
  if (s == NULL)
    return;
  g_free (s->date);
  g_free (s->week_from);
  g_free (s->unit_code);
  g_free (s->unit_name);
  g_free (s->vacc_date);
  g_free (s);
}

/* A unit without reports of its own (districts: the feeds report communes and the province) is
 * the sum of its children, which are collected recursively. */
static gboolean
collect_reports (GbStore     *store,
                 const char  *code,
                 const char  *from,
                 const char  *to,
                 GArray      *out,
                 int          depth,
                 GError     **error)
{
  g_autoptr(GArray) own = gb_store_get_case_reports (store, code, from, to, error);
  g_autoptr(GPtrArray) children = NULL;

  if (own == NULL)
    return FALSE;
  if (own->len > 0 || depth >= 3)
    {
      g_array_append_vals (out, own->data, own->len);
      return TRUE;
    }
  if ((children = gb_store_list_units (store, GB_UNIT_LEVEL_ANY, code, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < children->len; i++)
    if (!collect_reports (store, ((GbUnit *) g_ptr_array_index (children, i))->code, from, to, out, depth + 1, error))
      return FALSE;
  return TRUE;
}

/**
 * gb_situation_compute:
 * @unit_code: (nullable): the unit to describe; NULL for the province
 * @date: YYYY-MM-DD, the last day counted
 *
 * Sums the stored case reports of the 7 days ending on @date and of the 7 days before, and
 * takes the latest vaccination figures on or before @date. Levels are added separately with
 * gb_situation_set_levels() so this does not depend on the rule sets.
 *
 * Returns: the situation, or NULL with an error (bad date, unknown unit)
 */
GbSituation *
gb_situation_compute (GbStore     *store,
                      const char  *unit_code,
                      const char  *date,
                      GError     **error)
{
  g_autoptr(GbSituation) s = g_new0 (GbSituation, 1);
  g_autoptr(GbUnit) unit = NULL;
  g_autoptr(GArray) reports = NULL;
  g_autoptr(GArray) vaccs = NULL;
  g_autofree char *prev_from = NULL;
  g_autofree char *vacc_from = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  if ((s->week_from = gb_date_add_days (date, -6)) == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a date (YYYY-MM-DD)"), date);
      return NULL;
    }
  prev_from = gb_date_add_days (date, -13);
  s->date = g_strdup (date);

  if (unit_code == NULL)
    {
      g_autoptr(GPtrArray) provinces = gb_store_list_units (store, GB_UNIT_LEVEL_PROVINCE, NULL, error);

      if (provinces == NULL)
        return NULL;
      if (provinces->len == 0)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("The database has no province"));
          return NULL;
        }
      unit = gb_unit_copy (g_ptr_array_index (provinces, 0));
    }
  else if ((unit = gb_store_get_unit (store, unit_code, error)) == NULL)
    return NULL;

  s->unit_code = g_strdup (unit->code);
  s->unit_name = g_strdup (unit->name);
  s->population = unit->population;

  reports = g_array_new (FALSE, FALSE, sizeof (GbCaseReport));
  if (!collect_reports (store, unit->code, prev_from, date, reports, 0, error))
    return NULL;
  s->cases_7d = s->community_7d = s->cases_prev_7d = s->community_prev_7d = 0;
  s->deaths_7d = -1;
  for (guint i = 0; i < reports->len; i++)
    {
      const GbCaseReport *r = &g_array_index (reports, GbCaseReport, i);
      gboolean this_week = strcmp (r->date, s->week_from) >= 0;

      s->simulated |= r->simulated;
      if (this_week)
        {
          s->cases_7d += r->community + r->quarantine;
          s->community_7d += r->community;
          if (r->deaths >= 0)
            s->deaths_7d = MAX (s->deaths_7d, 0) + r->deaths;
        }
      else
        {
          s->cases_prev_7d += r->community + r->quarantine;
          s->community_prev_7d += r->community;
        }
    }

  /* Vaccination is reported irregularly; a figure older than a month says nothing about today. */
  vacc_from = gb_date_add_days (date, -30);
  if ((vaccs = gb_store_get_vaccinations (store, unit->code, vacc_from, date, error)) == NULL)
    return NULL;
  s->pop_18 = s->dose1_18 = s->pop_65 = s->full_65 = -1;
  s->dose1_18_share = s->full_65_share = NAN;
  if (vaccs->len > 0)
    {
      const GbVaccination *v = &g_array_index (vaccs, GbVaccination, vaccs->len - 1);

      s->vacc_date = g_strdup (v->date);
      s->simulated |= v->simulated;
      s->pop_18 = v->pop_18 > 0 ? v->pop_18 : unit->pop_18;
      s->pop_65 = v->pop_65 > 0 ? v->pop_65 : unit->pop_65;
      s->dose1_18 = v->dose1_18;
      s->full_65 = v->full_65;
      if (s->pop_18 > 0 && s->dose1_18 >= 0)
        s->dose1_18_share = (double) s->dose1_18 / s->pop_18;
      if (s->pop_65 > 0 && s->full_65 >= 0)
        s->full_65_share = (double) s->full_65 / s->pop_65;
    }
  return g_steal_pointer (&s);
}

static void
count_levels (GPtrArray *results,
              guint      counts[5])
{
  memset (counts, 0, 5 * sizeof (guint));
  for (guint i = 0; i < results->len; i++)
    {
      const GbLevelResult *r = g_ptr_array_index (results, i);

      if (r->unit_level == GB_UNIT_LEVEL_COMMUNE && r->effective <= GB_LEVEL_4)
        counts[r->effective]++;
    }
}

/**
 * gb_situation_set_levels:
 * @results: (element-type GbLevelResult): levels on the date (communes are counted)
 * @previous: (nullable) (element-type GbLevelResult): levels at the previous briefing
 *
 * Adds the communes per effective level, as the level engine computed or the committee
 * declared them.
 */
void
gb_situation_set_levels (GbSituation *s,
                         GPtrArray   *results,
                         GPtrArray   *previous)
{
  g_return_if_fail (s != NULL);
  g_return_if_fail (results != NULL);

  count_levels (results, s->communes_per_level);
  s->has_levels = TRUE;
  if (previous != NULL)
    {
      count_levels (previous, s->communes_per_level_prev);
      s->has_prev_levels = TRUE;
    }
}

/**
 * gb_situation_change_percent:
 *
 * Returns: the change of the 7-day cases against the week before, in percent; NAN when the
 * week before had no case (a percentage of zero means nothing)
 */
double
gb_situation_change_percent (const GbSituation *s)
{
  g_return_val_if_fail (s != NULL, NAN);

  if (s->cases_prev_7d <= 0)
    return NAN;
  return 100.0 * (s->cases_7d - s->cases_prev_7d) / (double) s->cases_prev_7d;
}

/**
 * gb_format_decimal:
 *
 * Returns: @value with @digits decimals and a decimal comma ("12,5"); trailing ",0" dropped
 */
char *
gb_format_decimal (double value,
                   int    digits)
{
  g_autofree char *ascii = g_strdup_printf ("%.*f", digits, value);
  char *dot = strchr (ascii, '.');
  g_autofree char *int_part = NULL;
  g_autofree char *grouped = NULL;
  gboolean negative = ascii[0] == '-';
  gint64 whole;

  if (dot != NULL)
    {
      gboolean all_zero = TRUE;

      for (const char *p = dot + 1; *p; p++)
        all_zero &= *p == '0';
      if (all_zero)
        *dot = '\0';
      else
        *dot = ',';
    }
  whole = g_ascii_strtoll (ascii + (negative ? 1 : 0), NULL, 10);
  grouped = gb_text_format_count (whole);
  dot = strchr (ascii, ',');
  return g_strdup_printf ("%s%s%s", negative ? "-" : "", grouped, dot ? dot : "");
}

/** gb_format_percent: Returns: a share 0..1 as "85,3%" (one decimal), "—" when unknown. */
char *
gb_format_percent (double share)
{
  g_autofree char *num = NULL;

  if (isnan (share))
    return g_strdup ("—");
  num = gb_format_decimal (100.0 * share, 1);
  return g_strdup_printf ("%s%%", num);
}

/** gb_format_short_date: Returns: "15/9/2021" for "2021-09-15", as written in prose. */
char *
gb_format_short_date (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup (iso ? iso : "");
  return g_strdup_printf ("%d/%d/%d", d, m, y);
}

static const char *level_words[] = { "chưa có dữ liệu", "cấp 1 (vùng xanh)", "cấp 2 (vùng vàng)",
                                     "cấp 3 (vùng cam)", "cấp 4 (vùng đỏ)" };

/**
 * gb_situation_format_paragraph:
 * @cutoff_hour: the hour the figures were closed ("Tính đến 17 giờ ngày …"), or -1 for the
 *   end of the day
 *
 * The situation in the words a secretary signs: every figure with its unit and its date, the
 * trend against the week before, levels when known, vaccination against the targets.
 *
 * Returns: the paragraph (Vietnamese, as the notice is)
 */
char *
gb_situation_format_paragraph (const GbSituation *s,
                               int                cutoff_hour)
{
  GString *p = g_string_new (NULL);
  g_autofree char *date = gb_format_short_date (s->date);
  g_autofree char *from = gb_format_short_date (s->week_from);
  g_autofree char *cases = gb_text_format_count (s->cases_7d);
  g_autofree char *community = gb_text_format_count (s->community_7d);
  g_autofree char *prev = gb_text_format_count (s->cases_prev_7d);
  double change = gb_situation_change_percent (s);

  g_return_val_if_fail (s != NULL, NULL);

  if (cutoff_hour >= 0 && cutoff_hour < 24)
    g_string_append_printf (p, "Tính đến %d giờ ngày %s", cutoff_hour, date);
  else
    g_string_append_printf (p, "Tính đến hết ngày %s", date);

  if (s->cases_7d == 0)
    g_string_append_printf (p, ", toàn tỉnh không ghi nhận ca mắc mới trong 7 ngày (từ ngày %s đến ngày %s)",
                            from, date);
  else
    g_string_append_printf (p, ", toàn tỉnh ghi nhận %s ca mắc mới trong 7 ngày (từ ngày %s đến ngày %s), "
                            "trong đó %s ca trong cộng đồng", cases, from, date, community);

  if (!isnan (change))
    {
      g_autofree char *pct = gb_format_decimal (fabs (change), 1);

      if (fabs (change) < 0.05)
        g_string_append_printf (p, ", bằng 7 ngày trước đó (%s ca)", prev);
      else
        g_string_append_printf (p, ", %s %s%% so với 7 ngày trước đó (%s ca)",
                                change > 0 ? "tăng" : "giảm", pct, prev);
    }
  else if (s->cases_7d > 0)
    g_string_append (p, ", trong khi 7 ngày trước đó không ghi nhận ca mắc nào");

  if (s->deaths_7d > 0)
    {
      g_autofree char *deaths = gb_text_format_count (s->deaths_7d);
      g_string_append_printf (p, "; %s ca tử vong", deaths);
    }
  g_string_append (p, ".");

  if (s->has_levels)
    {
      gboolean first = TRUE;

      g_string_append (p, " Về cấp độ dịch, toàn tỉnh có");
      for (int l = GB_LEVEL_4; l >= GB_LEVEL_1; l--)
        {
          if (s->communes_per_level[l] == 0)
            continue;
          g_string_append_printf (p, "%s %u xã, phường, thị trấn ở %s", first ? "" : ";",
                                  s->communes_per_level[l], level_words[l]);
          if (s->has_prev_levels)
            {
              int diff = (int) s->communes_per_level[l] - (int) s->communes_per_level_prev[l];

              if (diff > 0)
                g_string_append_printf (p, " (tăng %d so với tuần trước)", diff);
              else if (diff < 0)
                g_string_append_printf (p, " (giảm %d so với tuần trước)", -diff);
            }
          first = FALSE;
        }
      if (s->communes_per_level[GB_LEVEL_NO_DATA] > 0)
        g_string_append_printf (p, "%s %u xã, phường, thị trấn chưa đủ dữ liệu để đánh giá",
                                first ? "" : ";", s->communes_per_level[GB_LEVEL_NO_DATA]);
      g_string_append (p, ".");
    }

  if (!isnan (s->dose1_18_share))
    {
      g_autofree char *vdate = gb_format_short_date (s->vacc_date);
      g_autofree char *share = gb_format_percent (s->dose1_18_share);
      g_autofree char *people = gb_text_format_count (s->dose1_18);
      g_autofree char *pop = gb_text_format_count (s->pop_18);

      g_string_append_printf (p, " Đến ngày %s, tỷ lệ người từ 18 tuổi trở lên được tiêm ít nhất 1 mũi vắc xin "
                              "đạt %s (%s/%s người)", vdate, share, people, pop);
      if (!isnan (s->full_65_share))
        {
          g_autofree char *share65 = gb_format_percent (s->full_65_share);

          g_string_append_printf (p, "; tỷ lệ người từ 65 tuổi trở lên được tiêm đủ liều đạt %s "
                                  "(mục tiêu 80%%)", share65);
        }
      g_string_append (p, ".");
    }
  else
    g_string_append (p, " Chưa có số liệu tiêm chủng trong 30 ngày gần nhất.");

  if (s->simulated)
    g_string_append (p, " (Số liệu có phần được mô phỏng.)");
  return g_string_free (p, FALSE);
}
