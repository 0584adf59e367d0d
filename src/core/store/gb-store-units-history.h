/* gb-store-units-history.h — administrative units over time: validity, versions, successions
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A unit lives from units.valid_from to units.valid_to (NULL: open ends; valid_to is the first
 * day it is gone). A GSO code may live on with a new name, type, level or parent (a version from
 * a date). A succession says that from a date the territory of one unit (whole or partly) is in
 * another: merges, splits and renames. The series of a whole predecessor, before the date, count
 * for its successor, so a chart or a level after a merge sees the merged units' history.
 */
#pragma once

#include "gb-store.h"
#include "gb-store-unit-merges.h"

G_BEGIN_DECLS

typedef enum
{
  GB_SUCCESSION_MERGE,
  GB_SUCCESSION_SPLIT,
  GB_SUCCESSION_RENAME,
} GbSuccessionKind;

const char       *gb_succession_kind_to_string   (GbSuccessionKind  kind);
gboolean          gb_succession_kind_from_string (const char       *text,
                                                  GbSuccessionKind *kind);

typedef struct
{
  char             *predecessor;
  char             *successor;
  char              date[11];
  GbSuccessionKind  kind;
  gboolean          partial;
  char             *source;
} GbSuccession;

void              gb_succession_free             (GbSuccession *succession);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbSuccession, gb_succession_free)

gboolean          gb_store_set_unit_validity     (GbStore          *self,
                                                  const char       *code,
                                                  const char       *valid_from,
                                                  const char       *valid_to,
                                                  GError          **error);
gboolean          gb_store_get_unit_validity     (GbStore          *self,
                                                  const char       *code,
                                                  char            **valid_from,
                                                  char            **valid_to,
                                                  GError          **error);
gboolean          gb_store_end_unit              (GbStore          *self,
                                                  const char       *code,
                                                  const char       *date,
                                                  GError          **error);
gboolean          gb_store_end_units_without_version (GbStore      *self,
                                                      const char   *date,
                                                      GbUnitLevel   level,
                                                      guint        *n_ended,
                                                      GError      **error);
gboolean          gb_store_put_unit_version      (GbStore          *self,
                                                  const char       *code,
                                                  const char       *valid_from,
                                                  const GbUnit     *attributes,
                                                  GError          **error);
gboolean          gb_store_put_succession        (GbStore          *self,
                                                  const GbSuccession *succession,
                                                  GError          **error);
GPtrArray        *gb_store_list_successions      (GbStore          *self,
                                                  const char       *code,
                                                  GError          **error);

GPtrArray        *gb_store_units_valid_on        (GbStore          *self,
                                                  const char       *date,
                                                  GbUnitLevel       level,
                                                  const char       *parent_code,
                                                  GError          **error);
GbUnit           *gb_store_get_unit_on           (GbStore          *self,
                                                  const char       *code,
                                                  const char       *date,
                                                  GError          **error);
char             *gb_store_successor_on          (GbStore          *self,
                                                  const char       *code,
                                                  const char       *date,
                                                  GError          **error);

GArray           *gb_store_get_case_reports_carried (GbStore     *self,
                                                     const char  *code,
                                                     const char  *from,
                                                     const char  *to,
                                                     GError     **error);
GArray           *gb_store_get_vaccinations_carried (GbStore     *self,
                                                     const char  *code,
                                                     const char  *from,
                                                     const char  *to,
                                                     GError     **error);
GbGeometry       *gb_store_get_unit_geometry_on  (GbStore          *self,
                                                  const char       *code,
                                                  const char       *date,
                                                  GError          **error);

G_END_DECLS
