/* test-sync-outbox.c — local edits queued in the outbox in the same transaction
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gb-demo.h"
#include "gb-error.h"
#include "gb-store-levels.h"
#include "gb-store-sync.h"
#include "gb-store-tracker.h"
#include "gb-sync-harness.h"
#include "gb-test-util.h"

static GbStore *
open_demo (char **path)
{
  g_autoptr(GError) error = NULL;
  GbStore *store;

  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_no_error (error);
  g_assert_true (gb_demo_load (store, &error));
  g_assert_no_error (error);
  return store;
}

/* How many entries of @table the outbox holds. */
static guint
count_of (GbStore    *store,
          const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gb_store_sync_outbox_list (store, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    n += g_strcmp0 (((GbOutboxEntry *) g_ptr_array_index (list, i))->table, table) == 0;
  return n;
}

/* Drops every entry of @table. */
static void
drop_all (GbStore    *store,
          const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gb_store_sync_outbox_list (store, 0, &error);

  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((GbOutboxEntry *) g_ptr_array_index (list, i))->table, table) == 0)
      g_assert_true (gb_store_sync_outbox_remove (store, ((GbOutboxEntry *) g_ptr_array_index (list, i))->change_id,
                                                  &error));
  g_assert_no_error (error);
}

static GbOutboxEntry *
only_entry (GbStore    *store,
            const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gb_store_sync_outbox_list (store, 0, &error);
  GbOutboxEntry *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      GbOutboxEntry *e = g_ptr_array_index (list, i);

      if (g_strcmp0 (e->table, table) != 0)
        continue;
      g_assert_null (found);
      found = e;
    }
  g_assert_nonnull (found);
  return g_memdup2 (&(GbOutboxEntry) { found->id, g_strdup (found->change_id), g_strdup (found->table),
                                       g_strdup (found->key), g_strdup (found->op), found->base_seq,
                                       g_strdup (found->created_at), found->sent },
                    sizeof (GbOutboxEntry));
}

static void
test_edits_queued (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_demo (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GbOutboxEntry) e = NULL;
  g_autoptr(GbOutboxEntry) p = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *override = NULL;
  gint64 item;

  /* Loading the demo before the triggers exist, and imports, queue nothing. */
  gb_store_sync_enable_outbox (store, &error);
  g_assert_no_error (error);
  g_assert_true (gb_store_sync_outbox_enabled (store));
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);

  g_assert_true (gb_store_sync_set_cursor (store, 42, &error));
  item = gb_sync_harness_first_item (store);
  g_assert_true (gb_store_tracker_set_status (store, item, "in_progress", "A", &error));
  g_assert_no_error (error);
  /* The item, and its new entry in the status log. */
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 2);
  g_assert_cmpuint (count_of (store, "item_status_log"), ==, 1);
  e = only_entry (store, "items");
  g_assert_cmpstr (e->op, ==, "upsert");
  g_assert_cmpint (e->base_seq, ==, 42);
  /* The conflicts window names rows as people know them; a row not here by table and key. */
  {
    g_autofree char *name = gb_store_sync_describe_row (store, "items", e->key);
    g_autofree char *gone = gb_store_sync_describe_row (store, "items", "{\"uid\":\"nope\"}");
    g_autofree char *log_name = NULL;
    g_autoptr(GbOutboxEntry) l = only_entry (store, "item_status_log");

    g_assert_true (g_str_has_prefix (name, "Item 1 "));
    g_assert_nonnull (strstr (name, " — "));
    g_assert_cmpstr (gone, ==, "items {\"uid\":\"nope\"}");
    log_name = gb_store_sync_describe_row (store, "item_status_log", l->key);
    g_assert_true (g_str_has_prefix (log_name, "Status of item 1 "));
  }
  g_assert_true (g_str_has_prefix (e->key, "{\"uid\":\""));
  g_assert_cmpuint (strlen (e->change_id), ==, 36);
  g_assert_true (g_uuid_string_is_valid (e->change_id));
  g_assert_false (e->sent);

  /* A second edit before the push travels with the first; the log gains a row. */
  g_assert_true (gb_store_sync_set_cursor (store, 50, &error));
  g_assert_true (gb_store_tracker_set_status (store, item, "done", "A", &error));
  g_assert_cmpuint (count_of (store, "items"), ==, 1);
  g_assert_cmpuint (count_of (store, "item_status_log"), ==, 2);
  g_clear_pointer (&e, gb_outbox_entry_free);
  e = only_entry (store, "items");
  g_assert_cmpint (e->base_seq, ==, 42);
  drop_all (store, "item_status_log");

  /* Once sent, the entry is frozen: the next edit gets its own. */
  g_assert_true (gb_store_sync_outbox_mark_sent (store, e->change_id, &error));
  g_assert_true (gb_store_tracker_set_status (store, item, "in_progress", "A", &error));
  g_assert_cmpuint (count_of (store, "items"), ==, 2);
  g_assert_cmpuint (count_of (store, "item_status_log"), ==, 1);
  drop_all (store, "item_status_log");
  list = gb_store_sync_outbox_list (store, 0, &error);
  g_assert_cmpstr (((GbOutboxEntry *) list->pdata[0])->key, ==, ((GbOutboxEntry *) list->pdata[1])->key);
  g_assert_true (((GbOutboxEntry *) list->pdata[0])->sent);
  g_assert_false (((GbOutboxEntry *) list->pdata[1])->sent);
  g_assert_cmpint (((GbOutboxEntry *) list->pdata[1])->base_seq, ==, 50);
  g_assert_true (gb_store_sync_outbox_remove (store, ((GbOutboxEntry *) list->pdata[0])->change_id, &error));
  g_assert_true (gb_store_sync_outbox_remove (store, ((GbOutboxEntry *) list->pdata[1])->change_id, &error));
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);

  /* Progress updates and overrides. */
  g_assert_true (gb_store_tracker_add_progress (store, item, "2021-09-01", "Đã triển khai", "B", &error));
  g_assert_no_error (error);
  p = only_entry (store, "progress_updates");
  g_assert_cmpstr (p->op, ==, "upsert");
  override = gb_store_add_level_override (store, "22738", "2021-09-01", NULL, 3, "Ổ dịch", "C", &error);
  g_assert_no_error (error);
  g_assert_nonnull (override);
  g_clear_pointer (&e, gb_outbox_entry_free);
  e = only_entry (store, "level_overrides");
  g_assert_nonnull (strstr (e->key, override));
  g_assert_true (gb_store_revoke_level_override (store, override, "Hết dịch", "C", &error));
  g_assert_no_error (error);
  g_clear_pointer (&e, gb_outbox_entry_free);
  e = only_entry (store, "level_override_revocations");
  /* The override's revocation stamp merged into its unsent entry. */
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 3);
}

