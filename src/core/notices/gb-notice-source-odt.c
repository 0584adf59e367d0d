/* gb-notice-source.c — a notice's text out of the file it came in: text, PDF, DOCX or ODT
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Notices reach a committee as whatever the sender had: a PDF printed from Word, the DOCX
 * itself, an ODT from LibreOffice, or text pasted into a file. The format is told by content,
 * never by extension (mail clients and chat apps rename attachments). The text that comes out
 * is what gb_notice_parse() reads, so list numbers that Word or LibreOffice generate are written
 * out as a person would have typed them ("1.", "3.2.", "a)", "-"): the parser then finds items
 * in a DOCX exactly as in the same notice typed as text. Many notices are still typed in the
 * legacy font encodings TCVN3 and VNI, which gb-legacy-vn.c turns into Unicode.
 *
 * Every input here may be hostile (a file dropped from a chat): sizes are bounded before
 * anything is inflated or parsed, XML never reaches the network or expands entities, and a
 * damaged file gives an error, never a crash.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "gb-error.h"
#include "gb-legacy-vn.h"
#include "gb-text.h"
#include "gb-notice-parser.h"
#include "gb-notice-source.h"

/* Neither libgsf 1.14 nor poppler-glib 22.12 declares autoptr cleanups; all are GObjects. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

#define W_NS        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS       "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define OFFICE_NS   "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define TEXT_NS     "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define STYLE_NS    "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define DRAW_NS     "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define FO_NS       "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define SVG_NS      "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"

#define N_LEVELS 10

static void set_error (GError    **error,
                       const char *name,
                       int         code,
                       const char *format,
                       ...) G_GNUC_PRINTF (4, 5);

/* Messages start with the file's name, as gb_notice_parse_file() always did for its errors:
 * the CLI and the app show them as they are. */
static void
set_error (GError    **error,
           const char *name,
           int         code,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (name != NULL)
    g_set_error (error, GB_ERROR, code, "%s: %s", name, msg);
  else
    g_set_error_literal (error, GB_ERROR, code, msg);
}

/* ---- output ---------------------------------------------------------------------------- */

typedef struct
{
  GString  *out;
  gboolean  too_long;
} Sink;

/* Stops growing past the parser's limit: a few bytes of XML (<text:s text:c="…"/>, a deep
 * list) must not turn into gigabytes of text. */
static void
sink_append_len (Sink       *sink,
                 const char *s,
                 gssize      len)
{
  if (sink->too_long)
    return;
  if (len < 0)
    len = strlen (s);
  if (sink->out->len + len > GB_NOTICE_MAX_BYTES)
    {
      sink->too_long = TRUE;
      return;
    }
  g_string_append_len (sink->out, s, len);
}

static void
sink_append (Sink       *sink,
             const char *s)
{
  sink_append_len (sink, s, -1);
}

/* Ends a paragraph with a blank line: in a document each paragraph is one, while the parser
 * would join lines that are not separated by one (it has to, for hard-wrapped text). */
static void
sink_end_paragraph (Sink    *sink,
                    GString *para)
{
  g_strstrip (para->str);
  para->len = strlen (para->str);
  if (para->len == 0)
    return;
  sink_append_len (sink, para->str, para->len);
  sink_append (sink, "\n\n");
}

/* ---- list labels ----------------------------------------------------------------------- */

typedef enum
{
  FMT_DECIMAL,
  FMT_DECIMAL_ZERO,
  FMT_LOWER_LETTER,
  FMT_UPPER_LETTER,
  FMT_LOWER_ROMAN,
  FMT_UPPER_ROMAN,
  FMT_BULLET,
  FMT_NONE,
} NumFormat;

static void
append_roman (GString *s,
              int      n,
              gboolean upper)
{
  static const struct { int v; const char *r; } table[] = {
    { 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" }, { 90, "xc" },
    { 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
  };
  gsize from = s->len;

  if (n <= 0 || n >= 4000)
    {
      g_string_append_printf (s, "%d", n);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    while (n >= table[i].v)
      {
        g_string_append (s, table[i].r);
        n -= table[i].v;
      }
  if (upper)
    for (gsize i = from; i < s->len; i++)
      s->str[i] = g_ascii_toupper (s->str[i]);
}

/* Letters past "z": Word repeats the letter ("aa", "bb"); ODF counts like spreadsheet columns
 * ("aa", "ab") unless style:num-letter-sync asks for Word's way. */
static void
append_letters (GString *s,
                int      n,
                gboolean upper,
                gboolean sync)
{
  char base = upper ? 'A' : 'a';

  if (n <= 0)
    {
      g_string_append_printf (s, "%d", n);
      return;
    }
  if (sync)
    {
      int times = MIN ((n - 1) / 26 + 1, 8);
      for (int i = 0; i < times; i++)
        g_string_append_c (s, base + (n - 1) % 26);
    }
  else
    {
      char buf[16];
      int i = sizeof buf;
      while (n > 0 && i > 0)
        {
          n--;
          buf[--i] = base + n % 26;
          n /= 26;
        }
      g_string_append_len (s, buf + i, sizeof buf - i);
    }
}

static void
append_counter (GString   *s,
                int        n,
                NumFormat  fmt,
                gboolean   letter_sync)
{
  switch (fmt)
    {
    case FMT_DECIMAL_ZERO:
      g_string_append_printf (s, "%02d", n);
      break;
    case FMT_LOWER_LETTER:
    case FMT_UPPER_LETTER:
      append_letters (s, n, fmt == FMT_UPPER_LETTER, letter_sync);
      break;
    case FMT_LOWER_ROMAN:
    case FMT_UPPER_ROMAN:
      append_roman (s, n, fmt == FMT_UPPER_ROMAN);
      break;
    case FMT_BULLET:
    case FMT_NONE:
      break;
    case FMT_DECIMAL:
    default:
      g_string_append_printf (s, "%d", n);
      break;
    }
}

/* Makes a generated label read as the parser reads typed markers. "b." becomes "b)", the way
 * Vietnamese notices type letter items and the only letter form the parser takes for an item
 * (a typed "b." is too often an initial). A bare "2" or "2.1" gets its final dot: typed, a bare
 * number may be a wrapped quantity, but a generated label is a list number for sure. */
static char *
normalize_label (GString   *label,
                 NumFormat  own_format)
{
  gsize n = label->len;

  g_strstrip (label->str);
  label->len = n = strlen (label->str);
  if (n == 0)
    {
      g_string_free (label, TRUE);
      return NULL;
    }
  if (own_format == FMT_BULLET)
    {
      g_string_assign (label, "-");
      return g_string_free (label, FALSE);
    }
  if (own_format == FMT_LOWER_LETTER && g_ascii_islower (label->str[0])
      && (n == 1 || (n == 2 && label->str[1] == '.')))
    {
      g_string_truncate (label, 1);
      g_string_append_c (label, ')');
      return g_string_free (label, FALSE);
    }
  if (strspn (label->str, "0123456789.") == n && g_ascii_isdigit (label->str[n - 1]))
    g_string_append_c (label, '.');
  return g_string_free (label, FALSE);
}

/* ---- XML helpers ----------------------------------------------------------------------- */

static gboolean
is_el (xmlNode    *node,
       const char *ns,
       const char *local)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL
         && strcmp ((const char *) node->name, local) == 0
         && strcmp ((const char *) node->ns->href, ns) == 0;
}

static char *
get_prop (xmlNode    *node,
          const char *ns,
          const char *name)
{
  xmlChar *v = xmlGetNsProp (node, (const xmlChar *) name, (const xmlChar *) ns);
  char *copy = v ? g_strdup ((const char *) v) : NULL;

  xmlFree (v);
  return copy;
}

static int
get_int_prop (xmlNode    *node,
              const char *ns,
              const char *name,
              int         fallback)
{
  g_autofree char *v = get_prop (node, ns, name);
  gint64 n;

  if (v == NULL || !g_ascii_isdigit (v[v[0] == '-']))
    return fallback;
  n = g_ascii_strtoll (v, NULL, 10);
  return (int) CLAMP (n, -1000000, 1000000);
}

static xmlNode *
first_child_el (xmlNode    *node,
                const char *ns,
                const char *local)
{
  for (xmlNode *c = node ? node->children : NULL; c != NULL; c = c->next)
    if (is_el (c, ns, local))
      return c;
  return NULL;
}

/* Text content of the node's own text children: entity references (which no DOCX or ODT has)
 * are skipped, never expanded. */
static void
append_text_children (GString *s,
                      xmlNode *node)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content != NULL)
      for (const char *p = (const char *) c->content; *p; p++)
        g_string_append_c (s, (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p);
}

static void
xml_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      xmlInitParser ();
      g_once_init_leave (&once, 1);
    }
}

