/* gb-sync-json.c — feed pages laid out flat, without a node per value
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parsing is SQLite's (json_tree: RFC 8259, as SQLite 3.40 reads JSON); the text must also
 * be valid UTF-8 with no NUL, and nested at most MAX_DEPTH deep. Numbers without a fraction or
 * an exponent that fit in 64 bits are integers, the rest reals (as json-glib reads them).
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "gb-store-private.h"
#include "gb-sync-json.h"

#define MAX_DEPTH 64

/* SQLite's JSON parser (json_tree, RFC 8259 in SQLite 3.40) reads the page; this file only lays
 * its nodes out flat. A connection of its own per thread: pages are read on the fetch thread,
 * never on the store's connection. */
typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *tree;
} TreeReader;

static void
tree_reader_free (gpointer data)
{
  TreeReader *r = data;

  sqlite3_finalize (r->tree);
  sqlite3_close (r->db);
  g_free (r);
}

static GPrivate tree_reader_key = G_PRIVATE_INIT (tree_reader_free);

static sqlite3_stmt *
tree_statement (GError **error)
{
  TreeReader *r = g_private_get (&tree_reader_key);

  if (r == NULL)
    {
      r = g_new0 (TreeReader, 1);
      gb_store_configure_sqlite ();
      if (sqlite3_open_v2 (":memory:", &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK
          || sqlite3_prepare_v3 (r->db, "SELECT type, atom, id, parent, key FROM json_tree (?1)", -1,
                                 SQLITE_PREPARE_PERSISTENT, &r->tree, NULL) != SQLITE_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not start SQLite's JSON reader: %s",
                       r->db ? sqlite3_errmsg (r->db) : "out of memory");
          tree_reader_free (r);
          return NULL;
        }
      g_private_set (&tree_reader_key, r);
    }
  return r->tree;
}

static guint
new_val (GbJsonDoc *doc,
         guint8     type)
{
  GbJsonVal *v;

  if (doc->n_vals == doc->alloc)
    {
      doc->alloc = MAX (64, doc->alloc * 2);
      doc->vals = g_renew (GbJsonVal, doc->vals, doc->alloc);
    }
  v = &doc->vals[doc->n_vals];
  v->type = type;
  v->len = 0;
  v->v.i = 0;
  v->end = ++doc->n_vals;
  return doc->n_vals - 1;
}

/* Strings go into doc->text one after another: unescaped, each is shorter than its quoted
 * source, so the text's own size is always room enough. Offsets until the end, pointers then. */
static guint
add_string (GbJsonDoc  *doc,
            gsize      *used,
            const char *s,
            int         n)
{
  guint i = new_val (doc, GB_JSON_STRING);

  memcpy (doc->text + *used, s, n);
  doc->text[*used + n] = '\0';
  doc->vals[i].v.i = (gint64) *used;
  doc->vals[i].len = n;
  *used += n + 1;
  return i;
}

typedef struct
{
  sqlite3_int64 id;
  guint         index;
} Open;

/* Lays out one row of json_tree (the value at its place in @open); FALSE with @error set when
 * it nests too deep. */
static gboolean
add_tree_row (GbJsonDoc     *doc,
              sqlite3_stmt  *tree,
              Open          *open,
              guint         *depth,
              gsize         *used,
              GError       **error)
{
  const char *type = (const char *) sqlite3_column_text (tree, 0);
  gboolean in_object = *depth > 0 && doc->vals[open[*depth - 1].index].type == GB_JSON_OBJECT;
  guint i;

  if (in_object)
    add_string (doc, used, (const char *) sqlite3_column_text (tree, 4), sqlite3_column_bytes (tree, 4));
  switch (type[0])
    {
    case 'n':
      new_val (doc, GB_JSON_NULL);
      break;
    case 't':
      if (type[1] == 'r')
        new_val (doc, GB_JSON_TRUE);
      else
        add_string (doc, used, (const char *) sqlite3_column_text (tree, 1), sqlite3_column_bytes (tree, 1));
      break;
    case 'f':
      new_val (doc, GB_JSON_FALSE);
      break;
    case 'i':
      i = new_val (doc, GB_JSON_INT);
      doc->vals[i].v.i = sqlite3_column_int64 (tree, 1);
      /* Past 64 bits SQLite gives a real: so does json-glib. */
      if (sqlite3_column_type (tree, 1) == SQLITE_FLOAT)
        {
          doc->vals[i].type = GB_JSON_REAL;
          doc->vals[i].v.r = sqlite3_column_double (tree, 1);
        }
      break;
    case 'r':
      i = new_val (doc, GB_JSON_REAL);
      doc->vals[i].v.r = sqlite3_column_double (tree, 1);
      break;
    case 'o':
    case 'a':
      if (*depth == MAX_DEPTH)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "nested deeper than %d levels", MAX_DEPTH);
          return FALSE;
        }
      i = new_val (doc, type[0] == 'o' ? GB_JSON_OBJECT : GB_JSON_ARRAY);
      open[*depth].id = sqlite3_column_int64 (tree, 2);
      open[*depth].index = i;
      (*depth)++;
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* Turns the strings' offsets into pointers. SQLite turns a lone surrogate escape into bytes
 * that are not UTF-8, and cuts a string at an escaped NUL, which no C string can hold anyway:
 * with any backslash-u escape in the text, every string is checked and an escaped NUL refused. */
