/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-shield.c: a shielded household (afgeschermd dossier) and break-the-glass over HTTP — who
 * is refused what and how, each refusal in the access log; an emergency access with its reason,
 * the reads it allows marked as emergency, refused again once its window is over; the review by
 * another supervisor; lifting the shield. Also a household's consents as a list with their
 * status, and ending a membership with If-Match.
 */
#include "http-suites.h"

#include <string.h>

#define GM "GM0164"
#define REASON "Melding Veilig Thuis: acuut, vannacht een plan nodig"
/* The purpose every read of a household or intake is logged with (intake/ep-intake-store.h). */
#define EP_INTAKE_PURPOSE "brede uitvraag: ondersteuning vaststellen (Wmo, Jeugdwet, Pw, Wgs, Wi)"

/* A signed-in user of GM (bearer). */
typedef struct
{
  gchar *name;
  EpHttpClient client;
} User;

static void
user_clear (User *user)
{
  g_clear_pointer (&user->name, g_free);
  ep_http_client_clear (&user->client);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (User, user_clear)

static void
user_init (User *user, const gchar *role, const gchar *organisation)
{
  user->name = ep_http_new_user (GM, role, organisation);
  ep_http_sign_in (&user->client, GM, user->name, TRUE);
}

/* A household recorded through a fresh intake by @by: its id, the intake's and the consent's. */
typedef struct
{
  gchar *id, *intake, *consent, *postcode;
} Household;

static void
household_clear (Household *h)
{
  g_clear_pointer (&h->id, g_free);
  g_clear_pointer (&h->intake, g_free);
  g_clear_pointer (&h->consent, g_free);
  g_clear_pointer (&h->postcode, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Household, household_clear)

static void
record_household (const User *by, Household *h)
{
  g_autofree gchar *document = ep_http_intake_document (GM, TRUE);
  g_autoptr (EpHttpReply) made = ep_http (&by->client, "POST", "/api/v1/intakes", document, NULL);
  EP_ASSERT_STATUS (made, 201);
  JsonObject *o = json_node_get_object (made->json);
  JsonObject *household = json_object_get_object_member (o, "household");
  h->id = g_strdup (json_object_get_string_member (household, "id"));
  h->postcode = g_strdup (json_object_get_string_member (household, "postcode"));
  h->intake = g_strdup (json_object_get_string_member (o, "id"));
  JsonArray *consents = json_object_get_array_member (o, "consents");
  h->consent
    = g_strdup (json_object_get_string_member (json_array_get_object_element (consents, 0), "id"));
}

/* @sql's one value, as the owner, with the NULL-terminated text parameters. */
static gchar *value (const gchar *sql, ...) G_GNUC_NULL_TERMINATED;
static gchar *
value (const gchar *sql, ...)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  va_list ap;
  va_start (ap, sql);
  for (const gchar *p = va_arg (ap, const gchar *); p != NULL; p = va_arg (ap, const gchar *))
    ep_db_params_add_text (params, p);
  va_end (ap);
  return ep_test_query_value (owner, sql, params);
}

/* The newest access-log row of @actor: "action entity_type entity_id purpose outcome emergency
 * [reason]". */
static gchar *
last_access (const gchar *actor)
{
  return value ("SELECT concat_ws (' ', action, entity_type, entity_id, purpose, outcome,"
                "                  emergency::text, emergency_reason)"
                "  FROM access_log WHERE actor_id = $1 ORDER BY id DESC LIMIT 1",
                actor, NULL);
}

static gint64
denied (const gchar *actor)
{
  g_autofree gchar *n = value (
    "SELECT count(*) FROM access_log WHERE actor_id = $1 AND outcome = 'denied'", actor, NULL);
  return g_ascii_strtoll (n, NULL, 10);
}

/* Asserts @reply is a problem of @status and @type. */
static void
assert_problem (const EpHttpReply *reply, guint status, const gchar *type)
{
  EP_ASSERT_STATUS (reply, status);
  ck_assert_str_eq (ep_http_text (reply, "type"), type);
}

/* The path of the first error of a 422. */
static const gchar *
error_path (const EpHttpReply *reply)
{
  JsonArray *errors = json_object_get_array_member (json_node_get_object (reply->json), "errors");
  return json_object_get_string_member (json_array_get_object_element (errors, 0), "path");
}

static gchar *
shield_body (const gchar *reason, const gchar *users)
{
  return g_strdup_printf ("{\"reason\": \"%s\", \"users\": %s}", reason, users);
}

START_TEST (test_shield_and_break_the_glass)
{
  g_auto (User) named = { 0 }, other = { 0 }, regisseur = { 0 }, supervisor = { 0 },
                reviewer = { 0 }, partner = { 0 };
  user_init (&named, "casemanager", NULL);
  user_init (&other, "casemanager", NULL);
  user_init (&regisseur, "regisseur", NULL);
  user_init (&supervisor, "supervisor", NULL);
  user_init (&reviewer, "supervisor", NULL);
  user_init (&partner, "partner", "Stichting Schuldhulp Twente"); /* the example's consent */
  g_auto (Household) h = { 0 };
  record_household (&named, &h);
  g_autofree gchar *contact_body = g_strdup_printf (
    "{\"vindplaats_id\": \"%s\", \"household_id\": \"%s\", \"channel\": \"telefoon\","
    " \"type\": \"hulpvraag\", \"question\": \"Hulp bij de post\", \"date\": \"2026-11-30\"}",
    ep_http_vindplaats (), h.id);
  g_autoptr (EpHttpReply) contact
    = ep_http (&named.client, "POST", "/api/v1/contacts", contact_body, NULL);
  EP_ASSERT_STATUS (contact, 201);
  const gchar *contact_id = ep_http_text (contact, "id");
  g_autofree gchar *household = g_strconcat ("/api/v1/households/", h.id, NULL);
  g_autofree gchar *consents = g_strconcat (household, "/consents", NULL);
  g_autofree gchar *intake = g_strconcat ("/api/v1/intakes/", h.intake, NULL);
  g_autofree gchar *shield = g_strconcat (household, "/shield", NULL);
  g_autofree gchar *glass = g_strconcat (household, "/emergency-access", NULL);

  /* Shielding: only by a supervisor, with a reason and at least one user who reads case data. */
  g_autofree gchar *users = g_strdup_printf ("[\"%s\"]", named.name);
  g_autofree gchar *ok_body = shield_body ("Opvangadres: vertrouwelijk", users);
  g_autoptr (EpHttpReply) by_worker = ep_http (&named.client, "POST", shield, ok_body, NULL);
  assert_problem (by_worker, 403, "/problems/forbidden");
  g_autofree gchar *short_reason = shield_body ("opvang", users);
  g_autoptr (EpHttpReply) too_short
    = ep_http (&supervisor.client, "POST", shield, short_reason, NULL);
  assert_problem (too_short, 422, "/problems/invalid");
  ck_assert_str_eq (error_path (too_short), "reason");
  g_autofree gchar *nobody = shield_body ("Opvangadres: vertrouwelijk", "[]");
  g_autoptr (EpHttpReply) no_users = ep_http (&supervisor.client, "POST", shield, nobody, NULL);
  assert_problem (no_users, 422, "/problems/invalid");
  ck_assert_str_eq (error_path (no_users), "users");
  g_autofree gchar *stranger_users = g_strdup_printf ("[\"%s\", \"niemand.hier\"]", named.name);
  g_autofree gchar *stranger = shield_body ("Opvangadres: vertrouwelijk", stranger_users);
  g_autoptr (EpHttpReply) unknown = ep_http (&supervisor.client, "POST", shield, stranger, NULL);
  assert_problem (unknown, 422, "/problems/invalid");
  ck_assert_str_eq (error_path (unknown), "users[1]");
  g_autofree gchar *none
    = value ("SELECT count(*) FROM household_shield WHERE household_id = $1", h.id, NULL);
  ck_assert_str_eq (none, "0");

  g_autoptr (EpHttpReply) shielded = ep_http (&supervisor.client, "POST", shield, ok_body, NULL);
  EP_ASSERT_STATUS (shielded, 201);
  const gchar *shield_id = ep_http_text (shielded, "id");
  g_autofree gchar *row
    = value ("SELECT concat_ws ('|', s.reason, s.shielded_by, string_agg (u.username, ','))"
             "  FROM household_shield s JOIN household_shield_user u ON u.shield_id = s.id"
             " WHERE s.id = $1 AND s.household_id = $2 AND s.lifted_at IS NULL"
             " GROUP BY s.reason, s.shielded_by",
             shield_id, h.id, NULL);
  g_autofree gchar *want_row
    = g_strdup_printf ("Opvangadres: vertrouwelijk|%s|%s", supervisor.name, named.name);
  ck_assert_str_eq (row, want_row);
  g_autofree gchar *event = value (
    "SELECT concat_ws (' ', actor_id, action, entity_id, change->>'reason', change->'users')"
    "  FROM audit_event WHERE household_id = $1 AND entity_type = 'household_shield'",
    h.id, NULL);
  g_autofree gchar *want_event = g_strdup_printf (
    "%s shield %s Opvangadres: vertrouwelijk [\"%s\"]", supervisor.name, shield_id, named.name);
  ck_assert_str_eq (event, want_event);
  g_autoptr (EpHttpReply) twice = ep_http (&supervisor.client, "POST", shield, ok_body, NULL);
  assert_problem (twice, 422, "/problems/invalid");

  /* The user named keeps access, and sees that it is shielded. */
  g_autoptr (EpHttpReply) as_named = ep_http (&named.client, "GET", household, NULL, NULL);
  EP_ASSERT_STATUS (as_named, 200);
  ck_assert (json_object_get_boolean_member (json_node_get_object (as_named->json), "afgeschermd"));
  ck_assert_str_eq (ep_http_text (as_named, "postcode"), h.postcode);

  /* Another case worker: every read refused with 403 and a denied row naming what was asked. */
  const struct
  {
    const gchar *path, *entity, *id;
  } reads[] = { { household, "household", h.id },
                { consents, "household_consents", h.id },
                { intake, "intake", h.intake } };
  for (gsize i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      gint64 before = denied (other.name);
      g_autoptr (EpHttpReply) refused = ep_http (&other.client, "GET", reads[i].path, NULL, NULL);
      assert_problem (refused, 403, "/problems/forbidden");
      ck_assert_int_eq (denied (other.name), before + 1);
      g_autofree gchar *want = g_strdup_printf ("read %s %s %s denied false", reads[i].entity,
                                                reads[i].id, EP_INTAKE_PURPOSE);
      g_autofree gchar *got = last_access (other.name);
      ck_assert_str_eq (got, want);
    }
  g_autofree gchar *draft_body
    = g_strdup_printf ("{\"vindplaats_id\": \"%s\"}", ep_http_vindplaats ());
  g_autofree gchar *draft = g_strconcat (household, "/draft", NULL);
  g_autoptr (EpHttpReply) no_draft = ep_http (&other.client, "POST", draft, draft_body, NULL);
  assert_problem (no_draft, 403, "/problems/forbidden");

  /* A search shows it to them only as withheld; the lists leave out its contact. */
  g_autofree gchar *search = g_strdup_printf ("{\"postcode\": \"%s\"}", h.postcode);
  g_autoptr (EpHttpReply) found
    = ep_http (&other.client, "POST", "/api/v1/households/search", search, NULL);
  EP_ASSERT_STATUS (found, 200);
  g_autofree gchar *want_found = g_strdup_printf (
    "{\"items\":[{\"id\":\"%s\",\"afgeschermd\":true}],\"next_cursor\":null}", h.id);
  ck_assert_str_eq (found->body, want_found);
  g_autofree gchar *contacts
    = g_strdup_printf ("/api/v1/contacts?vindplaats=%s", ep_http_vindplaats ());
  g_autoptr (EpHttpReply) their_list = ep_http (&other.client, "GET", contacts, NULL, NULL);
  EP_ASSERT_STATUS (their_list, 200);
  ck_assert_str_eq (their_list->body, "{\"items\":[],\"next_cursor\":null}");
  g_autoptr (EpHttpReply) named_list = ep_http (&named.client, "GET", contacts, NULL, NULL);
  EP_ASSERT_STATUS (named_list, 200);
  ck_assert (strstr (named_list->body, contact_id) != NULL);

  /* Nor may they change it: refused by the database, logged by the server, nothing changed. */
  const gchar *const v1[] = { "If-Match", "\"1\"", NULL };
  g_autoptr (EpHttpReply) read_intake = ep_http (&named.client, "GET", intake, NULL, NULL);
  EP_ASSERT_STATUS (read_intake, 200);
  gint64 before_put = denied (other.name);
  g_autoptr (EpHttpReply) saved = ep_http (&other.client, "PUT", intake, read_intake->body, v1);
  assert_problem (saved, 403, "/problems/forbidden");
  ck_assert_int_eq (denied (other.name), before_put + 1);
  g_autofree gchar *refusal = last_access (other.name);
  g_autofree gchar *want_refusal
    = g_strdup_printf ("read api_route %s case_write denied false", intake);
  ck_assert_str_eq (refusal, want_refusal);
  g_autofree gchar *version = value ("SELECT version FROM intake WHERE id = $1", h.intake, NULL);
  ck_assert_str_eq (version, "1");

  /* A partner whose organisation has a valid consent: the shield refuses them too, as 404. */
  gint64 before_partner = denied (partner.name);
  g_autoptr (EpHttpReply) as_partner = ep_http (&partner.client, "GET", household, NULL, NULL);
  assert_problem (as_partner, 404, "/problems/not-found");
  ck_assert_int_eq (denied (partner.name), before_partner + 1);

  /* A regisseur learns that emergency access is possible, and breaks the glass with a reason. */
  g_autoptr (EpHttpReply) as_regisseur = ep_http (&regisseur.client, "GET", household, NULL, NULL);
  assert_problem (as_regisseur, 403, "/problems/shielded");
  g_autoptr (EpHttpReply) no_reason
    = ep_http (&regisseur.client, "POST", glass, "{\"reason\": \"even kijken\"}", NULL);
  assert_problem (no_reason, 422, "/problems/invalid");
  ck_assert_str_eq (error_path (no_reason), "reason");
  g_autoptr (EpHttpReply) opened
    = ep_http (&regisseur.client, "POST", glass, "{\"reason\": \"" REASON "\"}", NULL);
  EP_ASSERT_STATUS (opened, 201);
  g_autofree gchar *access_id = g_strdup (ep_http_text (opened, "id"));
  ck_assert_str_eq (ep_http_text (opened, "actor_id"), regisseur.name);
  ck_assert_str_eq (ep_http_text (opened, "actor_role"), "regisseur");
  ck_assert_str_eq (ep_http_text (opened, "household_id"), h.id);
  ck_assert_str_eq (ep_http_text (opened, "reason"), REASON);
  ck_assert (!json_object_get_boolean_member (json_node_get_object (opened->json), "reviewed"));
  g_autofree gchar *window
    = value ("SELECT expires_at - opened_at FROM emergency_access WHERE id = $1", access_id, NULL);
  ck_assert_str_eq (window, "08:00:00");
  g_autofree gchar *glass_row = last_access (regisseur.name);
  g_autofree gchar *want_glass
    = g_strdup_printf ("read household %s noodtoegang success true %s", h.id, REASON);
  ck_assert_str_eq (glass_row, want_glass);
  g_autofree gchar *open_event
    = value ("SELECT concat_ws (' ', actor_id, action, household_id, change->>'reason')"
             "  FROM audit_event WHERE entity_type = 'emergency_access' AND entity_id = $1",
             access_id, NULL);
  g_autofree gchar *want_open = g_strdup_printf ("%s open %s %s", regisseur.name, h.id, REASON);
  ck_assert_str_eq (open_event, want_open);

  /* In the window, each read of the household succeeds and is logged as emergency access. */
  for (gsize i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      g_autoptr (EpHttpReply) read = ep_http (&regisseur.client, "GET", reads[i].path, NULL, NULL);
      EP_ASSERT_STATUS (read, 200);
      g_autofree gchar *want = g_strdup_printf ("read %s %s %s success true %s", reads[i].entity,
                                                reads[i].id, EP_INTAKE_PURPOSE, REASON);
      g_autofree gchar *got = last_access (regisseur.name);
      ck_assert_str_eq (got, want);
    }

  /* After the window it is refused again. */
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbParams) which = ep_test_params (access_id, NULL);
  g_autofree gchar *expired = ep_test_query_value (
    owner,
    "UPDATE emergency_access SET opened_at = now () - interval '9 hours',"
    "       expires_at = now () - interval '1 hour' WHERE id = $1 RETURNING id",
    which);
  g_autoptr (EpHttpReply) after = ep_http (&regisseur.client, "GET", household, NULL, NULL);
  assert_problem (after, 403, "/problems/shielded");

  /* Supervisors list it for review; a regisseur may not review; another supervisor does, once. */
  g_autoptr (EpHttpReply) listed
    = ep_http (&reviewer.client, "GET", "/api/v1/audit/emergency-accesses?reviewed=false&limit=200",
               NULL, NULL);
  EP_ASSERT_STATUS (listed, 200);
  JsonArray *items = json_object_get_array_member (json_node_get_object (listed->json), "items");
  JsonObject *item = NULL;
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "id"),
                   access_id)
        == 0)
      item = json_array_get_object_element (items, i);
  ck_assert_ptr_nonnull (item);
  ck_assert_str_eq (json_object_get_string_member (item, "actor_id"), regisseur.name);
  ck_assert_str_eq (json_object_get_string_member (item, "actor_role"), "regisseur");
  ck_assert_str_eq (json_object_get_string_member (item, "household_id"), h.id);
  ck_assert_str_eq (json_object_get_string_member (item, "reason"), REASON);
  ck_assert (!json_object_get_boolean_member (item, "reviewed"));
  g_autofree gchar *review
    = g_strdup_printf ("/api/v1/audit/emergency-accesses/%s/review", access_id);
  g_autoptr (EpHttpReply) self_review = ep_http (&regisseur.client, "POST", review, "{}", NULL);
  assert_problem (self_review, 403, "/problems/forbidden");
  g_autoptr (EpHttpReply) reviewed
    = ep_http (&reviewer.client, "POST", review, "{\"note\": \"Terecht: acute melding\"}", NULL);
  EP_ASSERT_STATUS (reviewed, 200);
  ck_assert (json_object_get_boolean_member (json_node_get_object (reviewed->json), "reviewed"));
  ck_assert_str_eq (ep_http_text (reviewed, "reviewed_by"), reviewer.name);
  ck_assert_str_eq (ep_http_text (reviewed, "review_note"), "Terecht: acute melding");
  g_autoptr (EpHttpReply) again = ep_http (&reviewer.client, "POST", review, "{}", NULL);
  assert_problem (again, 422, "/problems/invalid");
  g_autoptr (EpHttpReply) open_ones
    = ep_http (&reviewer.client, "GET", "/api/v1/audit/emergency-accesses?reviewed=false&limit=200",
               NULL, NULL);
  EP_ASSERT_STATUS (open_ones, 200);
  ck_assert (strstr (open_ones->body, access_id) == NULL);
  g_autofree gchar *review_event
    = value ("SELECT concat_ws (' ', actor_id, action, change->>'note') FROM audit_event"
             " WHERE entity_type = 'emergency_access' AND entity_id = $1 AND action = 'review'",
             access_id, NULL);
  g_autofree gchar *want_review
    = g_strdup_printf ("%s review Terecht: acute melding", reviewer.name);
  ck_assert_str_eq (review_event, want_review);

  /* Four eyes: a supervisor who broke the glass does not review it themselves. */
  g_autoptr (EpHttpReply) own
    = ep_http (&supervisor.client, "POST", glass, "{\"reason\": \"" REASON "\"}", NULL);
  EP_ASSERT_STATUS (own, 201);
  g_autofree gchar *own_review
    = g_strdup_printf ("/api/v1/audit/emergency-accesses/%s/review", ep_http_text (own, "id"));
  g_autoptr (EpHttpReply) by_self = ep_http (&supervisor.client, "POST", own_review, "{}", NULL);
  assert_problem (by_self, 422, "/problems/invalid");
  g_autoptr (EpHttpReply) by_other = ep_http (&reviewer.client, "POST", own_review, "{}", NULL);
  EP_ASSERT_STATUS (by_other, 200);

  /* Lifted, with a reason: open to every case reader again; no glass to break. */
  g_autofree gchar *lift = g_strconcat (shield, "/lift", NULL);
  g_autoptr (EpHttpReply) lift_short
    = ep_http (&supervisor.client, "POST", lift, "{\"reason\": \"weg\"}", NULL);
  assert_problem (lift_short, 422, "/problems/invalid");
  g_autoptr (EpHttpReply) lifted = ep_http (&supervisor.client, "POST", lift,
                                            "{\"reason\": \"Gezin verhuisd uit de opvang\"}", NULL);
  EP_ASSERT_STATUS (lifted, 204);
  g_autoptr (EpHttpReply) open_again = ep_http (&other.client, "GET", household, NULL, NULL);
  EP_ASSERT_STATUS (open_again, 200);
  ck_assert (!json_object_has_member (json_node_get_object (open_again->json), "afgeschermd"));
  g_autoptr (EpHttpReply) no_glass
    = ep_http (&regisseur.client, "POST", glass, "{\"reason\": \"" REASON "\"}", NULL);
  assert_problem (no_glass, 422, "/problems/invalid");
  g_autofree gchar *lift_event
    = value ("SELECT concat_ws (' ', actor_id, action, change->>'reason') FROM audit_event"
             " WHERE entity_type = 'household_shield' AND entity_id = $1 AND action = 'lift'",
             shield_id, NULL);
  g_autofree gchar *want_lift
    = g_strdup_printf ("%s lift Gezin verhuisd uit de opvang", supervisor.name);
  ck_assert_str_eq (lift_event, want_lift);
}
END_TEST

