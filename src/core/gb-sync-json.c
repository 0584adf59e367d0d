/* gb-sync-json.c — a strict JSON reader for feed pages, flat and without a node per value
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 8259 and nothing more: no comments, no trailing commas, no single quotes, no bare
 * words; strings must be valid UTF-8 with no raw control characters; \u escapes in pairs for
 * characters past the BMP; nesting at most MAX_DEPTH deep. Numbers without a fraction or an
 * exponent that fit in 64 bits are integers, the rest reals (as json-glib reads them).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "gb-sync-json.h"

#define MAX_DEPTH 64

typedef struct
{
  GbJsonDoc  *doc;
  char       *p;
  char       *start;
  char       *end;
  const char *why;
} Parser;

static gboolean parse_value (Parser *ps, guint depth);

static guint
new_val (Parser *ps,
         guint8  type)
{
  GbJsonDoc *doc = ps->doc;
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

static inline void
skip_space (Parser *ps)
{
  while (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t')
    ps->p++;
}

static gboolean
fail (Parser     *ps,
      const char *why)
{
  ps->why = why;
  return FALSE;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      value = value * 16 + d;
    }
  return value;
}

/* Unescapes in place: the text only shrinks, and the closing quote leaves room for the NUL. */
static gboolean
parse_string (Parser *ps)
{
  char *start = ++ps->p;
  char *w;
  gboolean high = FALSE;
  guint i = new_val (ps, GB_JSON_STRING);

  /* The common case: nothing escaped. */
  while ((guchar) *ps->p >= 0x20 && *ps->p != '"' && *ps->p != '\\')
    high |= (guchar) *ps->p++ >= 0x80;
  w = ps->p;
  for (;;)
    {
      guchar c = (guchar) *ps->p;

      if (c == '"')
        break;
      if (ps->p >= ps->end)
        return fail (ps, "unterminated string");
      if (c < 0x20)
        return fail (ps, "control character in a string");
      if (c != '\\')
        {
          high |= c >= 0x80;
          *w++ = (char) c;
          ps->p++;
          continue;
        }
      ps->p++;
      switch (*ps->p)
        {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '/': *w++ = '/'; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u':
          {
            int u = hex4 (ps->p + 1);
            gunichar ch;

            if (u < 0)
              return fail (ps, "bad \\u escape");
            ps->p += 4;
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                int lo;

                if (ps->p[1] != '\\' || ps->p[2] != 'u' || (lo = hex4 (ps->p + 3)) < 0xDC00 || lo > 0xDFFF)
                  return fail (ps, "unpaired surrogate in a \\u escape");
                ps->p += 6;
                ch = 0x10000 + ((gunichar) (u - 0xD800) << 10) + (gunichar) (lo - 0xDC00);
              }
            else if (u >= 0xDC00 && u <= 0xDFFF)
              return fail (ps, "unpaired surrogate in a \\u escape");
            else
              ch = (gunichar) u;
            if (ch == 0)
              return fail (ps, "NUL in a string");
            w += g_unichar_to_utf8 (ch, w);
          }
          break;
        default:
          return fail (ps, "bad escape in a string");
        }
      ps->p++;
    }
  *w = '\0';
  ps->p++;
  if (high && !g_utf8_validate (start, w - start, NULL))
    return fail (ps, "a string is not valid UTF-8");
  ps->doc->vals[i].v.s = start;
  ps->doc->vals[i].len = (guint32) (w - start);
  return TRUE;
}

static gboolean
parse_number (Parser *ps)
{
  char *s = ps->p;
  gboolean integer = TRUE;
  guint i;

  if (*ps->p == '-')
    ps->p++;
  if (*ps->p == '0')
    ps->p++;
  else if (*ps->p >= '1' && *ps->p <= '9')
    while (g_ascii_isdigit (*ps->p))
      ps->p++;
  else
    return fail (ps, "bad number");
  if (*ps->p == '.')
    {
      integer = FALSE;
      ps->p++;
      if (!g_ascii_isdigit (*ps->p))
        return fail (ps, "bad number");
      while (g_ascii_isdigit (*ps->p))
        ps->p++;
    }
  if (*ps->p == 'e' || *ps->p == 'E')
    {
      integer = FALSE;
      ps->p++;
      if (*ps->p == '+' || *ps->p == '-')
        ps->p++;
      if (!g_ascii_isdigit (*ps->p))
        return fail (ps, "bad number");
      while (g_ascii_isdigit (*ps->p))
        ps->p++;
    }
  if (integer)
    {
      gboolean negative = *s == '-';
      guint64 value = 0;
      gboolean overflow = FALSE;

      for (const char *d = negative ? s + 1 : s; d < ps->p; d++)
        {
          guint digit = (guint) (*d - '0');

          if (value > (G_MAXUINT64 - digit) / 10)
            overflow = TRUE;
          value = value * 10 + digit;
        }
      if (!overflow && value <= (negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64))
        {
          i = new_val (ps, GB_JSON_INT);
          ps->doc->vals[i].v.i = negative ? (gint64) (0 - value) : (gint64) value;
          return TRUE;
        }
    }
  {
    char saved = *ps->p;

    /* g_ascii_strtod() reads up to the first character that cannot belong to a number. */
    *ps->p = '\0';
    i = new_val (ps, GB_JSON_REAL);
    ps->doc->vals[i].v.r = g_ascii_strtod (s, NULL);
    *ps->p = saved;
  }
  return TRUE;
}

