/* test-notice-source.c — notices read from PDF, DOCX, ODT and text of every encoding
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every fixture is made here (Cairo + Pango for PDF, libgsf for the zip packages), so no binary
 * file is committed and each test shows exactly what its input holds.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gb-conclusion-export.h"
#include "gb-conclusion.h"
#include "gb-error.h"
#include "gb-notice-parser.h"
#include "gb-notice-source.h"
#include "gb-test-util.h"
#include "gb-text.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutfile, g_object_unref)

static GbNoticeItem *
item (GbNotice *n,
      guint     i)
{
  g_assert_cmpuint (i, <, n->items->len);
  return g_ptr_array_index (n->items, i);
}

static void
check_paths (GbNotice          *n,
             const char *const *paths)
{
  guint i;

  for (i = 0; paths[i] != NULL; i++)
    g_assert_cmpstr (item (n, i)->path, ==, paths[i]);
  g_assert_cmpuint (n->items->len, ==, i);
}

static char *
read_ok (GBytes     *bytes,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  char *text = gb_notice_read_text_from_bytes (bytes, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  return text;
}

static GbNotice *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GbNotice *n = gb_notice_parse (text, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (n);
  return n;
}

/* Reading @bytes fails with a message that starts with @name and holds @needle. */
static void
read_fails (GBytes     *bytes,
            const char *name,
            const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gb_notice_read_text_from_bytes (bytes, name, &error);
  g_autofree char *prefix = g_strdup_printf ("%s: ", name);

  g_assert_null (text);
  g_assert_error (error, GB_ERROR, error->code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” lacks “%s”", error->message, needle);
}

static GBytes *
truncated (GBytes *bytes,
           gsize   len)
{
  g_assert_cmpuint (len, <, g_bytes_get_size (bytes));
  return g_bytes_new_from_bytes (bytes, 0, len);
}

/* ---- PDF ------------------------------------------------------------------------------- */

static cairo_status_t
write_to_array (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A PDF of @lines, a "\f" line starting a new page; NULL gives one page with a drawing and no
 * text at all (a scan, as far as text goes). */
static GBytes *
make_pdf (const char *const *lines)
{
  GByteArray *buf = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_to_array, buf, 595, 842);
  cairo_t *cr = cairo_create (surface);
  double y = 50;

  if (lines == NULL)
    {
      cairo_rectangle (cr, 100, 100, 300, 400);
      cairo_fill (cr);
      cairo_show_page (cr);
    }
  else
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);
      PangoFontDescription *font = pango_font_description_from_string ("Liberation Serif, Noto Serif, serif 12");

      pango_layout_set_font_description (layout, font);
      pango_layout_set_width (layout, 480 * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          int h;
          if (strcmp (lines[i], "\f") == 0)
            {
              cairo_show_page (cr);
              y = 50;
              continue;
            }
          pango_layout_set_text (layout, lines[i], -1);
          cairo_move_to (cr, 60, y);
          pango_cairo_show_layout (cr, layout);
          pango_layout_get_pixel_size (layout, NULL, &h);
          y += h + 6;
        }
      cairo_show_page (cr);
      pango_font_description_free (font);
      g_object_unref (layout);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (buf);
}

static const char *const pdf_lines[] = {
  "TỈNH ỦY HÀ NAM",
  "Số 12-CV/TU",
  "Hà Nam, ngày 5 tháng 8 năm 2021",
  "V/v tăng cường phòng, chống dịch COVID-19",
  "Kính gửi: Các huyện ủy, thành ủy",
  "Thường trực Tỉnh ủy yêu cầu:",
  "1. Ban Tuyên giáo Tỉnh ủy chỉ đạo tuyên truyền về phòng, chống dịch.",
  "1",                                   /* a page number at the foot of page 1 */
  "\f",
  "- 2 -",                               /* and at the head of page 2 */
  "2. Sở Y tế tổ chức tiêm vắc-xin trước ngày 15/8/2021.",
  "Nơi nhận:",
  "- Như trên,",
  NULL,
};

static void
test_pdf (void)
{
  g_autoptr(GBytes) pdf = make_pdf (pdf_lines);
  g_autofree char *text = read_ok (pdf, "cv12.pdf");
  g_autoptr(GbNotice) n = NULL;
  static const char *const paths[] = { "1", "2", NULL };

  g_test_message ("%s", text);
  /* Pages are apart by a blank line, their numbers gone. */
  g_assert_nonnull (strstr (text, "chống dịch.\n\n2. Sở Y tế"));
  g_assert_null (strstr (text, "- 2 -"));
  n = parse_ok (text);
  g_assert_cmpstr (n->number, ==, "12-CV/TU");
  g_assert_cmpstr (n->kind, ==, "công văn");
  g_assert_cmpstr (n->date, ==, "2021-08-05");
  g_assert_cmpstr (n->place, ==, "Hà Nam");
  check_paths (n, paths);
  g_assert_cmpstr (item (n, 0)->text, ==, "Ban Tuyên giáo Tỉnh ủy chỉ đạo tuyên truyền về phòng, chống dịch.");
  g_assert_true (gb_notice_item_has_unit (item (n, 0), "Ban Tuyên giáo Tỉnh ủy"));
  g_assert_cmpstr (item (n, 1)->text, ==, "Sở Y tế tổ chức tiêm vắc-xin trước ngày 15/8/2021.");
  g_assert_cmpstr (item (n, 1)->due, ==, "2021-08-15");
}

/* A PDF printed from a TCVN3 document: its text layer holds the font's codes as Latin-1. */
static void
test_pdf_legacy (void)
{
  static const char *const lines[] = {
    "Sè 12-CV/TU",
    "Hµ Nam, ngµy 5 th¸ng 8 n¨m 2021",
    "1. Ban Tuyªn gi¸o TØnh ñy chØ ®¹o tuyªn truyÒn.",
    "2. Së Y tÕ tæ chøc tiªm v¾c-xin.",
    NULL,
  };
  g_autoptr(GBytes) pdf = make_pdf (lines);
  g_autofree char *text = read_ok (pdf, "tcvn3.pdf");
  g_autoptr(GbNotice) n = NULL;
  static const char *const paths[] = { "1", "2", NULL };

  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Hà Nam, ngày 5 tháng 8 năm 2021"));
  g_assert_nonnull (strstr (text, "1. Ban Tuyên giáo Tỉnh ủy chỉ đạo tuyên truyền."));
  n = parse_ok (text);
  g_assert_cmpstr (n->number, ==, "12-CV/TU");
  check_paths (n, paths);
  g_assert_true (gb_notice_item_has_unit (item (n, 1), "Sở Y tế"));
}

static void
test_pdf_no_text (void)
{
  g_autoptr(GBytes) pdf = make_pdf (NULL);

  read_fails (pdf, "scan.pdf", "no text layer");
}

static void
test_pdf_damaged (void)
{
  g_autoptr(GBytes) pdf = make_pdf (pdf_lines);
  gsize len = g_bytes_get_size (pdf);

  /* Cut anywhere: an error (damaged, or no text left), never a crash or a half notice. */
  for (gsize cut = 5; cut < len; cut = cut * 2 + 7)
    {
      g_autoptr(GBytes) part = truncated (pdf, cut);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = gb_notice_read_text_from_bytes (part, "cut.pdf", &error);

      if (text != NULL)
        {
          /* poppler may rebuild a file cut after its pages; then all the text must be there. */
          g_assert_nonnull (strstr (text, "2. Sở Y tế"));
          continue;
        }
      g_assert_error (error, GB_ERROR, error->code);
      g_assert_true (g_str_has_prefix (error->message, "cut.pdf: "));
    }
  {
    g_autoptr(GBytes) head = truncated (pdf, 200);
    read_fails (head, "head.pdf", NULL);
  }
}

/* A PDF whose standard security handler wants a user password (made by hand: Cairo does not
 * encrypt). Its /U entry matches no password, the empty one included. */
