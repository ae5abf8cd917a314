/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-ladder.c: the AVE ladder, evaluations and the supervisor's views over HTTP
 * (docs/ladder.md; api/routes-ladder.c, api/routes-supervise.c). Each test works with a crew of
 * its own — a team with a regisseur, two supervisors and a casemanager, and a supervisor of
 * another team — on Jolanda's plan in a household of its own, and asserts exact statuses, problem
 * types, paths, the plan's JSON and the rows in PostgreSQL: level 3 waits for a supervisor and is
 * not reached before; the requester never decides (four eyes), a supervisor of another team does
 * not either; approval moves the plan, a rejection with its reason leaves it; going down needs an
 * evaluation that decided afschalen and then applies at once; an evaluation's outcomes and ZRM
 * re-scores show in the plan with the change since the intake; the supervisor's views answer
 * exact lists for the crew's team. Over HTTP the clock is the server's: dates are made relative
 * to today, and what depends on the second (time at each level) is asserted by what does not.
 */
#include "http-plan.h"

#include <string.h>

#define GM "GM0164"

/* A team of its own (and a second), each user signed in with a bearer token. */
typedef struct
{
  gchar *team, *other_team; /* their names */
  gchar *casemanager, *regisseur, *supervisor, *supervisor2, *outsider;
  EpHttpClient by_casemanager, by_regisseur, by_supervisor, by_supervisor2, by_outsider;
} Crew;

static void
crew_clear (Crew *c)
{
  g_free (c->team);
  g_free (c->other_team);
  g_free (c->casemanager);
  g_free (c->regisseur);
  g_free (c->supervisor);
  g_free (c->supervisor2);
  g_free (c->outsider);
  ep_http_client_clear (&c->by_casemanager);
  ep_http_client_clear (&c->by_regisseur);
  ep_http_client_clear (&c->by_supervisor);
  ep_http_client_clear (&c->by_supervisor2);
  ep_http_client_clear (&c->by_outsider);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Crew, crew_clear)

/* A new team's name. Returns: (transfer full). */
static gchar *
new_team (void)
{
  g_autofree gchar *marker = ep_test_marker ();
  return g_strdup_printf ("Team %.12s", marker);
}

/* A new user of GM with @role in the team named @team, signed in as @client.
 * Returns: (transfer full). */
static gchar *
team_member (const gchar *team, const gchar *role, EpHttpClient *client)
{
  gchar *username = ep_http_new_user (GM, role, NULL);
  ep_http_join_team (GM, username, team);
  ep_http_sign_in (client, GM, username, TRUE);
  return username;
}

static void
crew_sign_in (Crew *c)
{
  c->team = new_team ();
  c->other_team = new_team ();
  c->casemanager = team_member (c->team, "casemanager", &c->by_casemanager);
  c->regisseur = team_member (c->team, "regisseur", &c->by_regisseur);
  c->supervisor = team_member (c->team, "supervisor", &c->by_supervisor);
  c->supervisor2 = team_member (c->team, "supervisor", &c->by_supervisor2);
  c->outsider = team_member (c->other_team, "supervisor", &c->by_outsider);
}

/* Jolanda's intake final and her plan made by the crew's regisseur, at version 1. Returns:
 * (transfer full): the household's id; her person id in *@person (optional), the plan's id in
 * *@plan_id (optional). */
static gchar *
jolanda_plan (Crew *c, gchar **person, gchar **plan_id)
{
  g_autofree gchar *member = NULL;
  gchar *household = ep_http_record_jolanda (&c->by_casemanager, GM, &member);
  g_autofree gchar *create = g_strdup_printf (
    "{\"regisseur\": \"%s\", \"aanspreekpunt\": \"%s\", \"reden\": \"Eén gezin, één plan\"}",
    c->regisseur, c->casemanager);
  g_autoptr (EpHttpReply) made
    = ep_http_plan_call (&c->by_regisseur, "POST", household, "", create, 0);
  EP_ASSERT_STATUS (made, 201);
  ck_assert_str_eq (made->etag, "\"1\"");
  if (person != NULL)
    *person = g_steal_pointer (&member);
  if (plan_id != NULL)
    *plan_id = g_strdup (ep_http_text (made, "id"));
  return household;
}

static JsonObject *
plan_of (const EpHttpReply *reply)
{
  return json_node_get_object (reply->json);
}

/* The plan's waiting request (niveau_aanvraag), or NULL when it is null. */
static JsonObject *
waiting_of (const EpHttpReply *reply)
{
  JsonNode *node = json_object_get_member (plan_of (reply), "niveau_aanvraag");
  ck_assert_ptr_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_object (node);
}

/* The plan's level requests (niveau_aanvragen) as "richting van>naar status door besloten_door"
 * joined with ",". (transfer full) */
