/* gb-reform-import.c — a reorganisation of units as validity, versions and successions
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the form of shared/data/vietnam/reform-2025-07-01.json: "valid_from", "provinces"
 * (code, name, from = old province codes) and "communes" (code, name, type, province, from = old
 * commune codes, partial = those of them split among several new communes, from_district = old
 * island districts without communes). From that day districts are gone: a commune's parent is
 * its province. Only the new units made of at least one unit in the database are loaded (a
 * province's database gets its part of the country); the rest are counted as skipped. Old
 * units of the database that do not live on under their code end on that day, including the
 * communes merged in 2023–2025 that the file does not name (they ended no later than that).
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-json-member.h"
#include "gb-reform-import.h"
#include "gb-store-units-history.h"

typedef struct
{
  GbStore        *store;
  const char     *name;
  char           *source;         /* the file's base name, kept with each succession */
  const char     *date;
  GHashTable     *n_successors;   /* old code → number of new units it went into */
  GbReformReport *report;
} Reform;

static gboolean
bad (GError    **error,
     const char *name,
     const char *where,
     const char *what)
{
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "%s: %s: %s", name, where, what);
  return FALSE;
}

/* An array of code strings of @digits digits; a missing member is an empty array when
 * @optional. */
static gboolean
member_codes (JsonObject  *o,
              const char  *member,
              guint        digits,
              gboolean     optional,
              GPtrArray  **out)
{
  JsonNode *n;
  JsonArray *a;

  *out = g_ptr_array_new ();
  if (o == NULL)
    return FALSE;
  n = json_object_get_member (o, member);
  if (n == NULL)
    return optional;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return FALSE;
  a = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      const char *code;

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        return FALSE;
      code = json_node_get_string (e);
      if (strlen (code) != digits || strspn (code, "0123456789") != digits)
        return FALSE;
      g_ptr_array_add (*out, (gpointer) code);
    }
  return TRUE;
}

static gboolean
valid_code (const char *code,
            guint       digits)
{
  return code != NULL && strlen (code) == digits && strspn (code, "0123456789") == digits;
}

/* The sum of the old units' populations: whole ones, and a split one shared evenly among the
 * units it went into (an estimate; -1 when none is known). */
static gint64
sum_population (Reform     *r,
                GPtrArray  *from,
                GPtrArray  *partial)
{
  gint64 sum = -1;

  for (guint i = 0; i < from->len; i++)
    {
      const char *code = g_ptr_array_index (from, i);
      g_autoptr(GbUnit) old = gb_store_get_unit (r->store, code, NULL);
      guint shares = 1;

      if (old == NULL || old->population < 0)
        continue;
      if (partial != NULL && g_ptr_array_find_with_equal_func (partial, code, g_str_equal, NULL))
        shares = MAX (1u, GPOINTER_TO_UINT (g_hash_table_lookup (r->n_successors, code)));
      sum = MAX (sum, 0) + old->population / shares;
    }
  return sum;
}

/* The new unit: a version of the code when it exists, else a unit from the reform's date on. */
static gboolean
put_new_unit (Reform        *r,
              const GbUnit  *unit,
              GError       **error)
{
  if (gb_store_unit_exists (r->store, unit->code))
    return gb_store_put_unit_version (r->store, unit->code, r->date, unit, error);
  return gb_store_put_unit (r->store, unit, NULL, error) &&
         gb_store_set_unit_validity (r->store, unit->code, r->date, NULL, error);
}

