/* gb-table-import-units.c — which unit a row means: by GSO code, else by name without
 * diacritics and without "Xã/Phường/Thị trấn", within its district when names repeat
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-table-import-private.h"

struct _GbUnitMatcher
{
  GPtrArray  *units;     /* GbUnit */
  GHashTable *by_code;   /* code → GbUnit */
  GHashTable *by_name;   /* name key → GPtrArray of GbUnit */
  GHashTable *cache;     /* "code|name|district" → code or "\1why" */
};

/* Words that say what kind of unit a name is, as written before it. */
static const struct
{
  const char  *word;
  GbUnitLevel  level;
} prefixes[] = {
  { "thi tran", GB_UNIT_LEVEL_COMMUNE }, { "phuong", GB_UNIT_LEVEL_COMMUNE }, { "xa", GB_UNIT_LEVEL_COMMUNE },
  { "tt", GB_UNIT_LEVEL_COMMUNE }, { "p", GB_UNIT_LEVEL_COMMUNE }, { "x", GB_UNIT_LEVEL_COMMUNE },
  { "thi xa", GB_UNIT_LEVEL_DISTRICT }, { "huyen", GB_UNIT_LEVEL_DISTRICT }, { "quan", GB_UNIT_LEVEL_DISTRICT },
  { "thanh pho", GB_UNIT_LEVEL_ANY }, { "tp", GB_UNIT_LEVEL_ANY }, { "tinh", GB_UNIT_LEVEL_PROVINCE },
};

/* "Xã Phước Hà" → "phuoc ha", "Phường 01" → "1"; @level: what the prefix said, if any. A
 * name that is only a prefix and a number keeps its prefix ("phuong 1" ≠ "xa 1" would be
 * wrong to merge, but "Phường 1" and "P. 1" are the same). */
static char *
name_key (const char  *text,
          GbUnitLevel *level)
{
  g_autofree char *norm = gb_table_normalize_header (text);
  g_auto(GStrv) words = g_strsplit (norm, " ", -1);
  GString *out = g_string_new (NULL);
  guint start = 0;

  if (level)
    *level = GB_UNIT_LEVEL_ANY;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_auto(GStrv) pw = g_strsplit (prefixes[i].word, " ", -1);
      guint n = g_strv_length (pw), k;

      for (k = 0; k < n && words[k] != NULL && strcmp (words[k], pw[k]) == 0; k++)
        ;
      if (k == n && words[n] != NULL)
        {
          start = n;
          if (level)
            *level = prefixes[i].level;
          break;
        }
    }
  for (guint i = start; words[i] != NULL; i++)
    {
      const char *w = words[i];

      /* Leading zeros of a number go: "01" and "1" are the same ward. */
      while (w[0] == '0' && g_ascii_isdigit (w[1]))
        w++;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, w);
    }
  return g_string_free (out, FALSE);
}

GbUnitMatcher *
gb_unit_matcher_new (GPtrArray *units)
{
  GbUnitMatcher *m = g_new0 (GbUnitMatcher, 1);

  m->units = g_ptr_array_ref (units);
  m->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  m->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  m->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < m->units->len; i++)
    {
      GbUnit *unit = g_ptr_array_index (m->units, i);
      char *key = name_key (unit->name, NULL);
      GPtrArray *same = g_hash_table_lookup (m->by_name, key);

      g_hash_table_insert (m->by_code, unit->code, unit);
      if (same == NULL)
        {
          same = g_ptr_array_new ();
          g_hash_table_insert (m->by_name, key, same);
        }
      else
        g_free (key);
      g_ptr_array_add (same, unit);
    }
  return m;
}

void
gb_unit_matcher_free (GbUnitMatcher *m)
{
  if (m == NULL)
    return;
  g_hash_table_unref (m->cache);
  g_hash_table_unref (m->by_name);
  g_hash_table_unref (m->by_code);
  g_ptr_array_unref (m->units);
  g_free (m);
}

/* A code as a spreadsheet may have kept it: "22738", 22738 (a number), or "1" for "00001".
 * Zeros are put back for a commune (5 digits), then a district (3), then a province (2). */
static GbUnit *
find_code (GbUnitMatcher *m,
           const char    *code)
{
  static const int widths[] = { 5, 3, 2 };
  GbUnit *unit = g_hash_table_lookup (m->by_code, code);

  for (guint i = 0; unit == NULL && i < G_N_ELEMENTS (widths); i++)
    if ((int) strlen (code) < widths[i])
      {
        g_autofree char *padded = g_strdup_printf ("%0*d", widths[i], (int) g_ascii_strtoll (code, NULL, 10));

        unit = g_hash_table_lookup (m->by_code, padded);
      }
  return unit;
}