static gchar *
requests_of (const EpHttpReply *reply)
{
  JsonArray *items = json_object_get_array_member (plan_of (reply), "niveau_aanvragen");
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *r = json_array_get_object_element (items, i);
      const gchar *decider = json_object_get_null_member (r, "besloten_door")
                               ? "-"
                               : json_object_get_string_member (r, "besloten_door");
      g_string_append_printf (
        s, "%s%s %" G_GINT64_FORMAT ">%" G_GINT64_FORMAT " %s %s %s", i > 0 ? "," : "",
        json_object_get_string_member (r, "richting"), json_object_get_int_member (r, "van"),
        json_object_get_int_member (r, "naar"), json_object_get_string_member (r, "status"),
        json_object_get_string_member (r, "aangevraagd_door"), decider);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The plan's level history (niveau_historie) as "niveau:open|closed" joined with ",". */
static gchar *
history_of (const EpHttpReply *reply)
{
  JsonArray *items = json_object_get_array_member (plan_of (reply), "niveau_historie");
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *p = json_array_get_object_element (items, i);
      g_string_append_printf (s, "%s%" G_GINT64_FORMAT ":%s", i > 0 ? "," : "",
                              json_object_get_int_member (p, "niveau"),
                              json_object_get_null_member (p, "tot") ? "open" : "closed");
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The plan's level and its level requests in PostgreSQL: "niveau|status decided_by,…". */
static gchar *
levels_in_db (PGconn *owner, const gchar *household)
{
  g_autoptr (EpDbParams) params = ep_test_params (household, NULL);
  return ep_test_query_value (
    owner,
    "SELECT p.niveau || '|' || coalesce ((SELECT string_agg (r.status || ' '"
    "           || coalesce (r.decided_by, '-'), ',' ORDER BY r.requested_at, r.id)"
    "         FROM plan_level_request r WHERE r.gemeente = p.gemeente AND r.plan_id = p.id), '')"
    "  FROM plan p WHERE p.household_id = $1 AND p.status = 'actief'",
    params);
}

/* The plan's audit trail of the ladder and evaluations: "action actor,…". */
static gchar *
ladder_trail (PGconn *owner, const gchar *household)
{
  g_autoptr (EpDbParams) params = ep_test_params (household, NULL);
  return ep_test_query_value (owner,
                              "SELECT coalesce (string_agg (action || ' ' || actor_id, ','"
                              "                             ORDER BY id), '')"
                              "  FROM audit_event WHERE household_id = $1 AND entity_type = 'plan'"
                              "   AND (action LIKE 'plan_level%' OR action = 'plan_evaluate')",
                              params);
}

static gchar *
level_body (gint naar, const gchar *evaluatie)
{
  if (evaluatie == NULL)
    return g_strdup_printf ("{\"naar\": %d, \"reden\": \"Problemen op meerdere leefgebieden\"}",
                            naar);
  return g_strdup_printf ("{\"naar\": %d, \"reden\": \"Het gaat beter, zie de evaluatie\","
                          " \"evaluatie_id\": \"%s\"}",
                          naar, evaluatie);
}

#define APPROVE "{\"reden\": \"Casusregie is nodig: akkoord\"}"
#define REJECT "{\"reden\": \"Eerst de afspraken op niveau 2 afmaken\"}"

/* Today in Europe/Amsterdam (the supervisor's views' "today") shifted by @days, as YYYY-MM-DD.
 * An evaluation's date is checked against PostgreSQL's current_date (the session's time zone),
 * which lags Amsterdam's for an hour or two after midnight: the tests date evaluations yesterday
 * or earlier, never today. */
static gchar *
day (gint days)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr (GDateTime) now = g_date_time_new_now (zone != NULL ? zone : g_time_zone_new_utc ());
  g_autoptr (GDateTime) then = g_date_time_add_days (now, days);
  return g_date_time_format (then, "%Y-%m-%d");
}

/* An evaluation's body: on @datum, deciding @besluit, next on @next; @extra members (with a
 * leading comma) or "". */
static gchar *
evaluation_body (const gchar *datum, const gchar *besluit, const gchar *next, const gchar *extra)
{
  return g_strdup_printf ("{\"datum\": \"%s\", \"doelen\": [], \"besluit\": \"%s\","
                          " \"volgende_evaluatie\": \"%s\", \"reden\": \"Evaluatiegesprek\"%s}",
                          datum, besluit, next, extra);
}

/* The id of the plan's last evaluation. (transfer none) */
static const gchar *
last_evaluation (const EpHttpReply *reply)
{
  JsonArray *items = json_object_get_array_member (plan_of (reply), "evaluaties");
  ck_assert_uint_gt (json_array_get_length (items), 0);
  return json_object_get_string_member (
    json_array_get_object_element (items, json_array_get_length (items) - 1), "id");
}

/* ---- the ladder ------------------------------------------------------------------------- */

/* The regisseur asks for level 3: it waits, the plan stays at 2; one request at a time; nobody
 * but a supervisor of the team who did not ask decides; the team's supervisor approves and the
 * plan is at 3, every step in the audit trail with its actor. */
START_TEST (test_level_up_approved)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_auto (Crew) c = { 0 };
  crew_sign_in (&c);
  g_autofree gchar *plan_id = NULL;
  g_autofree gchar *household = jolanda_plan (&c, NULL, &plan_id);

  g_autoptr (EpHttpReply) start
    = ep_http_plan_call (&c.by_regisseur, "GET", household, "", NULL, 0);
  EP_ASSERT_STATUS (start, 200);
  ck_assert_int_eq (json_object_get_int_member (plan_of (start), "niveau"), 2);
  ck_assert_ptr_null (waiting_of (start));
  g_autofree gchar *start_history = history_of (start);
  ck_assert_str_eq (start_history, "2:open");

  /* Without If-Match 428, and a casemanager may not ask at all. */
  g_autofree gchar *up = level_body (3, NULL);
  g_autoptr (EpHttpReply) unmatched
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/niveau", up, 0);
  ep_http_assert_problem (unmatched, 428, "/problems/precondition-required", NULL);
  g_autoptr (EpHttpReply) by_worker
    = ep_http_plan_call (&c.by_casemanager, "POST", household, "/niveau", up, 1);
  ep_http_assert_problem (by_worker, 403, "/problems/forbidden", NULL);

  /* Asked: version 2, the plan still at 2, the request waiting. */
  g_autoptr (EpHttpReply) asked
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/niveau", up, 1);
  EP_ASSERT_STATUS (asked, 200);
  ck_assert_str_eq (asked->etag, "\"2\"");
  ck_assert_int_eq (json_object_get_int_member (plan_of (asked), "niveau"), 2);
  JsonObject *waiting = waiting_of (asked);
  ck_assert_ptr_nonnull (waiting);
  ck_assert_str_eq (json_object_get_string_member (waiting, "status"), "aangevraagd");
  ck_assert_str_eq (json_object_get_string_member (waiting, "richting"), "op");
  ck_assert_str_eq (json_object_get_string_member (waiting, "reden"),
                    "Problemen op meerdere leefgebieden");
  g_autofree gchar *request_id = g_strdup (json_object_get_string_member (waiting, "id"));
  g_autofree gchar *asked_requests = requests_of (asked);
  g_autofree gchar *want_asked = g_strdup_printf ("op 2>3 aangevraagd %s -", c.regisseur);
  ck_assert_str_eq (asked_requests, want_asked);
  g_autofree gchar *db_asked = levels_in_db (owner, household);
  ck_assert_str_eq (db_asked, "2|aangevraagd -");

  /* One at a time: a second request while this one waits. */
  g_autofree gchar *higher = level_body (4, NULL);
  g_autoptr (EpHttpReply) second
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/niveau", higher, 2);
  ep_http_assert_problem (second, 409, "/problems/level-request-pending", "naar");

  /* Who may not decide: the regisseur who asked (the role), a supervisor of another team; a
   * stale version. Nothing moves. */
  g_autoptr (EpHttpReply) own
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/niveau/goedkeuren", APPROVE, 2);
  ep_http_assert_problem (own, 403, "/problems/forbidden", NULL);
  g_autoptr (EpHttpReply) outsider
    = ep_http_plan_call (&c.by_outsider, "POST", household, "/niveau/goedkeuren", APPROVE, 2);
  ep_http_assert_problem (outsider, 403, "/problems/other-team", "team");
  g_autoptr (EpHttpReply) stale
    = ep_http_plan_call (&c.by_supervisor, "POST", household, "/niveau/goedkeuren", APPROVE, 1);
  ep_http_assert_problem (stale, 412, "/problems/stale", NULL);
  g_autofree gchar *wrong_body = g_strdup_printf (
    "{\"reden\": \"Akkoord met de aanvraag\", \"aanvraag_id\": \"%s\"}", plan_id);
  g_autoptr (EpHttpReply) wrong
    = ep_http_plan_call (&c.by_supervisor, "POST", household, "/niveau/goedkeuren", wrong_body, 2);
  ep_http_assert_problem (wrong, 404, "/problems/not-found", "aanvraag_id");
  g_autofree gchar *db_still = levels_in_db (owner, household);
  ck_assert_str_eq (db_still, "2|aangevraagd -");

  /* The team's supervisor approves the request named: level 3, the history, no request waits. */
  g_autofree gchar *approve_body = g_strdup_printf (
    "{\"reden\": \"Casusregie is nodig: akkoord\", \"aanvraag_id\": \"%s\"}", request_id);
  g_autoptr (EpHttpReply) approved = ep_http_plan_call (&c.by_supervisor, "POST", household,
                                                        "/niveau/goedkeuren", approve_body, 2);
  EP_ASSERT_STATUS (approved, 200);
  ck_assert_str_eq (approved->etag, "\"3\"");
  ck_assert_int_eq (json_object_get_int_member (plan_of (approved), "niveau"), 3);
  ck_assert_ptr_null (waiting_of (approved));
  g_autofree gchar *approved_requests = requests_of (approved);
  g_autofree gchar *want_approved
    = g_strdup_printf ("op 2>3 goedgekeurd %s %s", c.regisseur, c.supervisor);
  ck_assert_str_eq (approved_requests, want_approved);
  g_autofree gchar *approved_history = history_of (approved);
  ck_assert_str_eq (approved_history, "2:closed,3:open");
  JsonObject *decided = json_array_get_object_element (
    json_object_get_array_member (plan_of (approved), "niveau_aanvragen"), 0);
  ck_assert_str_eq (json_object_get_string_member (decided, "besluit_reden"),
                    "Casusregie is nodig: akkoord");
  JsonObject *now_at = json_array_get_object_element (
    json_object_get_array_member (plan_of (approved), "niveau_historie"), 1);
  ck_assert_str_eq (json_object_get_string_member (now_at, "aanvraag_id"), request_id);
  g_autofree gchar *db_approved = levels_in_db (owner, household);
  g_autofree gchar *want_db = g_strdup_printf ("3|goedgekeurd %s", c.supervisor);
  ck_assert_str_eq (db_approved, want_db);

  /* Nothing waits any more: a second approval is 404 at aanvraag. */
  g_autoptr (EpHttpReply) again
    = ep_http_plan_call (&c.by_supervisor2, "POST", household, "/niveau/goedkeuren", APPROVE, 3);
  ep_http_assert_problem (again, 404, "/problems/not-found", "aanvraag_id");

  g_autofree gchar *trail = ladder_trail (owner, household);
  g_autofree gchar *want_trail
    = g_strdup_printf ("plan_level_request %s,plan_level_approve %s", c.regisseur, c.supervisor);
  ck_assert_str_eq (trail, want_trail);
  /* The version made by each step has its reason. */
  g_autoptr (EpDbParams) of_plan = ep_test_params (plan_id, NULL);
  g_autofree gchar *reasons = ep_test_query_value (
    owner,
    "SELECT string_agg (version || ' ' || reden, ',' ORDER BY version) FROM plan_version"
    " WHERE plan_id = $1 AND version > 1",
    of_plan);
  ck_assert_str_eq (reasons, "2 Problemen op meerdere leefgebieden,3 Casusregie is nodig: akkoord");
}
END_TEST

