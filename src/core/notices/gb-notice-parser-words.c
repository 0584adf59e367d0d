/* gb-notice-parser-words.c — the parser's vocabulary: its patterns and word lists, made once
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser-private.h"

Regexes *
gb_parser_regexes_get (void)
{
  static gsize once = 0;
  static Regexes r;

  if (g_once_init_enter (&once))
    {
#define DATE "\\d{1,2}\\s*[/.-]\\s*\\d{1,2}(?:\\s*[/.-]\\s*\\d{2,4})?"
#define DATE_WORDS "\\d{1,2}\\s+tháng\\s+\\d{1,2}(?:\\s*(?:,?\\s*năm\\s+|/\\s*)\\d{4})?"
#define RX(field, pattern, flags) \
      r.field = g_regex_new (pattern, G_REGEX_OPTIMIZE | (flags), 0, NULL); \
      g_assert (r.field != NULL)
      RX (date_full, "^\\s*(\\d{1,2})\\s*([/.-])\\s*(\\d{1,2})\\s*\\2\\s*(\\d{4}|\\d{2})(?!\\d)", 0);
      /* The year may be left out ("trước ngày 15 tháng 9"): it is the document's. */
      RX (date_words, "^\\s*(?:ngày\\s+)?(\\d{1,2})\\s+tháng\\s*(\\d{1,2})(?:\\s*(?:,?\\s*năm\\s+|/\\s*)(\\d{4}))?(?!\\s*[/\\d])", G_REGEX_CASELESS);
      RX (date_dm, "^\\s*(\\d{1,2})\\s*/\\s*(\\d{1,2})(?![\\d/]|\\s*/)", 0);
      RX (number_party, "(?<![\\w/])(\\d{1,5})\\s*-\\s*([\\p{Lu}][\\p{L}]{0,5})\\s*/\\s*([\\p{Lu}][\\p{L}]{0,9}(?:\\s*-\\s*[\\p{Lu}][\\p{L}]{0,9})?)", 0);
      RX (number_state, "(?<![\\w/])(\\d{1,5})\\s*/\\s*(?:\\d{4}\\s*/\\s*)?([\\p{Lu}][\\p{L}]{0,5})\\s*-\\s*([\\p{Lu}][\\p{L}]{0,9}(?:\\s*-\\s*[\\p{Lu}][\\p{L}]{0,9})?)", 0);
      /* Typed loosely ("ngày 07 tháng08 năm 2020") or read by OCR without diacritics ("ngay … thang"). */
      RX (place_date, "^\\s*([\\p{L}][\\p{L} .'-]{0,40}?)\\s*,\\s*ng(?:à|a)y\\s*(\\d{1,2})\\s*th(?:á|a)ng\\s*(\\d{1,2})\\s*,?\\s*n(?:ă|a)m\\s*(\\d{4})", G_REGEX_CASELESS);
      /* The kind in any case ("theo công văn số 77/UBND-VX, ngày 5/3/2021"), "số" optional. */
      RX (reference,
          "(?<!\\p{L})((?i:Thông báo kết luận|Thông báo|Kết luận|Công văn|Công điện|Chỉ thị|Nghị quyết|Nghị định|"
          "Quyết định|Hướng dẫn|Kế hoạch|Thông tư|Quy định|Điện))\\s+(?:(?i:số)\\s*:?\\s*)?"
          "(\\d{1,5}(?:\\s*-\\s*[\\p{Lu}][\\p{L}]{0,5}\\s*/\\s*[\\p{Lu}][\\p{L}&]{0,9}(?:-[\\p{Lu}][\\p{L}&]{0,9})?"
          "|\\s*/\\s*(?:\\d{4}\\s*/\\s*)?[\\p{Lu}][\\p{L}&]{0,7}(?:\\s*-\\s*[\\p{Lu}][\\p{L}&]{0,9}(?:-[\\p{Lu}][\\p{L}&]{0,9})?)?)?)(?![\\d/\\p{L}])"
          "(?:\\s*,?\\s*(?:ban hành\\s+)?(?i:ngày)\\s+(\\d{1,2}\\s*[/.-]\\s*\\d{1,2}\\s*[/.-]\\s*\\d{2,4}|\\d{1,2}\\s+tháng\\s*\\d{1,2}\\s+năm\\s+\\d{4}))?", 0);
      RX (numbered, "^(\\d{1,2}(?:\\.\\d{1,2})*)(\\.|\\))?\\s+(\\S.*)$", G_REGEX_DOTALL);
      /* Folded text has "hòan", the modern tone placement; people type either. */
      /* A deadline: a cue, perhaps an hour and a weekday ("trước 17 giờ, thứ Sáu, ngày 27/8"),
       * then a date in figures or in words. Not a number of days ("trước 10-15 ngày"). */
      RX (due_before,
          "(?:trước|chậm nhất(?:\\s+(?:là|vào|đến|trước))*|hạn chót(?:\\s+là)?|thời hạn(?:\\s+h(?:oà|òa)n thành)?\\s*:?|"
          "h(?:oà|òa)n thành trong|xong trong|trong ngày|không quá|đến hết|đến)\\s+"
          "(?:(?:\\d{1,2}\\s*(?:giờ|h)\\s*(?:\\d{1,2}\\s*(?:phút|')?)?|\\d{1,2}:\\d{2})\\s*,?\\s*)?"
          "(?:(?:thứ\\s+(?:hai|ba|tư|năm|sáu|bảy|\\d)|chủ\\s+nhật)\\s*,?\\s*)?"
          "(?:ngày\\s+)?(" DATE "|" DATE_WORDS ")(?![\\d/]|\\s*(?:ngày|giờ|tuần|tháng|năm)(?!\\s*\\d))", G_REGEX_CASELESS);
      RX (due_holiday, "(?:(?:dịp|kỳ|đợt)\\s+)?(?:nghỉ\\s+)?(?:lễ|tết)\\s+(?:[^\\d.;]{0,40}?\\s)?(" DATE ")((?:\\s*(?:,|và|-|–|đến)\\s*" DATE ")*)", G_REGEX_CASELESS);
      /* "trong tháng 9/2021" ends with the month; "trước tháng 10" with the month before. */
      RX (due_month, "(trong|trước)\\s+tháng\\s+(\\d{1,2}|này)(?:\\s*(?:/|năm)\\s*(\\d{4}))?(?![\\d/])", G_REGEX_CASELESS);
      /* "trong quý III/2021" ends with the quarter (folded "qúy"); "hoàn thành trong năm 2021"
       * with the year. */
      RX (due_quarter,
          "(trong|hết|cuối|trước)\\s+q(?:uý|úy)\\s+(iv|i{1,3}|[1-4])(?:\\s*(?:/|năm)\\s*(\\d{4}))?(?![\\p{L}\\d/])|"
          "(?:h(?:oà|òa)n thành|xong|chậm nhất)\\s+(?:trong\\s+)?năm\\s+(\\d{4})(?!\\d)", G_REGEX_CASELESS);
      /* Deadlines in words only: a person reads them, the tracker keeps the words. */
      RX (due_words,
          "trong\\s+(?:tuần|tháng)(?:\\s+(?:này|tới|sau))?(?!\\s*\\d)(?![\\p{L}\\d])|"
          "(?:ngay\\s+)?trong\\s+ngày(?:\\s+hôm\\s+nay)?(?=\\s*(?:[,.;:)]|$))|"
          "(?:trước|chậm nhất)\\s+(?:khi\\s+(?:[^\\d,.;:()]{0,30}?\\s)?|thềm\\s+|dịp\\s+|kỳ\\s+)?"
          "(?:khai giảng|năm học mới|tết|bầu cử|kỳ thi|thi tốt nghiệp|nghỉ lễ|đại hội|mùa mưa|mùa bão)[^\\d,.;:()]{0,40}",
          G_REGEX_CASELESS);
      RX (any_full_date, "(?<!\\d)\\d{1,2}\\s*[/.-]\\s*\\d{1,2}\\s*[/.-]\\s*(\\d{4})(?!\\d)|năm\\s+(\\d{4})", 0);
      /* The right column of a header: the party's or the state's name (its last words alone on a
       * line when it wraps) and the motto. */
      RX (right_column,
          "ĐẢNG\\s+CỘNG\\s+SẢN\\s+VIỆT\\s+NAM|CỘNG\\s+H(?:ÒA|OÀ)\\s+XÃ\\s+HỘI\\s+CHỦ\\s+NGHĨA|"
          "ĐỘC\\s+LẬP\\s*[-–—]+\\s*TỰ\\s+DO|"
          /* the state's name wrapped onto a second line */
          "^\\s*VIỆT\\s+NAM\\s*$", G_REGEX_CASELESS);
      /* Its place and date ("Ninh Thuận, ngày 25 tháng 8 năm 2021"), or a date alone; a draft
       * leaves the day blank ("ngày     tháng 8", "ngày …. tháng 8"). */
      RX (header_date, "(?:^|,)\\s*ng(?:à|a)y[\\s\\d.…_]{0,20}th(?:á|a)ng\\s*\\d{1,2}", G_REGEX_CASELESS);
      /* "Số 369 / PGD&ĐT", an OCR's "S6 601 IUBND- YT": a number without the usual dash. */
      RX (number_loose, "^\\s*(?:S(?:ố|Ố|o|O|6)|SỐ)\\s*:?\\s*(\\d{1,5})\\s*(?:/|\\s[I|l]|I)\\s*([\\p{Lu}][\\p{L}&.]{0,11}(?:\\s*-\\s*[\\p{Lu}][\\p{L}&]{0,9})?)", 0);
      /* The date of an e-signature stamp: "Giờ ký: 2020-08-07T08:25", "01/04/2020 07:51:56". */
      RX (stamp_date, "(?:(?:Giờ ký|Ngày ký|Thời gian ký|Ký ngày)\\s*:?\\s*(\\d{4})-(\\d{2})-(\\d{2})|^\\s*(\\d{1,2})/(\\d{1,2})/(\\d{4})\\s+\\d{1,2}:\\d{2}(?::\\d{2})?\\s*$)", G_REGEX_MULTILINE | G_REGEX_CASELESS);
      /* The meeting a conclusion reports: "Ngày 12/10/2021, Ban Chỉ đạo tỉnh họp …". */
      RX (meeting, "^(?:(?:sáng|chiều|tối|trưa)\\s+)?(?:ngày\\s+)(\\d{1,2}\\s*[/.-]\\s*\\d{1,2}\\s*[/.-]\\s*\\d{4}|\\d{1,2}\\s+tháng\\s*\\d{1,2}\\s*,?\\s*năm\\s+\\d{4})\\s*,[^.:;]{0,200}?\\b(?:họp|hội nghị|chủ trì|làm việc|giao ban|nghe báo cáo)", G_REGEX_CASELESS);
      /* A notice's own kind and number in its lead sentence or title: "Công văn số 1234/UBND-VX
       * của UBND tỉnh X về việc …", "Chủ tịch UBND tỉnh vừa ban hành Quyết định số 550/QĐ-UBND về …". */
      RX (lead,
          "^(?:(.{3,80}?)\\s+(?:vừa|đã|mới)\\s+(?:(?:ban hành|ký|có|ra)\\s+)?)?"
          "((?i:công văn|công điện|điện|thông báo kết luận|thông báo|kết luận|chỉ thị|kế hoạch|quyết định|hướng dẫn|nghị quyết))"
          "\\s+(?i:số)\\s*:?\\s*(\\d{1,5}\\s*[-/]\\s*[\\p{Lu}][\\p{L}&/-]{0,20})"
          "(?:\\s*,?\\s*(?i:ngày)\\s+(\\d{1,2}\\s*[/.-]\\s*\\d{1,2}\\s*[/.-]\\s*\\d{4}|\\d{1,2}\\s+tháng\\s*\\d{1,2}\\s*,?\\s*năm\\s+\\d{4}))?"
          "(?:\\s*,?\\s*(?:của|do)\\s+(.{3,80}?))?"
          "(?:\\s*,?\\s*(?i:về việc|về|v/v)\\s+([^.;]{3,300}))?(?:[.;]|$)", 0);
