/* gb-file.h — files written whole or not at all, and saying why they could not be
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GB_FILE_KIND_UNKNOWN,
  GB_FILE_KIND_PNG,
  GB_FILE_KIND_SVG,
  GB_FILE_KIND_PDF,
} GbFileKind;

/* Draws one page of @width × @height into @cr. */
typedef void (*GbFileDrawFunc) (cairo_t *cr,
                                double   width,
                                double   height,
                                gpointer user_data);

GbFileKind       gb_file_kind_from_name   (const char     *path);
gboolean         gb_file_write            (const char     *path,
                                           const void     *data,
                                           gsize           len,
                                           GError        **error);
gboolean         gb_file_export_drawing   (const char     *path,
                                           double          width,
                                           double          height,
                                           GbFileDrawFunc  draw,
                                           gpointer        user_data,
                                           GError        **error);
cairo_surface_t *gb_file_pdf_surface_new  (double          width,
                                           double          height,
                                           GByteArray     *sink);
gboolean         gb_file_finish_surface   (cairo_surface_t *surface,
                                           const char      *path,
                                           GError         **error);

G_END_DECLS
