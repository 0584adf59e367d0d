/* gb-conclusion.c — a meeting and the conclusion notice drafted after it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "gb-conclusion.h"
#include "gb-error.h"
#include "gb-situation.h"
#include "gb-text.h"

G_DEFINE_BOXED_TYPE (GbConclusion, gb_conclusion, gb_conclusion_copy, gb_conclusion_free)

static GPtrArray *
strv_array_copy (GPtrArray *src)
{
  GPtrArray *dst = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; src != NULL && i < src->len; i++)
    g_ptr_array_add (dst, g_strdup (g_ptr_array_index (src, i)));
  return dst;
}

/**
 * gb_conclusion_task_new:
 *
 * Returns: a task without responsible units; add them to ->units.
 */
GbConclusionTask *
gb_conclusion_task_new (const char *text,
                        const char *due_date,
                        const char *due_text)
{
  GbConclusionTask *task = g_new0 (GbConclusionTask, 1);

  task->text = g_strdup (text);
  task->units = g_ptr_array_new_with_free_func (g_free);
  task->due_date = g_strdup (due_date);
  task->due_text = g_strdup (due_text);
  return task;
}

/** gb_conclusion_task_free: frees @task and its strings. */
void
gb_conclusion_task_free (GbConclusionTask *task)
{
  if (task == NULL)
    return;
  g_free (task->text);
  g_ptr_array_unref (task->units);
  g_free (task->due_date);
  g_free (task->due_text);
  g_free (task);
}

static GbConclusionTask *
task_copy (const GbConclusionTask *task)
{
  GbConclusionTask *copy = gb_conclusion_task_new (task->text, task->due_date, task->due_text);

  g_ptr_array_unref (copy->units);
  copy->units = strv_array_copy (task->units);
  return copy;
}

/** gb_conclusion_section_new: Returns: an empty section with @heading and optional @body. */
GbConclusionSection *
gb_conclusion_section_new (const char *heading,
                           const char *body)
{
  GbConclusionSection *section = g_new0 (GbConclusionSection, 1);

  section->heading = g_strdup (heading);
  section->body = g_strdup (body);
  section->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_conclusion_task_free);
  return section;
}

/** gb_conclusion_section_free: frees @section and its tasks. */
void
gb_conclusion_section_free (GbConclusionSection *section)
{
  if (section == NULL)
    return;
  g_free (section->heading);
  g_free (section->body);
  g_ptr_array_unref (section->tasks);
  g_clear_pointer (&section->table, g_ptr_array_unref);
  g_free (section);
}

/** gb_conclusion_new: Returns: an empty conclusion with empty lists. */
GbConclusion *
gb_conclusion_new (void)
{
  GbConclusion *c = g_new0 (GbConclusion, 1);

  c->participants = g_ptr_array_new_with_free_func (g_free);
  c->reported_units = g_ptr_array_new_with_free_func (g_free);
  c->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_conclusion_section_free);
  c->recipients = g_ptr_array_new_with_free_func (g_free);
  return c;
}

/**
 * gb_conclusion_new_for_meeting:
 * @meeting_date: YYYY-MM-DD
 * @province_name: "Ninh Thuận"
 *
 * A draft in the usual shape of a provincial notice: issuer, place, the standing committee's
 * signing block and the three customary sections, with the opening paragraph naming the
 * meeting. The secretary fills in the rest.
 *
 * Returns: a new draft
 */
