/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-server.c: routing, the worker pool, the hand-back to the main context
 * and graceful shutdown. See ep-server.h for the path of a request.
 */
#include "ep-server.h"

#include "ep-access-log.h"
#include "ep-audit-seal.h"
#include "ep-config.h"
#include "ep-crypto.h"
#include "ep-db-error.h"
#include "ep-intake.h"
#include "ep-log.h"
#include "ep-forwarded.h"
#include "ep-metrics.h"
#include "ep-org-error.h"
#include "ep-plan.h"
#include "ep-problem.h"

#include <glib-unix.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

typedef struct
{
  gchar *method;
  gchar **segments; /* the pattern split at '/'; "{x}" matches any one segment */
  gchar *pattern;
  EpPermission permission;
  gboolean slow; /* runs on the slow pool (ep_server_add_slow_route) */
  EpHandlerFunc handler;
} Route;

struct _EpServer
{
  SoupServer *soup;
  EpDbPool *pool;
  EpServerOptions options;
  GPtrArray *routes; /* Route* */
  GThreadPool *workers;
  GThreadPool *slow_workers; /* options.slow_workers threads for the slow routes */
  GMainContext *context;
  GMainLoop *loop;
  guint in_flight; /* messages accepted and not yet finished; main context only */
  gboolean draining;
  gboolean stopped; /* listeners and connections closed: nothing can be answered */
  guint drain_timeout_id;
  guint signal_ids[2];
  EpMetrics *metrics;      /* counted where a request is logged, on the main context */
  GStrv trusted_proxies;   /* options.trusted_proxies, copied */
  EpFallbackFunc fallback; /* answers what no route matched (the web UI), or NULL */
  gpointer fallback_data;
};

struct _EpRequest
{
  EpServer *server;
  SoupServerMessage *msg;
  const Route *route;
  gchar *method;
  gchar *path;
  GHashTable *params; /* {name} → segment */
  GHashTable *query;  /* name → value, may be NULL */
  GBytes *body;
  /* What the worker needs of the request's headers, copied on the main context. */
  gchar *bearer;     /* Authorization: Bearer … */
  gchar *cookie;     /* the session cookie's value */
  gchar *csrf;       /* X-CSRF-Token */
  gchar *if_match;   /* If-Match */
  gchar *user_agent; /* User-Agent */
  gchar *client;     /* the peer's address */
  gboolean over_tls;
  EpSession *session; /* the signed-in user, once authenticated */
  EpDbTxContext ctx;  /* acts as the session's user */
  PGconn *conn;
  EpResponse response;
  GError *error;
  gint64 started_us;
};

static void
route_free (Route *route)
{
  g_free (route->method);
  g_free (route->pattern);
  g_strfreev (route->segments);
  g_free (route);
}

static void
request_free (EpRequest *request)
{
  g_clear_object (&request->msg);
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->params, g_hash_table_unref);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->response.body, json_node_unref);
  g_clear_pointer (&request->response.raw, g_bytes_unref);
  g_free (request->response.set_cookie);
  g_free (request->response.etag);
  g_free (request->bearer);
  if (request->cookie != NULL)
    memset (request->cookie, 0, strlen (request->cookie));
  g_free (request->cookie);
  g_free (request->csrf);
  g_free (request->if_match);
  g_free (request->user_agent);
  g_free (request->client);
  g_clear_pointer (&request->session, ep_session_free);
  g_clear_error (&request->error);
  g_free (request);
}

/* ------------------------------------------------------------------------ */
/* Routing                                                                  */
/* ------------------------------------------------------------------------ */

void
ep_server_add_route (EpServer *server, const gchar *method, const gchar *pattern,
                     EpHandlerFunc handler)
{
  ep_server_add_route_for (server, method, pattern, EP_PERM_PUBLIC, handler);
}

void
ep_server_add_slow_route (EpServer *server, const gchar *method, const gchar *pattern,
                          EpHandlerFunc handler)
{
  ep_server_add_slow_route_for (server, method, pattern, EP_PERM_PUBLIC, handler);
}

void
ep_server_add_slow_route_for (EpServer *server, const gchar *method, const gchar *pattern,
                              EpPermission permission, EpHandlerFunc handler)
{
  ep_server_add_route_for (server, method, pattern, permission, handler);
  ((Route *) server->routes->pdata[server->routes->len - 1])->slow = TRUE;
}

