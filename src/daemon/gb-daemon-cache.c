/* gb-daemon-cache.c — feed pages kept for the next laptop that asks for the same one
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After a day's intake every laptop pulls the same delta: the same pages, since the same
 * cursor. Making a page of 1,000 rows is most of a request's time (about 5 ms of CPU), so
 * 200 laptops at once queued behind 200 copies of the same work (p99 2.6 s on the shared
 * build machine). A page is a function of (since, limit, format) and of the feed's last seq:
 * every change to a synced row logs it again at a new, higher seq, so a page made at the
 * same last is the same page. Kept most recently used first, up to max_bytes.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include "gb-daemon-private.h"

typedef struct
{
  char    *key;
  GBytes  *page;
  gint64   next;
  gboolean more;
  GList    link;     /* in the cache's order, most recently used first */
} Entry;

struct _GbDaemonCache
{
  GMutex      lock;
  GHashTable *entries;  /* key -> Entry */
  GQueue      order;
  gsize       bytes;
  gsize       max_bytes;
};

static void
entry_free (Entry *e)
{
  g_free (e->key);
  g_bytes_unref (e->page);
  g_free (e);
}

GbDaemonCache *
gb_daemon_cache_new (gsize max_bytes)
{
  GbDaemonCache *cache = g_new0 (GbDaemonCache, 1);

  g_mutex_init (&cache->lock);
  cache->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
  g_queue_init (&cache->order);
  cache->max_bytes = max_bytes;
  return cache;
}

void
gb_daemon_cache_free (GbDaemonCache *cache)
{
  g_hash_table_unref (cache->entries);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

/**
 * gb_daemon_cache_get:
 *
 * Returns: (transfer full) (nullable): the page kept under @key, with its @next and @more
 */
GBytes *
gb_daemon_cache_get (GbDaemonCache *cache,
                     const char    *key,
                     gint64        *next,
                     gboolean      *more)
{
  GBytes *page = NULL;
  Entry *e;

  g_mutex_lock (&cache->lock);
  if ((e = g_hash_table_lookup (cache->entries, key)) != NULL)
    {
      g_queue_unlink (&cache->order, &e->link);
      g_queue_push_head_link (&cache->order, &e->link);
      page = g_bytes_ref (e->page);
      *next = e->next;
      *more = e->more;
    }
  g_mutex_unlock (&cache->lock);
  return page;
}

void
gb_daemon_cache_put (GbDaemonCache *cache,
                     const char    *key,
                     GBytes        *page,
                     gint64         next,
                     gboolean       more)
{
  Entry *e;

  if (g_bytes_get_size (page) > cache->max_bytes / 4)
    return;
  g_mutex_lock (&cache->lock);
  if (!g_hash_table_contains (cache->entries, key))
    {
      e = g_new0 (Entry, 1);
      e->key = g_strdup (key);
      e->page = g_bytes_ref (page);
      e->next = next;
      e->more = more;
      e->link.data = e;
      g_queue_push_head_link (&cache->order, &e->link);
      g_hash_table_insert (cache->entries, e->key, e);
      cache->bytes += g_bytes_get_size (page);
      while (cache->bytes > cache->max_bytes)
        {
          Entry *old = g_queue_pop_tail_link (&cache->order)->data;

          cache->bytes -= g_bytes_get_size (old->page);
          g_hash_table_remove (cache->entries, old->key);
        }
    }
  g_mutex_unlock (&cache->lock);
}
