/* gb-organisations.c — the built-in dictionary of organisations, extendable by the user
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Matching works on folded text (lower case, NFC, one tone placement) so "UỶ BAN" and "Ủy ban"
 * are the same words. At each position the longest alias wins, so "Ban cán sự đảng UBND tỉnh"
 * is not read as "UBND tỉnh".
 */
#include "config.h"

#include <string.h>

#include "gb-organisations.h"
#include "gb-text.h"

typedef struct
{
  const char *name;
  const char *short_name;
  const char *kind;
  const char *aliases;   /* '|'-separated, any case; the name itself is always an alias */
} BuiltinOrg;

static const BuiltinOrg builtin[] = {
  { "Tỉnh ủy", "TU", "party", "tỉnh ủy" },
  { "Ban Thường vụ Tỉnh ủy", "BTVTU", "party", "ban thường vụ tỉnh ủy|btv tỉnh ủy|ban thường vụ" },
  { "Thường trực Tỉnh ủy", "TTTU", "party", "thường trực tỉnh ủy" },
  { "Văn phòng Tỉnh ủy", "VPTU", "party", "văn phòng tỉnh ủy" },
  { "Ban Tuyên giáo Tỉnh ủy", "BTGTU", "party", "ban tuyên giáo tỉnh ủy|ban tuyên giáo" },
  { "Ban Dân vận Tỉnh ủy", "BDVTU", "party", "ban dân vận tỉnh ủy|ban dân vận|dân vận" },
  { "Ban Tổ chức Tỉnh ủy", "BTCTU", "party", "ban tổ chức tỉnh ủy|ban tổ chức" },
  { "Ủy ban Kiểm tra Tỉnh ủy", "UBKTTU", "party", "ủy ban kiểm tra tỉnh ủy|ủy ban kiểm tra" },
  { "Ban Nội chính Tỉnh ủy", "BNCTU", "party", "ban nội chính tỉnh ủy|ban nội chính" },
  { "Các ban xây dựng Đảng", NULL, "group", "các ban xây dựng đảng của tỉnh ủy|các ban xây dựng đảng|ban xây dựng đảng" },
  { "Ban cán sự đảng UBND tỉnh", "BCSĐ UBND", "party", "ban cán sự đảng ủy ban nhân dân tỉnh|ban cán sự đảng ubnd tỉnh" },
  { "Đảng đoàn HĐND tỉnh", NULL, "party", "đảng đoàn hội đồng nhân dân tỉnh|đảng đoàn hđnd tỉnh" },
  { "Đảng đoàn MTTQ tỉnh", NULL, "party", "đảng đoàn ủy ban mặt trận tổ quốc việt nam tỉnh|đảng đoàn mttq tỉnh|đảng đoàn ủy ban mttq tỉnh" },
  { "Các ban cán sự đảng, đảng đoàn", NULL, "group", "các ban cán sự đảng, đảng đoàn|ban cán sự đảng, đảng đoàn|các ban cán sự đảng|các đảng đoàn" },
  { "Các huyện ủy, thị ủy, thành ủy", "HU", "group", "các huyện ủy, thị ủy, thành ủy|huyện ủy, thị ủy, thành ủy|các huyện ủy|huyện ủy|thị ủy|thành ủy" },
  { "Các đảng ủy trực thuộc Tỉnh ủy", NULL, "group", "đảng ủy trực thuộc tỉnh ủy|các đảng ủy trực thuộc|đảng ủy trực thuộc" },
  { "UBND tỉnh", "UBND", "state", "ủy ban nhân dân tỉnh|ubnd tỉnh|ubnd" },
  { "Các cấp ủy, tổ chức đảng", NULL, "group", "các cấp ủy, tổ chức đảng|cấp ủy, tổ chức đảng|các cấp ủy đảng|cấp ủy các cấp" },
  { "UBND các huyện, thị xã, thành phố", NULL, "group", "ủy ban nhân dân các huyện, thị xã, thành phố|ubnd các huyện, thị xã, thành phố|ủy ban nhân dân các huyện, thành phố|ubnd các huyện, thành phố|ubnd các huyện, thị xã|ủy ban nhân dân các huyện, thị xã|ubnd các huyện|ủy ban nhân dân các huyện|ubnd cấp huyện|ủy ban nhân dân cấp huyện" },
  { "UBND các xã, phường, thị trấn", NULL, "group", "ủy ban nhân dân các xã, phường, thị trấn|ubnd các xã, phường, thị trấn|ubnd cấp xã|ủy ban nhân dân cấp xã|chính quyền cơ sở|"
    "ủy ban nhân dân các xã, thị trấn|ubnd các xã, thị trấn|ủy ban nhân dân các xã, phường|ubnd các xã, phường|"
    "ủy ban nhân dân các phường, xã|ubnd các phường, xã|ubnd các xã" },
  { "HĐND tỉnh", "HĐND", "state", "hội đồng nhân dân tỉnh|hđnd tỉnh|hđnd" },
  { "Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh", "BCĐ", "state", "ban chỉ đạo phòng, chống dịch covid-19 tỉnh|ban chỉ đạo phòng chống dịch covid-19 tỉnh|ban chỉ đạo phòng, chống dịch covid-19 của tỉnh|ban chỉ đạo phòng, chống dịch tỉnh|ban chỉ đạo phòng, chống dịch covid-19|bcđ tỉnh|bcđ" },
  { "Ban Chỉ đạo bầu cử", NULL, "state", "ban chỉ đạo bầu cử|ủy ban bầu cử|ủy ban bầu cử các cấp" },
  { "Ủy ban MTTQ Việt Nam tỉnh", "MTTQ", "front", "ủy ban mặt trận tổ quốc việt nam tỉnh|thường trực ủy ban mặt trận tổ quốc việt nam tỉnh|ủy ban mặt trận tổ quốc|mặt trận tổ quốc việt nam|mặt trận tổ quốc|ủy ban mttq việt nam tỉnh|ủy ban mttq tỉnh|ủy ban mttq|mttq" },
  { "Các tổ chức chính trị - xã hội", NULL, "group", "các tổ chức chính trị - xã hội|tổ chức chính trị - xã hội|các đoàn thể chính trị - xã hội|đoàn thể chính trị - xã hội|các đoàn thể|đoàn thể" },
  { "Các sở, ban, ngành", NULL, "group", "các sở, ban, ngành, đoàn thể|các sở, ban, ngành|sở, ban, ngành|các sở, ngành|các ngành, các cấp|các cấp, các ngành" },
  { "Sở Y tế", "SYT", "state", "sở y tế|ngành y tế" },
  { "Sở Giáo dục và Đào tạo", "SGDĐT", "state", "sở giáo dục và đào tạo|sở gd&đt|sở gdđt|ngành giáo dục" },
  { "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH", "state", "sở lao động - thương binh và xã hội|sở lao động, thương binh và xã hội|sở lđtbxh|sở lđ-tb&xh" },
  { "Sở Công Thương", "SCT", "state", "sở công thương" },
  { "Sở Thông tin và Truyền thông", "STTTT", "state", "sở thông tin và truyền thông|sở tt&tt|sở tttt" },
  { "Sở Giao thông vận tải", "SGTVT", "state", "sở giao thông vận tải|sở gtvt" },
  { "Sở Tài chính", "STC", "state", "sở tài chính" },
  { "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "state", "sở văn hóa, thể thao và du lịch|sở vhtt&dl|sở vhttdl" },
  { "Sở Kế hoạch và Đầu tư", "SKHĐT", "state", "sở kế hoạch và đầu tư|sở khđt" },
  { "Sở Nội vụ", "SNV", "state", "sở nội vụ" },
  { "Công an tỉnh", "CA", "state", "công an tỉnh|lực lượng công an" },
  { "Bộ Chỉ huy Quân sự tỉnh", "BCHQS", "state", "bộ chỉ huy quân sự tỉnh|bộ chqs tỉnh" },
  { "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BĐBP", "state", "bộ chỉ huy bộ đội biên phòng tỉnh|bộ đội biên phòng" },
  { "Văn phòng UBND tỉnh", "VP UBND", "state", "văn phòng ủy ban nhân dân tỉnh|văn phòng ubnd tỉnh" },
  { "Tỉnh đoàn", "TĐ", "front", "tỉnh đoàn|đoàn thanh niên" },
  { "Hội Liên hiệp Phụ nữ tỉnh", "HLHPN", "front", "hội liên hiệp phụ nữ tỉnh|hội phụ nữ" },
  { "Liên đoàn Lao động tỉnh", "LĐLĐ", "front", "liên đoàn lao động tỉnh|liên đoàn lao động|công đoàn" },
  { "Hội Nông dân tỉnh", "HND", "front", "hội nông dân tỉnh|hội nông dân" },
  { "Hội Cựu chiến binh tỉnh", "HCCB", "front", "hội cựu chiến binh tỉnh|hội cựu chiến binh" },
  { "Các cơ quan truyền thông, báo chí", NULL, "group", "các cơ quan truyền thông, báo chí|cơ quan báo chí|các cơ quan báo chí|báo, đài" },
  { "Doanh nghiệp có vốn Nhà nước chi phối", NULL, "group", "các doanh nghiệp có vốn nhà nước chi phối|doanh nghiệp có vốn nhà nước chi phối" },
  { "Các đồng chí Ủy viên Ban Chấp hành Đảng bộ tỉnh", NULL, "group", "các đồng chí ủy viên ban chấp hành đảng bộ tỉnh|ủy viên ban chấp hành đảng bộ tỉnh|các đồng chí tỉnh ủy viên|tỉnh ủy viên" },
  { "Bí thư cấp ủy, người đứng đầu", NULL, "group", "bí thư cấp ủy, người đứng đầu|bí thư cấp ủy|người đứng đầu cấp ủy, chính quyền|người đứng đầu các cơ quan, đơn vị|người đứng đầu" },

  /* Provincial departments and bodies. */
  { "Sở Tư pháp", "STP", "state", "sở tư pháp" },
  { "Sở Tài nguyên và Môi trường", "STNMT", "state", "sở tài nguyên và môi trường|sở tài nguyên - môi trường|sở tn&mt|sở tnmt" },
  { "Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT", "state", "sở nông nghiệp và phát triển nông thôn|sở nông nghiệp và ptnt|sở nn&ptnt|sở nnptnt|sở nông nghiệp" },
  { "Sở Xây dựng", "SXD", "state", "sở xây dựng" },
  { "Sở Khoa học và Công nghệ", "SKHCN", "state", "sở khoa học và công nghệ|sở kh&cn|sở khcn" },
  { "Sở Ngoại vụ", "SNgV", "state", "sở ngoại vụ" },
  { "Sở Du lịch", "SDL", "state", "sở du lịch" },
  { "Thanh tra tỉnh", "TTr", "state", "thanh tra tỉnh" },
  { "Ban Dân tộc tỉnh", "BDT", "state", "ban dân tộc tỉnh|ban dân tộc" },
  { "Ban Quản lý các khu công nghiệp", "BQLKCN", "state", "ban quản lý các khu công nghiệp tỉnh|ban quản lý các khu công nghiệp|ban quản lý khu công nghiệp|ban quản lý các kcn|bql các kcn|bqlkcn" },
  { "Đài Phát thanh và Truyền hình tỉnh", "PTTH", "state", "đài phát thanh và truyền hình tỉnh|đài phát thanh - truyền hình tỉnh|đài phát thanh và truyền hình|đài phát thanh - truyền hình|đài pt-th tỉnh|đài ptth tỉnh|đài ptth" },
  { "Báo tỉnh", NULL, "state", "báo tỉnh|báo đảng bộ tỉnh" },
  { "Bảo hiểm xã hội tỉnh", "BHXH", "state", "bảo hiểm xã hội tỉnh|bhxh tỉnh|bảo hiểm xã hội" },
  { "Cục Thuế tỉnh", NULL, "state", "cục thuế tỉnh|cục thuế" },
  { "Cục Hải quan tỉnh", NULL, "state", "cục hải quan tỉnh|cục hải quan" },
  { "Cục Quản lý thị trường tỉnh", "QLTT", "state", "cục quản lý thị trường tỉnh|cục quản lý thị trường|lực lượng quản lý thị trường" },
  { "Kho bạc Nhà nước tỉnh", "KBNN", "state", "kho bạc nhà nước tỉnh|kho bạc nhà nước" },
  { "Trung tâm Kiểm soát bệnh tật tỉnh", "CDC", "state", "trung tâm kiểm soát bệnh tật tỉnh|trung tâm kiểm soát bệnh tật|cdc tỉnh" },
  { "Bệnh viện Đa khoa tỉnh", "BVĐK", "state", "bệnh viện đa khoa tỉnh|bvđk tỉnh" },
  { "Hội Chữ thập đỏ tỉnh", "HCTĐ", "front", "hội chữ thập đỏ tỉnh|hội chữ thập đỏ" },
  { "Viện Kiểm sát nhân dân tỉnh", "VKSND", "state", "viện kiểm sát nhân dân tỉnh|vksnd tỉnh|viện kiểm sát nhân dân|viện kiểm sát" },
  { "Tòa án nhân dân tỉnh", "TAND", "state", "tòa án nhân dân tỉnh|tand tỉnh|tòa án nhân dân|tòa án" },

  /* National bodies, which a national công điện or chỉ thị assigns work to. */
  { "Bộ Chính trị", NULL, "party", "bộ chính trị" },   /* "BCT" is Bộ Công Thương's */
  { "Ban Bí thư", "BBT", "party", "ban bí thư trung ương đảng|ban bí thư tw đảng|ban bí thư" },
  { "Văn phòng Trung ương Đảng", "VPTW", "party", "văn phòng trung ương đảng|văn phòng tw đảng" },
  { "Chính phủ", "CP", "national", "chính phủ" },
  { "Thủ tướng Chính phủ", "TTg", "national", "thủ tướng chính phủ|thủ tướng" },
  { "Văn phòng Chính phủ", "VPCP", "national", "văn phòng chính phủ|vpcp" },
  { "Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19", "BCĐQG", "national", "ban chỉ đạo quốc gia phòng, chống dịch covid-19|ban chỉ đạo quốc gia phòng chống dịch covid-19|ban chỉ đạo quốc gia phòng, chống dịch bệnh covid-19|ban chỉ đạo quốc gia|bcđ quốc gia|bcđqg" },
  { "Các bộ, ngành", NULL, "group", "các bộ, cơ quan ngang bộ, cơ quan thuộc chính phủ|các bộ, ngành, cơ quan trung ương|các bộ, ngành trung ương|các bộ, ngành|bộ, ngành" },
  { "UBND các tỉnh, thành phố trực thuộc trung ương", NULL, "group", "ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương|ubnd các tỉnh, thành phố trực thuộc trung ương|ủy ban nhân dân các tỉnh, thành phố trực thuộc tw|ubnd các tỉnh, thành phố trực thuộc tw|ủy ban nhân dân các tỉnh, thành phố|ubnd các tỉnh, thành phố|ubnd các tỉnh, tp|ủy ban nhân dân các tỉnh|ubnd các tỉnh|các tỉnh, thành phố trực thuộc trung ương" },
  { "Bộ Y tế", "BYT", "national", "bộ y tế" },
  { "Bộ Công an", "BCA", "national", "bộ công an" },
  { "Bộ Quốc phòng", "BQP", "national", "bộ quốc phòng" },
  { "Bộ Thông tin và Truyền thông", "BTTTT", "national", "bộ thông tin và truyền thông|bộ tt&tt|bộ tttt" },
  { "Bộ Giáo dục và Đào tạo", "BGDĐT", "national", "bộ giáo dục và đào tạo|bộ gd&đt|bộ gdđt" },
  { "Bộ Lao động - Thương binh và Xã hội", "BLĐTBXH", "national", "bộ lao động - thương binh và xã hội|bộ lao động, thương binh và xã hội|bộ lao động thương binh và xã hội|bộ lđtbxh|bộ lđ-tb&xh" },
  { "Bộ Công Thương", "BCT", "national", "bộ công thương" },
  { "Bộ Giao thông vận tải", "BGTVT", "national", "bộ giao thông vận tải|bộ gtvt" },
  { "Bộ Tài chính", "BTC", "national", "bộ tài chính" },
  { "Bộ Kế hoạch và Đầu tư", "BKHĐT", "national", "bộ kế hoạch và đầu tư|bộ kh&đt|bộ khđt" },
  { "Bộ Ngoại giao", "BNG", "national", "bộ ngoại giao" },
  { "Bộ Nội vụ", "BNV", "national", "bộ nội vụ" },
  { "Bộ Tư pháp", "BTP", "national", "bộ tư pháp" },
  { "Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL", "national", "bộ văn hóa, thể thao và du lịch|bộ vhtt&dl|bộ vhttdl" },
  { "Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT", "national", "bộ nông nghiệp và phát triển nông thôn|bộ nn&ptnt|bộ nnptnt" },
  { "Bộ Tài nguyên và Môi trường", "BTNMT", "national", "bộ tài nguyên và môi trường|bộ tn&mt|bộ tnmt" },
  { "Bộ Xây dựng", "BXD", "national", "bộ xây dựng" },
  { "Bộ Khoa học và Công nghệ", "BKHCN", "national", "bộ khoa học và công nghệ|bộ kh&cn|bộ khcn" },
  { "Ủy ban Dân tộc", "UBDT", "national", "ủy ban dân tộc" },
  { "Ngân hàng Nhà nước Việt Nam", "NHNN", "national", "ngân hàng nhà nước việt nam|ngân hàng nhà nước" },
  { "Thanh tra Chính phủ", "TTCP", "national", "thanh tra chính phủ" },
};

/* The province's newspaper and broadcaster are written with its name ("Báo Hà Nam"). */
static const char *const provinces[] = {
  "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
  "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
  "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
  "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
  "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An",
  "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
  "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
  "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
  "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
};

typedef struct
{
  char       *alias;      /* folded */
  const char *name;       /* interned canonical name */
} Alias;

struct _GbOrganisations
{
  GArray     *aliases;    /* Alias, longest first after sorting */
  GHashTable *by_first;   /* first folded character → GArray of alias indices, longest first */
  gboolean    sorted;
};

/* Vietnamese has two tone placements in use ("hoà"/"hòa", "uỷ"/"ủy"); fold to the modern one. */
static const char *const tone_pairs[][2] = {
  { "oà", "òa" }, { "oá", "óa" }, { "oả", "ỏa" }, { "oã", "õa" }, { "oạ", "ọa" },
  { "oè", "òe" }, { "oé", "óe" }, { "oẻ", "ỏe" }, { "oẽ", "õe" }, { "oẹ", "ọe" },
  { "uỳ", "ùy" }, { "uý", "úy" }, { "uỷ", "ủy" }, { "uỹ", "ũy" }, { "uỵ", "ụy" },
};

/**
 * gb_organisations_nfc:
 * @text: UTF-8 text
 *
 * Returns: (transfer full): @text NFC-normalised (gb_text_nfc(), piece by piece: a pasted
 *   notice can be megabytes of one paragraph).
 */
char *
gb_organisations_nfc (const char *text)
{
  return gb_text_nfc (text, -1);
}

/**
 * gb_organisations_fold:
 * @text: UTF-8 text
 *
 * Lower-cases, NFC-normalises and unifies tone placement so text can be compared byte-wise.
 *
 * Returns: (transfer full): the folded text.
 */
char *
gb_organisations_fold (const char *text)
{
  g_autofree char *nfc = gb_organisations_nfc (text != NULL ? text : "");
  char *down = g_utf8_strdown (nfc, -1);

  /* In place: each pair is as long both ways (and a GString replace would move the rest of a
   * long text at every occurrence). */
  for (guint i = 0; i < G_N_ELEMENTS (tone_pairs); i++)
    {
      gsize len = strlen (tone_pairs[i][0]);
      char *q = down;

      if (len != strlen (tone_pairs[i][1]))
        continue;
      while ((q = strstr (q, tone_pairs[i][0])) != NULL)
        {
          memcpy (q, tone_pairs[i][1], len);
          q += len;
        }
    }
  return down;
}

static void add_alias (GbOrganisations *self,
                       Alias            a,
                       gboolean         overrides);

static int
alias_cmp (gconstpointer a,
           gconstpointer b)
{
  const Alias *x = a, *y = b;
  gsize lx = strlen (x->alias), ly = strlen (y->alias);

  return lx < ly ? 1 : lx > ly ? -1 : strcmp (x->alias, y->alias);
}

static void
alias_clear (gpointer data)
{
  g_free (((Alias *) data)->alias);
}

/**
 * gb_organisations_new_builtin:
 *
 * Returns: (transfer full): the dictionary with the built-in organisations; extend it with
 *   gb_organisations_add() (the store loads the user's organisations that way).
 */
GbOrganisations *
gb_organisations_new_builtin (void)
{
  GbOrganisations *self = g_new0 (GbOrganisations, 1);

  self->aliases = g_array_new (FALSE, TRUE, sizeof (Alias));
  g_array_set_clear_func (self->aliases, alias_clear);
  for (guint i = 0; i < G_N_ELEMENTS (builtin); i++)
    {
      g_auto(GStrv) parts = g_strsplit (builtin[i].aliases, "|", -1);

      gb_organisations_add (self, builtin[i].name, builtin[i].name);
      for (guint j = 0; parts[j] != NULL; j++)
        gb_organisations_add (self, builtin[i].name, parts[j]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (provinces); i++)
    {
      g_autofree char *paper = g_strconcat ("báo ", provinces[i], NULL);
      g_autofree char *radio = g_strconcat ("đài phát thanh và truyền hình ", provinces[i], NULL);
      g_autofree char *radio2 = g_strconcat ("đài phát thanh - truyền hình ", provinces[i], NULL);

      gb_organisations_add (self, "Báo tỉnh", paper);
      gb_organisations_add (self, "Đài Phát thanh và Truyền hình tỉnh", radio);
      gb_organisations_add (self, "Đài Phát thanh và Truyền hình tỉnh", radio2);
    }
  return self;
}

/** gb_organisations_free: frees @self. */
void
gb_organisations_free (GbOrganisations *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->aliases);
  g_clear_pointer (&self->by_first, g_hash_table_unref);
  g_free (self);
}

/**
 * gb_organisations_add:
 * @self: the dictionary
 * @name: canonical name of the organisation
 * @alias: another way of writing it (any case)
 *
 * Adds @alias for @name; aliases shorter than two characters are ignored.
 */
void
gb_organisations_add (GbOrganisations *self,
                      const char      *name,
                      const char      *alias)
{
  Alias a;

  g_return_if_fail (self != NULL && name != NULL && alias != NULL);
  if (g_utf8_strlen (alias, -1) < 2)
    return;
  a.alias = gb_organisations_fold (alias);
  a.name = g_intern_string (name);
  add_alias (self, a, TRUE);
}

/* An OCR text layer often has no diacritics ("So Y te", "Cong an tinh"): every alias of two words
 * or more is also known without its marks. One word alone ("ban") would match too much, and a
 * text with its marks never holds a name without them, so the two never meet. */
static void
add_ascii_alias (GbOrganisations *self,
                 const char      *folded,
                 const char      *name)
{
  g_autofree char *ascii = g_str_to_ascii (folded, "C");
  Alias a;

  if (strcmp (ascii, folded) == 0 || strchr (ascii, ' ') == NULL || strchr (ascii, '?') != NULL)
    return;
  a.alias = g_ascii_strdown (ascii, -1);
  a.name = name;
  add_alias (self, a, FALSE);
}

/* Adds @a (taking its alias); an alias written again names the organisation it was last given
 * for when @overrides (a user alias overrides a built-in one). */
static void
add_alias (GbOrganisations *self,
           Alias            a,
           gboolean         overrides)
{
  for (guint i = 0; i < self->aliases->len; i++)
    {
      Alias *o = &g_array_index (self->aliases, Alias, i);
      if (strcmp (o->alias, a.alias) == 0)
        {
          if (overrides)
            o->name = a.name;
          g_free (a.alias);
          return;
        }
    }
  g_array_append_val (self->aliases, a);
  self->sorted = FALSE;
  add_ascii_alias (self, a.alias, a.name);
}

static gboolean
is_word_char (const char *p)
{
  gunichar c = g_utf8_get_char (p);
  return g_unichar_isalnum (c);
}

/**
 * gb_organisations_find_all:
 * @self: the dictionary
 * @folded: text folded with gb_organisations_fold()
 *
 * Finds the organisations in @folded, longest alias first at each word start, without overlaps.
 *
 * Returns: (transfer full): a #GArray of #GbOrganisationMatch in text order.
 */
GArray *
gb_organisations_find_all (GbOrganisations *self,
                           const char      *folded)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (GbOrganisationMatch));
  const char *p = folded;

  if (!self->sorted)
    {
      g_array_sort (self->aliases, alias_cmp);
      /* Only the aliases starting with the text's character are tried at each word: hundreds of
       * aliases, and the parser calls this for every clause. */
      g_clear_pointer (&self->by_first, g_hash_table_unref);
      self->by_first = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
      for (guint i = 0; i < self->aliases->len; i++)
        {
          gpointer key = GUINT_TO_POINTER (g_utf8_get_char (g_array_index (self->aliases, Alias, i).alias));
          GArray *bucket = g_hash_table_lookup (self->by_first, key);

          if (bucket == NULL)
            {
              bucket = g_array_new (FALSE, FALSE, sizeof (guint));
              g_hash_table_insert (self->by_first, key, bucket);
            }
          g_array_append_val (bucket, i);
        }
      self->sorted = TRUE;
    }

  while (*p != '\0')
    {
      gboolean at_word = (p == folded) || !is_word_char (g_utf8_prev_char (p));
      gboolean matched = FALSE;
      GArray *bucket = NULL;

      if (at_word && is_word_char (p))
        bucket = g_hash_table_lookup (self->by_first, GUINT_TO_POINTER (g_utf8_get_char (p)));
      if (bucket != NULL)
        {
          for (guint b = 0; b < bucket->len; b++)
            {
              const Alias *a = &g_array_index (self->aliases, Alias, g_array_index (bucket, guint, b));
              gsize len = strlen (a->alias);

              if (strncmp (p, a->alias, len) == 0 && (p[len] == '\0' || !is_word_char (p + len)))
                {
                  GbOrganisationMatch m = { a->name, p - folded, p - folded + len };
                  g_array_append_val (out, m);
                  p += len;
                  matched = TRUE;
                  break;
                }
            }
        }
      if (!matched)
        p = g_utf8_next_char (p);
    }
  return out;
}

