/* giaoband.c — the provincial data service: serve, add users, seed the national data set
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   giaoband [--listen ADDR:PORT] --database PATH [--tls-cert F --tls-key F]
 *   giaoband user add NAME --role viewer|secretary|district:CODE|admin [--expires-days N] --database PATH
 *   giaoband user token|revoke|remove NAME --database PATH
 *   giaoband user list --database PATH
 *   giaoband backup FILE --database PATH
 *   giaoband restore FILE --database PATH
 *   giaoband seed --national [--geojson F] [--codes F] [--reform F|none] [--cases F] [--vaccinations F]
 *                 [--join-report F] --database PATH
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "gb-daemon.h"
#include "gb-daemon-seed.h"
#include "gb-error.h"
#include "gb-file.h"
#include "gb-national.h"
#include "gb-reform-import.h"
#include "gb-i18n.h"
#include "gb-daemon-db.h"
#include "gb-store-backup.h"
#include "gb-store-daemon.h"
#include "gb-store-tokens.h"
#include "gb-sync-feed.h"

#define DEFAULT_LISTEN "127.0.0.1:8642"
/* Found by gb_national_data_file(): $GIAOBAN_NATIONAL_DATA, the installed data folder, or
 * ../shared/data/vietnam beside the source tree. */
#define NATIONAL_GEOJSON "communes-vietnam-2009.geojson"
#define NATIONAL_CODES "admin-codes-2021-11-01.json"
#define NATIONAL_CASES "cases-by-province-daily.csv"
#define NATIONAL_VACCINATIONS "owid-vietnam.csv"
#define NATIONAL_REFORM "reform-2025-07-01.json"

static char *opt_database = NULL;

/* The database named by --database or GIAOBAND_DB: an SQLite file or a PostgreSQL URI. */
static const char *
database_location (GError **error)
{
  const char *location = opt_database ? opt_database : g_getenv ("GIAOBAND_DB");

  if (location == NULL)
    g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("Name the database with --database PATH"));
  return location;
}

static GbDaemonDb *
open_db (GError **error)
{
  const char *location = database_location (error);

  return location ? gb_daemon_db_open (location, GB_DAEMON_DB_TOOL, error) : NULL;
}

/* An SQLite store: backup, restore and seed work on a file (PostgreSQL has its own tools). */
static GbStore *
open_store (GError **error)
{
  const char *path = database_location (error);

  if (path == NULL)
    return NULL;
  if (gb_daemon_db_is_pg (path))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("This works on an SQLite database; for PostgreSQL see docs/deploy.md"));
      return NULL;
    }
  return gb_store_open (path, error);
}

