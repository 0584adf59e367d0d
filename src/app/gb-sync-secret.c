/* gb-sync-secret.c — where the daemon token is kept: the keyring, else a private file
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With libsecret (and a keyring answering on the session bus) the token goes to the keyring.
 * Without either it goes to a file only the user can read, in the user config folder: a
 * laptop without a keyring must still sync. Both run in a worker thread: the keyring may take
 * seconds to answer, or to fail.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "gb-sync-secret.h"

#ifdef HAVE_LIBSECRET
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "vn.giaoban.GiaoBan.SyncToken", SECRET_SCHEMA_NONE,
    { { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING }, { "NULL", 0 } }
  };
  return &schema;
}

/* The keyring is skipped where there is none to ask (tests, CI, a bare session). */
static gboolean
keyring_usable (void)
{
  return g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL && g_getenv ("GIAOBAN_NO_KEYRING") == NULL;
}
#endif

/** gb_sync_secret_has_keyring: whether this build keeps the token in the keyring. */
gboolean
gb_sync_secret_has_keyring (void)
{
#ifdef HAVE_LIBSECRET
  return keyring_usable ();
#else
  return FALSE;
#endif
}

/** gb_sync_secret_file_path: the private file used without a keyring. */
char *
gb_sync_secret_file_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "giaoban", "sync-token", NULL);
}

static char *
load_file (GError **error)
{
  g_autofree char *path = gb_sync_secret_file_path ();
  g_autoptr(GError) local = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_strstrip (contents);
}

static gboolean
save_file (const char  *token,
           GError     **error)
{
  g_autofree char *path = gb_sync_secret_file_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  if (token == NULL || *token == '\0')
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* Written to a temporary file created 0600, then renamed: never readable by others. */
  return g_file_set_contents_full (path, token, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  char *token = NULL;

#ifdef HAVE_LIBSECRET
  if (keyring_usable ())
    {
      g_autoptr(GError) keyring_error = NULL;

      token = secret_password_lookup_sync (token_schema (), cancellable, &keyring_error, "kind", "giaoband", NULL);
      if (token != NULL)
        {
          g_task_return_pointer (task, token, g_free);
          return;
        }
      if (keyring_error != NULL)
        g_debug ("keyring lookup failed, trying the file: %s", keyring_error->message);
    }
#endif
  token = load_file (&error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

/**
 * gb_sync_secret_load_async:
 *
 * Reads the token from the keyring, else from the private file. No token is a NULL result,
 * not an error.
 */
void
gb_sync_secret_load_async (GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, gb_sync_secret_load_async);
  g_task_run_in_thread (task, load_thread);
}

char *
gb_sync_secret_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  const char *token = data;
  GError *error = NULL;

#ifdef HAVE_LIBSECRET
  if (keyring_usable ())
    {
      g_autoptr(GError) keyring_error = NULL;
      gboolean ok;

      if (token == NULL || *token == '\0')
        ok = secret_password_clear_sync (token_schema (), cancellable, &keyring_error, "kind", "giaoband", NULL) ||
             keyring_error == NULL;
      else
        ok = secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, _("Giao Ban sync token"),
                                         token, cancellable, &keyring_error, "kind", "giaoband", NULL);
      if (ok)
        {
          /* A token left in the file from before the keyring would outlive this one. */
          save_file (NULL, NULL);
          g_task_return_boolean (task, TRUE);
          return;
        }
      g_debug ("keyring store failed, using the file: %s", keyring_error ? keyring_error->message : "");
    }
#endif
  if (!save_file (token, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/** gb_sync_secret_save_async: keeps @token (NULL or "" forgets it). */
void
gb_sync_secret_save_async (const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, gb_sync_secret_save_async);
  g_task_set_task_data (task, g_strdup (token), g_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
gb_sync_secret_save_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
