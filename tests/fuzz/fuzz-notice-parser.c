/* fuzz-notice-parser.c — libFuzzer target for the notice parser
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Build: CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined
 *        ninja -C build-fuzz tests/fuzz-notice-parser
 * Run:   build-fuzz/tests/fuzz-notice-parser -max_total_time=600 CORPUS_DIR
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "gb-notice-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static GbOrganisations *orgs;
  GError *error = NULL;
  GbNotice *notice;

  if (orgs == NULL)
    orgs = gb_organisations_new_builtin ();
  notice = gb_notice_parse ((const char *) data, (gssize) size, orgs, &error);
  if (notice != NULL)
    {
      char *json = gb_notice_to_json (notice, FALSE);
      g_free (json);
      gb_notice_free (notice);
    }
  g_clear_error (&error);
  return 0;
}
