/* gb-window.c — the main window: views, the unit sidebar and the shared date
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gb-application.h"
#include "gb-as-of-button.h"
#include "gb-briefing-page.h"
#include "gb-charts-page.h"
#include "gb-date-selector.h"
#include "gb-directives-page.h"
#include "gb-map-page.h"
#include "gb-merge-dialog.h"
#include "gb-unit-sidebar.h"
#include "gb-window.h"
#include "gb-day-report.h"
#include "gb-day-report-dialog.h"
#include "gb-import-assistant.h"
#include "gb-store-sync.h"
#include "gb-store-units-history.h"
#include "gb-sync-role.h"
#include "gb-first-frame.h"
#include "gb-review-window.h"
#include "gb-rules-window.h"
#include "gb-sync-conflicts.h"
#include "gb-sync-indicator.h"
#include "gb-preferences.h"
#include "gb-sync-preferences.h"
#include "gb-text.h"
#include "gb-timeline.h"

struct _GbWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwFlap              *flap;
  AdwViewStack         *view_stack;
  GbUnitSidebar        *sidebar;
  GbDateSelector       *date_selector;
  GbAsOfButton         *as_of_button;
  GbTimeline           *timeline;
  GtkToggleButton      *sidebar_button;
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  GtkBox               *content_box;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;   /* once the window was narrow */
  GbSyncIndicator      *sync_indicator;
  GtkRevealer          *sync_revealer;
  GtkProgressBar       *sync_progress;
  AdwToastOverlay      *toast_overlay;

  /* owned */
  GbStore              *store;
  GSettings            *settings;
  gboolean              restoring;   /* the start's own date and unit are not a choice to keep */
  GbSyncClient         *sync;
  char                 *role;          /* the sync role last applied (gb-sync-role.h) */
};

