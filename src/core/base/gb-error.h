/* gb-error.h — the project's error domain
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GB_ERROR (gb_error_quark ())

typedef enum
{
  GB_ERROR_FAILED,
  GB_ERROR_DATABASE,       /* SQLite said no */
  GB_ERROR_PARSE,          /* input is not well-formed (JSON, CSV, text) */
  GB_ERROR_INVALID_DATA,   /* well-formed but wrong: negative counts, bad dates, missing fields */
  GB_ERROR_DUPLICATE,      /* the same key twice in one input */
  GB_ERROR_NOT_FOUND,      /* a unit, document or item that does not exist */
  GB_ERROR_SCHEMA,         /* the database is newer than this program, or damaged */
  GB_ERROR_NETWORK,        /* the daemon could not be reached or answered nonsense */
  GB_ERROR_PERMISSION,     /* 401/403 from the daemon, or a role that may not write */
  GB_ERROR_CONFLICT,       /* an edit collided with a newer one */
  GB_ERROR_TOO_LARGE,      /* 413 from the daemon: a request over its body limit */
} GbErrorCode;

GQuark gb_error_quark (void);

G_END_DECLS
