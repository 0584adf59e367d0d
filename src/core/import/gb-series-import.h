/* gb-series-import.h — daily cases and vaccination from CSV or JSON
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-date.h"
#include "gb-store.h"

G_BEGIN_DECLS

typedef enum
{
  GB_SERIES_CASES,
  GB_SERIES_VACCINATIONS,
} GbSeriesKind;

/* @default_unit: used when the file has no unit column (e.g. a province's own series).
 * The format is picked from the content: a JSON array or object, else CSV. */
gboolean gb_series_import_bytes (GbStore       *store,
                                 GbSeriesKind   kind,
                                 const char    *name,
                                 GBytes        *bytes,
                                 const char    *default_unit,
                                 gboolean       simulated,
                                 guint         *n_rows,
                                 GError       **error);
gboolean gb_series_import_file  (GbStore       *store,
                                 GbSeriesKind   kind,
                                 const char    *path,
                                 const char    *default_unit,
                                 guint         *n_rows,
                                 GError       **error);

/* TRUE when @text is a real calendar date written YYYY-MM-DD. */

G_END_DECLS
