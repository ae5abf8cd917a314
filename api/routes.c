/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes.c: what every group of resources shares (ep-routes.h).
 */
#include "ep-routes.h"

#include "ep-json.h"

void
ep_routes_add (EpServer *server)
{
  ep_routes_add_session (server);
  ep_routes_add_case (server);
  ep_routes_add_intake (server);
  ep_routes_add_audit (server);
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
