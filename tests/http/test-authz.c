/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-authz.c: the authorisation matrix over HTTP — every route of the API × every role, and
 * no session at all, asserting the exact status (the ladder's decisions a supervisor's, the views
 * of regie op regie a supervisor's of their team, overdue evaluations a regisseur's too); every
 * refusal for a role is in the access log;
 * the routes of a household (its plan among them) × every role, before and after it is shielded;
 * a partner whose consent expired, on every route a partner can reach; a municipality sees
 * nothing of another's.
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

#define REASON "Melding Veilig Thuis: acuut, vannacht een plan nodig"

/* The statuses of one route for: no session, casemanager, regisseur, supervisor, partner,
 * admin; with @body the contact body, else @json (or none). */
static const struct
{
  const gchar *method, *path;
  gboolean body;
  guint status[6];
  const gchar *json;
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
  { "GET",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/timeline",
    FALSE,
    { 401, 404, 404, 404, 403, 403 } },
  { "POST", "/api/v1/households/search", FALSE, { 401, 400, 400, 400, 403, 403 } },
  { "GET", "/api/v1/partner/households", FALSE, { 401, 403, 403, 403, 200, 403 } },
  { "GET", "/api/v1/audit?limit=5", FALSE, { 401, 403, 403, 200, 403, 403 } },
  { "GET", "/api/v1/audit/verification", FALSE, { 401, 403, 403, 200, 403, 403 } },
  { "POST", "/api/v1/audit/verification", FALSE, { 401, 403, 403, 202, 403, 403 } },
  { "GET", "/api/v1/audit/checkpoints?limit=5", FALSE, { 401, 403, 403, 200, 403, 403 } },
  { "POST",
    "/api/v1/consents/0190a000-0000-7000-8000-00000000dead/revoke",
    FALSE,
    { 401, 404, 404, 403, 403, 403 } },
  { "PUT",
    "/api/v1/intakes/0190a000-0000-7000-8000-00000000dead",
    FALSE,
    { 401, 428, 428, 403, 403, 403 } },
  { "GET",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/consents",
    FALSE,
    { 401, 404, 404, 404, 404, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/members/"
    "0190a000-0000-7000-8000-00000000dead/leave",
    FALSE,
    { 401, 428, 428, 403, 403, 403 },
    "{\"date\": \"2026-12-01\"}" },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/shield",
    FALSE,
    { 401, 403, 403, 404, 403, 403 },
    "{\"reason\": \"Opvangadres: vertrouwelijk\", \"users\": [\"iemand\"]}" },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/shield/lift",
    FALSE,
    { 401, 403, 403, 404, 403, 403 },
    "{\"reason\": \"Gezin verhuisd uit de opvang\"}" },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/emergency-access",
    FALSE,
    { 401, 403, 404, 404, 403, 403 },
    "{\"reason\": \"" REASON "\"}" },
  { "GET", "/api/v1/audit/emergency-accesses?limit=5", FALSE, { 401, 403, 403, 200, 403, 403 } },
  { "POST",
    "/api/v1/audit/emergency-accesses/0190a000-0000-7000-8000-00000000dead/review",
    FALSE,
    { 401, 403, 403, 404, 403, 403 },
    "{}" },
  /* The household plan: read by the case readers and a consented partner (no plan here: 404),
   * created and changed by a regisseur or a supervisor (no body: 400; no If-Match: 428). */
  { "GET",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan",
    FALSE,
    { 401, 404, 404, 404, 404, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan",
    FALSE,
    { 401, 403, 400, 400, 403, 403 } },
  { "PUT",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/situatie",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/hulpvragen/ophalen",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "PUT",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/hulpvragen/"
    "0190a000-0000-7000-8000-00000000dead/wet",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/doelen",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "PUT",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/doelen/"
    "0190a000-0000-7000-8000-00000000dead",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/afspraken",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "PUT",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/afspraken/"
    "0190a000-0000-7000-8000-00000000dead",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/overdracht",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "PUT",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/aanspreekpunt",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/akkoord",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/afsluiten",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "GET",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/versies",
    FALSE,
    { 401, 404, 404, 404, 404, 403 } },
  { "GET",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/versies/1",
    FALSE,
    { 401, 404, 404, 404, 404, 403 } },
  { "GET",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/verschil?van=1&naar=2",
    FALSE,
    { 401, 404, 404, 404, 404, 403 } },
  /* The ladder: asked and evaluated as the plan is changed (no If-Match: 428), decided by a
   * supervisor. */
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/niveau",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/niveau/goedkeuren",
    FALSE,
    { 401, 403, 403, 428, 403, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/niveau/afwijzen",
    FALSE,
    { 401, 403, 403, 428, 403, 403 } },
  { "POST",
    "/api/v1/households/0190a000-0000-7000-8000-00000000dead/plan/evaluaties",
    FALSE,
    { 401, 403, 428, 428, 403, 403 } },
  /* Regie op regie: a supervisor's (of a team); overdue evaluations a regisseur's too. */
  { "GET", "/api/v1/toezicht/aanvragen", FALSE, { 401, 403, 403, 200, 403, 403 } },
  { "GET", "/api/v1/toezicht/niveaus?van=2026-01-01", FALSE, { 401, 403, 403, 200, 403, 403 } },
  { "GET",
    "/api/v1/toezicht/tijd-per-niveau?van=2026-01-01",
    FALSE,
    { 401, 403, 403, 200, 403, 403 } },
  { "GET", "/api/v1/toezicht/achterstallig", FALSE, { 401, 403, 200, 200, 403, 403 } },
  { "GET", "/api/v1/toezicht/regie?van=2026-01-01", FALSE, { 401, 403, 403, 200, 403, 403 } },
  { "GET", "/api/v1/werkbak/plannen", FALSE, { 401, 200, 200, 200, 403, 403 } },
  { "GET", "/api/v1/werkbak/open-hulpvragen", FALSE, { 401, 200, 200, 200, 403, 403 } },
  /* Changing one's own password: every role (no body: 400 once allowed). */
  { "PUT", "/api/v1/me/password", FALSE, { 401, 400, 400, 400, 400, 400 } },
  /* Users: the administrator only (no body, or no such user, once allowed). */
  { "GET", "/api/v1/users?limit=2", FALSE, { 401, 403, 403, 403, 403, 200 } },
  { "POST", "/api/v1/users", FALSE, { 401, 403, 403, 403, 403, 400 } },
  /* The colleagues to name in a case: the case readers (another role asked for: 422). */
  { "GET", "/api/v1/medewerkers?rol=regisseur", FALSE, { 401, 200, 200, 200, 403, 403 } },
  { "GET", "/api/v1/medewerkers", FALSE, { 401, 200, 200, 200, 403, 403 } },
  { "GET", "/api/v1/medewerkers?rol=admin", FALSE, { 401, 422, 422, 422, 403, 403 } },
  /* The vindplaatsen: read by everyone, kept by the administrator (no body: 400 once allowed). */
  { "GET", "/api/v1/vindplaatsen", FALSE, { 401, 200, 200, 200, 200, 200 } },
  { "POST", "/api/v1/vindplaatsen", FALSE, { 401, 403, 403, 403, 403, 400 } },
  { "POST",
    "/api/v1/vindplaatsen/0190a000-0000-7000-8000-00000000dead/deactivate",
    FALSE,
    { 401, 403, 403, 403, 403, 404 } },
  { "POST", "/api/v1/users/niemand.hier/disable", FALSE, { 401, 403, 403, 403, 403, 404 } },
  { "PUT", "/api/v1/users/niemand.hier/password", FALSE, { 401, 403, 403, 403, 403, 400 } },
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
                       routes[i].body ? body : routes[i].json, csrf);
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

