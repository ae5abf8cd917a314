/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-session.c: signing in and out, the current user, their sessions.
 *
 *   POST   /api/v1/session              {"gemeente", "username", "password", "client"?}
 *   DELETE /api/v1/session              sign out
 *   GET    /api/v1/me                   the user, the session and its CSRF token
 *   GET    /api/v1/me/sessions          the user's sessions still going
 *   DELETE /api/v1/me/sessions/{id}     end one of them
 *   PUT    /api/v1/me/password          {"current_password", "new_password"}: this session goes
 *                                       on, the user's others end; a wrong current password
 *                                       counts toward the sign-in throttle
 *
 * A browser gets the token as an HttpOnly, SameSite=Strict cookie (Secure over TLS) and sends
 * the CSRF token of the answer as X-CSRF-Token on every change; another system asks for
 * "client": "bearer", gets the token in the answer and sends it as Authorization: Bearer.
 */
#include "ep-routes.h"

#include "ep-user.h"

#include "ep-json.h"
#include "ep-org-error.h"
#include "ep-problem.h"

#include <string.h>

#define SIGN_IN_MAX_BYTES 4096

static const gchar *
text_member (JsonObject *o, const gchar *name)
{
  JsonNode *node = json_object_get_member (o, name);
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
             && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

static void
add_text (JsonBuilder *b, const gchar *name, const gchar *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

/* {"user": …, "session": …, "csrf_token": …} of @session, whose token is @token. */
static JsonNode *
session_json (const EpSession *session, const gchar *token, gboolean with_token)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree gchar *csrf = ep_server_csrf_token (token);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user");
  json_builder_begin_object (b);
  add_text (b, "gemeente", session->actor->gemeente);
  add_text (b, "username", session->actor->username);
  add_text (b, "display_name", session->display_name);
  add_text (b, "role", session->actor->role);
  add_text (b, "partner_organisation", session->partner_organisation);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "session");
  json_builder_begin_object (b);
  add_text (b, "id", session->id);
  add_text (b, "created_at", session->created_at);
  add_text (b, "expires_at", session->expires_at);
  json_builder_end_object (b);
  add_text (b, "csrf_token", csrf);
  if (with_token)
    add_text (b, "token", token);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
refuse_body (GError **error, const gchar *path, const gchar *rule)
{
  g_set_error (error, EP_ORG_ERROR, EP_ORG_ERROR_INVALID_VALUE, "%s: %s", path, rule);
  return FALSE;
}

static gboolean
handle_sign_in (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, SIGN_IN_MAX_BYTES, error);
  if (body == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (body))
    return refuse_body (error, "body", "moet een JSON-object zijn");
  JsonObject *o = json_node_get_object (body);
  const gchar *gemeente = text_member (o, "gemeente"), *username = text_member (o, "username");
  const gchar *password = text_member (o, "password"), *client = text_member (o, "client");
  if (gemeente == NULL)
    return refuse_body (error, "gemeente", "verplicht: de gemeente (bv. GM0164)");
  if (username == NULL)
    return refuse_body (error, "username", "verplicht");
  if (password == NULL)
    return refuse_body (error, "password", "verplicht");
  gboolean bearer = g_strcmp0 (client, "bearer") == 0;
  if (client != NULL && !bearer && strcmp (client, "browser") != 0)
    return refuse_body (error, "client", "kies uit browser, bearer");

  g_autofree gchar *account = ep_routes_throttle_account (gemeente, username);
  if (!ep_routes_throttle_check (request, account, error))
    return FALSE;
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL)
    return FALSE;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (EpSession) session
    = ep_session_sign_in (conn, gemeente, username, password, ep_request_client (request),
                          ep_request_user_agent (request), &local_error);
  ep_routes_throttle_note (request, account, local_error, EP_ORG_ERROR_SIGN_IN_FAILED);
  if (session == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  response->status = 201;
  response->body = session_json (session, session->token, bearer);
  if (!bearer)
    response->set_cookie = g_strdup_printf (
      EP_SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", session->token,
      EP_SESSION_HOURS * 3600, ep_request_over_tls (request) ? "; Secure" : "");
  return TRUE;
}

