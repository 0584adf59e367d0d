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
  char          *date;      /* the levels' first date: its days are read too (nullable) */
  GbMapRenderer *renderer;
  GbLevelEngine *engine;
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_free (load->date);
  g_clear_object (&load->renderer);
  g_clear_object (&load->engine);
  g_free (load);
}

/* The level data, read on a thread and a connection of its own beside the boundaries, with
 * the days that the first date shown needs: its levels are then computed, not read, on the
 * UI thread. */
static gpointer
engine_thread (gpointer data)
{
  Load *load = data;
  GError *error = NULL;
  g_autoptr(GbStore) store = gb_store_open (load->path, &error);
  guint n;

  if (store == NULL)
    return error;
  load->engine = gb_level_engine_new (store);
  if ((n = gb_level_engine_get_n_units (load->engine, &error)) == 0 && error != NULL)
    return error;
  gb_first_frame_mark ("levels-read");
  if (load->date != NULL && n > 0)
    {
      g_autofree guint8 *levels = g_new (guint8, n);

      /* A date without rules says so when it is shown: only its days are wanted here. */
      gb_level_engine_compute_levels (load->engine, load->date, levels, NULL);
      gb_first_frame_mark ("levels-date-read");
    }
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

static GTask *
new_load (GbStore             *store,
          gboolean             with_levels,
          const char          *date,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Load *load = g_new0 (Load, 1);

  load->path = g_strdup (gb_store_get_path (store));
  load->with_levels = with_levels;
  load->date = g_strdup (date);
  g_task_set_source_tag (task, gb_boundaries_load_async);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  return task;
}

/* A reading started before any view asked for it (gb_boundaries_preload()): the first view
 * that asks takes it, whether it is done or not. */
#define PRELOAD_KEY "gb-boundaries-preload"

typedef struct
{
  guint          generation;  /* of the store's shared engine when it started */
  gboolean       done;
  GbMapRenderer *renderer;
  GbLevelEngine *engine;
  GError        *error;
  GTask         *waiter;      /* the view's reading, once it asked */
} Preload;

static void
preload_clear (Preload *preload)
{
  g_clear_object (&preload->renderer);
  g_clear_object (&preload->engine);
  g_clear_error (&preload->error);
  g_clear_object (&preload->waiter);
}

static void
preload_unref (Preload *preload)
{
  g_atomic_rc_box_release_full (preload, (GDestroyNotify) preload_clear);
}

/* Hands what was read to the view that asked. */
static void
preload_deliver (Preload *preload)
{
  g_autoptr(GTask) task = g_steal_pointer (&preload->waiter);
  Load *load = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (preload->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&preload->error));
      return;
    }
  load->renderer = g_steal_pointer (&preload->renderer);
  load->engine = g_steal_pointer (&preload->engine);
  g_task_return_boolean (task, TRUE);
}

static void
preload_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Preload *preload = user_data;

  preload->renderer = gb_boundaries_load_finish (result, &preload->engine, &preload->error);
  preload->done = TRUE;
  if (preload->waiter != NULL)
    preload_deliver (preload);
  preload_unref (preload);
}

/**
 * gb_boundaries_preload:
 * @date: (nullable): the date the map will show first, if known: its days are read too
 *
 * Starts reading @store's boundaries and level data in a worker as soon as the store is open,
 * before any view asks (the window is built meanwhile): the map's gb_boundaries_load_async()
 * with levels then takes this reading instead of starting its own. Nothing for a province,
 * which is read at once.
 */
void
gb_boundaries_preload (GbStore    *store,
                       const char *date)
{
  g_autoptr(GTask) task = NULL;
  Preload *preload;

  g_return_if_fail (GB_IS_STORE (store));

  if (g_object_get_data (G_OBJECT (store), PRELOAD_KEY) != NULL || gb_boundaries_read_at_once (store))
    return;
  preload = g_atomic_rc_box_new0 (Preload);
  preload->generation = gb_level_engine_get_generation (gb_level_engine_get_shared (store));
  g_object_set_data_full (G_OBJECT (store), PRELOAD_KEY, preload, (GDestroyNotify) preload_unref);
  task = new_load (store, TRUE, date, NULL, preload_done_cb, g_atomic_rc_box_acquire (preload));
  gb_first_frame_mark ("reads-start");
  g_task_run_in_thread (task, load_thread);
}

/* The reading gb_boundaries_preload() started for @store, taken by @task; FALSE when there is
 * none, or its level data may be older than the store's (it changed since). */
static gboolean
take_preload (GbStore *store,
              GTask   *task)
{
  Preload *preload = g_object_steal_data (G_OBJECT (store), PRELOAD_KEY);
  gboolean taken;

  if (preload == NULL)
    return FALSE;
  taken = preload->generation == gb_level_engine_get_generation (gb_level_engine_get_shared (store));
  if (taken)
    {
      preload->waiter = g_object_ref (task);
      if (preload->done)
        preload_deliver (preload);
    }
  preload_unref (preload);
  return taken;
}

/**
 * gb_boundaries_load_date_async:
 * @with_levels: also read the level data into an engine, beside the boundaries (for a view
 *   that needs the levels before the store's shared engine has them: reading them there would
 *   be the UI thread's; gb_level_engine_adopt() gives them to it)
 * @date: (nullable): with the levels, the date shown first: the days it needs are read too
 *
 * Reads @store's boundaries into a new renderer in a worker thread, or takes the reading
 * gb_boundaries_preload() started.
 */
void
gb_boundaries_load_date_async (GbStore             *store,
                               gboolean             with_levels,
                               const char          *date,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GB_IS_STORE (store));

  task = new_load (store, with_levels, date, cancellable, callback, user_data);
  if (with_levels && take_preload (store, task))
    return;
  gb_first_frame_mark ("reads-start");
  g_task_run_in_thread (task, load_thread);
}

/**
 * gb_boundaries_load_async:
 *
 * gb_boundaries_load_date_async() without a date.
 */
void
gb_boundaries_load_async (GbStore             *store,
                          gboolean             with_levels,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  gb_boundaries_load_date_async (store, with_levels, NULL, cancellable, callback, user_data);
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