GbConclusion *
gb_conclusion_new_for_meeting (const char *meeting_date,
                               const char *province_name)
{
  GbConclusion *c = gb_conclusion_new ();
  g_autofree char *date_text = gb_format_short_date (meeting_date);
  g_autofree char *upper = g_utf8_strup (province_name, -1);

  c->meeting_date = g_strdup (meeting_date);
  c->meeting_subject = g_strdup ("giao ban công tác phòng, chống dịch COVID-19");
  c->issuer = g_strdup_printf ("TỈNH ỦY %s", upper);
  c->place = g_strdup (province_name);
  c->date = g_strdup (meeting_date);
  c->opening = g_strdup_printf ("Ngày %s, Thường trực Tỉnh ủy chủ trì cuộc họp %s. "
                                "Sau khi nghe Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh và các "
                                "địa phương báo cáo tình hình, ý kiến phát biểu của các đại biểu dự "
                                "họp, Thường trực Tỉnh ủy kết luận như sau:",
                                date_text ? date_text : meeting_date, c->meeting_subject);
  c->signing_form = g_strdup ("T/M BAN THƯỜNG VỤ");
  g_ptr_array_add (c->sections, gb_conclusion_section_new ("Đánh giá tình hình", NULL));
  g_ptr_array_add (c->sections, gb_conclusion_section_new ("Nhiệm vụ trong thời gian tới", NULL));
  g_ptr_array_add (c->sections, gb_conclusion_section_new ("Về các đề xuất, kiến nghị", NULL));
  g_ptr_array_add (c->recipients, g_strdup ("Các đồng chí Tỉnh ủy viên,"));
  g_ptr_array_add (c->recipients, g_strdup ("Lưu Văn phòng Tỉnh ủy."));
  return c;
}

/** gb_conclusion_copy: Returns: a deep copy of @src. */
GbConclusion *
gb_conclusion_copy (const GbConclusion *src)
{
  GbConclusion *c = gb_conclusion_new ();

  g_return_val_if_fail (src != NULL, NULL);

  c->meeting_id = src->meeting_id;
  c->id = src->id;
  c->document_id = src->document_id;
  c->meeting_date = g_strdup (src->meeting_date);
  c->meeting_subject = g_strdup (src->meeting_subject);
  c->chair = g_strdup (src->chair);
  g_ptr_array_unref (c->participants);
  c->participants = strv_array_copy (src->participants);
  g_ptr_array_unref (c->reported_units);
  c->reported_units = strv_array_copy (src->reported_units);
  c->issuer = g_strdup (src->issuer);
  c->number = g_strdup (src->number);
  c->place = g_strdup (src->place);
  c->date = g_strdup (src->date);
  c->opening = g_strdup (src->opening);
  for (guint i = 0; i < src->sections->len; i++)
    {
      const GbConclusionSection *s = g_ptr_array_index (src->sections, i);
      GbConclusionSection *copy = gb_conclusion_section_new (s->heading, s->body);

      for (guint j = 0; j < s->tasks->len; j++)
        g_ptr_array_add (copy->tasks, task_copy (g_ptr_array_index (s->tasks, j)));
      if (s->table != NULL)
        {
          copy->table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
          for (guint j = 0; j < s->table->len; j++)
            g_ptr_array_add (copy->table, g_strdupv (g_ptr_array_index (s->table, j)));
        }
      g_ptr_array_add (c->sections, copy);
    }
  g_ptr_array_unref (c->recipients);
  c->recipients = strv_array_copy (src->recipients);
  c->signing_form = g_strdup (src->signing_form);
  c->signer_title = g_strdup (src->signer_title);
  c->signer = g_strdup (src->signer);
  c->document_title = g_strdup (src->document_title);
  c->subject_line = g_strdup (src->subject_line);
  return c;
}

/** gb_conclusion_free: frees @c and everything it holds. */
void
gb_conclusion_free (GbConclusion *c)
{
  if (c == NULL)
    return;
  g_free (c->meeting_date);
  g_free (c->meeting_subject);
  g_free (c->chair);
  g_ptr_array_unref (c->participants);
  g_ptr_array_unref (c->reported_units);
  g_free (c->issuer);
  g_free (c->number);
  g_free (c->place);
  g_free (c->date);
  g_free (c->opening);
  g_ptr_array_unref (c->sections);
  g_ptr_array_unref (c->recipients);
  g_free (c->signing_form);
  g_free (c->signer_title);
  g_free (c->signer);
  g_free (c->document_title);
  g_free (c->subject_line);
  g_free (c);
}

