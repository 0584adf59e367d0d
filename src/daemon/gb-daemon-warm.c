/* gb-daemon-warm.c — a moved feed's pages, made as soon as it moves rather than when the first
 * laptop asks
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After a day's intake every laptop that was at the feed's previous last pulls the same
 * delta, page by page. Each page was made when the first laptop asked for it, once in every
 * giaoband, while the others waited for it: with 200 laptops on two giaoband over PostgreSQL
 * the first pull's pages came one after the other, each behind a query. Where PostgreSQL
 * tells each giaoband that the feed moved (gb-store-pg-watch.c), the pages from where it was
 * to where it is are made at once, several to a query, on the read-ahead thread: the first
 * laptops find them made and are answered on the main thread with no query at all.
 *
 * Which pages: laptops do not all ask for the same sizes (the sync client asks for 500 rows,
 * then twice as many each page up to its page size; the API's default is 1,000 rows a page).
 * So giaoband notes what pulls looked like lately: the size of a pull's first page (a page
 * asked for from where the feed moved from), and which size followed which (a page asked for
 * from where a page just served ended). A moved feed's pages are made in those sizes; before
 * any pull was seen, in the API's default size, compact.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <string.h>

#include "gb-daemon-private.h"

/* A moved feed's pages are read this many at a time, and no more than WARM_MAX_PAGES of them
 * in each size (a day's intake of every commune of the country is 12 pages of 1,000 rows). */
#define WARM_PAGES_PER_QUERY 16
#define WARM_MAX_PAGES       64

/* What is remembered of pulls: their sizes (limit << 1 | compact). */
#define N_STARTS   4
#define N_FIRSTS   2
#define N_SERVED   64
#define N_AFTER    8

struct _GbDaemonPulls
{
  GMutex  lock;
  gint64  starts[N_STARTS];   /* where the feed moved from lately, -1: none */
  guint   firsts[N_FIRSTS];   /* sizes of pulls' first pages, the latest first; 0: none */
  struct
  {
    gint64 next;
    guint  size;
  } served[N_SERVED];         /* pages served lately: where each ended, and its size */
  guint   served_at;
  struct
  {
    guint size;
    guint then;
  } after[N_AFTER];           /* a page of size was followed by one of then */
  guint   after_at;
};

GbDaemonPulls *
gb_daemon_pulls_new (void)
{
  GbDaemonPulls *pulls = g_new0 (GbDaemonPulls, 1);

  g_mutex_init (&pulls->lock);
  for (guint i = 0; i < N_STARTS; i++)
    pulls->starts[i] = -1;
  for (guint i = 0; i < N_SERVED; i++)
    pulls->served[i].next = -1;
  return pulls;
}

void
gb_daemon_pulls_free (GbDaemonPulls *pulls)
{
  g_mutex_clear (&pulls->lock);
  g_free (pulls);
}

/* The size after @size, as pulls went lately; @size itself when none was seen. Under the lock. */
static guint
size_after (GbDaemonPulls *pulls,
            guint          size)
{
  for (guint i = 0; i < N_AFTER; i++)
    if (pulls->after[i].size == size)
      return pulls->after[i].then;
  return size;
}

/**
 * gb_daemon_warm_next_limit:
 *
 * Returns: the limit a laptop asks for after a page of @limit rows, as pulls went lately
 *   (@limit when none was seen)
 */
guint
gb_daemon_warm_next_limit (GbDaemon *self,
                           guint     limit,
                           gboolean  compact)
{
  guint size;

  g_mutex_lock (&self->pulls->lock);
  size = size_after (self->pulls, limit << 1 | (compact ? 1 : 0));
  g_mutex_unlock (&self->pulls->lock);
  return size >> 1;
}

/**
 * gb_daemon_warm_note:
 * @next: where the page served ends
 *
 * A page of @limit rows from @since was served, of an area or of the whole feed: what pulls
 * look like. (Only the whole feed's pages are made when it moves: an area's first pages are
 * not noted.)
 */
