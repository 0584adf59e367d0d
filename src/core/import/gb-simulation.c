/* gb-simulation.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gb-csv-reader.h"
#include "gb-error.h"
#include "gb-geometry.h"
#include "gb-series-import.h"
#include "gb-simulation.h"

#define ADULT_SHARE 0.703   /* census 2019: people aged 18 and over */
#define OLD_SHARE   0.077   /* census 2019: people aged 65 and over */
#define TEEN_SHARE  0.090   /* census 2019: aged 12 to 17 (six cohorts of about 1.45 million) */
#define CHILD_SHARE 0.117   /* census 2019: aged 5 to 11 (seven cohorts of about 1.6 million) */

/* When the campaign reached each group (Ministry of Health): a booster for adults from late
 * November 2021, three months after the second dose; first doses for 12–17 from late October
 * 2021, the second four weeks later. Children of 5–11 and the 12–17 boosters began in April
 * 2022, after the last day of the national curve: their doses stay 0, their population is
 * known. */
#define BOOSTER_FROM   "2021-11-20"
#define BOOSTER_AFTER  90          /* days after the second dose */
#define BOOSTER_PACE   0.004       /* of the adults a day */
#define TEEN_FROM      "2021-10-20"
#define TEEN_PACE      0.022       /* of the 12–17 a day */
#define TEEN_SECOND    28          /* days between their doses */

typedef struct
{
  GbUnit *unit;
  double  lon, lat;
  double  weight;       /* population share, the background rate */
  guint   neighbours[4];
  guint   n_neighbours;
  gint64  community, quarantine, unknown;
} Commune;

typedef struct
{
  guint  commune;
  double intensity;
  int    days_left;
} Cluster;

/* Communes of a province: the children of its districts, plus communes attached straight to it. */
static GPtrArray *
province_communes (GbStore     *store,
                   const char  *province_code,
                   GError     **error)
{
  g_autoptr(GPtrArray) districts = gb_store_list_units (store, GB_UNIT_LEVEL_DISTRICT, province_code, error);
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GPtrArray) direct = NULL;

  if (districts == NULL)
    return NULL;
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_unit_free);
  for (guint d = 0; d < districts->len; d++)
    {
      GbUnit *district = g_ptr_array_index (districts, d);
      g_autoptr(GPtrArray) communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, district->code, error);

      if (communes == NULL)
        return NULL;
      for (guint c = 0; c < communes->len; c++)
        g_ptr_array_add (result, g_steal_pointer (&g_ptr_array_index (communes, c)));
    }
  direct = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, province_code, error);
  if (direct == NULL)
    return NULL;
  for (guint c = 0; c < direct->len; c++)
    g_ptr_array_add (result, g_steal_pointer (&g_ptr_array_index (direct, c)));
  return g_steal_pointer (&result);
}

static Commune *
prepare_communes (GPtrArray *units,
                  guint     *n_out)
{
  guint n = units->len;
  Commune *c = g_new0 (Commune, n);
  double total = 0;

  for (guint i = 0; i < n; i++)
    {
      c[i].unit = g_ptr_array_index (units, i);
      c[i].lon = (c[i].unit->min_lon + c[i].unit->max_lon) / 2;
      c[i].lat = (c[i].unit->min_lat + c[i].unit->max_lat) / 2;
      c[i].weight = c[i].unit->population > 0 ? c[i].unit->population : 1000;
      total += c[i].weight;
    }
  for (guint i = 0; i < n; i++)
    {
      c[i].weight /= total;
      /* The four nearest communes by bounding-box centre: where a cluster may move next. */
      for (guint j = 0; j < n; j++)
        {
          double dj;
          guint k;

          if (j == i)
            continue;
          dj = hypot (c[j].lon - c[i].lon, c[j].lat - c[i].lat);
          for (k = c[i].n_neighbours; k > 0; k--)
            {
              Commune *o = &c[c[i].neighbours[k - 1]];
              if (hypot (o->lon - c[i].lon, o->lat - c[i].lat) <= dj)
                break;
            }
          if (k < 4)
            {
              guint last = MIN (c[i].n_neighbours, 3);
              memmove (&c[i].neighbours[k + 1], &c[i].neighbours[k], (last - k) * sizeof (guint));
              c[i].neighbours[k] = j;
              c[i].n_neighbours = MIN (c[i].n_neighbours + 1, 4);
            }
        }
    }
  *n_out = n;
  return c;
}