#undef RX
#undef DATE
#undef DATE_WORDS
      g_once_init_leave (&once, 1);
    }
  return &r;
}

static const char *const verb_cues[] = {
  " chủ trì", " tập trung", " tiếp tục", " chỉ đạo", " thực hiện", " khẩn trương", " phối hợp",
  " chịu trách nhiệm", " có trách nhiệm", " hạn chế", " tăng cường", " triển khai", " rà soát",
  " theo dõi", " xây dựng", " phải ", " lãnh đạo", " nắm ", " quán triệt", " tham gia",
  " tổ chức", " đẩy mạnh", " kiểm tra", " hướng dẫn", " chủ động", " nghiêm túc", " bảo đảm",
  " đảm bảo", " có kế hoạch", " sớm ", " ban hành", " phát huy", " thường xuyên", " kịp thời",
  " cần ", " vận động", " tuyên truyền", " phổ biến", " quản lý", " giám sát", " nghiên cứu",
  " trực tiếp", " làm tốt", " căn cứ", " khẩn cấp", " đôn đốc", " cung cấp", " nâng cao",
  " duy trì", " tăng ", " rút ", " có ", " được ", " là ",
  /* Verbs that end the subject of a clause naming an organisation the dictionary lacks. */
  " báo cáo", " đề xuất", " tham mưu", " hỗ trợ", " hoàn thành", " hoàn thiện", " hoàn tất",
  " bố trí", " chuẩn bị", " giải quyết", " xử lý", " tiếp nhận", " công bố", " phân bổ",
  " ưu tiên", " thành lập", " tập huấn", " cập nhật", " sẵn sàng", " phân công", " huy động",
  " ứng phó", " điều phối", " thu thập", " gửi ", " đánh giá", " tạo điều kiện", " bổ sung",
  " điều chỉnh", " cung ứng", " bám sát", " tiến hành", " tổng hợp", " thẩm định", " chấp hành",
  " nhanh chóng", " kiên quyết", " quyết liệt", " sẽ ", " đã ", " đang ", " làm việc",
  " xem xét", " yêu cầu", " đề nghị", " giao ", " mua ", " tạm dừng", " kiểm soát", " gương mẫu",
  " vận hành", " bảo vệ", " xác minh", " điều tra", " lập ", " tạm hoãn",
  " hoãn ", " dừng ", " cho phép", " cấp phép", " kiện toàn", " phát động", " kích hoạt",
  " thiết lập", " phong tỏa", " truy vết", " khoanh vùng",
};

