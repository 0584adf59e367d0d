/* gb-sync-client-pull.c — the sync client's pull: pages fetched, read and applied in three threads
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every page is applied together with the new cursor in one transaction, so a cut at any
 * moment resumes where the last committed page ended: nothing lost, nothing applied twice.
 */
#define G_LOG_DOMAIN "gb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-sync.h"
#include "gb-sync-client-private.h"
#include "gb-sync-codec.h"
#include "gb-sync-feed.h"

/* The change's key as json-glib holds it. */
static JsonNode *
change_key_node (const GbJsonDoc *doc,
                 const GbSyncChange    *ch)
{
  if (ch->names != 0)
    return gb_json_doc_row_to_node (doc, ch->names, ch->key, ch->key_names);
  return gb_json_doc_to_node (doc, ch->key);
}

/* One pulled change: skipped when a local edit of the row is still queued (@pending holds
 * "table" and "table\nkey" of every queued edit, NULL when none is), else applied. */
static gboolean
apply_change (GbSyncJob          *job,
              const GbJsonDoc  *doc,
              const GbSyncChange     *ch,
              GHashTable       *pending,
              gboolean         *skipped,
              GError          **error)
{
  gboolean ok;

  *skipped = FALSE;
  if (pending != NULL && g_hash_table_contains (pending, ch->table))
    {
      g_autoptr(JsonNode) node = change_key_node (doc, ch);
      g_autofree char *canon = gb_sync_canonical_json (node);
      g_autofree char *name = g_strconcat (ch->table, "\n", canon, NULL);

      if (g_hash_table_contains (pending, name))
        {
          *skipped = TRUE;
          return TRUE;
        }
    }
  if (job->codec == &_gb_sync_core_codec && ch->names != 0)
    {
      /* The codec reads the key's members from the row, where they are. */
      GbJsonRowRef r = { doc, ch->names, ch->row };

      ok = gb_sync_codec_apply_members (job->store, ch->table, ch->op, gb_json_doc_sync_row_member, &r,
                                        doc->vals[ch->key_names].len, &r, error);
    }
  else if (job->codec == &_gb_sync_core_codec)
    {
      GbJsonObjectRef k = { doc, ch->key }, r = { doc, ch->row };

      ok = gb_sync_codec_apply_members (job->store, ch->table, ch->op, gb_json_doc_sync_member, &k,
                                        doc->vals[ch->key].len, ch->row != 0 ? &r : NULL, error);
    }
  else
    {
      g_autoptr(JsonNode) k = change_key_node (doc, ch);
      g_autoptr(JsonNode) r = ch->row == 0 ? json_node_new (JSON_NODE_NULL)
                              : ch->names != 0 ? gb_json_doc_row_to_node (doc, ch->names, ch->row, 0)
                              : gb_json_doc_to_node (doc, ch->row);

      ok = job->codec->apply (job->store, ch->table, ch->op, k, r, error);
    }
  if (!ok)
    {
      g_autoptr(JsonNode) node = change_key_node (doc, ch);
      g_autofree char *canon = gb_sync_canonical_json (node);

      g_prefix_error (error, _("Could not apply the change of %s %s: "), ch->table, canon);
    }
  return ok;
}

/* A page of a feed with another identity than the one this copy synced with: the server was
 * restored from a backup and re-issues sequence numbers this copy already had. This copy
 * starts again from 0 (rows it holds are overwritten by the server's, rows queued here are
 * kept) and queues again what it pushed after the backup's end, in one transaction. */
static gboolean
check_epoch (GbSyncJob   *job,
             GbSyncPage  *page,
             gboolean    *restart,
             GError     **error)
{
  g_autofree char *known = gb_store_sync_get_state (job->store, "server_epoch");

  *restart = FALSE;
  if (page->epoch == NULL || g_strcmp0 (known, page->epoch) == 0)
    return TRUE;
  if (known == NULL)
    return gb_store_sync_set_state (job->store, "server_epoch", page->epoch, error);
  g_debug ("the server's feed is a new epoch after %lld: syncing again from 0", (long long) page->epoch_base);
  *restart = TRUE;
  /* From 0 the new area comes whole: no fill is needed any more. */
  return gb_store_sync_requeue_pushed (job->store, page->epoch_base, error) &&
         _gb_sync_area_fill_done (job, error) &&
         gb_store_sync_set_cursor (job->store, 0, error) &&
         gb_store_sync_set_state (job->store, "server_epoch", page->epoch, error);
}