/**
 * gb_conclusion_format_title_line:
 *
 * Returns: the second title line, "kết luận của Thường trực Tỉnh ủy tại cuộc họp …"
 */
char *
gb_conclusion_format_title_line (const GbConclusion *c)
{
  g_autofree char *date_text = gb_format_short_date (c->meeting_date);

  g_return_val_if_fail (c != NULL, NULL);

  return g_strdup_printf ("kết luận của %s tại cuộc họp %s ngày %s",
                          gb_conclusion_is_state_form (c) ? "Ban Chỉ đạo" : "Thường trực Tỉnh ủy",
                          c->meeting_subject ? c->meeting_subject : "",
                          date_text ? date_text : "");
}

/**
 * gb_conclusion_format_place_date:
 *
 * The administrative rule writes days below 10 and months below 3 with a leading zero
 * ("ngày 05 tháng 02 năm 2022") so a date cannot be altered by hand afterwards.
 *
 * Returns: "Ninh Thuận, ngày 15 tháng 9 năm 2021"
 */
char *
gb_conclusion_format_place_date (const GbConclusion *c)
{
  int y = 0, m = 0, d = 0;

  g_return_val_if_fail (c != NULL, NULL);

  if (c->date == NULL || sscanf (c->date, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup_printf ("%s, ngày … tháng … năm …", c->place ? c->place : "");
  return g_strdup_printf ("%s, ngày %s%d tháng %s%d năm %d", c->place ? c->place : "",
                          d < 10 ? "0" : "", d, m < 3 ? "0" : "", m, y);
}

/**
 * gb_conclusion_format_task:
 *
 * Returns: the task's sentence followed by its units and deadline, as it reads in the notice
 */
/* Whether the task's own words already give its deadline ("… trước ngày 20/9/2021"), so the
 * deadline is not printed a second time in another form. */
static gboolean
text_gives_deadline (const GbConclusionTask *task)
{
  g_autofree char *text = g_utf8_casefold (task->text, -1);

  if (task->due_text != NULL)
    {
      g_autofree char *due = g_utf8_casefold (task->due_text, -1);

      if (strstr (text, due) != NULL)
        return TRUE;
    }
  if (task->due_date != NULL)
    {
      int y, m, d;

      if (sscanf (task->due_date, "%d-%d-%d", &y, &m, &d) == 3)
        {
          g_autofree char *dm = g_strdup_printf ("%d/%d", d, m);
          g_autofree char *ddmm = g_strdup_printf ("%02d/%02d", d, m);
          const char *hit = strstr (text, dm);

          /* "20/9" but not "120/9" or "20/91". */
          for (; hit != NULL; hit = strstr (hit + 1, dm))
            if ((hit == text || !g_ascii_isdigit (hit[-1])) && !g_ascii_isdigit (hit[strlen (dm)]))
              return TRUE;
          if (strstr (text, ddmm) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

char *
gb_conclusion_format_task (const GbConclusionTask *task)
{
  gboolean due;
  GString *s;

  g_return_val_if_fail (task != NULL, NULL);

  s = g_string_new (task->text);
  due = (task->due_text != NULL || task->due_date != NULL) && !text_gives_deadline (task);
  if (task->units->len > 0 || due)
    {
      gboolean first = TRUE;

      g_string_append (s, " (");
      if (task->units->len > 0)
        {
          g_string_append_printf (s, "Chủ trì: %s", (char *) g_ptr_array_index (task->units, 0));
          for (guint i = 1; i < task->units->len; i++)
            g_string_append_printf (s, "%s%s", i == 1 ? "; phối hợp: " : ", ",
                                    (char *) g_ptr_array_index (task->units, i));
          first = FALSE;
        }
      if (due && task->due_text != NULL)
        g_string_append_printf (s, "%sThời hạn: %s", first ? "" : "; ", task->due_text);
      else if (due)
        {
          g_autofree char *d = gb_format_short_date (task->due_date);
          g_string_append_printf (s, "%sThời hạn: trước ngày %s", first ? "" : "; ", d ? d : task->due_date);
        }
      g_string_append (s, ")");
    }
  if (!g_str_has_suffix (s->str, ".") && !g_str_has_suffix (s->str, ";"))
    g_string_append_c (s, '.');
  return g_string_free (s, FALSE);
}

/**
 * gb_conclusion_to_text:
 *
 * The notice as plain text in reading order; stored as the document body when issued so the
 * document search and the importer's view work on composed notices as on imported ones.
 *
 * Returns: the text
 */
char *
gb_conclusion_to_text (const GbConclusion *c)
{
  g_autoptr(GPtrArray) recipients = NULL;
  g_autofree char *place_date = NULL;
  g_autofree char *title = NULL;
  g_autofree char *number = NULL;
  g_autofree char *opening = NULL;
  GString *s;
  guint n = 0;

  g_return_val_if_fail (c != NULL, NULL);

  s = g_string_new (NULL);
  place_date = gb_conclusion_format_place_date (c);
  title = c->subject_line ? g_strdup (c->subject_line) : gb_conclusion_format_title_line (c);
  number = gb_conclusion_format_number (c);
  opening = gb_conclusion_format_opening (c);
  recipients = gb_conclusion_list_recipients (c);
  g_string_append_printf (s, "%s\n%s\n%s\n%s\n\n%s\n%s\n\n%s\n",
                          c->issuer ? c->issuer : "",
                          gb_conclusion_is_state_form (c) ? "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
                                                          : "ĐẢNG CỘNG SẢN VIỆT NAM",
                          number, place_date, c->document_title ? c->document_title : "THÔNG BÁO", title,
                          opening ? opening : "");
  for (guint i = 0; i < c->sections->len; i++)
    {
      const GbConclusionSection *sec = g_ptr_array_index (c->sections, i);

      if (gb_conclusion_section_is_empty (sec))
        continue;
      g_string_append_printf (s, "%u. %s\n", ++n, sec->heading);
      if (sec->body != NULL && *sec->body)
        g_string_append_printf (s, "%s\n", sec->body);
      for (guint j = 0; j < sec->tasks->len; j++)
        {
          g_autofree char *t = gb_conclusion_format_task (g_ptr_array_index (sec->tasks, j));
          g_string_append_printf (s, "%u.%u. %s\n", n, j + 1, t);
        }
      for (guint j = 0; sec->table != NULL && j < sec->table->len; j++)
        {
          g_autofree char *row = g_strjoinv (" | ", g_ptr_array_index (sec->table, j));
          g_string_append_printf (s, "%s\n", row);
        }
    }
  g_string_append (s, "\nNơi nhận:\n");
  for (guint i = 0; i < recipients->len; i++)
    g_string_append_printf (s, "- %s\n", (char *) g_ptr_array_index (recipients, i));
  g_string_append_printf (s, "\n%s\n%s\n%s\n", c->signing_form ? c->signing_form : "",
                          c->signer_title ? c->signer_title : "", c->signer ? c->signer : "");
  return g_string_free (s, FALSE);
}

static gboolean
is_iso_date (const char *s)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *t = NULL;

  if (s == NULL || strlen (s) != 10)
    return FALSE;
  t = g_strdup_printf ("%sT00:00:00Z", s);
  dt = g_date_time_new_from_iso8601 (t, NULL);
  return dt != NULL;
}

/**
 * gb_conclusion_validate:
 *
 * Checks what a notice cannot be stored or issued without.
 *
 * Returns: TRUE when @c is complete enough to store
 */
gboolean
gb_conclusion_validate (const GbConclusion  *c,
                        GError             **error)
{
  g_return_val_if_fail (c != NULL, FALSE);

  if (!is_iso_date (c->meeting_date))
    return (g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                         _("The meeting date “%s” is not a date (YYYY-MM-DD)"),
                         c->meeting_date ? c->meeting_date : ""), FALSE);
  if (!is_iso_date (c->date))
    return (g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                         _("The notice date “%s” is not a date (YYYY-MM-DD)"),
                         c->date ? c->date : ""), FALSE);
  if (c->issuer == NULL || c->place == NULL || c->opening == NULL || c->signing_form == NULL)
    return (g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                         _("The notice needs an issuer, a place, an opening paragraph and a signing form")), FALSE);
  for (guint i = 0; i < c->sections->len; i++)
    {
      const GbConclusionSection *sec = g_ptr_array_index (c->sections, i);

      for (guint j = 0; j < sec->tasks->len; j++)
        {
          const GbConclusionTask *t = g_ptr_array_index (sec->tasks, j);

          if (t->text == NULL || *t->text == '\0')
            return (g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                                 _("Task %u.%u has no text"), i + 1, j + 1), FALSE);
          if (t->due_date != NULL && !is_iso_date (t->due_date))
            return (g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                                 _("Task %u.%u: the due date “%s” is not a date (YYYY-MM-DD)"),
                                 i + 1, j + 1, t->due_date), FALSE);
        }
    }
  return TRUE;
}