/* A supervisor of the team asks: they may not decide their own request (four eyes); a rejection
 * needs a reason and leaves the level as it was. */
START_TEST (test_level_rejected)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_auto (Crew) c = { 0 };
  crew_sign_in (&c);
  g_autofree gchar *household = jolanda_plan (&c, NULL, NULL);

  g_autofree gchar *up = level_body (4, NULL);
  g_autoptr (EpHttpReply) asked
    = ep_http_plan_call (&c.by_supervisor, "POST", household, "/niveau", up, 1);
  EP_ASSERT_STATUS (asked, 200);
  ck_assert_int_eq (json_object_get_int_member (plan_of (asked), "niveau"), 2);

  g_autoptr (EpHttpReply) own_approve
    = ep_http_plan_call (&c.by_supervisor, "POST", household, "/niveau/goedkeuren", APPROVE, 2);
  ep_http_assert_problem (own_approve, 403, "/problems/four-eyes", "aanvraag_id");
  g_autoptr (EpHttpReply) own_reject
    = ep_http_plan_call (&c.by_supervisor, "POST", household, "/niveau/afwijzen", REJECT, 2);
  ep_http_assert_problem (own_reject, 403, "/problems/four-eyes", "aanvraag_id");
  g_autoptr (EpHttpReply) outsider
    = ep_http_plan_call (&c.by_outsider, "POST", household, "/niveau/afwijzen", REJECT, 2);
  ep_http_assert_problem (outsider, 403, "/problems/other-team", "team");
  g_autoptr (EpHttpReply) no_reason = ep_http_plan_call (
    &c.by_supervisor2, "POST", household, "/niveau/afwijzen", "{\"reden\": \"nee\"}", 2);
  ep_http_assert_problem (no_reason, 422, "/problems/invalid", "reden");
  g_autoptr (EpHttpReply) no_body
    = ep_http_plan_call (&c.by_supervisor2, "POST", household, "/niveau/afwijzen", "{}", 2);
  ep_http_assert_problem (no_body, 422, "/problems/invalid", "reden");

  g_autoptr (EpHttpReply) rejected
    = ep_http_plan_call (&c.by_supervisor2, "POST", household, "/niveau/afwijzen", REJECT, 2);
  EP_ASSERT_STATUS (rejected, 200);
  ck_assert_str_eq (rejected->etag, "\"3\"");
  ck_assert_int_eq (json_object_get_int_member (plan_of (rejected), "niveau"), 2);
  ck_assert_ptr_null (waiting_of (rejected));
  g_autofree gchar *requests = requests_of (rejected);
  g_autofree gchar *want = g_strdup_printf ("op 2>4 afgewezen %s %s", c.supervisor, c.supervisor2);
  ck_assert_str_eq (requests, want);
  JsonObject *decided = json_array_get_object_element (
    json_object_get_array_member (plan_of (rejected), "niveau_aanvragen"), 0);
  ck_assert_str_eq (json_object_get_string_member (decided, "besluit_reden"),
                    "Eerst de afspraken op niveau 2 afmaken");
  g_autofree gchar *history = history_of (rejected);
  ck_assert_str_eq (history, "2:open");
  g_autofree gchar *db = levels_in_db (owner, household);
  g_autofree gchar *want_db = g_strdup_printf ("2|afgewezen %s", c.supervisor2);
  ck_assert_str_eq (db, want_db);
  g_autofree gchar *trail = ladder_trail (owner, household);
  g_autofree gchar *want_trail
    = g_strdup_printf ("plan_level_request %s,plan_level_reject %s", c.supervisor, c.supervisor2);
  ck_assert_str_eq (trail, want_trail);

  /* Decided: a new request may be asked again. */
  g_autofree gchar *three = level_body (3, NULL);
  g_autoptr (EpHttpReply) anew
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/niveau", three, 3);
  EP_ASSERT_STATUS (anew, 200);
  ck_assert_ptr_nonnull (waiting_of (anew));
}
END_TEST

