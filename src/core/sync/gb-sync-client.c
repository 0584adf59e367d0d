/* gb-sync-client.c — pulls the daemon's change feed into the local copy and pushes local edits
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One sync: push the outbox, then pull the feed page by page (gb-sync-client-job.c). This file
 * holds the object: its properties, the state the app shows, and the background sync. The
 * work runs in a GTask thread on a connection of its own (the app's connection stays on the
 * UI thread).
 */
#define G_LOG_DOMAIN "gb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-sync.h"
#include "gb-sync-client-private.h"
#include "gb-sync-codec.h"

#define DEFAULT_PAGE_SIZE     2000
#define DEFAULT_TIMEOUT       30
#define DEFAULT_MAX_ATTEMPTS  4

G_DEFINE_FINAL_TYPE (GbSyncClient, gb_sync_client, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (GbSyncSummary, gb_sync_summary, gb_sync_summary_copy, gb_sync_summary_free)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_SERVER_URL,
  PROP_TOKEN,
  PROP_CA_FILE,
  PROP_AREA,
  PROP_PAGE_SIZE,
  PROP_TIMEOUT,
  PROP_MAX_ATTEMPTS,
  PROP_SYNCING,
  PROP_LAST_ERROR,
  PROP_LAST_SYNC,
  PROP_PENDING,
  PROP_CONFLICTS,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_PROGRESS, SIGNAL_FINISHED, SIGNAL_WAITING, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The shared core codec, when this build has it; see gb_sync_client_set_codec(). */
const GbSyncCodecFuncs _gb_sync_core_codec = { gb_sync_codec_encode, gb_sync_codec_apply };
static const GbSyncCodecFuncs *default_codec = &_gb_sync_core_codec;

GbSyncSummary *
gb_sync_summary_copy (const GbSyncSummary *summary)
{
  return g_memdup2 (summary, sizeof *summary);
}

void
gb_sync_summary_free (GbSyncSummary *summary)
{
  g_free (summary);
}



/* Runs @cb(@data) on @context (the thread that started the sync), or here when NULL. */
static void
emit_in_context (GMainContext   *context,
                 GSourceFunc     cb,
                 gpointer        data,
                 GDestroyNotify  free_func)
{
  if (context == NULL)
    {
      cb (data);
      free_func (data);
    }
  else
    g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, cb, data, free_func);
}

/* Progress goes to the thread that started the sync. */
typedef struct
{
  GbSyncClient *client;
  gint64        rows;
  gint64        total;
  double        fraction;
} Progress;

static gboolean
emit_progress_cb (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->client, signals[SIGNAL_PROGRESS], 0, p->rows, p->total, p->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->client);
  g_free (p);
}

void
_gb_sync_client_emit_progress (GbSyncClient *client,
                               GMainContext *context,
                               gint64        rows,
                               gint64        total,
                               double        fraction)
{
  Progress *p = g_new0 (Progress, 1);

  p->client = g_object_ref (client);
  p->rows = rows;
  p->total = total;
  p->fraction = fraction;
  emit_in_context (context, emit_progress_cb, p, progress_free);
}

typedef struct
{
  GbSyncClient *client;
  guint         seconds;
  char         *message;
} Waiting;

static gboolean
emit_waiting_cb (gpointer data)
{
  Waiting *w = data;

  g_signal_emit (w->client, signals[SIGNAL_WAITING], 0, w->seconds, w->message);
  return G_SOURCE_REMOVE;
}

static void
waiting_free (gpointer data)
{
  Waiting *w = data;

  g_object_unref (w->client);
  g_free (w->message);
  g_free (w);
}

/* The server asked to wait: say so where the sync was started. */
void
_gb_sync_client_emit_waiting (GbSyncClient *client,
                              GMainContext *context,
                              guint         seconds,
                              const char   *message)
{
  Waiting *w = g_new0 (Waiting, 1);

  w->client = g_object_ref (client);
  w->seconds = seconds;
  w->message = g_strdup (message);
  emit_in_context (context, emit_waiting_cb, w, waiting_free);
}

/* ---- state seen by the app ------------------------------------------------------------------ */