static xmlDoc *
parse_xml (GBytes      *xml,
           const char  *member,
           const char  *name,
           GError     **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (xml, &len);
  xmlDoc *doc;

  xml_init ();
  /* No XML_PARSE_NOENT (entities stay unexpanded), no DTD loading, no network. */
  doc = xmlReadMemory (data, (int) len, member, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      const xmlError *e = xmlGetLastError ();
      g_autofree char *why = g_strdup (e && e->message ? e->message : "");

      g_strstrip (why);
      set_error (error, name, GB_ERROR_PARSE, _("%s in the package is not well-formed XML (%s)"), member, why);
      if (doc != NULL)
        xmlFreeDoc (doc);
      return NULL;
    }
  /* A DTD is where entity bombs and external entities live, and DOCX and ODT never have one. */
  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      set_error (error, name, GB_ERROR_PARSE, _("%s in the package declares a DTD, which no DOCX or ODT does; it is refused"),
                 member);
      xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

/* ---- zip members ----------------------------------------------------------------------- */

/* Reads a member whole, refusing it when its uncompressed size is over @limit: the size is
 * the one the zip's directory declares, and libgsf never inflates past it. */
static GBytes *
read_member (GsfInfile   *zip,
             const char  *member,
             gsize        limit,
             const char  *name,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (member, "/", -1);
  g_autoptr(GsfInput) in = NULL;
  g_autofree guint8 *buf = NULL;
  gsf_off_t size;
  gsize done = 0;

  in = gsf_infile_child_by_aname (zip, (const char **) parts);
  if (in == NULL)
    return NULL;
  size = gsf_input_size (in);
  if (size < 0 || (guint64) size > limit)
    {
      g_autofree char *have = g_format_size ((guint64) MAX (size, 0));
      g_autofree char *most = g_format_size (limit);
      set_error (error, name, GB_ERROR_INVALID_DATA,
                 _("%s in the package is too large (%s uncompressed, at most %s); it is refused"),
                 member, have, most);
      return NULL;
    }
  buf = g_malloc ((gsize) size + 1);
  while (done < (gsize) size)
    {
      gsize chunk = MIN ((gsize) size - done, 64 * 1024);
      if (gsf_input_read (in, chunk, buf + done) == NULL)
        {
          set_error (error, name, GB_ERROR_PARSE, _("%s in the package is damaged: it cannot be decompressed"), member);
          return NULL;
        }
      done += chunk;
    }
  buf[done] = '\0';
  return g_bytes_new_take (g_steal_pointer (&buf), done);
}

static gboolean
has_member (GsfInfile  *zip,
            const char *member)
{
  g_auto(GStrv) parts = g_strsplit (member, "/", -1);
  g_autoptr(GsfInput) in = gsf_infile_child_by_aname (zip, (const char **) parts);

  return in != NULL;
}

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
  v = get_prop (toggle, d->ns, "val");
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
  l->start = (c = first_child_el (lvl, d->ns, "start")) ? get_int_prop (c, d->ns, "val", 1) : 1;
  {
    g_autofree char *f = (c = first_child_el (lvl, d->ns, "numFmt")) ? get_prop (c, d->ns, "val") : NULL;
    l->format = w_format (f);
  }
  l->text = (c = first_child_el (lvl, d->ns, "lvlText")) ? get_prop (c, d->ns, "val") : NULL;
  if (l->text == NULL)
    l->text = g_strdup_printf ("%%%d.", i + 1);
  l->legal = w_on (d, first_child_el (lvl, d->ns, "isLgl"));
}

