/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * http-helpers.c: the HTTP suite's harness (http-suites.h).
 */
#include "http-suites.h"

#include "ep-user.h"

#include <libsoup/soup.h>
#include <string.h>

gchar *ep_http_base;
static gchar *last_vindplaats;

void
ep_http_reply_free (EpHttpReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->body);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply->set_cookie);
  g_free (reply->etag);
  g_free (reply->content_type);
  g_free (reply->cache_control);
  g_free (reply->csp);
  g_free (reply);
}

void
ep_http_client_clear (EpHttpClient *client)
{
  g_clear_pointer (&client->cookie, g_free);
  g_clear_pointer (&client->bearer, g_free);
  g_clear_pointer (&client->csrf, g_free);
}

EpHttpReply *
ep_http (const EpHttpClient *client, const gchar *method, const gchar *path, const gchar *body,
         const gchar *const *headers)
{
  g_autoptr (SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree gchar *uri = g_strconcat (ep_http_base, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  ck_assert_msg (msg != NULL, "not a URI: %s", uri);
  SoupMessageHeaders *request = soup_message_get_request_headers (msg);
  if (client != NULL && client->cookie != NULL)
    soup_message_headers_append (request, "Cookie", client->cookie);
  if (client != NULL && client->bearer != NULL)
    {
      g_autofree gchar *value = g_strconcat ("Bearer ", client->bearer, NULL);
      soup_message_headers_append (request, "Authorization", value);
    }
  for (gsize i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (request, headers[i], headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) answer = soup_session_send_and_read (session, msg, NULL, &error);
  ck_assert_msg (answer != NULL, "%s %s: %s", method, path, error ? error->message : "");

  EpHttpReply *reply = g_new0 (EpHttpReply, 1);
  reply->status = soup_message_get_status (msg);
  gsize size = 0;
  const gchar *data = g_bytes_get_data (answer, &size);
  reply->body = size > 0 ? g_strndup (data, size) : g_strdup ("");
  SoupMessageHeaders *response = soup_message_get_response_headers (msg);
  reply->set_cookie = g_strdup (soup_message_headers_get_one (response, "Set-Cookie"));
  reply->etag = g_strdup (soup_message_headers_get_one (response, "ETag"));
  reply->content_type = g_strdup (soup_message_headers_get_one (response, "Content-Type"));
  reply->cache_control = g_strdup (soup_message_headers_get_one (response, "Cache-Control"));
  reply->csp = g_strdup (soup_message_headers_get_one (response, "Content-Security-Policy"));
  if (*reply->body != '\0')
    reply->json = json_from_string (reply->body, NULL);
  return reply;
}

const gchar *
ep_http_text (const EpHttpReply *reply, const gchar *name)
{
  if (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json))
    return "";
  JsonObject *o = json_node_get_object (reply->json);
  JsonNode *member = json_object_get_member (o, name);
  return member != NULL && JSON_NODE_HOLDS_VALUE (member)
             && json_node_get_value_type (member) == G_TYPE_STRING
           ? json_node_get_string (member)
           : "";
}

gchar *
ep_http_new_user (const gchar *gemeente, const gchar *role, const gchar *organisation)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *marker = ep_test_marker ();
  gchar *username = g_ascii_strdown (marker, -1);
  EpUser user = { .username = username,
                  .display_name = "Test",
                  .role = (gchar *) role,
                  .partner_organisation = (gchar *) organisation };
  EpDbTxContext admin = { .gemeente = gemeente, .actor_id = EP_HTTP_ADMIN, .actor_role = "admin" };
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_user_add (app, &admin, &user, EP_HTTP_PASSWORD, NULL, &error), error);
  /* The municipality's own staff work in a team (a supervisor changes the plans of their team's
   * regisseurs: docs/ladder.md); a partner and an administrator in none. */
  if (strcmp (role, "partner") != 0 && strcmp (role, "admin") != 0)
    ep_http_join_team (gemeente, username, EP_HTTP_TEAM);
  return username;
}

void
ep_http_join_team (const gchar *gemeente, const gchar *username, const gchar *team)
{
  /* (As the owner: org/ has no call that puts a user in a team.) */
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, username, team, NULL);
  g_autoptr (GError) error = NULL;
  gboolean ok = ep_db_exec_command (
    owner,
    "WITH t AS (INSERT INTO team (gemeente, naam) VALUES ($1, $3)"
    "           ON CONFLICT (gemeente, naam) DO UPDATE SET naam = excluded.naam RETURNING id)"
    " UPDATE app_user SET team_id = (SELECT id FROM t) WHERE gemeente = $1 AND username = $2",
    params, "put the user in a team", &error);
  EP_ASSERT_NO_ERROR (ok, error);
}

