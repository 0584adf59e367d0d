/* gb-geometry.h — polygons with holes, in lon/lat, packed for storage and drawing
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gb-types.h"

G_BEGIN_DECLS

/* A multipolygon: polygons made of rings (the first ring of a polygon is its outline, the
 * others are holes), each ring a closed run of (lon, lat) points. All points live in one flat
 * array so that drawing and projection walk memory once. */
struct _GbGeometry
{
  GArray *coords;     /* double: lon0, lat0, lon1, lat1, … */
  GArray *rings;      /* guint32: points per ring */
  GArray *polygons;   /* guint32: rings per polygon */
};

#define GB_TYPE_GEOMETRY (gb_geometry_get_type ())
GType        gb_geometry_get_type       (void) G_GNUC_CONST;
GbGeometry  *gb_geometry_new            (void);
GbGeometry  *gb_geometry_copy           (const GbGeometry *self);
void         gb_geometry_free           (GbGeometry       *self);

void         gb_geometry_begin_polygon  (GbGeometry       *self);
void         gb_geometry_add_ring       (GbGeometry       *self,
                                         const double     *lonlat,
                                         guint             n_points);
guint        gb_geometry_n_polygons     (const GbGeometry *self);
guint        gb_geometry_n_rings        (const GbGeometry *self);
guint        gb_geometry_n_points       (const GbGeometry *self);
gboolean     gb_geometry_bbox           (const GbGeometry *self,
                                         double           *min_lon,
                                         double           *min_lat,
                                         double           *max_lon,
                                         double           *max_lat);
gboolean     gb_geometry_contains       (const GbGeometry *self,
                                         double            lon,
                                         double            lat);
void         gb_geometry_centroid       (const GbGeometry *self,
                                         double           *lon,
                                         double           *lat);

GBytes      *gb_geometry_serialize      (const GbGeometry *self);
GbGeometry  *gb_geometry_deserialize    (const guint8     *data,
                                         gsize             size,
                                         GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbGeometry, gb_geometry_free)

G_END_DECLS
