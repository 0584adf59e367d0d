/* test-table-import.c — tables as provinces keep them: per format, layout, header spelling,
 * unit matching and bad input (the database unchanged, byte for byte)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-date.h"
#include "gb-error.h"
#include "gb-store.h"
#include "gb-table-import-private.h"
#include "gb-test-util.h"
#include "gb-test-workbook.h"

typedef struct
{
  char    *path;
  GbStore *store;
} Fixture;

static void
add_unit (GbStore     *store,
          const char  *code,
          GbUnitLevel  level,
          const char  *parent,
          const char  *name)
{
  g_autoptr(GError) error = NULL;
  GbUnit unit = { .code = (char *) code, .level = level, .parent_code = (char *) parent, .name = (char *) name,
                  .population = 10000, .pop_18 = -1, .pop_65 = -1 };

  g_assert_true (gb_store_put_unit (store, &unit, NULL, &error));
  g_assert_no_error (error);
}

/* Ninh Thuận's units as the GSO names them, with a name in two districts (Tân Hải) and a
 * commune named as a district (Ninh Hải). */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = gb_test_temp_db ();
  f->store = gb_store_open (f->path, &error);
  g_assert_no_error (error);
  add_unit (f->store, "58", GB_UNIT_LEVEL_PROVINCE, NULL, "Tỉnh Ninh Thuận");
  add_unit (f->store, "582", GB_UNIT_LEVEL_DISTRICT, "58", "Thành phố Phan Rang-Tháp Chàm");
  add_unit (f->store, "586", GB_UNIT_LEVEL_DISTRICT, "58", "Huyện Ninh Hải");
  add_unit (f->store, "22738", GB_UNIT_LEVEL_COMMUNE, "582", "Phường Đô Vinh");
  add_unit (f->store, "22741", GB_UNIT_LEVEL_COMMUNE, "582", "Phường Phước Mỹ");
  add_unit (f->store, "22800", GB_UNIT_LEVEL_COMMUNE, "582", "Xã Tân Hải");
  add_unit (f->store, "22830", GB_UNIT_LEVEL_COMMUNE, "586", "Xã Tân Hải");
  add_unit (f->store, "22840", GB_UNIT_LEVEL_COMMUNE, "586", "Thị trấn Khánh Hải");
  add_unit (f->store, "22850", GB_UNIT_LEVEL_COMMUNE, "586", "Xã Ninh Hải");
  add_unit (f->store, "22860", GB_UNIT_LEVEL_COMMUNE, "586", "Phường 1");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
}

static GbTableImport *
read_table (Fixture       *f,
            GbSeriesKind   kind,
            const char    *name,
            GBytes        *bytes,
            const char   **map,
            GError       **error)
{
  GbTableImportOptions options = { NULL, map, NULL, "2022-01-31", NULL };

  return gb_table_import_read (f->store, kind, name, bytes, &options, error);
}

/* Reads and imports; asserts there is no problem. */
static void
import_ok (Fixture      *f,
           GbSeriesKind  kind,
           const char   *name,
           GBytes       *bytes,
           const char  **map)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTableImport) table = read_table (f, kind, name, bytes, map, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  for (guint i = 0; i < gb_table_import_get_problems (table)->len; i++)
    g_test_message ("%s", ((GbTableProblem *) g_ptr_array_index (gb_table_import_get_problems (table), i))->message);
  g_assert_cmpuint (gb_table_import_get_n_problems (table), ==, 0);
  g_assert_true (gb_table_import_apply (table, f->store, FALSE, NULL, NULL, &error));
  g_assert_no_error (error);
}

static GbCaseReport
case_report (Fixture    *f,
             const char *unit,
             const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) reports = gb_store_get_case_reports (f->store, unit, date, date, &error);
  GbCaseReport none;

  g_assert_no_error (error);
  gb_case_report_init (&none);
  none.community = -2;
  return reports->len ? g_array_index (reports, GbCaseReport, 0) : none;
}

static char *
file_sum (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return g_strdup ("absent");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) data, len);
}

/* A bad table: a problem (or a read error) whose message holds every one of @needles, and
 * the database the same, row for row and byte for byte. */
static void
check_bad (Fixture      *f,
           GbSeriesKind  kind,
           const char   *name,
           GBytes       *bytes,
           const char  **map,
           const char   *needles)
{
  g_autofree char *before = gb_test_fingerprint (f->path);
  g_autofree char *before_file = file_sum (f->path);
  g_autofree char *after = NULL;
  g_autofree char *after_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTableImport) table = read_table (f, kind, name, bytes, map, &error);
  g_auto(GStrv) parts = g_strsplit (needles, "|", -1);

  if (table != NULL)
    {
      g_assert_false (gb_table_import_apply (table, f->store, FALSE, NULL, NULL, &error));
      g_assert_nonnull (error);
    }
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strstr (error->message, parts[i]) == NULL)
      g_error ("“%s” lacks “%s”", error->message, parts[i]);
  after = gb_test_fingerprint (f->path);
  after_file = file_sum (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (before_file, ==, after_file);
}

#define LONG_TABLE \
  "BÁO CÁO SỐ CA MẮC COVID-19 THEO XÃ\n" \
  "(Kèm theo báo cáo ngày 02/10/2021)\n" \
  "\n" \
  "STT\tMã xã\tTên xã\tNgày\tCa cộng đồng\tCa trong khu cách ly\tTử vong\tXét nghiệm\n" \
  "#1\t#22738\tPhường Đô Vinh\t01/10/2021\t#3\t#1\t#0\t#120\n" \
  "#2\t22741\tPhường Phước Mỹ\t@44470\t#2\t#0\t\t#80\n" \
  "#3\t#22738\tPhường Đô Vinh\t2/10/21\t#4\t#2\t#1\t#100\n" \
  "\tTổng cộng\t\t\t=SUM(E5:E7)|9\t=SUM(F5:F7)|3\t\t\n"

