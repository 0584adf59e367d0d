/* gb-store-tracker.c — stored notices, their items, assignments, status and progress
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "gb-notice-parser.h"
#include "gb-store-private.h"
#include "gb-store-tracker.h"
#include "gb-text.h"

void
gb_tracker_document_free (GbTrackerDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->kind);
  g_free (doc->number);
  g_free (doc->issuer);
  g_free (doc->date);
  g_free (doc->subject);
  g_free (doc->source_name);
  g_free (doc);
}

void
gb_tracker_item_free (GbTrackerItem *item)
{
  if (item == NULL)
    return;
  g_free (item->document_number);
  g_free (item->path);
  g_free (item->text);
  g_free (item->status);
  g_free (item->due);
  g_free (item->units);
  g_free (item->cooperating);
  g_free (item->document_kind);
  g_free (item->due_text);
  g_free (item->recurrence);
  g_free (item->progress);
  g_free (item->progress_date);
  g_free (item->progress_author);
  g_free (item->done_date);
  g_free (item);
}

void
gb_tracker_event_free (GbTrackerEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->at);
  g_free (event->date);
  g_free (event->status);
  g_free (event->text);
  g_free (event->author);
  g_free (event);
}

void
gb_tracker_link_free (GbTrackerLink *link)
{
  if (link == NULL)
    return;
  g_free (link->text);
  g_free (link->kind);
  g_free (link->number);
  g_free (link->date);
  g_free (link);
}

void
gb_tracker_hit_free (GbTrackerHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->snippet);
  g_free (hit);
}

/**
 * gb_tracker_date_in_zone:
 * @instant: a moment
 * @tz: (nullable): the committee's time zone; NULL for the local one
 *
 * Overdue is decided by the calendar day where the committee sits, not by UTC: at 01:00 in
 * Hà Nội it is still yesterday in UTC.
 *
 * Returns: (transfer full): the date of @instant in @tz, YYYY-MM-DD.
 */
char *
gb_tracker_date_in_zone (GDateTime *instant,
                         GTimeZone *tz)
{
  g_autoptr(GTimeZone) local = tz ? g_time_zone_ref (tz) : g_time_zone_new_local ();
  g_autoptr(GDateTime) there = g_date_time_to_timezone (instant, local);
  return g_date_time_format (there, "%Y-%m-%d");
}

/** gb_tracker_today: Returns: (transfer full): today's local date, YYYY-MM-DD. */
char *
gb_tracker_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return gb_tracker_date_in_zone (now, NULL);
}

/**
 * gb_tracker_week_of:
 * @today: YYYY-MM-DD
 * @monday: (out): the Monday of @today's week, YYYY-MM-DD
 * @sunday: (out): its Sunday
 *
 * The calendar week a secretary means by "due this week": Monday to Sunday, as Vietnamese
 * calendars and the weekly briefings count it.
 */
