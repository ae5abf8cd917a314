/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-web.c: what the web UI's sign-in page needs besides the API's own resources.
 *
 *   GET /api/v1/demo           public: on the embedded demo cluster only, the demo users of each
 *                              role and their password, for the sign-in page; 404 elsewhere
 */
#include "ep-routes.h"

#include "ep-demo.h"
#include "ep-problem.h"

/* The demo's answer, made once before serving (ep_routes_set_demo_users()); NULL: not the
 * embedded demo. */
static JsonNode *demo_answer;

static void
add_text (JsonBuilder *b, const gchar *name, const gchar *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
ep_routes_set_demo_users (GPtrArray *users)
{
  g_clear_pointer (&demo_answer, json_node_unref);
  if (users == NULL)
    return;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  add_text (b, "password", EP_DEMO_PASSWORD);
  json_builder_set_member_name (b, "users");
  json_builder_begin_array (b);
  for (guint i = 0; i < users->len; i++)
    {
      const EpDemoUser *u = users->pdata[i];
      json_builder_begin_object (b);
      add_text (b, "gemeente", u->gemeente);
      add_text (b, "gemeente_naam", u->gemeente_naam);
      add_text (b, "username", u->username);
      add_text (b, "display_name", u->display_name);
      add_text (b, "role", u->role);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  demo_answer = json_builder_get_root (b);
}

static gboolean
handle_demo (EpRequest *request, EpResponse *response, GError **error)
{
  if (demo_answer == NULL)
    {
      g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_NOT_FOUND,
                           "deze server draait niet op de demodatabase");
      return FALSE;
    }
  response->body = json_node_copy (demo_answer);
  return TRUE;
}

void
ep_routes_add_web (EpServer *server)
{
  ep_server_add_route (server, "GET", "/api/v1/demo", handle_demo);
}
