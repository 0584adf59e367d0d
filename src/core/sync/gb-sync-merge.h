/* gb-sync-merge.h — two edits of one row merged field by field
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *gb_sync_row_copy   (JsonNode   *row);
JsonNode *gb_sync_merge_rows (JsonNode   *base,
                              JsonNode   *server,
                              JsonNode   *client,
                              GPtrArray **both);

G_END_DECLS
