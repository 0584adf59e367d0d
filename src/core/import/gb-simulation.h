/* gb-simulation.h — commune-level series simulated from real province series
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A commune's share of its province's daily cases is not public. The demo and the national
 * benchmark data derive one: clusters that appear, persist and move to neighbouring communes
 * allocate each real province day, so the province totals stay exact. Vaccination follows the
 * national OWID curve scaled to each commune's adults, with spread between communes. Every row
 * written here is marked simulated, and the UI says "simulated at commune level".
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   date[11];
  gint64 cases;
} GbDailyTotal;

/* Writes case_reports for every commune below @province_code (simulated) and for the
 * province itself (the real totals, not simulated; its community/quarantine split is the sum
 * of the communes'). Deterministic for a given @seed. */
gboolean gb_simulate_commune_cases        (GbStore       *store,
                                           const char    *province_code,
                                           GArray        *totals,
                                           guint32        seed,
                                           GError       **error);

/* @national: rows of (date, share of the whole population with ≥ 1 dose, fully vaccinated),
 * as doubles in 0..1 keyed by date. Writes simulated vaccination rows for every commune below
 * @province_code and the sums for its districts and the province. */
typedef struct
{
  char   date[11];
  double dose1_share;
  double full_share;
} GbNationalVaccination;

/* Reads the national curve from Our World in Data's CSV (columns date, population,
 * people_vaccinated, people_fully_vaccinated among others): days before the first dose are
 * left out, a day without a report carries the last known value. Shared by the demo and
 * `giaoband seed --national`. */
GArray  *gb_simulation_read_owid_vaccination (const char  *name,
                                              GBytes      *bytes,
                                              GError     **error);

gboolean gb_simulate_commune_vaccinations (GbStore       *store,
                                           const char    *province_code,
                                           GArray        *national,
                                           guint32        seed,
                                           GError       **error);

/* Fills units.pop_18 and pop_65 of communes that lack them from their population, using the
 * 2019 census shares (adults ≈ 70.3 %, aged 65+ ≈ 7.7 %), and sums them upwards. */
gboolean gb_simulate_age_groups           (GbStore       *store,
                                           const char    *province_code,
                                           GError       **error);

G_END_DECLS
