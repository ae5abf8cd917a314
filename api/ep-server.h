/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-server.h: the HTTP server (libsoup-3 on a GMainLoop).
 *
 * The path of a request: libsoup calls us on the main loop; we find the
 * route, pause the message and push a job to a GThreadPool. A worker runs the
 * route's handler — the only place libpq is called, on a connection borrowed
 * from the pool for the length of the request — and hands the response back
 * to the main context, where the message is unpaused. The main loop never
 * waits on the database.
 *
 * Shutdown (SIGTERM/SIGINT, or ep_server_shutdown()) drains: requests in
 * flight complete, new ones get 503 with "Connection: close", and the loop
 * quits once none is left (or after the drain timeout).
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "ep-authz.h"
#include "ep-db-pool.h"
#include "ep-session.h"

G_BEGIN_DECLS

typedef struct _EpServer EpServer;
typedef struct _EpRequest EpRequest;

/* What a handler answers: a status and a JSON body (or none for 204), or a body of raw bytes. */
typedef struct
{
  guint status;
  JsonNode *body;            /* owned; NULL for no body */
  GBytes *raw;               /* owned; answered as is in content_type instead of body, or NULL */
  const gchar *content_type; /* static string; default "application/json" */
  gchar *set_cookie;         /* owned; a Set-Cookie header, or NULL */
  gchar *etag;               /* owned; an ETag header ("\"3\""), or NULL */
} EpResponse;

/* The name of the browser's session cookie. */
#define EP_SESSION_COOKIE "eenplan_session"

/**
 * EpHandlerFunc:
 *
 * Runs in a worker thread. Fill @response and return TRUE, or return FALSE
 * with @error set: the error becomes a problem+json response (ep-problem.h).
 */
typedef gboolean (*EpHandlerFunc) (EpRequest *request, EpResponse *response, GError **error);

typedef struct
{
  guint port;                          /* 0: any free port (see ep_server_get_port()) */
  gboolean loopback;                   /* listen on 127.0.0.1/::1 only */
  guint workers;                       /* worker threads = database connections */
  guint drain_timeout_s;               /* how long shutdown waits for requests in flight */
  const gchar *const *trusted_proxies; /* (nullable) (array zero-terminated=1): the reverse
                                        * proxies whose X-Forwarded-For and -Proto are believed
                                        * (ep-forwarded.h); copied */
  guint slow_workers;                  /* threads of the slow pool; 0: one per processor */
  guint slow_queue; /* slow requests that may wait for the slow pool; 0: EP_SERVER_SLOW_QUEUE */
} EpServerOptions;

/* The slow pool: threads for work that is slow by design (a password check costs a third of a
 * second of CPU), at a lower CPU priority, so that a storm of sign-ins takes neither the workers
 * nor the CPU time every other request needs: the scheduler serves those first and gives the
 * slow pool what is left. Beyond EP_SERVER_SLOW_QUEUE waiting, a slow request is refused at once:
 * 503 /problems/busy with Retry-After. */
#define EP_SERVER_SLOW_QUEUE 128
#define EP_SERVER_SLOW_NICE 10

/**
 * ep_server_new:
 * @pool: (transfer none): the database pool; must outlive the server
 *
 * Returns: (transfer full): a server with the built-in routes (/healthz,
 * /api/v1/version, /metrics) registered, not yet listening.
 */
EpServer *ep_server_new (EpDbPool *pool, const EpServerOptions *options, GError **error);
void ep_server_free (EpServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpServer, ep_server_free)

/**
 * ep_server_add_route:
 * @method: "GET", "POST", …
 * @pattern: a path where "{name}" matches one segment, e.g. "/api/v1/households/{id}"
 *
 * Registers @handler for @method and @pattern. Call before ep_server_listen().
 */
void ep_server_add_route (EpServer *server, const gchar *method, const gchar *pattern,
                          EpHandlerFunc handler);

/**
 * ep_server_add_route_for:
 * @permission: what the signed-in user's role must allow (ep-authz.h); EP_PERM_PUBLIC for no
 *   sign-in at all
 *
 * As ep_server_add_route(), for a route that needs a signed-in user: before @handler runs, the
 * worker finds the session of the request's token (Authorization: Bearer, or the session cookie
 * with an X-CSRF-Token header on anything but GET and HEAD) and checks @permission for the
 * user's role: 401 without a session that is still going, 403 for a wrong or missing CSRF token
 * or a role without @permission (written to the access log as denied).
 */
