/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-intake.c: the Jolanda intake over HTTP — recorded as a draft, read with its ETag, saved
 * with If-Match (428 without, 412 when stale, and then nothing changed), finalised, corrected
 * with an addendum, found by BSN in a request body; a refused document names its field.
 */
#include "http-suites.h"

#include <string.h>

#define GM "GM0164"

/* The worked example of docs/examples, at a vindplaats of this test's own. */
static gchar *
fixture (void)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *marker = ep_test_marker ();
  g_autoptr (EpDbParams) params = ep_test_params (GM, marker, NULL);
  g_autofree gchar *vindplaats = ep_test_query_value (
    owner, "INSERT INTO vindplaats (gemeente, type, naam) VALUES ($1, 'wijkteam', $2) RETURNING id",
    params);
  g_autofree gchar *path
    = g_build_filename (g_getenv ("EP_FIXTURES_DIR"), "intake-jolanda.json", NULL);
  g_autofree gchar *text = NULL;
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  g_autoptr (JsonNode) node = json_from_string (text, NULL);
  json_object_set_string_member (json_node_get_object (node), "vindplaats_id", vindplaats);
  return json_to_string (node, FALSE);
}

static gchar *
with_member (const gchar *document, const gchar *name, const gchar *value)
{
  g_autoptr (JsonNode) node = json_from_string (document, NULL);
  json_object_set_string_member (json_node_get_object (node), name, value);
  return json_to_string (node, FALSE);
}

