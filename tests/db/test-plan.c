/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-plan.c: the household plan (plans/, migration 0010) against a real PostgreSQL.
 *
 * Each test records the Jolanda intake (docs/examples/intake-jolanda.json) for a household of
 * its own and finalises it, so that a plan has needs to bring in. What is asserted is what is in
 * the database: the rules PostgreSQL holds on its own (as the application role), the plan's JSON
 * as plan_document() builds it, versions, audit events and access-log rows, exact error codes and
 * paths, and that a refused write leaves every count as it was. The concurrency test runs 1,000
 * seeded interleavings of two writers, each with its own connection.
 */
#include "db-suites.h"
#include "jolanda-case.h"

#include "ep-emergency.h"
#include "ep-json.h"
#include "ep-plan.h"
#include "ep-shield.h"

#include <stdarg.h>
#include <string.h>

static const EpDbTxContext case_worker
  = { .gemeente = EP_TEST_GM_A, .actor_id = "p.casemanager", .actor_role = "casemanager" };
static const EpDbTxContext regisseur
  = { .gemeente = EP_TEST_GM_A, .actor_id = "p.regisseur", .actor_role = "regisseur" };
static const EpDbTxContext colleague
  = { .gemeente = EP_TEST_GM_A, .actor_id = "p.regisseur2", .actor_role = "regisseur" };
static const EpDbTxContext supervisor
  = { .gemeente = EP_TEST_GM_A, .actor_id = "p.supervisor", .actor_role = "supervisor" };

/* ASSERT_PLAN_ERROR (error, code, path): @error is an EP_PLAN_ERROR with @code naming @path. */
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

/* A JSON body from a printf format. Returns: (transfer full). */
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

static gchar *
query_text (PGconn *conn, const gchar *sql, const gchar *first, ...)
{
  va_list args;
  va_start (args, first);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  for (const gchar *p = first; p != NULL; p = va_arg (args, const gchar *))
    ep_db_params_add_text (params, p);
  va_end (args);
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) res = ep_db_exec (conn, sql, params, PGRES_TUPLES_OK, "query", &error);
  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  ck_assert_int_eq (PQntuples (res), 1);
  return PQgetisnull (res, 0, 0) ? NULL : g_strdup (PQgetvalue (res, 0, 0));
}

static gint64
query_int (PGconn *conn, const gchar *sql, const gchar *first, ...)
{
  va_list args;
  va_start (args, first);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  for (const gchar *p = first; p != NULL; p = va_arg (args, const gchar *))
    ep_db_params_add_text (params, p);
  va_end (args);
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) res = ep_db_exec (conn, sql, params, PGRES_TUPLES_OK, "query", &error);
  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  return g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
}

/* The users the plan tests act as (made once; every test may make them again). */
static void
ensure_users (PGconn *owner)
{
  ep_test_db_exec (owner, "INSERT INTO app_user (gemeente, username, display_name, role) VALUES"
                          " ('GM0164', 'p.regisseur', 'Rana Demir', 'regisseur'),"
                          " ('GM0164', 'p.regisseur2', 'Sam de Vries', 'regisseur'),"
                          " ('GM0164', 'p.casemanager', 'Bo Jansen', 'casemanager'),"
                          " ('GM0164', 'p.supervisor', 'Iris Kok', 'supervisor'),"
                          " ('GM0164', 'p.beheer', 'Ad Min', 'admin'),"
                          " ('GM0164', 'p.supervisor2', 'Kees Mol', 'supervisor'),"
                          " ('GM0164', 'p.regisseur3', 'Fenna Bos', 'regisseur')"
                          " ON CONFLICT DO NOTHING");
  /* Two teams: the plan's people in one, a supervisor and a regisseur of another. */
  ep_test_db_exec (owner, "INSERT INTO team (gemeente, naam) VALUES ('GM0164', 'Plan team A'),"
                          " ('GM0164', 'Plan team B') ON CONFLICT DO NOTHING");
  ep_test_db_exec (owner,
                   "UPDATE app_user u SET team_id = t.id FROM team t"
                   " WHERE u.gemeente = 'GM0164' AND t.gemeente = 'GM0164'"
                   "   AND t.naam = CASE WHEN u.username IN ('p.supervisor2', 'p.regisseur3')"
                   "                     THEN 'Plan team B' ELSE 'Plan team A' END"
                   "   AND u.username LIKE 'p.%' AND u.role <> 'admin'");
}

/* A household of its own with Jolanda's intake, finalised. */
typedef struct
{
  PGconn *owner;
  PGconn *app;
  gchar *household;
  gchar *intake;
  gchar *jolanda; /* person id */
} Case;

static void
case_clear (Case *c)
{
  g_clear_pointer (&c->household, g_free);
  g_clear_pointer (&c->intake, g_free);
  g_clear_pointer (&c->jolanda, g_free);
  g_clear_pointer (&c->app, ep_db_close);
  g_clear_pointer (&c->owner, ep_db_close);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

static void
case_init (Case *c)
{
  c->owner = ep_test_db_owner (ep_test_cluster);
  c->app = ep_test_db_app (ep_test_cluster);
  ensure_users (c->owner);
  JolandaCase j = { 0 };
  jolanda_case_init (&j, c->owner, c->app, &case_worker);
  c->intake = j.intake;
  c->household = j.household;
  c->jolanda = j.jolanda;
}

static gchar *
create_plan (Case *c)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) b = body ("{\"regisseur\": \"p.regisseur\", \"aanspreekpunt\":"
                                 " \"p.regisseur\", \"reden\": \"Start van het gezinsplan\"}");
  gchar *plan_id = NULL;
  EP_ASSERT_NO_ERROR (ep_plan_create (c->app, &regisseur, c->household, b, &plan_id, &error),
                      error);
  return plan_id;
}

static JsonNode *
read_plan (Case *c, const EpDbTxContext *ctx)
{
  g_autoptr (GError) error = NULL;
  JsonNode *plan = ep_plan_read (c->app, ctx, c->household, &error);
  ck_assert_msg (plan != NULL, "%s", error ? error->message : "");
  return plan;
}

/* The id of the plan's need whose intake law is @wet. */
static gchar *
need_of (JsonNode *plan, const gchar *wet)
{
  JsonArray *needs = json_object_get_array_member (json_node_get_object (plan), "hulpvragen");
  for (guint i = 0; i < json_array_get_length (needs); i++)
    {
      JsonObject *n = json_array_get_object_element (needs, i);
      if (strcmp (json_object_get_string_member (n, "wet_intake"), wet) == 0)
        return g_strdup (json_object_get_string_member (n, "id"));
    }
  ck_abort_msg ("no need under %s", wet);
  return NULL;
}

static gint
version_of (JsonNode *plan)
{
  return (gint) json_object_get_int_member (json_node_get_object (plan), "version");
}

/* Runs @sql on the application role (row-level security applies) as p.regisseur of GM0164.
 * Returns: TRUE, or FALSE with the EP_DB_ERROR PostgreSQL gave. */
static gboolean
app_exec (PGconn *app, const gchar *sql, GError **error)
{
  g_autoptr (PGresult) set = ep_db_exec (app,
                                         "SELECT set_config ('eenplan.gemeente', 'GM0164', false),"
                                         " set_config ('eenplan.actor', 'p.regisseur', false),"
                                         " set_config ('eenplan.actor_role', 'regisseur', false)",
                                         NULL, PGRES_TUPLES_OK, "set the tenant", error);
  return set != NULL && ep_db_exec_script (app, sql, "straight SQL", error);
}

/* ---- PostgreSQL holds the rules on its own ---------------------------------------------- */

