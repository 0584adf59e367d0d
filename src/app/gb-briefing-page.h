/* gb-briefing-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-page.h"

G_BEGIN_DECLS

#define GB_TYPE_BRIEFING_PAGE (gb_briefing_page_get_type ())
G_DECLARE_FINAL_TYPE (GbBriefingPage, gb_briefing_page, GB, BRIEFING_PAGE, GbPage)

guint gb_briefing_page_get_current_slide (GbBriefingPage *self);
guint gb_briefing_page_get_n_slides       (GbBriefingPage *self);

G_END_DECLS
