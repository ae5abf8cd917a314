/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-intake.c: the Jolanda case over HTTP — her contact, the intake recorded as a draft from it,
 * read with its ETag, saved with If-Match (428 without, 412 when stale, and then nothing changed),
 * finalised, corrected with an addendum, found by BSN in a request body, consent granted; the
 * trail and a supervisor's verification of the chain; a refused document names its field.
 */
#include "http-suites.h"

#include <string.h>

#define GM "GM0164"

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
  g_autofree gchar *example = ep_http_intake_document (GM, FALSE);

  /* Her question comes in first, as a contact; the home visit's intake follows from it. */
  g_autofree gchar *contact = g_strdup_printf (
    "{\"vindplaats_id\": \"%s\", \"channel\": \"telefoon\", \"type\": \"hulpvraag\","
    " \"question\": \"Ik kom er niet meer uit met de rekeningen.\", \"date\": \"2026-11-18\"}",
    ep_http_vindplaats ());
  g_autoptr (EpHttpReply) asked = ep_http (&client, "POST", "/api/v1/contacts", contact, NULL);
  EP_ASSERT_STATUS (asked, 201);
  g_autofree gchar *document = with_member (example, "contact_id", ep_http_text (asked, "id"));

  g_autoptr (EpHttpReply) made = ep_http (&client, "POST", "/api/v1/intakes", document, NULL);
  EP_ASSERT_STATUS (made, 201);
  ck_assert_str_eq (made->etag, "\"1\"");
  ck_assert_str_eq (ep_http_text (made, "contact_id"), ep_http_text (asked, "id"));
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

  /* Consent for the debt-relief organisation's budget coaching, granted after the visit. */
  g_autofree gchar *grant = g_strdup_printf (
    "{\"household_id\": \"%s\", \"organisation\": \"Kredietbank Nederland\","
    " \"data\": [\"basisgegevens\", \"hulpvragen\"], \"purpose\": \"Budgetbeheer afstemmen\","
    " \"valid_until\": \"2027-11-30\", \"granted_on\": \"2026-11-20\"}",
    json_object_get_string_member (household, "id"));
  g_autoptr (EpHttpReply) granted = ep_http (&client, "POST", "/api/v1/consents", grant, NULL);
  EP_ASSERT_STATUS (granted, 201);

  /* Every step is in the audit trail, as this user. */
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbParams) who = ep_test_params (user, NULL);
  g_autofree gchar *trail = ep_test_query_value (
    owner,
    "SELECT string_agg (entity_type || ' ' || action, ',' ORDER BY id) FROM audit_event"
    " WHERE actor_id = $1 AND entity_type IN ('contact', 'intake', 'intake_addendum', 'consent')",
    who);
  ck_assert_str_eq (trail, "contact create,intake create,intake update,intake finalise,"
                           "intake addendum,consent grant");

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
  /* Its basic data, but not which intakes there were: the consent does not give intake. */
  ck_assert (json_object_has_member (json_node_get_object (by_consent->json), "members"));
  ck_assert (!json_object_has_member (json_node_get_object (by_consent->json), "intakes"));
  g_autoptr (EpHttpReply) by_worker = ep_http (&client, "GET", household_path, NULL, NULL);
  EP_ASSERT_STATUS (by_worker, 200);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (
                       json_node_get_object (by_worker->json), "intakes")),
                     1);
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

  /* The chain holds: a supervisor's verification of the municipality finds it intact. */
  guint requests = 0;
  g_autoptr (JsonNode) verified = ep_http_verify (&toezicht, GM, &requests);
  JsonObject *last = json_object_get_object_member (json_node_get_object (verified), "last");
  ck_assert_str_eq (json_object_get_string_member (last, "outcome"), "intact");
  ck_assert_str_eq (json_object_get_string_member (last, "finding"), "intact");

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

/* The werkbak's consents about to expire: those the user recorded, in effect, ending within 30
 * days, the soonest first; each one shown in the access log. */
