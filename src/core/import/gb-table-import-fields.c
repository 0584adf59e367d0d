/* gb-table-import-fields.c — what a column's header means: Vietnamese and English headers,
 * with or without diacritics, as provinces and DHIS2 exports write them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-table-import-private.h"
#include "gb-text.h"
#include "gb-types.h"

typedef struct
{
  const char *field;          /* a series column's name, or unit_name, district, ignore */
  const char *headers[16];    /* normalized: no diacritics, lower case, single spaces */
} Aliases;

/* Headers are compared after gb_table_normalize_header(): "Số ca mắc mới (ca)" reads
 * "so ca mac moi ca". A leading "so" ("số", number of) and a trailing unit word are also
 * tried without, so the lists hold the short forms. */
static const Aliases common_aliases[] = {
  { "unit_code", { "ma", "ma xa", "ma don vi", "ma dvhc", "ma phuong xa", "ma xa phuong", "ma gso", "ma dia phuong",
                   "commune code", "unit code", "code", "unit", "orgunit", "ma so", NULL } },
  { "unit_name", { "ten xa", "xa", "xa phuong", "phuong xa", "xa phuong thi tran", "don vi", "ten don vi",
                   "dia phuong", "ten", "commune", "name", "unit name", "ward", "ten dia phuong", "don vi hanh chinh",
                   NULL } },
  { "district", { "huyen", "ten huyen", "quan huyen", "huyen thi xa thanh pho", "huyen thi xa", "huyen thanh pho",
                  "district", "ma huyen", "district code", NULL } },
  { "date", { "ngay", "date", "ngay bao cao", "thoi gian", "ngay thang", "ngay thang nam", "report date", "day",
              NULL } },
  { "ignore", { "stt", "tt", "thu tu", "ghi chu", "note", "notes", "no", "tong", "tong cong", "cong", "total",
                "luy ke", "cumulative", NULL } },
};

static const Aliases case_aliases[] = {
  { "community", { "ca cong dong", "cong dong", "community", "community cases", "ca mac cong dong",
                   "ca mac moi tai cong dong", "ca mac moi trong cong dong", "ca trong cong dong", "ca tai cong dong",
                   "ngoai khu cach ly", "ca ngoai khu cach ly", NULL } },
  { "quarantine", { "ca trong khu cach ly", "trong khu cach ly", "khu cach ly", "cach ly", "ca cach ly", "quarantine",
                    "quarantine cases", "ca mac trong khu cach ly", "da cach ly", "ca da cach ly", "trong cach ly",
                    NULL } },
  { "new_cases", { "ca mac moi", "ca moi", "new cases", "cases", "ca mac", "tong ca mac moi", "mac moi", "ca",
                   "ca benh moi", "ca nhiem moi", "ca duong tinh", "ca duong tinh moi", NULL } },
  { "unknown_source", { "khong ro nguon", "chua ro nguon", "chua ro nguon lay", "khong ro nguon lay",
                        "unknown source", "chua ro nguon lay nhiem", NULL } },
  { "deaths", { "tu vong", "ca tu vong", "deaths", "new deaths", "chet", NULL } },
  { "recovered", { "khoi benh", "ca khoi benh", "ra vien", "khoi", "recovered", "ca khoi", NULL } },
  { "tests", { "xet nghiem", "mau xet nghiem", "test", "tests", "luot xet nghiem", "mau", NULL } },
};

static const Aliases vacc_aliases[] = {
  { "pop_18", { "dan so tu 18 tuoi", "dan so 18 tuoi tro len", "dan so tren 18 tuoi", "dan so 18", "population 18",
                "dan so tu 18 tuoi tro len", "dan so tren 18", NULL } },
  { "pop_65", { "dan so tu 65 tuoi", "dan so 65 tuoi tro len", "dan so tren 65 tuoi", "dan so 65", "population 65",
                "dan so tu 65 tuoi tro len", "dan so tren 65", NULL } },
  { "dose1_18", { "da tiem mui 1", "tiem it nhat 1 mui", "nguoi tiem mui 1", "mui 1", "dose 1", "dose1",
                  "people vaccinated", "nguoi da tiem mui 1", "tiem mui 1", NULL } },
  { "full_18", { "tiem du mui", "da tiem du mui", "nguoi tiem du mui", "du mui", "mui 2", "fully vaccinated",
                 "people fully vaccinated", "nguoi da tiem du mui", NULL } },
  { "full_65", { "tiem du mui tu 65 tuoi", "du mui 65", "du mui tren 65", "fully vaccinated 65",
                 "tiem du mui tren 65 tuoi", "da tiem du mui tu 65 tuoi", NULL } },
  { "doses_given", { "mui tiem", "mui da tiem", "mui vac xin da tiem", "doses", "doses given", "vaccinations",
                     "mui vac xin", "luot tiem", "mui", NULL } },
  { "doses_allocated", { "vac xin duoc phan bo", "vac xin phan bo", "phan bo", "doses allocated",
                         "lieu vac xin duoc phan bo", "lieu phan bo", NULL } },
};