G_DEFINE_FINAL_TYPE (GbWindow, gb_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_STORE, PROP_DATE, PROP_UNIT_CODE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean apply_role (GbWindow *self);

/* The views a window builds the first time they are shown or asked for: their widgets (about
 * a third of the window's) and their styles and sizes are no part of the first frame. The
 * template holds an empty AdwBin in their place. */
static const struct
{
  const char *name;
  GType     (*get_type) (void);
} lazy_pages[] = {
  { "charts", gb_charts_page_get_type },
  { "directives", gb_directives_page_get_type },
  { "briefing", gb_briefing_page_get_type },
};

/* The view @child of the view stack holds, once built (the map's is the child itself). */
static GbPage *
page_of (GtkWidget *child)
{
  if (ADW_IS_BIN (child))
    child = adw_bin_get_child (ADW_BIN (child));
  return GB_IS_PAGE (child) ? GB_PAGE (child) : NULL;
}

/* A view sees the window's store, date and unit: the date and unit first, so that the store
 * starts its work once, with both known (views not shown wait until they are). */
static void
attach_page (GbWindow *self,
             GbPage   *page)
{
  g_object_bind_property (self->date_selector, "date", page, "date", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sidebar, "unit-code", page, "unit-code", G_BINDING_SYNC_CREATE);
  gb_page_set_store (page, self->store);
}

/**
 * gb_window_get_page:
 * @name: a view's name ("map", "charts", "directives", "briefing")
 *
 * The view @name, built now if it never was (it is then attached to the window's store, date
 * and unit as the others are).
 *
 * Returns: (transfer none) (nullable): the view, or %NULL for an unknown name
 */
GtkWidget *
gb_window_get_page (GbWindow   *self,
                    const char *name)
{
  GtkWidget *child;
  GbPage *page;

  g_return_val_if_fail (GB_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if ((child = adw_view_stack_get_child_by_name (self->view_stack, name)) == NULL)
    return NULL;
  if ((page = page_of (child)) != NULL || !ADW_IS_BIN (child))
    return GTK_WIDGET (page);
  for (guint i = 0; i < G_N_ELEMENTS (lazy_pages); i++)
    if (strcmp (lazy_pages[i].name, name) == 0)
      {
        page = g_object_new (lazy_pages[i].get_type (), NULL);
        adw_bin_set_child (ADW_BIN (child), GTK_WIDGET (page));
        attach_page (self, page);
        break;
      }
  return GTK_WIDGET (page);
}

/* The main menu's popover is made the first time it opens (a click, F10): its items are no
 * part of the window's first frame. */
static void
create_main_menu_cb (GtkMenuButton *button,
                     gpointer       user_data)
{
  GbWindow *self = user_data;

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

/* A window too narrow for the header's view switcher shows its title there, and the views'
 * tabs in a bar at the bottom: the bar (a switcher of its own) is made the first time. */
static void
title_visible_cb (GbWindow *self)
{
  if (self->switcher_bar != NULL || !adw_view_switcher_title_get_title_visible (self->switcher_title))
    return;
  self->switcher_bar = ADW_VIEW_SWITCHER_BAR (adw_view_switcher_bar_new ());
  adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
  g_object_bind_property (self->switcher_title, "title-visible", self->switcher_bar, "reveal", G_BINDING_SYNC_CREATE);
  gtk_box_append (self->content_box, GTK_WIDGET (self->switcher_bar));
}

/* A view shown for the first time is built. */
static void
visible_view_changed_cb (GbWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (name != NULL)
    gb_window_get_page (self, name);
}

/* Kept only when the user changes it. The date and the unit the window starts on are not a
 * choice: a first start shows the newest day, and keeping it would pin every later start to
 * that day. And each write is a trip to dconf (without a session bus, a dbus-launch forked
 * and failing) before the window's first frame. */
static void
set_setting (GbWindow   *self,
             const char *key,
             const char *value)
{
  g_autofree char *now = NULL;

  if (self->restoring)
    return;
  now = g_settings_get_string (self->settings, key);
  if (g_strcmp0 (now, value) != 0)
    g_settings_set_string (self->settings, key, value);
}

static void
date_changed_cb (GbWindow *self)
{
  const char *date = gb_date_selector_get_date (self->date_selector);

  if (date != NULL)
    set_setting (self, "date", date);
  /* The sidebar lists the units of the date. */
  gb_unit_sidebar_set_date (self->sidebar, date);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

static void
unit_changed_cb (GbWindow *self)
{
  const char *code = gb_unit_sidebar_get_unit_code (self->sidebar);

  set_setting (self, "unit-code", code ? code : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_CODE]);
}

static void
previous_day_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  gb_date_selector_step (GB_WINDOW (widget)->date_selector, -1);
}

static void
next_day_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  gb_date_selector_step (GB_WINDOW (widget)->date_selector, 1);
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GbTimeline *timeline = GB_WINDOW (widget)->timeline;

  gb_timeline_set_playing (timeline, !gb_timeline_get_playing (timeline));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GbWindow *self = GB_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  gb_unit_sidebar_focus_search (self->sidebar);
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  gb_window_set_view (GB_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* A reminder's click: the Directives view with only the items it spoke of. */
static void
show_items_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GbWindow *self = GB_WINDOW (widget);
  GtkWidget *page = gb_window_get_page (self, "directives");
  gsize n = 0;
  const gint64 *ids = g_variant_get_fixed_array (param, &n, sizeof (gint64));

  gb_window_set_view (self, "directives");
  if (page != NULL)
    gb_directives_page_show_items (GB_DIRECTIVES_PAGE (page), ids, n);
}

/* A directive or document chosen in the Directives view: its places are outlined on the map. */
static void
show_area_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GbWindow *self = GB_WINDOW (widget);
  GtkWidget *page = gb_window_get_page (self, "map");
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **strv = g_variant_get_strv (param, NULL);

  for (guint i = 0; strv[i] != NULL; i++)
    g_ptr_array_add (codes, g_strdup (strv[i]));
  if (page != NULL)
    gb_map_page_set_area (GB_MAP_PAGE (page), codes->len > 0 ? codes : NULL);
}

static void
gb_window_load_state (GbWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
gb_window_close_request (GtkWindow *window)
{
  GbWindow *self = GB_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_string (self->settings, "view",
                         adw_view_stack_get_visible_child_name (self->view_stack));

  return GTK_WINDOW_CLASS (gb_window_parent_class)->close_request (window);
}

static void
gb_window_constructed (GObject *object)
{
  GbWindow *self = GB_WINDOW (object);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *date = g_settings_get_string (self->settings, "date");
  g_autofree char *unit = g_settings_get_string (self->settings, "unit-code");
  g_autofree char *view = g_settings_get_string (self->settings, "view");

  G_OBJECT_CLASS (gb_window_parent_class)->constructed (object);
  gb_first_frame_mark ("window-built");
  self->restoring = TRUE;

  gb_as_of_button_set_store (self->as_of_button, self->store);
  if (self->store != NULL && gb_store_get_date_range (self->store, &first, &last))
    {
      gb_date_selector_set_range (self->date_selector, first, last);
      gb_timeline_set_range (self->timeline, first, last);
    }
  /* First run: start on the last day with data, where the story is current. The sidebar has
   * no store yet: it only notes the date, and builds its tree once, of that date, below. */
  gb_date_selector_set_date (self->date_selector, *date ? date : last);
  /* One timeline for the whole window: the scrubber and the selector are one date. */
  g_object_bind_property (self->date_selector, "date", self->timeline, "date", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  if (*unit == '\0' || self->store == NULL || !gb_store_unit_exists (self->store, unit))
    {
      g_autoptr(GPtrArray) provinces = self->store
        ? gb_store_list_units (self->store, GB_UNIT_LEVEL_PROVINCE, NULL, NULL) : NULL;

      g_free (unit);
      unit = g_strdup (provinces && provinces->len ? ((GbUnit *) g_ptr_array_index (provinces, 0))->code : "");
    }
  gb_unit_sidebar_set_unit_code (self->sidebar, *unit ? unit : NULL);

  /* Every view sees the same store, date and unit (those not built yet, when they are). */
  {
    GtkSelectionModel *pages = adw_view_stack_get_pages (self->view_stack);

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
      {
        g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
        GbPage *view = page_of (adw_view_stack_page_get_child (page));

        if (view != NULL)
          attach_page (self, view);
      }
    g_object_unref (pages);
  }
  /* After the views: a national map starts its reading before the sidebar's tree (itself read
   * in a worker there). */
  gb_unit_sidebar_set_store (self->sidebar, self->store);
  if (*view)
    gb_window_set_view (self, view);

  gb_sync_indicator_attach (self->sync_indicator, self->sync_revealer, self->sync_progress, self->toast_overlay);
  gb_window_set_sync_client (self, NULL);
  apply_role (self);
  self->restoring = FALSE;
  gb_first_frame_mark ("window-filled");
}

/* Levels depend on the rules: every page shows its data again after a change. */
static void
rules_changed_cb (GbWindow *self)
{
  GtkSelectionModel *pages = adw_view_stack_get_pages (self->view_stack);

  /* The views share one level engine: it reads the data again once, not once per view. */
  if (self->store != NULL)
    gb_level_engine_invalidate (gb_level_engine_get_shared (self->store));
  /* So do the sidebar's reporting rates: the numbers, the moment they are as of, or the
   * reporting threshold changed. */
  gb_unit_sidebar_refresh (self->sidebar);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GbPage *view = page_of (adw_view_stack_page_get_child (page));

      /* A view not built yet reads everything when it is. */
      if (view != NULL)
        gb_page_refresh (view);
    }
  g_object_unref (pages);
}

/* The numbers shown are those of another moment: every view shows them again. */
static void
as_of_changed_cb (GbWindow *self)
{
  rules_changed_cb (self);
}

/* The Review queue: a decision changes the numbers, so every view shows them again. */
static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);
  GbReviewWindow *review;

  if (self->store == NULL)
    return;
  review = gb_review_window_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (review, "changed", G_CALLBACK (rules_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (review));
}

static void
rule_sets_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);
  GbRulesWindow *rules;

  if (self->store == NULL)
    return;
  rules = gb_rules_window_new (GTK_WINDOW (self), self->store, gb_date_selector_get_date (self->date_selector));
  g_signal_connect_object (rules, "changed", G_CALLBACK (rules_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (rules));
}

