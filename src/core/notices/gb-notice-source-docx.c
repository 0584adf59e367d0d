/* gb-notice-source-docx.c — a Word document's text (DOCX), its generated list numbers written out
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-notice-source-private.h"

/* ---- DOCX ------------------------------------------------------------------------------ */

typedef struct
{
  int        start;
  NumFormat  format;
  char      *text;       /* lvlText: "%1.%2." */
  gboolean   legal;      /* isLgl: every level's number in decimal */
} WLevel;

typedef struct
{
  WLevel   levels[N_LEVELS];
  int      counter[N_LEVELS];
  gboolean started[N_LEVELS];
} WNum;

typedef struct
{
  char *num_id;          /* NULL: none */
  int   ilvl;            /* -1: none */
  char *based_on;
  char *ascii;           /* the fonts its run properties name; NULL: none, "": a theme font */
  char *hansi;
} WStyle;

typedef struct
{
  const char *ns;        /* the transitional or the strict namespace */
  GHashTable *nums;      /* numId → WNum */
  GHashTable *styles;    /* styleId → WStyle */
  Sink       *sink;
  GPtrArray  *deferred;  /* text-box paragraphs, written after the paragraph holding them */
  char       *default_style;   /* the paragraph style of paragraphs that name none */
  char       *default_ascii;   /* the document's default fonts (w:docDefaults) */
  char       *default_hansi;
  const char *para_style;      /* the style of the paragraph being read */
  /* Text of runs in a legacy font (TCVN3, VNI) at the end of the paragraph being read, from
   * @legacy_from: converted when the runs in that font end, together, since a VNI vowel and
   * its mark may sit in two runs. */
  GbLegacyVnEncoding legacy;
  gboolean           legacy_capitals;
  gsize              legacy_from;
} Docx;

static void
wlevel_clear (WLevel *l)
{
  g_clear_pointer (&l->text, g_free);
}

static void
wnum_free (gpointer data)
{
  WNum *n = data;

  for (int i = 0; i < N_LEVELS; i++)
    wlevel_clear (&n->levels[i]);
  g_free (n);
}

static void
wstyle_free (gpointer data)
{
  WStyle *s = data;

  g_free (s->num_id);
  g_free (s->based_on);
  g_free (s->ascii);
  g_free (s->hansi);
  g_free (s);
}

static NumFormat
w_format (const char *v)
{
  if (v == NULL || strcmp (v, "decimal") == 0)
    return FMT_DECIMAL;
  if (strcmp (v, "decimalZero") == 0)
    return FMT_DECIMAL_ZERO;
  if (strcmp (v, "lowerLetter") == 0)
    return FMT_LOWER_LETTER;
  if (strcmp (v, "upperLetter") == 0)
    return FMT_UPPER_LETTER;
  if (strcmp (v, "lowerRoman") == 0)
    return FMT_LOWER_ROMAN;
  if (strcmp (v, "upperRoman") == 0)
    return FMT_UPPER_ROMAN;
  if (strcmp (v, "bullet") == 0)
    return FMT_BULLET;
  if (strcmp (v, "none") == 0)
    return FMT_NONE;
  /* Other formats (ordinals, Chinese counting, …): their number at least. */
  return FMT_DECIMAL;
}

static gboolean
w_on (Docx    *d,
      xmlNode *toggle)
{
  g_autofree char *v = NULL;

  if (toggle == NULL)
    return FALSE;
  v = gb_source_get_prop (toggle, d->ns, "val");
  return v == NULL || !(strcmp (v, "0") == 0 || strcmp (v, "false") == 0 || strcmp (v, "off") == 0);
}

static void
docx_read_level (Docx    *d,
                 xmlNode *lvl,
                 int      i,
                 WLevel  *l)
{
  xmlNode *c;

  wlevel_clear (l);
  l->start = (c = gb_source_first_child_el (lvl, d->ns, "start")) ? gb_source_get_int_prop (c, d->ns, "val", 1) : 1;
  {
    g_autofree char *f = (c = gb_source_first_child_el (lvl, d->ns, "numFmt")) ? gb_source_get_prop (c, d->ns, "val") : NULL;
    l->format = w_format (f);
  }
  l->text = (c = gb_source_first_child_el (lvl, d->ns, "lvlText")) ? gb_source_get_prop (c, d->ns, "val") : NULL;
  if (l->text == NULL)
    l->text = g_strdup_printf ("%%%d.", i + 1);
  l->legal = w_on (d, gb_source_first_child_el (lvl, d->ns, "isLgl"));
}

