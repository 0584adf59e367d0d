/* test-sync-client.c — the sync client against a small fake daemon (SoupServer) that can lie
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake serves a feed of rows of the `meta` table through a codec of this test's own, so
 * the client's paging, cursor, push, conflicts and strict checking are tested on their own.
 * The real daemon and the shared codec are tested in test-sync-daemon.c.
 */
#include <libsoup/soup.h>
#include <string.h>

#include "gb-error.h"
#include "gb-fault-proxy.h"
#include "gb-store-sync.h"
#include "gb-sync-client.h"
#include "gb-sync-feed.h"
#include "gb-sync-harness.h"
#include "gb-test-util.h"

/* ---- a codec over the meta table ----------------------------------------------------------- */

static GHashTable *apply_counts;   /* key -> number of times applied */

static JsonNode *
meta_encode (GbStore     *store,
             const char  *table,
             JsonNode    *key,
             GError     **error)
{
  const char *k = json_object_get_string_member (json_node_get_object (key), "key");
  g_autofree char *value = gb_store_get_meta (store, k);
  g_autoptr(JsonObject) row = NULL;
  JsonNode *node;

  if (value == NULL)
    return json_node_new (JSON_NODE_NULL);
  row = json_object_new ();
  json_object_set_string_member (row, "key", k);
  json_object_set_string_member (row, "value", value);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, row);
  return node;
}

static gboolean
meta_apply (GbStore     *store,
            const char  *table,
            const char  *op,
            JsonNode    *key,
            JsonNode    *row,
            GError     **error)
{
  const char *k;

  if (g_strcmp0 (table, "meta") != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, "unknown table %s", table);
      return FALSE;
    }
  k = json_object_get_string_member (json_node_get_object (key), "key");
  g_hash_table_insert (apply_counts, g_strdup (k),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (apply_counts, k)) + 1));
  if (g_strcmp0 (op, "delete") == 0)
    return gb_store_set_meta (store, k, NULL, error);
  return gb_store_set_meta (store, k, json_object_get_string_member (json_node_get_object (row), "value"), error);
}

static const GbSyncCodecFuncs meta_codec = { meta_encode, meta_apply };

/* ---- the fake daemon ------------------------------------------------------------------------- */

typedef enum
{
  MODE_OK,
  MODE_TRUNCATED,
  MODE_WRONG_TYPES,
  MODE_BACKWARDS,
  MODE_HTTP_500,
  MODE_HTML,
  MODE_WRONG_SINCE,
  MODE_FAIL_SECOND_PAGE,
  MODE_UNAUTHORIZED,
  MODE_LOST_FEED,
  MODE_LYING_HEADERS,
  MODE_COMPACT_SHORT_ROW,
  MODE_COMPACT_NO_COLUMNS,
  MODE_COMPACT_KEY_NOT_IN_ROW,
} Mode;

typedef struct
{
  SoupServer *server;
  char       *url;
  GPtrArray  *feed;         /* JsonNode objects {seq, table, op, key, row} */
  GPtrArray  *pushed;       /* JsonNode: each change received, in order */
  GHashTable *seen_ids;     /* change ids applied once */
  GHashTable *conflict_keys;/* key value -> server value: pushes of these conflict */
  GHashTable *hold_keys;    /* key values neither applied nor refused */
  Mode        mode;
  guint       requests;
  GString    *limits;       /* the limit of each page asked, comma-separated */
  gboolean    fail_push_once;
  gboolean    legacy;       /* a server from before format=compact and the page headers */
} Fake;

static Fake fake;

static void
feed_add (const char *key,
          const char *value)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, fake.feed->len * 2 + 3);   /* sparse, as after compaction */
  json_builder_set_member_name (b, "table");
  json_builder_add_string_value (b, "meta");
  json_builder_set_member_name (b, "op");
  json_builder_add_string_value (b, value ? "upsert" : "delete");
  json_builder_set_member_name (b, "key");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "key");
  json_builder_add_string_value (b, key);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "row");
  if (value)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "value");
      json_builder_add_string_value (b, value);
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, key);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  g_ptr_array_add (fake.feed, json_builder_get_root (b));
}

