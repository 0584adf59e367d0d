/* gb-sync-client-area.c — the sync client when its copy's area changes: only the difference
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A copy keeps its cursor when its area changes. Widened, it asks the server once for the rows
 * of the new area that were not of the area it held, up to its cursor (the "fill", pages of
 * GET /api/v1/changes?previous_area=…&until=…, with a cursor of its own), then pulls the feed
 * from its cursor as always. Narrowed, it drops the rows of the units now outside its area
 * (gb_store_sync_area_prune()) after the pull, except the rows with an edit not yet sent,
 * which stay and are pushed; the drop is tried again at the next sync while any stayed.
 *
 * sync_state: "area" the area asked; "area_previous", "area_fill_until", "area_fill_since"
 * a fill still to finish; "area_prune" a drop still to make. docs/sync-api.md, "Changing the
 * area".
 */
#define G_LOG_DOMAIN "gb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gb-error.h"
#include "gb-store-sync.h"
#include "gb-sync-client-private.h"

static gint64
state_int (GbStore    *store,
           const char *key)
{
  g_autofree char *text = gb_store_sync_get_state (store, key);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

static gboolean
set_state_int (GbStore     *store,
               const char  *key,
               gint64       value,
               GError     **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return gb_store_sync_set_state (store, key, buf, error);
}

/* The area a copy holds rows of: a district's token gets its own district whatever it asks. */
static gboolean
held_by_role (GbStore *store)
{
  g_autofree char *role = gb_store_sync_get_state (store, "role");

  return role != NULL && g_str_has_prefix (role, "district:");
}

/* Before the copy records a new area, the server says it knows it (a 422 names an unknown one):
 * a mistyped area changes nothing here. */
gboolean
_gb_sync_area_known (GbSyncJob     *job,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *area = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) page = NULL;

  if (job->area == NULL)
    return TRUE;
  area = g_uri_escape_string (job->area, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/changes?since=0&limit=1&format=compact&area=%s", area);
  page = _gb_sync_request_body (job, job->session, "GET", path, NULL, NULL, cancellable, error);
  return page != NULL;
}

/**
 * _gb_sync_area_changed:
 * @held: (nullable): the area the copy held until now (NULL: everything)
 *
 * Records the new area, in one transaction: a fill from @held (or, when a fill was still
 * pending, from the area that one started from: the rows of that fill are asked for again),
 * and a drop of what the new area does not keep.
 */
gboolean
_gb_sync_area_changed (GbSyncJob   *job,
                       const char  *held,
                       GError     **error)
{
  GbStore *store = job->store;
  g_autofree char *previous = gb_store_sync_get_state (store, "area_previous");
  gint64 cursor = gb_store_sync_get_cursor (store);
  gint64 until = state_int (store, "area_fill_until");
  gboolean role = held_by_role (store);

  if (!gb_store_begin (store, error))
    return FALSE;
  if (until < 0)
    {
      g_free (previous);
      previous = g_strdup (held);
      until = cursor;
    }
  g_debug ("area %s -> %s: %s", held ? held : "(all)", job->area ? job->area : "(all)",
           role ? "a district's token keeps its district" : "only the difference");
  /* Nothing to fill: the copy held everything, or nothing yet, or the area it held. */
  if (role || previous == NULL || until <= 0 || g_strcmp0 (previous, job->area) == 0)
    {
      if (!_gb_sync_area_fill_done (job, error))
        goto fail;
    }
  else if (!gb_store_sync_set_state (store, "area_previous", previous, error) ||
           !set_state_int (store, "area_fill_until", until, error) ||
           !set_state_int (store, "area_fill_since", 0, error))
    goto fail;
  if (!gb_store_sync_set_state (store, "area_prune", job->area != NULL && !role ? "1" : NULL, error) ||
      !gb_store_sync_set_state (store, "area", job->area, error))
    goto fail;
  return gb_store_commit (store, error);

fail:
  gb_store_rollback (store);
  return FALSE;
}

/* Whether a fill is still to be made; the job learns where it stands. */
gboolean
_gb_sync_area_fill_pending (GbSyncJob  *job,
                            gboolean   *pending,
                            GError    **error)
{
  g_clear_pointer (&job->fill_previous, g_free);
  job->fill_until = state_int (job->store, "area_fill_until");
  job->fill_since = MAX (state_int (job->store, "area_fill_since"), 0);
  job->fill_previous = gb_store_sync_get_state (job->store, "area_previous");
  *pending = job->fill_until > 0 && job->fill_previous != NULL;
  if (*pending && job->fill_since > job->fill_until)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("This copy's sync state is damaged: its area fill is at %lld, past its end %lld"),
                   (long long) job->fill_since, (long long) job->fill_until);
      return FALSE;
    }
  return TRUE;
}

/* What a fill page's request adds to the feed's. */
char *
_gb_sync_area_fill_query (GbSyncJob *job)
{
  g_autofree char *previous = g_uri_escape_string (job->fill_previous, NULL, FALSE);

  return g_strdup_printf ("&previous_area=%s&until=%" G_GINT64_FORMAT, previous, job->fill_until);
}

/* A fill page holds rows of the tables that follow the area, up to the cursor asked. */
gboolean
_gb_sync_area_check_fill (GbSyncJob   *job,
                          GbSyncPage  *page,
                          GError     **error)
{
  static const char *const tables[] = { "units", "unit_versions", "unit_successions", "unit_merges", "case_reports",
                                        "vaccinations", "treatment_capacity", NULL };

  if (page->last != job->fill_until)
    return _gb_sync_bad_answer (error, "/api/v1/changes",
                                _("the rows of the new area end at %lld, not at this copy's cursor %lld"),
                                (long long) page->last, (long long) job->fill_until);
  for (guint i = 0; i < page->list->len; i++)
    {
      const GbSyncChange *ch = &g_array_index (page->list, GbSyncChange, i);

      if (!g_strv_contains (tables, ch->table))
        return _gb_sync_bad_answer (error, "/api/v1/changes",
                                    _("the rows of the new area hold a change of %s, which does not follow an area"),
                                    ch->table);
    }
  return TRUE;
}

/* No fill to make (in the caller's transaction). */
gboolean
_gb_sync_area_fill_done (GbSyncJob  *job,
                         GError    **error)
{
  return gb_store_sync_set_state (job->store, "area_previous", NULL, error) &&
         gb_store_sync_set_state (job->store, "area_fill_until", NULL, error) &&
         gb_store_sync_set_state (job->store, "area_fill_since", NULL, error);
}

/* After the pull: the rows outside the area go, those with an edit not yet sent stay until
 * a later sync. */
gboolean
_gb_sync_area_prune (GbSyncJob  *job,
                     GError    **error)
{
  g_autofree char *prune = gb_store_sync_get_state (job->store, "area_prune");
  gint64 kept = 0;

  if (prune == NULL)
    return TRUE;
  if (job->area != NULL && !gb_store_sync_area_prune (job->store, job->area, &kept, error))
    return FALSE;
  g_debug ("rows outside area %s dropped; %lld units stay for edits not yet sent", job->area ? job->area : "-",
           (long long) kept);
  return kept > 0 || gb_store_sync_set_state (job->store, "area_prune", NULL, error);
}