static void
docx_read_numbering (Docx    *d,
                     xmlDoc  *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autoptr(GHashTable) abstracts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (gb_source_is_el (c, d->ns, "abstractNum"))
      {
        g_autofree char *id = gb_source_get_prop (c, d->ns, "abstractNumId");
        WLevel *levels;

        if (id == NULL || g_hash_table_contains (abstracts, id))
          continue;
        levels = g_new0 (WLevel, N_LEVELS);
        for (int i = 0; i < N_LEVELS; i++)
          levels[i].start = 1;
        for (xmlNode *l = c->children; l != NULL; l = l->next)
          if (gb_source_is_el (l, d->ns, "lvl"))
            {
              int i = gb_source_get_int_prop (l, d->ns, "ilvl", -1);
              if (i >= 0 && i < N_LEVELS)
                docx_read_level (d, l, i, &levels[i]);
            }
        g_hash_table_insert (abstracts, g_steal_pointer (&id), levels);
      }
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (gb_source_is_el (c, d->ns, "num"))
      {
        g_autofree char *id = gb_source_get_prop (c, d->ns, "numId");
        xmlNode *a = gb_source_first_child_el (c, d->ns, "abstractNumId");
        g_autofree char *aid = a ? gb_source_get_prop (a, d->ns, "val") : NULL;
        WLevel *levels = aid ? g_hash_table_lookup (abstracts, aid) : NULL;
        WNum *num;

        if (id == NULL || levels == NULL)
          continue;
        num = g_new0 (WNum, 1);
        for (int i = 0; i < N_LEVELS; i++)
          {
            num->levels[i] = levels[i];
            num->levels[i].text = g_strdup (levels[i].text);
          }
        for (xmlNode *o = c->children; o != NULL; o = o->next)
          if (gb_source_is_el (o, d->ns, "lvlOverride"))
            {
              int i = gb_source_get_int_prop (o, d->ns, "ilvl", -1);
              xmlNode *so = gb_source_first_child_el (o, d->ns, "startOverride");
              xmlNode *lvl = gb_source_first_child_el (o, d->ns, "lvl");

              if (i < 0 || i >= N_LEVELS)
                continue;
              /* The override's w:lvl may lack w:ilvl: it is the override's level. */
              if (lvl != NULL)
                docx_read_level (d, lvl, i, &num->levels[i]);
              if (so != NULL)
                num->levels[i].start = gb_source_get_int_prop (so, d->ns, "val", 1);
            }
        g_hash_table_replace (d->nums, g_steal_pointer (&id), num);
      }
  {
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init (&it, abstracts);
    while (g_hash_table_iter_next (&it, NULL, &value))
      for (int i = 0; i < N_LEVELS; i++)
        wlevel_clear (&((WLevel *) value)[i]);
  }
}

static void
docx_read_num_pr (Docx     *d,
                  xmlNode  *num_pr,
                  char    **num_id,
                  int      *ilvl)
{
  xmlNode *c;

  if (num_pr == NULL)
    return;
  if ((c = gb_source_first_child_el (num_pr, d->ns, "numId")) != NULL)
    {
      g_free (*num_id);
      *num_id = gb_source_get_prop (c, d->ns, "val");
    }
  if ((c = gb_source_first_child_el (num_pr, d->ns, "ilvl")) != NULL)
    *ilvl = gb_source_get_int_prop (c, d->ns, "val", 0);
}

/* The fonts run properties name for ASCII and for the rest of Latin (where the codes of TCVN3
 * and VNI are), each unless already known: a more specific level has set it. A theme font is
 * set as "": it is the theme's Unicode font, never a legacy one. */
static void
docx_read_fonts (Docx     *d,
                 xmlNode  *rpr,
                 char    **ascii,
                 char    **hansi)
{
  xmlNode *f = gb_source_first_child_el (rpr, d->ns, "rFonts");
  static const char *const attrs[][2] = { { "ascii", "asciiTheme" }, { "hAnsi", "hAnsiTheme" } };

  if (f == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (attrs); i++)
    {
      char **font = i == 0 ? ascii : hansi;
      g_autofree char *theme = NULL;

      if (*font != NULL)
        continue;
      theme = gb_source_get_prop (f, d->ns, attrs[i][1]);
      *font = theme != NULL ? g_strdup ("") : gb_source_get_prop (f, d->ns, attrs[i][0]);
    }
}

