/* gb-json-check.c — a strict JSON syntax, depth and size check, run before any parser
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib parses recursively (a body of 200,000 "[" overflows the stack) and is lenient:
 * it takes comments and single-quoted strings, turns a lone surrogate escape into invalid
 * UTF-8 and cuts a text at "\u0000". So every JSON text from outside the program passes
 * this scanner first. It is written by hand because no Debian library checks JSON without
 * building it: one pass, no recursion, no allocation but the stack of open containers, and
 * it accepts only RFC 8259 (with I-JSON's rule that a text is whole characters).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-json-check.h"

/* Beyond this the caller asks for something no JSON of ours needs. */
#define MAX_DEPTH_LIMIT 4096

typedef struct
{
  const guchar *start;
  const guchar *p;
  const guchar *end;
  guint         depth;
  guint         max_depth;
  guchar       *stack;  /* '{' or '[' for each open container */
  /* gb_json_check_flaws() only: what json-glib would misread, and where each container is */
  GPtrArray     *flaws;
  guint         *index;   /* an array's element being read */
  const guchar **name;    /* an object's member being read (its opening quote) */
  GHashTable   **names;   /* an object's member names so far */
} Scan;

#define MAX_FLAWS 1000

static int
hex4 (const guchar *p)
{
  int v = 0;

  for (guint i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

static void
flaw_free (gpointer data)
{
  GbJsonFlaw *flaw = data;

  g_free (flaw->path);
  g_free (flaw->reason);
  g_free (flaw);
}

/* The text of the string whose opening quote is at @open (known to be closed), escapes
 * undone; a NUL or half a surrogate pair is written as its escape so the name can be shown. */
static char *
decode_string (const guchar *open)
{
  GString *out = g_string_new (NULL);

  for (const guchar *p = open + 1; *p != '"'; p++)
    {
      int v;

      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      if (*p != 'u')
        {
          static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";
          const char *at = strchr (from, *p);

          g_string_append_c (out, at ? to[at - from] : (char) *p);
          continue;
        }
      v = hex4 (p + 1);
      p += 4;
      if (v >= 0xd800 && v <= 0xdbff && p[1] == '\\' && p[2] == 'u' && hex4 (p + 3) >= 0xdc00
          && hex4 (p + 3) <= 0xdfff)
        {
          v = 0x10000 + ((v - 0xd800) << 10) + (hex4 (p + 3) - 0xdc00);
          p += 6;
        }
      if (v == 0 || (v >= 0xd800 && v <= 0xdfff))
        g_string_append_printf (out, "\\u%04x", (guint) v);
      else
        g_string_append_unichar (out, v);
    }
  return g_string_free (out, FALSE);
}

/* Where the scanner is, as "changes[3].row.subject". */
static char *
scan_path (Scan *s)
{
  GString *path = g_string_new (NULL);

  for (guint d = 0; d < s->depth; d++)
    if (s->stack[d] == '[')
      g_string_append_printf (path, "[%u]", s->index[d]);
    else if (s->name[d] != NULL)
      {
        g_autofree char *name = decode_string (s->name[d]);

        if (path->len > 0)
          g_string_append_c (path, '.');
        g_string_append (path, name);
      }
  return g_string_free (path, FALSE);
}

static void G_GNUC_PRINTF (3, 4)
add_flaw (Scan         *s,
          const guchar *escape,
          const char   *format,
          ...)
{
  GbJsonFlaw *flaw;
  va_list args;

  if (s->flaws->len >= MAX_FLAWS)
    return;
  flaw = g_new0 (GbJsonFlaw, 1);
  flaw->path = scan_path (s);
  flaw->escape = escape ? (gssize) (escape - s->start) : -1;
  va_start (args, format);
  flaw->reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (s->flaws, flaw);
}

static void
open_container (Scan   *s,
                guchar  open)
{
  s->stack[s->depth] = open;
  if (s->flaws != NULL)
    {
      s->index[s->depth] = 0;
      s->name[s->depth] = NULL;
      if (open == '{')
        s->names[s->depth] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  s->depth++;
}

static void
close_container (Scan *s)
{
  s->depth--;
  if (s->flaws != NULL)
    g_clear_pointer (&s->names[s->depth], g_hash_table_unref);
}

static gboolean G_GNUC_PRINTF (4, 5)
fail_at (Scan         *s,
         const guchar *at,
         GError      **error,
         const char   *format,
         ...)
{
  g_autofree char *reason = NULL;
  const guchar *line_start = s->start;
  guint line = 1;
  va_list args;

  for (const guchar *q = s->start; q < at; q++)
    if (*q == '\n')
      {
        line++;
        line_start = q + 1;
      }
  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  /* The text before @at was checked to be UTF-8, so columns count characters. */
  g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("line %u, column %lu: %s"), line,
               (unsigned long) g_utf8_strlen ((const char *) line_start, at - line_start) + 1, reason);
  return FALSE;
}

/* Why the byte at s->p cannot start what was expected. */
static gboolean
fail_unexpected (Scan       *s,
                 const char *expected,
                 GError    **error)
{
  guchar c;

  if (s->p >= s->end)
    return fail_at (s, s->p, error, _("the text ends inside the JSON value"));
  c = *s->p;
  if (c == '/')
    return fail_at (s, s->p, error, _("comments are not allowed in JSON"));
  if (c == '\'')
    return fail_at (s, s->p, error, _("single quotes are not JSON: strings take double quotes"));
  if (c > 0x20 && c < 0x7f)
    return fail_at (s, s->p, error, _("expected %s, found “%c”"), expected, c);
  return fail_at (s, s->p, error, _("expected %s, found the byte 0x%02x"), expected, c);
}

static void
skip_space (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

/* "\uXXXX" at s->p (past the backslash and "u"); a high surrogate must pair with a low one. */
static gboolean
scan_unicode_escape (Scan    *s,
                     GError **error)
{
  const guchar *at = s->p - 2;
  int v;

  if (s->end - s->p < 4 || (v = hex4 (s->p)) < 0)
    return fail_at (s, at, error, _("“\\u” takes four hexadecimal digits"));
  s->p += 4;
  if (v == 0)
    {
      if (s->flaws == NULL)
        return fail_at (s, at, error, _("“\\u0000” (a NUL character) is not allowed in a text"));
      add_flaw (s, at, _("“\\u0000” (a NUL character) is not allowed in a text"));
      return TRUE;
    }
  if (v >= 0xd800 && v <= 0xdbff)
    {
      int low;

      if (s->end - s->p >= 6 && s->p[0] == '\\' && s->p[1] == 'u' && (low = hex4 (s->p + 2)) >= 0xdc00
          && low <= 0xdfff)
        {
          s->p += 6;
          return TRUE;
        }
    }
  if (v >= 0xd800 && v <= 0xdfff)
    {
      if (s->flaws == NULL)
        return fail_at (s, at, error, _("“\\u%04x” is half of a surrogate pair, alone"), (guint) v);
      add_flaw (s, at, _("“\\u%04x” is half of a surrogate pair, alone"), (guint) v);
    }
  return TRUE;
}

/* A string, s->p on its opening quote. */
static gboolean
scan_string (Scan    *s,
             GError **error)
{
  const guchar *open = s->p++;

  while (s->p < s->end)
    {
      guchar c = *s->p;

      if (c == '"')
        {
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return fail_at (s, s->p, error, _("a control character in a string must be escaped"));
      s->p++;
      if (c != '\\')
        continue;
      if (s->p >= s->end)
        break;
      c = *s->p++;
      if (c == 'u')
        {
          if (!scan_unicode_escape (s, error))
            return FALSE;
        }
      else if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        return fail_at (s, s->p - 2, error, _("“\\%c” is not a JSON escape"), g_ascii_isprint (c) ? c : '?');
    }
  return fail_at (s, open, error, _("the string is not closed"));
}

static gboolean
scan_digits (Scan *s)
{
  const guchar *from = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return s->p > from;
}

static gboolean
scan_number (Scan    *s,
             GError **error)
{
  const guchar *from = s->p;

  if (*s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (s->p >= s->end || *s->p < '1' || *s->p > '9' || !scan_digits (s))
    return fail_at (s, from, error, _("a malformed number"));
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!scan_digits (s))
        return fail_at (s, from, error, _("a malformed number"));
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!scan_digits (s))
        return fail_at (s, from, error, _("a malformed number"));
    }
  return TRUE;
}

static gboolean
scan_literal (Scan       *s,
              const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return FALSE;
  s->p += n;
  return TRUE;
}

/* A string, number, true, false or null at s->p. */
static gboolean
scan_scalar (Scan    *s,
             GError **error)
{
  if (s->p < s->end && *s->p == '"')
    return scan_string (s, error);
  if (s->p < s->end && (*s->p == '-' || g_ascii_isdigit (*s->p)))
    return scan_number (s, error);
  if (scan_literal (s, "true") || scan_literal (s, "false") || scan_literal (s, "null"))
    return TRUE;
  return fail_unexpected (s, _("a value"), error);
}

/* A member name and its colon, s->p anywhere before the name. */
static gboolean
scan_member_name (Scan    *s,
                  GError **error)
{
  const guchar *open;

  skip_space (s);
  if (s->p >= s->end || *s->p != '"')
    return fail_unexpected (s, _("a member name in double quotes"), error);
  open = s->p;
  if (s->flaws != NULL)
    s->name[s->depth - 1] = open;
  if (!scan_string (s, error))
    return FALSE;
  if (s->flaws != NULL)
    {
      char *name = decode_string (open);

      /* json-glib keeps the last of two members with one name: a key {"uid":"a","uid":"b"}
       * would name another row than it seems to. */
      if (!g_hash_table_add (s->names[s->depth - 1], name))
        add_flaw (s, NULL, _("the member “%s” appears twice"), name);
    }
  skip_space (s);
  if (s->p >= s->end || *s->p != ':')
    return fail_unexpected (s, _("“:”"), error);
  s->p++;
  return TRUE;
}

/* After a value inside containers: commas and closings until the next value is due.
 * TRUE with s->depth == 0 once the outermost value is closed. */
static gboolean
scan_after_value (Scan    *s,
                  GError **error)
{
  while (s->depth > 0)
    {
      guchar open = s->stack[s->depth - 1];
      guchar close = open == '{' ? '}' : ']';

      skip_space (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          if (open == '[' && s->flaws != NULL)
            s->index[s->depth - 1]++;
          return open == '[' || scan_member_name (s, error);
        }
      if (s->p < s->end && *s->p == close)
        {
          s->p++;
          close_container (s);
          continue;
        }
      return fail_unexpected (s, open == '{' ? _("“,” or “}”") : _("“,” or “]”"), error);
    }
  return TRUE;
}

/* One whole value, without recursion: the open containers are on s->stack. */
static gboolean
scan_value (Scan    *s,
            GError **error)
{
  do
    {
      skip_space (s);
      if (s->p < s->end && (*s->p == '{' || *s->p == '['))
        {
          guchar open = *s->p;

          if (s->depth == s->max_depth)
            return fail_at (s, s->p, error, _("the JSON nests deeper than %u levels"), s->max_depth);
          open_container (s, open);
          s->p++;
          skip_space (s);
          if (s->p < s->end && *s->p == (open == '{' ? '}' : ']'))
            {
              s->p++;
              close_container (s);
            }
          else
            {
              if (open == '{' && !scan_member_name (s, error))
                return FALSE;
              continue;
            }
        }
      else if (!scan_scalar (s, error))
        return FALSE;
      if (!scan_after_value (s, error))
        return FALSE;
    }
  while (s->depth > 0);
  return TRUE;
}

static gboolean
check_text (const char  *data,
            gsize        len,
            guint        max_depth,
            gsize        max_size,
            GPtrArray   *flaws,
            GError     **error)
{
  g_autofree guchar *stack = NULL;
  g_autofree guint *index = NULL;
  g_autofree const guchar **name = NULL;
  g_autofree GHashTable **names = NULL;
  const char *bad = NULL;
  gboolean ok = FALSE;
  Scan s = { 0 };

  s.start = s.p = (const guchar *) data;
  s.end = s.start + len;
  if (len > max_size)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("the JSON text is larger than %lu bytes"),
                   (unsigned long) max_size);
      return FALSE;
    }
  if (!g_utf8_validate_len (data, len, &bad))
    return fail_at (&s, (const guchar *) bad, error,
                    *bad == '\0' ? _("a NUL byte is not JSON") : _("the text is not UTF-8"));
  /* RFC 8259 lets a reader ignore a byte order mark, and json-glib does; editors on
   * Windows write one. */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    s.p += 3;
  skip_space (&s);
  if (s.p == s.end)
    return fail_at (&s, s.p, error, _("the text is empty"));
  s.max_depth = max_depth;
  s.stack = stack = g_malloc (max_depth);
  if (flaws != NULL)
    {
      s.flaws = flaws;
      s.index = index = g_new0 (guint, max_depth);
      s.name = name = g_new0 (const guchar *, max_depth);
      s.names = names = g_new0 (GHashTable *, max_depth);
    }
  if (scan_value (&s, error))
    {
      skip_space (&s);
      ok = s.p == s.end || fail_at (&s, s.p, error, _("text after the end of the JSON value"));
    }
  while (s.depth > 0)
    close_container (&s);
  return ok;
}