START_TEST (test_sql_rules)
{
  g_auto (Case) a = { 0 };
  g_auto (Case) b = { 0 };
  case_init (&a);
  case_init (&b);
  g_autofree gchar *plan_a = create_plan (&a);
  g_autofree gchar *plan_b = create_plan (&b);
  g_autoptr (GError) error = NULL;

  /* A second active plan for a household. */
  g_autofree gchar *sql = g_strdup_printf (
    "INSERT INTO plan (household_id, aanspreekpunt) VALUES ('%s', 'p.regisseur')", a.household);
  ck_assert (!app_exec (a.app, sql, &error));
  ck_assert_int_eq (error->code, EP_DB_ERROR_UNIQUE_VIOLATION);
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_one_active");
  g_clear_error (&error);

  /* A second concurrent regisseur. */
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO plan_regie (plan_id, position, regisseur, van, vanaf,"
                         " notitie) VALUES ('%s', 1, 'p.regisseur2', 'p.regisseur', current_date,"
                         " 'tweede regisseur')",
                         plan_a);
  ck_assert (!app_exec (a.app, sql, &error));
  ck_assert_int_eq (error->code, EP_DB_ERROR_UNIQUE_VIOLATION);
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_regie_current");
  g_clear_error (&error);

  /* An active plan without a regisseur, refused at commit. */
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_free (sql);
  sql = g_strdup_printf ("BEGIN; INSERT INTO plan (household_id, aanspreekpunt)"
                         " VALUES ('%s', 'p.regisseur'); COMMIT",
                         c.household);
  ck_assert (!app_exec (c.app, sql, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_one_regisseur");
  g_clear_error (&error);
  ep_test_db_exec (c.app, "ROLLBACK");
  ck_assert_int_eq (query_int (c.owner, "SELECT count(*) FROM plan WHERE household_id = $1::uuid",
                               c.household, NULL),
                    0);

  /* A goal of plan a linking a need of plan b: the foreign key refuses it. */
  g_autoptr (JsonNode) doc_a = read_plan (&a, &regisseur);
  g_autoptr (JsonNode) doc_b = read_plan (&b, &regisseur);
  g_autofree gchar *need_a = need_of (doc_a, "PW");
  g_autofree gchar *need_b = need_of (doc_b, "PW");
  g_autofree gchar *goal_id = NULL;
  g_autoptr (JsonNode) goal = body ("{\"omschrijving\": \"Werk\", \"leden\": [\"%s\"],"
                                    " \"hulpvragen\": [\"%s\"], \"reden\": \"Doel\"}",
                                    a.jolanda, need_a);
  EP_ASSERT_NO_ERROR (ep_plan_put_goal (a.app, &regisseur, a.household, NULL, version_of (doc_a),
                                        goal, &goal_id, NULL, &error),
                      error);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO plan_goal_need (plan_id, goal_id, need_id)"
                         " VALUES ('%s', '%s', '%s')",
                         plan_a, goal_id, need_b);
  ck_assert (!app_exec (a.app, sql, &error));
  ck_assert_int_eq (error->code, EP_DB_ERROR_FOREIGN_KEY_VIOLATION);
  g_clear_error (&error);

  /* The history is not rewritten: only the columns the code changes are granted (an agreement,
   * the end of a regie), and an agreement once recorded stays as it is. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE plan_version SET document = '{}' WHERE plan_id = '%s'", plan_a);
  ck_assert (!app_exec (a.app, sql, &error));
  ck_assert_int_eq (error->code, EP_DB_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE plan_regie SET regisseur = 'p.regisseur2' WHERE plan_id = '%s'",
                         plan_a);
  ck_assert (!app_exec (a.app, sql, &error));
  ck_assert_int_eq (error->code, EP_DB_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE plan_version SET akkoord_datum = current_date, akkoord_wijze ="
                         " 'mondeling', akkoord_door = 'p.regisseur', akkoord_op = now ()"
                         " WHERE plan_id = '%s' AND version = 1",
                         plan_a);
  EP_ASSERT_NO_ERROR (app_exec (a.app, sql, &error), error);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE plan_version SET akkoord_datum = current_date - 1"
                         " WHERE plan_id = '%s' AND version = 1",
                         plan_a);
  ck_assert (!app_exec (a.app, sql, &error));
  ck_assert_str_eq (ep_db_error_get_constraint (error), "plan_agreement_fixed");
  g_clear_error (&error);

  /* Through the library, the same link is refused with its path. */
  g_autoptr (JsonNode) other = body ("{\"omschrijving\": \"Werk\", \"leden\": [\"%s\"],"
                                     " \"hulpvragen\": [\"%s\", \"%s\"], \"reden\": \"Doel\"}",
                                     a.jolanda, need_a, need_b);
  ck_assert (!ep_plan_put_goal (a.app, &regisseur, a.household, goal_id, version_of (doc_a) + 1,
                                other, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_RULE, "hulpvragen[1]");
  g_clear_error (&error);

  /* Creating again: EXISTS naming the plan. */
  g_autoptr (JsonNode) again = body ("{\"regisseur\": \"p.regisseur\", \"aanspreekpunt\":"
                                     " \"p.casemanager\", \"reden\": \"Nog een\"}");
  ck_assert (!ep_plan_create (a.app, &regisseur, a.household, again, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_EXISTS, "household_id");
  ck_assert_str_eq (ep_plan_error_existing_id (error), plan_a);
}
END_TEST

/* ---- Jolanda, end to end ---------------------------------------------------------------- */

static JsonObject *
find_in (JsonNode *plan, const gchar *list, const gchar *id)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (plan), list);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (strcmp (json_object_get_string_member (item, "id"), id) == 0)
        return item;
    }
  ck_abort_msg ("%s has no %s", list, id);
  return NULL;
}

static gchar *
diff_paths (JsonNode *diff)
{
  JsonArray *changes = json_object_get_array_member (json_node_get_object (diff), "wijzigingen");
  g_autoptr (GString) paths = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      g_string_append_printf (paths, "%s%s:%s", i ? " " : "",
                              json_object_get_string_member (c, "pad"),
                              json_object_get_string_member (c, "soort"));
    }
  return g_strdup (paths->str);
}

