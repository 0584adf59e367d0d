/* gb-test-workbook.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gsf/gsf.h>
#include <string.h>

#include "gb-test-workbook.h"

struct _GbTestWorkbook
{
  GPtrArray *names;
  GPtrArray *sheets;
};

GbTestWorkbook *
gb_test_workbook_new (void)
{
  GbTestWorkbook *book = g_new0 (GbTestWorkbook, 1);

  book->names = g_ptr_array_new_with_free_func (g_free);
  book->sheets = g_ptr_array_new_with_free_func (g_free);
  return book;
}

void
gb_test_workbook_add_sheet (GbTestWorkbook *book,
                            const char     *name,
                            const char     *cells)
{
  g_ptr_array_add (book->names, g_strdup (name));
  g_ptr_array_add (book->sheets, g_strdup (cells));
}

void
gb_test_workbook_free (GbTestWorkbook *book)
{
  g_ptr_array_unref (book->names);
  g_ptr_array_unref (book->sheets);
  g_free (book);
}

static void
put (GsfOutfile *dir,
     const char *path,
     const char *text,
     gssize      len,
     gboolean    stored)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  GsfOutfile *parent = g_object_ref (dir);
  GsfOutput *child;

  for (guint i = 0; parts[i + 1] != NULL; i++)
    {
      GsfOutput *sub = gsf_outfile_new_child (parent, parts[i], TRUE);

      g_object_unref (parent);
      parent = GSF_OUTFILE (sub);
    }
  if (stored)
    child = gsf_outfile_new_child_full (parent, parts[g_strv_length (parts) - 1], FALSE, "compression-level", 0, NULL);
  else
    child = gsf_outfile_new_child (parent, parts[g_strv_length (parts) - 1], FALSE);
  g_assert_true (gsf_output_write (child, len < 0 ? strlen (text) : (gsize) len, (const guint8 *) text));
  g_assert_true (gsf_output_close (child));
  g_object_unref (child);
  if (parent != dir)
    g_assert_true (gsf_output_close (GSF_OUTPUT (parent)));
  g_object_unref (parent);
}

static GBytes *
finish (GsfOutput  *memory,
        GsfOutfile *zip)
{
  GBytes *bytes;

  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  g_object_unref (zip);
  bytes = g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (memory)), gsf_output_size (memory));
  g_object_unref (memory);
  return bytes;
}

GBytes *
gb_test_zip (const char * const *paths,
             const char * const *contents,
             const gsize        *lengths)
{
  GsfOutput *memory = gsf_output_memory_new ();
  GsfOutfile *zip = gsf_outfile_zip_new (memory, NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    put (zip, paths[i], contents[i], lengths ? lengths[i] : strlen (contents[i]), FALSE);
  return finish (memory, zip);
}

static void
escape (GString    *out,
        const char *text)
{
  g_autofree char *e = g_markup_escape_text (text, -1);

  g_string_append (out, e);
}

static char *
column_letter (guint c)
{
  return c < 26 ? g_strdup_printf ("%c", 'A' + c) : g_strdup_printf ("%c%c", 'A' + c / 26 - 1, 'A' + c % 26);
}

static char *
xlsx_sheet (const char *cells,
            GPtrArray  *shared)
{
  GString *x = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                             "<sheetData>");
  g_auto(GStrv) rows = g_strsplit (cells, "\n", -1);

  for (guint r = 0; rows[r] != NULL; r++)
    {
      g_auto(GStrv) row = g_strsplit (rows[r], "\t", -1);

      if (*rows[r] == '\0' && rows[r + 1] == NULL)
        break;
      g_string_append_printf (x, "<row r=\"%u\">", r + 1);
      for (guint c = 0; row[c] != NULL; c++)
        {
          const char *v = row[c];
          g_autofree char *letter = column_letter (c);
          g_autofree char *ref = g_strdup_printf ("%s%u", letter, r + 1);

          if (*v == '\0')
            continue;
          if (v[0] == '#')
            g_string_append_printf (x, "<c r=\"%s\"><v>%s</v></c>", ref, v + 1);
          else if (v[0] == '@')
            g_string_append_printf (x, "<c r=\"%s\" s=\"1\"><v>%s</v></c>", ref, v + 1);
          else if (v[0] == '=')
            {
              const char *bar = strchr (v, '|');
              g_autofree char *f = g_strndup (v + 1, bar ? (gsize) (bar - v - 1) : strlen (v + 1));

              g_string_append_printf (x, "<c r=\"%s\"><f>", ref);
              escape (x, f);
              g_string_append (x, "</f>");
              if (bar)
                g_string_append_printf (x, "<v>%s</v>", bar + 1);
              g_string_append (x, "</c>");
            }
          else if (v[0] == '~')
            {
              g_string_append_printf (x, "<c r=\"%s\" t=\"inlineStr\"><is><t>", ref);
              escape (x, v + 1);
              g_string_append (x, "</t></is></c>");
            }
          else if (v[0] == '!')
            g_string_append_printf (x, "<c r=\"%s\" t=\"e\"><v>%s</v></c>", ref, v + 1);
          else
            {
              g_string_append_printf (x, "<c r=\"%s\" t=\"s\"><v>%u</v></c>", ref, shared->len);
              g_ptr_array_add (shared, g_strdup (v));
            }
        }
      g_string_append (x, "</row>");
    }
  g_string_append (x, "</sheetData></worksheet>");
  return g_string_free (x, FALSE);
}

GBytes *
gb_test_workbook_xlsx (GbTestWorkbook *book)
{
  GsfOutput *memory = gsf_output_memory_new ();
  GsfOutfile *zip = gsf_outfile_zip_new (memory, NULL);
  g_autoptr(GPtrArray) shared = g_ptr_array_new_with_free_func (g_free);
  GString *wb = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                              "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                              "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                              "<workbookPr/><sheets>");
  GString *rels = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                                "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                                "<Relationship Id=\"rIdT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
  GString *sst = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                               "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");

  put (zip, "[Content_Types].xml",
       "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>", -1, FALSE);
  for (guint i = 0; i < book->sheets->len; i++)
    {
      g_autofree char *xml = xlsx_sheet (g_ptr_array_index (book->sheets, i), shared);
      g_autofree char *path = g_strdup_printf ("xl/worksheets/sheet%u.xml", i + 1);

      g_string_append (wb, "<sheet name=\"");
      escape (wb, g_ptr_array_index (book->names, i));
      g_string_append_printf (wb, "\" sheetId=\"%u\" r:id=\"rId%u\"/>", i + 1, i + 1);
      g_string_append_printf (rels, "<Relationship Id=\"rId%u\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
                              "2006/relationships/worksheet\" Target=\"worksheets/sheet%u.xml\"/>", i + 1, i + 1);
      put (zip, path, xml, -1, FALSE);
    }
  g_string_append (wb, "</sheets></workbook>");
  g_string_append (rels, "</Relationships>");
  for (guint i = 0; i < shared->len; i++)
    {
      const char *s = g_ptr_array_index (shared, i);

      /* Every other string as rich text runs with a phonetic guide, as Excel may write it. */
      if (i % 2 == 0)
        {
          g_string_append (sst, "<si><t xml:space=\"preserve\">");
          escape (sst, s);
          g_string_append (sst, "</t></si>");
        }
      else
        {
          const char *half = g_utf8_offset_to_pointer (s, g_utf8_strlen (s, -1) / 2);
          g_autofree char *a = g_strndup (s, half - s);

          g_string_append (sst, "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">");
          escape (sst, a);
          g_string_append (sst, "</t></r><r><t xml:space=\"preserve\">");
          escape (sst, half);
          g_string_append (sst, "</t></r><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>");
        }
    }
  g_string_append (sst, "</sst>");
  put (zip, "xl/workbook.xml", wb->str, wb->len, FALSE);
  put (zip, "xl/_rels/workbook.xml.rels", rels->str, rels->len, FALSE);
  put (zip, "xl/sharedStrings.xml", sst->str, sst->len, FALSE);
  put (zip, "xl/styles.xml",
       "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
       "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
       "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>",
       -1, FALSE);
  g_string_free (wb, TRUE);
  g_string_free (rels, TRUE);
  g_string_free (sst, TRUE);
  return finish (memory, zip);
}

