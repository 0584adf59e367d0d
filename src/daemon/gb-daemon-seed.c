/* gb-daemon-seed.c — `giaoband seed --national`: every commune of Viet Nam, commune series
 * simulated from the real province series
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With the GSO list (the default), the 2009 communes are joined to their GSO codes of 2021
 * (gb-national.c) and the provinces and districts are those of the list. A GeoJSON of one's own
 * without a list keeps its own keys: it names each commune's district and province (codes and
 * names) but has no district or province features, so those units are made from the communes'
 * properties, with the sums of their populations. The province daily series are real; each province's
 * days are split among its communes by the core's cluster simulation (deterministic, the
 * province totals exact), as in the demo. Only a national vaccination curve is public (Our
 * World in Data): each commune follows it scaled to its adults, with a spread and a lag of its
 * own, by the demo's simulation too; every simulated row is marked so.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "gb-csv-reader.h"
#include "gb-daemon-seed.h"
#include "gb-error.h"
#include "gb-geojson-import.h"
#include "gb-json-check.h"
#include "gb-series-import.h"
#include "gb-simulation.h"
#include "gb-text.h"

typedef struct
{
  char   *code;
  char   *parent;
  char   *name;
  gint64  population;
} Parent;

static void
parent_free (gpointer data)
{
  Parent *p = data;

  g_free (p->code);
  g_free (p->parent);
  g_free (p->name);
  g_free (p);
}

static const char *
prop_string (JsonObject *props,
             const char *name)
{
  JsonNode *n = json_object_get_member (props, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static void
add_parent (GHashTable *table,
            const char *code,
            const char *parent,
            const char *name,
            gint64      population)
{
  Parent *p = g_hash_table_lookup (table, code);

  if (p == NULL)
    {
      p = g_new0 (Parent, 1);
      p->code = g_strdup (code);
      p->parent = g_strdup (parent);
      p->name = g_strdup (name ? name : code);
      g_hash_table_insert (table, p->code, p);
    }
  p->population += MAX (population, 0);
}

/* Provinces and districts from the communes' properties. */
static gboolean
collect_parents (const char  *geojson,
                 GHashTable  *provinces,
                 GHashTable  *districts,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GMappedFile) file = g_mapped_file_new (geojson, FALSE, error);
  g_autoptr(GError) local = NULL;
  JsonNode *root;
  JsonArray *features;

  if (file == NULL)
    return FALSE;
  if (!gb_json_check (g_mapped_file_get_contents (file), g_mapped_file_get_length (file),
                      GB_JSON_CHECK_MAX_DEPTH, GB_JSON_CHECK_MAX_FILE, &local) ||
      !json_parser_load_from_data (parser, g_mapped_file_get_contents (file), g_mapped_file_get_length (file), &local))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s: malformed JSON: %s"), geojson, local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) || !json_object_has_member (json_node_get_object (root), "features"))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s: not a GeoJSON FeatureCollection"), geojson);
      return FALSE;
    }
  features = json_object_get_array_member (json_node_get_object (root), "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);
      JsonObject *props = f ? json_object_get_object_member (f, "properties") : NULL;
      const char *pid, *did;
      gint64 pop;

      if (props == NULL)
        continue;
      pid = prop_string (props, "province_id");
      did = prop_string (props, "district_id");
      if (pid == NULL || did == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                       _("%s: feature %u has no province_id or district_id"), geojson, i + 1);
          return FALSE;
        }
      pop = json_object_get_int_member_with_default (props, "population_2009", 0);
      add_parent (provinces, pid, NULL, prop_string (props, "province"), pop);
      add_parent (districts, did, pid, prop_string (props, "district"), pop);
    }
  return TRUE;
}

