/* gb-geojson-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "gb-error.h"
#include "gb-geojson-import.h"
#include "gb-json-check.h"
#include "gb-geometry.h"

/* Candidates tried in order when the caller names no property. */
static const char *code_props[] = { "code", "id", "ma", "gso_code", NULL };
static const char *name_props[] = { "name", "ten", NULL };
static const char *commune_parent_props[] = { "district_code", "district_id", "parent_code", NULL };
static const char *district_parent_props[] = { "province_code", "province_id", "parent_code", NULL };
static const char *population_props[] = { "population", "population_2019", "population_2009", "dan_so", NULL };
static const char *type_props[] = { "type", "loai", NULL };

void
gb_geojson_mapping_init (GbGeojsonMapping *mapping,
                         GbUnitLevel       level)
{
  g_return_if_fail (mapping != NULL);

  memset (mapping, 0, sizeof *mapping);
  mapping->level = level;
}

/* A property's value as text: strings as they are, integers printed, anything else NULL. */
static char *
property_text (JsonObject *props,
               const char *name)
{
  JsonNode *node;

  if (props == NULL || name == NULL || !json_object_has_member (props, name))
    return NULL;
  node = json_object_get_member (props, name);
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);

      if (t == G_TYPE_STRING)
        return g_strstrip (g_strdup (json_node_get_string (node)));
      if (t == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (t == G_TYPE_DOUBLE && floor (json_node_get_double (node)) == json_node_get_double (node))
        return g_strdup_printf ("%.0f", json_node_get_double (node));
    }
  return NULL;
}

static const char *
pick_prop (JsonObject  *props,
           const char  *given,
           const char **candidates)
{
  if (given != NULL)
    return given;
  for (guint i = 0; candidates[i] != NULL; i++)
    if (props != NULL && json_object_has_member (props, candidates[i]))
      return candidates[i];
  return candidates[0];
}

static gboolean
read_ring (JsonArray   *ring,
           GArray      *points,
           const char  *where,
           GError     **error)
{
  guint n = json_array_get_length (ring);

  g_array_set_size (points, 0);
  if (n < 4)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("%s: a ring has %u positions; a closed ring needs at least 4"), where, n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *pos = json_array_get_element (ring, i);
      JsonArray *xy;
      double lon, lat;

      if (!JSON_NODE_HOLDS_ARRAY (pos) || json_array_get_length (xy = json_node_get_array (pos)) < 2 ||
          !JSON_NODE_HOLDS_VALUE (json_array_get_element (xy, 0)) ||
          !JSON_NODE_HOLDS_VALUE (json_array_get_element (xy, 1)) ||
          json_node_get_value_type (json_array_get_element (xy, 0)) == G_TYPE_STRING ||
          json_node_get_value_type (json_array_get_element (xy, 1)) == G_TYPE_STRING)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                       _("%s: position %u of a ring is not a [longitude, latitude] pair"), where, i + 1);
          return FALSE;
        }
      lon = json_array_get_double_element (xy, 0);
      lat = json_array_get_double_element (xy, 1);
      if (!isfinite (lon) || !isfinite (lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                       _("%s: position %u (%g, %g) is not a longitude/latitude"), where, i + 1, lon, lat);
          return FALSE;
        }
      g_array_append_val (points, lon);
      g_array_append_val (points, lat);
    }
  if (g_array_index (points, double, 0) != g_array_index (points, double, points->len - 2) ||
      g_array_index (points, double, 1) != g_array_index (points, double, points->len - 1))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("%s: a ring is not closed (its last position differs from its first)"), where);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_polygon (JsonArray   *rings,
              GbGeometry  *geometry,
              GArray      *points,
              const char  *where,
              GError     **error)
{
  if (json_array_get_length (rings) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: a polygon has no rings"), where);
      return FALSE;
    }
  gb_geometry_begin_polygon (geometry);
  for (guint r = 0; r < json_array_get_length (rings); r++)
    {
      JsonNode *ring = json_array_get_element (rings, r);

      if (!JSON_NODE_HOLDS_ARRAY (ring))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: ring %u is not an array"), where, r + 1);
          return FALSE;
        }
      if (!read_ring (json_node_get_array (ring), points, where, error))
        return FALSE;
      gb_geometry_add_ring (geometry, (const double *) points->data, points->len / 2);
    }
  return TRUE;
}