static void
docx_read_styles (Docx   *d,
                  xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *defaults = gb_source_first_child_el (root, d->ns, "docDefaults");

  docx_read_fonts (d, gb_source_first_child_el (gb_source_first_child_el (defaults, d->ns, "rPrDefault"), d->ns, "rPr"),
                   &d->default_ascii, &d->default_hansi);
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (gb_source_is_el (c, d->ns, "style"))
      {
        g_autofree char *id = gb_source_get_prop (c, d->ns, "styleId");
        g_autofree char *type = gb_source_get_prop (c, d->ns, "type");
        g_autofree char *is_default = gb_source_get_prop (c, d->ns, "default");
        xmlNode *ppr = gb_source_first_child_el (c, d->ns, "pPr");
        xmlNode *based = gb_source_first_child_el (c, d->ns, "basedOn");
        WStyle *s;

        if (id == NULL)
          continue;
        s = g_new0 (WStyle, 1);
        s->ilvl = -1;
        docx_read_num_pr (d, gb_source_first_child_el (ppr, d->ns, "numPr"), &s->num_id, &s->ilvl);
        s->based_on = based ? gb_source_get_prop (based, d->ns, "val") : NULL;
        docx_read_fonts (d, gb_source_first_child_el (c, d->ns, "rPr"), &s->ascii, &s->hansi);
        if (g_strcmp0 (type, "paragraph") == 0 && d->default_style == NULL
            && (g_strcmp0 (is_default, "1") == 0 || g_strcmp0 (is_default, "true") == 0))
          d->default_style = g_strdup (id);
        g_hash_table_replace (d->styles, g_steal_pointer (&id), s);
      }
}

/* The fonts a style names, directly or through the styles it is based on. */
static void
docx_style_fonts (Docx        *d,
                  const char  *style_id,
                  char       **ascii,
                  char       **hansi)
{
  for (int depth = 0; style_id != NULL && depth < 16 && (*ascii == NULL || *hansi == NULL); depth++)
    {
      WStyle *s = g_hash_table_lookup (d->styles, style_id);
      if (s == NULL)
        return;
      if (*ascii == NULL && s->ascii != NULL)
        *ascii = g_strdup (s->ascii);
      if (*hansi == NULL && s->hansi != NULL)
        *hansi = g_strdup (s->hansi);
      style_id = s->based_on;
    }
}

/* The legacy encoding of a run's font, which Word takes from the run's own properties, then
 * its character style, its paragraph's style and the document's defaults. The font of the
 * non-ASCII part of Latin (hAnsi) is the one that draws TCVN3 and VNI codes. */
static GbLegacyVnEncoding
docx_run_encoding (Docx     *d,
                   xmlNode  *run,
                   gboolean *capitals)
{
  xmlNode *rpr = gb_source_first_child_el (run, d->ns, "rPr");
  xmlNode *rstyle = gb_source_first_child_el (rpr, d->ns, "rStyle");
  g_autofree char *char_style = rstyle ? gb_source_get_prop (rstyle, d->ns, "val") : NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *hansi = NULL;

  docx_read_fonts (d, rpr, &ascii, &hansi);
  docx_style_fonts (d, char_style, &ascii, &hansi);
  docx_style_fonts (d, d->para_style ? d->para_style : d->default_style, &ascii, &hansi);
  if (ascii == NULL)
    ascii = g_strdup (d->default_ascii);
  if (hansi == NULL)
    hansi = g_strdup (d->default_hansi);
  return gb_legacy_vn_font_encoding (hansi ? hansi : ascii, capitals);
}

static void
docx_flush_legacy (Docx    *d,
                   GString *para)
{
  gb_source_flush_legacy (para, d->legacy_from, &d->legacy, d->legacy_capitals);
}

/* A paragraph style may number its paragraphs (headings, "List Number"), directly or through
 * the style it is based on. */
static void
docx_style_numbering (Docx        *d,
                      const char  *style_id,
                      char       **num_id,
                      int         *ilvl)
{
  for (int depth = 0; style_id != NULL && depth < 16; depth++)
    {
      WStyle *s = g_hash_table_lookup (d->styles, style_id);
      if (s == NULL)
        return;
      if (*ilvl < 0 && s->ilvl >= 0)
        *ilvl = s->ilvl;
      if (*num_id == NULL && s->num_id != NULL)
        *num_id = g_strdup (s->num_id);
      if (*num_id != NULL && *ilvl >= 0)
        return;
      style_id = s->based_on;
    }
}