void
ep_server_add_route_for (EpServer *server, const gchar *method, const gchar *pattern,
                         EpPermission permission, EpHandlerFunc handler)
{
  g_return_if_fail (server != NULL && method != NULL && pattern != NULL && handler != NULL);
  g_return_if_fail (pattern[0] == '/');

  Route *route = g_new0 (Route, 1);
  route->method = g_strdup (method);
  route->segments = g_strsplit (pattern + 1, "/", -1);
  route->pattern = g_strdup (pattern);
  route->permission = permission;
  route->handler = handler;
  g_ptr_array_add (server->routes, route);
}

void
ep_server_set_fallback (EpServer *server, EpFallbackFunc func, gpointer user_data)
{
  g_return_if_fail (server != NULL);
  server->fallback = func;
  server->fallback_data = user_data;
}

void
ep_server_foreach_route (EpServer *server, EpRouteFunc func, gpointer user_data)
{
  for (guint i = 0; i < server->routes->len; i++)
    {
      const Route *route = server->routes->pdata[i];
      func (route->method, route->pattern, route->permission, user_data);
    }
}

static gboolean
is_placeholder (const gchar *segment)
{
  gsize len = strlen (segment);
  return len > 2 && segment[0] == '{' && segment[len - 1] == '}';
}

/* Fills @params when @path matches @route's pattern. */
static gboolean
route_matches (const Route *route, gchar **path_segments, GHashTable *params)
{
  if (g_strv_length (route->segments) != g_strv_length (path_segments))
    return FALSE;

  for (gsize i = 0; route->segments[i] != NULL; i++)
    {
      const gchar *want = route->segments[i], *have = path_segments[i];
      if (is_placeholder (want))
        {
          if (*have == '\0')
            return FALSE;
          if (params != NULL)
            g_hash_table_insert (params, g_strndup (want + 1, strlen (want) - 2), g_strdup (have));
        }
      else if (strcmp (want, have) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Finds the route for @method and @path. Returns NULL with EP_API_ERROR_NOT_FOUND
 * or _METHOD_NOT_ALLOWED (and the allowed methods in @allow). */
static const Route *
find_route (EpServer *server, const gchar *method, const gchar *path, GHashTable *params,
            GString *allow, GError **error)
{
  g_auto (GStrv) segments = g_strsplit (path + 1, "/", -1);
  gboolean path_known = FALSE;

  for (guint i = 0; i < server->routes->len; i++)
    {
      const Route *route = server->routes->pdata[i];
      if (!route_matches (route, segments, NULL))
        continue;
      path_known = TRUE;
      if (strcmp (route->method, method) == 0
          || (strcmp (method, "HEAD") == 0 && strcmp (route->method, "GET") == 0))
        {
          route_matches (route, segments, params);
          return route;
        }
      g_string_append_printf (allow, "%s%s", allow->len ? ", " : "", route->method);
    }

  if (path_known)
    g_set_error (error, EP_API_ERROR, EP_API_ERROR_METHOD_NOT_ALLOWED, "%s is not allowed on %s",
                 method, path);
  else
    g_set_error (error, EP_API_ERROR, EP_API_ERROR_NOT_FOUND, "no resource at %s", path);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Responses (main context)                                                 */
/* ------------------------------------------------------------------------ */

/* What every response carries: nothing is cached (every answer may hold personal data), no
 * content is guessed at, framed, or given a referrer, and a page may run only its own scripts. */
static void
set_security_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'self'; frame-ancestors 'none'; base-uri 'none';"
                                " form-action 'self'; object-src 'none'");
}

static void
set_json_response (SoupServerMessage *msg, guint status, JsonNode *body, const gchar *content_type)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body == NULL)
    return;
  gsize length = 0;
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  json_generator_set_root (generator, body);
  gchar *text = json_generator_to_data (generator, &length);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, text, length);
}

static void
set_problem_response (SoupServerMessage *msg, const GError *error, const gchar *path)
{
  g_autoptr (JsonNode) problem = ep_problem_new (error, path);
  set_json_response (msg, ep_problem_status (error, NULL), problem, "application/problem+json");
}

/* Logs an answered request and counts it for /metrics (by @route, its pattern: NULL when none
 * matched). */
