/* gb-notice-import.c — the notice-import use case: a file's text out of its format, parsed
 * against the organisations the store knows, stored as a tracked document with its items
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-error.h"
#include "gb-notice-import.h"
#include "gb-notice-source.h"
#include "gb-store-tracker.h"

void
gb_notice_import_free (GbNoticeImport *import)
{
  if (import == NULL)
    return;
  g_free (import->source_name);
  g_free (import->body);
  g_clear_pointer (&import->notice, gb_notice_free);
  g_free (import);
}

/**
 * gb_notice_import_read:
 * @file: a notice: text, Markdown, PDF, DOCX or ODT
 * @orgs: (nullable): the organisations to recognise in it (the store's, read beforehand)
 *
 * Reads and parses @file; touches no store, so it may run in a thread. Errors start with the
 * file's name.
 *
 * Returns: (transfer full): the parsed notice with its text, or %NULL with @error set
 */
GbNoticeImport *
gb_notice_import_read (GFile                 *file,
                       GbOrganisations       *orgs,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_autoptr(GbNoticeImport) import = NULL;
  g_autofree char *shown = NULL;
  const char *path;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  import = g_new0 (GbNoticeImport, 1);
  import->source_name = g_file_get_basename (file);
  shown = g_file_get_parse_name (file);
  /* A local file is read in capped chunks (a FIFO never ends); others whole. */
  if ((path = g_file_peek_path (file)) != NULL)
    import->body = gb_notice_read_text (path, error);
  else
    {
      g_autoptr(GBytes) bytes = g_file_load_bytes (file, cancellable, NULL, error);

      if (bytes == NULL)
        return NULL;
      import->body = gb_notice_read_text_from_bytes (bytes, shown, error);
    }
  if (import->body == NULL)
    return NULL;
  import->notice = gb_notice_parse (import->body, -1, orgs, error);
  if (import->notice == NULL)
    {
      g_prefix_error (error, "%s: ", shown);
      return NULL;
    }
  return g_steal_pointer (&import);
}

typedef struct
{
  GFile           *file;
  GbOrganisations *orgs;
} ReadData;

static void
read_data_free (ReadData *d)
{
  g_clear_object (&d->file);
  g_clear_pointer (&d->orgs, gb_organisations_free);
  g_free (d);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *d = task_data;
  GError *error = NULL;
  GbNoticeImport *import = gb_notice_import_read (d->file, d->orgs, cancellable, &error);

  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify) gb_notice_import_free);
}

/**
 * gb_notice_import_read_async:
 * @store: the store whose organisations are recognised, read here on the calling thread (the
 *   store's connection stays there)
 *
 * Reads and parses @file in a thread (a notice may be a large PDF); nothing is stored.
 */
void
gb_notice_import_read_async (GbStore             *store,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ReadData *d;

  g_return_if_fail (GB_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gb_notice_import_read_async);
  d = g_new0 (ReadData, 1);
  d->file = g_object_ref (file);
  d->orgs = gb_store_tracker_get_organisations (store, &error);
  g_task_set_task_data (task, d, (GDestroyNotify) read_data_free);
  if (d->orgs == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, read_thread);
}

/** gb_notice_import_read_finish: Returns: (transfer full): the parsed notice, or %NULL */
GbNoticeImport *
gb_notice_import_read_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gb_notice_import_save:
 * @notice: the notice as read, or as a person corrected it
 * @body: the text it was read from, kept for search and re-parsing
 * @source_name: the file's name
 *
 * Stores the notice, its references and its items, all or nothing.
 *
 * Returns: the new document's id, or 0 with @error set
 */
gint64
gb_notice_import_save (GbStore         *store,
                       const GbNotice  *notice,
                       const char      *body,
                       const char      *source_name,
                       GError         **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), 0);
  g_return_val_if_fail (notice != NULL, 0);
  g_return_val_if_fail (body != NULL, 0);

  return gb_store_tracker_save_notice (store, notice, body, source_name, "imported", error);
}

/**
 * gb_notice_import_find_duplicate:
 * @notice: a notice read, perhaps corrected in the review
 * @body: the text it was read from
 *
 * Whether the notice is already stored: a document with the same number, issuer and date, or
 * with the same text (the same file imported again, whatever was corrected).
 *
 * Returns: the stored document's id, 0 when there is none, -1 with @error set
 */
gint64
gb_notice_import_find_duplicate (GbStore         *store,
                                 const GbNotice  *notice,
                                 const char      *body,
                                 GError         **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), -1);
  g_return_val_if_fail (notice != NULL, -1);

  return gb_store_find_document (store, notice->number, notice->issuer, notice->date, body, error);
}

/**
 * gb_notice_import_save_as:
 * @mode: what to do when the notice is already stored
 *
 * As gb_notice_import_save(), after looking for the same notice in the store: refused with
 * %GB_ERROR_DUPLICATE (the message names the stored document), stored in its place (every
 * copy found is deleted, in the same transaction), or stored beside it.
 *
 * Returns: the new document's id, or 0 with @error set
 */
gint64
gb_notice_import_save_as (GbStore             *store,
                          const GbNotice      *notice,
                          const char          *body,
                          const char          *source_name,
                          GbNoticeImportMode   mode,
                          GError             **error)
{
  gint64 dup, id;

  g_return_val_if_fail (GB_IS_STORE (store), 0);
  g_return_val_if_fail (notice != NULL && body != NULL, 0);

  if (mode == GB_NOTICE_IMPORT_KEEP_BOTH)
    return gb_notice_import_save (store, notice, body, source_name, error);
  if (!gb_store_begin (store, error))
    return 0;
  while ((dup = gb_notice_import_find_duplicate (store, notice, body, error)) > 0)
    {
      if (mode == GB_NOTICE_IMPORT_REFUSE)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_DUPLICATE,
                       _("This notice is already stored as document %lld (%s, %s)"), (long long) dup,
                       notice->number ? notice->number : _("the same text"), notice->date ? notice->date : _("no date"));
          break;
        }
      if (!gb_store_delete_document (store, dup, error))
        break;
    }
  if (dup != 0 || (id = gb_notice_import_save (store, notice, body, source_name, error)) == 0)
    {
      gb_store_rollback (store);
      return 0;
    }
  if (!gb_store_commit (store, error))
    return 0;
  return id;
}
