/* gb-store-unit-merges.h — merges of units entered by hand, and taking one back
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one home of a merge entered by hand, for the CLI (`giaoban-cli units merge`) and the
 * app's Merge Units window alike: it checks the merge, writes it (validity, versions,
 * successions: gb-store-units-history.h) and keeps what it wrote, so the merge can be listed
 * and undone exactly.
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   id;
  char    *uid;         /* its sync key */
  char    *successor;
  char     date[11];
  char   **codes;       /* the merging units */
  char    *source;      /* the decision, or NULL */
  char    *entered_at;  /* ISO 8601, UTC */
  gboolean here;        /* entered on this copy (it can be undone here), not pulled */
} GbUnitMerge;

void       gb_unit_merge_free        (GbUnitMerge *merge);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbUnitMerge, gb_unit_merge_free)

/* Whether @code can be a new unit's code: a GSO code is 2 to 10 digits. */
gboolean   gb_unit_code_is_valid     (const char          *code);

gboolean   gb_store_merge_units      (GbStore             *self,
                                      const char *const   *codes,
                                      const GbUnit        *into,
                                      const char          *date,
                                      const char          *source,
                                      GError             **error);
GPtrArray *gb_store_list_unit_merges (GbStore             *self,
                                      GError             **error);
gboolean   gb_store_undo_unit_merge  (GbStore             *self,
                                      gint64               id,
                                      GError             **error);
gboolean   gb_store_unit_merge_refused (GbStore           *self,
                                        const char        *uid,
                                        GError           **error);

G_END_DECLS
