/* gb-sync-client.h — pulls the daemon's change feed into the local copy and pushes local edits
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gb-store.h"
#include "gb-store-sync.h"
#include "gb-sync-json.h"

G_BEGIN_DECLS

/* How rows travel: the feed's JSON row for a key, and applying one. The default is the shared
 * core codec (gb-sync-codec.h); tests may pass their own. */
typedef struct
{
  JsonNode *(*encode) (GbStore     *store,
                       const char  *table,
                       JsonNode    *key,
                       GError     **error);
  gboolean  (*apply)  (GbStore     *store,
                       const char  *table,
                       const char  *op,
                       JsonNode    *key,
                       JsonNode    *row,
                       GError     **error);
} GbSyncCodecFuncs;

typedef struct
{
  gint64  pulled;       /* changes applied from the feed */
  gint64  skipped;      /* pulled changes of rows with a local edit still queued */
  gint64  pushed;       /* local edits the server applied */
  gint64  conflicts;    /* local edits refused as conflicts (kept in sync_conflicts) */
  gint64  rejected;     /* local edits the server would not take (kept in sync_conflicts with its reason) */
  gint64  pending;      /* local edits still queued after the sync */
  gint64  cursor;       /* feed sequence reached */
  gint64  last;         /* the server's last sequence */
  guint   attempts;     /* 1 when nothing had to be retried */
  double  seconds;
} GbSyncSummary;

#define GB_TYPE_SYNC_SUMMARY (gb_sync_summary_get_type ())
GType          gb_sync_summary_get_type (void) G_GNUC_CONST;
GbSyncSummary *gb_sync_summary_copy     (const GbSyncSummary *summary);
void           gb_sync_summary_free     (GbSyncSummary       *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbSyncSummary, gb_sync_summary_free)

#define GB_TYPE_SYNC_CLIENT (gb_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (GbSyncClient, gb_sync_client, GB, SYNC_CLIENT, GObject)

GbSyncClient  *gb_sync_client_new              (const char          *database,
                                                const char          *server_url,
                                                const char          *token);
const char    *gb_sync_client_get_database     (GbSyncClient        *self);
const char    *gb_sync_client_get_area         (GbSyncClient        *self);
void           gb_sync_client_set_area         (GbSyncClient        *self,
                                                const char          *area);
const char    *gb_sync_client_get_ca_file      (GbSyncClient        *self);
void           gb_sync_client_set_ca_file      (GbSyncClient        *self,
                                                const char          *ca_file);
const char    *gb_sync_client_get_server_url   (GbSyncClient        *self);
void           gb_sync_client_set_server_url   (GbSyncClient        *self,
                                                const char          *server_url);
const char    *gb_sync_client_get_token        (GbSyncClient        *self);
void           gb_sync_client_set_token        (GbSyncClient        *self,
                                                const char          *token);
void           gb_sync_client_set_codec        (GbSyncClient        *self,
                                                const GbSyncCodecFuncs *codec);
gboolean       gb_sync_client_get_syncing      (GbSyncClient        *self);
const char    *gb_sync_client_get_last_error   (GbSyncClient        *self);
const char    *gb_sync_client_get_last_sync    (GbSyncClient        *self);
gint64         gb_sync_client_get_pending      (GbSyncClient        *self);
gint64         gb_sync_client_get_conflicts    (GbSyncClient        *self);
void           gb_sync_client_refresh_state    (GbSyncClient        *self);
void           gb_sync_client_set_local_store  (GbSyncClient        *self,
                                                GbStore             *store);

GbSyncSummary *gb_sync_client_sync             (GbSyncClient        *self,
                                                GCancellable        *cancellable,
                                                GError             **error);
void           gb_sync_client_sync_async       (GbSyncClient        *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GbSyncSummary *gb_sync_client_sync_finish      (GbSyncClient        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

void           gb_sync_client_start_periodic   (GbSyncClient        *self,
                                                guint                interval_seconds);
void           gb_sync_client_stop_periodic    (GbSyncClient        *self);
void           gb_sync_client_sync_now         (GbSyncClient        *self);
guint          gb_sync_client_backoff_delay    (guint                failures,
                                                guint                interval_seconds);

/* One field of a conflict on which the two versions disagree, each as JSON text (NULL: the
 * version has no such field, or is no row). */
typedef struct
{
  char *name;
  char *mine;
  char *theirs;
} GbSyncField;

void           gb_sync_field_free              (GbSyncField         *field);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbSyncField, gb_sync_field_free)

GPtrArray     *gb_sync_conflict_fields         (const GbSyncConflict *conflict);

gboolean       gb_sync_resolve_conflict        (GbStore             *store,
                                                gint64               conflict_id,
                                                gboolean             keep_client,
                                                const GbSyncCodecFuncs *codec,
                                                GError             **error);

G_END_DECLS
