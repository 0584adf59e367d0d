/* gb-unit-row.c — one unit's level and numbers, as a row of the units table
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read-only properties the table's templated cells bind to and its sorters read.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gb-unit-row.h"

struct _GbUnitRow
{
  GObject  parent_instance;

  char    *code;
  char    *name;
  int      level;        /* GbLevel: 0 no data */
  char    *level_name;
  gint64   cases;
  double   rate;         /* per 100,000; -1 when unknown, so it sorts first */
  char    *rate_text;
  int      change;       /* since a week before; 0 when unknown */
  char    *change_text;
};

G_DEFINE_FINAL_TYPE (GbUnitRow, gb_unit_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_LEVEL,
  PROP_LEVEL_NAME,
  PROP_CASES,
  PROP_RATE,
  PROP_RATE_TEXT,
  PROP_CHANGE,
  PROP_CHANGE_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gb_unit_row_finalize (GObject *object)
{
  GbUnitRow *self = GB_UNIT_ROW (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->level_name);
  g_free (self->rate_text);
  g_free (self->change_text);
  G_OBJECT_CLASS (gb_unit_row_parent_class)->finalize (object);
}

static void
gb_unit_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GbUnitRow *self = GB_UNIT_ROW (object);

  switch (prop_id)
    {
    case PROP_CODE: g_value_set_string (value, self->code); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_LEVEL: g_value_set_int (value, self->level); break;
    case PROP_LEVEL_NAME: g_value_set_string (value, self->level_name); break;
    case PROP_CASES: g_value_set_int64 (value, self->cases); break;
    case PROP_RATE: g_value_set_double (value, self->rate); break;
    case PROP_RATE_TEXT: g_value_set_string (value, self->rate_text); break;
    case PROP_CHANGE: g_value_set_int (value, self->change); break;
    case PROP_CHANGE_TEXT: g_value_set_string (value, self->change_text); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_unit_row_class_init (GbUnitRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gb_unit_row_finalize;
  object_class->get_property = gb_unit_row_get_property;
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_LEVEL] = g_param_spec_int ("level", NULL, NULL, 0, 4, 0, flags);
  properties[PROP_LEVEL_NAME] = g_param_spec_string ("level-name", NULL, NULL, NULL, flags);
  properties[PROP_CASES] = g_param_spec_int64 ("cases", NULL, NULL, -1, G_MAXINT64, 0, flags);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, -1, G_MAXDOUBLE, 0, flags);
  properties[PROP_RATE_TEXT] = g_param_spec_string ("rate-text", NULL, NULL, NULL, flags);
  properties[PROP_CHANGE] = g_param_spec_int ("change", NULL, NULL, -4, 4, 0, flags);
  properties[PROP_CHANGE_TEXT] = g_param_spec_string ("change-text", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gb_unit_row_init (GbUnitRow *self)
{
}

GbUnitRow *
gb_unit_row_new (const GbLevelResult *result,
                 const GbLevelResult *before,
                 gboolean             zones)
{
  GbUnitRow *self;

  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (GB_TYPE_UNIT_ROW, NULL);
  self->code = g_strdup (result->unit_code);
  self->name = g_strdup (result->unit_name);
  self->level = result->effective;
  self->level_name = result->declared != GB_LEVEL_NO_DATA
    ? g_strdup_printf (_("%s (declared)"), gb_level_get_name_for (result->effective, zones))
    : g_strdup (gb_level_get_name_for (result->effective, zones));
  self->cases = result->community_cases_7d;
  self->rate = isnan (result->cases_per_100k_7d) ? -1 : result->cases_per_100k_7d;
  self->rate_text = isnan (result->cases_per_100k_7d) ? g_strdup ("–") : g_strdup_printf ("%.1f", result->cases_per_100k_7d);
  if (before != NULL && before->effective != GB_LEVEL_NO_DATA && result->effective != GB_LEVEL_NO_DATA)
    {
      self->change = (int) result->effective - (int) before->effective;
      self->change_text = self->change > 0 ? g_strdup_printf ("▲ %+d", self->change)
                        : self->change < 0 ? g_strdup_printf ("▼ %+d", self->change) : g_strdup ("=");
    }
  else
    self->change_text = g_strdup ("–");
  return self;
}

const char *
gb_unit_row_get_code (GbUnitRow *self)
{
  g_return_val_if_fail (GB_IS_UNIT_ROW (self), NULL);
  return self->code;
}

const char *
gb_unit_row_get_name (GbUnitRow *self)
{
  g_return_val_if_fail (GB_IS_UNIT_ROW (self), NULL);
  return self->name;
}
