/* gb-boundaries-load.c — the map's boundaries read off the UI thread
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A province's boundaries are read in a few tens of milliseconds, less than a worker's round
 * trip; the national set's 11,000 took the UI thread for a second (0.25 s now that the prepared
 * geometry is kept in the database), and its 15 million daily rows for tens of seconds, so a
 * view reads them in a worker, on connections of its own (SQLite's WAL lets them read beside
 * the UI's), and shows them once they are in.
 */
#include "config.h"

#include "gb-boundaries-load.h"
#include "gb-first-frame.h"

/* Up to this many units (the largest province has about 600 communes and 30 districts) the
 * boundaries are read at once. */
#define UNITS_READ_AT_ONCE 2000

/** gb_boundaries_read_at_once: Returns: whether @store's boundaries are few enough to read on the UI thread */
gboolean
gb_boundaries_read_at_once (GbStore *store)
{
  g_return_val_if_fail (GB_IS_STORE (store), TRUE);
  return gb_store_count_units (store) < UNITS_READ_AT_ONCE;
}

typedef struct
{
  char          *path;
  gboolean       with_levels;
  GbMapRenderer *renderer;
  GbLevelEngine *engine;
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_clear_object (&load->renderer);
  g_clear_object (&load->engine);
  g_free (load);
}

/* The level data, read on a thread and a connection of its own beside the boundaries. */
static gpointer
engine_thread (gpointer data)
{
  Load *load = data;
  GError *error = NULL;
  g_autoptr(GbStore) store = gb_store_open (load->path, &error);

  if (store == NULL)
    return error;
  load->engine = gb_level_engine_new (store);
  if (gb_level_engine_get_n_units (load->engine, &error) == 0 && error != NULL)
    return error;
  gb_first_frame_mark ("levels-read");
  return NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL, *engine_error = NULL;
  g_autoptr(GbStore) store = NULL;
  GThread *engine = NULL;

  /* Both at once: on two cores the boundaries (read back from the database's cache, 0.25 s)
   * do not wait for the level data, nor the level data for them. */
  if (load->with_levels)
    engine = g_thread_new ("gb-levels-read", engine_thread, load);
  if ((store = gb_store_open (load->path, &error)) != NULL)
    {
      load->renderer = gb_map_renderer_new ();
      if (gb_map_renderer_load (load->renderer, store, &error))
        gb_first_frame_mark ("boundaries-read");
    }
  if (engine != NULL)
    engine_error = g_thread_join (engine);
  if (error != NULL || engine_error != NULL)
    {
      g_task_return_error (task, error ? error : engine_error);
      if (error != NULL)
        g_clear_error (&engine_error);
      return;
    }
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

/**
 * gb_boundaries_load_async:
 * @with_levels: also read the level data into an engine, beside the boundaries (for a view
 *   that needs the levels before the store's shared engine has them: reading them there would
 *   be the UI thread's; gb_level_engine_adopt() gives them to it)
 *
 * Reads @store's boundaries into a new renderer in a worker thread.
 */
void
gb_boundaries_load_async (GbStore             *store,
                          gboolean             with_levels,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_if_fail (GB_IS_STORE (store));

  load = g_new0 (Load, 1);
  load->path = g_strdup (gb_store_get_path (store));
  load->with_levels = with_levels;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_boundaries_load_async);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * gb_boundaries_load_finish:
 * @engine: (out) (optional) (transfer full): the engine with the level data, when asked for
 *
 * Returns: (transfer full): the renderer with the boundaries, or NULL
 */
GbMapRenderer *
gb_boundaries_load_finish (GAsyncResult   *result,
                           GbLevelEngine **engine,
                           GError        **error)
{
  Load *load;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  load = g_task_get_task_data (G_TASK (result));
  if (engine != NULL)
    *engine = g_steal_pointer (&load->engine);
  return g_steal_pointer (&load->renderer);
}
