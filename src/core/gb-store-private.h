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

void gb_store_configure_sqlite (void);

G_END_DECLS
