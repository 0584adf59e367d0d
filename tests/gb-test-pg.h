/* gb-test-pg.h — a throwaway PostgreSQL cluster for a test: initdb in a temporary folder,
 * started on its own socket and port as an unprivileged user
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char    *bindir;   /* where initdb and pg_ctl are */
  char    *dir;      /* the cluster's folder: data/, the socket, the log */
  guint16  port;
  char    *uri;      /* postgresql:///postgres?host=DIR&port=PORT&user=giaoban */
} GbTestPg;

/* The PostgreSQL server's programs (initdb, pg_ctl, postgres), or NULL when not installed:
 * $GB_PG_BINDIR, else the newest /usr/lib/postgresql/N/bin, else initdb on $PATH. */
char     *gb_test_pg_bindir (void);
/* Starts a cluster; FALSE only when the programs are not installed (the test skips), unless
 * $GB_PG_REQUIRED is set (.ci/run): then that fails the test too, as any other failure does. */
gboolean  gb_test_pg_start  (GbTestPg   *pg);
gboolean  gb_test_pg_start_with (GbTestPg   *pg,
                                 const char *extra);
void      gb_test_pg_stop   (GbTestPg   *pg);
/* A streaming standby of @primary (pg_basebackup -R, on a port of its own), read-only, in
 * @standby; stopped with gb_test_pg_stop(). */
gboolean  gb_test_pg_start_standby (GbTestPg *primary,
                                    GbTestPg *standby);
/* Runs a program of the cluster's bindir (pg_dump, pg_restore, psql, …) as this process; the
 * arguments end with NULL. Fails the test unless it succeeds. */
void      gb_test_pg_tool   (GbTestPg   *pg,
                             const char *program,
                             ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
