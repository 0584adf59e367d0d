/* gb-conclusion-export.c — the conclusion notice as PDF (Cairo + Pango) and ODT (libgsf)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout follows Hướng dẫn 36-HD/VPTW for party documents: issuing body top left, the
 * party header top right, number under the issuer, place and date under the party header,
 * centered title, numbered body, "Nơi nhận" bottom left and the signing block bottom right.
 * Margins follow the administrative rule (top and bottom 20 mm, left 30 mm, right 15 mm).
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-outfile.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gb-conclusion-export.h"
#include "gb-error.h"
#include "gb-file.h"

/* libgsf 1.14 declares no autoptr cleanups; its types are plain GObjects. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutfile, g_object_unref)

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define MARGIN_TOP (20.0 * MM)
#define MARGIN_BOTTOM (20.0 * MM)
#define MARGIN_LEFT (30.0 * MM)
#define MARGIN_RIGHT (15.0 * MM)
#define TEXT_W (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)
#define FONT "Liberation Serif, Noto Serif, serif"

typedef struct
{
  cairo_t   *cr;
  double     y;
  int        page;
  GPtrArray *pages;   /* recording surfaces, one a page, when not writing a PDF */
} Flow;

/* Lay text out with the PDF surface's metrics (no hinting), so printed pages break where
 * the exported PDF's do. */
static cairo_t *
create_page_cr (cairo_surface_t *page)
{
  cairo_t *cr = cairo_create (page);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options (cr, options);
  cairo_font_options_destroy (options);
  cairo_set_source_rgb (cr, 0, 0, 0);
  return cr;
}

static cairo_surface_t *
new_page_surface (void)
{
  cairo_rectangle_t extents = { 0, 0, PAGE_W, PAGE_H };

  return cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
}

static PangoLayout *
make_layout (cairo_t        *cr,
             const char     *markup,
             double          size,
             double          width,
             PangoAlignment  align,
             gboolean        justify,
             double          indent)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (FONT);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_justify (layout, justify);
  pango_layout_set_indent (layout, (int) (indent * PANGO_SCALE));
  /* Official documents use at least single spacing with some air; 1.15 reads like them. */
  pango_layout_set_line_spacing (layout, 1.15);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return h / (double) PANGO_SCALE;
}

static void
flow_new_page (Flow *f)
{
  if (f->pages != NULL)
    {
      /* Printing asks for each page on its own: record each one separately. */
      cairo_surface_t *page = new_page_surface ();

      cairo_destroy (f->cr);
      f->cr = create_page_cr (page);
      g_ptr_array_add (f->pages, page);
    }
  else
    cairo_show_page (f->cr);
  f->page++;
  f->y = MARGIN_TOP;
  /* Pages after the first carry their number at the top center, as official documents do. */
  {
    g_autofree char *num = g_strdup_printf ("%d", f->page);
    g_autoptr(PangoLayout) l = make_layout (f->cr, num, 13, TEXT_W, PANGO_ALIGN_CENTER, FALSE, 0);

    cairo_move_to (f->cr, MARGIN_LEFT, 10.0 * MM);
    pango_cairo_show_layout (f->cr, l);
  }
}

/* Draws a layout line by line so long paragraphs continue on the next page. */
static void
flow_layout (Flow        *f,
             PangoLayout *layout,
             double       x)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double base_y = f->y;
  double shift = 0;

  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      double top, bottom, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = logical.y / (double) PANGO_SCALE;
      bottom = (logical.y + logical.height) / (double) PANGO_SCALE;
      baseline = pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE;
      if (base_y + bottom - shift > PAGE_H - MARGIN_BOTTOM)
        {
          flow_new_page (f);
          base_y = f->y;
          shift = top;
        }
      cairo_move_to (f->cr, x + logical.x / (double) PANGO_SCALE, base_y + baseline - shift);
      pango_cairo_show_layout_line (f->cr, line);
      f->y = base_y + bottom - shift;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
flow_paragraph (Flow        *f,
                const char  *markup,
                double       size,
                PangoAlignment align,
                gboolean     justify,
                double       indent,
                double       space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (f->cr, markup, size, TEXT_W, align, justify, indent);

  flow_layout (f, layout, MARGIN_LEFT);
  f->y += space_after;
}

static char *
esc (const char *s)
{
  return g_markup_escape_text (s ? s : "", -1);
}

