/* gb-map-page-changes.c — the map's "What Changed" mode: moves since the last briefing
 *
 * With the mode on, every commune whose level differs from its level on the date of the last
 * conclusion notice (gb_store_last_conclusion_date()) is outlined with its move written on it
 * ("2→4"), and the list of moves stands beside the map: values in text for a shared screen.
 * It follows the date like the rest of the map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gb-level-changes.h"
#include "gb-map-page-private.h"
#include "gb-store-meetings.h"
#include "gb-text.h"

static void
show_list (GbMapPage  *self,
           const char *since,
           GPtrArray  *changes)
{
  g_autofree char *day = gb_text_format_date (since);
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *head = NULL;
  guint up = 0, down = 0, red = 0;

  for (guint i = 0; i < changes->len; i++)
    {
      const GbLevelChange *c = g_ptr_array_index (changes, i);

      up += c->after > c->before;
      down += c->after < c->before;
      red += c->new_red;
    }
  head = g_strdup_printf (_("Since the briefing of %s: %u up, %u down, %u new at level 4"), day, up, down, red);
  g_string_append_printf (s, "<b>%s</b>", head);
  if (changes->len == 0)
    g_string_append_printf (s, "\n%s", _("No commune changed level."));
  for (guint i = 0; i < changes->len; i++)
    {
      const GbLevelChange *c = g_ptr_array_index (changes, i);
      g_autofree char *line = gb_level_change_format (c);
      g_autofree char *e = g_markup_escape_text (line, -1);

      g_string_append_printf (s, "\n<span foreground=\"%s\">%s</span>", c->after > c->before ? "#B3261E" : "#0F7A5A", e);
    }
  gtk_label_set_markup (self->changes_label, s->str);
}

/**
 * gb_map_page_update_changes:
 *
 * Shows (or clears, with the mode off) the moves since the last briefing for the page's date.
 */
void
gb_map_page_update_changes (GbMapPage *self)
{
  GbStore *store = gb_page_get_store (GB_PAGE (self));
  const char *date = gb_page_get_date (GB_PAGE (self));
  g_autofree char *since = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;

  if (!gtk_toggle_button_get_active (self->changes_button) || store == NULL || date == NULL || self->engine == NULL)
    {
      gb_map_layer_set_marks (self->layer, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->changes_label), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->changes_label), TRUE);
  if ((since = gb_store_last_conclusion_date (store, date)) == NULL)
    {
      gb_map_layer_set_marks (self->layer, NULL);
      gtk_label_set_text (self->changes_label, _("No conclusion notice before this date: nothing to compare with."));
      return;
    }
  if ((changes = gb_level_changes_compute (self->engine, since, date, &error)) == NULL)
    {
      gtk_label_set_text (self->changes_label, error->message);
      return;
    }
  gb_map_page_keep_changes_of_date (self, changes);
  gb_map_layer_set_marks (self->layer, changes);
  show_list (self, since, changes);
}
