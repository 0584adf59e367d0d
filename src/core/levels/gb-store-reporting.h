/* gb-store-reporting.h — how complete each day's reporting is (what DHIS2 calls the reporting rate)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A commune "reported" a day when it has a case report for it. A district's rate is the share of
 * its communes (in existence that day) that reported; a province's sums its districts'. The
 * most recent days still under a threshold are incomplete: a chart hatches them and a level
 * resting on them says so, instead of showing a fall that is only reports not yet in.
 */
#pragma once

#include <glib.h>

#include "gb-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint percent;   /* a day is complete when at least this share of communes reported */
  guint window;    /* only the last this many days of data can be incomplete */
} GbReportingRule;

#define GB_REPORTING_DEFAULT_PERCENT 80
#define GB_REPORTING_DEFAULT_WINDOW  3
#define GB_REPORTING_MAX_WINDOW      60

typedef struct
{
  char     date[11];
  guint    reported;
  guint    expected;
  gboolean incomplete;
} GbReportingDay;

typedef struct
{
  char   *code;
  char   *name;
  GArray *days;    /* GbReportingDay, by date */
} GbReportingUnit;

void             gb_reporting_unit_free       (GbReportingUnit *unit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbReportingUnit, gb_reporting_unit_free)

/* The rule kept in the database (defaults when never set). */
void             gb_reporting_get_rule        (GbStore               *store,
                                               GbReportingRule       *rule);
gboolean         gb_reporting_set_rule        (GbStore               *store,
                                               const GbReportingRule *rule,
                                               GError               **error);

/* Whether a day with @reported of @expected communes is incomplete, @last being the last day
 * with data: below rule->percent and within the rule's window ending on @last. */
gboolean         gb_reporting_day_incomplete  (const GbReportingRule *rule,
                                               const char            *date,
                                               const char            *last,
                                               guint                  reported,
                                               guint                  expected);

/* The last day with case reports, or NULL. */
char            *gb_reporting_last_day        (GbStore               *store);

/* Every district's days from @from to @to (NULL: the last @days days of data), each marked. */
GPtrArray       *gb_reporting_list_districts  (GbStore               *store,
                                               const char            *from,
                                               const char            *to,
                                               GError               **error);

/* The days of @unit_code's area (a commune: its district's) from @from to @to, each marked. */
GArray          *gb_reporting_get_days        (GbStore               *store,
                                               const char            *unit_code,
                                               const char            *from,
                                               const char            *to,
                                               GError               **error);

/* Every district and province with incomplete days: code -> GPtrArray of dates (the level
 * engine's note). */
GHashTable      *gb_reporting_get_incomplete  (GbStore               *store,
                                               GError               **error);

G_END_DECLS
