/* gb-store-sync.h — the client side of the sync in the store: outbox, cursor, conflicts
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  char     *change_id;
  char     *table;
  char     *key;         /* canonical JSON: members sorted by name, no spaces */
  char     *op;          /* "upsert" or "delete" */
  gint64    base_seq;
  char     *created_at;
  gboolean  sent;
  char     *base_row;    /* the row before this copy's first unsent edit, or NULL */
} GbOutboxEntry;

typedef struct
{
  gint64  id;
  char   *change_id;
  char   *table;
  char   *key;
  char   *server_row;   /* JSON object, or NULL when the server deleted the row */
  char   *client_row;   /* JSON object, or NULL when the client deleted it */
  char   *detected_at;
  char   *reason;       /* the server's message when it rejected the change; NULL: a conflict */
} GbSyncConflict;

void        gb_outbox_entry_free              (GbOutboxEntry  *entry);
void        gb_sync_conflict_free             (GbSyncConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbOutboxEntry, gb_outbox_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbSyncConflict, gb_sync_conflict_free)

const char * const *gb_store_sync_outbox_tables (void);
char       *gb_store_sync_key_sql             (const char   *table,
                                               const char   *row);

gboolean    gb_store_sync_enable_outbox       (GbStore      *self,
                                               GError      **error);
gboolean    gb_store_sync_outbox_enabled      (GbStore      *self);
gboolean    gb_store_sync_begin_apply         (GbStore      *self,
                                               GError      **error);
void        gb_store_sync_end_apply           (GbStore      *self);

gint64      gb_store_sync_outbox_count        (GbStore      *self);
GPtrArray  *gb_store_sync_outbox_list         (GbStore      *self,
                                               guint         limit,
                                               GError      **error);
gboolean    gb_store_sync_outbox_mark_sent    (GbStore      *self,
                                               const char   *change_id,
                                               GError      **error);
gboolean    gb_store_sync_outbox_remove       (GbStore      *self,
                                               const char   *change_id,
                                               GError      **error);
gboolean    gb_store_sync_outbox_add          (GbStore      *self,
                                               const char   *table,
                                               const char   *key,
                                               const char   *op,
                                               GError      **error);
gboolean    gb_store_sync_row_pending         (GbStore      *self,
                                               const char   *table,
                                               const char   *key,
                                               gboolean     *pending,
                                               GError      **error);
GHashTable *gb_store_sync_pending_rows        (GbStore      *self,
                                               GError      **error);

gint64      gb_store_sync_get_cursor          (GbStore      *self);
gboolean    gb_store_sync_set_cursor          (GbStore      *self,
                                               gint64        cursor,
                                               GError      **error);
char       *gb_store_sync_get_state           (GbStore      *self,
                                               const char   *key);
gboolean    gb_store_sync_set_state           (GbStore      *self,
                                               const char   *key,
                                               const char   *value,
                                               GError      **error);
/* A copy whose area changed drops the rows outside it (gb-store-sync-area.c). */
gboolean    gb_store_sync_area_prune          (GbStore      *self,
                                               const char   *area,
                                               gint64       *kept,
                                               GError      **error);
char       *gb_store_sync_client_id           (GbStore      *self,
                                               GError      **error);

gboolean    gb_store_sync_add_conflict        (GbStore      *self,
                                               const char   *change_id,
                                               const char   *table,
                                               const char   *key,
                                               const char   *server_row,
                                               const char   *client_row,
                                               const char   *reason,
                                               GError      **error);
GPtrArray  *gb_store_sync_list_conflicts      (GbStore      *self,
                                               GError      **error);
gint64      gb_store_sync_conflict_count      (GbStore      *self);
GbSyncConflict *gb_store_sync_get_conflict    (GbStore      *self,
                                               gint64        id,
                                               GError      **error);
char       *gb_store_sync_describe_row        (GbStore      *self,
                                               const char   *table,
                                               const char   *key);
gboolean    gb_store_sync_mark_resolved       (GbStore      *self,
                                               gint64        id,
                                               const char   *resolution,
                                               GError      **error);

gboolean    gb_store_sync_note_pushed         (GbStore      *self,
                                               const char   *table,
                                               const char   *key,
                                               const char   *op,
                                               gint64        last,
                                               GError      **error);
gboolean    gb_store_sync_requeue_pushed      (GbStore      *self,
                                               gint64        after,
                                               GError      **error);

char       *gb_store_sync_table_checksum      (GbStore      *self,
                                               const char   *table,
                                               const char   *columns,
                                               GError      **error);

G_END_DECLS
