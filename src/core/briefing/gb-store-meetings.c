/* gb-store-meetings.c — meetings, their conclusions, and issuing them into the tracker
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gb-store-meetings.h"
#include "gb-organisations.h"
#include "gb-store-private.h"

/** gb_due_item_free: frees @item. */
void
gb_due_item_free (GbDueItem *item)
{
  if (item == NULL)
    return;
  g_free (item->path);
  g_free (item->text);
  g_free (item->due_date);
  g_free (item->status);
  g_free (item->document_number);
  g_free (item->organisation);
  g_free (item);
}

/* Lists are stored one entry per line: names never contain newlines (they are stripped). */
static char *
join_lines (GPtrArray *list)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      g_autofree char *line = g_strdup (g_ptr_array_index (list, i));

      g_strdelimit (line, "\r\n", ' ');
      g_strstrip (line);
      if (*line == '\0')
        continue;
      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, line);
    }
  return g_string_free (s, FALSE);
}

static void
split_lines_into (GPtrArray  *list,
                  const char *text)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return;
  parts = g_strsplit (text, "\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (list, g_strdup (parts[i]));
}

/* The meeting record: date, subject, chair, participants and the units that reported. */
static gboolean
save_meeting (GbStore       *self,
              GbConclusion  *c,
              const char    *now,
              GError       **error)
{
  g_autofree char *participants = join_lines (c->participants);
  g_autofree char *reported = join_lines (c->reported_units);
  sqlite3_stmt *stmt;

  if (c->meeting_id == 0)
    {
      g_autofree char *uid = gb_store_new_uid ();

      stmt = gb_store_prepare (self,
                               "INSERT INTO meetings (uid, date, subject, chair, participants, reported_units, "
                               "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id", error);
      if (stmt == NULL)
        return FALSE;
      gb_store_bind_text (stmt, 1, uid);
      gb_store_bind_text (stmt, 2, c->meeting_date);
      gb_store_bind_text (stmt, 3, c->meeting_subject ? c->meeting_subject : "");
      gb_store_bind_text (stmt, 4, c->chair);
      gb_store_bind_text (stmt, 5, participants);
      gb_store_bind_text (stmt, 6, reported);
      gb_store_bind_text (stmt, 7, now);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return gb_store_set_error (self, error, "Could not save the meeting");
        }
      c->meeting_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  else
    {
      stmt = gb_store_prepare (self,
                               "UPDATE meetings SET date = ?2, subject = ?3, chair = ?4, participants = ?5, "
                               "reported_units = ?6, updated_at = ?7 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c->meeting_id);
      gb_store_bind_text (stmt, 2, c->meeting_date);
      gb_store_bind_text (stmt, 3, c->meeting_subject ? c->meeting_subject : "");
      gb_store_bind_text (stmt, 4, c->chair);
      gb_store_bind_text (stmt, 5, participants);
      gb_store_bind_text (stmt, 6, reported);
      gb_store_bind_text (stmt, 7, now);
      if (!gb_store_step_done (self, stmt, "Could not save the meeting", error))
        return FALSE;
    }
  return TRUE;
}

/* The draft's own row: issuer, number, place, date, opening, recipients and signature. */
static gboolean
save_draft_row (GbStore       *self,
                GbConclusion  *c,
                const char    *now,
                GError       **error)
{
  g_autofree char *recipients = join_lines (c->recipients);
  sqlite3_stmt *stmt;

  if (c->id == 0)
    {
      g_autofree char *uid = gb_store_new_uid ();

      stmt = gb_store_prepare (self,
                               "INSERT INTO conclusion_drafts (uid, meeting_id, issuer, number, place, date, opening, "
                               "recipients, signing_form, signer_title, signer, created_at, updated_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING id", error);
      if (stmt == NULL)
        return FALSE;
      gb_store_bind_text (stmt, 1, uid);
    }
  else
    {
      stmt = gb_store_prepare (self,
                               "UPDATE conclusion_drafts SET meeting_id = ?2, issuer = ?3, number = ?4, place = ?5, "
                               "date = ?6, opening = ?7, recipients = ?8, signing_form = ?9, signer_title = ?10, "
                               "signer = ?11, updated_at = ?12 WHERE id = ?1 RETURNING id", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c->id);
    }
  sqlite3_bind_int64 (stmt, 2, c->meeting_id);
  gb_store_bind_text (stmt, 3, c->issuer);
  gb_store_bind_text (stmt, 4, c->number);
  gb_store_bind_text (stmt, 5, c->place);
  gb_store_bind_text (stmt, 6, c->date);
  gb_store_bind_text (stmt, 7, c->opening);
  gb_store_bind_text (stmt, 8, recipients);
  gb_store_bind_text (stmt, 9, c->signing_form);
  gb_store_bind_text (stmt, 10, c->signer_title);
  gb_store_bind_text (stmt, 11, c->signer);
  gb_store_bind_text (stmt, 12, now);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (c->id != 0)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No conclusion draft with id %lld"), (long long) c->id);
          return FALSE;
        }
      return gb_store_set_error (self, error, "Could not save the conclusion draft");
    }
  c->id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
