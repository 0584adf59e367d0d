/* gb-sync-client-private.h — the sync client's struct and the pieces of one sync
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client is a family of files: gb-sync-client.c (the object, its state, background sync),
 * -job.c (one sync with retries), -http.c (requests and the checks of answers), -push.c (the
 * outbox), -page.c (reading and checking a feed page), -pull.c (the three-thread pull) and
 * -conflicts.c (conflicts a person resolves).
 */
#pragma once

#include <libsoup/soup.h>

#include "gb-store.h"
#include "gb-sync-client.h"
#include "gb-sync-json.h"

G_BEGIN_DECLS

struct _GbSyncClient
{
  GObject                 parent_instance;

  char                   *database;
  char                   *server_url;
  char                   *token;
  char                   *ca_file;
  char                   *area;
  guint                   page_size;
  guint                   timeout;
  guint                   max_attempts;
  const GbSyncCodecFuncs *codec;
  GbStore                *local_store;   /* the app's connection, read on its thread */

  /* state shown by the app */
  char                   *last_error;
  char                   *last_sync;
  gint64                  pending;
  gint64                  conflicts;
  GCancellable           *cancellable;    /* of the running sync, NULL when idle */

  /* background sync */
  guint                   interval;
  guint                   timer_id;
  guint                   failures;
  GNetworkMonitor        *monitor;
  gulong                  network_handler;
  guint                   syncing : 1;
  guint                   again : 1;      /* a sync was asked for while one ran */
};

/* The shared core codec (gb-sync-codec.h); see gb_sync_client_set_codec(). */
extern const GbSyncCodecFuncs _gb_sync_core_codec;

/* A job holds everything the worker needs, copied at start: the properties may change while
 * it runs. */
typedef struct
{
  GbSyncClient           *client;     /* owned ref, only for emitting progress */
  GMainContext           *context;    /* where progress is emitted; NULL: directly */
  char                   *database;
  char                   *server_url;
  char                   *token;
  char                   *ca_file;
  char                   *area;           /* the area asked for, NULL: everything */
  GTlsDatabase           *tls_database;   /* from ca_file, NULL: the system's */
  guint                   page_size;
  guint                   timeout;
  guint                   max_attempts;
  const GbSyncCodecFuncs *codec;

  /* worker state */
  GbStore                *store;
  SoupSession            *session;
  GbSyncSummary           summary;
  gint64                  start_cursor;
  gboolean                restarted;      /* the server was found restored: sync again from 0 */
  char                   *fill_previous;  /* an area fill: the area held before, its cursor, */
  gint64                  fill_until;     /* the feed's cursor then (gb-sync-client-area.c) */
  gint64                  fill_since;
} GbSyncJob;

/* Feed pages are read with the flat parser of gb-sync-json.c, not json-glib: a national page
 * as json-glib nodes cost more to build and free than its rows cost to write. */
typedef struct
{
  gint64     since, next, last;
  gboolean   more;
  GbJsonDoc *doc;
  guint      changes;     /* index of the "changes" array in doc */
  guint      columns;     /* index of the compact page's "columns" object, 0 when none */
  GArray    *list;        /* GbSyncChange: the changes as _gb_sync_check_page() read them, for apply_page() */
  const char *epoch;      /* the feed's identity, NULL from a server without one */
  gint64     epoch_base;  /* the sequence the epoch began after */
  gboolean   behind;      /* the feed ends before the cursor asked (a restore?): no changes read */
} GbSyncPage;

/* One change of a page, in either of the feed's formats: an object {"seq","table","op","key",
 * "row"}, or (format=compact) an array [seq, table, op, data] whose data is the row's values
 * in the order of the page's columns[table].row for an upsert, the key object for a delete. */
typedef struct
{
  gint64      seq;
  const char *table;
  const char *op;
  guint       key;        /* the key object; for a compact upsert, the row's values */
  guint       row;        /* the row (object, or values), 0 for none */
  guint       names;      /* compact upsert: the row's member names; else 0 */
  guint       key_names;  /* compact upsert: the key's member names; else 0 */
} GbSyncChange;

void             _gb_sync_client_emit_progress (GbSyncClient   *client,
                                                GMainContext   *context,
                                                gint64          rows,
                                                gint64          total,
                                                double          fraction);

void             _gb_sync_client_emit_waiting  (GbSyncClient   *client,
                                                GMainContext   *context,
                                                guint           seconds,
                                                const char     *message);
gboolean         _gb_sync_wait              (guint           milliseconds,
                                             GCancellable   *cancellable);

GbSyncJob       *_gb_sync_job_new           (GbSyncClient   *self,
                                             gboolean        in_thread);
void             _gb_sync_job_free          (GbSyncJob      *job);
gboolean         _gb_sync_job_run           (GbSyncJob      *job,
                                             GCancellable   *cancellable,
                                             GError        **error);
void             _gb_sync_job_progress      (GbSyncJob      *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbSyncJob, _gb_sync_job_free)

SoupSession     *_gb_sync_session_new       (GbSyncJob      *job);
void             _gb_sync_session_close     (SoupSession    *session);
typedef SoupSession SoupSessionClosing;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SoupSessionClosing, _gb_sync_session_close)

GBytes          *_gb_sync_request_body      (GbSyncJob           *job,
                                             SoupSession         *session,
                                             const char          *method,
                                             const char          *path,
                                             const char          *body,
                                             SoupMessageHeaders **headers,
                                             GCancellable        *cancellable,
                                             GError             **error);
JsonNode        *_gb_sync_request_json      (GbSyncJob      *job,
                                             SoupSession    *session,
                                             const char     *method,
                                             const char     *path,
                                             const char     *body,
                                             GCancellable   *cancellable,
                                             GError        **error);
gboolean         _gb_sync_bad_answer        (GError        **error,
                                             const char     *path,
                                             const char     *format,
                                             ...) G_GNUC_PRINTF (3, 4);

gboolean         _gb_sync_push_outbox       (GbSyncJob      *job,
                                             GCancellable   *cancellable,
                                             GError        **error);

GbJsonDoc       *_gb_sync_read_page         (const char     *path,
                                             GBytes         *bytes,
                                             GError        **error);
gboolean         _gb_sync_feed_behind       (GbSyncPage     *page,
                                             GError        **error);
gboolean         _gb_sync_check_page        (GbJsonDoc      *doc,
                                             gint64          asked,
                                             GbSyncPage     *page,
                                             GError        **error);
/* gb-sync-client-area.c */
gboolean         _gb_sync_area_known        (GbSyncJob      *job,
                                             GCancellable   *cancellable,
                                             GError        **error);
gboolean         _gb_sync_area_changed      (GbSyncJob      *job,
                                             const char     *held,
                                             GError        **error);
gboolean         _gb_sync_area_fill_pending (GbSyncJob      *job,
                                             gboolean       *pending,
                                             GError        **error);
char            *_gb_sync_area_fill_query   (GbSyncJob      *job);
gboolean         _gb_sync_area_check_fill   (GbSyncJob      *job,
                                             GbSyncPage     *page,
                                             GError        **error);
gboolean         _gb_sync_area_fill_done    (GbSyncJob      *job,
                                             GError        **error);
gboolean         _gb_sync_area_prune        (GbSyncJob      *job,
                                             GError        **error);

gboolean         _gb_sync_pull_feed         (GbSyncJob      *job,
                                             GCancellable   *cancellable,
                                             GError        **error);

G_END_DECLS