/**
 * gb_conclusion_task_parse:
 * @spec: "TEXT|UNIT;UNIT|YYYY-MM-DD" (units and date optional)
 *
 * The one-line form of a task used by the CLI and the composer's task list.
 *
 * Returns: (transfer full): the task, or NULL with GB_ERROR_INVALID_DATA
 */
GbConclusionTask *
gb_conclusion_task_parse (const char  *spec,
                          GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, "|", 3);
  GbConclusionTask *task;
  const char *due = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  if (parts[0] == NULL || *g_strstrip (parts[0]) == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s”: the task has no text"), spec);
      return NULL;
    }
  if (parts[1] != NULL && parts[2] != NULL && *g_strstrip (parts[2]) != '\0')
    {
      due = parts[2];
      if (!is_iso_date (due))
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                       _("“%s”: the due date “%s” is not a date (YYYY-MM-DD)"), spec, due);
          return NULL;
        }
    }
  task = gb_conclusion_task_new (parts[0], due, NULL);
  if (parts[1] != NULL)
    {
      g_auto(GStrv) units = g_strsplit (parts[1], ";", -1);

      for (guint i = 0; units[i] != NULL; i++)
        if (*g_strstrip (units[i]) != '\0')
          g_ptr_array_add (task->units, g_strdup (units[i]));
    }
  return task;
}

