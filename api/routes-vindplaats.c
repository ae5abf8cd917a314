/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-vindplaats.c: the municipality's vindplaatsen, a code list of its own (ep-vindplaats.h).
 *
 *   GET  /api/v1/vindplaatsen                     every signed-in user: the active ones, the
 *                                                 choices of a contact's vindplaats_id
 *   POST /api/v1/vindplaatsen                     an administrator adds one {type, naam, wijk}
 *   POST /api/v1/vindplaatsen/{id}/deactivate     an administrator takes one out of use
 */
#include "ep-routes.h"

#include "ep-problem.h"
#include "ep-vindplaats.h"

#define VINDPLAATS_MAX_BYTES (4 * 1024)

static JsonNode *
vindplaats_json (gconstpointer item)
{
  const EpVindplaatsInfo *v = item;
  JsonObject *o = json_object_new ();
  json_object_set_string_member (o, "id", v->id);
  json_object_set_string_member (o, "type", v->type);
  json_object_set_string_member (o, "naam", v->naam);
  if (v->wijk != NULL)
    json_object_set_string_member (o, "wijk", v->wijk);
  else
    json_object_set_null_member (o, "wijk");
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  return node;
}

static gboolean
handle_list (EpRequest *request, EpResponse *response, GError **error)
{
  PGconn *conn = ep_request_db (request, error);
  g_autoptr (GPtrArray) list
    = conn ? ep_vindplaats_list (conn, ep_request_ctx (request), error) : NULL;
  if (list == NULL)
    return FALSE;
  response->body = ep_routes_page (list, vindplaats_json, NULL);
  return TRUE;
}

static gboolean
handle_add (EpRequest *request, EpResponse *response, GError **error)
{
  static const gchar *const names[] = { "type", "naam", "wijk", NULL };
  const gchar *values[G_N_ELEMENTS (names)] = { NULL };
  g_autoptr (JsonNode) body = ep_routes_body (request, VINDPLAATS_MAX_BYTES, error);
  if (body == NULL || !ep_routes_text_members (body, names, values, error))
    return FALSE;
  EpVindplaatsInfo v
    = { .type = (gchar *) values[0], .naam = (gchar *) values[1], .wijk = (gchar *) values[2] };
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL || !ep_vindplaats_add (conn, ep_request_ctx (request), &v, &v.id, error))
    return FALSE;
  response->status = 201;
  response->body = vindplaats_json (&v);
  g_free (v.id);
  return TRUE;
}

static gboolean
handle_deactivate (EpRequest *request, EpResponse *response, GError **error)
{
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL
      || !ep_vindplaats_deactivate (conn, ep_request_ctx (request),
                                    ep_request_param (request, "id"), error))
    return FALSE;
  response->status = 204;
  return TRUE;
}

void
ep_routes_add_vindplaats (EpServer *server)
{
  ep_server_add_route_for (server, "GET", "/api/v1/vindplaatsen", EP_PERM_SIGNED_IN, handle_list);
  ep_server_add_route_for (server, "POST", "/api/v1/vindplaatsen", EP_PERM_USERS, handle_add);
  ep_server_add_route_for (server, "POST", "/api/v1/vindplaatsen/{id}/deactivate", EP_PERM_USERS,
                           handle_deactivate);
}