static gint64
feed_last (void)
{
  if (fake.feed->len == 0)
    return 0;
  return json_object_get_int_member (json_node_get_object (g_ptr_array_index (fake.feed, fake.feed->len - 1)), "seq");
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

/* The page in the compact format: [seq, table, op, data], an upsert's data its values in the
 * order of columns.meta.row, a delete's its key. */
static void
compact_page (JsonObject *page)
{
  JsonArray *changes = json_object_get_array_member (page, "changes");
  g_autoptr(JsonArray) arrays = json_array_new ();
  g_autoptr(JsonNode) columns = json_from_string (fake.mode == MODE_COMPACT_KEY_NOT_IN_ROW
                                                  ? "{\"meta\":{\"key\":[\"id\"],\"row\":[\"key\",\"value\"]}}"
                                                  : "{\"meta\":{\"key\":[\"key\"],\"row\":[\"key\",\"value\"]}}", NULL);

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      JsonArray *a = json_array_new ();
      gboolean upsert = g_strcmp0 (json_object_get_string_member (c, "op"), "upsert") == 0;

      json_array_add_int_element (a, json_object_get_int_member (c, "seq"));
      json_array_add_string_element (a, json_object_get_string_member (c, "table"));
      json_array_add_string_element (a, json_object_get_string_member (c, "op"));
      if (upsert)
        {
          JsonObject *row = json_object_get_object_member (c, "row");
          JsonArray *values = json_array_new ();

          json_array_add_string_element (values, json_object_get_string_member (row, "key"));
          if (fake.mode != MODE_COMPACT_SHORT_ROW)
            json_array_add_string_element (values, json_object_get_string_member (row, "value"));
          json_array_add_array_element (a, values);
        }
      else
        json_array_add_element (a, json_node_copy (json_object_get_member (c, "key")));
      json_array_add_array_element (arrays, a);
    }
  json_object_set_array_member (page, "changes", json_array_ref (arrays));
  if (fake.mode != MODE_COMPACT_NO_COLUMNS)
    json_object_set_member (page, "columns", json_node_copy (columns));
}

static void
changes_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  gint64 since = g_ascii_strtoll (query ? g_hash_table_lookup (query, "since") : "0", NULL, 10);
  gint64 limit = g_ascii_strtoll (query ? g_hash_table_lookup (query, "limit") : "100", NULL, 10);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gint64 next = since, count = 0;
  guint first_page = fake.requests++ == 0;

  g_string_append_printf (fake.limits, "%s%" G_GINT64_FORMAT, fake.limits->len ? "," : "", limit);

  if (fake.mode == MODE_UNAUTHORIZED)
    return reply (msg, 401, "application/json", "{\"error\":\"unknown token\"}");
  if (fake.mode == MODE_HTTP_500 || (fake.mode == MODE_FAIL_SECOND_PAGE && !first_page))
    return reply (msg, 500, "application/json", "{\"error\":\"database is locked\"}");
  if (fake.mode == MODE_HTML)
    return reply (msg, 200, "text/html", "<html><body><h1>Welcome to nginx!</h1></body></html>");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "since");
  json_builder_add_int_value (b, fake.mode == MODE_WRONG_SINCE ? since + 1 : since);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < fake.feed->len && count < limit; i++)
    {
      JsonNode *c = g_ptr_array_index (fake.feed, i);
      gint64 seq = json_object_get_int_member (json_node_get_object (c), "seq");

      if (seq <= since)
        continue;
      if (fake.mode == MODE_BACKWARDS && count == 1)
        {
          g_autoptr(JsonNode) copy = json_node_copy (c);

          json_object_set_int_member (json_node_get_object (copy), "seq", since);
          json_builder_add_value (b, g_steal_pointer (&copy));
        }
      else
        json_builder_add_value (b, json_node_copy (c));
      next = seq;
      count++;
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next");
  json_builder_add_int_value (b, next);
  json_builder_set_member_name (b, "last");
  if (fake.mode == MODE_WRONG_TYPES)
    json_builder_add_string_value (b, "many");
  else
    json_builder_add_int_value (b, feed_last ());
  json_builder_set_member_name (b, "more");
  json_builder_add_boolean_value (b, next < feed_last ());
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  if (fake.mode == MODE_LOST_FEED)
    {
      /* A server restored from an old backup: its whole feed ends before our cursor. */
      JsonObject *o = json_node_get_object (root);

      json_object_set_array_member (o, "changes", json_array_new ());
      json_object_set_int_member (o, "next", since);
      json_object_set_int_member (o, "last", 1);
      json_object_set_boolean_member (o, "more", FALSE);
    }
  if (!fake.legacy)
    {
      JsonObject *o = json_node_get_object (root);

      if (g_strcmp0 (query ? g_hash_table_lookup (query, "format") : NULL, "compact") == 0)
        compact_page (o);
      gb_sync_feed_set_page_headers (soup_server_message_get_response_headers (msg),
                                     json_object_get_int_member (o, "next") + (fake.mode == MODE_LYING_HEADERS),
                                     json_object_get_boolean_member (o, "more") || fake.mode == MODE_LYING_HEADERS);
    }
  text = json_to_string (root, FALSE);
  if (fake.mode == MODE_TRUNCATED)
    text[strlen (text) / 2] = '\0';
  reply (msg, 200, "application/json", text);
}

