/* gb-store-pg.c — giaoband's database on PostgreSQL
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gb-daemon-db.h"
#include "gb-error.h"

GbDaemonDb *
gb_store_pg_open (const char     *uri,
                  GbDaemonDbUse   use,
                  GError        **error)
{
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "PostgreSQL is not supported yet");
  return NULL;
}
