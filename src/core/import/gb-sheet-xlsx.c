/* gb-sheet-xlsx.c — Office Open XML workbooks (Excel 2007 on): the workbook's sheets, the
 * shared strings, which styles are dates, and each sheet's cells, streamed with libxml2
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-sheet-private.h"

typedef struct
{
  GbWorkbook          *book;
  const char          *name;
  GsfInfile           *zip;
  const GbSheetLimits *limits;
  guint64              budget;
  GPtrArray           *sheet_names;   /* in the workbook's order */
  GPtrArray           *sheet_ids;     /* their relationship ids */
  GHashTable          *targets;       /* relationship id → part path */
  char                *shared_path;
  char                *styles_path;
  GPtrArray           *shared;        /* the shared strings */
  GArray              *xf_date;       /* gboolean per cell style */
  gboolean             in_cell_xfs;
} Xlsx;

static void
xlsx_clear (Xlsx *x)
{
  g_clear_pointer (&x->sheet_names, g_ptr_array_unref);
  g_clear_pointer (&x->sheet_ids, g_ptr_array_unref);
  g_clear_pointer (&x->targets, g_hash_table_unref);
  g_clear_pointer (&x->shared_path, g_free);
  g_clear_pointer (&x->styles_path, g_free);
  g_clear_pointer (&x->shared, g_ptr_array_unref);
  g_clear_pointer (&x->xf_date, g_array_unref);
}

/* Opens a part, reads it with @each called on every element, closes it. A missing part is
 * an error only when @required. */
static gboolean
read_part (Xlsx        *x,
           const char  *path,
           gboolean     required,
           gboolean   (*each) (Xlsx *x, xmlTextReaderPtr reader, gpointer data, GError **error),
           gpointer     data,
           GError     **error)
{
  GbSheetXml *xml = gb_sheet_xml_open (x->zip, path, &x->budget, x->name, error);
  xmlTextReaderPtr reader;
  GError *local_error = NULL;
  int ret;

  if (xml == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      if (required)
        g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: a damaged XLSX file (no %s)", x->name, path);
      return !required;
    }
  reader = gb_sheet_xml_reader (xml);
  while ((ret = xmlTextReaderRead (reader)) == 1)
    if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT && !each (x, reader, data, &local_error))
      break;
  return gb_sheet_xml_close (xml, ret, local_error, error);
}

static gboolean
workbook_cb (Xlsx             *x,
             xmlTextReaderPtr  reader,
             gpointer          data,
             GError          **error)
{
  if (gb_sheet_xml_is (reader, "workbookPr"))
    {
      g_autofree char *d = gb_sheet_xml_attr (reader, "date1904");

      x->book->date1904 = d != NULL && (strcmp (d, "1") == 0 || strcmp (d, "true") == 0);
    }
  else if (gb_sheet_xml_is (reader, "sheet"))
    {
      char *name = gb_sheet_xml_attr (reader, "name");
      char *id = gb_sheet_xml_attr (reader, "id");

      if (name == NULL || id == NULL)
        {
          g_free (name);
          g_free (id);
          g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: a damaged XLSX file (a sheet without a name)", x->name);
          return FALSE;
        }
      g_ptr_array_add (x->sheet_names, name);
      g_ptr_array_add (x->sheet_ids, id);
    }
  return TRUE;
}

static gboolean
rels_cb (Xlsx             *x,
         xmlTextReaderPtr  reader,
         gpointer          data,
         GError          **error)
{
  g_autofree char *id = NULL;
  g_autofree char *target = NULL;
  g_autofree char *type = NULL;
  char *path;

  if (!gb_sheet_xml_is (reader, "Relationship"))
    return TRUE;
  id = gb_sheet_xml_attr (reader, "Id");
  target = gb_sheet_xml_attr (reader, "Target");
  type = gb_sheet_xml_attr (reader, "Type");
  if (id == NULL || target == NULL)
    return TRUE;
  path = target[0] == '/' ? g_strdup (target + 1) : g_strconcat ("xl/", target, NULL);
  if (type != NULL && g_str_has_suffix (type, "/sharedStrings"))
    {
      g_free (x->shared_path);
      x->shared_path = g_strdup (path);
    }
  else if (type != NULL && g_str_has_suffix (type, "/styles"))
    {
      g_free (x->styles_path);
      x->styles_path = g_strdup (path);
    }
  g_hash_table_insert (x->targets, g_steal_pointer (&id), path);
  return TRUE;
}