START_TEST (test_intake_over_http)
{
  g_autofree gchar *user = ep_http_new_user (GM, "casemanager", NULL);
  g_auto (EpHttpClient) client = { 0 };
  ep_http_sign_in (&client, GM, user, TRUE);
  g_autofree gchar *document = fixture ();

  g_autoptr (EpHttpReply) made = ep_http (&client, "POST", "/api/v1/intakes", document, NULL);
  EP_ASSERT_STATUS (made, 201);
  ck_assert_str_eq (made->etag, "\"1\"");
  g_autofree gchar *id = g_strdup (ep_http_text (made, "id"));
  ck_assert_str_eq (ep_http_text (made, "status"), "draft");
  ck_assert (strstr (made->body, "\"bsn\"") == NULL); /* a BSN is never written back */
  g_autofree gchar *path = g_strconcat ("/api/v1/intakes/", id, NULL);
  g_autoptr (EpHttpReply) read = ep_http (&client, "GET", path, NULL, NULL);
  EP_ASSERT_STATUS (read, 200);
  ck_assert_str_eq (read->etag, "\"1\"");

  /* Saving needs If-Match; the version it names is the one saved over. */
  /* (What a form sends back is the draft as read, changed.) */
  g_autofree gchar *second = with_member (read->body, "main_problem", "Ik wil betaald werk.");
  g_autoptr (EpHttpReply) no_match = ep_http (&client, "PUT", path, second, NULL);
  EP_ASSERT_STATUS (no_match, 428);
  ck_assert_str_eq (ep_http_text (no_match, "type"), "/problems/precondition-required");
  const gchar *const v1[] = { "If-Match", "\"1\"", NULL };
  g_autoptr (EpHttpReply) saved = ep_http (&client, "PUT", path, second, v1);
  EP_ASSERT_STATUS (saved, 200);
  ck_assert_str_eq (saved->etag, "\"2\"");

  /* A colleague who still had version 1: refused, and the draft is as version 2 left it. */
  g_autofree gchar *third = with_member (read->body, "main_problem", "Iets anders.");
  g_autoptr (EpHttpReply) stale = ep_http (&client, "PUT", path, third, v1);
  EP_ASSERT_STATUS (stale, 412);
  ck_assert_str_eq (ep_http_text (stale, "type"), "/problems/stale");
  g_autoptr (EpHttpReply) after = ep_http (&client, "GET", path, NULL, NULL);
  EP_ASSERT_STATUS (after, 200);
  ck_assert_str_eq (after->etag, "\"2\"");
  ck_assert_str_eq (ep_http_text (after, "main_problem"), "Ik wil betaald werk.");

  /* Final, then only addenda. */
  g_autofree gchar *finalise = g_strconcat (path, "/finalise", NULL);
  const gchar *const v2[] = { "If-Match", "\"2\"", NULL };
  g_autoptr (EpHttpReply) final = ep_http (&client, "POST", finalise, NULL, v2);
  EP_ASSERT_STATUS (final, 200);
  ck_assert_str_eq (ep_http_text (final, "status"), "finalised");
  const gchar *const v3[] = { "If-Match", final->etag, NULL };
  g_autoptr (EpHttpReply) closed = ep_http (&client, "PUT", path, second, v3);
  EP_ASSERT_STATUS (closed, 409);
  g_autofree gchar *addenda = g_strconcat (path, "/addenda", NULL);
  g_autoptr (EpHttpReply) addendum
    = ep_http (&client, "POST", addenda,
               "{\"reason\": \"Typfout\", \"text\": \"Het huisnummer is 12A.\"}", NULL);
  EP_ASSERT_STATUS (addendum, 201);

  /* Found by BSN in the body of a POST (never in a URL). */
  g_autoptr (EpHttpReply) found
    = ep_http (&client, "POST", "/api/v1/households/search", "{\"bsn\": \"999990020\"}", NULL);
  EP_ASSERT_STATUS (found, 200);
  JsonObject *household
    = json_object_get_object_member (json_node_get_object (read->json), "household");
  ck_assert (strstr (found->body, json_object_get_string_member (household, "id")) != NULL);

  /* Every step is in the audit trail, as this user. */
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbParams) who = ep_test_params (user, NULL);
  g_autofree gchar *trail
    = ep_test_query_value (owner,
                           "SELECT string_agg (action, ',' ORDER BY id) FROM audit_event"
                           " WHERE actor_id = $1 AND entity_type IN ('intake', 'intake_addendum')",
                           who);
  ck_assert_str_eq (trail, "create,update,finalise,addendum");

  /* A supervisor reads those steps over HTTP, each checked against the chain; reading the trail
   * is itself in the access log. */
  g_autofree gchar *supervisor = ep_http_new_user (GM, "supervisor", NULL);
  g_auto (EpHttpClient) toezicht = { 0 };
  ep_http_sign_in (&toezicht, GM, supervisor, TRUE);
  g_autofree gchar *query = g_strdup_printf ("/api/v1/audit?actor=%s&entity_type=intake", user);
  g_autoptr (EpHttpReply) log = ep_http (&toezicht, "GET", query, NULL, NULL);
  EP_ASSERT_STATUS (log, 200);
  JsonArray *events = json_object_get_array_member (json_node_get_object (log->json), "events");
  ck_assert_uint_eq (json_array_get_length (events), 4);
  g_autoptr (GString) actions = g_string_new (NULL);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      g_string_append_printf (actions, "%s%s", i ? "," : "",
                              json_object_get_string_member (e, "action"));
      const gchar *chain = json_object_get_string_member (e, "chain");
      ck_assert (g_strcmp0 (chain, "matches") == 0 || g_strcmp0 (chain, "unsealed") == 0);
    }
  ck_assert_str_eq (actions->str, "addendum,finalise,update,create"); /* newest first */
  g_autoptr (EpDbParams) reader = ep_test_params (supervisor, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM access_log WHERE actor_id = $1"
                                       "   AND entity_type = 'audit_log' AND action = 'search'",
                                       reader),
                    1);

  /* A partner reads what a valid consent gives their organisation, and nothing else: the
   * consent of the example gives Stichting Schuldhulp Twente basisgegevens and hulpvragen. */
  g_autofree gchar *schuldhulp = ep_http_new_user (GM, "partner", "Stichting Schuldhulp Twente");
  g_autofree gchar *tactus = ep_http_new_user (GM, "partner", "Tactus");
  g_auto (EpHttpClient) sh = { 0 };
  g_auto (EpHttpClient) ta = { 0 };
  ep_http_sign_in (&sh, GM, schuldhulp, TRUE);
  ep_http_sign_in (&ta, GM, tactus, TRUE);
  g_autofree gchar *household_path
    = g_strconcat ("/api/v1/households/", json_object_get_string_member (household, "id"), NULL);
  g_autoptr (EpHttpReply) by_consent = ep_http (&sh, "GET", household_path, NULL, NULL);
  EP_ASSERT_STATUS (by_consent, 200);
  g_autoptr (EpHttpReply) not_intake = ep_http (&sh, "GET", path, NULL, NULL);
  EP_ASSERT_STATUS (not_intake, 404); /* "intake" is not among the kinds of data */
  g_autoptr (EpHttpReply) other_org = ep_http (&ta, "GET", household_path, NULL, NULL);
  EP_ASSERT_STATUS (other_org, 404);
  JsonArray *consents
    = json_object_get_array_member (json_node_get_object (read->json), "consents");
  const gchar *consent_id
    = json_object_get_string_member (json_array_get_object_element (consents, 0), "id");
  g_autofree gchar *revoke = g_strdup_printf ("/api/v1/consents/%s/revoke", consent_id);
  g_autoptr (EpHttpReply) revoked = ep_http (&client, "POST", revoke, NULL, NULL);
  EP_ASSERT_STATUS (revoked, 204);
  g_autoptr (EpHttpReply) after_revoke = ep_http (&sh, "GET", household_path, NULL, NULL);
  EP_ASSERT_STATUS (after_revoke, 404);
  g_autoptr (EpDbParams) partners = ep_test_params (schuldhulp, tactus, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM access_log WHERE outcome = 'denied'"
                                       "   AND actor_id IN ($1, $2)"
                                       "   AND entity_type IN ('household', 'intake')",
                                       partners),
                    3);

  /* A document that is not one: the field named, nothing written. */
  g_autofree gchar *bad = with_member (document, "colour", "blauw");
  g_autoptr (EpHttpReply) refused = ep_http (&client, "POST", "/api/v1/intakes", bad, NULL);
  EP_ASSERT_STATUS (refused, 422);
  JsonArray *errors = json_object_get_array_member (json_node_get_object (refused->json), "errors");
  JsonObject *first = json_array_get_object_element (errors, 0);
  ck_assert_str_eq (json_object_get_string_member (first, "path"), "colour");
  ck_assert_str_eq (json_object_get_string_member (first, "detail"), "onbekend veld");
}
END_TEST