static void
set_string (GbSyncClient *self,
            char        **field,
            const char   *value,
            int           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_count (GbSyncClient *self,
           gint64       *field,
           gint64        value,
           int           prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * gb_sync_client_refresh_state:
 *
 * Reads the queued edits, open conflicts and last sync from the database (the
 * app calls it after its own edits so the indicator follows).
 */
void
gb_sync_client_refresh_state (GbSyncClient *self)
{
  g_autoptr(GbStore) store = NULL;
  g_autofree char *last_sync = NULL;

  g_return_if_fail (GB_IS_SYNC_CLIENT (self));

  if (self->local_store != NULL)
    store = g_object_ref (self->local_store);
  else if (self->database == NULL || (store = gb_store_open (self->database, NULL)) == NULL)
    return;
  last_sync = gb_store_sync_get_state (store, "last_sync");
  set_count (self, &self->pending, gb_store_sync_outbox_count (store), PROP_PENDING);
  set_count (self, &self->conflicts, gb_store_sync_conflict_count (store), PROP_CONFLICTS);
  set_string (self, &self->last_sync, last_sync, PROP_LAST_SYNC);
}

/**
 * gb_sync_client_set_local_store:
 * @store: (nullable): the connection of the thread that owns the client
 *
 * gb_sync_client_refresh_state() reads through it instead of opening the file each time.
 */
void
gb_sync_client_set_local_store (GbSyncClient *self,
                                GbStore      *store)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  g_set_object (&self->local_store, store);
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
gb_sync_client_dispose (GObject *object)
{
  GbSyncClient *self = GB_SYNC_CLIENT (object);

  gb_sync_client_stop_periodic (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->local_store);

  G_OBJECT_CLASS (gb_sync_client_parent_class)->dispose (object);
}

static void
gb_sync_client_finalize (GObject *object)
{
  GbSyncClient *self = GB_SYNC_CLIENT (object);

  g_free (self->database);
  g_free (self->server_url);
  g_free (self->token);
  g_free (self->ca_file);
  g_free (self->area);
  g_free (self->last_error);
  g_free (self->last_sync);

  G_OBJECT_CLASS (gb_sync_client_parent_class)->finalize (object);
}

static void
gb_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GbSyncClient *self = GB_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_DATABASE: g_value_set_string (value, self->database); break;
    case PROP_SERVER_URL: g_value_set_string (value, self->server_url); break;
    case PROP_TOKEN: g_value_set_string (value, self->token); break;
    case PROP_CA_FILE: g_value_set_string (value, self->ca_file); break;
    case PROP_AREA: g_value_set_string (value, self->area); break;
    case PROP_PAGE_SIZE: g_value_set_uint (value, self->page_size); break;
    case PROP_TIMEOUT: g_value_set_uint (value, self->timeout); break;
    case PROP_MAX_ATTEMPTS: g_value_set_uint (value, self->max_attempts); break;
    case PROP_SYNCING: g_value_set_boolean (value, self->syncing); break;
    case PROP_LAST_ERROR: g_value_set_string (value, self->last_error); break;
    case PROP_LAST_SYNC: g_value_set_string (value, self->last_sync); break;
    case PROP_PENDING: g_value_set_int64 (value, self->pending); break;
    case PROP_CONFLICTS: g_value_set_int64 (value, self->conflicts); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_sync_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GbSyncClient *self = GB_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_free (self->database);
      self->database = g_value_dup_string (value);
      break;
    case PROP_SERVER_URL: gb_sync_client_set_server_url (self, g_value_get_string (value)); break;
    case PROP_TOKEN: gb_sync_client_set_token (self, g_value_get_string (value)); break;
    case PROP_CA_FILE: gb_sync_client_set_ca_file (self, g_value_get_string (value)); break;
    case PROP_AREA: gb_sync_client_set_area (self, g_value_get_string (value)); break;
    case PROP_PAGE_SIZE:
      if (self->page_size != g_value_get_uint (value))
        {
          self->page_size = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_TIMEOUT:
      if (self->timeout != g_value_get_uint (value))
        {
          self->timeout = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_MAX_ATTEMPTS:
      if (self->max_attempts != g_value_get_uint (value))
        {
          self->max_attempts = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_sync_client_class_init (GbSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gb_sync_client_dispose;
  object_class->finalize = gb_sync_client_finalize;
  object_class->get_property = gb_sync_client_get_property;
  object_class->set_property = gb_sync_client_set_property;

  properties[PROP_DATABASE] = g_param_spec_string ("database", NULL, NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] = g_param_spec_string ("server-url", NULL, NULL, NULL, rw);
  properties[PROP_TOKEN] = g_param_spec_string ("token", NULL, NULL, NULL, rw);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  properties[PROP_AREA] = g_param_spec_string ("area", NULL, NULL, NULL, rw);
  properties[PROP_PAGE_SIZE] = g_param_spec_uint ("page-size", NULL, NULL, 1, 100000, DEFAULT_PAGE_SIZE, rw);
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, DEFAULT_TIMEOUT, rw);
  properties[PROP_MAX_ATTEMPTS] = g_param_spec_uint ("max-attempts", NULL, NULL, 1, 100, DEFAULT_MAX_ATTEMPTS, rw);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, ro);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_LAST_SYNC] = g_param_spec_string ("last-sync", NULL, NULL, NULL, ro);
  properties[PROP_PENDING] = g_param_spec_int64 ("pending", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CONFLICTS] = g_param_spec_int64 ("conflicts", NULL, NULL, 0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GbSyncClient::progress:
   * @rows: changes pulled so far in this sync
   * @total: changes the feed had when the sync started (an estimate for a first sync)
   * @fraction: 0 … 1
   */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                           G_TYPE_INT64, G_TYPE_INT64, G_TYPE_DOUBLE);
  /**
   * GbSyncClient::waiting:
   * @seconds: how long the sync waits before asking again
   * @message: what to tell the user ("The server is busy (HTTP 429); trying again in 5 seconds")
   *
   * The server answered 429, or 503 with a Retry-After: the sync waits as it asked (at most a
   * minute each time, a few times) and then asks again.
   */
  signals[SIGNAL_WAITING] = g_signal_new ("waiting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * GbSyncClient::finished:
   * @summary: (nullable): what the sync did, NULL when it failed
   * @error: (nullable): why it failed
   *
   * Emitted after every background sync (gb_sync_client_start_periodic()).
   */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                           GB_TYPE_SYNC_SUMMARY, G_TYPE_ERROR);
}

static void
gb_sync_client_init (GbSyncClient *self)
{
  self->page_size = DEFAULT_PAGE_SIZE;
  self->timeout = DEFAULT_TIMEOUT;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->codec = default_codec;
}

/* ---- public API ---------------------------------------------------------------------------- */

/**
 * gb_sync_client_new:
 * @database: path of the local database (the sync opens its own connection to it)
 * @server_url: (nullable): e.g. "http://127.0.0.1:8470"
 * @token: (nullable): the bearer token `giaoband user add` printed
 */
GbSyncClient *
gb_sync_client_new (const char *database,
                    const char *server_url,
                    const char *token)
{
  return g_object_new (GB_TYPE_SYNC_CLIENT, "database", database, "server-url", server_url,
                       "token", token, NULL);
}

const char *
gb_sync_client_get_database (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->database;
}

const char *
gb_sync_client_get_server_url (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->server_url;
}

void
gb_sync_client_set_server_url (GbSyncClient *self,
                               const char   *server_url)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  set_string (self, &self->server_url, server_url, PROP_SERVER_URL);
}

/** gb_sync_client_get_ca_file: the PEM file of the authorities trusted for HTTPS, or NULL */
const char *
gb_sync_client_get_ca_file (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->ca_file;
}

/**
 * gb_sync_client_set_ca_file:
 * @ca_file: (nullable): a PEM file of certificate authorities, or NULL for the system's
 *
 * A province that signs its server's certificate with its own authority: HTTPS then trusts
 * the authorities of @ca_file (and only those) instead of the system's.
 */
void
gb_sync_client_set_ca_file (GbSyncClient *self,
                            const char   *ca_file)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  set_string (self, &self->ca_file, ca_file && *ca_file ? ca_file : NULL, PROP_CA_FILE);
}