static void
push_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonNode) root = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *text = NULL;
  JsonArray *changes;

  g_assert_nonnull (root);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (json_node_get_object (root), "client_id")));
  changes = json_object_get_array_member (json_node_get_object (root), "changes");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "applied");
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      const char *id = json_object_get_string_member (c, "id");
      const char *k = json_object_get_string_member (json_object_get_object_member (c, "key"), "key");

      g_ptr_array_add (fake.pushed, json_node_copy (json_array_get_element (changes, i)));
      if (g_hash_table_contains (fake.conflict_keys, k) || g_hash_table_contains (fake.hold_keys, k))
        continue;
      /* A retried change id is applied once: still reported as applied. */
      if (!g_hash_table_contains (fake.seen_ids, id))
        {
          JsonNode *row = json_object_get_member (c, "row");

          g_hash_table_add (fake.seen_ids, g_strdup (id));
          feed_add (k, JSON_NODE_HOLDS_NULL (row) ? NULL
                       : json_object_get_string_member (json_node_get_object (row), "value"));
        }
      json_builder_add_string_value (b, id);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "conflicts");
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      const char *k = json_object_get_string_member (json_object_get_object_member (c, "key"), "key");
      const char *server_value = g_hash_table_lookup (fake.conflict_keys, k);

      if (server_value == NULL)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, json_object_get_string_member (c, "id"));
      json_builder_set_member_name (b, "table");
      json_builder_add_string_value (b, "meta");
      json_builder_set_member_name (b, "key");
      json_builder_add_value (b, json_node_copy (json_object_get_member (c, "key")));
      json_builder_set_member_name (b, "server_row");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, k);
      json_builder_set_member_name (b, "value");
      json_builder_add_string_value (b, server_value);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "client_row");
      json_builder_add_value (b, json_node_copy (json_object_get_member (c, "row")));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "last");
  json_builder_add_int_value (b, feed_last ());
  json_builder_end_object (b);
  answer = json_builder_get_root (b);
  if (fake.fail_push_once)
    {
      /* Applied, but the answer is lost on the way back. */
      fake.fail_push_once = FALSE;
      return reply (msg, 502, "text/plain", "Bad Gateway");
    }
  text = json_to_string (answer, FALSE);
  reply (msg, 200, "application/json", text);
}