static gboolean
end_session (EpRequest *request, const gchar *id, const gchar *why, GError **error)
{
  EpSession *session = ep_request_session (request);
  PGconn *conn = ep_request_db (request, error);
  return conn != NULL
         && ep_session_end (conn, ep_request_ctx (request), session->user_id, id, why, error);
}

static gboolean
handle_sign_out (EpRequest *request, EpResponse *response, GError **error)
{
  if (!end_session (request, ep_request_session (request)->id, "sign_out", error))
    return FALSE;
  response->status = 204;
  if (ep_request_by_cookie (request))
    response->set_cookie = g_strdup (EP_SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict;"
                                                       " Max-Age=0");
  return TRUE;
}

static gboolean
handle_me (EpRequest *request, EpResponse *response, GError **error)
{
  response->body = session_json (ep_request_session (request), ep_request_token (request), FALSE);
  return TRUE;
}

static gboolean
handle_sessions (EpRequest *request, EpResponse *response, GError **error)
{
  EpSession *current = ep_request_session (request);
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL)
    return FALSE;
  g_autoptr (GPtrArray) sessions
    = ep_session_list (conn, ep_request_ctx (request), current->user_id, error);
  if (sessions == NULL)
    return FALSE;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < sessions->len; i++)
    {
      const EpSession *s = sessions->pdata[i];
      json_builder_begin_object (b);
      add_text (b, "id", s->id);
      add_text (b, "created_at", s->created_at);
      add_text (b, "last_seen_at", s->last_seen_at);
      add_text (b, "expires_at", s->expires_at);
      add_text (b, "client", s->client);
      add_text (b, "user_agent", s->user_agent);
      json_builder_set_member_name (b, "current");
      json_builder_add_boolean_value (b, strcmp (s->id, current->id) == 0);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  response->body = json_builder_get_root (b);
  return TRUE;
}

static gboolean
handle_end_session (EpRequest *request, EpResponse *response, GError **error)
{
  if (!end_session (request, ep_request_param (request, "id"), "ended_by_user", error))
    return FALSE;
  response->status = 204;
  return TRUE;
}

static gboolean
handle_my_password (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, SIGN_IN_MAX_BYTES, error);
  static const gchar *const names[] = { "current_password", "new_password", NULL };
  const gchar *values[G_N_ELEMENTS (names)] = { NULL };
  if (body == NULL || !ep_routes_text_members (body, names, values, error))
    return FALSE;
  if (values[0] == NULL)
    return refuse_body (error, "current_password", "verplicht");
  if (values[1] == NULL)
    return refuse_body (error, "new_password", "verplicht");

  /* A stolen session must not become a way to guess the password: the check counts as a
   * sign-in does, for the same account. */
  EpSession *session = ep_request_session (request);
  g_autofree gchar *account
    = ep_routes_throttle_account (session->actor->gemeente, session->actor->username);
  if (!ep_routes_throttle_check (request, account, error))
    return FALSE;
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL)
    return FALSE;
  g_autoptr (GError) local_error = NULL;
  gboolean changed = ep_user_change_own_password (conn, ep_request_ctx (request), values[0],
                                                  values[1], session->id, &local_error);
  ep_routes_throttle_note (request, account, local_error, EP_ORG_ERROR_WRONG_PASSWORD);
  if (!changed)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  response->status = 204;
  return TRUE;
}

void
ep_routes_add_session (EpServer *server)
{
  ep_server_add_slow_route (server, "POST", "/api/v1/session", handle_sign_in);
  ep_server_add_route_for (server, "DELETE", "/api/v1/session", EP_PERM_SIGNED_IN, handle_sign_out);
  ep_server_add_route_for (server, "GET", "/api/v1/me", EP_PERM_SIGNED_IN, handle_me);
  ep_server_add_route_for (server, "GET", "/api/v1/me/sessions", EP_PERM_SIGNED_IN,
                           handle_sessions);
  ep_server_add_route_for (server, "DELETE", "/api/v1/me/sessions/{id}", EP_PERM_SIGNED_IN,
                           handle_end_session);
  ep_server_add_slow_route_for (server, "PUT", "/api/v1/me/password", EP_PERM_SIGNED_IN,
                                handle_my_password);
}
