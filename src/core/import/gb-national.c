/* gb-national.c — the national set keyed by GSO codes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only public map of every commune (censusVN2009) keys them by the 2009 census ids; every
 * report keys them by GSO codes. The commune map is joined to the GSO list of 1/11/2021 by names
 * within province and district, as the demo province was: names are compared without diacritics
 * or case, with the prefixes "Xã", "Phường", "Thị trấn" (and "Quận", "Huyện", "Thị xã",
 * "Thành phố", "Tỉnh") optional, "Phường 01" as "Phường 1". A commune whose district was split
 * or renamed since 2009 is looked for in its whole province when its name is unique there. What
 * cannot be joined is listed with the reason (most were merged into a neighbour between 2009
 * and 2021) and left out.
 *
 * The data files are not in the repository (their licences are their own): they are found
 * under $GIAOBAN_NATIONAL_DATA, else under the installed data folder
 * (DATADIR/giaoban/vietnam, see meson_options.txt), else beside the source tree.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-json-member.h"
#include "gb-geojson-import.h"
#include "gb-national.h"
#include "gb-shared-border.h"
#include "gb-text.h"

typedef struct
{
  const char *code;
  const char *name;
  const char *type;
  char       *keys[4];    /* the name as written, and without its prefix; then both folded */
  const char *district;   /* communes: their district's code */
  GPtrArray  *children;   /* Entry */
  gint64      population;
  gint64      unjoined;   /* districts, provinces: population of the 2009 communes kept under them unjoined */
  JsonObject *taken_by;   /* communes: the 2009 feature joined to it */
} Entry;

static void
entry_free (gpointer data)
{
  Entry *e = data;

  for (guint i = 0; i < G_N_ELEMENTS (e->keys); i++)
    g_free (e->keys[i]);
  g_clear_pointer (&e->children, g_ptr_array_unref);
  g_free (e);
}

static void
miss_free (gpointer data)
{
  GbNationalMiss *m = data;

  g_free (m->feature_id);
  g_free (m->province);
  g_free (m->district);
  g_free (m->name);
  g_free (m->reason);
  g_free (m->neighbour);
  g_free (m);
}

void
gb_national_join_free (GbNationalJoin *join)
{
  if (join == NULL)
    return;
  g_clear_pointer (&join->misses, g_ptr_array_unref);
  g_clear_pointer (&join->provinces, g_ptr_array_unref);
  g_clear_pointer (&join->districts, g_ptr_array_unref);
  g_clear_pointer (&join->unmapped, g_ptr_array_unref);
  g_clear_pointer (&join->communes, g_bytes_unref);
  g_free (join);
}

/**
 * gb_national_data_file:
 * @name: a file of the national set, "communes-vietnam-2009.geojson"
 *
 * Returns: (transfer full) (nullable): where it is: $GIAOBAN_NATIONAL_DATA, the installed data
 *   folder, or shared/data/vietnam beside the source tree; %NULL when in none
 */
