/* gb-daemon-seed.h — `giaoband seed --national`
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gb-store.h"

G_BEGIN_DECLS

#include "gb-national.h"

gboolean gb_daemon_seed_national (GbStore     *store,
                                  const char  *geojson,
                                  GbNationalJoin *join,
                                  const char  *cases,
                                  const char  *vaccinations,
                                  guint       *n_units,
                                  guint       *n_provinces,
                                  guint       *n_vaccinated,
                                  GError     **error);

G_END_DECLS
