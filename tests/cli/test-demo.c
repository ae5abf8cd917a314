/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-demo.c: `eenplan demo load` into an empty database (the second cluster main.c starts):
 * the municipalities, users and vindplaatsen of cli/demo.sql and the stories of
 * cli/demo-stories.json, told as the users who would do the work — the ladder's among them: a
 * request for level 3 waiting for the supervisor, an overdue evaluation — and a second load that
 * refuses, says why, and changes nothing.
 */
#include "cli-suites.h"

#include "ep-password.h"

/* The password README.md and `eenplan demo load` give every demo user. */
#define DEMO_PASSWORD "welkom bij eenplan"

/* What the first load prints after "demogegevens geladen". */
#define DEMO_USERS_OUT                                                                             \
  "Demogebruikers (wachtwoord: " DEMO_PASSWORD "):\n"                                              \
  "  GM0164: ahmed.casemanager (casemanager), beheer (admin), joost.supervisor (supervisor), "     \
  "marieke.regisseur (regisseur), sanne.casemanager (casemanager), tactus.partner (partner), "     \
  "thomas.regisseur (regisseur)\n"                                                                 \
  "  GM0153: beheer (admin), lotte.casemanager (casemanager)\n"

/* What the demo holds, one value per line, read as the owner. */
#define DEMO_ROWS_SQL                                                                              \
  "SELECT concat_ws(E'\\n',"                                                                       \
  "  (SELECT string_agg(gemeente || ' ' || naam, ', ' ORDER BY gemeente) FROM gemeente),"          \
  "  (SELECT count(*) || ' users' FROM app_user),"                                                 \
  "  (SELECT count(*) || ' vindplaatsen' FROM vindplaats),"                                        \
  "  (SELECT count(*) || ' intakes, ' || count(*) FILTER (WHERE status = 'finalised')"             \
  "          || ' final, in ' || string_agg(DISTINCT gemeente, ',') FROM intake),"                 \
  "  (SELECT count(*) || ' intakes created as ' || string_agg(DISTINCT actor_role, ',')"           \
  "     FROM audit_event WHERE action = 'create' AND entity_type = 'intake'),"                     \
  "  (SELECT count(*) || ' finalised' FROM audit_event WHERE action = 'finalise'),"                \
  "  (SELECT count(*) || ' persons without pseudonym' FROM person WHERE bsn_pseudonym IS NULL))"

/* Jolanda's plan (7551AB 12), one value per line, read as the owner. */
#define JOLANDA_PLAN_SQL                                                                           \
  "WITH p AS (SELECT p.* FROM plan p JOIN household h ON h.gemeente = p.gemeente"                  \
  "             AND h.id = p.household_id WHERE h.postcode = '7551AB' AND h.huisnummer = 12)"      \
  " SELECT concat_ws(E'\\n',"                                                                      \
  "  (SELECT status || ', version ' || version || ', aanspreekpunt ' || aanspreekpunt FROM p),"    \
  "  (SELECT 'regie: ' || string_agg(r.regisseur, ', ' ORDER BY r.vanaf) FROM plan_regie r, p"     \
  "    WHERE r.plan_id = p.id),"                                                                   \
  "  (SELECT string_agg(g.position || ' ' || g.omschrijving || ' [' || (SELECT string_agg("        \
  "     DISTINCT pn.wet, ',') FROM plan_goal_need gn JOIN plan_need pn ON pn.gemeente ="           \
  "     gn.gemeente AND pn.id = gn.need_id WHERE gn.goal_id = g.id) || ']', E'\\n'"                \
  "     ORDER BY g.position) FROM plan_goal g, p WHERE g.plan_id = p.id),"                         \
  "  (SELECT string_agg(concat_ws(' ', a.position, a.soort, a.wet, a.productcategorie,"            \
  "     a.volume, a.eenheid, a.frequentie, a.aanbieder, a.uitvoerder, '->',"                       \
  "     (SELECT g.position FROM plan_goal g WHERE g.id = a.goal_id)), E'\\n' ORDER BY a.position)" \
  "     FROM plan_action a, p WHERE a.plan_id = p.id),"                                            \
  "  (SELECT 'agreed: ' || string_agg(v.version || ' ' || v.akkoord_wijze || ' by '"               \
  "     || v.akkoord_door, ', ') FROM plan_version v, p"                                           \
  "    WHERE v.plan_id = p.id AND v.akkoord_datum IS NOT NULL),"                                   \
  "  (SELECT 'open needs without a goal: ' || string_agg(pn.wet, ',') FROM plan_need pn, p"        \
  "    WHERE pn.plan_id = p.id AND NOT EXISTS (SELECT FROM plan_goal_need gn"                      \
  "      WHERE gn.need_id = pn.id)))"

