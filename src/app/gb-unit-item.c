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

enum { PROP_0, PROP_REPORTING, N_PROPS };
static GParamSpec *properties[N_PROPS];

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
gb_unit_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GbUnitItem *self = GB_UNIT_ITEM (object);

  switch (prop_id)
    {
    case PROP_REPORTING:
      g_value_set_string (value, self->reporting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_unit_item_class_init (GbUnitItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gb_unit_item_finalize;
  object_class->get_property = gb_unit_item_get_property;
  /* The rate changes with the numbers shown (a sync, an import, the "as of" moment): the row
   * showing it follows. */
  properties[PROP_REPORTING] =
    g_param_spec_string ("reporting", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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

  if (g_strcmp0 (self->reporting, reporting) == 0)
    return;
  g_free (self->reporting);
  self->reporting = g_strdup (reporting);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTING]);
}
