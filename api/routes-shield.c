/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-shield.c: shielded households (afgeschermd dossier) and break-the-glass (noodtoegang).
 *
 *   POST /api/v1/households/{id}/shield             {"reason", "users": [username, …]}: shield
 *                                                   it, naming who keeps access (a supervisor)
 *   POST /api/v1/households/{id}/shield/lift        {"reason"}: lift the shield (a supervisor)
 *   POST /api/v1/households/{id}/emergency-access   {"reason"}: break the glass for
 *                                                   EP_EMERGENCY_HOURS (a regisseur or supervisor)
 *   GET  /api/v1/audit/emergency-accesses           the emergency accesses for review, newest
 *                                                   first: reviewed=false, limit, cursor
 *   POST /api/v1/audit/emergency-accesses/{id}/review
 *                                                   {"note"?}: reviewed (another supervisor)
 *
 * The rules live in intake/ep-shield.h and intake/ep-emergency.h; these handlers decode, call one
 * of them and answer.
 */
#include "ep-routes.h"

#include "ep-emergency.h"
#include "ep-problem.h"
#include "ep-shield.h"

#define SHIELD_MAX_BYTES (64 * 1024)

/* The "users" of @body: a list of texts, each taken as is (the module checks them). Returns:
 * (transfer container): them, NULL-terminated (an empty list when absent); NULL with an
 * EP_API_ERROR when it is not a list of texts. */
static const gchar **
users_of (JsonNode *body, GError **error)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  JsonNode *member = o != NULL ? json_object_get_member (o, "users") : NULL;
  JsonArray *list
    = member != NULL && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
  if (member != NULL && list == NULL)
    {
      g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_BAD_REQUEST,
                           "users: een lijst van gebruikersnamen");
      return NULL;
    }
  guint n = list != NULL ? json_array_get_length (list) : 0;
  g_autofree const gchar **users = g_new0 (const gchar *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          g_set_error (error, EP_API_ERROR, EP_API_ERROR_BAD_REQUEST,
                       "users[%u]: een gebruikersnaam", i);
          return NULL;
        }
      users[i] = json_node_get_string (item);
    }
  return g_steal_pointer (&users);
}

static gboolean
handle_shield (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, SHIELD_MAX_BYTES, error);
  g_autofree const gchar **users = body != NULL ? users_of (body, error) : NULL;
  PGconn *conn = users != NULL ? ep_request_db (request, error) : NULL;
  g_autofree gchar *shield_id = NULL;
  const gchar *household_id = ep_request_param (request, "id");
  if (conn == NULL
      || !ep_shield_household (conn, ep_request_ctx (request), household_id,
                               ep_routes_text (body, "reason"), users, &shield_id, error))
    return FALSE;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, shield_id);
  json_builder_set_member_name (b, "household_id");
  json_builder_add_string_value (b, household_id);
  json_builder_set_member_name (b, "users");
  json_builder_begin_array (b);
  for (guint i = 0; users[i] != NULL; i++)
    json_builder_add_string_value (b, users[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  response->status = 201;
  response->body = json_builder_get_root (b);
  return TRUE;
}

static gboolean
handle_lift (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, SHIELD_MAX_BYTES, error);
  PGconn *conn = body != NULL ? ep_request_db (request, error) : NULL;
  if (conn == NULL
      || !ep_shield_lift (conn, ep_request_ctx (request), ep_request_param (request, "id"),
                          ep_routes_text (body, "reason"), error))
    return FALSE;
  response->status = 204;
  return TRUE;
}

static gboolean
handle_emergency_open (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, SHIELD_MAX_BYTES, error);
  PGconn *conn = body != NULL ? ep_request_db (request, error) : NULL;
  g_autoptr (EpEmergencyAccess) access
    = conn != NULL
        ? ep_emergency_open (conn, ep_request_ctx (request), ep_request_param (request, "id"),
                             ep_routes_text (body, "reason"), error)
        : NULL;
  if (access == NULL)
    return FALSE;
  response->status = 201;
  response->body = ep_emergency_to_json (access);
  return TRUE;
}

static JsonNode *
emergency_json (gconstpointer item)
{
  return ep_emergency_to_json (item);
}

static gboolean
handle_emergency_list (EpRequest *request, EpResponse *response, GError **error)
{
  const gchar *reviewed = ep_request_query (request, "reviewed");
  guint limit = 0;
  if (reviewed != NULL && g_strcmp0 (reviewed, "false") != 0)
    {
      g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_BAD_REQUEST,
                           "reviewed: alleen false (de nog niet beoordeelde)");
      return FALSE;
    }
  if (!ep_routes_query_uint (request, "limit", &limit, error))
    return FALSE;
  EpEmergencyFilter filter = { .unreviewed = reviewed != NULL,
                               .limit = limit,
                               .cursor = ep_request_query (request, "cursor") };
  PGconn *conn = ep_request_db (request, error);
  g_autofree gchar *next = NULL;
  g_autoptr (GPtrArray) found
    = conn != NULL ? ep_emergency_list (conn, ep_request_ctx (request), &filter, &next, error)
                   : NULL;
  if (found == NULL)
    return FALSE;
  response->body = ep_routes_page (found, emergency_json, next);
  return TRUE;
}

static gboolean
handle_emergency_review (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, SHIELD_MAX_BYTES, error);
  PGconn *conn = body != NULL ? ep_request_db (request, error) : NULL;
  g_autoptr (EpEmergencyAccess) access
    = conn != NULL
        ? ep_emergency_review (conn, ep_request_ctx (request), ep_request_param (request, "id"),
                               ep_routes_text (body, "note"), error)
        : NULL;
  if (access == NULL)
    return FALSE;
  response->body = ep_emergency_to_json (access);
  return TRUE;
}

void
ep_routes_add_shield (EpServer *server)
{
  ep_server_add_route_for (server, "POST", "/api/v1/households/{id}/shield", EP_PERM_OVERSIGHT,
                           handle_shield);
  ep_server_add_route_for (server, "POST", "/api/v1/households/{id}/shield/lift", EP_PERM_OVERSIGHT,
                           handle_lift);
  ep_server_add_route_for (server, "POST", "/api/v1/households/{id}/emergency-access",
                           EP_PERM_EMERGENCY, handle_emergency_open);
  ep_server_add_route_for (server, "GET", "/api/v1/audit/emergency-accesses", EP_PERM_AUDIT_READ,
                           handle_emergency_list);
  ep_server_add_route_for (server, "POST", "/api/v1/audit/emergency-accesses/{id}/review",
                           EP_PERM_OVERSIGHT, handle_emergency_review);
}
