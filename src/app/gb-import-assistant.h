/* gb-import-assistant.h — daily numbers from a spreadsheet, CSV or DHIS2 file, shown before
 * they are imported
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_IMPORT_ASSISTANT (gb_import_assistant_get_type ())
G_DECLARE_FINAL_TYPE (GbImportAssistant, gb_import_assistant, GB, IMPORT_ASSISTANT, AdwWindow)

GbImportAssistant *gb_import_assistant_new  (GtkWindow         *parent,
                                             GbStore           *store);
void               gb_import_assistant_open (GbImportAssistant *self,
                                             GFile             *file);

G_END_DECLS
