/* test-notice-parser.c — the notice parser, one construction at a time, and the seed notices
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-error.h"
#include "gb-notice-parser.h"

static GbNotice *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GbNotice *n = gb_notice_parse (text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (n);
  return n;
}

static GbNoticeItem *
item (GbNotice *n,
      guint     i)
{
  g_assert_cmpuint (i, <, n->items->len);
  return g_ptr_array_index (n->items, i);
}

static void
test_dates (void)
{
  static const struct { const char *in; int year; const char *out; } cases[] = {
    { "28/4/2021", 0, "2021-04-28" },
    { "11-6-2021", 0, "2021-06-11" },
    { "01.05.2021", 0, "2021-05-01" },
    { "ngày 28 tháng 4 năm 2021", 0, "2021-04-28" },
    { "Ngày 2 tháng 9 năm 2021", 0, "2021-09-02" },
    { "26/02/2021", 0, "2021-02-26" },
    { "11/6/21", 0, "2021-06-11" },
    { "30/4", 2021, "2021-04-30" },
    { "02/9", 2020, "2020-09-02" },
    { "30/4", 0, NULL },
    { "31/2/2021", 0, NULL },
    { "29/2/2021", 0, NULL },
    { "29/2/2020", 0, "2020-02-29" },
    { "31/4", 2021, NULL },
    { "0/5/2021", 0, NULL },
    { "12/13/2021", 0, NULL },
    { "Covid-19", 2021, NULL },
    { "1102/CĐ-TTg", 2021, NULL },
    { "", 2021, NULL },
    { "2021-08-14", 0, "2021-08-14" },
    { "2021-02-30", 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *d = gb_notice_parse_date (cases[i].in, cases[i].year);
      g_test_message ("%s", cases[i].in);
      g_assert_cmpstr (d, ==, cases[i].out);
    }
}

static void
test_numbers (void)
{
  static const struct { const char *in; const char *out; const char *kind; } cases[] = {
    { "154-CV/TU", "154-CV/TU", "công văn" },
    { "154 - CV/TU", "154-CV/TU", "công văn" },
    { "10- TB/VPTW", "10-TB/VPTW", "thông báo" },
    { "07-KL/TW", "07-KL/TW", "kết luận" },
    { "1102/CĐ-TTg", "1102/CĐ-TTg", "công điện" },
    { "128/NQ-CP", "128/NQ-CP", "nghị quyết" },
    { "4800/QĐ-BYT", "4800/QĐ-BYT", "quyết định" },
    { "Số: 15/CT-TTg", "15/CT-TTg", "chỉ thị" },
    { "no number here", NULL, NULL },
    { "2021-2026", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *kind = NULL;
      g_autofree char *n = gb_notice_normalize_number (cases[i].in, &kind);
      g_test_message ("%s", cases[i].in);
      g_assert_cmpstr (n, ==, cases[i].out);
      g_assert_cmpstr (kind, ==, cases[i].kind);
    }
}

static void
test_header (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "TỈNH ỦY NINH THUẬN\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nSố 201 - CV/TU\n\n"
    "V/v triển khai các biện pháp\ncấp bách phòng, chống dịch\n\n"
    "Phan Rang - Tháp Chàm, ngày 5 tháng 8 năm 2021\n\n"
    "Kính gửi: - Các huyện ủy, thành ủy,\n- Các sở, ban, ngành.\n\n"
    "1. Giao UBND tỉnh chỉ đạo thực hiện trước ngày 15/8.\n\n"
    "Nơi nhận:\n- Như trên,\n- Lưu VPTU.\n\nT/M BAN THƯỜNG VỤ\n\nBÍ THƯ\n\nNguyễn Văn A\n");

  g_assert_cmpstr (n->number, ==, "201-CV/TU");
  g_assert_cmpstr (n->kind, ==, "công văn");
  g_assert_cmpstr (n->issuer, ==, "TỈNH ỦY NINH THUẬN");
  g_assert_cmpstr (n->place, ==, "Phan Rang - Tháp Chàm");
  g_assert_cmpstr (n->date, ==, "2021-08-05");
  g_assert_cmpstr (n->subject, ==, "triển khai các biện pháp cấp bách phòng, chống dịch");
  g_assert_cmpuint (n->addressees->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (n->addressees, 0), ==, "Các huyện ủy, thành ủy");
  g_assert_cmpstr (g_ptr_array_index (n->addressees, 1), ==, "Các sở, ban, ngành");
  /* "Như trên" as printed; in the parsed list, the two addressees it stands for. */
  g_assert_cmpuint (n->recipients_printed->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (n->recipients_printed, 1), ==, "Lưu VPTU");
  g_assert_cmpuint (n->recipients->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (n->recipients, 0), ==, "Các huyện ủy, thành ủy");
  g_assert_cmpstr (g_ptr_array_index (n->recipients, 2), ==, "Lưu VPTU");
  g_assert_cmpstr (n->signing_form, ==, "T/M BAN THƯỜNG VỤ");
  g_assert_cmpstr (n->signer_title, ==, "BÍ THƯ");
  g_assert_cmpstr (n->signer, ==, "Nguyễn Văn A");
  g_assert_cmpuint (n->items->len, ==, 1);
  g_assert_cmpstr (item (n, 0)->due, ==, "2021-08-15");
  g_assert_true (gb_notice_item_has_unit (item (n, 0), "UBND tỉnh"));
}

static const char issuer_body[] =
  "V/v tăng cường phòng, chống dịch\n\nKính gửi: Các sở, ban, ngành.\n\n"
  "1. Sở Y tế chủ trì xét nghiệm trước ngày 30/8/2021.\n";

/* A header, the issuer read from it, and its number (NULL: not checked). */
typedef struct
{
  const char *header;
  const char *issuer;
  const char *number;
} IssuerCase;

/* Each header above the same body: its issuer, its number, and the body's one item. */
static void
assert_issuers (const IssuerCase *cases,
                guint             n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *text = g_strconcat (cases[i].header, "\n", issuer_body, NULL);
      g_autoptr(GbNotice) n = parse_ok (text);

      g_test_message ("%s", cases[i].header);
      g_assert_cmpstr (n->issuer, ==, cases[i].issuer);
      if (cases[i].number != NULL)
        g_assert_cmpstr (n->number, ==, cases[i].number);
      g_assert_cmpuint (n->items->len, ==, 1);
    }
}

/* An issuer over several lines, each on its own line: the parent, then the body, whose name
 * wraps ("COVID-19"). */
static void
test_issuer_lines (void)
{
  static const IssuerCase cases[] = {
    { "TỈNH ỦY NINH THUẬN\nBAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH\nCOVID-19\nSố 154-CV/TU\n",
      "TỈNH ỦY NINH THUẬN – BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19" },
    { "UBND TỈNH NINH THUẬN\nSỞ Y TẾ\nSố: 2345/SYT-NVY\n", "UBND TỈNH NINH THUẬN – SỞ Y TẾ" },
    /* One name wrapped: no parent. */
    { "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nSố: 4168/UBND-KGVX\n", "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN" },
    /* Markdown from a DOCX cell: blank lines, emphasis and the rule under the name. */
    { "**BỘ Y TẾ**\n\n**CỤC Y TẾ DỰ PHÒNG**\n\n*\n\nSố: 12/DP-DT\n", "BỘ Y TẾ – CỤC Y TẾ DỰ PHÒNG" },
    { "BAN CHỈ ĐẠO QUỐC GIA\nPHÒNG, CHỐNG DỊCH COVID-19\n-------\nSố: 20/CV-BCĐ\n",
      "BAN CHỈ ĐẠO QUỐC GIA PHÒNG, CHỐNG DỊCH COVID-19" },
    /* The number in capitals, and a stamp by it. */
    { "UBND TỈNH NINH THUẬN\nSỞ Y TẾ\nHỎA TỐC\nSỐ: 2345/SYT-NVY\n", "UBND TỈNH NINH THUẬN – SỞ Y TẾ" },
    { "UBND TỈNH NINH THUẬN\nSỞ Y TẾ\n2345/SYT-NVY\n", "UBND TỈNH NINH THUẬN – SỞ Y TẾ" },
  };

  assert_issuers (cases, G_N_ELEMENTS (cases));
}

