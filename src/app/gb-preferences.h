/* gb-preferences.h — the app's preferences: the morning task reminder
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GB_TYPE_PREFERENCES (gb_preferences_get_type ())
G_DECLARE_FINAL_TYPE (GbPreferences, gb_preferences, GB, PREFERENCES, AdwPreferencesWindow)

GbPreferences *gb_preferences_new (GtkWindow *parent);

G_END_DECLS
