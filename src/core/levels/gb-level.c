/* gb-level.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gb-level.h"

G_DEFINE_BOXED_TYPE (GbLevelResult, gb_level_result, gb_level_result_copy, gb_level_result_free)

GbLevelResult *
gb_level_result_new (void)
{
  GbLevelResult *r = g_new0 (GbLevelResult, 1);

  r->cases_per_100k_7d = NAN;
  r->dose1_18_share = NAN;
  r->full_65_share = NAN;
  return r;
}

GbLevelResult *
gb_level_result_copy (const GbLevelResult *result)
{
  GbLevelResult *r = g_new (GbLevelResult, 1);

  *r = *result;
  r->unit_code = g_strdup (result->unit_code);
  r->unit_name = g_strdup (result->unit_name);
  r->rule_set = g_strdup (result->rule_set);
  r->reasons = g_strdup (result->reasons);
  r->override_reason = g_strdup (result->override_reason);
  return r;
}

void
gb_level_result_free (GbLevelResult *result)
{
  if (result == NULL)
    return;
  g_free (result->unit_code);
  g_free (result->unit_name);
  g_free (result->rule_set);
  g_free (result->reasons);
  g_free (result->override_reason);
  g_free (result);
}

guint32
gb_level_get_color (GbLevel level)
{
  switch (level)
    {
    case GB_LEVEL_1: return 0x0FA57F;
    case GB_LEVEL_2: return 0xF1BA15;
    case GB_LEVEL_3: return 0xF28E12;
    case GB_LEVEL_4: return 0xDA4711;
    case GB_LEVEL_NO_DATA:
    default:         return 0x9A9996;
    }
}

guint32
gb_level_get_high_contrast_color (GbLevel level)
{
  switch (level)
    {
    case GB_LEVEL_1: return 0x0B8A3E;
    case GB_LEVEL_2: return 0xFFE14D;
    case GB_LEVEL_3: return 0xFF8A00;
    case GB_LEVEL_4: return 0xA3001B;
    case GB_LEVEL_NO_DATA:
    default:         return 0xBFC3C8;
    }
}

const char *
gb_level_get_name (GbLevel level)
{
  switch (level)
    {
    case GB_LEVEL_1: return _("Level 1 (green)");
    case GB_LEVEL_2: return _("Level 2 (yellow)");
    case GB_LEVEL_3: return _("Level 3 (orange)");
    case GB_LEVEL_4: return _("Level 4 (red)");
    case GB_LEVEL_NO_DATA:
    default:         return _("No data");
    }
}

/**
 * gb_level_get_name_for:
 * @zones: whether the rule set in force speaks of zones (QĐ 2686) rather than levels (NQ 128)
 *
 * Returns: "Red zone (very high risk)" under a zone rule set, "Level 4 (red)" under a level
 *   one, in the UI language
 */
const char *
gb_level_get_name_for (GbLevel  level,
                       gboolean zones)
{
  if (!zones)
    return gb_level_get_name (level);
  switch (level)
    {
    case GB_LEVEL_1: return _("Green zone (new normal)");
    case GB_LEVEL_2: return _("Yellow zone (at risk)");
    case GB_LEVEL_3: return _("Orange zone (high risk)");
    case GB_LEVEL_4: return _("Red zone (very high risk)");
    case GB_LEVEL_NO_DATA:
    default:         return _("No data");
    }
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * gb_level_results_to_csv:
 * @results: (element-type GbLevelResult): the units' levels on a date
 * @week_before: (element-type GbLevelResult) (nullable): their levels a week before
 * @zones: name the levels as zones (QĐ 2686)
 *
 * The table of units as CSV (RFC 4180, UTF-8, CRLF): code, name, level, its name, whether it
 * was declared, community cases in the window, per 100,000, the change of level since the week
 * before, and the reasons.
 *
 * Returns: (transfer full): the text
 */
char *
gb_level_results_to_csv (GPtrArray *results,
                         GPtrArray *week_before,
                         gboolean   zones)
{
  g_autoptr(GHashTable) before = g_hash_table_new (g_str_hash, g_str_equal);
  GString *out;

  g_return_val_if_fail (results != NULL, NULL);

  for (guint i = 0; week_before != NULL && i < week_before->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (week_before, i);

      g_hash_table_insert (before, r->unit_code, r);
    }
  out = g_string_new ("code,name,level,level_name,declared,community_cases_7d,cases_per_100k_7d,change_since_last_week,reasons\r\n");
  for (guint i = 0; i < results->len; i++)
    {
      GbLevelResult *r = g_ptr_array_index (results, i);
      GbLevelResult *b = g_hash_table_lookup (before, r->unit_code);
      char rate[G_ASCII_DTOSTR_BUF_SIZE] = "";

      csv_field (out, r->unit_code);
      g_string_append_c (out, ',');
      csv_field (out, r->unit_name);
      g_string_append_printf (out, ",%d,", r->effective);
      csv_field (out, gb_level_get_name_for (r->effective, zones));
      g_string_append_printf (out, ",%s,%" G_GINT64_FORMAT ",", r->declared != GB_LEVEL_NO_DATA ? "yes" : "no",
                              r->community_cases_7d);
      if (!isnan (r->cases_per_100k_7d))
        g_ascii_formatd (rate, sizeof rate, "%.1f", r->cases_per_100k_7d);
      g_string_append (out, rate);
      g_string_append_c (out, ',');
      if (b != NULL && b->effective != GB_LEVEL_NO_DATA && r->effective != GB_LEVEL_NO_DATA)
        g_string_append_printf (out, "%+d", (int) r->effective - (int) b->effective);
      g_string_append_c (out, ',');
      csv_field (out, r->reasons);
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}
