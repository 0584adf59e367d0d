/* gb-daemon.c — giaoband's HTTP API on libsoup's server
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The endpoints. Each call runs on a worker thread with that thread's own database connection
 * (gb-daemon-server.c hands calls out and their answers back to libsoup); writers take the
 * daemon's write lock, so they follow one another while readers go on. Every answer is
 * JSON; an error is {"error": "…"} with a 4xx/5xx status.
 */
#define G_LOG_DOMAIN "giaoband"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "gb-daemon-private.h"
#include "gb-error.h"
#include "gb-json-check.h"
#include "gb-series-import.h"
#include "gb-store-read.h"
#include "gb-store-daemon.h"
#include "gb-sync-codec.h"
#include "gb-sync-feed.h"
#include "gb-sync-role.h"
#include "gb-sync-unit-merge.h"

/**
 * gb_daemon_new_token:
 *
 * Returns: 32 bytes from the kernel's random source, as 64 hex digits
 */
char *
gb_daemon_new_token (void)
{
  guint8 bytes[32];
  GString *s = g_string_new (NULL);
  gsize got = 0;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n > 0)
        got += (gsize) n;
    }
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (s, "%02x", bytes[i]);
  return g_string_free (s, FALSE);
}

char *
gb_daemon_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/**
 * gb_daemon_error_json:
 *
 * Returns: {"error": @message} as text
 */
char *
gb_daemon_error_json (const char *message)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "error", message);
  json_node_take_object (node, o);
  return json_to_string (node, FALSE);
}

void
gb_daemon_call_json (GbDaemonCall *call,
                     guint         status,
                     JsonNode     *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  gsize len = strlen (text);

  g_clear_pointer (&call->response, g_bytes_unref);
  call->status = status;
  call->response = g_bytes_new_take (g_steal_pointer (&text), len);
}

void
gb_daemon_call_error (GbDaemonCall *call,
                      guint         status,
                      const char   *message)
{
  char *text = gb_daemon_error_json (message);

  g_clear_pointer (&call->response, g_bytes_unref);
  g_free (call->error);
  call->status = status;
  call->error = g_strdup (message);
  call->response = g_bytes_new_take (text, strlen (text));
}

guint
gb_daemon_status_for (const GError *error)
{
  if (error->domain != GB_ERROR)
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;
  switch (error->code)
    {
    case GB_ERROR_PARSE:
      return SOUP_STATUS_BAD_REQUEST;
    case GB_ERROR_INVALID_DATA:
    case GB_ERROR_DUPLICATE:
    case GB_ERROR_NOT_FOUND:
      return SOUP_STATUS_UNPROCESSABLE_ENTITY;
    case GB_ERROR_PERMISSION:
      return SOUP_STATUS_FORBIDDEN;
    case GB_ERROR_CONFLICT:
      return SOUP_STATUS_CONFLICT;
    default:
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
}

static void
call_fail (GbDaemonCall *call,
           const GError *error)
{
  gb_daemon_call_error (call, gb_daemon_status_for (error), error->message);
}

gboolean
gb_daemon_call_role_is (GbDaemonCall *call,
                        const char   *role)
{
  if (strcmp (role, "district") == 0)
    return g_str_has_prefix (call->role, "district:");
  return strcmp (call->role, role) == 0;
}

void
gb_daemon_call_forbid (GbDaemonCall *call)
{
  g_autofree char *m = g_strdup_printf (_("The role “%s” may not do this"), call->role);

  gb_daemon_call_error (call, SOUP_STATUS_FORBIDDEN, m);
}

/* The body as JSON, strict and bounded before json-glib, which recurses and takes comments
 * (issue 17); NULL when an answer was set. With @flaws, what json-glib would misread (a NUL,
 * half a surrogate pair, a member twice) is listed there for the caller to refuse, not
 * refused here. */
static JsonNode *
read_json (GbDaemon      *self,
           GbDaemonCall  *call,
           GPtrArray    **flaws)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *mended = NULL;
  gsize len = 0;
  const char *data = call->body ? g_bytes_get_data (call->body, &len) : NULL;

  if (len == 0)
    {
      gb_daemon_call_error (call, SOUP_STATUS_BAD_REQUEST, _("The request body is empty"));
      return NULL;
    }
  if (flaws ? gb_json_check_flaws (data, len, GB_JSON_CHECK_MAX_DEPTH, self->limits.max_body, flaws, &error)
            : gb_json_check (data, len, GB_JSON_CHECK_MAX_DEPTH, self->limits.max_body, &error))
    {
      /* json-glib refuses half a surrogate pair, or stores it as invalid UTF-8. */
      if (flaws != NULL && (*flaws)->len > 0)
        data = mended = gb_json_mend (data, len, *flaws);
    }
  if (error != NULL ||
      !json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      g_autofree char *m = g_strdup_printf (_("The body is not valid JSON: %s"), error->message);

      gb_daemon_call_error (call, SOUP_STATUS_BAD_REQUEST, m);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
gb_daemon_call_read_json (GbDaemon     *self,
                          GbDaemonCall *call)
{
  return read_json (self, call, NULL);
}

static gboolean
parse_int_param (GHashTable *query,
                 const char *name,
                 gint64      fallback,
                 gint64     *value)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  char *end = NULL;

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  if (*text == '\0' || !g_ascii_isdigit (*text))
    return FALSE;
  *value = g_ascii_strtoll (text, &end, 10);
  return *end == '\0' && *value >= 0 && *value < G_MAXINT64;
}

/* Who the token is: the app offers only what its role may do (gb-sync-role.h). */
static void
handle_me (GbDaemonCall *call)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "name", call->user);
  json_object_set_string_member (o, "role", call->role);
  json_node_take_object (node, o);
  gb_daemon_call_json (call, SOUP_STATUS_OK, node);
}

