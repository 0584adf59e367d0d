/* gb-test-pg.c — a throwaway PostgreSQL cluster for a test
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PostgreSQL refuses to run as root, and CI runs as root: then initdb and the server run as
 * "nobody" (runuser), in a folder of their own; the test connects over the cluster's Unix
 * socket as the cluster's superuser "giaoban" (trust on the socket only, no TCP).
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gb-test-pg.h"
#include "gb-test-util.h"

char *
gb_test_pg_bindir (void)
{
  const char *env = g_getenv ("GB_PG_BINDIR");
  g_autoptr(GDir) dir = NULL;
  g_autofree char *found = NULL;
  g_autofree char *on_path = NULL;
  const char *name;
  int best = 0;

  if (env != NULL && *env != '\0')
    {
      g_autofree char *initdb = g_build_filename (env, "initdb", NULL);

      return g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;
    }
  if ((dir = g_dir_open ("/usr/lib/postgresql", 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);
        int version = atoi (name);

        if (version > best && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
          {
            best = version;
            g_free (found);
            found = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
          }
      }
  if (found != NULL)
    return g_steal_pointer (&found);
  if ((on_path = g_find_program_in_path ("initdb")) != NULL)
    return g_path_get_dirname (on_path);
  return NULL;
}

/* Runs @argv (as "nobody" when this process is root); its output on failure. */
static void
run_as_owner (const char * const *argv)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = NULL;
  g_autofree char *out = NULL;

  if (geteuid () == 0)
    {
      g_ptr_array_add (full, (gpointer) "runuser");
      g_ptr_array_add (full, (gpointer) "-u");
      g_ptr_array_add (full, (gpointer) "nobody");
      g_ptr_array_add (full, (gpointer) "--");
    }
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (gpointer) argv[i]);
  g_ptr_array_add (full, NULL);
  p = g_subprocess_newv ((const char * const *) full->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (p))
    g_error ("%s failed: %s", argv[0], out);
}

static char *cluster_dir (void);

static guint16
free_port (void)
{
  g_autoptr(GSocketListener) l = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (l, NULL, NULL);

  g_socket_listener_close (l);
  return port;
}

gboolean
gb_test_pg_start (GbTestPg *pg)
{
  return gb_test_pg_start_with (pg, NULL);
}

/* The same, the server started with @extra (nullable) added to its options ("-c name=value"). */
gboolean
gb_test_pg_start_with (GbTestPg   *pg,
                       const char *extra)
{
  g_autofree char *initdb = NULL;
  g_autofree char *pg_ctl = NULL;
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;

  memset (pg, 0, sizeof *pg);
  if ((pg->bindir = gb_test_pg_bindir ()) == NULL)
    {
      /* CI (.ci/run) installs the server: there, its absence is a failure, not a skip. */
      if (g_getenv ("GB_PG_REQUIRED") != NULL)
        g_error ("GB_PG_REQUIRED is set but the PostgreSQL server (initdb) is not installed");
      return FALSE;
    }
  pg->dir = cluster_dir ();
  pg->port = free_port ();
  initdb = g_build_filename (pg->bindir, "initdb", NULL);
  pg_ctl = g_build_filename (pg->bindir, "pg_ctl", NULL);
  data = g_build_filename (pg->dir, "data", NULL);
  log = g_build_filename (pg->dir, "log", NULL);
  /* wal_level=replica and WAL senders: a streaming standby can be made of it
   * (gb_test_pg_start_standby()). */
  options = g_strdup_printf ("-k %s -p %u -c listen_addresses= -c fsync=off -c max_connections=200 "
                             "-c wal_level=replica -c max_wal_senders=4 %s", pg->dir, pg->port, extra ? extra : "");
  run_as_owner ((const char * const[]) { initdb, "-D", data, "-U", "giaoban", "--auth=trust", "-E", "UTF8",
                                         "--no-locale", "--no-sync", NULL });
  run_as_owner ((const char * const[]) { pg_ctl, "-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start",
                                         NULL });
  pg->uri = g_strdup_printf ("postgresql:///postgres?host=%s&port=%u&user=giaoban", pg->dir, pg->port);
  return TRUE;
}

/* A folder of its own for a cluster, owned by "nobody" when this process is root. */
static char *
cluster_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gb-pg-XXXXXX", &error);

  g_assert_no_error (error);
  if (geteuid () == 0)
    {
      struct passwd *nobody = getpwnam ("nobody");

      g_assert_nonnull (nobody);
      g_assert_cmpint (chown (dir, nobody->pw_uid, nobody->pw_gid), ==, 0);
    }
  return dir;
}

gboolean
gb_test_pg_start_standby (GbTestPg *primary,
                          GbTestPg *standby)
{
  g_autofree char *basebackup = g_build_filename (primary->bindir, "pg_basebackup", NULL);
  g_autofree char *pg_ctl = g_build_filename (primary->bindir, "pg_ctl", NULL);
  g_autofree char *primary_port = g_strdup_printf ("%u", primary->port);
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;

  memset (standby, 0, sizeof *standby);
  standby->bindir = g_strdup (primary->bindir);
  standby->dir = cluster_dir ();
  standby->port = free_port ();
  data = g_build_filename (standby->dir, "data", NULL);
  log = g_build_filename (standby->dir, "log", NULL);
  /* -R: standby.signal and primary_conninfo, streaming from the primary's socket. */
  run_as_owner ((const char * const[]) { basebackup, "-h", primary->dir, "-p", primary_port, "-U", "giaoban",
                                         "-D", data, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync", NULL });
  options = g_strdup_printf ("-k %s -p %u -c listen_addresses= -c fsync=off -c max_connections=200 "
                             "-c hot_standby=on", standby->dir, standby->port);
  run_as_owner ((const char * const[]) { pg_ctl, "-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start",
                                         NULL });
  standby->uri = g_strdup_printf ("postgresql:///postgres?host=%s&port=%u&user=giaoban", standby->dir,
                                  standby->port);
  return TRUE;
}

void
gb_test_pg_stop (GbTestPg *pg)
{
  if (pg->dir != NULL)
    {
      g_autofree char *pg_ctl = g_build_filename (pg->bindir, "pg_ctl", NULL);
      g_autofree char *data = g_build_filename (pg->dir, "data", NULL);

      run_as_owner ((const char * const[]) { pg_ctl, "-D", data, "-m", "immediate", "-w", "stop", NULL });
      gb_test_remove_tree (pg->dir);
    }
  g_clear_pointer (&pg->bindir, g_free);
  g_clear_pointer (&pg->dir, g_free);
  g_clear_pointer (&pg->uri, g_free);
}

void
gb_test_pg_tool (GbTestPg   *pg,
                 const char *program,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, g_build_filename (pg->bindir, program, NULL));
  va_start (ap, program);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  p = g_subprocess_newv ((const char * const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (p))
    g_error ("%s failed: %s", program, out);
}
