/* gb-sync-client-http.c — the sync client's requests, and strict reading of the answers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A request returns the body of a 200 JSON answer; anything else is an error that says what
 * came back (the server's own message when it sent one).
 */
#define G_LOG_DOMAIN "gb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gb-error.h"
#include "gb-json-check.h"
#include "gb-sync-client-private.h"

/* Bytes of an answer the client reads at most. */
/* A busy server (429, 503) is asked again at most this many times per request, waiting at
 * most this many seconds each time. */
/* libsoup 3.2 names no 429. */
#define STATUS_TOO_MANY_REQUESTS 429
#define BUSY_TRIES     8
#define BUSY_MAX_WAIT  60
#define MAX_BODY              (256 * 1024 * 1024)

SoupSession *
_gb_sync_session_new (GbSyncJob *job)
{
  SoupSession *session = soup_session_new_with_options ("timeout", job->timeout, "idle-timeout", job->timeout,
                                                        "user-agent", "giaoban/" PACKAGE_VERSION, NULL);

  /* A province's own certificate authority (gb_sync_client_set_ca_file()). */
  if (job->tls_database != NULL)
    soup_session_set_tls_database (session, job->tls_database);
  return session;
}

/* A session that met a cut connection may still hold it: close every connection before the
 * last reference goes, as libsoup requires of a session it disposes. */
void
_gb_sync_session_close (SoupSession *session)
{
  if (session == NULL)
    return;
  soup_session_abort (session);
  g_object_unref (session);
}


/* ---- HTTP ---------------------------------------------------------------------------------- */

static char *
endpoint (GbSyncJob    *job,
          const char *path)
{
  const char *base = job->server_url;
  gsize len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    len--;
  return g_strdup_printf ("%.*s%s", (int) len, base, path);
}

/* A short, printable excerpt of a body that was not what we expected. */
static char *
excerpt (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  g_autofree char *text = NULL;
  const char *end;

  if (data == NULL || len == 0)
    return g_strdup (_("an empty body"));
  text = g_strndup (data, MIN (len, 80));
  if (!g_utf8_validate (text, -1, &end))
    text[end - text] = '\0';
  g_strdelimit (text, "\r\n\t", ' ');
  return g_strdup_printf ("“%s%s”", text, len > 80 ? "…" : "");
}

/* The message from an error body the daemon sends ({"error": "…"}), if there is one. */
static char *
server_message (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  JsonNode *root;

  /* A server's text goes through the strict scanner before json-glib's recursive parser. */
  if (data == NULL || !gb_json_check (data, len, GB_JSON_CHECK_MAX_DEPTH, GB_JSON_CHECK_MAX_FILE, NULL) ||
      !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  if (json_object_has_member (json_node_get_object (root), "error") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (json_node_get_object (root), "error")) &&
      json_node_get_value_type (json_object_get_member (json_node_get_object (root), "error")) == G_TYPE_STRING)
    return g_strdup (json_object_get_string_member (json_node_get_object (root), "error"));
  return NULL;
}

static SoupMessage *
new_message (GbSyncJob   *job,
             const char  *method,
             const char  *url,
             const char  *body)
{
  SoupMessage *msg = soup_message_new (method, url);

  if (msg == NULL)
    return NULL;
  if (job->token != NULL && *job->token != '\0')
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", job->token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  return msg;
}

/* Seconds to wait before asking a busy server again: its Retry-After (seconds or an HTTP
 * date), else 1, 2, 4 … by @busy; never less than 1 (no tight loop), never more than
 * BUSY_MAX_WAIT (a laptop's user waits for a sync, not for a misconfigured server). */
static guint
busy_wait (SoupMessage *msg,
           guint        busy)
{
  const char *after = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  gint64 seconds = -1;

  if (after != NULL && g_ascii_isdigit (*after))
    {
      char *end = NULL;
      guint64 v = g_ascii_strtoull (after, &end, 10);

      if (end != NULL && *end == '\0')
        seconds = (gint64) MIN (v, (guint64) G_MAXINT32);
    }
  else if (after != NULL)
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (after);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (when != NULL)
        seconds = (g_date_time_difference (when, now) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
    }
  if (seconds < 0)
    seconds = (gint64) 1 << MIN (busy - 1, 5u);
  return (guint) CLAMP (seconds, 1, BUSY_MAX_WAIT);
}

/* Sends a request and returns the body of a 200 JSON answer (and, when @headers is not NULL,
 * its response headers); anything else is an error that says what came back. A busy server
 * (429, 503) is asked again after the wait it names, at most BUSY_TRIES times. */