/* A household's consents, each with its status today; a partner sees only their own. */
START_TEST (test_consents_listed)
{
  g_auto (User) worker = { 0 }, schuldhulp = { 0 }, tactus = { 0 };
  user_init (&worker, "casemanager", NULL);
  user_init (&schuldhulp, "partner", "Stichting Schuldhulp Twente");
  user_init (&tactus, "partner", "Tactus");
  g_auto (Household) h = { 0 };
  record_household (&worker, &h);
  g_autofree gchar *path = g_strdup_printf ("/api/v1/households/%s/consents", h.id);

  /* Tactus: one given and revoked, one whose period ended (inserted as the owner, as a consent
   * recorded long ago would be), one in effect. */
  g_autofree gchar *grant = g_strdup_printf (
    "{\"household_id\": \"%s\", \"organisation\": \"Tactus\", \"data\": [\"basisgegevens\"],"
    " \"purpose\": \"Verslavingszorg afstemmen\", \"valid_until\": \"2027-06-30\","
    " \"granted_on\": \"2026-12-01\"}",
    h.id);
  g_autoptr (EpHttpReply) first = ep_http (&worker.client, "POST", "/api/v1/consents", grant, NULL);
  EP_ASSERT_STATUS (first, 201);
  g_autofree gchar *revoke
    = g_strdup_printf ("/api/v1/consents/%s/revoke", ep_http_text (first, "id"));
  g_autoptr (EpHttpReply) revoked = ep_http (&worker.client, "POST", revoke, NULL, NULL);
  EP_ASSERT_STATUS (revoked, 204);
  g_autofree gchar *expired = value (
    "INSERT INTO consent (gemeente, household_id, organisatie, gegevens, doel, geldig_tot,"
    "                     verleend_op, verleend_door)"
    " VALUES ('" GM "', $1, 'Tactus', ARRAY['basisgegevens'], 'Eerder traject', '2025-12-31',"
    "         '2025-01-01', 'test') RETURNING id",
    h.id, NULL);
  g_autoptr (EpHttpReply) second
    = ep_http (&worker.client, "POST", "/api/v1/consents", grant, NULL);
  EP_ASSERT_STATUS (second, 201);

  g_autoptr (EpHttpReply) all = ep_http (&worker.client, "GET", path, NULL, NULL);
  EP_ASSERT_STATUS (all, 200);
  JsonObject *page = json_node_get_object (all->json);
  ck_assert (json_object_get_null_member (page, "next_cursor"));
  JsonArray *items = json_object_get_array_member (page, "items");
  ck_assert_uint_eq (json_array_get_length (items), 4);
  const struct
  {
    const gchar *id, *organisation, *status;
  } want[] = { { h.consent, "Stichting Schuldhulp Twente", "geldig" },
               { ep_http_text (first, "id"), "Tactus", "ingetrokken" },
               { expired, "Tactus", "verlopen" },
               { ep_http_text (second, "id"), "Tactus", "geldig" } };
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *c = json_array_get_object_element (items, i);
      ck_assert_str_eq (json_object_get_string_member (c, "id"), want[i].id);
      ck_assert_str_eq (json_object_get_string_member (c, "organisation"), want[i].organisation);
      ck_assert_str_eq (json_object_get_string_member (c, "status"), want[i].status);
      ck_assert_str_eq (json_object_get_string_member (c, "household_id"), h.id);
    }
  JsonObject *example = json_array_get_object_element (items, 0);
  ck_assert_str_eq (json_object_get_string_member (example, "intake_id"), h.intake);
  ck_assert_str_eq (json_object_get_string_member (example, "valid_until"), "2027-11-20");
  ck_assert_str_eq (json_object_get_string_member (example, "granted_on"), "2026-11-20");
  JsonArray *data = json_object_get_array_member (example, "data");
  ck_assert_uint_eq (json_array_get_length (data), 2);
  ck_assert_str_eq (json_array_get_string_element (data, 0), "basisgegevens");
  ck_assert_str_eq (json_array_get_string_element (data, 1), "hulpvragen");
  ck_assert (json_object_has_member (json_array_get_object_element (items, 1), "revoked_at"));
  g_autofree gchar *logged = last_access (worker.name);
  g_autofree gchar *want_logged
    = g_strdup_printf ("read household_consents %s %s success false", h.id, EP_INTAKE_PURPOSE);
  ck_assert_str_eq (logged, want_logged);

  /* A page at a time. */
  g_autofree gchar *first_page = g_strconcat (path, "?limit=3", NULL);
  g_autoptr (EpHttpReply) three = ep_http (&worker.client, "GET", first_page, NULL, NULL);
  EP_ASSERT_STATUS (three, 200);
  JsonObject *p1 = json_node_get_object (three->json);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (p1, "items")), 3);
  g_autofree gchar *rest = g_strdup_printf ("%s?limit=3&cursor=%s", path,
                                            json_object_get_string_member (p1, "next_cursor"));
  g_autoptr (EpHttpReply) last = ep_http (&worker.client, "GET", rest, NULL, NULL);
  EP_ASSERT_STATUS (last, 200);
  g_autofree gchar *want_last = g_strdup_printf ("\"id\":\"%s\"", ep_http_text (second, "id"));
  JsonArray *p2 = json_object_get_array_member (json_node_get_object (last->json), "items");
  ck_assert_uint_eq (json_array_get_length (p2), 1);
  ck_assert (strstr (last->body, want_last) != NULL);
  g_autofree gchar *too_many = g_strconcat (path, "?limit=999", NULL);
  g_autoptr (EpHttpReply) bad_limit = ep_http (&worker.client, "GET", too_many, NULL, NULL);
  assert_problem (bad_limit, 422, "/problems/invalid");

  /* A partner: only with a valid consent naming them, and only their own consents. */
  g_autoptr (EpHttpReply) theirs = ep_http (&schuldhulp.client, "GET", path, NULL, NULL);
  EP_ASSERT_STATUS (theirs, 200);
  JsonArray *own = json_object_get_array_member (json_node_get_object (theirs->json), "items");
  ck_assert_uint_eq (json_array_get_length (own), 1);
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (own, 0), "id"),
                    h.consent);
  g_autoptr (EpHttpReply) tactus_list = ep_http (&tactus.client, "GET", path, NULL, NULL);
  EP_ASSERT_STATUS (tactus_list, 200);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (
                       json_node_get_object (tactus_list->json), "items")),
                     3);
  g_autofree gchar *revoke_path
    = g_strdup_printf ("/api/v1/consents/%s/revoke", ep_http_text (second, "id"));
  g_autoptr (EpHttpReply) revoke_second = ep_http (&worker.client, "POST", revoke_path, NULL, NULL);
  EP_ASSERT_STATUS (revoke_second, 204);
  gint64 before = denied (tactus.name);
  g_autoptr (EpHttpReply) gone = ep_http (&tactus.client, "GET", path, NULL, NULL);
  assert_problem (gone, 404, "/problems/not-found");
  ck_assert_int_eq (denied (tactus.name), before + 1);
}
END_TEST

