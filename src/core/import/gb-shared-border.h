/* gb-shared-border.h — how long a border two units share, on boundaries drawn apart
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-geometry.h"
#include "gb-store.h"

G_BEGIN_DECLS

/* How far apart two neighbours' census-2009 boundaries may stand (generalised one commune at a
 * time, they leave gaps and overlaps of up to about 150 m), in metres. */
#define GB_SHARED_BORDER_TOLERANCE 250.0

double gb_shared_border_length (const GbGeometry *a,
                                const GbGeometry *b,
                                double            tolerance);

/* A commune whose boundary runs along another's. */
typedef struct
{
  char  *code;
  char  *name;
  char  *parent;
  double length;   /* metres of the other's boundary along it */
} GbBorderNeighbour;

void       gb_border_neighbour_free      (GbBorderNeighbour *neighbour);
GPtrArray *gb_store_border_neighbours    (GbStore           *store,
                                          const char        *code,
                                          GError           **error);

G_END_DECLS
