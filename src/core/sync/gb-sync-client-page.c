/* gb-sync-client-page.c — a feed page read and checked in full before anything is applied
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feed pages are read with the flat parser of gb-sync-json.c, not json-glib: a national page
 * as json-glib nodes cost more to build and free than its rows cost to write.
 */
#define G_LOG_DOMAIN "gb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gb-error.h"
#include "gb-sync-client-private.h"

/* A feed page's text read into a flat document. */
GbJsonDoc *
_gb_sync_read_page (const char    *path,
           GBytes        *bytes,
           GError       **error)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GbJsonDoc) doc = NULL;
  g_autoptr(GError) local = NULL;
  gsize len = 0;
  const char *data;

  data = g_bytes_get_data (bytes, &len);
  doc = gb_json_doc_parse (data, len, &local);
  g_debug ("%s: %zu bytes read in %.1f ms", path, len, (g_get_monotonic_time () - t0) / 1e3);
  if (doc == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("The server's answer to %s is not valid JSON (%zu bytes, maybe cut off): %s"),
                   path, len, local->message);
      return NULL;
    }
  if (doc->vals[0].type != GB_JSON_OBJECT)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("The server's answer to %s is not a JSON object"), path);
      return NULL;
    }
  return g_steal_pointer (&doc);
}

/* get_int(), get_bool() and get_string() on a flat document. */
static gboolean
doc_int (const GbJsonDoc  *doc,
         guint             object,
         const char       *member,
         gint64           *value,
         const char       *path,
         const char       *where,
         GError          **error)
{
  guint i = gb_json_doc_member (doc, object, member);

  if (i == 0 || doc->vals[i].type != GB_JSON_INT)
    return _gb_sync_bad_answer (error, path, _("%s“%s” must be an integer"), where, member);
  *value = doc->vals[i].v.i;
  if (*value < 0)
    return _gb_sync_bad_answer (error, path, _("%s“%s” is negative"), where, member);
  return TRUE;
}

static gboolean
doc_bool (const GbJsonDoc  *doc,
          guint             object,
          const char       *member,
          gboolean         *value,
          const char       *path,
          GError          **error)
{
  guint i = gb_json_doc_member (doc, object, member);

  if (i == 0 || (doc->vals[i].type != GB_JSON_TRUE && doc->vals[i].type != GB_JSON_FALSE))
    return _gb_sync_bad_answer (error, path, _("“%s” must be true or false"), member);
  *value = doc->vals[i].type == GB_JSON_TRUE;
  return TRUE;
}

static const char *
doc_string (const GbJsonDoc  *doc,
            guint             object,
            const char       *member,
            const char       *path,
            const char       *where,
            GError          **error)
{
  guint i = gb_json_doc_member (doc, object, member);

  if (i == 0 || doc->vals[i].type != GB_JSON_STRING || doc->vals[i].len == 0)
    {
      _gb_sync_bad_answer (error, path, _("%s“%s” must be a non-empty string"), where, member);
      return NULL;
    }
  return doc->vals[i].v.s;
}

/* The @n-th element of the array at @array, 0 when it has fewer. */
static guint
doc_element (const GbJsonDoc *doc,
             guint            array,
             guint            n)
{
  for (guint i = array + 1; i < doc->vals[array].end; i = doc->vals[i].end, n--)
    if (n == 0)
      return i;
  return 0;
}

static gboolean
all_strings (const GbJsonDoc *doc,
             guint            array)
{
  if (array == 0 || doc->vals[array].type != GB_JSON_ARRAY)
    return FALSE;
  for (guint i = array + 1; i < doc->vals[array].end; i = doc->vals[i].end)
    if (doc->vals[i].type != GB_JSON_STRING || doc->vals[i].len == 0)
      return FALSE;
  return TRUE;
}

/* A compact page's "columns": {"table": {"key": [names], "row": [names]}, …}, every name a
 * non-empty string and every key member one of the row's. */
