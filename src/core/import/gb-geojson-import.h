/* gb-geojson-import.h — administrative boundaries from GeoJSON FeatureCollections
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

/* Which feature properties carry what. NULL fields take the defaults of
 * gb_geojson_mapping_init(), which fit the files in shared/data. */
typedef struct
{
  GbUnitLevel  level;
  const char  *code_prop;
  const char  *name_prop;
  const char  *parent_prop;
  const char  *population_prop;
  const char  *type_prop;
} GbGeojsonMapping;

void     gb_geojson_mapping_init  (GbGeojsonMapping       *mapping,
                                   GbUnitLevel             level);

gboolean gb_geojson_import_bytes  (GbStore                *store,
                                   const char             *name,
                                   GBytes                 *bytes,
                                   const GbGeojsonMapping *mapping,
                                   guint                  *n_units,
                                   GError                **error);
gboolean gb_geojson_import_file   (GbStore                *store,
                                   const char             *path,
                                   const GbGeojsonMapping *mapping,
                                   guint                  *n_units,
                                   GError                **error);

G_END_DECLS