/* The other plans, by address, and who wrote the plans' audit events. */
#define OTHER_PLANS_SQL                                                                            \
  "SELECT concat_ws(E'\\n', (SELECT string_agg(h.postcode || ' ' || h.huisnummer || ': '"          \
  "     || (SELECT string_agg(r.regisseur, ' -> ' ORDER BY r.vanaf, r.tot NULLS LAST)"             \
  "          FROM plan_regie r WHERE r.plan_id = p.id)"                                            \
  "     || ', version ' || p.version || ', agreed ' || coalesce((SELECT max(v.version)::text"      \
  "          FROM plan_version v WHERE v.plan_id = p.id AND v.akkoord_datum IS NOT NULL), '-')"    \
  "     || ', ' || (SELECT string_agg(a.wet || ' ' || a.productcategorie, ', ')"                   \
  "          FROM plan_action a WHERE a.plan_id = p.id AND a.wet IS NOT NULL),"                    \
  "     E'\\n' ORDER BY h.postcode)"                                                               \
  "   FROM plan p JOIN household h ON h.gemeente = p.gemeente AND h.id = p.household_id"           \
  "  WHERE h.postcode <> '7551AB'),"                                                               \
  "  (SELECT 'plan audit events: ' || string_agg(DISTINCT n || ' by ' || actor_id, ', ')"          \
  "     FROM (SELECT actor_id, count(*) OVER (PARTITION BY actor_id) AS n FROM audit_event"        \
  "            WHERE entity_type = 'plan') e))"

/* The ladder in the demo, with days counted from the day of the load (today in the Netherlands):
 * the level requests, and each plan's level and next evaluation. */
#define LADDER_SQL                                                                                 \
  "WITH today AS (SELECT (now () AT TIME ZONE 'Europe/Amsterdam')::date AS d)"                     \
  " SELECT concat_ws(E'\\n',"                                                                      \
  "  (SELECT string_agg(h.postcode || ' ' || h.huisnummer || ': ' || q.van || ' -> ' || q.naar"    \
  "     || ' ' || q.status || ' by ' || q.requested_by || ', ' || q.reden, E'\\n')"                \
  "     FROM plan_level_request q JOIN plan p ON p.gemeente = q.gemeente AND p.id = q.plan_id"     \
  "     JOIN household h ON h.gemeente = p.gemeente AND h.id = p.household_id),"                   \
  "  (SELECT string_agg(h.postcode || ' ' || h.huisnummer || ': niveau ' || p.niveau"              \
  "     || ', volgende evaluatie ' || CASE WHEN p.volgende_evaluatie = (today.d + interval"        \
  "          '3 months')::date THEN 'in three months' ELSE (p.volgende_evaluatie - today.d)"       \
  "          || ' days' END || ', evaluations '"                                                   \
  "     || coalesce((SELECT string_agg((e.datum - today.d) || ' days ' || e.besluit || ' by '"     \
  "          || e.recorded_by, ', ') FROM plan_evaluation e WHERE e.plan_id = p.id), '-'),"        \
  "     E'\\n' ORDER BY h.postcode)"                                                               \
  "     FROM plan p JOIN household h ON h.gemeente = p.gemeente AND h.id = p.household_id, "       \
  "today))"

/* Everything the demo writes to, for "nothing changed". */
#define DEMO_COUNTS_SQL                                                                            \
  "SELECT concat_ws(' ', (SELECT count(*) FROM gemeente), (SELECT count(*) FROM app_user),"        \
  "  (SELECT count(*) FROM vindplaats), (SELECT count(*) FROM household),"                         \
  "  (SELECT count(*) FROM person), (SELECT count(*) FROM contact),"                               \
  "  (SELECT count(*) FROM intake), (SELECT count(*) FROM consent),"                               \
  "  (SELECT count(*) FROM plan), (SELECT count(*) FROM plan_version),"                            \
  "  (SELECT count(*) FROM plan_goal), (SELECT count(*) FROM plan_action),"                        \
  "  (SELECT count(*) FROM plan_regie),"                                                           \
  "  (SELECT count(*) FROM audit_event), (SELECT count(*) FROM access_log))"

/* A fault the owner plants: @when_sql (a trigger's condition on NEW) raises on @event of
 * @table, as a crash would stop a load there. */