/** gb_sync_client_get_area: the province or district this copy keeps, or NULL for all */
const char *
gb_sync_client_get_area (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->area;
}

/**
 * gb_sync_client_set_area:
 * @area: (nullable): a province's or a district's code, or NULL for everything
 *
 * A laptop of one area receives that area's units and daily numbers and the provinces'
 * totals (the national charts stay whole), and every row of the other tables. A district's
 * token gets its own district whatever is asked. Changing it fetches only the rows the copy
 * lacks and drops those outside the new area (gb-sync-client-area.c).
 */
void
gb_sync_client_set_area (GbSyncClient *self,
                         const char   *area)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  set_string (self, &self->area, area && *area ? area : NULL, PROP_AREA);
}

const char *
gb_sync_client_get_token (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->token;
}

void
gb_sync_client_set_token (GbSyncClient *self,
                          const char   *token)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  set_string (self, &self->token, token, PROP_TOKEN);
}

/**
 * gb_sync_client_set_codec:
 * @codec: (nullable): how rows are read and applied; NULL for the shared core codec
 */
void
gb_sync_client_set_codec (GbSyncClient           *self,
                          const GbSyncCodecFuncs *codec)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  self->codec = codec ? codec : default_codec;
}

gboolean
gb_sync_client_get_syncing (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), FALSE);
  return self->syncing;
}

const char *
gb_sync_client_get_last_error (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->last_error;
}

const char *
gb_sync_client_get_last_sync (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  return self->last_sync;
}

gint64
gb_sync_client_get_pending (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), 0);
  return self->pending;
}

gint64
gb_sync_client_get_conflicts (GbSyncClient *self)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), 0);
  return self->conflicts;
}

/**
 * gb_sync_client_sync:
 *
 * One sync in the calling thread (the CLI): push the outbox, pull the feed to its end,
 * retrying failed attempts with a growing pause up to #GbSyncClient:max-attempts.
 *
 * Returns: (transfer full): what it did, or NULL with @error set
 */
