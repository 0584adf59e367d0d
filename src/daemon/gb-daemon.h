/* gb-daemon.h — giaoband's HTTP API on libsoup's server
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_DAEMON_MAX_BODY   (8 * 1024 * 1024)
#define GB_DAEMON_PAGE_SIZE  1000

/* What one giaoband takes on: bodies, connections, time and requests per token. */
typedef struct
{
  gsize  max_body;          /* bytes of one request body, chunked or not */
  guint  max_connections;   /* open at once; 0: from the file descriptor limit */
  guint  header_timeout;    /* seconds to send a request's headers, or to idle between requests */
  guint  body_timeout;      /* seconds to send a body once its headers are read */
  guint  write_timeout;     /* seconds to take an answer */
  guint  workers;           /* threads answering requests, each with its own database connection */
  guint  rate;              /* requests a second per token; 0: no limit */
  guint  burst;             /* requests a token may make at once above the rate */
} GbDaemonLimits;

#define GB_TYPE_DAEMON (gb_daemon_get_type ())
G_DECLARE_FINAL_TYPE (GbDaemon, gb_daemon, GB, DAEMON, GObject)

void        gb_daemon_limits_init (GbDaemonLimits       *limits);

GbDaemon   *gb_daemon_new         (const char           *location,
                                   const GbDaemonLimits *limits,
                                   GError              **error);
gboolean    gb_daemon_listen      (GbDaemon             *self,
                                   const char           *address,
                                   const char           *tls_cert,
                                   const char           *tls_key,
                                   GError              **error);

void        gb_daemon_set_replicas (GbDaemon            *self,
                                    const char * const  *uris);

char       *gb_daemon_new_token   (void);
char       *gb_daemon_hash_token  (const char           *token);

G_END_DECLS
