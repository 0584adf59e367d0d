/* gb-store-sync-codec-private.h — the synced tables as the codec, the feed and push intake see them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to src/core/sync: every synced table is described once (gb-store-sync-tables.c) and the
 * SQL of encoding, applying, feed triggers and backfill is generated from that description.
 */
#pragma once

#include <glib.h>

#include "gb-types.h"

G_BEGIN_DECLS

#define GB_SYNC_MAX_COLS  24
#define GB_SYNC_N_TABLES  27
#define GB_SYNC_N_MOVES   22
/* The largest count a row may hold (gb-types.h). */
#define GB_SYNC_MAX_COUNT GB_MAX_COUNT

/* SQL true when the key text @key (an SQL expression) has no null member: such a key names a
 * row whose parent is gone, which the parent's own delete carries. A text member that merely
 * holds ":null" is a key like any other. */
#define GB_SYNC_SQL_KEY_COMPLETE(key) "NOT EXISTS (SELECT 1 FROM json_each (" key ") WHERE type = 'null')"

typedef struct
{
  const char *json;      /* member name */
  const char *col;       /* SQL column */
  char        type;      /* 'T' text, 'D' date (YYYY-MM-DD), 'I' integer, 'C' count (0 …
                          * GB_SYNC_MAX_COUNT), 'R' real, 'B' blob as hex text */
  gboolean    null;      /* may be null */
  const char *ref;       /* table whose uid this column's id names, or NULL */
} GbSyncCol;

typedef struct
{
  const char *name;
  const char *conflict;  /* ON CONFLICT target; NULL: replace by delete then insert */
  const char *unit;      /* member naming a unit that must exist, or NULL */
  const char *order;     /* backfill order */
  GbSyncCol   key[4];    /* sorted by json name: the key text is canonical */
  GbSyncCol   cols[GB_SYNC_MAX_COLS];
  const char *feed_when; /* the rows the feed carries, $ naming the row; NULL: all */
} GbSyncTable;

/* When a parent row changes, these children move after it (see gb-store-sync-tables.c). The
 * condition names the parent NEW and the child c. */
typedef struct
{
  const char *parent;
  const char *child;
  const char *where;
} GbSyncMove;

/* Generated SQL, built once; interned so gb_store_prepare() may cache it by pointer. */
typedef struct
{
  const char *key_new;      /* key text expression of a row named by a prefix, see gb_sync_key_expr() */
  const char *encode;
  const char *upsert;
  const char *remove;
  const char *ref_lookup[GB_SYNC_MAX_COLS];
  const char *key_ref_lookup[4];
} GbSyncTableSql;


extern const GbSyncTable gb_sync_tables[GB_SYNC_N_TABLES];
extern const GbSyncMove  gb_sync_moves[GB_SYNC_N_MOVES];

const GbSyncTable    *gb_sync_find_table        (const char        *name);
guint                 gb_sync_n_cols            (const GbSyncCol   *cols);
char                 *gb_sync_key_expr          (const GbSyncTable *t,
                                                 const char        *p);
char                 *gb_sync_row_expr          (const GbSyncTable *t,
                                                 const char        *p,
                                                 gboolean           array);
void                  gb_sync_append_row_select (GString           *s,
                                                 const GbSyncTable *t,
                                                 gboolean           array);
const GbSyncTableSql *gb_sync_table_sql         (const GbSyncTable *t);

G_END_DECLS
