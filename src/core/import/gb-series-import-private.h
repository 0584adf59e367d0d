/* gb-series-import-private.h — the series columns and the checked write of one day, shared
 * with the table import (gb-table-import*.c)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-series-import.h"

G_BEGIN_DECLS

#define GB_SERIES_MAX_COLUMNS 20

typedef struct
{
  const char *name;
  const char *aliases[4];
} GbSeriesColumn;

const GbSeriesColumn *gb_series_columns    (GbSeriesKind   kind,
                                            guint         *n_columns);
gboolean              gb_series_put_counts (GbStore       *store,
                                            GbSeriesKind   kind,
                                            const char    *unit,
                                            const char    *date,
                                            const gint64  *n,
                                            gboolean       simulated,
                                            const char    *where,
                                            GError       **error);
gboolean              gb_series_import_bytes_full (GbStore       *store,
                                                   GbSeriesKind   kind,
                                                   const char    *name,
                                                   GBytes        *bytes,
                                                   const char    *default_unit,
                                                   gboolean       simulated,
                                                   gboolean       dry_run,
                                                   guint         *n_rows,
                                                   GError       **error);

G_END_DECLS