/* Going down names an evaluation that decided afschalen, and then applies at once; at level 1 no
 * maatwerk is added. */
START_TEST (test_level_down)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_auto (Crew) c = { 0 };
  crew_sign_in (&c);
  g_autofree gchar *household = jolanda_plan (&c, NULL, NULL);
  g_autofree gchar *yesterday = day (-1);
  g_autofree gchar *later = day (90);

  g_autofree gchar *down = level_body (1, NULL);
  g_autoptr (EpHttpReply) unjustified
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/niveau", down, 1);
  ep_http_assert_problem (unjustified, 422, "/problems/invalid", "evaluatie_id");
  g_autoptr (EpHttpReply) same = ep_http_plan_call (&c.by_regisseur, "POST", household, "/niveau",
                                                    "{\"naar\": 2, \"reden\": \"Blijft zo\"}", 1);
  ep_http_assert_problem (same, 422, "/problems/invalid", "naar");
  g_autoptr (EpHttpReply) out_of_range = ep_http_plan_call (
    &c.by_regisseur, "POST", household, "/niveau", "{\"naar\": 5, \"reden\": \"Te hoog\"}", 1);
  ep_http_assert_problem (out_of_range, 422, "/problems/invalid", "naar");

  /* An evaluation that decided to go on does not justify going down. */
  g_autofree gchar *go_on = evaluation_body (yesterday, "doorgaan", later, "");
  g_autoptr (EpHttpReply) continued
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/evaluaties", go_on, 1);
  EP_ASSERT_STATUS (continued, 201);
  ck_assert_str_eq (continued->etag, "\"2\"");
  g_autofree gchar *not_down = level_body (1, last_evaluation (continued));
  g_autoptr (EpHttpReply) refused
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/niveau", not_down, 2);
  ep_http_assert_problem (refused, 422, "/problems/invalid", "evaluatie_id");
  g_autofree gchar *db_before = levels_in_db (owner, household);
  ck_assert_str_eq (db_before, "2|");

  /* One that decided afschalen does, at once: no supervisor. */
  g_autofree gchar *scale_down = evaluation_body (yesterday, "afschalen", later, "");
  g_autoptr (EpHttpReply) evaluated
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/evaluaties", scale_down, 2);
  EP_ASSERT_STATUS (evaluated, 201);
  g_autofree gchar *evaluation = g_strdup (last_evaluation (evaluated));
  g_autofree gchar *justified = level_body (1, evaluation);
  g_autoptr (EpHttpReply) applied
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/niveau", justified, 3);
  EP_ASSERT_STATUS (applied, 200);
  ck_assert_str_eq (applied->etag, "\"4\"");
  ck_assert_int_eq (json_object_get_int_member (plan_of (applied), "niveau"), 1);
  ck_assert_ptr_null (waiting_of (applied));
  g_autofree gchar *requests = requests_of (applied);
  g_autofree gchar *want = g_strdup_printf ("af 2>1 doorgevoerd %s -", c.regisseur);
  ck_assert_str_eq (requests, want);
  JsonObject *request = json_array_get_object_element (
    json_object_get_array_member (plan_of (applied), "niveau_aanvragen"), 0);
  ck_assert_str_eq (json_object_get_string_member (request, "evaluatie_id"), evaluation);
  g_autofree gchar *history = history_of (applied);
  ck_assert_str_eq (history, "2:closed,1:open");
  g_autofree gchar *db = levels_in_db (owner, household);
  ck_assert_str_eq (db, "1|doorgevoerd -");
  g_autofree gchar *trail = ladder_trail (owner, household);
  g_autofree gchar *want_trail = g_strdup_printf (
    "plan_evaluate %1$s,plan_evaluate %1$s,plan_level_request %1$s", c.regisseur);
  ck_assert_str_eq (trail, want_trail);

  /* At level 1, no maatwerk. */
  g_autoptr (EpHttpReply) maatwerk = ep_http_plan_call (
    &c.by_regisseur, "POST", household, "/afspraken",
    "{\"doel_id\": null, \"soort\": \"maatwerkvoorziening\", \"omschrijving\": \"Begeleiding\","
    " \"uitvoerder\": \"De Linde\", \"wet\": \"WMO\", \"productcategorie\": \"02\","
    " \"aanbieder\": \"De Linde\", \"omvang\": {\"volume\": 102, \"eenheid\": \"01\","
    " \"frequentie\": \"2\"}, \"begindatum\": \"2026-12-07\", \"reden\": \"Begeleiding\"}",
    4);
  ep_http_assert_problem (maatwerk, 422, "/problems/invalid", "soort");
}
END_TEST

/* ---- evaluations ------------------------------------------------------------------------ */

/* An evaluation with outcomes per goal and ZRM re-scores: the goal's status, the plan's next
 * date, the ZRM change since the intake in the plan; refusals with their paths. */