static void
check_long_table (Fixture *f)
{
  GbCaseReport r = case_report (f, "22738", "2021-10-01");

  g_assert_cmpint (r.community, ==, 3);
  g_assert_cmpint (r.quarantine, ==, 1);
  g_assert_cmpint (r.deaths, ==, 0);
  g_assert_cmpint (r.tests, ==, 120);
  r = case_report (f, "22741", "2021-10-01");
  g_assert_cmpint (r.community, ==, 2);
  g_assert_cmpint (r.deaths, ==, -1);
  r = case_report (f, "22738", "2021-10-02");
  g_assert_cmpint (r.community, ==, 4);
  g_assert_cmpint (r.deaths, ==, 1);
}

static void
test_format_xlsx (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTableImport) table = NULL;

  gb_test_workbook_add_sheet (book, "Ghi chú", "Số liệu do CDC tỉnh cung cấp\n");
  gb_test_workbook_add_sheet (book, "Ca mắc", LONG_TABLE);
  bytes = gb_test_workbook_xlsx (book);
  table = read_table (f, GB_SERIES_CASES, "ca-mac.xlsx", bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gb_table_import_get_format (table), ==, "XLSX");
  g_assert_cmpstr (gb_table_import_get_sheet (table), ==, "Ca mắc");
  g_assert_cmpuint (gb_table_import_get_header_row (table), ==, 4);
  g_assert_cmpint (gb_table_import_get_layout (table), ==, GB_TABLE_LAYOUT_LONG);
  g_assert_cmpuint (gb_table_import_get_n_records (table), ==, 3);
  g_assert_cmpuint (gb_table_import_get_skipped (table)->len, ==, 1);
  g_assert_cmpstr (gb_table_import_get_first_date (table), ==, "2021-10-01");
  g_assert_true (gb_table_import_apply (table, f->store, FALSE, NULL, NULL, &error));
  g_assert_no_error (error);
  check_long_table (f);
}

static void
test_format_ods (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
  g_autoptr(GBytes) bytes = NULL;

  gb_test_workbook_add_sheet (book, "Ca mắc", LONG_TABLE);
  bytes = gb_test_workbook_ods (book);
  import_ok (f, GB_SERIES_CASES, "ca-mac.ods", bytes, NULL);
  check_long_table (f);
}

static void
test_format_xls (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
  g_autoptr(GBytes) bytes = NULL;

  /* XLS holds no formulas here: the total row is plain numbers. */
  gb_test_workbook_add_sheet (book, "Ca mắc",
                              "BÁO CÁO SỐ CA MẮC\n"
                              "Mã xã\tNgày\tCa cộng đồng\tCa trong khu cách ly\tTử vong\tXét nghiệm\n"
                              "#22738\t01/10/2021\t#3\t#1\t#0\t#120\n"
                              "22741\t01/10/2021\t#2\t#0\t\t#80\n"
                              "#22738\t2021-10-02\t#4\t#2\t#1\t#100\n");
  bytes = gb_test_workbook_xls (book);
  import_ok (f, GB_SERIES_CASES, "ca-mac.xls", bytes, NULL);
  check_long_table (f);
}

/* The same table as CSV, in every encoding and with every delimiter spreadsheets save. */
static void
test_format_csv (Fixture       *f,
                 gconstpointer  data)
{
  static const char *csv =
    "Mã xã,Tên xã,Ngày,Ca cộng đồng,Ca trong khu cách ly,Tử vong,Xét nghiệm\r\n"
    "22738,Phường Đô Vinh,01/10/2021,3,1,0,120\r\n"
    "22741,\"Phường Phước Mỹ\",01/10/2021,2,0,,80\r\n"
    "22738,Phường Đô Vinh,02/10/2021,4,2,1,100\r\n";
  const char *variants[] = { "comma", "semicolon-bom", "tab", "windows-1258", "utf-16" };

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      g_autofree char *text = g_strdup (csv);
      g_autofree char *converted = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize len = 0;

      g_test_message ("%s", variants[v]);
      if (v == 1 || v == 2)
        for (char *p = text; *p; p++)
          if (*p == ',')
            *p = v == 1 ? ';' : '\t';
      if (v == 1)
        {
          converted = g_strconcat ("\xEF\xBB\xBF", text, NULL);
          len = strlen (converted);
        }
      else if (v == 3)
        {
          /* Windows-1258 keeps tone marks as combining characters: iconv splits them off. */
          converted = g_convert (text, -1, "WINDOWS-1258", "UTF-8", NULL, &len, NULL);
          g_assert_nonnull (converted);
        }
      else if (v == 4)
        {
          g_autofree char *utf16 = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);

          converted = g_malloc (len + 2);
          memcpy (converted, "\xFF\xFE", 2);
          memcpy (converted + 2, utf16, len);
          len += 2;
        }
      else
        {
          converted = g_strdup (text);
          len = strlen (text);
        }
      bytes = g_bytes_new (converted, len);
      import_ok (f, GB_SERIES_CASES, "ca-mac.csv", bytes, NULL);
      check_long_table (f);
    }
}

/* Dates across: as text, as serials formatted as dates, under a merged title. */
static void
test_layout_wide (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTableImport) table = NULL;
  GbCaseReport r;

  gb_test_workbook_add_sheet (book, "Theo ngày",
                              "SỐ CA MẮC MỚI TRONG CỘNG ĐỒNG THEO NGÀY\n"
                              "Huyện\tXã\t@44470\t02/10/2021\t2021-10-03\tTổng\n"
                              "Phan Rang - Tháp Chàm\tĐô Vinh\t#5\t#0\t#7\t=SUM(C3:E3)|12\n"
                              "Ninh Hải\tTân Hải\t#1\t\t#2\t=SUM(C4:E4)|3\n"
                              "Phan Rang-Tháp Chàm\tTân Hải\t#0\t#0\t#0\t=SUM(C5:E5)|0\n");
  bytes = gb_test_workbook_xlsx (book);
  table = read_table (f, GB_SERIES_CASES, "wide.xlsx", bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gb_table_import_get_layout (table), ==, GB_TABLE_LAYOUT_WIDE);
  g_assert_cmpstr (gb_table_import_get_wide_field (table), ==, "community");
  g_assert_cmpuint (gb_table_import_get_n_problems (table), ==, 0);
  g_assert_cmpuint (gb_table_import_get_n_records (table), ==, 8);
  g_assert_true (gb_table_import_apply (table, f->store, FALSE, NULL, NULL, &error));
  r = case_report (f, "22738", "2021-10-03");
  g_assert_cmpint (r.community, ==, 7);
  r = case_report (f, "22830", "2021-10-01");
  g_assert_cmpint (r.community, ==, 1);
  r = case_report (f, "22830", "2021-10-02");
  g_assert_cmpint (r.community, ==, -2);   /* an empty cell is no report */
  r = case_report (f, "22800", "2021-10-02");
  g_assert_cmpint (r.community, ==, 0);
}