/* The text of a string item (<si>, <is>): its <t> runs, without phonetic guides (<rPh>). */
static char *
rich_text (xmlTextReaderPtr reader)
{
  GString *text = g_string_new (NULL);
  int depth = xmlTextReaderDepth (reader);

  if (xmlTextReaderIsEmptyElement (reader))
    return g_string_free (text, FALSE);
  while (xmlTextReaderRead (reader) == 1)
    {
      if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (reader) == depth)
        break;
      if (gb_sheet_xml_is (reader, "rPh"))
        gb_sheet_xml_skip (reader);
      else if (gb_sheet_xml_is (reader, "t"))
        {
          g_autofree char *t = gb_sheet_xml_text (reader);

          g_string_append (text, t);
        }
    }
  return g_string_free (text, FALSE);
}

static gboolean
shared_cb (Xlsx             *x,
           xmlTextReaderPtr  reader,
           gpointer          data,
           GError          **error)
{
  if (gb_sheet_xml_is (reader, "si"))
    g_ptr_array_add (x->shared, rich_text (reader));
  return TRUE;
}

/* Whether a number format shows a date: built-in formats 14–22 and 45–47, or a custom format
 * with a day or a year in it outside quoted text and [brackets]. */
static gboolean
format_is_date (const char *code)
{
  gboolean quoted = FALSE;
  int bracket = 0;

  for (const char *p = code; *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '[')
        bracket++;
      else if (*p == ']' && bracket > 0)
        bracket--;
      else if (bracket == 0 && (*p == 'd' || *p == 'D' || *p == 'y' || *p == 'Y'))
        return TRUE;
    }
  return FALSE;
}

static gboolean
styles_cb (Xlsx             *x,
           xmlTextReaderPtr  reader,
           gpointer          data)
{
  GHashTable *custom = data;   /* numFmtId → is a date */

  if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT)
    return TRUE;
  if (gb_sheet_xml_is (reader, "numFmt"))
    {
      g_autofree char *id = gb_sheet_xml_attr (reader, "numFmtId");
      g_autofree char *code = gb_sheet_xml_attr (reader, "formatCode");

      if (id != NULL && code != NULL)
        g_hash_table_insert (custom, GINT_TO_POINTER (atoi (id)), GINT_TO_POINTER (format_is_date (code)));
    }
  else if (gb_sheet_xml_is (reader, "cellXfs"))
    x->in_cell_xfs = TRUE;
  else if (gb_sheet_xml_is (reader, "cellStyleXfs") || gb_sheet_xml_is (reader, "dxfs"))
    x->in_cell_xfs = FALSE;
  else if (x->in_cell_xfs && gb_sheet_xml_is (reader, "xf"))
    {
      g_autofree char *id_text = gb_sheet_xml_attr (reader, "numFmtId");
      int id = id_text ? atoi (id_text) : 0;
      gpointer is_custom_date;
      gboolean is_date = (id >= 14 && id <= 22) || (id >= 45 && id <= 47);

      if (g_hash_table_lookup_extended (custom, GINT_TO_POINTER (id), NULL, &is_custom_date))
        is_date = GPOINTER_TO_INT (is_custom_date);
      g_array_append_val (x->xf_date, is_date);
    }
  return TRUE;
}

static gboolean
styles_each_cb (Xlsx             *x,
                xmlTextReaderPtr  reader,
                gpointer          data,
                GError          **error)
{
  return styles_cb (x, reader, data);
}