static gboolean
is_code (const char *text)
{
  if (text == NULL || *text == '\0' || strlen (text) > 12)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static char *
list_candidates (GPtrArray *candidates)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < candidates->len && i < 5; i++)
    {
      GbUnit *u = g_ptr_array_index (candidates, i);

      g_string_append_printf (out, "%s%s (%s)", i ? ", " : "", u->name, u->code);
    }
  if (candidates->len > 5)
    g_string_append (out, ", …");
  return g_string_free (out, FALSE);
}

/* The district a row names (code or name), or NULL with @why. */
static GbUnit *
find_district (GbUnitMatcher  *m,
               const char     *district,
               char          **why)
{
  g_autofree char *key = NULL;
  GPtrArray *same;
  GbUnit *found = NULL;

  if (is_code (district) && (found = find_code (m, district)) != NULL)
    return found;
  key = name_key (district, NULL);
  same = g_hash_table_lookup (m->by_name, key);
  for (guint i = 0; same != NULL && i < same->len; i++)
    {
      GbUnit *u = g_ptr_array_index (same, i);

      if (u->level == GB_UNIT_LEVEL_DISTRICT)
        found = u;
    }
  if (found == NULL)
    *why = g_strdup_printf ("no district is named or coded “%s”", district);
  return found;
}

static const char *
find_by_name (GbUnitMatcher  *m,
              const char     *name,
              const char     *district,
              char          **why)
{
  GbUnitLevel level;
  g_autofree char *key = name_key (name, &level);
  GPtrArray *same = g_hash_table_lookup (m->by_name, key);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  GbUnit *parent = NULL;

  if (district != NULL && *district != '\0' && (parent = find_district (m, district, why)) == NULL)
    return NULL;
  for (guint i = 0; same != NULL && i < same->len; i++)
    {
      GbUnit *u = g_ptr_array_index (same, i);

      if ((level == GB_UNIT_LEVEL_ANY || u->level == level) &&
          (parent == NULL || g_strcmp0 (u->parent_code, parent->code) == 0))
        g_ptr_array_add (candidates, u);
    }
  /* A bare name that is a commune and a district ("Ninh Hải"): the commune, as rows are. */
  if (candidates->len > 1 && level == GB_UNIT_LEVEL_ANY)
    {
      g_autoptr(GPtrArray) communes = g_ptr_array_new ();

      for (guint i = 0; i < candidates->len; i++)
        if (((GbUnit *) g_ptr_array_index (candidates, i))->level == GB_UNIT_LEVEL_COMMUNE)
          g_ptr_array_add (communes, g_ptr_array_index (candidates, i));
      if (communes->len == 1)
        return ((GbUnit *) g_ptr_array_index (communes, 0))->code;
    }
  if (candidates->len == 1)
    return ((GbUnit *) g_ptr_array_index (candidates, 0))->code;
  if (candidates->len == 0)
    *why = parent != NULL
      ? g_strdup_printf ("no unit named “%s” in %s", name, parent->name)
      : g_strdup_printf ("no unit is named “%s”", name);
  else
    {
      g_autofree char *list = list_candidates (candidates);

      *why = g_strdup_printf ("“%s” is ambiguous: %s; add a district column or a code", name, list);
    }
  return NULL;
}

/**
 * gb_unit_matcher_find:
 *
 * Returns: (transfer none) (nullable): the unit's code
 */
const char *
gb_unit_matcher_find (GbUnitMatcher  *m,
                      const char     *code,
                      const char     *name,
                      const char     *district,
                      char          **why)
{
  g_autofree char *cache_key = g_strdup_printf ("%s|%s|%s", code ? code : "", name ? name : "",
                                                district ? district : "");
  const char *cached = g_hash_table_lookup (m->cache, cache_key);
  const char *found = NULL;
  char *reason = NULL;

  if (cached != NULL)
    {
      if (cached[0] != '\1')
        return cached;
      *why = g_strdup (cached + 1);
      return NULL;
    }
  if (code != NULL && *code != '\0')
    {
      GbUnit *unit = is_code (code) ? find_code (m, code) : NULL;

      if (unit != NULL)
        found = unit->code;
      else
        reason = g_strdup_printf ("no unit has the code “%s” (import its boundaries first)", code);
    }
  else if (name != NULL && *name != '\0')
    found = find_by_name (m, name, district, &reason);
  else
    reason = g_strdup ("no unit: the code and name cells are empty");
  g_hash_table_insert (m->cache, g_steal_pointer (&cache_key),
                       found ? g_strdup (found) : g_strconcat ("\1", reason, NULL));
  if (found == NULL)
    *why = reason;
  else
    g_free (reason);
  return found;   /* a unit's own code: lives as long as the matcher */
}
