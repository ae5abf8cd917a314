/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-ladder.c: the AVE ladder, evaluations and the supervisor's views (plans/ plan-level.c,
 * plan-evaluation.c, plan-supervise.c; migration 0011) against a real PostgreSQL.
 *
 * The ladder's tests record Jolanda's intake for a household of their own (as test-plan.c does)
 * and act as users of two teams: the four eyes, approval before level 3, a rejection, going down
 * on an evaluation, no maatwerk at level 1, a supervisor of another team — each refused by the
 * library with its exact code and path and, where PostgreSQL holds the rule, by PostgreSQL itself
 * as the application role; every step in the audit trail with its actor. The supervisor's views
 * are asserted exactly on a fixed dataset (a team of its own, plans and level changes written by
 * the schema owner with fixed timestamps) with a fixed clock.
 */
#include "db-suites.h"
#include "jolanda-case.h"

#include "ep-json.h"
#include "ep-plan-supervise.h"
#include "ep-plan.h"

#include <stdarg.h>
#include <string.h>

static const EpDbTxContext case_worker
  = { .gemeente = EP_TEST_GM_A, .actor_id = "l.casemanager", .actor_role = "casemanager" };
static const EpDbTxContext regisseur
  = { .gemeente = EP_TEST_GM_A, .actor_id = "l.regisseur", .actor_role = "regisseur" };
static const EpDbTxContext supervisor
  = { .gemeente = EP_TEST_GM_A, .actor_id = "l.supervisor", .actor_role = "supervisor" };
static const EpDbTxContext supervisor_b
  = { .gemeente = EP_TEST_GM_A, .actor_id = "l.supervisor2", .actor_role = "supervisor" };
static const EpDbTxContext other_team
  = { .gemeente = EP_TEST_GM_A, .actor_id = "l.buiten", .actor_role = "supervisor" };

#define ASSERT_PLAN_ERROR(error, want_code, want_path)                                             \
  do                                                                                               \
    {                                                                                              \
      const GError *e_ = (error);                                                                  \
      ck_assert_msg (e_ != NULL, "expected an error at %s, got none", (want_path));                \
      ck_assert_msg (g_error_matches (e_, EP_PLAN_ERROR, (want_code)),                             \
                     "expected EP_PLAN_ERROR %d at %s, got %s %d: %s", (int) (want_code),          \
                     (want_path), g_quark_to_string (e_->domain), e_->code, e_->message);          \
      g_autofree gchar *path_ = ep_plan_error_path (e_);                                           \
      ck_assert_str_eq (path_, (want_path));                                                       \
    }                                                                                              \
  while (0)

static JsonNode *G_GNUC_PRINTF (1, 2) body (const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree gchar *text = g_strdup_vprintf (format, args);
  va_end (args);
  g_autoptr (GError) error = NULL;
  JsonNode *node = ep_json_parse (text, -1, &error);
  ck_assert_msg (node != NULL, "%s: %s", text, error ? error->message : "");
  return node;
}

/* One row, one column of @sql with text parameters (NULL-terminated). Returns: (transfer full). */
static gchar *
query (PGconn *conn, const gchar *sql, ...)
{
  va_list args;
  va_start (args, sql);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  for (const gchar *p = va_arg (args, const gchar *); p != NULL; p = va_arg (args, const gchar *))
    ep_db_params_add_text (params, p);
  va_end (args);
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) res = ep_db_exec (conn, sql, params, PGRES_TUPLES_OK, "query", &error);
  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  ck_assert_int_eq (PQntuples (res), 1);
  return PQgetisnull (res, 0, 0) ? NULL : g_strdup (PQgetvalue (res, 0, 0));
}

/* As query(), with exactly @n text parameters, NULL ones among them. */
static gchar *
query_n (PGconn *conn, const gchar *sql, guint n, ...)
{
  va_list args;
  va_start (args, n);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  for (guint i = 0; i < n; i++)
    ep_db_params_add_text (params, va_arg (args, const gchar *));
  va_end (args);
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) res = ep_db_exec (conn, sql, params, PGRES_TUPLES_OK, "query", &error);
  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  ck_assert_int_eq (PQntuples (res), 1);
  return PQgetisnull (res, 0, 0) ? NULL : g_strdup (PQgetvalue (res, 0, 0));
}

/* Team A: the plan's people and a second supervisor; team B: one supervisor. */
static void
ensure_users (PGconn *owner)
{
  ep_test_db_exec (
    owner, "INSERT INTO team (gemeente, naam) VALUES ('GM0164', 'Ladder team A'),"
           " ('GM0164', 'Ladder team B') ON CONFLICT DO NOTHING;"
           "INSERT INTO app_user (gemeente, username, display_name, role, team_id)"
           " SELECT 'GM0164', u.name, u.naam, u.role, t.id"
           "   FROM (VALUES ('l.regisseur', 'Rana Demir', 'regisseur', 'Ladder team A'),"
           "                ('l.casemanager', 'Bo Jansen', 'casemanager', 'Ladder team A'),"
           "                ('l.supervisor', 'Iris Kok', 'supervisor', 'Ladder team A'),"
           "                ('l.supervisor2', 'Joost Bakker', 'supervisor', 'Ladder team A'),"
           "                ('l.buiten', 'Kees Mol', 'supervisor', 'Ladder team B'))"
           "        AS u (name, naam, role, team)"
           "   JOIN team t ON t.gemeente = 'GM0164' AND t.naam = u.team"
           " ON CONFLICT DO NOTHING");
}

typedef struct
{
  PGconn *owner;
  PGconn *app;
  gchar *household;
  gchar *jolanda;
  gchar *plan;
  gchar *goal;
} Case;

static void
case_clear (Case *c)
{
  g_clear_pointer (&c->household, g_free);
  g_clear_pointer (&c->jolanda, g_free);
  g_clear_pointer (&c->plan, g_free);
  g_clear_pointer (&c->goal, g_free);
  g_clear_pointer (&c->app, ep_db_close);
  g_clear_pointer (&c->owner, ep_db_close);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

static gint
version (Case *c)
{
  g_autofree gchar *v
    = query (c->owner, "SELECT version FROM plan WHERE id = $1::uuid", c->plan, NULL);
  return atoi (v);
}

static gint
level (Case *c)
{
  g_autofree gchar *v
    = query (c->owner, "SELECT niveau FROM plan WHERE id = $1::uuid", c->plan, NULL);
  return atoi (v);
}

/* Jolanda's finalised intake in a household of its own, her plan (at level 2, version 1) and one
 * goal (version 2). */
static void
case_init (Case *c)
{
  c->owner = ep_test_db_owner (ep_test_cluster);
  c->app = ep_test_db_app (ep_test_cluster);
  ensure_users (c->owner);
  JolandaCase j = { 0 };
  jolanda_case_init (&j, c->owner, c->app, &case_worker);
  c->household = j.household;
  c->jolanda = j.jolanda;
  g_free (j.intake);
  g_autoptr (GError) error = NULL;

  g_autoptr (JsonNode) create = body ("{\"regisseur\": \"l.regisseur\", \"aanspreekpunt\":"
                                      " \"l.regisseur\", \"reden\": \"Start van het gezinsplan\"}");
  EP_ASSERT_NO_ERROR (ep_plan_create (c->app, &regisseur, c->household, create, &c->plan, &error),
                      error);
  g_autofree gchar *need = query (c->owner,
                                  "SELECT id FROM plan_need WHERE plan_id = $1::uuid"
                                  " ORDER BY added_at, id LIMIT 1",
                                  c->plan, NULL);
  g_autoptr (JsonNode) goal
    = body ("{\"omschrijving\": \"Jolanda heeft betaald werk\", \"leden\": [\"%s\"],"
            " \"hulpvragen\": [\"%s\"], \"reden\": \"Eerste doel\"}",
            c->jolanda, need);
  EP_ASSERT_NO_ERROR (
    ep_plan_put_goal (c->app, &regisseur, c->household, NULL, 1, goal, &c->goal, NULL, &error),
    error);
}

/* Runs @sql on the application role as @actor (@role) of GM0164: PostgreSQL's own rules. */
static gboolean
as_app (PGconn *app, const gchar *actor, const gchar *role, const gchar *sql, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, actor);
  ep_db_params_add_text (params, role);
  g_autoptr (PGresult) set = ep_db_exec (app,
                                         "SELECT set_config ('eenplan.gemeente', 'GM0164', false),"
                                         " set_config ('eenplan.actor', $1, false),"
                                         " set_config ('eenplan.actor_role', $2, false)",
                                         params, PGRES_TUPLES_OK, "set the tenant", error);
  return set != NULL && ep_db_exec_script (app, sql, "straight SQL", error);
}

/* The audit events of the plan with @action, as "actor" lines in order. */
static gchar *
audit_of (Case *c, const gchar *action)
{
  return query (c->owner,
                "SELECT coalesce (string_agg (actor_id, ',' ORDER BY id), '') FROM audit_event"
                " WHERE entity_type = 'plan' AND entity_id = $1 AND action = $2",
                c->plan, action, NULL);
}

static JsonObject *
plan_doc (Case *c, JsonNode **keep)
{
  g_autoptr (GError) error = NULL;
  *keep = ep_plan_read (c->app, &regisseur, c->household, &error);
  ck_assert_msg (*keep != NULL, "%s", error ? error->message : "");
  return json_node_get_object (*keep);
}