static gboolean
put_links (Reform      *r,
           const char  *code,
           GPtrArray   *from,
           GPtrArray   *partial,
           GError     **error)
{
  for (guint i = 0; i < from->len; i++)
    {
      const char *old = g_ptr_array_index (from, i);
      GbSuccession s = { (char *) old, (char *) code, { 0 }, GB_SUCCESSION_MERGE, FALSE, r->source };

      if (!gb_store_unit_exists (r->store, old))
        continue;
      g_strlcpy (s.date, r->date, sizeof s.date);
      s.partial = partial != NULL && g_ptr_array_find_with_equal_func (partial, old, g_str_equal, NULL);
      if (s.partial)
        s.kind = GB_SUCCESSION_SPLIT;
      else if (from->len == 1)
        s.kind = GB_SUCCESSION_RENAME;
      if (!gb_store_put_succession (r->store, &s, error))
        return FALSE;
      r->report->links++;
    }
  return TRUE;
}

static gboolean
any_exists (GbStore   *store,
            GPtrArray *codes)
{
  for (guint i = 0; i < codes->len; i++)
    if (gb_store_unit_exists (store, g_ptr_array_index (codes, i)))
      return TRUE;
  return FALSE;
}

static gboolean
load_province (Reform      *r,
               JsonObject  *o,
               guint        index,
               GError     **error)
{
  g_autofree char *where = g_strdup_printf ("provinces[%u]", index);
  g_autoptr(GPtrArray) from = NULL;
  const char *code = gb_json_member_string (o, "code");
  const char *name = gb_json_member_string (o, "name");
  GbUnit unit = { 0 };

  if (!valid_code (code, 2) || name == NULL || !member_codes (o, "from", 2, FALSE, &from) || from->len == 0)
    return bad (error, r->name, where, "needs a 2-digit code, a name and the old province codes it was made from");
  if (!any_exists (r->store, from))
    {
      r->report->skipped++;
      return TRUE;
    }
  unit.code = (char *) code;
  unit.level = GB_UNIT_LEVEL_PROVINCE;
  unit.name = (char *) name;
  unit.type = (char *) (g_str_has_prefix (name, "Thành phố") ? "Thành phố Trung ương" : "Tỉnh");
  unit.population = sum_population (r, from, NULL);
  unit.pop_18 = unit.pop_65 = -1;
  if (!put_new_unit (r, &unit, error) || !put_links (r, code, from, NULL, error))
    return FALSE;
  r->report->provinces++;
  return TRUE;
}

static gboolean
load_commune (Reform      *r,
              JsonObject  *o,
              guint        index,
              GError     **error)
{
  g_autofree char *where = g_strdup_printf ("communes[%u]", index);
  g_autoptr(GPtrArray) from = NULL;
  g_autoptr(GPtrArray) partial = NULL;
  g_autoptr(GPtrArray) districts = NULL;
  const char *code = gb_json_member_string (o, "code");
  const char *name = gb_json_member_string (o, "name");
  const char *province = gb_json_member_string (o, "province");
  GbUnit unit = { 0 };

  if (!valid_code (code, 5) || name == NULL || !valid_code (province, 2))
    return bad (error, r->name, where, "needs a 5-digit code, a name and a 2-digit province code");
  if (!member_codes (o, "from", 5, FALSE, &from) || !member_codes (o, "partial", 5, TRUE, &partial) ||
      !member_codes (o, "from_district", 3, TRUE, &districts))
    return bad (error, r->name, where, "\"from\", \"partial\" and \"from_district\" must be lists of old codes");
  if (from->len + districts->len == 0)
    return bad (error, r->name, where, "names no old unit it was made from");
  for (guint i = 0; i < partial->len; i++)
    if (!g_ptr_array_find_with_equal_func (from, g_ptr_array_index (partial, i), g_str_equal, NULL))
      return bad (error, r->name, where, "a \"partial\" code is not in \"from\"");
  if (!any_exists (r->store, from) && !any_exists (r->store, districts))
    {
      r->report->skipped++;
      return TRUE;
    }
  unit.code = (char *) code;
  unit.level = GB_UNIT_LEVEL_COMMUNE;
  unit.parent_code = (char *) province;
  unit.name = (char *) name;
  unit.type = (char *) gb_json_member_string (o, "type");
  unit.population = sum_population (r, from, partial);
  unit.pop_18 = unit.pop_65 = -1;
  if (!put_new_unit (r, &unit, error) || !put_links (r, code, from, partial, error) ||
      !put_links (r, code, districts, NULL, error))
    return FALSE;
  r->report->communes++;
  return TRUE;
}