/**
 * gb_table_normalize_header:
 *
 * Returns: @text without diacritics, in lower case, every run of other characters than letters
 *   and digits one space ("Số ca mắc mới (ca)" → "so ca mac moi ca")
 */
char *
gb_table_normalize_header (const char *text)
{
  g_autofree char *folded = gb_text_fold (text);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_unichar (out, c);
          space = FALSE;
        }
      else
        space = TRUE;
    }
  return g_string_free (out, FALSE);
}

int
gb_table_field_from_name (GbSeriesKind  kind,
                          const char   *name)
{
  const GbSeriesColumn *columns;
  guint n_columns;

  if (name == NULL)
    return GB_FIELD_NONE;
  columns = gb_series_columns (kind, &n_columns);
  for (guint i = 0; i < n_columns; i++)
    if (strcmp (name, columns[i].name) == 0)
      return i;
  if (strcmp (name, "unit_name") == 0)
    return GB_FIELD_UNIT_NAME;
  if (strcmp (name, "district") == 0)
    return GB_FIELD_DISTRICT;
  if (strcmp (name, "ignore") == 0)
    return GB_FIELD_IGNORE;
  return GB_FIELD_NONE;
}

const char *
gb_table_field_name (GbSeriesKind kind,
                     int          field)
{
  const GbSeriesColumn *columns;
  guint n_columns;

  columns = gb_series_columns (kind, &n_columns);
  if (field >= 0 && (guint) field < n_columns)
    return columns[field].name;
  if (field == GB_FIELD_UNIT_NAME)
    return "unit_name";
  if (field == GB_FIELD_DISTRICT)
    return "district";
  if (field == GB_FIELD_IGNORE)
    return "ignore";
  return NULL;
}

static int
lookup (GbSeriesKind  kind,
        const char   *key)
{
  const Aliases *own = kind == GB_SERIES_CASES ? case_aliases : vacc_aliases;
  guint n_own = kind == GB_SERIES_CASES ? G_N_ELEMENTS (case_aliases) : G_N_ELEMENTS (vacc_aliases);
  const GbSeriesColumn *columns;
  guint n_columns;

  /* The canonical names and the old feeds' aliases ("new_cases" reads "new cases"). */
  columns = gb_series_columns (kind, &n_columns);
  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *name = gb_table_normalize_header (columns[i].name);

      if (strcmp (key, name) == 0)
        return i;
      for (guint a = 0; columns[i].aliases[a] != NULL; a++)
        {
          g_autofree char *alias = gb_table_normalize_header (columns[i].aliases[a]);

          if (strcmp (key, alias) == 0)
            return i;
        }
    }
  for (guint i = 0; i < n_own; i++)
    for (guint a = 0; own[i].headers[a] != NULL; a++)
      if (strcmp (key, own[i].headers[a]) == 0)
        return gb_table_field_from_name (kind, own[i].field);
  for (guint i = 0; i < G_N_ELEMENTS (common_aliases); i++)
    for (guint a = 0; common_aliases[i].headers[a] != NULL; a++)
      if (strcmp (key, common_aliases[i].headers[a]) == 0)
        return gb_table_field_from_name (kind, common_aliases[i].field);
  return GB_FIELD_NONE;
}

/* Vaccination headers name an age group and a dose in many orders and spellings ("Mũi 1
 * 12-17 tuổi", "12-17 tuổi - Mũi 2", "Trên 65 tuổi: mũi nhắc lại", "Booster 5-11"), or just
 * the dose ("Mũi 1": adults, the first rows' meaning). Matched on whole words of the
 * normalized, space-padded header. */
static const struct { int group; const char *words[8]; } group_words[] = {
  { GB_AGE_12_17, { " 12 17 ", " 12 den 17 ", " 12 den duoi 18 ", " 12 toi 17 ", " 12 to 17 ", " 12 17tuoi ", NULL } },
  { GB_AGE_5_11, { " 5 11 ", " 5 den 11 ", " 5 den duoi 12 ", " 5 toi 11 ", " 5 to 11 ", " 5 11tuoi ", NULL } },
  { GB_AGE_65, { " 65 ", " 65tuoi ", " 65 tuoi ", " over 65 ", " 65 plus ", NULL } },
  { GB_AGE_18, { " 18 ", " 18tuoi ", " 18 tuoi ", " nguoi lon ", " adults ", NULL } },
};

