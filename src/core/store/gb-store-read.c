/* gb-store-read.c — a read transaction that does not queue behind writers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gb_store_begin() starts BEGIN IMMEDIATE: it takes the database's one write lock, so that a
 * read-modify-write never meets SQLITE_BUSY halfway. For a plain read that is a queue: giaoband's
 * workers serving feed pages waited for one another and for every push, and under 50 laptops
 * at once some waited past the 5 s busy timeout ("database is locked"). A deferred BEGIN
 * takes only a WAL snapshot; readers go side by side and a writer does not stop them.
 */
#define G_LOG_DOMAIN "gb-store-read"

#include "config.h"

#include "gb-store-private.h"
#include "gb-store-read.h"

/**
 * gb_store_begin_read:
 *
 * Starts a deferred transaction: one consistent snapshot for the reads until
 * gb_store_commit(). A gb_store_begin() inside it nests as a savepoint and takes no lock, so
 * code that reads inside gb_store_begin() reads side by side when called in here. Do not
 * write inside it (the upgrade to a write lock may fail with SQLITE_BUSY).
 */
gboolean
gb_store_begin_read (GbStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  if (!gb_store_exec (self, "BEGIN DEFERRED", error))
    return FALSE;
  self->depth++;
  return TRUE;
}
