/* gb-daemon.h — giaoband's HTTP API on libsoup's server
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_DAEMON_MAX_BODY   (8 * 1024 * 1024)
#define GB_DAEMON_PAGE_SIZE  1000

#define GB_TYPE_DAEMON (gb_daemon_get_type ())
G_DECLARE_FINAL_TYPE (GbDaemon, gb_daemon, GB, DAEMON, GObject)

GbDaemon   *gb_daemon_new         (GbStore      *store,
                                   GError      **error);
gboolean    gb_daemon_listen      (GbDaemon     *self,
                                   const char   *address,
                                   const char   *tls_cert,
                                   const char   *tls_key,
                                   GError      **error);
void        gb_daemon_set_max_body (GbDaemon    *self,
                                   gsize         max_body);

char       *gb_daemon_new_token   (void);
char       *gb_daemon_hash_token  (const char   *token);

G_END_DECLS
