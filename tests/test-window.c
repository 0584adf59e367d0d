/* test-window.c — the main window opens on the demo and draws something real
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "gb-date-selector.h"
#include "gb-demo.h"
#include "gb-application.h"
#include "gb-briefing-page.h"
#include "gb-charts-page.h"
#include "gb-directives-page.h"
#include "gb-item-row.h"
#include "gb-map-page.h"
#include "gb-store-tracker.h"
#include "gb-task-reminder.h"
#include "gb-notice-review.h"
#include "gb-store.h"
#include "gb-test-util.h"
#include "gb-test-widgets.h"
#include "gb-unit-sidebar.h"
#include "gb-window.h"

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  (*(int *) data)++;
  return G_SOURCE_CONTINUE;
}

static void
wait_until_drawn (GtkWidget *widget)
{
  int frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);

  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end &&
         (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) < 100))
    g_main_context_iteration (NULL, FALSE);
  /* A few frames for the list views to fill and the window to be drawn. */
  while (g_get_monotonic_time () < end && frames < 5)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, id);
  g_assert_cmpint (frames, >=, 5);
}

static GdkTexture *
render (GtkWidget    *widget,
        GdkPaintable *paintable)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  g_test_message ("mapped %d size %dx%d", gtk_widget_get_mapped (widget), w, h);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
}

static void
test_window_on_demo (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colors = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree guchar *pixels = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkWidget *window;
  int w, h;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));

  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  /* The paintable follows the widget's frames; made before the first one, it has them all. */
  paintable = gtk_widget_paintable_new (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)));
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);

  /* The shared date starts on the last day with data, the unit on the province. */
  g_assert_cmpstr (gb_window_get_date (GB_WINDOW (window)), ==, "2022-01-22");
  g_assert_cmpstr (gb_window_get_unit_code (GB_WINDOW (window)), ==, "58");
  gb_window_set_date (GB_WINDOW (window), "1999-01-01");   /* clamped to the data */
  g_assert_cmpstr (gb_window_get_date (GB_WINDOW (window)), ==, "2020-03-18");

  texture = render (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)), paintable);
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, pixels, w * 4);
  for (int i = 0; i < w * h; i += 7)
    g_hash_table_add (colors, GUINT_TO_POINTER (((guint32 *) pixels)[i]));

  png = g_build_filename (g_get_tmp_dir (), "giaoban-test-window.png", NULL);
  gdk_texture_save_to_png (texture, png);
  g_test_message ("rendered %dx%d with %u colours to %s", w, h, g_hash_table_size (colors), png);
  /* A blank or single-colour window would have a handful of colours; text and icons give many. */
  g_assert_cmpuint (g_hash_table_size (colors), >, 20);

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found)
        return found;
    }
  return NULL;
}

/* The sidebar's search ignores case and diacritics, and choosing a match selects the unit. */
static void
test_sidebar_search (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  GtkWidget *window, *entry, *list, *sidebar;
  GListModel *model;
  gint64 end;

  g_assert_true (gb_demo_load_if_empty (store, &error));
  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);

  /* Inside the sidebar: other views have lists and search entries of their own. */
  sidebar = find_widget (window, GB_TYPE_UNIT_SIDEBAR);
  g_assert_nonnull (sidebar);
  entry = find_widget (sidebar, GTK_TYPE_SEARCH_ENTRY);
  list = find_widget (sidebar, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (entry);
  g_assert_nonnull (list);
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 8);   /* the province and its 7 districts */

  gtk_editable_set_text (GTK_EDITABLE (entry), "PHUOC MY");
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (model) != 1 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), 0);
  g_assert_cmpstr (gb_window_get_unit_code (GB_WINDOW (window)), ==, "22741");

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (model) == 1 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 8);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
wait_for_review (void)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

          if (GB_IS_NOTICE_REVIEW (w))
            return w;
        }
      g_main_context_iteration (NULL, FALSE);
    }
  return NULL;
}

/* A notice opened with the app (a file manager's "Open With", giaoban FILE) is reviewed in the
 * Directives view, whatever view was shown, and saved only from the review. */