static int
fail (GError *error)
{
  g_printerr ("giaoband: %s\n", error->message);
  return 1;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static int
cmd_serve (int    argc,
           char **argv)
{
  g_autofree char *listen = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_auto(GStrv) replicas = NULL;
  GbDaemonLimits limits;
  gint max_body_mib = GB_DAEMON_MAX_BODY / (1024 * 1024);
  gint max_connections = 0, workers, rate, header_timeout, body_timeout;
  GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, N_("Address and port to listen on (127.0.0.1:8642)"), "ADDR:PORT" },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database, N_("The database"), "PATH" },
    { "replica", 0, 0, G_OPTION_ARG_STRING_ARRAY, &replicas,
      N_("A PostgreSQL streaming replica to read feed pages from (repeatable)"), "URI" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, N_("PEM certificate for HTTPS"), "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("PEM private key for HTTPS"), "FILE" },
    { "max-body-mib", 0, 0, G_OPTION_ARG_INT, &max_body_mib, N_("Largest request body in MiB (8)"), "N" },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
      N_("Connections open at once (from the file descriptor limit)"), "N" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, N_("Threads answering requests (8)"), "N" },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate, N_("Requests a second per token, 0 for none (200)"), "N" },
    { "header-timeout", 0, 0, G_OPTION_ARG_INT, &header_timeout,
      N_("Seconds to send a request's headers, or to stay idle (20)"), "S" },
    { "body-timeout", 0, 0, G_OPTION_ARG_INT, &body_timeout, N_("Seconds to send a request body (120)"), "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the Giao Ban data service"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDaemon) daemon = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  const char *location;

  gb_daemon_limits_init (&limits);
  /* glibc gives a worker's free memory back to the kernel as soon as 128 KiB lie free at the
   * top of its arena, and maps every block over 128 KiB on its own: with a worker applying a
   * big report while others serve pages, madvise() and munmap() and the TLB flushes they send
   * to every CPU running the daemon took most of its time (a 1.2 MB report went from 19 s to
   * over 120 s, perf: do_madvise → flush_tlb_mm_range). Fixed thresholds keep a few MiB. */
  mallopt (M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 16 * 1024 * 1024);
  workers = (gint) limits.workers;
  rate = (gint) limits.rate;
  header_timeout = (gint) limits.header_timeout;
  body_timeout = (gint) limits.body_timeout;
  g_option_context_set_summary (context, _("Subcommands: user add|list|remove|revoke|token, seed --national, "
                                           "backup FILE, restore FILE, load SQLITE-FILE, epoch"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("giaoband: %s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      g_printerr ("giaoband: %s “%s”\n", _("unknown command"), argv[1]);
      return 2;
    }
  if (max_body_mib < 1 || max_body_mib > 1024 || max_connections < 0 || max_connections > 100000
      || workers < 1 || workers > 256 || rate < 0 || header_timeout < 1 || body_timeout < 1)
    {
      g_printerr ("giaoband: %s\n", _("--max-body-mib must be 1 to 1024, --workers 1 to 256, the timeouts 1 or more"));
      return 2;
    }
  limits.max_body = (gsize) max_body_mib * 1024 * 1024;
  limits.max_connections = (guint) max_connections;
  limits.workers = (guint) workers;
  limits.rate = (guint) rate;
  limits.burst = 10 * limits.rate;
  limits.header_timeout = (guint) header_timeout;
  limits.body_timeout = (guint) body_timeout;
  /* Opened (and migrated) once in gb_daemon_new(), before the workers open theirs. */
  if ((location = database_location (&error)) == NULL)
    return fail (error);
  for (guint i = 0; replicas != NULL && replicas[i] != NULL; i++)
    if (!gb_daemon_db_is_pg (location) || !gb_daemon_db_is_pg (replicas[i]))
      {
        g_printerr ("giaoband: %s\n", _("--replica needs a PostgreSQL --database and a postgresql:// URI"));
        return 2;
      }
  if ((daemon = gb_daemon_new (location, &limits, &error)) == NULL)
    return fail (error);
  gb_daemon_set_replicas (daemon, (const char * const *) replicas);
  if (!gb_daemon_listen (daemon, listen ? listen : DEFAULT_LISTEN, cert, key, &error))
    return fail (error);
  g_printerr ("giaoband: %s %s\n", _("listening on"), listen ? listen : DEFAULT_LISTEN);
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_loop, loop);
  g_unix_signal_add (SIGINT, quit_loop, loop);
  g_main_loop_run (loop);
  return 0;
}

/* "YYYY-MM-DD" or an ISO 8601 time, as the stored UTC text; NULL when it is neither. */
static char *
expiry_from (const char *text,
             gint        days)
{
  g_autoptr(GDateTime) at = NULL;

  if (text == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      at = g_date_time_add_days (now, days);
    }
  else if (strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);

      at = g_date_time_new_from_iso8601 (midnight, NULL);
    }
  else
    at = g_date_time_new_from_iso8601 (text, NULL);
  if (at == NULL)
    return NULL;
  {
    g_autoptr(GDateTime) utc = g_date_time_to_utc (at);

    return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
  }
}

