/* gb-offline-tiles.c — fetch a region's map tiles ahead, into libshumate's file cache
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tiles go through the same ShumateDataSource the map layer draws from, so they land in its
 * file cache and the map shows them with no network. Four requests at a time: polite to the
 * tile server, and enough to keep a slow link busy.
 *
 * It fails fast: a GbTileServer's host is connected to first (seconds, not the minutes that
 * hundreds of failing tiles took), the public OpenStreetMap server is refused (its usage policy
 * forbids bulk downloads), and when the first tiles all fail the rest are not asked for.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gb-error.h"
#include "gb-offline-tiles.h"
#include "gb-tile-server.h"

#define IN_FLIGHT 4
#define PROBE_TIMEOUT_MS 8000

struct _GbOfflineTiles
{
  GObject            parent_instance;

  ShumateDataSource *source;
  GArray            *queue;     /* guint32 triples: x, y, zoom */
  guint              next, done, failed, running;
  gboolean           given_up;  /* the first tiles all failed: the rest are not asked for */
  char              *first_error;
  GTask             *task;
};

G_DEFINE_FINAL_TYPE (GbOfflineTiles, gb_offline_tiles, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
tile_of (double  lon,
         double  lat,
         guint   zoom,
         int    *x,
         int    *y)
{
  double n = (double) (1u << zoom), phi = CLAMP (lat, -85.0511, 85.0511) * G_PI / 180.0;

  *x = CLAMP ((int) floor ((lon + 180.0) / 360.0 * n), 0, (int) n - 1);
  *y = CLAMP ((int) floor ((1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0 * n), 0, (int) n - 1);
}

guint
gb_offline_tiles_count (double west,
                        double south,
                        double east,
                        double north,
                        guint  min_zoom,
                        guint  max_zoom)
{
  guint total = 0;

  for (guint z = min_zoom; z <= max_zoom; z++)
    {
      int x0, y0, x1, y1;

      tile_of (west, north, z, &x0, &y0);
      tile_of (east, south, z, &x1, &y1);
      total += (guint) (x1 - x0 + 1) * (guint) (y1 - y0 + 1);
    }
  return total;
}

static void
gb_offline_tiles_dispose (GObject *object)
{
  GbOfflineTiles *self = GB_OFFLINE_TILES (object);

  g_clear_object (&self->source);
  g_clear_pointer (&self->queue, g_array_unref);
  g_clear_pointer (&self->first_error, g_free);
  G_OBJECT_CLASS (gb_offline_tiles_parent_class)->dispose (object);
}

static void
gb_offline_tiles_class_init (GbOfflineTilesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gb_offline_tiles_dispose;

  /**
   * GbOfflineTiles::progress:
   * @done: tiles handled so far
   * @total: tiles in all
   * @failed: tiles that could not be fetched
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
gb_offline_tiles_init (GbOfflineTiles *self)
{
  self->queue = g_array_new (FALSE, FALSE, sizeof (guint32));
}

GbOfflineTiles *
gb_offline_tiles_new (ShumateDataSource *source)
{
  GbOfflineTiles *self = g_object_new (GB_TYPE_OFFLINE_TILES, NULL);

  self->source = g_object_ref (source);
  return self;
}

static void start_more (GbOfflineTiles *self);

static void
finish (GbOfflineTiles *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  guint total = self->queue->len / 3;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (self->given_up)
    self->done = self->failed = total;
  if (total > 0 && self->failed == total)
    g_task_return_new_error (task, GB_ERROR, GB_ERROR_FAILED,
                             _("No tile could be fetched: check the network connection (%s)"),
                             self->first_error ? self->first_error : _("no answer"));
  else
    g_task_return_boolean (task, TRUE);
}

static void
tile_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GbOfflineTiles) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, &error);

  self->running--;
  self->done++;
  if (bytes == NULL)
    {
      self->failed++;
      g_debug ("tile not fetched: %s", error ? error->message : "no data");
      if (self->first_error == NULL)
        self->first_error = g_strdup (error ? error->message : _("no data"));
    }
  if (!self->given_up && self->failed == self->done && self->done >= MIN (IN_FLIGHT, self->queue->len / 3))
    {
      self->given_up = TRUE;
      self->next = self->queue->len / 3;
    }
  g_signal_emit (self, signals[PROGRESS], 0, self->done, self->queue->len / 3, self->failed);
  if (self->task == NULL)
    return;
  if (g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
    {
      if (self->running == 0)
        finish (self);
      return;
    }
  start_more (self);
}

static void
start_more (GbOfflineTiles *self)
{
  guint total = self->queue->len / 3;

  while (self->running < IN_FLIGHT && self->next < total)
    {
      const guint32 *t = &g_array_index (self->queue, guint32, 3 * self->next++);

      self->running++;
      shumate_data_source_get_tile_data_async (self->source, t[0], t[1], t[2], g_task_get_cancellable (self->task),
                                               tile_done_cb, g_object_ref (self));
    }
  if (self->running == 0 && self->next >= total)
    finish (self);
}

static void
probed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GbOfflineTiles) self = user_data;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  if (gb_tile_server_probe_finish (GB_TILE_SERVER (source), result, &error))
    {
      start_more (self);
      return;
    }
  task = g_steal_pointer (&self->task);
  if (!g_task_return_error_if_cancelled (task))
    {
      /* None of them can be fetched. */
      self->done = self->failed = self->queue->len / 3;
      g_task_return_error (task, error);
    }
  else
    g_error_free (error);
}

void
gb_offline_tiles_fetch_async (GbOfflineTiles      *self,
                              double               west,
                              double               south,
                              double               east,
                              double               north,
                              guint                min_zoom,
                              guint                max_zoom,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (GB_IS_OFFLINE_TILES (self) && self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_array_set_size (self->queue, 0);
  self->next = self->done = self->failed = self->running = 0;
  self->given_up = FALSE;
  g_clear_pointer (&self->first_error, g_free);
  for (guint z = min_zoom; z <= max_zoom; z++)
    {
      int x0, y0, x1, y1;

      tile_of (west, north, z, &x0, &y0);
      tile_of (east, south, z, &x1, &y1);
      for (int x = x0; x <= x1; x++)
        for (int y = y0; y <= y1; y++)
          {
            guint32 t[3] = { x, y, z };
            g_array_append_vals (self->queue, t, 3);
          }
    }
  if (GB_IS_TILE_SERVER (self->source))
    {
      GError *error = NULL;

      if (!gb_tile_server_url_allows_bulk (gb_tile_server_get_url (GB_TILE_SERVER (self->source)), &error))
        {
          g_task_return_error (g_steal_pointer (&self->task), error);
          return;
        }
      gb_tile_server_probe_async (GB_TILE_SERVER (self->source), PROBE_TIMEOUT_MS, cancellable, probed_cb,
                                  g_object_ref (self));
    }
  else
    start_more (self);
}

gboolean
gb_offline_tiles_fetch_finish (GbOfflineTiles *self,
                               GAsyncResult   *result,
                               guint          *fetched,
                               guint          *failed,
                               GError        **error)
{
  if (fetched)
    *fetched = self->done - self->failed;
  if (failed)
    *failed = self->failed;
  return g_task_propagate_boolean (G_TASK (result), error);
}

guint64
gb_offline_tiles_disk_usage (const char *dir)
{
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) e = g_file_enumerate_children (root, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                                            G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                            G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  guint64 total = 0;
  GFileInfo *info;

  while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *sub = g_build_filename (dir, g_file_info_get_name (info), NULL);
          total += gb_offline_tiles_disk_usage (sub);
        }
      else
        total += g_file_info_get_size (info);
      g_object_unref (info);
    }
  return total;
}