static void
fake_start (void)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  memset (&fake, 0, sizeof fake);
  fake.server = soup_server_new (NULL, NULL);
  fake.feed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  fake.pushed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  fake.seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fake.conflict_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake.hold_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fake.limits = g_string_new (NULL);
  soup_server_add_handler (fake.server, "/api/v1/changes", changes_cb, NULL, NULL);
  soup_server_add_handler (fake.server, "/api/v1/push", push_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (fake.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake.server);
  fake.url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  apply_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
fake_stop (void)
{
  soup_server_disconnect (fake.server);
  g_clear_object (&fake.server);
  g_clear_pointer (&fake.url, g_free);
  g_clear_pointer (&fake.feed, g_ptr_array_unref);
  g_clear_pointer (&fake.pushed, g_ptr_array_unref);
  g_clear_pointer (&fake.seen_ids, g_hash_table_unref);
  g_clear_pointer (&fake.conflict_keys, g_hash_table_unref);
  g_clear_pointer (&fake.hold_keys, g_hash_table_unref);
  g_string_free (g_steal_pointer (&fake.limits), TRUE);
  g_clear_pointer (&apply_counts, g_hash_table_unref);
}

/* ---- helpers ---------------------------------------------------------------------------------- */

typedef struct
{
  guint          progress_calls;
  double         last_fraction;
  gint64         last_rows;
} Run;

static void
progress_cb (GbSyncClient *client,
             gint64        rows,
             gint64        total,
             double        fraction,
             Run          *run)
{
  g_assert_cmpfloat (fraction, >=, run->last_fraction);
  g_assert_cmpint (rows, >=, run->last_rows);
  g_assert_cmpint (rows, <=, total);
  run->progress_calls++;
  run->last_fraction = fraction;
  run->last_rows = rows;
}

/* Runs one sync in the worker thread while the fake serves from this thread. */
static GbSyncSummary *
run_sync (GbSyncClient  *client,
          Run           *run,
          GError       **error)
{
  return gb_sync_harness_sync (client, NULL, G_CALLBACK (progress_cb), run, error);
}

static GbSyncClient *
new_client (const char *path)
{
  GbSyncClient *client = gb_sync_client_new (path, fake.url, "secret-token");

  gb_sync_client_set_codec (client, &meta_codec);
  g_object_set (client, "page-size", 1000, "max-attempts", 1, "timeout", 5, NULL);
  return client;
}

static GbStore *
new_store (char **path)
{
  g_autoptr(GError) error = NULL;
  GbStore *store;

  *path = gb_test_temp_db ();
  store = gb_store_open (*path, &error);
  g_assert_no_error (error);
  return store;
}

static void
assert_meta (GbStore    *store,
             const char *key,
             const char *value)
{
  g_autofree char *got = gb_store_get_meta (store, key);

  g_assert_cmpstr (got, ==, value);
}

/* ---- tests ------------------------------------------------------------------------------------ */

/* @data: TRUE against a server from before the compact format and the page headers. */
static void
test_initial_and_incremental (gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = new_store (&path);
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 }, run2 = { 0 };
  g_autoptr(GbSyncSummary) s1 = NULL;
  g_autoptr(GbSyncSummary) s2 = NULL;

  fake_start ();
  fake.legacy = GPOINTER_TO_INT (data);
  for (guint i = 0; i < 2500; i++)
    {
      g_autofree char *k = g_strdup_printf ("k%04u", i);
      g_autofree char *v = g_strdup_printf ("giá trị %u", i);

      feed_add (k, v);
    }
  feed_add ("k0001", NULL);   /* a delete */
  client = new_client (path);

  s1 = run_sync (client, &run, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s1->pulled, ==, 2501);
  g_assert_cmpint (s1->cursor, ==, feed_last ());
  g_assert_cmpint (s1->last, ==, feed_last ());
  g_assert_cmpint (gb_store_sync_get_cursor (store), ==, feed_last ());
  /* page-size 1000: the first page asked is 500 (FIRST_PAGE), then twice as many up to it */
  g_assert_cmpuint (run.progress_calls, ==, 4);
  g_assert_cmpstr (fake.limits->str, ==, "500,1000,1000,1000");
  g_assert_cmpfloat (run.last_fraction, ==, 1.0);
  g_assert_cmpint (run.last_rows, ==, 2501);
  assert_meta (store, "k0000", "giá trị 0");
  assert_meta (store, "k2499", "giá trị 2499");
  assert_meta (store, "k0001", NULL);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (apply_counts, "k0002")), ==, 1);

  /* The next sync brings only what is new. */
  feed_add ("k0002", "đổi");
  feed_add ("new", "mới");
  s2 = run_sync (client, &run2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s2->pulled, ==, 2);
  assert_meta (store, "k0002", "đổi");
  assert_meta (store, "new", "mới");
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (apply_counts, "k0003")), ==, 1);

  gb_sync_client_refresh_state (client);
  g_assert_nonnull (gb_sync_client_get_last_sync (client));
  fake_stop ();
}

static void
test_push_and_conflict (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = new_store (&path);
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s1 = NULL;
  g_autoptr(GbSyncSummary) s2 = NULL;
  g_autoptr(GbSyncSummary) s3 = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  Run r1 = { 0 }, r2 = { 0 }, r3 = { 0 };
  GbSyncConflict *c;
  JsonObject *sent;

  fake_start ();
  feed_add ("a", "1");
  client = new_client (path);
  s1 = run_sync (client, &r1, &error);
  g_assert_no_error (error);

  /* Two offline edits: one goes through, one collides with a newer server version. */
  g_assert_true (gb_store_set_meta (store, "a", "2", &error));
  g_assert_true (gb_store_sync_outbox_add (store, "meta", "{\"key\":\"a\"}", "upsert", &error));
  g_assert_true (gb_store_set_meta (store, "b", "mine", &error));
  g_assert_true (gb_store_sync_outbox_add (store, "meta", "{\"key\":\"b\"}", "upsert", &error));
  g_hash_table_insert (fake.conflict_keys, g_strdup ("b"), g_strdup ("theirs"));

  s2 = run_sync (client, &r2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s2->pushed, ==, 1);
  g_assert_cmpint (s2->conflicts, ==, 1);
  g_assert_cmpint (s2->pending, ==, 0);
  g_assert_cmpuint (fake.pushed->len, ==, 2);
  sent = json_node_get_object (g_ptr_array_index (fake.pushed, 0));
  g_assert_cmpstr (json_object_get_string_member (sent, "table"), ==, "meta");
  g_assert_cmpstr (json_object_get_string_member (sent, "op"), ==, "upsert");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sent, "row"), "value"), ==, "2");
  g_assert_cmpint (json_object_get_int_member (sent, "base_seq"), ==, 3);
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);

  /* The server's version is in place; ours is kept for a person. */
  assert_meta (store, "a", "2");
  assert_meta (store, "b", "theirs");
  conflicts = gb_store_sync_list_conflicts (store, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (c->key, ==, "{\"key\":\"b\"}");
  g_assert_cmpstr (c->client_row, ==, "{\"key\":\"b\",\"value\":\"mine\"}");
  g_assert_cmpstr (c->server_row, ==, "{\"key\":\"b\",\"value\":\"theirs\"}");

  /* Keeping ours puts it back and queues it again. */
  g_hash_table_remove (fake.conflict_keys, "b");
  g_assert_true (gb_sync_resolve_conflict (store, c->id, TRUE, &meta_codec, &error));
  g_assert_no_error (error);
  assert_meta (store, "b", "mine");
  g_assert_cmpint (gb_store_sync_conflict_count (store), ==, 0);
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 1);
  s3 = run_sync (client, &r3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s3->pushed, ==, 1);
  assert_meta (store, "b", "mine");
  fake_stop ();
}