void
gb_daemon_warm_note (GbDaemon *self,
                     gboolean  area,
                     gint64    since,
                     guint     limit,
                     gboolean  compact,
                     gint64    next)
{
  GbDaemonPulls *pulls = self->pulls;
  guint size = limit << 1 | (compact ? 1 : 0);
  gboolean first = FALSE;

  g_mutex_lock (&pulls->lock);
  for (guint i = 0; i < N_STARTS && !first; i++)
    first = pulls->starts[i] == since;
  if (first && area)
    {
      g_mutex_unlock (&pulls->lock);
      return;
    }
  if (first && pulls->firsts[0] != size)
    {
      pulls->firsts[N_FIRSTS - 1] = pulls->firsts[0];
      pulls->firsts[0] = size;
    }
  else if (!first)
    /* The page after one served: which size followed which. */
    for (guint i = 0; i < N_SERVED; i++)
      if (pulls->served[i].next == since && (pulls->served[i].size & 1) == (size & 1) &&
          size_after (pulls, pulls->served[i].size) != size)
        {
          guint j;

          for (j = 0; j < N_AFTER && pulls->after[j].size != pulls->served[i].size; j++)
            ;
          if (j == N_AFTER)
            j = pulls->after_at++ % N_AFTER;
          pulls->after[j].size = pulls->served[i].size;
          pulls->after[j].then = size;
          break;
        }
  if (next > since)
    {
      pulls->served[pulls->served_at % N_SERVED].next = next;
      pulls->served[pulls->served_at % N_SERVED].size = size;
      pulls->served_at++;
    }
  g_mutex_unlock (&pulls->lock);
}

typedef struct
{
  gint64    since;
  char     *text;
  gint64    next;
  gboolean  more;
} WarmPage;

static void
warm_page_clear (WarmPage *p)
{
  g_free (p->text);
}

static void
warm_collect (gint64    since,
              char     *text,
              gint64    next,
              gboolean  more,
              gpointer  data)
{
  WarmPage p = { since, text, next, more };

  g_array_append_val (data, p);
}

/* Makes the pages of one pull from @since at @last, its first of @first (limit << 1 |
 * compact), whose key is given here, claimed by the caller when @ours (else a laptop asked for
 * it first and makes it: the pages after it are made here all the same); the others only when
 * none is kept nor being made already. FALSE when the query failed. */
static gboolean
warm_pull (GbDaemon   *self,
           GbDaemonDb *db,
           char       *first_key,
           gboolean    ours,
           gint64      since,
           guint       first,
           gint64      last,
           const char *epoch)
{
  g_autofree char *key = first_key;
  gboolean compact = first & 1;
  guint size = first, made = 0, before = G_MAXUINT;

  /* Until the pull's end, the cap, or a query that made none (all kept or being made). */
  while (key != NULL && made < WARM_MAX_PAGES && made != before)
    {
      g_autoptr(GArray) pages = g_array_new (FALSE, TRUE, sizeof (WarmPage));
      g_autofree gboolean *claimed = NULL;
      g_autoptr(GError) error = NULL;
      guint limits[WARM_PAGES_PER_QUERY];
      WarmPage *end;

      before = made;
      g_mutex_lock (&self->pulls->lock);
      for (guint i = 0; i < WARM_PAGES_PER_QUERY; i++)
        {
          limits[i] = size >> 1;
          size = size_after (self->pulls, size);
        }
      g_mutex_unlock (&self->pulls->lock);
      g_array_set_clear_func (pages, (GDestroyNotify) warm_page_clear);
      if (!db->ops->feed_pages (db, since, compact, limits, WARM_PAGES_PER_QUERY, warm_collect, pages, &error))
        {
          g_warning ("The pages after the feed moved were not made: %s", error->message);
          if (ours)
            gb_daemon_cache_release (self->pages, key);
          return FALSE;
        }
      /* All claimed before any is kept: a laptop given the first asks for the second next. */
      claimed = g_new0 (gboolean, pages->len + 1);
      for (guint i = 0; i < pages->len; i++)
        {
          WarmPage *p = &g_array_index (pages, WarmPage, i);
          g_autofree char *k = i == 0 ? NULL : gb_daemon_page_key (p->since, limits[i], compact, last, epoch, NULL);

          claimed[i] = i == 0 ? ours : gb_daemon_cache_try_claim (self->pages, k, FALSE);
        }
      end = pages->len > 0 ? &g_array_index (pages, WarmPage, pages->len - 1) : NULL;
      if (end == NULL && ours)
        gb_daemon_cache_release (self->pages, key);
      g_clear_pointer (&key, g_free);
      if (end != NULL && end->more && pages->len == WARM_PAGES_PER_QUERY)
        {
          key = gb_daemon_page_key (end->next, size >> 1, compact, last, epoch, NULL);
          since = end->next;
          ours = gb_daemon_cache_try_claim (self->pages, key, FALSE);
        }
      for (guint i = 0; i < pages->len; i++)
        {
          WarmPage *p = &g_array_index (pages, WarmPage, i);
          g_autofree char *k = NULL;
          GbDaemonPage page = { 0 };
          gsize len;

          if (!claimed[i])
            continue;
          k = gb_daemon_page_key (p->since, limits[i], compact, last, epoch, NULL);
          len = strlen (p->text);
          page.text = g_bytes_new_take (g_steal_pointer (&p->text), len);
          page.gzip = len >= GZIP_MIN_BYTES ? gb_daemon_gzip (page.text) : NULL;
          page.next = p->next;
          page.more = p->more;
          gb_daemon_cache_put (self->pages, k, &page);
          gb_daemon_page_clear (&page);
          g_atomic_int_inc (&self->pages_made);
          made++;
        }
      /* Counted once its pages are kept (a test waits for it). */
      g_atomic_int_inc (&self->page_queries);
    }
  if (key != NULL && ours)
    gb_daemon_cache_release (self->pages, key);
  return TRUE;
}