/* Words that open the name of an organisation ("Sở Ngoại vụ", "Cục Hải quan tỉnh"), longest
 * first where one opens another. */
static const char *const org_heads[] = {
  "ủy ban nhân dân", "bộ chỉ huy", "bộ tư lệnh", "tổng cục", "chi cục", "cục", "ubnd", "ủy ban",
  "bộ", "sở", "ban", "văn phòng", "trung tâm", "bệnh viện", "công an", "đảng ủy", "huyện ủy",
  "thị ủy", "thành ủy", "quận ủy", "đảng đoàn", "hội đồng", "hội", "liên đoàn", "liên minh",
  "đài", "báo", "viện", "tòa án", "kho bạc", "ngân hàng", "cảng vụ", "thanh tra", "bảo hiểm",
  "tập đoàn", "tổng công ty", "công ty", "học viện", "trường", "đại học", "bộ đội", "quân khu",
  "tỉnh đoàn", "đoàn", "phòng", "lực lượng vũ trang", "quân đội", "bộ đội biên phòng", "đồn biên phòng",
};

/* Heads that name a body even when the next word is not capitalised ("Công an các huyện",
 * "UBND huyện Kim Bảng"); after the others a name starts with a capital ("Ban Quản lý …" but
 * "ban hành", "Báo Hà Nam" but "báo cáo", "Hội Nông dân" but "Hội nghị"). */