/* Ending a membership over HTTP: If-Match on the household's ETag, 428 without, 412 stale. */
START_TEST (test_leave_with_if_match)
{
  g_auto (User) worker = { 0 };
  user_init (&worker, "casemanager", NULL);
  g_auto (Household) h = { 0 };
  record_household (&worker, &h);
  g_autofree gchar *household = g_strconcat ("/api/v1/households/", h.id, NULL);
  g_autoptr (EpHttpReply) read = ep_http (&worker.client, "GET", household, NULL, NULL);
  EP_ASSERT_STATUS (read, 200);
  ck_assert_str_eq (read->etag, "\"2\""); /* made, and Jolanda joined */
  JsonArray *members = json_object_get_array_member (json_node_get_object (read->json), "members");
  const gchar *person
    = json_object_get_string_member (json_array_get_object_element (members, 0), "person_id");
  g_autofree gchar *leave = g_strdup_printf ("%s/members/%s/leave", household, person);
  const gchar *body = "{\"date\": \"2026-12-01\"}";

  g_autoptr (EpHttpReply) no_match = ep_http (&worker.client, "POST", leave, body, NULL);
  assert_problem (no_match, 428, "/problems/precondition-required");
  const gchar *const stale[] = { "If-Match", "\"1\"", NULL };
  g_autoptr (EpHttpReply) old = ep_http (&worker.client, "POST", leave, body, stale);
  assert_problem (old, 412, "/problems/stale");
  const gchar *const current[] = { "If-Match", read->etag, NULL };
  g_autoptr (EpHttpReply) bad_date
    = ep_http (&worker.client, "POST", leave, "{\"date\": \"2026-02-30\"}", current);
  assert_problem (bad_date, 422, "/problems/invalid");
  ck_assert_str_eq (error_path (bad_date), "date");
  g_autofree gchar *still
    = value ("SELECT count(*) FROM household_member WHERE household_id = $1 AND valid_to IS NULL",
             h.id, NULL);
  ck_assert_str_eq (still, "1");

  g_autoptr (EpHttpReply) left = ep_http (&worker.client, "POST", leave, body, current);
  EP_ASSERT_STATUS (left, 200);
  ck_assert_str_eq (left->etag, "\"3\"");
  JsonArray *after = json_object_get_array_member (json_node_get_object (left->json), "members");
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (after, 0), "to"),
                    "2026-12-01");
  g_autofree gchar *event
    = value ("SELECT concat_ws (' ', actor_id, action, change->>'valid_to') FROM audit_event"
             " WHERE household_id = $1 AND entity_type = 'household_member' AND action = 'leave'",
             h.id, NULL);
  g_autofree gchar *want_event = g_strdup_printf ("%s leave 2026-12-01", worker.name);
  ck_assert_str_eq (event, want_event);

  /* Not (or no longer) a member of this household. */
  const gchar *const now[] = { "If-Match", "\"3\"", NULL };
  g_autoptr (EpHttpReply) again = ep_http (&worker.client, "POST", leave, body, now);
  assert_problem (again, 404, "/problems/not-found");
}
END_TEST

Suite *
ep_http_shield_suite (void)
{
  Suite *suite = suite_create ("shield");
  TCase *tc = tcase_create ("shield");
  tcase_set_timeout (tc, 300); /* a sign-in costs a third of a second by design */
  tcase_add_test (tc, test_shield_and_break_the_glass);
  tcase_add_test (tc, test_consents_listed);
  tcase_add_test (tc, test_leave_with_if_match);
  suite_add_tcase (suite, tc);
  return suite;
}