static void
test_push_retried_once (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = new_store (&path);
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s1 = NULL;
  g_autoptr(GbSyncSummary) s2 = NULL;
  Run r1 = { 0 }, r2 = { 0 };
  const char *id0, *id1;

  fake_start ();
  client = new_client (path);
  g_assert_true (gb_store_set_meta (store, "x", "1", &error));
  g_assert_true (gb_store_sync_outbox_add (store, "meta", "{\"key\":\"x\"}", "upsert", &error));

  /* The server applies the push but the answer is lost: the client reports the failure… */
  fake.fail_push_once = TRUE;
  s1 = run_sync (client, &r1, &error);
  g_assert_error (error, GB_ERROR, GB_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "502"));
  g_clear_error (&error);
  g_assert_null (s1);
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 1);

  /* …and sends the same change id again, which the server applies once. */
  s2 = run_sync (client, &r2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake.pushed->len, ==, 2);
  id0 = json_object_get_string_member (json_node_get_object (g_ptr_array_index (fake.pushed, 0)), "id");
  id1 = json_object_get_string_member (json_node_get_object (g_ptr_array_index (fake.pushed, 1)), "id");
  g_assert_cmpstr (id0, ==, id1);
  g_assert_cmpuint (fake.feed->len, ==, 1);
  g_assert_cmpint (gb_store_sync_outbox_count (store), ==, 0);
  fake_stop ();
}

/* @data: TRUE against a server from before the compact format and the page headers. */
static void
test_pending_row_not_overwritten (gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = new_store (&path);
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s1 = NULL;
  Run r1 = { 0 };

  fake_start ();
  fake.legacy = GPOINTER_TO_INT (data);
  feed_add ("p", "server");
  feed_add ("q", "server");
  client = new_client (path);
  g_assert_true (gb_store_set_meta (store, "p", "local edit", &error));
  g_assert_true (gb_store_sync_outbox_add (store, "meta", "{\"key\":\"p\"}", "upsert", &error));
  g_hash_table_add (fake.hold_keys, g_strdup ("p"));

  s1 = run_sync (client, &r1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s1->skipped, ==, 1);
  g_assert_cmpint (s1->pending, ==, 1);
  assert_meta (store, "p", "local edit");
  assert_meta (store, "q", "server");
  fake_stop ();
}

static void
test_cut_between_pages (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = new_store (&path);
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s2 = NULL;
  Run r1 = { 0 }, r2 = { 0 };
  GHashTableIter iter;
  gpointer k, v;

  fake_start ();
  for (guint i = 0; i < 1500; i++)
    {
      g_autofree char *key = g_strdup_printf ("r%u", i);

      feed_add (key, "v");
    }
  client = new_client (path);
  fake.mode = MODE_FAIL_SECOND_PAGE;
  g_assert_null (run_sync (client, &r1, &error));
  g_assert_error (error, GB_ERROR, GB_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "database is locked"));
  g_clear_error (&error);

  /* The first page (500 rows: FIRST_PAGE) and its cursor were committed together, nothing of
   * the second. */
  g_assert_cmpint (gb_store_sync_get_cursor (store), ==,
                   json_object_get_int_member (json_node_get_object (g_ptr_array_index (fake.feed, 499)), "seq"));
  assert_meta (store, "r499", "v");
  assert_meta (store, "r500", NULL);

  fake.mode = MODE_OK;
  s2 = run_sync (client, &r2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s2->pulled, ==, 1000);
  g_assert_cmpuint (g_hash_table_size (apply_counts), ==, 1500);
  g_hash_table_iter_init (&iter, apply_counts);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_assert_cmpuint (GPOINTER_TO_UINT (v), ==, 1);
  fake_stop ();
}

/* @data: TRUE for a server from before the compact format and the page headers, which
 * cannot lie in them. */
