/* fuzz-notice-source.c — libFuzzer target for reading a notice file (PDF, DOCX, ODT, text)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Build: CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined
 *        ninja -C build-fuzz tests/fuzz-notice-source
 * Run:   build-fuzz/tests/fuzz-notice-source -max_total_time=600 CORPUS_DIR
 * A corpus: the DOCX, ODT and PDF files that tests/test-notice-source.c makes, saved to disk.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "gb-notice-parser.h"
#include "gb-notice-source.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static GbOrganisations *orgs;
  GBytes *bytes = g_bytes_new_static (data, size);
  GError *error = NULL;
  char *text;

  if (orgs == NULL)
    orgs = gb_organisations_new_builtin ();
  text = gb_notice_read_text_from_bytes (bytes, "fuzz", &error);
  if (text != NULL)
    {
      GbNotice *notice = gb_notice_parse (text, -1, orgs, NULL);
      if (notice != NULL)
        gb_notice_free (notice);
      g_free (text);
    }
  g_clear_error (&error);
  g_bytes_unref (bytes);
  return 0;
}