GbSyncSummary *
gb_sync_client_sync (GbSyncClient  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GbSyncJob) job = NULL;

  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);

  job = _gb_sync_job_new (self, FALSE);
  if (!_gb_sync_job_run (job, cancellable, error))
    return NULL;
  return gb_sync_summary_copy (&job->summary);
}

static void
sync_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GbSyncJob *job = data;
  GError *error = NULL;

  if (!_gb_sync_job_run (job, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, gb_sync_summary_copy (&job->summary), (GDestroyNotify) gb_sync_summary_free);
  /* The worker's connection and session belong to this thread: close them here. */
  g_clear_object (&job->store);
  g_clear_pointer (&job->session, _gb_sync_session_close);
}

/**
 * gb_sync_client_sync_async:
 *
 * Runs gb_sync_client_sync() in a worker thread; #GbSyncClient::progress is emitted in the
 * caller's main context.
 */
void
gb_sync_client_sync_async (GbSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GB_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_sync_client_sync_async);
  g_task_set_task_data (task, _gb_sync_job_new (self, TRUE), (GDestroyNotify) _gb_sync_job_free);
  g_task_run_in_thread (task, sync_thread);
}

GbSyncSummary *
gb_sync_client_sync_finish (GbSyncClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (GB_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gb_sync_client_sync_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- background sync ------------------------------------------------------------------------ */

static void schedule (GbSyncClient *self, guint seconds);

static void
background_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  GbSyncClient *self = GB_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) summary = gb_sync_client_sync_finish (self, result, &error);

  self->syncing = FALSE;
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (summary != NULL)
    {
      self->failures = 0;
      set_string (self, &self->last_error, NULL, PROP_LAST_ERROR);
    }
  else
    {
      self->failures++;
      set_string (self, &self->last_error, error->message, PROP_LAST_ERROR);
    }
  gb_sync_client_refresh_state (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, summary, error);

  if (self->interval > 0)
    schedule (self, self->again ? 1 : summary != NULL ? self->interval
                                 : gb_sync_client_backoff_delay (self->failures, self->interval));
  self->again = FALSE;
}

/**
 * gb_sync_client_sync_now:
 *
 * Starts a background sync now, or right after the one running. Offline (as far as
 * #GNetworkMonitor knows) it waits for the network to come back.
 */
void
gb_sync_client_sync_now (GbSyncClient *self)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));

  if (self->syncing)
    {
      self->again = TRUE;
      return;
    }
  if (self->server_url == NULL || *self->server_url == '\0')
    return;
  if (self->monitor != NULL && !g_network_monitor_get_network_available (self->monitor))
    {
      set_string (self, &self->last_error, _("Offline: the sync waits for the network"), PROP_LAST_ERROR);
      /* "network-changed" starts it again; the timer too, should the monitor be wrong. */
      if (self->interval > 0)
        schedule (self, self->interval);
      return;
    }
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->syncing = TRUE;
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  gb_sync_client_sync_async (self, self->cancellable, background_done_cb, NULL);
}

static gboolean
timer_cb (gpointer data)
{
  GbSyncClient *self = data;

  self->timer_id = 0;
  gb_sync_client_sync_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (GbSyncClient *self,
          guint         seconds)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add_seconds (MAX (seconds, 1u), timer_cb, self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    GbSyncClient    *self)
{
  if (available && self->interval > 0 && !self->syncing)
    {
      /* Back online: try soon, and forget the backoff of failures that were only the outage. */
      self->failures = 0;
      schedule (self, 2);
    }
}

/**
 * gb_sync_client_start_periodic:
 * @interval_seconds: time between two syncs when all goes well
 *
 * Syncs now and then every @interval_seconds while the app runs; after failures it retries
 * sooner with a doubling pause (gb_sync_client_backoff_delay()), and it waits for the network
 * when #GNetworkMonitor says there is none.
 */
void
gb_sync_client_start_periodic (GbSyncClient *self,
                               guint         interval_seconds)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));
  g_return_if_fail (interval_seconds > 0);

  self->interval = interval_seconds;
  if (self->monitor == NULL)
    {
      self->monitor = g_network_monitor_get_default ();
      self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                                G_CALLBACK (network_changed_cb), self);
    }
  gb_sync_client_sync_now (self);
  if (!self->syncing)
    schedule (self, self->interval);
}

void
gb_sync_client_stop_periodic (GbSyncClient *self)
{
  g_return_if_fail (GB_IS_SYNC_CLIENT (self));

  self->interval = 0;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->monitor != NULL)
    g_clear_signal_handler (&self->network_handler, self->monitor);
  self->monitor = NULL;
}

