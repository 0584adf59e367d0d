/* gb-sync-push.h — push intake over any storage: what a push asks of the database it writes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gb_sync_push_run() reads a push, answers every change once (applied, conflict or rejected)
 * and writes it in one transaction through @ops: the store (gb_sync_push_apply_checked()) and
 * giaoband's PostgreSQL storage implement them, so both answer a push the same way.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What was answered to one change, or is to be recorded for it. */
typedef struct
{
  const char *change_id;
  const char *client_id;
  const char *user;
  const char *table;
  const char *key;         /* canonical key text */
  const char *op;
  const char *result;      /* "applied", "conflict" or "rejected" */
  gint64      status;      /* a rejection's HTTP status, else 0 */
  const char *message;     /* a rejection's reason, else NULL */
  const char *server_row;  /* a conflict's rows as JSON text (NULL: none) */
  const char *client_row;
  const char *now;         /* ISO 8601 UTC */
} GbSyncPushRecord;

/* A receipt read back for a retried change: every text owned, NULL when absent. */
typedef struct
{
  char   *result;
  gint64  status;
  char   *message;
  char   *table;        /* a conflict's, with its rows */
  char   *key;
  char   *server_row;
  char   *client_row;
} GbSyncPushReceipt;

typedef enum
{
  GB_SYNC_SAVEPOINT_BEGIN,
  GB_SYNC_SAVEPOINT_UNDO,
  GB_SYNC_SAVEPOINT_RELEASE,
} GbSyncSavepoint;

typedef struct
{
  gboolean  (*begin)          (gpointer db, GError **error);
  gboolean  (*commit)         (gpointer db, GError **error);
  void      (*rollback)       (gpointer db);
  gboolean  (*savepoint)      (gpointer db, GbSyncSavepoint what, GError **error);
  gint64    (*last)           (gpointer db, GError **error);
  /* The change's earlier answer; receipt->result NULL when none. */
  gboolean  (*replay)         (gpointer db, const char *change_id, GbSyncPushReceipt *receipt, GError **error);
  /* The row as the feed sends it now: a JSON null node when there is none. */
  JsonNode *(*encode)         (gpointer db, const char *table, JsonNode *key, GError **error);
  /* The seq of the row's last own change (-1: none), and whether it was @client_id's push. */
  gboolean  (*last_change)    (gpointer db, const char *table, const char *key, const char *client_id,
                               gint64 *seq, gboolean *own, GError **error);
  /* Writes a checked change (GB_ERROR_NOT_FOUND or INVALID_DATA refuse it, nothing written). */
  gboolean  (*apply)          (gpointer db, const char *table, const char *op, JsonNode *key, JsonNode *row,
                               GError **error);
  gboolean  (*remember_write) (gpointer db, const char *table, const char *key, const char *client_id,
                               GError **error);
  gboolean  (*keep_conflict)  (gpointer db, const GbSyncPushRecord *record, GError **error);
  gboolean  (*record)         (gpointer db, const GbSyncPushRecord *record, GError **error);
  gboolean  (*audit)          (gpointer db, const char *user, const char *action, const char *detail,
                               GError **error);
} GbSyncPushOps;

/* Decides whether a change may be written; FALSE with a GB_ERROR refuses it alone. */
typedef gboolean (*GbSyncPushAllow) (const char  *table,
                                     JsonNode    *key,
                                     JsonNode    *row,
                                     gpointer     user_data,
                                     GError     **error);

void      gb_sync_push_receipt_clear (GbSyncPushReceipt    *receipt);
JsonNode *gb_sync_push_run           (const GbSyncPushOps  *ops,
                                      gpointer              db,
                                      const char           *user,
                                      JsonNode             *request,
                                      GbSyncPushAllow       allow,
                                      gpointer              allow_data,
                                      gboolean              stamp_author,
                                      GPtrArray            *flaws,
                                      GError              **error);

G_END_DECLS
