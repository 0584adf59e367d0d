/* gb-daemon-cache.c — feed pages kept for the next laptop that asks for the same one
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After a day's intake every laptop pulls the same delta: the same pages, since the same
 * cursor. Making a page of 1,000 rows is most of a request's time (about 5 ms of CPU), so
 * 200 laptops at once queued behind 200 copies of the same work (p99 2.6 s on the shared
 * build machine). A page is a function of (since, limit, format) and of the feed's last seq:
 * every change to a synced row logs it again at a new, higher seq, so a page made at the
 * same last is the same page. Kept most recently used first, up to max_bytes, with its gzip
 * encoding made once too: gzipping each answer again was a quarter of all the machine's CPU at
 * 200 laptops (perf, the daemon bench), and those waiting for a page being made wait for it
 * rather than make it as well.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include "gb-daemon-private.h"

/* A claim: a page some thread is making now, or one only queued to be read ahead, which a
 * laptop asking for it takes over rather than wait behind the read-ahead thread's queue. */
enum
{
  MAKING = 1,
  QUEUED = 2,
};

typedef struct
{
  char         *key;
  GbDaemonPage  page;
  GList         link;     /* in the cache's order, most recently used first */
} Entry;

struct _GbDaemonCache
{
  GMutex      lock;
  GCond       made;     /* broadcast when a page being made is put or given up */
  GHashTable *entries;  /* key -> Entry */
  GHashTable *making;   /* key -> MAKING or QUEUED: a page being made, or to be read ahead */
  GQueue      order;
  gsize       bytes;
  gsize       max_bytes;
};

static gsize
page_bytes (const GbDaemonPage *page)
{
  return g_bytes_get_size (page->text) + (page->gzip ? g_bytes_get_size (page->gzip) : 0);
}

void
gb_daemon_page_clear (GbDaemonPage *page)
{
  g_clear_pointer (&page->text, g_bytes_unref);
  g_clear_pointer (&page->gzip, g_bytes_unref);
}

static void
entry_free (Entry *e)
{
  g_free (e->key);
  gb_daemon_page_clear (&e->page);
  g_free (e);
}

GbDaemonCache *
gb_daemon_cache_new (gsize max_bytes)
{
  GbDaemonCache *cache = g_new0 (GbDaemonCache, 1);

  g_mutex_init (&cache->lock);
  g_cond_init (&cache->made);
  cache->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
  cache->making = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&cache->order);
  cache->max_bytes = max_bytes;
  return cache;
}