static guint
pick_weighted (GRand         *rand,
               const double  *weights,
               guint          n,
               double         total)
{
  double r = g_rand_double (rand) * total;

  for (guint i = 0; i < n; i++)
    {
      r -= weights[i];
      if (r <= 0)
        return i;
    }
  return n - 1;
}

/* Spreads @day's cases over the communes: clusters age, move and appear, then each case goes
 * to one commune, weighted by the clusters and a little by population. */
static void
spread_day (GRand              *rand,
            GArray             *clusters,
            Commune            *c,
            guint               n,
            double             *weights,
            double              population_weights_total,
            const GbDailyTotal *day)
{
  double total_weight = 0;

  /* Clusters age, sometimes move next door, and die. */
  for (guint k = 0; k < clusters->len; k++)
    {
      Cluster *cl = &g_array_index (clusters, Cluster, k);

      if (--cl->days_left <= 0)
        {
          g_array_remove_index_fast (clusters, k--);
          continue;
        }
      if (c[cl->commune].n_neighbours > 0 && g_rand_double (rand) < 0.04)
        cl->commune = c[cl->commune].neighbours[g_rand_int_range (rand, 0, c[cl->commune].n_neighbours)];
    }
  /* New clusters appear where people are, more often when there are more cases. */
  if (day->cases > 0 && (clusters->len == 0 || g_rand_double (rand) < MIN (0.6, 0.05 + day->cases / 200.0)))
    {
      Cluster cl;

      for (guint i = 0; i < n; i++)
        weights[i] = c[i].weight;
      cl.commune = pick_weighted (rand, weights, n, population_weights_total);
      cl.intensity = 0.5 + g_rand_double (rand) * 3.0;
      cl.days_left = g_rand_int_range (rand, 10, 45);
      g_array_append_val (clusters, cl);
    }

  for (guint i = 0; i < n; i++)
    {
      weights[i] = 0.15 * c[i].weight;
      c[i].community = c[i].quarantine = c[i].unknown = 0;
    }
  for (guint k = 0; k < clusters->len; k++)
    {
      Cluster *cl = &g_array_index (clusters, Cluster, k);
      weights[cl->commune] += cl->intensity;
    }
  for (guint i = 0; i < n; i++)
    total_weight += weights[i];

  /* Each real case goes to one commune; sums stay exact by construction. */
  for (gint64 k = 0; k < day->cases; k++)
    {
      guint i = pick_weighted (rand, weights, n, total_weight);

      if (g_rand_double (rand) < 0.35)
        {
          c[i].community++;
          if (g_rand_double (rand) < 0.2)
            c[i].unknown++;
        }
      else
        c[i].quarantine++;
    }
}