char *
gb_national_data_file (const char *name)
{
  const char *dirs[] = { g_getenv ("GIAOBAN_NATIONAL_DATA"), GB_NATIONAL_DATADIR, GB_SOURCE_NATIONAL_DATADIR };

  g_return_val_if_fail (name != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = dirs[i] ? g_build_filename (dirs[i], name, NULL) : NULL;

      if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static const char *const prefixes[] = {
  "thành phố ", "tỉnh ", "quận ", "huyện ", "thị xã ", "thị trấn ", "xã ", "phường ", NULL
};

/* How names are compared, strictest first: as written (case aside), without the unit-kind
 * prefix, then both without diacritics. Folding alone would take "Xã Trực Hưng" for "Xã Trực
 * Hùng", two communes of one district. */
enum { KEY_FULL, KEY_BARE, KEY_FOLDED_FULL, KEY_FOLDED_BARE, N_KEYS };

/* Spaces and hyphens made single spaces, numbers without leading zeros ("Phường 01" is
 * "Phường 1"); without the unit-kind prefix for the bare keys; folded for the folded ones. */
static char *
name_key (const char *name,
          guint       kind)
{
  g_autofree char *nfc = g_utf8_normalize (name ? name : "", -1, G_NORMALIZE_NFC);
  g_autofree char *lower = nfc ? g_utf8_casefold (nfc, -1) : g_strdup ("");
  g_autofree char *folded = NULL;
  GString *out = g_string_new (NULL);
  const char *p = lower;

  while (*p == ' ')
    p++;
  for (guint i = 0; (kind == KEY_BARE || kind == KEY_FOLDED_BARE) && prefixes[i] != NULL; i++)
    if (g_str_has_prefix (p, prefixes[i]))
      {
        p += strlen (prefixes[i]);
        break;
      }
  if (kind == KEY_FOLDED_FULL || kind == KEY_FOLDED_BARE)
    p = folded = gb_text_fold (p);
  for (; *p; p++)
    {
      char c = (*p == '-' || *p == '\t') ? ' ' : *p;
      gboolean at_word = out->len == 0 || out->str[out->len - 1] == ' ';

      if ((c == ' ' && at_word) || c == '\'')
        continue;
      if (c == '0' && at_word && g_ascii_isdigit (p[1]))
        continue;
      g_string_append_c (out, c);
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static Entry *
entry_new (JsonObject *o,
           const char *code_member)
{
  Entry *e = g_new0 (Entry, 1);

  e->code = gb_json_member_string (o, code_member);
  e->name = gb_json_member_string (o, "name");
  e->type = gb_json_member_string (o, "type");
  for (guint i = 0; i < N_KEYS; i++)
    e->keys[i] = name_key (e->name, i);
  e->population = -1;
  return e;
}

/* The GSO list: provinces → districts → communes. */
static GPtrArray *
read_codes (JsonParser  *parser,
            const char  *path,
            GError     **error)
{
  g_autoptr(GPtrArray) provinces = g_ptr_array_new_with_free_func (entry_free);
  JsonNode *root;
  JsonArray *data;

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return NULL;
  root = json_parser_get_root (parser);
  data = root && JSON_NODE_HOLDS_OBJECT (root) ? gb_json_member_array (json_node_get_object (root), "data") : NULL;
  if (data == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: expected {\"data\": [provinces]}", path);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *po = json_array_get_object_element (data, i);
      JsonArray *ds = gb_json_member_array (po, "level2s");
      Entry *p = entry_new (po, "level1_id");

      g_ptr_array_add (provinces, p);
      p->children = g_ptr_array_new_with_free_func (entry_free);
      if (p->code == NULL || p->name == NULL || ds == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: province %u has no level1_id, name or level2s",
                       path, i + 1);
          return NULL;
        }
      for (guint j = 0; j < json_array_get_length (ds); j++)
        {
          JsonObject *dobj = json_array_get_object_element (ds, j);
          JsonArray *cs = gb_json_member_array (dobj, "level3s");
          Entry *d = entry_new (dobj, "level2_id");

          g_ptr_array_add (p->children, d);
          d->children = g_ptr_array_new_with_free_func (entry_free);
          if (d->code == NULL || d->name == NULL || cs == NULL)
            {
              g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: %s: district %u has no level2_id, name or level3s",
                           path, p->name, j + 1);
              return NULL;
            }
          for (guint k = 0; k < json_array_get_length (cs); k++)
            {
              Entry *c = entry_new (json_array_get_object_element (cs, k), "level3_id");

              c->district = d->code;
              g_ptr_array_add (d->children, c);
              if (c->code == NULL || c->name == NULL)
                {
                  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: %s: a commune has no level3_id or name",
                               path, d->name);
                  return NULL;
                }
            }
        }
    }
  return g_steal_pointer (&provinces);
}

static Entry *
find_entry (GPtrArray  *entries,
            const char *key,
            guint       kind,
            guint      *n_found)
{
  Entry *found = NULL;

  *n_found = 0;
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);

      if (strcmp (e->keys[kind], key) == 0)
        {
          found = e;
          (*n_found)++;
        }
    }
  return found;
}

/* The commune named @name in @district, else in the whole @province, by the full name first
 * (so "Thị trấn Yên Viên" and "Xã Yên Viên" stay apart), then without the prefix. */