void
ep_http_sign_in (EpHttpClient *client, const gchar *gemeente, const gchar *username,
                 gboolean bearer)
{
  g_autofree gchar *body = g_strdup_printf (
    "{\"gemeente\": \"%s\", \"username\": \"%s\", \"password\": \"%s\"%s}", gemeente, username,
    EP_HTTP_PASSWORD, bearer ? ", \"client\": \"bearer\"" : "");
  g_autoptr (EpHttpReply) reply = ep_http (NULL, "POST", "/api/v1/session", body, NULL);
  EP_ASSERT_STATUS (reply, 201);
  ep_http_client_clear (client);
  client->csrf = g_strdup (ep_http_text (reply, "csrf_token"));
  if (bearer)
    client->bearer = g_strdup (ep_http_text (reply, "token"));
  else
    {
      ck_assert_ptr_nonnull (reply->set_cookie);
      client->cookie = g_strndup (reply->set_cookie, strcspn (reply->set_cookie, ";"));
    }
}

/* A test BSN (999900006–999999990) that passes the elfproef and that no other person of this run
 * has: the next such number after a sequence in the test database. Not at random: there are only
 * 9,091 of them, and the suite's hundreds of intakes drew the same one now and then (409: a member
 * of another household). Not a counter in memory: each test runs in a process of its own. The
 * demo's persons have numbers from 999990000 up, which the run does not reach. */
static gchar *
unique_bsn (PGconn *owner)
{
  ep_test_db_exec (owner, "CREATE SEQUENCE IF NOT EXISTS http_test_bsn");
  for (;;)
    {
      gint64 n = ep_test_query_int (owner, "SELECT nextval('http_test_bsn')", NULL);
      ck_assert_int_lt (n, 9000);
      gchar digits[10];
      g_snprintf (digits, sizeof digits, "9999%04u", (guint) n);
      gint sum = 0;
      for (gint i = 0; i < 8; i++)
        sum += (9 - i) * (digits[i] - '0');
      gint last = sum % 11;
      if (last == 10)
        continue;
      return g_strdup_printf ("%s%d", digits, last);
    }
}

gchar *
ep_http_intake_document (const gchar *gemeente, gboolean fresh)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *marker = ep_test_marker ();
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, marker, NULL);
  g_free (last_vindplaats);
  last_vindplaats = ep_test_query_value (
    owner, "INSERT INTO vindplaats (gemeente, type, naam) VALUES ($1, 'wijkteam', $2) RETURNING id",
    params);
  g_autofree gchar *path
    = g_build_filename (g_getenv ("EP_FIXTURES_DIR"), "intake-jolanda.json", NULL);
  g_autofree gchar *text = NULL;
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  g_autoptr (JsonNode) node = json_from_string (text, NULL);
  JsonObject *o = json_node_get_object (node);
  json_object_set_string_member (o, "vindplaats_id", last_vindplaats);
  if (fresh)
    {
      g_autofree gchar *postcode
        = g_strdup_printf ("%04d%c%c", g_random_int_range (1000, 10000),
                           'A' + g_random_int_range (0, 26), 'A' + g_random_int_range (0, 26));
      json_object_set_string_member (json_object_get_object_member (o, "household"), "postcode",
                                     postcode);
      g_autofree gchar *bsn = unique_bsn (owner);
      JsonObject *person
        = json_array_get_object_element (json_object_get_array_member (o, "persons"), 0);
      json_object_set_string_member (person, "bsn", bsn);
    }
  return json_to_string (node, FALSE);
}

const gchar *
ep_http_vindplaats (void)
{
  return last_vindplaats;
}

const gchar *const *
ep_http_csrf (const EpHttpClient *client)
{
  static const gchar *headers[3];
  headers[0] = "X-CSRF-Token";
  headers[1] = client->csrf != NULL ? client->csrf : "";
  headers[2] = NULL;
  return headers;
}

JsonNode *
ep_http_verify (const EpHttpClient *client, const gchar *gemeente, guint *requests)
{
  g_autoptr (EpHttpReply) asked
    = ep_http (client, "POST", "/api/v1/audit/verification", NULL, ep_http_csrf (client));
  (*requests)++;
  EP_ASSERT_STATUS (asked, 202);
  JsonObject *a = json_node_get_object (asked->json);
  ck_assert_str_eq (json_object_get_string_member (a, "gemeente"), gemeente);
  /* (the verifier may have taken it already) */
  ck_assert (json_object_get_boolean_member (a, "queued")
             || json_object_get_boolean_member (a, "running"));
  gint64 runs = json_object_get_int_member (a, "runs");
  for (int i = 0; i < 300; i++)
    {
      g_autoptr (EpHttpReply) state
        = ep_http (client, "GET", "/api/v1/audit/verification", NULL, NULL);
      (*requests)++;
      EP_ASSERT_STATUS (state, 200);
      JsonObject *o = json_node_get_object (state->json);
      if (!json_object_get_boolean_member (o, "queued")
          && !json_object_get_boolean_member (o, "running"))
        {
          ck_assert_int_eq (json_object_get_int_member (o, "runs"), runs + 1);
          JsonObject *last = json_object_get_object_member (o, "last");
          for (gsize t = 0; t < 2; t++)
            {
              const gchar *name = t == 0 ? "started_at" : "finished_at";
              ck_assert (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$",
                                               json_object_get_string_member (last, name), 0, 0));
              json_object_remove_member (last, name);
            }
          return json_node_copy (state->json);
        }
      g_usleep (100 * 1000);
    }
  ck_abort_msg ("no verification of %s finished in 30 s", gemeente);
  return NULL;
}
