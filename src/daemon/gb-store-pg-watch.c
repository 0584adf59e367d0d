/* gb-store-pg-watch.c — what a giaoband knows of its PostgreSQL without asking: the feed's
 * last and every token, kept up to date by a thread that LISTENs
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With two giaoband on PostgreSQL and 200 laptops pulling a day's delta, a page answered from
 * the cache still began with a round trip for the feed's last, on a worker, and a token was
 * looked up again every 2 seconds on the main thread, holding up every other request (p99
 * 460–560 ms where SQLite, with no round trips, made 180 ms). Writers now NOTIFY (migration
 * 0170): gb_feed when the feed or its epoch changes, gb_users when the users do, delivered once
 * the transaction commits. This thread, on its own connection, reads the feed's last and epoch
 * again after each gb_feed, and every token not revoked after each gb_users; both again every
 * few seconds anyway, since a restore replaces the tables without a notification.
 *
 * A last read a moment ago is a page asked a moment earlier: a reader takes it only when it is
 * not below what the laptop has seen already (its cursor, its last push), else asks the
 * database as before. A token not among those read is asked for too (one made a moment ago on
 * another giaoband). While the connection is down nothing is known, and everything is asked.
 * One watch per database per process, shared by its connections (not by a replica's).
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "gb-store-pg-private.h"

/* Read again this often without a notification, and the connection tried again after a failure. */
#define FEED_EVERY_US   (2 * G_USEC_PER_SEC)
#define TOKENS_EVERY_US (10 * G_USEC_PER_SEC)
#define RETRY_US        (1 * G_USEC_PER_SEC)

typedef struct
{
  char *name;
  char *role;
  char *expires_at;
} WatchToken;

struct _GbStorePgWatch
{
  char       *uri;
  int         refs;       /* under registry_lock */
  GMutex      lock;
  GCond       moved;      /* broadcast when head changes */
  gint64      head;       /* the feed's last, -1: not known */
  char       *epoch;
  char       *base;       /* feed_epoch_base */
  GHashTable *tokens;     /* token hash -> WatchToken, every token not revoked; NULL: not known */
  guint       changes;    /* bumped at each load of the tokens and each forget */
  gint        forgotten;  /* bumped by gb_store_pg_watch_forget_tokens() (atomic) */
  gint        loaded;     /* the forgotten count the tokens were read after */
  int         wake[2];    /* a pipe: a byte wakes the thread */
  gint        stop;       /* atomic */
  GThread    *thread;
};

static GMutex registry_lock;
static GHashTable *registry;  /* uri -> GbStorePgWatch */

static void
watch_token_free (WatchToken *t)
{
  g_free (t->name);
  g_free (t->role);
  g_free (t->expires_at);
  g_free (t);
}

/* Nothing known: every reader asks. */
static void
forget_all (GbStorePgWatch *w)
{
  g_mutex_lock (&w->lock);
  if (w->head != -1)
    g_cond_broadcast (&w->moved);
  w->head = -1;
  g_clear_pointer (&w->epoch, g_free);
  g_clear_pointer (&w->base, g_free);
  g_clear_pointer (&w->tokens, g_hash_table_unref);
  w->changes++;
  g_mutex_unlock (&w->lock);
}

/* FALSE when the connection broke. */
static gboolean
read_feed (GbStorePgWatch *w,
           PGconn         *conn)
{
  gint64 was = w->head;  /* written on this thread only */
  PGresult *res;
  gboolean ok;

  gb_store_pg_count_round_trip ();
  res = PQexec (conn, "SELECT coalesce ((SELECT max (seq) FROM gb_rows), 0), "
                "(SELECT value FROM gb_meta WHERE key = 'feed_epoch'), "
                "(SELECT value FROM gb_meta WHERE key = 'feed_epoch_base')");
  ok = PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1;

  g_mutex_lock (&w->lock);
  g_clear_pointer (&w->epoch, g_free);
  g_clear_pointer (&w->base, g_free);
  w->head = ok ? g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10) : -1;
  if (ok && !PQgetisnull (res, 0, 1))
    w->epoch = g_strdup (PQgetvalue (res, 0, 1));
  if (ok && !PQgetisnull (res, 0, 2))
    w->base = g_strdup (PQgetvalue (res, 0, 2));
  if (w->head != was)
    g_cond_broadcast (&w->moved);
  g_mutex_unlock (&w->lock);
  PQclear (res);
  return PQstatus (conn) == CONNECTION_OK;
}