static void
test_import_notice (void)
{
  static const char text[] = "Số 40-TB/TU\n\nNinh Thuận, ngày 2 tháng 9 năm 2021\n\n"
                             "1. Sở Y tế báo cáo trước ngày 10/9/2021.\n";
  g_autofree char *path = gb_test_temp_db ();
  g_autofree char *file_path = gb_test_write_temp ("40-TB-TU.txt", text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *window, *stack, *review;

  g_assert_true (gb_demo_load_if_empty (store, &error));
  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);
  gb_window_set_view (GB_WINDOW (window), "map");
  stack = find_widget (window, ADW_TYPE_VIEW_STACK);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "map");

  before = gb_test_fingerprint (path);
  g_ptr_array_add (files, g_file_new_for_path (file_path));

  /* Through the window (files given to the app), then through the page itself (Ctrl+O, which
   * works from every view). */
  for (int round = 0; round < 2; round++)
    {
      gb_window_set_view (GB_WINDOW (window), "map");
      if (round == 0)
        gb_window_import_notices (GB_WINDOW (window), files);
      else
        gb_directives_page_import_file (GB_DIRECTIVES_PAGE (find_widget (window, GB_TYPE_DIRECTIVES_PAGE)),
                                        g_ptr_array_index (files, 0));
      review = wait_for_review ();
      g_assert_nonnull (review);
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "directives");
      gtk_window_destroy (GTK_WINDOW (review));
    }
  after = gb_test_fingerprint (path);
  g_assert_cmpstr (before, ==, after);
  gtk_window_destroy (GTK_WINDOW (window));
}

static guint
count_item_rows (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += GB_IS_ITEM_ROW (c) && gtk_widget_get_child_visible (c) ? 1 : count_item_rows (c);
  return n;
}

/* A reminder's click (its default action carries the items' ids) shows the Directives view
 * with exactly those items; clearing the filters shows the documents again. */
