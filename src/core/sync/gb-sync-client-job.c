/* gb-sync-client-job.c — one sync: push the outbox, then pull the feed, with retries
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every answer is checked in full before anything is written; a wrong answer is an error and
 * the database stays as it was. The work runs on a connection of its own with a SoupSession
 * made in the thread that runs it, used with the blocking API there.
 */
#define G_LOG_DOMAIN "gb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-sync.h"
#include "gb-sync-client-private.h"
#include "gb-sync-role.h"

void
_gb_sync_job_free (GbSyncJob *job)
{
  g_clear_object (&job->client);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->database);
  g_free (job->server_url);
  g_free (job->token);
  g_free (job->ca_file);
  g_free (job->area);
  g_free (job->fill_previous);
  g_clear_object (&job->tls_database);
  g_clear_object (&job->store);
  g_clear_pointer (&job->session, _gb_sync_session_close);
  g_free (job);
}


void
_gb_sync_job_progress (GbSyncJob *job)
{
  gint64 total = job->summary.last - job->start_cursor;
  gint64 done = job->summary.cursor - job->start_cursor;

  _gb_sync_client_emit_progress (job->client, job->context, job->summary.pulled,
                                 MAX (total, job->summary.pulled),
                                 total > 0 ? CLAMP ((double) done / (double) total, 0.0, 1.0) : 1.0);
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}


/**
 * gb_sync_client_backoff_delay:
 * @failures: failed attempts in a row (1 after the first)
 * @interval_seconds: the regular interval, the longest wait
 *
 * Returns: seconds to wait: 2, 4, 8 … doubling, never more than @interval_seconds nor 15 min
 */
guint
gb_sync_client_backoff_delay (guint failures,
                              guint interval_seconds)
{
  guint cap = MIN (MAX (interval_seconds, 2u), 900u);
  guint delay = 2;

  for (guint i = 1; i < failures && delay < cap; i++)
    delay *= 2;
  return MIN (delay, cap);
}

static gboolean
retryable (const GError *error)
{
  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         !g_error_matches (error, GB_ERROR, GB_ERROR_PERMISSION) &&
         !g_error_matches (error, GB_ERROR, GB_ERROR_DATABASE) &&
         !g_error_matches (error, GB_ERROR, GB_ERROR_INVALID_DATA);
}

/* Waits, waking up early when cancelled: FALSE then. */
gboolean
_gb_sync_wait (guint          milliseconds,
               GCancellable  *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (20000);
    }
  return TRUE;
}

/* The token's role, as the server tells it (GET /api/v1/me), kept in sync_state "role" for the
 * app to offer only what it may do (gb-sync-role.h). A server without the endpoint, or a
 * failure here, leaves what was known: the sync itself has succeeded. */
static void
learn_role (GbSyncJob    *job,
            GCancellable *cancellable)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) me = _gb_sync_request_json (job, job->session, "GET", "/api/v1/me", NULL, cancellable, &local);
  JsonObject *o = me ? json_node_get_object (me) : NULL;
  const char *role = o ? json_object_get_string_member_with_default (o, "role", NULL) : NULL;

  if (!gb_sync_role_is_known (role))
    {
      g_debug ("the server did not say the token's role: %s", local ? local->message : "no known role");
      return;
    }
  gb_store_sync_set_state (job->store, "role", role, NULL);
}