START_TEST (test_jolanda)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  gint64 audit_before = ep_test_db_count (c.owner, "SELECT count(*) FROM audit_event");
  g_autofree gchar *plan_id = create_plan (&c);

  g_autoptr (JsonNode) v1 = read_plan (&c, &case_worker);
  JsonObject *p = json_node_get_object (v1);
  ck_assert_str_eq (json_object_get_string_member (p, "id"), plan_id);
  ck_assert_int_eq (json_object_get_int_member (p, "version"), 1);
  ck_assert_str_eq (json_object_get_string_member (p, "status"), "actief");
  JsonObject *r = json_object_get_object_member (p, "regisseur");
  ck_assert_str_eq (json_object_get_string_member (r, "username"), "p.regisseur");
  ck_assert_str_eq (json_object_get_string_member (r, "naam"), "Rana Demir");
  JsonArray *needs = json_object_get_array_member (p, "hulpvragen");
  /* The fixture's five needs: PW, WMO, JW, WGS and the network's (GEEN), in the intake's order. */
  ck_assert_int_eq (json_array_get_length (needs), 5);
  const gchar *laws[] = { "PW", "WMO", "JW", "WGS", "GEEN" };
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *n = json_array_get_object_element (needs, i);
      ck_assert_str_eq (json_object_get_string_member (n, "wet"), laws[i]);
      ck_assert_str_eq (json_object_get_string_member (n, "lid"), c.jolanda);
      ck_assert_str_eq (json_object_get_string_member (n, "intake_id"), c.intake);
    }
  ck_assert_int_eq (json_array_get_length (json_object_get_array_member (p, "open_hulpvragen")), 5);
  ck_assert_int_eq (json_array_get_length (json_object_get_array_member (p, "leden")), 1);

  g_autofree gchar *pw = need_of (v1, "PW");
  g_autofree gchar *wmo = need_of (v1, "WMO");
  g_autofree gchar *jw = need_of (v1, "JW");
  g_autofree gchar *wgs = need_of (v1, "WGS");
  gint version = 1;

  /* v2: the situation. */
  g_autoptr (JsonNode) situation
    = body ("{\"goed_gaat\": \"Dagbesteding vier dagen per week\", \"eigen_kracht\": \"Mark en"
            " zijn familie\", \"problemen\": [{\"omschrijving\": \"Schulden lopen op\","
            " \"prioriteit\": 1}], \"reden\": \"Eerste gesprek\"}");
  EP_ASSERT_NO_ERROR (
    ep_plan_set_situation (c.app, &regisseur, c.household, version, situation, &version, &error),
    error);
  ck_assert_int_eq (version, 2);

  /* v3: one goal across two laws (PW and WMO). */
  g_autofree gchar *work = NULL;
  g_autoptr (JsonNode) goal = body ("{\"omschrijving\": \"Jolanda heeft betaald werk\","
                                    " \"leden\": [\"%s\"], \"streefdatum\": \"2027-06-30\","
                                    " \"hulpvragen\": [\"%s\", \"%s\"], \"reden\": \"Doel werk\"}",
                                    c.jolanda, pw, wmo);
  EP_ASSERT_NO_ERROR (
    ep_plan_put_goal (c.app, &regisseur, c.household, NULL, version, goal, &work, &version, &error),
    error);
  ck_assert_int_eq (version, 3);
  /* v4: contact with her son (JW); v5: debts (WGS). */
  g_autofree gchar *son = NULL;
  g_autoptr (JsonNode) goal_son
    = body ("{\"omschrijving\": \"Vaste afspraken met haar zoon\", \"leden\": [\"%s\"],"
            " \"hulpvragen\": [\"%s\"], \"reden\": \"Doel contact\"}",
            c.jolanda, jw);
  EP_ASSERT_NO_ERROR (ep_plan_put_goal (c.app, &regisseur, c.household, NULL, version, goal_son,
                                        &son, &version, &error),
                      error);
  g_autofree gchar *debts = NULL;
  g_autoptr (JsonNode) goal_debts
    = body ("{\"omschrijving\": \"Schulden stabiel\", \"leden\": [\"%s\"],"
            " \"hulpvragen\": [\"%s\"], \"reden\": \"Doel schulden\"}",
            c.jolanda, wgs);
  EP_ASSERT_NO_ERROR (ep_plan_put_goal (c.app, &regisseur, c.household, NULL, version, goal_debts,
                                        &debts, &version, &error),
                      error);
  ck_assert_int_eq (version, 5);

  /* v6: begeleiding WMO 02, 1.7 hours a week = 102 minutes per week. */
  g_autofree gchar *begeleiding = NULL;
  g_autoptr (JsonNode) action
    = body ("{\"doel_id\": \"%s\", \"soort\": \"maatwerkvoorziening\", \"omschrijving\":"
            " \"Individuele begeleiding thuis\", \"uitvoerder\": \"Zorgaanbieder De Linde\","
            " \"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"De Linde\","
            " \"omvang\": {\"volume\": 102, \"eenheid\": \"01\", \"frequentie\": \"2\"},"
            " \"begindatum\": \"2026-12-07\", \"reden\": \"Begeleiding voortzetten\"}",
            work);
  EP_ASSERT_NO_ERROR (ep_plan_put_action (c.app, &regisseur, c.household, NULL, version, action,
                                          &begeleiding, &version, &error),
                      error);
  /* v7: the network: the friend's family. */
  g_autoptr (JsonNode) network
    = body ("{\"soort\": \"netwerk\", \"omschrijving\": \"Zondag samen de post doornemen\","
            " \"uitvoerder\": \"Mark en zijn familie\", \"reden\": \"Netwerk betrokken\"}");
  EP_ASSERT_NO_ERROR (ep_plan_put_action (c.app, &regisseur, c.household, NULL, version, network,
                                          NULL, &version, &error),
                      error);
  ck_assert_int_eq (version, 7);
  ck_assert_int_eq (query_int (c.owner,
                               "SELECT count(*) FROM plan_action WHERE plan_id = $1::uuid"
                               " AND volume = 102 AND eenheid = '01' AND frequentie = '2'"
                               " AND productcategorie = '02' AND wet = 'WMO'",
                               plan_id, NULL),
                    1);

  /* v8: the son's need moves from JW to WMO, with its reason. */
  g_autoptr (JsonNode) law = body ("{\"wet\": \"WMO\", \"reden\": \"Ondersteuning van Jolanda"
                                   " zelf, niet van de zoon\"}");
  EP_ASSERT_NO_ERROR (
    ep_plan_set_need_law (c.app, &regisseur, c.household, jw, version, law, &version, &error),
    error);
  /* v9: warm handover to a colleague, who becomes aanspreekpunt too. */
  g_autoptr (JsonNode) handover
    = body ("{\"naar\": \"p.regisseur2\", \"datum\": \"%s\", \"notitie\": \"Jolanda houdt"
            " van vaste tijden; bel eerst\", \"aanspreekpunt\": \"p.regisseur2\"}",
            "2000-01-01");
  ck_assert (!ep_plan_handover (c.app, &regisseur, c.household, version, handover, NULL, &error));
  /* The handover date lies before the regisseur took regie today: refused, nothing written. */
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_RULE, "datum");
  g_clear_error (&error);
  g_autofree gchar *today = query_text (c.owner, "SELECT current_date::text", NULL);
  g_autoptr (JsonNode) handover2
    = body ("{\"naar\": \"p.regisseur2\", \"datum\": \"%s\", \"notitie\": \"Jolanda houdt"
            " van vaste tijden; bel eerst\", \"aanspreekpunt\": \"p.regisseur2\"}",
            today);
  EP_ASSERT_NO_ERROR (
    ep_plan_handover (c.app, &regisseur, c.household, version, handover2, &version, &error), error);
  ck_assert_int_eq (version, 9);
  /* The old regisseur changes it no more; the new one does. */
  g_autoptr (JsonNode) reason = body ("{\"reden\": \"ophalen\"}");
  ck_assert (
    !ep_plan_import_needs (c.app, &regisseur, c.household, version, reason, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_NOT_REGISSEUR, "regisseur");
  g_clear_error (&error);
  guint imported = 99;
  EP_ASSERT_NO_ERROR (ep_plan_import_needs (c.app, &colleague, c.household, version, reason,
                                            &imported, &version, &error),
                      error);
  ck_assert_uint_eq (imported, 0);
  ck_assert_int_eq (version, 9);

  /* Agree version 7 (no new version). */
  g_autoptr (JsonNode) agree
    = body ("{\"versie\": 7, \"datum\": \"%s\", \"wijze\": \"mondeling\"}", today);
  EP_ASSERT_NO_ERROR (
    ep_plan_agree (c.app, &colleague, c.household, version, agree, &version, &error), error);
  ck_assert_int_eq (version, 9);

  g_autoptr (JsonNode) now = read_plan (&c, &case_worker);
  JsonObject *o = json_node_get_object (now);
  ck_assert_int_eq (json_object_get_int_member (o, "version"), 9);
  JsonObject *work_goal = find_in (now, "doelen", work);
  JsonArray *wetten = json_object_get_array_member (work_goal, "wetten");
  ck_assert_int_eq (json_array_get_length (wetten), 2);
  ck_assert_str_eq (json_array_get_string_element (wetten, 0), "PW");
  ck_assert_str_eq (json_array_get_string_element (wetten, 1), "WMO");
  JsonObject *omvang
    = json_object_get_object_member (find_in (now, "afspraken", begeleiding), "omvang");
  ck_assert_int_eq (json_object_get_int_member (omvang, "volume"), 102);
  ck_assert_str_eq (json_object_get_string_member (omvang, "eenheid"), "01");
  ck_assert_str_eq (json_object_get_string_member (omvang, "frequentie"), "2");
  JsonObject *son_need = find_in (now, "hulpvragen", jw);
  ck_assert_str_eq (json_object_get_string_member (son_need, "wet"), "WMO");
  ck_assert_str_eq (json_object_get_string_member (son_need, "wet_intake"), "JW");
  JsonArray *history = json_object_get_array_member (son_need, "wet_historie");
  ck_assert_int_eq (json_array_get_length (history), 1);
  ck_assert_str_eq (
    json_object_get_string_member (json_array_get_object_element (history, 0), "door"),
    "p.regisseur");
  JsonArray *regie = json_object_get_array_member (o, "regie");
  ck_assert_int_eq (json_array_get_length (regie), 2);
  JsonObject *second = json_array_get_object_element (regie, 1);
  ck_assert_str_eq (json_object_get_string_member (second, "regisseur"), "p.regisseur2");
  ck_assert_str_eq (json_object_get_string_member (second, "van"), "p.regisseur");
  ck_assert_str_eq (json_object_get_string_member (second, "van_naam"), "Rana Demir");
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (regie, 0), "tot"),
                    today);
  ck_assert_str_eq (
    json_object_get_string_member (json_object_get_object_member (o, "aanspreekpunt"), "username"),
    "p.regisseur2");
  JsonObject *akkoord = json_object_get_object_member (o, "akkoord");
  ck_assert_int_eq (json_object_get_int_member (akkoord, "versie"), 7);
  ck_assert_str_eq (json_object_get_string_member (akkoord, "wijze"), "mondeling");
  /* Open needs without an open goal: only the network's (GEEN). */
  JsonArray *open = json_object_get_array_member (o, "open_hulpvragen");
  ck_assert_int_eq (json_array_get_length (open), 1);
  g_autofree gchar *geen = need_of (now, "GEEN");
  ck_assert_str_eq (json_array_get_string_element (open, 0), geen);

  /* Versions 1..9 with their reasons, in PostgreSQL. */
  ck_assert_int_eq (query_int (c.owner,
                               "SELECT count(*) FROM plan_version WHERE plan_id = $1::uuid"
                               " AND version BETWEEN 1 AND 9 AND btrim (reden) <> ''",
                               plan_id, NULL),
                    9);
  g_autofree gchar *r8 = query_text (
    c.owner, "SELECT reden FROM plan_version WHERE plan_id = $1::uuid AND version = 8", plan_id,
    NULL);
  ck_assert_str_eq (r8, "Ondersteuning van Jolanda zelf, niet van de zoon");
  /* The stored document of a version is the plan as it then stood. */
  g_autoptr (JsonNode) stored6 = ep_plan_read_version (c.app, &case_worker, c.household, 6, &error);
  ck_assert_ptr_nonnull (stored6);
  ck_assert_int_eq (version_of (stored6), 6);
  ck_assert_int_eq (json_array_get_length (
                      json_object_get_array_member (json_node_get_object (stored6), "afspraken")),
                    1);

  /* The diff: 7 → 9 is the law change and the handover. */
  g_autoptr (JsonNode) diff
    = ep_plan_diff_versions (c.app, &case_worker, c.household, 7, 9, &error);
  ck_assert_msg (diff != NULL, "%s", error ? error->message : "");
  g_autofree gchar *paths = diff_paths (diff);
  g_autofree gchar *want = g_strdup_printf (
    "regisseur.username:gewijzigd aanspreekpunt.username:gewijzigd hulpvragen[%s].wet:gewijzigd",
    jw);
  ck_assert_str_eq (paths, want);

  /* Versions, newest first, a page of 4 then the rest. */
  EpPlanPage page = { .limit = 4 };
  g_autofree gchar *next = NULL;
  g_autoptr (JsonNode) list
    = ep_plan_versions (c.app, &case_worker, c.household, &page, &next, &error);
  ck_assert_ptr_nonnull (list);
  ck_assert_int_eq (json_array_get_length (json_node_get_array (list)), 4);
  ck_assert_int_eq (json_object_get_int_member (
                      json_array_get_object_element (json_node_get_array (list), 0), "versie"),
                    9);
  ck_assert_ptr_nonnull (next);

  /* Audit events: create 1, situation, 3 goals, 2 actions, law, handover + contact person,
   * agree = 11, all of this plan. */
  ck_assert_int_eq (query_int (c.owner,
                               "SELECT count(*) FROM audit_event WHERE entity_type = 'plan'"
                               " AND entity_id = $1",
                               plan_id, NULL),
                    11);
  ck_assert_int_eq (query_int (c.owner,
                               "SELECT count(*) FROM audit_event WHERE entity_id = $1"
                               " AND action IN ('plan_create', 'plan_situation', 'plan_goal_add',"
                               " 'plan_action_add', 'plan_need_law', 'plan_handover',"
                               " 'plan_contact_person', 'plan_agree')",
                               plan_id, NULL),
                    11);
  ck_assert_int_eq (ep_test_db_count (c.owner, "SELECT count(*) FROM audit_event") - audit_before,
                    11);
  /* Access log: read v1, now, version 6, the diff, the versions page = 5 rows. */
  ck_assert_int_eq (query_int (c.owner,
                               "SELECT count(*) FROM access_log WHERE entity_type = 'plan'"
                               " AND entity_id = $1 AND action = 'read'",
                               plan_id, NULL),
                    5);
}
END_TEST

