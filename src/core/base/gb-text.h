/* gb-text.h — Vietnamese text helpers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower case, NFC, without diacritics ("Phường Đô Vinh" → "phuong do vinh"): for search that
 * finds "phong toa" in "phong tỏa". */
char *gb_text_fold            (const char *text);

/* NFC of @len bytes of valid UTF-8 (-1: up to the NUL), in pieces: GLib's g_utf8_normalize()
 * takes time quadratic in the length of its text (800 KB of Vietnamese: 2.7 s). */
char *gb_text_nfc             (const char *text,
                               gssize      len);

/* A document's title as it heads a list or a page: its kind, first letter in capitals as a
 * Vietnamese title starts ("Thông báo kết luận 154-CV/TU"; kinds are stored as they read in
 * running text, "thông báo kết luận"), then its number, else @fallback. A subject ("V/v tiếp
 * tục …") heads a line the same way: gb_text_document_title (subject, NULL, NULL). */
char *gb_text_document_title  (const char *kind,
                               const char *number,
                               const char *fallback);

/* "dd/mm/yyyy" for an ISO date, as Vietnamese readers expect; NULL if @iso is not a date. */
char *gb_text_format_date     (const char *iso);

/* 1234567 → "1.234.567": Vietnamese groups thousands with dots. */
char *gb_text_format_count    (gint64      value);

G_END_DECLS