static void
docx_read_numbering (Docx    *d,
                     xmlDoc  *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autoptr(GHashTable) abstracts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (is_el (c, d->ns, "abstractNum"))
      {
        g_autofree char *id = get_prop (c, d->ns, "abstractNumId");
        WLevel *levels;

        if (id == NULL || g_hash_table_contains (abstracts, id))
          continue;
        levels = g_new0 (WLevel, N_LEVELS);
        for (int i = 0; i < N_LEVELS; i++)
          levels[i].start = 1;
        for (xmlNode *l = c->children; l != NULL; l = l->next)
          if (is_el (l, d->ns, "lvl"))
            {
              int i = get_int_prop (l, d->ns, "ilvl", -1);
              if (i >= 0 && i < N_LEVELS)
                docx_read_level (d, l, i, &levels[i]);
            }
        g_hash_table_insert (abstracts, g_steal_pointer (&id), levels);
      }
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (is_el (c, d->ns, "num"))
      {
        g_autofree char *id = get_prop (c, d->ns, "numId");
        xmlNode *a = first_child_el (c, d->ns, "abstractNumId");
        g_autofree char *aid = a ? get_prop (a, d->ns, "val") : NULL;
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
          if (is_el (o, d->ns, "lvlOverride"))
            {
              int i = get_int_prop (o, d->ns, "ilvl", -1);
              xmlNode *so = first_child_el (o, d->ns, "startOverride");
              xmlNode *lvl = first_child_el (o, d->ns, "lvl");

              if (i < 0 || i >= N_LEVELS)
                continue;
              /* The override's w:lvl may lack w:ilvl: it is the override's level. */
              if (lvl != NULL)
                docx_read_level (d, lvl, i, &num->levels[i]);
              if (so != NULL)
                num->levels[i].start = get_int_prop (so, d->ns, "val", 1);
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
  if ((c = first_child_el (num_pr, d->ns, "numId")) != NULL)
    {
      g_free (*num_id);
      *num_id = get_prop (c, d->ns, "val");
    }
  if ((c = first_child_el (num_pr, d->ns, "ilvl")) != NULL)
    *ilvl = get_int_prop (c, d->ns, "val", 0);
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
  xmlNode *f = first_child_el (rpr, d->ns, "rFonts");
  static const char *const attrs[][2] = { { "ascii", "asciiTheme" }, { "hAnsi", "hAnsiTheme" } };

  if (f == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (attrs); i++)
    {
      char **font = i == 0 ? ascii : hansi;
      g_autofree char *theme = NULL;

      if (*font != NULL)
        continue;
      theme = get_prop (f, d->ns, attrs[i][1]);
      *font = theme != NULL ? g_strdup ("") : get_prop (f, d->ns, attrs[i][0]);
    }
}

static void
docx_read_styles (Docx   *d,
                  xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *defaults = first_child_el (root, d->ns, "docDefaults");

  docx_read_fonts (d, first_child_el (first_child_el (defaults, d->ns, "rPrDefault"), d->ns, "rPr"),
                   &d->default_ascii, &d->default_hansi);
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (is_el (c, d->ns, "style"))
      {
        g_autofree char *id = get_prop (c, d->ns, "styleId");
        g_autofree char *type = get_prop (c, d->ns, "type");
        g_autofree char *is_default = get_prop (c, d->ns, "default");
        xmlNode *ppr = first_child_el (c, d->ns, "pPr");
        xmlNode *based = first_child_el (c, d->ns, "basedOn");
        WStyle *s;

        if (id == NULL)
          continue;
        s = g_new0 (WStyle, 1);
        s->ilvl = -1;
        docx_read_num_pr (d, first_child_el (ppr, d->ns, "numPr"), &s->num_id, &s->ilvl);
        s->based_on = based ? get_prop (based, d->ns, "val") : NULL;
        docx_read_fonts (d, first_child_el (c, d->ns, "rPr"), &s->ascii, &s->hansi);
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
  xmlNode *rpr = first_child_el (run, d->ns, "rPr");
  xmlNode *rstyle = first_child_el (rpr, d->ns, "rStyle");
  g_autofree char *char_style = rstyle ? get_prop (rstyle, d->ns, "val") : NULL;
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

/* Converts the text of @para from @from on, read in a legacy font (@legacy, NONE when none):
 * unless it is Unicode already, in a document converted without its fonts. Resets @legacy. */
static void
flush_legacy (GString            *para,
              gsize               from,
              GbLegacyVnEncoding *legacy,
              gboolean            capitals)
{
  if (*legacy != GB_LEGACY_VN_NONE && para->len > from)
    {
      g_autofree char *text = gb_legacy_vn_from_font (*legacy, capitals, para->str + from, para->len - from);

      g_string_truncate (para, from);
      g_string_append (para, text);
    }
  *legacy = GB_LEGACY_VN_NONE;
}

static void
docx_flush_legacy (Docx    *d,
                   GString *para)
{
  flush_legacy (para, d->legacy_from, &d->legacy, d->legacy_capitals);
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
          append_counter (label, value, l->legal ? FMT_DECIMAL : lk->format, TRUE);
          p++;
        }
      else
        g_string_append_c (label, *p);
    }
  return normalize_label (label, l->format);
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
      if (is_el (c, d->ns, "t"))
        append_text_children (para, c);
      else if (is_el (c, d->ns, "tab") || is_el (c, d->ns, "ptab"))
        g_string_append_c (para, '\t');
      else if (is_el (c, d->ns, "br") || is_el (c, d->ns, "cr"))
        g_string_append_c (para, '\n');
      else if (is_el (c, d->ns, "noBreakHyphen"))
        g_string_append_c (para, '-');
      else if (is_el (c, d->ns, "pPr") || is_el (c, d->ns, "rPr") || is_el (c, d->ns, "del")
               || is_el (c, d->ns, "moveFrom") || is_el (c, d->ns, "instrText")
               || is_el (c, d->ns, "delText"))
        continue;   /* properties, deleted text and field codes are not the text */
      else if (is_el (c, d->ns, "r") && w_on (d, first_child_el (first_child_el (c, d->ns, "rPr"), d->ns, "vanish")))
        continue;   /* hidden text */
      else if (is_el (c, d->ns, "r"))
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
      else if (is_el (c, d->ns, "txbxContent"))
        g_ptr_array_add (d->deferred, c);
      else if (is_el (c, MC_NS, "AlternateContent"))
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
  xmlNode *ppr = first_child_el (p, d->ns, "pPr");
  g_autofree char *num_id = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GString) para = g_string_new (NULL);
  guint deferred_from = d->deferred->len;
  int ilvl = -1;
  xmlNode *ps = first_child_el (ppr, d->ns, "pStyle");
  g_autofree char *style = ps ? get_prop (ps, d->ns, "val") : NULL;

  docx_read_num_pr (d, first_child_el (ppr, d->ns, "numPr"), &num_id, &ilvl);
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
  sink_end_paragraph (d->sink, para);
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
      if (is_el (c, d->ns, "p"))
        docx_paragraph (d, c);
      else if (is_el (c, d->ns, "del") || is_el (c, d->ns, "moveFrom") || is_el (c, d->ns, "sectPr")
               || is_el (c, d->ns, "tblPr") || is_el (c, d->ns, "tblGrid") || is_el (c, d->ns, "trPr")
               || is_el (c, d->ns, "tcPr"))
        continue;
      else
        docx_block (d, c);   /* w:tbl, w:tr, w:tc, w:sdt, w:sdtContent, w:customXml, … */
    }
}