/* The communes' simulated reports of @day, and the province's own report as their sum. */
static gboolean
write_day (GbStore             *store,
           const char          *province_code,
           const Commune       *c,
           guint                n,
           const GbDailyTotal  *day,
           GError             **error)
{
  gint64 community_sum = 0, quarantine_sum = 0, unknown_sum = 0;
  GbCaseReport province;

  for (guint i = 0; i < n; i++)
    {
      GbCaseReport r;

      gb_case_report_init (&r);
      g_strlcpy (r.unit_code, c[i].unit->code, sizeof r.unit_code);
      g_strlcpy (r.date, day->date, sizeof r.date);
      r.community = c[i].community;
      r.quarantine = c[i].quarantine;
      r.unknown_source = c[i].unknown;
      r.simulated = TRUE;
      community_sum += r.community;
      quarantine_sum += r.quarantine;
      unknown_sum += r.unknown_source;
      if (!gb_store_put_case_report (store, &r, error))
        return FALSE;
    }

  gb_case_report_init (&province);
  g_strlcpy (province.unit_code, province_code, sizeof province.unit_code);
  g_strlcpy (province.date, day->date, sizeof province.date);
  province.community = community_sum;
  province.quarantine = quarantine_sum;
  province.unknown_source = unknown_sum;
  province.simulated = FALSE;
  g_assert (community_sum + quarantine_sum == day->cases);
  return gb_store_put_case_report (store, &province, error);
}

gboolean
gb_simulate_commune_cases (GbStore     *store,
                           const char  *province_code,
                           GArray      *totals,
                           guint32      seed,
                           GError     **error)
{
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GArray) clusters = NULL;
  g_autofree Commune *c = NULL;
  g_autofree double *weights = NULL;
  double population_weights_total = 0;
  guint n = 0;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (province_code != NULL, FALSE);
  g_return_val_if_fail (totals != NULL, FALSE);

  if ((units = province_communes (store, province_code, error)) == NULL)
    return FALSE;
  if (units->len == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("The province %s has no communes to simulate"), province_code);
      return FALSE;
    }
  rand = g_rand_new_with_seed (seed);
  clusters = g_array_new (FALSE, FALSE, sizeof (Cluster));
  c = prepare_communes (units, &n);
  weights = g_new (double, n);
  for (guint i = 0; i < n; i++)
    population_weights_total += c[i].weight;

  if (!gb_store_begin (store, error))
    return FALSE;
  for (guint d = 0; d < totals->len; d++)
    {
      const GbDailyTotal *day = &g_array_index (totals, GbDailyTotal, d);

      spread_day (rand, clusters, c, n, weights, population_weights_total, day);
      if (!write_day (store, province_code, c, n, day, error))
        {
          gb_store_rollback (store);
          return FALSE;
        }
    }
  return gb_store_commit (store, error);
}

gboolean
gb_simulate_age_groups (GbStore     *store,
                        const char  *province_code,
                        GError     **error)
{
  g_autoptr(GPtrArray) districts = gb_store_list_units (store, GB_UNIT_LEVEL_DISTRICT, province_code, error);
  g_autoptr(GbUnit) province = NULL;
  gint64 p18 = 0, p65 = 0;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (province_code != NULL, FALSE);

  if (districts == NULL)
    return FALSE;
  if (!gb_store_begin (store, error))
    return FALSE;
  for (guint d = 0; d < districts->len; d++)
    {
      GbUnit *district = g_ptr_array_index (districts, d);
      g_autoptr(GPtrArray) communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, district->code, error);
      gint64 d18 = 0, d65 = 0;

      if (communes == NULL)
        goto fail;
      for (guint i = 0; i < communes->len; i++)
        {
          GbUnit *u = g_ptr_array_index (communes, i);

          if (u->population < 0)
            continue;
          if (u->pop_18 < 0)
            u->pop_18 = llround (u->population * ADULT_SHARE);
          if (u->pop_65 < 0)
            u->pop_65 = llround (u->population * OLD_SHARE);
          d18 += u->pop_18;
          d65 += u->pop_65;
          if (!gb_store_put_unit (store, u, NULL, error))
            goto fail;
        }
      district->pop_18 = d18;
      district->pop_65 = d65;
      p18 += d18;
      p65 += d65;
      if (!gb_store_put_unit (store, district, NULL, error))
        goto fail;
    }
  province = gb_store_get_unit (store, province_code, error);
  if (province == NULL)
    goto fail;
  province->pop_18 = p18;
  province->pop_65 = p65;
  if (!gb_store_put_unit (store, province, NULL, error))
    goto fail;
  return gb_store_commit (store, error);