static void
test_malformed_answers (gconstpointer data)
{
  static const struct { Mode mode; int code; const char *words; } cases[] = {
    { MODE_TRUNCATED, GB_ERROR_PARSE, "not valid JSON" },
    { MODE_WRONG_TYPES, GB_ERROR_PARSE, "“last” must be an integer" },
    { MODE_BACKWARDS, GB_ERROR_PARSE, "goes backwards" },
    { MODE_HTTP_500, GB_ERROR_NETWORK, "HTTP 500" },
    { MODE_HTML, GB_ERROR_NETWORK, "text/html instead of JSON" },
    { MODE_WRONG_SINCE, GB_ERROR_PARSE, "not after" },
    { MODE_UNAUTHORIZED, GB_ERROR_PERMISSION, "401" },
    { MODE_LOST_FEED, GB_ERROR_PARSE, "lost data" },
    { MODE_LYING_HEADERS, GB_ERROR_PARSE, "its headers and its body disagree" },
    { MODE_COMPACT_SHORT_ROW, GB_ERROR_PARSE, "must be an array of 2 values" },
    { MODE_COMPACT_NO_COLUMNS, GB_ERROR_PARSE, "no columns for the table “meta”" },
    { MODE_COMPACT_KEY_NOT_IN_ROW, GB_ERROR_PARSE, "the key member “id” is not in the row" },
  };
  gboolean legacy = GPOINTER_TO_INT (data);
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = new_store (&path);
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GbSyncSummary) s0 = NULL;
  Run r0 = { 0 };

  fake_start ();
  fake.legacy = legacy;
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *key = g_strdup_printf ("m%u", i);

      feed_add (key, "v");
    }
  client = new_client (path);
  g_object_set (client, "page-size", 10, NULL);
  s0 = run_sync (client, &r0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    feed_add ("m0", "changed");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *before = gb_test_fingerprint (path);
      g_autofree char *after = NULL;
      Run run = { 0 };

      if (legacy && cases[i].mode >= MODE_LYING_HEADERS)
        continue;
      fake.mode = cases[i].mode;
      g_assert_null (run_sync (client, &run, &error));
      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_error (error, GB_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_clear_error (&error);
      after = gb_test_fingerprint (path);
      g_assert_cmpstr (before, ==, after);
      assert_meta (store, "m0", "v");
    }
  fake_stop ();
}

static void
test_backoff (void)
{
  g_assert_cmpuint (gb_sync_client_backoff_delay (1, 300), ==, 2);
  g_assert_cmpuint (gb_sync_client_backoff_delay (2, 300), ==, 4);
  g_assert_cmpuint (gb_sync_client_backoff_delay (5, 300), ==, 32);
  g_assert_cmpuint (gb_sync_client_backoff_delay (20, 300), ==, 300);
  g_assert_cmpuint (gb_sync_client_backoff_delay (20, 100000), ==, 900);
}

static void
test_canonical_json (void)
{
  g_autoptr(JsonNode) a = json_from_string ("{ \"position\": 2, \"draft\": \"x\", \"b\": {\"z\":1,\"a\":[1,2]} }", NULL);
  g_autofree char *text = gb_sync_canonical_json (a);

  g_assert_cmpstr (text, ==, "{\"b\":{\"a\":[1,2],\"z\":1},\"draft\":\"x\",\"position\":2}");
}


/* Random faults between client and server, seeded: after each the copy must converge with
 * nothing lost and nothing applied twice. GB_SYNC_FAULTS sets the count (the soak script
 * raises it), GB_SYNC_SEED the seed. */
