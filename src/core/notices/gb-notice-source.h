/* gb-notice-source.h — a notice's text out of the file it came in: text, PDF, DOCX or ODT
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Larger files are refused before anything is extracted: a notice with its seals and
 * signatures scanned in stays far below this, and a bigger input is a mistake or an attack. */
#define GB_NOTICE_SOURCE_MAX_FILE_BYTES (64 * 1024 * 1024)

/* An XML member of a DOCX or ODT package larger than this, uncompressed, is refused (a zip
 * bomb inflates a few kilobytes into gigabytes). */
#define GB_NOTICE_SOURCE_MAX_XML_BYTES (64 * 1024 * 1024)

char *gb_notice_read_text            (const char  *path,
                                      GError     **error);
char *gb_notice_read_text_from_bytes (GBytes      *bytes,
                                      const char  *name,
                                      GError     **error);

G_END_DECLS
