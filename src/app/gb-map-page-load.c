/* gb-map-page-load.c — the map's boundaries and the levels' data, read in a worker thread
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the national set, reading 11,000 boundaries and 15 million daily rows took the UI thread
 * for tens of seconds before the window even showed. They are read on a connection of the
 * worker's own (SQLite's WAL lets it read beside the UI's), into a renderer and an engine that
 * the page then takes whole (gb_map_renderer_adopt(), gb_level_engine_adopt()): the window is
 * drawn and answers while the data arrives, and says what it is reading.
 *
 * The merged units' shapes (gb-map-renderer-merged.c) are worked out as the frames first draw
 * them, and kept in the store's map cache by a worker on a connection of its own, so that the
 * next start reads them with the boundaries instead of working them out again.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-boundaries-load.h"
#include "gb-map-page-private.h"

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GbMapPage) self = user_data;
  g_autoptr(GbMapRenderer) renderer = NULL;
  g_autoptr(GbLevelEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  GbStore *store = self->loading_store;

  /* Dropped (another store, or the page went): its own reading follows, if any. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  renderer = gb_boundaries_load_finish (result, &engine, &error);
  self->loading_store = NULL;
  g_clear_object (&self->load_cancel);
  if (renderer == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  /* Another store was set meanwhile: its own reading follows. */
  if (store != gb_page_get_store (GB_PAGE (self)))
    {
      gb_page_refresh (GB_PAGE (self));
      return;
    }
  gb_map_renderer_adopt (self->renderer, renderer);
  gb_level_engine_adopt (gb_level_engine_get_shared (store), engine, self->load_generation);
  self->loaded_store = store;
  self->keep_failed = FALSE;
  self->fitted = FALSE;
  /* The worker read the units' lives with the boundaries: not again on the UI thread. */
  self->timeline_fresh = TRUE;
  gtk_label_set_text (self->status_label, "");
  gb_page_refresh (GB_PAGE (self));
}

/**
 * gb_map_page_load:
 * @store: the page's store
 *
 * Reads @store's boundaries: a province's at once (a few tens of milliseconds, less than a
 * worker's round trip), a bigger set in a worker, unless that is under way; the page is shown
 * again (gb_page_refresh()) once they are in.
 *
 * Returns: whether they are in now; %FALSE while a worker reads them or when they could not
 *   be read (the status line says why)
 */
gboolean
gb_map_page_load (GbMapPage *self,
                  GbStore   *store)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GB_IS_MAP_PAGE (self), FALSE);
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  if (self->loading_store == store)
    return FALSE;
  gb_map_page_cancel_load (self);
  if (gb_boundaries_read_at_once (store))
    {
      g_autoptr(GbMapRenderer) loaded = gb_map_renderer_new ();

      if (!gb_map_renderer_load (loaded, store, &error))
        {
          gtk_label_set_text (self->status_label, error->message);
          return FALSE;
        }
      /* Taken as a worker's reading is: the first image then covers the view only, a quarter
       * of the pixels drawn and handed to GTK for the window's first frame, and the map layer
       * draws its margin in the frames that follow (gb_map_renderer_is_growing()). */
      gb_map_renderer_adopt (self->renderer, loaded);
      self->loaded_store = store;
      self->keep_failed = FALSE;
      self->fitted = FALSE;
      return TRUE;
    }
  self->loading_store = store;
  self->load_cancel = g_cancellable_new ();
  self->load_generation = gb_level_engine_get_generation (gb_level_engine_get_shared (store));
  gtk_label_set_text (self->status_label, _("Reading the cases and the vaccination…"));
  gb_boundaries_load_date_async (store, TRUE, gb_page_get_date (GB_PAGE (self)), self->load_cancel, loaded_cb,
                                 g_object_ref (self));
  return FALSE;
}

/** gb_map_page_is_loading: Returns: whether the boundaries and level data are being read */
gboolean
gb_map_page_is_loading (GbMapPage *self)
{
  g_return_val_if_fail (GB_IS_MAP_PAGE (self), FALSE);
  return self->loading_store != NULL;
}

/* The page goes away or gets another store: a reading under way is dropped. */
void
gb_map_page_cancel_load (GbMapPage *self)
{
  if (self->load_cancel != NULL)
    g_cancellable_cancel (self->load_cancel);
  g_clear_object (&self->load_cancel);
  self->loading_store = NULL;
}

typedef struct
{
  GbMapRenderer *renderer;
  char          *path;
} Keep;

static void
keep_free (Keep *keep)
{
  g_object_unref (keep->renderer);
  g_free (keep->path);
  g_free (keep);
}

static void
keep_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Keep *keep = task_data;
  GError *error = NULL;
  g_autoptr(GbStore) store = gb_store_open (keep->path, &error);

  if (store == NULL || !gb_map_renderer_keep_shapes (keep->renderer, store, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
kept_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GbMapPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->keeping = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* They are worked out again at the next start: time lost, nothing else. */
      g_message ("The merged units' shapes were not kept: %s", error->message);
      self->keep_failed = TRUE;
      return;
    }
  /* Those worked out while these were written. */
  gb_map_page_keep_shapes (self);
}

/**
 * gb_map_page_keep_shapes:
 *
 * Keeps the merged units' shapes the renderer worked out since its boundaries were read (or
 * since the last keeping) in the store's map cache, from a worker: after a frame that worked
 * some out (the map layer's GbMapLayer::shapes-worked-out).
 */
void
gb_map_page_keep_shapes (GbMapPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  g_autoptr(GTask) task = NULL;
  Keep *keep;

  g_return_if_fail (GB_IS_MAP_PAGE (self));

  /* The store the boundaries came from, still the page's (loaded_store is not held). */
  if (self->keeping || self->keep_failed || self->renderer == NULL || store == NULL || self->loaded_store != store ||
      !gb_map_renderer_has_new_shapes (self->renderer))
    return;
  keep = g_new0 (Keep, 1);
  keep->renderer = g_object_ref (self->renderer);
  keep->path = g_strdup (gb_store_get_path (store));
  self->keeping = TRUE;
  task = g_task_new (NULL, NULL, kept_cb, g_object_ref (self));
  g_task_set_source_tag (task, gb_map_page_keep_shapes);
  g_task_set_task_data (task, keep, (GDestroyNotify) keep_free);
  g_task_run_in_thread (task, keep_thread);
}
