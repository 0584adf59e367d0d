/* gb-tile-server.c — the map tiles' server: where tiles come from, whether it answers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ShumateDataSource in front of libshumate's ShumateTileDownloader (and its file cache): the
 * map layer and "Save for offline use" ask it for tiles, and it keeps whether they fail, so
 * the map can say "no tiles: no network" instead of leaving pale fills with no word.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-application.h"
#include "gb-error.h"
#include "gb-tile-server.h"

/* Two tiles in a row failed with none loaded: one lost tile is no outage. */
#define FAILURES_SHOWN 2

struct _GbTileServer
{
  ShumateDataSource      parent_instance;

  ShumateTileDownloader *downloader;
  char                  *url;
  char                  *error;
  guint                  failures;   /* in a row, since the last tile that came */
};

G_DEFINE_FINAL_TYPE (GbTileServer, gb_tile_server, SHUMATE_TYPE_DATA_SOURCE)

enum {
  PROP_0,
  PROP_FAILING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tile_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GbTileServer *self = g_task_get_source_object (task);
  gboolean was_failing = gb_tile_server_get_failing (self);
  g_autoptr(GError) error = NULL;
  GBytes *bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, &error);

  if (bytes != NULL)
    {
      self->failures = 0;
      g_clear_pointer (&self->error, g_free);
      g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
    }
  else
    {
      /* A tile scrolled out of view is cancelled: no failure of the server. */
      if (error == NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->failures++;
          g_free (self->error);
          self->error = g_strdup (error ? error->message : _("no data"));
        }
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, GB_ERROR, GB_ERROR_NETWORK, _("The tile server sent no data"));
    }
  if (was_failing != gb_tile_server_get_failing (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILING]);
}

static void
gb_tile_server_get_tile_data_async (ShumateDataSource   *source,
                                    int                  x,
                                    int                  y,
                                    int                  zoom_level,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GbTileServer *self = GB_TILE_SERVER (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, gb_tile_server_get_tile_data_async);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (self->downloader), x, y, zoom_level, cancellable,
                                           tile_done_cb, task);
}