START_TEST (test_werkbak_expiring_consents)
{
  g_autofree gchar *user = ep_http_new_user (GM, "casemanager", NULL);
  g_auto (EpHttpClient) client = { 0 };
  ep_http_sign_in (&client, GM, user, TRUE);
  g_autofree gchar *document = ep_http_intake_document (GM, TRUE);
  g_autoptr (EpHttpReply) made = ep_http (&client, "POST", "/api/v1/intakes", document, NULL);
  EP_ASSERT_STATUS (made, 201);
  const gchar *household = json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (made->json), "household"), "id");

  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  /* organisation, from (days from today), until (days), by, revoked */
  const struct
  {
    const gchar *organisation;
    gint from, until;
    gboolean mine, revoked;
  } consents[] = {
    { "Binnen tien dagen", -300, 10, TRUE, FALSE },    /* listed, second */
    { "Vandaag de laatste dag", -30, 0, TRUE, FALSE }, /* listed, first */
    { "Over veertig dagen", -30, 40, TRUE, FALSE },    { "Ingetrokken", -30, 5, TRUE, TRUE },
    { "Gisteren verlopen", -300, -1, TRUE, FALSE },    { "Van een collega", -30, 3, FALSE, FALSE },
    { "Begint morgen", 1, 20, TRUE, FALSE },
  };
  gchar *ids[G_N_ELEMENTS (consents)];
  for (gsize i = 0; i < G_N_ELEMENTS (consents); i++)
    {
      g_autofree gchar *from = g_strdup_printf ("%d", consents[i].from);
      g_autofree gchar *until = g_strdup_printf ("%d", consents[i].until);
      g_autoptr (EpDbParams) params
        = ep_test_params (household, consents[i].organisation, from, until,
                          consents[i].mine ? user : "iemand.anders", NULL);
      ids[i] = ep_test_query_value (
        owner,
        "INSERT INTO consent (gemeente, household_id, organisatie, gegevens, doel, verleend_op,"
        "                     geldig_tot, verleend_door)"
        " VALUES ('" GM "', $1, $2, ARRAY['basisgegevens'], 'Werkbaktest',"
        "         current_date + $3::int, current_date + $4::int, $5) RETURNING id",
        params);
      if (consents[i].revoked)
        {
          g_autoptr (EpDbParams) of = ep_test_params (ids[i], NULL);
          g_free (ep_test_query_value (owner,
                                       "UPDATE consent SET ingetrokken_op = now (),"
                                       " ingetrokken_door = 'test' WHERE id = $1 RETURNING id",
                                       of));
        }
    }

  g_autoptr (EpHttpReply) werkbak = ep_http (&client, "GET", "/api/v1/werkbak", NULL, NULL);
  EP_ASSERT_STATUS (werkbak, 200);
  JsonObject *expiring
    = json_object_get_object_member (json_node_get_object (werkbak->json), "expiring_consents");
  ck_assert_int_eq (json_object_get_int_member (expiring, "count"), 2);
  JsonArray *items = json_object_get_array_member (expiring, "items");
  ck_assert_uint_eq (json_array_get_length (items), 2);
  JsonObject *first = json_array_get_object_element (items, 0);
  JsonObject *second = json_array_get_object_element (items, 1);
  ck_assert_str_eq (json_object_get_string_member (first, "id"), ids[1]);
  ck_assert_str_eq (json_object_get_string_member (second, "id"), ids[0]);
  ck_assert_str_eq (json_object_get_string_member (first, "organisation"),
                    "Vandaag de laatste dag");
  ck_assert_str_eq (json_object_get_string_member (first, "status"), "geldig");
  ck_assert_str_eq (json_object_get_string_member (first, "household_id"), household);
  ck_assert (json_node_is_null (json_object_get_member (expiring, "next_cursor")));

  /* Each consent shown is in the access log, as seen by this user. */
  for (gsize i = 0; i < 2; i++)
    {
      g_autoptr (EpDbParams) of = ep_test_params (ids[i], user, NULL);
      ck_assert_int_eq (ep_test_query_int (owner,
                                           "SELECT count(*) FROM access_log WHERE entity_id = $1"
                                           " AND entity_type = 'consent' AND action = 'search'"
                                           " AND actor_id = $2",
                                           of),
                        1);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (consents); i++)
    g_free (ids[i]);
}
END_TEST

/* The steps of a household's audit trail (not the events' changes), each with its author's name.
 * A page: {items, next_cursor}. */
