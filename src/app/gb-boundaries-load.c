/* gb-boundaries-load.c — the map's boundaries read off the UI thread
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A province's boundaries are read in a few tens of milliseconds, less than a worker's round
 * trip; the national set's 11,000 took the UI thread for a second (0.25 s now that the prepared
 * geometry is kept in the database), so a view reads them in a worker, on a connection of its
 * own (SQLite's WAL lets it read beside the UI's), and shows them once they are in.
 */
#include "config.h"

#include "gb-boundaries-load.h"

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

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(GbStore) store = gb_store_open (task_data, &error);
  g_autoptr(GbMapRenderer) renderer = gb_map_renderer_new ();

  if (store == NULL || !gb_map_renderer_load (renderer, store, &error))
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&renderer), g_object_unref);
}

/**
 * gb_boundaries_load_async:
 *
 * Reads @store's boundaries into a new renderer in a worker thread.
 */
void
gb_boundaries_load_async (GbStore             *store,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GB_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_boundaries_load_async);
  g_task_set_task_data (task, g_strdup (gb_store_get_path (store)), g_free);
  g_task_run_in_thread (task, load_thread);
}

/** gb_boundaries_load_finish: Returns: (transfer full): the renderer with the boundaries, or NULL */
GbMapRenderer *
gb_boundaries_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
