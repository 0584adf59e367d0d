/* gb-sync-role.c — what a giaoband role may do: the daemon's checks and what the app offers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-sync-role.h"

/* A secretary keeps the directives and the committee's decisions: the levels it declares, the
 * rule sets they rest on, the review of implausible values and the merges of units entered by
 * hand. Units and their history are an admin's, except the rows such a merge writes, which
 * giaoband takes from a secretary as the merge says (gb-sync-unit-merge.h). */
static const char * const secretary_tables[] = {
  "organisations", "documents", "document_recipients", "document_references", "items", "item_assignments",
  "progress_updates", "item_status_log", "meetings", "conclusion_drafts", "conclusion_sections", "conclusion_tasks",
  "level_overrides", "level_override_revocations", "rule_sets", "rule_thresholds", "rule_set_periods",
  "review_items", "unit_merges", NULL
};
/* A district reports its communes' numbers, and holds or decides its communes' implausible
 * ones (the review queue). A secretary decides any unit's; the daily row a decision writes is
 * accepted from it as the decision says (gb-daemon-review.c). */
static const char * const district_tables[] = { "case_reports", "vaccinations", "treatment_capacity", "review_items",
                                                NULL };

static gboolean
is_district (const char *role)
{
  return role != NULL && g_str_has_prefix (role, "district:") && role[strlen ("district:")] != '\0';
}

/** gb_sync_role_is_known: whether @role is one giaoband gives. */
gboolean
gb_sync_role_is_known (const char *role)
{
  return role != NULL && (strcmp (role, "viewer") == 0 || strcmp (role, "secretary") == 0 ||
                          strcmp (role, "admin") == 0 || is_district (role));
}

gboolean
gb_sync_role_may_write (const char *role,
                        const char *table)
{
  g_return_val_if_fail (table != NULL, FALSE);

  if (g_strcmp0 (role, "admin") == 0)
    return TRUE;
  if (g_strcmp0 (role, "secretary") == 0)
    return g_strv_contains (secretary_tables, table);
  if (is_district (role))
    return g_strv_contains (district_tables, table);
  return FALSE;
}

/* The app's own rules: no role (never synced) is the secretary's own app. */
static gboolean
app_may_write (const char *role,
               const char *table)
{
  return role == NULL || gb_sync_role_may_write (role, table);
}

gboolean
gb_sync_role_may_declare_levels (const char *role)
{
  return app_may_write (role, "level_overrides");
}

gboolean
gb_sync_role_may_edit_notices (const char *role)
{
  return app_may_write (role, "documents") && app_may_write (role, "items");
}

gboolean
gb_sync_role_may_edit_rules (const char *role)
{
  return app_may_write (role, "rule_thresholds");
}

/* The mergers of 2023–2025 are entered by the committee's secretary (issue 21), and go to
 * giaoband and the other laptops with the sync; a district's would be refused there. */
gboolean
gb_sync_role_may_merge_units (const char *role)
{
  return role == NULL || g_strcmp0 (role, "secretary") == 0 || g_strcmp0 (role, "admin") == 0;
}
