/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-partner.c: a partner's own view over HTTP (GET /api/v1/partner/households): the households
 * whose consent in effect names their organisation, each exactly as the consent allows; another
 * organisation's, a revoked, an expired and a future consent's not; a page at a time; a shield
 * that does not name the partner takes a household out; every household shown in the access log.
 */
#include "http-suites.h"

#include <string.h>

#define GM "GM0164"

/* A household of its own, recorded by @worker through an intake: its id and its person's. */
static void
make_household (const EpHttpClient *worker, gchar **household, gchar **person)
{
  g_autofree gchar *document = ep_http_intake_document (GM, TRUE);
  g_autoptr (EpHttpReply) made = ep_http (worker, "POST", "/api/v1/intakes", document, NULL);
  EP_ASSERT_STATUS (made, 201);
  JsonObject *intake = json_node_get_object (made->json);
  *household = g_strdup (
    json_object_get_string_member (json_object_get_object_member (intake, "household"), "id"));
  *person = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (intake, "persons"), 0), "id"));
}

/* Grants @organisation a consent of @household for @data (a JSON array) from @from; returns its
 * id (transfer full). */
static gchar *
grant (const EpHttpClient *worker, const gchar *household, const gchar *organisation,
       const gchar *data, const gchar *from)
{
  g_autofree gchar *body = g_strdup_printf (
    "{\"household_id\": \"%s\", \"organisation\": \"%s\", \"data\": %s,"
    " \"purpose\": \"Schulden regelen\", \"valid_until\": \"2027-12-31\", \"granted_on\": \"%s\"}",
    household, organisation, data, from);
  g_autoptr (EpHttpReply) granted = ep_http (worker, "POST", "/api/v1/consents", body, NULL);
  EP_ASSERT_STATUS (granted, 201);
  return g_strdup (ep_http_text (granted, "id"));
}

/* The ids of the households of @reply's page, comma-separated (transfer full). */
static gchar *
listed (const EpHttpReply *reply)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (reply->json), "items");
  g_autoptr (GString) ids = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (
      ids, "%s%s", i ? "," : "",
      json_object_get_string_member (json_array_get_object_element (items, i), "id"));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* Item @i of @reply's page as JSON text (transfer full). */
static gchar *
item (const EpHttpReply *reply, guint i)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (reply->json), "items");
  return json_to_string (json_array_get_element (items, i), FALSE);
}

