/* gb-fault-proxy.c — a TCP proxy for tests that cuts, stalls and truncates on purpose
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GThreadedSocketService on 127.0.0.1: each connection gets a thread per direction with
 * blocking I/O, which keeps the fault logic plain. A fault is armed for the next connection.
 *
 * The service accepts in a main context of its own, run by a thread of its own: a test that
 * syncs with the blocking API (gb_sync_client_sync(), a subprocess it waits for) does not
 * iterate its main context, and a listener attached there never accepted anything (every
 * sync through the proxy timed out before its first byte).
 */
#include "gb-fault-proxy.h"

/* Not one of the kinds a test draws at random: armed by gb_fault_proxy_arm_hook() only. */
#define FAULT_HOOK GB_FAULT_N_KINDS

struct _GbFaultProxy
{
  GSocketService *service;
  GMainContext   *context;
  GMainLoop      *loop;
  GThread        *thread;
  GError         *start_error;
  gboolean        started;
  guint16         port;
  guint16         upstream;
  GMutex          lock;
  GCond           cond;
  int             armed;
  gsize           after;
  GbFaultHook     hook;
  gpointer        hook_data;
  gboolean        fired;
  guint           connections;
  GPtrArray      *open;        /* the cancellables of the connections being served */
};

typedef struct
{
  GbFaultProxy   *proxy;
  GIOStream      *client;
  GIOStream      *server;
  int             kind;
  gsize           after;
  GbFaultHook     hook;
  gpointer        hook_data;
  GCancellable   *cancel;      /* ends both directions */
} Conn;

const char *
gb_fault_kind_name (GbFaultKind kind)
{
  static const char *names[] = { "none", "cut-request", "cut-response", "truncate", "stall", "hook" };

  return kind <= FAULT_HOOK ? names[kind] : "?";
}

/* Only the first connection to reach the fault strikes: the client may have several open. */
static gboolean
take_fire (GbFaultProxy *proxy)
{
  gboolean first;

  g_mutex_lock (&proxy->lock);
  first = !proxy->fired;
  proxy->fired = TRUE;
  g_mutex_unlock (&proxy->lock);
  return first;
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
                                  conn->kind == GB_FAULT_STALL || conn->kind == FAULT_HOOK)) ||
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
          faulty = FALSE;
          if (!take_fire (conn->proxy))
            {
              /* Another connection struck first: this one passes untouched. */
              if (!g_output_stream_write_all (out, buf + pass, n - pass, NULL, conn->cancel, NULL))
                break;
              sent += n - pass;
              continue;
            }
          if (conn->kind == FAULT_HOOK)
            {
              /* The hook (a kill) strikes with the answer half through; what the server had
               * written already still passes, then its end closes the connection. */
              conn->hook (conn->hook_data);
              if (!g_output_stream_write_all (out, buf + pass, n - pass, NULL, conn->cancel, NULL))
                break;
              sent += n - pass;
              continue;
            }
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
  Conn conn = { proxy, G_IO_STREAM (connection), NULL, GB_FAULT_NONE, 0, NULL, NULL, g_cancellable_new () };
  guint16 port;

  g_mutex_lock (&proxy->lock);
  /* Every new connection carries the armed fault until one has struck: the client may open
   * several (pushes and pages go on connections of their own). */
  conn.kind = proxy->fired ? GB_FAULT_NONE : proxy->armed;
  conn.after = proxy->after;
  conn.hook = proxy->hook;
  conn.hook_data = proxy->hook_data;
  port = proxy->upstream;
  proxy->connections++;
  g_ptr_array_add (proxy->open, conn.cancel);
  g_mutex_unlock (&proxy->lock);

  upstream = g_socket_client_connect_to_host (connector, "127.0.0.1", port, conn.cancel, NULL);
  if (upstream != NULL)
    {
      conn.server = G_IO_STREAM (upstream);
      thread = g_thread_new ("proxy-request", request_thread, &conn);
      pump (&conn, conn.server, conn.client, TRUE);
      g_thread_join (thread);
      g_io_stream_close (conn.server, NULL, NULL);
    }
  g_io_stream_close (conn.client, NULL, NULL);

  g_mutex_lock (&proxy->lock);
  g_ptr_array_remove_fast (proxy->open, conn.cancel);
  g_cond_broadcast (&proxy->cond);
  g_mutex_unlock (&proxy->lock);
  g_object_unref (conn.cancel);
  return TRUE;
}

static gpointer
service_thread (gpointer data)
{
  GbFaultProxy *self = data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (self->context);
  self->service = g_threaded_socket_service_new (64);
  g_signal_connect (self->service, "run", G_CALLBACK (run_cb), self);
  if (g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                     G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error))
    {
      self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
      g_socket_service_start (self->service);
    }

  g_mutex_lock (&self->lock);
  self->start_error = error;
  self->started = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (error == NULL)
    g_main_loop_run (self->loop);
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

GbFaultProxy *
gb_fault_proxy_new (guint16   upstream_port,
                    GError  **error)
{
  GbFaultProxy *self = g_new0 (GbFaultProxy, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->upstream = upstream_port;
  self->open = g_ptr_array_new ();
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("fault-proxy", service_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      gb_fault_proxy_free (self);
      return NULL;
    }
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
  self->hook = NULL;
  self->hook_data = NULL;
  self->fired = FALSE;
  g_mutex_unlock (&self->lock);
}

void
gb_fault_proxy_arm_hook (GbFaultProxy *self,
                         gsize         after_bytes,
                         GbFaultHook   hook,
                         gpointer      hook_data)
{
  g_return_if_fail (hook != NULL);

  g_mutex_lock (&self->lock);
  self->armed = FAULT_HOOK;
  self->after = after_bytes;
  self->hook = hook;
  self->hook_data = hook_data;
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

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
gb_fault_proxy_free (GbFaultProxy *self)
{
  g_autoptr(GSource) quit = NULL;

  if (self == NULL)
    return;
  /* A source of the loop's own context: a quit before the loop runs would be lost. */
  quit = g_idle_source_new ();
  g_source_set_callback (quit, quit_cb, self->loop, NULL);
  g_source_attach (quit, self->context);
  g_thread_join (self->thread);
  /* The connection threads use this struct: end them (a stall would hold on for a minute)
   * and wait until they have let go of it. */
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->open->len; i++)
    g_cancellable_cancel (g_ptr_array_index (self->open, i));
  while (self->open->len > 0)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  g_clear_object (&self->service);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_ptr_array_unref (self->open);
  g_clear_error (&self->start_error);
  g_cond_clear (&self->cond);
  g_mutex_clear (&self->lock);
  g_free (self);
}
