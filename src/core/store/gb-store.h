/* gb-store.h — the local SQLite database
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gb-types.h"

G_BEGIN_DECLS

#define GB_TYPE_STORE (gb_store_get_type ())
G_DECLARE_FINAL_TYPE (GbStore, gb_store, GB, STORE, GObject)

typedef struct
{
  char   *name;
  gint64  rows;
} GbTableCount;

void          gb_table_count_free          (GbTableCount *count);

GbStore      *gb_store_open                (const char   *path,
                                            GError      **error);
GbStore      *gb_store_open_at_version     (const char   *path,
                                            int           version,
                                            GError      **error);
const char   *gb_store_get_path            (GbStore      *self);
int           gb_store_get_schema_version  (GbStore      *self);
int           gb_store_latest_version      (void);
gboolean      gb_store_migrate             (GbStore      *self,
                                            int           target,
                                            GError      **error);
char         *gb_store_default_path        (void);
char         *gb_store_resolve_path        (const char   *cli_path);

gboolean      gb_store_begin               (GbStore      *self,
                                            GError      **error);
gboolean      gb_store_commit              (GbStore      *self,
                                            GError      **error);
void          gb_store_rollback            (GbStore      *self);

GPtrArray    *gb_store_table_counts        (GbStore      *self,
                                            GError      **error);
gboolean      gb_store_is_empty            (GbStore      *self);
guint64       gb_store_get_change_stamp    (GbStore      *self);

char         *gb_store_get_meta            (GbStore      *self,
                                            const char   *key);
gboolean      gb_store_set_meta            (GbStore      *self,
                                            const char   *key,
                                            const char   *value,
                                            GError      **error);

/* Units (gb-store-units.c) */
gboolean      gb_store_put_unit            (GbStore          *self,
                                            const GbUnit     *unit,
                                            const GbGeometry *geometry,
                                            GError          **error);
guint         gb_store_count_units         (GbStore      *self);
gboolean      gb_store_unit_exists         (GbStore      *self,
                                            const char   *code);
GbUnit       *gb_store_get_unit            (GbStore      *self,
                                            const char   *code,
                                            GError      **error);
GPtrArray    *gb_store_list_units          (GbStore      *self,
                                            GbUnitLevel   level,
                                            const char   *parent_code,
                                            GError      **error);
GbGeometry   *gb_store_get_unit_geometry   (GbStore      *self,
                                            const char   *code,
                                            GError      **error);
GPtrArray    *gb_store_units_in_bbox       (GbStore      *self,
                                            double        min_lon,
                                            double        min_lat,
                                            double        max_lon,
                                            double        max_lat,
                                            GError      **error);

/* Series (gb-store-series.c) */
gboolean      gb_store_put_case_report     (GbStore            *self,
                                            const GbCaseReport *report,
                                            GError            **error);
gboolean      gb_store_put_vaccination     (GbStore              *self,
                                            const GbVaccination  *vacc,
                                            GError              **error);
GArray       *gb_store_get_case_reports    (GbStore      *self,
                                            const char   *unit_code,
                                            const char   *from,
                                            const char   *to,
                                            GError      **error);
GArray       *gb_store_get_vaccinations    (GbStore      *self,
                                            const char   *unit_code,
                                            const char   *from,
                                            const char   *to,
                                            GError      **error);
/* The daily numbers as they stood at a moment (gb-store-as-of.c). */
gboolean      gb_store_set_as_of           (GbStore      *self,
                                            const char   *as_of,
                                            GError      **error);
const char   *gb_store_get_as_of           (GbStore      *self);
gboolean      gb_store_get_date_range      (GbStore      *self,
                                            char        **first,
                                            char        **last);

/* Documents (gb-store-documents.c) */
gint64        gb_store_add_document_text   (GbStore      *self,
                                            const char   *source_name,
                                            const char   *body,
                                            const char   *origin,
                                            GError      **error);
gint64        gb_store_find_document       (GbStore      *self,
                                            const char   *number,
                                            const char   *issuer,
                                            const char   *date,
                                            const char   *body,
                                            GError      **error);
gboolean      gb_store_delete_document     (GbStore      *self,
                                            gint64        document_id,
                                            GError      **error);

G_END_DECLS