static gboolean
put_parents (GbStore     *store,
             GHashTable  *table,
             GbUnitLevel  level,
             GError     **error)
{
  GHashTableIter iter;
  Parent *p;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &p))
    {
      GbUnit u = { 0 };

      u.code = p->code;
      u.level = level;
      u.parent_code = p->parent;
      u.name = p->name;
      u.population = p->population;
      u.pop_18 = u.pop_65 = -1;
      if (!gb_store_put_unit (store, &u, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static int
compare_totals (gconstpointer a,
                gconstpointer b)
{
  return strcmp (((const GbDailyTotal *) a)->date, ((const GbDailyTotal *) b)->date);
}

/* province name (folded) → GArray of GbDailyTotal in date order */
static GHashTable *
read_province_series (const char  *path,
                      GError     **error)
{
  g_autoptr(GHashTable) series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GbCsvReader) reader = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  GPtrArray *fields;
  GHashTableIter iter;
  GArray *a;
  int c_name = -1, c_date = -1, c_cases = -1;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  if ((reader = gb_csv_reader_new (path, bytes, error)) == NULL)
    return NULL;
  if (!gb_csv_reader_next (reader, &fields, error))
    {
      if (error && *error == NULL)
        g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s: the file is empty"), path);
      return NULL;
    }
  for (guint i = 0; i < fields->len; i++)
    {
      const char *h = g_ptr_array_index (fields, i);

      if (strcmp (h, "province") == 0)
        c_name = i;
      else if (strcmp (h, "date") == 0)
        c_date = i;
      else if (strcmp (h, "new_cases") == 0)
        c_cases = i;
    }
  if (c_name < 0 || c_date < 0 || c_cases < 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s:1: expected the columns province, date and new_cases"), path);
      return NULL;
    }
  while (gb_csv_reader_next (reader, &fields, error))
    {
      GbDailyTotal t = { { 0 } };
      const char *date, *cases;
      char *end = NULL;
      g_autofree char *key = NULL;

      if (fields->len <= (guint) MAX (c_name, MAX (c_date, c_cases)))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s:%u: too few fields"), path, gb_csv_reader_get_line (reader));
          return NULL;
        }
      date = g_ptr_array_index (fields, c_date);
      cases = g_ptr_array_index (fields, c_cases);
      t.cases = g_ascii_strtoll (cases, &end, 10);
      if (!gb_date_is_valid_iso (date) || end == cases || *end != '\0' || t.cases < 0)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s:%u: a bad date or case count"),
                       path, gb_csv_reader_get_line (reader));
          return NULL;
        }
      g_strlcpy (t.date, date, sizeof t.date);
      key = gb_text_fold (g_ptr_array_index (fields, c_name));
      a = g_hash_table_lookup (series, key);
      if (a == NULL)
        {
          a = g_array_new (FALSE, TRUE, sizeof (GbDailyTotal));
          g_hash_table_insert (series, g_steal_pointer (&key), a);
        }
      g_array_append_val (a, t);
    }
  if (error && *error != NULL)
    return NULL;
  g_hash_table_iter_init (&iter, series);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    g_array_sort (a, compare_totals);
  return g_steal_pointer (&series);
}

/* The province series names a province without "Tỉnh" or "Thành phố", and Hồ Chí Minh City
 * "TP HCM". */
static GArray *
province_totals (GHashTable *series,
                 const char *name)
{
  g_autofree char *key = gb_text_fold (name);
  const char *bare = key;
  GArray *totals;

  if (g_str_has_prefix (bare, "tinh "))
    bare += strlen ("tinh ");
  else if (g_str_has_prefix (bare, "thanh pho "))
    bare += strlen ("thanh pho ");
  totals = g_hash_table_lookup (series, bare);
  if (totals == NULL && strcmp (bare, "ho chi minh") == 0)
    totals = g_hash_table_lookup (series, "tp hcm");
  return totals;
}

