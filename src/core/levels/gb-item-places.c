/* gb-item-places.c — the units a tracked item concerns: edited, or read from its text
 *
 * An item's places are those a person set (items.places, gb-store-item-places.c) or else those
 * its text names (gb_place_mentions_parse()): districts and communes by their proper names,
 * without diacritics or case, and "vùng đỏ" as the communes at level 4 on the notice's date.
 * A commune is concerned by an item that names it or its district. One GbItemPlaces holds the
 * units, the edited places and the level-4 communes of each date asked, for one pass over many
 * items (the Directives view, a commune's details).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-item-places.h"
#include "gb-place-mentions.h"
#include "gb-store-item-places.h"
#include "gb-store-tracker.h"
#include "gb-text.h"

struct _GbItemPlaces
{
  GbStore       *store;
  GbLevelEngine *engine;
  GHashTable    *by_name;   /* "level:folded bare name" → GPtrArray of codes */
  GHashTable    *units;     /* code → GbUnit (districts and communes) */
  GHashTable    *edited;    /* item id → GPtrArray of codes */
  GHashTable    *red;       /* date → GPtrArray of the level-4 communes' codes */
  GPtrArray     *documents; /* GbTrackerDocument, read when first needed */
  GHashTable    *dates;     /* document id → its date (borrowed from documents) */
};

void
gb_item_places_free (GbItemPlaces *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->units, g_hash_table_unref);
  g_clear_pointer (&self->edited, g_hash_table_unref);
  g_clear_pointer (&self->red, g_hash_table_unref);
  g_clear_pointer (&self->dates, g_hash_table_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_free (self);
}

/* "Huyện Bác Ái" → "2:bac ai": the level and the name without its type word, folded. */
static char *
name_key (const GbUnit *u,
          int           level)
{
  static const char *const types[] = { "thanh pho ", "thi tran ", "thi xa ", "huyen ", "quan ", "phuong ", "xa " };
  g_autofree char *folded = gb_text_fold (u->name);
  const char *bare = folded;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_has_prefix (folded, types[i]))
      {
        bare = folded + strlen (types[i]);
        break;
      }
  return g_strdup_printf ("%d:%s", level, bare);
}

static void
index_units (GbItemPlaces *self,
             GPtrArray    *units)
{
  for (guint i = 0; i < units->len; i++)
    {
      GbUnit *u = g_ptr_array_index (units, i);
      g_autofree char *key = name_key (u, u->level);
      GPtrArray *codes = g_hash_table_lookup (self->by_name, key);

      if (codes == NULL)
        {
          codes = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (self->by_name, g_steal_pointer (&key), codes);
        }
      g_ptr_array_add (codes, g_strdup (u->code));
      g_hash_table_insert (self->units, u->code, g_steal_pointer (&units->pdata[i]));
    }
}

/**
 * gb_item_places_new:
 * @engine: the levels that say which communes were at level 4 ("vùng đỏ")
 *
 * Returns: (transfer full): the places of the store's items, or NULL with @error
 */
GbItemPlaces *
gb_item_places_new (GbStore        *store,
                    GbLevelEngine  *engine,
                    GError        **error)
{
  g_autoptr(GbItemPlaces) self = g_new0 (GbItemPlaces, 1);
  g_autoptr(GPtrArray) districts = NULL;
  g_autoptr(GPtrArray) communes = NULL;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);
  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (engine), NULL);

  self->store = g_object_ref (store);
  self->engine = g_object_ref (engine);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->units = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) gb_unit_free);
  self->red = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  if ((districts = gb_store_list_units (store, GB_UNIT_LEVEL_DISTRICT, NULL, error)) == NULL ||
      (communes = gb_store_list_units (store, GB_UNIT_LEVEL_COMMUNE, NULL, error)) == NULL ||
      (self->edited = gb_store_items_edited_places (store, error)) == NULL)
    return NULL;
  index_units (self, districts);
  index_units (self, communes);
  return g_steal_pointer (&self);
}

static void
add_code (GPtrArray  *codes,
          const char *code)
{
  for (guint i = 0; i < codes->len; i++)
    if (strcmp (g_ptr_array_index (codes, i), code) == 0)
      return;
  g_ptr_array_add (codes, g_strdup (code));
}

/* The communes at level 4 on @date, computed once a date. */
static GPtrArray *
red_communes (GbItemPlaces *self,
              const char   *date)
{
  GPtrArray *codes = g_hash_table_lookup (self->red, date);
  g_autofree guint8 *levels = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  if (codes != NULL)
    return codes;
  codes = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_insert (self->red, g_strdup (date), codes);
  n = gb_level_engine_get_n_units (self->engine, &error);
  levels = g_new0 (guint8, MAX (n, 1));
  if (n == 0 || !gb_level_engine_compute_levels (self->engine, date, levels, &error))
    return codes;
  for (guint i = 0; i < n; i++)
    {
      const char *code = gb_level_engine_get_unit_code (self->engine, i);
      const GbUnit *u = g_hash_table_lookup (self->units, code);

      if (u != NULL && u->level == GB_UNIT_LEVEL_COMMUNE && (levels[i] & ~GB_LEVEL_DECLARED_FLAG) == GB_LEVEL_4)
        g_ptr_array_add (codes, g_strdup (code));
    }
  return codes;
}

