/* gb-carry-over-dialog.h — picking open items of the tracker to carry into a new conclusion
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_CARRY_OVER_DIALOG (gb_carry_over_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GbCarryOverDialog, gb_carry_over_dialog, GB, CARRY_OVER_DIALOG, AdwWindow)

GbCarryOverDialog *gb_carry_over_dialog_new        (GtkWindow         *parent,
                                                    GbStore           *store,
                                                    const char        *today);
GArray            *gb_carry_over_dialog_get_picked (GbCarryOverDialog *self);

G_END_DECLS