static char *
docx_label (Docx       *d,
            const char *num_id,
            int         ilvl)
{
  WNum *num = g_hash_table_lookup (d->nums, num_id);
  WLevel *l;
  GString *label;

  if (num == NULL || ilvl < 0 || ilvl >= N_LEVELS)
    return NULL;
  l = &num->levels[ilvl];
  /* Word numbers a level on from its last value and restarts the levels below it. */
  num->counter[ilvl] = num->started[ilvl] ? num->counter[ilvl] + 1 : l->start;
  num->started[ilvl] = TRUE;
  for (int k = ilvl + 1; k < N_LEVELS; k++)
    num->started[k] = FALSE;
  if (l->format == FMT_NONE)
    return NULL;
  label = g_string_new (NULL);
  for (const char *p = l->text ? l->text : ""; *p; p++)
    {
      if (p[0] == '%' && p[1] >= '1' && p[1] <= '9')
        {
          int k = p[1] - '1';
          WLevel *lk = &num->levels[k];
          int value = num->started[k] ? num->counter[k] : lk->start;
          gb_source_append_counter (label, value, l->legal ? FMT_DECIMAL : lk->format, TRUE);
          p++;
        }
      else
        g_string_append_c (label, *p);
    }
  return gb_source_normalize_label (label, l->format);
}

static void docx_block (Docx *d, xmlNode *node);

static void
docx_runs (Docx    *d,
           xmlNode *node,
           GString *para)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      /* One paragraph may not outgrow the limit of the whole text either. */
      if (para->len > GB_NOTICE_MAX_BYTES)
        {
          d->sink->too_long = TRUE;
          return;
        }
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (gb_source_is_el (c, d->ns, "t"))
        gb_source_append_text_children (para, c);
      else if (gb_source_is_el (c, d->ns, "tab") || gb_source_is_el (c, d->ns, "ptab"))
        g_string_append_c (para, '\t');
      else if (gb_source_is_el (c, d->ns, "br") || gb_source_is_el (c, d->ns, "cr"))
        g_string_append_c (para, '\n');
      else if (gb_source_is_el (c, d->ns, "noBreakHyphen"))
        g_string_append_c (para, '-');
      else if (gb_source_is_el (c, d->ns, "pPr") || gb_source_is_el (c, d->ns, "rPr") || gb_source_is_el (c, d->ns, "del")
               || gb_source_is_el (c, d->ns, "moveFrom") || gb_source_is_el (c, d->ns, "instrText")
               || gb_source_is_el (c, d->ns, "delText"))
        continue;   /* properties, deleted text and field codes are not the text */
      else if (gb_source_is_el (c, d->ns, "r") && w_on (d, gb_source_first_child_el (gb_source_first_child_el (c, d->ns, "rPr"), d->ns, "vanish")))
        continue;   /* hidden text */
      else if (gb_source_is_el (c, d->ns, "r"))
        {
          gboolean capitals = FALSE;
          GbLegacyVnEncoding enc = docx_run_encoding (d, c, &capitals);

          if (enc != d->legacy || capitals != d->legacy_capitals)
            {
              docx_flush_legacy (d, para);
              d->legacy = enc;
              d->legacy_capitals = capitals;
              d->legacy_from = para->len;
            }
          docx_runs (d, c, para);
        }
      else if (gb_source_is_el (c, d->ns, "txbxContent"))
        g_ptr_array_add (d->deferred, c);
      else if (gb_source_is_el (c, MC_NS, "AlternateContent"))
        {
          /* Choice and Fallback hold the same text box twice: take the first. */
          for (xmlNode *alt = c->children; alt != NULL; alt = alt->next)
            if (alt->type == XML_ELEMENT_NODE)
              {
                docx_runs (d, alt, para);
                break;
              }
        }
      else
        docx_runs (d, c, para);   /* w:r, w:hyperlink, w:ins, w:smartTag, w:sdt, drawings… */
    }
}