static gboolean
finish_strings (GbJsonDoc   *doc,
                const char  *data,
                gsize        len,
                GError     **error)
{
  gboolean escapes = g_strstr_len (data, len, "\\u") != NULL;

  if (escapes && g_strstr_len (data, len, "\\u0000") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a NUL in a string");
      return FALSE;
    }
  for (guint i = 0; i < doc->n_vals; i++)
    if (doc->vals[i].type == GB_JSON_STRING)
      {
        doc->vals[i].v.s = doc->text + doc->vals[i].v.i;
        if (escapes && (!g_utf8_validate (doc->vals[i].v.s, doc->vals[i].len, NULL)
                        || strlen (doc->vals[i].v.s) != doc->vals[i].len))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a \\u escape that is not a character");
            return FALSE;
          }
      }
  return TRUE;
}

/**
 * gb_json_doc_parse:
 *
 * Returns: (transfer full): the document, or NULL with @error set (G_IO_ERROR_INVALID_DATA)
 *   when @data is not exactly one JSON value
 */
GbJsonDoc *
gb_json_doc_parse (const char  *data,
                   gsize        len,
                   GError     **error)
{
  g_autoptr(GbJsonDoc) doc = NULL;
  sqlite3_stmt *tree;
  Open open[MAX_DEPTH + 1];
  guint depth = 0;
  gsize used = 0;
  int rc;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* SQLite reads a bound text up to its first NUL: a NUL anywhere would hide what follows. */
  if (len > G_MAXINT || memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                   len > G_MAXINT ? "the text is too long" : memchr (data, '\0', len) ? "NUL in the text" : "not valid UTF-8");
      return NULL;
    }
  if ((tree = tree_statement (error)) == NULL)
    return NULL;
  doc = g_new0 (GbJsonDoc, 1);
  doc->text = g_malloc (len + 1);
  doc->alloc = MAX (64, len / 12);
  doc->vals = g_new (GbJsonVal, doc->alloc);
  sqlite3_bind_text (tree, 1, data, (int) len, SQLITE_STATIC);
  while ((rc = sqlite3_step (tree)) == SQLITE_ROW)
    {
      /* Rows come in document order: close the containers this one is not inside. */
      if (sqlite3_column_type (tree, 3) != SQLITE_NULL)
        {
          sqlite3_int64 parent = sqlite3_column_int64 (tree, 3);

          while (depth > 0 && open[depth - 1].id != parent)
            doc->vals[open[--depth].index].end = doc->n_vals;
          if (depth == 0)
            break;   /* cannot happen with SQLite's json_tree; refused below if it does */
          doc->vals[open[depth - 1].index].len++;
        }
      else if (doc->n_vals > 0)
        break;
      if (!add_tree_row (doc, tree, open, &depth, &used, error))
        {
          sqlite3_reset (tree);
          return NULL;
        }
    }
  if (rc != SQLITE_DONE)
    {
      const char *why = sqlite3_errmsg (sqlite3_db_handle (tree));

      sqlite3_reset (tree);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, rc == SQLITE_ROW ? "more than one value" : "%s", why);
      return NULL;
    }
  sqlite3_reset (tree);
  if (doc->n_vals == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no value");
      return NULL;
    }
  while (depth > 0)
    doc->vals[open[--depth].index].end = doc->n_vals;
  if (!finish_strings (doc, data, len, error))
    return NULL;
  return g_steal_pointer (&doc);
}