static void
flow_text_paragraphs (Flow       *f,
                      const char *text)
{
  g_auto(GStrv) paras = NULL;

  if (text == NULL)
    return;
  paras = g_strsplit (text, "\n", -1);
  for (guint i = 0; paras[i] != NULL; i++)
    {
      g_autofree char *e = NULL;

      g_strstrip (paras[i]);
      if (*paras[i] == '\0')
        continue;
      e = esc (paras[i]);
      flow_paragraph (f, e, 14, PANGO_ALIGN_LEFT, TRUE, 10 * MM, 6);
    }
}

/* Party documents: the issuer and "ĐẢNG CỘNG SẢN VIỆT NAM"; state documents (Decree 30/2020):
 * the issuer and the national motto, underlined. */
static void
draw_header (Flow               *f,
             const GbConclusion *c)
{
  gboolean state = gb_conclusion_is_state_form (c);
  double left_w = 0.42 * TEXT_W, right_w = TEXT_W - left_w;
  g_autofree char *issuer = esc (c->issuer);
  g_autofree char *num = gb_conclusion_format_number (c);
  g_autofree char *number = esc (num);
  g_autofree char *place_date = NULL;
  g_autofree char *left_markup = NULL;
  g_autofree char *right_markup = NULL;
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  g_autofree char *pd = gb_conclusion_format_place_date (c);

  place_date = esc (pd);
  left_markup = g_strdup_printf ("<b>%s</b>\n%s\n%s", issuer, state ? "———" : "*", number);
  right_markup = state
    ? g_strdup_printf ("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>\n<b><u>Độc lập - Tự do - Hạnh phúc</u></b>\n\n<i>%s</i>", place_date)
    : g_strdup_printf ("<b><u>ĐẢNG CỘNG SẢN VIỆT NAM</u></b>\n\n<i>%s</i>", place_date);
  left = make_layout (f->cr, left_markup, state ? 13 : 14, left_w, PANGO_ALIGN_CENTER, FALSE, 0);
  right = make_layout (f->cr, right_markup, state ? 13 : 14, right_w, PANGO_ALIGN_CENTER, FALSE, 0);
  pango_layout_set_line_spacing (left, 1.0);
  pango_layout_set_line_spacing (right, 1.0);
  cairo_move_to (f->cr, MARGIN_LEFT - 8 * MM, f->y);
  pango_cairo_show_layout (f->cr, left);
  cairo_move_to (f->cr, MARGIN_LEFT + left_w, f->y);
  pango_cairo_show_layout (f->cr, right);
  f->y += MAX (layout_height (left), layout_height (right)) + 8 * MM;
}

static void
draw_title (Flow               *f,
            const GbConclusion *c)
{
  g_autofree char *line = c->subject_line ? g_strdup (c->subject_line) : gb_conclusion_format_title_line (c);
  g_autofree char *e = esc (line);
  g_autofree char *kind = esc (c->document_title ? c->document_title : "THÔNG BÁO");
  g_autofree char *markup = g_strdup_printf ("<b><span size=\"larger\">%s</span>\n%s</b>\n-----", kind, e);

  flow_paragraph (f, markup, 14, PANGO_ALIGN_CENTER, FALSE, 0, 6 * MM);
}

#define TABLE_PAD (1.5 * MM)

/* The width of column @k of @n: the first (the names) takes 40 %, the others share the rest. */
static double
table_column_width (guint k,
                    guint n)
{
  if (n == 1)
    return TEXT_W;
  return k == 0 ? 0.4 * TEXT_W : 0.6 * TEXT_W / (n - 1);
}

/* Lays out one row of cells and, when @draw, draws it with its borders at f->y.
 * Returns: its height */
static double
table_row (Flow         *f,
           const char  **cells,
           guint         n,
           gboolean      header,
           gboolean      draw)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double h = 0, x = MARGIN_LEFT;

  for (guint k = 0; k < n; k++)
    {
      g_autofree char *e = esc (cells[k]);
      g_autofree char *markup = header ? g_strdup_printf ("<b>%s</b>", e) : g_strdup (e);
      PangoLayout *l = make_layout (f->cr, markup, 12, table_column_width (k, n) - 2 * TABLE_PAD,
                                    k == 0 && !header ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER, FALSE, 0);

      pango_layout_set_line_spacing (l, 1.0);
      h = MAX (h, layout_height (l) + 2 * TABLE_PAD);
      g_ptr_array_add (layouts, l);
    }
  cairo_set_line_width (f->cr, 0.6);
  for (guint k = 0; draw && k < n; k++)
    {
      double w = table_column_width (k, n);

      cairo_rectangle (f->cr, x, f->y, w, h);
      cairo_stroke (f->cr);
      cairo_move_to (f->cr, x + TABLE_PAD, f->y + TABLE_PAD);
      pango_cairo_show_layout (f->cr, g_ptr_array_index (layouts, k));
      x += w;
    }
  return h;
}

