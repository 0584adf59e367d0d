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
  g_ptr_array_add (c->recipients, g_strdup ("Như trên,"));
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
      g_ptr_array_add (c->sections, copy);
    }
  g_ptr_array_unref (c->recipients);
  c->recipients = strv_array_copy (src->recipients);
  c->signing_form = g_strdup (src->signing_form);
  c->signer_title = g_strdup (src->signer_title);
  c->signer = g_strdup (src->signer);
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

  return g_strdup_printf ("kết luận của Thường trực Tỉnh ủy tại cuộc họp %s ngày %s",
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
char *
gb_conclusion_format_task (const GbConclusionTask *task)
{
  GString *s = g_string_new (task->text);

  g_return_val_if_fail (task != NULL, NULL);

  if (task->units->len > 0 || task->due_date != NULL || task->due_text != NULL)
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
      if (task->due_text != NULL)
        g_string_append_printf (s, "%sThời hạn: %s", first ? "" : "; ", task->due_text);
      else if (task->due_date != NULL)
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
  GString *s = g_string_new (NULL);
  g_autofree char *place_date = gb_conclusion_format_place_date (c);
  g_autofree char *title = gb_conclusion_format_title_line (c);

  g_return_val_if_fail (c != NULL, NULL);

  g_string_append_printf (s, "%s\nĐẢNG CỘNG SẢN VIỆT NAM\nSố %s\n%s\n\nTHÔNG BÁO\n%s\n\n%s\n",
                          c->issuer ? c->issuer : "", c->number ? c->number : "-TB/TU",
                          place_date, title, c->opening ? c->opening : "");
  for (guint i = 0; i < c->sections->len; i++)
    {
      const GbConclusionSection *sec = g_ptr_array_index (c->sections, i);

      g_string_append_printf (s, "%u. %s\n", i + 1, sec->heading);
      if (sec->body != NULL && *sec->body)
        g_string_append_printf (s, "%s\n", sec->body);
      for (guint j = 0; j < sec->tasks->len; j++)
        {
          g_autofree char *t = gb_conclusion_format_task (g_ptr_array_index (sec->tasks, j));
          g_string_append_printf (s, "%u.%u. %s\n", i + 1, j + 1, t);
        }
    }
  g_string_append (s, "\nNơi nhận:\n");
  for (guint i = 0; i < c->recipients->len; i++)
    g_string_append_printf (s, "- %s\n", (char *) g_ptr_array_index (c->recipients, i));
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