/* Ready: a worker reached the database. (Live is answered without a worker.) */
static void
handle_health (GbDaemon     *self,
               GbDaemonDb   *db,
               GbDaemonCall *call)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  gint64 last = db->ops->feed_last (db, NULL);

  json_object_set_string_member (o, "status", last >= 0 ? "ok" : "error");
  json_object_set_string_member (o, "version", PACKAGE_VERSION);
  json_object_set_int_member (o, "last", last);
  json_object_set_boolean_member (o, "live", TRUE);
  json_object_set_boolean_member (o, "ready", last >= 0);
  /* What serving the feed cost so far, for the benchmarks: pages made, the queries that made
   * them, and every statement sent to PostgreSQL. */
  json_object_set_int_member (o, "pages_made", g_atomic_int_get (&self->pages_made));
  json_object_set_int_member (o, "page_queries", g_atomic_int_get (&self->page_queries));
  /* And what checking secretaries' pushes of unit rows cost: reads of the merges (one a push). */
  json_object_set_int_member (o, "merge_reads", g_atomic_int_get (&self->merge_reads));
  if (gb_daemon_db_is_pg (self->location))
    json_object_set_int_member (o, "db_round_trips", (gint64) gb_store_pg_round_trips ());
  if (self->replicas != NULL)
    {
      gint64 served, fallbacks;

      /* Feed pages read from replicas, and from the primary because none was up to date. */
      gb_daemon_replicas_counts (self->replicas, &served, &fallbacks);
      json_object_set_int_member (o, "replica_pages", served);
      json_object_set_int_member (o, "primary_pages", fallbacks);
    }
  json_node_take_object (node, o);
  gb_daemon_call_json (call, last >= 0 ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE, node);
}

static gboolean
area_exists (GbDaemonDb *db,
             const char *code)
{
  g_autofree char *parent = NULL;
  gboolean found = FALSE;

  parent = db->ops->unit_parent (db, code, &found, NULL);
  return found;
}

/* A feed page is mostly the same names and digits again: at level 1 a 2000-row compact page
 * of the demo went from 462 KB to 137 KB, so a laptop on a slow line waits for under a third
 * of the bytes. Made once per page (the cache keeps it), at zlib's default level: fewer bytes
 * for every laptop to read and inflate. Small answers are not worth it. */
#define GZIP_LEVEL     6