static void
docx_paragraph (Docx    *d,
                xmlNode *p)
{
  xmlNode *ppr = gb_source_first_child_el (p, d->ns, "pPr");
  g_autofree char *num_id = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GString) para = g_string_new (NULL);
  guint deferred_from = d->deferred->len;
  int ilvl = -1;
  xmlNode *ps = gb_source_first_child_el (ppr, d->ns, "pStyle");
  g_autofree char *style = ps ? gb_source_get_prop (ps, d->ns, "val") : NULL;

  docx_read_num_pr (d, gb_source_first_child_el (ppr, d->ns, "numPr"), &num_id, &ilvl);
  if (num_id == NULL || ilvl < 0)
    docx_style_numbering (d, style, &num_id, &ilvl);
  d->para_style = style;
  d->legacy = GB_LEGACY_VN_NONE;
  docx_runs (d, p, para);
  docx_flush_legacy (d, para);
  d->para_style = NULL;
  /* numId 0 switches numbering off. Word counts even empty numbered paragraphs. */
  if (num_id != NULL && strcmp (num_id, "0") != 0)
    label = docx_label (d, num_id, MAX (ilvl, 0));
  g_strstrip (para->str);
  para->len = strlen (para->str);
  if (label != NULL && para->len > 0)
    {
      g_string_prepend_c (para, ' ');
      g_string_prepend (para, label);
    }
  gb_source_sink_end_paragraph (d->sink, para);
  /* Text boxes (a seal's caption, a side note) as paragraphs of their own, after this one. */
  while (d->deferred->len > deferred_from)
    {
      xmlNode *box = g_ptr_array_steal_index (d->deferred, deferred_from);
      docx_block (d, box);
    }
}

static void
docx_block (Docx    *d,
            xmlNode *node)
{
  for (xmlNode *c = node->children; c != NULL && !d->sink->too_long; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (gb_source_is_el (c, d->ns, "p"))
        docx_paragraph (d, c);
      else if (gb_source_is_el (c, d->ns, "del") || gb_source_is_el (c, d->ns, "moveFrom") || gb_source_is_el (c, d->ns, "sectPr")
               || gb_source_is_el (c, d->ns, "tblPr") || gb_source_is_el (c, d->ns, "tblGrid") || gb_source_is_el (c, d->ns, "trPr")
               || gb_source_is_el (c, d->ns, "tcPr"))
        continue;
      else
        docx_block (d, c);   /* w:tbl, w:tr, w:tc, w:sdt, w:sdtContent, w:customXml, … */
    }
}

char *
gb_source_read_docx (GsfInfile   *zip,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(GBytes) doc_xml = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) deferred = g_ptr_array_new ();
  Sink sink = { out, FALSE };
  Docx d = { NULL, NULL, NULL, &sink, deferred, NULL, NULL, NULL, NULL, GB_LEGACY_VN_NONE, FALSE, 0 };
  xmlNode *root, *body;
  GError *local = NULL;

  doc_xml = gb_source_read_member (zip, "word/document.xml", GB_NOTICE_SOURCE_MAX_XML_BYTES, name, error);
  if (doc_xml == NULL)
    return NULL;
  if ((doc = gb_source_parse_xml (doc_xml, "word/document.xml", name, error)) == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  d.ns = (root->ns != NULL && strcmp ((const char *) root->ns->href, W_NS_STRICT) == 0) ? W_NS_STRICT : W_NS;
  body = gb_source_first_child_el (root, d.ns, "body");
  if (!gb_source_is_el (root, d.ns, "document") || body == NULL)
    {
      gb_source_set_error (error, name, GB_ERROR_PARSE, _("This is not a Word document: word/document.xml has no document body"));
      return NULL;
    }
  d.nums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wnum_free);
  d.styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wstyle_free);

  /* Numbering and styles are optional (a document without lists has none), but a damaged one
   * is an error: the items would come out without their numbers. */
  {
    static const char *const members[] = { "word/numbering.xml", "word/styles.xml" };
    for (guint i = 0; i < G_N_ELEMENTS (members) && local == NULL; i++)
      {
        g_autoptr(GBytes) xml = gb_source_read_member (zip, members[i], GB_NOTICE_SOURCE_MAX_XML_BYTES, name, &local);
        g_autoptr(xmlDoc) part = NULL;

        if (xml == NULL)
          continue;
        if ((part = gb_source_parse_xml (xml, members[i], name, &local)) == NULL)
          break;
        if (i == 0)
          docx_read_numbering (&d, part);
        else
          docx_read_styles (&d, part);
      }
  }
  if (local == NULL)
    docx_block (&d, body);
  g_hash_table_unref (d.nums);
  g_hash_table_unref (d.styles);
  g_free (d.default_style);
  g_free (d.default_ascii);
  g_free (d.default_hansi);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (sink.too_long)
    {
      gb_source_set_error (error, name, GB_ERROR_PARSE, _("The document's text is too long for a notice (more than %d bytes)"),
                           GB_NOTICE_MAX_BYTES);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
