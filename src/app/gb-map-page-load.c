/* gb-map-page-load.c — the map's boundaries and the levels' data, read in a worker thread
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the national set, reading 11,000 boundaries and 15 million daily rows took the UI thread
 * for tens of seconds before the window even showed. They are read on a connection of the
 * worker's own (SQLite's WAL lets it read beside the UI's), into a renderer and an engine that
 * the page then takes whole (gb_map_renderer_adopt(), gb_level_engine_adopt()): the window is
 * drawn and answers while the data arrives, and says what it is reading.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-map-page-private.h"

/* Up to this many units (the largest province has about 600 communes and 30 districts) the
 * boundaries are read at once; the national set's 14,000 are read in a worker. */
#define GB_MAP_PAGE_UNITS_READ_AT_ONCE 2000

typedef struct
{
  char          *path;
  guint          generation;    /* of the shared engine when the reading started */
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

typedef struct
{
  GbMapPage *page;
  char      *text;
} Stage;

static gboolean
stage_cb (gpointer data)
{
  Stage *stage = data;

  if (stage->page->loading_store != NULL)
    gtk_label_set_text (stage->page->status_label, stage->text);
  g_object_unref (stage->page);
  g_free (stage->text);
  g_free (stage);
  return G_SOURCE_REMOVE;
}

/* What the worker reads now, shown in the page's status line. */
static void
say_stage (GbMapPage  *page,
           const char *text)
{
  Stage *stage = g_new (Stage, 1);

  stage->page = g_object_ref (page);
  stage->text = g_strdup (text);
  g_idle_add (stage_cb, stage);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;
  g_autoptr(GbStore) store = NULL;

  say_stage (source_object, _("Reading the boundaries…"));
  if ((store = gb_store_open (load->path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  load->renderer = gb_map_renderer_new ();
  if (!gb_map_renderer_load (load->renderer, store, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  say_stage (source_object, _("Reading the cases and the vaccination…"));
  load->engine = gb_level_engine_new (store);
  /* Every day now: a date step then reads nothing. */
  if (!gb_level_engine_load_all (load->engine, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GbMapPage *self = GB_MAP_PAGE (object);
  Load *load = g_task_get_task_data (G_TASK (result));
  GbStore *store = self->loading_store;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->loading_store = NULL;
          g_clear_object (&self->load_cancel);
          gtk_label_set_text (self->status_label, error->message);
        }
      return;
    }
  self->loading_store = NULL;
  g_clear_object (&self->load_cancel);
  /* Another store was set meanwhile: its own reading follows. */
  if (store != gb_page_get_store (GB_PAGE (self)))
    {
      gb_page_refresh (GB_PAGE (self));
      return;
    }
  gb_map_renderer_adopt (self->renderer, load->renderer);
  gb_level_engine_adopt (gb_level_engine_get_shared (store), load->engine, load->generation);
  self->loaded_store = store;
  self->fitted = FALSE;
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
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Load *load;

  g_return_val_if_fail (GB_IS_MAP_PAGE (self), FALSE);
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  if (self->loading_store == store)
    return FALSE;
  gb_map_page_cancel_load (self);
  if (gb_store_count_units (store) < GB_MAP_PAGE_UNITS_READ_AT_ONCE)
    {
      if (!gb_map_renderer_load (self->renderer, store, &error))
        {
          gtk_label_set_text (self->status_label, error->message);
          return FALSE;
        }
      self->loaded_store = store;
      self->fitted = FALSE;
      return TRUE;
    }
  self->loading_store = store;
  self->load_cancel = g_cancellable_new ();
  load = g_new0 (Load, 1);
  load->path = g_strdup (gb_store_get_path (store));
  load->generation = gb_level_engine_get_generation (gb_level_engine_get_shared (store));
  task = g_task_new (self, self->load_cancel, loaded_cb, NULL);
  g_task_set_source_tag (task, gb_map_page_load);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_thread);
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