static gboolean
apply_page (GbSyncJob    *job,
            GbSyncPage       *page,
            gboolean      fill,
            GError    **error)
{
  const GbJsonDoc *doc = page->doc;
  g_autoptr(GHashTable) pending = NULL;
  char buf[32];
  guint n = 0;
  gboolean restart;

  if (!gb_store_begin (job->store, error))
    return FALSE;
  if (!gb_store_sync_begin_apply (job->store, error) ||
      !check_epoch (job, page, &restart, error))
    goto fail;
  if (restart)
    {
      gb_store_sync_end_apply (job->store);
      if (!gb_store_commit (job->store, error))
        return FALSE;
      job->restarted = TRUE;
      g_set_error (error, GB_ERROR, GB_ERROR_NETWORK,
                   _("The server was restored from an older backup: this copy syncs again from the start"));
      return FALSE;
    }
  if (page->behind)
    {
      _gb_sync_feed_behind (page, error);
      goto fail;
    }
  if (fill && !_gb_sync_area_check_fill (job, page, error))
    goto fail;
  /* Read inside the transaction: an edit made meanwhile waits for it to end. With nothing
   * queued (the usual case, and every first sync) there is nothing to protect. */
  if (gb_store_sync_outbox_count (job->store) > 0 &&
      (pending = gb_store_sync_pending_rows (job->store, error)) == NULL)
    goto fail;
  for (; n < page->list->len; n++)
    {
      gboolean skipped = FALSE;

      if (!apply_change (job, doc, &g_array_index (page->list, GbSyncChange, n), pending, &skipped, error))
        goto fail;
      if (skipped)
        job->summary.skipped++;
    }
  if (fill)
    {
      /* The fill has a cursor of its own; the feed's stays where it was. */
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, page->next);
      if (page->more ? !gb_store_sync_set_state (job->store, "area_fill_since", buf, error)
                     : !_gb_sync_area_fill_done (job, error))
        goto fail;
    }
  else
    {
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, page->last);
      if (!gb_store_sync_set_cursor (job->store, page->next, error) ||
          !gb_store_sync_set_state (job->store, "server_last", buf, error))
        goto fail;
    }
  gb_store_sync_end_apply (job->store);
  if (!gb_store_commit (job->store, error))
    return FALSE;
  job->summary.pulled += n;
  return TRUE;

fail:
  gb_store_sync_end_apply (job->store);
  gb_store_rollback (job->store);
  return FALSE;
}

/* Three stages, each in a thread of its own: the fetch thread asks for pages, the read thread
 * parses and checks them, the sync thread applies them. The feed's headers (Giaoban-Next and
 * Giaoban-More) say where a page ends, so the next page is asked for while this one is still
 * being read: the server makes it, and the network carries it, meanwhile. Without those
 * headers (a server that does not send them) the fetch thread waits for the read thread to
 * know. The headers are trusted for the asking only: a page whose body says otherwise is
 * refused. At most PREFETCH_DEPTH pages wait, read or not; the cursor only ever moves with an
 * applied page. */
#define PREFETCH_DEPTH 3

/* The first page asked is small and each next one twice as large, up to page-size: nothing
 * is applied before a page has been made, sent and read whole, and a one-day delta is only a
 * few full pages, so a full first page was dead time for the applier. */
#define FIRST_PAGE     500

typedef struct
{
  GbSyncPage      page;
  GError   *error;
} Fetched;

static void
fetched_free (Fetched *f)
{
  g_clear_pointer (&f->page.doc, gb_json_doc_free);
  g_clear_pointer (&f->page.list, g_array_unref);
  g_clear_error (&f->error);
  g_free (f);
}

/* A page as it came, before it is read; the end of the fetching when @end. */
typedef struct
{
  gboolean  end;
  char     *path;
  gint64    since;
  GBytes   *bytes;
  gboolean  hinted;       /* the headers said where the page ends */
  gint64    hint_next;
  gboolean  hint_more;
  GError   *error;
} Raw;

static void
raw_free (Raw *r)
{
  g_free (r->path);
  g_clear_pointer (&r->bytes, g_bytes_unref);
  g_clear_error (&r->error);
  g_free (r);
}

typedef struct
{
  GbSyncJob      *job;
  GCancellable *cancellable;   /* cancelled by the applier on failure, or with the sync */
  gulong        parent_handler;
  GCancellable *parent;
  gint64        since;
  gboolean      fill;          /* pages of the area fill (job->fill_previous, job->fill_until) */
  gint64        pushed;        /* the feed's last after this copy's last push (a replica behind it is not read) */
  GAsyncQueue  *raw;           /* Raw, fetch thread -> read thread */
  GAsyncQueue  *pages;         /* Fetched, read thread -> applier */
  GMutex        lock;
  GCond         cond;
  guint         waiting;       /* pages fetched and not yet taken by the applier */
  guint         fetched, read; /* pages so far, for a fetch thread waiting for the reader */
  gint64        read_next;     /* the last page read: where it ends, and whether more follow */
  gboolean      read_more;
  gboolean      stop;
} Prefetch;