static const char *const org_heads_strong[] = {
  "ủy ban nhân dân", "ubnd", "công an", "bộ chỉ huy", "đảng ủy", "huyện ủy", "thị ủy",
  "thành ủy", "quận ủy", "lực lượng vũ trang", "quân đội", "bộ đội biên phòng",
};

/* Heads followed by words that make them something else (for all-capital text). */
static const char *const not_orgs[] = {
  "ban hành", "ban đêm", "ban ngày", "báo cáo", "báo chí", "hội nghị", "hội thảo", "hội chợ",
  "hội thi", "hội họp", "viện trợ", "viện phí", "cục bộ", "sở hữu", "sở tại", "sở dĩ",
  "bộ phận", "bộ máy", "bộ tiêu chí", "bộ hồ sơ", "bộ công cụ", "bộ kit", "đoàn kết",
  "đoàn viên", "trung tâm thương mại", "trường hợp", "trường học", "đài tưởng niệm",
  "phòng, chống", "phòng chống", "phòng ngừa", "phòng dịch", "phòng bệnh", "phòng tránh", "phòng cháy",
  "phòng họp", "phòng cách ly", "phòng hộ",
};

/* People's titles before the body they head: the body is the unit ("Giám đốc Sở Y tế"). */
static const char *const person_titles[] = {
  "các đồng chí", "đồng chí", "phó chủ tịch", "chủ tịch", "phó giám đốc", "tổng giám đốc",
  "giám đốc", "thủ trưởng", "bộ trưởng", "thứ trưởng", "phó trưởng ban", "trưởng ban",
  "chánh văn phòng", "viện trưởng", "chánh án", "tổng cục trưởng", "cục trưởng", "tư lệnh",
  "chỉ huy trưởng", "người đứng đầu", "lãnh đạo", "bí thư", "trưởng",
};