static void
test_reminder_click (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GbTaskReminder) r = NULL;
  GtkWidget *window, *stack, *page;
  GVariant *target;

  g_assert_true (gb_demo_load_if_empty (store, &error));
  /* The demo's notices of 2021: on 20/10/2021 some are overdue, some due within 3 days. */
  r = gb_task_reminder_compose (store, "2021-10-20", 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->item_ids->len, >, 0);
  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);
  gb_window_set_view (GB_WINDOW (window), "map");

  target = g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, r->item_ids->data, r->item_ids->len, sizeof (gint64));
  g_assert_true (gtk_widget_activate_action_variant (window, "win.show-items", target));
  gb_test_spin (300);
  stack = find_widget (window, ADW_TYPE_VIEW_STACK);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "directives");
  page = find_widget (window, GB_TYPE_DIRECTIVES_PAGE);
  g_assert_cmpuint (count_item_rows (page), ==, r->item_ids->len);
  g_assert_true (gb_test_find_label (page, "The reminder's"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* One level engine for all the views, read once: stepping the date on the demo, with the map,
 * the charts and the briefing all following it, reads the data no more (issue 14). A change of
 * the rules reads it once more, not once per view. */
static void
test_date_steps_keep_engine (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  GbLevelEngine *engine;
  GtkWidget *window;
  guint loads;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);

  engine = gb_level_engine_get_shared (store);
  g_assert_true (gb_level_engine_get_shared (store) == engine);
  gb_window_set_date (GB_WINDOW (window), "2021-08-01");
  gb_test_spin (50);
  loads = gb_level_engine_get_n_loads (engine);
  g_assert_cmpuint (loads, ==, 1);   /* the views share it: one load for all of them */
  for (int i = 0; i < 5; i++)
    {
      g_assert_true (gtk_widget_activate_action (window, "win.next-day", NULL));
      gb_test_spin (20);
    }
  g_assert_cmpstr (gb_window_get_date (GB_WINDOW (window)), ==, "2021-08-06");
  g_assert_cmpuint (gb_level_engine_get_n_loads (engine), ==, loads);   /* 0 reloads per step */

  /* The map, the charts and the briefing all read the levels again after a change: once. */
  gb_window_data_changed (GB_WINDOW (window));
  gb_test_spin (20);
  g_assert_cmpuint (gb_level_engine_get_n_loads (engine), ==, loads + 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The views but the map, and the shortcuts window, are built the first time they are shown:
 * none is part of the window's first frame. Built, a view follows the window's date, unit and
 * store as if it had been there from the start. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static void
test_views_built_when_shown (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  GtkWidget *window, *stack, *charts, *briefing;
  GtkShortcutsWindow *shortcuts;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);
  gb_window_set_view (GB_WINDOW (window), "map");
  stack = find_widget (window, ADW_TYPE_VIEW_STACK);

  g_assert_nonnull (find_widget (window, GB_TYPE_MAP_PAGE));
  g_assert_null (find_widget (window, GB_TYPE_CHARTS_PAGE));
  g_assert_null (find_widget (window, GB_TYPE_DIRECTIVES_PAGE));
  g_assert_null (find_widget (window, GB_TYPE_BRIEFING_PAGE));
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  /* Shown (Alt+2, a tab, the setting of the last view): built, with the window's context. */
  gb_window_set_date (GB_WINDOW (window), "2021-11-15");
  gb_window_set_view (GB_WINDOW (window), "charts");
  charts = find_widget (window, GB_TYPE_CHARTS_PAGE);
  g_assert_nonnull (charts);
  g_assert_true (charts == gb_window_get_page (GB_WINDOW (window), "charts"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "charts");
  g_assert_true (gb_page_get_store (GB_PAGE (charts)) == store);
  g_assert_cmpstr (gb_page_get_date (GB_PAGE (charts)), ==, "2021-11-15");
  g_assert_cmpstr (gb_page_get_unit_code (GB_PAGE (charts)), ==, gb_window_get_unit_code (GB_WINDOW (window)));
  gb_test_spin (200);
  g_assert_true (gtk_widget_get_mapped (charts));
  g_assert_true (gtk_widget_activate_action (window, "win.next-day", NULL));
  g_assert_cmpstr (gb_page_get_date (GB_PAGE (charts)), ==, "2021-11-16");
  gb_window_set_unit_code (GB_WINDOW (window), "586");
  g_assert_cmpstr (gb_page_get_unit_code (GB_PAGE (charts)), ==, "586");

  /* Asked for without being shown: built too, and the view shown stays. */
  briefing = gb_window_get_page (GB_WINDOW (window), "briefing");
  g_assert_true (GB_IS_BRIEFING_PAGE (briefing));
  g_assert_true (briefing == gb_window_get_page (GB_WINDOW (window), "briefing"));
  g_assert_cmpstr (gb_page_get_date (GB_PAGE (briefing)), ==, "2021-11-16");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "charts");
  g_assert_null (find_widget (window, GB_TYPE_DIRECTIVES_PAGE));
  g_assert_null (gb_window_get_page (GB_WINDOW (window), "no-such-view"));
  g_assert_true (GB_IS_MAP_PAGE (gb_window_get_page (GB_WINDOW (window), "map")));

  /* The shortcuts window (Ctrl+?, the main menu): modal over the window, one for its life. */
  g_assert_true (gtk_widget_activate_action (window, "win.show-help-overlay", NULL));
  shortcuts = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (shortcuts)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (shortcuts)));
  /* Headed with its own translatable title, not GTK's "Shortcuts" (English in GTK's vi.po). */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (shortcuts)), ==, "Keyboard Shortcuts");
  g_assert_true (has_label (gtk_window_get_titlebar (GTK_WINDOW (shortcuts)), "Keyboard Shortcuts"));
  g_assert_false (has_label (gtk_window_get_titlebar (GTK_WINDOW (shortcuts)), "Shortcuts"));
  gb_test_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  gtk_window_close (GTK_WINDOW (shortcuts));
  gb_test_spin (50);
  g_assert_true (gtk_widget_activate_action (window, "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == shortcuts);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkMenuButton *
find_primary_menu_button (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (root)))
    return GTK_MENU_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_primary_menu_button (child);
      if (found)
        return found;
    }
  return NULL;
}

