/* gb-unit-item.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gb-text.h"
#include "gb-unit-item.h"

struct _GbUnitItem
{
  GObject     parent_instance;
  GbUnit     *unit;
  char       *folded;     /* name and code without diacritics, for search */
  GListStore *children;
  char       *reporting;
};

G_DEFINE_FINAL_TYPE (GbUnitItem, gb_unit_item, G_TYPE_OBJECT)

static void
gb_unit_item_finalize (GObject *object)
{
  GbUnitItem *self = GB_UNIT_ITEM (object);

  g_clear_pointer (&self->unit, gb_unit_free);
  g_clear_pointer (&self->folded, g_free);
  g_clear_object (&self->children);
  g_clear_pointer (&self->reporting, g_free);
  G_OBJECT_CLASS (gb_unit_item_parent_class)->finalize (object);
}

static void
gb_unit_item_class_init (GbUnitItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_unit_item_finalize;
}

static void
gb_unit_item_init (GbUnitItem *self)
{
  self->children = g_list_store_new (GB_TYPE_UNIT_ITEM);
}

GbUnitItem *
gb_unit_item_new (const GbUnit *unit)
{
  GbUnitItem *self = g_object_new (GB_TYPE_UNIT_ITEM, NULL);
  g_autofree char *joined = g_strdup_printf ("%s %s", unit->name, unit->code);

  self->unit = gb_unit_copy (unit);
  self->folded = gb_text_fold (joined);
  return self;
}

const GbUnit *
gb_unit_item_get_unit (GbUnitItem *self)
{
  return self->unit;
}

const char *
gb_unit_item_get_folded (GbUnitItem *self)
{
  return self->folded;
}

GListStore *
gb_unit_item_get_children (GbUnitItem *self)
{
  return self->children;
}

const char *
gb_unit_item_get_reporting (GbUnitItem *self)
{
  g_return_val_if_fail (GB_IS_UNIT_ITEM (self), NULL);
  return self->reporting;
}

void
gb_unit_item_set_reporting (GbUnitItem *self,
                            const char *reporting)
{
  g_return_if_fail (GB_IS_UNIT_ITEM (self));
  g_free (self->reporting);
  self->reporting = g_strdup (reporting);
}