/* @bytes gzipped, for a client that takes it. */
GBytes *
gb_daemon_gzip (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, GZIP_LEVEL);
  gsize in_len = 0;
  const guchar *in = g_bytes_get_data (bytes, &in_len);
  gsize cap = in_len / 4 + 1024, used = 0;
  guchar *out = g_malloc (cap);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize read = 0, written = 0;
      GConverterResult r = g_converter_convert (G_CONVERTER (z), in, in_len, out + used, cap - used,
                                                G_CONVERTER_INPUT_AT_END, &read, &written, &error);

      in += read;
      in_len -= read;
      used += written;
      if (r == G_CONVERTER_FINISHED)
        break;
      /* With all the input given, zlib stops only for room. */
      g_assert (r != G_CONVERTER_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE));
      if (cap - used < 1024)
        {
          cap *= 2;
          out = g_realloc (out, cap);
        }
    }
  return g_bytes_new_take (g_realloc (out, used), used);
}

/* The cache's key of a feed page. */
char *
gb_daemon_page_key (gint64      since,
                    guint       limit,
                    gboolean    compact,
                    gint64      last,
                    const char *epoch,
                    const char *area)
{
  /* The epoch too: a database restored while giaoband runs may reach the same last again. */
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%u/%d/%" G_GINT64_FORMAT "/%s/%s", since, limit, compact, last,
                          epoch ? epoch : "", area ? area : "");
}

/* Makes the page of @key, claimed by the caller, in the read begun on @db, and keeps it;
 * FALSE with the read rolled back and the claim given up. */
static gboolean
make_page (GbDaemon     *self,
           GbDaemonDb   *db,
           const char   *key,
           gint64        since,
           guint         limit,
           gboolean      compact,
           const char   *area,
           GbDaemonPage *page,
           GError      **error)
{
  g_autofree char *text = NULL;
  gsize len;

  if ((text = db->ops->feed_page (db, since, limit, compact, area, &page->next, &page->more, error)) == NULL ||
      !db->ops->commit (db, error))
    {
      db->ops->rollback (db);
      gb_daemon_cache_release (self->pages, key);
      return FALSE;
    }
  g_atomic_int_inc (&self->pages_made);
  g_atomic_int_inc (&self->page_queries);
  len = strlen (text);
  page->text = g_bytes_new_take (g_steal_pointer (&text), len);
  page->gzip = len >= GZIP_MIN_BYTES ? gb_daemon_gzip (page->text) : NULL;
  gb_daemon_cache_put (self->pages, key, page);
  return TRUE;
}


/* After a day's intake every laptop pulls the same pages one after the other, in step: each
 * page made when the first of them asked for it held up all the others (the first pull's p50
 * at 400 ms on PostgreSQL, where each giaoband makes every page). The pages after one served
 * are made on the read-ahead thread meanwhile, at the same last, in the size the laptop asks
 * for next (gb_daemon_warm_next_limit()), up to AHEAD_PAGES ahead of the laptops asking: a
 * laptop's first sync has no more than that made for it unasked. A page only queued to be read
 * ahead is made by the laptop that asks for it first (gb_daemon_cache_start()): with an area's
 * pages read ahead too, /sync/pg/area's laptop timed out (10 s) on a loaded machine waiting for
 * a page queued behind others of the wrong size (the sync client doubles its page), each area
 * read of PostgreSQL taking 0.6–1.2 s even at load 5. */
#define AHEAD_PAGES 4

static void
read_ahead (GbDaemon           *self,
            const GbDaemonPage *page,
            guint               limit,
            gboolean            compact,
            gint64              last,
            const char         *epoch,
            const char         *area)
{
  g_autofree char *key = NULL;
  GbDaemonAhead *ahead;

  if (!page->more || self->ahead == NULL)
    return;
  /* The size the laptop asks for next, as pulls went lately (the sync client doubles it). */
  limit = gb_daemon_warm_next_limit (self, limit, compact);
  key = gb_daemon_page_key (page->next, limit, compact, last, epoch, area);
  if (!gb_daemon_cache_try_claim (self->pages, key, TRUE))
    return;
  ahead = g_new0 (GbDaemonAhead, 1);
  ahead->key = g_steal_pointer (&key);
  ahead->since = page->next;
  ahead->limit = limit;
  ahead->compact = compact;
  ahead->area = g_strdup (area);
  ahead->last = last;
  g_thread_pool_push (self->ahead, ahead, NULL);
}

void
gb_daemon_ahead_free (GbDaemonAhead *ahead)
{
  g_free (ahead->key);
  g_free (ahead->area);
  g_free (ahead);
}

/**
 * gb_daemon_ahead_run:
 *
 * Makes the page read ahead with @db, unless the feed moved on since: laptops then ask for
 * the page at the new last. With @ahead's moved, the pages of that move (warm_run()).
 */
