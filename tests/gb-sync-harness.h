/* gb-sync-harness.h — what the sync tests share: servers, a sync driven from the main loop,
 * and comparing copies
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gb-store.h"
#include "gb-sync-client.h"

G_BEGIN_DECLS

/* ---- comparing copies ----------------------------------------------------------------------- */

/* A checksum per synced table, over its natural columns (local integer ids differ between
 * copies); the status log is left out when @status_log is FALSE. */
char          *gb_sync_harness_checksums    (const char *path,
                                             gboolean    status_log);
void           gb_sync_harness_assert_same  (const char *a,
                                             const char *b,
                                             gboolean    status_log);
/* The id of the first tracker item of the demo. */
gint64         gb_sync_harness_first_item   (GbStore    *store);

/* A push answer that rejected exactly one change (@id, unless NULL) with @status, its message
 * holding @why, and applied none. */
void           gb_sync_harness_assert_rejected (JsonNode   *answer,
                                                const char *id,
                                                gint64      status,
                                                const char *why);

/* ---- one sync in a worker thread while this thread serves ----------------------------------- */

/* @progress: (nullable): connected to GbSyncClient::progress with @data for the sync. */
GbSyncSummary *gb_sync_harness_sync         (GbSyncClient  *client,
                                             GCancellable  *cancellable,
                                             GCallback      progress,
                                             gpointer       data,
                                             GError       **error);

/* ---- giaoband's feed and push code on a SoupServer in this process -------------------------- */

typedef struct
{
  char       *db;
  GbStore    *store;
  SoupServer *server;
  char       *url;
  guint16     port;
  gboolean    refuse_changes;   /* answer the feed with 503: a push goes through, its pull not */
  gsize       max_body;         /* a push larger than this gets 413 (0: no limit) */
  const char *user;             /* who pushes (NULL: "thu-ky") */
} GbSyncHarnessServer;

/* The demo data, its feed backfilled, served on a free loopback port. */
void           gb_sync_harness_server_start (GbSyncHarnessServer *s);
void           gb_sync_harness_server_stop  (GbSyncHarnessServer *s);
/* A JSON answer: @node, or {"error": @error's message} when @node is NULL. */
void           gb_sync_harness_reply_json   (SoupServerMessage   *msg,
                                             guint                status,
                                             JsonNode            *node,
                                             const GError        *error);

/* ---- giaoband as a process ------------------------------------------------------------------ */

typedef struct
{
  char        *db;
  guint16      port;
  GSubprocess *process;
  char        *token;
  char        *token_file;
  char        *url;
  const char * const *args;    /* more giaoband options (NULL: none), e.g. --tls-cert */
} GbSyncHarnessDaemon;

guint16        gb_sync_harness_free_port      (void);
/* A database (the demo's when @demo), a secretary "thu-ky" and giaoband running on it. */
void           gb_sync_harness_daemon_setup    (GbSyncHarnessDaemon *d,
                                                gboolean             demo);
void           gb_sync_harness_daemon_start    (GbSyncHarnessDaemon *d);
void           gb_sync_harness_daemon_kill     (GbSyncHarnessDaemon *d);
void           gb_sync_harness_daemon_teardown (GbSyncHarnessDaemon *d);
/* `giaoband user add`: the token it prints. */
char          *gb_sync_harness_add_user        (GbSyncHarnessDaemon *d,
                                                const char          *name,
                                                const char          *role);

G_END_DECLS
