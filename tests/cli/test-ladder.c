/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-ladder.c: `eenplan plan level request|approve|reject`, `eenplan plan evaluate` and
 * `eenplan supervise pending|levels|time|overdue|regie` (docs/ladder.md) with Jolanda's plan: her
 * regisseur asks for level 3, which waits in the supervisor's pending list; a regisseur's
 * decision, a supervisor's decision on their own request (four eyes), a supervisor of another
 * team and a stale version are refused and change nothing; a rejection leaves the level, an
 * approval by another supervisor moves it; an evaluation sets the next date, which a fixed clock
 * (--nu) finds overdue by an exact number of days; the level changes in a period with their
 * counts, the time at each level and regie op regie; the exact words, and --json.
 */
#include "cli-suites.h"

#define REGISSEUR "r.demir"
#define SUPERVISOR "i.kok"
#define SUPERVISOR2 "j.bakker"
#define ELSEWHERE "k.mol"

/* The team's regisseur and two supervisors, a supervisor of another team, and Jolanda's intake
 * finalised by the case worker and her plan made by the regisseur (version 1, level 2). Returns:
 * (transfer none): the household's id. */
static const gchar *
jolanda_plan (void)
{
  g_autoptr (EpDbParams) params = ep_test_params (ep_cli_gemeente (), NULL);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (
    ep_db_exec_command (
      ep_cli_owner (),
      "WITH t AS (INSERT INTO team (gemeente, naam) VALUES ($1, 'Team Noord'), ($1, 'Team Zuid')"
      "           RETURNING id, naam)"
      " INSERT INTO app_user (gemeente, username, display_name, role, team_id)"
      " SELECT $1, u.username, u.naam, u.role, t.id"
      "   FROM (VALUES ('" REGISSEUR "', 'Rana Demir', 'regisseur', 'Team Noord'),"
      "                ('" SUPERVISOR "', 'Iris Kok', 'supervisor', 'Team Noord'),"
      "                ('" SUPERVISOR2 "', 'Joost Bakker', 'supervisor', 'Team Noord'),"
      "                ('" ELSEWHERE "', 'Kees Mol', 'supervisor', 'Team Zuid'))"
      "        AS u (username, naam, role, team) JOIN t ON t.naam = u.team",
      params, "add the team", &error),
    error);
  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "record", ep_cli_fixture_path (), NULL),
                 EP_CLI_EXIT_OK, NULL, "");
  const gchar *intake = ep_cli_value ("SELECT id FROM intake WHERE gemeente = $1", NULL);
  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "finalise", intake, "--versie", "1", NULL),
                 EP_CLI_EXIT_OK, NULL, "");
  const gchar *household = ep_cli_value ("SELECT id FROM household WHERE gemeente = $1", NULL);
  const gchar *env[] = { "EENPLAN_GEBRUIKER=" REGISSEUR, NULL };
  const gchar *const args[]
    = { "plan", "create", household, "--regisseur", REGISSEUR, "--reden", "Start", NULL };
  EP_ASSERT_RUN (ep_cli_run_env (env, NULL, args), EP_CLI_EXIT_OK, NULL, "");
  return household;
}

/* Runs `eenplan ARGS…` as @user. */
static const EpCliRun *
run_as (const gchar *user, const gchar *const *args)
{
  const gchar *env[] = { ep_cli_printf ("EENPLAN_GEBRUIKER=%s", user), NULL };
  return ep_cli_run_env (env, NULL, args);
}

#define AS(user, ...) run_as ((user), (const gchar *const[]){ __VA_ARGS__, NULL })

/* The plan's level, version and requests by status, and the audit events: what a refusal leaves
 * as it was. */
static const gchar *
ladder_state (void)
{
  return ep_cli_value (
    "SELECT concat_ws (' ', p.niveau, p.version,"
    "  (SELECT string_agg (q.status, ',' ORDER BY q.requested_at) FROM plan_level_request q"
    "    WHERE q.gemeente = p.gemeente AND q.plan_id = p.id),"
    "  (SELECT count(*) FROM audit_event a WHERE a.gemeente = p.gemeente))"
    "  FROM plan p WHERE p.gemeente = $1",
    NULL);
}

/* The request waiting, or the one asked last. */
static const gchar *
last_request (void)
{
  return ep_cli_value ("SELECT id FROM plan_level_request WHERE gemeente = $1"
                       " ORDER BY requested_at DESC LIMIT 1",
                       NULL);
}