static void
test_fault_loop (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = new_store (&path);
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GbSyncSummary) last = NULL;
  GbFaultProxy *proxy;
  g_autofree char *url = NULL;
  const char *env_count = g_getenv ("GB_SYNC_FAULTS");
  const char *env_seed = g_getenv ("GB_SYNC_SEED");
  guint faults = env_count ? (guint) g_ascii_strtoull (env_count, NULL, 10) : 60;
  guint32 seed = env_seed ? (guint32) g_ascii_strtoull (env_seed, NULL, 10) : 20211011;
  guint server_n = 0, local_n = 0, fired = 0;
  GUri *uri;
  GHashTableIter iter;
  gpointer k, v;

  fake_start ();
  uri = g_uri_parse (fake.url, G_URI_FLAGS_NONE, NULL);
  proxy = gb_fault_proxy_new (g_uri_get_port (uri), &error);
  g_uri_unref (uri);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", gb_fault_proxy_get_port (proxy));
  rand = g_rand_new_with_seed (seed);
  g_test_message ("seed %u, %u faults", seed, faults);

  for (; server_n < 800; server_n++)
    {
      g_autofree char *key = g_strdup_printf ("s%u", server_n);

      feed_add (key, "v");
      g_hash_table_insert (expected, g_steal_pointer (&key), g_strdup ("v"));
    }
  client = new_client (path);
  gb_sync_client_set_server_url (client, url);
  g_object_set (client, "page-size", 50, "timeout", 1, NULL);

  for (guint i = 0; i < faults; i++)
    {
      GbFaultKind kind = 1 + g_rand_int_range (rand, 0, GB_FAULT_N_KINDS - 1);
      /* Requests are short (a GET, or a push of a few rows): cut them early to hit them. */
      gsize after = g_rand_int_range (rand, 0, kind == GB_FAULT_CUT_REQUEST ? 400 : 6000);
      g_autoptr(GbSyncSummary) s = NULL;
      Run run = { 0 };

      /* Both sides move on between attempts. */
      for (guint j = g_rand_int_range (rand, 0, 40); j > 0; j--, server_n++)
        {
          g_autofree char *key = g_strdup_printf ("s%u", server_n);
          g_autofree char *value = g_strdup_printf ("v%u", i);

          feed_add (key, value);
          g_hash_table_insert (expected, g_steal_pointer (&key), g_steal_pointer (&value));
        }
      for (guint j = g_rand_int_range (rand, 0, 3); j > 0; j--, local_n++)
        {
          g_autofree char *key = g_strdup_printf ("local%u", local_n);
          g_autofree char *json = g_strdup_printf ("{\"key\":\"%s\"}", key);
          g_autofree char *value = g_strdup_printf ("l%u", i);

          g_assert_true (gb_store_set_meta (store, key, value, &error));
          g_assert_true (gb_store_sync_outbox_add (store, "meta", json, "upsert", &error));
          g_hash_table_insert (expected, g_steal_pointer (&key), g_steal_pointer (&value));
        }

      gb_fault_proxy_arm (proxy, kind, after);
      s = run_sync (client, &run, &error);
      if (gb_fault_proxy_fired (proxy))
        fired++;
      g_test_message ("fault %u: %s after %zu bytes: %s", i, gb_fault_kind_name (kind), after,
                      error ? error->message : "completed");
      /* A fault is an error of the network or a broken answer, never of the database. */
      if (error != NULL)
        g_assert_true (error->code == GB_ERROR_NETWORK || error->code == GB_ERROR_PARSE);
      g_clear_error (&error);
    }

  gb_fault_proxy_arm (proxy, GB_FAULT_NONE, 0);
  last = run_sync (client, &(Run) { 0 }, &error);
  g_assert_no_error (error);
  g_assert_cmpint (last->pending, ==, 0);
  g_assert_cmpint (gb_store_sync_get_cursor (store), ==, feed_last ());
  g_test_message ("%u of %u faults struck", fired, faults);
  g_assert_cmpuint (fired, >=, faults / 3);

  /* Nothing lost: every row has its last value here, and every local edit reached the server
   * exactly once. */
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &k, &v))
    assert_meta (store, k, v);
  for (guint j = 0; j < local_n; j++)
    {
      g_autofree char *key = g_strdup_printf ("local%u", j);
      guint copies = 0;

      for (guint f = 0; f < fake.feed->len; f++)
        {
          JsonObject *c = json_node_get_object (g_ptr_array_index (fake.feed, f));

          copies += g_strcmp0 (json_object_get_string_member (json_object_get_object_member (c, "key"), "key"), key) == 0;
        }
      g_assert_cmpuint (copies, ==, 1);
    }
  /* Nothing doubled here: every server row was applied once. */
  for (guint j = 0; j < server_n; j++)
    {
      g_autofree char *key = g_strdup_printf ("s%u", j);

      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (apply_counts, key)), ==, 1);
    }
  gb_fault_proxy_free (proxy);
  fake_stop ();
}

static void
finished_cb (GbSyncClient  *client,
             GbSyncSummary *summary,
             const GError  *error,
             guint         *calls)
{
  (*calls)++;
}

/* The background sync: at once on start, state for the indicator, errors kept for a retry. */
static void
test_periodic (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = new_store (&path);
  g_autoptr(GbSyncClient) client = NULL;
  guint calls = 0;

  fake_start ();
  feed_add ("a", "1");
  client = new_client (path);
  g_signal_connect (client, "finished", G_CALLBACK (finished_cb), &calls);
  gb_sync_client_start_periodic (client, 300);
  if (!gb_sync_client_get_syncing (client))
    {
      /* The test machine says it has no network: the client waits for it, as it should. */
      g_assert_nonnull (gb_sync_client_get_last_error (client));
      gb_sync_client_stop_periodic (client);
      fake_stop ();
      g_test_skip ("no network according to GNetworkMonitor");
      return;
    }
  while (calls == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gb_sync_client_get_syncing (client));
  g_assert_null (gb_sync_client_get_last_error (client));
  g_assert_nonnull (gb_sync_client_get_last_sync (client));
  assert_meta (store, "a", "1");

  /* A failure is kept for the indicator; the next success clears it. */
  fake.mode = MODE_HTTP_500;
  gb_sync_client_sync_now (client);
  while (calls == 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (gb_sync_client_get_last_error (client), "HTTP 500"));
  fake.mode = MODE_OK;
  gb_sync_client_sync_now (client);
  /* Asked while idle it runs now; asked while running it runs right after. */
  gb_sync_client_sync_now (client);
  while (calls == 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (gb_sync_client_get_last_error (client));
  gb_sync_client_stop_periodic (client);
  fake_stop ();
}

static int
run_cli (const char  *db,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("GIAOBAN_CLI"));
  g_ptr_array_add (args, "--database");
  g_ptr_array_add (args, (char *) db);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  p = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                         G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, NULL, err, &error));
  return g_subprocess_get_exit_status (p);
}

