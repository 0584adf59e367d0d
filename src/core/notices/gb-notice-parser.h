/* gb-notice-parser.h — turns a notice's text into a GbNotice
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-notice.h"
#include "gb-organisations.h"

G_BEGIN_DECLS

/* Larger inputs are refused: no notice is that long, and the user gets a message, not a hang. */
#define GB_NOTICE_MAX_BYTES (16 * 1024 * 1024)

GbNotice *gb_notice_parse        (const char       *text,
                                  gssize            length,
                                  GbOrganisations  *orgs,
                                  GError          **error);
GbNotice *gb_notice_parse_file   (const char       *path,
                                  GbOrganisations  *orgs,
                                  GError          **error);
char     *gb_notice_parse_date   (const char       *text,
                                  int               default_year);
char     *gb_notice_normalize_number (const char   *number,
                                      char        **kind);

G_END_DECLS