static void
import_data_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);

  if (self->store != NULL)
    gtk_window_present (GTK_WINDOW (gb_import_assistant_new (GTK_WINDOW (self), self->store)));
}

/* The sync role the server gave this client (sync_state "role"); none: the secretary's own app. */
static void
day_report_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);
  g_autofree char *role = NULL;
  GbDayReportDialog *dialog;

  if (self->store == NULL)
    return;
  role = gb_store_sync_get_state (self->store, "role");
  if (!gb_day_report_role_may_report (role, NULL))
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("This account may not report numbers")));
      return;
    }
  dialog = gb_day_report_dialog_new (GTK_WINDOW (self), self->store, role,
                                     gb_date_selector_get_date (self->date_selector));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (rules_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Units merged or a merge undone: the sidebar's tree, the map's units and every view's
 * numbers are those of the units now. */
static void
units_changed_cb (GbWindow *self)
{
  gb_unit_sidebar_reload_units (self->sidebar);
  rules_changed_cb (self);
}

static void
undo_merge_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!gb_store_undo_unit_merge (self->store, g_variant_get_int64 (parameter), &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  units_changed_cb (self);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Merge undone")));
}

/* After a merge: a toast that says so, with Undo (the latest merge is the one just made). */
static void
merged_cb (GbWindow *self)
{
  g_autoptr(GPtrArray) merges = gb_store_list_unit_merges (self->store, NULL);
  GbUnitMerge *made = NULL;
  AdwToast *toast;

  units_changed_cb (self);
  for (guint i = 0; merges != NULL && i < merges->len; i++)
    if (made == NULL || ((GbUnitMerge *) merges->pdata[i])->id > made->id)
      made = merges->pdata[i];
  if (made == NULL)
    return;
  {
    g_autoptr(GbUnit) unit = gb_store_get_unit_on (self->store, made->successor, made->date, NULL);
    g_autofree char *day = gb_text_format_date (made->date);
    /* A toast's title is Pango markup. */
    g_autofree char *name = g_markup_escape_text (unit ? unit->name : made->successor, -1);
    g_autofree char *title = g_strdup_printf (_("Merged into %s from %s"), name, day);

    toast = adw_toast_new (title);
  }
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-merge");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (made->id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Merge Units (the sidebar's "Merge Into…" on a unit, or the menu on the selected unit). */
static void
merge_units_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);
  const char *code = parameter ? g_variant_get_string (parameter, NULL) : "";
  g_autofree char *role = NULL;
  GbMergeDialog *dialog;

  if (self->store == NULL)
    return;
  role = gb_store_sync_get_state (self->store, "role");
  if (!gb_sync_role_may_merge_units (role))
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Only the secretary or an admin may merge units")));
      return;
    }
  dialog = gb_merge_dialog_new (GTK_WINDOW (self), self->store,
                                *code ? code : gb_unit_sidebar_get_unit_code (self->sidebar),
                                gb_date_selector_get_date (self->date_selector));
  g_signal_connect_object (dialog, "merged", G_CALLBACK (merged_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "undone", G_CALLBACK (units_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);

  if (self->sync != NULL)
    gb_sync_client_sync_now (self->sync);
}

static void
sync_preferences_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);

  if (self->sync != NULL)
    gtk_window_present (GTK_WINDOW (gb_sync_preferences_new (GTK_WINDOW (self), self->sync)));
}

