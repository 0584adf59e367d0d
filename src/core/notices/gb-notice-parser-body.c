/* gb-notice-parser-body.c — the body's items: numbers, bullets and paragraphs into a tree
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gb-notice-parser-private.h"

typedef enum
{
  RANK_ROOT,
  RANK_NUMBER,
  RANK_LETTER,
  RANK_DASH,
  RANK_PLUS,
  RANK_PARA,
} Rank;

typedef struct
{
  Rank          rank;
  int           depth;        /* components of a number ("3.2" → 2) */
  GbNoticeItem *item;         /* NULL for the root */
  int           n_children;
  gboolean      heads_list;   /* a paragraph ending with ":" ("Giao Sở Y tế:"): bullets follow */
} Node;

/* ---- items ---------------------------------------------------------------------------- */

static const char *const closing_starts[] = {
  "Đề nghị các", "Yêu cầu các", "Công văn này", "Thông báo này", "Chỉ thị này", "Điện này",
  "Công điện này", "Kế hoạch này", "Trên đây", "Nhận được", "Trong quá trình thực hiện",
  "Ban Thường vụ Tỉnh ủy yêu cầu", "Thường trực Tỉnh ủy yêu cầu", "Nơi nhận",
};

static const char *const assessment_starts[] = {
  "Tình hình", "Thời gian qua", "Thời gian gần đây", "Nhìn chung", "Kết quả", "Về tình hình",
  "Đánh giá chung", "Những kết quả", "Trong thời gian qua", "Qua ", "Thời gian tới, tình hình",
  "Thường trực Tỉnh ủy đánh giá", "Ban Thường vụ Tỉnh ủy đánh giá", "Đánh giá cao",
  "Ghi nhận", "Biểu dương",
};

/* Words that make a paragraph ending with ":" the lead of the tasks after it. */
static const char *const lead_cues[] = {
  "yêu cầu", "đề nghị", "giao", "chỉ đạo", "nội dung", "sau đây", "thống nhất", "thông báo",
  "kết luận", "quyết định", "chỉ thị", "nhiệm vụ", "biện pháp sau", "thực hiện một số",
};

/* Where the lower-case @word stands as a word in @text, or at its start with a capital; NULL if
 * nowhere. Cheaper than folding the paragraph: the words have no tone to place two ways. */
static const char *
find_word (const char *text,
           const char *word)
{
  gsize n = strlen (word);

  if (gb_parser_starts_with_ci (text, word) && strchr (" :,", text[n]) != NULL)
    return text;
  for (const char *hit = strstr (text, word); hit != NULL; hit = strstr (hit + 1, word))
    if (hit[-1] == ' ' && strchr (" :,", hit[n]) != NULL)
      return hit;
  return NULL;
}

/* "Chủ tịch UBND huyện yêu cầu thủ trưởng các cơ quan … thực hiện nghiêm một số biện pháp sau:":
 * the paragraphs after it are tasks even without numbers. */
gboolean
gb_parser_is_lead (const char *text)
{
  gsize n = strlen (text);

  if (n < 4 || n > 1200 || text[n - 1] != ':' || gb_parser_is_bullet (text) || gb_parser_is_numbered (text)
      || gb_parser_is_keyword_line (text))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (lead_cues); i++)
    if (find_word (text, lead_cues[i]) != NULL)
      return TRUE;
  return FALSE;
}

typedef enum
{
  LINE_BODY,
  LINE_SKIP,     /* a note, not an item: "(Gửi kèm …)" */
  LINE_CLOSE,    /* the body is over: "./.", an editorial "BBT", "… nghiêm túc triển khai thực hiện./." */
} LineEnd;

static LineEnd
closing_line (const char *text)
{
  g_autofree char *f = NULL;
  gsize n = strlen (text);
  gboolean caps = n > 0 && n <= 8;

  if (g_str_equal (text, "./.") || g_str_equal (text, "/.") || g_str_equal (text, "./"))
    return LINE_CLOSE;
  if (text[0] == '(' && n > 1 && strrchr (text, ')') != NULL && strrchr (text, ')') >= text + n - 4)
    return LINE_SKIP;
  for (const char *p = text; caps && *p; p = g_utf8_next_char (p))
    caps = g_unichar_isupper (g_utf8_get_char (p));
  if (caps)
    return LINE_CLOSE;
  if (gb_parser_starts_with_ci (text, "Nơi nhận") || g_ascii_strncasecmp (text, "Noi nhan", 8) == 0)
    return LINE_CLOSE;
  if (n >= 400 || !(g_str_has_suffix (text, "/.") || g_str_has_suffix (text, "./.")))
    return LINE_BODY;
  f = gb_organisations_fold (text);
  if ((strstr (f, "yêu cầu") || strstr (f, "đề nghị"))
      && (strstr (f, "nghiêm túc") || strstr (f, "triển khai") || strstr (f, "thực hiện")))
    return LINE_CLOSE;
  return LINE_BODY;
}

