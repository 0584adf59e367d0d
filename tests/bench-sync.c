/* bench-sync.c — first sync and a one-day delta over loopback, next to plain SQLite inserts
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The feed: every commune of the country (11,163, as in the 2009 census map) and its daily
 * case reports, generated deterministically and served page by page over HTTP on 127.0.0.1
 * by a SoupServer in its own thread, in the daemon's wire format. The client is the real
 * GbSyncClient (paging, strict checks, one transaction per page with the cursor); rows are
 * applied through the store API. The baseline inserts the same rows through the same store
 * API (prepared statements) in one transaction.
 *
 * GB_BENCH_DAYS sets how many days of reports (default 60: 680,000 rows).
 */
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store.h"
#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-test-util.h"

#define N_COMMUNES 11163

static guint days = 60;

/* ---- the generated feed --------------------------------------------------------------------- */

static gint feed_last;   /* the server's last sequence; read by the server thread */

static void
unit_code (guint i, char buf[16])
{
  g_snprintf (buf, 16, "%05u", 10000 + i);
}

/* Dates are made once: the feed server's own cost should not weigh on the client's figure
 * more than a daemon reading its database would. */
static char (*day_names)[11];

static void
day_iso (guint d, char buf[11])
{
  memcpy (buf, day_names[d], 11);
}

static void
make_days (guint n)
{
  day_names = g_malloc0_n (n, 11);
  for (guint d = 0; d < n; d++)
    {
      g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JUNE, 2021);

      g_date_add_days (date, d);
      g_date_strftime (day_names[d], 11, "%Y-%m-%d", date);
    }
}

/* seq 1 … N_COMMUNES: the units; then one day of reports after another. */
static void
append_change (GString *out,
               gint64   seq)
{
  char code[16];

  if (seq <= N_COMMUNES)
    {
      guint i = seq - 1;

      unit_code (i, code);
      g_string_append_printf (out,
        "{\"seq\":%" G_GINT64_FORMAT ",\"table\":\"units\",\"op\":\"upsert\",\"key\":{\"code\":\"%s\"},"
        "\"row\":{\"code\":\"%s\",\"level\":3,\"name\":\"Xã %u\",\"type\":\"Xã\",\"population\":%u}}",
        seq, code, code, i, 3000 + (i * 37) % 20000);
    }
  else
    {
      guint r = seq - N_COMMUNES - 1;
      guint i = r % N_COMMUNES, d = r / N_COMMUNES;
      char date[11];

      unit_code (i, code);
      day_iso (d, date);
      g_string_append_printf (out,
        "{\"seq\":%" G_GINT64_FORMAT ",\"table\":\"case_reports\",\"op\":\"upsert\","
        "\"key\":{\"date\":\"%s\",\"unit_code\":\"%s\"},"
        "\"row\":{\"unit_code\":\"%s\",\"date\":\"%s\",\"community\":%u,\"quarantine\":%u,"
        "\"unknown_source\":%u,\"deaths\":%u,\"recovered\":%u,\"tests\":%u,\"simulated\":1}}",
        seq, date, code, code, date, (i * 7 + d * 13) % 11, (i + d) % 5, (i * d) % 97 == 0,
        (i + 3 * d) % 211 == 0, (i * 3 + d) % 9, (i + d * 5) % 300);
    }
}

static void
changes_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  gint64 since = g_ascii_strtoll (query ? g_hash_table_lookup (query, "since") : "0", NULL, 10);
  gint64 limit = g_ascii_strtoll (query ? g_hash_table_lookup (query, "limit") : "1000", NULL, 10);
  gint64 last = g_atomic_int_get (&feed_last);
  gint64 next = MIN (since + limit, last);
  GString *out = g_string_sized_new (400 * (next - since) + 128);
  gsize len;

  g_string_append_printf (out, "{\"since\":%" G_GINT64_FORMAT ",\"changes\":[", since);
  for (gint64 seq = since + 1; seq <= next; seq++)
    {
      if (seq > since + 1)
        g_string_append_c (out, ',');
      append_change (out, seq);
    }
  g_string_append_printf (out, "],\"next\":%" G_GINT64_FORMAT ",\"last\":%" G_GINT64_FORMAT ",\"more\":%s}",
                          next, last, next < last ? "true" : "false");
  len = out->len;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, g_string_free (out, FALSE), len);
}

static void
push_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  const char *body = "{\"applied\":[],\"conflicts\":[],\"last\":0}";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

typedef struct
{
  GMutex   lock;
  GCond    cond;
  guint16  port;
} ServerStart;

static gpointer
server_thread (gpointer data)
{
  ServerStart *start = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, "/api/v1/changes", changes_cb, NULL, NULL);
  soup_server_add_handler (server, "/api/v1/push", push_cb, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("bench-sync: %s", error->message);
  uris = soup_server_get_uris (server);
  g_mutex_lock (&start->lock);
  start->port = g_uri_get_port (uris->data);
  g_cond_signal (&start->cond);
  g_mutex_unlock (&start->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  loop = g_main_loop_new (context, FALSE);
  g_main_loop_run (loop);
  return NULL;
}

/* ---- applying rows through the store API ----------------------------------------------------- */

static gboolean
bench_apply (GbStore     *store,
             const char  *table,
             const char  *op,
             JsonNode    *key,
             JsonNode    *row,
             GError     **error)
{
  JsonObject *o = json_node_get_object (row);

  if (strcmp (table, "units") == 0)
    {
      g_autoptr(GbUnit) unit = gb_unit_new ();

      unit->code = g_strdup (json_object_get_string_member (o, "code"));
      unit->level = json_object_get_int_member (o, "level");
      unit->name = g_strdup (json_object_get_string_member (o, "name"));
      unit->type = g_strdup (json_object_get_string_member (o, "type"));
      unit->population = json_object_get_int_member (o, "population");
      return gb_store_put_unit (store, unit, NULL, error);
    }
  if (strcmp (table, "case_reports") == 0)
    {
      GbCaseReport r;

      gb_case_report_init (&r);
      g_strlcpy (r.unit_code, json_object_get_string_member (o, "unit_code"), sizeof r.unit_code);
      g_strlcpy (r.date, json_object_get_string_member (o, "date"), sizeof r.date);
      r.community = json_object_get_int_member (o, "community");
      r.quarantine = json_object_get_int_member (o, "quarantine");
      r.unknown_source = json_object_get_int_member (o, "unknown_source");
      r.deaths = json_object_get_int_member (o, "deaths");
      r.recovered = json_object_get_int_member (o, "recovered");
      r.tests = json_object_get_int_member (o, "tests");
      r.simulated = json_object_get_int_member (o, "simulated");
      return gb_store_put_case_report (store, &r, error);
    }
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "bench: unknown table %s", table);
  return FALSE;
}

