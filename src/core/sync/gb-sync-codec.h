/* gb-sync-codec.h — synced rows as JSON, named by their sync keys, never by local ids
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by giaoband (the feed and pushes) and the sync client. See docs/sync-api.md for the
 * tables, their keys and their row members.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gb-store.h"
#include "gb-sync-json.h"

G_BEGIN_DECLS

const char * const *gb_sync_codec_tables      (void);
gboolean            gb_sync_codec_has_table   (const char  *table);
char               *gb_sync_codec_key_string  (JsonNode    *key);

JsonNode           *gb_sync_codec_encode      (GbStore     *store,
                                               const char  *table,
                                               JsonNode    *key,
                                               GError     **error);
gboolean            gb_sync_codec_apply       (GbStore     *store,
                                               const char  *table,
                                               const char  *op,
                                               JsonNode    *key,
                                               JsonNode    *row,
                                               GError     **error);
gboolean            gb_sync_codec_apply_members (GbStore          *store,
                                                 const char       *table,
                                                 const char       *op,
                                                 GbSyncMemberFunc  member,
                                                 gconstpointer     key,
                                                 guint             key_size,
                                                 gconstpointer     row,
                                                 GError          **error);
gboolean            gb_sync_codec_validate    (const char  *table,
                                               const char  *op,
                                               JsonNode    *key,
                                               JsonNode    *row,
                                               GError     **error);
char               *gb_sync_codec_row_unit    (GbStore     *store,
                                               const char  *table,
                                               JsonNode    *key,
                                               JsonNode    *row);

/* A synced row as a database keeping rows as JSON holds it (gb_sync_codec_json_row()). */
typedef struct
{
  char      *object;   /* the row as the feed sends it; NULL for a delete */
  char      *array;    /* the same values in the compact format's order */
  char      *ident;    /* "table:value" naming it for other rows, or NULL */
  char      *unit;     /* the unit it belongs to, or NULL */
  GPtrArray *parents;  /* "table:value" of every row it names */
  GPtrArray *owners;   /* those of them it cannot be without */
} GbSyncJsonRow;

typedef gboolean (*GbSyncRefExists) (const char  *ident,
                                     gboolean    *found,
                                     gpointer     data,
                                     GError     **error);

gboolean            gb_sync_codec_json_row    (const char      *table,
                                               const char      *op,
                                               JsonNode        *key,
                                               JsonNode        *row,
                                               GbSyncRefExists  exists,
                                               gpointer         data,
                                               GbSyncJsonRow   *out,
                                               GError         **error);
void                gb_sync_json_row_clear    (GbSyncJsonRow   *row);

G_END_DECLS
