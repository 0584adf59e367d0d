/* gb-sheet-xls.c — old Excel workbooks (BIFF8 .xls) through libfreexl
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FreeXL reads a file by its path, so bytes go to a private temporary file first. It gives a
 * formula's saved result as a plain value (it cannot tell them apart), and dates as text.
 */
#include <freexl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "gb-error.h"
#include "gb-sheet-private.h"

static gboolean
read_sheet (GbWorkbook          *book,
            const char          *name,
            const void          *handle,
            unsigned short       index,
            const GbSheetLimits *limits,
            GError             **error)
{
  const char *sheet_name = NULL;
  unsigned int rows = 0;
  unsigned short columns = 0;
  GbSheet *sheet;

  if (freexl_get_worksheet_name (handle, index, &sheet_name) != FREEXL_OK ||
      freexl_select_active_worksheet (handle, index) != FREEXL_OK ||
      freexl_worksheet_dimensions (handle, &rows, &columns) != FREEXL_OK)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, "%s: a damaged XLS file (sheet %u)", name, index + 1);
      return FALSE;
    }
  sheet = gb_sheet_new (sheet_name ? sheet_name : "", limits);
  g_ptr_array_add (book->sheets, sheet);
  for (unsigned int r = 0; r < rows; r++)
    {
      if (!gb_sheet_begin_row (sheet, r + 1, name, error))
        return FALSE;
      for (unsigned short c = 0; c < columns; c++)
        {
          FreeXL_CellValue v;
          gboolean ok = TRUE;

          if (freexl_get_cell_value (handle, r, c, &v) != FREEXL_OK)
            continue;
          switch (v.type)
            {
            case FREEXL_CELL_INT:
              ok = gb_sheet_add_cell (sheet, c, GB_CELL_NUMBER, 0, v.value.int_value, NULL, name, error);
              break;
            case FREEXL_CELL_DOUBLE:
              ok = gb_sheet_add_cell (sheet, c, GB_CELL_NUMBER, 0, v.value.double_value, NULL, name, error);
              break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
            case FREEXL_CELL_TIME:
              ok = gb_sheet_add_cell (sheet, c, GB_CELL_TEXT, 0, 0, v.value.text_value, name, error);
              break;
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
              ok = gb_sheet_add_cell (sheet, c, GB_CELL_TEXT, GB_SHEET_FLAG_DATE, 0, v.value.text_value, name, error);
              break;
            default:
              break;
            }
          if (!ok)
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
gb_sheet_read_xls (GbWorkbook          *book,
                   const char          *name,
                   GBytes              *bytes,
                   const GbSheetLimits *limits,
                   GError             **error)
{
  g_autofree char *path = NULL;
  const void *handle = NULL;
  unsigned int n_sheets = 0;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  gboolean ok = TRUE;
  int fd;

  if (len > limits->max_bytes)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_TOO_LARGE, "%s: the file is larger than the size limit for a workbook", name);
      return FALSE;
    }
  if ((fd = g_file_open_tmp ("giaoban-XXXXXX.xls", &path, error)) < 0)
    return FALSE;
  close (fd);
  if (!g_file_set_contents (path, data, len, error))
    {
      g_unlink (path);
      return FALSE;
    }
  if (freexl_open (path, &handle) != FREEXL_OK)
    {
      g_unlink (path);
      if (handle != NULL)
        freexl_close (handle);
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE,
                   "%s: not an Excel 97–2003 workbook that can be read (a damaged or password-protected XLS?)", name);
      return FALSE;
    }
  g_unlink (path);
  if (freexl_get_info (handle, FREEXL_BIFF_SHEET_COUNT, &n_sheets) != FREEXL_OK)
    n_sheets = 0;
  for (unsigned int i = 0; ok && i < n_sheets && i < G_MAXUINT16; i++)
    ok = read_sheet (book, name, handle, (unsigned short) i, limits, error);
  freexl_close (handle);
  return ok;
}