void
gb_tracker_week_of (const char  *today,
                    char       **monday,
                    char       **sunday)
{
  int y = 0, m = 0, d = 0;
  GDate date;
  char buf[16];

  g_return_if_fail (today != NULL && monday != NULL && sunday != NULL);

  if (sscanf (today, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    {
      *monday = g_strdup (today);
      *sunday = g_strdup (today);
      return;
    }
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  g_date_subtract_days (&date, g_date_get_weekday (&date) - G_DATE_MONDAY);
  g_snprintf (buf, sizeof buf, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
  *monday = g_strdup (buf);
  g_date_add_days (&date, 6);
  g_snprintf (buf, sizeof buf, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
  *sunday = g_strdup (buf);
}

/**
 * gb_store_tracker_get_organisations:
 *
 * Returns: (transfer full) (nullable): the built-in dictionary extended with the organisations
 *   and aliases the user added to the store.
 */
GbOrganisations *
gb_store_tracker_get_organisations (GbStore  *self,
                                    GError  **error)
{
  g_autoptr(GbOrganisations) orgs = gb_organisations_new_builtin ();
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT o.name, coalesce (a.alias, o.short_name, o.name) "
                                         "FROM organisations o LEFT JOIN organisation_aliases a "
                                         "ON a.organisation_id = o.id", error);
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *alias = (const char *) sqlite3_column_text (stmt, 1);
      gb_organisations_add (orgs, name, name);
      if (alias != NULL)
        gb_organisations_add (orgs, name, alias);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not read the organisations");
      return NULL;
    }
  return g_steal_pointer (&orgs);
}

static gint64
ensure_organisation (GbStore     *self,
                     const char  *name,
                     GError     **error)
{
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT id FROM organisations WHERE name = ?1", error);
  gint64 id = 0;
  gboolean builtin = FALSE;
  const char *short_name = NULL;
  const char *kind = NULL;
  g_autofree char *uid = NULL;

  if (stmt == NULL)
    return 0;
  gb_store_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id != 0)
    return id;

  for (guint i = 0; i < gb_organisations_get_n_builtin (); i++)
    {
      const char *n, *s, *k, *a;
      gb_organisations_get_builtin (i, &n, &s, &k, &a);
      if (strcmp (n, name) == 0)
        {
          builtin = TRUE;
          short_name = s;
          kind = k;
        }
    }
  stmt = gb_store_prepare (self,
                           "INSERT INTO organisations (uid, name, short_name, kind, builtin) "
                           "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", error);
  if (stmt == NULL)
    return 0;
  uid = gb_store_new_uid ();
  gb_store_bind_text (stmt, 1, uid);
  gb_store_bind_text (stmt, 2, name);
  gb_store_bind_text (stmt, 3, short_name);
  gb_store_bind_text (stmt, 4, kind);
  sqlite3_bind_int (stmt, 5, builtin);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    gb_store_set_error (self, error, "Could not save an organisation");
  sqlite3_reset (stmt);
  return id;
}

/**
 * gb_store_tracker_add_organisation:
 * @name: the organisation's canonical name (created if new)
 * @alias: (nullable): another way notices write it
 *
 * Extends the dictionary used when notices are parsed.
 */
gboolean
gb_store_tracker_add_organisation (GbStore     *self,
                                   const char  *name,
                                   const char  *alias,
                                   GError     **error)
{
  gint64 id;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!gb_store_begin (self, error))
    return FALSE;
  id = ensure_organisation (self, name, error);
  if (id == 0)
    goto fail;
  if (alias != NULL)
    {
      stmt = gb_store_prepare (self, "INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias) VALUES (?1, ?2)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      gb_store_bind_text (stmt, 2, alias);
      if (!gb_store_step_done (self, stmt, "Could not save the alias", error))
        goto fail;
    }
  return gb_store_commit (self, error);
fail:
  gb_store_rollback (self);
  return FALSE;
}

/* The notice's addressees, recipients and references, and the references of documents stored
 * earlier that now find this one. */
static gboolean
write_notice_links (GbStore         *self,
                    gint64           doc_id,
                    const GbNotice  *notice,
                    GError         **error)
{
  sqlite3_stmt *stmt;

  for (int role = 0; role < 2; role++)
    {
      GPtrArray *list = role == 0 ? notice->addressees : notice->recipients;
      for (guint i = 0; i < list->len; i++)
        {
          stmt = gb_store_prepare (self, "INSERT INTO document_recipients (document_id, role, position, text) VALUES (?1, ?2, ?3, ?4)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, doc_id);
          gb_store_bind_text (stmt, 2, role == 0 ? "addressee" : "recipient");
          sqlite3_bind_int (stmt, 3, i);
          gb_store_bind_text (stmt, 4, g_ptr_array_index (list, i));
          if (!gb_store_step_done (self, stmt, "Could not save a recipient", error))
            return FALSE;
        }
    }

  for (guint i = 0; i < notice->references->len; i++)
    {
      const GbNoticeReference *r = g_ptr_array_index (notice->references, i);
      stmt = gb_store_prepare (self,
                               "INSERT INTO document_references (document_id, position, text, kind, number, date, target_id) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT id FROM documents WHERE id <> ?1 AND "
                               "  (number = ?5 OR (?5 NOT GLOB '*[^0-9]*' AND kind = ?4 AND number GLOB ?5 || '[/-]*')) "
                               "  ORDER BY number = ?5 DESC, date DESC LIMIT 1))", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      sqlite3_bind_int (stmt, 2, i);
      gb_store_bind_text (stmt, 3, r->text);
      gb_store_bind_text (stmt, 4, r->kind);
      gb_store_bind_text (stmt, 5, r->number);
      gb_store_bind_text (stmt, 6, r->date);
      if (!gb_store_step_done (self, stmt, "Could not save a reference", error))
        return FALSE;
    }

  /* Documents stored earlier that refer to this one by number now find it. */
  if (notice->number != NULL)
    {
      /* A bare number ("Chỉ thị 15") finds the document of that kind numbered "15/…". */
      stmt = gb_store_prepare (self,
                               "UPDATE document_references SET target_id = ?1 WHERE target_id IS NULL AND document_id <> ?1 "
                               "AND (number = ?2 OR (number NOT GLOB '*[^0-9]*' AND kind = ?3 AND ?2 GLOB number || '[/-]*'))", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      gb_store_bind_text (stmt, 2, notice->number);
      gb_store_bind_text (stmt, 3, notice->kind);
      if (!gb_store_step_done (self, stmt, "Could not link references", error))
        return FALSE;
    }
  return TRUE;
}

/* Item @i of a notice with its first status and its units; @ids maps the paths already
 * written to their ids, so children find their parent. */
static gboolean
write_notice_item (GbStore             *self,
                   gint64               doc_id,
                   guint                i,
                   const GbNoticeItem  *it,
                   GbOrganisations     *orgs,
                   GHashTable          *ids,
                   const char          *now,
                   GError             **error)
{
  g_autofree char *uid = gb_store_new_uid ();
  g_autofree char *parent_path = NULL;
  const char *dot = strrchr (it->path, '.');
  gint64 item_id = 0;
  gpointer parent = NULL;
  sqlite3_stmt *stmt;

  if (dot != NULL)
    {
      parent_path = g_strndup (it->path, dot - it->path);
      parent = g_hash_table_lookup (ids, parent_path);
    }
  stmt = gb_store_prepare (self,
                           "INSERT INTO items (uid, document_id, parent_id, path, level, position, text, is_task, "
                           "due_date, due_text, recurrence, status, updated_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'new', ?12) RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, uid);
  sqlite3_bind_int64 (stmt, 2, doc_id);
  if (parent != NULL)
    sqlite3_bind_int64 (stmt, 3, *(gint64 *) parent);
  else
    sqlite3_bind_null (stmt, 3);
  gb_store_bind_text (stmt, 4, it->path);
  sqlite3_bind_int (stmt, 5, MAX (it->level, 1));
  sqlite3_bind_int (stmt, 6, i);
  gb_store_bind_text (stmt, 7, it->text);
  sqlite3_bind_int (stmt, 8, it->is_task);
  gb_store_bind_text (stmt, 9, it->due);
  gb_store_bind_text (stmt, 10, it->due_text);
  gb_store_bind_text (stmt, 11, it->recurrence);
  gb_store_bind_text (stmt, 12, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    item_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (item_id == 0)
    return gb_store_set_error (self, error, "Could not save an item");
  /* Paths repeat only in broken numbering; the first one stays the parent. */
  if (!g_hash_table_contains (ids, it->path))
    g_hash_table_insert (ids, g_strdup (it->path), g_memdup2 (&item_id, sizeof item_id));

  stmt = gb_store_prepare (self, "INSERT INTO item_status_log (item_id, status, author, at) VALUES (?1, 'new', NULL, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  gb_store_bind_text (stmt, 2, now);
  if (!gb_store_step_done (self, stmt, "Could not log an item's status", error))
    return FALSE;

  for (guint u = 0; u < it->units->len; u++)
    {
      const GbNoticeUnit *unit = g_ptr_array_index (it->units, u);
      const char *canonical = gb_organisations_lookup (orgs, unit->name);
      gint64 org = ensure_organisation (self, canonical ? canonical : unit->name, error);
      if (org == 0)
        return FALSE;
      stmt = gb_store_prepare (self, "INSERT OR IGNORE INTO item_assignments (item_id, organisation_id, role) VALUES (?1, ?2, ?3)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int64 (stmt, 2, org);
      gb_store_bind_text (stmt, 3, gb_notice_role_to_string (unit->role));
      if (!gb_store_step_done (self, stmt, "Could not save an assignment", error))
        return FALSE;
    }
  return TRUE;
}

/* Everything of @notice but the document row itself. */
static gboolean
write_notice_parts (GbStore         *self,
                    gint64           doc_id,
                    const GbNotice  *notice,
                    GError         **error)
{
  g_autofree char *now = gb_store_now_iso ();
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Units a person typed in the review ("MTTQ") go to the organisation they name. */
  g_autoptr(GbOrganisations) orgs = gb_store_tracker_get_organisations (self, error);

  if (orgs == NULL || !write_notice_links (self, doc_id, notice, error))
    return FALSE;
  for (guint i = 0; i < notice->items->len; i++)
    if (!write_notice_item (self, doc_id, i, g_ptr_array_index (notice->items, i), orgs, ids, now, error))
      return FALSE;
  return TRUE;
}

static gboolean
write_document_facts (GbStore         *self,
                      gint64           doc_id,
                      const GbNotice  *n,
                      const char      *body,
                      GError         **error)
{
  g_autofree char *now = gb_store_now_iso ();
  g_autofree char *lead = n->subject == NULL && n->number == NULL ? gb_tracker_lead_from_body (body) : NULL;
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "UPDATE documents SET kind = ?2, number = ?3, issuer = ?4, place = ?5, date = ?6, "
                                         "subject = ?7, signer = ?8, signer_title = ?9, signing_form = ?10, updated_at = ?11 "
                                         "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  gb_store_bind_text (stmt, 2, n->kind);
  gb_store_bind_text (stmt, 3, n->number);
  gb_store_bind_text (stmt, 4, n->issuer);
  gb_store_bind_text (stmt, 5, n->place);
  gb_store_bind_text (stmt, 6, n->date);
  gb_store_bind_text (stmt, 7, n->subject ? n->subject : lead);
  gb_store_bind_text (stmt, 8, n->signer);
  gb_store_bind_text (stmt, 9, n->signer_title);
  gb_store_bind_text (stmt, 10, n->signing_form);
  gb_store_bind_text (stmt, 11, now);
  return gb_store_step_done (self, stmt, "Could not save the document", error);
}

/**
 * gb_store_tracker_save_notice:
 * @notice: the parsed (and reviewed) notice
 * @body: the text it was parsed from
 * @origin: "imported", "composed", "demo" or "synced"
 *
 * Saves a document with its recipients, references, items, assignments and their first status
 * in one transaction: on error nothing is saved.
 *
 * Returns: the new document's id, or 0 with @error set
 */
gint64
gb_store_tracker_save_notice (GbStore         *self,
                              const GbNotice  *notice,
                              const char      *body,
                              const char      *source_name,
                              const char      *origin,
                              GError         **error)
{
  gint64 id;

  g_return_val_if_fail (GB_IS_STORE (self), 0);
  g_return_val_if_fail (notice != NULL && body != NULL, 0);

  if (!gb_store_begin (self, error))
    return 0;
  id = gb_store_add_document_text (self, source_name, body, origin, error);
  if (id == 0 || !write_document_facts (self, id, notice, body, error) || !write_notice_parts (self, id, notice, error))
    {
      gb_store_rollback (self);
      return 0;
    }
  if (!gb_store_commit (self, error))
    return 0;
  return id;
}

/**
 * gb_store_tracker_reparse_document:
 * @document_id: a stored document (for example one the demo stored as text only)
 *
 * Parses the document's body again and replaces its facts, recipients, references and items
 * (their statuses and progress go with them), in one transaction.
 */
gboolean
gb_store_tracker_reparse_document (GbStore  *self,
                                   gint64    document_id,
                                   GError  **error)
{
  g_autoptr(GbOrganisations) orgs = NULL;
  g_autoptr(GbNotice) notice = NULL;
  g_autofree char *body = NULL;
  static const char *const clear[] = {
    "DELETE FROM items WHERE document_id = ?1",
    "DELETE FROM document_recipients WHERE document_id = ?1",
    "DELETE FROM document_references WHERE document_id = ?1",
  };
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT body FROM documents WHERE id = ?1", error);

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    body = gb_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (body == NULL)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no document %lld"), (long long) document_id);
      return FALSE;
    }
  orgs = gb_store_tracker_get_organisations (self, error);
  if (orgs == NULL)
    return FALSE;
  notice = gb_notice_parse (body, -1, orgs, error);
  if (notice == NULL)
    return FALSE;

  if (!gb_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (clear); i++)
    {
      stmt = gb_store_prepare (self, clear[i], error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, document_id);
      if (!gb_store_step_done (self, stmt, "Could not clear the document's items", error))
        goto fail;
    }
  if (!write_document_facts (self, document_id, notice, body, error) || !write_notice_parts (self, document_id, notice, error))
    goto fail;
  return gb_store_commit (self, error);
fail:
  gb_store_rollback (self);
  return FALSE;
}

/**
 * gb_store_tracker_list_documents:
 * @today: (nullable): YYYY-MM-DD that decides what is overdue; NULL for the local today
 *
 * Returns: (transfer full) (element-type GbTrackerDocument): documents, newest first, with their
 *   counts of items, open items and overdue items.
 */
GPtrArray *
gb_store_tracker_list_documents (GbStore     *self,
                                 const char  *today,
                                 GError     **error)
{
  g_autofree char *own_today = today ? NULL : gb_tracker_today ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_tracker_document_free);
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT d.id, d.kind, d.number, d.issuer, d.date, d.subject, "
                                         "  count (i.id), "
                                         "  coalesce (sum (i.is_task AND i.status IN ('new', 'in_progress')), 0), "
                                         "  coalesce (sum (i.is_task AND i.status IN ('new', 'in_progress') AND i.due_date < ?1), 0), d.source_name "
                                         "FROM documents d LEFT JOIN items i ON i.document_id = d.id "
                                         "GROUP BY d.id ORDER BY d.date IS NULL, d.date DESC, d.id DESC", error);
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, today ? today : own_today);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbTrackerDocument *d = g_new0 (GbTrackerDocument, 1);
      d->id = sqlite3_column_int64 (stmt, 0);
      d->kind = gb_store_column_dup (stmt, 1);
      d->number = gb_store_column_dup (stmt, 2);
      d->issuer = gb_store_column_dup (stmt, 3);
      d->date = gb_store_column_dup (stmt, 4);
      d->subject = gb_store_column_dup (stmt, 5);
      d->n_items = sqlite3_column_int (stmt, 6);
      d->n_open = sqlite3_column_int (stmt, 7);
      d->n_overdue = sqlite3_column_int (stmt, 8);
      d->source_name = gb_store_column_dup (stmt, 9);
      g_ptr_array_add (out, d);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not list the documents");
      return NULL;
    }
  return g_steal_pointer (&out);
}

/**
 * gb_store_tracker_list_items:
 * @unit: (nullable): an organisation's name or abbreviation; NULL for all
 * @overdue_only: only open items whose due date is before @today
 * @today: (nullable): YYYY-MM-DD; NULL for the local today
 *
 * Returns: (transfer full) (element-type GbTrackerItem): items, overdue first, then by due date.
 */
GPtrArray *
gb_store_tracker_list_items (GbStore     *self,
                             const char  *unit,
                             gboolean     overdue_only,
                             const char  *today,
                             GError     **error)
{
  GbTrackerFilter filter = { .unit = unit, .overdue_only = overdue_only };

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  return gb_store_tracker_query_items (self, &filter, today, error);
}

/**
 * gb_store_tracker_query_items:
 * @filter: (nullable): which items; NULL for all
 * @today: (nullable): YYYY-MM-DD that decides what is overdue and which week is this one;
 *   NULL for the local today
 *
 * Every condition of @filter must hold. One document's items come in reading order; any other
 * selection comes overdue first, then by deadline, as a secretary reads it before a briefing.
 * Each item carries its units (leads first) and its latest progress update.
 *
 * Returns: (transfer full) (element-type GbTrackerItem): the items, or NULL with @error set
 *   (GB_ERROR_NOT_FOUND for an unknown unit, GB_ERROR_INVALID_DATA for an unknown status)
 */
GPtrArray *
gb_store_tracker_query_items (GbStore               *self,
                              const GbTrackerFilter *filter,
                              const char            *today,
                              GError               **error)
{
  static const char *const statuses[] = { "new", "in_progress", "done", "cancelled", "open" };
  static const GbTrackerFilter all = { 0 };
  g_autofree char *own_today = today ? NULL : gb_tracker_today ();
  g_autofree char *monday = NULL;
  g_autofree char *sunday = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_tracker_item_free);
  g_autoptr(GbOrganisations) orgs = NULL;
  const char *name = NULL;
  gboolean known = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if (filter == NULL)
    filter = &all;
  if (today == NULL)
    today = own_today;
  if (filter->unit != NULL)
    {
      orgs = gb_store_tracker_get_organisations (self, error);
      if (orgs == NULL)
        return NULL;
      name = gb_organisations_lookup (orgs, filter->unit);
      if (name == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("No organisation is called “%s”"), filter->unit);
          return NULL;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    known |= g_strcmp0 (filter->status, statuses[i]) == 0;
  if (filter->status != NULL && !known)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("“%s” is not an item status (new, in_progress, done, cancelled or open)"), filter->status);
      return NULL;
    }
  gb_tracker_week_of (today, &monday, &sunday);

  stmt = gb_store_prepare (self,
                           "SELECT i.id, i.document_id, d.number, i.path, i.level, i.text, i.status, i.due_date, "
                           "  (SELECT group_concat (name, '; ') FROM (SELECT o.name FROM item_assignments a "
                           "     JOIN organisations o ON o.id = a.organisation_id WHERE a.item_id = i.id "
                           "     ORDER BY a.role = 'cooperate', o.name)), "
                           "  (i.status IN ('new', 'in_progress') AND i.due_date IS NOT NULL AND i.due_date < ?1) AS overdue, "
                           "  i.position, i.is_task, d.kind, i.due_text, i.recurrence, p.text, p.date, p.author, "
                           "  (SELECT group_concat (name, '; ') FROM (SELECT o.name FROM item_assignments a "
                           "     JOIN organisations o ON o.id = a.organisation_id WHERE a.item_id = i.id "
                           "     AND a.role = 'cooperate' ORDER BY o.name)), i.done_date "
                           "FROM items i JOIN documents d ON d.id = i.document_id "
                           "LEFT JOIN progress_updates p ON p.id = (SELECT id FROM progress_updates "
                           "  WHERE item_id = i.id ORDER BY date DESC, created_at DESC, id DESC LIMIT 1) "
                           "WHERE (?2 IS NULL OR EXISTS (SELECT 1 FROM item_assignments a JOIN organisations o "
                           "       ON o.id = a.organisation_id WHERE a.item_id = i.id AND o.name = ?2)) "
                           "  AND (?3 = 0 OR overdue) "
                           "  AND (?4 IS NULL OR i.status = ?4 OR (?4 = 'open' AND i.status IN ('new', 'in_progress'))) "
                           "  AND (?5 IS NULL OR d.kind = ?5) "
                           "  AND (?6 = 0 OR i.document_id = ?6) "
                           "  AND (?7 = 0 OR (i.status IN ('new', 'in_progress') AND i.due_date BETWEEN ?8 AND ?9)) "
                           "ORDER BY CASE WHEN ?6 = 0 THEN 0 ELSE i.position END, "
                           "  overdue DESC, i.due_date IS NULL, i.due_date, d.date DESC, d.id, i.position", error);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, today);
  gb_store_bind_text (stmt, 2, name);
  sqlite3_bind_int (stmt, 3, filter->overdue_only);
  gb_store_bind_text (stmt, 4, filter->status);
  gb_store_bind_text (stmt, 5, filter->kind);
  sqlite3_bind_int64 (stmt, 6, filter->document_id);
  sqlite3_bind_int (stmt, 7, filter->due_this_week);
  gb_store_bind_text (stmt, 8, monday);
  gb_store_bind_text (stmt, 9, sunday);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbTrackerItem *it = g_new0 (GbTrackerItem, 1);
      it->id = sqlite3_column_int64 (stmt, 0);
      it->document_id = sqlite3_column_int64 (stmt, 1);
      it->document_number = gb_store_column_dup (stmt, 2);
      it->path = gb_store_column_dup (stmt, 3);
      it->level = sqlite3_column_int (stmt, 4);
      it->text = gb_store_column_dup (stmt, 5);
      it->status = gb_store_column_dup (stmt, 6);
      it->due = gb_store_column_dup (stmt, 7);
      it->units = gb_store_column_dup (stmt, 8);
      it->overdue = sqlite3_column_int (stmt, 9);
      it->position = sqlite3_column_int (stmt, 10);
      it->is_task = sqlite3_column_int (stmt, 11);
      it->document_kind = gb_store_column_dup (stmt, 12);
      it->due_text = gb_store_column_dup (stmt, 13);
      it->recurrence = gb_store_column_dup (stmt, 14);
      it->progress = gb_store_column_dup (stmt, 15);
      it->progress_date = gb_store_column_dup (stmt, 16);
      it->progress_author = gb_store_column_dup (stmt, 17);
      it->cooperating = gb_store_column_dup (stmt, 18);
      it->done_date = gb_store_column_dup (stmt, 19);
      it->state = gb_task_state_compute (it->is_task, it->status, it->due, it->done_date, today);
      g_ptr_array_add (out, it);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not list the items");
      return NULL;
    }
  return g_steal_pointer (&out);
}

