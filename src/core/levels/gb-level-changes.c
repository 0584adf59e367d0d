/* gb-level-changes.c — which communes changed level between two dates (since the last briefing)
 *
 * A shared screen cannot rely on hover: the briefing shows which communes moved up or down since
 * the last issued conclusion, in words and on the map. Effective levels (declared if any, else
 * computed) of every commune on both dates; those that differ, up first (highest level first),
 * then down. A commune without data on either date has no move.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-level-changes.h"

/** gb_level_change_free: frees @change. */
void
gb_level_change_free (GbLevelChange *change)
{
  if (change == NULL)
    return;
  g_free (change->code);
  g_free (change->name);
  g_free (change);
}

static gint
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const GbLevelChange *x = *(const GbLevelChange * const *) a;
  const GbLevelChange *y = *(const GbLevelChange * const *) b;
  gboolean up_x = x->after > x->before, up_y = y->after > y->before;

  if (up_x != up_y)
    return up_x ? -1 : 1;
  if (x->after != y->after)
    return up_x ? (int) y->after - (int) x->after : (int) x->after - (int) y->after;
  return g_utf8_collate (x->name, y->name);
}

/**
 * gb_level_changes_compute:
 * @since: the earlier date (the last briefing's), YYYY-MM-DD
 * @date: the date shown
 *
 * Returns: (transfer full) (element-type GbLevelChange): the communes whose level differs, up
 *   first, or NULL with @error
 */
GPtrArray *
gb_level_changes_compute (GbLevelEngine  *engine,
                          const char     *since,
                          const char     *date,
                          GError        **error)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) then = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out;

  g_return_val_if_fail (GB_IS_LEVEL_ENGINE (engine), NULL);
  g_return_val_if_fail (since != NULL && date != NULL, NULL);

  if ((before = gb_level_engine_compute (engine, since, GB_UNIT_LEVEL_COMMUNE, error)) == NULL ||
      (after = gb_level_engine_compute (engine, date, GB_UNIT_LEVEL_COMMUNE, error)) == NULL)
    return NULL;
  for (guint i = 0; i < before->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (before, i);

      g_hash_table_insert (then, r->unit_code, r);
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_level_change_free);
  for (guint i = 0; i < after->len; i++)
    {
      const GbLevelResult *now = g_ptr_array_index (after, i);
      const GbLevelResult *was = g_hash_table_lookup (then, now->unit_code);
      GbLevelChange *c;

      if (was == NULL || was->effective == GB_LEVEL_NO_DATA || now->effective == GB_LEVEL_NO_DATA ||
          was->effective == now->effective)
        continue;
      c = g_new0 (GbLevelChange, 1);
      c->code = g_strdup (now->unit_code);
      c->name = g_strdup (now->unit_name ? now->unit_name : now->unit_code);
      c->before = was->effective;
      c->after = now->effective;
      c->new_red = c->after == GB_LEVEL_4;
      g_ptr_array_add (out, c);
    }
  g_ptr_array_sort (out, compare_changes);
  return out;
}

/** gb_level_change_format: Returns: "▲ Xã Bắc Sơn: 2 → 4 (new at level 4)". */
char *
gb_level_change_format (const GbLevelChange *c)
{
  g_return_val_if_fail (c != NULL, NULL);

  return g_strdup_printf ("%s %s: %d → %d%s", c->after > c->before ? "▲" : "▼", c->name, (int) c->before,
                          (int) c->after, c->new_red ? _(" (new at level 4)") : "");
}
