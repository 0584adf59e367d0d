/* gb-level-engine-private.h — the level engine's struct and what its files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GbLevelEngine is a family of files around this header:
 *   gb-level-engine.c       the object, the rules and the computation for a date
 *   gb-level-engine-load.c  reading the store into flat arrays, the days a date needs, and
 *                           taking what a worker read
 *   gb-level-engine-units.c the units of a date when they have history: validity, versions,
 *                           merged units' series carried to their successors
 */
#pragma once

#include "gb-level-engine.h"

G_BEGIN_DECLS

typedef struct
{
  char   *code;            /* in the engine's strings */
  char   *name;
  char   *parent_code;    /* only while loading */
  int     level;
  int     parent;          /* index, -1 when none */
  gint64  pop, pop_18, pop_65;
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
  GStringChunk *strings;   /* the units' codes and names */
  int        *child_first; /* per unit and one more: its children are children[child_first[i]
                            * .. child_first[i + 1] - 1] */
  int        *children;
  GHashTable *index;       /* code -> index + 1 */
  /* The case reports, read one day for all units at a time, as dates need them: day
   * case_base + k is case_days->pdata[k], NULL when not read yet, GB_LEVEL_NO_ROWS when read
   * and empty, else two int32 a unit (community cases, -1: no report that day; of them of
   * unknown source). Dense, as reports come daily: 8 bytes a unit and day. */
  int         case_base;
  GPtrArray  *case_days;
  /* Vaccination: every row of the days vacc_lo to vacc_hi and each unit's latest row before
   * them, in Vacc segments by unit then day; vacc_lo > vacc_hi: none read. */
  int         vacc_lo, vacc_hi;
  GArray     *vaccs;       /* Vacc */
  guint      *vacc_cursor; /* per unit, a hint: how many of its rows were on or before the
                            * day last asked (see latest_vacc()) */
  int       (*counts)[5];  /* per unit while computing: its children by effective level */
  GArray     *overrides;   /* Override */
  GArray     *thresholds;  /* Threshold */
  GArray     *periods;     /* Period */
  int         last_unit;   /* scan helper: the unit of the previous row */
  char        last_date[11]; /* scan helper: the date of the previous row */
  int         last_date_day; /* and its day */
  GArray     *vacc_rows;   /* VaccRow, only while reading */
  int        *vacc_last;   /* per unit, its last row in vacc_rows or -1, only while reading */
  guint8     *vacc_wanted; /* per unit while walking back: 1 has a row by then, 2 met */
  guint       vacc_missing; /* while walking back: units with a row by then not met yet */
  char        vacc_stop[11]; /* and the day on which the last of them was met */
  gboolean    incomplete_read;
  GHashTable *incomplete;  /* district or province code -> GPtrArray of its incomplete dates */
  GHashTable *rule_set_names; /* id -> name, read when first asked */
  GHashTable *tr;          /* msgid (static) -> translation: gettext once per string, not per unit */
  gboolean    words;       /* while computing: build the reasons (off for levels only) */
  gboolean    dated;       /* while computing: the units have history, so those of the date
                            * are not all the loaded ones (gb-level-engine-units.c) */
  struct _GbLevelUnits *history; /* the units of a date (gb-level-engine-units.c) */
};

/* gb-level-engine.c */
int      gb_level_engine_window_days (GbLevelEngine *self,
                                      int            day);

/* gb-level-engine-load.c */
#define GB_LEVEL_NO_ROWS ((gpointer) &gb_level_engine_no_rows)
extern const gint32 gb_level_engine_no_rows;

int      gb_level_engine_day_number  (const char     *date);
gboolean gb_level_engine_ensure_loaded (GbLevelEngine *self,
                                        GError       **error);
gboolean gb_level_engine_ensure_days (GbLevelEngine *self,
                                      int            day,
                                      int            window,
                                      gboolean       vaccination,
                                      GError       **error);
gboolean gb_level_engine_ensure_incomplete (GbLevelEngine *self,
                                            GError       **error);
gboolean gb_level_engine_ensure_all_vaccs (GbLevelEngine *self,
                                          GError       **error);

/* The day's case reports (2 int32 a unit), or NULL when there are none or it was not read. */
static inline const gint32 *
gb_level_engine_case_day (GbLevelEngine *self,
                          int            day)
{
  gint64 k = (gint64) day - self->case_base;
  gpointer p;

  if (self->case_days == NULL || k < 0 || k >= self->case_days->len)
    return NULL;
  p = self->case_days->pdata[k];
  return p == GB_LEVEL_NO_ROWS ? NULL : p;
}

G_END_DECLS
