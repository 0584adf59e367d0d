/* gb-fault-proxy.c — a TCP proxy for tests that cuts, stalls and truncates on purpose
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GThreadedSocketService on 127.0.0.1: each connection gets a thread per direction with
 * blocking I/O, which keeps the fault logic plain. A fault is armed for the next connection.
 */
#include "gb-fault-proxy.h"

struct _GbFaultProxy
{
  GSocketService *service;
  guint16         port;
  guint16         upstream;
  GMutex          lock;
  GbFaultKind     armed;
  gsize           after;
  gboolean        fired;
  guint           connections;
};

typedef struct
{
  GbFaultProxy   *proxy;
  GIOStream      *client;
  GIOStream      *server;
  GbFaultKind     kind;
  gsize           after;
  GCancellable   *cancel;      /* ends both directions */
} Conn;

const char *
gb_fault_kind_name (GbFaultKind kind)
{
  static const char *names[] = { "none", "cut-request", "cut-response", "truncate", "stall" };

  return kind < GB_FAULT_N_KINDS ? names[kind] : "?";
}

static void
mark_fired (GbFaultProxy *proxy)
{
  g_mutex_lock (&proxy->lock);
  proxy->fired = TRUE;
  g_mutex_unlock (&proxy->lock);
}

/* Copies @from to @to; @limit bytes at most when @fault applies to this direction. */
static void
pump (Conn      *conn,
      GIOStream *from,
      GIOStream *to,
      gboolean   response)
{
  GInputStream *in = g_io_stream_get_input_stream (from);
  GOutputStream *out = g_io_stream_get_output_stream (to);
  gboolean faulty = (response && (conn->kind == GB_FAULT_CUT_RESPONSE || conn->kind == GB_FAULT_TRUNCATE ||
                                  conn->kind == GB_FAULT_STALL)) ||
                    (!response && conn->kind == GB_FAULT_CUT_REQUEST);
  gsize sent = 0;
  char buf[8192];

  for (;;)
    {
      gssize n = g_input_stream_read (in, buf, sizeof buf, conn->cancel, NULL);
      gsize pass;

      if (n <= 0)
        break;
      pass = n;
      if (faulty && sent + pass > conn->after)
        pass = conn->after - sent;
      if (pass > 0 && !g_output_stream_write_all (out, buf, pass, NULL, conn->cancel, NULL))
        break;
      sent += pass;
      if (faulty && pass < (gsize) n)
        {
          mark_fired (conn->proxy);
          if (conn->kind == GB_FAULT_STALL)
            {
              /* Hold the connection open and silent until the client closes it (the other
               * direction sees that and cancels), a minute at most. */
              gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

              while (!g_cancellable_is_cancelled (conn->cancel) && g_get_monotonic_time () < end)
                g_usleep (10000);
            }
          else if (conn->kind == GB_FAULT_TRUNCATE)
            g_socket_shutdown (g_socket_connection_get_socket (G_SOCKET_CONNECTION (to)), FALSE, TRUE, NULL);
          break;
        }
    }
  g_cancellable_cancel (conn->cancel);
}

static gpointer
request_thread (gpointer data)
{
  Conn *conn = data;

  pump (conn, conn->client, conn->server, FALSE);
  return NULL;
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                data)
{
  GbFaultProxy *proxy = data;
  g_autoptr(GSocketClient) connector = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  GThread *thread;
  Conn conn = { proxy, G_IO_STREAM (connection), NULL, GB_FAULT_NONE, 0, g_cancellable_new () };

  g_mutex_lock (&proxy->lock);
  /* Every new connection carries the armed fault until one has struck: the client may open
   * several (pushes and pages go on connections of their own). */
  conn.kind = proxy->fired ? GB_FAULT_NONE : proxy->armed;
  conn.after = proxy->after;
  proxy->connections++;
  g_mutex_unlock (&proxy->lock);

  upstream = g_socket_client_connect_to_host (connector, "127.0.0.1", proxy->upstream, NULL, NULL);
  if (upstream == NULL)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_object_unref (conn.cancel);
      return TRUE;
    }
  conn.server = G_IO_STREAM (upstream);
  thread = g_thread_new ("proxy-request", request_thread, &conn);
  pump (&conn, conn.server, conn.client, TRUE);
  g_thread_join (thread);
  g_io_stream_close (conn.server, NULL, NULL);
  g_io_stream_close (conn.client, NULL, NULL);
  g_object_unref (conn.cancel);
  return TRUE;
}

GbFaultProxy *
gb_fault_proxy_new (guint16   upstream_port,
                    GError  **error)
{
  GbFaultProxy *self = g_new0 (GbFaultProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  g_mutex_init (&self->lock);
  self->upstream = upstream_port;
  self->service = g_threaded_socket_service_new (64);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    {
      gb_fault_proxy_free (self);
      return NULL;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "run", G_CALLBACK (run_cb), self);
  g_socket_service_start (self->service);
  return self;
}

guint16
gb_fault_proxy_get_port (GbFaultProxy *self)
{
  return self->port;
}

void
gb_fault_proxy_set_upstream (GbFaultProxy *self,
                             guint16       upstream_port)
{
  g_mutex_lock (&self->lock);
  self->upstream = upstream_port;
  g_mutex_unlock (&self->lock);
}

void
gb_fault_proxy_arm (GbFaultProxy *self,
                    GbFaultKind   kind,
                    gsize         after_bytes)
{
  g_mutex_lock (&self->lock);
  self->armed = kind;
  self->after = after_bytes;
  self->fired = FALSE;
  g_mutex_unlock (&self->lock);
}

gboolean
gb_fault_proxy_fired (GbFaultProxy *self)
{
  gboolean fired;

  g_mutex_lock (&self->lock);
  fired = self->fired;
  g_mutex_unlock (&self->lock);
  return fired;
}

guint
gb_fault_proxy_connections (GbFaultProxy *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->connections;
  g_mutex_unlock (&self->lock);
  return n;
}

void
gb_fault_proxy_free (GbFaultProxy *self)
{
  if (self == NULL)
    return;
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  g_mutex_clear (&self->lock);
  g_free (self);
}
