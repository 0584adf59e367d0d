/* gb-as-of-button.h — the header bar's "as of" control: the numbers as they stood at a moment
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_AS_OF_BUTTON (gb_as_of_button_get_type ())
G_DECLARE_FINAL_TYPE (GbAsOfButton, gb_as_of_button, GB, AS_OF_BUTTON, GtkWidget)

void gb_as_of_button_set_store (GbAsOfButton *self,
                                GbStore      *store);
/* @text: a moment as a person types it ("2021-09-20 14:30"), or NULL for the latest numbers.
 * FALSE (and the reason shown under the entry) when it is not one. */
gboolean gb_as_of_button_apply (GbAsOfButton *self,
                                const char   *text);

G_END_DECLS