static const struct { int dose; const char *words[12]; } dose_words[] = {
  { GB_DOSE_BOOSTER, { " nhac lai ", " bo sung ", " booster ", " mui 3 ", " dose 3 ", " third dose ", " tang cuong ",
                       " mui thu 3 ", " mui thu ba ", " additional dose ", NULL } },
  { GB_DOSE_2, { " mui 2 ", " dose 2 ", " second dose ", " du mui ", " 2 mui ", " fully vaccinated ", " dose2 ",
                 " mui thu 2 ", " mui thu hai ", " fully ", NULL } },
  { GB_DOSE_1, { " mui 1 ", " dose 1 ", " first dose ", " 1 mui ", " dose1 ", " mui thu nhat ", " mui thu 1 ",
                 " mot mui ", " at least one dose ", NULL } },
  { -1, { " dan so ", " population ", NULL } },
};

static int
words_group (const char *padded)
{
  for (guint i = 0; i < G_N_ELEMENTS (group_words); i++)
    for (guint w = 0; group_words[i].words[w] != NULL; w++)
      if (strstr (padded, group_words[i].words[w]) != NULL)
        return group_words[i].group;
  return -1;
}

/**
 * gb_table_age_group_in_header:
 *
 * Returns: the #GbAgeGroup a header (a band over dose columns: "Từ 12-17 tuổi") names, or -1
 */
int
gb_table_age_group_in_header (const char *header)
{
  g_autofree char *key = gb_table_normalize_header (header);
  g_autofree char *padded = g_strconcat (" ", key, " ", NULL);

  return words_group (padded);
}

static int
group_dose_field (const char *key)
{
  g_autofree char *padded = g_strconcat (" ", key, " ", NULL);
  int group = words_group (padded);

  for (guint i = 0; i < G_N_ELEMENTS (dose_words); i++)
    for (guint w = 0; dose_words[i].words[w] != NULL; w++)
      if (strstr (padded, dose_words[i].words[w]) != NULL)
        {
          /* A population names its group; a dose alone is the adults'. */
          if (group < 0 && dose_words[i].dose < 0)
            return GB_FIELD_NONE;
          return gb_table_field_from_name (GB_SERIES_VACCINATIONS,
                                           gb_vaccination_field_name (group < 0 ? GB_AGE_18 : group,
                                                                      dose_words[i].dose));
        }
  return GB_FIELD_NONE;
}

/**
 * gb_table_field_refined:
 * @qualifier: a text that may name a group or a dose: a DHIS2 category option combo
 *   ("12-17 tuổi, Mũi 2")
 *
 * Returns: @field with the group and dose @qualifier names instead of its own (vaccination's
 *   group and dose counts only); @field when it names neither
 */
int
gb_table_field_refined (GbSeriesKind  kind,
                        int           field,
                        const char   *qualifier)
{
  const GbVaccinationField *fields = gb_vaccination_fields ();
  g_autofree char *key = NULL;
  g_autofree char *padded = NULL;
  int group, dose;

  if (kind != GB_SERIES_VACCINATIONS || qualifier == NULL || field < 2 || field >= 2 + GB_VACCINATION_N_FIELDS ||
      fields[field - 2].group < 0)
    return field;
  key = gb_table_normalize_header (qualifier);
  padded = g_strconcat (" ", key, " ", NULL);
  group = words_group (padded);
  dose = -2;
  for (guint i = 0; i < G_N_ELEMENTS (dose_words) && dose == -2; i++)
    for (guint w = 0; dose_words[i].words[w] != NULL && dose == -2; w++)
      if (strstr (padded, dose_words[i].words[w]) != NULL)
        dose = dose_words[i].dose;
  if (group < 0 && dose == -2)
    return field;
  return gb_table_field_from_name (kind, gb_vaccination_field_name (group >= 0 ? group : fields[field - 2].group,
                                                                    dose != -2 ? dose : fields[field - 2].dose));
}

/**
 * gb_table_field_for_header:
 *
 * Returns: the field a header names, or %GB_FIELD_NONE
 */