static void
log_request (EpServer *server, const gchar *route, const gchar *method, const gchar *path,
             guint status, gint64 started_us, const GError *error)
{
  gint64 duration_us = g_get_monotonic_time () - started_us;
  ep_metrics_count_request (server->metrics, route, method, status, duration_us);
  /* The path holds ids, never names; the query string is left out because
   * a search term may be personal data. */
  g_autofree gchar *status_text = g_strdup_printf ("%u", status);
  g_autofree gchar *ms = g_strdup_printf ("%.1f", duration_us / 1000.0);
  const gchar *type = NULL;
  if (error != NULL)
    ep_problem_status (error, &type);
  /* Module error messages hold no personal data (their rule), so a server
   * error's message may be logged for the operator. */
  ep_log (status >= 500 ? G_LOG_LEVEL_WARNING : G_LOG_LEVEL_INFO, "request", "method", method,
          "path", path, "status", status_text, "ms", ms, "problem", type, "error",
          status >= 500 && error != NULL ? error->message : NULL, NULL);
}

static void
quit_when_drained (EpServer *server)
{
  if (server->draining && server->in_flight == 0 && server->loop != NULL)
    g_main_loop_quit (server->loop);
}

/* A message is in flight until libsoup has written its response (or given
 * up on the connection): unpausing only schedules the write, so counting
 * down earlier would let shutdown close the connection under it. */
#define MESSAGE_FINISHED_KEY "ep-finished"

static void
on_message_finished (SoupServerMessage *msg, gpointer user_data)
{
  EpServer *server = user_data;
  g_object_set_data (G_OBJECT (msg), MESSAGE_FINISHED_KEY, GINT_TO_POINTER (TRUE));
  server->in_flight--;
  quit_when_drained (server);
}

static void
track_message (EpServer *server, SoupServerMessage *msg)
{
  server->in_flight++;
  g_signal_connect (msg, "finished", G_CALLBACK (on_message_finished), server);
}

static gboolean
complete_request (gpointer data)
{
  EpRequest *request = data;
  EpServer *server = request->server;
  guint status;

  if (request->error != NULL)
    {
      set_problem_response (request->msg, request->error, request->path);
      status = ep_problem_status (request->error, NULL);
    }
  else
    {
      status = request->response.status ? request->response.status : SOUP_STATUS_OK;
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
      if (request->response.set_cookie != NULL)
        soup_message_headers_append (headers, "Set-Cookie", request->response.set_cookie);
      if (request->response.etag != NULL)
        soup_message_headers_replace (headers, "ETag", request->response.etag);
      if (request->response.raw != NULL)
        {
          gsize length = 0;
          const gchar *data = g_bytes_get_data (request->response.raw, &length);
          soup_server_message_set_status (request->msg, status, NULL);
          soup_server_message_set_response (request->msg,
                                            request->response.content_type
                                              ? request->response.content_type
                                              : "application/octet-stream",
                                            SOUP_MEMORY_COPY, data, length);
        }
      else
        set_json_response (request->msg, status, request->response.body,
                           request->response.content_type ? request->response.content_type
                                                          : "application/json");
    }
  if (server->draining)
    soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                  "Connection", "close");

  /* The client may have gone, or shutdown may have timed out and closed
   * every connection: then there is nobody to answer. */
  gboolean answerable
    = !server->stopped && !g_object_get_data (G_OBJECT (request->msg), MESSAGE_FINISHED_KEY);
  if (answerable)
    soup_server_message_unpause (request->msg);
  log_request (server, request->route->pattern, request->method, request->path,
               answerable ? status : 0, request->started_us, request->error);
  request_free (request);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------ */
/* Workers                                                                  */
/* ------------------------------------------------------------------------ */

PGconn *
ep_request_db (EpRequest *request, GError **error)
{
  if (request->conn == NULL)
    request->conn = ep_db_pool_acquire (request->server->pool, 5000, error);
  return request->conn;
}

static void
release_db (EpRequest *request)
{
  if (request->conn != NULL)
    ep_db_pool_release (request->server->pool, g_steal_pointer (&request->conn));
}

gchar *
ep_server_csrf_token (const gchar *session_token)
{
  g_autofree gchar *material = g_strconcat ("eenplan-csrf:", session_token, NULL);
  return ep_sha256_hex ((const guint8 *) material, strlen (material));
}

static gboolean
is_safe_method (const gchar *method)
{
  return strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0;
}

static gboolean
refusal_body (PGconn *conn, gpointer user_data, GError **error)
{
  EpRequest *request = user_data;
  EpAccessEvent event = { .action = "read",
                          .entity_type = "api_route",
                          .entity_id = request->path,
                          .purpose = ep_authz_name (request->route->permission),
                          .outcome = "denied" };
  return ep_access_log_record (conn, &event, error);
}

