/* gb-store-unit-timeline.c — every unit's life, versions and successions, in memory
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-date.h"
#include "gb-store-private.h"
#include "gb-store-unit-timeline.h"

/* Successions are followed at most this deep (a cycle entered by hand must not loop). */
#define MAX_DEPTH 16

typedef struct
{
  char        *from;        /* NULL: the units row */
  GbUnitLevel  level;
  char        *parent;
  char        *name;
} Version;

typedef struct
{
  char     *other;          /* the successor (in out) or the predecessor (in in) */
  char      date[11];
  gboolean  partial;
} Link;

typedef struct
{
  char   *code;
  char   *valid_from, *valid_to;
  GArray *versions;         /* Version, the units row first, then by date */
  GArray *out;              /* Link: where its territory went, by date, whole first, by code */
  GArray *in;               /* Link: what came into it */
} Entry;

struct _GbUnitTimeline
{
  gatomicrefcount  ref;
  GHashTable      *entries;  /* code -> Entry */
  GPtrArray       *dates;    /* every date something changes, sorted */
};

static void
clear_version (gpointer p)
{
  Version *v = p;

  g_free (v->from);
  g_free (v->parent);
  g_free (v->name);
}

static void
clear_link (gpointer p)
{
  g_free (((Link *) p)->other);
}

static void
entry_free (gpointer p)
{
  Entry *e = p;

  g_free (e->code);
  g_free (e->valid_from);
  g_free (e->valid_to);
  g_array_unref (e->versions);
  g_array_unref (e->out);
  g_array_unref (e->in);
  g_free (e);
}

static Entry *
entry_new (void)
{
  Entry *e = g_new0 (Entry, 1);

  e->versions = g_array_new (FALSE, TRUE, sizeof (Version));
  g_array_set_clear_func (e->versions, clear_version);
  e->out = g_array_new (FALSE, TRUE, sizeof (Link));
  g_array_set_clear_func (e->out, clear_link);
  e->in = g_array_new (FALSE, TRUE, sizeof (Link));
  g_array_set_clear_func (e->in, clear_link);
  return e;
}

static void
add_date (GHashTable *dates,
          const char *date)
{
  if (date != NULL && !g_hash_table_contains (dates, date))
    g_hash_table_add (dates, g_strdup (date));
}

static gboolean
read_units (GbStore         *store,
            GbUnitTimeline  *self,
            GHashTable      *dates,
            GError         **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, "SELECT code, level, parent_code, name, valid_from, valid_to FROM units",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Entry *e = entry_new ();
      Version v = { NULL, sqlite3_column_int (stmt, 1), gb_store_column_dup (stmt, 2), gb_store_column_dup (stmt, 3) };

      e->code = gb_store_column_dup (stmt, 0);
      e->valid_from = gb_store_column_dup (stmt, 4);
      e->valid_to = gb_store_column_dup (stmt, 5);
      add_date (dates, e->valid_from);
      add_date (dates, e->valid_to);
      g_array_append_val (e->versions, v);
      g_hash_table_replace (self->entries, e->code, e);
    }
  return gb_store_rows_done (store, stmt, rc, "Could not read the units", error);
}

static gboolean
read_versions (GbStore         *store,
               GbUnitTimeline  *self,
               GHashTable      *dates,
               GError         **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, "SELECT code, valid_from, level, parent_code, name FROM unit_versions "
                                         "ORDER BY code, valid_from", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Entry *e = g_hash_table_lookup (self->entries, sqlite3_column_text (stmt, 0));
      Version v = { gb_store_column_dup (stmt, 1), sqlite3_column_int (stmt, 2), gb_store_column_dup (stmt, 3),
                    gb_store_column_dup (stmt, 4) };

      add_date (dates, v.from);
      if (e != NULL)
        g_array_append_val (e->versions, v);
      else
        clear_version (&v);
    }
  return gb_store_rows_done (store, stmt, rc, "Could not read the units' versions", error);
}

