/* gb-sync-unit-merge.h — which unit rows a merge entered by hand writes, for giaoband's checks
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A province's secretary enters the mergers of 2023–2025 by hand (gb-store-unit-merges.h) but
 * may not write the units' tables at will: giaoband takes a secretary's row of units,
 * unit_versions or unit_successions only as a merge it holds (a unit_merges row, pushed
 * first) says, or as that merge's undo says. The same rules for SQLite and PostgreSQL.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gb-types.h"

G_BEGIN_DECLS

/* Whether a non-admin may write the unit_merges row @row (NULL: a delete) over @server_row
 * (a JSON null node or NULL: none): a new merge well formed, an existing one only undone. */
gboolean gb_sync_unit_merge_row_allows (JsonNode    *row,
                                        JsonNode    *server_row,
                                        GError     **error);
/* Whether the change of @table (units, unit_versions, unit_successions) named by @key, to
 * @row (NULL: a delete) over @server_row (the server's row, or a JSON null node / NULL), is
 * one of the merges @merges (an array of unit_merges rows as the feed sends them) or its
 * undo. */
gboolean gb_sync_unit_merge_allows     (JsonArray   *merges,
                                        const char  *table,
                                        JsonNode    *key,
                                        JsonNode    *row,
                                        JsonNode    *server_row,
                                        GError     **error);

/* Every merge entered by hand @store holds, undone ones too, as unit_merges rows. */
JsonNode *gb_store_sync_unit_merges     (GbStore     *store,
                                        GError     **error);

G_END_DECLS