/* "BC12" → column 54 (0-based); -1 when there are no letters. */
static int
ref_column (const char *ref)
{
  int column = 0;
  const char *p;

  for (p = ref; g_ascii_isalpha (*p) && column < 1 << 20; p++)
    column = column * 26 + (g_ascii_toupper (*p) - 'A' + 1);
  return p == ref ? -1 : column - 1;
}

/* A sheet is most of a workbook's bytes: it is read with SAX callbacks, which build no tree
 * (libxml2's reader built and freed a node per element: half the time of a large import). */
typedef enum
{
  COLLECT_NONE,
  COLLECT_VALUE,    /* <v> */
  COLLECT_INLINE,   /* <t> of an <is>, outside phonetic guides */
} Collect;

typedef struct
{
  Xlsx             *x;
  GbSheet          *sheet;
  xmlParserCtxtPtr  ctxt;
  GError           *error;
  guint             next_row;
  guint             next_column;
  gboolean          in_row;
  /* The cell being read */
  gboolean          in_cell, in_inline, in_phonetic, formula, has_value;
  Collect           collect;
  char              ref[16];
  char              type[12];
  guint             style;
  GString          *value;
  GString          *inline_text;
} SheetState;

static gboolean
emit_cell (SheetState  *s,
           GError     **error)
{
  Xlsx *x = s->x;
  const char *t = s->type[0] ? s->type : NULL;
  const char *value = s->has_value ? s->value->str : NULL;
  int column = s->ref[0] ? ref_column (s->ref) : -1;
  guint flags = s->formula ? GB_SHEET_FLAG_FORMULA : 0;

  if (column < 0)
    column = s->next_column;
  s->next_column = column + 1;
  if (t != NULL && strcmp (t, "inlineStr") == 0)
    return gb_sheet_add_cell (s->sheet, column, GB_CELL_TEXT, flags, 0, s->inline_text->str, x->name, error);
  if (value == NULL)
    return gb_sheet_add_cell (s->sheet, column, GB_CELL_EMPTY, flags, 0, NULL, x->name, error);
  if (t != NULL && strcmp (t, "s") == 0)
    {
      guint64 index;

      if (x->shared->len == 0 || !g_ascii_string_to_unsigned (value, 10, 0, x->shared->len - 1, &index, NULL))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s, sheet “%s”, cell %s: a damaged shared string",
                       x->name, gb_sheet_get_name (s->sheet), s->ref[0] ? s->ref : "?");
          return FALSE;
        }
      return gb_sheet_add_cell (s->sheet, column, GB_CELL_TEXT, flags, 0, g_ptr_array_index (x->shared, index),
                                x->name, error);
    }
  if (t != NULL && (strcmp (t, "str") == 0 || strcmp (t, "d") == 0))
    return gb_sheet_add_cell (s->sheet, column, GB_CELL_TEXT, flags | (t[0] == 'd' ? GB_SHEET_FLAG_DATE : 0), 0, value,
                              x->name, error);
  if (t != NULL && strcmp (t, "e") == 0)
    return gb_sheet_add_cell (s->sheet, column, GB_CELL_ERROR, flags, 0, value, x->name, error);
  if (t != NULL && strcmp (t, "b") == 0)
    return gb_sheet_add_cell (s->sheet, column, GB_CELL_BOOL, flags, atoi (value) != 0, NULL, x->name, error);
  if (s->style < x->xf_date->len && g_array_index (x->xf_date, gboolean, s->style))
    flags |= GB_SHEET_FLAG_DATE;
  return gb_sheet_add_cell (s->sheet, column, GB_CELL_NUMBER, flags, g_ascii_strtod (value, NULL), NULL, x->name, error);
}

static void
stop (SheetState *s)
{
  xmlStopParser (s->ctxt);
}