static GbGeometry *
read_geometry (JsonObject  *feature,
               const char  *where,
               GError     **error)
{
  g_autoptr(GbGeometry) geometry = gb_geometry_new ();
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  JsonObject *geom;
  JsonNode *coords;
  const char *type;

  if (!json_object_has_member (feature, "geometry") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (feature, "geometry")))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: has no geometry"), where);
      return NULL;
    }
  geom = json_object_get_object_member (feature, "geometry");
  type = json_object_get_string_member_with_default (geom, "type", "");
  coords = json_object_get_member (geom, "coordinates");
  if (coords == NULL || !JSON_NODE_HOLDS_ARRAY (coords))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the geometry has no coordinates"), where);
      return NULL;
    }

  if (g_str_equal (type, "Polygon"))
    {
      if (!read_polygon (json_node_get_array (coords), geometry, points, where, error))
        return NULL;
    }
  else if (g_str_equal (type, "MultiPolygon"))
    {
      JsonArray *polys = json_node_get_array (coords);

      for (guint p = 0; p < json_array_get_length (polys); p++)
        {
          JsonNode *poly = json_array_get_element (polys, p);

          if (!JSON_NODE_HOLDS_ARRAY (poly))
            {
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: polygon %u is not an array"), where, p + 1);
              return NULL;
            }
          if (!read_polygon (json_node_get_array (poly), geometry, points, where, error))
            return NULL;
        }
      if (gb_geometry_n_polygons (geometry) == 0)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the MultiPolygon is empty"), where);
          return NULL;
        }
    }
  else
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("%s: geometry type “%s” is not supported (Polygon or MultiPolygon expected)"), where, type);
      return NULL;
    }
  return g_steal_pointer (&geometry);
}

/* The unit's name; a present-but-null name falls back to the code. NULL with @error when the
 * name is missing. */
static char *
feature_name (JsonObject  *props,
              const char  *name_prop,
              const char  *code,
              const char  *where,
              GError     **error)
{
  g_autofree char *unit_name = property_text (props, name_prop);

  /* Real files have nameless units (null names on sea areas of the 2009 census map): a
   * present-but-null name falls back to the code; a name property that is absent is an error. */
  if (unit_name == NULL && props != NULL && json_object_has_member (props, name_prop) &&
      JSON_NODE_HOLDS_NULL (json_object_get_member (props, name_prop)))
    {
      g_debug ("%s: no name; it is shown by its code", where);
      unit_name = g_strdup_printf ("%s", code);
    }
  if (unit_name == NULL || *unit_name == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the property “%s” (the name) is missing"),
                   where, name_prop);
      return NULL;
    }
  return g_steal_pointer (&unit_name);
}