/* After "các huyện" a list of kinds of place still belongs to the name. */
static const char *const admin_words[] = {
  "huyện", "thị xã", "thành phố", "xã", "phường", "thị trấn", "quận", "tỉnh",
};

/* Heads of plural lists sharing the head: "các Bộ: Quốc phòng, Công an, Y tế". */
static const char *const list_heads[] = {
  "bộ", "sở", "ban", "cục", "bệnh viện", "trung tâm", "hội",
};

/* Words that open a body's line in a header's issuer block: each starts a new body ("SỞ Y TẾ"
 * under "UBND TỈNH NINH THUẬN"); any other line goes on the name above it ("COVID-19" under
 * "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH"). */
static const char *const issuer_heads[] = {
  "tỉnh ủy", "thành ủy", "huyện ủy", "thị ủy", "quận ủy", "đảng ủy", "đảng bộ", "đảng đoàn",
  "ban cán sự", "ủy ban", "ubnd", "ubmttq", "hđnd", "hội đồng", "ban", "bcđ", "sở", "bộ",
  "tổng cục", "cục", "chi cục", "văn phòng", "phòng", "chính phủ", "thủ tướng", "trung tâm",
  "bệnh viện", "công an", "bộ chỉ huy", "mặt trận", "đoàn", "hội", "viện", "trường",
};

/* Heads in a header that go on the name above them ("PHÒNG, CHỐNG DỊCH" is no "Phòng Y tế"). */
static const char *const not_issuer_heads[] = {
  "phòng, chống", "phòng chống", "phòng ngừa", "phòng dịch", "phòng,",
};

static GPtrArray *
fold_list (const char *const *list,
           guint              n)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (out, gb_organisations_fold (list[i]));
  return out;
}

/* The word lists folded once, as the text they are compared with ("hoàn" is "hòan" there). */
Words *
gb_parser_words_get (void)
{
  static gsize once = 0;
  static Words w;

  if (g_once_init_enter (&once))
    {
      w.cues = fold_list (verb_cues, G_N_ELEMENTS (verb_cues));
      w.heads = fold_list (org_heads, G_N_ELEMENTS (org_heads));
      w.strong = fold_list (org_heads_strong, G_N_ELEMENTS (org_heads_strong));
      w.not_orgs = fold_list (not_orgs, G_N_ELEMENTS (not_orgs));
      w.titles = fold_list (person_titles, G_N_ELEMENTS (person_titles));
      w.admin = fold_list (admin_words, G_N_ELEMENTS (admin_words));
      w.list_heads = fold_list (list_heads, G_N_ELEMENTS (list_heads));
      w.issuer_heads = fold_list (issuer_heads, G_N_ELEMENTS (issuer_heads));
      w.not_issuer_heads = fold_list (not_issuer_heads, G_N_ELEMENTS (not_issuer_heads));
      g_once_init_leave (&once, 1);
    }
  return &w;
}