/* Serial day → ISO, for ODS date cells (1900 system, serials after February 1900). */
static char *
serial_iso (const char *serial)
{
  g_autoptr(GDate) date = g_date_new_dmy (30, 12, 1899);

  g_date_add_days (date, (guint) g_ascii_strtoull (serial, NULL, 10));
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static void
ods_cell (GString    *x,
          const char *v)
{
  if (*v == '\0')
    g_string_append (x, "<table:table-cell/>");
  else if (v[0] == '#')
    g_string_append_printf (x, "<table:table-cell office:value-type=\"float\" office:value=\"%s\"><text:p>%s</text:p>"
                            "</table:table-cell>", v + 1, v + 1);
  else if (v[0] == '@')
    {
      g_autofree char *iso = serial_iso (v + 1);

      g_string_append_printf (x, "<table:table-cell office:value-type=\"date\" office:date-value=\"%s\">"
                              "<text:p>%s</text:p></table:table-cell>", iso, iso);
    }
  else if (v[0] == '=')
    {
      const char *bar = strchr (v, '|');
      g_autofree char *f = g_strndup (v + 1, bar ? (gsize) (bar - v - 1) : strlen (v + 1));

      g_string_append (x, "<table:table-cell table:formula=\"of:=");
      escape (x, f);
      if (bar)
        g_string_append_printf (x, "\" office:value-type=\"float\" office:value=\"%s\"><text:p>%s</text:p>"
                                "</table:table-cell>", bar + 1, bar + 1);
      else
        g_string_append (x, "\"/>");
    }
  else
    {
      const char *t = v[0] == '~' || v[0] == '!' ? v + 1 : v;
      const char *space = strchr (t, ' ');

      /* A space as ODF may write one (<text:s/>), and a comment that is not the cell's text. */
      g_string_append (x, "<table:table-cell office:value-type=\"string\"><text:p>");
      if (space)
        {
          g_autofree char *head = g_strndup (t, space - t);

          escape (x, head);
          g_string_append (x, "<text:s/>");
          escape (x, space + 1);
        }
      else
        escape (x, t);
      g_string_append (x, "</text:p><office:annotation><text:p>NOTE</text:p></office:annotation></table:table-cell>");
    }
}

GBytes *
gb_test_workbook_ods (GbTestWorkbook *book)
{
  GsfOutput *memory = gsf_output_memory_new ();
  GsfOutfile *zip = gsf_outfile_zip_new (memory, NULL);
  GString *x = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                             "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                             "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
                             "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                             "<office:body><office:spreadsheet>");

  put (zip, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", -1, TRUE);
  for (guint i = 0; i < book->sheets->len; i++)
    {
      g_auto(GStrv) rows = g_strsplit (g_ptr_array_index (book->sheets, i), "\n", -1);

      g_string_append (x, "<table:table table:name=\"");
      escape (x, g_ptr_array_index (book->names, i));
      g_string_append (x, "\"><table:table-column table:number-columns-repeated=\"1024\"/>");
      for (guint r = 0; rows[r] != NULL; r++)
        {
          g_auto(GStrv) row = g_strsplit (rows[r], "\t", -1);

          if (*rows[r] == '\0' && rows[r + 1] == NULL)
            break;
          g_string_append (x, "<table:table-row>");
          for (guint c = 0; row[c] != NULL; c++)
            ods_cell (x, row[c]);
          /* The rest of the row, as LibreOffice writes it. */
          g_string_append (x, "<table:table-cell table:number-columns-repeated=\"16000\"/></table:table-row>");
        }
      /* …and the rest of the sheet: a million empty rows in one element. */
      g_string_append (x, "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell "
                          "table:number-columns-repeated=\"16384\"/></table:table-row></table:table>");
    }
  g_string_append (x, "</office:spreadsheet></office:body></office:document-content>");
  put (zip, "content.xml", x->str, x->len, FALSE);
  put (zip, "META-INF/manifest.xml", "<?xml version=\"1.0\"?><manifest:manifest "
       "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>", -1, FALSE);
  g_string_free (x, TRUE);
  return finish (memory, zip);
}

/* BIFF8 records. */
static void
record (GByteArray   *out,
        guint16       type,
        const guint8 *data,
        guint16       len)
{
  guint8 head[4] = { type & 0xff, type >> 8, len & 0xff, len >> 8 };

  g_byte_array_append (out, head, 4);
  if (len)
    g_byte_array_append (out, data, len);
}

static void
put16 (GByteArray *b,
       guint16     v)
{
  guint8 d[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (b, d, 2);
}

static void
put32 (GByteArray *b,
       guint32     v)
{
  put16 (b, v & 0xffff);
  put16 (b, v >> 16);
}

/* A string as BIFF8 keeps it: UTF-16LE, flag 1. */
static void
put_string (GByteArray *b,
            const char *text,
            gboolean    short_length)
{
  glong n = 0;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);
  guint8 flag = 1, len8 = n;

  if (short_length)
    g_byte_array_append (b, &len8, 1);
  else
    put16 (b, n);
  g_byte_array_append (b, &flag, 1);
  for (glong i = 0; i < n; i++)
    put16 (b, utf16[i]);
}

static void
bof (GByteArray *out,
     guint16     kind)
{
  g_autoptr(GByteArray) d = g_byte_array_new ();

  put16 (d, 0x0600);
  put16 (d, kind);
  put16 (d, 0x0DBB);
  put16 (d, 0x07CC);
  put32 (d, 0);
  put32 (d, 0x06);
  record (out, 0x0809, d->data, d->len);
}

static guint32
string_index (GPtrArray  *strings,
              const char *text)
{
  for (guint i = 0; i < strings->len; i++)
    if (strcmp (g_ptr_array_index (strings, i), text) == 0)
      return i;
  g_ptr_array_add (strings, g_strdup (text));
  return strings->len - 1;
}

/* One sheet's records: DIMENSIONS, then NUMBER and LABELSST cells, EOF. */
static void
xls_sheet (GByteArray *out,
           const char *cells,
           GPtrArray  *strings)
{
  g_auto(GStrv) rows = g_strsplit (cells, "\n", -1);
  g_autoptr(GByteArray) dim = g_byte_array_new ();
  guint n_rows = 0, n_cols = 1;

  bof (out, 0x0010);
  for (guint r = 0; rows[r] != NULL; r++)
    {
      g_auto(GStrv) row = g_strsplit (rows[r], "\t", -1);

      n_cols = MAX (n_cols, g_strv_length (row));
      if (*rows[r] != '\0')
        n_rows = r + 1;
    }
  put32 (dim, 0);
  put32 (dim, n_rows);
  put16 (dim, 0);
  put16 (dim, n_cols);
  put16 (dim, 0);
  record (out, 0x0200, dim->data, dim->len);
  for (guint r = 0; rows[r] != NULL; r++)
    {
      g_auto(GStrv) row = g_strsplit (rows[r], "\t", -1);

      for (guint c = 0; row[c] != NULL; c++)
        {
          g_autoptr(GByteArray) d = g_byte_array_new ();

          if (*row[c] == '\0')
            continue;
          put16 (d, r);
          put16 (d, c);
          put16 (d, 15);   /* the default cell format */
          if (row[c][0] == '#')
            {
              double v = g_ascii_strtod (row[c] + 1, NULL);

              g_byte_array_append (d, (const guint8 *) &v, 8);
              record (out, 0x0203, d->data, d->len);
            }
          else
            {
              put32 (d, string_index (strings, row[c]));
              record (out, 0x00FD, d->data, d->len);
            }
        }
    }
  record (out, 0x000A, NULL, 0);
}

/* The workbook globals: BOF, CODEPAGE (UTF-16), 16 XF, a BOUNDSHEET per sheet, SST, EOF. */
static void
xls_globals (GByteArray     *out,
             GbTestWorkbook *book,
             GPtrArray      *strings,
             GArray         *offsets,
             guint32         base)
{
  g_autoptr(GByteArray) sst = g_byte_array_new ();

  bof (out, 0x0005);
  record (out, 0x0042, (const guint8 *) "\xB0\x04", 2);
  for (guint i = 0; i < 16; i++)
    {
      guint8 xf[20] = { 0 };

      xf[4] = i < 15 ? 0xF5 : 0x01;   /* style XFs, then one cell XF */
      xf[5] = i < 15 ? 0xFF : 0x00;
      record (out, 0x00E0, xf, sizeof xf);
    }
  for (guint i = 0; i < book->sheets->len; i++)
    {
      g_autoptr(GByteArray) d = g_byte_array_new ();

      put32 (d, base + g_array_index (offsets, guint32, i));
      put16 (d, 0);
      put_string (d, g_ptr_array_index (book->names, i), TRUE);
      record (out, 0x0085, d->data, d->len);
    }
  put32 (sst, strings->len);
  put32 (sst, strings->len);
  for (guint i = 0; i < strings->len; i++)
    put_string (sst, g_ptr_array_index (strings, i), FALSE);
  g_assert_cmpuint (sst->len, <, 8224);
  record (out, 0x00FC, sst->data, sst->len);
  record (out, 0x000A, NULL, 0);
}

GBytes *
gb_test_workbook_xls (GbTestWorkbook *book)
{
  g_autoptr(GByteArray) globals = g_byte_array_new ();
  g_autoptr(GByteArray) sheets = g_byte_array_new ();
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  GsfOutput *memory = gsf_output_memory_new ();
  GsfOutfile *ole = gsf_outfile_msole_new (memory);
  GsfOutput *stream;
  GBytes *bytes;

  for (guint i = 0; i < book->sheets->len; i++)
    {
      g_array_append_val (offsets, sheets->len);
      xls_sheet (sheets, g_ptr_array_index (book->sheets, i), strings);
    }
  /* The globals' length does not depend on the offsets in them: measure, then write. */
  xls_globals (globals, book, strings, offsets, 0);
  {
    guint32 base = globals->len;

    g_byte_array_set_size (globals, 0);
    xls_globals (globals, book, strings, offsets, base);
  }
  g_byte_array_append (globals, sheets->data, sheets->len);
  stream = gsf_outfile_new_child (ole, "Workbook", FALSE);
  g_assert_true (gsf_output_write (stream, globals->len, globals->data));
  g_assert_true (gsf_output_close (stream));
  g_object_unref (stream);
  g_assert_true (gsf_output_close (GSF_OUTPUT (ole)));
  g_object_unref (ole);
  bytes = g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (memory)), gsf_output_size (memory));
  g_object_unref (memory);
  return bytes;
}