void
gb_daemon_ahead_run (GbDaemon      *self,
                     GbDaemonDb    *db,
                     GbDaemonAhead *ahead)
{
  if (ahead->moved)
    {
      gb_daemon_warm_run (self, db, ahead);
      return;
    }
  /* A laptop that asked for it while it waited in the queue made it (or makes it) itself. */
  if (!gb_daemon_cache_start (self->pages, ahead->key))
    return;
  for (guint i = 0; i < AHEAD_PAGES; i++)
    {
      g_autofree char *epoch = NULL;
      GbDaemonPage page = { 0 };
      gint64 last;

      if (!db->ops->begin_read (db, NULL))
        {
          gb_daemon_cache_release (self->pages, ahead->key);
          return;
        }
      if (db->ops->feed_known == NULL || !db->ops->feed_known (db, ahead->last, &last, &epoch))
        {
          last = db->ops->feed_last (db, NULL);
          g_clear_pointer (&epoch, g_free);
          epoch = db->ops->feed_epoch (db);
        }
      if (last != ahead->last)
        {
          db->ops->rollback (db);
          gb_daemon_cache_release (self->pages, ahead->key);
          return;
        }
      if (!make_page (self, db, ahead->key, ahead->since, ahead->limit, ahead->compact, ahead->area, &page, NULL))
        return;
      /* The next one, unless it is kept or being made already. */
      g_free (ahead->key);
      ahead->limit = gb_daemon_warm_next_limit (self, ahead->limit, ahead->compact);
      ahead->key = gb_daemon_page_key (page.next, ahead->limit, ahead->compact, last, epoch, ahead->area);
      ahead->since = page.next;
      if (!page.more || i + 1 == AHEAD_PAGES || !gb_daemon_cache_try_claim (self->pages, ahead->key, FALSE))
        {
          gb_daemon_page_clear (&page);
          return;
        }
      gb_daemon_page_clear (&page);
    }
}

/* A feed page, from the cache when a laptop asked for it since the feed last changed. Read in
 * a snapshot, not under the write lock gb_sync_feed_page_text()'s own transaction would take:
 * pages are served side by side and alongside a push. The feed's last is asked for unless
 * known already and not below @need (feed_known). */
static gboolean
feed_page (GbDaemon     *self,
           GbDaemonDb   *db,
           gint64        since,
           gint64        need,
           guint         limit,
           gboolean      compact,
           const char   *area,
           GbDaemonPage *page,
           GError      **error)
{
  g_autofree char *key = NULL;
  g_autofree char *epoch = NULL;
  gint64 last;

  if (!db->ops->begin_read (db, error))
    return FALSE;
  if (db->ops->feed_known == NULL || !db->ops->feed_known (db, need, &last, &epoch))
    {
      if ((last = db->ops->feed_last (db, error)) < 0)
        {
          db->ops->rollback (db);
          return FALSE;
        }
      epoch = db->ops->feed_epoch (db);
    }
  key = gb_daemon_page_key (since, limit, compact, last, epoch, area);
  if (gb_daemon_cache_claim (self->pages, key, page))
    {
      if (!db->ops->commit (db, error))
        {
          gb_daemon_page_clear (page);
          return FALSE;
        }
    }
  else if (!make_page (self, db, key, since, limit, compact, area, page, error))
    return FALSE;
  gb_daemon_warm_note (self, area != NULL, since, limit, compact, page->next);
  read_ahead (self, page, limit, compact, last, epoch, area);
  return TRUE;
}

/* What the laptop has seen already: its cursor and its last push ("pushed"); G_MAXINT64 when
 * "pushed" is not a number (only the database itself is surely not behind). */
static gint64
feed_need (GbDaemonCall *call,
           gint64        since)
{
  gint64 pushed = 0;

  if (!parse_int_param (call->query, "pushed", 0, &pushed))
    return G_MAXINT64;
  return MAX (since, pushed);
}

/* A feed page from a replica that is not behind the laptop's cursor nor its last push, else
 * from the primary (gb-daemon-replica.c). */
