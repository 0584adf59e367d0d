/* gb-organisations.h — the organisations that notices assign work to
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GbOrganisations GbOrganisations;

typedef struct
{
  const char *name;     /* canonical name */
  gsize       start;    /* byte offsets in the folded text */
  gsize       end;
} GbOrganisationMatch;

GbOrganisations *gb_organisations_new_builtin   (void);
void             gb_organisations_free          (GbOrganisations *self);
void             gb_organisations_add           (GbOrganisations *self,
                                                 const char      *name,
                                                 const char      *alias);
const char      *gb_organisations_lookup        (GbOrganisations *self,
                                                 const char      *text);
GArray          *gb_organisations_find_all      (GbOrganisations *self,
                                                 const char      *folded);
guint            gb_organisations_get_n_builtin (void);
void             gb_organisations_get_builtin   (guint            index,
                                                 const char     **name,
                                                 const char     **short_name,
                                                 const char     **kind,
                                                 const char     **aliases);
char            *gb_organisations_fold                   (const char      *text);
char            *gb_organisations_nfc                    (const char      *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GbOrganisations, gb_organisations_free)

G_END_DECLS