/* GTK 4.8 heads its shortcuts window with its own "Shortcuts", which its Vietnamese catalogue
 * leaves in English: the header's labels that say it say the window's (translated) title. */
static void
retitle_labels (GtkWidget  *widget,
                const char *from,
                const char *to)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), from) == 0)
    gtk_label_set_label (GTK_LABEL (widget), to);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    retitle_labels (child, from, to);
}

/* The shortcuts window is built the first time it is asked for. GtkApplication would build
 * gtk/help-overlay.ui with every window it adds, before the window's first frame: the file is
 * kept elsewhere for that (the accelerator it would set is set in gb-application.c). */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/vn/giaoban/GiaoBan/ui/gb-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      if (gtk_window_get_titlebar (GTK_WINDOW (overlay)) != NULL)
        retitle_labels (gtk_window_get_titlebar (GTK_WINDOW (overlay)), g_dgettext ("gtk40", "Shortcuts"),
                        gtk_window_get_title (GTK_WINDOW (overlay)));
      /* Modal over this window, hidden (not destroyed) when closed, as GTK's own. */
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (gb_preferences_new (GTK_WINDOW (widget))));
}

static void
sync_conflicts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GbWindow *self = GB_WINDOW (widget);

  if (self->store != NULL)
    gtk_window_present (GTK_WINDOW (gb_sync_conflicts_new (GTK_WINDOW (self), self->store, self->sync)));
}