static gboolean
read_successions (GbStore         *store,
                  GbUnitTimeline  *self,
                  GHashTable      *dates,
                  GError         **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (store, "SELECT predecessor, successor, date, partial FROM unit_successions "
                                         "ORDER BY date, partial, successor", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Entry *p = g_hash_table_lookup (self->entries, sqlite3_column_text (stmt, 0));
      Entry *s = g_hash_table_lookup (self->entries, sqlite3_column_text (stmt, 1));
      Link out = { 0 }, in = { 0 };

      if (p == NULL || s == NULL)
        continue;
      g_strlcpy (out.date, (const char *) sqlite3_column_text (stmt, 2), sizeof out.date);
      out.partial = sqlite3_column_int (stmt, 3) != 0;
      in = out;
      out.other = g_strdup (s->code);
      in.other = g_strdup (p->code);
      g_array_append_val (p->out, out);
      g_array_append_val (s->in, in);
      add_date (dates, out.date);
    }
  return gb_store_rows_done (store, stmt, rc, "Could not read the units' successions", error);
}

static int
compare_dates (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * gb_store_load_unit_timeline:
 *
 * Returns: (transfer full): every unit's life, versions and successions
 */
GbUnitTimeline *
gb_store_load_unit_timeline (GbStore  *store,
                             GError  **error)
{
  g_autoptr(GbUnitTimeline) self = g_new0 (GbUnitTimeline, 1);
  g_autoptr(GHashTable) dates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (GB_IS_STORE (store), NULL);

  g_atomic_ref_count_init (&self->ref);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  self->dates = g_ptr_array_new_with_free_func (g_free);
  if (!read_units (store, self, dates, error) || !read_versions (store, self, dates, error) ||
      !read_successions (store, self, dates, error))
    return NULL;
  g_hash_table_iter_init (&iter, dates);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_ptr_array_add (self->dates, key);
      g_hash_table_iter_steal (&iter);
    }
  g_ptr_array_sort (self->dates, compare_dates);
  return g_steal_pointer (&self);
}

GbUnitTimeline *
gb_unit_timeline_ref (GbUnitTimeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
gb_unit_timeline_unref (GbUnitTimeline *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->dates, g_ptr_array_unref);
  g_free (self);
}

static gboolean
entry_in_force (const Entry *e,
                const char  *date)
{
  return (e->valid_from == NULL || strcmp (e->valid_from, date) <= 0) &&
         (e->valid_to == NULL || strcmp (e->valid_to, date) > 0);
}

gboolean
gb_unit_timeline_in_force (GbUnitTimeline *self,
                           const char     *code,
                           const char     *date)
{
  Entry *e;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);
  e = code ? g_hash_table_lookup (self->entries, code) : NULL;
  return e != NULL && entry_in_force (e, date);
}

/* Whether @e lives on at @date (a succession to itself): what went elsewhere that day was a
 * part of it, its code and the rest of its territory stay. */