static Entry *
find_commune (Entry       *province,
              Entry       *district,
              const char  *name,
              char       **reason)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  char *keys[N_KEYS];
  Entry *c = NULL;
  guint n = 0, most = 0;

  for (guint k = 0; k < N_KEYS; k++)
    keys[k] = name_key (name, k);
  for (guint i = 0; i < province->children->len; i++)
    {
      Entry *d = g_ptr_array_index (province->children, i);
      g_ptr_array_extend (all, d->children, NULL, NULL);
    }
  /* In the district, then in the province; the strictest comparison that finds one wins. */
  for (guint k = 0; district != NULL && k < N_KEYS && (c == NULL || n != 1); k++)
    {
      c = find_entry (district->children, keys[k], k, &n);
      most = MAX (most, n);
    }
  if (c != NULL && n == 1)
    goto found;
  if (most > 1)
    {
      *reason = g_strdup_printf ("%u communes of %s have this name", most, district->name);
      c = NULL;
      goto found;
    }
  for (guint k = 0; k < N_KEYS && (c == NULL || n != 1); k++)
    {
      c = find_entry (all, keys[k], k, &n);
      most = MAX (most, n);
    }
  if (c != NULL && n == 1)
    goto found;
  c = NULL;
  if (most > 1)
    *reason = g_strdup_printf ("%u communes of %s have this name and its district %s", n, province->name,
                               district ? "does not hold it" : "is not in the 2021 list");
  else
    *reason = g_strdup_printf ("no commune of this name in %s in 2021 (merged or renamed since 2009)", province->name);

found:
  for (guint k = 0; k < N_KEYS; k++)
    g_free (keys[k]);
  return c;
}

static void
add_miss (GbNationalJoin *join,
          JsonObject     *props,
          char           *reason)
{
  GbNationalMiss *m = g_new0 (GbNationalMiss, 1);

  m->feature_id = g_strdup (gb_json_member_string (props, "id"));
  m->province = g_strdup (gb_json_member_string (props, "province"));
  m->district = g_strdup (gb_json_member_string (props, "district"));
  m->name = g_strdup (gb_json_member_string (props, "name"));
  m->reason = reason;
  g_ptr_array_add (join->misses, m);
}

/* Joins one 2009 feature; returns the 2021 commune or NULL with a miss recorded. */
static Entry *
join_feature (GbNationalJoin *join,
              GHashTable     *provinces,
              const char     *only,
              JsonObject     *props,
              gboolean       *elsewhere,
              Entry         **parent)
{
  const char *name = gb_json_member_string (props, "name");
  g_autofree char *pkey = name_key (gb_json_member_string (props, "province"), KEY_FOLDED_BARE);
  g_autofree char *dkey = name_key (gb_json_member_string (props, "district"), KEY_FOLDED_BARE);
  Entry *province = g_hash_table_lookup (provinces, pkey);
  Entry *district;
  Entry *c;
  char *reason = NULL;
  guint n = 0;

  if (province != NULL && only != NULL && strcmp (province->code, only) != 0)
    {
      *elsewhere = TRUE;
      return NULL;
    }
  if (province == NULL)
    {
      add_miss (join, props, g_strdup ("no province of this name in the 2021 list"));
      return NULL;
    }
  if (name == NULL)
    {
      add_miss (join, props, g_strdup ("the 2009 map gives it no name"));
      return NULL;
    }
  district = find_entry (province->children, dkey, KEY_FOLDED_BARE, &n);
  if (n != 1)
    district = NULL;
  *parent = district != NULL ? district : province;
  if ((c = find_commune (province, district, name, &reason)) == NULL)
    {
      add_miss (join, props, reason);
      return NULL;
    }
  if (c->taken_by != NULL)
    {
      add_miss (join, props, g_strdup_printf ("its name matches %s (%s), already joined to the 2009 commune %s",
                                              c->name, c->code, gb_json_member_string (c->taken_by, "census_2009_id")));
      return NULL;
    }
  c->taken_by = props;
  return c;
}

static GbUnit *
unit_from_entry (Entry       *e,
                 GbUnitLevel  level,
                 const char  *parent)
{
  GbUnit *u = gb_unit_new ();

  u->code = g_strdup (e->code);
  u->level = level;
  u->parent_code = g_strdup (parent);
  u->name = g_strdup (e->name);
  u->type = g_strdup (e->type);
  u->population = e->population;
  u->pop_18 = u->pop_65 = -1;
  return u;
}

