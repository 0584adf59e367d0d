/* gb-store-private.h — shared by the gb-store-*.c files; nothing outside the store includes it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "gb-error.h"
#include "gb-store.h"

G_BEGIN_DECLS

struct _GbStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* const char *sql (static) -> sqlite3_stmt* */
  guint       depth;        /* transaction nesting depth */
  char       *as_of;        /* UTC moment the daily numbers are read as of, or NULL (gb-store-as-of.c) */
};

/* Returns a cached, reset statement for a static SQL string. The caller must not finalize it. */
sqlite3_stmt *gb_store_prepare      (GbStore      *self,
                                     const char   *sql,
                                     GError      **error);
gboolean      gb_store_set_error    (GbStore      *self,
                                     GError      **error,
                                     const char   *what);
gboolean      gb_store_exec         (GbStore      *self,
                                     const char   *sql,
                                     GError      **error);
sqlite3      *gb_store_get_db       (GbStore      *self);
char         *gb_store_now_iso      (void);
char         *gb_store_new_uid      (void);

/* Binds -1 as NULL, anything else as an integer. */
void          gb_store_bind_count   (sqlite3_stmt *stmt,
                                     int           index,
                                     gint64        value);
gint64        gb_store_column_count (sqlite3_stmt *stmt,
                                     int           index);
void          gb_store_bind_text    (sqlite3_stmt *stmt,
                                     int           index,
                                     const char   *text);

/* The one set of statement helpers: every table family steps, copies and loops with these. */
gboolean      gb_store_step_done    (GbStore      *self,
                                     sqlite3_stmt *stmt,
                                     const char   *what,
                                     GError      **error);
char         *gb_store_column_dup   (sqlite3_stmt *stmt,
                                     int           index);
gboolean      gb_store_rows_done    (GbStore      *self,
                                     sqlite3_stmt *stmt,
                                     int           rc,
                                     const char   *what,
                                     GError      **error);

void gb_store_configure_sqlite (void);

/* gb-store-as-of.c: FALSE with @error while the numbers are shown as of a past moment. */
gboolean gb_store_check_writable_numbers (GbStore  *self,
                                          GError  **error);

/* gb-store-units.c: a unit from the columns code, level, parent_code, name, type, population,
 * pop_18, pop_65, min_lon, min_lat, max_lon, max_lat. */
GbUnit *gb_store_unit_from_row (sqlite3_stmt *stmt);

/* A unit's level, parent and name from each of its versions on, as rows (code, level, parent,
 * name, d_from, d_to): d_to the next version's first day ('9999-12-31': none). Before its
 * first version a unit is as its units row says. */
#define GB_UNIT_VERSION_SPANS \
  "SELECT v.code AS code, v.level AS level, v.parent_code AS parent, v.name AS name, v.valid_from AS d_from, " \
  "  coalesce ((SELECT min (w.valid_from) FROM unit_versions w WHERE w.code = v.code AND w.valid_from > v.valid_from), " \
  "            '9999-12-31') AS d_to " \
  "FROM unit_versions v"

/* The daily tables (case_reports, vaccinations) are keyed (date, unit_code): a day's rows
 * are stored together (migration 0009), and there is no index by unit. A unit's own rows are
 * found by walking the dates that have rows, one key lookup a date: GB_DATE_WALK is a
 * recursive CTE "walk (date)" over TABLE's dates from FROM (an SQL expression, NULL for the
 * first) on, stopping once past TO (NULL for no end; the last date walked may be past it, so
 * join with "walk.date <= TO"). */
#define GB_DATE_WALK(table, from, to) \
  "walk (date) AS (SELECT max (coalesce (" from ", ''), (SELECT min (date) FROM " table ")) " \
  "UNION ALL SELECT (SELECT min (date) FROM " table " WHERE date > walk.date) FROM walk " \
  "WHERE walk.date < coalesce (" to ", '9999-12-31')) "

gboolean gb_store_unit_has_daily_rows (GbStore    *self,
                                       const char *table,
                                       const char *unit_code);

/* gb-tracker-text.c: the first sentence of a notice's text after its recipients, or NULL. */
char *gb_tracker_lead_from_body (const char *body);

G_END_DECLS