/* add NAME, token NAME (a new token), revoke NAME, remove NAME: one transaction with its audit line. */
static int
change_user (GbDaemonDb *db,
             const char *what,
             const char *name,
             const char *role,
             const char *expires_at)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = gb_daemon_new_token ();
  g_autofree char *hash = gb_daemon_hash_token (token);
  g_autofree char *detail = role ? g_strdup_printf ("%s (%s)", name, role) : g_strdup (name);
  g_autofree char *action = g_strdup_printf ("user %s", what);
  gboolean gives_token = strcmp (what, "add") == 0 || strcmp (what, "token") == 0;
  gboolean ok;

  if (!db->ops->begin (db, &error))
    return fail (error);
  if (strcmp (what, "add") == 0)
    ok = db->ops->add_user (db, name, role, hash, &error) &&
         (expires_at == NULL || db->ops->set_token (db, name, hash, expires_at, &error));
  else if (strcmp (what, "token") == 0)
    ok = db->ops->set_token (db, name, hash, expires_at, &error);
  else if (strcmp (what, "revoke") == 0)
    ok = db->ops->revoke_token (db, name, &error);
  else
    ok = db->ops->remove_user (db, name, &error);
  if (!ok || !db->ops->audit (db, "giaoband", action, detail, &error) || !db->ops->commit (db, &error))
    {
      db->ops->rollback (db);
      return fail (error);
    }
  if (gives_token)
    {
      g_print ("%s\n", token);
      g_printerr (_("The token above for %s is shown only this once: give it to them now.\n"), name);
      if (expires_at != NULL)
        g_printerr (_("It expires at %s.\n"), expires_at);
    }
  else
    g_printerr (strcmp (what, "revoke") == 0 ? _("The token of %s no longer works.\n") : _("Removed %s.\n"), name);
  return 0;
}

static int
cmd_user (int    argc,
          char **argv)
{
  g_autofree char *role = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *expires_at = NULL;
  gint expires_days = 0;
  GOptionEntry entries[] = {
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role, N_("viewer, secretary, district:CODE or admin"), "ROLE" },
    { "expires-days", 0, 0, G_OPTION_ARG_INT, &expires_days, N_("The token expires after N days"), "N" },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires, N_("The token expires at this date or time (ISO 8601)"), "WHEN" },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database, N_("The database"), "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("add NAME | token NAME | revoke NAME | remove NAME | list"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDaemonDb) db = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("giaoband: %s\n", error->message);
      return 2;
    }
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    {
      g_autoptr(JsonNode) users = NULL;
      JsonArray *a;

      if ((db = open_db (&error)) == NULL || (users = db->ops->list_users (db, &error)) == NULL)
        return fail (error);
      a = json_node_get_array (users);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonObject *u = json_array_get_object_element (a, i);

          g_print ("%s\t%s\t%s\n", json_object_get_string_member (u, "name"), json_object_get_string_member (u, "role"),
                   json_object_get_string_member (u, "created_at"));
        }
      return 0;
    }
  if (argc != 3 || !g_strv_contains ((const char * const[]) { "add", "token", "revoke", "remove", NULL }, argv[1])
      || (strcmp (argv[1], "add") == 0 && role == NULL))
    {
      g_printerr ("giaoband: %s\n", _("usage: giaoband user add NAME --role ROLE [--expires-days N] --database PATH"));
      g_printerr ("giaoband: %s\n", _("       giaoband user token|revoke|remove NAME --database PATH"));
      return 2;
    }
  if (role != NULL && !gb_store_daemon_valid_role (role))
    {
      g_printerr ("giaoband: %s “%s”: %s\n", _("not a role"), role, _("viewer, secretary, district:CODE or admin"));
      return 2;
    }
  if (expires_days < 0 || expires_days > 3650 || (expires_days > 0 && expires != NULL)
      || ((expires_days > 0 || expires != NULL) && (expires_at = expiry_from (expires, expires_days)) == NULL))
    {
      g_printerr ("giaoband: %s\n", _("--expires-days takes 1 to 3650, --expires a date or ISO 8601 time; not both"));
      return 2;
    }
  if ((db = open_db (&error)) == NULL)
    return fail (error);
  return change_user (db, argv[1], argv[2], role, expires_at);
}

/* backup FILE: a consistent copy, even while giaoband serves; restore FILE: checked first,
 * and the current database kept beside it. */