static char *
read_docx (GsfInfile   *zip,
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

  doc_xml = read_member (zip, "word/document.xml", GB_NOTICE_SOURCE_MAX_XML_BYTES, name, error);
  if (doc_xml == NULL)
    return NULL;
  if ((doc = parse_xml (doc_xml, "word/document.xml", name, error)) == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  d.ns = (root->ns != NULL && strcmp ((const char *) root->ns->href, W_NS_STRICT) == 0) ? W_NS_STRICT : W_NS;
  body = first_child_el (root, d.ns, "body");
  if (!is_el (root, d.ns, "document") || body == NULL)
    {
      set_error (error, name, GB_ERROR_PARSE, _("This is not a Word document: word/document.xml has no document body"));
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
        g_autoptr(GBytes) xml = read_member (zip, members[i], GB_NOTICE_SOURCE_MAX_XML_BYTES, name, &local);
        g_autoptr(xmlDoc) part = NULL;

        if (xml == NULL)
          continue;
        if ((part = parse_xml (xml, members[i], name, &local)) == NULL)
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
      set_error (error, name, GB_ERROR_PARSE, _("The document's text is too long for a notice (more than %d bytes)"),
                 GB_NOTICE_MAX_BYTES);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- ODT ------------------------------------------------------------------------------- */

typedef struct
{
  gboolean   bullet;
  NumFormat  format;
  gboolean   letter_sync;
  char      *prefix;
  char      *suffix;
  int        display_levels;
  int        start;
} OLevel;

typedef struct
{
  OLevel levels[N_LEVELS];
} OListStyle;

/* A list's numbers, shared by the lists nested in it (their levels are its levels). */
typedef struct
{
  OListStyle *style;       /* the outermost list's style */
  int         counter[N_LEVELS];
  gboolean    started[N_LEVELS];
} OList;

typedef struct
{
  GHashTable *styles;      /* list style name → OListStyle */
  GHashTable *continued;   /* list style name → the last OList with it, for continue-numbering */
  GHashTable *by_id;       /* xml:id → OList, for text:continue-list */
  GPtrArray  *lists;       /* owns the OLists */
  Sink       *sink;
  GPtrArray  *deferred;    /* frames' text boxes, written after their paragraph */
  gboolean    labelled;    /* the paragraph being read has a label from its list style */
  GHashTable *font_faces;  /* font face name → its family */
  GHashTable *fonts;       /* "family:style name" → OFont */
  char       *default_font;   /* the default paragraph style's family */
  /* Text in a legacy font (TCVN3, VNI) at the end of the paragraph being read, from
   * @legacy_from, converted when the text in that font ends, as for DOCX. */
  GbLegacyVnEncoding legacy;
  gboolean           legacy_capitals;
  gsize              legacy_from;
} Odt;

/* The font a text or paragraph style names, and the style it inherits the rest from. */
typedef struct
{
  char *font_name;         /* style:font-name, a font face; NULL: none */
  char *family;            /* fo:font-family; NULL: none */
  char *parent;
} OFont;

static void
ofont_free (gpointer data)
{
  OFont *f = data;

  g_free (f->font_name);
  g_free (f->family);
  g_free (f->parent);
  g_free (f);
}

static void
olist_style_free (gpointer data)
{
  OListStyle *s = data;

  for (int i = 0; i < N_LEVELS; i++)
    {
      g_free (s->levels[i].prefix);
      g_free (s->levels[i].suffix);
    }
  g_free (s);
}

static NumFormat
odf_format (const char *v)
{
  if (v == NULL || *v == '\0')
    return FMT_NONE;
  if (strcmp (v, "a") == 0)
    return FMT_LOWER_LETTER;
  if (strcmp (v, "A") == 0)
    return FMT_UPPER_LETTER;
  if (strcmp (v, "i") == 0)
    return FMT_LOWER_ROMAN;
  if (strcmp (v, "I") == 0)
    return FMT_UPPER_ROMAN;
  return FMT_DECIMAL;
}

static void
odt_read_list_style (Odt     *o,
                     xmlNode *ls)
{
  g_autofree char *name = get_prop (ls, STYLE_NS, "name");
  OListStyle *s;

  if (name == NULL)
    return;
  s = g_new0 (OListStyle, 1);
  for (int i = 0; i < N_LEVELS; i++)
    {
      /* A level the style does not describe: a bullet, which at least marks the item. */
      s->levels[i].bullet = TRUE;
      s->levels[i].display_levels = 1;
      s->levels[i].start = 1;
    }
  for (xmlNode *c = ls->children; c != NULL; c = c->next)
    {
      int level = get_int_prop (c, TEXT_NS, "level", 0) - 1;
      OLevel *l;

      if (level < 0 || level >= N_LEVELS)
        continue;
      l = &s->levels[level];
      if (is_el (c, TEXT_NS, "list-level-style-number"))
        {
          g_autofree char *fmt = get_prop (c, STYLE_NS, "num-format");
          g_autofree char *sync = get_prop (c, STYLE_NS, "num-letter-sync");

          l->bullet = FALSE;
          l->format = odf_format (fmt);
          l->letter_sync = g_strcmp0 (sync, "true") == 0;
          g_free (l->prefix);
          g_free (l->suffix);
          l->prefix = get_prop (c, STYLE_NS, "num-prefix");
          l->suffix = get_prop (c, STYLE_NS, "num-suffix");
          l->display_levels = CLAMP (get_int_prop (c, TEXT_NS, "display-levels", 1), 1, level + 1);
          l->start = get_int_prop (c, TEXT_NS, "start-value", 1);
        }
      else if (is_el (c, TEXT_NS, "list-level-style-bullet") || is_el (c, TEXT_NS, "list-level-style-image"))
        l->bullet = TRUE;
    }
  g_hash_table_replace (o->styles, g_steal_pointer (&name), s);
}

/* A style's font: a font face by name, or a family named directly. */
static void
odt_read_font (Odt     *o,
               xmlNode *style,
               gboolean is_default)
{
  g_autofree char *name = get_prop (style, STYLE_NS, "name");
  g_autofree char *family = get_prop (style, STYLE_NS, "family");
  xmlNode *props = first_child_el (style, STYLE_NS, "text-properties");
  OFont *f;

  if (family == NULL || !(strcmp (family, "text") == 0 || strcmp (family, "paragraph") == 0))
    return;
  f = g_new0 (OFont, 1);
  f->font_name = props ? get_prop (props, STYLE_NS, "font-name") : NULL;
  f->family = props ? get_prop (props, FO_NS, "font-family") : NULL;
  f->parent = get_prop (style, STYLE_NS, "parent-style-name");
  if (is_default)
    {
      const char *face = f->font_name ? g_hash_table_lookup (o->font_faces, f->font_name) : NULL;
      const char *font = face ? face : f->font_name ? f->font_name : f->family;

      if (strcmp (family, "paragraph") == 0 && font != NULL)
        {
          g_free (o->default_font);
          o->default_font = g_strdup (font);
        }
      ofont_free (f);
      return;
    }
  if (name == NULL)
    {
      ofont_free (f);
      return;
    }
  g_hash_table_replace (o->fonts, g_strdup_printf ("%s:%s", family, name), f);
}

static void
odt_read_styles (Odt    *o,
                 xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  /* Font faces first: the styles refer to them by name. */
  for (xmlNode *sec = root->children; sec != NULL; sec = sec->next)
    if (is_el (sec, OFFICE_NS, "font-face-decls"))
      for (xmlNode *c = sec->children; c != NULL; c = c->next)
        if (is_el (c, STYLE_NS, "font-face"))
          {
            g_autofree char *name = get_prop (c, STYLE_NS, "name");
            char *family = get_prop (c, SVG_NS, "font-family");

            if (name != NULL && family != NULL)
              g_hash_table_replace (o->font_faces, g_steal_pointer (&name), family);
            else
              g_free (family);
          }
  for (xmlNode *sec = root->children; sec != NULL; sec = sec->next)
    if (is_el (sec, OFFICE_NS, "styles") || is_el (sec, OFFICE_NS, "automatic-styles"))
      for (xmlNode *c = sec->children; c != NULL; c = c->next)
        {
          if (is_el (c, TEXT_NS, "list-style"))
            odt_read_list_style (o, c);
          else if (is_el (c, STYLE_NS, "style"))
            odt_read_font (o, c, FALSE);
          else if (is_el (c, STYLE_NS, "default-style"))
            odt_read_font (o, c, TRUE);
        }
}

/* The font family a style of @family (text or paragraph) gives its text, directly or through
 * its parents; NULL if none names one. */
static const char *
odt_style_font (Odt        *o,
                const char *family,
                const char *name)
{
  for (int depth = 0; name != NULL && depth < 16; depth++)
    {
      g_autofree char *key = g_strdup_printf ("%s:%s", family, name);
      OFont *f = g_hash_table_lookup (o->fonts, key);

      if (f == NULL)
        return NULL;
      if (f->font_name != NULL)
        {
          const char *face = g_hash_table_lookup (o->font_faces, f->font_name);
          /* A face not declared is named as its family. */
          return face != NULL ? face : f->font_name;
        }
      if (f->family != NULL)
        return f->family;
      name = f->parent;
    }
  return NULL;
}

static void
odt_flush_legacy (Odt     *o,
                  GString *para)
{
  flush_legacy (para, o->legacy_from, &o->legacy, o->legacy_capitals);
}

/* Text in @font is about to be appended: the legacy text before it is converted if its
 * encoding differs. */
static void
odt_use_font (Odt        *o,
              GString    *para,
              const char *font)
{
  gboolean capitals = FALSE;
  GbLegacyVnEncoding enc = gb_legacy_vn_font_encoding (font, &capitals);

  if (enc == o->legacy && capitals == o->legacy_capitals)
    return;
  odt_flush_legacy (o, para);
  o->legacy = enc;
  o->legacy_capitals = capitals;
  o->legacy_from = para->len;
}

static char *
odt_label (OList      *list,
           OListStyle *style,
           int         level)
{
  OLevel *l;
  GString *label;

  level = CLAMP (level, 0, N_LEVELS - 1);
  l = style ? &style->levels[level] : NULL;
  if (l == NULL || l->bullet)
    return g_strdup ("-");
  label = g_string_new (l->prefix);
  for (int k = level - l->display_levels + 1; k <= level; k++)
    {
      OLevel *lk = &style->levels[k];
      if (k > level - l->display_levels + 1)
        g_string_append_c (label, '.');
      append_counter (label, list->started[k] ? list->counter[k] : lk->start,
                      lk->bullet ? FMT_DECIMAL : lk->format, lk->letter_sync);
    }
  if (l->suffix != NULL)
    g_string_append (label, l->suffix);
  return normalize_label (label, l->format);
}

static void odt_block (Odt *o, xmlNode *node, OList *list, int level);

static void
odt_inline (Odt        *o,
            xmlNode    *node,
            GString    *para,
            const char *font)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE
          || is_el (c, TEXT_NS, "s") || is_el (c, TEXT_NS, "tab") || is_el (c, TEXT_NS, "line-break"))
        odt_use_font (o, para, font);
      /* One paragraph may not outgrow the limit of the whole text either. */
      if (para->len > GB_NOTICE_MAX_BYTES)
        {
          o->sink->too_long = TRUE;
          return;
        }
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
        {
          for (const char *p = (const char *) c->content; p && *p; p++)
            g_string_append_c (para, (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p);
          continue;
        }
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_el (c, TEXT_NS, "s"))
        {
          /* Bounded: a document never needs more, and the count is the attacker's to choose. */
          int n = CLAMP (get_int_prop (c, TEXT_NS, "c", 1), 1, 100);
          for (int i = 0; i < n; i++)
            g_string_append_c (para, ' ');
        }
      else if (is_el (c, TEXT_NS, "tab"))
        g_string_append_c (para, '\t');
      else if (is_el (c, TEXT_NS, "line-break"))
        g_string_append_c (para, '\n');
      else if (is_el (c, TEXT_NS, "note") || is_el (c, OFFICE_NS, "annotation")
               || is_el (c, OFFICE_NS, "annotation-end") || is_el (c, TEXT_NS, "tracked-changes"))
        continue;   /* footnotes and comments are not the notice's text */
      else if (is_el (c, DRAW_NS, "text-box"))
        g_ptr_array_add (o->deferred, c);
      else if (is_el (c, TEXT_NS, "number"))
        {
          /* A producer's cached label: the one computed from the list style wins; without one
           * (a heading numbered by the outline style) it is the only label there is. */
          if (!o->labelled)
            {
              g_autoptr(GString) label = g_string_new (NULL);
              g_autofree char *norm = NULL;
              append_text_children (label, c);
              if ((norm = normalize_label (g_steal_pointer (&label), FMT_DECIMAL)) != NULL)
                {
                  g_string_append (para, norm);
                  g_string_append_c (para, ' ');
                }
            }
        }
      else
        {
          /* text:span, text:a, text:meta, draw:frame, …: a span's style may name a font. */
          g_autofree char *style = get_prop (c, TEXT_NS, "style-name");
          const char *own = style ? odt_style_font (o, "text", style) : NULL;

          odt_inline (o, c, para, own ? own : font);
        }
    }
}