static gboolean
feed_read (GbDaemon     *self,
           GbDaemonDb   *db,
           GbDaemonCall *call,
           gint64        since,
           guint         limit,
           gboolean      compact,
           const char   *area,
           GbDaemonPage *page,
           GError      **error)
{
  GbDaemonDb *replica;
  gint64 need = feed_need (call, since);

  if (self->replicas == NULL)
    return feed_page (self, db, since, need, limit, compact, area, page, error);
  if ((replica = gb_daemon_replicas_pick (self->replicas, need)) == NULL)
    return feed_page (self, db, since, need, limit, compact, area, page, error);
  if (feed_page (self, replica, since, need, limit, compact, area, page, NULL))
    return TRUE;
  gb_daemon_replicas_failed (self->replicas, replica);
  return feed_page (self, db, since, need, limit, compact, area, page, error);
}

/* A laptop whose area changed (docs/sync-api.md, "Changing the area"): the rows of its new
 * area that were not of its previous one, up to its cursor ("until"). Never cached: each
 * laptop asks for it once. NULL with @status and @error set (400, 422) for bad parameters. */
static GBytes *
area_fill_page (GbDaemonDb   *db,
                GbDaemonCall *call,
                gint64        since,
                guint         limit,
                gboolean      compact,
                const char   *area,
                gint64       *next,
                gboolean     *more,
                guint        *status,
                GError      **error)
{
  const char *previous = g_hash_table_lookup (call->query, "previous_area");
  g_autofree char *text = NULL;
  gint64 until;

  *status = SOUP_STATUS_BAD_REQUEST;
  if (!parse_int_param (call->query, "until", -1, &until) || until < since)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA,
                   _("“until” must be a whole number, not below “since”, with “previous_area”"));
      return NULL;
    }
  *status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
  /* A district's token held its own district before as now: it lacks nothing. */
  if (gb_daemon_call_role_is (call, "district"))
    previous = area;
  else if (!area_exists (db, previous))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“previous_area” names no unit: %s"), previous);
      return NULL;
    }
  *status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  if (!db->ops->begin_read (db, error))
    return NULL;
  if ((text = db->ops->area_fill (db, since, until, limit, compact, area, previous, next, more, error)) == NULL ||
      !db->ops->commit (db, error))
    {
      db->ops->rollback (db);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&text), strlen (text));
}

/* The parameters of a feed page; FALSE with the answer (400) set. @area: the unit asked for,
 * or a district token's own district whatever it asked for; not checked. */
static gboolean
changes_params (GbDaemonCall  *call,
                gint64        *since,
                gint64        *limit,
                gboolean      *compact,
                const char   **area)
{
  const char *format = call->query ? g_hash_table_lookup (call->query, "format") : NULL;

  if (!parse_int_param (call->query, "since", 0, since))
    {
      gb_daemon_call_error (call, SOUP_STATUS_BAD_REQUEST, _("“since” must be a whole number, 0 or more"));
      return FALSE;
    }
  if (!parse_int_param (call->query, "limit", GB_DAEMON_PAGE_SIZE, limit) || *limit < 1)
    {
      gb_daemon_call_error (call, SOUP_STATUS_BAD_REQUEST, _("“limit” must be a whole number, 1 or more"));
      return FALSE;
    }
  if (*limit > GB_SYNC_FEED_MAX_PAGE)
    {
      g_autofree char *m = g_strdup_printf (_("“limit” may not be over %d"), GB_SYNC_FEED_MAX_PAGE);

      gb_daemon_call_error (call, SOUP_STATUS_BAD_REQUEST, m);
      return FALSE;
    }
  if (format != NULL && strcmp (format, "objects") != 0 && strcmp (format, "compact") != 0)
    {
      gb_daemon_call_error (call, SOUP_STATUS_BAD_REQUEST, _("“format” must be objects or compact"));
      return FALSE;
    }
  *compact = g_strcmp0 (format, "compact") == 0;
  /* A laptop of one area gets that area's rows and the provinces' totals; a district's
   * token gets its own district, whatever it asks for. */
  *area = call->query ? g_hash_table_lookup (call->query, "area") : NULL;
  if (gb_daemon_call_role_is (call, "district"))
    *area = call->role + strlen ("district:");
  return TRUE;
}

