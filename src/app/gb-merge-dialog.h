/* gb-merge-dialog.h — Merge Units: a merge of units entered by hand, and undoing one
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_MERGE_DIALOG (gb_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GbMergeDialog, gb_merge_dialog, GB, MERGE_DIALOG, AdwWindow)

/* @unit_code: the unit that merges (checked, its siblings offered); @date: the first day of the
 * merged unit offered. Emits "merged" after a merge (and closes), "undone" after an undo. */
GbMergeDialog *gb_merge_dialog_new (GtkWindow  *parent,
                                    GbStore    *store,
                                    const char *unit_code,
                                    const char *date);

G_END_DECLS