static int
cmd_backup (int    argc,
            char **argv)
{
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database, N_("The database"), "PATH" },
    { NULL }
  };
  gboolean restore = strcmp (argv[0], "restore") == 0;
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autofree char *keep = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("giaoband: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("giaoband: %s\n", _("usage: giaoband backup|restore FILE --database PATH"));
      return 2;
    }
  if ((store = open_store (&error)) == NULL)
    return fail (error);
  if (!restore)
    {
      if (!gb_store_backup (store, argv[1], &error))
        return fail (error);
      g_printerr (_("Copied %s to %s.\n"), gb_store_get_path (store), argv[1]);
      return 0;
    }
  /* The backup's feed re-issues sequence numbers the laptops already had: a new epoch tells
   * them to sync again and push what the backup lacks (issue 17, defect 5). */
  if (!gb_store_restore (store, argv[1], &keep, &error) || !gb_sync_feed_new_epoch (store, &error))
    return fail (error);
  g_printerr (_("Restored %s from %s; the database as it was is kept in %s.\n"), gb_store_get_path (store), argv[1], keep);
  return 0;
}

/* The match rate on stdout; the communes left out, with the reasons, in @path or on stderr. */
static gboolean
report_join (GbNationalJoin  *join,
             const char      *path,
             GError         **error)
{
  g_autofree char *text = gb_national_join_report (join);
  const char *list = strchr (text, '\n') + 1;

  g_print (_("Joined %u of %u communes of 2009 to GSO codes (%.1f %%); %u left out.\n"), join->matched,
           join->features, join->features ? 100.0 * join->matched / join->features : 0.0, join->misses->len);
  if (path == NULL)
    {
      g_printerr ("%s", list);
      return TRUE;
    }
  return gb_file_write (path, text, strlen (text), error);
}

static int
cmd_seed (int    argc,
          char **argv)
{
  gboolean national = FALSE;
  gboolean units_only = FALSE;
  g_autofree char *geojson = NULL;
  g_autofree char *cases = NULL;
  g_autofree char *vaccinations = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *join_report = NULL;
  g_autofree char *reform = NULL;
  GOptionEntry entries[] = {
    { "national", 0, 0, G_OPTION_ARG_NONE, &national, N_("All communes of Viet Nam"), NULL },
    { "geojson", 0, 0, G_OPTION_ARG_FILENAME, &geojson, N_("The communes GeoJSON"), "FILE" },
    { "codes", 0, 0, G_OPTION_ARG_FILENAME, &codes, N_("The GSO list the communes are joined to by name (the default with the national files; a GeoJSON given without it keeps its own keys)"), "FILE" },
    { "reform", 0, 0, G_OPTION_ARG_FILENAME, &reform, N_("The reorganisation of units to load with GSO-keyed communes (default: the reform of 1 July 2025 of the national files; “none” for none)"), "FILE" },
    { "join-report", 0, 0, G_OPTION_ARG_FILENAME, &join_report, N_("Write the communes left out of the join, with the reasons, to this file (else to stderr)"), "FILE" },
    { "cases", 0, 0, G_OPTION_ARG_FILENAME, &cases, N_("The province daily cases CSV"), "FILE" },
    { "vaccinations", 0, 0, G_OPTION_ARG_FILENAME, &vaccinations, N_("The national vaccination CSV (Our World in Data)"), "FILE" },
    { "units-only", 0, 0, G_OPTION_ARG_NONE, &units_only, N_("Units only, no case or vaccination series"), NULL },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database, N_("The database"), "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("--national"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = NULL;
  g_autoptr(GbNationalJoin) join = NULL;
  guint n_units = 0, n_provinces = 0, n_vaccinated = 0;
  gint64 logged = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("giaoband: %s\n", error->message);
      return 2;
    }
  if (!national || argc > 1)
    {
      g_printerr ("giaoband: %s\n", _("usage: giaoband seed --national [--geojson FILE] [--cases FILE] [--vaccinations FILE] --database PATH"));
      return 2;
    }
  if (geojson == NULL)
    {
      codes = codes ? codes : gb_national_data_file (NATIONAL_CODES);
      geojson = gb_national_data_file (NATIONAL_GEOJSON);
    }
  if (!units_only && cases == NULL)
    cases = gb_national_data_file (NATIONAL_CASES);
  if (!units_only && vaccinations == NULL)
    vaccinations = gb_national_data_file (NATIONAL_VACCINATIONS);
  if (geojson == NULL || (!units_only && (cases == NULL || vaccinations == NULL)))
    {
      g_printerr ("giaoband: %s\n", _("The national data files are not installed: give them with --geojson, --codes, "
                                       "--cases and --vaccinations, or set GIAOBAN_NATIONAL_DATA to their folder"));
      return 1;
    }
  if (codes != NULL && (join = gb_national_join (geojson, codes, NULL, &error)) == NULL)
    return fail (error);
  if (join != NULL && !report_join (join, join_report, &error))
    return fail (error);
  if ((store = open_store (&error)) == NULL)
    return fail (error);
  if (!gb_daemon_seed_national (store, geojson, join,
                                units_only ? NULL : cases,
                                units_only ? NULL : vaccinations,
                                &n_units, &n_provinces, &n_vaccinated, &error))
    return fail (error);
  /* Units keyed by GSO codes carry their validity: the reform of 1/7/2025 by default. */
  if (join != NULL && reform == NULL)
    reform = gb_national_data_file (NATIONAL_REFORM);
  if (join != NULL && reform != NULL && g_strcmp0 (reform, "none") != 0)
    {
      GbReformReport report;

      if (!gb_reform_import_file (store, reform, &report, &error))
        return fail (error);
      g_print (_("The reform of %s: %u provinces and %u communes, %u old units ended.\n"), report.date,
               report.provinces, report.communes, report.ended);
    }
  /* One pass over the written rows (parents first) is much cheaper than a trigger per row. */
  if (!gb_sync_feed_backfill (store, &logged, &error))
    return fail (error);
  g_print (_("Seeded %u communes, the case series of %u provinces and the vaccination series of %u; "
             "%lld rows in the change feed.\n"),
           n_units, n_provinces, n_vaccinated, (long long) logged);
  return 0;
}