/* The main menu's and the date's popovers are made when first opened, and work as before:
 * the menu has its sections, the calendar shows the window's date, follows it and sets it. */
static void
test_popovers_made_when_opened (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) shown = NULL;
  GtkWidget *window, *selector, *calendar;
  GtkMenuButton *menu, *date_button;
  GtkPopover *popover;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);

  menu = find_primary_menu_button (window);
  g_assert_nonnull (menu);
  g_assert_null (gtk_menu_button_get_popover (menu));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (menu)));
  gtk_menu_button_popup (menu);
  popover = gtk_menu_button_get_popover (menu);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_cmpint (g_menu_model_get_n_items (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover))), ==, 4);
  gb_test_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  gtk_menu_button_popdown (menu);
  gtk_menu_button_popup (menu);
  g_assert_true (gtk_menu_button_get_popover (menu) == popover);
  gtk_menu_button_popdown (menu);

  selector = find_widget (window, GB_TYPE_DATE_SELECTOR);
  g_assert_nonnull (selector);
  date_button = GTK_MENU_BUTTON (find_widget (selector, GTK_TYPE_MENU_BUTTON));
  g_assert_null (gtk_menu_button_get_popover (date_button));
  g_assert_null (find_widget (window, GTK_TYPE_CALENDAR));
  gb_window_set_date (GB_WINDOW (window), "2021-11-15");
  gtk_menu_button_popup (date_button);
  g_assert_nonnull (gtk_menu_button_get_popover (date_button));
  calendar = find_widget (GTK_WIDGET (gtk_menu_button_get_popover (date_button)), GTK_TYPE_CALENDAR);
  g_assert_nonnull (calendar);
  shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
  g_assert_cmpint (g_date_time_get_month (shown), ==, 11);
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 15);
  /* A date step moves the calendar; a day picked there moves every view. */
  g_assert_true (gtk_widget_activate_action (window, "win.next-day", NULL));
  g_clear_pointer (&shown, g_date_time_unref);
  shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 16);
  day = g_date_time_new_local (2021, 10, 3, 12, 0, 0);
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  g_signal_emit_by_name (calendar, "day-selected");
  g_assert_cmpstr (gb_window_get_date (GB_WINDOW (window)), ==, "2021-10-03");
  gtk_menu_button_popdown (date_button);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The date and the unit a window starts on are not kept (a first start on the newest day would
 * pin every later start to it); the ones the user picks are. */
static void
test_start_keeps_no_choice (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GSettings) settings = gb_application_settings ();
  g_autofree char *date = NULL, *unit = NULL;
  GtkWidget *window;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  g_settings_reset (settings, "date");
  g_settings_reset (settings, "unit-code");
  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);
  g_assert_nonnull (gb_window_get_date (GB_WINDOW (window)));
  g_assert_nonnull (gb_window_get_unit_code (GB_WINDOW (window)));
  date = g_settings_get_string (settings, "date");
  unit = g_settings_get_string (settings, "unit-code");
  g_assert_cmpstr (date, ==, "");
  g_assert_cmpstr (unit, ==, "");

  gb_window_set_date (GB_WINDOW (window), "2021-11-15");
  gb_window_set_unit_code (GB_WINDOW (window), "586");
  g_clear_pointer (&date, g_free);
  g_clear_pointer (&unit, g_free);
  date = g_settings_get_string (settings, "date");
  unit = g_settings_get_string (settings, "unit-code");
  g_assert_cmpstr (date, ==, "2021-11-15");
  g_assert_cmpstr (unit, ==, "586");
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "date");
  g_settings_reset (settings, "unit-code");
}