/* @page as the answer, gzipped when the client takes it. */
static void
changes_answer (GbDaemonCall *call,
                GbDaemonPage *page)
{
  /* What the body says too, for a client that asks for the next page before reading this one. */
  gb_sync_feed_set_page_headers (call->headers, page->next, page->more);
  call->status = SOUP_STATUS_OK;
  if (call->gzip && page->gzip != NULL)
    {
      soup_message_headers_replace (call->headers, "Content-Encoding", "gzip");
      call->response = g_steal_pointer (&page->gzip);
    }
  else
    call->response = g_steal_pointer (&page->text);
  gb_daemon_page_clear (page);
  soup_message_headers_replace (call->headers, "Vary", "Accept-Encoding");
}

/**
 * gb_daemon_changes_cached:
 *
 * A feed page answered on the main thread with neither a worker nor the database: when the
 * feed's last is known without asking (PostgreSQL: gb-store-pg-watch.c) and the page made at
 * it is in the cache, as after a day's intake when every laptop pulls the same delta. A page
 * kept for an area was made after its area was checked, at the same last.
 *
 * Returns: TRUE when @call was answered
 */
gboolean
gb_daemon_changes_cached (GbDaemon     *self,
                          GbDaemonCall *call)
{
  g_autofree char *epoch = NULL;
  g_autofree char *key = NULL;
  GbDaemonPage page = { 0 };
  gint64 since, limit, last;
  gboolean compact;
  const char *area;

  if (self->db->ops->feed_known == NULL || strcmp (call->method, "GET") != 0 ||
      (call->query != NULL && g_hash_table_contains (call->query, "previous_area")))
    return FALSE;
  if (!changes_params (call, &since, &limit, &compact, &area))
    return TRUE;
  if (!self->db->ops->feed_known (self->db, feed_need (call, since), &last, &epoch))
    return FALSE;
  key = gb_daemon_page_key (since, (guint) limit, compact, last, epoch, area);
  if (!gb_daemon_cache_peek (self->pages, key, &page))
    return FALSE;
  gb_daemon_warm_note (self, area != NULL, since, (guint) limit, compact, page.next);
  read_ahead (self, &page, (guint) limit, compact, last, epoch, area);
  changes_answer (call, &page);
  return TRUE;
}

static void
handle_changes (GbDaemon     *self,
                GbDaemonDb   *db,
                GbDaemonCall *call)
{
  g_autoptr(GError) error = NULL;
  GbDaemonPage page = { 0 };
  gint64 since, limit;
  gboolean compact;
  const char *area;

  if (!changes_params (call, &since, &limit, &compact, &area))
    return;
  if (area != NULL && !gb_daemon_call_role_is (call, "district") && !area_exists (db, area))
    {
      g_autofree char *m = g_strdup_printf (_("“area” names no unit: %s"), area);

      gb_daemon_call_error (call, SOUP_STATUS_UNPROCESSABLE_ENTITY, m);
      return;
    }
  if (call->query != NULL && g_hash_table_contains (call->query, "previous_area"))
    {
      guint status;

      if ((page.text = area_fill_page (db, call, since, (guint) limit, compact, area, &page.next, &page.more,
                                       &status, &error)) == NULL)
        {
          if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
            call_fail (call, error);
          else
            gb_daemon_call_error (call, status, error->message);
          return;
        }
      if (call->gzip && g_bytes_get_size (page.text) >= GZIP_MIN_BYTES)
        page.gzip = gb_daemon_gzip (page.text);
    }
  else if (!feed_read (self, db, call, since, (guint) limit, compact, area, &page, &error))
    {
      call_fail (call, error);
      return;
    }
  changes_answer (call, &page);
}

typedef struct
{
  GbDaemon     *self;
  GbDaemonCall *call;
  GbDaemonDb   *db;
  JsonNode     *merges;  /* the merges the server holds, read once a push; NULL: not yet */
} PushContext;

/* A secretary enters merges of units by hand (issue 21): the merge itself, and the unit rows
 * only as a merge the server holds says (gb-sync-unit-merge.h). A push applies its merges
 * first (gb_sync_push_run()), so the merge and its rows may come in any order, and the merges
 * are read once, at the push's first unit row: no unit row changes them. A merge checked
 * after that (never, in that order) has them read again. */
