/* gb-level-changes.h — which communes changed level between two dates (since the last briefing)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-level-engine.h"

G_BEGIN_DECLS

typedef struct
{
  char    *code;
  char    *name;
  GbLevel  before;     /* on the earlier date; GB_LEVEL_NO_DATA when it had none */
  GbLevel  after;
  gboolean new_red;    /* at level 4 now, not then */
} GbLevelChange;

void       gb_level_change_free     (GbLevelChange *change);
GPtrArray *gb_level_changes_compute (GbLevelEngine *engine,
                                     const char    *since,
                                     const char    *date,
                                     GError       **error);
char      *gb_level_change_format   (const GbLevelChange *change);

G_END_DECLS