static gboolean
lives_on (const Entry *e,
          const char  *date)
{
  for (guint i = 0; i < e->out->len; i++)
    {
      const Link *l = &g_array_index (e->out, Link, i);

      if (strcmp (l->date, date) == 0 && strcmp (l->other, e->code) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The first succession of @e after @after and up to @date that moved its territory: whole ones
 * before partial ones, then by code (as gb_store_successor_on() and the shapes carried). */
static const Link *
first_move (const Entry *e,
            const char  *after,
            const char  *date)
{
  for (guint i = 0; i < e->out->len; i++)
    {
      const Link *l = &g_array_index (e->out, Link, i);

      if (strcmp (l->date, date) > 0)
        break;
      if ((after != NULL && strcmp (l->date, after) <= 0) || strcmp (l->other, e->code) == 0 || lives_on (e, l->date))
        continue;
      return l;
    }
  return NULL;
}

/**
 * gb_unit_timeline_holder_on:
 *
 * Follows the territory of @code: each move after the one before (a code given to another unit
 * the same day is not followed twice), so a 2021 commune merged in 2024 goes into the commune
 * of 2024, then into the commune of the 2025 reform.
 */
const char *
gb_unit_timeline_holder_on (GbUnitTimeline *self,
                            const char     *code,
                            const char     *date,
                            gboolean       *partial)
{
  Entry *e;
  const char *after = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (code != NULL && date != NULL, NULL);

  if (partial)
    *partial = FALSE;
  if ((e = g_hash_table_lookup (self->entries, code)) == NULL)
    return NULL;
  for (guint depth = 0; depth < MAX_DEPTH; depth++)
    {
      const Link *l = first_move (e, after, date);
      Entry *next;

      if (l == NULL || (next = g_hash_table_lookup (self->entries, l->other)) == NULL)
        break;
      if (partial && l->partial)
        *partial = TRUE;
      after = l->date;
      e = next;
    }
  if (entry_in_force (e, date))
    return e->code;
  /* Not made yet: held by the unit it was made of, while that is in force. */
  if (e->valid_from != NULL && strcmp (e->valid_from, date) > 0)
    for (guint i = 0; i < e->in->len; i++)
      {
        const Link *l = &g_array_index (e->in, Link, i);
        Entry *p = g_hash_table_lookup (self->entries, l->other);

        if (p != NULL && strcmp (l->date, date) > 0 && entry_in_force (p, date))
          return p->code;
      }
  return NULL;
}

gboolean
gb_unit_timeline_get_on (GbUnitTimeline  *self,
                         const char      *code,
                         const char      *date,
                         GbUnitLevel     *level,
                         const char     **parent,
                         const char     **name)
{
  Entry *e;
  const Version *v;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (code == NULL || (e = g_hash_table_lookup (self->entries, code)) == NULL)
    return FALSE;
  v = &g_array_index (e->versions, Version, 0);
  for (guint i = 1; i < e->versions->len; i++)
    {
      const Version *w = &g_array_index (e->versions, Version, i);

      if (strcmp (w->from, date) <= 0)
        v = w;
    }
  if (level)
    *level = v->level;
  if (parent)
    *parent = v->parent;
  if (name)
    *name = v->name;
  return TRUE;
}

const char **
gb_unit_timeline_shares_on (GbUnitTimeline *self,
                            const char     *code,
                            const char     *date,
                            const char     *except)
{
  GPtrArray *out = g_ptr_array_new ();
  Entry *e;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);

  if (code != NULL && (e = g_hash_table_lookup (self->entries, code)) != NULL)
    for (guint i = 0; i < e->out->len; i++)
      {
        const Link *l = &g_array_index (e->out, Link, i);
        const char *holder;

        if (!l->partial || strcmp (l->date, date) > 0 || strcmp (l->other, e->code) == 0)
          continue;
        holder = gb_unit_timeline_holder_on (self, l->other, date, NULL);
        if (holder != NULL && g_strcmp0 (holder, except) != 0 &&
            !g_ptr_array_find_with_equal_func (out, holder, g_str_equal, NULL))
          g_ptr_array_add (out, (gpointer) holder);
      }
  g_ptr_array_add (out, NULL);
  return (const char **) g_ptr_array_free (out, FALSE);
}

gboolean
gb_unit_timeline_changes_between (GbUnitTimeline *self,
                                  const char     *a,
                                  const char     *b)
{
  g_return_val_if_fail (self != NULL, TRUE);

  if (a == NULL || b == NULL)
    return TRUE;
  if (strcmp (a, b) > 0)
    {
      const char *t = a;

      a = b;
      b = t;
    }
  for (guint i = 0; i < self->dates->len; i++)
    {
      const char *d = g_ptr_array_index (self->dates, i);

      if (strcmp (d, a) > 0 && strcmp (d, b) <= 0)
        return TRUE;
    }
  return FALSE;
}
