/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-session.c: signing in and out over HTTP — a wrong password, an unknown user and a
 * disabled one answered alike; the cookie's attributes; a bearer token for other systems; the
 * CSRF token a cookie needs on every change; sessions listed and ended; throttling after failed
 * sign-ins; the headers every answer carries; bodies too large or not JSON refused; the API's
 * description answered to anyone, as docs/openapi.yaml is.
 */
#include "http-suites.h"

#include "ep-user.h"

#include <string.h>

#define GM "GM0164"

static gchar *
sign_in_body (const gchar *gemeente, const gchar *username, const gchar *password)
{
  return g_strdup_printf ("{\"gemeente\": \"%s\", \"username\": \"%s\", \"password\": \"%s\"}",
                          gemeente, username, password);
}

START_TEST (test_sign_in_failures_alike)
{
  g_autofree gchar *user = ep_http_new_user (GM, "casemanager", NULL);
  g_autofree gchar *disabled = ep_http_new_user (GM, "casemanager", NULL);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  EpDbTxContext admin = { .gemeente = GM, .actor_id = EP_HTTP_ADMIN, .actor_role = "admin" };
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_user_disable (app, &admin, disabled, &error), error);

  const gchar *const cases[][3] = {
    { GM, user, "een verkeerd wachtwoord" },
    { GM, "bestaat.niet", EP_HTTP_PASSWORD },
    { GM, disabled, EP_HTTP_PASSWORD },
    { "GM0153", user, EP_HTTP_PASSWORD },
  };
  g_autofree gchar *first = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *body = sign_in_body (cases[i][0], cases[i][1], cases[i][2]);
      g_autoptr (EpHttpReply) reply = ep_http (NULL, "POST", "/api/v1/session", body, NULL);
      EP_ASSERT_STATUS (reply, 401);
      ck_assert_ptr_null (reply->set_cookie);
      ck_assert_str_eq (reply->content_type, "application/problem+json");
      if (first == NULL)
        first = g_strdup (reply->body);
      ck_assert_str_eq (reply->body, first); /* not a byte tells which */
    }
  ck_assert_str_eq (first, "{\"type\":\"/problems/sign-in-failed\",\"title\":\"Sign-in failed\","
                           "\"status\":401,\"detail\":\"gebruikersnaam of wachtwoord klopt niet\","
                           "\"instance\":\"/api/v1/session\"}");
}
END_TEST

START_TEST (test_browser_and_bearer)
{
  g_autofree gchar *user = ep_http_new_user (GM, "casemanager", NULL);
  g_autofree gchar *body = sign_in_body (GM, user, EP_HTTP_PASSWORD);
  g_autoptr (EpHttpReply) reply = ep_http (NULL, "POST", "/api/v1/session", body, NULL);
  EP_ASSERT_STATUS (reply, 201);
  ck_assert (g_regex_match_simple ("^eenplan_session=GM0164\\.[A-Za-z0-9_-]{43}; Path=/; "
                                   "HttpOnly; SameSite=Strict; Max-Age=43200$",
                                   reply->set_cookie, 0, 0));
  ck_assert (g_regex_match_simple ("^[0-9a-f]{64}$", ep_http_text (reply, "csrf_token"), 0, 0));
  /* Behind the trusted proxy (the harness trusts 127.0.0.1) that says it took TLS: Secure. */
  const gchar *const over_tls[] = { "X-Forwarded-Proto", "https", NULL };
  g_autoptr (EpHttpReply) proxied = ep_http (NULL, "POST", "/api/v1/session", body, over_tls);
  EP_ASSERT_STATUS (proxied, 201);
  ck_assert (g_regex_match_simple ("^eenplan_session=GM0164\\.[A-Za-z0-9_-]{43}; Path=/; "
                                   "HttpOnly; SameSite=Strict; Max-Age=43200; Secure$",
                                   proxied->set_cookie, 0, 0));
  ck_assert (strstr (reply->body, "\"token\"") == NULL); /* a browser's token stays a cookie */
  ck_assert (strstr (reply->body, "GM0164.") == NULL);

  g_auto (EpHttpClient) bearer = { 0 };
  ep_http_sign_in (&bearer, GM, user, TRUE);
  ck_assert (g_regex_match_simple ("^GM0164\\.[A-Za-z0-9_-]{43}$", bearer.bearer, 0, 0));
  g_autoptr (EpHttpReply) me = ep_http (&bearer, "GET", "/api/v1/me", NULL, NULL);
  EP_ASSERT_STATUS (me, 200);
  JsonObject *u = json_object_get_object_member (json_node_get_object (me->json), "user");
  ck_assert_str_eq (json_object_get_string_member (u, "username"), user);
  ck_assert_str_eq (json_object_get_string_member (u, "role"), "casemanager");
}
END_TEST