static gboolean
literal (Parser     *ps,
         const char *word,
         gsize       len,
         guint8      type)
{
  if ((gsize) (ps->end - ps->p) < len || memcmp (ps->p, word, len) != 0)
    return fail (ps, "unexpected character");
  ps->p += len;
  new_val (ps, type);
  return TRUE;
}

static gboolean
parse_value (Parser *ps,
             guint   depth)
{
  guint i;

  skip_space (ps);
  if (ps->p >= ps->end)
    return fail (ps, "unexpected end of the text");
  switch (*ps->p)
    {
    case '{':
      if (depth >= MAX_DEPTH)
        return fail (ps, "nested too deep");
      i = new_val (ps, GB_JSON_OBJECT);
      ps->p++;
      skip_space (ps);
      if (*ps->p == '}')
        ps->p++;
      else
        for (;;)
          {
            skip_space (ps);
            if (*ps->p != '"')
              return fail (ps, "a member name must be a string");
            if (!parse_string (ps))
              return FALSE;
            skip_space (ps);
            if (*ps->p != ':')
              return fail (ps, "“:” expected after a member name");
            ps->p++;
            if (!parse_value (ps, depth + 1))
              return FALSE;
            ps->doc->vals[i].len++;
            skip_space (ps);
            if (*ps->p == ',')
              {
                ps->p++;
                continue;
              }
            if (*ps->p == '}')
              {
                ps->p++;
                break;
              }
            return fail (ps, "“,” or “}” expected in an object");
          }
      ps->doc->vals[i].end = ps->doc->n_vals;
      return TRUE;
    case '[':
      if (depth >= MAX_DEPTH)
        return fail (ps, "nested too deep");
      i = new_val (ps, GB_JSON_ARRAY);
      ps->p++;
      skip_space (ps);
      if (*ps->p == ']')
        ps->p++;
      else
        for (;;)
          {
            if (!parse_value (ps, depth + 1))
              return FALSE;
            ps->doc->vals[i].len++;
            skip_space (ps);
            if (*ps->p == ',')
              {
                ps->p++;
                continue;
              }
            if (*ps->p == ']')
              {
                ps->p++;
                break;
              }
            return fail (ps, "“,” or “]” expected in an array");
          }
      ps->doc->vals[i].end = ps->doc->n_vals;
      return TRUE;
    case '"':
      return parse_string (ps);
    case 't':
      return literal (ps, "true", 4, GB_JSON_TRUE);
    case 'f':
      return literal (ps, "false", 5, GB_JSON_FALSE);
    case 'n':
      return literal (ps, "null", 4, GB_JSON_NULL);
    default:
      if (*ps->p == '-' || g_ascii_isdigit (*ps->p))
        return parse_number (ps);
      return fail (ps, "unexpected character");
    }
}

/**
 * gb_json_doc_parse:
 *
 * Returns: (transfer full): the document, or NULL with @error set (G_IO_ERROR_INVALID_DATA,
 *   saying what and at which byte) when @data is not exactly one JSON value
 */
GbJsonDoc *
gb_json_doc_parse (const char  *data,
                   gsize        len,
                   GError     **error)
{
  g_autoptr(GbJsonDoc) doc = g_new0 (GbJsonDoc, 1);
  Parser ps = { 0 };

  /* One copy, NUL-terminated: every scan stops at the NUL even on cut-off text. */
  doc->text = g_malloc (len + 1);
  memcpy (doc->text, data, len);
  doc->text[len] = '\0';
  doc->alloc = MAX (64, len / 12);
  doc->vals = g_new (GbJsonVal, doc->alloc);
  ps.doc = doc;
  ps.p = ps.start = doc->text;
  ps.end = doc->text + len;
  if (parse_value (&ps, 0))
    {
      skip_space (&ps);
      if (ps.p != ps.end)
        fail (&ps, ps.p < ps.end && *ps.p == '\0' ? "NUL in the text" : "text after the value");
    }
  else if (ps.p > ps.end)
    ps.p = ps.end;
  if (ps.why != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s at byte %zu", ps.why,
                   (gsize) (MIN (ps.p, ps.end) - ps.start));
      return NULL;
    }
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
  guint i = gb_json_doc_member (o->doc, o->object, name);
  const GbJsonVal *v = &o->doc->vals[i];

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
