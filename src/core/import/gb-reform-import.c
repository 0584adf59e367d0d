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
 *
 * A commune that ends on that day with its territory going nowhere (a 2021 commune merged in
 * 2023–2025, which the file does not name; a 2009 commune of the national set that no GSO code
 * was joined to) would leave a hole in the country's map from that day. Its territory is given
 * by its boundary instead: it goes where the neighbour it shares the longest border with went
 * (a neighbour of its own district first, else of its province, else of any; boundaries within
 * 250 m of each other count as a border, as census boundaries drawn apart leave gaps), recorded
 * as a merge whose
 * source says so (gb_reform_list_by_border()). One with no neighbour at all (an island) goes
 * where its district went if the district became a commune (Lý Sơn, a special zone); else it is
 * left without, and counted.
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-json-member.h"
#include "gb-reform-import.h"
#include "gb-shared-border.h"
#include "gb-store-private.h"
#include "gb-store-units-history.h"

/* What the source of a succession given by a boundary says, after the file's name: where its
 * longest neighbour went, or (a commune with no neighbour: an island) where its district went
 * when it became a commune (as the island districts did). */
#define BY_ANY "by its "
#define BY_BORDER BY_ANY "border: "
#define BY_DISTRICT BY_ANY "district: "

typedef struct
{
  GbStore        *store;
  const char     *name;
  char           *source;         /* the file's base name, kept with each succession */
  const char     *date;
  GHashTable     *n_successors;   /* old code → number of new units it went into */
  GbReformReport *report;
  GHashTable     *province_of;    /* a commune's parent → its province, as far as asked */
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

/* A commune that ended on the reform's day with its territory going nowhere, and its neighbours:
 * the communes its boundary runs along, with how long. */
typedef struct
{
  char   *code;
  char   *parent;
  const char *province;
  GArray *near;    /* Near */
  gboolean given;
} Orphan;

typedef struct
{
  char    *code;
  char    *name;
  guint    closeness;   /* 0: of the same district, 1: of the same province, 2: else */
  double   length;      /* metres */
} Near;

static void
near_clear (gpointer data)
{
  Near *n = data;

  g_free (n->code);
  g_free (n->name);
}

static void
orphan_free (gpointer data)
{
  Orphan *o = data;

  g_free (o->code);
  g_free (o->parent);
  g_array_unref (o->near);
  g_free (o);
}

/* The communes ended on @date with no succession from them on it, with a boundary. */
static GPtrArray *
list_orphans (Reform  *r,
              GError **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (r->store,
                                         "SELECT code, parent_code FROM units u WHERE level = ?2 AND valid_to = ?1 "
                                         "AND geometry IS NOT NULL AND NOT EXISTS (SELECT 1 FROM unit_successions s "
                                         "WHERE s.predecessor = u.code AND s.date = ?1) ORDER BY code", error);
  GPtrArray *out;
  int rc;

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, r->date);
  sqlite3_bind_int (stmt, 2, GB_UNIT_LEVEL_COMMUNE);
  out = g_ptr_array_new_with_free_func (orphan_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Orphan *o = g_new0 (Orphan, 1);

      o->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      o->parent = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      o->near = g_array_new (FALSE, TRUE, sizeof (Near));
      g_array_set_clear_func (o->near, near_clear);
      g_ptr_array_add (out, o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (out);
      gb_store_set_error (r->store, error, "Could not read the units ended by the reform");
      return NULL;
    }
  return out;
}

/* The province a commune whose parent is @parent is in (a 2009 commune left out of the join
 * may hang from its province straight). (transfer none) */
static const char *
province_of (Reform     *r,
             const char *parent)
{
  g_autoptr(GbUnit) unit = NULL;
  char *province;

  if (parent == NULL)
    return NULL;
  if (g_hash_table_contains (r->province_of, parent))
    return g_hash_table_lookup (r->province_of, parent);
  unit = gb_store_get_unit (r->store, parent, NULL);
  province = g_strdup (unit == NULL ? NULL : unit->level == GB_UNIT_LEVEL_PROVINCE ? unit->code : unit->parent_code);
  g_hash_table_insert (r->province_of, g_strdup (parent), province);
  return province;
}

/* The communes whose boundary @o's runs along, and how long. */
static gboolean
find_neighbours (Reform  *r,
                 Orphan  *o,
                 GError **error)
{
  g_autoptr(GPtrArray) around = gb_store_border_neighbours (r->store, o->code, error);

  if (around == NULL)
    return FALSE;
  o->province = province_of (r, o->parent);
  for (guint i = 0; i < around->len; i++)
    {
      GbBorderNeighbour *b = g_ptr_array_index (around, i);
      Near n = { g_strdup (b->code), g_strdup (b->name), 2, b->length };

      n.closeness = g_strcmp0 (b->parent, o->parent) == 0 ? 0
                    : o->province != NULL && g_strcmp0 (province_of (r, b->parent), o->province) == 0 ? 1 : 2;
      g_array_append_val (o->near, n);
    }
  return TRUE;
}

/* Where @code's territory went on the reform's day (the unit taking all of it first). */
static char *
successor_of (Reform      *r,
              GHashTable  *given,
              const char  *code)
{
  sqlite3_stmt *stmt;
  char *out = NULL;

  if (g_hash_table_contains (given, code))
    return g_strdup (g_hash_table_lookup (given, code));
  stmt = gb_store_prepare (r->store, "SELECT successor FROM unit_successions WHERE predecessor = ?1 AND date = ?2 "
                           "ORDER BY partial, successor LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, code);
  gb_store_bind_text (stmt, 2, r->date);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return out;
}

/* The neighbour @o shares its longest border with, of its own district if any, else of its
 * province, else of any: when @patient,
 * whether or not its territory went somewhere yet (give_by_border() then waits for it), else the
 * longest of those whose territory did. */
static const Near *
pick_neighbour (Reform     *r,
                GHashTable *given,
                Orphan     *o,
                gboolean    patient)
{
  const Near *best = NULL;

  for (guint pass = 0; pass < 3 && best == NULL; pass++)
    for (guint k = 0; k < o->near->len; k++)
      {
        const Near *n = &g_array_index (o->near, Near, k);
        g_autofree char *to = NULL;

        if (n->closeness > pass)
          continue;
        if (!patient && (to = successor_of (r, given, n->code)) == NULL)
          continue;
        if (best == NULL || n->length > best->length)
          best = n;
      }
  return best;
}

static gboolean
give_by_border (Reform      *r,
                GHashTable  *given,
                Orphan      *o,
                const Near  *n,
                GError     **error)
{
  g_autofree char *to = successor_of (r, given, n->code);
  g_autofree char *source = NULL;
  GbSuccession s = { o->code, to, { 0 }, GB_SUCCESSION_MERGE, FALSE, NULL };

  if (to == NULL)
    return TRUE;
  source = g_strdup_printf ("%s; " BY_BORDER "%.0f m with %s %s", r->source, n->length, n->code, n->name);
  s.source = source;
  g_strlcpy (s.date, r->date, sizeof s.date);
  if (!gb_store_put_succession (r->store, &s, error))
    return FALSE;
  g_hash_table_insert (given, g_strdup (o->code), g_strdup (to));
  o->given = TRUE;
  r->report->by_border++;
  return TRUE;
}

/* A commune with no neighbour (an island): where its district went, when the district went
 * whole into a commune of the reform (an island district made a special zone). */
static gboolean
give_by_district (Reform  *r,
                  Orphan  *o,
                  GError **error)
{
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *to = o->parent ? successor_of (r, none, o->parent) : NULL;
  g_autoptr(GbUnit) unit = to ? gb_store_get_unit (r->store, to, NULL) : NULL;
  g_autofree char *source = NULL;
  GbSuccession s = { o->code, to, { 0 }, GB_SUCCESSION_MERGE, FALSE, NULL };

  if (unit == NULL || unit->level != GB_UNIT_LEVEL_COMMUNE)
    return TRUE;
  source = g_strdup_printf ("%s; " BY_DISTRICT "no neighbour, %s went into %s", r->source, o->parent, to);
  s.source = source;
  g_strlcpy (s.date, r->date, sizeof s.date);
  if (!gb_store_put_succession (r->store, &s, error))
    return FALSE;
  o->given = TRUE;
  r->report->by_border++;
  return TRUE;
}

/* Each commune ended with its territory going nowhere goes where its longest neighbour went; those
 * next to such communes only, once those are given. */
static gboolean
give_orphans (Reform  *r,
              GError **error)
{
  g_autoptr(GPtrArray) orphans = list_orphans (r, error);
  g_autoptr(GHashTable) given = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) provinces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (orphans == NULL)
    return FALSE;
  r->province_of = provinces;
  for (guint i = 0; i < orphans->len; i++)
    if (!find_neighbours (r, g_ptr_array_index (orphans, i), error))
      return FALSE;
  /* Each whose longest neighbour's territory went somewhere; when none is left, those whose
   * longest neighbour is such a commune too, which could wait for each other, take the longest
   * neighbour whose territory went somewhere; and so on. */
  for (;;)
    {
      gboolean progress = FALSE;

      for (int patient = 1; patient >= 0 && !progress; patient--)
        for (guint i = 0; i < orphans->len; i++)
          {
            Orphan *o = g_ptr_array_index (orphans, i);
            const Near *n;

            if (o->given || (n = pick_neighbour (r, given, o, patient)) == NULL)
              continue;
            if (!give_by_border (r, given, o, n, error))
              return FALSE;
            progress |= o->given;
          }
      if (!progress)
        break;
    }
  for (guint i = 0; i < orphans->len; i++)
    {
      Orphan *o = g_ptr_array_index (orphans, i);

      if (!o->given && !give_by_district (r, o, error))
        return FALSE;
      r->report->no_heir += o->given ? 0 : 1;
    }
  r->province_of = NULL;
  return TRUE;
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
  return give_orphans (r, error);
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

/**
 * gb_reform_list_by_border:
 * @date: the reform's day
 *
 * The communes that ended on @date with no successor in the reform's file and were given one by
 * their boundary (see the top of this file), then those left without: one line each,
 * "CODE<TAB>name<TAB>SUCCESSOR<TAB>its name<TAB>why", after a line stating the rule.
 *
 * Returns: (transfer full): the list, %NULL with @error set when it cannot be read
 */
char *
gb_reform_list_by_border (GbStore     *store,
                          const char  *date,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GString) out = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  g_string_append_printf (out, "Communes ended on %s that the reform does not name (merged in 2023-2025, or 2009 "
                          "communes without a GSO code): each goes where the neighbour of its district it "
                          "shares the longest border with (boundaries within %.0f m) went, else of its province, else of any; "
                          "one with no neighbour (an island) where its district went if that became a commune.\n",
                          date, GB_SHARED_BORDER_TOLERANCE);
  stmt = gb_store_prepare (store,
                           "SELECT s.predecessor, p.name, s.successor, coalesce ((SELECT v.name FROM unit_versions v "
                           "WHERE v.code = s.successor AND v.valid_from <= ?1 ORDER BY v.valid_from DESC LIMIT 1), "
                           "n.name), s.source FROM unit_successions s "
                           "JOIN units p ON p.code = s.predecessor JOIN units n ON n.code = s.successor "
                           "WHERE s.date = ?1 AND instr (s.source, '; " BY_ANY "') > 0 "
                           "UNION ALL SELECT u.code, u.name, '-', '-', 'no neighbour: no successor' FROM units u "
                           "WHERE u.level = ?2 AND u.valid_to = ?1 AND u.geometry IS NOT NULL AND NOT EXISTS "
                           "(SELECT 1 FROM unit_successions x WHERE x.predecessor = u.code AND x.date = ?1) "
                           "ORDER BY 1", error);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, date);
  sqlite3_bind_int (stmt, 2, GB_UNIT_LEVEL_COMMUNE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *why = (const char *) sqlite3_column_text (stmt, 4);
      const char *by = why ? strstr (why, "; " BY_ANY) : NULL;

      g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                              sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3), by ? by + 2 : why);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (store, error, "Could not read the successions");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