/* A change with the cookie needs the CSRF token; with a bearer token it does not. */
START_TEST (test_csrf)
{
  g_autofree gchar *user = ep_http_new_user (GM, "casemanager", NULL);
  g_auto (EpHttpClient) browser = { 0 };
  ep_http_sign_in (&browser, GM, user, FALSE);
  const gchar *const none[] = { NULL };
  const gchar *const wrong[] = { "X-CSRF-Token", "0000", NULL };
  const gchar *const right[] = { "X-CSRF-Token", browser.csrf, NULL };
  const gchar *const *const headers[] = { none, wrong };
  for (gsize i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autoptr (EpHttpReply) refused
        = ep_http (&browser, "DELETE", "/api/v1/session", NULL, headers[i]);
      EP_ASSERT_STATUS (refused, 403);
      ck_assert_str_eq (ep_http_text (refused, "type"), "/problems/csrf");
    }
  g_autoptr (EpHttpReply) still = ep_http (&browser, "GET", "/api/v1/me", NULL, NULL);
  EP_ASSERT_STATUS (still, 200);

  /* Signing out with it ends the session and clears the cookie. */
  g_autoptr (EpHttpReply) out = ep_http (&browser, "DELETE", "/api/v1/session", NULL, right);
  EP_ASSERT_STATUS (out, 204);
  ck_assert_str_eq (out->set_cookie,
                    "eenplan_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  g_autoptr (EpHttpReply) gone = ep_http (&browser, "GET", "/api/v1/me", NULL, NULL);
  EP_ASSERT_STATUS (gone, 401);
  ck_assert_str_eq (ep_http_text (gone, "type"), "/problems/signed-out");

  g_auto (EpHttpClient) bearer = { 0 };
  ep_http_sign_in (&bearer, GM, user, TRUE);
  g_autoptr (EpHttpReply) bearer_out = ep_http (&bearer, "DELETE", "/api/v1/session", NULL, NULL);
  EP_ASSERT_STATUS (bearer_out, 204);
  ck_assert_ptr_null (bearer_out->set_cookie);
}
END_TEST

START_TEST (test_sessions_listed_and_ended)
{
  g_autofree gchar *user = ep_http_new_user (GM, "regisseur", NULL);
  g_auto (EpHttpClient) a = { 0 };
  g_auto (EpHttpClient) b = { 0 };
  ep_http_sign_in (&a, GM, user, FALSE);
  ep_http_sign_in (&b, GM, user, TRUE);
  g_autoptr (EpHttpReply) list = ep_http (&a, "GET", "/api/v1/me/sessions", NULL, NULL);
  EP_ASSERT_STATUS (list, 200);
  JsonArray *items = json_object_get_array_member (json_node_get_object (list->json), "items");
  ck_assert_uint_eq (json_array_get_length (items), 2);
  const gchar *other = NULL;
  guint current = 0;
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *s = json_array_get_object_element (items, i);
      if (json_object_get_boolean_member (s, "current"))
        current++;
      else
        other = json_object_get_string_member (s, "id");
    }
  ck_assert_uint_eq (current, 1);
  g_autofree gchar *path = g_strconcat ("/api/v1/me/sessions/", other, NULL);
  const gchar *const csrf[] = { "X-CSRF-Token", a.csrf, NULL };
  g_autoptr (EpHttpReply) ended = ep_http (&a, "DELETE", path, NULL, csrf);
  EP_ASSERT_STATUS (ended, 204);
  g_autoptr (EpHttpReply) b_gone = ep_http (&b, "GET", "/api/v1/me", NULL, NULL);
  EP_ASSERT_STATUS (b_gone, 401);
  g_autoptr (EpHttpReply) again = ep_http (&a, "DELETE", path, NULL, csrf);
  EP_ASSERT_STATUS (again, 404);
}
END_TEST

/* After five failures an account is refused, even with the right password, and answers 429;
 * another account from the same address goes on. */
