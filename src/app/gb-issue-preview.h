/* gb-issue-preview.h — the final conclusion notice, shown before it is numbered and issued
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gb-conclusion.h"

G_BEGIN_DECLS

#define GB_TYPE_ISSUE_PREVIEW (gb_issue_preview_get_type ())
G_DECLARE_FINAL_TYPE (GbIssuePreview, gb_issue_preview, GB, ISSUE_PREVIEW, AdwWindow)

GbIssuePreview *gb_issue_preview_new (GtkWindow          *parent,
                                      const GbConclusion *conclusion);

G_END_DECLS
