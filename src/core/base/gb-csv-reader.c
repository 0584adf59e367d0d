/* gb-csv-reader.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-csv-reader.h"
#include "gb-error.h"

struct _GbCsvReader
{
  GObject    parent_instance;
  char      *name;
  GBytes    *bytes;
  const char *data;
  gsize      len;
  gsize      pos;
  guint      line;        /* line where the current record starts, 1-based */
  guint      next_line;
  GPtrArray *fields;
  GString   *field;
  char       delimiter;
};

G_DEFINE_FINAL_TYPE (GbCsvReader, gb_csv_reader, G_TYPE_OBJECT)

static void
gb_csv_reader_finalize (GObject *object)
{
  GbCsvReader *self = GB_CSV_READER (object);

  g_free (self->name);
  g_bytes_unref (self->bytes);
  g_ptr_array_unref (self->fields);
  g_string_free (self->field, TRUE);
  G_OBJECT_CLASS (gb_csv_reader_parent_class)->finalize (object);
}

static void
gb_csv_reader_class_init (GbCsvReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gb_csv_reader_finalize;
}

static void
gb_csv_reader_init (GbCsvReader *self)
{
  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->field = g_string_new (NULL);
  self->next_line = 1;
  self->delimiter = ',';
}

/**
 * gb_csv_reader_new:
 * @name: the file name, for messages
 *
 * Refuses data that is not UTF-8 text (binary files, other encodings) up front.
 */
GbCsvReader *
gb_csv_reader_new (const char  *name,
                   GBytes      *bytes,
                   GError     **error)
{
  GbCsvReader *self;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *end = NULL;

  if (data == NULL)
    data = "";
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate_len (data, len, &end))
    {
      gsize offset = end ? (gsize) (end - data) : 0;
      guint line = 1;

      for (gsize i = 0; i < offset && i < len; i++)
        line += data[i] == '\n';
      if (memchr (data, '\0', len) != NULL)
        g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s: not a text file (it contains NUL bytes)"), name);
      else
        g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s:%u: not valid UTF-8 text"), name, line);
      return NULL;
    }

  self = g_object_new (GB_TYPE_CSV_READER, NULL);
  self->name = g_strdup (name);
  self->bytes = g_bytes_ref (bytes);
  self->data = data;
  self->len = len;
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    self->pos = 3;
  return self;
}

guint
gb_csv_reader_get_line (GbCsvReader *self)
{
  return self->line;
}

void
gb_csv_reader_set_delimiter (GbCsvReader *self,
                             char         delimiter)
{
  g_return_if_fail (GB_IS_CSV_READER (self));
  g_return_if_fail (delimiter != '"' && delimiter != '\n' && delimiter != '\r' && delimiter != '\0');

  self->delimiter = delimiter;
}

gboolean
gb_csv_reader_next (GbCsvReader  *self,
                    GPtrArray   **fields,
                    GError      **error)
{
  gboolean quoted = FALSE;
  gboolean was_quoted = FALSE;

  /* Skip blank lines between records. */
  while (self->pos < self->len && (self->data[self->pos] == '\n' || self->data[self->pos] == '\r'))
    {
      if (self->data[self->pos] == '\n')
        self->next_line++;
      self->pos++;
    }
  if (self->pos >= self->len)
    return FALSE;

  self->line = self->next_line;
  g_ptr_array_set_size (self->fields, 0);
  g_string_truncate (self->field, 0);

  while (self->pos < self->len)
    {
      char c = self->data[self->pos++];

      if (quoted)
        {
          if (c == '"')
            {
              if (self->pos < self->len && self->data[self->pos] == '"')
                {
                  g_string_append_c (self->field, '"');
                  self->pos++;
                }
              else
                quoted = FALSE;
            }
          else
            {
              if (c == '\n')
                self->next_line++;
              g_string_append_c (self->field, c);
            }
          continue;
        }

      if (c == '"' && self->field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
        }
      else if (c == self->delimiter)
        {
          g_ptr_array_add (self->fields, g_strdup (self->field->str));
          g_string_truncate (self->field, 0);
          was_quoted = FALSE;
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && self->pos < self->len && self->data[self->pos] == '\n')
            self->pos++;
          self->next_line++;
          break;
        }
      else if (was_quoted)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s:%u: text after a closing quote"),
                       self->name, self->line);
          return FALSE;
        }
      else
        g_string_append_c (self->field, c);
    }

  if (quoted)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("%s:%u: a quoted field is never closed"),
                   self->name, self->line);
      return FALSE;
    }

  g_ptr_array_add (self->fields, g_strdup (self->field->str));
  *fields = self->fields;
  return TRUE;
}