START_TEST (test_throttled)
{
  g_autofree gchar *user = ep_http_new_user (GM, "casemanager", NULL);
  g_autofree gchar *other = ep_http_new_user (GM, "casemanager", NULL);
  g_autofree gchar *wrong = sign_in_body (GM, user, "een verkeerd wachtwoord");
  for (int i = 0; i < 5; i++)
    {
      g_autoptr (EpHttpReply) reply = ep_http (NULL, "POST", "/api/v1/session", wrong, NULL);
      EP_ASSERT_STATUS (reply, 401);
    }
  g_autofree gchar *right = sign_in_body (GM, user, EP_HTTP_PASSWORD);
  g_autoptr (EpHttpReply) throttled = ep_http (NULL, "POST", "/api/v1/session", right, NULL);
  EP_ASSERT_STATUS (throttled, 429);
  ck_assert_str_eq (ep_http_text (throttled, "detail"),
                    "te veel mislukte pogingen; probeer het over 15 minuten opnieuw");
  /* The same answer for an account that does not exist: it tells nothing either. */
  g_autofree gchar *ghost = sign_in_body (GM, "spook", "een verkeerd wachtwoord");
  for (int i = 0; i < 6; i++)
    {
      g_autoptr (EpHttpReply) reply = ep_http (NULL, "POST", "/api/v1/session", ghost, NULL);
      EP_ASSERT_STATUS (reply, i < 5 ? 401 : 429);
    }
  g_auto (EpHttpClient) ok = { 0 };
  ep_http_sign_in (&ok, GM, other, FALSE);
}
END_TEST

/* Every answer, a refusal too, carries the security headers; bodies too large or not JSON are
 * refused with their problem. */
START_TEST (test_headers_and_bodies)
{
  static const gchar *const paths[] = { "/api/v1/me", "/api/v1/nope", "/healthz" };
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (EpHttpReply) reply = ep_http (NULL, "GET", paths[i], NULL, NULL);
      ck_assert_str_eq (reply->cache_control, "no-store");
      ck_assert (reply->csp != NULL && strstr (reply->csp, "frame-ancestors 'none'") != NULL);
      ck_assert (strstr (reply->csp, "unsafe-inline") == NULL);
    }
  g_autofree gchar *padding = g_strnfill (5000, 'x');
  g_autofree gchar *large = g_strdup_printf (
    "{\"gemeente\": \"GM0164\", \"username\": \"a\", \"password\": \"%s\"}", padding);
  g_autoptr (EpHttpReply) too_large = ep_http (NULL, "POST", "/api/v1/session", large, NULL);
  EP_ASSERT_STATUS (too_large, 413);
  ck_assert_str_eq (ep_http_text (too_large, "type"), "/problems/too-large");
  g_autoptr (EpHttpReply) not_json
    = ep_http (NULL, "POST", "/api/v1/session", "{\"gemeente\": 'GM0164'}", NULL);
  EP_ASSERT_STATUS (not_json, 400);
  ck_assert_str_eq (ep_http_text (not_json, "type"), "/problems/invalid-json");
  ck_assert_str_eq (ep_http_text (not_json, "detail"),
                    "regel 1, kolom 14: geen geldige JSON: onbekend teken of woord; JSON kent "
                    "alleen tekst tussen dubbele aanhalingstekens, getallen zonder voorloopnul, "
                    "true, false en null");
  g_autoptr (EpHttpReply) missing
    = ep_http (NULL, "POST", "/api/v1/session", "{\"gemeente\": \"GM0164\"}", NULL);
  EP_ASSERT_STATUS (missing, 422);
  ck_assert_str_eq (ep_http_text (missing, "detail"), "username: verplicht");
}
END_TEST

/* GET /api/v1/openapi.yaml: public, application/yaml, byte for byte docs/openapi.yaml (whose
 * routes tests/api/test-openapi.c checks), with the headers of every answer. */
START_TEST (test_openapi_served)
{
  const gchar *path = g_getenv ("EP_OPENAPI");
  ck_assert_msg (path != NULL, "EP_OPENAPI is not set (tests/http/meson.build sets it)");
  g_autofree gchar *want = NULL;
  ck_assert (g_file_get_contents (path, &want, NULL, NULL));
  g_autoptr (EpHttpReply) reply = ep_http (NULL, "GET", "/api/v1/openapi.yaml", NULL, NULL);
  EP_ASSERT_STATUS (reply, 200);
  ck_assert_str_eq (reply->content_type, "application/yaml");
  ck_assert_str_eq (reply->cache_control, "no-store");
  ck_assert_str_eq (reply->body, want);
}
END_TEST

Suite *
ep_http_session_suite (void)
{
  Suite *suite = suite_create ("session");
  TCase *tc = tcase_create ("session");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_sign_in_failures_alike);
  tcase_add_test (tc, test_browser_and_bearer);
  tcase_add_test (tc, test_csrf);
  tcase_add_test (tc, test_sessions_listed_and_ended);
  tcase_add_test (tc, test_throttled);
  tcase_add_test (tc, test_headers_and_bodies);
  tcase_add_test (tc, test_openapi_served);
  suite_add_tcase (suite, tc);
  return suite;
}