/* A refusal for who the user is, in the access log: NEN 7513 asks for the attempts too. A
 * failure to write it is logged for the operator; the answer is a refusal either way. */
static void
log_refusal (EpRequest *request)
{
  g_autoptr (GError) error = NULL;
  PGconn *conn = ep_request_db (request, &error);
  if (conn == NULL || !ep_db_run_tx (conn, &request->ctx, refusal_body, request, NULL, &error))
    ep_log (G_LOG_LEVEL_WARNING, "access log: refusal not written", "error", error->message, NULL);
}

/* Who is asking, and may they: the session of the token (a bearer token, or the cookie with its
 * CSRF token on anything that changes state), and the route's permission for their role. */
static gboolean
authenticate (EpRequest *request, GError **error)
{
  const gchar *token = request->bearer != NULL ? request->bearer : request->cookie;
  if (token == NULL)
    {
      g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_UNAUTHENTICATED,
                           "meld u aan om dit te gebruiken");
      return FALSE;
    }
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL)
    return FALSE;
  request->session = ep_session_resume (conn, token, error);
  if (request->session == NULL)
    return FALSE;
  request->ctx = ep_actor_context (request->session->actor);
  if (request->bearer == NULL && !is_safe_method (request->method))
    {
      g_autofree gchar *want = ep_server_csrf_token (token);
      if (request->csrf == NULL || strlen (request->csrf) != strlen (want)
          || !ep_crypto_equal ((const guint8 *) request->csrf, (const guint8 *) want,
                               strlen (want)))
        {
          g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_CSRF,
                               "het CSRF-token ontbreekt of klopt niet; laad de pagina opnieuw");
          return FALSE;
        }
    }
  if (!ep_authz_allows (request->route->permission, request->session->actor->role))
    {
      log_refusal (request);
      g_set_error (error, EP_API_ERROR, EP_API_ERROR_FORBIDDEN, "uw rol (%s) mag dit niet",
                   request->session->actor->role);
      return FALSE;
    }
  return TRUE;
}

/* A shielded household refused the user (intake/ep-shield.h): a read the store refused
 * (EP_INTAKE_ERROR_SHIELDED, already in the access log), or a change the database refused
 * (constraint household_shielded, rolled back with the change: logged here). plans/ answers both
 * as EP_PLAN_ERROR_SHIELDED: its reads log the refusal, its changes map the constraint, so the
 * method tells which it was. What the answer says depends on who asks: a role that may break the
 * glass learns that it can (/problems/shielded); a partner, to whom even the household's
 * existence is confidential, gets 404; anyone else 403. */
static void
answer_shielded (EpRequest *request)
{
  GError *error = request->error;
  gboolean plan = g_error_matches (error, EP_PLAN_ERROR, EP_PLAN_ERROR_SHIELDED);
  gboolean read = g_error_matches (error, EP_INTAKE_ERROR, EP_INTAKE_ERROR_SHIELDED)
                  || (plan && is_safe_method (request->method));
  gboolean change = (g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_PERMISSION_DENIED)
                     && g_strcmp0 (ep_db_error_get_constraint (error), "household_shielded") == 0)
                    || (plan && !is_safe_method (request->method));
  if ((!read && !change) || request->session == NULL)
    return;
  if (change)
    log_refusal (request);
  const gchar *role = request->session->actor->role;
  g_clear_error (&request->error);
  if (g_strcmp0 (role, "partner") == 0)
    g_set_error_literal (&request->error, EP_API_ERROR, EP_API_ERROR_NOT_FOUND, "niet gevonden");
  else if (!ep_authz_allows (EP_PERM_EMERGENCY, role))
    g_set_error_literal (&request->error, EP_API_ERROR, EP_API_ERROR_FORBIDDEN,
                         "dit huishouden is afgeschermd");
  else
    g_set_error_literal (&request->error, EP_INTAKE_ERROR, EP_INTAKE_ERROR_SHIELDED,
                         "dit huishouden is afgeschermd; met een reden kunt u noodtoegang vragen "
                         "(POST /api/v1/households/{id}/emergency-access)");
}