/* A household's routes, its ids as {H} (the household), {I} (its intake), {P} (its member), {V}
 * (a vindplaats): the statuses for casemanager, regisseur, supervisor, partner (of the
 * organisation the example's consent names) and admin, before and after the household is
 * shielded (naming none of them), and after it the problem each refusal is: 'f' forbidden, 's'
 * shielded, 'n' not found. */
static const struct
{
  const gchar *method, *path, *json;
  const gchar *const *headers;
  guint open[5], shielded[5];
  const gchar *type; /* per role, after shielding */
} household_routes[] = {
  { "GET",
    "/api/v1/households/{H}",
    NULL,
    NULL,
    { 200, 200, 200, 200, 403 },
    { 403, 403, 403, 404, 403 },
    "fssnf" },
  { "GET",
    "/api/v1/households/{H}/consents",
    NULL,
    NULL,
    { 200, 200, 200, 200, 403 },
    { 403, 403, 403, 404, 403 },
    "fssnf" },
  { "GET",
    "/api/v1/intakes/{I}",
    NULL,
    NULL,
    { 200, 200, 200, 404, 403 },
    { 403, 403, 403, 404, 403 },
    "fssnf" },
  { "GET",
    "/api/v1/households/{H}/timeline",
    NULL,
    NULL,
    { 200, 200, 200, 403, 403 },
    { 403, 403, 403, 403, 403 },
    "fssff" },
  { "POST",
    "/api/v1/households/{H}/draft",
    "{\"vindplaats_id\": \"{V}\"}",
    NULL,
    { 200, 200, 403, 403, 403 },
    { 403, 403, 403, 403, 403 },
    "fsfff" },
  { "POST",
    "/api/v1/households/{H}/members/{P}/leave",
    "{\"date\": \"2026-12-01\"}",
    (const gchar *const[]){ "If-Match", "\"99\"", NULL },
    { 412, 412, 403, 403, 403 },
    { 403, 403, 403, 403, 403 },
    "fsfff" },
  { "POST",
    "/api/v1/households/{H}/shield",
    "{\"reason\": \"kort\", \"users\": [\"iemand\"]}",
    NULL,
    { 403, 403, 422, 403, 403 },
    { 403, 403, 422, 403, 403 },
    "ff-ff" },
  { "POST",
    "/api/v1/households/{H}/shield/lift",
    "{\"reason\": \"kort\"}",
    NULL,
    { 403, 403, 422, 403, 403 },
    { 403, 403, 422, 403, 403 },
    "ff-ff" },
  /* The household's plan, made by a supervisor with the regisseur as its regisseur: a stale
   * If-Match shows who got past every check before the version's. */
  { "GET",
    "/api/v1/households/{H}/plan",
    NULL,
    NULL,
    { 200, 200, 200, 404, 403 },
    { 403, 403, 403, 404, 403 },
    "fssnf" },
  { "GET",
    "/api/v1/households/{H}/plan/versies",
    NULL,
    NULL,
    { 200, 200, 200, 404, 403 },
    { 403, 403, 403, 404, 403 },
    "fssnf" },
  { "PUT",
    "/api/v1/households/{H}/plan/situatie",
    "{\"goed_gaat\": \"Het huis is op orde\", \"reden\": \"Gesprek\"}",
    (const gchar *const[]){ "If-Match", "\"99\"", NULL },
    { 403, 412, 412, 403, 403 },
    { 403, 403, 403, 403, 403 },
    "fssff" },
  { "POST",
    "/api/v1/households/{H}/plan/niveau",
    "{\"naar\": 3, \"reden\": \"Problemen op meerdere leefgebieden\"}",
    (const gchar *const[]){ "If-Match", "\"99\"", NULL },
    { 403, 412, 412, 403, 403 },
    { 403, 403, 403, 403, 403 },
    "fssff" },
  { "POST",
    "/api/v1/households/{H}/plan/niveau/goedkeuren",
    "{\"reden\": \"Akkoord met de aanvraag\"}",
    (const gchar *const[]){ "If-Match", "\"99\"", NULL },
    { 403, 403, 412, 403, 403 },
    { 403, 403, 403, 403, 403 },
    "ffsff" },
  { "POST",
    "/api/v1/households/{H}/plan/evaluaties",
    "{\"datum\": \"2026-01-05\", \"doelen\": [], \"besluit\": \"doorgaan\","
    " \"volgende_evaluatie\": \"2026-04-05\", \"reden\": \"Evaluatie\"}",
    (const gchar *const[]){ "If-Match", "\"99\"", NULL },
    { 403, 412, 412, 403, 403 },
    { 403, 403, 403, 403, 403 },
    "fssff" },
  /* Last: after it, the regisseur and the supervisor have an emergency access. */
  { "POST",
    "/api/v1/households/{H}/emergency-access",
    "{\"reason\": \"" REASON "\"}",
    NULL,
    { 403, 422, 422, 403, 403 },
    { 403, 201, 201, 403, 403 },
    "f--ff" },
};