/* The page's end as its headers give it; FALSE when they do not (both must be there, and
 * well-formed). */
static gboolean
page_hint (SoupMessageHeaders *headers,
           gint64             *next,
           gboolean           *more)
{
  const char *n = headers ? soup_message_headers_get_one (headers, GB_SYNC_FEED_NEXT_HEADER) : NULL;
  const char *m = headers ? soup_message_headers_get_one (headers, GB_SYNC_FEED_MORE_HEADER) : NULL;
  guint64 value;

  if (n == NULL || m == NULL || (strcmp (m, "true") != 0 && strcmp (m, "false") != 0) ||
      !g_ascii_string_to_unsigned (n, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *next = (gint64) value;
  *more = strcmp (m, "true") == 0;
  return TRUE;
}

static gpointer
fetch_thread (gpointer data)
{
  Prefetch *pf = data;
  g_autoptr(SoupSessionClosing) session = _gb_sync_session_new (pf->job);
  gint64 since = pf->since;
  guint limit = MIN (pf->job->page_size, FIRST_PAGE);
  Raw *end = g_new0 (Raw, 1);

  for (;;)
    {
      g_autoptr(SoupMessageHeaders) headers = NULL;
      gboolean failed, hinted, more;
      Raw *r;

      g_mutex_lock (&pf->lock);
      while (pf->waiting >= PREFETCH_DEPTH && !pf->stop)
        g_cond_wait (&pf->cond, &pf->lock);
      if (pf->stop)
        {
          g_mutex_unlock (&pf->lock);
          break;
        }
      pf->waiting++;
      pf->fetched++;
      g_mutex_unlock (&pf->lock);

      r = g_new0 (Raw, 1);
      r->since = since;
      /* The compact format (arrays, not objects: a third of the bytes, and of the reading); a
       * server that does not know it sends objects, which are read as well. */
      {
        g_autofree char *area = pf->job->area ? g_uri_escape_string (pf->job->area, NULL, FALSE) : NULL;
        g_autofree char *fill = pf->fill ? _gb_sync_area_fill_query (pf->job) : NULL;

        g_autofree char *pushed = pf->pushed > since ? g_strdup_printf ("&pushed=%" G_GINT64_FORMAT, pf->pushed) : NULL;

        r->path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u&format=compact%s%s%s%s", since,
                                   limit, area ? "&area=" : "", area ? area : "", fill ? fill : "", pushed ? pushed : "");
      }
      limit = MIN (pf->job->page_size, limit * 2);
      if (!g_cancellable_set_error_if_cancelled (pf->cancellable, &r->error))
        {
          gint64 t0 = g_get_monotonic_time ();

          r->bytes = _gb_sync_request_body (pf->job, session, "GET", r->path, NULL, &headers, pf->cancellable, &r->error);
          g_debug ("%s: %zu bytes in %.1f ms", r->path, r->bytes ? g_bytes_get_size (r->bytes) : 0,
                   (g_get_monotonic_time () - t0) / 1e3);
        }
      failed = r->error != NULL;
      hinted = !failed && page_hint (headers, &r->hint_next, &r->hint_more);
      r->hinted = hinted;
      more = r->hint_more;
      if (hinted)
        since = r->hint_next;
      /* Once pushed, the page belongs to the reader. */
      g_async_queue_push (pf->raw, r);
      if (failed || (hinted && !more))
        break;
      if (!hinted)
        {
          /* Where this page ends is known once it is read. */
          g_mutex_lock (&pf->lock);
          while (pf->read < pf->fetched && !pf->stop)
            g_cond_wait (&pf->cond, &pf->lock);
          more = pf->read_more && !pf->stop;
          since = pf->read_next;
          g_mutex_unlock (&pf->lock);
          if (!more)
            break;
        }
    }
  end->end = TRUE;
  g_async_queue_push (pf->raw, end);
  return NULL;
}

static gpointer
read_thread (gpointer data)
{
  Prefetch *pf = data;

  for (;;)
    {
      Raw *r = g_async_queue_pop (pf->raw);
      Fetched *f;
      gboolean last_one;

      if (r->end)
        {
          raw_free (r);
          break;
        }
      f = g_new0 (Fetched, 1);
      if (r->error != NULL)
        f->error = g_steal_pointer (&r->error);
      else if (!g_cancellable_set_error_if_cancelled (pf->cancellable, &f->error) &&
               (f->page.doc = _gb_sync_read_page (r->path, r->bytes, &f->error)) != NULL &&
               _gb_sync_check_page (f->page.doc, r->since, &f->page, &f->error) &&
               r->hinted && (r->hint_next != f->page.next || r->hint_more != f->page.more))
        _gb_sync_bad_answer (&f->error, "/api/v1/changes",
                    _("its headers and its body disagree on where it ends (%lld, %lld) or on whether more follows"),
                    (long long) r->hint_next, (long long) f->page.next);
      raw_free (r);
      last_one = f->error != NULL || !f->page.more;
      g_mutex_lock (&pf->lock);
      pf->read++;
      pf->read_next = f->page.next;
      pf->read_more = !last_one;
      g_cond_broadcast (&pf->cond);
      g_mutex_unlock (&pf->lock);
      /* Once pushed, the page belongs to the applier (which may free it at once). */
      g_async_queue_push (pf->pages, f);
      if (last_one)
        break;
    }
  return NULL;
}

static void
parent_cancelled_cb (GCancellable *parent,
                     Prefetch     *pf)
{
  g_cancellable_cancel (pf->cancellable);
}

/* The feed's pages from the cursor, or (@fill) the area fill's from its own. */
static gboolean
pull_pages (GbSyncJob     *job,
            gboolean       fill,
            GCancellable  *cancellable,
            GError       **error)
{
  Prefetch pf = { 0 };
  GThread *fetcher, *reader;
  gboolean ok = FALSE;

  pf.job = job;
  pf.fill = fill;
  {
    g_autofree char *pushed = gb_store_sync_get_state (job->store, "pushed_last");

    pf.pushed = pushed ? g_ascii_strtoll (pushed, NULL, 10) : 0;
  }
  pf.since = fill ? job->fill_since : gb_store_sync_get_cursor (job->store);
  pf.cancellable = g_cancellable_new ();
  pf.raw = g_async_queue_new_full ((GDestroyNotify) raw_free);
  pf.pages = g_async_queue_new_full ((GDestroyNotify) fetched_free);
  g_mutex_init (&pf.lock);
  g_cond_init (&pf.cond);
  if (cancellable != NULL)
    pf.parent_handler = g_cancellable_connect (cancellable, G_CALLBACK (parent_cancelled_cb), &pf, NULL);
  pf.parent = cancellable;
  fetcher = g_thread_new ("gb-sync-fetch", fetch_thread, &pf);
  reader = g_thread_new ("gb-sync-read", read_thread, &pf);

  for (;;)
    {
      Fetched *f = g_async_queue_pop (pf.pages);
      gint64 t0 = g_get_monotonic_time ();

      g_mutex_lock (&pf.lock);
      pf.waiting--;
      g_cond_broadcast (&pf.cond);
      g_mutex_unlock (&pf.lock);

      if (f->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&f->error));
          fetched_free (f);
          break;
        }
      if (!apply_page (job, &f->page, fill, error))
        {
          fetched_free (f);
          break;
        }
      g_debug ("page after %lld: %u changes applied in %.1f ms",
               (long long) f->page.since, f->page.doc->vals[f->page.changes].len,
               (g_get_monotonic_time () - t0) / 1e3);
      if (!fill)
        {
          job->summary.cursor = f->page.next;
          job->summary.last = f->page.last;
          _gb_sync_job_progress (job);
        }
      if (!f->page.more)
        {
          fetched_free (f);
          ok = TRUE;
          break;
        }
      fetched_free (f);
    }

  g_mutex_lock (&pf.lock);
  pf.stop = TRUE;
  g_cond_broadcast (&pf.cond);
  g_mutex_unlock (&pf.lock);
  g_cancellable_cancel (pf.cancellable);
  g_thread_join (fetcher);
  g_thread_join (reader);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, pf.parent_handler);
  g_async_queue_unref (pf.raw);
  g_async_queue_unref (pf.pages);
  g_object_unref (pf.cancellable);
  g_mutex_clear (&pf.lock);
  g_cond_clear (&pf.cond);
  if (!ok && g_cancellable_is_cancelled (cancellable) && error != NULL && *error != NULL &&
      !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sync was cancelled"));
    }
  return ok;
}


/* A copy whose area changed first gets the rows it lacks (gb-sync-client-area.c), then the
 * feed from its cursor, then drops the rows outside its area. */
gboolean
_gb_sync_pull_feed (GbSyncJob     *job,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gboolean fill;

  if (!_gb_sync_area_fill_pending (job, &fill, error))
    return FALSE;
  if (fill && !pull_pages (job, TRUE, cancellable, error))
    return FALSE;
  return pull_pages (job, FALSE, cancellable, error) && _gb_sync_area_prune (job, error);
}