static gboolean
run_handler (EpRequest *request)
{
  g_clear_error (&request->error);
  g_clear_pointer (&request->response.body, json_node_unref);
  g_clear_pointer (&request->response.raw, g_bytes_unref);
  g_clear_pointer (&request->response.set_cookie, g_free);
  g_clear_pointer (&request->response.etag, g_free);
  g_clear_pointer (&request->session, ep_session_free);
  memset (&request->response, 0, sizeof request->response);
  gboolean ok
    = (request->route->permission == EP_PERM_PUBLIC || authenticate (request, &request->error))
      && request->route->handler (request, &request->response, &request->error);
  if (!ok)
    answer_shielded (request);
  /* plans/ refused a change for who the user is (not the plan's regisseur, a supervisor of
   * another team, the requester deciding their own request, no supervisor), inside the change's
   * transaction, which rolled back: the refusal is written here, as the role's is. */
  if (!ok
      && (g_error_matches (request->error, EP_PLAN_ERROR, EP_PLAN_ERROR_NOT_REGISSEUR)
          || g_error_matches (request->error, EP_PLAN_ERROR, EP_PLAN_ERROR_OTHER_TEAM)
          || g_error_matches (request->error, EP_PLAN_ERROR, EP_PLAN_ERROR_FOUR_EYES)
          || g_error_matches (request->error, EP_PLAN_ERROR, EP_PLAN_ERROR_NOT_SUPERVISOR)))
    log_refusal (request);
  release_db (request);
  return ok;
}

static void
worker_run (gpointer data, gpointer user_data)
{
  EpRequest *request = data;

  if (!run_handler (request)
      && g_error_matches (request->error, EP_DB_ERROR, EP_DB_ERROR_UNAVAILABLE)
      && (strcmp (request->method, "GET") == 0 || strcmp (request->method, "HEAD") == 0))
    {
      /* An idle pooled connection may have died with a server restart
       * without libpq noticing until now. The broken connection was closed on
       * release; a read is safe to run once more on a fresh one. */
      run_handler (request);
    }

  g_main_context_invoke (request->server->context, complete_request, request);
}

/* A thread of the slow pool: as a worker, at a lower CPU priority (on Linux a thread has a nice
 * value of its own), so that the scheduler serves every other request first. */
static void
slow_worker_run (gpointer data, gpointer user_data)
{
  static _Thread_local gboolean lowered;
  if (!lowered)
    {
      lowered = TRUE;
      if (setpriority (PRIO_PROCESS, (id_t) gettid (), EP_SERVER_SLOW_NICE) != 0)
        ep_log (G_LOG_LEVEL_WARNING, "could not lower the slow pool's priority", NULL);
    }
  worker_run (data, user_data);
}

/* ------------------------------------------------------------------------ */
/* Requests (main context)                                                  */
/* ------------------------------------------------------------------------ */

/* The session cookie's value in @header (a Cookie header), or NULL. */
static gchar *
session_cookie (const gchar *header)
{
  if (header == NULL)
    return NULL;
  g_auto (GStrv) pairs = g_strsplit (header, ";", -1);
  for (gchar **p = pairs; *p != NULL; p++)
    {
      const gchar *pair = g_strstrip (*p);
      if (g_str_has_prefix (pair, EP_SESSION_COOKIE "="))
        return g_strdup (pair + strlen (EP_SESSION_COOKIE "="));
    }
  return NULL;
}

static void
copy_request_headers (EpRequest *request, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const gchar *authorization = soup_message_headers_get_one (headers, "Authorization");
  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    request->bearer = g_strstrip (g_strdup (authorization + 7));
  request->cookie = session_cookie (soup_message_headers_get_one (headers, "Cookie"));
  request->csrf = g_strdup (soup_message_headers_get_one (headers, "X-CSRF-Token"));
  request->if_match = g_strdup (soup_message_headers_get_one (headers, "If-Match"));
  request->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  GUri *uri = soup_server_message_get_uri (msg);
  gboolean direct_tls = uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0;
  const gchar *peer = soup_server_message_get_remote_host (msg);
  ep_forwarded_resolve (peer != NULL ? peer : "", direct_tls,
                        (const gchar *const *) request->server->trusted_proxies,
                        soup_message_headers_get_list (headers, "X-Forwarded-For"),
                        soup_message_headers_get_list (headers, "X-Forwarded-Proto"),
                        &request->client, &request->over_tls);
}