START_TEST (test_evaluation)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_auto (Crew) c = { 0 };
  crew_sign_in (&c);
  g_autofree gchar *person = NULL;
  g_autofree gchar *plan_id = NULL;
  g_autofree gchar *household = jolanda_plan (&c, &person, &plan_id);
  g_autofree gchar *held = day (-1); /* (see day()) */
  g_autofree gchar *tomorrow = day (1);
  g_autofree gchar *later = day (120);

  /* A goal to evaluate: her debts (the need under WGS). */
  g_autoptr (EpHttpReply) plan = ep_http_plan_call (&c.by_regisseur, "GET", household, "", NULL, 0);
  JsonArray *needs = json_object_get_array_member (plan_of (plan), "hulpvragen");
  const gchar *wgs = NULL;
  for (guint i = 0; i < json_array_get_length (needs); i++)
    if (strcmp (json_object_get_string_member (json_array_get_object_element (needs, i), "wet"),
                "WGS")
        == 0)
      wgs = json_object_get_string_member (json_array_get_object_element (needs, i), "id");
  ck_assert_ptr_nonnull (wgs);
  g_autofree gchar *goal_body
    = g_strdup_printf ("{\"omschrijving\": \"De schulden zijn geregeld\", \"leden\": [\"%s\"],"
                       " \"hulpvragen\": [\"%s\"], \"reden\": \"Doel afgesproken\"}",
                       person, wgs);
  g_autoptr (EpHttpReply) goal
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/doelen", goal_body, 1);
  EP_ASSERT_STATUS (goal, 201);
  JsonArray *goals = json_object_get_array_member (plan_of (goal), "doelen");
  g_autofree gchar *goal_id
    = g_strdup (json_object_get_string_member (json_array_get_object_element (goals, 0), "id"));

  /* Refusals: not a goal of this plan, a date to come, a next date not after it, an unknown
   * decision, a ZRM score out of range, a casemanager. Nothing is written. */
  const struct
  {
    gchar *body;
    const gchar *path;
  } refusals[] = {
    { g_strdup_printf ("{\"datum\": \"%s\", \"doelen\": [{\"doel_id\": \"%s\", \"status\":"
                       " \"behaald\", \"uitkomst\": \"Klaar\"}], \"besluit\": \"doorgaan\","
                       " \"volgende_evaluatie\": \"%s\", \"reden\": \"Evaluatie\"}",
                       held, plan_id, later),
      "doelen[0].doel_id" },
    { evaluation_body (tomorrow, "doorgaan", later, ""), "datum" },
    { evaluation_body (held, "doorgaan", held, ""), "volgende_evaluatie" },
    { evaluation_body (held, "misschien", later, ""), "besluit" },
    { evaluation_body (held, "doorgaan", later,
                       ", \"zrm\": [{\"lid\": \"00000000-0000-7000-8000-000000000000\", "
                       "\"leefgebied\": \"financien\", \"score\": 3}]"),
      "zrm[0].lid" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr (EpHttpReply) reply = ep_http_plan_call (&c.by_regisseur, "POST", household,
                                                         "/evaluaties", refusals[i].body, 2);
      ep_http_assert_problem (reply, 422, "/problems/invalid", refusals[i].path);
      g_free (refusals[i].body);
    }
  g_autofree gchar *scores = g_strdup_printf (
    ", \"zrm\": [{\"lid\": \"%s\", \"leefgebied\": \"financien\", \"score\": 9}]", person);
  g_autofree gchar *too_high = evaluation_body (held, "doorgaan", later, scores);
  g_autoptr (EpHttpReply) high
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/evaluaties", too_high, 2);
  ep_http_assert_problem (high, 422, "/problems/invalid", "zrm[0].score");
  g_autofree gchar *plain = evaluation_body (held, "doorgaan", later, "");
  g_autoptr (EpHttpReply) by_worker
    = ep_http_plan_call (&c.by_casemanager, "POST", household, "/evaluaties", plain, 2);
  ep_http_assert_problem (by_worker, 403, "/problems/forbidden", NULL);
  g_autoptr (EpHttpReply) outsider
    = ep_http_plan_call (&c.by_outsider, "POST", household, "/evaluaties", plain, 2);
  ep_http_assert_problem (outsider, 403, "/problems/other-team", "team");
  g_autoptr (EpDbParams) of_plan = ep_test_params (plan_id, NULL);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM plan_evaluation WHERE plan_id = $1", of_plan),
    0);

  /* The evaluation: the goal partly reached, her finances from 1 (the intake) to 3, work still 2. */
  g_autofree gchar *body = g_strdup_printf (
    "{\"datum\": \"%s\", \"doelen\": [{\"doel_id\": \"%s\", \"status\": \"deels_behaald\","
    " \"uitkomst\": \"Bewindvoering loopt, twee schulden geregeld\"}], \"zrm\": [{\"lid\": \"%s\","
    " \"leefgebied\": \"financien\", \"score\": 3}, {\"lid\": \"%s\", \"leefgebied\":"
    " \"werk_opleiding\", \"score\": 2}], \"besluit\": \"bijstellen\", \"toelichting\":"
    " \"Doel bijgesteld\", \"volgende_evaluatie\": \"%s\", \"reden\": \"Evaluatiegesprek\"}",
    held, goal_id, person, person, later);
  g_autoptr (EpHttpReply) evaluated
    = ep_http_plan_call (&c.by_regisseur, "POST", household, "/evaluaties", body, 2);
  EP_ASSERT_STATUS (evaluated, 201);
  ck_assert_str_eq (evaluated->etag, "\"3\"");
  JsonObject *p = plan_of (evaluated);
  ck_assert_str_eq (json_object_get_string_member (p, "volgende_evaluatie"), later);
  ck_assert_str_eq (
    json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (p, "doelen"), 0), "status"),
    "deels_behaald");
  JsonArray *evaluations = json_object_get_array_member (p, "evaluaties");
  ck_assert_uint_eq (json_array_get_length (evaluations), 1);
  JsonObject *e = json_array_get_object_element (evaluations, 0);
  ck_assert_str_eq (json_object_get_string_member (e, "datum"), held);
  ck_assert_str_eq (json_object_get_string_member (e, "besluit"), "bijstellen");
  ck_assert_str_eq (json_object_get_string_member (e, "door"), c.regisseur);
  ck_assert (json_object_get_boolean_member (e, "op_tijd"));
  JsonObject *outcome
    = json_array_get_object_element (json_object_get_array_member (e, "doelen"), 0);
  ck_assert_str_eq (json_object_get_string_member (outcome, "doel_id"), goal_id);
  ck_assert_str_eq (json_object_get_string_member (outcome, "uitkomst"),
                    "Bewindvoering loopt, twee schulden geregeld");
  /* The ZRM change since the intake, per member and domain (ordered by domain). */
  JsonArray *zrm = json_object_get_array_member (e, "zrm");
  ck_assert_uint_eq (json_array_get_length (zrm), 2);
  const struct
  {
    const gchar *leefgebied;
    gint64 score, intake, verschil;
  } want[] = { { "financien", 3, 1, 2 }, { "werk_opleiding", 2, 2, 0 } };
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *z = json_array_get_object_element (zrm, i);
      ck_assert_str_eq (json_object_get_string_member (z, "lid"), person);
      ck_assert_str_eq (json_object_get_string_member (z, "leefgebied"), want[i].leefgebied);
      ck_assert_int_eq (json_object_get_int_member (z, "score"), want[i].score);
      ck_assert_int_eq (json_object_get_int_member (z, "intake_score"), want[i].intake);
      ck_assert_int_eq (json_object_get_int_member (z, "verschil"), want[i].verschil);
      ck_assert_str_ne (json_object_get_string_member (z, "intake_id"), "");
    }
  g_autofree gchar *row = ep_test_query_value (
    owner,
    "SELECT e.besluit || ' ' || p.volgende_evaluatie || ' ' || (SELECT count(*)"
    "         FROM plan_evaluation_score s WHERE s.gemeente = e.gemeente"
    "          AND s.evaluation_id = e.id)"
    "  FROM plan_evaluation e JOIN plan p ON p.gemeente = e.gemeente AND p.id = e.plan_id"
    " WHERE e.plan_id = $1",
    of_plan);
  g_autofree gchar *want_row = g_strdup_printf ("bijstellen %s 2", later);
  ck_assert_str_eq (row, want_row);
  g_autofree gchar *trail = ladder_trail (owner, household);
  g_autofree gchar *want_trail = g_strdup_printf ("plan_evaluate %s", c.regisseur);
  ck_assert_str_eq (trail, want_trail);
}
END_TEST