void ep_server_add_route_for (EpServer *server, const gchar *method, const gchar *pattern,
                              EpPermission permission, EpHandlerFunc handler);

/**
 * ep_server_add_slow_route:
 *
 * As ep_server_add_route(), for a public route whose work is slow by design (signing in): it runs
 * on the slow pool (above), not on the workers.
 */
void ep_server_add_slow_route (EpServer *server, const gchar *method, const gchar *pattern,
                               EpHandlerFunc handler);

/**
 * ep_server_add_slow_route_for:
 *
 * As ep_server_add_route_for(), for a route whose work is slow by design (a password changed or
 * set: it is checked and hashed): the session and @permission are checked as there, and the
 * handler runs on the slow pool.
 */
void ep_server_add_slow_route_for (EpServer *server, const gchar *method, const gchar *pattern,
                                   EpPermission permission, EpHandlerFunc handler);

/**
 * EpFallbackFunc:
 * @msg: the request, its security headers already set (Cache-Control: no-store among them)
 * @method: its method
 * @path: its path, as it came (percent-encoded)
 *
 * Runs on the main context for a request no route matched (api/static.c: the web UI's files).
 * Returns: TRUE when it answered @msg (status, headers, body), FALSE to leave it to the server,
 *   which answers its problem+json 404.
 */
typedef gboolean (*EpFallbackFunc) (SoupServerMessage *msg, const gchar *method, const gchar *path,
                                    gpointer user_data);

/**
 * ep_server_set_fallback:
 * @func: (nullable): what answers a request no route matched, or NULL for none
 * @user_data: (transfer none): passed to @func; must outlive the server
 *
 * Call before ep_server_listen(). Such answers are logged and counted under the route "fallback".
 */
void ep_server_set_fallback (EpServer *server, EpFallbackFunc func, gpointer user_data);

/* What ep_server_foreach_route() tells of each route. */
typedef void (*EpRouteFunc) (const gchar *method, const gchar *pattern, EpPermission permission,
                             gpointer user_data);

/* Calls @func for every registered route, in the order they were added (the built-in ones
 * first): for a test that holds the routes against docs/openapi.yaml. */
void ep_server_foreach_route (EpServer *server, EpRouteFunc func, gpointer user_data);

/* The CSRF token that goes with @session_token (a browser sends it as X-CSRF-Token).
 * Returns: (transfer full). */
gchar *ep_server_csrf_token (const gchar *session_token);

/**
 * ep_server_listen:
 *
 * Returns: TRUE when listening, else FALSE with a GIO error (e.g. the port is
 * in use).
 */
gboolean ep_server_listen (EpServer *server, GError **error);

/* Returns: the port listened on (useful after port 0). */
guint ep_server_get_port (EpServer *server);

/**
 * ep_server_run:
 *
 * Runs the main loop until shutdown has drained, handling SIGTERM and SIGINT.
 */
void ep_server_run (EpServer *server);

/**
 * ep_server_shutdown:
 *
 * Starts a graceful shutdown (as SIGTERM does). Call from the main context.
 */
void ep_server_shutdown (EpServer *server);

/* Request accessors, valid during the handler. */
const gchar *ep_request_method (EpRequest *request);
const gchar *ep_request_path (EpRequest *request);
const gchar *ep_request_param (EpRequest *request, const gchar *name); /* a {name} segment */
const gchar *ep_request_query (EpRequest *request, const gchar *name);
GBytes *ep_request_body (EpRequest *request);

/**
 * ep_request_db:
 *
 * Returns: (transfer none): the request's database connection, borrowed on
 * first use and given back when the handler returns; NULL with
 * EP_DB_ERROR_UNAVAILABLE or EP_DB_ERROR_POOL_TIMEOUT.
 */
PGconn *ep_request_db (EpRequest *request, GError **error);

/* The signed-in user's session (NULL on a public route), and the transaction context that acts
 * as them (checking them again in every transaction). */
EpSession *ep_request_session (EpRequest *request);
const EpDbTxContext *ep_request_ctx (EpRequest *request);

/* What the request said of itself: If-Match, the peer's address, User-Agent, whether it came
 * over TLS, its session token and whether that came as the cookie. */
const gchar *ep_request_if_match (EpRequest *request);
const gchar *ep_request_client (EpRequest *request);
const gchar *ep_request_user_agent (EpRequest *request);
gboolean ep_request_over_tls (EpRequest *request);
const gchar *ep_request_token (EpRequest *request);
gboolean ep_request_by_cookie (EpRequest *request);

G_END_DECLS
