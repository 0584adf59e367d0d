/* gb-sync-codec.h — synced rows as JSON, named by their sync keys, never by local ids
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by giaoband (the feed and pushes) and the sync client. See docs/sync-api.md for the
 * tables, their keys and their row members.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gb-store.h"

G_BEGIN_DECLS

/* One member of a row or key as the codec reads it, whoever parsed the JSON: the client reads
 * feed pages with a flat parser of its own (gb-sync-json.c), the daemon with json-glib. */
typedef enum
{
  GB_SYNC_VALUE_ABSENT,
  GB_SYNC_VALUE_NULL,
  GB_SYNC_VALUE_BOOLEAN,
  GB_SYNC_VALUE_INT,
  GB_SYNC_VALUE_DOUBLE,
  GB_SYNC_VALUE_STRING,
  GB_SYNC_VALUE_OTHER,      /* an object or an array */
} GbSyncValueType;

typedef struct
{
  GbSyncValueType  type;
  const char      *s;       /* GB_SYNC_VALUE_STRING; must stay valid while the row is applied */
  gint64           i;       /* GB_SYNC_VALUE_INT, GB_SYNC_VALUE_BOOLEAN */
  double           r;       /* GB_SYNC_VALUE_DOUBLE */
} GbSyncValue;

/* Fills @value with member @name of @object (GB_SYNC_VALUE_ABSENT when it has none). */
typedef void (*GbSyncMemberFunc) (gconstpointer  object,
                                  const char    *name,
                                  GbSyncValue   *value);

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
char               *gb_sync_codec_row_unit    (GbStore     *store,
                                               const char  *table,
                                               JsonNode    *key,
                                               JsonNode    *row);

G_END_DECLS