START_TEST (test_partner_households)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *organisation = g_strdup_printf ("Schuldhulp %s", marker);
  g_autofree gchar *elsewhere = g_strdup_printf ("Verslavingszorg %s", marker);
  g_autofree gchar *worker = ep_http_new_user (GM, "casemanager", NULL);
  g_autofree gchar *boss = ep_http_new_user (GM, "supervisor", NULL);
  g_autofree gchar *partner = ep_http_new_user (GM, "partner", organisation);
  g_autofree gchar *other = ep_http_new_user (GM, "partner", elsewhere);
  g_auto (EpHttpClient) by_worker = { 0 };
  g_auto (EpHttpClient) by_boss = { 0 };
  g_auto (EpHttpClient) by_partner = { 0 };
  g_auto (EpHttpClient) by_other = { 0 };
  ep_http_sign_in (&by_worker, GM, worker, TRUE);
  ep_http_sign_in (&by_boss, GM, boss, TRUE);
  ep_http_sign_in (&by_partner, GM, partner, TRUE);
  ep_http_sign_in (&by_other, GM, other, TRUE);

  /* Nothing yet: an empty page, and nothing in the access log. */
  g_autoptr (EpHttpReply) none
    = ep_http (&by_partner, "GET", "/api/v1/partner/households", NULL, NULL);
  EP_ASSERT_STATUS (none, 200);
  ck_assert_str_eq (none->body, "{\"items\":[],\"next_cursor\":null}");

  /* A: basisgegevens and hulpvragen; B: hulpvragen only; C: revoked; D: expired; E: another
   * organisation's; F: from tomorrow. */
  gchar *households[6], *persons[6];
  for (gsize i = 0; i < 6; i++)
    make_household (&by_worker, &households[i], &persons[i]);
  const gchar *a = households[0], *b = households[1], *c = households[2], *d = households[3],
              *e = households[4], *f = households[5];
  g_autofree gchar *today = ep_test_query_value (owner, "SELECT current_date::text", NULL);
  g_autofree gchar *tomorrow = ep_test_query_value (owner, "SELECT (current_date + 1)::text", NULL);
  g_autofree gchar *consent_a
    = grant (&by_worker, a, organisation, "[\"basisgegevens\", \"hulpvragen\"]", "2026-11-20");
  g_autofree gchar *consent_b = grant (&by_worker, b, organisation, "[\"hulpvragen\"]", today);
  g_autofree gchar *consent_c = grant (&by_worker, c, organisation, "[\"basisgegevens\"]", today);
  g_autofree gchar *revoke = g_strdup_printf ("/api/v1/consents/%s/revoke", consent_c);
  g_autoptr (EpHttpReply) revoked = ep_http (&by_worker, "POST", revoke, NULL, NULL);
  EP_ASSERT_STATUS (revoked, 204);
  g_autoptr (EpDbParams) expired = ep_test_params (d, organisation, NULL);
  g_autofree gchar *consent_d = ep_test_query_value (
    owner,
    "INSERT INTO consent (gemeente, household_id, organisatie, gegevens, doel, geldig_tot,"
    "                     verleend_op, verleend_door)"
    " VALUES ('" GM "', $1, $2, ARRAY['basisgegevens'], 'Eerder traject', current_date - 1,"
    "         current_date - 400, 'test') RETURNING id",
    expired);
  g_autofree gchar *consent_e = grant (&by_worker, e, elsewhere, "[\"basisgegevens\"]", today);
  g_autofree gchar *consent_f
    = grant (&by_worker, f, organisation, "[\"basisgegevens\"]", tomorrow);

  /* The partner sees A with its address and current member's name and role, and B with its id
   * and consent only; exactly so. */
  g_autoptr (EpHttpReply) page
    = ep_http (&by_partner, "GET", "/api/v1/partner/households", NULL, NULL);
  EP_ASSERT_STATUS (page, 200);
  g_autofree gchar *both = g_strdup_printf ("%s,%s", a, b);
  g_autofree gchar *shown = listed (page);
  ck_assert_str_eq (shown, both);
  ck_assert (
    json_node_is_null (json_object_get_member (json_node_get_object (page->json), "next_cursor")));
  g_autoptr (EpDbParams) of_a = ep_test_params (a, NULL);
  g_autofree gchar *postcode_a
    = ep_test_query_value (owner, "SELECT postcode FROM household WHERE id = $1", of_a);
  g_autofree gchar *want_a = g_strdup_printf (
    "{\"id\":\"%s\",\"postcode\":\"%s\",\"huisnummer\":12,\"huisnummer_toevoeging\":\"A\","
    "\"wijk\":\"Hengelo-Centrum\",\"members\":[{\"person_id\":\"%s\",\"given_names\":\"Jolanda\","
    "\"surname\":\"Voorbeeld\",\"role\":\"ouder_verzorger\"}],\"consents\":[{\"household_id\":"
    "\"%s\",\"id\":\"%s\",\"organisation\":\"%s\",\"data\":[\"basisgegevens\",\"hulpvragen\"],"
    "\"purpose\":\"Schulden regelen\",\"valid_until\":\"2027-12-31\",\"granted_on\":"
    "\"2026-11-20\"}]}",
    a, postcode_a, persons[0], a, consent_a, organisation);
  g_autofree gchar *got_a = item (page, 0);
  ck_assert_str_eq (got_a, want_a);
  g_autofree gchar *want_b = g_strdup_printf (
    "{\"id\":\"%s\",\"consents\":[{\"household_id\":\"%s\",\"id\":\"%s\",\"organisation\":\"%s\","
    "\"data\":[\"hulpvragen\"],\"purpose\":\"Schulden regelen\",\"valid_until\":\"2027-12-31\","
    "\"granted_on\":\"%s\"}]}",
    b, b, consent_b, organisation, today);
  g_autofree gchar *got_b = item (page, 1);
  ck_assert_str_eq (got_b, want_b);

  /* Each household shown is one row of the access log, as this partner; none of C, D, E, F. */
  g_autoptr (EpDbParams) who = ep_test_params (partner, NULL);
  g_autofree gchar *log = ep_test_query_value (
    owner,
    "SELECT string_agg (concat_ws (' ', action, entity_type, entity_id, household_id, purpose,"
    "                              outcome), ',' ORDER BY id)"
    "  FROM access_log WHERE actor_id = $1",
    who);
  g_autofree gchar *want_log
    = g_strdup_printf ("search household %s %s toestemming partner success,"
                       "search household %s %s toestemming partner success",
                       a, a, b, b);
  ck_assert_str_eq (log, want_log);

  /* A page at a time: one, then the next after its cursor. */
  g_autoptr (EpHttpReply) first
    = ep_http (&by_partner, "GET", "/api/v1/partner/households?limit=1", NULL, NULL);
  EP_ASSERT_STATUS (first, 200);
  g_autofree gchar *first_ids = listed (first);
  ck_assert_str_eq (first_ids, a);
  ck_assert_str_eq (ep_http_text (first, "next_cursor"), a);
  g_autofree gchar *after = g_strdup_printf ("/api/v1/partner/households?limit=1&cursor=%s", a);
  g_autoptr (EpHttpReply) second = ep_http (&by_partner, "GET", after, NULL, NULL);
  EP_ASSERT_STATUS (second, 200);
  g_autofree gchar *second_ids = listed (second);
  ck_assert_str_eq (second_ids, b);
  g_autoptr (EpHttpReply) bad
    = ep_http (&by_partner, "GET", "/api/v1/partner/households?cursor=niets", NULL, NULL);
  EP_ASSERT_STATUS (bad, 422);

  /* The other organisation sees E only. */
  g_autoptr (EpHttpReply) theirs
    = ep_http (&by_other, "GET", "/api/v1/partner/households", NULL, NULL);
  EP_ASSERT_STATUS (theirs, 200);
  g_autofree gchar *their_ids = listed (theirs);
  ck_assert_str_eq (their_ids, e);

  /* Revoking A's consent takes it out at once; shielding B (naming the worker only) too. */
  g_autofree gchar *revoke_a = g_strdup_printf ("/api/v1/consents/%s/revoke", consent_a);
  g_autoptr (EpHttpReply) revoked_a = ep_http (&by_worker, "POST", revoke_a, NULL, NULL);
  EP_ASSERT_STATUS (revoked_a, 204);
  g_autoptr (EpHttpReply) without_a
    = ep_http (&by_partner, "GET", "/api/v1/partner/households", NULL, NULL);
  g_autofree gchar *without_a_ids = listed (without_a);
  ck_assert_str_eq (without_a_ids, b);
  g_autofree gchar *shield = g_strdup_printf ("/api/v1/households/%s/shield", b);
  g_autofree gchar *shield_body
    = g_strdup_printf ("{\"reason\": \"Opvangadres: vertrouwelijk\", \"users\": [\"%s\"]}", worker);
  g_autoptr (EpHttpReply) shielded = ep_http (&by_boss, "POST", shield, shield_body, NULL);
  EP_ASSERT_STATUS (shielded, 201);
  g_autoptr (EpHttpReply) empty
    = ep_http (&by_partner, "GET", "/api/v1/partner/households", NULL, NULL);
  EP_ASSERT_STATUS (empty, 200);
  ck_assert_str_eq (empty->body, "{\"items\":[],\"next_cursor\":null}");
  /* ... and a shield that names the partner lets them see it again, marked as shielded. */
  g_autofree gchar *lift = g_strdup_printf ("/api/v1/households/%s/shield/lift", b);
  g_autoptr (EpHttpReply) lifted
    = ep_http (&by_boss, "POST", lift, "{\"reason\": \"Gezin verhuisd uit de opvang\"}", NULL);
  EP_ASSERT_STATUS (lifted, 204);
  g_autofree gchar *naming = g_strdup_printf (
    "{\"reason\": \"Opvangadres: vertrouwelijk\", \"users\": [\"%s\", \"%s\"]}", worker, partner);
  g_autoptr (EpHttpReply) named = ep_http (&by_boss, "POST", shield, naming, NULL);
  EP_ASSERT_STATUS (named, 201);
  g_autoptr (EpHttpReply) marked
    = ep_http (&by_partner, "GET", "/api/v1/partner/households", NULL, NULL);
  EP_ASSERT_STATUS (marked, 200);
  g_autofree gchar *marked_b = item (marked, 0);
  g_autofree gchar *want_marked
    = g_strdup_printf ("{\"id\":\"%s\",\"afgeschermd\":true,%s", b, want_b + strlen (b) + 9);
  ck_assert_str_eq (marked_b, want_marked);

  ck_assert_str_ne (consent_d, consent_f);
  for (gsize i = 0; i < 6; i++)
    {
      g_free (households[i]);
      g_free (persons[i]);
    }
}
END_TEST

Suite *
ep_http_partner_suite (void)
{
  Suite *suite = suite_create ("partner");
  TCase *tc = tcase_create ("partner");
  tcase_set_timeout (tc, 120); /* a sign-in costs a third of a second by design */
  tcase_add_test (tc, test_partner_households);
  suite_add_tcase (suite, tc);
  return suite;
}