static void
on_request (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
            gpointer user_data)
{
  EpServer *server = user_data;
  gint64 started = g_get_monotonic_time ();
  const gchar *method = soup_server_message_get_method (msg);
  g_autoptr (GError) error = NULL;

  track_message (server, msg);
  set_security_headers (msg);
  if (server->draining)
    {
      g_set_error_literal (&error, EP_API_ERROR, EP_API_ERROR_SHUTTING_DOWN,
                           "the server is shutting down; retry on another instance or later");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                    "close");
      set_problem_response (msg, error, path);
      log_request (server, NULL, method, path, 503, started, error);
      return;
    }

  g_autoptr (GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GString) allow = g_string_new (NULL);
  const Route *route = find_route (server, method, path, params, allow, &error);
  if (route == NULL && server->fallback != NULL
      && g_error_matches (error, EP_API_ERROR, EP_API_ERROR_NOT_FOUND)
      && server->fallback (msg, method, path, server->fallback_data))
    {
      log_request (server, "fallback", method, path, soup_server_message_get_status (msg), started,
                   NULL);
      return;
    }
  if (route == NULL)
    {
      if (allow->len > 0)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                      allow->str);
      set_problem_response (msg, error, path);
      log_request (server, NULL, method, path, ep_problem_status (error, NULL), started, error);
      return;
    }

  if (route->slow && g_thread_pool_unprocessed (server->slow_workers) >= server->options.slow_queue)
    {
      g_set_error_literal (
        &error, EP_API_ERROR, EP_API_ERROR_BUSY,
        "te veel aanmeldingen tegelijk; probeer het over enkele seconden opnieuw");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                    "5");
      set_problem_response (msg, error, path);
      log_request (server, route->pattern, method, path, 503, started, error);
      return;
    }

  EpRequest *request = g_new0 (EpRequest, 1);
  request->server = server;
  request->msg = g_object_ref (msg);
  request->route = route;
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->params = g_steal_pointer (&params);
  request->query = query ? g_hash_table_ref (query) : NULL;
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  request->started_us = started;
  copy_request_headers (request, msg);

  soup_server_message_pause (msg);
  g_thread_pool_push (route->slow ? server->slow_workers : server->workers, request, NULL);
}

/* ------------------------------------------------------------------------ */
/* Lifecycle                                                                */
/* ------------------------------------------------------------------------ */

/* Attaches @source to the server's own context (not the global default one,
 * which a server run under a pushed thread-default context never iterates). */
static guint
attach_source (EpServer *server, GSource *source, GSourceFunc func)
{
  g_source_set_callback (source, func, server, NULL);
  guint id = g_source_attach (source, server->context);
  g_source_unref (source);
  return id;
}

static gboolean
on_drain_timeout (gpointer data)
{
  EpServer *server = data;
  server->drain_timeout_id = 0;
  ep_log (G_LOG_LEVEL_WARNING, "shutdown: requests still running after the drain timeout", NULL);
  if (server->loop != NULL)
    g_main_loop_quit (server->loop);
  return G_SOURCE_REMOVE;
}

void
ep_server_shutdown (EpServer *server)
{
  if (server->draining)
    return;
  server->draining = TRUE;
  g_autofree gchar *n = g_strdup_printf ("%u", server->in_flight);
  ep_log (G_LOG_LEVEL_INFO, "shutdown: draining", "in_flight", n, NULL);
  server->drain_timeout_id = attach_source (
    server, g_timeout_source_new_seconds (server->options.drain_timeout_s), on_drain_timeout);
  quit_when_drained (server);
}

static gboolean
on_signal (gpointer data)
{
  ep_server_shutdown (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
handle_healthz (EpRequest *request, EpResponse *response, GError **error)
{
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL)
    return FALSE;
  g_autoptr (PGresult) res
    = ep_db_exec (conn, "SELECT 1", NULL, PGRES_TUPLES_OK, "health check", error);
  if (res == NULL)
    return FALSE;

  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, "ok");
  json_builder_end_object (builder);
  response->body = json_builder_get_root (builder);
  return TRUE;
}

static gboolean
handle_version (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "eenplan");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, EP_VERSION);
  json_builder_set_member_name (builder, "api");
  json_builder_add_string_value (builder, "v1");
  json_builder_end_object (builder);
  response->body = json_builder_get_root (builder);
  return TRUE;
}

/* GET /metrics: the Prometheus text format (ep-metrics.h), the database pool's gauges and the
 * audit sealer's lag. */
