/* gb-rules-window.h — which rule set applies from which date, and its thresholds
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_RULES_WINDOW (gb_rules_window_get_type ())
G_DECLARE_FINAL_TYPE (GbRulesWindow, gb_rules_window, GB, RULES_WINDOW, AdwPreferencesWindow)

GbRulesWindow *gb_rules_window_new (GtkWindow  *parent,
                                    GbStore    *store,
                                    const char *date);

G_END_DECLS
