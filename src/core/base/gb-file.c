/* gb-file.c — the one way the core writes a file the user asked for
 *
 * Every export (charts, the map, slides, conclusions, reports) is drawn or packed in memory and
 * then written with g_file_set_contents_full(): a failed or interrupted export never leaves a
 * half-written file in place of a good one, and every failure says "Could not write PATH: why".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gb-error.h"
#include "gb-file.h"

/**
 * gb_file_kind_from_name:
 *
 * Returns: the drawing format the name's ending asks for (.png, .svg, .pdf, any case)
 */
GbFileKind
gb_file_kind_from_name (const char *path)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, GB_FILE_KIND_UNKNOWN);
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    return GB_FILE_KIND_PNG;
  if (g_str_has_suffix (lower, ".svg"))
    return GB_FILE_KIND_SVG;
  if (g_str_has_suffix (lower, ".pdf"))
    return GB_FILE_KIND_PDF;
  return GB_FILE_KIND_UNKNOWN;
}

/* A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written to, not replaced: a file
 * renamed over /dev/null would break every program on the machine. */
static gboolean
write_in_place (const char  *path,
                const char  *data,
                gsize        len,
                GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_TRUNC | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved), g_strerror (saved));
      return FALSE;
    }
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : EIO;

          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved), g_strerror (saved));
          close (fd);
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return g_close (fd, error);
}

/**
 * gb_file_write:
 *
 * Replaces @path with @data atomically (a temporary file renamed over it, synced). A path
 * naming a device or a pipe (/dev/null, a FIFO) is written to instead, never replaced.
 *
 * Returns: %FALSE with @error saying "Could not write PATH: why"
 */
gboolean
gb_file_write (const char  *path,
               const void  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(GError) local = NULL;
  GStatBuf st;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  if (g_stat (path, &st) == 0 && (S_ISCHR (st.st_mode) || S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode)))
    ok = write_in_place (path, data ? data : "", len, &local);
  else
    ok = g_file_set_contents_full (path, data ? data : "", len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local);
  if (!ok)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Could not write %s: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* The sink of a surface from gb_file_pdf_surface_new(), found again when it is finished. */
static cairo_user_data_key_t sink_key;

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * gb_file_pdf_surface_new:
 * @sink: where the PDF's bytes go
 *
 * For documents of several pages: draw, then gb_file_finish_surface().
 *
 * Returns: (transfer full): a PDF surface writing into @sink
 */
cairo_surface_t *
gb_file_pdf_surface_new (double      width,
                         double      height,
                         GByteArray *sink)
{
  cairo_surface_t *surface;

  g_return_val_if_fail (sink != NULL, NULL);
  surface = cairo_pdf_surface_create_for_stream (append_cb, sink, width, height);
  cairo_surface_set_user_data (surface, &sink_key, sink, NULL);
  return surface;
}

static gboolean
finish (cairo_surface_t  *surface,
        GByteArray       *sink,
        const char       *path,
        GError          **error)
{
  cairo_status_t status;

  if (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE)
    status = cairo_surface_write_to_png_stream (surface, append_cb, sink);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Could not write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return gb_file_write (path, sink->data, sink->len, error);
}

/**
 * gb_file_finish_surface:
 * @surface: (transfer full): a surface from gb_file_pdf_surface_new(), or an image surface
 *   to save as PNG
 *
 * Finishes @surface and writes what it drew to @path.
 *
 * Returns: %FALSE with @error set when drawing or writing failed
 */
gboolean
gb_file_finish_surface (cairo_surface_t  *surface,
                        const char       *path,
                        GError          **error)
{
  GByteArray *sink;
  g_autoptr(GByteArray) own = NULL;

  g_return_val_if_fail (surface != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  sink = cairo_surface_get_user_data (surface, &sink_key);
  if (sink == NULL)
    sink = own = g_byte_array_new ();
  return finish (surface, sink, path, error);
}

/**
 * gb_file_export_drawing:
 * @path: ends in .png, .svg or .pdf, which chooses the format
 * @draw: draws the one page
 *
 * Returns: %FALSE with @error set when the name has no known ending, drawing failed or the
 *   file could not be written; the file is then as it was
 */
gboolean
gb_file_export_drawing (const char      *path,
                        double           width,
                        double           height,
                        GbFileDrawFunc   draw,
                        gpointer         user_data,
                        GError         **error)
{
  g_autoptr(GByteArray) sink = NULL;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  sink = g_byte_array_new ();
  switch (gb_file_kind_from_name (path))
    {
    case GB_FILE_KIND_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
      break;
    case GB_FILE_KIND_SVG:
      surface = cairo_svg_surface_create_for_stream (append_cb, sink, width, height);
      break;
    case GB_FILE_KIND_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_cb, sink, width, height);
      break;
    case GB_FILE_KIND_UNKNOWN:
    default:
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("%s: the file name must end in .png, .svg or .pdf"), path);
      return FALSE;
    }
  cr = cairo_create (surface);
  draw (cr, width, height, user_data);
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_FAILED, _("Could not write %s: %s"), path,
                   cairo_status_to_string (cairo_status (cr)));
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_destroy (cr);
  return finish (surface, sink, path, error);
}
