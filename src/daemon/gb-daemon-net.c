/* gb-daemon-net.c — giaoband accepts its own connections, bounds them and their time
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SoupServer's own listener stopped for good once accept() failed with EMFILE (about 1,320
 * idle connections under `ulimit -n 1024`, issue 17), and it has no header or body timeouts,
 * so a slowloris client held a connection forever. So giaoband accepts connections itself
 * and hands each to libsoup with soup_server_accept_iostream():
 *
 * - at most max_connections are open; at the cap, accepting pauses (the kernel's backlog
 *   holds newcomers) until one closes;
 * - accept() failing for want of descriptors pauses accepting 250 ms, then tries again;
 * - each connection has a deadline for its phase (headers or idle, body, answer), checked
 *   every second; past it the socket is shut down and libsoup closes the connection.
 *
 * libsoup 3.2 keeps a connection open after an answer only when the server has a listener of
 * its own (request_finished() in soup-server.c): with none, every answer closed its connection,
 * and each request of a laptop paid a new TCP connection, on both sides (1,207 accepts in 4 s
 * of the daemon bench, about a third of the machine's time). So libsoup is given a listener
 * nobody can reach: a Unix socket whose path is removed as soon as it listens.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <gio/gnetworking.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gb-daemon-private.h"

#define RETRY_MS 250

typedef struct
{
  GbDaemonNet   *net;
  GSocket       *socket;
  GObject       *stream;    /* weak: libsoup holds it while the connection is open */
  char          *key;       /* the peer's address: how a message finds its connection */
  gint64         deadline;  /* monotonic µs; G_MAXINT64 for none */
} Conn;

struct _GbDaemonNet
{
  SoupServer      *server;
  GTlsCertificate *cert;
  GbDaemonLimits   limits;
  GSocket         *listener;
  GSocket         *unreachable; /* libsoup's own listener, for keep-alive only */
  GSource         *accept_source;
  guint            retry_id;
  guint            sweep_id;
  GHashTable      *conns;       /* key -> Conn */
  gboolean         warned_fds;
  gboolean         warned_cap;
};

static gboolean accept_cb (GSocket *socket, GIOCondition condition, gpointer data);