static void
plant_fault (PGconn *owner, const gchar *table, const gchar *event, const gchar *when_sql)
{
  ep_test_db_exec (owner, "CREATE OR REPLACE FUNCTION test_demo_fault () RETURNS trigger"
                          " LANGUAGE plpgsql AS $$ BEGIN"
                          "  RAISE EXCEPTION 'geplande fout';"
                          " END $$");
  g_autofree gchar *create
    = g_strdup_printf ("CREATE OR REPLACE TRIGGER test_demo_fault BEFORE %s ON %s"
                       " FOR EACH ROW WHEN (%s) EXECUTE FUNCTION test_demo_fault ()",
                       event, table, when_sql);
  ep_test_db_exec (owner, create);
}

/* A load that stops part-way — after an intake was recorded but before it was finalised, and
 * after a contact was recorded but before its intake — is resumed by the next load where it
 * stopped: in the end every story is told once, with no contact twice. (Before, a load that had
 * told one story never told the others.) */
START_TEST (test_demo_load_once)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_cli_demo_cluster);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM gemeente"), 0);
  ep_cli_use_cluster (ep_cli_demo_cluster);

  /* Story 1 is recorded, then its finalising fails. */
  plant_fault (owner, "intake", "UPDATE", "NEW.status = 'finalised'");
  EP_ASSERT_RUN (ep_cli_run (NULL, "demo", "load", NULL), EP_CLI_EXIT_FAILURE,
                 "demogegevens geladen\n" DEMO_USERS_OUT, NULL);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM intake"), 1);
  /* Resumed: story 1 is finalised; story 2's contact is recorded, then its intake fails. */
  plant_fault (owner, "intake", "INSERT", "NEW.created_by = 'ahmed.casemanager'");
  EP_ASSERT_RUN (ep_cli_run (NULL, "demo", "load", NULL), EP_CLI_EXIT_FAILURE,
                 "database bevat al gemeenten; demogegevens niet opnieuw geladen\n", NULL);
  ck_assert_int_eq (
    ep_test_db_count (owner, "SELECT count(*) FROM intake WHERE status = 'finalised'"), 1);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM contact"), 2);
  /* Resumed again: the intakes are told, story 2's contact used, not repeated; the plans then
   * stop at the Yilmaz family's youth care (JW 45). */
  ep_test_db_exec (owner, "DROP TRIGGER test_demo_fault ON intake");
  plant_fault (owner, "plan_action", "INSERT", "NEW.productcategorie = '45'");
  const EpCliRun *stopped = ep_cli_run (NULL, "demo", "load", NULL);
  EP_ASSERT_RUN (stopped, EP_CLI_EXIT_FAILURE,
                 "database bevat al gemeenten; demogegevens niet opnieuw geladen\n", NULL);
  ck_assert_msg (g_str_has_prefix (stopped->err, "eenplan: kon de demoverhalen niet laden: plan "
                                                 "van verhaal 2: stap 4 (action): "),
                 "%s", stopped->err);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM plan"), 2);
  /* And once more, without faults: the plans are resumed where they stopped. */
  ep_test_db_exec (owner, "DROP TRIGGER test_demo_fault ON plan_action");
  EP_ASSERT_RUN (ep_cli_run (NULL, "demo", "load", NULL), EP_CLI_EXIT_OK,
                 "database bevat al gemeenten; demogegevens niet opnieuw geladen\n"
                 "2 gezinsplannen in Hengelo geladen, met doelen, afspraken, regie en auditspoor\n",
                 "");
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM contact"), 4);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM intake i WHERE NOT EXISTS"
                                             " (SELECT FROM contact c WHERE c.id = i.contact_id)"
                                             " AND i.carried_from IS NULL"),
                    0);
  g_autofree gchar *rows = ep_test_query_value (owner, DEMO_ROWS_SQL, NULL);
  ck_assert_str_eq (rows, "GM0153 Enschede, GM0164 Hengelo\n"
                          "9 users\n"
                          "12 vindplaatsen\n"
                          "5 intakes, 3 final, in GM0164\n"
                          "5 intakes created as casemanager,regisseur\n"
                          "3 finalised\n"
                          "2 persons without pseudonym");

  /* Jolanda's plan: one regisseur (Marieke, also her aanspreekpunt), her four goals — one across
   * PW and WMO — with their laws, the four actions with their codes, version 10 agreed. */
  g_autofree gchar *plan = ep_test_query_value (owner, JOLANDA_PLAN_SQL, NULL);
  ck_assert_str_eq (plan,
                    "actief, version 10, aanspreekpunt marieke.regisseur\n"
                    "regie: marieke.regisseur\n"
                    "0 Jolanda heeft betaald werk [PW]\n"
                    "1 Met begeleiding thuis houdt Jolanda werk en huishouden vol [PW,WMO]\n"
                    "2 Jolanda ziet haar zoon op vaste, nagekomen afspraken [JW]\n"
                    "3 De schulden zijn onder controle, zonder nieuwe achterstanden [WGS]\n"
                    "0 maatwerkvoorziening WMO 02 102 01 2 Zorgaanbieder De Linde Begeleider van "
                    "Zorgaanbieder De Linde -> 1\n"
                    "1 partner Stichting Schuldhulp Twente -> 3\n"
                    "2 netwerk Mark en zijn familie -> 2\n"
                    "3 bewoner Jolanda -> 0\n"
                    "agreed: 10 mondeling by marieke.regisseur\n"
                    "open needs without a goal: GEEN");
  /* The others: the Yilmaz family's handed over to Thomas (JW 45 for Emre), De Boer's agreed;
   * every plan write an audit event by the regisseur who did it. */
  g_autofree gchar *others = ep_test_query_value (owner, OTHER_PLANS_SQL, NULL);
  ck_assert_str_eq (others, "7552BD 7: marieke.regisseur, version 5, agreed 4, WMO 01\n"
                            "7553KL 41: marieke.regisseur -> thomas.regisseur, version 7, agreed "
                            "-, JW 45\n"
                            "plan audit events: 1 by thomas.regisseur, 23 by marieke.regisseur");
  /* The ladder (docs/ladder.md): Thomas's request for level 3 for the Yilmaz family waits for
   * the supervisor; De Boer's plan was evaluated three weeks before the load, and its next
   * evaluation, a week before the load, is overdue; every plan at level 2. */
  g_autofree gchar *ladder = ep_test_query_value (owner, LADDER_SQL, NULL);
  ck_assert_str_eq (ladder,
                    "7553KL 41: 2 -> 3 aangevraagd by thomas.regisseur, Zorg voor Murat, "
                    "mantelzorg en de jeugdhulp voor Emre lopen door elkaar: casusregie "
                    "nodig\n"
                    "7551AB 12: niveau 2, volgende evaluatie in three months, evaluations -\n"
                    "7552BD 7: niveau 2, volgende evaluatie -7 days, evaluations -21 days "
                    "doorgaan by marieke.regisseur\n"
                    "7553KL 41: niveau 2, volgende evaluatie in three months, evaluations -");
  /* As the team's supervisor sees it. */
  g_autofree gchar *yilmaz
    = ep_test_query_value (owner, "SELECT id FROM household WHERE postcode = '7553KL'", NULL);
  g_autofree gchar *de_boer
    = ep_test_query_value (owner, "SELECT id FROM household WHERE postcode = '7552BD'", NULL);
  g_autofree gchar *today = ep_test_query_value (
    owner, "SELECT (now () AT TIME ZONE 'Europe/Amsterdam')::date::text", NULL);
  g_autofree gchar *due = ep_test_query_value (
    owner, "SELECT ((now () AT TIME ZONE 'Europe/Amsterdam')::date - 7)::text", NULL);
  const EpCliRun *pending = ep_cli_run (NULL, "supervise", "pending", "--gemeente", "GM0164",
                                        "--gebruiker", "joost.supervisor", "--json", NULL);
  EP_ASSERT_RUN (pending, EP_CLI_EXIT_OK, NULL, "");
  JsonArray *waiting
    = json_object_get_array_member (json_node_get_object (ep_cli_json (pending)), "aanvragen");
  ck_assert_uint_eq (json_array_get_length (waiting), 1);
  JsonObject *request = json_array_get_object_element (waiting, 0);
  ck_assert_str_eq (json_object_get_string_member (request, "household_id"), yilmaz);
  ck_assert_int_eq (json_object_get_int_member (request, "version"), 7);
  ck_assert_str_eq (json_object_get_string_member (request, "aangevraagd_door"),
                    "thomas.regisseur");
  EP_ASSERT_RUN (ep_cli_run (NULL, "supervise", "overdue", "--gemeente", "GM0164", "--gebruiker",
                             "joost.supervisor", NULL),
                 EP_CLI_EXIT_OK,
                 ep_cli_printf ("Sociaal team Hengelo-Noord op %s: 1 evaluatie te laat\n"
                                "  Marieke Jansen (marieke.regisseur): 1\n"
                                "    huishouden %s (marieke.regisseur): gepland %s, 7 dagen te "
                                "laat (niveau 2)\n",
                                today, de_boer, due),
                 "");

  /* Once is enough: the second load says why it does nothing, and does nothing. */
  g_autofree gchar *counts = ep_test_query_value (owner, DEMO_COUNTS_SQL, NULL);
  EP_ASSERT_RUN (ep_cli_run (NULL, "demo", "load", NULL), EP_CLI_EXIT_OK,
                 "database bevat al gemeenten; demogegevens niet opnieuw geladen\n", "");
  g_autofree gchar *counts_after = ep_test_query_value (owner, DEMO_COUNTS_SQL, NULL);
  ck_assert_str_eq (counts_after, counts);
}
END_TEST