save_sections (GbStore       *self,
               GbConclusion  *c,
               GError       **error)
{
  sqlite3_stmt *stmt;

  /* Sections and tasks are rewritten whole: a draft is small and edited as a unit. */
  stmt = gb_store_prepare (self, "DELETE FROM conclusion_sections WHERE draft_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  if (!gb_store_step_done (self, stmt, "Could not save the sections", error))
    return FALSE;
  stmt = gb_store_prepare (self, "DELETE FROM conclusion_tasks WHERE draft_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  if (!gb_store_step_done (self, stmt, "Could not save the tasks", error))
    return FALSE;

  for (guint i = 0; i < c->sections->len; i++)
    {
      GbConclusionSection *sec = g_ptr_array_index (c->sections, i);

      stmt = gb_store_prepare (self,
                               "INSERT INTO conclusion_sections (draft_id, position, heading, body) "
                               "VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c->id);
      sqlite3_bind_int (stmt, 2, i + 1);
      gb_store_bind_text (stmt, 3, sec->heading ? sec->heading : "");
      gb_store_bind_text (stmt, 4, sec->body);
      if (!gb_store_step_done (self, stmt, "Could not save a section", error))
        return FALSE;

      for (guint j = 0; j < sec->tasks->len; j++)
        {
          GbConclusionTask *t = g_ptr_array_index (sec->tasks, j);
          g_autofree char *units = join_lines (t->units);

          stmt = gb_store_prepare (self,
                                   "INSERT INTO conclusion_tasks (draft_id, section_position, position, text, units, "
                                   "due_date, due_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, c->id);
          sqlite3_bind_int (stmt, 2, i + 1);
          sqlite3_bind_int (stmt, 3, j + 1);
          gb_store_bind_text (stmt, 4, t->text);
          gb_store_bind_text (stmt, 5, units);
          gb_store_bind_text (stmt, 6, t->due_date);
          gb_store_bind_text (stmt, 7, t->due_text);
          if (!gb_store_step_done (self, stmt, "Could not save a task", error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
save_conclusion_inner (GbStore       *self,
                       GbConclusion  *c,
                       GError       **error)
{
  g_autofree char *now = gb_store_now_iso ();

  return save_meeting (self, c, now, error) &&
         save_draft_row (self, c, now, error) &&
         save_sections (self, c, error);
}

/**
 * gb_store_save_conclusion:
 *
 * Stores the meeting and its draft (inserting when their ids are 0, which are then set), in one
 * transaction: on error the database is unchanged and the ids are as they were.
 *
 * Returns: TRUE on success
 */
gboolean
gb_store_save_conclusion (GbStore       *self,
                          GbConclusion  *c,
                          GError       **error)
{
  gint64 meeting_id = c->meeting_id;
  gint64 id = c->id;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (c != NULL, FALSE);

  if (!gb_conclusion_validate (c, error))
    return FALSE;
  if (!gb_store_begin (self, error))
    return FALSE;
  if (!save_conclusion_inner (self, c, error) || !gb_store_commit (self, error))
    {
      gb_store_rollback (self);
      c->meeting_id = meeting_id;
      c->id = id;
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_store_load_conclusion:
 *
 * Returns: the draft @id with its meeting, sections and tasks, or NULL with GB_ERROR_NOT_FOUND
 */
GbConclusion *
gb_store_load_conclusion (GbStore  *self,
                          gint64    id,
                          GError  **error)
{
  g_autoptr(GbConclusion) c = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  stmt = gb_store_prepare (self,
                           "SELECT d.meeting_id, d.document_id, m.date, m.subject, m.chair, m.participants, "
                           "m.reported_units, d.issuer, d.number, d.place, d.date, d.opening, d.recipients, "
                           "d.signing_form, d.signer_title, d.signer "
                           "FROM conclusion_drafts d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No conclusion with id %lld"), (long long) id);
      else
        gb_store_set_error (self, error, "Could not read the conclusion");
      return NULL;
    }
  c = gb_conclusion_new ();
  c->id = id;
  c->meeting_id = sqlite3_column_int64 (stmt, 0);
  c->document_id = sqlite3_column_int64 (stmt, 1);
  c->meeting_date = gb_store_column_dup (stmt, 2);
  c->meeting_subject = gb_store_column_dup (stmt, 3);
  c->chair = gb_store_column_dup (stmt, 4);
  split_lines_into (c->participants, (const char *) sqlite3_column_text (stmt, 5));
  split_lines_into (c->reported_units, (const char *) sqlite3_column_text (stmt, 6));
  c->issuer = gb_store_column_dup (stmt, 7);
  c->number = gb_store_column_dup (stmt, 8);
  c->place = gb_store_column_dup (stmt, 9);
  c->date = gb_store_column_dup (stmt, 10);
  c->opening = gb_store_column_dup (stmt, 11);
  split_lines_into (c->recipients, (const char *) sqlite3_column_text (stmt, 12));
  c->signing_form = gb_store_column_dup (stmt, 13);
  c->signer_title = gb_store_column_dup (stmt, 14);
  c->signer = gb_store_column_dup (stmt, 15);
  sqlite3_reset (stmt);

  stmt = gb_store_prepare (self,
                           "SELECT heading, body FROM conclusion_sections WHERE draft_id = ?1 ORDER BY position",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (c->sections, gb_conclusion_section_new ((const char *) sqlite3_column_text (stmt, 0),
                                                             (const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return (gb_store_set_error (self, error, "Could not read the sections"), NULL);

  stmt = gb_store_prepare (self,
                           "SELECT section_position, text, units, due_date, due_text FROM conclusion_tasks "
                           "WHERE draft_id = ?1 ORDER BY section_position, position", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int pos = sqlite3_column_int (stmt, 0);
      GbConclusionTask *t;

      if (pos < 1 || (guint) pos > c->sections->len)
        continue;
      t = gb_conclusion_task_new ((const char *) sqlite3_column_text (stmt, 1),
                                  (const char *) sqlite3_column_text (stmt, 3),
                                  (const char *) sqlite3_column_text (stmt, 4));
      split_lines_into (t->units, (const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (((GbConclusionSection *) g_ptr_array_index (c->sections, pos - 1))->tasks, t);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return (gb_store_set_error (self, error, "Could not read the tasks"), NULL);

  return g_steal_pointer (&c);
}

/**
 * gb_store_latest_conclusion_id:
 * @on_or_before: (nullable): YYYY-MM-DD; NULL for the latest of all
 *
 * Returns: the id of the draft of the latest meeting on or before the date, 0 when none
 */
gint64
gb_store_latest_conclusion_id (GbStore     *self,
                               const char  *on_or_before,
                               GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT d.id FROM conclusion_drafts d JOIN meetings m ON m.id = d.meeting_id "
                                         "WHERE ?1 IS NULL OR m.date <= ?1 ORDER BY m.date DESC, d.id DESC LIMIT 1",
                                         error);
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), 0);

  if (stmt == NULL)
    return 0;
  gb_store_bind_text (stmt, 1, on_or_before);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    gb_store_set_error (self, error, "Could not find the latest conclusion");
  sqlite3_reset (stmt);
  return id;
}

/**
 * gb_store_last_conclusion_date:
 * @before: YYYY-MM-DD
 *
 * The last briefing before @before: the date of the latest conclusion notice in the tracker
 * (issued in the app or imported) dated before it.
 *
 * Returns: (nullable): its date, or NULL when there is none (or on error)
 */
char *
gb_store_last_conclusion_date (GbStore    *self,
                               const char *before)
{
  sqlite3_stmt *stmt;
  char *date = NULL;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (before != NULL, NULL);

  stmt = gb_store_prepare (self, "SELECT max (date) FROM documents WHERE kind = 'thông báo kết luận' "
                                 "AND date IS NOT NULL AND date < ?1", NULL);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, before);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    date = gb_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return date;
}

/* The next number of the year: "N-TB/TU" for a party notice, "N/TB-BCĐ" for a state one. */
static char *
next_number (GbStore     *self,
             const char  *date,
             gboolean     state,
             GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT number FROM documents WHERE number LIKE ?2 "
                                         "AND substr(date, 1, 4) = substr(?1, 1, 4)", error);
  gint64 max = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, date);
  gb_store_bind_text (stmt, 2, state ? "%/TB-BCĐ" : "%-TB/TU");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 n = g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);
      max = MAX (max, n);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return (gb_store_set_error (self, error, "Could not number the notice"), NULL);
  return g_strdup_printf (state ? "%" G_GINT64_FORMAT "/TB-BCĐ" : "%" G_GINT64_FORMAT "-TB/TU", max + 1);
}

/**
 * gb_store_next_conclusion_number:
 * @date: the notice date; numbering restarts every year
 *
 * Returns: "N-TB/TU" with N one more than the highest TB/TU number stored for that year
 */
char *
gb_store_next_conclusion_number (GbStore     *self,
                                 const char  *date,
                                 GError     **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  return next_number (self, date, FALSE, error);
}

/**
 * gb_store_conclusion_number_to_issue:
 *
 * The number gb_store_issue_conclusion() would give @c now: its own when typed, else the next
 * free one of its form's series ("N-TB/TU" for a party notice, "N/TB-BCĐ" for a state one), so
 * the preview before issuing shows the final number.
 *
 * Returns: the number, or NULL with @error
 */
char *
gb_store_conclusion_number_to_issue (GbStore             *self,
                                     const GbConclusion  *c,
                                     GError             **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (c != NULL && c->date != NULL, NULL);

  if (c->number != NULL && *c->number != '\0')
    return g_strdup (c->number);
  return next_number (self, c->date, gb_conclusion_is_state_form (c), error);
}

/* Organisations are matched by exact name or alias; an unknown one is added, so an issued
 * notice never loses a responsible unit the tracker did not know yet. */
static gint64
find_or_add_organisation (GbStore     *self,
                          const char  *name,
                          GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT id FROM organisations WHERE name = ?1 UNION ALL "
                                         "SELECT organisation_id FROM organisation_aliases WHERE alias = ?1 LIMIT 1",
                                         error);
  g_autofree char *uid = NULL;
  g_autofree char *nfc = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  gb_store_bind_text (stmt, 1, nfc);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id != 0)
    return id;

  uid = gb_store_new_uid ();
  stmt = gb_store_prepare (self,
                           "INSERT INTO organisations (uid, name) VALUES (?1, ?2) RETURNING id", error);
  if (stmt == NULL)
    return 0;
  gb_store_bind_text (stmt, 1, uid);
  gb_store_bind_text (stmt, 2, nfc);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    gb_store_set_error (self, error, "Could not add the organisation");
  sqlite3_reset (stmt);
  return id;
}

static gint64
insert_item (GbStore     *self,
             gint64       document_id,
             gint64       parent_id,
             const char  *path,
             int          level,
             int          position,
             const char  *text,
             gboolean     is_task,
             const char  *due_date,
             const char  *due_text,
             const char  *now,
             GError     **error)
{
  g_autofree char *uid = gb_store_new_uid ();
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "INSERT INTO items (uid, document_id, parent_id, path, level, position, text, "
                                         "is_task, due_date, due_text, updated_at) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  gb_store_bind_text (stmt, 1, uid);
  sqlite3_bind_int64 (stmt, 2, document_id);
  if (parent_id > 0)
    sqlite3_bind_int64 (stmt, 3, parent_id);
  else
    sqlite3_bind_null (stmt, 3);
  gb_store_bind_text (stmt, 4, path);
  sqlite3_bind_int (stmt, 5, level);
  sqlite3_bind_int (stmt, 6, position);
  gb_store_bind_text (stmt, 7, text);
  sqlite3_bind_int (stmt, 8, is_task ? 1 : 0);
  gb_store_bind_text (stmt, 9, due_date);
  gb_store_bind_text (stmt, 10, due_text);
  gb_store_bind_text (stmt, 11, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    gb_store_set_error (self, error, "Could not save an item");
  sqlite3_reset (stmt);
  if (id == 0 || !is_task)
    return id;

  /* The status log is the source of truth for status; start it as imported items do. */
  stmt = gb_store_prepare (self,
                           "INSERT INTO item_status_log (item_id, status, author, at) VALUES (?1, 'new', NULL, ?2)",
                           error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  gb_store_bind_text (stmt, 2, now);
  if (!gb_store_step_done (self, stmt, "Could not log the item's status", error))
    return 0;
  return id;
}

static gint64
issue_inner (GbStore       *self,
             GbConclusion  *c,
             GError       **error)
{
  g_autofree char *now = gb_store_now_iso ();
  g_autofree char *uid = gb_store_new_uid ();
  g_autofree char *body = gb_conclusion_to_text (c);
  g_autofree char *subject = gb_conclusion_format_title_line (c);
  g_autofree char *source = g_strdup_printf ("conclusion-draft-%" G_GINT64_FORMAT, c->id);
  sqlite3_stmt *stmt;
  gint64 doc_id = 0;
  int position = 0;

  stmt = gb_store_prepare (self,
                           "INSERT INTO documents (uid, kind, number, issuer, place, date, subject, signer, "
                           "signer_title, signing_form, body, source_name, origin, created_at, updated_at) "
                           "VALUES (?1, 'TB', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'composed', ?12, ?12) "
                           "RETURNING id", error);
  if (stmt == NULL)
    return 0;
  gb_store_bind_text (stmt, 1, uid);
  gb_store_bind_text (stmt, 2, c->number);
  gb_store_bind_text (stmt, 3, c->issuer);
  gb_store_bind_text (stmt, 4, c->place);
  gb_store_bind_text (stmt, 5, c->date);
  gb_store_bind_text (stmt, 6, subject);
  gb_store_bind_text (stmt, 7, c->signer);
  gb_store_bind_text (stmt, 8, c->signer_title);
  gb_store_bind_text (stmt, 9, c->signing_form);
  gb_store_bind_text (stmt, 10, body);
  gb_store_bind_text (stmt, 11, source);
  gb_store_bind_text (stmt, 12, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    doc_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (doc_id == 0)
    return (gb_store_set_error (self, error, "Could not save the notice as a document"), 0);

  for (guint i = 0; i < c->recipients->len; i++)
    {
      stmt = gb_store_prepare (self,
                               "INSERT INTO document_recipients (document_id, role, position, text) "
                               "VALUES (?1, 'recipient', ?2, ?3)", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      sqlite3_bind_int (stmt, 2, i + 1);
      gb_store_bind_text (stmt, 3, g_ptr_array_index (c->recipients, i));
      if (!gb_store_step_done (self, stmt, "Could not save a recipient", error))
        return 0;
    }

  for (guint i = 0; i < c->sections->len; i++)
    {
      GbConclusionSection *sec = g_ptr_array_index (c->sections, i);
      g_autofree char *path = g_strdup_printf ("%u", i + 1);
      g_autofree char *text = NULL;
      gint64 section_id;

      text = sec->body && *sec->body ? g_strdup_printf ("%s\n%s", sec->heading, sec->body) : g_strdup (sec->heading);
      /* A section with tasks is a heading; one without is itself something to act on only
       * when it is the whole instruction, which a heading like "Đánh giá tình hình" is not. */
      section_id = insert_item (self, doc_id, 0, path, 1, ++position, text, FALSE, NULL, NULL, now, error);
      if (section_id == 0)
        return 0;

      for (guint j = 0; j < sec->tasks->len; j++)
        {
          GbConclusionTask *t = g_ptr_array_index (sec->tasks, j);
          g_autofree char *tpath = g_strdup_printf ("%u.%u", i + 1, j + 1);
          gint64 item_id = insert_item (self, doc_id, section_id, tpath, 2, ++position, t->text, TRUE,
                                        t->due_date, t->due_text, now, error);

          if (item_id == 0)
            return 0;
          for (guint k = 0; k < t->units->len; k++)
            {
              gint64 org = find_or_add_organisation (self, g_ptr_array_index (t->units, k), error);

              if (org == 0)
                return 0;
              stmt = gb_store_prepare (self,
                                       "INSERT OR IGNORE INTO item_assignments (item_id, organisation_id, role) "
                                       "VALUES (?1, ?2, ?3)", error);
              if (stmt == NULL)
                return 0;
              sqlite3_bind_int64 (stmt, 1, item_id);
              sqlite3_bind_int64 (stmt, 2, org);
              gb_store_bind_text (stmt, 3, k == 0 ? "lead" : "cooperate");
              if (!gb_store_step_done (self, stmt, "Could not assign the item", error))
                return 0;
            }
        }
    }

  stmt = gb_store_prepare (self,
                           "UPDATE conclusion_drafts SET number = ?2, document_id = ?3, updated_at = ?4 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, c->id);
  gb_store_bind_text (stmt, 2, c->number);
  sqlite3_bind_int64 (stmt, 3, doc_id);
  gb_store_bind_text (stmt, 4, now);
  if (!gb_store_step_done (self, stmt, "Could not mark the draft issued", error))
    return 0;
  return doc_id;
}

/**
 * gb_store_issue_conclusion:
 * @number: (nullable): "N-TB/TU"; NULL keeps the draft's number or takes the next free one
 *
 * Issues the draft: stores it as a composed document (kind TB) whose sections and tasks become
 * items, the tasks assigned to their organisations (lead first, then cooperating) with their
 * due dates, exactly like an imported notice, so they show in the tracker. One transaction.
 *
 * Returns: the new document's id, 0 on error (GB_ERROR_CONFLICT if already issued)
 */
gint64
gb_store_issue_conclusion (GbStore     *self,
                           gint64       id,
                           const char  *number,
                           GError     **error)
{
  g_autoptr(GbConclusion) c = NULL;
  gint64 doc_id;

  g_return_val_if_fail (GB_IS_STORE (self), 0);

  if ((c = gb_store_load_conclusion (self, id, error)) == NULL)
    return 0;
  if (c->document_id != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_CONFLICT,
                   _("Conclusion %lld was already issued as document %lld"),
                   (long long) id, (long long) c->document_id);
      return 0;
    }
  if (number != NULL)
    {
      g_free (c->number);
      c->number = g_strdup (number);
    }
  if (c->number == NULL &&
      (c->number = next_number (self, c->date, gb_conclusion_is_state_form (c), error)) == NULL)
    return 0;
  if (!gb_store_begin (self, error))
    return 0;
  doc_id = issue_inner (self, c, error);
  if (doc_id == 0 || !gb_store_commit (self, error))
    {
      gb_store_rollback (self);
      return 0;
    }
  return doc_id;
}

/**
 * gb_store_list_due_items:
 * @date: YYYY-MM-DD, the briefing date
 * @days_ahead: also list open items due within this many days after @date
 *
 * Open tasks (not done, not cancelled) that are overdue on @date or due within @days_ahead,
 * with their lead organisation, ordered by organisation then due date.
 *
 * Returns: (element-type GbDueItem): the items, or NULL on error
 */
GPtrArray *
gb_store_list_due_items (GbStore     *self,
                         const char  *date,
                         int          days_ahead,
                         GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_due_item_free);
  g_autofree char *modifier = g_strdup_printf ("+%d days", days_ahead);
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT i.id, i.path, i.text, i.due_date, i.status, d.number, "
                                         "(SELECT o.name FROM item_assignments a JOIN organisations o ON o.id = a.organisation_id "
                                         " WHERE a.item_id = i.id ORDER BY a.role = 'lead' DESC, o.name LIMIT 1) AS org "
                                         "FROM items i JOIN documents d ON d.id = i.document_id "
                                         "WHERE i.is_task AND i.status IN ('new', 'in_progress') AND i.due_date IS NOT NULL "
                                         "AND i.due_date <= date(?1, ?2) "
                                         "ORDER BY org IS NULL, org, i.due_date, i.id", error);
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, date);
  gb_store_bind_text (stmt, 2, modifier);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbDueItem *item = g_new0 (GbDueItem, 1);

      item->item_id = sqlite3_column_int64 (stmt, 0);
      item->path = gb_store_column_dup (stmt, 1);
      item->text = gb_store_column_dup (stmt, 2);
      item->due_date = gb_store_column_dup (stmt, 3);
      item->status = gb_store_column_dup (stmt, 4);
      item->document_number = gb_store_column_dup (stmt, 5);
      item->organisation = gb_store_column_dup (stmt, 6);
      g_ptr_array_add (list, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return (gb_store_set_error (self, error, "Could not list the due items"), NULL);
  return g_steal_pointer (&list);
}

/* Appends to @sec the tracked items @ids that are open tasks, with their units (lead first)
 * and deadlines. Returns how many were added, -1 on error. */
static int
append_items (GbStore              *self,
              GbConclusionSection  *sec,
              GArray               *ids,
              GError              **error)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_conclusion_task_free);
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < ids->len; i++)
    {
      GbConclusionTask *t = NULL;

      stmt = gb_store_prepare (self,
                               "SELECT text, due_date, due_text FROM items WHERE id = ?1 AND is_task "
                               "AND status IN ('new', 'in_progress')", error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        t = gb_conclusion_task_new ((const char *) sqlite3_column_text (stmt, 0),
                                    (const char *) sqlite3_column_text (stmt, 1),
                                    (const char *) sqlite3_column_text (stmt, 2));
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return (gb_store_set_error (self, error, "Could not read the open tasks"), -1);
      if (t == NULL)
        continue;
      g_ptr_array_add (tasks, t);
      stmt = gb_store_prepare (self,
                               "SELECT o.name FROM item_assignments a JOIN organisations o ON o.id = a.organisation_id "
                               "WHERE a.item_id = ?1 ORDER BY a.role = 'lead' DESC, a.rowid", error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (t->units, gb_store_column_dup (stmt, 0));
      if (!gb_store_rows_done (self, stmt, rc, "Could not read the assignments", error))
        return -1;
    }
  rc = (int) tasks->len;
  while (tasks->len > 0)
    g_ptr_array_add (sec->tasks, g_ptr_array_steal_index (tasks, 0));
  return rc;
}

/**
 * gb_store_carry_over_items:
 * @section: index into @c->sections that receives the tasks
 * @item_ids: (element-type gint64): tracked items the secretary picked, from any document
 *
 * Appends the picked items that are still open tasks, with their units and deadlines; items
 * done, cancelled or not tasks are skipped.
 *
 * Returns: how many tasks were added, or -1 on error
 */
int
gb_store_carry_over_items (GbStore       *self,
                           GbConclusion  *c,
                           guint          section,
                           GArray        *item_ids,
                           GError       **error)
{
  g_return_val_if_fail (GB_IS_STORE (self), -1);
  g_return_val_if_fail (c != NULL, -1);
  g_return_val_if_fail (item_ids != NULL, -1);

  if (section >= c->sections->len)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("The notice has no section %u"), section + 1);
      return -1;
    }
  return append_items (self, g_ptr_array_index (c->sections, section), item_ids, error);
}

/**
 * gb_store_carry_over_tasks:
 * @section: index into @c->sections that receives the tasks (usually the tasks section, 1)
 *
 * The "one click" carry-over: appends to @c the tasks of the latest issued conclusion before
 * @c's meeting that are still open in the tracker (new or in progress), with their units (lead
 * first) and deadlines, so unfinished work is not forgotten in the next notice. Items of other
 * documents are picked with gb_store_carry_over_items().
 *
 * Returns: how many tasks were added, or -1 on error
 */
int
gb_store_carry_over_tasks (GbStore       *self,
                           GbConclusion  *c,
                           guint          section,
                           GError       **error)
{
  g_autoptr(GArray) item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gint64 doc_id = 0;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), -1);
  g_return_val_if_fail (c != NULL && c->meeting_date != NULL, -1);

  if (section >= c->sections->len)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("The notice has no section %u"), section + 1);
      return -1;
    }
  stmt = gb_store_prepare (self,
                           "SELECT d.document_id FROM conclusion_drafts d JOIN meetings m ON m.id = d.meeting_id "
                           "WHERE d.document_id IS NOT NULL AND m.date < ?1 AND d.id != ?2 "
                           "ORDER BY m.date DESC, d.id DESC LIMIT 1", error);
  if (stmt == NULL)
    return -1;
  gb_store_bind_text (stmt, 1, c->meeting_date);
  sqlite3_bind_int64 (stmt, 2, c->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    doc_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return (gb_store_set_error (self, error, "Could not find the previous conclusion"), -1);
  if (doc_id == 0)
    return 0;

  stmt = gb_store_prepare (self,
                           "SELECT id FROM items WHERE document_id = ?1 AND is_task "
                           "AND status IN ('new', 'in_progress') ORDER BY position", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (item_ids, id);
    }
  if (!gb_store_rows_done (self, stmt, rc, "Could not read the open tasks", error))
    return -1;
  return append_items (self, g_ptr_array_index (c->sections, section), item_ids, error);
}

static gint
collate_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/**
 * gb_store_list_organisation_names:
 *
 * The organisations a task can be given to: the built-in dictionary and every organisation the
 * tracker has met in notices, each once, in alphabetical order.
 *
 * Returns: (transfer full) (element-type utf8): the names
 */
GPtrArray *
gb_store_list_organisation_names (GbStore  *self,
                                  GError  **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  for (guint i = 0; i < gb_organisations_get_n_builtin (); i++)
    {
      const char *name, *short_name, *kind, *aliases;

      gb_organisations_get_builtin (i, &name, &short_name, &kind, &aliases);
      if (name != NULL && g_hash_table_add (seen, (gpointer) name))
        g_ptr_array_add (names, g_strdup (name));
    }
  if ((stmt = gb_store_prepare (self, "SELECT name FROM organisations", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (name != NULL && !g_hash_table_contains (seen, name))
        {
          char *copy = g_strdup (name);

          g_ptr_array_add (names, copy);
          g_hash_table_add (seen, copy);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, _("Could not read the organisations"));
      return NULL;
    }
  g_ptr_array_sort (names, collate_names);
  return g_steal_pointer (&names);
}