/* ---- stale writes ------------------------------------------------------------------------ */

START_TEST (test_stale)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autofree gchar *plan_id = create_plan (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) one = body ("{\"goed_gaat\": \"een\", \"reden\": \"schrijver een\"}");
  g_autoptr (JsonNode) two = body ("{\"goed_gaat\": \"twee\", \"reden\": \"schrijver twee\"}");
  gint v = 0;
  EP_ASSERT_NO_ERROR (ep_plan_set_situation (c.app, &regisseur, c.household, 1, one, &v, &error),
                      error);
  ck_assert_int_eq (v, 2);
  gint64 audit = ep_test_db_count (c.owner, "SELECT count(*) FROM audit_event");
  ck_assert (!ep_plan_set_situation (c.app, &supervisor, c.household, 1, two, &v, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_STALE, "version");
  ck_assert_int_eq (ep_plan_error_current_version (error), 2);
  ck_assert_int_eq (ep_test_db_count (c.owner, "SELECT count(*) FROM audit_event"), audit);
  g_autofree gchar *kept
    = query_text (c.owner, "SELECT goed_gaat FROM plan WHERE id = $1::uuid", plan_id, NULL);
  ck_assert_str_eq (kept, "een");
  ck_assert_int_eq (query_int (c.owner,
                               "SELECT max(version) FROM plan_version WHERE plan_id = $1::uuid",
                               plan_id, NULL),
                    2);
}
END_TEST

typedef struct
{
  const gchar *household;
  const gchar *jolanda;
  const gchar *need;
  gchar **goals; /* 3 */
  guint seed;
  guint attempts;
  /* out */
  GPtrArray *won; /* "version kind target value" */
  guint stale;
  gchar *failure; /* an error that is not STALE */
} Writer;

static gpointer
writer_run (gpointer data)
{
  Writer *w = data;
  g_autoptr (PGconn) conn = ep_test_db_app (ep_test_cluster);
  g_autoptr (GRand) rand = g_rand_new_with_seed (w->seed);
  for (guint i = 0; i < w->attempts && w->failure == NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) plan = ep_plan_read (conn, &regisseur, w->household, &error);
      if (plan == NULL)
        {
          w->failure = g_strdup (error->message);
          break;
        }
      gint base = version_of (plan);
      g_usleep (g_rand_int_range (rand, 0, 2000));
      g_autofree gchar *value = g_strdup_printf ("s%u-%u", w->seed, i);
      gint v = 0;
      gboolean ok;
      g_autofree gchar *target = NULL;
      const gchar *kind;
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          kind = "afspraak";
          g_autoptr (JsonNode) b = body ("{\"soort\": \"bewoner\", \"omschrijving\": \"%s\","
                                         " \"uitvoerder\": \"Jolanda\", \"reden\": \"%s\"}",
                                         value, value);
          ok = ep_plan_put_action (conn, &regisseur, w->household, NULL, base, b, &target, &v,
                                   &error);
        }
      else
        {
          kind = "doel";
          target = g_strdup (w->goals[g_rand_int_range (rand, 0, 3)]);
          g_autoptr (JsonNode) b = body ("{\"omschrijving\": \"%s\", \"leden\": [\"%s\"],"
                                         " \"hulpvragen\": [\"%s\"], \"reden\": \"%s\"}",
                                         value, w->jolanda, w->need, value);
          ok = ep_plan_put_goal (conn, &regisseur, w->household, target, base, b, NULL, &v, &error);
        }
      if (ok)
        g_ptr_array_add (w->won, g_strdup_printf ("%d %s %s %s", v, kind, target, value));
      else if (g_error_matches (error, EP_PLAN_ERROR, EP_PLAN_ERROR_STALE))
        w->stale++;
      else
        w->failure = g_strdup (error->message);
    }
  return NULL;
}