/* Two header rows ("Số ca mắc mới" over "Cộng đồng | Cách ly"), English and unaccented
 * spellings, and --map for a header no list knows. */
static void
test_layout_sub_header (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
  g_autoptr(GBytes) bytes = NULL;
  const char *map[] = { "Số F0 phát hiện=new_cases", NULL };
  GbCaseReport r;

  gb_test_workbook_add_sheet (book, "Sheet1",
                              "Ma xa\tNgay\tSo ca mac moi\t\tSố F0 phát hiện\n"
                              "\t\tCong dong\tCach ly\t\n"
                              "#22741\t11/10/2021\t#2\t#3\t#5\n");
  bytes = gb_test_workbook_ods (book);
  import_ok (f, GB_SERIES_CASES, "two-rows.ods", bytes, map);
  r = case_report (f, "22741", "2021-10-11");
  g_assert_cmpint (r.community, ==, 2);
  g_assert_cmpint (r.quarantine, ==, 3);
}

static void
test_vaccinations (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  static const char *csv =
    "Mã xã;Ngày;Dân số từ 18 tuổi;Đã tiêm mũi 1;Tiêm đủ mũi;Số mũi tiêm\n"
    "22738;15/10/2021;1.200;800;400;95\n";

  bytes = g_bytes_new_static (csv, strlen (csv));
  import_ok (f, GB_SERIES_VACCINATIONS, "tiem.csv", bytes, NULL);
  rows = gb_store_get_vaccinations (f->store, "22738", "2021-10-15", "2021-10-15", &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (g_array_index (rows, GbVaccination, 0).pop_18, ==, 1200);
  g_assert_cmpint (g_array_index (rows, GbVaccination, 0).dose1_18, ==, 800);
  g_assert_cmpint (g_array_index (rows, GbVaccination, 0).full_18, ==, 400);
  g_assert_cmpint (g_array_index (rows, GbVaccination, 0).doses_given, ==, 95);
}

static void
test_header_spellings (void)
{
  static const struct
  {
    GbSeriesKind kind;
    const char  *header;
    const char  *field;
  } cases[] = {
    { GB_SERIES_CASES, "Mã xã", "unit_code" },
    { GB_SERIES_CASES, "MÃ XÃ", "unit_code" },
    { GB_SERIES_CASES, "ma_xa", "unit_code" },
    { GB_SERIES_CASES, "unit_code", "unit_code" },
    { GB_SERIES_CASES, "Tên xã", "unit_name" },
    { GB_SERIES_CASES, "Xã/Phường", "unit_name" },
    { GB_SERIES_CASES, "Tên xã/phường", "unit_name" },
    { GB_SERIES_CASES, "Tên xã, phường, thị trấn", "unit_name" },
    { GB_SERIES_CASES, "Mã phường/xã", "unit_code" },
    { GB_SERIES_CASES, "Quận/Huyện", "district" },
    { GB_SERIES_CASES, "Ngày", "date" },
    { GB_SERIES_CASES, "Ngay", "date" },
    { GB_SERIES_CASES, "Số ca mắc mới", "new_cases" },
    { GB_SERIES_CASES, "So ca mac moi", "new_cases" },
    { GB_SERIES_CASES, "new_cases", "new_cases" },
    { GB_SERIES_CASES, "Ca cộng đồng", "community" },
    { GB_SERIES_CASES, "Community cases", "community" },
    { GB_SERIES_CASES, "Ca trong khu cách ly", "quarantine" },
    { GB_SERIES_CASES, "Tử vong", "deaths" },
    { GB_SERIES_CASES, "Số ca tử vong", "deaths" },
    { GB_SERIES_CASES, "Tử vong (ca)", "deaths" },
    { GB_SERIES_CASES, "Xét nghiệm", "tests" },
    { GB_SERIES_CASES, "STT", "ignore" },
    { GB_SERIES_CASES, "Ghi chú", "ignore" },
    { GB_SERIES_CASES, "Số mũi tiêm", NULL },
    { GB_SERIES_VACCINATIONS, "Số mũi tiêm", "doses_given" },
    { GB_SERIES_VACCINATIONS, "So mui tiem", "doses_given" },
    { GB_SERIES_VACCINATIONS, "Vắc xin được phân bổ", "doses_allocated" },
    { GB_SERIES_VACCINATIONS, "Tiêm đủ mũi", "full_18" },
    { GB_SERIES_CASES, "Nhiệt độ", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int field = gb_table_field_for_header (cases[i].kind, cases[i].header);

      g_test_message ("%s", cases[i].header);
      g_assert_cmpstr (gb_table_field_name (cases[i].kind, field), ==, cases[i].field);
    }
}

static GBytes *csv_bytes (const char *text);

/* The campaign's groups and doses, one header each, as Vietnamese and English reports spell
 * them; a dose alone is the adults'. */
static void
test_vaccination_group_headers (void)
{
  static const struct
  {
    const char *header;
    const char *field;
  } cases[] = {
    { "Mũi 1", "dose1_18" },
    { "Mũi 2", "full_18" },
    { "Mũi nhắc lại/bổ sung", "booster_18" },
    { "Mũi nhắc lại", "booster_18" },
    { "Mũi bổ sung", "booster_18" },
    { "Booster", "booster_18" },
    { "Mũi 1 12-17 tuổi", "dose1_12_17" },
    { "12-17 tuổi - Mũi 2", "dose2_12_17" },
    { "Từ 12 đến 17 tuổi: mũi nhắc lại", "booster_12_17" },
    { "12 - 17 tuoi mui 1", "dose1_12_17" },
    { "Dose 1 (12-17 years)", "dose1_12_17" },
    { "5-11 tuổi Mũi 1", "dose1_5_11" },
    { "Mũi 2 5-11 tuổi", "dose2_5_11" },
    { "Trẻ từ 5 đến dưới 12 tuổi - Mũi 1", "dose1_5_11" },
    { "Second dose, 5-11 years", "dose2_5_11" },
    { "Booster 5-11", "booster_5_11" },
    { "trên 65 tuổi mũi 1", "dose1_65" },
    { "Trên 65 tuổi - Mũi 2", "full_65" },
    { "Trên 65 tuổi mũi nhắc lại", "booster_65" },
    { "≥ 65 booster", "booster_65" },
    { "Over 65, first dose", "dose1_65" },
    { "Từ 18 tuổi trở lên - Mũi nhắc lại", "booster_18" },
    { "Trên 18 tuổi mũi 2", "full_18" },
    { "Adults, third dose", "booster_18" },
    { "Dân số 12-17 tuổi", "pop_12_17" },
    { "Dân số từ 5-11 tuổi", "pop_5_11" },
    { "Population 5-11", "pop_5_11" },
    { "Tiêm đủ mũi 12-17 tuổi", "dose2_12_17" },
    /* The first rows' headers keep their meaning. */
    { "Đã tiêm mũi 1", "dose1_18" },
    { "Tiêm đủ mũi từ 65 tuổi", "full_65" },
    { "Dân số từ 65 tuổi", "pop_65" },
    { "Số mũi tiêm", "doses_given" },
    /* A group without a dose, a population without a group: no field. */
    { "12-17 tuổi", NULL },
    { "Dân số", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int field = gb_table_field_for_header (GB_SERIES_VACCINATIONS, cases[i].header);

      g_test_message ("%s", cases[i].header);
      g_assert_cmpstr (gb_table_field_name (GB_SERIES_VACCINATIONS, field), ==, cases[i].field);
    }
  /* Cases never read them. */
  g_assert_cmpint (gb_table_field_for_header (GB_SERIES_CASES, "Mũi 1 12-17 tuổi"), ==, GB_FIELD_NONE);
}

static GbVaccination
vaccination (Fixture    *f,
             const char *unit,
             const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = gb_store_get_vaccinations (f->store, unit, date, date, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  return g_array_index (rows, GbVaccination, 0);
}

/* The ministry's layout: a band per group merged over its dose columns, the doses under it;
 * and one header a column ("Mũi 1 12-17 tuổi") in a CSV. */
static void
test_vaccination_groups (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) csv = csv_bytes ("Mã xã;Ngày;Mũi 1;Mũi 2;Mũi nhắc lại/bổ sung;Dân số 12-17 tuổi;Mũi 1 12-17 tuổi;"
                                     "12-17 tuổi Mũi 2;5-11 tuổi mũi 1;Trên 65 tuổi mũi 2\n"
                                     "22741;21/01/2022;9.000;8.500;3.000;2.000;1.900;1.700;400;1.100\n");
  GbVaccination v;

  gb_test_workbook_add_sheet (book, "Tiêm chủng",
                              "BÁO CÁO TIÊM VẮC XIN PHÒNG COVID-19\n"
                              "Mã xã\tNgày\tTừ 18 tuổi trở lên\t\t\tTrên 65 tuổi\t\t\t12-17 tuổi\t\t\t5-11 tuổi\t\n"
                              "\t\tMũi 1\tMũi 2\tMũi nhắc lại\tMũi 1\tMũi 2\tMũi nhắc lại\tMũi 1\tMũi 2\tMũi bổ sung\tMũi 1\tMũi 2\n"
                              "#22738\t20/01/2022\t#9100\t#8800\t#4200\t#1000\t#950\t#600\t#1500\t#1410\t#0\t#300\t\n");
  bytes = gb_test_workbook_xlsx (book);
  import_ok (f, GB_SERIES_VACCINATIONS, "tiem-chung.xlsx", bytes, NULL);
  v = vaccination (f, "22738", "2022-01-20");
  g_assert_cmpint (v.dose1_18, ==, 9100);
  g_assert_cmpint (v.full_18, ==, 8800);
  g_assert_cmpint (v.booster_18, ==, 4200);
  g_assert_cmpint (v.dose1_65, ==, 1000);
  g_assert_cmpint (v.full_65, ==, 950);
  g_assert_cmpint (v.booster_65, ==, 600);
  g_assert_cmpint (v.dose1_12_17, ==, 1500);
  g_assert_cmpint (v.dose2_12_17, ==, 1410);
  g_assert_cmpint (v.booster_12_17, ==, 0);
  g_assert_cmpint (v.dose1_5_11, ==, 300);
  g_assert_cmpint (v.dose2_5_11, ==, -1);
  g_assert_cmpint (v.booster_5_11, ==, -1);

  import_ok (f, GB_SERIES_VACCINATIONS, "tiem.csv", csv, NULL);
  v = vaccination (f, "22741", "2022-01-21");
  g_assert_cmpint (v.dose1_18, ==, 9000);
  g_assert_cmpint (v.full_18, ==, 8500);
  g_assert_cmpint (v.booster_18, ==, 3000);
  g_assert_cmpint (v.pop_12_17, ==, 2000);
  g_assert_cmpint (v.dose1_12_17, ==, 1900);
  g_assert_cmpint (v.dose2_12_17, ==, 1700);
  g_assert_cmpint (v.dose1_5_11, ==, 400);
  g_assert_cmpint (v.full_65, ==, 1100);
  g_assert_cmpint (v.dose1_65, ==, -1);
}

/* More boosters than second doses, more second doses than first, more first doses than
 * people: each refused, naming the row, nothing written. */
static void
test_vaccination_groups_bad (Fixture       *f,
                             gconstpointer  data)
{
  static const struct
  {
    const char *csv;
    const char *needles;
  } cases[] = {
    { "Mã xã;Ngày;12-17 tuổi mũi 2;12-17 tuổi mũi nhắc lại\n22738;20/01/2022;100;120\n",
      "bad.csv:2: more people vaccinated with booster_12_17 than with the dose before it (12-17)" },
    { "Mã xã;Ngày;5-11 tuổi mũi 1;5-11 tuổi mũi 2\n22738;20/01/2022;100;101\n",
      "bad.csv:2: more people vaccinated with dose2_5_11 than with the dose before it (5-11)" },
    { "Mã xã;Ngày;Dân số 12-17 tuổi;Mũi 1 12-17 tuổi\n22738;20/01/2022;100;250\n",
      "bad.csv:2: more people vaccinated than the population (12-17: dose1_12_17)" },
    { "Mã xã;Ngày;Mũi 1 12-17 tuổi;12-17 tuổi, mũi thứ nhất\n22738;20/01/2022;1;1\n",
      "column D (12-17 tuổi, mũi thứ nhất): the columns C and D both hold dose1_12_17" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = csv_bytes (cases[i].csv);

      check_bad (f, GB_SERIES_VACCINATIONS, "bad.csv", bytes, NULL, cases[i].needles);
    }
}

static void
test_dates (void)
{
  static const struct
  {
    const char *text;
    const char *iso;
  } cases[] = {
    { "01/10/2021", "2021-10-01" }, { "1/10/21", "2021-10-01" }, { "2021-10-01", "2021-10-01" },
    { "01-10-2021", "2021-10-01" }, { "01.10.2021", "2021-10-01" }, { " 1/2/2022 ", "2022-02-01" },
    { "2021-10-01 00:00:00", "2021-10-01" }, { "2021-10-01T00:00:00", "2021-10-01" },
    { "31/02/2021", NULL }, { "1/10/221", NULL }, { "1/10-2021", NULL }, { "hôm qua", NULL }, { "", NULL },
    { "2021-10-01 abc", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *iso = gb_date_parse_table (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (iso, ==, cases[i].iso);
    }
  {
    g_autofree char *a = gb_date_from_serial (44470, FALSE);
    g_autofree char *b = gb_date_from_serial (43008, TRUE);
    g_autofree char *c = gb_date_from_serial (44470.5, FALSE);
    g_autofree char *d = gb_date_from_serial (-3, FALSE);
    g_autofree char *e = gb_date_from_serial (59, FALSE);

    g_assert_cmpstr (a, ==, "2021-10-01");
    g_assert_cmpstr (b, ==, "2021-10-01");
    g_assert_null (c);
    g_assert_null (d);
    g_assert_cmpstr (e, ==, "1900-02-28");
  }
}

static GBytes *
csv_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* Units by code (as a number, without its zeros), by name without prefix or diacritics, within
 * the district; ambiguous and unknown ones listed, none dropped. */
static void
test_units (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) bytes = csv_bytes ("Mã xã,Tên xã,Huyện,Ngày,Ca cộng đồng\n"
                                       "22738,,,01/10/2021,1\n"
                                       ",Phuong Phuoc My,,01/10/2021,2\n"
                                       ",TT Khánh Hải,,01/10/2021,3\n"
                                       ",Tân Hải,Ninh Hải,01/10/2021,4\n"
                                       ",Tân Hải,586,02/10/2021,5\n"
                                       ",Ninh Hải,,01/10/2021,6\n"
                                       ",Phường 01,,01/10/2021,7\n");
  g_autoptr(GBytes) bad = csv_bytes ("Mã xã,Tên xã,Huyện,Ngày,Ca cộng đồng\n"
                                     ",Tân Hải,,01/10/2021,1\n"
                                     ",Phước Hà,,01/10/2021,2\n"
                                     "99999,,,01/10/2021,3\n"
                                     ",Tân Hải,Bác Ái,01/10/2021,4\n");
  g_autoptr(GbTableImport) table = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  import_ok (f, GB_SERIES_CASES, "units.csv", bytes, NULL);
  g_assert_cmpint (case_report (f, "22738", "2021-10-01").community, ==, 1);
  g_assert_cmpint (case_report (f, "22741", "2021-10-01").community, ==, 2);
  g_assert_cmpint (case_report (f, "22840", "2021-10-01").community, ==, 3);
  g_assert_cmpint (case_report (f, "22830", "2021-10-01").community, ==, 4);
  g_assert_cmpint (case_report (f, "22830", "2021-10-02").community, ==, 5);
  g_assert_cmpint (case_report (f, "22850", "2021-10-01").community, ==, 6);
  g_assert_cmpint (case_report (f, "22860", "2021-10-01").community, ==, 7);

  table = read_table (f, GB_SERIES_CASES, "units.csv", bad, NULL, &error);
  g_assert_no_error (error);
  problems = gb_table_import_get_problems (table);
  g_assert_cmpuint (problems->len, ==, 4);
  g_assert_nonnull (strstr (((GbTableProblem *) g_ptr_array_index (problems, 0))->message, "units.csv:2, column B (Tên xã): “Tân Hải” is ambiguous: Xã Tân Hải (22800), Xã Tân Hải (22830)"));
  g_assert_nonnull (strstr (((GbTableProblem *) g_ptr_array_index (problems, 1))->message, "units.csv:3, column B (Tên xã): no unit is named “Phước Hà”"));
  g_assert_nonnull (strstr (((GbTableProblem *) g_ptr_array_index (problems, 2))->message, "units.csv:4, column A (Mã xã): no unit has the code “99999”"));
  g_assert_nonnull (strstr (((GbTableProblem *) g_ptr_array_index (problems, 3))->message, "no district is named or coded “Bác Ái”"));
}

/* Every bad input: one message naming where, nothing written. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  static const struct
  {
    const char *sheet;
    const char *needles;
  } cases[] = {
    /* unknown column */
    { "Mã xã\tNgày\tCa cộng đồng\tNhiệt độ\n#22738\t01/10/2021\t#1\t#37\n",
      "bad.xlsx, sheet “S”, row 1, column D (Nhiệt độ): unknown column “Nhiệt độ”" },
    /* the same field twice */
    { "Mã xã\tNgày\tCa cộng đồng\tCộng đồng\n#22738\t01/10/2021\t#1\t#1\n",
      "row 1, column D (Cộng đồng): the columns C and D both hold community" },
    /* the same unit and day twice */
    { "Mã xã\tNgày\tCa cộng đồng\n#22738\t01/10/2021\t#1\n#22738\t@44470\t#2\n",
      "sheet “S”, row 3: unit 22738 on 2021-10-01 already came in row 2" },
    /* a date in the future (today is 31/01/2022 here) */
    { "Mã xã\tNgày\tCa cộng đồng\n#22738\t01/02/2022\t#1\n", "row 2, column B (Ngày): the date 2022-02-01 is in the future" },
    /* not a date */
    { "Mã xã\tNgày\tCa cộng đồng\n#22738\t31/02/2021\t#1\n", "row 2, column B (Ngày): “31/02/2021” is not a date" },
    /* a negative count */
    { "Mã xã\tNgày\tCa cộng đồng\n#22738\t01/10/2021\t#-4\n", "row 2, column C (Ca cộng đồng): a negative count (-4)" },
    /* text in a number cell */
    { "Mã xã\tNgày\tCa cộng đồng\n#22738\t01/10/2021\tkhoảng 5\n",
      "row 2, column C (Ca cộng đồng): text (“khoảng 5”) where a number is expected" },
    /* a fraction */
    { "Mã xã\tNgày\tCa cộng đồng\n#22738\t01/10/2021\t#2.5\n", "row 2, column C (Ca cộng đồng): 2.5 is not a whole number" },
    /* a formula, even with its saved result */
    { "Mã xã\tNgày\tCa cộng đồng\n#22738\t01/10/2021\t=1+1|2\n", "row 2, column C (Ca cộng đồng): a formula" },
    /* an error value */
    { "Mã xã\tNgày\tCa cộng đồng\n#22738\t01/10/2021\t!#DIV/0!\n", "row 2, column C (Ca cộng đồng): an error value (#DIV/0!)" },
    /* counts that disagree: found when written, inside the transaction */
    { "Mã xã\tNgày\tCa cộng đồng\tCa trong khu cách ly\tSố ca mắc mới\n#22738\t01/10/2021\t#1\t#1\t#5\n",
      "bad.xlsx, sheet “S”, row 2: community + quarantine (2) differs from new_cases (5)" },
    /* no table at all */
    { "Họ tên\tĐịa chỉ\nNguyễn Văn A\tPhan Rang\n", "bad.xlsx: no table found|“Họ tên”, “Địa chỉ”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
      g_autoptr(GBytes) bytes = NULL;

      g_test_message ("case %u", i);
      gb_test_workbook_add_sheet (book, "S", cases[i].sheet);
      bytes = gb_test_workbook_xlsx (book);
      check_bad (f, GB_SERIES_CASES, "bad.xlsx", bytes, NULL, cases[i].needles);
    }
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) tcvn3 = csv_bytes ("M\xb7 x\xb7,Ngµy,Ca c\xe9ng \xae\xe5ng\n22738,01/10/2021,1\n");
  g_autoptr(GBytes) binary = g_bytes_new ("\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10);
  g_autoptr(GBytes) damaged = g_bytes_new ("PK\x03\x04garbage", 11);
  const char *paths[] = { "xl/workbook.xml", NULL };
  const char *contents[] = { "<workbook><sheets><sheet name=\"S\" r:id=\"rId1\"", NULL };
  g_autoptr(GBytes) bad_xml = gb_test_zip (paths, contents, NULL);
  g_autoptr(GBytes) other_zip = NULL;
  const char *zpaths[] = { "word/document.xml", NULL };
  const char *zcontents[] = { "<w:document/>", NULL };
  const char *map[] = { "Nhiệt độ=temperature", NULL };
  g_autoptr(GBytes) good = csv_bytes ("Mã xã,Ngày,Ca cộng đồng\n22738,01/10/2021,1\n");

  check_bad (f, GB_SERIES_CASES, "tcvn3.csv", tcvn3, NULL, "tcvn3.csv: the text is in the old TCVN3 (ABC) encoding");
  check_bad (f, GB_SERIES_CASES, "a.out", binary, NULL, "a.out: not a spreadsheet or text file");
  check_bad (f, GB_SERIES_CASES, "bad.xlsx", damaged, NULL, "bad.xlsx: a damaged zip file");
  check_bad (f, GB_SERIES_CASES, "bad.xlsx", bad_xml, NULL, "bad.xlsx: xl/workbook.xml is not well-formed XML");
  other_zip = gb_test_zip (zpaths, zcontents, NULL);
  check_bad (f, GB_SERIES_CASES, "letter.docx", other_zip, NULL, "neither an XLSX nor an ODS");
  check_bad (f, GB_SERIES_CASES, "a.csv", good, map, "--map “Nhiệt độ=temperature”: no field is called “temperature”");

  /* Entities that expand a billion times ("billion laughs") in a sheet: refused, not expanded. */
  {
    GString *lol = g_string_new ("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY l0 \"lol\">");
    const char *bpaths[] = { "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", NULL };
    const char *bcontents[4] = {
      "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>",
      "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>", NULL, NULL };
    g_autoptr(GBytes) laughs = NULL;

    for (guint level = 1; level < 10; level++)
      {
        g_string_append_printf (lol, "<!ENTITY l%u \"", level);
        for (guint k = 0; k < 10; k++)
          g_string_append_printf (lol, "&l%u;", level - 1);
        g_string_append (lol, "\">");
      }
    g_string_append (lol, "]><worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&l9;</t></is></c></row>"
                          "</sheetData></worksheet>");
    bcontents[2] = lol->str;
    laughs = gb_test_zip (bpaths, bcontents, NULL);
    check_bad (f, GB_SERIES_CASES, "laughs.xlsx", laughs, NULL, "laughs.xlsx: xl/worksheets/sheet1.xml is not well-formed XML");
    g_string_free (lol, TRUE);
  }

  /* JSON nested 100,000 deep: refused before any parser recurses into it. */
  {
    GString *deep = g_string_new ("{\"dataValues\": ");
    g_autoptr(GBytes) deep_bytes = NULL;

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    deep_bytes = g_bytes_new_take (deep->str, deep->len);
    g_string_free (deep, FALSE);
    check_bad (f, GB_SERIES_CASES, "deep.json", deep_bytes, NULL, "deep.json: malformed JSON");
    g_assert_true (gb_table_import_is_series_json (deep_bytes));
  }
}

/* A zip bomb disguised as XLSX: its sheet unpacks past the limit and is refused as it is read. */
static void
test_zip_bomb (Fixture       *f,
               gconstpointer  data)
{
  gsize size = 4 * 1024 * 1024;
  g_autofree char *huge = g_malloc (size);
  const char *paths[] = { "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", NULL };
  const char *contents[] = {
    "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>",
    "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
    huge, NULL };
  gsize lengths[] = { strlen (contents[0]), strlen (contents[1]), size };
  g_autoptr(GBytes) bomb = NULL;
  GbSheetLimits limits;
  GbTableImportOptions options = { NULL, NULL, NULL, NULL, &limits };
  g_autoptr(GError) error = NULL;
  g_autoptr(GbTableImport) table = NULL;
  g_autofree char *before = gb_test_fingerprint (f->path);
  g_autofree char *after = NULL;

  memset (huge, ' ', size);
  memcpy (huge, "<worksheet><sheetData>", 22);
  bomb = gb_test_zip (paths, contents, lengths);
  g_assert_cmpuint (g_bytes_get_size (bomb), <, size / 100);
  gb_sheet_limits_init (&limits);
  limits.max_bytes = 1024 * 1024;
  table = gb_table_import_read (f->store, GB_SERIES_CASES, "bomb.xlsx", bomb, &options, &error);
  g_assert_null (table);
  g_assert_error (error, GB_ERROR, GB_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "bomb.xlsx: xl/worksheets/sheet1.xml unpacks to more than the size limit"));
  after = gb_test_fingerprint (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* A million rows and more: refused with a message, whatever the format. */
static void
test_too_many_rows (Fixture       *f,
                    gconstpointer  data)
{
  GString *csv = g_string_new ("Mã xã,Ngày,Ca cộng đồng\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
  const char *paths[] = { "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", NULL };
  const char *contents[] = {
    "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>",
    "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
    "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
    "<row r=\"2000000\"><c><v>1</v></c></row></sheetData></worksheet>", NULL };
  g_autoptr(GBytes) far = gb_test_zip (paths, contents, NULL);

  for (guint i = 0; i < GB_SHEET_MAX_ROWS; i++)
    g_string_append (csv, "22738,01/10/2021,1\n");
  bytes = g_bytes_new_take (csv->str, csv->len);
  g_string_free (csv, FALSE);
  check_bad (f, GB_SERIES_CASES, "huge.csv", bytes, NULL, "huge.csv, sheet “huge.csv”: more than 1048576 rows");
  check_bad (f, GB_SERIES_CASES, "far.xlsx", far, NULL, "far.xlsx, sheet “S”: more than 1048576 rows");
}

static void
test_dhis2 (Fixture       *f,
            gconstpointer  data)
{
  static const char *json =
    "{\"dataSet\": \"pBOMPrpg1QX\", \"completeDate\": \"2021-10-02\", \"dataValues\": ["
    "{\"dataElement\": \"kdhCom01\", \"period\": \"20211001\", \"orgUnit\": \"22738\", \"categoryOptionCombo\": \"male\", \"value\": \"2\"},"
    "{\"dataElement\": \"kdhCom01\", \"period\": \"20211001\", \"orgUnit\": \"22738\", \"categoryOptionCombo\": \"female\", \"value\": \"3\"},"
    "{\"dataElement\": \"kdhQua02\", \"period\": \"20211001\", \"orgUnit\": \"22738\", \"value\": \"1\"},"
    "{\"dataElement\": \"deaths\", \"period\": \"2021-10-01\", \"orgUnit\": \"Phước Mỹ\", \"value\": \"0\"},"
    "{\"dataElement\": \"kdhCom01\", \"period\": \"2021-10-01\", \"orgUnit\": \"Phước Mỹ\", \"value\": \"0\"},"
    "{\"dataElement\": \"kdhCom01\", \"period\": \"20211002\", \"orgUnit\": \"22738\", \"value\": \"9\", \"deleted\": true}]}";
  static const char *csv =
    "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n"
    "kdhCom01,20211003,22741,male,,4,admin,2021-10-04,,false\n"
    "kdhQua02,20211003,22741,,,1,admin,2021-10-04,,false\n";
  static const char *bad =
    "{\"dataValues\": ["
    "{\"dataElement\": \"xyz\", \"period\": \"20211001\", \"orgUnit\": \"22738\", \"value\": \"2\"},"
    "{\"dataElement\": \"kdhCom01\", \"period\": \"2021W40\", \"orgUnit\": \"22738\", \"value\": \"2\"},"
    "{\"dataElement\": \"kdhCom01\", \"period\": \"20211001\", \"orgUnit\": \"22738\", \"categoryOptionCombo\": \"m\", \"value\": \"2\"},"
    "{\"dataElement\": \"kdhCom01\", \"period\": \"20211001\", \"orgUnit\": \"22738\", \"categoryOptionCombo\": \"m\", \"value\": \"2\"}]}";
  const char *map[] = { "kdhCom01=community", "kdhQua02=quarantine", NULL };
  g_autoptr(GBytes) json_bytes = csv_bytes (json);
  g_autoptr(GBytes) csv_data = csv_bytes (csv);
  g_autoptr(GBytes) bad_bytes = csv_bytes (bad);
  GbCaseReport r;

  g_assert_false (gb_table_import_is_series_json (json_bytes));
  import_ok (f, GB_SERIES_CASES, "dvs.json", json_bytes, map);
  r = case_report (f, "22738", "2021-10-01");
  g_assert_cmpint (r.community, ==, 5);
  g_assert_cmpint (r.quarantine, ==, 1);
  g_assert_cmpint (case_report (f, "22738", "2021-10-02").community, ==, -2);
  g_assert_cmpint (case_report (f, "22741", "2021-10-01").deaths, ==, 0);
  import_ok (f, GB_SERIES_CASES, "dvs.csv", csv_data, map);
  g_assert_cmpint (case_report (f, "22741", "2021-10-03").community, ==, 4);
  check_bad (f, GB_SERIES_CASES, "bad.json", bad_bytes, map,
             "bad.json: the data element “xyz” is not mapped; add --map “xyz=FIELD”|(and 2 more problems)");
}

/* DHIS2 disaggregates a data element by category option combos: those naming an age group
 * or a dose split it into the groups' fields, the others (sex) are summed. */
static void
test_dhis2_vaccination_combos (Fixture       *f,
                               gconstpointer  data)
{
  static const char *json =
    "{\"dataValues\": ["
    "{\"dataElement\": \"covMui1\", \"period\": \"20220120\", \"orgUnit\": \"22738\", \"categoryOptionCombo\": \"12-17 tuổi\", \"value\": \"1500\"},"
    "{\"dataElement\": \"covMui1\", \"period\": \"20220120\", \"orgUnit\": \"22738\", \"categoryOptionCombo\": \"5-11 tuổi\", \"value\": \"300\"},"
    "{\"dataElement\": \"covMui1\", \"period\": \"20220120\", \"orgUnit\": \"22738\", \"categoryOptionCombo\": \"Nam\", \"value\": \"4000\"},"
    "{\"dataElement\": \"covMui1\", \"period\": \"20220120\", \"orgUnit\": \"22738\", \"categoryOptionCombo\": \"Nữ\", \"value\": \"4100\"},"
    "{\"dataElement\": \"covTiem\", \"period\": \"20220120\", \"orgUnit\": \"22738\", \"categoryOptionCombo\": \"12-17 tuổi, Mũi 2\", \"value\": \"1400\"},"
    "{\"dataElement\": \"covTiem\", \"period\": \"20220120\", \"orgUnit\": \"22738\", \"categoryOptionCombo\": \"Trên 65 tuổi, Mũi nhắc lại\", \"value\": \"600\"}]}";
  static const char *csv =
    "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n"
    "covMui1,20220121,22741,Booster,,700\n"
    "covMui1,20220121,22741,default,,9000\n";
  const char *map[] = { "covMui1=dose1_18", "covTiem=dose1_18", NULL };
  g_autoptr(GBytes) json_bytes = csv_bytes (json);
  g_autoptr(GBytes) csv_data = csv_bytes (csv);
  GbVaccination v;

  import_ok (f, GB_SERIES_VACCINATIONS, "dvs.json", json_bytes, map);
  v = vaccination (f, "22738", "2022-01-20");
  g_assert_cmpint (v.dose1_12_17, ==, 1500);
  g_assert_cmpint (v.dose1_5_11, ==, 300);
  g_assert_cmpint (v.dose1_18, ==, 8100);
  g_assert_cmpint (v.dose2_12_17, ==, 1400);
  g_assert_cmpint (v.booster_65, ==, 600);
  import_ok (f, GB_SERIES_VACCINATIONS, "dvs.csv", csv_data, map);
  v = vaccination (f, "22741", "2022-01-21");
  g_assert_cmpint (v.booster_18, ==, 700);
  g_assert_cmpint (v.dose1_18, ==, 9000);
}

/* The command line: the detected table, --dry-run, --json, and a refusal leaving the
 * database as it was. */
static void
test_cli (void)
{
  g_autofree char *db = gb_test_temp_db ();
  g_autoptr(GbTestWorkbook) book = gb_test_workbook_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *bad = gb_test_write_temp ("bad.csv", "Mã xã;Ngày;Ca cộng đồng\n22738;01/10/2021;-1\n", -1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  gb_test_workbook_add_sheet (book, "Ca mắc", LONG_TABLE);
  bytes = gb_test_workbook_xlsx (book);
  xlsx = gb_test_write_temp ("ca-mac.xlsx", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "info", NULL), ==, 0);
  before = gb_test_fingerprint (db);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-cases", "--dry-run", xlsx, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Sheet: Ca mắc"));
  g_assert_nonnull (strstr (out, "Header row: 4"));
  g_assert_nonnull (strstr (out, "Layout: long"));
  g_assert_nonnull (strstr (out, "Ca trong khu cách ly"));
  g_assert_nonnull (strstr (out, "Skipped row 8: a total row (“Tổng cộng”)"));
  g_assert_nonnull (strstr (out, "nothing was written"));
  after = gb_test_fingerprint (db);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&after, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-cases", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "bad.csv:2, column C (Ca cộng đồng): a negative count (-1)"));
  after = gb_test_fingerprint (db);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-cases", "--json", xlsx, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"imported\" : true"));
  g_assert_nonnull (strstr (out, "\"header_row\" : 4"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-cases", "--map", "bogus", xlsx, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not COLUMN=FIELD"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/table-import/header-spellings", test_header_spellings);
  g_test_add_func ("/table-import/dates", test_dates);
  g_test_add_func ("/table-import/vaccination-group-headers", test_vaccination_group_headers);
  ADD ("/table-import/format/xlsx", test_format_xlsx);
  ADD ("/table-import/format/ods", test_format_ods);
  ADD ("/table-import/format/xls", test_format_xls);
  ADD ("/table-import/format/csv", test_format_csv);
  ADD ("/table-import/layout/wide", test_layout_wide);
  ADD ("/table-import/layout/sub-header", test_layout_sub_header);
  ADD ("/table-import/vaccinations", test_vaccinations);
  ADD ("/table-import/vaccination-groups", test_vaccination_groups);
  ADD ("/table-import/vaccination-groups/bad", test_vaccination_groups_bad);
  ADD ("/table-import/dhis2/vaccination-combos", test_dhis2_vaccination_combos);
  ADD ("/table-import/units", test_units);
  ADD ("/table-import/dhis2", test_dhis2);
  ADD ("/table-import/bad/input", test_bad_input);
  ADD ("/table-import/bad/files", test_bad_files);
  ADD ("/table-import/bad/zip-bomb", test_zip_bomb);
  ADD ("/table-import/bad/too-many-rows", test_too_many_rows);
  g_test_add_func ("/table-import/cli", test_cli);
  return g_test_run ();
}
