/* gb-json-check.h — a strict JSON syntax, depth and size check, run before any parser
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Requests and stored rows nest a few levels; GeoJSON about eight. */
#define GB_JSON_CHECK_MAX_DEPTH 32
/* JSON files read by the importers (the national communes GeoJSON is 8.5 MB). */
#define GB_JSON_CHECK_MAX_FILE  (512 * 1024 * 1024)

/* What json-glib would misread in a text: gb_json_check_flaws(). */
typedef struct
{
  char *path;    /* where: "changes[3].row.subject", "[2].unit_code" */
  char *reason;
  gssize escape; /* the byte offset of a flawed "\uXXXX", or -1 */
} GbJsonFlaw;

gboolean gb_json_check (const char  *data,
                        gsize        len,
                        guint        max_depth,
                        gsize        max_size,
                        GError     **error);

gboolean gb_json_check_flaws (const char  *data,
                              gsize        len,
                              guint        max_depth,
                              gsize        max_size,
                              GPtrArray  **flaws,
                              GError     **error);

char    *gb_json_mend        (const char  *data,
                              gsize        len,
                              GPtrArray   *flaws);

G_END_DECLS