static void
test_cli_errors (void)
{
  g_autofree char *path = gb_test_temp_db ();
  g_autofree char *err = NULL;
  g_autofree char *token = gb_test_write_temp ("token", "one\ntwo\n", -1);

  if (g_getenv ("GIAOBAN_CLI") == NULL)
    {
      g_test_skip ("GIAOBAN_CLI is not set");
      return;
    }
  g_assert_cmpint (run_cli (path, &err, "sync", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--server"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (path, &err, "sync", "--server", "http://127.0.0.1:1", "--token-file", "/nonexistent/t", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/t"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (path, &err, "sync", "--server", "http://127.0.0.1:1", "--token-file", token, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "one token on one line"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (path, &err, "sync", "--server", "http://127.0.0.1:1", "--attempts", "0", NULL), ==, 2);
}

/* A server that answers an area fill (previous_area, until) with its plain feed, as an older
 * or a lying one would: the copy refuses the page and says so, its rows and cursor stay as
 * they were, and the fill stays to be made by a server that knows it. */
static void
test_area_fill_refused (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GbStore) store = new_store (&path);
  g_autoptr(GbSyncClient) client = NULL;
  g_autoptr(GbSyncSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *until = NULL;
  Run run = { 0 };
  gint64 cursor;

  fake_start ();
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *k = g_strdup_printf ("k%02u", i);

      feed_add (k, "một");
    }
  client = new_client (path);
  gb_sync_client_set_area (client, "582");
  s = run_sync (client, &run, &error);
  g_assert_no_error (error);
  g_clear_pointer (&s, gb_sync_summary_free);
  cursor = gb_store_sync_get_cursor (store);
  g_assert_cmpint (cursor, ==, feed_last ());

  gb_sync_client_set_area (client, "58");
  s = run_sync (client, &run, &error);
  g_assert_null (s);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "meta"));
  g_assert_cmpint (gb_store_sync_get_cursor (store), ==, cursor);
  assert_meta (store, "k00", "một");
  until = gb_store_sync_get_state (store, "area_fill_until");
  g_assert_cmpint (g_ascii_strtoll (until, NULL, 10), ==, cursor);
  fake_stop ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gb_test_tolerate_soup_dispose ();
  g_test_add_func ("/sync/client/canonical-json", test_canonical_json);
  g_test_add_func ("/sync/client/backoff", test_backoff);
  g_test_add_data_func ("/sync/client/initial-and-incremental", GINT_TO_POINTER (FALSE), test_initial_and_incremental);
  g_test_add_data_func ("/sync/client/initial-and-incremental/legacy-server", GINT_TO_POINTER (TRUE),
                        test_initial_and_incremental);
  g_test_add_func ("/sync/client/push-and-conflict", test_push_and_conflict);
  g_test_add_func ("/sync/client/push-retried-once", test_push_retried_once);
  g_test_add_data_func ("/sync/client/pending-row-not-overwritten", GINT_TO_POINTER (FALSE),
                        test_pending_row_not_overwritten);
  g_test_add_data_func ("/sync/client/pending-row-not-overwritten/legacy-server", GINT_TO_POINTER (TRUE),
                        test_pending_row_not_overwritten);
  g_test_add_func ("/sync/client/cut-between-pages", test_cut_between_pages);
  g_test_add_data_func ("/sync/client/malformed-answers", GINT_TO_POINTER (FALSE), test_malformed_answers);
  g_test_add_data_func ("/sync/client/malformed-answers/legacy-server", GINT_TO_POINTER (TRUE), test_malformed_answers);
  g_test_add_func ("/sync/client/fault-loop", test_fault_loop);
  g_test_add_func ("/sync/client/cli-errors", test_cli_errors);
  g_test_add_func ("/sync/client/periodic", test_periodic);
  g_test_add_func ("/sync/client/area-fill-refused", test_area_fill_refused);
  return g_test_run ();
}