static gboolean
check_columns (const GbJsonDoc  *doc,
               guint             columns,
               const char       *path,
               GError          **error)
{
  if (doc->vals[columns].type != GB_JSON_OBJECT)
    return _gb_sync_bad_answer (error, path, _("“columns” must be an object"));
  for (guint m = GB_JSON_FIRST_MEMBER (doc, columns); m < doc->vals[columns].end; m = GB_JSON_NEXT_MEMBER (doc, m))
    {
      const char *table = doc->vals[m].v.s;
      guint key = gb_json_doc_member (doc, m + 1, "key"), row = gb_json_doc_member (doc, m + 1, "row");

      if (doc->vals[m + 1].type != GB_JSON_OBJECT || !all_strings (doc, key) || !all_strings (doc, row) ||
          doc->vals[key].len == 0)
        return _gb_sync_bad_answer (error, path, _("columns.%s must have “key” and “row”, arrays of names"), table);
      for (guint k = key + 1; k < doc->vals[key].end; k = doc->vals[k].end)
        {
          gboolean found = FALSE;

          for (guint r = row + 1; r < doc->vals[row].end && !found; r = doc->vals[r].end)
            found = strcmp (doc->vals[k].v.s, doc->vals[r].v.s) == 0;
          if (!found)
            return _gb_sync_bad_answer (error, path, _("columns.%s: the key member “%s” is not in the row"), table,
                               doc->vals[k].v.s);
        }
    }
  return TRUE;
}

/* Reads change @c (index @n in the page) into @out, checking its shape. */
static gboolean
read_change (const GbJsonDoc  *doc,
             const GbSyncPage       *page,
             guint             c,
             guint             n,
             GbSyncChange           *out,
             GError          **error)
{
  const char *path = "/api/v1/changes";
  char where[32];
  guint data;

  memset (out, 0, sizeof *out);
  g_snprintf (where, sizeof where, "changes[%u].", n);
  if (doc->vals[c].type == GB_JSON_OBJECT)
    {
      if (!doc_int (doc, c, "seq", &out->seq, path, where, error) ||
          (out->table = doc_string (doc, c, "table", path, where, error)) == NULL ||
          (out->op = doc_string (doc, c, "op", path, where, error)) == NULL)
        return FALSE;
      out->key = gb_json_doc_member (doc, c, "key");
      out->row = gb_json_doc_member (doc, c, "row");
      if (out->key == 0 || doc->vals[out->key].type != GB_JSON_OBJECT || doc->vals[out->key].len == 0)
        return _gb_sync_bad_answer (error, path, _("changes[%u].key must be a non-empty object"), n);
      if (strcmp (out->op, "upsert") == 0 && (out->row == 0 || doc->vals[out->row].type != GB_JSON_OBJECT))
        return _gb_sync_bad_answer (error, path, _("changes[%u].row must be an object for an upsert"), n);
      if (strcmp (out->op, "delete") == 0 && out->row != 0 && doc->vals[out->row].type != GB_JSON_NULL)
        return _gb_sync_bad_answer (error, path, _("changes[%u].row must be null for a delete"), n);
      if (out->row != 0 && doc->vals[out->row].type != GB_JSON_OBJECT)
        out->row = 0;
    }
  else if (doc->vals[c].type == GB_JSON_ARRAY)
    {
      guint seq = doc_element (doc, c, 0), table = doc_element (doc, c, 1), op = doc_element (doc, c, 2);

      data = doc_element (doc, c, 3);
      if (doc->vals[c].len != 4)
        return _gb_sync_bad_answer (error, path, _("changes[%u] must be [seq, table, op, data]"), n);
      if (doc->vals[seq].type != GB_JSON_INT || doc->vals[seq].v.i < 0)
        return _gb_sync_bad_answer (error, path, _("changes[%u]: the sequence must be an integer, 0 or more"), n);
      if (doc->vals[table].type != GB_JSON_STRING || doc->vals[table].len == 0 ||
          doc->vals[op].type != GB_JSON_STRING)
        return _gb_sync_bad_answer (error, path, _("changes[%u]: the table and the operation must be strings"), n);
      out->seq = doc->vals[seq].v.i;
      out->table = doc->vals[table].v.s;
      out->op = doc->vals[op].v.s;
      if (strcmp (out->op, "upsert") == 0)
        {
          guint columns = page->columns ? gb_json_doc_member (doc, page->columns, out->table) : 0;

          if (columns == 0)
            return _gb_sync_bad_answer (error, path, _("changes[%u]: no columns for the table “%s”"), n, out->table);
          out->names = gb_json_doc_member (doc, columns, "row");
          out->key_names = gb_json_doc_member (doc, columns, "key");
          if (doc->vals[data].type != GB_JSON_ARRAY || doc->vals[data].len != doc->vals[out->names].len)
            return _gb_sync_bad_answer (error, path, _("changes[%u]: an upsert's row must be an array of %u values"), n,
                               doc->vals[out->names].len);
          out->key = out->row = data;
        }
      else
        {
          if (doc->vals[data].type != GB_JSON_OBJECT || doc->vals[data].len == 0)
            return _gb_sync_bad_answer (error, path, _("changes[%u]: a delete's key must be a non-empty object"), n);
          out->key = data;
        }
    }
  else
    return _gb_sync_bad_answer (error, path, _("changes[%u] must be an object or an array"), n);
  if (strcmp (out->op, "upsert") != 0 && strcmp (out->op, "delete") != 0)
    return _gb_sync_bad_answer (error, path, _("changes[%u].op is “%s”, not upsert or delete"), n, out->op);
  return TRUE;
}