static gboolean
handle_metrics (EpRequest *request, EpResponse *response, GError **error)
{
  EpServer *server = request->server;
  g_autoptr (GString) text = g_string_new (NULL);
  ep_metrics_append_http (server->metrics, text);
  guint in_use = 0, waiting = 0;
  ep_db_pool_counts (server->pool, &in_use, &waiting);
  ep_metrics_append_gauge (text, "eenplan_db_pool_in_use", "Database connections borrowed now.",
                           in_use);
  ep_metrics_append_gauge (text, "eenplan_db_pool_waiting",
                           "Requests waiting for a database connection now.", waiting);
  /* (after the pool's gauges, which would otherwise count this request's own connection) The lag
   * is the database's: when it does not answer, the series are left out and the rest is still
   * answered, which is when it matters most. */
  gint64 unsealed = 0;
  gdouble oldest = 0;
  g_autoptr (GError) lag_error = NULL;
  PGconn *conn = ep_request_db (request, &lag_error);
  if (conn != NULL && ep_audit_unsealed (conn, &unsealed, &oldest, &lag_error))
    {
      ep_metrics_append_gauge (text, "eenplan_audit_unsealed_events",
                               "Committed audit events not yet sealed into their chain.",
                               (guint64) unsealed);
      ep_metrics_append_gauge_seconds (
        text, "eenplan_audit_unsealed_oldest_age_seconds",
        "How long the oldest unsealed audit event has waited (0: none waits).", oldest);
    }
  else
    ep_log (G_LOG_LEVEL_WARNING, "metrics without the sealer's lag", "error", lag_error->message,
            NULL);
  response->raw = g_string_free_to_bytes (g_steal_pointer (&text));
  response->content_type = "text/plain; version=0.0.4; charset=utf-8";
  return TRUE;
}

EpServer *
ep_server_new (EpDbPool *pool, const EpServerOptions *options, GError **error)
{
  g_return_val_if_fail (pool != NULL && options != NULL, NULL);

  g_autoptr (EpServer) server = g_new0 (EpServer, 1);
  server->pool = pool;
  server->options = *options;
  server->trusted_proxies = g_strdupv ((gchar **) options->trusted_proxies);
  server->options.trusted_proxies = NULL; /* the copy above is the one kept */
  if (server->options.workers == 0)
    server->options.workers = ep_db_pool_get_max (pool);
  if (server->options.drain_timeout_s == 0)
    server->options.drain_timeout_s = 30;
  if (server->options.slow_workers == 0)
    server->options.slow_workers = g_get_num_processors ();
  if (server->options.slow_queue == 0)
    server->options.slow_queue = EP_SERVER_SLOW_QUEUE;
  server->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  server->metrics = ep_metrics_new ();
  server->context = g_main_context_ref_thread_default ();
  server->soup = soup_server_new ("server-header", "eenplan/" EP_VERSION " ", NULL);
  server->workers
    = g_thread_pool_new (worker_run, server, (gint) server->options.workers, TRUE, error);
  if (server->workers == NULL)
    return NULL;
  server->slow_workers
    = g_thread_pool_new (slow_worker_run, server, (gint) server->options.slow_workers, TRUE, error);
  if (server->slow_workers == NULL)
    return NULL;

  soup_server_add_handler (server->soup, NULL, on_request, server, NULL);
  ep_server_add_route (server, "GET", "/metrics", handle_metrics);
  ep_server_add_route (server, "GET", "/healthz", handle_healthz);
  ep_server_add_route (server, "GET", "/api/v1/version", handle_version);
  return g_steal_pointer (&server);
}

static void
remove_source_by_id (EpServer *server, guint *id)
{
  if (*id == 0)
    return;
  GSource *source = g_main_context_find_source_by_id (server->context, *id);
  if (source != NULL)
    g_source_destroy (source);
  *id = 0;
}

static void
remove_sources (EpServer *server)
{
  for (gsize i = 0; i < G_N_ELEMENTS (server->signal_ids); i++)
    remove_source_by_id (server, &server->signal_ids[i]);
  remove_source_by_id (server, &server->drain_timeout_id);
}

void
ep_server_free (EpServer *server)
{
  if (server == NULL)
    return;

  remove_sources (server);

  /* Let running handlers finish, then deliver what they handed back. */
  if (server->workers != NULL)
    g_thread_pool_free (server->workers, FALSE, TRUE);
  if (server->slow_workers != NULL)
    g_thread_pool_free (server->slow_workers, FALSE, TRUE);
  while (g_main_context_iteration (server->context, FALSE))
    ;

  if (server->soup != NULL)
    {
      soup_server_disconnect (server->soup);
      g_object_unref (server->soup);
    }
  g_clear_pointer (&server->loop, g_main_loop_unref);
  g_clear_pointer (&server->routes, g_ptr_array_unref);
  g_clear_pointer (&server->metrics, ep_metrics_free);
  g_strfreev (server->trusted_proxies);
  g_main_context_unref (server->context);
  g_free (server);
}

