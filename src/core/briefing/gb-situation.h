/* gb-situation.h — the province's situation on a date, and the paragraph that states it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gb-level.h"
#include "gb-types.h"

G_BEGIN_DECLS

/* Counts are -1 and shares NAN when the store has nothing for them. */
typedef struct
{
  char     *date;               /* YYYY-MM-DD, last day counted */
  char     *week_from;          /* first day of the 7-day window */
  char     *unit_code;
  char     *unit_name;
  gint64    population;
  gint64    cases_7d;           /* community + in quarantine */
  gint64    community_7d;
  gint64    cases_prev_7d;      /* the 7 days before */
  gint64    community_prev_7d;
  gint64    deaths_7d;
  gboolean  simulated;          /* some counted value was simulated */
  char     *vacc_date;          /* date of the vaccination figures used, or NULL */
  gint64    pop_18, dose1_18;
  gint64    pop_65, full_65;
  double    dose1_18_share;
  double    full_65_share;
  gboolean  has_levels;
  gboolean  zones;                      /* the rule set speaks of zones (QĐ 2686), not levels */
  guint     communes_per_level[5];      /* indexed by GbLevel */
  guint     communes_per_level_prev[5]; /* a week before, when known */
  gboolean  has_prev_levels;
} GbSituation;

void          gb_situation_free          (GbSituation *situation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbSituation, gb_situation_free)

GbSituation  *gb_situation_compute       (GbStore     *store,
                                          const char  *unit_code,
                                          const char  *date,
                                          GError     **error);
void          gb_situation_set_levels    (GbSituation *situation,
                                          GPtrArray   *results,
                                          GPtrArray   *previous);
double        gb_situation_change_percent (const GbSituation *situation);
char         *gb_situation_format_paragraph (const GbSituation *situation,
                                             int                cutoff_hour);

char         *gb_format_percent          (double       share);
char         *gb_format_decimal          (double       value,
                                          int          digits);
char         *gb_format_short_date       (const char  *iso);

G_END_DECLS