static void
odt_paragraph (Odt        *o,
               xmlNode    *p,
               const char *label)
{
  g_autoptr(GString) para = g_string_new (NULL);
  guint deferred_from = o->deferred->len;
  g_autofree char *style = get_prop (p, TEXT_NS, "style-name");
  const char *font = style ? odt_style_font (o, "paragraph", style) : NULL;

  o->labelled = label != NULL;
  o->legacy = GB_LEGACY_VN_NONE;
  odt_inline (o, p, para, font ? font : o->default_font);
  odt_flush_legacy (o, para);
  g_strstrip (para->str);
  para->len = strlen (para->str);
  if (label != NULL && para->len > 0)
    {
      g_string_prepend_c (para, ' ');
      g_string_prepend (para, label);
    }
  sink_end_paragraph (o->sink, para);
  while (o->deferred->len > deferred_from)
    {
      xmlNode *box = g_ptr_array_steal_index (o->deferred, deferred_from);
      odt_block (o, box, NULL, 0);
    }
}

static OList *
odt_list_new (Odt     *o,
              xmlNode *node)
{
  g_autofree char *style_name = get_prop (node, TEXT_NS, "style-name");
  g_autofree char *cont = get_prop (node, TEXT_NS, "continue-numbering");
  g_autofree char *cont_id = get_prop (node, TEXT_NS, "continue-list");
  g_autofree char *id = get_prop (node, "http://www.w3.org/XML/1998/namespace", "id");
  OList *list = NULL;

  /* A list restarts its numbers unless it says it continues an earlier one. */
  if (cont_id != NULL)
    list = g_hash_table_lookup (o->by_id, cont_id);
  if (list == NULL && g_strcmp0 (cont, "true") == 0 && style_name != NULL)
    list = g_hash_table_lookup (o->continued, style_name);
  if (list == NULL)
    {
      list = g_new0 (OList, 1);
      list->style = style_name ? g_hash_table_lookup (o->styles, style_name) : NULL;
      g_ptr_array_add (o->lists, list);
    }
  if (style_name != NULL)
    g_hash_table_replace (o->continued, g_strdup (style_name), list);
  if (id != NULL)
    g_hash_table_replace (o->by_id, g_strdup (id), list);
  return list;
}

static void
odt_list (Odt        *o,
          xmlNode    *node,
          OList      *outer,
          OListStyle *outer_style,
          int         level)
{
  OList *list = outer;
  OListStyle *style = outer_style;

  if (list == NULL)
    style = (list = odt_list_new (o, node))->style;
  else
    {
      /* A nested list may name a style of its own, for itself and the lists inside it; its
       * numbers go on with the outer list's. */
      g_autofree char *style_name = get_prop (node, TEXT_NS, "style-name");
      OListStyle *s = style_name ? g_hash_table_lookup (o->styles, style_name) : NULL;
      if (s != NULL)
        style = s;
    }
  level = MIN (level, N_LEVELS - 1);
  for (xmlNode *item = node->children; item != NULL && !o->sink->too_long; item = item->next)
    {
      gboolean header = is_el (item, TEXT_NS, "list-header");
      gboolean first = TRUE;

      if (!header && !is_el (item, TEXT_NS, "list-item"))
        continue;
      for (xmlNode *c = item->children; c != NULL; c = c->next)
        {
          if (is_el (c, TEXT_NS, "p") || is_el (c, TEXT_NS, "h"))
            {
              g_autofree char *label = NULL;
              if (first && !header)
                {
                  int start = get_int_prop (item, TEXT_NS, "start-value", -1);
                  OLevel *l = style ? &style->levels[level] : NULL;

                  if (start >= 0)
                    list->counter[level] = start;
                  else
                    list->counter[level] = list->started[level] ? list->counter[level] + 1 : (l ? l->start : 1);
                  list->started[level] = TRUE;
                  for (int k = level + 1; k < N_LEVELS; k++)
                    list->started[k] = FALSE;
                  label = odt_label (list, style, level);
                }
              first = FALSE;
              odt_paragraph (o, c, label);
            }
          else if (is_el (c, TEXT_NS, "list"))
            {
              first = FALSE;
              odt_list (o, c, list, style, level + 1);
            }
        }
    }
}

static void
odt_block (Odt     *o,
           xmlNode *node,
           OList   *list,
           int      level)
{
  for (xmlNode *c = node->children; c != NULL && !o->sink->too_long; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_el (c, TEXT_NS, "p") || is_el (c, TEXT_NS, "h"))
        odt_paragraph (o, c, NULL);
      else if (is_el (c, TEXT_NS, "list"))
        odt_list (o, c, NULL, NULL, 0);
      else if (is_el (c, TEXT_NS, "tracked-changes") || is_el (c, OFFICE_NS, "forms")
               || is_el (c, TEXT_NS, "sequence-decls") || is_el (c, TEXT_NS, "variable-decls"))
        continue;
      else
        odt_block (o, c, list, level);   /* tables, rows, cells, sections, text boxes */
    }
}

