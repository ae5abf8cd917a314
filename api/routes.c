/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes.c: what every group of resources shares (ep-routes.h), and the API's own description:
 *
 *   GET  /api/v1/openapi.yaml           docs/openapi.yaml, compiled in (api.gresource.xml)
 */
#include "ep-routes.h"

#include "ep-api-resource.h"
#include "ep-json.h"

#define OPENAPI_RESOURCE "/org/eenplan/api/openapi.yaml"

static gboolean
handle_openapi (EpRequest *request, EpResponse *response, GError **error)
{
  response->raw = g_resource_lookup_data (ep_api_get_resource (), OPENAPI_RESOURCE,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  response->content_type = "application/yaml";
  return response->raw != NULL;
}

void
ep_routes_add (EpServer *server)
{
  ep_server_add_route (server, "GET", "/api/v1/openapi.yaml", handle_openapi);
  ep_routes_add_session (server);
  ep_routes_add_case (server);
  ep_routes_add_intake (server);
  ep_routes_add_audit (server);
  ep_routes_add_web (server);
}

JsonNode *
ep_routes_body (EpRequest *request, gsize max_bytes, GError **error)
{
  gsize len = 0;
  GBytes *body = ep_request_body (request);
  const gchar *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  EpJsonLimits limits = { .max_bytes = max_bytes };
  return ep_json_decode (data != NULL ? data : "", len, &limits, error);
}

JsonNode *
ep_routes_page (GPtrArray *items, JsonNode *(*to_json) (gconstpointer item), const gchar *next)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    json_builder_add_value (b, to_json (items->pdata[i]));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next_cursor");
  if (next != NULL)
    json_builder_add_string_value (b, next);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
