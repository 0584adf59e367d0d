/* gb-rules-window.c — which rule set applies from which date, and its thresholds
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules are data in the store (see gb-store-levels.h): a change of threshold is a new
 * version from a date on, so the levels of past dates do not move.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-date.h"
#include "gb-rules-window.h"
#include "gb-series-import.h"
#include "gb-store-levels.h"
#include "gb-text.h"

struct _GbRulesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template */
  AdwPreferencesGroup *periods_group;
  AdwPreferencesPage  *page;
  GtkEntry            *period_date_entry;
  GtkDropDown         *period_rule_set;
  AdwEntryRow         *threshold_date_row;

  /* Owned */
  GbStore             *store;
  GPtrArray           *rule_sets;      /* GbRuleSetInfo */
  GPtrArray           *dynamic;        /* rows and groups rebuilt on each change */
  char                *date;           /* the app's date: default for new versions */
};

G_DEFINE_FINAL_TYPE (GbRulesWindow, gb_rules_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild (GbRulesWindow *self);

/* The thresholds' keys in words; keys added later still show, by their key. */
static const struct { const char *key; const char *label; } threshold_labels[] = {
  { "window_days", N_("Days counted") },
  { "yellow_per_100k", N_("Yellow: community F0 per 100,000 above") },
  { "red_unknown_source", N_("Red: F0 of unknown source, at least") },
  { "rollup_very_high", N_("Roll-up: share of units at the highest level") },
  { "rollup_high", N_("Roll-up: share of units high or worse") },
  { "band_1", N_("Cases per 100,000 in 7 days: first limit") },
  { "band_2", N_("Cases per 100,000 in 7 days: second limit") },
  { "band_3", N_("Cases per 100,000 in 7 days: third limit") },
  { "dose1_18_high", N_("Coverage high: share of people ≥ 18 with one dose") },
  { "full_65_target", N_("Target: share of people ≥ 65 fully vaccinated") },
  { "level_zero", N_("Level with no community case") },
  { "level_band0_high", N_("Level below the first limit, coverage high") },
  { "level_band0_low", N_("Level below the first limit, coverage low") },
  { "level_band1_high", N_("Level up to the second limit, coverage high") },
  { "level_band1_low", N_("Level up to the second limit, coverage low") },
  { "level_band2_high", N_("Level up to the third limit, coverage high") },
  { "level_band2_low", N_("Level up to the third limit, coverage low") },
  { "level_band3_high", N_("Level above the third limit, coverage high") },
  { "level_band3_low", N_("Level above the third limit, coverage low") },
};

static const char *
threshold_label (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (threshold_labels); i++)
    if (g_str_equal (threshold_labels[i].key, key))
      return _(threshold_labels[i].label);
  return key;
}

static const char *
rule_set_name (GbRulesWindow *self,
               const char    *id)
{
  for (guint i = 0; self->rule_sets && i < self->rule_sets->len; i++)
    {
      GbRuleSetInfo *info = g_ptr_array_index (self->rule_sets, i);

      if (g_str_equal (info->id, id))
        return info->name;
    }
  return id;
}