/* Provinces and districts with the populations of their joined communes. */
static void
collect_parents (GbNationalJoin *join,
                 GPtrArray      *provinces,
                 const char     *only)
{
  for (guint i = 0; i < provinces->len; i++)
    {
      Entry *p = g_ptr_array_index (provinces, i);

      if (only != NULL && strcmp (p->code, only) != 0)
        continue;
      for (guint j = 0; j < p->children->len; j++)
        {
          Entry *d = g_ptr_array_index (p->children, j);

          for (guint k = 0; k < d->children->len; k++)
            {
              Entry *c = g_ptr_array_index (d->children, k);

              if (c->taken_by == NULL)
                {
                  g_ptr_array_add (join->unmapped, unit_from_entry (c, GB_UNIT_LEVEL_COMMUNE, d->code));
                  continue;
                }
              d->population = MAX (d->population, 0) +
                              MAX (json_object_get_int_member_with_default (c->taken_by, "population", 0), 0);
            }
          if (d->unjoined > 0)
            d->population = MAX (d->population, 0) + d->unjoined;
          if (d->population >= 0)
            p->population = MAX (p->population, 0) + d->population;
          g_ptr_array_add (join->districts, unit_from_entry (d, GB_UNIT_LEVEL_DISTRICT, p->code));
        }
      if (p->unjoined > 0)
        p->population = MAX (p->population, 0) + p->unjoined;
      g_ptr_array_add (join->provinces, unit_from_entry (p, GB_UNIT_LEVEL_PROVINCE, NULL));
    }
}

static JsonNode *
joined_properties (Entry      *c,
                   JsonObject *old)
{
  JsonObject *o = json_object_new ();
  JsonNode *n = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "code", c->code);
  json_object_set_string_member (o, "name", c->name);
  if (c->type != NULL)
    json_object_set_string_member (o, "type", c->type);
  json_object_set_string_member (o, "district_code", c->district);
  json_object_set_int_member (o, "population", json_object_get_int_member_with_default (old, "population_2009", 0));
  json_object_set_string_member (o, "census_2009_id", gb_json_member_string (old, "id"));
  json_node_take_object (n, o);
  return n;
}

/* A 2009 commune that could not be joined keeps its shape on the map under its 2009 id (seven
 * digits: no GSO code is that long), in the district (or province) its names gave, so the
 * country has no holes; no report lands on it. */
static JsonNode *
unjoined_properties (JsonObject *old,
                     Entry      *parent)
{
  JsonObject *o = json_object_new ();
  JsonNode *n = json_node_new (JSON_NODE_OBJECT);
  gint64 population = MAX (json_object_get_int_member_with_default (old, "population_2009", 0), 0);

  json_object_set_string_member (o, "code", gb_json_member_string (old, "id"));
  json_object_set_string_member (o, "name", gb_json_member_string (old, "name"));
  json_object_set_string_member (o, "type", "2009");
  json_object_set_string_member (o, "district_code", parent->code);
  json_object_set_int_member (o, "population", population);
  json_object_set_string_member (o, "census_2009_id", gb_json_member_string (old, "id"));
  json_node_take_object (n, o);
  parent->unjoined += population;
  return n;
}

static gboolean
join_features (GbNationalJoin  *join,
               GPtrArray       *codes,
               const char      *geojson,
               const char      *only,
               GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) provinces = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_OBJECT);
  JsonObject *collection = json_object_new ();
  JsonArray *kept = json_array_new ();
  JsonNode *root;
  JsonArray *features;
  gsize len = 0;
  char *text;

  for (guint i = 0; i < codes->len; i++)
    {
      Entry *p = g_ptr_array_index (codes, i);
      g_hash_table_insert (provinces, p->keys[KEY_FOLDED_BARE], p);
    }
  json_object_set_string_member (collection, "type", "FeatureCollection");
  json_object_set_array_member (collection, "features", kept);
  json_node_take_object (out, collection);
  if (!json_parser_load_from_mapped_file (parser, geojson, error))
    return FALSE;
  root = json_parser_get_root (parser);
  features = root && JSON_NODE_HOLDS_OBJECT (root) ? gb_json_member_array (json_node_get_object (root), "features") : NULL;
  if (features == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: not a GeoJSON FeatureCollection", geojson);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);
      JsonObject *props = f && json_object_has_member (f, "properties") ? json_object_get_object_member (f, "properties") : NULL;
      gboolean elsewhere = FALSE;
      Entry *parent = NULL;
      Entry *c;

      if (props == NULL || !json_object_has_member (f, "geometry"))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: feature %u has no properties or geometry", geojson, i + 1);
          return FALSE;
        }
      c = join_feature (join, provinces, only, props, &elsewhere, &parent);
      join->features += elsewhere ? 0 : 1;
      if (c == NULL && parent != NULL && gb_json_member_string (props, "id") != NULL)
        {
          json_object_set_member (f, "properties", unjoined_properties (props, parent));
          json_array_add_element (kept, json_node_copy (json_array_get_element (features, i)));
          join->unjoined++;
        }
      if (c == NULL)
        continue;
      json_object_set_member (f, "properties", joined_properties (c, props));
      /* The old properties object is gone: keep the id through the new one. */
      c->taken_by = json_object_get_object_member (f, "properties");
      json_array_add_element (kept, json_node_copy (json_array_get_element (features, i)));
      join->matched++;
    }
  collect_parents (join, codes, only);
  json_generator_set_root (generator, out);
  text = json_generator_to_data (generator, &len);
  join->communes = g_bytes_new_take (text, len);
  return TRUE;
}

