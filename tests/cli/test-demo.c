/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-demo.c: `eenplan demo load` into an empty database (the second cluster main.c starts):
 * the municipalities, users and vindplaatsen of cli/demo.sql and the stories of
 * cli/demo-stories.json, told as the users who would do the work; and a second load that
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
  "marieke.regisseur (regisseur), sanne.casemanager (casemanager), tactus.partner (partner)\n"     \
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

/* Everything the demo writes to, for "nothing changed". */
#define DEMO_COUNTS_SQL                                                                            \
  "SELECT concat_ws(' ', (SELECT count(*) FROM gemeente), (SELECT count(*) FROM app_user),"        \
  "  (SELECT count(*) FROM vindplaats), (SELECT count(*) FROM household),"                         \
  "  (SELECT count(*) FROM person), (SELECT count(*) FROM contact),"                               \
  "  (SELECT count(*) FROM intake), (SELECT count(*) FROM consent),"                               \
  "  (SELECT count(*) FROM audit_event), (SELECT count(*) FROM access_log))"

/* A fault the owner plants: @when_sql (a trigger's condition on NEW) raises on @event of
 * intake, as a crash would stop a load there. */
static void
plant_fault (PGconn *owner, const gchar *event, const gchar *when_sql)
{
  ep_test_db_exec (owner, "CREATE OR REPLACE FUNCTION test_demo_fault () RETURNS trigger"
                          " LANGUAGE plpgsql AS $$ BEGIN"
                          "  RAISE EXCEPTION 'geplande fout';"
                          " END $$");
  g_autofree gchar *create
    = g_strdup_printf ("CREATE OR REPLACE TRIGGER test_demo_fault BEFORE %s ON intake"
                       " FOR EACH ROW WHEN (%s) EXECUTE FUNCTION test_demo_fault ()",
                       event, when_sql);
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
  plant_fault (owner, "UPDATE", "NEW.status = 'finalised'");
  EP_ASSERT_RUN (ep_cli_run (NULL, "demo", "load", NULL), EP_CLI_EXIT_FAILURE,
                 "demogegevens geladen\n" DEMO_USERS_OUT, NULL);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM intake"), 1);
  /* Resumed: story 1 is finalised; story 2's contact is recorded, then its intake fails. */
  plant_fault (owner, "INSERT", "NEW.created_by = 'ahmed.casemanager'");
  EP_ASSERT_RUN (ep_cli_run (NULL, "demo", "load", NULL), EP_CLI_EXIT_FAILURE,
                 "database bevat al gemeenten; demogegevens niet opnieuw geladen\n", NULL);
  ck_assert_int_eq (
    ep_test_db_count (owner, "SELECT count(*) FROM intake WHERE status = 'finalised'"), 1);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM contact"), 2);
  /* Resumed again, without faults: the rest is told, story 2's contact used, not repeated. */
  ep_test_db_exec (owner, "DROP TRIGGER test_demo_fault ON intake");
  EP_ASSERT_RUN (ep_cli_run (NULL, "demo", "load", NULL), EP_CLI_EXIT_OK,
                 "database bevat al gemeenten; demogegevens niet opnieuw geladen\n"
                 "4 intakes van huishoudens in Hengelo geladen, met contacten en auditspoor\n",
                 "");
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM contact"), 4);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM intake i WHERE NOT EXISTS"
                                             " (SELECT FROM contact c WHERE c.id = i.contact_id)"
                                             " AND i.carried_from IS NULL"),
                    0);
  g_autofree gchar *rows = ep_test_query_value (owner, DEMO_ROWS_SQL, NULL);
  ck_assert_str_eq (rows, "GM0153 Enschede, GM0164 Hengelo\n"
                          "8 users\n"
                          "12 vindplaatsen\n"
                          "5 intakes, 2 final, in GM0164\n"
                          "5 intakes created as casemanager,regisseur\n"
                          "2 finalised\n"
                          "2 persons without pseudonym");

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
                    8);
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
    { "GM0164", "ahmed.casemanager" }, { "GM0164", "joost.supervisor" },
    { "GM0164", "marieke.regisseur" }, { "GM0164", "sanne.casemanager" },
    { "GM0164", "tactus.partner" },    { "GM0164", "beheer" },
    { "GM0153", "lotte.casemanager" }, { "GM0153", "beheer" },
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