gboolean
_gb_sync_job_run (GbSyncJob       *job,
         GCancellable  *cancellable,
         GError       **error)
{
  gint64 started = g_get_monotonic_time ();
  g_autofree char *known = NULL;
  g_autofree char *known_area = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GError) last = NULL;
  gboolean restarted_once = FALSE;

  if (job->codec == NULL || job->codec->encode == NULL || job->codec->apply == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("This build of Giao Ban cannot sync: it has no sync codec"));
      return FALSE;
    }
  if (job->server_url == NULL || *job->server_url == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("No sync server is set"));
      return FALSE;
    }
  {
    g_autoptr(GUri) uri = g_uri_parse (job->server_url, G_URI_FLAGS_NONE, NULL);

    if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                        g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
      {
        g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a server address (http:// or https://)"),
                     job->server_url);
        return FALSE;
      }
  }

  if (job->ca_file != NULL)
    {
      g_autoptr(GError) local = NULL;

      if ((job->tls_database = g_tls_file_database_new (job->ca_file, &local)) == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                       _("Could not read the certificate authorities in %s: %s"), job->ca_file, local->message);
          return FALSE;
        }
    }

  job->store = gb_store_open (job->database, error);
  if (job->store == NULL)
    return FALSE;

  /* The cursor belongs to one server: another server's feed starts again from zero. Another
   * area keeps it: the copy fetches only what it lacks, and drops what it no longer keeps
   * (gb-sync-client-area.c). */
  known = gb_store_sync_get_state (job->store, "server_url");
  known_area = gb_store_sync_get_state (job->store, "area");
  if (g_strcmp0 (known, job->server_url) != 0)
    {
      if (!gb_store_begin (job->store, error))
        return FALSE;
      if (!gb_store_sync_set_cursor (job->store, 0, error) ||
          !gb_store_sync_set_state (job->store, "server_epoch", NULL, error) ||
          !gb_store_sync_set_state (job->store, "server_url", job->server_url, error) ||
          !_gb_sync_area_fill_done (job, error) ||
          !gb_store_commit (job->store, error))
        {
          gb_store_rollback (job->store);
          return FALSE;
        }
    }
  job->session = _gb_sync_session_new (job);
  if (g_strcmp0 (known_area, job->area) != 0 &&
      (!_gb_sync_area_known (job, cancellable, error) || !_gb_sync_area_changed (job, known_area, error)))
    return FALSE;

  job->start_cursor = gb_store_sync_get_cursor (job->store);
  job->summary.cursor = job->start_cursor;

  for (guint attempt = 1; ; attempt++)
    {
      gint64 t0 = g_get_monotonic_time (), t1 = 0;
      gboolean done;

      job->summary.attempts = attempt;
      g_clear_error (&last);
      done = _gb_sync_push_outbox (job, cancellable, &last) &&
             ((t1 = g_get_monotonic_time ()), _gb_sync_pull_feed (job, cancellable, &last));

      g_debug ("attempt %u: opened in %.1f ms, pushed in %.1f ms, pulled in %.1f ms", attempt,
               (t0 - started) / 1e3, t1 ? (t1 - t0) / 1e3 : 0.0, t1 ? (g_get_monotonic_time () - t1) / 1e3 : 0.0);
      if (done)
        break;
      /* A restored server: once, at once, from the start (push what it lost, then pull). */
      if (job->restarted && !restarted_once)
        {
          restarted_once = TRUE;
          job->restarted = FALSE;
          attempt--;
          continue;
        }
      if (attempt >= job->max_attempts || !retryable (last))
        {
          /* Nothing is written on failure: the database stays exactly as the last
           * committed page left it. */
          g_propagate_error (error, g_steal_pointer (&last));
          return FALSE;
        }
      g_debug ("sync attempt %u failed, retrying: %s", attempt, last->message);
      if (!_gb_sync_wait (MIN (250u << (attempt - 1), 8000u), cancellable))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sync was cancelled"));
          return FALSE;
        }
    }

  learn_role (job, cancellable);
  now = now_iso ();
  gb_store_sync_set_state (job->store, "last_sync", now, NULL);
  job->summary.pending = gb_store_sync_outbox_count (job->store);
  job->summary.cursor = gb_store_sync_get_cursor (job->store);
  job->summary.seconds = (g_get_monotonic_time () - started) / 1e6;
  return TRUE;
}

GbSyncJob *
_gb_sync_job_new (GbSyncClient *self,
         gboolean      in_thread)
{
  GbSyncJob *job = g_new0 (GbSyncJob, 1);

  job->client = g_object_ref (self);
  job->context = in_thread ? g_main_context_ref_thread_default () : NULL;
  job->database = g_strdup (self->database);
  job->server_url = g_strdup (self->server_url);
  job->token = g_strdup (self->token);
  job->ca_file = g_strdup (self->ca_file);
  job->area = g_strdup (self->area);
  job->page_size = self->page_size;
  job->timeout = self->timeout;
  job->max_attempts = MAX (self->max_attempts, 1u);
  job->codec = self->codec;
  return job;
}