/**
 * gb_store_tracker_list_kinds:
 *
 * Returns: (transfer full) (element-type utf8): the kinds of the stored documents, sorted.
 */
GPtrArray *
gb_store_tracker_list_kinds (GbStore  *self,
                             GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = gb_store_prepare (self, "SELECT DISTINCT kind FROM documents WHERE kind IS NOT NULL ORDER BY kind", error);
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, gb_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not list the document kinds");
      return NULL;
    }
  return g_steal_pointer (&out);
}

/**
 * gb_store_tracker_list_links:
 * @document_id: a stored document
 *
 * The documents @document_id implements (its references, in the order written, also those not
 * in the tracker) and then those that implement it (the stored documents that refer to it).
 *
 * Returns: (transfer full) (element-type GbTrackerLink): the links, or NULL with @error set
 */
GPtrArray *
gb_store_tracker_list_links (GbStore  *self,
                             gint64    document_id,
                             GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_tracker_link_free);
  sqlite3_stmt *stmt = gb_store_prepare (self,
                                         "SELECT 1, r.target_id, r.text, coalesce (t.kind, r.kind), coalesce (t.number, r.number), "
                                         "  coalesce (t.date, r.date), r.position "
                                         "FROM document_references r LEFT JOIN documents t ON t.id = r.target_id "
                                         "WHERE r.document_id = ?1 "
                                         "UNION ALL "
                                         "SELECT DISTINCT 0, d.id, NULL, d.kind, d.number, d.date, 0 "
                                         "FROM document_references r JOIN documents d ON d.id = r.document_id "
                                         "WHERE r.target_id = ?1 AND r.document_id <> ?1 "
                                         "ORDER BY 1 DESC, 7, 6, 2", error);
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbTrackerLink *l = g_new0 (GbTrackerLink, 1);

      l->implements = sqlite3_column_int (stmt, 0);
      l->other_id = sqlite3_column_int64 (stmt, 1);
      l->text = gb_store_column_dup (stmt, 2);
      l->kind = gb_store_column_dup (stmt, 3);
      l->number = gb_store_column_dup (stmt, 4);
      l->date = gb_store_column_dup (stmt, 5);
      if (l->text == NULL)
        l->text = gb_text_document_title (l->kind ? l->kind : _("Document"), l->number, NULL);
      g_ptr_array_add (out, l);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not list the document's links");
      return NULL;
    }
  return g_steal_pointer (&out);
}

