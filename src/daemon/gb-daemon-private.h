/* gb-daemon-private.h — shared by gb-daemon*.c: the daemon's struct and one request's call
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gb-daemon.h"
#include "gb-daemon-db.h"

G_BEGIN_DECLS

typedef struct _GbDaemonNet GbDaemonNet;
typedef struct _GbDaemonCache GbDaemonCache;

typedef struct _GbDaemonReplicas GbDaemonReplicas;
typedef struct _GbDaemonPulls GbDaemonPulls;

struct _GbDaemon
{
  GObject       parent_instance;

  GbDaemonDb   *db;           /* the main thread's connection: tokens only */
  char         *location;     /* each worker opens its own connection to it */
  SoupServer   *server;
  GThreadPool  *pool;
  GThreadPool  *ahead;        /* one thread: pages read ahead (GbDaemonAhead) */
  GMainContext *context;      /* where soup runs; answers are handed back to it */
  GbDaemonNet  *net;
  GbDaemonCache *pages;       /* feed pages, shared by the workers */
  GHashTable   *buckets;      /* user name -> Bucket, for the rate limit */
  GMutex        write_lock;   /* one writer at a time in this process: a writer never meets
                               * SQLITE_BUSY (PostgreSQL serializes the processes' writers) */
  GbDaemonLimits limits;
  guint         busy;         /* calls queued or running */
  guint         closing : 1;
  GbDaemonReplicas *replicas; /* feed reads from streaming replicas, NULL: none */
  GThread      *warm;         /* waits for the feed to move (feed_moved), NULL: never told */
  gint          warm_stop;    /* atomic */
  GbDaemonPulls *pulls;       /* what laptops' pulls looked like lately (gb-daemon-warm.c) */
  gint          pages_made;   /* feed pages made, ahead or not (atomic; /api/v1/health) */
  gint          page_queries; /* queries that made them (atomic) */
  gint          merge_reads;  /* reads of the merges entered by hand, to check pushes (atomic) */
};

/* One request, handed to a worker: what it reads, then what it answers. */
typedef struct
{
  SoupServerMessage  *msg;      /* main thread only */
  char               *method;
  char               *path;
  GHashTable         *query;    /* owned, or NULL */
  GBytes             *body;
  char               *user;     /* NULL for the health endpoints */
  char               *role;
  char               *remote;

  guint               status;
  GBytes             *response; /* shared with the page cache for a feed page */
  SoupMessageHeaders *headers;  /* extra response headers */
  char               *error;    /* the error message of a failed call, for the log */
  guint               gone : 1; /* the client went away before the answer */
  guint               gzip : 1; /* the client accepts a gzip answer */
} GbDaemonCall;

/* gb-daemon.c: the endpoints, run on a worker with its own database connection. */
void          gb_daemon_call_run        (GbDaemon     *self,
                                         GbDaemonDb   *db,
                                         GbDaemonCall *call);
void          gb_daemon_call_json       (GbDaemonCall *call,
                                         guint         status,
                                         JsonNode     *node);
void          gb_daemon_call_error      (GbDaemonCall *call,
                                         guint         status,
                                         const char   *message);
char         *gb_daemon_error_json      (const char   *message);
guint         gb_daemon_status_for      (const GError *error);
gboolean      gb_daemon_call_role_is    (GbDaemonCall *call,
                                         const char   *role);
void          gb_daemon_call_forbid     (GbDaemonCall *call);
JsonNode     *gb_daemon_call_read_json  (GbDaemon     *self,
                                         GbDaemonCall *call);

gboolean      gb_daemon_changes_cached  (GbDaemon     *self,
                                         GbDaemonCall *call);

/* The page after one just served, made before a laptop asks for it (gb_daemon_read_ahead()). */
typedef struct
{
  char     *key;      /* claimed in the page cache */
  gint64    since;
  guint     limit;
  gboolean  compact;
  char     *area;
  gint64    last;     /* the feed's last it is made at */
  gboolean  moved;    /* the feed moved from @since to @last: its delta's pages (key NULL) */
} GbDaemonAhead;

void          gb_daemon_ahead_free      (GbDaemonAhead *ahead);
void          gb_daemon_ahead_run       (GbDaemon      *self,
                                         GbDaemonDb    *db,
                                         GbDaemonAhead *ahead);

/* gb-daemon.c: a feed page's key in the page cache, and its gzip encoding. */
#define GZIP_MIN_BYTES 1024
char         *gb_daemon_page_key        (gint64         since,
                                         guint          limit,
                                         gboolean       compact,
                                         gint64         last,
                                         const char    *epoch,
                                         const char    *area);
GBytes       *gb_daemon_gzip            (GBytes        *bytes);