/* The text of an ODT's content (office:document-content), or of a flat ODT (office:document,
 * styles and body in one file). @styles_doc: styles.xml, if the package has one. */
static char *
odt_extract (xmlDoc      *doc,
             xmlDoc      *styles_doc,
             const char  *name,
             GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) deferred = g_ptr_array_new ();
  Sink sink = { out, FALSE };
  Odt o = { 0 };
  xmlNode *root = xmlDocGetRootElement (doc), *body, *text = NULL;

  body = first_child_el (root, OFFICE_NS, "body");
  for (xmlNode *c = body ? body->children : NULL; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      {
        text = c;
        break;
      }
  if (!(is_el (root, OFFICE_NS, "document-content") || is_el (root, OFFICE_NS, "document"))
      || !is_el (text, OFFICE_NS, "text"))
    {
      set_error (error, name, GB_ERROR_INVALID_DATA, _("This OpenDocument file is not a text document (ODT)"));
      return NULL;
    }

  o.styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, olist_style_free);
  o.continued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o.by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o.lists = g_ptr_array_new_with_free_func (g_free);
  o.font_faces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  o.fonts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ofont_free);
  o.sink = &sink;
  o.deferred = deferred;
  /* Automatic styles of content.xml override the common ones of styles.xml by name. */
  if (styles_doc != NULL)
    odt_read_styles (&o, styles_doc);
  odt_read_styles (&o, doc);
  odt_block (&o, text, NULL, 0);
  g_hash_table_unref (o.styles);
  g_hash_table_unref (o.font_faces);
  g_hash_table_unref (o.fonts);
  g_free (o.default_font);
  g_hash_table_unref (o.continued);
  g_hash_table_unref (o.by_id);
  g_ptr_array_unref (o.lists);
  if (sink.too_long)
    {
      set_error (error, name, GB_ERROR_PARSE, _("The document's text is too long for a notice (more than %d bytes)"),
                 GB_NOTICE_MAX_BYTES);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
read_odt (GsfInfile   *zip,
          const char  *name,
          GError     **error)
{
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) styles = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlDoc) styles_doc = NULL;
  GError *local = NULL;

  content = read_member (zip, "content.xml", GB_NOTICE_SOURCE_MAX_XML_BYTES, name, error);
  if (content == NULL)
    return NULL;
  if ((doc = parse_xml (content, "content.xml", name, error)) == NULL)
    return NULL;
  styles = read_member (zip, "styles.xml", GB_NOTICE_SOURCE_MAX_XML_BYTES, name, &local);
  if (styles != NULL)
    styles_doc = parse_xml (styles, "styles.xml", name, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return odt_extract (doc, styles_doc, name, error);
}

/* A flat ODT (.fodt), or a content.xml on its own (pandoc -t opendocument): XML text, which
 * would otherwise be read as a notice full of tags. */
static gboolean
is_flat_odt (const guint8 *data,
             gsize         len)
{
  g_autofree char *head = g_strndup ((const char *) data, MIN (len, 4096));
  const char *root = strstr (head, "<office:document");
  const char *after = root ? root + strlen ("<office:document") : NULL;

  if (after != NULL && g_str_has_prefix (after, "-content"))
    after += strlen ("-content");
  return g_str_has_prefix (head + (g_str_has_prefix (head, "\xef\xbb\xbf") ? 3 : 0), "<?xml")
         && after != NULL && strchr (" \t\r\n>", *after) != NULL && *after != '\0'
         && strstr (head, OFFICE_NS) != NULL;
}

static char *
read_flat_odt (GBytes      *bytes,
               const char  *name,
               GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  if ((doc = parse_xml (bytes, "the flat ODT", name, error)) == NULL)
    return NULL;
  return odt_extract (doc, NULL, name, error);
}

static char *
read_zip (GBytes      *bytes,
          const char  *name,
          GError     **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GsfInput) mem = gsf_input_memory_new (data, (gsf_off_t) len, FALSE);
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) mimetype = NULL;

  zip = gsf_infile_zip_new (mem, &local);
  if (zip == NULL)
    {
      set_error (error, name, GB_ERROR_PARSE, _("This zip package (DOCX, ODT) is damaged or truncated: %s"),
                 local ? local->message : "?");
      return NULL;
    }
  if (has_member (zip, "word/document.xml"))
    return read_docx (zip, name, error);
  mimetype = read_member (zip, "mimetype", 256, name, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (mimetype != NULL)
    {
      g_autofree char *type = g_strndup (g_bytes_get_data (mimetype, NULL), g_bytes_get_size (mimetype));
      g_strstrip (type);
      /* Text documents, their templates and master documents all hold office:text. */
      if (!g_str_has_prefix (type, "application/vnd.oasis.opendocument.text"))
        {
          if (!g_utf8_validate (type, -1, NULL))
            g_clear_pointer (&type, g_free);
          set_error (error, name, GB_ERROR_INVALID_DATA,
                     _("This is not a text document but a file of type “%s”; a notice can be read from text, "
                       "PDF, DOCX or ODT"), type ? type : "?");
          return NULL;
        }
    }
  if (has_member (zip, "content.xml"))
    return read_odt (zip, name, error);
  set_error (error, name, GB_ERROR_INVALID_DATA,
             _("This zip package is neither a Word document (DOCX) nor an OpenDocument text (ODT)"));
  return NULL;
}

/* ---- PDF ------------------------------------------------------------------------------- */

static gboolean
is_page_number (const char *line)
{
  const char *p = line;

  /* "2", "- 2 -", "Trang 2": what page furniture looks like in a notice. */
  if (g_str_has_prefix (p, "Trang "))
    p += strlen ("Trang ");
  p += strspn (p, "-– ");
  if (!g_ascii_isdigit (*p))
    return FALSE;
  p += strspn (p, "0123456789");
  p += strspn (p, "-– ");
  return *p == '\0' && p - line <= 16;
}

/* One printed line of a page, and where its ink is (x2 < x1: not known). */
typedef struct
{
  char   *text;
  double  x1, x2, y1;
  int     page;
} PLine;

/* A page's margins and line pitch, measured on its own lines. */
typedef struct
{
  double left, right, pitch;
} PStats;