/**
 * gb_conclusion_task_to_spec:
 *
 * Returns: the one-line form read by gb_conclusion_task_parse()
 */
char *
gb_conclusion_task_to_spec (const GbConclusionTask *task)
{
  GString *s = g_string_new (task->text);

  g_return_val_if_fail (task != NULL, NULL);

  g_string_append (s, " | ");
  for (guint i = 0; i < task->units->len; i++)
    g_string_append_printf (s, "%s%s", i ? "; " : "", (char *) g_ptr_array_index (task->units, i));
  if (task->due_date != NULL)
    g_string_append_printf (s, " | %s", task->due_date);
  return g_string_free (s, FALSE);
}

static const GbSigningForm signing_forms[] = {
  { "T/M BAN THƯỜNG VỤ", "BÍ THƯ", FALSE },
  { "K/T BÍ THƯ", "PHÓ BÍ THƯ", FALSE },
  { "T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", FALSE },
  { "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", TRUE },
  { "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", TRUE },
  { "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", TRUE },
  { "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", TRUE },
};

/**
 * gb_conclusion_get_signing_forms:
 * @n_forms: (out): how many there are
 *
 * The signing forms offered for a notice: the party's (T/M, K/T, T/L) and a steering
 * committee's or people's committee's (TM., KT. per Decree 30/2020/NĐ-CP).
 *
 * Returns: (transfer none) (array length=n_forms): the forms
 */
const GbSigningForm *
gb_conclusion_get_signing_forms (guint *n_forms)
{
  g_return_val_if_fail (n_forms != NULL, NULL);

  *n_forms = G_N_ELEMENTS (signing_forms);
  return signing_forms;
}