/* The feed ends before this copy's cursor, and no new epoch explains it. */
gboolean
_gb_sync_feed_behind (GbSyncPage  *page,
                      GError     **error)
{
  g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
               _("The server's feed ends at %lld, before this copy's %lld: it is not the server "
                 "this copy was synced with, or it lost data"),
               (long long) page->last, (long long) page->since);
  return FALSE;
}

gboolean
_gb_sync_check_page (GbJsonDoc  *doc,
            gint64      asked,
            GbSyncPage       *page,
            GError    **error)
{
  const char *path = "/api/v1/changes";
  guint changes;
  gint64 prev;
  guint n = 0;

  if (!doc_int (doc, 0, "since", &page->since, path, "", error) ||
      !doc_int (doc, 0, "next", &page->next, path, "", error) ||
      !doc_int (doc, 0, "last", &page->last, path, "", error) ||
      !doc_bool (doc, 0, "more", &page->more, path, error))
    return FALSE;
  if (page->since != asked)
    return _gb_sync_bad_answer (error, path, _("it starts after %lld, not after %lld as asked"),
                       (long long) page->since, (long long) asked);
  if (page->next < page->since)
    return _gb_sync_bad_answer (error, path, _("the sequence goes backwards (next %lld < since %lld)"),
                       (long long) page->next, (long long) page->since);
  if (page->last < page->since)
    {
      /* A server restored from a backup and not written since ends before this copy's
       * cursor: its epoch says so (check_epoch() resyncs); without a new one it lost data. */
      if (gb_json_doc_member (doc, 0, "epoch") != 0)
        {
          if ((page->epoch = doc_string (doc, 0, "epoch", path, "", error)) == NULL ||
              !doc_int (doc, 0, "epoch_base", &page->epoch_base, path, "", error))
            return FALSE;
          page->behind = TRUE;
          page->more = FALSE;
          page->list = g_array_new (FALSE, FALSE, sizeof (GbSyncChange));
          return TRUE;
        }
      return _gb_sync_feed_behind (page, error);
    }
  if (page->last < page->next)
    return _gb_sync_bad_answer (error, path, _("the sequence goes backwards (last %lld < next %lld)"),
                       (long long) page->last, (long long) page->next);
  if (page->more && page->next == page->since)
    return _gb_sync_bad_answer (error, path, _("it says there is more but does not advance"));
  if (!page->more && page->next != page->last)
    return _gb_sync_bad_answer (error, path, _("it says there is no more but stops at %lld of %lld"),
                       (long long) page->next, (long long) page->last);

  changes = gb_json_doc_member (doc, 0, "changes");
  if (changes == 0 || doc->vals[changes].type != GB_JSON_ARRAY)
    return _gb_sync_bad_answer (error, path, _("“changes” must be an array"));
  page->changes = changes;
  page->columns = gb_json_doc_member (doc, 0, "columns");
  if (gb_json_doc_member (doc, 0, "epoch") != 0)
    {
      if ((page->epoch = doc_string (doc, 0, "epoch", path, "", error)) == NULL ||
          !doc_int (doc, 0, "epoch_base", &page->epoch_base, path, "", error))
        return FALSE;
    }
  if (page->columns != 0 && !check_columns (doc, page->columns, path, error))
    return FALSE;

  prev = page->since;
  page->list = g_array_sized_new (FALSE, FALSE, sizeof (GbSyncChange), doc->vals[changes].len);
  for (guint c = changes + 1; c < doc->vals[changes].end; c = doc->vals[c].end, n++)
    {
      GbSyncChange ch;

      if (!read_change (doc, page, c, n, &ch, error))
        return FALSE;
      g_array_append_val (page->list, ch);
      if (ch.seq <= prev)
        return _gb_sync_bad_answer (error, path, _("the sequence goes backwards at changes[%u] (%lld after %lld)"),
                           n, (long long) ch.seq, (long long) prev);
      if (ch.seq > page->next)
        return _gb_sync_bad_answer (error, path, _("changes[%u] has sequence %lld, past next %lld"),
                           n, (long long) ch.seq, (long long) page->next);
      prev = ch.seq;
    }
  return TRUE;
}