static void
pline_clear (gpointer data)
{
  g_free (((PLine *) data)->text);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
starts_list_marker (const char *s)
{
  gsize n = strspn (s, "0123456789.");

  if (n > 0 && (s[n] == ')' || s[n - 1] == '.') && s[n + (s[n] == ')')] == ' ')
    return TRUE;
  if ((s[0] == '-' || s[0] == '+') && s[1] == ' ')
    return TRUE;
  if (g_str_has_prefix (s, "• ") || g_str_has_prefix (s, "– "))
    return TRUE;
  return g_ascii_islower (s[0]) && s[1] == ')';
}

/* Appends a page's lines with their extents. The first or last line when it is only the page's
 * number is left out: it would break a sentence that runs on to the next page, or read as an
 * item. */
static void
collect_page_lines (PopplerPage *page,
                    int          page_no,
                    GArray      *lines,
                    PStats      *stats)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rects = NULL;
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_rects = 0, first = lines->len, last, ci = 0;
  gboolean have_layout;
  PLine cur = { NULL, G_MAXDOUBLE, -G_MAXDOUBLE, 0, page_no };

  stats->left = G_MAXDOUBLE;
  stats->right = -G_MAXDOUBLE;
  stats->pitch = 0;
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return;
  /* One rectangle per character of the text; without them the lines are kept as they are. */
  have_layout = poppler_page_get_text_layout (page, &rects, &n_rects)
                && n_rects == (guint) g_utf8_strlen (text, -1);
  for (const char *p = text;; p = g_utf8_next_char (p), ci++)
    {
      if (*p == '\n' || *p == '\0')
        {
          g_strstrip (s->str);
          if (*s->str != '\0')
            {
              cur.text = g_strdup (s->str);
              if (!have_layout)
                {
                  cur.x1 = 1;
                  cur.x2 = 0;
                }
              g_array_append_val (lines, cur);
            }
          g_string_truncate (s, 0);
          cur.x1 = G_MAXDOUBLE;
          cur.x2 = -G_MAXDOUBLE;
          if (*p == '\0')
            break;
          continue;
        }
      g_string_append_unichar (s, g_utf8_get_char (p));
      if (have_layout && *p != ' ')
        {
          const PopplerRectangle *r = &rects[ci];
          if (r->x1 < cur.x1)
            {
              cur.x1 = r->x1;
              cur.y1 = r->y1;
            }
          cur.x2 = MAX (cur.x2, r->x2);
        }
    }

  last = lines->len;
  if (last > first + 1 && is_page_number (g_array_index (lines, PLine, last - 1).text))
    g_array_remove_index (lines, --last);   /* the clear function frees its text */
  if (last > first + 1 && is_page_number (g_array_index (lines, PLine, first).text))
    {
      g_array_remove_index (lines, first);
      last--;
    }

  /* The margins: where lines start and end at most. The pitch: the usual step down from one
   * line to the next, the median of the steps. */
  for (guint i = first; i < last; i++)
    {
      const PLine *l = &g_array_index (lines, PLine, i);
      if (l->x2 < l->x1)
        continue;
      stats->left = MIN (stats->left, l->x1);
      stats->right = MAX (stats->right, l->x2);
      if (i > first && l->y1 > g_array_index (lines, PLine, i - 1).y1)
        {
          double dy = l->y1 - g_array_index (lines, PLine, i - 1).y1;
          g_array_append_val (steps, dy);
        }
    }
  if (steps->len > 0)
    {
      g_array_sort (steps, compare_doubles);
      stats->pitch = g_array_index (steps, double, steps->len / 2);
    }
}

typedef enum
{
  JOIN_SPACE,      /* the same paragraph, wrapped */
  JOIN_NEWLINE,    /* not known: the parser decides, as for typed text */
  JOIN_BLANK,      /* a new paragraph */
} Join;

/* How line @b follows line @a. A notice is justified with a first-line indent (1 cm by the
 * layout rules): a line that reaches the right margin and is followed by one at the left margin
 * is wrapped; a short line, an indented or centred line, or a larger step down starts a new
 * paragraph. A centred title wraps into centred lines. @doc holds the margins of the whole
 * document (a last page of three lines has none of its own) and whether its lines are
 * justified at all: in ragged text a line's end tells nothing. */
static Join
join_lines (const PLine  *a,
            const PLine  *b,
            const PStats *doc,
            gboolean      justified,
            double        pitch)
{
  double width = doc->right - doc->left;
  double tol = 0.03 * width;
  gboolean same_page = a->page == b->page;
  gboolean full, short_a, b_at_margin, step_down;

  if (a->x2 < a->x1 || b->x2 < b->x1 || width <= 0)
    return same_page ? JOIN_NEWLINE : JOIN_BLANK;
  full = justified && a->x2 >= doc->right - tol;
  short_a = a->x2 < doc->right - 0.15 * width;
  b_at_margin = b->x1 <= doc->left + tol;
  /* Not another column (the header's two blocks) nor a gap larger than a paragraph's own. */
  step_down = !same_page || (b->y1 > a->y1 && (pitch <= 0 || b->y1 - a->y1 <= 1.5 * pitch));

  if (step_down && full && b_at_margin && !starts_list_marker (b->text))
    return JOIN_SPACE;
  if (same_page && step_down)
    {
      double mid = (doc->left + doc->right) / 2;
      gboolean a_centred = fabs ((a->x1 + a->x2) / 2 - mid) < tol && a->x1 > doc->left + tol;
      gboolean b_centred = fabs ((b->x1 + b->x2) / 2 - mid) < tol && b->x1 > doc->left + tol;
      if (a_centred && b_centred && a->x2 - a->x1 >= 0.7 * width)
        return JOIN_SPACE;
      if (!short_a && b_at_margin)
        return JOIN_NEWLINE;
    }
  return JOIN_BLANK;
}

static char *
read_pdf (GBytes      *bytes,
          const char  *name,
          GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(PopplerDocument) doc = poppler_document_new_from_bytes (bytes, NULL, &local);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GArray) stats = NULL;
  int n_pages;

  if (doc == NULL)
    {
      if (g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        set_error (error, name, GB_ERROR_INVALID_DATA,
                   _("This PDF is encrypted with a password, so its text cannot be read; import the "
                     "original document or a copy without a password"));
      else
        set_error (error, name, GB_ERROR_PARSE, _("This PDF is damaged or truncated and cannot be read (%s)"),
                   local ? local->message : "?");
      return NULL;
    }
  n_pages = poppler_document_get_n_pages (doc);
  lines = g_array_new (FALSE, FALSE, sizeof (PLine));
  g_array_set_clear_func (lines, pline_clear);
  stats = g_array_sized_new (FALSE, TRUE, sizeof (PStats), MAX (n_pages, 1));
  g_array_set_size (stats, n_pages);
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);

      if (page != NULL)
        collect_page_lines (page, i, lines, &g_array_index (stats, PStats, i));
    }

  {
    PStats doc_stats = { G_MAXDOUBLE, -G_MAXDOUBLE, 0 };
    guint n_full = 0;

    for (guint i = 0; i < stats->len; i++)
      {
        const PStats *ps = &g_array_index (stats, PStats, i);
        doc_stats.left = MIN (doc_stats.left, ps->left);
        doc_stats.right = MAX (doc_stats.right, ps->right);
      }
    for (guint i = 0; i < lines->len; i++)
      {
        const PLine *l = &g_array_index (lines, PLine, i);
        if (l->x2 >= l->x1 && l->x2 >= doc_stats.right - 0.03 * (doc_stats.right - doc_stats.left))
          n_full++;
      }

    /* Lines put back into paragraphs where the layout says so, so the parser reads a PDF as
     * it reads the DOCX it was printed from (a heading apart from its body, a title's two lines
     * as one); pages apart by a blank line unless a sentence runs on. */
    for (guint i = 0; i < lines->len; i++)
      {
        const PLine *l = &g_array_index (lines, PLine, i);

        if (i > 0)
          {
            const PLine *prev = &g_array_index (lines, PLine, i - 1);
            switch (join_lines (prev, l, &doc_stats, n_full >= 3,
                                g_array_index (stats, PStats, prev->page).pitch))
              {
              case JOIN_SPACE:
                g_string_append_c (out, ' ');
                break;
              case JOIN_NEWLINE:
                g_string_append_c (out, '\n');
                break;
              case JOIN_BLANK:
              default:
                g_string_append (out, "\n\n");
                break;
              }
          }
        g_string_append (out, l->text);
        if (out->len > GB_NOTICE_MAX_BYTES)
          {
            set_error (error, name, GB_ERROR_PARSE, _("The document's text is too long for a notice (more than %d bytes)"),
                       GB_NOTICE_MAX_BYTES);
            return NULL;
          }
      }
  }
  if (out->len == 0)
    {
      set_error (error, name, GB_ERROR_INVALID_DATA,
                 _("This PDF has no text layer: it is probably a scan. Recognise its text (OCR) first, or "
                   "import the original document"));
      return NULL;
    }
  /* A PDF printed from a document in a TCVN3 or VNI font has the font's codes in its text
   * layer, as Latin-1: the PDF does not name the encoding, so the text has to show it. */
  {
    char *converted = NULL;

    if (gb_legacy_vn_detect (out->str, out->len, &converted) != GB_LEGACY_VN_NONE)
      return converted;
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- text ------------------------------------------------------------------------------ */

static char *
read_plain (const guint8  *data,
            gsize          len,
            const char    *name,
            GError       **error)
{
  const char *bad = NULL;

  /* Windows' Notepad saved "Unicode" as UTF-16 with a byte order mark. */
  if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff)))
    {
      g_autoptr(GError) local = NULL;
      gsize written = 0;
      g_autofree char *utf8 = g_convert ((const char *) data + 2, len - 2, "UTF-8",
                                         data[0] == 0xff ? "UTF-16LE" : "UTF-16BE", NULL, &written, &local);
      if (utf8 == NULL)
        {
          set_error (error, name, GB_ERROR_PARSE, _("The text is marked as UTF-16 but is not valid UTF-16 (%s)"),
                     local->message);
          return NULL;
        }
      if (memchr (utf8, '\0', written) != NULL)
        {
          set_error (error, name, GB_ERROR_PARSE, _("This is binary data, not text (a NUL byte at offset %lu)"),
                     (gulong) ((const char *) memchr (utf8, '\0', written) - utf8));
          return NULL;
        }
      return g_steal_pointer (&utf8);
    }
  /* The same checks and messages as gb_notice_parse(), with offsets into the file. */
  if (len > 0 && memchr (data, '\0', len) != NULL)
    {
      set_error (error, name, GB_ERROR_PARSE, _("This is binary data, not text (a NUL byte at offset %lu)"),
                 (gulong) ((const guint8 *) memchr (data, '\0', len) - data));
      return NULL;
    }
  if (!g_utf8_validate ((const char *) data, len, &bad))
    {
      /* Files typed before Unicode: Windows-1258, or the bytes of a TCVN3 or VNI font. The
       * reading whose words are Vietnamese wins; if none is, the file is no Vietnamese text. */
      char *legacy = gb_legacy_vn_decode_bytes (data, len, NULL);

      if (legacy != NULL)
        return legacy;
      set_error (error, name, GB_ERROR_PARSE, _("The text is not valid UTF-8 (bad byte at offset %lu)"),
                 (gulong) ((const guint8 *) bad - data));
      return NULL;
    }
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  /* UTF-8 that is TCVN3 or VNI read as Latin-1, pasted out of a document in such a font:
   * converted only when it is plainly that (Unicode Vietnamese is never touched). */
  {
    char *converted = NULL;

    if (gb_legacy_vn_detect ((const char *) data, len, &converted) != GB_LEGACY_VN_NONE)
      return converted;
  }
  return g_strndup ((const char *) data, len);
}