START_TEST (test_interleavings)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autofree gchar *plan_id = create_plan (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) v1 = read_plan (&c, &regisseur);
  g_autofree gchar *need = need_of (v1, "PW");
  gchar *goals[3] = { NULL, NULL, NULL };
  gint version = 1;
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (JsonNode) b = body ("{\"omschrijving\": \"doel %u\", \"leden\": [\"%s\"],"
                                     " \"hulpvragen\": [\"%s\"], \"reden\": \"start\"}",
                                     i, c.jolanda, need);
      EP_ASSERT_NO_ERROR (ep_plan_put_goal (c.app, &regisseur, c.household, NULL, version, b,
                                            &goals[i], &version, &error),
                          error);
    }
  ck_assert_int_eq (version, 4);

  /* 1,000 attempts over two writers, each read-then-write on its own connection. */
  Writer writers[2];
  GThread *threads[2];
  for (guint t = 0; t < 2; t++)
    {
      writers[t] = (Writer){ .household = c.household,
                             .jolanda = c.jolanda,
                             .need = need,
                             .goals = goals,
                             .seed = 17 + t,
                             .attempts = 500,
                             .won = g_ptr_array_new_with_free_func (g_free) };
      threads[t] = g_thread_new ("writer", writer_run, &writers[t]);
    }
  guint won = 0, stale = 0;
  g_autoptr (GHashTable) versions = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) last_version
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  for (guint t = 0; t < 2; t++)
    {
      g_thread_join (threads[t]);
      ck_assert_msg (writers[t].failure == NULL, "a write failed other than stale: %s",
                     writers[t].failure);
      won += writers[t].won->len;
      stale += writers[t].stale;
      for (guint i = 0; i < writers[t].won->len; i++)
        g_ptr_array_add (all, g_strdup (g_ptr_array_index (writers[t].won, i)));
      g_ptr_array_unref (writers[t].won);
    }
  ck_assert_uint_eq (won + stale, 1000);
  ck_assert_uint_gt (won, 0);

  /* Every successful write is a version of its own, and its change is in that version's
   * document; the last write to each goal is what the plan says now. */
  for (guint i = 0; i < all->len; i++)
    {
      g_auto (GStrv) f = g_strsplit (g_ptr_array_index (all, i), " ", 4);
      gint v = atoi (f[0]);
      ck_assert_msg (!g_hash_table_contains (versions, GINT_TO_POINTER (v)),
                     "version %d was won twice", v);
      g_hash_table_add (versions, GINT_TO_POINTER (v));
      g_autofree gchar *vs = g_strdup_printf ("%d", v);
      const gchar *list = strcmp (f[1], "doel") == 0 ? "doelen" : "afspraken";
      g_autofree gchar *sql = g_strdup_printf (
        "SELECT count(*) FROM plan_version v, jsonb_array_elements (v.document -> '%s') x"
        " WHERE v.plan_id = $1::uuid AND v.version = $2::integer AND v.reden = $4"
        "   AND x ->> 'id' = $3 AND x ->> 'omschrijving' = $4",
        list);
      ck_assert_int_eq (query_int (c.owner, sql, plan_id, vs, f[2], f[3], NULL), 1);
      if (strcmp (f[1], "doel") == 0
          && v > GPOINTER_TO_INT (g_hash_table_lookup (last_version, f[2])))
        {
          g_hash_table_replace (last_version, g_strdup (f[2]), GINT_TO_POINTER (v));
          g_hash_table_replace (last, g_strdup (f[2]), g_strdup (f[3]));
        }
      else if (strcmp (f[1], "afspraak") == 0)
        ck_assert_int_eq (query_int (c.owner,
                                     "SELECT count(*) FROM plan_action WHERE plan_id = $1::uuid"
                                     " AND id = $2::uuid AND omschrijving = $3",
                                     plan_id, f[2], f[3], NULL),
                          1);
    }
  GHashTableIter iter;
  gpointer key, value;
  g_hash_table_iter_init (&iter, last);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree gchar *now
        = query_text (c.owner, "SELECT omschrijving FROM plan_goal WHERE id = $1::uuid", key, NULL);
      ck_assert_str_eq (now, value);
    }
  /* Versions 1..N without a gap: the four before, and one per write won. */
  ck_assert_int_eq (
    query_int (c.owner, "SELECT version FROM plan WHERE id = $1::uuid", plan_id, NULL),
    4 + (gint) won);
  ck_assert_int_eq (query_int (c.owner,
                               "SELECT count(*) FROM plan_version WHERE plan_id = $1::uuid",
                               plan_id, NULL),
                    4 + (gint) won);
  ck_assert_int_eq (query_int (c.owner,
                               "SELECT max(version) - min(version) + 1 FROM plan_version"
                               " WHERE plan_id = $1::uuid",
                               plan_id, NULL),
                    4 + (gint) won);
  for (guint i = 0; i < 3; i++)
    g_free (goals[i]);
}
END_TEST

/* ---- code lists ------------------------------------------------------------------------- */

static const struct
{
  const gchar *fields; /* the action's members besides soort, omschrijving, uitvoerder, reden */
  EpPlanError code;
  const gchar *path;
  const gchar *soort; /* NULL: maatwerkvoorziening */
} action_cases[] = {
  { "\"wet\": \"WMO\", \"productcategorie\": \"19\", \"aanbieder\": \"X\", \"begindatum\":"
    " \"2026-12-07\", \"omvang\": {\"volume\": 1, \"eenheid\": \"01\", \"frequentie\": \"2\"}",
    EP_PLAN_ERROR_UNKNOWN_CODE, "productcategorie" },
  { "\"wet\": \"WMO\", \"productcategorie\": \"45\", \"aanbieder\": \"X\", \"begindatum\":"
    " \"2026-12-07\", \"omvang\": {\"volume\": 1, \"eenheid\": \"01\", \"frequentie\": \"2\"}",
    EP_PLAN_ERROR_UNKNOWN_CODE, "productcategorie" },
  { "\"wet\": \"JW\", \"productcategorie\": \"02\", \"aanbieder\": \"X\", \"begindatum\":"
    " \"2026-12-07\", \"omvang\": {\"volume\": 1, \"eenheid\": \"01\", \"frequentie\": \"2\"}",
    EP_PLAN_ERROR_UNKNOWN_CODE, "productcategorie" },
  { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"X\", \"begindatum\":"
    " \"2026-12-07\", \"omvang\": {\"volume\": 1, \"eenheid\": \"02\", \"frequentie\": \"2\"}",
    EP_PLAN_ERROR_UNKNOWN_CODE, "omvang.eenheid" },
  { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"X\", \"begindatum\":"
    " \"2026-12-07\", \"omvang\": {\"volume\": 1, \"eenheid\": \"01\", \"frequentie\": \"3\"}",
    EP_PLAN_ERROR_UNKNOWN_CODE, "omvang.frequentie" },
  { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"X\", \"begindatum\":"
    " \"2026-12-07\", \"einddatum\": \"2027-01-01\", \"reden_einde\": \"99\","
    " \"omvang\": {\"volume\": 1, \"eenheid\": \"01\", \"frequentie\": \"2\"}",
    EP_PLAN_ERROR_UNKNOWN_CODE, "reden_einde" },
  { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"X\", \"begindatum\":"
    " \"2026-12-07\", \"omvang\": {\"volume\": 1.7, \"eenheid\": \"04\", \"frequentie\": \"2\"}",
    EP_PLAN_ERROR_INVALID_VALUE, "omvang.volume" },
  { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"X\", \"begindatum\":"
    " \"2026-12-07\", \"omvang\": {\"volume\": 1, \"eenheid\": \"01\", \"frequentie\": \"2\","
    " \"prijs\": 3}",
    EP_PLAN_ERROR_UNKNOWN_FIELD, "omvang.prijs" },
  { "\"wet\": \"WMO\", \"productcategorie\": \"02\", \"aanbieder\": \"X\", \"begindatum\":"
    " \"2026-12-07\"",
    EP_PLAN_ERROR_MISSING_FIELD, "omvang" },
  { "\"productcategorie\": \"02\"", EP_PLAN_ERROR_RULE, "productcategorie", "bewoner" },
  /* GEEN is a law's code, but maatwerk is always under a law: refused in C with its path, not
   * only by PostgreSQL's CHECK (which names no path). */
  { "\"wet\": \"GEEN\", \"aanbieder\": \"X\", \"begindatum\": \"2026-12-07\"", EP_PLAN_ERROR_RULE,
    "wet" },
};

