/* gb-store-levels.h — rule sets, thresholds, treatment capacity and level overrides in the store
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"
#include "gb-level.h"

G_BEGIN_DECLS

/* Row callbacks used by the level engine to fill its flat arrays in one pass each. */
typedef void (*GbLevelUnitFunc) (const char *code, int level, const char *parent_code,
                                 const char *name, gint64 population, gint64 pop_18,
                                 gint64 pop_65, gpointer user_data);
typedef void (*GbLevelCaseFunc) (const char *unit_code, const char *date, gint64 community,
                                 gint64 unknown_source, gpointer user_data);
typedef void (*GbLevelVaccFunc) (const char *unit_code, const char *date, gint64 pop_18,
                                 gint64 pop_65, gint64 dose1_18, gint64 full_65,
                                 gpointer user_data);
/* Returns whether to go on. */
typedef gboolean (*GbLevelVaccBackFunc) (const char *unit_code, const char *date, gint64 pop_18,
                                         gint64 pop_65, gint64 dose1_18, gint64 full_65,
                                         gpointer user_data);
typedef void (*GbLevelVaccUnitFunc) (const char *unit_code, gpointer user_data);
typedef void (*GbLevelOverrideFunc) (const char *uid, const char *unit_code,
                                     const char *date_from, const char *date_to, int level,
                                     const char *reason, const char *author,
                                     gpointer user_data);
typedef void (*GbLevelThresholdFunc) (const char *rule_set, const char *key,
                                      const char *valid_from, double value,
                                      gpointer user_data);
typedef void (*GbLevelPeriodFunc) (const char *date_from, const char *rule_set,
                                   const char *kind, gpointer user_data);

/* Units ordered by code; cases and vaccinations ordered by date and unit (as stored); overrides not revoked;
 * thresholds ordered by rule set, key, valid_from, id; periods ordered by date. */
gboolean gb_store_levels_scan_units      (GbStore *self, GbLevelUnitFunc func, gpointer data, GError **error);
gboolean gb_store_levels_scan_cases_between (GbStore *self, const char *from, const char *to,
                                             GbLevelCaseFunc func, gpointer data, GError **error);
gboolean gb_store_levels_scan_vaccs_between (GbStore *self, const char *from, const char *to,
                                             GbLevelVaccFunc func, gpointer data, GError **error);
gboolean gb_store_levels_scan_vaccs_back    (GbStore *self, const char *to, GbLevelVaccBackFunc func,
                                             gpointer data, GError **error);
gboolean gb_store_levels_scan_vacc_units    (GbStore *self, const char *to, GbLevelVaccUnitFunc func,
                                             gpointer data, GError **error);
gboolean gb_store_levels_scan_overrides  (GbStore *self, GbLevelOverrideFunc func, gpointer data, GError **error);
gboolean gb_store_levels_scan_thresholds (GbStore *self, GbLevelThresholdFunc func, gpointer data, GError **error);
gboolean gb_store_levels_scan_periods    (GbStore *self, GbLevelPeriodFunc func, gpointer data, GError **error);
/* Units whose treatment capacity is NOT ok (criterion 3 fails); the rest are ok. */
GHashTable *gb_store_levels_capacity_failures (GbStore *self, GError **error);

/* Which rule set applies from @date_from on. Unknown @rule_set: GB_ERROR_NOT_FOUND, no write. */
gboolean gb_store_set_rule_set_period    (GbStore     *self,
                                          const char  *date_from,
                                          const char  *rule_set,
                                          GError     **error);

/* A new version of one threshold, in force from @valid_from; older versions stay for earlier
 * dates. Unknown rule set or key: GB_ERROR_NOT_FOUND, nothing written. */
gboolean gb_store_set_threshold          (GbStore     *self,
                                          const char  *rule_set,
                                          const char  *key,
                                          const char  *valid_from,
                                          double       value,
                                          const char  *author,
                                          GError     **error);

/* NQ 128 criterion 3 for @unit_code (default when never set: ok). */
gboolean gb_store_set_treatment_capacity (GbStore     *self,
                                          const char  *unit_code,
                                          gboolean     ok,
                                          GError     **error);

/* Declares @level for @unit_code from @date_from to @date_to (NULL: open). Returns the new
 * override's uid, or NULL with GB_ERROR_NOT_FOUND / GB_ERROR_INVALID_DATA and nothing written. */
char    *gb_store_add_level_override     (GbStore     *self,
                                          const char  *unit_code,
                                          const char  *date_from,
                                          const char  *date_to,
                                          GbLevel      level,
                                          const char  *reason,
                                          const char  *author,
                                          GError     **error);

/* Revokes an override; the row and who revoked it, when and why, are kept. */
gboolean gb_store_revoke_level_override  (GbStore     *self,
                                          const char  *uid,
                                          const char  *reason,
                                          const char  *author,
                                          GError     **error);

typedef struct
{
  char *id;     /* "qd2686", "nq128" */
  char *kind;   /* "zones" or "levels" */
  char *name;   /* "NQ 128/NQ-CP, QĐ 4800/QĐ-BYT (11/10/2021)" */
} GbRuleSetInfo;

void       gb_rule_set_info_free            (GbRuleSetInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbRuleSetInfo, gb_rule_set_info_free)
GPtrArray *gb_store_levels_list_rule_sets   (GbStore     *self,
                                             GError     **error);
gboolean   gb_store_remove_rule_set_period  (GbStore     *self,
                                             const char  *date_from,
                                             GError     **error);

/* One declared level as the store keeps it, revoked or not. */
typedef struct
{
  char    *uid;
  char    *date_from, *date_to;   /* date_to nullable: open */
  GbLevel  level;
  char    *reason, *author, *created_at;
  char    *revoked_at, *revoke_reason, *revoke_author;   /* NULL while in force */
  char    *data_as_of;   /* UTC moment of the numbers it was declared on; NULL: not kept */
} GbOverrideRecord;

void       gb_override_record_free          (GbOverrideRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbOverrideRecord, gb_override_record_free)
GPtrArray *gb_store_levels_list_override_history (GbStore     *self,
                                                  const char  *unit_code,
                                                  GError     **error);

double     gb_store_levels_get_threshold    (GbStore     *self,
                                             const char  *rule_set,
                                             const char  *key,
                                             const char  *date);

G_END_DECLS