static void
toast (GbRulesWindow *self,
       const char    *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
changed (GbRulesWindow *self)
{
  rebuild (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_period_cb (GtkButton     *button,
                  GbRulesWindow *self)
{
  const char *date = g_object_get_data (G_OBJECT (button), "date-from");
  g_autoptr(GError) error = NULL;

  if (!gb_store_remove_rule_set_period (self->store, date, &error))
    toast (self, error->message);
  else
    changed (self);
}

static void
add_period_cb (GbRulesWindow *self)
{
  g_autofree char *date = gb_date_parse_user (gtk_editable_get_text (GTK_EDITABLE (self->period_date_entry)));
  guint selected = gtk_drop_down_get_selected (self->period_rule_set);
  g_autoptr(GError) error = NULL;
  GbRuleSetInfo *info;

  if (date == NULL)
    {
      toast (self, _("Write the date as dd/mm/yyyy"));
      gtk_widget_add_css_class (GTK_WIDGET (self->period_date_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->period_date_entry), "error");
  if (self->rule_sets == NULL || selected >= self->rule_sets->len)
    return;
  info = g_ptr_array_index (self->rule_sets, selected);
  if (!gb_store_set_rule_set_period (self->store, date, info->id, &error))
    toast (self, error->message);
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->period_date_entry), "");
      changed (self);
    }
}

static void
threshold_applied_cb (AdwEntryRow   *row,
                      GbRulesWindow *self)
{
  const char *rule_set = g_object_get_data (G_OBJECT (row), "rule-set");
  const char *key = g_object_get_data (G_OBJECT (row), "key");
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autofree char *from = gb_date_parse_user (gtk_editable_get_text (GTK_EDITABLE (self->threshold_date_row)));
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  double value;

  /* Vietnamese writes a decimal comma. */
  g_strdelimit (text, ",", '.');
  value = g_ascii_strtod (g_strstrip (text), &end);
  if (end == text || *end != '\0')
    {
      toast (self, _("Write a number, like 0,7 or 20"));
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return;
    }
  if (from == NULL)
    {
      toast (self, _("Write the date the change applies from as dd/mm/yyyy"));
      gtk_widget_add_css_class (GTK_WIDGET (self->threshold_date_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->threshold_date_row), "error");
  if (!gb_store_set_threshold (self->store, rule_set, key, from, value, g_get_real_name (), &error))
    toast (self, error->message);
  else
    {
      g_autofree char *shown = gb_text_format_date (from);
      g_autofree char *msg = g_strdup_printf (_("New value in force from %s; earlier dates keep the old one"), shown);
      toast (self, msg);
      changed (self);
    }
}

static void
add_period_row (const char *date_from,
                const char *rule_set,
                const char *kind,
                gpointer    data)
{
  GbRulesWindow *self = data;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;
  g_autofree char *shown = gb_text_format_date (date_from);
  gboolean first = self->dynamic->len == 0 || g_strcmp0 (date_from, "0001-01-01") == 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rule_set_name (self, rule_set));
  subtitle = g_strcmp0 (date_from, "0001-01-01") == 0
    ? g_strdup (_("From the beginning"))
    : g_strdup_printf (_("From %s"), shown);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (!first)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this change of rule set"));
      g_object_set_data_full (G_OBJECT (remove), "date-from", g_strdup (date_from), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_period_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }
  adw_preferences_group_add (self->periods_group, row);
  g_ptr_array_add (self->dynamic, row);
}

typedef struct
{
  char   *rule_set;
  char   *key;
  char   *valid_from;
  double  value;
} Threshold;

static void
threshold_free (Threshold *t)
{
  g_free (t->rule_set);
  g_free (t->key);
  g_free (t->valid_from);
  g_free (t);
}

static void
collect_threshold (const char *rule_set,
                   const char *key,
                   const char *valid_from,
                   double      value,
                   gpointer    data)
{
  Threshold *t = g_new0 (Threshold, 1);

  t->rule_set = g_strdup (rule_set);
  t->key = g_strdup (key);
  t->valid_from = g_strdup (valid_from);
  t->value = value;
  g_ptr_array_add (data, t);
}

static void
rebuild (GbRulesWindow *self)
{
  g_autoptr(GPtrArray) thresholds = g_ptr_array_new_with_free_func ((GDestroyNotify) threshold_free);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  GHashTable *groups;

  for (guint i = 0; i < self->dynamic->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (self->dynamic, i);

      if (ADW_IS_PREFERENCES_GROUP (w))
        adw_preferences_page_remove (self->page, ADW_PREFERENCES_GROUP (w));
      else
        adw_preferences_group_remove (self->periods_group, w);
    }
  g_ptr_array_set_size (self->dynamic, 0);
  g_clear_pointer (&self->rule_sets, g_ptr_array_unref);
  if (self->store == NULL)
    return;

  if ((self->rule_sets = gb_store_levels_list_rule_sets (self->store, &error)) == NULL ||
      !gb_store_levels_scan_periods (self->store, add_period_row, self, &error) ||
      !gb_store_levels_scan_thresholds (self->store, collect_threshold, thresholds, &error))
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < self->rule_sets->len; i++)
    gtk_string_list_append (names, ((GbRuleSetInfo *) g_ptr_array_index (self->rule_sets, i))->name);
  gtk_drop_down_set_model (self->period_rule_set, G_LIST_MODEL (names));

  /* One group per rule set; a key shows its latest version (rows are ordered by valid_from). */
  groups = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->rule_sets->len; i++)
    {
      GbRuleSetInfo *info = g_ptr_array_index (self->rule_sets, i);
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), info->name);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             g_str_equal (info->kind, "zones")
                                             ? _("Zones: green, yellow, orange, red")
                                             : _("Levels 1 to 4"));
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->dynamic, group);
      g_hash_table_insert (groups, info->id, group);
    }
  for (guint i = 0; i < thresholds->len; i++)
    {
      Threshold *t = g_ptr_array_index (thresholds, i);
      Threshold *next = i + 1 < thresholds->len ? g_ptr_array_index (thresholds, i + 1) : NULL;
      AdwPreferencesGroup *group = g_hash_table_lookup (groups, t->rule_set);
      GtkWidget *row;
      g_autofree char *value = NULL;
      g_autofree char *tooltip = NULL;
      g_autofree char *shown = NULL;

      if (group == NULL || (next && g_str_equal (next->rule_set, t->rule_set) && g_str_equal (next->key, t->key)))
        continue;
      row = adw_entry_row_new ();
      value = g_strdup_printf ("%g", t->value);
      g_strdelimit (value, ".", ',');
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), threshold_label (t->key));
      gtk_editable_set_text (GTK_EDITABLE (row), value);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      tooltip = g_strcmp0 (t->valid_from, "0001-01-01") == 0
        ? g_strdup_printf (_("%s (built-in value)"), t->key)
        : g_strdup_printf (_("%s, in force from %s"), t->key, (shown = gb_text_format_date (t->valid_from)));
      gtk_widget_set_tooltip_text (row, tooltip);
      g_object_set_data_full (G_OBJECT (row), "rule-set", g_strdup (t->rule_set), g_free);
      g_object_set_data_full (G_OBJECT (row), "key", g_strdup (t->key), g_free);
      g_signal_connect (row, "apply", G_CALLBACK (threshold_applied_cb), self);
      adw_preferences_group_add (group, row);
    }
  g_hash_table_unref (groups);
}