static gboolean
unit_merge_allows (PushContext  *ctx,
                   const char   *table,
                   JsonNode     *key,
                   JsonNode     *row,
                   GError      **error)
{
  g_autoptr(JsonNode) server_row = ctx->db->ops->encode (ctx->db, table, key, error);

  if (server_row == NULL)
    return FALSE;
  if (strcmp (table, "unit_merges") == 0)
    {
      g_clear_pointer (&ctx->merges, json_node_unref);
      return gb_sync_unit_merge_row_allows (row, server_row, error);
    }
  if (ctx->merges == NULL)
    {
      if ((ctx->merges = ctx->db->ops->unit_merges (ctx->db, error)) == NULL)
        return FALSE;
      g_atomic_int_inc (&ctx->self->merge_reads);
    }
  return gb_sync_unit_merge_allows (json_node_get_array (ctx->merges), table, key, row, server_row, error);
}

/* A district user writes only rows of the communes of its own district. */
static gboolean
district_owns (GbDaemonDb  *db,
               const char  *district,
               const char  *unit,
               GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *parent = NULL;
  gboolean found = FALSE;

  if (unit != NULL && *unit != '\0')
    parent = db->ops->unit_parent (db, unit, &found, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!found || g_strcmp0 (parent, district) != 0)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
                   _("The unit “%s” is not a commune of district %s"), unit ? unit : "", district);
      return FALSE;
    }
  return TRUE;
}

static gboolean
push_check (const char  *table,
            JsonNode    *key,
            JsonNode    *row,
            gpointer     data,
            GError     **error)
{
  PushContext *ctx = data;

  /* Who decided is who the token is (gb_daemon_review_stamp()), before the row is judged. */
  if (strcmp (table, "review_items") == 0 && !gb_daemon_review_stamp (ctx->db, key, row, ctx->call->user, error))
    return FALSE;
  /* A secretary decides held values: it does not make them up. */
  if (gb_daemon_call_role_is (ctx->call, "secretary") && strcmp (table, "review_items") == 0)
    return gb_daemon_review_row_allows (ctx->db, key, row, error);
  if (gb_daemon_call_role_is (ctx->call, "secretary") &&
      (strcmp (table, "unit_merges") == 0 || strcmp (table, "units") == 0 || strcmp (table, "unit_versions") == 0 ||
       strcmp (table, "unit_successions") == 0))
    return unit_merge_allows (ctx, table, key, row, error);
  if (gb_sync_role_may_write (ctx->call->role, table) && !gb_daemon_call_role_is (ctx->call, "district"))
    return TRUE;
  if (gb_daemon_call_role_is (ctx->call, "district") && gb_sync_role_may_write (ctx->call->role, table))
    {
      const char *district = ctx->call->role + strlen ("district:");
      g_autofree char *unit = gb_daemon_db_row_unit (ctx->db, table, key, row);
      g_autofree char *before = NULL;

      if (!district_owns (ctx->db, district, unit, error))
        return FALSE;
      /* A review row is named by its uid alone: the one it replaces must be the district's too. */
      if (row != NULL && strcmp (table, "review_items") == 0 &&
          (before = gb_daemon_db_row_unit (ctx->db, table, key, NULL)) != NULL && *before != '\0')
        return district_owns (ctx->db, district, before, error);
      return TRUE;
    }
  /* A secretary's daily value: only as a review decided it. */
  if (gb_daemon_call_role_is (ctx->call, "secretary") &&
      (strcmp (table, "case_reports") == 0 || strcmp (table, "vaccinations") == 0))
    return gb_daemon_review_allows (ctx->db, table, key, row, error);
  g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION, _("The role “%s” may not write %s"), ctx->call->role, table);
  return FALSE;
}

static void
handle_push (GbDaemon     *self,
             GbDaemonDb   *db,
             GbDaemonCall *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) flaws = NULL;
  PushContext ctx = { self, call, db, NULL };

  if (gb_daemon_call_role_is (call, "viewer"))
    {
      gb_daemon_call_forbid (call);
      return;
    }
  /* A NUL or a member twice in one change refuses that change alone (issue 17). */
  if ((request = read_json (self, call, &flaws)) == NULL)
    return;
  g_mutex_lock (&self->write_lock);
  answer = db->ops->push (db, call->user, request, flaws, push_check, &ctx, &error);
  g_mutex_unlock (&self->write_lock);
  g_clear_pointer (&ctx.merges, json_node_unref);
  if (answer == NULL)
    call_fail (call, error);
  else
    gb_daemon_call_json (call, SOUP_STATUS_OK, answer);
}