START_TEST (test_ladder)
{
  const gchar *household = jolanda_plan ();
  ck_assert_str_eq (ladder_state (), "2 1 6");

  /* Level 3 asked by the regisseur: it waits; the plan stays at 2 (version 2). */
  const EpCliRun *asked
    = AS (REGISSEUR, "plan", "level", "request", household, "--naar", "3", "--versie", "1",
          "--reden", "Schulden en jeugdhulp lopen door elkaar");
  const gchar *request = last_request ();
  EP_ASSERT_RUN (asked, EP_CLI_EXIT_OK,
                 ep_cli_printf ("gezinsplan van huishouden %s: niveau 3 aangevraagd (aanvraag %s); "
                                "het wacht op het besluit van een supervisor van het team; nu "
                                "versie 2\n",
                                household, request),
                 "");
  ck_assert_str_eq (ladder_state (), "2 2 aangevraagd 7");

  /* A second request while one waits: refused, naming --naar. */
  EP_ASSERT_RUN (
    AS (REGISSEUR, "plan", "level", "request", household, "--naar", "4", "--versie", "2", "--reden",
        "Nog zwaarder"),
    EP_CLI_EXIT_FAILURE, "",
    "eenplan plan level request: naar: er wacht al een aanvraag op het besluit van een "
    "supervisor\n");

  /* The supervisor's pending list: the request with the plan's version to decide with. */
  const gchar *asked_at = ep_cli_value (
    "SELECT plan_utc (requested_at) FROM plan_level_request WHERE gemeente = $1", NULL);
  EP_ASSERT_RUN (AS (SUPERVISOR, "supervise", "pending"), EP_CLI_EXIT_OK,
                 ep_cli_printf ("Team Noord: 1 aanvraag wacht op een besluit\n"
                                "  huishouden %s (versie 2): niveau 2 → 3\n"
                                "    gevraagd door Rana Demir (r.demir) op %s: \"Schulden en "
                                "jeugdhulp lopen door elkaar\"\n"
                                "    regisseur Rana Demir (r.demir); aanvraag %s\n",
                                household, asked_at, request),
                 "");
  const EpCliRun *pending_json = AS (SUPERVISOR, "supervise", "pending", "--json");
  EP_ASSERT_RUN (pending_json, EP_CLI_EXIT_OK, NULL, "");
  JsonObject *pending = json_node_get_object (ep_cli_json (pending_json));
  ck_assert_str_eq (
    json_object_get_string_member (json_object_get_object_member (pending, "team"), "naam"),
    "Team Noord");
  JsonArray *waiting = json_object_get_array_member (pending, "aanvragen");
  ck_assert_uint_eq (json_array_get_length (waiting), 1);
  ck_assert_str_eq (
    json_object_get_string_member (json_array_get_object_element (waiting, 0), "aanvraag_id"),
    request);
  /* A regisseur sees no supervisor's view. */
  EP_ASSERT_RUN (AS (REGISSEUR, "supervise", "pending"), EP_CLI_EXIT_FAILURE, "", NULL);

  /* Refused, each changing nothing: the regisseur deciding, a supervisor of another team, a
   * stale version. */
  const gchar *before = ladder_state ();
  EP_ASSERT_RUN (AS (REGISSEUR, "plan", "level", "approve", household, "--versie", "2", "--reden",
                     "Akkoord zelf"),
                 EP_CLI_EXIT_FAILURE, "",
                 "eenplan plan level approve: rol: alleen een supervisor beslist over een "
                 "niveau-aanvraag\n");
  EP_ASSERT_RUN (AS (ELSEWHERE, "plan", "level", "approve", household, "--versie", "2", "--reden",
                     "Akkoord van elders"),
                 EP_CLI_EXIT_FAILURE, "",
                 "eenplan plan level approve: team: alleen een supervisor van het team van de "
                 "regisseur wijzigt dit plan\n");
  EP_ASSERT_RUN (
    AS (SUPERVISOR, "plan", "level", "approve", household, "--versie", "1", "--reden", "Akkoord"),
    EP_CLI_EXIT_FAILURE, "",
    ep_cli_printf ("eenplan plan level approve: het plan is intussen gewijzigd: u gaf "
                   "--versie 1, het is nu versie 2; bekijk het opnieuw (eenplan plan "
                   "show %s) en geef die versie\n",
                   household));
  EP_ASSERT_RUN (
    AS (SUPERVISOR, "plan", "level", "approve", household, "--versie", "2"), EP_CLI_EXIT_USAGE, "",
    "eenplan plan level approve: geef --reden, waarom (wordt bewaard bij de versie)\n");
  ck_assert_str_eq (ladder_state (), before);

  /* Rejected with its reason: the plan stays at 2 (version 3). */
  EP_ASSERT_RUN (AS (SUPERVISOR, "plan", "level", "reject", household, "--versie", "2", "--reden",
                     "Eerst de schuldhulp afwachten"),
                 EP_CLI_EXIT_OK,
                 ep_cli_printf ("gezinsplan van huishouden %s: de aanvraag is afgewezen; het plan "
                                "blijft op zijn niveau; nu versie 3\n",
                                household),
                 "");
  ck_assert_str_eq (ladder_state (), "2 3 afgewezen 8");
  EP_ASSERT_RUN (AS (SUPERVISOR, "supervise", "pending"), EP_CLI_EXIT_OK,
                 "Team Noord: 0 aanvragen wachten op een besluit\n", "");

  /* The supervisor asks herself; her own decision is refused (four eyes), another's moves it. */
  EP_ASSERT_RUN (AS (SUPERVISOR, "plan", "level", "request", household, "--naar", "3", "--versie",
                     "3", "--reden", "De schulden lopen toch op", "--json"),
                 EP_CLI_EXIT_OK, NULL, "");
  const gchar *own = last_request ();
  before = ladder_state ();
  ck_assert_str_eq (before, "2 4 afgewezen,aangevraagd 9");
  EP_ASSERT_RUN (
    AS (SUPERVISOR, "plan", "level", "approve", household, "--versie", "4", "--reden", "Akkoord"),
    EP_CLI_EXIT_FAILURE, "",
    "eenplan plan level approve: aanvraag_id: wie de aanvraag deed, beslist er niet over: "
    "een andere supervisor van het team keurt haar goed of wijst haar af (vier ogen)\n");
  ck_assert_str_eq (ladder_state (), before);
  const EpCliRun *approved
    = AS (SUPERVISOR2, "plan", "level", "approve", household, "--versie", "4", "--aanvraag", own,
          "--reden", "Akkoord, casusregie", "--json");
  EP_ASSERT_RUN (approved, EP_CLI_EXIT_OK, NULL, "");
  ck_assert_str_eq (ep_cli_to_text (ep_cli_json (approved)),
                    ep_cli_printf ("{\"household_id\":\"%s\",\"version\":5}", household));
  ck_assert_str_eq (ladder_state (), "3 5 afgewezen,goedgekeurd 10");
  /* Each step in the audit trail with its actor. */
  ck_assert_str_eq (ep_cli_value ("SELECT string_agg (action || ' ' || actor_id, ',' ORDER BY id)"
                                  "  FROM audit_event WHERE gemeente = $1 AND action LIKE"
                                  " 'plan_level%'",
                                  NULL),
                    "plan_level_request r.demir,plan_level_reject i.kok,"
                    "plan_level_request i.kok,plan_level_approve j.bakker");

  /* An evaluation: the goal-less plan continues, the next one on 2027-02-20 (version 6). */
  const EpCliRun *evaluated
    = AS (REGISSEUR, "plan", "evaluate", household, "--versie", "5", "--datum", "2026-11-20",
          "--besluit", "doorgaan", "--volgende", "2027-02-20", "--reden", "Evaluatie november");
  const gchar *evaluation
    = ep_cli_value ("SELECT id FROM plan_evaluation WHERE gemeente = $1", NULL);
  EP_ASSERT_RUN (evaluated, EP_CLI_EXIT_OK,
                 ep_cli_printf ("gezinsplan van huishouden %s: evaluatie %s vastgelegd (besluit: "
                                "doorgaan), volgende evaluatie 2027-02-20; nu versie 6\n",
                                household, evaluation),
                 "");
  /* One refused at its path and option. */
  EP_ASSERT_RUN (
    AS (REGISSEUR, "plan", "evaluate", household, "--versie", "6", "--datum", "2026-11-21",
        "--besluit", "doorgaan", "--volgende", "2026-11-01", "--reden", "Nog een"),
    EP_CLI_EXIT_FAILURE, "",
    "eenplan plan evaluate: volgende_evaluatie (--volgende): moet na de datum van deze "
    "evaluatie liggen\n");

  /* Overdue with a fixed clock: ten days late on 2027-03-02, not yet on 2027-02-20. */
  EP_ASSERT_RUN (AS (SUPERVISOR, "supervise", "overdue", "--nu", "2027-03-02"), EP_CLI_EXIT_OK,
                 ep_cli_printf ("Team Noord op 2027-03-02: 1 evaluatie te laat\n"
                                "  Rana Demir (r.demir): 1\n"
                                "    huishouden %s (r.demir): gepland 2027-02-20, 10 dagen te "
                                "laat (niveau 3)\n",
                                household),
                 "");
  /* --regisseur narrows the list, not the counts. */
  EP_ASSERT_RUN (
    AS (SUPERVISOR, "supervise", "overdue", "--nu", "2027-03-02", "--regisseur", SUPERVISOR2),
    EP_CLI_EXIT_OK,
    "Team Noord op 2027-03-02: 1 evaluatie te laat\n"
    "  Rana Demir (r.demir): 1\n",
    "");
  /* A page: --limit, the next one's cursor on stderr when there is one; a bad page named. */
  EP_ASSERT_RUN (
    AS (SUPERVISOR, "supervise", "overdue", "--nu", "2027-03-02", "--limit", "1", "--cursor", "1"),
    EP_CLI_EXIT_OK,
    "Team Noord op 2027-03-02: 1 evaluatie te laat\n"
    "  Rana Demir (r.demir): 1\n",
    "");
  EP_ASSERT_RUN (AS (SUPERVISOR, "supervise", "overdue", "--limit", "0"), EP_CLI_EXIT_FAILURE, "",
                 "eenplan supervise overdue: limit (--limit): van 1 tot en met 200\n");
  EP_ASSERT_RUN (AS (SUPERVISOR, "supervise", "time", "--van", "2026-01-01", "--limit", "-1"),
                 EP_CLI_EXIT_FAILURE, "",
                 "eenplan supervise time: limit (--limit): van 1 tot en met 200\n");
  EP_ASSERT_RUN (AS (SUPERVISOR, "supervise", "regie", "--van", "2026-01-01", "--cursor", "abc"),
                 EP_CLI_EXIT_FAILURE, "",
                 "eenplan supervise regie: cursor (--cursor): onbekende cursor\n");
  EP_ASSERT_RUN (AS (REGISSEUR, "supervise", "overdue", "--nu", "2027-02-20"), EP_CLI_EXIT_OK,
                 "Uw plannen op 2027-02-20: 0 evaluaties te laat\n", "");
  EP_ASSERT_RUN (AS (SUPERVISOR, "supervise", "overdue", "--nu", "gisteren"), EP_CLI_EXIT_USAGE, "",
                 "eenplan supervise overdue: --nu: geen datum of tijdstip: 'gisteren' "
                 "(JJJJ-MM-DD of JJJJ-MM-DDTUU:MM:SS)\n");

  /* The level changes of today's period (in the Netherlands), with their counts. */
  const gchar *today = ep_cli_value (
    "SELECT (now () AT TIME ZONE 'Europe/Amsterdam')::date::text WHERE $1::text IS NOT NULL", NULL);
  const EpCliRun *levels
    = AS (SUPERVISOR, "supervise", "levels", "--van", today, "--tot", today, "--json");
  EP_ASSERT_RUN (levels, EP_CLI_EXIT_OK, NULL, "");
  JsonObject *changes = json_node_get_object (ep_cli_json (levels));
  ck_assert_int_eq (json_object_get_int_member (changes, "opgeschaald"), 1);
  ck_assert_int_eq (json_object_get_int_member (changes, "afgewezen"), 1);
  ck_assert_int_eq (json_object_get_int_member (changes, "in_afwachting"), 0);
  const gchar *const *lines
    = ep_cli_lines (AS (SUPERVISOR, "supervise", "levels", "--van", today, "--tot", today)->out);
  ck_assert_str_eq (lines[0], ep_cli_printf ("Team Noord, %s t/m %s: 1 opgeschaald, 0 "
                                             "afgeschaald, 1 afgewezen, 0 in afwachting",
                                             today, today));
  ck_assert_msg (
    g_str_has_suffix (lines[1],
                      ep_cli_printf ("  huishouden %s: niveau 2 → 3 (afgewezen)", household)),
    "%s", lines[1]);
  ck_assert_str_eq (lines[2], "    gevraagd door r.demir: \"Schulden en jeugdhulp lopen door "
                              "elkaar\"");
  ck_assert_msg (g_str_has_suffix (lines[3], ": \"Eerst de schuldhulp afwachten\"")
                   && g_str_has_prefix (lines[3], "    besloten door i.kok op "),
                 "%s", lines[3]);
  /* A period without --van, and one backwards. */
  EP_ASSERT_RUN (AS (SUPERVISOR, "supervise", "levels"), EP_CLI_EXIT_USAGE, "",
                 "eenplan supervise levels: geef --van, de eerste dag van de periode "
                 "(JJJJ-MM-DD)\n");
  const EpCliRun *backwards
    = AS (SUPERVISOR, "supervise", "levels", "--van", "2026-12-31", "--tot", "2026-12-01");
  EP_ASSERT_RUN (backwards, EP_CLI_EXIT_FAILURE, "", NULL);
  ck_assert_msg (g_str_has_prefix (backwards->err, "eenplan supervise levels: tot (--tot): "), "%s",
                 backwards->err);

  /* The time at each level and regie op regie: the plan, at 3 now. */
  const EpCliRun *time = AS (SUPERVISOR, "supervise", "time", "--van", today, "--json");
  EP_ASSERT_RUN (time, EP_CLI_EXIT_OK, NULL, "");
  JsonObject *time_view = json_node_get_object (ep_cli_json (time));
  ck_assert_int_eq (json_object_get_int_member (time_view, "aantal"), 1);
  ck_assert (json_object_get_null_member (time_view, "next_cursor"));
  JsonArray *plans = json_object_get_array_member (time_view, "plannen");
  ck_assert_uint_eq (json_array_get_length (plans), 1);
  ck_assert_int_eq (json_object_get_int_member (json_array_get_object_element (plans, 0), "niveau"),
                    3);
  /* The levels of today a change at a time: the first page names the next. */
  const EpCliRun *first_change
    = AS (SUPERVISOR, "supervise", "levels", "--van", today, "--limit", "1");
  EP_ASSERT_RUN (first_change, EP_CLI_EXIT_OK, NULL,
                 "eenplan supervise levels: er zijn er meer; vervolg met --cursor 1\n");
  const EpCliRun *next_json = AS (SUPERVISOR, "supervise", "levels", "--van", today, "--limit", "1",
                                  "--cursor", "1", "--json");
  EP_ASSERT_RUN (next_json, EP_CLI_EXIT_OK, NULL, "");
  JsonObject *next_page = json_node_get_object (ep_cli_json (next_json));
  ck_assert_uint_eq (
    json_array_get_length (json_object_get_array_member (next_page, "wijzigingen")), 1);
  ck_assert_int_eq (json_object_get_int_member (next_page, "aantal"), 2);
  ck_assert (json_object_get_null_member (next_page, "next_cursor"));
  lines = ep_cli_lines (AS (SUPERVISOR, "supervise", "regie", "--van", today)->out);
  ck_assert_str_eq (lines[0],
                    ep_cli_printf ("Team Noord, %s t/m %s (vandaag %s)", today, today, today));
  ck_assert_str_eq (lines[1], ep_cli_printf ("  huishouden %s (actief)", household));
  ck_assert_str_eq (lines[2],
                    ep_cli_printf ("    regie       Rana Demir (r.demir), sinds %s", today));
  ck_assert_str_eq (lines[4], "    evaluatie   volgende 2027-02-20; 0 in de periode, 0 op tijd");
  ck_assert_str_eq (lines[5], "    ladder      1 keer opgeschaald, 0 keer afgeschaald");
}
END_TEST

Suite *
ep_cli_ladder_suite (void)
{
  Suite *suite = suite_create ("ladder");
  TCase *ladder = ep_cli_tcase ("ladder");
  tcase_set_timeout (ladder, 120);
  tcase_add_test (ladder, test_ladder);
  suite_add_tcase (suite, ladder);
  return suite;
}
