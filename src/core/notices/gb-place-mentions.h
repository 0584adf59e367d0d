/* gb-place-mentions.h — the places an item's text names: "huyện Bác Ái", "xã Phước Hà", "vùng đỏ"
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GB_PLACE_DISTRICT,   /* huyện, quận, thị xã, thành phố X */
  GB_PLACE_COMMUNE,    /* xã, phường, thị trấn X */
  GB_PLACE_RED_ZONE,   /* "vùng đỏ", "cấp độ 4": the communes at level 4 on the notice's date */
} GbPlaceKind;

typedef struct
{
  GbPlaceKind  kind;
  char        *name;   /* the proper name as written ("Bác Ái"); NULL for GB_PLACE_RED_ZONE */
} GbPlaceMention;

void       gb_place_mention_free    (GbPlaceMention *mention);
GPtrArray *gb_place_mentions_parse  (const char     *text);

G_END_DECLS