/* Both columns on one line, apart by a run of spaces or by tabs. */
static void
test_issuer_two_columns (void)
{
  /* The number, where it is read; none is read from a Markdown table yet. */
  static const IssuerCase cases[] = {
    { "TỈNH ỦY NINH THUẬN                    ĐẢNG CỘNG SẢN VIỆT NAM\n"
      "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH\n"
      "COVID-19\n"
      "Số 154-CV/TU                          Ninh Thuận, ngày 25 tháng 8 năm 2021\n",
      "TỈNH ỦY NINH THUẬN – BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19", "154-CV/TU" },
    { "UBND TỈNH NINH THUẬN         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
      "SỞ Y TẾ                      Độc lập - Tự do - Hạnh phúc\n"
      "Số: 2345/SYT-NVY             Ninh Thuận, ngày 25 tháng 8 năm 2021\n",
      "UBND TỈNH NINH THUẬN – SỞ Y TẾ", "2345/SYT-NVY" },
    { "UBND TỈNH NINH THUẬN\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
      "SỞ Y TẾ\t\tĐộc lập - Tự do - Hạnh phúc\n"
      "\t\t---------------\n"
      "Số: 2345/SYT-NVY\tNinh Thuận, ngày 25 tháng 8 năm 2021\n",
      "UBND TỈNH NINH THUẬN – SỞ Y TẾ", "2345/SYT-NVY" },
    { "TỈNH ỦY NINH THUẬN\tĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH\t\n"
      "COVID-19\tNinh Thuận, ngày 25 tháng 8 năm 2021\nSố 154-CV/TU\n",
      "TỈNH ỦY NINH THUẬN – BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19", "154-CV/TU" },
    /* A single space between the columns, and the motto's capitals. */
    { "TỈNH ỦY NINH THUẬN ĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19\nSố 154-CV/TU\n",
      "TỈNH ỦY NINH THUẬN – BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19", "154-CV/TU" },
    { "UBND TỈNH NINH THUẬN    CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ Y TẾ    ĐỘC LẬP – TỰ DO – HẠNH PHÚC\nSố: 2345/SYT-NVY\n",
      "UBND TỈNH NINH THUẬN – SỞ Y TẾ", "2345/SYT-NVY" },
    /* A Markdown table. */
    { "| UBND TỈNH NINH THUẬN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
      "| SỞ Y TẾ | Độc lập - Tự do - Hạnh phúc |\n| Số: 2345/SYT-NVY | Ninh Thuận, ngày 25 tháng 8 năm 2021 |\n",
      "UBND TỈNH NINH THUẬN – SỞ Y TẾ", NULL },
  };

  assert_issuers (cases, G_N_ELEMENTS (cases));
}

/* The right column's lines after the left column's (a PDF or ODT writing each cell whole), or
 * between them. */
static void
test_issuer_columns_apart (void)
{
  static const IssuerCase cases[] = {
    { "UBND TỈNH NINH THUẬN\nSỞ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
      "Số: 2345/SYT-NVY\nNinh Thuận, ngày 25 tháng 8 năm 2021\n",
      "UBND TỈNH NINH THUẬN – SỞ Y TẾ" },
    { "TỈNH ỦY NINH THUẬN\n\nBAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH\n\nCOVID-19\n\n*\n\nSố 154-CV/TU\n\n"
      "ĐẢNG CỘNG SẢN VIỆT NAM\n\nNinh Thuận, ngày 25 tháng 8 năm 2021\n",
      "TỈNH ỦY NINH THUẬN – BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19" },
    { "TỈNH ỦY NINH THUẬN\nĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH\n"
      "Ninh Thuận, ngày 25 tháng 8 năm 2021\nCOVID-19\nSố 154-CV/TU\n",
      "TỈNH ỦY NINH THUẬN – BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19" },
    /* A draft's date with the day left blank. */
    { "UBND TỈNH NINH THUẬN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ Y TẾ\nNinh Thuận, ngày      tháng 8 năm 2021\n"
      "BAN CHỈ ĐẠO TIÊM CHỦNG\nSố:      /SYT-NVY\n",
      "UBND TỈNH NINH THUẬN – SỞ Y TẾ – BAN CHỈ ĐẠO TIÊM CHỦNG" },
    /* The state's name wrapped over two lines, between the parent and the body. */
    { "TỈNH ỦY NINH THUẬN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nBAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH\nCOVID-19\n"
      "Số 154-CV/TU\n",
      "TỈNH ỦY NINH THUẬN – BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19" },
    /* The right column first. */
    { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nUBND TỈNH NINH THUẬN\nSỞ Y TẾ\n"
      "Số: 2345/SYT-NVY\n",
      "UBND TỈNH NINH THUẬN – SỞ Y TẾ" },
  };

  assert_issuers (cases, G_N_ELEMENTS (cases));
}

/* Odd headers: never a crash, never body text as the issuer. */
static void
test_issuer_odd (void)
{
  static const struct { const char *text; const char *issuer; } cases[] = {
    /* Windows line ends. */
    { "TỈNH ỦY NINH THUẬN          ĐẢNG CỘNG SẢN VIỆT NAM\r\nBAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH\r\nCOVID-19\r\n"
      "Số 154-CV/TU         Ninh Thuận, ngày 25 tháng 8 năm 2021\r\n\r\n1. Sở Y tế chủ trì.\r\n",
      "TỈNH ỦY NINH THUẬN – BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19" },
    /* No header. */
    { "1. SỞ Y TẾ CHỦ TRÌ XÉT NGHIỆM.\n\n2. Công an tỉnh bảo đảm an ninh.\n", NULL },
    { "Ban Chỉ đạo họp ngày 02/9.\n\n1. Sở Y tế chủ trì.\n", NULL },
    /* Only the motto. */
    { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n1. Sở Y tế chủ trì.\n", NULL },
    { "ĐẢNG CỘNG SẢN VIỆT NAM\n\nHà Nam, ngày 5 tháng 8 năm 2021\n\nCÔNG VĂN\n\n1. Sở Y tế chủ trì.\n", NULL },
    /* Capitals over more lines than any issuer has; the number's code still says who. */
    { "TỈNH ỦY NINH THUẬN\nBAN CHỈ ĐẠO A\nBAN CHỈ ĐẠO B\nBAN CHỈ ĐẠO C\nBAN CHỈ ĐẠO D\nBAN CHỈ ĐẠO E\n"
      "BAN CHỈ ĐẠO F\nSố 154-CV/TU\n\n1. Sở Y tế chủ trì.\n", "Tỉnh ủy" },
    /* A title after the issuer, with no number between. */
    { "UBND TỈNH NINH THUẬN\nSỞ Y TẾ\nKẾ HOẠCH TRIỂN KHAI TIÊM VẮC XIN CỦA BAN CHỈ ĐẠO\n\n1. Sở Y tế chủ trì.\n",
      "UBND TỈNH NINH THUẬN – SỞ Y TẾ" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GbNotice) n = parse_ok (cases[i].text);
      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (n->issuer, ==, cases[i].issuer);
    }

  /* A very long line of capitals at the top, and a very long issuer line, are no issuer. */
  {
    GString *s = g_string_new ("TỈNH ỦY NINH THUẬN\n");
    g_autoptr(GbNotice) n = NULL;
    g_autoptr(GbNotice) m = NULL;

    for (guint i = 0; i < 20000; i++)
      g_string_append (s, "BAN CHỈ ĐẠO ");
    g_string_append (s, "\nSố 154-CV/TU\n\n1. Sở Y tế chủ trì.\n");
    n = parse_ok (s->str);
    g_assert_cmpstr (n->issuer, ==, "Tỉnh ủy");
    m = parse_ok (s->str + strlen ("TỈNH ỦY NINH THUẬN\n"));
    g_assert_cmpstr (m->issuer, ==, "Tỉnh ủy");
    g_string_free (s, TRUE);
  }
}

/* A two-column header's place and date on the number's line. */
static void
test_number_line_date (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "UBND TỈNH NINH THUẬN         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "SỞ Y TẾ                      Độc lập - Tự do - Hạnh phúc\n"
    "Số: 2345/SYT-NVY             Ninh Thuận, ngày 25 tháng 8 năm 2021\n\n"
    "1. Các đơn vị thực hiện.\n");

  g_assert_cmpstr (n->number, ==, "2345/SYT-NVY");
  g_assert_cmpstr (n->place, ==, "Ninh Thuận");
  g_assert_cmpstr (n->date, ==, "2021-08-25");
}

static void
test_state_header (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "THỦ TƯỚNG CHÍNH PHỦ\nSố: 1102/CĐ-TTg\nHà Nội, ngày 23 tháng 8 năm 2021\n\nCÔNG ĐIỆN\n"
    "Về việc tăng cường các biện pháp\n\n1. Các địa phương thực hiện nghiêm.\n");

  g_assert_cmpstr (n->number, ==, "1102/CĐ-TTg");
  g_assert_cmpstr (n->kind, ==, "công điện");
  g_assert_cmpstr (n->date, ==, "2021-08-23");
  g_assert_cmpstr (n->place, ==, "Hà Nội");
  g_assert_cmpuint (n->items->len, ==, 1);
}

