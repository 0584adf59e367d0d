/* test-resources.c — every icon the window's .ui files name exists in Debian 12's icon themes
 * (Adwaita, hicolor) or in the app's own resources (a missing one draws as a broken image), and
 * the shortcuts window lists the keys the views answer to
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>
#include <string.h>

#define BASE "/vn/giaoban/GiaoBan"

static void
collect (const char *dir,
         GPtrArray  *names)
{
  g_auto(GStrv) children = g_resources_enumerate_children (dir, 0, NULL);
  g_autoptr(GRegex) re = g_regex_new ("icon-name\">([^<]+)<", 0, 0, NULL);

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (dir, children[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *text = NULL;

      if (g_str_has_suffix (children[i], "/"))
        {
          collect (path, names);
          continue;
        }
      if (!g_str_has_suffix (children[i], ".ui"))
        continue;
      bytes = g_resources_lookup_data (path, 0, NULL);
      g_assert_nonnull (bytes);
      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      for (g_regex_match (re, text, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *icon = g_match_info_fetch (match, 1);

          g_ptr_array_add (names, g_strdup_printf ("%s %s", children[i], icon));
        }
    }
}

static void
test_icons_exist (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint missing = 0;

  /* As GtkApplication does for the app's resource base path. */
  gtk_icon_theme_add_resource_path (theme, BASE "/icons");
  g_object_set (gtk_settings_get_default (), "gtk-icon-theme-name", "Adwaita", NULL);
  collect (BASE "/", names);
  g_assert_cmpuint (names->len, >, 5);
  for (guint i = 0; i < names->len; i++)
    {
      const char *icon = strchr (g_ptr_array_index (names, i), ' ') + 1;

      if (!gtk_icon_theme_has_icon (theme, icon))
        {
          g_printerr ("missing icon: %s\n", (char *) g_ptr_array_index (names, i));
          missing++;
        }
    }
  g_assert_cmpuint (missing, ==, 0);
  /* The Charts tab's own icon comes from the resources. */
  g_assert_true (gtk_icon_theme_has_icon (theme, "gb-charts-symbolic"));
}

/* The Briefing view's and the presenter's keys are in the shortcuts window. */
static void
test_shortcuts_listed (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (BASE "/ui/gb-shortcuts-window.ui", 0, NULL);
  g_autofree char *text = NULL;
  const char *keys[] = { "F5", "space", "Home", "End", "Escape", "Right", "Left", "1...9" };

  g_assert_nonnull (bytes);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *pattern = g_strdup_printf ("accelerator\">[^<]*\\b%s\\b", keys[i]);

      if (!g_regex_match_simple (pattern, text, 0, 0))
        g_error ("the shortcuts window does not list %s", keys[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/resources/icons-exist", test_icons_exist);
  g_test_add_func ("/resources/shortcuts-listed", test_shortcuts_listed);
  return g_test_run ();
}
