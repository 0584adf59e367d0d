/* gb-notice-source-pdf.c — a PDF's text layer, lines joined back into paragraphs
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "gb-notice-source-private.h"

/* poppler-glib 22.12 declares no autoptr cleanups; both are GObjects. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

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

char *
gb_source_read_pdf (GBytes      *bytes,
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
        gb_source_set_error (error, name, GB_ERROR_INVALID_DATA,
                             _("This PDF is encrypted with a password, so its text cannot be read; import the "
                             "original document or a copy without a password"));
      else
        gb_source_set_error (error, name, GB_ERROR_PARSE, _("This PDF is damaged or truncated and cannot be read (%s)"),
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
            gb_source_set_error (error, name, GB_ERROR_PARSE, _("The document's text is too long for a notice (more than %d bytes)"),
                                 GB_NOTICE_MAX_BYTES);
            return NULL;
          }
      }
  }
  if (out->len == 0)
    {
      gb_source_set_error (error, name, GB_ERROR_INVALID_DATA,
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