/**
 * gb_item_places_parse:
 * @date: (nullable): the notice's date, YYYY-MM-DD: "vùng đỏ" is the level-4 communes then
 *
 * Returns: (transfer full) (element-type utf8): the codes of the units @text names, in its order
 */
GPtrArray *
gb_item_places_parse (GbItemPlaces *self,
                      const char   *text,
                      const char   *date)
{
  g_autoptr(GPtrArray) mentions = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (self != NULL, codes);

  if (text == NULL)
    return codes;
  mentions = gb_place_mentions_parse (text);
  for (guint i = 0; i < mentions->len; i++)
    {
      const GbPlaceMention *m = g_ptr_array_index (mentions, i);
      g_autofree char *folded = NULL;
      g_autofree char *key = NULL;
      GPtrArray *found;

      if (m->kind == GB_PLACE_RED_ZONE)
        {
          found = date != NULL ? red_communes (self, date) : NULL;
          for (guint k = 0; found != NULL && k < found->len; k++)
            add_code (codes, g_ptr_array_index (found, k));
          continue;
        }
      folded = gb_text_fold (m->name);
      key = g_strdup_printf ("%d:%s", m->kind == GB_PLACE_DISTRICT ? GB_UNIT_LEVEL_DISTRICT : GB_UNIT_LEVEL_COMMUNE,
                             folded);
      found = g_hash_table_lookup (self->by_name, key);
      for (guint k = 0; found != NULL && k < found->len; k++)
        add_code (codes, g_ptr_array_index (found, k));
    }
  return codes;
}

/**
 * gb_item_places_for_item:
 * @edited: (out) (optional): whether a person set them
 *
 * Returns: (transfer full) (element-type utf8): the item's places: as edited, else as its text names
 */
GPtrArray *
gb_item_places_for_item (GbItemPlaces *self,
                         gint64        item_id,
                         const char   *text,
                         const char   *date,
                         gboolean     *edited)
{
  GPtrArray *stored;

  g_return_val_if_fail (self != NULL, NULL);

  stored = g_hash_table_lookup (self->edited, &item_id);
  if (edited != NULL)
    *edited = stored != NULL;
  if (stored != NULL)
    {
      GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < stored->len; i++)
        g_ptr_array_add (copy, g_strdup (g_ptr_array_index (stored, i)));
      return copy;
    }
  return gb_item_places_parse (self, text, date);
}

/** gb_item_places_concerns: Returns: whether @codes name @unit_code or the district it lies in. */
gboolean
gb_item_places_concerns (GbItemPlaces *self,
                         GPtrArray    *codes,
                         const char   *unit_code)
{
  const GbUnit *u;

  g_return_val_if_fail (self != NULL && codes != NULL && unit_code != NULL, FALSE);

  u = g_hash_table_lookup (self->units, unit_code);
  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);

      if (strcmp (code, unit_code) == 0 || (u != NULL && g_strcmp0 (u->parent_code, code) == 0))
        return TRUE;
    }
  return FALSE;
}

/**
 * gb_item_places_document_date:
 *
 * Returns: (nullable): the date of the stored document @document_id, the day "vùng đỏ" in its
 *   items is read on; NULL when it has none or is unknown
 */
const char *
gb_item_places_document_date (GbItemPlaces *self,
                              gint64        document_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->dates == NULL)
    {
      self->dates = g_hash_table_new (g_int64_hash, g_int64_equal);
      self->documents = gb_store_tracker_list_documents (self->store, NULL, NULL);
      for (guint i = 0; self->documents != NULL && i < self->documents->len; i++)
        {
          GbTrackerDocument *d = g_ptr_array_index (self->documents, i);

          g_hash_table_insert (self->dates, &d->id, d->date);
        }
    }
  return g_hash_table_lookup (self->dates, &document_id);
}

/**
 * gb_item_places_items_for_unit:
 *
 * Returns: (transfer full) (element-type GbTrackerItem): the items (of every document, in the
 *   tracker's order) that concern @unit_code, or NULL with @error
 */
GPtrArray *
gb_item_places_items_for_unit (GbItemPlaces  *self,
                               const char    *unit_code,
                               GError       **error)
{
  g_autoptr(GPtrArray) items = NULL;
  GPtrArray *out;

  g_return_val_if_fail (self != NULL && unit_code != NULL, NULL);

  if ((items = gb_store_tracker_query_items (self->store, NULL, NULL, error)) == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_tracker_item_free);
  for (guint i = 0; i < items->len; i++)
    {
      GbTrackerItem *it = g_ptr_array_index (items, i);
      g_autoptr(GPtrArray) codes = gb_item_places_for_item (self, it->id, it->text,
                                                            gb_item_places_document_date (self, it->document_id),
                                                            NULL);

      if (gb_item_places_concerns (self, codes, unit_code))
        g_ptr_array_add (out, g_steal_pointer (&items->pdata[i]));
    }
  return out;
}

/** gb_item_places_describe: Returns: the units' names, ", "-separated ("" for none). */
char *
gb_item_places_describe (GbItemPlaces *self,
                         GPtrArray    *codes)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_return_val_if_fail (self != NULL && codes != NULL, NULL);

  for (guint i = 0; i < codes->len; i++)
    {
      const GbUnit *u = g_hash_table_lookup (self->units, g_ptr_array_index (codes, i));

      g_string_append_printf (s, "%s%s", i ? ", " : "", u ? u->name : (char *) g_ptr_array_index (codes, i));
    }
  return g_strdup (s->str);
}
