/* gb-national.h — the national set keyed by GSO codes: the 2009 commune map joined to the
 * GSO list of 2021 by names, and where its files are
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

/* A 2009 commune left out of the join, and why. */
typedef struct
{
  char *feature_id;     /* the 2009 census id */
  char *province;
  char *district;
  char *name;
  char *reason;
  char *neighbour;      /* kept under its 2009 id: the commune it shares the longest border with,
                         * "CODE name (N m)" (gb_national_join_neighbours()), or NULL */
} GbNationalMiss;

typedef struct
{
  guint      features;    /* communes in the 2009 map */
  guint      matched;     /* of them, given a GSO code */
  GPtrArray *misses;      /* GbNationalMiss */
  guint      unjoined;    /* of the misses, kept with their shape under their 2009 id */
  GPtrArray *provinces;   /* GbUnit: the 2021 provinces, population summed from their communes */
  GPtrArray *districts;   /* GbUnit: the 2021 districts, likewise */
  GPtrArray *unmapped;    /* GbUnit: the 2021 communes no 2009 shape was joined to (reports
                           * land on them; the map has no shape for them) */
  GBytes    *communes;    /* GeoJSON of the communes: code, name, type, district_code,
                           * population; the unjoined ones keyed by their 2009 id, type "2009" */
} GbNationalJoin;

void            gb_national_join_free   (GbNationalJoin *join);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbNationalJoin, gb_national_join_free)

char           *gb_national_data_file   (const char     *name);
GbNationalJoin *gb_national_join        (const char     *geojson,
                                         const char     *codes,
                                         const char     *province,
                                         GError        **error);
gboolean        gb_national_load_units  (GbStore        *store,
                                         GbNationalJoin *join,
                                         guint          *n_communes,
                                         GError        **error);
gboolean        gb_national_load_islands (GbStore       *store,
                                          GError       **error);
gboolean        gb_national_join_neighbours (GbNationalJoin *join,
                                             GbStore        *store,
                                             GError        **error);
char           *gb_national_join_report (GbNationalJoin *join);
GPtrArray      *gb_national_list_provinces (const char  *codes,
                                            GError     **error);

G_END_DECLS