/* Formats people send instead of a notice's text, each with what to do about it. */
static gboolean
refuse_known_binary (const guint8  *data,
                     gsize          len,
                     const char    *name,
                     GError       **error)
{
  if (len >= 8 && memcmp (data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
    set_error (error, name, GB_ERROR_INVALID_DATA,
               _("This is an old Microsoft Office file (such as a Word 97–2003 .doc), which cannot be read; "
                 "save it as DOCX, ODT or PDF"));
  else if (len >= 5 && memcmp (data, "{\\rtf", 5) == 0)
    set_error (error, name, GB_ERROR_INVALID_DATA,
               _("This is an RTF document, which cannot be read; save it as DOCX, ODT or PDF"));
  else if ((len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0) || (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
           || (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0)))
    set_error (error, name, GB_ERROR_INVALID_DATA,
               _("This is an image, not text: a scanned notice needs its text recognised (OCR) first"));
  else
    return FALSE;
  return TRUE;
}

/**
 * gb_notice_read_text_from_bytes:
 * @bytes: a notice file's contents
 * @name: (nullable): the file's name, which starts every error message
 *
 * Extracts a notice's text from a PDF (its text layer, pages separated by a blank line), a DOCX
 * or an ODT (paragraphs separated by blank lines, list numbers written out as typed), or text
 * (UTF-8, UTF-16 with a byte order mark, or Vietnamese in Windows-1258, TCVN3 or VNI). The
 * format is told by the content. Text in a TCVN3 (".VnTime") or VNI ("VNI-Times") font comes
 * out as the Vietnamese it shows.
 *
 * Returns: (transfer full) (nullable): UTF-8 text for gb_notice_parse(), or NULL with @error
 *   set (#GB_ERROR): an encrypted or scanned PDF, a damaged file, another kind of document.
 */
char *
gb_notice_read_text_from_bytes (GBytes      *bytes,
                                const char  *name,
                                GError     **error)
{
  gsize len = 0;
  const guint8 *data;
  char *text = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len > GB_NOTICE_SOURCE_MAX_FILE_BYTES)
    {
      g_autofree char *have = g_format_size (len);
      g_autofree char *most = g_format_size (GB_NOTICE_SOURCE_MAX_FILE_BYTES);
      set_error (error, name, GB_ERROR_INVALID_DATA, _("The file is too large for a notice (%s, at most %s)"), have, most);
      return NULL;
    }
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    text = read_pdf (bytes, name, error);
  else if (len >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    text = read_zip (bytes, name, error);
  else if (is_flat_odt (data, len))
    text = read_flat_odt (bytes, name, error);
  else if (refuse_known_binary (data, len, name, error))
    return NULL;
  else
    return read_plain (data, len, name, error);

  if (text == NULL)
    return NULL;
  /* PDFs in particular may carry decomposed Vietnamese ("ô" + "́"), which the parser's
   * patterns and the search index expect composed. */
  {
    char *nfc;

    if (!g_utf8_validate (text, -1, NULL))
      {
        set_error (error, name, GB_ERROR_PARSE, _("The document's text is not valid UTF-8"));
        g_free (text);
        return NULL;
      }
    /* In pieces: one g_utf8_normalize() over a long document would take minutes. */
    nfc = gb_text_nfc (text, -1);
    g_free (text);
    return nfc;
  }
}

/**
 * gb_notice_read_text:
 * @path: a notice file: text, Markdown, PDF, DOCX or ODT
 *
 * Reads at most #GB_NOTICE_SOURCE_MAX_FILE_BYTES of @path and extracts its text with
 * gb_notice_read_text_from_bytes(), errors naming @path.
 *
 * Returns: (transfer full) (nullable): the notice's text, or NULL with @error set.
 */
char *
gb_notice_read_text (const char  *path,
                     GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  const gsize chunk = 256 * 1024;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  in = g_file_read (file, NULL, error);
  if (in == NULL)
    return NULL;
  /* Read in chunks up to the limit, not whole: a FIFO or a device never ends. */
  for (;;)
    {
      gsize old = buf->len, n = 0;

      if (old > GB_NOTICE_SOURCE_MAX_FILE_BYTES)
        {
          g_autofree char *most = g_format_size (GB_NOTICE_SOURCE_MAX_FILE_BYTES);
          set_error (error, path, GB_ERROR_INVALID_DATA, _("The file is too large for a notice (more than %s)"), most);
          return NULL;
        }
      g_byte_array_set_size (buf, old + chunk);
      if (!g_input_stream_read_all (G_INPUT_STREAM (in), buf->data + old, chunk, &n, NULL, error))
        return NULL;
      g_byte_array_set_size (buf, old + n);
      if (n < chunk)
        break;
    }
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buf));
  return gb_notice_read_text_from_bytes (bytes, path, error);
}