fail:
  gb_store_rollback (store);
  return FALSE;
}

static gboolean
put_vaccination_sum (GbStore             *store,
                     const char          *code,
                     const char          *date,
                     const GbVaccination *sum,
                     GError             **error)
{
  GbVaccination v = *sum;

  g_strlcpy (v.unit_code, code, sizeof v.unit_code);
  g_strlcpy (v.date, date, sizeof v.date);
  v.simulated = TRUE;
  return gb_store_put_vaccination (store, &v, error);
}

static void
add_vaccination (GbVaccination       *sum,
                 const GbVaccination *v)
{
  sum->pop_18 += v->pop_18;
  sum->pop_65 += v->pop_65;
  sum->dose1_18 += v->dose1_18;
  sum->full_18 += v->full_18;
  sum->full_65 += v->full_65;
  sum->doses_given += v->doses_given;
  sum->doses_allocated = -1;
  sum->pop_12_17 += v->pop_12_17;
  sum->pop_5_11 += v->pop_5_11;
  sum->booster_18 += v->booster_18;
  sum->dose1_65 += v->dose1_65;
  sum->booster_65 += v->booster_65;
  sum->dose1_12_17 += v->dose1_12_17;
  sum->dose2_12_17 += v->dose2_12_17;
  sum->booster_12_17 += v->booster_12_17;
  sum->dose1_5_11 += v->dose1_5_11;
  sum->dose2_5_11 += v->dose2_5_11;
  sum->booster_5_11 += v->booster_5_11;
}

/* The index of the first day of @national on or after @date (its length: none). */
static guint
day_index (GArray     *national,
           const char *date)
{
  guint d = 0;

  while (d < national->len && strcmp (g_array_index (national, GbNationalVaccination, d).date, date) < 0)
    d++;
  return d;
}

/* The share of the 12–17 with a first dose @k days after the campaign reached the commune. */
static double
teen_share (int    k,
            double factor)
{
  return k <= 0 ? 0 : MIN (0.97, TEEN_PACE * k * factor);
}

/* The groups' doses of @v, consistent with its adults: the 65+ are among the adults, a booster
 * needs a second dose three months before, a second dose a first one. @d is the day, @lag and
 * @factor the commune's delay behind the national curve and its pace. */
static void
fill_groups (GbVaccination *v,
             const GbUnit  *u,
             GArray        *national,
             guint          d,
             int            lag,
             double         factor,
             guint          booster_from,
             guint          teen_from)
{
  const GbNationalVaccination *before = &g_array_index (national, GbNationalVaccination,
                                                        d >= (guint) lag + BOOSTER_AFTER ? d - lag - BOOSTER_AFTER : 0);
  /* Who could have a booster: those fully vaccinated three months before. */
  double eligible = MIN (0.99, before->full_share / ADULT_SHARE * factor);
  double boosted = d >= booster_from + lag ? MIN (eligible, BOOSTER_PACE * (d - booster_from - lag + 1) * factor) : 0;
  int k = (int) d - (int) teen_from - lag;

  v->pop_12_17 = llround ((u->population > 0 ? u->population : v->pop_18 / ADULT_SHARE) * TEEN_SHARE);
  v->pop_5_11 = llround ((u->population > 0 ? u->population : v->pop_18 / ADULT_SHARE) * CHILD_SHARE);
  /* The old were called first: ahead of the adults, but never more of them than of all adults. */
  v->dose1_65 = MAX (v->full_65, MIN (MIN (v->pop_65, v->dose1_18),
                                      llround (v->pop_65 * MIN (0.99, (double) v->dose1_18 / MAX (v->pop_18, 1) * 1.08))));
  v->booster_18 = MIN (v->full_18, llround (v->pop_18 * boosted));
  v->booster_65 = MIN (MIN (v->full_65, v->booster_18), llround (v->pop_65 * MIN (0.98, boosted * 1.4)));
  v->dose1_12_17 = llround (v->pop_12_17 * teen_share (k, factor));
  v->dose2_12_17 = MIN (v->dose1_12_17, llround (v->pop_12_17 * teen_share (k - TEEN_SECOND, factor)));
  v->booster_12_17 = 0;
  v->dose1_5_11 = v->dose2_5_11 = v->booster_5_11 = 0;
}