/* What the server says this client's role is (learnt by each sync) decides what the window
 * offers; TRUE when it changed. */
static gboolean
apply_role (GbWindow *self)
{
  g_autofree char *role = self->store ? gb_store_sync_get_state (self->store, "role") : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.day-report", gb_day_report_role_may_report (role, NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.merge-units", gb_sync_role_may_merge_units (role));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-merge", gb_sync_role_may_merge_units (role));
  if (g_strcmp0 (role, self->role) == 0)
    return FALSE;
  g_free (self->role);
  self->role = g_steal_pointer (&role);
  return TRUE;
}

/* Pulled rows show at once on every page; a new role too (the pages ask what it may do). */
static void
sync_finished_cb (GbWindow      *self,
                  GbSyncSummary *summary,
                  const GError  *error)
{
  gboolean role_changed = apply_role (self);

  if (role_changed || (summary != NULL && (summary->pulled > 0 || summary->conflicts > 0 || summary->rejected > 0)))
    rules_changed_cb (self);
}

/**
 * gb_window_set_sync_client:
 * @client: (nullable): the app's sync; the window shows its state and offers its actions
 */
void
gb_window_set_sync_client (GbWindow     *self,
                           GbSyncClient *client)
{
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_func (self->sync, sync_finished_cb, self);
  g_set_object (&self->sync, client);
  gb_sync_indicator_set_client (self->sync_indicator, client);
  if (client != NULL)
    g_signal_connect_object (client, "finished", G_CALLBACK (sync_finished_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now", client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-preferences", client != NULL);
}

static void
gb_window_dispose (GObject *object)
{
  GbWindow *self = GB_WINDOW (object);

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_func (self->sync, sync_finished_cb, self);
  g_clear_object (&self->sync);
  /* The stack shows another view as its views go: none is to be built then. */
  if (self->view_stack != NULL)
    g_signal_handlers_disconnect_by_func (self->view_stack, visible_view_changed_cb, self);
  if (self->switcher_title != NULL)
    g_signal_handlers_disconnect_by_func (self->switcher_title, title_visible_cb, self);
  self->switcher_bar = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), GB_TYPE_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->role, g_free);
  G_OBJECT_CLASS (gb_window_parent_class)->dispose (object);
}