/* A table (the states of the tasks per unit): ruled cells, the header again at the top of each
 * page it continues on; a row that does not fit what is left of a page goes to the next one. */
static void
draw_table (Flow      *f,
            GPtrArray *table)
{
  const char **header = g_ptr_array_index (table, 0);
  guint n = g_strv_length ((char **) header);

  f->y += table_row (f, header, n, TRUE, TRUE);
  for (guint i = 1; i < table->len; i++)
    {
      const char **row = g_ptr_array_index (table, i);

      g_assert (g_strv_length ((char **) row) == n);
      if (f->y + table_row (f, row, n, FALSE, FALSE) > PAGE_H - MARGIN_BOTTOM)
        {
          flow_new_page (f);
          f->y += table_row (f, header, n, TRUE, TRUE);
        }
      f->y += table_row (f, row, n, FALSE, TRUE);
    }
  f->y += 6;
}

static void
draw_body (Flow               *f,
           const GbConclusion *c)
{
  g_autofree char *opening = gb_conclusion_format_opening (c);
  guint n = 0;

  flow_text_paragraphs (f, opening);
  for (guint i = 0; i < c->sections->len; i++)
    {
      const GbConclusionSection *sec = g_ptr_array_index (c->sections, i);
      g_autofree char *heading = NULL;
      g_autofree char *markup = NULL;

      /* An empty section is left out, not printed as a bare heading. */
      if (gb_conclusion_section_is_empty (sec))
        continue;
      heading = esc (sec->heading);
      markup = g_strdup_printf ("<b>%u. %s</b>", ++n, heading);
      flow_paragraph (f, markup, 14, PANGO_ALIGN_LEFT, TRUE, 10 * MM, 6);
      flow_text_paragraphs (f, sec->body);
      for (guint j = 0; j < sec->tasks->len; j++)
        {
          g_autofree char *t = gb_conclusion_format_task (g_ptr_array_index (sec->tasks, j));
          g_autofree char *te = esc (t);
          g_autofree char *tm = g_strdup_printf ("%u.%u. %s", n, j + 1, te);

          flow_paragraph (f, tm, 14, PANGO_ALIGN_LEFT, TRUE, 10 * MM, 6);
        }
      if (sec->table != NULL && sec->table->len > 0)
        draw_table (f, sec->table);
    }
}

static void
draw_signature (Flow               *f,
                const GbConclusion *c)
{
  double left_w = 0.45 * TEXT_W, right_w = TEXT_W - left_w;
  GString *rec = g_string_new ("<b><i>Nơi nhận:</i></b>");
  g_autofree char *form = esc (c->signing_form);
  g_autofree char *title = esc (c->signer_title);
  g_autofree char *name = esc (c->signer);
  g_autofree char *sign_markup = g_strdup_printf ("<b>%s\n%s\n\n\n\n%s</b>", form, title, name);
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  g_autoptr(GPtrArray) recipients = gb_conclusion_list_recipients (c);
  double h;

  for (guint i = 0; i < recipients->len; i++)
    {
      g_autofree char *r = esc (g_ptr_array_index (recipients, i));
      g_string_append_printf (rec, "\n- %s", r);
    }
  left = make_layout (f->cr, rec->str, 11, left_w, PANGO_ALIGN_LEFT, FALSE, 0);
  right = make_layout (f->cr, sign_markup, 14, right_w, PANGO_ALIGN_CENTER, FALSE, 0);
  pango_layout_set_line_spacing (left, 1.0);
  g_string_free (rec, TRUE);

  f->y += 4 * MM;
  h = MAX (layout_height (left), layout_height (right));
  /* The signing block never stands alone on a page without the recipients beside it. */
  if (f->y + h > PAGE_H - MARGIN_BOTTOM)
    flow_new_page (f);
  cairo_move_to (f->cr, MARGIN_LEFT, f->y);
  pango_cairo_show_layout (f->cr, left);
  cairo_move_to (f->cr, MARGIN_LEFT + left_w, f->y);
  pango_cairo_show_layout (f->cr, right);
  f->y += h;
}