static void
test_header_subject (void)
{
  static const struct { const char *text; const char *subject; } cases[] = {
    { "CÔNG ĐIỆN\nVỀ VIỆC TĂNG CƯỜNG CÁC BIỆN PHÁP PHÒNG, CHỐNG DỊCH COVID-19 TRÊN TOÀN QUỐC\n\n1. Thực hiện.\n",
      "Tăng cường các biện pháp phòng, chống dịch COVID-19 trên toàn quốc" },
    { "CÔNG ĐIỆN\nVề việc tăng cường các biện pháp\n\n1. Thực hiện.\n", "tăng cường các biện pháp" },
    { "CHỈ THỊ\nVề thực hiện các biện pháp cấp bách phòng, chống dịch COVID-19\n\n1. Thực hiện.\n",
      "thực hiện các biện pháp cấp bách phòng, chống dịch COVID-19" },
    { "Số 12-CV/TU\nV/v phong tỏa khu dân cư\n\n1. Thực hiện.\n", "phong tỏa khu dân cư" },
    { "V/V: PHONG TỎA KHU DÂN CƯ\n\n1. Thực hiện.\n", "Phong tỏa khu dân cư" },
    { "Số: 4168/UBND-KGVX\nV/v triển khai các biện pháp cấp bách\n\n1. Thực hiện.\n", "triển khai các biện pháp cấp bách" },
    /* An all-capital title wrapped over two lines is one subject. */
    { "CÔNG ĐIỆN\nVỀ VIỆC TĂNG CƯỜNG CÁC BIỆN PHÁP\nPHÒNG, CHỐNG DỊCH COVID-19\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n- Các Bộ.\n1. Thực hiện.\n",
      "Tăng cường các biện pháp phòng, chống dịch COVID-19" },
    { "KẾ HOẠCH\nTriển khai tiêm vắc xin phòng COVID-19 năm 2021-2022\n\n1. Thực hiện.\n",
      "Triển khai tiêm vắc xin phòng COVID-19 năm 2021-2022" },
    { "THÔNG BÁO\nkết luận của Thường trực Tỉnh ủy\n\n1. Thực hiện.\n", "kết luận của Thường trực Tỉnh ủy" },
    /* No title: the opening paragraph is not a subject. */
    { "CÔNG ĐIỆN\nThực hiện Kết luận của Bộ Chính trị, Thủ tướng Chính phủ yêu cầu:\n1. Thực hiện.\n", NULL },
    { "Thực hiện Kết luận số 07-KL/TW, Ban Thường vụ yêu cầu:\n1. Thực hiện.\n", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GbNotice) n = parse_ok (cases[i].text);
      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (n->subject, ==, cases[i].subject);
      /* A "V/v" line makes an unnamed kind a công văn. */
      if (strstr (cases[i].text, "V/") != NULL)
        g_assert_cmpstr (n->kind, ==, "công văn");
    }
}

static void
test_header_addressees (void)
{
  static const struct { const char *text; const char *first; const char *last; guint n; } cases[] = {
    { "CÔNG ĐIỆN\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n- Bộ trưởng các Bộ: Quốc phòng, Công an, Y tế;\n"
      "- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương.\nThực hiện Kết luận, Thủ tướng yêu cầu:\n1. Thực hiện.\n",
      "Bộ trưởng các Bộ: Quốc phòng, Công an, Y tế", "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", 2 },
    { "BỘ Y TẾ điện: Giám đốc Sở Y tế các tỉnh, thành phố.\n1. Thực hiện.\n",
      "Giám đốc Sở Y tế các tỉnh, thành phố", "Giám đốc Sở Y tế các tỉnh, thành phố", 1 },
    { "Kính gửi:\n- Các sở, ban, ngành;\n- UBND các huyện, thành phố.\n1. Thực hiện.\n", "Các sở, ban, ngành", "UBND các huyện, thành phố", 2 },
    { "KÍNH GỬI: Ủy ban nhân dân các huyện, thị xã, thành phố\n1. Thực hiện.\n",
      "Ủy ban nhân dân các huyện, thị xã, thành phố", "Ủy ban nhân dân các huyện, thị xã, thành phố", 1 },
    { "Đồng kính gửi: - Bộ Lao động - Thương binh và Xã hội, - Bộ Y tế.\n1. Thực hiện.\n",
      "Bộ Lao động - Thương binh và Xã hội", "Bộ Y tế", 2 },
    { "Kính gửi: Sở Y tế; Công an tỉnh; Bộ Chỉ huy Quân sự tỉnh.\n1. Thực hiện.\n", "Sở Y tế", "Bộ Chỉ huy Quân sự tỉnh", 3 },
    /* "điện" inside a sentence is not a list of addressees. */
    { "Thực hiện Công điện số 1102/CĐ-TTg về phòng, chống dịch, Ban Thường vụ yêu cầu:\n1. Thực hiện.\n", NULL, NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GbNotice) n = parse_ok (cases[i].text);
      g_test_message ("%s", cases[i].text);
      g_assert_cmpuint (n->addressees->len, ==, cases[i].n);
      g_assert_cmpuint (n->items->len, ==, 1);
      if (cases[i].n > 0)
        {
          g_assert_cmpstr (g_ptr_array_index (n->addressees, 0), ==, cases[i].first);
          g_assert_cmpstr (g_ptr_array_index (n->addressees, n->addressees->len - 1), ==, cases[i].last);
        }
    }
}

static void
test_closing_mark (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "1. Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện Công điện này./.\n", "Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện Công điện này." },
    { "1. Báo cáo kết quả thực hiện/.\n", "Báo cáo kết quả thực hiện." },
    { "1. Báo cáo ./.\n", "Báo cáo." },
    { "1. Tỷ lệ 1/2.\n", "Tỷ lệ 1/2." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GbNotice) n = parse_ok (cases[i].in);
      g_assert_cmpstr (item (n, n->items->len - 1)->text, ==, cases[i].out);
    }
}

static void
test_numbered_hierarchy (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "Kính gửi: Các sở.\n\nMở đầu văn bản.\n\n"
    "1. Việc một.\n2. Việc hai:\n2.1. Việc hai một.\n2.2 Việc hai hai:\n- gạch một;\n+ cộng một;\n+ cộng hai;\n- gạch hai.\n"
    "3. Việc ba:\na) chữ a;\nb) chữ b.\n");
  static const struct { const char *path; int level; const char *text; } want[] = {
    { "1", 1, "Việc một." }, { "2", 1, "Việc hai:" }, { "2.1", 2, "Việc hai một." },
    { "2.2", 2, "Việc hai hai:" }, { "2.2.1", 3, "gạch một;" }, { "2.2.1.1", 4, "cộng một;" },
    { "2.2.1.2", 4, "cộng hai;" }, { "2.2.2", 3, "gạch hai." }, { "3", 1, "Việc ba:" },
    { "3.1", 2, "chữ a;" }, { "3.2", 2, "chữ b." },
  };

  g_assert_cmpuint (n->items->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_assert_cmpstr (item (n, i)->path, ==, want[i].path);
      g_assert_cmpint (item (n, i)->level, ==, want[i].level);
      g_assert_cmpstr (item (n, i)->text, ==, want[i].text);
    }
}

static void
test_hard_wrap (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "1. Các ngành, các cấp tập trung cao nhất cho công tác phòng, chống dịch\n\n"
    "Covid-19 với tư tưởng nhất quán, xuyên suốt. Tiếp tục nâng cao tinh thần trách\n\n"
    "nhiệm, quyết liệt triển khai đồng bộ các giải pháp để thực hiện có hiệu quả.\n\n"
    "2. Đẩy mạnh công tác tuyên truyền, quán triệt, phổ biến và tổ chức thực hiện\n\n"
    "nghiêm túc các văn bản chỉ đạo của Trung ương và của tỉnh về phòng, chống\n\n"
    "dịch bệnh trên địa bàn toàn tỉnh trong thời gian tới.\n");

  g_assert_cmpuint (n->items->len, ==, 2);
  g_assert_true (g_str_has_prefix (item (n, 0)->text, "Các ngành, các cấp tập trung cao nhất cho công tác phòng, chống dịch Covid-19 với"));
  g_assert_true (g_str_has_suffix (item (n, 0)->text, "thực hiện có hiệu quả."));
  g_assert_true (g_str_has_suffix (item (n, 1)->text, "văn bản chỉ đạo của Trung ương và của tỉnh về phòng, chống dịch bệnh trên địa bàn toàn tỉnh trong thời gian tới."));
}

static void
test_markdown (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "### **1. Về công tác xét nghiệm**\n\nSở Y tế **chủ trì** thực hiện.\n\n"
    "## 2. Về tiêm chủng\n\n* Công an tỉnh bảo đảm an ninh.\n");

  g_assert_cmpuint (n->items->len, ==, 4);
  g_assert_cmpstr (item (n, 0)->text, ==, "Về công tác xét nghiệm");
  g_assert_cmpstr (item (n, 1)->path, ==, "1.1");
  g_assert_cmpstr (item (n, 1)->text, ==, "Sở Y tế chủ trì thực hiện.");
  g_assert_cmpstr (item (n, 2)->text, ==, "Về tiêm chủng");
  g_assert_cmpstr (item (n, 3)->path, ==, "2.1");
  g_assert_true (gb_notice_item_has_unit (item (n, 1), "Sở Y tế"));
  g_assert_true (gb_notice_item_has_unit (item (n, 3), "Công an tỉnh"));
}

static void
test_glued_items (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "1. Một việc.\n2. Chỉ đạo bảo đảm an ninh, không để bị động. 3. Tăng cường kiểm tra, giám sát. 4. không phải mục vì chữ thường.\n");

  g_assert_cmpuint (n->items->len, ==, 3);
  g_assert_cmpstr (item (n, 1)->path, ==, "2");
  g_assert_cmpstr (item (n, 1)->text, ==, "Chỉ đạo bảo đảm an ninh, không để bị động.");
  g_assert_cmpstr (item (n, 2)->path, ==, "3");
  g_assert_true (g_str_has_prefix (item (n, 2)->text, "Tăng cường kiểm tra, giám sát. 4. không"));
}

