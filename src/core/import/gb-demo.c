/* gb-demo.c — loads Ninh Thuận (GSO 58) from the resources into a store
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real data: the 7 districts and 65 communes with their 2019 population, the province's daily
 * new cases 2020-03-18 … 2022-01-22, the national vaccination curve (OWID) and three real
 * notices. Simulated (and labelled so): the commune split of the province's cases and the
 * commune vaccination figures; see gb-simulation.h.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "gb-csv-reader.h"
#include "gb-demo.h"
#include "gb-error.h"
#include "gb-geojson-import.h"
#include "gb-series-import.h"
#include "gb-simulation.h"
#include "gb-store-tracker.h"

#define DEMO_PATH "/vn/giaoban/demo/"
#define DEMO_SEED 20210427u

static GBytes *
demo_bytes (const char  *name,
            GError     **error)
{
  g_autofree char *path = g_strconcat (DEMO_PATH, name, NULL);

  return g_resources_lookup_data (path, 0, error);
}

static GArray *
read_province_totals (GError **error)
{
  g_autoptr(GBytes) bytes = demo_bytes ("cases-daily.csv", error);
  g_autoptr(GbCsvReader) reader = NULL;
  g_autoptr(GArray) totals = g_array_new (FALSE, TRUE, sizeof (GbDailyTotal));
  GPtrArray *fields;

  if (bytes == NULL || (reader = gb_csv_reader_new ("cases-daily.csv", bytes, error)) == NULL)
    return NULL;
  if (!gb_csv_reader_next (reader, &fields, error))
    return NULL;
  while (gb_csv_reader_next (reader, &fields, error))
    {
      GbDailyTotal t = { { 0 } };

      if (fields->len != 2 || !gb_date_is_valid_iso (g_ptr_array_index (fields, 0)))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("demo cases-daily.csv:%u is damaged"),
                       gb_csv_reader_get_line (reader));
          return NULL;
        }
      g_strlcpy (t.date, g_ptr_array_index (fields, 0), sizeof t.date);
      t.cases = g_ascii_strtoll (g_ptr_array_index (fields, 1), NULL, 10);
      g_array_append_val (totals, t);
    }
  return g_steal_pointer (&totals);
}

static GArray *
read_national_vaccination (GError **error)
{
  g_autoptr(GBytes) bytes = demo_bytes ("owid-vietnam.csv", error);

  if (bytes == NULL)
    return NULL;
  return gb_simulation_read_owid_vaccination ("owid-vietnam.csv", bytes, error);
}

static gboolean
load_notices (GbStore  *store,
              GError  **error)
{
  g_auto(GStrv) names = g_resources_enumerate_children (DEMO_PATH "notices", 0, error);

  if (names == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("notices/", names[i], NULL);
      g_autoptr(GBytes) bytes = demo_bytes (path, error);
      g_autofree char *text = NULL;
      gint64 id;

      if (bytes == NULL)
        return FALSE;

      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if ((id = gb_store_add_document_text (store, names[i], text, "demo", error)) == 0)
        return FALSE;
      /* The notices come as text; their facts and items come from the same parser as imports. */
      if (!gb_store_tracker_reparse_document (store, id, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * gb_demo_load:
 *
 * Loads the whole demo in one transaction.
 */
gboolean
gb_demo_load (GbStore  *store,
              GError  **error)
{
  g_autoptr(GBytes) districts = NULL;
  g_autoptr(GBytes) communes = NULL;
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GArray) national = NULL;
  GbGeojsonMapping mapping;
  GbUnit province = { 0 };
  gint64 population = 0;

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  if ((districts = demo_bytes ("districts.geojson", error)) == NULL ||
      (communes = demo_bytes ("communes.geojson", error)) == NULL ||
      (totals = read_province_totals (error)) == NULL ||
      (national = read_national_vaccination (error)) == NULL)
    {
      g_prefix_error (error, "The embedded demo is damaged: ");
      return FALSE;
    }

  if (!gb_store_begin (store, error))
    return FALSE;

  province.code = (char *) GB_DEMO_PROVINCE_CODE;
  province.level = GB_UNIT_LEVEL_PROVINCE;
  province.name = (char *) "Tỉnh Ninh Thuận";
  province.type = (char *) "Tỉnh";
  province.population = province.pop_18 = province.pop_65 = -1;
  if (!gb_store_put_unit (store, &province, NULL, error))
    goto fail;

  gb_geojson_mapping_init (&mapping, GB_UNIT_LEVEL_DISTRICT);
  if (!gb_geojson_import_bytes (store, "districts.geojson", districts, &mapping, NULL, error))
    goto fail;
  gb_geojson_mapping_init (&mapping, GB_UNIT_LEVEL_COMMUNE);
  if (!gb_geojson_import_bytes (store, "communes.geojson", communes, &mapping, NULL, error))
    goto fail;

  {
    g_autoptr(GPtrArray) ds = gb_store_list_units (store, GB_UNIT_LEVEL_DISTRICT, GB_DEMO_PROVINCE_CODE, error);
    if (ds == NULL)
      goto fail;
    for (guint i = 0; i < ds->len; i++)
      {
        GbUnit *d = g_ptr_array_index (ds, i);
        population += MAX (d->population, 0);
      }
  }
  province.population = population;
  if (!gb_store_put_unit (store, &province, NULL, error))
    goto fail;

  if (!gb_simulate_age_groups (store, GB_DEMO_PROVINCE_CODE, error) ||
      !gb_simulate_commune_cases (store, GB_DEMO_PROVINCE_CODE, totals, DEMO_SEED, error) ||
      !gb_simulate_commune_vaccinations (store, GB_DEMO_PROVINCE_CODE, national, DEMO_SEED + 1, error) ||
      !load_notices (store, error) ||
      !gb_store_set_meta (store, "demo", "ninh-thuan-1", error) ||
      !gb_store_set_meta (store, "simulated-commune-series", "1", error) ||
      !gb_store_mark_demo_loaded (store, error))
    goto fail;

  return gb_store_commit (store, error);

fail:
  g_prefix_error (error, "Could not load the demo: ");
  gb_store_rollback (store);
  return FALSE;
}

gboolean
gb_demo_is_loaded (GbStore *store)
{
  g_autofree char *value = gb_store_get_meta (store, "demo");

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  return value != NULL;
}

/**
 * gb_demo_load_if_empty:
 *
 * A fresh database starts with the demo, so the app and the CLI show something real on first run.
 */
gboolean
gb_demo_load_if_empty (GbStore  *store,
                       GError  **error)
{
  g_autofree char *declined = gb_store_get_meta (store, "demo-declined");

  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  if (!gb_store_is_empty (store) || declined != NULL)
    return TRUE;
  return gb_demo_load (store, error);
}

/**
 * gb_demo_decline:
 *
 * The database is not to get the demo (first run chose a province): it stays out even while
 * the database is empty.
 */
gboolean
gb_demo_decline (GbStore  *store,
                 GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);
  return gb_store_set_meta (store, "demo-declined", "1", error);
}

/**
 * gb_demo_remove:
 *
 * Removes the demo from a database in one transaction: its notices, its simulated series and
 * the units of Ninh Thuận that hold nothing else (real reports or declared levels keep theirs).
 * The demo does not come back on the next start.
 */
gboolean
gb_demo_remove (GbStore  *store,
                GError  **error)
{
  g_return_val_if_fail (GB_IS_STORE (store), FALSE);

  if (!gb_store_begin (store, error))
    return FALSE;
  if (!gb_store_remove_demo_rows (store, error) || !gb_demo_decline (store, error) || !gb_store_commit (store, error))
    {
      g_prefix_error (error, "Could not remove the demo: ");
      gb_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}