int
gb_table_field_for_header (GbSeriesKind  kind,
                           const char   *header)
{
  static const char *units[] = { " ca", " nguoi", " mui", " lieu", " nguoi", " people", NULL };
  g_autofree char *key = gb_table_normalize_header (header);
  int field;
  gsize len;

  if (*key == '\0')
    return GB_FIELD_NONE;
  if ((field = lookup (kind, key)) != GB_FIELD_NONE)
    return field;
  /* "Số ca tử vong" → "ca tu vong"; "Tử vong (ca)" → "tu vong". */
  if (g_str_has_prefix (key, "so ") && (field = lookup (kind, key + 3)) != GB_FIELD_NONE)
    return field;
  /* "Tên xã/phường/thị trấn", "Mã phường, xã": a name or code, whatever the kinds listed. */
  if (g_str_has_prefix (key, "ten xa ") || g_str_has_prefix (key, "ten phuong ") || g_str_has_prefix (key, "ten thi tran "))
    return GB_FIELD_UNIT_NAME;
  if (g_str_has_prefix (key, "ma xa ") || g_str_has_prefix (key, "ma phuong ") || g_str_has_prefix (key, "ma thi tran "))
    return GB_FIELD_UNIT_CODE;
  len = strlen (key);
  for (guint i = 0; units[i] != NULL; i++)
    if (g_str_has_suffix (key, units[i]) && len > strlen (units[i]))
      {
        key[len - strlen (units[i])] = '\0';
        if ((field = lookup (kind, key)) != GB_FIELD_NONE ||
            (g_str_has_prefix (key, "so ") && (field = lookup (kind, key + 3)) != GB_FIELD_NONE))
          return field;
        key[len - strlen (units[i])] = units[i][0];
      }
  if (kind == GB_SERIES_VACCINATIONS)
    return group_dose_field (key);
  return GB_FIELD_NONE;
}

/**
 * gb_table_field_in_title:
 *
 * Returns: the count field a title above a wide table names ("Số ca mắc mới theo ngày" →
 *   new_cases), the longest match; %GB_FIELD_NONE when it names none
 */
int
gb_table_field_in_title (GbSeriesKind  kind,
                         const char   *text)
{
  const Aliases *own = kind == GB_SERIES_CASES ? case_aliases : vacc_aliases;
  guint n_own = kind == GB_SERIES_CASES ? G_N_ELEMENTS (case_aliases) : G_N_ELEMENTS (vacc_aliases);
  g_autofree char *key = gb_table_normalize_header (text);
  g_autofree char *padded = g_strconcat (" ", key, " ", NULL);
  int best = GB_FIELD_NONE;
  gsize best_len = 0;

  for (guint i = 0; i < n_own; i++)
    for (guint a = 0; own[i].headers[a] != NULL; a++)
      {
        g_autofree char *needle = g_strconcat (" ", own[i].headers[a], " ", NULL);
        gsize len = strlen (needle);

        /* Single words ("ca", "mui") say too little in a title. */
        if (strchr (own[i].headers[a], ' ') != NULL && len > best_len && strstr (padded, needle) != NULL)
          {
            best = gb_table_field_from_name (kind, own[i].field);
            best_len = len;
          }
      }
  return best;
}

/* A row that adds up others ("Tổng cộng", "Toàn tỉnh", "Total"): left out, and listed. */
gboolean
gb_table_is_total_label (const char *text)
{
  static const char *labels[] = { "tong", "tong cong", "cong", "total", "toan tinh", "toan huyen", "tong so",
                                  "tong toan tinh", "tong toan huyen", "sum", "grand total", NULL };
  g_autofree char *key = NULL;

  /* Every label starts with one of these letters: most names are not folded at all. */
  if (text == NULL || strchr ("tTcCsSgG", text[0]) == NULL || text[0] == '\0')
    return FALSE;
  key = gb_table_normalize_header (text);
  return g_strv_contains (labels, key);
}

/**
 * gb_table_import_field_names:
 *
 * Returns: (transfer none): the names --map accepts for @kind
 */
const char **
gb_table_import_field_names (GbSeriesKind kind)
{
  static const char *cases[] = { "unit_code", "date", "community", "quarantine", "new_cases", "unknown_source",
                                 "deaths", "recovered", "tests", "unit_name", "district", "ignore", NULL };
  static const char *vacc[] = { "unit_code", "date", "pop_18", "pop_65", "dose1_18", "full_18", "full_65",
                                "doses_given", "doses_allocated", "pop_12_17", "pop_5_11", "booster_18", "dose1_65",
                                "booster_65", "dose1_12_17", "dose2_12_17", "booster_12_17", "dose1_5_11",
                                "dose2_5_11", "booster_5_11", "unit_name", "district", "ignore", NULL };

  G_STATIC_ASSERT (G_N_ELEMENTS (vacc) == 2 + GB_VACCINATION_N_FIELDS + 4);
  return kind == GB_SERIES_CASES ? cases : vacc;
}