static GBytes *
make_encrypted_pdf (void)
{
  GString *s = g_string_new ("%PDF-1.4\n");
  gsize off[6];
  const char *const objs[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    "<< /Length 8 >>\nstream\n01234567\nendstream",
    "<< /Filter /Standard /V 1 /R 2 /P -4 "
    "/O <0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20> "
    "/U <a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0> >>",
  };
  gsize xref;

  for (guint i = 0; i < G_N_ELEMENTS (objs); i++)
    {
      off[i] = s->len;
      g_string_append_printf (s, "%u 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
  xref = s->len;
  g_string_append (s, "xref\n0 6\n0000000000 65535 f \n");
  for (guint i = 0; i < G_N_ELEMENTS (objs); i++)
    g_string_append_printf (s, "%010lu 00000 n \n", (gulong) off[i]);
  g_string_append_printf (s, "trailer\n<< /Size 6 /Root 1 0 R /Encrypt 5 0 R "
                          "/ID [<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>] >>\n"
                          "startxref\n%lu\n%%%%EOF\n", (gulong) xref);
  return g_string_free_to_bytes (s);
}

static void
test_pdf_encrypted (void)
{
  g_autoptr(GBytes) pdf = make_encrypted_pdf ();

  read_fails (pdf, "secret.pdf", "password");
}

/* ---- zip packages ---------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *data;          /* NULL: @size spaces (a zip bomb's filler) */
  gsize       size;
} Member;

static void
zip_add (GsfOutfile   *zip,
         const Member *m,
         gboolean      stored)
{
  g_autoptr(GsfOutput) child = gsf_outfile_new_child_full (zip, m->name, FALSE, "compression-level",
                                                           stored ? GSF_ZIP_STORED : GSF_ZIP_DEFLATED, NULL);

  g_assert_nonnull (child);
  if (m->data != NULL)
    g_assert_true (gsf_output_write (child, strlen (m->data), (const guint8 *) m->data));
  else
    {
      g_autofree guint8 *spaces = g_malloc (1024 * 1024);
      memset (spaces, ' ', 1024 * 1024);
      for (gsize done = 0; done < m->size; done += 1024 * 1024)
        g_assert_true (gsf_output_write (child, MIN (m->size - done, 1024 * 1024), spaces));
    }
  g_assert_true (gsf_output_close (child));
}

/* A zip of @members in order (names may hold one folder: "word/document.xml"). */
static GBytes *
make_zip (const Member *members,
          guint         n_members)
{
  g_autoptr(GsfOutput) sink = gsf_output_memory_new ();
  g_autoptr(GsfOutfile) zip = gsf_outfile_zip_new (sink, NULL);
  g_autoptr(GHashTable) dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  GBytes *bytes;

  g_assert_nonnull (zip);
  for (guint i = 0; i < n_members; i++)
    {
      const char *slash = strchr (members[i].name, '/');
      Member m = members[i];
      GsfOutfile *parent = zip;

      if (slash != NULL)
        {
          g_autofree char *dir = g_strndup (m.name, slash - m.name);
          parent = g_hash_table_lookup (dirs, dir);
          if (parent == NULL)
            {
              parent = GSF_OUTFILE (gsf_outfile_new_child (zip, dir, TRUE));
              g_hash_table_insert (dirs, g_steal_pointer (&dir), parent);
            }
          m.name = slash + 1;
        }
      /* ODF wants its mimetype first and stored, so tools can sniff it. */
      zip_add (parent, &m, strcmp (m.name, "mimetype") == 0);
    }
  {
    GHashTableIter it;
    gpointer dir;
    g_hash_table_iter_init (&it, dirs);
    while (g_hash_table_iter_next (&it, NULL, &dir))
      g_assert_true (gsf_output_close (dir));
  }
  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  bytes = g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (sink)),
                       gsf_output_size (sink));
  return bytes;
}

/* ---- DOCX ------------------------------------------------------------------------------ */

#define W_DOC_START \
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
  "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
  "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>"
#define W_DOC_END "<w:sectPr/></w:body></w:document>"
#define W_P(text) "<w:p><w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r></w:p>"
#define W_LI(num, lvl, text) \
  "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"" #lvl "\"/>" \
  "<w:numId w:val=\"" #num "\"/></w:numPr><w:ind w:left=\"720\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs>" \
  "</w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"