gboolean
gb_simulate_commune_vaccinations (GbStore     *store,
                                  const char  *province_code,
                                  GArray      *national,
                                  guint32      seed,
                                  GError     **error)
{
  g_autoptr(GPtrArray) units = province_communes (store, province_code, error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree double *factor = NULL;
  g_autofree int *lag = NULL;
  g_autofree gint64 *previous = NULL;
  g_autoptr(GHashTable) district_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) district_sums = g_array_new (FALSE, TRUE, sizeof (GbVaccination));
  g_autoptr(GPtrArray) district_codes = g_ptr_array_new ();
  guint booster_from, teen_from;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (province_code != NULL, FALSE);
  g_return_val_if_fail (national != NULL, FALSE);

  if (units == NULL)
    return FALSE;
  booster_from = day_index (national, BOOSTER_FROM);
  teen_from = day_index (national, TEEN_FROM);
  factor = g_new (double, units->len);
  lag = g_new (int, units->len);
  previous = g_new0 (gint64, units->len);
  for (guint i = 0; i < units->len; i++)
    {
      GbUnit *u = g_ptr_array_index (units, i);

      factor[i] = 0.85 + g_rand_double (rand) * 0.25;
      lag[i] = g_rand_int_range (rand, 0, 15);
      if (u->parent_code != NULL && !g_hash_table_contains (district_index, u->parent_code))
        {
          g_hash_table_insert (district_index, u->parent_code, GUINT_TO_POINTER (district_codes->len));
          g_ptr_array_add (district_codes, u->parent_code);
        }
    }
  g_array_set_size (district_sums, district_codes->len);

  if (!gb_store_begin (store, error))
    return FALSE;

  for (guint d = 0; d < national->len; d++)
    {
      const GbNationalVaccination *day = &g_array_index (national, GbNationalVaccination, d);
      GbVaccination province_sum;

      memset (&province_sum, 0, sizeof province_sum);
      memset (district_sums->data, 0, district_sums->len * sizeof (GbVaccination));

      for (guint i = 0; i < units->len; i++)
        {
          GbUnit *u = g_ptr_array_index (units, i);
          const GbNationalVaccination *then = &g_array_index (national, GbNationalVaccination,
                                                              d >= (guint) lag[i] ? d - lag[i] : 0);
          /* National shares are of the whole population; adults carry nearly all doses. */
          double s1 = MIN (0.99, then->dose1_share / ADULT_SHARE * factor[i]);
          double sf = MIN (s1, then->full_share / ADULT_SHARE * factor[i]);
          GbVaccination v;
          gint64 given;

          if (u->pop_18 < 0 || u->pop_65 < 0)
            continue;
          gb_vaccination_init (&v);
          g_strlcpy (v.unit_code, u->code, sizeof v.unit_code);
          g_strlcpy (v.date, day->date, sizeof v.date);
          v.pop_18 = u->pop_18;
          v.pop_65 = u->pop_65;
          v.dose1_18 = llround (u->pop_18 * s1);
          v.full_18 = llround (u->pop_18 * sf);
          /* The old were called first: their full-dose share runs ahead of the adults'. */
          v.full_65 = MIN (u->pop_65, llround (u->pop_65 * MIN (0.98, sf * 1.12)));
          fill_groups (&v, u, national, d, lag[i], factor[i], booster_from, teen_from);
          /* Every dose of the day: the adults' first and second, their boosters, the 12–17's. */
          given = v.dose1_18 + v.full_18 + v.booster_18 + v.dose1_12_17 + v.dose2_12_17;
          v.doses_given = MAX (0, given - previous[i]);
          previous[i] = given;
          v.simulated = TRUE;
          if (!gb_store_put_vaccination (store, &v, error))
            goto fail;
          add_vaccination (&province_sum, &v);
          if (u->parent_code != NULL)
            add_vaccination (&g_array_index (district_sums, GbVaccination,
                                             GPOINTER_TO_UINT (g_hash_table_lookup (district_index, u->parent_code))),
                             &v);
        }
      for (guint k = 0; k < district_codes->len; k++)
        if (g_strcmp0 (g_ptr_array_index (district_codes, k), province_code) != 0 &&
            !put_vaccination_sum (store, g_ptr_array_index (district_codes, k), day->date,
                                  &g_array_index (district_sums, GbVaccination, k), error))
          goto fail;
      province_sum.doses_allocated = -1;
      if (!put_vaccination_sum (store, province_code, day->date, &province_sum, error))
        goto fail;
    }

  return gb_store_commit (store, error);

fail:
  gb_store_rollback (store);
  return FALSE;
}