static void
gb_rules_window_dispose (GObject *object)
{
  GbRulesWindow *self = GB_RULES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->rule_sets, g_ptr_array_unref);
  g_clear_pointer (&self->dynamic, g_ptr_array_unref);
  g_clear_pointer (&self->date, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_RULES_WINDOW);
  G_OBJECT_CLASS (gb_rules_window_parent_class)->dispose (object);
}

static void
gb_rules_window_class_init (GbRulesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gb_rules_window_dispose;

  /**
   * GbRulesWindow::changed:
   *
   * A rule set period or a threshold changed: levels must be computed again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-rules-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GbRulesWindow, page);
  gtk_widget_class_bind_template_child (widget_class, GbRulesWindow, periods_group);
  gtk_widget_class_bind_template_child (widget_class, GbRulesWindow, period_date_entry);
  gtk_widget_class_bind_template_child (widget_class, GbRulesWindow, period_rule_set);
  gtk_widget_class_bind_template_child (widget_class, GbRulesWindow, threshold_date_row);
  gtk_widget_class_bind_template_callback (widget_class, add_period_cb);
}

static void
gb_rules_window_init (GbRulesWindow *self)
{
  self->dynamic = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gb_rules_window_new:
 * @date: (nullable): the app's date, the default start of a new threshold version
 *
 * Returns: (transfer full): a window editing the rule sets of @store
 */
GbRulesWindow *
gb_rules_window_new (GtkWindow  *parent,
                     GbStore    *store,
                     const char *date)
{
  GbRulesWindow *self = g_object_new (GB_TYPE_RULES_WINDOW, "transient-for", parent, "modal", TRUE, NULL);

  self->store = g_object_ref (store);
  self->date = g_strdup (date);
  if (date != NULL)
    {
      g_autofree char *shown = gb_text_format_date (date);

      gtk_editable_set_text (GTK_EDITABLE (self->threshold_date_row), shown);
    }
  rebuild (self);
  return self;
}