void
gb_json_doc_free (GbJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->text);
  g_free (doc->vals);
  g_free (doc);
}

/**
 * gb_json_doc_member:
 * @object: index of an object
 *
 * Returns: the index of the value of member @name (the last one if named twice, as json-glib
 *   does), 0 when there is none
 */
guint
gb_json_doc_member (const GbJsonDoc *doc,
                    guint            object,
                    const char      *name)
{
  const GbJsonVal *o = &doc->vals[object];
  guint found = 0;

  if (o->type != GB_JSON_OBJECT)
    return 0;
  for (guint i = object + 1; i < o->end; i = doc->vals[i + 1].end)
    {
      const char *s = doc->vals[i].v.s;

      if (s[0] == name[0] && strcmp (s, name) == 0)
        found = i + 1;
    }
  return found;
}

/**
 * gb_json_doc_to_node:
 *
 * Returns: (transfer full): the value at @index as a json-glib node (for codecs that take
 *   JsonNode, and for the canonical text of a key)
 */
JsonNode *
gb_json_doc_to_node (const GbJsonDoc *doc,
                     guint            index)
{
  const GbJsonVal *v = &doc->vals[index];
  JsonNode *node;

  switch (v->type)
    {
    case GB_JSON_NULL:
      return json_node_new (JSON_NODE_NULL);
    case GB_JSON_FALSE:
    case GB_JSON_TRUE:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, v->type == GB_JSON_TRUE);
      return node;
    case GB_JSON_INT:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, v->v.i);
      return node;
    case GB_JSON_REAL:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, v->v.r);
      return node;
    case GB_JSON_STRING:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, v->v.s);
      return node;
    case GB_JSON_OBJECT:
      {
        JsonObject *object = json_object_new ();

        for (guint i = index + 1; i < v->end; i = doc->vals[i + 1].end)
          json_object_set_member (object, doc->vals[i].v.s, gb_json_doc_to_node (doc, i + 1));
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (node, object);
        return node;
      }
    case GB_JSON_ARRAY:
      {
        JsonArray *array = json_array_sized_new (v->len);

        for (guint i = index + 1; i < v->end; i = doc->vals[i].end)
          json_array_add_element (array, gb_json_doc_to_node (doc, i));
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }
    default:
      g_assert_not_reached ();
    }
}

/* ---- canonical text ------------------------------------------------------------------------ */

/* Keys built by SQL triggers and keys sent by the server compare equal as text whatever order
 * the server wrote them in. */
static JsonNode *
canonical_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) copy = json_object_new ();
      GList *members = g_list_sort (json_object_get_members (object), (GCompareFunc) strcmp);
      JsonNode *result;

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (copy, l->data, canonical_copy (json_object_get_member (object, l->data)));
      g_list_free (members);
      result = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));
      JsonNode *result;

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, canonical_copy (json_array_get_element (array, i)));
      result = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (result, copy);
      return result;
    }
  return json_node_copy (node);
}

/**
 * gb_sync_canonical_json:
 * @node: (nullable): any JSON value
 *
 * Returns: @node as compact JSON with object members sorted by name ("null" for NULL)
 */
char *
gb_sync_canonical_json (JsonNode *node)
{
  g_autoptr(JsonNode) copy = NULL;

  if (node == NULL)
    return g_strdup ("null");
  copy = canonical_copy (node);
  return json_to_string (copy, FALSE);
}

/* ---- values as the codec reads them --------------------------------------------------------- */

/**
 * gb_sync_json_object_member:
 * @object: a #JsonObject
 *
 * #GbSyncMemberFunc over a json-glib object.
 */