static void
test_apply_and_rollback (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = open_demo (&path);
  g_autoptr(GbStore) other = NULL;
  g_autoptr(GError) error = NULL;
  gint64 item;

  g_assert_true (gb_store_sync_enable_outbox (store, &error));
  item = gb_sync_harness_first_item (store);

  /* Rows applied from the server are not queued. */
  g_assert_true (gb_store_begin (store, &error));
  g_assert_true (gb_store_sync_begin_apply (store, &error));
  g_assert_true (gb_store_tracker_set_status (store, item, "done", NULL, &error));
  gb_store_sync_end_apply (store);
  g_assert_true (gb_store_commit (store, &error));
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);

  /* An edit rolled back takes its outbox entries (the item's and its log row's) with it. */
  g_assert_true (gb_store_begin (store, &error));
  g_assert_true (gb_store_tracker_set_status (store, item, "in_progress", NULL, &error));
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 2);
  gb_store_rollback (store);
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);

  /* A refused edit queues nothing. */
  g_assert_false (gb_store_tracker_set_status (store, item, "bogus", NULL, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);

  /* Another connection (the daemon, the sync worker) has no triggers. */
  other = gb_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (gb_store_sync_outbox_enabled (other));
  g_assert_true (gb_store_tracker_set_status (other, item, "cancelled", NULL, &error));
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);
}

static void
test_state_and_conflicts (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GbStore) store = gb_store_open (path, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  gboolean pending = TRUE;

  g_assert_no_error (error);
  g_assert_cmpint (gb_store_sync_get_cursor (store), ==, 0);
  id1 = gb_store_sync_client_id (store, &error);
  id2 = gb_store_sync_client_id (store, &error);
  g_assert_true (g_uuid_string_is_valid (id1));
  g_assert_cmpstr (id1, ==, id2);

  g_assert_true (gb_store_sync_row_pending (store, "items", "{\"uid\":\"x\"}", &pending, &error));
  g_assert_false (pending);
  g_assert_true (gb_store_sync_outbox_add (store, "items", "{\"uid\":\"x\"}", "upsert", &error));
  g_assert_true (gb_store_sync_outbox_add (store, "items", "{\"uid\":\"x\"}", "delete", &error));
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 1);
  g_assert_true (gb_store_sync_row_pending (store, "items", "{\"uid\":\"x\"}", &pending, &error));
  g_assert_true (pending);

  g_assert_true (gb_store_sync_add_conflict (store, "c1", "items", "{\"uid\":\"x\"}", "{\"status\":\"done\"}",
                                             "{\"status\":\"new\"}", NULL, &error));
  g_assert_true (gb_store_sync_add_conflict (store, "c1", "items", "{\"uid\":\"x\"}", NULL, NULL, NULL, &error));
  g_assert_cmpint (gb_store_sync_conflict_count (store), ==, 1);
  list = gb_store_sync_list_conflicts (store, &error);
  g_assert_cmpstr (((GbSyncConflict *) list->pdata[0])->server_row, ==, "{\"status\":\"done\"}");
  g_assert_null (((GbSyncConflict *) list->pdata[0])->reason);
  g_assert_true (gb_store_sync_mark_resolved (store, ((GbSyncConflict *) list->pdata[0])->id, "server", &error));
  g_assert_cmpint (gb_store_sync_conflict_count (store), ==, 0);
  g_assert_false (gb_store_sync_mark_resolved (store, ((GbSyncConflict *) list->pdata[0])->id, "server", &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/outbox/edits-queued", test_edits_queued);
  g_test_add_func ("/sync/outbox/apply-and-rollback", test_apply_and_rollback);
  g_test_add_func ("/sync/outbox/state-and-conflicts", test_state_and_conflicts);
  return g_test_run ();
}