void
gb_daemon_cache_free (GbDaemonCache *cache)
{
  g_hash_table_unref (cache->entries);
  g_hash_table_unref (cache->making);
  g_cond_clear (&cache->made);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

/**
 * gb_daemon_cache_claim:
 * @page: (out caller-allocates): the page kept under @key, its bytes referenced
 *
 * The page kept under @key; when there is none, the caller is to make it and then give it
 * with gb_daemon_cache_put() or give up with gb_daemon_cache_release(). While one worker
 * makes a page, the others asking for it wait for it rather than make it too: after a day's
 * intake 200 laptops ask for the same first page at once.
 *
 * Returns: TRUE with @page set, FALSE when the caller makes the page
 */
/* @e, the most recently used now, into @page; under the lock. */
static void
take (GbDaemonCache *cache,
      Entry         *e,
      GbDaemonPage  *page)
{
  g_queue_unlink (&cache->order, &e->link);
  g_queue_push_head_link (&cache->order, &e->link);
  page->text = g_bytes_ref (e->page.text);
  page->gzip = e->page.gzip ? g_bytes_ref (e->page.gzip) : NULL;
  page->next = e->page.next;
  page->more = e->page.more;
}

gboolean
gb_daemon_cache_claim (GbDaemonCache *cache,
                       const char    *key,
                       GbDaemonPage  *page)
{
  Entry *e;

  g_mutex_lock (&cache->lock);
  while ((e = g_hash_table_lookup (cache->entries, key)) == NULL &&
         GPOINTER_TO_INT (g_hash_table_lookup (cache->making, key)) == MAKING)
    g_cond_wait (&cache->made, &cache->lock);
  if (e != NULL)
    take (cache, e, page);
  else
    /* Not made, nor being made: the caller makes it, also when it was only queued ahead (the
     * read-ahead then finds its claim taken, gb_daemon_cache_start()). */
    g_hash_table_insert (cache->making, g_strdup (key), GINT_TO_POINTER (MAKING));
  g_mutex_unlock (&cache->lock);
  return e != NULL;
}

/**
 * gb_daemon_cache_peek:
 * @page: (out caller-allocates): the page kept under @key, its bytes referenced
 *
 * As gb_daemon_cache_claim(), but never waits nor claims: for the main thread.
 *
 * Returns: TRUE with @page set, FALSE when no page is kept under @key
 */
gboolean
gb_daemon_cache_peek (GbDaemonCache *cache,
                      const char    *key,
                      GbDaemonPage  *page)
{
  Entry *e;

  g_mutex_lock (&cache->lock);
  if ((e = g_hash_table_lookup (cache->entries, key)) != NULL)
    take (cache, e, page);
  g_mutex_unlock (&cache->lock);
  return e != NULL;
}

/**
 * gb_daemon_cache_try_claim:
 * @queued: the page waits in a queue before it is made (gb_daemon_read_ahead()): a laptop
 *   asking for it meanwhile makes it itself, and the read-ahead is to call
 *   gb_daemon_cache_start() before it makes it
 *
 * Never waits.
 *
 * Returns: TRUE when the caller is to make @key's page (as after gb_daemon_cache_claim()
 *   returned FALSE), FALSE when it is kept or claimed already
 */
gboolean
gb_daemon_cache_try_claim (GbDaemonCache *cache,
                           const char    *key,
                           gboolean       queued)
{
  gboolean claimed;

  g_mutex_lock (&cache->lock);
  claimed = !g_hash_table_contains (cache->entries, key) && !g_hash_table_contains (cache->making, key);
  if (claimed)
    g_hash_table_insert (cache->making, g_strdup (key), GINT_TO_POINTER (queued ? QUEUED : MAKING));
  g_mutex_unlock (&cache->lock);
  return claimed;
}

/**
 * gb_daemon_cache_start:
 *
 * A page queued to be read ahead is about to be made.
 *
 * Returns: TRUE when the caller still holds its claim (and makes it now), FALSE when a laptop
 *   asked for it meanwhile and took the claim over (the caller then neither makes nor
 *   releases it)
 */
gboolean
gb_daemon_cache_start (GbDaemonCache *cache,
                       const char    *key)
{
  gboolean ours;

  g_mutex_lock (&cache->lock);
  ours = GPOINTER_TO_INT (g_hash_table_lookup (cache->making, key)) == QUEUED;
  if (ours)
    g_hash_table_insert (cache->making, g_strdup (key), GINT_TO_POINTER (MAKING));
  g_mutex_unlock (&cache->lock);
  return ours;
}

/* Gives up the making of @key's page: another worker may make it. */
void
gb_daemon_cache_release (GbDaemonCache *cache,
                         const char    *key)
{
  g_mutex_lock (&cache->lock);
  g_hash_table_remove (cache->making, key);
  g_cond_broadcast (&cache->made);
  g_mutex_unlock (&cache->lock);
}

/* Keeps @page (its bytes referenced) under @key, made by the caller after its claim. */
void
gb_daemon_cache_put (GbDaemonCache      *cache,
                     const char         *key,
                     const GbDaemonPage *page)
{
  Entry *e;

  g_mutex_lock (&cache->lock);
  g_hash_table_remove (cache->making, key);
  g_cond_broadcast (&cache->made);
  if (page_bytes (page) <= cache->max_bytes / 4 && !g_hash_table_contains (cache->entries, key))
    {
      e = g_new0 (Entry, 1);
      e->key = g_strdup (key);
      e->page.text = g_bytes_ref (page->text);
      e->page.gzip = page->gzip ? g_bytes_ref (page->gzip) : NULL;
      e->page.next = page->next;
      e->page.more = page->more;
      e->link.data = e;
      g_queue_push_head_link (&cache->order, &e->link);
      g_hash_table_insert (cache->entries, e->key, e);
      cache->bytes += page_bytes (page);
      while (cache->bytes > cache->max_bytes)
        {
          Entry *old = g_queue_pop_tail_link (&cache->order)->data;

          cache->bytes -= page_bytes (&old->page);
          g_hash_table_remove (cache->entries, old->key);
        }
    }
  g_mutex_unlock (&cache->lock);
}