START_TEST (test_code_lists)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autofree gchar *plan_id = create_plan (&c);
  gint64 actions = ep_test_db_count (c.owner, "SELECT count(*) FROM plan_action");
  gint64 versions = ep_test_db_count (c.owner, "SELECT count(*) FROM plan_version");
  gint64 audit = ep_test_db_count (c.owner, "SELECT count(*) FROM audit_event");
  g_autoptr (GError) error = NULL;
  const gchar *soort
    = action_cases[_i].soort != NULL ? action_cases[_i].soort : "maatwerkvoorziening";
  g_autoptr (JsonNode) b = body ("{\"soort\": \"%s\", \"omschrijving\": \"Begeleiding\","
                                 " \"uitvoerder\": \"De Linde\", %s, \"reden\": \"Nieuw\"}",
                                 soort, action_cases[_i].fields);
  ck_assert (!ep_plan_put_action (c.app, &regisseur, c.household, NULL, 1, b, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, action_cases[_i].code, action_cases[_i].path);
  ck_assert_int_eq (ep_test_db_count (c.owner, "SELECT count(*) FROM plan_action"), actions);
  ck_assert_int_eq (ep_test_db_count (c.owner, "SELECT count(*) FROM plan_version"), versions);
  ck_assert_int_eq (ep_test_db_count (c.owner, "SELECT count(*) FROM audit_event"), audit);
}
END_TEST

/* ---- who may ---------------------------------------------------------------------------- */

