/* gb-conclusion-composer.h — writing the conclusion notice after a meeting
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-store.h"

G_BEGIN_DECLS

#define GB_TYPE_CONCLUSION_COMPOSER (gb_conclusion_composer_get_type ())
G_DECLARE_FINAL_TYPE (GbConclusionComposer, gb_conclusion_composer, GB, CONCLUSION_COMPOSER, AdwWindow)

GbConclusionComposer *gb_conclusion_composer_new (GtkWindow  *parent,
                                                  GbStore    *store,
                                                  const char *date);

G_END_DECLS