static char *
address_key (GSocketAddress *address)
{
  g_autofree char *ip = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup_printf ("%p", address);
  ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  return g_strdup_printf ("%s:%u", ip, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

static void conn_gone_cb (gpointer data, GObject *stream);

static void
conn_free (Conn *c)
{
  if (c->stream != NULL)
    g_object_weak_unref (c->stream, conn_gone_cb, c);
  g_clear_object (&c->socket);
  g_free (c->key);
  g_free (c);
}

static void
watch_listener (GbDaemonNet *net)
{
  if (net->accept_source != NULL || net->retry_id != 0 || net->listener == NULL)
    return;
  net->accept_source = g_socket_create_source (net->listener, G_IO_IN, NULL);
  g_source_set_callback (net->accept_source, (GSourceFunc) (void (*) (void)) accept_cb, net, NULL);
  g_source_attach (net->accept_source, g_main_context_get_thread_default ());
}

static void
unwatch_listener (GbDaemonNet *net)
{
  if (net->accept_source != NULL)
    {
      g_source_destroy (net->accept_source);
      g_clear_pointer (&net->accept_source, g_source_unref);
    }
}

static gboolean
retry_cb (gpointer data)
{
  GbDaemonNet *net = data;

  net->retry_id = 0;
  watch_listener (net);
  return G_SOURCE_REMOVE;
}

/* libsoup dropped the connection's stream: it is closed. */
static void
conn_gone_cb (gpointer  data,
              GObject  *stream)
{
  Conn *c = data;
  GbDaemonNet *net = c->net;

  c->stream = NULL;
  g_hash_table_remove (net->conns, c->key);
  if (g_hash_table_size (net->conns) < net->limits.max_connections)
    watch_listener (net);
}

static void
adopt (GbDaemonNet *net,
       GSocket     *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = G_IO_STREAM (g_socket_connection_factory_create_connection (client));
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (client, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (client, NULL);
  Conn *c;

  if (local == NULL || remote == NULL)
    return;  /* the peer is already gone */
  /* libsoup writes an answer's headers, then its body: with Nagle's algorithm the body waited
   * for the client's delayed ACK of the headers, 40 ms per request on a kept-alive connection
   * (libsoup's own listener sets this too). */
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  if (net->cert != NULL)
    {
      GIOStream *tls = g_tls_server_connection_new (stream, net->cert, &error);

      if (tls == NULL)
        {
          g_printerr ("giaoband: TLS: %s\n", error->message);
          return;
        }
      g_object_unref (stream);
      stream = tls;
    }
  c = g_new0 (Conn, 1);
  c->net = net;
  c->socket = g_object_ref (client);
  c->key = address_key (remote);
  c->deadline = g_get_monotonic_time () + (gint64) net->limits.header_timeout * G_USEC_PER_SEC;
  c->stream = G_OBJECT (stream);
  g_object_weak_ref (c->stream, conn_gone_cb, c);
  g_hash_table_replace (net->conns, c->key, c);
  if (!soup_server_accept_iostream (net->server, stream, local, remote, &error))
    g_printerr ("giaoband: %s\n", error->message);
}

static gboolean
accept_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      data)
{
  GbDaemonNet *net = data;

  while (g_hash_table_size (net->conns) < net->limits.max_connections)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (net->listener, NULL, &error);

      if (client != NULL)
        {
          adopt (net, client);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES) && !net->warned_fds)
        {
          g_printerr ("giaoband: %s (%s)\n", _("out of file descriptors: accepting again shortly"), error->message);
          net->warned_fds = TRUE;
        }
      /* Out of descriptors, or the peer reset before accept(): wait, then accept again. */
      g_clear_pointer (&net->accept_source, g_source_unref);
      net->retry_id = g_timeout_add (RETRY_MS, retry_cb, net);
      return G_SOURCE_REMOVE;
    }
  if (!net->warned_cap)
    {
      g_printerr ("giaoband: %u %s\n", net->limits.max_connections, _("connections are open: new ones wait"));
      net->warned_cap = TRUE;
    }
  g_clear_pointer (&net->accept_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* Shuts down every connection past its deadline; libsoup then reads the end and closes it. */
static gboolean
sweep_cb (gpointer data)
{
  GbDaemonNet *net = data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  Conn *c;

  g_hash_table_iter_init (&iter, net->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    if (c->deadline < now)
      {
        g_socket_shutdown (c->socket, TRUE, TRUE, NULL);
        c->deadline = G_MAXINT64;
      }
  return G_SOURCE_CONTINUE;
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           data)
{
  gb_daemon_net_set_phase (data, msg, GB_DAEMON_PHASE_HEADERS);
}

/**
 * gb_daemon_net_set_phase:
 *
 * Starts the deadline of @phase for @msg's connection.
 */
void
gb_daemon_net_set_phase (GbDaemonNet       *net,
                         SoupServerMessage *msg,
                         GbDaemonPhase      phase)
{
  g_autofree char *key = address_key (soup_server_message_get_remote_address (msg));
  Conn *c = g_hash_table_lookup (net->conns, key);
  guint seconds = 0;

  if (c == NULL)
    return;
  switch (phase)
    {
    case GB_DAEMON_PHASE_HEADERS:
      seconds = net->limits.header_timeout;
      break;
    case GB_DAEMON_PHASE_BODY:
      seconds = net->limits.body_timeout;
      break;
    case GB_DAEMON_PHASE_WRITE:
      seconds = net->limits.write_timeout;
      break;
    case GB_DAEMON_PHASE_WORK:
    default:
      c->deadline = G_MAXINT64;
      return;
    }
  c->deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
}

guint
gb_daemon_net_n_open (GbDaemonNet *net)
{
  return g_hash_table_size (net->conns);
}

GbDaemonNet *
gb_daemon_net_new (SoupServer           *server,
                   const GbDaemonLimits *limits,
                   GTlsCertificate      *cert)
{
  GbDaemonNet *net = g_new0 (GbDaemonNet, 1);

  net->server = g_object_ref (server);
  net->cert = cert ? g_object_ref (cert) : NULL;
  net->limits = *limits;
  net->conns = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) conn_free);
  g_signal_connect (server, "request-finished", G_CALLBACK (request_finished_cb), net);
  net->sweep_id = g_timeout_add_seconds (1, sweep_cb, net);
  return net;
}

/* A listening Unix socket without a path: nothing can connect to it. */
static GSocket *
unreachable_socket (GError **error)
{
  g_autofree char *dir = g_dir_make_tmp ("giaoband-XXXXXX", error);
  g_autofree char *path = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  gboolean ok;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "s", NULL);
  address = g_unix_socket_address_new (path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  ok = socket != NULL && g_socket_bind (socket, address, FALSE, error) && g_socket_listen (socket, error);
  g_unlink (path);
  g_rmdir (dir);
  return ok ? g_steal_pointer (&socket) : NULL;
}

gboolean
gb_daemon_net_listen (GbDaemonNet     *net,
                      GSocketAddress  *address,
                      GError         **error)
{
  g_autoptr(GSocket) socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL)
    return FALSE;
  /* SoupServer listened with a backlog of 10: bursts of laptops met 1–3 s connect retries. */
  g_socket_set_listen_backlog (socket, 1024);
  g_socket_set_blocking (socket, FALSE);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;
  net->listener = g_steal_pointer (&socket);
  if ((net->unreachable = unreachable_socket (error)) == NULL ||
      !soup_server_listen_socket (net->server, net->unreachable, 0, error))
    return FALSE;
  watch_listener (net);
  return TRUE;
}

void
gb_daemon_net_free (GbDaemonNet *net)
{
  unwatch_listener (net);
  g_clear_handle_id (&net->retry_id, g_source_remove);
  g_clear_handle_id (&net->sweep_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (net->server, net);
  if (net->listener)
    g_socket_close (net->listener, NULL);
  g_clear_object (&net->listener);
  g_clear_object (&net->unreachable);
  /* conn_free() drops the weak references: streams that outlive the table do not call back. */
  g_hash_table_unref (net->conns);
  g_clear_object (&net->cert);
  g_clear_object (&net->server);
  g_free (net);
}