static guint32
pixel_at (const guchar *pixels, gsize stride, int x, int y)
{
  const guchar *p = pixels + y * stride + x * 4;

  return (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

/* Without a compositor the window draws libadwaita's solid frame, from plain boxes: no inset
 * shadow shaded over the whole window at every frame (about 9 ms each on software GL), and the
 * same lines as libadwaita's: a dark outer line, the header's colour, a dark inner line where
 * no header bar covers it, the content 5px in. */
static void
test_solid_frame_cheap (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autofree guchar *pixels = NULL;
  GtkWidget *window, *bar;
  graphene_rect_t bounds;
  graphene_point_t at;
  int w, h, y, dark_outer, band, dark_inner, inside;
  gsize stride;

  g_assert_no_error (error);
  g_assert_true (gb_demo_load_if_empty (store, &error));
  gtk_css_provider_load_from_resource (css, "/vn/giaoban/GiaoBan/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  window = g_object_new (GB_TYPE_WINDOW, "store", store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);
  if (!gtk_widget_has_css_class (window, "solid-csd"))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      g_test_skip ("a compositor draws the window's frame here");
      return;
    }

  paintable = gtk_widget_paintable_new (window);
  w = gdk_paintable_get_intrinsic_width (paintable);
  h = gdk_paintable_get_intrinsic_height (paintable);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_assert_cmpfloat (gb_test_largest_node (node, GSK_INSET_SHADOW_NODE), <, 100 * 100);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  stride = (gsize) w * 4;
  pixels = g_malloc (stride * h);
  gdk_texture_download (texture, pixels, stride);
  /* Halfway down the left edge, below the header bar. */
  y = h / 2;
  dark_outer = pixel_at (pixels, stride, 0, y) & 0xff;
  band = pixel_at (pixels, stride, 2, y) & 0xff;
  dark_inner = pixel_at (pixels, stride, 4, y) & 0xff;
  inside = pixel_at (pixels, stride, 5, y) & 0xff;
  g_test_message ("frame %d %d %d %d", dark_outer, band, dark_inner, inside);
  g_assert_cmpint (pixel_at (pixels, stride, 1, y), ==, pixel_at (pixels, stride, 3, y));
  g_assert_cmpint (dark_outer, <, band - 15);
  g_assert_cmpint (dark_inner, <, band - 5);
  g_assert_cmpint (inside, >, dark_inner + 10);
  /* At the top, the header bar covers the inner line, as in libadwaita's frame. */
  g_assert_cmpint (pixel_at (pixels, stride, w / 2, 4) & 0xff, ==, band);

  /* Where libadwaita's frame puts them, from the window's outer edge: the content 5px in,
   * the header bar 1px up and left into the frame. */
  g_assert_true (gtk_widget_compute_bounds (window, window, &bounds));
  bar = find_widget (window, ADW_TYPE_HEADER_BAR);
  g_assert_true (gtk_widget_compute_point (bar, window, &GRAPHENE_POINT_INIT (0, 0), &at));
  g_assert_cmpfloat (at.x - bounds.origin.x, ==, 4);
  g_assert_cmpfloat (at.y - bounds.origin.y, ==, 4);
  g_assert_true (gtk_widget_compute_point (gtk_widget_get_parent (bar), window, &GRAPHENE_POINT_INIT (0, 0), &at));
  g_assert_cmpfloat (at.x - bounds.origin.x, ==, 5);
  g_assert_cmpfloat (at.y - bounds.origin.y, ==, 5);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* Warnings about a missing session bus come from the test machine, not from us: only
   * criticals are fatal here. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  adw_init ();
  g_test_add_func ("/window/on-demo", test_window_on_demo);
  /* Before the popovers' test: GTK 4.8 leaves a timeout of a destroyed popover behind. */
  g_test_add_func ("/window/solid-frame-cheap", test_solid_frame_cheap);
  g_test_add_func ("/window/start-keeps-no-choice", test_start_keeps_no_choice);
  g_test_add_func ("/window/date-steps-keep-engine", test_date_steps_keep_engine);
  g_test_add_func ("/window/sidebar-search", test_sidebar_search);
  g_test_add_func ("/window/import-notice", test_import_notice);
  g_test_add_func ("/window/reminder-click", test_reminder_click);
  g_test_add_func ("/window/views-built-when-shown", test_views_built_when_shown);
  g_test_add_func ("/window/popovers-made-when-opened", test_popovers_made_when_opened);
  return g_test_run ();
}
