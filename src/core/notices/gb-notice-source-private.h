/* gb-notice-source-private.h — shared by the gb-notice-source*.c files; nothing else includes it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gsf/gsf-infile.h>
#include <gsf/gsf-input.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "gb-error.h"
#include "gb-legacy-vn.h"
#include "gb-notice-parser.h"
#include "gb-notice-source.h"

G_BEGIN_DECLS

/* libgsf 1.14 declares no autoptr cleanups; its types are GObjects. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)
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

/* Where a reader writes the text, up to the parser's limit. */
typedef struct
{
  GString  *out;
  gboolean  too_long;
} Sink;

/* How a list level numbers its paragraphs. */
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

/* gb-notice-source.c: an error whose message starts with the file's @name (when not NULL) */
void      gb_source_set_error            (GError            **error,
                                          const char         *name,
                                          int                 code,
                                          const char         *format,
                                          ...) G_GNUC_PRINTF (4, 5);

/* gb-notice-source-lists.c */
void      gb_source_sink_end_paragraph   (Sink               *sink,
                                          GString            *para);
void      gb_source_append_counter       (GString            *s,
                                          int                 n,
                                          NumFormat           fmt,
                                          gboolean            letter_sync);
char     *gb_source_normalize_label      (GString            *label,
                                          NumFormat           own_format);
void      gb_source_flush_legacy         (GString            *para,
                                          gsize               from,
                                          GbLegacyVnEncoding *legacy,
                                          gboolean            capitals);

/* gb-notice-source-xml.c */
gboolean  gb_source_is_el                (xmlNode            *node,
                                          const char         *ns,
                                          const char         *local);
char     *gb_source_get_prop             (xmlNode            *node,
                                          const char         *ns,
                                          const char         *name);
int       gb_source_get_int_prop         (xmlNode            *node,
                                          const char         *ns,
                                          const char         *name,
                                          int                 fallback);
xmlNode  *gb_source_first_child_el       (xmlNode            *node,
                                          const char         *ns,
                                          const char         *local);
void      gb_source_append_text_children (GString            *s,
                                          xmlNode            *node);
xmlDoc   *gb_source_parse_xml            (GBytes             *xml,
                                          const char         *member,
                                          const char         *name,
                                          GError            **error);
GBytes   *gb_source_read_member          (GsfInfile          *zip,
                                          const char         *member,
                                          gsize               limit,
                                          const char         *name,
                                          GError            **error);
gboolean  gb_source_has_member           (GsfInfile          *zip,
                                          const char         *member);

/* The readers: each returns the document's text or NULL with @error set. */
char     *gb_source_read_docx            (GsfInfile          *zip,
                                          const char         *name,
                                          GError            **error);
char     *gb_source_read_odt             (GsfInfile          *zip,
                                          const char         *name,
                                          GError            **error);
gboolean  gb_source_is_flat_odt          (const guint8       *data,
                                          gsize               len);
char     *gb_source_read_flat_odt        (GBytes             *bytes,
                                          const char         *name,
                                          GError            **error);
char     *gb_source_read_pdf             (GBytes             *bytes,
                                          const char         *name,
                                          GError            **error);

G_END_DECLS