static void
gb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GbWindow *self = GB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DATE:
      g_value_set_string (value, gb_window_get_date (self));
      break;
    case PROP_UNIT_CODE:
      g_value_set_string (value, gb_window_get_unit_code (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  GbWindow *self = GB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_DATE:
      gb_window_set_date (self, g_value_get_string (value));
      break;
    case PROP_UNIT_CODE:
      gb_window_set_unit_code (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gb_window_class_init (GbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = gb_window_constructed;
  object_class->dispose = gb_window_dispose;
  object_class->get_property = gb_window_get_property;
  object_class->set_property = gb_window_set_property;
  window_class->close_request = gb_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GB_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT_CODE] =
    g_param_spec_string ("unit-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GB_TYPE_UNIT_SIDEBAR);
  g_type_ensure (GB_TYPE_DATE_SELECTOR);
  g_type_ensure (GB_TYPE_AS_OF_BUTTON);
  g_type_ensure (GB_TYPE_TIMELINE);
  g_type_ensure (GB_TYPE_MAP_PAGE);
  g_type_ensure (GB_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/giaoban/GiaoBan/ui/gb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GbWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, date_selector);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, as_of_button);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, GbWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, as_of_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, unit_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_visible_cb);

  gtk_widget_class_install_action (widget_class, "win.previous-day", NULL, previous_day_action);
  gtk_widget_class_install_action (widget_class, "win.next-day", NULL, next_day_action);
  gtk_widget_class_install_action (widget_class, "win.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.view", "s", view_action);
  gtk_widget_class_install_action (widget_class, "win.show-items", "ax", show_items_action);
  gtk_widget_class_install_action (widget_class, "win.show-area", "as", show_area_action);
  gtk_widget_class_install_action (widget_class, "win.rule-sets", NULL, rule_sets_action);
  gtk_widget_class_install_action (widget_class, "win.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "win.import-data", NULL, import_data_action);
  gtk_widget_class_install_action (widget_class, "win.day-report", NULL, day_report_action);
  gtk_widget_class_install_action (widget_class, "win.merge-units", "s", merge_units_action);
  gtk_widget_class_install_action (widget_class, "win.undo-merge", "x", undo_merge_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.sync-preferences", NULL, sync_preferences_action);
  gtk_widget_class_install_action (widget_class, "win.sync-conflicts", NULL, sync_conflicts_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "win.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "win.next-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.view", "s", "map");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.view", "s", "charts");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.view", "s", "directives");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.view", "s", "briefing");
}

static void
gb_window_init (GbWindow *self)
{
  self->settings = gb_application_settings ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->view_stack, "notify::visible-child", G_CALLBACK (visible_view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_main_menu_cb, self, NULL);
  gb_window_load_state (self);
  g_settings_bind (self->settings, "sidebar-visible", self->flap, "reveal-flap", G_SETTINGS_BIND_DEFAULT);
}

GbWindow *
gb_window_new (AdwApplication *app,
               GbStore        *store)
{
  GbWindow *self = g_object_new (GB_TYPE_WINDOW, "application", app, "store", store, NULL);

  /* The application is set after construction: the sync is looked up here. */
  if (GB_IS_APPLICATION (app))
    gb_window_set_sync_client (self, gb_application_get_sync_client (GB_APPLICATION (app)));
  return self;
}

GbStore *
gb_window_get_store (GbWindow *self)
{
  return self->store;
}

const char *
gb_window_get_date (GbWindow *self)
{
  return gb_date_selector_get_date (self->date_selector);
}

void
gb_window_set_date (GbWindow   *self,
                    const char *date)
{
  gb_date_selector_set_date (self->date_selector, date);
}

const char *
gb_window_get_unit_code (GbWindow *self)
{
  return gb_unit_sidebar_get_unit_code (self->sidebar);
}

void
gb_window_set_unit_code (GbWindow   *self,
                         const char *code)
{
  gb_unit_sidebar_set_unit_code (self->sidebar, code);
}

void
gb_window_set_view (GbWindow   *self,
                    const char *name)
{
  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/**
 * gb_window_import_notices:
 * @files: (element-type GFile): notices to import
 *
 * Shows the Directives view and opens the review of each notice (as "Open With Giao Ban" from
 * a file manager does); nothing is saved until the person saves a review.
 */
void
gb_window_import_notices (GbWindow  *self,
                          GPtrArray *files)
{
  GtkWidget *page;

  g_return_if_fail (GB_IS_WINDOW (self));

  gb_window_set_view (self, "directives");
  page = gb_window_get_page (self, "directives");
  for (guint i = 0; page != NULL && i < files->len; i++)
    gb_directives_page_import_file (GB_DIRECTIVES_PAGE (page), g_ptr_array_index (files, i));
}

/**
 * gb_window_data_changed:
 *
 * The store's data or rules changed (a sync, the rule sets): the shared level engine reads them
 * again, once, and every view shows them.
 */
void
gb_window_data_changed (GbWindow *self)
{
  g_return_if_fail (GB_IS_WINDOW (self));
  rules_changed_cb (self);
}