/**
 * gb_conclusion_export_pdf:
 *
 * Writes the notice as an A4 PDF; long bodies continue on numbered pages.
 *
 * Returns: TRUE on success
 */
gboolean
gb_conclusion_export_pdf (const GbConclusion  *c,
                          const char          *path,
                          GError             **error)
{
  g_autoptr(GByteArray) sink = NULL;
  cairo_surface_t *surface;
  Flow f = { 0 };

  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  sink = g_byte_array_new ();
  surface = gb_file_pdf_surface_new (PAGE_W, PAGE_H, sink);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "Thông báo kết luận");
  if (c->issuer)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, c->issuer);
  f.cr = cairo_create (surface);
  f.y = MARGIN_TOP;
  f.page = 1;
  cairo_set_source_rgb (f.cr, 0, 0, 0);

  draw_header (&f, c);
  draw_title (&f, c);
  draw_body (&f, c);
  draw_signature (&f, c);

  cairo_show_page (f.cr);
  cairo_destroy (f.cr);
  return gb_file_finish_surface (surface, path, error);
}

/**
 * gb_conclusion_render_pages:
 *
 * Lays the notice out exactly as gb_conclusion_export_pdf() does, page by page, for printing.
 *
 * Returns: (transfer full) (element-type cairo_surface_t): one recording surface a page, each
 *   GB_CONCLUSION_PAGE_WIDTH × GB_CONCLUSION_PAGE_HEIGHT points (A4)
 */
GPtrArray *
gb_conclusion_render_pages (const GbConclusion *c)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  cairo_surface_t *first = new_page_surface ();
  Flow f = { 0 };

  g_return_val_if_fail (c != NULL, NULL);

  g_ptr_array_add (pages, first);
  f.pages = pages;
  f.cr = create_page_cr (first);
  f.y = MARGIN_TOP;
  f.page = 1;
  draw_header (&f, c);
  draw_title (&f, c);
  draw_body (&f, c);
  draw_signature (&f, c);
  cairo_destroy (f.cr);
  return pages;
}

/* ODT */

#define ODF_NS \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
  "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" " \
  "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" " \
  "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" " \
  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
  "office:version=\"1.2\""

static const char styles_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<office:document-styles " ODF_NS ">\n"
  "<office:font-face-decls><style:font-face style:name=\"Liberation Serif\" "
  "svg:font-family=\"&apos;Liberation Serif&apos;\" style:font-family-generic=\"roman\"/></office:font-face-decls>\n"
  "<office:styles>\n"
  "<style:default-style style:family=\"paragraph\"><style:text-properties style:font-name=\"Liberation Serif\" "
  "fo:font-size=\"14pt\" fo:language=\"vi\" fo:country=\"VN\"/></style:default-style>\n"
  "<style:style style:name=\"Standard\" style:family=\"paragraph\"><style:paragraph-properties "
  "fo:text-align=\"justify\" fo:text-indent=\"1cm\" fo:margin-bottom=\"0.2cm\" fo:line-height=\"115%\"/></style:style>\n"
  "<style:style style:name=\"GbHeading\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
  "<style:text-properties fo:font-weight=\"bold\"/></style:style>\n"
  "<style:style style:name=\"GbCenter\" style:family=\"paragraph\"><style:paragraph-properties fo:text-align=\"center\"/></style:style>\n"
  "<style:style style:name=\"GbCenterBold\" style:family=\"paragraph\" style:parent-style-name=\"GbCenter\">"
  "<style:text-properties fo:font-weight=\"bold\"/></style:style>\n"
  "<style:style style:name=\"GbParty\" style:family=\"paragraph\" style:parent-style-name=\"GbCenterBold\">"
  "<style:text-properties style:text-underline-style=\"solid\" style:text-underline-width=\"auto\" "
  "style:text-underline-color=\"font-color\"/></style:style>\n"
  "<style:style style:name=\"GbPlaceDate\" style:family=\"paragraph\" style:parent-style-name=\"GbCenter\">"
  "<style:paragraph-properties fo:margin-top=\"0.3cm\"/><style:text-properties fo:font-style=\"italic\"/></style:style>\n"
  "<style:style style:name=\"GbTitle\" style:family=\"paragraph\" style:parent-style-name=\"GbCenterBold\">"
  "<style:paragraph-properties fo:margin-top=\"0.6cm\"/><style:text-properties fo:font-size=\"15pt\"/></style:style>\n"
  "<style:style style:name=\"GbRecipientsHead\" style:family=\"paragraph\"><style:paragraph-properties fo:margin-top=\"0.4cm\"/>"
  "<style:text-properties fo:font-size=\"12pt\" fo:font-weight=\"bold\" fo:font-style=\"italic\"/></style:style>\n"
  "<style:style style:name=\"GbRecipient\" style:family=\"paragraph\"><style:text-properties fo:font-size=\"11pt\"/></style:style>\n"
  "</office:styles>\n"
  "<office:automatic-styles><style:page-layout style:name=\"GbPage\"><style:page-layout-properties "
  "fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" style:print-orientation=\"portrait\" fo:margin-top=\"2cm\" "
  "fo:margin-bottom=\"2cm\" fo:margin-left=\"3cm\" fo:margin-right=\"1.5cm\"/></style:page-layout></office:automatic-styles>\n"
  "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"GbPage\"/></office:master-styles>\n"
  "</office:document-styles>\n";

