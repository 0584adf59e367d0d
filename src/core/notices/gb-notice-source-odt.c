/* gb-notice-source-odt.c — an OpenDocument text's text (ODT, flat ODT), its list numbers written out
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-notice-source-private.h"

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
  g_autofree char *name = gb_source_get_prop (ls, STYLE_NS, "name");
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
      int level = gb_source_get_int_prop (c, TEXT_NS, "level", 0) - 1;
      OLevel *l;

      if (level < 0 || level >= N_LEVELS)
        continue;
      l = &s->levels[level];
      if (gb_source_is_el (c, TEXT_NS, "list-level-style-number"))
        {
          g_autofree char *fmt = gb_source_get_prop (c, STYLE_NS, "num-format");
          g_autofree char *sync = gb_source_get_prop (c, STYLE_NS, "num-letter-sync");

          l->bullet = FALSE;
          l->format = odf_format (fmt);
          l->letter_sync = g_strcmp0 (sync, "true") == 0;
          g_free (l->prefix);
          g_free (l->suffix);
          l->prefix = gb_source_get_prop (c, STYLE_NS, "num-prefix");
          l->suffix = gb_source_get_prop (c, STYLE_NS, "num-suffix");
          l->display_levels = CLAMP (gb_source_get_int_prop (c, TEXT_NS, "display-levels", 1), 1, level + 1);
          l->start = gb_source_get_int_prop (c, TEXT_NS, "start-value", 1);
        }
      else if (gb_source_is_el (c, TEXT_NS, "list-level-style-bullet") || gb_source_is_el (c, TEXT_NS, "list-level-style-image"))
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
  g_autofree char *name = gb_source_get_prop (style, STYLE_NS, "name");
  g_autofree char *family = gb_source_get_prop (style, STYLE_NS, "family");
  xmlNode *props = gb_source_first_child_el (style, STYLE_NS, "text-properties");
  OFont *f;

  if (family == NULL || !(strcmp (family, "text") == 0 || strcmp (family, "paragraph") == 0))
    return;
  f = g_new0 (OFont, 1);
  f->font_name = props ? gb_source_get_prop (props, STYLE_NS, "font-name") : NULL;
  f->family = props ? gb_source_get_prop (props, FO_NS, "font-family") : NULL;
  f->parent = gb_source_get_prop (style, STYLE_NS, "parent-style-name");
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
    if (gb_source_is_el (sec, OFFICE_NS, "font-face-decls"))
      for (xmlNode *c = sec->children; c != NULL; c = c->next)
        if (gb_source_is_el (c, STYLE_NS, "font-face"))
          {
            g_autofree char *name = gb_source_get_prop (c, STYLE_NS, "name");
            char *family = gb_source_get_prop (c, SVG_NS, "font-family");

            if (name != NULL && family != NULL)
              g_hash_table_replace (o->font_faces, g_steal_pointer (&name), family);
            else
              g_free (family);
          }
  for (xmlNode *sec = root->children; sec != NULL; sec = sec->next)
    if (gb_source_is_el (sec, OFFICE_NS, "styles") || gb_source_is_el (sec, OFFICE_NS, "automatic-styles"))
      for (xmlNode *c = sec->children; c != NULL; c = c->next)
        {
          if (gb_source_is_el (c, TEXT_NS, "list-style"))
            odt_read_list_style (o, c);
          else if (gb_source_is_el (c, STYLE_NS, "style"))
            odt_read_font (o, c, FALSE);
          else if (gb_source_is_el (c, STYLE_NS, "default-style"))
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
  gb_source_flush_legacy (para, o->legacy_from, &o->legacy, o->legacy_capitals);
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
      gb_source_append_counter (label, list->started[k] ? list->counter[k] : lk->start,
                                lk->bullet ? FMT_DECIMAL : lk->format, lk->letter_sync);
    }
  if (l->suffix != NULL)
    g_string_append (label, l->suffix);
  return gb_source_normalize_label (label, l->format);
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
          || gb_source_is_el (c, TEXT_NS, "s") || gb_source_is_el (c, TEXT_NS, "tab") || gb_source_is_el (c, TEXT_NS, "line-break"))
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
      if (gb_source_is_el (c, TEXT_NS, "s"))
        {
          /* Bounded: a document never needs more, and the count is the attacker's to choose. */
          int n = CLAMP (gb_source_get_int_prop (c, TEXT_NS, "c", 1), 1, 100);
          for (int i = 0; i < n; i++)
            g_string_append_c (para, ' ');
        }
      else if (gb_source_is_el (c, TEXT_NS, "tab"))
        g_string_append_c (para, '\t');
      else if (gb_source_is_el (c, TEXT_NS, "line-break"))
        g_string_append_c (para, '\n');
      else if (gb_source_is_el (c, TEXT_NS, "note") || gb_source_is_el (c, OFFICE_NS, "annotation")
               || gb_source_is_el (c, OFFICE_NS, "annotation-end") || gb_source_is_el (c, TEXT_NS, "tracked-changes"))
        continue;   /* footnotes and comments are not the notice's text */
      else if (gb_source_is_el (c, DRAW_NS, "text-box"))
        g_ptr_array_add (o->deferred, c);
      else if (gb_source_is_el (c, TEXT_NS, "number"))
        {
          /* A producer's cached label: the one computed from the list style wins; without one
           * (a heading numbered by the outline style) it is the only label there is. */
          if (!o->labelled)
            {
              g_autoptr(GString) label = g_string_new (NULL);
              g_autofree char *norm = NULL;
              gb_source_append_text_children (label, c);
              if ((norm = gb_source_normalize_label (g_steal_pointer (&label), FMT_DECIMAL)) != NULL)
                {
                  g_string_append (para, norm);
                  g_string_append_c (para, ' ');
                }
            }
        }
      else
        {
          /* text:span, text:a, text:meta, draw:frame, …: a span's style may name a font. */
          g_autofree char *style = gb_source_get_prop (c, TEXT_NS, "style-name");
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
  g_autofree char *style = gb_source_get_prop (p, TEXT_NS, "style-name");
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
  gb_source_sink_end_paragraph (o->sink, para);
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
  g_autofree char *style_name = gb_source_get_prop (node, TEXT_NS, "style-name");
  g_autofree char *cont = gb_source_get_prop (node, TEXT_NS, "continue-numbering");
  g_autofree char *cont_id = gb_source_get_prop (node, TEXT_NS, "continue-list");
  g_autofree char *id = gb_source_get_prop (node, "http://www.w3.org/XML/1998/namespace", "id");
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
      g_autofree char *style_name = gb_source_get_prop (node, TEXT_NS, "style-name");
      OListStyle *s = style_name ? g_hash_table_lookup (o->styles, style_name) : NULL;
      if (s != NULL)
        style = s;
    }
  level = MIN (level, N_LEVELS - 1);
  for (xmlNode *item = node->children; item != NULL && !o->sink->too_long; item = item->next)
    {
      gboolean header = gb_source_is_el (item, TEXT_NS, "list-header");
      gboolean first = TRUE;

      if (!header && !gb_source_is_el (item, TEXT_NS, "list-item"))
        continue;
      for (xmlNode *c = item->children; c != NULL; c = c->next)
        {
          if (gb_source_is_el (c, TEXT_NS, "p") || gb_source_is_el (c, TEXT_NS, "h"))
            {
              g_autofree char *label = NULL;
              if (first && !header)
                {
                  int start = gb_source_get_int_prop (item, TEXT_NS, "start-value", -1);
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
          else if (gb_source_is_el (c, TEXT_NS, "list"))
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
      if (gb_source_is_el (c, TEXT_NS, "p") || gb_source_is_el (c, TEXT_NS, "h"))
        odt_paragraph (o, c, NULL);
      else if (gb_source_is_el (c, TEXT_NS, "list"))
        odt_list (o, c, NULL, NULL, 0);
      else if (gb_source_is_el (c, TEXT_NS, "tracked-changes") || gb_source_is_el (c, OFFICE_NS, "forms")
               || gb_source_is_el (c, TEXT_NS, "sequence-decls") || gb_source_is_el (c, TEXT_NS, "variable-decls"))
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

  body = gb_source_first_child_el (root, OFFICE_NS, "body");
  for (xmlNode *c = body ? body->children : NULL; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      {
        text = c;
        break;
      }
  if (!(gb_source_is_el (root, OFFICE_NS, "document-content") || gb_source_is_el (root, OFFICE_NS, "document"))
      || !gb_source_is_el (text, OFFICE_NS, "text"))
    {
      gb_source_set_error (error, name, GB_ERROR_INVALID_DATA, _("This OpenDocument file is not a text document (ODT)"));
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
      gb_source_set_error (error, name, GB_ERROR_PARSE, _("The document's text is too long for a notice (more than %d bytes)"),
                           GB_NOTICE_MAX_BYTES);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
gb_source_read_odt (GsfInfile   *zip,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) styles = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlDoc) styles_doc = NULL;
  GError *local = NULL;

  content = gb_source_read_member (zip, "content.xml", GB_NOTICE_SOURCE_MAX_XML_BYTES, name, error);
  if (content == NULL)
    return NULL;
  if ((doc = gb_source_parse_xml (content, "content.xml", name, error)) == NULL)
    return NULL;
  styles = gb_source_read_member (zip, "styles.xml", GB_NOTICE_SOURCE_MAX_XML_BYTES, name, &local);
  if (styles != NULL)
    styles_doc = gb_source_parse_xml (styles, "styles.xml", name, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return odt_extract (doc, styles_doc, name, error);
}

/* A flat ODT (.fodt), or a content.xml on its own (pandoc -t opendocument): XML text, which
 * would otherwise be read as a notice full of tags. */
gboolean
gb_source_is_flat_odt (const guint8 *data,
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

char *
gb_source_read_flat_odt (GBytes      *bytes,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  if ((doc = gb_source_parse_xml (bytes, "the flat ODT", name, error)) == NULL)
    return NULL;
  return odt_extract (doc, NULL, name, error);
}