static GBytes *
gb_tile_server_get_tile_data_finish (ShumateDataSource  *source,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gb_tile_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_FAILING:
      g_value_set_boolean (value, gb_tile_server_get_failing (GB_TILE_SERVER (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_tile_server_finalize (GObject *object)
{
  GbTileServer *self = GB_TILE_SERVER (object);

  g_clear_object (&self->downloader);
  g_free (self->url);
  g_free (self->error);
  G_OBJECT_CLASS (gb_tile_server_parent_class)->finalize (object);
}

static void
gb_tile_server_class_init (GbTileServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = gb_tile_server_finalize;
  object_class->get_property = gb_tile_server_get_property;
  source_class->get_tile_data_async = gb_tile_server_get_tile_data_async;
  source_class->get_tile_data_finish = gb_tile_server_get_tile_data_finish;

  /**
   * GbTileServer:failing:
   *
   * Tiles fail and none came since (no network, the server down or refusing).
   */
  properties[PROP_FAILING] = g_param_spec_boolean ("failing", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gb_tile_server_init (GbTileServer *self)
{
}

/**
 * gb_tile_server_new:
 * @url_template: an address with {z}, {x} and {y}
 *
 * Returns: (transfer full): a data source for the map layer and the offline download
 */
GbTileServer *
gb_tile_server_new (const char *url_template)
{
  GbTileServer *self;

  g_return_val_if_fail (url_template != NULL, NULL);
  self = g_object_new (GB_TYPE_TILE_SERVER, NULL);
  self->url = g_strdup (url_template);
  self->downloader = shumate_tile_downloader_new (url_template);
  return self;
}

/**
 * gb_tile_server_new_from_settings:
 *
 * Returns: (transfer full): the server the "map-tile-url" setting names, or the public
 *   OpenStreetMap one
 */
GbTileServer *
gb_tile_server_new_from_settings (void)
{
  g_autoptr(GSettings) settings = gb_application_settings ();
  g_autofree char *url = settings ? g_strstrip (g_settings_get_string (settings, "map-tile-url")) : NULL;

  return gb_tile_server_new (url != NULL && *url != '\0' ? url : GB_TILE_SERVER_OSM_URL);
}

/** gb_tile_server_get_url: Returns: the address template tiles come from */
const char *
gb_tile_server_get_url (GbTileServer *self)
{
  g_return_val_if_fail (GB_IS_TILE_SERVER (self), NULL);
  return self->url;
}

/** gb_tile_server_get_failing: Returns: whether tiles fail and none came since */
gboolean
gb_tile_server_get_failing (GbTileServer *self)
{
  g_return_val_if_fail (GB_IS_TILE_SERVER (self), FALSE);
  return self->failures >= FAILURES_SHOWN;
}

/** gb_tile_server_get_error: Returns: (nullable): why the last tile failed */
const char *
gb_tile_server_get_error (GbTileServer *self)
{
  g_return_val_if_fail (GB_IS_TILE_SERVER (self), NULL);
  return self->error;
}

/* The template as an address (the placeholders filled), parsed; NULL when it is none. */
static GUri *
parse_template (const char *url_template)
{
  g_autoptr(GString) filled = g_string_new (url_template);

  g_string_replace (filled, "{z}", "0", 0);
  g_string_replace (filled, "{x}", "0", 0);
  g_string_replace (filled, "{y}", "0", 0);
  return g_uri_parse (filled->str, G_URI_FLAGS_NONE, NULL);
}

/**
 * gb_tile_server_url_check:
 *
 * Returns: whether @url_template is an http(s) address with {z}, {x} and {y}
 */
gboolean
gb_tile_server_url_check (const char  *url_template,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (url_template != NULL, FALSE);
  uri = parse_template (url_template);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("A tile server address starts with http:// or https://, as https://tiles.example.vn/{z}/{x}/{y}.png"));
      return FALSE;
    }
  if (strstr (url_template, "{z}") == NULL || strstr (url_template, "{x}") == NULL || strstr (url_template, "{y}") == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("A tile server address has {z}, {x} and {y} where the zoom and the tile go"));
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_tile_server_url_allows_bulk:
 *
 * Returns: FALSE, with why, for the public OpenStreetMap servers, whose tile usage policy
 *   forbids downloading tiles in bulk ahead of use
 */
gboolean
gb_tile_server_url_allows_bulk (const char  *url_template,
                                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  g_return_val_if_fail (url_template != NULL, FALSE);
  if (!gb_tile_server_url_check (url_template, error))
    return FALSE;
  uri = parse_template (url_template);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (host, "openstreetmap.org") == 0 || g_str_has_suffix (host, ".openstreetmap.org"))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
                   _("The public OpenStreetMap tile server does not allow saving tiles in bulk (its tile usage policy). "
                     "Set your province's or a commercial tile server in Tile Server…"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GCancellable *cancellable;   /* cancelled by the caller or the timeout */
  GCancellable *caller;
  gulong        caller_id;
  guint         timeout_id;
  guint         timeout_ms;
  gboolean      timed_out;
  char         *host;
} Probe;

static void
probe_free (Probe *p)
{
  g_clear_handle_id (&p->timeout_id, g_source_remove);
  if (p->caller != NULL)
    g_cancellable_disconnect (p->caller, p->caller_id);
  g_clear_object (&p->caller);
  g_clear_object (&p->cancellable);
  g_free (p->host);
  g_free (p);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     gpointer      user_data)
{
  Probe *p = user_data;

  g_cancellable_cancel (p->cancellable);
}

static gboolean
probe_timeout_cb (gpointer user_data)
{
  Probe *p = user_data;

  p->timeout_id = 0;
  p->timed_out = TRUE;
  g_cancellable_cancel (p->cancellable);
  return G_SOURCE_REMOVE;
}

static void
probe_connected_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);

  if (connection != NULL)
    g_task_return_boolean (task, TRUE);
  else if (p->timed_out)
    g_task_return_new_error (task, GB_ERROR, GB_ERROR_NETWORK, _("The tile server %s did not answer within %u seconds"),
                             p->host, (p->timeout_ms + 999) / 1000);
  else if (g_task_return_error_if_cancelled (task))
    return;
  else
    g_task_return_new_error (task, GB_ERROR, GB_ERROR_NETWORK, _("The tile server %s cannot be reached: %s"), p->host,
                             error->message);
}

/**
 * gb_tile_server_probe_async:
 * @timeout_ms: how long a connection may take
 *
 * Connects to the server's host and port, asking for no tile.
 */
void
gb_tile_server_probe_async (GbTileServer        *self,
                            guint                timeout_ms,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GSocketClient) client = NULL;
  GTask *task;
  Probe *p;
  int port;

  g_return_if_fail (GB_IS_TILE_SERVER (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_tile_server_probe_async);
  uri = parse_template (self->url);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_task_return_new_error (task, GB_ERROR, GB_ERROR_INVALID_DATA, _("The tile server address %s is not valid"), self->url);
      g_object_unref (task);
      return;
    }
  p = g_new0 (Probe, 1);
  p->host = g_strdup (g_uri_get_host (uri));
  p->timeout_ms = timeout_ms;
  p->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      p->caller = g_object_ref (cancellable);
      p->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb), p, NULL);
    }
  p->timeout_id = g_timeout_add (timeout_ms, probe_timeout_cb, p);
  g_task_set_task_data (task, p, (GDestroyNotify) probe_free);
  port = g_uri_get_port (uri);
  if (port < 0)
    port = g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
  client = g_socket_client_new ();
  g_socket_client_connect_to_host_async (client, p->host, port, p->cancellable, probe_connected_cb, task);
}

gboolean
gb_tile_server_probe_finish (GbTileServer  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