/**
 * gb_national_join:
 * @geojson: the 2009 commune map (communes-vietnam-2009.geojson)
 * @codes: the GSO list (admin-codes-2021-11-01.json)
 * @province: (nullable): only the communes of this province (GSO code); %NULL: all
 *
 * Returns: (transfer full): the joined communes, the 2021 provinces and districts, and the
 *   communes left out with the reason
 */
GbNationalJoin *
gb_national_join (const char  *geojson,
                  const char  *codes,
                  const char  *province,
                  GError     **error)
{
  g_autoptr(GbNationalJoin) join = g_new0 (GbNationalJoin, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (geojson != NULL && codes != NULL, NULL);

  join->misses = g_ptr_array_new_with_free_func (miss_free);
  join->provinces = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_unit_free);
  join->districts = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_unit_free);
  join->unmapped = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_unit_free);
  if ((list = read_codes (parser, codes, error)) == NULL ||
      !join_features (join, list, geojson, province, error))
    return NULL;
  return g_steal_pointer (&join);
}

/**
 * gb_national_join_neighbours:
 * @store: where gb_national_load_units() put @join
 *
 * For each commune left out but kept under its 2009 id, the commune it shares the longest
 * border with (of its own district first), for the report: a reform that does not name it
 * (gb-reform-import.c) gives it that commune's successor, by the same rule.
 */
gboolean
gb_national_join_neighbours (GbNationalJoin  *join,
                             GbStore         *store,
                             GError         **error)
{
  g_return_val_if_fail (join != NULL, FALSE);
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  for (guint i = 0; i < join->misses->len; i++)
    {
      GbNationalMiss *m = g_ptr_array_index (join->misses, i);
      g_autoptr(GbUnit) unit = m->feature_id ? gb_store_get_unit (store, m->feature_id, NULL) : NULL;
      g_autoptr(GPtrArray) around = NULL;
      const GbBorderNeighbour *best = NULL;

      if (unit == NULL || unit->level != GB_UNIT_LEVEL_COMMUNE)
        continue;
      if ((around = gb_store_border_neighbours (store, m->feature_id, error)) == NULL)
        return FALSE;
      for (guint pass = 0; pass < 2 && best == NULL; pass++)
        for (guint k = 0; k < around->len; k++)
          {
            const GbBorderNeighbour *n = g_ptr_array_index (around, k);

            if ((pass > 0 || g_strcmp0 (n->parent, unit->parent_code) == 0) && (best == NULL || n->length > best->length))
              best = n;
          }
      g_clear_pointer (&m->neighbour, g_free);
      if (best != NULL)
        m->neighbour = g_strdup_printf ("%s %s (%.0f m)", best->code, best->name, best->length);
    }
  return TRUE;
}

/**
 * gb_national_join_report:
 *
 * Returns: (transfer full): the match rate, then one line per commune left out:
 *   "ID<TAB>province<TAB>district<TAB>name<TAB>reason"
 */
char *
gb_national_join_report (GbNationalJoin *join)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (join != NULL, NULL);
  g_string_append_printf (out, "Joined %u of %u communes of 2009 to GSO codes (%.1f %%); %u left out, %u of them "
                          "kept on the map under their 2009 ids. A reform that does not name one of those (the "
                          "reform of 1/7/2025 names only GSO codes) gives it the successor of the commune it "
                          "shares the longest border with (of its district first; boundaries within %.0f m), "
                          "named after its reason:\n", join->matched, join->features,
                          join->features ? 100.0 * join->matched / join->features : 0.0, join->misses->len,
                          join->unjoined, GB_SHARED_BORDER_TOLERANCE);
  for (guint i = 0; i < join->misses->len; i++)
    {
      GbNationalMiss *m = g_ptr_array_index (join->misses, i);

      g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s%s%s\n", m->feature_id ? m->feature_id : "-",
                              m->province ? m->province : "-", m->district ? m->district : "-",
                              m->name ? m->name : "-", m->reason, m->neighbour ? "; longest border with " : "",
                              m->neighbour ? m->neighbour : "");
    }
  return g_string_free (out, FALSE);
}