/**
 * gb_json_check:
 * @data: the text (need not end in NUL)
 * @max_depth: how deeply arrays and objects may nest (1 to 4096)
 * @max_size: the largest text accepted, in bytes
 *
 * Checks that @data is one strict JSON value (RFC 8259: no comments, no single quotes, no
 * trailing text; a leading byte order mark is skipped) of whole UTF-8 characters (no NUL, no lone
 * surrogate escape), nesting at most @max_depth containers and at most @max_size bytes
 * long, so that a parser given it cannot crash or store a broken text.
 *
 * Returns: TRUE when it is; otherwise FALSE with a #GB_ERROR_PARSE error that names the
 *   line and column (the caller adds whose text it is)
 */
gboolean
gb_json_check (const char  *data,
               gsize        len,
               guint        max_depth,
               gsize        max_size,
               GError     **error)
{
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (max_depth >= 1 && max_depth <= MAX_DEPTH_LIMIT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_text (data, len, max_depth, max_size, NULL, error);
}

/**
 * gb_json_check_flaws:
 * @flaws: (out) (transfer full): the #GbJsonFlaw found, in order (at most 1000)
 *
 * Same as gb_json_check(), except that what json-glib would parse but misread does not refuse
 * the text: a "\u0000" (json-glib cuts the text there), half a surrogate pair (it stores invalid
 * UTF-8) and a member name given twice in one object (it keeps the last) are listed in @flaws,
 * each with where it is ("changes[3].row.subject"), so that a caller can refuse only the part
 * of the text that holds one.
 *
 * Returns: TRUE when @data is otherwise strict JSON (@flaws set, maybe empty); FALSE with a
 *   #GB_ERROR_PARSE error as gb_json_check()
 */
gboolean
gb_json_check_flaws (const char  *data,
                     gsize        len,
                     guint        max_depth,
                     gsize        max_size,
                     GPtrArray  **flaws,
                     GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (max_depth >= 1 && max_depth <= MAX_DEPTH_LIMIT, FALSE);
  g_return_val_if_fail (flaws != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  found = g_ptr_array_new_with_free_func (flaw_free);
  if (!check_text (data, len, max_depth, max_size, found, error))
    return FALSE;
  *flaws = g_steal_pointer (&found);
  return TRUE;
}

/**
 * gb_json_mend:
 * @flaws: what gb_json_check_flaws() found in @data
 *
 * A copy of @data that json-glib reads without harm: every flawed escape ("\u0000", half a
 * surrogate pair, which json-glib refuses or turns into invalid UTF-8) is written "\ufffd",
 * of the same length, so the flaws' paths still hold. The caller refuses what they name.
 *
 * Returns: (transfer full): @len bytes and a NUL
 */
char *
gb_json_mend (const char *data,
              gsize       len,
              GPtrArray  *flaws)
{
  char *copy;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (flaws != NULL, NULL);

  copy = g_malloc (len + 1);
  memcpy (copy, data, len);
  copy[len] = '\0';
  for (guint i = 0; i < flaws->len; i++)
    {
      const GbJsonFlaw *f = flaws->pdata[i];

      if (f->escape >= 0 && (gsize) f->escape + 6 <= len)
        memcpy (copy + f->escape, "\\ufffd", 6);
    }
  return copy;
}
