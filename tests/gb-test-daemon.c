/* gb-test-daemon.c — the real giaoband on a loopback port, with users of every role
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "gb-demo.h"
#include "gb-store.h"
#include "gb-test-daemon.h"
#include "gb-test-util.h"
#include "gb-types.h"

guint16
gb_test_daemon_free_port (void)
{
  g_autoptr(GSocketListener) l = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (l, NULL, NULL);

  g_socket_listener_close (l);
  return port;
}

#ifdef __linux__
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}
#endif

/* For a serving giaoband: a failed assertion must not leave it running (it would hold the
 * test runner's output pipe open, and the runner would wait for it). */
GSubprocessLauncher *
gb_test_daemon_launcher (void)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);

#ifdef __linux__
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
#endif
  return launcher;
}

int
gb_test_daemon_run_full (const char * const  *args,
                         char               **out,
                         char               **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) p = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("GIAOBAND"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  p = g_subprocess_newv ((const char * const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (p);
}

char *
gb_test_daemon_run (const char * const *args,
                    int                 expect_status)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (gb_test_daemon_run_full (args, &out, NULL), ==, expect_status);
  return g_strdup (g_strstrip (out));
}

void
gb_test_daemon_init (int    *argc,
                     char ***argv)
{
  g_test_init (argc, argv, NULL);
  if (g_getenv ("GIAOBAND") == NULL)
    {
      g_printerr ("%s: GIAOBAND must name the program\n", g_get_prgname ());
      exit (1);
    }
}

guint
gb_test_daemon_request (GbTestDaemon *f,
         const char *method,
         const char *path,
         int         who,
         const char *body,
         gsize       len,
         JsonNode  **answer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("%s%s", f->url, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;

  if (who < N_ROLES || who == WRONG)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", who == WRONG ? "0123456789abcdef" : f->tokens[who]);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, len == 0 ? strlen (body) : len);

      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&f->headers, soup_message_headers_unref);
  f->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (answer != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      *answer = NULL;
      if (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
        *answer = json_node_copy (json_parser_get_root (parser));
    }
  return soup_message_get_status (msg);
}

void
gb_test_daemon_set_up (GbTestDaemon  *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GPtrArray) districts = NULL;
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *district_role = NULL;
  const char *roles[N_ROLES] = { "viewer", "secretary", NULL, "admin" };
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint16 port = gb_test_daemon_free_port ();

  f->db = gb_test_temp_db ();
  store = gb_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (gb_demo_load (store, &error));
  districts = gb_store_list_units (store, GB_UNIT_LEVEL_DISTRICT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (districts->len, >=, 2);
  f->district = g_strdup (((GbUnit *) districts->pdata[0])->code);
  communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, f->district, &error);
  others = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, ((GbUnit *) districts->pdata[1])->code, &error);
  g_assert_cmpuint (communes->len, >, 0);
  g_assert_cmpuint (others->len, >, 0);
  f->own_commune = g_strdup (((GbUnit *) communes->pdata[0])->code);
  f->other_commune = g_strdup (((GbUnit *) others->pdata[0])->code);
  g_clear_object (&store);

  district_role = g_strdup_printf ("district:%s", f->district);
  roles[DISTRICT] = district_role;
  for (guint i = 0; i < N_ROLES; i++)
    {
      g_autofree char *name = g_strdup_printf ("user-%u", i);
      const char *args[] = { "user", "add", name, "--role", roles[i], "--database", f->db, NULL };

      f->tokens[i] = gb_test_daemon_run (args, 0);
      g_assert_cmpuint (strlen (f->tokens[i]), ==, 64);
    }

  listen = g_strdup_printf ("127.0.0.1:%u", port);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", port);
  launcher = gb_test_daemon_launcher ();
  f->log = g_strconcat (f->db, ".log", NULL);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stderr_file_path (launcher, f->log);
  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) g_getenv ("GIAOBAND"));
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, listen);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, f->db);
  for (const char * const *a = data; a != NULL && *a != NULL; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, NULL);
  f->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  f->session = soup_session_new_with_options ("timeout", 10, NULL);
  for (;;)
    {
      g_autofree char *health = g_strdup_printf ("%s/api/v1/health", f->url);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", health);
      g_autoptr(GBytes) body = soup_session_send_and_read (f->session, msg, NULL, NULL);

      if (body != NULL && soup_message_get_status (msg) == 200)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (50000);
    }
}

void
gb_test_daemon_tear_down (GbTestDaemon  *f,
                          gconstpointer  data)
{
  g_subprocess_send_signal (f->process, SIGTERM);
  g_subprocess_wait (f->process, NULL, NULL);
  g_clear_object (&f->process);
  g_clear_object (&f->session);
  g_clear_pointer (&f->headers, soup_message_headers_unref);
  for (guint i = 0; i < N_ROLES; i++)
    g_free (f->tokens[i]);
  g_free (f->db);
  g_free (f->log);
  g_free (f->url);
  g_free (f->district);
  g_free (f->own_commune);
  g_free (f->other_commune);
}