/**
 * gb_conclusion_is_state_form:
 *
 * Returns: whether @c is signed in a state document's form ("TM.", "KT.", "TL.", "Q."), which
 *   takes the national motto and a "…/TB-BCĐ" number, rather than a party one ("T/M" …)
 */
gboolean
gb_conclusion_is_state_form (const GbConclusion *c)
{
  static const char *const state_prefixes[] = { "TM.", "KT.", "TL.", "Q." };

  g_return_val_if_fail (c != NULL, FALSE);

  for (guint i = 0; c->signing_form != NULL && i < G_N_ELEMENTS (state_prefixes); i++)
    if (g_str_has_prefix (c->signing_form, state_prefixes[i]))
      return TRUE;
  return FALSE;
}

/** gb_conclusion_format_number: Returns: "Số 125-TB/TU" or "Số: 125/TB-BCĐ", blank when unnumbered. */
char *
gb_conclusion_format_number (const GbConclusion *c)
{
  g_return_val_if_fail (c != NULL, NULL);

  /* Another document in this layout (a reminder) carries no number unless given one. */
  if (c->number == NULL && c->document_title != NULL)
    return g_strdup ("");
  if (gb_conclusion_is_state_form (c))
    return g_strdup_printf ("Số: %s", c->number ? c->number : "     /TB-BCĐ");
  return g_strdup_printf ("Số %s", c->number ? c->number : "     -TB/TU");
}

static char *
join_names (GPtrArray *names)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (s, "%s%s", i == 0 ? "" : (i + 1 == names->len ? " và " : ", "),
                            (char *) g_ptr_array_index (names, i));
  return g_strdup (s->str);
}

/**
 * gb_conclusion_format_opening:
 *
 * The paragraph naming the meeting, from what was recorded of it: who chaired, who took part
 * and which units reported. With nothing recorded it is the draft's own opening.
 *
 * Returns: the paragraph, or NULL when there is none
 */
char *
gb_conclusion_format_opening (const GbConclusion *c)
{
  g_autofree char *date_text = NULL;
  g_autoptr(GString) s = NULL;
  const char *chair;

  g_return_val_if_fail (c != NULL, NULL);

  if ((c->chair == NULL || *c->chair == '\0') && c->participants->len == 0 && c->reported_units->len == 0)
    return g_strdup (c->opening);
  chair = c->chair && *c->chair ? c->chair
    : gb_conclusion_is_state_form (c) ? "Ban Chỉ đạo" : "Thường trực Tỉnh ủy";
  date_text = gb_format_short_date (c->meeting_date);
  s = g_string_new (NULL);
  g_string_append_printf (s, "Ngày %s, %s chủ trì cuộc họp %s.", date_text ? date_text : "", chair,
                          c->meeting_subject ? c->meeting_subject : "");
  if (c->participants->len > 0)
    {
      g_autofree char *names = join_names (c->participants);
      g_string_append_printf (s, " Tham dự cuộc họp có %s.", names);
    }
  if (c->reported_units->len > 0)
    {
      g_autofree char *names = join_names (c->reported_units);
      g_string_append_printf (s, " Sau khi nghe %s báo cáo tình hình", names);
    }
  else
    g_string_append (s, " Sau khi nghe các đơn vị báo cáo tình hình");
  g_string_append_printf (s, ", ý kiến phát biểu của các đại biểu dự họp, %s kết luận như sau:", chair);
  return g_strdup (s->str);
}

static gboolean
is_as_above (const char *line)
{
  g_autofree char *folded = g_utf8_casefold (line, -1);

  return g_str_has_prefix (folded, "như trên");
}