static gchar *
fill (const gchar *text, const gchar *household, const gchar *intake, const gchar *person)
{
  g_autoptr (GString) s = g_string_new (text);
  g_string_replace (s, "{H}", household, 0);
  g_string_replace (s, "{I}", intake, 0);
  g_string_replace (s, "{P}", person, 0);
  g_string_replace (s, "{V}", vindplaats, 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

START_TEST (test_matrix_shielded)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *named = ep_http_new_user (GM, "casemanager", NULL);
  g_autofree gchar *boss = ep_http_new_user (GM, "supervisor", NULL);
  g_auto (EpHttpClient) by_named = { 0 };
  g_auto (EpHttpClient) by_boss = { 0 };
  ep_http_sign_in (&by_named, GM, named, TRUE);
  ep_http_sign_in (&by_boss, GM, boss, TRUE);
  g_autofree gchar *document = ep_http_intake_document (GM, TRUE);
  g_free (vindplaats);
  vindplaats = g_strdup (ep_http_vindplaats ());
  g_autoptr (EpHttpReply) made = ep_http (&by_named, "POST", "/api/v1/intakes", document, NULL);
  EP_ASSERT_STATUS (made, 201);
  JsonObject *intake = json_node_get_object (made->json);
  const gchar *intake_id = json_object_get_string_member (intake, "id");
  const gchar *household
    = json_object_get_string_member (json_object_get_object_member (intake, "household"), "id");
  const gchar *person = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (intake, "persons"), 0), "id");

  EpHttpClient clients[G_N_ELEMENTS (roles)] = { { 0 } };
  gchar *users[G_N_ELEMENTS (roles)] = { NULL }; /* (g_autofree would free the first only) */
  for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      users[r] = ep_http_new_user (
        GM, roles[r], strcmp (roles[r], "partner") == 0 ? "Stichting Schuldhulp Twente" : NULL);
      ep_http_sign_in (&clients[r], GM, users[r], TRUE);
    }
  /* Her intake final, and a plan: the regisseur's, made by the supervisor. */
  g_autofree gchar *finalise = g_strdup_printf ("/api/v1/intakes/%s/finalise", intake_id);
  const gchar *const v1[] = { "If-Match", "\"1\"", NULL };
  g_autoptr (EpHttpReply) final = ep_http (&by_named, "POST", finalise, NULL, v1);
  EP_ASSERT_STATUS (final, 200);
  g_autofree gchar *plan = g_strdup_printf ("/api/v1/households/%s/plan", household);
  g_autofree gchar *plan_body = g_strdup_printf (
    "{\"regisseur\": \"%s\", \"aanspreekpunt\": \"%s\", \"reden\": \"Gezinsplan\"}", users[1],
    users[1]);
  g_autoptr (EpHttpReply) planned = ep_http (&by_boss, "POST", plan, plan_body, NULL);
  EP_ASSERT_STATUS (planned, 201);
  for (gint round = 0; round < 2; round++)
    {
      if (round == 1)
        {
          g_autofree gchar *shield = g_strdup_printf ("/api/v1/households/%s/shield", household);
          g_autofree gchar *body = g_strdup_printf (
            "{\"reason\": \"Opvangadres: vertrouwelijk\", \"users\": [\"%s\"]}", named);
          g_autoptr (EpHttpReply) shielded = ep_http (&by_boss, "POST", shield, body, NULL);
          EP_ASSERT_STATUS (shielded, 201);
        }
      for (gsize i = 0; i < G_N_ELEMENTS (household_routes); i++)
        for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
          {
            g_autofree gchar *path = fill (household_routes[i].path, household, intake_id, person);
            g_autofree gchar *json
              = household_routes[i].json != NULL
                  ? fill (household_routes[i].json, household, intake_id, person)
                  : NULL;
            g_autoptr (EpDbParams) who = ep_test_params (users[r], NULL);
            const gchar *count = "SELECT count(*) FROM access_log"
                                 " WHERE actor_id = $1 AND outcome = 'denied'";
            gint64 denied_before = ep_test_query_int (owner, count, who);
            g_autoptr (EpHttpReply) reply = ep_http (&clients[r], household_routes[i].method, path,
                                                     json, household_routes[i].headers);
            guint want = round == 0 ? household_routes[i].open[r] : household_routes[i].shielded[r];
            ck_assert_msg (reply->status == want, "%s %s as %s, %s: %u, want %u: %s",
                           household_routes[i].method, household_routes[i].path, roles[r],
                           round == 0 ? "open" : "shielded", reply->status, want, reply->body);
            /* Every refusal is in the access log, once. */
            gboolean refused = want == 403 || (want == 404 && strcmp (roles[r], "partner") == 0);
            gint64 denied = ep_test_query_int (owner, count, who) - denied_before;
            ck_assert_msg (denied == (refused ? 1 : 0),
                           "%s %s as %s, %s: %" G_GINT64_FORMAT " denied rows",
                           household_routes[i].method, household_routes[i].path, roles[r],
                           round == 0 ? "open" : "shielded", denied);
            gchar type = household_routes[i].type[r];
            if (round == 1 && type != '-')
              ck_assert_str_eq (ep_http_text (reply, "type"), type == 'f' ? "/problems/forbidden"
                                                              : type == 's'
                                                                ? "/problems/shielded"
                                                                : "/problems/not-found");
          }
    }
  /* The emergency accesses the last row opened: now the regisseur and the supervisor read it, as
   * emergency access; the others still may not. */
  g_autofree gchar *show = g_strdup_printf ("/api/v1/households/%s", household);
  const guint after[] = { 403, 200, 200, 404, 403 };
  for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autoptr (EpHttpReply) reply = ep_http (&clients[r], "GET", show, NULL, NULL);
      EP_ASSERT_STATUS (reply, after[r]);
      if (after[r] == 200)
        {
          g_autoptr (EpDbParams) who = ep_test_params (users[r], NULL);
          g_autofree gchar *last = ep_test_query_value (
            owner,
            "SELECT emergency::text || ' ' || emergency_reason FROM access_log"
            " WHERE actor_id = $1 ORDER BY id DESC LIMIT 1",
            who);
          ck_assert_str_eq (last, "true " REASON);
        }
    }
  for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      ep_http_client_clear (&clients[r]);
      g_free (users[r]);
    }
}
END_TEST