static void
test_not_items (void)
{
  /* A year at a line start and a number inside a sentence are not items. */
  g_autoptr(GbNotice) n = parse_ok (
    "1. Hoàn thành tiêm chủng cho người trên 65 tuổi, chậm nhất trong năm\n"
    "2021. Tiếp tục rà soát.\n2. Việc hai.\n");

  g_assert_cmpuint (n->items->len, ==, 2);
  g_assert_cmpstr (item (n, 1)->path, ==, "2");
  g_assert_cmpstr (item (n, 1)->text, ==, "Việc hai.");
}

static void
test_units (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "Văn bản này năm 2021.\n"
    "1. Giao Sở Y tế chủ trì, phối hợp với Công an tỉnh, Sở Giao thông vận tải tổ chức các chốt kiểm soát.\n"
    "2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với UBND các huyện, thị xã, thành phố xây dựng kế hoạch.\n"
    "3. Ban Tuyên giáo Tỉnh ủy, MTTQ và các đoàn thể tăng cường tuyên truyền.\n"
    "4. Thực hiện tốt chế độ báo cáo Thường trực Tỉnh ủy (qua Văn phòng Tỉnh ủy).\n"
    "5. ỦY BAN NHÂN DÂN TỈNH khẩn trương triển khai.\n"
    "6. Đề nghị Ủy ban MTTQ Việt Nam tỉnh vận động nhân dân.\n");
  GbNoticeItem *it;
  GbNoticeUnit *u;

  it = item (n, 0);
  g_assert_cmpuint (it->units->len, ==, 3);
  u = g_ptr_array_index (it->units, 0);
  g_assert_cmpstr (u->name, ==, "Sở Y tế");
  g_assert_cmpint (u->role, ==, GB_NOTICE_ROLE_LEAD);
  u = g_ptr_array_index (it->units, 1);
  g_assert_cmpstr (u->name, ==, "Công an tỉnh");
  g_assert_cmpint (u->role, ==, GB_NOTICE_ROLE_COOPERATE);
  u = g_ptr_array_index (it->units, 2);
  g_assert_cmpstr (u->name, ==, "Sở Giao thông vận tải");
  g_assert_cmpint (u->role, ==, GB_NOTICE_ROLE_COOPERATE);

  it = item (n, 1);
  g_assert_cmpuint (it->units->len, ==, 2);
  g_assert_cmpstr (((GbNoticeUnit *) g_ptr_array_index (it->units, 0))->name, ==, "Sở Giáo dục và Đào tạo");
  g_assert_cmpstr (((GbNoticeUnit *) g_ptr_array_index (it->units, 1))->name, ==, "UBND các huyện, thị xã, thành phố");

  it = item (n, 2);
  g_assert_true (gb_notice_item_has_unit (it, "Ban Tuyên giáo Tỉnh ủy"));
  g_assert_true (gb_notice_item_has_unit (it, "Ủy ban MTTQ Việt Nam tỉnh"));
  g_assert_true (gb_notice_item_has_unit (it, "Các tổ chức chính trị - xã hội"));

  /* Who receives a report is not who does the work. */
  g_assert_cmpuint (item (n, 3)->units->len, ==, 0);
  g_assert_true (gb_notice_item_has_unit (item (n, 4), "UBND tỉnh"));
  g_assert_true (gb_notice_item_has_unit (item (n, 5), "Ủy ban MTTQ Việt Nam tỉnh"));
}

/* An item's units as "L:name|C:name", in order. */
static char *
units_string (const GbNoticeItem *it)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < it->units->len; i++)
    {
      const GbNoticeUnit *u = g_ptr_array_index (it->units, i);
      g_string_append_printf (s, "%s%s:%s", i > 0 ? "|" : "", u->role == GB_NOTICE_ROLE_LEAD ? "L" : "C", u->name);
    }
  return g_string_free (s, FALSE);
}

typedef struct
{
  const char *text;
  const char *units;
} UnitCase;

static void
check_unit_cases (const UnitCase *cases,
                  guint           n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *text = g_strdup_printf ("1. %s\n", cases[i].text);
      g_autoptr(GbNotice) n = parse_ok (text);
      g_autofree char *got = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpuint (n->items->len, ==, 1);
      got = units_string (item (n, 0));
      g_assert_cmpstr (got, ==, cases[i].units);
    }
}