/* Every demo user has the password the load prints: demo.sql's precomputed hash is of it. And a
 * server pointed at a configured database (a configuration file, or EENPLAN_DATABASE_URL) with
 * demo users refuses to start, saying what to do; once they are disabled, it gets past the check
 * (to the audit key given to it, which it reads after). */
START_TEST (test_demo_users)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_cli_demo_cluster);
  ep_cli_use_cluster (ep_cli_demo_cluster);
  /* Loaded by the test before, or now (so that this test also runs alone). */
  ck_assert_int_eq (ep_cli_run (NULL, "demo", "load", NULL)->status, EP_CLI_EXIT_OK);

  g_autofree gchar *hashes = ep_test_query_value (
    owner, "SELECT string_agg(DISTINCT password_hash, ' ') FROM app_user WHERE demo", NULL);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM app_user WHERE demo"
                                             " AND active AND password_hash IS NOT NULL"),
                    9);
  ck_assert_msg (ep_password_verify (DEMO_PASSWORD, hashes), "demo.sql's hash %s is not of \"%s\"",
                 hashes, DEMO_PASSWORD);
  ck_assert (!ep_password_verify ("welkom bij eenplan!", hashes));

  static const gchar *const serve[] = { "serve", "--port", "0", NULL };
  const gchar *refusal
    = "heeft nog actieve demogebruikers, met een wachtwoord dat iedereen kan weten; de webserver "
      "start niet. Zoek ze op met `eenplan user list --gemeente CODE --gebruiker BEHEERDER` "
      "(demo: ja) en schakel ze uit met `eenplan user disable GEBRUIKERSNAAM` (of laad geen "
      "demogegevens in een echte database)\n";
  EP_ASSERT_RUN (
    ep_cli_run_env (NULL, NULL, serve), EP_CLI_EXIT_FAILURE, "",
    ep_cli_printf ("eenplan serve: de database (%s) %s", ep_cli_path ("eenplan.conf"), refusal));
  const gchar *url[]
    = { ep_cli_printf ("EENPLAN_DATABASE_URL=%s", ep_cli_demo_cluster->app_conninfo), NULL };
  EP_ASSERT_RUN (ep_cli_run_env (url, NULL, serve), EP_CLI_EXIT_FAILURE, "",
                 ep_cli_printf ("eenplan serve: de database (EENPLAN_DATABASE_URL) %s", refusal));

  /* As the message says: every demo user disabled, by the demo administrators. */
  static const struct
  {
    const gchar *gemeente, *username;
  } demo_users[] = {
    { "GM0164", "ahmed.casemanager" },
    { "GM0164", "joost.supervisor" },
    { "GM0164", "marieke.regisseur" },
    { "GM0164", "thomas.regisseur" },
    { "GM0164", "sanne.casemanager" },
    { "GM0164", "tactus.partner" },
    { "GM0164", "beheer" },
    { "GM0153", "lotte.casemanager" },
    { "GM0153", "beheer" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      const gchar *as_admin[] = { ep_cli_printf ("EENPLAN_GEMEENTE=%s", demo_users[i].gemeente),
                                  "EENPLAN_GEBRUIKER=beheer", NULL };
      EP_ASSERT_RUN (
        ep_cli_run_env (as_admin, NULL,
                        (const gchar *const[]){ "user", "disable", demo_users[i].username, NULL }),
        EP_CLI_EXIT_OK, NULL, "");
    }
  const gchar *bad_key[] = { ep_cli_printf ("EENPLAN_AUDIT_KEY=%s",
                                            ep_cli_write_file ("not-a-key.pem", "geen sleutel\n")),
                             NULL };
  const EpCliRun *run = ep_cli_run_env (bad_key, NULL, serve);
  ck_assert_int_eq (run->status, EP_CLI_EXIT_FAILURE);
  ck_assert_msg (g_str_has_prefix (run->err, "eenplan: kon de auditsleutel niet lezen"),
                 "stderr: %s", run->err);
}
END_TEST

Suite *
ep_cli_demo_suite (void)
{
  Suite *suite = suite_create ("demo");
  TCase *demo = ep_cli_tcase ("demo");
  tcase_add_test (demo, test_demo_load_once);
  tcase_add_test (demo, test_demo_users);
  suite_add_tcase (suite, demo);
  return suite;
}