/**
 * gb_store_tracker_set_units:
 * @units: (element-type GbNoticeUnit): the item's responsible units, lead or co-operating, by
 *   name or abbreviation; a name the dictionary does not know becomes a new organisation
 *
 * Replaces an item's responsible units in one transaction: assignments that stay are kept
 * (with their role updated), so a sync sends only what changed.
 *
 * Returns: TRUE on success; GB_ERROR_NOT_FOUND for no such item, GB_ERROR_INVALID_DATA for an
 *   empty name, nothing written then
 */
gboolean
gb_store_tracker_set_units (GbStore    *self,
                            gint64      item_id,
                            GPtrArray  *units,
                            GError    **error)
{
  g_autoptr(GbOrganisations) orgs = NULL;
  g_autoptr(GString) keep_list = g_string_new ("[");
  g_autofree char *now = gb_store_now_iso ();
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (units != NULL, FALSE);

  for (guint i = 0; i < units->len; i++)
    {
      const GbNoticeUnit *u = g_ptr_array_index (units, i);
      g_autofree char *stripped = g_strstrip (g_strdup (u->name ? u->name : ""));

      if (*stripped == '\0')
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("A responsible unit needs a name"));
          return FALSE;
        }
    }
  orgs = gb_store_tracker_get_organisations (self, error);
  if (orgs == NULL || !gb_store_begin (self, error))
    return FALSE;
  stmt = gb_store_prepare (self, "SELECT 1 FROM items WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, item_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no item %lld"), (long long) item_id);
      goto fail;
    }
  for (guint i = 0; i < units->len; i++)
    {
      const GbNoticeUnit *u = g_ptr_array_index (units, i);
      g_autofree char *stripped = g_strstrip (g_strdup (u->name));
      const char *canonical = gb_organisations_lookup (orgs, stripped);
      gint64 org = ensure_organisation (self, canonical ? canonical : stripped, error);

      if (org == 0)
        goto fail;
      stmt = gb_store_prepare (self,
                               "INSERT INTO item_assignments (item_id, organisation_id, role) VALUES (?1, ?2, ?3) "
                               "ON CONFLICT (item_id, organisation_id) DO UPDATE SET role = excluded.role "
                               "WHERE role <> excluded.role", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int64 (stmt, 2, org);
      gb_store_bind_text (stmt, 3, gb_notice_role_to_string (u->role));
      if (!gb_store_step_done (self, stmt, "Could not save an assignment", error))
        goto fail;
      g_string_append_printf (keep_list, "%s%" G_GINT64_FORMAT, keep_list->len > 1 ? "," : "", org);
    }
  g_string_append_c (keep_list, ']');
  stmt = gb_store_prepare (self,
                           "DELETE FROM item_assignments WHERE item_id = ?1 "
                           "AND organisation_id NOT IN (SELECT value FROM json_each (?2))", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, item_id);
  gb_store_bind_text (stmt, 2, keep_list->str);
  if (!gb_store_step_done (self, stmt, "Could not remove an assignment", error))
    goto fail;
  stmt = gb_store_prepare (self, "UPDATE items SET updated_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, item_id);
  gb_store_bind_text (stmt, 2, now);
  if (!gb_store_step_done (self, stmt, "Could not save the item", error))
    goto fail;
  return gb_store_commit (self, error);
fail:
  gb_store_rollback (self);
  return FALSE;
}

/**
 * gb_store_tracker_set_status:
 * @status: "new", "in_progress", "done" or "cancelled"
 * @author: (nullable): who changed it
 *
 * Appends to the item's status log and updates its current status.
 */
gboolean
gb_store_tracker_set_status (GbStore     *self,
                             gint64       item_id,
                             const char  *status,
                             const char  *author,
                             GError     **error)
{
  static const char *const valid[] = { "new", "in_progress", "done", "cancelled" };
  g_autofree char *now = gb_store_now_iso ();
  g_autofree char *today = gb_tracker_today ();
  gboolean ok = FALSE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    ok |= g_strcmp0 (status, valid[i]) == 0;
  if (!ok)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not an item status"), status);
      return FALSE;
    }
  if (!gb_store_begin (self, error))
    return FALSE;
  stmt = gb_store_prepare (self,
                           "UPDATE items SET status = ?2, updated_at = ?3, "
                           "done_date = CASE WHEN ?2 = 'done' THEN ?4 ELSE NULL END WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, item_id);
  gb_store_bind_text (stmt, 2, status);
  gb_store_bind_text (stmt, 3, now);
  gb_store_bind_text (stmt, 4, today);
  if (!gb_store_step_done (self, stmt, "Could not change the status", error))
    goto fail;
  if (sqlite3_changes (gb_store_get_db (self)) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no item %lld"), (long long) item_id);
      goto fail;
    }
  stmt = gb_store_prepare (self, "INSERT INTO item_status_log (item_id, status, author, at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, item_id);
  gb_store_bind_text (stmt, 2, status);
  gb_store_bind_text (stmt, 3, author);
  gb_store_bind_text (stmt, 4, now);
  if (!gb_store_step_done (self, stmt, "Could not log the status", error))
    goto fail;
  return gb_store_commit (self, error);
fail:
  gb_store_rollback (self);
  return FALSE;
}

/**
 * gb_store_tracker_item_history:
 *
 * Everything that happened to an item, newest first: each status it was set to (the status
 * log, synced between copies) and each progress report, with who and when.
 *
 * Returns: (transfer full) (element-type GbTrackerEvent): the history, or NULL with @error set
 */
GPtrArray *
gb_store_tracker_item_history (GbStore  *self,
                               gint64    item_id,
                               GError  **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_tracker_event_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);

  stmt = gb_store_prepare (self,
                           "SELECT at, NULL, status, NULL, author, id, 0 FROM item_status_log WHERE item_id = ?1 "
                           "UNION ALL "
                           "SELECT created_at, date, NULL, text, author, id, 1 FROM progress_updates WHERE item_id = ?1 "
                           "ORDER BY 1 DESC, 7 DESC, 6 DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbTrackerEvent *e = g_new0 (GbTrackerEvent, 1);

      e->at = gb_store_column_dup (stmt, 0);
      e->date = gb_store_column_dup (stmt, 1);
      e->status = gb_store_column_dup (stmt, 2);
      e->text = gb_store_column_dup (stmt, 3);
      e->author = gb_store_column_dup (stmt, 4);
      g_ptr_array_add (events, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not read the item's history");
      return NULL;
    }
  return g_steal_pointer (&events);
}

/** gb_store_tracker_add_progress: records a progress update (date, text, who) on an item. */
gboolean
gb_store_tracker_add_progress (GbStore     *self,
                               gint64       item_id,
                               const char  *date,
                               const char  *text,
                               const char  *author,
                               GError     **error)
{
  g_autofree char *now = gb_store_now_iso ();
  g_autofree char *uid = gb_store_new_uid ();
  g_autofree char *check = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  check = date ? gb_notice_parse_date (date, 0) : NULL;
  if (date == NULL || strlen (date) != 10 || check == NULL || text == NULL || *text == '\0')
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("A progress update needs a date (YYYY-MM-DD) and a text"));
      return FALSE;
    }
  stmt = gb_store_prepare (self,
                           "INSERT INTO progress_updates (uid, item_id, date, text, author, created_at) "
                           "SELECT ?1, id, ?3, ?4, ?5, ?6 FROM items WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  gb_store_bind_text (stmt, 1, uid);
  sqlite3_bind_int64 (stmt, 2, item_id);
  gb_store_bind_text (stmt, 3, date);
  gb_store_bind_text (stmt, 4, text);
  gb_store_bind_text (stmt, 5, author);
  gb_store_bind_text (stmt, 6, now);
  if (!gb_store_step_done (self, stmt, "Could not save the progress update", error))
    return FALSE;
  if (sqlite3_changes (gb_store_get_db (self)) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no item %lld"), (long long) item_id);
      return FALSE;
    }
  return TRUE;
}

/**
 * gb_store_tracker_search:
 * @query: words, with or without diacritics ("phong toa" finds "phong tỏa")
 *
 * Returns: (transfer full) (element-type GbTrackerHit): hits, best first (at most 200).
 */
GPtrArray *
gb_store_tracker_search (GbStore     *self,
                         const char  *query,
                         GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gb_tracker_hit_free);
  g_autoptr(GString) fts = g_string_new (NULL);
  g_autoptr(GString) folded = g_string_new (query);
  g_auto(GStrv) words = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GB_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  /* Every word becomes a quoted FTS5 string, so user input can never be query syntax. */
  g_string_replace (folded, "đ", "d", 0);
  g_string_replace (folded, "Đ", "D", 0);
  words = g_regex_split_simple ("[^\\p{L}\\p{N}]+", folded->str, 0, 0);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (fts, "%s\"%s\"", fts->len ? " " : "", words[i]);
  if (fts->len == 0)
    return g_steal_pointer (&out);

  stmt = gb_store_prepare (self,
                           "SELECT document_id, item_id, snippet (tracker_fts, 0, '[', ']', '…', 12) "
                           "FROM tracker_fts WHERE tracker_fts MATCH ?1 ORDER BY rank LIMIT 200", error);
  if (stmt == NULL)
    return NULL;
  gb_store_bind_text (stmt, 1, fts->str);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GbTrackerHit *h = g_new0 (GbTrackerHit, 1);
      h->document_id = sqlite3_column_int64 (stmt, 0);
      h->item_id = sqlite3_column_int64 (stmt, 1);
      h->snippet = gb_store_column_dup (stmt, 2);
      g_ptr_array_add (out, h);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gb_store_set_error (self, error, "Could not search");
      return NULL;
    }
  return g_steal_pointer (&out);
}

