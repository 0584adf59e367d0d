/* gb-conclusion-draft.h — a new conclusion composed from the stored situation and levels
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-conclusion.h"
#include "gb-store.h"

G_BEGIN_DECLS

GbConclusion *gb_conclusion_draft_new (GbStore     *store,
                                       const char  *date,
                                       int          cutoff_hour,
                                       GError     **error);

char         *gb_conclusion_draft_place (GbStore  *store,
                                         GError  **error);

G_END_DECLS