/* A partner whose consent's period has ended: every route a partner can reach answers 404, as
 * if the household did not exist, each with a denied row in the access log; the same partner
 * with a consent in effect reads them (so it is the end of the period that refuses). */
START_TEST (test_expired_consent)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *worker = ep_http_new_user (GM, "casemanager", NULL);
  g_autofree gchar *partner = ep_http_new_user (GM, "partner", "Zorg Die Was");
  g_auto (EpHttpClient) by_worker = { 0 };
  g_auto (EpHttpClient) by_partner = { 0 };
  ep_http_sign_in (&by_worker, GM, worker, TRUE);
  ep_http_sign_in (&by_partner, GM, partner, TRUE);
  g_autofree gchar *document = ep_http_intake_document (GM, TRUE);
  g_autoptr (EpHttpReply) made = ep_http (&by_worker, "POST", "/api/v1/intakes", document, NULL);
  EP_ASSERT_STATUS (made, 201);
  JsonObject *intake = json_node_get_object (made->json);
  const gchar *intake_id = json_object_get_string_member (intake, "id");
  const gchar *household
    = json_object_get_string_member (json_object_get_object_member (intake, "household"), "id");
  /* The API takes no consent that ended before it was recorded; one recorded long ago, as the
   * owner. */
  g_autoptr (EpDbParams) of = ep_test_params (household, NULL);
  g_autofree gchar *expired = ep_test_query_value (
    owner,
    "INSERT INTO consent (gemeente, household_id, organisatie, gegevens, doel, geldig_tot,"
    "                     verleend_op, verleend_door)"
    " VALUES ('" GM "', $1, 'Zorg Die Was', ARRAY['basisgegevens', 'intake'], 'Eerder traject',"
    "         current_date - 1, current_date - 400, 'test') RETURNING id",
    of);

  const struct
  {
    gchar *path;
    const gchar *entity, *id;
  } reached[] = {
    { g_strdup_printf ("/api/v1/households/%s", household), "household", household },
    { g_strdup_printf ("/api/v1/households/%s/consents", household), "household", household },
    { g_strdup_printf ("/api/v1/intakes/%s", intake_id), "intake", intake_id },
  };
  g_autoptr (EpDbParams) who = ep_test_params (partner, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (reached); i++)
    {
      const gchar *count = "SELECT count(*) FROM access_log WHERE actor_id = $1"
                           "   AND outcome = 'denied'";
      gint64 before = ep_test_query_int (owner, count, who);
      g_autoptr (EpHttpReply) reply = ep_http (&by_partner, "GET", reached[i].path, NULL, NULL);
      EP_ASSERT_STATUS (reply, 404);
      ck_assert_str_eq (ep_http_text (reply, "type"), "/problems/not-found");
      ck_assert_int_eq (ep_test_query_int (owner, count, who), before + 1);
      g_autofree gchar *last = ep_test_query_value (
        owner,
        "SELECT concat_ws (' ', action, entity_type, entity_id, purpose, outcome)"
        "  FROM access_log WHERE actor_id = $1 ORDER BY id DESC LIMIT 1",
        who);
      g_autofree gchar *want = g_strdup_printf ("read %s %s toestemming partner denied",
                                                reached[i].entity, reached[i].id);
      ck_assert_str_eq (last, want);
    }

  g_autofree gchar *valid = ep_test_query_value (
    owner,
    "INSERT INTO consent (gemeente, household_id, organisatie, gegevens, doel, geldig_tot,"
    "                     verleend_op, verleend_door)"
    " VALUES ('" GM "', $1, 'Zorg Die Was', ARRAY['basisgegevens', 'intake'], 'Nieuw traject',"
    "         current_date + 30, current_date, 'test') RETURNING id",
    of);
  for (gsize i = 0; i < G_N_ELEMENTS (reached); i++)
    {
      g_autoptr (EpHttpReply) reply = ep_http (&by_partner, "GET", reached[i].path, NULL, NULL);
      EP_ASSERT_STATUS (reply, 200);
      g_free (reached[i].path);
    }
  ck_assert_str_ne (expired, valid);
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
  tcase_add_test (tc, test_matrix_shielded);
  tcase_add_test (tc, test_expired_consent);
  tcase_add_test (tc, test_municipalities_apart);
  suite_add_tcase (suite, tc);
  return suite;
}