static gboolean
listed (GPtrArray  *lines,
        const char *name)
{
  g_autofree char *needle = g_utf8_casefold (name, -1);

  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *line = g_utf8_casefold (g_ptr_array_index (lines, i), -1);

      if (strstr (line, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/**
 * gb_conclusion_list_recipients:
 *
 * "Nơi nhận" as printed: the usual recipients typed for the notice, without "Như trên" (a
 * thông báo has no "Kính gửi" for it to point at), and every unit given a task, each once,
 * placed before the "Lưu …" line.
 *
 * Returns: (transfer full) (element-type utf8): the lines
 */
GPtrArray *
gb_conclusion_list_recipients (const GbConclusion *c)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) archive = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (c != NULL, NULL);

  for (guint i = 0; i < c->recipients->len; i++)
    {
      const char *line = g_ptr_array_index (c->recipients, i);
      g_autofree char *folded = g_utf8_casefold (line, -1);

      if (is_as_above (line))
        continue;
      g_ptr_array_add (g_str_has_prefix (folded, "lưu") ? archive : lines, g_strdup (line));
    }
  for (guint i = 0; i < c->sections->len; i++)
    {
      const GbConclusionSection *sec = g_ptr_array_index (c->sections, i);

      for (guint j = 0; j < sec->tasks->len; j++)
        {
          const GbConclusionTask *t = g_ptr_array_index (sec->tasks, j);

          for (guint k = 0; k < t->units->len; k++)
            if (!listed (lines, g_ptr_array_index (t->units, k)))
              g_ptr_array_add (lines, g_strdup_printf ("%s,", (char *) g_ptr_array_index (t->units, k)));
        }
    }
  while (archive->len > 0)
    g_ptr_array_add (lines, g_ptr_array_steal_index (archive, 0));
  return g_steal_pointer (&lines);
}

/** gb_conclusion_section_is_empty: Returns: whether @section has neither text nor tasks (it is not printed). */
gboolean
gb_conclusion_section_is_empty (const GbConclusionSection *section)
{
  g_return_val_if_fail (section != NULL, TRUE);

  for (const char *p = section->body; p != NULL && *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return section->tasks->len == 0 && (section->table == NULL || section->table->len < 2);
}

#define PARTY_ISSUER "TỈNH ỦY "
#define STATE_ISSUER "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19 TỈNH "

/**
 * gb_conclusion_set_signing_form:
 * @form: one of gb_conclusion_get_signing_forms(), or another typed by hand
 *
 * Signs @c in @form. The signer's title becomes the form's usual one when the title was that of
 * another form (or none), and the issuer switches between the provincial party committee and
 * the steering committee when it was the default of the other kind; anything typed stays.
 */
void
gb_conclusion_set_signing_form (GbConclusion *c,
                                const char   *form)
{
  const GbSigningForm *known = NULL, *old = NULL;
  gboolean state;

  g_return_if_fail (c != NULL);
  g_return_if_fail (form != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (signing_forms); i++)
    {
      if (strcmp (signing_forms[i].form, form) == 0)
        known = &signing_forms[i];
      if (g_strcmp0 (signing_forms[i].form, c->signing_form) == 0)
        old = &signing_forms[i];
    }
  g_free (c->signing_form);
  c->signing_form = g_strdup (form);
  if (known != NULL && (c->signer_title == NULL || *c->signer_title == '\0' ||
                        (old != NULL && strcmp (old->signer_title, c->signer_title) == 0)))
    {
      g_free (c->signer_title);
      c->signer_title = g_strdup (known->signer_title);
    }
  state = gb_conclusion_is_state_form (c);
  if (c->issuer != NULL && state && g_str_has_prefix (c->issuer, PARTY_ISSUER))
    {
      char *issuer = g_strconcat (STATE_ISSUER, c->issuer + strlen (PARTY_ISSUER), NULL);
      g_free (c->issuer);
      c->issuer = issuer;
    }
  else if (c->issuer != NULL && !state && g_str_has_prefix (c->issuer, STATE_ISSUER))
    {
      char *issuer = g_strconcat (PARTY_ISSUER, c->issuer + strlen (STATE_ISSUER), NULL);
      g_free (c->issuer);
      c->issuer = issuer;
    }
}
