/* gb-sync-json.h — the JSON both sides of the sync share: canonical text, values as the codec
 * reads them, and feed pages laid out flat, without a node per value
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by the client, the codec, the feed and push intake; it depends on none of them. A page
 * of the national feed is a few MiB of JSON with ~20 values per row; json-glib gives every
 * value a node, every object a hash table, and frees them one by one, which cost more than
 * writing the rows to SQLite. Here SQLite's json_tree reads the page and the whole document
 * becomes one array of values in document order (a value's children follow it; `end` skips
 * them), its strings in one block of text.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Canonical JSON: object members sorted by name, no spaces (keys compare equal as text). */
char      *gb_sync_canonical_json  (JsonNode *node);

/* One member of a row or key as the codec reads it, whoever parsed the JSON: the client reads
 * feed pages with the flat parser below, the daemon with json-glib. */
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

/* #GbSyncMemberFunc over a json-glib #JsonObject. */
void       gb_sync_json_object_member (gconstpointer  object,
                                       const char    *name,
                                       GbSyncValue   *value);

typedef enum
{
  GB_JSON_NULL,
  GB_JSON_FALSE,
  GB_JSON_TRUE,
  GB_JSON_INT,
  GB_JSON_REAL,
  GB_JSON_STRING,
  GB_JSON_OBJECT,
  GB_JSON_ARRAY,
} GbJsonType;

typedef struct
{
  guint8   type;
  guint32  end;     /* index just past this value and all it holds */
  guint32  len;     /* string: bytes; object: members; array: elements */
  union
  {
    gint64      i;
    double      r;
    const char *s;  /* NUL-terminated, valid UTF-8 */
  } v;
} GbJsonVal;

typedef struct _GbJsonDoc GbJsonDoc;

struct _GbJsonDoc
{
  char      *text;
  GbJsonVal *vals;
  guint      n_vals;
  guint      alloc;
};

GbJsonDoc *gb_json_doc_parse     (const char      *data,
                                  gsize            len,
                                  GError         **error);
void       gb_json_doc_free      (GbJsonDoc       *doc);
guint      gb_json_doc_member    (const GbJsonDoc *doc,
                                  guint            object,
                                  const char      *name);
JsonNode  *gb_json_doc_to_node   (const GbJsonDoc *doc,
                                  guint            index);

/* An object of a document, as the codec reads it (gb_json_doc_sync_member()). */
typedef struct
{
  const GbJsonDoc *doc;
  guint            object;
} GbJsonObjectRef;

void       gb_json_doc_sync_member (gconstpointer  object,
                                    const char    *name,
                                    GbSyncValue   *value);

/* A row of the compact feed: an array of member names and an array of their values. */
typedef struct
{
  const GbJsonDoc *doc;
  guint            names;
  guint            values;
} GbJsonRowRef;

guint      gb_json_doc_row_value       (const GbJsonDoc *doc,
                                        guint            names,
                                        guint            values,
                                        const char      *name);
void       gb_json_doc_sync_row_member (gconstpointer    object,
                                        const char      *name,
                                        GbSyncValue     *value);
JsonNode  *gb_json_doc_row_to_node     (const GbJsonDoc *doc,
                                        guint            names,
                                        guint            values,
                                        guint            pick);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbJsonDoc, gb_json_doc_free)

/* The first member (key at i, value at i + 1) of the object at @o, and the next one. */
#define GB_JSON_FIRST_MEMBER(doc, o)  ((o) + 1)
#define GB_JSON_NEXT_MEMBER(doc, i)   ((doc)->vals[(i) + 1].end)

G_END_DECLS