/* An attribute's value as SAX2 gives it (start and end, not NUL-terminated) into @buf. */
static void
attr_copy (const xmlChar **attributes,
           int             i,
           char           *buf,
           gsize           size)
{
  gsize len = MIN ((gsize) (attributes[i * 5 + 4] - attributes[i * 5 + 3]), size - 1);

  memcpy (buf, attributes[i * 5 + 3], len);
  buf[len] = '\0';
}

static void
sax_start (void           *ctx,
           const xmlChar  *localname,
           const xmlChar  *prefix,
           const xmlChar  *uri,
           int             nb_namespaces,
           const xmlChar **namespaces,
           int             nb_attributes,
           int             nb_defaulted,
           const xmlChar **attributes)
{
  SheetState *s = ctx;
  const char *name = (const char *) localname;
  char buf[16];

  if (s->error != NULL)
    return;
  if (strcmp (name, "row") == 0)
    {
      guint64 number = s->next_row;

      for (int i = 0; i < nb_attributes; i++)
        if (strcmp ((const char *) attributes[i * 5], "r") == 0)
          {
            attr_copy (attributes, i, buf, sizeof buf);
            if (!g_ascii_string_to_unsigned (buf, 10, 1, G_MAXUINT32, &number, NULL))
              number = s->next_row;
          }
      s->next_row = number + 1;
      s->next_column = 0;
      s->in_row = TRUE;
      if (!gb_sheet_begin_row (s->sheet, number, s->x->name, &s->error))
        stop (s);
    }
  else if (strcmp (name, "c") == 0 && s->in_row)
    {
      s->in_cell = TRUE;
      s->in_inline = s->in_phonetic = s->formula = s->has_value = FALSE;
      s->ref[0] = s->type[0] = '\0';
      s->style = 0;
      g_string_truncate (s->value, 0);
      g_string_truncate (s->inline_text, 0);
      for (int i = 0; i < nb_attributes; i++)
        {
          const char *a = (const char *) attributes[i * 5];

          if (strcmp (a, "r") == 0)
            attr_copy (attributes, i, s->ref, sizeof s->ref);
          else if (strcmp (a, "t") == 0)
            attr_copy (attributes, i, s->type, sizeof s->type);
          else if (strcmp (a, "s") == 0)
            {
              attr_copy (attributes, i, buf, sizeof buf);
              s->style = (guint) atoi (buf);
            }
        }
    }
  else if (!s->in_cell)
    return;
  else if (strcmp (name, "f") == 0)
    s->formula = TRUE;
  else if (strcmp (name, "v") == 0)
    s->collect = COLLECT_VALUE;
  else if (strcmp (name, "is") == 0)
    s->in_inline = TRUE;
  else if (strcmp (name, "rPh") == 0)
    s->in_phonetic = TRUE;
  else if (strcmp (name, "t") == 0 && s->in_inline && !s->in_phonetic)
    s->collect = COLLECT_INLINE;
}

static void
sax_end (void          *ctx,
         const xmlChar *localname,
         const xmlChar *prefix,
         const xmlChar *uri)
{
  SheetState *s = ctx;
  const char *name = (const char *) localname;

  if (s->error != NULL || !s->in_cell)
    return;
  if (strcmp (name, "v") == 0)
    {
      s->collect = COLLECT_NONE;
      s->has_value = TRUE;
    }
  else if (strcmp (name, "t") == 0)
    s->collect = COLLECT_NONE;
  else if (strcmp (name, "rPh") == 0)
    s->in_phonetic = FALSE;
  else if (strcmp (name, "c") == 0)
    {
      s->in_cell = FALSE;
      s->collect = COLLECT_NONE;
      if (!emit_cell (s, &s->error))
        stop (s);
    }
}

static void
sax_characters (void          *ctx,
                const xmlChar *text,
                int            len)
{
  SheetState *s = ctx;

  if (s->collect == COLLECT_VALUE)
    g_string_append_len (s->value, (const char *) text, len);
  else if (s->collect == COLLECT_INLINE)
    g_string_append_len (s->inline_text, (const char *) text, len);
}