/* How many new communes each old code went into: a split one's population is shared. */
static void
count_successors (JsonArray  *communes,
                  GHashTable *counts)
{
  for (guint i = 0; i < json_array_get_length (communes); i++)
    {
      JsonNode *n = json_array_get_element (communes, i);
      JsonArray *from;

      if (!JSON_NODE_HOLDS_OBJECT (n) || !json_object_has_member (json_node_get_object (n), "partial"))
        continue;
      from = json_object_get_array_member (json_node_get_object (n), "partial");
      for (guint j = 0; from != NULL && j < json_array_get_length (from); j++)
        {
          const char *code = json_array_get_string_element (from, j);

          if (code != NULL)
            g_hash_table_insert (counts, (gpointer) code,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, code)) + 1));
        }
    }
}

static gboolean
load_all (Reform      *r,
          JsonArray   *provinces,
          JsonArray   *communes,
          GError     **error)
{
  guint ended;

  for (guint i = 0; i < json_array_get_length (provinces); i++)
    if (!load_province (r, json_array_get_object_element (provinces, i), i, error))
      return FALSE;
  for (guint i = 0; i < json_array_get_length (communes); i++)
    if (!load_commune (r, json_array_get_object_element (communes, i), i, error))
      return FALSE;
  for (GbUnitLevel level = GB_UNIT_LEVEL_PROVINCE; level <= GB_UNIT_LEVEL_COMMUNE; level++)
    {
      if (!gb_store_end_units_without_version (r->store, r->date, level, &ended, error))
        return FALSE;
      r->report->ended += ended;
    }
  return TRUE;
}

/**
 * gb_reform_import_bytes:
 * @name: the file's name, for messages
 * @report: (out caller-allocates): what was loaded
 *
 * Loads a reorganisation in one transaction: on any error the database is left as it was.
 */
gboolean
gb_reform_import_bytes (GbStore         *store,
                        const char      *name,
                        GBytes          *bytes,
                        GbReformReport  *report,
                        GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root;
  JsonObject *o;
  JsonNode *provinces, *communes;
  g_autofree char *source = g_path_get_basename (name);
  Reform r = { store, name, source, NULL, counts, report };
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL && bytes != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  data = g_bytes_get_data (bytes, &size);
  if (!json_parser_load_from_data (parser, data, size, error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  o = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  r.date = gb_json_member_string (o, "valid_from");
  provinces = o ? json_object_get_member (o, "provinces") : NULL;
  communes = o ? json_object_get_member (o, "communes") : NULL;
  if (r.date == NULL || !gb_date_is_valid_iso (r.date) || provinces == NULL || !JSON_NODE_HOLDS_ARRAY (provinces) ||
      communes == NULL || !JSON_NODE_HOLDS_ARRAY (communes))
    return bad (error, name, "top level", "expected \"valid_from\" (YYYY-MM-DD), \"provinces\" and \"communes\"");
  g_strlcpy (report->date, r.date, sizeof report->date);
  count_successors (json_node_get_array (communes), counts);

  if (!gb_store_begin (store, error))
    return FALSE;
  if (!load_all (&r, json_node_get_array (provinces), json_node_get_array (communes), error) ||
      !gb_store_commit (store, error))
    {
      gb_store_rollback (store);
      memset (report, 0, sizeof *report);
      return FALSE;
    }
  return TRUE;
}

gboolean
gb_reform_import_file (GbStore         *store,
                       const char      *path,
                       GbReformReport  *report,
                       GError         **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  file = g_file_new_for_path (path);
  if ((bytes = g_file_load_bytes (file, NULL, NULL, error)) == NULL)
    return FALSE;
  return gb_reform_import_bytes (store, path, bytes, report, error);
}
