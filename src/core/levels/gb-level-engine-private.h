/* gb-level-engine-private.h — the level engine's struct and what its files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbLevelEngine is a family of files around this header:
 *   gb-level-engine.c       the object, the rules and the computation for a date
 *   gb-level-engine-load.c  reading the store into flat arrays, and taking what a worker read
 */
#pragma once

#include "gb-level-engine.h"

G_BEGIN_DECLS

typedef struct
{
  char   *code;
  char   *name;
  char   *parent_code;    /* only while loading */
  int     level;
  int     parent;          /* index, -1 when none */
  gint64  pop, pop_18, pop_65;
  /* Its daily cases from its first report to the engine's last day, two numbers a day:
   * community cases (-1: no report that day) and of them of unknown source. Dense, as reports
   * come daily: 8 bytes a day, where rows of day, running sums and unknown sums took 20. */
  gint32 *series;
  int     first_day;
  guint   n_days;
  guint   vacc_start, vacc_n;
  guint   ovr_start, ovr_n;
  gboolean cap_fail;
} Unit;

typedef struct
{
  int     from, to;        /* day numbers, inclusive; to = G_MAXINT when open */
  int     level;
  char   *reason;
  char   *author;
} Override;

/* A vaccination row; counts above 2^31 - 1 (more than any unit's people) are kept as that,
 * -1 is unknown. A row equal to the unit's previous one is not kept: the latest row on or
 * before a day says the same. */
typedef struct
{
  int     day;
  gint32  pop_18, pop_65, dose1_18, full_65;
} Vacc;

typedef struct
{
  int     unit;
  Vacc    v;
} VaccRow;

typedef struct
{
  char   *rule_set;
  char   *key;
  int     from;
  double  value;
} Threshold;

typedef struct
{
  int     from;
  char   *rule_set;
  gboolean zones;
} Period;

struct _GbLevelEngine
{
  GObject     parent_instance;

  GbStore    *store;       /* owned, or borrowed by the store's shared engine */
  gboolean    store_owned;
  gboolean    loaded;
  guint       n_loads;     /* how many times the data was read from the store */
  guint       generation;  /* how many times the data was dropped (see gb_level_engine_adopt()) */
  GArray     *units;       /* Unit, ordered by code */
  GHashTable *index;       /* code -> index + 1 */
  int         last_day;    /* of the case reports when they were read */
  int         only_day;    /* G_MININT, or the one day whose data is read (a new day reads all) */
  char        only_date[11]; /* that day, YYYY-MM-DD */
  GArray     *vaccs;       /* Vacc */
  GArray     *overrides;   /* Override */
  GArray     *thresholds;  /* Threshold */
  GArray     *periods;     /* Period */
  int         last_unit;   /* scan helper: the unit of the previous row */
  char        last_date[11]; /* scan helper: the date of the previous row */
  int         last_date_day; /* and its day */
  GArray     *vacc_rows;   /* VaccRow, only while loading */
  int        *vacc_last;   /* per unit, its last row in vacc_rows or -1, only while loading */
  GHashTable *incomplete;  /* district or province code -> GPtrArray of its incomplete dates */
  GHashTable *tr;          /* msgid (static) -> translation: gettext once per string, not per unit */
  gboolean    words;       /* while computing: build the reasons (off for levels only) */
  struct _GbLevelUnits *history; /* the units of a date (gb-level-engine-units.c) */
};

/* gb-level-engine.c */
int      gb_level_engine_window_days (GbLevelEngine *self,
                                      int            day);

/* gb-level-engine-load.c */
int      gb_level_engine_day_number  (const char     *date);
gboolean gb_level_engine_ensure_loaded (GbLevelEngine *self,
                                        GError       **error);

G_END_DECLS