GBytes *
_gb_sync_request_body (GbSyncJob             *job,
              SoupSession         *session,
              const char          *method,
              const char          *path,
              const char          *body,
              SoupMessageHeaders **headers,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autofree char *url = endpoint (job, path);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  const char *content_type;
  guint status;
  gsize len = 0;

  for (guint busy = 1; ; busy++)
    {
      guint wait;
      g_autofree char *message = NULL;

      g_clear_object (&msg);
      g_clear_pointer (&bytes, g_bytes_unref);
      msg = new_message (job, method, url, body);
      if (msg == NULL)
        {
          g_set_error (error, GB_ERROR, GB_ERROR_INVALID_DATA, _("“%s” is not a server address"), job->server_url);
          return NULL;
        }
      bytes = soup_session_send_and_read (session, msg, cancellable, &local);
      if (bytes == NULL)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          g_set_error (error, GB_ERROR, GB_ERROR_NETWORK, _("The connection to the server %s failed: %s"),
                       job->server_url, local->message);
          return NULL;
        }
      status = soup_message_get_status (msg);
      /* 503 is "come back later" only with a Retry-After; without one it is a failure. */
      if (!(status == STATUS_TOO_MANY_REQUESTS ||
            (status == SOUP_STATUS_SERVICE_UNAVAILABLE &&
             soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After") != NULL))
          || busy >= BUSY_TRIES)
        break;
      wait = busy_wait (msg, busy);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The server is busy (HTTP %u); trying again in %u second",
                                              "The server is busy (HTTP %u); trying again in %u seconds", wait),
                                 status, wait);
      g_debug ("%s %s: %s", method, path, message);
      _gb_sync_client_emit_waiting (job->client, job->context, wait, message);
      if (!_gb_sync_wait (wait * 1000, cancellable))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sync was cancelled"));
          return NULL;
        }
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_autofree char *why = server_message (bytes);

      g_set_error (error, GB_ERROR, GB_ERROR_PERMISSION,
                   status == SOUP_STATUS_UNAUTHORIZED
                   ? _("The server refused the token (HTTP 401)%s%s")
                   : _("This token may not do that (HTTP 403)%s%s"),
                   why ? ": " : "", why ? why : "");
      return NULL;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *why = server_message (bytes);
      g_autofree char *what = why ? NULL : excerpt (bytes);

      g_set_error (error, GB_ERROR, status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE ? GB_ERROR_TOO_LARGE : GB_ERROR_NETWORK,
                   _("The server answered %s %s with HTTP %u %s: %s"),
                   method, path, status, soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "",
                   why ? why : what);
      return NULL;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  g_bytes_get_data (bytes, &len);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      g_autofree char *what = excerpt (bytes);

      g_set_error (error, GB_ERROR, GB_ERROR_NETWORK,
                   _("The server answered %s %s with %s instead of JSON: %s"), method, path,
                   content_type ? content_type : _("no content type"), what);
      return NULL;
    }
  if (len > MAX_BODY)
    {
      g_set_error (error, GB_ERROR, GB_ERROR_NETWORK, _("The server's answer to %s is too large (%zu bytes)"),
                   path, len);
      return NULL;
    }
  if (headers != NULL)
    *headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return g_steal_pointer (&bytes);
}

/* _gb_sync_request_body(), parsed by json-glib: for the small answers (push). */
JsonNode *
_gb_sync_request_json (GbSyncJob       *job,
              SoupSession   *session,
              const char    *method,
              const char    *path,
              const char    *body,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GBytes) bytes = _gb_sync_request_body (job, session, method, path, body, NULL, cancellable, error);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *root;
  gsize len = 0;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  parser = json_parser_new ();
  if (!gb_json_check (data, len, GB_JSON_CHECK_MAX_DEPTH, GB_JSON_CHECK_MAX_FILE, &local) ||
      !json_parser_load_from_data (parser, data, len, &local))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("The server's answer to %s is not valid JSON (%zu bytes, maybe cut off): %s"),
                   path, len, local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("The server's answer to %s is not a JSON object"), path);
      return NULL;
    }
  return json_node_ref (root);
}

/* ---- strict reading of answers --------------------------------------------------------------- */

gboolean
_gb_sync_bad_answer (GError     **error,
            const char  *path,
            const char  *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GB_ERROR, GB_ERROR_PARSE, _("The server's answer to %s is wrong: %s"), path, what);
  return FALSE;
}