/* ---- the supervisor's views ------------------------------------------------------------- */

/* The ids of the array member @list of @reply's object, each item's @member, joined with ",". */
static gchar *
ids_of (JsonObject *o, const gchar *list, const gchar *member)
{
  JsonArray *items = json_object_get_array_member (o, list);
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (
      s, "%s%s", i > 0 ? "," : "",
      json_object_get_string_member (json_array_get_object_element (items, i), member));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static EpHttpReply *
view (const EpHttpClient *client, const gchar *path)
{
  g_autofree gchar *full = g_strconcat ("/api/v1/toezicht", path, NULL);
  return ep_http (client, "GET", full, NULL, NULL);
}

/* The crew's team with two plans: the first waits for level 3 and its evaluation is overdue by
 * three days, the second went to level 3 with the supervisor's approval. Each view answers
 * exactly those; another team's supervisor sees none of them; a supervisor of no team none. */
START_TEST (test_views)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_auto (Crew) c = { 0 };
  crew_sign_in (&c);
  g_autofree gchar *first_plan = NULL;
  g_autofree gchar *second_plan = NULL;
  g_autofree gchar *first = jolanda_plan (&c, NULL, &first_plan);
  g_autofree gchar *second = jolanda_plan (&c, NULL, &second_plan);
  g_autofree gchar *ten_ago = day (-10);
  g_autofree gchar *three_ago = day (-3);
  g_autofree gchar *month_ago = day (-30);
  g_autofree gchar *today = day (0);

  /* The first: evaluated ten days ago with its next evaluation three days ago; then level 3
   * asked. */
  g_autofree gchar *overdue = evaluation_body (ten_ago, "opschalen", three_ago, "");
  g_autoptr (EpHttpReply) evaluated
    = ep_http_plan_call (&c.by_regisseur, "POST", first, "/evaluaties", overdue, 1);
  EP_ASSERT_STATUS (evaluated, 201);
  g_autofree gchar *up = level_body (3, NULL);
  g_autoptr (EpHttpReply) asked
    = ep_http_plan_call (&c.by_regisseur, "POST", first, "/niveau", up, 2);
  EP_ASSERT_STATUS (asked, 200);
  g_autofree gchar *first_request
    = g_strdup (json_object_get_string_member (waiting_of (asked), "id"));
  /* The second: level 3 asked and approved. */
  g_autoptr (EpHttpReply) asked2
    = ep_http_plan_call (&c.by_regisseur, "POST", second, "/niveau", up, 1);
  EP_ASSERT_STATUS (asked2, 200);
  g_autofree gchar *second_request
    = g_strdup (json_object_get_string_member (waiting_of (asked2), "id"));
  g_autoptr (EpHttpReply) approved
    = ep_http_plan_call (&c.by_supervisor, "POST", second, "/niveau/goedkeuren", APPROVE, 2);
  EP_ASSERT_STATUS (approved, 200);

  /* Pending: the first plan's request, with the version to decide it with. */
  g_autoptr (EpDbParams) by_supervisor = ep_test_params (c.supervisor2, NULL);
  const gchar *count_reads = "SELECT count(*) FROM access_log WHERE actor_id = $1"
                             "   AND action = 'read' AND entity_type = 'plan'";
  gint64 reads_before = ep_test_query_int (owner, count_reads, by_supervisor);
  g_autoptr (EpHttpReply) pending = view (&c.by_supervisor2, "/aanvragen");
  EP_ASSERT_STATUS (pending, 200);
  JsonObject *o = plan_of (pending);
  JsonObject *team = json_object_get_object_member (o, "team");
  ck_assert_str_eq (json_object_get_string_member (team, "naam"), c.team);
  ck_assert_str_ne (json_object_get_string_member (team, "id"), "");
  g_autofree gchar *pending_ids = ids_of (o, "aanvragen", "aanvraag_id");
  ck_assert_str_eq (pending_ids, first_request);
  JsonObject *item
    = json_array_get_object_element (json_object_get_array_member (o, "aanvragen"), 0);
  ck_assert_str_eq (json_object_get_string_member (item, "plan_id"), first_plan);
  ck_assert_str_eq (json_object_get_string_member (item, "household_id"), first);
  ck_assert_int_eq (json_object_get_int_member (item, "version"), 3);
  ck_assert_int_eq (json_object_get_int_member (item, "van"), 2);
  ck_assert_int_eq (json_object_get_int_member (item, "naar"), 3);
  ck_assert_str_eq (json_object_get_string_member (item, "aangevraagd_door"), c.regisseur);
  ck_assert_str_eq (json_object_get_string_member (item, "regisseur"), c.regisseur);
  /* One access-log row for the plan shown. */
  ck_assert_int_eq (ep_test_query_int (owner, count_reads, by_supervisor), reads_before + 1);

  /* Level changes asked since yesterday: both, oldest first, with their counts. */
  g_autofree gchar *yesterday = day (-1);
  g_autofree gchar *levels_path = g_strdup_printf ("/niveaus?van=%s", yesterday);
  g_autoptr (EpHttpReply) levels = view (&c.by_supervisor2, levels_path);
  EP_ASSERT_STATUS (levels, 200);
  o = plan_of (levels);
  ck_assert_str_eq (json_object_get_string_member (o, "van"), yesterday);
  ck_assert_str_eq (json_object_get_string_member (o, "tot"), today);
  g_autofree gchar *level_ids = ids_of (o, "wijzigingen", "aanvraag_id");
  g_autofree gchar *want_levels = g_strdup_printf ("%s,%s", first_request, second_request);
  ck_assert_str_eq (level_ids, want_levels);
  g_autofree gchar *level_status = ids_of (o, "wijzigingen", "status");
  ck_assert_str_eq (level_status, "aangevraagd,goedgekeurd");
  JsonObject *decided
    = json_array_get_object_element (json_object_get_array_member (o, "wijzigingen"), 1);
  ck_assert_str_eq (json_object_get_string_member (decided, "besloten_door"), c.supervisor);
  ck_assert_str_eq (json_object_get_string_member (decided, "besluit_reden"),
                    "Casusregie is nodig: akkoord");
  ck_assert_str_eq (json_object_get_string_member (decided, "reden"),
                    "Problemen op meerdere leefgebieden");
  ck_assert_int_eq (json_object_get_int_member (o, "opgeschaald"), 1);
  ck_assert_int_eq (json_object_get_int_member (o, "afgeschaald"), 0);
  ck_assert_int_eq (json_object_get_int_member (o, "afgewezen"), 0);
  ck_assert_int_eq (json_object_get_int_member (o, "in_afwachting"), 1);

  /* Time at each level: both plans, in order of creation; none at 1 or 4; the team's total the
   * sum of the plans'. */
  g_autofree gchar *time_path
    = g_strdup_printf ("/tijd-per-niveau?van=%s&tot=%s", yesterday, today);
  g_autoptr (EpHttpReply) time = view (&c.by_supervisor2, time_path);
  EP_ASSERT_STATUS (time, 200);
  o = plan_of (time);
  JsonObject *o_time = o;
  ck_assert_int_eq (json_object_get_int_member (o, "aantal"), 2);
  g_autofree gchar *time_ids = ids_of (o, "plannen", "plan_id");
  g_autofree gchar *want_plans = g_strdup_printf ("%s,%s", first_plan, second_plan);
  ck_assert_str_eq (time_ids, want_plans);
  JsonArray *plans = json_object_get_array_member (o, "plannen");
  JsonObject *total
    = json_object_get_object_member (json_object_get_object_member (o, "totaal"), "seconden");
  const gint64 want_level[] = { 2, 3 };
  for (gint level = 1; level <= 4; level++)
    {
      gchar key[2] = { (gchar) ('0' + level), '\0' };
      gint64 sum = 0;
      for (guint i = 0; i < 2; i++)
        {
          JsonObject *plan = json_array_get_object_element (plans, i);
          ck_assert_int_eq (json_object_get_int_member (plan, "niveau"), want_level[i]);
          ck_assert_str_eq (json_object_get_string_member (plan, "regisseur"), c.regisseur);
          gint64 s
            = json_object_get_int_member (json_object_get_object_member (plan, "seconden"), key);
          ck_assert_int_ge (s, 0);
          if (level == 1 || level == 4 || (i == 0 && level == 3))
            ck_assert_int_eq (s, 0);
          sum += s;
        }
      ck_assert_int_eq (json_object_get_int_member (total, key), sum);
    }

  /* Overdue: the first plan, three days late, for the supervisor (the team) and the regisseur
   * (their own, no team). */
  for (gint who = 0; who < 2; who++)
    {
      g_autoptr (EpHttpReply) late
        = view (who == 0 ? &c.by_supervisor2 : &c.by_regisseur, "/achterstallig");
      EP_ASSERT_STATUS (late, 200);
      o = plan_of (late);
      ck_assert (who == 0 ? !json_object_get_null_member (o, "team")
                          : json_object_get_null_member (o, "team"));
      ck_assert_str_eq (json_object_get_string_member (o, "datum"), today);
      ck_assert_int_eq (json_object_get_int_member (o, "aantal"), 1);
      g_autofree gchar *regisseurs = ids_of (o, "regisseurs", "regisseur");
      ck_assert_str_eq (regisseurs, c.regisseur);
      JsonObject *r
        = json_array_get_object_element (json_object_get_array_member (o, "regisseurs"), 0);
      ck_assert_int_eq (json_object_get_int_member (r, "aantal"), 1);
      g_autofree gchar *late_ids = ids_of (o, "plannen", "plan_id");
      ck_assert_str_eq (late_ids, first_plan);
      JsonObject *plan
        = json_array_get_object_element (json_object_get_array_member (o, "plannen"), 0);
      ck_assert_str_eq (json_object_get_string_member (plan, "regisseur"), c.regisseur);
      ck_assert_str_eq (json_object_get_string_member (plan, "volgende_evaluatie"), three_ago);
      ck_assert_int_eq (json_object_get_int_member (plan, "dagen_te_laat"), 3);
      ck_assert_int_eq (json_object_get_int_member (plan, "niveau"), 2);
      ck_assert (json_object_get_null_member (o, "next_cursor"));
    }
  /* regisseur= narrows the list, not the counts. */
  g_autofree gchar *of_other = g_strdup_printf ("/achterstallig?regisseur=%s", c.supervisor);
  g_autoptr (EpHttpReply) narrowed = view (&c.by_supervisor2, of_other);
  EP_ASSERT_STATUS (narrowed, 200);
  o = plan_of (narrowed);
  ck_assert_int_eq (json_object_get_int_member (o, "aantal"), 1);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (o, "regisseurs")), 1);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (o, "plannen")), 0);

  /* A page at a time: limit=1 shows the first plan with a cursor to the second, which is the
   * last; the counts and sums are the team's on both pages; one access-log row per page. */
  gint64 reads_paged = ep_test_query_int (owner, count_reads, by_supervisor);
  g_autofree gchar *page1_path
    = g_strdup_printf ("/tijd-per-niveau?van=%s&tot=%s&limit=1", yesterday, today);
  g_autoptr (EpHttpReply) page1 = view (&c.by_supervisor2, page1_path);
  EP_ASSERT_STATUS (page1, 200);
  JsonObject *p1 = plan_of (page1);
  g_autofree gchar *page1_ids = ids_of (p1, "plannen", "plan_id");
  ck_assert_str_eq (page1_ids, first_plan);
  ck_assert_int_eq (json_object_get_int_member (p1, "aantal"), 2);
  ck_assert_str_eq (json_object_get_string_member (p1, "next_cursor"), "1");
  g_autofree gchar *page2_path = g_strdup_printf ("%s&cursor=1", page1_path);
  g_autoptr (EpHttpReply) page2 = view (&c.by_supervisor2, page2_path);
  EP_ASSERT_STATUS (page2, 200);
  JsonObject *p2 = plan_of (page2);
  g_autofree gchar *page2_ids = ids_of (p2, "plannen", "plan_id");
  ck_assert_str_eq (page2_ids, second_plan);
  ck_assert (json_object_get_null_member (p2, "next_cursor"));
  g_autofree gchar *total1 = json_to_string (json_object_get_member (p1, "totaal"), FALSE);
  g_autofree gchar *total2 = json_to_string (json_object_get_member (p2, "totaal"), FALSE);
  g_autofree gchar *total_all = json_to_string (json_object_get_member (o_time, "totaal"), FALSE);
  ck_assert_str_eq (total1, total_all);
  ck_assert_str_eq (total2, total_all);
  ck_assert_int_eq (ep_test_query_int (owner, count_reads, by_supervisor), reads_paged + 2);

  /* Regie op regie over the last month; regie since the day each plan's document says. */
  g_autoptr (EpHttpReply) first_now
    = ep_http_plan_call (&c.by_regisseur, "GET", first, "", NULL, 0);
  g_autoptr (EpHttpReply) second_now
    = ep_http_plan_call (&c.by_regisseur, "GET", second, "", NULL, 0);
  const gchar *regie_since[] = {
    json_object_get_string_member (json_object_get_object_member (plan_of (first_now), "regisseur"),
                                   "sinds"),
    json_object_get_string_member (
      json_object_get_object_member (plan_of (second_now), "regisseur"), "sinds"),
  };
  g_autofree gchar *regie_path = g_strdup_printf ("/regie?van=%s", month_ago);
  g_autoptr (EpHttpReply) regie = view (&c.by_supervisor2, regie_path);
  EP_ASSERT_STATUS (regie, 200);
  o = plan_of (regie);
  ck_assert_str_eq (json_object_get_string_member (o, "datum"), today);
  g_autofree gchar *regie_ids = ids_of (o, "plannen", "plan_id");
  ck_assert_str_eq (regie_ids, want_plans);
  const struct
  {
    gint64 niveau;
    gboolean te_laat;
    gint64 evaluaties, op_tijd, opgeschaald;
  } want_regie[] = { { 2, TRUE, 1, 1, 0 }, { 3, FALSE, 0, 0, 1 } };
  plans = json_object_get_array_member (o, "plannen");
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *plan = json_array_get_object_element (plans, i);
      ck_assert_str_eq (json_object_get_string_member (plan, "status"), "actief");
      ck_assert_str_eq (json_object_get_string_member (plan, "regisseur"), c.regisseur);
      ck_assert_str_eq (json_object_get_string_member (plan, "regie_sinds"), regie_since[i]);
      ck_assert_int_eq (json_object_get_int_member (plan, "niveau"), want_regie[i].niveau);
      ck_assert_int_eq (json_object_get_boolean_member (plan, "te_laat"), want_regie[i].te_laat);
      ck_assert_int_eq (json_object_get_int_member (plan, "evaluaties"), want_regie[i].evaluaties);
      ck_assert_int_eq (json_object_get_int_member (plan, "op_tijd"), want_regie[i].op_tijd);
      ck_assert_int_eq (json_object_get_int_member (plan, "opgeschaald"),
                        want_regie[i].opgeschaald);
      ck_assert_int_eq (json_object_get_int_member (plan, "afgeschaald"), 0);
    }

  /* Another team's supervisor sees none of them. */
  g_autoptr (EpHttpReply) theirs = view (&c.by_outsider, "/aanvragen");
  EP_ASSERT_STATUS (theirs, 200);
  ck_assert_uint_eq (
    json_array_get_length (json_object_get_array_member (plan_of (theirs), "aanvragen")), 0);
  g_autoptr (EpHttpReply) their_regie = view (&c.by_outsider, regie_path);
  EP_ASSERT_STATUS (their_regie, 200);
  ck_assert_uint_eq (
    json_array_get_length (json_object_get_array_member (plan_of (their_regie), "plannen")), 0);
}
END_TEST

