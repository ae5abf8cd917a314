/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-authz.c: the authorisation matrix over HTTP — every route of the API × every role, and
 * no session at all, asserting the exact status; every refusal for a role is in the access log;
 * a municipality sees nothing of another's.
 */
#include "http-suites.h"

#include <string.h>

#define GM "GM0164"

static gchar *vindplaats;

static void
make_vindplaats (void)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *marker = ep_test_marker ();
  g_autoptr (EpDbParams) params = ep_test_params (GM, marker, NULL);
  vindplaats = ep_test_query_value (
    owner, "INSERT INTO vindplaats (gemeente, type, naam) VALUES ($1, 'wijkteam', $2) RETURNING id",
    params);
}

static gchar *
contact_body (void)
{
  return g_strdup_printf ("{\"vindplaats_id\": \"%s\", \"channel\": \"telefoon\", \"type\":"
                          " \"hulpvraag\", \"question\": \"Hulp bij de post\","
                          " \"date\": \"2026-11-30\"}",
                          vindplaats);
}

/* The statuses of one route for: no session, casemanager, regisseur, supervisor, partner,
 * admin. */
static const struct
{
  const gchar *method, *path;
  gboolean body;
  guint status[6];
} routes[] = {
  { "GET", "/api/v1/me", FALSE, { 401, 200, 200, 200, 200, 200 } },
  { "GET", "/api/v1/me/sessions", FALSE, { 401, 200, 200, 200, 200, 200 } },
  { "GET", "/api/v1/codelists", FALSE, { 401, 200, 200, 200, 200, 200 } },
  { "GET", "/api/v1/contacts", FALSE, { 401, 200, 200, 200, 403, 403 } },
  { "GET", "/api/v1/contacts/count", FALSE, { 401, 200, 200, 200, 403, 403 } },
  { "GET", "/api/v1/werkbak", FALSE, { 401, 200, 200, 200, 403, 403 } },
  { "GET", "/api/v1/questionnaire", FALSE, { 401, 200, 200, 200, 403, 403 } },
  { "GET",
    "/api/v1/intakes/0190a000-0000-7000-8000-00000000dead",
    FALSE,
    { 401, 404, 404, 404, 404, 403 } },
  { "POST", "/api/v1/contacts", TRUE, { 401, 201, 201, 403, 403, 403 } },
  { "GET",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead",
    FALSE,
    { 401, 404, 404, 404, 404, 403 } },
  { "POST", "/api/v1/households/search", FALSE, { 401, 400, 400, 400, 403, 403 } },
  { "GET", "/api/v1/audit?limit=5", FALSE, { 401, 403, 403, 200, 403, 403 } },
  { "POST",
    "/api/v1/consents/0190a000-0000-7000-8000-00000000dead/revoke",
    FALSE,
    { 401, 404, 404, 403, 403, 403 } },
  { "PUT",
    "/api/v1/intakes/0190a000-0000-7000-8000-00000000dead",
    FALSE,
    { 401, 428, 428, 403, 403, 403 } },
};

static const gchar *const roles[]
  = { "casemanager", "regisseur", "supervisor", "partner", "admin" };

START_TEST (test_matrix)
{
  make_vindplaats ();
  g_autofree gchar *body = contact_body ();
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  for (gsize r = 0; r <= G_N_ELEMENTS (roles); r++)
    {
      g_auto (EpHttpClient) client = { 0 };
      g_autofree gchar *user = NULL;
      if (r > 0)
        {
          user = ep_http_new_user (GM, roles[r - 1],
                                   strcmp (roles[r - 1], "partner") == 0 ? "Tactus" : NULL);
          ep_http_sign_in (&client, GM, user, FALSE);
        }
      for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
        {
          const gchar *const csrf[] = { "X-CSRF-Token", client.csrf ? client.csrf : "", NULL };
          gint64 denied_before
            = ep_test_db_count (owner, "SELECT count(*) FROM access_log WHERE outcome = 'denied'");
          g_autoptr (EpHttpReply) reply
            = ep_http (r > 0 ? &client : NULL, routes[i].method, routes[i].path,
                       routes[i].body ? body : NULL, csrf);
          guint want = routes[i].status[r];
          ck_assert_msg (reply->status == want, "%s %s as %s: %u, want %u: %s", routes[i].method,
                         routes[i].path, r > 0 ? roles[r - 1] : "nobody", reply->status, want,
                         reply->body);
          gint64 denied_after
            = ep_test_db_count (owner, "SELECT count(*) FROM access_log WHERE outcome = 'denied'");
          /* Every refusal is in the access log: a 403 for the role, and a partner's 404 where
           * no consent gives them the household (its existence is confidential). */
          gboolean partner = r > 0 && strcmp (roles[r - 1], "partner") == 0;
          ck_assert_int_eq (denied_after - denied_before,
                            want == 403 || (partner && want == 404) ? 1 : 0);
          if (want == 403)
            {
              g_autofree gchar *last = ep_test_query_value (
                owner,
                "SELECT actor_id || ' ' || entity_type || ' ' || entity_id || ' ' || action"
                "  FROM access_log WHERE outcome = 'denied' ORDER BY id DESC LIMIT 1",
                NULL);
              /* The path, never its query (which may hold what someone searched for). */
              g_autofree gchar *want_last
                = g_strdup_printf ("%s api_route %.*s read", user,
                                   (int) strcspn (routes[i].path, "?"), routes[i].path);
              ck_assert_str_eq (last, want_last);
            }
        }
    }
}
END_TEST

/* A municipality sees nothing of another's: a contact of GM0164 is not in GM0153's list. */
START_TEST (test_municipalities_apart)
{
  make_vindplaats ();
  g_autofree gchar *body = contact_body ();
  g_autofree gchar *here = ep_http_new_user (GM, "casemanager", NULL);
  g_autofree gchar *there = ep_http_new_user ("GM0153", "supervisor", NULL);
  g_auto (EpHttpClient) a = { 0 };
  g_auto (EpHttpClient) b = { 0 };
  ep_http_sign_in (&a, GM, here, FALSE);
  ep_http_sign_in (&b, "GM0153", there, TRUE);
  const gchar *const csrf[] = { "X-CSRF-Token", a.csrf, NULL };
  g_autoptr (EpHttpReply) made = ep_http (&a, "POST", "/api/v1/contacts", body, csrf);
  EP_ASSERT_STATUS (made, 201);
  const gchar *id = ep_http_text (made, "id");
  ck_assert_str_eq (ep_http_text (made, "received_by"), here);

  g_autofree gchar *mine = g_strdup_printf ("/api/v1/contacts?vindplaats=%s", vindplaats);
  g_autoptr (EpHttpReply) seen = ep_http (&a, "GET", mine, NULL, NULL);
  EP_ASSERT_STATUS (seen, 200);
  ck_assert (strstr (seen->body, id) != NULL);
  g_autoptr (EpHttpReply) unseen = ep_http (&b, "GET", mine, NULL, NULL);
  EP_ASSERT_STATUS (unseen, 200);
  ck_assert_str_eq (unseen->body, "{\"items\":[],\"next_cursor\":null}");
}
END_TEST

Suite *
ep_http_authz_suite (void)
{
  Suite *suite = suite_create ("authz");
  TCase *tc = tcase_create ("authz");
  tcase_set_timeout (tc, 300); /* a sign-in per role costs a third of a second by design */
  tcase_add_test (tc, test_matrix);
  tcase_add_test (tc, test_municipalities_apart);
  suite_add_tcase (suite, tc);
  return suite;
}