/* Validated as a whole and applied at once; a district may name only its own communes. */
static gboolean
apply_report (GbDaemonDb    *db,
              GbDaemonCall  *call,
              GbSeriesKind   series,
              guint         *n_rows,
              guint         *n_units,
              GError       **error)
{
  g_autoptr(GPtrArray) units = NULL;
  g_autofree char *detail = NULL;

  if (!db->ops->begin (db, error))
    return FALSE;
  if (!db->ops->report (db, series, call->body, n_rows, &units, error))
    goto rollback;
  if (gb_daemon_call_role_is (call, "district"))
    for (guint i = 0; i < units->len; i++)
      if (!district_owns (db, call->role + strlen ("district:"), units->pdata[i], error))
        goto rollback;
  *n_units = units->len;
  detail = g_strdup_printf ("%s: %u rows, %u units", series == GB_SERIES_CASES ? "cases" : "vaccinations",
                            *n_rows, units->len);
  if (!db->ops->audit (db, call->user, "report", detail, error))
    goto rollback;
  return db->ops->commit (db, error);

rollback:
  db->ops->rollback (db);
  return FALSE;
}

static void
handle_reports (GbDaemon     *self,
                GbDaemonDb   *db,
                GbDaemonCall *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *kind = call->query ? g_hash_table_lookup (call->query, "kind") : NULL;
  GbSeriesKind series;
  JsonObject *o;
  guint n_rows = 0, n_units = 0;
  gboolean ok;

  if (!gb_daemon_call_role_is (call, "admin") && !gb_daemon_call_role_is (call, "district"))
    {
      gb_daemon_call_forbid (call);
      return;
    }
  if (kind == NULL || strcmp (kind, "cases") == 0)
    series = GB_SERIES_CASES;
  else if (strcmp (kind, "vaccinations") == 0)
    series = GB_SERIES_VACCINATIONS;
  else
    {
      gb_daemon_call_error (call, SOUP_STATUS_BAD_REQUEST, _("“kind” must be cases or vaccinations"));
      return;
    }
  if (call->body == NULL || g_bytes_get_size (call->body) == 0)
    {
      gb_daemon_call_error (call, SOUP_STATUS_BAD_REQUEST, _("The request body is empty"));
      return;
    }
  /* A JSON report passes gb_json_check() in gb_series_import_bytes(). */
  g_mutex_lock (&self->write_lock);
  ok = apply_report (db, call, series, &n_rows, &n_units, &error);
  g_mutex_unlock (&self->write_lock);
  if (!ok)
    {
      call_fail (call, error);
      return;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  o = json_object_new ();
  json_object_set_int_member (o, "rows", n_rows);
  json_object_set_int_member (o, "units", n_units);
  json_object_set_int_member (o, "last", db->ops->feed_last (db, NULL));
  json_node_take_object (node, o);
  gb_daemon_call_json (call, SOUP_STATUS_OK, node);
}

/**
 * gb_daemon_call_run:
 *
 * Answers @call (its path known and its caller authenticated) with @db, the calling
 * thread's connection.
 */
void
gb_daemon_call_run (GbDaemon     *self,
                    GbDaemonDb   *db,
                    GbDaemonCall *call)
{
  gboolean get = strcmp (call->method, "GET") == 0;
  gboolean post = strcmp (call->method, "POST") == 0;

  g_assert (GB_IS_DAEMON (self));
  if (strcmp (call->path, "/api/v1/health") == 0 || strcmp (call->path, "/api/v1/health/ready") == 0)
    handle_health (self, db, call);
  else if (strcmp (call->path, "/api/v1/me") == 0 && get)
    handle_me (call);
  else if (strcmp (call->path, "/api/v1/changes") == 0 && get)
    handle_changes (self, db, call);
  else if (strcmp (call->path, "/api/v1/push") == 0 && post)
    handle_push (self, db, call);
  else if (strcmp (call->path, "/api/v1/reports") == 0 && post)
    handle_reports (self, db, call);
  else if (g_str_has_prefix (call->path, "/api/v1/users"))
    gb_daemon_users_run (self, db, call);
  else
    gb_daemon_call_error (call, SOUP_STATUS_METHOD_NOT_ALLOWED, _("This method is not allowed here"));
}
