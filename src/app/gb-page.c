/* gb-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gb-page.h"

typedef struct
{
  GbStore *store;
  char    *date;
  char    *unit_code;
  GbPageChange changes;   /* while context_changed runs */
  GbPageChange pending;   /* waiting until the page is shown (defer_while_hidden) */
} GbPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GbPage, gb_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DATE,
  PROP_UNIT_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
emit_changed (GbPage       *self,
              GbPageChange  changes)
{
  GbPagePrivate *priv = gb_page_get_instance_private (self);
  GbPageChange outer = priv->changes;

  if (GB_PAGE_GET_CLASS (self)->context_changed == NULL)
    return;
  if (GB_PAGE_GET_CLASS (self)->defer_while_hidden && !gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    {
      priv->pending |= changes;
      return;
    }
  priv->changes = changes;
  GB_PAGE_GET_CLASS (self)->context_changed (self);
  priv->changes = outer;
}

static void
gb_page_map (GtkWidget *widget)
{
  GbPage *self = GB_PAGE (widget);
  GbPagePrivate *priv = gb_page_get_instance_private (self);
  GbPageChange pending = priv->pending;

  GTK_WIDGET_CLASS (gb_page_parent_class)->map (widget);
  priv->pending = 0;
  if (pending != 0)
    emit_changed (self, pending);
}

static void
gb_page_dispose (GObject *object)
{
  GbPage *self = GB_PAGE (object);
  GbPagePrivate *priv = gb_page_get_instance_private (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&priv->store);
  g_clear_pointer (&priv->date, g_free);
  g_clear_pointer (&priv->unit_code, g_free);

  G_OBJECT_CLASS (gb_page_parent_class)->dispose (object);
}

static void
gb_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  GbPage *self = GB_PAGE (object);
  GbPagePrivate *priv = gb_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;
    case PROP_DATE:
      g_value_set_string (value, priv->date);
      break;
    case PROP_UNIT_CODE:
      g_value_set_string (value, priv->unit_code);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  GbPage *self = GB_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      gb_page_set_store (self, g_value_get_object (value));
      break;
    case PROP_DATE:
      gb_page_set_date (self, g_value_get_string (value));
      break;
    case PROP_UNIT_CODE:
      gb_page_set_unit_code (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_page_class_init (GbPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_page_dispose;
  object_class->get_property = gb_page_get_property;
  object_class->set_property = gb_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GB_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT_CODE] =
    g_param_spec_string ("unit-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = gb_page_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gb_page_init (GbPage *self)
{
}

GbStore *
gb_page_get_store (GbPage *self)
{
  GbPagePrivate *priv = gb_page_get_instance_private (self);

  g_return_val_if_fail (GB_IS_PAGE (self), NULL);
  return priv->store;
}

void
gb_page_set_store (GbPage  *self,
                   GbStore *store)
{
  GbPagePrivate *priv = gb_page_get_instance_private (self);

  g_return_if_fail (GB_IS_PAGE (self));
  if (g_set_object (&priv->store, store))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
      emit_changed (self, GB_PAGE_CHANGED_ALL);
    }
}

const char *
gb_page_get_date (GbPage *self)
{
  GbPagePrivate *priv = gb_page_get_instance_private (self);

  g_return_val_if_fail (GB_IS_PAGE (self), NULL);
  return priv->date;
}

void
gb_page_set_date (GbPage     *self,
                  const char *date)
{
  GbPagePrivate *priv = gb_page_get_instance_private (self);

  g_return_if_fail (GB_IS_PAGE (self));
  if (g_strcmp0 (priv->date, date) != 0)
    {
      g_free (priv->date);
      priv->date = g_strdup (date);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
      emit_changed (self, GB_PAGE_CHANGED_DATE);
    }
}

const char *
gb_page_get_unit_code (GbPage *self)
{
  GbPagePrivate *priv = gb_page_get_instance_private (self);

  g_return_val_if_fail (GB_IS_PAGE (self), NULL);
  return priv->unit_code;
}

void
gb_page_set_unit_code (GbPage     *self,
                       const char *unit_code)
{
  GbPagePrivate *priv = gb_page_get_instance_private (self);

  g_return_if_fail (GB_IS_PAGE (self));
  if (g_strcmp0 (priv->unit_code, unit_code) != 0)
    {
      g_free (priv->unit_code);
      priv->unit_code = g_strdup (unit_code);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_CODE]);
      emit_changed (self, GB_PAGE_CHANGED_UNIT);
    }
}

/**
 * gb_page_get_changes:
 *
 * Returns: while GbPage::context_changed runs, what changed; 0 outside it
 */
GbPageChange
gb_page_get_changes (GbPage *self)
{
  GbPagePrivate *priv = gb_page_get_instance_private (self);

  g_return_val_if_fail (GB_IS_PAGE (self), 0);
  return priv->changes;
}

/**
 * gb_page_get_engine:
 *
 * Returns: (transfer none) (nullable): the store's level engine, one for all the views, or
 *   NULL without a store
 */
GbLevelEngine *
gb_page_get_engine (GbPage *self)
{
  GbPagePrivate *priv = gb_page_get_instance_private (self);

  g_return_val_if_fail (GB_IS_PAGE (self), NULL);
  return priv->store ? gb_level_engine_get_shared (priv->store) : NULL;
}

/**
 * gb_page_data_changed:
 * @changes: %GB_PAGE_CHANGED_DATA, %GB_PAGE_CHANGED_RULES or both
 *
 * The store's data or rules changed under the page: the shared level engine reads them again
 * (once, whichever page asks first) and the page shows them.
 */
void
gb_page_data_changed (GbPage       *self,
                      GbPageChange  changes)
{
  GbPagePrivate *priv = gb_page_get_instance_private (self);

  g_return_if_fail (GB_IS_PAGE (self));
  g_return_if_fail ((changes & ~(GB_PAGE_CHANGED_DATA | GB_PAGE_CHANGED_RULES)) == 0);
  if (priv->store != NULL)
    gb_level_engine_invalidate (gb_level_engine_get_shared (priv->store));
  emit_changed (self, changes);
}

/**
 * gb_page_refresh:
 *
 * The store's data changed under the page (rules, sync, imports): show it again. The caller
 * invalidates the shared engine once (gb_page_data_changed() does both for one page).
 */
void
gb_page_refresh (GbPage *self)
{
  g_return_if_fail (GB_IS_PAGE (self));
  emit_changed (self, GB_PAGE_CHANGED_DATA | GB_PAGE_CHANGED_RULES);
}