/**
 * gb_store_tracker_set_due:
 * @due: (nullable): YYYY-MM-DD, or NULL for no deadline
 *
 * Changes an item's deadline (a person corrected it, or the committee moved it).
 *
 * Returns: TRUE on success; GB_ERROR_INVALID_DATA for a bad date, GB_ERROR_NOT_FOUND for no
 *   such item, nothing written then
 */
gboolean
gb_store_tracker_set_due (GbStore     *self,
                          gint64       item_id,
                          const char  *due,
                          GError     **error)
{
  g_autofree char *now = gb_store_now_iso ();
  sqlite3_stmt *stmt;
  int y, m, d;

  g_return_val_if_fail (GB_IS_STORE (self), FALSE);

  if (due != NULL && (sscanf (due, "%4d-%2d-%2d", &y, &m, &d) != 3 || strlen (due) != 10 || !g_date_valid_dmy (d, m, y)))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a date (YYYY-MM-DD)"), due);
      return FALSE;
    }
  stmt = gb_store_prepare (self, "UPDATE items SET due_date = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  gb_store_bind_text (stmt, 2, due);
  gb_store_bind_text (stmt, 3, now);
  if (!gb_store_step_done (self, stmt, "Could not change the deadline", error))
    return FALSE;
  if (sqlite3_changes (gb_store_get_db (self)) == 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NOT_FOUND, _("There is no item %lld"), (long long) item_id);
      return FALSE;
    }
  return TRUE;
}