static gboolean
read_tokens (GbStorePgWatch *w,
             PGconn         *conn)
{
  /* What is read is at least as new as every forget before the query. */
  gint asked = g_atomic_int_get (&w->forgotten);
  PGresult *res;
  GHashTable *tokens = NULL;

  gb_store_pg_count_round_trip ();
  res = PQexec (conn, "SELECT token_sha256, name, role, expires_at FROM daemon_users WHERE revoked_at IS NULL");

  if (PQresultStatus (res) == PGRES_TUPLES_OK)
    {
      tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) watch_token_free);
      for (int i = 0; i < PQntuples (res); i++)
        {
          WatchToken *t = g_new0 (WatchToken, 1);

          t->name = g_strdup (PQgetvalue (res, i, 1));
          t->role = g_strdup (PQgetvalue (res, i, 2));
          t->expires_at = PQgetisnull (res, i, 3) ? NULL : g_strdup (PQgetvalue (res, i, 3));
          g_hash_table_replace (tokens, g_strdup (PQgetvalue (res, i, 0)), t);
        }
    }
  PQclear (res);
  g_mutex_lock (&w->lock);
  g_clear_pointer (&w->tokens, g_hash_table_unref);
  w->tokens = tokens;
  w->loaded = asked;
  w->changes++;
  g_mutex_unlock (&w->lock);
  return PQstatus (conn) == CONNECTION_OK;
}

/* Until the stop, the timeout (ms) or a byte on the pipe; TRUE when @fd is readable. */
static gboolean
wait_for (GbStorePgWatch *w,
          int             fd,
          int             timeout_ms)
{
  struct pollfd fds[2] = { { w->wake[0], POLLIN, 0 }, { fd, POLLIN, 0 } };
  char buf[64];

  if (poll (fds, fd >= 0 ? 2 : 1, timeout_ms) < 0 && errno != EINTR)
    g_usleep (G_USEC_PER_SEC / 10);
  if (fds[0].revents & POLLIN)
    while (read (w->wake[0], buf, sizeof buf) == (ssize_t) sizeof buf)
      ;
  return fd >= 0 && (fds[1].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
}

/* LISTENs on @conn and keeps what is known up to date until the connection breaks or the
 * watch stops. */
static void
serve (GbStorePgWatch *w,
       PGconn         *conn)
{
  /* No JIT here either (see gb_store_pg_open()). */
  PGresult *res = PQexec (conn, "SET client_min_messages = warning; SET jit = off; LISTEN gb_feed; LISTEN gb_users");
  gboolean feed = TRUE, tokens = TRUE;
  gint64 feed_at = 0, tokens_at = 0;

  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      PQclear (res);
      return;
    }
  PQclear (res);
  while (!g_atomic_int_get (&w->stop))
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wait;
      PGnotify *n;

      if (feed || now - feed_at >= FEED_EVERY_US)
        {
          if (!read_feed (w, conn))
            return;
          feed = FALSE;
          feed_at = now;
        }
      if (tokens || now - tokens_at >= TOKENS_EVERY_US || g_atomic_int_get (&w->forgotten) != w->loaded)
        {
          if (!read_tokens (w, conn))
            return;
          tokens = FALSE;
          tokens_at = now;
        }
      wait = MIN (feed_at + FEED_EVERY_US, tokens_at + TOKENS_EVERY_US) - now;
      if (wait_for (w, PQsocket (conn), (int) CLAMP (wait / 1000, 1, 10000)) && !PQconsumeInput (conn))
        return;
      while ((n = PQnotifies (conn)) != NULL)
        {
          if (strcmp (n->relname, "gb_feed") == 0)
            feed = TRUE;
          else
            tokens = TRUE;
          PQfreemem (n);
        }
    }
}

static gpointer
watch_thread (gpointer data)
{
  GbStorePgWatch *w = data;

  while (!g_atomic_int_get (&w->stop))
    {
      PGconn *conn = PQconnectdb (w->uri);

      if (PQstatus (conn) == CONNECTION_OK)
        serve (w, conn);
      PQfinish (conn);
      forget_all (w);
      if (!g_atomic_int_get (&w->stop))
        wait_for (w, -1, RETRY_US / 1000);
    }
  return NULL;
}

static void
wake (GbStorePgWatch *w)
{
  char byte = 0;

  if (write (w->wake[1], &byte, 1) < 0)
    return;  /* the pipe is full: the thread wakes anyway */
}

/**
 * gb_store_pg_watch_get:
 * @start: make the watch when there is none (the serving connection); else only share it
 *
 * Returns: (nullable): the process's watch of @uri, referenced
 */
