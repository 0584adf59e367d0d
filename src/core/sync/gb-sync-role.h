/* gb-sync-role.h — what a giaoband role may do: the daemon's checks and what the app offers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A role is "viewer", "secretary", "district:CODE" or "admin" (`giaoband user add --role`).
 * The app learns its own from the server (GET /api/v1/me) and keeps it in sync_state "role";
 * an app that has never synced (NULL) is the secretary's own and may do everything.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gb_sync_role_is_known           (const char *role);
/* Whether @role may push rows of @table (a district only of its own communes, which the
 * daemon checks row by row). */
gboolean gb_sync_role_may_write          (const char *role,
                                          const char *table);
/* Declare and revoke levels: the committee's decisions. */
gboolean gb_sync_role_may_declare_levels (const char *role);
/* Import notices and edit their items (state, due date, units, progress). */
gboolean gb_sync_role_may_edit_notices   (const char *role);
/* Change the rule sets and their thresholds. */
gboolean gb_sync_role_may_edit_rules     (const char *role);
/* Enter (or undo) a merge of units by hand: the province's secretary or an admin. */
gboolean gb_sync_role_may_merge_units    (const char *role);

G_END_DECLS