/* load FILE: an SQLite database's synced rows into PostgreSQL; epoch: a new feed epoch (after
 * a PostgreSQL restore, docs/deploy.md). */
static int
cmd_pg (int    argc,
        char **argv)
{
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database, N_("The database"), "PATH" },
    { NULL }
  };
  gboolean load = strcmp (argv[0], "load") == 0;
  g_autoptr(GOptionContext) context = g_option_context_new (load ? _("SQLITE-FILE") : "");
  g_autoptr(GError) error = NULL;
  g_autoptr(GbDaemonDb) db = NULL;
  g_autoptr(GbStore) source = NULL;
  gint64 loaded = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("giaoband: %s\n", error->message);
      return 2;
    }
  if (argc != (load ? 2 : 1))
    {
      g_printerr ("giaoband: %s\n", _("usage: giaoband load SQLITE-FILE --database postgresql://…"));
      g_printerr ("giaoband: %s\n", _("       giaoband epoch --database PATH"));
      return 2;
    }
  if ((db = open_db (&error)) == NULL)
    return fail (error);
  if (!load)
    {
      if (!db->ops->new_epoch (db, &error))
        return fail (error);
      g_printerr ("%s\n", _("The feed has a new epoch: every laptop syncs again from the start."));
      return 0;
    }
  if (gb_daemon_db_store (db) != NULL)
    {
      g_printerr ("giaoband: %s\n", _("load writes into a PostgreSQL database (--database postgresql://…)"));
      return 2;
    }
  if ((source = gb_store_open (argv[1], &error)) == NULL || !gb_store_pg_load (db, source, &loaded, &error))
    return fail (error);
  g_printerr (_("Loaded %lld rows of %s.\n"), (long long) loaded, argv[1]);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  gb_i18n_init ();
  /* TLS 1.2 and newer only (GnuTLS, through glib-networking); an administrator's own
   * priority string wins. Set before any thread starts. */
  g_setenv ("G_TLS_GNUTLS_PRIORITY", "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2", FALSE);

  if (argc > 1 && strcmp (argv[1], "user") == 0)
    return cmd_user (argc - 1, argv + 1);
  if (argc > 1 && (strcmp (argv[1], "load") == 0 || strcmp (argv[1], "epoch") == 0))
    return cmd_pg (argc - 1, argv + 1);
  if (argc > 1 && strcmp (argv[1], "seed") == 0)
    return cmd_seed (argc - 1, argv + 1);
  if (argc > 1 && (strcmp (argv[1], "backup") == 0 || strcmp (argv[1], "restore") == 0))
    return cmd_backup (argc - 1, argv + 1);
  return cmd_serve (argc, argv);
}