static gboolean
is_assessment (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (assessment_starts); i++)
    if (gb_parser_starts_with_ci (text, assessment_starts[i]))
      return TRUE;
  return FALSE;
}

/* Items glued on one line ("… hiệu quả. 8. Tăng cường …"): split before the expected next
 * number when it follows a sentence end and starts a capitalised sentence. */
static gsize
find_glued (const char *text,
            const char *next_number)
{
  g_autofree char *needle = g_strdup_printf (" %s. ", next_number);
  const char *p = text;

  while ((p = strstr (p, needle)) != NULL)
    {
      const char *after = p + strlen (needle);
      const char *before = p;
      while (before > text && before[-1] == ' ')
        before--;
      if (before > text && strchr (".;:!?\"”", before[-1]) != NULL && g_unichar_isupper (g_utf8_get_char (after)))
        return p - text + 1;
      p = after;
    }
  return 0;
}

static char *
next_sibling_number (const char *path)
{
  const char *dot = strrchr (path, '.');
  int last = (int) g_ascii_strtoll (dot ? dot + 1 : path, NULL, 10);
  if (dot == NULL)
    return g_strdup_printf ("%d", last + 1);
  return g_strdup_printf ("%.*s.%d", (int) (dot - path), path, last + 1);
}

static GbNoticeItem *
new_item (GPtrArray  *stack,
          Rank        rank,
          int         depth,
          const char *number,
          const char *text,
          GbNoticeItem **parent_item)
{
  GbNoticeItem *item = gb_notice_item_new ();
  Node *parent;
  Node node = { rank, depth, item, 0, rank == RANK_PARA && g_str_has_suffix (text, ":") };

  if (rank == RANK_NUMBER)
    {
      while (stack->len > 1)
        {
          Node *top = g_ptr_array_index (stack, stack->len - 1);
          if (top->rank == RANK_NUMBER && top->depth < depth)
            break;
          g_ptr_array_remove_index (stack, stack->len - 1);
        }
    }
  else
    {
      while (stack->len > 1)
        {
          Node *top = g_ptr_array_index (stack, stack->len - 1);
          /* Bullets under "Giao Sở Y tế:" are its sub-items; another paragraph ends them. */
          if (top->rank < rank || (top->heads_list && rank != RANK_PARA))
            break;
          g_ptr_array_remove_index (stack, stack->len - 1);
        }
    }
  parent = g_ptr_array_index (stack, stack->len - 1);
  parent->n_children++;
  *parent_item = parent->item;
  if (number != NULL)
    item->path = g_strdup (number);
  else if (parent->item != NULL)
    item->path = g_strdup_printf ("%s.%d", parent->item->path, parent->n_children);
  else
    item->path = g_strdup_printf ("%d", parent->n_children);
  item->level = number != NULL ? depth : (parent->item ? parent->item->level + 1 : 1);
  item->text = g_strdup (text);
  /* "… thực hiện Công điện này./." — the mark closes the body of the notice. */
  {
    gsize n = strlen (item->text);
    if (n >= 2 && g_str_has_suffix (item->text, "/."))
      {
        char *dotted;

        item->text[n - 2] = '\0';
        n -= 2;
        while (n > 0 && (item->text[n - 1] == ' ' || item->text[n - 1] == '.'))
          item->text[--n] = '\0';
        dotted = g_strconcat (item->text, ".", NULL);
        g_free (item->text);
        item->text = dotted;
      }
  }
  g_ptr_array_add (stack, g_memdup2 (&node, sizeof node));
  return item;
}
/* Where parse_body() is in the notice. */
typedef struct
{
  GPtrArray *stack;           /* Node: the open items, the root first */
  int        last_top;        /* the last top-level number */
  gboolean   closed;          /* a closing paragraph was met: plain paragraphs are no items */
  char      *section;         /* the current "II." of a conclusion notice, or NULL */
  gboolean   lead_open;       /* a lead ("… yêu cầu:") came: paragraphs are tasks */
  GbNoticeItem *lead;         /* the units the lead names ("yêu cầu các trường"), or NULL */
} Body;