static gchar *
timeline_steps (JsonNode *page, gchar **next)
{
  JsonObject *o = json_node_get_object (page);
  JsonArray *items = json_object_get_array_member (o, "items");
  g_autoptr (GString) steps = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *step = json_array_get_object_element (items, i);
      /* Exactly these members: nothing of an event's change. */
      g_autoptr (GList) names = json_object_get_members (step);
      names = g_list_sort (names, (GCompareFunc) g_strcmp0);
      g_autoptr (GString) members = g_string_new (NULL);
      for (GList *n = names; n != NULL; n = n->next)
        g_string_append_printf (members, "%s%s", members->len ? "," : "", (gchar *) n->data);
      ck_assert_str_eq (members->str, "action,actor_id,actor_name,actor_role,entity_id,"
                                      "entity_type,id,occurred_at");
      g_string_append_printf (steps, "%s%" G_GINT64_FORMAT " %s %s %s %s %s %s %s",
                              steps->len ? "\n" : "", json_object_get_int_member (step, "id"),
                              json_object_get_string_member (step, "occurred_at"),
                              json_object_get_string_member (step, "action"),
                              json_object_get_string_member (step, "entity_type"),
                              json_object_get_string_member (step, "entity_id"),
                              json_object_get_string_member (step, "actor_id"),
                              json_object_get_string_member (step, "actor_role"),
                              json_object_get_string_member (step, "actor_name"));
    }
  JsonNode *cursor = json_object_get_member (o, "next_cursor");
  *next = json_node_is_null (cursor) ? NULL : g_strdup (json_node_get_string (cursor));
  return g_string_free (g_steal_pointer (&steps), FALSE);
}

/* GET /api/v1/households/{id}/timeline: the household's audit events as PostgreSQL has them,
 * newest first, with who (username, role, display name) and when, a page at a time; each read
 * in the access log; a limit out of range named. */