/* How many connections the kernel keeps waiting to be accepted (capped by net.core.somaxconn).
 * GSocket's default of 10 reset connections when a burst of clients (a sign-in storm, a
 * morning's first page loads) arrived while the main loop was busy. */
#define EP_SERVER_LISTEN_BACKLOG 1024

/* Listens on @address:@port (0: any free port) and sets *@bound_port. */
static gboolean
listen_on (EpServer *server, GInetAddress *address, guint port, guint *bound_port, GError **error)
{
  GSocketFamily family = g_inet_address_get_family (address);
  g_autoptr (GSocket) socket
    = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return FALSE;
  if (family == G_SOCKET_FAMILY_IPV6
      && !g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
    return FALSE;
  g_socket_set_listen_backlog (socket, EP_SERVER_LISTEN_BACKLOG);
  g_autoptr (GSocketAddress) wanted = g_inet_socket_address_new (address, (guint16) port);
  if (!g_socket_bind (socket, wanted, TRUE, error) || !g_socket_listen (socket, error)
      || !soup_server_listen_socket (server->soup, socket, 0, error))
    return FALSE;
  g_autoptr (GSocketAddress) local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return FALSE;
  *bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return TRUE;
}

gboolean
ep_server_listen (EpServer *server, GError **error)
{
  gboolean loopback = server->options.loopback;
  g_autoptr (GInetAddress) v4 = loopback ? g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4)
                                         : g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GInetAddress) v6 = loopback ? g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6)
                                         : g_inet_address_new_any (G_SOCKET_FAMILY_IPV6);
  guint port = 0;
  if (!listen_on (server, v4, server->options.port, &port, error))
    return FALSE;
  /* IPv6 on the same port where the machine has it; IPv4 alone is enough. */
  guint port6 = 0;
  g_autoptr (GError) v6_error = NULL;
  if (!listen_on (server, v6, port, &port6, &v6_error))
    ep_log (G_LOG_LEVEL_INFO, "not listening on IPv6", "error", v6_error->message, NULL);
  server->options.port = port;
  return TRUE;
}

guint
ep_server_get_port (EpServer *server)
{
  return server->options.port;
}

void
ep_server_run (EpServer *server)
{
  server->loop = g_main_loop_new (server->context, FALSE);
  server->signal_ids[0] = attach_source (server, g_unix_signal_source_new (SIGTERM), on_signal);
  server->signal_ids[1] = attach_source (server, g_unix_signal_source_new (SIGINT), on_signal);

  /* ep_server_shutdown() may have come first, with nothing in flight. */
  if (!(server->draining && server->in_flight == 0))
    g_main_loop_run (server->loop);

  remove_sources (server);
  soup_server_disconnect (server->soup);
  server->stopped = TRUE;
}

const gchar *
ep_request_method (EpRequest *request)
{
  return request->method;
}

const gchar *
ep_request_path (EpRequest *request)
{
  return request->path;
}

const gchar *
ep_request_param (EpRequest *request, const gchar *name)
{
  return g_hash_table_lookup (request->params, name);
}

const gchar *
ep_request_query (EpRequest *request, const gchar *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

GBytes *
ep_request_body (EpRequest *request)
{
  return request->body;
}

EpSession *
ep_request_session (EpRequest *request)
{
  return request->session;
}

const EpDbTxContext *
ep_request_ctx (EpRequest *request)
{
  return &request->ctx;
}

const gchar *
ep_request_if_match (EpRequest *request)
{
  return request->if_match;
}

const gchar *
ep_request_client (EpRequest *request)
{
  return request->client;
}

const gchar *
ep_request_user_agent (EpRequest *request)
{
  return request->user_agent;
}

gboolean
ep_request_over_tls (EpRequest *request)
{
  return request->over_tls;
}

const gchar *
ep_request_token (EpRequest *request)
{
  return request->bearer != NULL ? request->bearer : request->cookie;
}

gboolean
ep_request_by_cookie (EpRequest *request)
{
  return request->bearer == NULL && request->cookie != NULL;
}