/* ---- the ladder ------------------------------------------------------------------------- */

START_TEST (test_approval)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  gint v = 0;
  gboolean pending = FALSE;
  g_autofree gchar *request = NULL;

  /* Level 3 is asked for: it waits, the plan stays at 2 (a new version shows the request). */
  g_autoptr (JsonNode) up = body ("{\"naar\": 3, \"reden\": \"Problemen op vier leefgebieden\"}");
  EP_ASSERT_NO_ERROR (
    ep_plan_level_request (c.app, &regisseur, c.household, 2, up, &request, &pending, &v, &error),
    error);
  ck_assert (pending);
  ck_assert_int_eq (v, 3);
  ck_assert_int_eq (level (&c), 2);
  g_autoptr (JsonNode) keep = NULL;
  JsonObject *doc = plan_doc (&c, &keep);
  ck_assert_int_eq (json_object_get_int_member (doc, "niveau"), 2);
  ck_assert_int_eq (json_array_get_length (json_object_get_array_member (doc, "niveau_historie")),
                    1);
  JsonObject *waiting = json_object_get_object_member (doc, "niveau_aanvraag");
  ck_assert_str_eq (json_object_get_string_member (waiting, "id"), request);
  ck_assert_str_eq (json_object_get_string_member (waiting, "status"), "aangevraagd");
  ck_assert_str_eq (json_object_get_string_member (waiting, "richting"), "op");

  /* Nor can the plan be put at 3 by hand, as the application role. */
  g_autofree gchar *sql = g_strdup_printf ("UPDATE plan SET niveau = 3 WHERE id = '%s'", c.plan);
  ck_assert (!as_app (c.app, "l.regisseur", "regisseur", sql, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_level_unapproved");
  g_clear_error (&error);

  /* A second request while one waits; the regisseur deciding; a stale decision. */
  g_autoptr (JsonNode) four = body ("{\"naar\": 4, \"reden\": \"De veiligheid is in het geding\"}");
  ck_assert (
    !ep_plan_level_request (c.app, &regisseur, c.household, 3, four, NULL, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_PENDING, "naar");
  g_clear_error (&error);
  g_autoptr (JsonNode) yes = body ("{\"reden\": \"Akkoord: casusregie nodig\"}");
  ck_assert (!ep_plan_level_approve (c.app, &regisseur, c.household, 3, yes, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_NOT_SUPERVISOR, "rol");
  g_clear_error (&error);
  ck_assert (!ep_plan_level_approve (c.app, &supervisor, c.household, 2, yes, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_STALE, "version");
  g_clear_error (&error);
  ck_assert_int_eq (level (&c), 2);

  /* The supervisor of the team approves: level 3, with its period. */
  EP_ASSERT_NO_ERROR (ep_plan_level_approve (c.app, &supervisor, c.household, 3, yes, &v, &error),
                      error);
  ck_assert_int_eq (v, 4);
  ck_assert_int_eq (level (&c), 3);
  g_autoptr (JsonNode) keep2 = NULL;
  doc = plan_doc (&c, &keep2);
  ck_assert (json_object_get_null_member (doc, "niveau_aanvraag"));
  JsonArray *history = json_object_get_array_member (doc, "niveau_historie");
  ck_assert_int_eq (json_array_get_length (history), 2);
  JsonObject *now = json_array_get_object_element (history, 1);
  ck_assert_int_eq (json_object_get_int_member (now, "niveau"), 3);
  ck_assert_str_eq (json_object_get_string_member (now, "aanvraag_id"), request);
  ck_assert (json_object_get_null_member (now, "tot"));
  ck_assert_str_eq (
    json_object_get_string_member (json_array_get_object_element (history, 0), "tot"),
    json_object_get_string_member (now, "vanaf"));
  JsonObject *decided
    = json_array_get_object_element (json_object_get_array_member (doc, "niveau_aanvragen"), 0);
  ck_assert_str_eq (json_object_get_string_member (decided, "status"), "goedgekeurd");
  ck_assert_str_eq (json_object_get_string_member (decided, "besloten_door"), "l.supervisor");
  ck_assert_str_eq (json_object_get_string_member (decided, "besluit_reden"),
                    "Akkoord: casusregie nodig");

  /* Every step audited with its actor, each a version. */
  g_autofree gchar *asked = audit_of (&c, "plan_level_request");
  g_autofree gchar *approved = audit_of (&c, "plan_level_approve");
  ck_assert_str_eq (asked, "l.regisseur");
  ck_assert_str_eq (approved, "l.supervisor");
  g_autofree gchar *versions
    = query (c.owner,
             "SELECT string_agg (version || ':' || made_by || ':' || reden, '|' ORDER BY version)"
             " FROM plan_version WHERE plan_id = $1::uuid AND version >= 3",
             c.plan, NULL);
  ck_assert_str_eq (versions, "3:l.regisseur:Problemen op vier leefgebieden|"
                              "4:l.supervisor:Akkoord: casusregie nodig");
}
END_TEST

START_TEST (test_four_eyes)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  /* The supervisor asks for level 3 themself: they do not decide it. */
  g_autoptr (JsonNode) up = body ("{\"naar\": 3, \"reden\": \"Meerdere leefgebieden\"}");
  EP_ASSERT_NO_ERROR (
    ep_plan_level_request (c.app, &supervisor, c.household, 2, up, NULL, NULL, NULL, &error),
    error);
  g_autoptr (JsonNode) yes = body ("{\"reden\": \"Zelf goedgekeurd\"}");
  ck_assert (!ep_plan_level_approve (c.app, &supervisor, c.household, 3, yes, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_FOUR_EYES, "aanvraag_id");
  g_clear_error (&error);
  ck_assert (!ep_plan_level_reject (c.app, &supervisor, c.household, 3, yes, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_FOUR_EYES, "aanvraag_id");
  g_clear_error (&error);

  /* PostgreSQL refuses it itself, as the application role. */
  g_autofree gchar *sql = g_strdup_printf (
    "UPDATE plan_level_request SET status = 'goedgekeurd', decided_by = requested_by,"
    " decided_at = now () WHERE plan_id = '%s'",
    c.plan);
  ck_assert (!as_app (c.app, "l.supervisor", "supervisor", sql, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_level_four_eyes");
  g_clear_error (&error);
  /* Nor does a regisseur decide, written straight. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE plan_level_request SET status = 'goedgekeurd',"
                         " decided_by = 'l.regisseur', decided_at = now () WHERE plan_id = '%s'",
                         c.plan);
  ck_assert (!as_app (c.app, "l.regisseur", "regisseur", sql, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_level_supervisor");
  g_clear_error (&error);
  /* Nor does the requester write the other supervisor's name as the decider's. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE plan_level_request SET status = 'goedgekeurd',"
                         " decided_by = 'l.supervisor2', decided_at = now () WHERE plan_id = '%s'",
                         c.plan);
  ck_assert (!as_app (c.app, "l.supervisor", "supervisor", sql, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_level_decider");
  g_clear_error (&error);
  /* Nor is a request written in another's name. */
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO plan_level_request (plan_id, richting, van, naar, reden,"
                         " status, requested_by) VALUES ('%s', 'op', 2, 3, 'Namens een ander',"
                         " 'aangevraagd', 'l.supervisor2')",
                         c.plan);
  ck_assert (!as_app (c.app, "l.regisseur", "regisseur", sql, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_level_requester");
  g_clear_error (&error);
  ck_assert_int_eq (level (&c), 2);

  /* The other supervisor of the team does. */
  EP_ASSERT_NO_ERROR (
    ep_plan_level_approve (c.app, &supervisor_b, c.household, 3, yes, NULL, &error), error);
  ck_assert_int_eq (level (&c), 3);
  g_autofree gchar *approved = audit_of (&c, "plan_level_approve");
  ck_assert_str_eq (approved, "l.supervisor2");
}
END_TEST

START_TEST (test_reject)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) up = body ("{\"naar\": 4, \"reden\": \"Zorgen over de veiligheid\"}");
  EP_ASSERT_NO_ERROR (
    ep_plan_level_request (c.app, &regisseur, c.household, 2, up, NULL, NULL, NULL, &error), error);
  /* A rejection gives its reason (≥ 5 characters). */
  g_autoptr (JsonNode) short_reason = body ("{\"reden\": \"nee\"}");
  ck_assert (
    !ep_plan_level_reject (c.app, &supervisor, c.household, 3, short_reason, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_INVALID_VALUE, "reden");
  g_clear_error (&error);
  g_autoptr (JsonNode) no = body ("{\"reden\": \"Eerst opschalen naar 3\"}");
  gint v = 0;
  EP_ASSERT_NO_ERROR (ep_plan_level_reject (c.app, &supervisor, c.household, 3, no, &v, &error),
                      error);
  ck_assert_int_eq (v, 4);
  ck_assert_int_eq (level (&c), 2);
  g_autofree gchar *status
    = query (c.owner,
             "SELECT status || ':' || decided_by || ':' || besluit_reden FROM plan_level_request"
             " WHERE plan_id = $1::uuid",
             c.plan, NULL);
  ck_assert_str_eq (status, "afgewezen:l.supervisor:Eerst opschalen naar 3");
  g_autofree gchar *periods = query (
    c.owner, "SELECT count (*) FROM plan_level_period WHERE plan_id = $1::uuid", c.plan, NULL);
  ck_assert_str_eq (periods, "1");
  g_autofree gchar *rejected = audit_of (&c, "plan_level_reject");
  ck_assert_str_eq (rejected, "l.supervisor");
  /* Nothing waits now: nothing to decide, and a new request may be made. */
  ck_assert (!ep_plan_level_approve (c.app, &supervisor, c.household, 4, no, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_NOT_FOUND, "aanvraag_id");
  g_clear_error (&error);
  g_autoptr (JsonNode) three = body ("{\"naar\": 3, \"reden\": \"Meerdere leefgebieden\"}");
  EP_ASSERT_NO_ERROR (
    ep_plan_level_request (c.app, &regisseur, c.household, 4, three, NULL, NULL, NULL, &error),
    error);
}
END_TEST

/* Closing a plan with a request waiting: the request lapses (vervallen), with the closing's
 * moment and no decider; the supervisor no longer sees it waiting; the trail says so, as the
 * closer. No one lapses a request by hand. */
START_TEST (test_close_lapses)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) up = body ("{\"naar\": 3, \"reden\": \"Meerdere leefgebieden\"}");
  g_autofree gchar *request_id = NULL;
  EP_ASSERT_NO_ERROR (
    ep_plan_level_request (c.app, &regisseur, c.household, 2, up, &request_id, NULL, NULL, &error),
    error);
  /* By hand, even as the regisseur on the open plan, the waiting request itself: refused; nor is
   * a request made lapsed. */
  g_autofree gchar *lapse = g_strdup_printf (
    "UPDATE plan_level_request SET status = 'vervallen' WHERE id = '%s'", request_id);
  ck_assert (!as_app (c.app, "l.regisseur", "regisseur", lapse, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_level_decided");
  g_clear_error (&error);
  g_autofree gchar *made_lapsed = g_strdup_printf (
    "INSERT INTO plan_level_request (plan_id, richting, van, naar, reden, status)"
    " VALUES ('%s', 'op', 2, 4, 'Meerdere leefgebieden', 'vervallen')",
    c.plan);
  ck_assert (!as_app (c.app, "l.regisseur", "regisseur", made_lapsed, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_level_decided");
  g_clear_error (&error);
  g_autofree gchar *waiting_still = query (
    c.owner, "SELECT status FROM plan_level_request WHERE plan_id = $1::uuid", c.plan, NULL);
  ck_assert_str_eq (waiting_still, "aangevraagd");

  g_autoptr (JsonNode) close = body ("{\"reden\": \"Doelen bereikt\"}");
  EP_ASSERT_NO_ERROR (ep_plan_close (c.app, &regisseur, c.household, 3, close, NULL, &error),
                      error);
  g_autofree gchar *lapsed = query (
    c.owner,
    "SELECT r.status || ':' || coalesce (r.decided_by, '-') || ':' || (r.decided_at = p.closed_at)"
    "  FROM plan_level_request r JOIN plan p ON p.id = r.plan_id WHERE r.id = $1::uuid",
    request_id, NULL);
  ck_assert_str_eq (lapsed, "vervallen:-:true");
  ck_assert_int_eq (level (&c), 2);
  g_autofree gchar *trail = audit_of (&c, "plan_level_lapse");
  ck_assert_str_eq (trail, "l.regisseur");
  g_autofree gchar *detail = query (c.owner,
                                    "SELECT change ->> 'aanvraag_id' FROM audit_event"
                                    " WHERE entity_id = $1 AND action = 'plan_level_lapse'",
                                    c.plan, NULL);
  ck_assert_str_eq (detail, request_id);
  g_autoptr (JsonNode) pending = ep_plan_supervise_pending (c.app, &supervisor, &error);
  ck_assert_msg (pending != NULL, "%s", error ? error->message : "");
  JsonArray *waiting = json_object_get_array_member (json_node_get_object (pending), "aanvragen");
  for (guint i = 0; i < json_array_get_length (waiting); i++)
    ck_assert_str_ne (
      json_object_get_string_member (json_array_get_object_element (waiting, i), "aanvraag_id"),
      request_id);
  /* Nor can a supervisor decide it now. */
  g_autoptr (JsonNode) yes = body ("{\"reden\": \"Akkoord met niveau 3\"}");
  ck_assert (!ep_plan_level_approve (c.app, &supervisor, c.household, 4, yes, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_CLOSED, "status");
}
END_TEST

START_TEST (test_down_and_maatwerk)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  /* Going down names an evaluation, and one that decided to scale down. */
  g_autoptr (JsonNode) down = body ("{\"naar\": 1, \"reden\": \"Het gaat goed\"}");
  ck_assert (
    !ep_plan_level_request (c.app, &regisseur, c.household, 2, down, NULL, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_RULE, "evaluatie_id");
  g_clear_error (&error);
  g_autoptr (JsonNode) go_on
    = body ("{\"datum\": \"2026-01-10\", \"doelen\": [], \"besluit\": \"doorgaan\","
            " \"volgende_evaluatie\": \"2026-04-10\", \"reden\": \"Evaluatie\"}");
  g_autofree gchar *e1 = NULL;
  EP_ASSERT_NO_ERROR (
    ep_plan_evaluate (c.app, &regisseur, c.household, 2, go_on, &e1, NULL, &error), error);
  g_autoptr (JsonNode) down1
    = body ("{\"naar\": 1, \"reden\": \"Het gaat goed\", \"evaluatie_id\": \"%s\"}", e1);
  ck_assert (
    !ep_plan_level_request (c.app, &regisseur, c.household, 3, down1, NULL, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_RULE, "evaluatie_id");
  g_clear_error (&error);
  g_autofree gchar *sql = g_strdup_printf (
    "INSERT INTO plan_level_request (plan_id, richting, van, naar, reden, evaluatie_id, status,"
    " decided_at) VALUES ('%s', 'af', 2, 1, 'Het gaat goed', '%s', 'doorgevoerd', now ())",
    c.plan, e1);
  ck_assert (!as_app (c.app, "l.regisseur", "regisseur", sql, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_level_evaluation");
  g_clear_error (&error);

  g_autoptr (JsonNode) scale_down
    = body ("{\"datum\": \"2026-01-20\", \"doelen\": [], \"besluit\": \"afschalen\","
            " \"volgende_evaluatie\": \"2026-07-20\", \"reden\": \"Evaluatie\"}");
  g_autofree gchar *e2 = NULL;
  EP_ASSERT_NO_ERROR (
    ep_plan_evaluate (c.app, &regisseur, c.household, 3, scale_down, &e2, NULL, &error), error);
  g_autoptr (JsonNode) down2
    = body ("{\"naar\": 1, \"reden\": \"Het gaat goed\", \"evaluatie_id\": \"%s\"}", e2);
  gboolean pending = TRUE;
  EP_ASSERT_NO_ERROR (
    ep_plan_level_request (c.app, &regisseur, c.household, 4, down2, NULL, &pending, NULL, &error),
    error);
  ck_assert (!pending);
  ck_assert_int_eq (level (&c), 1);
  g_autofree gchar *status
    = query (c.owner,
             "SELECT richting || van || naar || status || (decided_by IS NULL)"
             " || (evaluatie_id = $2::uuid) FROM plan_level_request WHERE plan_id = $1::uuid",
             c.plan, e2, NULL);
  ck_assert_str_eq (status, "af21doorgevoerdtruetrue");

  /* At level 1 no maatwerk is recorded: by the library, at soort, nor by PostgreSQL. */
  g_autoptr (JsonNode) maatwerk = body (
    "{\"soort\": \"maatwerkvoorziening\", \"omschrijving\": \"Begeleiding\", \"uitvoerder\":"
    " \"De Linde\", \"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"De Linde\","
    " \"omvang\": {\"volume\": 102, \"eenheid\": \"01\", \"frequentie\": \"2\"},"
    " \"begindatum\": \"2026-02-01\", \"reden\": \"Begeleiding thuis\"}");
  ck_assert (
    !ep_plan_put_action (c.app, &regisseur, c.household, NULL, 5, maatwerk, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_RULE, "soort");
  g_clear_error (&error);
  g_free (sql);
  sql = g_strdup_printf (
    "INSERT INTO plan_action (plan_id, position, soort, omschrijving, uitvoerder, wet,"
    " productcategorie, aanbieder, volume, eenheid, frequentie, begindatum) VALUES ('%s', 0,"
    " 'maatwerkvoorziening', 'Begeleiding', 'De Linde', 'WMO', '02', 'De Linde', 102, '01', '2',"
    " '2026-02-01')",
    c.plan);
  ck_assert (!as_app (c.app, "l.regisseur", "regisseur", sql, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_action_level");
  g_clear_error (&error);
  /* The network's action is fine. */
  g_autoptr (JsonNode) network
    = body ("{\"soort\": \"netwerk\", \"omschrijving\": \"Boodschappen\","
            " \"uitvoerder\": \"Een vriend\", \"reden\": \"Netwerk\"}");
  EP_ASSERT_NO_ERROR (
    ep_plan_put_action (c.app, &regisseur, c.household, NULL, 5, network, NULL, NULL, &error),
    error);
}
END_TEST

START_TEST (test_other_team)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) up = body ("{\"naar\": 3, \"reden\": \"Meerdere leefgebieden\"}");
  EP_ASSERT_NO_ERROR (
    ep_plan_level_request (c.app, &regisseur, c.household, 2, up, NULL, NULL, NULL, &error), error);
  g_autoptr (JsonNode) yes = body ("{\"reden\": \"Akkoord van buiten\"}");
  ck_assert (!ep_plan_level_approve (c.app, &other_team, c.household, 3, yes, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_OTHER_TEAM, "team");
  g_clear_error (&error);
  g_autoptr (JsonNode) situation = body ("{\"goed_gaat\": \"Werk\", \"reden\": \"Bijwerken\"}");
  ck_assert (!ep_plan_set_situation (c.app, &other_team, c.household, 3, situation, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_OTHER_TEAM, "team");
  g_clear_error (&error);
  /* PostgreSQL refuses the decision too. */
  g_autofree gchar *sql = g_strdup_printf (
    "UPDATE plan_level_request SET status = 'goedgekeurd', decided_by = 'l.buiten',"
    " decided_at = now () WHERE plan_id = '%s'",
    c.plan);
  ck_assert (!as_app (c.app, "l.buiten", "supervisor", sql, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_level_team");
  g_clear_error (&error);
  ck_assert_int_eq (level (&c), 2);
  ck_assert_int_eq (version (&c), 3);
  /* Their list of what waits does not hold it; the team's supervisor's does. */
  g_autoptr (JsonNode) theirs = ep_plan_supervise_pending (c.app, &other_team, &error);
  EP_ASSERT_NO_ERROR (theirs != NULL, error);
  JsonArray *items = json_object_get_array_member (json_node_get_object (theirs), "aanvragen");
  for (guint i = 0; i < json_array_get_length (items); i++)
    ck_assert_str_ne (
      json_object_get_string_member (json_array_get_object_element (items, i), "plan_id"), c.plan);
  g_autoptr (JsonNode) ours = ep_plan_supervise_pending (c.app, &supervisor, &error);
  EP_ASSERT_NO_ERROR (ours != NULL, error);
  items = json_object_get_array_member (json_node_get_object (ours), "aanvragen");
  gboolean found = FALSE;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (strcmp (json_object_get_string_member (item, "plan_id"), c.plan) == 0)
        {
          found = TRUE;
          ck_assert_int_eq (json_object_get_int_member (item, "version"), 3);
          ck_assert_int_eq (json_object_get_int_member (item, "naar"), 3);
          ck_assert_str_eq (json_object_get_string_member (item, "aangevraagd_door"),
                            "l.regisseur");
        }
    }
  ck_assert (found);
  /* A regisseur sees no supervisor's list. */
  ck_assert (ep_plan_supervise_pending (c.app, &regisseur, &error) == NULL);
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_NOT_SUPERVISOR, "rol");
}
END_TEST

/* ---- evaluations ------------------------------------------------------------------------ */

START_TEST (test_evaluation_zrm)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  /* Refusals with their paths. */
  static const struct
  {
    const gchar *items;
    EpPlanError code;
    const gchar *path;
  } refused[] = {
    { "\"zrm\": [{\"lid\": \"@LID@\", \"leefgebied\": \"financien\", \"score\": 6}]",
      EP_PLAN_ERROR_INVALID_VALUE, "zrm[0].score" },
    { "\"zrm\": [{\"lid\": \"@LID@\", \"leefgebied\": \"geld\", \"score\": 3}]",
      EP_PLAN_ERROR_UNKNOWN_CODE, "zrm[0].leefgebied" },
    { "\"zrm\": [{\"lid\": \"@LID@\", \"leefgebied\": \"financien\", \"score\": 3},"
      " {\"lid\": \"@LID@\", \"leefgebied\": \"financien\", \"score\": 4}]",
      EP_PLAN_ERROR_RULE, "zrm[1]" },
    { "\"zrm\": [{\"lid\": \"@PLAN@\", \"leefgebied\": \"financien\", \"score\": 3}]",
      EP_PLAN_ERROR_RULE, "zrm[0].lid" },
    { "\"zrm\": [], \"extra\": 1", EP_PLAN_ERROR_UNKNOWN_FIELD, "extra" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto (GStrv) a = g_strsplit (refused[i].items, "@LID@", -1);
      g_autofree gchar *with_lid = g_strjoinv (c.jolanda, a);
      g_auto (GStrv) b2 = g_strsplit (with_lid, "@PLAN@", -1);
      g_autofree gchar *items = g_strjoinv (c.plan, b2);
      g_autoptr (JsonNode) b
        = body ("{\"datum\": \"2026-01-10\", \"doelen\": [], %s, \"besluit\": \"doorgaan\","
                " \"volgende_evaluatie\": \"2026-04-10\", \"reden\": \"Evaluatie\"}",
                items);
      g_autoptr (GError) e = NULL;
      ck_assert (!ep_plan_evaluate (c.app, &regisseur, c.household, 2, b, NULL, NULL, &e));
      ASSERT_PLAN_ERROR (e, refused[i].code, refused[i].path);
    }
  g_autoptr (JsonNode) foreign
    = body ("{\"datum\": \"2026-01-10\", \"doelen\": [{\"doel_id\": \"%s\", \"status\": \"open\","
            " \"uitkomst\": \"x\"}], \"besluit\": \"doorgaan\", \"volgende_evaluatie\":"
            " \"2026-04-10\", \"reden\": \"Evaluatie\"}",
            c.plan);
  ck_assert (!ep_plan_evaluate (c.app, &regisseur, c.household, 2, foreign, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_RULE, "doelen[0].doel_id");
  g_clear_error (&error);
  g_autoptr (JsonNode) no_next = body ("{\"datum\": \"2026-01-10\", \"doelen\": [], \"besluit\":"
                                       " \"doorgaan\", \"reden\": \"Evaluatie\"}");
  ck_assert (!ep_plan_evaluate (c.app, &regisseur, c.household, 2, no_next, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_RULE, "volgende_evaluatie");
  g_clear_error (&error);
  ck_assert_int_eq (version (&c), 2);

  /* Jolanda's intake scored financien 1, werk_opleiding 2, middelengebruik not at all. */
  g_autofree gchar *due
    = query (c.owner, "SELECT volgende_evaluatie FROM plan WHERE id = $1::uuid", c.plan, NULL);
  g_autoptr (JsonNode) eval = body (
    "{\"datum\": \"2026-01-10\", \"doelen\": [{\"doel_id\": \"%s\", \"status\": \"deels_behaald\","
    " \"uitkomst\": \"Werkt twee dagen\"}], \"zrm\": [{\"lid\": \"%s\", \"leefgebied\": "
    "\"financien\","
    " \"score\": 3}, {\"lid\": \"%s\", \"leefgebied\": \"werk_opleiding\", \"score\": 2},"
    " {\"lid\": \"%s\", \"leefgebied\": \"middelengebruik\", \"score\": 4}], \"besluit\":"
    " \"bijstellen\", \"toelichting\": \"Meer uren\", \"volgende_evaluatie\": \"2026-04-10\","
    " \"reden\": \"Eerste evaluatie\"}",
    c.goal, c.jolanda, c.jolanda, c.jolanda);
  g_autofree gchar *evaluation = NULL;
  gint v = 0;
  EP_ASSERT_NO_ERROR (
    ep_plan_evaluate (c.app, &regisseur, c.household, 2, eval, &evaluation, &v, &error), error);
  ck_assert_int_eq (v, 3);
  g_autoptr (JsonNode) keep = NULL;
  JsonObject *doc = plan_doc (&c, &keep);
  ck_assert_str_eq (json_object_get_string_member (doc, "volgende_evaluatie"), "2026-04-10");
  ck_assert_str_eq (
    json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (doc, "doelen"), 0), "status"),
    "deels_behaald");
  JsonObject *e
    = json_array_get_object_element (json_object_get_array_member (doc, "evaluaties"), 0);
  ck_assert_str_eq (json_object_get_string_member (e, "id"), evaluation);
  ck_assert_str_eq (json_object_get_string_member (e, "gepland"), due);
  ck_assert_str_eq (json_object_get_string_member (e, "besluit"), "bijstellen");
  ck_assert_str_eq (json_object_get_string_member (e, "door"), "l.regisseur");
  g_autofree gchar *zrm = json_to_string (json_object_get_member (e, "zrm"), FALSE);
  /* Each score beside the intake's, ordered by member and domain (financien, middelengebruik,
   * werk_opleiding). */
  g_autofree gchar *want = query (
    c.owner,
    "SELECT jsonb_build_array ("
    "  jsonb_build_object ('lid', $1::uuid, 'leefgebied', 'financien', 'score', 3,"
    "    'intake_id', i.id, 'intake_datum', i.datum, 'intake_score', 1, 'verschil', 2),"
    "  jsonb_build_object ('lid', $1::uuid, 'leefgebied', 'middelengebruik', 'score', 4,"
    "    'intake_id', NULL, 'intake_datum', NULL, 'intake_score', NULL, 'verschil', NULL),"
    "  jsonb_build_object ('lid', $1::uuid, 'leefgebied', 'werk_opleiding', 'score', 2,"
    "    'intake_id', i.id, 'intake_datum', i.datum, 'intake_score', 2, 'verschil', 0))::text"
    "  FROM intake i WHERE i.household_id = $2::uuid",
    c.jolanda, c.household, NULL);
  g_autoptr (JsonNode) want_node = ep_json_parse (want, -1, &error);
  g_autoptr (JsonNode) got_node = ep_json_parse (zrm, -1, &error);
  ck_assert_msg (json_node_equal (want_node, got_node), "zrm: %s\nwant: %s", zrm, want);
  g_autofree gchar *audited = audit_of (&c, "plan_evaluate");
  ck_assert_str_eq (audited, "l.regisseur");
}
END_TEST

/* ---- the supervisor's views on a fixed dataset ------------------------------------------ */

typedef struct
{
  gchar *team, *ra, *rb, *s1, *s2;
  gchar *p1, *p2, *p3;
} Fixed;

static void
fixed_clear (Fixed *f)
{
  g_free (f->team), g_free (f->ra), g_free (f->rb), g_free (f->s1), g_free (f->s2);
  g_free (f->p1), g_free (f->p2), g_free (f->p3);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fixed, fixed_clear)

/* A plan of @regisseur made at @made (CET) at @niveau, due for evaluation on @due. */
static gchar *
fixed_plan (PGconn *owner, const gchar *regisseur, const gchar *made, const gchar *niveau,
            const gchar *due)
{
  return query (owner,
                "WITH h AS (INSERT INTO household (gemeente, postcode, huisnummer)"
                "           VALUES ('GM0164', '7550AA', 1) RETURNING id),"
                "     p AS (INSERT INTO plan (gemeente, household_id, aanspreekpunt, created_at,"
                "                             created_by, niveau, volgende_evaluatie)"
                "           SELECT 'GM0164', h.id, $1, $2::timestamptz, $1, $3::smallint, $4::date"
                "             FROM h RETURNING id),"
                "     r AS (INSERT INTO plan_regie (gemeente, plan_id, position, regisseur, vanaf)"
                "           SELECT 'GM0164', p.id, 0, $1, $2::timestamptz::date FROM p)"
                " SELECT id FROM p",
                regisseur, made, niveau, due, NULL);
}

/* A level change of plan @plan asked by @who at @asked; decided by @decider at @decided
 * (goedgekeurd, afgewezen) or carried out at once (@decider NULL). */
static void
fixed_change (PGconn *owner, const gchar *plan, const gchar *van, const gchar *naar,
              const gchar *who, const gchar *asked, const gchar *decider, const gchar *status,
              const gchar *decided, const gchar *evaluation)
{
  g_autofree gchar *id = query_n (
    owner,
    "INSERT INTO plan_level_request (gemeente, plan_id, richting, van, naar, reden, evaluatie_id,"
    "                                requested_by, requested_at, status, decided_at)"
    " VALUES ('GM0164', $1::uuid, CASE WHEN $3::smallint > $2::smallint THEN 'op' ELSE 'af' END,"
    "         $2::smallint, $3::smallint, 'Reden van de wijziging', $7::uuid, $4, $5::timestamptz,"
    "         CASE WHEN $6::text IS NULL THEN 'doorgevoerd' ELSE 'aangevraagd' END,"
    "         CASE WHEN $6::text IS NULL THEN $5::timestamptz END)"
    " RETURNING id",
    7, plan, van, naar, who, asked, decider, evaluation);
  if (decider != NULL)
    {
      g_autofree gchar *done = query (
        owner,
        "UPDATE plan_level_request SET status = $2, decided_by = $3, decided_at = $4::timestamptz,"
        "       besluit_reden = 'Besluit van de supervisor' WHERE id = $1::uuid RETURNING id",
        id, status, decider, decided, NULL);
    }
  if (g_strcmp0 (status, "afgewezen") != 0)
    {
      g_autofree gchar *moved = query (
        owner, "UPDATE plan SET niveau = $2::smallint WHERE id = $1::uuid RETURNING niveau", plan,
        naar, NULL);
    }
}

/* Team T of its own: regisseurs rA and rB, supervisor s1. January 2026 (CET, no daylight saving):
 *   P1 (rA) made Jan 1 at 2; up to 3 asked Jan 5, approved Jan 11; evaluated Jan 20 (due Jan 15:
 *      late) deciding afschalen; down to 2 Jan 21; next evaluation due Jan 25.
 *   P2 (rB) made Jan 10 at 1; up to 2 Jan 16 (at once); next due Feb 10.
 *   P3 (rA) made Jan 20 at 2; up to 4 asked Jan 25, rejected Jan 26; next due Jan 30.
 * The clock: Feb 1 00:00 CET. */
static void
fixed_init (PGconn *owner, Fixed *f)
{
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *m = g_ascii_strdown (marker, -1);
  f->ra = g_strdup_printf ("ra.%s", m);
  f->rb = g_strdup_printf ("rb.%s", m);
  f->s1 = g_strdup_printf ("s1.%s", m);
  g_autofree gchar *naam = g_strdup_printf ("Team %s", m);
  f->team = query (owner, "INSERT INTO team (gemeente, naam) VALUES ('GM0164', $1) RETURNING id",
                   naam, NULL);
  g_autofree gchar *users
    = query (owner,
             "WITH u AS (INSERT INTO app_user (gemeente, username, display_name, role, team_id)"
             "           VALUES ('GM0164', $1, 'Regisseur A', 'regisseur', $4::uuid),"
             "                  ('GM0164', $2, 'Regisseur B', 'regisseur', $4::uuid),"
             "                  ('GM0164', $3, 'Supervisor', 'supervisor', $4::uuid) RETURNING 1)"
             " SELECT count (*) FROM u",
             f->ra, f->rb, f->s1, f->team, NULL);
  f->p1 = fixed_plan (owner, f->ra, "2026-01-01 00:00+01", "2", "2026-01-15");
  f->p2 = fixed_plan (owner, f->rb, "2026-01-10 00:00+01", "1", "2026-02-10");
  f->p3 = fixed_plan (owner, f->ra, "2026-01-20 00:00+01", "2", "2026-01-30");
  fixed_change (owner, f->p1, "2", "3", f->ra, "2026-01-05 00:00+01", f->s1, "goedgekeurd",
                "2026-01-11 00:00+01", NULL);
  g_autofree gchar *evaluation = query (
    owner,
    "WITH e AS (INSERT INTO plan_evaluation (gemeente, plan_id, position, datum, gepland, besluit,"
    "                                        volgende_evaluatie, recorded_by)"
    "           SELECT 'GM0164', $1::uuid, 0, '2026-01-20', volgende_evaluatie, 'afschalen',"
    "                  '2026-01-25', $2 FROM plan WHERE id = $1::uuid RETURNING id),"
    "     p AS (UPDATE plan SET volgende_evaluatie = '2026-01-25' WHERE id = $1::uuid)"
    " SELECT id FROM e",
    f->p1, f->ra, NULL);
  fixed_change (owner, f->p1, "3", "2", f->ra, "2026-01-21 00:00+01", NULL, NULL, NULL, evaluation);
  fixed_change (owner, f->p2, "1", "2", f->rb, "2026-01-16 00:00+01", NULL, NULL, NULL, NULL);
  fixed_change (owner, f->p3, "2", "4", f->ra, "2026-01-25 00:00+01", f->s1, "afgewezen",
                "2026-01-26 00:00+01", NULL);
}

/* @node's member @name as compact JSON. Returns: (transfer full). */
static gchar *
member_json (JsonNode *node, const gchar *name)
{
  return json_to_string (json_object_get_member (json_node_get_object (node), name), FALSE);
}

/* "Today", for an evaluation's date and a new plan's regie, is Amsterdam's, whatever the server's
 * time zone: on a connection whose zone has another date than Amsterdam now, an evaluation dated
 * tomorrow in Amsterdam is refused and one dated today is taken, and a plan made now has its
 * regisseur since today. */
START_TEST (test_evaluation_today_amsterdam)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr (GDateTime) now = g_date_time_new_now (amsterdam);
  /* 13 hours ahead of Amsterdam or 13 behind: the other date, whichever the hour. */
  const gchar *zone = g_date_time_get_hour (now) >= 12 ? "Pacific/Kiritimati" : "Etc/GMT+12";
  g_autofree gchar *set = g_strdup_printf ("SET TimeZone = '%s'", zone);
  EP_ASSERT_NO_ERROR (ep_db_exec_script (c.app, set, "the connection's zone", &error), error);
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree gchar *today_text = g_date_time_format (now, "%F");
  g_autofree gchar *tomorrow_text = g_date_time_format (tomorrow, "%F");
  g_autoptr (GDateTime) later = g_date_time_add_months (now, 3);
  g_autofree gchar *next = g_date_time_format (later, "%F");

  g_autoptr (JsonNode) ahead
    = body ("{\"datum\": \"%s\", \"doelen\": [], \"besluit\": \"doorgaan\","
            " \"volgende_evaluatie\": \"%s\", \"reden\": \"Evaluatie\"}",
            tomorrow_text, next);
  ck_assert (!ep_plan_evaluate (c.app, &regisseur, c.household, 2, ahead, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_RULE, "datum");
  g_clear_error (&error);
  g_autoptr (JsonNode) held = body ("{\"datum\": \"%s\", \"doelen\": [], \"besluit\": \"doorgaan\","
                                    " \"volgende_evaluatie\": \"%s\", \"reden\": \"Evaluatie\"}",
                                    today_text, next);
  EP_ASSERT_NO_ERROR (
    ep_plan_evaluate (c.app, &regisseur, c.household, 2, held, NULL, NULL, &error), error);
  /* A new plan's regie starts today, Amsterdam's too. */
  g_autoptr (JsonNode) close = body ("{\"reden\": \"Doelen bereikt\"}");
  EP_ASSERT_NO_ERROR (ep_plan_close (c.app, &regisseur, c.household, 3, close, NULL, &error),
                      error);
  g_autoptr (JsonNode) create = body ("{\"regisseur\": \"l.regisseur\", \"aanspreekpunt\":"
                                      " \"l.regisseur\", \"reden\": \"Een nieuw plan\"}");
  g_autofree gchar *second = NULL;
  EP_ASSERT_NO_ERROR (ep_plan_create (c.app, &regisseur, c.household, create, &second, &error),
                      error);
  g_autofree gchar *since
    = query (c.owner, "SELECT vanaf::text FROM plan_regie WHERE plan_id = $1::uuid", second, NULL);
  ck_assert_str_eq (since, today_text);
  EP_ASSERT_NO_ERROR (ep_db_exec_script (c.app, "RESET TimeZone", "the zone back", &error), error);
}
END_TEST

/* A test of the views: the fixed team, its supervisor and the clock (Feb 1 00:00 CET). */
typedef struct
{
  PGconn *owner, *app;
  Fixed f;
  EpDbTxContext boss;
  GDateTime *clock;
} Views;

static void
views_init (Views *v)
{
  v->owner = ep_test_db_owner (ep_test_cluster);
  v->app = ep_test_db_app (ep_test_cluster);
  fixed_init (v->owner, &v->f);
  v->boss
    = (EpDbTxContext){ .gemeente = EP_TEST_GM_A, .actor_id = v->f.s1, .actor_role = "supervisor" };
  v->clock = g_date_time_new_from_iso8601 ("2026-02-01T00:00:00+01:00", NULL);
}

static void
views_clear (Views *v)
{
  fixed_clear (&v->f);
  g_clear_pointer (&v->clock, g_date_time_unref);
  g_clear_pointer (&v->app, ep_db_close);
  g_clear_pointer (&v->owner, ep_db_close);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Views, views_clear)

START_TEST (test_supervisor_views)
{
  g_auto (Views) v = { 0 };
  views_init (&v);
  PGconn *owner = v.owner, *app = v.app;
  const Fixed f = v.f;
  EpDbTxContext boss = v.boss;
  GDateTime *clock = v.clock;
  EpDbTxContext ra = { .gemeente = EP_TEST_GM_A, .actor_id = f.ra, .actor_role = "regisseur" };
  g_autoptr (GError) error = NULL;

  /* Time at each level in January, per plan (in the order they were made) and for the team. */
  g_autoptr (JsonNode) time
    = ep_plan_supervise_time_at_level (app, &boss, "2026-01-01", "2026-01-31", NULL, clock, &error);
  EP_ASSERT_NO_ERROR (time != NULL, error);
  JsonArray *rows = json_object_get_array_member (json_node_get_object (time), "plannen");
  ck_assert_int_eq (json_array_get_length (rows), 3);
  static const struct
  {
    gint64 s[4];
    gint64 d[4];
  } per_plan[] = {
    { { 0, 1814400, 864000, 0 }, { 0, 21, 10, 0 } },
    { { 518400, 1382400, 0, 0 }, { 6, 16, 0, 0 } },
    { { 0, 1036800, 0, 0 }, { 0, 12, 0, 0 } },
  };
  const gchar *ids[] = { f.p1, f.p2, f.p3 };
  const gchar *names[] = { "Regisseur A", "Regisseur B", "Regisseur A" };
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      ck_assert_str_eq (json_object_get_string_member (row, "plan_id"), ids[i]);
      ck_assert_str_eq (json_object_get_string_member (row, "regisseur_naam"), names[i]);
      JsonObject *s = json_object_get_object_member (row, "seconden");
      JsonObject *d = json_object_get_object_member (row, "dagen");
      for (gint l = 0; l < 4; l++)
        {
          gchar key[2] = { (gchar) ('1' + l), '\0' };
          ck_assert_int_eq (json_object_get_int_member (s, key), per_plan[i].s[l]);
          ck_assert_int_eq (json_object_get_int_member (d, key), per_plan[i].d[l]);
        }
    }
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (time), "aantal"), 3);
  ck_assert (json_object_get_null_member (json_node_get_object (time), "next_cursor"));
  g_autofree gchar *total = member_json (time, "totaal");
  ck_assert_str_eq (total, "{\"seconden\":{\"1\":518400,\"2\":4233600,\"3\":864000,\"4\":0},"
                           "\"dagen\":{\"1\":6,\"2\":49,\"3\":10,\"4\":0}}");

  /* Cut to Jan 15–20: P1 at 3 from the 15th to the 21st, P2 one day at 1 then five at 2, P3 one. */
  g_autoptr (JsonNode) cut
    = ep_plan_supervise_time_at_level (app, &boss, "2026-01-15", "2026-01-20", NULL, clock, &error);
  EP_ASSERT_NO_ERROR (cut != NULL, error);
  g_autofree gchar *cut_total = member_json (cut, "totaal");
  ck_assert_str_eq (cut_total, "{\"seconden\":{\"1\":86400,\"2\":518400,\"3\":518400,\"4\":0},"
                               "\"dagen\":{\"1\":1,\"2\":6,\"3\":6,\"4\":0}}");

  /* Overdue on Feb 1: P1 (due Jan 25, 7 days) and P3 (Jan 30, 2 days), both rA's. */
  g_autoptr (JsonNode) overdue = ep_plan_supervise_overdue (app, &boss, NULL, NULL, clock, &error);
  EP_ASSERT_NO_ERROR (overdue != NULL, error);
  JsonObject *o = json_node_get_object (overdue);
  ck_assert_str_eq (json_object_get_string_member (o, "datum"), "2026-02-01");
  ck_assert_int_eq (json_object_get_int_member (o, "aantal"), 2);
  g_autofree gchar *per_regisseur = member_json (overdue, "regisseurs");
  g_autofree gchar *want_per_regisseur
    = g_strdup_printf ("[{\"naam\":\"Regisseur A\",\"aantal\":2,\"regisseur\":\"%s\"}]", f.ra);
  ck_assert_str_eq (per_regisseur, want_per_regisseur);
  JsonArray *late = json_object_get_array_member (o, "plannen");
  ck_assert_int_eq (json_array_get_length (late), 2);
  ck_assert_str_eq (
    json_object_get_string_member (json_array_get_object_element (late, 0), "plan_id"), f.p1);
  ck_assert_int_eq (
    json_object_get_int_member (json_array_get_object_element (late, 0), "dagen_te_laat"), 7);
  ck_assert_str_eq (
    json_object_get_string_member (json_array_get_object_element (late, 0), "regisseur_naam"),
    "Regisseur A");
  ck_assert_str_eq (
    json_object_get_string_member (json_array_get_object_element (late, 1), "plan_id"), f.p3);
  ck_assert_int_eq (
    json_object_get_int_member (json_array_get_object_element (late, 1), "dagen_te_laat"), 2);
  ck_assert (json_object_get_null_member (o, "next_cursor"));
  /* On Jan 26 only P1 was overdue; the regisseur sees their own. */
  g_autoptr (GDateTime) earlier = g_date_time_new_from_iso8601 ("2026-01-26T12:00:00+01:00", NULL);
  g_autoptr (JsonNode) own = ep_plan_supervise_overdue (app, &ra, NULL, NULL, earlier, &error);
  EP_ASSERT_NO_ERROR (own != NULL, error);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (own), "aantal"), 1);

  /* Escalations and de-escalations in January. */
  g_autoptr (JsonNode) levels
    = ep_plan_supervise_levels (app, &boss, "2026-01-01", "2026-01-31", NULL, clock, &error);
  EP_ASSERT_NO_ERROR (levels != NULL, error);
  JsonObject *l = json_node_get_object (levels);
  ck_assert_int_eq (json_object_get_int_member (l, "opgeschaald"), 2);
  ck_assert_int_eq (json_object_get_int_member (l, "afgeschaald"), 1);
  ck_assert_int_eq (json_object_get_int_member (l, "afgewezen"), 1);
  ck_assert_int_eq (json_object_get_int_member (l, "in_afwachting"), 0);
  ck_assert_int_eq (json_object_get_int_member (l, "aantal"), 4);
  JsonArray *changes = json_object_get_array_member (l, "wijzigingen");
  ck_assert_int_eq (json_array_get_length (changes), 4);
  static const gchar *const want_changes[]
    = { "op 2>3 goedgekeurd", "op 1>2 doorgevoerd", "af 3>2 doorgevoerd", "op 2>4 afgewezen" };
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *ch = json_array_get_object_element (changes, i);
      g_autofree gchar *got = g_strdup_printf (
        "%s %" G_GINT64_FORMAT ">%" G_GINT64_FORMAT " %s",
        json_object_get_string_member (ch, "richting"), json_object_get_int_member (ch, "van"),
        json_object_get_int_member (ch, "naar"), json_object_get_string_member (ch, "status"));
      ck_assert_str_eq (got, want_changes[i]);
    }
  JsonObject *first = json_array_get_object_element (changes, 0);
  ck_assert_str_eq (json_object_get_string_member (first, "besloten_door"), f.s1);
  ck_assert_str_eq (json_object_get_string_member (first, "besloten_door_naam"), "Supervisor");
  ck_assert_str_eq (json_object_get_string_member (first, "aangevraagd_door_naam"), "Regisseur A");
  ck_assert (
    json_object_get_null_member (json_array_get_object_element (changes, 1), "besloten_door_naam"));
  ck_assert_str_eq (json_object_get_string_member (first, "besloten_op"),
                    "2026-01-10T23:00:00.000Z");
  ck_assert_str_eq (json_object_get_string_member (first, "reden"), "Reden van de wijziging");

  /* Regie op regie in January: by regisseur, then by when the plan was made. */
  g_autoptr (JsonNode) regie
    = ep_plan_supervise_regie (app, &boss, "2026-01-01", "2026-01-31", NULL, clock, &error);
  EP_ASSERT_NO_ERROR (regie != NULL, error);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (regie), "aantal"), 3);
  JsonArray *overview = json_object_get_array_member (json_node_get_object (regie), "plannen");
  ck_assert_int_eq (json_array_get_length (overview), 3);
  static const struct
  {
    gint niveau;
    gboolean te_laat;
    gint evaluaties, op_tijd, op, af;
  } want_regie[] = { { 2, TRUE, 1, 0, 1, 1 }, { 2, TRUE, 0, 0, 0, 0 }, { 2, FALSE, 0, 0, 1, 0 } };
  const gchar *order[] = { f.p1, f.p3, f.p2 };
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *row = json_array_get_object_element (overview, i);
      ck_assert_str_eq (json_object_get_string_member (row, "plan_id"), order[i]);
      ck_assert_int_eq (json_object_get_int_member (row, "niveau"), want_regie[i].niveau);
      ck_assert_int_eq (json_object_get_boolean_member (row, "te_laat"), want_regie[i].te_laat);
      ck_assert_int_eq (json_object_get_int_member (row, "evaluaties"), want_regie[i].evaluaties);
      ck_assert_int_eq (json_object_get_int_member (row, "op_tijd"), want_regie[i].op_tijd);
      ck_assert_int_eq (json_object_get_int_member (row, "opgeschaald"), want_regie[i].op);
      ck_assert_int_eq (json_object_get_int_member (row, "afgeschaald"), want_regie[i].af);
    }
  ck_assert_str_eq (
    json_object_get_string_member (json_array_get_object_element (overview, 0), "niveau_sinds"),
    "2026-01-20T23:00:00.000Z");

  /* Every plan shown is in the access log, once per view. */
  g_autofree gchar *logged
    = query (owner, "SELECT count (*) FROM access_log WHERE entity_id IN ($1, $2, $3)", f.p1, f.p2,
             f.p3, NULL);
  /* time ×2 (3 + 3), overdue (2) and the regisseur's (1), levels (3), regie (3) */
  ck_assert_str_eq (logged, "15");

  /* A bad period. */
  ck_assert (ep_plan_supervise_levels (app, &boss, "2026-01-31", "2026-01-01", NULL, clock, &error)
             == NULL);
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_INVALID_VALUE, "tot");
}
END_TEST

/* ---- paging, the access log and the shield in the counts -------------------------------- */

typedef enum
{
  PAGED_LEVELS,
  PAGED_TIME,
  PAGED_OVERDUE,
  PAGED_REGIE,
} Paged;

/* The paged view @which of January 2026 (overdue: of @regisseur's plans, NULL all). */
static JsonNode *
paged_view (PGconn *app, const EpDbTxContext *ctx, Paged which, const gchar *regisseur,
            const EpPlanPage *page, GDateTime *clock, GError **error)
{
  switch (which)
    {
      case PAGED_LEVELS:
        return ep_plan_supervise_levels (app, ctx, "2026-01-01", "2026-01-31", page, clock, error);
      case PAGED_TIME:
        return ep_plan_supervise_time_at_level (app, ctx, "2026-01-01", "2026-01-31", page, clock,
                                                error);
      case PAGED_OVERDUE:
        return ep_plan_supervise_overdue (app, ctx, regisseur, page, clock, error);
      case PAGED_REGIE:
        return ep_plan_supervise_regie (app, ctx, "2026-01-01", "2026-01-31", page, clock, error);
    }
  g_assert_not_reached ();
}

static const gchar *
list_of (Paged which)
{
  return which == PAGED_LEVELS ? "wijzigingen" : "plannen";
}

/* The plan_id of each item of @view's list, comma-separated. Returns: (transfer full). */
static gchar *
listed_plans (JsonNode *view, Paged which)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (view), list_of (which));
  g_autoptr (GString) ids = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (
      ids, "%s%s", i > 0 ? "," : "",
      json_object_get_string_member (json_array_get_object_element (items, i), "plan_id"));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* @view without its page (list and next_cursor): what every page must agree on, as JSON.
 * Returns: (transfer full). */
static gchar *
counts_of (JsonNode *view, Paged which)
{
  g_autofree gchar *whole = json_to_string (view, FALSE);
  g_autoptr (JsonNode) copy = body ("%s", whole); /* json_node_copy() would share the object */
  json_object_remove_member (json_node_get_object (copy), list_of (which));
  json_object_remove_member (json_node_get_object (copy), "next_cursor");
  return json_to_string (copy, FALSE);
}

/* Walks view @which @limit items at a time from the first page to the one whose next_cursor is
 * null. Returns: (transfer full): the plans listed on all pages, comma-separated; each page's
 * counts must be @counts. */
static gchar *
walk (PGconn *app, const EpDbTxContext *ctx, Paged which, const gchar *regisseur, guint limit,
      GDateTime *clock, const gchar *counts, guint *pages)
{
  g_autoptr (GString) all = g_string_new (NULL);
  g_autofree gchar *cursor = NULL;
  *pages = 0;
  do
    {
      g_autoptr (GError) error = NULL;
      EpPlanPage page = { .limit = limit, .cursor = cursor };
      g_autoptr (JsonNode) view = paged_view (app, ctx, which, regisseur, &page, clock, &error);
      EP_ASSERT_NO_ERROR (view != NULL, error);
      (*pages)++;
      g_autofree gchar *these = listed_plans (view, which);
      g_autofree gchar *these_counts = counts_of (view, which);
      ck_assert_str_eq (these_counts, counts);
      ck_assert_uint_le (json_array_get_length (json_object_get_array_member (
                           json_node_get_object (view), list_of (which))),
                         limit);
      if (*these != '\0')
        g_string_append_printf (all, "%s%s", all->len > 0 ? "," : "", these);
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member_with_default (json_node_get_object (view),
                                                                     "next_cursor", NULL));
      ck_assert_uint_lt (*pages, 10);
    }
  while (cursor != NULL);
  return g_string_free (g_steal_pointer (&all), FALSE);
}

START_TEST (test_supervisor_paging)
{
  g_auto (Views) v = { 0 };
  views_init (&v);
  PGconn *app = v.app;
  const Fixed f = v.f;
  const EpDbTxContext boss = v.boss;
  GDateTime *clock = v.clock;
  /* Each view's items in order (the levels view: the plan of each change). */
  const struct
  {
    Paged which;
    const gchar *regisseur;
    const gchar *want[5]; /* NULL-terminated */
  } cases[] = {
    { PAGED_LEVELS, NULL, { f.p1, f.p2, f.p1, f.p3 } },
    { PAGED_TIME, NULL, { f.p1, f.p2, f.p3 } },
    { PAGED_OVERDUE, NULL, { f.p1, f.p3 } },
    { PAGED_OVERDUE, f.ra, { f.p1, f.p3 } },
    { PAGED_OVERDUE, f.rb, { NULL } },
    { PAGED_REGIE, NULL, { f.p1, f.p3, f.p2 } },
  };
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) full
        = paged_view (app, &boss, cases[c].which, cases[c].regisseur, NULL, clock, &error);
      EP_ASSERT_NO_ERROR (full != NULL, error);
      g_autofree gchar *want = g_strjoinv (",", (gchar **) cases[c].want);
      guint n = g_strv_length ((gchar **) cases[c].want);
      g_autofree gchar *got = listed_plans (full, cases[c].which);
      ck_assert_str_eq (got, want);
      ck_assert (json_object_get_null_member (json_node_get_object (full), "next_cursor"));
      g_autofree gchar *counts = counts_of (full, cases[c].which);
      for (guint limit = 1; limit <= 2; limit++)
        {
          guint pages = 0;
          g_autofree gchar *walked
            = walk (app, &boss, cases[c].which, cases[c].regisseur, limit, clock, counts, &pages);
          ck_assert_str_eq (walked, want);
          ck_assert_uint_eq (pages, MAX (1, (n + limit - 1) / limit));
        }
      /* Past the end: no items, no next page, the same counts. */
      EpPlanPage beyond = { .limit = 2, .cursor = "99" };
      g_autoptr (JsonNode) after
        = paged_view (app, &boss, cases[c].which, cases[c].regisseur, &beyond, clock, &error);
      EP_ASSERT_NO_ERROR (after != NULL, error);
      g_autofree gchar *none = listed_plans (after, cases[c].which);
      ck_assert_str_eq (none, "");
      ck_assert (json_object_get_null_member (json_node_get_object (after), "next_cursor"));
      g_autofree gchar *after_counts = counts_of (after, cases[c].which);
      ck_assert_str_eq (after_counts, counts);
    }
  /* The overdue counts stay the team's when the list is one regisseur's. */
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) of_b = paged_view (app, &boss, PAGED_OVERDUE, f.rb, NULL, clock, &error);
  EP_ASSERT_NO_ERROR (of_b != NULL, error);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (of_b), "aantal"), 2);

  /* A bad page, named. */
  static const struct
  {
    guint limit;
    const gchar *cursor, *path;
  } bad[] = {
    { 201, NULL, "limit" },
    { G_MAXUINT, NULL, "limit" },
    { 1, "abc", "cursor" },
    { 1, "-1", "cursor" },
    { 1, "", "cursor" },
    { 1, "2x", "cursor" },
    { 1, "9223372036854775807", "cursor" },
    { 1, "99999999999999999999", "cursor" },
    { 1, " 1", "cursor" },
  };
  for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
    for (Paged which = PAGED_LEVELS; which <= PAGED_REGIE; which++)
      {
        g_autoptr (GError) refused = NULL;
        EpPlanPage page = { .limit = bad[b].limit, .cursor = bad[b].cursor };
        ck_assert (paged_view (app, &boss, which, NULL, &page, clock, &refused) == NULL);
        ASSERT_PLAN_ERROR (refused, EP_PLAN_ERROR_INVALID_VALUE, bad[b].path);
      }
}
END_TEST

/* The plans in the access log of @actor after row @after, in order, comma-separated. */
static gchar *
logged_since (PGconn *owner, const gchar *actor, const gchar *after)
{
  return query (owner,
                "SELECT coalesce (string_agg (entity_id, ',' ORDER BY id), '') FROM access_log"
                " WHERE actor_id = $1 AND id > $2::bigint",
                actor, after, NULL);
}

START_TEST (test_supervisor_log_and_shield)
{
  g_auto (Views) v = { 0 };
  views_init (&v);
  g_autoptr (GError) error = NULL;

  /* The access log: the plans on the page, none for what is only counted. */
  g_autofree gchar *start = query (v.owner, "SELECT coalesce (max (id), 0) FROM access_log", NULL);
  EpPlanPage second = { .limit = 1, .cursor = "1" };
  g_autoptr (JsonNode) regie
    = paged_view (v.app, &v.boss, PAGED_REGIE, NULL, &second, v.clock, &error);
  EP_ASSERT_NO_ERROR (regie != NULL, error);
  g_autofree gchar *logged = logged_since (v.owner, v.f.s1, start);
  ck_assert_str_eq (logged, v.f.p3);
  EpPlanPage two = { .limit = 2 };
  g_autoptr (JsonNode) levels
    = paged_view (v.app, &v.boss, PAGED_LEVELS, NULL, &two, v.clock, &error);
  EP_ASSERT_NO_ERROR (levels != NULL, error);
  g_autofree gchar *logged_levels = logged_since (v.owner, v.f.s1, start);
  g_autofree gchar *want_levels = g_strdup_printf ("%s,%s,%s", v.f.p3, v.f.p1, v.f.p2);
  ck_assert_str_eq (logged_levels, want_levels);
  EpPlanPage beyond = { .limit = 2, .cursor = "10" };
  g_autoptr (JsonNode) counted
    = paged_view (v.app, &v.boss, PAGED_TIME, NULL, &beyond, v.clock, &error);
  EP_ASSERT_NO_ERROR (counted != NULL, error);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (counted), "aantal"), 3);
  g_autofree gchar *logged_counted = logged_since (v.owner, v.f.s1, start);
  ck_assert_str_eq (logged_counted, want_levels);

  /* P2's household shielded: the supervisor, not named, neither sees nor counts it; under an
   * emergency access, or named by the shield, they do again. household_access() and
   * household_access_of() answer alike throughout. */
  g_autofree gchar *h1
    = query (v.owner, "SELECT household_id FROM plan WHERE id = $1::uuid", v.f.p1, NULL);
  g_autofree gchar *h2
    = query (v.owner, "SELECT household_id FROM plan WHERE id = $1::uuid", v.f.p2, NULL);
  g_autofree gchar *shield = query (
    v.owner,
    "INSERT INTO household_shield (gemeente, household_id, reason, shielded_by, shielded_role)"
    " VALUES ('GM0164', $1::uuid, 'Afgeschermd voor de test', 'l.supervisor', 'supervisor')"
    " RETURNING id",
    h2, NULL);
  static const struct
  {
    const gchar *step, *access;
    gint64 aantal;
    const gchar *seconden;
  } steps[] = {
    { "refused", "refused", 2, "{\"1\":0,\"2\":2851200,\"3\":864000,\"4\":0}" },
    { "emergency", "emergency", 3, "{\"1\":518400,\"2\":4233600,\"3\":864000,\"4\":0}" },
    { "named", "named", 3, "{\"1\":518400,\"2\":4233600,\"3\":864000,\"4\":0}" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (strcmp (steps[i].step, "emergency") == 0)
        {
          g_autofree gchar *opened = query (
            v.owner,
            "INSERT INTO emergency_access (gemeente, household_id, shield_id, actor_id, actor_role,"
            "                              reason, expires_at)"
            " VALUES ('GM0164', $1::uuid, $2::uuid, $3, 'supervisor',"
            "         'Noodtoegang voor de test van het overzicht', now () + interval '1 hour')"
            " RETURNING id",
            h2, shield, v.f.s1, NULL);
        }
      if (strcmp (steps[i].step, "named") == 0)
        {
          ep_test_db_exec (v.owner, "DELETE FROM emergency_access WHERE household_id IN"
                                    " (SELECT household_id FROM household_shield"
                                    "   WHERE reason = 'Afgeschermd voor de test')");
          g_autofree gchar *named = query (v.owner,
                                           "INSERT INTO household_shield_user (gemeente, shield_id,"
                                           " username) VALUES ('GM0164', $1::uuid, $2)"
                                           " RETURNING username",
                                           shield, v.f.s1, NULL);
        }
      EP_ASSERT_NO_ERROR (as_app (v.app, v.f.s1, "supervisor", "SELECT 1", &error), error);
      g_autofree gchar *answers
        = query (v.app,
                 "SELECT household_access ($1::uuid) || ' ' || a.access || ' '"
                 "       || household_access ($2::uuid) || ' ' || b.access"
                 "  FROM household_access_of ($1::uuid) a, household_access_of ($2::uuid) b",
                 h1, h2, NULL);
      g_autofree gchar *want_answers
        = g_strdup_printf ("open open %s %s", steps[i].access, steps[i].access);
      ck_assert_str_eq (answers, want_answers);
      g_autoptr (JsonNode) time
        = paged_view (v.app, &v.boss, PAGED_TIME, NULL, NULL, v.clock, &error);
      EP_ASSERT_NO_ERROR (time != NULL, error);
      ck_assert_int_eq (json_object_get_int_member (json_node_get_object (time), "aantal"),
                        steps[i].aantal);
      g_autofree gchar *plans = listed_plans (time, PAGED_TIME);
      g_autofree gchar *want_plans = steps[i].aantal == 2
                                       ? g_strdup_printf ("%s,%s", v.f.p1, v.f.p3)
                                       : g_strdup_printf ("%s,%s,%s", v.f.p1, v.f.p2, v.f.p3);
      ck_assert_str_eq (plans, want_plans);
      g_autofree gchar *total = member_json (time, "totaal");
      ck_assert_msg (g_str_has_prefix (total + strlen ("{\"seconden\":"), steps[i].seconden),
                     "%s: %s", steps[i].step, total);
      g_autoptr (JsonNode) regie_now
        = paged_view (v.app, &v.boss, PAGED_REGIE, NULL, NULL, v.clock, &error);
      EP_ASSERT_NO_ERROR (regie_now != NULL, error);
      ck_assert_int_eq (json_object_get_int_member (json_node_get_object (regie_now), "aantal"),
                        steps[i].aantal);
      g_autoptr (JsonNode) levels_now
        = paged_view (v.app, &v.boss, PAGED_LEVELS, NULL, NULL, v.clock, &error);
      EP_ASSERT_NO_ERROR (levels_now != NULL, error);
      ck_assert_int_eq (json_object_get_int_member (json_node_get_object (levels_now), "aantal"),
                        steps[i].aantal + 1);
      ck_assert_int_eq (
        json_object_get_int_member (json_node_get_object (levels_now), "opgeschaald"),
        steps[i].aantal == 2 ? 1 : 2);
    }
  /* Shown under the emergency access: its access-log row says so, with the reason. */
  g_autofree gchar *emergency = query (v.owner,
                                       "SELECT count (*) FROM access_log WHERE actor_id = $1"
                                       " AND entity_id = $2 AND emergency"
                                       " AND emergency_reason LIKE 'Noodtoegang%'",
                                       v.f.s1, v.f.p2, NULL);
  ck_assert_str_eq (emergency, "3");
}
END_TEST

Suite *
ep_test_ladder_suite (void)
{
  Suite *suite = suite_create ("ladder");
  TCase *ladder = tcase_create ("ladder");
  tcase_set_timeout (ladder, 120);
  tcase_add_test (ladder, test_approval);
  tcase_add_test (ladder, test_four_eyes);
  tcase_add_test (ladder, test_reject);
  tcase_add_test (ladder, test_close_lapses);
  tcase_add_test (ladder, test_down_and_maatwerk);
  tcase_add_test (ladder, test_other_team);
  tcase_add_test (ladder, test_evaluation_zrm);
  tcase_add_test (ladder, test_evaluation_today_amsterdam);
  tcase_add_test (ladder, test_supervisor_views);
  tcase_add_test (ladder, test_supervisor_paging);
  tcase_add_test (ladder, test_supervisor_log_and_shield);
  suite_add_tcase (suite, ladder);
  return suite;
}