/**
 * gb_daemon_warm_run:
 *
 * The feed moved from @ahead's since to its last: the pages of the pulls from there are made,
 * in the sizes pulls took lately, unless the feed moved on again meanwhile (the newer move's
 * pages are made then).
 */
void
gb_daemon_warm_run (GbDaemon      *self,
                    GbDaemonDb    *db,
                    GbDaemonAhead *ahead)
{
  g_autofree char *epoch = NULL;
  GbDaemonDb *replica = NULL;
  guint firsts[N_FIRSTS];
  gint64 last;

  g_mutex_lock (&self->pulls->lock);
  memcpy (firsts, self->pulls->firsts, sizeof firsts);
  g_mutex_unlock (&self->pulls->lock);
  /* No pull seen yet: the API's own page. */
  if (firsts[0] == 0)
    firsts[0] = GB_DAEMON_PAGE_SIZE << 1 | 1;
  /* From a streaming replica that has the move already, as any feed page (gb-daemon-replica.c). */
  if (self->replicas != NULL && (replica = gb_daemon_replicas_pick (self->replicas, ahead->last)) != NULL)
    db = replica;
  if (!db->ops->begin_read (db, NULL))
    return;
  if (db->ops->feed_known == NULL || !db->ops->feed_known (db, ahead->last, &last, &epoch))
    {
      last = db->ops->feed_last (db, NULL);
      epoch = db->ops->feed_epoch (db);
    }
  if (last != ahead->last)
    {
      db->ops->rollback (db);
      if (replica != NULL && last < 0)
        gb_daemon_replicas_failed (self->replicas, replica);
      return;
    }
  for (guint i = 0; i < N_FIRSTS && firsts[i] != 0; i++)
    {
      char *key = gb_daemon_page_key (ahead->since, firsts[i] >> 1, firsts[i] & 1, last, epoch, NULL);
      gboolean ours = gb_daemon_cache_try_claim (self->pages, key, FALSE);
      GbDaemonPage kept = { 0 };

      /* Made already: so are the others, or they are being made. */
      if (!ours && gb_daemon_cache_peek (self->pages, key, &kept))
        {
          gb_daemon_page_clear (&kept);
          g_free (key);
          continue;
        }
      if (!warm_pull (self, db, key, ours, ahead->since, firsts[i], last, epoch))
        {
          if (replica != NULL)
            gb_daemon_replicas_failed (self->replicas, replica);
          break;
        }
    }
  db->ops->commit (db, NULL);
}

/**
 * gb_daemon_warm_thread:
 *
 * Until the daemon closes, has the pages of each move of the feed made on the read-ahead
 * thread (gb_daemon_warm_run()), and notes where it moved from: a laptop asking from there
 * begins a pull.
 */
gpointer
gb_daemon_warm_thread (gpointer data)
{
  GbDaemon *self = data;
  gint64 known = -1, head;
  guint n = 0;

  while (!g_atomic_int_get (&self->warm_stop))
    {
      GbDaemonAhead *ahead;

      if (!self->db->ops->feed_moved (self->db, known, G_USEC_PER_SEC / 4, &head))
        continue;
      if (known >= 0 && head > known)
        {
          g_mutex_lock (&self->pulls->lock);
          self->pulls->starts[n++ % N_STARTS] = known;
          g_mutex_unlock (&self->pulls->lock);
          ahead = g_new0 (GbDaemonAhead, 1);
          ahead->since = known;
          ahead->last = head;
          ahead->moved = TRUE;
          g_thread_pool_push (self->ahead, ahead, NULL);
        }
      known = head;
    }
  return NULL;
}
