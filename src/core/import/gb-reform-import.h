/* gb-reform-import.h — a reorganisation of units (the reform of 1 July 2025) as successions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

typedef struct
{
  char  date[11];        /* the day the reform took effect */
  guint provinces;       /* new provinces made or carried on */
  guint communes;        /* new communes made or carried on */
  guint links;           /* successions recorded */
  guint skipped;         /* new units none of whose old units is in the database */
  guint ended;           /* old units that ended on the date */
  guint by_border;       /* of them, communes the file gives no successor, given the one their
                          * longest neighbour went into (see gb_reform_list_by_border()) */
  guint no_heir;         /* and such communes with no neighbour, left without one */
} GbReformReport;

gboolean gb_reform_import_bytes (GbStore         *store,
                                 const char      *name,
                                 GBytes          *bytes,
                                 GbReformReport  *report,
                                 GError         **error);
gboolean gb_reform_import_file  (GbStore         *store,
                                 const char      *path,
                                 GbReformReport  *report,
                                 GError         **error);

char    *gb_reform_list_by_border (GbStore        *store,
                                   const char     *date,
                                   GError        **error);

G_END_DECLS