static gboolean
put_units (GbStore     *store,
           const char  *geojson,
           GbNationalJoin *join,
           GHashTable  *provinces,
           GHashTable  *districts,
           guint       *n_units,
           GError     **error)
{
  GbGeojsonMapping mapping;

  if (join != NULL)
    {
      for (guint i = 0; i < join->provinces->len; i++)
        {
          GbUnit *u = g_ptr_array_index (join->provinces, i);
          add_parent (provinces, u->code, NULL, u->name, 0);
        }
      return gb_national_load_units (store, join, n_units, error);
    }
  gb_geojson_mapping_init (&mapping, GB_UNIT_LEVEL_COMMUNE);
  mapping.parent_prop = "district_id";
  return put_parents (store, provinces, GB_UNIT_LEVEL_PROVINCE, error) &&
         put_parents (store, districts, GB_UNIT_LEVEL_DISTRICT, error) &&
         gb_geojson_import_file (store, geojson, &mapping, n_units, error);
}

/**
 * gb_daemon_seed_national:
 *
 * @join: (nullable): the communes of @geojson joined to their GSO codes; NULL: keyed by the
 *   GeoJSON's own ids
 * @cases: (nullable): the real province daily cases; NULL: no case series
 * @vaccinations: (nullable): the national OWID CSV; NULL: no vaccination series
 *
 * Fills @store with every commune of @geojson, their districts and provinces, commune case
 * series simulated from the real province series of @cases and commune vaccination series
 * simulated from the national curve of @vaccinations, in one transaction.
 */
gboolean
gb_daemon_seed_national (GbStore     *store,
                         const char  *geojson,
                         GbNationalJoin *join,
                         const char  *cases,
                         const char  *vaccinations,
                         guint       *n_units,
                         guint       *n_provinces,
                         guint       *n_vaccinated,
                         GError     **error)
{
  g_autoptr(GHashTable) provinces = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, parent_free);
  g_autoptr(GHashTable) districts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, parent_free);
  g_autoptr(GHashTable) series = NULL;
  g_autoptr(GArray) national = NULL;
  GHashTableIter iter;
  Parent *p;
  guint matched = 0, vaccinated = 0;

  if (join == NULL && !collect_parents (geojson, provinces, districts, error))
    return FALSE;
  if (cases != NULL && (series = read_province_series (cases, error)) == NULL)
    return FALSE;
  if (vaccinations != NULL)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize len = 0;

      if (!g_file_get_contents (vaccinations, &contents, &len, error))
        return FALSE;
      bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
      if ((national = gb_simulation_read_owid_vaccination (vaccinations, bytes, error)) == NULL)
        return FALSE;
    }

  if (!gb_store_begin (store, error))
    return FALSE;
  if (!put_units (store, geojson, join, provinces, districts, n_units, error))
    goto fail;

  g_hash_table_iter_init (&iter, provinces);
  while ((series != NULL || national != NULL) && g_hash_table_iter_next (&iter, NULL, (gpointer *) &p))
    {
      GArray *totals = series ? province_totals (series, p->name) : NULL;

      if (series != NULL && totals == NULL)
        g_printerr ("giaoband: %s %s\n", _("no case series for"), p->name);
      /* Adults and the old, from the population: the vaccination rows are shares of them. */
      if (!gb_simulate_age_groups (store, p->code, error))
        goto fail;
      if (totals != NULL)
        {
          if (!gb_simulate_commune_cases (store, p->code, totals, g_str_hash (p->code), error))
            goto fail;
          matched++;
        }
      /* A seed of its own (the cases' plus one): the same province, another random stream. */
      if (national != NULL)
        {
          if (!gb_simulate_commune_vaccinations (store, p->code, national, g_str_hash (p->code) + 1, error))
            goto fail;
          vaccinated++;
        }
    }
  /* The app's note "simulated at commune level" follows this mark, as for the demo. */
  if ((matched > 0 || vaccinated > 0) && !gb_store_set_meta (store, "simulated-commune-series", "1", error))
    goto fail;
  if (!gb_store_commit (store, error))
    return FALSE;
  if (n_provinces)
    *n_provinces = matched;
  if (n_vaccinated)
    *n_vaccinated = vaccinated;
  return TRUE;

fail:
  gb_store_rollback (store);
  return FALSE;
}
