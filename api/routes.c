/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes.c: what every group of resources shares (ep-routes.h), and the API's own description:
 *
 *   GET  /api/v1/openapi.yaml           docs/openapi.yaml, compiled in (api.gresource.xml)
 */
#include "ep-routes.h"

#include "ep-api-resource.h"
#include "ep-intake.h"
#include "ep-json.h"
#include "ep-org-error.h"
#include "ep-problem.h"

#include <string.h>

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
  ep_routes_add_plan (server);
  ep_routes_add_ladder (server);
  ep_routes_add_supervise (server);
  ep_routes_add_shield (server);
  ep_routes_add_audit (server);
  ep_routes_add_users (server);
  ep_routes_add_web (server);
  ep_routes_add_vindplaats (server);
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

const gchar *
ep_routes_text (JsonNode *node, const gchar *name)
{
  JsonObject *o
    = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *member = o != NULL ? json_object_get_member (o, name) : NULL;
  return member != NULL && JSON_NODE_HOLDS_VALUE (member)
             && json_node_get_value_type (member) == G_TYPE_STRING
           ? json_node_get_string (member)
           : NULL;
}

static gboolean
invalid_member (GError **error, const gchar *path, const gchar *rule)
{
  g_set_error (error, EP_ORG_ERROR, EP_ORG_ERROR_INVALID_VALUE, "%s: %s", path, rule);
  return FALSE;
}

gboolean
ep_routes_text_members (JsonNode *body, const gchar *const *names, const gchar **values,
                        GError **error)
{
  if (!JSON_NODE_HOLDS_OBJECT (body))
    return invalid_member (error, "body", "moet een JSON-object zijn");
  JsonObject *o = json_node_get_object (body);
  g_autoptr (GList) members = json_object_get_members (o);
  for (GList *m = members; m != NULL; m = m->next)
    if (!g_strv_contains (names, m->data))
      return invalid_member (error, m->data, "onbekend veld");
  for (gsize i = 0; names[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (o, names[i]);
      values[i] = NULL;
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return invalid_member (error, names[i], "moet tekst zijn");
      values[i] = json_node_get_string (node);
    }
  return TRUE;
}

gboolean
ep_routes_query_uint (EpRequest *request, const gchar *name, guint *out, GError **error)
{
  const gchar *text = ep_request_query (request, name);
  guint64 value = 0;
  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    {
      g_set_error (error, EP_API_ERROR, EP_API_ERROR_BAD_REQUEST, "%s: moet een geheel getal zijn",
                   name);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

gboolean
ep_routes_query_page (EpRequest *request, guint *limit, const gchar **cursor, GError **error)
{
  *cursor = ep_request_query (request, "cursor");
  if (!ep_routes_query_uint (request, "limit", limit, error))
    return FALSE;
  if (*limit == 0 && ep_request_query (request, "limit") != NULL)
    *limit = G_MAXUINT;
  return TRUE;
}

gint
ep_routes_if_match (EpRequest *request, GError **error)
{
  const gchar *header = ep_request_if_match (request);
  if (header == NULL)
    {
      g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_PRECONDITION_REQUIRED,
                           "stuur If-Match met de ETag die u las, zodat u niemands werk "
                           "overschrijft");
      return 0;
    }
  if (g_str_has_prefix (header, "W/"))
    header += 2;
  guint64 version = 0;
  gsize len = strlen (header);
  g_autofree gchar *digits = len >= 3 && header[0] == '"' && header[len - 1] == '"'
                               ? g_strndup (header + 1, len - 2)
                               : NULL;
  if (digits == NULL || !g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT, &version, NULL))
    {
      g_set_error_literal (error, EP_INTAKE_ERROR, EP_INTAKE_ERROR_STALE,
                           "version: If-Match noemt geen versie die deze server gaf");
      return 0;
    }
  return (gint) version;
}

EpThrottle *
ep_routes_throttle (void)
{
  static gsize made = 0;
  static EpThrottle *throttle = NULL;
  if (g_once_init_enter (&made))
    {
      throttle = ep_throttle_new ();
      g_once_init_leave (&made, 1);
    }
  return throttle;
}

gchar *
ep_routes_throttle_account (const gchar *gemeente, const gchar *username)
{
  return g_strdup_printf ("%s/%s", gemeente ? gemeente : "", username ? username : "");
}

gboolean
ep_routes_throttle_check (EpRequest *request, const gchar *account, GError **error)
{
  guint wait = ep_throttle_wait (ep_routes_throttle (), account, ep_request_client (request));
  if (wait == 0)
    return TRUE;
  g_set_error (error, EP_API_ERROR, EP_API_ERROR_THROTTLED,
               "te veel mislukte pogingen; probeer het over %u minuten opnieuw", (wait + 59) / 60);
  return FALSE;
}

void
ep_routes_throttle_note (EpRequest *request, const gchar *account, const GError *check_error,
                         gint failure_code)
{
  if (check_error == NULL)
    ep_throttle_succeeded (ep_routes_throttle (), account);
  else if (g_error_matches (check_error, EP_ORG_ERROR, failure_code))
    ep_throttle_failed (ep_routes_throttle (), account, ep_request_client (request));
}