/**
 * gb_simulation_read_owid_vaccination:
 * @name: the file's name, for messages
 *
 * Returns: (transfer full): GbNationalVaccination rows in the file's (date) order, or NULL
 */
GArray *
gb_simulation_read_owid_vaccination (const char  *name,
                                     GBytes      *bytes,
                                     GError     **error)
{
  g_autoptr(GbCsvReader) reader = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (GbNationalVaccination));
  g_autoptr(GError) local = NULL;
  GPtrArray *fields;
  int i_date = -1, i_pop = -1, i_vacc = -1, i_full = -1;
  guint needed;
  double last1 = 0, lastf = 0;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  if ((reader = gb_csv_reader_new (name, bytes, error)) == NULL)
    return NULL;
  if (!gb_csv_reader_next (reader, &fields, &local))
    {
      if (local == NULL)
        g_set_error (&local, GB_ERROR, GB_ERROR_PARSE, _("%s: the file is empty"), name);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  for (guint i = 0; i < fields->len; i++)
    {
      const char *h = g_ptr_array_index (fields, i);

      if (g_str_equal (h, "date"))
        i_date = i;
      else if (g_str_equal (h, "population"))
        i_pop = i;
      else if (g_str_equal (h, "people_vaccinated"))
        i_vacc = i;
      else if (g_str_equal (h, "people_fully_vaccinated"))
        i_full = i;
    }
  if (i_date < 0 || i_pop < 0 || i_vacc < 0 || i_full < 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
                   "%s:1: expected the columns date, population, people_vaccinated and people_fully_vaccinated", name);
      return NULL;
    }
  needed = MAX (MAX (i_date, i_pop), MAX (i_vacc, i_full)) + 1;
  while (gb_csv_reader_next (reader, &fields, &local))
    {
      GbNationalVaccination v = { { 0 } };
      double pop;
      const char *d1, *df;

      if (fields->len < needed || !gb_date_is_valid_iso (g_ptr_array_index (fields, i_date)) ||
          (pop = g_ascii_strtod (g_ptr_array_index (fields, i_pop), NULL)) <= 0)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s:%u: a bad date, population or too few fields"),
                       name, gb_csv_reader_get_line (reader));
          return NULL;
        }
      d1 = g_ptr_array_index (fields, i_vacc);
      df = g_ptr_array_index (fields, i_full);
      /* OWID leaves days without a report empty: carry the last known value forward. */
      if (*d1)
        last1 = g_ascii_strtod (d1, NULL) / pop;
      if (*df)
        lastf = g_ascii_strtod (df, NULL) / pop;
      if (last1 <= 0)
        continue;
      g_strlcpy (v.date, g_ptr_array_index (fields, i_date), sizeof v.date);
      v.dose1_share = last1;
      v.full_share = lastf;
      g_array_append_val (rows, v);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&rows);
}