static JsonNode *
bench_encode (GbStore *store, const char *table, JsonNode *key, GError **error)
{
  g_set_error (error, GB_ERROR, GB_ERROR_FAILED, "bench: nothing to push");
  return NULL;
}

static const GbSyncCodecFuncs bench_codec = { bench_encode, bench_apply };

/* The same rows straight through the store's prepared statements, one transaction. */
static double
sqlite_rate (gint64 rows)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GString) buf = g_string_new (NULL);
  gint64 start;
  double seconds;

  g_assert_no_error (error);
  /* Parse outside the clock: the baseline is SQLite's insert rate, not JSON's. */
  start = g_get_monotonic_time ();
  g_assert_true (gb_store_begin (store, &error));
  for (gint64 seq = 1; seq <= rows; seq++)
    {
      char code[16], date[11];

      if (seq <= N_COMMUNES)
        {
          g_autoptr(GbUnit) unit = gb_unit_new ();
          guint i = seq - 1;

          unit_code (i, code);
          unit->code = g_strdup (code);
          unit->level = GB_UNIT_LEVEL_COMMUNE;
          unit->name = g_strdup_printf ("Xã %u", i);
          unit->type = g_strdup ("Xã");
          unit->population = 3000 + (i * 37) % 20000;
          g_assert_true (gb_store_put_unit (store, unit, NULL, &error));
        }
      else
        {
          guint r = seq - N_COMMUNES - 1;
          guint i = r % N_COMMUNES, d = r / N_COMMUNES;
          GbCaseReport cr;

          unit_code (i, code);
          day_iso (d, date);
          gb_case_report_init (&cr);
          g_strlcpy (cr.unit_code, code, sizeof cr.unit_code);
          g_strlcpy (cr.date, date, sizeof cr.date);
          cr.community = (i * 7 + d * 13) % 11;
          cr.quarantine = (i + d) % 5;
          cr.unknown_source = (i * d) % 97 == 0;
          cr.deaths = (i + 3 * d) % 211 == 0;
          cr.recovered = (i * 3 + d) % 9;
          cr.tests = (i + d * 5) % 300;
          cr.simulated = TRUE;
          g_assert_true (gb_store_put_case_report (store, &cr, &error));
        }
    }
  g_assert_true (gb_store_commit (store, &error));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  return rows / seconds;
}

int
main (int argc, char **argv)
{
  ServerStart start = { 0 };
  g_autofree char *path = gb_test_temp_db ();
  g_autofree char *url = NULL;
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GbSyncSummary) first = NULL;
  g_autoptr(GbSyncSummary) delta = NULL;
  g_autoptr(GError) error = NULL;
  const char *env_days = g_getenv ("GB_BENCH_DAYS");
  gint64 rows;
  double sync_rate, insert_rate;

  if (env_days != NULL)
    days = MAX (1, (guint) g_ascii_strtoull (env_days, NULL, 10));
  days = MIN (days, 1000u);
  rows = (gint64) N_COMMUNES * (days + 1);
  make_days (days + 2);

  g_mutex_init (&start.lock);
  g_cond_init (&start.cond);
  g_atomic_int_set (&feed_last, (gint) rows);
  g_thread_unref (g_thread_new ("bench-server", server_thread, &start));
  g_mutex_lock (&start.lock);
  while (start.port == 0)
    g_cond_wait (&start.cond, &start.lock);
  g_mutex_unlock (&start.lock);
  url = g_strdup_printf ("http://127.0.0.1:%u", start.port);

  g_print ("bench-sync: generated national-size feed (%u communes, %u days of case reports, %"
           G_GINT64_FORMAT " rows) from an in-process feed server in the daemon's wire format; "
           "not giaoband's own data\n", N_COMMUNES, days, rows);

  client = gb_sync_client_new (path, url, "bench");
  gb_sync_client_set_codec (client, &bench_codec);
  g_object_set (client, "page-size", 2000, NULL);
  first = gb_sync_client_sync (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->pulled, ==, rows);
  sync_rate = rows / first->seconds;

  insert_rate = sqlite_rate (rows);

  /* One more day on the server: ~11,000 rows. */
  g_atomic_int_set (&feed_last, (gint) (rows + N_COMMUNES));
  delta = gb_sync_client_sync (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (delta->pulled, ==, N_COMMUNES);

  g_print ("bench: sync.initial.rows_per_s %.0f rows/s\n", sync_rate);
  g_print ("bench: sqlite.insert.rows_per_s %.0f rows/s\n", insert_rate);
  g_print ("bench: sync.initial.ratio_to_sqlite %.2f x\n", sync_rate / insert_rate);
  g_print ("bench: sync.delta.day %.1f ms\n", delta->seconds * 1000.0);
  return 0;
}
