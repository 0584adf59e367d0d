/* gb-test-daemon.h — the real giaoband on a loopback port, with users of every role
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char        *db;
  char        *log;            /* the daemon's stderr */
  char        *url;
  GSubprocess *process;
  SoupSession *session;
  char        *district;       /* a district of the demo */
  char        *own_commune;    /* a commune of it */
  char        *other_commune;  /* a commune of another district */
  char        *tokens[4];      /* viewer, secretary, district, admin */
  SoupMessageHeaders *headers; /* of the last answer */
} GbTestDaemon;

enum { VIEWER, SECRETARY, DISTRICT, ADMIN, N_ROLES, NONE = N_ROLES, WRONG };

guint16              gb_test_daemon_free_port (void);
/* For a serving giaoband: it dies with the test. */
GSubprocessLauncher *gb_test_daemon_launcher  (void);
/* g_test_init(), and exit 1 unless $GIAOBAND names the program. */
void                 gb_test_daemon_init      (int                *argc,
                                               char             ***argv);
/* Runs $GIAOBAND with @args: its exit status, and what it printed (@out, @err may be NULL). */
int                  gb_test_daemon_run_full  (const char * const *args,
                                               char              **out,
                                               char              **err);
/* Runs $GIAOBAND with @args, expects @expect_status, returns what it printed. */
char                *gb_test_daemon_run       (const char * const *args,
                                               int                 expect_status);
/* @who: a role, NONE (no token) or WRONG (a token nobody has). */
guint                gb_test_daemon_request   (GbTestDaemon       *f,
                                               const char         *method,
                                               const char         *path,
                                               int                 who,
                                               const char         *body,
                                               gsize               len,
                                               JsonNode          **answer);
/* @data: NULL, or a NULL-terminated array of more giaoband options. The daemon's stderr
 * goes to f->log. */
void                 gb_test_daemon_set_up    (GbTestDaemon       *f,
                                               gconstpointer       data);
void                 gb_test_daemon_tear_down (GbTestDaemon       *f,
                                               gconstpointer       data);

G_END_DECLS