GbStorePgWatch *
gb_store_pg_watch_get (const char *uri,
                       gboolean    start)
{
  GbStorePgWatch *w;

  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_hash_table_new (g_str_hash, g_str_equal);
  w = g_hash_table_lookup (registry, uri);
  if (w == NULL && start)
    {
      w = g_new0 (GbStorePgWatch, 1);
      w->uri = g_strdup (uri);
      w->head = -1;
      g_mutex_init (&w->lock);
      g_cond_init (&w->moved);
      if (!g_unix_open_pipe (w->wake, FD_CLOEXEC, NULL) || !g_unix_set_fd_nonblocking (w->wake[0], TRUE, NULL) ||
          !g_unix_set_fd_nonblocking (w->wake[1], TRUE, NULL))
        g_error ("giaoband: no pipe for the PostgreSQL watch");
      w->thread = g_thread_new ("gb-pg-watch", watch_thread, w);
      g_hash_table_insert (registry, w->uri, w);
    }
  if (w != NULL)
    w->refs++;
  g_mutex_unlock (&registry_lock);
  return w;
}

void
gb_store_pg_watch_unref (GbStorePgWatch *w)
{
  gboolean last;

  g_mutex_lock (&registry_lock);
  if ((last = --w->refs == 0))
    g_hash_table_remove (registry, w->uri);
  g_mutex_unlock (&registry_lock);
  if (!last)
    return;
  g_atomic_int_set (&w->stop, 1);
  wake (w);
  g_thread_join (w->thread);
  close (w->wake[0]);
  close (w->wake[1]);
  g_clear_pointer (&w->tokens, g_hash_table_unref);
  g_free (w->epoch);
  g_free (w->base);
  g_cond_clear (&w->moved);
  g_mutex_clear (&w->lock);
  g_free (w->uri);
  g_free (w);
}

/**
 * gb_store_pg_watch_head:
 * @epoch: (out) (nullable): the feed's epoch
 * @base: (out) (nullable): the seq it began at
 *
 * Returns: TRUE with the feed's last as read after its latest change, FALSE when not known
 */
gboolean
gb_store_pg_watch_head (GbStorePgWatch  *w,
                        gint64          *head,
                        char           **epoch,
                        char           **base)
{
  g_mutex_lock (&w->lock);
  *head = w->head;
  *epoch = g_strdup (w->epoch);
  *base = g_strdup (w->base);
  g_mutex_unlock (&w->lock);
  return *head >= 0;
}

/**
 * gb_store_pg_watch_token:
 * @changes: (out): bumped whenever what is known of the tokens changed (a cache of the
 *   caller's, of tokens asked for, is then to be dropped)
 *
 * Returns: TRUE when the tokens are known: @found says whether @hash is one not revoked, with
 *   its user's @name, @role and @expires_at (nullable)
 */
gboolean
gb_store_pg_watch_token (GbStorePgWatch  *w,
                         const char      *hash,
                         gboolean        *found,
                         char           **name,
                         char           **role,
                         char           **expires_at,
                         guint           *changes)
{
  WatchToken *t = NULL;
  gboolean known;

  g_mutex_lock (&w->lock);
  known = w->tokens != NULL && w->loaded == g_atomic_int_get (&w->forgotten);
  *changes = w->changes;
  if (known && (t = g_hash_table_lookup (w->tokens, hash)) != NULL)
    {
      *name = g_strdup (t->name);
      *role = g_strdup (t->role);
      *expires_at = g_strdup (t->expires_at);
    }
  *found = t != NULL;
  g_mutex_unlock (&w->lock);
  return known;
}

/**
 * gb_store_pg_watch_forget_tokens:
 *
 * The users changed in this process (committed): the tokens known are not used until read
 * again, so that this process refuses a token it revoked from its very next request.
 */
void
gb_store_pg_watch_forget_tokens (GbStorePgWatch *w)
{
  g_mutex_lock (&w->lock);
  g_atomic_int_inc (&w->forgotten);
  w->changes++;
  g_mutex_unlock (&w->lock);
  wake (w);
}

/**
 * gb_store_pg_watch_wait:
 * @known: the last the caller knows of (-1: none)
 *
 * Waits up to @timeout_us for the feed's last to be read as other than @known: a giaoband
 * makes a delta's pages as soon as the feed moves, not when the first laptop asks.
 *
 * Returns: TRUE with the last now known in @head (-1: not known, the connection down)
 */
gboolean
gb_store_pg_watch_wait (GbStorePgWatch *w,
                        gint64          known,
                        gint64          timeout_us,
                        gint64         *head)
{
  gint64 until = g_get_monotonic_time () + timeout_us;

  g_mutex_lock (&w->lock);
  while (w->head == known && g_cond_wait_until (&w->moved, &w->lock, until))
    ;
  *head = w->head;
  g_mutex_unlock (&w->lock);
  return *head != known;
}