static gboolean
put_units (GbStore    *store,
           GPtrArray  *units,
           GError    **error)
{
  for (guint i = 0; i < units->len; i++)
    if (!gb_store_put_unit (store, g_ptr_array_index (units, i), NULL, error))
      return FALSE;
  return TRUE;
}

static gboolean load_islands (GbStore    *store,
                              GPtrArray  *provinces,
                              GError    **error);

/**
 * gb_national_load_units:
 *
 * Stores the 2021 provinces and districts and the joined communes with their 2009 shapes,
 * keyed by GSO codes (the communes of the list without a shape too, so their reports land),
 * and the island districts; in the caller's transaction or one of its own.
 */
gboolean
gb_national_load_units (GbStore         *store,
                        GbNationalJoin  *join,
                        guint           *n_communes,
                        GError         **error)
{
  GbGeojsonMapping mapping;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (join != NULL, FALSE);

  if (!gb_store_begin (store, error))
    return FALSE;
  gb_geojson_mapping_init (&mapping, GB_UNIT_LEVEL_COMMUNE);
  if (!put_units (store, join->provinces, error) || !put_units (store, join->districts, error) ||
      !put_units (store, join->unmapped, error) ||
      !gb_geojson_import_bytes (store, "communes-vietnam-2009.geojson", join->communes, &mapping, n_communes, error) ||
      !load_islands (store, join->provinces, error) ||
      !gb_store_commit (store, error))
    {
      gb_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_national_load_islands:
 *
 * The Hoàng Sa and Trường Sa archipelagos as the island districts they are (GSO 498 of Đà Nẵng
 * and 576 of Khánh Hòa), labelled as maps published in Việt Nam label them. The 2009 commune
 * map has neither; their outlines come from data/national/islands-vietnam.geojson (see
 * data/national/README.md for the source of the positions).
 */
gboolean
gb_national_load_islands (GbStore  *store,
                          GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  return load_islands (store, NULL, error);
}

/* The island districts of @provinces (GbUnit; NULL: both). */
static gboolean
load_islands (GbStore    *store,
              GPtrArray  *provinces,
              GError    **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/vn/giaoban/national/islands-vietnam.geojson", 0, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) kept = NULL;
  GbGeojsonMapping mapping;
  JsonArray *features;
  gsize len = 0;
  char *text;

  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return FALSE;
  features = gb_json_member_array (json_node_get_object (json_parser_get_root (parser)), "features");
  for (guint i = json_array_get_length (features); provinces != NULL && i-- > 0;)
    {
      JsonObject *props = json_object_get_object_member (json_array_get_object_element (features, i), "properties");
      const char *province = gb_json_member_string (props, "province_code");
      gboolean wanted = FALSE;

      for (guint j = 0; j < provinces->len && !wanted; j++)
        wanted = g_strcmp0 (((GbUnit *) g_ptr_array_index (provinces, j))->code, province) == 0;
      if (!wanted)
        json_array_remove_element (features, i);
    }
  if (json_array_get_length (features) == 0)
    return TRUE;
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, &len);
  kept = g_bytes_new_take (text, len);
  gb_geojson_mapping_init (&mapping, GB_UNIT_LEVEL_DISTRICT);
  return gb_geojson_import_bytes (store, "islands-vietnam.geojson", kept, &mapping, NULL, error);
}

/**
 * gb_national_list_provinces:
 * @codes: the GSO list (admin-codes-2021-11-01.json)
 *
 * Returns: (transfer full) (element-type GbUnit): its provinces, in its order (by code)
 */
GPtrArray *
gb_national_list_provinces (const char  *codes,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) list = NULL;
  GPtrArray *out;

  g_return_val_if_fail (codes != NULL, NULL);
  if ((list = read_codes (parser, codes, error)) == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_unit_free);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (out, unit_from_entry (g_ptr_array_index (list, i), GB_UNIT_LEVEL_PROVINCE, NULL));
  return out;
}