/* "II. NHIỆM VỤ": a section, an item of its own. */
static GbNoticeItem *
section_item (Body          *b,
              const char    *text,
              GbNoticeItem **parent_item)
{
  g_autofree char *roman = gb_parser_roman_section (text);
  const char *rest;

  if (roman == NULL)
    return NULL;
  rest = text + strlen (roman) + 2;
  g_free (b->section);
  b->section = g_steal_pointer (&roman);
  b->last_top = 0;
  b->closed = FALSE;
  return new_item (b->stack, RANK_NUMBER, 1, b->section, rest, parent_item);
}

/* "3.2. Text": an item when its number can follow the last one. Items glued on after it go back
 * to @pending. */
static GbNoticeItem *
numbered_item (Body          *b,
               const char    *text,
               GQueue        *pending,
               GbNoticeItem **parent_item)
{
  Regexes *r = gb_parser_regexes_get ();
  g_autoptr(GMatchInfo) mi = NULL;
  g_autofree char *num = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *next = NULL;
  g_autofree char *next_top = NULL;
  int depth = 1, top;
  gboolean plausible;
  gsize cut;

  if (!gb_parser_is_numbered (text) || !g_regex_match (r->numbered, text, 0, &mi))
    return NULL;
  num = g_match_info_fetch (mi, 1);
  rest = g_match_info_fetch (mi, 3);
  top = (int) g_ascii_strtoll (num, NULL, 10);
  for (const char *p = num; *p; p++)
    depth += *p == '.';
  if (depth == 1)
    plausible = top == 1 || top == b->last_top + 1 || (top >= 1 && top <= b->last_top + 3 && top > b->last_top)
                || (b->last_top == 0 && top <= 3);
  else
    plausible = top == b->last_top || top == b->last_top + 1;
  if (!plausible)
    return NULL;
  next = next_sibling_number (num);
  next_top = g_strdup_printf ("%d", top + 1);
  cut = find_glued (rest, next);
  if (cut == 0 && depth > 1)
    cut = find_glued (rest, next_top);
  if (cut > 0)
    {
      g_queue_push_head (pending, g_strdup (rest + cut));
      rest[cut] = '\0';
      g_strchomp (rest);
    }
  if (depth == 1)
    b->last_top = top;
  b->closed = FALSE;
  if (b->section != NULL)
    {
      /* Numbers restart in every section: "II.1" keeps paths unique. */
      g_autofree char *full = g_strdup_printf ("%s.%s", b->section, num);
      return new_item (b->stack, RANK_NUMBER, depth + 1, full, rest, parent_item);
    }
  return new_item (b->stack, RANK_NUMBER, depth, num, rest, parent_item);
}

/* A bullet, a letter or a plain paragraph after the first item, unless the body has closed. */
static GbNoticeItem *
unnumbered_item (Body          *b,
                 const char    *text,
                 GbNoticeItem **parent_item)
{
  Rank rank = RANK_PARA;
  const char *body = text;

  if (gb_parser_is_bullet (text))
    {
      rank = text[0] == '+' ? RANK_PLUS : RANK_DASH;
      body = g_utf8_next_char (text);
    }
  else if (gb_parser_is_letter_bullet (text))
    {
      rank = RANK_LETTER;
      body = strchr (text, ')') + 1;
    }
  while (*body == ' ')
    body++;
  if (rank == RANK_PARA)
    {
      for (guint k = 0; k < G_N_ELEMENTS (closing_starts); k++)
        if (g_str_has_prefix (body, closing_starts[k]))
          b->closed = TRUE;
    }
  if (b->closed || *body == '\0')
    return NULL;
  return new_item (b->stack, rank, 0, NULL, body, parent_item);
}

/* Sub-items that name no lead of their own belong to their parent's lead units (the parent
 * already inherited from its own parent): "2. Bộ Y tế:" heads its "a)", "b)", and an "a) Phối
 * hợp với Bộ Công an …" under it is still Bộ Y tế's. */