/* What the views refuse: a period or a page that is not one (422 naming the parameter), a
 * supervisor of no
 * team (403 other-team), roles without the permission (403 forbidden). */
START_TEST (test_views_refused)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_auto (Crew) c = { 0 };
  crew_sign_in (&c);
  const struct
  {
    const gchar *path, *param;
  } periods[] = {
    { "/niveaus", "van" },
    { "/niveaus?van=2026-13-01", "van" },
    { "/tijd-per-niveau?van=2026-02-30", "van" },
    { "/regie?van=gisteren", "van" },
    { "/regie?van=2026-01-01&tot=2026-01-32", "tot" },
    { "/niveaus?van=2026-03-01&tot=2026-02-28", "tot" },
    { "/tijd-per-niveau?tot=2026-02-28", "van" },
    { "/niveaus?van=2026-01-01&limit=0", "limit" },
    { "/tijd-per-niveau?van=2026-01-01&limit=201", "limit" },
    { "/achterstallig?limit=0", "limit" },
    { "/regie?van=2026-01-01&limit=0", "limit" },
    { "/niveaus?van=2026-01-01&cursor=abc", "cursor" },
    { "/tijd-per-niveau?van=2026-01-01&cursor=-1", "cursor" },
    { "/achterstallig?cursor=1x", "cursor" },
    { "/regie?van=2026-01-01&cursor=", "cursor" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autoptr (EpHttpReply) reply = view (&c.by_supervisor, periods[i].path);
      ep_http_assert_problem (reply, 422, "/problems/invalid", periods[i].param);
    }

  g_autofree gchar *loner = ep_http_new_user (GM, "supervisor", NULL);
  g_autoptr (EpDbParams) of_loner = ep_test_params (loner, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "WITH u AS (UPDATE app_user SET team_id = NULL"
                                       "            WHERE gemeente = '" GM "' AND username = $1"
                                       "            RETURNING 1) SELECT count(*) FROM u",
                                       of_loner),
                    1);
  g_auto (EpHttpClient) by_loner = { 0 };
  ep_http_sign_in (&by_loner, GM, loner, TRUE);
  const gchar *const views[]
    = { "/aanvragen", "/niveaus?van=2026-01-01", "/tijd-per-niveau?van=2026-01-01",
        "/achterstallig", "/regie?van=2026-01-01" };
  for (gsize i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autoptr (EpHttpReply) reply = view (&by_loner, views[i]);
      ep_http_assert_problem (reply, 403, "/problems/other-team", "team");
      g_autoptr (EpHttpReply) by_worker = view (&c.by_casemanager, views[i]);
      ep_http_assert_problem (by_worker, 403, "/problems/forbidden", NULL);
    }
  /* A regisseur sees only their own overdue evaluations: the other views are a supervisor's. */
  for (gsize i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autoptr (EpHttpReply) reply = view (&c.by_regisseur, views[i]);
      if (strcmp (views[i], "/achterstallig") == 0)
        EP_ASSERT_STATUS (reply, 200);
      else
        ep_http_assert_problem (reply, 403, "/problems/forbidden", NULL);
    }
}
END_TEST

Suite *
ep_http_ladder_suite (void)
{
  Suite *suite = suite_create ("ladder");
  TCase *tc = tcase_create ("ladder");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_level_up_approved);
  tcase_add_test (tc, test_level_rejected);
  tcase_add_test (tc, test_level_down);
  tcase_add_test (tc, test_evaluation);
  tcase_add_test (tc, test_views);
  tcase_add_test (tc, test_views_refused);
  suite_add_tcase (suite, tc);
  return suite;
}