void
gb_sync_json_object_member (gconstpointer  object,
                            const char    *name,
                            GbSyncValue   *v)
{
  JsonNode *n;

  g_return_if_fail (object != NULL && name != NULL && v != NULL);

  n = json_object_get_member ((JsonObject *) object, name);
  memset (v, 0, sizeof *v);
  if (n == NULL)
    v->type = GB_SYNC_VALUE_ABSENT;
  else if (JSON_NODE_HOLDS_NULL (n))
    v->type = GB_SYNC_VALUE_NULL;
  else if (!JSON_NODE_HOLDS_VALUE (n))
    v->type = GB_SYNC_VALUE_OTHER;
  else
    switch (json_node_get_value_type (n))
      {
      case G_TYPE_STRING:
        v->type = GB_SYNC_VALUE_STRING;
        v->s = json_node_get_string (n);
        break;
      case G_TYPE_INT64:
        v->type = GB_SYNC_VALUE_INT;
        v->i = json_node_get_int (n);
        break;
      case G_TYPE_DOUBLE:
        v->type = GB_SYNC_VALUE_DOUBLE;
        v->r = json_node_get_double (n);
        break;
      case G_TYPE_BOOLEAN:
        v->type = GB_SYNC_VALUE_BOOLEAN;
        v->i = json_node_get_boolean (n);
        break;
      default:
        v->type = GB_SYNC_VALUE_OTHER;
      }
}

/* A value of a document as the codec reads it. */
static void
sync_value (const GbJsonDoc *doc,
            guint            i,
            GbSyncValue     *value)
{
  const GbJsonVal *v = &doc->vals[i];

  memset (value, 0, sizeof *value);
  if (i == 0)
    {
      value->type = GB_SYNC_VALUE_ABSENT;
      return;
    }
  switch (v->type)
    {
    case GB_JSON_NULL: value->type = GB_SYNC_VALUE_NULL; break;
    case GB_JSON_FALSE: value->type = GB_SYNC_VALUE_BOOLEAN; break;
    case GB_JSON_TRUE: value->type = GB_SYNC_VALUE_BOOLEAN; value->i = 1; break;
    case GB_JSON_INT: value->type = GB_SYNC_VALUE_INT; value->i = v->v.i; break;
    case GB_JSON_REAL: value->type = GB_SYNC_VALUE_DOUBLE; value->r = v->v.r; break;
    case GB_JSON_STRING: value->type = GB_SYNC_VALUE_STRING; value->s = v->v.s; break;
    default: value->type = GB_SYNC_VALUE_OTHER;
    }
}

/**
 * gb_json_doc_sync_member:
 * @object: a #GbJsonObjectRef
 *
 * #GbSyncMemberFunc over a flat document.
 */
void
gb_json_doc_sync_member (gconstpointer  object,
                         const char    *name,
                         GbSyncValue   *value)
{
  const GbJsonObjectRef *o = object;

  sync_value (o->doc, gb_json_doc_member (o->doc, o->object, name), value);
}

/**
 * gb_json_doc_row_value:
 * @names: index of an array of member names
 * @values: index of an array of as many values
 *
 * Returns: the index of the value named @name, 0 when there is none (the last one if named
 *   twice, as for an object)
 */
guint
gb_json_doc_row_value (const GbJsonDoc *doc,
                       guint            names,
                       guint            values,
                       const char      *name)
{
  guint found = 0;

  for (guint n = names + 1, v = values + 1; n < doc->vals[names].end && v < doc->vals[values].end;
       n = doc->vals[n].end, v = doc->vals[v].end)
    {
      const char *s = doc->vals[n].v.s;

      if (doc->vals[n].type == GB_JSON_STRING && s[0] == name[0] && strcmp (s, name) == 0)
        found = v;
    }
  return found;
}

/**
 * gb_json_doc_sync_row_member:
 * @object: a #GbJsonRowRef
 *
 * #GbSyncMemberFunc over a row given as names and values (the compact feed).
 */
void
gb_json_doc_sync_row_member (gconstpointer  object,
                             const char    *name,
                             GbSyncValue   *value)
{
  const GbJsonRowRef *r = object;

  sync_value (r->doc, gb_json_doc_row_value (r->doc, r->names, r->values, name), value);
}

/**
 * gb_json_doc_row_to_node:
 * @names: index of an array of member names (strings)
 * @values: index of an array of as many values
 * @pick: (nullable): index of an array of names: only these members, in this order
 *
 * Returns: (transfer full): the row as a json-glib object
 */
JsonNode *
gb_json_doc_row_to_node (const GbJsonDoc *doc,
                         guint            names,
                         guint            values,
                         guint            pick)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  guint list = pick ? pick : names;

  for (guint n = list + 1; n < doc->vals[list].end; n = doc->vals[n].end)
    {
      const char *name = doc->vals[n].v.s;
      guint v = gb_json_doc_row_value (doc, names, values, name);

      if (v != 0)
        json_object_set_member (object, name, gb_json_doc_to_node (doc, v));
    }
  json_node_take_object (node, object);
  return node;
}