START_TEST (test_who)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) b = body ("{\"regisseur\": \"p.regisseur\", \"aanspreekpunt\":"
                                 " \"p.casemanager\", \"reden\": \"Start\"}");
  /* A case worker creates no plan; a supervisor may. */
  ck_assert (!ep_plan_create (c.app, &case_worker, c.household, b, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_NOT_REGISSEUR, "regisseur");
  g_clear_error (&error);
  /* The named regisseur must have that role. */
  g_autoptr (JsonNode) wrong = body ("{\"regisseur\": \"p.casemanager\", \"aanspreekpunt\":"
                                     " \"p.casemanager\", \"reden\": \"Start\"}");
  ck_assert (!ep_plan_create (c.app, &supervisor, c.household, wrong, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_RULE, "regisseur");
  g_clear_error (&error);
  g_autoptr (JsonNode) admin = body ("{\"regisseur\": \"p.regisseur\", \"aanspreekpunt\":"
                                     " \"p.beheer\", \"reden\": \"Start\"}");
  ck_assert (!ep_plan_create (c.app, &supervisor, c.household, admin, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_RULE, "aanspreekpunt");
  g_clear_error (&error);
  EP_ASSERT_NO_ERROR (ep_plan_create (c.app, &supervisor, c.household, b, NULL, &error), error);
  /* Another regisseur changes it not; the supervisor does. */
  g_autoptr (JsonNode) s = body ("{\"goed_gaat\": \"Veel\", \"reden\": \"Gesprek\"}");
  ck_assert (!ep_plan_set_situation (c.app, &colleague, c.household, 1, s, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_NOT_REGISSEUR, "regisseur");
  g_clear_error (&error);
  EP_ASSERT_NO_ERROR (ep_plan_set_situation (c.app, &supervisor, c.household, 1, s, NULL, &error),
                      error);
  /* Closing: it changes no more; the read finds no active plan. */
  g_autoptr (JsonNode) close = body ("{\"reden\": \"Doelen behaald\"}");
  EP_ASSERT_NO_ERROR (ep_plan_close (c.app, &regisseur, c.household, 2, close, NULL, &error),
                      error);
  ck_assert (!ep_plan_set_situation (c.app, &regisseur, c.household, 3, s, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_CLOSED, "status");
  g_clear_error (&error);
  ck_assert_ptr_null (ep_plan_read (c.app, &case_worker, c.household, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_NOT_FOUND, "household_id");
}
END_TEST

/* ---- the shield, a partner's consent, the werkbak --------------------------------------- */

static const EpDbTxContext partner
  = { .gemeente = EP_TEST_GM_A, .actor_id = "p.partner", .actor_role = "partner" };

/* Shields @c's household (as the supervisor), naming only p.regisseur. */
static void
shield (Case *c)
{
  g_autoptr (GError) error = NULL;
  static const gchar *const named[] = { "p.regisseur", NULL };
  EP_ASSERT_NO_ERROR (ep_shield_household (c->app, &supervisor, c->household,
                                           "Veiligheid van de bewoner", named, NULL, &error),
                      error);
}

/* The access-log rows of @household_id by @actor with @outcome. */
static gint64
access_rows (Case *c, const gchar *actor, const gchar *outcome)
{
  return query_int (c->owner,
                    "SELECT count(*) FROM access_log WHERE gemeente = 'GM0164' AND entity_type ="
                    " 'plan' AND household_id = $1::uuid AND actor_id = $2 AND outcome = $3",
                    c->household, actor, outcome, NULL);
}

/* A shielded household's plan: read only by whom the shield names; a refused read fails with
 * SHIELDED after its access-log row (outcome denied) committed; a refused write changes nothing,
 * whoever asks (a supervisor too), while the named regisseur reads and writes. */
START_TEST (test_shield)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autofree gchar *plan_id = create_plan (&c);
  shield (&c);
  g_autoptr (GError) error = NULL;

  ck_assert_ptr_null (ep_plan_read (c.app, &case_worker, c.household, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_SHIELDED, "household_id");
  g_clear_error (&error);
  ck_assert_int_eq (access_rows (&c, "p.casemanager", "denied"), 1);
  ck_assert_int_eq (access_rows (&c, "p.casemanager", "success"), 0);
  ck_assert_ptr_null (ep_plan_versions (c.app, &case_worker, c.household, NULL, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_SHIELDED, "household_id");
  g_clear_error (&error);
  ck_assert_ptr_null (ep_plan_read_version (c.app, &supervisor, c.household, 1, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_SHIELDED, "household_id");
  g_clear_error (&error);
  ck_assert_int_eq (access_rows (&c, "p.casemanager", "denied"), 2);
  ck_assert_int_eq (access_rows (&c, "p.supervisor", "denied"), 1);

  /* Writes: the supervisor, who may change any plan, is shielded out; nothing is written. */
  gint64 audit = ep_test_db_count (c.owner, "SELECT count(*) FROM audit_event");
  g_autoptr (JsonNode) s = body ("{\"goed_gaat\": \"Veel\", \"reden\": \"Gesprek\"}");
  ck_assert (!ep_plan_set_situation (c.app, &supervisor, c.household, 1, s, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_SHIELDED, "household_id");
  g_clear_error (&error);
  ck_assert_int_eq (
    query_int (c.owner, "SELECT version FROM plan WHERE id = $1::uuid", plan_id, NULL), 1);
  ck_assert_int_eq (ep_test_db_count (c.owner, "SELECT count(*) FROM audit_event"), audit);

  /* The named regisseur: reads (logged as a success) and writes. */
  g_autoptr (JsonNode) plan = read_plan (&c, &regisseur);
  ck_assert_int_eq (version_of (plan), 1);
  ck_assert_int_eq (access_rows (&c, "p.regisseur", "success"), 1);
  gint version = 0;
  EP_ASSERT_NO_ERROR (
    ep_plan_set_situation (c.app, &regisseur, c.household, 1, s, &version, &error), error);
  ck_assert_int_eq (version, 2);
}
END_TEST

/* A read under an emergency access: the access-log row says so and carries the reason (NEN 7513,
 * migration 0008), for a plan read and for a werkbak that shows the plan. */
START_TEST (test_emergency_read)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) b = body ("{\"regisseur\": \"p.regisseur2\", \"aanspreekpunt\":"
                                 " \"p.regisseur2\", \"reden\": \"Start van het gezinsplan\"}");
  g_autofree gchar *plan_id = NULL;
  EP_ASSERT_NO_ERROR (ep_plan_create (c.app, &supervisor, c.household, b, &plan_id, &error), error);
  shield (&c);
  static const gchar reason[] = "Melding van acute onveiligheid, direct handelen";
  g_autoptr (EpEmergencyAccess) access
    = ep_emergency_open (c.app, &colleague, c.household, reason, &error);
  ck_assert_msg (access != NULL, "%s", error ? error->message : "");

  g_autoptr (JsonNode) plan = read_plan (&c, &colleague);
  g_autofree gchar *row = query_text (
    c.owner,
    "SELECT string_agg (emergency::text || '/' || coalesce (emergency_reason, '-'), ',')"
    "  FROM access_log WHERE gemeente = 'GM0164' AND entity_type = 'plan' AND action = 'read'"
    "   AND household_id = $1::uuid AND actor_id = 'p.regisseur2'",
    c.household, NULL);
  g_autofree gchar *want = g_strconcat ("true/", reason, NULL);
  ck_assert_str_eq (row, want);

  g_autoptr (JsonNode) mine = ep_plan_list_mine (c.app, &colleague, NULL, NULL, &error);
  ck_assert_msg (mine != NULL, "%s", error ? error->message : "");
  g_autofree gchar *rows = query_text (
    c.owner,
    "SELECT string_agg (DISTINCT emergency::text || '/' || coalesce (emergency_reason, '-'), ',')"
    "  FROM access_log WHERE gemeente = 'GM0164' AND entity_type = 'plan' AND action = 'read'"
    "   AND household_id = $1::uuid AND actor_id = 'p.regisseur2'",
    c.household, NULL);
  ck_assert_str_eq (rows, want);
}
END_TEST

/* Consents of the household, each a step closer to one that lets the partner read the plan. */
static const struct
{
  const gchar *organisatie;
  const gchar *gegevens;
  const gchar *geldig_tot;  /* SQL */
  const gchar *verleend_op; /* SQL */
  const gchar *ingetrokken; /* SQL */
  gboolean reads;           /* the partner reads the plan once this one is added */
} consents[] = {
  /* none yet: the first read below */
  { "Stichting Test", "{basisgegevens,hulpvragen}", "current_date + 30", "current_date", "NULL",
    FALSE },
  { "Andere Stichting", "{plan}", "current_date + 30", "current_date", "NULL", FALSE },
  { "Stichting Test", "{plan}", "current_date + 30", "current_date - 3", "now ()", FALSE },
  { "Stichting Test", "{plan}", "current_date - 1", "current_date - 30", "NULL", FALSE },
  { "Stichting Test", "{plan}", "current_date + 30", "current_date + 1", "NULL", FALSE },
  { "Stichting Test", "{basisgegevens,plan}", "current_date", "current_date", "NULL", TRUE },
};

/* A partner reads the plan only with a consent in effect today, given to their organisation, that
 * lists plan: not one without plan, of another organisation, revoked, expired or not yet given;
 * without one they are told there is no plan. */
START_TEST (test_partner_consent)
{
  g_auto (Case) c = { 0 };
  case_init (&c);
  ep_test_db_exec (c.owner, "INSERT INTO app_user (gemeente, username, display_name, role,"
                            "                      partner_organisation)"
                            " VALUES ('GM0164', 'p.partner', 'Stichting Test', 'partner',"
                            "         'Stichting Test') ON CONFLICT DO NOTHING");
  g_autofree gchar *plan_id = create_plan (&c);
  g_autoptr (GError) error = NULL;
  ck_assert_ptr_null (ep_plan_read (c.app, &partner, c.household, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_NOT_FOUND, "household_id");
  g_clear_error (&error);
  for (gsize i = 0; i < G_N_ELEMENTS (consents); i++)
    {
      g_autofree gchar *insert = g_strdup_printf (
        "INSERT INTO consent (gemeente, household_id, organisatie, gegevens, doel, geldig_tot,"
        "                     verleend_op, verleend_door, ingetrokken_op, ingetrokken_door)"
        " VALUES ('GM0164', $1::uuid, $2, $3::text[], 'Afstemming', %s, %s, 'p.casemanager',"
        "         %s, CASE WHEN %s IS NULL THEN NULL ELSE 'p.casemanager' END)"
        " RETURNING id",
        consents[i].geldig_tot, consents[i].verleend_op, consents[i].ingetrokken,
        consents[i].ingetrokken);
      g_autofree gchar *id = query_text (c.owner, insert, c.household, consents[i].organisatie,
                                         consents[i].gegevens, NULL);
      g_autoptr (JsonNode) plan = ep_plan_read (c.app, &partner, c.household, &error);
      if (!consents[i].reads)
        {
          ck_assert_msg (plan == NULL, "consent %zu lets the partner read", i);
          ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_NOT_FOUND, "household_id");
          g_clear_error (&error);
          continue;
        }
      ck_assert_msg (plan != NULL, "consent %zu: %s", i, error ? error->message : "");
      ck_assert_str_eq (json_object_get_string_member (json_node_get_object (plan), "id"), plan_id);
    }
  ck_assert_int_eq (access_rows (&c, "p.partner", "success"), 1);
  /* Reading is all a partner does. */
  g_autoptr (JsonNode) s = body ("{\"goed_gaat\": \"Veel\", \"reden\": \"Gesprek\"}");
  ck_assert (!ep_plan_set_situation (c.app, &partner, c.household, 1, s, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_NOT_REGISSEUR, "regisseur");
}
END_TEST

/* Member @name of @item as text (a number's digits). */
static const gchar *
item_text (JsonArray *items, guint i, const gchar *name)
{
  JsonNode *node = json_object_get_member (json_array_get_object_element (items, i), name);
  ck_assert_msg (node != NULL, "item %u has no %s", i, name);
  static gchar number[32];
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, json_node_get_int (node));
      return number;
    }
  return json_node_get_string (node);
}

/* The roles of item @i of @items as compact JSON. Returns: (transfer full). */
static gchar *
roles_of (JsonArray *items, guint i)
{
  return ep_json_to_string (
    json_object_get_member (json_array_get_object_element (items, i), "rollen"), FALSE);
}

/* The werkbak of p.werkbak (a regisseur no other test uses): their plans as regisseur and as
 * aanspreekpunt, oldest first, with their roles and the count of open needs without an open
 * goal; those needs, plan by plan; a shielded household left out until its shield is lifted;
 * pages; one access-log row per plan shown. */
START_TEST (test_werkbak)
{
  g_auto (Case) a = { 0 };
  g_auto (Case) b = { 0 };
  g_auto (Case) shielded = { 0 };
  case_init (&a);
  case_init (&b);
  case_init (&shielded);
  /* In the plan's team, as the supervisor who makes their plans (the team rule). */
  ep_test_db_exec (a.owner,
                   "INSERT INTO app_user (gemeente, username, display_name, role, team_id)"
                   " SELECT 'GM0164', 'p.werkbak', 'Wim Werkbak', 'regisseur', id FROM team"
                   "  WHERE gemeente = 'GM0164' AND naam = 'Plan team A'");
  static const EpDbTxContext werkbak
    = { .gemeente = EP_TEST_GM_A, .actor_id = "p.werkbak", .actor_role = "regisseur" };
  g_autoptr (GError) error = NULL;

  /* Nothing yet. */
  g_autoptr (JsonNode) none = ep_plan_list_mine (a.app, &werkbak, NULL, NULL, &error);
  ck_assert_msg (none != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (json_array_get_length (json_node_get_array (none)), 0);

  g_autoptr (JsonNode) as_both = body ("{\"regisseur\": \"p.werkbak\", \"aanspreekpunt\":"
                                       " \"p.werkbak\", \"reden\": \"Start\"}");
  g_autoptr (JsonNode) as_contact = body ("{\"regisseur\": \"p.regisseur\", \"aanspreekpunt\":"
                                          " \"p.werkbak\", \"reden\": \"Start\"}");
  g_autoptr (JsonNode) as_regisseur = body ("{\"regisseur\": \"p.werkbak\", \"aanspreekpunt\":"
                                            " \"p.casemanager\", \"reden\": \"Start\"}");
  g_autofree gchar *plan_a = NULL, *plan_b = NULL;
  EP_ASSERT_NO_ERROR (ep_plan_create (a.app, &supervisor, a.household, as_both, &plan_a, &error),
                      error);
  EP_ASSERT_NO_ERROR (ep_plan_create (b.app, &supervisor, b.household, as_contact, &plan_b, &error),
                      error);
  EP_ASSERT_NO_ERROR (
    ep_plan_create (shielded.app, &supervisor, shielded.household, as_regisseur, NULL, &error),
    error);
  shield (&shielded);

  /* Plan a: one goal answers its PW and WMO needs. */
  g_autoptr (JsonNode) v1 = read_plan (&a, &werkbak);
  g_autofree gchar *pw = need_of (v1, "PW");
  g_autofree gchar *wmo = need_of (v1, "WMO");
  g_autoptr (JsonNode) goal = body ("{\"omschrijving\": \"Betaald werk\", \"leden\": [\"%s\"],"
                                    " \"hulpvragen\": [\"%s\", \"%s\"], \"reden\": \"Doel\"}",
                                    a.jolanda, pw, wmo);
  EP_ASSERT_NO_ERROR (
    ep_plan_put_goal (a.app, &werkbak, a.household, NULL, 1, goal, NULL, NULL, &error), error);

  gint64 logged = ep_test_db_count (a.owner, "SELECT count(*) FROM access_log WHERE actor_id ="
                                             " 'p.werkbak' AND entity_type = 'plan'");
  g_autofree gchar *next = NULL;
  g_autoptr (JsonNode) mine = ep_plan_list_mine (a.app, &werkbak, NULL, &next, &error);
  ck_assert_msg (mine != NULL, "%s", error ? error->message : "");
  ck_assert_ptr_null (next);
  JsonArray *plans = json_node_get_array (mine);
  ck_assert_int_eq (json_array_get_length (plans), 2);
  ck_assert_str_eq (item_text (plans, 0, "plan_id"), plan_a);
  ck_assert_str_eq (item_text (plans, 0, "household_id"), a.household);
  ck_assert_str_eq (item_text (plans, 0, "version"), "2");
  ck_assert_str_eq (item_text (plans, 0, "regisseur"), "p.werkbak");
  ck_assert_str_eq (item_text (plans, 0, "aanspreekpunt"), "p.werkbak");
  ck_assert_str_eq (item_text (plans, 0, "open_hulpvragen"), "3");
  g_autofree gchar *roles_a = roles_of (plans, 0);
  ck_assert_str_eq (roles_a, "[\"regisseur\",\"aanspreekpunt\"]");
  ck_assert_str_eq (item_text (plans, 1, "plan_id"), plan_b);
  ck_assert_str_eq (item_text (plans, 1, "version"), "1");
  ck_assert_str_eq (item_text (plans, 1, "regisseur"), "p.regisseur");
  ck_assert_str_eq (item_text (plans, 1, "open_hulpvragen"), "5");
  g_autofree gchar *roles_b = roles_of (plans, 1);
  ck_assert_str_eq (roles_b, "[\"aanspreekpunt\"]");
  ck_assert_int_eq (ep_test_db_count (a.owner, "SELECT count(*) FROM access_log WHERE actor_id ="
                                               " 'p.werkbak' AND entity_type = 'plan'"),
                    logged + 2);

  /* The open needs: plan a's three (JW, WGS, GEEN), then plan b's five, a page of 5 at a time. */
  static const gchar *const laws[] = { "JW", "WGS", "GEEN", "PW", "WMO", "JW", "WGS", "GEEN" };
  EpPlanPage page = { .limit = 5 };
  g_autoptr (JsonNode) first = ep_plan_open_needs_mine (a.app, &werkbak, &page, &next, &error);
  ck_assert_msg (first != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (next, "5");
  page.cursor = next;
  g_autofree gchar *after = NULL;
  g_autoptr (JsonNode) second = ep_plan_open_needs_mine (a.app, &werkbak, &page, &after, &error);
  ck_assert_msg (second != NULL, "%s", error ? error->message : "");
  ck_assert_ptr_null (after);
  JsonArray *pages[] = { json_node_get_array (first), json_node_get_array (second) };
  ck_assert_int_eq (json_array_get_length (pages[0]), 5);
  ck_assert_int_eq (json_array_get_length (pages[1]), 3);
  for (guint i = 0; i < G_N_ELEMENTS (laws); i++)
    {
      JsonArray *items = pages[i / 5];
      ck_assert_str_eq (item_text (items, i % 5, "wet"), laws[i]);
      ck_assert_str_eq (item_text (items, i % 5, "plan_id"), i < 3 ? plan_a : plan_b);
      ck_assert_str_eq (item_text (items, i % 5, "lid"), i < 3 ? a.jolanda : b.jolanda);
      ck_assert_str_eq (item_text (items, i % 5, "status"), i == 4 ? "in_behandeling" : "open");
    }

  /* The shield lifted: the third plan is theirs again, newest last. */
  EP_ASSERT_NO_ERROR (
    ep_shield_lift (a.app, &supervisor, shielded.household, "Niet langer nodig", &error), error);
  g_autoptr (JsonNode) all = ep_plan_list_mine (a.app, &werkbak, NULL, NULL, &error);
  ck_assert_msg (all != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (json_array_get_length (json_node_get_array (all)), 3);
  ck_assert_str_eq (item_text (json_node_get_array (all), 2, "household_id"), shielded.household);
  g_autofree gchar *roles_c = roles_of (json_node_get_array (all), 2);
  ck_assert_str_eq (roles_c, "[\"regisseur\"]");

  /* A page too large, a cursor that is none. */
  EpPlanPage too_large = { .limit = EP_PLAN_LIST_MAX_LIMIT + 1 };
  ck_assert_ptr_null (ep_plan_list_mine (a.app, &werkbak, &too_large, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_INVALID_VALUE, "limit");
  g_clear_error (&error);
  EpPlanPage bad_cursor = { .cursor = "vijf" };
  ck_assert_ptr_null (ep_plan_open_needs_mine (a.app, &werkbak, &bad_cursor, NULL, &error));
  ASSERT_PLAN_ERROR (error, EP_PLAN_ERROR_INVALID_VALUE, "cursor");
}
END_TEST

Suite *
ep_test_plan_suite (void)
{
  Suite *suite = suite_create ("plan");
  TCase *sql = tcase_create ("sql");
  tcase_add_test (sql, test_sql_rules);
  suite_add_tcase (suite, sql);
  TCase *library = tcase_create ("library");
  tcase_set_timeout (library, 120);
  tcase_add_test (library, test_jolanda);
  tcase_add_test (library, test_stale);
  tcase_add_test (library, test_who);
  tcase_add_loop_test (library, test_code_lists, 0, G_N_ELEMENTS (action_cases));
  suite_add_tcase (suite, library);
  TCase *access = tcase_create ("access");
  tcase_set_timeout (access, 120);
  tcase_add_test (access, test_shield);
  tcase_add_test (access, test_emergency_read);
  tcase_add_test (access, test_partner_consent);
  tcase_add_test (access, test_werkbak);
  suite_add_tcase (suite, access);
  TCase *concurrency = tcase_create ("concurrency");
  tcase_set_timeout (concurrency, 300);
  tcase_add_test (concurrency, test_interleavings);
  suite_add_tcase (suite, concurrency);
  return suite;
}