/**
 * gb_organisations_lookup:
 * @self: the dictionary
 * @text: a name or abbreviation as written
 *
 * Returns: (nullable): the canonical name if all of @text is a known alias.
 */
const char *
gb_organisations_lookup (GbOrganisations *self,
                         const char      *text)
{
  g_autofree char *f = gb_organisations_fold (text);
  g_autofree char *t = g_strstrip (g_strdup (f));

  for (guint i = 0; i < self->aliases->len; i++)
    {
      const Alias *a = &g_array_index (self->aliases, Alias, i);
      if (strcmp (a->alias, t) == 0)
        return a->name;
    }
  return NULL;
}

/** gb_organisations_get_n_builtin: Returns: how many built-in organisations there are. */
guint
gb_organisations_get_n_builtin (void)
{
  return G_N_ELEMENTS (builtin);
}

/** gb_organisations_get_builtin: the built-in organisation @index (for seeding the store). */
void
gb_organisations_get_builtin (guint        index,
                              const char **name,
                              const char **short_name,
                              const char **kind,
                              const char **aliases)
{
  g_return_if_fail (index < G_N_ELEMENTS (builtin));
  *name = builtin[index].name;
  *short_name = builtin[index].short_name;
  *kind = builtin[index].kind;
  *aliases = builtin[index].aliases;
}