static const char manifest_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\n"
  " <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>\n"
  " <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n"
  " <manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>\n"
  " <manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>\n"
  "</manifest:manifest>\n";

static void
odt_p (GString    *s,
       const char *style,
       const char *text)
{
  g_autofree char *e = g_markup_escape_text (text ? text : "", -1);

  g_string_append_printf (s, "<text:p text:style-name=\"%s\">%s</text:p>\n", style, e);
}

static void
odt_paragraphs (GString    *s,
                const char *text)
{
  g_auto(GStrv) paras = NULL;

  if (text == NULL)
    return;
  paras = g_strsplit (text, "\n", -1);
  for (guint i = 0; paras[i] != NULL; i++)
    {
      g_strstrip (paras[i]);
      if (*paras[i] != '\0')
        odt_p (s, "Standard", paras[i]);
    }
}

static void
odt_header (GString            *s,
            const GbConclusion *c)
{
  gboolean state = gb_conclusion_is_state_form (c);
  g_autofree char *number = gb_conclusion_format_number (c);
  g_autofree char *place_date = gb_conclusion_format_place_date (c);

  /* The two-column header is a borderless table, as such documents are typeset in Writer. */
  g_string_append (s, "<table:table table:name=\"Header\" table:style-name=\"GbTable\">"
                   "<table:table-column table:style-name=\"GbColA\"/><table:table-column table:style-name=\"GbColB\"/>"
                   "<table:table-row><table:table-cell office:value-type=\"string\">\n");
  odt_p (s, "GbCenterBold", c->issuer);
  odt_p (s, "GbCenter", state ? "———" : "*");
  odt_p (s, "GbCenter", number);
  g_string_append (s, "</table:table-cell><table:table-cell office:value-type=\"string\">\n");
  if (state)
    {
      odt_p (s, "GbCenterBold", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
      odt_p (s, "GbParty", "Độc lập - Tự do - Hạnh phúc");
    }
  else
    odt_p (s, "GbParty", "ĐẢNG CỘNG SẢN VIỆT NAM");
  odt_p (s, "GbPlaceDate", place_date);
  g_string_append (s, "</table:table-cell></table:table-row></table:table>\n");
}

/* A ruled table, the header row repeated on each page as Writer does for header rows. */
static void
odt_table (GString   *s,
           GPtrArray *table,
           guint      index)
{
  guint n = g_strv_length (g_ptr_array_index (table, 0));

  g_string_append_printf (s, "<table:table table:name=\"Table%u\" table:style-name=\"GbGrid\">"
                          "<table:table-column table:style-name=\"GbGridName\"/>", index + 1);
  if (n > 1)
    g_string_append_printf (s, "<table:table-column table:style-name=\"GbGridValue\" "
                            "table:number-columns-repeated=\"%u\"/>", n - 1);
  for (guint i = 0; i < table->len; i++)
    {
      char **row = g_ptr_array_index (table, i);

      g_string_append (s, i == 0 ? "<table:table-header-rows><table:table-row>" : "<table:table-row>");
      for (guint k = 0; k < n; k++)
        {
          g_string_append (s, "<table:table-cell table:style-name=\"GbCell\" office:value-type=\"string\">");
          odt_p (s, i == 0 ? "GbCellHead" : (k == 0 ? "GbCellName" : "GbCellValue"), row[k]);
          g_string_append (s, "</table:table-cell>");
        }
      g_string_append (s, i == 0 ? "</table:table-row></table:table-header-rows>\n" : "</table:table-row>\n");
    }
  g_string_append (s, "</table:table>\n");
}

static void
odt_body (GString            *s,
          const GbConclusion *c)
{
  g_autofree char *title = c->subject_line ? g_strdup (c->subject_line) : gb_conclusion_format_title_line (c);
  g_autofree char *opening = gb_conclusion_format_opening (c);
  guint n = 0;

  odt_p (s, "GbTitle", c->document_title ? c->document_title : "THÔNG BÁO");
  odt_p (s, "GbCenterBold", title);
  odt_p (s, "GbCenter", "-----");
  odt_paragraphs (s, opening);
  for (guint i = 0; i < c->sections->len; i++)
    {
      const GbConclusionSection *sec = g_ptr_array_index (c->sections, i);
      g_autofree char *heading = NULL;

      if (gb_conclusion_section_is_empty (sec))
        continue;
      heading = g_strdup_printf ("%u. %s", ++n, sec->heading);
      odt_p (s, "GbHeading", heading);
      odt_paragraphs (s, sec->body);
      for (guint j = 0; j < sec->tasks->len; j++)
        {
          g_autofree char *t = gb_conclusion_format_task (g_ptr_array_index (sec->tasks, j));
          g_autofree char *line = g_strdup_printf ("%u.%u. %s", n, j + 1, t);

          odt_p (s, "Standard", line);
        }
      if (sec->table != NULL && sec->table->len > 0)
        odt_table (s, sec->table, i);
    }
}

static void
odt_signature (GString            *s,
               const GbConclusion *c)
{
  g_autoptr(GPtrArray) recipients = gb_conclusion_list_recipients (c);

  g_string_append (s, "<table:table table:name=\"Signature\" table:style-name=\"GbTable\">"
                   "<table:table-column table:style-name=\"GbColA\"/><table:table-column table:style-name=\"GbColB\"/>"
                   "<table:table-row><table:table-cell office:value-type=\"string\">\n");
  odt_p (s, "GbRecipientsHead", "Nơi nhận:");
  for (guint i = 0; i < recipients->len; i++)
    {
      g_autofree char *r = g_strdup_printf ("- %s", (char *) g_ptr_array_index (recipients, i));
      odt_p (s, "GbRecipient", r);
    }
  g_string_append (s, "</table:table-cell><table:table-cell office:value-type=\"string\">\n");
  odt_p (s, "GbCenterBold", c->signing_form);
  odt_p (s, "GbCenterBold", c->signer_title);
  for (int k = 0; k < 3; k++)
    odt_p (s, "GbCenter", "");
  odt_p (s, "GbCenterBold", c->signer);
  g_string_append (s, "</table:table-cell></table:table-row></table:table>\n");
}

static char *
build_content_xml (const GbConclusion *c)
{
  GString *s = g_string_new (NULL);

  g_string_append (s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content " ODF_NS ">\n"
                   "<office:automatic-styles>\n"
                   "<style:style style:name=\"GbTable\" style:family=\"table\"><style:table-properties "
                   "style:width=\"16.5cm\" table:align=\"margins\"/></style:style>\n"
                   "<style:style style:name=\"GbColA\" style:family=\"table-column\"><style:table-column-properties "
                   "style:column-width=\"7cm\"/></style:style>\n"
                   "<style:style style:name=\"GbColB\" style:family=\"table-column\"><style:table-column-properties "
                   "style:column-width=\"9.5cm\"/></style:style>\n"
                   "<style:style style:name=\"GbGrid\" style:family=\"table\"><style:table-properties "
                   "style:width=\"16.5cm\" table:align=\"margins\" fo:margin-bottom=\"0.3cm\"/></style:style>\n"
                   "<style:style style:name=\"GbGridName\" style:family=\"table-column\"><style:table-column-properties "
                   "style:rel-column-width=\"4*\"/></style:style>\n"
                   "<style:style style:name=\"GbGridValue\" style:family=\"table-column\"><style:table-column-properties "
                   "style:rel-column-width=\"1.2*\"/></style:style>\n"
                   "<style:style style:name=\"GbCell\" style:family=\"table-cell\"><style:table-cell-properties "
                   "fo:border=\"0.5pt solid #000000\" fo:padding=\"0.1cm\"/></style:style>\n"
                   "<style:style style:name=\"GbCellName\" style:family=\"paragraph\"><style:text-properties "
                   "fo:font-size=\"12pt\"/></style:style>\n"
                   "<style:style style:name=\"GbCellValue\" style:family=\"paragraph\" style:parent-style-name=\"GbCenter\">"
                   "<style:text-properties fo:font-size=\"12pt\"/></style:style>\n"
                   "<style:style style:name=\"GbCellHead\" style:family=\"paragraph\" style:parent-style-name=\"GbCenterBold\">"
                   "<style:text-properties fo:font-size=\"12pt\"/></style:style>\n"
                   "</office:automatic-styles>\n<office:body><office:text>\n");
  odt_header (s, c);
  odt_body (s, c);
  odt_signature (s, c);
  g_string_append (s, "</office:text></office:body></office:document-content>\n");
  return g_string_free (s, FALSE);
}

static gboolean
zip_add (GsfOutfile  *zip,
         const char  *name,
         const char  *data,
         gboolean     stored,
         GError     **error)
{
  g_autoptr(GsfOutput) child = gsf_outfile_new_child_full (zip, name, FALSE, "compression-level",
                                                           stored ? GSF_ZIP_STORED : GSF_ZIP_DEFLATED, NULL);

  if (child == NULL || !gsf_output_write (child, strlen (data), (const guint8 *) data) ||
      !gsf_output_close (child))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Could not add %s to the ODT package"), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_conclusion_export_odt:
 *
 * Writes an OpenDocument text package: the `mimetype` entry first and stored uncompressed (so
 * tools can sniff the type at a fixed offset), then content, styles, meta and the manifest.
 *
 * Returns: TRUE on success
 */
gboolean
gb_conclusion_export_odt (const GbConclusion  *c,
                          const char          *path,
                          GError             **error)
{
  g_autoptr(GsfOutput) sink = NULL;
  g_autoptr(GsfOutfile) zip = NULL;
  g_autoptr(GsfOutput) meta_inf = NULL;
  g_autofree char *content = build_content_xml (c);
  g_autofree char *title = gb_conclusion_format_title_line (c);
  g_autofree char *title_e = g_markup_escape_text (title, -1);
  g_autofree char *meta = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta " ODF_NS ">"
                                           "<office:meta><dc:title>Thông báo %s</dc:title><dc:language>vi-VN</dc:language>"
                                           "<meta:generator>Giao Ban</meta:generator></office:meta></office:document-meta>\n",
                                           title_e);
  gboolean ok;

  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Packed in memory, then written whole by gb_file_write(): a failed export never leaves a
   * half-written package where a good one was. */
  sink = gsf_output_memory_new ();
  zip = gsf_outfile_zip_new (sink, NULL);
  g_assert (zip != NULL);
  ok = zip_add (zip, "mimetype", "application/vnd.oasis.opendocument.text", TRUE, error) &&
       zip_add (zip, "content.xml", content, FALSE, error) &&
       zip_add (zip, "styles.xml", styles_xml, FALSE, error) &&
       zip_add (zip, "meta.xml", meta, FALSE, error);
  if (ok)
    {
      meta_inf = gsf_outfile_new_child (zip, "META-INF", TRUE);
      ok = zip_add (GSF_OUTFILE (meta_inf), "manifest.xml", manifest_xml, FALSE, error);
      gsf_output_close (meta_inf);
    }
  if (!gsf_output_close (GSF_OUTPUT (zip)) && ok)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Could not finish %s"), path);
      ok = FALSE;
    }
  gsf_output_close (sink);
  if (!ok)
    return FALSE;
  return gb_file_write (path, gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (sink)),
                        (gsize) gsf_output_size (sink), error);
}

/** gb_conclusion_export: writes PDF or ODT according to @path's extension. */
gboolean
gb_conclusion_export (const GbConclusion  *c,
                      const char          *path,
                      GError             **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_str_has_suffix (lower, ".pdf"))
    return gb_conclusion_export_pdf (c, path, error);
  if (g_str_has_suffix (lower, ".odt"))
    return gb_conclusion_export_odt (c, path, error);
  g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
               _("Cannot tell the format of %s: the name must end in .pdf or .odt"), path);
  return FALSE;
}