static void
inherit_units (GbNoticeItem       *item,
               const GbNoticeItem *parent_item)
{
  gboolean has_lead = FALSE;
  guint at = 0;

  for (guint u = 0; u < item->units->len; u++)
    has_lead |= ((GbNoticeUnit *) g_ptr_array_index (item->units, u))->role == GB_NOTICE_ROLE_LEAD;
  for (guint u = 0; !has_lead && u < parent_item->units->len; u++)
    {
      GbNoticeUnit *pu = g_ptr_array_index (parent_item->units, u);
      if (pu->role == GB_NOTICE_ROLE_LEAD && !gb_notice_item_has_unit (item, pu->name))
        {
          GbNoticeUnit *nu = g_new0 (GbNoticeUnit, 1);
          nu->name = g_strdup (pu->name);
          nu->role = GB_NOTICE_ROLE_LEAD;
          g_ptr_array_insert (item->units, at++, nu);
        }
    }
}

/* The lead "Phòng GD&ĐT yêu cầu các nhà trường thực hiện … sau:" opens the tasks; the units after
 * its verb are theirs unless a task names its own. */
static void
open_lead (Body            *b,
           const char      *text,
           GbOrganisations *orgs,
           GHashTable      *seen)
{
  static const char *const verbs[] = { "yêu cầu", "đề nghị", "giao cho", "giao" };
  const char *after = NULL;

  b->lead_open = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (verbs) && after == NULL; i++)
    {
      const char *hit = find_word (text, verbs[i]);
      if (hit != NULL && hit[strlen (verbs[i])] == ' ')
        after = hit + strlen (verbs[i]) + 1;
    }
  if (after == NULL)
    return;
  b->lead = gb_notice_item_new ();
  b->lead->text = g_strdup (after);
  gb_parser_find_units (b->lead, orgs, seen);
  if (b->lead->units->len == 0)
    gb_parser_generic_unit (b->lead);
}

void
gb_parser_parse_body (GbNotice        *notice,
                      GPtrArray       *paras,
                      guint            from,
                      guint            to,
                      GbOrganisations *orgs,
                      int              year)
{
  g_autoptr(GQueue) pending = g_queue_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Node root = { RANK_ROOT, 0, NULL, 0, FALSE };
  Body b = { g_ptr_array_new_with_free_func (g_free), 0, FALSE, NULL, FALSE, NULL };
  guint i = from;

  g_assert (notice != NULL && paras != NULL && orgs != NULL);

  g_ptr_array_add (b.stack, g_memdup2 (&root, sizeof root));
  for (;;)
    {
      g_autofree char *text = NULL;
      GbNoticeItem *item = NULL;
      GbNoticeItem *parent_item = NULL;

      if (!g_queue_is_empty (pending))
        text = g_queue_pop_head (pending);
      else if (i < to)
        text = g_strdup (((Para *) g_ptr_array_index (paras, i++))->text);
      else
        break;

      item = section_item (&b, text, &parent_item);
      if (item == NULL)
        item = numbered_item (&b, text, pending, &parent_item);
      if (item == NULL)
        {
          LineEnd end = closing_line (text);

          if (end == LINE_CLOSE)
            b.closed = TRUE;
          if (end != LINE_BODY)
            continue;
          if (!b.lead_open && notice->items->len == 0 && gb_parser_is_lead (text))
            {
              open_lead (&b, text, orgs, seen);
              continue;
            }
        }
      if (item == NULL && !b.closed && (notice->items->len > 0 || b.lead_open))
        item = unnumbered_item (&b, text, &parent_item);
      if (item == NULL)
        continue;

      item->is_task = !is_assessment (item->text);
      gb_parser_find_units (item, orgs, seen);
      gb_parser_find_due (item, year, notice->date);
      if (parent_item != NULL)
        inherit_units (item, parent_item);
      else if (b.lead != NULL && item->units->len == 0 && b.lead->units->len > 0)
        {
          inherit_units (item, b.lead);
          item->unsure |= GB_NOTICE_FIELD_UNITS;
        }
      if (item->units->len == 0 && item->is_task)
        gb_parser_generic_unit (item);
      g_ptr_array_add (notice->items, item);
    }
  g_clear_pointer (&b.lead, gb_notice_item_free);
  g_ptr_array_unref (b.stack);
  g_free (b.section);
}
