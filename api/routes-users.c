/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-users.c: the municipality's users, for administrators (EP_PERM_USERS).
 *
 *   GET  /api/v1/users                        a page by username: limit (1–200, default 50),
 *                                             cursor; {items, next_cursor}
 *   POST /api/v1/users                        {"username", "display_name", "role",
 *                                             "partner_organisation"?, "password"?}: 201 with the
 *                                             user (never a password or a hash)
 *   POST /api/v1/users/{username}/disable     the user cannot sign in or act; their sessions end
 *   PUT  /api/v1/users/{username}/password    {"password"}: an administrator's reset; every
 *                                             session of the user ends
 *
 * and, for the case workers (EP_PERM_COLLEAGUES), the colleagues they may name in a case:
 *
 *   GET  /api/v1/medewerkers                  ?rol= casemanager, regisseur or supervisor (none:
 *                                             all three): the active users of the municipality
 *                                             with those roles, by name; {items: [{username,
 *                                             naam, rol}], next_cursor: null}: nothing else
 *                                             about them, and all of them on one page
 *
 * A username in a path is no client data: it names a member of staff or a partner's employee,
 * as the audit trail does. The rule that only an administrator manages users is org/'s, checked
 * again inside each transaction (ep-user.h); the permission of these routes refuses the other
 * roles before that, with a row in the access log.
 */
#include "ep-routes.h"

#include "ep-org-error.h"
#include "ep-user.h"

/* Users are read and written a field or two at a time: a small body is plenty. */
#define USER_MAX_BYTES 4096

static JsonNode *
user_json (gconstpointer item)
{
  return ep_user_to_json (item);
}

static gboolean
handle_list (EpRequest *request, EpResponse *response, GError **error)
{
  guint limit = 0;
  if (!ep_routes_query_uint (request, "limit", &limit, error))
    return FALSE;
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL)
    return FALSE;
  g_autofree gchar *next = NULL;
  g_autoptr (GPtrArray) users = ep_user_list_page (
    conn, ep_request_ctx (request), limit, ep_request_query (request, "cursor"), &next, error);
  if (users == NULL)
    return FALSE;
  response->body = ep_routes_page (users, user_json, next);
  return TRUE;
}

/* {username, naam, rol}: what a colleague may know of a colleague to name them. */
static JsonNode *
colleague_json (gconstpointer item)
{
  const EpUser *user = item;
  JsonObject *o = json_object_new ();
  json_object_set_string_member (o, "username", user->username);
  json_object_set_string_member (o, "naam", user->display_name);
  json_object_set_string_member (o, "rol", user->role);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  return node;
}

static gboolean
handle_colleagues (EpRequest *request, EpResponse *response, GError **error)
{
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL)
    return FALSE;
  g_autoptr (GPtrArray) users = ep_user_list_colleagues (conn, ep_request_ctx (request),
                                                         ep_request_query (request, "rol"), error);
  if (users == NULL)
    return FALSE;
  response->body = ep_routes_page (users, colleague_json, NULL); /* one page: all of them */
  return TRUE;
}

static gboolean
handle_add (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, USER_MAX_BYTES, error);
  static const gchar *const names[]
    = { "username", "display_name", "role", "partner_organisation", "password", NULL };
  const gchar *values[G_N_ELEMENTS (names)] = { NULL };
  if (body == NULL || !ep_routes_text_members (body, names, values, error))
    return FALSE;
  EpUser user = { .username = (gchar *) values[0],
                  .display_name = (gchar *) values[1],
                  .role = (gchar *) values[2],
                  .partner_organisation = (gchar *) values[3],
                  .active = TRUE,
                  .has_password = values[4] != NULL };
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL
      || !ep_user_add (conn, ep_request_ctx (request), &user, values[4], &user.id, error))
    return FALSE;
  response->status = 201;
  response->body = user_json (&user);
  g_free (user.id);
  return TRUE;
}

static gboolean
handle_disable (EpRequest *request, EpResponse *response, GError **error)
{
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL
      || !ep_user_disable (conn, ep_request_ctx (request), ep_request_param (request, "username"),
                           error))
    return FALSE;
  response->status = 204;
  return TRUE;
}

static gboolean
handle_reset_password (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, USER_MAX_BYTES, error);
  static const gchar *const names[] = { "password", NULL };
  const gchar *values[G_N_ELEMENTS (names)] = { NULL };
  if (body == NULL || !ep_routes_text_members (body, names, values, error))
    return FALSE;
  if (values[0] == NULL)
    {
      g_set_error_literal (error, EP_ORG_ERROR, EP_ORG_ERROR_INVALID_VALUE, "password: verplicht");
      return FALSE;
    }
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL
      || !ep_user_set_password (conn, ep_request_ctx (request),
                                ep_request_param (request, "username"), values[0], NULL, error))
    return FALSE;
  response->status = 204;
  return TRUE;
}

void
ep_routes_add_users (EpServer *server)
{
  ep_server_add_route_for (server, "GET", "/api/v1/users", EP_PERM_USERS, handle_list);
  /* (a password given is hashed: a third of a second of CPU, on the slow pool as signing in) */
  ep_server_add_slow_route_for (server, "POST", "/api/v1/users", EP_PERM_USERS, handle_add);
  ep_server_add_route_for (server, "POST", "/api/v1/users/{username}/disable", EP_PERM_USERS,
                           handle_disable);
  ep_server_add_slow_route_for (server, "PUT", "/api/v1/users/{username}/password", EP_PERM_USERS,
                                handle_reset_password);
  ep_server_add_route_for (server, "GET", "/api/v1/medewerkers", EP_PERM_COLLEAGUES,
                           handle_colleagues);
}
