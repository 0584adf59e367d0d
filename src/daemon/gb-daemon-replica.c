/* gb-daemon-replica.c — feed pages read from PostgreSQL streaming replicas
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `giaoband --database postgresql://primary… --replica postgresql://standby…` (once per
 * replica) reads feed pages from a replica and everything else (pushes, reports, users,
 * tokens, area checks) from the primary. A replica replays the primary's commits in order, so
 * its feed is the primary's as it was a moment ago: a page from it is right as long as it is
 * not behind what the laptop already has. A page is read from the first replica, in turn,
 * whose feed reaches both the laptop's cursor ("since") and its own last push ("pushed", sent
 * by the client: read-your-writes even when the push went through another giaoband); else from
 * the primary. A replica that cannot be reached is left alone for a few seconds, then tried
 * again. Each worker has its own connection to each replica, opened on first use.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include "gb-daemon-private.h"

/* A replica that failed is not asked again for this long. */
#define RETRY_US (5 * G_USEC_PER_SEC)

struct _GbDaemonReplicas
{
  GStrv    uris;
  gint64  *down_until;   /* per replica, monotonic µs (a stale read only retries early) */
  guint    next;         /* round robin; atomic */
  gint     served;       /* pages served from a replica; atomic */
  gint     fallbacks;    /* pages served from the primary instead; atomic */
};

/* Per worker thread: its connections, one per replica (NULL until opened). */
static GPrivate worker_replicas = G_PRIVATE_INIT ((GDestroyNotify) g_ptr_array_unref);

GbDaemonReplicas *
gb_daemon_replicas_new (const char * const *uris)
{
  GbDaemonReplicas *r = g_new0 (GbDaemonReplicas, 1);

  r->uris = g_strdupv ((char **) uris);
  r->down_until = g_new0 (gint64, g_strv_length (r->uris));
  return r;
}

void
gb_daemon_replicas_free (GbDaemonReplicas *r)
{
  if (r == NULL)
    return;
  g_strfreev (r->uris);
  g_free (r->down_until);
  g_free (r);
}

static void
db_free0 (gpointer db)
{
  if (db != NULL)
    gb_daemon_db_free (db);
}

/* This worker's connection to replica @i, or NULL (it failed: left alone for a while). */
static GbDaemonDb *
connection (GbDaemonReplicas *r,
            guint             i)
{
  GPtrArray *conns = g_private_get (&worker_replicas);
  g_autoptr(GError) error = NULL;
  GbDaemonDb *db;

  if (conns == NULL)
    {
      conns = g_ptr_array_new_with_free_func (db_free0);
      g_ptr_array_set_size (conns, g_strv_length (r->uris));
      g_private_set (&worker_replicas, conns);
    }
  if ((db = conns->pdata[i]) != NULL)
    return db;
  if (g_get_monotonic_time () < r->down_until[i])
    return NULL;
  if ((db = gb_daemon_db_open (r->uris[i], GB_DAEMON_DB_WORKER, &error)) == NULL)
    {
      g_warning ("replica %u: %s", i + 1, error->message);
      r->down_until[i] = g_get_monotonic_time () + RETRY_US;
      return NULL;
    }
  conns->pdata[i] = db;
  return db;
}

static void
forget (GbDaemonReplicas *r,
        guint             i)
{
  GPtrArray *conns = g_private_get (&worker_replicas);

  g_clear_pointer (&conns->pdata[i], gb_daemon_db_free);
  r->down_until[i] = g_get_monotonic_time () + RETRY_US;
}

/**
 * gb_daemon_set_replicas:
 * @uris: (nullable): PostgreSQL connection URIs of streaming replicas of the primary
 *
 * Feed pages are read from them when they are not behind (see the top of the file).
 */
void
gb_daemon_set_replicas (GbDaemon           *self,
                        const char * const *uris)
{
  g_return_if_fail (GB_IS_DAEMON (self));

  g_clear_pointer (&self->replicas, gb_daemon_replicas_free);
  if (uris != NULL && uris[0] != NULL)
    self->replicas = gb_daemon_replicas_new (uris);
}

/**
 * gb_daemon_replicas_pick:
 * @need: the sequence the feed read must reach (the laptop's cursor, its last push)
 *
 * Returns: (nullable): this worker's connection to a replica whose feed reaches @need, or
 *   NULL: read from the primary
 */
GbDaemonDb *
gb_daemon_replicas_pick (GbDaemonReplicas *r,
                         gint64            need)
{
  guint n, start;

  if (r == NULL || (n = g_strv_length (r->uris)) == 0)
    return NULL;
  start = (guint) g_atomic_int_add ((gint *) &r->next, 1);
  for (guint k = 0; k < n; k++)
    {
      guint i = (start + k) % n;
      GbDaemonDb *db = connection (r, i);
      g_autoptr(GError) error = NULL;
      gint64 last;

      if (db == NULL)
        continue;
      if ((last = db->ops->feed_last (db, &error)) < 0)
        {
          g_warning ("replica %u: %s", i + 1, error->message);
          forget (r, i);
          continue;
        }
      if (last >= need)
        {
          g_atomic_int_inc (&r->served);
          return db;
        }
      g_debug ("replica %u is at %" G_GINT64_FORMAT ", behind %" G_GINT64_FORMAT, i + 1, last, need);
    }
  g_atomic_int_inc (&r->fallbacks);
  return NULL;
}

/* A read from a replica failed: the primary answers, the replica is left alone a while. */
void
gb_daemon_replicas_failed (GbDaemonReplicas *r,
                           GbDaemonDb       *db)
{
  GPtrArray *conns = g_private_get (&worker_replicas);

  for (guint i = 0; conns != NULL && i < conns->len; i++)
    if (conns->pdata[i] == db)
      forget (r, i);
  g_atomic_int_add (&r->served, -1);
  g_atomic_int_inc (&r->fallbacks);
}

/* For the health answer: how many pages replicas served, and the primary instead. */
void
gb_daemon_replicas_counts (GbDaemonReplicas *r,
                           gint64           *served,
                           gint64           *fallbacks)
{
  *served = r ? g_atomic_int_get (&r->served) : 0;
  *fallbacks = r ? g_atomic_int_get (&r->fallbacks) : 0;
}