static gboolean
parse_population (const char  *population,
                  const char  *where,
                  gint64      *out,
                  GError     **error)
{
  gint64 value;

  if (!g_ascii_string_to_signed (population, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("%s: the population “%s” is not a whole number ≥ 0"), where, population);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/* Feature @i (its index in the file) as a unit of the mapping's level; @seen holds the codes
 * already read. */
static gboolean
import_feature (GbStore                *store,
                const char             *name,
                guint                   i,
                JsonNode               *node,
                const GbGeojsonMapping *mapping,
                GHashTable             *seen,
                GError                **error)
{
  JsonObject *feature, *props = NULL;
  g_autofree char *where = NULL;
  g_autofree char *code = NULL;
  g_autofree char *unit_name = NULL;
  g_autofree char *population = NULL;
  g_autoptr(GbGeometry) geometry = NULL;
  GbUnit unit = { 0 };
  const char *code_prop, *name_prop, *parent_prop, *pop_prop, *type_prop;
  g_autofree char *parent = NULL;
  g_autofree char *type = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: feature %u is not an object"), name, i + 1);
      return FALSE;
    }
  feature = json_node_get_object (node);
  if (json_object_has_member (feature, "properties") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (feature, "properties")))
    props = json_object_get_object_member (feature, "properties");

  code_prop = pick_prop (props, mapping->code_prop, code_props);
  name_prop = pick_prop (props, mapping->name_prop, name_props);
  parent_prop = mapping->parent_prop;
  if (parent_prop == NULL && mapping->level == GB_UNIT_LEVEL_COMMUNE)
    parent_prop = pick_prop (props, NULL, commune_parent_props);
  else if (parent_prop == NULL && mapping->level == GB_UNIT_LEVEL_DISTRICT)
    parent_prop = pick_prop (props, NULL, district_parent_props);
  pop_prop = pick_prop (props, mapping->population_prop, population_props);
  type_prop = pick_prop (props, mapping->type_prop, type_props);

  code = property_text (props, code_prop);
  where = code != NULL ? g_strdup_printf ("%s: feature %u (code %s)", name, i + 1, code)
                       : g_strdup_printf ("%s: feature %u", name, i + 1);

  if (code == NULL || *code == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the property “%s” (the unit code) is missing"),
                   where, code_prop);
      return FALSE;
    }
  if (strlen (code) >= 16)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the code is too long"), where);
      return FALSE;
    }
  if ((unit_name = feature_name (props, name_prop, code, where, error)) == NULL)
    return FALSE;
  if (g_hash_table_contains (seen, code))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_DUPLICATE, _("%s: the code %s appears twice in the file"),
                   where, code);
      return FALSE;
    }
  g_hash_table_add (seen, g_strdup (code));

  population = property_text (props, pop_prop);
  if (mapping->population_prop != NULL && population == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("%s: the property “%s” (the population) is missing or not a whole number"), where, pop_prop);
      return FALSE;
    }
  if (mapping->parent_prop != NULL && (parent = property_text (props, parent_prop)) == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the property “%s” (the parent) is missing"),
                   where, parent_prop);
      return FALSE;
    }
  if (parent == NULL && parent_prop != NULL)
    parent = property_text (props, parent_prop);
  type = property_text (props, type_prop);

  geometry = read_geometry (feature, where, error);
  if (geometry == NULL)
    return FALSE;

  unit.code = code;
  unit.level = mapping->level;
  unit.parent_code = parent;
  unit.name = unit_name;
  unit.type = type;
  unit.population = -1;
  unit.pop_18 = unit.pop_65 = -1;
  if (population != NULL && !parse_population (population, where, &unit.population, error))
    return FALSE;

  if (!gb_store_put_unit (store, &unit, geometry, error))
    {
      g_prefix_error (error, "%s: ", where);
      return FALSE;
    }
  return TRUE;
}

static gboolean
import_features (GbStore                *store,
                 const char             *name,
                 JsonArray              *features,
                 const GbGeojsonMapping *mapping,
                 guint                  *n_units,
                 GError                **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = json_array_get_length (features);

  for (guint i = 0; i < n; i++)
    if (!import_feature (store, name, i, json_array_get_element (features, i), mapping, seen, error))
      return FALSE;
  if (n_units)
    *n_units = n;
  return TRUE;
}

/**
 * gb_geojson_import_bytes:
 * @name: the file name, for messages
 *
 * Imports every feature of a FeatureCollection as units of @mapping's level, in one
 * transaction: the first problem stops the import and leaves the database as it was.
 */
gboolean
gb_geojson_import_bytes (GbStore                 *store,
                         const char              *name,
                         GBytes                  *bytes,
                         const GbGeojsonMapping  *mapping,
                         guint                   *n_units,
                         GError                 **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;
  JsonObject *obj;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (mapping->level != GB_UNIT_LEVEL_ANY, FALSE);

  if (len == 0 || data == NULL || memchr (data, '\0', len) != NULL || !g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s: not a GeoJSON text file"), name);
      return FALSE;
    }
  /* A MultiPolygon nests 7 containers deep; json-glib would recurse into any depth. */
  if (!gb_json_check (data, len, GB_JSON_CHECK_MAX_DEPTH, GB_JSON_CHECK_MAX_FILE, &local_error))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s: malformed JSON: %s"), name, local_error->message);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s: malformed JSON: %s"), name, local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (json_object_get_string_member_with_default (obj = json_node_get_object (root), "type", ""),
                 "FeatureCollection") != 0 ||
      !json_object_has_member (obj, "features") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "features")))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("%s: not a GeoJSON FeatureCollection with a “features” array"), name);
      return FALSE;
    }

  if (!gb_store_begin (store, error))
    return FALSE;
  if (!import_features (store, name, json_object_get_array_member (obj, "features"), mapping, n_units, error))
    {
      gb_store_rollback (store);
      return FALSE;
    }
  return gb_store_commit (store, error);
}

gboolean
gb_geojson_import_file (GbStore                 *store,
                        const char              *path,
                        const GbGeojsonMapping  *mapping,
                        guint                   *n_units,
                        GError                 **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, error);

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (mapping != NULL, FALSE);

  if (bytes == NULL)
    return FALSE;
  return gb_geojson_import_bytes (store, path, bytes, mapping, n_units, error);
}
