/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * http-plan.c: what the HTTP suite's plan tests share (http-plan.h).
 */
#include "http-plan.h"

#include <string.h>

gchar *
ep_http_record_jolanda (const EpHttpClient *client, const gchar *gemeente, gchar **person)
{
  g_autofree gchar *example = ep_http_intake_document (gemeente, TRUE);
  g_autoptr (JsonNode) node = json_from_string (example, NULL);
  JsonArray *needs = json_object_get_array_member (json_node_get_object (node), "needs");
  for (guint i = json_array_get_length (needs); i-- > 0;)
    if (strcmp (json_object_get_string_member (json_array_get_object_element (needs, i), "law"),
                "GEEN")
        == 0)
      json_array_remove_element (needs, i);
  ck_assert_uint_eq (json_array_get_length (needs), 4);
  g_autofree gchar *document = json_to_string (node, FALSE);
  g_autoptr (EpHttpReply) made = ep_http (client, "POST", "/api/v1/intakes", document, NULL);
  EP_ASSERT_STATUS (made, 201);
  JsonObject *intake = json_node_get_object (made->json);
  g_autofree gchar *finalise
    = g_strdup_printf ("/api/v1/intakes/%s/finalise", json_object_get_string_member (intake, "id"));
  const gchar *const match[] = { "If-Match", made->etag, NULL };
  g_autoptr (EpHttpReply) final = ep_http (client, "POST", finalise, NULL, match);
  EP_ASSERT_STATUS (final, 200);
  *person = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (intake, "persons"), 0), "id"));
  return g_strdup (
    json_object_get_string_member (json_object_get_object_member (intake, "household"), "id"));
}

EpHttpReply *
ep_http_plan_call (const EpHttpClient *client, const gchar *method, const gchar *household,
                   const gchar *sub, const gchar *body, gint version)
{
  g_autofree gchar *path = g_strdup_printf ("/api/v1/households/%s/plan%s", household, sub);
  g_autofree gchar *etag = g_strdup_printf ("\"%d\"", version);
  const gchar *const match[] = { "If-Match", etag, NULL };
  return ep_http (client, method, path, body, version > 0 ? match : NULL);
}

gint
ep_http_etag_version (const EpHttpReply *reply)
{
  if (reply->etag == NULL || strlen (reply->etag) < 3)
    return 0;
  return (gint) g_ascii_strtoll (reply->etag + 1, NULL, 10);
}

void
ep_http_assert_problem (const EpHttpReply *reply, guint status, const gchar *type,
                        const gchar *path)
{
  EP_ASSERT_STATUS (reply, status);
  ck_assert_str_eq (reply->content_type, "application/problem+json");
  ck_assert_msg (strcmp (ep_http_text (reply, "type"), type) == 0, "type %s, want %s: %s",
                 ep_http_text (reply, "type"), type, reply->body);
  if (path == NULL)
    return;
  JsonObject *o = json_node_get_object (reply->json);
  ck_assert_msg (json_object_has_member (o, "errors"), "no errors[]: %s", reply->body);
  JsonArray *errors = json_object_get_array_member (o, "errors");
  ck_assert_uint_eq (json_array_get_length (errors), 1);
  JsonObject *e = json_array_get_object_element (errors, 0);
  ck_assert_str_eq (json_object_get_string_member (e, "path"), path);
  ck_assert_str_ne (json_object_get_string_member (e, "detail"), "");
}