START_TEST (test_household_timeline)
{
  g_autofree gchar *user = ep_http_new_user (GM, "casemanager", NULL);
  g_autofree gchar *colleague = ep_http_new_user (GM, "regisseur", NULL);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbParams) names = ep_test_params (user, colleague, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "WITH named AS (UPDATE app_user SET display_name = CASE"
                                       " username WHEN $1 THEN 'Tijdlijn Casemanager'"
                                       " ELSE 'Tijdlijn Regisseur' END"
                                       " WHERE username IN ($1, $2) RETURNING 1)"
                                       " SELECT count(*) FROM named",
                                       names),
                    2);
  g_auto (EpHttpClient) client = { 0 };
  g_auto (EpHttpClient) other = { 0 };
  ep_http_sign_in (&client, GM, user, TRUE);
  ep_http_sign_in (&other, GM, colleague, TRUE);
  g_autofree gchar *document = ep_http_intake_document (GM, TRUE);
  g_autoptr (EpHttpReply) made = ep_http (&client, "POST", "/api/v1/intakes", document, NULL);
  EP_ASSERT_STATUS (made, 201);
  g_autofree gchar *finalise
    = g_strdup_printf ("/api/v1/intakes/%s/finalise", ep_http_text (made, "id"));
  const gchar *const v1[] = { "If-Match", "\"1\"", NULL };
  g_autoptr (EpHttpReply) final = ep_http (&other, "POST", finalise, NULL, v1);
  EP_ASSERT_STATUS (final, 200);
  const gchar *household = json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (made->json), "household"), "id");

  /* A contact recorded for the household: its own, in GET /api/v1/contacts?huishouden= (and
   * none of another household's), and a step of its timeline. */
  g_autofree gchar *contact = g_strdup_printf (
    "{\"household_id\": \"%s\", \"vindplaats_id\": \"%s\", \"channel\": \"telefoon\","
    " \"type\": \"hulpvraag\", \"question\": \"Belt terug over de post\","
    " \"date\": \"2026-12-01\"}",
    household, ep_http_vindplaats ());
  g_autoptr (EpHttpReply) recorded = ep_http (&client, "POST", "/api/v1/contacts", contact, NULL);
  EP_ASSERT_STATUS (recorded, 201);
  g_autofree gchar *contacts_path = g_strdup_printf ("/api/v1/contacts?huishouden=%s", household);
  g_autoptr (EpHttpReply) contacts = ep_http (&client, "GET", contacts_path, NULL, NULL);
  EP_ASSERT_STATUS (contacts, 200);
  JsonArray *listed = json_object_get_array_member (json_node_get_object (contacts->json), "items");
  ck_assert_uint_eq (json_array_get_length (listed), 1);
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (listed, 0), "id"),
                    ep_http_text (recorded, "id"));
  g_autoptr (EpHttpReply) not_uuid
    = ep_http (&client, "GET", "/api/v1/contacts?huishouden=geen-id", NULL, NULL);
  EP_ASSERT_STATUS (not_uuid, 422);

  /* Every event of the household, newest first, as PostgreSQL has them. */
  g_autoptr (EpDbParams) of = ep_test_params (household, NULL);
  g_autofree gchar *want = ep_test_query_value (
    owner,
    "SELECT string_agg (concat_ws (' ', e.id,"
    "         to_char (e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
    "         e.action, e.entity_type, e.entity_id, e.actor_id, e.actor_role, u.display_name),"
    "         E'\\n' ORDER BY e.id DESC)"
    "  FROM audit_event e JOIN app_user u ON u.gemeente = e.gemeente AND u.username = e.actor_id"
    " WHERE e.household_id = $1",
    of);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(DISTINCT actor_id) FROM audit_event"
                                       " WHERE household_id = $1",
                                       of),
                    2);
  ck_assert (strstr (want, " finalise intake ") != NULL);
  ck_assert (strstr (want, " create contact ") != NULL);
  ck_assert (strstr (want, " Tijdlijn Regisseur") != NULL);
  ck_assert (strstr (want, " Tijdlijn Casemanager") != NULL);
  gint64 n
    = ep_test_query_int (owner, "SELECT count(*) FROM audit_event WHERE household_id = $1", of);
  ck_assert_int_ge (n, 3);

  g_autofree gchar *path = g_strdup_printf ("/api/v1/households/%s/timeline", household);
  g_autoptr (EpHttpReply) whole = ep_http (&client, "GET", path, NULL, NULL);
  EP_ASSERT_STATUS (whole, 200);
  g_autofree gchar *none = NULL;
  g_autofree gchar *steps = timeline_steps (whole->json, &none);
  ck_assert_str_eq (steps, want);
  ck_assert (none == NULL);

  /* A page at a time: two, then the rest after the cursor, together the whole. */
  g_autofree gchar *first_path = g_strdup_printf ("%s?limit=2", path);
  g_autoptr (EpHttpReply) first = ep_http (&client, "GET", first_path, NULL, NULL);
  EP_ASSERT_STATUS (first, 200);
  g_autofree gchar *cursor = NULL;
  g_autofree gchar *first_steps = timeline_steps (first->json, &cursor);
  ck_assert (cursor != NULL);
  g_autofree gchar *rest_path = g_strdup_printf ("%s?limit=200&cursor=%s", path, cursor);
  g_autoptr (EpHttpReply) rest = ep_http (&client, "GET", rest_path, NULL, NULL);
  EP_ASSERT_STATUS (rest, 200);
  g_autofree gchar *end = NULL;
  g_autofree gchar *rest_steps = timeline_steps (rest->json, &end);
  ck_assert (end == NULL);
  g_autofree gchar *joined = g_strconcat (first_steps, "\n", rest_steps, NULL);
  ck_assert_str_eq (joined, want);

  /* Each read in the access log: the household's timeline, as this user. */
  g_autoptr (EpDbParams) read = ep_test_params (user, household, NULL);
  ck_assert_int_eq (
    ep_test_query_int (owner,
                       "SELECT count(*) FROM access_log WHERE actor_id = $1"
                       "   AND action = 'read' AND entity_type = 'household_timeline'"
                       "   AND entity_id = $2 AND household_id = $2::uuid"
                       "   AND outcome = 'success' AND NOT emergency",
                       read),
    3);

  /* A limit out of range is named; a cursor not handed out is a bad request. */
  g_autofree gchar *too_many = g_strdup_printf ("%s?limit=201", path);
  g_autoptr (EpHttpReply) refused = ep_http (&client, "GET", too_many, NULL, NULL);
  EP_ASSERT_STATUS (refused, 422);
  JsonArray *errors = json_object_get_array_member (json_node_get_object (refused->json), "errors");
  ck_assert_str_eq (
    json_object_get_string_member (json_array_get_object_element (errors, 0), "path"), "limit");
  g_autofree gchar *bad_cursor = g_strdup_printf ("%s?cursor=gisteren", path);
  g_autoptr (EpHttpReply) bad = ep_http (&client, "GET", bad_cursor, NULL, NULL);
  EP_ASSERT_STATUS (bad, 400);
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
  tcase_add_test (tc, test_werkbak_expiring_consents);
  tcase_add_test (tc, test_household_timeline);
  suite_add_tcase (suite, tc);
  return suite;
}