/* Feeds the sheet's XML to the SAX callbacks in pieces, within the workbook's byte budget. */
static gboolean
read_sheet (Xlsx        *x,
            const char  *path,
            SheetState  *s,
            GError     **error)
{
  g_autoptr(GsfInput) input = gb_sheet_zip_child (x->zip, path);
  xmlSAXHandler sax = { 0 };
  guint8 buf[64 * 1024];
  gboolean over_budget = FALSE, well_formed;

  if (input == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: a damaged XLSX file (no %s)", x->name, path);
      return FALSE;
    }
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = sax_start;
  sax.endElementNs = sax_end;
  sax.characters = sax_characters;
  s->ctxt = xmlCreatePushParserCtxt (&sax, s, NULL, 0, path);
  /* No network, no entity substitution, no DTD loading: a workbook is data, not a program. */
  xmlCtxtUseOptions (s->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  while (s->error == NULL && !s->ctxt->disableSAX)
    {
      gsize n = MIN ((gsize) MAX (gsf_input_remaining (input), 0), sizeof buf);

      if (n > x->budget)
        {
          over_budget = TRUE;
          break;
        }
      if (n == 0 || gsf_input_read (input, n, buf) == NULL)
        break;
      x->budget -= n;
      if (xmlParseChunk (s->ctxt, (const char *) buf, (int) n, 0) != 0)
        break;
    }
  if (s->error == NULL && !over_budget)
    xmlParseChunk (s->ctxt, NULL, 0, 1);
  well_formed = s->ctxt->wellFormed;
  xmlFreeParserCtxt (s->ctxt);
  s->ctxt = NULL;
  if (s->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&s->error));
      return FALSE;
    }
  if (over_budget || !well_formed)
    {
      gb_sheet_xml_set_error (x->name, path, over_budget, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
gb_sheet_read_xlsx (GbWorkbook          *book,
                    const char          *name,
                    GsfInfile           *zip,
                    const GbSheetLimits *limits,
                    GError             **error)
{
  Xlsx x = { book, name, zip, limits, limits->max_bytes };
  g_autoptr(GHashTable) custom = g_hash_table_new (NULL, NULL);
  gboolean ok;

  x.sheet_names = g_ptr_array_new_with_free_func (g_free);
  x.sheet_ids = g_ptr_array_new_with_free_func (g_free);
  x.targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  x.shared = g_ptr_array_new_with_free_func (g_free);
  x.xf_date = g_array_new (FALSE, FALSE, sizeof (gboolean));
  ok = read_part (&x, "xl/workbook.xml", TRUE, workbook_cb, NULL, error) &&
       read_part (&x, "xl/_rels/workbook.xml.rels", TRUE, rels_cb, NULL, error) &&
       read_part (&x, x.shared_path ? x.shared_path : "xl/sharedStrings.xml", FALSE, shared_cb, NULL, error) &&
       read_part (&x, x.styles_path ? x.styles_path : "xl/styles.xml", FALSE, styles_each_cb, custom, error);
  for (guint i = 0; ok && i < x.sheet_names->len; i++)
    {
      const char *target = g_hash_table_lookup (x.targets, g_ptr_array_index (x.sheet_ids, i));
      SheetState s = { &x };

      if (target == NULL)
        continue;   /* a chart sheet or a damaged link: no cells to read */
      s.sheet = gb_sheet_new (g_ptr_array_index (x.sheet_names, i), limits);
      s.next_row = 1;
      s.value = g_string_new (NULL);
      s.inline_text = g_string_new (NULL);
      g_ptr_array_add (book->sheets, s.sheet);
      ok = read_sheet (&x, target, &s, error);
      g_string_free (s.value, TRUE);
      g_string_free (s.inline_text, TRUE);
    }
  xlsx_clear (&x);
  return ok;
}