static void
test_units_dictionary (void)
{
  static const UnitCase cases[] = {
    /* National bodies by name and short form. */
    { "Bộ Y tế chủ trì, phối hợp với Bộ Quốc phòng, Bộ Công an bảo đảm đủ vắc xin.", "L:Bộ Y tế|C:Bộ Quốc phòng|C:Bộ Công an" },
    { "Bộ Công an chỉ đạo lực lượng công an bảo đảm an ninh, trật tự.", "L:Bộ Công an" },
    { "Giao Bộ Thông tin và Truyền thông phối hợp với các cơ quan báo chí tuyên truyền thường xuyên.",
      "L:Bộ Thông tin và Truyền thông|C:Các cơ quan truyền thông, báo chí" },
    { "Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện.", "L:Văn phòng Chính phủ" },
    { "Bộ GD&ĐT hướng dẫn việc tổ chức năm học mới.", "L:Bộ Giáo dục và Đào tạo" },
    { "Bộ Lao động - Thương binh và Xã hội hướng dẫn hỗ trợ người lao động.", "L:Bộ Lao động - Thương binh và Xã hội" },
    { "Bộ Lao động, Thương binh và Xã hội hướng dẫn hỗ trợ.", "L:Bộ Lao động - Thương binh và Xã hội" },
    { "Bộ Công Thương bảo đảm cung ứng hàng hóa.", "L:Bộ Công Thương" },
    { "Bộ Giao thông vận tải hướng dẫn vận tải hàng hóa.", "L:Bộ Giao thông vận tải" },
    { "Bộ Tài chính, Bộ Kế hoạch và Đầu tư bố trí kinh phí.", "L:Bộ Tài chính|L:Bộ Kế hoạch và Đầu tư" },
    { "Bộ Ngoại giao, Bộ Nội vụ, Bộ Tư pháp nghiên cứu đề xuất.", "L:Bộ Ngoại giao|L:Bộ Nội vụ|L:Bộ Tư pháp" },
    { "Bộ Văn hóa, Thể thao và Du lịch tạm dừng các lễ hội.", "L:Bộ Văn hóa, Thể thao và Du lịch" },
    { "Bộ NN&PTNT chỉ đạo tiêu thụ nông sản.", "L:Bộ Nông nghiệp và Phát triển nông thôn" },
    { "Bộ Tài nguyên và Môi trường hướng dẫn xử lý chất thải y tế.", "L:Bộ Tài nguyên và Môi trường" },
    { "Bộ Xây dựng, Bộ Khoa học và Công nghệ tham gia.", "L:Bộ Xây dựng|L:Bộ Khoa học và Công nghệ" },
    { "Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19 tổng hợp tình hình.", "L:Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19" },
    { "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương chịu trách nhiệm.",
      "L:UBND các tỉnh, thành phố trực thuộc trung ương" },
    { "Chủ tịch UBND tỉnh chỉ đạo quyết liệt.", "L:UBND tỉnh" },
    /* Provincial departments and bodies, with abbreviations. */
    { "Sở Tư pháp thẩm định văn bản.", "L:Sở Tư pháp" },
    { "Sở TN&MT hướng dẫn xử lý chất thải.", "L:Sở Tài nguyên và Môi trường" },
    { "Sở Nông nghiệp và Phát triển nông thôn hỗ trợ tiêu thụ nông sản.", "L:Sở Nông nghiệp và Phát triển nông thôn" },
    { "Sở Xây dựng, Sở Khoa học và Công nghệ, Sở Ngoại vụ phối hợp thực hiện.", "L:Sở Xây dựng|L:Sở Khoa học và Công nghệ|L:Sở Ngoại vụ" },
    { "Ban Quản lý các khu công nghiệp tỉnh kiểm tra các doanh nghiệp.", "L:Ban Quản lý các khu công nghiệp" },
    { "Đài Phát thanh và Truyền hình tỉnh, Báo Hà Nam tăng cường tuyên truyền.", "L:Đài Phát thanh và Truyền hình tỉnh|L:Báo tỉnh" },
    { "Báo Ninh Thuận đưa tin kịp thời.", "L:Báo tỉnh" },
    { "Bảo hiểm xã hội tỉnh, Cục Thuế tỉnh gia hạn nộp.", "L:Bảo hiểm xã hội tỉnh|L:Cục Thuế tỉnh" },
    { "Trung tâm Kiểm soát bệnh tật tỉnh, Bệnh viện Đa khoa tỉnh sẵn sàng tiếp nhận.",
      "L:Trung tâm Kiểm soát bệnh tật tỉnh|L:Bệnh viện Đa khoa tỉnh" },
    { "Hội Chữ thập đỏ tỉnh vận động ủng hộ.", "L:Hội Chữ thập đỏ tỉnh" },
    { "Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh xử lý nghiêm các vi phạm.",
      "L:Viện Kiểm sát nhân dân tỉnh|L:Tòa án nhân dân tỉnh" },
    { "VKSND tỉnh, TAND tỉnh đưa vụ án ra xét xử.", "L:Viện Kiểm sát nhân dân tỉnh|L:Tòa án nhân dân tỉnh" },
    /* Mentioned, not responsible. */
    { "Thực hiện nghiêm Chỉ thị của Bộ Y tế.", "" },
    { "Tăng cường tuyên truyền theo hướng dẫn của Bộ Thông tin và Truyền thông.", "" },
  };

  check_unit_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_units_pattern (void)
{
  static const UnitCase cases[] = {
    /* Bodies the dictionary does not know, named by their head, as the subject. */
    { "Sở Du lịch và Thể thao tỉnh Lào Cai hướng dẫn các cơ sở lưu trú.", "L:Sở Du lịch và Thể thao tỉnh Lào Cai" },
    { "Cục Hàng không Việt Nam tạm dừng các chuyến bay.", "L:Cục Hàng không Việt Nam" },
    { "Tổng cục Thống kê tổng hợp số liệu.", "L:Tổng cục Thống kê" },
    { "Trung tâm Y tế các huyện, thị xã, thành phố tổ chức tiêm chủng.", "L:Trung tâm Y tế các huyện, thị xã, thành phố" },
    { "Ban Chỉ đạo các huyện, thành phố kiện toàn tổ chức.", "L:Ban Chỉ đạo các huyện, thành phố" },
    { "Trung tâm Y tế huyện Kim Bảng, Trung tâm Y tế huyện Duy Tiên bố trí khu cách ly.",
      "L:Trung tâm Y tế huyện Kim Bảng|L:Trung tâm Y tế huyện Duy Tiên" },
    { "Sở Thông tin và Truyền thông tỉnh Hà Nam, Sở Ngoại vụ phối hợp thực hiện.", "L:Sở Thông tin và Truyền thông|L:Sở Ngoại vụ" },
    { "Yêu cầu Giám đốc Sở Du lịch tổ chức kiểm tra.", "L:Sở Du lịch" },
    { "Đồng chí Chủ tịch UBND tỉnh trực tiếp chỉ đạo.", "L:UBND tỉnh" },
    { "Công an các huyện, thị xã, thành phố tăng cường tuần tra.", "L:Công an các huyện, thị xã, thành phố" },
    { "Bệnh viện Phổi tỉnh sẵn sàng thu dung người bệnh.", "L:Bệnh viện Phổi tỉnh" },
    { "Ban Quản lý Khu kinh tế Vân Phong kiểm tra các doanh nghiệp.", "L:Ban Quản lý Khu kinh tế Vân Phong" },
    { "Đảng ủy Khối các cơ quan tỉnh quán triệt đến các chi bộ.", "L:Đảng ủy Khối các cơ quan tỉnh" },
    { "Liên đoàn Bóng đá Việt Nam tạm hoãn các giải đấu.", "L:Liên đoàn Bóng đá Việt Nam" },
    { "Hội Doanh nhân trẻ tỉnh vận động hội viên ủng hộ.", "L:Hội Doanh nhân trẻ tỉnh" },
    { "Viện Pasteur Nha Trang hỗ trợ xét nghiệm.", "L:Viện Pasteur Nha Trang" },
    { "Cảng vụ Hàng hải Quy Nhơn kiểm soát tàu thuyền.", "L:Cảng vụ Hàng hải Quy Nhơn" },
    /* Two bodies joined by "và", a list by commas, a name with "và" in it. */
    { "Sở Ngoại vụ và Cục Quản lý xuất nhập cảnh phối hợp thực hiện.", "L:Sở Ngoại vụ|L:Cục Quản lý xuất nhập cảnh" },
    { "Sở Y tế Hà Nam tổ chức tiêm chủng.", "L:Sở Y tế" },
    { "Ban Chỉ đạo phòng, chống dịch Covid-19 huyện Kim Bảng họp hằng ngày.", "L:Ban Chỉ đạo phòng, chống dịch Covid-19 huyện Kim Bảng" },
    { "Chi cục Thú y, Chi cục Kiểm lâm kiểm tra việc vận chuyển.", "L:Chi cục Thú y|L:Chi cục Kiểm lâm" },
    { "Ban Quản lý Khu công nghệ cao và Khu công nghiệp Đà Nẵng rà soát.", "L:Ban Quản lý Khu công nghệ cao và Khu công nghiệp Đà Nẵng" },
    { "Sở Giao thông vận tải chủ trì, phối hợp với Ban Quản lý Khu kinh tế mở Chu Lai kiểm soát.",
      "L:Sở Giao thông vận tải|C:Ban Quản lý Khu kinh tế mở Chu Lai" },
    /* A person's title before the body: the body is the unit. */
    { "Giám đốc Cảng vụ Hàng hải Nghệ An chịu trách nhiệm.", "L:Cảng vụ Hàng hải Nghệ An" },
    { "Chủ tịch UBND huyện Kim Bảng chịu trách nhiệm trước Chủ tịch UBND tỉnh.", "L:UBND huyện Kim Bảng" },
    { "Thủ trưởng Cục Hàng không Việt Nam báo cáo.", "L:Cục Hàng không Việt Nam" },
    /* One head for several bodies. */
    { "Bộ trưởng các Bộ: Quốc phòng, Công an, Y tế chỉ đạo thực hiện.", "L:Bộ Quốc phòng|L:Bộ Công an|L:Bộ Y tế" },
    { "Các Bộ: Giáo dục và Đào tạo, Lao động - Thương binh và Xã hội hướng dẫn.", "L:Bộ Giáo dục và Đào tạo|L:Bộ Lao động - Thương binh và Xã hội" },
    { "Giám đốc các Sở: Y tế, Công Thương, Ngoại vụ khẩn trương triển khai.", "L:Sở Y tế|L:Sở Công Thương|L:Sở Ngoại vụ" },
    { "Các sở Y tế, Giao thông vận tải kiểm soát chặt các chốt.", "L:Sở Y tế|L:Sở Giao thông vận tải" },
    /* Co-operating after "phối hợp với". */
    { "Sở Ngoại vụ chủ trì, phối hợp với Cục Hải quan tỉnh, Cảng vụ Hàng hải Quy Nhơn kiểm tra.",
      "L:Sở Ngoại vụ|C:Cục Hải quan tỉnh|C:Cảng vụ Hàng hải Quy Nhơn" },
    { "Sở Y tế chủ trì, phối hợp chặt chẽ với Trung tâm Y tế các huyện thực hiện.", "L:Sở Y tế|C:Trung tâm Y tế các huyện" },
    { "Sở Y tế phối hợp với các cơ quan liên quan thực hiện.", "L:Sở Y tế" },
    /* Whoever is given the work is the unit. */
    { "Thủ tướng Chính phủ giao Bộ Y tế chủ trì.", "L:Bộ Y tế" },
    { "UBND tỉnh giao Sở Ngoại vụ hướng dẫn.", "L:Sở Ngoại vụ" },
    /* All capitals, as in a heading. */
    { "SỞ NGOẠI VỤ:", "L:Sở Ngoại vụ" },
    /* Not responsible units. */
    { "Thực hiện Chỉ thị của Ban Bí thư về phòng, chống dịch.", "" },
    { "Tiếp tục thực hiện nghiêm Chỉ thị số 16/CT-TTg của Thủ tướng Chính phủ.", "" },
    { "Ban hành kế hoạch tiêm chủng.", "" },
    { "Báo cáo kết quả về Sở Ngoại vụ.", "" },
    { "Hội nghị trực tuyến được tổ chức vào sáng thứ Hai.", "" },
    { "Trung tâm thương mại, chợ, siêu thị phải bảo đảm giãn cách.", "" },
    { "Bộ phận một cửa tạm dừng tiếp dân.", "" },
    { "Đoàn kiểm tra liên ngành làm việc tại các huyện.", "" },
    { "Tăng cường phối hợp với Cục Hàng không Việt Nam.", "C:Cục Hàng không Việt Nam" },
    { "Nhân dân thực hiện 5K theo khuyến cáo của Cục Y tế dự phòng.", "" },
  };

  check_unit_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_units_same_spelling (void)
{
  /* One body written two ways in one notice is one unit. */
  g_autoptr(GbNotice) n = parse_ok ("1. SỞ NGOẠI VỤ:\na) Kiểm tra.\n2. Sở Ngoại vụ báo cáo.\n");

  g_assert_cmpuint (n->items->len, ==, 3);
  g_assert_true (gb_notice_item_has_unit (item (n, 0), "Sở Ngoại vụ"));
  g_assert_true (gb_notice_item_has_unit (item (n, 1), "Sở Ngoại vụ"));
  g_assert_true (gb_notice_item_has_unit (item (n, 2), "Sở Ngoại vụ"));
}

static void
test_units_heading (void)
{
  /* An item that only names units, ending with ":", gives them to its sub-items that name no
   * lead; a sub-item that names its own lead keeps it. */
  g_autoptr(GbNotice) n = parse_ok (
    "1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương:\n"
    "a) Tiếp tục thực hiện nghiêm Chỉ thị số 16/CT-TTg;\n"
    "b) Hoàn thành việc xét nghiệm toàn dân trước ngày 15 tháng 9 năm 2021.\n"
    "2. Bộ Y tế:\n"
    "a) Phối hợp với Bộ Công an truy vết các trường hợp F1;\n"
    "b) Bộ Quốc phòng bảo đảm cơ sở cách ly.\n"
    "3. Sở Ngoại vụ, Cảng vụ Hàng hải Quy Nhơn:\n"
    "- Kiểm soát chặt người nhập cảnh;\n"
    "+ báo cáo hằng ngày.\n"
    "4. Về công tác xét nghiệm:\n"
    "a) Tăng cường xét nghiệm.\n");
  static const struct { const char *path; const char *units; } want[] = {
    { "1", "L:UBND các tỉnh, thành phố trực thuộc trung ương" },
    { "1.1", "L:UBND các tỉnh, thành phố trực thuộc trung ương" },
    { "1.2", "L:UBND các tỉnh, thành phố trực thuộc trung ương" },
    { "2", "L:Bộ Y tế" },
    { "2.1", "L:Bộ Y tế|C:Bộ Công an" },
    { "2.2", "L:Bộ Quốc phòng" },
    { "3", "L:Sở Ngoại vụ|L:Cảng vụ Hàng hải Quy Nhơn" },
    { "3.1", "L:Sở Ngoại vụ|L:Cảng vụ Hàng hải Quy Nhơn" },
    { "3.1.1", "L:Sở Ngoại vụ|L:Cảng vụ Hàng hải Quy Nhơn" },
    { "4", "" },
    { "4.1", "" },
  };

  g_assert_cmpuint (n->items->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_autofree char *got = units_string (item (n, i));
      g_assert_cmpstr (item (n, i)->path, ==, want[i].path);
      g_assert_cmpstr (got, ==, want[i].units);
    }
  g_assert_cmpstr (item (n, 2)->due, ==, "2021-09-15");
}

static void
test_units_paragraph_heading (void)
{
  /* A paragraph naming units and ending with ":" heads the bullets after it. */
  g_autoptr(GbNotice) n = parse_ok (
    "1. Về kiểm soát nhập cảnh:\n\nGiao Sở Ngoại vụ:\n\n- Kiểm soát chặt người nhập cảnh;\n\n"
    "- Phối hợp với Công an tỉnh xác minh.\n\n2. Việc hai.\n");
  static const struct { const char *path; const char *units; } want[] = {
    { "1", "" },
    { "1.1", "L:Sở Ngoại vụ" },
    { "1.1.1", "L:Sở Ngoại vụ" },
    { "1.1.2", "L:Sở Ngoại vụ|C:Công an tỉnh" },
    { "2", "" },
  };

  g_assert_cmpuint (n->items->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_autofree char *got = units_string (item (n, i));
      g_assert_cmpstr (item (n, i)->path, ==, want[i].path);
      g_assert_cmpstr (got, ==, want[i].units);
    }
}

static void
test_user_organisation (void)
{
  g_autoptr(GbOrganisations) orgs = gb_organisations_new_builtin ();
  g_autoptr(GbNotice) n = NULL;
  g_autoptr(GError) error = NULL;

  gb_organisations_add (orgs, "Trung tâm Kiểm soát bệnh tật tỉnh", "CDC tỉnh");
  n = gb_notice_parse ("1. CDC tỉnh tăng cường xét nghiệm.\n", -1, orgs, &error);
  g_assert_no_error (error);
  g_assert_true (gb_notice_item_has_unit (item (n, 0), "Trung tâm Kiểm soát bệnh tật tỉnh"));
  g_assert_cmpstr (gb_organisations_lookup (orgs, "ubnd"), ==, "UBND tỉnh");
  g_assert_cmpstr (gb_organisations_lookup (orgs, "Uỷ ban nhân dân tỉnh"), ==, "UBND tỉnh");
  g_assert_null (gb_organisations_lookup (orgs, "Không có"));
}

static void
test_due (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "Hà Nam, ngày 28 tháng 4 năm 2021\n\n"
    "1. Hoàn thành báo cáo trước ngày 15/9.\n"
    "2. Không lơ là trong dịp nghỉ lễ 30/4, 01/5.\n"
    "3. Trực chống dịch dịp nghỉ Lễ 02/9.\n"
    "4. Báo cáo kết quả hằng tuần.\n"
    "5. Thường xuyên kiểm tra.\n"
    "6. Xong trước ngày 31/2/2021.\n"
    "7. Tổng kết trong tháng 6.\n"
    "8. Nộp chậm nhất ngày 10/5/2022.\n"
    "9. Báo cáo hàng ngày.\n"
    "10. Gửi báo cáo trước 20/9.\n"
    "11. Giãn cách từ ngày 1/9 đến hết ngày 15/9/2021.\n"
    "12. Không đến nơi đông người.\n");

  g_assert_cmpstr (item (n, 0)->due, ==, "2021-09-15");
  g_assert_cmpstr (item (n, 0)->due_text, ==, "trước ngày 15/9");
  g_assert_cmpstr (item (n, 1)->due, ==, "2021-05-01");
  g_assert_cmpstr (item (n, 2)->due, ==, "2021-09-02");
  g_assert_null (item (n, 3)->due);
  g_assert_cmpstr (item (n, 3)->recurrence, ==, "weekly");
  g_assert_cmpstr (item (n, 4)->recurrence, ==, "continuous");
  g_assert_null (item (n, 5)->due);
  g_assert_cmpstr (item (n, 6)->due, ==, "2021-06-30");
  g_assert_cmpstr (item (n, 7)->due, ==, "2022-05-10");
  g_assert_cmpstr (item (n, 8)->recurrence, ==, "daily");
  g_assert_cmpstr (item (n, 9)->due, ==, "2021-09-20");
  /* A period of application is no deadline (issue 20). */
  g_assert_null (item (n, 10)->due);
  g_assert_cmpstr (item (n, 10)->period_start, ==, "2021-09-01");
  g_assert_cmpstr (item (n, 10)->period_end, ==, "2021-09-15");
  g_assert_null (item (n, 11)->due);
}

/* One item in a notice dated 28/8/2021 (or undated): its deadline as a date and as words. */
static void
test_due_forms (void)
{
  static const struct { const char *item; gboolean dated; const char *due; const char *words; } cases[] = {
    /* In words, with and without the year. */
    { "Hoàn thành việc xét nghiệm toàn dân trước ngày 15 tháng 9 năm 2021.", TRUE, "2021-09-15", "trước ngày 15 tháng 9 năm 2021" },
    { "Hoàn thành trước ngày 15 tháng 9.", TRUE, "2021-09-15", "trước ngày 15 tháng 9" },
    { "Báo cáo trước ngày 5 tháng 10, năm 2021.", FALSE, "2021-10-05", NULL },
    { "Xong trước 20 tháng 9/2021.", FALSE, "2021-09-20", NULL },
    /* In figures. */
    { "Báo cáo chậm nhất ngày 15/9.", TRUE, "2021-09-15", "chậm nhất ngày 15/9" },
    { "Báo cáo chậm nhất là ngày 16/9/2021.", FALSE, "2021-09-16", NULL },
    { "Gửi về trước 30/9/2021.", FALSE, "2021-09-30", "trước 30/9/2021" },
    { "Xong trước 15-9-2021.", FALSE, "2021-09-15", "trước 15-9-2021" },
    { "Xong trước 15.9.2021.", FALSE, "2021-09-15", NULL },
    { "Báo cáo trước ngày 15/9.", TRUE, "2021-09-15", "trước ngày 15/9" },
    { "Thời hạn hoàn thành: ngày 10/9/2021.", FALSE, "2021-09-10", NULL },
    { "Hoàn thành trong ngày 29/8/2021.", FALSE, "2021-08-29", NULL },
    /* An hour and a weekday before the date. */
    { "Gửi trước 17 giờ ngày 20/9/2021.", FALSE, "2021-09-20", NULL },
    { "Gửi báo cáo trước 16h00, thứ Sáu, ngày 3/9/2021.", FALSE, "2021-09-03", "trước 16h00, thứ Sáu, ngày 3/9/2021" },
    { "Tổng hợp trước 10h30 ngày 1/9.", TRUE, "2021-09-01", NULL },
    /* A month. */
    { "Tổng kết trong tháng 9/2021.", FALSE, "2021-09-30", "trong tháng 9/2021" },
    { "Tổng kết trong tháng 10 năm 2021.", FALSE, "2021-10-31", NULL },
    { "Xong trước tháng 10/2021.", FALSE, "2021-09-30", NULL },
    { "Hoàn thành trong tháng này.", TRUE, "2021-08-31", "trong tháng này" },
    /* A quarter, a year. */
    { "Hoàn thành trong quý III/2021.", FALSE, "2021-09-30", "trong quý III/2021" },
    { "Tiêm xong mũi 2 trong Quý IV năm 2021.", FALSE, "2021-12-31", NULL },
    { "Tổng kết trước quý 4.", TRUE, "2021-09-30", NULL },
    { "Phủ vắc xin xong trong năm 2021.", FALSE, "2021-12-31", NULL },
    { "Trong năm 2021, tỉnh đã tiêm được nhiều mũi.", FALSE, NULL, NULL },
    /* A day-month date long before the document is in the next year. */
    { "Hoàn thành trước ngày 15/1.", TRUE, "2022-01-15", NULL },
    /* Words only. */
    { "Hoàn thành trong tuần này.", TRUE, NULL, "trong tuần này" },
    { "Báo cáo kết quả trong tuần.", TRUE, NULL, "trong tuần" },
    { "Báo cáo ngay trong ngày.", TRUE, NULL, "ngay trong ngày" },
    { "Trực cả trong ngày nghỉ.", TRUE, NULL, NULL },
    { "Hoàn thành trước khi khai giảng năm học mới.", TRUE, NULL, "trước khi khai giảng năm học mới" },
    { "Tiêm xong mũi 1 trước Tết Nguyên đán.", TRUE, NULL, "trước Tết Nguyên đán" },
    /* Not a date. */
    { "Xong trước ngày 31/2.", TRUE, NULL, NULL },
    { "Xong trước ngày 31/2/2021.", FALSE, NULL, NULL },
    { "Xong trước ngày 30 tháng 2 năm 2021.", FALSE, NULL, NULL },
    { "Thông báo trước 10-15 ngày.", TRUE, NULL, NULL },
    { "Kiểm tra trước khi cho phép hoạt động trở lại.", TRUE, NULL, NULL },
    { "Thực hiện Chỉ thị số 16/CT-TTg ngày 31 tháng 3 năm 2020.", TRUE, NULL, NULL },
    { "Tiếp nhận bệnh nhân từ ngày 1/9.", TRUE, NULL, NULL },
    { "Trước 15 ngày phải thông báo.", TRUE, NULL, NULL },
    { "Hạn chế đi lại trước và trong Cuộc bầu cử đại biểu Quốc hội.", TRUE, NULL, NULL },
    /* A date that is impossible does not hide a later real one. */
    { "Nộp trước ngày 31/2, chậm nhất ngày 5/3/2022.", FALSE, "2022-03-05", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("%s1. %s\n", cases[i].dated ? "Hà Nam, ngày 28 tháng 8 năm 2021\n\n" : "",
                                               cases[i].item);
      g_autoptr(GbNotice) n = parse_ok (text);

      g_test_message ("%s", cases[i].item);
      g_assert_cmpuint (n->items->len, ==, 1);
      g_assert_cmpstr (item (n, 0)->due, ==, cases[i].due);
      if (cases[i].words != NULL)
        g_assert_cmpstr (item (n, 0)->due_text, ==, cases[i].words);
      if (cases[i].due == NULL && cases[i].words == NULL)
        g_assert_null (item (n, 0)->due_text);
    }
  {
    g_autofree char *d = gb_notice_parse_date ("ngày 15 tháng 9", 2021);
    g_autofree char *none = gb_notice_parse_date ("ngày 15 tháng 9", 0);
    g_assert_cmpstr (d, ==, "2021-09-15");
    g_assert_null (none);
  }
}

static void
test_undated_year (void)
{
  /* Without a header date, day-month dates take the year the text talks about. */
  g_autoptr(GbNotice) n = parse_ok ("Ngày 24/8/2021, Văn phòng ban hành.\n1. Xong trước ngày 15/9.\n");
  g_assert_null (n->date);
  g_assert_cmpstr (item (n, 0)->due, ==, "2021-09-15");
}

static void
test_references (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "Thực hiện Kết luận số 07-KL/TW, ngày 11/6/2021 của Bộ Chính trị, Công điện số 1102/CĐ-TTg, ngày 23/8/2021, "
    "Thông báo số 10- TB/VPTW, Chỉ thị 15 và Công điện 4168; Công văn này có hiệu lực.\n1. Thực hiện.\n");
  static const struct { const char *kind, *number, *date; } want[] = {
    { "kết luận", "07-KL/TW", "2021-06-11" }, { "công điện", "1102/CĐ-TTg", "2021-08-23" },
    { "thông báo", "10-TB/VPTW", NULL }, { "chỉ thị", "15", NULL }, { "công điện", "4168", NULL },
  };

  g_assert_cmpuint (n->references->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      GbNoticeReference *r = g_ptr_array_index (n->references, i);
      g_assert_cmpstr (r->kind, ==, want[i].kind);
      g_assert_cmpstr (r->number, ==, want[i].number);
      g_assert_cmpstr (r->date, ==, want[i].date);
    }
}

static void
test_assessment (void)
{
  g_autoptr(GbNotice) n = parse_ok ("1. Tình hình dịch bệnh trên địa bàn cơ bản được kiểm soát.\n2. Tiếp tục xét nghiệm.\n");
  g_assert_false (item (n, 0)->is_task);
  g_assert_true (item (n, 1)->is_task);
}

static void
test_bad_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = NULL;
  static const char binary[] = "1. abc\0def";
  g_autofree char *big = NULL;

  g_assert_null (gb_notice_parse ("", 0, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (gb_notice_parse (" \n\t\n", -1, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (gb_notice_parse (binary, sizeof binary - 1, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "binary"));
  g_clear_error (&error);
  g_assert_null (gb_notice_parse ("1. Vi\xe1\xbb t\n", -1, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  /* Text with no items is a notice with no items. */
  n = gb_notice_parse ("Chỉ là một đoạn văn, không có mục nào.", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n->items->len, ==, 0);
  g_clear_pointer (&n, gb_notice_free);

  big = g_malloc (GB_NOTICE_MAX_BYTES + 2);
  memset (big, 'a', GB_NOTICE_MAX_BYTES + 1);
  big[GB_NOTICE_MAX_BYTES + 1] = '\0';
  g_assert_null (gb_notice_parse (big, -1, NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_PARSE);
}

static void
test_large (void)
{
  /* 2 MB of numbered items, hard-wrapped: parsed, never refused (10 MB is in the benchmark). */
  GString *s = g_string_new (NULL);
  g_autoptr(GbNotice) n = NULL;
  int i = 0;

  while (s->len < 2 * 1024 * 1024)
    {
      g_string_append_printf (s, "%d. Sở Y tế tăng cường kiểm tra, giám sát việc thực hiện các biện pháp phòng,\n"
                                 "chống dịch trước ngày 15/9/2021 tại các khu công nghiệp.\n- Báo cáo hằng tuần.\n",
                              i % 99 + 1);
      i++;
    }
  n = parse_ok (s->str);
  g_assert_cmpuint (n->items->len, >, 5000);
  g_string_free (s, TRUE);
}

static GbNotice *
parse_seed (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "notices", name, NULL);
  g_autoptr(GError) error = NULL;
  GbNotice *n = gb_notice_parse_file (path, NULL, &error);

  g_assert_no_error (error);
  return n;
}

static void
check_paths (GbNotice   *n,
             const char *const *paths)
{
  guint i;
  for (i = 0; paths[i] != NULL; i++)
    g_assert_cmpstr (item (n, i)->path, ==, paths[i]);
  g_assert_cmpuint (n->items->len, ==, i);
}

static void
test_seed_000 (void)
{
  g_autoptr(GbNotice) n = parse_seed ("000_f7e6265e96402aee.txt");
  static const char *const paths[] = { "1", "2", "3", "4", "5", "5.1", "6", "7", "8", NULL };
  GbNoticeReference *r;

  g_assert_null (n->number);
  g_assert_null (n->kind);
  g_assert_cmpuint (n->addressees->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (n->addressees, 0), ==, "Các đồng chí Ủy viên Ban Chấp hành Đảng bộ tỉnh");
  check_paths (n, paths);
  g_assert_cmpstr (item (n, 8)->text, ==, "Tăng cường công tác hướng dẫn, kiểm tra, giám sát, bảo đảm việc thực hiện nghiêm túc, hiệu quả.");
  g_assert_true (g_str_has_suffix (item (n, 7)->text, "cản trở công tác phòng, chống dịch."));
  g_assert_true (gb_notice_item_has_unit (item (n, 5), "Ủy ban MTTQ Việt Nam tỉnh"));
  g_assert_cmpuint (n->references->len, ==, 3);
  r = g_ptr_array_index (n->references, 0);
  g_assert_cmpstr (r->number, ==, "10-TB/VPTW");
  r = g_ptr_array_index (n->references, 1);
  g_assert_cmpstr (r->number, ==, "1102/CĐ-TTg");
  g_assert_cmpstr (r->date, ==, "2021-08-23");
  r = g_ptr_array_index (n->references, 2);
  g_assert_cmpstr (r->number, ==, "188-CV/TU");
  g_assert_cmpstr (r->date, ==, "2021-08-24");
}

static void
test_seed_002 (void)
{
  g_autoptr(GbNotice) n = parse_seed ("002_8a0229a8e1123d04.txt");
  static const char *const paths[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", NULL };
  GbNoticeReference *r;

  check_paths (n, paths);
  g_assert_cmpuint (n->addressees->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (n->addressees, 0), ==, "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy");
  /* Printed "Như trên" and one more; parsed, the five addressees and that one. */
  g_assert_cmpuint (n->recipients_printed->len, ==, 2);
  g_assert_cmpuint (n->recipients->len, ==, 6);
  g_assert_cmpstr (n->signing_form, ==, "T/M BAN THƯỜNG VỤ");
  g_assert_cmpstr (n->signer_title, ==, "PHÓ BÍ THƯ");
  g_assert_cmpuint (n->references->len, ==, 1);
  r = g_ptr_array_index (n->references, 0);
  g_assert_cmpstr (r->number, ==, "07-KL/TW");
  g_assert_cmpstr (r->date, ==, "2021-06-11");
  /* Hard-wrapped lines are joined back into one item. */
  g_assert_true (g_str_has_prefix (item (n, 0)->text, "Các ngành, các cấp tập trung cao nhất cho công tác phòng, chống dịch Covid-19 với tư tưởng"));
  g_assert_true (gb_notice_item_has_unit (item (n, 2), "Ban cán sự đảng UBND tỉnh"));
  g_assert_true (gb_notice_item_has_unit (item (n, 8), "Ủy ban MTTQ Việt Nam tỉnh"));
  g_assert_true (gb_notice_item_has_unit (item (n, 9), "Các huyện ủy, thị ủy, thành ủy"));
  g_assert_cmpstr (item (n, 3)->recurrence, ==, "continuous");
}

static void
test_seed_003 (void)
{
  g_autoptr(GbNotice) n = parse_seed ("003_181e12a3a85800c3.txt");
  static const char *const paths[] = { "1", "1.1", "2", "2.1", "2.2", "2.3", "2.4", "3", "4", "5", "5.1", "5.2", NULL };
  GbNoticeUnit *u;

  g_assert_cmpstr (n->kind, ==, "công văn");
  g_assert_cmpstr (n->number, ==, "154-CV/TU");
  g_assert_cmpstr (n->issuer, ==, "Tỉnh ủy");
  g_assert_cmpstr (n->place, ==, "Hà Nam");
  g_assert_cmpstr (n->date, ==, "2021-04-28");
  g_assert_cmpstr (n->subject, ==, "tiếp tục tăng cường công tác phòng, chống dịch Covid-19");
  g_assert_cmpuint (n->addressees->len, ==, 3);
  g_assert_cmpuint (n->recipients_printed->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (n->recipients_printed, 2), ==, "Như trên");
  g_assert_cmpuint (n->recipients->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (n->recipients, 0), ==, "Ban Bí thư TW Đảng");
  g_assert_cmpstr (g_ptr_array_index (n->recipients, 2), ==, "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc");
  g_assert_cmpstr (n->signer, ==, "Đinh Thị Lụa");
  g_assert_cmpstr (n->signer_title, ==, "PHÓ BÍ THƯ");
  check_paths (n, paths);
  g_assert_cmpstr (item (n, 0)->due, ==, "2021-05-01");
  g_assert_nonnull (strstr (item (n, 0)->due_text, "30/4, 01/5"));
  g_assert_true (gb_notice_item_has_unit (item (n, 2), "Ban cán sự đảng UBND tỉnh"));
  g_assert_true (gb_notice_item_has_unit (item (n, 2), "Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh"));
  g_assert_true (gb_notice_item_has_unit (item (n, 7), "Ban Chỉ đạo bầu cử"));
  g_assert_true (gb_notice_item_has_unit (item (n, 8), "Ban Dân vận Tỉnh ủy"));
  g_assert_true (gb_notice_item_has_unit (item (n, 8), "Ủy ban MTTQ Việt Nam tỉnh"));
  u = g_ptr_array_index (item (n, 9)->units, 0);
  g_assert_cmpstr (u->name, ==, "Ban Tuyên giáo Tỉnh ủy");
  g_assert_true (gb_notice_item_has_unit (item (n, 11), "Ban Tuyên giáo Tỉnh ủy"));
  g_assert_cmpuint (n->references->len, ==, 2);
  g_assert_cmpstr (((GbNoticeReference *) g_ptr_array_index (n->references, 0))->number, ==, "81/TB-VPCP");
  g_assert_cmpstr (((GbNoticeReference *) g_ptr_array_index (n->references, 1))->date, ==, "2021-02-26");
}

static void
test_roman_sections (void)
{
  g_autoptr(GbNotice) n = parse_ok (
    "Mở đầu.\n\nI. TÌNH HÌNH DỊCH BỆNH\n\n1. Số ca mắc giảm.\n\nII. NHIỆM VỤ THỜI GIAN TỚI\n\n"
    "1. Sở Y tế tăng cường xét nghiệm.\n\n2. Công an tỉnh bảo đảm an ninh.\n");
  static const char *const paths[] = { "I", "I.1", "II", "II.1", "II.2", NULL };

  check_paths (n, paths);
  g_assert_cmpint (item (n, 0)->level, ==, 1);
  g_assert_cmpint (item (n, 3)->level, ==, 2);
  g_assert_false (item (n, 0)->is_task);
  g_assert_true (gb_notice_item_has_unit (item (n, 4), "Công an tỉnh"));
}

static void
test_conclusion_notice (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "notice-conclusion.md", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = gb_notice_parse_file (path, NULL, &error);
  static const char *const paths[] = { "1", "2", "2.1", "2.2", "2.2.1", "2.2.2", "2.3", NULL };
  GbNoticeUnit *u;

  g_assert_no_error (error);
  g_assert_cmpstr (n->kind, ==, "thông báo kết luận");
  g_assert_cmpstr (n->number, ==, "45-TB/BCĐ");
  g_assert_cmpstr (n->date, ==, "2021-09-03");
  g_assert_cmpstr (n->place, ==, "Ninh Thuận");
  g_assert_cmpstr (n->signing_form, ==, "KT. TRƯỞNG BAN");
  g_assert_cmpstr (n->signer_title, ==, "PHÓ TRƯỞNG BAN");
  g_assert_cmpstr (n->signer, ==, "Trần Văn B");
  check_paths (n, paths);
  g_assert_false (item (n, 0)->is_task);
  g_assert_cmpstr (item (n, 2)->due, ==, "2021-09-10");
  u = g_ptr_array_index (item (n, 2)->units, 1);
  g_assert_cmpstr (u->name, ==, "UBND các huyện, thị xã, thành phố");
  g_assert_cmpint (u->role, ==, GB_NOTICE_ROLE_COOPERATE);
  g_assert_true (gb_notice_item_has_unit (item (n, 5), "Công an tỉnh"));
  g_assert_cmpstr (item (n, 5)->recurrence, ==, "weekly");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("GB_TEST_NONFATAL"))
    g_test_set_nonfatal_assertions ();
  g_test_add_func ("/notice/dates", test_dates);
  g_test_add_func ("/notice/numbers", test_numbers);
  g_test_add_func ("/notice/header", test_header);
  g_test_add_func ("/notice/state-header", test_state_header);
  g_test_add_func ("/notice/issuer-lines", test_issuer_lines);
  g_test_add_func ("/notice/issuer-two-columns", test_issuer_two_columns);
  g_test_add_func ("/notice/issuer-columns-apart", test_issuer_columns_apart);
  g_test_add_func ("/notice/issuer-odd", test_issuer_odd);
  g_test_add_func ("/notice/number-line-date", test_number_line_date);
  g_test_add_func ("/notice/header-subject", test_header_subject);
  g_test_add_func ("/notice/header-addressees", test_header_addressees);
  g_test_add_func ("/notice/closing-mark", test_closing_mark);
  g_test_add_func ("/notice/hierarchy", test_numbered_hierarchy);
  g_test_add_func ("/notice/hard-wrap", test_hard_wrap);
  g_test_add_func ("/notice/markdown", test_markdown);
  g_test_add_func ("/notice/glued", test_glued_items);
  g_test_add_func ("/notice/not-items", test_not_items);
  g_test_add_func ("/notice/units", test_units);
  g_test_add_func ("/notice/units-dictionary", test_units_dictionary);
  g_test_add_func ("/notice/units-pattern", test_units_pattern);
  g_test_add_func ("/notice/units-same-spelling", test_units_same_spelling);
  g_test_add_func ("/notice/units-heading", test_units_heading);
  g_test_add_func ("/notice/units-paragraph-heading", test_units_paragraph_heading);
  g_test_add_func ("/notice/user-organisation", test_user_organisation);
  g_test_add_func ("/notice/due", test_due);
  g_test_add_func ("/notice/due-forms", test_due_forms);
  g_test_add_func ("/notice/undated-year", test_undated_year);
  g_test_add_func ("/notice/references", test_references);
  g_test_add_func ("/notice/assessment", test_assessment);
  g_test_add_func ("/notice/bad-input", test_bad_input);
  g_test_add_func ("/notice/large", test_large);
  g_test_add_func ("/notice/seed-000", test_seed_000);
  g_test_add_func ("/notice/seed-002", test_seed_002);
  g_test_add_func ("/notice/seed-003", test_seed_003);
  g_test_add_func ("/notice/conclusion", test_conclusion_notice);
  g_test_add_func ("/notice/roman", test_roman_sections);
  return g_test_run ();
}