/* gb-daemon-warm.c: a moved feed's pages made before laptops ask for them. */
GbDaemonPulls *gb_daemon_pulls_new      (void);
void          gb_daemon_pulls_free      (GbDaemonPulls *pulls);
void          gb_daemon_warm_note       (GbDaemon      *self,
                                         gboolean       area,
                                         gint64         since,
                                         guint          limit,
                                         gboolean       compact,
                                         gint64         next);
guint         gb_daemon_warm_next_limit (GbDaemon      *self,
                                         guint          limit,
                                         gboolean       compact);
gpointer      gb_daemon_warm_thread     (gpointer       data);
void          gb_daemon_warm_run        (GbDaemon      *self,
                                         GbDaemonDb    *db,
                                         GbDaemonAhead *ahead);

/* gb-daemon-review.c */
gboolean      gb_daemon_review_allows   (GbDaemonDb   *db,
                                         const char   *table,
                                         JsonNode     *key,
                                         JsonNode     *row,
                                         GError      **error);
gboolean      gb_daemon_review_row_allows (GbDaemonDb *db,
                                           JsonNode   *key,
                                           JsonNode   *row,
                                           GError    **error);
gboolean      gb_daemon_review_stamp    (GbDaemonDb   *db,
                                         JsonNode     *key,
                                         JsonNode     *row,
                                         const char   *user,
                                         GError      **error);

/* gb-daemon-users.c: /api/v1/users, and token expiry for the command line too. */
void          gb_daemon_users_run       (GbDaemon     *self,
                                         GbDaemonDb   *db,
                                         GbDaemonCall *call);

/* gb-daemon-cache.c: feed pages kept for the next laptop asking for the same one. */
typedef struct
{
  GBytes   *text;
  GBytes   *gzip;   /* NULL: not worth compressing */
  gint64    next;
  gboolean  more;
} GbDaemonPage;

void           gb_daemon_page_clear     (GbDaemonPage  *page);
GbDaemonCache *gb_daemon_cache_new      (gsize          max_bytes);
void           gb_daemon_cache_free     (GbDaemonCache *cache);
gboolean       gb_daemon_cache_claim    (GbDaemonCache *cache,
                                         const char    *key,
                                         GbDaemonPage  *page);
gboolean       gb_daemon_cache_try_claim (GbDaemonCache *cache,
                                          const char    *key,
                                          gboolean       queued);
gboolean       gb_daemon_cache_start    (GbDaemonCache *cache,
                                         const char    *key);
gboolean       gb_daemon_cache_peek     (GbDaemonCache *cache,
                                         const char    *key,
                                         GbDaemonPage  *page);
void           gb_daemon_cache_release  (GbDaemonCache *cache,
                                         const char    *key);
void           gb_daemon_cache_put      (GbDaemonCache *cache,
                                         const char    *key,
                                         const GbDaemonPage *page);

/* gb-daemon-replica.c: feed pages read from streaming replicas when they are not behind. */
GbDaemonReplicas *gb_daemon_replicas_new    (const char * const *uris);
void              gb_daemon_replicas_free   (GbDaemonReplicas   *replicas);
GbDaemonDb       *gb_daemon_replicas_pick   (GbDaemonReplicas   *replicas,
                                             gint64              need);
void              gb_daemon_replicas_failed (GbDaemonReplicas   *replicas,
                                             GbDaemonDb         *db);
void              gb_daemon_replicas_counts (GbDaemonReplicas   *replicas,
                                             gint64             *served,
                                             gint64             *fallbacks);

/* gb-daemon-net.c: accepting connections, bounding them and their time. */
GbDaemonNet  *gb_daemon_net_new         (SoupServer   *server,
                                         const GbDaemonLimits *limits,
                                         GTlsCertificate *cert);
void          gb_daemon_net_free        (GbDaemonNet  *net);
gboolean      gb_daemon_net_listen      (GbDaemonNet  *net,
                                         GSocketAddress *address,
                                         GError      **error);
/* The phases of a request on its connection, each with its own deadline. */
typedef enum
{
  GB_DAEMON_PHASE_HEADERS,  /* waiting for (more) request headers, or idle between requests */
  GB_DAEMON_PHASE_BODY,     /* headers read, reading the body */
  GB_DAEMON_PHASE_WORK,     /* the request is being answered: no deadline */
  GB_DAEMON_PHASE_WRITE,    /* the answer is being written */
} GbDaemonPhase;

void          gb_daemon_net_set_phase   (GbDaemonNet       *net,
                                         SoupServerMessage *msg,
                                         GbDaemonPhase      phase);
guint         gb_daemon_net_n_open      (GbDaemonNet  *net);

G_END_DECLS