static const char docx_content_types[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
  "<Override PartName=\"/word/document.xml\" "
  "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
  "<Override PartName=\"/word/numbering.xml\" "
  "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
  "</Types>";

/* Abstract 0: "1." decimal, then "a)" lowerLetter. Abstract 1: a "•" bullet in Symbol (Word's
 * own bullet: not a character a parser would know). Abstract 2: "1." then "1.1." decimal.
 * num 4 reuses abstract 0 from 5. */
static const char docx_numbering[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
  "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/>"
  "<w:lvlJc w:val=\"left\"/></w:lvl>"
  "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2)\"/></w:lvl>"
  "</w:abstractNum>"
  "<w:abstractNum w:abstractNumId=\"1\">"
  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\xef\x82\xb7\"/>"
  "<w:rPr><w:rFonts w:ascii=\"Symbol\" w:hAnsi=\"Symbol\"/></w:rPr></w:lvl>"
  "</w:abstractNum>"
  "<w:abstractNum w:abstractNumId=\"2\">"
  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
  "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.%2.\"/></w:lvl>"
  "</w:abstractNum>"
  "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
  "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
  "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"2\"/></w:num>"
  "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"0\"/>"
  "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"5\"/></w:lvlOverride></w:num>"
  "</w:numbering>";

/* The layout of a công văn in Word: the header in a borderless two-column table, auto-numbered
 * items, a bullet under item 3, and what must not show: hidden text, a deleted run, a field
 * code and the tab stops of the paragraph properties. */
static const char docx_document[] =
  W_DOC_START
  "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"4000\"/></w:tblGrid>"
  "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"4000\"/></w:tcPr>" W_P ("TỈNH ỦY HÀ NAM") W_P ("*") W_P ("Số 12-CV/TU")
  "</w:tc><w:tc>" W_P ("ĐẢNG CỘNG SẢN VIỆT NAM")
  "<w:p><w:r><w:t xml:space=\"preserve\">Hà Nam, ngày </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>5</w:t></w:r>"
  "<w:r><w:t xml:space=\"preserve\"> tháng 8 năm 2021</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
  W_P ("V/v tăng cường phòng, chống dịch COVID-19")
  "<w:p><w:r><w:t>Kính gửi:</w:t></w:r><w:r><w:tab/><w:t>Các huyện ủy, thành ủy</w:t></w:r></w:p>"
  "<w:p/>"
  W_P ("Thường trực Tỉnh ủy yêu cầu:")
  "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
  "<w:r><w:t xml:space=\"preserve\">Ban Tuyên </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>giáo</w:t></w:r>"
  "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẨN</w:t></w:r>"
  "<w:del w:id=\"1\" w:author=\"A\"><w:r><w:delText>ĐÃ XÓA </w:delText></w:r></w:del>"
  "<w:r><w:t xml:space=\"preserve\"> Tỉnh ủy chỉ đạo tuyên truyền</w:t></w:r>"
  "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
  "<w:r><w:t>.</w:t></w:r></w:p>"
  W_LI (1, 0, "Sở Y tế chủ trì tiêm vắc-xin:")
  W_LI (1, 1, "Xong mũi 1 trước ngày 15/8/2021;")
  W_LI (1, 1, "Xong mũi 2 trong tháng 9/2021.")
  W_LI (1, 0, "Công an tỉnh bảo đảm an ninh trật tự.")
  W_LI (2, 0, "Tại các khu cách ly.")
  W_P ("Nơi nhận:")
  W_LI (2, 0, "Như trên,")
  W_DOC_END;

static GBytes *
make_docx (const char *document,
           const char *numbering)
{
  Member members[] = {
    { "[Content_Types].xml", docx_content_types, 0 },
    { "word/document.xml", document, 0 },
    { "word/numbering.xml", numbering, 0 },
  };

  return make_zip (members, numbering ? 3 : 2);
}

static void
test_docx (void)
{
  g_autoptr(GBytes) docx = make_docx (docx_document, docx_numbering);
  g_autofree char *text = read_ok (docx, "cv12.docx");
  g_autoptr(GbNotice) n = NULL;
  static const char *const paths[] = { "1", "2", "2.1", "2.2", "3", "3.1", NULL };

  g_test_message ("%s", text);
  /* Word's numbers written out as typed; a cell's paragraphs one per line. */
  g_assert_true (g_str_has_prefix (text, "TỈNH ỦY HÀ NAM\n\n*\n\nSố 12-CV/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
                                         "Hà Nam, ngày 5 tháng 8 năm 2021\n\n"));
  g_assert_nonnull (strstr (text, "\n\n1. Ban Tuyên giáo Tỉnh ủy chỉ đạo tuyên truyền.\n\n"
                                  "2. Sở Y tế chủ trì tiêm vắc-xin:\n\n"
                                  "a) Xong mũi 1 trước ngày 15/8/2021;\n\n"
                                  "b) Xong mũi 2 trong tháng 9/2021.\n\n"
                                  "3. Công an tỉnh bảo đảm an ninh trật tự.\n\n"
                                  "- Tại các khu cách ly.\n\n"));
  g_assert_nonnull (strstr (text, "Kính gửi:\tCác huyện ủy"));
  g_assert_null (strstr (text, "ẨN"));
  g_assert_null (strstr (text, "ĐÃ XÓA"));
  g_assert_null (strstr (text, "PAGE"));

  n = parse_ok (text);
  g_assert_cmpstr (n->number, ==, "12-CV/TU");
  g_assert_cmpstr (n->date, ==, "2021-08-05");
  g_assert_cmpstr (n->subject, ==, "tăng cường phòng, chống dịch COVID-19");
  check_paths (n, paths);
  g_assert_cmpint (item (n, 2)->level, ==, 2);
  g_assert_cmpstr (item (n, 2)->text, ==, "Xong mũi 1 trước ngày 15/8/2021;");
  g_assert_cmpstr (item (n, 2)->due, ==, "2021-08-15");
  g_assert_cmpstr (item (n, 3)->due, ==, "2021-09-30");
  g_assert_true (gb_notice_item_has_unit (item (n, 1), "Sở Y tế"));
  g_assert_true (gb_notice_item_has_unit (item (n, 4), "Công an tỉnh"));
  /* "Như trên" is printed; the parsed recipients are the addressees it stands for. */
  g_assert_cmpuint (n->recipients_printed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (n->recipients_printed, 0), ==, "Như trên");
  g_assert_cmpuint (n->recipients->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (n->recipients, 0), ==, "Các huyện ủy, thành ủy");
}

/* Multi-level decimal numbers ("2.1."), a list restarted at 5, numbering switched off with
 * numId 0, and numbering that comes from the paragraph's style. */
static void
test_docx_numbering (void)
{
  static const char document[] =
    W_DOC_START
    W_LI (3, 0, "Một.")
    W_LI (3, 0, "Hai.")
    W_LI (3, 1, "Hai chấm một.")
    W_LI (3, 1, "Hai chấm hai.")
    W_LI (3, 0, "Ba.")
    W_LI (4, 0, "Năm.")
    W_LI (4, 1, "Năm a.")
    W_LI (0, 0, "Không số.")
    "<w:p><w:pPr><w:pStyle w:val=\"Numbered\"/></w:pPr><w:r><w:t>Theo kiểu.</w:t></w:r></w:p>"
    W_DOC_END;
  static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:style w:type=\"paragraph\" w:styleId=\"NumberedBase\"><w:pPr><w:numPr><w:numId w:val=\"3\"/></w:numPr></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Numbered\"><w:basedOn w:val=\"NumberedBase\"/>"
    "<w:pPr><w:numPr><w:ilvl w:val=\"1\"/></w:numPr></w:pPr></w:style>"
    "</w:styles>";
  Member members[] = {
    { "[Content_Types].xml", docx_content_types, 0 },
    { "word/document.xml", document, 0 },
    { "word/numbering.xml", docx_numbering, 0 },
    { "word/styles.xml", styles, 0 },
  };
  g_autoptr(GBytes) docx = make_zip (members, G_N_ELEMENTS (members));
  g_autofree char *text = read_ok (docx, "levels.docx");

  g_test_message ("%s", text);
  g_assert_cmpstr (text, ==,
                   "1. Một.\n\n2. Hai.\n\n2.1. Hai chấm một.\n\n2.2. Hai chấm hai.\n\n3. Ba.\n\n"
                   "5. Năm.\n\na) Năm a.\n\nKhông số.\n\n3.1. Theo kiểu.\n\n");
}

static void
test_docx_errors (void)
{
  /* A DTD, where entity tricks live: refused, whatever it declares. */
  {
    static const char document[] =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY x \"xxxxxxxxxxxxxxxx\">]>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
      "<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>";
    g_autoptr(GBytes) docx = make_docx (document, NULL);
    read_fails (docx, "dtd.docx", "DTD");
  }
  /* An external entity is never fetched: the DTD is refused first, and no file is read. */
  {
    static const char document[] =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
      "<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>";
    g_autoptr(GBytes) docx = make_docx (document, NULL);
    read_fails (docx, "xxe.docx", "DTD");
  }
  {
    g_autoptr(GBytes) docx = make_docx (W_DOC_START "<w:p><w:r><w:t>unclosed", NULL);
    read_fails (docx, "broken.docx", "word/document.xml");
  }
  {
    g_autoptr(GBytes) docx = make_docx (docx_document, "<w:numbering");
    read_fails (docx, "numbering.docx", "word/numbering.xml");
  }
  {
    g_autoptr(GBytes) docx = make_docx ("<?xml version=\"1.0\"?><other/>", NULL);
    read_fails (docx, "other.docx", "not a Word document");
  }
}

/* Runs in the legacy font encodings: TCVN3 (".VnTime", and ".VnTimeH", whose lower-case codes
 * show as capitals) and VNI ("VNI-Times"), named by the run itself, its character style, its
 * paragraph style or the document's defaults, mixed with Unicode runs that must not change. A
 * VNI vowel and its mark in two runs (Word splits runs anywhere) still make one letter. */
static void
test_docx_legacy_fonts (void)
{
  static const char document[] =
    W_DOC_START
    "<w:p><w:pPr><w:pStyle w:val=\"VnTitle\"/></w:pPr><w:r><w:t>ñy ban nh©n d©n tØnh hµ nam</w:t></w:r></w:p>"
    "<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr>"
    "<w:t xml:space=\"preserve\">Ban ChØ ®¹o phßng, chèng dÞch COVID-19 tØnh </w:t></w:r>"
    "<w:r><w:t>Hà Nam: thông báo</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"VnBody\"/></w:pPr>"
    "<w:r><w:t xml:space=\"preserve\">Th«ng b¸o kÕt luËn cña </w:t></w:r>"
    "<w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\"/></w:rPr><w:t>Thường trực</w:t></w:r>"
    "<w:r><w:rPr><w:rFonts w:asciiTheme=\"minorHAnsi\" w:hAnsiTheme=\"minorHAnsi\"/></w:rPr>"
    "<w:t xml:space=\"preserve\"> tỉnh</w:t></w:r></w:p>"
    "<w:p><w:r><w:rPr><w:rStyle w:val=\"VniChar\"/></w:rPr><w:t>Sôû Y te</w:t></w:r>"
    "<w:r><w:rPr><w:rStyle w:val=\"VniChar\"/><w:b/></w:rPr><w:t>á</w:t></w:r>"
    "<w:r><w:t xml:space=\"preserve\"> chủ trì</w:t></w:r></w:p>"
    "<w:p><w:hyperlink w:anchor=\"a\"><w:r><w:rPr><w:rFonts w:ascii=\"VNI-Times\" w:hAnsi=\"VNI-Times\"/></w:rPr>"
    "<w:t>Toång hôïp tình hình</w:t></w:r></w:hyperlink></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"VnBody\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
    "<w:r><w:t>Së Y tÕ tæ chøc tiªm v¾c-xin.</w:t></w:r></w:p>"
    W_P ("Tổng số ca mắc: 12; báo cáo hằng ngày.")
    /* Converted to Unicode, its font left as it was: not converted again. */
    "<w:p><w:pPr><w:pStyle w:val=\"VnBody\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Tổng hợp: </w:t></w:r>"
    "<w:r><w:t>Thông báo</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"VnBody\"/></w:pPr><w:r><w:t>Thông báo và giám sát</w:t></w:r></w:p>"
    W_DOC_END;
  static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme=\"minorHAnsi\" w:hAnsiTheme=\"minorHAnsi\"/>"
    "</w:rPr></w:rPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:rPr>"
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"VnBody\"><w:basedOn w:val=\"Normal\"/><w:rPr>"
    "<w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"VnTitle\"><w:basedOn w:val=\"VnBody\"/><w:rPr>"
    "<w:rFonts w:ascii=\".VnTimeH\" w:hAnsi=\".VnTimeH\"/><w:b/></w:rPr></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"VniChar\"><w:rPr><w:rFonts w:ascii=\"VNI-Times\" w:hAnsi=\"VNI-Times\"/>"
    "</w:rPr></w:style>"
    "</w:styles>";
  Member members[] = {
    { "[Content_Types].xml", docx_content_types, 0 },
    { "word/document.xml", document, 0 },
    { "word/numbering.xml", docx_numbering, 0 },
    { "word/styles.xml", styles, 0 },
  };
  g_autoptr(GBytes) docx = make_zip (members, G_N_ELEMENTS (members));
  g_autofree char *text = read_ok (docx, "legacy.docx");

  g_test_message ("%s", text);
  g_assert_cmpstr (text, ==,
                   "ỦY BAN NHÂN DÂN TỈNH HÀ NAM\n\n"
                   "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh Hà Nam: thông báo\n\n"
                   "Thông báo kết luận của Thường trực tỉnh\n\n"
                   "Sở Y tế chủ trì\n\n"
                   "Tổng hợp tình hình\n\n"
                   "1. Sở Y tế tổ chức tiêm vắc-xin.\n\n"
                   "Tổng số ca mắc: 12; báo cáo hằng ngày.\n\n"
                   "Tổng hợp: Thông báo\n\n"
                   "Thông báo và giám sát\n\n");

  /* The document's default font: every run without a font of its own is TCVN3. */
  {
    static const char doc2[] =
      W_DOC_START
      W_P ("Th«ng b¸o kÕt luËn")
      "<w:p><w:r><w:t xml:space=\"preserve\">Së Y tÕ, </w:t></w:r>"
      "<w:r><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\"/></w:rPr><w:t>Tổng cục</w:t></w:r></w:p>"
      W_DOC_END;
    static const char styles2[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/>"
      "</w:rPr></w:rPrDefault></w:docDefaults></w:styles>";
    Member members2[] = {
      { "[Content_Types].xml", docx_content_types, 0 },
      { "word/document.xml", doc2, 0 },
      { "word/styles.xml", styles2, 0 },
    };
    g_autoptr(GBytes) docx2 = make_zip (members2, G_N_ELEMENTS (members2));
    g_autofree char *text2 = read_ok (docx2, "defaults.docx");

    g_assert_cmpstr (text2, ==, "Thông báo kết luận\n\nSở Y tế, Tổng cục\n\n");
  }
  /* Without styles.xml, a run names its font or it is Unicode. */
  {
    static const char doc3[] =
      W_DOC_START
      W_P ("Tổng hợp")
      "<w:p><w:r><w:rPr><w:rFonts w:hAnsi=\"VNI-Helve\"/></w:rPr><w:t>Toång hôïp</w:t></w:r></w:p>"
      W_DOC_END;
    g_autoptr(GBytes) docx3 = make_docx (doc3, NULL);
    g_autofree char *text3 = read_ok (docx3, "nostyles.docx");

    g_assert_cmpstr (text3, ==, "Tổng hợp\n\nTổng hợp\n\n");
  }
}

static void
test_zip_truncated (void)
{
  g_autoptr(GBytes) docx = make_docx (docx_document, docx_numbering);
  gsize len = g_bytes_get_size (docx);

  for (gsize cut = 4; cut < len; cut += MAX (len / 17, 1))
    {
      g_autoptr(GBytes) part = truncated (docx, cut);
      read_fails (part, "cut.docx", NULL);
    }
  {
    g_autoptr(GBytes) part = truncated (docx, len - 1);
    read_fails (part, "cut.docx", NULL);
  }
}

/* A member of 65 MiB of spaces deflates to some 64 KiB: refused by its declared size, before
 * anything is inflated. */
static void
test_zip_bomb (void)
{
  Member members[] = {
    { "[Content_Types].xml", docx_content_types, 0 },
    { "word/document.xml", NULL, GB_NOTICE_SOURCE_MAX_XML_BYTES + 1024 * 1024 },
  };
  g_autoptr(GBytes) docx = NULL;

  docx = make_zip (members, G_N_ELEMENTS (members));
  g_assert_cmpuint (g_bytes_get_size (docx), <, 1024 * 1024);
  read_fails (docx, "bomb.docx", "too large");
}

static void
test_zip_other (void)
{
  {
    Member members[] = {
      { "[Content_Types].xml", "<Types/>", 0 },
      { "xl/workbook.xml", "<workbook/>", 0 },
    };
    g_autoptr(GBytes) xlsx = make_zip (members, G_N_ELEMENTS (members));
    read_fails (xlsx, "book.xlsx", "neither a Word document (DOCX) nor an OpenDocument text (ODT)");
  }
  {
    Member members[] = {
      { "mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0 },
      { "content.xml", "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\">"
                       "<office:body><office:spreadsheet/></office:body></office:document-content>", 0 },
    };
    g_autoptr(GBytes) ods = make_zip (members, G_N_ELEMENTS (members));
    read_fails (ods, "sheet.ods", "application/vnd.oasis.opendocument.spreadsheet");
  }
  {
    /* No mimetype entry: the body tells. */
    Member members[] = {
      { "content.xml", "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\">"
                       "<office:body><office:spreadsheet/></office:body></office:document-content>", 0 },
    };
    g_autoptr(GBytes) ods = make_zip (members, G_N_ELEMENTS (members));
    read_fails (ods, "sheet.ods", "not a text document");
  }
}

/* ---- ODT ------------------------------------------------------------------------------- */

#define ODF_NS \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
  "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
  "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""

/* L1 numbers "1." and "1.1." with a bullet third level; L2 is all bullets. The second L1 list
 * goes on with the first one's numbers. */
static const char odt_content[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<office:document-content " ODF_NS " office:version=\"1.3\">"
  "<office:automatic-styles>"
  "<text:list-style style:name=\"L1\">"
  "<text:list-level-style-number text:level=\"1\" style:num-suffix=\".\" style:num-format=\"1\"/>"
  "<text:list-level-style-number text:level=\"2\" style:num-suffix=\".\" style:num-format=\"1\" text:display-levels=\"2\"/>"
  "<text:list-level-style-bullet text:level=\"3\" text:bullet-char=\"•\"/>"
  "</text:list-style>"
  "<text:list-style style:name=\"L2\"><text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"–\"/></text:list-style>"
  "</office:automatic-styles>"
  "<office:body><office:text>"
  "<text:sequence-decls><text:sequence-decl text:display-outline-level=\"0\" text:name=\"Table\"/></text:sequence-decls>"
  "<table:table table:name=\"Header\"><table:table-column table:number-columns-repeated=\"2\"/>"
  "<table:table-row><table:table-cell><text:p>TỈNH ỦY HÀ NAM</text:p><text:p>Số 12-CV/TU</text:p></table:table-cell>"
  "<table:table-cell><text:p>ĐẢNG CỘNG SẢN VIỆT NAM</text:p>"
  "<text:p>Hà Nam, ngày <text:span text:style-name=\"T1\">5</text:span> tháng 8 năm 2021</text:p>"
  "</table:table-cell></table:table-row></table:table>"
  "<text:p>V/v tăng cường phòng, chống dịch COVID-19</text:p>"
  "<text:p>Kính gửi:<text:tab/>Các huyện ủy, thành ủy</text:p>"
  "<text:h text:outline-level=\"2\">Thường trực Tỉnh ủy yêu cầu:</text:h>"
  "<text:list xml:id=\"list1\" text:style-name=\"L1\">"
  "<text:list-item><text:p>Ban Tuyên giáo<text:s/>Tỉnh ủy<text:s text:c=\"3\"/>chỉ đạo tuyên truyền."
  "<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
  "<text:note-body><text:p>CHÚ THÍCH</text:p></text:note-body></text:note></text:p></text:list-item>"
  "<text:list-item><text:p>Sở Y tế chủ trì tiêm vắc-xin:</text:p>"
  "<text:list>"
  "<text:list-item><text:p>Xong mũi 1 trước ngày 15/8/2021;</text:p></text:list-item>"
  "<text:list-item><text:p>Xong mũi 2 trong tháng 9/2021.</text:p>"
  "<text:list><text:list-item><text:p>Kể cả người trên 65 tuổi.</text:p></text:list-item></text:list>"
  "</text:list-item>"
  "</text:list></text:list-item>"
  "</text:list>"
  "<text:list text:style-name=\"L1\" text:continue-numbering=\"true\">"
  "<text:list-item><text:p>Công an tỉnh bảo đảm an ninh trật tự.</text:p>"
  "<text:list text:style-name=\"L2\"><text:list-item><text:p>Tại các khu cách ly.</text:p></text:list-item></text:list>"
  "</text:list-item></text:list>"
  "<text:p>Nơi nhận:</text:p>"
  "<text:list text:style-name=\"L2\"><text:list-item><text:p>Như trên,</text:p></text:list-item></text:list>"
  "</office:text></office:body></office:document-content>";

static const char odt_styles[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<office:document-styles " ODF_NS "><office:styles>"
  "<text:list-style style:name=\"L3\">"
  "<text:list-level-style-number text:level=\"1\" style:num-prefix=\"\" style:num-suffix=\")\" style:num-format=\"I\"/>"
  "<text:list-level-style-number text:level=\"2\" style:num-suffix=\".\" style:num-format=\"a\"/>"
  "</text:list-style>"
  "<text:list-style style:name=\"L4\">"
  "<text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"•\"/>"
  "<text:list-level-style-bullet text:level=\"2\" text:bullet-char=\"◦\"/>"
  "</text:list-style>"
  "</office:styles></office:document-styles>";

static GBytes *
make_odt (const char *content,
          const char *styles)
{
  Member members[] = {
    { "mimetype", "application/vnd.oasis.opendocument.text", 0 },
    { "content.xml", content, 0 },
    { "styles.xml", styles, 0 },
    { "META-INF/manifest.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
      "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
      "</manifest:manifest>", 0 },
  };

  if (styles == NULL)
    {
      members[2] = members[3];
      return make_zip (members, 3);
    }
  return make_zip (members, G_N_ELEMENTS (members));
}

static void
test_odt (void)
{
  g_autoptr(GBytes) odt = make_odt (odt_content, odt_styles);
  g_autofree char *text = read_ok (odt, "cv12.odt");
  g_autoptr(GbNotice) n = NULL;
  static const char *const paths[] = { "1", "2", "2.1", "2.2", "2.2.1", "3", "3.1", NULL };

  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "TỈNH ỦY HÀ NAM\n\nSố 12-CV/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
                                         "Hà Nam, ngày 5 tháng 8 năm 2021\n\n"));
  g_assert_nonnull (strstr (text, "\n\n1. Ban Tuyên giáo Tỉnh ủy   chỉ đạo tuyên truyền.\n\n"
                                  "2. Sở Y tế chủ trì tiêm vắc-xin:\n\n"
                                  "2.1. Xong mũi 1 trước ngày 15/8/2021;\n\n"
                                  "2.2. Xong mũi 2 trong tháng 9/2021.\n\n"
                                  "- Kể cả người trên 65 tuổi.\n\n"
                                  "3. Công an tỉnh bảo đảm an ninh trật tự.\n\n"
                                  "- Tại các khu cách ly.\n\n"
                                  "Nơi nhận:\n\n- Như trên,\n\n"));
  g_assert_nonnull (strstr (text, "Kính gửi:\tCác huyện ủy"));
  g_assert_null (strstr (text, "CHÚ THÍCH"));

  n = parse_ok (text);
  g_assert_cmpstr (n->number, ==, "12-CV/TU");
  g_assert_cmpstr (n->date, ==, "2021-08-05");
  check_paths (n, paths);
  g_assert_cmpint (item (n, 4)->level, ==, 3);
  g_assert_cmpstr (item (n, 2)->due, ==, "2021-08-15");
  g_assert_true (gb_notice_item_has_unit (item (n, 0), "Ban Tuyên giáo Tỉnh ủy"));
  g_assert_true (gb_notice_item_has_unit (item (n, 5), "Công an tỉnh"));
}

/* A list style from styles.xml: roman "I)" then letters "a." (written "a)"); a list header
 * without a number; an item's own start value; a nested list with a style of its own, which
 * is its own only; a list that restarts. */
static void
test_odt_numbering (void)
{
  static const char content[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-content " ODF_NS "><office:body><office:text>"
    "<text:list text:style-name=\"L3\">"
    "<text:list-header><text:p>Mục riêng:</text:p></text:list-header>"
    "<text:list-item><text:p>Huyện ủy Duy Tiên.</text:p>"
    "<text:list><text:list-item><text:p>Xã Tiên Nội.</text:p></text:list-item>"
    "<text:list-item text:start-value=\"4\"><text:p>Xã Yên Bắc.</text:p><text:p>Tiếp đoạn.</text:p></text:list-item>"
    "<text:list-item><text:p>Xã Mộc Nam.</text:p></text:list-item></text:list>"
    "</text:list-item>"
    "<text:list-item><text:p>Huyện ủy Lý Nhân.</text:p>"
    "<text:list text:style-name=\"L4\"><text:list-item><text:p>Gạch đầu dòng.</text:p></text:list-item></text:list>"
    "</text:list-item>"
    "<text:list-item><text:p>Huyện ủy Bình Lục.</text:p></text:list-item></text:list>"
    "<text:list text:style-name=\"L3\"><text:list-item><text:p>Lại từ đầu.</text:p></text:list-item></text:list>"
    "</office:text></office:body></office:document-content>";
  g_autoptr(GBytes) odt = make_odt (content, odt_styles);
  g_autofree char *text = read_ok (odt, "levels.odt");

  g_assert_cmpstr (text, ==,
                   "Mục riêng:\n\nI) Huyện ủy Duy Tiên.\n\na) Xã Tiên Nội.\n\nd) Xã Yên Bắc.\n\nTiếp đoạn.\n\n"
                   "e) Xã Mộc Nam.\n\nII) Huyện ủy Lý Nhân.\n\n- Gạch đầu dòng.\n\nIII) Huyện ủy Bình Lục.\n\n"
                   "I) Lại từ đầu.\n\n");
}

static void
test_odt_without_styles (void)
{
  static const char content[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-content " ODF_NS "><office:body><office:text>"
    "<text:list text:style-name=\"Missing\"><text:list-item><text:p>Một.</text:p></text:list-item></text:list>"
    "<text:p>Dòng<text:line-break/>hai</text:p>"
    "</office:text></office:body></office:document-content>";
  g_autoptr(GBytes) odt = make_odt (content, NULL);
  g_autofree char *text = read_ok (odt, "plain.odt");

  /* An unknown list style still marks its items. */
  g_assert_cmpstr (text, ==, "- Một.\n\nDòng\nhai\n\n");
}

/* Text in TCVN3 and VNI fonts: a paragraph style's font (automatic, common, or through a font
 * face), a span's, the default style's; Unicode spans and paragraphs stay as they are. */
static void
test_odt_legacy_fonts (void)
{
  static const char content[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-content " ODF_NS " xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\">"
    "<office:font-face-decls>"
    "<style:font-face style:name=\".VnTime\" svg:font-family=\"&apos;.VnTime&apos;\"/>"
    "<style:font-face style:name=\".VnTimeH\" svg:font-family=\"&apos;.VnTimeH&apos;\"/>"
    "</office:font-face-decls>"
    "<office:automatic-styles>"
    "<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
    "<style:text-properties style:font-name=\".VnTimeH\"/></style:style>"
    "<style:style style:name=\"T1\" style:family=\"text\"><style:text-properties style:font-name=\".VnTime\"/></style:style>"
    "<style:style style:name=\"T2\" style:family=\"text\"><style:text-properties fo:font-family=\"VNI-Times\"/></style:style>"
    "<style:style style:name=\"T3\" style:family=\"text\"><style:text-properties fo:font-weight=\"bold\"/></style:style>"
    "<style:style style:name=\"T4\" style:family=\"text\"><style:text-properties fo:font-family=\"Liberation Serif\"/>"
    "</style:style>"
    "</office:automatic-styles>"
    "<office:body><office:text>"
    "<text:p text:style-name=\"P1\">ñy ban nh©n d©n tØnh hµ nam</text:p>"
    "<text:p text:style-name=\"Standard\"><text:span text:style-name=\"T1\">Ban ChØ ®¹o phßng, chèng dÞch COVID-19 "
    "tØnh</text:span> Hà Nam: thông báo</text:p>"
    "<text:p text:style-name=\"VnBody\">Th«ng b¸o kÕt luËn <text:span text:style-name=\"T3\">cña</text:span> "
    "<text:span text:style-name=\"T4\">Thường trực</text:span></text:p>"
    "<text:p><text:span text:style-name=\"T2\">Sôû Y te</text:span><text:span text:style-name=\"T2\">á</text:span>"
    " chủ trì</text:p>"
    "<text:p>Tổng số ca mắc: 12; báo cáo hằng ngày.</text:p>"
    "</office:text></office:body></office:document-content>";
  static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-styles " ODF_NS " xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\">"
    "<office:font-face-decls><style:font-face style:name=\"Times New Roman\" svg:font-family=\"&apos;Times New Roman&apos;\"/>"
    "</office:font-face-decls>"
    "<office:styles>"
    "<style:default-style style:family=\"paragraph\"><style:text-properties style:font-name=\"Times New Roman\"/>"
    "</style:default-style>"
    "<style:style style:name=\"Standard\" style:family=\"paragraph\"/>"
    "<style:style style:name=\"VnBody\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
    "<style:text-properties fo:font-family=\".VnTime\"/></style:style>"
    "</office:styles></office:document-styles>";
  g_autoptr(GBytes) odt = make_odt (content, styles);
  g_autofree char *text = read_ok (odt, "legacy.odt");

  g_test_message ("%s", text);
  g_assert_cmpstr (text, ==,
                   "ỦY BAN NHÂN DÂN TỈNH HÀ NAM\n\n"
                   "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh Hà Nam: thông báo\n\n"
                   "Thông báo kết luận của Thường trực\n\n"
                   "Sở Y tế chủ trì\n\n"
                   "Tổng số ca mắc: 12; báo cáo hằng ngày.\n\n");
}

/* A flat ODT (.fodt): one XML file, told from text by its root. Headings numbered by the
 * outline style carry their label in text:number; a list paragraph's own label wins over it. */
static void
test_flat_odt (void)
{
  static const char fodt[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document " ODF_NS " office:mimetype=\"application/vnd.oasis.opendocument.text\">"
    "<office:automatic-styles><text:list-style style:name=\"L1\">"
    "<text:list-level-style-number text:level=\"1\" style:num-suffix=\")\" style:num-format=\"a\"/>"
    "</text:list-style></office:automatic-styles>"
    "<office:body><office:text>"
    "<text:p>Số 12-CV/TU</text:p>"
    "<text:h text:outline-level=\"1\"><text:number>I.</text:number>ĐÁNH GIÁ</text:h>"
    "<text:h text:outline-level=\"1\"><text:number>II</text:number>NHIỆM VỤ</text:h>"
    "<text:list text:style-name=\"L1\"><text:list-item>"
    "<text:p><text:number>a)</text:number>Sở Y tế.</text:p></text:list-item></text:list>"
    "</office:text></office:body></office:document>";
  g_autoptr(GBytes) b = g_bytes_new_static (fodt, strlen (fodt));
  g_autofree char *text = read_ok (b, "cv.fodt");

  g_assert_cmpstr (text, ==, "Số 12-CV/TU\n\nI. ĐÁNH GIÁ\n\nII NHIỆM VỤ\n\na) Sở Y tế.\n\n");
  /* A content.xml on its own, as pandoc -t opendocument writes it. */
  {
    g_autoptr(GBytes) c = g_bytes_new_static (odt_content, strlen (odt_content));
    g_autofree char *content_text = read_ok (c, "content.xml");
    g_assert_nonnull (strstr (content_text, "\n\n2.1. Xong mũi 1 trước ngày 15/8/2021;\n\n"));
  }
  /* XML that is no ODF stays text, as before. */
  {
    static const char other[] = "<?xml version=\"1.0\"?>\n<office:documentation/>";
    g_autoptr(GBytes) o = g_bytes_new_static (other, strlen (other));
    g_autofree char *other_text = read_ok (o, "other.xml");
    g_assert_cmpstr (other_text, ==, other);
  }
  /* A spreadsheet in one file is no notice either. */
  {
    static const char fods[] =
      "<?xml version=\"1.0\"?>\n<office:document " ODF_NS "><office:body><office:spreadsheet/></office:body>"
      "</office:document>";
    g_autoptr(GBytes) s = g_bytes_new_static (fods, strlen (fods));
    read_fails (s, "sheet.fods", "not a text document");
  }
}

/* ---- text ------------------------------------------------------------------------------ */

static const char notice_text[] =
  "TỈNH ỦY HÀ NAM\nSố 12-CV/TU\nHà Nam, ngày 5 tháng 8 năm 2021\n\n"
  "1. Ban Tuyên giáo Tỉnh ủy chỉ đạo tuyên truyền.\n2. Sở Y tế tổ chức tiêm vắc-xin.\n";

static void
check_text_notice (const char *text)
{
  g_autoptr(GbNotice) n = parse_ok (text);
  static const char *const paths[] = { "1", "2", NULL };

  g_assert_cmpstr (n->number, ==, "12-CV/TU");
  g_assert_cmpstr (n->date, ==, "2021-08-05");
  check_paths (n, paths);
}

static void
test_text_encodings (void)
{
  /* UTF-8 as it is; its byte order mark dropped. */
  {
    g_autoptr(GBytes) b = g_bytes_new_static (notice_text, strlen (notice_text));
    g_autofree char *text = read_ok (b, "a.txt");
    g_assert_cmpstr (text, ==, notice_text);
  }
  {
    g_autofree char *with_bom = g_strconcat ("\xef\xbb\xbf", notice_text, NULL);
    g_autoptr(GBytes) b = g_bytes_new (with_bom, strlen (with_bom));
    g_autofree char *text = read_ok (b, "bom.txt");
    g_assert_cmpstr (text, ==, notice_text);
    check_text_notice (text);
  }
  /* UTF-16 with its byte order mark, both byte orders (Notepad's "Unicode"). */
  for (guint be = 0; be < 2; be++)
    {
      gsize n = 0;
      g_autofree char *utf16 = g_convert (notice_text, -1, be ? "UTF-16BE" : "UTF-16LE", "UTF-8", NULL, &n, NULL);
      g_autoptr(GByteArray) a = g_byte_array_new ();
      g_autoptr(GBytes) b = NULL;
      g_autofree char *text = NULL;

      g_assert_nonnull (utf16);
      g_byte_array_append (a, (const guint8 *) (be ? "\xfe\xff" : "\xff\xfe"), 2);
      g_byte_array_append (a, (const guint8 *) utf16, n);
      b = g_byte_array_free_to_bytes (g_steal_pointer (&a));
      text = read_ok (b, "utf16.txt");
      g_assert_cmpstr (text, ==, notice_text);
      check_text_notice (text);
    }
  /* Odd UTF-16: half a character at the end. */
  {
    g_autoptr(GBytes) b = g_bytes_new_static ("\xff\xfe" "A\0B", 5);
    read_fails (b, "odd.txt", "UTF-16");
  }
}

/* The notice of notice_text in VNI, and without its capitals (which TCVN3 has no codes for
 * outside its capital fonts) in TCVN3: as the characters their fonts were given. */
static const char notice_vni[] =
  "TÆNH UÛY HAØ NAM\nSoá 12-CV/TU\nHaø Nam, ngaøy 5 thaùng 8 naêm 2021\n\n"
  "1. Ban Tuyeân giaùo Tænh uûy chæ ñaïo tuyeân truyeàn.\n2. Sôû Y teá toå chöùc tieâm vaéc-xin.\n";
static const char notice_tcvn3[] =
  "Sè 12-CV/TU\nHµ Nam, ngµy 5 th¸ng 8 n¨m 2021\n\n"
  "1. Ban Tuyªn gi¸o TØnh ñy chØ ®¹o tuyªn truyÒn.\n2. Së Y tÕ tæ chøc tiªm v¾c-xin.\n";
static const char notice_tcvn3_unicode[] =
  "Số 12-CV/TU\nHà Nam, ngày 5 tháng 8 năm 2021\n\n"
  "1. Ban Tuyên giáo Tỉnh ủy chỉ đạo tuyên truyền.\n2. Sở Y tế tổ chức tiêm vắc-xin.\n";

/* @text's characters, all of Latin-1, as the bytes a legacy font's file holds. */
static GBytes *
latin1_bytes (const char *text)
{
  gsize n = 0;
  char *bytes = g_convert (text, -1, "ISO-8859-1", "UTF-8", NULL, &n, NULL);

  g_assert_nonnull (bytes);
  return g_bytes_new_take (bytes, n);
}

/* Text files saved before Unicode: Windows-1258 (tones as combining marks), TCVN3 and VNI
 * bytes; and UTF-8 that is TCVN3 or VNI read as Latin-1, pasted out of such a document. */
static void
test_text_legacy (void)
{
  {
    g_autoptr(GBytes) b = latin1_bytes (notice_vni);
    g_autofree char *text = read_ok (b, "vni.txt");
    g_assert_cmpstr (text, ==, notice_text);
    check_text_notice (text);
  }
  {
    g_autoptr(GBytes) b = latin1_bytes (notice_tcvn3);
    g_autofree char *text = read_ok (b, "tcvn3.txt");
    g_autoptr(GbNotice) n = NULL;
    static const char *const paths[] = { "1", "2", NULL };

    g_assert_cmpstr (text, ==, notice_tcvn3_unicode);
    n = parse_ok (text);
    g_assert_cmpstr (n->number, ==, "12-CV/TU");
    g_assert_cmpstr (n->date, ==, "2021-08-05");
    check_paths (n, paths);
    g_assert_true (gb_notice_item_has_unit (item (n, 1), "Sở Y tế"));
  }
  /* Windows-1258 by hand ("Sở Y tế": ơ, then the hook; ê, then the acute), then a whole
   * notice as the C library writes it. */
  {
    static const char cp1258[] = "S\xf5\xd2 Y t\xea\xec ti\xd2nh Ha\xcc Nam";
    g_autoptr(GBytes) b = g_bytes_new_static (cp1258, strlen (cp1258));
    g_autofree char *text = read_ok (b, "cp1258.txt");
    g_assert_cmpstr (text, ==, "Sở Y tế tỉnh Hà Nam");
  }
  {
    gsize n = 0;
    char *cp1258 = g_convert (notice_text, -1, "CP1258", "UTF-8", NULL, &n, NULL);
    g_autoptr(GBytes) b = NULL;
    g_autofree char *text = NULL;

    if (cp1258 == NULL)
      {
        g_test_message ("no CP1258 encoder in this C library");
        return;
      }
    b = g_bytes_new_take (cp1258, n);
    g_assert_false (g_utf8_validate (g_bytes_get_data (b, NULL), n, NULL));
    text = read_ok (b, "cp1258-notice.txt");
    g_assert_cmpstr (text, ==, notice_text);
    check_text_notice (text);
  }
  /* The full TCVN 5712 (VN1), whose bytes also code the capitals with tones, as in a header
   * in capitals. */
  {
    static const char header[] = "TỈNH ỦY NINH THUẬN\nBAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH\nSố 12-CV/TU\n\n";
    g_autofree char *unicode = g_strconcat (header, notice_text, NULL);
    gsize n = 0;
    char *vn1 = g_convert (unicode, -1, "TCVN5712-1", "UTF-8", NULL, &n, NULL);
    g_autoptr(GBytes) b = NULL;
    g_autofree char *text = NULL;

    if (vn1 == NULL)
      {
        g_test_message ("no TCVN5712-1 encoder in this C library");
        return;
      }
    b = g_bytes_new_take (vn1, n);
    g_assert_false (g_utf8_validate (g_bytes_get_data (b, NULL), n, NULL));
    text = read_ok (b, "vn1-notice.txt");
    g_assert_cmpstr (text, ==, unicode);
  }
  /* Valid UTF-8, but garbled: converted. */
  {
    g_autoptr(GBytes) b = g_bytes_new_static (notice_vni, strlen (notice_vni));
    g_autofree char *text = read_ok (b, "pasted-vni.txt");
    g_assert_cmpstr (text, ==, notice_text);
  }
  {
    g_autoptr(GBytes) b = g_bytes_new_static (notice_tcvn3, strlen (notice_tcvn3));
    g_autofree char *text = read_ok (b, "pasted-tcvn3.txt");
    g_assert_cmpstr (text, ==, notice_tcvn3_unicode);
  }
  /* Unicode with only Latin-1 letters stays as it is. */
  {
    static const char latin_only[] = "Thông báo: các bác sĩ và y tá ở Hà Nam\n";
    g_autoptr(GBytes) b = g_bytes_new_static (latin_only, strlen (latin_only));
    g_autofree char *text = read_ok (b, "latin.txt");
    g_assert_cmpstr (text, ==, latin_only);
  }
  /* Latin-1 that is no Vietnamese in any reading keeps the old error. */
  {
    static const char french[] = "Caf\xe9 \xe0 Montr\xe9" "al, o\xf9 l'\xe9t\xe9 dure";
    g_autoptr(GBytes) b = g_bytes_new_static (french, strlen (french));
    read_fails (b, "french.txt", "The text is not valid UTF-8 (bad byte at offset 3)");
  }
}

static void
test_text_errors (void)
{
  /* The messages gb_notice_parse() gives, with offsets into the file. */
  {
    g_autoptr(GBytes) b = g_bytes_new_static ("Số 1\xff", 7);
    read_fails (b, "latin.txt", "The text is not valid UTF-8 (bad byte at offset 6)");
  }
  {
    g_autoptr(GBytes) b = g_bytes_new_static ("ab\0cd", 5);
    read_fails (b, "nul.txt", "This is binary data, not text (a NUL byte at offset 2)");
  }
  {
    g_autoptr(GBytes) b = g_bytes_new_static ("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0", 12);
    read_fails (b, "old.doc", "Word 97–2003");
  }
  {
    g_autoptr(GBytes) b = g_bytes_new_static ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    read_fails (b, "scan.png", "OCR");
  }
  {
    g_autoptr(GBytes) b = g_bytes_new_static ("{\\rtf1\\ansi Số 12}", strlen ("{\\rtf1\\ansi Số 12}"));
    read_fails (b, "cv.rtf", "RTF");
  }
  /* An empty file is text: gb_notice_parse() says it is empty. */
  {
    g_autoptr(GBytes) b = g_bytes_new_static ("", 0);
    g_autofree char *text = read_ok (b, "empty.txt");
    g_assert_cmpstr (text, ==, "");
  }
  /* Without a name, no prefix. */
  {
    g_autoptr(GBytes) b = g_bytes_new_static ("a\0", 2);
    g_autoptr(GError) error = NULL;
    g_autofree char *text = gb_notice_read_text_from_bytes (b, NULL, &error);
    g_assert_null (text);
    g_assert_error (error, GB_ERROR, GB_ERROR_PARSE);
    g_assert_true (g_str_has_prefix (error->message, "This is binary data"));
  }
}

/* ---- round trip ----------------------------------------------------------------------- */

/* A conclusion notice as the app writes it, long enough to run over two pages. */
static GbConclusion *
sample_conclusion (void)
{
  GbConclusion *c = gb_conclusion_new_for_meeting ("2021-09-15", "Thử Nghiệm");
  GbConclusionSection *sec;
  GbConclusionTask *t;

  c->number = g_strdup ("125-TB/TU");
  c->chair = g_strdup ("Đồng chí Bí thư Tỉnh ủy");
  c->signer = g_strdup ("Nguyễn Văn Ký");
  c->signer_title = g_strdup ("PHÓ BÍ THƯ THƯỜNG TRỰC");
  sec = g_ptr_array_index (c->sections, 0);
  sec->body = g_strdup ("Tình hình dịch cơ bản được kiểm soát.");
  sec = g_ptr_array_index (c->sections, 1);
  t = gb_conclusion_task_new ("Tăng cường tuyên truyền thực hiện 5K", "2021-09-20", NULL);
  g_ptr_array_add (t->units, g_strdup ("Ban Tuyên giáo Tỉnh ủy"));
  g_ptr_array_add (sec->tasks, t);
  for (int i = 0; i < 24; i++)
    {
      g_autofree char *text = g_strdup_printf ("Nhiệm vụ bổ sung số %d: rà soát, cập nhật kế hoạch ứng phó "
                                               "với các tình huống dịch bệnh ở từng cấp độ", i + 2);
      t = gb_conclusion_task_new (text, "2021-09-30", NULL);
      g_ptr_array_add (t->units, g_strdup ("Sở Y tế"));
      g_ptr_array_add (sec->tasks, t);
    }
  sec = g_ptr_array_index (c->sections, 2);
  sec->body = g_strdup ("Thống nhất đề xuất của Sở Y tế về việc mua bổ sung máy thở.");
  return c;
}

/* What the app exports as PDF and ODT reads back as the notice its text gives, and the PDF
 * exactly as the ODT: the PDF's lines are put back into the ODT's paragraphs. */
static void
test_round_trip (void)
{
  g_autoptr(GbConclusion) c = sample_conclusion ();
  g_autofree char *dir = gb_test_temp_dir ("gb-notice-source-XXXXXX");
  g_autofree char *text = gb_conclusion_to_text (c);
  g_autoptr(GbNotice) want = parse_ok (text);
  g_autoptr(GbNotice) odt = NULL;
  const char *const exts[] = { "odt", "pdf" };

  g_assert_cmpstr (want->number, ==, "125-TB/TU");
  g_assert_cmpuint (want->items->len, ==, 28);
  for (guint e = 0; e < G_N_ELEMENTS (exts); e++)
    {
      g_autofree char *name = g_strdup_printf ("kl.%s", exts[e]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GbNotice) n = NULL;
      guint skipped = 0;

      g_assert_true (gb_conclusion_export (c, path, &error));
      g_assert_no_error (error);
      n = gb_notice_parse_file (path, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %u items", name, n->items->len);
      g_assert_cmpstr (n->number, ==, want->number);
      g_assert_cmpstr (n->date, ==, want->date);
      g_assert_cmpstr (n->kind, ==, want->kind);
      g_assert_cmpstr (n->subject, ==, want->subject);
      g_assert_cmpstr (n->signing_form, ==, want->signing_form);
      g_assert_cmpstr (n->signer, ==, want->signer);
      g_assert_cmpuint (n->recipients->len, ==, want->recipients->len);
      for (guint i = 0; i < n->items->len; i++)
        {
          GbNoticeItem *got = item (n, i);
          GbNoticeItem *expected = NULL;

          if (odt != NULL)
            {
              g_assert_cmpstr (got->path, ==, item (odt, i)->path);
              g_assert_cmpstr (got->text, ==, item (odt, i)->text);
              g_assert_cmpstr (got->due, ==, item (odt, i)->due);
            }
          /* The documents keep a section's heading and its body as two paragraphs, and the
           * body is item "1.1"; the text runs them together. */
          if (g_strcmp0 (got->path, "1.1") == 0 || g_strcmp0 (got->path, "3.1") == 0)
            {
              skipped++;
              continue;
            }
          expected = item (want, i - skipped);
          g_assert_cmpstr (got->path, ==, expected->path);
          if (strchr (got->path, '.') != NULL)
            g_assert_cmpstr (got->text, ==, expected->text);
          g_assert_cmpstr (got->due, ==, expected->due);
        }
      g_assert_cmpuint (skipped, ==, 2);
      g_assert_cmpuint (n->items->len - skipped, ==, want->items->len);
      if (odt == NULL)
        odt = g_steal_pointer (&n);
      else
        g_assert_cmpuint (n->items->len, ==, odt->items->len);
    }
}

/* The app's own conclusion, exported and imported again, keeps each task's units (lead first,
 * then those co-operating) and its deadline. */
static void
test_round_trip_units (void)
{
  g_autoptr(GbConclusion) c = sample_conclusion ();
  g_autofree char *dir = gb_test_temp_dir ("gb-notice-source-XXXXXX");
  const char *const exts[] = { "odt", "pdf" };
  GbConclusionSection *sec = g_ptr_array_index (c->sections, 1);
  GbConclusionTask *t = gb_conclusion_task_new ("Kiểm soát chặt chẽ người ra, vào tỉnh tại các chốt", "2021-09-25", NULL);

  g_ptr_array_add (t->units, g_strdup ("Công an tỉnh"));
  g_ptr_array_add (t->units, g_strdup ("Sở Y tế"));
  g_ptr_array_add (t->units, g_strdup ("UBND các huyện, thị xã, thành phố"));
  g_ptr_array_insert (sec->tasks, 0, t);
  for (guint e = 0; e < G_N_ELEMENTS (exts); e++)
    {
      g_autofree char *name = g_strdup_printf ("kl-units.%s", exts[e]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GbNotice) n = NULL;
      guint checked = 0;

      g_assert_true (gb_conclusion_export (c, path, &error));
      g_assert_no_error (error);
      n = gb_notice_parse_file (path, NULL, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < sec->tasks->len; j++)
        {
          const GbConclusionTask *task = g_ptr_array_index (sec->tasks, j);

          for (guint i = 0; i < n->items->len; i++)
            {
              const GbNoticeItem *it = item (n, i);

              if (!g_str_has_prefix (it->text, task->text))
                continue;
              g_test_message ("%s: %s", name, it->text);
              g_assert_cmpuint (it->units->len, ==, task->units->len);
              for (guint u = 0; u < task->units->len; u++)
                {
                  const GbNoticeUnit *got = g_ptr_array_index (it->units, u);
                  g_assert_cmpstr (got->name, ==, g_ptr_array_index (task->units, u));
                  g_assert_cmpint (got->role, ==, u == 0 ? GB_NOTICE_ROLE_LEAD : GB_NOTICE_ROLE_COOPERATE);
                }
              g_assert_cmpstr (it->due, ==, task->due_date);
              checked++;
              break;
            }
        }
      g_assert_cmpuint (checked, ==, sec->tasks->len);
    }
}

/* ---- files and the CLI ----------------------------------------------------------------- */

static char *
write_temp_bytes (const char *name,
                  GBytes     *bytes)
{
  return gb_test_write_temp (name, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_files (void)
{
  g_autoptr(GBytes) docx = make_docx (docx_document, docx_numbering);
  /* Told by content: a DOCX named .txt is still a DOCX. */
  g_autofree char *path = write_temp_bytes ("cv12.txt", docx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbNotice) n = gb_notice_parse_file (path, NULL, &error);
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "gb-no-such-notice.pdf", NULL);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (n->number, ==, "12-CV/TU");
  g_assert_cmpuint (n->items->len, ==, 6);

  text = gb_notice_read_text (missing, &error);
  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  text = gb_notice_read_text (g_get_tmp_dir (), &error);
  g_assert_null (text);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Errors name the file, once. */
  {
    g_autoptr(GBytes) scan = make_pdf (NULL);
    g_autofree char *scan_path = write_temp_bytes ("scan.pdf", scan);
    g_autoptr(GbNotice) none = gb_notice_parse_file (scan_path, NULL, &error);
    g_autofree char *twice = g_strdup_printf ("%s: %s:", scan_path, scan_path);

    g_assert_null (none);
    g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
    g_assert_true (g_str_has_prefix (error->message, scan_path));
    g_assert_null (strstr (error->message, twice));
    g_clear_error (&error);
  }
  {
    g_autofree char *empty = gb_test_write_temp ("empty.md", "", 0);
    g_autoptr(GbNotice) none = gb_notice_parse_file (empty, NULL, &error);
    g_autofree char *expected = g_strdup_printf ("%s: The text is empty", empty);

    g_assert_null (none);
    g_assert_error (error, GB_ERROR, GB_ERROR_PARSE);
    g_assert_cmpstr (error->message, ==, expected);
  }
}

static void
test_cli (void)
{
  g_autofree char *db = NULL;
  g_autoptr(GBytes) odt = make_odt (odt_content, odt_styles);
  g_autoptr(GBytes) pdf = make_pdf (NULL);
  g_autofree char *odt_path = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *items;

  if (g_getenv ("GIAOBAN_CLI") == NULL || !g_file_test (g_getenv ("GIAOBAN_CLI"), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("GIAOBAN_CLI is not set or not built");
      return;
    }
  db = gb_test_temp_db ();
  odt_path = write_temp_bytes ("cv12.odt", odt);
  pdf_path = write_temp_bytes ("scan.pdf", pdf);

  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-notice", "--dry-run", "--json", odt_path, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "number"), ==, "12-CV/TU");
  items = json_object_get_array_member (root, "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 7);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 3), "path"), ==, "2.2");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Stored: the body is the extracted text, so search finds its words. */
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-notice", odt_path, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "search", "mui 2 trong thang", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "item"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gb_test_run_cli (db, &out, &err, "import-notice", "--dry-run", pdf_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no text layer"));
  /* The file is named once, not twice. */
  g_assert_null (strstr (err, "scan.pdf: /"));
}

/* A document's text is made NFC in pieces (one g_utf8_normalize() over megabytes takes
 * minutes): the pieces give what the whole would, decomposed Vietnamese, long runs without
 * ASCII and a mark at a piece's edge included. */
static void
test_nfc_pieces (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *nfd = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *pieces = NULL;

  while (text->len < 40000)
    g_string_append (text, "Ban Chỉ đạo phòng, chống dịch tỉnh yêu cầu Sở Y tế khẩn trương thực hiện.\n");
  /* 10 KB with no ASCII at all, and after it a base letter whose mark comes next. */
  for (guint i = 0; i < 2000; i++)
    g_string_append (text, "ệ");
  g_string_append (text, "ê\xcc\x81 cuối.");
  nfd = g_utf8_normalize (text->str, -1, G_NORMALIZE_NFD);
  whole = g_utf8_normalize (nfd, -1, G_NORMALIZE_NFC);
  pieces = gb_text_nfc (nfd, -1);
  g_assert_cmpstr (pieces, ==, whole);
  g_assert_nonnull (strstr (pieces, "Chỉ đạo"));
  g_clear_pointer (&pieces, g_free);
  pieces = gb_text_nfc (nfd, 1000);
  g_assert_cmpuint (strlen (pieces), <, 1000);
  g_assert_true (g_str_has_prefix (whole, pieces));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/notice-source/nfc-pieces", test_nfc_pieces);
  g_test_add_func ("/notice-source/pdf", test_pdf);
  g_test_add_func ("/notice-source/pdf-legacy", test_pdf_legacy);
  g_test_add_func ("/notice-source/pdf-no-text", test_pdf_no_text);
  g_test_add_func ("/notice-source/pdf-damaged", test_pdf_damaged);
  g_test_add_func ("/notice-source/pdf-encrypted", test_pdf_encrypted);
  g_test_add_func ("/notice-source/docx", test_docx);
  g_test_add_func ("/notice-source/docx-numbering", test_docx_numbering);
  g_test_add_func ("/notice-source/docx-errors", test_docx_errors);
  g_test_add_func ("/notice-source/docx-legacy-fonts", test_docx_legacy_fonts);
  g_test_add_func ("/notice-source/zip-truncated", test_zip_truncated);
  g_test_add_func ("/notice-source/zip-bomb", test_zip_bomb);
  g_test_add_func ("/notice-source/zip-other", test_zip_other);
  g_test_add_func ("/notice-source/odt", test_odt);
  g_test_add_func ("/notice-source/odt-numbering", test_odt_numbering);
  g_test_add_func ("/notice-source/odt-without-styles", test_odt_without_styles);
  g_test_add_func ("/notice-source/odt-legacy-fonts", test_odt_legacy_fonts);
  g_test_add_func ("/notice-source/flat-odt", test_flat_odt);
  g_test_add_func ("/notice-source/text-encodings", test_text_encodings);
  g_test_add_func ("/notice-source/text-legacy", test_text_legacy);
  g_test_add_func ("/notice-source/text-errors", test_text_errors);
  g_test_add_func ("/notice-source/round-trip", test_round_trip);
  g_test_add_func ("/notice-source/round-trip-units", test_round_trip_units);
  g_test_add_func ("/notice-source/files", test_files);
  g_test_add_func ("/notice-source/cli", test_cli);
  return g_test_run ();
}
