/* gb-notice-source-xml.c — the XML and zip members of DOCX and ODT packages, read safely
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-notice-source-private.h"

/* ---- XML helpers ----------------------------------------------------------------------- */

gboolean
gb_source_is_el (xmlNode    *node,
                 const char *ns,
                 const char *local)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL
         && strcmp ((const char *) node->name, local) == 0
         && strcmp ((const char *) node->ns->href, ns) == 0;
}

char *
gb_source_get_prop (xmlNode    *node,
                    const char *ns,
                    const char *name)
{
  xmlChar *v = xmlGetNsProp (node, (const xmlChar *) name, (const xmlChar *) ns);
  char *copy = v ? g_strdup ((const char *) v) : NULL;

  xmlFree (v);
  return copy;
}

int
gb_source_get_int_prop (xmlNode    *node,
                        const char *ns,
                        const char *name,
                        int         fallback)
{
  g_autofree char *v = gb_source_get_prop (node, ns, name);
  gint64 n;

  if (v == NULL || !g_ascii_isdigit (v[v[0] == '-']))
    return fallback;
  n = g_ascii_strtoll (v, NULL, 10);
  return (int) CLAMP (n, -1000000, 1000000);
}

xmlNode *
gb_source_first_child_el (xmlNode    *node,
                          const char *ns,
                          const char *local)
{
  for (xmlNode *c = node ? node->children : NULL; c != NULL; c = c->next)
    if (gb_source_is_el (c, ns, local))
      return c;
  return NULL;
}

/* Text content of the node's own text children: entity references (which no DOCX or ODT has)
 * are skipped, never expanded. */
void
gb_source_append_text_children (GString *s,
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

xmlDoc *
gb_source_parse_xml (GBytes      *xml,
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
      gb_source_set_error (error, name, GB_ERROR_PARSE, _("%s in the package is not well-formed XML (%s)"), member, why);
      if (doc != NULL)
        xmlFreeDoc (doc);
      return NULL;
    }
  /* A DTD is where entity bombs and external entities live, and DOCX and ODT never have one. */
  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      gb_source_set_error (error, name, GB_ERROR_PARSE, _("%s in the package declares a DTD, which no DOCX or ODT does; it is refused"),
                           member);
      xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

/* ---- zip members ----------------------------------------------------------------------- */

/* Reads a member whole, refusing it when its uncompressed size is over @limit: the size is
 * the one the zip's directory declares, and libgsf never inflates past it. */
GBytes *
gb_source_read_member (GsfInfile   *zip,
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
      gb_source_set_error (error, name, GB_ERROR_INVALID_DATA,
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
          gb_source_set_error (error, name, GB_ERROR_PARSE, _("%s in the package is damaged: it cannot be decompressed"), member);
          return NULL;
        }
      done += chunk;
    }
  buf[done] = '\0';
  return g_bytes_new_take (g_steal_pointer (&buf), done);
}

gboolean
gb_source_has_member (GsfInfile  *zip,
                      const char *member)
{
  g_auto(GStrv) parts = g_strsplit (member, "/", -1);
  g_autoptr(GsfInput) in = gsf_infile_child_by_aname (zip, (const char **) parts);

  return in != NULL;
}