/* The form lays itself out from the questionnaire; the version is its ETag. */
START_TEST (test_questionnaire)
{
  g_autofree gchar *user = ep_http_new_user (GM, "casemanager", NULL);
  g_auto (EpHttpClient) client = { 0 };
  ep_http_sign_in (&client, GM, user, TRUE);

  g_autoptr (EpHttpReply) newest = ep_http (&client, "GET", "/api/v1/questionnaire", NULL, NULL);
  EP_ASSERT_STATUS (newest, 200);
  ck_assert_str_eq (newest->etag, "\"brede-uitvraag/1\"");
  ck_assert_str_eq (newest->content_type, "application/json");
  ck_assert_str_eq (ep_http_text (newest, "version"), "brede-uitvraag/1");
  ck_assert_str_eq (ep_http_text (newest, "titel"), "Brede uitvraag");
  JsonArray *sections
    = json_object_get_array_member (json_node_get_object (newest->json), "secties");
  ck_assert_str_eq (
    json_object_get_string_member (json_array_get_object_element (sections, 0), "id"),
    "aanleiding");

  g_autoptr (EpHttpReply) named
    = ep_http (&client, "GET", "/api/v1/questionnaire?version=brede-uitvraag%2F1", NULL, NULL);
  EP_ASSERT_STATUS (named, 200);
  ck_assert_str_eq (named->body, newest->body);

  g_autoptr (EpHttpReply) unknown
    = ep_http (&client, "GET", "/api/v1/questionnaire?version=brede-uitvraag%2F9", NULL, NULL);
  EP_ASSERT_STATUS (unknown, 404);
  ck_assert_str_eq (unknown->content_type, "application/problem+json");
}
END_TEST

Suite *
ep_http_intake_suite (void)
{
  Suite *suite = suite_create ("intake");
  TCase *tc = tcase_create ("intake");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_intake_over_http);
  tcase_add_test (tc, test_questionnaire);
  suite_add_tcase (suite, tc);
  return suite;
}
